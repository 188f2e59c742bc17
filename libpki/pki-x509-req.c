/* libpki: PkiX509Req, certificate signing requests (pyOpenSSL's X509Req),
 * and issuing certificates from them.
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <openssl/objects.h>
#include <openssl/pem.h>
#include <string.h>

struct _PkiX509Req {
  X509_REQ *req;
};

static void
pki_x509_req_clear (PkiX509Req *req)
{
  X509_REQ_free (req->req);
}

/**
 * pki_x509_req_ref:
 * @req: a #PkiX509Req
 *
 * Takes a reference on @req.
 *
 * Returns: (transfer full): @req
 */
/**
 * pki_x509_req_unref:
 * @req: (nullable) (transfer full): a #PkiX509Req
 *
 * Releases a reference on @req.  %NULL is ignored.
 */
/**
 * pki_x509_req_get_type:
 *
 * The boxed #GType of #PkiX509Req (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiX509Req, pki_x509_req, pki_x509_req_clear)

/**
 * pki_profile_get_type:
 *
 * The #GType of the #PkiProfile enumeration.
 *
 * Returns: the #GType.
 */
G_DEFINE_ENUM_TYPE (PkiProfile, pki_profile,
  G_DEFINE_ENUM_VALUE (PKI_PROFILE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (PKI_PROFILE_SERVER, "server"),
  G_DEFINE_ENUM_VALUE (PKI_PROFILE_CLIENT, "client"),
  G_DEFINE_ENUM_VALUE (PKI_PROFILE_CA, "ca"))

/**
 * pki_copy_extensions_get_type:
 *
 * The #GType of the #PkiCopyExtensions enumeration.
 *
 * Returns: the #GType.
 */
G_DEFINE_ENUM_TYPE (PkiCopyExtensions, pki_copy_extensions,
  G_DEFINE_ENUM_VALUE (PKI_COPY_EXTENSIONS_NONE, "none"),
  G_DEFINE_ENUM_VALUE (PKI_COPY_EXTENSIONS_ALL, "all"),
  G_DEFINE_ENUM_VALUE (PKI_COPY_EXTENSIONS_LISTED, "listed"))

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_REQ, X509_REQ_free)

static PkiX509Req *
req_new_take (X509_REQ *r)
{
  PkiX509Req *req = g_atomic_rc_box_new0 (PkiX509Req);
  req->req = r;
  return req;
}

/* After a change: discard the encoding the request was loaded with. */
static void
touch (PkiX509Req *req)
{
  i2d_re_X509_REQ_tbs (req->req, NULL);
  ERR_clear_error ();
}

/**
 * pki_x509_req_new:
 *
 * Makes an empty request (version 1, the only one PKCS#10 defines) to fill
 * in and sign, pyOpenSSL's `X509Req()`.
 *
 * Returns: (transfer full): the new request.
 */
PkiX509Req *
pki_x509_req_new (void)
{
  X509_REQ *r = X509_REQ_new_ex (pki_libctx (), NULL);
  g_assert (r != NULL);
  X509_REQ_set_version (r, X509_REQ_VERSION_1);
  return req_new_take (r);
}

/**
 * pki_x509_req_load:
 * @type: %PKI_FILETYPE_PEM or %PKI_FILETYPE_ASN1
 * @data: (array length=len): the encoded request
 * @len: the length of @data
 * @error: return location for a #GError
 *
 * Loads a request, pyOpenSSL's `load_certificate_request`: in PEM the first
 * `CERTIFICATE REQUEST` (or `NEW CERTIFICATE REQUEST`) block; in DER
 * exactly one request.
 *
 * Returns: (transfer full): the request, or %NULL with
 *   %PKI_ERROR_BAD_INPUT.
 */
PkiX509Req *
pki_x509_req_load (PkiFiletype type, const guint8 *data, gsize len, GError **error)
{
  X509_REQ *r;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pki_check_load_input (type, len, "loading certificate request", error))
    return NULL;
  if (type == PKI_FILETYPE_PEM) {
    g_autoptr (BIO) bio = BIO_new_mem_buf (data, (int) len);
    r = PEM_read_bio_X509_REQ (bio, NULL, NULL, NULL);
    if (r == NULL) {
      pki_set_error (error, PKI_ERROR_BAD_INPUT,
                     "loading certificate request: no readable PEM CERTIFICATE REQUEST block");
      return NULL;
    }
  } else {
    const unsigned char *p = data;
    r = d2i_X509_REQ (NULL, &p, (long) len);
    if (r == NULL || p != data + len) {
      X509_REQ_free (r);
      pki_set_error (error, PKI_ERROR_BAD_INPUT,
                     "loading certificate request: not exactly one DER request");
      return NULL;
    }
  }
  ERR_clear_error ();
  return req_new_take (r);
}

