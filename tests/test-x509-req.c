/* Tests for pki-x509-req.h: PkiX509Req (pyOpenSSL's X509Req with
 * load_certificate_request/dump_certificate_request) and issuing
 * certificates from requests with pki_x509_req_issue() and
 * PkiIssueOptions, with the pyOpenSSL CSR facts of
 * ../shared/pyopenssl-vectors (README section 4) and interop with the
 * openssl CLI both ways.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

/* A temporary directory removed with its files at scope exit. */
typedef gchar ReqTmpdir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReqTmpdir, pki_test_tmpdir_free)


#define OID_SERVER_AUTH "1.3.6.1.5.5.7.3.1"
#define OID_CLIENT_AUTH "1.3.6.1.5.5.7.3.2"

/* --- keys ------------------------------------------------------------------ */

typedef enum {
  KEY_RSA,       /* two distinct RSA-2048 keys, made once (RSA is slow) */
  KEY_RSA_OTHER,
  KEY_EC,        /* a fresh P-256 key */
  KEY_ED25519,   /* a fresh Ed25519 key */
} KeyKind;

static PkiPKey *rsa_cache[2];

static PkiPKey *
key_new (KeyKind kind)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key;

  switch (kind) {
  case KEY_RSA:
  case KEY_RSA_OTHER:
    if (rsa_cache[kind] == NULL) {
      rsa_cache[kind] = pki_pkey_generate (PKI_PKEY_TYPE_RSA, 2048, &error);
      pki_test_assert_ok (rsa_cache[kind], error);
    }
    return pki_pkey_ref (rsa_cache[kind]);
  case KEY_EC:
    key = pki_pkey_generate_ec ("P-256", &error);
    break;
  case KEY_ED25519:
  default:
    key = pki_pkey_generate (PKI_PKEY_TYPE_ED25519, 0, &error);
    break;
  }
  return pki_test_assert_ok (key, error);
}

static gboolean
kind_is_rsa (KeyKind kind)
{
  return kind == KEY_RSA || kind == KEY_RSA_OTHER;
}

/* The signature algorithm a key signs with when no digest is chosen. */
static const char *
default_sigalg (KeyKind kind)
{
  switch (kind) {
  case KEY_RSA:
  case KEY_RSA_OTHER:
    return "sha256WithRSAEncryption";
  case KEY_EC:
    return "ecdsa-with-SHA256";
  case KEY_ED25519:
  default:
    return "ED25519";
  }
}

/* --- bytes ----------------------------------------------------------------- */

/* @b as hex: lower case without separators, or upper case with ":" between
 * bytes as the openssl CLI prints key identifiers. */
static gchar *
bytes_hex (GBytes *b, gboolean cli_form)
{
  GString *s = g_string_new (NULL);
  gsize len;
  const guint8 *p = g_bytes_get_data (b, &len);

  for (gsize i = 0; i < len; i++) {
    if (cli_form && i > 0)
      g_string_append_c (s, ':');
    g_string_append_printf (s, cli_form ? "%02X" : "%02x", p[i]);
  }
  return g_string_free (s, FALSE);
}

/* The first @len bytes of @b. */
static GBytes *
bytes_head (GBytes *b, gsize len)
{
  g_assert_cmpuint (len, <=, g_bytes_get_size (b));
  return g_bytes_new_from_bytes (b, 0, len);
}

/* A copy of @b with byte @index XORed with @mask. */
static GBytes *
bytes_flip (GBytes *b, gsize index, guint8 mask)
{
  gsize len = g_bytes_get_size (b);
  guint8 *copy = g_memdup2 (g_bytes_get_data (b, NULL), len);
  g_assert_cmpuint (index, <, len);
  copy[index] ^= mask;
  return g_bytes_new_take (copy, len);
}

/* A copy of @b with every @from replaced by @to (same length). */
static GBytes *
bytes_replace (GBytes *b, const char *from, const char *to)
{
  g_autofree gchar *text = g_strndup (g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  g_auto (GStrv) parts = g_strsplit (text, from, -1);
  gchar *joined;

  g_assert_cmpuint (g_strv_length (parts), >, 1);
  joined = g_strjoinv (to, parts);
  return g_bytes_new_take (joined, strlen (joined));
}

/* One DER tag and length at @p: returns the header size, sets the content
 * length. */
static gsize
der_header (const guint8 *p, gsize avail, gsize *content_len)
{
  gsize n, len = 0;

  g_assert_cmpuint (avail, >=, 2);
  if (p[1] < 0x80) {
    *content_len = p[1];
    return 2;
  }
  n = p[1] & 0x7f;
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <=, 3);
  g_assert_cmpuint (avail, >=, 2 + n);
  for (gsize i = 0; i < n; i++)
    len = (len << 8) | p[2 + i];
  *content_len = len;
  return 2 + n;
}

/* The SHA-1 of the subjectPublicKey bits of @key's SubjectPublicKeyInfo
 * (SEQUENCE { AlgorithmIdentifier, BIT STRING }): RFC 5280 4.2.1.2's key
 * identifier, computed here without libpki's help. */
static GBytes *
key_bits_sha1 (PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) der = pki_pkey_dump_public (key, PKI_FILETYPE_ASN1, &error);
  g_autoptr (GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  const guint8 *p, *end;
  gsize len, hdr;
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  pki_test_assert_ok (der, error);
  p = g_bytes_get_data (der, &len);
  end = p + len;
  g_assert_cmpuint (p[0], ==, 0x30);
  p += der_header (p, (gsize) (end - p), &len);
  g_assert_cmpuint (p[0], ==, 0x30);
  hdr = der_header (p, (gsize) (end - p), &len);
  p += hdr + len;
  g_assert_cmpuint (p[0], ==, 0x03);
  hdr = der_header (p, (gsize) (end - p), &len);
  p += hdr;
  g_assert_true (p + len == end);
  g_assert_cmpuint (p[0], ==, 0); /* no unused bits */
  g_checksum_update (sha1, p + 1, (gssize) len - 1);
  g_checksum_get_digest (sha1, digest, &digest_len);
  return g_bytes_new (digest, digest_len);
}

/* --- names and extensions -------------------------------------------------- */

static PkiX509Name *
name_parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  PkiX509Name *name = pki_x509_name_parse (text, &error);
  return pki_test_assert_ok (name, error);
}

/* pyOpenSSL's get_components() as "/type=value/...". */
static gchar *
name_components (PkiX509Name *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) comps = pki_x509_name_get_components (name, &error);
  GString *s = g_string_new (NULL);

  pki_test_assert_ok (comps, error);
  for (guint i = 0; i < comps->len; i++) {
    gchar **pair = comps->pdata[i];
    g_assert_cmpuint (g_strv_length (pair), ==, 2);
    g_string_append_printf (s, "/%s=%s", pair[0], pair[1]);
  }
  return g_string_free (s, FALSE);
}

static void
assert_oneline (PkiX509Name *name, const char *expected)
{
  g_autofree gchar *text = pki_x509_name_to_oneline (name);
  g_assert_cmpstr (text, ==, expected);
}

static PkiX509Extension *
ext_new (const char *type, gboolean critical, const char *value)
{
  g_autoptr (GError) error = NULL;
  PkiX509Extension *ext = pki_x509_extension_new (type, critical, value, NULL, NULL, &error);
  return pki_test_assert_ok (ext, error);
}

/* @ext is of @short_name, critical as @critical, with the DER value @hex. */
static void
assert_ext (PkiX509Extension *ext, const char *short_name, gboolean critical, const char *hex)
{
  g_autofree gchar *name = pki_x509_extension_get_short_name (ext);
  g_autoptr (GBytes) data = pki_x509_extension_get_data (ext);
  g_autofree gchar *data_hex = bytes_hex (data, FALSE);

  g_assert_cmpstr (name, ==, short_name);
  g_assert_cmpint (pki_x509_extension_get_critical (ext), ==, critical);
  g_assert_cmpstr (data_hex, ==, hex);
}

/* The single general name of a subjectAltName extension. */
static void
assert_san_dns (PkiX509Extension *ext, const char *dns)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) names = pki_x509_extension_get_general_names (ext, &error);

  pki_test_assert_ok (names, error);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpint (pki_general_name_get_kind (names->pdata[0]), ==, PKI_GENERAL_NAME_DNS);
  g_assert_cmpstr (pki_general_name_get_value (names->pdata[0], NULL), ==, dns);
}

/* --- requests -------------------------------------------------------------- */

static PkiX509Req *
req_load_ok (PkiFiletype type, GBytes *data)
{
  g_autoptr (GError) error = NULL;
  PkiX509Req *req = pki_x509_req_load (type, PKI_BYTES_ARGS (data), &error);
  return pki_test_assert_ok (req, error);
}

static void
req_load_fails (PkiFiletype type, const guint8 *data, gsize len, gint code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Req) req = pki_x509_req_load (type, data, len, &error);
  pki_test_assert_fails (req, error, code);
}

static GBytes *
req_dump_ok (PkiX509Req *req, PkiFiletype type)
{
  g_autoptr (GError) error = NULL;
  GBytes *out = pki_x509_req_dump (req, type, &error);
  pki_test_assert_ok (out, error);
  g_assert_cmpuint (g_bytes_get_size (out), >, 0);
  return out;
}

static void
req_verify_ok (PkiX509Req *req, PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_req_verify (req, key, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
req_verify_fails (PkiX509Req *req, PkiPKey *key, gint code)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_req_verify (req, key, &error);
  pki_test_assert_error (error, code);
  g_assert_false (ok);
}

static void
req_sign_ok (PkiX509Req *req, PkiPKey *key, const char *digest)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_req_sign (req, key, digest, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
req_sign_fails (PkiX509Req *req, PkiPKey *key, const char *digest, gint code)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_req_sign (req, key, digest, &error);
  pki_test_assert_error (error, code);
  g_assert_false (ok);
}

static void
assert_req_sigalg (PkiX509Req *req, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *alg = pki_x509_req_get_signature_algorithm (req, &error);
  pki_test_assert_ok (alg, error);
  g_assert_cmpstr (alg, ==, expected);
}

static PkiPKey *
req_pubkey_ok (PkiX509Req *req)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_x509_req_get_pubkey (req, &error);
  pki_test_assert_ok (key, error);
  g_assert_false (pki_pkey_has_private (key));
  return key;
}

static GPtrArray *
req_extensions_ok (PkiX509Req *req)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *exts = pki_x509_req_get_extensions (req, &error);
  return pki_test_assert_ok (exts, error);
}

static void
req_add_extensions_ok (PkiX509Req *req, PkiX509Extension **exts, guint n)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_req_add_extensions (req, exts, n, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
req_add_attribute_ok (PkiX509Req *req, const char *name, const char *value)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_req_add_attribute (req, name, value, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
req_add_attribute_fails (PkiX509Req *req, const char *name, const char *value, gint code)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_req_add_attribute (req, name, value, &error);
  pki_test_assert_error (error, code);
  g_assert_false (ok);
}

/* The attribute @name is @expected (NULL: absent, without an error). */
static void
assert_attribute (PkiX509Req *req, const char *name, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *value = pki_x509_req_get_attribute (req, name, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, expected);
}

static void
attribute_fails (PkiX509Req *req, const char *name, gint code)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *value = pki_x509_req_get_attribute (req, name, &error);
  pki_test_assert_fails (value, error, code);
}

/* The attribute names joined with ",". */
static void
assert_attribute_names (PkiX509Req *req, const char *expected)
{
  g_auto (GStrv) names = pki_x509_req_get_attribute_names (req);
  g_autofree gchar *joined = NULL;

  g_assert_nonnull (names);
  joined = g_strjoinv (",", names);
  g_assert_cmpstr (joined, ==, expected);
}

/* A request for @subject (one-line or RFC 4514) with @key's public key and
 * @exts, signed by @key with its default digest. */
