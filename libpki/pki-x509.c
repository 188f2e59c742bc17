/* libpki: PkiX509, certificates (pyOpenSSL's X509).
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

struct _PkiX509 {
  X509 *x;
};

static void
pki_x509_clear (PkiX509 *cert)
{
  X509_free (cert->x);
}

/**
 * pki_x509_ref:
 * @cert: a #PkiX509
 *
 * Takes a reference on @cert.
 *
 * Returns: (transfer full): @cert
 */
/**
 * pki_x509_unref:
 * @cert: (nullable) (transfer full): a #PkiX509
 *
 * Releases a reference on @cert.  Names taken from it with
 * pki_x509_get_subject() hold references of their own.  %NULL is ignored.
 */
/**
 * pki_x509_get_type:
 *
 * The boxed #GType of #PkiX509 (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiX509, pki_x509, pki_x509_clear)

PkiX509 *
pki_x509_new_take (X509 *x)
{
  PkiX509 *cert = g_atomic_rc_box_new0 (PkiX509);
  cert->x = x;
  return cert;
}

X509 *
pki_x509_get_ossl (PkiX509 *cert)
{
  return cert->x;
}

/* After a change: OpenSSL keeps the encoding a certificate was loaded with
 * and not every setter discards it, so mark the TBSCertificate changed. */
static void
touch (PkiX509 *cert)
{
  i2d_re_X509_tbs (cert->x, NULL);
  ERR_clear_error ();
}

/**
 * pki_x509_new:
 *
 * Makes an empty version 3 certificate to fill in and sign: serial 0, empty
 * subject and issuer, no validity, no key.
 *
 * Returns: (transfer full): the new certificate.
 */
PkiX509 *
pki_x509_new (void)
{
  X509 *x = X509_new_ex (pki_libctx (), NULL);

  g_assert (x != NULL);
  X509_set_version (x, X509_VERSION_3);
  return pki_x509_new_take (x);
}

/**
 * pki_x509_copy:
 * @cert: a #PkiX509
 *
 * Copies a certificate; changing one never changes the other.
 *
 * Returns: (transfer full): the copy.
 */
PkiX509 *
pki_x509_copy (PkiX509 *cert)
{
  X509 *x;

  g_return_val_if_fail (cert != NULL, NULL);
  x = X509_dup (cert->x);
  if (x == NULL) {
    /* Only a certificate that cannot be encoded (a new, empty one) cannot
     * be copied; share it then. */
    x = cert->x;
    X509_up_ref (x);
  }
  ERR_clear_error ();
  return pki_x509_new_take (x);
}

/* ---------------------------------------------------------------------- */
/* Loading and dumping */

/* Reads the next certificate from a PEM BIO; NULL at the end (no error) or
 * on a damaged block (error set). */
static X509 *
read_pem (BIO *bio, GError **error)
{
  X509 *x = PEM_read_bio_X509_AUX (bio, NULL, NULL, NULL);

  if (x == NULL) {
    if (ERR_GET_REASON (ERR_peek_last_error ()) == PEM_R_NO_START_LINE)
      ERR_clear_error ();
    else
      pki_set_error (error, PKI_ERROR_BAD_INPUT, "loading certificate: damaged PEM certificate");
  }
  return x;
}

/**
 * pki_x509_load:
 * @type: %PKI_FILETYPE_PEM or %PKI_FILETYPE_ASN1
 * @data: (array length=len): the encoded certificate
 * @len: the length of @data
 * @error: return location for a #GError
 *
 * Loads a certificate, pyOpenSSL's `load_certificate`.  In PEM the first
 * `CERTIFICATE` (or `TRUSTED CERTIFICATE`) block is read and anything else
 * (a key after it) is ignored; DER must be exactly one certificate.
 *
 * Returns: (transfer full): the certificate, or %NULL with
 *   %PKI_ERROR_BAD_INPUT.
 */
PkiX509 *
pki_x509_load (PkiFiletype type, const guint8 *data, gsize len, GError **error)
{
  X509 *x = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pki_check_load_input (type, len, "loading certificate", error))
    return NULL;
  if (type == PKI_FILETYPE_PEM) {
    g_autoptr (BIO) bio = BIO_new_mem_buf (data, (int) len);
    x = read_pem (bio, error);
    if (x == NULL && (error == NULL || *error == NULL))
      pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                             "loading certificate: no PEM CERTIFICATE block in the input");
    if (x == NULL)
      return NULL;
  } else {
    const unsigned char *p = data;
    x = d2i_X509 (NULL, &p, (long) len);
    if (x == NULL || p != data + len) {
      X509_free (x);
      pki_set_error (error, PKI_ERROR_BAD_INPUT,
                     x == NULL ? "loading certificate: not a DER certificate"
                               : "loading certificate: data after the DER certificate");
      return NULL;
    }
  }
  ERR_clear_error ();
  return pki_x509_new_take (x);
}

