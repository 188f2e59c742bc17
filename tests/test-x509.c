/* Tests for PkiX509 (pyOpenSSL's X509): loading and dumping, every field
 * getter and setter, validity times (strings, GDateTime, RFC 5280 encoding),
 * extensions, signing and verification, the pyOpenSSL certificate facts of
 * ../shared/pyopenssl-vectors (README sections 2 and 6) and interop with the
 * `openssl` CLI both ways.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

/* A temporary directory removed with its files at scope exit. */
typedef gchar X509Tmpdir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509Tmpdir, pki_test_tmpdir_free)


#define PEM_HEADER "-----BEGIN CERTIFICATE-----\n"
#define PEM_FOOTER "-----END CERTIFICATE-----\n"

/* An error in PKI_ERROR with @code and a message, and nothing left queued. */
#define assert_pki_error(err, code)                                           \
  G_STMT_START {                                                              \
    g_assert_error ((err), PKI_ERROR, (code));                                \
    g_assert_nonnull ((err)->message);                                        \
    g_assert_cmpstr ((err)->message, !=, "");                                 \
    pki_assert_queue_empty ();                                                \
  } G_STMT_END

/* --- helpers ------------------------------------------------------------- */

/* The path of a pyOpenSSL vector, or NULL (test skipped) when absent. */
static gchar *
vector_path (const char *name)
{
  g_autofree gchar *dir = pki_test_shared_dir ("pyopenssl-vectors");
  if (dir == NULL) {
    g_test_skip ("../shared/pyopenssl-vectors is absent");
    return NULL;
  }
  return g_build_filename (dir, name, NULL);
}

static PkiX509 *
load_ok (PkiFiletype type, const guint8 *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  PkiX509 *cert = pki_x509_load (type, data, len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cert);
  pki_assert_queue_empty ();
  return cert;
}

static void
load_fails (PkiFiletype type, const guint8 *data, gsize len, gint code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509) cert = pki_x509_load (type, data, len, &error);
  assert_pki_error (error, code);
  g_assert_null (cert);
}

/* A PEM certificate vector, or NULL (test skipped) when the vectors are absent. */
static PkiX509 *
vector_cert (const char *name)
{
  g_autoptr (GBytes) pem = pki_test_vector (name);
  if (pem == NULL)
    return NULL;
  return load_ok (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem));
}