/**
 * pki_x509_req_dump:
 * @req: a #PkiX509Req
 * @type: %PKI_FILETYPE_PEM, %PKI_FILETYPE_ASN1 or %PKI_FILETYPE_TEXT
 * @error: return location for a #GError
 *
 * Dumps the request, pyOpenSSL's `dump_certificate_request`: PEM, DER, or
 * the text `openssl req -text -noout` prints.
 *
 * Returns: (transfer full): the encoded request, or %NULL with @error set.
 */
GBytes *
pki_x509_req_dump (PkiX509Req *req, PkiFiletype type, GError **error)
{
  g_autoptr (BIO) bio = BIO_new (BIO_s_mem ());
  int ok;

  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pki_check_filetype (type, TRUE, "dumping certificate request", error))
    return NULL;
  if (type == PKI_FILETYPE_PEM)
    ok = PEM_write_bio_X509_REQ (bio, req->req);
  else if (type == PKI_FILETYPE_ASN1)
    ok = i2d_X509_REQ_bio (bio, req->req);
  else
    ok = X509_REQ_print_ex (bio, req->req, XN_FLAG_ONELINE, X509_FLAG_COMPAT);
  return pki_bio_dump_result (bio, ok, "dumping certificate request", error);
}

/**
 * pki_x509_req_get_version:
 * @req: a #PkiX509Req
 *
 * The version field: 0, meaning PKCS#10 version 1.
 *
 * Returns: the version number.
 */
gint
pki_x509_req_get_version (PkiX509Req *req)
{
  g_return_val_if_fail (req != NULL, -1);
  return (gint) X509_REQ_get_version (req->req);
}

/**
 * pki_x509_req_set_version:
 * @req: a #PkiX509Req
 * @version: 0, the only version PKCS#10 defines
 * @error: return location for a #GError
 *
 * Sets the version field.  As in pyOpenSSL 23.2 and later, only 0 is
 * accepted: other numbers make requests no CA reads.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT.
 */
gboolean
pki_x509_req_set_version (PkiX509Req *req, gint version, GError **error)
{
  g_return_val_if_fail (req != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (version != 0)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "certificate request version %d: only 0 (v1) exists", version);
  X509_REQ_set_version (req->req, 0);
  touch (req);
  return TRUE;
}

static X509_NAME *
subject_get (gpointer owner)
{
  return X509_REQ_get_subject_name (((PkiX509Req *) owner)->req);
}

static void
subject_changed (gpointer owner)
{
  touch (owner);
}

static const PkiNameOwner subject_owner = {
  subject_get, subject_changed, (gpointer (*) (gpointer)) pki_x509_req_ref,
  (void (*) (gpointer)) pki_x509_req_unref,
};

/**
 * pki_x509_req_get_subject:
 * @req: a #PkiX509Req
 *
 * The subject as a live view, as pki_x509_get_subject() gives for
 * certificates: changing it changes the request, and it holds a reference
 * on @req.
 *
 * Returns: (transfer full): a view of the subject.
 */
PkiX509Name *
pki_x509_req_get_subject (PkiX509Req *req)
{
  g_return_val_if_fail (req != NULL, NULL);
  return pki_x509_name_new_view (req, &subject_owner);
}

/**
 * pki_x509_req_set_subject:
 * @req: a #PkiX509Req
 * @name: the subject (copied)
 * @error: return location for a #GError
 *
 * Sets the subject to a copy of @name.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_x509_req_set_subject (PkiX509Req *req, PkiX509Name *name, GError **error)
{
  g_return_val_if_fail (req != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return pki_check_ossl (X509_REQ_set_subject_name (req->req, pki_x509_name_get_ossl (name)),
                         error, PKI_ERROR_FAILED, "setting the subject failed");
}

/**
 * pki_x509_req_get_pubkey:
 * @req: a #PkiX509Req
 * @error: return location for a #GError
 *
 * The public key the request asks to certify.
 *
 * Returns: (transfer full): a public-only key, or %NULL with
 *   %PKI_ERROR_BAD_INPUT when there is none OpenSSL can read.
 */
PkiPKey *
pki_x509_req_get_pubkey (PkiX509Req *req, GError **error)
{
  EVP_PKEY *pkey;

  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pkey = X509_REQ_get0_pubkey (req->req);
  if (pkey == NULL) {
    pki_set_error (error, PKI_ERROR_BAD_INPUT,
                   "the certificate request has no public key, or one OpenSSL cannot read");
    return NULL;
  }
  ERR_clear_error ();
  return pki_pkey_new_public (pkey);
}

