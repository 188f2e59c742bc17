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

static gboolean
bytes_has_prefix (GBytes *b, const char *prefix)
{
  gsize len;
  const char *data = g_bytes_get_data (b, &len);
  gsize plen = strlen (prefix);
  return len >= plen && memcmp (data, prefix, plen) == 0;
}

static gboolean
bytes_has_suffix (GBytes *b, const char *suffix)
{
  gsize len;
  const char *data = g_bytes_get_data (b, &len);
  gsize slen = strlen (suffix);
  return len >= slen && memcmp (data + len - slen, suffix, slen) == 0;
}

/* TRUE when the text in @b (no NULs expected) contains @needle. */
static gboolean
bytes_contains (GBytes *b, const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (b, &len);
  return data != NULL && g_strstr_len (data, len, needle) != NULL;
}

#define assert_prefix(b, prefix)                                              \
  G_STMT_START {                                                              \
    if (!bytes_has_prefix ((b), (prefix)))                                    \
      g_error ("%s:%d: expected output starting with \"%s\", got \"%.60s\"",  \
               __FILE__, __LINE__, (prefix),                                  \
               (const char *) g_bytes_get_data ((b), NULL));                  \
  } G_STMT_END

#define assert_contains(b, needle)                                            \
  G_STMT_START {                                                              \
    if (!bytes_contains ((b), (needle)))                                      \
      g_error ("%s:%d: expected \"%s\" in output", __FILE__, __LINE__,        \
               (needle));                                                     \
  } G_STMT_END

#define assert_bytes_equal(a, b)                                              \
  G_STMT_START {                                                              \
    GBytes *a__ = (a), *b__ = (b);                                            \
    g_assert_nonnull (a__);                                                   \
    g_assert_nonnull (b__);                                                   \
    g_assert_cmpmem (g_bytes_get_data (a__, NULL), g_bytes_get_size (a__),    \
                     g_bytes_get_data (b__, NULL), g_bytes_get_size (b__));   \
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

/* Runs the openssl CLI and fails the test (with the command and its stderr)
 * when it exits non-zero. */
static GBytes *
openssl_ok (const char *const *argv)
{
  g_autofree gchar *err = NULL;
  GBytes *out = pki_test_openssl (&err, argv);
  if (out == NULL) {
    g_autofree gchar *cmd = g_strjoinv (" ", (gchar **) argv);
    g_error ("`openssl %s` failed: %s", cmd, err ? err : "");
  }
  return out;
}

#define OPENSSL_OK(...) openssl_ok ((const char *const[]){ __VA_ARGS__, NULL })
/* The same when only the exit status (and the files written) matter. */
#define OPENSSL_RUN(...) g_bytes_unref (OPENSSL_OK (__VA_ARGS__))

/* Loads a private key vector; NULL (test skipped) when the vectors are
 * absent.  Fails the test when the key does not load. */
static PkiPKey *
vec_private_full (const char *name, PkiFiletype type, const char *passphrase)
{
  g_autoptr (GBytes) b = pki_test_vector (name);
  g_autoptr (GError) error = NULL;
  PkiPKey *key;

  if (b == NULL)
    return NULL;
  key = pki_pkey_load_private (type, PKI_BYTES_ARGS (b), passphrase, &error);
  pki_assert_queue_empty ();
  if (key == NULL)
    g_error ("loading private key %s: %s", name, error ? error->message : "(no error)");
  g_assert_no_error (error);
  return key;
}

static PkiPKey *
vec_private (const char *name)
{
  return vec_private_full (name, PKI_FILETYPE_PEM, NULL);
}

static PkiPKey *
vec_public (const char *name)
{
  g_autoptr (GBytes) b = pki_test_vector (name);
  g_autoptr (GError) error = NULL;
  PkiPKey *key;

  if (b == NULL)
    return NULL;
  key = pki_pkey_load_public (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (b), &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

static PkiPKey *
generate_ok (PkiPKeyType type, guint bits)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_generate (type, bits, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

static PkiPKey *
generate_ec_ok (const char *curve)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_generate_ec (curve, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

static GBytes *
dump_public_ok (PkiPKey *key, PkiFiletype type)
{
  g_autoptr (GError) error = NULL;
  GBytes *b = pki_pkey_dump_public (key, type, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_nonnull (b);
  return b;
}

static GBytes *
dump_private_ok (PkiPKey *key, PkiFiletype type, PkiKeyFormat format, const char *cipher,
                 const char *passphrase)
{
  g_autoptr (GError) error = NULL;
  GBytes *b = pki_pkey_dump_private_full (key, type, format, cipher, passphrase, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_nonnull (b);
  return b;
}

static PkiPKey *
load_private_ok (PkiFiletype type, GBytes *data, const char *passphrase)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_load_private (type, PKI_BYTES_ARGS (data), passphrase, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

static PkiPKey *
load_public_ok (PkiFiletype type, GBytes *data)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_load_public (type, PKI_BYTES_ARGS (data), &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

/* Loading @data must fail with PKI_ERROR/@code. */
static void
assert_load_private_fails (PkiFiletype type, const guint8 *data, gsize len,
                           const char *passphrase, PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = pki_pkey_load_private (type, data, len, passphrase, &error);
  pki_assert_queue_empty ();
  g_assert_null (key);
  g_assert_error (error, PKI_ERROR, (gint) code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static void
assert_load_public_fails (PkiFiletype type, const guint8 *data, gsize len, PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = pki_pkey_load_public (type, data, len, &error);
  pki_assert_queue_empty ();
  g_assert_null (key);
  g_assert_error (error, PKI_ERROR, (gint) code);
}

static void
assert_dump_private_fails (PkiPKey *key, PkiFiletype type, PkiKeyFormat format,
                           const char *cipher, const char *passphrase, PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) b = pki_pkey_dump_private_full (key, type, format, cipher, passphrase,
                                                     &error);
  pki_assert_queue_empty ();
  g_assert_null (b);
  g_assert_error (error, PKI_ERROR, (gint) code);
}

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

  OPENSSL_RUN ("pkey", "-pubin", "-in", pem, "-outform", "DER", "-out", der);
  out = OPENSSL_OK ("dgst", opt, "-r", der);
  text = g_bytes_get_data (out, NULL);
  g_assert_nonnull (text);
  space = strchr (text, ' ');
  g_assert_nonnull (space);
  return g_ascii_strdown (text, space - text);
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
assert_generate_fails (PkiPKeyType type, guint bits, PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = pki_pkey_generate (type, bits, &error);
  pki_assert_queue_empty ();
  g_assert_null (key);
  g_assert_error (error, PKI_ERROR, (gint) code);
}

static void
test_generate_rsa (void)
{
  g_autoptr (PkiPKey) key = generate_ok (PKI_PKEY_TYPE_RSA, 512);
  g_autoptr (PkiPKey) key2 = generate_ok (PKI_PKEY_TYPE_RSA, 1024);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) text = NULL;

  g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_RSA);
  g_assert_cmpint (pki_pkey_get_key_type (key), ==, 6);
  g_assert_cmpuint (pki_pkey_get_bits (key), ==, 512);
  g_assert_cmpstr (pki_pkey_get_type_name (key), ==, "RSA");
  g_assert_null (pki_pkey_get_curve_name (key));
  g_assert_true (pki_pkey_has_private (key));
  g_assert_true (pki_pkey_check (key, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();

  g_assert_cmpuint (pki_pkey_get_bits (key2), ==, 1024);
  g_assert_true (pki_pkey_check (key2, &error));
  g_assert_no_error (error);
  /* Two generated keys differ. */
  g_assert_false (pki_pkey_public_equal (key, key2));
  pki_assert_queue_empty ();

  /* e = 65537 */
  text = pki_pkey_dump_public (key2, PKI_FILETYPE_TEXT, &error);
  g_assert_no_error (error);
  assert_contains (text, "Exponent: 65537 (0x10001)");

  assert_generate_fails (PKI_PKEY_TYPE_RSA, 0, PKI_ERROR_BAD_INPUT);
  assert_generate_fails (PKI_PKEY_TYPE_RSA, 256, PKI_ERROR_BAD_INPUT);
  assert_generate_fails (PKI_PKEY_TYPE_RSA, 511, PKI_ERROR_BAD_INPUT);
  assert_generate_fails (PKI_PKEY_TYPE_RSA, 16385, PKI_ERROR_BAD_INPUT);
  assert_generate_fails (PKI_PKEY_TYPE_RSA, G_MAXUINT, PKI_ERROR_BAD_INPUT);
}

static void
test_generate_dsa (void)
{
  g_autoptr (PkiPKey) key = generate_ok (PKI_PKEY_TYPE_DSA, 1024);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_DSA);
  g_assert_cmpint (pki_pkey_get_key_type (key), ==, 116);
  g_assert_cmpuint (pki_pkey_get_bits (key), ==, 1024);
  g_assert_cmpstr (pki_pkey_get_type_name (key), ==, "DSA");
  g_assert_null (pki_pkey_get_curve_name (key));
  g_assert_true (pki_pkey_has_private (key));
  g_assert_true (pki_pkey_check (key, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();

  /* pyOpenSSL 23 made 512-bit DSA keys through the deprecated DSA API;
   * libpki documents the sizes FIPS 186-4 allows, which are all OpenSSL 3's
   * key generation accepts (1024, 2048, 3072), and refuses the others. */
  assert_generate_fails (PKI_PKEY_TYPE_DSA, 0, PKI_ERROR_BAD_INPUT);
  assert_generate_fails (PKI_PKEY_TYPE_DSA, 256, PKI_ERROR_BAD_INPUT);
  assert_generate_fails (PKI_PKEY_TYPE_DSA, 512, PKI_ERROR_BAD_INPUT);
  assert_generate_fails (PKI_PKEY_TYPE_DSA, 1536, PKI_ERROR_BAD_INPUT);
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

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) key = generate_ok (PKI_PKEY_TYPE_EC, cases[i].bits);
    g_autoptr (GError) error = NULL;

    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_EC);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, 408);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, cases[i].bits);
    g_assert_cmpstr (pki_pkey_get_type_name (key), ==, "EC");
    g_assert_cmpstr (pki_pkey_get_curve_name (key), ==, cases[i].curve);
    g_assert_true (pki_pkey_has_private (key));
    g_assert_true (pki_pkey_check (key, &error));
    g_assert_no_error (error);
    pki_assert_queue_empty ();
  }

  assert_generate_fails (PKI_PKEY_TYPE_EC, 0, PKI_ERROR_BAD_INPUT);
  assert_generate_fails (PKI_PKEY_TYPE_EC, 255, PKI_ERROR_BAD_INPUT);
  assert_generate_fails (PKI_PKEY_TYPE_EC, 512, PKI_ERROR_BAD_INPUT);
  assert_generate_fails (PKI_PKEY_TYPE_EC, 2048, PKI_ERROR_BAD_INPUT);
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
    g_autoptr (GError) error = NULL;

    g_assert_cmpint (pki_pkey_get_key_type (key), ==, cases[i].type);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, cases[i].bits);
    g_assert_cmpstr (pki_pkey_get_type_name (key), ==, cases[i].name);
    g_assert_null (pki_pkey_get_curve_name (key));
    g_assert_true (pki_pkey_has_private (key));
    g_assert_true (pki_pkey_check (key, &error));
    g_assert_no_error (error);
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

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) key = generate_ec_ok (cases[i].in);
    g_autoptr (PkiPKey) pub = pki_pkey_get_public (key);
    g_autoptr (GError) error = NULL;

    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_EC);
    g_assert_cmpstr (pki_pkey_get_type_name (key), ==, "EC");
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, cases[i].bits);
    g_assert_cmpstr (pki_pkey_get_curve_name (key), ==, cases[i].name);
    g_assert_true (pki_pkey_check (key, &error));
    g_assert_no_error (error);
    /* The public half knows its curve too. */
    g_assert_cmpstr (pki_pkey_get_curve_name (pub), ==, cases[i].name);
    g_assert_cmpuint (pki_pkey_get_bits (pub), ==, cases[i].bits);
    pki_assert_queue_empty ();
  }

  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = pki_pkey_generate_ec ("nosuchcurve", &error);
    pki_assert_queue_empty ();
    g_assert_null (key);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_UNSUPPORTED);
  }
  {
    static const char *const bad[] = { "this curve was just invented", "", "X25519", "ED25519" };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
      g_autoptr (GError) error = NULL;
      g_autoptr (PkiPKey) key = pki_pkey_generate_ec (bad[i], &error);
      pki_assert_queue_empty ();
      g_assert_null (key);
      g_assert_error (error, PKI_ERROR, PKI_ERROR_UNSUPPORTED);
    }
  }
}