static PkiPKey *
vector_key (const char *name)
{
  g_autoptr (GBytes) pem = pki_test_vector (name);
  g_autoptr (GError) error = NULL;
  PkiPKey *key;

  if (pem == NULL)
    return NULL;
  key = pki_pkey_load_private (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  pki_assert_queue_empty ();
  return key;
}

static GBytes *
dump_ok (PkiX509 *cert, PkiFiletype type)
{
  g_autoptr (GError) error = NULL;
  GBytes *out = pki_x509_dump (cert, type, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_assert_cmpuint (g_bytes_get_size (out), >, 0);
  pki_assert_queue_empty ();
  return out;
}

static void
assert_bytes_str (GBytes *b, const char *expected)
{
  g_assert_nonnull (b);
  g_assert_cmpmem (g_bytes_get_data (b, NULL), g_bytes_get_size (b), expected, strlen (expected));
}

/* A copy of @b cut to @len bytes. */
static GBytes *
bytes_head (GBytes *b, gsize len)
{
  g_assert_cmpuint (len, <=, g_bytes_get_size (b));
  return g_bytes_new (g_bytes_get_data (b, NULL), len);
}

/* The concatenation of the NULL-terminated list of byte blocks. */
static GBytes *
bytes_join (GBytes *first, ...)
{
  GByteArray *arr = g_byte_array_new ();
  va_list ap;

  va_start (ap, first);
  for (GBytes *b = first; b != NULL; b = va_arg (ap, GBytes *))
    g_byte_array_append (arr, g_bytes_get_data (b, NULL), (guint) g_bytes_get_size (b));
  va_end (ap);
  return g_byte_array_free_to_bytes (arr);
}

static void
assert_serial (PkiX509 *cert, const char *expected)
{
  g_autofree gchar *serial = pki_x509_get_serial (cert);
  g_assert_cmpstr (serial, ==, expected);
  pki_assert_queue_empty ();
}

static void
set_serial_ok (PkiX509 *cert, const char *hex)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (pki_x509_set_serial (cert, hex, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
}

static void
assert_digest (PkiX509 *cert, const char *name, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *digest = pki_x509_digest (cert, name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (digest, ==, expected);
  pki_assert_queue_empty ();
}

static void
assert_not_before (PkiX509 *cert, const char *expected)
{
  g_autofree gchar *s = pki_x509_get_not_before_string (cert);
  g_assert_cmpstr (s, ==, expected);
  pki_assert_queue_empty ();
}

static void
assert_not_after (PkiX509 *cert, const char *expected)
{
  g_autofree gchar *s = pki_x509_get_not_after_string (cert);
  g_assert_cmpstr (s, ==, expected);
  pki_assert_queue_empty ();
}

static void
assert_sigalg (PkiX509 *cert, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *alg = pki_x509_get_signature_algorithm (cert, &error);
  if (expected == NULL) {
    assert_pki_error (error, PKI_ERROR_UNSUPPORTED);
    g_assert_null (alg);
  } else {
    g_assert_no_error (error);
    g_assert_cmpstr (alg, ==, expected);
  }
  pki_assert_queue_empty ();
}

static gboolean
has_expired_ok (PkiX509 *cert)
{
  g_autoptr (GError) error = NULL;
  gboolean expired = pki_x509_has_expired (cert, &error);
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  return expired;
}

static PkiX509Extension *
extension_ok (const char *type, gboolean critical, const char *value, PkiX509 *subject)
{
  g_autoptr (GError) error = NULL;
  PkiX509Extension *ext = pki_x509_extension_new (type, critical, value, subject, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ext);
  pki_assert_queue_empty ();
  return ext;
}

static gchar *
extension_text (PkiX509Extension *ext)
{
  gsize len = 0;
  gchar *text = pki_x509_extension_to_string (ext, &len);
  g_assert_nonnull (text);
  g_assert_cmpuint (len, ==, strlen (text));
  pki_assert_queue_empty ();
  return text;
}

/* "A, B, C": the entries of a name in encoded order, as the openssl CLI of
 * OpenSSL 3 prints them by default ("CN = x, O = y"). */
static gchar *
name_cli_form (PkiX509Name *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) comps = pki_x509_name_get_components (name, &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < comps->len; i++) {
    gchar **pair = g_ptr_array_index (comps, i);
    g_string_append_printf (s, "%s%s = %s", i ? ", " : "", pair[0], pair[1]);
  }
  return g_string_free (s, FALSE);
}

/* The components of @name, as "F=V|F=V|...", in encoded order. */
static gchar *
name_components (PkiX509Name *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) comps = pki_x509_name_get_components (name, &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (comps);
  for (guint i = 0; i < comps->len; i++) {
    gchar **pair = g_ptr_array_index (comps, i);
    g_assert_cmpuint (g_strv_length (pair), ==, 2);
    g_string_append_printf (s, "%s%s=%s", i ? "|" : "", pair[0], pair[1]);
  }
  pki_assert_queue_empty ();
  return g_string_free (s, FALSE);
}

static gchar *
subject_components (PkiX509 *cert)
{
  g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
  return name_components (subject);
}

static gchar *
subject_entry (PkiX509 *cert, const char *field)
{
  g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
  g_autoptr (GError) error = NULL;
  gchar *value = pki_x509_name_get_entry (subject, field, NULL, &error);
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  return value;
}

/* Runs `openssl argv...`, asserting success, and returns its stdout. */
static GBytes *
cli_ok (const char *const *argv)
{
  g_autofree gchar *err = NULL;
  GBytes *out = pki_test_openssl (&err, argv);
  if (out == NULL)
    g_error ("openssl %s failed: %s", argv[0], err);
  return out;
}

/* Runs `openssl argv... -out DIR/cli.out` and returns the whole file, so
 * binary output (DER, text with NULs) comes back intact. */
static GBytes *
cli_file (const char *dir, const char *const *argv)
{
  g_autofree gchar *path = g_build_filename (dir, "cli.out", NULL);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GBytes) out = NULL;

  g_remove (path);
  for (; *argv; argv++)
    g_ptr_array_add (args, (gpointer) *argv);
  g_ptr_array_add (args, (gpointer) "-out");
  g_ptr_array_add (args, path);
  g_ptr_array_add (args, NULL);
  out = cli_ok ((const char *const *) args->pdata);
  return pki_test_read_file (path);
}

#define CLI(...) cli_ok ((const char *const[]){ __VA_ARGS__, NULL })
#define CLI_FILE(dir, ...) cli_file ((dir), (const char *const[]){ __VA_ARGS__, NULL })

/* Writes the PEM of @cert to @dir/@name and returns the path. */
static gchar *
write_pem (const char *dir, const char *name, PkiX509 *cert)
{
  g_autoptr (GBytes) pem = dump_ok (cert, PKI_FILETYPE_PEM);
  return pki_test_write (dir, name, pem);
}

/* A name with the given "field=value" entries in encoded order. */
static PkiX509Name *
make_name (const char *const *entries)
{
  PkiX509Name *name = pki_x509_name_new ();
  for (; *entries; entries++) {
    g_autoptr (GError) error = NULL;
    g_auto (GStrv) fv = g_strsplit (*entries, "=", 2);
    g_assert_true (pki_x509_name_add_entry (name, fv[0], fv[1], -1, &error));
    g_assert_no_error (error);
  }
  pki_assert_queue_empty ();
  return name;
}

#define MAKE_NAME(...) make_name ((const char *const[]){ __VA_ARGS__, NULL })

/* A self-signed certificate for @key: random serial, subject and issuer
 * O=libpki, CN=@cn, valid from now for 30 days, basicConstraints CA:TRUE
 * (critical), a subjectAltName and a subjectKeyIdentifier, signed with
 * @digest. */
static PkiX509 *
make_self_signed (PkiPKey *key, const char *cn, const char *digest)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509) cert = pki_x509_new ();
  g_autoptr (PkiX509Name) name = MAKE_NAME ("O=libpki", "CN=x");
  g_autoptr (PkiX509Extension) bc = NULL, san = NULL, ski = NULL;
  PkiX509Extension *exts[3];

  g_assert_true (pki_x509_name_set_entry (name, "CN", cn, -1, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_set_random_serial (cert, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_set_subject (cert, name, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_set_issuer (cert, name, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_gmtime_adj_not_before (cert, 0, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_gmtime_adj_not_after (cert, 30 * 24 * 3600, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_set_pubkey (cert, key, &error));
  g_assert_no_error (error);

  bc = extension_ok ("basicConstraints", TRUE, "CA:TRUE", NULL);
  san = extension_ok ("subjectAltName", FALSE, "DNS:example.com,IP:192.0.2.1", NULL);
  ski = extension_ok ("subjectKeyIdentifier", FALSE, "hash", cert);
  exts[0] = bc;
  exts[1] = san;
  exts[2] = ski;
  g_assert_true (pki_x509_add_extensions (cert, exts, G_N_ELEMENTS (exts), &error));
  g_assert_no_error (error);

  g_assert_true (pki_x509_sign (cert, key, digest, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  return g_steal_pointer (&cert);
}

/* A small signed certificate (EC P-256 key from the vectors) with the given
 * validity strings, for checking how times are encoded. */
static PkiX509 *
make_dated (PkiPKey *key, const char *not_before, const char *not_after)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509) cert = pki_x509_new ();
  g_autoptr (PkiX509Name) name = MAKE_NAME ("CN=dates");

  g_assert_true (pki_x509_set_subject (cert, name, &error));
  g_assert_true (pki_x509_set_issuer (cert, name, &error));
  g_assert_true (pki_x509_set_pubkey (cert, key, &error));
  g_assert_true (pki_x509_set_not_before_string (cert, not_before, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_set_not_after_string (cert, not_after, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_sign (cert, key, "sha256", &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  return g_steal_pointer (&cert);
}

/* The two validity times of a DER certificate as `openssl asn1parse` shows
 * them: "UTCTIME:491231235959Z", "GENERALIZEDTIME:20500101000000Z". */
static void
asn1parse_times (const char *dir, PkiX509 *cert, gchar **not_before, gchar **not_after)
{
  g_autoptr (GBytes) der = dump_ok (cert, PKI_FILETYPE_ASN1);
  g_autofree gchar *path = pki_test_write (dir, "dated.der", der);
  g_autoptr (GBytes) out = CLI ("asn1parse", "-inform", "DER", "-in", path);
  g_auto (GStrv) lines = g_strsplit (g_bytes_get_data (out, NULL), "\n", -1);
  gchar *found[2] = { NULL, NULL };
  guint n = 0;

  for (guint i = 0; lines[i] != NULL && n < 2; i++) {
    const char *kind = NULL;
    const char *colon;
    if (strstr (lines[i], "prim: UTCTIME") != NULL)
      kind = "UTCTIME";
    else if (strstr (lines[i], "prim: GENERALIZEDTIME") != NULL)
      kind = "GENERALIZEDTIME";
    if (kind == NULL)
      continue;
    colon = strrchr (lines[i], ':');
    g_assert_nonnull (colon);
    found[n++] = g_strdup_printf ("%s:%s", kind, colon + 1);
  }
  g_assert_cmpuint (n, ==, 2);
  *not_before = found[0];
  *not_after = found[1];
}

/* "May  9 00:00:00 2007 GMT", as ASN1_TIME_print and the CLI write times;
 * built by hand so the locale plays no part. */
static gchar *
cli_time (GDateTime *dt)
{
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_assert_nonnull (dt);
  return g_strdup_printf ("%s %2d %02d:%02d:%02d %d GMT", months[g_date_time_get_month (dt) - 1],
                          g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt), g_date_time_get_second (dt),
                          g_date_time_get_year (dt));
}

/* --- boxed type, ref counting -------------------------------------------- */

static void
test_boxed (void)
{
  g_autoptr (PkiX509) cert = pki_x509_new ();
  PkiX509 *ref, *boxed;

  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_X509));
  g_assert_cmpstr (g_type_name (PKI_TYPE_X509), ==, "PkiX509");
  ref = pki_x509_ref (cert);
  g_assert_true (ref == cert);
  pki_x509_unref (ref);
  boxed = g_boxed_copy (PKI_TYPE_X509, cert);
  g_assert_nonnull (boxed);
  g_boxed_free (PKI_TYPE_X509, boxed);
  pki_x509_unref (NULL);
  assert_serial (cert, "00");
}

/* --- pyOpenSSL certificate facts (README section 2) ----------------------- */

typedef struct {
  const char *file;
  const char *serial;
  const char *sigalg; /* NULL: UNSUPPORTED */
  const char *not_before, *not_after;
  const char *sha1;
  guint32 subject_hash;
  gboolean expired;
  const char *extensions; /* short names in order, ',' separated; '!' = critical */
} CertFact;

static const CertFact cert_facts[] = {
  { "root_cert.pem", "3D0CC4E0C6DEB9F4", "sha256WithRSAEncryption", "20200802171119Z",
    "20471220171119Z", "79:87:B3:92:7E:92:AB:7E:3D:40:52:7A:5B:3E:97:D8:33:32:22:06", 0xc3705638,
    FALSE, "subjectKeyIdentifier,authorityKeyIdentifier,basicConstraints" },
  { "old_root_cert.pem", "3D0CC4E0C6DEB9F4", "sha1WithRSAEncryption", "20090325123658Z",
    "20170611123658Z", "A5:34:21:2A:E6:9E:BE:42:E1:1C:A8:C4:69:ED:0E:B4:55:5E:79:48", 0xc3705638,
    TRUE, "subjectKeyIdentifier,authorityKeyIdentifier,basicConstraints" },
  { "intermediate_cert.pem", "C3F3866EBFFF463F836A669C74760B87", "sha256WithRSAEncryption",
    "20200802171120Z", "20471220171120Z",
    "6B:CB:21:CA:A6:C0:8A:61:88:F9:57:00:EE:96:C5:5C:D9:9A:E7:A5", 0x61b63dd0, FALSE,
    "!basicConstraints" },
  { "intermediate_server_cert.pem", "F40563D8DFB244A285D88D48D76DE86B", "sha256WithRSAEncryption",
    "20200802171120Z", "20471220171120Z",
    "88:7F:22:87:B1:7D:97:15:AE:1E:61:96:A7:73:98:E7:3D:B0:4C:3A", 0x83ee4856, FALSE, "" },
  { "server_cert.pem", "99FF1E9476D6BFFC", "sha256WithRSAEncryption", "20200802171120Z",
    "20471220171120Z", "9B:6D:DF:BA:67:88:F8:7F:CA:A6:99:62:09:87:30:98:80:FB:F3:9E", 0xae84b5fd,
    FALSE, "subjectKeyIdentifier,extendedKeyUsage" },
  { "client_cert.pem", "AC69148E65383923", "sha256WithRSAEncryption", "20200802171121Z",
    "20471220171121Z", "6A:8D:45:D7:76:E8:99:B0:12:19:36:F2:04:73:4B:BA:C7:4F:24:15", 0xdc22465b,
    FALSE, "subjectKeyIdentifier,extendedKeyUsage" },
  { "ec_root_cert_p384.pem", "596FE1C1397AB9FCFAFD6902", "ecdsa-with-SHA384", "20170719224833Z",
    "99991231235959Z", "6F:88:10:95:73:51:47:69:06:E7:91:5A:0F:61:70:2D:99:F1:68:02", 0xee419138,
    FALSE, "!basicConstraints,!keyUsage,subjectKeyIdentifier" },
  { "nulbyte_san_cert.pem", "00", "sha1WithRSAEncryption", "20130807131152Z", "20130807131252Z",
    "A1:92:85:9E:61:A7:29:14:71:AB:B3:A6:59:A1:79:D8:C3:A7:C5:C8", 0x2328f583, TRUE,
    "!basicConstraints,subjectKeyIdentifier,keyUsage,subjectAltName" },
  { "bogus_sigalg_cert.pem", "01", NULL, "20000910095130Z", "20020910095130Z",
    "2D:19:9A:5A:89:DE:AC:D3:5B:2E:A4:56:BF:B1:89:50:85:6B:AE:EB", 0x00001f8e, TRUE,
    "basicConstraints,nsComment,subjectKeyIdentifier,authorityKeyIdentifier" },
};

/* Serial, version, signature algorithm, validity, SHA-1 and SHA-256 digests,
 * subject hash, expiry and extension order/criticality of every vector
 * certificate. */
static void
test_vector_facts (void)
{
  g_autofree gchar *dir = pki_test_shared_dir ("pyopenssl-vectors");

  if (dir == NULL) {
    g_test_skip ("../shared/pyopenssl-vectors is absent");
    return;
  }
  for (gsize i = 0; i < G_N_ELEMENTS (cert_facts); i++) {
    const CertFact *f = &cert_facts[i];
    g_autoptr (PkiX509) cert = vector_cert (f->file);
    g_autofree gchar *path = g_build_filename (dir, f->file, NULL);
    g_autoptr (GBytes) fp = CLI ("x509", "-in", path, "-noout", "-fingerprint", "-sha256");
    g_autofree gchar *cli_sha256 = NULL;
    g_auto (GStrv) exts = g_strsplit (f->extensions, ",", -1);
    guint n_exts = f->extensions[0] ? g_strv_length (exts) : 0;

    g_test_message ("%s", f->file);
    assert_serial (cert, f->serial);
    g_assert_cmpint (pki_x509_get_version (cert), ==, 2);
    assert_sigalg (cert, f->sigalg);
    assert_not_before (cert, f->not_before);
    assert_not_after (cert, f->not_after);
    assert_digest (cert, "sha1", f->sha1);
    assert_digest (cert, "SHA1", f->sha1);
    /* SHA-256 as `openssl x509 -fingerprint -sha256` prints it. */
    g_assert_true (g_str_has_prefix (g_bytes_get_data (fp, NULL), "sha256 Fingerprint="));
    cli_sha256 = g_strstrip (g_strdup ((const char *) g_bytes_get_data (fp, NULL) + 19));
    assert_digest (cert, "sha256", cli_sha256);
    assert_digest (cert, "SHA256", cli_sha256);
    g_assert_cmphex (pki_x509_subject_name_hash (cert), ==, f->subject_hash);
    g_assert_cmpint (has_expired_ok (cert), ==, f->expired);

    g_assert_cmpuint (pki_x509_get_extension_count (cert), ==, n_exts);
    for (guint e = 0; e < n_exts; e++) {
      g_autoptr (GError) error = NULL;
      g_autoptr (PkiX509Extension) ext = pki_x509_get_extension (cert, e, &error);
      g_autofree gchar *sn = NULL;
      gboolean critical = exts[e][0] == '!';
      g_assert_no_error (error);
      g_assert_nonnull (ext);
      sn = pki_x509_extension_get_short_name (ext);
      g_assert_cmpstr (sn, ==, exts[e] + (critical ? 1 : 0));
      g_assert_cmpint (pki_x509_extension_get_critical (ext), ==, critical);
      pki_assert_queue_empty ();
    }
  }
}

/* old_root's SHA-256 digest (c23:1989) and the spellings of digest names. */
static void
test_vector_digests (void)
{
  static const char old_root_sha256[] = "3E:0F:16:39:6B:B1:3E:4F:08:85:C6:5F:10:0D:CB:2C:"
                                        "25:C2:91:4E:D0:4A:C2:29:06:BD:55:E3:A7:B3:B7:06";
  g_autoptr (PkiX509) old_root = vector_cert ("old_root_cert.pem");
  g_autoptr (GError) error = NULL;
  g_autofree gchar *md5 = NULL, *bad = NULL;

  if (old_root == NULL)
    return;
  assert_digest (old_root, "SHA256", old_root_sha256);
  assert_digest (old_root, "sha256", old_root_sha256);
  md5 = pki_x509_digest (old_root, "md5", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (md5), ==, 16 * 3 - 1);
  for (const char *p = md5; *p; p++)
    g_assert_true (*p == ':' || g_ascii_isdigit (*p) || (*p >= 'A' && *p <= 'F'));

  bad = pki_x509_digest (old_root, "monkeys", &error);
  assert_pki_error (error, PKI_ERROR_UNSUPPORTED);
  g_assert_null (bad);
  g_clear_error (&error);
  bad = pki_x509_digest (old_root, "", &error);
  assert_pki_error (error, PKI_ERROR_UNSUPPORTED);
  g_assert_null (bad);
  /* Not affected by the failures. */
  assert_digest (old_root, "sha256", old_root_sha256);
}

/* Subject and issuer components (encoded order) of the vector certificates. */
static void
test_vector_names (void)
{
  static const char root_dn[] = "C=US|ST=IL|L=Chicago|O=Testing|CN=Testing Root CA";
  static const char inter_dn[] = "CN=intermediate|O=org|OU=org-unit|C=US|ST=CA|L=San Diego";
  static const struct {
    const char *file, *subject, *issuer;
  } names[] = {
    { "root_cert.pem", root_dn, root_dn },
    { "old_root_cert.pem", root_dn, root_dn },
    { "intermediate_cert.pem", inter_dn, root_dn },
    { "intermediate_server_cert.pem",
      "CN=intermediate-service|O=org|OU=org-unit|C=US|ST=CA|L=San Diego", inter_dn },
    { "server_cert.pem", "CN=lovely server", root_dn },
    { "client_cert.pem", "CN=ugly client", root_dn },
    { "ec_root_cert_p384.pem", "CN=Testing Root CA|O=Testing|L=Chicago|ST=IL|C=US",
      "CN=Testing Root CA|O=Testing|L=Chicago|ST=IL|C=US" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autoptr (PkiX509) cert = vector_cert (names[i].file);
    g_autoptr (PkiX509Name) subject = NULL, issuer = NULL;
    g_autofree gchar *s = NULL, *is = NULL;

    if (cert == NULL)
      return;
    subject = pki_x509_get_subject (cert);
    issuer = pki_x509_get_issuer (cert);
    g_assert_nonnull (subject);
    g_assert_nonnull (issuer);
    s = name_components (subject);
    is = name_components (issuer);
    g_assert_cmpstr (s, ==, names[i].subject);
    g_assert_cmpstr (is, ==, names[i].issuer);
  }

  /* Issuer of intermediate_server equals the intermediate's subject. */
  {
    g_autoptr (PkiX509) inter = vector_cert ("intermediate_cert.pem");
    g_autoptr (PkiX509) leaf = vector_cert ("intermediate_server_cert.pem");
    g_autoptr (PkiX509Name) a = pki_x509_get_subject (inter);
    g_autoptr (PkiX509Name) b = pki_x509_get_issuer (leaf);
    g_autofree gchar *cn = subject_entry (inter, "CN");
    g_assert_true (pki_x509_name_equal (a, b));
    g_assert_cmpstr (cn, ==, "intermediate");
  }

  /* set_subject from its own name with C=AU, OU=Unit Tests (c23:2134). */
  {
    g_autoptr (PkiX509) cert = pki_x509_new ();
    g_autoptr (PkiX509Name) name = pki_x509_get_subject (cert);
    g_autoptr (GError) error = NULL;
    g_autofree gchar *s = NULL;
    g_assert_true (pki_x509_name_set_entry (name, "C", "AU", -1, &error));
    g_assert_true (pki_x509_name_set_entry (name, "OU", "Unit Tests", -1, &error));
    g_assert_no_error (error);
    g_assert_true (pki_x509_set_subject (cert, name, &error));
    g_assert_no_error (error);
    s = subject_components (cert);
    g_assert_cmpstr (s, ==, "C=AU|OU=Unit Tests");
  }
}

/* ec_root: EC P-384 key, notAfter in 9999 (GeneralizedTime); nulbyte: NUL
 * kept in the CN and in the SAN text; bogus_sigalg: UNSUPPORTED. */
static void
test_vector_special (void)
{
  g_autoptr (PkiX509) ec_root = vector_cert ("ec_root_cert_p384.pem");
  g_autoptr (PkiX509) nulbyte = NULL, bogus = NULL, root = NULL;
  g_autoptr (PkiPKey) pub = NULL;
  g_autoptr (GError) error = NULL;

  if (ec_root == NULL)
    return;
  pub = pki_x509_get_pubkey (ec_root, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pki_pkey_get_key_type (pub), ==, PKI_PKEY_TYPE_EC);
  g_assert_cmpuint (pki_pkey_get_bits (pub), ==, 384);
  g_assert_false (pki_pkey_has_private (pub));
  {
    g_autoptr (GDateTime) na = pki_x509_get_not_after (ec_root);
    g_assert_nonnull (na);
    g_assert_cmpint (g_date_time_get_year (na), ==, 9999);
    g_assert_cmpint (g_date_time_get_month (na), ==, 12);
    g_assert_cmpint (g_date_time_get_second (na), ==, 59);
  }

  nulbyte = vector_cert ("nulbyte_san_cert.pem");
  {
    static const char cn[] = "null.python.org\0example.org";
    static const char san[] = "DNS:altnull.python.org\0example.com, email:null@python.org\0"
                              "user@example.org, URI:http://null.python.org\0http://example.org, "
                              "IP Address:192.0.2.1, IP Address:2001:DB8:0:0:0:0:0:1";
    g_autoptr (PkiX509Name) subject = pki_x509_get_subject (nulbyte);
    g_autoptr (PkiX509Extension) ext = pki_x509_get_extension (nulbyte, 3, &error);
    g_autofree gchar *value = NULL, *text = NULL;
    gsize len = 0;

    g_assert_no_error (error);
    value = pki_x509_name_get_entry (subject, "CN", &len, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (value, len, cn, sizeof cn - 1);
    /* Without a length the NUL would be lost: an error, never a cut value. */
    g_clear_pointer (&value, g_free);
    value = pki_x509_name_get_entry (subject, "CN", NULL, &error);
    assert_pki_error (error, PKI_ERROR_BAD_INPUT);
    g_assert_null (value);
    g_clear_error (&error);

    text = pki_x509_extension_to_string (ext, &len);
    g_assert_cmpmem (text, len, san, sizeof san - 1);
    pki_assert_queue_empty ();
  }

  bogus = vector_cert ("bogus_sigalg_cert.pem");
  assert_sigalg (bogus, NULL);
  /* The rest of the certificate still reads. */
  {
    g_autofree gchar *cn = subject_entry (bogus, "CN");
    g_assert_cmpstr (cn, ==, "localhost");
  }

  /* root's basicConstraints: CA:TRUE, not critical. */
  root = vector_cert ("root_cert.pem");
  {
    g_autoptr (PkiX509Extension) bc = pki_x509_get_extension (root, 2, &error);
    gboolean ca = FALSE;
    gint pathlen = 0;
    g_assert_no_error (error);
    g_assert_true (pki_x509_extension_get_basic_constraints (bc, &ca, &pathlen, &error));
    g_assert_no_error (error);
    g_assert_true (ca);
    g_assert_cmpint (pathlen, ==, -1);
    g_assert_false (pki_x509_extension_get_critical (bc));
    pki_assert_queue_empty ();
  }
}

/* --- loading and dumping --------------------------------------------------- */

/* dump(PEM, load(root_cert + root_key)) is byte-identical to root_cert.pem;
 * DER is what `openssl x509 -outform DER` writes and TEXT what
 * `openssl x509 -text -noout` prints, for every vector certificate. */
static void
test_dump (void)
{
  g_autoptr (GBytes) pem = pki_test_vector ("root_cert.pem");
  g_autoptr (GBytes) key = NULL, both = NULL, out = NULL, der = NULL, text = NULL, file_der = NULL;
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (X509Tmpdir) dir = NULL;
  g_autofree gchar *vdir = NULL;

  if (pem == NULL)
    return;
  key = pki_test_vector ("root_key.pem");
  both = bytes_join (pem, key, NULL);
  cert = load_ok (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (both));
  out = dump_ok (cert, PKI_FILETYPE_PEM);
  assert_bytes_equal (out, pem);
  der = dump_ok (cert, PKI_FILETYPE_ASN1);
  file_der = pki_test_vector ("root_cert.der");
  assert_bytes_equal (der, file_der);
  text = dump_ok (cert, PKI_FILETYPE_TEXT);
  g_assert_cmpuint (g_bytes_get_size (text), >, 500);

  dir = pki_test_tmpdir ();
  vdir = pki_test_shared_dir ("pyopenssl-vectors");
  for (gsize i = 0; i < G_N_ELEMENTS (cert_facts); i++) {
    g_autofree gchar *path = g_build_filename (vdir, cert_facts[i].file, NULL);
    g_autoptr (PkiX509) c = vector_cert (cert_facts[i].file);
    g_autoptr (GBytes) my_der = dump_ok (c, PKI_FILETYPE_ASN1);
    g_autoptr (GBytes) my_text = dump_ok (c, PKI_FILETYPE_TEXT);
    g_autoptr (GBytes) my_pem = dump_ok (c, PKI_FILETYPE_PEM);
    g_autoptr (GBytes) cli_der = CLI_FILE (dir, "x509", "-in", path, "-outform", "DER");
    g_autoptr (GBytes) cli_text = CLI_FILE (dir, "x509", "-in", path, "-text", "-noout");
    g_autoptr (GBytes) cli_pem = CLI_FILE (dir, "x509", "-in", path);
    g_autoptr (PkiX509) again = NULL;
    g_autoptr (GBytes) again_der = NULL;

    g_test_message ("%s", cert_facts[i].file);
    assert_bytes_equal (my_der, cli_der);
    assert_bytes_equal (my_text, cli_text);
    assert_bytes_equal (my_pem, cli_pem);
    g_assert_cmpuint (g_bytes_get_size (my_text), >, 500);
    /* DER loads back to the same certificate. */
    again = load_ok (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (my_der));
    again_der = dump_ok (again, PKI_FILETYPE_ASN1);
    assert_bytes_equal (again_der, my_der);
  }

  /* A bad dump type. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) bad = pki_x509_dump (cert, (PkiFiletype) 100, &error);
    assert_pki_error (error, PKI_ERROR_BAD_INPUT);
    g_assert_null (bad);
  }
}

/* DER input and the TRUSTED CERTIFICATE label (written by `openssl x509
 * -trustout`) load to the same certificate. */
static void
test_load_forms (void)
{
  g_autofree gchar *path = vector_path ("root_cert.pem");
  g_autoptr (GBytes) der = NULL, trusted = NULL, out = NULL, out2 = NULL;
  g_autoptr (PkiX509) from_der = NULL, from_trusted = NULL;

  if (path == NULL)
    return;
  der = pki_test_vector ("root_cert.der");
  from_der = load_ok (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (der));
  assert_serial (from_der, "3D0CC4E0C6DEB9F4");
  out = dump_ok (from_der, PKI_FILETYPE_ASN1);
  assert_bytes_equal (out, der);

  trusted = CLI ("x509", "-in", path, "-trustout", "-addtrust", "serverAuth");
  g_assert_true (g_str_has_prefix (g_bytes_get_data (trusted, NULL),
                                   "-----BEGIN TRUSTED CERTIFICATE-----"));
  from_trusted = load_ok (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (trusted));
  out2 = dump_ok (from_trusted, PKI_FILETYPE_ASN1);
  assert_bytes_equal (out2, der);
}

/* Every kind of bad input is BAD_INPUT, never a crash. */
static void
test_load_bad_input (void)
{
  g_autoptr (GBytes) pem = pki_test_vector ("root_cert.pem");
  g_autoptr (GBytes) der = NULL, key_pem = NULL, key_der = NULL, csr = NULL, p7 = NULL,
                     half_pem = NULL, half_der = NULL, short_der = NULL, damaged = NULL;
  gsize len;

  if (pem == NULL)
    return;
  der = pki_test_vector ("root_cert.der");
  key_pem = pki_test_vector ("root_key.pem");
  key_der = pki_test_vector ("root_key.der");
  csr = pki_test_vector ("csr_cleartext.pem");
  p7 = pki_test_vector ("pkcs7_signed_certs.pem");
  half_pem = bytes_head (pem, g_bytes_get_size (pem) / 2);
  half_der = bytes_head (der, g_bytes_get_size (der) / 2);
  short_der = bytes_head (der, g_bytes_get_size (der) - 1);
  {
    /* A character base64 does not have, in the middle of the body. */
    guint8 *copy = g_memdup2 (g_bytes_get_data (pem, &len), g_bytes_get_size (pem));
    copy[len / 2] = '!';
    damaged = g_bytes_new_take (copy, len);
  }

  load_fails (PKI_FILETYPE_PEM, (const guint8 *) "", 0, PKI_ERROR_BAD_INPUT);
  load_fails (PKI_FILETYPE_ASN1, (const guint8 *) "", 0, PKI_ERROR_BAD_INPUT);
  load_fails (PKI_FILETYPE_PEM, STR_ARGS ("garbage"), PKI_ERROR_BAD_INPUT);
  load_fails (PKI_FILETYPE_ASN1, STR_ARGS ("garbage"), PKI_ERROR_BAD_INPUT);
  load_fails (PKI_FILETYPE_PEM, STR_ARGS (PEM_HEADER PEM_FOOTER), PKI_ERROR_BAD_INPUT);
  load_fails (PKI_FILETYPE_PEM, STR_ARGS (PEM_HEADER "AAAA\n" PEM_FOOTER), PKI_ERROR_BAD_INPUT);
  load_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (half_pem), PKI_ERROR_BAD_INPUT);
  load_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (damaged), PKI_ERROR_BAD_INPUT);
  load_fails (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (half_der), PKI_ERROR_BAD_INPUT);
  load_fails (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (short_der), PKI_ERROR_BAD_INPUT);
  /* Wrong kind: keys, a CSR, PKCS#7. */
  load_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (key_pem), PKI_ERROR_BAD_INPUT);
  load_fails (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (key_der), PKI_ERROR_BAD_INPUT);
  load_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (csr), PKI_ERROR_BAD_INPUT);
  load_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (p7), PKI_ERROR_BAD_INPUT);
  /* Wrong encoding for the type given. */
  load_fails (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (pem), PKI_ERROR_BAD_INPUT);
  load_fails (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (der), PKI_ERROR_BAD_INPUT);
  /* TEXT is a dump-only type; 100 is no type at all. */
  load_fails (PKI_FILETYPE_TEXT, PKI_BYTES_ARGS (pem), PKI_ERROR_BAD_INPUT);
  load_fails ((PkiFiletype) 100, PKI_BYTES_ARGS (pem), PKI_ERROR_BAD_INPUT);
  load_fails ((PkiFiletype) 100, PKI_BYTES_ARGS (der), PKI_ERROR_BAD_INPUT);

  /* After all that, loading works. */
  {
    g_autoptr (PkiX509) cert = load_ok (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem));
    assert_serial (cert, "3D0CC4E0C6DEB9F4");
  }
}

/* pem_to_der / der_to_pem: Python's ssl.PEM_cert_to_DER_cert and
 * DER_cert_to_PEM_cert, equal to what the CLI makes. */
static void
test_pem_der (void)
{
  g_autofree gchar *path = vector_path ("root_cert.pem");
  g_autoptr (X509Tmpdir) dir = NULL;
  g_autoptr (GBytes) pem = NULL, der = NULL, key = NULL, cli_der = NULL, cli_pem = NULL,
                     mine = NULL, key_first = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *der_path = NULL, *back = NULL, *key_then_cert = NULL;

  if (path == NULL)
    return;
  dir = pki_test_tmpdir ();
  pem = pki_test_vector ("root_cert.pem");
  der = pki_test_vector ("root_cert.der");
  key = pki_test_vector ("root_key.pem");

  cli_der = CLI_FILE (dir, "x509", "-in", path, "-outform", "DER");
  {
    g_autofree gchar *text = g_strndup (g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));
    mine = pki_x509_pem_to_der (text, &error);
    g_assert_no_error (error);
    pki_assert_queue_empty ();
    assert_bytes_equal (mine, cli_der);
    assert_bytes_equal (mine, der);
  }
  /* The first CERTIFICATE block, after a key. */
  key_first = bytes_join (key, pem, NULL);
  key_then_cert = g_strndup (g_bytes_get_data (key_first, NULL), g_bytes_get_size (key_first));
  {
    g_autoptr (GBytes) d = pki_x509_pem_to_der (key_then_cert, &error);
    g_assert_no_error (error);
    assert_bytes_equal (d, der);
  }

  der_path = pki_test_write (dir, "root.der", der);
  cli_pem = CLI ("x509", "-inform", "DER", "-in", der_path);
  back = pki_x509_der_to_pem (PKI_BYTES_ARGS (der));
  g_assert_nonnull (back);
  assert_bytes_str (cli_pem, back);
  assert_bytes_str (pem, back);
  pki_assert_queue_empty ();

  /* Round trip. */
  {
    g_autoptr (GBytes) d = pki_x509_pem_to_der (back, &error);
    g_assert_no_error (error);
    assert_bytes_equal (d, der);
  }

  /* No validation of the DER, 64-column lines. */
  {
    guint8 buf[49];
    g_autofree gchar *abc = pki_x509_der_to_pem (STR_ARGS ("abc"));
    g_autofree gchar *b48 = NULL, *b49 = NULL, *exp48 = NULL, *exp49 = NULL, *line = NULL;
    g_autofree gchar *b64 = NULL;
    g_assert_cmpstr (abc, ==, PEM_HEADER "YWJj\n" PEM_FOOTER);
    for (gsize i = 0; i < sizeof buf; i++)
      buf[i] = (guint8) (i * 7 + 1);
    b48 = pki_x509_der_to_pem (buf, 48);
    b49 = pki_x509_der_to_pem (buf, 49);
    b64 = g_base64_encode (buf, 49);
    line = g_strndup (b64, 64);
    g_assert_cmpuint (strlen (b64), ==, 68);
    exp48 = g_strconcat (PEM_HEADER, line, "\n", PEM_FOOTER, NULL);
    exp49 = g_strconcat (PEM_HEADER, line, "\n", b64 + 64, "\n", PEM_FOOTER, NULL);
    g_assert_cmpstr (b48, ==, exp48);
    g_assert_cmpstr (b49, ==, exp49);
    pki_assert_queue_empty ();
  }

  /* Inputs that hold no certificate. */
  {
    static const char *const bad[] = { "", "garbage", PEM_HEADER PEM_FOOTER,
                                       PEM_HEADER "!!!!\n" PEM_FOOTER };
    g_autofree gchar *key_text = g_strndup (g_bytes_get_data (key, NULL), g_bytes_get_size (key));
    for (gsize i = 0; i < G_N_ELEMENTS (bad) + 1; i++) {
      g_autoptr (GError) err = NULL;
      g_autoptr (GBytes) d = pki_x509_pem_to_der (i < G_N_ELEMENTS (bad) ? bad[i] : key_text,
                                                  &err);
      assert_pki_error (err, PKI_ERROR_BAD_INPUT);
      g_assert_null (d);
    }
  }
}

/* load_pem_bundle: every certificate block in order, keys and CRLs skipped;
 * nothing or a damaged certificate is BAD_INPUT. */
static void
test_pem_bundle (void)
{
  g_autoptr (GBytes) root = pki_test_vector ("root_cert.pem");
  g_autoptr (GBytes) inter = NULL, server = NULL, key = NULL, crl = NULL, bundle = NULL,
                     half = NULL, damaged = NULL;
  g_autoptr (GPtrArray) certs = NULL;
  g_autoptr (GError) error = NULL;
  static const char *const serials[] = { "3D0CC4E0C6DEB9F4", "C3F3866EBFFF463F836A669C74760B87",
                                         "99FF1E9476D6BFFC" };

  if (root == NULL)
    return;
  inter = pki_test_vector ("intermediate_cert.pem");
  server = pki_test_vector ("server_cert.pem");
  key = pki_test_vector ("root_key.pem");
  crl = pki_test_vector ("crl.pem");

  bundle = bytes_join (root, key, inter, crl, server, key, NULL);
  certs = pki_x509_load_pem_bundle (PKI_BYTES_ARGS (bundle), &error);
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  g_assert_nonnull (certs);
  g_assert_cmpuint (certs->len, ==, 3);
  for (guint i = 0; i < certs->len; i++) {
    PkiX509 *c = g_ptr_array_index (certs, i);
    g_autoptr (GBytes) out = dump_ok (c, PKI_FILETYPE_PEM);
    assert_serial (c, serials[i]);
    assert_bytes_equal (out, i == 0 ? root : i == 1 ? inter : server);
  }
  g_clear_pointer (&certs, g_ptr_array_unref);

  /* One certificate alone is a bundle of one. */
  certs = pki_x509_load_pem_bundle (PKI_BYTES_ARGS (server), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (certs->len, ==, 1);
  g_clear_pointer (&certs, g_ptr_array_unref);

  /* No certificate at all, or a damaged one. */
  half = bytes_head (inter, g_bytes_get_size (inter) / 2);
  damaged = bytes_join (root, half, NULL);
  {
    GBytes *bad[] = { key, crl, damaged };
    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
      g_autoptr (GError) err = NULL;
      g_autoptr (GPtrArray) none = pki_x509_load_pem_bundle (PKI_BYTES_ARGS (bad[i]), &err);
      assert_pki_error (err, PKI_ERROR_BAD_INPUT);
      g_assert_null (none);
    }
  }
  {
    static const char *const bad[] = { "", "garbage", PEM_HEADER "!!!!\n" PEM_FOOTER };
    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
      g_autoptr (GError) err = NULL;
      g_autoptr (GPtrArray) none = pki_x509_load_pem_bundle (STR_ARGS (bad[i]), &err);
      assert_pki_error (err, PKI_ERROR_BAD_INPUT);
      g_assert_null (none);
    }
  }
}

/* --- a fresh certificate ------------------------------------------------- */

static void
test_new (void)
{
  g_autoptr (PkiX509) cert = pki_x509_new ();
  g_autoptr (PkiX509Name) subject = NULL, issuer = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (cert);
  assert_serial (cert, "00");
  g_assert_cmpint (pki_x509_get_version (cert), ==, 2);
  subject = pki_x509_get_subject (cert);
  issuer = pki_x509_get_issuer (cert);
  g_assert_cmpuint (pki_x509_name_get_entry_count (subject), ==, 0);
  g_assert_cmpuint (pki_x509_name_get_entry_count (issuer), ==, 0);
  {
    /* The empty names print as "" (documented), never NULL. */
    g_autofree gchar *rfc = pki_x509_name_to_string (subject);
    g_autofree gchar *oneline = pki_x509_name_to_oneline (issuer);
    g_assert_cmpstr (rfc, ==, "");
    g_assert_cmpstr (oneline, ==, "");
  }
  g_assert_null (pki_x509_get_not_before (cert));
  g_assert_null (pki_x509_get_not_after (cert));
  g_assert_null (pki_x509_get_not_before_string (cert));
  g_assert_null (pki_x509_get_not_after_string (cert));
  g_assert_cmpuint (pki_x509_get_extension_count (cert), ==, 0);
  pki_assert_queue_empty ();

  /* has_expired without a notAfter: FALSE with an error. */
  g_assert_false (pki_x509_has_expired (cert, &error));
  assert_pki_error (error, PKI_ERROR_BAD_INPUT);
  g_clear_error (&error);

  /* No key. */
  {
    g_autoptr (PkiPKey) key = pki_x509_get_pubkey (cert, &error);
    g_assert_null (key);
    g_assert_nonnull (error);
    g_assert_true (g_error_matches (error, PKI_ERROR, PKI_ERROR_BAD_INPUT) ||
                   g_error_matches (error, PKI_ERROR, PKI_ERROR_FAILED));
    pki_assert_queue_empty ();
    g_clear_error (&error);
  }

  /* An unknown digest, and no signature algorithm yet. */
  {
    g_autofree gchar *d = pki_x509_digest (cert, "monkeys", &error);
    assert_pki_error (error, PKI_ERROR_UNSUPPORTED);
    g_assert_null (d);
    g_clear_error (&error);
  }
  assert_sigalg (cert, NULL);

  /* Nothing to digest or dump yet: OpenSSL cannot encode an unsigned empty
   * certificate ("illegal zero content"; pyOpenSSL raised Error too). */
  {
    g_autofree gchar *d = pki_x509_digest (cert, "sha256", &error);
    assert_pki_error (error, PKI_ERROR_FAILED);
    g_assert_null (d);
    g_clear_error (&error);
  }
  {
    g_autoptr (GBytes) der = pki_x509_dump (cert, PKI_FILETYPE_ASN1, &error);
    assert_pki_error (error, PKI_ERROR_FAILED);
    g_assert_null (der);
    g_clear_error (&error);
  }

  /* No extension. */
  {
    g_autoptr (PkiX509Extension) ext = pki_x509_get_extension (cert, 0, &error);
    assert_pki_error (error, PKI_ERROR_BAD_INPUT);
    g_assert_null (ext);
    g_clear_error (&error);
  }

  /* gmtime_adj_not_after(-1): expired; (2): not (c23:1973). */
  g_assert_true (pki_x509_gmtime_adj_not_after (cert, -1, &error));
  g_assert_no_error (error);
  g_assert_true (has_expired_ok (cert));
  g_assert_true (pki_x509_gmtime_adj_not_after (cert, 2, &error));
  g_assert_no_error (error);
  g_assert_false (has_expired_ok (cert));
}

/* --- serial numbers ------------------------------------------------------- */

/* Serials read back as `openssl x509 -serial` prints them: upper-case hex in
 * whole octets, "00" for zero (pki_x509_get_serial's documentation; the
 * first contract said "no leading zeros, 0 for zero"). */
static void
test_serial (void)
{
  static const struct {
    const char *in, *out;
  } good[] = {
    { "1", "01" },
    { "100000001", "0100000001" },                  /* 2**32 + 1 */
    { "10000000000000001", "010000000000000001" },  /* 2**64 + 1 */
    { "100000000000000000000000000000001", "0100000000000000000000000000000001" }, /* 2**128+1 */
    { "0", "00" },
    { "00", "00" },
    { "000000FF", "FF" },
    { "ABC", "0ABC" },
    { "abcdef", "ABCDEF" },
    { "0x1f", "1F" },
    { "DeadBeef", "DEADBEEF" },
    /* 20 octets, the most RFC 5280 allows, with or without leading zeros. */
    { "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" },
    { "00FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" },
  };
  static const char *const bad[] = {
    "1g", "", "-1", "0x", "g", "12 34", " 1", "1 ", "0x-1", "+1",
    /* 21 octets. */
    "1FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    "100000000000000000000000000000000000000000",
  };
  g_autoptr (PkiX509) cert = pki_x509_new ();
  g_autoptr (PkiPKey) key = vector_key ("ec_p256_private_key.pem");
  g_autoptr (X509Tmpdir) dir = NULL;

  if (key == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (good); i++) {
    g_test_message ("serial %s", good[i].in);
    set_serial_ok (cert, good[i].in);
    assert_serial (cert, good[i].out);
  }

  set_serial_ok (cert, "1234");
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) error = NULL;
    g_test_message ("bad serial \"%s\"", bad[i]);
    g_assert_false (pki_x509_set_serial (cert, bad[i], &error));
    assert_pki_error (error, PKI_ERROR_BAD_INPUT);
    /* Unchanged. */
    assert_serial (cert, "1234");
  }

  /* Big serials survive signing, DER and reloading, and read as the CLI
   * prints them; 20 octets of FF is a positive INTEGER that needs a 21st,
   * zero octet in DER. */
  dir = pki_test_tmpdir ();
  for (gsize i = 0; i < G_N_ELEMENTS (good); i++) {
    g_autoptr (PkiX509) c = make_self_signed (key, "serial", "sha256");
    g_autoptr (GBytes) der = NULL;
    g_autoptr (PkiX509) again = NULL;
    g_autoptr (GError) error = NULL;
    g_autofree gchar *path = NULL, *expected = NULL;
    g_autoptr (GBytes) printed = NULL;

    if (strlen (good[i].out) < 10)
      continue;
    set_serial_ok (c, good[i].in);
    g_assert_true (pki_x509_sign (c, key, "sha256", &error));
    g_assert_no_error (error);
    der = dump_ok (c, PKI_FILETYPE_ASN1);
    again = load_ok (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (der));
    assert_serial (again, good[i].out);
    path = write_pem (dir, "serial.pem", c);
    printed = CLI ("x509", "-in", path, "-noout", "-serial");
    expected = g_strconcat ("serial=", good[i].out, "\n", NULL);
    assert_bytes_str (printed, expected);
  }
}