/**
 * pki_x509_req_set_pubkey:
 * @req: a #PkiX509Req
 * @key: the key (only its public half goes in the request)
 * @error: return location for a #GError
 *
 * Sets the public key.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_x509_req_set_pubkey (PkiX509Req *req, PkiPKey *key, GError **error)
{
  g_return_val_if_fail (req != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return pki_check_ossl (X509_REQ_set_pubkey (req->req, pki_pkey_get_evp (key)), error,
                         PKI_ERROR_FAILED, "setting the public key failed");
}

/* ---------------------------------------------------------------------- */
/* Extensions and attributes */

static void
extension_stack_free (STACK_OF (X509_EXTENSION) *exts)
{
  sk_X509_EXTENSION_pop_free (exts, X509_EXTENSION_free);
}

/* The requested extensions (a new stack, empty when none), or NULL with
 * @error set when the extensionRequest attribute is malformed. */
static STACK_OF (X509_EXTENSION) *
requested_extensions (X509_REQ *r, GError **error)
{
  STACK_OF (X509_EXTENSION) *exts = NULL;

  if (X509_REQ_get_attr_by_NID (r, NID_ext_req, -1) < 0
      && X509_REQ_get_attr_by_NID (r, NID_ms_ext_req, -1) < 0)
    return sk_X509_EXTENSION_new_null ();
  exts = X509_REQ_get_extensions (r);
  if (exts == NULL)
    pki_set_error (error, PKI_ERROR_BAD_INPUT,
                   "the certificate request's extensionRequest attribute is malformed");
  return exts;
}

/**
 * pki_x509_req_add_extensions:
 * @req: a #PkiX509Req
 * @extensions: (array length=n_extensions): extensions to request (copied)
 * @n_extensions: how many
 * @error: return location for a #GError
 *
 * Adds extensions to the request's extensionRequest attribute, pyOpenSSL's
 * `add_extensions()`.  Calling it again adds to the same attribute (a
 * request has one).
 *
 * Returns: %TRUE on success; %FALSE with @error set and @req unchanged.
 */
