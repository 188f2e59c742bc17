/* Tests for PkiCrl and PkiRevoked: pyOpenSSL's CRL vectors, entries and
 * reasons, lookups on lazily loaded and built CRLs, signing and exporting,
 * bad input, interoperability with the `openssl` CLI (crl, ca -gencrl) and
 * the shared CRL corpus.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* --- small helpers ------------------------------------------------------ */

/* A temporary directory that removes itself (with its files) at scope end. */
typedef gchar TestDir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestDir, pki_test_tmpdir_free)

#define PEM_ PKI_FILETYPE_PEM
#define DER_ PKI_FILETYPE_ASN1
#define TEXT_ PKI_FILETYPE_TEXT

#define R_NONE PKI_CRL_REASON_NONE

#define assert_not_contains(b, needle)                                        \
  G_STMT_START {                                                              \
    if (bytes_contains ((b), (needle)))                                       \
      g_error ("%s:%d: unexpected \"%s\" in output", __FILE__, __LINE__,      \
               (needle));                                                     \
  } G_STMT_END

/* Counts the occurrences of @needle in @b. */
static guint
bytes_count (GBytes *b, const void *needle, gsize nlen)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (b, &len);
  guint n = 0;
  for (gsize i = 0; i + nlen <= len; i++)
    if (memcmp (data + i, needle, nlen) == 0)
      n++;
  return n;
}

/* The offset of the first @needle in @b, or -1. */
static gssize
bytes_find (GBytes *b, const void *needle, gsize nlen)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (b, &len);
  for (gsize i = 0; i + nlen <= len; i++)
    if (memcmp (data + i, needle, nlen) == 0)
      return (gssize) i;
  return -1;
}

/* A copy of @b with the byte at @offset replaced by @value. */
static GBytes *
bytes_patch (GBytes *b, gsize offset, guint8 value)
{
  gsize len;
  guint8 *copy = g_memdup2 (g_bytes_get_data (b, &len), g_bytes_get_size (b));
  g_assert_cmpuint (offset, <, len);
  copy[offset] = value;
  return g_bytes_new_take (copy, len);
}

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

static GDateTime *
utc (gint y, gint mo, gint d, gint h, gint mi, gint s)
{
  GDateTime *dt = g_date_time_new_utc (y, mo, d, h, mi, s);
  g_assert_nonnull (dt);
  return dt;
}

/* @dt (may be NULL) is the UTC time "YYYYMMDDhhmmssZ" @expected (or NULL). */
static void
assert_time (GDateTime *dt, const char *expected)
{
  g_autofree gchar *s = NULL;
  if (expected == NULL) {
    g_assert_null (dt);
    return;
  }
  g_assert_nonnull (dt);
  g_assert_cmpint (g_date_time_get_utc_offset (dt), ==, 0);
  s = g_date_time_format (dt, "%Y%m%d%H%M%SZ");
  g_assert_cmpstr (s, ==, expected);
}

/* Takes @dt (may be NULL) and asserts it as assert_time does. */
static void
assert_time_take (GDateTime *dt, const char *expected)
{
  assert_time (dt, expected);
  if (dt != NULL)
    g_date_time_unref (dt);
}

/* Takes @s and compares it with @expected. */
static void
assert_str_take (gchar *s, const char *expected)
{
  pki_assert_queue_empty ();
  g_assert_cmpstr (s, ==, expected);
  g_free (s);
}

/* --- libpki calls that must succeed -------------------------------------- */

static PkiCrl *
crl_load_ok (PkiFiletype type, GBytes *b)
{
  g_autoptr (GError) error = NULL;
  PkiCrl *crl = pki_crl_load (type, PKI_BYTES_ARGS (b), &error);
  return pki_test_assert_ok (crl, error);
}

/* A CRL vector in PEM; NULL (test skipped) without the vectors. */
static PkiCrl *
vector_crl (const char *name)
{
  g_autoptr (GBytes) b = pki_test_vector (name);
  return b != NULL ? crl_load_ok (PEM_, b) : NULL;
}

static PkiX509 *
vector_cert (const char *name)
{
  g_autoptr (GBytes) b = pki_test_vector (name);
  g_autoptr (GError) error = NULL;
  PkiX509 *cert;
  if (b == NULL)
    return NULL;
  cert = pki_x509_load (PEM_, PKI_BYTES_ARGS (b), &error);
  return pki_test_assert_ok (cert, error);
}

static PkiPKey *
cert_key (PkiX509 *cert)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_x509_get_pubkey (cert, &error);
  return pki_test_assert_ok (key, error);
}

static GBytes *
dump_ok (PkiCrl *crl, PkiFiletype type)
{
  g_autoptr (GError) error = NULL;
  GBytes *b = pki_crl_dump (crl, type, &error);
  return pki_test_assert_ok (b, error);
}

static GPtrArray *
revoked_ok (PkiCrl *crl)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *list = pki_crl_get_revoked (crl, &error);
  pki_test_assert_ok (list, error);
  /* (an empty CRL's count is checked in test_revoked_count_empty) */
  if (list->len > 0)
    g_assert_cmpuint (list->len, ==, pki_crl_get_revoked_count (crl));
  return list;
}

/* pki_crl_lookup of @hex: finds the entry with serial @expected, or (for
 * @expected NULL) nothing and no error. */
static void
assert_lookup (PkiCrl *crl, const char *hex, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiRevoked) r = pki_crl_lookup (crl, hex, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  if (expected == NULL) {
    if (r != NULL)
      g_error ("lookup of %s found an entry", hex);
    return;
  }
  if (r == NULL)
    g_error ("lookup of %s found nothing", hex);
  assert_str_take (pki_revoked_get_serial (r), expected);
}

static void
verify_ok (PkiCrl *crl, PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (pki_crl_verify (crl, key, &error));
  pki_assert_queue_empty ();
  g_assert_no_error (error);
}

static void
verify_fails (PkiCrl *crl, PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  g_assert_false (pki_crl_verify (crl, key, &error));
  pki_test_assert_error (error, PKI_ERROR_SIGNATURE);
}

static void
sign_ok (PkiCrl *crl, PkiX509 *issuer, PkiPKey *key, const char *digest)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (pki_crl_sign (crl, issuer, key, digest, &error));
  pki_assert_queue_empty ();
  g_assert_no_error (error);
}

static void
add_serial_ok (PkiCrl *crl, const char *hex, GDateTime *when, PkiCrlReason reason)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (pki_crl_add_serial (crl, hex, when, reason, &error));
  pki_assert_queue_empty ();
  g_assert_no_error (error);
}

static void
set_serial_ok (PkiRevoked *r, const char *hex)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (pki_revoked_set_serial (r, hex, &error));
  pki_assert_queue_empty ();
  g_assert_no_error (error);
}

static void
set_date_string_ok (PkiRevoked *r, const char *when)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (pki_revoked_set_revocation_date_string (r, when, &error));
  pki_assert_queue_empty ();
  g_assert_no_error (error);
}

static void
set_reason_name_ok (PkiRevoked *r, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (pki_revoked_set_reason_name (r, name, &error));
  pki_assert_queue_empty ();
  g_assert_no_error (error);
}

static void
add_revoked_ok (PkiCrl *crl, PkiRevoked *r)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (pki_crl_add_revoked (crl, r, &error));
  pki_assert_queue_empty ();
  g_assert_no_error (error);
}

/* A new entry with @serial, @date and @reason (a name, or NULL). */
static PkiRevoked *
make_revoked (const char *serial, const char *date, const char *reason)
{
  PkiRevoked *r = pki_revoked_new ();
  set_serial_ok (r, serial);
  set_date_string_ok (r, date);
  if (reason != NULL)
    set_reason_name_ok (r, reason);
  return r;
}

static PkiPKey *
ec_key (void)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_generate_ec ("prime256v1", &error);
  return pki_test_assert_ok (key, error);
}

static PkiPKey *
ed25519_key (void)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_generate (PKI_PKEY_TYPE_ED25519, 0, &error);
  return pki_test_assert_ok (key, error);
}

/* A self-signed CA "CN=@cn" for @key, with a subjectKeyIdentifier when
 * @with_ski, signed with @digest. */
static PkiX509 *
make_ca (PkiPKey *key, const char *cn, gboolean with_ski, const char *digest)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();
  g_autoptr (PkiX509Extension) bc = NULL;
  g_autoptr (PkiX509Extension) ku = NULL;
  g_autoptr (PkiX509Extension) ski = NULL;
  PkiX509Extension *exts[3];
  guint n = 0;
  PkiX509 *cert = pki_x509_new ();

  g_assert_true (pki_x509_name_set_entry (name, "CN", cn, -1, &error));
  g_assert_true (pki_x509_set_version (cert, 2, &error));
  g_assert_true (pki_x509_set_subject (cert, name, &error));
  g_assert_true (pki_x509_set_issuer (cert, name, &error));
  g_assert_true (pki_x509_set_serial (cert, "01", &error));
  g_assert_true (pki_x509_set_pubkey (cert, key, &error));
  g_assert_true (pki_x509_gmtime_adj_not_before (cert, -3600, &error));
  g_assert_true (pki_x509_gmtime_adj_not_after (cert, 86400, &error));
  bc = pki_x509_extension_new ("basicConstraints", TRUE, "CA:TRUE", NULL, NULL, &error);
  g_assert_no_error (error);
  exts[n++] = bc;
  ku = pki_x509_extension_new ("keyUsage", TRUE, "keyCertSign, cRLSign", NULL, NULL, &error);
  g_assert_no_error (error);
  exts[n++] = ku;
  if (with_ski) {
    ski = pki_x509_extension_new ("subjectKeyIdentifier", FALSE, "hash", cert, NULL, &error);
    g_assert_no_error (error);
    exts[n++] = ski;
  }
  g_assert_true (pki_x509_add_extensions (cert, exts, n, &error));
  g_assert_true (pki_x509_sign (cert, key, digest, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  return cert;
}

/* A leaf certificate with serial @serial issued by @ca (@ca_key). */
static PkiX509 *
make_leaf (PkiX509 *ca, PkiPKey *ca_key, PkiPKey *key, const char *serial)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();
  g_autoptr (PkiX509Name) issuer = pki_x509_get_subject (ca);
  PkiX509 *cert = pki_x509_new ();

  g_assert_true (pki_x509_name_set_entry (name, "CN", "leaf", -1, &error));
  g_assert_true (pki_x509_set_version (cert, 2, &error));
  g_assert_true (pki_x509_set_subject (cert, name, &error));
  g_assert_true (pki_x509_set_issuer (cert, issuer, &error));
  g_assert_true (pki_x509_set_serial (cert, serial, &error));
  g_assert_true (pki_x509_set_pubkey (cert, key, &error));
  g_assert_true (pki_x509_gmtime_adj_not_before (cert, 0, &error));
  g_assert_true (pki_x509_gmtime_adj_not_after (cert, 3600, &error));
  g_assert_true (pki_x509_sign (cert, ca_key, NULL, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  return cert;
}

/* The subjectKeyIdentifier of @cert. */
static GBytes *
cert_ski (PkiX509 *cert)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Extension) ext = pki_x509_get_extension_by_oid (cert, "2.5.29.14", &error);
  GBytes *id;
  pki_test_assert_ok (ext, error);
  id = pki_x509_extension_get_key_identifier (ext, &error);
  return pki_test_assert_ok (id, error);
}

/* An EC CA shared by the tests that only need some signed CRL (made in
 * main, released after the run). */
static PkiPKey *shared_ca_key;
static PkiX509 *shared_ca;

/* Signs @crl with the shared CA and returns its DER. */
static GBytes *
sign_der (PkiCrl *crl)
{
  sign_ok (crl, shared_ca, shared_ca_key, NULL);
  return dump_ok (crl, DER_);
}

/* The serials of @list, joined with ",". */
static gchar *
serials_of (GPtrArray *list)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < list->len; i++) {
    g_autofree gchar *serial = pki_revoked_get_serial (list->pdata[i]);
    g_string_append_printf (s, "%s%s", i ? "," : "", serial);
  }
  return g_string_free (s, FALSE);
}

/* One line per entry: serial, date, reason name, invalidity date and
 * certificate issuer names. */
static gchar *
describe_entries_full (GPtrArray *list, gboolean with_issuers)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < list->len; i++) {
    PkiRevoked *r = list->pdata[i];
    g_autoptr (GError) error = NULL;
    g_autofree gchar *serial = pki_revoked_get_serial (r);
    g_autofree gchar *date = pki_revoked_get_revocation_date_string (r);
    g_autoptr (GDateTime) inv = pki_revoked_get_invalidity_date (r);
    g_autofree gchar *inv_s = inv ? g_date_time_format (inv, "%Y%m%d%H%M%SZ") : NULL;
    g_autoptr (GPtrArray) issuer = NULL;
    const char *reason = pki_revoked_get_reason_name (r);

    if (with_issuers) {
      issuer = pki_revoked_get_certificate_issuer (r, &error);
      pki_test_assert_ok (issuer, error);
    }
    g_string_append_printf (s, "%s %s %s %s", serial, date ? date : "-", reason ? reason : "-",
                            inv_s ? inv_s : "-");
    for (guint j = 0; with_issuers && j < issuer->len; j++)
      g_string_append_printf (s, " %d:%s", pki_general_name_get_kind (issuer->pdata[j]),
                              pki_general_name_get_value (issuer->pdata[j], NULL));
    g_string_append_c (s, '\n');
  }
  return g_string_free (s, FALSE);
}

static gchar *
describe_entries (GPtrArray *list)
{
  return describe_entries_full (list, TRUE);
}

/* --- OpenSSL CLI with both streams --------------------------------------- */

/* Runs `openssl @argv` (without "openssl"), stores its stdout and stderr
 * in *@out and *@err (to free) and returns whether it exited with 0.  The
 * helpers of pki-test.h drop stderr, where `openssl crl` says "verify OK". */
static gboolean
openssl_run (const char *const *argv, gchar **out, gchar **err)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  gint status = 0;

  g_ptr_array_add (args, (gpointer) "openssl");
  for (; *argv; argv++)
    g_ptr_array_add (args, (gpointer) *argv);
  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (NULL, (gchar **) args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out,
                     err, &status, &error))
    g_error ("cannot run openssl: %s", error->message);
  return g_spawn_check_wait_status (status, NULL);
}

#define OPENSSL_RUN(out, err, ...)                                            \
  openssl_run ((const char *const[]){ __VA_ARGS__, NULL }, out, err)

/* `openssl crl -noout -CAfile @ca_path -in @crl_path` succeeds and says
 * "verify OK" (or fails and says "verify failure" when !@good). */
static void
assert_openssl_crl_verify (const char *ca_path, const char *crl_path, gboolean good)
{
  g_autofree gchar *out = NULL, *err = NULL;
  gboolean ok = OPENSSL_RUN (&out, &err, "crl", "-noout", "-CAfile", ca_path, "-in", crl_path);
  g_autofree gchar *all = g_strconcat (out, err, NULL);

  if (good) {
    if (!ok || strstr (all, "verify OK") == NULL || strstr (all, "verify failure") != NULL)
      g_error ("openssl crl -CAfile %s -in %s: %s", ca_path, crl_path, all);
  } else {
    if (strstr (all, "verify OK") != NULL || strstr (all, "verify failure") == NULL)
      g_error ("openssl crl -CAfile %s -in %s verified: %s", ca_path, crl_path, all);
  }
}

/* ========================================================================= */
/* PkiRevoked */

static void
test_revoked_new (void)
{
  g_autoptr (PkiRevoked) r = pki_revoked_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) issuer = NULL;
  PkiRevoked *r2;

  assert_str_take (pki_revoked_get_serial (r), "00");
  g_assert_null (pki_revoked_get_revocation_date (r));
  g_assert_null (pki_revoked_get_revocation_date_string (r));
  g_assert_cmpint (pki_revoked_get_reason (r), ==, PKI_CRL_REASON_NONE);
  g_assert_null (pki_revoked_get_reason_name (r));
  g_assert_null (pki_revoked_get_invalidity_date (r));
  issuer = pki_revoked_get_certificate_issuer (r, &error);
  pki_test_assert_ok (issuer, error);
  g_assert_cmpuint (issuer->len, ==, 0);

  /* ref/unref and the boxed type */
  r2 = pki_revoked_ref (r);
  g_assert_true (r2 == r);
  pki_revoked_unref (r2);
  pki_revoked_unref (NULL);
  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_REVOKED));
  r2 = g_boxed_copy (PKI_TYPE_REVOKED, r);
  g_assert_true (r2 == r);
  g_boxed_free (PKI_TYPE_REVOKED, r2);
  assert_str_take (pki_revoked_get_serial (r), "00");
  pki_assert_queue_empty ();
}

static void
test_crl_boxed (void)
{
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  PkiCrl *c2;
  GEnumClass *klass;
  GEnumValue *v;

  c2 = pki_crl_ref (crl);
  g_assert_true (c2 == crl);
  pki_crl_unref (c2);
  pki_crl_unref (NULL);
  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_CRL));
  c2 = g_boxed_copy (PKI_TYPE_CRL, crl);
  g_assert_true (c2 == crl);
  g_boxed_free (PKI_TYPE_CRL, c2);

  g_assert_true (G_TYPE_IS_ENUM (PKI_TYPE_CRL_REASON));
  klass = g_type_class_ref (PKI_TYPE_CRL_REASON);
  g_assert_cmpuint (klass->n_values, ==, 11);
  v = g_enum_get_value (klass, PKI_CRL_REASON_KEY_COMPROMISE);
  g_assert_nonnull (v);
  g_assert_cmpstr (v->value_nick, ==, "key-compromise");
  v = g_enum_get_value (klass, PKI_CRL_REASON_NONE);
  g_assert_nonnull (v);
  g_assert_cmpstr (v->value_nick, ==, "none");
  g_assert_null (g_enum_get_value (klass, 7));
  g_type_class_unref (klass);
  pki_assert_queue_empty ();
}

static void
test_revoked_serial (void)
{
  static const struct {
    const char *in, *out;
  } good[] = {
    { "10b", "010B" },
    { "10B", "010B" },
    { "3ab", "03AB" },
    { "03AB", "03AB" },
    { "0003AB", "03AB" },
    { "0x3ab", "03AB" },
    { "0X03AB", "03AB" },
    { "0", "00" },
    { "00", "00" },
    { "0000", "00" },
    { "1", "01" },
    { "7f", "7F" },
    { "80", "80" },
    { "ff", "FF" },
    { "100", "0100" },
    { "FF01", "FF01" },
    { "0123456789abcdefABCDEF", "0123456789ABCDEFABCDEF" },
    /* 20 octets, the most RFC 5280 allows */
    { "7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" },
    { "00000000000000000001", "01" },
  };
  static const char *const bad[] = {
    "31ppp",  /* pyOpenSSL took "31"; libpki refuses it */
    "pqrst",
    "",
    "0x",
    "-1",
    "-0x1",
    " 1",
    "1 ",
    "1:2",
    "g",
    "0x0x1",
    "12345678901234567890123456789012345678901", /* 41 digits, 21 octets */
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++) {
    g_autoptr (PkiRevoked) r = pki_revoked_new ();
    set_serial_ok (r, good[i].in);
    assert_str_take (pki_revoked_get_serial (r), good[i].out);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (PkiRevoked) r = pki_revoked_new ();
    g_autoptr (GError) error = NULL;
    set_serial_ok (r, "0abc");
    g_assert_false (pki_revoked_set_serial (r, bad[i], &error));
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
    /* unchanged */
    assert_str_take (pki_revoked_get_serial (r), "0ABC");
  }
  {
    /* a NULL error location is fine */
    g_autoptr (PkiRevoked) r = pki_revoked_new ();
    g_assert_false (pki_revoked_set_serial (r, "xyz", NULL));
    pki_assert_queue_empty ();
  }
}

static void
test_revoked_date (void)
{
  static const struct {
    const char *in, *out;
    /* the DER encoding of the date in a CRL: tag and contents */
    const char *der;
  } good[] = {
    { "20090725233456Z", "20090725233456Z", "\x17\x0d" "090725233456Z" },
    { "20090725233456+0130", "20090725220456Z", "\x17\x0d" "090725220456Z" },
    { "20090725233456-0100", "20090726003456Z", "\x17\x0d" "090726003456Z" },
    { "20000101003000+0100", "19991231233000Z", "\x17\x0d" "991231233000Z" },
    { "19500101000000Z", "19500101000000Z", "\x17\x0d" "500101000000Z" },
    { "19491231235959Z", "19491231235959Z", "\x18\x0f" "19491231235959Z" },
    { "20491231235959Z", "20491231235959Z", "\x17\x0d" "491231235959Z" },
    { "20500101000000Z", "20500101000000Z", "\x18\x0f" "20500101000000Z" },
    { "20491231233000-0100", "20500101003000Z", "\x18\x0f" "20500101003000Z" },
    { "99991231235959Z", "99991231235959Z", "\x18\x0f" "99991231235959Z" },
  };
  static const char *const bad[] = {
    "",
    "garbage",
    "2009072523345Z",
    "20090725233456",
    "20090725233456z",
    "20090725233456Zx",
    "20091325000000Z",
    "20090025000000Z",
    "20090700000000Z",
    "20090725243456Z",
    "20090725236056Z",
    "20090725233460Z",
    "20090231000000Z",
    "20090725233456+2400",
    "20090725233456+0060",
    "20090725233456+01",
    "20090725233456 0100",
    "00000101000000Z",
    "2009-07-25T23:34:56Z",
  };
  g_autoptr (PkiRevoked) r = pki_revoked_new ();
  g_autoptr (GDateTime) when = utc (2009, 7, 25, 23, 34, 56);
  g_autoptr (GError) error = NULL;

  /* GDateTime in and out; a non-UTC time is stored in UTC */
  g_assert_true (pki_revoked_set_revocation_date (r, when, &error));
  g_assert_no_error (error);
  assert_time_take (pki_revoked_get_revocation_date (r), "20090725233456Z");
  assert_str_take (pki_revoked_get_revocation_date_string (r), "20090725233456Z");
  {
    g_autoptr (GTimeZone) tz = g_time_zone_new_offset (-5 * 3600);
    g_autoptr (GDateTime) local = g_date_time_new (tz, 2020, 2, 29, 20, 0, 1);
    g_assert_true (pki_revoked_set_revocation_date (r, local, &error));
    g_assert_no_error (error);
    assert_time_take (pki_revoked_get_revocation_date (r), "20200301010001Z");
  }

  for (guint i = 0; i < G_N_ELEMENTS (good); i++) {
    g_autoptr (PkiRevoked) e = pki_revoked_new ();
    g_autoptr (PkiCrl) crl = pki_crl_new ();
    g_autoptr (GBytes) der = NULL;
    g_autoptr (PkiCrl) back = NULL;
    g_autoptr (GPtrArray) list = NULL;
    g_autoptr (GDateTime) dt = NULL;

    set_serial_ok (e, "01");
    set_date_string_ok (e, good[i].in);
    assert_str_take (pki_revoked_get_revocation_date_string (e), good[i].out);
    dt = pki_revoked_get_revocation_date (e);
    assert_time (dt, good[i].out);
    /* through a CRL: the encoding is RFC 5280's */
    add_revoked_ok (crl, e);
    der = sign_der (crl);
    if (bytes_find (der, good[i].der, strlen (good[i].der + 2) + 2) < 0)
      g_error ("%s is not encoded as %s", good[i].in, good[i].der + 2);
    back = crl_load_ok (DER_, der);
    list = revoked_ok (back);
    g_assert_cmpuint (list->len, ==, 1);
    assert_str_take (pki_revoked_get_revocation_date_string (list->pdata[0]), good[i].out);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) err = NULL;
    g_assert_false (pki_revoked_set_revocation_date_string (r, bad[i], &err));
    pki_test_assert_error (err, PKI_ERROR_BAD_INPUT);
    /* unchanged */
    assert_str_take (pki_revoked_get_revocation_date_string (r), "20200301010001Z");
  }
}

