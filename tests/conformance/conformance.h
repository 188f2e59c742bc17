/* Shared code of the conformance programs (tests/conformance/conformance-*.c).
 *
 * Every case of a suite is verified from the same encoded inputs, parsed
 * independently, through libpki's PkiX509Store and through raw OpenSSL
 * (X509_STORE, X509_STORE_CTX and X509_verify_cert, the settings put on the
 * context's X509_VERIFY_PARAM as a direct OpenSSL user would):
 *
 *  - raw OpenSSL with every setting the baseline used: its counts must equal
 *    the baseline of ../shared/corpus/README.md, which shows the suite is
 *    read as the baseline read it, and its verdict is the case's baseline;
 *  - raw OpenSSL with only the settings libpki can express (the same run
 *    when the case needs nothing more), compared case by case with libpki:
 *    libpki wraps OpenSSL, so a different verdict, error code, error depth
 *    or verified chain (compared as DER) there is a wrapper bug;
 *  - libpki, whose calls must also leave OpenSSL's error queue empty.
 *
 * A case passes when libpki's verdict equals the baseline's (a case OpenSSL
 * itself gets wrong passes, as in the baseline) and its result equals raw
 * OpenSSL's with the same settings, with no load problem and within the time
 * limit (5 s, denial-of-service cases included) on every side.  A case that
 * fails only because the baseline needs a setting libpki has no call for is
 * listed as MISSING API, with the setting that decides it.  Each program
 * prints its counts, ends with "conformance-<suite>: N passed, M failed" and
 * exits non-zero on any failure or when the counts differ from the baseline
 * (0 when the suite's data is absent: it says it skipped).
 *
 * CONFORMANCE_VERBOSE=1 also lists each skipped case and each case where raw
 * OpenSSL with the baseline's settings gets the suite's expectation wrong.
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "../pki-test.h"

#include <json-glib/json-glib.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_CRL, X509_CRL_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE, X509_STORE_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE_CTX, X509_STORE_CTX_free)

/* A case may take this long, per implementation, denial-of-service cases
 * included. */
#define CONF_TIME_LIMIT_USEC (5 * G_USEC_PER_SEC)

/* --- one verification ----------------------------------------------------- */

/* Everything one verification needs.  The settings are given to both
 * implementations (libpki's flag values are OpenSSL's), but for those at the
 * end, which libpki has no call for. */
typedef struct {
  PkiFiletype type;     /* of every input below: PKI_FILETYPE_PEM or _ASN1 */
  GPtrArray *trusted;   /* GBytes: certificates (a PEM input may hold several) */
  GPtrArray *untrusted; /* GBytes: likewise, the untrusted chain */
  GBytes *leaf;         /* the certificate to verify */
  GPtrArray *crls;      /* GBytes: one CRL each */
  guint flags;          /* PKI_X509_STORE_FLAG_* */
  gboolean has_time;    /* verify at @time rather than now */
  gint64 time;          /* seconds since the epoch */
  gint depth;           /* -1: OpenSSL's default */
  gchar *host, *ip, *email;
  gchar *purpose;       /* OpenSSL's short name: "sslserver", ... */
  /* Settings libpki has no call for, used by raw OpenSSL only: */
  gint auth_level;      /* X509_VERIFY_PARAM_set_auth_level, -1: none */
  guint host_flags;     /* X509_VERIFY_PARAM_set_hostflags, 0: none */
  guint raw_flags;      /* X509_V_FLAG_* values PkiX509StoreFlags lacks */
  gchar *policies;      /* X509_VERIFY_PARAM_set1_policies: comma-separated
                           initial policy OIDs, NULL: none */
} ConfCase;

/* The settings libpki has no call for, as a mask. */
typedef enum {
  CONF_RAW_AUTH_LEVEL = 1 << 0,
  CONF_RAW_HOST_FLAGS = 1 << 1,
  CONF_RAW_FLAGS = 1 << 2,
  CONF_RAW_POLICIES = 1 << 3,
  CONF_RAW_ALL = (1 << 4) - 1,
} ConfRawOnly;

/* Those @c uses that libpki has no call for: none since
 * pki_x509_store_set_auth_level, _set_host_flags, _set_policies and
 * PKI_X509_STORE_FLAG_EXTENDED_CRL_SUPPORT exist.  A setting a suite needs
 * and libpki lacks goes here again, and is then reported as MISSING API. */
static inline guint
conf_case_raw_only (const ConfCase *c)
{
  (void) c;
  return 0;
}