gboolean
pki_x509_req_add_extensions (PkiX509Req *req, PkiX509Extension **extensions, guint n_extensions,
                             GError **error)
{
  STACK_OF (X509_EXTENSION) *exts;
  int idx;
  gboolean ok;

  g_return_val_if_fail (req != NULL, FALSE);
  g_return_val_if_fail (extensions != NULL || n_extensions == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  for (guint i = 0; i < n_extensions; i++)
    g_return_val_if_fail (extensions[i] != NULL, FALSE);

  exts = requested_extensions (req->req, error);
  if (exts == NULL)
    return FALSE;
  for (guint i = 0; i < n_extensions; i++)
    sk_X509_EXTENSION_push (exts, X509_EXTENSION_dup (pki_x509_extension_get_ossl (extensions[i])));
  while ((idx = X509_REQ_get_attr_by_NID (req->req, NID_ext_req, -1)) >= 0)
    X509_ATTRIBUTE_free (X509_REQ_delete_attr (req->req, idx));
  ok = sk_X509_EXTENSION_num (exts) == 0 || X509_REQ_add_extensions (req->req, exts);
  extension_stack_free (exts);
  touch (req);
  if (!ok)
    return pki_set_error (error, PKI_ERROR_FAILED, "adding extensions to the request failed");
  return TRUE;
}

/**
 * pki_x509_req_get_extensions:
 * @req: a #PkiX509Req
 * @error: return location for a #GError
 *
 * The extensions the request asks for, pyOpenSSL's `get_extensions()`.
 *
 * Returns: (transfer full) (element-type PkiX509Extension): the extensions
 *   (empty when none), or %NULL with %PKI_ERROR_BAD_INPUT when the
 *   attribute is malformed.
 */
GPtrArray *
pki_x509_req_get_extensions (PkiX509Req *req, GError **error)
{
  STACK_OF (X509_EXTENSION) *exts;
  GPtrArray *out;

  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  exts = requested_extensions (req->req, error);
  if (exts == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_extension_unref);
  while (sk_X509_EXTENSION_num (exts) > 0)
    g_ptr_array_add (out, pki_x509_extension_new_take (sk_X509_EXTENSION_shift (exts)));
  extension_stack_free (exts);
  ERR_clear_error ();
  return out;
}

/**
 * pki_x509_req_get_attribute_names:
 * @req: a #PkiX509Req
 *
 * The types of the request's attributes in order, by short name
 * ("challengePassword", "extReq") or dotted OID.
 *
 * Returns: (transfer full): a %NULL-terminated array (empty when none).
 */
GStrv
pki_x509_req_get_attribute_names (PkiX509Req *req)
{
  GPtrArray *names;
  int n;

  g_return_val_if_fail (req != NULL, NULL);
  names = g_ptr_array_new ();
  n = X509_REQ_get_attr_count (req->req);
  for (int i = 0; i < n; i++)
    g_ptr_array_add (names, pki_obj_to_name (X509_ATTRIBUTE_get0_object (
                                              X509_REQ_get_attr (req->req, i))));
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (names, FALSE);
}

/**
 * pki_x509_req_get_attribute:
 * @req: a #PkiX509Req
 * @name: the attribute type ("challengePassword", "unstructuredName", a
 *   dotted OID)
 * @error: return location for a #GError
 *
 * The first value of a text attribute, as UTF-8.
 *
 * Returns: (transfer full) (nullable): the value; %NULL without an error
 *   when the request has no such attribute; %NULL with
 *   %PKI_ERROR_BAD_INPUT for an unknown type or a value that is not text
 *   (read extensionRequest with pki_x509_req_get_extensions()).
 */
gchar *
pki_x509_req_get_attribute (PkiX509Req *req, const char *name, GError **error)
{
  g_autoptr (ASN1_OBJECT) obj = NULL;
  X509_ATTRIBUTE *attr;
  ASN1_TYPE *value;
  unsigned char *utf8 = NULL;
  gchar *out;
  int idx, n;

  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  obj = pki_obj_from_text (name, "attribute type", error);
  if (obj == NULL)
    return NULL;
  idx = X509_REQ_get_attr_by_OBJ (req->req, obj, -1);
  if (idx < 0) {
    ERR_clear_error ();
    return NULL;
  }
  attr = X509_REQ_get_attr (req->req, idx);
  value = X509_ATTRIBUTE_get0_type (attr, 0);
  n = value != NULL && value->type != V_ASN1_SEQUENCE && value->type != V_ASN1_SET
        && value->type != V_ASN1_OBJECT && value->type != V_ASN1_BOOLEAN
        && value->type != V_ASN1_NULL
          ? ASN1_STRING_to_UTF8 (&utf8, value->value.asn1_string) : -1;
  if (n < 0) {
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "attribute %s is not text", name);
    return NULL;
  }
  out = g_strndup ((const char *) utf8, (gsize) n);
  OPENSSL_free (utf8);
  ERR_clear_error ();
  return out;
}

/**
 * pki_x509_req_add_attribute:
 * @req: a #PkiX509Req
 * @name: the attribute type ("challengePassword", "unstructuredName", a
 *   dotted OID)
 * @value: the value, UTF-8
 * @error: return location for a #GError
 *
 * Adds a text attribute, encoded as OpenSSL's string rules for the type say.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for an
 *   unknown type or a value the type does not allow.
 */