/* --- pyOpenSSL's key vectors --------------------------------------------- */

/* Short names for the table below. */
#define PEM_ PKI_FILETYPE_PEM
#define DER_ PKI_FILETYPE_ASN1
#define T_RSA PKI_PKEY_TYPE_RSA
#define T_DSA PKI_PKEY_TYPE_DSA
#define T_EC PKI_PKEY_TYPE_EC
#define T_ED25519 PKI_PKEY_TYPE_ED25519
#define T_ED448 PKI_PKEY_TYPE_ED448
#define T_X25519 PKI_PKEY_TYPE_X25519

static void
test_vectors_types (void)
{
  static const struct {
    const char *file;
    PkiFiletype filetype;
    const char *passphrase;
    PkiPKeyType type;
    guint bits;
    const char *name;
    const char *curve;
  } cases[] = {
    { "root_key.pem", PEM_, NULL, T_RSA, 3072, "RSA", NULL },
    { "root_key.der", DER_, NULL, T_RSA, 3072, "RSA", NULL },
    { "root_key_normalized_ossl3.pem", PEM_, NULL, T_RSA, 3072, "RSA", NULL },
    { "intermediate_key.pem", PEM_, NULL, T_RSA, 3072, "RSA", NULL },
    { "intermediate_server_key.pem", PEM_, NULL, T_RSA, 3072, "RSA", NULL },
    { "server_key.pem", PEM_, NULL, T_RSA, 3072, "RSA", NULL },
    { "client_key.pem", PEM_, NULL, T_RSA, 3072, "RSA", NULL },
    { "cleartext_private_key.pem", PEM_, NULL, T_RSA, 1024, "RSA", NULL },
    { "encrypted_key_foobar.pem", PEM_, "foobar", T_RSA, 1024, "RSA", NULL },
    { "rsa_private_key.pem", PEM_, NULL, T_RSA, 2048, "RSA", NULL },
    { "large_rsa_key_4200bit.pem", PEM_, NULL, T_RSA, 4200, "RSA", NULL },
    { "dsa_private_key.pem", PEM_, NULL, T_DSA, 2048, "DSA", NULL },
    { "ec_p256_private_key.pem", PEM_, NULL, T_EC, 256, "EC", "P-256" },
    { "ec_root_key_p384.pem", PEM_, NULL, T_EC, 384, "EC", "P-384" },
    { "ed25519_private_key.pem", PEM_, NULL, T_ED25519, 256, "ED25519", NULL },
    { "ed448_private_key.pem", PEM_, NULL, T_ED448, 456, "ED448", NULL },
    { "x25519_private_key.pem", PEM_, NULL, T_X25519, 253, "X25519", NULL },
  };
  static const struct {
    const char *file;
    PkiPKeyType type;
    guint bits;
    const char *curve;
  } pub_cases[] = {
    { "cleartext_public_key.pem", PKI_PKEY_TYPE_RSA, 2048, NULL },
    { "rsa_public_key.pem", PKI_PKEY_TYPE_RSA, 2048, NULL },
    { "dsa_public_key.pem", PKI_PKEY_TYPE_DSA, 2048, NULL },
    { "ec_p256_public_key.pem", PKI_PKEY_TYPE_EC, 256, "P-256" },
    { "ed25519_public_key.pem", PKI_PKEY_TYPE_ED25519, 256, NULL },
    { "ed448_public_key.pem", PKI_PKEY_TYPE_ED448, 456, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) key = vec_private_full (cases[i].file, cases[i].filetype,
                                                cases[i].passphrase);
    if (key == NULL)
      return;
    g_test_message ("%s", cases[i].file);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, cases[i].type);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, cases[i].bits);
    g_assert_cmpstr (pki_pkey_get_type_name (key), ==, cases[i].name);
    g_assert_cmpstr (pki_pkey_get_curve_name (key), ==, cases[i].curve);
    g_assert_true (pki_pkey_has_private (key));
    pki_assert_queue_empty ();
  }

  for (guint i = 0; i < G_N_ELEMENTS (pub_cases); i++) {
    g_autoptr (PkiPKey) key = vec_public (pub_cases[i].file);
    if (key == NULL)
      return;
    g_test_message ("%s", pub_cases[i].file);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, pub_cases[i].type);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, pub_cases[i].bits);
    g_assert_cmpstr (pki_pkey_get_curve_name (key), ==, pub_cases[i].curve);
    g_assert_false (pki_pkey_has_private (key));
    pki_assert_queue_empty ();
  }

  /* root_key.pem (PKCS#1 PEM) and root_key.der (PKCS#1 DER) are one key. */
  {
    g_autoptr (PkiPKey) pem = vec_private ("root_key.pem");
    g_autoptr (PkiPKey) der = vec_private_full ("root_key.der", PKI_FILETYPE_ASN1, NULL);
    g_autoptr (PkiPKey) other = vec_private ("server_key.pem");
    assert_same_public (pem, der);
    g_assert_false (pki_pkey_public_equal (pem, other));
  }
}

#undef PEM_
#undef DER_
#undef T_RSA
#undef T_DSA
#undef T_EC
#undef T_ED25519
#undef T_ED448
#undef T_X25519

static void
test_vectors_public_parts (void)
{
  static const char *const names[] = { "rsa", "dsa", "ec_p256", "ed25519", "ed448" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autofree gchar *priv_name = g_strdup_printf ("%s_private_key.pem", names[i]);
    g_autofree gchar *pub_name = g_strdup_printf ("%s_public_key.pem", names[i]);
    g_autoptr (PkiPKey) priv = vec_private (priv_name);
    g_autoptr (PkiPKey) pub = NULL;
    g_autoptr (PkiPKey) derived = NULL;
    g_autoptr (GBytes) pub_file = NULL;
    g_autoptr (GBytes) dumped = NULL;
    g_autoptr (GBytes) dumped_derived = NULL;
    g_autoptr (GError) error = NULL;

    if (priv == NULL)
      return;
    g_test_message ("%s", names[i]);
    pub = vec_public (pub_name);
    pub_file = pki_test_vector (pub_name);

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
    g_assert_false (pki_pkey_check (derived, &error));
    pki_assert_queue_empty ();
    g_assert_error (error, PKI_ERROR, PKI_ERROR_KEY_TYPE);
    g_clear_error (&error);
    g_assert_false (pki_pkey_check (pub, &error));
    pki_assert_queue_empty ();
    g_assert_error (error, PKI_ERROR, PKI_ERROR_KEY_TYPE);
    g_clear_error (&error);

    assert_dump_private_fails (pub, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL, NULL,
                               PKI_ERROR_KEY_TYPE);
  }

  /* Different keys of one type are not equal; nor are keys of different types. */
  {
    g_autoptr (PkiPKey) rsa = vec_private ("rsa_private_key.pem");
    g_autoptr (PkiPKey) rsa_pub = vec_public ("cleartext_public_key.pem");
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
    g_autoptr (GBytes) expected = NULL;
    g_autoptr (GBytes) pem = NULL;
    g_autoptr (GError) error = NULL;

    if (key == NULL)
      return;
    expected = pki_test_vector (cases[i].normalized);
    pem = pki_pkey_dump_private (key, PKI_FILETYPE_PEM, &error);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
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
    g_autoptr (PkiPKey) key = vec_private (good[i]);
    g_autoptr (GError) error = NULL;
    if (key == NULL)
      return;
    g_test_message ("%s", good[i]);
    g_assert_true (pki_pkey_check (key, &error));
    pki_assert_queue_empty ();
    g_assert_no_error (error);
  }

  {
    g_autoptr (PkiPKey) x448 = generate_ok (PKI_PKEY_TYPE_X448, 0);
    g_autoptr (GError) error = NULL;
    g_assert_true (pki_pkey_check (x448, &error));
    pki_assert_queue_empty ();
    g_assert_no_error (error);
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
    pki_assert_queue_empty ();
    g_assert_error (error, PKI_ERROR, PKI_ERROR_INVALID_KEY);
    g_test_message ("refused by check: %s", error->message);
    if (strstr (error->message, broken[i].reason) == NULL)
      g_error ("check error \"%s\" lacks OpenSSL's reason \"%s\"", error->message,
               broken[i].reason);
  }

  {
    g_autoptr (PkiPKey) pub = vec_public ("cleartext_public_key.pem");
    g_autoptr (GError) error = NULL;
    if (pub == NULL)
      return;
    g_assert_false (pki_pkey_check (pub, &error));
    pki_assert_queue_empty ();
    g_assert_error (error, PKI_ERROR, PKI_ERROR_KEY_TYPE);
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
  g_autoptr (TestDir) dir = pki_test_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autoptr (PkiPKey) key = vec_private (files[i]);
    g_autoptr (PkiPKey) pub = NULL;
    g_autoptr (GBytes) pem = NULL;
    g_autoptr (GBytes) fp_default = NULL;
    g_autoptr (GError) error = NULL;

    if (key == NULL)
      return;
    g_test_message ("%s", files[i]);
    pub = pki_pkey_get_public (key);
    pem = dump_public_ok (key, PKI_FILETYPE_PEM);

    fp_default = pki_pkey_get_fingerprint (key, NULL, &error);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (fp_default), ==, 32);

    for (guint j = 0; j < G_N_ELEMENTS (digests); j++) {
      g_autoptr (GBytes) fp = pki_pkey_get_fingerprint (key, digests[j].digest, &error);
      g_autoptr (GBytes) fp_pub = NULL;
      g_autofree gchar *hex = NULL;
      g_autofree gchar *expected = NULL;

      pki_assert_queue_empty ();
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (fp), ==, digests[j].len);
      hex = hex_of (fp);
      expected = cli_fingerprint (dir, pem, digests[j].digest);
      g_assert_cmpstr (hex, ==, expected);

      /* The public half has the same fingerprint. */
      fp_pub = pki_pkey_get_fingerprint (pub, digests[j].digest, &error);
      pki_assert_queue_empty ();
      g_assert_no_error (error);
      assert_bytes_equal (fp_pub, fp);

      if (j == 0)
        assert_bytes_equal (fp_default, fp);
    }

    /* Digest names are case-insensitive, as OpenSSL's are. */
    {
      g_autoptr (GBytes) fp = pki_pkey_get_fingerprint (key, "SHA256", &error);
      pki_assert_queue_empty ();
      g_assert_no_error (error);
      assert_bytes_equal (fp, fp_default);
    }
    {
      g_autoptr (GBytes) fp = pki_pkey_get_fingerprint (key, "monkeys", &error);
      pki_assert_queue_empty ();
      g_assert_null (fp);
      g_assert_error (error, PKI_ERROR, PKI_ERROR_UNSUPPORTED);
      g_clear_error (&error);
    }
    {
      g_autoptr (GBytes) fp = pki_pkey_get_fingerprint (key, "", &error);
      pki_assert_queue_empty ();
      g_assert_null (fp);
      g_assert_error (error, PKI_ERROR, PKI_ERROR_UNSUPPORTED);
    }
  }
}

