/* libpki: PkiNetscapeSpki, signed public keys and challenges (SPKAC), as
 * pyOpenSSL's NetscapeSPKI and HTML's old <keygen> made them.
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
 * PkiNetscapeSpki:
 *
 * A Netscape SignedPublicKeyAndChallenge: a public key and a challenge
 * string signed with the matching private key.  Opaque and reference
 * counted.
 */
typedef struct _PkiNetscapeSpki PkiNetscapeSpki;

PKI_API GType pki_netscape_spki_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_NETSCAPE_SPKI (pki_netscape_spki_get_type ())

PKI_API PkiNetscapeSpki *pki_netscape_spki_ref (PkiNetscapeSpki *spki);
PKI_API void pki_netscape_spki_unref (PkiNetscapeSpki *spki);

PKI_API PkiNetscapeSpki *pki_netscape_spki_new (void);
PKI_API PkiNetscapeSpki *pki_netscape_spki_new_from_base64 (const char *b64, GError **error);
PKI_API gchar *pki_netscape_spki_b64_encode (PkiNetscapeSpki *spki, GError **error);
PKI_API PkiPKey *pki_netscape_spki_get_pubkey (PkiNetscapeSpki *spki, GError **error);
PKI_API gboolean pki_netscape_spki_set_pubkey (PkiNetscapeSpki *spki, PkiPKey *key,
                                               GError **error);
PKI_API gchar *pki_netscape_spki_get_challenge (PkiNetscapeSpki *spki);
PKI_API gboolean pki_netscape_spki_set_challenge (PkiNetscapeSpki *spki, const char *challenge,
                                                  GError **error);
PKI_API gboolean pki_netscape_spki_sign (PkiNetscapeSpki *spki, PkiPKey *key,
                                         const char *digest, GError **error);
PKI_API gboolean pki_netscape_spki_verify (PkiNetscapeSpki *spki, PkiPKey *key,
                                           GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiNetscapeSpki, pki_netscape_spki_unref)

G_END_DECLS
