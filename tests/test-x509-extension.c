/* Tests for pki-x509-extension.h: PkiX509Extension (pyOpenSSL's
 * X509Extension) made from OpenSSL config strings and from DER, its text
 * form, the typed getters and PkiGeneralName, with the pyOpenSSL facts of
 * ../shared/pyopenssl-vectors (README sections 2 and 4) and agreement with
 * `openssl x509 -text` / `openssl asn1parse` on certificates carrying them.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

/* A temporary directory removed with its files at scope exit. */
typedef gchar ExtTmpdir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtTmpdir, pki_test_tmpdir_free)

/* --- helpers ------------------------------------------------------------- */

/* "AB:CD:..." (upper case, colon-separated) as OpenSSL prints key ids. */
static gchar *
colon_hex (GBytes *bytes)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);
  GString *s = g_string_new (NULL);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, i ? ":%02X" : "%02X", p[i]);
  return g_string_free (s, FALSE);
}

/* Upper-case hex without separators, as asn1parse prints a HEX DUMP. */
static gchar *
plain_hex (GBytes *bytes)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);
  GString *s = g_string_new (NULL);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02X", p[i]);
  return g_string_free (s, FALSE);
}

static PkiX509Extension *
ext_new_ok (const char *type, gboolean critical, const char *value, PkiX509 *subject,
            PkiX509 *issuer)
{
  g_autoptr (GError) error = NULL;
  PkiX509Extension *ext = pki_x509_extension_new (type, critical, value, subject, issuer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ext);
  pki_assert_queue_empty ();
  return ext;
}

static PkiX509Extension *
ext_der_ok (const char *oid, gboolean critical, const char *hex)
{
  g_autoptr (GBytes) der = bytes_from_hex (hex);
  g_autoptr (GError) error = NULL;
  PkiX509Extension *ext =
    pki_x509_extension_new_from_der (oid, critical, PKI_BYTES_ARGS (der), &error);
  g_assert_no_error (error);
  g_assert_nonnull (ext);
  pki_assert_queue_empty ();
  return ext;
}

static void
assert_data (PkiX509Extension *ext, const char *hex)
{
  g_autoptr (GBytes) data = pki_x509_extension_get_data (ext);
  assert_bytes_hex (data, hex);
  pki_assert_queue_empty ();
}

/* to_string gives exactly @len bytes of @expected (NULs included). */
static void
assert_text_len (PkiX509Extension *ext, const char *expected, gsize len)
{
  gsize got_len = 0;
  g_autofree gchar *text = pki_x509_extension_to_string (ext, &got_len);
  g_assert_nonnull (text);
  g_assert_cmpmem (text, got_len, expected, len);
  g_assert_cmpint (text[got_len], ==, '\0');
  pki_assert_queue_empty ();
}

static void
assert_text (PkiX509Extension *ext, const char *expected)
{
  assert_text_len (ext, expected, strlen (expected));
}

static void
assert_names (PkiX509Extension *ext, const char *short_name, const char *oid)
{
  g_autofree gchar *sn = pki_x509_extension_get_short_name (ext);
  g_autofree gchar *dotted = pki_x509_extension_get_oid (ext);
  g_assert_cmpstr (sn, ==, short_name);
  g_assert_cmpstr (dotted, ==, oid);
  pki_assert_queue_empty ();
}

static PkiPKey *
make_key (void)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_generate_ec ("P-256", &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  pki_assert_queue_empty ();
  return key;
}

