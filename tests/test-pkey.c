/* Tests for PkiPKey: generation, properties, loading and dumping of public
 * and private keys (plain, traditional and encrypted), passphrase callbacks,
 * pyOpenSSL's key vectors and interoperability with the `openssl` CLI.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

/* --- small helpers ------------------------------------------------------ */

/* A temporary directory that removes itself (with its files) at scope end. */
typedef gchar TestDir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestDir, pki_test_tmpdir_free)

/* Short names for the tables below. */
#define PEM_ PKI_FILETYPE_PEM
#define DER_ PKI_FILETYPE_ASN1
#define TEXT_ PKI_FILETYPE_TEXT
#define PKCS8_ PKI_KEY_FORMAT_PKCS8
#define TRAD_ PKI_KEY_FORMAT_TRADITIONAL
#define T_RSA PKI_PKEY_TYPE_RSA
#define T_DSA PKI_PKEY_TYPE_DSA
#define T_EC PKI_PKEY_TYPE_EC
#define T_ED25519 PKI_PKEY_TYPE_ED25519
#define T_ED448 PKI_PKEY_TYPE_ED448
#define T_X25519 PKI_PKEY_TYPE_X25519
#define T_X448 PKI_PKEY_TYPE_X448

/* The error a callback reports on its own; it must come back unchanged. */
#define CB_ERROR_DOMAIN G_FILE_ERROR
#define CB_ERROR_CODE G_FILE_ERROR_PERM
#define CB_ERROR_MESSAGE "passphrase prompt cancelled by the test"

typedef struct {
  guint calls;
  gboolean writing;
  GBytes *passphrase;   /* returned (new reference) when not NULL */
  gboolean set_error;   /* return NULL with CB_ERROR_* */
} PassData;

/* For the helpers below: how often the callback is asked is not checked. */
#define ANY_CALLS G_MAXUINT

static GBytes *
pass_cb (gboolean writing, gpointer user_data, GError **error)
{
  PassData *d = user_data;

  d->calls++;
  d->writing = writing;
  if (d->set_error) {
    g_set_error_literal (error, CB_ERROR_DOMAIN, CB_ERROR_CODE, CB_ERROR_MESSAGE);
    return NULL;
  }
  return d->passphrase ? g_bytes_ref (d->passphrase) : NULL;
}

/* @error is the one pass_cb sets with set_error, unchanged. */
static void
assert_cb_error (const GError *error)
{
  g_assert_error (error, CB_ERROR_DOMAIN, CB_ERROR_CODE);
  g_assert_cmpstr (error->message, ==, CB_ERROR_MESSAGE);
}

static gboolean
bytes_has_suffix (GBytes *b, const char *suffix)
{
  gsize len;
  const char *data = g_bytes_get_data (b, &len);
  gsize slen = strlen (suffix);
  return len >= slen && memcmp (data + len - slen, suffix, slen) == 0;
}

#define assert_prefix(b, prefix)                                              \
  G_STMT_START {                                                              \
    if (!bytes_has_prefix ((b), (prefix)))                                    \
      g_error ("%s:%d: expected output starting with \"%s\", got \"%.60s\"",  \
               __FILE__, __LINE__, (prefix),                                  \
               (const char *) g_bytes_get_data ((b), NULL));                  \
  } G_STMT_END

/* An error that must be PKI_ERROR with one of two codes. */
#define assert_error_either(err, c1, c2)                                      \
  G_STMT_START {                                                              \
    g_assert_nonnull (err);                                                   \
    if (!g_error_matches ((err), PKI_ERROR, (c1))                             \
        && !g_error_matches ((err), PKI_ERROR, (c2)))                         \
      g_error ("%s:%d: unexpected error %s #%d: %s", __FILE__, __LINE__,      \
               g_quark_to_string ((err)->domain), (err)->code,                \
               (err)->message);                                               \
  } G_STMT_END

static gchar *
hex_of (GBytes *b)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (b, &len);
  GString *s = g_string_sized_new (len * 2 + 1);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

/* --- libpki calls that must succeed -------------------------------------- */

/* A PEM private key vector; NULL (test skipped) without the vectors. */
static PkiPKey *
vec_private (const char *name)
{
  return pki_test_vector_private (name, PKI_FILETYPE_PEM, NULL);
}

/* For a loop over vectors: vec_private, naming @file in the test log and
 * setting *@path (unless NULL) to its path. */
static PkiPKey *
vec_private_logged (const char *file, gchar **path)
{
  PkiPKey *key = vec_private (file);
  if (key != NULL) {
    g_test_message ("%s", file);
    if (path != NULL)
      *path = pki_test_vector_path (file);
  }
  return key;
}

/* Each of these makes one call and asserts that it succeeded, with the error
 * queue empty. */

static PkiPKey *
generate_ok (PkiPKeyType type, guint bits)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_generate (type, bits, &error);
  return pki_test_assert_ok (key, error);
}

static PkiPKey *
generate_ec_ok (const char *curve)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_generate_ec (curve, &error);
  return pki_test_assert_ok (key, error);
}

static GBytes *
dump_public_ok (PkiPKey *key, PkiFiletype type)
{
  g_autoptr (GError) error = NULL;
  GBytes *b = pki_pkey_dump_public (key, type, &error);
  return pki_test_assert_ok (b, error);
}

/* pki_pkey_dump_private: PKCS#8, not encrypted. */
static GBytes *
dump_private_simple_ok (PkiPKey *key, PkiFiletype type)
{
  g_autoptr (GError) error = NULL;
  GBytes *pem_or_der = pki_pkey_dump_private (key, type, &error);
  return pki_test_assert_ok (pem_or_der, error);
}

static GBytes *
dump_private_ok (PkiPKey *key, PkiFiletype type, PkiKeyFormat format, const char *cipher,
                 const char *passphrase)
{
  g_autoptr (GError) error = NULL;
  GBytes *b = pki_pkey_dump_private_full (key, type, format, cipher, passphrase, &error);
  return pki_test_assert_ok (b, error);
}

static PkiPKey *
load_private_ok (PkiFiletype type, GBytes *data, const char *passphrase)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_load_private (type, PKI_BYTES_ARGS (data), passphrase, &error);
  return pki_test_assert_ok (key, error);
}

static PkiPKey *
load_public_ok (PkiFiletype type, GBytes *data)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_load_public (type, PKI_BYTES_ARGS (data), &error);
  return pki_test_assert_ok (key, error);
}

static GBytes *
fingerprint_ok (PkiPKey *key, const char *digest)
{
  g_autoptr (GError) error = NULL;
  GBytes *fp = pki_pkey_get_fingerprint (key, digest, &error);
  return pki_test_assert_ok (fp, error);
}

static void
assert_check_ok (PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (pki_pkey_check (key, &error));
  pki_assert_queue_empty ();
  g_assert_no_error (error);
}

/* --- libpki calls that must fail ----------------------------------------- */

/* Each asserts that its call fails with PKI_ERROR/@code, the queue empty. */

static void
assert_generate_fails (PkiPKeyType type, guint bits, PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = pki_pkey_generate (type, bits, &error);
  pki_test_assert_fails (key, error, code);
}

/* Loading private keys must also say why. */
static void
assert_load_private_fails (PkiFiletype type, const guint8 *data, gsize len,
                           const char *passphrase, PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = pki_pkey_load_private (type, data, len, passphrase, &error);
  pki_test_assert_fails (key, error, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static void
assert_load_public_fails (PkiFiletype type, const guint8 *data, gsize len, PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = pki_pkey_load_public (type, data, len, &error);
  pki_test_assert_fails (key, error, code);
}

static void
assert_dump_private_fails (PkiPKey *key, PkiFiletype type, PkiKeyFormat format,
                           const char *cipher, const char *passphrase, PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) b = pki_pkey_dump_private_full (key, type, format, cipher, passphrase,
                                                     &error);
  pki_test_assert_fails (b, error, code);
}

/* pki_pkey_dump_private (PKCS#8, not encrypted). */
static void
assert_dump_private_simple_fails (PkiPKey *key, PkiFiletype type, PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) b = pki_pkey_dump_private (key, type, &error);
  pki_test_assert_fails (b, error, code);
}

static void
assert_check_fails (PkiPKey *key, PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_assert_false (pki_pkey_check (key, &error));
  pki_test_assert_error (error, code);
}

/* An input that must not load, as a filetype and bytes. */
typedef struct {
  PkiFiletype type;
  const guint8 *data;
  gsize len;
} BadInput;

/* --- passphrase callbacks ------------------------------------------------ */

/* Loads @data through pass_cb with @d, which must only be asked for reading. */
static PkiPKey *
load_cb (PkiFiletype type, GBytes *data, PassData *d, GError **error)
{
  PkiPKey *key = pki_pkey_load_private_with_callback (type, PKI_BYTES_ARGS (data), pass_cb, d,
                                                      error);
  pki_assert_queue_empty ();
  g_assert_false (d->writing);
  return key;
}

/* Loading @data with pass_cb answering @answer (NULL: no answer, no error)
 * succeeds after asking @calls times. */
static PkiPKey *
load_cb_ok (PkiFiletype type, GBytes *data, GBytes *answer, guint calls)
{
  PassData d = { .passphrase = answer };
  g_autoptr (GError) error = NULL;
  PkiPKey *key = load_cb (type, data, &d, &error);

  if (calls != ANY_CALLS)
    g_assert_cmpuint (d.calls, ==, calls);
  return pki_test_assert_ok (key, error);
}

/* ... fails with PKI_ERROR/@code after asking @calls times. */
static void
assert_load_cb_fails (PkiFiletype type, GBytes *data, GBytes *answer, guint calls,
                      PkiError code)
{
  PassData d = { .passphrase = answer };
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = load_cb (type, data, &d, &error);

  pki_test_assert_fails (key, error, code);
  if (calls != ANY_CALLS)
    g_assert_cmpuint (d.calls, ==, calls);
}

/* Dumps @key through pass_cb with @d, which must only be asked for writing. */
static GBytes *
dump_cb (PkiPKey *key, PkiFiletype type, const char *cipher, PassData *d, GError **error)
{
  GBytes *b = pki_pkey_dump_private_with_callback (key, type, cipher, pass_cb, d, error);
  pki_assert_queue_empty ();
  if (d->calls > 0)
    g_assert_true (d->writing);
  return b;
}

/* Dumping @key with pass_cb answering @answer succeeds after asking once. */
static GBytes *
dump_cb_ok (PkiPKey *key, PkiFiletype type, const char *cipher, GBytes *answer)
{
  PassData d = { .passphrase = answer };
  g_autoptr (GError) error = NULL;
  GBytes *b = dump_cb (key, type, cipher, &d, &error);

  g_assert_cmpuint (d.calls, ==, 1);
  return pki_test_assert_ok (b, error);
}

/* --- comparing keys ------------------------------------------------------ */

/* The public halves of @a and @b are equal, by public_equal and by their
 * SubjectPublicKeyInfo PEM. */
static void
assert_same_public (PkiPKey *a, PkiPKey *b)
{
  g_autoptr (GBytes) pa = dump_public_ok (a, PKI_FILETYPE_PEM);
  g_autoptr (GBytes) pb = dump_public_ok (b, PKI_FILETYPE_PEM);

  g_assert_true (pki_pkey_public_equal (a, b));
  g_assert_true (pki_pkey_public_equal (b, a));
  pki_assert_queue_empty ();
  assert_bytes_equal (pa, pb);
}

/* @data (@type, with @passphrase) loads as a private key with the public
 * half of @key. */
static void
assert_loads_to (PkiFiletype type, GBytes *data, const char *passphrase, PkiPKey *key)
{
  g_autoptr (PkiPKey) back = load_private_ok (type, data, passphrase);
  g_assert_true (pki_pkey_has_private (back));
  assert_same_public (back, key);
}

/* The encrypted @enc (@type) opens with @right, to @key's public half, and
 * neither with @wrong nor without a passphrase. */
static void
assert_opens_only_with (PkiFiletype type, GBytes *enc, const char *right, const char *wrong,
                        PkiPKey *key)
{
  assert_loads_to (type, enc, right, key);
  assert_load_private_fails (type, PKI_BYTES_ARGS (enc), wrong, PKI_ERROR_PASSPHRASE);
  assert_load_private_fails (type, PKI_BYTES_ARGS (enc), NULL, PKI_ERROR_PASSPHRASE);
}

/* @key is a private key of @type and @bits, whose type is called @name and
 * whose curve is @curve (NULL: none), and it passes pki_pkey_check. */
static void
assert_private_key (PkiPKey *key, PkiPKeyType type, guint bits, const char *name,
                    const char *curve)
{
  g_assert_cmpint (pki_pkey_get_key_type (key), ==, type);
  g_assert_cmpuint (pki_pkey_get_bits (key), ==, bits);
  g_assert_cmpstr (pki_pkey_get_type_name (key), ==, name);
  g_assert_cmpstr (pki_pkey_get_curve_name (key), ==, curve);
  g_assert_true (pki_pkey_has_private (key));
  assert_check_ok (key);
}

/* The PEM and DER private dumps of @key load back to it, with a private
 * half; returns the key loaded from DER. */