gboolean
pki_x509_req_add_attribute (PkiX509Req *req, const char *name, const char *value, GError **error)
{
  g_autoptr (ASN1_OBJECT) obj = NULL;
  gsize len;

  g_return_val_if_fail (req != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  obj = pki_obj_from_text (name, "attribute type", error);
  if (obj == NULL)
    return FALSE;
  len = strlen (value);
  if (OBJ_obj2nid (obj) == NID_ext_req || OBJ_obj2nid (obj) == NID_ms_ext_req)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "use pki_x509_req_add_extensions() for extensions");
  if (!g_utf8_validate_len (value, len, NULL) || len > G_MAXINT
      || !X509_REQ_add1_attr_by_OBJ (req->req, obj, MBSTRING_UTF8, (const unsigned char *) value,
                                     (int) len))
    return pki_set_error (error, PKI_ERROR_BAD_INPUT, "attribute %s: invalid value", name);
  touch (req);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Signatures */

/**
 * pki_x509_req_sign:
 * @req: a #PkiX509Req
 * @key: the private key matching the request's public key
 * @digest: (nullable): the digest; %NULL means SHA-256, and must be %NULL
 *   for Ed25519 and Ed448
 * @error: return location for a #GError
 *
 * Signs the request, pyOpenSSL's `sign()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set as pki_x509_sign() does.
 */
gboolean
pki_x509_req_sign (PkiX509Req *req, PkiPKey *key, const char *digest, GError **error)
{
  g_autoptr (EVP_MD_CTX) mctx = NULL;

  g_return_val_if_fail (req != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  mctx = pki_digest_sign_new (key, digest, "signing certificate request", error);
  if (mctx == NULL)
    return FALSE;
  return pki_check_ossl (X509_REQ_sign_ctx (req->req, mctx) > 0, error, PKI_ERROR_FAILED,
                         "signing certificate request failed");
}

/**
 * pki_x509_req_verify:
 * @req: a #PkiX509Req
 * @key: (nullable): the key to check with; %NULL uses the request's own
 *   public key (the proof that the requester holds the private key)
 * @error: return location for a #GError
 *
 * Checks the request's signature, pyOpenSSL's `verify()`.
 *
 * Returns: %TRUE when it verifies; %FALSE with %PKI_ERROR_SIGNATURE (or
 *   %PKI_ERROR_BAD_INPUT when the request has no readable key).
 */
gboolean
pki_x509_req_verify (PkiX509Req *req, PkiPKey *key, GError **error)
{
  g_autoptr (PkiPKey) own = NULL;

  g_return_val_if_fail (req != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (key == NULL) {
    own = pki_x509_req_get_pubkey (req, error);
    if (own == NULL)
      return FALSE;
    key = own;
  }
  if (X509_REQ_verify (req->req, pki_pkey_get_evp (key)) != 1)
    return pki_set_error (error, PKI_ERROR_SIGNATURE,
                          "the certificate request's signature does not verify with this %s key",
                          pki_pkey_get_type_name (key));
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_x509_req_get_signature_algorithm:
 * @req: a #PkiX509Req
 * @error: return location for a #GError
 *
 * The signature algorithm by OpenSSL's long name
 * ("sha256WithRSAEncryption").
 *
 * Returns: (transfer full): the name, or %NULL with
 *   %PKI_ERROR_UNSUPPORTED for an algorithm OpenSSL does not know.
 */
gchar *
pki_x509_req_get_signature_algorithm (PkiX509Req *req, GError **error)
{
  const X509_ALGOR *alg = NULL;

  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  X509_REQ_get0_signature (req->req, NULL, &alg);
  return pki_sigalg_to_name (alg, error);
}

/* ---------------------------------------------------------------------- */
/* Issue options */

struct _PkiIssueOptions {
  PkiProfile profile;
  gint path_length;
  GDateTime *not_before;
  GDateTime *not_after;
  guint days;
  gchar *digest;
  gchar *serial;
  PkiCopyExtensions copy;
  GStrv copy_types;
  GPtrArray *extensions;
};

static void
pki_issue_options_clear (PkiIssueOptions *options)
{
  g_clear_pointer (&options->not_before, g_date_time_unref);
  g_clear_pointer (&options->not_after, g_date_time_unref);
  g_free (options->digest);
  g_free (options->serial);
  g_strfreev (options->copy_types);
  g_ptr_array_unref (options->extensions);
}

/**
 * pki_issue_options_ref:
 * @options: a #PkiIssueOptions
 *
 * Takes a reference on @options.
 *
 * Returns: (transfer full): @options
 */
/**
 * pki_issue_options_unref:
 * @options: (nullable) (transfer full): a #PkiIssueOptions
 *
 * Releases a reference on @options.  %NULL is ignored.
 */
/**
 * pki_issue_options_get_type:
 *
 * The boxed #GType of #PkiIssueOptions (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiIssueOptions, pki_issue_options, pki_issue_options_clear)

/**
 * pki_issue_options_new:
 *
 * Options with the defaults: no profile, valid from now for 365 days,
 * SHA-256 (none for Ed25519/Ed448 issuers), a random serial, no requested
 * extension copied.
 *
 * Returns: (transfer full): the new options.
 */
PkiIssueOptions *
pki_issue_options_new (void)
{
  PkiIssueOptions *options = g_atomic_rc_box_new0 (PkiIssueOptions);
  options->path_length = -1;
  options->days = 365;
  options->extensions = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_extension_unref);
  return options;
}

/**
 * pki_issue_options_set_profile:
 * @options: a #PkiIssueOptions
 * @profile: the profile
 * @path_length: for %PKI_PROFILE_CA, how many intermediate CAs may follow
 *   (-1 for no limit); ignored otherwise
 *
 * Chooses the extension set the certificate gets (see #PkiProfile).
 */
void
pki_issue_options_set_profile (PkiIssueOptions *options, PkiProfile profile, gint path_length)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (profile >= PKI_PROFILE_NONE && profile <= PKI_PROFILE_CA);
  options->profile = profile;
  options->path_length = path_length;
}

/**
 * pki_issue_options_set_validity:
 * @options: a #PkiIssueOptions
 * @not_before: (nullable): the start of validity; %NULL means now
 * @not_after: (nullable): the end of validity; %NULL means the start plus
 *   the days of pki_issue_options_set_days()
 *
 * Sets the validity period.
 */
void
pki_issue_options_set_validity (PkiIssueOptions *options, GDateTime *not_before,
                                GDateTime *not_after)
{
  g_return_if_fail (options != NULL);
  g_clear_pointer (&options->not_before, g_date_time_unref);
  g_clear_pointer (&options->not_after, g_date_time_unref);
  options->not_before = not_before != NULL ? g_date_time_ref (not_before) : NULL;
  options->not_after = not_after != NULL ? g_date_time_ref (not_after) : NULL;
}

/**
 * pki_issue_options_set_days:
 * @options: a #PkiIssueOptions
 * @days: how many days the certificate is valid for (at least 1)
 *
 * Sets the length of validity used when no end is set.
 */
void
pki_issue_options_set_days (PkiIssueOptions *options, guint days)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (days > 0 && days <= 3650000);
  options->days = days;
}

/**
 * pki_issue_options_set_digest:
 * @options: a #PkiIssueOptions
 * @digest: (nullable): the signature digest; %NULL means SHA-256 (none for
 *   Ed25519 and Ed448 issuers)
 *
 * Sets the digest the issuer signs with.
 */
void
pki_issue_options_set_digest (PkiIssueOptions *options, const char *digest)
{
  g_return_if_fail (options != NULL);
  g_free (options->digest);
  options->digest = g_strdup (digest);
}

/**
 * pki_issue_options_set_serial:
 * @options: a #PkiIssueOptions
 * @hex: (nullable): the serial number in hex, or %NULL for a random one
 * @error: return location for a #GError
 *
 * Sets the serial number.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for text that
 *   is not a serial number (see pki_x509_set_serial()).
 */
gboolean
pki_issue_options_set_serial (PkiIssueOptions *options, const char *hex, GError **error)
{
  g_autoptr (ASN1_INTEGER) check = NULL;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (hex != NULL && (check = pki_asn1_integer_from_hex (hex, error)) == NULL)
    return FALSE;
  g_free (options->serial);
  options->serial = g_strdup (hex);
  return TRUE;
}

/**
 * pki_issue_options_set_copy_extensions:
 * @options: a #PkiIssueOptions
 * @mode: which requested extensions to copy
 * @types: (nullable) (array zero-terminated=1): for
 *   %PKI_COPY_EXTENSIONS_LISTED, the types to copy ("subjectAltName",
 *   dotted OIDs)
 *
 * Chooses which extensions of the request go into the certificate.
 */
void
pki_issue_options_set_copy_extensions (PkiIssueOptions *options, PkiCopyExtensions mode,
                                       const char *const *types)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (mode >= PKI_COPY_EXTENSIONS_NONE && mode <= PKI_COPY_EXTENSIONS_LISTED);
  options->copy = mode;
  g_strfreev (options->copy_types);
  options->copy_types = g_strdupv ((GStrv) types);
}