/* What the setting @bit is, with @c's value when @c is given. */
static inline gchar *
conf_raw_only_name (guint bit, const ConfCase *c)
{
  switch (bit) {
  case CONF_RAW_AUTH_LEVEL:
    return c ? g_strdup_printf ("authentication level %d (X509_VERIFY_PARAM_set_auth_level)",
                                c->auth_level)
             : g_strdup ("an authentication level (X509_VERIFY_PARAM_set_auth_level)");
  case CONF_RAW_HOST_FLAGS:
    return c ? g_strdup_printf ("host flags 0x%x%s (X509_VERIFY_PARAM_set_hostflags)",
                                c->host_flags,
                                c->host_flags == X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS
                                  ? " NO_PARTIAL_WILDCARDS" : "")
             : g_strdup ("host flags (X509_VERIFY_PARAM_set_hostflags)");
  case CONF_RAW_FLAGS:
    return c ? g_strdup_printf ("verification flags 0x%x%s, not in PkiX509StoreFlags",
                                c->raw_flags,
                                c->raw_flags == X509_V_FLAG_EXTENDED_CRL_SUPPORT
                                  ? " X509_V_FLAG_EXTENDED_CRL_SUPPORT" : "")
             : g_strdup ("verification flags not in PkiX509StoreFlags");
  case CONF_RAW_POLICIES:
    return c ? g_strdup_printf ("the initial policy set {%s} (X509_VERIFY_PARAM_set1_policies)",
                                c->policies)
             : g_strdup ("an initial policy set (X509_VERIFY_PARAM_set1_policies)");
  default:
    return g_strdup ("?");
  }
}

static inline void
conf_case_init (ConfCase *c, PkiFiletype type)
{
  memset (c, 0, sizeof *c);
  c->type = type;
  c->trusted = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  c->untrusted = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  c->crls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  c->depth = -1;
  c->auth_level = -1;
}

