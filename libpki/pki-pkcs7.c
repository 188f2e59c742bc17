/* libpki: PkiPkcs7, PKCS#7 containers (pyOpenSSL's PKCS7).
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <string.h>

struct _PkiPkcs7 {
  PKCS7 *p7;
};

static void
pki_pkcs7_clear (PkiPkcs7 *p7)
{
  PKCS7_free (p7->p7);
}

/**
 * pki_pkcs7_ref:
 * @p7: a #PkiPkcs7
 *
 * Takes a reference on @p7.
 *
 * Returns: (transfer full): @p7
 */
/**
 * pki_pkcs7_unref:
 * @p7: (nullable) (transfer full): a #PkiPkcs7
 *
 * Releases a reference on @p7.  %NULL is ignored.
 */
/**
 * pki_pkcs7_get_type:
 *
 * The boxed #GType of #PkiPkcs7 (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiPkcs7, pki_pkcs7, pki_pkcs7_clear)

static PkiPkcs7 *
pkcs7_new_take (PKCS7 *p)
{
  PkiPkcs7 *p7 = g_atomic_rc_box_new0 (PkiPkcs7);
  p7->p7 = p;
  return p7;
}

/**
 * pki_pkcs7_load:
 * @type: %PKI_FILETYPE_PEM or %PKI_FILETYPE_ASN1
 * @data: (array length=len): the encoded PKCS#7
 * @len: the length of @data
 * @error: return location for a #GError
 *
 * Loads a PKCS#7 structure, pyOpenSSL's `load_pkcs7_data`: in PEM the first
 * `PKCS7` block, in DER exactly one structure.
 *
 * Returns: (transfer full): the PKCS#7, or %NULL with %PKI_ERROR_BAD_INPUT.
 */
PkiPkcs7 *
pki_pkcs7_load (PkiFiletype type, const guint8 *data, gsize len, GError **error)
{
  PKCS7 *p;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pki_check_load_input (type, len, "loading PKCS#7", error))
    return NULL;
  if (type == PKI_FILETYPE_PEM) {
    /* The first PKCS7 block (PEM_read_bio_PKCS7 would also take a
     * CERTIFICATE block, an old Netscape habit). */
    g_autoptr (BIO) bio = BIO_new_mem_buf (data, (int) len);
    char *name = NULL, *header = NULL;
    unsigned char *body = NULL;
    long body_len = 0;
    p = NULL;
    while (p == NULL && PEM_read_bio (bio, &name, &header, &body, &body_len)) {
      if (strcmp (name, PEM_STRING_PKCS7) == 0) {
        const unsigned char *q = body;
        p = d2i_PKCS7 (NULL, &q, body_len);
        if (p == NULL) {
          OPENSSL_free (name);
          OPENSSL_free (header);
          OPENSSL_free (body);
          break;
        }
      }
      OPENSSL_free (name);
      OPENSSL_free (header);
      OPENSSL_free (body);
    }
  } else {
    const unsigned char *q = data;
    p = d2i_PKCS7 (NULL, &q, (long) len);
    if (p != NULL && q != data + len) {
      PKCS7_free (p);
      p = NULL;
    }
  }
  if (p == NULL) {
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "loading PKCS#7: not a %s PKCS#7 structure",
                   type == PKI_FILETYPE_PEM ? "PEM" : "DER");
    return NULL;
  }
  ERR_clear_error ();
  return pkcs7_new_take (p);
}

/**
 * pki_pkcs7_new_certs_only:
 * @certs: (array length=n_certs) (nullable): certificates to carry
 * @n_certs: how many
 * @crls: (array length=n_crls) (nullable): CRLs to carry
 * @n_crls: how many
 * @error: return location for a #GError
 *
 * Makes a "certs-only" SignedData (a .p7b bundle, as `openssl crl2pkcs7`
 * makes): no content and no signers, just certificates and CRLs.
 *
 * Returns: (transfer full): the PKCS#7, or %NULL with @error set
 *   (%PKI_ERROR_BAD_INPUT when there is nothing to carry or a CRL cannot
 *   be decoded).
 */