/**
 * pki_issue_options_add_extension:
 * @options: a #PkiIssueOptions
 * @extension: an extension for the certificate
 *
 * Adds an extension to the certificate.  It replaces a profile or requested
 * extension of the same type (to set your own keyUsage, say).
 */
void
pki_issue_options_add_extension (PkiIssueOptions *options, PkiX509Extension *extension)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (extension != NULL);
  g_ptr_array_add (options->extensions, pki_x509_extension_ref (extension));
}

/* ---------------------------------------------------------------------- */
/* Issuing */

static const ASN1_OBJECT *
ext_obj (PkiX509Extension *ext)
{
  return X509_EXTENSION_get_object (pki_x509_extension_get_ossl (ext));
}

/* Index of an extension of the same type as @obj in @list, or -1. */
static gint
find_type (GPtrArray *list, const ASN1_OBJECT *obj)
{
  for (guint i = 0; i < list->len; i++)
    if (OBJ_cmp (ext_obj (list->pdata[i]), obj) == 0)
      return (gint) i;
  return -1;
}

/* Puts @ext in @list, replacing one of the same type. */
static void
put_extension (GPtrArray *list, PkiX509Extension *ext)
{
  gint i = find_type (list, ext_obj (ext));
  if (i >= 0) {
    pki_x509_extension_unref (list->pdata[i]);
    list->pdata[i] = ext;
  } else {
    g_ptr_array_add (list, ext);
  }
}

