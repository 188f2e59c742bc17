/* Tests for PkiX509Store and PkiX509StoreContext (pyOpenSSL's X509Store,
 * X509StoreContext and X509StoreFlags): the verification scenarios of
 * ../shared/pyopenssl-vectors (README section 8) with OpenSSL's exact code,
 * depth, message and failing certificate, every setting of a store (flags,
 * depth, time, purpose, host, IP, e-mail), CRL checks, CA files and hashed
 * directories, the error getters, copies, and cross-checks of the verdicts
 * with `openssl verify`.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

#include <openssl/x509_vfy.h>
#include <unistd.h>

/* A temporary directory that removes itself (with its files) at scope end. */
typedef gchar TestDir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestDir, pki_test_tmpdir_free)

/* OpenSSL's verification codes the tests expect, by number as pyOpenSSL's
 * X509StoreContextError.errors[0] gives them. */
enum {
  V_OK = 0,
  V_NO_ISSUER = 2,            /* unable to get issuer certificate */
  V_NO_CRL = 3,               /* unable to get certificate CRL */
  V_NOT_YET_VALID = 9,        /* certificate is not yet valid */
  V_EXPIRED = 10,             /* certificate has expired */
  V_SELF_SIGNED = 18,         /* self-signed certificate */
  V_SELF_SIGNED_IN_CHAIN = 19,/* self-signed certificate in certificate chain */
  V_NO_LOCAL_ISSUER = 20,     /* unable to get local issuer certificate */
  V_CHAIN_TOO_LONG = 22,      /* certificate chain too long */
  V_REVOKED = 23,             /* certificate revoked */
  V_BAD_PURPOSE = 26,         /* unsuitable certificate purpose */
  V_HOST_MISMATCH = 62,       /* hostname mismatch */
  V_EMAIL_MISMATCH = 63,      /* email address mismatch */
  V_IP_MISMATCH = 64,         /* IP address mismatch */
};
G_STATIC_ASSERT (V_NO_ISSUER == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT);
G_STATIC_ASSERT (V_NO_CRL == X509_V_ERR_UNABLE_TO_GET_CRL);
G_STATIC_ASSERT (V_NOT_YET_VALID == X509_V_ERR_CERT_NOT_YET_VALID);
G_STATIC_ASSERT (V_EXPIRED == X509_V_ERR_CERT_HAS_EXPIRED);
G_STATIC_ASSERT (V_SELF_SIGNED == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
G_STATIC_ASSERT (V_SELF_SIGNED_IN_CHAIN == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN);
G_STATIC_ASSERT (V_NO_LOCAL_ISSUER == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
G_STATIC_ASSERT (V_CHAIN_TOO_LONG == X509_V_ERR_CERT_CHAIN_TOO_LONG);
G_STATIC_ASSERT (V_REVOKED == X509_V_ERR_CERT_REVOKED);
G_STATIC_ASSERT (V_BAD_PURPOSE == X509_V_ERR_INVALID_PURPOSE);
G_STATIC_ASSERT (V_HOST_MISMATCH == X509_V_ERR_HOSTNAME_MISMATCH);
G_STATIC_ASSERT (V_EMAIL_MISMATCH == X509_V_ERR_EMAIL_MISMATCH);
G_STATIC_ASSERT (V_IP_MISMATCH == X509_V_ERR_IP_ADDRESS_MISMATCH);

/* The vectors of README section 8. */
#define ROOT "root_cert.pem"
#define INTER "intermediate_cert.pem"
#define LEAF "intermediate_server_cert.pem"
#define SERVER "server_cert.pem"
#define CLIENT "client_cert.pem"
#define OLD_ROOT "old_root_cert.pem"
#define CRL_ROOT "crl_root_revokes_intermediate.pem"
#define CRL_INTER "crl_intermediate_empty.pem"

/* Their common names. */
#define CN_ROOT "Testing Root CA"
#define CN_INTER "intermediate"
#define CN_LEAF "intermediate-service"

#define F_CRL PKI_X509_STORE_FLAG_CRL_CHECK
#define F_CRL_ALL (PKI_X509_STORE_FLAG_CRL_CHECK | PKI_X509_STORE_FLAG_CRL_CHECK_ALL)
#define F_PARTIAL PKI_X509_STORE_FLAG_PARTIAL_CHAIN
#define F_NO_TIME PKI_X509_STORE_FLAG_NO_CHECK_TIME

/* A library deviation from its documented contract: the test fails, but
 * the other checks of the same case still run. */
#define LIBRARY_BUG(...)                                                      \
  G_STMT_START {                                                              \
    g_autofree gchar *m__ = g_strdup_printf (__VA_ARGS__);                    \
    g_test_message ("LIBRARY BUG: %s", m__);                                  \
    g_test_fail_printf ("%s", m__);                                           \
  } G_STMT_END

/* --- helpers --------------------------------------------------------------- */

/* FALSE (test skipped) when the pyOpenSSL vectors are absent. */
static gboolean
have_vectors (void)
{
  g_autofree gchar *dir = pki_test_shared_dir ("pyopenssl-vectors");
  if (dir == NULL) {
    g_test_skip ("../shared/pyopenssl-vectors is absent");
    return FALSE;
  }
  return TRUE;
}

static PkiX509 *
vec_cert (const char *name)
{
  g_autoptr (GBytes) b = pki_test_vector (name);
  g_autoptr (GError) error = NULL;
  PkiX509 *cert;

  g_assert_nonnull (b);
  cert = pki_x509_load (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (b), &error);
  return pki_test_assert_ok (cert, error);
}

static PkiCrl *
vec_crl (const char *name)
{
  g_autoptr (GBytes) b = pki_test_vector (name);
  g_autoptr (GError) error = NULL;
  PkiCrl *crl;

  g_assert_nonnull (b);
  crl = pki_crl_load (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (b), &error);
  return pki_test_assert_ok (crl, error);
}

/* The subject's common name. */
static gchar *
cn_of (PkiX509 *cert)
{
  g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
  g_autoptr (GError) error = NULL;
  gchar *cn = pki_x509_name_get_entry (subject, "CN", NULL, &error);
  return pki_test_assert_ok (cn, error);
}

static void
assert_cn (PkiX509 *cert, const char *cn)
{
  g_autofree gchar *got = NULL;
  g_assert_nonnull (cert);
  got = cn_of (cert);
  g_assert_cmpstr (got, ==, cn);
}

/* A PEM or DER encoding of @cert. */
static GBytes *
dump_ok (PkiX509 *cert, PkiFiletype type)
{
  g_autoptr (GError) error = NULL;
  GBytes *b = pki_x509_dump (cert, type, &error);
  return pki_test_assert_ok (b, error);
}

static void
assert_same_cert (PkiX509 *a, PkiX509 *b)
{
  g_autoptr (GBytes) da = dump_ok (a, PKI_FILETYPE_ASN1);
  g_autoptr (GBytes) db = dump_ok (b, PKI_FILETYPE_ASN1);
  g_assert_true (g_bytes_equal (da, db));
}

/* Replaces the subject of @cert with CN=@cn (the certificate is not
 * re-signed: only the object changes). */
static void
rename_cert (PkiX509 *cert, const char *cn)
{
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_name_add_entry (name, "CN", cn, -1, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
  ok = pki_x509_set_subject (cert, name, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
}

/* A UTC time from ISO 8601 text. */
static GDateTime *
iso (const char *text)
{
  GDateTime *t = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (t);
  return t;
}

/* --- store calls that must succeed or fail --------------------------------- */

static void
add_cert_ok (PkiX509Store *store, PkiX509 *cert)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_store_add_cert (store, cert, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
}

static void
add_vec_ok (PkiX509Store *store, const char *name)
{
  g_autoptr (PkiX509) cert = vec_cert (name);
  add_cert_ok (store, cert);
}

static void
add_crl_ok (PkiX509Store *store, PkiCrl *crl)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_store_add_crl (store, crl, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
}

static void
add_vec_crl_ok (PkiX509Store *store, const char *name)
{
  g_autoptr (PkiCrl) crl = vec_crl (name);
  add_crl_ok (store, crl);
}

static void
load_locations_ok (PkiX509Store *store, const char *cafile, const char *capath)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_store_load_locations (store, cafile, capath, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
}

/* A store trusting the vectors @names (NULL-terminated). */
static PkiX509Store *
store_of (const char *const *names)
{
  PkiX509Store *store = pki_x509_store_new ();
  for (; names != NULL && *names != NULL; names++)
    add_vec_ok (store, *names);
  return store;
}

#define STORE_OF(...) store_of ((const char *const[]){ __VA_ARGS__, NULL })

/* The certificates of the vectors @names, as an array of PkiX509. */
static GPtrArray *
certs_of (const char *const *names)
{
  GPtrArray *certs = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_unref);
  for (; names != NULL && *names != NULL; names++)
    g_ptr_array_add (certs, vec_cert (*names));
  return certs;
}

#define CERTS_OF(...) certs_of ((const char *const[]){ __VA_ARGS__, NULL })

/* --- what a verification must leave --------------------------------------- */

/* A chain holds certificates with the common names @cns (NULL-terminated),
 * leaf first. */
static void
assert_chain_cns (GPtrArray *chain, const char *const *cns)
{
  guint n = g_strv_length ((gchar **) cns);
  g_assert_nonnull (chain);
  g_assert_cmpuint (chain->len, ==, n);
  for (guint i = 0; i < n; i++)
    assert_cn (chain->pdata[i], cns[i]);
}

/* get_verified_chain must refuse: no verification, or a failed one. */
static void
assert_no_chain (PkiX509StoreContext *ctx)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) chain = pki_x509_store_context_get_verified_chain (ctx, &error);
  pki_test_assert_fails (chain, error, PKI_ERROR_VERIFY);
}

/* @ctx holds no failure: error 0, "ok", no certificate and, unless
 * @skip_depth, depth -1. */
static void
assert_no_failure_full (PkiX509StoreContext *ctx, gboolean skip_depth)
{
  g_autoptr (PkiX509) bad = pki_x509_store_context_get_error_certificate (ctx);
  g_assert_cmpint (pki_x509_store_context_get_error (ctx), ==, V_OK);
  g_assert_cmpstr (pki_x509_store_context_get_error_string (ctx), ==, "ok");
  g_assert_null (bad);
  if (!skip_depth)
    g_assert_cmpint (pki_x509_store_context_get_error_depth (ctx), ==, -1);
  pki_assert_queue_empty ();
}

/* After a successful verification. */
static void
assert_no_failure (PkiX509StoreContext *ctx)
{
  assert_no_failure_full (ctx, FALSE);
}

/* Before any verification: nothing failed and there is no chain.  The
 * depth is checked once, in test_context_fresh (a known library bug). */
static void
assert_fresh (PkiX509StoreContext *ctx)
{
  assert_no_failure_full (ctx, TRUE);
  assert_no_chain (ctx);
}

/* One call of verify_certificate succeeds, the getters say nothing failed
 * and the verified chain has the common names @cns. */
static void
verify_ok (PkiX509StoreContext *ctx, const char *const *cns)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_store_context_verify_certificate (ctx, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
  assert_no_failure (ctx);
  for (guint round = 0; round < 2; round++) {
    g_autoptr (GPtrArray) chain = pki_x509_store_context_get_verified_chain (ctx, &error);
    pki_test_assert_ok (chain, error);
    assert_chain_cns (chain, cns);
  }
}

/* The GError of a failed verification: PKI_ERROR_VERIFY naming OpenSSL's
 * reason, the depth and the failing certificate. */
static void
assert_verify_error (const GError *error, const char *message, gint depth, const char *cn)
{
  g_autofree gchar *at = g_strdup_printf ("depth %d", depth);
  pki_test_assert_error (error, PKI_ERROR_VERIFY);
  if (strstr (error->message, message) == NULL || strstr (error->message, at) == NULL
      || (cn != NULL && strstr (error->message, cn) == NULL))
    g_error ("verification error \"%s\" should name \"%s\", \"%s\" and \"%s\"", error->message,
             message, at, cn ? cn : "");
}

/* One call of verify_certificate fails with OpenSSL's @code at @depth,
 * message @message, on the certificate with common name @cn. */
static void
verify_fails (PkiX509StoreContext *ctx, gint code, gint depth, const char *message,
              const char *cn)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_store_context_verify_certificate (ctx, &error);
  g_autoptr (PkiX509) bad = NULL;

  g_assert_false (ok);
  assert_verify_error (error, message, depth, cn);
  g_assert_cmpint (pki_x509_store_context_get_error (ctx), ==, code);
  g_assert_cmpint (pki_x509_store_context_get_error_depth (ctx), ==, depth);
  g_assert_cmpstr (pki_x509_store_context_get_error_string (ctx), ==, message);
  bad = pki_x509_store_context_get_error_certificate (ctx);
  assert_cn (bad, cn);
  assert_no_chain (ctx);
  pki_assert_queue_empty ();
}