/* An unsigned self-issued one-hour certificate "CN=@cn" for @key. */
static PkiX509 *
make_base_cert (PkiPKey *key, const char *cn)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();
  PkiX509 *cert = pki_x509_new ();

  g_assert_true (pki_x509_name_set_entry (name, "CN", cn, -1, &error));
  g_assert_true (pki_x509_set_subject (cert, name, &error));
  g_assert_true (pki_x509_set_issuer (cert, name, &error));
  g_assert_true (pki_x509_set_serial (cert, "1234", &error));
  g_assert_true (pki_x509_set_pubkey (cert, key, &error));
  g_assert_true (pki_x509_gmtime_adj_not_before (cert, 0, &error));
  g_assert_true (pki_x509_gmtime_adj_not_after (cert, 3600, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  return cert;
}

static void
add_exts (PkiX509 *cert, PkiX509Extension **exts, guint n)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (pki_x509_add_extensions (cert, exts, n, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
}

static void
sign_ok (PkiX509 *cert, PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (pki_x509_sign (cert, key, NULL, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
}

/* Writes @cert as PEM into @dir/@file and returns the path. */
static gchar *
write_cert (const char *dir, const char *file, PkiX509 *cert)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pem = pki_x509_dump (cert, PKI_FILETYPE_PEM, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pem);
  pki_assert_queue_empty ();
  return pki_test_write (dir, file, pem);
}

/* Runs `openssl argv...`, asserts it succeeds and returns its stdout. */
static gchar *
cli_run (const char *const *argv)
{
  g_autofree gchar *err = NULL;
  g_autoptr (GBytes) out = pki_test_openssl (&err, argv);
  if (out == NULL)
    g_error ("openssl %s failed: %s", argv[0], err);
  return g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}

#define CLI_RUN(...) cli_run ((const char *const[]){ __VA_ARGS__, NULL })

/* The extnValue of every extension of the certificate at @path, in order,
 * as `openssl asn1parse` prints them (upper-case hex). */
static GPtrArray *
cli_extension_values (const char *path)
{
  g_autofree gchar *out = CLI_RUN ("asn1parse", "-in", path);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  gboolean in_exts = FALSE;

  for (gsize i = 0; lines[i] != NULL; i++) {
    const char *line = lines[i];
    const char *dump;
    if (strstr (line, "cont [ 3 ]") != NULL) {
      in_exts = TRUE;
      continue;
    }
    if (!in_exts)
      continue;
    if (strstr (line, ":d=1 ") != NULL)
      break;
    if (strstr (line, "prim: OCTET STRING") == NULL)
      continue;
    dump = strstr (line, "[HEX DUMP]:");
    if (dump != NULL) {
      g_ptr_array_add (values, g_strdup (dump + strlen ("[HEX DUMP]:")));
    } else {
      /* A printable value is shown as text after the last ':'. */
      const char *text = strrchr (line, ':');
      g_autoptr (GBytes) b = g_bytes_new (text + 1, strlen (text + 1));
      g_ptr_array_add (values, plain_hex (b));
    }
  }
  return values;
}

/* What `openssl x509 -text` prints for one extension: the header line, then
 * each line of the value text indented by 16. */
static void
append_cli_block (GString *s, const char *long_name, gboolean critical, const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_string_append_printf (s, "            %s: %s\n", long_name, critical ? "critical" : "");
  for (gsize i = 0; lines[i] != NULL; i++)
    g_string_append_printf (s, "                %s\n", lines[i]);
}

/* `openssl x509 -text` with everything but the extensions turned off. */
static gchar *
cli_extensions_text (const char *path)
{
  return CLI_RUN ("x509", "-in", path, "-noout", "-text", "-certopt",
                  "no_header,no_version,no_serial,no_signame,no_validity,no_subject,"
                  "no_issuer,no_pubkey,no_sigdump,no_aux");
}

static PkiX509 *
vector_cert (const char *file)
{
  g_autoptr (GBytes) pem = pki_test_vector (file);
  g_autoptr (GError) error = NULL;
  PkiX509 *cert;

  if (pem == NULL)
    return NULL;
  cert = pki_x509_load (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), &error);
  g_assert_no_error (error);
  g_assert_nonnull (cert);
  pki_assert_queue_empty ();
  return cert;
}

static PkiX509Extension *
cert_ext (PkiX509 *cert, const char *oid)
{
  g_autoptr (GError) error = NULL;
  PkiX509Extension *ext = pki_x509_get_extension_by_oid (cert, oid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ext);
  pki_assert_queue_empty ();
  return ext;
}

static gchar *
vector_path (const char *file)
{
  g_autofree gchar *dir = pki_test_shared_dir ("pyopenssl-vectors");
  if (dir == NULL) {
    g_test_skip ("../shared/pyopenssl-vectors is absent");
    return NULL;
  }
  return g_build_filename (dir, file, NULL);
}

/* --- extensions from config strings ----------------------------------------- */

typedef struct {
  const char *type;
  gboolean critical;
  const char *value;
  const char *data;      /* extnValue DER, hex */
  const char *text;      /* to_string */
  const char *sn, *oid;  /* get_short_name, get_oid */
  const char *long_name; /* the header `openssl x509 -text` prints */
} ConfigCase;

static const ConfigCase config_cases[] = {
  { "basicConstraints", TRUE, "CA:TRUE", "30030101ff", "CA:TRUE", "basicConstraints",
    "2.5.29.19", "X509v3 Basic Constraints" },
  { "basicConstraints", FALSE, "CA:false", "3000", "CA:FALSE", "basicConstraints", "2.5.29.19",
    "X509v3 Basic Constraints" },
  { "basicConstraints", TRUE, "CA:TRUE,pathlen:3", "30060101ff020103", "CA:TRUE, pathlen:3",
    "basicConstraints", "2.5.29.19", "X509v3 Basic Constraints" },
  { "keyUsage", TRUE, "digitalSignature", "03020780", "Digital Signature", "keyUsage",
    "2.5.29.15", "X509v3 Key Usage" },
  { "keyUsage", FALSE, "keyCertSign,cRLSign", "03020106", "Certificate Sign, CRL Sign",
    "keyUsage", "2.5.29.15", "X509v3 Key Usage" },
  { "keyUsage", FALSE, "keyAgreement,decipherOnly", "0303070880",
    "Key Agreement, Decipher Only", "keyUsage", "2.5.29.15", "X509v3 Key Usage" },
  { "extendedKeyUsage", FALSE, "serverAuth,clientAuth,1.2.3.4",
    "301906082b0601050507030106082b0601050507030206032a0304",
    "TLS Web Server Authentication, TLS Web Client Authentication, 1.2.3.4",
    "extendedKeyUsage", "2.5.29.37", "X509v3 Extended Key Usage" },
  { "subjectAltName", FALSE, "DNS:a,IP:192.0.2.1", "30098201618704c0000201",
    "DNS:a, IP Address:192.0.2.1", "subjectAltName", "2.5.29.17",
    "X509v3 Subject Alternative Name" },
  { "subjectAltName", FALSE, "email:x@example.org,URI:http://example.org/,IP:2001:db8::1,RID:1.2.3.4",
    "303b810d78406578616d706c652e6f72678613687474703a2f2f6578616d706c652e6f72672f871020010db8"
    "00000000000000000000000188032a0304",
    "email:x@example.org, URI:http://example.org/, IP Address:2001:DB8:0:0:0:0:0:1, "
    "Registered ID:1.2.3.4",
    "subjectAltName", "2.5.29.17", "X509v3 Subject Alternative Name" },
  { "issuerAltName", FALSE, "email:ca@example.org", "3010810e6361406578616d706c652e6f7267",
    "email:ca@example.org", "issuerAltName", "2.5.29.18", "X509v3 Issuer Alternative Name" },
  { "crlDistributionPoints", FALSE, "URI:http://crl.example.org/ca.crl",
    "30253023a021a01f861d687474703a2f2f63726c2e6578616d706c652e6f72672f63612e63726c",
    "Full Name:\n  URI:http://crl.example.org/ca.crl", "crlDistributionPoints", "2.5.29.31",
    "X509v3 CRL Distribution Points" },
  { "authorityInfoAccess", FALSE,
    "OCSP;URI:http://ocsp.example.org/,caIssuers;URI:http://ca.example.org/ca.crt",
    "3050302406082b060105050730018618687474703a2f2f6f6373702e6578616d706c652e6f72672f30280608"
    "2b06010505073002861c687474703a2f2f63612e6578616d706c652e6f72672f63612e637274",
    "OCSP - URI:http://ocsp.example.org/\nCA Issuers - URI:http://ca.example.org/ca.crt",
    "authorityInfoAccess", "1.3.6.1.5.5.7.1.1", "Authority Information Access" },
  { "certificatePolicies", FALSE, "1.2.3.4", "3007300506032a0304", "Policy: 1.2.3.4",
    "certificatePolicies", "2.5.29.32", "X509v3 Certificate Policies" },
  { "certificatePolicies", FALSE, "anyPolicy", "300830060604551d2000",
    "Policy: X509v3 Any Policy", "certificatePolicies", "2.5.29.32",
    "X509v3 Certificate Policies" },
  { "nameConstraints", TRUE, "permitted;DNS:.example.com,excluded;IP:10.0.0.0/255.0.0.0",
    "3020a010300e820c2e6578616d706c652e636f6da10c300a87080a000000ff000000",
    "Permitted:\n  DNS:.example.com\nExcluded:\n  IP:10.0.0.0/255.0.0.0", "nameConstraints",
    "2.5.29.30", "X509v3 Name Constraints" },
  { "nsComment", FALSE, "hello", "160568656c6c6f", "hello", "nsComment",
    "2.16.840.1.113730.1.13", "Netscape Comment" },
  { "subjectKeyIdentifier", FALSE, "01:02:03", "0403010203", "01:02:03",
    "subjectKeyIdentifier", "2.5.29.14", "X509v3 Subject Key Identifier" },
  { "policyConstraints", TRUE, "requireExplicitPolicy:3", "3003800103",
    "Require Explicit Policy:3", "policyConstraints", "2.5.29.36",
    "X509v3 Policy Constraints" },
  { "inhibitAnyPolicy", TRUE, "2", "020102", "2", "inhibitAnyPolicy", "2.5.29.54",
    "X509v3 Inhibit Any Policy" },
  { "nsCertType", FALSE, "server", "03020640", "SSL Server", "nsCertType",
    "2.16.840.1.113730.1.1", "Netscape Cert Type" },
  /* The type may be given by long name or dotted OID too. */
  { "X509v3 Basic Constraints", FALSE, "CA:TRUE", "30030101ff", "CA:TRUE", "basicConstraints",
    "2.5.29.19", "X509v3 Basic Constraints" },
  { "2.5.29.15", FALSE, "digitalSignature", "03020780", "Digital Signature", "keyUsage",
    "2.5.29.15", "X509v3 Key Usage" },
};

/* Every type from its config string: critical flag, names, DER and text. */
static void
test_config_types (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (config_cases); i++) {
    const ConfigCase *c = &config_cases[i];
    g_autoptr (PkiX509Extension) ext = NULL;

    g_test_message ("%s = %s", c->type, c->value);
    ext = ext_new_ok (c->type, c->critical, c->value, NULL, NULL);
    g_assert_cmpint (pki_x509_extension_get_critical (ext), ==, c->critical);
    assert_names (ext, c->sn, c->oid);
    assert_data (ext, c->data);
    assert_text (ext, c->text);

    /* new_from_der of the same value gives the same extension. */
    {
      g_autoptr (PkiX509Extension) from_der = ext_der_ok (c->oid, c->critical, c->data);
      assert_names (from_der, c->sn, c->oid);
      assert_data (from_der, c->data);
      assert_text (from_der, c->text);
    }
  }
}

/* The index of @c among the earlier cases of its type (0 for the first). */
static guint
occurrence (gsize index)
{
  guint n = 0;
  for (gsize j = 0; j < index; j++)
    if (strcmp (config_cases[j].sn, config_cases[index].sn) == 0)
      n++;
  return n;
}

/* Certificates carrying the extensions (one of each type per certificate):
 * `openssl x509 -text` prints what to_string gives, `openssl asn1parse`
 * shows the same DER, and the extensions read back from the certificate and
 * from the reloaded PEM are the same. */
static void
test_cli_config_types (void)
{
  g_autoptr (PkiPKey) key = make_key ();
  g_autoptr (ExtTmpdir) dir = pki_test_tmpdir ();
  gsize done = 0;

  for (guint round = 0; done < G_N_ELEMENTS (config_cases); round++) {
    g_autoptr (PkiX509) cert = make_base_cert (key, "extensions");
    g_autoptr (GPtrArray) exts = g_ptr_array_new_with_free_func (
      (GDestroyNotify) pki_x509_extension_unref);
    g_autoptr (GPtrArray) cases = g_ptr_array_new ();
    g_autoptr (GPtrArray) values = NULL;
    g_autoptr (GString) expected = g_string_new ("        X509v3 extensions:\n");
    g_autoptr (PkiX509) reloaded = NULL;
    g_autoptr (GBytes) pem = NULL;
    g_autoptr (GError) error = NULL;
    g_autofree gchar *path = NULL, *text = NULL;

    for (gsize i = 0; i < G_N_ELEMENTS (config_cases); i++) {
      const ConfigCase *c = &config_cases[i];
      if (occurrence (i) != round)
        continue;
      g_ptr_array_add (exts, ext_new_ok (c->type, c->critical, c->value, NULL, NULL));
      g_ptr_array_add (cases, (gpointer) c);
      append_cli_block (expected, c->long_name, c->critical, c->text);
      done++;
    }
    g_test_message ("round %u: %u extensions", round, exts->len);
    g_assert_cmpuint (exts->len, >, 0);
    add_exts (cert, (PkiX509Extension **) exts->pdata, exts->len);
    g_assert_cmpuint (pki_x509_get_extension_count (cert), ==, exts->len);
    sign_ok (cert, key);
    path = write_cert (dir, "cert.pem", cert);

    text = cli_extensions_text (path);
    g_assert_cmpstr (text, ==, expected->str);

    values = cli_extension_values (path);
    g_assert_cmpuint (values->len, ==, exts->len);
    pem = pki_test_read_file (path);
    reloaded = pki_x509_load (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), &error);
    g_assert_no_error (error);
    for (guint i = 0; i < exts->len; i++) {
      const ConfigCase *c = g_ptr_array_index (cases, i);
      g_autoptr (GBytes) data = pki_x509_extension_get_data (g_ptr_array_index (exts, i));
      g_autofree gchar *hex = plain_hex (data);
      g_autoptr (PkiX509Extension) back = pki_x509_get_extension (reloaded, i, &error);

      g_assert_cmpstr (g_ptr_array_index (values, i), ==, hex);
      g_assert_no_error (error);
      g_assert_cmpint (pki_x509_extension_get_critical (back), ==, c->critical);
      assert_names (back, c->sn, c->oid);
      assert_data (back, c->data);
      assert_text (back, c->text);
    }
  }
}