static PkiPKey *
assert_private_loads_back (PkiPKey *key, GBytes *pem, GBytes *der)
{
  g_autoptr (PkiPKey) from_pem = load_private_ok (PKI_FILETYPE_PEM, pem, NULL);
  PkiPKey *from_der = load_private_ok (PKI_FILETYPE_ASN1, der, NULL);

  assert_same_public (from_pem, key);
  assert_same_public (from_der, key);
  g_assert_true (pki_pkey_has_private (from_der));
  return from_der;
}

/* --- the openssl CLI ----------------------------------------------------- */

/* The digest (hex) `openssl dgst` gives for the DER SubjectPublicKeyInfo
 * of the public key PEM @pub_pem. */
static gchar *
cli_fingerprint (const char *dir, GBytes *pub_pem, const char *digest)
{
  g_autofree gchar *pem = pki_test_write (dir, "fp-pub.pem", pub_pem);
  g_autofree gchar *der = g_build_filename (dir, "fp-pub.der", NULL);
  g_autofree gchar *opt = g_strconcat ("-", digest, NULL);
  g_autoptr (GBytes) out = NULL;
  const char *text, *space;

  PKI_OPENSSL_RUN ("pkey", "-pubin", "-in", pem, "-outform", "DER", "-out", der);
  out = PKI_OPENSSL_OK ("dgst", opt, "-r", der);
  text = g_bytes_get_data (out, NULL);
  g_assert_nonnull (text);
  space = strchr (text, ' ');
  g_assert_nonnull (space);
  return g_ascii_strdown (text, space - text);
}

/* `openssl pkey @action` (such as "-pubout") on the private key in @path:
 * DER when @der, and encrypted when @passin ("pass:...") is not NULL. */
static GBytes *
cli_pkey (const char *path, gboolean der, const char *passin, const char *action)
{
  const char *argv[10];
  guint n = 0;

  argv[n++] = "pkey";
  if (der) {
    argv[n++] = "-inform";
    argv[n++] = "DER";
  }
  argv[n++] = "-in";
  argv[n++] = path;
  if (passin != NULL) {
    argv[n++] = "-passin";
    argv[n++] = passin;
  }
  argv[n++] = action;
  argv[n] = NULL;
  return pki_test_openssl_ok (argv);
}

/* --- boxed type and refcounting ----------------------------------------- */

static void
test_boxed (void)
{
  g_autoptr (PkiPKey) key = generate_ec_ok ("P-256");
  PkiPKey *ref, *copy;
  GType type = pki_pkey_get_type ();
  GEnumClass *klass;

  g_assert_true (G_TYPE_IS_BOXED (type));
  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_PKEY));
  g_assert_cmpstr (g_type_name (type), ==, "PkiPKey");

  ref = pki_pkey_ref (key);
  g_assert_true (ref == key);
  pki_pkey_unref (ref);

  copy = g_boxed_copy (PKI_TYPE_PKEY, key);
  g_assert_true (copy == key);
  g_boxed_free (PKI_TYPE_PKEY, copy);

  /* The key is still alive and usable after the extra references went. */
  g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_EC);
  g_assert_cmpuint (pki_pkey_get_bits (key), ==, 256);

  pki_pkey_unref (NULL);

  /* pyOpenSSL's TYPE_* numbers are OpenSSL NIDs. */
  g_assert_cmpint (PKI_PKEY_TYPE_RSA, ==, 6);
  g_assert_cmpint (PKI_PKEY_TYPE_DSA, ==, 116);
  g_assert_cmpint (PKI_PKEY_TYPE_DH, ==, 28);
  g_assert_cmpint (PKI_PKEY_TYPE_EC, ==, 408);
  g_assert_cmpint (PKI_PKEY_TYPE_ED25519, ==, 1087);
  g_assert_cmpint (PKI_PKEY_TYPE_ED448, ==, 1088);
  g_assert_cmpint (PKI_PKEY_TYPE_X25519, ==, 1034);
  g_assert_cmpint (PKI_PKEY_TYPE_X448, ==, 1035);

  g_assert_true (G_TYPE_IS_ENUM (PKI_TYPE_PKEY_TYPE));
  g_assert_true (G_TYPE_IS_ENUM (PKI_TYPE_KEY_FORMAT));
  klass = g_type_class_ref (PKI_TYPE_PKEY_TYPE);
  g_assert_nonnull (g_enum_get_value (klass, PKI_PKEY_TYPE_ED25519));
  g_assert_nonnull (g_enum_get_value (klass, PKI_PKEY_TYPE_RSA));
  g_type_class_unref (klass);
  klass = g_type_class_ref (PKI_TYPE_KEY_FORMAT);
  g_assert_nonnull (g_enum_get_value (klass, PKI_KEY_FORMAT_TRADITIONAL));
  g_type_class_unref (klass);

  /* A reference keeps the key alive after the first owner lets go. */
  {
    g_autoptr (GBytes) before = dump_public_ok (key, PKI_FILETYPE_ASN1);
    g_autoptr (PkiPKey) kept = pki_pkey_ref (key);
    g_autoptr (GBytes) after = NULL;
    g_clear_pointer (&key, pki_pkey_unref);
    after = dump_public_ok (kept, PKI_FILETYPE_ASN1);
    assert_bytes_equal (after, before);
    g_assert_true (pki_pkey_has_private (kept));
  }
}

static gpointer
thread_func (gpointer data)
{
  PkiPKey *key = data;
  g_autoptr (GBytes) first = dump_public_ok (key, PKI_FILETYPE_PEM);

  for (guint i = 0; i < 200; i++) {
    PkiPKey *r = pki_pkey_ref (key);
    g_autoptr (GBytes) again = dump_public_ok (r, PKI_FILETYPE_ASN1);
    g_assert_cmpuint (g_bytes_get_size (again), >, 0);
    g_assert_true (pki_pkey_public_equal (r, key));
    pki_pkey_unref (r);
  }
  return g_steal_pointer (&first);
}

static void
test_threads (void)
{
  g_autoptr (PkiPKey) key = generate_ec_ok ("P-256");
  g_autoptr (GBytes) expected = dump_public_ok (key, PKI_FILETYPE_PEM);
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("pkey", thread_func, pki_pkey_ref (key));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++) {
    g_autoptr (GBytes) got = g_thread_join (threads[i]);
    assert_bytes_equal (got, expected);
    /* Each thread got its own reference. */
    pki_pkey_unref (key);
  }
  g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_EC);
}

/* --- generation --------------------------------------------------------- */

static void
test_generate_rsa (void)
{
  static const guint bad_bits[] = { 0, 256, 511, 16385, G_MAXUINT };
  g_autoptr (PkiPKey) key = generate_ok (PKI_PKEY_TYPE_RSA, 512);
  g_autoptr (PkiPKey) key2 = generate_ok (PKI_PKEY_TYPE_RSA, 1024);
  g_autoptr (GBytes) text = NULL;

  assert_private_key (key, PKI_PKEY_TYPE_RSA, 512, "RSA", NULL);
  g_assert_cmpint (pki_pkey_get_key_type (key), ==, 6);

  g_assert_cmpuint (pki_pkey_get_bits (key2), ==, 1024);
  assert_check_ok (key2);
  /* Two generated keys differ. */
  g_assert_false (pki_pkey_public_equal (key, key2));
  pki_assert_queue_empty ();

  /* e = 65537 */
  text = dump_public_ok (key2, PKI_FILETYPE_TEXT);
  assert_contains (text, "Exponent: 65537 (0x10001)");

  for (guint i = 0; i < G_N_ELEMENTS (bad_bits); i++)
    assert_generate_fails (PKI_PKEY_TYPE_RSA, bad_bits[i], PKI_ERROR_BAD_INPUT);
}

static void
test_generate_dsa (void)
{
  /* pyOpenSSL 23 made 512-bit DSA keys through the deprecated DSA API;
   * libpki documents the sizes FIPS 186-4 allows, which are all OpenSSL 3's
   * key generation accepts (1024, 2048, 3072), and refuses the others. */
  static const guint bad_bits[] = { 0, 256, 512, 1536 };
  g_autoptr (PkiPKey) key = generate_ok (PKI_PKEY_TYPE_DSA, 1024);

  assert_private_key (key, PKI_PKEY_TYPE_DSA, 1024, "DSA", NULL);
  g_assert_cmpint (pki_pkey_get_key_type (key), ==, 116);

  for (guint i = 0; i < G_N_ELEMENTS (bad_bits); i++)
    assert_generate_fails (PKI_PKEY_TYPE_DSA, bad_bits[i], PKI_ERROR_BAD_INPUT);
}

static void
test_generate_ec_bits (void)
{
  static const struct {
    guint bits;
    const char *curve;
  } cases[] = {
    { 256, "P-256" },
    { 384, "P-384" },
    { 521, "P-521" },
  };
  static const guint bad_bits[] = { 0, 255, 512, 2048 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) key = generate_ok (PKI_PKEY_TYPE_EC, cases[i].bits);

    assert_private_key (key, PKI_PKEY_TYPE_EC, cases[i].bits, "EC", cases[i].curve);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, 408);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad_bits); i++)
    assert_generate_fails (PKI_PKEY_TYPE_EC, bad_bits[i], PKI_ERROR_BAD_INPUT);
}

static void
test_generate_edwards (void)
{
  static const struct {
    PkiPKeyType type;
    guint bits;
    const char *name;
  } cases[] = {
    { PKI_PKEY_TYPE_ED25519, 256, "ED25519" },
    { PKI_PKEY_TYPE_ED448, 456, "ED448" },
    { PKI_PKEY_TYPE_X25519, 253, "X25519" },
    { PKI_PKEY_TYPE_X448, 448, "X448" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) key = generate_ok (cases[i].type, 0);
    g_autoptr (PkiPKey) other = generate_ok (cases[i].type, 0);

    assert_private_key (key, cases[i].type, cases[i].bits, cases[i].name, NULL);
    g_assert_false (pki_pkey_public_equal (key, other));
    pki_assert_queue_empty ();
  }

  /* Their natural size is accepted too. */
  {
    g_autoptr (PkiPKey) ed = generate_ok (PKI_PKEY_TYPE_ED25519, 256);
    g_autoptr (PkiPKey) ed448 = generate_ok (PKI_PKEY_TYPE_ED448, 456);
    g_assert_cmpint (pki_pkey_get_key_type (ed), ==, PKI_PKEY_TYPE_ED25519);
    g_assert_cmpint (pki_pkey_get_key_type (ed448), ==, PKI_PKEY_TYPE_ED448);
  }

  /* Any other size is bad input. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    assert_generate_fails (cases[i].type, 1024, PKI_ERROR_BAD_INPUT);
    assert_generate_fails (cases[i].type, 255, PKI_ERROR_BAD_INPUT);
  }
}

static void
test_generate_unsupported (void)
{
  assert_generate_fails (PKI_PKEY_TYPE_NONE, 0, PKI_ERROR_UNSUPPORTED);
  assert_generate_fails (PKI_PKEY_TYPE_NONE, 2048, PKI_ERROR_UNSUPPORTED);
  assert_generate_fails ((PkiPKeyType) -1, 0, PKI_ERROR_UNSUPPORTED);
  assert_generate_fails ((PkiPKeyType) -1, 1024, PKI_ERROR_UNSUPPORTED);
  assert_generate_fails ((PkiPKeyType) 12345, 1024, PKI_ERROR_UNSUPPORTED);
  assert_generate_fails (PKI_PKEY_TYPE_DH, 2048, PKI_ERROR_UNSUPPORTED);
  assert_generate_fails (PKI_PKEY_TYPE_RSA_PSS, 2048, PKI_ERROR_UNSUPPORTED);
}

static void
test_generate_ec_curves (void)
{
  static const struct {
    const char *in;
    const char *name;
    guint bits;
  } cases[] = {
    { "P-256", "P-256", 256 },
    { "P-384", "P-384", 384 },
    { "P-521", "P-521", 521 },
    { "prime256v1", "P-256", 256 },
    { "secp384r1", "P-384", 384 },
    { "secp521r1", "P-521", 521 },
    { "secp256k1", "secp256k1", 256 },
    { "brainpoolP256r1", "brainpoolP256r1", 256 },
  };
  static const char *const unknown[] = { "nosuchcurve", "this curve was just invented", "",
                                         "X25519", "ED25519" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) key = generate_ec_ok (cases[i].in);
    g_autoptr (PkiPKey) pub = pki_pkey_get_public (key);

    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_EC);
    g_assert_cmpstr (pki_pkey_get_type_name (key), ==, "EC");
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, cases[i].bits);
    g_assert_cmpstr (pki_pkey_get_curve_name (key), ==, cases[i].name);
    assert_check_ok (key);
    /* The public half knows its curve too. */
    g_assert_cmpstr (pki_pkey_get_curve_name (pub), ==, cases[i].name);
    g_assert_cmpuint (pki_pkey_get_bits (pub), ==, cases[i].bits);
    pki_assert_queue_empty ();
  }

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = pki_pkey_generate_ec (unknown[i], &error);
    pki_test_assert_fails (key, error, PKI_ERROR_UNSUPPORTED);
  }
}

