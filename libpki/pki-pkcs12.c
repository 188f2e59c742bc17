/* libpki: PkiPkcs12, PKCS#12 bundles (pyOpenSSL's PKCS12).
 *
 * Legacy bundles.  OpenSSL 3 keeps RC2 (and DES, and other old PBE
 * ciphers) in its "legacy" provider, which applications do not load by
 * default, so bundles made by Windows, macOS and older OpenSSL fail to open.
 * libpki decrypts bundles in a library context of its own with the default
 * and legacy providers loaded; the application's global OpenSSL state is
 * never touched.  Keys and certificates are decoded in the default context
 * once decrypted, so they work everywhere.
 *
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <openssl/objects.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PKCS12, PKCS12_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free)

static void
safebags_free (STACK_OF (PKCS12_SAFEBAG) *bags)
{
  sk_PKCS12_SAFEBAG_pop_free (bags, PKCS12_SAFEBAG_free);
}

static void
authsafes_free (STACK_OF (PKCS7) *safes)
{
  sk_PKCS7_pop_free (safes, PKCS7_free);
}

static void
x509_stack_free (STACK_OF (X509) *certs)
{
  sk_X509_pop_free (certs, X509_free);
}

struct _PkiPkcs12 {
  PkiX509 *cert;
  PkiPKey *key;
  GPtrArray *cas;
  gchar *friendly_name;
  GBytes *local_key_id;
  /* how a loaded bundle was protected */
  gchar *mac_digest;
  gint mac_iterations;
  gchar *key_encryption;
  gint key_iterations;
  gchar *cert_encryption;
  gint cert_iterations;
};

static void
pki_pkcs12_clear (PkiPkcs12 *p12)
{
  g_clear_pointer (&p12->cert, pki_x509_unref);
  g_clear_pointer (&p12->key, pki_pkey_unref);
  g_ptr_array_unref (p12->cas);
  g_free (p12->friendly_name);
  g_clear_pointer (&p12->local_key_id, g_bytes_unref);
  g_free (p12->mac_digest);
  g_free (p12->key_encryption);
  g_free (p12->cert_encryption);
}

/**
 * pki_pkcs12_ref:
 * @p12: a #PkiPkcs12
 *
 * Takes a reference on @p12.
 *
 * Returns: (transfer full): @p12
 */
/**
 * pki_pkcs12_unref:
 * @p12: (nullable) (transfer full): a #PkiPkcs12
 *
 * Releases a reference on @p12.  %NULL is ignored.
 */
/**
 * pki_pkcs12_get_type:
 *
 * The boxed #GType of #PkiPkcs12 (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiPkcs12, pki_pkcs12, pki_pkcs12_clear)

/**
 * pki_pkcs12_profile_get_type:
 *
 * The #GType of the #PkiPkcs12Profile enumeration.
 *
 * Returns: the #GType.
 */
G_DEFINE_ENUM_TYPE (PkiPkcs12Profile, pki_pkcs12_profile,
  G_DEFINE_ENUM_VALUE (PKI_PKCS12_PROFILE_MODERN, "modern"),
  G_DEFINE_ENUM_VALUE (PKI_PKCS12_PROFILE_LEGACY, "legacy"))

/* libpki's own library context with the default and (when installed) the
 * legacy provider; made once, kept for the life of the process. */
static OSSL_LIB_CTX *
legacy_libctx (gboolean *has_legacy)
{
  static gsize once = 0;
  static OSSL_LIB_CTX *ctx;
  static gboolean legacy;

  if (g_once_init_enter (&once)) {
    ctx = OSSL_LIB_CTX_new ();
    if (ctx != NULL && OSSL_PROVIDER_load (ctx, "default") == NULL) {
      OSSL_LIB_CTX_free (ctx);
      ctx = NULL;
    }
    legacy = ctx != NULL && OSSL_PROVIDER_load (ctx, "legacy") != NULL;
    ERR_clear_error ();
    g_once_init_leave (&once, 1);
  }
  if (has_legacy != NULL)
    *has_legacy = legacy;
  return ctx;
}

/**
 * pki_pkcs12_new:
 *
 * Makes an empty bundle to fill in and export, pyOpenSSL's `PKCS12()`.
 *
 * Returns: (transfer full): the new bundle.
 */