static void
test_revoked_all_reasons (void)
{
  static const char *const expected[] = {
    "unspecified", "keyCompromise", "CACompromise", "affiliationChanged", "superseded",
    "cessationOfOperation", "certificateHold", "removeFromCRL", "privilegeWithdrawn",
    "AACompromise", NULL,
  };
  const char *const *all = pki_revoked_all_reasons ();

  g_assert_nonnull (all);
  g_assert_cmpstrv (all, expected);
  g_assert_true (pki_revoked_all_reasons () == all);
}

static void
test_revoked_reasons (void)
{
  static const struct {
    const char *name;
    PkiCrlReason code;
    const char *display;
  } table[] = {
    { "unspecified", PKI_CRL_REASON_UNSPECIFIED, "Unspecified" },
    { "keyCompromise", PKI_CRL_REASON_KEY_COMPROMISE, "Key Compromise" },
    { "CACompromise", PKI_CRL_REASON_CA_COMPROMISE, "CA Compromise" },
    { "affiliationChanged", PKI_CRL_REASON_AFFILIATION_CHANGED, "Affiliation Changed" },
    { "superseded", PKI_CRL_REASON_SUPERSEDED, "Superseded" },
    { "cessationOfOperation", PKI_CRL_REASON_CESSATION_OF_OPERATION, "Cessation Of Operation" },
    { "certificateHold", PKI_CRL_REASON_CERTIFICATE_HOLD, "Certificate Hold" },
    { "removeFromCRL", PKI_CRL_REASON_REMOVE_FROM_CRL, "Remove From CRL" },
    { "privilegeWithdrawn", PKI_CRL_REASON_PRIVILEGE_WITHDRAWN, "Privilege Withdrawn" },
    { "AACompromise", PKI_CRL_REASON_AA_COMPROMISE, "AA Compromise" },
  };
  /* case and spaces do not matter; the printed names are accepted */
  static const struct {
    const char *name;
    PkiCrlReason code;
  } loose[] = {
    { "sUpErSeDEd", PKI_CRL_REASON_SUPERSEDED },
    { "Superseded", PKI_CRL_REASON_SUPERSEDED },
    { "Key Compromise", PKI_CRL_REASON_KEY_COMPROMISE },
    { "KEYCOMPROMISE", PKI_CRL_REASON_KEY_COMPROMISE },
    { "  key   compromise ", PKI_CRL_REASON_KEY_COMPROMISE },
    { "k e y c o m p r o m i s e", PKI_CRL_REASON_KEY_COMPROMISE },
    { "cacompromise", PKI_CRL_REASON_CA_COMPROMISE },
    { "CA Compromise", PKI_CRL_REASON_CA_COMPROMISE },
    { "aacompromise", PKI_CRL_REASON_AA_COMPROMISE },
    { "AA Compromise", PKI_CRL_REASON_AA_COMPROMISE },
    { "Remove From CRL", PKI_CRL_REASON_REMOVE_FROM_CRL },
    { "Cessation Of Operation", PKI_CRL_REASON_CESSATION_OF_OPERATION },
    { "certificate hold", PKI_CRL_REASON_CERTIFICATE_HOLD },
  };
  static const char *const bad[] = {
    "blue", "", " ", "key-compromise", "keyCompromised", "Key_Compromise", "compromise",
    "unspecifie", "0", "1", "none", "aACompromised",
  };
  static const PkiCrlReason bad_codes[] = { 7, 11, -2, 100, G_MAXINT };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++) {
    g_autoptr (PkiRevoked) r = pki_revoked_new ();
    g_autoptr (GError) error = NULL;
    PkiCrlReason code = R_NONE;

    g_assert_cmpstr (pki_crl_reason_to_string (table[i].code), ==, table[i].name);
    g_assert_true (pki_crl_reason_from_string (table[i].name, &code, &error));
    g_assert_no_error (error);
    g_assert_cmpint (code, ==, table[i].code);
    g_assert_true (pki_crl_reason_from_string (table[i].display, &code, &error));
    g_assert_no_error (error);
    g_assert_cmpint (code, ==, table[i].code);

    set_reason_name_ok (r, table[i].name);
    g_assert_cmpint (pki_revoked_get_reason (r), ==, table[i].code);
    g_assert_cmpstr (pki_revoked_get_reason_name (r), ==, table[i].display);

    /* by code */
    {
      g_autoptr (PkiRevoked) r2 = pki_revoked_new ();
      g_assert_true (pki_revoked_set_reason (r2, table[i].code, &error));
      g_assert_no_error (error);
      g_assert_cmpint (pki_revoked_get_reason (r2), ==, table[i].code);
      g_assert_cmpstr (pki_revoked_get_reason_name (r2), ==, table[i].display);
    }
    pki_assert_queue_empty ();
  }
  g_assert_null (pki_crl_reason_to_string (PKI_CRL_REASON_NONE));
  g_assert_null (pki_crl_reason_to_string (7));
  g_assert_null (pki_crl_reason_to_string (11));

  for (guint i = 0; i < G_N_ELEMENTS (loose); i++) {
    g_autoptr (PkiRevoked) r = pki_revoked_new ();
    g_autoptr (GError) error = NULL;
    PkiCrlReason code = R_NONE;
    g_assert_true (pki_crl_reason_from_string (loose[i].name, &code, &error));
    g_assert_no_error (error);
    g_assert_cmpint (code, ==, loose[i].code);
    set_reason_name_ok (r, loose[i].name);
    g_assert_cmpint (pki_revoked_get_reason (r), ==, loose[i].code);
    for (guint j = 0; j < G_N_ELEMENTS (table); j++)
      if (table[j].code == loose[i].code)
        g_assert_cmpstr (pki_revoked_get_reason_name (r), ==, table[j].display);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (PkiRevoked) r = pki_revoked_new ();
    g_autoptr (GError) error = NULL;
    g_autoptr (GError) error2 = NULL;
    PkiCrlReason code = PKI_CRL_REASON_CERTIFICATE_HOLD;

    g_assert_false (pki_crl_reason_from_string (bad[i], &code, &error));
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
    set_reason_name_ok (r, "superseded");
    g_assert_false (pki_revoked_set_reason_name (r, bad[i], &error2));
    pki_test_assert_error (error2, PKI_ERROR_BAD_INPUT);
    /* the entry is unchanged */
    g_assert_cmpint (pki_revoked_get_reason (r), ==, PKI_CRL_REASON_SUPERSEDED);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad_codes); i++) {
    g_autoptr (PkiRevoked) r = pki_revoked_new ();
    g_autoptr (GError) error = NULL;
    set_reason_name_ok (r, "keyCompromise");
    g_assert_false (pki_revoked_set_reason (r, bad_codes[i], &error));
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
    g_assert_cmpint (pki_revoked_get_reason (r), ==, PKI_CRL_REASON_KEY_COMPROMISE);
  }

  /* replacing and removing */
  {
    g_autoptr (PkiRevoked) r = make_revoked ("01", "20200101000000Z", "keyCompromise");
    g_autoptr (PkiCrl) crl = pki_crl_new ();
    g_autoptr (GBytes) der = NULL;
    g_autoptr (GError) error = NULL;
    static const guint8 reason_oid[] = { 0x06, 0x03, 0x55, 0x1d, 0x15 };

    set_reason_name_ok (r, "Superseded");
    g_assert_cmpstr (pki_revoked_get_reason_name (r), ==, "Superseded");
    add_revoked_ok (crl, r);
    der = sign_der (crl);
    /* one reasonCode extension, not two */
    g_assert_cmpuint (bytes_count (der, reason_oid, sizeof reason_oid), ==, 1);

    set_reason_name_ok (r, NULL);
    g_assert_cmpint (pki_revoked_get_reason (r), ==, PKI_CRL_REASON_NONE);
    g_assert_null (pki_revoked_get_reason_name (r));
    set_reason_name_ok (r, NULL);
    g_assert_null (pki_revoked_get_reason_name (r));
    set_reason_name_ok (r, "cessationOfOperation");
    g_assert_true (pki_revoked_set_reason (r, PKI_CRL_REASON_NONE, &error));
    g_assert_no_error (error);
    g_assert_null (pki_revoked_get_reason_name (r));
    pki_assert_queue_empty ();
  }
}

/* A reason code RFC 5280 does not define (7) reads back as "Unknown". */
static void
test_revoked_unknown_reason (void)
{
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GBytes) patched = NULL;
  g_autoptr (PkiCrl) back = NULL;
  g_autoptr (PkiRevoked) r = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) when = utc (2021, 1, 1, 0, 0, 0);
  static const guint8 remove_from_crl[] = { 0x04, 0x03, 0x0a, 0x01, 0x08 };
  gssize at;

  add_serial_ok (crl, "2A", when, PKI_CRL_REASON_REMOVE_FROM_CRL);
  der = sign_der (crl);
  at = bytes_find (der, remove_from_crl, sizeof remove_from_crl);
  g_assert_cmpint (at, >, 0);
  patched = bytes_patch (der, (gsize) at + 4, 0x07);
  back = crl_load_ok (DER_, patched);
  r = pki_crl_lookup (back, "2A", &error);
  pki_test_assert_ok (r, error);
  g_assert_cmpint (pki_revoked_get_reason (r), ==, 7);
  g_assert_cmpstr (pki_revoked_get_reason_name (r), ==, "Unknown");
}

static void
test_revoked_invalidity_date (void)
{
  g_autoptr (PkiRevoked) r = make_revoked ("0102", "20200101000000Z", NULL);
  g_autoptr (GDateTime) when = utc (2019, 12, 24, 18, 30, 5);
  g_autoptr (GDateTime) when2 = utc (2060, 6, 1, 0, 0, 0);
  g_autoptr (GError) error = NULL;
  static const guint8 inv_oid[] = { 0x06, 0x03, 0x55, 0x1d, 0x18 };

  g_assert_null (pki_revoked_get_invalidity_date (r));
  /* removing an absent date is fine */
  g_assert_true (pki_revoked_set_invalidity_date (r, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (pki_revoked_set_invalidity_date (r, when, &error));
  g_assert_no_error (error);
  assert_time_take (pki_revoked_get_invalidity_date (r), "20191224183005Z");
  /* replaced, not added twice; a GeneralizedTime even before 2050 */
  g_assert_true (pki_revoked_set_invalidity_date (r, when2, &error));
  g_assert_no_error (error);
  assert_time_take (pki_revoked_get_invalidity_date (r), "20600601000000Z");
  g_assert_true (pki_revoked_set_invalidity_date (r, when, &error));
  g_assert_no_error (error);
  {
    g_autoptr (PkiCrl) crl = pki_crl_new ();
    g_autoptr (GBytes) der = NULL;
    g_autoptr (PkiCrl) back = NULL;
    g_autoptr (PkiRevoked) found = NULL;
    add_revoked_ok (crl, r);
    der = sign_der (crl);
    g_assert_cmpuint (bytes_count (der, inv_oid, sizeof inv_oid), ==, 1);
    g_assert_cmpint (bytes_find (der, "\x18\x0f" "20191224183005Z", 17), >, 0);
    back = crl_load_ok (DER_, der);
    found = pki_crl_lookup (back, "0102", &error);
    pki_test_assert_ok (found, error);
    assert_time_take (pki_revoked_get_invalidity_date (found), "20191224183005Z");
    /* and `openssl crl -text` shows it */
    {
      g_autoptr (TestDir) dir = pki_test_tmpdir ();
      g_autoptr (GBytes) text = PKI_OPENSSL_IN (dir, "inv.der", der, "crl", "-inform", "DER",
                                                "-noout", "-text");
      assert_contains (text, "Invalidity Date: \n                Dec 24 18:30:05 2019 GMT");
    }
  }
  g_assert_true (pki_revoked_set_invalidity_date (r, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (pki_revoked_get_invalidity_date (r));
  pki_assert_queue_empty ();
}

static void
test_revoked_certificate_issuer (void)
{
  g_autoptr (PkiCrl) crl = vector_crl ("crl_unsupported_ext.pem");
  g_autoptr (GPtrArray) list = NULL;

  if (crl == NULL)
    return;
  list = revoked_ok (crl);
  g_assert_cmpuint (list->len, ==, 12);
  for (guint i = 0; i < list->len; i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) names = pki_revoked_get_certificate_issuer (list->pdata[i], &error);
    pki_test_assert_ok (names, error);
    if (i == 0 || i == 11) {
      g_assert_cmpuint (names->len, ==, 0);
    } else {
      g_assert_cmpuint (names->len, ==, 1);
      g_assert_cmpint (pki_general_name_get_kind (names->pdata[0]), ==,
                       PKI_GENERAL_NAME_DIRNAME);
      g_assert_cmpstr (pki_general_name_get_value (names->pdata[0], NULL), ==,
                       "CN=cryptography.io,C=US");
    }
  }
}

/* A certificateIssuer extension that does not decode: a lookup still finds
 * the entry, the names fail with BAD_INPUT, and decoding the whole CRL
 * fails cleanly. */
static void
test_revoked_certificate_issuer_malformed (void)
{
  g_autoptr (GBytes) pem = pki_test_vector ("crl_unsupported_ext.pem");
  g_autoptr (PkiCrl) crl = NULL;
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GBytes) patched = NULL;
  g_autoptr (PkiCrl) bad = NULL;
  g_autoptr (PkiRevoked) r = NULL;
  g_autoptr (PkiRevoked) r0 = NULL;
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GError) error = NULL;
  /* the certificateIssuer OCTET STRING of entry 03: 30 2B A4 29 ... */
  static const guint8 ci[] = { 0x06, 0x03, 0x55, 0x1d, 0x1d, 0x04, 0x2d, 0x30, 0x2b, 0xa4 };
  gssize at;

  if (pem == NULL)
    return;
  crl = crl_load_ok (PEM_, pem);
  der = dump_ok (crl, DER_);
  at = bytes_find (der, ci, sizeof ci);
  g_assert_cmpint (at, >, 0);
  /* [4] directoryName becomes [5] with the wrong form: no GeneralName */
  patched = bytes_patch (der, (gsize) at + 9, 0xa9);
  bad = crl_load_ok (DER_, patched);
  g_assert_cmpuint (pki_crl_get_revoked_count (bad), ==, 12);
  r = pki_crl_lookup (bad, "01", &error);
  pki_test_assert_ok (r, error);
  names = pki_revoked_get_certificate_issuer (r, &error);
  pki_test_assert_fails (names, error, PKI_ERROR_BAD_INPUT);
  g_clear_error (&error);
  /* the other entries are fine */
  r0 = pki_crl_lookup (bad, "02", &error);
  pki_test_assert_ok (r0, error);
  g_assert_cmpstr (pki_revoked_get_reason_name (r0), ==, "Key Compromise");
}

/* ========================================================================= */
/* pyOpenSSL's vectors */

static void
check_crl_pem_vector (PkiCrl *crl)
{
  g_autoptr (GPtrArray) list = revoked_ok (crl);
  g_autoptr (PkiX509Name) issuer = pki_crl_get_issuer (crl);
  g_autoptr (PkiX509) root = vector_cert ("root_cert.pem");
  g_autoptr (PkiX509Name) root_subject = pki_x509_get_subject (root);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) comps = NULL;
  g_autoptr (GPtrArray) root_comps = NULL;
  static const char *const expected_comps[][2] = {
    { "C", "US" }, { "ST", "IL" }, { "L", "Chicago" }, { "O", "Testing" },
    { "CN", "Testing Root CA" },
  };

  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (pki_crl_get_revoked_count (crl), ==, 2);
  assert_str_take (pki_revoked_get_serial (list->pdata[0]), "03AB");
  assert_str_take (pki_revoked_get_serial (list->pdata[1]), "0100");
  g_assert_null (pki_revoked_get_reason_name (list->pdata[0]));
  g_assert_cmpint (pki_revoked_get_reason (list->pdata[0]), ==, PKI_CRL_REASON_NONE);
  g_assert_cmpstr (pki_revoked_get_reason_name (list->pdata[1]), ==, "Superseded");
  g_assert_cmpint (pki_revoked_get_reason (list->pdata[1]), ==, PKI_CRL_REASON_SUPERSEDED);
  for (guint i = 0; i < 2; i++) {
    assert_str_take (pki_revoked_get_revocation_date_string (list->pdata[i]), "20090725233456Z");
    assert_time_take (pki_revoked_get_revocation_date (list->pdata[i]), "20090725233456Z");
    g_assert_null (pki_revoked_get_invalidity_date (list->pdata[i]));
  }

  {
    g_autofree gchar *cn = pki_x509_name_get_entry (issuer, "CN", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cn, ==, "Testing Root CA");
  }
  comps = pki_x509_name_get_components (issuer, &error);
  pki_test_assert_ok (comps, error);
  g_assert_cmpuint (comps->len, ==, G_N_ELEMENTS (expected_comps));
  for (guint i = 0; i < comps->len; i++) {
    gchar **pair = comps->pdata[i];
    g_assert_cmpstr (pair[0], ==, expected_comps[i][0]);
    g_assert_cmpstr (pair[1], ==, expected_comps[i][1]);
  }
  root_comps = pki_x509_name_get_components (root_subject, &error);
  pki_test_assert_ok (root_comps, error);
  g_assert_cmpuint (root_comps->len, ==, comps->len);
  g_assert_true (pki_x509_name_equal (issuer, root_subject));
  assert_str_take (pki_x509_name_to_string (issuer),
                   "CN=Testing Root CA,O=Testing,L=Chicago,ST=IL,C=US");

  g_assert_cmpint (pki_crl_get_version (crl), ==, 0);
  assert_str_take (pki_crl_get_signature_algorithm (crl, &error), "md5WithRSAEncryption");
  g_assert_no_error (error);
  assert_time_take (pki_crl_get_last_update (crl), "20090726043456Z");
  assert_time_take (pki_crl_get_next_update (crl), "20120927024152Z");
  g_assert_null (pki_crl_get_crl_number (crl));
  g_assert_null (pki_crl_get_delta_crl_indicator (crl));
  g_assert_null (pki_crl_get_authority_key_identifier (crl));
  g_assert_cmpuint (pki_crl_get_extension_count (crl), ==, 0);
  {
    g_autoptr (PkiX509Extension) ext = pki_crl_get_extension (crl, 0, &error);
    pki_test_assert_fails (ext, error, PKI_ERROR_BAD_INPUT);
  }
  pki_assert_queue_empty ();
}

static void
check_crl_vector_signature (PkiCrl *crl)
{
  g_autoptr (PkiX509) old_root = vector_cert ("old_root_cert.pem");
  g_autoptr (PkiX509) root = vector_cert ("root_cert.pem");
  g_autoptr (PkiPKey) old_key = cert_key (old_root);
  g_autoptr (PkiPKey) root_key = cert_key (root);

  verify_ok (crl, old_key);
  verify_fails (crl, root_key);
  /* the private half verifies too */
  {
    g_autoptr (PkiPKey) priv = pki_test_vector_private ("root_key.pem", PEM_, NULL);
    verify_fails (crl, priv);
  }
}

static void
test_vector_crl_pem (void)
{
  g_autoptr (GBytes) pem = pki_test_vector ("crl.pem");
  g_autoptr (GBytes) der_vec = NULL;
  g_autoptr (PkiCrl) crl = NULL;
  g_autoptr (GBytes) pem_out = NULL;
  g_autoptr (GBytes) der_out = NULL;
  g_autoptr (GBytes) cli_der = NULL;
  g_autoptr (TestDir) dir = NULL;
  g_autofree gchar *path = NULL;

  if (pem == NULL)
    return;
  crl = crl_load_ok (PEM_, pem);
  check_crl_pem_vector (crl);
  check_crl_vector_signature (crl);

  pem_out = dump_ok (crl, PEM_);
  assert_bytes_equal (pem_out, pem);
  der_out = dump_ok (crl, DER_);
  der_vec = pki_test_vector ("crl.der");
  assert_bytes_equal (der_out, der_vec);
  dir = pki_test_tmpdir ();
  path = pki_test_write (dir, "crl.pem", pem);
  cli_der = PKI_OPENSSL_OUT (dir, "crl.der", "crl", "-in", path, "-outform", "DER");
  assert_bytes_equal (der_out, cli_der);

  assert_lookup (crl, "03AB", "03AB");
  assert_lookup (crl, "0100", "0100");
  assert_lookup (crl, "03AC", NULL);
}