/* --- pyOpenSSL's key vectors --------------------------------------------- */

static void
test_vectors_types (void)
{
  static const struct {
    const char *file;
    PkiFiletype filetype;
    const char *passphrase;
    gboolean has_private;   /* FALSE: a public key */
    PkiPKeyType type;
    guint bits;
    const char *name;
    const char *curve;
  } cases[] = {
    { "root_key.pem", PEM_, NULL, TRUE, T_RSA, 3072, "RSA", NULL },
    { "root_key.der", DER_, NULL, TRUE, T_RSA, 3072, "RSA", NULL },
    { "root_key_normalized_ossl3.pem", PEM_, NULL, TRUE, T_RSA, 3072, "RSA", NULL },
    { "intermediate_key.pem", PEM_, NULL, TRUE, T_RSA, 3072, "RSA", NULL },
    { "intermediate_server_key.pem", PEM_, NULL, TRUE, T_RSA, 3072, "RSA", NULL },
    { "server_key.pem", PEM_, NULL, TRUE, T_RSA, 3072, "RSA", NULL },
    { "client_key.pem", PEM_, NULL, TRUE, T_RSA, 3072, "RSA", NULL },
    { "cleartext_private_key.pem", PEM_, NULL, TRUE, T_RSA, 1024, "RSA", NULL },
    { "encrypted_key_foobar.pem", PEM_, "foobar", TRUE, T_RSA, 1024, "RSA", NULL },
    { "rsa_private_key.pem", PEM_, NULL, TRUE, T_RSA, 2048, "RSA", NULL },
    { "large_rsa_key_4200bit.pem", PEM_, NULL, TRUE, T_RSA, 4200, "RSA", NULL },
    { "dsa_private_key.pem", PEM_, NULL, TRUE, T_DSA, 2048, "DSA", NULL },
    { "ec_p256_private_key.pem", PEM_, NULL, TRUE, T_EC, 256, "EC", "P-256" },
    { "ec_root_key_p384.pem", PEM_, NULL, TRUE, T_EC, 384, "EC", "P-384" },
    { "ed25519_private_key.pem", PEM_, NULL, TRUE, T_ED25519, 256, "ED25519", NULL },
    { "ed448_private_key.pem", PEM_, NULL, TRUE, T_ED448, 456, "ED448", NULL },
    { "x25519_private_key.pem", PEM_, NULL, TRUE, T_X25519, 253, "X25519", NULL },
    { "cleartext_public_key.pem", PEM_, NULL, FALSE, T_RSA, 2048, "RSA", NULL },
    { "rsa_public_key.pem", PEM_, NULL, FALSE, T_RSA, 2048, "RSA", NULL },
    { "dsa_public_key.pem", PEM_, NULL, FALSE, T_DSA, 2048, "DSA", NULL },
    { "ec_p256_public_key.pem", PEM_, NULL, FALSE, T_EC, 256, "EC", "P-256" },
    { "ed25519_public_key.pem", PEM_, NULL, FALSE, T_ED25519, 256, "ED25519", NULL },
    { "ed448_public_key.pem", PEM_, NULL, FALSE, T_ED448, 456, "ED448", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) key = cases[i].has_private
                                  ? pki_test_vector_private (cases[i].file, cases[i].filetype,
                                                             cases[i].passphrase)
                                  : pki_test_vector_public (cases[i].file);
    if (key == NULL)
      return;
    g_test_message ("%s", cases[i].file);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, cases[i].type);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, cases[i].bits);
    g_assert_cmpstr (pki_pkey_get_type_name (key), ==, cases[i].name);
    g_assert_cmpstr (pki_pkey_get_curve_name (key), ==, cases[i].curve);
    if (cases[i].has_private)
      g_assert_true (pki_pkey_has_private (key));
    else
      g_assert_false (pki_pkey_has_private (key));
    pki_assert_queue_empty ();
  }

  /* root_key.pem (PKCS#1 PEM) and root_key.der (PKCS#1 DER) are one key. */
  {
    g_autoptr (PkiPKey) pem = vec_private ("root_key.pem");
    g_autoptr (PkiPKey) der = pki_test_vector_private ("root_key.der", PKI_FILETYPE_ASN1, NULL);
    g_autoptr (PkiPKey) other = vec_private ("server_key.pem");
    assert_same_public (pem, der);
    g_assert_false (pki_pkey_public_equal (pem, other));
  }
}

static void
test_vectors_public_parts (void)
{
  static const char *const names[] = { "rsa", "dsa", "ec_p256", "ed25519", "ed448" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autofree gchar *priv_name = g_strdup_printf ("%s_private_key.pem", names[i]);
    g_autofree gchar *pub_name = g_strdup_printf ("%s_public_key.pem", names[i]);
    g_autoptr (PkiPKey) priv = vec_private (priv_name);
    if (priv == NULL)
      return;

    g_test_message ("%s", names[i]);
    g_autoptr (PkiPKey) pub = pki_test_vector_public (pub_name);
    g_autoptr (GBytes) pub_file = pki_test_vector (pub_name);
    g_autoptr (GBytes) dumped = NULL;
    g_autoptr (PkiPKey) derived = NULL;
    g_autoptr (GBytes) dumped_derived = NULL;

    g_assert_true (pki_pkey_public_equal (priv, pub));
    g_assert_true (pki_pkey_public_equal (pub, priv));
    pki_assert_queue_empty ();

    /* The private key's public half dumps to the very bytes of the file. */
    dumped = dump_public_ok (priv, PKI_FILETYPE_PEM);
    assert_bytes_equal (dumped, pub_file);

    derived = pki_pkey_get_public (priv);
    pki_assert_queue_empty ();
    g_assert_nonnull (derived);
    g_assert_true (derived != priv);
    g_assert_false (pki_pkey_has_private (derived));
    g_assert_true (pki_pkey_has_private (priv));
    g_assert_cmpint (pki_pkey_get_key_type (derived), ==, pki_pkey_get_key_type (priv));
    g_assert_cmpuint (pki_pkey_get_bits (derived), ==, pki_pkey_get_bits (priv));
    g_assert_true (pki_pkey_public_equal (derived, pub));
    dumped_derived = dump_public_ok (derived, PKI_FILETYPE_PEM);
    assert_bytes_equal (dumped_derived, pub_file);

    /* A public-only key has no private half to check or dump. */
    assert_check_fails (derived, PKI_ERROR_KEY_TYPE);
    assert_check_fails (pub, PKI_ERROR_KEY_TYPE);
    assert_dump_private_fails (pub, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL, NULL,
                               PKI_ERROR_KEY_TYPE);
  }

  /* Different keys of one type are not equal; nor are keys of different types. */
  {
    g_autoptr (PkiPKey) rsa = vec_private ("rsa_private_key.pem");
    g_autoptr (PkiPKey) rsa_pub = pki_test_vector_public ("cleartext_public_key.pem");
    g_autoptr (PkiPKey) ec = vec_private ("ec_p256_private_key.pem");
    g_autoptr (PkiPKey) ed = vec_private ("ed25519_private_key.pem");
    if (rsa == NULL)
      return;
    g_assert_false (pki_pkey_public_equal (rsa, rsa_pub));
    g_assert_false (pki_pkey_public_equal (rsa, ec));
    g_assert_false (pki_pkey_public_equal (ec, ed));
    g_assert_true (pki_pkey_public_equal (ed, ed));
    pki_assert_queue_empty ();
  }
}

/* dump_privatekey(PEM) on OpenSSL 3 gives the *_normalized_ossl3.pem bytes;
 * traditional DER of root_key is root_key.der. */
static void
test_vectors_normalized (void)
{
  static const struct {
    const char *key;
    const char *normalized;
  } cases[] = {
    { "root_key.pem", "root_key_normalized_ossl3.pem" },
    { "server_key.pem", "server_key_normalized_ossl3.pem" },
    { "client_key.pem", "client_key_normalized_ossl3.pem" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) key = vec_private (cases[i].key);
    if (key == NULL)
      return;

    g_autoptr (GBytes) expected = pki_test_vector (cases[i].normalized);
    g_autoptr (GBytes) pem = dump_private_simple_ok (key, PKI_FILETYPE_PEM);
    assert_bytes_equal (pem, expected);
  }

  {
    g_autoptr (PkiPKey) key = vec_private ("root_key.pem");
    g_autoptr (GBytes) der_file = pki_test_vector ("root_key.der");
    g_autoptr (GBytes) pem_file = pki_test_vector ("root_key.pem");
    g_autoptr (GBytes) der = NULL;
    g_autoptr (GBytes) pem = NULL;

    if (key == NULL)
      return;
    der = dump_private_ok (key, PKI_FILETYPE_ASN1, PKI_KEY_FORMAT_TRADITIONAL, NULL, NULL);
    assert_bytes_equal (der, der_file);
    /* root_key.pem is OpenSSL's own PKCS#1 PEM of the same key. */
    pem = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_TRADITIONAL, NULL, NULL);
    assert_bytes_equal (pem, pem_file);
  }
}

/* --- check --------------------------------------------------------------- */

static void
test_check (void)
{
  static const char *const good[] = {
    "root_key.pem", "cleartext_private_key.pem", "large_rsa_key_4200bit.pem",
    "dsa_private_key.pem", "ec_p256_private_key.pem", "ec_root_key_p384.pem",
    "ed25519_private_key.pem", "ed448_private_key.pem", "x25519_private_key.pem",
  };
  static const struct {
    const char *file;
    const char *reason;
  } broken[] = {
    { "inconsistent_rsa_key.pem", "d e not congruent to 1" },
    { "rsa_p_not_prime.pem", "p not prime" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++) {
    g_autoptr (PkiPKey) key = vec_private_logged (good[i], NULL);
    if (key == NULL)
      return;
    assert_check_ok (key);
  }

  {
    g_autoptr (PkiPKey) x448 = generate_ok (PKI_PKEY_TYPE_X448, 0);
    assert_check_ok (x448);
  }

  /* pyOpenSSL accepts an error from either the load or the check. */
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++) {
    g_autoptr (GBytes) data = pki_test_vector (broken[i].file);
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = NULL;

    if (data == NULL)
      return;
    g_test_message ("%s", broken[i].file);
    key = pki_pkey_load_private (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (data), NULL, &error);
    pki_assert_queue_empty ();
    if (key == NULL) {
      g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
      g_test_message ("refused at load: %s", error->message);
      continue;
    }
    g_assert_no_error (error);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_RSA);
    g_assert_false (pki_pkey_check (key, &error));
    pki_test_assert_error (error, PKI_ERROR_INVALID_KEY);
    g_test_message ("refused by check: %s", error->message);
    if (strstr (error->message, broken[i].reason) == NULL)
      g_error ("check error \"%s\" lacks OpenSSL's reason \"%s\"", error->message,
               broken[i].reason);
  }

  {
    g_autoptr (PkiPKey) pub = pki_test_vector_public ("cleartext_public_key.pem");
    if (pub == NULL)
      return;
    assert_check_fails (pub, PKI_ERROR_KEY_TYPE);
  }
}

/* --- fingerprints -------------------------------------------------------- */

static void
test_fingerprint (void)
{
  static const char *const files[] = {
    "rsa_private_key.pem", "dsa_private_key.pem", "ec_p256_private_key.pem",
    "ed25519_private_key.pem", "ed448_private_key.pem", "x25519_private_key.pem",
  };
  static const struct {
    const char *digest;
    gsize len;
  } digests[] = {
    { "sha256", 32 },
    { "sha1", 20 },
    { "sha512", 64 },
    { "sha3-256", 32 },
    { "md5", 16 },
  };
  static const char *const unknown[] = { "monkeys", "" };
  g_autoptr (TestDir) dir = pki_test_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autoptr (PkiPKey) key = vec_private_logged (files[i], NULL);
    if (key == NULL)
      return;

    g_autoptr (PkiPKey) pub = pki_pkey_get_public (key);
    g_autoptr (GBytes) pem = dump_public_ok (key, PKI_FILETYPE_PEM);
    g_autoptr (GBytes) fp_default = fingerprint_ok (key, NULL);
    g_autoptr (GBytes) fp_upper = NULL;

    g_assert_cmpuint (g_bytes_get_size (fp_default), ==, 32);

    for (guint j = 0; j < G_N_ELEMENTS (digests); j++) {
      g_autoptr (GBytes) fp = fingerprint_ok (key, digests[j].digest);
      g_autoptr (GBytes) fp_pub = NULL;
      g_autofree gchar *hex = hex_of (fp);
      g_autofree gchar *expected = cli_fingerprint (dir, pem, digests[j].digest);

      g_assert_cmpuint (g_bytes_get_size (fp), ==, digests[j].len);
      g_assert_cmpstr (hex, ==, expected);

      /* The public half has the same fingerprint. */
      fp_pub = fingerprint_ok (pub, digests[j].digest);
      assert_bytes_equal (fp_pub, fp);

      if (j == 0)
        assert_bytes_equal (fp_default, fp);
    }

    /* Digest names are case-insensitive, as OpenSSL's are. */
    fp_upper = fingerprint_ok (key, "SHA256");
    assert_bytes_equal (fp_upper, fp_default);

    for (guint j = 0; j < G_N_ELEMENTS (unknown); j++) {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) fp = pki_pkey_get_fingerprint (key, unknown[j], &error);
      pki_test_assert_fails (fp, error, PKI_ERROR_UNSUPPORTED);
    }
  }
}