PkiPkcs12 *
pki_pkcs12_new (void)
{
  PkiPkcs12 *p12 = g_atomic_rc_box_new0 (PkiPkcs12);
  p12->cas = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_unref);
  p12->mac_iterations = p12->key_iterations = p12->cert_iterations = -1;
  return p12;
}

/* ---------------------------------------------------------------------- */
/* Loading */

/* "AES-256-CBC (PBKDF2, hmacWithSHA256)" or "pbeWithSHA1And40BitRC2-CBC",
 * and the iteration count, of a PBE algorithm identifier. */
static gchar *
describe_pbe (const X509_ALGOR *alg, gint *iterations)
{
  const ASN1_OBJECT *obj;
  const void *param;
  int ptype, nid;

  X509_ALGOR_get0 (&obj, &ptype, &param, alg);
  nid = OBJ_obj2nid (obj);
  *iterations = -1;
  if (nid == NID_pbes2 && ptype == V_ASN1_SEQUENCE) {
    PBE2PARAM *pbe2 = ASN1_TYPE_unpack_sequence (ASN1_ITEM_rptr (PBE2PARAM), alg->parameter);
    gchar *out = NULL;
    if (pbe2 != NULL) {
      const ASN1_OBJECT *kdf = NULL, *cipher = NULL;
      int prf = NID_hmacWithSHA1;
      X509_ALGOR_get0 (&kdf, NULL, NULL, pbe2->keyfunc);
      X509_ALGOR_get0 (&cipher, NULL, NULL, pbe2->encryption);
      if (OBJ_obj2nid (kdf) == NID_id_pbkdf2) {
        PBKDF2PARAM *kp = ASN1_TYPE_unpack_sequence (ASN1_ITEM_rptr (PBKDF2PARAM),
                                                     pbe2->keyfunc->parameter);
        if (kp != NULL) {
          *iterations = (gint) ASN1_INTEGER_get (kp->iter);
          if (kp->prf != NULL)
            prf = OBJ_obj2nid (kp->prf->algorithm);
          PBKDF2PARAM_free (kp);
        }
      }
      out = g_strdup_printf ("%s (%s, %s)", OBJ_nid2ln (OBJ_obj2nid (cipher)),
                             OBJ_nid2sn (OBJ_obj2nid (kdf)), OBJ_nid2sn (prf));
      PBE2PARAM_free (pbe2);
    }
    ERR_clear_error ();
    return out != NULL ? out : g_strdup ("PBES2");
  }
  if (ptype == V_ASN1_SEQUENCE) {
    PBEPARAM *pbe = ASN1_TYPE_unpack_sequence (ASN1_ITEM_rptr (PBEPARAM), alg->parameter);
    if (pbe != NULL)
      *iterations = (gint) ASN1_INTEGER_get (pbe->iter);
    PBEPARAM_free (pbe);
  }
  ERR_clear_error ();
  return nid != NID_undef ? g_strdup (OBJ_nid2ln (nid)) : pki_obj_to_oid (obj);
}

/* The loading state: what was found in the bags. */
typedef struct {
  const char *pass;
  int pass_len;
  EVP_PKEY *key;
  ASN1_OCTET_STRING *key_id;       /* the key's localKeyID (borrowed from its bag) */
  gchar *key_name;
  STACK_OF (PKCS12_SAFEBAG) *cert_bags;
  GPtrArray *bag_lists;            /* keeps the bag stacks alive */
} Loader;