static void
test_random_serial (void)
{
  g_autoptr (PkiX509) a = pki_x509_new ();
  g_autoptr (PkiX509) b = pki_x509_new ();
  g_autoptr (GError) error = NULL;
  g_autofree gchar *sa = NULL, *sb = NULL;

  g_assert_true (pki_x509_set_random_serial (a, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_set_random_serial (b, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  sa = pki_x509_get_serial (a);
  sb = pki_x509_get_serial (b);
  g_assert_cmpstr (sa, !=, sb);
  for (gchar **s = (gchar *[]){ sa, sb, NULL }; *s; s++) {
    /* Positive, whole octets, at most 20 of them, at least 64 random bits
     * (a zero top octet now and then is fine). */
    g_assert_cmpuint (strlen (*s), >=, 12);
    g_assert_cmpuint (strlen (*s), <=, 40);
    g_assert_cmpuint (strlen (*s) % 2, ==, 0);
    g_assert_cmpstr (*s, !=, "00");
    for (const char *p = *s; *p; p++)
      g_assert_true (g_ascii_isdigit (*p) || (*p >= 'A' && *p <= 'F'));
  }
}

static void
test_version (void)
{
  g_autoptr (PkiX509) cert = pki_x509_new ();
  static const gint good[] = { 0, 1, 2 };
  static const gint bad[] = { -1, 3, 42, G_MININT, G_MAXINT };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++) {
    g_autoptr (GError) error = NULL;
    g_assert_true (pki_x509_set_version (cert, good[i], &error));
    g_assert_no_error (error);
    g_assert_cmpint (pki_x509_get_version (cert), ==, good[i]);
  }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) error = NULL;
    g_assert_false (pki_x509_set_version (cert, bad[i], &error));
    assert_pki_error (error, PKI_ERROR_BAD_INPUT);
    g_assert_cmpint (pki_x509_get_version (cert), ==, 2);
  }
  pki_assert_queue_empty ();
}