/* --- loading private keys ------------------------------------------------ */

static void
test_load_private_formats (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (PkiPKey) rsa = vec_private ("cleartext_private_key.pem");
  g_autoptr (PkiPKey) dsa = NULL;
  g_autoptr (PkiPKey) ec = NULL;
  g_autoptr (GBytes) pkcs8_der = NULL;

  if (rsa == NULL)
    return;
  dsa = vec_private ("dsa_private_key.pem");
  ec = vec_private ("ec_root_key_p384.pem");

  /* PKCS#8 DER made by the CLI. */
  {
    g_autofree gchar *vdir = pki_test_shared_dir ("pyopenssl-vectors");
    g_autofree gchar *in = g_build_filename (vdir, "cleartext_private_key.pem", NULL);
    g_autofree gchar *out = g_build_filename (dir, "p8.der", NULL);
    OPENSSL_RUN ("pkcs8", "-topk8", "-nocrypt", "-in", in, "-outform", "DER", "-out", out);
    g_autoptr (PkiPKey) key = NULL;
    pkcs8_der = pki_test_read_file (out);
    key = load_private_ok (PKI_FILETYPE_ASN1, pkcs8_der, NULL);
    assert_same_public (key, rsa);
  }

  /* Traditional DSA ("BEGIN DSA PRIVATE KEY") and SEC1 DER. */
  {
    g_autofree gchar *vdir = pki_test_shared_dir ("pyopenssl-vectors");
    g_autofree gchar *in = g_build_filename (vdir, "dsa_private_key.pem", NULL);
    g_autoptr (GBytes) trad = OPENSSL_OK ("pkey", "-in", in, "-traditional");
    g_autoptr (PkiPKey) key = NULL;
    assert_prefix (trad, "-----BEGIN DSA PRIVATE KEY-----");
    key = load_private_ok (PKI_FILETYPE_PEM, trad, NULL);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_DSA);
    assert_same_public (key, dsa);
  }
  {
    g_autofree gchar *vdir = pki_test_shared_dir ("pyopenssl-vectors");
    g_autofree gchar *in = g_build_filename (vdir, "ec_root_key_p384.pem", NULL);
    g_autofree gchar *out = g_build_filename (dir, "sec1.der", NULL);
    OPENSSL_RUN ("ec", "-in", in, "-outform", "DER", "-out", out);
    g_autoptr (GBytes) der = pki_test_read_file (out);
    g_autoptr (PkiPKey) key = load_private_ok (PKI_FILETYPE_ASN1, der, NULL);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_EC);
    g_assert_cmpstr (pki_pkey_get_curve_name (key), ==, "P-384");
    assert_same_public (key, ec);
  }

  /* Legacy PEM encryption (Proc-Type/DEK-Info, DES-EDE3-CBC). */
  {
    g_autoptr (PkiPKey) key = vec_private_full ("encrypted_key_foobar.pem", PKI_FILETYPE_PEM,
                                                "foobar");
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_RSA);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, 1024);
    g_assert_true (pki_pkey_has_private (key));
  }

  /* A passphrase given for an unencrypted key is not needed and harmless. */
  {
    g_autoptr (GBytes) pem = pki_test_vector ("cleartext_private_key.pem");
    g_autoptr (PkiPKey) key = load_private_ok (PKI_FILETYPE_PEM, pem, "unused");
    g_autoptr (PkiPKey) key2 = load_private_ok (PKI_FILETYPE_ASN1, pkcs8_der, "unused");
    assert_same_public (key, rsa);
    assert_same_public (key2, rsa);
  }

  /* Text before the PEM block, as `openssl pkcs12 -nodes` writes
   * ("Bag Attributes", "Key Attributes"), is skipped. */
  {
    g_autofree gchar *vdir = pki_test_shared_dir ("pyopenssl-vectors");
    g_autofree gchar *p12 = g_build_filename (vdir, "p12_client_whatever_ossl3default.p12", NULL);
    g_autoptr (GBytes) out = OPENSSL_OK ("pkcs12", "-in", p12, "-nodes", "-nocerts", "-passin",
                                         "pass:whatever");
    g_autoptr (PkiPKey) client = vec_private ("client_key.pem");
    g_autoptr (PkiPKey) key = NULL;
    assert_prefix (out, "Bag Attributes");
    key = load_private_ok (PKI_FILETYPE_PEM, out, NULL);
    assert_same_public (key, client);
  }

  /* Trailing data after the PEM block (a certificate) is ignored. */
  {
    g_autoptr (GBytes) pem = pki_test_vector ("root_key.pem");
    g_autoptr (GBytes) cert = pki_test_vector ("root_cert.pem");
    g_autoptr (GByteArray) both = g_byte_array_new ();
    g_autoptr (GBytes) joined = NULL;
    g_autoptr (PkiPKey) key = NULL;
    g_autoptr (PkiPKey) root = vec_private ("root_key.pem");
    g_byte_array_append (both, g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));
    g_byte_array_append (both, g_bytes_get_data (cert, NULL), g_bytes_get_size (cert));
    joined = g_byte_array_free_to_bytes (g_steal_pointer (&both));
    key = load_private_ok (PKI_FILETYPE_PEM, joined, NULL);
    assert_same_public (key, root);
  }
}

static void
test_load_private_passphrase_errors (void)
{
  g_autoptr (GBytes) enc = pki_test_vector ("encrypted_key_foobar.pem");

  if (enc == NULL)
    return;
  assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), NULL, PKI_ERROR_PASSPHRASE);
  assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), "quack",
                             PKI_ERROR_PASSPHRASE);
  assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), "", PKI_ERROR_PASSPHRASE);
  assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), "fooba",
                             PKI_ERROR_PASSPHRASE);
  assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), "foobarfoobar",
                             PKI_ERROR_PASSPHRASE);

  /* Encrypted PKCS#8, PEM and DER. */
  {
    g_autoptr (PkiPKey) key = vec_private ("ec_p256_private_key.pem");
    g_autoptr (GBytes) pem = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                              NULL, "right");
    g_autoptr (GBytes) der = dump_private_ok (key, PKI_FILETYPE_ASN1, PKI_KEY_FORMAT_PKCS8,
                                              NULL, "right");
    g_autoptr (PkiPKey) back_pem = load_private_ok (PKI_FILETYPE_PEM, pem, "right");
    g_autoptr (PkiPKey) back_der = load_private_ok (PKI_FILETYPE_ASN1, der, "right");

    assert_same_public (back_pem, key);
    assert_same_public (back_der, key);
    assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), NULL,
                               PKI_ERROR_PASSPHRASE);
    assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), "wrong",
                               PKI_ERROR_PASSPHRASE);
    assert_load_private_fails (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (der), NULL,
                               PKI_ERROR_PASSPHRASE);
    assert_load_private_fails (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (der), "wrong",
                               PKI_ERROR_PASSPHRASE);

    /* Truncated encrypted keys are bad input even with the right passphrase. */
    assert_load_private_fails (PKI_FILETYPE_PEM, g_bytes_get_data (pem, NULL),
                               g_bytes_get_size (pem) / 2, "right", PKI_ERROR_BAD_INPUT);
    assert_load_private_fails (PKI_FILETYPE_PEM, g_bytes_get_data (pem, NULL),
                               g_bytes_get_size (pem) - 40, "right", PKI_ERROR_BAD_INPUT);
    assert_load_private_fails (PKI_FILETYPE_ASN1, g_bytes_get_data (der, NULL),
                               g_bytes_get_size (der) / 2, "right", PKI_ERROR_BAD_INPUT);
    assert_load_private_fails (PKI_FILETYPE_ASN1, g_bytes_get_data (der, NULL),
                               g_bytes_get_size (der) - 1, "right", PKI_ERROR_BAD_INPUT);
  }
}

static void
test_load_private_bad_input (void)
{
  g_autoptr (GBytes) pem = pki_test_vector ("cleartext_private_key.pem");
  g_autoptr (GBytes) pub = NULL;
  g_autoptr (GBytes) cert = NULL;
  g_autoptr (GBytes) dh = NULL;
  g_autoptr (GBytes) der = NULL;
  static const char garbage[] = "fruit loops";
  static const guint8 junk_der[] = { 0x30, 0x82, 0xff, 0xff, 0x02, 0x01, 0x00 };
  gsize len;
  const guint8 *data;

  if (pem == NULL)
    return;
  pub = pki_test_vector ("cleartext_public_key.pem");
  cert = pki_test_vector ("root_cert.pem");
  dh = pki_test_vector ("dhparam_2048.pem");
  {
    g_autoptr (PkiPKey) key = load_private_ok (PKI_FILETYPE_PEM, pem, NULL);
    der = pki_pkey_dump_private (key, PKI_FILETYPE_ASN1, NULL);
    g_assert_nonnull (der);
    pki_assert_queue_empty ();
  }
  data = g_bytes_get_data (pem, &len);

  /* TEXT cannot be loaded; unknown filetype values are bad input. */
  assert_load_private_fails (PKI_FILETYPE_TEXT, data, len, NULL, PKI_ERROR_BAD_INPUT);
  assert_load_private_fails ((PkiFiletype) 100, data, len, NULL, PKI_ERROR_BAD_INPUT);
  assert_load_private_fails ((PkiFiletype) 0, data, len, NULL, PKI_ERROR_BAD_INPUT);
  /* PEM bytes are not DER, and DER bytes are not PEM. */
  assert_load_private_fails (PKI_FILETYPE_ASN1, data, len, NULL, PKI_ERROR_BAD_INPUT);
  assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (der), NULL, PKI_ERROR_BAD_INPUT);
  /* Empty, truncated, garbage. */
  assert_load_private_fails (PKI_FILETYPE_PEM, (const guint8 *) "", 0, NULL,
                             PKI_ERROR_BAD_INPUT);
  assert_load_private_fails (PKI_FILETYPE_ASN1, (const guint8 *) "", 0, NULL,
                             PKI_ERROR_BAD_INPUT);
  assert_load_private_fails (PKI_FILETYPE_PEM, data, len / 2, NULL, PKI_ERROR_BAD_INPUT);
  assert_load_private_fails (PKI_FILETYPE_PEM, data, 27, NULL, PKI_ERROR_BAD_INPUT);
  assert_load_private_fails (PKI_FILETYPE_ASN1, g_bytes_get_data (der, NULL),
                             g_bytes_get_size (der) / 2, NULL, PKI_ERROR_BAD_INPUT);
  assert_load_private_fails (PKI_FILETYPE_ASN1, g_bytes_get_data (der, NULL),
                             g_bytes_get_size (der) - 1, NULL, PKI_ERROR_BAD_INPUT);
  assert_load_private_fails (PKI_FILETYPE_PEM, (const guint8 *) garbage, strlen (garbage), NULL,
                             PKI_ERROR_BAD_INPUT);
  assert_load_private_fails (PKI_FILETYPE_ASN1, (const guint8 *) garbage, strlen (garbage),
                             NULL, PKI_ERROR_BAD_INPUT);
  assert_load_private_fails (PKI_FILETYPE_ASN1, junk_der, sizeof junk_der, NULL,
                             PKI_ERROR_BAD_INPUT);
  /* A garbage load with a passphrase is still bad input, not a passphrase problem. */
  assert_load_private_fails (PKI_FILETYPE_PEM, (const guint8 *) garbage, strlen (garbage),
                             "foobar", PKI_ERROR_BAD_INPUT);
  /* Wrong kinds of PEM: a public key, a certificate, DH parameters. */
  assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pub), NULL, PKI_ERROR_BAD_INPUT);
  assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (cert), NULL, PKI_ERROR_BAD_INPUT);
  assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (dh), NULL, PKI_ERROR_BAD_INPUT);
  /* A public key's DER is not a private key either. */
  {
    g_autoptr (PkiPKey) pk = load_public_ok (PKI_FILETYPE_PEM, pub);
    g_autoptr (GBytes) pub_der = dump_public_ok (pk, PKI_FILETYPE_ASN1);
    assert_load_private_fails (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (pub_der), NULL,
                               PKI_ERROR_BAD_INPUT);
  }
  /* The same bad inputs through the callback API: the callback is not asked. */
  {
    PassData d = { 0 };
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_PEM, (const guint8 *) garbage, strlen (garbage), pass_cb, &d, &error);
    pki_assert_queue_empty ();
    g_assert_null (key);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    g_assert_cmpuint (d.calls, ==, 0);
  }
}