static gboolean
take_key (PkiPkcs12 *p12, Loader *l, PKCS12_SAFEBAG *bag, GError **error)
{
  g_autoptr (PKCS8_PRIV_KEY_INFO) decrypted = NULL;
  const PKCS8_PRIV_KEY_INFO *p8;
  const ASN1_TYPE *id;

  if (l->key != NULL)
    return TRUE;                     /* the first key is the bundle's key */
  if (PKCS12_SAFEBAG_get_nid (bag) == NID_pkcs8ShroudedKeyBag) {
    const X509_ALGOR *alg = NULL;
    X509_SIG_get0 (PKCS12_SAFEBAG_get0_pkcs8 (bag), &alg, NULL);
    g_free (p12->key_encryption);
    p12->key_encryption = describe_pbe (alg, &p12->key_iterations);
    decrypted = PKCS12_decrypt_skey_ex (bag, l->pass, l->pass_len, legacy_libctx (NULL), NULL);
    if (decrypted == NULL) {
      gboolean legacy;
      legacy_libctx (&legacy);
      if (pki_error_queue_has (ERR_LIB_EVP, ERR_R_UNSUPPORTED))
        return pki_set_error (error, PKI_ERROR_UNSUPPORTED,
                              legacy ? "loading PKCS#12: the key's encryption (%s) is not "
                                       "supported"
                                     : "loading PKCS#12: the key's encryption (%s) needs "
                                       "OpenSSL's legacy provider, which is not installed",
                              p12->key_encryption);
      return pki_set_error (error, PKI_ERROR_BAD_INPUT,
                            "loading PKCS#12: decrypting the private key failed");
    }
    p8 = decrypted;
  } else {
    p8 = PKCS12_SAFEBAG_get0_p8inf (bag);
  }
  l->key = EVP_PKCS82PKEY_ex (p8, pki_libctx (), NULL);
  if (l->key == NULL)
    return pki_set_error (error, PKI_ERROR_BAD_INPUT,
                          "loading PKCS#12: the private key cannot be decoded");
  id = PKCS12_SAFEBAG_get0_attr (bag, NID_localKeyID);
  l->key_id = id != NULL && id->type == V_ASN1_OCTET_STRING ? id->value.octet_string : NULL;
  l->key_name = PKCS12_get_friendlyname (bag);
  return TRUE;
}

/* Sorts the bags of one SafeContents into the loader. */
static gboolean
take_bags (PkiPkcs12 *p12, Loader *l, STACK_OF (PKCS12_SAFEBAG) *bags, GError **error)
{
  g_ptr_array_add (l->bag_lists, bags);
  for (int i = 0; i < sk_PKCS12_SAFEBAG_num (bags); i++) {
    PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value (bags, i);
    int nid = PKCS12_SAFEBAG_get_nid (bag);

    if (nid == NID_keyBag || nid == NID_pkcs8ShroudedKeyBag) {
      if (!take_key (p12, l, bag, error))
        return FALSE;
    } else if (nid == NID_certBag && PKCS12_SAFEBAG_get_bag_nid (bag) == NID_x509Certificate) {
      sk_PKCS12_SAFEBAG_push (l->cert_bags, bag);
    } else if (nid == NID_safeContentsBag) {
      /* nested SafeContents: their bags are owned by @bag */
      const STACK_OF (PKCS12_SAFEBAG) *inner = PKCS12_SAFEBAG_get0_safes (bag);
      for (int j = 0; j < sk_PKCS12_SAFEBAG_num (inner); j++) {
        PKCS12_SAFEBAG *b = sk_PKCS12_SAFEBAG_value (inner, j);
        int n = PKCS12_SAFEBAG_get_nid (b);
        if ((n == NID_keyBag || n == NID_pkcs8ShroudedKeyBag) && !take_key (p12, l, b, error))
          return FALSE;
        if (n == NID_certBag && PKCS12_SAFEBAG_get_bag_nid (b) == NID_x509Certificate)
          sk_PKCS12_SAFEBAG_push (l->cert_bags, b);
      }
    }
  }
  return TRUE;
}