/* The short way: pki_x509_store_verify gives the chain or PKI_ERROR_VERIFY. */
static void
store_verify_ok (PkiX509Store *store, PkiX509 *cert, GPtrArray *untrusted,
                 const char *const *cns)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) chain = pki_x509_store_verify (
    store, cert, untrusted ? (PkiX509 **) untrusted->pdata : NULL, untrusted ? untrusted->len : 0,
    &error);
  pki_test_assert_ok (chain, error);
  assert_chain_cns (chain, cns);
}

static void
store_verify_fails (PkiX509Store *store, PkiX509 *cert, GPtrArray *untrusted,
                    const char *message, gint depth, const char *cn)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) chain = pki_x509_store_verify (
    store, cert, untrusted ? (PkiX509 **) untrusted->pdata : NULL, untrusted ? untrusted->len : 0,
    &error);
  g_assert_null (chain);
  assert_verify_error (error, message, depth, cn);
}

static PkiX509StoreContext *
context_of (PkiX509Store *store, PkiX509 *cert, GPtrArray *untrusted)
{
  PkiX509StoreContext *ctx = pki_x509_store_context_new (
    store, cert, untrusted ? (PkiX509 **) untrusted->pdata : NULL, untrusted ? untrusted->len : 0);
  g_assert_nonnull (ctx);
  pki_assert_queue_empty ();
  return ctx;
}

#define OR_NONE(s) ((s) != NULL ? (s) : "-")

#define CNS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* --- the openssl CLI -------------------------------------------------------- */

/* The vectors @names, concatenated into @dir/@file; NULL for no names. */
static gchar *
bundle_file (const char *dir, const char *file, const char *const *names)
{
  g_autoptr (GBytes) all = g_bytes_new_static ("", 0);
  if (names == NULL || names[0] == NULL)
    return NULL;
  for (; *names != NULL; names++) {
    g_autoptr (GBytes) b = pki_test_vector (*names);
    g_autoptr (GBytes) joined = pki_test_bytes_join (all, b);
    g_bytes_unref (all);
    all = g_steal_pointer (&joined);
  }
  return pki_test_write (dir, file, all);
}

/* Runs `openssl verify @args... @target` and checks its verdict: "OK", or
 * the first "error N at D depth lookup: MESSAGE" line it prints. */
static void
openssl_verify_agrees (GPtrArray *args, const char *target, gint code, gint depth,
                       const char *message)
{
  g_autofree gchar *err = NULL;
  g_autoptr (GBytes) out = NULL;
  g_autofree gchar *cmd = NULL;

  g_ptr_array_add (args, (gpointer) target);
  g_ptr_array_add (args, NULL);
  cmd = g_strjoinv (" ", (gchar **) args->pdata);
  out = pki_test_openssl (&err, (const char *const *) args->pdata);
  if (code == V_OK) {
    g_autofree gchar *want = g_strdup_printf ("%s: OK", target);
    if (out == NULL || strstr (g_bytes_get_data (out, NULL), want) == NULL)
      g_error ("`openssl %s` should say OK: %s", cmd, err ? err : "");
  } else {
    g_autofree gchar *want = g_strdup_printf ("error %d at %d depth lookup: %s", code, depth,
                                              message);
    g_auto (GStrv) lines = NULL;
    const char *first = NULL;
    if (out != NULL)
      g_error ("`openssl %s` succeeded, expected error %d", cmd, code);
    lines = g_strsplit (err ? err : "", "\n", -1);
    for (guint i = 0; lines[i] != NULL && first == NULL; i++)
      if (g_str_has_prefix (lines[i], "error ") && strstr (lines[i], " depth lookup: ") != NULL)
        first = lines[i];
    if (g_strcmp0 (first, want) != 0)
      g_error ("`openssl %s`: expected \"%s\", got \"%s\"", cmd, want, first ? first : err);
  }
  g_test_message ("openssl %s: agrees", cmd);
}

/* ===========================================================================
 * README section 8: the verification scenarios, table-driven
 * =========================================================================== */

#define NO_DEPTH G_MININT

typedef struct {
  const char *tag;
  const char *trusted[3];   /* vectors the store trusts (add_cert) */
  const char *untrusted[4]; /* the untrusted chain, in this order */
  const char *target;       /* the certificate verified */
  const char *crls[3];      /* CRLs added to the store */
  PkiX509StoreFlags flags;
  const char *at;           /* set_time (ISO 8601), or NULL for now */
  gint depth;               /* set_depth, or NO_DEPTH */
  const char *purpose;      /* set_purpose, or NULL */
  /* expected */
  gint code;
  gint error_depth;
  const char *message;
  const char *error_cn;
  const char *chain[4]; /* success: the verified chain's CNs */
} Scenario;

static const Scenario scenarios[] = {
  /* successes */
  { .tag = "store {root, intermediate}, intermediate_server",
    .trusted = { ROOT, INTER }, .target = LEAF, .depth = NO_DEPTH,
    .chain = { CN_LEAF, CN_INTER, CN_ROOT } },
  { .tag = "store {root}, chain [intermediate]",
    .trusted = { ROOT }, .untrusted = { INTER }, .target = LEAF, .depth = NO_DEPTH,
    .chain = { CN_LEAF, CN_INTER, CN_ROOT } },
  { .tag = "store {root}, chain [root, intermediate_server, intermediate]",
    .trusted = { ROOT }, .untrusted = { ROOT, LEAF, INTER }, .target = LEAF, .depth = NO_DEPTH,
    .chain = { CN_LEAF, CN_INTER, CN_ROOT } },
  { .tag = "store {root}, intermediate without chain",
    .trusted = { ROOT }, .target = INTER, .depth = NO_DEPTH, .chain = { CN_INTER, CN_ROOT } },
  { .tag = "store {root}, the root itself",
    .trusted = { ROOT }, .target = ROOT, .depth = NO_DEPTH, .chain = { CN_ROOT } },
  { .tag = "store {root}, a leaf the root signed",
    .trusted = { ROOT }, .target = SERVER, .depth = NO_DEPTH,
    .chain = { "lovely server", CN_ROOT } },
  /* trust failures */
  { .tag = "empty store, the root",
    .target = ROOT, .depth = NO_DEPTH,
    .code = V_SELF_SIGNED, .error_depth = 0, .message = "self-signed certificate",
    .error_cn = CN_ROOT },
  { .tag = "store {intermediate}, intermediate_server",
    .trusted = { INTER }, .target = LEAF, .depth = NO_DEPTH,
    .code = V_NO_ISSUER, .error_depth = 1, .message = "unable to get issuer certificate",
    .error_cn = CN_INTER },
  { .tag = "store {root}, intermediate_server without chain",
    .trusted = { ROOT }, .target = LEAF, .depth = NO_DEPTH,
    .code = V_NO_LOCAL_ISSUER, .error_depth = 0,
    .message = "unable to get local issuer certificate", .error_cn = CN_LEAF },
  { .tag = "empty store, chain [intermediate]",
    .untrusted = { INTER }, .target = LEAF, .depth = NO_DEPTH,
    .code = V_NO_LOCAL_ISSUER, .error_depth = 1,
    .message = "unable to get local issuer certificate", .error_cn = CN_INTER },
  { .tag = "empty store, untrusted root in the chain",
    .untrusted = { ROOT, INTER }, .target = LEAF, .depth = NO_DEPTH,
    .code = V_SELF_SIGNED_IN_CHAIN, .error_depth = 2,
    .message = "self-signed certificate in certificate chain", .error_cn = CN_ROOT },
  /* PARTIAL_CHAIN */
  { .tag = "store {intermediate} + PARTIAL_CHAIN",
    .trusted = { INTER }, .target = LEAF, .flags = F_PARTIAL, .depth = NO_DEPTH,
    .chain = { CN_LEAF, CN_INTER } },
  { .tag = "store {intermediate_server} + PARTIAL_CHAIN, the leaf itself",
    .trusted = { LEAF }, .target = LEAF, .flags = F_PARTIAL, .depth = NO_DEPTH,
    .chain = { CN_LEAF } },
  /* set_time: the root's notAfter is 2047-12-20 17:11:19, one second
   * before intermediate_server's */
  { .tag = "set_time (intermediate_server's notAfter)",
    .trusted = { ROOT, INTER }, .target = LEAF, .at = "2047-12-20T17:11:20Z", .depth = NO_DEPTH,
    .code = V_EXPIRED, .error_depth = 2, .message = "certificate has expired",
    .error_cn = CN_ROOT },
  { .tag = "set_time (the root's notAfter)",
    .trusted = { ROOT, INTER }, .target = LEAF, .at = "2047-12-20T17:11:19Z", .depth = NO_DEPTH,
    .code = V_EXPIRED, .error_depth = 2, .message = "certificate has expired",
    .error_cn = CN_ROOT },
  { .tag = "set_time (one second before the root's notAfter)",
    .trusted = { ROOT, INTER }, .target = LEAF, .at = "2047-12-20T17:11:18Z", .depth = NO_DEPTH,
    .chain = { CN_LEAF, CN_INTER, CN_ROOT } },
  { .tag = "set_time (2019-01-01)",
    .trusted = { ROOT, INTER }, .target = LEAF, .at = "2019-01-01T00:00:00Z", .depth = NO_DEPTH,
    .code = V_NOT_YET_VALID, .error_depth = 2, .message = "certificate is not yet valid",
    .error_cn = CN_ROOT },
  { .tag = "set_time (2030-01-01)",
    .trusted = { ROOT, INTER }, .target = LEAF, .at = "2030-01-01T00:00:00Z", .depth = NO_DEPTH,
    .chain = { CN_LEAF, CN_INTER, CN_ROOT } },
  /* NO_CHECK_TIME: the expired old root; a time set with set_time is
   * checked all the same, as in OpenSSL (and `openssl verify -attime T
   * -no_check_time`) */
  { .tag = "the expired old root",
    .trusted = { OLD_ROOT }, .target = OLD_ROOT, .depth = NO_DEPTH,
    .code = V_EXPIRED, .error_depth = 0, .message = "certificate has expired",
    .error_cn = CN_ROOT },
  { .tag = "the expired old root + NO_CHECK_TIME",
    .trusted = { OLD_ROOT }, .target = OLD_ROOT, .flags = F_NO_TIME, .depth = NO_DEPTH,
    .chain = { CN_ROOT } },
  { .tag = "set_time (2019-01-01) + NO_CHECK_TIME",
    .trusted = { ROOT, INTER }, .target = LEAF, .at = "2019-01-01T00:00:00Z",
    .flags = F_NO_TIME, .depth = NO_DEPTH,
    .code = V_NOT_YET_VALID, .error_depth = 2, .message = "certificate is not yet valid",
    .error_cn = CN_ROOT },
  /* CRLs */
  { .tag = "CRL_CHECK|CRL_CHECK_ALL, both CRLs",
    .trusted = { ROOT, INTER }, .target = LEAF, .crls = { CRL_ROOT, CRL_INTER },
    .flags = F_CRL_ALL, .depth = NO_DEPTH,
    .code = V_REVOKED, .error_depth = 1, .message = "certificate revoked", .error_cn = CN_INTER },
  { .tag = "CRL_CHECK|CRL_CHECK_ALL, only the root's CRL",
    .trusted = { ROOT, INTER }, .target = LEAF, .crls = { CRL_ROOT }, .flags = F_CRL_ALL,
    .depth = NO_DEPTH,
    .code = V_NO_CRL, .error_depth = 0, .message = "unable to get certificate CRL",
    .error_cn = CN_LEAF },
  { .tag = "CRL_CHECK (the leaf only), both CRLs",
    .trusted = { ROOT, INTER }, .target = LEAF, .crls = { CRL_ROOT, CRL_INTER },
    .flags = F_CRL, .depth = NO_DEPTH, .chain = { CN_LEAF, CN_INTER, CN_ROOT } },
  { .tag = "CRL_CHECK, no CRL",
    .trusted = { ROOT, INTER }, .target = LEAF, .flags = F_CRL, .depth = NO_DEPTH,
    .code = V_NO_CRL, .error_depth = 0, .message = "unable to get certificate CRL",
    .error_cn = CN_LEAF },
  { .tag = "CRL_CHECK, the revoked intermediate as the leaf",
    .trusted = { ROOT }, .target = INTER, .crls = { CRL_ROOT }, .flags = F_CRL,
    .depth = NO_DEPTH,
    .code = V_REVOKED, .error_depth = 0, .message = "certificate revoked", .error_cn = CN_INTER },
  { .tag = "CRLs without CRL_CHECK",
    .trusted = { ROOT, INTER }, .target = LEAF, .crls = { CRL_ROOT, CRL_INTER },
    .depth = NO_DEPTH, .chain = { CN_LEAF, CN_INTER, CN_ROOT } },
  /* set_depth */
  { .tag = "set_depth (0), a chain with an intermediate",
    .trusted = { ROOT }, .untrusted = { INTER }, .target = LEAF, .depth = 0,
    .code = V_CHAIN_TOO_LONG, .error_depth = 1, .message = "certificate chain too long",
    .error_cn = CN_INTER },
  { .tag = "set_depth (0), a leaf the root signed",
    .trusted = { ROOT }, .target = INTER, .depth = 0, .chain = { CN_INTER, CN_ROOT } },
  { .tag = "set_depth (1), a chain with an intermediate",
    .trusted = { ROOT }, .untrusted = { INTER }, .target = LEAF, .depth = 1,
    .chain = { CN_LEAF, CN_INTER, CN_ROOT } },
  { .tag = "set_depth (-1), OpenSSL's default",
    .trusted = { ROOT }, .untrusted = { INTER }, .target = LEAF, .depth = -1,
    .chain = { CN_LEAF, CN_INTER, CN_ROOT } },
  /* set_purpose */
  { .tag = "sslserver, a serverAuth leaf",
    .trusted = { ROOT }, .target = SERVER, .depth = NO_DEPTH, .purpose = "sslserver",
    .chain = { "lovely server", CN_ROOT } },
  { .tag = "sslserver, a clientAuth leaf",
    .trusted = { ROOT }, .target = CLIENT, .depth = NO_DEPTH, .purpose = "sslserver",
    .code = V_BAD_PURPOSE, .error_depth = 0, .message = "unsuitable certificate purpose",
    .error_cn = "ugly client" },
  { .tag = "sslclient, a clientAuth leaf",
    .trusted = { ROOT }, .target = CLIENT, .depth = NO_DEPTH, .purpose = "sslclient",
    .chain = { "ugly client", CN_ROOT } },
  { .tag = "sslclient, a serverAuth leaf",
    .trusted = { ROOT }, .target = SERVER, .depth = NO_DEPTH, .purpose = "sslclient",
    .code = V_BAD_PURPOSE, .error_depth = 0, .message = "unsuitable certificate purpose",
    .error_cn = "lovely server" },
};