static void
test_vector_crl_der (void)
{
  g_autoptr (GBytes) der = pki_test_vector ("crl.der");
  g_autoptr (GBytes) pem = NULL;
  g_autoptr (PkiCrl) crl = NULL;
  g_autoptr (GBytes) pem_out = NULL;
  g_autoptr (GBytes) der_out = NULL;

  if (der == NULL)
    return;
  crl = crl_load_ok (DER_, der);
  check_crl_pem_vector (crl);
  check_crl_vector_signature (crl);
  der_out = dump_ok (crl, DER_);
  assert_bytes_equal (der_out, der);
  pem_out = dump_ok (crl, PEM_);
  pem = pki_test_vector ("crl.pem");
  assert_bytes_equal (pem_out, pem);
}

static void
test_vector_unsupported_ext (void)
{
  static const char *const reasons[] = {
    NULL, "Unspecified", "Key Compromise", "CA Compromise", "Affiliation Changed",
    "Superseded", "Cessation Of Operation", "Certificate Hold", "Remove From CRL",
    "Privilege Withdrawn", "AA Compromise", "Key Compromise",
  };
  g_autoptr (PkiCrl) crl = vector_crl ("crl_unsupported_ext.pem");
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GPtrArray) again = NULL;
  g_autoptr (GError) error = NULL;

  if (crl == NULL)
    return;
  list = revoked_ok (crl);
  g_assert_cmpuint (list->len, ==, 12);
  for (guint i = 0; i < list->len; i++) {
    g_autofree gchar *serial = g_strdup_printf ("%02X", i);
    assert_str_take (pki_revoked_get_serial (list->pdata[i]), serial);
    g_assert_cmpstr (pki_revoked_get_reason_name (list->pdata[i]), ==, reasons[i]);
    assert_str_take (pki_revoked_get_revocation_date_string (list->pdata[i]), "20150101000000Z");
    assert_time_take (pki_revoked_get_invalidity_date (list->pdata[i]),
                      i >= 1 && i <= 10 ? "20150101000000Z" : NULL);
    assert_lookup (crl, serial, serial);
  }
  g_assert_cmpint (pki_crl_get_version (crl), ==, 1);
  assert_str_take (pki_crl_get_signature_algorithm (crl, &error), "sha256WithRSAEncryption");
  assert_time_take (pki_crl_get_last_update (crl), "20150101000000Z");
  assert_time_take (pki_crl_get_next_update (crl), "20160101000000Z");
  {
    g_autoptr (PkiX509Name) issuer = pki_crl_get_issuer (crl);
    assert_str_take (pki_x509_name_to_string (issuer), "CN=cryptography.io,C=US");
  }

  /* pyOpenSSL: revoked[1].set_reason(None) then get_reason() -> None;
   * the CRL keeps its own copy */
  set_reason_name_ok (list->pdata[1], NULL);
  g_assert_null (pki_revoked_get_reason_name (list->pdata[1]));
  again = revoked_ok (crl);
  g_assert_cmpstr (pki_revoked_get_reason_name (again->pdata[1]), ==, "Unspecified");
}

static void
test_vector_pyopenssl_made (void)
{
  g_autoptr (PkiCrl) root_crl = vector_crl ("crl_root_revokes_intermediate.pem");
  g_autoptr (PkiCrl) inter_crl = NULL;
  g_autoptr (PkiX509) root = NULL;
  g_autoptr (PkiX509) inter = NULL;
  g_autoptr (PkiX509) server = NULL;
  g_autoptr (PkiPKey) root_pub = NULL;
  g_autoptr (PkiPKey) inter_pub = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;

  if (root_crl == NULL)
    return;
  inter_crl = vector_crl ("crl_intermediate_empty.pem");
  root = vector_cert ("root_cert.pem");
  inter = vector_cert ("intermediate_cert.pem");
  server = vector_cert ("intermediate_server_cert.pem");
  root_pub = cert_key (root);
  inter_pub = cert_key (inter);

  for (guint i = 0; i < 2; i++) {
    PkiCrl *crl = i == 0 ? root_crl : inter_crl;
    g_autoptr (PkiX509Name) issuer = pki_crl_get_issuer (crl);
    g_autoptr (PkiX509Name) expected = pki_x509_get_subject (i == 0 ? root : inter);
    g_assert_cmpint (pki_crl_get_version (crl), ==, 1);
    assert_str_take (pki_crl_get_signature_algorithm (crl, &error), "sha512WithRSAEncryption");
    g_assert_no_error (error);
    g_assert_true (pki_x509_name_equal (issuer, expected));
    assert_time_take (pki_crl_get_last_update (crl), "20140601000000Z");
    assert_time_take (pki_crl_get_next_update (crl), "50000601000000Z");
    g_assert_null (pki_crl_get_crl_number (crl));
    g_assert_null (pki_crl_get_authority_key_identifier (crl));
    g_assert_cmpuint (pki_crl_get_extension_count (crl), ==, 0);
  }
  {
    g_autoptr (PkiX509Name) issuer = pki_crl_get_issuer (inter_crl);
    assert_str_take (pki_x509_name_to_string (issuer),
                     "L=San Diego,ST=CA,C=US,OU=org-unit,O=org,CN=intermediate");
  }

  verify_ok (root_crl, root_pub);
  verify_fails (root_crl, inter_pub);
  verify_ok (inter_crl, inter_pub);
  verify_fails (inter_crl, root_pub);

  list = revoked_ok (root_crl);
  g_assert_cmpuint (list->len, ==, 1);
  assert_str_take (pki_revoked_get_serial (list->pdata[0]), "C3F3866EBFFF463F836A669C74760B87");
  g_assert_cmpstr (pki_revoked_get_reason_name (list->pdata[0]), ==, "Unspecified");
  assert_str_take (pki_revoked_get_revocation_date_string (list->pdata[0]), "20140601000000Z");
  {
    g_autoptr (PkiRevoked) r = pki_crl_lookup_certificate (root_crl, inter, &error);
    pki_test_assert_ok (r, error);
    assert_str_take (pki_revoked_get_serial (r), "C3F3866EBFFF463F836A669C74760B87");
    g_assert_cmpint (pki_revoked_get_reason (r), ==, PKI_CRL_REASON_UNSPECIFIED);
  }
  {
    g_autoptr (PkiRevoked) r = pki_crl_lookup_certificate (root_crl, server, &error);
    g_assert_null (r);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
  }
  {
    g_autoptr (GPtrArray) empty = revoked_ok (inter_crl);
    g_assert_cmpuint (empty->len, ==, 0);
    assert_lookup (inter_crl, "C3F3866EBFFF463F836A669C74760B87", NULL);
    assert_lookup (inter_crl, "00", NULL);
  }
  /* byte for byte back out */
  for (guint i = 0; i < 2; i++) {
    g_autoptr (GBytes) pem = pki_test_vector (i == 0 ? "crl_root_revokes_intermediate.pem"
                                                     : "crl_intermediate_empty.pem");
    g_autoptr (GBytes) out = dump_ok (i == 0 ? root_crl : inter_crl, PEM_);
    assert_bytes_equal (out, pem);
  }
}

/* ========================================================================= */
/* A new CRL and its header */

static void
test_crl_new (void)
{
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (PkiX509Name) issuer = pki_crl_get_issuer (crl);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Extension) ext = NULL;
  g_autofree gchar *alg = NULL;
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GBytes) text = NULL;

  g_assert_cmpint (pki_crl_get_version (crl), ==, 1);
  g_assert_cmpuint (pki_x509_name_get_entry_count (issuer), ==, 0);
  g_assert_null (pki_crl_get_last_update (crl));
  g_assert_null (pki_crl_get_next_update (crl));
  g_assert_null (pki_crl_get_crl_number (crl));
  g_assert_null (pki_crl_get_delta_crl_indicator (crl));
  g_assert_null (pki_crl_get_authority_key_identifier (crl));
  g_assert_cmpuint (pki_crl_get_extension_count (crl), ==, 0);
  ext = pki_crl_get_extension (crl, 0, &error);
  pki_test_assert_fails (ext, error, PKI_ERROR_BAD_INPUT);
  g_clear_error (&error);
  /* an empty list, not NULL (pyOpenSSL gave None) */
  list = pki_crl_get_revoked (crl, &error);
  pki_test_assert_ok (list, error);
  g_assert_cmpuint (list->len, ==, 0);
  assert_lookup (crl, "01", NULL);
  assert_lookup (crl, "00", NULL);
  /* not signed: no algorithm, no signature */
  alg = pki_crl_get_signature_algorithm (crl, &error);
  pki_test_assert_fails (alg, error, PKI_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  verify_fails (crl, shared_ca_key);
  /* OpenSSL cannot encode a CRL without a signature algorithm: a clean
   * error (the doc gives no code) */
  der = pki_crl_dump (crl, DER_, &error);
  g_assert_null (der);
  pki_assert_queue_empty ();
  g_assert_nonnull (error);
  g_assert_true (error->domain == PKI_ERROR);
  g_clear_error (&error);
  text = dump_ok (crl, TEXT_);
  assert_contains (text, "Version 2 (0x1)");
  assert_contains (text, "No Revoked Certificates.");
}

/* pki_crl_get_revoked_count of CRLs without entries is 0. */
static void
test_revoked_count_empty (void)
{
  g_autoptr (PkiCrl) fresh = pki_crl_new ();
  g_autoptr (PkiCrl) signed_empty = pki_crl_new ();
  g_autoptr (GBytes) der = NULL;
  g_autoptr (PkiCrl) loaded = NULL;

  g_assert_cmpuint (pki_crl_get_revoked_count (fresh), ==, 0);
  der = sign_der (signed_empty);
  g_assert_cmpuint (pki_crl_get_revoked_count (signed_empty), ==, 0);
  loaded = crl_load_ok (DER_, der);
  g_assert_cmpuint (pki_crl_get_revoked_count (loaded), ==, 0);
  {
    g_autoptr (PkiCrl) vec = vector_crl ("crl_intermediate_empty.pem");
    if (vec != NULL)
      g_assert_cmpuint (pki_crl_get_revoked_count (vec), ==, 0);
  }
}

static void
test_revoked_count (void)
{
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GBytes) der = NULL;
  g_autoptr (PkiCrl) loaded = NULL;
  g_autoptr (GDateTime) when = utc (2022, 2, 2, 2, 2, 2);

  for (guint i = 1; i <= 5; i++) {
    g_autofree gchar *hex = g_strdup_printf ("%x", i * 1000);
    add_serial_ok (crl, hex, when, R_NONE);
    g_assert_cmpuint (pki_crl_get_revoked_count (crl), ==, i);
  }
  der = sign_der (crl);
  loaded = crl_load_ok (DER_, der);
  g_assert_cmpuint (pki_crl_get_revoked_count (loaded), ==, 5);
  add_serial_ok (loaded, "01", when, R_NONE);
  g_assert_cmpuint (pki_crl_get_revoked_count (loaded), ==, 6);
}

static void
test_header_setters (void)
{
  static const struct {
    const char *in, *out;
  } numbers[] = {
    { "1F", "1F" }, { "0x01", "01" }, { "0", "00" }, { "00ff", "FF" }, { "80", "80" },
    { "123456789ABCDEF0123456789ABCDEF012345678", "123456789ABCDEF0123456789ABCDEF012345678" },
  };
  static const char *const bad_numbers[] = {
    "", "xyz", "-1", "0x", "1 ", "123456789ABCDEF0123456789ABCDEF0123456789",
  };
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (PkiX509Name) name = NULL;
  g_autoptr (PkiX509Name) got = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) tz = g_time_zone_new_offset (2 * 3600);
  g_autoptr (GDateTime) last = g_date_time_new (tz, 2030, 1, 1, 1, 0, 0);
  g_autoptr (GDateTime) next = utc (2051, 2, 3, 4, 5, 6);
  g_autoptr (GBytes) der = NULL;
  g_autoptr (PkiCrl) back = NULL;

  name = pki_x509_name_parse ("CN=Example CRL Issuer,O=Example,C=DE", &error);
  pki_test_assert_ok (name, error);
  g_assert_true (pki_crl_set_issuer (crl, name, &error));
  g_assert_no_error (error);
  /* copied: changing @name later does not change the CRL */
  g_assert_true (pki_x509_name_set_entry (name, "CN", "changed", -1, &error));
  got = pki_crl_get_issuer (crl);
  assert_str_take (pki_x509_name_to_string (got), "CN=Example CRL Issuer,O=Example,C=DE");
  /* and the returned name is a copy */
  g_assert_true (pki_x509_name_set_entry (got, "CN", "changed too", -1, &error));
  {
    g_autoptr (PkiX509Name) again = pki_crl_get_issuer (crl);
    assert_str_take (pki_x509_name_to_string (again), "CN=Example CRL Issuer,O=Example,C=DE");
  }

  g_assert_true (pki_crl_set_last_update (crl, last, &error));
  g_assert_true (pki_crl_set_next_update (crl, next, &error));
  g_assert_no_error (error);
  assert_time_take (pki_crl_get_last_update (crl), "20291231230000Z");
  assert_time_take (pki_crl_get_next_update (crl), "20510203040506Z");

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++) {
    g_assert_true (pki_crl_set_crl_number (crl, numbers[i].in, &error));
    g_assert_no_error (error);
    assert_str_take (pki_crl_get_crl_number (crl), numbers[i].out);
    /* replaced, never added twice */
    g_assert_cmpuint (pki_crl_get_extension_count (crl), ==, 1);
  }
  g_assert_true (pki_crl_set_crl_number (crl, "2a", &error));
  for (guint i = 0; i < G_N_ELEMENTS (bad_numbers); i++) {
    g_autoptr (GError) err = NULL;
    g_assert_false (pki_crl_set_crl_number (crl, bad_numbers[i], &err));
    pki_test_assert_error (err, PKI_ERROR_BAD_INPUT);
    assert_str_take (pki_crl_get_crl_number (crl), "2A");
  }
  {
    g_autoptr (PkiX509Extension) ext = pki_crl_get_extension (crl, 0, &error);
    pki_test_assert_ok (ext, error);
    assert_str_take (pki_x509_extension_get_short_name (ext), "crlNumber");
    assert_str_take (pki_x509_extension_get_oid (ext), "2.5.29.20");
    g_assert_false (pki_x509_extension_get_critical (ext));
    assert_str_take (pki_x509_extension_to_string (ext, NULL), "42");
  }
  {
    g_autoptr (PkiX509Extension) ext = pki_crl_get_extension (crl, 1, &error);
    pki_test_assert_fails (ext, error, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
  }
  {
    g_autoptr (PkiX509Extension) ext = pki_crl_get_extension (crl, G_MAXUINT, &error);
    pki_test_assert_fails (ext, error, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
  }

  /* signing keeps the chosen times and number; 2051 is a GeneralizedTime */
  der = sign_der (crl);
  g_assert_cmpint (bytes_find (der, "\x17\x0d" "291231230000Z", 15), >, 0);
  g_assert_cmpint (bytes_find (der, "\x18\x0f" "20510203040506Z", 17), >, 0);
  back = crl_load_ok (DER_, der);
  assert_time_take (pki_crl_get_last_update (back), "20291231230000Z");
  assert_time_take (pki_crl_get_next_update (back), "20510203040506Z");
  assert_str_take (pki_crl_get_crl_number (back), "2A");
  /* the issuer is the signer's */
  g_clear_pointer (&got, pki_x509_name_unref);
  got = pki_crl_get_issuer (back);
  assert_str_take (pki_x509_name_to_string (got), "CN=libpki test CRL CA");
}

/* Header setters on a loaded CRL decode it and keep its entries. */
static void
test_header_setters_loaded (void)
{
  g_autoptr (PkiCrl) crl = vector_crl ("crl.pem");
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Name) name = NULL;
  g_autoptr (GDateTime) when = utc (2024, 5, 6, 7, 8, 9);
  g_autoptr (GPtrArray) list = NULL;

  if (crl == NULL)
    return;
  name = pki_x509_name_parse ("CN=other", &error);
  pki_test_assert_ok (name, error);
  g_assert_true (pki_crl_set_issuer (crl, name, &error));
  g_assert_true (pki_crl_set_last_update (crl, when, &error));
  g_assert_true (pki_crl_set_crl_number (crl, "07", &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  assert_time_take (pki_crl_get_last_update (crl), "20240506070809Z");
  assert_time_take (pki_crl_get_next_update (crl), "20120927024152Z");
  assert_str_take (pki_crl_get_crl_number (crl), "07");
  g_assert_cmpuint (pki_crl_get_revoked_count (crl), ==, 2);
  list = revoked_ok (crl);
  {
    g_autofree gchar *serials = serials_of (list);
    g_assert_cmpstr (serials, ==, "03AB,0100");
  }
  assert_lookup (crl, "3ab", "03AB");
  /* the dump carries the new values (as the TEXT dump does) */
  {
    g_autoptr (GBytes) text = dump_ok (crl, TEXT_);
    g_autoptr (GBytes) der = dump_ok (crl, DER_);
    g_autoptr (PkiCrl) back = crl_load_ok (DER_, der);
    g_autoptr (PkiX509Name) issuer = pki_crl_get_issuer (back);
    assert_contains (text, "Issuer: CN = other\n");
    assert_contains (text, "Last Update: May  6 07:08:09 2024 GMT\n");
    assert_str_take (pki_x509_name_to_string (issuer), "CN=other");
    assert_time_take (pki_crl_get_last_update (back), "20240506070809Z");
    assert_str_take (pki_crl_get_crl_number (back), "07");
  }
  /* the old signature no longer covers it */
  {
    g_autoptr (PkiX509) old_root = vector_cert ("old_root_cert.pem");
    g_autoptr (PkiPKey) key = cert_key (old_root);
    verify_fails (crl, key);
  }
}

/* ========================================================================= */
/* Entries */

static void
test_add_revoked (void)
{
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (PkiRevoked) r = make_revoked ("0a0b", "20210304050607Z", "keyCompromise");
  g_autoptr (GDateTime) inv = utc (2021, 1, 1, 0, 0, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GPtrArray) list2 = NULL;

  g_assert_true (pki_revoked_set_invalidity_date (r, inv, &error));
  add_revoked_ok (crl, r);
  /* by value: changing @r afterwards does not change the CRL */
  set_serial_ok (r, "0c");
  set_reason_name_ok (r, "superseded");
  set_date_string_ok (r, "20300101000000Z");
  g_assert_true (pki_revoked_set_invalidity_date (r, NULL, &error));
  add_revoked_ok (crl, r);
  list = revoked_ok (crl);
  g_assert_cmpuint (list->len, ==, 2);
  {
    g_autofree gchar *d = describe_entries (list);
    g_assert_cmpstr (d, ==,
                     "0A0B 20210304050607Z Key Compromise 20210101000000Z\n"
                     "0C 20300101000000Z Superseded -\n");
  }
  /* the entries handed out are copies too */
  set_serial_ok (list->pdata[0], "99");
  set_reason_name_ok (list->pdata[0], NULL);
  list2 = revoked_ok (crl);
  assert_str_take (pki_revoked_get_serial (list2->pdata[0]), "0A0B");
  g_assert_cmpstr (pki_revoked_get_reason_name (list2->pdata[0]), ==, "Key Compromise");
  assert_lookup (crl, "99", NULL);
  {
    g_autoptr (PkiRevoked) found = pki_crl_lookup (crl, "0a0b", &error);
    pki_test_assert_ok (found, error);
    set_reason_name_ok (found, "unspecified");
    g_clear_pointer (&found, pki_revoked_unref);
    found = pki_crl_lookup (crl, "0a0b", &error);
    pki_test_assert_ok (found, error);
    g_assert_cmpstr (pki_revoked_get_reason_name (found), ==, "Key Compromise");
  }

  /* an entry without a serial number or without a date */
  {
    g_autoptr (PkiRevoked) no_serial = pki_revoked_new ();
    g_autoptr (PkiRevoked) no_date = pki_revoked_new ();
    g_autoptr (GError) e1 = NULL;
    g_autoptr (GError) e2 = NULL;
    set_date_string_ok (no_serial, "20210101000000Z");
    set_serial_ok (no_date, "05");
    g_assert_false (pki_crl_add_revoked (crl, no_serial, &e1));
    pki_test_assert_error (e1, PKI_ERROR_BAD_INPUT);
    g_assert_false (pki_crl_add_revoked (crl, no_date, &e2));
    pki_test_assert_error (e2, PKI_ERROR_BAD_INPUT);
    g_assert_cmpuint (pki_crl_get_revoked_count (crl), ==, 2);
    /* serial zero set explicitly is a serial number */
    set_serial_ok (no_serial, "00");
    add_revoked_ok (crl, no_serial);
    assert_lookup (crl, "0", "00");
  }
  g_assert_cmpuint (pki_crl_get_revoked_count (crl), ==, 3);

  /* adding to a loaded CRL */
  {
    g_autoptr (PkiCrl) loaded = vector_crl ("crl.pem");
    g_autoptr (PkiRevoked) more = make_revoked ("0101", "20100101000000Z", "CA Compromise");
    g_autoptr (GPtrArray) all = NULL;
    g_autofree gchar *serials = NULL;
    if (loaded == NULL)
      return;
    assert_lookup (loaded, "0101", NULL);
    add_revoked_ok (loaded, more);
    all = revoked_ok (loaded);
    serials = serials_of (all);
    g_assert_cmpstr (serials, ==, "03AB,0100,0101");
    assert_lookup (loaded, "0101", "0101");
    assert_lookup (loaded, "03ab", "03AB");
    assert_lookup (loaded, "0100", "0100");
  }
}

static void
test_add_serial (void)
{
  static const struct {
    const char *hex, *serial;
    PkiCrlReason reason;
    const char *reason_name;
  } table[] = {
    { "1", "01", R_NONE, NULL },
    { "0x10b", "010B", PKI_CRL_REASON_UNSPECIFIED, "Unspecified" },
    { "00ABCDEF", "ABCDEF", PKI_CRL_REASON_KEY_COMPROMISE, "Key Compromise" },
    { "80", "80", PKI_CRL_REASON_AA_COMPROMISE, "AA Compromise" },
    { "0", "00", PKI_CRL_REASON_CERTIFICATE_HOLD, "Certificate Hold" },
    { "ffffffffffffffffffffffffffffffffffffffff", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
      PKI_CRL_REASON_REMOVE_FROM_CRL, "Remove From CRL" },
  };
  static const char *const bad[] = { "", "0x", "xyz", "31ppp", "-1",
                                     "1ffffffffffffffffffffffffffffffffffffffff" };
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GDateTime) t1 = utc (2009, 7, 25, 23, 34, 56);
  g_autoptr (GDateTime) t2 = utc (2060, 1, 2, 3, 4, 5);
  g_autoptr (GDateTime) before = NULL;
  g_autoptr (GDateTime) after = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    add_serial_ok (crl, table[i].hex, i % 2 ? t2 : t1, table[i].reason);
  list = revoked_ok (crl);
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (table));
  for (guint i = 0; i < list->len; i++) {
    assert_str_take (pki_revoked_get_serial (list->pdata[i]), table[i].serial);
    g_assert_cmpint (pki_revoked_get_reason (list->pdata[i]), ==, table[i].reason);
    g_assert_cmpstr (pki_revoked_get_reason_name (list->pdata[i]), ==, table[i].reason_name);
    assert_str_take (pki_revoked_get_revocation_date_string (list->pdata[i]),
                     i % 2 ? "20600102030405Z" : "20090725233456Z");
    assert_lookup (crl, table[i].hex, table[i].serial);
  }

  /* NULL is now */
  before = g_date_time_new_now_utc ();
  add_serial_ok (crl, "1234", NULL, R_NONE);
  after = g_date_time_new_now_utc ();
  {
    g_autoptr (PkiRevoked) r = pki_crl_lookup (crl, "1234", &error);
    g_autoptr (GDateTime) d = NULL;
    pki_test_assert_ok (r, error);
    d = pki_revoked_get_revocation_date (r);
    g_assert_nonnull (d);
    g_assert_cmpint (g_date_time_to_unix (d), >=, g_date_time_to_unix (before));
    g_assert_cmpint (g_date_time_to_unix (d), <=, g_date_time_to_unix (after));
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) err = NULL;
    g_assert_false (pki_crl_add_serial (crl, bad[i], t1, R_NONE, &err));
    pki_test_assert_error (err, PKI_ERROR_BAD_INPUT);
  }
  {
    static const PkiCrlReason bad_reasons[] = { 7, 11, -2 };
    for (guint i = 0; i < G_N_ELEMENTS (bad_reasons); i++) {
      g_autoptr (GError) err = NULL;
      g_assert_false (pki_crl_add_serial (crl, "777", t1, bad_reasons[i], &err));
      pki_test_assert_error (err, PKI_ERROR_BAD_INPUT);
    }
  }
  g_assert_cmpuint (pki_crl_get_revoked_count (crl), ==, G_N_ELEMENTS (table) + 1);
  assert_lookup (crl, "777", NULL);

  /* and the CRL is what `openssl crl` reads */
  {
    g_autoptr (GBytes) der = sign_der (crl);
    g_autoptr (TestDir) dir = pki_test_tmpdir ();
    g_autoptr (GBytes) text = PKI_OPENSSL_IN (dir, "c.der", der, "crl", "-inform", "DER",
                                              "-noout", "-text");
    assert_contains (text, "Serial Number: FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\n"
                           "        Revocation Date: Jan  2 03:04:05 2060 GMT\n"
                           "        CRL entry extensions:\n"
                           "            X509v3 CRL Reason Code: \n"
                           "                Remove From CRL\n");
    assert_contains (text, "Serial Number: 80\n");
    assert_contains (text, "Serial Number: 00\n");
  }
}

