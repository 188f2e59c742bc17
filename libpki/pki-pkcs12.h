/* libpki: PkiPkcs12, PKCS#12 bundles (pyOpenSSL's PKCS12).
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(PKI_INSIDE) && !defined(PKI_COMPILATION)
#error "Only <libpki/pki.h> can be included directly."
#endif

#include <libpki/pki-types.h>
#include <libpki/pki-pkey.h>
#include <libpki/pki-x509.h>

G_BEGIN_DECLS

/**
 * PkiPkcs12:
 *
 * A PKCS#12 bundle (.p12, .pfx): a private key, its certificate, CA
 * certificates and a friendly name, encrypted and protected by a MAC under
 * one passphrase.  Opaque and reference counted.  Loaded bundles also tell
 * how they were protected (see pki_pkcs12_get_mac_digest()).
 */
typedef struct _PkiPkcs12 PkiPkcs12;

/**
 * PkiPkcs12Profile:
 * @PKI_PKCS12_PROFILE_MODERN: AES-256-CBC with PBKDF2 (HMAC-SHA-256) for the
 *   key and the certificates, and an HMAC-SHA-256 MAC, as OpenSSL 3 writes
 *   by default
 * @PKI_PKCS12_PROFILE_LEGACY: pbeWithSHA1And3-KeyTripleDES-CBC for the key,
 *   pbeWithSHA1And40BitRC2-CBC for the certificates and an HMAC-SHA-1 MAC,
 *   for importers that know nothing newer (Windows before Server 2019,
 *   macOS before 10.15, Java before 8u301)
 *
 * How pki_pkcs12_export() protects a bundle.
 */
typedef enum {
  PKI_PKCS12_PROFILE_MODERN,
  PKI_PKCS12_PROFILE_LEGACY,
} PkiPkcs12Profile;

PKI_API GType pki_pkcs12_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_PKCS12 (pki_pkcs12_get_type ())
PKI_API GType pki_pkcs12_profile_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_PKCS12_PROFILE (pki_pkcs12_profile_get_type ())

PKI_API PkiPkcs12 *pki_pkcs12_ref (PkiPkcs12 *p12);
PKI_API void pki_pkcs12_unref (PkiPkcs12 *p12);

PKI_API PkiPkcs12 *pki_pkcs12_new (void);
PKI_API PkiPkcs12 *pki_pkcs12_load (const guint8 *data, gsize len, const char *passphrase,
                                    GError **error);
PKI_API GBytes *pki_pkcs12_export (PkiPkcs12 *p12, const char *passphrase, gint iterations,
                                   gint mac_iterations, PkiPkcs12Profile profile,
                                   GError **error);

PKI_API PkiX509 *pki_pkcs12_get_certificate (PkiPkcs12 *p12);
PKI_API void pki_pkcs12_set_certificate (PkiPkcs12 *p12, PkiX509 *cert);
PKI_API PkiPKey *pki_pkcs12_get_privatekey (PkiPkcs12 *p12);
PKI_API void pki_pkcs12_set_privatekey (PkiPkcs12 *p12, PkiPKey *key);
PKI_API GPtrArray *pki_pkcs12_get_ca_certificates (PkiPkcs12 *p12);
PKI_API void pki_pkcs12_set_ca_certificates (PkiPkcs12 *p12, PkiX509 **certs, guint n_certs);
PKI_API const char *pki_pkcs12_get_friendlyname (PkiPkcs12 *p12);
PKI_API void pki_pkcs12_set_friendlyname (PkiPkcs12 *p12, const char *name);
PKI_API GBytes *pki_pkcs12_get_local_key_id (PkiPkcs12 *p12);

PKI_API const char *pki_pkcs12_get_mac_digest (PkiPkcs12 *p12);
PKI_API gint pki_pkcs12_get_mac_iterations (PkiPkcs12 *p12);
PKI_API const char *pki_pkcs12_get_key_encryption (PkiPkcs12 *p12);
PKI_API gint pki_pkcs12_get_key_iterations (PkiPkcs12 *p12);
PKI_API const char *pki_pkcs12_get_cert_encryption (PkiPkcs12 *p12);
PKI_API gint pki_pkcs12_get_cert_iterations (PkiPkcs12 *p12);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiPkcs12, pki_pkcs12_unref)

G_END_DECLS