/* The store a scenario describes. */
static PkiX509Store *
scenario_store (const Scenario *s)
{
  PkiX509Store *store = store_of (s->trusted);

  for (guint i = 0; i < G_N_ELEMENTS (s->crls) && s->crls[i] != NULL; i++)
    add_vec_crl_ok (store, s->crls[i]);
  if (s->flags != 0)
    pki_x509_store_set_flags (store, s->flags);
  if (s->at != NULL) {
    g_autoptr (GDateTime) at = iso (s->at);
    pki_x509_store_set_time (store, at);
  }
  if (s->depth != NO_DEPTH)
    pki_x509_store_set_depth (store, s->depth);
  if (s->purpose != NULL) {
    g_autoptr (GError) error = NULL;
    gboolean ok = pki_x509_store_set_purpose (store, s->purpose, &error);
    pki_test_assert_ok (GINT_TO_POINTER (ok), error);
  }
  pki_assert_queue_empty ();
  return store;
}

/* Each scenario through a context (verified twice) and through
 * pki_x509_store_verify. */
static void
test_scenarios (void)
{
  if (!have_vectors ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++) {
    const Scenario *s = &scenarios[i];
    g_autoptr (PkiX509Store) store = scenario_store (s);
    g_autoptr (PkiX509) target = vec_cert (s->target);
    g_autoptr (GPtrArray) untrusted = certs_of (s->untrusted);
    g_autoptr (PkiX509StoreContext) ctx = context_of (store, target, untrusted);

    g_test_message ("%s", s->tag);
    assert_fresh (ctx);
    for (guint round = 0; round < 2; round++) {
      if (s->code == V_OK)
        verify_ok (ctx, s->chain);
      else
        verify_fails (ctx, s->code, s->error_depth, s->message, s->error_cn);
    }
    if (s->code == V_OK)
      store_verify_ok (store, target, untrusted, s->chain);
    else
      store_verify_fails (store, target, untrusted, s->message, s->error_depth, s->error_cn);
  }
}

/* The same verdicts from `openssl verify -CAfile ... -untrusted ...`. */
static void
test_scenarios_openssl (void)
{
  g_autoptr (TestDir) dir = NULL;

  if (!have_vectors ())
    return;
  dir = pki_test_tmpdir ();
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++) {
    const Scenario *s = &scenarios[i];
    g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
    g_autofree gchar *cafile = bundle_file (dir, "trusted.pem", s->trusted);
    g_autofree gchar *untrusted = bundle_file (dir, "untrusted.pem", s->untrusted);
    g_autofree gchar *crls = bundle_file (dir, "crls.pem", s->crls);
    g_autofree gchar *target = pki_test_vector_path (s->target);

    g_ptr_array_add (args, g_strdup ("verify"));
    g_ptr_array_add (args, g_strdup ("-no-CApath"));
    g_ptr_array_add (args, g_strdup ("-no-CAstore"));
    if (cafile != NULL) {
      g_ptr_array_add (args, g_strdup ("-CAfile"));
      g_ptr_array_add (args, g_strdup (cafile));
    } else {
      g_ptr_array_add (args, g_strdup ("-no-CAfile"));
    }
    if (untrusted != NULL) {
      g_ptr_array_add (args, g_strdup ("-untrusted"));
      g_ptr_array_add (args, g_strdup (untrusted));
    }
    if (crls != NULL) {
      g_ptr_array_add (args, g_strdup ("-CRLfile"));
      g_ptr_array_add (args, g_strdup (crls));
    }
    if ((s->flags & F_CRL_ALL) == F_CRL_ALL)
      g_ptr_array_add (args, g_strdup ("-crl_check_all"));
    else if (s->flags & F_CRL)
      g_ptr_array_add (args, g_strdup ("-crl_check"));
    if (s->flags & F_PARTIAL)
      g_ptr_array_add (args, g_strdup ("-partial_chain"));
    if (s->flags & F_NO_TIME)
      g_ptr_array_add (args, g_strdup ("-no_check_time"));
    if (s->at != NULL) {
      g_autoptr (GDateTime) at = iso (s->at);
      g_ptr_array_add (args, g_strdup ("-attime"));
      g_ptr_array_add (args, g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (at)));
    }
    if (s->depth != NO_DEPTH && s->depth >= 0) {
      g_ptr_array_add (args, g_strdup ("-verify_depth"));
      g_ptr_array_add (args, g_strdup_printf ("%d", s->depth));
    }
    if (s->purpose != NULL) {
      g_ptr_array_add (args, g_strdup ("-purpose"));
      g_ptr_array_add (args, g_strdup (s->purpose));
    }
    g_test_message ("%s", s->tag);
    openssl_verify_agrees (args, g_steal_pointer (&target), s->code, s->error_depth, s->message);
  }
}

/* ===========================================================================
 * The objects: boxed types, references, flags
 * =========================================================================== */

static void
test_boxed (void)
{
  g_autoptr (PkiX509Store) store = pki_x509_store_new ();
  g_autoptr (PkiX509) cert = pki_x509_new ();
  g_autoptr (PkiX509StoreContext) ctx = pki_x509_store_context_new (store, cert, NULL, 0);
  PkiX509Store *s2;
  PkiX509StoreContext *c2;

  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_X509_STORE));
  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_X509_STORE_CONTEXT));
  g_assert_true (G_TYPE_IS_FLAGS (PKI_TYPE_X509_STORE_FLAGS));
  g_assert_cmpstr (g_type_name (PKI_TYPE_X509_STORE), ==, "PkiX509Store");
  g_assert_cmpstr (g_type_name (PKI_TYPE_X509_STORE_CONTEXT), ==, "PkiX509StoreContext");
  g_assert_cmpstr (g_type_name (PKI_TYPE_X509_STORE_FLAGS), ==, "PkiX509StoreFlags");

  /* copying a boxed value takes a reference: the same object */
  s2 = g_boxed_copy (PKI_TYPE_X509_STORE, store);
  g_assert_true (s2 == store);
  g_boxed_free (PKI_TYPE_X509_STORE, s2);
  c2 = g_boxed_copy (PKI_TYPE_X509_STORE_CONTEXT, ctx);
  g_assert_true (c2 == ctx);
  g_boxed_free (PKI_TYPE_X509_STORE_CONTEXT, c2);

  g_assert_true (pki_x509_store_ref (store) == store);
  pki_x509_store_unref (store);
  g_assert_true (pki_x509_store_context_ref (ctx) == ctx);
  pki_x509_store_context_unref (ctx);

  /* NULL is ignored */
  pki_x509_store_unref (NULL);
  pki_x509_store_context_unref (NULL);
  pki_assert_queue_empty ();
}

/* The flags are OpenSSL's X509_V_FLAG_* values, as pyOpenSSL's
 * X509StoreFlags are. */
