/* libpki: PkiX509, certificates (pyOpenSSL's X509).
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

G_BEGIN_DECLS

/**
 * PkiX509:
 *
 * An X.509 certificate.  Opaque and reference counted.  A certificate being
 * built is changed with the setters and then signed with pki_x509_sign();
 * one that was loaded is read with the getters.  Everything handed out (keys,
 * extensions, names) stays valid as long as the caller holds it.
 */
typedef struct _PkiX509 PkiX509;

PKI_API GType pki_x509_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_X509 (pki_x509_get_type ())

PKI_API PkiX509 *pki_x509_ref (PkiX509 *cert);
PKI_API void pki_x509_unref (PkiX509 *cert);

PKI_API PkiX509 *pki_x509_new (void);
PKI_API PkiX509 *pki_x509_copy (PkiX509 *cert);

/* Loading and dumping */
PKI_API PkiX509 *pki_x509_load (PkiFiletype type, const guint8 *data, gsize len, GError **error);
PKI_API GPtrArray *pki_x509_load_pem_bundle (const guint8 *data, gsize len, GError **error);
PKI_API GBytes *pki_x509_dump (PkiX509 *cert, PkiFiletype type, GError **error);
PKI_API GBytes *pki_x509_pem_to_der (const char *pem, GError **error);
PKI_API gchar *pki_x509_der_to_pem (const guint8 *der, gsize len);

/* Fields */
PKI_API gint pki_x509_get_version (PkiX509 *cert);
PKI_API gboolean pki_x509_set_version (PkiX509 *cert, gint version, GError **error);
PKI_API gchar *pki_x509_get_serial (PkiX509 *cert);
PKI_API gboolean pki_x509_set_serial (PkiX509 *cert, const char *hex, GError **error);
PKI_API gboolean pki_x509_set_random_serial (PkiX509 *cert, GError **error);
PKI_API PkiX509Name *pki_x509_get_subject (PkiX509 *cert);
PKI_API gboolean pki_x509_set_subject (PkiX509 *cert, PkiX509Name *name, GError **error);
PKI_API PkiX509Name *pki_x509_get_issuer (PkiX509 *cert);
PKI_API gboolean pki_x509_set_issuer (PkiX509 *cert, PkiX509Name *name, GError **error);
PKI_API PkiPKey *pki_x509_get_pubkey (PkiX509 *cert, GError **error);
PKI_API gboolean pki_x509_set_pubkey (PkiX509 *cert, PkiPKey *key, GError **error);

/* Validity */
PKI_API GDateTime *pki_x509_get_not_before (PkiX509 *cert);
PKI_API GDateTime *pki_x509_get_not_after (PkiX509 *cert);
PKI_API gboolean pki_x509_set_not_before (PkiX509 *cert, GDateTime *when, GError **error);
PKI_API gboolean pki_x509_set_not_after (PkiX509 *cert, GDateTime *when, GError **error);
PKI_API gchar *pki_x509_get_not_before_string (PkiX509 *cert);
PKI_API gchar *pki_x509_get_not_after_string (PkiX509 *cert);
PKI_API gboolean pki_x509_set_not_before_string (PkiX509 *cert, const char *when, GError **error);
PKI_API gboolean pki_x509_set_not_after_string (PkiX509 *cert, const char *when, GError **error);
PKI_API gboolean pki_x509_gmtime_adj_not_before (PkiX509 *cert, gint64 seconds, GError **error);
PKI_API gboolean pki_x509_gmtime_adj_not_after (PkiX509 *cert, gint64 seconds, GError **error);
PKI_API gboolean pki_x509_has_expired (PkiX509 *cert, GError **error);
PKI_API gint64 pki_x509_cert_time_to_seconds (const char *text, GError **error);

/* Extensions */
PKI_API gboolean pki_x509_add_extensions (PkiX509 *cert, PkiX509Extension **extensions,
                                          guint n_extensions, GError **error);
PKI_API guint pki_x509_get_extension_count (PkiX509 *cert);
PKI_API PkiX509Extension *pki_x509_get_extension (PkiX509 *cert, guint index, GError **error);
PKI_API PkiX509Extension *pki_x509_get_extension_by_oid (PkiX509 *cert, const char *oid,
                                                         GError **error);

/* Signatures and digests */
PKI_API gboolean pki_x509_sign (PkiX509 *cert, PkiPKey *key, const char *digest, GError **error);
PKI_API gboolean pki_x509_verify_signature (PkiX509 *cert, PkiPKey *key, GError **error);
PKI_API gchar *pki_x509_get_signature_algorithm (PkiX509 *cert, GError **error);
PKI_API gchar *pki_x509_digest (PkiX509 *cert, const char *digest, GError **error);
PKI_API guint32 pki_x509_subject_name_hash (PkiX509 *cert);
PKI_API gboolean pki_verify_with_x509 (PkiX509 *cert, const guint8 *signature,
                                       gsize signature_len, const guint8 *data, gsize len,
                                       const char *digest, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiX509, pki_x509_unref)

G_END_DECLS