static void
test_load_private_callback (void)
{
  g_autoptr (GBytes) enc = pki_test_vector ("encrypted_key_foobar.pem");
  g_autoptr (GBytes) clear = NULL;
  g_autoptr (GBytes) foobar = g_bytes_new_static ("foobar", 6);

  if (enc == NULL)
    return;
  clear = pki_test_vector ("cleartext_private_key.pem");

  /* Called exactly once, for reading. */
  {
    PassData d = { .passphrase = foobar };
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), pass_cb, &d, &error);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    g_assert_nonnull (key);
    g_assert_cmpuint (d.calls, ==, 1);
    g_assert_false (d.writing);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_RSA);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, 1024);
  }
  /* Never called for an unencrypted key, PEM or DER. */
  {
    PassData d = { .passphrase = foobar };
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_PEM, PKI_BYTES_ARGS (clear), pass_cb, &d, &error);
    g_autoptr (GBytes) der = NULL;
    g_autoptr (PkiPKey) key2 = NULL;
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    g_assert_nonnull (key);
    g_assert_cmpuint (d.calls, ==, 0);

    der = pki_pkey_dump_private (key, PKI_FILETYPE_ASN1, &error);
    g_assert_no_error (error);
    key2 = pki_pkey_load_private_with_callback (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (der),
                                                pass_cb, &d, &error);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    g_assert_nonnull (key2);
    g_assert_cmpuint (d.calls, ==, 0);
  }
  /* A wrong passphrase: asked once, then PASSPHRASE. */
  {
    g_autoptr (GBytes) wrong = g_bytes_new_static ("quack", 5);
    PassData d = { .passphrase = wrong };
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), pass_cb, &d, &error);
    pki_assert_queue_empty ();
    g_assert_null (key);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE);
    g_assert_cmpuint (d.calls, ==, 1);
  }
  /* An empty passphrase is just a wrong one. */
  {
    g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
    PassData d = { .passphrase = empty };
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), pass_cb, &d, &error);
    pki_assert_queue_empty ();
    g_assert_null (key);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE);
    g_assert_cmpuint (d.calls, ==, 1);
  }
  /* NULL without an error: PASSPHRASE. */
  {
    PassData d = { 0 };
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), pass_cb, &d, &error);
    pki_assert_queue_empty ();
    g_assert_null (key);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE);
    g_assert_cmpuint (d.calls, ==, 1);
  }
  /* NULL with the callback's own error: that error, unchanged. */
  {
    PassData d = { .passphrase = foobar, .set_error = TRUE };
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), pass_cb, &d, &error);
    pki_assert_queue_empty ();
    g_assert_null (key);
    g_assert_error (error, CB_ERROR_DOMAIN, CB_ERROR_CODE);
    g_assert_cmpstr (error->message, ==, CB_ERROR_MESSAGE);
    g_assert_cmpuint (d.calls, ==, 1);
  }
  /* No callback at all (func is nullable): an encrypted key needs one... */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), NULL, NULL, &error);
    pki_assert_queue_empty ();
    g_assert_null (key);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE);
  }
  /* ... an unencrypted one does not. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_PEM, PKI_BYTES_ARGS (clear), NULL, NULL, &error);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    g_assert_nonnull (key);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, 1024);
  }
  /* Encrypted PKCS#8 DER through the callback. */
  {
    g_autoptr (PkiPKey) key = vec_private ("ed25519_private_key.pem");
    g_autoptr (GBytes) der = dump_private_ok (key, PKI_FILETYPE_ASN1, PKI_KEY_FORMAT_PKCS8,
                                              NULL, "foobar");
    PassData d = { .passphrase = foobar };
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) back = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (der), pass_cb, &d, &error);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    g_assert_nonnull (back);
    g_assert_cmpuint (d.calls, ==, 1);
    g_assert_false (d.writing);
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
    PassData w = { .passphrase = nul };
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) dumped = pki_pkey_dump_private_with_callback (key, types[i], NULL,
                                                                     pass_cb, &w, &error);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    g_assert_nonnull (dumped);
    g_assert_cmpuint (w.calls, ==, 1);
    g_assert_true (w.writing);
    if (types[i] == PKI_FILETYPE_PEM)
      assert_prefix (dumped, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n");

    /* The full 7 bytes load it. */
    {
      PassData r = { .passphrase = nul };
      g_autoptr (PkiPKey) back = pki_pkey_load_private_with_callback (
          types[i], PKI_BYTES_ARGS (dumped), pass_cb, &r, &error);
      pki_assert_queue_empty ();
      g_assert_no_error (error);
      g_assert_nonnull (back);
      g_assert_cmpuint (r.calls, ==, 1);
      g_assert_false (r.writing);
      assert_same_public (back, key);
    }
    /* "foo" (the part before the NUL) does not, as a string or as bytes. */
    assert_load_private_fails (types[i], PKI_BYTES_ARGS (dumped), "foo", PKI_ERROR_PASSPHRASE);
    {
      PassData r = { .passphrase = foo };
      g_autoptr (PkiPKey) back = pki_pkey_load_private_with_callback (
          types[i], PKI_BYTES_ARGS (dumped), pass_cb, &r, &error);
      pki_assert_queue_empty ();
      g_assert_null (back);
      g_assert_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE);
      g_assert_cmpuint (r.calls, ==, 1);
    }
  }

  /* The other direction: encrypted with "foo", "foo\0bar" must not open it. */
  {
    g_autoptr (GBytes) dumped = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                                 NULL, "foo");
    PassData r = { .passphrase = nul };
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) back = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_PEM, PKI_BYTES_ARGS (dumped), pass_cb, &r, &error);
    pki_assert_queue_empty ();
    g_assert_null (back);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE);
    g_assert_cmpuint (r.calls, ==, 1);
    g_clear_error (&error);
    {
      PassData ok = { .passphrase = foo };
      g_autoptr (PkiPKey) back2 = pki_pkey_load_private_with_callback (
          PKI_FILETYPE_PEM, PKI_BYTES_ARGS (dumped), pass_cb, &ok, &error);
      pki_assert_queue_empty ();
      g_assert_no_error (error);
      assert_same_public (back2, key);
    }
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

/* A long passphrase either works in full, or is refused cleanly; never is
 * it silently cut to 1024 bytes. */