static void
test_flags_values (void)
{
  static const struct {
    PkiX509StoreFlags flag;
    unsigned long ossl;
    const char *nick;
  } flags[] = {
    { PKI_X509_STORE_FLAG_CRL_CHECK, X509_V_FLAG_CRL_CHECK, "crl-check" },
    { PKI_X509_STORE_FLAG_CRL_CHECK_ALL, X509_V_FLAG_CRL_CHECK_ALL, "crl-check-all" },
    { PKI_X509_STORE_FLAG_IGNORE_CRITICAL, X509_V_FLAG_IGNORE_CRITICAL, "ignore-critical" },
    { PKI_X509_STORE_FLAG_X509_STRICT, X509_V_FLAG_X509_STRICT, "x509-strict" },
    { PKI_X509_STORE_FLAG_ALLOW_PROXY_CERTS, X509_V_FLAG_ALLOW_PROXY_CERTS, "allow-proxy-certs" },
    { PKI_X509_STORE_FLAG_POLICY_CHECK, X509_V_FLAG_POLICY_CHECK, "policy-check" },
    { PKI_X509_STORE_FLAG_EXPLICIT_POLICY, X509_V_FLAG_EXPLICIT_POLICY, "explicit-policy" },
    { PKI_X509_STORE_FLAG_INHIBIT_ANY, X509_V_FLAG_INHIBIT_ANY, "inhibit-any" },
    { PKI_X509_STORE_FLAG_INHIBIT_MAP, X509_V_FLAG_INHIBIT_MAP, "inhibit-map" },
    { PKI_X509_STORE_FLAG_EXTENDED_CRL_SUPPORT, X509_V_FLAG_EXTENDED_CRL_SUPPORT,
      "extended-crl-support" },
    { PKI_X509_STORE_FLAG_USE_DELTAS, X509_V_FLAG_USE_DELTAS, "use-deltas" },
    { PKI_X509_STORE_FLAG_CHECK_SS_SIGNATURE, X509_V_FLAG_CHECK_SS_SIGNATURE,
      "check-ss-signature" },
    { PKI_X509_STORE_FLAG_TRUSTED_FIRST, X509_V_FLAG_TRUSTED_FIRST, "trusted-first" },
    { PKI_X509_STORE_FLAG_PARTIAL_CHAIN, X509_V_FLAG_PARTIAL_CHAIN, "partial-chain" },
    { PKI_X509_STORE_FLAG_NO_ALT_CHAINS, X509_V_FLAG_NO_ALT_CHAINS, "no-alt-chains" },
    { PKI_X509_STORE_FLAG_NO_CHECK_TIME, X509_V_FLAG_NO_CHECK_TIME, "no-check-time" },
  };
  g_autoptr (GFlagsClass) klass = g_type_class_ref (PKI_TYPE_X509_STORE_FLAGS);

  /* the numbers pyOpenSSL documents */
  g_assert_cmpuint (PKI_X509_STORE_FLAG_CRL_CHECK, ==, 0x4);
  g_assert_cmpuint (PKI_X509_STORE_FLAG_CRL_CHECK_ALL, ==, 0x8);
  g_assert_cmpuint (PKI_X509_STORE_FLAG_PARTIAL_CHAIN, ==, 0x80000);
  g_assert_cmpuint (PKI_X509_STORE_FLAG_NO_CHECK_TIME, ==, 0x200000);

  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (flags));
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++) {
    GFlagsValue *v = g_flags_get_value_by_nick (klass, flags[i].nick);
    g_test_message ("%s", flags[i].nick);
    g_assert_cmpuint ((unsigned long) flags[i].flag, ==, flags[i].ossl);
    g_assert_nonnull (v);
    g_assert_cmpuint (v->value, ==, flags[i].ossl);
    g_assert_true (g_flags_get_first_value (klass, (guint) flags[i].ossl) == v);
  }
}

/* set_flags adds to the flags already on; clear_flags takes some off. */
static void
test_flags_set_clear (void)
{
  g_autoptr (PkiX509Store) store = NULL;
  g_autoptr (PkiX509) leaf = NULL;
  g_autoptr (PkiX509StoreContext) ctx = NULL;
  g_autoptr (GDateTime) y2019 = iso ("2019-01-01T00:00:00Z");

  if (!have_vectors ())
    return;
  store = STORE_OF (INTER);
  leaf = vec_cert (LEAF);
  ctx = context_of (store, leaf, NULL);

  verify_fails (ctx, V_NO_ISSUER, 1, "unable to get issuer certificate", CN_INTER);
  pki_x509_store_set_flags (store, F_PARTIAL);
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER));
  /* another flag leaves PARTIAL_CHAIN on */
  pki_x509_store_set_flags (store, PKI_X509_STORE_FLAG_IGNORE_CRITICAL);
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER));
  /* 2019: the intermediate, now the trust anchor, is not yet valid */
  pki_x509_store_set_time (store, y2019);
  verify_fails (ctx, V_NOT_YET_VALID, 1, "certificate is not yet valid", CN_INTER);
  pki_x509_store_set_time (store, NULL);
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER));
  /* clearing a flag that is off changes nothing */
  pki_x509_store_clear_flags (store, F_CRL_ALL);
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER));
  /* clearing PARTIAL_CHAIN (with another flag) */
  pki_x509_store_clear_flags (store, F_PARTIAL | PKI_X509_STORE_FLAG_IGNORE_CRITICAL);
  verify_fails (ctx, V_NO_ISSUER, 1, "unable to get issuer certificate", CN_INTER);
  /* CRL checks on, then off again */
  pki_x509_store_set_flags (store, F_PARTIAL | F_CRL);
  verify_fails (ctx, V_NO_CRL, 0, "unable to get certificate CRL", CN_LEAF);
  pki_x509_store_clear_flags (store, F_CRL);
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER));
  pki_assert_queue_empty ();
}

/* ===========================================================================
 * PkiX509StoreContext: state, repetition, store changes, references
 * =========================================================================== */

/* Before any verification: error 0, depth -1, "ok", no certificate, no
 * chain. */
static void
test_context_fresh (void)
{
  g_autoptr (PkiX509Store) store = pki_x509_store_new ();
  g_autoptr (PkiX509) cert = pki_x509_new ();
  g_autoptr (PkiX509StoreContext) ctx = context_of (store, cert, NULL);
  gint depth;

  assert_fresh (ctx);
  depth = pki_x509_store_context_get_error_depth (ctx);
  if (depth != -1)
    LIBRARY_BUG ("pki_x509_store_context_get_error_depth() is %d before any verification; "
                 "documented: -1 when nothing failed", depth);
}

/* verify_certificate may be called again; each call replaces what the last
 * one left, following the store's changes. */
static void
test_context_reverify (void)
{
  g_autoptr (PkiX509Store) store = NULL;
  g_autoptr (PkiX509) root = NULL;
  g_autoptr (PkiX509) leaf = NULL;
  g_autoptr (PkiX509StoreContext) ctx = NULL;
  g_autoptr (GDateTime) y2019 = iso ("2019-01-01T00:00:00Z");

  if (!have_vectors ())
    return;
  store = STORE_OF (INTER);
  root = vec_cert (ROOT);
  leaf = vec_cert (LEAF);
  ctx = context_of (store, leaf, NULL);

  verify_fails (ctx, V_NO_ISSUER, 1, "unable to get issuer certificate", CN_INTER);
  verify_fails (ctx, V_NO_ISSUER, 1, "unable to get issuer certificate", CN_INTER);
  /* the store changed after the context was made: failure, then success */
  add_cert_ok (store, root);
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER, CN_ROOT));
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER, CN_ROOT));
  /* success, then failure: the chain is gone, the failure is there */
  pki_x509_store_set_time (store, y2019);
  verify_fails (ctx, V_NOT_YET_VALID, 2, "certificate is not yet valid", CN_ROOT);
  pki_x509_store_set_time (store, NULL);
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER, CN_ROOT));
}

/* A context keeps references on its store, certificate and chain. */
static void
test_context_references (void)
{
  PkiX509Store *store;
  PkiX509 *leaf;
  GPtrArray *untrusted;
  g_autoptr (PkiX509StoreContext) ctx = NULL;
  g_autoptr (PkiX509StoreContext) shortlived = NULL;

  if (!have_vectors ())
    return;
  store = STORE_OF (ROOT);
  leaf = vec_cert (LEAF);
  untrusted = CERTS_OF (INTER);
  ctx = context_of (store, leaf, untrusted);
  shortlived = context_of (store, leaf, untrusted);
  pki_x509_store_unref (store);
  pki_x509_unref (leaf);
  g_ptr_array_unref (untrusted);
  g_clear_pointer (&shortlived, pki_x509_store_context_unref);

  verify_ok (ctx, CNS (CN_LEAF, CN_INTER, CN_ROOT));
}

/* The verified chain and the error certificate are copies: changing them
 * changes neither the context nor the store; add_cert copies too. */
static void
test_copies (void)
{
  g_autoptr (PkiX509Store) store = NULL;
  g_autoptr (PkiX509) root = NULL;
  g_autoptr (PkiX509) leaf = NULL;
  g_autoptr (GPtrArray) untrusted = NULL;
  g_autoptr (PkiX509StoreContext) ctx = NULL;
  g_autoptr (GError) error = NULL;

  if (!have_vectors ())
    return;
  root = vec_cert (ROOT);
  leaf = vec_cert (LEAF);
  untrusted = CERTS_OF (INTER);

  /* add_cert: renaming the caller's root afterwards does not reach the store */
  store = pki_x509_store_new ();
  add_cert_ok (store, root);
  rename_cert (root, "renamed root");
  ctx = context_of (store, leaf, untrusted);
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER, CN_ROOT));

  /* the verified chain */
  {
    g_autoptr (GPtrArray) chain = pki_x509_store_context_get_verified_chain (ctx, &error);
    g_autoptr (GPtrArray) again = NULL;
    pki_test_assert_ok (chain, error);
    g_assert_true (chain->pdata[0] != leaf);
    g_assert_true (chain->pdata[1] != untrusted->pdata[0]);
    assert_same_cert (chain->pdata[0], leaf);
    assert_same_cert (chain->pdata[1], untrusted->pdata[0]);
    for (guint i = 0; i < chain->len; i++)
      rename_cert (chain->pdata[i], "changed");
    again = pki_x509_store_context_get_verified_chain (ctx, &error);
    pki_test_assert_ok (again, error);
    assert_chain_cns (again, CNS (CN_LEAF, CN_INTER, CN_ROOT));
    assert_cn (leaf, CN_LEAF);
    assert_cn (untrusted->pdata[0], CN_INTER);
    verify_ok (ctx, CNS (CN_LEAF, CN_INTER, CN_ROOT));
    store_verify_ok (store, leaf, untrusted, CNS (CN_LEAF, CN_INTER, CN_ROOT));
  }

  /* the error certificate */
  {
    g_autoptr (PkiX509StoreContext) bad = context_of (store, leaf, NULL);
    g_autoptr (PkiX509) first = NULL;
    g_autoptr (PkiX509) second = NULL;
    verify_fails (bad, V_NO_LOCAL_ISSUER, 0, "unable to get local issuer certificate", CN_LEAF);
    first = pki_x509_store_context_get_error_certificate (bad);
    g_assert_true (first != leaf);
    assert_same_cert (first, leaf);
    rename_cert (first, "changed");
    second = pki_x509_store_context_get_error_certificate (bad);
    g_assert_true (second != first);
    assert_cn (second, CN_LEAF);
    assert_cn (leaf, CN_LEAF);
    g_assert_cmpint (pki_x509_store_context_get_error (bad), ==, V_NO_LOCAL_ISSUER);
  }
}