static PkiX509Req *
req_make (PkiPKey *key, const char *subject, PkiX509Extension **exts, guint n_exts)
{
  g_autoptr (PkiX509Req) req = pki_x509_req_new ();
  g_autoptr (PkiX509Name) name = name_parse (subject);
  g_autoptr (GError) error = NULL;

  g_assert_true (pki_x509_req_set_subject (req, name, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_req_set_pubkey (req, key, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  if (n_exts > 0)
    req_add_extensions_ok (req, exts, n_exts);
  req_sign_ok (req, key, NULL);
  req_verify_ok (req, NULL);
  return g_steal_pointer (&req);
}

static PkiX509Req *
vector_req (const char *name, PkiFiletype type)
{
  g_autoptr (GBytes) data = pki_test_vector (name);
  return data != NULL ? req_load_ok (type, data) : NULL;
}

/* --- certificates ---------------------------------------------------------- */

static PkiIssueOptions *
options_new (PkiProfile profile, gint path_length)
{
  PkiIssueOptions *options = pki_issue_options_new ();
  pki_issue_options_set_profile (options, profile, path_length);
  return options;
}

static PkiX509 *
issue_ok (PkiX509Req *req, PkiX509 *issuer, PkiPKey *issuer_key, PkiIssueOptions *options)
{
  g_autoptr (GError) error = NULL;
  PkiX509 *cert = pki_x509_req_issue (req, issuer, issuer_key, options, &error);
  return pki_test_assert_ok (cert, error);
}

static void
issue_fails (PkiX509Req *req, PkiX509 *issuer, PkiPKey *issuer_key, PkiIssueOptions *options,
             gint code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509) cert = pki_x509_req_issue (req, issuer, issuer_key, options, &error);
  pki_test_assert_fails (cert, error, code);
}

/* A self-signed CA certificate for @key (PKI_PROFILE_CA, @path_length). */
static PkiX509 *
ca_make (PkiPKey *key, const char *subject, gint path_length)
{
  g_autoptr (PkiX509Req) req = req_make (key, subject, NULL, 0);
  g_autoptr (PkiIssueOptions) options = options_new (PKI_PROFILE_CA, path_length);
  return issue_ok (req, NULL, key, options);
}

/* A certificate for a fresh request by @subject_key, issued by @issuer. */
static PkiX509 *
leaf_make (PkiPKey *subject_key, const char *subject, PkiX509 *issuer, PkiPKey *issuer_key,
           PkiProfile profile, gint path_length)
{
  g_autoptr (PkiX509Req) req = req_make (subject_key, subject, NULL, 0);
  g_autoptr (PkiIssueOptions) options = options_new (profile, path_length);
  return issue_ok (req, issuer, issuer_key, options);
}

static gchar *
cert_sigalg (PkiX509 *cert)
{
  g_autoptr (GError) error = NULL;
  gchar *alg = pki_x509_get_signature_algorithm (cert, &error);
  return pki_test_assert_ok (alg, error);
}

static void
assert_cert_sigalg (PkiX509 *cert, const char *expected)
{
  g_autofree gchar *alg = cert_sigalg (cert);
  g_assert_cmpstr (alg, ==, expected);
}

/* The extension of @type, which must be there. */
static PkiX509Extension *
cert_ext (PkiX509 *cert, const char *type)
{
  g_autoptr (GError) error = NULL;
  PkiX509Extension *ext = pki_x509_get_extension_by_oid (cert, type, &error);
  return pki_test_assert_ok (ext, error);
}

static void
assert_no_ext (PkiX509 *cert, const char *type)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Extension) ext = pki_x509_get_extension_by_oid (cert, type, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_null (ext);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The short names of all the extensions, sorted, joined with ",": the exact
 * set, duplicates shown. */
static void
assert_ext_types (PkiX509 *cert, const char *expected)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *joined = NULL;
  guint n = pki_x509_get_extension_count (cert);

  for (guint i = 0; i < n; i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiX509Extension) ext = pki_x509_get_extension (cert, i, &error);
    pki_test_assert_ok (ext, error);
    g_ptr_array_add (names, pki_x509_extension_get_short_name (ext));
  }
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (",", (gchar **) names->pdata);
  g_assert_cmpstr (joined, ==, expected);
}

/* basicConstraints, critical, read with the typed getter. */
static void
assert_basic_constraints (PkiX509 *cert, gboolean ca, gint path_length)
{
  g_autoptr (PkiX509Extension) ext = cert_ext (cert, "basicConstraints");
  g_autoptr (GError) error = NULL;
  gboolean is_ca = !ca;
  gint path = -2;

  g_assert_true (pki_x509_extension_get_critical (ext));
  g_assert_true (pki_x509_extension_get_basic_constraints (ext, &is_ca, &path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (is_ca, ==, ca);
  g_assert_cmpint (path, ==, path_length);
}

/* keyUsage, critical, exactly @expected. */
static void
assert_key_usage (PkiX509 *cert, PkiKeyUsage expected)
{
  g_autoptr (PkiX509Extension) ext = cert_ext (cert, "keyUsage");
  g_autoptr (GError) error = NULL;
  PkiKeyUsage usage = 0;

  g_assert_true (pki_x509_extension_get_critical (ext));
  g_assert_true (pki_x509_extension_get_key_usage (ext, &usage, &error));
  g_assert_no_error (error);
  g_assert_cmphex (usage, ==, expected);
}

/* extendedKeyUsage, not critical, exactly the purpose @oid. */
static void
assert_eku (PkiX509 *cert, const char *oid)
{
  g_autoptr (PkiX509Extension) ext = cert_ext (cert, "extendedKeyUsage");
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) oids = pki_x509_extension_get_extended_key_usage (ext, &error);

  pki_test_assert_ok (oids, error);
  g_assert_false (pki_x509_extension_get_critical (ext));
  g_assert_cmpuint (g_strv_length (oids), ==, 1);
  g_assert_cmpstr (oids[0], ==, oid);
}

/* The profile's extensions, exactly (with the key identifiers and nothing
 * else). */
static void
assert_profile (PkiX509 *cert, PkiProfile profile, gint path_length, gboolean rsa_subject)
{
  switch (profile) {
  case PKI_PROFILE_NONE:
    assert_ext_types (cert, "authorityKeyIdentifier,subjectKeyIdentifier");
    break;
  case PKI_PROFILE_SERVER:
  case PKI_PROFILE_CLIENT:
    assert_ext_types (cert, "authorityKeyIdentifier,basicConstraints,extendedKeyUsage,keyUsage,"
                            "subjectKeyIdentifier");
    assert_basic_constraints (cert, FALSE, -1);
    assert_key_usage (cert, PKI_KEY_USAGE_DIGITAL_SIGNATURE
                                | (rsa_subject ? PKI_KEY_USAGE_KEY_ENCIPHERMENT : 0));
    assert_eku (cert, profile == PKI_PROFILE_SERVER ? OID_SERVER_AUTH : OID_CLIENT_AUTH);
    break;
  case PKI_PROFILE_CA:
  default:
    assert_ext_types (cert, "authorityKeyIdentifier,basicConstraints,keyUsage,"
                            "subjectKeyIdentifier");
    assert_basic_constraints (cert, TRUE, path_length);
    assert_key_usage (cert, PKI_KEY_USAGE_KEY_CERT_SIGN | PKI_KEY_USAGE_CRL_SIGN
                                | PKI_KEY_USAGE_DIGITAL_SIGNATURE);
    break;
  }
}

static GBytes *
cert_key_id (PkiX509 *cert, const char *type)
{
  g_autoptr (PkiX509Extension) ext = cert_ext (cert, type);
  g_autoptr (GError) error = NULL;
  GBytes *id = pki_x509_extension_get_key_identifier (ext, &error);

  pki_test_assert_ok (id, error);
  g_assert_false (pki_x509_extension_get_critical (ext));
  return id;
}

static gchar *
write_cert (const char *dir, const char *name, PkiX509 *cert)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pem = pki_x509_dump (cert, PKI_FILETYPE_PEM, &error);
  pki_test_assert_ok (pem, error);
  return pki_test_write (dir, name, pem);
}

static gchar *
write_req (const char *dir, const char *name, PkiX509Req *req, PkiFiletype type)
{
  g_autoptr (GBytes) data = req_dump_ok (req, type);
  return pki_test_write (dir, name, data);
}

static gchar *
write_key (const char *dir, const char *name, PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pem = pki_pkey_dump_private (key, PKI_FILETYPE_PEM, &error);
  pki_test_assert_ok (pem, error);
  return pki_test_write (dir, name, pem);
}

/* The subjectKeyIdentifier as `openssl x509 -noout -ext subjectKeyIdentifier`
 * prints it. */
static gchar *
cli_ski (const char *dir, PkiX509 *cert)
{
  g_autofree gchar *path = write_cert (dir, "ski.pem", cert);
  g_autoptr (GBytes) out = PKI_OPENSSL_OK ("x509", "-in", path, "-noout", "-ext",
                                           "subjectKeyIdentifier");
  const char *text = g_bytes_get_data (out, NULL);
  const char *nl = strchr (text, '\n');

  g_assert_true (g_str_has_prefix (text, "X509v3 Subject Key Identifier:"));
  g_assert_nonnull (nl);
  return g_strstrip (g_strdup (nl + 1));
}

/* The subjectKeyIdentifier is the SHA-1 of @subject_key's bits, as the CLI
 * prints it; the authorityKeyIdentifier's keyid is @issuer's SKI. */
static void
assert_key_ids (PkiX509 *cert, PkiPKey *subject_key, PkiX509 *issuer, const char *dir)
{
  g_autoptr (GBytes) ski = cert_key_id (cert, "subjectKeyIdentifier");
  g_autoptr (GBytes) aki = cert_key_id (cert, "authorityKeyIdentifier");
  g_autoptr (GBytes) issuer_ski = cert_key_id (issuer, "subjectKeyIdentifier");
  g_autoptr (GBytes) expected = key_bits_sha1 (subject_key);
  g_autofree gchar *cli = cli_ski (dir, cert);
  g_autofree gchar *hex = bytes_hex (ski, TRUE);

  assert_bytes_equal (ski, expected);
  g_assert_cmpstr (hex, ==, cli);
  assert_bytes_equal (aki, issuer_ski);
}

/* A random serial: positive, upper-case hex in whole octets, 64 to 160
 * bits. */
static gchar *
assert_random_serial (PkiX509 *cert)
{
  gchar *serial = pki_x509_get_serial (cert);
  gsize len = strlen (serial);

  g_assert_cmpuint (len, >=, 16);
  g_assert_cmpuint (len, <=, 40);
  g_assert_cmpuint (len % 2, ==, 0);
  for (gsize i = 0; i < len; i++)
    g_assert_true (g_ascii_isxdigit (serial[i]) && !g_ascii_islower (serial[i]));
  return serial;
}

static void
assert_serial (PkiX509 *cert, const char *expected)
{
  g_autofree gchar *serial = pki_x509_get_serial (cert);
  g_assert_cmpstr (serial, ==, expected);
}

/* Valid from a time between @from and @to (Unix seconds) for @days. */
static void
assert_validity_days (PkiX509 *cert, gint64 from, gint64 to, guint days)
{
  g_autoptr (GDateTime) nb = pki_x509_get_not_before (cert);
  g_autoptr (GDateTime) na = pki_x509_get_not_after (cert);

  g_assert_nonnull (nb);
  g_assert_nonnull (na);
  g_assert_cmpint (g_date_time_to_unix (nb), >=, from);
  g_assert_cmpint (g_date_time_to_unix (nb), <=, to);
  g_assert_cmpint (g_date_time_difference (na, nb), ==, (GTimeSpan) days * G_TIME_SPAN_DAY);
}

static void
assert_validity (PkiX509 *cert, const char *not_before, const char *not_after)
{
  g_autofree gchar *nb = pki_x509_get_not_before_string (cert);
  g_autofree gchar *na = pki_x509_get_not_after_string (cert);
  g_assert_cmpstr (nb, ==, not_before);
  g_assert_cmpstr (na, ==, not_after);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
cert_verify_ok (PkiX509 *cert, PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_verify_signature (cert, key, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
cert_verify_fails (PkiX509 *cert, PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_verify_signature (cert, key, &error);
  pki_test_assert_error (error, PKI_ERROR_SIGNATURE);
  g_assert_false (ok);
}

static void
assert_cert_pubkey (PkiX509 *cert, PkiPKey *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = pki_x509_get_pubkey (cert, &error);
  pki_test_assert_ok (key, error);
  g_assert_true (pki_pkey_public_equal (key, expected));
}

/* `openssl verify -x509_strict -CAfile @root [-untrusted @untrusted] @leaf`
 * accepts the chain (or not, as @ok says). */
static void
cli_verify (const char *root, const char *untrusted, const char *leaf, gboolean ok)
{
  g_autoptr (GBytes) out = NULL;
  g_autofree gchar *expected = g_strdup_printf ("%s: OK\n", leaf);

  if (untrusted != NULL)
    out = PKI_OPENSSL ("verify", "-x509_strict", "-CAfile", root, "-untrusted", untrusted, leaf);
  else
    out = PKI_OPENSSL ("verify", "-x509_strict", "-CAfile", root, leaf);
  if (!ok) {
    g_assert_null (out);
    return;
  }
  g_assert_nonnull (out);
  g_assert_cmpstr (g_bytes_get_data (out, NULL), ==, expected);
}

/* Whether `openssl req -verify -noout` finds the request at @path (@inform
 * "PEM" or "DER") self-signed correctly.  OpenSSL 3.0 exits 0 either way,
 * so the verdict is read from its stderr. */
static gboolean
cli_req_verifies (const char *path, const char *inform)
{
  const char *argv[] = { "openssl", "req", "-inform", inform, "-in", path, "-verify", "-noout",
                         NULL };
  g_autofree gchar *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  gint status = 0;

  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error))
    g_error ("cannot run openssl: %s", error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  if (strstr (err, "self-signature verify OK") != NULL)
    return TRUE;
  g_assert_nonnull (strstr (err, "self-signature verify failure"));
  return FALSE;
}

/* --- boxed types ------------------------------------------------------------ */

static void
assert_enum_nick (GType type, gint value, const char *name, const char *nick)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);

  g_assert_nonnull (v);
  g_assert_cmpstr (v->value_name, ==, name);
  g_assert_cmpstr (v->value_nick, ==, nick);
  g_type_class_unref (klass);
}