static void
test_passphrase_long (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (PkiPKey) key = generate_ec_ok ("P-256");
  const gsize sizes[] = { 1024, 1025, 2000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
    g_autoptr (GBytes) pass = long_passphrase (sizes[i]);
    g_autoptr (GBytes) prefix = g_bytes_new_from_bytes (pass, 0, 1024 - (sizes[i] == 1024));
    PassData w = { .passphrase = pass };
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) dumped = NULL;
    g_autoptr (PkiPKey) back = NULL;

    g_test_message ("passphrase of %" G_GSIZE_FORMAT " bytes", sizes[i]);
    dumped = pki_pkey_dump_private_with_callback (key, PKI_FILETYPE_PEM, NULL, pass_cb, &w,
                                                  &error);
    pki_assert_queue_empty ();
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
      g_autofree gchar *arg = g_strconcat ("pass:", (const char *) g_bytes_get_data (pass, NULL),
                                           NULL);
      g_autofree gchar *arg_prefix = g_strndup (arg, strlen ("pass:") + g_bytes_get_size (prefix));
      g_autoptr (GBytes) clear = OPENSSL_OK ("pkcs8", "-in", path, "-passin", arg);
      g_autoptr (PkiPKey) opened = load_private_ok (PKI_FILETYPE_PEM, clear, NULL);
      g_autoptr (GBytes) cut = NULL;
      gchar *err = NULL;

      assert_same_public (opened, key);
      cut = pki_test_openssl (&err, (const char *const[]){ "pkcs8", "-in", path, "-passin",
                                                           arg_prefix, NULL });
      g_assert_null (cut);
      g_free (err);
    }

    /* Loading with the full passphrase works or fails cleanly. */
    {
      PassData r = { .passphrase = pass };
      back = pki_pkey_load_private_with_callback (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (dumped),
                                                  pass_cb, &r, &error);
      pki_assert_queue_empty ();
      g_assert_cmpuint (r.calls, ==, 1);
      if (back == NULL) {
        assert_error_either (error, PKI_ERROR_BAD_INPUT, PKI_ERROR_PASSPHRASE);
        g_test_message ("load refused: %s", error->message);
        g_clear_error (&error);
      } else {
        g_assert_no_error (error);
        assert_same_public (back, key);
      }
    }

    /* A shorter prefix never opens it. */
    {
      PassData r = { .passphrase = prefix };
      g_autoptr (PkiPKey) cut = pki_pkey_load_private_with_callback (
          PKI_FILETYPE_PEM, PKI_BYTES_ARGS (dumped), pass_cb, &r, &error);
      pki_assert_queue_empty ();
      g_assert_null (cut);
      g_assert_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE);
      g_clear_error (&error);
    }
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
      if (back == NULL) {
        assert_error_either (error, PKI_ERROR_BAD_INPUT, PKI_ERROR_PASSPHRASE);
        g_clear_error (&error);
      } else {
        assert_same_public (back, key);
      }
      assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (dumped), prefix,
                                 PKI_ERROR_PASSPHRASE);
    }
  }

  /* A key the openssl CLI encrypted with a 2000-byte passphrase. */
  {
    g_autoptr (GBytes) pass = long_passphrase (2000);
    g_autoptr (GBytes) prefix = g_bytes_new_from_bytes (pass, 0, 1024);
    g_autoptr (GBytes) clear = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                                NULL, NULL);
    g_autofree gchar *in = pki_test_write (dir, "clear.pem", clear);
    g_autofree gchar *out = g_build_filename (dir, "cli-long.pem", NULL);
    g_autofree gchar *arg = g_strconcat ("pass:", (const char *) g_bytes_get_data (pass, NULL),
                                         NULL);
    OPENSSL_RUN ("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", in, "-passout", arg, "-out", out);
    g_autoptr (GBytes) enc = pki_test_read_file (out);
    PassData r = { .passphrase = pass };
    PassData rp = { .passphrase = prefix };
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) back = pki_pkey_load_private_with_callback (
        PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), pass_cb, &r, &error);
    g_autoptr (PkiPKey) cut = NULL;

    pki_assert_queue_empty ();
    if (back == NULL) {
      assert_error_either (error, PKI_ERROR_BAD_INPUT, PKI_ERROR_PASSPHRASE);
      g_clear_error (&error);
    } else {
      assert_same_public (back, key);
    }
    cut = pki_pkey_load_private_with_callback (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), pass_cb,
                                               &rp, &error);
    pki_assert_queue_empty ();
    g_assert_null (cut);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE);
  }

  /* The other way round: a key encrypted with the first 1024 bytes must not
   * open with the 2000-byte passphrase (it would if loading cut it). */
  {
    g_autoptr (GBytes) pass = long_passphrase (2000);
    const char *s = g_bytes_get_data (pass, NULL);
    g_autofree gchar *prefix = g_strndup (s, 1024);
    g_autoptr (GBytes) clear = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                                NULL, NULL);
    g_autofree gchar *in = pki_test_write (dir, "clear.pem", clear);
    g_autofree gchar *out = g_build_filename (dir, "cli-1024.pem", NULL);
    g_autofree gchar *arg = g_strconcat ("pass:", prefix, NULL);
    g_autoptr (GBytes) enc = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) back = NULL;
    g_autoptr (PkiPKey) with_prefix = NULL;
    PassData r = { .passphrase = pass };

    OPENSSL_RUN ("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", in, "-passout", arg, "-out", out);
    enc = pki_test_read_file (out);
    back = pki_pkey_load_private_with_callback (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), pass_cb,
                                                &r, &error);
    pki_assert_queue_empty ();
    g_assert_null (back);
    assert_error_either (error, PKI_ERROR_BAD_INPUT, PKI_ERROR_PASSPHRASE);
    g_clear_error (&error);
    back = pki_pkey_load_private (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), s, &error);
    pki_assert_queue_empty ();
    g_assert_null (back);
    assert_error_either (error, PKI_ERROR_BAD_INPUT, PKI_ERROR_PASSPHRASE);
    g_clear_error (&error);
    /* ... while the 1024 bytes themselves do open it. */
    with_prefix = pki_pkey_load_private (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), prefix,
                                         &error);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    assert_same_public (with_prefix, key);
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
  g_autofree gchar *vdir = pki_test_shared_dir ("pyopenssl-vectors");

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autoptr (PkiPKey) key = vec_private (files[i]);
    g_autofree gchar *path = NULL;
    g_autofree gchar *der_path = g_build_filename (dir, "cli.der", NULL);
    g_autoptr (GBytes) pem = NULL;
    g_autoptr (GBytes) pem_full = NULL;
    g_autoptr (GBytes) der = NULL;
    g_autoptr (GBytes) cli_pem = NULL;
    g_autoptr (GBytes) cli_der = NULL;
    g_autoptr (PkiPKey) from_pem = NULL;
    g_autoptr (PkiPKey) from_der = NULL;
    g_autoptr (GBytes) der_again = NULL;
    g_autoptr (GError) error = NULL;

    if (key == NULL)
      return;
    g_test_message ("%s", files[i]);
    path = g_build_filename (vdir, files[i], NULL);

    pem = pki_pkey_dump_private (key, PKI_FILETYPE_PEM, &error);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    assert_prefix (pem, "-----BEGIN PRIVATE KEY-----\n");
    g_assert_true (bytes_has_suffix (pem, "-----END PRIVATE KEY-----\n"));
    /* Byte for byte what `openssl pkey` writes. */
    cli_pem = OPENSSL_OK ("pkey", "-in", path);
    assert_bytes_equal (pem, cli_pem);

    /* dump_private is dump_private_full with PKCS#8 and no encryption. */
    pem_full = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL, NULL);
    assert_bytes_equal (pem_full, pem);

    der = pki_pkey_dump_private (key, PKI_FILETYPE_ASN1, &error);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    OPENSSL_RUN ("pkcs8", "-topk8", "-nocrypt", "-in", path, "-outform", "DER", "-out", der_path);
    cli_der = pki_test_read_file (der_path);
    assert_bytes_equal (der, cli_der);

    from_pem = load_private_ok (PKI_FILETYPE_PEM, pem, NULL);
    from_der = load_private_ok (PKI_FILETYPE_ASN1, der, NULL);
    assert_same_public (from_pem, key);
    assert_same_public (from_der, key);
    g_assert_true (pki_pkey_has_private (from_der));
    der_again = pki_pkey_dump_private (from_der, PKI_FILETYPE_ASN1, &error);
    g_assert_no_error (error);
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
  g_autofree gchar *vdir = pki_test_shared_dir ("pyopenssl-vectors");

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autoptr (PkiPKey) key = vec_private (files[i]);
    g_autofree gchar *path = NULL;
    g_autoptr (GBytes) text = NULL;
    g_autoptr (GBytes) text_full = NULL;
    g_autoptr (GBytes) cli = NULL;
    g_autoptr (GError) error = NULL;

    if (key == NULL)
      return;
    g_test_message ("%s", files[i]);
    path = g_build_filename (vdir, files[i], NULL);
    text = pki_pkey_dump_private (key, PKI_FILETYPE_TEXT, &error);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    cli = OPENSSL_OK ("pkey", "-in", path, "-noout", "-text");
    assert_bytes_equal (text, cli);

    text_full = dump_private_ok (key, PKI_FILETYPE_TEXT, PKI_KEY_FORMAT_PKCS8, NULL, NULL);
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
  g_autofree gchar *vdir = pki_test_shared_dir ("pyopenssl-vectors");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) key = vec_private (cases[i].file);
    g_autofree gchar *path = NULL;
    g_autoptr (GBytes) pem = NULL;
    g_autoptr (GBytes) der = NULL;
    g_autoptr (GBytes) cli = NULL;
    g_autoptr (PkiPKey) from_pem = NULL;
    g_autoptr (PkiPKey) from_der = NULL;

    if (key == NULL)
      return;
    g_test_message ("%s", cases[i].file);
    path = g_build_filename (vdir, cases[i].file, NULL);
    pem = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_TRADITIONAL, NULL, NULL);
    assert_prefix (pem, cases[i].header);
    cli = OPENSSL_OK ("pkey", "-in", path, "-traditional");
    assert_bytes_equal (pem, cli);
    der = dump_private_ok (key, PKI_FILETYPE_ASN1, PKI_KEY_FORMAT_TRADITIONAL, NULL, NULL);
    g_assert_cmpuint (g_bytes_get_size (der), >, 0);
    g_assert_cmpint (((const guint8 *) g_bytes_get_data (der, NULL))[0], ==, 0x30);

    from_pem = load_private_ok (PKI_FILETYPE_PEM, pem, NULL);
    from_der = load_private_ok (PKI_FILETYPE_ASN1, der, NULL);
    g_assert_cmpint (pki_pkey_get_key_type (from_der), ==, pki_pkey_get_key_type (key));
    assert_same_public (from_pem, key);
    assert_same_public (from_der, key);
    g_assert_true (pki_pkey_has_private (from_der));
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

static void
test_dump_private_encrypted (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (PkiPKey) key = vec_private ("rsa_private_key.pem");
  g_autoptr (GBytes) pub = NULL;

  if (key == NULL)
    return;
  pub = dump_public_ok (key, PKI_FILETYPE_PEM);

  /* Default cipher: AES-256-CBC with PBKDF2 (PBES2). */
  {
    g_autoptr (GBytes) pem = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL,
                                              "s3cret");
    g_autoptr (GBytes) pem2 = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                               NULL, "s3cret");
    g_autofree gchar *path = pki_test_write (dir, "enc.pem", pem);
    g_autoptr (GBytes) parsed = OPENSSL_OK ("asn1parse", "-in", path);
    g_autoptr (GBytes) cli_pub = OPENSSL_OK ("pkey", "-in", path, "-passin", "pass:s3cret",
                                             "-pubout");
    g_autoptr (GBytes) cli_clear = OPENSSL_OK ("pkey", "-in", path, "-passin", "pass:s3cret");
    g_autoptr (GBytes) our_clear = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                                    NULL, NULL);
    g_autoptr (PkiPKey) back = load_private_ok (PKI_FILETYPE_PEM, pem, "s3cret");
    gchar *err = NULL;
    g_autoptr (GBytes) wrong = pki_test_openssl (
        &err, (const char *const[]){ "pkey", "-in", path, "-passin", "pass:nope", NULL });

    assert_prefix (pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    g_assert_true (bytes_has_suffix (pem, "-----END ENCRYPTED PRIVATE KEY-----\n"));
    assert_contains (parsed, "PBES2");
    assert_contains (parsed, "PBKDF2");
    assert_contains (parsed, "aes-256-cbc");
    assert_bytes_equal (cli_pub, pub);
    assert_bytes_equal (cli_clear, our_clear);
    assert_same_public (back, key);
    g_assert_true (pki_pkey_has_private (back));
    /* A fresh salt and IV each time. */
    g_assert_false (g_bytes_equal (pem, pem2));
    /* The CLI agrees the passphrase matters. */
    g_assert_null (wrong);
    g_free (err);
  }

  /* A named cipher. */
  {
    g_autoptr (GBytes) pem = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                              "aes-128-cbc", "s3cret");
    g_autofree gchar *path = pki_test_write (dir, "enc128.pem", pem);
    g_autoptr (GBytes) parsed = OPENSSL_OK ("asn1parse", "-in", path);
    g_autoptr (GBytes) cli_pub = OPENSSL_OK ("pkey", "-in", path, "-passin", "pass:s3cret",
                                             "-pubout");
    g_autoptr (PkiPKey) back = load_private_ok (PKI_FILETYPE_PEM, pem, "s3cret");
    assert_prefix (pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    assert_contains (parsed, "aes-128-cbc");
    g_assert_false (bytes_contains (parsed, "aes-256-cbc"));
    assert_bytes_equal (cli_pub, pub);
    assert_same_public (back, key);
  }
  {
    g_autoptr (GBytes) pem = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                              "aes-256-cbc", "s3cret");
    g_autofree gchar *path = pki_test_write (dir, "enc256.pem", pem);
    g_autoptr (GBytes) parsed = OPENSSL_OK ("asn1parse", "-in", path);
    assert_contains (parsed, "aes-256-cbc");
  }
  /* OpenSSL's cipher names, in either case, as the documentation spells them. */
  {
    static const struct {
      const char *name;
      const char *oid;
    } ciphers[] = {
      { "AES-128-CBC", "aes-128-cbc" },
      { "AES-192-CBC", "aes-192-cbc" },
      { "CAMELLIA-256-CBC", "camellia-256-cbc" },
      { "des-ede3-cbc", "des-ede3-cbc" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (ciphers); i++) {
      g_autoptr (GBytes) pem = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8,
                                                ciphers[i].name, "s3cret");
      g_autofree gchar *path = pki_test_write (dir, "enc-named.pem", pem);
      g_autoptr (GBytes) parsed = OPENSSL_OK ("asn1parse", "-in", path);
      g_autoptr (GBytes) cli_pub = OPENSSL_OK ("pkey", "-in", path, "-passin", "pass:s3cret",
                                               "-pubout");
      g_autoptr (PkiPKey) back = load_private_ok (PKI_FILETYPE_PEM, pem, "s3cret");
      assert_contains (parsed, ciphers[i].oid);
      assert_bytes_equal (cli_pub, pub);
      assert_same_public (back, key);
    }
  }
  /* Ciphers PBES2 cannot use: AEAD, stream, counter mode. */
  {
    static const char *const unusable[] = { "aes-256-gcm", "chacha20-poly1305", "chacha20",
                                            "aes-128-ctr", "" };
    for (guint i = 0; i < G_N_ELEMENTS (unusable); i++)
      assert_dump_private_fails (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, unusable[i],
                                 "s3cret", PKI_ERROR_UNSUPPORTED);
  }

  /* Encrypted DER: an EncryptedPrivateKeyInfo. */
  {
    g_autoptr (GBytes) der = dump_private_ok (key, PKI_FILETYPE_ASN1, PKI_KEY_FORMAT_PKCS8, NULL,
                                              "s3cret");
    g_autofree gchar *path = pki_test_write (dir, "enc.der", der);
    g_autoptr (GBytes) parsed = OPENSSL_OK ("asn1parse", "-inform", "DER", "-in", path);
    g_autoptr (GBytes) cli_pub = OPENSSL_OK ("pkcs8", "-inform", "DER", "-in", path, "-passin",
                                             "pass:s3cret");
    g_autoptr (PkiPKey) from_cli = load_private_ok (PKI_FILETYPE_PEM, cli_pub, NULL);
    g_autoptr (PkiPKey) back = load_private_ok (PKI_FILETYPE_ASN1, der, "s3cret");
    g_assert_cmpint (((const guint8 *) g_bytes_get_data (der, NULL))[0], ==, 0x30);
    assert_contains (parsed, "PBKDF2");
    assert_contains (parsed, "aes-256-cbc");
    assert_same_public (from_cli, key);
    assert_same_public (back, key);
  }

  /* Bad combinations. */
  assert_dump_private_fails (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, "aes-256-cbc", NULL,
                             PKI_ERROR_BAD_INPUT);
  assert_dump_private_fails (key, PKI_FILETYPE_ASN1, PKI_KEY_FORMAT_PKCS8, "aes-256-cbc", NULL,
                             PKI_ERROR_BAD_INPUT);
  assert_dump_private_fails (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, "zippers", "s3cret",
                             PKI_ERROR_UNSUPPORTED);
  assert_dump_private_fails (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_TRADITIONAL, NULL, "s3cret",
                             PKI_ERROR_UNSUPPORTED);
  assert_dump_private_fails (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_TRADITIONAL, "aes-256-cbc",
                             "s3cret", PKI_ERROR_UNSUPPORTED);
  assert_dump_private_fails (key, PKI_FILETYPE_TEXT, PKI_KEY_FORMAT_PKCS8, NULL, "s3cret",
                             PKI_ERROR_BAD_INPUT);
  assert_dump_private_fails (key, (PkiFiletype) 100, PKI_KEY_FORMAT_PKCS8, NULL, NULL,
                             PKI_ERROR_BAD_INPUT);
  assert_dump_private_fails (key, (PkiFiletype) 0, PKI_KEY_FORMAT_PKCS8, NULL, NULL,
                             PKI_ERROR_BAD_INPUT);
  assert_dump_private_fails (key, PKI_FILETYPE_PEM, (PkiKeyFormat) 7, NULL, NULL,
                             PKI_ERROR_BAD_INPUT);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) b = pki_pkey_dump_private (key, (PkiFiletype) 100, &error);
    pki_assert_queue_empty ();
    g_assert_null (b);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  }

  /* A public-only key has no private half to dump, in any form. */
  {
    g_autoptr (PkiPKey) pk = pki_pkey_get_public (key);
    g_autoptr (GError) error = NULL;
    const PkiFiletype types[] = { PKI_FILETYPE_PEM, PKI_FILETYPE_ASN1, PKI_FILETYPE_TEXT };

    for (guint i = 0; i < G_N_ELEMENTS (types); i++) {
      g_autoptr (GBytes) b = pki_pkey_dump_private (pk, types[i], &error);
      pki_assert_queue_empty ();
      g_assert_null (b);
      g_assert_error (error, PKI_ERROR, PKI_ERROR_KEY_TYPE);
      g_clear_error (&error);
    }
    assert_dump_private_fails (pk, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_TRADITIONAL, NULL, NULL,
                               PKI_ERROR_KEY_TYPE);
    assert_dump_private_fails (pk, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL, "s3cret",
                               PKI_ERROR_KEY_TYPE);
  }
}