/* add_cert: the same certificate twice (the same object, or an equal
 * one) is fine; a certificate that cannot be encoded is refused. */
static void
test_add_cert (void)
{
  g_autoptr (PkiX509Store) store = pki_x509_store_new ();
  g_autoptr (PkiX509) empty = pki_x509_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509) inter = NULL;
  gboolean ok;

  if (!have_vectors ())
    return;
  inter = vec_cert (INTER);
  add_vec_ok (store, ROOT);
  add_vec_ok (store, ROOT);
  {
    g_autoptr (PkiX509) root = vec_cert (ROOT);
    add_cert_ok (store, root);
    add_cert_ok (store, root);
  }
  store_verify_ok (store, inter, NULL, CNS (CN_INTER, CN_ROOT));

  ok = pki_x509_store_add_cert (store, empty, &error);
  g_assert_false (ok);
  pki_test_assert_error (error, PKI_ERROR_FAILED);
  store_verify_ok (store, inter, NULL, CNS (CN_INTER, CN_ROOT));
}

/* set_time with the notAfter of intermediate_server read from it, in UTC
 * and in another time zone, and set_time (NULL) back to now. */
static void
test_set_time (void)
{
  g_autoptr (PkiX509Store) store = NULL;
  g_autoptr (PkiX509) leaf = NULL;
  g_autoptr (PkiX509StoreContext) ctx = NULL;
  g_autoptr (GDateTime) not_after = NULL;
  g_autoptr (GTimeZone) plus5 = g_time_zone_new_offset (5 * 3600);
  g_autoptr (GDateTime) shifted = NULL;
  g_autoptr (GDateTime) before = NULL;

  if (!have_vectors ())
    return;
  store = STORE_OF (ROOT, INTER);
  leaf = vec_cert (LEAF);
  ctx = context_of (store, leaf, NULL);
  not_after = pki_x509_get_not_after (leaf);
  g_assert_nonnull (not_after);
  g_assert_cmpint (g_date_time_to_unix (not_after), ==, 2460474680); /* 2047-12-20 17:11:20Z */

  pki_x509_store_set_time (store, not_after);
  verify_fails (ctx, V_EXPIRED, 2, "certificate has expired", CN_ROOT);
  /* the same instant written in UTC+5 */
  shifted = g_date_time_to_timezone (not_after, plus5);
  g_assert_cmpint (g_date_time_get_utc_offset (shifted), ==, G_GINT64_CONSTANT (5) * G_TIME_SPAN_HOUR);
  pki_x509_store_set_time (store, shifted);
  verify_fails (ctx, V_EXPIRED, 2, "certificate has expired", CN_ROOT);
  /* two seconds earlier, before the root's notAfter */
  before = g_date_time_add_seconds (shifted, -2);
  pki_x509_store_set_time (store, before);
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER, CN_ROOT));
  /* NULL: the time of each verification again */
  pki_x509_store_set_time (store, not_after);
  verify_fails (ctx, V_EXPIRED, 2, "certificate has expired", CN_ROOT);
  pki_x509_store_set_time (store, NULL);
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER, CN_ROOT));
}

/* set_depth: the most intermediates a chain may have. */
static void
test_set_depth (void)
{
  g_autoptr (PkiX509Store) store = NULL;
  g_autoptr (PkiX509) leaf = NULL;
  g_autoptr (PkiX509) inter = NULL;
  g_autoptr (GPtrArray) untrusted = NULL;
  g_autoptr (PkiX509StoreContext) ctx = NULL;
  g_autoptr (PkiX509StoreContext) ctx_inter = NULL;

  if (!have_vectors ())
    return;
  store = STORE_OF (ROOT);
  leaf = vec_cert (LEAF);
  inter = vec_cert (INTER);
  untrusted = CERTS_OF (INTER);
  ctx = context_of (store, leaf, untrusted);
  ctx_inter = context_of (store, inter, NULL);

  pki_x509_store_set_depth (store, 0);
  verify_fails (ctx, V_CHAIN_TOO_LONG, 1, "certificate chain too long", CN_INTER);
  verify_ok (ctx_inter, CNS (CN_INTER, CN_ROOT));
  pki_x509_store_set_depth (store, 1);
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER, CN_ROOT));
  pki_x509_store_set_depth (store, 0);
  verify_fails (ctx, V_CHAIN_TOO_LONG, 1, "certificate chain too long", CN_INTER);
  pki_x509_store_set_depth (store, -1);
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER, CN_ROOT));
  pki_x509_store_set_depth (store, 100);
  verify_ok (ctx, CNS (CN_LEAF, CN_INTER, CN_ROOT));
}

/* ===========================================================================
 * CRLs
 * =========================================================================== */

/* Where @needle starts in @hay, or -1. */
static gssize
bytes_find (GBytes *hay, const guint8 *needle, gsize n)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (hay, &len);
  for (gsize i = 0; n <= len && i <= len - n; i++)
    if (memcmp (data + i, needle, n) == 0)
      return (gssize) i;
  return -1;
}

/* add_crl: the same CRL twice is fine; a CRL whose entry does not decode
 * (its revocation date re-tagged as an OCTET STRING, which loading does not
 * look at) is PKI_ERROR_BAD_INPUT. */
static void
test_add_crl (void)
{
  /* the entry of crl_root_revokes_intermediate: INTEGER (17 octets)
   * 00C3F3866EBFFF463F836A669C74760B87, then a GeneralizedTime */
  static const guint8 entry[] = { 0x02, 0x11, 0x00, 0xc3, 0xf3, 0x86, 0x6e, 0xbf, 0xff, 0x46, 0x3f,
                                  0x83, 0x6a, 0x66, 0x9c, 0x74, 0x76, 0x0b, 0x87, 0x18, 0x0f };
  g_autoptr (PkiX509Store) store = NULL;
  g_autoptr (PkiCrl) crl = NULL;
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiCrl) bad = NULL;
  gssize at;

  if (!have_vectors ())
    return;
  store = STORE_OF (ROOT, INTER);
  crl = vec_crl (CRL_ROOT);
  add_crl_ok (store, crl);
  add_crl_ok (store, crl);
  add_vec_crl_ok (store, CRL_INTER);
  pki_x509_store_set_flags (store, F_CRL_ALL);
  {
    g_autoptr (PkiX509) leaf = vec_cert (LEAF);
    g_autoptr (PkiX509StoreContext) ctx = context_of (store, leaf, NULL);
    verify_fails (ctx, V_REVOKED, 1, "certificate revoked", CN_INTER);
  }

  der = pki_crl_dump (crl, PKI_FILETYPE_ASN1, &error);
  pki_test_assert_ok (der, error);
  at = bytes_find (der, entry, sizeof entry);
  g_assert_cmpint (at, >, 0);
  {
    gsize len = g_bytes_get_size (der);
    g_autofree guint8 *patched = g_memdup2 (g_bytes_get_data (der, NULL), len);
    g_assert_cmphex (patched[at + sizeof entry - 2], ==, 0x18);
    patched[at + sizeof entry - 2] = 0x04;
    bad = pki_crl_load (PKI_FILETYPE_ASN1, patched, len, &error);
    pki_test_assert_ok (bad, error);
  }
  {
    g_autoptr (PkiX509Store) other = STORE_OF (ROOT);
    gboolean ok = pki_x509_store_add_crl (other, bad, &error);
    g_assert_false (ok);
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
  }
}

/* ===========================================================================
 * load_locations: CA files and hashed directories
 * =========================================================================== */

/* Copies the vector @name into @dir under the name c_rehash gives it:
 * its subject hash as "%08x.0". */
static void
hash_link (const char *dir, const char *name, guint32 expected_hash)
{
  g_autoptr (PkiX509) cert = vec_cert (name);
  g_autoptr (GBytes) pem = pki_test_vector (name);
  guint32 hash = pki_x509_subject_name_hash (cert);
  g_autofree gchar *file = g_strdup_printf ("%08x.0", hash);

  g_assert_cmphex (hash, ==, expected_hash);
  g_free (pki_test_write (dir, file, pem));
}

static void
test_load_locations (void)
{
  g_autoptr (TestDir) tmp = NULL;
  g_autoptr (TestDir) rootdir = NULL;
  g_autoptr (TestDir) bothdir = NULL;
  g_autoptr (TestDir) emptydir = NULL;
  g_autoptr (TestDir) wrongdir = NULL;
  g_autoptr (TestDir) latedir = NULL;
  g_autofree gchar *root_file = NULL;
  g_autofree gchar *inter_file = NULL;
  g_autofree gchar *bundle = NULL;
  g_autoptr (PkiX509) inter = NULL;
  g_autoptr (PkiX509) leaf = NULL;
  g_autoptr (GPtrArray) untrusted = NULL;

  if (!have_vectors ())
    return;
  tmp = pki_test_tmpdir ();
  root_file = pki_test_vector_path (ROOT);
  inter_file = pki_test_vector_path (INTER);
  bundle = bundle_file (tmp, "bundle.pem", (const char *const[]){ ROOT, INTER, NULL });
  inter = vec_cert (INTER);
  leaf = vec_cert (LEAF);
  untrusted = CERTS_OF (INTER);

  /* separate directories: pki_test_tmpdir_free removes files, not trees */
  rootdir = pki_test_tmpdir ();
  bothdir = pki_test_tmpdir ();
  emptydir = pki_test_tmpdir ();
  wrongdir = pki_test_tmpdir ();
  latedir = pki_test_tmpdir ();
  hash_link (rootdir, ROOT, 0xc3705638);
  hash_link (bothdir, ROOT, 0xc3705638);
  hash_link (bothdir, INTER, 0x61b63dd0);
  {
    g_autoptr (GBytes) pem = pki_test_vector (ROOT);
    g_free (pki_test_write (wrongdir, "root.pem", pem));
  }

  /* a CA file */
  {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    g_autoptr (PkiX509StoreContext) ctx = NULL;
    g_autoptr (PkiX509StoreContext) ctx_leaf = NULL;
    load_locations_ok (store, root_file, NULL);
    ctx = context_of (store, inter, NULL);
    verify_ok (ctx, CNS (CN_INTER, CN_ROOT));
    store_verify_ok (store, leaf, untrusted, CNS (CN_LEAF, CN_INTER, CN_ROOT));
    ctx_leaf = context_of (store, leaf, NULL);
    verify_fails (ctx_leaf, V_NO_LOCAL_ISSUER, 0, "unable to get local issuer certificate",
                  CN_LEAF);
    /* the same file again */
    load_locations_ok (store, root_file, NULL);
    verify_ok (ctx, CNS (CN_INTER, CN_ROOT));
  }
  /* a CA file of two certificates */
  {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    load_locations_ok (store, bundle, NULL);
    store_verify_ok (store, leaf, NULL, CNS (CN_LEAF, CN_INTER, CN_ROOT));
  }
  /* a hashed directory holding the root */
  {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    g_autoptr (PkiX509StoreContext) ctx = NULL;
    load_locations_ok (store, NULL, rootdir);
    ctx = context_of (store, inter, NULL);
    verify_ok (ctx, CNS (CN_INTER, CN_ROOT));
    store_verify_ok (store, leaf, untrusted, CNS (CN_LEAF, CN_INTER, CN_ROOT));
    store_verify_fails (store, leaf, NULL, "unable to get local issuer certificate", 0, CN_LEAF);
  }
  /* a hashed directory holding the root and the intermediate */
  {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    load_locations_ok (store, NULL, bothdir);
    store_verify_ok (store, leaf, NULL, CNS (CN_LEAF, CN_INTER, CN_ROOT));
  }
  /* a CA file (the intermediate) and a directory (the root) at once */
  {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    load_locations_ok (store, inter_file, rootdir);
    store_verify_ok (store, leaf, NULL, CNS (CN_LEAF, CN_INTER, CN_ROOT));
  }
  /* an empty directory, and one whose file is not named by hash */
  for (const char *const *d = (const char *const[]){ emptydir, wrongdir, NULL }; *d != NULL; d++) {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    g_autoptr (PkiX509StoreContext) ctx = NULL;
    g_test_message ("capath %s", *d);
    load_locations_ok (store, NULL, *d);
    ctx = context_of (store, inter, NULL);
    verify_fails (ctx, V_NO_LOCAL_ISSUER, 0, "unable to get local issuer certificate",
                  CN_INTER);
  }
  /* the directory is searched when a verification needs an issuer: a file
   * added after load_locations is found */
  {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    g_autoptr (PkiX509StoreContext) ctx = NULL;
    load_locations_ok (store, NULL, latedir);
    ctx = context_of (store, inter, NULL);
    verify_fails (ctx, V_NO_LOCAL_ISSUER, 0, "unable to get local issuer certificate",
                  CN_INTER);
    hash_link (latedir, ROOT, 0xc3705638);
    verify_ok (ctx, CNS (CN_INTER, CN_ROOT));
  }
  /* `openssl verify -CApath` agrees on the directories */
  {
    g_autofree gchar *target = pki_test_vector_path (INTER);
    g_autofree gchar *leaf_path = pki_test_vector_path (LEAF);
    struct {
      const char *dir;
      const char *target;
      gint code;
    } cli[] = {
      { rootdir, target, V_OK },
      { bothdir, leaf_path, V_OK },
      { emptydir, target, V_NO_LOCAL_ISSUER },
      { wrongdir, target, V_NO_LOCAL_ISSUER },
    };
    for (guint i = 0; i < G_N_ELEMENTS (cli); i++) {
      g_autoptr (GPtrArray) args = g_ptr_array_new ();
      g_ptr_array_add (args, (gpointer) "verify");
      g_ptr_array_add (args, (gpointer) "-no-CAfile");
      g_ptr_array_add (args, (gpointer) "-no-CAstore");
      g_ptr_array_add (args, (gpointer) "-CApath");
      g_ptr_array_add (args, (gpointer) cli[i].dir);
      openssl_verify_agrees (args, cli[i].target, cli[i].code, 0,
                             "unable to get local issuer certificate");
    }
  }
}

