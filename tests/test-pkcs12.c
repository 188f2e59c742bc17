/* Tests for PkiPkcs12: pyOpenSSL's six PKCS#12 vectors (modern, legacy,
 * empty passphrase, CA and friendly name, pyOpenSSL's own export), the
 * protection a loaded bundle reports, every getter and setter, exporting with
 * both profiles, interoperability with `openssl pkcs12` and python3's
 * cryptography, the BoringSSL and OpenSSL PKCS#12 corpus and bad input.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

#include <openssl/evp.h>
#include <openssl/provider.h>

/* --- small helpers ------------------------------------------------------ */

/* A temporary directory that removes itself (with its files) at scope end. */
typedef gchar TestDir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestDir, pki_test_tmpdir_free)

#define MODERN_ PKI_PKCS12_PROFILE_MODERN
#define LEGACY_ PKI_PKCS12_PROFILE_LEGACY

/* What the two profiles write, as a loaded bundle reports it. */
#define ENC_AES "aes-256-cbc"
#define ENC_3DES "pbeWithSHA1And3-KeyTripleDES-CBC"
#define ENC_RC2 "pbeWithSHA1And40BitRC2-CBC"

/* @s contains @needle (both may be NULL: then both must be). */
#define assert_str_contains(s, needle)                                        \
  G_STMT_START {                                                              \
    const char *s__ = (s), *n__ = (needle);                                   \
    if (n__ == NULL)                                                          \
      g_assert_null (s__);                                                    \
    else if (s__ == NULL || strstr (s__, n__) == NULL)                        \
      g_error ("%s:%d: expected \"%s\" in \"%s\"", __FILE__, __LINE__, n__,   \
               s__ ? s__ : "(null)");                                         \
  } G_STMT_END

/* An error that must be PKI_ERROR with one of two codes, the queue empty.
 * A wrong code fails the test without stopping it (with -k, the others run
 * too). */
#define assert_error_either(err, c1, c2)                                      \
  G_STMT_START {                                                              \
    pki_assert_queue_empty ();                                                \
    g_assert_nonnull (err);                                                   \
    if (!g_error_matches ((err), PKI_ERROR, (c1))                             \
        && !g_error_matches ((err), PKI_ERROR, (c2)))                         \
      g_test_fail_printf ("%s:%d: expected PKI_ERROR #%d or #%d, got %s #%d: %s", \
                          __FILE__, __LINE__, (c1), (c2),                     \
                          g_quark_to_string ((err)->domain), (err)->code,     \
                          (err)->message);                                    \
  } G_STMT_END

static gchar *
hex_of (GBytes *b)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (b, &len);
  GString *s = g_string_sized_new (len * 2 + 1);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02X", data[i]);
  return g_string_free (s, FALSE);
}

/* The first @len bytes of @b. */
static GBytes *
bytes_head (GBytes *b, gsize len)
{
  return g_bytes_new_from_bytes (b, 0, len);
}

/* A copy of @b with the byte at @offset XORed with @mask. */
static GBytes *
bytes_flip (GBytes *b, gsize offset, guint8 mask)
{
  gsize len;
  guint8 *copy = g_memdup2 (g_bytes_get_data (b, &len), g_bytes_get_size (b));
  g_assert_cmpuint (offset, <, len);
  copy[offset] ^= mask;
  return g_bytes_new_take (copy, len);
}

/* The path of a file of the shared corpus, or NULL (test skipped). */
static gchar *
corpus_path (const char *sub, const char *name)
{
  g_autofree gchar *dir = pki_test_shared_dir (sub);
  if (dir == NULL) {
    g_test_skip_printf ("../shared/%s is absent", sub);
    return NULL;
  }
  return g_build_filename (dir, name, NULL);
}

/* --- libpki calls that must succeed -------------------------------------- */

static PkiPkcs12 *
load_ok (GBytes *data, const char *passphrase)
{
  g_autoptr (GError) error = NULL;
  PkiPkcs12 *p12 = pki_pkcs12_load (PKI_BYTES_ARGS (data), passphrase, &error);
  return pki_test_assert_ok (p12, error);
}

static GBytes *
export_ok (PkiPkcs12 *p12, const char *passphrase, gint iterations, gint mac_iterations,
           PkiPkcs12Profile profile)
{
  g_autoptr (GError) error = NULL;
  GBytes *der = pki_pkcs12_export (p12, passphrase, iterations, mac_iterations, profile, &error);
  return pki_test_assert_ok (der, error);
}

static PkiX509 *
cert_vector (const char *name)
{
  g_autoptr (GBytes) pem = pki_test_vector (name);
  g_autoptr (GError) error = NULL;
  PkiX509 *cert;

  if (pem == NULL)
    return NULL;
  cert = pki_x509_load (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), &error);
  return pki_test_assert_ok (cert, error);
}

static PkiPKey *
key_vector (const char *name)
{
  return pki_test_vector_private (name, PKI_FILETYPE_PEM, NULL);
}

static GBytes *
cert_pem (PkiX509 *cert)
{
  g_autoptr (GError) error = NULL;
  GBytes *pem = pki_x509_dump (cert, PKI_FILETYPE_PEM, &error);
  return pki_test_assert_ok (pem, error);
}

static GBytes *
cert_der (PkiX509 *cert)
{
  g_autoptr (GError) error = NULL;
  GBytes *der = pki_x509_dump (cert, PKI_FILETYPE_ASN1, &error);
  return pki_test_assert_ok (der, error);
}

/* The certificate's subject commonName. */
static gchar *
cert_cn (PkiX509 *cert)
{
  g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
  g_autoptr (GError) error = NULL;
  gchar *cn = pki_x509_name_get_entry (subject, "CN", NULL, &error);
  return pki_test_assert_ok (cn, error);
}

/* @cert is not NULL and its PEM is the vector @name, byte for byte. */
static void
assert_cert_is_vector (PkiX509 *cert, const char *name)
{
  g_autoptr (GBytes) want = pki_test_vector (name);
  g_autoptr (GBytes) got = NULL;

  g_assert_nonnull (cert);
  got = cert_pem (cert);
  assert_bytes_equal (got, want);
}

/* @a and @b are the same certificate (same DER). */
static void
assert_same_cert (PkiX509 *a, PkiX509 *b)
{
  g_autoptr (GBytes) da = NULL;
  g_autoptr (GBytes) db = NULL;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  da = cert_der (a);
  db = cert_der (b);
  assert_bytes_equal (da, db);
}

/* @key is a private key whose PKCS#8 PEM is the vector @name. */
static void
assert_key_is_vector (PkiPKey *key, const char *name)
{
  g_autoptr (GBytes) want = pki_test_vector (name);
  g_autoptr (GBytes) got = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (key);
  g_assert_true (pki_pkey_has_private (key));
  got = pki_pkey_dump_private (key, PKI_FILETYPE_PEM, &error);
  pki_test_assert_ok (got, error);
  assert_bytes_equal (got, want);
}

/* @a and @b are the same private key (same PKCS#8 DER). */
static void
assert_same_key (PkiPKey *a, PkiPKey *b)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) da = NULL;
  g_autoptr (GBytes) db = NULL;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  da = pki_pkey_dump_private (a, PKI_FILETYPE_ASN1, &error);
  pki_test_assert_ok (da, error);
  db = pki_pkey_dump_private (b, PKI_FILETYPE_ASN1, &error);
  pki_test_assert_ok (db, error);
  assert_bytes_equal (da, db);
}

/* The CA certificates of @p12 have the commonNames @cns (NULL-terminated),
 * in order. */
static void
assert_ca_cns (PkiPkcs12 *p12, const char *const *cns)
{
  g_autoptr (GPtrArray) cas = pki_pkcs12_get_ca_certificates (p12);
  guint n = cns != NULL ? g_strv_length ((gchar **) cns) : 0;

  g_assert_nonnull (cas);
  g_assert_cmpuint (cas->len, ==, n);
  for (guint i = 0; i < n; i++) {
    g_autofree gchar *cn = cert_cn (cas->pdata[i]);
    g_assert_cmpstr (cn, ==, cns[i]);
  }
}

/* --- libpki calls that must fail ----------------------------------------- */

static void
assert_load_fails (const guint8 *data, gsize len, const char *passphrase, PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPkcs12) p12 = pki_pkcs12_load (data, len, passphrase, &error);
  pki_test_assert_fails (p12, error, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static void
assert_export_fails (PkiPkcs12 *p12, const char *passphrase, gint iterations,
                     gint mac_iterations, PkiPkcs12Profile profile, PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) der = pki_pkcs12_export (p12, passphrase, iterations, mac_iterations,
                                              profile, &error);
  pki_test_assert_fails (der, error, code);
}

/* Loading must not succeed, must not crash and must leave the queue empty;
 * the error is PASSPHRASE or BAD_INPUT. */
static void
assert_load_rejected (GBytes *data, const char *passphrase)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPkcs12) p12 = pki_pkcs12_load (PKI_BYTES_ARGS (data), passphrase, &error);
  g_assert_null (p12);
  assert_error_either (error, PKI_ERROR_PASSPHRASE, PKI_ERROR_BAD_INPUT);
}

/* --- the openssl CLI ----------------------------------------------------- */

/* Runs `openssl @argv` (NULL-terminated, without "openssl"), which must
 * succeed, and returns what it wrote to stderr and then to stdout:
 * `openssl pkcs12 -info` prints the protection to stderr. */