static void
test_dump_private_callback (void)
{
  g_autoptr (PkiPKey) key = vec_private ("ec_p256_private_key.pem");
  g_autoptr (GBytes) hunter = g_bytes_new_static ("hunter2", 7);

  if (key == NULL)
    return;

  {
    PassData w = { .passphrase = hunter };
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) pem = pki_pkey_dump_private_with_callback (key, PKI_FILETYPE_PEM, NULL,
                                                                  pass_cb, &w, &error);
    g_autoptr (PkiPKey) back = NULL;
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    g_assert_cmpuint (w.calls, ==, 1);
    g_assert_true (w.writing);
    assert_prefix (pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    back = load_private_ok (PKI_FILETYPE_PEM, pem, "hunter2");
    assert_same_public (back, key);
    assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), "hunter",
                               PKI_ERROR_PASSPHRASE);
  }
  {
    g_autoptr (TestDir) dir = pki_test_tmpdir ();
    PassData w = { .passphrase = hunter };
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) der = pki_pkey_dump_private_with_callback (
        key, PKI_FILETYPE_ASN1, "aes-128-cbc", pass_cb, &w, &error);
    g_autofree gchar *path = NULL;
    g_autoptr (GBytes) parsed = NULL;
    g_autoptr (PkiPKey) back = NULL;
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    g_assert_cmpuint (w.calls, ==, 1);
    g_assert_true (w.writing);
    path = pki_test_write (dir, "cb.der", der);
    parsed = OPENSSL_OK ("asn1parse", "-inform", "DER", "-in", path);
    assert_contains (parsed, "aes-128-cbc");
    back = load_private_ok (PKI_FILETYPE_ASN1, der, "hunter2");
    assert_same_public (back, key);
  }
  /* NULL without an error: PASSPHRASE. */
  {
    PassData w = { 0 };
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) pem = pki_pkey_dump_private_with_callback (key, PKI_FILETYPE_PEM, NULL,
                                                                  pass_cb, &w, &error);
    pki_assert_queue_empty ();
    g_assert_null (pem);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE);
    g_assert_cmpuint (w.calls, ==, 1);
    g_assert_true (w.writing);
  }
  /* The callback's own error comes back unchanged. */
  {
    PassData w = { .passphrase = hunter, .set_error = TRUE };
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) pem = pki_pkey_dump_private_with_callback (key, PKI_FILETYPE_PEM, NULL,
                                                                  pass_cb, &w, &error);
    pki_assert_queue_empty ();
    g_assert_null (pem);
    g_assert_error (error, CB_ERROR_DOMAIN, CB_ERROR_CODE);
    g_assert_cmpstr (error->message, ==, CB_ERROR_MESSAGE);
    g_assert_cmpuint (w.calls, ==, 1);
  }
  /* Unknown cipher, TEXT, a public-only key. */
  {
    PassData w = { .passphrase = hunter };
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) pem = pki_pkey_dump_private_with_callback (key, PKI_FILETYPE_PEM,
                                                                  "zippers", pass_cb, &w,
                                                                  &error);
    pki_assert_queue_empty ();
    g_assert_null (pem);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_UNSUPPORTED);
    g_assert_cmpuint (w.calls, <=, 1);
  }
  {
    PassData w = { .passphrase = hunter };
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) text = pki_pkey_dump_private_with_callback (key, PKI_FILETYPE_TEXT, NULL,
                                                                   pass_cb, &w, &error);
    pki_assert_queue_empty ();
    g_assert_null (text);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  }
  {
    g_autoptr (PkiPKey) pk = pki_pkey_get_public (key);
    PassData w = { .passphrase = hunter };
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) pem = pki_pkey_dump_private_with_callback (pk, PKI_FILETYPE_PEM, NULL,
                                                                  pass_cb, &w, &error);
    pki_assert_queue_empty ();
    g_assert_null (pem);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_KEY_TYPE);
  }
}

/* --- public keys --------------------------------------------------------- */

static void
test_public_keys (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (GBytes) pem = pki_test_vector ("cleartext_public_key.pem");
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (GBytes) pem_out = NULL;
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GBytes) text = NULL;
  g_autoptr (PkiPKey) from_der = NULL;
  g_autoptr (GBytes) der_again = NULL;
  g_autoptr (PkiPKey) again = NULL;
  g_autofree gchar *vdir = NULL;
  g_autofree gchar *path = NULL;
  g_autofree gchar *der_path = NULL;

  if (pem == NULL)
    return;
  vdir = pki_test_shared_dir ("pyopenssl-vectors");
  path = g_build_filename (vdir, "cleartext_public_key.pem", NULL);
  der_path = g_build_filename (dir, "pub.der", NULL);

  key = load_public_ok (PKI_FILETYPE_PEM, pem);
  g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_RSA);
  g_assert_cmpuint (pki_pkey_get_bits (key), ==, 2048);
  g_assert_cmpstr (pki_pkey_get_type_name (key), ==, "RSA");
  g_assert_false (pki_pkey_has_private (key));

  pem_out = dump_public_ok (key, PKI_FILETYPE_PEM);
  assert_bytes_equal (pem_out, pem);

  der = dump_public_ok (key, PKI_FILETYPE_ASN1);
  {
    OPENSSL_RUN ("pkey", "-pubin", "-in", path, "-outform", "DER", "-out", der_path);
    g_autoptr (GBytes) cli_der = pki_test_read_file (der_path);
    assert_bytes_equal (der, cli_der);
  }
  from_der = load_public_ok (PKI_FILETYPE_ASN1, der);
  g_assert_false (pki_pkey_has_private (from_der));
  g_assert_true (pki_pkey_public_equal (from_der, key));
  der_again = dump_public_ok (from_der, PKI_FILETYPE_ASN1);
  assert_bytes_equal (der_again, der);

  text = dump_public_ok (key, PKI_FILETYPE_TEXT);
  {
    g_autoptr (GBytes) cli_text = OPENSSL_OK ("pkey", "-pubin", "-in", path, "-noout", "-text");
    assert_bytes_equal (text, cli_text);
    assert_contains (text, "Modulus");
  }

  /* get_public of a public key: documented as a new reference to it. */
  again = pki_pkey_get_public (key);
  pki_assert_queue_empty ();
  g_assert_nonnull (again);
  g_assert_true (again == key);
  g_assert_false (pki_pkey_has_private (again));
  g_assert_true (pki_pkey_public_equal (again, key));

  /* Bad input. */
  {
    gsize len;
    const guint8 *data = g_bytes_get_data (pem, &len);
    g_autoptr (GBytes) priv = pki_test_vector ("cleartext_private_key.pem");
    g_autoptr (GBytes) cert = pki_test_vector ("root_cert.pem");
    g_autoptr (PkiPKey) pk = load_private_ok (PKI_FILETYPE_PEM, priv, NULL);
    g_autoptr (GBytes) priv_der = pki_pkey_dump_private (pk, PKI_FILETYPE_ASN1, NULL);
    static const char garbage[] = "fruit loops";

    pki_assert_queue_empty ();
    assert_load_public_fails (PKI_FILETYPE_TEXT, data, len, PKI_ERROR_BAD_INPUT);
    assert_load_public_fails ((PkiFiletype) 100, data, len, PKI_ERROR_BAD_INPUT);
    assert_load_public_fails (PKI_FILETYPE_ASN1, data, len, PKI_ERROR_BAD_INPUT);
    assert_load_public_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (der), PKI_ERROR_BAD_INPUT);
    assert_load_public_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (priv), PKI_ERROR_BAD_INPUT);
    assert_load_public_fails (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (priv_der), PKI_ERROR_BAD_INPUT);
    assert_load_public_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (cert), PKI_ERROR_BAD_INPUT);
    assert_load_public_fails (PKI_FILETYPE_PEM, (const guint8 *) "", 0, PKI_ERROR_BAD_INPUT);
    assert_load_public_fails (PKI_FILETYPE_ASN1, (const guint8 *) "", 0, PKI_ERROR_BAD_INPUT);
    assert_load_public_fails (PKI_FILETYPE_PEM, data, len / 2, PKI_ERROR_BAD_INPUT);
    assert_load_public_fails (PKI_FILETYPE_ASN1, g_bytes_get_data (der, NULL),
                              g_bytes_get_size (der) - 1, PKI_ERROR_BAD_INPUT);
    assert_load_public_fails (PKI_FILETYPE_ASN1, g_bytes_get_data (der, NULL), 10,
                              PKI_ERROR_BAD_INPUT);
    assert_load_public_fails (PKI_FILETYPE_PEM, (const guint8 *) garbage, strlen (garbage),
                              PKI_ERROR_BAD_INPUT);
    assert_load_public_fails (PKI_FILETYPE_ASN1, (const guint8 *) garbage, strlen (garbage),
                              PKI_ERROR_BAD_INPUT);
  }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) b = pki_pkey_dump_public (key, (PkiFiletype) 100, &error);
    pki_assert_queue_empty ();
    g_assert_null (b);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  }
}