/* ========================================================================= */
/* Lookups */

static const struct {
  const char *hex;
  const char *found;   /* the serial found, or NULL */
} crl_pem_lookups[] = {
  { "03AB", "03AB" }, { "3ab", "03AB" }, { "3AB", "03AB" }, { "0x03ab", "03AB" },
  { "0X3AB", "03AB" }, { "0003AB", "03AB" }, { "000003ab", "03AB" }, { "0100", "0100" },
  { "100", "0100" }, { "0x100", "0100" }, { "00000100", "0100" }, { "03AC", NULL },
  { "AB", NULL }, { "03", NULL }, { "01", NULL }, { "00", NULL }, { "03AB00", NULL },
  { "10", NULL }, { "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", NULL },
};

static const char *const bad_lookups[] = {
  "", "0x", "zz", "-3AB", " 3AB", "3AB ", "3A B", "0x-1", "3ab\n",
  "123456789ABCDEF0123456789ABCDEF0123456789",
};

static void
check_bad_lookups (PkiCrl *crl)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_lookups); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiRevoked) r = pki_crl_lookup (crl, bad_lookups[i], &error);
    pki_test_assert_fails (r, error, PKI_ERROR_BAD_INPUT);
  }
}

static void
test_lookup_loaded (void)
{
  g_autoptr (PkiCrl) crl = vector_crl ("crl.pem");

  if (crl == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (crl_pem_lookups); i++)
    assert_lookup (crl, crl_pem_lookups[i].hex, crl_pem_lookups[i].found);
  check_bad_lookups (crl);
  /* the entry found is complete */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiRevoked) r = pki_crl_lookup (crl, "0x0100", &error);
    pki_test_assert_ok (r, error);
    g_assert_cmpstr (pki_revoked_get_reason_name (r), ==, "Superseded");
    assert_str_take (pki_revoked_get_revocation_date_string (r), "20090725233456Z");
  }
}

/* Serials in a built CRL, with the high bit set and not. */
static const char *const built_serials[] = {
  "00", "01", "7F", "80", "FF", "0100", "FF01", "8000", "7FFF",
  "8000000000000000000000000000000000000000", "7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
  "C3F3866EBFFF463F836A669C74760B87",
};

static void
check_built_lookups (PkiCrl *crl)
{
  for (guint i = 0; i < G_N_ELEMENTS (built_serials); i++) {
    g_autofree gchar *lower = g_ascii_strdown (built_serials[i], -1);
    g_autofree gchar *padded = g_strconcat ("0000", built_serials[i], NULL);
    g_autofree gchar *prefixed = g_strconcat ("0x", lower, NULL);
    assert_lookup (crl, built_serials[i], built_serials[i]);
    assert_lookup (crl, lower, built_serials[i]);
    assert_lookup (crl, padded, built_serials[i]);
    assert_lookup (crl, prefixed, built_serials[i]);
  }
  /* near misses */
  assert_lookup (crl, "02", NULL);
  assert_lookup (crl, "0180", NULL);
  assert_lookup (crl, "8001", NULL);
  assert_lookup (crl, "FF02", NULL);
  assert_lookup (crl, "01FF", NULL);
  assert_lookup (crl, "800000000000000000000000000000000000000", NULL);
  check_bad_lookups (crl);
}

static void
test_lookup_built (void)
{
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);
  g_autoptr (GBytes) der = NULL;
  g_autoptr (PkiCrl) loaded = NULL;

  /* in reverse, so signing has something to sort */
  for (guint i = G_N_ELEMENTS (built_serials); i > 0; i--)
    add_serial_ok (crl, built_serials[i - 1], when, R_NONE);
  /* before signing (the index is built by this first lookup) */
  check_built_lookups (crl);
  /* after signing (which sorts the entries) */
  der = sign_der (crl);
  check_built_lookups (crl);
  /* loaded */
  loaded = crl_load_ok (DER_, der);
  check_built_lookups (loaded);
  {
    g_autoptr (PkiCrl) pem_loaded = NULL;
    g_autoptr (GBytes) pem = dump_ok (crl, PEM_);
    pem_loaded = crl_load_ok (PEM_, pem);
    check_built_lookups (pem_loaded);
  }

  /* adding entries to a built CRL already looked up */
  assert_lookup (crl, "0200", NULL);
  assert_lookup (crl, "81", NULL);
  add_serial_ok (crl, "0200", when, PKI_CRL_REASON_SUPERSEDED);
  {
    g_autoptr (PkiRevoked) r = make_revoked ("81", "20200101000000Z", "keyCompromise");
    add_revoked_ok (crl, r);
  }
  assert_lookup (crl, "0200", "0200");
  assert_lookup (crl, "200", "0200");
  assert_lookup (crl, "81", "81");
  check_built_lookups (crl);
  /* and after re-signing */
  g_bytes_unref (sign_der (crl));
  assert_lookup (crl, "0200", "0200");
  assert_lookup (crl, "81", "81");
  check_built_lookups (crl);
  /* the same on a loaded CRL that was added to */
  add_serial_ok (loaded, "0x0300", when, R_NONE);
  assert_lookup (loaded, "300", "0300");
  check_built_lookups (loaded);
}

/* Many entries: the index grows past its first size. */
static void
test_lookup_many (void)
{
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);
  g_autoptr (GBytes) der = NULL;
  g_autoptr (PkiCrl) loaded = NULL;
  const guint n = 3000;

  for (guint i = 0; i < n; i += 2) {
    g_autofree gchar *hex = g_strdup_printf ("%x", i * 7919 + 1);
    add_serial_ok (crl, hex, when, R_NONE);
  }
  assert_lookup (crl, "1", "01");
  for (guint i = 0; i < n; i += 2) {
    g_autofree gchar *hex = g_strdup_printf ("%x", i * 7919 + 1 + 7919);
    add_serial_ok (crl, hex, when, R_NONE);
  }
  der = sign_der (crl);
  loaded = crl_load_ok (DER_, der);
  g_assert_cmpuint (pki_crl_get_revoked_count (loaded), ==, n);
  for (guint i = 0; i < n; i++) {
    g_autofree gchar *hex = g_strdup_printf ("%x", i * 7919 + 1);
    g_autofree gchar *miss = g_strdup_printf ("%x", i * 7919 + 2);
    g_autoptr (PkiRevoked) a = pki_crl_lookup (crl, hex, NULL);
    g_autoptr (PkiRevoked) b = pki_crl_lookup (loaded, hex, NULL);
    g_autoptr (PkiRevoked) c = pki_crl_lookup (loaded, miss, NULL);
    g_assert_nonnull (a);
    g_assert_nonnull (b);
    g_assert_null (c);
  }
  pki_assert_queue_empty ();
}

/* Adding entries to a built CRL after a lookup grows its index. */
static void
test_lookup_grow (void)
{
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);

  add_serial_ok (crl, "01", when, R_NONE);
  assert_lookup (crl, "01", "01");
  /* the index was sized for one entry: these make it grow */
  for (guint i = 2; i <= 40; i++) {
    g_autofree gchar *hex = g_strdup_printf ("%x", i);
    add_serial_ok (crl, hex, when, R_NONE);
  }
  for (guint i = 1; i <= 40; i++) {
    g_autofree gchar *hex = g_strdup_printf ("%x", i);
    g_autofree gchar *serial = g_strdup_printf ("%02X", i);
    assert_lookup (crl, hex, serial);
  }
  assert_lookup (crl, "29", NULL);
}

/* A serial listed twice: the lookup finds the first in the list. */
static void
test_lookup_duplicates (void)
{
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);
  g_autoptr (GBytes) der = NULL;
  g_autoptr (PkiCrl) loaded = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (PkiRevoked) r = NULL;
  g_autoptr (GError) error = NULL;
  const char *first = NULL;

  add_serial_ok (crl, "05", when, PKI_CRL_REASON_KEY_COMPROMISE);
  add_serial_ok (crl, "05", when, PKI_CRL_REASON_SUPERSEDED);
  r = pki_crl_lookup (crl, "05", &error);
  pki_test_assert_ok (r, error);
  g_assert_cmpstr (pki_revoked_get_reason_name (r), ==, "Key Compromise");
  der = sign_der (crl);
  loaded = crl_load_ok (DER_, der);
  list = revoked_ok (loaded);
  g_assert_cmpuint (list->len, ==, 2);
  first = pki_revoked_get_reason_name (list->pdata[0]);
  g_clear_pointer (&r, pki_revoked_unref);
  r = pki_crl_lookup (loaded, "05", &error);
  pki_test_assert_ok (r, error);
  g_assert_cmpstr (pki_revoked_get_reason_name (r), ==, first);
}

/* A negative serial in a loaded CRL is listed but no hex names it. */
static void
test_lookup_negative (void)
{
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GBytes) patched = NULL;
  g_autoptr (PkiCrl) loaded = NULL;
  g_autoptr (GPtrArray) list = NULL;
  static const guint8 serial_7f[] = { 0x02, 0x01, 0x7f, 0x17 };
  gssize at;

  add_serial_ok (crl, "7F", when, R_NONE);
  add_serial_ok (crl, "01", when, R_NONE);
  der = sign_der (crl);
  at = bytes_find (der, serial_7f, sizeof serial_7f);
  g_assert_cmpint (at, >, 0);
  patched = bytes_patch (der, (gsize) at + 2, 0xff);   /* INTEGER -1 */
  loaded = crl_load_ok (DER_, patched);
  g_assert_cmpuint (pki_crl_get_revoked_count (loaded), ==, 2);
  assert_lookup (loaded, "FF", NULL);
  assert_lookup (loaded, "7F", NULL);
  assert_lookup (loaded, "01", "01");
  list = revoked_ok (loaded);
  /* the entries keep their order: the patched 7F, then 01 */
  assert_str_take (pki_revoked_get_serial (list->pdata[0]), "-01");
  /* decoded, the same */
  {
    g_autoptr (GDateTime) next = utc (2030, 1, 1, 0, 0, 0);
    g_autoptr (GError) error = NULL;
    g_assert_true (pki_crl_set_next_update (loaded, next, &error));
    g_assert_no_error (error);
    assert_lookup (loaded, "FF", NULL);
    assert_lookup (loaded, "01", "01");
  }
}

static void
test_lookup_certificate (void)
{
  g_autoptr (PkiPKey) leaf_key = ec_key ();
  g_autoptr (PkiX509) revoked_cert = make_leaf (shared_ca, shared_ca_key, leaf_key, "1234");
  g_autoptr (PkiX509) good_cert = make_leaf (shared_ca, shared_ca_key, leaf_key, "1235");
  g_autoptr (PkiX509) high_cert = make_leaf (shared_ca, shared_ca_key, leaf_key, "80");
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) der = NULL;
  g_autoptr (PkiCrl) loaded = NULL;

  add_serial_ok (crl, "1234", when, PKI_CRL_REASON_KEY_COMPROMISE);
  add_serial_ok (crl, "80", when, R_NONE);
  der = sign_der (crl);
  loaded = crl_load_ok (DER_, der);
  for (guint i = 0; i < 2; i++) {
    PkiCrl *c = i == 0 ? crl : loaded;
    g_autoptr (PkiRevoked) r = pki_crl_lookup_certificate (c, revoked_cert, &error);
    g_autoptr (PkiRevoked) none = NULL;
    g_autoptr (PkiRevoked) high = NULL;
    pki_test_assert_ok (r, error);
    assert_str_take (pki_revoked_get_serial (r), "1234");
    g_assert_cmpstr (pki_revoked_get_reason_name (r), ==, "Key Compromise");
    none = pki_crl_lookup_certificate (c, good_cert, &error);
    g_assert_null (none);
    pki_assert_queue_empty ();
    g_assert_no_error (error);
    high = pki_crl_lookup_certificate (c, high_cert, &error);
    pki_test_assert_ok (high, error);
    assert_str_take (pki_revoked_get_serial (high), "80");
  }

  /* a certificate with a negative serial number (made by openssl) */
  {
    g_autoptr (TestDir) dir = pki_test_tmpdir ();
    g_autoptr (GBytes) key_pem = pki_pkey_dump_private (leaf_key, PEM_, &error);
    g_autofree gchar *key_path = NULL;
    g_autoptr (GBytes) cert_pem = NULL;
    g_autoptr (PkiX509) neg = NULL;
    g_autoptr (PkiRevoked) r = NULL;
    pki_test_assert_ok (key_pem, error);
    key_path = pki_test_write (dir, "key.pem", key_pem);
    cert_pem = PKI_OPENSSL_OUT (dir, "neg.pem", "req", "-x509", "-new", "-key", key_path,
                                "-subj", "/CN=negative", "-set_serial", "-5", "-days", "1");
    neg = pki_x509_load (PEM_, PKI_BYTES_ARGS (cert_pem), &error);
    pki_test_assert_ok (neg, error);
    assert_str_take (pki_x509_get_serial (neg), "-05");
    r = pki_crl_lookup_certificate (loaded, neg, &error);
    pki_test_assert_fails (r, error, PKI_ERROR_BAD_INPUT);
  }
}

/* ========================================================================= */
/* Lazy and decoded CRLs agree */

static void
check_lazy_vs_decoded (PkiCrl *crl, const char *const *absent)
{
  g_autoptr (GPtrArray) before = revoked_ok (crl);
  g_autofree gchar *desc_before = describe_entries (before);
  guint count_before = pki_crl_get_revoked_count (crl);
  g_autoptr (GDateTime) next = pki_crl_get_next_update (crl);
  g_autoptr (GBytes) der_before = dump_ok (crl, DER_);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) after = NULL;
  g_autofree gchar *desc_after = NULL;
  g_autoptr (GBytes) der_after = NULL;
  g_autoptr (GPtrArray) lookups_before = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < before->len; i++) {
    g_autofree gchar *serial = pki_revoked_get_serial (before->pdata[i]);
    g_autoptr (PkiRevoked) r = pki_crl_lookup (crl, serial, &error);
    g_autoptr (GPtrArray) one = g_ptr_array_new ();
    pki_test_assert_ok (r, error);
    g_ptr_array_add (one, r);
    g_ptr_array_add (lookups_before, describe_entries (one));
  }
  for (guint i = 0; absent[i]; i++)
    assert_lookup (crl, absent[i], NULL);

  /* setting nextUpdate to what it is decodes every entry */
  g_assert_nonnull (next);
  g_assert_true (pki_crl_set_next_update (crl, next, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();

  g_assert_cmpuint (pki_crl_get_revoked_count (crl), ==, count_before);
  after = revoked_ok (crl);
  desc_after = describe_entries (after);
  g_assert_cmpstr (desc_after, ==, desc_before);
  for (guint i = 0; i < after->len; i++) {
    g_autofree gchar *serial = pki_revoked_get_serial (after->pdata[i]);
    g_autoptr (PkiRevoked) r = pki_crl_lookup (crl, serial, &error);
    g_autoptr (GPtrArray) one = g_ptr_array_new ();
    g_autofree gchar *desc = NULL;
    pki_test_assert_ok (r, error);
    g_ptr_array_add (one, r);
    desc = describe_entries (one);
    g_assert_cmpstr (desc, ==, lookups_before->pdata[i]);
  }
  for (guint i = 0; absent[i]; i++)
    assert_lookup (crl, absent[i], NULL);
  /* the change reaches the encoding (the time is written as RFC 5280 says,
   * so the bytes may differ from the original's) and the entries survive */
  der_after = dump_ok (crl, DER_);
  {
    g_autoptr (PkiCrl) again = crl_load_ok (DER_, der_after);
    g_autoptr (GPtrArray) entries = revoked_ok (again);
    g_autofree gchar *desc_again = describe_entries (entries);
    g_autoptr (GDateTime) next_again = pki_crl_get_next_update (again);
    g_assert_cmpstr (desc_again, ==, desc_before);
    g_assert_true (g_date_time_equal (next_again, next));
  }
  (void) der_before;
}

static void
test_lazy_consistency (void)
{
  static const char *const absent[] = { "0C", "0101", "03AC", "C3F3866EBFFF463F836A669C74760B88",
                                        NULL };
  g_autoptr (PkiCrl) ext = vector_crl ("crl_unsupported_ext.pem");
  g_autoptr (PkiCrl) root_crl = NULL;
  g_autoptr (PkiCrl) crl_pem = NULL;
  g_autoptr (PkiCrl) built = pki_crl_new ();
  g_autoptr (PkiCrl) built_loaded = NULL;
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);
  g_autoptr (GDateTime) next = utc (2031, 1, 1, 0, 0, 0);
  g_autoptr (GError) error = NULL;

  if (ext == NULL)
    return;
  check_lazy_vs_decoded (ext, absent);
  g_assert_cmpuint (pki_crl_get_revoked_count (ext), ==, 12);

  root_crl = vector_crl ("crl_root_revokes_intermediate.pem");
  check_lazy_vs_decoded (root_crl, absent);
  /* the same TBSCertList: the signature still verifies, now over the
   * decoded CRL */
  {
    g_autoptr (PkiX509) root = vector_cert ("root_cert.pem");
    g_autoptr (PkiPKey) key = cert_key (root);
    verify_ok (root_crl, key);
  }
  crl_pem = vector_crl ("crl.pem");
  check_lazy_vs_decoded (crl_pem, absent);

  for (guint i = 0; i < G_N_ELEMENTS (built_serials); i++)
    add_serial_ok (built, built_serials[i], when, (PkiCrlReason) (i % 7));
  g_assert_true (pki_crl_set_next_update (built, next, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GBytes) der = sign_der (built);
    built_loaded = crl_load_ok (DER_, der);
  }
  check_lazy_vs_decoded (built_loaded, absent);
  verify_ok (built_loaded, shared_ca_key);
}

