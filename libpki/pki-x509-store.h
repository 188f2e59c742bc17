/* libpki: PkiX509Store and PkiX509StoreContext, certificate verification
 * (pyOpenSSL's X509Store, X509StoreContext and X509StoreFlags).
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(PKI_INSIDE) && !defined(PKI_COMPILATION)
#error "Only <libpki/pki.h> can be included directly."
#endif

#include <libpki/pki-types.h>
#include <libpki/pki-x509.h>
#include <libpki/pki-crl.h>

G_BEGIN_DECLS

/**
 * PkiX509Store:
 *
 * Trusted certificates, CRLs and verification settings (flags, depth,
 * time, purpose, the name the leaf must match).  Opaque and reference
 * counted; a store may be shared by many verifications, also across
 * threads once it is set up.
 */
typedef struct _PkiX509Store PkiX509Store;

/**
 * PkiX509StoreContext:
 *
 * One verification of a certificate against a store, with an untrusted
 * chain; afterwards it holds the verified chain or the details of the
 * failure.  Opaque and reference counted.
 */
typedef struct _PkiX509StoreContext PkiX509StoreContext;

/**
 * PkiX509StoreFlags:
 * @PKI_X509_STORE_FLAG_CRL_CHECK: check the leaf against CRLs
 * @PKI_X509_STORE_FLAG_CRL_CHECK_ALL: check every certificate of the chain
 *   against CRLs (with %PKI_X509_STORE_FLAG_CRL_CHECK)
 * @PKI_X509_STORE_FLAG_IGNORE_CRITICAL: accept unknown critical extensions
 * @PKI_X509_STORE_FLAG_X509_STRICT: strict RFC 5280 checks
 * @PKI_X509_STORE_FLAG_ALLOW_PROXY_CERTS: accept proxy certificates
 * @PKI_X509_STORE_FLAG_POLICY_CHECK: check certificate policies
 * @PKI_X509_STORE_FLAG_EXPLICIT_POLICY: require an explicit policy
 * @PKI_X509_STORE_FLAG_INHIBIT_ANY: inhibit anyPolicy
 * @PKI_X509_STORE_FLAG_INHIBIT_MAP: inhibit policy mapping
 * @PKI_X509_STORE_FLAG_EXTENDED_CRL_SUPPORT: indirect CRLs and CRLs with
 *   distribution point scopes
 * @PKI_X509_STORE_FLAG_USE_DELTAS: use delta CRLs
 * @PKI_X509_STORE_FLAG_CHECK_SS_SIGNATURE: check the signature of a
 *   self-signed trust anchor
 * @PKI_X509_STORE_FLAG_TRUSTED_FIRST: prefer trusted certificates when
 *   building the chain (OpenSSL's default)
 * @PKI_X509_STORE_FLAG_PARTIAL_CHAIN: accept a chain ending at any trusted
 *   certificate, not only a self-signed root
 * @PKI_X509_STORE_FLAG_NO_ALT_CHAINS: do not look for alternative chains
 * @PKI_X509_STORE_FLAG_NO_CHECK_TIME: do not check validity periods (a time
 *   set with pki_x509_store_set_time() still applies, as in OpenSSL)
 *
 * Verification flags; the values are OpenSSL's `X509_V_FLAG_*`, as
 * pyOpenSSL's `X509StoreFlags` are.
 */
typedef enum {
  PKI_X509_STORE_FLAG_CRL_CHECK = 0x4,
  PKI_X509_STORE_FLAG_CRL_CHECK_ALL = 0x8,
  PKI_X509_STORE_FLAG_IGNORE_CRITICAL = 0x10,
  PKI_X509_STORE_FLAG_X509_STRICT = 0x20,
  PKI_X509_STORE_FLAG_ALLOW_PROXY_CERTS = 0x40,
  PKI_X509_STORE_FLAG_POLICY_CHECK = 0x80,
  PKI_X509_STORE_FLAG_EXPLICIT_POLICY = 0x100,
  PKI_X509_STORE_FLAG_INHIBIT_ANY = 0x200,
  PKI_X509_STORE_FLAG_INHIBIT_MAP = 0x400,
  PKI_X509_STORE_FLAG_EXTENDED_CRL_SUPPORT = 0x1000,
  PKI_X509_STORE_FLAG_USE_DELTAS = 0x2000,
  PKI_X509_STORE_FLAG_CHECK_SS_SIGNATURE = 0x4000,
  PKI_X509_STORE_FLAG_TRUSTED_FIRST = 0x8000,
  PKI_X509_STORE_FLAG_PARTIAL_CHAIN = 0x80000,
  PKI_X509_STORE_FLAG_NO_ALT_CHAINS = 0x100000,
  PKI_X509_STORE_FLAG_NO_CHECK_TIME = 0x200000,
} PkiX509StoreFlags;