/* --- pyOpenSSL facts (README section 4) ------------------------------------ */

static void
test_pyopenssl_facts (void)
{
  g_autoptr (PkiX509Extension) bc_false = ext_new_ok ("basicConstraints", TRUE, "CA:false", NULL,
                                                      NULL);
  g_autoptr (PkiX509Extension) bc_true = ext_new_ok ("basicConstraints", TRUE, "CA:true", NULL,
                                                     NULL);
  g_autoptr (PkiX509Extension) ku = ext_new_ok ("keyUsage", FALSE, "digitalSignature", NULL, NULL);
  g_autoptr (PkiX509Extension) comment = ext_new_ok ("nsComment", FALSE, "pyOpenSSL unit test",
                                                     NULL, NULL);
  g_autofree gchar *sn_bc = NULL, *sn_comment = NULL;

  /* str(X509Extension(b"basicConstraints", True, b"CA:false")) == "CA:FALSE" */
  assert_text (bc_false, "CA:FALSE");
  g_assert_true (pki_x509_extension_get_critical (bc_false));
  assert_data (bc_true, "30 03 01 01 ff");
  assert_data (bc_false, "30 00");
  assert_data (ku, "03 02 07 80");
  g_assert_false (pki_x509_extension_get_critical (ku));
  sn_bc = pki_x509_extension_get_short_name (bc_true);
  sn_comment = pki_x509_extension_get_short_name (comment);
  g_assert_cmpstr (sn_bc, ==, "basicConstraints");
  g_assert_cmpstr (sn_comment, ==, "nsComment");
  assert_text (comment, "pyOpenSSL unit test");
}

/* Invalid extensions: unknown type, malformed value, missing context. */
static void
test_bad_config (void)
{
  static const struct {
    const char *type, *value;
    const char *reason; /* a substring of the message, or NULL */
  } cases[] = {
    /* pyOpenSSL's invalid cases */
    { "thisIsMadeUp", "hi", NULL },
    { "basicConstraints", "blah blah", "invalid name" },
    /* no subject / issuer certificate given */
    { "subjectKeyIdentifier", "hash", "no subject details" },
    { "authorityKeyIdentifier", "keyid:always,issuer:always", NULL },
    { "authorityKeyIdentifier", "keyid:always", NULL },
    { "authorityKeyIdentifier", "issuer:always", NULL },
    { "subjectAltName", "email:copy", "no subject details" },
    { "issuerAltName", "issuer:copy", NULL },
    /* config sections cannot be referred to */
    { "certificatePolicies", "@polsect", NULL },
    { "crlDistributionPoints", "@cdp", NULL },
    { "subjectAltName", "dirName:dir_sect", NULL },
    { "basicConstraints", "@bc", NULL },
    /* empty values */
    { "basicConstraints", "", NULL },
    { "keyUsage", "", NULL },
    { "extendedKeyUsage", "", NULL },
    { "subjectAltName", "", NULL },
    { "nsComment", "", NULL },
    { "crlDistributionPoints", "", NULL },
    { "certificatePolicies", "", NULL },
    { "subjectKeyIdentifier", "", NULL },
    /* malformed values */
    { "basicConstraints", "CA:TRUE,pathlen:x", NULL },
    { "basicConstraints", "CA:maybe", NULL },
    { "keyUsage", "notAUsage", NULL },
    { "keyUsage", "digitalSignature,,", NULL },
    { "extendedKeyUsage", "notAnOid", NULL },
    { "subjectAltName", "foo:bar", NULL },
    { "subjectAltName", "DNS", NULL },
    { "subjectAltName", "IP:999.1.1.1", NULL },
    { "subjectAltName", "IP:not an address", NULL },
    { "subjectAltName", "RID:not.an.oid", NULL },
    { "nameConstraints", "permitted;DNS", NULL },
    { "nameConstraints", "sometimes;DNS:.example.com", NULL },
    { "authorityInfoAccess", "notAMethod;URI:http://x/", NULL },
    { "authorityInfoAccess", "OCSP", NULL },
    { "subjectKeyIdentifier", "zz", NULL },
    /* unknown or empty type names */
    { "", "hi", NULL },
    { "1.2.3.4", "hi", NULL },
    { "basicconstraints", "CA:TRUE", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiX509Extension) ext = NULL;

    g_test_message ("%s = '%s'", cases[i].type, cases[i].value);
    ext = pki_x509_extension_new (cases[i].type, i % 2 == 0, cases[i].value, NULL, NULL, &error);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    g_assert_null (ext);
    g_assert_cmpstr (error->message, !=, "");
    if (cases[i].reason)
      g_assert_nonnull (strstr (error->message, cases[i].reason));
    pki_assert_queue_empty ();
  }
}

/* subjectKeyIdentifier "hash" and authorityKeyIdentifier with the
 * certificates they need; key ids agree with the CLI. */