/* Adds a configuration-syntax extension to @list. */
static gboolean
put_conf (GPtrArray *list, const char *type, gboolean critical, const char *value,
          PkiX509 *subject, PkiX509 *issuer, GError **error)
{
  PkiX509Extension *ext = pki_x509_extension_new (type, critical, value, subject, issuer, error);
  if (ext == NULL)
    return FALSE;
  put_extension (list, ext);
  return TRUE;
}

static gboolean
profile_extensions (GPtrArray *list, PkiIssueOptions *o, PkiPKey *subject_key, GError **error)
{
  g_autofree gchar *bc = NULL;
  gboolean rsa = pki_pkey_get_key_type (subject_key) == PKI_PKEY_TYPE_RSA;
  const char *leaf_ku = rsa ? "digitalSignature,keyEncipherment" : "digitalSignature";

  switch (o->profile) {
  case PKI_PROFILE_SERVER:
  case PKI_PROFILE_CLIENT:
    return put_conf (list, "basicConstraints", TRUE, "CA:FALSE", NULL, NULL, error)
           && put_conf (list, "keyUsage", TRUE, leaf_ku, NULL, NULL, error)
           && put_conf (list, "extendedKeyUsage", FALSE,
                        o->profile == PKI_PROFILE_SERVER ? "serverAuth" : "clientAuth", NULL,
                        NULL, error);
  case PKI_PROFILE_CA:
    bc = o->path_length >= 0 ? g_strdup_printf ("CA:TRUE,pathlen:%d", o->path_length)
                             : g_strdup ("CA:TRUE");
    return put_conf (list, "basicConstraints", TRUE, bc, NULL, NULL, error)
           && put_conf (list, "keyUsage", TRUE, "keyCertSign,cRLSign,digitalSignature", NULL,
                        NULL, error);
  case PKI_PROFILE_NONE:
  default:
    return TRUE;
  }
}

/* Whether the requested extension @ext is to be copied.  Key identifiers
 * are the issuer's to set, whatever the request asks. */
static gboolean
wanted (PkiIssueOptions *o, PkiX509Extension *ext, GError **error)
{
  int nid = OBJ_obj2nid (ext_obj (ext));

  if (nid == NID_subject_key_identifier || nid == NID_authority_key_identifier)
    return FALSE;
  if (o->copy == PKI_COPY_EXTENSIONS_ALL)
    return TRUE;
  if (o->copy == PKI_COPY_EXTENSIONS_NONE || o->copy_types == NULL)
    return FALSE;
  for (guint i = 0; o->copy_types[i] != NULL; i++) {
    g_autoptr (ASN1_OBJECT) obj = pki_obj_from_text (o->copy_types[i], "extension type", error);
    if (obj == NULL)
      return FALSE;
    if (OBJ_cmp (obj, ext_obj (ext)) == 0)
      return TRUE;
  }
  return FALSE;
}

static gboolean
set_validity (PkiX509 *cert, PkiIssueOptions *o, GError **error)
{
  g_autoptr (GDateTime) start = o->not_before != NULL ? g_date_time_ref (o->not_before)
                                                      : g_date_time_new_now_utc ();
  g_autoptr (GDateTime) end = o->not_after != NULL ? g_date_time_ref (o->not_after)
                                                   : g_date_time_add_days (start, (gint) o->days);

  if (end == NULL || g_date_time_compare (end, start) <= 0)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "issuing: the validity period ends before it starts");
  return pki_x509_set_not_before (cert, start, error) && pki_x509_set_not_after (cert, end, error);
}

