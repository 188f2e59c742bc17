/* libpki: PkiPKey, public and private keys (pyOpenSSL's PKey).
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/encoder.h>
#include <openssl/objects.h>
#include <string.h>

/* The type constants are OpenSSL's NIDs, as pyOpenSSL's TYPE_* are. */
G_STATIC_ASSERT (PKI_PKEY_TYPE_RSA == EVP_PKEY_RSA);
G_STATIC_ASSERT (PKI_PKEY_TYPE_DSA == EVP_PKEY_DSA);
G_STATIC_ASSERT (PKI_PKEY_TYPE_DH == EVP_PKEY_DH);
G_STATIC_ASSERT (PKI_PKEY_TYPE_EC == EVP_PKEY_EC);
G_STATIC_ASSERT (PKI_PKEY_TYPE_RSA_PSS == EVP_PKEY_RSA_PSS);
G_STATIC_ASSERT (PKI_PKEY_TYPE_X25519 == EVP_PKEY_X25519);
G_STATIC_ASSERT (PKI_PKEY_TYPE_X448 == EVP_PKEY_X448);
G_STATIC_ASSERT (PKI_PKEY_TYPE_ED25519 == EVP_PKEY_ED25519);
G_STATIC_ASSERT (PKI_PKEY_TYPE_ED448 == EVP_PKEY_ED448);

/* OpenSSL 3.0's decoders hand a passphrase callback a 1024-byte buffer, so a
 * longer passphrase could be written but never read back: refuse it both ways. */
#define PASSPHRASE_MAX 1024

struct _PkiPKey {
  EVP_PKEY *pkey;
};

static void
pki_pkey_clear (PkiPKey *key)
{
  EVP_PKEY_free (key->pkey);
}

/**
 * pki_pkey_ref:
 * @key: a #PkiPKey
 *
 * Takes a reference on @key.
 *
 * Returns: (transfer full): @key
 */
/**
 * pki_pkey_unref:
 * @key: (nullable) (transfer full): a #PkiPKey
 *
 * Releases a reference on @key, freeing it when the last one goes.  %NULL
 * is ignored.
 */
/**
 * pki_pkey_get_type:
 *
 * The boxed #GType of #PkiPKey (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiPKey, pki_pkey, pki_pkey_clear)

/**
 * pki_pkey_type_get_type:
 *
 * The #GType of the #PkiPKeyType enumeration.
 *
 * Returns: the #GType.
 */
G_DEFINE_ENUM_TYPE (PkiPKeyType, pki_pkey_type,
  G_DEFINE_ENUM_VALUE (PKI_PKEY_TYPE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (PKI_PKEY_TYPE_RSA, "rsa"),
  G_DEFINE_ENUM_VALUE (PKI_PKEY_TYPE_DSA, "dsa"),
  G_DEFINE_ENUM_VALUE (PKI_PKEY_TYPE_DH, "dh"),
  G_DEFINE_ENUM_VALUE (PKI_PKEY_TYPE_EC, "ec"),
  G_DEFINE_ENUM_VALUE (PKI_PKEY_TYPE_RSA_PSS, "rsa-pss"),
  G_DEFINE_ENUM_VALUE (PKI_PKEY_TYPE_X25519, "x25519"),
  G_DEFINE_ENUM_VALUE (PKI_PKEY_TYPE_X448, "x448"),
  G_DEFINE_ENUM_VALUE (PKI_PKEY_TYPE_ED25519, "ed25519"),
  G_DEFINE_ENUM_VALUE (PKI_PKEY_TYPE_ED448, "ed448"))

/**
 * pki_key_format_get_type:
 *
 * The #GType of the #PkiKeyFormat enumeration.
 *
 * Returns: the #GType.
 */
G_DEFINE_ENUM_TYPE (PkiKeyFormat, pki_key_format,
  G_DEFINE_ENUM_VALUE (PKI_KEY_FORMAT_PKCS8, "pkcs8"),
  G_DEFINE_ENUM_VALUE (PKI_KEY_FORMAT_TRADITIONAL, "traditional"))

PkiPKey *
pki_pkey_new_take (EVP_PKEY *pkey)
{
  PkiPKey *key = g_atomic_rc_box_new0 (PkiPKey);
  key->pkey = pkey;
  return key;
}

PkiPKey *
pki_pkey_new_public (EVP_PKEY *pkey)
{
  g_autoptr (PkiPKey) borrowed = NULL;

  EVP_PKEY_up_ref (pkey);
  borrowed = pki_pkey_new_take (pkey);
  return pki_pkey_get_public (borrowed);
}

EVP_PKEY *
pki_pkey_get_evp (PkiPKey *key)
{
  return key->pkey;
}

/* ---------------------------------------------------------------------- */
/* Generation */

/* The NID of an EC curve named the NIST way ("P-256") or OpenSSL's way
 * ("prime256v1", "secp384r1"), or NID_undef when OpenSSL has no such curve. */
static int
curve_nid (const char *name)
{
  g_autofree EC_builtin_curve *curves = NULL;
  size_t n;
  int nid = EC_curve_nist2nid (name);

  if (nid == NID_undef)
    nid = OBJ_sn2nid (name);
  if (nid == NID_undef)
    nid = OBJ_ln2nid (name);
  if (nid == NID_undef)
    return NID_undef;

  n = EC_get_builtin_curves (NULL, 0);
  curves = g_new (EC_builtin_curve, n);
  EC_get_builtin_curves (curves, n);
  for (size_t i = 0; i < n; i++)
    if (curves[i].nid == nid)
      return nid;
  return NID_undef;
}

/* Runs key generation on @ctx (already given its parameters). */
static PkiPKey *
keygen (EVP_PKEY_CTX *ctx, const char *what, GError **error)
{
  EVP_PKEY *pkey = NULL;

  if (EVP_PKEY_generate (ctx, &pkey) <= 0) {
    pki_set_error (error, PKI_ERROR_FAILED, "generating %s key failed", what);
    return NULL;
  }
  ERR_clear_error ();
  return pki_pkey_new_take (pkey);
}

static PkiPKey *
generate_rsa (guint bits, GError **error)
{
  g_autoptr (EVP_PKEY_CTX) ctx = NULL;

  if (bits < 512 || bits > OPENSSL_RSA_MAX_MODULUS_BITS) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "RSA key size %u is out of range (512 to %d bits)", bits,
                           OPENSSL_RSA_MAX_MODULUS_BITS);
    return NULL;
  }
  ctx = EVP_PKEY_CTX_new_from_name (pki_libctx (), "RSA", NULL);
  if (ctx == NULL || EVP_PKEY_keygen_init (ctx) <= 0
      || EVP_PKEY_CTX_set_rsa_keygen_bits (ctx, (int) bits) <= 0) {
    pki_set_error (error, PKI_ERROR_FAILED, "setting up RSA key generation failed");
    return NULL;
  }
  return keygen (ctx, "RSA", error);
}