/**
 * pki_x509_load_pem_bundle:
 * @data: (array length=len): PEM text holding certificates
 * @len: the length of @data
 * @error: return location for a #GError
 *
 * Loads every certificate of a PEM bundle (a chain file, a CA bundle) in
 * order; blocks of other kinds (keys, CRLs) are skipped.
 *
 * Returns: (transfer full) (element-type PkiX509): the certificates, or
 *   %NULL with %PKI_ERROR_BAD_INPUT when there is none or a certificate
 *   block is damaged.
 */
GPtrArray *
pki_x509_load_pem_bundle (const guint8 *data, gsize len, GError **error)
{
  g_autoptr (GPtrArray) certs = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_unref);
  g_autoptr (BIO) bio = NULL;
  GError *local = NULL;
  X509 *x;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > G_MAXINT) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "loading certificates: the input is too large");
    return NULL;
  }
  bio = BIO_new_mem_buf (data != NULL ? data : (const guint8 *) "", (int) len);
  while ((x = read_pem (bio, &local)) != NULL)
    g_ptr_array_add (certs, pki_x509_new_take (x));
  if (local != NULL) {
    g_propagate_prefixed_error (error, local, "certificate %u: ", certs->len + 1);
    return NULL;
  }
  if (certs->len == 0) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "loading certificates: no PEM CERTIFICATE block in the input");
    return NULL;
  }
  return g_steal_pointer (&certs);
}

/**
 * pki_x509_dump:
 * @cert: a #PkiX509
 * @type: %PKI_FILETYPE_PEM, %PKI_FILETYPE_ASN1 or %PKI_FILETYPE_TEXT
 * @error: return location for a #GError
 *
 * Dumps the certificate, pyOpenSSL's `dump_certificate`: PEM, DER, or the
 * text `openssl x509 -text -noout` prints.
 *
 * Returns: (transfer full): the encoded certificate, or %NULL with @error
 *   set.
 */
GBytes *
pki_x509_dump (PkiX509 *cert, PkiFiletype type, GError **error)
{
  g_autoptr (BIO) bio = BIO_new (BIO_s_mem ());
  int ok;

  g_return_val_if_fail (cert != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pki_check_filetype (type, TRUE, "dumping certificate", error))
    return NULL;
  if (type == PKI_FILETYPE_PEM)
    ok = PEM_write_bio_X509 (bio, cert->x);
  else if (type == PKI_FILETYPE_ASN1)
    ok = i2d_X509_bio (bio, cert->x);
  else
    ok = X509_print_ex (bio, cert->x, XN_FLAG_ONELINE, X509_FLAG_COMPAT);
  return pki_bio_dump_result (bio, ok, "dumping certificate", error);
}

/**
 * pki_x509_pem_to_der:
 * @pem: PEM text holding a certificate
 * @error: return location for a #GError
 *
 * The DER of the first `CERTIFICATE` block, as Python's
 * `ssl.PEM_cert_to_DER_cert`.  The DER is not parsed.
 *
 * Returns: (transfer full): the DER, or %NULL with %PKI_ERROR_BAD_INPUT
 *   when there is no such block.
 */
GBytes *
pki_x509_pem_to_der (const char *pem, GError **error)
{
  g_autoptr (BIO) bio = NULL;
  char *name = NULL, *header = NULL;
  unsigned char *der = NULL;
  long len = 0;

  g_return_val_if_fail (pem != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bio = BIO_new_mem_buf (pem, -1);
  while (PEM_read_bio (bio, &name, &header, &der, &len)) {
    gboolean found = strcmp (name, PEM_STRING_X509) == 0;
    GBytes *out = found ? g_bytes_new (der, (gsize) len) : NULL;

    OPENSSL_free (name);
    OPENSSL_free (header);
    OPENSSL_free (der);
    if (found) {
      ERR_clear_error ();
      return out;
    }
  }
  pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                         "converting PEM to DER: no CERTIFICATE block in the input");
  return NULL;
}

/**
 * pki_x509_der_to_pem:
 * @der: (array length=len): a DER certificate
 * @len: the length of @der
 *
 * Wraps DER in a PEM `CERTIFICATE` block (base64 in 64-character lines),
 * as Python's `ssl.DER_cert_to_PEM_cert`.  The DER is not parsed.
 *
 * Returns: (transfer full): the PEM text.
 */