static GBytes *
cli_both_ok (const char *const *argv)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree gchar *out = NULL;
  g_autofree gchar *err = NULL;
  gint status = 0;

  g_ptr_array_add (args, (gpointer) "openssl");
  for (; *argv != NULL; argv++)
    g_ptr_array_add (args, (gpointer) *argv);
  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (NULL, (gchar **) args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                     &err, &status, &error))
    g_error ("cannot run openssl: %s", error->message);
  if (!g_spawn_check_wait_status (status, NULL)) {
    g_autofree gchar *cmd = g_strjoinv (" ", (gchar **) args->pdata);
    g_error ("`%s` failed: %s", cmd, err);
  }
  {
    gchar *both = g_strconcat (err, out, NULL);
    return g_bytes_new_take (both, strlen (both));
  }
}

#define CLI_BOTH_OK(...) cli_both_ok ((const char *const[]){ __VA_ARGS__, NULL })

/* The localKeyID values (hex, no spaces) `openssl pkcs12 -info` prints for
 * the bundle in @path, key and certificate bags alike. */
static GPtrArray *
cli_local_key_ids (const char *path, const char *passphrase)
{
  g_autofree gchar *passin = g_strconcat ("pass:", passphrase, NULL);
  g_autoptr (GBytes) out = PKI_OPENSSL_OK ("pkcs12", "-in", path, "-info", "-nodes", "-legacy",
                                           "-passin", passin);
  g_auto (GStrv) lines = g_strsplit (g_bytes_get_data (out, NULL), "\n", -1);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++) {
    const char *p = strstr (lines[i], "localKeyID:");
    GString *hex;
    if (p == NULL)
      continue;
    hex = g_string_new (NULL);
    for (p += strlen ("localKeyID:"); *p; p++)
      if (g_ascii_isxdigit (*p))
        g_string_append_c (hex, g_ascii_toupper (*p));
    g_ptr_array_add (ids, g_string_free (hex, FALSE));
  }
  return ids;
}

/* --- boxed types ---------------------------------------------------------- */

static void
test_boxed (void)
{
  g_autoptr (PkiPkcs12) p12 = pki_pkcs12_new ();
  PkiPkcs12 *ref, *copy;
  GEnumClass *klass;

  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_PKCS12));
  g_assert_cmpstr (g_type_name (PKI_TYPE_PKCS12), ==, "PkiPkcs12");
  ref = pki_pkcs12_ref (p12);
  g_assert_true (ref == p12);
  pki_pkcs12_unref (ref);
  copy = g_boxed_copy (PKI_TYPE_PKCS12, p12);
  g_assert_true (copy == p12);
  g_boxed_free (PKI_TYPE_PKCS12, copy);
  pki_pkcs12_unref (NULL);

  g_assert_true (G_TYPE_IS_ENUM (PKI_TYPE_PKCS12_PROFILE));
  klass = g_type_class_ref (PKI_TYPE_PKCS12_PROFILE);
  g_assert_cmpstr (g_enum_get_value (klass, MODERN_)->value_nick, ==, "modern");
  g_assert_cmpstr (g_enum_get_value (klass, LEGACY_)->value_nick, ==, "legacy");
  g_type_class_unref (klass);
  g_assert_cmpint (MODERN_, ==, 0);
}

/* pyOpenSSL's `PKCS12()`: every getter empty. */
static void
test_new_empty (void)
{
  g_autoptr (PkiPkcs12) p12 = pki_pkcs12_new ();
  g_autoptr (PkiX509) cert = pki_pkcs12_get_certificate (p12);
  g_autoptr (PkiPKey) key = pki_pkcs12_get_privatekey (p12);
  g_autoptr (GPtrArray) cas = pki_pkcs12_get_ca_certificates (p12);
  g_autoptr (GBytes) id = pki_pkcs12_get_local_key_id (p12);

  g_assert_null (cert);
  g_assert_null (key);
  /* libpki: an empty array where pyOpenSSL gave None. */
  g_assert_nonnull (cas);
  g_assert_cmpuint (cas->len, ==, 0);
  g_assert_null (pki_pkcs12_get_friendlyname (p12));
  g_assert_null (id);
  g_assert_null (pki_pkcs12_get_mac_digest (p12));
  g_assert_cmpint (pki_pkcs12_get_mac_iterations (p12), ==, -1);
  g_assert_null (pki_pkcs12_get_key_encryption (p12));
  g_assert_cmpint (pki_pkcs12_get_key_iterations (p12), ==, -1);
  g_assert_null (pki_pkcs12_get_cert_encryption (p12));
  g_assert_cmpint (pki_pkcs12_get_cert_iterations (p12), ==, -1);
  pki_assert_queue_empty ();
}

/* --- pyOpenSSL's vectors ------------------------------------------------ */

static const char *const ROOT_ONLY[] = { "Testing Root CA", NULL };

typedef struct {
  const char *file;
  const char *pass;          /* the passphrase it opens with */
  const char *cert;          /* vector the certificate dumps to */
  const char *key;           /* vector the key dumps to (PKCS#8 PEM) */
  const char *const *cas;    /* CA commonNames, NULL: none */
  const char *friendly;
  const char *mac_digest;
  gint mac_iterations;
  const char *key_enc;       /* contained in the key's encryption */
  const char *cert_enc;      /* contained in the certificates' encryption */
} P12Vector;

static const P12Vector VECTORS[] = {
  { "p12_client_whatever_ossl3default.p12", "whatever", "client_cert.pem",
    "client_key_normalized_ossl3.pem", NULL, NULL, "sha256", 2048, ENC_AES, ENC_AES },
  { "p12_client_whatever_legacy.p12", "whatever", "client_cert.pem",
    "client_key_normalized_ossl3.pem", NULL, NULL, "sha1", 2048, ENC_3DES, ENC_RC2 },
  { "p12_client_emptypass_ossl3default.p12", "", "client_cert.pem",
    "client_key_normalized_ossl3.pem", NULL, NULL, "sha256", 2048, ENC_AES, ENC_AES },
  { "p12_server_with_ca_friendly_ossl3default.p12", "whatever", "server_cert.pem",
    "server_key_normalized_ossl3.pem", ROOT_ONLY, "Serverlicious", "sha256", 2048, ENC_AES,
    ENC_AES },
  { "p12_server_with_ca_friendly_legacy.p12", "whatever", "server_cert.pem",
    "server_key_normalized_ossl3.pem", ROOT_ONLY, "Serverlicious", "sha1", 2048, ENC_3DES,
    ENC_RC2 },
  /* pyOpenSSL 23's export(): 3DES for both bags, a SHA-256 MAC of 1
   * iteration (README section 10). */
  { "p12_server_with_ca_friendly_pyopenssl23_export.p12", "whatever", "server_cert.pem",
    "server_key_normalized_ossl3.pem", ROOT_ONLY, "Serverlicious", "sha256", 1, ENC_3DES,
    ENC_3DES },
};

/* @p12 holds what vector @v holds. */
static void
assert_vector_parts (PkiPkcs12 *p12, const P12Vector *v)
{
  g_autoptr (PkiX509) cert = pki_pkcs12_get_certificate (p12);
  g_autoptr (PkiPKey) key = pki_pkcs12_get_privatekey (p12);

  assert_cert_is_vector (cert, v->cert);
  assert_key_is_vector (key, v->key);
  assert_ca_cns (p12, v->cas);
  g_assert_cmpstr (pki_pkcs12_get_friendlyname (p12), ==, v->friendly);
  pki_assert_queue_empty ();
}

static void
test_vectors_load (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (VECTORS); i++) {
    const P12Vector *v = &VECTORS[i];
    g_autoptr (GBytes) data = pki_test_vector (v->file);
    g_autoptr (PkiPkcs12) p12 = NULL;

    if (data == NULL)
      return;
    g_test_message ("%s", v->file);
    p12 = load_ok (data, v->pass);
    assert_vector_parts (p12, v);
  }
}

static void
test_vectors_protection (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (VECTORS); i++) {
    const P12Vector *v = &VECTORS[i];
    g_autoptr (GBytes) data = pki_test_vector (v->file);
    g_autoptr (PkiPkcs12) p12 = NULL;

    if (data == NULL)
      return;
    g_test_message ("%s", v->file);
    p12 = load_ok (data, v->pass);
    g_assert_cmpstr (pki_pkcs12_get_mac_digest (p12), ==, v->mac_digest);
    g_assert_cmpint (pki_pkcs12_get_mac_iterations (p12), ==, v->mac_iterations);
    assert_str_contains (pki_pkcs12_get_key_encryption (p12), v->key_enc);
    assert_str_contains (pki_pkcs12_get_cert_encryption (p12), v->cert_enc);
    g_assert_cmpint (pki_pkcs12_get_key_iterations (p12), ==, 2048);
    g_assert_cmpint (pki_pkcs12_get_cert_iterations (p12), ==, 2048);
  }
}

/* A wrong passphrase (and, for a bundle with one, no passphrase) is
 * PKI_ERROR_PASSPHRASE. */
static void
test_vectors_wrong_passphrase (void)
{
  static const char *const wrong[] = { "whatevers", "Whatever", "x", "whatever\n" };

  for (guint i = 0; i < G_N_ELEMENTS (VECTORS); i++) {
    const P12Vector *v = &VECTORS[i];
    g_autoptr (GBytes) data = pki_test_vector (v->file);

    if (data == NULL)
      return;
    g_test_message ("%s", v->file);
    for (guint j = 0; j < G_N_ELEMENTS (wrong); j++)
      assert_load_fails (PKI_BYTES_ARGS (data), wrong[j], PKI_ERROR_PASSPHRASE);
    assert_load_fails (PKI_BYTES_ARGS (data), NULL, PKI_ERROR_PASSPHRASE);
    if (*v->pass != '\0')
      assert_load_fails (PKI_BYTES_ARGS (data), "", PKI_ERROR_PASSPHRASE);
  }
}

/* libpki tells no passphrase from the empty one: the bundle made with
 * `-passout pass:` opens with "" only (pyOpenSSL accepted None too). */