typedef struct {
  PkiCrl *crl;
  guint rounds;
  gboolean decode;
} ThreadData;

static gpointer
lookup_thread (gpointer user_data)
{
  ThreadData *d = user_data;
  for (guint i = 0; i < d->rounds; i++) {
    g_autofree gchar *hex = g_strdup_printf ("%02X", i % 14);
    g_autoptr (PkiRevoked) r = pki_crl_lookup (d->crl, hex, NULL);
    if ((i % 14 < 12) != (r != NULL))
      return GUINT_TO_POINTER (1);
    if (d->decode && i == d->rounds / 2) {
      g_autoptr (GPtrArray) list = pki_crl_get_revoked (d->crl, NULL);
      g_autoptr (GDateTime) next = utc (2016, 1, 1, 0, 0, 0);
      if (list == NULL || list->len != 12 || !pki_crl_set_next_update (d->crl, next, NULL))
        return GUINT_TO_POINTER (1);
    }
    if (pki_crl_get_revoked_count (d->crl) != 12)
      return GUINT_TO_POINTER (1);
  }
  return GUINT_TO_POINTER (ERR_peek_error () != 0 ? 1 : 0);
}

/* Lookups from several threads while one of them decodes the CRL. */
static void
test_threads (void)
{
  g_autoptr (PkiCrl) crl = vector_crl ("crl_unsupported_ext.pem");
  ThreadData data[4];
  GThread *threads[4];

  if (crl == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++) {
    data[i] = (ThreadData) { crl, 400, i == 0 };
    threads[i] = g_thread_new ("lookup", lookup_thread, &data[i]);
  }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_null (g_thread_join (threads[i]));
  pki_assert_queue_empty ();
}

/* ========================================================================= */
/* Signing */

static void
check_signed_header (PkiCrl *crl, PkiX509 *ca, const char *alg, const char *number)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Name) issuer = pki_crl_get_issuer (crl);
  g_autoptr (PkiX509Name) subject = pki_x509_get_subject (ca);
  g_autoptr (GBytes) aki = pki_crl_get_authority_key_identifier (crl);
  g_autoptr (GBytes) ski = cert_ski (ca);
  g_autoptr (PkiX509Extension) e0 = NULL;
  g_autoptr (PkiX509Extension) e1 = NULL;

  g_assert_cmpint (pki_crl_get_version (crl), ==, 1);
  assert_str_take (pki_crl_get_signature_algorithm (crl, &error), alg);
  g_assert_no_error (error);
  g_assert_true (pki_x509_name_equal (issuer, subject));
  assert_bytes_equal (aki, ski);
  assert_str_take (pki_crl_get_crl_number (crl), number);
  g_assert_null (pki_crl_get_delta_crl_indicator (crl));
  g_assert_cmpuint (pki_crl_get_extension_count (crl), ==, 2);
  e0 = pki_crl_get_extension (crl, 0, &error);
  pki_test_assert_ok (e0, error);
  e1 = pki_crl_get_extension (crl, 1, &error);
  pki_test_assert_ok (e1, error);
  /* one of each, in either order */
  {
    g_autofree gchar *n0 = pki_x509_extension_get_short_name (e0);
    g_autofree gchar *n1 = pki_x509_extension_get_short_name (e1);
    if (g_strcmp0 (n0, "crlNumber") == 0) {
      g_assert_cmpstr (n1, ==, "authorityKeyIdentifier");
    } else {
      g_assert_cmpstr (n0, ==, "authorityKeyIdentifier");
      g_assert_cmpstr (n1, ==, "crlNumber");
    }
    g_assert_false (pki_x509_extension_get_critical (e0));
    g_assert_false (pki_x509_extension_get_critical (e1));
  }
}

static void
test_sign (void)
{
  g_autoptr (PkiPKey) key = ec_key ();
  g_autoptr (PkiX509) ca = make_ca (key, "Sign CA", TRUE, NULL);
  g_autoptr (PkiPKey) other = ec_key ();
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);
  g_autoptr (GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) after = NULL;
  g_autoptr (GDateTime) last = NULL;
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GBytes) der2 = NULL;
  g_autoptr (PkiCrl) loaded = NULL;
  g_autoptr (PkiCrl) loaded2 = NULL;
  g_autoptr (GPtrArray) list = NULL;
  static const char *const unsorted[] = { "05", "03", "FF01", "80", "01", "0100", "7F" };

  for (guint i = 0; i < G_N_ELEMENTS (unsorted); i++)
    add_serial_ok (crl, unsorted[i], when, i % 2 ? PKI_CRL_REASON_KEY_COMPROMISE : R_NONE);
  sign_ok (crl, ca, key, NULL);
  after = g_date_time_new_now_utc ();
  check_signed_header (crl, ca, "ecdsa-with-SHA256", "01");
  /* thisUpdate is now; nextUpdate is left out */
  last = pki_crl_get_last_update (crl);
  g_assert_nonnull (last);
  g_assert_cmpint (g_date_time_to_unix (last), >=, g_date_time_to_unix (before));
  g_assert_cmpint (g_date_time_to_unix (last), <=, g_date_time_to_unix (after));
  g_assert_null (pki_crl_get_next_update (crl));
  verify_ok (crl, key);
  verify_fails (crl, other);

  /* (the order of the entries is checked in test_sign_order) */
  der = dump_ok (crl, DER_);
  loaded = crl_load_ok (DER_, der);
  list = revoked_ok (loaded);
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (unsorted));
  for (guint i = 0; i < G_N_ELEMENTS (unsorted); i++)
    assert_lookup (loaded, unsorted[i], unsorted[i]);
  check_signed_header (loaded, ca, "ecdsa-with-SHA256", "01");
  verify_ok (loaded, key);
  verify_fails (loaded, other);
  {
    g_autoptr (PkiRevoked) r = pki_crl_lookup (loaded, "03", NULL);
    g_assert_nonnull (r);
    g_assert_cmpstr (pki_revoked_get_reason_name (r), ==, "Key Compromise");
  }

  /* re-signing after adding entries: one AKI, the same number, sorted */
  add_serial_ok (crl, "02", when, PKI_CRL_REASON_SUPERSEDED);
  add_serial_ok (crl, "FF00", when, R_NONE);
  sign_ok (crl, ca, key, "sha384");
  check_signed_header (crl, ca, "ecdsa-with-SHA384", "01");
  verify_ok (crl, key);
  g_assert_cmpuint (pki_crl_get_revoked_count (crl), ==, 9);
  der2 = dump_ok (crl, DER_);
  loaded2 = crl_load_ok (DER_, der2);
  g_assert_cmpuint (pki_crl_get_revoked_count (loaded2), ==, 9);
  verify_ok (loaded2, key);
  assert_lookup (loaded2, "02", "02");
  assert_lookup (loaded2, "ff00", "FF00");
  /* thisUpdate, once set, is kept by re-signing */
  {
    g_autoptr (GDateTime) last2 = pki_crl_get_last_update (crl);
    g_assert_nonnull (last2);
    g_assert_cmpint (g_date_time_to_unix (last2), ==, g_date_time_to_unix (last));
  }
}

/* pki_crl_sign sorts the entries by serial number, in memory and in the
 * DER, and again after more are added. */
static void
test_sign_order (void)
{
  static const char *const unsorted[] = { "05", "03", "FF01", "80", "01", "0100", "7F" };
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GBytes) der2 = NULL;
  g_autoptr (PkiCrl) loaded = NULL;
  g_autoptr (PkiCrl) loaded2 = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GPtrArray) list2 = NULL;
  g_autoptr (GPtrArray) mem = NULL;
  g_autofree gchar *serials = NULL;
  g_autofree gchar *serials2 = NULL;
  g_autofree gchar *mem_serials = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (unsorted); i++)
    add_serial_ok (crl, unsorted[i], when, R_NONE);
  der = sign_der (crl);
  loaded = crl_load_ok (DER_, der);
  list = revoked_ok (loaded);
  serials = serials_of (list);
  g_assert_cmpstr (serials, ==, "05,03,FF01,80,01,0100,7F");
  mem = revoked_ok (crl);
  mem_serials = serials_of (mem);
  g_assert_cmpstr (mem_serials, ==, "05,03,FF01,80,01,0100,7F");

  add_serial_ok (crl, "FF00", when, R_NONE);
  add_serial_ok (crl, "02", when, R_NONE);
  der2 = sign_der (crl);
  loaded2 = crl_load_ok (DER_, der2);
  list2 = revoked_ok (loaded2);
  serials2 = serials_of (list2);
  g_assert_cmpstr (serials2, ==, "05,03,FF01,80,01,0100,7F,FF00,02");
}

static void
test_sign_chosen_number (void)
{
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) last = utc (2021, 6, 7, 8, 9, 10);

  g_assert_true (pki_crl_set_crl_number (crl, "1F", &error));
  g_assert_true (pki_crl_set_last_update (crl, last, &error));
  g_assert_no_error (error);
  sign_ok (crl, shared_ca, shared_ca_key, NULL);
  check_signed_header (crl, shared_ca, "ecdsa-with-SHA256", "1F");
  /* a chosen thisUpdate is kept */
  assert_time_take (pki_crl_get_last_update (crl), "20210607080910Z");
  verify_ok (crl, shared_ca_key);
  /* and a new number after signing needs a new signature */
  g_assert_true (pki_crl_set_crl_number (crl, "20", &error));
  g_assert_no_error (error);
  verify_fails (crl, shared_ca_key);
  sign_ok (crl, shared_ca, shared_ca_key, NULL);
  check_signed_header (crl, shared_ca, "ecdsa-with-SHA256", "20");
  verify_ok (crl, shared_ca_key);
}

/* An issuer without a subjectKeyIdentifier: the AKI is the SHA-1 of its
 * public key (RFC 5280 4.2.1.2 method 1, what "hash" makes). */
static void
test_sign_issuer_without_ski (void)
{
  g_autoptr (PkiPKey) key = ec_key ();
  g_autoptr (PkiX509) plain = make_ca (key, "No SKI CA", FALSE, NULL);
  g_autoptr (PkiX509) with_ski = make_ca (key, "No SKI CA", TRUE, NULL);
  g_autoptr (GBytes) expected = cert_ski (with_ski);
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GBytes) aki = NULL;

  sign_ok (crl, plain, key, NULL);
  aki = pki_crl_get_authority_key_identifier (crl);
  g_assert_nonnull (aki);
  g_assert_cmpuint (g_bytes_get_size (aki), ==, 20);
  assert_bytes_equal (aki, expected);
  verify_ok (crl, key);
}

/* Signing a loaded CRL with another CA keeps its entries and times. */
static void
test_sign_loaded (void)
{
  g_autoptr (PkiCrl) crl = vector_crl ("crl.pem");
  g_autoptr (PkiX509) old_root = NULL;
  g_autoptr (PkiPKey) old_key = NULL;
  g_autoptr (GBytes) der = NULL;
  g_autoptr (PkiCrl) back = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autofree gchar *desc = NULL;

  if (crl == NULL)
    return;
  old_root = vector_cert ("old_root_cert.pem");
  old_key = cert_key (old_root);
  sign_ok (crl, shared_ca, shared_ca_key, NULL);
  check_signed_header (crl, shared_ca, "ecdsa-with-SHA256", "01");
  assert_time_take (pki_crl_get_last_update (crl), "20090726043456Z");
  assert_time_take (pki_crl_get_next_update (crl), "20120927024152Z");
  verify_ok (crl, shared_ca_key);
  verify_fails (crl, old_key);
  der = dump_ok (crl, DER_);
  back = crl_load_ok (DER_, der);
  check_signed_header (back, shared_ca, "ecdsa-with-SHA256", "01");
  verify_ok (back, shared_ca_key);
  list = revoked_ok (back);
  desc = describe_entries (list);
  /* (in either order here; test_sign_order checks the order) */
  if (g_strcmp0 (desc, "0100 20090725233456Z Superseded -\n03AB 20090725233456Z - -\n") != 0)
    g_assert_cmpstr (desc, ==, "03AB 20090725233456Z - -\n0100 20090725233456Z Superseded -\n");
}

static void
test_sign_errors (void)
{
  g_autoptr (PkiPKey) key = ec_key ();
  g_autoptr (PkiX509) ca = make_ca (key, "Errors CA", TRUE, NULL);
  g_autoptr (PkiPKey) other = ec_key ();
  g_autoptr (PkiPKey) pub = pki_pkey_get_public (key);
  g_autoptr (PkiPKey) ed = ed25519_key ();
  g_autoptr (PkiX509) ed_ca = make_ca (ed, "Ed25519 CA", TRUE, NULL);
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);
  static const struct {
    const char *digest;
    gint code;
  } bad_digests[] = {
    { "nosuchdigest", PKI_ERROR_UNSUPPORTED },
    { "", PKI_ERROR_UNSUPPORTED },
    { "SHA-256x", PKI_ERROR_UNSUPPORTED },
  };

  add_serial_ok (crl, "01", when, R_NONE);
  {
    g_autoptr (GError) error = NULL;
    g_assert_false (pki_crl_sign (crl, ca, other, NULL, &error));
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
  }
  {
    g_autoptr (GError) error = NULL;
    g_assert_false (pki_crl_sign (crl, ca, ed, NULL, &error));
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad_digests); i++) {
    g_autoptr (GError) error = NULL;
    g_assert_false (pki_crl_sign (crl, ca, key, bad_digests[i].digest, &error));
    pki_test_assert_error (error, bad_digests[i].code);
  }
  /* a public-only key cannot sign */
  {
    g_autoptr (GError) error = NULL;
    g_assert_false (pki_pkey_has_private (pub));
    g_assert_false (pki_crl_sign (crl, ca, pub, NULL, &error));
    pki_test_assert_error (error, PKI_ERROR_KEY_TYPE);
  }
  /* nothing was signed by the failures */
  verify_fails (crl, key);

  /* Ed25519 signs without a digest, and refuses one */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiCrl) ed_crl = pki_crl_new ();
    add_serial_ok (ed_crl, "02", when, PKI_CRL_REASON_CA_COMPROMISE);
    g_assert_false (pki_crl_sign (ed_crl, ed_ca, ed, "sha256", &error));
    pki_test_assert_error (error, PKI_ERROR_UNSUPPORTED);
    sign_ok (ed_crl, ed_ca, ed, NULL);
    check_signed_header (ed_crl, ed_ca, "ED25519", "01");
    verify_ok (ed_crl, ed);
    verify_fails (ed_crl, key);
    {
      g_autoptr (GBytes) der = dump_ok (ed_crl, DER_);
      g_autoptr (PkiCrl) back = crl_load_ok (DER_, der);
      verify_ok (back, ed);
      verify_fails (back, other);
      assert_lookup (back, "02", "02");
    }
  }
  /* and the good key still works after the failures */
  sign_ok (crl, ca, key, NULL);
  verify_ok (crl, key);
}

/* ========================================================================= */
/* Export */

static GBytes *
export_ok (PkiCrl *crl, PkiX509 *ca, PkiPKey *key, PkiFiletype type, guint days,
           const char *digest)
{
  g_autoptr (GError) error = NULL;
  GBytes *b = pki_crl_export (crl, ca, key, type, days, digest, &error);
  return pki_test_assert_ok (b, error);
}

static void
test_export (void)
{
  g_autoptr (PkiX509) root = vector_cert ("root_cert.pem");
  g_autoptr (PkiPKey) root_key = NULL;
  g_autoptr (PkiPKey) root_pub = NULL;
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);
  g_autoptr (GDateTime) before = NULL;
  g_autoptr (GDateTime) after = NULL;
  g_autoptr (GBytes) text = NULL;
  g_autoptr (GBytes) pem = NULL;
  g_autoptr (GBytes) der = NULL;
  g_autoptr (PkiCrl) back = NULL;
  g_autoptr (GError) error = NULL;

  if (root == NULL)
    return;
  root_key = pki_test_vector_private ("root_key.pem", PEM_, NULL);
  root_pub = cert_key (root);
  add_serial_ok (crl, "03AB", when, R_NONE);
  add_serial_ok (crl, "0100", when, PKI_CRL_REASON_SUPERSEDED);

  /* pyOpenSSL: digest=b"sha384" gives sha384WithRSAEncryption */
  text = export_ok (crl, root, root_key, TEXT_, 30, "sha384");
  assert_contains (text, "Signature Algorithm: sha384WithRSAEncryption");
  assert_contains (text, "Issuer: C = US, ST = IL, L = Chicago, O = Testing, CN = Testing Root CA");
  assert_contains (text, "Serial Number: 0100\n        Revocation Date: Jan  1 00:00:00 2020 GMT\n"
                         "        CRL entry extensions:\n            X509v3 CRL Reason Code: \n"
                         "                Superseded\n");
  assert_str_take (pki_crl_get_signature_algorithm (crl, &error), "sha384WithRSAEncryption");
  verify_ok (crl, root_pub);

  /* the default digest is SHA-256; nextUpdate is @days after thisUpdate,
   * which is now */
  before = g_date_time_new_now_utc ();
  pem = export_ok (crl, root, root_key, PEM_, 7, NULL);
  after = g_date_time_new_now_utc ();
  back = crl_load_ok (PEM_, pem);
  assert_str_take (pki_crl_get_signature_algorithm (back, &error), "sha256WithRSAEncryption");
  {
    g_autoptr (GDateTime) last = pki_crl_get_last_update (back);
    g_autoptr (GDateTime) next = pki_crl_get_next_update (back);
    g_assert_nonnull (last);
    g_assert_nonnull (next);
    g_assert_cmpint (g_date_time_to_unix (last), >=, g_date_time_to_unix (before));
    g_assert_cmpint (g_date_time_to_unix (last), <=, g_date_time_to_unix (after));
    g_assert_cmpint (g_date_time_to_unix (next) - g_date_time_to_unix (last), ==, 7 * 86400);
  }
  check_signed_header (back, root, "sha256WithRSAEncryption", "01");
  verify_ok (back, root_pub);
  g_assert_cmpuint (pki_crl_get_revoked_count (back), ==, 2);
  assert_lookup (back, "3AB", "03AB");

  /* DER: the same CRL as the dump */
  der = export_ok (crl, root, root_key, DER_, 1, "sha512");
  {
    g_autoptr (GBytes) dumped = dump_ok (crl, DER_);
    g_autoptr (PkiCrl) from_der = crl_load_ok (DER_, der);
    assert_bytes_equal (der, dumped);
    assert_str_take (pki_crl_get_signature_algorithm (from_der, &error),
                     "sha512WithRSAEncryption");
    verify_ok (from_der, root_pub);
  }
  /* EC: ecdsa-with-SHA256 by default */
  {
    g_autoptr (PkiCrl) ec_crl = pki_crl_new ();
    g_autoptr (GBytes) ec_der = export_ok (ec_crl, shared_ca, shared_ca_key, DER_, 1, NULL);
    g_autoptr (PkiCrl) ec_back = crl_load_ok (DER_, ec_der);
    assert_str_take (pki_crl_get_signature_algorithm (ec_back, &error), "ecdsa-with-SHA256");
    verify_ok (ec_back, shared_ca_key);
  }
}

static void
test_export_errors (void)
{
  g_autoptr (PkiPKey) other = ec_key ();
  g_autoptr (PkiPKey) pub = pki_pkey_get_public (shared_ca_key);
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  static const struct {
    PkiFiletype type;
    guint days;
    const char *digest;
    gboolean other_key, public_key;
    gint code;
  } cases[] = {
    { PEM_, 0, NULL, FALSE, FALSE, PKI_ERROR_BAD_INPUT },
    { DER_, 3650001, NULL, FALSE, FALSE, PKI_ERROR_BAD_INPUT },
    { DER_, G_MAXUINT, NULL, FALSE, FALSE, PKI_ERROR_BAD_INPUT },
    { 100, 1, NULL, FALSE, FALSE, PKI_ERROR_BAD_INPUT },
    { 0, 1, NULL, FALSE, FALSE, PKI_ERROR_BAD_INPUT },
    { PEM_, 1, "nosuchdigest", FALSE, FALSE, PKI_ERROR_UNSUPPORTED },
    { PEM_, 1, NULL, TRUE, FALSE, PKI_ERROR_BAD_INPUT },
    { PEM_, 1, NULL, FALSE, TRUE, PKI_ERROR_KEY_TYPE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    PkiPKey *key = cases[i].other_key ? other : cases[i].public_key ? pub : shared_ca_key;
    g_autoptr (GBytes) out = pki_crl_export (crl, shared_ca, key, cases[i].type, cases[i].days,
                                             cases[i].digest, &error);
    if (out != NULL || !g_error_matches (error, PKI_ERROR, cases[i].code))
      g_error ("export case %u: expected error %d, got %s", i, cases[i].code,
               error ? error->message : "success");
    pki_assert_queue_empty ();
  }
}

/* Days that put nextUpdate past the year 9999 fail cleanly (run in a
 * subprocess: today they hit a g_return_val_if_fail). */
static void
test_export_far_future (void)
{
  static const guint days[] = { 3000000, 3650000 };

  if (g_test_subprocess ()) {
    for (guint i = 0; i < G_N_ELEMENTS (days); i++) {
      g_autoptr (PkiCrl) crl = pki_crl_new ();
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) out = pki_crl_export (crl, shared_ca, shared_ca_key, PEM_, days[i],
                                               NULL, &error);
      pki_test_assert_fails (out, error, PKI_ERROR_BAD_INPUT);
    }
    return;
  }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*CRITICAL*");
}

/* ========================================================================= */
/* Dumps and the openssl CLI's text */

/* The TEXT dump is what `openssl crl -text -noout` prints (with
 * @nameopt, when not NULL, as its -nameopt). */