/* OpenSSL 3's DSA key generation validates the domain parameters against
 * FIPS 186-4, which allows only these sizes (with q of 160, 224/256 and 256
 * bits).  pyOpenSSL's 512-bit keys came from the deprecated DSA API. */
static PkiPKey *
generate_dsa (guint bits, GError **error)
{
  g_autoptr (EVP_PKEY_CTX) pctx = NULL;
  g_autoptr (EVP_PKEY_CTX) kctx = NULL;
  g_autoptr (EVP_PKEY) params = NULL;

  if (bits != 1024 && bits != 2048 && bits != 3072) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "DSA key size %u is not one FIPS 186-4 allows (1024, 2048 or 3072)",
                           bits);
    return NULL;
  }
  pctx = EVP_PKEY_CTX_new_from_name (pki_libctx (), "DSA", NULL);
  if (pctx == NULL || EVP_PKEY_paramgen_init (pctx) <= 0
      || EVP_PKEY_CTX_set_dsa_paramgen_bits (pctx, (int) bits) <= 0
      || EVP_PKEY_paramgen (pctx, &params) <= 0) {
    pki_set_error (error, PKI_ERROR_FAILED, "generating %u-bit DSA parameters failed", bits);
    return NULL;
  }
  kctx = EVP_PKEY_CTX_new_from_pkey (pki_libctx (), params, NULL);
  if (kctx == NULL || EVP_PKEY_keygen_init (kctx) <= 0) {
    pki_set_error (error, PKI_ERROR_FAILED, "setting up DSA key generation failed");
    return NULL;
  }
  return keygen (kctx, "DSA", error);
}

/**
 * pki_pkey_generate_ec:
 * @curve: the curve: a NIST name ("P-256", "P-384", "P-521") or any curve
 *   OpenSSL names ("prime256v1", "secp256k1", "brainpoolP256r1", ...)
 * @error: return location for a #GError
 *
 * Generates an EC key pair on a named curve.  The key is encoded with the
 * curve's name (never explicit parameters).
 *
 * Returns: (transfer full): the new key, or %NULL with @error set
 *   (%PKI_ERROR_UNSUPPORTED for a curve OpenSSL does not know).
 */