/* Decrypts and sorts every SafeContents of the bundle. */
static gboolean
read_authsafes (PkiPkcs12 *p12, Loader *l, PKCS12 *bundle, GError **error)
{
  STACK_OF (PKCS7) *safes = PKCS12_unpack_authsafes (bundle);
  gboolean ok = safes != NULL;

  if (!ok)
    return pki_set_error (error, PKI_ERROR_BAD_INPUT, "loading PKCS#12: malformed contents");
  for (int i = 0; ok && i < sk_PKCS7_num (safes); i++) {
    PKCS7 *p7 = sk_PKCS7_value (safes, i);
    STACK_OF (PKCS12_SAFEBAG) *bags = NULL;
    int nid = OBJ_obj2nid (p7->type);

    if (nid == NID_pkcs7_data) {
      bags = PKCS12_unpack_p7data (p7);
    } else if (nid == NID_pkcs7_encrypted && p7->d.encrypted != NULL
               && p7->d.encrypted->enc_data != NULL) {
      PKCS7_ENC_CONTENT *enc = p7->d.encrypted->enc_data;
      gboolean legacy;
      g_free (p12->cert_encryption);
      p12->cert_encryption = describe_pbe (enc->algorithm, &p12->cert_iterations);
      bags = PKCS12_item_decrypt_d2i_ex (enc->algorithm, ASN1_ITEM_rptr (PKCS12_SAFEBAGS),
                                         l->pass, l->pass_len, enc->enc_data, 1,
                                         legacy_libctx (&legacy), NULL);
      if (bags == NULL && pki_error_queue_has (ERR_LIB_EVP, ERR_R_UNSUPPORTED)) {
        pki_set_error (error, PKI_ERROR_UNSUPPORTED,
                       legacy ? "loading PKCS#12: the certificates' encryption (%s) is not "
                                "supported"
                              : "loading PKCS#12: the certificates' encryption (%s) needs "
                                "OpenSSL's legacy provider, which is not installed",
                       p12->cert_encryption);
        ok = FALSE;
        break;
      }
    } else if (nid == NID_pkcs7_encrypted) {
      bags = NULL;                   /* encryptedData without its contents */
    } else {
      continue;                      /* enveloped (public-key) contents: not readable */
    }
    if (bags == NULL) {
      pki_set_error (error, PKI_ERROR_BAD_INPUT, "loading PKCS#12: malformed contents");
      ok = FALSE;
    } else {
      ok = take_bags (p12, l, bags, error);
    }
  }
  authsafes_free (safes);
  return ok;
}

/* Decides which certificate is the key's and which are CAs, as
 * PKCS12_parse does: the key's localKeyID, else its public key. */
static gboolean
sort_certs (PkiPkcs12 *p12, Loader *l, GError **error)
{
  for (int i = 0; i < sk_PKCS12_SAFEBAG_num (l->cert_bags); i++) {
    PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value (l->cert_bags, i);
    const ASN1_TYPE *id = PKCS12_SAFEBAG_get0_attr (bag, NID_localKeyID);
    X509 *x = PKCS12_SAFEBAG_get1_cert (bag);
    gboolean mine;

    if (x == NULL)
      return pki_set_error (error, PKI_ERROR_BAD_INPUT,
                            "loading PKCS#12: a certificate cannot be decoded");
    if (l->key_id != NULL)
      mine = id != NULL && id->type == V_ASN1_OCTET_STRING
             && ASN1_OCTET_STRING_cmp (id->value.octet_string, l->key_id) == 0;
    else
      mine = l->key != NULL && X509_check_private_key (x, l->key) == 1;
    ERR_clear_error ();
    if (mine && p12->cert == NULL) {
      char *name = PKCS12_get_friendlyname (bag);
      p12->cert = pki_x509_new_take (x);
      if (name != NULL) {
        g_free (p12->friendly_name);
        p12->friendly_name = g_strdup (name);
        OPENSSL_free (name);
      }
    } else {
      g_ptr_array_add (p12->cas, pki_x509_new_take (x));
    }
  }
  return TRUE;
}