PkiPkcs7 *
pki_pkcs7_new_certs_only (PkiX509 **certs, guint n_certs, PkiCrl **crls, guint n_crls,
                          GError **error)
{
  PKCS7 *p = NULL;
  PKCS7_SIGNED *sd;
  gboolean ok;

  g_return_val_if_fail (certs != NULL || n_certs == 0, NULL);
  g_return_val_if_fail (crls != NULL || n_crls == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_certs == 0 && n_crls == 0) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "making PKCS#7: give at least one certificate or CRL");
    return NULL;
  }
  p = PKCS7_new ();
  ok = p != NULL && PKCS7_set_type (p, NID_pkcs7_signed);
  sd = ok ? p->d.sign : NULL;
  /* Content of type data with no value, as `openssl crl2pkcs7` writes. */
  if (sd != NULL)
    sd->contents->type = OBJ_nid2obj (NID_pkcs7_data);
  /* Copies, so the bundle never changes with the caller's objects. */
  for (guint i = 0; ok && i < n_certs; i++) {
    X509 *copy = X509_dup (pki_x509_get_ossl (certs[i]));
    ok = copy != NULL && PKCS7_add_certificate (p, copy);
    X509_free (copy);
  }
  for (guint i = 0; ok && i < n_crls; i++) {
    X509_CRL *x = pki_crl_get_ossl (crls[i], error);
    X509_CRL *copy;
    if (x == NULL) {
      PKCS7_free (p);
      return NULL;
    }
    copy = X509_CRL_dup (x);
    ok = copy != NULL && PKCS7_add_crl (p, copy);
    X509_CRL_free (copy);
  }
  /* A certs-only SignedData has empty digestAlgorithms and signerInfos,
   * and content of type data with no value. */
  if (!ok || sd == NULL) {
    PKCS7_free (p);
    pki_set_error (error, PKI_ERROR_FAILED, "making PKCS#7 failed");
    return NULL;
  }
  ERR_clear_error ();
  return pkcs7_new_take (p);
}

/**
 * pki_pkcs7_dump:
 * @p7: a #PkiPkcs7
 * @type: %PKI_FILETYPE_PEM or %PKI_FILETYPE_ASN1
 * @error: return location for a #GError
 *
 * Dumps the structure (`-----BEGIN PKCS7-----` in PEM).
 *
 * Returns: (transfer full): the encoded PKCS#7, or %NULL with @error set.
 */
GBytes *
pki_pkcs7_dump (PkiPkcs7 *p7, PkiFiletype type, GError **error)
{
  g_autoptr (BIO) bio = BIO_new (BIO_s_mem ());
  int ok;

  g_return_val_if_fail (p7 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pki_check_filetype (type, FALSE, "dumping PKCS#7", error))
    return NULL;
  ok = type == PKI_FILETYPE_PEM ? PEM_write_bio_PKCS7 (bio, p7->p7) : i2d_PKCS7_bio (bio, p7->p7);
  return pki_bio_dump_result (bio, ok, "dumping PKCS#7", error);
}

/**
 * pki_pkcs7_type_is_signed:
 * @p7: a #PkiPkcs7
 *
 * Whether it is a SignedData (certs-only bundles are), pyOpenSSL's
 * `type_is_signed()`.
 *
 * Returns: %TRUE for signedData.
 */
gboolean
pki_pkcs7_type_is_signed (PkiPkcs7 *p7)
{
  g_return_val_if_fail (p7 != NULL, FALSE);
  return PKCS7_type_is_signed (p7->p7);
}

/**
 * pki_pkcs7_type_is_enveloped:
 * @p7: a #PkiPkcs7
 *
 * Whether it is an EnvelopedData, pyOpenSSL's `type_is_enveloped()`.
 *
 * Returns: %TRUE for envelopedData.
 */
gboolean
pki_pkcs7_type_is_enveloped (PkiPkcs7 *p7)
{
  g_return_val_if_fail (p7 != NULL, FALSE);
  return PKCS7_type_is_enveloped (p7->p7);
}

/**
 * pki_pkcs7_type_is_signed_and_enveloped:
 * @p7: a #PkiPkcs7
 *
 * Whether it is a SignedAndEnvelopedData, pyOpenSSL's
 * `type_is_signedAndEnveloped()`.
 *
 * Returns: %TRUE for signedAndEnvelopedData.
 */