PkiPKey *
pki_pkey_generate_ec (const char *curve, GError **error)
{
  g_autoptr (EVP_PKEY_CTX) ctx = NULL;
  int nid;

  g_return_val_if_fail (curve != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  nid = curve_nid (curve);
  if (nid == NID_undef) {
    pki_set_error_literal (error, PKI_ERROR_UNSUPPORTED, "unknown elliptic curve '%s'", curve);
    return NULL;
  }
  ctx = EVP_PKEY_CTX_new_from_name (pki_libctx (), "EC", NULL);
  if (ctx == NULL || EVP_PKEY_keygen_init (ctx) <= 0
      || EVP_PKEY_CTX_set_group_name (ctx, OBJ_nid2sn (nid)) <= 0) {
    pki_set_error (error, PKI_ERROR_UNSUPPORTED, "cannot generate keys on curve '%s'", curve);
    return NULL;
  }
  return keygen (ctx, "EC", error);
}

/**
 * pki_pkey_generate:
 * @type: the key type
 * @bits: the size: the modulus for RSA (512 to 16384 bits, public exponent
 *   65537); 1024, 2048 or 3072 for DSA (the sizes FIPS 186-4 allows and
 *   OpenSSL 3 generates); 256, 384 or 521 for EC (P-256, P-384, P-521); 0 for
 *   Ed25519, Ed448, X25519 and X448, whose size is fixed
 * @error: return location for a #GError
 *
 * Generates a key pair, as pyOpenSSL's `PKey.generate_key (type, bits)`.
 * For other EC curves use pki_pkey_generate_ec().
 *
 * Returns: (transfer full): the new key, or %NULL with @error set:
 *   %PKI_ERROR_BAD_INPUT for a size the type does not allow,
 *   %PKI_ERROR_UNSUPPORTED for a type that cannot be generated.
 */
PkiPKey *
pki_pkey_generate (PkiPKeyType type, guint bits, GError **error)
{
  const char *name = NULL;
  guint natural = 0;
  EVP_PKEY *pkey;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (type) {
  case PKI_PKEY_TYPE_RSA:
    return generate_rsa (bits, error);
  case PKI_PKEY_TYPE_DSA:
    return generate_dsa (bits, error);
  case PKI_PKEY_TYPE_EC:
    if (bits == 256 || bits == 384 || bits == 521)
      return pki_pkey_generate_ec (bits == 256 ? "P-256" : bits == 384 ? "P-384" : "P-521",
                                   error);
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "EC key size %u has no NIST curve (256, 384 or 521); "
                           "name the curve with pki_pkey_generate_ec()", bits);
    return NULL;
  case PKI_PKEY_TYPE_ED25519:
    name = "ED25519", natural = 256;
    break;
  case PKI_PKEY_TYPE_ED448:
    name = "ED448", natural = 456;
    break;
  case PKI_PKEY_TYPE_X25519:
    name = "X25519", natural = 253;
    break;
  case PKI_PKEY_TYPE_X448:
    name = "X448", natural = 448;
    break;
  case PKI_PKEY_TYPE_NONE:
  case PKI_PKEY_TYPE_DH:
  case PKI_PKEY_TYPE_RSA_PSS:
  default:
    pki_set_error_literal (error, PKI_ERROR_UNSUPPORTED, "cannot generate keys of type %d",
                           (int) type);
    return NULL;
  }

  if (bits != 0 && bits != natural) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "%s keys have a fixed size (%u bits); pass 0, not %u", name, natural,
                           bits);
    return NULL;
  }
  pkey = EVP_PKEY_Q_keygen (pki_libctx (), NULL, name);
  if (pkey == NULL) {
    pki_set_error (error, PKI_ERROR_FAILED, "generating %s key failed", name);
    return NULL;
  }
  ERR_clear_error ();
  return pki_pkey_new_take (pkey);
}

/* ---------------------------------------------------------------------- */
/* Properties */

/**
 * pki_pkey_get_key_type:
 * @key: a #PkiPKey
 *
 * The key's algorithm, pyOpenSSL's `PKey.type()`.
 *
 * Returns: the #PkiPKeyType (an OpenSSL NID; a type libpki has no constant
 *   for comes back as its NID all the same).
 */
PkiPKeyType
pki_pkey_get_key_type (PkiPKey *key)
{
  g_return_val_if_fail (key != NULL, PKI_PKEY_TYPE_NONE);
  return (PkiPKeyType) EVP_PKEY_get_base_id (key->pkey);
}

/**
 * pki_pkey_get_type_name:
 * @key: a #PkiPKey
 *
 * The algorithm's name: "RSA", "RSA-PSS", "DSA", "DH", "EC", "ED25519",
 * "ED448", "X25519" or "X448" (OpenSSL's name for any other).
 *
 * Returns: (transfer none): the name, valid for the life of the program.
 */
const char *
pki_pkey_get_type_name (PkiPKey *key)
{
  int id;

  g_return_val_if_fail (key != NULL, NULL);
  id = EVP_PKEY_get_base_id (key->pkey);
  switch (id) {
  case EVP_PKEY_RSA: return "RSA";
  case EVP_PKEY_RSA_PSS: return "RSA-PSS";
  case EVP_PKEY_DSA: return "DSA";
  case EVP_PKEY_DH: return "DH";
  case EVP_PKEY_EC: return "EC";
  case EVP_PKEY_ED25519: return "ED25519";
  case EVP_PKEY_ED448: return "ED448";
  case EVP_PKEY_X25519: return "X25519";
  case EVP_PKEY_X448: return "X448";
  default: {
    const char *sn = id != NID_undef ? OBJ_nid2sn (id) : EVP_PKEY_get0_type_name (key->pkey);
    return sn != NULL ? sn : "unknown";
  }
  }
}

/**
 * pki_pkey_get_bits:
 * @key: a #PkiPKey
 *
 * The key's size in bits as OpenSSL counts it, pyOpenSSL's `PKey.bits()`:
 * the modulus for RSA and DSA, the curve's order for EC, 256 for Ed25519,
 * 456 for Ed448, 253 for X25519.
 *
 * Returns: the size in bits.
 */
guint
pki_pkey_get_bits (PkiPKey *key)
{
  g_return_val_if_fail (key != NULL, 0);
  return (guint) MAX (EVP_PKEY_get_bits (key->pkey), 0);
}

/**
 * pki_pkey_get_curve_name:
 * @key: a #PkiPKey
 *
 * The curve of an EC key: its NIST name where it has one ("P-256"),
 * otherwise OpenSSL's short name ("secp256k1", "brainpoolP256r1").
 *
 * Returns: (transfer none) (nullable): the curve name, valid for the life of
 *   the program, or %NULL when @key is not an EC key on a named curve.
 */
const char *
pki_pkey_get_curve_name (PkiPKey *key)
{
  char group[80];
  const char *nist;
  int nid;

  g_return_val_if_fail (key != NULL, NULL);
  if (EVP_PKEY_get_base_id (key->pkey) != EVP_PKEY_EC
      || !EVP_PKEY_get_utf8_string_param (key->pkey, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                          sizeof group, NULL)) {
    ERR_clear_error ();
    return NULL;
  }
  nid = OBJ_sn2nid (group);
  if (nid == NID_undef)
    nid = OBJ_txt2nid (group);
  ERR_clear_error ();
  if (nid == NID_undef)
    return NULL;
  nist = EC_curve_nid2nist (nid);
  return nist != NULL ? nist : OBJ_nid2sn (nid);
}