gchar *
pki_x509_der_to_pem (const guint8 *der, gsize len)
{
  g_autofree gchar *b64 = NULL;
  GString *pem;
  gsize n;

  g_return_val_if_fail (der != NULL || len == 0, NULL);
  b64 = g_base64_encode (der, len);
  n = strlen (b64);
  pem = g_string_new ("-----BEGIN CERTIFICATE-----\n");
  for (gsize i = 0; i < n; i += 64) {
    g_string_append_len (pem, b64 + i, (gssize) MIN (64, n - i));
    g_string_append_c (pem, '\n');
  }
  g_string_append (pem, "-----END CERTIFICATE-----\n");
  return g_string_free (pem, FALSE);
}

/* ---------------------------------------------------------------------- */
/* Fields */

/**
 * pki_x509_get_version:
 * @cert: a #PkiX509
 *
 * The version field as encoded: 0 for v1, 2 for v3 (pyOpenSSL's
 * `get_version()`).
 *
 * Returns: the version number.
 */
gint
pki_x509_get_version (PkiX509 *cert)
{
  g_return_val_if_fail (cert != NULL, -1);
  return (gint) X509_get_version (cert->x);
}

/**
 * pki_x509_set_version:
 * @cert: a #PkiX509
 * @version: 0 (v1), 1 (v2) or 2 (v3)
 * @error: return location for a #GError
 *
 * Sets the version field.  Certificates with extensions must be v3.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for another
 *   number.
 */
gboolean
pki_x509_set_version (PkiX509 *cert, gint version, GError **error)
{
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (version < 0 || version > 2)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "certificate version %d is not 0 (v1), 1 (v2) or 2 (v3)",
                                  version);
  X509_set_version (cert->x, version);
  touch (cert);
  return TRUE;
}

/**
 * pki_x509_get_serial:
 * @cert: a #PkiX509
 *
 * The serial number as upper-case hex in whole octets, as `openssl x509
 * -serial` prints it ("3D0CC4E0C6DEB9F4", "03AB", "00" for zero; a leading
 * "-" for the negative serials some broken CAs issued).
 *
 * Returns: (transfer full): the serial number.
 */
gchar *
pki_x509_get_serial (PkiX509 *cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  return pki_asn1_integer_to_hex (X509_get0_serialNumber (cert->x));
}

/**
 * pki_x509_set_serial:
 * @cert: a #PkiX509
 * @hex: the serial number in hex (either case, "0x" allowed, at most 20
 *   octets, as RFC 5280 allows)
 * @error: return location for a #GError
 *
 * Sets the serial number.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for text
 *   that is not hex or a number over 20 octets.
 */