static PkiPkcs12 *
load (const guint8 *data, gsize len, const char *passphrase, GError **error)
{
  g_autoptr (PkiPkcs12) p12 = pki_pkcs12_new ();
  g_autoptr (PKCS12) bundle = NULL;
  Loader l = { .pass = passphrase, .pass_len = passphrase != NULL ? (int) strlen (passphrase) : 0 };
  const unsigned char *p = data;
  const X509_ALGOR *mac_alg = NULL;
  const ASN1_INTEGER *mac_iter = NULL;
  gboolean ok;

  bundle = len > 0 && len <= G_MAXINT ? d2i_PKCS12 (NULL, &p, (long) len) : NULL;
  if (bundle == NULL || p != data + len) {
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "loading PKCS#12: not a DER PKCS#12 bundle");
    return NULL;
  }
  /* The MAC first, with exactly the passphrase given: PKCS#12 tells an
   * absent passphrase from an empty one. */
  if (!PKCS12_mac_present (bundle)) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "loading PKCS#12: the bundle has no MAC, so its integrity cannot "
                           "be checked");
    return NULL;
  }
  PKCS12_get0_mac (NULL, &mac_alg, NULL, &mac_iter, bundle);
  if (mac_alg != NULL) {
    const ASN1_OBJECT *obj;
    X509_ALGOR_get0 (&obj, NULL, NULL, mac_alg);
    p12->mac_digest = g_ascii_strdown (OBJ_nid2sn (OBJ_obj2nid (obj)), -1);
  }
  p12->mac_iterations = mac_iter != NULL ? (gint) ASN1_INTEGER_get (mac_iter) : 1;
  if (!PKCS12_verify_mac (bundle, passphrase, l.pass_len)) {
    if (pki_error_queue_has (ERR_LIB_PKCS12, PKCS12_R_MAC_GENERATION_ERROR))
      pki_set_error (error, PKI_ERROR_BAD_INPUT,
                     "loading PKCS#12: the MAC cannot be computed over malformed contents");
    else if (pki_error_queue_has (ERR_LIB_EVP, ERR_R_UNSUPPORTED))
      pki_set_error (error, PKI_ERROR_UNSUPPORTED,
                     "loading PKCS#12: the MAC's digest (%s) is not supported", p12->mac_digest);
    else
      pki_set_error (error, PKI_ERROR_PASSPHRASE,
                     passphrase == NULL ? "loading PKCS#12: a passphrase is needed"
                                        : "loading PKCS#12: wrong passphrase");
    return NULL;
  }

  l.cert_bags = sk_PKCS12_SAFEBAG_new_null ();
  l.bag_lists = g_ptr_array_new_with_free_func ((GDestroyNotify) safebags_free);
  ok = read_authsafes (p12, &l, bundle, error) && sort_certs (p12, &l, error);
  if (ok && l.key != NULL) {
    p12->key = pki_pkey_new_take (g_steal_pointer (&l.key));
    if (l.key_id != NULL)
      p12->local_key_id = g_bytes_new (ASN1_STRING_get0_data (l.key_id),
                                       (gsize) ASN1_STRING_length (l.key_id));
    if (p12->friendly_name == NULL && l.key_name != NULL)
      p12->friendly_name = g_strdup (l.key_name);
  }
  EVP_PKEY_free (l.key);
  OPENSSL_free (l.key_name);
  sk_PKCS12_SAFEBAG_free (l.cert_bags);
  g_ptr_array_unref (l.bag_lists);
  if (!ok)
    return NULL;
  ERR_clear_error ();
  return g_steal_pointer (&p12);
}

/**
 * pki_pkcs12_load:
 * @data: (array length=len): the DER bundle (.p12, .pfx)
 * @len: the length of @data
 * @passphrase: (nullable): the passphrase; %NULL (no passphrase) and ""
 *   (the empty passphrase) are different, as in PKCS#12 itself
 * @error: return location for a #GError
 *
 * Loads a bundle, pyOpenSSL's `load_pkcs12`.  The MAC is always checked
 * first.  Bundles protected the legacy way (RC2-40, 3DES, SHA-1 MAC, as
 * Windows, macOS and OpenSSL 1.x wrote them) load too: see #PkiPkcs12.
 * The key's certificate is the one with the key's localKeyID (or, without
 * one, the one matching the key); the other certificates are the CA
 * certificates.
 *
 * Returns: (transfer full): the bundle, or %NULL with @error set:
 *   %PKI_ERROR_PASSPHRASE for a wrong or missing passphrase,
 *   %PKI_ERROR_BAD_INPUT for anything malformed or a bundle without a MAC,
 *   %PKI_ERROR_UNSUPPORTED for an algorithm OpenSSL lacks (the message says
 *   when the legacy provider is not installed).
 */
PkiPkcs12 *
pki_pkcs12_load (const guint8 *data, gsize len, const char *passphrase, GError **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return load (data, len, passphrase, error);
}

/* ---------------------------------------------------------------------- */
/* Exporting */