/**
 * pki_pkey_has_private:
 * @key: a #PkiPKey
 *
 * Whether the private half of the key is present: %TRUE for generated keys
 * and loaded private keys, %FALSE for public keys.
 *
 * Returns: %TRUE when @key can sign and decrypt.
 */
gboolean
pki_pkey_has_private (PkiPKey *key)
{
  BIGNUM *bn = NULL;
  size_t len = 0;
  gboolean found;

  g_return_val_if_fail (key != NULL, FALSE);
  /* RSA keeps its private exponent as "d"; DSA, DH and EC as a number
   * "priv"; the Edwards and Montgomery curves as an octet string "priv". */
  found = EVP_PKEY_get_bn_param (key->pkey, OSSL_PKEY_PARAM_RSA_D, &bn)
          || EVP_PKEY_get_bn_param (key->pkey, OSSL_PKEY_PARAM_PRIV_KEY, &bn)
          || EVP_PKEY_get_octet_string_param (key->pkey, OSSL_PKEY_PARAM_PRIV_KEY, NULL, 0, &len);
  BN_clear_free (bn);
  ERR_clear_error ();
  return found;
}

/**
 * pki_pkey_check:
 * @key: a #PkiPKey with its private half
 * @error: return location for a #GError
 *
 * Checks the key pair's consistency, pyOpenSSL's `PKey.check()`, for every
 * key type: RSA (primes, exponents, CRT values), DSA and DH (domain
 * parameters and keys), EC (point on the curve, private and public key
 * agree), Ed25519/Ed448 and X25519/X448 (the public key derives from the
 * private one).
 *
 * Returns: %TRUE when the key is consistent; %FALSE with
 *   %PKI_ERROR_INVALID_KEY (naming OpenSSL's findings) when it is not,
 *   %PKI_ERROR_KEY_TYPE for a key without its private half.
 */
gboolean
pki_pkey_check (PkiPKey *key, GError **error)
{
  g_autoptr (EVP_PKEY_CTX) ctx = NULL;
  int r;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pki_pkey_has_private (key))
    return pki_set_error_literal (error, PKI_ERROR_KEY_TYPE,
                                  "checking a key needs its private half; this is a public key");
  ctx = EVP_PKEY_CTX_new_from_pkey (pki_libctx (), key->pkey, NULL);
  if (ctx == NULL)
    return pki_set_error (error, PKI_ERROR_FAILED, "checking %s key failed",
                          pki_pkey_get_type_name (key));
  r = EVP_PKEY_check (ctx);
  if (r == -2)
    return pki_set_error (error, PKI_ERROR_UNSUPPORTED, "%s keys cannot be checked",
                          pki_pkey_get_type_name (key));
  if (r != 1)
    return pki_set_error (error, PKI_ERROR_INVALID_KEY, "%s key is not consistent",
                          pki_pkey_get_type_name (key));
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_pkey_public_equal:
 * @a: a #PkiPKey
 * @b: another #PkiPKey
 *
 * Whether the two keys have the same public half (and domain parameters).
 * A private key and its own public key are equal.
 *
 * Returns: %TRUE when the public halves are equal.
 */
gboolean
pki_pkey_public_equal (PkiPKey *a, PkiPKey *b)
{
  gboolean eq;

  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);
  eq = EVP_PKEY_eq (a->pkey, b->pkey) == 1;
  ERR_clear_error ();
  return eq;
}

/* The DER SubjectPublicKeyInfo of @pkey. */
static GBytes *
spki_der (EVP_PKEY *pkey, GError **error)
{
  unsigned char *der = NULL;
  int len = i2d_PUBKEY (pkey, &der);
  GBytes *bytes;

  if (len <= 0) {
    pki_set_error (error, PKI_ERROR_FAILED, "encoding the public key failed");
    return NULL;
  }
  bytes = g_bytes_new (der, (gsize) len);
  OPENSSL_free (der);
  return bytes;
}

/**
 * pki_pkey_get_fingerprint:
 * @key: a #PkiPKey
 * @digest: (nullable): a digest name ("sha256", "sha1", ...); %NULL means SHA-256
 * @error: return location for a #GError
 *
 * The digest of the key's DER SubjectPublicKeyInfo, the same for a private
 * key and its public key, and what
 * `openssl pkey -pubout -outform DER | openssl dgst -sha256` prints.
 *
 * Returns: (transfer full): the raw digest, or %NULL with @error set
 *   (%PKI_ERROR_UNSUPPORTED for an unknown digest).
 */
GBytes *
pki_pkey_get_fingerprint (PkiPKey *key, const char *digest, GError **error)
{
  g_autoptr (EVP_MD) md = NULL;
  g_autoptr (GBytes) der = NULL;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  md = pki_fetch_digest (digest, error);
  if (md == NULL)
    return NULL;
  der = spki_der (key->pkey, error);
  if (der == NULL)
    return NULL;
  if (EVP_MD_get_size (md) <= 0 || EVP_MD_get_size (md) > EVP_MAX_MD_SIZE) {
    pki_set_error_literal (error, PKI_ERROR_UNSUPPORTED, "digest '%s' has no fixed size",
                           digest);
    return NULL;
  }
  if (!EVP_Digest (g_bytes_get_data (der, NULL), g_bytes_get_size (der), out, &out_len, md,
                   NULL)) {
    pki_set_error (error, PKI_ERROR_FAILED, "computing the key fingerprint failed");
    return NULL;
  }
  ERR_clear_error ();
  return g_bytes_new (out, out_len);
}