static void
test_boxed (void)
{
  g_autoptr (PkiX509Req) req = pki_x509_req_new ();
  g_autoptr (PkiIssueOptions) options = pki_issue_options_new ();
  gpointer copy;

  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_X509_REQ));
  g_assert_cmpstr (g_type_name (PKI_TYPE_X509_REQ), ==, "PkiX509Req");
  copy = g_boxed_copy (PKI_TYPE_X509_REQ, req);
  g_assert_true (copy == req);
  g_boxed_free (PKI_TYPE_X509_REQ, copy);
  g_assert_true (pki_x509_req_ref (req) == req);
  pki_x509_req_unref (req);
  pki_x509_req_unref (NULL);

  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_ISSUE_OPTIONS));
  g_assert_cmpstr (g_type_name (PKI_TYPE_ISSUE_OPTIONS), ==, "PkiIssueOptions");
  copy = g_boxed_copy (PKI_TYPE_ISSUE_OPTIONS, options);
  g_assert_true (copy == options);
  g_boxed_free (PKI_TYPE_ISSUE_OPTIONS, copy);
  g_assert_true (pki_issue_options_ref (options) == options);
  pki_issue_options_unref (options);
  pki_issue_options_unref (NULL);

  g_assert_true (G_TYPE_IS_ENUM (PKI_TYPE_PROFILE));
  g_assert_cmpstr (g_type_name (PKI_TYPE_PROFILE), ==, "PkiProfile");
  assert_enum_nick (PKI_TYPE_PROFILE, PKI_PROFILE_NONE, "PKI_PROFILE_NONE", "none");
  assert_enum_nick (PKI_TYPE_PROFILE, PKI_PROFILE_SERVER, "PKI_PROFILE_SERVER", "server");
  assert_enum_nick (PKI_TYPE_PROFILE, PKI_PROFILE_CLIENT, "PKI_PROFILE_CLIENT", "client");
  assert_enum_nick (PKI_TYPE_PROFILE, PKI_PROFILE_CA, "PKI_PROFILE_CA", "ca");
  g_assert_true (G_TYPE_IS_ENUM (PKI_TYPE_COPY_EXTENSIONS));
  g_assert_cmpstr (g_type_name (PKI_TYPE_COPY_EXTENSIONS), ==, "PkiCopyExtensions");
  assert_enum_nick (PKI_TYPE_COPY_EXTENSIONS, PKI_COPY_EXTENSIONS_NONE,
                    "PKI_COPY_EXTENSIONS_NONE", "none");
  assert_enum_nick (PKI_TYPE_COPY_EXTENSIONS, PKI_COPY_EXTENSIONS_ALL,
                    "PKI_COPY_EXTENSIONS_ALL", "all");
  assert_enum_nick (PKI_TYPE_COPY_EXTENSIONS, PKI_COPY_EXTENSIONS_LISTED,
                    "PKI_COPY_EXTENSIONS_LISTED", "listed");
}

/* --- the pyOpenSSL CSR ------------------------------------------------------- */

/* csr_cleartext.pem and its DER: the facts of README section 4, whichever
 * encoding it is loaded from. */