/* Public halves of every key type round-trip through PEM, DER and TEXT. */
static void
test_public_roundtrip_types (void)
{
  g_autofree gchar *vdir = pki_test_shared_dir ("pyopenssl-vectors");
  static const char *const files[] = {
    "dsa_private_key.pem", "ec_root_key_p384.pem", "ed25519_private_key.pem",
    "ed448_private_key.pem", "x25519_private_key.pem",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autoptr (PkiPKey) key = vec_private (files[i]);
    g_autofree gchar *path = NULL;
    g_autoptr (GBytes) pem = NULL;
    g_autoptr (GBytes) der = NULL;
    g_autoptr (GBytes) text = NULL;
    g_autoptr (GBytes) cli_pem = NULL;
    g_autoptr (GBytes) cli_text = NULL;
    g_autoptr (PkiPKey) from_pem = NULL;
    g_autoptr (PkiPKey) from_der = NULL;

    if (key == NULL)
      return;
    g_test_message ("%s", files[i]);
    path = g_build_filename (vdir, files[i], NULL);
    pem = dump_public_ok (key, PKI_FILETYPE_PEM);
    der = dump_public_ok (key, PKI_FILETYPE_ASN1);
    text = dump_public_ok (key, PKI_FILETYPE_TEXT);
    assert_prefix (pem, "-----BEGIN PUBLIC KEY-----\n");
    cli_pem = OPENSSL_OK ("pkey", "-in", path, "-pubout");
    assert_bytes_equal (pem, cli_pem);
    cli_text = OPENSSL_OK ("pkey", "-in", path, "-pubout", "-noout", "-text");
    assert_bytes_equal (text, cli_text);

    from_pem = load_public_ok (PKI_FILETYPE_PEM, pem);
    from_der = load_public_ok (PKI_FILETYPE_ASN1, der);
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

/* The openssl CLI reads every form of @key libpki writes. */
static void
check_openssl_reads (const char *dir, PkiPKey *key, const char *tag)
{
  PkiPKeyType type = pki_pkey_get_key_type (key);
  gboolean has_traditional = type == PKI_PKEY_TYPE_RSA || type == PKI_PKEY_TYPE_DSA
                             || type == PKI_PKEY_TYPE_EC;
  g_autoptr (GBytes) pub = dump_public_ok (key, PKI_FILETYPE_PEM);
  g_autofree gchar *name = NULL;

  g_test_message ("libpki -> openssl: %s", tag);

  /* PKCS#8 PEM and DER. */
  {
    g_autoptr (GBytes) pem = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL,
                                              NULL);
    g_autoptr (GBytes) der = dump_private_ok (key, PKI_FILETYPE_ASN1, PKI_KEY_FORMAT_PKCS8,
                                              NULL, NULL);
    g_autofree gchar *p = NULL;
    g_autofree gchar *d = NULL;
    g_autoptr (GBytes) cli_pub = NULL;
    g_autoptr (GBytes) cli_pub_der = NULL;

    name = g_strdup_printf ("%s-p8.pem", tag);
    p = pki_test_write (dir, name, pem);
    g_free (name);
    name = g_strdup_printf ("%s-p8.der", tag);
    d = pki_test_write (dir, name, der);
    g_clear_pointer (&name, g_free);

    OPENSSL_RUN ("pkey", "-in", p, "-noout");
    cli_pub = OPENSSL_OK ("pkey", "-in", p, "-pubout");
    assert_bytes_equal (cli_pub, pub);
    cli_pub_der = OPENSSL_OK ("pkey", "-inform", "DER", "-in", d, "-pubout");
    assert_bytes_equal (cli_pub_der, pub);
  }

  /* Traditional PEM and DER. */
  if (has_traditional) {
    g_autoptr (GBytes) pem = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_TRADITIONAL,
                                              NULL, NULL);
    g_autoptr (GBytes) der = dump_private_ok (key, PKI_FILETYPE_ASN1,
                                              PKI_KEY_FORMAT_TRADITIONAL, NULL, NULL);
    g_autofree gchar *p = NULL;
    g_autofree gchar *d = NULL;
    g_autoptr (GBytes) cli_pub = NULL;
    g_autoptr (GBytes) cli_pub_der = NULL;
    const char *header = type == PKI_PKEY_TYPE_RSA   ? "-----BEGIN RSA PRIVATE KEY-----\n"
                         : type == PKI_PKEY_TYPE_DSA ? "-----BEGIN DSA PRIVATE KEY-----\n"
                                                     : "-----BEGIN EC PRIVATE KEY-----\n";

    assert_prefix (pem, header);
    name = g_strdup_printf ("%s-trad.pem", tag);
    p = pki_test_write (dir, name, pem);
    g_free (name);
    name = g_strdup_printf ("%s-trad.der", tag);
    d = pki_test_write (dir, name, der);
    g_clear_pointer (&name, g_free);

    OPENSSL_RUN ("pkey", "-in", p, "-noout");
    cli_pub = OPENSSL_OK ("pkey", "-in", p, "-pubout");
    assert_bytes_equal (cli_pub, pub);
    cli_pub_der = OPENSSL_OK ("pkey", "-inform", "DER", "-in", d, "-pubout");
    assert_bytes_equal (cli_pub_der, pub);
  }

  /* Encrypted PKCS#8 (AES-256-CBC), PEM and DER. */
  {
    g_autoptr (GBytes) pem = dump_private_ok (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL,
                                              "interop pass");
    g_autoptr (GBytes) der = dump_private_ok (key, PKI_FILETYPE_ASN1, PKI_KEY_FORMAT_PKCS8,
                                              NULL, "interop pass");
    g_autofree gchar *p = NULL;
    g_autofree gchar *d = NULL;
    g_autoptr (GBytes) cli_pub = NULL;
    g_autoptr (GBytes) cli_clear = NULL;
    g_autoptr (PkiPKey) from_cli = NULL;

    name = g_strdup_printf ("%s-enc.pem", tag);
    p = pki_test_write (dir, name, pem);
    g_free (name);
    name = g_strdup_printf ("%s-enc.der", tag);
    d = pki_test_write (dir, name, der);
    g_clear_pointer (&name, g_free);

    OPENSSL_RUN ("pkey", "-in", p, "-passin", "pass:interop pass", "-noout");
    cli_pub = OPENSSL_OK ("pkey", "-in", p, "-passin", "pass:interop pass", "-pubout");
    assert_bytes_equal (cli_pub, pub);
    cli_clear = OPENSSL_OK ("pkcs8", "-inform", "DER", "-in", d, "-passin", "pass:interop pass");
    from_cli = load_private_ok (PKI_FILETYPE_PEM, cli_clear, NULL);
    assert_same_public (from_cli, key);
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

  g_assert_cmpuint (pki_pkey_get_bits (rsa), ==, 2048);
  g_assert_cmpuint (pki_pkey_get_bits (dsa), ==, 2048);
  check_openssl_reads (dir, rsa, "rsa");
  check_openssl_reads (dir, dsa, "dsa");
  check_openssl_reads (dir, p256, "p256");
  check_openssl_reads (dir, p384, "p384");
  check_openssl_reads (dir, k1, "secp256k1");
  check_openssl_reads (dir, ed, "ed25519");
  check_openssl_reads (dir, ed448, "ed448");
  check_openssl_reads (dir, x, "x25519");

  /* The CLI finds the generated keys consistent. */
  {
    g_autoptr (GBytes) pem = dump_private_ok (rsa, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL,
                                              NULL);
    g_autofree gchar *p = pki_test_write (dir, "rsa-check.pem", pem);
    g_autoptr (GBytes) out = OPENSSL_OK ("pkey", "-in", p, "-check", "-noout");
    assert_contains (out, "valid");
  }
  {
    g_autoptr (GBytes) pem = dump_private_ok (k1, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL,
                                              NULL);
    g_autofree gchar *p = pki_test_write (dir, "k1-check.pem", pem);
    g_autoptr (GBytes) out = OPENSSL_OK ("pkey", "-in", p, "-noout", "-text");
    assert_contains (out, "ASN1 OID: secp256k1");
  }
}

/* libpki reads every form the openssl CLI writes of the key in @file. */
static void
check_libpki_reads (const char *dir, const char *file, const char *tag, PkiPKeyType type,
                    guint bits, const char *type_name, const char *curve,
                    gboolean has_traditional)
{
  g_autoptr (GBytes) pem = pki_test_read_file (file);
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (GBytes) cli_pub = NULL;
  g_autoptr (PkiPKey) pub = NULL;
  g_autoptr (GBytes) our_pub = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *out = NULL;
  g_autofree gchar *name = NULL;

  g_test_message ("openssl -> libpki: %s", tag);
  key = load_private_ok (PKI_FILETYPE_PEM, pem, NULL);
  g_assert_cmpint (pki_pkey_get_key_type (key), ==, type);
  g_assert_cmpuint (pki_pkey_get_bits (key), ==, bits);
  g_assert_cmpstr (pki_pkey_get_type_name (key), ==, type_name);
  g_assert_cmpstr (pki_pkey_get_curve_name (key), ==, curve);
  g_assert_true (pki_pkey_has_private (key));
  g_assert_true (pki_pkey_check (key, &error));
  pki_assert_queue_empty ();
  g_assert_no_error (error);

  /* Our public half is the CLI's, byte for byte. */
  cli_pub = OPENSSL_OK ("pkey", "-in", file, "-pubout");
  pub = load_public_ok (PKI_FILETYPE_PEM, cli_pub);
  g_assert_true (pki_pkey_public_equal (pub, key));
  our_pub = dump_public_ok (key, PKI_FILETYPE_PEM);
  assert_bytes_equal (our_pub, cli_pub);

  /* Its fingerprint is the digest of the CLI's DER SubjectPublicKeyInfo. */
  {
    g_autoptr (GBytes) fp = pki_pkey_get_fingerprint (key, NULL, &error);
    g_autofree gchar *hex = NULL;
    g_autofree gchar *expected = cli_fingerprint (dir, cli_pub, "sha256");
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    hex = hex_of (fp);
    g_assert_cmpstr (hex, ==, expected);
  }

  /* Unencrypted PKCS#8 DER. */
  {
    g_autoptr (GBytes) der = NULL;
    g_autoptr (PkiPKey) k = NULL;
    name = g_strdup_printf ("%s-cli-p8.der", tag);
    out = g_build_filename (dir, name, NULL);
    g_clear_pointer (&name, g_free);
    OPENSSL_RUN ("pkcs8", "-topk8", "-nocrypt", "-in", file, "-outform", "DER", "-out", out);
    der = pki_test_read_file (out);
    g_clear_pointer (&out, g_free);
    k = load_private_ok (PKI_FILETYPE_ASN1, der, NULL);
    assert_same_public (k, key);
  }

  /* Encrypted PKCS#8 (PBES2, AES-256-CBC), PEM and DER. */
  {
    g_autoptr (GBytes) enc = OPENSSL_OK ("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", file,
                                         "-passout", "pass:p8 pass");
    g_autoptr (GBytes) der = NULL;
    g_autoptr (PkiPKey) k = NULL;
    g_autoptr (PkiPKey) kd = NULL;

    assert_prefix (enc, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    k = load_private_ok (PKI_FILETYPE_PEM, enc, "p8 pass");
    assert_same_public (k, key);
    g_assert_true (pki_pkey_has_private (k));
    assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), "p8 pas",
                               PKI_ERROR_PASSPHRASE);
    assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (enc), NULL,
                               PKI_ERROR_PASSPHRASE);

    name = g_strdup_printf ("%s-cli-enc.der", tag);
    out = g_build_filename (dir, name, NULL);
    g_clear_pointer (&name, g_free);
    OPENSSL_RUN ("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", file, "-passout",
                 "pass:p8 pass", "-outform", "DER", "-out", out);
    der = pki_test_read_file (out);
    g_clear_pointer (&out, g_free);
    kd = load_private_ok (PKI_FILETYPE_ASN1, der, "p8 pass");
    assert_same_public (kd, key);
    assert_load_private_fails (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (der), "p8 pas",
                               PKI_ERROR_PASSPHRASE);
  }

  if (has_traditional) {
    g_autoptr (GBytes) trad = OPENSSL_OK ("pkey", "-in", file, "-traditional");
    g_autoptr (GBytes) legacy = OPENSSL_OK ("pkey", "-in", file, "-traditional", "-aes256",
                                            "-passout", "pass:legacy");
    g_autoptr (GBytes) der = NULL;
    g_autoptr (PkiPKey) k = NULL;
    g_autoptr (PkiPKey) kl = NULL;
    g_autoptr (PkiPKey) kd = NULL;

    g_assert_false (bytes_has_prefix (trad, "-----BEGIN PRIVATE KEY-----"));
    k = load_private_ok (PKI_FILETYPE_PEM, trad, NULL);
    assert_same_public (k, key);

    /* Legacy PEM encryption: Proc-Type and DEK-Info headers. */
    assert_contains (legacy, "Proc-Type: 4,ENCRYPTED");
    assert_contains (legacy, "DEK-Info: AES-256-CBC");
    kl = load_private_ok (PKI_FILETYPE_PEM, legacy, "legacy");
    assert_same_public (kl, key);
    assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (legacy), "Legacy",
                               PKI_ERROR_PASSPHRASE);
    assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (legacy), NULL,
                               PKI_ERROR_PASSPHRASE);

    /* Type-specific DER (`openssl pkey -outform DER` writes it for these types). */
    name = g_strdup_printf ("%s-cli-trad.der", tag);
    out = g_build_filename (dir, name, NULL);
    g_clear_pointer (&name, g_free);
    OPENSSL_RUN ("pkey", "-in", file, "-outform", "DER", "-out", out);
    der = pki_test_read_file (out);
    g_clear_pointer (&out, g_free);
    kd = load_private_ok (PKI_FILETYPE_ASN1, der, NULL);
    assert_same_public (kd, key);
  }
}

