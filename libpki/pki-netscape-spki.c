/* libpki: PkiNetscapeSpki, signed public keys and challenges (SPKAC).
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <string.h>

struct _PkiNetscapeSpki {
  NETSCAPE_SPKI *spki;
};

static void
pki_netscape_spki_clear (PkiNetscapeSpki *spki)
{
  NETSCAPE_SPKI_free (spki->spki);
}

/**
 * pki_netscape_spki_ref:
 * @spki: a #PkiNetscapeSpki
 *
 * Takes a reference on @spki.
 *
 * Returns: (transfer full): @spki
 */
/**
 * pki_netscape_spki_unref:
 * @spki: (nullable) (transfer full): a #PkiNetscapeSpki
 *
 * Releases a reference on @spki.  %NULL is ignored.
 */
/**
 * pki_netscape_spki_get_type:
 *
 * The boxed #GType of #PkiNetscapeSpki (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiNetscapeSpki, pki_netscape_spki, pki_netscape_spki_clear)

static PkiNetscapeSpki *
spki_new_take (NETSCAPE_SPKI *s)
{
  PkiNetscapeSpki *spki = g_atomic_rc_box_new0 (PkiNetscapeSpki);
  spki->spki = s;
  return spki;
}

/**
 * pki_netscape_spki_new:
 *
 * Makes an empty SPKI, pyOpenSSL's `NetscapeSPKI()`: set a key and sign it.
 *
 * Returns: (transfer full): the new SPKI.
 */
PkiNetscapeSpki *
pki_netscape_spki_new (void)
{
  NETSCAPE_SPKI *s = NETSCAPE_SPKI_new ();
  g_assert (s != NULL);
  return spki_new_take (s);
}

/**
 * pki_netscape_spki_new_from_base64:
 * @b64: the base64 SPKAC, as a browser's `<keygen>` or `openssl spkac`
 *   wrote it (without the "SPKAC=" prefix; whitespace is ignored)
 * @error: return location for a #GError
 *
 * Reads a base64 SPKAC (pyOpenSSL could only write them).
 *
 * Returns: (transfer full): the SPKI, or %NULL with %PKI_ERROR_BAD_INPUT.
 */