static void
test_vector_facts (void)
{
  static const struct {
    const char *file;
    PkiFiletype type;
  } forms[] = {
    { "csr_cleartext.pem", PKI_FILETYPE_PEM },
    { "csr_cleartext.der", PKI_FILETYPE_ASN1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++) {
    g_autoptr (PkiX509Req) req = vector_req (forms[i].file, forms[i].type);
    g_autoptr (PkiX509Name) subject = NULL;
    g_autoptr (PkiPKey) pub = NULL, other_rsa = NULL, other_ec = NULL;
    g_autoptr (GPtrArray) exts = NULL;
    g_autofree gchar *components = NULL;

    if (req == NULL)
      return;
    subject = pki_x509_req_get_subject (req);
    components = name_components (subject);
    g_assert_cmpstr (components, ==,
                     "/C=US/ST=IL/L=Chicago/O=My Company Ltd/CN=Frederick Dean");
    g_assert_cmpint (pki_x509_req_get_version (req), ==, 0);

    pub = req_pubkey_ok (req);
    g_assert_cmpint (pki_pkey_get_key_type (pub), ==, PKI_PKEY_TYPE_RSA);
    g_assert_cmpuint (pki_pkey_get_bits (pub), ==, 1024);
    assert_req_sigalg (req, "sha1WithRSAEncryption");

    /* The self-signature, with the key inside and with it given. */
    req_verify_ok (req, NULL);
    req_verify_ok (req, pub);
    /* pyOpenSSL's verify(other_key) -> Error. */
    other_rsa = pki_test_vector_private ("root_key.pem", PKI_FILETYPE_PEM, NULL);
    req_verify_fails (req, other_rsa, PKI_ERROR_SIGNATURE);
    other_ec = key_new (KEY_EC);
    req_verify_fails (req, other_ec, PKI_ERROR_SIGNATURE);

    exts = req_extensions_ok (req);
    g_assert_cmpuint (exts->len, ==, 0);
    assert_attribute_names (req, "");
    assert_attribute (req, "challengePassword", NULL);
  }
}

/* PEM round trip byte for byte, DER as the file and the CLI give it, TEXT
 * as `openssl req -text -noout`; an unknown type is refused. */
static void
test_vector_dump (void)
{
  g_autoptr (GBytes) pem = pki_test_vector ("csr_cleartext.pem");
  g_autoptr (GBytes) der = NULL, out_pem = NULL, out_der = NULL, cli_der = NULL, text = NULL,
                     cli_text = NULL, again_pem = NULL, again_der = NULL;
  g_autoptr (PkiX509Req) req = NULL, from_der = NULL;
  g_autoptr (ReqTmpdir) dir = NULL;
  g_autofree gchar *path = NULL;
  g_autoptr (GError) error = NULL;

  if (pem == NULL)
    return;
  der = pki_test_vector ("csr_cleartext.der");
  path = pki_test_vector_path ("csr_cleartext.pem");
  dir = pki_test_tmpdir ();

  req = req_load_ok (PKI_FILETYPE_PEM, pem);
  out_pem = req_dump_ok (req, PKI_FILETYPE_PEM);
  assert_bytes_equal (out_pem, pem);
  out_der = req_dump_ok (req, PKI_FILETYPE_ASN1);
  assert_bytes_equal (out_der, der);
  cli_der = PKI_OPENSSL_OUT (dir, "csr.der", "req", "-in", path, "-outform", "DER");
  assert_bytes_equal (out_der, cli_der);

  from_der = req_load_ok (PKI_FILETYPE_ASN1, der);
  again_pem = req_dump_ok (from_der, PKI_FILETYPE_PEM);
  assert_bytes_equal (again_pem, pem);
  again_der = req_dump_ok (from_der, PKI_FILETYPE_ASN1);
  assert_bytes_equal (again_der, der);

  text = req_dump_ok (req, PKI_FILETYPE_TEXT);
  g_assert_cmpuint (g_bytes_get_size (text), >, 500);
  cli_text = PKI_OPENSSL_OK ("req", "-in", path, "-text", "-noout");
  assert_bytes_equal (text, cli_text);

  /* pyOpenSSL: dump_certificate_request(100, req) -> ValueError. */
  {
    g_autoptr (GBytes) bad = pki_x509_req_dump (req, (PkiFiletype) 100, &error);
    pki_test_assert_fails (bad, error, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
  }
  {
    g_autoptr (GBytes) bad = pki_x509_req_dump (req, (PkiFiletype) 0, &error);
    pki_test_assert_fails (bad, error, PKI_ERROR_BAD_INPUT);
  }
}

/* --- loading ----------------------------------------------------------------- */

/* The PEM labels and bundles pki_x509_req_load() reads. */
static void
test_load_forms (void)
{
  g_autoptr (PkiPKey) key = key_new (KEY_EC);
  g_autoptr (PkiPKey) key2 = key_new (KEY_ED25519);
  g_autoptr (PkiX509Req) req = req_make (key, "/CN=first", NULL, 0);
  g_autoptr (PkiX509Req) req2 = req_make (key2, "/CN=second", NULL, 0);
  g_autoptr (PkiX509) cert = issue_ok (req, NULL, key, NULL);
  g_autoptr (GBytes) pem = req_dump_ok (req, PKI_FILETYPE_PEM);
  g_autoptr (GBytes) pem2 = req_dump_ok (req2, PKI_FILETYPE_PEM);
  g_autoptr (GBytes) der = req_dump_ok (req, PKI_FILETYPE_ASN1);
  g_autoptr (GBytes) cert_pem = NULL, old_label = NULL, bundle = NULL, two = NULL;
  g_autoptr (GError) error = NULL;

  cert_pem = pki_x509_dump (cert, PKI_FILETYPE_PEM, &error);
  pki_test_assert_ok (cert_pem, error);

  /* The old label "NEW CERTIFICATE REQUEST" (Netscape, old openssl). */
  old_label = bytes_replace (pem, "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
  /* A certificate first: the first CERTIFICATE REQUEST block is read. */
  bundle = pki_test_bytes_join (cert_pem, pem);
  two = pki_test_bytes_join (pem, pem2);

  GBytes *inputs[] = { pem, old_label, bundle, two };
  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++) {
    g_autoptr (PkiX509Req) loaded = req_load_ok (PKI_FILETYPE_PEM, inputs[i]);
    g_autoptr (GBytes) out = req_dump_ok (loaded, PKI_FILETYPE_ASN1);
    assert_bytes_equal (out, der);
  }
}

/* Empty, truncated, garbage and wrong-kind input is PKI_ERROR_BAD_INPUT,
 * never a crash; TEXT cannot be loaded. */
static void
test_load_bad_input (void)
{
  g_autoptr (PkiPKey) key = key_new (KEY_EC);
  g_autoptr (PkiX509Req) req = req_make (key, "/CN=bad input", NULL, 0);
  g_autoptr (PkiX509) cert = issue_ok (req, NULL, key, NULL);
  g_autoptr (GBytes) pem = req_dump_ok (req, PKI_FILETYPE_PEM);
  g_autoptr (GBytes) der = req_dump_ok (req, PKI_FILETYPE_ASN1);
  g_autoptr (GBytes) cert_pem = NULL, cert_der = NULL, der_short = NULL, der_half = NULL,
                     der_long = NULL, pem_half = NULL, pem_corrupt = NULL, pem_relabel = NULL;
  g_autoptr (GError) error = NULL;
  static const char garbage[] = "this is not a certificate request\n";
  static const guint8 zero_byte[] = { 0x00 };
  gsize body;

  cert_pem = pki_x509_dump (cert, PKI_FILETYPE_PEM, &error);
  pki_test_assert_ok (cert_pem, error);
  cert_der = pki_x509_dump (cert, PKI_FILETYPE_ASN1, &error);
  pki_test_assert_ok (cert_der, error);

  der_short = bytes_head (der, g_bytes_get_size (der) - 1);
  der_half = bytes_head (der, g_bytes_get_size (der) / 2);
  {
    GByteArray *arr = g_byte_array_new ();
    g_byte_array_append (arr, g_bytes_get_data (der, NULL), (guint) g_bytes_get_size (der));
    g_byte_array_append (arr, zero_byte, 1);
    der_long = g_byte_array_free_to_bytes (arr);
  }
  pem_half = bytes_head (pem, g_bytes_get_size (pem) / 2);
  /* A character of the base64 body turned into one that is not base64. */
  body = strlen ("-----BEGIN CERTIFICATE REQUEST-----\n") + 10;
  pem_corrupt = bytes_flip (pem, body, ((const guint8 *) g_bytes_get_data (pem, NULL))[body] ^ '*');
  /* A certificate under the request's label. */
  pem_relabel = bytes_replace (cert_pem, "CERTIFICATE", "CERTIFICATE REQUEST");

  const struct {
    PkiFiletype type;
    GBytes *data;
  } cases[] = {
    { PKI_FILETYPE_ASN1, der_short },
    { PKI_FILETYPE_ASN1, der_half },
    { PKI_FILETYPE_ASN1, der_long },
    { PKI_FILETYPE_ASN1, cert_der },
    { PKI_FILETYPE_ASN1, pem },
    { PKI_FILETYPE_PEM, pem_half },
    { PKI_FILETYPE_PEM, pem_corrupt },
    { PKI_FILETYPE_PEM, cert_pem },
    { PKI_FILETYPE_PEM, pem_relabel },
    { PKI_FILETYPE_PEM, der },
    { PKI_FILETYPE_TEXT, pem },
    { (PkiFiletype) 100, pem },
    { (PkiFiletype) 100, der },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    req_load_fails (cases[i].type, PKI_BYTES_ARGS (cases[i].data), PKI_ERROR_BAD_INPUT);

  req_load_fails (PKI_FILETYPE_PEM, (const guint8 *) "", 0, PKI_ERROR_BAD_INPUT);
  req_load_fails (PKI_FILETYPE_ASN1, (const guint8 *) "", 0, PKI_ERROR_BAD_INPUT);
  req_load_fails (PKI_FILETYPE_PEM, NULL, 0, PKI_ERROR_BAD_INPUT);
  req_load_fails (PKI_FILETYPE_PEM, STR_ARGS (garbage), PKI_ERROR_BAD_INPUT);
  req_load_fails (PKI_FILETYPE_ASN1, STR_ARGS (garbage), PKI_ERROR_BAD_INPUT);
  req_load_fails (PKI_FILETYPE_ASN1, zero_byte, 1, PKI_ERROR_BAD_INPUT);

  /* The good input still loads after all that. */
  {
    g_autoptr (PkiX509Req) ok = req_load_ok (PKI_FILETYPE_ASN1, der);
    req_verify_ok (ok, key);
  }
}

/* --- a new request ------------------------------------------------------------ */

/* pyOpenSSL's X509Req(): version 0, no extensions; set_version only takes
 * 0 (pyOpenSSL >= 23.2). */
static void
test_new (void)
{
  g_autoptr (PkiX509Req) req = pki_x509_req_new ();
  g_autoptr (PkiX509Name) subject = pki_x509_req_get_subject (req);
  g_autoptr (GPtrArray) exts = req_extensions_ok (req);
  g_autoptr (GError) error = NULL;
  static const gint bad_versions[] = { 1, 2, -1, 3 };

  g_assert_cmpuint (exts->len, ==, 0);
  assert_attribute_names (req, "");
  g_assert_cmpuint (pki_x509_name_get_entry_count (subject), ==, 0);
  assert_oneline (subject, "");

  /* No key yet: nothing to read or verify with; no signature algorithm. */
  {
    g_autoptr (PkiPKey) pub = pki_x509_req_get_pubkey (req, &error);
    pki_test_assert_fails (pub, error, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
  }
  req_verify_fails (req, NULL, PKI_ERROR_BAD_INPUT);
  {
    g_autofree gchar *alg = pki_x509_req_get_signature_algorithm (req, &error);
    pki_test_assert_fails (alg, error, PKI_ERROR_UNSUPPORTED);
    g_clear_error (&error);
  }

  /* Version 0 from the start, before any set_version. */
  g_assert_cmpint (pki_x509_req_get_version (req), ==, 0);
  g_assert_true (pki_x509_req_set_version (req, 0, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  g_assert_cmpint (pki_x509_req_get_version (req), ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_versions); i++) {
    g_assert_false (pki_x509_req_set_version (req, bad_versions[i], &error));
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
    g_assert_cmpint (pki_x509_req_get_version (req), ==, 0);
  }
}

/* set_pubkey stores the public half only; get_pubkey hands out a new
 * public-only key; a second set_pubkey replaces the first. */
static void
test_pubkey (void)
{
  g_autoptr (PkiPKey) ec = key_new (KEY_EC);
  g_autoptr (PkiPKey) ed = key_new (KEY_ED25519);
  g_autoptr (PkiPKey) ed_pub = pki_pkey_get_public (ed);
  g_autoptr (PkiX509Req) req = pki_x509_req_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (pki_x509_req_set_pubkey (req, ec, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  {
    g_autoptr (PkiPKey) pub = req_pubkey_ok (req);
    g_assert_true (pki_pkey_public_equal (pub, ec));
    g_assert_cmpint (pki_pkey_get_key_type (pub), ==, PKI_PKEY_TYPE_EC);
    g_assert_cmpstr (pki_pkey_get_curve_name (pub), ==, pki_pkey_get_curve_name (ec));
  }
  /* A public-only key is enough for the request (the signer holds the rest). */
  g_assert_true (pki_x509_req_set_pubkey (req, ed_pub, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  {
    g_autoptr (PkiPKey) pub = req_pubkey_ok (req);
    g_assert_true (pki_pkey_public_equal (pub, ed));
    g_assert_false (pki_pkey_public_equal (pub, ec));
  }
  req_sign_ok (req, ed, NULL);
  req_verify_ok (req, NULL);
  req_verify_ok (req, ed_pub);

  /* The private half never reaches a certificate issued from the request. */
  {
    g_autoptr (PkiX509Req) with_private = pki_x509_req_new ();
    g_autoptr (PkiX509) cert = NULL;
    g_autoptr (PkiPKey) cert_key = NULL;

    g_assert_true (pki_x509_req_set_pubkey (with_private, ec, &error));
    g_assert_no_error (error);
    req_sign_ok (with_private, ec, NULL);
    cert = issue_ok (with_private, NULL, ec, NULL);
    cert_key = pki_x509_get_pubkey (cert, &error);
    pki_test_assert_ok (cert_key, error);
    g_assert_true (pki_pkey_public_equal (cert_key, ec));
    g_assert_false (pki_pkey_has_private (cert_key));
  }
}

/* --- extensions and attributes ------------------------------------------------ */

/* The extensions test_extensions() requests, in order. */
static void
assert_three_requested (GPtrArray *got)
{
  g_assert_cmpuint (got->len, ==, 3);
  assert_ext (got->pdata[0], "basicConstraints", TRUE, "30030101ff");
  assert_ext (got->pdata[1], "keyUsage", FALSE, "03020780");
  assert_ext (got->pdata[2], "subjectAltName", FALSE, "300d820b6578616d706c652e636f6d");
  assert_san_dns (got->pdata[2], "example.com");
}

/* pyOpenSSL: add_extensions([basicConstraints crit CA:true, keyUsage
 * digitalSignature]) reads back as (b"basicConstraints", 1, b"0\x03\x01\x01\xff")
 * and (b"keyUsage", 0, b"\x03\x02\x07\x80"); adding more later goes into the
 * same extReq attribute. */
static void
test_extensions (void)
{
  g_autoptr (PkiPKey) key = key_new (KEY_EC);
  g_autoptr (PkiX509Req) req = pki_x509_req_new ();
  g_autoptr (PkiX509Extension) bc = ext_new ("basicConstraints", TRUE, "CA:true");
  g_autoptr (PkiX509Extension) ku = ext_new ("keyUsage", FALSE, "digitalSignature");
  g_autoptr (PkiX509Extension) san = ext_new ("subjectAltName", FALSE, "DNS:example.com");
  g_autoptr (ReqTmpdir) dir = pki_test_tmpdir ();
  PkiX509Extension *first[] = { bc, ku };
  g_autoptr (GError) error = NULL;

  g_assert_true (pki_x509_req_set_pubkey (req, key, &error));
  g_assert_no_error (error);

  /* Nothing to add makes no attribute. */
  req_add_extensions_ok (req, NULL, 0);
  assert_attribute_names (req, "");

  req_add_extensions_ok (req, first, G_N_ELEMENTS (first));
  {
    g_autoptr (GPtrArray) got = req_extensions_ok (req);
    g_assert_cmpuint (got->len, ==, 2);
    assert_ext (got->pdata[0], "basicConstraints", TRUE, "30030101ff");
    assert_ext (got->pdata[1], "keyUsage", FALSE, "03020780");
  }
  assert_attribute_names (req, "extReq");

  req_add_extensions_ok (req, &san, 1);
  req_add_extensions_ok (req, NULL, 0);
  assert_attribute_names (req, "extReq");
  {
    g_autoptr (GPtrArray) got = req_extensions_ok (req);
    assert_three_requested (got);
  }

  /* They survive signing, DER and the CLI reads them. */
  req_sign_ok (req, key, NULL);
  {
    g_autoptr (GBytes) der = req_dump_ok (req, PKI_FILETYPE_ASN1);
    g_autoptr (PkiX509Req) loaded = req_load_ok (PKI_FILETYPE_ASN1, der);
    g_autoptr (GPtrArray) got = req_extensions_ok (loaded);
    g_autofree gchar *path = write_req (dir, "ext.pem", req, PKI_FILETYPE_PEM);
    g_autoptr (GBytes) text = PKI_OPENSSL_OK ("req", "-in", path, "-noout", "-text");
    const char *t = g_bytes_get_data (text, NULL);

    req_verify_ok (loaded, NULL);
    assert_three_requested (got);
    g_assert_nonnull (strstr (t, "X509v3 Basic Constraints: critical\n"
                                 "                    CA:TRUE\n"));
    g_assert_nonnull (strstr (t, "X509v3 Key Usage: \n"
                                 "                    Digital Signature\n"));
    g_assert_nonnull (strstr (t, "DNS:example.com"));
  }
}

/* Offset of @needle in @hay, which must hold it exactly once. */
static gsize
bytes_find_once (GBytes *hay, const guint8 *needle, gsize needle_len)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (hay, &len);
  gsize found = G_MAXSIZE;

  for (gsize i = 0; i + needle_len <= len; i++)
    if (memcmp (p + i, needle, needle_len) == 0) {
      g_assert_cmpuint (found, ==, G_MAXSIZE);
      found = i;
    }
  g_assert_cmpuint (found, !=, G_MAXSIZE);
  return found;
}

/* An extReq attribute whose value is a string, not Extensions: the
 * challengePassword OID (1.2.840.113549.1.9.7) of a signed request patched
 * into extReq's (...9.14), then re-signed so only the attribute is wrong. */
static void
test_extensions_malformed (void)
{
  static const guint8 challenge_oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                                          0xf7, 0x0d, 0x01, 0x09, 0x07 };
  g_autoptr (PkiPKey) key = key_new (KEY_EC);
  g_autoptr (PkiX509Req) req = pki_x509_req_new ();
  g_autoptr (PkiX509Extension) san = ext_new ("subjectAltName", FALSE, "DNS:x.example");
  g_autoptr (PkiX509Name) name = name_parse ("/CN=malformed");
  g_autoptr (GBytes) der = NULL, patched = NULL;
  g_autoptr (PkiX509Req) bad = NULL;
  g_autoptr (GError) error = NULL;
  gsize at;

  g_assert_true (pki_x509_req_set_subject (req, name, &error));
  g_assert_true (pki_x509_req_set_pubkey (req, key, &error));
  g_assert_no_error (error);
  req_add_attribute_ok (req, "challengePassword", "AAAA");
  req_sign_ok (req, key, NULL);
  der = req_dump_ok (req, PKI_FILETYPE_ASN1);
  at = bytes_find_once (der, challenge_oid, sizeof challenge_oid);
  patched = bytes_flip (der, at + sizeof challenge_oid - 1, 0x07 ^ 0x0e);

  bad = req_load_ok (PKI_FILETYPE_ASN1, patched);
  assert_attribute_names (bad, "extReq");
  {
    g_autoptr (GPtrArray) exts = pki_x509_req_get_extensions (bad, &error);
    pki_test_assert_fails (exts, error, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
  }
  /* Adding to it fails and changes nothing. */
  g_assert_false (pki_x509_req_add_extensions (bad, &san, 1, &error));
  pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
  g_clear_error (&error);
  assert_attribute_names (bad, "extReq");

  /* A CA refuses to issue from it, even with a valid signature. */
  req_sign_ok (bad, key, NULL);
  req_verify_ok (bad, NULL);
  issue_fails (bad, NULL, key, NULL, PKI_ERROR_BAD_INPUT);
}

/* Text attributes: challengePassword and friends by name or OID; unknown
 * names and extReq are refused; an absent attribute is NULL without error. */
static void
test_attributes (void)
{
  g_autoptr (PkiPKey) key = key_new (KEY_EC);
  g_autoptr (PkiX509Req) req = req_make (key, "/CN=attributes", NULL, 0);
  g_autoptr (PkiX509Extension) san = ext_new ("subjectAltName", FALSE, "DNS:x.example");
  g_autoptr (ReqTmpdir) dir = pki_test_tmpdir ();
  g_autofree gchar *long_value = g_strnfill (256, 'p');
  g_autofree gchar *max_value = g_strnfill (255, 'p');

  assert_attribute (req, "challengePassword", NULL);
  assert_attribute (req, "1.2.840.113549.1.9.7", NULL);
  assert_attribute (req, "unstructuredName", NULL);

  req_add_attribute_ok (req, "challengePassword", "s3cret pass");
  assert_attribute_names (req, "challengePassword");
  assert_attribute (req, "challengePassword", "s3cret pass");
  assert_attribute (req, "1.2.840.113549.1.9.7", "s3cret pass");
  assert_attribute (req, "unstructuredName", NULL);

  req_add_attribute_ok (req, "unstructuredName", "Zo\xc3\xab \xe2\x82\xac");
  req_add_attribute_ok (req, "1.2.3.4", "private attribute");
  assert_attribute_names (req, "challengePassword,unstructuredName,1.2.3.4");
  assert_attribute (req, "unstructuredName", "Zo\xc3\xab \xe2\x82\xac");
  assert_attribute (req, "1.2.3.4", "private attribute");

  /* Refused: unknown types, extReq in either spelling, bad UTF-8, values
   * outside challengePassword's 1..255 characters. */
  req_add_attribute_fails (req, "thisIsMadeUp", "x", PKI_ERROR_BAD_INPUT);
  req_add_attribute_fails (req, "", "x", PKI_ERROR_BAD_INPUT);
  req_add_attribute_fails (req, "extReq", "x", PKI_ERROR_BAD_INPUT);
  req_add_attribute_fails (req, "1.2.840.113549.1.9.14", "x", PKI_ERROR_BAD_INPUT);
  req_add_attribute_fails (req, "msExtReq", "x", PKI_ERROR_BAD_INPUT);
  req_add_attribute_fails (req, "challengePassword", "\xff\xfe", PKI_ERROR_BAD_INPUT);
  req_add_attribute_fails (req, "challengePassword", "", PKI_ERROR_BAD_INPUT);
  req_add_attribute_fails (req, "challengePassword", long_value, PKI_ERROR_BAD_INPUT);
  attribute_fails (req, "thisIsMadeUp", PKI_ERROR_BAD_INPUT);
  attribute_fails (req, "", PKI_ERROR_BAD_INPUT);
  assert_attribute_names (req, "challengePassword,unstructuredName,1.2.3.4");

  /* extReq is no text attribute: read it with get_extensions. */
  req_add_extensions_ok (req, &san, 1);
  assert_attribute_names (req, "challengePassword,unstructuredName,1.2.3.4,extReq");
  attribute_fails (req, "extReq", PKI_ERROR_BAD_INPUT);
  attribute_fails (req, "1.2.840.113549.1.9.14", PKI_ERROR_BAD_INPUT);

  /* The upper bound itself is fine. */
  {
    g_autoptr (PkiX509Req) other = req_make (key, "/CN=max", NULL, 0);
    req_add_attribute_ok (other, "challengePassword", max_value);
    assert_attribute (other, "challengePassword", max_value);
  }

  /* They survive signing and DER; the CLI sees them.  Attributes are a SET
   * OF, which DER sorts by encoding: a loaded request lists them in the
   * encoded order. */
  req_sign_ok (req, key, NULL);
  {
    g_autoptr (GBytes) der = req_dump_ok (req, PKI_FILETYPE_ASN1);
    g_autoptr (PkiX509Req) loaded = req_load_ok (PKI_FILETYPE_ASN1, der);
    g_autofree gchar *path = write_req (dir, "attr.pem", req, PKI_FILETYPE_PEM);
    g_autoptr (GBytes) text = PKI_OPENSSL_OK ("req", "-in", path, "-noout", "-text");
    const char *t = g_bytes_get_data (text, NULL);

    req_verify_ok (loaded, NULL);
    assert_attribute_names (loaded, "unstructuredName,1.2.3.4,challengePassword,extReq");
    assert_attribute (loaded, "challengePassword", "s3cret pass");
    assert_attribute (loaded, "unstructuredName", "Zo\xc3\xab \xe2\x82\xac");
    g_assert_nonnull (strstr (t, "challengePassword"));
    g_assert_nonnull (strstr (t, ":s3cret pass\n"));
  }
}

/* --- the subject --------------------------------------------------------------- */

/* get_subject is a live view: changing it changes the request (and its
 * encoding, even of a loaded request); it outlives the request's last
 * other reference; set_subject copies. */
static void
test_subject_view (void)
{
  g_autoptr (PkiPKey) key = key_new (KEY_EC);
  g_autoptr (PkiX509Req) req = req_make (key, "/CN=before", NULL, 0);
  g_autoptr (GBytes) der1 = req_dump_ok (req, PKI_FILETYPE_ASN1);
  g_autoptr (PkiX509Name) view = pki_x509_req_get_subject (req);
  g_autoptr (PkiX509Name) view2 = NULL, standalone = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (pki_x509_name_set_entry (view, "CN", "after", -1, &error));
  g_assert_true (pki_x509_name_add_entry (view, "O", "Example Org", -1, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  view2 = pki_x509_req_get_subject (req);
  assert_oneline (view2, "/CN=after/O=Example Org");
  {
    g_autoptr (GBytes) der2 = req_dump_ok (req, PKI_FILETYPE_ASN1);
    g_autoptr (GBytes) pem2 = req_dump_ok (req, PKI_FILETYPE_PEM);
    g_autoptr (PkiX509Req) loaded = req_load_ok (PKI_FILETYPE_PEM, pem2);
    g_autoptr (PkiX509Name) loaded_subject = pki_x509_req_get_subject (loaded);
    g_autoptr (GBytes) text = req_dump_ok (req, PKI_FILETYPE_TEXT);

    g_assert_false (g_bytes_equal (der1, der2));
    assert_oneline (loaded_subject, "/CN=after/O=Example Org");
    g_assert_nonnull (strstr (g_bytes_get_data (text, NULL),
                              "Subject: CN = after, O = Example Org\n"));
  }
  /* The signature was over the old subject. */
  req_verify_fails (req, NULL, PKI_ERROR_SIGNATURE);
  req_sign_ok (req, key, NULL);
  req_verify_ok (req, NULL);

  /* A loaded request: its cached encoding is not reused after a change. */
  {
    g_autoptr (PkiX509Req) loaded = req_load_ok (PKI_FILETYPE_ASN1, der1);
    g_autoptr (PkiX509Name) lview = pki_x509_req_get_subject (loaded);
    g_autoptr (GBytes) changed = NULL;
    g_autoptr (PkiX509Req) reloaded = NULL;
    g_autoptr (PkiX509Name) rview = NULL;

    g_assert_true (pki_x509_name_add_entry (lview, "OU", "Changed", -1, &error));
    g_assert_no_error (error);
    changed = req_dump_ok (loaded, PKI_FILETYPE_ASN1);
    g_assert_false (g_bytes_equal (changed, der1));
    reloaded = req_load_ok (PKI_FILETYPE_ASN1, changed);
    rview = pki_x509_req_get_subject (reloaded);
    assert_oneline (rview, "/CN=before/OU=Changed");
  }

  /* The view keeps the request alive (set_entry appends, as pyOpenSSL's
   * `name.CN = ...` does). */
  g_clear_pointer (&view2, pki_x509_name_unref);
  g_clear_pointer (&req, pki_x509_req_unref);
  g_assert_true (pki_x509_name_set_entry (view, "CN", "orphan", -1, &error));
  g_assert_no_error (error);
  assert_oneline (view, "/O=Example Org/CN=orphan");

  /* set_subject takes a copy. */
  standalone = name_parse ("/C=FR/CN=copy");
  req = pki_x509_req_new ();
  g_assert_true (pki_x509_req_set_subject (req, standalone, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_name_add_entry (standalone, "O", "Later", -1, &error));
  g_assert_no_error (error);
  view2 = pki_x509_req_get_subject (req);
  assert_oneline (view2, "/C=FR/CN=copy");
  pki_assert_queue_empty ();
}

/* --- signing --------------------------------------------------------------------- */

/* RSA, EC and Ed25519 requests with the default and chosen digests; the
 * CLI verifies each. */
static void
test_sign (void)
{
  static const struct {
    KeyKind kind;
    const char *digest;
    const char *sigalg;
  } cases[] = {
    { KEY_RSA, NULL, "sha256WithRSAEncryption" },
    { KEY_RSA, "sha384", "sha384WithRSAEncryption" },
    { KEY_EC, NULL, "ecdsa-with-SHA256" },
    { KEY_EC, "sha512", "ecdsa-with-SHA512" },
    { KEY_EC, "SHA384", "ecdsa-with-SHA384" },
    { KEY_ED25519, NULL, "ED25519" },
  };
  g_autoptr (ReqTmpdir) dir = pki_test_tmpdir ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) key = key_new (cases[i].kind);
    g_autoptr (PkiPKey) other = key_new (KEY_EC);
    g_autoptr (PkiPKey) pub = pki_pkey_get_public (key);
    g_autoptr (PkiX509Req) req = req_make (key, "/O=libpki/CN=signed", NULL, 0);
    g_autofree gchar *path = NULL;

    req_sign_ok (req, key, cases[i].digest);
    assert_req_sigalg (req, cases[i].sigalg);
    req_verify_ok (req, NULL);
    req_verify_ok (req, pub);
    req_verify_fails (req, other, PKI_ERROR_SIGNATURE);
    path = write_req (dir, "signed.pem", req, PKI_FILETYPE_PEM);
    g_assert_true (cli_req_verifies (path, "PEM"));
  }
}

/* Signing errors are those of pki_x509_sign(), and leave the request as it
 * was; signing with another key than the request's succeeds, but the
 * request no longer proves possession. */
static void
test_sign_errors (void)
{
  g_autoptr (PkiPKey) ec = key_new (KEY_EC);
  g_autoptr (PkiPKey) ec_pub = pki_pkey_get_public (ec);
  g_autoptr (PkiPKey) ed = key_new (KEY_ED25519);
  g_autoptr (PkiPKey) other = key_new (KEY_EC);
  g_autoptr (PkiX509Req) req = req_make (ec, "/CN=errors", NULL, 0);
  g_autoptr (PkiX509Req) ed_req = req_make (ed, "/CN=ed", NULL, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) x25519 = pki_pkey_generate (PKI_PKEY_TYPE_X25519, 0, &error);

  pki_test_assert_ok (x25519, error);
  req_sign_fails (ed_req, ed, "sha256", PKI_ERROR_UNSUPPORTED);
  req_sign_fails (req, ec_pub, NULL, PKI_ERROR_KEY_TYPE);
  req_sign_fails (req, ec, "no-such-digest", PKI_ERROR_UNSUPPORTED);
  req_sign_fails (req, ec, "", PKI_ERROR_UNSUPPORTED);
  req_sign_fails (req, x25519, NULL, PKI_ERROR_KEY_TYPE);
  req_verify_ok (req, NULL);
  req_verify_ok (ed_req, NULL);
  assert_req_sigalg (req, "ecdsa-with-SHA256");

  req_sign_ok (req, other, NULL);
  req_verify_fails (req, NULL, PKI_ERROR_SIGNATURE);
  req_verify_ok (req, other);
}

/* A signature algorithm OpenSSL does not know (ecdsa-with-SHA256's OID
 * 1.2.840.10045.4.3.2 patched to ...4.3.127): it is named by OID in an
 * UNSUPPORTED error, and the request does not verify. */
static void
test_unknown_sigalg (void)
{
  static const guint8 ecdsa_sha256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
                                         0x3d, 0x04, 0x03, 0x02 };
  g_autoptr (PkiPKey) key = key_new (KEY_EC);
  g_autoptr (PkiX509Req) req = req_make (key, "/CN=unknown algorithm", NULL, 0);
  g_autoptr (GBytes) der = req_dump_ok (req, PKI_FILETYPE_ASN1);
  gsize at = bytes_find_once (der, ecdsa_sha256, sizeof ecdsa_sha256);
  g_autoptr (GBytes) patched = bytes_flip (der, at + sizeof ecdsa_sha256 - 1, 0x02 ^ 0x7f);
  g_autoptr (PkiX509Req) odd = req_load_ok (PKI_FILETYPE_ASN1, patched);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *alg = pki_x509_req_get_signature_algorithm (odd, &error);

  pki_test_assert_fails (alg, error, PKI_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "1.2.840.10045.4.3.127"));
  req_verify_fails (odd, NULL, PKI_ERROR_SIGNATURE);
  issue_fails (odd, NULL, key, NULL, PKI_ERROR_SIGNATURE);
}

/* --- issuing ----------------------------------------------------------------------- */

/* Self-signed CAs from requests (issuer NULL): every field. */
static void
test_issue_self_signed_ca (void)
{
  static const struct {
    KeyKind kind;
    gint path_length;
    const char *subject;
  } cases[] = {
    { KEY_RSA, -1, "/C=US/O=libpki test/CN=RSA Root" },
    { KEY_EC, 0, "/C=US/O=libpki test/CN=EC Root" },
    { KEY_ED25519, 3, "/C=US/O=libpki test/CN=Ed25519 Root" },
  };
  g_autoptr (ReqTmpdir) dir = pki_test_tmpdir ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) key = key_new (cases[i].kind);
    g_autoptr (PkiX509Req) req = req_make (key, cases[i].subject, NULL, 0);
    g_autoptr (PkiIssueOptions) options = options_new (PKI_PROFILE_CA, cases[i].path_length);
    g_autoptr (PkiX509) cert = NULL, again = NULL;
    g_autoptr (PkiX509Name) subject = NULL, issuer = NULL, req_subject = NULL;
    g_autofree gchar *serial = NULL, *serial2 = NULL, *path = NULL;
    gint64 from, to;

    from = now_seconds ();
    cert = issue_ok (req, NULL, key, options);
    to = now_seconds () + 1;

    g_assert_cmpint (pki_x509_get_version (cert), ==, 2);
    subject = pki_x509_get_subject (cert);
    issuer = pki_x509_get_issuer (cert);
    req_subject = pki_x509_req_get_subject (req);
    assert_oneline (subject, cases[i].subject);
    assert_oneline (issuer, cases[i].subject);
    g_assert_true (pki_x509_name_equal (subject, req_subject));
    assert_cert_pubkey (cert, key);
    serial = assert_random_serial (cert);
    assert_validity_days (cert, from, to, 365);
    assert_cert_sigalg (cert, default_sigalg (cases[i].kind));
    assert_profile (cert, PKI_PROFILE_CA, cases[i].path_length, kind_is_rsa (cases[i].kind));
    assert_key_ids (cert, key, cert, dir);
    cert_verify_ok (cert, key);

    /* Issuing again gives another random serial. */
    again = issue_ok (req, NULL, key, options);
    serial2 = assert_random_serial (again);
    g_assert_cmpstr (serial, !=, serial2);

    path = write_cert (dir, "root.pem", cert);
    cli_verify (path, NULL, path, TRUE);
  }
}

/* Leaf certificates for every profile from RSA, EC and Ed25519 issuers:
 * every field, and the CLI accepts the chain. */
static void
test_issue_profiles (void)
{
  static const struct {
    PkiProfile profile;
    gint path_length;
    KeyKind issuer;
    KeyKind subject;
  } cases[] = {
    { PKI_PROFILE_SERVER, -1, KEY_RSA, KEY_EC },
    { PKI_PROFILE_SERVER, -1, KEY_EC, KEY_RSA_OTHER },
    { PKI_PROFILE_CLIENT, -1, KEY_ED25519, KEY_RSA_OTHER },
    { PKI_PROFILE_CLIENT, -1, KEY_RSA, KEY_ED25519 },
    { PKI_PROFILE_NONE, -1, KEY_EC, KEY_ED25519 },
    { PKI_PROFILE_NONE, -1, KEY_RSA, KEY_RSA_OTHER },
    { PKI_PROFILE_CA, 0, KEY_ED25519, KEY_EC },
    { PKI_PROFILE_CA, -1, KEY_EC, KEY_RSA_OTHER },
  };
  static const char leaf_subject[] = "/C=DE/O=Leaf Org/CN=leaf.example";
  g_autoptr (ReqTmpdir) dir = pki_test_tmpdir ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) ca_key = key_new (cases[i].issuer);
    g_autoptr (PkiPKey) leaf_key = key_new (cases[i].subject);
    g_autoptr (PkiX509) ca = ca_make (ca_key, "/O=libpki test/CN=Issuing CA", -1);
    g_autoptr (PkiX509Req) req = req_make (leaf_key, leaf_subject, NULL, 0);
    g_autoptr (PkiIssueOptions) options = options_new (cases[i].profile,
                                                       cases[i].path_length);
    g_autoptr (PkiX509) cert = NULL;
    g_autoptr (PkiX509Name) subject = NULL, issuer = NULL, ca_subject = NULL;
    g_autofree gchar *serial = NULL, *ca_path = NULL, *leaf_path = NULL;
    gint64 from, to;

    g_test_message ("case %" G_GSIZE_FORMAT, i);
    from = now_seconds ();
    cert = issue_ok (req, ca, ca_key, options);
    to = now_seconds () + 1;

    g_assert_cmpint (pki_x509_get_version (cert), ==, 2);
    subject = pki_x509_get_subject (cert);
    issuer = pki_x509_get_issuer (cert);
    ca_subject = pki_x509_get_subject (ca);
    assert_oneline (subject, leaf_subject);
    g_assert_true (pki_x509_name_equal (issuer, ca_subject));
    assert_oneline (issuer, "/O=libpki test/CN=Issuing CA");
    assert_cert_pubkey (cert, leaf_key);
    serial = assert_random_serial (cert);
    assert_validity_days (cert, from, to, 365);
    assert_cert_sigalg (cert, default_sigalg (cases[i].issuer));
    assert_profile (cert, cases[i].profile, cases[i].path_length,
                    kind_is_rsa (cases[i].subject));
    assert_key_ids (cert, leaf_key, ca, dir);
    cert_verify_ok (cert, ca_key);
    cert_verify_fails (cert, leaf_key);

    ca_path = write_cert (dir, "ca.pem", ca);
    leaf_path = write_cert (dir, "leaf.pem", cert);
    cli_verify (ca_path, NULL, leaf_path, TRUE);
  }
}

/* Defaults (NULL options), digest, serial and validity options. */
static void
test_issue_options (void)
{
  g_autoptr (PkiPKey) ec = key_new (KEY_EC);
  g_autoptr (PkiPKey) rsa = key_new (KEY_RSA);
  g_autoptr (PkiPKey) ed = key_new (KEY_ED25519);
  g_autoptr (PkiX509Req) ec_req = req_make (ec, "/CN=options ec", NULL, 0);
  g_autoptr (PkiX509Req) rsa_req = req_make (rsa, "/CN=options rsa", NULL, 0);
  g_autoptr (PkiX509Req) ed_req = req_make (ed, "/CN=options ed", NULL, 0);
  g_autoptr (PkiIssueOptions) options = pki_issue_options_new ();
  g_autoptr (ReqTmpdir) dir = pki_test_tmpdir ();
  g_autoptr (GError) error = NULL;
  gint64 from, to;

  /* NULL options: no profile, now + 365 days, SHA-256, random serial. */
  {
    g_autoptr (PkiX509) cert = NULL;
    g_autofree gchar *serial = NULL;

    from = now_seconds ();
    cert = issue_ok (ec_req, NULL, ec, NULL);
    to = now_seconds () + 1;
    assert_validity_days (cert, from, to, 365);
    assert_cert_sigalg (cert, "ecdsa-with-SHA256");
    assert_profile (cert, PKI_PROFILE_NONE, -1, FALSE);
    assert_key_ids (cert, ec, cert, dir);
    serial = assert_random_serial (cert);
  }

  /* Digests: by the signature algorithm; NULL again means the default. */
  {
    static const struct {
      KeyKind kind;
      const char *digest;
      const char *sigalg;
    } digests[] = {
      { KEY_RSA, "sha384", "sha384WithRSAEncryption" },
      { KEY_RSA, "sha512", "sha512WithRSAEncryption" },
      { KEY_EC, "sha384", "ecdsa-with-SHA384" },
      { KEY_EC, "SHA512", "ecdsa-with-SHA512" },
      { KEY_EC, NULL, "ecdsa-with-SHA256" },
      { KEY_ED25519, NULL, "ED25519" },
    };
    for (gsize i = 0; i < G_N_ELEMENTS (digests); i++) {
      PkiPKey *key = digests[i].kind == KEY_RSA ? rsa : digests[i].kind == KEY_EC ? ec : ed;
      PkiX509Req *req = digests[i].kind == KEY_RSA  ? rsa_req
                        : digests[i].kind == KEY_EC ? ec_req
                                                    : ed_req;
      g_autoptr (PkiIssueOptions) o = pki_issue_options_new ();
      g_autoptr (PkiX509) cert = NULL;

      /* A later choice replaces an earlier one, NULL included. */
      pki_issue_options_set_digest (o, "sha1");
      pki_issue_options_set_digest (o, digests[i].digest);
      cert = issue_ok (req, NULL, key, o);
      assert_cert_sigalg (cert, digests[i].sigalg);
      cert_verify_ok (cert, key);
    }
  }
  /* Digest errors are pki_x509_sign()'s. */
  {
    g_autoptr (PkiIssueOptions) o = pki_issue_options_new ();
    g_autoptr (PkiPKey) ec_pub = pki_pkey_get_public (ec);

    pki_issue_options_set_digest (o, "sha256");
    issue_fails (ed_req, NULL, ed, o, PKI_ERROR_UNSUPPORTED);
    pki_issue_options_set_digest (o, "no-such-digest");
    issue_fails (ec_req, NULL, ec, o, PKI_ERROR_UNSUPPORTED);
    pki_issue_options_set_digest (o, NULL);
    issue_fails (ec_req, NULL, ec_pub, o, PKI_ERROR_KEY_TYPE);
  }

  /* Serials: hex in, upper-case hex in whole octets out; NULL is
   * random again; bad text is refused and keeps the previous choice. */
  {
    static const struct {
      const char *hex;
      const char *expected;
    } serials[] = {
      { "0x1234abcd", "1234ABCD" },
      { "00ff", "FF" },
      { "1", "01" },
      { "0", "00" },
      { "0xABC", "0ABC" },
      { "7fffffffffffffffffffffffffffffffffffffff", "7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" },
    };
    static const char *const bad[] = { "xyz", "", "-5", "12 34", "0x",
                                       "0102030405060708090a0b0c0d0e0f101112131415" };

    for (gsize i = 0; i < G_N_ELEMENTS (serials); i++) {
      g_autoptr (PkiX509) cert = NULL;

      g_assert_true (pki_issue_options_set_serial (options, serials[i].hex, &error));
      g_assert_no_error (error);
      pki_assert_queue_empty ();
      cert = issue_ok (ec_req, NULL, ec, options);
      assert_serial (cert, serials[i].expected);
    }
    g_assert_true (pki_issue_options_set_serial (options, "0x1234abcd", &error));
    g_assert_no_error (error);
    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
      g_assert_false (pki_issue_options_set_serial (options, bad[i], &error));
      pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
      g_clear_error (&error);
    }
    {
      g_autoptr (PkiX509) cert = issue_ok (ec_req, NULL, ec, options);
      assert_serial (cert, "1234ABCD");
    }
    g_assert_true (pki_issue_options_set_serial (options, NULL, &error));
    g_assert_no_error (error);
    {
      g_autoptr (PkiX509) a = issue_ok (ec_req, NULL, ec, options);
      g_autoptr (PkiX509) b = issue_ok (ec_req, NULL, ec, options);
      g_autofree gchar *sa = assert_random_serial (a);
      g_autofree gchar *sb = assert_random_serial (b);
      g_assert_cmpstr (sa, !=, sb);
    }
  }

  /* Validity: explicit times (UTCTime through 2049, GeneralizedTime from
   * 2050), a start with days, days from now. */
  {
    g_autoptr (GDateTime) nb = g_date_time_new_utc (2030, 1, 1, 0, 0, 0);
    g_autoptr (GDateTime) na = g_date_time_new_utc (2031, 6, 30, 12, 0, 0);
    g_autoptr (GDateTime) nb2 = g_date_time_new_utc (2049, 12, 31, 23, 59, 59);
    g_autoptr (GDateTime) na2 = g_date_time_new_utc (2050, 1, 2, 0, 0, 0);
    g_autoptr (PkiIssueOptions) o = pki_issue_options_new ();

    pki_issue_options_set_validity (o, nb, na);
    {
      g_autoptr (PkiX509) cert = issue_ok (ec_req, NULL, ec, o);
      assert_validity (cert, "20300101000000Z", "20310630120000Z");
    }
    pki_issue_options_set_validity (o, nb2, na2);
    {
      g_autoptr (PkiX509) cert = issue_ok (ec_req, NULL, ec, o);
      assert_validity (cert, "20491231235959Z", "20500102000000Z");
    }
    pki_issue_options_set_validity (o, nb, NULL);
    pki_issue_options_set_days (o, 10);
    {
      g_autoptr (PkiX509) cert = issue_ok (ec_req, NULL, ec, o);
      assert_validity (cert, "20300101000000Z", "20300111000000Z");
    }
    pki_issue_options_set_validity (o, NULL, NULL);
    pki_issue_options_set_days (o, 1);
    {
      g_autoptr (PkiX509) cert = NULL;
      from = now_seconds ();
      cert = issue_ok (ec_req, NULL, ec, o);
      to = now_seconds () + 1;
      assert_validity_days (cert, from, to, 1);
    }
    /* Ending before it starts. */
    pki_issue_options_set_validity (o, na, nb);
    issue_fails (ec_req, NULL, ec, o, PKI_ERROR_BAD_INPUT);
    {
      g_autoptr (GDateTime) past = g_date_time_new_utc (2001, 1, 1, 0, 0, 0);
      pki_issue_options_set_validity (o, NULL, past);
      issue_fails (ec_req, NULL, ec, o, PKI_ERROR_BAD_INPUT);
    }
  }
}

/* Which requested extensions are copied, and who wins. */
static void
test_issue_copy (void)
{
  static const char *const san_only[] = { "subjectAltName", NULL };
  static const char *const san_oid_and_comment[] = { "2.5.29.17", "nsComment", NULL };
  static const char *const bc_only[] = { "basicConstraints", NULL };
  static const char *const made_up[] = { "subjectAltName", "thisIsMadeUp", NULL };
  static const struct {
    PkiCopyExtensions mode;
    const char *const *types;
    PkiProfile profile;
    const char *ext_types;
    gint bc;  /* -1 none, 0 CA:FALSE (profile), 1 CA:TRUE (requested) */
    gboolean san, comment;
  } cases[] = {
    { PKI_COPY_EXTENSIONS_NONE, NULL, PKI_PROFILE_NONE,
      "authorityKeyIdentifier,subjectKeyIdentifier", -1, FALSE, FALSE },
    { PKI_COPY_EXTENSIONS_NONE, san_only, PKI_PROFILE_NONE,
      "authorityKeyIdentifier,subjectKeyIdentifier", -1, FALSE, FALSE },
    { PKI_COPY_EXTENSIONS_ALL, NULL, PKI_PROFILE_NONE,
      "authorityKeyIdentifier,basicConstraints,nsComment,subjectAltName,subjectKeyIdentifier",
      1, TRUE, TRUE },
    { PKI_COPY_EXTENSIONS_LISTED, san_only, PKI_PROFILE_NONE,
      "authorityKeyIdentifier,subjectAltName,subjectKeyIdentifier", -1, TRUE, FALSE },
    { PKI_COPY_EXTENSIONS_LISTED, san_oid_and_comment, PKI_PROFILE_NONE,
      "authorityKeyIdentifier,nsComment,subjectAltName,subjectKeyIdentifier", -1, TRUE, TRUE },
    { PKI_COPY_EXTENSIONS_LISTED, NULL, PKI_PROFILE_NONE,
      "authorityKeyIdentifier,subjectKeyIdentifier", -1, FALSE, FALSE },
    { PKI_COPY_EXTENSIONS_ALL, NULL, PKI_PROFILE_SERVER,
      "authorityKeyIdentifier,basicConstraints,extendedKeyUsage,keyUsage,nsComment,"
      "subjectAltName,subjectKeyIdentifier", 0, TRUE, TRUE },
    { PKI_COPY_EXTENSIONS_LISTED, bc_only, PKI_PROFILE_CLIENT,
      "authorityKeyIdentifier,basicConstraints,extendedKeyUsage,keyUsage,"
      "subjectKeyIdentifier", 0, FALSE, FALSE },
  };
  g_autoptr (PkiPKey) ca_key = key_new (KEY_EC);
  g_autoptr (PkiPKey) leaf_key = key_new (KEY_ED25519);
  g_autoptr (PkiX509) ca = ca_make (ca_key, "/CN=Copy CA", -1);
  g_autoptr (PkiX509Extension) san = ext_new ("subjectAltName", FALSE, "DNS:x.example");
  g_autoptr (PkiX509Extension) bc = ext_new ("basicConstraints", TRUE, "CA:TRUE");
  g_autoptr (PkiX509Extension) comment = ext_new ("nsComment", FALSE, "requested");
  PkiX509Extension *asked[] = { san, bc, comment };
  g_autoptr (PkiX509Req) req = req_make (leaf_key, "/CN=x.example", asked, G_N_ELEMENTS (asked));
  g_autoptr (ReqTmpdir) dir = pki_test_tmpdir ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiIssueOptions) options = options_new (cases[i].profile, -1);
    g_autoptr (PkiX509) cert = NULL;

    g_test_message ("case %" G_GSIZE_FORMAT, i);
    pki_issue_options_set_copy_extensions (options, cases[i].mode, cases[i].types);
    cert = issue_ok (req, ca, ca_key, options);
    assert_ext_types (cert, cases[i].ext_types);
    if (cases[i].bc >= 0)
      assert_basic_constraints (cert, cases[i].bc == 1, -1);
    if (cases[i].san) {
      g_autoptr (PkiX509Extension) ext = cert_ext (cert, "subjectAltName");
      assert_ext (ext, "subjectAltName", FALSE, "300b8209782e6578616d706c65");
      assert_san_dns (ext, "x.example");
    } else {
      assert_no_ext (cert, "subjectAltName");
    }
    if (cases[i].comment) {
      g_autoptr (PkiX509Extension) ext = cert_ext (cert, "nsComment");
      g_autofree gchar *text = pki_x509_extension_to_string (ext, NULL);
      g_assert_cmpstr (text, ==, "requested");
    }
    assert_key_ids (cert, leaf_key, ca, dir);
  }

  /* An unknown type among those listed is a bad option. */
  {
    g_autoptr (PkiIssueOptions) options = pki_issue_options_new ();
    pki_issue_options_set_copy_extensions (options, PKI_COPY_EXTENSIONS_LISTED, made_up);
    issue_fails (req, ca, ca_key, options, PKI_ERROR_BAD_INPUT);
  }
  /* The types are copied: changing the caller's array later changes nothing. */
  {
    g_autoptr (PkiIssueOptions) options = pki_issue_options_new ();
    gchar *types[] = { g_strdup ("subjectAltName"), NULL };
    g_autoptr (PkiX509) cert = NULL;

    pki_issue_options_set_copy_extensions (options, PKI_COPY_EXTENSIONS_LISTED,
                                           (const char *const *) types);
    g_free (types[0]);
    types[0] = g_strdup ("nsComment");
    cert = issue_ok (req, ca, ca_key, options);
    g_free (types[0]);
    assert_ext_types (cert, "authorityKeyIdentifier,subjectAltName,subjectKeyIdentifier");
  }
}