static inline void
conf_case_clear (ConfCase *c)
{
  g_clear_pointer (&c->trusted, g_ptr_array_unref);
  g_clear_pointer (&c->untrusted, g_ptr_array_unref);
  g_clear_pointer (&c->crls, g_ptr_array_unref);
  g_clear_pointer (&c->leaf, g_bytes_unref);
  g_clear_pointer (&c->host, g_free);
  g_clear_pointer (&c->ip, g_free);
  g_clear_pointer (&c->email, g_free);
  g_clear_pointer (&c->purpose, g_free);
  g_clear_pointer (&c->policies, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ConfCase, conf_case_clear)

/* What one implementation made of a case. */
typedef struct {
  gboolean ok;      /* the certificate verified */
  gint error;       /* X509_V_ERR_*, 0 when it verified */
  gint depth;       /* where it failed, -1 when it verified */
  GPtrArray *chain; /* GBytes: the DER of the verified chain, leaf first */
  gint64 usec;      /* how long it took, parsing included */
  gchar *problem;   /* an input that did not load, or OpenSSL errors left
                       queued by libpki; NULL when none */
} ConfVerdict;

static inline void
conf_verdict_clear (ConfVerdict *v)
{
  g_clear_pointer (&v->problem, g_free);
  g_clear_pointer (&v->chain, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ConfVerdict, conf_verdict_clear)

/* --- raw OpenSSL ---------------------------------------------------------- */

/* Appends the certificates of @blob to @out; FALSE when it holds none. */
static inline gboolean
conf_raw_load_certs (PkiFiletype type, GBytes *blob, STACK_OF (X509) *out)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (blob, &len);
  int n = 0;

  if (type == PKI_FILETYPE_PEM) {
    g_autoptr (BIO) bio = BIO_new_mem_buf (data, (int) len);
    X509 *x;
    while ((x = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL) {
      sk_X509_push (out, x);
      n++;
    }
  } else {
    const unsigned char *p = data;
    X509 *x = d2i_X509 (NULL, &p, (long) len);
    if (x != NULL && p == data + len) {
      sk_X509_push (out, x);
      n++;
    } else {
      X509_free (x);
    }
  }
  ERR_clear_error ();  /* the end of PEM input queues an error */
  return n > 0;
}

static inline X509_CRL *
conf_raw_load_crl (PkiFiletype type, GBytes *blob)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (blob, &len);
  X509_CRL *crl;

  if (type == PKI_FILETYPE_PEM) {
    g_autoptr (BIO) bio = BIO_new_mem_buf (data, (int) len);
    crl = PEM_read_bio_X509_CRL (bio, NULL, NULL, NULL);
  } else {
    const unsigned char *p = data;
    crl = d2i_X509_CRL (NULL, &p, (long) len);
  }
  ERR_clear_error ();
  return crl;
}

static inline void
conf_sk_x509_free (STACK_OF (X509) *sk)
{
  sk_X509_pop_free (sk, X509_free);
}

static inline void
conf_sk_obj_free (STACK_OF (ASN1_OBJECT) *sk)
{
  sk_ASN1_OBJECT_pop_free (sk, ASN1_OBJECT_free);
}

/* Settings on the context's parameters, of those libpki has no call for
 * only the ones in @raw_only (ConfRawOnly); FALSE when OpenSSL refuses one. */
static inline gboolean
conf_raw_params (X509_STORE_CTX *ctx, const ConfCase *c, guint raw_only, gchar **problem)
{
  X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param (ctx);

  X509_VERIFY_PARAM_set_flags (param, c->flags);
  if (c->has_time)
    X509_VERIFY_PARAM_set_time (param, (time_t) c->time);
  if (c->depth >= 0)
    X509_VERIFY_PARAM_set_depth (param, c->depth);
  if (c->host != NULL && !X509_VERIFY_PARAM_set1_host (param, c->host, 0))
    return (*problem = g_strdup_printf ("raw OpenSSL refuses host '%s'", c->host)), FALSE;
  if (c->ip != NULL && !X509_VERIFY_PARAM_set1_ip_asc (param, c->ip))
    return (*problem = g_strdup_printf ("raw OpenSSL refuses IP '%s'", c->ip)), FALSE;
  if (c->email != NULL && !X509_VERIFY_PARAM_set1_email (param, c->email, strlen (c->email)))
    return (*problem = g_strdup_printf ("raw OpenSSL refuses e-mail '%s'", c->email)), FALSE;
  if (c->purpose != NULL) {
    int idx = X509_PURPOSE_get_by_sname (c->purpose);
    if (idx < 0 || !X509_STORE_CTX_set_purpose (ctx, X509_PURPOSE_get_id (X509_PURPOSE_get0 (idx))))
      return (*problem = g_strdup_printf ("raw OpenSSL refuses purpose '%s'", c->purpose)), FALSE;
  }
  if ((raw_only & CONF_RAW_AUTH_LEVEL) && c->auth_level >= 0)
    X509_VERIFY_PARAM_set_auth_level (param, c->auth_level);
  if ((raw_only & CONF_RAW_HOST_FLAGS) && c->host_flags != 0)
    X509_VERIFY_PARAM_set_hostflags (param, c->host_flags);
  if ((raw_only & CONF_RAW_FLAGS) && c->raw_flags != 0)
    X509_VERIFY_PARAM_set_flags (param, c->raw_flags);
  if ((raw_only & CONF_RAW_POLICIES) && c->policies != NULL) {
    g_auto (GStrv) oids = g_strsplit (c->policies, ",", -1);
    STACK_OF (ASN1_OBJECT) *set = sk_ASN1_OBJECT_new_null ();
    gboolean ok = TRUE;
    for (guint i = 0; ok && oids[i] != NULL; i++) {
      ASN1_OBJECT *obj = OBJ_txt2obj (oids[i], 1);
      ok = obj != NULL && sk_ASN1_OBJECT_push (set, obj) > 0;
    }
    /* set1 copies the set and turns policy checking on */
    ok = ok && X509_VERIFY_PARAM_set1_policies (param, set);
    conf_sk_obj_free (set);
    if (!ok)
      return (*problem = g_strdup_printf ("raw OpenSSL refuses policies '%s'", c->policies)), FALSE;
  }
  return TRUE;
}

static inline void
conf_verify_raw (const ConfCase *c, guint raw_only, ConfVerdict *v)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr (X509_STORE) store = X509_STORE_new ();
  g_autoptr (X509_STORE_CTX) ctx = X509_STORE_CTX_new ();
  STACK_OF (X509) *trusted = sk_X509_new_null ();
  STACK_OF (X509) *untrusted = sk_X509_new_null ();
  STACK_OF (X509) *leaf = sk_X509_new_null ();

  memset (v, 0, sizeof *v);
  v->error = X509_V_ERR_UNSPECIFIED;
  for (guint i = 0; v->problem == NULL && i < c->trusted->len; i++)
    if (!conf_raw_load_certs (c->type, c->trusted->pdata[i], trusted))
      v->problem = g_strdup_printf ("raw OpenSSL cannot load trusted input %u", i);
  for (int i = 0; v->problem == NULL && i < sk_X509_num (trusted); i++)
    if (!X509_STORE_add_cert (store, sk_X509_value (trusted, i)))
      v->problem = g_strdup_printf ("raw OpenSSL cannot add trusted certificate %d", i);
  for (guint i = 0; v->problem == NULL && i < c->crls->len; i++) {
    g_autoptr (X509_CRL) crl = conf_raw_load_crl (c->type, c->crls->pdata[i]);
    if (crl == NULL || !X509_STORE_add_crl (store, crl))
      v->problem = g_strdup_printf ("raw OpenSSL cannot load or add CRL %u", i);
  }
  for (guint i = 0; v->problem == NULL && i < c->untrusted->len; i++)
    if (!conf_raw_load_certs (c->type, c->untrusted->pdata[i], untrusted))
      v->problem = g_strdup_printf ("raw OpenSSL cannot load untrusted input %u", i);
  if (v->problem == NULL && !conf_raw_load_certs (c->type, c->leaf, leaf))
    v->problem = g_strdup ("raw OpenSSL cannot load the leaf");
  if (v->problem == NULL
      && !X509_STORE_CTX_init (ctx, store, sk_X509_value (leaf, 0), untrusted))
    v->problem = g_strdup ("raw OpenSSL cannot set up the verification");
  if (v->problem == NULL && conf_raw_params (ctx, c, raw_only, &v->problem)) {
    v->ok = X509_verify_cert (ctx) == 1;
    v->error = X509_STORE_CTX_get_error (ctx);
    v->depth = v->ok ? -1 : X509_STORE_CTX_get_error_depth (ctx);
    if (v->ok) {
      STACK_OF (X509) *chain = X509_STORE_CTX_get0_chain (ctx);
      v->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      for (int i = 0; i < sk_X509_num (chain); i++) {
        unsigned char *der = NULL;
        int len = i2d_X509 (sk_X509_value (chain, i), &der);
        g_ptr_array_add (v->chain, g_bytes_new (der, len > 0 ? (gsize) len : 0));
        OPENSSL_free (der);
      }
    }
  }
  X509_STORE_CTX_cleanup (ctx);  /* before the certificates it points to go */
  ERR_clear_error ();
  conf_sk_x509_free (trusted);
  conf_sk_x509_free (untrusted);
  conf_sk_x509_free (leaf);
  v->usec = g_get_monotonic_time () - start;
}