/**
 * pki_pkey_get_public:
 * @key: a #PkiPKey
 *
 * The public half of @key as a key of its own, for handing out without the
 * private half.
 *
 * Returns: (transfer full): a new public-only key (a new reference to @key
 *   when it has no private half).
 */
PkiPKey *
pki_pkey_get_public (PkiPKey *key)
{
  g_autoptr (GBytes) der = NULL;
  const unsigned char *p;
  EVP_PKEY *pub;

  g_return_val_if_fail (key != NULL, NULL);
  if (!pki_pkey_has_private (key))
    return pki_pkey_ref (key);
  der = spki_der (key->pkey, NULL);
  p = der != NULL ? g_bytes_get_data (der, NULL) : NULL;
  pub = p != NULL ? d2i_PUBKEY_ex (NULL, &p, (long) g_bytes_get_size (der), pki_libctx (), NULL)
                  : NULL;
  ERR_clear_error ();
  /* Re-reading what OpenSSL just wrote only fails when memory runs out. */
  g_return_val_if_fail (pub != NULL, NULL);
  return pki_pkey_new_take (pub);
}

/* ---------------------------------------------------------------------- */
/* Passphrases */

typedef struct {
  const char *what;              /* "loading" or "dumping", for messages */
  gboolean writing;
  const char *passphrase;        /* a fixed passphrase, or */
  PkiPassphraseFunc func;        /* a callback asked at most once */
  gpointer user_data;
  gboolean asked;                /* OpenSSL wanted a passphrase */
  GBytes *answer;                /* what the passphrase source gave, cached */
  GError *error;                 /* the callback's own error, or ours */
} Passphrase;

static void
passphrase_clear (Passphrase *pp)
{
  g_clear_pointer (&pp->answer, g_bytes_unref);
  g_clear_error (&pp->error);
}

/* Asks the passphrase source once.  FALSE when there is none; pp->error then
 * says why (unless there simply was no passphrase). */
static gboolean
passphrase_get (Passphrase *pp)
{
  if (!pp->asked) {
    pp->asked = TRUE;
    if (pp->passphrase != NULL)
      pp->answer = g_bytes_new_static (pp->passphrase, strlen (pp->passphrase));
    else if (pp->func != NULL)
      pp->answer = pp->func (pp->writing, pp->user_data, &pp->error);
    if (pp->answer != NULL && g_bytes_get_size (pp->answer) > PASSPHRASE_MAX)
      g_set_error (&pp->error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                   "%s private key: passphrase is longer than %d bytes", pp->what,
                   PASSPHRASE_MAX);
  }
  return pp->answer != NULL && pp->error == NULL;
}

/* OpenSSL's side of the passphrase: copies ours into its buffer. */
static int
passphrase_cb (char *pass, size_t pass_size, size_t *pass_len, const OSSL_PARAM params[],
               void *arg)
{
  Passphrase *pp = arg;
  gsize len;
  const void *data;

  if (!passphrase_get (pp))
    return 0;
  data = g_bytes_get_data (pp->answer, &len);
  if (len > pass_size) {
    g_set_error (&pp->error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                 "%s private key: passphrase is longer than %zu bytes", pp->what, pass_size);
    return 0;
  }
  if (len > 0)
    memcpy (pass, data, len);
  *pass_len = len;
  return 1;
}

/* Sets @error for a failure during which a passphrase was involved. */
static void
passphrase_fail (Passphrase *pp, GError **error)
{
  if (pp->error != NULL) {
    ERR_clear_error ();
    g_propagate_error (error, g_steal_pointer (&pp->error));
  } else if (pp->answer == NULL) {
    pki_set_error_literal (error, PKI_ERROR_PASSPHRASE,
                           pp->writing ? "%s private key: no passphrase was given to encrypt it"
                                       : "%s private key: the key is encrypted and no passphrase "
                                         "was given", pp->what);
  } else if (pki_error_queue_has (ERR_LIB_EVP, ERR_R_UNSUPPORTED)) {
    /* The right passphrase, but a cipher (DES, Blowfish, RC2) only OpenSSL's
     * legacy provider has. */
    pki_set_error (error, PKI_ERROR_UNSUPPORTED,
                   "%s private key: the key is encrypted with an algorithm OpenSSL 3 offers "
                   "only in its legacy provider", pp->what);
  } else {
    pki_set_error (error, PKI_ERROR_PASSPHRASE, "%s private key: wrong passphrase", pp->what);
  }
}

/* ---------------------------------------------------------------------- */
/* Loading */

static const char *
filetype_input (PkiFiletype type)
{
  return type == PKI_FILETYPE_PEM ? "PEM" : "DER";
}

/* Decodes a key with OpenSSL's decoders.  @selection says what must be in it,
 * @structure (nullable) which ASN.1 structure to accept. */