/* Each bad location, with the error the contract gives. */
static void
test_load_locations_bad (void)
{
  g_autoptr (TestDir) tmp = NULL;
  g_autofree gchar *root = NULL;
  g_autofree gchar *text = NULL;
  g_autofree gchar *der = NULL;
  g_autofree gchar *key = NULL;
  g_autofree gchar *crl = NULL;
  g_autofree gchar *empty = NULL;
  g_autofree gchar *missing = NULL;
  g_autofree gchar *missing_dir = NULL;
  g_autoptr (GBytes) nothing = g_bytes_new_static ("", 0);

  if (!have_vectors ())
    return;
  tmp = pki_test_tmpdir ();
  root = pki_test_vector_path (ROOT);
  text = pki_test_vector_path ("orwell_content.txt");
  der = pki_test_vector_path ("root_cert.der");
  key = pki_test_vector_path ("root_key.pem");
  crl = pki_test_vector_path ("crl.pem");
  empty = pki_test_write (tmp, "empty.pem", nothing);
  missing = g_build_filename (tmp, "missing.pem", NULL);
  missing_dir = g_build_filename (tmp, "missing-dir", NULL);

  {
    const struct {
      const char *tag;
      const char *cafile;
      const char *capath;
      gint code;
    } cases[] = {
      { "(NULL, NULL)", NULL, NULL, PKI_ERROR_BAD_INPUT },
      { "a missing CA file", missing, NULL, PKI_ERROR_IO },
      { "a directory as the CA file", tmp, NULL, PKI_ERROR_IO },
      { "a missing CA directory", NULL, missing_dir, PKI_ERROR_IO },
      { "a file as the CA directory", NULL, root, PKI_ERROR_IO },
      { "a missing CA file with a good directory", missing, tmp, PKI_ERROR_IO },
      { "a good CA file with a missing directory", root, missing_dir, PKI_ERROR_IO },
      { "a text file", text, NULL, PKI_ERROR_BAD_INPUT },
      { "a DER certificate", der, NULL, PKI_ERROR_BAD_INPUT },
      { "an empty file", empty, NULL, PKI_ERROR_BAD_INPUT },
      { "a PEM private key", key, NULL, PKI_ERROR_BAD_INPUT },
    };
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
      g_autoptr (PkiX509Store) store = pki_x509_store_new ();
      g_autoptr (GError) error = NULL;
      gboolean ok;
      g_test_message ("%s", cases[i].tag);
      ok = pki_x509_store_load_locations (store, cases[i].cafile, cases[i].capath, &error);
      g_assert_false (ok);
      pki_test_assert_error (error, cases[i].code);
    }
  }

  /* a PEM file holding a CRL and no certificate: "@cafile holds no
   * certificate" is PKI_ERROR_BAD_INPUT */
  {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    g_autoptr (GError) error = NULL;
    gboolean ok = pki_x509_store_load_locations (store, crl, NULL, &error);
    pki_assert_queue_empty ();
    if (ok)
      LIBRARY_BUG ("pki_x509_store_load_locations (store, \"%s\", NULL) succeeds on a CA file "
                   "holding only a CRL; documented: PKI_ERROR_BAD_INPUT when @cafile holds no "
                   "certificate", crl);
    else
      pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
  }

  /* unreadable files, unless root reads everything */
  if (getuid () != 0) {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) pem = pki_test_vector (ROOT);
    g_autofree gchar *locked = pki_test_write (tmp, "locked.pem", pem);
    gboolean ok;
    g_assert_cmpint (g_chmod (locked, 0), ==, 0);
    ok = pki_x509_store_load_locations (store, locked, NULL, &error);
    g_assert_false (ok);
    pki_test_assert_error (error, PKI_ERROR_IO);
  }
}

/* set_default_paths trusts the system's CAs, not the test root; it follows
 * SSL_CERT_FILE and SSL_CERT_DIR. */
static void
test_default_paths (void)
{
  g_autoptr (PkiX509) leaf = NULL;
  g_autoptr (GPtrArray) untrusted = NULL;
  g_autoptr (TestDir) tmp = NULL;
  g_autofree gchar *root_file = NULL;
  g_autofree gchar *old_file = g_strdup (g_getenv ("SSL_CERT_FILE"));
  g_autofree gchar *old_dir = g_strdup (g_getenv ("SSL_CERT_DIR"));
  g_autofree gchar *missing = NULL;

  if (!have_vectors ())
    return;
  leaf = vec_cert (LEAF);
  untrusted = CERTS_OF (INTER);
  tmp = pki_test_tmpdir ();
  root_file = pki_test_vector_path (ROOT);
  missing = g_build_filename (tmp, "none.pem", NULL);

  /* the system's CAs: the test root is not among them */
  {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiX509StoreContext) ctx = NULL;
    g_autofree gchar *target = pki_test_vector_path (LEAF);
    g_autofree gchar *chain = pki_test_vector_path (INTER);
    gboolean ok = pki_x509_store_set_default_paths (store, &error);
    g_autoptr (GPtrArray) args = g_ptr_array_new ();

    pki_test_assert_ok (GINT_TO_POINTER (ok), error);
    ctx = context_of (store, leaf, untrusted);
    verify_fails (ctx, V_NO_LOCAL_ISSUER, 1, "unable to get local issuer certificate", CN_INTER);
    /* openssl verify with its default locations says the same */
    g_ptr_array_add (args, (gpointer) "verify");
    g_ptr_array_add (args, (gpointer) "-untrusted");
    g_ptr_array_add (args, chain);
    openssl_verify_agrees (args, target, V_NO_LOCAL_ISSUER, 1,
                           "unable to get local issuer certificate");
  }
  /* SSL_CERT_FILE naming the test root */
  {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    g_autoptr (GError) error = NULL;
    gboolean ok;
    g_setenv ("SSL_CERT_FILE", root_file, TRUE);
    ok = pki_x509_store_set_default_paths (store, &error);
    pki_test_assert_ok (GINT_TO_POINTER (ok), error);
    store_verify_ok (store, leaf, untrusted, CNS (CN_LEAF, CN_INTER, CN_ROOT));
  }
  /* SSL_CERT_DIR naming a hashed directory holding it */
  {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    g_autoptr (GError) error = NULL;
    gboolean ok;
    hash_link (tmp, ROOT, 0xc3705638);
    g_setenv ("SSL_CERT_FILE", missing, TRUE);
    g_setenv ("SSL_CERT_DIR", tmp, TRUE);
    ok = pki_x509_store_set_default_paths (store, &error);
    pki_test_assert_ok (GINT_TO_POINTER (ok), error);
    store_verify_ok (store, leaf, untrusted, CNS (CN_LEAF, CN_INTER, CN_ROOT));
  }
  /* neither location exists: still fine, nothing trusted */
  {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    g_autoptr (GError) error = NULL;
    gboolean ok;
    g_setenv ("SSL_CERT_DIR", missing, TRUE);
    ok = pki_x509_store_set_default_paths (store, &error);
    pki_test_assert_ok (GINT_TO_POINTER (ok), error);
    store_verify_fails (store, leaf, untrusted, "unable to get local issuer certificate", 1,
                        CN_INTER);
  }

  if (old_file != NULL)
    g_setenv ("SSL_CERT_FILE", old_file, TRUE);
  else
    g_unsetenv ("SSL_CERT_FILE");
  if (old_dir != NULL)
    g_setenv ("SSL_CERT_DIR", old_dir, TRUE);
  else
    g_unsetenv ("SSL_CERT_DIR");
}

/* ===========================================================================
 * Host, IP, e-mail and purpose, with certificates libpki issues
 * =========================================================================== */

typedef struct {
  PkiX509 *ca;       /* "Store Test CA", self-signed, CA profile */
  PkiX509 *san;      /* server profile, DNS:www.example.com, IP:192.0.2.1,
                      * email:a@example.com */
  PkiX509 *wildcard; /* server profile, DNS:*.example.com */
  PkiX509 *client;   /* client profile (clientAuth only) */
} TestPki;

#define CN_CA "Store Test CA"
#define CN_SAN "san leaf"
#define CN_WILD "wildcard leaf"
#define CN_CLIENT "client leaf"
#define SAN_VALUE "DNS:www.example.com,IP:192.0.2.1,email:a@example.com"

static PkiPKey *
new_key (void)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_generate_ec ("P-256", &error);
  return pki_test_assert_ok (key, error);
}

/* A certificate for CN=@cn and @key, issued by @issuer (or self-signed
 * when NULL) with @profile and a subjectAltName @san (or none). */