/**
 * PkiX509HostFlags:
 * @PKI_X509_HOST_FLAG_ALWAYS_CHECK_SUBJECT: match the subject CN even when
 *   the certificate has DNS subjectAltNames
 * @PKI_X509_HOST_FLAG_NO_WILDCARDS: no wildcard matching at all
 * @PKI_X509_HOST_FLAG_NO_PARTIAL_WILDCARDS: no wildcards inside a label
 *   ("w*.example.com"), only a whole left-most "*"
 * @PKI_X509_HOST_FLAG_MULTI_LABEL_WILDCARDS: let "*" match several labels
 * @PKI_X509_HOST_FLAG_SINGLE_LABEL_SUBDOMAINS: a name starting with "."
 *   matches one more label
 * @PKI_X509_HOST_FLAG_NEVER_CHECK_SUBJECT: never match the subject CN
 *
 * How pki_x509_store_set_host() matches names; the values are OpenSSL's
 * `X509_CHECK_FLAG_*`.
 */
typedef enum {
  PKI_X509_HOST_FLAG_ALWAYS_CHECK_SUBJECT = 0x1,
  PKI_X509_HOST_FLAG_NO_WILDCARDS = 0x2,
  PKI_X509_HOST_FLAG_NO_PARTIAL_WILDCARDS = 0x4,
  PKI_X509_HOST_FLAG_MULTI_LABEL_WILDCARDS = 0x8,
  PKI_X509_HOST_FLAG_SINGLE_LABEL_SUBDOMAINS = 0x10,
  PKI_X509_HOST_FLAG_NEVER_CHECK_SUBJECT = 0x20,
} PkiX509HostFlags;

PKI_API GType pki_x509_store_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_X509_STORE (pki_x509_store_get_type ())
PKI_API GType pki_x509_store_context_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_X509_STORE_CONTEXT (pki_x509_store_context_get_type ())
PKI_API GType pki_x509_store_flags_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_X509_STORE_FLAGS (pki_x509_store_flags_get_type ())
PKI_API GType pki_x509_host_flags_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_X509_HOST_FLAGS (pki_x509_host_flags_get_type ())

PKI_API PkiX509Store *pki_x509_store_ref (PkiX509Store *store);
PKI_API void pki_x509_store_unref (PkiX509Store *store);
PKI_API PkiX509Store *pki_x509_store_new (void);
PKI_API gboolean pki_x509_store_add_cert (PkiX509Store *store, PkiX509 *cert, GError **error);
PKI_API gboolean pki_x509_store_add_crl (PkiX509Store *store, PkiCrl *crl, GError **error);
PKI_API gboolean pki_x509_store_load_locations (PkiX509Store *store, const char *cafile,
                                                const char *capath, GError **error);
PKI_API gboolean pki_x509_store_set_default_paths (PkiX509Store *store, GError **error);
PKI_API void pki_x509_store_set_flags (PkiX509Store *store, PkiX509StoreFlags flags);
PKI_API void pki_x509_store_clear_flags (PkiX509Store *store, PkiX509StoreFlags flags);
PKI_API void pki_x509_store_set_depth (PkiX509Store *store, gint depth);
PKI_API void pki_x509_store_set_time (PkiX509Store *store, GDateTime *when);
PKI_API gboolean pki_x509_store_set_purpose (PkiX509Store *store, const char *purpose,
                                             GError **error);
PKI_API gboolean pki_x509_store_set_host (PkiX509Store *store, const char *host, GError **error);
PKI_API void pki_x509_store_set_host_flags (PkiX509Store *store, PkiX509HostFlags flags);
PKI_API gboolean pki_x509_store_set_auth_level (PkiX509Store *store, gint level, GError **error);
PKI_API gboolean pki_x509_store_set_policies (PkiX509Store *store, const char *const *policies,
                                              GError **error);
PKI_API gboolean pki_x509_store_set_ip (PkiX509Store *store, const char *ip, GError **error);
PKI_API gboolean pki_x509_store_set_email (PkiX509Store *store, const char *email,
                                           GError **error);
PKI_API GPtrArray *pki_x509_store_verify (PkiX509Store *store, PkiX509 *cert, PkiX509 **chain,
                                          guint n_chain, GError **error);

PKI_API PkiX509StoreContext *pki_x509_store_context_ref (PkiX509StoreContext *ctx);
PKI_API void pki_x509_store_context_unref (PkiX509StoreContext *ctx);
PKI_API PkiX509StoreContext *pki_x509_store_context_new (PkiX509Store *store, PkiX509 *cert,
                                                         PkiX509 **chain, guint n_chain);
PKI_API gboolean pki_x509_store_context_verify_certificate (PkiX509StoreContext *ctx,
                                                            GError **error);
PKI_API GPtrArray *pki_x509_store_context_get_verified_chain (PkiX509StoreContext *ctx,
                                                              GError **error);
PKI_API gint pki_x509_store_context_get_error (PkiX509StoreContext *ctx);
PKI_API gint pki_x509_store_context_get_error_depth (PkiX509StoreContext *ctx);
PKI_API const char *pki_x509_store_context_get_error_string (PkiX509StoreContext *ctx);
PKI_API PkiX509 *pki_x509_store_context_get_error_certificate (PkiX509StoreContext *ctx);
PKI_API const char *pki_x509_verify_error_string (gint code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiX509Store, pki_x509_store_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiX509StoreContext, pki_x509_store_context_unref)

G_END_DECLS
