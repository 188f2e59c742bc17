/* libpki: PkiCrl and PkiRevoked, certificate revocation lists (pyOpenSSL's
 * CRL and Revoked).
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
 * PkiCrl:
 *
 * A certificate revocation list.  Opaque and reference counted.  A CRL
 * loaded from a file is read lazily: its entries are indexed straight from
 * the DER, so loading and looking up serial numbers stay fast for CRLs with
 * millions of entries; the entries are decoded when asked for.
 */
typedef struct _PkiCrl PkiCrl;

/**
 * PkiRevoked:
 *
 * One entry of a CRL: a serial number, the revocation date and optional
 * reason, invalidity date and certificate issuer.  Opaque and reference
 * counted; entries taken from a CRL are copies.
 */
typedef struct _PkiRevoked PkiRevoked;

/**
 * PkiCrlReason:
 * @PKI_CRL_REASON_NONE: no reasonCode extension
 * @PKI_CRL_REASON_UNSPECIFIED: unspecified (0)
 * @PKI_CRL_REASON_KEY_COMPROMISE: keyCompromise (1)
 * @PKI_CRL_REASON_CA_COMPROMISE: cACompromise (2)
 * @PKI_CRL_REASON_AFFILIATION_CHANGED: affiliationChanged (3)
 * @PKI_CRL_REASON_SUPERSEDED: superseded (4)
 * @PKI_CRL_REASON_CESSATION_OF_OPERATION: cessationOfOperation (5)
 * @PKI_CRL_REASON_CERTIFICATE_HOLD: certificateHold (6)
 * @PKI_CRL_REASON_REMOVE_FROM_CRL: removeFromCRL (8)
 * @PKI_CRL_REASON_PRIVILEGE_WITHDRAWN: privilegeWithdrawn (9)
 * @PKI_CRL_REASON_AA_COMPROMISE: aACompromise (10)
 *
 * The CRLReason codes of RFC 5280 5.3.1 (the values are the codes; 7 is
 * not used).
 */
typedef enum {
  PKI_CRL_REASON_NONE = -1,
  PKI_CRL_REASON_UNSPECIFIED = 0,
  PKI_CRL_REASON_KEY_COMPROMISE = 1,
  PKI_CRL_REASON_CA_COMPROMISE = 2,
  PKI_CRL_REASON_AFFILIATION_CHANGED = 3,
  PKI_CRL_REASON_SUPERSEDED = 4,
  PKI_CRL_REASON_CESSATION_OF_OPERATION = 5,
  PKI_CRL_REASON_CERTIFICATE_HOLD = 6,
  PKI_CRL_REASON_REMOVE_FROM_CRL = 8,
  PKI_CRL_REASON_PRIVILEGE_WITHDRAWN = 9,
  PKI_CRL_REASON_AA_COMPROMISE = 10,
} PkiCrlReason;

PKI_API GType pki_crl_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_CRL (pki_crl_get_type ())
PKI_API GType pki_revoked_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_REVOKED (pki_revoked_get_type ())
PKI_API GType pki_crl_reason_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_CRL_REASON (pki_crl_reason_get_type ())

/* PkiRevoked */
PKI_API PkiRevoked *pki_revoked_ref (PkiRevoked *revoked);
PKI_API void pki_revoked_unref (PkiRevoked *revoked);
PKI_API PkiRevoked *pki_revoked_new (void);
PKI_API gchar *pki_revoked_get_serial (PkiRevoked *revoked);
PKI_API gboolean pki_revoked_set_serial (PkiRevoked *revoked, const char *hex, GError **error);
PKI_API GDateTime *pki_revoked_get_revocation_date (PkiRevoked *revoked);
PKI_API gboolean pki_revoked_set_revocation_date (PkiRevoked *revoked, GDateTime *when,
                                                  GError **error);
PKI_API gchar *pki_revoked_get_revocation_date_string (PkiRevoked *revoked);
PKI_API gboolean pki_revoked_set_revocation_date_string (PkiRevoked *revoked, const char *when,
                                                         GError **error);