static PkiPKey *
decode_key (PkiFiletype type, const guint8 *data, gsize len, int selection,
            const char *structure, Passphrase *pp, GError **error)
{
  const char *what = selection == EVP_PKEY_PUBLIC_KEY ? "public key" : "private key";
  OSSL_DECODER_CTX *dctx;
  EVP_PKEY *pkey = NULL;
  const unsigned char *p = data;
  size_t left = len;
  gsize start = 0;
  int ok;

  if (!pki_check_filetype (type, FALSE, what, error))
    return NULL;
  if (len == 0) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "loading %s: the input is empty", what);
    return NULL;
  }
  /* A PEM file may hold other blocks first (a certificate, "EC PARAMETERS"):
   * decode the key's block. */
  if (type == PKI_FILETYPE_PEM
      && pki_pem_find_block (data, len, selection == EVP_PKEY_PUBLIC_KEY ? "PUBLIC KEY"
                                                                         : "PRIVATE KEY",
                             &start, &left)) {
    p = data + start;
  }
  dctx = OSSL_DECODER_CTX_new_for_pkey (&pkey, filetype_input (type), structure, NULL,
                                        selection, pki_libctx (), NULL);
  if (dctx == NULL) {
    pki_set_error (error, PKI_ERROR_FAILED, "loading %s: no decoder", what);
    return NULL;
  }
  if (pp != NULL)
    OSSL_DECODER_CTX_set_passphrase_cb (dctx, passphrase_cb, pp);
  ok = OSSL_DECODER_from_data (dctx, &p, &left);
  OSSL_DECODER_CTX_free (dctx);

  if (!ok || pkey == NULL) {
    EVP_PKEY_free (pkey);
    if (pp != NULL && pp->asked)
      passphrase_fail (pp, error);
    else
      pki_set_error (error, PKI_ERROR_BAD_INPUT, "loading %s: not a %s in %s form", what, what,
                     filetype_input (type));
    return NULL;
  }
  ERR_clear_error ();
  return pki_pkey_new_take (pkey);
}

static PkiPKey *
load_private (PkiFiletype type, const guint8 *data, gsize len, Passphrase *pp, GError **error)
{
  PkiPKey *key = decode_key (type, data, len, EVP_PKEY_KEYPAIR, NULL, pp, error);

  if (key != NULL && !pki_pkey_has_private (key)) {
    pki_pkey_unref (key);
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "loading private key: the input holds only a public key");
    return NULL;
  }
  return key;
}

/**
 * pki_pkey_load_private:
 * @type: %PKI_FILETYPE_PEM or %PKI_FILETYPE_ASN1
 * @data: (array length=len): the encoded key
 * @len: the length of @data
 * @passphrase: (nullable): the passphrase of an encrypted key, or %NULL
 * @error: return location for a #GError
 *
 * Loads a private key, pyOpenSSL's `load_privatekey`: PKCS#8 (plain or
 * encrypted), the traditional forms (PKCS#1 RSA, SEC1 EC, DSA) and legacy
 * encrypted PEM (`Proc-Type: 4,ENCRYPTED`, as DES-EDE3-CBC keys have).
 * Never prompts on a terminal.  For a passphrase with NUL bytes, use
 * pki_pkey_load_private_with_callback().
 *
 * Returns: (transfer full): the key, or %NULL with @error set:
 *   %PKI_ERROR_PASSPHRASE when the key is encrypted and @passphrase is
 *   missing or wrong, %PKI_ERROR_BAD_INPUT for anything that is not a
 *   private key in the form @type names (or a passphrase over 1024 bytes).
 */
PkiPKey *
pki_pkey_load_private (PkiFiletype type, const guint8 *data, gsize len, const char *passphrase,
                       GError **error)
{
  Passphrase pp = { .what = "loading", .passphrase = passphrase };
  PkiPKey *key;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key = load_private (type, data, len, &pp, error);
  passphrase_clear (&pp);
  return key;
}

/**
 * pki_pkey_load_private_with_callback:
 * @type: %PKI_FILETYPE_PEM or %PKI_FILETYPE_ASN1
 * @data: (array length=len): the encoded key
 * @len: the length of @data
 * @func: (scope call) (nullable): asked for the passphrase (with @writing
 *   %FALSE) only if the key is encrypted, and at most once
 * @user_data: (closure func): data for @func
 * @error: return location for a #GError
 *
 * Loads a private key as pki_pkey_load_private() does, taking the
 * passphrase from a callback.  An error the callback sets is passed on
 * unchanged.
 *
 * Returns: (transfer full): the key, or %NULL with @error set.
 */
PkiPKey *
pki_pkey_load_private_with_callback (PkiFiletype type, const guint8 *data, gsize len,
                                     PkiPassphraseFunc func, gpointer user_data,
                                     GError **error)
{
  Passphrase pp = { .what = "loading", .func = func, .user_data = user_data };
  PkiPKey *key;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key = load_private (type, data, len, &pp, error);
  passphrase_clear (&pp);
  return key;
}

/**
 * pki_pkey_load_public:
 * @type: %PKI_FILETYPE_PEM or %PKI_FILETYPE_ASN1
 * @data: (array length=len): the encoded SubjectPublicKeyInfo
 * @len: the length of @data
 * @error: return location for a #GError
 *
 * Loads a public key in the X.509 SubjectPublicKeyInfo form
 * (`-----BEGIN PUBLIC KEY-----` in PEM), pyOpenSSL's `load_publickey`.
 *
 * Returns: (transfer full): the public-only key, or %NULL with @error set
 *   (%PKI_ERROR_BAD_INPUT for anything else, a private key included).
 */
PkiPKey *
pki_pkey_load_public (PkiFiletype type, const guint8 *data, gsize len, GError **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return decode_key (type, data, len, EVP_PKEY_PUBLIC_KEY, "SubjectPublicKeyInfo", NULL, error);
}

/* ---------------------------------------------------------------------- */
/* Dumping */