/* A request asking for key identifiers of its own, copied with ALL: the
 * certificate still has one subjectKeyIdentifier, from the key, and one
 * authorityKeyIdentifier, the issuer's (two of a kind make OpenSSL reject
 * the certificate). */
static void
test_issue_copy_key_ids (void)
{
  g_autoptr (PkiPKey) ca_key = key_new (KEY_EC);
  g_autoptr (PkiPKey) leaf_key = key_new (KEY_EC);
  g_autoptr (PkiX509) ca = ca_make (ca_key, "/CN=Key id CA", -1);
  g_autoptr (PkiX509Extension) aki = ext_new ("authorityKeyIdentifier", FALSE,
                                              "DER:3006800401020304");
  g_autoptr (PkiX509Extension) ski = ext_new ("subjectKeyIdentifier", FALSE, "0A0B0C0D");
  PkiX509Extension *asked[] = { ski, aki };
  g_autoptr (PkiX509Req) req = req_make (leaf_key, "/CN=asks for key ids", asked,
                                         G_N_ELEMENTS (asked));
  g_autoptr (PkiIssueOptions) options = options_new (PKI_PROFILE_SERVER, -1);
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (ReqTmpdir) dir = pki_test_tmpdir ();
  g_autofree gchar *ca_path = NULL, *leaf_path = NULL;

  pki_issue_options_set_copy_extensions (options, PKI_COPY_EXTENSIONS_ALL, NULL);
  cert = issue_ok (req, ca, ca_key, options);
  assert_ext_types (cert, "authorityKeyIdentifier,basicConstraints,extendedKeyUsage,keyUsage,"
                          "subjectKeyIdentifier");
  assert_key_ids (cert, leaf_key, ca, dir);
  ca_path = write_cert (dir, "ca.pem", ca);
  leaf_path = write_cert (dir, "leaf.pem", cert);
  cli_verify (ca_path, NULL, leaf_path, TRUE);
}