/* --- loading private keys ------------------------------------------------ */

static void
test_load_private_formats (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (PkiPKey) rsa = vec_private ("cleartext_private_key.pem");
  if (rsa == NULL)
    return;

  g_autoptr (PkiPKey) dsa = vec_private ("dsa_private_key.pem");
  g_autoptr (PkiPKey) ec = vec_private ("ec_root_key_p384.pem");
  g_autoptr (GBytes) pkcs8_der = NULL;

  /* PKCS#8 DER made by the CLI. */
  {
    g_autofree gchar *in = pki_test_vector_path ("cleartext_private_key.pem");
    pkcs8_der = PKI_OPENSSL_OUT (dir, "p8.der", "pkcs8", "-topk8", "-nocrypt", "-in", in,
                                 "-outform", "DER");
    assert_loads_to (PKI_FILETYPE_ASN1, pkcs8_der, NULL, rsa);
  }

  /* Traditional DSA ("BEGIN DSA PRIVATE KEY") and SEC1 DER. */
  {
    g_autofree gchar *in = pki_test_vector_path ("dsa_private_key.pem");
    g_autoptr (GBytes) trad = PKI_OPENSSL_OK ("pkey", "-in", in, "-traditional");
    g_autoptr (PkiPKey) key = NULL;
    assert_prefix (trad, "-----BEGIN DSA PRIVATE KEY-----");
    key = load_private_ok (PKI_FILETYPE_PEM, trad, NULL);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_DSA);
    assert_same_public (key, dsa);
  }
  {
    g_autofree gchar *in = pki_test_vector_path ("ec_root_key_p384.pem");
    g_autoptr (GBytes) der = PKI_OPENSSL_OUT (dir, "sec1.der", "ec", "-in", in, "-outform", "DER");
    g_autoptr (PkiPKey) key = load_private_ok (PKI_FILETYPE_ASN1, der, NULL);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_EC);
    g_assert_cmpstr (pki_pkey_get_curve_name (key), ==, "P-384");
    assert_same_public (key, ec);
  }

  /* Legacy PEM encryption (Proc-Type/DEK-Info, DES-EDE3-CBC). */
  {
    g_autoptr (PkiPKey) key = pki_test_vector_private ("encrypted_key_foobar.pem",
                                                       PKI_FILETYPE_PEM, "foobar");
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_RSA);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, 1024);
    g_assert_true (pki_pkey_has_private (key));
  }

  /* A passphrase given for an unencrypted key is not needed and harmless. */
  {
    g_autoptr (GBytes) pem = pki_test_vector ("cleartext_private_key.pem");
    assert_loads_to (PKI_FILETYPE_PEM, pem, "unused", rsa);
    assert_loads_to (PKI_FILETYPE_ASN1, pkcs8_der, "unused", rsa);
  }

  /* Text before the PEM block, as `openssl pkcs12 -nodes` writes
   * ("Bag Attributes", "Key Attributes"), is skipped. */
  {
    g_autofree gchar *p12 = pki_test_vector_path ("p12_client_whatever_ossl3default.p12");
    g_autoptr (GBytes) out = PKI_OPENSSL_OK ("pkcs12", "-in", p12, "-nodes", "-nocerts",
                                             "-passin", "pass:whatever");
    g_autoptr (PkiPKey) client = vec_private ("client_key.pem");
    assert_prefix (out, "Bag Attributes");
    assert_loads_to (PKI_FILETYPE_PEM, out, NULL, client);
  }

  /* Trailing data after the PEM block (a certificate) is ignored. */
  {
    g_autoptr (GBytes) pem = pki_test_vector ("root_key.pem");
    g_autoptr (GBytes) cert = pki_test_vector ("root_cert.pem");
    g_autoptr (GBytes) joined = pki_test_bytes_join (pem, cert);
    g_autoptr (PkiPKey) root = vec_private ("root_key.pem");
    assert_loads_to (PKI_FILETYPE_PEM, joined, NULL, root);
  }
}

static void
test_load_private_passphrase_errors (void)
{
  static const char *const wrong[] = { NULL, "quack", "", "fooba", "foobarfoobar" };
  /* Encrypted PKCS#8, and how much to cut off the end to break it. */
  static const struct {
    PkiFiletype type;
    gsize cut;
  } forms[] = {
    { PKI_FILETYPE_PEM, 40 },
    { PKI_FILETYPE_ASN1, 1 },
  };
  g_autoptr (GBytes) enc = pki_test_vector ("encrypted_key_foobar.pem");
  g_autoptr (PkiPKey) key = NULL;

  if (enc == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), wrong[i],
                               PKI_ERROR_PASSPHRASE);

  key = vec_private ("ec_p256_private_key.pem");
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++) {
    PkiFiletype type = forms[i].type;
    g_autoptr (GBytes) p8 = dump_private_ok (key, type, PKI_KEY_FORMAT_PKCS8, NULL, "right");
    gsize len;
    const guint8 *data = g_bytes_get_data (p8, &len);

    assert_opens_only_with (type, p8, "right", "wrong", key);
    /* Truncated encrypted keys are bad input even with the right passphrase. */
    assert_load_private_fails (type, data, len / 2, "right", PKI_ERROR_BAD_INPUT);
    assert_load_private_fails (type, data, len - forms[i].cut, "right", PKI_ERROR_BAD_INPUT);
  }
}

static void
test_load_private_bad_input (void)
{
  static const char garbage[] = "fruit loops";
  static const guint8 junk_der[] = { 0x30, 0x82, 0xff, 0xff, 0x02, 0x01, 0x00 };
  g_autoptr (GBytes) garbage_bytes = g_bytes_new_static (garbage, strlen (garbage));
  g_autoptr (GBytes) pem = pki_test_vector ("cleartext_private_key.pem");
  if (pem == NULL)
    return;

  g_autoptr (GBytes) pub = pki_test_vector ("cleartext_public_key.pem");
  g_autoptr (GBytes) cert = pki_test_vector ("root_cert.pem");
  g_autoptr (GBytes) dh = pki_test_vector ("dhparam_2048.pem");
  g_autoptr (PkiPKey) key = load_private_ok (PKI_FILETYPE_PEM, pem, NULL);
  g_autoptr (PkiPKey) pk = load_public_ok (PKI_FILETYPE_PEM, pub);
  g_autoptr (GBytes) der = dump_private_simple_ok (key, PKI_FILETYPE_ASN1);
  g_autoptr (GBytes) pub_der = dump_public_ok (pk, PKI_FILETYPE_ASN1);

  {
    gsize len = g_bytes_get_size (pem);
    gsize der_len = g_bytes_get_size (der);
    const BadInput cases[] = {
      /* TEXT cannot be loaded; unknown filetype values are bad input. */
      { PKI_FILETYPE_TEXT, PKI_BYTES_ARGS (pem) },
      { (PkiFiletype) 100, PKI_BYTES_ARGS (pem) },
      { (PkiFiletype) 0, PKI_BYTES_ARGS (pem) },
      /* PEM bytes are not DER, and DER bytes are not PEM. */
      { PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (pem) },
      { PKI_FILETYPE_PEM, PKI_BYTES_ARGS (der) },
      /* Empty, truncated, garbage. */
      { PKI_FILETYPE_PEM, (const guint8 *) "", 0 },
      { PKI_FILETYPE_ASN1, (const guint8 *) "", 0 },
      { PKI_FILETYPE_PEM, g_bytes_get_data (pem, NULL), len / 2 },
      { PKI_FILETYPE_PEM, g_bytes_get_data (pem, NULL), 27 },
      { PKI_FILETYPE_ASN1, g_bytes_get_data (der, NULL), der_len / 2 },
      { PKI_FILETYPE_ASN1, g_bytes_get_data (der, NULL), der_len - 1 },
      { PKI_FILETYPE_PEM, PKI_BYTES_ARGS (garbage_bytes) },
      { PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (garbage_bytes) },
      { PKI_FILETYPE_ASN1, junk_der, sizeof junk_der },
      /* Wrong kinds of PEM: a public key, a certificate, DH parameters. */
      { PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pub) },
      { PKI_FILETYPE_PEM, PKI_BYTES_ARGS (cert) },
      { PKI_FILETYPE_PEM, PKI_BYTES_ARGS (dh) },
      /* A public key's DER is not a private key either. */
      { PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (pub_der) },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      assert_load_private_fails (cases[i].type, cases[i].data, cases[i].len, NULL,
                                 PKI_ERROR_BAD_INPUT);
  }
  /* A garbage load with a passphrase is still bad input, not a passphrase problem. */
  assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (garbage_bytes), "foobar",
                             PKI_ERROR_BAD_INPUT);
  /* The same bad inputs through the callback API: the callback is not asked. */
  assert_load_cb_fails (PKI_FILETYPE_PEM, garbage_bytes, NULL, 0, PKI_ERROR_BAD_INPUT);
}

static void
test_load_private_callback (void)
{
  g_autoptr (GBytes) enc = pki_test_vector ("encrypted_key_foobar.pem");
  g_autoptr (GBytes) clear = NULL;
  g_autoptr (GBytes) foobar = g_bytes_new_static ("foobar", 6);
  g_autoptr (GBytes) quack = g_bytes_new_static ("quack", 5);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);

  if (enc == NULL)
    return;
  clear = pki_test_vector ("cleartext_private_key.pem");

  /* Called exactly once, for reading. */
  {
    g_autoptr (PkiPKey) key = load_cb_ok (PKI_FILETYPE_PEM, enc, foobar, 1);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_RSA);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, 1024);
  }
  /* Never called for an unencrypted key, PEM or DER. */
  {
    g_autoptr (PkiPKey) key = load_cb_ok (PKI_FILETYPE_PEM, clear, foobar, 0);
    g_autoptr (GBytes) der = dump_private_simple_ok (key, PKI_FILETYPE_ASN1);
    pki_pkey_unref (load_cb_ok (PKI_FILETYPE_ASN1, der, foobar, 0));
  }
  /* A wrong passphrase; an empty one, which is just a wrong one; NULL
   * without an error: asked once, then PASSPHRASE. */
  assert_load_cb_fails (PKI_FILETYPE_PEM, enc, quack, 1, PKI_ERROR_PASSPHRASE);
  assert_load_cb_fails (PKI_FILETYPE_PEM, enc, empty, 1, PKI_ERROR_PASSPHRASE);
  assert_load_cb_fails (PKI_FILETYPE_PEM, enc, NULL, 1, PKI_ERROR_PASSPHRASE);
  /* NULL with the callback's own error: that error, unchanged. */
  {
    PassData d = { .passphrase = foobar, .set_error = TRUE };
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = load_cb (PKI_FILETYPE_PEM, enc, &d, &error);
    g_assert_null (key);
    assert_cb_error (error);
    g_assert_cmpuint (d.calls, ==, 1);
  }
  /* No callback at all (func is nullable): an encrypted key needs one... */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), NULL, NULL, &error);
    pki_test_assert_fails (key, error, PKI_ERROR_PASSPHRASE);
  }
  /* ... an unencrypted one does not. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_PEM, PKI_BYTES_ARGS (clear), NULL, NULL, &error);
    pki_test_assert_ok (key, error);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, 1024);
  }
  /* Encrypted PKCS#8 DER through the callback. */
  {
    g_autoptr (PkiPKey) key = vec_private ("ed25519_private_key.pem");
    g_autoptr (GBytes) der = dump_private_ok (key, PKI_FILETYPE_ASN1, PKI_KEY_FORMAT_PKCS8,
                                              NULL, "foobar");
    g_autoptr (PkiPKey) back = load_cb_ok (PKI_FILETYPE_ASN1, der, foobar, 1);
    assert_same_public (back, key);
  }
}

/* --- passphrase edge cases ---------------------------------------------- */

static void
test_passphrase_nul (void)
{
  g_autoptr (PkiPKey) key = generate_ec_ok ("P-256");
  g_autoptr (GBytes) nul = g_bytes_new_static ("foo\0bar", 7);
  g_autoptr (GBytes) foo = g_bytes_new_static ("foo", 3);
  const PkiFiletype types[] = { PKI_FILETYPE_PEM, PKI_FILETYPE_ASN1 };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++) {
    g_autoptr (GBytes) dumped = dump_cb_ok (key, types[i], NULL, nul);
    g_autoptr (PkiPKey) back = NULL;

    if (types[i] == PKI_FILETYPE_PEM)
      assert_prefix (dumped, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n");

    /* The full 7 bytes load it. */
    back = load_cb_ok (types[i], dumped, nul, 1);
    assert_same_public (back, key);
    /* "foo" (the part before the NUL) does not, as a string or as bytes. */
    assert_load_private_fails (types[i], PKI_BYTES_ARGS (dumped), "foo", PKI_ERROR_PASSPHRASE);
    assert_load_cb_fails (types[i], dumped, foo, 1, PKI_ERROR_PASSPHRASE);
  }

  /* The other direction: encrypted with "foo", "foo\0bar" must not open it. */
  {
    g_autoptr (GBytes) dumped = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                                 NULL, "foo");
    g_autoptr (PkiPKey) back = NULL;

    assert_load_cb_fails (PKI_FILETYPE_PEM, dumped, nul, 1, PKI_ERROR_PASSPHRASE);
    back = load_cb_ok (PKI_FILETYPE_PEM, dumped, foo, ANY_CALLS);
    assert_same_public (back, key);
  }
}

