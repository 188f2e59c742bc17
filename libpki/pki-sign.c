/* libpki: signatures over data (pyOpenSSL's crypto.sign and crypto.verify).
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <string.h>

/* Our salt-length constants are OpenSSL's. */
G_STATIC_ASSERT (PKI_PSS_SALT_DIGEST == RSA_PSS_SALTLEN_DIGEST);
G_STATIC_ASSERT (PKI_PSS_SALT_AUTO == RSA_PSS_SALTLEN_AUTO);
G_STATIC_ASSERT (PKI_PSS_SALT_MAX == RSA_PSS_SALTLEN_MAX);

/* How a signature is padded; PSS carries its parameters. */
typedef struct {
  gboolean pss;
  const char *mgf1_digest;
  gint salt_length;
} Padding;

static gboolean
is_eddsa (int id)
{
  return id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448;
}

/* Starts a signing or verifying operation with @key on @mctx: checks the
 * key and digest, then sets the padding. */
static gboolean
init_op (EVP_MD_CTX *mctx, PkiPKey *key, gboolean sign, const char *digest,
         const Padding *padding, GError **error)
{
  const char *op = sign ? "signing" : "verifying";
  EVP_PKEY *pkey = pki_pkey_get_evp (key);
  int id = EVP_PKEY_get_base_id (pkey);
  const char *type = pki_pkey_get_type_name (key);
  g_autoptr (EVP_MD) md = NULL;
  EVP_PKEY_CTX *pctx = NULL;
  int ok;

  if (id == EVP_PKEY_X25519 || id == EVP_PKEY_X448 || id == EVP_PKEY_DH)
    return pki_set_error_literal (error, PKI_ERROR_KEY_TYPE,
                                  "%s: %s keys agree on keys; they cannot sign", op, type);
  if (padding->pss && id != EVP_PKEY_RSA && id != EVP_PKEY_RSA_PSS)
    return pki_set_error_literal (error, PKI_ERROR_KEY_TYPE,
                                  "%s: PSS needs an RSA key, not %s", op, type);
  if (sign && !pki_pkey_has_private (key))
    return pki_set_error_literal (error, PKI_ERROR_KEY_TYPE,
                                  "%s: a public key cannot sign; the private key is needed", op);
  if (is_eddsa (id)) {
    if (digest != NULL)
      return pki_set_error_literal (error, PKI_ERROR_UNSUPPORTED,
                                    "%s: %s signs the message itself; pass no digest, not '%s'",
                                    op, type, digest);
  } else {
    md = pki_fetch_digest (digest, error);
    if (md == NULL)
      return FALSE;
  }

  if (sign)
    ok = EVP_DigestSignInit_ex (mctx, &pctx, md ? EVP_MD_get0_name (md) : NULL, pki_libctx (),
                                NULL, pkey, NULL);
  else
    ok = EVP_DigestVerifyInit_ex (mctx, &pctx, md ? EVP_MD_get0_name (md) : NULL, pki_libctx (),
                                  NULL, pkey, NULL);
  if (ok <= 0)
    return pki_set_error (error, PKI_ERROR_UNSUPPORTED, "%s: %s keys cannot be used with %s", op,
                          type, md ? EVP_MD_get0_name (md) : "no digest");

  if (padding->pss) {
    const char *mgf1 = padding->mgf1_digest;
    g_autoptr (EVP_MD) mgf1_md = NULL;

    if (sign && padding->salt_length == PKI_PSS_SALT_AUTO)
      return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                    "signing: PKI_PSS_SALT_AUTO is for verification only");
    if (!sign && padding->salt_length == PKI_PSS_SALT_MAX)
      return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                    "verifying: PKI_PSS_SALT_MAX is for signing only");
    if (padding->salt_length < PKI_PSS_SALT_MAX)
      return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "%s: invalid PSS salt length %d",
                                    op, padding->salt_length);
    if (sign && padding->salt_length >= 0) {
      /* RFC 8017 9.1.1: emLen >= hLen + sLen + 2, emLen = ceil ((modBits - 1) / 8). */
      gint em_len = ((gint) pki_pkey_get_bits (key) - 1 + 7) / 8;
      gint max_salt = em_len - EVP_MD_get_size (md) - 2;
      if (padding->salt_length > max_salt)
        return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                      "signing: a PSS salt of %d bytes does not fit a %u-bit key "
                                      "with %s (at most %d)", padding->salt_length,
                                      pki_pkey_get_bits (key), EVP_MD_get0_name (md),
                                      MAX (max_salt, 0));
    }
    if (mgf1 != NULL) {
      mgf1_md = pki_fetch_digest (mgf1, error);
      if (mgf1_md == NULL)
        return FALSE;
    }
    if (EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PSS_PADDING) <= 0
        || EVP_PKEY_CTX_set_rsa_pss_saltlen (pctx, padding->salt_length) <= 0
        || (mgf1_md != NULL
            && EVP_PKEY_CTX_set_rsa_mgf1_md_name (pctx, EVP_MD_get0_name (mgf1_md), NULL) <= 0))
      return pki_set_error (error, PKI_ERROR_UNSUPPORTED, "%s: these PSS parameters are refused",
                            op);
  } else if (id == EVP_PKEY_RSA) {
    if (EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PADDING) <= 0)
      return pki_set_error (error, PKI_ERROR_UNSUPPORTED,
                            "%s: PKCS#1 v1.5 padding is refused", op);
  }
  return TRUE;
}