/**
 * pki_pkcs12_export:
 * @p12: a #PkiPkcs12
 * @passphrase: the passphrase protecting the bundle ("" is allowed)
 * @iterations: PBKDF iterations for the key and certificates; 0 means 2048
 * @mac_iterations: MAC iterations; 0 means the same as @iterations
 *   (pyOpenSSL's default of 1 is allowed only when asked for)
 * @profile: the algorithms (see #PkiPkcs12Profile)
 * @error: return location for a #GError
 *
 * Writes the bundle, pyOpenSSL's `export()`.  A key that does not match the
 * certificate is refused.
 *
 * Returns: (transfer full): the DER bundle, or %NULL with @error set:
 *   %PKI_ERROR_BAD_INPUT for an empty bundle, a key that does not match the
 *   certificate or negative iteration counts; %PKI_ERROR_KEY_TYPE for a
 *   public key; %PKI_ERROR_UNSUPPORTED when the legacy profile's RC2 is
 *   not available.
 */
GBytes *
pki_pkcs12_export (PkiPkcs12 *p12, const char *passphrase, gint iterations, gint mac_iterations,
                   PkiPkcs12Profile profile, GError **error)
{
  g_autoptr (PKCS12) bundle = NULL;
  STACK_OF (X509) *cas = NULL;
  EVP_PKEY *key;
  X509 *cert;
  int nid_key, nid_cert, len;
  unsigned char *der = NULL;
  const EVP_MD *mac_md;
  gboolean legacy;
  GBytes *out;

  g_return_val_if_fail (p12 != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (iterations < 0 || mac_iterations < 0) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "exporting PKCS#12: iteration counts cannot be negative");
    return NULL;
  }
  if (iterations == 0)
    iterations = PKCS5_DEFAULT_ITER;
  if (mac_iterations == 0)
    mac_iterations = iterations;
  if (p12->key == NULL && p12->cert == NULL && p12->cas->len == 0) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "exporting PKCS#12: the bundle has no key and no certificate");
    return NULL;
  }
  if (p12->key != NULL && !pki_pkey_has_private (p12->key)) {
    pki_set_error_literal (error, PKI_ERROR_KEY_TYPE,
                           "exporting PKCS#12: the key is a public key; the private key is needed");
    return NULL;
  }
  key = p12->key != NULL ? pki_pkey_get_evp (p12->key) : NULL;
  cert = p12->cert != NULL ? pki_x509_get_ossl (p12->cert) : NULL;
  if (key != NULL && cert != NULL && X509_check_private_key (cert, key) != 1) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "exporting PKCS#12: the private key does not match the certificate");
    return NULL;
  }
  if (profile == PKI_PKCS12_PROFILE_LEGACY) {
    nid_key = NID_pbe_WithSHA1And3_Key_TripleDES_CBC;
    nid_cert = NID_pbe_WithSHA1And40BitRC2_CBC;
    mac_md = EVP_sha1 ();
  } else if (profile == PKI_PKCS12_PROFILE_MODERN) {
    nid_key = nid_cert = NID_aes_256_cbc;
    mac_md = EVP_sha256 ();
  } else {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "exporting PKCS#12: unknown profile %d",
                           (int) profile);
    return NULL;
  }
  legacy_libctx (&legacy);
  if (profile == PKI_PKCS12_PROFILE_LEGACY && !legacy) {
    pki_set_error_literal (error, PKI_ERROR_UNSUPPORTED,
                           "exporting PKCS#12: the legacy profile's RC2 needs OpenSSL's legacy "
                           "provider, which is not installed");
    return NULL;
  }
  if (p12->cas->len > 0) {
    cas = sk_X509_new_null ();
    for (guint i = 0; i < p12->cas->len; i++)
      sk_X509_push (cas, X509_dup (pki_x509_get_ossl (p12->cas->pdata[i])));
  }
  /* No MAC from PKCS12_create: it would pick SHA-1; set ours after. */
  bundle = PKCS12_create_ex (passphrase, p12->friendly_name, key, cert, cas, nid_key, nid_cert,
                             iterations, -1, 0, legacy_libctx (NULL), NULL);
  x509_stack_free (cas);
  if (bundle == NULL
      || !PKCS12_set_mac (bundle, passphrase, (int) strlen (passphrase), NULL, 0, mac_iterations,
                          mac_md)) {
    pki_set_error (error, PKI_ERROR_FAILED, "exporting PKCS#12 failed");
    return NULL;
  }
  len = i2d_PKCS12 (bundle, &der);
  if (len <= 0) {
    pki_set_error (error, PKI_ERROR_FAILED, "encoding PKCS#12 failed");
    return NULL;
  }
  out = g_bytes_new (der, (gsize) len);
  OPENSSL_free (der);
  ERR_clear_error ();
  return out;
}