static void
assert_text_matches_cli_with (PkiCrl *crl, const char *nameopt)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (GBytes) text = dump_ok (crl, TEXT_);
  g_autoptr (GBytes) pem = dump_ok (crl, PEM_);
  g_autoptr (GBytes) cli = nameopt != NULL
                               ? PKI_OPENSSL_IN (dir, "crl.pem", pem, "crl", "-text", "-noout",
                                                 "-nameopt", nameopt)
                               : PKI_OPENSSL_IN (dir, "crl.pem", pem, "crl", "-text", "-noout");
  assert_bytes_equal (text, cli);
}

static void
assert_text_matches_cli (PkiCrl *crl)
{
  assert_text_matches_cli_with (crl, NULL);
}

static void
test_dump_text (void)
{
  static const char *const vectors[] = {
    "crl.pem", "crl_unsupported_ext.pem", "crl_root_revokes_intermediate.pem",
    "crl_intermediate_empty.pem",
  };
  g_autoptr (PkiCrl) built = pki_crl_new ();
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);
  g_autoptr (GDateTime) next = utc (2020, 2, 1, 0, 0, 0);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++) {
    g_autoptr (PkiCrl) crl = vector_crl (vectors[i]);
    if (crl == NULL)
      return;
    assert_text_matches_cli (crl);
  }
  for (guint i = 0; i < G_N_ELEMENTS (built_serials); i++)
    add_serial_ok (built, built_serials[i], when, (PkiCrlReason) (i % 7));
  {
    g_autoptr (PkiRevoked) r = make_revoked ("0BAD", "20200102030405Z", "AACompromise");
    g_assert_true (pki_revoked_set_invalidity_date (r, when, &error));
    add_revoked_ok (built, r);
  }
  g_assert_true (pki_crl_set_next_update (built, next, &error));
  g_assert_no_error (error);
  sign_ok (built, shared_ca, shared_ca_key, NULL);
  assert_text_matches_cli (built);
  {
    g_autoptr (GBytes) text = dump_ok (built, TEXT_);
    assert_contains (text, "Serial Number: 0BAD\n"
                           "        Revocation Date: Jan  2 03:04:05 2020 GMT\n");
    assert_contains (text, "AA Compromise");
    assert_contains (text, "Invalidity Date: \n                Jan  1 00:00:00 2020 GMT");
    assert_contains (text, "X509v3 CRL Number: \n                1\n");
    assert_contains (text, "Issuer: CN = libpki test CRL CA\n");
  }
  /* the PEM and DER dumps agree, and PEM is what the CLI writes */
  {
    g_autoptr (TestDir) dir = pki_test_tmpdir ();
    g_autoptr (GBytes) der = dump_ok (built, DER_);
    g_autoptr (GBytes) pem = dump_ok (built, PEM_);
    g_autofree gchar *path = pki_test_write (dir, "c.der", der);
    g_autoptr (GBytes) cli_pem = PKI_OPENSSL_OK ("crl", "-inform", "DER", "-in", path);
    assert_bytes_equal (pem, cli_pem);
  }
  /* the dump types */
  {
    static const PkiFiletype bad[] = { 0, 3, 100, 65534 };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
      g_autoptr (GError) err = NULL;
      g_autoptr (GBytes) out = pki_crl_dump (built, bad[i], &err);
      pki_test_assert_fails (out, err, PKI_ERROR_BAD_INPUT);
    }
  }
}

/* @der with its outer length written in one more octet than needed (a
 * BER length DER forbids, which d2i_X509_CRL takes). */
static GBytes *
long_form_outer_length (GBytes *der)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (der, &len);
  GByteArray *out = g_byte_array_new ();
  guint8 head[6];
  guint n = p[1] & 0x7f;

  g_assert_cmpuint (p[1] & 0x80, !=, 0);
  head[0] = 0x30;
  head[1] = (guint8) (0x80 | (n + 1));
  head[2] = 0;
  memcpy (head + 3, p + 2, n);
  g_byte_array_append (out, head, n + 3);
  g_byte_array_append (out, p + 2 + n, (guint) (len - 2 - n));
  return g_byte_array_free_to_bytes (out);
}

/* "a loaded CRL is written back byte for byte", even when its encoding is
 * not the canonical one: with entries and without. */
static void
test_dump_byte_for_byte (void)
{
  static const char *const vectors[] = { "crl_root_revokes_intermediate.pem",
                                         "crl_intermediate_empty.pem" };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++) {
    g_autoptr (PkiCrl) crl = vector_crl (vectors[i]);
    g_autoptr (GBytes) der = NULL;
    g_autoptr (GBytes) odd = NULL;
    g_autoptr (PkiCrl) back = NULL;
    g_autoptr (GBytes) out = NULL;
    if (crl == NULL)
      return;
    der = dump_ok (crl, DER_);
    odd = long_form_outer_length (der);
    back = crl_load_ok (DER_, odd);
    out = dump_ok (back, DER_);
    if (!g_bytes_equal (out, odd))
      g_error ("%s with a long-form outer length: the DER dump (%" G_GSIZE_FORMAT " bytes) is "
               "not the input (%" G_GSIZE_FORMAT " bytes)", vectors[i], g_bytes_get_size (out),
               g_bytes_get_size (odd));
  }
}

/* A name with UTF-8: `openssl crl -text -noout` escapes it (its default
 * -nameopt is oneline, which has esc_msb); the TEXT dump should print the
 * same. */
static void
test_dump_text_utf8 (void)
{
  g_autofree gchar *dir = pki_test_shared_dir ("corpus/openssl-3.0.15-testdata/certs");
  g_autofree gchar *path = NULL;
  g_autoptr (GBytes) pem = NULL;
  g_autoptr (PkiCrl) crl = NULL;

  if (dir == NULL) {
    g_test_skip ("../shared/corpus/openssl-3.0.15-testdata is absent");
    return;
  }
  path = g_build_filename (dir, "cyrillic_crl.pem", NULL);
  pem = pki_test_read_file (path);
  crl = crl_load_ok (PEM_, pem);
  assert_text_matches_cli (crl);
}

/* ========================================================================= */
/* Bad input */

static void
assert_load_fails (PkiFiletype type, const void *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiCrl) crl = pki_crl_load (type, data, len, &error);
  if (crl != NULL)
    g_error ("a bad CRL of %" G_GSIZE_FORMAT " bytes loaded", len);
  pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
}

static void
test_load_bad (void)
{
  static const char *const garbage[] = {
    "hello",
    "\x30",
    "\x30\x00",
    "\x30\x03\x02\x01\x01",
    "\x30\x80\x00\x00",
    "\x31\x00",
    "\x30\x84\xff\xff\xff\xff",
    "\x30\x89\x01\x02\x03\x04\x05\x06\x07\x08\x09",
    "-----BEGIN X509 CRL-----\n-----END X509 CRL-----\n",
    "-----BEGIN X509 CRL-----\n!!!!\n-----END X509 CRL-----\n",
    "-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n",
    "-----BEGIN X509 CRL-----\nMIIB\n",
    "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
    "-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL",
  };
  g_autoptr (GBytes) der = pki_test_vector ("crl.der");
  g_autoptr (GBytes) pem = NULL;
  g_autoptr (GBytes) cert_pem = NULL;
  gsize len;
  const guint8 *data;

  if (der == NULL)
    return;
  pem = pki_test_vector ("crl.pem");
  cert_pem = pki_test_vector ("root_cert.pem");

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++) {
    assert_load_fails (DER_, garbage[i], strlen (garbage[i]));
    assert_load_fails (PEM_, garbage[i], strlen (garbage[i]));
  }
  /* empty */
  assert_load_fails (DER_, NULL, 0);
  assert_load_fails (PEM_, NULL, 0);
  assert_load_fails (DER_, "", 0);

  /* types: TEXT cannot be loaded; unknown types */
  {
    static const PkiFiletype bad_types[] = { TEXT_, 100, 0, 3 };
    for (guint i = 0; i < G_N_ELEMENTS (bad_types); i++) {
      assert_load_fails (bad_types[i], g_bytes_get_data (der, NULL), g_bytes_get_size (der));
      assert_load_fails (bad_types[i], g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));
    }
  }
  /* the wrong encoding */
  assert_load_fails (PEM_, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  assert_load_fails (DER_, g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));
  /* a certificate is not a CRL */
  assert_load_fails (PEM_, g_bytes_get_data (cert_pem, NULL), g_bytes_get_size (cert_pem));
  {
    g_autoptr (GBytes) root_der = pki_test_vector ("root_cert.der");
    assert_load_fails (DER_, g_bytes_get_data (root_der, NULL), g_bytes_get_size (root_der));
  }

  /* every truncation of the DER */
  data = g_bytes_get_data (der, &len);
  for (gsize cut = 0; cut < len; cut++)
    assert_load_fails (DER_, data, cut);
  /* trailing bytes after the DER */
  {
    g_autofree guint8 *longer = g_malloc (len + 2);
    memcpy (longer, data, len);
    longer[len] = 0;
    longer[len + 1] = 0;
    assert_load_fails (DER_, longer, len + 2);
    assert_load_fails (DER_, longer, len + 1);
  }
  /* truncations of the PEM that cut its base64 or its END line */
  data = g_bytes_get_data (pem, &len);
  for (gsize cut = 0; cut + 26 < len; cut += 7)
    assert_load_fails (PEM_, data, cut);

  /* text around the PEM, and a certificate before it: the CRL block is
   * found */
  {
    g_autoptr (GBytes) head = g_bytes_new_static ("some text\n", 10);
    g_autoptr (GBytes) withhead = pki_test_bytes_join (head, pem);
    g_autoptr (GBytes) tail = g_bytes_new_static ("trailing\n", 9);
    g_autoptr (GBytes) both = pki_test_bytes_join (withhead, tail);
    g_autoptr (GBytes) bundle = pki_test_bytes_join (cert_pem, pem);
    g_autoptr (PkiCrl) a = crl_load_ok (PEM_, both);
    g_autoptr (PkiCrl) b = crl_load_ok (PEM_, bundle);
    g_autoptr (GBytes) out = dump_ok (b, DER_);
    g_assert_cmpuint (pki_crl_get_revoked_count (a), ==, 2);
    assert_bytes_equal (out, der);
  }
}

/* The place of the first entry's revocation date in @der, a CRL whose
 * first entry has serial @serial (one octet). */
static gsize
first_entry_date (GBytes *der, guint8 serial)
{
  const guint8 pattern[] = { 0x02, 0x01, serial, 0x17, 0x0d };
  gssize at = bytes_find (der, pattern, sizeof pattern);
  g_assert_cmpint (at, >, 0);
  return (gsize) at + 3;
}

/* A malformed entry in a libpki-made CRL: the list structure is checked
 * when loading; a bad value inside an entry shows when it is decoded. */
static void
test_load_bad_entry (void)
{
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);
  g_autoptr (GBytes) der = NULL;
  gsize date;

  add_serial_ok (crl, "11", when, PKI_CRL_REASON_KEY_COMPROMISE);
  add_serial_ok (crl, "22", when, R_NONE);
  der = sign_der (crl);
  date = first_entry_date (der, 0x11);

  /* the entry SEQUENCE's tag, and the serial's: refused when loading */
  {
    g_autoptr (GBytes) bad_seq = bytes_patch (der, date - 5, 0x31);
    g_autoptr (GBytes) bad_int = bytes_patch (der, date - 3, 0x04);
    g_autoptr (GBytes) bad_len = bytes_patch (der, date - 4, 0x7f);
    g_autoptr (GBytes) empty_int = bytes_patch (der, date - 2, 0x00);
    g_autoptr (GBytes) bad_date_len = bytes_patch (der, date + 1, 0x7e);
    const guint8 *p;
    gsize len;
    g_assert_cmpuint (((const guint8 *) g_bytes_get_data (der, NULL))[date - 5], ==, 0x30);
    p = g_bytes_get_data (bad_seq, &len);
    assert_load_fails (DER_, p, len);
    p = g_bytes_get_data (bad_int, &len);
    assert_load_fails (DER_, p, len);
    p = g_bytes_get_data (bad_len, &len);
    assert_load_fails (DER_, p, len);
    p = g_bytes_get_data (empty_int, &len);
    assert_load_fails (DER_, p, len);
    /* a length inside the entry is only checked when it is decoded */
    {
      g_autoptr (PkiCrl) lazy = crl_load_ok (DER_, bad_date_len);
      g_autoptr (GError) error = NULL;
      g_autoptr (PkiRevoked) r = pki_crl_lookup (lazy, "11", &error);
      pki_test_assert_fails (r, error, PKI_ERROR_BAD_INPUT);
      assert_lookup (lazy, "22", "22");
    }
  }

  /* the revocation date's tag: the CRL loads, the entry does not decode */
  {
    g_autoptr (GBytes) bad_date = bytes_patch (der, date, 0x04);
    g_autoptr (PkiCrl) bad = crl_load_ok (DER_, bad_date);
    g_autoptr (GError) error = NULL;
    g_autoptr (GDateTime) next = utc (2030, 1, 1, 0, 0, 0);

    g_assert_cmpuint (pki_crl_get_revoked_count (bad), ==, 2);
    {
      g_autoptr (PkiRevoked) r = pki_crl_lookup (bad, "11", &error);
      pki_test_assert_fails (r, error, PKI_ERROR_BAD_INPUT);
      g_clear_error (&error);
    }
    assert_lookup (bad, "22", "22");
    assert_lookup (bad, "33", NULL);
    {
      g_autoptr (GPtrArray) list = pki_crl_get_revoked (bad, &error);
      pki_test_assert_fails (list, error, PKI_ERROR_BAD_INPUT);
      g_clear_error (&error);
    }
    /* the header is fine; the DER and PEM come back as they were */
    assert_str_take (pki_crl_get_crl_number (bad), "01");
    {
      g_autoptr (GBytes) out = dump_ok (bad, DER_);
      g_autoptr (GBytes) pem = dump_ok (bad, PEM_);
      g_autoptr (PkiCrl) again = crl_load_ok (PEM_, pem);
      g_autoptr (GBytes) again_der = dump_ok (again, DER_);
      assert_bytes_equal (out, bad_date);
      assert_bytes_equal (again_der, bad_date);
    }
    /* the signature no longer covers it */
    verify_fails (bad, shared_ca_key);
    /* anything that decodes the entries fails cleanly */
    {
      g_autoptr (GBytes) text = pki_crl_dump (bad, TEXT_, &error);
      pki_test_assert_fails (text, error, PKI_ERROR_BAD_INPUT);
      g_clear_error (&error);
    }
    g_assert_false (pki_crl_set_next_update (bad, next, &error));
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
    g_assert_false (pki_crl_add_serial (bad, "44", when, R_NONE, &error));
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
    g_assert_false (pki_crl_sign (bad, shared_ca, shared_ca_key, NULL, &error));
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
    {
      g_autoptr (GBytes) out = pki_crl_export (bad, shared_ca, shared_ca_key, PEM_, 1, NULL,
                                               &error);
      pki_test_assert_fails (out, error, PKI_ERROR_BAD_INPUT);
      g_clear_error (&error);
    }
    /* still usable as it was */
    assert_lookup (bad, "22", "22");
    g_assert_cmpuint (pki_crl_get_revoked_count (bad), ==, 2);
  }
}

/* The offset of the unused-bits octet of the signature BIT STRING that ends
 * the DER CRL @der. */
static gsize
signature_unused_bits_offset (GBytes *der)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (der, &len);
  for (gsize k = len - 3; k > 0; k--) {
    if (p[k] == 0x03 && p[k + 1] == len - k - 2 && p[k + 2] == 0)
      return k + 2;
    if (p[k] == 0x03 && p[k + 1] == 0x81 && p[k + 2] == len - k - 3 && p[k + 3] == 0)
      return k + 3;
    if (k + 4 < len && p[k] == 0x03 && p[k + 1] == 0x82
        && (gsize) (p[k + 2] << 8 | p[k + 3]) == len - k - 4 && p[k + 4] == 0)
      return k + 4;
  }
  g_assert_not_reached ();
}

/* A signature BIT STRING that claims unused bits is not a valid signature
 * (OpenSSL's X509_CRL_verify refuses it), even when the bits it drops are
 * zero.  RSA signatures are deterministic: pick a CRL whose signature ends
 * in an even octet, so one unused bit changes no signature bit. */
static void
test_verify_unused_bits (void)
{
  g_autoptr (PkiX509) root = vector_cert ("root_cert.pem");
  g_autoptr (PkiPKey) root_key = NULL;
  g_autoptr (GDateTime) last = utc (2020, 1, 1, 0, 0, 0);
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GError) error = NULL;
  gsize off, len;

  if (root == NULL)
    return;
  root_key = pki_test_vector_private ("root_key.pem", PEM_, NULL);
  for (guint n = 1; n < 64; n++) {
    g_autoptr (PkiCrl) crl = pki_crl_new ();
    g_autofree gchar *number = g_strdup_printf ("%x", n);
    g_autoptr (GBytes) out = NULL;
    g_assert_true (pki_crl_set_last_update (crl, last, &error));
    g_assert_true (pki_crl_set_crl_number (crl, number, &error));
    g_assert_no_error (error);
    /* with an entry, so the CRL loads lazily */
    add_serial_ok (crl, "01", last, R_NONE);
    sign_ok (crl, root, root_key, NULL);
    out = dump_ok (crl, DER_);
    len = g_bytes_get_size (out);
    if ((((const guint8 *) g_bytes_get_data (out, NULL))[len - 1] & 1) == 0) {
      der = g_steal_pointer (&out);
      break;
    }
  }
  g_assert_nonnull (der);
  off = signature_unused_bits_offset (der);
  for (guint8 bits = 1; bits <= 7; bits++) {
    g_autoptr (GBytes) m = bytes_patch (der, off, bits);
    g_autoptr (PkiCrl) c = pki_crl_load (DER_, PKI_BYTES_ARGS (m), &error);
    g_autoptr (PkiPKey) pub = cert_key (root);
    pki_assert_queue_empty ();
    if (c == NULL) {
      g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
      g_clear_error (&error);
      continue;
    }
    if (bits == 1) {
      /* the openssl CLI agrees: not a valid signature */
      g_autoptr (TestDir) dir = pki_test_tmpdir ();
      g_autofree gchar *ca_path = pki_test_vector_path ("root_cert.pem");
      g_autofree gchar *crl_path = pki_test_write (dir, "m.der", m);
      g_autofree gchar *out = NULL, *err = NULL;
      OPENSSL_RUN (&out, &err, "crl", "-inform", "DER", "-noout", "-CAfile", ca_path, "-in",
                   crl_path);
      if (strstr (err, "verify OK") != NULL || strstr (out, "verify OK") != NULL)
        g_error ("openssl accepts unused bits in the signature: %s%s", out, err);
    }
    {
      g_autoptr (GError) e = NULL;
      if (pki_crl_verify (c, pub, &e))
        g_error ("a signature BIT STRING with %u unused bits verifies", bits);
      pki_test_assert_error (e, PKI_ERROR_SIGNATURE);
    }
  }
}

/* Every single-byte change of a small signed CRL: loads or fails cleanly,
 * never verifies, and whatever loads dumps back byte for byte. */
static void
test_load_mutations (void)
{
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GDateTime) when = utc (2020, 1, 1, 0, 0, 0);
  g_autoptr (GDateTime) next = utc (2020, 2, 1, 0, 0, 0);
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GError) error = NULL;
  static const guint8 flips[] = { 0xff, 0x01, 0x80 };
  gsize len, unused_bits;
  guint loaded = 0;

  add_serial_ok (crl, "11", when, PKI_CRL_REASON_KEY_COMPROMISE);
  add_serial_ok (crl, "2233", when, R_NONE);
  g_assert_true (pki_crl_set_next_update (crl, next, &error));
  g_assert_no_error (error);
  der = sign_der (crl);
  verify_ok (crl, shared_ca_key);
  len = g_bytes_get_size (der);
  unused_bits = signature_unused_bits_offset (der);
  for (gsize i = 0; i < len; i++) {
    /* (the unused-bits octet of the signature has its own test,
     * test_verify_unused_bits: some of its values verify today) */
    if (i == unused_bits)
      continue;
    for (guint f = 0; f < G_N_ELEMENTS (flips); f++) {
      guint8 v = ((const guint8 *) g_bytes_get_data (der, NULL))[i] ^ flips[f];
      g_autoptr (GBytes) m = bytes_patch (der, i, v);
      g_autoptr (GError) err = NULL;
      g_autoptr (PkiCrl) c = pki_crl_load (DER_, PKI_BYTES_ARGS (m), &err);
      pki_assert_queue_empty ();
      if (c == NULL) {
        g_assert_error (err, PKI_ERROR, PKI_ERROR_BAD_INPUT);
        continue;
      }
      loaded++;
      g_assert_no_error (err);
      {
        g_autoptr (GBytes) out = dump_ok (c, DER_);
        assert_bytes_equal (out, m);
      }
      {
        g_autoptr (GError) e = NULL;
        if (pki_crl_verify (c, shared_ca_key, &e))
          g_error ("byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " changed from %02X to %02X: "
                   "the CRL still verifies", i, len,
                   ((const guint8 *) g_bytes_get_data (der, NULL))[i], v);
        pki_assert_queue_empty ();
        if (!g_error_matches (e, PKI_ERROR, PKI_ERROR_SIGNATURE)
            && !g_error_matches (e, PKI_ERROR, PKI_ERROR_BAD_INPUT))
          g_error ("byte %" G_GSIZE_FORMAT ": verify error %s", i, e ? e->message : "none");
      }
      {
        g_autoptr (GError) e = NULL;
        g_autoptr (GPtrArray) list = pki_crl_get_revoked (c, &e);
        pki_assert_queue_empty ();
        g_assert_true ((list != NULL) != (e != NULL));
        if (e != NULL)
          g_assert_error (e, PKI_ERROR, PKI_ERROR_BAD_INPUT);
      }
      {
        g_autoptr (GError) e = NULL;
        g_autoptr (PkiRevoked) r = pki_crl_lookup (c, "11", &e);
        (void) r;               /* found or not: only a clean result counts */
        pki_assert_queue_empty ();
        if (e != NULL)
          g_assert_error (e, PKI_ERROR, PKI_ERROR_BAD_INPUT);
      }
      {
        g_autoptr (GError) e = NULL;
        g_autoptr (GBytes) text = pki_crl_dump (c, TEXT_, &e);
        g_autofree gchar *alg = NULL;
        pki_assert_queue_empty ();
        g_assert_true ((text != NULL) != (e != NULL));
        g_clear_error (&e);
        alg = pki_crl_get_signature_algorithm (c, &e);
        pki_assert_queue_empty ();
        g_assert_true ((alg != NULL) != (e != NULL));
        g_clear_pointer (&alg, g_free);
        g_clear_error (&e);
        alg = pki_crl_get_crl_number (c);
        g_clear_pointer (&alg, g_free);
        g_bytes_unref (pki_crl_get_authority_key_identifier (c));
        pki_assert_queue_empty ();
      }
    }
  }
  g_assert_cmpuint (loaded, >, 0);
}