/* --- validity ----------------------------------------------------------------- */

/* ASN.1 time strings: round trips, offsets converted to UTC (RFC 5280;
 * pyOpenSSL kept them verbatim), garbage rejected. */
static void
test_time_strings (void)
{
  static const struct {
    const char *in, *out;
  } good[] = {
    { "20040203040506Z", "20040203040506Z" },
    { "20040203040506+0530", "20040202223506Z" },
    { "20040203040506-0115", "20040203052006Z" },
    { "20491231235959Z", "20491231235959Z" },
    { "20500101000000Z", "20500101000000Z" },
    { "19500101000000Z", "19500101000000Z" },
    { "19491231235959Z", "19491231235959Z" },
    { "99991231235959Z", "99991231235959Z" },
    { "20000229120000Z", "20000229120000Z" },
  };
  static const char *const bad[] = { "foo bar", "20040203040506", "2004020304050Z", "",
                                     "20041303040506Z", "20040203250506Z", "20040203040506Zjunk",
                                     "20040203040506+05", "Z" };
  g_autoptr (PkiX509) cert = pki_x509_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++) {
    g_autoptr (GError) error = NULL;
    g_test_message ("time %s", good[i].in);
    g_assert_true (pki_x509_set_not_before_string (cert, good[i].in, &error));
    g_assert_no_error (error);
    g_assert_true (pki_x509_set_not_after_string (cert, good[i].in, &error));
    g_assert_no_error (error);
    assert_not_before (cert, good[i].out);
    assert_not_after (cert, good[i].out);
  }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) error = NULL;
    g_test_message ("bad time \"%s\"", bad[i]);
    g_assert_false (pki_x509_set_not_before_string (cert, bad[i], &error));
    assert_pki_error (error, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
    g_assert_false (pki_x509_set_not_after_string (cert, bad[i], &error));
    assert_pki_error (error, PKI_ERROR_BAD_INPUT);
    /* Unchanged. */
    assert_not_before (cert, "20000229120000Z");
    assert_not_after (cert, "20000229120000Z");
  }

  /* A fresh certificate rejects them too and stays without validity. */
  {
    g_autoptr (PkiX509) fresh = pki_x509_new ();
    g_autoptr (GError) error = NULL;
    g_assert_false (pki_x509_set_not_before_string (fresh, "foo bar", &error));
    assert_pki_error (error, PKI_ERROR_BAD_INPUT);
    g_assert_null (pki_x509_get_not_before_string (fresh));
  }
}