static void
test_key_identifiers_context (void)
{
  g_autoptr (PkiPKey) key = make_key ();
  g_autoptr (PkiX509) ca = make_base_cert (key, "Yoda root CA");
  g_autoptr (PkiX509Extension) ski = NULL, aki = NULL, aki_full = NULL, aki_issuer = NULL;
  g_autoptr (GBytes) ski_id = NULL, aki_id = NULL, full_id = NULL;
  g_autoptr (ExtTmpdir) dir = pki_test_tmpdir ();
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = NULL, *cli = NULL, *expected = NULL, *colons = NULL;
  g_autofree gchar *aki_text = NULL, *full_text = NULL, *cli_text = NULL;
  g_autoptr (GString) expected_text = g_string_new ("        X509v3 extensions:\n");
  gsize len;

  ski = ext_new_ok ("subjectKeyIdentifier", FALSE, "hash", ca, NULL);
  ski_id = pki_x509_extension_get_key_identifier (ski, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (ski_id), ==, 20);
  {
    /* The extnValue is the OCTET STRING of the id. */
    g_autoptr (GBytes) data = pki_x509_extension_get_data (ski);
    const guint8 *p = g_bytes_get_data (data, &len);
    g_assert_cmpuint (len, ==, 22);
    g_assert_cmphex (p[0], ==, 0x04);
    g_assert_cmphex (p[1], ==, 20);
    g_assert_cmpmem (p + 2, 20, g_bytes_get_data (ski_id, NULL), 20);
  }
  add_exts (ca, &ski, 1);

  /* AKI keyid:always takes the issuer's SKI. */
  aki = ext_new_ok ("authorityKeyIdentifier", FALSE, "keyid:always", NULL, ca);
  aki_id = pki_x509_extension_get_key_identifier (aki, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (aki_id, ski_id));

  /* keyid:always,issuer:always adds the issuer's name and serial. */
  aki_full = ext_new_ok ("authorityKeyIdentifier", FALSE, "keyid:always,issuer:always", NULL, ca);
  full_id = pki_x509_extension_get_key_identifier (aki_full, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (full_id, ski_id));
  full_text = pki_x509_extension_to_string (aki_full, &len);
  g_assert_nonnull (strstr (full_text, "DirName:/CN=Yoda root CA"));
  g_assert_nonnull (strstr (full_text, "serial:12:34"));
  colons = colon_hex (ski_id);
  g_assert_nonnull (strstr (full_text, colons));

  /* issuer:always alone has no key id. */
  aki_issuer = ext_new_ok ("authorityKeyIdentifier", FALSE, "issuer:always", NULL, ca);
  {
    g_autoptr (GBytes) none = pki_x509_extension_get_key_identifier (aki_issuer, &error);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    g_assert_null (none);
    pki_assert_queue_empty ();
    g_clear_error (&error);
  }

  add_exts (ca, &aki_full, 1);
  sign_ok (ca, key);
  path = write_cert (dir, "ca.pem", ca);

  /* `openssl x509 -ext subjectKeyIdentifier` prints the same id. */
  cli = CLI_RUN ("x509", "-in", path, "-noout", "-ext", "subjectKeyIdentifier");
  expected = g_strdup_printf ("X509v3 Subject Key Identifier: \n    %s\n", colons);
  g_assert_cmpstr (cli, ==, expected);

  /* And the text of both, as `openssl x509 -text` prints it. */
  {
    g_autofree gchar *ski_text = pki_x509_extension_to_string (ski, &len);
    g_assert_cmpstr (ski_text, ==, colons);
    append_cli_block (expected_text, "X509v3 Subject Key Identifier", FALSE, ski_text);
    append_cli_block (expected_text, "X509v3 Authority Key Identifier", FALSE, full_text);
  }
  cli_text = cli_extensions_text (path);
  g_assert_cmpstr (cli_text, ==, expected_text->str);

  /* A text mention of the key id for the keyid-only AKI. */
  aki_text = pki_x509_extension_to_string (aki, &len);
  g_assert_nonnull (strstr (aki_text, colons));
  g_assert_null (strstr (aki_text, "DirName"));
}

/* --- extensions from DER ------------------------------------------------------- */

static void
test_from_der (void)
{
  g_autoptr (PkiX509Extension) unknown = ext_der_ok ("1.2.3.4", TRUE, "010203");
  g_autoptr (PkiX509Extension) not_der = ext_der_ok ("1.2.3.4", FALSE, "68656c6c6f");
  g_autoptr (PkiX509Extension) by_name = ext_der_ok ("basicConstraints", TRUE, "30030101ff");
  g_autoptr (PkiX509Extension) by_oid = ext_der_ok ("2.5.29.19", FALSE, "3000");
  g_autoptr (PkiX509Extension) by_long = ext_der_ok ("X509v3 Basic Constraints", FALSE, "3000");
  g_autoptr (PkiX509Extension) ber = ext_der_ok ("basicConstraints", FALSE, "3003010101");
  g_autoptr (PkiX509Extension) comment = ext_der_ok ("nsComment", FALSE, "160568656c6c6f");
  gboolean ca = FALSE;
  gint path_len = 99;
  g_autoptr (GError) error = NULL;

  /* Unknown OID: dotted names, the bytes as given, a hex dump as text. */
  g_assert_true (pki_x509_extension_get_critical (unknown));
  assert_names (unknown, "1.2.3.4", "1.2.3.4");
  assert_data (unknown, "010203");
  assert_text (unknown, "0000 - 01 02 03                                          ...\n");
  assert_names (not_der, "1.2.3.4", "1.2.3.4");
  assert_data (not_der, "68656c6c6f");
  assert_text (not_der, "0000 - 68 65 6c 6c 6f                                    hello\n");

  /* Known OIDs by short name, dotted OID or long name. */
  assert_names (by_name, "basicConstraints", "2.5.29.19");
  assert_text (by_name, "CA:TRUE");
  g_assert_true (pki_x509_extension_get_basic_constraints (by_name, &ca, &path_len, &error));
  g_assert_no_error (error);
  g_assert_true (ca);
  g_assert_cmpint (path_len, ==, -1);
  assert_names (by_oid, "basicConstraints", "2.5.29.19");
  g_assert_false (pki_x509_extension_get_critical (by_oid));
  assert_text (by_oid, "CA:FALSE");
  assert_names (by_long, "basicConstraints", "2.5.29.19");

  /* Stored as given: a BER TRUE (01) stays 01, and reads as CA:TRUE. */
  assert_data (ber, "3003010101");
  assert_text (ber, "CA:TRUE");
  g_assert_true (pki_x509_extension_get_basic_constraints (ber, &ca, &path_len, &error));
  g_assert_no_error (error);
  g_assert_true (ca);

  assert_names (comment, "nsComment", "2.16.840.1.113730.1.13");
  assert_text (comment, "hello");
  pki_assert_queue_empty ();
}

static void
test_from_der_bad (void)
{
  static const struct {
    const char *what, *oid, *hex;
  } cases[] = {
    { "basicConstraints: OCTET STRING", "basicConstraints", "0400" },
    { "basicConstraints: empty", "basicConstraints", "" },
    { "basicConstraints: truncated", "2.5.29.19", "30030101" },
    { "basicConstraints: garbage", "basicConstraints", "68656c6c6f" },
    { "keyUsage: a SEQUENCE", "keyUsage", "3000" },
    { "subjectAltName: truncated dirName", "subjectAltName", "300aa40830063104300206" },
    { "subjectAltName: garbage", "subjectAltName", "68656c6c6f" },
    { "extendedKeyUsage: INTEGER", "extendedKeyUsage", "020101" },
    { "subjectKeyIdentifier: SEQUENCE", "subjectKeyIdentifier", "3000" },
    { "invalid OID text", "not an oid", "010203" },
    { "invalid dotted OID", "1.2.x", "010203" },
    { "empty OID", "", "010203" },
    { "unknown name", "thisIsMadeUp", "010203" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GBytes) der = bytes_from_hex (cases[i].hex);
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiX509Extension) ext = NULL;

    g_test_message ("new_from_der: %s", cases[i].what);
    ext = pki_x509_extension_new_from_der (cases[i].oid, FALSE, PKI_BYTES_ARGS (der), &error);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    g_assert_null (ext);
    pki_assert_queue_empty ();
  }
}