/* --- libpki --------------------------------------------------------------- */

/* Appends the certificates of @blob (references) to @out. */
static inline gboolean
conf_lib_load_certs (PkiFiletype type, GBytes *blob, GPtrArray *out, GError **error)
{
  if (type == PKI_FILETYPE_PEM) {
    g_autoptr (GPtrArray) certs = pki_x509_load_pem_bundle (PKI_BYTES_ARGS (blob), error);
    if (certs == NULL)
      return FALSE;
    for (guint i = 0; i < certs->len; i++)
      g_ptr_array_add (out, pki_x509_ref (certs->pdata[i]));
  } else {
    PkiX509 *x = pki_x509_load (type, PKI_BYTES_ARGS (blob), error);
    if (x == NULL)
      return FALSE;
    g_ptr_array_add (out, x);
  }
  return TRUE;
}

/* The settings on @store; FALSE (with @error) when libpki refuses one. */
static inline gboolean
conf_lib_settings (PkiX509Store *store, const ConfCase *c, GError **error)
{
  pki_x509_store_set_flags (store, (PkiX509StoreFlags) c->flags);
  if (c->has_time) {
    g_autoptr (GDateTime) when = g_date_time_new_from_unix_utc (c->time);
    pki_x509_store_set_time (store, when);
  }
  if (c->depth >= 0)
    pki_x509_store_set_depth (store, c->depth);
  pki_x509_store_set_flags (store, (PkiX509StoreFlags) c->raw_flags);
  pki_x509_store_set_host_flags (store, (PkiX509HostFlags) c->host_flags);
  if (c->policies != NULL) {
    g_auto (GStrv) oids = g_strsplit (c->policies, ",", -1);
    if (!pki_x509_store_set_policies (store, (const char *const *) oids, error))
      return FALSE;
  }
  return (c->auth_level < 0 || pki_x509_store_set_auth_level (store, c->auth_level, error))
         && (c->host == NULL || pki_x509_store_set_host (store, c->host, error))
         && (c->ip == NULL || pki_x509_store_set_ip (store, c->ip, error))
         && (c->email == NULL || pki_x509_store_set_email (store, c->email, error))
         && (c->purpose == NULL || pki_x509_store_set_purpose (store, c->purpose, error));
}