/* RFC 5280: UTCTime through 2049, GeneralizedTime from 2050 (and before
 * 1950), checked on the DER with `openssl asn1parse`. */
static void
test_time_encoding (void)
{
  static const struct {
    const char *not_before, *not_after;
    const char *asn1_before, *asn1_after;
  } cases[] = {
    { "20040203040506Z", "20491231235959Z", "UTCTIME:040203040506Z", "UTCTIME:491231235959Z" },
    { "19500101000000Z", "20500101000000Z", "UTCTIME:500101000000Z",
      "GENERALIZEDTIME:20500101000000Z" },
    { "19491231235959Z", "99991231235959Z", "GENERALIZEDTIME:19491231235959Z",
      "GENERALIZEDTIME:99991231235959Z" },
    { "20040203040506+0530", "20491231235959-0115", "UTCTIME:040202223506Z",
      "GENERALIZEDTIME:20500101011459Z" },
  };
  g_autoptr (PkiPKey) key = vector_key ("ec_p256_private_key.pem");
  g_autoptr (X509Tmpdir) dir = NULL;

  if (key == NULL)
    return;
  dir = pki_test_tmpdir ();
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiX509) cert = make_dated (key, cases[i].not_before, cases[i].not_after);
    g_autofree gchar *nb = NULL, *na = NULL;
    asn1parse_times (dir, cert, &nb, &na);
    g_assert_cmpstr (nb, ==, cases[i].asn1_before);
    g_assert_cmpstr (na, ==, cases[i].asn1_after);
  }

  /* The GDateTime setters encode the same way. */
  {
    g_autoptr (PkiX509) cert = make_dated (key, "20200101000000Z", "20300101000000Z");
    g_autoptr (GDateTime) y2049 = g_date_time_new_utc (2049, 12, 31, 23, 59, 59);
    g_autoptr (GDateTime) y2050 = g_date_time_new_utc (2050, 1, 1, 0, 0, 0);
    g_autoptr (GError) error = NULL;
    g_autofree gchar *nb = NULL, *na = NULL;
    g_assert_true (pki_x509_set_not_before (cert, y2049, &error));
    g_assert_true (pki_x509_set_not_after (cert, y2050, &error));
    g_assert_no_error (error);
    g_assert_true (pki_x509_sign (cert, key, "sha256", &error));
    g_assert_no_error (error);
    asn1parse_times (dir, cert, &nb, &na);
    g_assert_cmpstr (nb, ==, "UTCTIME:491231235959Z");
    g_assert_cmpstr (na, ==, "GENERALIZEDTIME:20500101000000Z");
  }

  /* A loaded GeneralizedTime for 2009 (old_root, not RFC 5280) reads fine. */
  {
    g_autoptr (PkiX509) old_root = vector_cert ("old_root_cert.pem");
    g_autoptr (GDateTime) nb = pki_x509_get_not_before (old_root);
    g_autoptr (GDateTime) expected = g_date_time_new_utc (2009, 3, 25, 12, 36, 58);
    g_assert_nonnull (nb);
    g_assert_true (g_date_time_equal (nb, expected));
  }
}

/* GDateTime getters and setters: UTC out, any time zone in. */
static void
test_time_gdatetime (void)
{
  g_autoptr (PkiX509) cert = pki_x509_new ();
  g_autoptr (GDateTime) utc = g_date_time_new_utc (2020, 1, 2, 3, 4, 5);
  g_autoptr (GTimeZone) ist = g_time_zone_new_identifier ("+05:30");
  g_autoptr (GTimeZone) west = g_time_zone_new_identifier ("-08:00");
  g_autoptr (GDateTime) local = NULL, west_dt = NULL, got = NULL, got2 = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (ist);
  g_assert_nonnull (west);
  g_assert_true (pki_x509_set_not_before (cert, utc, &error));
  g_assert_no_error (error);
  assert_not_before (cert, "20200102030405Z");
  got = pki_x509_get_not_before (cert);
  g_assert_nonnull (got);
  g_assert_true (g_date_time_equal (got, utc));
  g_assert_cmpint (g_date_time_get_utc_offset (got), ==, 0);
  g_assert_cmpint (g_date_time_get_hour (got), ==, 3);

  /* 08:34:05+05:30 is 03:04:05Z. */
  local = g_date_time_new (ist, 2020, 1, 2, 8, 34, 5);
  g_assert_true (pki_x509_set_not_after (cert, local, &error));
  g_assert_no_error (error);
  assert_not_after (cert, "20200102030405Z");
  got2 = pki_x509_get_not_after (cert);
  g_assert_true (g_date_time_equal (got2, utc));
  g_assert_cmpint (g_date_time_get_utc_offset (got2), ==, 0);
  g_assert_cmpint (g_date_time_get_day_of_month (got2), ==, 2);

  /* 2019-12-31 20:00-08:00 is the next day in UTC. */
  west_dt = g_date_time_new (west, 2019, 12, 31, 20, 0, 0);
  g_assert_true (pki_x509_set_not_before (cert, west_dt, &error));
  g_assert_no_error (error);
  assert_not_before (cert, "20200101040000Z");
  pki_assert_queue_empty ();

  /* Far ends. */
  {
    g_autoptr (GDateTime) far = g_date_time_new_utc (9999, 12, 31, 23, 59, 59);
    g_autoptr (GDateTime) early = g_date_time_new_utc (1949, 12, 31, 23, 59, 59);
    g_autoptr (GDateTime) back = NULL;
    g_assert_true (pki_x509_set_not_after (cert, far, &error));
    g_assert_no_error (error);
    assert_not_after (cert, "99991231235959Z");
    back = pki_x509_get_not_after (cert);
    g_assert_true (g_date_time_equal (back, far));
    g_assert_true (pki_x509_set_not_before (cert, early, &error));
    g_assert_no_error (error);
    assert_not_before (cert, "19491231235959Z");
  }

  /* A loaded certificate's times. */
  {
    g_autoptr (PkiX509) root = vector_cert ("root_cert.pem");
    g_autoptr (GDateTime) nb = NULL, na = NULL;
    g_autoptr (GDateTime) exp_nb = g_date_time_new_utc (2020, 8, 2, 17, 11, 19);
    g_autoptr (GDateTime) exp_na = g_date_time_new_utc (2047, 12, 20, 17, 11, 19);
    if (root == NULL)
      return;
    nb = pki_x509_get_not_before (root);
    na = pki_x509_get_not_after (root);
    g_assert_true (g_date_time_equal (nb, exp_nb));
    g_assert_true (g_date_time_equal (na, exp_na));
    g_assert_cmpint (g_date_time_get_utc_offset (nb), ==, 0);
  }
}