gboolean
pki_digest_sign_init (EVP_MD_CTX *mctx, PkiPKey *key, const char *digest, GError **error)
{
  const Padding padding = { 0 };
  return init_op (mctx, key, TRUE, digest, &padding, error);
}

EVP_MD_CTX *
pki_digest_sign_new (PkiPKey *key, const char *digest, const char *what, GError **error)
{
  g_autoptr (EVP_MD_CTX) mctx = EVP_MD_CTX_new ();

  if (mctx == NULL) {
    pki_set_error (error, PKI_ERROR_FAILED, "%s failed", what);
    return NULL;
  }
  if (!pki_digest_sign_init (mctx, key, digest, error))
    return NULL;
  return g_steal_pointer (&mctx);
}

static GBytes *
sign (PkiPKey *key, const guint8 *data, gsize len, const char *digest, const Padding *padding,
      GError **error)
{
  static const guint8 empty[1];
  g_autoptr (EVP_MD_CTX) mctx = EVP_MD_CTX_new ();
  g_autofree guint8 *sig = NULL;
  size_t sig_len = 0;

  if (mctx == NULL) {
    pki_set_error (error, PKI_ERROR_FAILED, "signing failed");
    return NULL;
  }
  if (!init_op (mctx, key, TRUE, digest, padding, error))
    return NULL;
  if (data == NULL)
    data = empty;
  if (EVP_DigestSign (mctx, NULL, &sig_len, data, len) <= 0
      || (sig = g_malloc (sig_len)) == NULL
      || EVP_DigestSign (mctx, sig, &sig_len, data, len) <= 0) {
    pki_set_error (error, PKI_ERROR_FAILED, "signing with %s key failed",
                   pki_pkey_get_type_name (key));
    return NULL;
  }
  ERR_clear_error ();
  return g_bytes_new_take (g_steal_pointer (&sig), sig_len);
}

static gboolean
verify (PkiPKey *key, const guint8 *signature, gsize signature_len, const guint8 *data, gsize len,
        const char *digest, const Padding *padding, GError **error)
{
  static const guint8 empty[1];
  g_autoptr (EVP_MD_CTX) mctx = EVP_MD_CTX_new ();

  if (mctx == NULL)
    return pki_set_error (error, PKI_ERROR_FAILED, "verifying failed");
  if (!init_op (mctx, key, FALSE, digest, padding, error))
    return FALSE;
  if (EVP_DigestVerify (mctx, signature ? signature : empty, signature_len, data ? data : empty,
                        len) != 1)
    return pki_set_error_literal (error, PKI_ERROR_SIGNATURE,
                                  "verifying: the signature does not match the data and %s key",
                                  pki_pkey_get_type_name (key));
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_sign:
 * @key: a private key
 * @data: (array length=len) (nullable): the data to sign
 * @len: the length of @data
 * @digest: (nullable): the digest, by OpenSSL's name ("sha256", "sha384",
 *   "sha512", "sha3-256", "sha1", ...); %NULL means SHA-256, and must be
 *   %NULL for Ed25519 and Ed448, which sign the message itself
 * @error: return location for a #GError
 *
 * Signs @data, pyOpenSSL's `crypto.sign`: RSA PKCS#1 v1.5 (RSA-PSS keys:
 * PSS), DSA and ECDSA (DER-encoded signatures, as X.509 uses), Ed25519 and
 * Ed448.  For RSA-PSS with chosen parameters use pki_sign_pss().
 *
 * Returns: (transfer full): the signature, or %NULL with @error set:
 *   %PKI_ERROR_UNSUPPORTED for an unknown digest or one the key cannot
 *   use, %PKI_ERROR_KEY_TYPE for a public-only key or a key that cannot sign.
 */