/* Notes OpenSSL errors libpki left queued (its calls must leave the queue
 * empty), clearing them. */
static inline void
conf_lib_check_queue (ConfVerdict *v, const char *after)
{
  unsigned long e = ERR_peek_error ();
  if (e != 0) {
    char buf[256];
    ERR_error_string_n (e, buf, sizeof buf);
    ERR_clear_error ();
    if (v->problem == NULL)
      v->problem = g_strdup_printf ("libpki left an OpenSSL error queued after %s: %s", after, buf);
  }
}

static inline void
conf_verify_lib (const ConfCase *c, ConfVerdict *v)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr (PkiX509Store) store = pki_x509_store_new ();
  GDestroyNotify unref = (GDestroyNotify) pki_x509_unref;
  g_autoptr (GPtrArray) trusted = g_ptr_array_new_with_free_func (unref);
  g_autoptr (GPtrArray) untrusted = g_ptr_array_new_with_free_func (unref);
  g_autoptr (GPtrArray) leaf = g_ptr_array_new_with_free_func (unref);
  g_autoptr (PkiX509StoreContext) ctx = NULL;
  g_autoptr (GError) error = NULL;

  memset (v, 0, sizeof *v);
  v->error = X509_V_ERR_UNSPECIFIED;
  ERR_clear_error ();
  for (guint i = 0; error == NULL && i < c->trusted->len; i++)
    conf_lib_load_certs (c->type, c->trusted->pdata[i], trusted, &error);
  for (guint i = 0; error == NULL && i < trusted->len; i++)
    pki_x509_store_add_cert (store, trusted->pdata[i], &error);
  for (guint i = 0; error == NULL && i < c->crls->len; i++) {
    g_autoptr (PkiCrl) crl = pki_crl_load (c->type, PKI_BYTES_ARGS (c->crls->pdata[i]), &error);
    if (crl != NULL)
      pki_x509_store_add_crl (store, crl, &error);
  }
  for (guint i = 0; error == NULL && i < c->untrusted->len; i++)
    conf_lib_load_certs (c->type, c->untrusted->pdata[i], untrusted, &error);
  if (error == NULL)
    conf_lib_load_certs (c->type, c->leaf, leaf, &error);
  if (error == NULL)
    conf_lib_settings (store, c, &error);
  if (error != NULL) {
    v->problem = g_strdup_printf ("libpki: %s", error->message);
    conf_lib_check_queue (v, "a failed call");
  } else {
    conf_lib_check_queue (v, "loading and settings");
    ctx = pki_x509_store_context_new (store, leaf->pdata[0], (PkiX509 **) untrusted->pdata,
                                      untrusted->len);
    v->ok = pki_x509_store_context_verify_certificate (ctx, &error);
    v->error = pki_x509_store_context_get_error (ctx);
    v->depth = pki_x509_store_context_get_error_depth (ctx);
    conf_lib_check_queue (v, "pki_x509_store_context_verify_certificate");
    if ((v->ok != (error == NULL)
         || (!v->ok && !g_error_matches (error, PKI_ERROR, PKI_ERROR_VERIFY)))
        && v->problem == NULL)
      v->problem = g_strdup_printf ("libpki: unexpected result or error: %s",
                                    error != NULL ? error->message : "(none)");
    if (v->ok) {
      g_autoptr (GError) chain_error = NULL;
      g_autoptr (GPtrArray) chain = pki_x509_store_context_get_verified_chain (ctx, &chain_error);
      v->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      for (guint i = 0; chain != NULL && chain_error == NULL && i < chain->len; i++) {
        GBytes *der = pki_x509_dump (chain->pdata[i], PKI_FILETYPE_ASN1, &chain_error);
        if (der != NULL)
          g_ptr_array_add (v->chain, der);
      }
      if (chain_error != NULL && v->problem == NULL)
        v->problem = g_strdup_printf ("libpki: the verified chain: %s", chain_error->message);
      conf_lib_check_queue (v, "getting the verified chain");
    }
  }
  v->usec = g_get_monotonic_time () - start;
}