/* gmtime_adj_*: now + seconds; has_expired follows notAfter. */
static void
test_time_adj (void)
{
  g_autoptr (PkiX509) cert = pki_x509_new ();
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr (GDateTime) nb = NULL, na = NULL;

  g_assert_true (pki_x509_gmtime_adj_not_before (cert, 0, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_gmtime_adj_not_after (cert, 3600, &error));
  g_assert_no_error (error);
  nb = pki_x509_get_not_before (cert);
  na = pki_x509_get_not_after (cert);
  g_assert_cmpint (g_date_time_to_unix (nb), >=, now - 5);
  g_assert_cmpint (g_date_time_to_unix (nb), <=, now + 5);
  g_assert_cmpint (g_date_time_to_unix (na), >=, now + 3600 - 5);
  g_assert_cmpint (g_date_time_to_unix (na), <=, now + 3600 + 5);
  g_assert_false (has_expired_ok (cert));

  /* A day ago: expired. */
  g_assert_true (pki_x509_gmtime_adj_not_after (cert, -86400, &error));
  g_assert_no_error (error);
  g_assert_true (has_expired_ok (cert));
  g_clear_pointer (&na, g_date_time_unref);
  na = pki_x509_get_not_after (cert);
  g_assert_cmpint (g_date_time_to_unix (na), <=, now - 86400 + 5);

  /* A century ahead (GeneralizedTime): not expired. */
  g_assert_true (pki_x509_gmtime_adj_not_after (cert, (gint64) 100 * 366 * 86400, &error));
  g_assert_no_error (error);
  g_assert_false (has_expired_ok (cert));
  {
    g_autofree gchar *s = pki_x509_get_not_after_string (cert);
    g_assert_nonnull (s);
    g_assert_cmpuint (strlen (s), ==, 15);
    g_assert_cmpint (s[0], ==, '2');
    g_assert_cmpint (s[1], ==, '1');
  }

  /* Loaded certificates. */
  {
    g_autoptr (PkiX509) root = vector_cert ("root_cert.pem");
    g_autoptr (PkiX509) old_root = vector_cert ("old_root_cert.pem");
    if (root == NULL)
      return;
    g_assert_false (has_expired_ok (root));
    g_assert_true (has_expired_ok (old_root));
  }
}

/* Python's ssl.cert_time_to_seconds. */
static void
test_cert_time_to_seconds (void)
{
  static const struct {
    const char *text;
    gint64 seconds;
  } good[] = {
    { "May  9 00:00:00 2007 GMT", 1178668800 },
    { "May 09 00:00:00 2007 GMT", 1178668800 },
    { "Jan  1 00:00:00 1970 GMT", 0 },
    { "Jan  5 09:34:43 2018 GMT", 1515144883 },
    { "Dec 20 17:11:19 2047 GMT", 2460474679 },
    { "Feb 29 12:00:00 2000 GMT", 951825600 },
  };
  static const char *const bad[] = {
    "", "garbage", "May  9 00:00:00 2007", "Foo  9 00:00:00 2007 GMT",
    "May 32 00:00:00 2007 GMT", "May  9 25:00:00 2007 GMT", "May  9 00:00:00 2007 GMTx",
    "2007-05-09T00:00:00Z", "20070509000000Z",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++) {
    g_autoptr (GError) error = NULL;
    g_test_message ("\"%s\"", good[i].text);
    g_assert_cmpint (pki_x509_cert_time_to_seconds (good[i].text, &error), ==, good[i].seconds);
    g_assert_no_error (error);
  }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) error = NULL;
    g_test_message ("bad \"%s\"", bad[i]);
    g_assert_cmpint (pki_x509_cert_time_to_seconds (bad[i], &error), ==, -1);
    assert_pki_error (error, PKI_ERROR_BAD_INPUT);
  }
  pki_assert_queue_empty ();
}

/* --- extensions ---------------------------------------------------------------- */

static void
test_extensions (void)
{
  g_autoptr (PkiPKey) key = vector_key ("ec_p256_private_key.pem");
  g_autoptr (PkiX509) cert = pki_x509_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Extension) bc = NULL, san = NULL, c1 = NULL, c2 = NULL;
  static const guint8 bc_der[] = { 0x30, 0x03, 0x01, 0x01, 0xff };

  if (key == NULL)
    return;
  g_assert_true (pki_x509_set_pubkey (cert, key, &error));
  g_assert_no_error (error);

  /* Nothing added. */
  g_assert_true (pki_x509_add_extensions (cert, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pki_x509_get_extension_count (cert), ==, 0);

  bc = extension_ok ("basicConstraints", TRUE, "CA:TRUE", NULL);
  san = extension_ok ("subjectAltName", FALSE, "DNS:example.com,IP:192.0.2.1", NULL);
  c1 = extension_ok ("nsComment", FALSE, "first", NULL);
  c2 = extension_ok ("nsComment", FALSE, "second", NULL);
  {
    PkiX509Extension *exts[] = { bc, san, c1, c2 };
    g_assert_true (pki_x509_add_extensions (cert, exts, G_N_ELEMENTS (exts), &error));
    g_assert_no_error (error);
  }
  pki_assert_queue_empty ();
  g_assert_cmpuint (pki_x509_get_extension_count (cert), ==, 4);

  /* By index: copies, in order. */
  {
    static const char *const names[] = { "basicConstraints", "subjectAltName", "nsComment",
                                         "nsComment" };
    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
      g_autoptr (PkiX509Extension) ext = pki_x509_get_extension (cert, i, &error);
      g_autofree gchar *sn = NULL;
      g_assert_no_error (error);
      g_assert_nonnull (ext);
      g_assert_true (ext != bc && ext != san && ext != c1 && ext != c2);
      sn = pki_x509_extension_get_short_name (ext);
      g_assert_cmpstr (sn, ==, names[i]);
      g_assert_cmpint (pki_x509_extension_get_critical (ext), ==, i == 0);
    }
  }
  {
    g_autoptr (PkiX509Extension) first = pki_x509_get_extension (cert, 0, &error);
    g_autoptr (GBytes) data = pki_x509_extension_get_data (first);
    g_autoptr (PkiX509Extension) second = pki_x509_get_extension (cert, 1, &error);
    g_autofree gchar *text = extension_text (second);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), bc_der,
                     sizeof bc_der);
    g_assert_cmpstr (text, ==, "DNS:example.com, IP Address:192.0.2.1");
  }
  /* Out of range. */
  {
    static const guint idx[] = { 4, 5, G_MAXUINT };
    for (gsize i = 0; i < G_N_ELEMENTS (idx); i++) {
      g_autoptr (GError) err = NULL;
      g_autoptr (PkiX509Extension) ext = pki_x509_get_extension (cert, idx[i], &err);
      assert_pki_error (err, PKI_ERROR_BAD_INPUT);
      g_assert_null (ext);
    }
  }

  /* By OID or name: the first one; absent is NULL without error. */
  {
    static const struct {
      const char *oid, *text; /* text NULL: absent */
    } by_oid[] = {
      { "subjectAltName", "DNS:example.com, IP Address:192.0.2.1" },
      { "2.5.29.17", "DNS:example.com, IP Address:192.0.2.1" },
      { "basicConstraints", "CA:TRUE" },
      { "X509v3 Basic Constraints", "CA:TRUE" },
      { "2.5.29.19", "CA:TRUE" },
      { "nsComment", "first" },
      { "keyUsage", NULL },
      { "2.5.29.15", NULL },
      { "1.2.3.4", NULL },
    };
    for (gsize i = 0; i < G_N_ELEMENTS (by_oid); i++) {
      g_autoptr (GError) err = NULL;
      g_autoptr (PkiX509Extension) ext = pki_x509_get_extension_by_oid (cert, by_oid[i].oid,
                                                                        &err);
      g_test_message ("by oid %s", by_oid[i].oid);
      g_assert_no_error (err);
      pki_assert_queue_empty ();
      if (by_oid[i].text == NULL) {
        g_assert_null (ext);
      } else {
        g_autofree gchar *text = extension_text (ext);
        g_assert_cmpstr (text, ==, by_oid[i].text);
      }
    }
  }
  {
    static const char *const bad[] = { "noSuchExtension", "", "1.2.x", "9.1", "CN is no oid" };
    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
      g_autoptr (GError) err = NULL;
      g_autoptr (PkiX509Extension) ext = pki_x509_get_extension_by_oid (cert, bad[i], &err);
      g_test_message ("bad oid \"%s\"", bad[i]);
      assert_pki_error (err, PKI_ERROR_BAD_INPUT);
      g_assert_null (ext);
    }
  }

  /* The extensions the cert holds do not depend on the caller's objects,
   * and survive signing and a DER round trip in order. */
  g_clear_pointer (&bc, pki_x509_extension_unref);
  g_clear_pointer (&san, pki_x509_extension_unref);
  {
    g_autoptr (PkiX509Name) name = MAKE_NAME ("CN=ext");
    g_autoptr (GBytes) der = NULL;
    g_autoptr (PkiX509) again = NULL;
    g_autoptr (PkiX509Extension) ext = NULL;
    g_autofree gchar *sn = NULL;
    g_assert_true (pki_x509_set_subject (cert, name, &error));
    g_assert_true (pki_x509_set_issuer (cert, name, &error));
    g_assert_true (pki_x509_gmtime_adj_not_before (cert, 0, &error));
    g_assert_true (pki_x509_gmtime_adj_not_after (cert, 60, &error));
    g_assert_true (pki_x509_sign (cert, key, NULL, &error));
    g_assert_no_error (error);
    der = dump_ok (cert, PKI_FILETYPE_ASN1);
    again = load_ok (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (der));
    g_assert_cmpuint (pki_x509_get_extension_count (again), ==, 4);
    ext = pki_x509_get_extension (again, 3, &error);
    g_assert_no_error (error);
    sn = pki_x509_extension_get_short_name (ext);
    g_assert_cmpstr (sn, ==, "nsComment");
    {
      g_autofree gchar *text = extension_text (ext);
      g_assert_cmpstr (text, ==, "second");
    }
  }
}

/* --- copies and views --------------------------------------------------------- */