/* pki_issue_options_add_extension: caller extensions replace profile and
 * requested ones of the same type; a later one replaces an earlier one. */
static void
test_issue_add_extension (void)
{
  g_autoptr (PkiPKey) ca_key = key_new (KEY_EC);
  g_autoptr (PkiPKey) leaf_key = key_new (KEY_RSA_OTHER);
  g_autoptr (PkiX509) ca = ca_make (ca_key, "/CN=Override CA", -1);
  g_autoptr (PkiX509Extension) req_san = ext_new ("subjectAltName", FALSE, "DNS:asked.example");
  g_autoptr (PkiX509Req) req = req_make (leaf_key, "/CN=override", &req_san, 1);
  g_autoptr (PkiIssueOptions) options = options_new (PKI_PROFILE_SERVER, -1);
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (ReqTmpdir) dir = pki_test_tmpdir ();

  {
    g_autoptr (PkiX509Extension) ku = ext_new ("keyUsage", TRUE, "keyAgreement,digitalSignature");
    g_autoptr (PkiX509Extension) san = ext_new ("subjectAltName", FALSE, "DNS:given.example");
    g_autoptr (PkiX509Extension) c1 = ext_new ("nsComment", FALSE, "first");
    g_autoptr (PkiX509Extension) c2 = ext_new ("nsComment", FALSE, "second");
    pki_issue_options_add_extension (options, ku);
    pki_issue_options_add_extension (options, san);
    pki_issue_options_add_extension (options, c1);
    pki_issue_options_add_extension (options, c2);
  }
  pki_issue_options_set_copy_extensions (options, PKI_COPY_EXTENSIONS_ALL, NULL);
  cert = issue_ok (req, ca, ca_key, options);

  assert_ext_types (cert, "authorityKeyIdentifier,basicConstraints,extendedKeyUsage,keyUsage,"
                          "nsComment,subjectAltName,subjectKeyIdentifier");
  assert_key_usage (cert, PKI_KEY_USAGE_KEY_AGREEMENT | PKI_KEY_USAGE_DIGITAL_SIGNATURE);
  assert_basic_constraints (cert, FALSE, -1);
  assert_eku (cert, OID_SERVER_AUTH);
  {
    g_autoptr (PkiX509Extension) san = cert_ext (cert, "subjectAltName");
    g_autoptr (PkiX509Extension) comment = cert_ext (cert, "nsComment");
    g_autofree gchar *text = pki_x509_extension_to_string (comment, NULL);
    assert_san_dns (san, "given.example");
    g_assert_cmpstr (text, ==, "second");
  }
  assert_key_ids (cert, leaf_key, ca, dir);

  /* A CA's own basicConstraints over the profile's. */
  {
    g_autoptr (PkiIssueOptions) o = options_new (PKI_PROFILE_CA, 0);
    g_autoptr (PkiX509Extension) bc = ext_new ("basicConstraints", TRUE, "CA:TRUE,pathlen:5");
    g_autoptr (PkiX509) sub = NULL;

    pki_issue_options_add_extension (o, bc);
    sub = issue_ok (req, ca, ca_key, o);
    assert_ext_types (sub, "authorityKeyIdentifier,basicConstraints,keyUsage,"
                           "subjectKeyIdentifier");
    assert_basic_constraints (sub, TRUE, 5);
  }
}