static GBytes *
long_passphrase (gsize len)
{
  gchar *p = g_malloc (len + 1);
  for (gsize i = 0; i < len; i++)
    p[i] = 'a' + (i * 7 + i / 26) % 26;
  p[len] = '\0';
  /* The NUL is not part of the passphrase. */
  return g_bytes_new_with_free_func (p, len, g_free, p);
}

/* "pass:" and @pass, for the openssl CLI's -passin and -passout. */
static gchar *
pass_arg (GBytes *pass)
{
  return g_strdup_printf ("pass:%.*s", (int) g_bytes_get_size (pass),
                          (const char *) g_bytes_get_data (pass, NULL));
}

/* @back, loaded with a long passphrase, is @key; or NULL with a clean error,
 * which this clears. */
static void
assert_same_or_refused (PkiPKey *back, GError **error, PkiPKey *key, const char *what)
{
  if (back == NULL) {
    assert_error_either (*error, PKI_ERROR_BAD_INPUT, PKI_ERROR_PASSPHRASE);
    g_test_message ("%s refused: %s", what, (*error)->message);
    g_clear_error (error);
  } else {
    g_assert_no_error (*error);
    assert_same_public (back, key);
  }
}

/* A long passphrase either works in full, or is refused cleanly; never is
 * it silently cut to 1024 bytes. */
static void
test_passphrase_long (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (PkiPKey) key = generate_ec_ok ("P-256");
  g_autoptr (GBytes) clear = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL,
                                              NULL);
  g_autofree gchar *clear_path = pki_test_write (dir, "clear.pem", clear);
  const gsize sizes[] = { 1024, 1025, 2000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
    g_autoptr (GBytes) pass = long_passphrase (sizes[i]);
    g_autoptr (GBytes) prefix = g_bytes_new_from_bytes (pass, 0, 1024 - (sizes[i] == 1024));
    PassData w = { .passphrase = pass };
    PassData r = { .passphrase = pass };
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) dumped = NULL;
    g_autoptr (PkiPKey) back = NULL;

    g_test_message ("passphrase of %" G_GSIZE_FORMAT " bytes", sizes[i]);
    dumped = dump_cb (key, PKI_FILETYPE_PEM, NULL, &w, &error);
    g_assert_cmpuint (w.calls, ==, 1);
    if (dumped == NULL) {
      assert_error_either (error, PKI_ERROR_BAD_INPUT, PKI_ERROR_PASSPHRASE);
      g_test_message ("dump refused: %s", error->message);
      continue;
    }
    g_assert_no_error (error);

    /* The dump used every byte: `openssl pkcs8` (which, unlike `openssl pkey`,
     * hands PKCS8_decrypt the whole -passin string) opens it with the full
     * passphrase, and not with the prefix. */
    {
      g_autofree gchar *path = pki_test_write (dir, "long.pem", dumped);
      g_autofree gchar *arg = pass_arg (pass);
      g_autofree gchar *arg_prefix = pass_arg (prefix);
      g_autoptr (GBytes) opened = PKI_OPENSSL_OK ("pkcs8", "-in", path, "-passin", arg);

      assert_loads_to (PKI_FILETYPE_PEM, opened, NULL, key);
      PKI_OPENSSL_FAILS ("pkcs8", "-in", path, "-passin", arg_prefix);
    }

    /* Loading with the full passphrase works or fails cleanly. */
    back = load_cb (PKI_FILETYPE_PEM, dumped, &r, &error);
    g_assert_cmpuint (r.calls, ==, 1);
    assert_same_or_refused (back, &error, key, "load");

    /* A shorter prefix never opens it. */
    assert_load_cb_fails (PKI_FILETYPE_PEM, dumped, prefix, ANY_CALLS, PKI_ERROR_PASSPHRASE);
  }

  /* The same through the string API. */
  {
    g_autoptr (GBytes) pass = long_passphrase (2000);
    const char *s = g_bytes_get_data (pass, NULL);
    g_autofree gchar *prefix = g_strndup (s, 1024);
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) dumped = pki_pkey_dump_private_full (key, PKI_FILETYPE_PEM,
                                                            PKI_KEY_FORMAT_PKCS8, NULL, s,
                                                            &error);
    pki_assert_queue_empty ();
    if (dumped == NULL) {
      assert_error_either (error, PKI_ERROR_BAD_INPUT, PKI_ERROR_PASSPHRASE);
    } else {
      g_autoptr (PkiPKey) back = NULL;
      g_assert_no_error (error);
      back = pki_pkey_load_private (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (dumped), s, &error);
      pki_assert_queue_empty ();
      assert_same_or_refused (back, &error, key, "load through the string API");
      assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (dumped), prefix,
                                 PKI_ERROR_PASSPHRASE);
    }
  }

  /* A key the openssl CLI encrypted with a 2000-byte passphrase. */
  {
    g_autoptr (GBytes) pass = long_passphrase (2000);
    g_autoptr (GBytes) prefix = g_bytes_new_from_bytes (pass, 0, 1024);
    g_autofree gchar *arg = pass_arg (pass);
    g_autoptr (GBytes) enc = PKI_OPENSSL_OUT (dir, "cli-long.pem", "pkcs8", "-topk8", "-v2",
                                              "aes-256-cbc", "-in", clear_path, "-passout", arg);
    PassData r = { .passphrase = pass };
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) back = load_cb (PKI_FILETYPE_PEM, enc, &r, &error);

    assert_same_or_refused (back, &error, key, "load of the CLI's key");
    assert_load_cb_fails (PKI_FILETYPE_PEM, enc, prefix, ANY_CALLS, PKI_ERROR_PASSPHRASE);
  }

  /* The other way round: a key encrypted with the first 1024 bytes must not
   * open with the 2000-byte passphrase (it would if loading cut it). */
  {
    g_autoptr (GBytes) pass = long_passphrase (2000);
    const char *s = g_bytes_get_data (pass, NULL);
    g_autofree gchar *prefix = g_strndup (s, 1024);
    g_autofree gchar *arg = g_strconcat ("pass:", prefix, NULL);
    g_autoptr (GBytes) enc = PKI_OPENSSL_OUT (dir, "cli-1024.pem", "pkcs8", "-topk8", "-v2",
                                              "aes-256-cbc", "-in", clear_path, "-passout", arg);
    PassData r = { .passphrase = pass };
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) back = load_cb (PKI_FILETYPE_PEM, enc, &r, &error);

    g_assert_null (back);
    assert_error_either (error, PKI_ERROR_BAD_INPUT, PKI_ERROR_PASSPHRASE);
    g_clear_error (&error);
    back = pki_pkey_load_private (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), s, &error);
    pki_assert_queue_empty ();
    g_assert_null (back);
    assert_error_either (error, PKI_ERROR_BAD_INPUT, PKI_ERROR_PASSPHRASE);
    /* ... while the 1024 bytes themselves do open it. */
    assert_loads_to (PKI_FILETYPE_PEM, enc, prefix, key);
  }
}

/* --- dumping private keys ------------------------------------------------ */

static void
test_dump_private_pkcs8 (void)
{
  static const char *const files[] = {
    "root_key.pem", "dsa_private_key.pem", "ec_p256_private_key.pem", "ec_root_key_p384.pem",
    "ed25519_private_key.pem", "ed448_private_key.pem", "x25519_private_key.pem",
  };
  g_autoptr (TestDir) dir = pki_test_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree gchar *path = NULL;
    g_autoptr (PkiPKey) key = vec_private_logged (files[i], &path);
    if (key == NULL)
      return;

    g_autoptr (GBytes) pem = dump_private_simple_ok (key, PKI_FILETYPE_PEM);
    /* Byte for byte what `openssl pkey` writes. */
    g_autoptr (GBytes) cli_pem = PKI_OPENSSL_OK ("pkey", "-in", path);
    /* dump_private is dump_private_full with PKCS#8 and no encryption. */
    g_autoptr (GBytes) pem_full = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                                   NULL, NULL);
    g_autoptr (GBytes) der = dump_private_simple_ok (key, PKI_FILETYPE_ASN1);
    g_autoptr (GBytes) cli_der = PKI_OPENSSL_OUT (dir, "cli.der", "pkcs8", "-topk8", "-nocrypt",
                                                  "-in", path, "-outform", "DER");
    g_autoptr (PkiPKey) from_der = assert_private_loads_back (key, pem, der);
    g_autoptr (GBytes) der_again = dump_private_simple_ok (from_der, PKI_FILETYPE_ASN1);

    assert_prefix (pem, "-----BEGIN PRIVATE KEY-----\n");
    g_assert_true (bytes_has_suffix (pem, "-----END PRIVATE KEY-----\n"));
    assert_bytes_equal (pem, cli_pem);
    assert_bytes_equal (pem_full, pem);
    assert_bytes_equal (der, cli_der);
    assert_bytes_equal (der_again, der);
  }
}

static void
test_dump_private_text (void)
{
  static const char *const files[] = {
    "root_key.pem", "dsa_private_key.pem", "ec_p256_private_key.pem",
    "ed25519_private_key.pem", "ed448_private_key.pem", "x25519_private_key.pem",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree gchar *path = NULL;
    g_autoptr (PkiPKey) key = vec_private_logged (files[i], &path);
    if (key == NULL)
      return;

    g_autoptr (GBytes) text = dump_private_simple_ok (key, PKI_FILETYPE_TEXT);
    g_autoptr (GBytes) cli = PKI_OPENSSL_OK ("pkey", "-in", path, "-noout", "-text");
    g_autoptr (GBytes) text_full = dump_private_ok (key, PKI_FILETYPE_TEXT, PKI_KEY_FORMAT_PKCS8,
                                                    NULL, NULL);
    assert_bytes_equal (text, cli);
    assert_bytes_equal (text_full, text);

    if (pki_pkey_get_key_type (key) == PKI_PKEY_TYPE_RSA) {
      assert_contains (text, "modulus");
      assert_contains (text, "privateExponent");
      g_assert_cmpuint (g_bytes_get_size (text), >, 500);
    }
  }
}

static void
test_dump_private_traditional (void)
{
  static const struct {
    const char *file;
    const char *header;
  } cases[] = {
    { "rsa_private_key.pem", "-----BEGIN RSA PRIVATE KEY-----\n" },
    { "dsa_private_key.pem", "-----BEGIN DSA PRIVATE KEY-----\n" },
    { "ec_p256_private_key.pem", "-----BEGIN EC PRIVATE KEY-----\n" },
    { "ec_root_key_p384.pem", "-----BEGIN EC PRIVATE KEY-----\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree gchar *path = NULL;
    g_autoptr (PkiPKey) key = vec_private_logged (cases[i].file, &path);
    if (key == NULL)
      return;

    g_autoptr (GBytes) pem = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_TRADITIONAL,
                                              NULL, NULL);
    g_autoptr (GBytes) cli = PKI_OPENSSL_OK ("pkey", "-in", path, "-traditional");
    g_autoptr (GBytes) der = dump_private_ok (key, PKI_FILETYPE_ASN1, PKI_KEY_FORMAT_TRADITIONAL,
                                              NULL, NULL);
    g_autoptr (PkiPKey) from_der = assert_private_loads_back (key, pem, der);

    assert_prefix (pem, cases[i].header);
    assert_bytes_equal (pem, cli);
    g_assert_cmpuint (g_bytes_get_size (der), >, 0);
    g_assert_cmpint (((const guint8 *) g_bytes_get_data (der, NULL))[0], ==, 0x30);
    g_assert_cmpint (pki_pkey_get_key_type (from_der), ==, pki_pkey_get_key_type (key));
  }

  /* Ed25519, Ed448, X25519 and X448 have no traditional form. */
  {
    g_autoptr (PkiPKey) ed = vec_private ("ed25519_private_key.pem");
    g_autoptr (PkiPKey) ed448 = vec_private ("ed448_private_key.pem");
    g_autoptr (PkiPKey) x = vec_private ("x25519_private_key.pem");
    g_autoptr (PkiPKey) x448 = generate_ok (PKI_PKEY_TYPE_X448, 0);
    PkiPKey *keys[] = { ed, ed448, x, x448 };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
      assert_dump_private_fails (keys[i], PKI_FILETYPE_PEM, PKI_KEY_FORMAT_TRADITIONAL, NULL,
                                 NULL, PKI_ERROR_UNSUPPORTED);
      assert_dump_private_fails (keys[i], PKI_FILETYPE_ASN1, PKI_KEY_FORMAT_TRADITIONAL, NULL,
                                 NULL, PKI_ERROR_UNSUPPORTED);
    }
  }
}