/* Encodes @pkey with OpenSSL's encoders.  A @cipher (with @pass) encrypts. */
static GBytes *
encode_key (EVP_PKEY *pkey, PkiFiletype type, int selection, const char *structure,
            const char *cipher, GBytes *pass, GError **error)
{
  g_autoptr (BIO) bio = BIO_new (BIO_s_mem ());
  OSSL_ENCODER_CTX *ectx;
  gboolean ok;

  ectx = OSSL_ENCODER_CTX_new_for_pkey (pkey, selection, filetype_input (type), structure,
                                        NULL);
  if (ectx == NULL || OSSL_ENCODER_CTX_get_num_encoders (ectx) == 0) {
    OSSL_ENCODER_CTX_free (ectx);
    pki_set_error_literal (error, PKI_ERROR_UNSUPPORTED, "%s keys have no %s form",
                           EVP_PKEY_get0_type_name (pkey), structure);
    return NULL;
  }
  ok = bio != NULL;
  if (ok && cipher != NULL)
    ok = OSSL_ENCODER_CTX_set_cipher (ectx, cipher, NULL)
         && OSSL_ENCODER_CTX_set_passphrase (ectx, g_bytes_get_data (pass, NULL),
                                             g_bytes_get_size (pass));
  ok = ok && OSSL_ENCODER_to_bio (ectx, bio);
  OSSL_ENCODER_CTX_free (ectx);
  if (!ok) {
    pki_set_error (error, cipher != NULL ? PKI_ERROR_UNSUPPORTED : PKI_ERROR_FAILED,
                   "encoding %s key failed", EVP_PKEY_get0_type_name (pkey));
    return NULL;
  }
  ERR_clear_error ();
  return pki_bio_to_bytes (bio);
}

/* Prints a key as OpenSSL's text dump. */
static GBytes *
print_key (EVP_PKEY *pkey, gboolean private_half, GError **error)
{
  g_autoptr (BIO) bio = BIO_new (BIO_s_mem ());
  int ok = bio != NULL
           && (private_half ? EVP_PKEY_print_private (bio, pkey, 0, NULL)
                            : EVP_PKEY_print_public (bio, pkey, 0, NULL)) > 0;
  if (!ok) {
    pki_set_error (error, PKI_ERROR_FAILED, "printing %s key failed",
                   EVP_PKEY_get0_type_name (pkey));
    return NULL;
  }
  ERR_clear_error ();
  return pki_bio_to_bytes (bio);
}

/* RSA has PKCS#1, EC has SEC1 and DSA OpenSSL's own structure; the newer
 * key types exist only in PKCS#8. */
static gboolean
has_traditional_form (PkiPKey *key)
{
  PkiPKeyType t = pki_pkey_get_key_type (key);
  return t == PKI_PKEY_TYPE_RSA || t == PKI_PKEY_TYPE_EC || t == PKI_PKEY_TYPE_DSA;
}

static GBytes *
dump_private (PkiPKey *key, PkiFiletype type, PkiKeyFormat format, const char *cipher,
              Passphrase *pp, GError **error)
{
  gboolean encrypt = pp->passphrase != NULL || pp->func != NULL;
  g_autoptr (EVP_CIPHER) c = NULL;

  if (!pki_check_filetype (type, TRUE, "dumping private key", error))
    return NULL;
  if (!pki_pkey_has_private (key)) {
    pki_set_error_literal (error, PKI_ERROR_KEY_TYPE,
                           "dumping private key: this is a public key; use "
                           "pki_pkey_dump_public()");
    return NULL;
  }
  if (format != PKI_KEY_FORMAT_PKCS8 && format != PKI_KEY_FORMAT_TRADITIONAL) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "dumping private key: unknown key format %d", (int) format);
    return NULL;
  }
  if (cipher != NULL && !encrypt) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "dumping private key: a cipher was named but no passphrase given");
    return NULL;
  }
  if (type == PKI_FILETYPE_TEXT) {
    if (encrypt) {
      pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                             "dumping private key: text output cannot be encrypted");
      return NULL;
    }
    return print_key (key->pkey, TRUE, error);
  }
  if (format == PKI_KEY_FORMAT_TRADITIONAL && !has_traditional_form (key)) {
    pki_set_error_literal (error, PKI_ERROR_UNSUPPORTED,
                           "dumping private key: %s keys have no traditional form; use PKCS#8",
                           pki_pkey_get_type_name (key));
    return NULL;
  }
  if (!encrypt)
    return encode_key (key->pkey, type, OSSL_KEYMGMT_SELECT_ALL, format == PKI_KEY_FORMAT_PKCS8
                       ? "PrivateKeyInfo" : "type-specific", NULL, NULL, error);

  if (format == PKI_KEY_FORMAT_TRADITIONAL) {
    pki_set_error_literal (error, PKI_ERROR_UNSUPPORTED,
                           "dumping private key: traditional encryption derives the key with "
                           "MD5 and one iteration; encrypt as PKCS#8 instead");
    return NULL;
  }
  if (cipher == NULL)
    cipher = "AES-256-CBC";
  c = EVP_CIPHER_fetch (pki_libctx (), cipher, NULL);
  if (c == NULL || EVP_CIPHER_get_mode (c) == EVP_CIPH_STREAM_CIPHER
      || EVP_CIPHER_get_mode (c) == EVP_CIPH_ECB_MODE
      || (EVP_CIPHER_get_flags (c) & EVP_CIPH_FLAG_AEAD_CIPHER)) {
    pki_set_error_literal (error, PKI_ERROR_UNSUPPORTED,
                           "dumping private key: unknown or unusable cipher '%s'", cipher);
    return NULL;
  }
  if (!passphrase_get (pp)) {
    passphrase_fail (pp, error);
    return NULL;
  }
  return encode_key (key->pkey, type, OSSL_KEYMGMT_SELECT_ALL, "EncryptedPrivateKeyInfo",
                     EVP_CIPHER_get0_name (c), pp->answer, error);
}