/* ---------------------------------------------------------------------- */
/* Parts */

/**
 * pki_pkcs12_get_certificate:
 * @p12: a #PkiPkcs12
 *
 * The certificate of the bundle's key, pyOpenSSL's `get_certificate()`.
 *
 * Returns: (transfer full) (nullable): the certificate, or %NULL when the
 *   bundle has none.
 */
PkiX509 *
pki_pkcs12_get_certificate (PkiPkcs12 *p12)
{
  g_return_val_if_fail (p12 != NULL, NULL);
  return p12->cert != NULL ? pki_x509_ref (p12->cert) : NULL;
}

/**
 * pki_pkcs12_set_certificate:
 * @p12: a #PkiPkcs12
 * @cert: (nullable): the certificate, or %NULL to remove it
 *
 * Sets the certificate of the bundle's key.
 */
void
pki_pkcs12_set_certificate (PkiPkcs12 *p12, PkiX509 *cert)
{
  g_return_if_fail (p12 != NULL);
  g_clear_pointer (&p12->cert, pki_x509_unref);
  p12->cert = cert != NULL ? pki_x509_ref (cert) : NULL;
}

/**
 * pki_pkcs12_get_privatekey:
 * @p12: a #PkiPkcs12
 *
 * The bundle's private key, pyOpenSSL's `get_privatekey()`.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL when the bundle
 *   has none.
 */
PkiPKey *
pki_pkcs12_get_privatekey (PkiPkcs12 *p12)
{
  g_return_val_if_fail (p12 != NULL, NULL);
  return p12->key != NULL ? pki_pkey_ref (p12->key) : NULL;
}

/**
 * pki_pkcs12_set_privatekey:
 * @p12: a #PkiPkcs12
 * @key: (nullable): the private key, or %NULL to remove it
 *
 * Sets the bundle's private key.
 */
void
pki_pkcs12_set_privatekey (PkiPkcs12 *p12, PkiPKey *key)
{
  g_return_if_fail (p12 != NULL);
  g_clear_pointer (&p12->key, pki_pkey_unref);
  p12->key = key != NULL ? pki_pkey_ref (key) : NULL;
}

/**
 * pki_pkcs12_get_ca_certificates:
 * @p12: a #PkiPkcs12
 *
 * The other certificates, in bundle order, pyOpenSSL's
 * `get_ca_certificates()` (an empty array where pyOpenSSL gave None).
 *
 * Returns: (transfer full) (element-type PkiX509): the certificates.
 */
GPtrArray *
pki_pkcs12_get_ca_certificates (PkiPkcs12 *p12)
{
  GPtrArray *out;

  g_return_val_if_fail (p12 != NULL, NULL);
  out = g_ptr_array_new_full (p12->cas->len, (GDestroyNotify) pki_x509_unref);
  for (guint i = 0; i < p12->cas->len; i++)
    g_ptr_array_add (out, pki_x509_ref (p12->cas->pdata[i]));
  return out;
}

/**
 * pki_pkcs12_set_ca_certificates:
 * @p12: a #PkiPkcs12
 * @certs: (array length=n_certs) (nullable): the certificates, in order
 * @n_certs: how many; 0 (or %NULL @certs) removes them all
 *
 * Sets the CA certificates, pyOpenSSL's `set_ca_certificates()`.
 */
void
pki_pkcs12_set_ca_certificates (PkiPkcs12 *p12, PkiX509 **certs, guint n_certs)
{
  g_return_if_fail (p12 != NULL);
  g_return_if_fail (certs != NULL || n_certs == 0);
  for (guint i = 0; i < n_certs; i++)
    g_return_if_fail (certs[i] != NULL);
  g_ptr_array_set_size (p12->cas, 0);
  for (guint i = 0; certs != NULL && i < n_certs; i++)
    g_ptr_array_add (p12->cas, pki_x509_ref (certs[i]));
}

/**
 * pki_pkcs12_get_friendlyname:
 * @p12: a #PkiPkcs12
 *
 * The friendly name (the label importers show), pyOpenSSL's
 * `get_friendlyname()`.
 *
 * Returns: (transfer none) (nullable): the name, or %NULL when unset.
 */