/* --- counting ------------------------------------------------------------- */

typedef enum {
  CONF_EXPECT_ACCEPT,
  CONF_EXPECT_REJECT,
  CONF_EXPECT_EITHER,  /* WEAK-OK: may go either way */
} ConfExpect;

typedef struct {
  guint pass, false_accept, false_reject;
  guint either;  /* passes that could go either way */
} ConfCounts;

typedef struct {
  const char *suite;
  gboolean verbose;
  guint run, skipped;
  ConfCounts lib;       /* libpki */
  ConfCounts raw;       /* raw OpenSSL with the baseline's settings */
  ConfCounts raw_same;  /* raw OpenSSL with libpki's settings only */
  guint same;           /* libpki's verdict and error code equal raw OpenSSL's
                           with the same settings */
  guint differ;         /* ... verdicts differ: wrapper bugs */
  guint code_differ;    /* ... same verdict, different error code */
  guint detail_differ;  /* ... same verdict and code, different error depth
                           or verified chain */
  guint missing_api;    /* libpki differs from the baseline only for want of
                           a setting it has no call for */
  guint missing_by[4];  /* ... per ConfRawOnly bit that alone decides it */
  guint problems;       /* an input a side could not load, errors left queued */
  guint slow;           /* over CONF_TIME_LIMIT_USEC */
  guint failed;         /* cases failing for any of the reasons above */
  gint64 max_usec;
  gchar *max_id;
  gint64 start;
} ConfTally;

static inline void
conf_tally_init (ConfTally *t, const char *suite)
{
  const char *v = g_getenv ("CONFORMANCE_VERBOSE");
  memset (t, 0, sizeof *t);
  t->suite = suite;
  t->verbose = v != NULL && *v != '\0' && strcmp (v, "0") != 0;
  t->start = g_get_monotonic_time ();
}

static inline void
conf_tally_clear (ConfTally *t)
{
  g_clear_pointer (&t->max_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ConfTally, conf_tally_clear)

static inline void
conf_count (ConfCounts *n, ConfExpect expect, gboolean ok)
{
  if (expect == CONF_EXPECT_EITHER) {
    n->pass++;
    n->either++;
  } else if (ok == (expect == CONF_EXPECT_ACCEPT)) {
    n->pass++;
  } else if (ok) {
    n->false_accept++;
  } else {
    n->false_reject++;
  }
}

/* "accept" or "reject (20: unable to get local issuer certificate)" */
static inline gchar *
conf_verdict_text (const ConfVerdict *v)
{
  if (v->ok)
    return g_strdup ("accept");
  return g_strdup_printf ("reject (%d: %s)", v->error, X509_verify_cert_error_string (v->error));
}

/* Whether two verified chains (GBytes, NULL: none) are the same DER. */
static inline gboolean
conf_chains_equal (GPtrArray *a, GPtrArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!g_bytes_equal (a->pdata[i], b->pdata[i]))
      return FALSE;
  return TRUE;
}

/* Which settings libpki has no call for decide the case: those that alone
 * turn raw OpenSSL with libpki's settings into the baseline's verdict
 * @baseline_ok (or all of @c's together when none does alone); counted in
 * @t, returned as text. */
static inline gchar *
conf_missing_api (ConfTally *t, const ConfCase *c, gboolean baseline_ok)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint used = conf_case_raw_only (c);

  for (guint i = 0; i < G_N_ELEMENTS (t->missing_by); i++) {
    g_auto (ConfVerdict) v = { 0 };
    if (!(used & (1u << i)))
      continue;
    conf_verify_raw (c, 1u << i, &v);
    if (v.ok == baseline_ok) {
      t->missing_by[i]++;
      g_ptr_array_add (names, conf_raw_only_name (1u << i, c));
    }
  }
  if (names->len == 0) {
    for (guint i = 0; i < G_N_ELEMENTS (t->missing_by); i++)
      if (used & (1u << i))
        g_ptr_array_add (names, conf_raw_only_name (1u << i, c));
    g_ptr_array_insert (names, 0, g_strdup ("together"));
  }
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("; ", (gchar **) names->pdata);
}

/* Runs @c through libpki and raw OpenSSL and counts it.  Returns TRUE when
 * the case passes (see the top of this file). */