/* --- typed getters ------------------------------------------------------------- */

typedef struct {
  PkiGeneralNameKind kind;
  const char *value;
  gsize len; /* 0: strlen (value) */
} GnExpect;

static void
assert_general_names (PkiX509Extension *ext, const GnExpect *expected, guint n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) names = pki_x509_extension_get_general_names (ext, &error);

  g_assert_no_error (error);
  g_assert_nonnull (names);
  pki_assert_queue_empty ();
  g_assert_cmpuint (names->len, ==, n);
  for (guint i = 0; i < n; i++) {
    PkiGeneralName *gn = g_ptr_array_index (names, i);
    gsize want_len = expected[i].len ? expected[i].len : strlen (expected[i].value);
    gsize len = 0;
    const char *value = pki_general_name_get_value (gn, &len);

    g_test_message ("general name %u: kind %d", i, expected[i].kind);
    g_assert_cmpint (pki_general_name_get_kind (gn), ==, expected[i].kind);
    g_assert_nonnull (value);
    g_assert_cmpmem (value, len, expected[i].value, want_len);
    g_assert_cmpint (value[len], ==, '\0');
  }
}

static void
test_general_names (void)
{
  static const GnExpect config_names[] = {
    { PKI_GENERAL_NAME_DNS, "a.example", 0 },
    { PKI_GENERAL_NAME_IP, "192.0.2.1", 0 },
    { PKI_GENERAL_NAME_IP, "2001:db8::1", 0 },
    { PKI_GENERAL_NAME_EMAIL, "x@example.org", 0 },
    { PKI_GENERAL_NAME_URI, "http://example.org/", 0 },
    { PKI_GENERAL_NAME_RID, "1.2.3.4", 0 },
    { PKI_GENERAL_NAME_DNS, "*.example.com", 0 },
  };
  /* directoryName CN=foo,C=US; an IP with a mask; an ediPartyName; an
   * x400Address. */
  static const char der_names[] =
    "3036"
    "a41d301b310b3009060355040613025553310c300a06035504030c03666f6f"
    "8708c0000200ffffff00"
    "a507a1050c03666f6f"
    "a3023000";
  g_autoptr (PkiX509Extension) san = ext_new_ok (
    "subjectAltName", FALSE,
    "DNS:a.example,IP:192.0.2.1,IP:2001:DB8:0:0:0:0:0:1,email:x@example.org,"
    "URI:http://example.org/,RID:1.2.3.4,DNS:*.example.com",
    NULL, NULL);
  g_autoptr (PkiX509Extension) ian = ext_new_ok ("issuerAltName", FALSE,
                                                 "email:ca@example.org,DNS:ca.example", NULL,
                                                 NULL);
  g_autoptr (PkiX509Extension) from_der = ext_der_ok ("subjectAltName", FALSE, der_names);
  g_autoptr (PkiX509Extension) other = ext_new_ok ("subjectAltName", FALSE,
                                                   "otherName:1.2.3.4;UTF8:hello", NULL, NULL);
  g_autoptr (GError) error = NULL;

  assert_general_names (san, config_names, G_N_ELEMENTS (config_names));
  {
    static const GnExpect ian_names[] = {
      { PKI_GENERAL_NAME_EMAIL, "ca@example.org", 0 },
      { PKI_GENERAL_NAME_DNS, "ca.example", 0 },
    };
    assert_general_names (ian, ian_names, G_N_ELEMENTS (ian_names));
  }

  /* directoryName as RFC 4514, the masked IP, then the kinds OpenSSL has no
   * text for. */
  {
    g_autoptr (GPtrArray) names = pki_x509_extension_get_general_names (from_der, &error);
    gsize len = 0;
    g_assert_no_error (error);
    g_assert_cmpuint (names->len, ==, 4);
    g_assert_cmpint (pki_general_name_get_kind (names->pdata[0]), ==, PKI_GENERAL_NAME_DIRNAME);
    g_assert_cmpstr (pki_general_name_get_value (names->pdata[0], &len), ==, "CN=foo,C=US");
    g_assert_cmpuint (len, ==, strlen ("CN=foo,C=US"));
    g_assert_cmpint (pki_general_name_get_kind (names->pdata[1]), ==, PKI_GENERAL_NAME_IP);
    g_assert_cmpstr (pki_general_name_get_value (names->pdata[1], NULL), ==,
                     "192.0.2.0/255.255.255.0");
    g_assert_cmpint (pki_general_name_get_kind (names->pdata[2]), ==, PKI_GENERAL_NAME_EDIPARTY);
    g_assert_nonnull (pki_general_name_get_value (names->pdata[2], NULL));
    g_assert_cmpint (pki_general_name_get_kind (names->pdata[3]), ==, PKI_GENERAL_NAME_X400);
    g_assert_nonnull (pki_general_name_get_value (names->pdata[3], NULL));
    pki_assert_queue_empty ();
  }

  /* otherName: "oid;" + hex of the DER value (UTF8String "hello"). */
  {
    g_autoptr (GPtrArray) names = pki_x509_extension_get_general_names (other, &error);
    const char *value;
    g_assert_no_error (error);
    g_assert_cmpuint (names->len, ==, 1);
    g_assert_cmpint (pki_general_name_get_kind (names->pdata[0]), ==, PKI_GENERAL_NAME_OTHER);
    value = pki_general_name_get_value (names->pdata[0], NULL);
    g_assert_cmpint (g_ascii_strcasecmp (value, "1.2.3.4;0c0568656c6c6f"), ==, 0);
  }

  /* The names outlive the extension and the array. */
  {
    g_autoptr (PkiGeneralName) kept = NULL;
    {
      g_autoptr (PkiX509Extension) tmp = ext_new_ok ("subjectAltName", FALSE, "DNS:kept.example",
                                                     NULL, NULL);
      g_autoptr (GPtrArray) names = pki_x509_extension_get_general_names (tmp, &error);
      g_assert_no_error (error);
      kept = pki_general_name_ref (names->pdata[0]);
    }
    g_assert_cmpstr (pki_general_name_get_value (kept, NULL), ==, "kept.example");
    g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_GENERAL_NAME));
  }
}