static void
test_vectors_empty_passphrase (void)
{
  g_autoptr (GBytes) data = pki_test_vector ("p12_client_emptypass_ossl3default.p12");
  g_autoptr (PkiPkcs12) p12 = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPkcs12) none = NULL;

  if (data == NULL)
    return;
  p12 = load_ok (data, "");
  assert_vector_parts (p12, &VECTORS[2]);
  none = pki_pkcs12_load (PKI_BYTES_ARGS (data), NULL, &error);
  pki_test_assert_fails (none, error, PKI_ERROR_PASSPHRASE);
  g_assert_nonnull (strstr (error->message, "passphrase"));
}

/* The key's localKeyID is there and is the one both the key's and the
 * certificate's bags carry, as `openssl pkcs12 -info` prints it. */
static void
test_vectors_local_key_id (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (VECTORS); i++) {
    const P12Vector *v = &VECTORS[i];
    g_autofree gchar *path = pki_test_vector_path (v->file);
    g_autoptr (GBytes) data = pki_test_vector (v->file);
    g_autoptr (PkiPkcs12) p12 = NULL;
    g_autoptr (GBytes) id = NULL;
    g_autoptr (GPtrArray) cli = NULL;
    g_autofree gchar *hex = NULL;

    if (data == NULL)
      return;
    g_test_message ("%s", v->file);
    p12 = load_ok (data, v->pass);
    id = pki_pkcs12_get_local_key_id (p12);
    g_assert_nonnull (id);
    g_assert_cmpuint (g_bytes_get_size (id), ==, 20);
    hex = hex_of (id);
    cli = cli_local_key_ids (path, v->pass);
    /* one on the key's bag, one on its certificate's; none on the CA's */
    g_assert_cmpuint (cli->len, ==, 2);
    g_assert_cmpstr (cli->pdata[0], ==, hex);
    g_assert_cmpstr (cli->pdata[1], ==, hex);
  }
}

/* --- getters and setters ----------------------------------------------- */

static void
test_set_get (void)
{
  g_autoptr (PkiX509) client = cert_vector ("client_cert.pem");
  g_autoptr (PkiX509) root = cert_vector ("root_cert.pem");
  g_autoptr (PkiX509) server = cert_vector ("server_cert.pem");
  g_autoptr (PkiPKey) key = key_vector ("server_key.pem");
  g_autoptr (PkiPkcs12) p12 = pki_pkcs12_new ();
  PkiX509 *pair[2];

  if (client == NULL || root == NULL || server == NULL || key == NULL)
    return;

  /* certificate */
  pki_pkcs12_set_certificate (p12, server);
  {
    g_autoptr (PkiX509) got = pki_pkcs12_get_certificate (p12);
    assert_same_cert (got, server);
  }
  pki_pkcs12_set_certificate (p12, client);
  {
    g_autoptr (PkiX509) got = pki_pkcs12_get_certificate (p12);
    assert_same_cert (got, client);
  }
  pki_pkcs12_set_certificate (p12, NULL);
  {
    g_autoptr (PkiX509) got = pki_pkcs12_get_certificate (p12);
    g_assert_null (got);
  }

  /* private key */
  pki_pkcs12_set_privatekey (p12, key);
  {
    g_autoptr (PkiPKey) got = pki_pkcs12_get_privatekey (p12);
    assert_same_key (got, key);
  }
  pki_pkcs12_set_privatekey (p12, NULL);
  {
    g_autoptr (PkiPKey) got = pki_pkcs12_get_privatekey (p12);
    g_assert_null (got);
  }

  /* CA certificates: order kept, both orders */
  pair[0] = client;
  pair[1] = root;
  pki_pkcs12_set_ca_certificates (p12, pair, 2);
  assert_ca_cns (p12, (const char *const[]){ "ugly client", "Testing Root CA", NULL });
  pair[0] = root;
  pair[1] = client;
  pki_pkcs12_set_ca_certificates (p12, pair, 2);
  assert_ca_cns (p12, (const char *const[]){ "Testing Root CA", "ugly client", NULL });
  /* The array handed out is a copy: changing it leaves the bundle alone,
   * and so does changing the array given. */
  {
    g_autoptr (GPtrArray) got = pki_pkcs12_get_ca_certificates (p12);
    g_ptr_array_set_size (got, 0);
    pair[0] = server;
    assert_ca_cns (p12, (const char *const[]){ "Testing Root CA", "ugly client", NULL });
  }
  /* 0 with certificates, and NULL, remove them */
  pki_pkcs12_set_ca_certificates (p12, pair, 0);
  assert_ca_cns (p12, NULL);
  pki_pkcs12_set_ca_certificates (p12, pair, 1);
  assert_ca_cns (p12, (const char *const[]){ "lovely server", NULL });
  pki_pkcs12_set_ca_certificates (p12, NULL, 0);
  assert_ca_cns (p12, NULL);

  /* friendly name */
  pki_pkcs12_set_friendlyname (p12, "Serverlicious");
  g_assert_cmpstr (pki_pkcs12_get_friendlyname (p12), ==, "Serverlicious");
  pki_pkcs12_set_friendlyname (p12, "###");
  g_assert_cmpstr (pki_pkcs12_get_friendlyname (p12), ==, "###");
  pki_pkcs12_set_friendlyname (p12, NULL);
  g_assert_null (pki_pkcs12_get_friendlyname (p12));
  {
    /* a copy is kept */
    gchar *name = g_strdup ("temporary");
    pki_pkcs12_set_friendlyname (p12, name);
    g_free (name);
    g_assert_cmpstr (pki_pkcs12_get_friendlyname (p12), ==, "temporary");
  }

  /* A bundle that was not loaded reports no protection. */
  g_assert_null (pki_pkcs12_get_mac_digest (p12));
  g_assert_cmpint (pki_pkcs12_get_mac_iterations (p12), ==, -1);
  pki_assert_queue_empty ();
}

/* Setting parts of a loaded bundle replaces what was loaded. */
static void
test_set_on_loaded (void)
{
  g_autoptr (GBytes) data = pki_test_vector ("p12_server_with_ca_friendly_ossl3default.p12");
  g_autoptr (PkiX509) client = cert_vector ("client_cert.pem");
  g_autoptr (PkiPKey) client_key = key_vector ("client_key.pem");
  g_autoptr (PkiPkcs12) p12 = NULL;
  g_autoptr (PkiPkcs12) back = NULL;
  g_autoptr (GBytes) der = NULL;

  if (data == NULL || client == NULL || client_key == NULL)
    return;
  p12 = load_ok (data, "whatever");
  pki_pkcs12_set_certificate (p12, client);
  pki_pkcs12_set_privatekey (p12, client_key);
  pki_pkcs12_set_ca_certificates (p12, NULL, 0);
  pki_pkcs12_set_friendlyname (p12, "###");
  der = export_ok (p12, "new pass", 0, 0, MODERN_);
  back = load_ok (der, "new pass");
  {
    g_autoptr (PkiX509) cert = pki_pkcs12_get_certificate (back);
    g_autoptr (PkiPKey) key = pki_pkcs12_get_privatekey (back);
    assert_cert_is_vector (cert, "client_cert.pem");
    assert_key_is_vector (key, "client_key_normalized_ossl3.pem");
  }
  assert_ca_cns (back, NULL);
  g_assert_cmpstr (pki_pkcs12_get_friendlyname (back), ==, "###");
}

/* --- exporting ---------------------------------------------------------- */

/* A bundle of the server key, its certificate, [root] and @name. */
static PkiPkcs12 *
server_bundle (const char *name)
{
  g_autoptr (PkiX509) cert = cert_vector ("server_cert.pem");
  g_autoptr (PkiX509) root = cert_vector ("root_cert.pem");
  g_autoptr (PkiPKey) key = key_vector ("server_key.pem");
  PkiPkcs12 *p12;

  if (cert == NULL || root == NULL || key == NULL)
    return NULL;
  p12 = pki_pkcs12_new ();
  pki_pkcs12_set_certificate (p12, cert);
  pki_pkcs12_set_privatekey (p12, key);
  pki_pkcs12_set_ca_certificates (p12, &root, 1);
  pki_pkcs12_set_friendlyname (p12, name);
  return p12;
}

/* What a profile writes, as a loaded bundle reports it. */
typedef struct {
  PkiPkcs12Profile profile;
  const char *mac_digest;
  const char *key_enc;  /* exact */
  const char *cert_enc; /* exact */
} ProfileFacts;

static const ProfileFacts PROFILES[] = {
  { PKI_PKCS12_PROFILE_MODERN, "sha256", "aes-256-cbc (PBKDF2, hmacWithSHA256)",
    "aes-256-cbc (PBKDF2, hmacWithSHA256)" },
  { PKI_PKCS12_PROFILE_LEGACY, "sha1", ENC_3DES, ENC_RC2 },
};

static void
assert_protection (PkiPkcs12 *p12, const ProfileFacts *f, gint iterations, gint mac_iterations)
{
  g_assert_cmpstr (pki_pkcs12_get_mac_digest (p12), ==, f->mac_digest);
  g_assert_cmpint (pki_pkcs12_get_mac_iterations (p12), ==, mac_iterations);
  g_assert_cmpstr (pki_pkcs12_get_key_encryption (p12), ==, f->key_enc);
  g_assert_cmpint (pki_pkcs12_get_key_iterations (p12), ==, iterations);
  g_assert_cmpstr (pki_pkcs12_get_cert_encryption (p12), ==, f->cert_enc);
  g_assert_cmpint (pki_pkcs12_get_cert_iterations (p12), ==, iterations);
}

/* Each vector, exported with each profile, loads back with the same parts,
 * protected as the profile says. */