static void
test_copy (void)
{
  g_autoptr (GBytes) pem = pki_test_vector ("root_cert.pem");
  g_autoptr (PkiX509) root = NULL, copy = NULL;
  g_autoptr (PkiX509Name) view = NULL;
  g_autoptr (GBytes) out = NULL, copy_pem = NULL;
  g_autoptr (GError) error = NULL;

  if (pem == NULL)
    return;
  root = load_ok (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem));
  copy = pki_x509_copy (root);
  g_assert_nonnull (copy);
  g_assert_true (copy != root);
  copy_pem = dump_ok (copy, PKI_FILETYPE_PEM);
  assert_bytes_equal (copy_pem, pem);

  /* Changing the copy leaves the original alone. */
  set_serial_ok (copy, "1");
  assert_serial (copy, "01");
  view = pki_x509_get_subject (copy);
  g_assert_true (pki_x509_name_set_entry (view, "CN", "a copy", -1, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_set_not_after_string (copy, "20300101000000Z", &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_set_version (copy, 0, &error));
  g_assert_no_error (error);

  assert_serial (root, "3D0CC4E0C6DEB9F4");
  assert_not_after (root, "20471220171119Z");
  g_assert_cmpint (pki_x509_get_version (root), ==, 2);
  {
    g_autofree gchar *cn = subject_entry (root, "CN");
    g_autofree gchar *copy_cn = subject_entry (copy, "CN");
    g_assert_cmpstr (cn, ==, "Testing Root CA");
    g_assert_cmpstr (copy_cn, ==, "a copy");
  }
  out = dump_ok (root, PKI_FILETYPE_PEM);
  assert_bytes_equal (out, pem);

  /* And the other way round. */
  set_serial_ok (root, "2");
  assert_serial (copy, "01");
}

/* get_subject/get_issuer are live views that keep the certificate alive. */
static void
test_views (void)
{
  g_autoptr (GBytes) pem = pki_test_vector ("root_cert.pem");
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (PkiX509Name) subject = NULL, issuer = NULL, again = NULL, other = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) out = NULL, text = NULL;

  if (pem == NULL)
    return;
  key = vector_key ("root_key.pem");
  cert = load_ok (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem));
  subject = pki_x509_get_subject (cert);
  issuer = pki_x509_get_issuer (cert);

  /* A change through the view is a change of the certificate. */
  g_assert_true (pki_x509_name_set_entry (subject, "CN", "Changed", -1, &error));
  g_assert_no_error (error);
  again = pki_x509_get_subject (cert);
  {
    g_autofree gchar *cn = subject_entry (cert, "CN");
    g_autofree gchar *s = name_components (again);
    g_assert_cmpstr (cn, ==, "Changed");
    g_assert_cmpstr (s, ==, "C=US|ST=IL|L=Chicago|O=Testing|CN=Changed");
  }
  /* The issuer view is unaffected. */
  {
    g_autofree gchar *s = name_components (issuer);
    g_assert_cmpstr (s, ==, "C=US|ST=IL|L=Chicago|O=Testing|CN=Testing Root CA");
  }
  /* The change shows in the dumps; the old signature no longer matches. */
  out = dump_ok (cert, PKI_FILETYPE_PEM);
  g_assert_false (g_bytes_equal (out, pem));
  {
    g_autoptr (PkiX509) reloaded = load_ok (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (out));
    g_autofree gchar *cn = subject_entry (reloaded, "CN");
    g_assert_cmpstr (cn, ==, "Changed");
  }
  text = dump_ok (cert, PKI_FILETYPE_TEXT);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (text, NULL), g_bytes_get_size (text),
                                  "CN = Changed"));
  g_assert_false (pki_x509_verify_signature (cert, key, &error));
  assert_pki_error (error, PKI_ERROR_SIGNATURE);
  g_clear_error (&error);
  /* Signing covers it. */
  g_assert_true (pki_x509_sign (cert, key, "sha256", &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_verify_signature (cert, key, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GBytes) der = dump_ok (cert, PKI_FILETYPE_ASN1);
    g_autoptr (PkiX509) reloaded = load_ok (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (der));
    g_autofree gchar *cn = subject_entry (reloaded, "CN");
    g_assert_cmpstr (cn, ==, "Changed");
    g_assert_true (pki_x509_verify_signature (reloaded, key, &error));
    g_assert_no_error (error);
  }

  /* set_subject: an earlier view shows the new subject; the name given is
   * copied (changing it later does not change the certificate). */
  other = MAKE_NAME ("CN=other");
  g_assert_true (pki_x509_set_subject (cert, other, &error));
  g_assert_no_error (error);
  {
    g_autofree gchar *s = name_components (subject);
    g_assert_cmpstr (s, ==, "CN=other");
  }
  g_assert_true (pki_x509_name_set_entry (other, "CN", "not seen", -1, &error));
  g_assert_no_error (error);
  {
    g_autofree gchar *cn = subject_entry (cert, "CN");
    g_assert_cmpstr (cn, ==, "other");
  }
  g_assert_true (pki_x509_set_issuer (cert, other, &error));
  g_assert_no_error (error);
  {
    g_autofree gchar *s = name_components (issuer);
    g_assert_cmpstr (s, ==, "CN=not seen");
  }

  /* The views outlive the caller's reference to the certificate. */
  g_clear_pointer (&cert, pki_x509_unref);
  g_clear_pointer (&again, pki_x509_name_unref);
  {
    g_autofree gchar *s = pki_x509_name_to_string (subject);
    g_autofree gchar *is = pki_x509_name_to_string (issuer);
    g_assert_cmpstr (s, ==, "CN=other");
    g_assert_cmpstr (is, ==, "CN=not seen");
    g_assert_true (pki_x509_name_set_entry (subject, "O", "still alive", -1, &error));
    g_assert_no_error (error);
  }
  pki_assert_queue_empty ();
}

/* --- keys, signing and verification -------------------------------------------- */

static void
test_pubkey (void)
{
  g_autoptr (PkiPKey) root_key = vector_key ("root_key.pem");
  g_autoptr (PkiX509) cert = pki_x509_new ();
  g_autoptr (PkiX509) root = NULL;
  g_autoptr (PkiPKey) pub = NULL, root_pub = NULL;
  g_autoptr (GError) error = NULL;

  if (root_key == NULL)
    return;
  g_assert_true (pki_x509_set_pubkey (cert, root_key, &error));
  g_assert_no_error (error);
  pub = pki_x509_get_pubkey (cert, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pub);
  g_assert_false (pki_pkey_has_private (pub));
  g_assert_true (pki_pkey_public_equal (pub, root_key));
  g_assert_cmpint (pki_pkey_get_key_type (pub), ==, PKI_PKEY_TYPE_RSA);
  g_assert_cmpuint (pki_pkey_get_bits (pub), ==, 3072);

  /* A public-only key is fine for set_pubkey. */
  {
    g_autoptr (PkiPKey) ed = vector_key ("ed25519_private_key.pem");
    g_autoptr (PkiPKey) ed_pub = pki_pkey_get_public (ed);
    g_autoptr (PkiPKey) got = NULL;
    g_assert_true (pki_x509_set_pubkey (cert, ed_pub, &error));
    g_assert_no_error (error);
    got = pki_x509_get_pubkey (cert, &error);
    g_assert_no_error (error);
    g_assert_cmpint (pki_pkey_get_key_type (got), ==, PKI_PKEY_TYPE_ED25519);
    g_assert_true (pki_pkey_public_equal (got, ed));
  }

  /* The key returned stays valid after the certificate is gone. */
  root = vector_cert ("root_cert.pem");
  root_pub = pki_x509_get_pubkey (root, &error);
  g_assert_no_error (error);
  g_clear_pointer (&root, pki_x509_unref);
  g_assert_true (pki_pkey_public_equal (root_pub, root_key));
  pki_assert_queue_empty ();
}

typedef struct {
  const char *key;
  const char *digest;
  const char *sigalg;
} SignCase;

static const SignCase sign_cases[] = {
  { "root_key.pem", NULL, "sha256WithRSAEncryption" },
  { "root_key.pem", "sha512", "sha512WithRSAEncryption" },
  { "ec_p256_private_key.pem", "sha256", "ecdsa-with-SHA256" },
  { "ec_root_key_p384.pem", "sha384", "ecdsa-with-SHA384" },
  { "ed25519_private_key.pem", NULL, "ED25519" },
  { "ed448_private_key.pem", NULL, "ED448" },
};

static void
test_sign (void)
{
  g_autoptr (PkiPKey) other = vector_key ("server_key.pem");

  if (other == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (sign_cases); i++) {
    const SignCase *c = &sign_cases[i];
    g_autoptr (PkiPKey) key = vector_key (c->key);
    g_autoptr (PkiPKey) pub = pki_pkey_get_public (key);
    g_autoptr (PkiX509) cert = make_self_signed (key, c->key, c->digest);
    g_autoptr (GBytes) der = dump_ok (cert, PKI_FILETYPE_ASN1);
    g_autoptr (PkiX509) again = load_ok (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (der));
    g_autoptr (GError) error = NULL;

    g_test_message ("%s with %s", c->key, c->digest ? c->digest : "(null)");
    assert_sigalg (cert, c->sigalg);
    assert_sigalg (again, c->sigalg);
    g_assert_true (pki_x509_verify_signature (cert, key, &error));
    g_assert_no_error (error);
    g_assert_true (pki_x509_verify_signature (again, pub, &error));
    g_assert_no_error (error);
    pki_assert_queue_empty ();
    g_assert_false (pki_x509_verify_signature (again, other, &error));
    assert_pki_error (error, PKI_ERROR_SIGNATURE);
  }
}

static void
test_sign_errors (void)
{
  g_autoptr (PkiPKey) rsa = vector_key ("root_key.pem");
  g_autoptr (PkiPKey) ed = NULL, rsa_pub = NULL;
  g_autoptr (PkiX509) cert = NULL, ed_cert = NULL;
  static const struct {
    gboolean ed25519;
    gboolean public_only;
    const char *digest;
    gint code;
  } cases[] = {
    { FALSE, FALSE, "monkeys", PKI_ERROR_UNSUPPORTED },
    { FALSE, FALSE, "", PKI_ERROR_UNSUPPORTED },
    { FALSE, FALSE, "aes-128-cbc", PKI_ERROR_UNSUPPORTED },
    { TRUE, FALSE, "sha256", PKI_ERROR_UNSUPPORTED },
    { TRUE, FALSE, "sha512", PKI_ERROR_UNSUPPORTED },
    { FALSE, TRUE, "sha256", PKI_ERROR_KEY_TYPE },
    { FALSE, TRUE, NULL, PKI_ERROR_KEY_TYPE },
    { TRUE, TRUE, NULL, PKI_ERROR_KEY_TYPE },
  };

  if (rsa == NULL)
    return;
  ed = vector_key ("ed25519_private_key.pem");
  rsa_pub = pki_pkey_get_public (rsa);
  cert = make_self_signed (rsa, "rsa", "sha256");
  ed_cert = make_self_signed (ed, "ed", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPKey) ed_pub = pki_pkey_get_public (ed);
    PkiX509 *c = cases[i].ed25519 ? ed_cert : cert;
    PkiPKey *k = cases[i].ed25519 ? (cases[i].public_only ? ed_pub : ed)
                                  : (cases[i].public_only ? rsa_pub : rsa);
    g_test_message ("case %" G_GSIZE_FORMAT, i);
    g_assert_false (pki_x509_sign (c, k, cases[i].digest, &error));
    assert_pki_error (error, cases[i].code);
  }
  /* The certificates are as they were. */
  assert_sigalg (cert, "sha256WithRSAEncryption");
  assert_sigalg (ed_cert, "ED25519");
  {
    g_autoptr (GError) error = NULL;
    g_assert_true (pki_x509_verify_signature (cert, rsa_pub, &error));
    g_assert_no_error (error);
    g_assert_true (pki_x509_verify_signature (ed_cert, ed, &error));
    g_assert_no_error (error);
  }
  pki_assert_queue_empty ();

  /* Vector certificates verify with their issuer's key, not another. */
  {
    static const struct {
      const char *cert, *key;
      gboolean ok;
    } v[] = {
      { "root_cert.pem", "root_key.pem", TRUE },
      { "server_cert.pem", "root_key.pem", TRUE },
      { "client_cert.pem", "root_key.pem", TRUE },
      { "intermediate_cert.pem", "root_key.pem", TRUE },
      { "intermediate_server_cert.pem", "intermediate_key.pem", TRUE },
      { "ec_root_cert_p384.pem", "ec_root_key_p384.pem", TRUE },
      { "server_cert.pem", "server_key.pem", FALSE },
      { "intermediate_server_cert.pem", "root_key.pem", FALSE },
    };
    for (gsize i = 0; i < G_N_ELEMENTS (v); i++) {
      g_autoptr (PkiX509) c = vector_cert (v[i].cert);
      g_autoptr (PkiPKey) k = vector_key (v[i].key);
      g_autoptr (GError) error = NULL;
      gboolean ok = pki_x509_verify_signature (c, k, &error);
      g_test_message ("%s by %s", v[i].cert, v[i].key);
      g_assert_cmpint (ok, ==, v[i].ok);
      if (v[i].ok)
        g_assert_no_error (error);
      else
        assert_pki_error (error, PKI_ERROR_SIGNATURE);
      pki_assert_queue_empty ();
    }
  }
}

