/* libpki: PkiPkcs7, PKCS#7 / CMS containers (pyOpenSSL's PKCS7).
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
 * PkiPkcs7:
 *
 * A PKCS#7 structure: most often a "certs-only" SignedData (.p7b, .p7c)
 * carrying certificates and CRLs, or a signature (.p7s).  Opaque and
 * reference counted; read-only once made.
 */
typedef struct _PkiPkcs7 PkiPkcs7;

PKI_API GType pki_pkcs7_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_PKCS7 (pki_pkcs7_get_type ())

PKI_API PkiPkcs7 *pki_pkcs7_ref (PkiPkcs7 *p7);
PKI_API void pki_pkcs7_unref (PkiPkcs7 *p7);

PKI_API PkiPkcs7 *pki_pkcs7_load (PkiFiletype type, const guint8 *data, gsize len,
                                  GError **error);
PKI_API PkiPkcs7 *pki_pkcs7_new_certs_only (PkiX509 **certs, guint n_certs, PkiCrl **crls,
                                            guint n_crls, GError **error);
PKI_API GBytes *pki_pkcs7_dump (PkiPkcs7 *p7, PkiFiletype type, GError **error);

PKI_API gboolean pki_pkcs7_type_is_signed (PkiPkcs7 *p7);
PKI_API gboolean pki_pkcs7_type_is_enveloped (PkiPkcs7 *p7);
PKI_API gboolean pki_pkcs7_type_is_signed_and_enveloped (PkiPkcs7 *p7);
PKI_API gboolean pki_pkcs7_type_is_data (PkiPkcs7 *p7);
PKI_API const char *pki_pkcs7_get_type_name (PkiPkcs7 *p7);

PKI_API GPtrArray *pki_pkcs7_get_certificates (PkiPkcs7 *p7);
PKI_API GPtrArray *pki_pkcs7_get_crls (PkiPkcs7 *p7, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiPkcs7, pki_pkcs7_unref)

G_END_DECLS