static void
test_export_vectors_roundtrip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (VECTORS); i++) {
    const P12Vector *v = &VECTORS[i];
    g_autoptr (GBytes) data = pki_test_vector (v->file);
    g_autoptr (PkiPkcs12) p12 = NULL;

    if (data == NULL)
      return;
    p12 = load_ok (data, v->pass);
    for (guint j = 0; j < G_N_ELEMENTS (PROFILES); j++) {
      g_autoptr (GBytes) der = export_ok (p12, "x", 0, 0, PROFILES[j].profile);
      g_autoptr (PkiPkcs12) back = load_ok (der, "x");

      g_test_message ("%s, profile %d", v->file, PROFILES[j].profile);
      assert_vector_parts (back, v);
      assert_protection (back, &PROFILES[j], 2048, 2048);
      assert_load_fails (PKI_BYTES_ARGS (der), v->pass, PKI_ERROR_PASSPHRASE);
      assert_load_fails (PKI_BYTES_ARGS (der), NULL, PKI_ERROR_PASSPHRASE);
    }
  }
}

/* Iteration counts: 0 means 2048 and a MAC count of 0 the same as the
 * other; pyOpenSSL's MAC count of 1 only when asked for. */
static void
test_export_iterations (void)
{
  static const struct {
    gint iterations, mac_iterations;
    gint want_iterations, want_mac;
  } cases[] = {
    { 0, 0, 2048, 2048 },
    { 1000, 0, 1000, 1000 },
    { 0, 1, 2048, 1 },
    { 1, 1, 1, 1 },
    { 4096, 3000, 4096, 3000 },
    { 2048, 10000, 2048, 10000 },
  };
  g_autoptr (PkiPkcs12) p12 = server_bundle ("Serverlicious");

  if (p12 == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    for (guint j = 0; j < G_N_ELEMENTS (PROFILES); j++) {
      g_autoptr (GBytes) der = export_ok (p12, "iter", cases[i].iterations,
                                          cases[i].mac_iterations, PROFILES[j].profile);
      g_autoptr (PkiPkcs12) back = load_ok (der, "iter");
      assert_protection (back, &PROFILES[j], cases[i].want_iterations, cases[i].want_mac);
    }
  }
}

