/* libpki: PkiX509Req, certificate signing requests (pyOpenSSL's X509Req),
 * and issuing certificates from them.
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(PKI_INSIDE) && !defined(PKI_COMPILATION)
#error "Only <libpki/pki.h> can be included directly."
#endif

#include <libpki/pki-types.h>
#include <libpki/pki-pkey.h>
#include <libpki/pki-x509-name.h>
#include <libpki/pki-x509-extension.h>
#include <libpki/pki-x509.h>

G_BEGIN_DECLS

/**
 * PkiX509Req:
 *
 * A PKCS#10 certificate signing request.  Opaque and reference counted.
 */
typedef struct _PkiX509Req PkiX509Req;

/**
 * PkiIssueOptions:
 *
 * How pki_x509_req_issue() makes a certificate: profile, validity, digest,
 * serial, which requested extensions to copy, and extensions to add or
 * override.  Opaque and reference counted; made with
 * pki_issue_options_new() and changed with the setters.
 */
typedef struct _PkiIssueOptions PkiIssueOptions;

/**
 * PkiProfile:
 * @PKI_PROFILE_NONE: no profile extensions beyond the key identifiers
 * @PKI_PROFILE_SERVER: a TLS server: basicConstraints CA:FALSE (critical),
 *   keyUsage digitalSignature (and keyEncipherment for RSA keys), critical;
 *   extendedKeyUsage serverAuth
 * @PKI_PROFILE_CLIENT: a TLS client: as the server profile with
 *   extendedKeyUsage clientAuth
 * @PKI_PROFILE_CA: a certificate authority: basicConstraints CA:TRUE with
 *   the path length set by pki_issue_options_set_profile() (critical),
 *   keyUsage keyCertSign, cRLSign, digitalSignature (critical)
 *
 * The extension sets pki_x509_req_issue() adds.
 */
typedef enum {
  PKI_PROFILE_NONE,
  PKI_PROFILE_SERVER,
  PKI_PROFILE_CLIENT,
  PKI_PROFILE_CA,
} PkiProfile;

/**
 * PkiCopyExtensions:
 * @PKI_COPY_EXTENSIONS_NONE: ignore the extensions the request asks for
 * @PKI_COPY_EXTENSIONS_ALL: copy every requested extension but the key
 *   identifiers, which pki_x509_req_issue() always sets itself
 * @PKI_COPY_EXTENSIONS_LISTED: copy the requested extensions whose types
 *   were named with pki_issue_options_set_copy_extensions()
 *
 * Which of a request's extensions go into the certificate.  Profile and
 * caller extensions win over copied ones of the same type.
 */
typedef enum {
  PKI_COPY_EXTENSIONS_NONE,
  PKI_COPY_EXTENSIONS_ALL,
  PKI_COPY_EXTENSIONS_LISTED,
} PkiCopyExtensions;

PKI_API GType pki_x509_req_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_X509_REQ (pki_x509_req_get_type ())
PKI_API GType pki_issue_options_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_ISSUE_OPTIONS (pki_issue_options_get_type ())
PKI_API GType pki_profile_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_PROFILE (pki_profile_get_type ())
PKI_API GType pki_copy_extensions_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_COPY_EXTENSIONS (pki_copy_extensions_get_type ())

PKI_API PkiX509Req *pki_x509_req_ref (PkiX509Req *req);
PKI_API void pki_x509_req_unref (PkiX509Req *req);

PKI_API PkiX509Req *pki_x509_req_new (void);
PKI_API PkiX509Req *pki_x509_req_load (PkiFiletype type, const guint8 *data, gsize len,
                                       GError **error);
PKI_API GBytes *pki_x509_req_dump (PkiX509Req *req, PkiFiletype type, GError **error);

PKI_API gint pki_x509_req_get_version (PkiX509Req *req);
PKI_API gboolean pki_x509_req_set_version (PkiX509Req *req, gint version, GError **error);
PKI_API PkiX509Name *pki_x509_req_get_subject (PkiX509Req *req);
PKI_API gboolean pki_x509_req_set_subject (PkiX509Req *req, PkiX509Name *name, GError **error);
PKI_API PkiPKey *pki_x509_req_get_pubkey (PkiX509Req *req, GError **error);
PKI_API gboolean pki_x509_req_set_pubkey (PkiX509Req *req, PkiPKey *key, GError **error);

PKI_API gboolean pki_x509_req_add_extensions (PkiX509Req *req, PkiX509Extension **extensions,
                                              guint n_extensions, GError **error);
PKI_API GPtrArray *pki_x509_req_get_extensions (PkiX509Req *req, GError **error);
PKI_API GStrv pki_x509_req_get_attribute_names (PkiX509Req *req);
PKI_API gchar *pki_x509_req_get_attribute (PkiX509Req *req, const char *name, GError **error);
PKI_API gboolean pki_x509_req_add_attribute (PkiX509Req *req, const char *name,
                                             const char *value, GError **error);

PKI_API gboolean pki_x509_req_sign (PkiX509Req *req, PkiPKey *key, const char *digest,
                                    GError **error);
PKI_API gboolean pki_x509_req_verify (PkiX509Req *req, PkiPKey *key, GError **error);
PKI_API gchar *pki_x509_req_get_signature_algorithm (PkiX509Req *req, GError **error);

PKI_API PkiX509 *pki_x509_req_issue (PkiX509Req *req, PkiX509 *issuer, PkiPKey *issuer_key,
                                     PkiIssueOptions *options, GError **error);

PKI_API PkiIssueOptions *pki_issue_options_new (void);
PKI_API PkiIssueOptions *pki_issue_options_ref (PkiIssueOptions *options);
PKI_API void pki_issue_options_unref (PkiIssueOptions *options);
PKI_API void pki_issue_options_set_profile (PkiIssueOptions *options, PkiProfile profile,
                                            gint path_length);
PKI_API void pki_issue_options_set_validity (PkiIssueOptions *options, GDateTime *not_before,
                                             GDateTime *not_after);
PKI_API void pki_issue_options_set_days (PkiIssueOptions *options, guint days);
PKI_API void pki_issue_options_set_digest (PkiIssueOptions *options, const char *digest);
PKI_API gboolean pki_issue_options_set_serial (PkiIssueOptions *options, const char *hex,
                                               GError **error);
PKI_API void pki_issue_options_set_copy_extensions (PkiIssueOptions *options,
                                                    PkiCopyExtensions mode,
                                                    const char *const *types);
PKI_API void pki_issue_options_add_extension (PkiIssueOptions *options,
                                              PkiX509Extension *extension);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiX509Req, pki_x509_req_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiIssueOptions, pki_issue_options_unref)

G_END_DECLS