/* @enc is @key as PKCS#8 PEM encrypted with "s3cret", and @pub its public
 * PEM: `openssl pkey` decrypts it to @pub and libpki loads it back.  Returns
 * what `openssl asn1parse` says of it. */
static GBytes *
check_encrypted_pem (const char *dir, GBytes *enc, PkiPKey *key, GBytes *pub)
{
  g_autofree gchar *path = pki_test_write (dir, "enc.pem", enc);
  g_autoptr (GBytes) cli_pub = PKI_OPENSSL_OK ("pkey", "-in", path, "-passin", "pass:s3cret",
                                               "-pubout");

  assert_prefix (enc, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
  assert_bytes_equal (cli_pub, pub);
  assert_loads_to (PKI_FILETYPE_PEM, enc, "s3cret", key);
  return PKI_OPENSSL_OK ("asn1parse", "-in", path);
}

static void
test_dump_private_encrypted (void)
{
  /* Cipher names, in either case, as OpenSSL's documentation spells them,
   * and what `openssl asn1parse` must (and must not) find. */
  static const struct {
    const char *name;
    const char *found;
    const char *not_found;
  } ciphers[] = {
    { "aes-128-cbc", "aes-128-cbc", "aes-256-cbc" },
    { "aes-256-cbc", "aes-256-cbc", NULL },
    { "AES-128-CBC", "aes-128-cbc", NULL },
    { "AES-192-CBC", "aes-192-cbc", NULL },
    { "CAMELLIA-256-CBC", "camellia-256-cbc", NULL },
    { "des-ede3-cbc", "des-ede3-cbc", NULL },
  };
  /* Ciphers PBES2 cannot use: AEAD, stream, counter mode. */
  static const char *const unusable[] = { "aes-256-gcm", "chacha20-poly1305", "chacha20",
                                          "aes-128-ctr", "" };
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (PkiPKey) key = vec_private ("rsa_private_key.pem");
  g_autoptr (PkiPKey) pk = NULL;
  g_autoptr (GBytes) pub = NULL;

  if (key == NULL)
    return;
  pub = dump_public_ok (key, PKI_FILETYPE_PEM);
  pk = pki_pkey_get_public (key);

  /* Default cipher: AES-256-CBC with PBKDF2 (PBES2). */
  {
    g_autoptr (GBytes) pem = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL,
                                              "s3cret");
    g_autoptr (GBytes) pem2 = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                               NULL, "s3cret");
    g_autoptr (GBytes) parsed = check_encrypted_pem (dir, pem, key, pub);
    g_autofree gchar *path = pki_test_write (dir, "enc.pem", pem);
    g_autoptr (GBytes) cli_clear = PKI_OPENSSL_OK ("pkey", "-in", path, "-passin", "pass:s3cret");
    g_autoptr (GBytes) our_clear = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                                    NULL, NULL);

    g_assert_true (bytes_has_suffix (pem, "-----END ENCRYPTED PRIVATE KEY-----\n"));
    assert_contains (parsed, "PBES2");
    assert_contains (parsed, "PBKDF2");
    assert_contains (parsed, "aes-256-cbc");
    assert_bytes_equal (cli_clear, our_clear);
    /* A fresh salt and IV each time. */
    g_assert_false (g_bytes_equal (pem, pem2));
    /* The CLI agrees the passphrase matters. */
    PKI_OPENSSL_FAILS ("pkey", "-in", path, "-passin", "pass:nope");
  }

  /* Named ciphers. */
  for (guint i = 0; i < G_N_ELEMENTS (ciphers); i++) {
    g_autoptr (GBytes) pem = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                              ciphers[i].name, "s3cret");
    g_autoptr (GBytes) parsed = check_encrypted_pem (dir, pem, key, pub);

    g_test_message ("%s", ciphers[i].name);
    assert_contains (parsed, ciphers[i].found);
    if (ciphers[i].not_found != NULL)
      g_assert_false (bytes_contains (parsed, ciphers[i].not_found));
  }
  for (guint i = 0; i < G_N_ELEMENTS (unusable); i++)
    assert_dump_private_fails (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, unusable[i], "s3cret",
                               PKI_ERROR_UNSUPPORTED);

  /* Encrypted DER: an EncryptedPrivateKeyInfo. */
  {
    g_autoptr (GBytes) der = dump_private_ok (key, PKI_FILETYPE_ASN1, PKI_KEY_FORMAT_PKCS8, NULL,
                                              "s3cret");
    g_autoptr (GBytes) parsed = PKI_OPENSSL_IN (dir, "enc.der", der, "asn1parse", "-inform",
                                                "DER");
    g_autoptr (GBytes) cli_clear = PKI_OPENSSL_IN (dir, "enc.der", der, "pkcs8", "-inform", "DER",
                                                   "-passin", "pass:s3cret");
    g_assert_cmpint (((const guint8 *) g_bytes_get_data (der, NULL))[0], ==, 0x30);
    assert_contains (parsed, "PBKDF2");
    assert_contains (parsed, "aes-256-cbc");
    assert_loads_to (PKI_FILETYPE_PEM, cli_clear, NULL, key);
    assert_loads_to (PKI_FILETYPE_ASN1, der, "s3cret", key);
  }

  /* Bad combinations; and a public-only key has no private half to dump, in
   * any form. */
  {
    const struct {
      PkiPKey *key;
      PkiFiletype type;
      PkiKeyFormat format;
      const char *cipher;
      const char *passphrase;
      PkiError code;
    } bad[] = {
      { key, PEM_, PKCS8_, "aes-256-cbc", NULL, PKI_ERROR_BAD_INPUT },
      { key, DER_, PKCS8_, "aes-256-cbc", NULL, PKI_ERROR_BAD_INPUT },
      { key, PEM_, PKCS8_, "zippers", "s3cret", PKI_ERROR_UNSUPPORTED },
      { key, PEM_, TRAD_, NULL, "s3cret", PKI_ERROR_UNSUPPORTED },
      { key, PEM_, TRAD_, "aes-256-cbc", "s3cret", PKI_ERROR_UNSUPPORTED },
      { key, TEXT_, PKCS8_, NULL, "s3cret", PKI_ERROR_BAD_INPUT },
      { key, (PkiFiletype) 100, PKCS8_, NULL, NULL, PKI_ERROR_BAD_INPUT },
      { key, (PkiFiletype) 0, PKCS8_, NULL, NULL, PKI_ERROR_BAD_INPUT },
      { key, PEM_, (PkiKeyFormat) 7, NULL, NULL, PKI_ERROR_BAD_INPUT },
      { pk, PEM_, TRAD_, NULL, NULL, PKI_ERROR_KEY_TYPE },
      { pk, PEM_, PKCS8_, NULL, "s3cret", PKI_ERROR_KEY_TYPE },
    };
    const struct {
      PkiPKey *key;
      PkiFiletype type;
      PkiError code;
    } bad_simple[] = {
      { key, (PkiFiletype) 100, PKI_ERROR_BAD_INPUT },
      { pk, PEM_, PKI_ERROR_KEY_TYPE },
      { pk, DER_, PKI_ERROR_KEY_TYPE },
      { pk, TEXT_, PKI_ERROR_KEY_TYPE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      assert_dump_private_fails (bad[i].key, bad[i].type, bad[i].format, bad[i].cipher,
                                 bad[i].passphrase, bad[i].code);
    for (guint i = 0; i < G_N_ELEMENTS (bad_simple); i++)
      assert_dump_private_simple_fails (bad_simple[i].key, bad_simple[i].type,
                                        bad_simple[i].code);
  }
}

static void
test_dump_private_callback (void)
{
  g_autoptr (PkiPKey) key = vec_private ("ec_p256_private_key.pem");
  g_autoptr (PkiPKey) pk = NULL;
  g_autoptr (GBytes) hunter = g_bytes_new_static ("hunter2", 7);

  if (key == NULL)
    return;
  pk = pki_pkey_get_public (key);

  {
    g_autoptr (GBytes) pem = dump_cb_ok (key, PKI_FILETYPE_PEM, NULL, hunter);
    assert_prefix (pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    assert_opens_only_with (PKI_FILETYPE_PEM, pem, "hunter2", "hunter", key);
  }
  {
    g_autoptr (TestDir) dir = pki_test_tmpdir ();
    g_autoptr (GBytes) der = dump_cb_ok (key, PKI_FILETYPE_ASN1, "aes-128-cbc", hunter);
    g_autoptr (GBytes) parsed = PKI_OPENSSL_IN (dir, "cb.der", der, "asn1parse", "-inform",
                                                "DER");
    assert_contains (parsed, "aes-128-cbc");
    assert_loads_to (PKI_FILETYPE_ASN1, der, "hunter2", key);
  }
  /* NULL without an error: PASSPHRASE. */
  {
    PassData w = { 0 };
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) pem = dump_cb (key, PKI_FILETYPE_PEM, NULL, &w, &error);
    pki_test_assert_fails (pem, error, PKI_ERROR_PASSPHRASE);
    g_assert_cmpuint (w.calls, ==, 1);
  }
  /* The callback's own error comes back unchanged. */
  {
    PassData w = { .passphrase = hunter, .set_error = TRUE };
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) pem = dump_cb (key, PKI_FILETYPE_PEM, NULL, &w, &error);
    g_assert_null (pem);
    assert_cb_error (error);
    g_assert_cmpuint (w.calls, ==, 1);
  }
  /* Unknown cipher (asked at most once), TEXT, a public-only key. */
  {
    const struct {
      PkiPKey *key;
      PkiFiletype type;
      const char *cipher;
      PkiError code;
      guint max_calls;
    } bad[] = {
      { key, PEM_, "zippers", PKI_ERROR_UNSUPPORTED, 1 },
      { key, TEXT_, NULL, PKI_ERROR_BAD_INPUT, ANY_CALLS },
      { pk, PEM_, NULL, PKI_ERROR_KEY_TYPE, ANY_CALLS },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
      PassData w = { .passphrase = hunter };
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) b = dump_cb (bad[i].key, bad[i].type, bad[i].cipher, &w, &error);
      pki_test_assert_fails (b, error, bad[i].code);
      g_assert_cmpuint (w.calls, <=, bad[i].max_calls);
    }
  }
}

/* --- public keys --------------------------------------------------------- */

static void
test_public_keys (void)
{
  static const char garbage[] = "fruit loops";
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (GBytes) pem = pki_test_vector ("cleartext_public_key.pem");
  if (pem == NULL)
    return;

  g_autofree gchar *path = pki_test_vector_path ("cleartext_public_key.pem");
  g_autoptr (PkiPKey) key = load_public_ok (PKI_FILETYPE_PEM, pem);
  g_autoptr (GBytes) pem_out = dump_public_ok (key, PKI_FILETYPE_PEM);
  g_autoptr (GBytes) der = dump_public_ok (key, PKI_FILETYPE_ASN1);
  g_autoptr (GBytes) cli_der = PKI_OPENSSL_OUT (dir, "pub.der", "pkey", "-pubin", "-in", path,
                                                "-outform", "DER");
  g_autoptr (PkiPKey) from_der = load_public_ok (PKI_FILETYPE_ASN1, der);
  g_autoptr (GBytes) der_again = dump_public_ok (from_der, PKI_FILETYPE_ASN1);
  g_autoptr (GBytes) text = dump_public_ok (key, PKI_FILETYPE_TEXT);
  g_autoptr (GBytes) cli_text = PKI_OPENSSL_OK ("pkey", "-pubin", "-in", path, "-noout", "-text");
  g_autoptr (PkiPKey) again = NULL;

  g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_RSA);
  g_assert_cmpuint (pki_pkey_get_bits (key), ==, 2048);
  g_assert_cmpstr (pki_pkey_get_type_name (key), ==, "RSA");
  g_assert_false (pki_pkey_has_private (key));
  assert_bytes_equal (pem_out, pem);

  assert_bytes_equal (der, cli_der);
  g_assert_false (pki_pkey_has_private (from_der));
  g_assert_true (pki_pkey_public_equal (from_der, key));
  assert_bytes_equal (der_again, der);

  assert_bytes_equal (text, cli_text);
  assert_contains (text, "Modulus");

  /* get_public of a public key: documented as a new reference to it. */
  again = pki_pkey_get_public (key);
  pki_assert_queue_empty ();
  g_assert_nonnull (again);
  g_assert_true (again == key);
  g_assert_false (pki_pkey_has_private (again));
  g_assert_true (pki_pkey_public_equal (again, key));

  /* Bad input. */
  {
    g_autoptr (GBytes) priv = pki_test_vector ("cleartext_private_key.pem");
    g_autoptr (GBytes) cert = pki_test_vector ("root_cert.pem");
    g_autoptr (PkiPKey) pk = load_private_ok (PKI_FILETYPE_PEM, priv, NULL);
    g_autoptr (GBytes) priv_der = dump_private_simple_ok (pk, PKI_FILETYPE_ASN1);
    gsize len = g_bytes_get_size (pem);
    const BadInput cases[] = {
      { PKI_FILETYPE_TEXT, PKI_BYTES_ARGS (pem) },
      { (PkiFiletype) 100, PKI_BYTES_ARGS (pem) },
      { PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (pem) },
      { PKI_FILETYPE_PEM, PKI_BYTES_ARGS (der) },
      { PKI_FILETYPE_PEM, PKI_BYTES_ARGS (priv) },
      { PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (priv_der) },
      { PKI_FILETYPE_PEM, PKI_BYTES_ARGS (cert) },
      { PKI_FILETYPE_PEM, (const guint8 *) "", 0 },
      { PKI_FILETYPE_ASN1, (const guint8 *) "", 0 },
      { PKI_FILETYPE_PEM, g_bytes_get_data (pem, NULL), len / 2 },
      { PKI_FILETYPE_ASN1, g_bytes_get_data (der, NULL), g_bytes_get_size (der) - 1 },
      { PKI_FILETYPE_ASN1, g_bytes_get_data (der, NULL), 10 },
      { PKI_FILETYPE_PEM, (const guint8 *) garbage, strlen (garbage) },
      { PKI_FILETYPE_ASN1, (const guint8 *) garbage, strlen (garbage) },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      assert_load_public_fails (cases[i].type, cases[i].data, cases[i].len, PKI_ERROR_BAD_INPUT);
  }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) b = pki_pkey_dump_public (key, (PkiFiletype) 100, &error);
    pki_test_assert_fails (b, error, PKI_ERROR_BAD_INPUT);
  }
}