static void
test_interop_openssl_to_libpki (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autofree gchar *vdir = pki_test_shared_dir ("pyopenssl-vectors");
  g_autofree gchar *rsa = g_build_filename (dir, "rsa.pem", NULL);
  g_autofree gchar *rsa_enc = g_build_filename (dir, "rsa-enc.pem", NULL);
  g_autofree gchar *ec = g_build_filename (dir, "ec.pem", NULL);
  g_autofree gchar *ec384 = g_build_filename (dir, "ec384.pem", NULL);
  g_autofree gchar *k1 = g_build_filename (dir, "k1.pem", NULL);
  g_autofree gchar *ed = g_build_filename (dir, "ed.pem", NULL);
  g_autofree gchar *ed448 = g_build_filename (dir, "ed448.pem", NULL);
  g_autofree gchar *x = g_build_filename (dir, "x25519.pem", NULL);
  g_autofree gchar *x448 = g_build_filename (dir, "x448.pem", NULL);
  g_autofree gchar *dsap = g_build_filename (dir, "dsap.pem", NULL);
  g_autofree gchar *dsa = g_build_filename (dir, "dsa.pem", NULL);
  g_autofree gchar *pss = g_build_filename (dir, "pss.pem", NULL);
  g_autofree gchar *dh = g_build_filename (dir, "dh.pem", NULL);

  OPENSSL_RUN ("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", rsa);
  OPENSSL_RUN ("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", ec);
  OPENSSL_RUN ("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp384r1",
               "-pkeyopt", "ec_param_enc:named_curve", "-out", ec384);
  OPENSSL_RUN ("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1",
               "-out", k1);
  OPENSSL_RUN ("genpkey", "-algorithm", "ED25519", "-out", ed);
  OPENSSL_RUN ("genpkey", "-algorithm", "ED448", "-out", ed448);
  OPENSSL_RUN ("genpkey", "-algorithm", "X25519", "-out", x);
  OPENSSL_RUN ("genpkey", "-algorithm", "X448", "-out", x448);
  OPENSSL_RUN ("genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt",
               "dsa_paramgen_bits:1024", "-out", dsap);
  OPENSSL_RUN ("genpkey", "-paramfile", dsap, "-out", dsa);
  OPENSSL_RUN ("genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:1024", "-out", pss);

  check_libpki_reads (dir, rsa, "rsa", PKI_PKEY_TYPE_RSA, 1024, "RSA", NULL, TRUE);
  check_libpki_reads (dir, ec, "p256", PKI_PKEY_TYPE_EC, 256, "EC", "P-256", TRUE);
  check_libpki_reads (dir, ec384, "p384", PKI_PKEY_TYPE_EC, 384, "EC", "P-384", TRUE);
  check_libpki_reads (dir, k1, "secp256k1", PKI_PKEY_TYPE_EC, 256, "EC", "secp256k1", TRUE);
  check_libpki_reads (dir, ed, "ed25519", PKI_PKEY_TYPE_ED25519, 256, "ED25519", NULL, FALSE);
  check_libpki_reads (dir, ed448, "ed448", PKI_PKEY_TYPE_ED448, 456, "ED448", NULL, FALSE);
  check_libpki_reads (dir, x, "x25519", PKI_PKEY_TYPE_X25519, 253, "X25519", NULL, FALSE);
  check_libpki_reads (dir, x448, "x448", PKI_PKEY_TYPE_X448, 448, "X448", NULL, FALSE);
  check_libpki_reads (dir, dsa, "dsa", PKI_PKEY_TYPE_DSA, 1024, "DSA", NULL, TRUE);
  check_libpki_reads (dir, pss, "rsa-pss", PKI_PKEY_TYPE_RSA_PSS, 1024, "RSA-PSS", NULL, FALSE);

  /* A DH key over the pyOpenSSL dhparam. */
  if (vdir != NULL) {
    g_autofree gchar *params = g_build_filename (vdir, "dhparam_2048.pem", NULL);
    OPENSSL_RUN ("genpkey", "-paramfile", params, "-out", dh);
    check_libpki_reads (dir, dh, "dh", PKI_PKEY_TYPE_DH, 2048, "DH", NULL, FALSE);
  }

  /* `openssl genrsa -aes256` (encrypted PKCS#8 on OpenSSL 3). */
  {
    OPENSSL_RUN ("genrsa", "-aes256", "-passout", "pass:genrsa pass", "-out", rsa_enc, "1024");
    g_autoptr (GBytes) pem = pki_test_read_file (rsa_enc);
    g_autoptr (GBytes) cli_pub = OPENSSL_OK ("pkey", "-in", rsa_enc, "-passin",
                                             "pass:genrsa pass", "-pubout");
    g_autoptr (PkiPKey) key = load_private_ok (PKI_FILETYPE_PEM, pem, "genrsa pass");
    g_autoptr (GBytes) our_pub = dump_public_ok (key, PKI_FILETYPE_PEM);
    PassData d = { 0 };
    g_autoptr (GBytes) pass = g_bytes_new_static ("genrsa pass", 11);
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) key2 = NULL;

    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_RSA);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, 1024);
    assert_bytes_equal (our_pub, cli_pub);
    assert_load_private_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), NULL,
                               PKI_ERROR_PASSPHRASE);

    d.passphrase = pass;
    key2 = pki_pkey_load_private_with_callback (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), pass_cb,
                                                &d, &error);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    g_assert_cmpuint (d.calls, ==, 1);
    assert_same_public (key2, key);
  }
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
    g_autoptr (GBytes) pem = pki_test_vector ("root_key.pem");
    g_autoptr (GBytes) pub_pem = pki_test_vector ("rsa_public_key.pem");
    g_autoptr (PkiPKey) root = NULL;
    g_autoptr (PkiPKey) rsa_pub = NULL;
    g_autoptr (GByteArray) both = g_byte_array_new ();
    g_autoptr (GByteArray) both_pub = g_byte_array_new ();
    g_autoptr (GBytes) joined = NULL;
    g_autoptr (GBytes) joined_pub = NULL;
    g_autoptr (PkiPKey) key = NULL;
    g_autoptr (PkiPKey) pub = NULL;

    if (cert != NULL) {
      root = vec_private ("root_key.pem");
      rsa_pub = vec_public ("rsa_public_key.pem");
      g_byte_array_append (both, g_bytes_get_data (cert, NULL), g_bytes_get_size (cert));
      g_byte_array_append (both, g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));
      joined = g_byte_array_free_to_bytes (g_steal_pointer (&both));
      g_byte_array_append (both_pub, g_bytes_get_data (cert, NULL), g_bytes_get_size (cert));
      g_byte_array_append (both_pub, g_bytes_get_data (pub_pem, NULL),
                           g_bytes_get_size (pub_pem));
      joined_pub = g_byte_array_free_to_bytes (g_steal_pointer (&both_pub));

      g_test_message ("certificate + private key");
      key = load_private_ok (PKI_FILETYPE_PEM, joined, NULL);
      assert_same_public (key, root);
      g_test_message ("certificate + public key");
      pub = load_public_ok (PKI_FILETYPE_PEM, joined_pub);
      assert_same_public (pub, rsa_pub);
    }
  }

  /* `openssl ecparam -genkey`: EC PARAMETERS, then EC PRIVATE KEY. */
  {
    g_autoptr (GBytes) pem = NULL;
    g_autoptr (GBytes) cli_pub = NULL;
    g_autoptr (PkiPKey) key = NULL;
    g_autoptr (GBytes) our_pub = NULL;

    OPENSSL_RUN ("ecparam", "-genkey", "-name", "prime256v1", "-out", ec);
    pem = pki_test_read_file (ec);
    assert_prefix (pem, "-----BEGIN EC PARAMETERS-----");
    cli_pub = OPENSSL_OK ("pkey", "-in", ec, "-pubout");
    g_test_message ("openssl ecparam -genkey");
    key = load_private_ok (PKI_FILETYPE_PEM, pem, NULL);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_EC);
    g_assert_cmpstr (pki_pkey_get_curve_name (key), ==, "P-256");
    our_pub = dump_public_ok (key, PKI_FILETYPE_PEM);
    assert_bytes_equal (our_pub, cli_pub);
  }

  /* `openssl dsaparam -genkey`: DSA PARAMETERS, then the key. */
  {
    g_autoptr (GBytes) pem = NULL;
    g_autoptr (GBytes) cli_pub = NULL;
    g_autoptr (PkiPKey) key = NULL;
    g_autoptr (GBytes) our_pub = NULL;

    OPENSSL_RUN ("dsaparam", "-genkey", "-out", dsa, "1024");
    pem = pki_test_read_file (dsa);
    assert_prefix (pem, "-----BEGIN DSA PARAMETERS-----");
    cli_pub = OPENSSL_OK ("pkey", "-in", dsa, "-pubout");
    g_test_message ("openssl dsaparam -genkey");
    key = load_private_ok (PKI_FILETYPE_PEM, pem, NULL);
    g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_DSA);
    g_assert_cmpuint (pki_pkey_get_bits (key), ==, 1024);
    our_pub = dump_public_ok (key, PKI_FILETYPE_PEM);
    assert_bytes_equal (our_pub, cli_pub);
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