static inline gboolean
conf_check (ConfTally *t, const char *id, const ConfCase *c, ConfExpect expect)
{
  g_auto (ConfVerdict) raw = { 0 };       /* the baseline's settings */
  g_auto (ConfVerdict) raw_lib = { 0 };   /* libpki's settings only */
  g_auto (ConfVerdict) lib = { 0 };
  const ConfVerdict *same;
  g_autofree gchar *lib_text = NULL, *same_text = NULL, *raw_text = NULL;
  gboolean pass = TRUE;

  conf_verify_raw (c, CONF_RAW_ALL, &raw);
  same = &raw;
  if (conf_case_raw_only (c) != 0) {
    conf_verify_raw (c, 0, &raw_lib);
    same = &raw_lib;
  }
  conf_verify_lib (c, &lib);
  lib_text = conf_verdict_text (&lib);
  same_text = conf_verdict_text (same);
  raw_text = conf_verdict_text (&raw);
  t->run++;
  conf_count (&t->raw, expect, raw.ok);
  conf_count (&t->raw_same, expect, same->ok);
  conf_count (&t->lib, expect, lib.ok);

  if (same->ok != lib.ok || same->error != lib.error) {
    if (same->ok != lib.ok)
      t->differ++;
    else
      t->code_differ++;
    pass = FALSE;
    printf ("  WRAPPER BUG %s: libpki %s, raw OpenSSL with the same settings %s\n", id, lib_text,
            same_text);
  } else if (same->depth != lib.depth || !conf_chains_equal (same->chain, lib.chain)) {
    t->detail_differ++;
    pass = FALSE;
    printf ("  WRAPPER BUG %s: same verdict, but libpki's %s (error depth %d, chain of %u) "
            "differs from raw OpenSSL's (error depth %d, chain of %u)\n", id,
            same->depth != lib.depth ? "error depth" : "verified chain", lib.depth,
            lib.chain ? lib.chain->len : 0, same->depth, same->chain ? same->chain->len : 0);
  } else {
    t->same++;
    if (raw.ok != lib.ok) {
      g_autofree gchar *needs = conf_missing_api (t, c, raw.ok);
      t->missing_api++;
      pass = FALSE;
      printf ("  MISSING API %s: libpki %s, the baseline's raw OpenSSL %s; decided by %s\n", id,
              lib_text, raw_text, needs);
    }
  }
  if (raw.problem != NULL || raw_lib.problem != NULL || lib.problem != NULL) {
    t->problems++;
    pass = FALSE;
    if (raw.problem != NULL)
      printf ("  PROBLEM %s: %s\n", id, raw.problem);
    if (raw_lib.problem != NULL)
      printf ("  PROBLEM %s: %s (libpki's settings only)\n", id, raw_lib.problem);
    if (lib.problem != NULL)
      printf ("  PROBLEM %s: %s\n", id, lib.problem);
  }
  {
    gint64 worst = MAX (MAX (raw.usec, raw_lib.usec), lib.usec);
    if (worst > CONF_TIME_LIMIT_USEC) {
      t->slow++;
      pass = FALSE;
      printf ("  TOO SLOW %s: libpki %.2f s, raw OpenSSL %.2f s (limit %d s)\n", id,
              lib.usec / 1e6, MAX (raw.usec, raw_lib.usec) / 1e6,
              (int) (CONF_TIME_LIMIT_USEC / G_USEC_PER_SEC));
    }
    if (worst > t->max_usec) {
      t->max_usec = worst;
      g_free (t->max_id);
      t->max_id = g_strdup (id);
    }
  }
  if (t->verbose && expect != CONF_EXPECT_EITHER && raw.ok != (expect == CONF_EXPECT_ACCEPT))
    printf ("  baseline %s %s: raw OpenSSL %s\n", raw.ok ? "false accept" : "false reject", id,
            raw_text);
  if (!pass)
    t->failed++;
  return pass;
}

static inline void
conf_print_counts (const char *suite, const char *who, const ConfCounts *n)
{
  printf ("%s: %-40s %u pass, %u fail (%u false accepts, %u false rejects)", suite, who, n->pass,
          n->false_accept + n->false_reject, n->false_accept, n->false_reject);
  if (n->either > 0)
    printf (", %u of the passes may go either way", n->either);
  printf ("\n");
}

static inline gboolean
conf_counts_equal (const ConfCounts *a, const ConfCounts *b)
{
  return a->pass == b->pass && a->false_accept == b->false_accept
         && a->false_reject == b->false_reject;
}