PkiNetscapeSpki *
pki_netscape_spki_new_from_base64 (const char *b64, GError **error)
{
  g_autoptr (GString) clean = NULL;
  NETSCAPE_SPKI *s;

  g_return_val_if_fail (b64 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  clean = g_string_new (NULL);
  for (const char *p = b64; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (clean, *p);
  s = clean->len > 0 && clean->len <= G_MAXINT
          ? NETSCAPE_SPKI_b64_decode (clean->str, (int) clean->len) : NULL;
  if (s == NULL) {
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "loading SPKAC: not a base64 SPKAC");
    return NULL;
  }
  ERR_clear_error ();
  return spki_new_take (s);
}

/**
 * pki_netscape_spki_b64_encode:
 * @spki: a #PkiNetscapeSpki
 * @error: return location for a #GError
 *
 * The SPKI as base64 (one line), pyOpenSSL's `b64_encode()`.
 *
 * Returns: (transfer full): the base64 text, or %NULL with @error set.
 */
gchar *
pki_netscape_spki_b64_encode (PkiNetscapeSpki *spki, GError **error)
{
  char *s;
  gchar *out;

  g_return_val_if_fail (spki != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  s = NETSCAPE_SPKI_b64_encode (spki->spki);
  if (s == NULL) {
    pki_set_error (error, PKI_ERROR_FAILED, "encoding SPKAC failed");
    return NULL;
  }
  out = g_strdup (s);
  OPENSSL_free (s);
  ERR_clear_error ();
  return out;
}

/**
 * pki_netscape_spki_get_pubkey:
 * @spki: a #PkiNetscapeSpki
 * @error: return location for a #GError
 *
 * The public key inside.
 *
 * Returns: (transfer full): a public-only key, or %NULL with
 *   %PKI_ERROR_BAD_INPUT when there is none.
 */
PkiPKey *
pki_netscape_spki_get_pubkey (PkiNetscapeSpki *spki, GError **error)
{
  EVP_PKEY *pkey;
  PkiPKey *pki;

  g_return_val_if_fail (spki != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pkey = NETSCAPE_SPKI_get_pubkey (spki->spki);
  if (pkey == NULL) {
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "the SPKAC has no public key OpenSSL can read");
    return NULL;
  }
  ERR_clear_error ();
  pki = pki_pkey_new_public (pkey);
  EVP_PKEY_free (pkey);
  return pki;
}

/**
 * pki_netscape_spki_set_pubkey:
 * @spki: a #PkiNetscapeSpki
 * @key: the key (only its public half is stored)
 * @error: return location for a #GError
 *
 * Sets the public key.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_netscape_spki_set_pubkey (PkiNetscapeSpki *spki, PkiPKey *key, GError **error)
{
  g_return_val_if_fail (spki != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!NETSCAPE_SPKI_set_pubkey (spki->spki, pki_pkey_get_evp (key)))
    return pki_set_error (error, PKI_ERROR_FAILED, "setting the SPKAC's key failed");
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_netscape_spki_get_challenge:
 * @spki: a #PkiNetscapeSpki
 *
 * The challenge string the key holder signed along with the key.
 *
 * Returns: (transfer full): the challenge ("" when empty).
 */
gchar *
pki_netscape_spki_get_challenge (PkiNetscapeSpki *spki)
{
  const ASN1_IA5STRING *c;

  g_return_val_if_fail (spki != NULL, NULL);
  c = spki->spki->spkac->challenge;
  if (c == NULL || ASN1_STRING_length (c) <= 0)
    return g_strdup ("");
  return g_strndup ((const char *) ASN1_STRING_get0_data (c), (gsize) ASN1_STRING_length (c));
}

/**
 * pki_netscape_spki_set_challenge:
 * @spki: a #PkiNetscapeSpki
 * @challenge: the challenge, ASCII (an IA5String)
 * @error: return location for a #GError
 *
 * Sets the challenge string; sign afterwards.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for text that
 *   is not ASCII.
 */
gboolean
pki_netscape_spki_set_challenge (PkiNetscapeSpki *spki, const char *challenge, GError **error)
{
  gsize len;

  g_return_val_if_fail (spki != NULL, FALSE);
  g_return_val_if_fail (challenge != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  len = strlen (challenge);
  for (gsize i = 0; i < len; i++)
    if ((guchar) challenge[i] > 0x7f)
      return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                    "SPKAC challenge: only ASCII is allowed (an IA5String)");
  if (len > G_MAXINT || !ASN1_STRING_set (spki->spki->spkac->challenge, challenge, (int) len))
    return pki_set_error (error, PKI_ERROR_FAILED, "setting the SPKAC challenge failed");
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_netscape_spki_sign:
 * @spki: a #PkiNetscapeSpki
 * @key: the private key matching the public key inside
 * @digest: (nullable): the digest; %NULL means SHA-256, and must be %NULL
 *   for Ed25519 and Ed448
 * @error: return location for a #GError
 *
 * Signs the key and challenge, pyOpenSSL's `sign()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set as pki_x509_sign() does.
 */
gboolean
pki_netscape_spki_sign (PkiNetscapeSpki *spki, PkiPKey *key, const char *digest, GError **error)
{
  g_autoptr (EVP_MD_CTX) mctx = NULL;
  NETSCAPE_SPKI *s;

  g_return_val_if_fail (spki != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  mctx = pki_digest_sign_new (key, digest, "signing SPKAC", error);
  if (mctx == NULL)
    return FALSE;
  s = spki->spki;
  return pki_check_ossl (ASN1_item_sign_ctx (ASN1_ITEM_rptr (NETSCAPE_SPKAC), &s->sig_algor, NULL,
                                             s->signature, s->spkac, mctx) > 0,
                         error, PKI_ERROR_FAILED, "signing SPKAC failed");
}

/**
 * pki_netscape_spki_verify:
 * @spki: a #PkiNetscapeSpki
 * @key: (nullable): the key to check with; %NULL uses the key inside
 * @error: return location for a #GError
 *
 * Checks the signature, pyOpenSSL's `verify()`.
 *
 * Returns: %TRUE when it verifies; %FALSE with %PKI_ERROR_SIGNATURE.
 */
gboolean
pki_netscape_spki_verify (PkiNetscapeSpki *spki, PkiPKey *key, GError **error)
{
  g_autoptr (PkiPKey) own = NULL;

  g_return_val_if_fail (spki != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (key == NULL) {
    own = pki_netscape_spki_get_pubkey (spki, error);
    if (own == NULL)
      return FALSE;
    key = own;
  }
  if (NETSCAPE_SPKI_verify (spki->spki, pki_pkey_get_evp (key)) != 1)
    return pki_set_error (error, PKI_ERROR_SIGNATURE,
                          "the SPKAC's signature does not verify with this %s key",
                          pki_pkey_get_type_name (key));
  ERR_clear_error ();
  return TRUE;
}