/* Public halves of every key type round-trip through PEM, DER and TEXT. */
static void
test_public_roundtrip_types (void)
{
  static const char *const files[] = {
    "dsa_private_key.pem", "ec_root_key_p384.pem", "ed25519_private_key.pem",
    "ed448_private_key.pem", "x25519_private_key.pem",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree gchar *path = NULL;
    g_autoptr (PkiPKey) key = vec_private_logged (files[i], &path);
    if (key == NULL)
      return;

    g_autoptr (GBytes) pem = dump_public_ok (key, PKI_FILETYPE_PEM);
    g_autoptr (GBytes) der = dump_public_ok (key, PKI_FILETYPE_ASN1);
    g_autoptr (GBytes) text = dump_public_ok (key, PKI_FILETYPE_TEXT);
    g_autoptr (GBytes) cli_pem = PKI_OPENSSL_OK ("pkey", "-in", path, "-pubout");
    g_autoptr (GBytes) cli_text = PKI_OPENSSL_OK ("pkey", "-in", path, "-pubout", "-noout",
                                                  "-text");
    g_autoptr (PkiPKey) from_pem = load_public_ok (PKI_FILETYPE_PEM, pem);
    g_autoptr (PkiPKey) from_der = load_public_ok (PKI_FILETYPE_ASN1, der);

    assert_prefix (pem, "-----BEGIN PUBLIC KEY-----\n");
    assert_bytes_equal (pem, cli_pem);
    assert_bytes_equal (text, cli_text);
    g_assert_false (pki_pkey_has_private (from_pem));
    g_assert_false (pki_pkey_has_private (from_der));
    g_assert_cmpint (pki_pkey_get_key_type (from_der), ==, pki_pkey_get_key_type (key));
    g_assert_cmpuint (pki_pkey_get_bits (from_der), ==, pki_pkey_get_bits (key));
    g_assert_cmpstr (pki_pkey_get_curve_name (from_der), ==, pki_pkey_get_curve_name (key));
    assert_same_public (from_pem, key);
    assert_same_public (from_der, key);
  }
}

/* --- interoperability with the openssl CLI ------------------------------- */

/* A form libpki writes private keys in. */
typedef struct {
  const char *kind;
  PkiKeyFormat format;
  const char *passphrase;   /* encrypted (AES-256-CBC) unless NULL */
} KeyForm;

/* The openssl CLI reads @key, written by libpki as PEM and DER in @form, to
 * its public half @pub. */
static void
check_openssl_reads_form (const char *dir, PkiPKey *key, GBytes *pub, const char *tag,
                          const KeyForm *form)
{
  const char *passphrase = form->passphrase;
  g_autoptr (GBytes) pem = dump_private_ok (key, PKI_FILETYPE_PEM, form->format, NULL,
                                            passphrase);
  g_autoptr (GBytes) der = dump_private_ok (key, PKI_FILETYPE_ASN1, form->format, NULL,
                                            passphrase);
  g_autofree gchar *pem_name = g_strdup_printf ("%s-%s.pem", tag, form->kind);
  g_autofree gchar *der_name = g_strdup_printf ("%s-%s.der", tag, form->kind);
  g_autofree gchar *p = pki_test_write (dir, pem_name, pem);
  g_autofree gchar *d = pki_test_write (dir, der_name, der);
  g_autofree gchar *passin = passphrase ? g_strconcat ("pass:", passphrase, NULL) : NULL;
  g_autoptr (GBytes) cli_pub = NULL;

  if (form->format == PKI_KEY_FORMAT_TRADITIONAL) {
    PkiPKeyType type = pki_pkey_get_key_type (key);
    assert_prefix (pem, type == PKI_PKEY_TYPE_RSA   ? "-----BEGIN RSA PRIVATE KEY-----\n"
                        : type == PKI_PKEY_TYPE_DSA ? "-----BEGIN DSA PRIVATE KEY-----\n"
                                                    : "-----BEGIN EC PRIVATE KEY-----\n");
  }
  g_bytes_unref (cli_pkey (p, FALSE, passin, "-noout"));
  cli_pub = cli_pkey (p, FALSE, passin, "-pubout");
  assert_bytes_equal (cli_pub, pub);
  if (passphrase == NULL) {
    g_autoptr (GBytes) cli_pub_der = cli_pkey (d, TRUE, NULL, "-pubout");
    assert_bytes_equal (cli_pub_der, pub);
  } else {
    g_autoptr (GBytes) cli_clear = PKI_OPENSSL_OK ("pkcs8", "-inform", "DER", "-in", d,
                                                   "-passin", passin);
    assert_loads_to (PKI_FILETYPE_PEM, cli_clear, NULL, key);
  }
}

/* The openssl CLI reads every form of @key libpki writes. */
static void
check_openssl_reads (const char *dir, PkiPKey *key, const char *tag)
{
  static const KeyForm forms[] = {
    { "p8", PKI_KEY_FORMAT_PKCS8, NULL },
    { "trad", PKI_KEY_FORMAT_TRADITIONAL, NULL },
    { "enc", PKI_KEY_FORMAT_PKCS8, "interop pass" },
  };
  PkiPKeyType type = pki_pkey_get_key_type (key);
  gboolean has_traditional = type == PKI_PKEY_TYPE_RSA || type == PKI_PKEY_TYPE_DSA
                             || type == PKI_PKEY_TYPE_EC;
  g_autoptr (GBytes) pub = dump_public_ok (key, PKI_FILETYPE_PEM);

  g_test_message ("libpki -> openssl: %s", tag);
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++) {
    if (forms[i].format != PKI_KEY_FORMAT_TRADITIONAL || has_traditional)
      check_openssl_reads_form (dir, key, pub, tag, &forms[i]);
  }
}

static void
test_interop_libpki_to_openssl (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (PkiPKey) rsa = generate_ok (PKI_PKEY_TYPE_RSA, 2048);
  g_autoptr (PkiPKey) dsa = generate_ok (PKI_PKEY_TYPE_DSA, 2048);
  g_autoptr (PkiPKey) p256 = generate_ec_ok ("P-256");
  g_autoptr (PkiPKey) p384 = generate_ok (PKI_PKEY_TYPE_EC, 384);
  g_autoptr (PkiPKey) k1 = generate_ec_ok ("secp256k1");
  g_autoptr (PkiPKey) ed = generate_ok (PKI_PKEY_TYPE_ED25519, 0);
  g_autoptr (PkiPKey) ed448 = generate_ok (PKI_PKEY_TYPE_ED448, 0);
  g_autoptr (PkiPKey) x = generate_ok (PKI_PKEY_TYPE_X25519, 0);
  const struct {
    PkiPKey *key;
    const char *tag;
  } keys[] = {
    { rsa, "rsa" }, { dsa, "dsa" }, { p256, "p256" }, { p384, "p384" },
    { k1, "secp256k1" }, { ed, "ed25519" }, { ed448, "ed448" }, { x, "x25519" },
  };

  g_assert_cmpuint (pki_pkey_get_bits (rsa), ==, 2048);
  g_assert_cmpuint (pki_pkey_get_bits (dsa), ==, 2048);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    check_openssl_reads (dir, keys[i].key, keys[i].tag);

  /* The CLI finds the generated keys consistent, and names the curve. */
  {
    g_autoptr (GBytes) rsa_pem = dump_private_ok (rsa, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                                  NULL, NULL);
    g_autoptr (GBytes) k1_pem = dump_private_ok (k1, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL,
                                                 NULL);
    g_autoptr (GBytes) check = PKI_OPENSSL_IN (dir, "rsa-check.pem", rsa_pem, "pkey", "-check",
                                               "-noout");
    g_autoptr (GBytes) text = PKI_OPENSSL_IN (dir, "k1-check.pem", k1_pem, "pkey", "-noout",
                                              "-text");
    assert_contains (check, "valid");
    assert_contains (text, "ASN1 OID: secp256k1");
  }
}

/* A key the openssl CLI makes, and what libpki must find in it. */
typedef struct {
  const char *tag;
  const char *argv[10];   /* the `openssl genpkey` command, before -out */
  PkiPKeyType type;
  guint bits;
  const char *name;
  const char *curve;
  gboolean has_traditional;
} CliKey;