gboolean
pki_x509_set_serial (PkiX509 *cert, const char *hex, GError **error)
{
  g_autoptr (ASN1_INTEGER) serial = NULL;

  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (hex != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  serial = pki_asn1_integer_from_hex (hex, error);
  if (serial == NULL)
    return FALSE;
  X509_set_serialNumber (cert->x, serial);
  touch (cert);
  return TRUE;
}

/**
 * pki_x509_set_random_serial:
 * @cert: a #PkiX509
 * @error: return location for a #GError
 *
 * Sets a random positive serial number of 20 octets with 159 random bits,
 * far above the 64 bits the CA/Browser Forum asks for.
 *
 * Returns: %TRUE on success; %FALSE with @error set when the random
 *   generator fails.
 */
gboolean
pki_x509_set_random_serial (PkiX509 *cert, GError **error)
{
  g_autoptr (ASN1_INTEGER) serial = NULL;

  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  serial = pki_asn1_integer_random_serial (error);
  if (serial == NULL)
    return FALSE;
  X509_set_serialNumber (cert->x, serial);
  touch (cert);
  return TRUE;
}

static X509_NAME *
subject_get (gpointer owner)
{
  return X509_get_subject_name (((PkiX509 *) owner)->x);
}

static X509_NAME *
issuer_get (gpointer owner)
{
  return X509_get_issuer_name (((PkiX509 *) owner)->x);
}

static void
name_changed (gpointer owner)
{
  touch (owner);
}

static const PkiNameOwner subject_owner = {
  subject_get, name_changed, (gpointer (*) (gpointer)) pki_x509_ref,
  (void (*) (gpointer)) pki_x509_unref,
};
static const PkiNameOwner issuer_owner = {
  issuer_get, name_changed, (gpointer (*) (gpointer)) pki_x509_ref,
  (void (*) (gpointer)) pki_x509_unref,
};

/**
 * pki_x509_get_subject:
 * @cert: a #PkiX509
 *
 * The subject name as a live view, as pyOpenSSL's `get_subject()`: setting
 * entries on it changes the certificate.  The view holds a reference on
 * @cert, and always shows the certificate's current subject, even after
 * pki_x509_set_subject().  Use pki_x509_name_copy() for a name of its own.
 *
 * Returns: (transfer full): a view of the subject.
 */
PkiX509Name *
pki_x509_get_subject (PkiX509 *cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  return pki_x509_name_new_view (cert, &subject_owner);
}

/**
 * pki_x509_get_issuer:
 * @cert: a #PkiX509
 *
 * The issuer name as a live view; see pki_x509_get_subject().
 *
 * Returns: (transfer full): a view of the issuer.
 */
PkiX509Name *
pki_x509_get_issuer (PkiX509 *cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  return pki_x509_name_new_view (cert, &issuer_owner);
}

/**
 * pki_x509_set_subject:
 * @cert: a #PkiX509
 * @name: the new subject (copied)
 * @error: return location for a #GError
 *
 * Sets the subject to a copy of @name.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_x509_set_subject (PkiX509 *cert, PkiX509Name *name, GError **error)
{
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return pki_check_ossl (X509_set_subject_name (cert->x, pki_x509_name_get_ossl (name)), error,
                         PKI_ERROR_FAILED, "setting the subject failed");
}

/**
 * pki_x509_set_issuer:
 * @cert: a #PkiX509
 * @name: the new issuer (copied)
 * @error: return location for a #GError
 *
 * Sets the issuer to a copy of @name.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_x509_set_issuer (PkiX509 *cert, PkiX509Name *name, GError **error)
{
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return pki_check_ossl (X509_set_issuer_name (cert->x, pki_x509_name_get_ossl (name)), error,
                         PKI_ERROR_FAILED, "setting the issuer failed");
}

/**
 * pki_x509_get_pubkey:
 * @cert: a #PkiX509
 * @error: return location for a #GError
 *
 * The certificate's public key, pyOpenSSL's `get_pubkey()`.
 *
 * Returns: (transfer full): a public-only key, or %NULL with @error set:
 *   %PKI_ERROR_BAD_INPUT when the certificate has no key or one OpenSSL
 *   cannot decode.
 */
PkiPKey *
pki_x509_get_pubkey (PkiX509 *cert, GError **error)
{
  EVP_PKEY *pkey;

  g_return_val_if_fail (cert != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pkey = X509_get0_pubkey (cert->x);
  if (pkey == NULL) {
    pki_set_error (error, PKI_ERROR_BAD_INPUT,
                   "the certificate has no public key, or one OpenSSL cannot read");
    return NULL;
  }
  ERR_clear_error ();
  return pki_pkey_new_public (pkey);
}

/**
 * pki_x509_set_pubkey:
 * @cert: a #PkiX509
 * @key: the key whose public half the certificate certifies
 * @error: return location for a #GError
 *
 * Sets the public key.  Only the public half is put in the certificate.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_x509_set_pubkey (PkiX509 *cert, PkiPKey *key, GError **error)
{
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return pki_check_ossl (X509_set_pubkey (cert->x, pki_pkey_get_evp (key)), error,
                         PKI_ERROR_FAILED, "setting the public key failed");
}

/* ---------------------------------------------------------------------- */
/* Validity */

/* A time field, or NULL when unset (a new certificate's are empty). */
static const ASN1_TIME *
time_field (PkiX509 *cert, gboolean after)
{
  const ASN1_TIME *t = after ? X509_get0_notAfter (cert->x) : X509_get0_notBefore (cert->x);
  return t != NULL && ASN1_STRING_length (t) > 0 ? t : NULL;
}

static gboolean
set_time (PkiX509 *cert, gboolean after, ASN1_TIME *t)
{
  int ok;

  if (t == NULL)
    return FALSE;
  ok = after ? X509_set1_notAfter (cert->x, t) : X509_set1_notBefore (cert->x, t);
  ASN1_TIME_free (t);
  g_assert (ok);
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_x509_get_not_before:
 * @cert: a #PkiX509
 *
 * The start of the validity period.
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when unset.
 */
GDateTime *
pki_x509_get_not_before (PkiX509 *cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  return pki_asn1_time_to_datetime (time_field (cert, FALSE));
}

/**
 * pki_x509_get_not_after:
 * @cert: a #PkiX509
 *
 * The end of the validity period.
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when unset.
 */
GDateTime *
pki_x509_get_not_after (PkiX509 *cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  return pki_asn1_time_to_datetime (time_field (cert, TRUE));
}

/**
 * pki_x509_set_not_before:
 * @cert: a #PkiX509
 * @when: the start of validity (any time zone)
 * @error: return location for a #GError
 *
 * Sets the start of validity, encoded as RFC 5280 asks: UTCTime through
 * 2049, GeneralizedTime from 2050.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for a time
 *   outside the years 0 to 9999.
 */
gboolean
pki_x509_set_not_before (PkiX509 *cert, GDateTime *when, GError **error)
{
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (when != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_time (cert, FALSE, pki_asn1_time_from_datetime (when, error));
}

/**
 * pki_x509_set_not_after:
 * @cert: a #PkiX509
 * @when: the end of validity (any time zone)
 * @error: return location for a #GError
 *
 * Sets the end of validity, encoded as pki_x509_set_not_before() does.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT.
 */
gboolean
pki_x509_set_not_after (PkiX509 *cert, GDateTime *when, GError **error)
{
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (when != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_time (cert, TRUE, pki_asn1_time_from_datetime (when, error));
}

/**
 * pki_x509_get_not_before_string:
 * @cert: a #PkiX509
 *
 * The start of validity as pyOpenSSL's `get_notBefore()` gives it:
 * "YYYYMMDDhhmmssZ", whether it is encoded as UTCTime or GeneralizedTime.
 *
 * Returns: (transfer full) (nullable): the time, or %NULL when unset.
 */
gchar *
pki_x509_get_not_before_string (PkiX509 *cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  return pki_asn1_time_to_string (time_field (cert, FALSE));
}

/**
 * pki_x509_get_not_after_string:
 * @cert: a #PkiX509
 *
 * The end of validity as "YYYYMMDDhhmmssZ" (see
 * pki_x509_get_not_before_string()).
 *
 * Returns: (transfer full) (nullable): the time, or %NULL when unset.
 */
gchar *
pki_x509_get_not_after_string (PkiX509 *cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  return pki_asn1_time_to_string (time_field (cert, TRUE));
}

/**
 * pki_x509_set_not_before_string:
 * @cert: a #PkiX509
 * @when: "YYYYMMDDhhmmssZ", or with an offset "YYYYMMDDhhmmss+hhmm"
 * @error: return location for a #GError
 *
 * Sets the start of validity from pyOpenSSL's time form.  An offset is
 * converted to UTC and the time is encoded as RFC 5280 asks (pyOpenSSL
 * stored the string verbatim, offsets and all).
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for any other
 *   text.
 */
gboolean
pki_x509_set_not_before_string (PkiX509 *cert, const char *when, GError **error)
{
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (when != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_time (cert, FALSE, pki_asn1_time_parse (when, error));
}

/**
 * pki_x509_set_not_after_string:
 * @cert: a #PkiX509
 * @when: "YYYYMMDDhhmmssZ", or with an offset "YYYYMMDDhhmmss+hhmm"
 * @error: return location for a #GError
 *
 * Sets the end of validity from pyOpenSSL's time form (see
 * pki_x509_set_not_before_string()).
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT.
 */
gboolean
pki_x509_set_not_after_string (PkiX509 *cert, const char *when, GError **error)
{
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (when != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_time (cert, TRUE, pki_asn1_time_parse (when, error));
}

/**
 * pki_x509_gmtime_adj_not_before:
 * @cert: a #PkiX509
 * @seconds: offset from now, in seconds (may be negative)
 * @error: return location for a #GError
 *
 * Sets the start of validity to now plus @seconds, pyOpenSSL's
 * `gmtime_adj_notBefore`.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT when the time
 *   falls outside the years 0 to 9999.
 */
gboolean
pki_x509_gmtime_adj_not_before (PkiX509 *cert, gint64 seconds, GError **error)
{
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (seconds > G_GINT64_CONSTANT (400000000000) || seconds < -G_GINT64_CONSTANT (400000000000))
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "time offset %" G_GINT64_FORMAT
                                  " seconds is out of range", seconds);
  return set_time (cert, FALSE, pki_asn1_time_from_unix (g_get_real_time () / G_USEC_PER_SEC
                                                         + seconds, error));
}

/**
 * pki_x509_gmtime_adj_not_after:
 * @cert: a #PkiX509
 * @seconds: offset from now, in seconds (may be negative)
 * @error: return location for a #GError
 *
 * Sets the end of validity to now plus @seconds, pyOpenSSL's
 * `gmtime_adj_notAfter`.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT.
 */
gboolean
pki_x509_gmtime_adj_not_after (PkiX509 *cert, gint64 seconds, GError **error)
{
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (seconds > G_GINT64_CONSTANT (400000000000) || seconds < -G_GINT64_CONSTANT (400000000000))
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "time offset %" G_GINT64_FORMAT
                                  " seconds is out of range", seconds);
  return set_time (cert, TRUE, pki_asn1_time_from_unix (g_get_real_time () / G_USEC_PER_SEC
                                                        + seconds, error));
}

/**
 * pki_x509_has_expired:
 * @cert: a #PkiX509
 * @error: return location for a #GError
 *
 * Whether the end of validity has passed, pyOpenSSL's `has_expired()`.
 *
 * Returns: %TRUE when expired; %FALSE when not, or with
 *   %PKI_ERROR_BAD_INPUT when the certificate has no end of validity.
 */
gboolean
pki_x509_has_expired (PkiX509 *cert, GError **error)
{
  g_autoptr (GDateTime) not_after = NULL;
  g_autoptr (GDateTime) now = NULL;

  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  not_after = pki_x509_get_not_after (cert);
  if (not_after == NULL)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "the certificate has no end of validity (notAfter)");
  now = g_date_time_new_now_utc ();
  return g_date_time_compare (not_after, now) < 0;
}

/**
 * pki_x509_cert_time_to_seconds:
 * @text: a time as OpenSSL prints it: "May  9 00:00:00 2007 GMT"
 * @error: return location for a #GError
 *
 * Converts the time form `openssl x509 -enddate` and Python's
 * `ssl.getpeercert()` use to seconds since the epoch, as Python's
 * `ssl.cert_time_to_seconds`.
 *
 * Returns: the seconds, or -1 with %PKI_ERROR_BAD_INPUT for other text.
 */
gint64
pki_x509_cert_time_to_seconds (const char *text, GError **error)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  g_autoptr (GDateTime) dt = NULL;
  char mon[4] = "";
  int day, hour, min, sec, year, used = -1;
  const char *m;

  g_return_val_if_fail (text != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (sscanf (text, "%3[A-Za-z] %2d %2d:%2d:%2d %4d GMT%n", mon, &day, &hour, &min, &sec, &year,
              &used) == 6
      && used == (int) strlen (text) && strlen (mon) == 3
      && (m = strstr (months, mon)) != NULL && (m - months) % 3 == 0)
    dt = g_date_time_new_utc (year, (gint) ((m - months) / 3) + 1, day, hour, min, sec);
  if (dt == NULL || hour > 23 || min > 59 || sec > 59) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "'%s' is not a time like \"May  9 00:00:00 2007 GMT\"", text);
    return -1;
  }
  return g_date_time_to_unix (dt);
}

/* ---------------------------------------------------------------------- */
/* Extensions */

/**
 * pki_x509_add_extensions:
 * @cert: a #PkiX509
 * @extensions: (array length=n_extensions): the extensions to add (copied)
 * @n_extensions: how many
 * @error: return location for a #GError
 *
 * Appends extensions, pyOpenSSL's `add_extensions()`.  Either all are added
 * or, on failure, none.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_x509_add_extensions (PkiX509 *cert, PkiX509Extension **extensions, guint n_extensions,
                         GError **error)
{
  int before;

  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (extensions != NULL || n_extensions == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  for (guint i = 0; i < n_extensions; i++)
    g_return_val_if_fail (extensions[i] != NULL, FALSE);

  before = X509_get_ext_count (cert->x);
  for (guint i = 0; i < n_extensions; i++) {
    if (!X509_add_ext (cert->x, pki_x509_extension_get_ossl (extensions[i]), -1)) {
      while (X509_get_ext_count (cert->x) > before)
        X509_EXTENSION_free (X509_delete_ext (cert->x, before));
      return pki_set_error (error, PKI_ERROR_FAILED, "adding extension %u failed", i);
    }
  }
  touch (cert);
  return TRUE;
}

/**
 * pki_x509_get_extension_count:
 * @cert: a #PkiX509
 *
 * The number of extensions.
 *
 * Returns: the extension count.
 */
guint
pki_x509_get_extension_count (PkiX509 *cert)
{
  g_return_val_if_fail (cert != NULL, 0);
  return (guint) MAX (X509_get_ext_count (cert->x), 0);
}

static PkiX509Extension *
extension_copy (const X509_EXTENSION *ext)
{
  X509_EXTENSION *copy = X509_EXTENSION_dup (ext);
  g_assert (copy != NULL);
  ERR_clear_error ();
  return pki_x509_extension_new_take (copy);
}

/**
 * pki_x509_get_extension:
 * @cert: a #PkiX509
 * @index: the extension's position, from 0
 * @error: return location for a #GError
 *
 * An extension by position, pyOpenSSL's `get_extension()`.
 *
 * Returns: (transfer full): a copy of the extension, or %NULL with
 *   %PKI_ERROR_BAD_INPUT when @index is past the last one.
 */
PkiX509Extension *
pki_x509_get_extension (PkiX509 *cert, guint index, GError **error)
{
  g_return_val_if_fail (cert != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (index >= pki_x509_get_extension_count (cert)) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "the certificate has %u extensions; there is no extension %u",
                           pki_x509_get_extension_count (cert), index);
    return NULL;
  }
  return extension_copy (X509_get_ext (cert->x, (int) index));
}

/**
 * pki_x509_get_extension_by_oid:
 * @cert: a #PkiX509
 * @oid: the extension type: dotted OID ("2.5.29.17"), short name
 *   ("subjectAltName") or long name
 * @error: return location for a #GError
 *
 * The first extension of a type.
 *
 * Returns: (transfer full) (nullable): a copy of the extension, %NULL
 *   without an error when there is none, or %NULL with
 *   %PKI_ERROR_BAD_INPUT for an unknown name.
 */
PkiX509Extension *
pki_x509_get_extension_by_oid (PkiX509 *cert, const char *oid, GError **error)
{
  g_autoptr (ASN1_OBJECT) obj = NULL;
  int idx;

  g_return_val_if_fail (cert != NULL, NULL);
  g_return_val_if_fail (oid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  obj = pki_obj_from_text (oid, "extension type", error);
  if (obj == NULL)
    return NULL;
  idx = X509_get_ext_by_OBJ (cert->x, obj, -1);
  ERR_clear_error ();
  return idx >= 0 ? extension_copy (X509_get_ext (cert->x, idx)) : NULL;
}

/* ---------------------------------------------------------------------- */
/* Signatures and digests */

/**
 * pki_x509_sign:
 * @cert: a #PkiX509
 * @key: the issuer's private key
 * @digest: (nullable): the digest ("sha256", "sha384", ...); %NULL means
 *   SHA-256, and must be %NULL for Ed25519 and Ed448 keys
 * @error: return location for a #GError
 *
 * Signs the certificate, pyOpenSSL's `sign()`.  RSA-PSS keys sign with PSS.
 *
 * Returns: %TRUE on success; %FALSE with @error set:
 *   %PKI_ERROR_BAD_INPUT for a certificate without its validity period,
 *   %PKI_ERROR_UNSUPPORTED for an unknown digest or a digest with an
 *   EdDSA key, %PKI_ERROR_KEY_TYPE for a public-only key.
 */
gboolean
pki_x509_sign (PkiX509 *cert, PkiPKey *key, const char *digest, GError **error)
{
  g_autoptr (EVP_MD_CTX) mctx = NULL;

  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (time_field (cert, FALSE) == NULL || time_field (cert, TRUE) == NULL)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "signing certificate: set its validity (notBefore and notAfter) "
                                  "first");
  mctx = pki_digest_sign_new (key, digest, "signing certificate", error);
  if (mctx == NULL)
    return FALSE;
  return pki_check_ossl (X509_sign_ctx (cert->x, mctx) > 0, error, PKI_ERROR_FAILED,
                         "signing certificate failed");
}

/**
 * pki_x509_verify_signature:
 * @cert: a #PkiX509
 * @key: the key that should have signed it (the issuer's)
 * @error: return location for a #GError
 *
 * Checks the certificate's signature with a key.  Nothing else (validity,
 * chain, extensions) is checked.
 *
 * Returns: %TRUE when @key made the signature; %FALSE with
 *   %PKI_ERROR_SIGNATURE otherwise.
 */
gboolean
pki_x509_verify_signature (PkiX509 *cert, PkiPKey *key, GError **error)
{
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (X509_verify (cert->x, pki_pkey_get_evp (key)) != 1)
    return pki_set_error (error, PKI_ERROR_SIGNATURE,
                          "the certificate's signature does not verify with this %s key",
                          pki_pkey_get_type_name (key));
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_x509_get_signature_algorithm:
 * @cert: a #PkiX509
 * @error: return location for a #GError
 *
 * The signature algorithm named inside the signed part of the certificate,
 * by OpenSSL's long name ("sha256WithRSAEncryption", "ecdsa-with-SHA384",
 * "ED25519"), pyOpenSSL's `get_signature_algorithm()`.
 *
 * Returns: (transfer full): the name, or %NULL with
 *   %PKI_ERROR_UNSUPPORTED (naming the OID) for an algorithm OpenSSL does
 *   not know.
 */
gchar *
pki_x509_get_signature_algorithm (PkiX509 *cert, GError **error)
{
  g_return_val_if_fail (cert != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return pki_sigalg_to_name (X509_get0_tbs_sigalg (cert->x), error);
}

/**
 * pki_x509_digest:
 * @cert: a #PkiX509
 * @digest: the digest ("sha256", "sha1", ...)
 * @error: return location for a #GError
 *
 * The certificate's fingerprint, the digest of its DER, formatted as
 * pyOpenSSL's `digest()` and `openssl x509 -fingerprint`: upper-case hex
 * pairs joined with colons.
 *
 * Returns: (transfer full): the fingerprint, or %NULL with @error set
 *   (%PKI_ERROR_UNSUPPORTED for an unknown digest).
 */
gchar *
pki_x509_digest (PkiX509 *cert, const char *digest, GError **error)
{
  g_autoptr (EVP_MD) md = NULL;
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int len = 0;

  g_return_val_if_fail (cert != NULL, NULL);
  g_return_val_if_fail (digest != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  md = pki_fetch_digest (digest, error);
  if (md == NULL)
    return NULL;
  if (EVP_MD_get_size (md) <= 0 || !X509_digest (cert->x, md, buf, &len)) {
    pki_set_error (error, PKI_ERROR_FAILED, "computing the certificate's %s digest failed",
                   digest);
    return NULL;
  }
  ERR_clear_error ();
  return pki_hex_colon (buf, len);
}

/**
 * pki_x509_subject_name_hash:
 * @cert: a #PkiX509
 *
 * The hash of the subject name (`openssl x509 -subject_hash`), the value
 * c_rehash names files by; pyOpenSSL's `subject_name_hash()`.
 *
 * Returns: the hash.
 */
guint32
pki_x509_subject_name_hash (PkiX509 *cert)
{
  g_autoptr (PkiX509Name) subject = NULL;

  g_return_val_if_fail (cert != NULL, 0);
  subject = pki_x509_get_subject (cert);
  return pki_x509_name_hash (subject);
}

PkiX509Extension *
pki_x509_authority_key_id (PkiX509 *issuer, GError **error)
{
  const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id (issuer->x);
  AUTHORITY_KEYID *akid = AUTHORITY_KEYID_new ();
  X509_EXTENSION *ext = NULL;
  unsigned char md[SHA_DIGEST_LENGTH];
  unsigned int md_len = 0;

  if (akid != NULL)
    akid->keyid = ski != NULL ? ASN1_OCTET_STRING_dup (ski) : ASN1_OCTET_STRING_new ();
  /* An issuer without a subjectKeyIdentifier: RFC 5280 4.2.1.2 method 1,
   * the SHA-1 of its subjectPublicKey. */
  if (akid != NULL && akid->keyid != NULL && ski == NULL
      && (!X509_pubkey_digest (issuer->x, EVP_sha1 (), md, &md_len)
          || !ASN1_OCTET_STRING_set (akid->keyid, md, (int) md_len))) {
    AUTHORITY_KEYID_free (akid);
    akid = NULL;
  }
  if (akid != NULL && akid->keyid != NULL)
    ext = X509V3_EXT_i2d (NID_authority_key_identifier, 0, akid);
  AUTHORITY_KEYID_free (akid);
  if (ext == NULL) {
    pki_set_error (error, PKI_ERROR_BAD_INPUT,
                   "the issuer certificate's key identifier cannot be computed");
    return NULL;
  }
  ERR_clear_error ();
  return pki_x509_extension_new_take (ext);
}

/**
 * pki_verify_with_x509:
 * @cert: the signer's certificate
 * @signature: (array length=signature_len): the signature
 * @signature_len: the length of @signature
 * @data: (array length=len) (nullable): the data that was signed
 * @len: the length of @data
 * @digest: (nullable): the digest the signer used (see pki_verify())
 * @error: return location for a #GError
 *
 * Verifies a signature with the public key of @cert, pyOpenSSL's
 * `crypto.verify (cert, signature, data, digest)`.  The certificate itself
 * is not checked.
 *
 * Returns: %TRUE when the signature is valid; %FALSE with @error set as
 *   pki_verify() does, or %PKI_ERROR_BAD_INPUT when the certificate has no
 *   usable key.
 */
gboolean
pki_verify_with_x509 (PkiX509 *cert, const guint8 *signature, gsize signature_len,
                      const guint8 *data, gsize len, const char *digest, GError **error)
{
  g_autoptr (PkiPKey) key = NULL;

  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key = pki_x509_get_pubkey (cert, error);
  return key != NULL && pki_verify (key, signature, signature_len, data, len, digest, error);
}