/* ========================================================================= */
/* Interoperability with the openssl CLI */

typedef struct {
  const char *name;
  PkiPKey *(*make_key) (void);
  PkiPKey *(*make_other_key) (void);
  const char *digest;
  const char *alg;
} IssuerKind;

static PkiPKey *
rsa_vector_key (void)
{
  return pki_test_vector_private ("root_key.pem", PEM_, NULL);
}

static PkiPKey *
rsa_other_vector_key (void)
{
  return pki_test_vector_private ("intermediate_key.pem", PEM_, NULL);
}

static void
test_interop_openssl_verify (void)
{
  static const IssuerKind kinds[] = {
    { "RSA", rsa_vector_key, rsa_other_vector_key, "sha256", "sha256WithRSAEncryption" },
    { "EC", ec_key, ec_key, NULL, "ecdsa-with-SHA256" },
    { "Ed25519", ed25519_key, ed25519_key, NULL, "ED25519" },
  };
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++) {
    g_autoptr (PkiPKey) key = kinds[i].make_key ();
    g_autoptr (PkiX509) ca = NULL;
    g_autoptr (PkiX509) leaf_ok = NULL;
    g_autoptr (PkiX509) leaf_revoked = NULL;
    g_autoptr (PkiPKey) leaf_key = ec_key ();
    g_autoptr (PkiCrl) crl = pki_crl_new ();
    g_autoptr (GDateTime) when = utc (2021, 3, 4, 5, 6, 7);
    g_autoptr (GBytes) crl_pem = NULL;
    g_autoptr (GBytes) ca_pem = NULL;
    g_autoptr (GBytes) text = NULL;
    g_autofree gchar *ca_path = NULL, *crl_path = NULL, *crl_name = NULL, *ca_name = NULL;

    if (key == NULL)
      continue;
    ca = make_ca (key, kinds[i].name, TRUE, kinds[i].digest);
    leaf_ok = make_leaf (ca, key, leaf_key, "0A01");
    leaf_revoked = make_leaf (ca, key, leaf_key, "0A02");
    {
      g_autoptr (PkiRevoked) r = make_revoked ("0A02", "20210304050607Z", "keyCompromise");
      add_revoked_ok (crl, r);
    }
    add_serial_ok (crl, "0B", when, PKI_CRL_REASON_CESSATION_OF_OPERATION);
    add_serial_ok (crl, "0C", when, R_NONE);
    crl_pem = export_ok (crl, ca, key, PEM_, 30, kinds[i].digest);
    ca_pem = pki_x509_dump (ca, PEM_, &error);
    pki_test_assert_ok (ca_pem, error);
    ca_name = g_strdup_printf ("ca-%u.pem", i);
    crl_name = g_strdup_printf ("crl-%u.pem", i);
    ca_path = pki_test_write (dir, ca_name, ca_pem);
    crl_path = pki_test_write (dir, crl_name, crl_pem);

    assert_openssl_crl_verify (ca_path, crl_path, TRUE);
    /* a CA of the same name with another key: "verify failure" */
    {
      g_autoptr (PkiPKey) impostor_key = kinds[i].make_other_key ();
      g_autoptr (PkiX509) impostor = make_ca (impostor_key, kinds[i].name, TRUE,
                                              kinds[i].digest);
      g_autoptr (GBytes) impostor_pem = pki_x509_dump (impostor, PEM_, &error);
      g_autofree gchar *impostor_path = NULL;
      pki_test_assert_ok (impostor_pem, error);
      impostor_path = pki_test_write (dir, "impostor.pem", impostor_pem);
      assert_openssl_crl_verify (impostor_path, crl_path, FALSE);
    }

    text = PKI_OPENSSL_OK ("crl", "-in", crl_path, "-noout", "-text");
    assert_contains (text, kinds[i].alg);
    assert_contains (text, "Serial Number: 0A02\n"
                           "        Revocation Date: Mar  4 05:06:07 2021 GMT\n"
                           "        CRL entry extensions:\n            X509v3 CRL Reason Code: \n"
                           "                Key Compromise\n");
    assert_contains (text, "Serial Number: 0B\n");
    assert_contains (text, "Cessation Of Operation\n");
    assert_contains (text, "Serial Number: 0C\n"
                           "        Revocation Date: Mar  4 05:06:07 2021 GMT\n");
    assert_contains (text, "X509v3 CRL Number: \n                1\n");
    assert_contains (text, "X509v3 Authority Key Identifier: \n");
    {
      g_autoptr (GBytes) mine = dump_ok (crl, TEXT_);
      assert_bytes_equal (mine, text);
    }

    /* the CRL does its job in `openssl verify -crl_check` */
    {
      g_autoptr (GBytes) ok_pem = pki_x509_dump (leaf_ok, PEM_, &error);
      g_autoptr (GBytes) rev_pem = pki_x509_dump (leaf_revoked, PEM_, &error);
      g_autofree gchar *ok_path = pki_test_write (dir, "leaf-ok.pem", ok_pem);
      g_autofree gchar *rev_path = pki_test_write (dir, "leaf-revoked.pem", rev_pem);
      g_autofree gchar *out = NULL, *err = NULL;
      g_autofree gchar *out2 = NULL, *err2 = NULL;
      gboolean ok = OPENSSL_RUN (&out, &err, "verify", "-crl_check", "-CAfile", ca_path,
                                 "-CRLfile", crl_path, ok_path);
      if (!ok || strstr (out, ": OK") == NULL)
        g_error ("%s: openssl verify -crl_check of a good leaf: %s%s", kinds[i].name, out, err);
      ok = OPENSSL_RUN (&out2, &err2, "verify", "-crl_check", "-CAfile", ca_path, "-CRLfile",
                        crl_path, rev_path);
      if (ok || strstr (err2, "certificate revoked") == NULL)
        g_error ("%s: openssl verify -crl_check of a revoked leaf: %s%s", kinds[i].name, out2,
                 err2);
    }
  }
}

/* A CRL made by `openssl ca -gencrl` loads with every field. */
static void
test_interop_openssl_ca (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autofree gchar *cfg = NULL;
  g_autofree gchar *cfg_path = NULL;
  g_autofree gchar *index_path = NULL;
  g_autofree gchar *crlnumber_path = NULL;
  g_autofree gchar *serial_path = NULL;
  g_autofree gchar *key_path = g_build_filename (dir, "ca.key", NULL);
  g_autofree gchar *ca_path = g_build_filename (dir, "ca.pem", NULL);
  g_autofree gchar *crl_path = g_build_filename (dir, "crl.pem", NULL);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr (GBytes) crlnumber = g_bytes_new_static ("1000\n", 5);
  g_autoptr (GBytes) serial = g_bytes_new_static ("3F01\n", 5);
  g_autoptr (GBytes) cfg_bytes = NULL;
  g_autoptr (GBytes) crl_pem = NULL;
  g_autoptr (GBytes) ca_pem = NULL;
  g_autoptr (PkiCrl) crl = NULL;
  g_autoptr (PkiX509) ca = NULL;
  g_autoptr (PkiPKey) ca_pub = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *desc = NULL;
  const char *leaves[] = { "leaf1", "leaf2", "leaf3" };

  cfg = g_strdup_printf ("[ ca ]\n"
                         "default_ca = testca\n"
                         "[ testca ]\n"
                         "dir = %s\n"
                         "database = $dir/index.txt\n"
                         "new_certs_dir = $dir\n"
                         "certificate = $dir/ca.pem\n"
                         "private_key = $dir/ca.key\n"
                         "serial = $dir/serial\n"
                         "crlnumber = $dir/crlnumber\n"
                         "default_md = sha256\n"
                         "default_days = 30\n"
                         "default_crl_days = 7\n"
                         "policy = anything\n"
                         "unique_subject = no\n"
                         "crl_extensions = crl_ext\n"
                         "[ anything ]\n"
                         "commonName = supplied\n"
                         "[ crl_ext ]\n"
                         "authorityKeyIdentifier = keyid:always\n"
                         "[ req ]\n"
                         "distinguished_name = dn\n"
                         "[ dn ]\n"
                         "[ v3_ca ]\n"
                         "basicConstraints = critical, CA:TRUE\n"
                         "keyUsage = keyCertSign, cRLSign\n"
                         "subjectKeyIdentifier = hash\n",
                         dir);
  cfg_bytes = g_bytes_new (cfg, strlen (cfg));
  cfg_path = pki_test_write (dir, "openssl.cnf", cfg_bytes);
  index_path = pki_test_write (dir, "index.txt", empty);
  crlnumber_path = pki_test_write (dir, "crlnumber", crlnumber);
  serial_path = pki_test_write (dir, "serial", serial);

  PKI_OPENSSL_RUN ("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                   key_path);
  PKI_OPENSSL_RUN ("req", "-config", cfg_path, "-x509", "-new", "-key", key_path, "-subj",
                   "/O=Example/CN=OpenSSL CA", "-days", "30", "-extensions", "v3_ca", "-out",
                   ca_path);
  for (guint i = 0; i < G_N_ELEMENTS (leaves); i++) {
    g_autofree gchar *subj = g_strdup_printf ("/CN=%s", leaves[i]);
    g_autofree gchar *lkey = g_strdup_printf ("%s/%s.key", dir, leaves[i]);
    g_autofree gchar *lreq = g_strdup_printf ("%s/%s.csr", dir, leaves[i]);
    g_autofree gchar *lcert = g_strdup_printf ("%s/%s.pem", dir, leaves[i]);
    PKI_OPENSSL_RUN ("req", "-config", cfg_path, "-new", "-newkey", "ec", "-pkeyopt",
                     "ec_paramgen_curve:P-256", "-nodes", "-keyout", lkey, "-subj", subj, "-out",
                     lreq);
    PKI_OPENSSL_RUN ("ca", "-config", cfg_path, "-batch", "-notext", "-in", lreq, "-out", lcert);
  }
  {
    g_autofree gchar *l1 = g_strdup_printf ("%s/leaf1.pem", dir);
    g_autofree gchar *l2 = g_strdup_printf ("%s/leaf2.pem", dir);
    PKI_OPENSSL_RUN ("ca", "-config", cfg_path, "-revoke", l1, "-crl_reason", "keyCompromise");
    PKI_OPENSSL_RUN ("ca", "-config", cfg_path, "-revoke", l2, "-crl_compromise",
                     "20200102030405Z");
  }
  PKI_OPENSSL_RUN ("ca", "-config", cfg_path, "-gencrl", "-out", crl_path);

  crl_pem = pki_test_read_file (crl_path);
  crl = crl_load_ok (PEM_, crl_pem);
  ca_pem = pki_test_read_file (ca_path);
  ca = pki_x509_load (PEM_, PKI_BYTES_ARGS (ca_pem), &error);
  pki_test_assert_ok (ca, error);
  ca_pub = cert_key (ca);

  check_signed_header (crl, ca, "ecdsa-with-SHA256", "1000");
  {
    g_autoptr (GDateTime) last = pki_crl_get_last_update (crl);
    g_autoptr (GDateTime) next = pki_crl_get_next_update (crl);
    g_assert_nonnull (last);
    g_assert_nonnull (next);
    g_assert_cmpint (g_date_time_to_unix (next) - g_date_time_to_unix (last), ==, 7 * 86400);
  }
  verify_ok (crl, ca_pub);
  verify_fails (crl, shared_ca_key);
  list = revoked_ok (crl);
  g_assert_cmpuint (list->len, ==, 2);
  desc = describe_entries (list);
  /* the dates are today's: compare what follows them */
  {
    g_auto (GStrv) lines = g_strsplit (desc, "\n", -1);
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
    g_autofree gchar *today = g_date_time_format (now, "%Y%m%d");
    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    g_assert_true (g_str_has_prefix (lines[0], "3F01 "));
    g_assert_true (g_str_has_suffix (lines[0], "Z Key Compromise -"));
    g_assert_true (g_str_has_prefix (lines[1], "3F02 "));
    g_assert_true (g_str_has_suffix (lines[1], "Z Key Compromise 20200102030405Z"));
    if (strstr (lines[0], today) == NULL)
      g_test_message ("revocation date %s is not today (%s): a date change mid-test?", lines[0],
                      today);
  }
  {
    g_autofree gchar *leaf1 = g_strdup_printf ("%s/leaf1.pem", dir);
    g_autofree gchar *leaf3 = g_strdup_printf ("%s/leaf3.pem", dir);
    g_autoptr (GBytes) b1 = pki_test_read_file (leaf1);
    g_autoptr (GBytes) b3 = pki_test_read_file (leaf3);
    g_autoptr (PkiX509) c1 = pki_x509_load (PEM_, PKI_BYTES_ARGS (b1), &error);
    g_autoptr (PkiX509) c3 = pki_x509_load (PEM_, PKI_BYTES_ARGS (b3), &error);
    g_autoptr (PkiRevoked) r1 = NULL;
    g_autoptr (PkiRevoked) r3 = NULL;
    g_assert_no_error (error);
    r1 = pki_crl_lookup_certificate (crl, c1, &error);
    pki_test_assert_ok (r1, error);
    assert_str_take (pki_revoked_get_serial (r1), "3F01");
    r3 = pki_crl_lookup_certificate (crl, c3, &error);
    g_assert_null (r3);
    g_assert_no_error (error);
  }
  assert_text_matches_cli (crl);
  {
    g_autoptr (GBytes) der = dump_ok (crl, DER_);
    g_autoptr (GBytes) cli_der = PKI_OPENSSL_OUT (dir, "crl.der", "crl", "-in", crl_path,
                                                  "-outform", "DER");
    g_autoptr (GBytes) pem = dump_ok (crl, PEM_);
    assert_bytes_equal (der, cli_der);
    assert_bytes_equal (pem, crl_pem);
  }
}

/* ========================================================================= */
/* The shared corpus */

/* What raw OpenSSL makes of one CRL: NULL when d2i_X509_CRL refuses it or
 * leaves bytes over. */
static X509_CRL *
oracle_crl (GBytes *der)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (der, &len);
  const guint8 *p = data;
  X509_CRL *crl = len <= G_MAXLONG ? d2i_X509_CRL (NULL, &p, (long) len) : NULL;
  if (crl != NULL && p != data + len) {
    X509_CRL_free (crl);
    crl = NULL;
  }
  ERR_clear_error ();
  return crl;
}

/* Whether @input, which OpenSSL decoded as @crl, is DER: its canonical
 * encoding (the TBSCertList re-encoded, then the signature algorithm and
 * value) is the input.  libpki's loader walks the DER itself and may refuse
 * BER (indefinite or non-minimal lengths) that OpenSSL takes. */
static gboolean
input_is_der (X509_CRL *crl, GBytes *input)
{
  const ASN1_BIT_STRING *sig = NULL;
  const X509_ALGOR *alg = NULL;
  unsigned char *tbs = NULL, *alg_der = NULL, *sig_der = NULL;
  int tbs_len, alg_len, sig_len;
  GByteArray *body = g_byte_array_new ();
  GByteArray *all = g_byte_array_new ();
  gboolean same;
  gsize n;

  X509_CRL_get0_signature (crl, &sig, &alg);
  tbs_len = i2d_re_X509_CRL_tbs (crl, &tbs);
  alg_len = i2d_X509_ALGOR (alg, &alg_der);
  sig_len = i2d_ASN1_BIT_STRING (sig, &sig_der);
  if (tbs_len > 0 && alg_len > 0 && sig_len > 0) {
    guint8 head[6] = { 0x30 };
    g_byte_array_append (body, tbs, (guint) tbs_len);
    g_byte_array_append (body, alg_der, (guint) alg_len);
    g_byte_array_append (body, sig_der, (guint) sig_len);
    n = 1;
    if (body->len < 0x80) {
      head[n++] = (guint8) body->len;
    } else {
      guint bytes = body->len > 0xffffff ? 4 : body->len > 0xffff ? 3 : body->len > 0xff ? 2 : 1;
      head[n++] = (guint8) (0x80 | bytes);
      for (guint b = bytes; b > 0; b--)
        head[n++] = (guint8) (body->len >> (8 * (b - 1)));
    }
    g_byte_array_append (all, head, (guint) n);
    g_byte_array_append (all, body->data, body->len);
  }
  same = all->len == g_bytes_get_size (input)
         && memcmp (all->data, g_bytes_get_data (input, NULL), all->len) == 0;
  OPENSSL_free (tbs);
  OPENSSL_free (alg_der);
  OPENSSL_free (sig_der);
  g_byte_array_unref (body);
  g_byte_array_unref (all);
  ERR_clear_error ();
  return same;
}

/* The entries of @crl as describe_entries writes them, without the
 * certificate issuer names: serial, date, reason name, invalidity date. */
static gchar *
oracle_entries (X509_CRL *crl)
{
  static const char *const names[] = {
    "Unspecified", "Key Compromise", "CA Compromise", "Affiliation Changed", "Superseded",
    "Cessation Of Operation", "Certificate Hold", "Unknown", "Remove From CRL",
    "Privilege Withdrawn", "AA Compromise",
  };
  STACK_OF (X509_REVOKED) *list = X509_CRL_get_REVOKED (crl);
  GString *s = g_string_new (NULL);

  for (int i = 0; i < sk_X509_REVOKED_num (list); i++) {
    X509_REVOKED *rev = sk_X509_REVOKED_value (list, i);
    BIGNUM *bn = ASN1_INTEGER_to_BN (X509_REVOKED_get0_serialNumber (rev), NULL);
    char *hex = bn != NULL ? BN_bn2hex (bn) : NULL;
    ASN1_ENUMERATED *reason = X509_REVOKED_get_ext_d2i (rev, NID_crl_reason, NULL, NULL);
    ASN1_GENERALIZEDTIME *inv = X509_REVOKED_get_ext_d2i (rev, NID_invalidity_date, NULL, NULL);
    long code = reason != NULL ? ASN1_ENUMERATED_get (reason) : -1;
    struct tm tm;
    char date[32] = "-", inv_s[32] = "-";

    if (ASN1_TIME_to_tm (X509_REVOKED_get0_revocationDate (rev), &tm))
      strftime (date, sizeof date, "%Y%m%d%H%M%SZ", &tm);
    if (inv != NULL && ASN1_TIME_to_tm (inv, &tm))
      strftime (inv_s, sizeof inv_s, "%Y%m%d%H%M%SZ", &tm);
    g_string_append_printf (s, "%s %s %s %s\n",
                            hex == NULL || strcmp (hex, "0") == 0 ? "00" : hex, date,
                            code < 0 ? "-" : code < (long) G_N_ELEMENTS (names) ? names[code]
                                                                                : "Unknown",
                            inv_s);
    OPENSSL_free (hex);
    BN_free (bn);
    ASN1_ENUMERATED_free (reason);
    ASN1_GENERALIZEDTIME_free (inv);
  }
  ERR_clear_error ();
  return g_string_free (s, FALSE);
}

typedef struct {
  guint files, loaded, decoded, oracle_ok, verified, ber_refused, not_byte_for_byte;
  GString *mismatches;
} CorpusStats;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_CRL, X509_CRL_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)

/* Loads one corpus CRL (DER, or PEM when @pem) and holds libpki to raw
 * OpenSSL's verdict; @issuer_der (or NULL) is its issuer's certificate in
 * DER. */