/* libpki reads every form the openssl CLI writes of the key in @file. */
static void
check_libpki_reads (const char *dir, const char *file, const CliKey *k)
{
  g_autoptr (GBytes) pem = pki_test_read_file (file);
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (GBytes) cli_pub = NULL;
  g_autoptr (PkiPKey) pub = NULL;
  g_autoptr (GBytes) our_pub = NULL;

  g_test_message ("openssl -> libpki: %s", k->tag);
  key = load_private_ok (PKI_FILETYPE_PEM, pem, NULL);
  assert_private_key (key, k->type, k->bits, k->name, k->curve);

  /* Our public half is the CLI's, byte for byte. */
  cli_pub = PKI_OPENSSL_OK ("pkey", "-in", file, "-pubout");
  pub = load_public_ok (PKI_FILETYPE_PEM, cli_pub);
  g_assert_true (pki_pkey_public_equal (pub, key));
  our_pub = dump_public_ok (key, PKI_FILETYPE_PEM);
  assert_bytes_equal (our_pub, cli_pub);

  /* Its fingerprint is the digest of the CLI's DER SubjectPublicKeyInfo. */
  {
    g_autoptr (GBytes) fp = fingerprint_ok (key, NULL);
    g_autofree gchar *hex = hex_of (fp);
    g_autofree gchar *expected = cli_fingerprint (dir, cli_pub, "sha256");
    g_assert_cmpstr (hex, ==, expected);
  }

  /* Unencrypted PKCS#8 DER. */
  {
    g_autoptr (GBytes) der = PKI_OPENSSL_OUT (dir, "cli-p8.der", "pkcs8", "-topk8", "-nocrypt",
                                              "-in", file, "-outform", "DER");
    assert_loads_to (PKI_FILETYPE_ASN1, der, NULL, key);
  }

  /* Encrypted PKCS#8 (PBES2, AES-256-CBC), PEM and DER. */
  {
    g_autoptr (GBytes) enc = PKI_OPENSSL_OK ("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", file,
                                             "-passout", "pass:p8 pass");
    g_autoptr (GBytes) der = PKI_OPENSSL_OUT (dir, "cli-enc.der", "pkcs8", "-topk8", "-v2",
                                              "aes-256-cbc", "-in", file, "-passout",
                                              "pass:p8 pass", "-outform", "DER");

    assert_prefix (enc, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    assert_opens_only_with (PKI_FILETYPE_PEM, enc, "p8 pass", "p8 pas", key);
    assert_opens_only_with (PKI_FILETYPE_ASN1, der, "p8 pass", "p8 pas", key);
  }

  if (k->has_traditional) {
    g_autoptr (GBytes) trad = PKI_OPENSSL_OK ("pkey", "-in", file, "-traditional");
    g_autoptr (GBytes) legacy = PKI_OPENSSL_OK ("pkey", "-in", file, "-traditional", "-aes256",
                                                "-passout", "pass:legacy");
    /* Type-specific DER (`openssl pkey -outform DER` writes it for these types). */
    g_autoptr (GBytes) der = PKI_OPENSSL_OUT (dir, "cli-trad.der", "pkey", "-in", file,
                                              "-outform", "DER");

    g_assert_false (bytes_has_prefix (trad, "-----BEGIN PRIVATE KEY-----"));
    assert_loads_to (PKI_FILETYPE_PEM, trad, NULL, key);

    /* Legacy PEM encryption: Proc-Type and DEK-Info headers. */
    assert_contains (legacy, "Proc-Type: 4,ENCRYPTED");
    assert_contains (legacy, "DEK-Info: AES-256-CBC");
    assert_opens_only_with (PKI_FILETYPE_PEM, legacy, "legacy", "Legacy", key);

    assert_loads_to (PKI_FILETYPE_ASN1, der, NULL, key);
  }
}

static void
test_interop_openssl_to_libpki (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autofree gchar *vdir = pki_test_shared_dir ("pyopenssl-vectors");
  g_autofree gchar *dsa_params = g_build_filename (dir, "dsap.pem", NULL);
  /* A DH key over the pyOpenSSL dhparam, when the vectors are there. */
  g_autofree gchar *dh_params = vdir ? g_build_filename (vdir, "dhparam_2048.pem", NULL) : NULL;
  const CliKey keys[] = {
    { "rsa", { "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024" },
      T_RSA, 1024, "RSA", NULL, TRUE },
    { "p256", { "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256" },
      T_EC, 256, "EC", "P-256", TRUE },
    { "p384", { "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp384r1",
                "-pkeyopt", "ec_param_enc:named_curve" },
      T_EC, 384, "EC", "P-384", TRUE },
    { "secp256k1", { "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1" },
      T_EC, 256, "EC", "secp256k1", TRUE },
    { "ed25519", { "genpkey", "-algorithm", "ED25519" }, T_ED25519, 256, "ED25519", NULL, FALSE },
    { "ed448", { "genpkey", "-algorithm", "ED448" }, T_ED448, 456, "ED448", NULL, FALSE },
    { "x25519", { "genpkey", "-algorithm", "X25519" }, T_X25519, 253, "X25519", NULL, FALSE },
    { "x448", { "genpkey", "-algorithm", "X448" }, T_X448, 448, "X448", NULL, FALSE },
    { "dsa", { "genpkey", "-paramfile", dsa_params }, T_DSA, 1024, "DSA", NULL, TRUE },
    { "rsa-pss", { "genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:1024" },
      PKI_PKEY_TYPE_RSA_PSS, 1024, "RSA-PSS", NULL, FALSE },
    { "dh", { "genpkey", "-paramfile", dh_params }, PKI_PKEY_TYPE_DH, 2048, "DH", NULL, FALSE },
  };


  PKI_OPENSSL_RUN ("genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt",
                   "dsa_paramgen_bits:1024", "-out", dsa_params);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
    g_autofree gchar *name = g_strconcat (keys[i].tag, ".pem", NULL);
    g_autofree gchar *path = g_build_filename (dir, name, NULL);

    if (keys[i].type == PKI_PKEY_TYPE_DH && dh_params == NULL)
      continue;
    g_bytes_unref (pki_test_openssl_out (dir, name, keys[i].argv));
    check_libpki_reads (dir, path, &keys[i]);
  }

  /* `openssl genrsa -aes256` (encrypted PKCS#8 on OpenSSL 3). */
  {
    g_autofree gchar *rsa_enc = g_build_filename (dir, "rsa-enc.pem", NULL);
    g_autoptr (GBytes) pass = g_bytes_new_static ("genrsa pass", 11);
    g_autoptr (GBytes) pem = NULL;
    g_autoptr (GBytes) cli_pub = NULL;
    g_autoptr (PkiPKey) key = NULL;
    g_autoptr (GBytes) our_pub = NULL;
    g_autoptr (PkiPKey) key2 = NULL;

    PKI_OPENSSL_RUN ("genrsa", "-aes256", "-passout", "pass:genrsa pass", "-out", rsa_enc, "1024");
    pem = pki_test_read_file (rsa_enc);
    cli_pub = PKI_OPENSSL_OK ("pkey", "-in", rsa_enc, "-passin", "pass:genrsa pass", "-pubout");
    key = load_private_ok (PKI_FILETYPE_PEM, pem, "genrsa pass");
    our_pub = dump_public_ok (key, PKI_FILETYPE_PEM);

    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_RSA);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, 1024);
    assert_bytes_equal (our_pub, cli_pub);
    assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), NULL,
                               PKI_ERROR_PASSPHRASE);

    key2 = load_cb_ok (PKI_FILETYPE_PEM, pem, pass, 1);
    assert_same_public (key2, key);
  }
}

/* Runs `openssl @argv`, which writes the PEM file @path: a block that
 * starts with @first (parameters), then a key.  libpki loads that key, with
 * the public half `openssl pkey` finds; it is returned. */
static PkiPKey *
load_cli_bundle (const char *path, const char *first, const char *const *argv)
{
  g_autoptr (GBytes) pem = NULL;
  g_autoptr (GBytes) cli_pub = NULL;
  g_autoptr (GBytes) our_pub = NULL;
  PkiPKey *key;

  g_bytes_unref (pki_test_openssl_ok (argv));
  pem = pki_test_read_file (path);
  assert_prefix (pem, first);
  cli_pub = PKI_OPENSSL_OK ("pkey", "-in", path, "-pubout");
  g_test_message ("openssl %s %s", argv[0], argv[1]);
  key = load_private_ok (PKI_FILETYPE_PEM, pem, NULL);
  our_pub = dump_public_ok (key, PKI_FILETYPE_PEM);
  assert_bytes_equal (our_pub, cli_pub);
  return key;
}

/* PEM files holding other blocks before the key, as the openssl CLI writes
 * them (`ecparam -genkey`, `dsaparam -genkey`) and as people keep them
 * (certificate then key).  pyOpenSSL 23 (PEM_read_bio_PrivateKey) and
 * `openssl pkey` skip the blocks that are not a key. */
static void
test_interop_pem_bundles (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autofree gchar *ec = g_build_filename (dir, "ecparam-genkey.pem", NULL);
  g_autofree gchar *dsa = g_build_filename (dir, "dsaparam-genkey.pem", NULL);

  /* A certificate, then its key. */
  {
    g_autoptr (GBytes) cert = pki_test_vector ("root_cert.pem");

    if (cert != NULL) {
      g_autoptr (GBytes) pem = pki_test_vector ("root_key.pem");
      g_autoptr (GBytes) pub_pem = pki_test_vector ("rsa_public_key.pem");
      g_autoptr (PkiPKey) root = vec_private ("root_key.pem");
      g_autoptr (PkiPKey) rsa_pub = pki_test_vector_public ("rsa_public_key.pem");
      g_autoptr (GBytes) joined = pki_test_bytes_join (cert, pem);
      g_autoptr (GBytes) joined_pub = pki_test_bytes_join (cert, pub_pem);
      g_autoptr (PkiPKey) pub = NULL;

      g_test_message ("certificate + private key");
      assert_loads_to (PKI_FILETYPE_PEM, joined, NULL, root);
      g_test_message ("certificate + public key");
      pub = load_public_ok (PKI_FILETYPE_PEM, joined_pub);
      assert_same_public (pub, rsa_pub);
    }
  }

  /* `openssl ecparam -genkey`: EC PARAMETERS, then EC PRIVATE KEY. */
  {
    g_autoptr (PkiPKey) key = load_cli_bundle (
        ec, "-----BEGIN EC PARAMETERS-----",
        (const char *const[]){ "ecparam", "-genkey", "-name", "prime256v1", "-out", ec, NULL });
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_EC);
    g_assert_cmpstr (pki_pkey_get_curve_name (key), ==, "P-256");
  }

  /* `openssl dsaparam -genkey`: DSA PARAMETERS, then the key. */
  {
    g_autoptr (PkiPKey) key = load_cli_bundle (
        dsa, "-----BEGIN DSA PARAMETERS-----",
        (const char *const[]){ "dsaparam", "-genkey", "-out", dsa, "1024", NULL });
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_DSA);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, 1024);
  }
}

/* Keys encrypted with ciphers that live in OpenSSL 3's legacy provider
 * (DES, Blowfish, PBES1 with MD5), as older tools wrote them.  pyOpenSSL 23
 * loads them (cryptography loads the legacy provider).  libpki may load them
 * or refuse them as unsupported, but with the right passphrase it must not
 * say the passphrase is wrong. */
static void
test_interop_legacy_ciphers (void)
{
  static const struct {
    const char *tag;
    const char *const argv[12];
  } cases[] = {
    { "pem-des-cbc", { "pkey", "-traditional", "-des", "-passout", "pass:legacy pw", NULL } },
    { "pkcs8-v2-des-cbc", { "pkcs8", "-topk8", "-v2", "des-cbc", "-passout", "pass:legacy pw",
                            NULL } },
    { "pkcs8-v2-bf-cbc", { "pkcs8", "-topk8", "-v2", "bf-cbc", "-passout", "pass:legacy pw",
                           NULL } },
    { "pkcs8-v1-md5-des", { "pkcs8", "-topk8", "-v1", "PBE-MD5-DES", "-passout",
                            "pass:legacy pw", NULL } },
  };
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (PkiPKey) key = generate_ec_ok ("P-256");
  g_autoptr (GBytes) clear = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_TRADITIONAL,
                                              NULL, NULL);
  g_autofree gchar *in = pki_test_write (dir, "clear.pem", clear);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GPtrArray) args = g_ptr_array_new ();
    g_autofree gchar *out = g_build_filename (dir, "legacy.pem", NULL);
    g_autofree gchar *err = NULL;
    g_autoptr (GBytes) ran = NULL;
    g_autoptr (GBytes) enc = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) back = NULL;

    for (guint j = 0; cases[i].argv[j] != NULL; j++)
      g_ptr_array_add (args, (gpointer) cases[i].argv[j]);
    g_ptr_array_add (args, (gpointer) "-provider");
    g_ptr_array_add (args, (gpointer) "legacy");
    g_ptr_array_add (args, (gpointer) "-provider");
    g_ptr_array_add (args, (gpointer) "default");
    g_ptr_array_add (args, (gpointer) "-in");
    g_ptr_array_add (args, in);
    g_ptr_array_add (args, (gpointer) "-out");
    g_ptr_array_add (args, out);
    g_ptr_array_add (args, NULL);
    ran = pki_test_openssl (&err, (const char *const *) args->pdata);
    if (ran == NULL) {
      g_test_message ("%s: the openssl CLI cannot write it here: %s", cases[i].tag, err);
      continue;
    }
    enc = pki_test_read_file (out);
    g_test_message ("%s", cases[i].tag);
    back = pki_pkey_load_private (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), "legacy pw", &error);
    pki_assert_queue_empty ();
    if (back != NULL) {
      g_assert_no_error (error);
      assert_same_public (back, key);
      continue;
    }
    if (!g_error_matches (error, PKI_ERROR, PKI_ERROR_UNSUPPORTED))
      g_error ("%s with the right passphrase: expected PKI_ERROR_UNSUPPORTED (or success), "
               "got %s #%d: %s", cases[i].tag, g_quark_to_string (error->domain), error->code,
               error->message);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pkey/boxed", test_boxed);
  g_test_add_func ("/pkey/threads", test_threads);
  g_test_add_func ("/pkey/generate/rsa", test_generate_rsa);
  g_test_add_func ("/pkey/generate/dsa", test_generate_dsa);
  g_test_add_func ("/pkey/generate/ec-bits", test_generate_ec_bits);
  g_test_add_func ("/pkey/generate/edwards-montgomery", test_generate_edwards);
  g_test_add_func ("/pkey/generate/unsupported", test_generate_unsupported);
  g_test_add_func ("/pkey/generate/ec-curves", test_generate_ec_curves);
  g_test_add_func ("/pkey/vectors/types", test_vectors_types);
  g_test_add_func ("/pkey/vectors/public-parts", test_vectors_public_parts);
  g_test_add_func ("/pkey/vectors/normalized", test_vectors_normalized);
  g_test_add_func ("/pkey/check", test_check);
  g_test_add_func ("/pkey/fingerprint", test_fingerprint);
  g_test_add_func ("/pkey/load-private/formats", test_load_private_formats);
  g_test_add_func ("/pkey/load-private/passphrase-errors", test_load_private_passphrase_errors);
  g_test_add_func ("/pkey/load-private/bad-input", test_load_private_bad_input);
  g_test_add_func ("/pkey/load-private/callback", test_load_private_callback);
  g_test_add_func ("/pkey/passphrase/nul", test_passphrase_nul);
  g_test_add_func ("/pkey/passphrase/long", test_passphrase_long);
  g_test_add_func ("/pkey/dump-private/pkcs8", test_dump_private_pkcs8);
  g_test_add_func ("/pkey/dump-private/text", test_dump_private_text);
  g_test_add_func ("/pkey/dump-private/traditional", test_dump_private_traditional);
  g_test_add_func ("/pkey/dump-private/encrypted", test_dump_private_encrypted);
  g_test_add_func ("/pkey/dump-private/callback", test_dump_private_callback);
  g_test_add_func ("/pkey/public/rsa", test_public_keys);
  g_test_add_func ("/pkey/public/roundtrip-types", test_public_roundtrip_types);
  g_test_add_func ("/pkey/interop/libpki-to-openssl", test_interop_libpki_to_openssl);
  g_test_add_func ("/pkey/interop/openssl-to-libpki", test_interop_openssl_to_libpki);
  g_test_add_func ("/pkey/interop/pem-bundles", test_interop_pem_bundles);
  g_test_add_func ("/pkey/interop/legacy-ciphers", test_interop_legacy_ciphers);

  return g_test_run ();
}