GBytes *
pki_sign (PkiPKey *key, const guint8 *data, gsize len, const char *digest, GError **error)
{
  const Padding padding = { 0 };

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return sign (key, data, len, digest, &padding, error);
}

/**
 * pki_verify:
 * @key: the signer's key (public, or a private key whose public half is used)
 * @signature: (array length=signature_len): the signature
 * @signature_len: the length of @signature
 * @data: (array length=len) (nullable): the data that was signed
 * @len: the length of @data
 * @digest: (nullable): the digest the signer used; %NULL means SHA-256 (and
 *   is required for Ed25519 and Ed448)
 * @error: return location for a #GError
 *
 * Verifies a signature made as pki_sign() makes them, pyOpenSSL's
 * `crypto.verify` with a key.
 *
 * Returns: %TRUE when the signature is valid; %FALSE with @error set:
 *   %PKI_ERROR_SIGNATURE when it does not match (altered data, another key,
 *   a malformed signature), %PKI_ERROR_UNSUPPORTED for an unknown digest.
 */
gboolean
pki_verify (PkiPKey *key, const guint8 *signature, gsize signature_len, const guint8 *data,
            gsize len, const char *digest, GError **error)
{
  const Padding padding = { 0 };

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (signature != NULL || signature_len == 0, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return verify (key, signature, signature_len, data, len, digest, &padding, error);
}

/**
 * pki_sign_pss:
 * @key: an RSA or RSA-PSS private key
 * @data: (array length=len) (nullable): the data to sign
 * @len: the length of @data
 * @digest: (nullable): the message digest; %NULL means SHA-256
 * @mgf1_digest: (nullable): the MGF1 digest; %NULL means the same as @digest
 * @salt_length: the salt length in bytes, or %PKI_PSS_SALT_DIGEST or
 *   %PKI_PSS_SALT_MAX
 * @error: return location for a #GError
 *
 * Signs @data with RSASSA-PSS (RFC 8017).
 *
 * Returns: (transfer full): the signature, or %NULL with @error set
 *   (%PKI_ERROR_KEY_TYPE for a key that is not RSA, %PKI_ERROR_BAD_INPUT for
 *   a salt length that cannot be used for signing).
 */
GBytes *
pki_sign_pss (PkiPKey *key, const guint8 *data, gsize len, const char *digest,
              const char *mgf1_digest, gint salt_length, GError **error)
{
  const Padding padding = { TRUE, mgf1_digest, salt_length };

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return sign (key, data, len, digest, &padding, error);
}

/**
 * pki_verify_pss:
 * @key: an RSA or RSA-PSS key
 * @signature: (array length=signature_len): the signature
 * @signature_len: the length of @signature
 * @data: (array length=len) (nullable): the data that was signed
 * @len: the length of @data
 * @digest: (nullable): the message digest; %NULL means SHA-256
 * @mgf1_digest: (nullable): the MGF1 digest; %NULL means the same as @digest
 * @salt_length: the salt length in bytes, %PKI_PSS_SALT_DIGEST, or
 *   %PKI_PSS_SALT_AUTO to accept any
 * @error: return location for a #GError
 *
 * Verifies an RSASSA-PSS signature.
 *
 * Returns: %TRUE when the signature is valid; %FALSE with @error set
 *   (%PKI_ERROR_SIGNATURE when it does not match).
 */
gboolean
pki_verify_pss (PkiPKey *key, const guint8 *signature, gsize signature_len, const guint8 *data,
                gsize len, const char *digest, const char *mgf1_digest, gint salt_length,
                GError **error)
{
  const Padding padding = { TRUE, mgf1_digest, salt_length };

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (signature != NULL || signature_len == 0, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return verify (key, signature, signature_len, data, len, digest, &padding, error);
}

/* The size in bytes of each of r and s for an EC key, or 0 (with @error)
 * when @key is not an EC key. */
static gsize
ec_scalar_size (PkiPKey *key, const char *op, GError **error)
{
  if (pki_pkey_get_key_type (key) != PKI_PKEY_TYPE_EC) {
    pki_set_error_literal (error, PKI_ERROR_KEY_TYPE, "%s: P1363 signatures need an EC key, not %s",
                           op, pki_pkey_get_type_name (key));
    return 0;
  }
  return (pki_pkey_get_bits (key) + 7) / 8;
}

/**
 * pki_signature_from_p1363:
 * @key: the EC key the signature belongs to
 * @signature: (array length=signature_len): a raw IEEE P1363 signature, r
 *   and s as big-endian numbers of the curve's size, one after the other
 *   (as JOSE, WebAuthn and PKCS#11 carry them)
 * @signature_len: the length of @signature: twice the curve's size
 * @error: return location for a #GError
 *
 * Converts a raw ECDSA signature to the DER form pki_verify() takes.
 *
 * Returns: (transfer full): the DER signature, or %NULL with @error set
 *   (%PKI_ERROR_BAD_INPUT for a length other than twice the curve's size,
 *   %PKI_ERROR_KEY_TYPE for a key that is not EC).
 */
GBytes *
pki_signature_from_p1363 (PkiPKey *key, const guint8 *signature, gsize signature_len,
                          GError **error)
{
  ECDSA_SIG *sig;
  BIGNUM *r, *s;
  unsigned char *der = NULL;
  int der_len;
  gsize n;
  GBytes *out;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (signature != NULL || signature_len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = ec_scalar_size (key, "converting signature", error);
  if (n == 0)
    return NULL;
  if (signature_len != 2 * n) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "converting signature: a P1363 signature for %u-bit keys has %zu "
                           "bytes, not %zu", pki_pkey_get_bits (key), 2 * n, signature_len);
    return NULL;
  }
  sig = ECDSA_SIG_new ();
  r = BN_bin2bn (signature, (int) n, NULL);
  s = BN_bin2bn (signature + n, (int) n, NULL);
  if (sig == NULL || r == NULL || s == NULL || !ECDSA_SIG_set0 (sig, r, s)) {
    BN_free (r);
    BN_free (s);
    ECDSA_SIG_free (sig);
    pki_set_error (error, PKI_ERROR_FAILED, "converting signature failed");
    return NULL;
  }
  der_len = i2d_ECDSA_SIG (sig, &der);
  ECDSA_SIG_free (sig);
  if (der_len <= 0) {
    pki_set_error (error, PKI_ERROR_FAILED, "converting signature failed");
    return NULL;
  }
  out = g_bytes_new (der, (gsize) der_len);
  OPENSSL_free (der);
  ERR_clear_error ();
  return out;
}

/**
 * pki_signature_to_p1363:
 * @key: the EC key the signature belongs to
 * @signature: (array length=signature_len): a DER ECDSA signature, as
 *   pki_sign() makes
 * @signature_len: the length of @signature
 * @error: return location for a #GError
 *
 * Converts a DER ECDSA signature to the raw IEEE P1363 form (r || s, each
 * padded to the curve's size).
 *
 * Returns: (transfer full): the raw signature, or %NULL with @error set
 *   (%PKI_ERROR_BAD_INPUT for a signature that is not strict DER or whose
 *   numbers do not fit the curve).
 */
GBytes *
pki_signature_to_p1363 (PkiPKey *key, const guint8 *signature, gsize signature_len,
                        GError **error)
{
  const unsigned char *p = signature;
  const BIGNUM *r, *s;
  unsigned char *der = NULL;
  int der_len;
  gboolean strict;
  ECDSA_SIG *sig;
  guint8 *raw;
  gsize n;
  gboolean ok;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (signature != NULL || signature_len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = ec_scalar_size (key, "converting signature", error);
  if (n == 0)
    return NULL;
  sig = signature_len > 0 && signature_len <= G_MAXLONG
            ? d2i_ECDSA_SIG (NULL, &p, (long) signature_len) : NULL;
  if (sig == NULL || p != signature + signature_len) {
    ECDSA_SIG_free (sig);
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "converting signature: not a DER ECDSA signature");
    return NULL;
  }
  /* d2i accepts BER (long-form lengths); only DER, which re-encodes to the
   * same bytes, is a signature pki_verify() would accept. */
  der_len = i2d_ECDSA_SIG (sig, &der);
  strict = der_len > 0 && (gsize) der_len == signature_len && memcmp (der, signature, signature_len) == 0;
  OPENSSL_free (der);
  if (!strict) {
    ECDSA_SIG_free (sig);
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "converting signature: not a strict DER ECDSA signature");
    return NULL;
  }
  ECDSA_SIG_get0 (sig, &r, &s);
  raw = g_malloc (2 * n);
  ok = !BN_is_negative (r) && !BN_is_negative (s)
       && BN_bn2binpad (r, raw, (int) n) == (int) n && BN_bn2binpad (s, raw + n, (int) n) == (int) n;
  ECDSA_SIG_free (sig);
  if (!ok) {
    g_free (raw);
    pki_set_error (error, PKI_ERROR_BAD_INPUT,
                   "converting signature: r or s is larger than the curve allows");
    return NULL;
  }
  ERR_clear_error ();
  return g_bytes_new_take (raw, 2 * n);
}