/* IP addresses: dotted quad, and IPv6 in lower-case compressed form (RFC 5952). */
static void
test_general_names_ip (void)
{
  static const struct {
    const char *config, *text;
  } cases[] = {
    { "IP:10.0.0.1", "10.0.0.1" },
    { "IP:0.0.0.0", "0.0.0.0" },
    { "IP:255.255.255.255", "255.255.255.255" },
    { "IP:2001:DB8:0:0:0:0:0:1", "2001:db8::1" },
    { "IP:::1", "::1" },
    { "IP:::", "::" },
    { "IP:2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },
    { "IP:2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1" },
    { "IP:2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" },
    { "IP:FE80:0:0:0:0:0:0:ABCD", "fe80::abcd" },
    { "IP:2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6" },
    { "IP:2001:db8::", "2001:db8::" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiX509Extension) ext = ext_new_ok ("subjectAltName", FALSE, cases[i].config,
                                                   NULL, NULL);
    GnExpect expected = { PKI_GENERAL_NAME_IP, cases[i].text, 0 };
    g_test_message ("%s", cases[i].config);
    assert_general_names (ext, &expected, 1);
  }
}

/* CPython's NUL-byte certificate: SAN values keep their NULs, and the text
 * is pyOpenSSL's. */
static void
test_nulbyte_san (void)
{
  static const char text[] =
    "DNS:altnull.python.org\0example.com, email:null@python.org\0user@example.org, "
    "URI:http://null.python.org\0http://example.org, IP Address:192.0.2.1, "
    "IP Address:2001:DB8:0:0:0:0:0:1";
  static const GnExpect names[] = {
    { PKI_GENERAL_NAME_DNS, "altnull.python.org\0example.com", 30 },
    { PKI_GENERAL_NAME_EMAIL, "null@python.org\0user@example.org", 32 },
    { PKI_GENERAL_NAME_URI, "http://null.python.org\0http://example.org", 41 },
    { PKI_GENERAL_NAME_IP, "192.0.2.1", 0 },
    { PKI_GENERAL_NAME_IP, "2001:db8::1", 0 },
  };
  static const char *const sns[] = { "basicConstraints", "subjectKeyIdentifier", "keyUsage",
                                     "subjectAltName" };
  g_autoptr (PkiX509) cert = vector_cert ("nulbyte_san_cert.pem");
  g_autoptr (PkiX509Extension) san = NULL;

  if (cert == NULL)
    return;
  g_assert_cmpuint (pki_x509_get_extension_count (cert), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (sns); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiX509Extension) ext = pki_x509_get_extension (cert, i, &error);
    g_autofree gchar *sn = NULL;
    g_assert_no_error (error);
    sn = pki_x509_extension_get_short_name (ext);
    g_assert_cmpstr (sn, ==, sns[i]);
    g_assert_cmpint (pki_x509_extension_get_critical (ext), ==, i == 0);
  }

  san = cert_ext (cert, "subjectAltName");
  assert_text_len (san, text, sizeof text - 1);
  assert_general_names (san, names, G_N_ELEMENTS (names));
  assert_data (san, "308185821E616C746E756C6C2E707974686F6E2E6F7267006578616D706C652E636F6D81206E"
                    "756C6C40707974686F6E2E6F72670075736572406578616D706C652E6F72678629687474703A"
                    "2F2F6E756C6C2E707974686F6E2E6F726700687474703A2F2F6578616D706C652E6F72678704"
                    "C0000201871020010DB8000000000000000000000001");
}

static void
test_basic_constraints (void)
{
  static const struct {
    const char *value;
    gboolean ca;
    gint path_len;
  } cases[] = {
    { "CA:TRUE", TRUE, -1 },
    { "CA:FALSE", FALSE, -1 },
    { "CA:TRUE,pathlen:0", TRUE, 0 },
    { "CA:TRUE,pathlen:3", TRUE, 3 },
    { "CA:TRUE,pathlen:200", TRUE, 200 },
  };
  static const struct {
    const char *file;
    gboolean critical, ca;
  } certs[] = {
    { "root_cert.pem", FALSE, TRUE },
    { "intermediate_cert.pem", TRUE, TRUE },
    { "ec_root_cert_p384.pem", TRUE, TRUE },
    { "nulbyte_san_cert.pem", TRUE, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiX509Extension) ext = ext_new_ok ("basicConstraints", TRUE, cases[i].value,
                                                   NULL, NULL);
    g_autoptr (GError) error = NULL;
    gboolean ca = !cases[i].ca;
    gint path_len = -7;

    g_test_message ("%s", cases[i].value);
    g_assert_true (pki_x509_extension_get_basic_constraints (ext, &ca, &path_len, &error));
    g_assert_no_error (error);
    g_assert_cmpint (ca, ==, cases[i].ca);
    g_assert_cmpint (path_len, ==, cases[i].path_len);
    pki_assert_queue_empty ();
  }

  for (gsize i = 0; i < G_N_ELEMENTS (certs); i++) {
    g_autoptr (PkiX509) cert = vector_cert (certs[i].file);
    g_autoptr (PkiX509Extension) ext = NULL;
    g_autoptr (GError) error = NULL;
    gboolean ca = !certs[i].ca;
    gint path_len = -7;

    if (cert == NULL)
      return;
    g_test_message ("%s", certs[i].file);
    ext = cert_ext (cert, "basicConstraints");
    g_assert_cmpint (pki_x509_extension_get_critical (ext), ==, certs[i].critical);
    g_assert_true (pki_x509_extension_get_basic_constraints (ext, &ca, &path_len, &error));
    g_assert_no_error (error);
    g_assert_cmpint (ca, ==, certs[i].ca);
    g_assert_cmpint (path_len, ==, -1);
  }
  /* README section 2: intermediate's basicConstraints data. */
  {
    g_autoptr (PkiX509) inter = vector_cert ("intermediate_cert.pem");
    g_autoptr (PkiX509Extension) ext = cert_ext (inter, "2.5.29.19");
    assert_data (ext, "30 03 01 01 ff");
  }
}

static void
test_key_usage (void)
{
  static const struct {
    const char *value;
    guint flags;
  } cases[] = {
    { "digitalSignature", PKI_KEY_USAGE_DIGITAL_SIGNATURE },
    { "nonRepudiation", PKI_KEY_USAGE_NON_REPUDIATION },
    { "keyEncipherment", PKI_KEY_USAGE_KEY_ENCIPHERMENT },
    { "dataEncipherment", PKI_KEY_USAGE_DATA_ENCIPHERMENT },
    { "keyAgreement", PKI_KEY_USAGE_KEY_AGREEMENT },
    { "keyCertSign", PKI_KEY_USAGE_KEY_CERT_SIGN },
    { "cRLSign", PKI_KEY_USAGE_CRL_SIGN },
    { "keyAgreement,encipherOnly", PKI_KEY_USAGE_KEY_AGREEMENT | PKI_KEY_USAGE_ENCIPHER_ONLY },
    { "keyAgreement,decipherOnly", PKI_KEY_USAGE_KEY_AGREEMENT | PKI_KEY_USAGE_DECIPHER_ONLY },
    { "digitalSignature,keyCertSign,cRLSign", PKI_KEY_USAGE_DIGITAL_SIGNATURE |
                                                PKI_KEY_USAGE_KEY_CERT_SIGN |
                                                PKI_KEY_USAGE_CRL_SIGN },
    { "digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,keyAgreement,"
      "keyCertSign,cRLSign,encipherOnly,decipherOnly", 0x1ff },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiX509Extension) ext = ext_new_ok ("keyUsage", TRUE, cases[i].value, NULL, NULL);
    g_autoptr (GError) error = NULL;
    PkiKeyUsage usage = 0;

    g_test_message ("%s", cases[i].value);
    g_assert_true (pki_x509_extension_get_key_usage (ext, &usage, &error));
    g_assert_no_error (error);
    g_assert_cmphex (usage, ==, cases[i].flags);
    pki_assert_queue_empty ();
  }

  /* The NUL-byte certificate: 03 02 05 e0. */
  {
    g_autoptr (PkiX509) cert = vector_cert ("nulbyte_san_cert.pem");
    g_autoptr (PkiX509Extension) ext = NULL;
    g_autoptr (GError) error = NULL;
    PkiKeyUsage usage = 0;

    if (cert == NULL)
      return;
    ext = cert_ext (cert, "keyUsage");
    assert_data (ext, "030205e0");
    g_assert_true (pki_x509_extension_get_key_usage (ext, &usage, &error));
    g_assert_no_error (error);
    g_assert_cmphex (usage, ==, PKI_KEY_USAGE_DIGITAL_SIGNATURE | PKI_KEY_USAGE_NON_REPUDIATION |
                                  PKI_KEY_USAGE_KEY_ENCIPHERMENT);
    assert_text (ext, "Digital Signature, Non Repudiation, Key Encipherment");
  }
}