gboolean
pki_pkcs7_type_is_signed_and_enveloped (PkiPkcs7 *p7)
{
  g_return_val_if_fail (p7 != NULL, FALSE);
  return PKCS7_type_is_signedAndEnveloped (p7->p7);
}

/**
 * pki_pkcs7_type_is_data:
 * @p7: a #PkiPkcs7
 *
 * Whether it is plain Data, pyOpenSSL's `type_is_data()`.
 *
 * Returns: %TRUE for data.
 */
gboolean
pki_pkcs7_type_is_data (PkiPkcs7 *p7)
{
  g_return_val_if_fail (p7 != NULL, FALSE);
  return PKCS7_type_is_data (p7->p7);
}

/**
 * pki_pkcs7_get_type_name:
 * @p7: a #PkiPkcs7
 *
 * The content type's short name ("pkcs7-signedData"), pyOpenSSL's
 * `get_type_name()`.
 *
 * Returns: (transfer none): the name, or "unknown".
 */
const char *
pki_pkcs7_get_type_name (PkiPkcs7 *p7)
{
  const char *sn;

  g_return_val_if_fail (p7 != NULL, NULL);
  sn = OBJ_nid2sn (OBJ_obj2nid (p7->p7->type));
  return sn != NULL && strcmp (sn, "UNDEF") != 0 ? sn : "unknown";
}

/* The certificate and CRL stacks of a SignedData (or signedAndEnveloped). */
static gboolean
stacks (PkiPkcs7 *p7, STACK_OF (X509) **certs, STACK_OF (X509_CRL) **crls)
{
  PKCS7 *p = p7->p7;

  if (PKCS7_type_is_signed (p) && p->d.sign != NULL) {
    *certs = p->d.sign->cert;
    *crls = p->d.sign->crl;
    return TRUE;
  }
  if (PKCS7_type_is_signedAndEnveloped (p) && p->d.signed_and_enveloped != NULL) {
    *certs = p->d.signed_and_enveloped->cert;
    *crls = p->d.signed_and_enveloped->crl;
    return TRUE;
  }
  *certs = NULL;
  *crls = NULL;
  return FALSE;
}

/**
 * pki_pkcs7_get_certificates:
 * @p7: a #PkiPkcs7
 *
 * The certificates a SignedData carries, in order (asked for in pyOpenSSL
 * issue #365).
 *
 * Returns: (transfer full) (element-type PkiX509): copies of the
 *   certificates; empty for other types or when there are none.
 */
GPtrArray *
pki_pkcs7_get_certificates (PkiPkcs7 *p7)
{
  STACK_OF (X509) *certs;
  STACK_OF (X509_CRL) *crls;
  GPtrArray *out;

  g_return_val_if_fail (p7 != NULL, NULL);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_unref);
  stacks (p7, &certs, &crls);
  for (int i = 0; i < sk_X509_num (certs); i++)
    g_ptr_array_add (out, pki_x509_new_take (X509_dup (sk_X509_value (certs, i))));
  ERR_clear_error ();
  return out;
}

/**
 * pki_pkcs7_get_crls:
 * @p7: a #PkiPkcs7
 * @error: return location for a #GError
 *
 * The CRLs a SignedData carries, in order.
 *
 * Returns: (transfer full) (element-type PkiCrl): copies of the CRLs; empty
 *   for other types or when there are none; %NULL with @error set when one
 *   cannot be copied.
 */
GPtrArray *
pki_pkcs7_get_crls (PkiPkcs7 *p7, GError **error)
{
  g_autoptr (GPtrArray) out = NULL;
  STACK_OF (X509) *certs;
  STACK_OF (X509_CRL) *crls;

  g_return_val_if_fail (p7 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_crl_unref);
  stacks (p7, &certs, &crls);
  for (int i = 0; i < sk_X509_CRL_num (crls); i++) {
    X509_CRL *copy = X509_CRL_dup (sk_X509_CRL_value (crls, i));
    if (copy == NULL) {
      pki_set_error (error, PKI_ERROR_FAILED, "copying a CRL failed");
      return NULL;
    }
    g_ptr_array_add (out, pki_crl_new_take (copy));
  }
  ERR_clear_error ();
  return g_steal_pointer (&out);
}
