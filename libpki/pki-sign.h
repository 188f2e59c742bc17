/* libpki: signatures over data (pyOpenSSL's crypto.sign and crypto.verify).
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(PKI_INSIDE) && !defined(PKI_COMPILATION)
#error "Only <libpki/pki.h> can be included directly."
#endif

#include <libpki/pki-types.h>
#include <libpki/pki-pkey.h>

G_BEGIN_DECLS

/**
 * PKI_PSS_SALT_DIGEST:
 *
 * A PSS salt as long as the digest, the usual choice (RFC 8017, TLS 1.3).
 */
#define PKI_PSS_SALT_DIGEST (-1)

/**
 * PKI_PSS_SALT_AUTO:
 *
 * For verification only: accept whatever salt length the signature carries.
 */
#define PKI_PSS_SALT_AUTO (-2)

/**
 * PKI_PSS_SALT_MAX:
 *
 * For signing only: the longest salt the key and digest allow.
 */
#define PKI_PSS_SALT_MAX (-3)

PKI_API GBytes *pki_sign (PkiPKey *key, const guint8 *data, gsize len, const char *digest,
                          GError **error);
PKI_API gboolean pki_verify (PkiPKey *key, const guint8 *signature, gsize signature_len,
                             const guint8 *data, gsize len, const char *digest, GError **error);

PKI_API GBytes *pki_sign_pss (PkiPKey *key, const guint8 *data, gsize len, const char *digest,
                              const char *mgf1_digest, gint salt_length, GError **error);
PKI_API gboolean pki_verify_pss (PkiPKey *key, const guint8 *signature, gsize signature_len,
                                 const guint8 *data, gsize len, const char *digest,
                                 const char *mgf1_digest, gint salt_length, GError **error);

PKI_API GBytes *pki_signature_from_p1363 (PkiPKey *key, const guint8 *signature,
                                          gsize signature_len, GError **error);
PKI_API GBytes *pki_signature_to_p1363 (PkiPKey *key, const guint8 *signature,
                                        gsize signature_len, GError **error);

G_END_DECLS