static void
check_corpus_crl (const char *name, GBytes *input, gboolean pem, GBytes *issuer_der,
                  CorpusStats *st)
{
  g_autoptr (PkiX509) issuer_cert = NULL;
  g_autoptr (PkiPKey) issuer_key = NULL;
  g_autoptr (X509) issuer_x509 = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiCrl) crl = pki_crl_load (pem ? PEM_ : DER_, PKI_BYTES_ARGS (input), &error);
  g_autoptr (GBytes) der = NULL;
  g_autoptr (X509_CRL) oracle = NULL;
  g_autoptr (GPtrArray) list = NULL;

  pki_assert_queue_empty ();
  st->files++;
  if (issuer_der != NULL) {
    const guint8 *p = g_bytes_get_data (issuer_der, NULL);
    issuer_cert = pki_x509_load (DER_, PKI_BYTES_ARGS (issuer_der), &error);
    pki_test_assert_ok (issuer_cert, error);
    /* (PKITS has a DSA CA whose parameters are inherited: no key) */
    issuer_key = pki_x509_get_pubkey (issuer_cert, &error);
    pki_assert_queue_empty ();
    g_clear_error (&error);
    issuer_x509 = d2i_X509 (NULL, &p, (long) g_bytes_get_size (issuer_der));
    g_assert_nonnull (issuer_x509);
    if (X509_get0_pubkey (issuer_x509) == NULL)
      g_clear_pointer (&issuer_key, pki_pkey_unref);
    ERR_clear_error ();
  }
  if (crl == NULL) {
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    if (!pem) {
      oracle = oracle_crl (input);
      if (oracle != NULL && !input_is_der (oracle, input))
        st->ber_refused++;
      else if (oracle != NULL)
        g_string_append_printf (st->mismatches, "%s: OpenSSL loads it, libpki does not (%s)\n",
                                name, error->message);
    }
    return;
  }
  st->loaded++;
  der = dump_ok (crl, DER_);
  oracle = oracle_crl (pem ? der : input);
  if (!pem && !g_bytes_equal (der, input)) {
    /* A non-DER input (BER lengths, non-canonical values) is decoded the
     * ordinary way and comes back re-encoded, as OpenSSL writes it
     * (test_dump_byte_for_byte).  A DER one must not change. */
    if (oracle != NULL && !input_is_der (oracle, input))
      st->not_byte_for_byte++;
    else
      g_string_append_printf (st->mismatches,
                              "%s: the DER dump (%" G_GSIZE_FORMAT " bytes) is not the input "
                              "(%" G_GSIZE_FORMAT " bytes)\n",
                              name, g_bytes_get_size (der), g_bytes_get_size (input));
  }
  if (oracle != NULL)
    st->oracle_ok++;

  /* the header, whatever it holds */
  {
    g_autoptr (PkiX509Name) issuer = pki_crl_get_issuer (crl);
    g_autofree gchar *issuer_s = pki_x509_name_to_string (issuer);
    g_autofree gchar *number = pki_crl_get_crl_number (crl);
    g_autofree gchar *delta = pki_crl_get_delta_crl_indicator (crl);
    g_autoptr (GBytes) aki = pki_crl_get_authority_key_identifier (crl);
    g_autoptr (GDateTime) last = pki_crl_get_last_update (crl);
    g_autoptr (GDateTime) next = pki_crl_get_next_update (crl);
    g_autofree gchar *alg = pki_crl_get_signature_algorithm (crl, &error);
    /* Any value or a clean error will do for corpus input: these only have
     * to be read without harm (the queue check below). */
    (void) issuer_s, (void) number, (void) delta, (void) aki, (void) last, (void) next,
      (void) alg;
    g_clear_error (&error);
    for (guint i = 0; i < pki_crl_get_extension_count (crl); i++) {
      g_autoptr (PkiX509Extension) ext = pki_crl_get_extension (crl, i, &error);
      g_autofree gchar *text = NULL;
      pki_test_assert_ok (ext, error);
      text = pki_x509_extension_to_string (ext, NULL);
      g_assert_nonnull (text);
    }
    pki_assert_queue_empty ();
    if (oracle != NULL) {
      long v = X509_CRL_get_version (oracle);
      g_assert_cmpint (pki_crl_get_version (crl), ==, v >= 0 && v <= G_MAXINT ? v : -1);
      g_assert_cmpuint (pki_crl_get_extension_count (crl), ==,
                        (guint) X509_CRL_get_ext_count (oracle));
    }
  }

  list = pki_crl_get_revoked (crl, &error);
  pki_assert_queue_empty ();
  if (list == NULL) {
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
    if (oracle != NULL)
      g_string_append_printf (st->mismatches,
                              "%s: OpenSSL decodes the entries, libpki does not\n", name);
  } else {
    st->decoded++;
    /* (an empty CRL's count: test_revoked_count_empty) */
    if (list->len > 0)
      g_assert_cmpuint (list->len, ==, pki_crl_get_revoked_count (crl));
    if (oracle != NULL) {
      g_autofree gchar *mine = describe_entries_full (list, FALSE);
      g_autofree gchar *theirs = oracle_entries (oracle);
      if (g_strcmp0 (mine, theirs) != 0)
        g_string_append_printf (st->mismatches, "%s: entries differ:\n%s---\n%s", name, mine,
                                theirs);
    }
    for (guint i = 0; i < list->len && i < 50; i++) {
      g_autofree gchar *serial = pki_revoked_get_serial (list->pdata[i]);
      g_autoptr (PkiRevoked) r = NULL;
      g_autoptr (GPtrArray) names = NULL;
      if (serial[0] == '-')
        continue;
      r = pki_crl_lookup (crl, serial, &error);
      pki_assert_queue_empty ();
      if (r == NULL && error == NULL)
        g_string_append_printf (st->mismatches, "%s: lookup of %s finds nothing\n", name, serial);
      g_clear_error (&error);
      names = pki_revoked_get_certificate_issuer (list->pdata[i], &error);
      pki_assert_queue_empty ();
      g_assert_true ((names != NULL) != (error != NULL));
      g_clear_error (&error);
    }
  }

  if (issuer_key != NULL) {
    gboolean mine = pki_crl_verify (crl, issuer_key, &error);
    pki_assert_queue_empty ();
    if (!mine) {
      g_assert_nonnull (error);
      g_assert_true (error->domain == PKI_ERROR);
      g_clear_error (&error);
    }
    if (oracle != NULL) {
      gboolean theirs = X509_CRL_verify (oracle, X509_get0_pubkey (issuer_x509)) == 1;
      ERR_clear_error ();
      if (mine != theirs)
        g_string_append_printf (st->mismatches, "%s: libpki verify %d, OpenSSL %d\n", name, mine,
                                theirs);
    }
    if (mine)
      st->verified++;
  }

  /* the text dump works or fails cleanly */
  {
    g_autoptr (GBytes) text = pki_crl_dump (crl, TEXT_, &error);
    pki_assert_queue_empty ();
    g_assert_true ((text != NULL) != (error != NULL));
    g_clear_error (&error);
  }
}

static void
report_corpus (const char *what, CorpusStats *st)
{
  g_test_message ("%s: %u files, %u loaded, %u decoded, %u also by OpenSSL, %u verified; "
                  "%u BER inputs OpenSSL takes refused; %u non-DER CRLs re-encoded",
                  what, st->files, st->loaded, st->decoded, st->oracle_ok, st->verified,
                  st->ber_refused, st->not_byte_for_byte);
  if (st->mismatches->len > 0)
    g_error ("%s: libpki and OpenSSL disagree:\n%.4000s", what, st->mismatches->str);
  g_string_free (st->mismatches, TRUE);
}

/* The issuer certificate of a PKITS CRL "<CA>CRL.crl" or
 * "<CA>deltaCRL.crl": "<CA>Cert.crt", when there is one. */
static GBytes *
pkits_issuer (const char *dir, const char *crl_name)
{
  g_autofree gchar *base = g_strdup (crl_name);
  g_autofree gchar *path = NULL;
  gchar *end = g_strrstr (base, "CRL.crl");

  if (end == NULL)
    return NULL;
  *end = '\0';
  if (g_str_has_suffix (base, "delta"))
    base[strlen (base) - 5] = '\0';
  path = g_strdup_printf ("%s/certs/%sCert.crt", dir, base);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return pki_test_read_file (path);
}

static GPtrArray *
sorted_names (const char *dir, const char *suffix)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (suffix == NULL || g_str_has_suffix (name, suffix))
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  /* g_ptr_array_sort passes pointers to the elements */
  return names;
}

static gint
cmp_strp (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
test_corpus_pkits (void)
{
  g_autofree gchar *dir = pki_test_shared_dir ("corpus/boringssl/pki-testdata/nist-pkits");
  g_autofree gchar *crl_dir = NULL;
  g_autoptr (GPtrArray) names = NULL;
  CorpusStats st = { 0, 0, 0, 0, 0, 0, 0, g_string_new (NULL) };

  if (dir == NULL) {
    g_string_free (st.mismatches, TRUE);
    g_test_skip ("../shared/corpus/boringssl/pki-testdata/nist-pkits is absent");
    return;
  }
  crl_dir = g_build_filename (dir, "crls", NULL);
  names = sorted_names (crl_dir, ".crl");
  g_ptr_array_sort (names, cmp_strp);
  for (guint i = 0; i < names->len; i++) {
    g_autofree gchar *path = g_build_filename (crl_dir, names->pdata[i], NULL);
    g_autoptr (GBytes) der = pki_test_read_file (path);
    g_autoptr (GBytes) issuer = pkits_issuer (dir, names->pdata[i]);
    check_corpus_crl (names->pdata[i], der, FALSE, issuer, &st);
  }
  /* PKITS CRLs are all well formed DER */
  g_assert_cmpuint (st.files, >=, 100);
  g_assert_cmpuint (st.loaded, ==, st.files);
  g_assert_cmpuint (st.decoded, ==, st.files);
  g_assert_cmpuint (st.verified, >, 100);
  report_corpus ("PKITS", &st);

  /* a delta CRL */
  {
    g_autofree gchar *path = g_build_filename (crl_dir, "deltaCRLCA1deltaCRL.crl", NULL);
    g_autoptr (GBytes) der = pki_test_read_file (path);
    g_autoptr (PkiCrl) crl = crl_load_ok (DER_, der);
    g_autoptr (GBytes) aki = pki_crl_get_authority_key_identifier (crl);
    g_autofree gchar *aki_hex = hex_of (aki);
    assert_str_take (pki_crl_get_delta_crl_indicator (crl), "01");
    assert_str_take (pki_crl_get_crl_number (crl), "05");
    g_assert_cmpstr (aki_hex, ==, "771823E57684C814943F82D081EA74B1E0A42F33");
    assert_lookup (crl, "03", "03");
    {
      g_autoptr (PkiRevoked) r = pki_crl_lookup (crl, "04", NULL);
      g_assert_nonnull (r);
      g_assert_cmpstr (pki_revoked_get_reason_name (r), ==, "Remove From CRL");
    }
    assert_text_matches_cli (crl);
  }
  /* a good CRL with its CA, and the CRL whose signature is bad */
  {
    g_autofree gchar *good = g_build_filename (crl_dir, "GoodCACRL.crl", NULL);
    g_autofree gchar *bad = g_build_filename (crl_dir, "BadCRLSignatureCACRL.crl", NULL);
    g_autoptr (GBytes) good_der = pki_test_read_file (good);
    g_autoptr (GBytes) bad_der = pki_test_read_file (bad);
    g_autoptr (GBytes) good_ca = pkits_issuer (dir, "GoodCACRL.crl");
    g_autoptr (GBytes) bad_ca = pkits_issuer (dir, "BadCRLSignatureCACRL.crl");
    g_autoptr (PkiCrl) good_crl = crl_load_ok (DER_, good_der);
    g_autoptr (PkiCrl) bad_crl = crl_load_ok (DER_, bad_der);
    g_autoptr (PkiX509) good_cert = pki_x509_load (DER_, PKI_BYTES_ARGS (good_ca), NULL);
    g_autoptr (PkiX509) bad_cert = pki_x509_load (DER_, PKI_BYTES_ARGS (bad_ca), NULL);
    g_autoptr (PkiPKey) good_key = cert_key (good_cert);
    g_autoptr (PkiPKey) bad_key = cert_key (bad_cert);
    verify_ok (good_crl, good_key);
    verify_fails (bad_crl, bad_key);
    verify_fails (good_crl, bad_key);
    assert_lookup (good_crl, "0E", "0E");
    assert_lookup (good_crl, "0F", "0F");
    assert_lookup (good_crl, "10", NULL);
  }
}

static void
test_corpus_pem (void)
{
  static const char *const files[] = {
    "openssl-3.0.15-testdata/testcrl.pem",
    "openssl-3.0.15-testdata/certs/cyrillic_crl.pem",
    "openssl-3.0.15-testdata/certs/cyrillic_crl.utf8",
    "cpython-certdata/revocation.crl",
  };
  g_autofree gchar *dir = pki_test_shared_dir ("corpus");
  CorpusStats st = { 0, 0, 0, 0, 0, 0, 0, g_string_new (NULL) };

  if (dir == NULL) {
    g_string_free (st.mismatches, TRUE);
    g_test_skip ("../shared/corpus is absent");
    return;
  }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree gchar *path = g_build_filename (dir, files[i], NULL);
    g_autoptr (GBytes) b = NULL;
    if (!g_file_test (path, G_FILE_TEST_EXISTS))
      continue;
    b = pki_test_read_file (path);
    check_corpus_crl (files[i], b, TRUE, NULL, &st);
    /* the CLI's DER of it is what libpki writes */
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PkiCrl) crl = pki_crl_load (PEM_, PKI_BYTES_ARGS (b), &error);
      g_autoptr (TestDir) tmp = pki_test_tmpdir ();
      g_autoptr (GBytes) cli_der = NULL;
      g_autoptr (GBytes) der = NULL;
      g_autofree gchar *out = NULL, *err = NULL;
      g_autofree gchar *der_path = g_build_filename (tmp, "c.der", NULL);
      pki_assert_queue_empty ();
      if (crl == NULL)
        continue;
      if (!OPENSSL_RUN (&out, &err, "crl", "-in", path, "-outform", "DER", "-out", der_path))
        continue;
      cli_der = pki_test_read_file (der_path);
      der = dump_ok (crl, DER_);
      assert_bytes_equal (der, cli_der);
      /* (UTF-8 in names: test_dump_text_utf8) */
      assert_text_matches_cli_with (crl, NULL);
    }
  }
  g_assert_cmpuint (st.loaded, >=, 2);
  report_corpus ("PEM CRLs", &st);
}

/* OpenSSL's CRL fuzz corpus: every input loads or fails cleanly. */
static void
test_corpus_fuzz (void)
{
  g_autofree gchar *dir = pki_test_shared_dir ("corpus/openssl-fuzz-corpora");
  g_autofree gchar *tarball = NULL;
  g_autoptr (TestDir) tmp = NULL;
  g_autoptr (GPtrArray) names = NULL;
  CorpusStats st = { 0, 0, 0, 0, 0, 0, 0, g_string_new (NULL) };

  if (dir == NULL || !g_file_test ((tarball = g_build_filename (dir, "crl.tar.xz", NULL)),
                                   G_FILE_TEST_EXISTS)) {
    g_string_free (st.mismatches, TRUE);
    g_test_skip ("../shared/corpus/openssl-fuzz-corpora/crl.tar.xz is absent");
    return;
  }
  tmp = pki_test_tmpdir ();
  {
    const char *argv[] = { "tar", "-xJf", tarball, "-C", tmp, "--strip-components=1", NULL };
    g_autoptr (GError) error = NULL;
    gint status = 0;
    if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                       &status, &error)
        || !g_spawn_check_wait_status (status, NULL)) {
      g_string_free (st.mismatches, TRUE);
      g_test_skip ("cannot unpack the CRL fuzz corpus");
      return;
    }
  }
  names = sorted_names (tmp, NULL);
  for (guint i = 0; i < names->len; i++) {
    g_autofree gchar *path = g_build_filename (tmp, names->pdata[i], NULL);
    g_autoptr (GBytes) b = NULL;
    if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
      continue;
    b = pki_test_read_file (path);
    check_corpus_crl (names->pdata[i], b, FALSE, NULL, &st);
    {
      /* as PEM too: a clean refusal */
      g_autoptr (GError) error = NULL;
      g_autoptr (PkiCrl) c = pki_crl_load (PEM_, PKI_BYTES_ARGS (b), &error);
      pki_assert_queue_empty ();
      g_assert_true ((c != NULL) != (error != NULL));
    }
  }
  g_assert_cmpuint (st.files, >, 1000);
  report_corpus ("OpenSSL CRL fuzz corpus", &st);
}

/* CPython's talos-2019-0758.pem: a CRL distribution point without a
 * fullName. */
static void
test_corpus_talos (void)
{
  g_autofree gchar *dir = pki_test_shared_dir ("corpus/cpython-certdata");
  g_autofree gchar *path = NULL;
  g_autoptr (GBytes) pem = NULL;
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (PkiX509Extension) ext = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *text = NULL;
  g_autoptr (TestDir) tmp = NULL;
  g_autoptr (GBytes) cli = NULL;

  if (dir == NULL) {
    g_test_skip ("../shared/corpus/cpython-certdata is absent");
    return;
  }
  path = g_build_filename (dir, "talos-2019-0758.pem", NULL);
  pem = pki_test_read_file (path);
  cert = pki_x509_load (PEM_, PKI_BYTES_ARGS (pem), &error);
  pki_test_assert_ok (cert, error);
  ext = pki_x509_get_extension_by_oid (cert, "2.5.29.31", &error);
  pki_test_assert_ok (ext, error);
  assert_str_take (pki_x509_extension_get_short_name (ext), "crlDistributionPoints");
  text = pki_x509_extension_to_string (ext, NULL);
  pki_assert_queue_empty ();
  g_assert_nonnull (text);
  /* what `openssl x509 -ext crlDistributionPoints` shows, or a clean
   * failure of the CLI */
  tmp = pki_test_tmpdir ();
  cli = PKI_OPENSSL_IN (tmp, "talos.pem", pem, "x509", "-noout", "-ext", "crlDistributionPoints");
  /* the extension is an empty SEQUENCE OF DistributionPoint (30 02 30 00):
   * nothing to show, for both */
  {
    g_autoptr (GBytes) data = pki_x509_extension_get_data (ext);
    g_autofree gchar *data_hex = hex_of (data);
    g_autofree gchar *stripped = g_strstrip (g_strdup (text));
    g_autofree gchar *cli_text = g_strndup (g_bytes_get_data (cli, NULL), g_bytes_get_size (cli));
    g_assert_cmpstr (data_hex, ==, "30023000");
    g_assert_cmpstr (stripped, ==, "");
    g_strstrip (cli_text);
    g_assert_cmpstr (cli_text, ==, "X509v3 CRL Distribution Points:");
  }
  /* and the whole certificate prints */
  {
    g_autoptr (GBytes) dump = pki_x509_dump (cert, PKI_FILETYPE_TEXT, &error);
    pki_test_assert_ok (dump, error);
    assert_contains (dump, "X509v3 CRL Distribution Points:");
  }
}

/* ========================================================================= */

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  shared_ca_key = ec_key ();
  shared_ca = make_ca (shared_ca_key, "libpki test CRL CA", TRUE, NULL);

  g_test_add_func ("/crl/boxed", test_crl_boxed);
  g_test_add_func ("/crl/revoked/new", test_revoked_new);
  g_test_add_func ("/crl/revoked/serial", test_revoked_serial);
  g_test_add_func ("/crl/revoked/date", test_revoked_date);
  g_test_add_func ("/crl/revoked/all-reasons", test_revoked_all_reasons);
  g_test_add_func ("/crl/revoked/reasons", test_revoked_reasons);
  g_test_add_func ("/crl/revoked/unknown-reason", test_revoked_unknown_reason);
  g_test_add_func ("/crl/revoked/invalidity-date", test_revoked_invalidity_date);
  g_test_add_func ("/crl/revoked/certificate-issuer", test_revoked_certificate_issuer);
  g_test_add_func ("/crl/revoked/certificate-issuer-malformed",
                   test_revoked_certificate_issuer_malformed);
  g_test_add_func ("/crl/vectors/crl-pem", test_vector_crl_pem);
  g_test_add_func ("/crl/vectors/crl-der", test_vector_crl_der);
  g_test_add_func ("/crl/vectors/unsupported-ext", test_vector_unsupported_ext);
  g_test_add_func ("/crl/vectors/pyopenssl-made", test_vector_pyopenssl_made);
  g_test_add_func ("/crl/new", test_crl_new);
  g_test_add_func ("/crl/revoked-count/empty", test_revoked_count_empty);
  g_test_add_func ("/crl/revoked-count/entries", test_revoked_count);
  g_test_add_func ("/crl/header/setters", test_header_setters);
  g_test_add_func ("/crl/header/setters-loaded", test_header_setters_loaded);
  g_test_add_func ("/crl/entries/add-revoked", test_add_revoked);
  g_test_add_func ("/crl/entries/add-serial", test_add_serial);
  g_test_add_func ("/crl/lookup/loaded", test_lookup_loaded);
  g_test_add_func ("/crl/lookup/built", test_lookup_built);
  g_test_add_func ("/crl/lookup/grow", test_lookup_grow);
  g_test_add_func ("/crl/lookup/many", test_lookup_many);
  g_test_add_func ("/crl/lookup/duplicates", test_lookup_duplicates);
  g_test_add_func ("/crl/lookup/negative", test_lookup_negative);
  g_test_add_func ("/crl/lookup/certificate", test_lookup_certificate);
  g_test_add_func ("/crl/lazy/consistency", test_lazy_consistency);
  g_test_add_func ("/crl/lazy/threads", test_threads);
  g_test_add_func ("/crl/sign/basic", test_sign);
  g_test_add_func ("/crl/sign/order", test_sign_order);
  g_test_add_func ("/crl/sign/chosen-number", test_sign_chosen_number);
  g_test_add_func ("/crl/sign/issuer-without-ski", test_sign_issuer_without_ski);
  g_test_add_func ("/crl/sign/loaded", test_sign_loaded);
  g_test_add_func ("/crl/sign/errors", test_sign_errors);
  g_test_add_func ("/crl/export/basic", test_export);
  g_test_add_func ("/crl/export/errors", test_export_errors);
  g_test_add_func ("/crl/export/far-future", test_export_far_future);
  g_test_add_func ("/crl/dump/text", test_dump_text);
  g_test_add_func ("/crl/dump/text-utf8", test_dump_text_utf8);
  g_test_add_func ("/crl/dump/byte-for-byte", test_dump_byte_for_byte);
  g_test_add_func ("/crl/load/bad", test_load_bad);
  g_test_add_func ("/crl/load/bad-entry", test_load_bad_entry);
  g_test_add_func ("/crl/load/mutations", test_load_mutations);
  g_test_add_func ("/crl/verify/unused-bits", test_verify_unused_bits);
  g_test_add_func ("/crl/interop/openssl-verify", test_interop_openssl_verify);
  g_test_add_func ("/crl/interop/openssl-ca", test_interop_openssl_ca);
  g_test_add_func ("/crl/corpus/pkits", test_corpus_pkits);
  g_test_add_func ("/crl/corpus/pem", test_corpus_pem);
  g_test_add_func ("/crl/corpus/fuzz", test_corpus_fuzz);
  g_test_add_func ("/crl/corpus/talos", test_corpus_talos);

  ret = g_test_run ();
  g_clear_pointer (&shared_ca, pki_x509_unref);
  g_clear_pointer (&shared_ca_key, pki_pkey_unref);
  return ret;
}