/* What a CA must refuse. */
static void
test_issue_refusals (void)
{
  g_autoptr (PkiPKey) key = key_new (KEY_EC);
  g_autoptr (PkiPKey) other = key_new (KEY_EC);
  g_autoptr (PkiPKey) ca_key = key_new (KEY_ED25519);
  g_autoptr (PkiX509) ca = ca_make (ca_key, "/CN=Refusing CA", -1);
  g_autoptr (PkiX509Req) req = req_make (key, "/CN=refused", NULL, 0);
  g_autoptr (GBytes) der = req_dump_ok (req, PKI_FILETYPE_ASN1);
  g_autoptr (GBytes) tampered = bytes_flip (der, g_bytes_get_size (der) - 1, 0x01);
  g_autoptr (PkiX509Req) bad = req_load_ok (PKI_FILETYPE_ASN1, tampered);
  g_autoptr (PkiX509Name) name = name_parse ("/CN=unsigned");
  g_autoptr (PkiX509Req) unsigned_req = pki_x509_req_new ();
  g_autoptr (PkiX509Req) keyless = pki_x509_req_new ();
  g_autoptr (GError) error = NULL;

  /* A flipped bit in the signature. */
  req_verify_fails (bad, NULL, PKI_ERROR_SIGNATURE);
  issue_fails (bad, NULL, key, NULL, PKI_ERROR_SIGNATURE);
  issue_fails (bad, ca, ca_key, NULL, PKI_ERROR_SIGNATURE);

  /* Never signed, or without a key at all. */
  g_assert_true (pki_x509_req_set_subject (unsigned_req, name, &error));
  g_assert_true (pki_x509_req_set_pubkey (unsigned_req, key, &error));
  g_assert_no_error (error);
  issue_fails (unsigned_req, ca, ca_key, NULL, PKI_ERROR_SIGNATURE);
  issue_fails (keyless, ca, ca_key, NULL, PKI_ERROR_BAD_INPUT);

  /* Keys that do not belong. */
  issue_fails (req, ca, other, NULL, PKI_ERROR_BAD_INPUT);
  issue_fails (req, ca, key, NULL, PKI_ERROR_BAD_INPUT);
  issue_fails (req, NULL, other, NULL, PKI_ERROR_BAD_INPUT);
  issue_fails (req, NULL, ca_key, NULL, PKI_ERROR_BAD_INPUT);

  /* A validity period that ends before it starts. */
  {
    g_autoptr (PkiIssueOptions) o = pki_issue_options_new ();
    g_autoptr (GDateTime) nb = g_date_time_new_utc (2030, 1, 2, 0, 0, 0);
    g_autoptr (GDateTime) na = g_date_time_new_utc (2030, 1, 1, 0, 0, 0);
    pki_issue_options_set_validity (o, nb, na);
    issue_fails (req, ca, ca_key, o, PKI_ERROR_BAD_INPUT);
  }

  /* The good request is still issued after all that. */
  {
    g_autoptr (PkiX509) cert = issue_ok (req, ca, ca_key, NULL);
    cert_verify_ok (cert, ca_key);
  }
}