/* Prints the counts and the final line; returns the exit status: 0 when
 * every case passed and both libpki's and raw OpenSSL's counts equal
 * @baseline. */
static inline int
conf_report (ConfTally *t, const ConfCounts *baseline, const char *baseline_source)
{
  gboolean lib_ok = conf_counts_equal (&t->lib, baseline);
  gboolean raw_ok = conf_counts_equal (&t->raw, baseline);

  printf ("%s: %u cases run, %u skipped\n", t->suite, t->run, t->skipped);
  conf_print_counts (t->suite, "libpki", &t->lib);
  conf_print_counts (t->suite, "raw OpenSSL, the baseline's settings", &t->raw);
  if (!conf_counts_equal (&t->raw, &t->raw_same))
    conf_print_counts (t->suite, "raw OpenSSL, libpki's settings only", &t->raw_same);
  conf_print_counts (t->suite, "baseline", baseline);
  printf ("%s: baseline from %s; this run %s\n", t->suite, baseline_source,
          OpenSSL_version (OPENSSL_VERSION));
  printf ("%s: libpki vs raw OpenSSL with the same settings: %u the same (verdict, error code "
          "and depth, verified chain), %u different verdicts, %u different error codes, "
          "%u different error depths or chains\n",
          t->suite, t->same, t->differ, t->code_differ, t->detail_differ);
  if (t->missing_api > 0) {
    printf ("%s: %u cases differ from the baseline only for want of a setting libpki has no "
            "call for (MISSING API above):\n", t->suite, t->missing_api);
    for (guint i = 0; i < G_N_ELEMENTS (t->missing_by); i++) {
      g_autofree gchar *name = conf_raw_only_name (1u << i, NULL);
      if (t->missing_by[i] > 0)
        printf ("%s:   %u decided by %s\n", t->suite, t->missing_by[i], name);
    }
  }
  if (t->problems > 0)
    printf ("%s: %u cases with load or error-queue problems (PROBLEM above)\n", t->suite,
            t->problems);
  printf ("%s: slowest case %.3f s (%s), %u over the %d s limit; whole run %.1f s\n", t->suite,
          t->max_usec / 1e6, t->max_id ? t->max_id : "-", t->slow,
          (int) (CONF_TIME_LIMIT_USEC / G_USEC_PER_SEC),
          (g_get_monotonic_time () - t->start) / 1e6);
  if (!lib_ok)
    printf ("%s: FAIL: libpki's counts differ from the baseline\n", t->suite);
  if (!raw_ok)
    printf ("%s: FAIL: raw OpenSSL's counts differ from the baseline: the suite is not read "
            "as the baseline read it, or OpenSSL changed\n", t->suite);
  printf ("conformance-%s: %u passed, %u failed\n", t->suite, t->run - t->failed, t->failed);
  fflush (stdout);
  return t->failed == 0 && lib_ok && raw_ok ? 0 : 1;
}

/* --- files ---------------------------------------------------------------- */

/* ../shared/corpus/<sub> (PKI_TEST_SHARED names ../shared), or NULL. */
static inline gchar *
conf_corpus_dir (const char *sub)
{
  g_autofree gchar *rel = g_build_filename ("corpus", sub, NULL);
  return pki_test_shared_dir (rel);
}

/* Prints that the suite is skipped, its data ../shared/corpus/<sub> being
 * absent; the exit status to return. */
static inline int
conf_skip_suite (const char *suite, const char *sub)
{
  const char *root = g_getenv ("PKI_TEST_SHARED");
  g_autofree gchar *dir = g_build_filename (root ? root : "../shared", "corpus", sub, NULL);
  printf ("conformance-%s: SKIPPED: %s is absent (PKI_TEST_SHARED names ../shared)\n", suite,
          dir);
  return 0;
}

/* A file's contents, or NULL (with a message) when it cannot be read. */
static inline GBytes *
conf_read (const char *path)
{
  g_autoptr (GError) error = NULL;
  gchar *data;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, &error)) {
    printf ("  cannot read %s: %s\n", path, error->message);
    return NULL;
  }
  return g_bytes_new_take (data, len);
}

/* Removes @path and everything below it. */
static inline void
conf_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK)) {
    GDir *d = g_dir_open (path, 0, NULL);
    const char *name;
    while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
      g_autofree gchar *child = g_build_filename (path, name, NULL);
      conf_remove_tree (child);
    }
    if (d != NULL)
      g_dir_close (d);
    g_rmdir (path);
  } else {
    g_remove (path);
  }
}