static PkiX509 *
issue (PkiX509 *issuer, PkiPKey *issuer_key, PkiPKey *key, const char *cn, PkiProfile profile,
       const char *san)
{
  g_autoptr (PkiX509Req) req = pki_x509_req_new ();
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();
  g_autoptr (PkiIssueOptions) options = pki_issue_options_new ();
  g_autoptr (GError) error = NULL;
  PkiX509 *cert;
  gboolean ok;

  ok = pki_x509_name_add_entry (name, "CN", cn, -1, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
  ok = pki_x509_req_set_subject (req, name, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
  ok = pki_x509_req_set_pubkey (req, key, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
  ok = pki_x509_req_sign (req, key, NULL, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
  pki_issue_options_set_profile (options, profile, -1);
  if (san != NULL) {
    g_autoptr (PkiX509Extension) ext =
      pki_x509_extension_new ("subjectAltName", FALSE, san, NULL, NULL, &error);
    pki_test_assert_ok (ext, error);
    pki_issue_options_add_extension (options, ext);
  }
  cert = pki_x509_req_issue (req, issuer, issuer != NULL ? issuer_key : key, options, &error);
  return pki_test_assert_ok (cert, error);
}

static void
test_pki_init (TestPki *pki)
{
  g_autoptr (PkiPKey) ca_key = new_key ();
  g_autoptr (PkiPKey) leaf_key = new_key ();

  pki->ca = issue (NULL, NULL, ca_key, CN_CA, PKI_PROFILE_CA, NULL);
  pki->san = issue (pki->ca, ca_key, leaf_key, CN_SAN, PKI_PROFILE_SERVER, SAN_VALUE);
  pki->wildcard = issue (pki->ca, ca_key, leaf_key, CN_WILD, PKI_PROFILE_SERVER,
                         "DNS:*.example.com");
  pki->client = issue (pki->ca, ca_key, leaf_key, CN_CLIENT, PKI_PROFILE_CLIENT, NULL);
}

static void
test_pki_clear (TestPki *pki)
{
  g_clear_pointer (&pki->ca, pki_x509_unref);
  g_clear_pointer (&pki->san, pki_x509_unref);
  g_clear_pointer (&pki->wildcard, pki_x509_unref);
  g_clear_pointer (&pki->client, pki_x509_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestPki, test_pki_clear)

static PkiX509 *
pki_leaf (TestPki *pki, const char *cn)
{
  if (g_str_equal (cn, CN_SAN))
    return pki->san;
  if (g_str_equal (cn, CN_WILD))
    return pki->wildcard;
  g_assert_cmpstr (cn, ==, CN_CLIENT);
  return pki->client;
}

static void
set_host_ok (PkiX509Store *store, const char *host)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_store_set_host (store, host, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
}

static void
set_ip_ok (PkiX509Store *store, const char *ip)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_store_set_ip (store, ip, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
}

static void
set_email_ok (PkiX509Store *store, const char *email)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_store_set_email (store, email, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
}

static void
set_purpose_ok (PkiX509Store *store, const char *purpose)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_store_set_purpose (store, purpose, &error);
  pki_test_assert_ok (GINT_TO_POINTER (ok), error);
}

typedef struct {
  const char *leaf;
  const char *host, *ip, *email, *purpose;
  gint code;
  const char *message;
} NameCase;

static const NameCase name_cases[] = {
  /* host names (subjectAltName DNS) */
  { CN_SAN, .host = "www.example.com" },
  { CN_SAN, .host = "WWW.Example.COM" },
  { CN_SAN, .host = "other.example.com", .code = V_HOST_MISMATCH, .message = "hostname mismatch" },
  { CN_SAN, .host = "example.com", .code = V_HOST_MISMATCH, .message = "hostname mismatch" },
  { CN_SAN, .host = CN_SAN, .code = V_HOST_MISMATCH, .message = "hostname mismatch" },
  { CN_WILD, .host = "www.example.com" },
  { CN_WILD, .host = "other.example.com" },
  { CN_WILD, .host = "a.b.example.com", .code = V_HOST_MISMATCH, .message = "hostname mismatch" },
  { CN_WILD, .host = "example.com", .code = V_HOST_MISMATCH, .message = "hostname mismatch" },
  /* IP addresses */
  { CN_SAN, .ip = "192.0.2.1" },
  { CN_SAN, .ip = "192.0.2.2", .code = V_IP_MISMATCH, .message = "IP address mismatch" },
  { CN_SAN, .ip = "2001:db8::1", .code = V_IP_MISMATCH, .message = "IP address mismatch" },
  { CN_WILD, .ip = "192.0.2.1", .code = V_IP_MISMATCH, .message = "IP address mismatch" },
  /* e-mail addresses: the domain is case-insensitive, the local part not */
  { CN_SAN, .email = "a@example.com" },
  { CN_SAN, .email = "a@EXAMPLE.COM" },
  { CN_SAN, .email = "b@example.com", .code = V_EMAIL_MISMATCH,
    .message = "email address mismatch" },
  { CN_SAN, .email = "a@example.org", .code = V_EMAIL_MISMATCH,
    .message = "email address mismatch" },
  { CN_WILD, .email = "a@example.com", .code = V_EMAIL_MISMATCH,
    .message = "email address mismatch" },
  /* all three at once */
  { CN_SAN, .host = "www.example.com", .ip = "192.0.2.1", .email = "a@example.com" },
  { CN_SAN, .host = "www.example.com", .ip = "192.0.2.9", .email = "a@example.com",
    .code = V_IP_MISMATCH, .message = "IP address mismatch" },
  /* purposes */
  { CN_SAN, .purpose = "sslserver" },
  { CN_CLIENT, .purpose = "sslserver", .code = V_BAD_PURPOSE,
    .message = "unsuitable certificate purpose" },
  { CN_CLIENT, .purpose = "sslclient" },
  { CN_SAN, .purpose = "sslclient", .code = V_BAD_PURPOSE,
    .message = "unsuitable certificate purpose" },
  { CN_SAN, .purpose = "smimesign", .code = V_BAD_PURPOSE,
    .message = "unsuitable certificate purpose" },
  { CN_SAN, .purpose = "any" },
  { CN_CLIENT, .purpose = "any" },
  /* a matching host and the wrong purpose */
  { CN_SAN, .host = "www.example.com", .purpose = "sslclient", .code = V_BAD_PURPOSE,
    .message = "unsuitable certificate purpose" },
};

static PkiX509Store *
name_case_store (TestPki *pki, const NameCase *c)
{
  PkiX509Store *store = pki_x509_store_new ();
  add_cert_ok (store, pki->ca);
  if (c->host != NULL)
    set_host_ok (store, c->host);
  if (c->ip != NULL)
    set_ip_ok (store, c->ip);
  if (c->email != NULL)
    set_email_ok (store, c->email);
  if (c->purpose != NULL)
    set_purpose_ok (store, c->purpose);
  return store;
}

static void
test_names_and_purposes (void)
{
  g_auto (TestPki) pki = { 0 };
  g_autoptr (TestDir) tmp = pki_test_tmpdir ();
  g_autofree gchar *ca_file = NULL;

  test_pki_init (&pki);
  {
    g_autoptr (GBytes) pem = dump_ok (pki.ca, PKI_FILETYPE_PEM);
    ca_file = pki_test_write (tmp, "ca.pem", pem);
  }
  for (guint i = 0; i < G_N_ELEMENTS (name_cases); i++) {
    const NameCase *c = &name_cases[i];
    g_autoptr (PkiX509Store) store = name_case_store (&pki, c);
    PkiX509 *leaf = pki_leaf (&pki, c->leaf);
    g_autoptr (PkiX509StoreContext) ctx = context_of (store, leaf, NULL);
    g_autoptr (GPtrArray) args = g_ptr_array_new ();
    g_autoptr (GBytes) pem = dump_ok (leaf, PKI_FILETYPE_PEM);
    g_autofree gchar *leaf_file = pki_test_write (tmp, "leaf.pem", pem);

    g_test_message ("%s: host %s, ip %s, email %s, purpose %s", c->leaf, OR_NONE (c->host),
                    OR_NONE (c->ip), OR_NONE (c->email), OR_NONE (c->purpose));
    if (c->code == V_OK)
      verify_ok (ctx, CNS (c->leaf, CN_CA));
    else
      verify_fails (ctx, c->code, 0, c->message, c->leaf);

    /* openssl verify -verify_hostname / -verify_ip / -verify_email / -purpose */
    g_ptr_array_add (args, (gpointer) "verify");
    g_ptr_array_add (args, (gpointer) "-no-CApath");
    g_ptr_array_add (args, (gpointer) "-no-CAstore");
    g_ptr_array_add (args, (gpointer) "-CAfile");
    g_ptr_array_add (args, ca_file);
    if (c->host != NULL) {
      g_ptr_array_add (args, (gpointer) "-verify_hostname");
      g_ptr_array_add (args, (gpointer) c->host);
    }
    if (c->ip != NULL) {
      g_ptr_array_add (args, (gpointer) "-verify_ip");
      g_ptr_array_add (args, (gpointer) c->ip);
    }
    if (c->email != NULL) {
      g_ptr_array_add (args, (gpointer) "-verify_email");
      g_ptr_array_add (args, (gpointer) c->email);
    }
    if (c->purpose != NULL) {
      g_ptr_array_add (args, (gpointer) "-purpose");
      g_ptr_array_add (args, (gpointer) c->purpose);
    }
    openssl_verify_agrees (args, leaf_file, c->code, 0, c->message);
  }
}

/* Setting a name replaces the last one; NULL clears it. */
static void
test_names_replace_clear (void)
{
  g_auto (TestPki) pki = { 0 };
  g_autoptr (PkiX509Store) store = pki_x509_store_new ();
  g_autoptr (PkiX509StoreContext) ctx = NULL;

  test_pki_init (&pki);
  add_cert_ok (store, pki.ca);
  ctx = context_of (store, pki.san, NULL);

  set_host_ok (store, "www.example.com");
  verify_ok (ctx, CNS (CN_SAN, CN_CA));
  set_host_ok (store, "other.example.com");
  verify_fails (ctx, V_HOST_MISMATCH, 0, "hostname mismatch", CN_SAN);
  set_host_ok (store, NULL);
  verify_ok (ctx, CNS (CN_SAN, CN_CA));

  set_ip_ok (store, "192.0.2.2");
  verify_fails (ctx, V_IP_MISMATCH, 0, "IP address mismatch", CN_SAN);
  set_ip_ok (store, "192.0.2.1");
  verify_ok (ctx, CNS (CN_SAN, CN_CA));
  set_ip_ok (store, "2001:db8::1");
  verify_fails (ctx, V_IP_MISMATCH, 0, "IP address mismatch", CN_SAN);
  set_ip_ok (store, NULL);
  verify_ok (ctx, CNS (CN_SAN, CN_CA));

  set_email_ok (store, "b@example.com");
  verify_fails (ctx, V_EMAIL_MISMATCH, 0, "email address mismatch", CN_SAN);
  set_email_ok (store, NULL);
  verify_ok (ctx, CNS (CN_SAN, CN_CA));

  set_purpose_ok (store, "sslclient");
  verify_fails (ctx, V_BAD_PURPOSE, 0, "unsuitable certificate purpose", CN_SAN);
  set_purpose_ok (store, "sslserver");
  verify_ok (ctx, CNS (CN_SAN, CN_CA));
}

/* Bad names and purposes are PKI_ERROR_BAD_INPUT; every documented purpose
 * name is accepted. */
static void
test_names_bad_input (void)
{
  static const char *const purposes[] = { "sslserver", "sslclient", "smimesign", "smimeencrypt",
                                          "crlsign", "ocsphelper", "timestampsign",
                                          "any" };
  static const struct {
    gboolean (*set) (PkiX509Store *, const char *, GError **);
    const char *value;
  } bad[] = {
    { pki_x509_store_set_host, "" },
    { pki_x509_store_set_ip, "300.1.1.1" },
    { pki_x509_store_set_ip, "" },
    { pki_x509_store_set_ip, "192.0.2" },
    { pki_x509_store_set_ip, "www.example.com" },
    { pki_x509_store_set_ip, "2001:db8::g" },
    { pki_x509_store_set_email, "" },
    { pki_x509_store_set_purpose, "bogus" },
    { pki_x509_store_set_purpose, "" },
  };
  g_autoptr (PkiX509Store) store = pki_x509_store_new ();

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) error = NULL;
    gboolean ok = bad[i].set (store, bad[i].value, &error);
    g_test_message ("bad value \"%s\"", bad[i].value);
    g_assert_false (ok);
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
  }
  /* each name the documentation lists */
  for (guint i = 0; i < G_N_ELEMENTS (purposes); i++) {
    g_autoptr (GError) error = NULL;
    gboolean ok = pki_x509_store_set_purpose (store, purposes[i], &error);
    pki_assert_queue_empty ();
    if (!ok)
      LIBRARY_BUG ("pki_x509_store_set_purpose (store, \"%s\") fails (%s), though its "
                   "documentation lists \"%s\"", purposes[i], error->message, purposes[i]);
    else
      g_assert_no_error (error);
  }
  set_ip_ok (store, "::1");
  set_ip_ok (store, "2001:db8::1");
}

/* ===========================================================================
 * Certificates that cannot be encoded
 * =========================================================================== */

/* An empty certificate (pki_x509_new (), never signed): verifying it fails with PKI_ERROR_VERIFY or PKI_ERROR_FAILED, the
 * getters stay usable.  Run in a subprocess, since a crash is possible. */
static void
test_empty_certificate (void)
{
  if (g_test_subprocess ()) {
    g_autoptr (PkiX509Store) store = pki_x509_store_new ();
    g_autoptr (PkiX509) empty = pki_x509_new ();
    g_autoptr (PkiX509StoreContext) ctx = context_of (store, empty, NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiX509) bad = NULL;
    g_autoptr (GPtrArray) chain = NULL;
    gboolean ok = pki_x509_store_context_verify_certificate (ctx, &error);

    g_assert_false (ok);
    pki_assert_queue_empty ();
    g_assert_nonnull (error);
    g_assert_true (g_error_matches (error, PKI_ERROR, PKI_ERROR_VERIFY)
                   || g_error_matches (error, PKI_ERROR, PKI_ERROR_FAILED));
    g_clear_error (&error);
    assert_no_chain (ctx);
    bad = pki_x509_store_context_get_error_certificate (ctx);
    g_assert_nonnull (pki_x509_store_context_get_error_string (ctx));

    chain = pki_x509_store_verify (store, empty, NULL, 0, &error);
    g_assert_null (chain);
    pki_assert_queue_empty ();
    g_assert_nonnull (error);
    return;
  }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  if (!g_test_trap_has_passed ())
    LIBRARY_BUG ("verifying an empty certificate (pki_x509_new ()) with "
                 "pki_x509_store_context_verify_certificate () does not fail cleanly "
                 "(the subprocess failed; run it with -p /x509-store/empty-certificate --GTestSubprocess)");
}

/* ===========================================================================
 * Threads, preconditions
 * =========================================================================== */

typedef struct {
  PkiX509Store *store;
  PkiX509 *leaf;
  GPtrArray *untrusted;
} ThreadData;

static gpointer
verify_thread (gpointer user_data)
{
  ThreadData *d = user_data;
  for (guint i = 0; i < 25; i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) chain =
      pki_x509_store_verify (d->store, d->leaf, (PkiX509 **) d->untrusted->pdata,
                             d->untrusted->len, &error);
    g_assert_no_error (error);
    g_assert_nonnull (chain);
    g_assert_cmpuint (chain->len, ==, 3);
  }
  return NULL;
}

/* A store that is set up may be shared by verifications in threads. */
static void
test_threads (void)
{
  g_autoptr (PkiX509Store) store = NULL;
  g_autoptr (PkiX509) leaf = NULL;
  g_autoptr (GPtrArray) untrusted = NULL;
  GThread *threads[4];
  ThreadData d;

  if (!have_vectors ())
    return;
  store = STORE_OF (ROOT);
  leaf = vec_cert (LEAF);
  untrusted = CERTS_OF (INTER);
  d = (ThreadData){ store, leaf, untrusted };
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("verify", verify_thread, &d);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  pki_assert_queue_empty ();
}

/* NULL where an object is required: a critical warning and the documented
 * neutral value, nothing else. */
static void
test_preconditions (void)
{
  g_autoptr (PkiX509Store) store = pki_x509_store_new ();
  g_autoptr (PkiX509) cert = pki_x509_new ();
  PkiX509 *with_null[] = { cert, NULL };

#define EXPECT_CRITICAL(pattern) \
  g_test_expect_message ("libpki", G_LOG_LEVEL_CRITICAL, pattern)

  EXPECT_CRITICAL ("*cert != NULL*");
  g_assert_false (pki_x509_store_add_cert (store, NULL, NULL));
  EXPECT_CRITICAL ("*store != NULL*");
  g_assert_false (pki_x509_store_add_cert (NULL, cert, NULL));
  EXPECT_CRITICAL ("*crl != NULL*");
  g_assert_false (pki_x509_store_add_crl (store, NULL, NULL));
  EXPECT_CRITICAL ("*store != NULL*");
  g_assert_false (pki_x509_store_load_locations (NULL, "x", NULL, NULL));
  EXPECT_CRITICAL ("*store != NULL*");
  g_assert_false (pki_x509_store_set_default_paths (NULL, NULL));
  EXPECT_CRITICAL ("*purpose != NULL*");
  g_assert_false (pki_x509_store_set_purpose (store, NULL, NULL));
  EXPECT_CRITICAL ("*store != NULL*");
  g_assert_false (pki_x509_store_set_host (NULL, "a", NULL));
  EXPECT_CRITICAL ("*store != NULL*");
  g_assert_false (pki_x509_store_set_ip (NULL, "::1", NULL));
  EXPECT_CRITICAL ("*store != NULL*");
  g_assert_false (pki_x509_store_set_email (NULL, "a@b", NULL));
  EXPECT_CRITICAL ("*store != NULL*");
  pki_x509_store_set_flags (NULL, F_PARTIAL);
  EXPECT_CRITICAL ("*store != NULL*");
  pki_x509_store_clear_flags (NULL, F_PARTIAL);
  EXPECT_CRITICAL ("*store != NULL*");
  pki_x509_store_set_depth (NULL, 1);
  EXPECT_CRITICAL ("*store != NULL*");
  pki_x509_store_set_time (NULL, NULL);
  EXPECT_CRITICAL ("*cert != NULL*");
  g_assert_null (pki_x509_store_verify (store, NULL, NULL, 0, NULL));
  EXPECT_CRITICAL ("*chain != NULL*");
  g_assert_null (pki_x509_store_verify (store, cert, NULL, 1, NULL));
  EXPECT_CRITICAL ("*cert != NULL*");
  g_assert_null (pki_x509_store_context_new (store, NULL, NULL, 0));
  EXPECT_CRITICAL ("*store != NULL*");
  g_assert_null (pki_x509_store_context_new (NULL, cert, NULL, 0));
  EXPECT_CRITICAL ("*chain != NULL*");
  g_assert_null (pki_x509_store_context_new (store, cert, NULL, 2));
  EXPECT_CRITICAL ("*chain[i] != NULL*");
  g_assert_null (pki_x509_store_context_new (store, cert, with_null, 2));
  EXPECT_CRITICAL ("*ctx != NULL*");
  g_assert_null (pki_x509_store_context_get_verified_chain (NULL, NULL));
  EXPECT_CRITICAL ("*ctx != NULL*");
  g_assert_cmpint (pki_x509_store_context_get_error (NULL), ==, 0);
  EXPECT_CRITICAL ("*ctx != NULL*");
  g_assert_cmpint (pki_x509_store_context_get_error_depth (NULL), ==, -1);
  EXPECT_CRITICAL ("*ctx != NULL*");
  g_assert_null (pki_x509_store_context_get_error_string (NULL));
  EXPECT_CRITICAL ("*ctx != NULL*");
  g_assert_null (pki_x509_store_context_get_error_certificate (NULL));
  g_test_assert_expected_messages ();
#undef EXPECT_CRITICAL
  pki_assert_queue_empty ();
}

/* The settings the conformance suites need: security level, host name
 * matching rules, the initial policy set. */
static void
test_levels_hostflags_policies (void)
{
  g_autoptr (PkiX509Store) store = pki_x509_store_new ();
  g_autoptr (GError) error = NULL;
  const char *const good[] = { "2.5.29.32.0", "1.3.6.1.4.1.99.1", NULL };
  const char *const bad[] = { "2.5.29.32.0", "not an oid", NULL };
  GFlagsClass *klass;

  g_assert_true (pki_x509_store_set_auth_level (store, 2, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_store_set_auth_level (store, -1, &error));
  g_assert_false (pki_x509_store_set_auth_level (store, 6, &error));
  g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  g_clear_error (&error);
  g_assert_false (pki_x509_store_set_auth_level (store, -2, &error));
  g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  g_clear_error (&error);

  pki_x509_store_set_host_flags (store, PKI_X509_HOST_FLAG_NO_PARTIAL_WILDCARDS);
  klass = g_type_class_ref (PKI_TYPE_X509_HOST_FLAGS);
  g_assert_cmpuint (g_flags_get_value_by_nick (klass, "no-partial-wildcards")->value, ==, 0x4);
  g_type_class_unref (klass);

  g_assert_true (pki_x509_store_set_policies (store, good, &error));
  g_assert_no_error (error);
  g_assert_false (pki_x509_store_set_policies (store, bad, &error));
  g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  g_assert_nonnull (strstr (error->message, "not an oid"));
  g_clear_error (&error);
  g_assert_true (pki_x509_store_set_policies (store, NULL, &error));
  pki_assert_queue_empty ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/x509-store/boxed", test_boxed);
  g_test_add_func ("/x509-store/flags/values", test_flags_values);
  g_test_add_func ("/x509-store/flags/set-clear", test_flags_set_clear);
  g_test_add_func ("/x509-store/scenarios/libpki", test_scenarios);
  g_test_add_func ("/x509-store/scenarios/openssl", test_scenarios_openssl);
  g_test_add_func ("/x509-store/context/fresh", test_context_fresh);
  g_test_add_func ("/x509-store/context/reverify", test_context_reverify);
  g_test_add_func ("/x509-store/context/references", test_context_references);
  g_test_add_func ("/x509-store/context/copies", test_copies);
  g_test_add_func ("/x509-store/add-cert", test_add_cert);
  g_test_add_func ("/x509-store/set-time", test_set_time);
  g_test_add_func ("/x509-store/set-depth", test_set_depth);
  g_test_add_func ("/x509-store/add-crl", test_add_crl);
  g_test_add_func ("/x509-store/load-locations/good", test_load_locations);
  g_test_add_func ("/x509-store/load-locations/bad", test_load_locations_bad);
  g_test_add_func ("/x509-store/default-paths", test_default_paths);
  g_test_add_func ("/x509-store/names/verdicts", test_names_and_purposes);
  g_test_add_func ("/x509-store/names/replace-clear", test_names_replace_clear);
  g_test_add_func ("/x509-store/levels-hostflags-policies", test_levels_hostflags_policies);
  g_test_add_func ("/x509-store/names/bad-input", test_names_bad_input);
  g_test_add_func ("/x509-store/empty-certificate", test_empty_certificate);
  g_test_add_func ("/x509-store/threads", test_threads);
  g_test_add_func ("/x509-store/preconditions", test_preconditions);

  return g_test_run ();
}