static void
test_extended_key_usage (void)
{
  static const struct {
    const char *value;
    const char *oids[6];
  } cases[] = {
    { "serverAuth", { "1.3.6.1.5.5.7.3.1" } },
    { "clientAuth", { "1.3.6.1.5.5.7.3.2" } },
    { "serverAuth,clientAuth,codeSigning,emailProtection,1.2.3.4",
      { "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.3", "1.3.6.1.5.5.7.3.4",
        "1.2.3.4" } },
    { "OCSPSigning,timeStamping", { "1.3.6.1.5.5.7.3.9", "1.3.6.1.5.5.7.3.8" } },
  };
  static const struct {
    const char *file, *oid;
  } certs[] = {
    { "server_cert.pem", "1.3.6.1.5.5.7.3.1" },
    { "client_cert.pem", "1.3.6.1.5.5.7.3.2" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiX509Extension) ext = ext_new_ok ("extendedKeyUsage", FALSE, cases[i].value,
                                                   NULL, NULL);
    g_autoptr (GError) error = NULL;
    g_auto (GStrv) oids = pki_x509_extension_get_extended_key_usage (ext, &error);
    guint n = 0;

    g_test_message ("%s", cases[i].value);
    g_assert_no_error (error);
    g_assert_nonnull (oids);
    while (cases[i].oids[n] != NULL)
      n++;
    g_assert_cmpuint (g_strv_length (oids), ==, n);
    for (guint j = 0; j < n; j++)
      g_assert_cmpstr (oids[j], ==, cases[i].oids[j]);
    pki_assert_queue_empty ();
  }

  for (gsize i = 0; i < G_N_ELEMENTS (certs); i++) {
    g_autoptr (PkiX509) cert = vector_cert (certs[i].file);
    g_autoptr (PkiX509Extension) ext = NULL;
    g_autoptr (GError) error = NULL;
    g_auto (GStrv) oids = NULL;

    if (cert == NULL)
      return;
    ext = cert_ext (cert, "extendedKeyUsage");
    oids = pki_x509_extension_get_extended_key_usage (ext, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (oids), ==, 1);
    g_assert_cmpstr (oids[0], ==, certs[i].oid);
  }
}

/* Key ids: explicit SKI, the vector certificates' SKI (agreeing with the
 * CLI) and AKI keyid (root's AKI keyid is its own SKI). */
static void
test_key_identifier (void)
{
  static const char *const files[] = { "root_cert.pem", "server_cert.pem", "client_cert.pem",
                                       "nulbyte_san_cert.pem", "ec_root_cert_p384.pem" };
  g_autoptr (PkiX509Extension) explicit_ski = ext_new_ok ("subjectKeyIdentifier", FALSE,
                                                          "01:02:03", NULL, NULL);
  g_autoptr (PkiX509Extension) aki = ext_der_ok ("authorityKeyIdentifier", FALSE,
                                                 "30058003010203");
  g_autoptr (PkiX509Extension) aki_empty = ext_der_ok ("authorityKeyIdentifier", FALSE, "3000");
  g_autoptr (GError) error = NULL;

  {
    g_autoptr (GBytes) id = pki_x509_extension_get_key_identifier (explicit_ski, &error);
    g_assert_no_error (error);
    assert_bytes_hex (id, "010203");
  }
  {
    g_autoptr (GBytes) id = pki_x509_extension_get_key_identifier (aki, &error);
    g_assert_no_error (error);
    assert_bytes_hex (id, "010203");
  }
  {
    g_autoptr (GBytes) id = pki_x509_extension_get_key_identifier (aki_empty, &error);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    g_assert_null (id);
    pki_assert_queue_empty ();
    g_clear_error (&error);
  }

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree gchar *path = vector_path (files[i]);
    g_autoptr (PkiX509) cert = NULL;
    g_autoptr (PkiX509Extension) ski = NULL;
    g_autoptr (GBytes) id = NULL;
    g_autofree gchar *colons = NULL, *cli = NULL, *expected = NULL;

    if (path == NULL)
      return;
    g_test_message ("%s", files[i]);
    cert = vector_cert (files[i]);
    ski = cert_ext (cert, "subjectKeyIdentifier");
    id = pki_x509_extension_get_key_identifier (ski, &error);
    g_assert_no_error (error);
    colons = colon_hex (id);
    cli = CLI_RUN ("x509", "-in", path, "-noout", "-ext", "subjectKeyIdentifier");
    expected = g_strdup_printf ("X509v3 Subject Key Identifier: \n    %s\n", colons);
    g_assert_cmpstr (cli, ==, expected);
    assert_text (ski, colons);
  }

  /* The NUL-byte certificate's SKI, and root's AKI keyid = its SKI. */
  {
    g_autoptr (PkiX509) nul = vector_cert ("nulbyte_san_cert.pem");
    g_autoptr (PkiX509Extension) ski = cert_ext (nul, "2.5.29.14");
    g_autoptr (GBytes) id = pki_x509_extension_get_key_identifier (ski, &error);
    g_assert_no_error (error);
    assert_bytes_hex (id, "88:5A:55:C0:52:FF:61:CD:52:A3:35:0F:EA:5A:9C:24:38:22:F7:5C");
  }
  {
    g_autoptr (PkiX509) root = vector_cert ("root_cert.pem");
    g_autoptr (PkiX509Extension) ski = cert_ext (root, "subjectKeyIdentifier");
    g_autoptr (PkiX509Extension) root_aki = cert_ext (root, "authorityKeyIdentifier");
    g_autoptr (GBytes) ski_id = pki_x509_extension_get_key_identifier (ski, &error);
    g_autoptr (GBytes) aki_id = pki_x509_extension_get_key_identifier (root_aki, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (ski_id, aki_id));
  }
}

/* Every typed getter refuses an extension of another type, and an
 * extension type no getter knows. */
static void
test_typed_getters_wrong_type (void)
{
  static const struct {
    const char *type, *value;
  } exts[] = {
    { "basicConstraints", "CA:TRUE" },
    { "keyUsage", "digitalSignature" },
    { "extendedKeyUsage", "serverAuth" },
    { "subjectAltName", "DNS:a.example" },
    { "subjectKeyIdentifier", "01:02" },
    { "nsComment", "hello" },
    { "crlDistributionPoints", "URI:http://crl.example.org/" },
  };
  /* Which getters accept which short name. */
  const char *gn_ok = "subjectAltName", *bc_ok = "basicConstraints", *ku_ok = "keyUsage",
             *eku_ok = "extendedKeyUsage", *kid_ok = "subjectKeyIdentifier";
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pki_x509_extension_unref);

  for (gsize i = 0; i < G_N_ELEMENTS (exts); i++)
    g_ptr_array_add (all, ext_new_ok (exts[i].type, FALSE, exts[i].value, NULL, NULL));
  g_ptr_array_add (all, ext_der_ok ("1.2.3.4", FALSE, "3000"));

  for (guint i = 0; i < all->len; i++) {
    PkiX509Extension *ext = g_ptr_array_index (all, i);
    g_autofree gchar *sn = pki_x509_extension_get_short_name (ext);
    g_autoptr (GError) error = NULL;
    gboolean ca = FALSE;
    gint path_len = 0;
    PkiKeyUsage usage = 0;

    g_test_message ("%s", sn);
    if (strcmp (sn, gn_ok) != 0) {
      g_autoptr (GPtrArray) names = pki_x509_extension_get_general_names (ext, &error);
      g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
      g_assert_null (names);
      pki_assert_queue_empty ();
      g_clear_error (&error);
    }
    if (strcmp (sn, bc_ok) != 0) {
      g_assert_false (pki_x509_extension_get_basic_constraints (ext, &ca, &path_len, &error));
      g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
      pki_assert_queue_empty ();
      g_clear_error (&error);
    }
    if (strcmp (sn, ku_ok) != 0) {
      g_assert_false (pki_x509_extension_get_key_usage (ext, &usage, &error));
      g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
      pki_assert_queue_empty ();
      g_clear_error (&error);
    }
    if (strcmp (sn, eku_ok) != 0) {
      g_auto (GStrv) oids = pki_x509_extension_get_extended_key_usage (ext, &error);
      g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
      g_assert_null (oids);
      pki_assert_queue_empty ();
      g_clear_error (&error);
    }
    if (strcmp (sn, kid_ok) != 0) {
      g_autoptr (GBytes) id = pki_x509_extension_get_key_identifier (ext, &error);
      g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
      g_assert_null (id);
      pki_assert_queue_empty ();
      g_clear_error (&error);
    }
  }
}