const char *
pki_pkcs12_get_friendlyname (PkiPkcs12 *p12)
{
  g_return_val_if_fail (p12 != NULL, NULL);
  return p12->friendly_name;
}

/**
 * pki_pkcs12_set_friendlyname:
 * @p12: a #PkiPkcs12
 * @name: (nullable): the name (UTF-8), or %NULL to remove it
 *
 * Sets the friendly name.
 */
void
pki_pkcs12_set_friendlyname (PkiPkcs12 *p12, const char *name)
{
  g_return_if_fail (p12 != NULL);
  g_free (p12->friendly_name);
  p12->friendly_name = g_strdup (name);
}

/**
 * pki_pkcs12_get_local_key_id:
 * @p12: a #PkiPkcs12
 *
 * The localKeyID attribute that ties the key to its certificate in a
 * loaded bundle.
 *
 * Returns: (transfer full) (nullable): the key id, or %NULL when absent.
 */
GBytes *
pki_pkcs12_get_local_key_id (PkiPkcs12 *p12)
{
  g_return_val_if_fail (p12 != NULL, NULL);
  return p12->local_key_id != NULL ? g_bytes_ref (p12->local_key_id) : NULL;
}

/**
 * pki_pkcs12_get_mac_digest:
 * @p12: a #PkiPkcs12
 *
 * The digest of a loaded bundle's MAC ("sha256", "sha1").
 *
 * Returns: (transfer none) (nullable): the digest, or %NULL for a bundle
 *   that was not loaded.
 */
const char *
pki_pkcs12_get_mac_digest (PkiPkcs12 *p12)
{
  g_return_val_if_fail (p12 != NULL, NULL);
  return p12->mac_digest;
}

/**
 * pki_pkcs12_get_mac_iterations:
 * @p12: a #PkiPkcs12
 *
 * The iteration count of a loaded bundle's MAC key derivation.
 *
 * Returns: the count, or -1 for a bundle that was not loaded.
 */
gint
pki_pkcs12_get_mac_iterations (PkiPkcs12 *p12)
{
  g_return_val_if_fail (p12 != NULL, -1);
  return p12->mac_iterations;
}

/**
 * pki_pkcs12_get_key_encryption:
 * @p12: a #PkiPkcs12
 *
 * How a loaded bundle's key was encrypted: "aes-256-cbc (PBKDF2,
 * hmacWithSHA256)", "pbeWithSHA1And3-KeyTripleDES-CBC", ...
 *
 * Returns: (transfer none) (nullable): the algorithm, or %NULL when the key
 *   was not encrypted or the bundle was not loaded.
 */
const char *
pki_pkcs12_get_key_encryption (PkiPkcs12 *p12)
{
  g_return_val_if_fail (p12 != NULL, NULL);
  return p12->key_encryption;
}

/**
 * pki_pkcs12_get_key_iterations:
 * @p12: a #PkiPkcs12
 *
 * The iteration count of the key's encryption.
 *
 * Returns: the count, or -1 when unknown.
 */
gint
pki_pkcs12_get_key_iterations (PkiPkcs12 *p12)
{
  g_return_val_if_fail (p12 != NULL, -1);
  return p12->key_iterations;
}

/**
 * pki_pkcs12_get_cert_encryption:
 * @p12: a #PkiPkcs12
 *
 * How a loaded bundle's certificates were encrypted:
 * "aes-256-cbc (PBKDF2, hmacWithSHA256)", "pbeWithSHA1And40BitRC2-CBC", ...
 *
 * Returns: (transfer none) (nullable): the algorithm, or %NULL when the
 *   certificates were not encrypted or the bundle was not loaded.
 */
const char *
pki_pkcs12_get_cert_encryption (PkiPkcs12 *p12)
{
  g_return_val_if_fail (p12 != NULL, NULL);
  return p12->cert_encryption;
}

/**
 * pki_pkcs12_get_cert_iterations:
 * @p12: a #PkiPkcs12
 *
 * The iteration count of the certificates' encryption.
 *
 * Returns: the count, or -1 when unknown.
 */
gint
pki_pkcs12_get_cert_iterations (PkiPkcs12 *p12)
{
  g_return_val_if_fail (p12 != NULL, -1);
  return p12->cert_iterations;
}
