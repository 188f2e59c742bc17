/* libpki: PkiPKey, public and private keys (pyOpenSSL's PKey).
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(PKI_INSIDE) && !defined(PKI_COMPILATION)
#error "Only <libpki/pki.h> can be included directly."
#endif

#include <libpki/pki-types.h>

G_BEGIN_DECLS

/**
 * PkiPKey:
 *
 * A public key, or a key pair when the private half is present.  Opaque and
 * reference counted (atomically, so a key may be shared across threads); a
 * key never changes once made.
 */
typedef struct _PkiPKey PkiPKey;

/**
 * PkiPKeyType:
 * @PKI_PKEY_TYPE_NONE: no key type (never the type of a #PkiPKey).
 * @PKI_PKEY_TYPE_RSA: RSA (pyOpenSSL's `TYPE_RSA`).
 * @PKI_PKEY_TYPE_DSA: DSA (pyOpenSSL's `TYPE_DSA`).
 * @PKI_PKEY_TYPE_DH: Diffie-Hellman (`TYPE_DH`); loaded, never generated.
 * @PKI_PKEY_TYPE_EC: elliptic curve (ECDSA/ECDH) on a named curve (`TYPE_EC`).
 * @PKI_PKEY_TYPE_RSA_PSS: RSA restricted to PSS signatures; loaded, never generated.
 * @PKI_PKEY_TYPE_X25519: X25519 (key agreement only).
 * @PKI_PKEY_TYPE_X448: X448 (key agreement only).
 * @PKI_PKEY_TYPE_ED25519: Ed25519 signatures.
 * @PKI_PKEY_TYPE_ED448: Ed448 signatures.
 *
 * Key algorithms.  The values are OpenSSL's NIDs, as pyOpenSSL's `TYPE_*`
 * constants are, so `pki_pkey_get_key_type()` gives the number `PKey.type()` gave.
 */
typedef enum {
  PKI_PKEY_TYPE_NONE = 0,
  PKI_PKEY_TYPE_RSA = 6,
  PKI_PKEY_TYPE_DSA = 116,
  PKI_PKEY_TYPE_DH = 28,
  PKI_PKEY_TYPE_EC = 408,
  PKI_PKEY_TYPE_RSA_PSS = 912,
  PKI_PKEY_TYPE_X25519 = 1034,
  PKI_PKEY_TYPE_X448 = 1035,
  PKI_PKEY_TYPE_ED25519 = 1087,
  PKI_PKEY_TYPE_ED448 = 1088,
} PkiPKeyType;

/**
 * PkiKeyFormat:
 * @PKI_KEY_FORMAT_PKCS8: PKCS#8 `PrivateKeyInfo` (`BEGIN PRIVATE KEY`), or
 *   `EncryptedPrivateKeyInfo` (`BEGIN ENCRYPTED PRIVATE KEY`) with a
 *   passphrase.  Works for every key type.
 * @PKI_KEY_FORMAT_TRADITIONAL: the algorithm's own structure: PKCS#1 for RSA
 *   (`BEGIN RSA PRIVATE KEY`), SEC1 for EC (`BEGIN EC PRIVATE KEY`), the
 *   OpenSSL DSA structure.  Only unencrypted; Ed25519/Ed448/X25519/X448 have
 *   no such form.
 *
 * How a private key is structured when dumped.  Loading accepts both.
 */
typedef enum {
  PKI_KEY_FORMAT_PKCS8,
  PKI_KEY_FORMAT_TRADITIONAL,
} PkiKeyFormat;

PKI_API GType pki_pkey_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_PKEY (pki_pkey_get_type ())
PKI_API GType pki_pkey_type_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_PKEY_TYPE (pki_pkey_type_get_type ())
PKI_API GType pki_key_format_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_KEY_FORMAT (pki_key_format_get_type ())

PKI_API PkiPKey *pki_pkey_ref (PkiPKey *key);
PKI_API void pki_pkey_unref (PkiPKey *key);

/* Generation */
PKI_API PkiPKey *pki_pkey_generate (PkiPKeyType type, guint bits, GError **error);
PKI_API PkiPKey *pki_pkey_generate_ec (const char *curve, GError **error);

/* Properties */
PKI_API PkiPKeyType pki_pkey_get_key_type (PkiPKey *key);
PKI_API const char *pki_pkey_get_type_name (PkiPKey *key);
PKI_API guint pki_pkey_get_bits (PkiPKey *key);
PKI_API const char *pki_pkey_get_curve_name (PkiPKey *key);
PKI_API gboolean pki_pkey_has_private (PkiPKey *key);
PKI_API gboolean pki_pkey_check (PkiPKey *key, GError **error);
PKI_API gboolean pki_pkey_public_equal (PkiPKey *a, PkiPKey *b);
PKI_API GBytes *pki_pkey_get_fingerprint (PkiPKey *key, const char *digest, GError **error);

/* Private keys */
PKI_API PkiPKey *pki_pkey_load_private (PkiFiletype type, const guint8 *data, gsize len,
                                        const char *passphrase, GError **error);
PKI_API PkiPKey *pki_pkey_load_private_with_callback (PkiFiletype type, const guint8 *data,
                                                      gsize len, PkiPassphraseFunc func,
                                                      gpointer user_data, GError **error);
PKI_API GBytes *pki_pkey_dump_private (PkiPKey *key, PkiFiletype type, GError **error);
PKI_API GBytes *pki_pkey_dump_private_full (PkiPKey *key, PkiFiletype type, PkiKeyFormat format,
                                            const char *cipher, const char *passphrase,
                                            GError **error);
PKI_API GBytes *pki_pkey_dump_private_with_callback (PkiPKey *key, PkiFiletype type,
                                                     const char *cipher, PkiPassphraseFunc func,
                                                     gpointer user_data, GError **error);

/* Public keys */
PKI_API PkiPKey *pki_pkey_load_public (PkiFiletype type, const guint8 *data, gsize len,
                                       GError **error);
PKI_API GBytes *pki_pkey_dump_public (PkiPKey *key, PkiFiletype type, GError **error);
PKI_API PkiPKey *pki_pkey_get_public (PkiPKey *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiPKey, pki_pkey_unref)

G_END_DECLS