static PkiX509 *
issue (PkiX509Req *req, PkiX509 *issuer, PkiPKey *issuer_key, PkiIssueOptions *o,
       GError **error)
{
  g_autoptr (PkiX509) cert = pki_x509_new ();
  g_autoptr (PkiPKey) subject_key = NULL;
  g_autoptr (PkiPKey) issuer_pub = NULL;
  g_autoptr (PkiX509Name) subject = pki_x509_req_get_subject (req);
  g_autoptr (PkiX509Name) issuer_name = issuer != NULL ? pki_x509_get_subject (issuer) : NULL;
  g_autoptr (GPtrArray) requested = NULL;
  g_autoptr (GPtrArray) exts = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_extension_unref);
  g_autoptr (PkiX509Extension) own_ski = NULL;
  PkiX509 *authority;

  if (!pki_x509_req_verify (req, NULL, error)) {
    g_prefix_error (error, "issuing: refusing a request whose signature does not verify: ");
    return NULL;
  }
  subject_key = pki_x509_req_get_pubkey (req, error);
  if (subject_key == NULL)
    return NULL;
  issuer_pub = issuer != NULL ? pki_x509_get_pubkey (issuer, error) : pki_pkey_ref (subject_key);
  if (issuer_pub == NULL)
    return NULL;
  if (!pki_pkey_public_equal (issuer_pub, issuer_key)) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           issuer != NULL
                               ? "issuing: the issuer key does not match the issuer certificate"
                               : "issuing: a self-signed certificate must be signed with the "
                                 "request's own key");
    return NULL;
  }

  if (!pki_x509_set_subject (cert, subject, error)
      || !pki_x509_set_issuer (cert, issuer_name != NULL ? issuer_name : subject, error)
      || !pki_x509_set_pubkey (cert, subject_key, error)
      || !(o->serial != NULL ? pki_x509_set_serial (cert, o->serial, error)
                             : pki_x509_set_random_serial (cert, error))
      || !set_validity (cert, o, error))
    return NULL;

  /* The profile, then the caller's extensions over it, then the requested
   * ones the caller wants and nothing above already has. */
  if (!profile_extensions (exts, o, subject_key, error))
    return NULL;
  for (guint i = 0; i < o->extensions->len; i++)
    put_extension (exts, pki_x509_extension_ref (o->extensions->pdata[i]));
  requested = pki_x509_req_get_extensions (req, error);
  if (requested == NULL)
    return NULL;
  for (guint i = 0; i < requested->len; i++) {
    PkiX509Extension *ext = requested->pdata[i];
    GError *local = NULL;
    if (wanted (o, ext, &local) && find_type (exts, ext_obj (ext)) < 0)
      g_ptr_array_add (exts, pki_x509_extension_ref (ext));
    if (local != NULL) {
      g_propagate_error (error, local);
      return NULL;
    }
  }
  if (!pki_x509_add_extensions (cert, (PkiX509Extension **) exts->pdata, exts->len, error))
    return NULL;

  /* Key identifiers: the subject's from its key, the authority's from the
   * issuer (the certificate itself when self-signed). */
  authority = issuer != NULL ? issuer : cert;
  g_ptr_array_set_size (exts, 0);
  own_ski = pki_x509_get_extension_by_oid (cert, "subjectKeyIdentifier", NULL);
  if (own_ski == NULL
      && !put_conf (exts, "subjectKeyIdentifier", FALSE, "hash", cert, NULL, error))
    return NULL;
  if (!pki_x509_add_extensions (cert, (PkiX509Extension **) exts->pdata, exts->len, error))
    return NULL;
  g_ptr_array_set_size (exts, 0);
  g_ptr_array_add (exts, pki_x509_authority_key_id (authority, error));
  if (exts->pdata[0] == NULL
      || !pki_x509_add_extensions (cert, (PkiX509Extension **) exts->pdata, exts->len, error))
    return NULL;

  if (!pki_x509_sign (cert, issuer_key, o->digest, error))
    return NULL;
  return g_steal_pointer (&cert);
}

/**
 * pki_x509_req_issue:
 * @req: the certificate signing request
 * @issuer: (nullable): the issuing CA's certificate, or %NULL for a
 *   self-signed certificate
 * @issuer_key: the issuer's private key (for a self-signed certificate, the
 *   private key of the request's public key)
 * @options: (nullable): how to issue; %NULL takes the defaults of
 *   pki_issue_options_new()
 * @error: return location for a #GError
 *
 * Makes a certificate from a request, as a CA does: it refuses a request
 * whose signature does not verify, copies the subject and the public key,
 * sets the serial (random unless chosen), the validity, the profile's
 * extensions, the caller's, the requested ones the options allow, a
 * subjectKeyIdentifier from the key and an authorityKeyIdentifier from the
 * issuer, then signs with @issuer_key.
 *
 * Returns: (transfer full): the signed certificate, or %NULL with @error
 *   set: %PKI_ERROR_SIGNATURE for a request that does not verify,
 *   %PKI_ERROR_BAD_INPUT for an issuer key that does not match, bad
 *   options or malformed requested extensions, and the errors of
 *   pki_x509_sign().
 */
PkiX509 *
pki_x509_req_issue (PkiX509Req *req, PkiX509 *issuer, PkiPKey *issuer_key,
                    PkiIssueOptions *options, GError **error)
{
  g_autoptr (PkiIssueOptions) defaults = NULL;

  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (issuer_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = defaults = pki_issue_options_new ();
  return issue (req, issuer, issuer_key, options, error);
}