static void
test_export_negative_iterations (void)
{
  static const gint bad[][2] = { { -1, 0 }, { 0, -1 }, { -1, -1 }, { G_MININT, 2048 },
                                 { 2048, G_MININT } };
  g_autoptr (PkiPkcs12) p12 = server_bundle (NULL);

  if (p12 == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    for (guint j = 0; j < G_N_ELEMENTS (PROFILES); j++)
      assert_export_fails (p12, "x", bad[i][0], bad[i][1], PROFILES[j].profile,
                           PKI_ERROR_BAD_INPUT);
}

/* An unknown profile value is bad input, not a crash. */
static void
test_export_unknown_profile (void)
{
  g_autoptr (PkiPkcs12) p12 = server_bundle (NULL);

  if (p12 == NULL)
    return;
  assert_export_fails (p12, "x", 0, 0, (PkiPkcs12Profile) 2, PKI_ERROR_BAD_INPUT);
  assert_export_fails (p12, "x", 0, 0, (PkiPkcs12Profile) -1, PKI_ERROR_BAD_INPUT);
}

/* Friendly names round-trip, through both profiles. */
static void
test_export_friendly_names (void)
{
  static const char *const names[] = { "Serverlicious", NULL, "###", "Gr\xc3\xbc\xc3\x9f" "e",
                                       "" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autoptr (PkiPkcs12) p12 = server_bundle (names[i]);

    if (p12 == NULL)
      return;
    g_test_message ("name %s", names[i] ? names[i] : "(null)");
    for (guint j = 0; j < G_N_ELEMENTS (PROFILES); j++) {
      g_autoptr (GBytes) der = export_ok (p12, "names", 0, 0, PROFILES[j].profile);
      g_autoptr (PkiPkcs12) back = load_ok (der, "names");
      g_assert_cmpstr (pki_pkcs12_get_friendlyname (back), ==, names[i]);
    }
  }
}

/* The CA certificates come back in the order they were set. */
static void
test_export_ca_order (void)
{
  g_autoptr (PkiX509) client = cert_vector ("client_cert.pem");
  g_autoptr (PkiX509) root = cert_vector ("root_cert.pem");
  g_autoptr (PkiX509) inter = cert_vector ("intermediate_cert.pem");
  g_autoptr (PkiPkcs12) p12 = server_bundle (NULL);
  static const char *const orders[][4] = {
    { "ugly client", "Testing Root CA", NULL },
    { "Testing Root CA", "ugly client", NULL },
    { "intermediate", "Testing Root CA", "ugly client", NULL },
    { "Testing Root CA", "intermediate", "ugly client", NULL },
  };

  if (p12 == NULL || client == NULL || inter == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++) {
    PkiX509 *certs[3];
    guint n = 0;
    for (; orders[i][n] != NULL; n++)
      certs[n] = g_str_equal (orders[i][n], "ugly client") ? client
                 : g_str_equal (orders[i][n], "intermediate") ? inter : root;
    pki_pkcs12_set_ca_certificates (p12, certs, n);
    for (guint j = 0; j < G_N_ELEMENTS (PROFILES); j++) {
      g_autoptr (GBytes) der = export_ok (p12, "order", 0, 0, PROFILES[j].profile);
      g_autoptr (PkiPkcs12) back = load_ok (der, "order");
      g_autoptr (PkiX509) cert = pki_pkcs12_get_certificate (back);
      assert_ca_cns (back, orders[i]);
      assert_cert_is_vector (cert, "server_cert.pem");
    }
  }
}

/* The exported key id is the one that ties key and certificate: the
 * SHA-1 of the certificate, as OpenSSL's PKCS12_create makes it. */
static void
test_export_local_key_id (void)
{
  g_autoptr (PkiPkcs12) p12 = server_bundle (NULL);
  g_autoptr (GBytes) der = NULL;
  g_autoptr (PkiPkcs12) back = NULL;
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (GBytes) id = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *fp = NULL;
  g_autofree gchar *hex = NULL;
  g_auto (GStrv) parts = NULL;
  g_autofree gchar *joined = NULL;

  if (p12 == NULL)
    return;
  der = export_ok (p12, "id", 0, 0, MODERN_);
  back = load_ok (der, "id");
  cert = pki_pkcs12_get_certificate (back);
  id = pki_pkcs12_get_local_key_id (back);
  g_assert_nonnull (id);
  fp = pki_x509_digest (cert, "sha1", &error);
  pki_test_assert_ok (fp, error);
  parts = g_strsplit (fp, ":", -1);
  joined = g_strjoinv ("", parts);
  hex = hex_of (id);
  g_assert_cmpstr (hex, ==, joined);
}

/* The passphrase "" is a passphrase: the bundle opens with it, not without. */
static void
test_export_empty_passphrase (void)
{
  g_autoptr (PkiPkcs12) p12 = server_bundle ("empty");

  if (p12 == NULL)
    return;
  for (guint j = 0; j < G_N_ELEMENTS (PROFILES); j++) {
    g_autoptr (GBytes) der = export_ok (p12, "", 0, 0, PROFILES[j].profile);
    g_autoptr (PkiPkcs12) back = load_ok (der, "");
    g_autoptr (PkiX509) cert = pki_pkcs12_get_certificate (back);
    assert_cert_is_vector (cert, "server_cert.pem");
    g_assert_cmpstr (pki_pkcs12_get_friendlyname (back), ==, "empty");
    assert_load_fails (PKI_BYTES_ARGS (der), NULL, PKI_ERROR_PASSPHRASE);
    assert_load_fails (PKI_BYTES_ARGS (der), " ", PKI_ERROR_PASSPHRASE);
  }
}

/* Exporting a key that is not the certificate's is refused. */
static void
test_export_mismatch (void)
{
  g_autoptr (PkiX509) client = cert_vector ("client_cert.pem");
  g_autoptr (PkiPKey) root_key = key_vector ("root_key.pem");
  g_autoptr (PkiPKey) ec_key = key_vector ("ec_p256_private_key.pem");
  g_autoptr (PkiPkcs12) p12 = server_bundle (NULL);

  if (p12 == NULL || client == NULL || root_key == NULL || ec_key == NULL)
    return;
  pki_pkcs12_set_certificate (p12, client);
  for (guint j = 0; j < G_N_ELEMENTS (PROFILES); j++)
    assert_export_fails (p12, "x", 0, 0, PROFILES[j].profile, PKI_ERROR_BAD_INPUT);
  pki_pkcs12_set_privatekey (p12, root_key);
  assert_export_fails (p12, "x", 0, 0, MODERN_, PKI_ERROR_BAD_INPUT);
  pki_pkcs12_set_privatekey (p12, ec_key);
  assert_export_fails (p12, "x", 0, 0, MODERN_, PKI_ERROR_BAD_INPUT);
}

/* An empty bundle is refused, made empty or new. */
static void
test_export_empty (void)
{
  g_autoptr (PkiPkcs12) empty = pki_pkcs12_new ();
  g_autoptr (PkiPkcs12) p12 = server_bundle ("only a name");

  for (guint j = 0; j < G_N_ELEMENTS (PROFILES); j++)
    assert_export_fails (empty, "x", 0, 0, PROFILES[j].profile, PKI_ERROR_BAD_INPUT);
  if (p12 == NULL)
    return;
  pki_pkcs12_set_certificate (p12, NULL);
  pki_pkcs12_set_privatekey (p12, NULL);
  pki_pkcs12_set_ca_certificates (p12, NULL, 0);
  for (guint j = 0; j < G_N_ELEMENTS (PROFILES); j++)
    assert_export_fails (p12, "x", 0, 0, PROFILES[j].profile, PKI_ERROR_BAD_INPUT);
}

/* Bundles with some parts only: what comes back where.  Without a key, a
 * certificate has no key to belong to and comes back as a CA certificate
 * (as in pyOpenSSL); without a localKeyID the certificate matching the key
 * is the key's. */
static void
test_export_partial (void)
{
  g_autoptr (PkiX509) server = cert_vector ("server_cert.pem");
  g_autoptr (PkiX509) root = cert_vector ("root_cert.pem");
  g_autoptr (PkiPKey) key = key_vector ("server_key.pem");

  if (server == NULL || root == NULL || key == NULL)
    return;
  for (guint j = 0; j < G_N_ELEMENTS (PROFILES); j++) {
    PkiPkcs12Profile profile = PROFILES[j].profile;
    g_test_message ("profile %d", profile);

    /* certificate only */
    {
      g_autoptr (PkiPkcs12) p12 = pki_pkcs12_new ();
      g_autoptr (GBytes) der = NULL;
      g_autoptr (PkiPkcs12) back = NULL;
      g_autoptr (PkiX509) cert = NULL;
      g_autoptr (PkiPKey) k = NULL;
      g_autoptr (GBytes) id = NULL;
      g_autoptr (GPtrArray) cas = NULL;

      pki_pkcs12_set_certificate (p12, server);
      pki_pkcs12_set_friendlyname (p12, "cert only");
      der = export_ok (p12, "partial", 0, 0, profile);
      back = load_ok (der, "partial");
      cert = pki_pkcs12_get_certificate (back);
      k = pki_pkcs12_get_privatekey (back);
      id = pki_pkcs12_get_local_key_id (back);
      cas = pki_pkcs12_get_ca_certificates (back);
      g_assert_null (cert);
      g_assert_null (k);
      g_assert_null (id);
      g_assert_cmpuint (cas->len, ==, 1);
      assert_cert_is_vector (cas->pdata[0], "server_cert.pem");
      g_assert_null (pki_pkcs12_get_key_encryption (back));
      g_assert_cmpstr (pki_pkcs12_get_cert_encryption (back), ==, PROFILES[j].cert_enc);
    }

    /* key only: its bag carries the friendly name, no key id */
    {
      g_autoptr (PkiPkcs12) p12 = pki_pkcs12_new ();
      g_autoptr (GBytes) der = NULL;
      g_autoptr (PkiPkcs12) back = NULL;
      g_autoptr (PkiX509) cert = NULL;
      g_autoptr (PkiPKey) k = NULL;
      g_autoptr (GBytes) id = NULL;

      pki_pkcs12_set_privatekey (p12, key);
      pki_pkcs12_set_friendlyname (p12, "key only");
      der = export_ok (p12, "partial", 0, 0, profile);
      back = load_ok (der, "partial");
      cert = pki_pkcs12_get_certificate (back);
      k = pki_pkcs12_get_privatekey (back);
      id = pki_pkcs12_get_local_key_id (back);
      g_assert_null (cert);
      assert_key_is_vector (k, "server_key_normalized_ossl3.pem");
      g_assert_null (id);
      assert_ca_cns (back, NULL);
      g_assert_cmpstr (pki_pkcs12_get_friendlyname (back), ==, "key only");
      g_assert_cmpstr (pki_pkcs12_get_key_encryption (back), ==, PROFILES[j].key_enc);
    }

    /* key and CA certificates, one of them the key's: it is found by key */
    {
      g_autoptr (PkiPkcs12) p12 = pki_pkcs12_new ();
      g_autoptr (GBytes) der = NULL;
      g_autoptr (PkiPkcs12) back = NULL;
      g_autoptr (PkiX509) cert = NULL;
      PkiX509 *cas[2] = { root, server };

      pki_pkcs12_set_privatekey (p12, key);
      pki_pkcs12_set_ca_certificates (p12, cas, 2);
      der = export_ok (p12, "partial", 0, 0, profile);
      back = load_ok (der, "partial");
      cert = pki_pkcs12_get_certificate (back);
      assert_cert_is_vector (cert, "server_cert.pem");
      assert_ca_cns (back, ROOT_ONLY);
    }

    /* CA certificates only */
    {
      g_autoptr (PkiPkcs12) p12 = pki_pkcs12_new ();
      g_autoptr (GBytes) der = NULL;
      g_autoptr (PkiPkcs12) back = NULL;
      g_autoptr (PkiX509) cert = NULL;
      g_autoptr (PkiPKey) k = NULL;
      PkiX509 *cas[2] = { server, root };

      pki_pkcs12_set_ca_certificates (p12, cas, 2);
      der = export_ok (p12, "partial", 0, 0, profile);
      back = load_ok (der, "partial");
      cert = pki_pkcs12_get_certificate (back);
      k = pki_pkcs12_get_privatekey (back);
      g_assert_null (cert);
      g_assert_null (k);
      assert_ca_cns (back, (const char *const[]){ "lovely server", "Testing Root CA", NULL });
    }
  }
}

/* Other key types travel too. */
static void
test_export_key_types (void)
{
  static const char *const keys[] = { "ec_p256_private_key.pem", "ed25519_private_key.pem",
                                       "dsa_private_key.pem", "ed448_private_key.pem" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
    g_autoptr (PkiPKey) key = key_vector (keys[i]);
    g_autoptr (PkiPkcs12) p12 = pki_pkcs12_new ();

    if (key == NULL)
      return;
    g_test_message ("%s", keys[i]);
    pki_pkcs12_set_privatekey (p12, key);
    for (guint j = 0; j < G_N_ELEMENTS (PROFILES); j++) {
      g_autoptr (GBytes) der = export_ok (p12, "types", 0, 0, PROFILES[j].profile);
      g_autoptr (PkiPkcs12) back = load_ok (der, "types");
      g_autoptr (PkiPKey) k = pki_pkcs12_get_privatekey (back);
      assert_same_key (k, key);
    }
  }
}

/* A public key (a certificate's) cannot go in a bundle as its private key:
 * a usage error (KEY_TYPE, "a public-only key asked to sign", or BAD_INPUT),
 * not an internal failure. */
static void
test_export_public_key (void)
{
  g_autoptr (PkiX509) cert = cert_vector ("server_cert.pem");
  g_autoptr (PkiPKey) pub = NULL;
  g_autoptr (GError) error = NULL;

  if (cert == NULL)
    return;
  pub = pki_x509_get_pubkey (cert, &error);
  pki_test_assert_ok (pub, error);
  g_assert_false (pki_pkey_has_private (pub));
  for (guint i = 0; i < 2; i++) {
    g_autoptr (PkiPkcs12) p12 = pki_pkcs12_new ();
    g_autoptr (GBytes) der = NULL;

    pki_pkcs12_set_privatekey (p12, pub);
    if (i == 1)
      pki_pkcs12_set_certificate (p12, cert);
    der = pki_pkcs12_export (p12, "x", 0, 0, MODERN_, &error);
    g_assert_null (der);
    assert_error_either (error, PKI_ERROR_KEY_TYPE, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
  }
}

/* Programming errors are caught by the preconditions. */
static void
test_preconditions (void)
{
  g_autoptr (PkiPkcs12) p12 = server_bundle (NULL);
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GError) error = NULL;

  if (p12 == NULL)
    return;
  g_test_expect_message ("libpki", G_LOG_LEVEL_CRITICAL, "*passphrase != NULL*");
  der = pki_pkcs12_export (p12, NULL, 0, 0, MODERN_, &error);
  g_test_assert_expected_messages ();
  g_assert_null (der);
  g_assert_no_error (error);

  g_test_expect_message ("libpki", G_LOG_LEVEL_CRITICAL, "*data != NULL*");
  g_assert_null (pki_pkcs12_load (NULL, 5, "x", &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  g_test_expect_message ("libpki", G_LOG_LEVEL_CRITICAL, "*certs != NULL*");
  pki_pkcs12_set_ca_certificates (p12, NULL, 1);
  g_test_assert_expected_messages ();
  assert_ca_cns (p12, ROOT_ONLY);
  pki_assert_queue_empty ();
}

/* Loading and exporting from several threads at once (the legacy library
 * context is made once, by whichever thread comes first). */
static gpointer
thread_func (gpointer data)
{
  GBytes *legacy = data;

  for (guint i = 0; i < 4; i++) {
    g_autoptr (PkiPkcs12) p12 = load_ok (legacy, "whatever");
    g_autoptr (GBytes) der = export_ok (p12, "thread", 0, 0, i % 2 ? LEGACY_ : MODERN_);
    g_autoptr (PkiPkcs12) back = load_ok (der, "thread");
    g_autoptr (PkiX509) cert = pki_pkcs12_get_certificate (back);
    g_autoptr (GBytes) pem = cert_pem (cert);
    g_assert_cmpuint (g_bytes_get_size (pem), >, 0);
  }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr (GBytes) legacy = pki_test_vector ("p12_server_with_ca_friendly_legacy.p12");
  GThread *threads[4];

  if (legacy == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("pkcs12", thread_func, legacy);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

/* Legacy bundles are opened in libpki's own library context: the
 * application's default context still has no legacy provider and no RC2,
 * and the key and certificate loaded work in it (they sign and verify). */
static void
test_legacy_global_state (void)
{
  static const char msg[] = "signed with a key from a legacy bundle";
  g_autoptr (GBytes) data = pki_test_vector ("p12_server_with_ca_friendly_legacy.p12");
  g_autoptr (PkiPkcs12) p12 = NULL;
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (GBytes) sig = NULL;
  g_autoptr (GError) error = NULL;
  EVP_CIPHER *rc2;

  if (data == NULL)
    return;
  p12 = load_ok (data, "whatever");
  g_assert_false (OSSL_PROVIDER_available (NULL, "legacy"));
  rc2 = EVP_CIPHER_fetch (NULL, "RC2-40-CBC", NULL);
  g_assert_null (rc2);
  ERR_clear_error ();
  key = pki_pkcs12_get_privatekey (p12);
  cert = pki_pkcs12_get_certificate (p12);
  sig = pki_sign (key, (const guint8 *) msg, sizeof msg, "sha256", &error);
  pki_test_assert_ok (sig, error);
  g_assert_true (pki_verify_with_x509 (cert, PKI_BYTES_ARGS (sig), (const guint8 *) msg,
                                       sizeof msg, "sha256", &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
}

/* --- interoperability: the openssl CLI ---------------------------------- */

/* Bundles `openssl pkcs12 -export` writes load with every part and report
 * the protection asked for. */
static void
test_interop_openssl_export (void)
{
  static const struct {
    const char *tag;
    const char *extra[6];        /* more options for -export */
    const char *mac_digest;
    gint iterations;             /* key, certificate and MAC */
    const char *key_enc;         /* NULL: not encrypted */
    const char *cert_enc;
  } cases[] = {
    { "default", { NULL }, "sha256", 2048, "aes-256-cbc (PBKDF2, hmacWithSHA256)",
      "aes-256-cbc (PBKDF2, hmacWithSHA256)" },
    { "legacy", { "-legacy", NULL }, "sha1", 2048, ENC_3DES, ENC_RC2 },
    { "sha512 mac, 1000 iterations", { "-macalg", "sha512", "-iter", "1000", NULL }, "sha512",
      1000, "aes-256-cbc (PBKDF2, hmacWithSHA256)", "aes-256-cbc (PBKDF2, hmacWithSHA256)" },
    { "aes-128", { "-keypbe", "AES-128-CBC", "-certpbe", "AES-128-CBC", NULL }, "sha256", 2048,
      "aes-128-cbc (PBKDF2, hmacWithSHA256)", "aes-128-cbc (PBKDF2, hmacWithSHA256)" },
    { "not encrypted", { "-keypbe", "NONE", "-certpbe", "NONE", NULL }, "sha256", 2048, NULL,
      NULL },
  };
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autofree gchar *key = pki_test_vector_path ("server_key.pem");
  g_autofree gchar *cert = pki_test_vector_path ("server_cert.pem");
  g_autofree gchar *root = pki_test_vector_path ("root_cert.pem");
  g_autofree gchar *out = g_build_filename (dir, "cli.p12", NULL);

  if (key == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    const char *argv[24];
    guint n = 0;
    g_autoptr (GBytes) data = NULL;
    g_autoptr (PkiPkcs12) p12 = NULL;

    g_test_message ("%s", cases[i].tag);
    for (const char *const *a = (const char *const[]){ "pkcs12", "-export", "-inkey", key, "-in",
                                                        cert, "-certfile", root, "-name",
                                                        "Serverlicious", "-passout",
                                                        "pass:interop", "-out", out, NULL };
         *a != NULL; a++)
      argv[n++] = *a;
    for (guint j = 0; cases[i].extra[j] != NULL; j++)
      argv[n++] = cases[i].extra[j];
    argv[n] = NULL;
    g_bytes_unref (pki_test_openssl_ok (argv));
    data = pki_test_read_file (out);
    p12 = load_ok (data, "interop");
    assert_vector_parts (p12, &VECTORS[3]);
    g_assert_cmpstr (pki_pkcs12_get_mac_digest (p12), ==, cases[i].mac_digest);
    g_assert_cmpint (pki_pkcs12_get_mac_iterations (p12), ==, cases[i].iterations);
    g_assert_cmpstr (pki_pkcs12_get_key_encryption (p12), ==, cases[i].key_enc);
    g_assert_cmpstr (pki_pkcs12_get_cert_encryption (p12), ==, cases[i].cert_enc);
    if (cases[i].key_enc != NULL) {
      g_assert_cmpint (pki_pkcs12_get_key_iterations (p12), ==, cases[i].iterations);
      g_assert_cmpint (pki_pkcs12_get_cert_iterations (p12), ==, cases[i].iterations);
    }
    {
      g_autoptr (GBytes) id = pki_pkcs12_get_local_key_id (p12);
      g_autoptr (GPtrArray) cli = cli_local_key_ids (out, "interop");
      g_autofree gchar *hex = NULL;
      g_assert_nonnull (id);
      hex = hex_of (id);
      g_assert_cmpuint (cli->len, ==, 2);
      g_assert_cmpstr (cli->pdata[0], ==, hex);
    }
    assert_load_fails (PKI_BYTES_ARGS (data), "interop!", PKI_ERROR_PASSPHRASE);
  }
}

/* A bundle without a MAC (`-nomac`, or pyOpenSSL's maciter=-1) cannot be
 * checked and is refused, whatever the passphrase. */
static void
test_interop_openssl_nomac (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autofree gchar *key = pki_test_vector_path ("server_key.pem");
  g_autofree gchar *cert = pki_test_vector_path ("server_cert.pem");
  g_autofree gchar *out = g_build_filename (dir, "nomac.p12", NULL);
  g_autoptr (GBytes) data = NULL;
  static const char *const passes[] = { "nomac", "", "other" };

  if (key == NULL)
    return;
  PKI_OPENSSL_RUN ("pkcs12", "-export", "-inkey", key, "-in", cert, "-nomac", "-passout",
                   "pass:nomac", "-out", out);
  data = pki_test_read_file (out);
  for (guint i = 0; i < G_N_ELEMENTS (passes); i++)
    assert_load_fails (PKI_BYTES_ARGS (data), passes[i], PKI_ERROR_BAD_INPUT);
  assert_load_fails (PKI_BYTES_ARGS (data), NULL, PKI_ERROR_BAD_INPUT);
}

/* libpki's bundles pass `openssl pkcs12 -info` (the legacy profile needs
 * -legacy for RC2), and their parts are there. */
static void
test_interop_libpki_to_openssl (void)
{
  static const struct {
    PkiPkcs12Profile profile;
    const char *needs;           /* extra option, or NULL */
    const char *lines[4];        /* in the -info output */
  } cases[] = {
    { PKI_PKCS12_PROFILE_MODERN, NULL,
      { "MAC: sha256, Iteration 2048",
        "PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256", NULL } },
    { PKI_PKCS12_PROFILE_LEGACY, "-legacy",
      { "MAC: sha1, Iteration 2048", "PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC",
        "Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC", NULL } },
  };
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (PkiPkcs12) p12 = server_bundle ("Serverlicious");
  g_autoptr (GBytes) cert_want = pki_test_vector ("server_cert.pem");
  g_autoptr (GBytes) root_want = pki_test_vector ("root_cert.pem");

  if (p12 == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GBytes) der = export_ok (p12, "x", 0, 0, cases[i].profile);
    g_autofree gchar *path = pki_test_write (dir, "libpki.p12", der);
    g_autoptr (GBytes) info = NULL;
    g_autoptr (GBytes) full = NULL;
    const char *opt = cases[i].needs != NULL ? cases[i].needs : "-info";

    g_test_message ("profile %d", cases[i].profile);
    PKI_OPENSSL_RUN ("pkcs12", "-in", path, "-info", "-noout", "-passin", "pass:x", opt);
    info = CLI_BOTH_OK ("pkcs12", "-in", path, "-info", "-nokeys", "-nocerts", "-passin",
                        "pass:x", opt);
    for (guint j = 0; cases[i].lines[j] != NULL; j++)
      assert_contains (info, cases[i].lines[j]);
    full = PKI_OPENSSL_OK ("pkcs12", "-in", path, "-nodes", "-passin", "pass:x", opt);
    assert_contains (full, "friendlyName: Serverlicious");
    assert_contains (full, "-----BEGIN PRIVATE KEY-----");
    assert_contains (full, g_bytes_get_data (cert_want, NULL));
    assert_contains (full, g_bytes_get_data (root_want, NULL));
    PKI_OPENSSL_FAILS ("pkcs12", "-in", path, "-info", "-noout", "-passin", "pass:y", opt);
    /* RC2 is really there: OpenSSL 3 refuses it without its legacy provider */
    if (cases[i].needs != NULL)
      PKI_OPENSSL_FAILS ("pkcs12", "-in", path, "-nodes", "-passin", "pass:x");
  }
}

/* --- interoperability: python3's cryptography ---------------------------- */

#define PYTHON "/usr/bin/python3"

/* Loads argv[1] with the passphrase argv[2] and prints the certificate's
 * subject, whether the key is its key, the friendly name and the CA subjects,
 * one a line. */
static const char PY_LOAD[] =
  "import sys\n"
  "from cryptography.hazmat.primitives.serialization import pkcs12, Encoding, PublicFormat\n"
  "data = open(sys.argv[1], 'rb').read()\n"
  "key, cert, cas = pkcs12.load_key_and_certificates(data, sys.argv[2].encode())\n"
  "spki = lambda k: k.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)\n"
  "print(cert.subject.rfc4514_string())\n"
  "print(spki(key.public_key()) == spki(cert.public_key()))\n"
  "p = pkcs12.load_pkcs12(data, sys.argv[2].encode())\n"
  "print(p.cert.friendly_name.decode() if p.cert.friendly_name else '-')\n"
  "for c in cas:\n"
  "    print(c.subject.rfc4514_string())\n";

static gboolean
python_cryptography_works (void)
{
  const char *argv[] = { PYTHON, "-c", "import cryptography", NULL };
  gint status = 0;

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL
                     | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_interop_python (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (PkiPkcs12) p12 = server_bundle ("Serverlicious");
  g_autoptr (PkiX509) root = cert_vector ("root_cert.pem");

  if (p12 == NULL || root == NULL)
    return;
  if (!python_cryptography_works ()) {
    g_test_skip (PYTHON " -c \"import cryptography\" fails: install python3-cryptography "
                 "to check libpki's bundles with it");
    return;
  }
  for (guint i = 0; i < G_N_ELEMENTS (PROFILES); i++) {
    g_autoptr (GBytes) der = export_ok (p12, "py pass", 0, 0, PROFILES[i].profile);
    g_autofree gchar *path = pki_test_write (dir, "py.p12", der);
    const char *argv[] = { PYTHON, "-c", PY_LOAD, path, "py pass", NULL };
    g_autofree gchar *out = NULL;
    g_autofree gchar *err = NULL;
    g_autoptr (GError) error = NULL;
    g_auto (GStrv) lines = NULL;
    g_autoptr (PkiX509) cert = pki_pkcs12_get_certificate (p12);
    g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
    g_autoptr (PkiX509Name) root_subject = pki_x509_get_subject (root);
    g_autofree gchar *want = pki_x509_name_to_string (subject);
    g_autofree gchar *want_root = pki_x509_name_to_string (root_subject);
    gint status = 0;

    g_test_message ("profile %d", PROFILES[i].profile);
    if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                       &status, &error))
      g_error ("running " PYTHON ": %s", error->message);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("python's cryptography cannot load libpki's bundle (profile %d): %s",
               PROFILES[i].profile, err);
    lines = g_strsplit (out, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), >=, 4);
    g_assert_cmpstr (lines[0], ==, want);
    g_assert_cmpstr (lines[0], ==, "CN=lovely server");
    g_assert_cmpstr (lines[1], ==, "True");
    g_assert_cmpstr (lines[2], ==, "Serverlicious");
    g_assert_cmpstr (lines[3], ==, want_root);
  }
}

/* --- the PKCS#12 corpus ------------------------------------------------- */

#define NO_PASS ((const char *) 1)   /* a table's NULL passphrase */

/* BoringSSL's PKCS#12 test files (crypto/pkcs8/test), with the passphrases
 * BoringSSL's own tests use, and OpenSSL's bad1-3.p12 (CVE-2024-0727:
 * ContentInfos without content; OpenSSL's test opens them with ""). */
static const struct {
  const char *sub, *file;
  const char *pass;      /* NO_PASS: NULL */
  gint code;             /* -1: loads with a key and certificate */
  const char *cn;        /* the certificate's CN (NULL: has none) */
} CORPUS[] = {
  { "corpus/boringssl/pkcs8/test", "openssl.p12", "foo", -1, NULL },
  { "corpus/boringssl/pkcs8/test", "nss.p12", "foo", -1, NULL },
  { "corpus/boringssl/pkcs8/test", "windows.p12", "foo", -1, NULL },
  { "corpus/boringssl/pkcs8/test", "pbes2_sha1.p12", "foo", -1, NULL },
  { "corpus/boringssl/pkcs8/test", "pbes2_sha256.p12", "foo", -1, NULL },
  { "corpus/boringssl/pkcs8/test", "no_encryption.p12", "foo", -1, NULL },
  { "corpus/boringssl/pkcs8/test", "empty_password.p12", "", -1, NULL },
  { "corpus/boringssl/pkcs8/test", "empty_password_ber.p12", "", -1, NULL },
  /* constructed strings nested two deep: OpenSSL's decoder refuses them */
  { "corpus/boringssl/pkcs8/test", "empty_password_ber_nested.p12", "", PKI_ERROR_BAD_INPUT,
    NULL },
  { "corpus/boringssl/pkcs8/test", "null_password.p12", NO_PASS, -1, NULL },
  { "corpus/boringssl/pkcs8/test", "unicode_password.p12", "Hello, \xe4\xb8\x96\xe7\x95\x8c",
    -1, NULL },
  { "corpus/boringssl/pkcs8/test", "bad1.p12", "", PKI_ERROR_BAD_INPUT, NULL },
  { "corpus/boringssl/pkcs8/test", "bad2.p12", "", PKI_ERROR_BAD_INPUT, NULL },
  { "corpus/boringssl/pkcs8/test", "bad3.p12", "", PKI_ERROR_BAD_INPUT, NULL },
  { "corpus/openssl-3.0.15-testdata/recipes/80-test_pkcs12_data", "bad1.p12", "",
    PKI_ERROR_BAD_INPUT, NULL },
  { "corpus/openssl-3.0.15-testdata/recipes/80-test_pkcs12_data", "bad2.p12", "",
    PKI_ERROR_BAD_INPUT, NULL },
  { "corpus/openssl-3.0.15-testdata/recipes/80-test_pkcs12_data", "bad3.p12", "",
    PKI_ERROR_BAD_INPUT, NULL },
};

static void
test_corpus (void)
{
  static const char *const others[] = { "foo", "", "testpassword", "wrong" };
  g_autoptr (GString) wrong = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (CORPUS); i++) {
    g_autofree gchar *path = corpus_path (CORPUS[i].sub, CORPUS[i].file);
    const char *pass = CORPUS[i].pass == NO_PASS ? NULL : CORPUS[i].pass;
    g_autoptr (GBytes) data = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPkcs12) p12 = NULL;

    if (path == NULL)
      return;
    g_test_message ("%s/%s", CORPUS[i].sub, CORPUS[i].file);
    data = pki_test_read_file (path);
    p12 = pki_pkcs12_load (PKI_BYTES_ARGS (data), pass, &error);
    pki_assert_queue_empty ();
    if (CORPUS[i].code >= 0) {
      /* Go on with the other files after a wrong verdict, to see them all. */
      if (p12 != NULL) {
        g_autoptr (PkiX509) c = pki_pkcs12_get_certificate (p12);
        g_autoptr (PkiPKey) k = pki_pkcs12_get_privatekey (p12);
        g_autoptr (GPtrArray) cas = pki_pkcs12_get_ca_certificates (p12);
        g_string_append_printf (wrong, "\n  %s/%s: loaded (certificate %s, key %s, %u CA "
                                "certificates), expected PKI_ERROR #%d", CORPUS[i].sub,
                                CORPUS[i].file, c ? "yes" : "no", k ? "yes" : "no", cas->len,
                                CORPUS[i].code);
      } else if (!g_error_matches (error, PKI_ERROR, CORPUS[i].code)) {
        g_string_append_printf (wrong, "\n  %s/%s: expected PKI_ERROR #%d, got %s #%d: %s",
                                CORPUS[i].sub, CORPUS[i].file, CORPUS[i].code,
                                g_quark_to_string (error->domain), error->code, error->message);
      }
    } else {
      g_autoptr (PkiX509) cert = NULL;
      g_autoptr (PkiPKey) key = NULL;
      g_autoptr (PkiPKey) pub = NULL;

      pki_test_assert_ok (p12, error);
      cert = pki_pkcs12_get_certificate (p12);
      key = pki_pkcs12_get_privatekey (p12);
      g_assert_nonnull (cert);
      g_assert_nonnull (key);
      g_assert_true (pki_pkey_has_private (key));
      pub = pki_x509_get_pubkey (cert, &error);
      pki_test_assert_ok (pub, error);
      g_assert_true (pki_pkey_public_equal (pub, key));
      /* it re-exports and loads again */
      {
        g_autoptr (GBytes) der = export_ok (p12, "again", 0, 0, MODERN_);
        g_autoptr (PkiPkcs12) back = load_ok (der, "again");
        g_autoptr (PkiX509) cert2 = pki_pkcs12_get_certificate (back);
        assert_same_cert (cert2, cert);
      }
    }
    /* Any other passphrase fails cleanly. */
    for (guint j = 0; j < G_N_ELEMENTS (others); j++) {
      if (pass != NULL && g_str_equal (pass, others[j]))
        continue;
      assert_load_rejected (data, others[j]);
    }
    if (pass != NULL)
      assert_load_rejected (data, NULL);
  }
  if (wrong->len > 0)
    g_test_fail_printf ("wrong verdicts:%s", wrong->str);
}

/* Every other PKCS#12 file of OpenSSL's test data loads or fails cleanly. */
static void
test_corpus_openssl_others (void)
{
  static const struct {
    const char *file;
    const char *pass;
  } files[] = {
    { "certs/v3-certs-RC2.p12", "v3-certs" },
    { "certs/v3-certs-TDES.p12", "v3-certs" },
    { "recipes/90-test_store_cases_data/garbage-pkcs12.p12", "" },
    { "shibboleth.pfx", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree gchar *path = corpus_path ("corpus/openssl-3.0.15-testdata", files[i].file);
    static const char *const tries[] = { "v3-certs", "", "password", "foo" };
    g_autoptr (GBytes) data = NULL;

    if (path == NULL)
      return;
    if (!g_file_test (path, G_FILE_TEST_EXISTS))
      continue;
    data = pki_test_read_file (path);
    for (guint j = 0; j < G_N_ELEMENTS (tries) + 1; j++) {
      const char *pass = j < G_N_ELEMENTS (tries) ? tries[j] : NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (PkiPkcs12) p12 = pki_pkcs12_load (PKI_BYTES_ARGS (data), pass, &error);
      pki_assert_queue_empty ();
      if (p12 != NULL) {
        g_autoptr (GPtrArray) cas = pki_pkcs12_get_ca_certificates (p12);
        g_assert_no_error (error);
        g_test_message ("%s loads with \"%s\" (%u CA certificates)", files[i].file,
                        pass ? pass : "(null)", cas->len);
      } else {
        g_assert_nonnull (error);
        g_assert_true (error->domain == PKI_ERROR);
        g_assert_cmpint (error->code, !=, PKI_ERROR_FAILED);
      }
    }
  }
}

/* --- bad input ----------------------------------------------------------- */

static void
test_bad_input_garbage (void)
{
  static const char *const garbage[] = { "fruit loops", "\x30", "\x30\x00", "\x30\x03\x02\x01\x03",
                                         "-----BEGIN PKCS12-----\n" };
  g_autoptr (GBytes) good = pki_test_vector ("p12_client_whatever_ossl3default.p12");

  assert_load_fails ((const guint8 *) "", 0, "whatever", PKI_ERROR_BAD_INPUT);
  assert_load_fails (NULL, 0, "whatever", PKI_ERROR_BAD_INPUT);
  assert_load_fails (NULL, 0, NULL, PKI_ERROR_BAD_INPUT);
  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++) {
    assert_load_fails (STR_ARGS (garbage[i]), "whatever", PKI_ERROR_BAD_INPUT);
    assert_load_fails (STR_ARGS (garbage[i]), NULL, PKI_ERROR_BAD_INPUT);
  }
  if (good == NULL)
    return;
  /* the same bundle in PEM, or followed by anything, is not a DER bundle */
  {
    g_autoptr (GBytes) extra = g_bytes_new_static ("\0", 1);
    g_autoptr (GBytes) longer = pki_test_bytes_join (good, extra);
    g_autoptr (GBytes) twice = pki_test_bytes_join (good, good);
    g_autofree gchar *b64 = g_base64_encode (g_bytes_get_data (good, NULL),
                                             g_bytes_get_size (good));
    assert_load_fails (PKI_BYTES_ARGS (longer), "whatever", PKI_ERROR_BAD_INPUT);
    assert_load_fails (PKI_BYTES_ARGS (twice), "whatever", PKI_ERROR_BAD_INPUT);
    assert_load_fails (STR_ARGS (b64), "whatever", PKI_ERROR_BAD_INPUT);
  }
  /* some other DER structure */
  {
    g_autoptr (GBytes) der = pki_test_vector ("root_cert.der");
    assert_load_fails (PKI_BYTES_ARGS (der), "whatever", PKI_ERROR_BAD_INPUT);
  }
}

/* Every 97th prefix of good bundles (modern, legacy, libpki's) and the
 * one-byte-short one. */
static void
test_bad_input_truncated (void)
{
  static const char *const files[] = { "p12_server_with_ca_friendly_ossl3default.p12",
                                       "p12_server_with_ca_friendly_legacy.p12" };
  g_autoptr (GPtrArray) bundles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr (PkiPkcs12) p12 = server_bundle ("Serverlicious");

  if (p12 == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_ptr_array_add (bundles, pki_test_vector (files[i]));
  g_ptr_array_add (bundles, export_ok (p12, "whatever", 0, 0, MODERN_));
  for (guint i = 0; i < bundles->len; i++) {
    GBytes *good = bundles->pdata[i];
    gsize len = g_bytes_get_size (good);

    for (gsize n = 0; n < len; n += 97) {
      g_autoptr (GBytes) head = bytes_head (good, n);
      assert_load_fails (PKI_BYTES_ARGS (head), "whatever", PKI_ERROR_BAD_INPUT);
    }
    {
      g_autoptr (GBytes) head = bytes_head (good, len - 1);
      assert_load_fails (PKI_BYTES_ARGS (head), "whatever", PKI_ERROR_BAD_INPUT);
    }
  }
}

/* A changed MAC, salt or iteration count, or changed contents, never load:
 * the MAC cannot tell a wrong passphrase from a changed bundle. */
static void
test_bad_input_corrupted_mac (void)
{
  g_autoptr (PkiPkcs12) p12 = server_bundle ("Serverlicious");

  if (p12 == NULL)
    return;
  for (guint j = 0; j < G_N_ELEMENTS (PROFILES); j++) {
    g_autoptr (GBytes) good = export_ok (p12, "mac", 0, 0, PROFILES[j].profile);
    gsize len = g_bytes_get_size (good);
    const guint8 *d = g_bytes_get_data (good, NULL);
    gsize md_len = PROFILES[j].profile == MODERN_ ? 32 : 20;
    /* MacData ends with the digest OCTET STRING, the salt (8 bytes) and the
     * iteration count 2048 (02 02 08 00) */
    gsize salt_at = len - 4 - 10;
    gsize digest_at = salt_at - md_len;

    g_test_message ("profile %d", PROFILES[j].profile);
    g_assert_cmpmem (d + len - 4, 4, "\x02\x02\x08\x00", 4);
    g_assert_cmpmem (d + salt_at, 2, "\x04\x08", 2);
    g_assert_cmpuint (d[digest_at - 2], ==, 0x04);
    g_assert_cmpuint (d[digest_at - 1], ==, md_len);
    {
      /* the digest: first, last and a middle byte; salt; iterations */
      const gsize offsets[] = { digest_at, digest_at + md_len / 2, digest_at + md_len - 1,
                                salt_at + 2, salt_at + 9, len - 1, len / 2, 100 };
      for (guint k = 0; k < G_N_ELEMENTS (offsets); k++) {
        g_autoptr (GBytes) bad = bytes_flip (good, offsets[k], 0x01);
        g_autoptr (GBytes) bad2 = bytes_flip (good, offsets[k], 0x80);
        assert_load_rejected (bad, "mac");
        assert_load_rejected (bad2, "mac");
      }
    }
    /* a digest of the right bytes with the wrong passphrase is still refused */
    {
      g_autoptr (GBytes) bad = bytes_flip (good, digest_at, 0x01);
      assert_load_fails (PKI_BYTES_ARGS (bad), "mac", PKI_ERROR_PASSPHRASE);
    }
  }
}

/* Flipping a bit of every 7th byte of a bundle never gives another bundle:
 * the error is PASSPHRASE (the MAC), BAD_INPUT or, for a changed algorithm
 * identifier, UNSUPPORTED. */
static void
test_bad_input_flips (void)
{
  g_autoptr (GBytes) good = pki_test_vector ("p12_client_whatever_ossl3default.p12");
  gsize len;

  if (good == NULL)
    return;
  len = g_bytes_get_size (good);
  for (gsize i = 0; i < len; i += 7) {
    g_autoptr (GBytes) bad = bytes_flip (good, i, 0x04);
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPkcs12) p12 = pki_pkcs12_load (PKI_BYTES_ARGS (bad), "whatever", &error);
    pki_assert_queue_empty ();
    if (p12 != NULL) {
      /* A change the DER decoder normalizes away (a length form, a tag
       * class bit it ignores) can leave the MAC'd contents unchanged; the
       * bundle must then be the same. */
      g_autoptr (PkiX509) cert = pki_pkcs12_get_certificate (p12);
      g_test_message ("offset %" G_GSIZE_FORMAT ": still loads", i);
      assert_cert_is_vector (cert, "client_cert.pem");
      continue;
    }
    /* a changed algorithm identifier is an unknown algorithm */
    if (g_error_matches (error, PKI_ERROR, PKI_ERROR_UNSUPPORTED))
      continue;
    assert_error_either (error, PKI_ERROR_PASSPHRASE, PKI_ERROR_BAD_INPUT);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pkcs12/boxed", test_boxed);
  g_test_add_func ("/pkcs12/new-empty", test_new_empty);
  g_test_add_func ("/pkcs12/vectors/load", test_vectors_load);
  g_test_add_func ("/pkcs12/vectors/protection", test_vectors_protection);
  g_test_add_func ("/pkcs12/vectors/wrong-passphrase", test_vectors_wrong_passphrase);
  g_test_add_func ("/pkcs12/vectors/empty-passphrase", test_vectors_empty_passphrase);
  g_test_add_func ("/pkcs12/vectors/local-key-id", test_vectors_local_key_id);
  g_test_add_func ("/pkcs12/set-get", test_set_get);
  g_test_add_func ("/pkcs12/set-on-loaded", test_set_on_loaded);
  g_test_add_func ("/pkcs12/export/vectors-roundtrip", test_export_vectors_roundtrip);
  g_test_add_func ("/pkcs12/export/iterations", test_export_iterations);
  g_test_add_func ("/pkcs12/export/negative-iterations", test_export_negative_iterations);
  g_test_add_func ("/pkcs12/export/unknown-profile", test_export_unknown_profile);
  g_test_add_func ("/pkcs12/export/friendly-names", test_export_friendly_names);
  g_test_add_func ("/pkcs12/export/ca-order", test_export_ca_order);
  g_test_add_func ("/pkcs12/export/local-key-id", test_export_local_key_id);
  g_test_add_func ("/pkcs12/export/empty-passphrase", test_export_empty_passphrase);
  g_test_add_func ("/pkcs12/export/mismatch", test_export_mismatch);
  g_test_add_func ("/pkcs12/export/empty", test_export_empty);
  g_test_add_func ("/pkcs12/export/partial", test_export_partial);
  g_test_add_func ("/pkcs12/export/key-types", test_export_key_types);
  g_test_add_func ("/pkcs12/export/public-key", test_export_public_key);
  g_test_add_func ("/pkcs12/preconditions", test_preconditions);
  g_test_add_func ("/pkcs12/threads", test_threads);
  g_test_add_func ("/pkcs12/legacy-global-state", test_legacy_global_state);
  g_test_add_func ("/pkcs12/interop/openssl-export", test_interop_openssl_export);
  g_test_add_func ("/pkcs12/interop/openssl-nomac", test_interop_openssl_nomac);
  g_test_add_func ("/pkcs12/interop/libpki-to-openssl", test_interop_libpki_to_openssl);
  g_test_add_func ("/pkcs12/interop/python-cryptography", test_interop_python);
  g_test_add_func ("/pkcs12/corpus/boringssl-openssl", test_corpus);
  g_test_add_func ("/pkcs12/corpus/openssl-others", test_corpus_openssl_others);
  g_test_add_func ("/pkcs12/bad-input/garbage", test_bad_input_garbage);
  g_test_add_func ("/pkcs12/bad-input/truncated", test_bad_input_truncated);
  g_test_add_func ("/pkcs12/bad-input/corrupted-mac", test_bad_input_corrupted_mac);
  g_test_add_func ("/pkcs12/bad-input/flips", test_bad_input_flips);

  return g_test_run ();
}