/* Programmer errors are g_return_if_fail criticals, not GErrors. */
static void
test_programmer_errors (void)
{
  g_autoptr (PkiIssueOptions) options = pki_issue_options_new ();
  g_autoptr (PkiX509Req) req = pki_x509_req_new ();
  PkiX509Extension *exts[] = { NULL };
  g_autoptr (GError) error = NULL;

  g_test_expect_message ("libpki", G_LOG_LEVEL_CRITICAL, "*days > 0*");
  pki_issue_options_set_days (options, 0);
  g_test_assert_expected_messages ();

  g_test_expect_message ("libpki", G_LOG_LEVEL_CRITICAL, "*profile*");
  pki_issue_options_set_profile (options, (PkiProfile) 42, 0);
  g_test_assert_expected_messages ();

  /* pyOpenSSL: add_extensions([object()]) -> ValueError. */
  g_test_expect_message ("libpki", G_LOG_LEVEL_CRITICAL, "*extensions*");
  g_assert_false (pki_x509_req_add_extensions (req, exts, 1, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  assert_attribute_names (req, "");
}

/* --- interop with the openssl CLI ----------------------------------------------- */

/* Requests made by `openssl req` load, verify, dump as the CLI does, and
 * are issued with their SAN. */
static void
test_cli_requests (void)
{
  static const struct {
    const char *newkey;
    const char *pkeyopt;
    const char *sigalg;
  } cases[] = {
    { "ec", "ec_paramgen_curve:P-256", "ecdsa-with-SHA256" },
    { "ed25519", NULL, "ED25519" },
  };
  g_autoptr (ReqTmpdir) dir = pki_test_tmpdir ();
  g_autoptr (PkiPKey) ca_key = key_new (KEY_EC);
  g_autoptr (PkiX509) ca = ca_make (ca_key, "/CN=CLI CA", -1);
  g_autofree gchar *ca_path = write_cert (dir, "ca.pem", ca);
  g_autofree gchar *key_path = g_build_filename (dir, "k.pem", NULL);
  g_autofree gchar *csr_path = g_build_filename (dir, "csr.pem", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GBytes) pem = NULL, der = NULL, cli_der = NULL, text = NULL, cli_text = NULL,
                       key_pem = NULL;
    g_autoptr (PkiX509Req) req = NULL;
    g_autoptr (PkiPKey) key = NULL, pub = NULL;
    g_autoptr (PkiX509Name) subject = NULL;
    g_autoptr (GPtrArray) exts = NULL;
    g_autoptr (PkiIssueOptions) options = options_new (PKI_PROFILE_SERVER, -1);
    g_autoptr (PkiX509) cert = NULL;
    g_autoptr (GError) error = NULL;
    g_autofree gchar *leaf_path = NULL;
    static const char *const san_only[] = { "subjectAltName", NULL };

    if (cases[i].pkeyopt != NULL)
      PKI_OPENSSL_RUN ("req", "-new", "-newkey", cases[i].newkey, "-pkeyopt", cases[i].pkeyopt,
                       "-nodes", "-keyout", key_path, "-out", csr_path, "-subj", "/CN=x",
                       "-addext", "subjectAltName=DNS:x.example");
    else
      PKI_OPENSSL_RUN ("req", "-new", "-newkey", cases[i].newkey, "-nodes", "-keyout", key_path,
                       "-out", csr_path, "-subj", "/CN=x", "-addext",
                       "subjectAltName=DNS:x.example");
    pem = pki_test_read_file (csr_path);
    key_pem = pki_test_read_file (key_path);
    key = pki_pkey_load_private (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (key_pem), NULL, &error);
    pki_test_assert_ok (key, error);

    req = req_load_ok (PKI_FILETYPE_PEM, pem);
    req_verify_ok (req, NULL);
    req_verify_ok (req, key);
    assert_req_sigalg (req, cases[i].sigalg);
    g_assert_cmpint (pki_x509_req_get_version (req), ==, 0);
    subject = pki_x509_req_get_subject (req);
    assert_oneline (subject, "/CN=x");
    pub = req_pubkey_ok (req);
    g_assert_true (pki_pkey_public_equal (pub, key));
    exts = req_extensions_ok (req);
    g_assert_cmpuint (exts->len, ==, 1);
    assert_ext (exts->pdata[0], "subjectAltName", FALSE, "300b8209782e6578616d706c65");
    assert_san_dns (exts->pdata[0], "x.example");

    der = req_dump_ok (req, PKI_FILETYPE_ASN1);
    cli_der = PKI_OPENSSL_OUT (dir, "csr.der", "req", "-in", csr_path, "-outform", "DER");
    assert_bytes_equal (der, cli_der);
    text = req_dump_ok (req, PKI_FILETYPE_TEXT);
    cli_text = PKI_OPENSSL_OK ("req", "-in", csr_path, "-text", "-noout");
    assert_bytes_equal (text, cli_text);

    pki_issue_options_set_copy_extensions (options, PKI_COPY_EXTENSIONS_LISTED, san_only);
    cert = issue_ok (req, ca, ca_key, options);
    assert_ext_types (cert, "authorityKeyIdentifier,basicConstraints,extendedKeyUsage,keyUsage,"
                            "subjectAltName,subjectKeyIdentifier");
    {
      g_autoptr (PkiX509Extension) san = cert_ext (cert, "subjectAltName");
      assert_san_dns (san, "x.example");
    }
    assert_key_ids (cert, key, ca, dir);
    leaf_path = write_cert (dir, "leaf.pem", cert);
    cli_verify (ca_path, NULL, leaf_path, TRUE);
  }

  /* A challengePassword from an openssl configuration. */
  {
    static const char conf[] = "[req]\nprompt = no\ndistinguished_name = dn\n"
                               "attributes = attrs\n[dn]\nCN = attr\n"
                               "[attrs]\nchallengePassword = hunter22\n";
    g_autoptr (GBytes) conf_bytes = g_bytes_new_static (conf, sizeof conf - 1);
    g_autofree gchar *conf_path = pki_test_write (dir, "req.cnf", conf_bytes);
    g_autoptr (GBytes) pem = NULL;
    g_autoptr (PkiX509Req) req = NULL;

    PKI_OPENSSL_RUN ("req", "-new", "-config", conf_path, "-key", key_path, "-out", csr_path);
    pem = pki_test_read_file (csr_path);
    req = req_load_ok (PKI_FILETYPE_PEM, pem);
    req_verify_ok (req, NULL);
    assert_attribute_names (req, "challengePassword");
    assert_attribute (req, "challengePassword", "hunter22");
  }
}

/* libpki's requests pass `openssl req -verify` (and a tampered one does
 * not), and `openssl x509 -req` signs them. */
static void
test_cli_signs_libpki_requests (void)
{
  g_autoptr (ReqTmpdir) dir = pki_test_tmpdir ();
  g_autoptr (PkiPKey) ca_key = key_new (KEY_EC);
  g_autoptr (PkiX509) ca = ca_make (ca_key, "/CN=CLI signing CA", -1);
  g_autofree gchar *ca_path = write_cert (dir, "ca.pem", ca);
  g_autofree gchar *ca_key_path = write_key (dir, "ca.key", ca_key);
  g_autofree gchar *leaf_path = g_build_filename (dir, "leaf.pem", NULL);
  static const KeyKind kinds[] = { KEY_EC, KEY_ED25519, KEY_RSA };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++) {
    g_autoptr (PkiPKey) key = key_new (kinds[i]);
    g_autoptr (PkiX509Extension) san = ext_new ("subjectAltName", FALSE, "DNS:libpki.example");
    g_autoptr (PkiX509Req) req = req_make (key, "/O=libpki/CN=libpki.example", &san, 1);
    g_autofree gchar *pem_path = NULL, *der_path = NULL, *bad_path = NULL;
    g_autoptr (GBytes) der = NULL, tampered = NULL, leaf_pem = NULL;
    g_autoptr (PkiX509) leaf = NULL, leaf2 = NULL;
    g_autoptr (PkiX509Name) leaf_subject = NULL, leaf_issuer = NULL, req_subject = NULL,
                            ca_subject = NULL;
    g_autoptr (GError) error = NULL;

    req_add_attribute_ok (req, "challengePassword", "pass phrase");
    req_sign_ok (req, key, NULL);
    pem_path = write_req (dir, "req.pem", req, PKI_FILETYPE_PEM);
    der_path = write_req (dir, "req.der", req, PKI_FILETYPE_ASN1);
    g_assert_true (cli_req_verifies (pem_path, "PEM"));
    g_assert_true (cli_req_verifies (der_path, "DER"));
    der = req_dump_ok (req, PKI_FILETYPE_ASN1);
    tampered = bytes_flip (der, g_bytes_get_size (der) - 1, 0x01);
    bad_path = pki_test_write (dir, "bad.der", tampered);
    g_assert_false (cli_req_verifies (bad_path, "DER"));

    PKI_OPENSSL_RUN ("x509", "-req", "-in", pem_path, "-CA", ca_path, "-CAkey", ca_key_path,
                     "-CAcreateserial", "-days", "30", "-out", leaf_path);
    leaf_pem = pki_test_read_file (leaf_path);
    leaf = pki_x509_load (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (leaf_pem), &error);
    pki_test_assert_ok (leaf, error);
    leaf_subject = pki_x509_get_subject (leaf);
    leaf_issuer = pki_x509_get_issuer (leaf);
    req_subject = pki_x509_req_get_subject (req);
    ca_subject = pki_x509_get_subject (ca);
    g_assert_true (pki_x509_name_equal (leaf_subject, req_subject));
    g_assert_true (pki_x509_name_equal (leaf_issuer, ca_subject));
    assert_cert_pubkey (leaf, key);
    cert_verify_ok (leaf, ca_key);
    cli_verify (ca_path, NULL, leaf_path, TRUE);

    g_clear_pointer (&leaf_pem, g_bytes_unref);
    PKI_OPENSSL_RUN ("x509", "-req", "-in", der_path, "-inform", "DER", "-CA", ca_path,
                     "-CAkey", ca_key_path, "-set_serial", "4242", "-out", leaf_path);
    leaf_pem = pki_test_read_file (leaf_path);
    leaf2 = pki_x509_load (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (leaf_pem), &error);
    pki_test_assert_ok (leaf2, error);
    assert_serial (leaf2, "1092");
    assert_cert_pubkey (leaf2, key);
    cert_verify_ok (leaf2, ca_key);
  }
}

/* `openssl verify` accepts what libpki issues: roots of each key type with
 * a leaf, and root -> intermediate (pathlen 0) -> leaf; a CA below the
 * pathlen-0 intermediate is refused. */
static void
test_cli_chains (void)
{
  static const KeyKind roots[] = { KEY_RSA, KEY_EC, KEY_ED25519 };
  g_autoptr (ReqTmpdir) dir = pki_test_tmpdir ();

  for (gsize i = 0; i < G_N_ELEMENTS (roots); i++) {
    g_autoptr (PkiPKey) root_key = key_new (roots[i]);
    g_autoptr (PkiPKey) leaf_key = key_new (KEY_EC);
    g_autoptr (PkiX509) root = ca_make (root_key, "/O=libpki/CN=Chain Root", -1);
    g_autoptr (PkiX509) leaf = leaf_make (leaf_key, "/CN=leaf.example", root, root_key,
                                          PKI_PROFILE_SERVER, -1);
    g_autofree gchar *root_path = write_cert (dir, "root.pem", root);
    g_autofree gchar *leaf_path = write_cert (dir, "leaf.pem", leaf);

    cli_verify (root_path, NULL, leaf_path, TRUE);
  }

  {
    g_autoptr (PkiPKey) root_key = key_new (KEY_EC);
    g_autoptr (PkiPKey) inter_key = key_new (KEY_ED25519);
    g_autoptr (PkiPKey) sub_key = key_new (KEY_RSA);
    g_autoptr (PkiPKey) leaf_key = key_new (KEY_EC);
    g_autoptr (PkiX509) root = ca_make (root_key, "/O=libpki/CN=Root", -1);
    g_autoptr (PkiX509) inter = leaf_make (inter_key, "/O=libpki/CN=Intermediate", root,
                                           root_key, PKI_PROFILE_CA, 0);
    g_autoptr (PkiX509) leaf = leaf_make (leaf_key, "/CN=leaf.example", inter, inter_key,
                                          PKI_PROFILE_SERVER, -1);
    g_autoptr (PkiX509) sub = leaf_make (sub_key, "/O=libpki/CN=Too deep", inter, inter_key,
                                         PKI_PROFILE_CA, -1);
    g_autoptr (PkiX509) deep_leaf = leaf_make (leaf_key, "/CN=deep.example", sub, sub_key,
                                               PKI_PROFILE_CLIENT, -1);
    g_autoptr (GBytes) inter_pem = NULL, sub_pem = NULL, both = NULL;
    g_autoptr (GError) error = NULL;
    g_autofree gchar *root_path = write_cert (dir, "root.pem", root);
    g_autofree gchar *inter_path = write_cert (dir, "inter.pem", inter);
    g_autofree gchar *leaf_path = write_cert (dir, "leaf.pem", leaf);
    g_autofree gchar *deep_path = write_cert (dir, "deep.pem", deep_leaf);
    g_autofree gchar *both_path = NULL;

    assert_basic_constraints (inter, TRUE, 0);
    assert_key_ids (inter, inter_key, root, dir);
    assert_key_ids (leaf, leaf_key, inter, dir);
    cli_verify (root_path, inter_path, leaf_path, TRUE);
    /* Without the intermediate there is no chain. */
    cli_verify (root_path, NULL, leaf_path, FALSE);

    inter_pem = pki_x509_dump (inter, PKI_FILETYPE_PEM, &error);
    pki_test_assert_ok (inter_pem, error);
    sub_pem = pki_x509_dump (sub, PKI_FILETYPE_PEM, &error);
    pki_test_assert_ok (sub_pem, error);
    both = pki_test_bytes_join (inter_pem, sub_pem);
    both_path = pki_test_write (dir, "untrusted.pem", both);
    cli_verify (root_path, both_path, deep_path, FALSE);
  }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/x509-req/boxed", test_boxed);
  g_test_add_func ("/x509-req/pyopenssl/facts", test_vector_facts);
  g_test_add_func ("/x509-req/pyopenssl/dump", test_vector_dump);
  g_test_add_func ("/x509-req/load/forms", test_load_forms);
  g_test_add_func ("/x509-req/load/bad-input", test_load_bad_input);
  g_test_add_func ("/x509-req/new", test_new);
  g_test_add_func ("/x509-req/pubkey", test_pubkey);
  g_test_add_func ("/x509-req/extensions", test_extensions);
  g_test_add_func ("/x509-req/extensions/malformed", test_extensions_malformed);
  g_test_add_func ("/x509-req/attributes", test_attributes);
  g_test_add_func ("/x509-req/subject-view", test_subject_view);
  g_test_add_func ("/x509-req/sign", test_sign);
  g_test_add_func ("/x509-req/sign/errors", test_sign_errors);
  g_test_add_func ("/x509-req/sign/unknown-algorithm", test_unknown_sigalg);
  g_test_add_func ("/x509-req/issue/self-signed-ca", test_issue_self_signed_ca);
  g_test_add_func ("/x509-req/issue/profiles", test_issue_profiles);
  g_test_add_func ("/x509-req/issue/options", test_issue_options);
  g_test_add_func ("/x509-req/issue/copy", test_issue_copy);
  g_test_add_func ("/x509-req/issue/copy-key-ids", test_issue_copy_key_ids);
  g_test_add_func ("/x509-req/issue/add-extension", test_issue_add_extension);
  g_test_add_func ("/x509-req/issue/refusals", test_issue_refusals);
  g_test_add_func ("/x509-req/programmer-errors", test_programmer_errors);
  g_test_add_func ("/x509-req/cli/requests", test_cli_requests);
  g_test_add_func ("/x509-req/cli/signs-libpki-requests", test_cli_signs_libpki_requests);
  g_test_add_func ("/x509-req/cli/chains", test_cli_chains);

  status = g_test_run ();
  for (gsize i = 0; i < G_N_ELEMENTS (rsa_cache); i++)
    g_clear_pointer (&rsa_cache[i], pki_pkey_unref);
  return status;
}