/**
 * pki_pkey_dump_private:
 * @key: a #PkiPKey with its private half
 * @type: %PKI_FILETYPE_PEM, %PKI_FILETYPE_ASN1 or %PKI_FILETYPE_TEXT
 * @error: return location for a #GError
 *
 * Dumps the private key unencrypted, pyOpenSSL's `dump_privatekey (type,
 * key)`: PKCS#8 in PEM (`-----BEGIN PRIVATE KEY-----`) or DER, or OpenSSL's
 * text dump for any key type.
 *
 * Returns: (transfer full): the encoded key, or %NULL with @error set
 *   (%PKI_ERROR_KEY_TYPE for a public-only key).
 */
GBytes *
pki_pkey_dump_private (PkiPKey *key, PkiFiletype type, GError **error)
{
  return pki_pkey_dump_private_full (key, type, PKI_KEY_FORMAT_PKCS8, NULL, NULL, error);
}

/**
 * pki_pkey_dump_private_full:
 * @key: a #PkiPKey with its private half
 * @type: %PKI_FILETYPE_PEM, %PKI_FILETYPE_ASN1 or %PKI_FILETYPE_TEXT
 * @format: PKCS#8 or the traditional form (unencrypted only)
 * @cipher: (nullable): the cipher that encrypts the key, by OpenSSL's name
 *   ("AES-256-CBC", "AES-128-CBC", "CAMELLIA-256-CBC", ...); %NULL means
 *   AES-256-CBC when a passphrase is given
 * @passphrase: (nullable): the passphrase to encrypt with, or %NULL for an
 *   unencrypted key
 * @error: return location for a #GError
 *
 * Dumps the private key with every choice open.  With a passphrase the
 * result is a PKCS#8 EncryptedPrivateKeyInfo (PBES2, PBKDF2 with
 * HMAC-SHA-256), `-----BEGIN ENCRYPTED PRIVATE KEY-----` in PEM.
 *
 * Returns: (transfer full): the encoded key, or %NULL with @error set:
 *   %PKI_ERROR_BAD_INPUT for a cipher without a passphrase, a passphrase
 *   with text output or over 1024 bytes; %PKI_ERROR_UNSUPPORTED for an
 *   unknown cipher, an encrypted traditional key or a key type without a
 *   traditional form (Ed25519, Ed448, X25519, X448); %PKI_ERROR_KEY_TYPE
 *   for a public-only key.
 */
GBytes *
pki_pkey_dump_private_full (PkiPKey *key, PkiFiletype type, PkiKeyFormat format,
                            const char *cipher, const char *passphrase, GError **error)
{
  Passphrase pp = { .what = "dumping", .writing = TRUE, .passphrase = passphrase };
  GBytes *out;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = dump_private (key, type, format, cipher, &pp, error);
  passphrase_clear (&pp);
  return out;
}

/**
 * pki_pkey_dump_private_with_callback:
 * @key: a #PkiPKey with its private half
 * @type: %PKI_FILETYPE_PEM or %PKI_FILETYPE_ASN1
 * @cipher: (nullable): the cipher, as for pki_pkey_dump_private_full();
 *   %NULL means AES-256-CBC
 * @func: (scope call): asked once for the passphrase, with @writing %TRUE
 * @user_data: (closure func): data for @func
 * @error: return location for a #GError
 *
 * Dumps the private key as encrypted PKCS#8, taking the passphrase (which
 * may contain NUL bytes) from a callback.  An error the callback sets is
 * passed on unchanged.
 *
 * Returns: (transfer full): the encoded key, or %NULL with @error set.
 */
GBytes *
pki_pkey_dump_private_with_callback (PkiPKey *key, PkiFiletype type, const char *cipher,
                                     PkiPassphraseFunc func, gpointer user_data,
                                     GError **error)
{
  Passphrase pp = { .what = "dumping", .writing = TRUE, .func = func, .user_data = user_data };
  GBytes *out;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = dump_private (key, type, PKI_KEY_FORMAT_PKCS8, cipher, &pp, error);
  passphrase_clear (&pp);
  return out;
}

/**
 * pki_pkey_dump_public:
 * @key: a #PkiPKey
 * @type: %PKI_FILETYPE_PEM, %PKI_FILETYPE_ASN1 or %PKI_FILETYPE_TEXT
 * @error: return location for a #GError
 *
 * Dumps the public half of the key as an X.509 SubjectPublicKeyInfo
 * (`-----BEGIN PUBLIC KEY-----` in PEM), or OpenSSL's text dump of it,
 * pyOpenSSL's `dump_publickey`.
 *
 * Returns: (transfer full): the encoded key, or %NULL with @error set.
 */
GBytes *
pki_pkey_dump_public (PkiPKey *key, PkiFiletype type, GError **error)
{
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pki_check_filetype (type, TRUE, "dumping public key", error))
    return NULL;
  if (type == PKI_FILETYPE_TEXT)
    return print_key (key->pkey, FALSE, error);
  return encode_key (key->pkey, type, EVP_PKEY_PUBLIC_KEY, "SubjectPublicKeyInfo", NULL, NULL,
                     error);
}