PKI_API PkiCrlReason pki_revoked_get_reason (PkiRevoked *revoked);
PKI_API gboolean pki_revoked_set_reason (PkiRevoked *revoked, PkiCrlReason reason,
                                         GError **error);
PKI_API const char *pki_revoked_get_reason_name (PkiRevoked *revoked);
PKI_API gboolean pki_revoked_set_reason_name (PkiRevoked *revoked, const char *name,
                                              GError **error);
PKI_API const char *const *pki_revoked_all_reasons (void);
PKI_API const char *pki_crl_reason_to_string (PkiCrlReason reason);
PKI_API gboolean pki_crl_reason_from_string (const char *name, PkiCrlReason *reason,
                                             GError **error);
PKI_API GDateTime *pki_revoked_get_invalidity_date (PkiRevoked *revoked);
PKI_API gboolean pki_revoked_set_invalidity_date (PkiRevoked *revoked, GDateTime *when,
                                                  GError **error);
PKI_API GPtrArray *pki_revoked_get_certificate_issuer (PkiRevoked *revoked, GError **error);

/* PkiCrl */
PKI_API PkiCrl *pki_crl_ref (PkiCrl *crl);
PKI_API void pki_crl_unref (PkiCrl *crl);
PKI_API PkiCrl *pki_crl_new (void);
PKI_API PkiCrl *pki_crl_load (PkiFiletype type, const guint8 *data, gsize len, GError **error);
PKI_API GBytes *pki_crl_dump (PkiCrl *crl, PkiFiletype type, GError **error);

PKI_API gint pki_crl_get_version (PkiCrl *crl);
PKI_API PkiX509Name *pki_crl_get_issuer (PkiCrl *crl);
PKI_API gboolean pki_crl_set_issuer (PkiCrl *crl, PkiX509Name *name, GError **error);
PKI_API GDateTime *pki_crl_get_last_update (PkiCrl *crl);
PKI_API GDateTime *pki_crl_get_next_update (PkiCrl *crl);
PKI_API gboolean pki_crl_set_last_update (PkiCrl *crl, GDateTime *when, GError **error);
PKI_API gboolean pki_crl_set_next_update (PkiCrl *crl, GDateTime *when, GError **error);
PKI_API gchar *pki_crl_get_crl_number (PkiCrl *crl);
PKI_API gboolean pki_crl_set_crl_number (PkiCrl *crl, const char *hex, GError **error);
PKI_API gchar *pki_crl_get_delta_crl_indicator (PkiCrl *crl);
PKI_API GBytes *pki_crl_get_authority_key_identifier (PkiCrl *crl);
PKI_API guint pki_crl_get_extension_count (PkiCrl *crl);
PKI_API PkiX509Extension *pki_crl_get_extension (PkiCrl *crl, guint index, GError **error);

PKI_API gboolean pki_crl_add_revoked (PkiCrl *crl, PkiRevoked *revoked, GError **error);
PKI_API gboolean pki_crl_add_serial (PkiCrl *crl, const char *hex, GDateTime *when,
                                     PkiCrlReason reason, GError **error);
PKI_API GPtrArray *pki_crl_get_revoked (PkiCrl *crl, GError **error);
PKI_API guint pki_crl_get_revoked_count (PkiCrl *crl);
PKI_API PkiRevoked *pki_crl_lookup (PkiCrl *crl, const char *hex, GError **error);
PKI_API PkiRevoked *pki_crl_lookup_certificate (PkiCrl *crl, PkiX509 *cert, GError **error);

PKI_API gboolean pki_crl_sign (PkiCrl *crl, PkiX509 *issuer, PkiPKey *issuer_key,
                               const char *digest, GError **error);
PKI_API GBytes *pki_crl_export (PkiCrl *crl, PkiX509 *issuer, PkiPKey *issuer_key,
                                PkiFiletype type, guint days, const char *digest,
                                GError **error);
PKI_API gboolean pki_crl_verify (PkiCrl *crl, PkiPKey *key, GError **error);
PKI_API gchar *pki_crl_get_signature_algorithm (PkiCrl *crl, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiCrl, pki_crl_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiRevoked, pki_revoked_unref)

G_END_DECLS