/* --- extensions of loaded certificates ------------------------------------ */

/* README section 2: root's extensions and their order; get_extension hands
 * out independent copies. */
static void
test_certificate_extensions (void)
{
  static const char *const root_sns[] = { "subjectKeyIdentifier", "authorityKeyIdentifier",
                                           "basicConstraints" };
  PkiX509 *root = vector_cert ("root_cert.pem");
  g_autoptr (PkiX509Extension) first = NULL, second = NULL, bc = NULL;
  g_autoptr (GError) error = NULL;

  if (root == NULL)
    return;
  g_assert_cmpuint (pki_x509_get_extension_count (root), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (root_sns); i++) {
    g_autoptr (PkiX509Extension) ext = pki_x509_get_extension (root, i, &error);
    g_autofree gchar *sn = NULL;
    g_assert_no_error (error);
    sn = pki_x509_extension_get_short_name (ext);
    g_assert_cmpstr (sn, ==, root_sns[i]);
    g_assert_false (pki_x509_extension_get_critical (ext));
  }
  first = pki_x509_get_extension (root, 2, &error);
  second = pki_x509_get_extension (root, 2, &error);
  g_assert_no_error (error);
  g_assert_true (first != second);
  {
    g_autoptr (GBytes) a = pki_x509_extension_get_data (first);
    g_autoptr (GBytes) b = pki_x509_extension_get_data (second);
    g_assert_true (g_bytes_equal (a, b));
  }
  bc = cert_ext (root, "basicConstraints");
  pki_x509_unref (root);
  /* Still valid after the certificate is gone. */
  assert_text (bc, "CA:TRUE");
  assert_data (first, "30030101ff");
}

/* An unknown extension put in a certificate survives as given: asn1parse
 * shows its OID and bytes. */
static void
test_cli_unknown (void)
{
  g_autoptr (PkiPKey) key = make_key ();
  g_autoptr (PkiX509) cert = make_base_cert (key, "unknown");
  g_autoptr (PkiX509Extension) ext = ext_der_ok ("1.2.3.4", TRUE, "30030101ff");
  g_autoptr (ExtTmpdir) dir = pki_test_tmpdir ();
  g_autoptr (GPtrArray) values = NULL;
  g_autofree gchar *path = NULL, *asn1 = NULL;

  add_exts (cert, &ext, 1);
  sign_ok (cert, key);
  path = write_cert (dir, "unknown.pem", cert);
  values = cli_extension_values (path);
  g_assert_cmpuint (values->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (values, 0), ==, "30030101FF");
  asn1 = CLI_RUN ("asn1parse", "-in", path);
  g_assert_nonnull (strstr (asn1, "prim: OBJECT            :1.2.3.4\n"));
  assert_text (ext, "0000 - 30 03 01 01 ff                                    0....\n");
}

/* --- types, refcounts, programmer errors ------------------------------------ */

static void
test_boxed_types (void)
{
  g_autoptr (PkiX509Extension) ext = ext_new_ok ("nsComment", FALSE, "boxed", NULL, NULL);
  PkiX509Extension *ref = pki_x509_extension_ref (ext);
  PkiX509Extension *boxed;
  GEnumClass *kinds;

  g_assert_true (ref == ext);
  pki_x509_extension_unref (ref);
  pki_x509_extension_unref (NULL);
  pki_general_name_unref (NULL);

  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_X509_EXTENSION));
  g_assert_cmpstr (g_type_name (PKI_TYPE_X509_EXTENSION), ==, "PkiX509Extension");
  g_assert_cmpstr (g_type_name (PKI_TYPE_GENERAL_NAME), ==, "PkiGeneralName");
  boxed = g_boxed_copy (PKI_TYPE_X509_EXTENSION, ext);
  assert_text (boxed, "boxed");
  g_boxed_free (PKI_TYPE_X509_EXTENSION, boxed);

  g_assert_true (G_TYPE_IS_ENUM (PKI_TYPE_GENERAL_NAME_KIND));
  kinds = g_type_class_ref (PKI_TYPE_GENERAL_NAME_KIND);
  g_assert_cmpuint (kinds->n_values, ==, 9);
  g_assert_nonnull (g_enum_get_value (kinds, PKI_GENERAL_NAME_RID));
  g_type_class_unref (kinds);
  g_assert_true (G_TYPE_IS_FLAGS (PKI_TYPE_KEY_USAGE) || G_TYPE_IS_ENUM (PKI_TYPE_KEY_USAGE));
}

static guint criticals;

static gboolean
count_criticals (G_GNUC_UNUSED const gchar *domain, GLogLevelFlags level, const gchar *message,
                 G_GNUC_UNUSED gpointer data)
{
  if ((level & G_LOG_LEVEL_CRITICAL) && strstr (message, "assertion") != NULL) {
    criticals++;
    return FALSE; /* not fatal */
  }
  return TRUE;
}

/* NULL objects are g_return_val_if_fail criticals, not GErrors or crashes. */
static void
test_null_objects (void)
{
  g_autoptr (GError) error = NULL;
  gboolean ca;
  gint path_len;
  PkiKeyUsage usage;
  gsize len;

  criticals = 0;
  g_test_log_set_fatal_handler (count_criticals, NULL);
  g_assert_null (pki_x509_extension_get_short_name (NULL));
  g_assert_null (pki_x509_extension_get_data (NULL));
  g_assert_null (pki_x509_extension_to_string (NULL, &len));
  g_assert_null (pki_x509_extension_get_general_names (NULL, &error));
  g_assert_false (pki_x509_extension_get_basic_constraints (NULL, &ca, &path_len, &error));
  g_assert_false (pki_x509_extension_get_key_usage (NULL, &usage, &error));
  g_assert_null (pki_general_name_get_value (NULL, &len));
  g_assert_no_error (error);
  g_assert_cmpuint (criticals, ==, 7);
  g_test_log_set_fatal_handler (NULL, NULL);
  pki_assert_queue_empty ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/x509-extension/config-types", test_config_types);
  g_test_add_func ("/x509-extension/cli/config-types", test_cli_config_types);
  g_test_add_func ("/x509-extension/pyopenssl/facts", test_pyopenssl_facts);
  g_test_add_func ("/x509-extension/bad-config", test_bad_config);
  g_test_add_func ("/x509-extension/key-identifiers-context", test_key_identifiers_context);
  g_test_add_func ("/x509-extension/from-der", test_from_der);
  g_test_add_func ("/x509-extension/from-der/bad", test_from_der_bad);
  g_test_add_func ("/x509-extension/general-names", test_general_names);
  g_test_add_func ("/x509-extension/general-names/ip", test_general_names_ip);
  g_test_add_func ("/x509-extension/pyopenssl/nulbyte-san", test_nulbyte_san);
  g_test_add_func ("/x509-extension/basic-constraints", test_basic_constraints);
  g_test_add_func ("/x509-extension/key-usage", test_key_usage);
  g_test_add_func ("/x509-extension/extended-key-usage", test_extended_key_usage);
  g_test_add_func ("/x509-extension/key-identifier", test_key_identifier);
  g_test_add_func ("/x509-extension/typed-getters-wrong-type", test_typed_getters_wrong_type);
  g_test_add_func ("/x509-extension/certificate-extensions", test_certificate_extensions);
  g_test_add_func ("/x509-extension/cli/unknown", test_cli_unknown);
  g_test_add_func ("/x509-extension/boxed-types", test_boxed_types);
  g_test_add_func ("/x509-extension/null-objects", test_null_objects);

  return g_test_run ();
}