/* pki_verify_with_x509: the pyOpenSSL verify(cert, sig, data, digest). */
static void
test_verify_with_x509 (void)
{
  g_autoptr (PkiX509) root = vector_cert ("root_cert.pem");
  g_autoptr (PkiX509) server = NULL, ec_root = NULL, fresh = NULL;
  g_autoptr (GBytes) sig = NULL, orwell = NULL;
  g_autoptr (GError) error = NULL;
  static const char tainted_suffix[] = "tainted";

  if (root == NULL)
    return;
  server = vector_cert ("server_cert.pem");
  ec_root = vector_cert ("ec_root_cert_p384.pem");
  sig = pki_test_vector ("sig_root_key_orwell_sha256.bin");
  orwell = pki_test_vector ("orwell_content.txt");

  g_assert_true (pki_verify_with_x509 (root, PKI_BYTES_ARGS (sig), PKI_BYTES_ARGS (orwell),
                                       "sha256", &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  g_assert_true (pki_verify_with_x509 (root, PKI_BYTES_ARGS (sig), PKI_BYTES_ARGS (orwell), NULL,
                                       &error));
  g_assert_no_error (error);

  g_assert_false (pki_verify_with_x509 (server, PKI_BYTES_ARGS (sig), PKI_BYTES_ARGS (orwell),
                                        "sha256", &error));
  assert_pki_error (error, PKI_ERROR_SIGNATURE);
  g_clear_error (&error);
  g_assert_false (pki_verify_with_x509 (ec_root, PKI_BYTES_ARGS (sig), PKI_BYTES_ARGS (orwell),
                                        "sha256", &error));
  assert_pki_error (error, PKI_ERROR_SIGNATURE);
  g_clear_error (&error);
  {
    g_autoptr (GBytes) tainted = NULL;
    g_autoptr (GBytes) suffix = g_bytes_new_static (tainted_suffix, strlen (tainted_suffix));
    tainted = bytes_join (orwell, suffix, NULL);
    g_assert_false (pki_verify_with_x509 (root, PKI_BYTES_ARGS (sig), PKI_BYTES_ARGS (tainted),
                                          "sha256", &error));
    assert_pki_error (error, PKI_ERROR_SIGNATURE);
    g_clear_error (&error);
  }
  g_assert_false (pki_verify_with_x509 (root, PKI_BYTES_ARGS (sig), PKI_BYTES_ARGS (orwell),
                                        "sha1", &error));
  assert_pki_error (error, PKI_ERROR_SIGNATURE);
  g_clear_error (&error);
  g_assert_false (pki_verify_with_x509 (root, PKI_BYTES_ARGS (sig), PKI_BYTES_ARGS (orwell),
                                        "strange-digest", &error));
  assert_pki_error (error, PKI_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (pki_verify_with_x509 (root, (const guint8 *) "", 0, PKI_BYTES_ARGS (orwell),
                                        "sha256", &error));
  assert_pki_error (error, PKI_ERROR_SIGNATURE);
  g_clear_error (&error);

  /* A certificate without a key. */
  fresh = pki_x509_new ();
  g_assert_false (pki_verify_with_x509 (fresh, PKI_BYTES_ARGS (sig), PKI_BYTES_ARGS (orwell),
                                        "sha256", &error));
  g_assert_nonnull (error);
  g_assert_true (g_error_matches (error, PKI_ERROR, PKI_ERROR_BAD_INPUT) ||
                 g_error_matches (error, PKI_ERROR, PKI_ERROR_FAILED));
  pki_assert_queue_empty ();
}

/* --- interop with the openssl CLI --------------------------------------------- */

/* Self-signed certificates made by libpki pass `openssl verify` and print
 * with `openssl x509 -text` exactly as libpki's TEXT dump. */
static void
test_interop_self_signed (void)
{
  static const struct {
    const char *key, *digest;
  } keys[] = {
    { "root_key.pem", "sha256" },
    { "ec_p256_private_key.pem", "sha256" },
    { "ed25519_private_key.pem", NULL },
  };
  g_autoptr (X509Tmpdir) dir = NULL;
  g_autofree gchar *vdir = pki_test_shared_dir ("pyopenssl-vectors");

  if (vdir == NULL) {
    g_test_skip ("../shared/pyopenssl-vectors is absent");
    return;
  }
  dir = pki_test_tmpdir ();
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++) {
    g_autoptr (PkiPKey) key = vector_key (keys[i].key);
    g_autoptr (PkiX509) cert = make_self_signed (key, "libpki self-signed", keys[i].digest);
    g_autofree gchar *path = write_pem (dir, "self.pem", cert);
    g_autofree gchar *expect_verify = g_strconcat (path, ": OK\n", NULL);
    g_autoptr (GBytes) verified = CLI ("verify", "-CAfile", path, path);
    g_autoptr (GBytes) cli_text = CLI_FILE (dir, "x509", "-in", path, "-text", "-noout");
    g_autoptr (GBytes) my_text = dump_ok (cert, PKI_FILETYPE_TEXT);
    g_autoptr (GBytes) subj = CLI ("x509", "-in", path, "-noout", "-subject", "-nameopt",
                                   "RFC2253");
    g_autoptr (GBytes) oneline = CLI ("x509", "-in", path, "-noout", "-subject", "-nameopt",
                                      "compat");
    g_autoptr (GBytes) san = CLI ("x509", "-in", path, "-noout", "-ext", "subjectAltName");
    g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
    g_autofree gchar *rfc = pki_x509_name_to_string (subject);
    g_autofree gchar *ol = pki_x509_name_to_oneline (subject);
    g_autofree gchar *exp_subj = g_strconcat ("subject=", rfc, "\n", NULL);
    g_autofree gchar *exp_ol = g_strconcat ("subject=", ol, "\n", NULL);

    g_test_message ("%s", keys[i].key);
    assert_bytes_str (verified, expect_verify);
    assert_bytes_equal (my_text, cli_text);
    g_assert_cmpstr (rfc, ==, "CN=libpki self-signed,O=libpki");
    g_assert_cmpstr (ol, ==, "/O=libpki/CN=libpki self-signed");
    assert_bytes_str (subj, exp_subj);
    assert_bytes_str (oneline, exp_ol);
    assert_bytes_str (san, "X509v3 Subject Alternative Name: \n"
                           "    DNS:example.com, IP Address:192.0.2.1\n");
  }
}

/* A certificate the CLI makes loads with every field equal to what the CLI
 * prints about it. */
static void
test_interop_openssl_req (void)
{
  g_autoptr (X509Tmpdir) dir = pki_test_tmpdir ();
  g_autofree gchar *cert_path = g_build_filename (dir, "req.pem", NULL);
  g_autofree gchar *key_path = g_build_filename (dir, "req-key.pem", NULL);
  g_autoptr (GBytes) made = NULL, printed = NULL, pem = NULL, key_pem = NULL;
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (PkiX509Name) subject = NULL, issuer = NULL;
  g_autoptr (GDateTime) nb = NULL, na = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *serial = NULL, *subj = NULL, *iss = NULL, *snb = NULL, *sna = NULL,
                   *fp = NULL, *expected = NULL;
  g_auto (GStrv) lines = NULL;

  made = CLI ("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-subj",
              "/CN=x/O=y", "-days", "30", "-nodes", "-addext", "subjectAltName=DNS:example.com",
              "-keyout", key_path, "-out", cert_path);
  printed = CLI ("x509", "-in", cert_path, "-noout", "-serial", "-subject", "-issuer",
                 "-startdate", "-enddate", "-fingerprint", "-sha256");
  pem = pki_test_read_file (cert_path);
  cert = load_ok (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem));

  subject = pki_x509_get_subject (cert);
  issuer = pki_x509_get_issuer (cert);
  nb = pki_x509_get_not_before (cert);
  na = pki_x509_get_not_after (cert);
  serial = pki_x509_get_serial (cert); /* whole octets, as the CLI prints */
  subj = name_cli_form (subject);
  iss = name_cli_form (issuer);
  snb = cli_time (nb);
  sna = cli_time (na);
  fp = pki_x509_digest (cert, "sha256", &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("serial=%s\nsubject=%s\nissuer=%s\nnotBefore=%s\nnotAfter=%s\n"
                              "sha256 Fingerprint=%s\n",
                              serial, subj, iss, snb, sna, fp);
  assert_bytes_str (printed, expected);
  g_assert_cmpstr (subj, ==, "CN = x, O = y");

  /* The CLI's dates, through cert_time_to_seconds, are the GDateTimes. */
  lines = g_strsplit (g_bytes_get_data (printed, NULL), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 6);
  g_assert_true (g_str_has_prefix (lines[3], "notBefore="));
  g_assert_cmpint (pki_x509_cert_time_to_seconds (lines[3] + 10, &error), ==,
                   g_date_time_to_unix (nb));
  g_assert_no_error (error);
  g_assert_cmpint (pki_x509_cert_time_to_seconds (lines[4] + 9, &error), ==,
                   g_date_time_to_unix (na));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_to_unix (na) - g_date_time_to_unix (nb), ==, 30 * 86400);

  /* Other fields. */
  g_assert_cmpint (pki_x509_get_version (cert), ==, 2);
  assert_sigalg (cert, "ecdsa-with-SHA256");
  g_assert_false (has_expired_ok (cert));
  {
    g_autoptr (PkiX509Extension) san = pki_x509_get_extension_by_oid (cert, "subjectAltName",
                                                                      &error);
    g_autofree gchar *text = NULL;
    g_assert_no_error (error);
    g_assert_nonnull (san);
    text = extension_text (san);
    g_assert_cmpstr (text, ==, "DNS:example.com");
  }
  key_pem = pki_test_read_file (key_path);
  key = pki_pkey_load_private (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (key_pem), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pki_x509_verify_signature (cert, key, &error));
  g_assert_no_error (error);
  {
    g_autoptr (PkiPKey) pub = pki_x509_get_pubkey (cert, &error);
    g_assert_no_error (error);
    g_assert_true (pki_pkey_public_equal (pub, key));
    g_assert_cmpstr (pki_pkey_get_curve_name (pub), ==, "P-256");
  }
  /* And the dumps are the CLI's. */
  {
    g_autoptr (GBytes) mine = dump_ok (cert, PKI_FILETYPE_PEM);
    assert_bytes_equal (mine, pem);
  }
  pki_assert_queue_empty ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/x509/boxed", test_boxed);
  g_test_add_func ("/x509/vectors/facts", test_vector_facts);
  g_test_add_func ("/x509/vectors/digests", test_vector_digests);
  g_test_add_func ("/x509/vectors/names", test_vector_names);
  g_test_add_func ("/x509/vectors/special", test_vector_special);
  g_test_add_func ("/x509/dump", test_dump);
  g_test_add_func ("/x509/load/forms", test_load_forms);
  g_test_add_func ("/x509/load/bad-input", test_load_bad_input);
  g_test_add_func ("/x509/pem-der", test_pem_der);
  g_test_add_func ("/x509/pem-bundle", test_pem_bundle);
  g_test_add_func ("/x509/new", test_new);
  g_test_add_func ("/x509/serial", test_serial);
  g_test_add_func ("/x509/serial/random", test_random_serial);
  g_test_add_func ("/x509/version", test_version);
  g_test_add_func ("/x509/time/strings", test_time_strings);
  g_test_add_func ("/x509/time/encoding", test_time_encoding);
  g_test_add_func ("/x509/time/gdatetime", test_time_gdatetime);
  g_test_add_func ("/x509/time/adj", test_time_adj);
  g_test_add_func ("/x509/time/cert-time-to-seconds", test_cert_time_to_seconds);
  g_test_add_func ("/x509/extensions", test_extensions);
  g_test_add_func ("/x509/copy", test_copy);
  g_test_add_func ("/x509/views", test_views);
  g_test_add_func ("/x509/pubkey", test_pubkey);
  g_test_add_func ("/x509/sign", test_sign);
  g_test_add_func ("/x509/sign/errors", test_sign_errors);
  g_test_add_func ("/x509/verify-with-x509", test_verify_with_x509);
  g_test_add_func ("/x509/interop/self-signed", test_interop_self_signed);
  g_test_add_func ("/x509/interop/openssl-req", test_interop_openssl_req);

  return g_test_run ();
}
