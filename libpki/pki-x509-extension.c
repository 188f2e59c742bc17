/* libpki: PkiX509Extension, certificate extensions (pyOpenSSL's X509Extension).
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <arpa/inet.h>
#include <limits.h>
#include <openssl/conf.h>
#include <openssl/objects.h>
#include <string.h>
#include <sys/socket.h>

/* The kinds are the GeneralName CHOICE tags, as OpenSSL's GEN_* are. */
G_STATIC_ASSERT (PKI_GENERAL_NAME_OTHER == GEN_OTHERNAME);
G_STATIC_ASSERT (PKI_GENERAL_NAME_EMAIL == GEN_EMAIL);
G_STATIC_ASSERT (PKI_GENERAL_NAME_DNS == GEN_DNS);
G_STATIC_ASSERT (PKI_GENERAL_NAME_X400 == GEN_X400);
G_STATIC_ASSERT (PKI_GENERAL_NAME_DIRNAME == GEN_DIRNAME);
G_STATIC_ASSERT (PKI_GENERAL_NAME_EDIPARTY == GEN_EDIPARTY);
G_STATIC_ASSERT (PKI_GENERAL_NAME_URI == GEN_URI);
G_STATIC_ASSERT (PKI_GENERAL_NAME_IP == GEN_IPADD);
G_STATIC_ASSERT (PKI_GENERAL_NAME_RID == GEN_RID);

/* OpenSSL types only this source handles. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CONF, NCONF_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AUTHORITY_KEYID, AUTHORITY_KEYID_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_BIT_STRING, ASN1_BIT_STRING_free)

struct _PkiX509Extension {
  X509_EXTENSION *ext;           /* never changed once made */
};

struct _PkiGeneralName {
  PkiGeneralNameKind kind;
  gchar *value;                  /* @length bytes, then a NUL */
  gsize length;
};

static void
pki_x509_extension_clear (PkiX509Extension *ext)
{
  X509_EXTENSION_free (ext->ext);
}

static void
pki_general_name_clear (PkiGeneralName *gn)
{
  g_free (gn->value);
}

/**
 * pki_x509_extension_ref:
 * @ext: a #PkiX509Extension
 *
 * Takes a reference on @ext.
 *
 * Returns: (transfer full): @ext
 */
/**
 * pki_x509_extension_unref:
 * @ext: (nullable) (transfer full): a #PkiX509Extension
 *
 * Releases a reference on @ext, freeing it when the last one goes.  %NULL
 * is ignored.
 */
/**
 * pki_x509_extension_get_type:
 *
 * The boxed #GType of #PkiX509Extension (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiX509Extension, pki_x509_extension, pki_x509_extension_clear)

/**
 * pki_general_name_ref:
 * @gn: a #PkiGeneralName
 *
 * Takes a reference on @gn.
 *
 * Returns: (transfer full): @gn
 */
/**
 * pki_general_name_unref:
 * @gn: (nullable) (transfer full): a #PkiGeneralName
 *
 * Releases a reference on @gn, freeing it when the last one goes.  %NULL
 * is ignored.
 */
/**
 * pki_general_name_get_type:
 *
 * The boxed #GType of #PkiGeneralName (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiGeneralName, pki_general_name, pki_general_name_clear)

/**
 * pki_general_name_kind_get_type:
 *
 * The #GType of the #PkiGeneralNameKind enumeration.
 *
 * Returns: the #GType.
 */
G_DEFINE_ENUM_TYPE (PkiGeneralNameKind, pki_general_name_kind,
  G_DEFINE_ENUM_VALUE (PKI_GENERAL_NAME_OTHER, "other"),
  G_DEFINE_ENUM_VALUE (PKI_GENERAL_NAME_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (PKI_GENERAL_NAME_DNS, "dns"),
  G_DEFINE_ENUM_VALUE (PKI_GENERAL_NAME_X400, "x400"),
  G_DEFINE_ENUM_VALUE (PKI_GENERAL_NAME_DIRNAME, "dirname"),
  G_DEFINE_ENUM_VALUE (PKI_GENERAL_NAME_EDIPARTY, "ediparty"),
  G_DEFINE_ENUM_VALUE (PKI_GENERAL_NAME_URI, "uri"),
  G_DEFINE_ENUM_VALUE (PKI_GENERAL_NAME_IP, "ip"),
  G_DEFINE_ENUM_VALUE (PKI_GENERAL_NAME_RID, "rid"))

/**
 * pki_key_usage_get_type:
 *
 * The #GType of the #PkiKeyUsage flags.
 *
 * Returns: the #GType.
 */
G_DEFINE_FLAGS_TYPE (PkiKeyUsage, pki_key_usage,
  G_DEFINE_ENUM_VALUE (PKI_KEY_USAGE_DIGITAL_SIGNATURE, "digital-signature"),
  G_DEFINE_ENUM_VALUE (PKI_KEY_USAGE_NON_REPUDIATION, "non-repudiation"),
  G_DEFINE_ENUM_VALUE (PKI_KEY_USAGE_KEY_ENCIPHERMENT, "key-encipherment"),
  G_DEFINE_ENUM_VALUE (PKI_KEY_USAGE_DATA_ENCIPHERMENT, "data-encipherment"),
  G_DEFINE_ENUM_VALUE (PKI_KEY_USAGE_KEY_AGREEMENT, "key-agreement"),
  G_DEFINE_ENUM_VALUE (PKI_KEY_USAGE_KEY_CERT_SIGN, "key-cert-sign"),
  G_DEFINE_ENUM_VALUE (PKI_KEY_USAGE_CRL_SIGN, "crl-sign"),
  G_DEFINE_ENUM_VALUE (PKI_KEY_USAGE_ENCIPHER_ONLY, "encipher-only"),
  G_DEFINE_ENUM_VALUE (PKI_KEY_USAGE_DECIPHER_ONLY, "decipher-only"))

PkiX509Extension *
pki_x509_extension_new_take (X509_EXTENSION *x)
{
  PkiX509Extension *ext = g_atomic_rc_box_new0 (PkiX509Extension);
  ext->ext = x;
  return ext;
}

X509_EXTENSION *
pki_x509_extension_get_ossl (PkiX509Extension *ext)
{
  return ext->ext;
}

/* ---------------------------------------------------------------------- */
/* Small helpers */

/* Upper-case hex of @len bytes, no separators. */
static gchar *
hex_string (const guint8 *data, gsize len)
{
  static const char digits[] = "0123456789ABCDEF";
  gchar *out = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++) {
    out[2 * i] = digits[data[i] >> 4];
    out[2 * i + 1] = digits[data[i] & 0xf];
  }
  out[len * 2] = '\0';
  return out;
}

/* The NID of @ext's type (NID_undef for an OID OpenSSL does not know). */
static int
ext_nid (PkiX509Extension *ext)
{
  return OBJ_obj2nid (X509_EXTENSION_get_object (ext->ext));
}

/* The extnValue octets of @ext. */
static const guint8 *
ext_value (PkiX509Extension *ext, gsize *len)
{
  const ASN1_OCTET_STRING *oct = X509_EXTENSION_get_data (ext->ext);
  int n = oct != NULL ? ASN1_STRING_length (oct) : 0;

  *len = n > 0 ? (gsize) n : 0;
  return *len > 0 ? ASN1_STRING_get0_data (oct) : NULL;
}

/* Checks that @ext is of the type @nid (or @nid2, or @nid3; NID_undef for
 * none), naming @wanted in the error when it is not. */
static gboolean
check_type (PkiX509Extension *ext, int nid, int nid2, int nid3, const char *wanted,
            GError **error)
{
  int have = ext_nid (ext);
  g_autofree gchar *name = NULL;

  if (have != NID_undef && (have == nid || have == nid2 || have == nid3))
    return TRUE;
  name = pki_obj_to_name (X509_EXTENSION_get_object (ext->ext));
  return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "extension is %s, not %s", name,
                                wanted);
}

/* Decodes the whole extnValue of @ext as @it; trailing bytes are an error.
 * Returns the decoded structure (free it with ASN1_item_free or the type's
 * own free function), or NULL with @error set. */
static void *
decode_value (PkiX509Extension *ext, const ASN1_ITEM *it, GError **error)
{
  g_autofree gchar *name = pki_obj_to_name (X509_EXTENSION_get_object (ext->ext));
  const unsigned char *p, *end;
  gsize len;
  void *value;

  p = ext_value (ext, &len);
  if (len == 0) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "%s extension: the value is empty",
                           name);
    return NULL;
  }
  if (len > INT_MAX) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "%s extension: the value is too long",
                           name);
    return NULL;
  }
  end = p + len;
  value = ASN1_item_d2i (NULL, &p, (long) len, it);
  if (value == NULL) {
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "%s extension: the value does not decode", name);
    return NULL;
  }
  if (p != end) {
    ASN1_item_free (value, it);
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "%s extension: %zu bytes of trailing data after the value", name,
                           (gsize) (end - p));
    return NULL;
  }
  return value;
}

/* ---------------------------------------------------------------------- */
/* Construction */

/* Checks that the value of @x is not empty and, when OpenSSL knows the
 * type, decodes as that type (all of it). */
static gboolean
check_known_value (X509_EXTENSION *x, const char *oid, GError **error)
{
  const X509V3_EXT_METHOD *method = X509V3_EXT_get (x);
  const ASN1_OCTET_STRING *oct = X509_EXTENSION_get_data (x);
  long len = oct != NULL ? ASN1_STRING_length (oct) : 0;
  const unsigned char *p, *end;
  void *value;

  if (len <= 0)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "extension %s: the value is empty",
                                  oid);
  if (method == NULL)
    return TRUE;
  p = ASN1_STRING_get0_data (oct);
  end = p + len;
  if (method->it != NULL) {
    value = ASN1_item_d2i (NULL, &p, len, ASN1_ITEM_ptr (method->it));
    if (value != NULL)
      ASN1_item_free (value, ASN1_ITEM_ptr (method->it));
  } else if (method->d2i != NULL && method->ext_free != NULL) {
    value = method->d2i (NULL, &p, len);
    if (value != NULL)
      method->ext_free (value);
  } else {
    return TRUE;
  }
  if (value == NULL)
    return pki_set_error (error, PKI_ERROR_BAD_INPUT,
                          "extension %s: the DER value does not decode as %s", oid,
                          OBJ_nid2sn (method->ext_nid));
  if (p != end)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "extension %s: %zu bytes of trailing data after the %s value",
                                  oid, (gsize) (end - p), OBJ_nid2sn (method->ext_nid));
  return TRUE;
}

/* Skips OpenSSL's "critical," prefix (and the blanks after it). */
static const char *
skip_critical (const char *value)
{
  if (!g_str_has_prefix (value, "critical,"))
    return value;
  value += strlen ("critical,");
  while (g_ascii_isspace (*value))
    value++;
  return value;
}

/* Whether @value is one of OpenSSL's generic forms ("DER:hex", "ASN1:..."),
 * which any OID can take. */
static gboolean
is_generic_value (const char *value)
{
  value = skip_critical (value);
  return g_str_has_prefix (value, "DER:") || g_str_has_prefix (value, "ASN1:");
}

/* An empty configuration database.  libpki has no configuration file, but
 * OpenSSL parses certificatePolicies only with a database at hand, even a
 * plain "1.2.3.4"; with an empty one its "@section" references fail with
 * "invalid section".  The only other such type, proxyCertInfo, keeps
 * pyOpenSSL's "no config database" error: its values can read files
 * ("policy:file:/path"), which a value string must never do. */
static CONF *
empty_conf (void)
{
  g_autoptr (CONF) conf = NCONF_new_ex (pki_libctx (), NULL);
  g_autoptr (BIO) bio = BIO_new_mem_buf ("", 0);
  long line = -1;

  if (conf == NULL || bio == NULL || NCONF_load_bio (conf, bio, &line) <= 0)
    return NULL;
  return g_steal_pointer (&conf);
}

/**
 * pki_x509_extension_new:
 * @type_name: the extension's short name ("basicConstraints",
 *   "subjectAltName", ...), long name ("X509v3 Basic Constraints") or dotted
 *   OID ("2.5.29.19"); an OID OpenSSL does not know takes only the generic
 *   values ("DER:0500", "ASN1:UTF8String:text")
 * @critical: whether the extension is critical
 * @value: the value in OpenSSL's configuration syntax, as
 *   `openssl x509 -extfile` and pyOpenSSL's `X509Extension (type_name,
 *   critical, value)` take it: "CA:TRUE,pathlen:0", "digitalSignature,keyCertSign",
 *   "serverAuth,clientAuth", "DNS:example.com,IP:192.0.2.1,email:a@example.com",
 *   "hash" (subjectKeyIdentifier), "keyid:always" (authorityKeyIdentifier),
 *   "URI:http://crl.example.com/ca.crl" (crlDistributionPoints),
 *   "OCSP;URI:http://ocsp.example.com/" (authorityInfoAccess), "1.2.3.4" or
 *   "anyPolicy" (certificatePolicies), "permitted;DNS:.example.com"
 *   (nameConstraints), "DER:hex" for any extension (which must decode as
 *   the type when OpenSSL knows it).  A value that itself starts with
 *   "critical," makes the extension critical whatever @critical says, as
 *   in OpenSSL.
 * @subject: (nullable): the certificate the extension is for, which values
 *   such as subjectKeyIdentifier "hash" read the public key of
 * @issuer: (nullable): the issuing certificate, which values such as
 *   authorityKeyIdentifier "keyid:always,issuer:always" read
 * @error: return location for a #GError
 *
 * Builds an extension from its text form.  There is no configuration
 * database: values that name a section ("@section", "dirName:section",
 * "ASN1:SEQUENCE:section") are refused, and so is proxyCertInfo (except as
 * "DER:hex"), which OpenSSL builds only from a configuration file, as in
 * pyOpenSSL.
 *
 * Returns: (transfer full): the new extension, or %NULL with @error set to
 *   %PKI_ERROR_BAD_INPUT for an unknown type name, an empty or malformed
 *   value, or a value that needs a @subject or @issuer that was not given
 *   (the message carries OpenSSL's reasons: "no subject details",
 *   "no issuer certificate", ...).
 */
PkiX509Extension *
pki_x509_extension_new (const char *type_name, gboolean critical, const char *value,
                        PkiX509 *subject, PkiX509 *issuer, GError **error)
{
  g_autoptr (CONF) conf = NULL;
  g_autoptr (ASN1_OBJECT) obj = NULL;
  g_autofree gchar *with_critical = NULL;
  const char *text = value;
  X509_EXTENSION *x;
  X509V3_CTX ctx;
  int nid;

  g_return_val_if_fail (type_name != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  nid = *type_name != '\0' ? OBJ_txt2nid (type_name) : NID_undef;
  if (nid == NID_undef) {
    /* Only the generic forms can build an extension OpenSSL has no name
     * for, and only from a dotted OID. */
    obj = *type_name != '\0' && is_generic_value (value) ? OBJ_txt2obj (type_name, 1) : NULL;
    if (obj == NULL) {
      pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "unknown extension '%s'", type_name);
      return NULL;
    }
  }
  if (*skip_critical (value) == '\0') {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "extension %s: the value is empty",
                           type_name);
    return NULL;
  }
  if (critical && text == skip_critical (text))
    text = with_critical = g_strconcat ("critical,", value, NULL);

  memset (&ctx, 0, sizeof ctx);
  X509V3_set_ctx (&ctx, issuer != NULL ? pki_x509_get_ossl (issuer) : NULL,
                  subject != NULL ? pki_x509_get_ossl (subject) : NULL, NULL, NULL, 0);
  X509V3_set_ctx_nodb (&ctx);
  if (nid == NID_certificate_policies) {
    conf = empty_conf ();
    if (conf == NULL) {
      pki_set_error (error, PKI_ERROR_FAILED, "extension %s: setting up OpenSSL failed",
                     type_name);
      return NULL;
    }
    X509V3_set_nconf (&ctx, conf);
  }

  if (nid != NID_undef)
    x = X509V3_EXT_nconf_nid (conf, &ctx, nid, text);
  else
    x = X509V3_EXT_nconf (conf, &ctx, type_name, text);
  if (x == NULL) {
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "extension %s: invalid value '%s'", type_name,
                   value);
    return NULL;
  }
  /* A generic "DER:"/"ASN1:" value is taken as it is: check it as
   * pki_x509_extension_new_from_der() does. */
  if (!check_known_value (x, type_name, error)) {
    X509_EXTENSION_free (x);
    return NULL;
  }
  ERR_clear_error ();
  return pki_x509_extension_new_take (x);
}

/**
 * pki_x509_extension_new_from_der:
 * @oid: the extension's type: a dotted OID (any, known to OpenSSL or not),
 *   short name or long name
 * @critical: whether the extension is critical
 * @der: (array length=len): the DER of the value (the contents of
 *   extnValue)
 * @len: the length of @der
 * @error: return location for a #GError
 *
 * Builds an extension from its encoded value, stored exactly as given.
 * When OpenSSL knows the type, the value must decode as that extension
 * (all of it, with no trailing bytes).
 *
 * Returns: (transfer full): the new extension, or %NULL with @error set to
 *   %PKI_ERROR_BAD_INPUT for an invalid OID or name, an empty value or a
 *   value that does not decode as the type it names.
 */
PkiX509Extension *
pki_x509_extension_new_from_der (const char *oid, gboolean critical, const guint8 *der,
                                 gsize len, GError **error)
{
  g_autoptr (ASN1_OBJECT) obj = NULL;
  g_autoptr (ASN1_OCTET_STRING) oct = NULL;
  g_autoptr (X509_EXTENSION) x = NULL;

  g_return_val_if_fail (oid != NULL, NULL);
  g_return_val_if_fail (der != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  obj = pki_obj_from_text (oid, "extension", error);
  if (obj == NULL)
    return NULL;
  if (len == 0) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "extension %s: the value is empty", oid);
    return NULL;
  }
  if (len > INT_MAX) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "extension %s: the value is too long",
                           oid);
    return NULL;
  }
  oct = ASN1_OCTET_STRING_new ();
  if (oct == NULL || !ASN1_OCTET_STRING_set (oct, der, (int) len)
      || (x = X509_EXTENSION_create_by_OBJ (NULL, obj, critical ? 1 : 0, oct)) == NULL) {
    pki_set_error (error, PKI_ERROR_FAILED, "extension %s: building it failed", oid);
    return NULL;
  }
  if (!check_known_value (x, oid, error))
    return NULL;
  ERR_clear_error ();
  return pki_x509_extension_new_take (g_steal_pointer (&x));
}

/* ---------------------------------------------------------------------- */
/* Properties */

/**
 * pki_x509_extension_get_critical:
 * @ext: a #PkiX509Extension
 *
 * Whether the extension is critical, pyOpenSSL's `get_critical()`.
 *
 * Returns: %TRUE when it is critical.
 */
gboolean
pki_x509_extension_get_critical (PkiX509Extension *ext)
{
  g_return_val_if_fail (ext != NULL, FALSE);
  return X509_EXTENSION_get_critical (ext->ext) > 0;
}

/**
 * pki_x509_extension_get_short_name:
 * @ext: a #PkiX509Extension
 *
 * The type's short name, pyOpenSSL's `get_short_name()`:
 * "basicConstraints", "subjectAltName", "nsComment"; the dotted OID
 * ("1.2.3.4") for a type OpenSSL has no name for.
 *
 * Returns: (transfer full): the name.
 */
gchar *
pki_x509_extension_get_short_name (PkiX509Extension *ext)
{
  g_return_val_if_fail (ext != NULL, NULL);
  return pki_obj_to_name (X509_EXTENSION_get_object (ext->ext));
}

/**
 * pki_x509_extension_get_oid:
 * @ext: a #PkiX509Extension
 *
 * The type's dotted OID ("2.5.29.19" for basicConstraints).
 *
 * Returns: (transfer full): the OID.
 */
gchar *
pki_x509_extension_get_oid (PkiX509Extension *ext)
{
  g_return_val_if_fail (ext != NULL, NULL);
  return pki_obj_to_oid (X509_EXTENSION_get_object (ext->ext));
}

/**
 * pki_x509_extension_get_data:
 * @ext: a #PkiX509Extension
 *
 * The DER of the value (the contents of extnValue), pyOpenSSL's
 * `get_data()`: 30 03 01 01 ff for basicConstraints "CA:TRUE", 30 00 for
 * "CA:FALSE", 03 02 07 80 for keyUsage "digitalSignature".
 *
 * Returns: (transfer full): the value's DER (empty when the extension has
 *   an empty value).
 */
GBytes *
pki_x509_extension_get_data (PkiX509Extension *ext)
{
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (ext != NULL, NULL);
  data = ext_value (ext, &len);
  return g_bytes_new (data, len);
}

/* The name and value of each CONF_VALUE in @vals, as X509V3_EXT_print
 * writes them on one line. */
static void
print_conf_values (BIO *bio, STACK_OF (CONF_VALUE) *vals, gboolean *first)
{
  for (int i = 0; i < sk_CONF_VALUE_num (vals); i++) {
    CONF_VALUE *v = sk_CONF_VALUE_value (vals, i);

    if (!*first)
      BIO_puts (bio, ", ");
    *first = FALSE;
    if (v->name == NULL)
      BIO_puts (bio, v->value != NULL ? v->value : "");
    else if (v->value == NULL)
      BIO_puts (bio, v->name);
    else
      BIO_printf (bio, "%s:%s", v->name, v->value);
  }
}

/* subjectAltName and its kin as X509V3_EXT_print writes them, except that
 * the string kinds are written byte for byte: OpenSSL 3.0 refuses to print
 * a dNSName, rfc822Name or URI with a NUL in it, and pyOpenSSL's str() of
 * such an extension shows the NULs. */
static gboolean
print_general_names (PkiX509Extension *ext, BIO *bio)
{
  g_autoptr (GENERAL_NAMES) names = decode_value (ext, ASN1_ITEM_rptr (GENERAL_NAMES), NULL);
  gboolean first = TRUE;

  if (names == NULL)
    return FALSE;
  for (int i = 0; i < sk_GENERAL_NAME_num (names); i++) {
    GENERAL_NAME *gen = sk_GENERAL_NAME_value (names, i);
    const char *prefix = gen->type == GEN_DNS ? "DNS:"
                         : gen->type == GEN_EMAIL ? "email:"
                         : gen->type == GEN_URI ? "URI:" : NULL;

    if (prefix != NULL) {
      if (!first)
        BIO_puts (bio, ", ");
      first = FALSE;
      BIO_puts (bio, prefix);
      if (ASN1_STRING_length (gen->d.ia5) > 0)
        BIO_write (bio, ASN1_STRING_get0_data (gen->d.ia5), ASN1_STRING_length (gen->d.ia5));
    } else {
      STACK_OF (CONF_VALUE) *vals = i2v_GENERAL_NAME (NULL, gen, NULL);

      if (vals == NULL)
        return FALSE;
      print_conf_values (bio, vals, &first);
      sk_CONF_VALUE_pop_free (vals, X509V3_conf_free);
    }
  }
  return TRUE;
}

/**
 * pki_x509_extension_to_string:
 * @ext: a #PkiX509Extension
 * @length: (out) (optional): where to store the length of the text in bytes
 *
 * The value as text, as `openssl x509 -text` shows it and pyOpenSSL's
 * `str(extension)`: "CA:FALSE", "Digital Signature, Key Encipherment",
 * "DNS:example.com, IP Address:192.0.2.1", the key identifier as
 * "AB:CD:...".  A type OpenSSL does not know, or a value that does not
 * decode, is shown as OpenSSL's hex dump ("0000 - 30 03 01 01 ff  0....").
 * Some types print several lines, each ending in a newline.
 *
 * Names in subjectAltName and issuerAltName are written byte for byte, so
 * the text may contain NUL bytes (CPython's nulbyte certificate gives
 * "DNS:altnull.python.org\0example.com, ..."): @length gets the full length
 * where a plain C string would stop at the first NUL.
 *
 * Returns: (transfer full): the text, with a NUL after it.
 */
gchar *
pki_x509_extension_to_string (PkiX509Extension *ext, gsize *length)
{
  g_autoptr (BIO) bio = NULL;
  char *data = NULL;
  long n;
  gchar *out;
  int nid;

  g_return_val_if_fail (ext != NULL, NULL);

  bio = BIO_new (BIO_s_mem ());
  g_return_val_if_fail (bio != NULL, NULL);

  if (X509V3_EXT_print (bio, ext->ext, X509V3_EXT_DUMP_UNKNOWN, 0) <= 0) {
    gboolean done = FALSE;

    nid = ext_nid (ext);
    (void) BIO_reset (bio);
    if (nid == NID_subject_alt_name || nid == NID_issuer_alt_name
        || nid == NID_certificate_issuer) {
      done = print_general_names (ext, bio);
      if (!done)
        (void) BIO_reset (bio);
    }
    if (!done) {
      gsize len;
      const guint8 *value = ext_value (ext, &len);

      if (len > 0)
        BIO_dump_indent (bio, (const char *) value, (int) MIN (len, (gsize) INT_MAX), 0);
    }
  }
  ERR_clear_error ();

  n = BIO_get_mem_data (bio, &data);
  if (n < 0)
    n = 0;
  out = g_malloc ((gsize) n + 1);
  if (n > 0)
    memcpy (out, data, (gsize) n);
  out[n] = '\0';
  if (length != NULL)
    *length = (gsize) n;
  return out;
}

/* ---------------------------------------------------------------------- */
/* General names */

static PkiGeneralName *
general_name_new (PkiGeneralNameKind kind, const void *data, gsize len)
{
  PkiGeneralName *gn = g_atomic_rc_box_new0 (PkiGeneralName);

  gn->kind = kind;
  gn->length = len;
  gn->value = g_malloc (len + 1);
  if (len > 0)
    memcpy (gn->value, data, len);
  gn->value[len] = '\0';
  return gn;
}

static PkiGeneralName *
general_name_new_take_string (PkiGeneralNameKind kind, gchar *text)
{
  PkiGeneralName *gn = g_atomic_rc_box_new0 (PkiGeneralName);

  gn->kind = kind;
  gn->length = strlen (text);
  gn->value = text;
  return gn;
}

/* An iPAddress: an address of 4 or 16 octets, or (in name constraints) an
 * address and a mask of 8 or 32. */
static gchar *
ip_to_text (const guint8 *p, gsize len)
{
  char addr[INET6_ADDRSTRLEN], mask[INET6_ADDRSTRLEN];
  int family = len == 4 || len == 8 ? AF_INET : AF_INET6;

  switch (len) {
  case 4:
  case 16:
    if (inet_ntop (family, p, addr, sizeof addr) != NULL)
      return g_strdup (addr);
    break;
  case 8:
  case 32:
    if (inet_ntop (family, p, addr, sizeof addr) != NULL
        && inet_ntop (family, p + len / 2, mask, sizeof mask) != NULL)
      return g_strdup_printf ("%s/%s", addr, mask);
    break;
  default:
    break;
  }
  return hex_string (p, len);
}

/* The DER of @gen (or of its otherName value) as upper-case hex. */
static gchar *
der_hex (GENERAL_NAME *gen, gboolean other_value)
{
  unsigned char *der = NULL;
  int len = other_value ? i2d_ASN1_TYPE (gen->d.otherName->value, &der)
                        : i2d_GENERAL_NAME (gen, &der);
  gchar *hex;

  if (len < 0)
    return NULL;
  hex = hex_string (der, (gsize) len);
  OPENSSL_free (der);
  return hex;
}

static PkiGeneralName *
general_name_from_ossl (GENERAL_NAME *gen, GError **error)
{
  g_autofree gchar *text = NULL;

  switch (gen->type) {
  case GEN_EMAIL:
  case GEN_DNS:
  case GEN_URI: {
    int len = ASN1_STRING_length (gen->d.ia5);
    return general_name_new ((PkiGeneralNameKind) gen->type, ASN1_STRING_get0_data (gen->d.ia5),
                             len > 0 ? (gsize) len : 0);
  }
  case GEN_IPADD: {
    int len = ASN1_STRING_length (gen->d.iPAddress);
    text = ip_to_text (ASN1_STRING_get0_data (gen->d.iPAddress), len > 0 ? (gsize) len : 0);
    break;
  }
  case GEN_DIRNAME: {
    g_autoptr (BIO) bio = BIO_new (BIO_s_mem ());
    g_autoptr (GBytes) bytes = NULL;
    gsize len;
    const void *data;

    if (bio == NULL
        || X509_NAME_print_ex (bio, gen->d.directoryName, 0,
                               XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
      pki_set_error (error, PKI_ERROR_BAD_INPUT, "general name: the directory name is invalid");
      return NULL;
    }
    bytes = pki_bio_to_bytes (bio);
    data = g_bytes_get_data (bytes, &len);
    return general_name_new (PKI_GENERAL_NAME_DIRNAME, data, len);
  }
  case GEN_RID:
    text = pki_obj_to_oid (gen->d.registeredID);
    break;
  case GEN_OTHERNAME: {
    g_autofree gchar *oid = pki_obj_to_oid (gen->d.otherName->type_id);
    g_autofree gchar *hex = der_hex (gen, TRUE);

    if (oid != NULL && hex != NULL)
      text = g_strdup_printf ("%s;%s", oid, hex);
    break;
  }
  case GEN_X400:
  case GEN_EDIPARTY:
    text = der_hex (gen, FALSE);
    break;
  default:
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "general name of unknown kind %d",
                           gen->type);
    return NULL;
  }
  if (text == NULL) {
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "general name of kind %d cannot be encoded",
                   gen->type);
    return NULL;
  }
  return general_name_new_take_string ((PkiGeneralNameKind) gen->type, g_steal_pointer (&text));
}

/**
 * pki_x509_extension_get_general_names:
 * @ext: a subjectAltName, issuerAltName or (CRL entry) certificateIssuer
 *   extension
 * @error: return location for a #GError
 *
 * The names in the extension, in the order they are encoded.  Each value
 * is text: dNSName, rfc822Name and URI as they are encoded (byte for byte,
 * NULs included), an iPAddress as "192.0.2.1" or "2001:db8::1" (lower-case,
 * compressed; "addr/mask" for the 8- and 32-octet forms of name
 * constraints, upper-case hex for any other length), a directoryName as its
 * RFC 4514 string, a registeredID as its dotted OID, an otherName as
 * "OID;HEX" (the hex of the DER of its value), an x400Address or
 * ediPartyName as the upper-case hex of the DER of the whole GeneralName.
 *
 * Returns: (transfer full) (element-type PkiGeneralName): the names (an
 *   empty array when there are none), or %NULL with @error set to
 *   %PKI_ERROR_BAD_INPUT when @ext is of another type or its value does not
 *   decode.
 */
GPtrArray *
pki_x509_extension_get_general_names (PkiX509Extension *ext, GError **error)
{
  g_autoptr (GENERAL_NAMES) names = NULL;
  g_autoptr (GPtrArray) out = NULL;

  g_return_val_if_fail (ext != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_type (ext, NID_subject_alt_name, NID_issuer_alt_name, NID_certificate_issuer,
                   "subjectAltName or issuerAltName", error))
    return NULL;
  names = decode_value (ext, ASN1_ITEM_rptr (GENERAL_NAMES), error);
  if (names == NULL)
    return NULL;
  out = g_ptr_array_new_full ((guint) sk_GENERAL_NAME_num (names),
                              (GDestroyNotify) pki_general_name_unref);
  for (int i = 0; i < sk_GENERAL_NAME_num (names); i++) {
    PkiGeneralName *gn = general_name_from_ossl (sk_GENERAL_NAME_value (names, i), error);

    if (gn == NULL)
      return NULL;
    g_ptr_array_add (out, gn);
  }
  ERR_clear_error ();
  return g_steal_pointer (&out);
}

/**
 * pki_general_name_get_kind:
 * @gn: a #PkiGeneralName
 *
 * Which kind of name @gn is.
 *
 * Returns: the #PkiGeneralNameKind.
 */
PkiGeneralNameKind
pki_general_name_get_kind (PkiGeneralName *gn)
{
  g_return_val_if_fail (gn != NULL, PKI_GENERAL_NAME_OTHER);
  return gn->kind;
}

/**
 * pki_general_name_get_value:
 * @gn: a #PkiGeneralName
 * @length: (out) (optional): where to store the length of the value in bytes
 *
 * The name's value as text (see pki_x509_extension_get_general_names() for
 * each kind's form).  A dNSName, rfc822Name or URI can hold NUL bytes: pass
 * @length to see all of it.
 *
 * Returns: (transfer none): the value, followed by a NUL, valid as long as
 *   @gn is.
 */
const char *
pki_general_name_get_value (PkiGeneralName *gn, gsize *length)
{
  g_return_val_if_fail (gn != NULL, NULL);
  if (length != NULL)
    *length = gn->length;
  return gn->value;
}

/* ---------------------------------------------------------------------- */
/* Other typed getters */

/**
 * pki_x509_extension_get_basic_constraints:
 * @ext: a basicConstraints extension
 * @ca: (out) (optional): where to store whether the subject is a CA
 * @path_length: (out) (optional): where to store pathLenConstraint, or -1
 *   when the extension has none
 * @error: return location for a #GError
 *
 * Reads a basicConstraints extension.
 *
 * Returns: %TRUE on success; %FALSE with @error set to
 *   %PKI_ERROR_BAD_INPUT when @ext is of another type, its value does not
 *   decode or the path length is negative or too large for a #gint.
 */
gboolean
pki_x509_extension_get_basic_constraints (PkiX509Extension *ext, gboolean *ca,
                                          gint *path_length, GError **error)
{
  g_autoptr (BASIC_CONSTRAINTS) bc = NULL;
  gint64 path = -1;

  g_return_val_if_fail (ext != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_type (ext, NID_basic_constraints, NID_undef, NID_undef, "basicConstraints", error))
    return FALSE;
  bc = decode_value (ext, ASN1_ITEM_rptr (BASIC_CONSTRAINTS), error);
  if (bc == NULL)
    return FALSE;
  if (bc->pathlen != NULL
      && (!ASN1_INTEGER_get_int64 (&path, bc->pathlen) || path < 0 || path > G_MAXINT))
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "basicConstraints: pathLenConstraint is out of range");
  ERR_clear_error ();
  if (ca != NULL)
    *ca = bc->ca != 0;
  if (path_length != NULL)
    *path_length = (gint) path;
  return TRUE;
}

/**
 * pki_x509_extension_get_key_usage:
 * @ext: a keyUsage extension
 * @usage: (out) (optional): where to store the bits that are set
 * @error: return location for a #GError
 *
 * Reads a keyUsage extension: bit 0 (digitalSignature) to bit 8
 * (decipherOnly), one #PkiKeyUsage flag each.
 *
 * Returns: %TRUE on success; %FALSE with @error set to
 *   %PKI_ERROR_BAD_INPUT when @ext is of another type or its value does not
 *   decode.
 */
gboolean
pki_x509_extension_get_key_usage (PkiX509Extension *ext, PkiKeyUsage *usage, GError **error)
{
  g_autoptr (ASN1_BIT_STRING) bits = NULL;
  guint flags = 0;

  g_return_val_if_fail (ext != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_type (ext, NID_key_usage, NID_undef, NID_undef, "keyUsage", error))
    return FALSE;
  bits = decode_value (ext, ASN1_ITEM_rptr (ASN1_BIT_STRING), error);
  if (bits == NULL)
    return FALSE;
  for (int i = 0; i <= 8; i++)
    if (ASN1_BIT_STRING_get_bit (bits, i))
      flags |= 1u << i;
  ERR_clear_error ();
  if (usage != NULL)
    *usage = (PkiKeyUsage) flags;
  return TRUE;
}

/**
 * pki_x509_extension_get_extended_key_usage:
 * @ext: an extendedKeyUsage extension
 * @error: return location for a #GError
 *
 * The purposes in an extendedKeyUsage extension, as dotted OIDs in the
 * order they are encoded: "1.3.6.1.5.5.7.3.1" for serverAuth,
 * "1.3.6.1.5.5.7.3.2" for clientAuth, ...
 *
 * Returns: (transfer full) (array zero-terminated=1): the OIDs, or %NULL
 *   with @error set to %PKI_ERROR_BAD_INPUT when @ext is of another type or
 *   its value does not decode.
 */
GStrv
pki_x509_extension_get_extended_key_usage (PkiX509Extension *ext, GError **error)
{
  g_autoptr (EXTENDED_KEY_USAGE) eku = NULL;
  GStrv oids;
  int n;

  g_return_val_if_fail (ext != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_type (ext, NID_ext_key_usage, NID_undef, NID_undef, "extendedKeyUsage", error))
    return NULL;
  eku = decode_value (ext, ASN1_ITEM_rptr (EXTENDED_KEY_USAGE), error);
  if (eku == NULL)
    return NULL;
  n = sk_ASN1_OBJECT_num (eku);
  oids = g_new0 (gchar *, (gsize) MAX (n, 0) + 1);
  for (int i = 0; i < n; i++)
    oids[i] = pki_obj_to_oid (sk_ASN1_OBJECT_value (eku, i));
  ERR_clear_error ();
  return oids;
}

/**
 * pki_x509_extension_get_key_identifier:
 * @ext: a subjectKeyIdentifier or authorityKeyIdentifier extension
 * @error: return location for a #GError
 *
 * The key identifier: the value of a subjectKeyIdentifier, or the
 * keyIdentifier field of an authorityKeyIdentifier (usually the SHA-1 of
 * the key, 20 bytes).
 *
 * Returns: (transfer full): the key identifier's bytes, or %NULL with
 *   @error set to %PKI_ERROR_BAD_INPUT when @ext is of another type, its
 *   value does not decode or it is an authorityKeyIdentifier without a
 *   keyIdentifier (one that names the issuer and serial only).
 */
GBytes *
pki_x509_extension_get_key_identifier (PkiX509Extension *ext, GError **error)
{
  const ASN1_OCTET_STRING *id;
  g_autoptr (ASN1_OCTET_STRING) ski = NULL;
  g_autoptr (AUTHORITY_KEYID) aki = NULL;
  GBytes *out;

  g_return_val_if_fail (ext != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_type (ext, NID_subject_key_identifier, NID_authority_key_identifier, NID_undef,
                   "subjectKeyIdentifier or authorityKeyIdentifier", error))
    return NULL;
  if (ext_nid (ext) == NID_subject_key_identifier) {
    ski = decode_value (ext, ASN1_ITEM_rptr (ASN1_OCTET_STRING), error);
    if (ski == NULL)
      return NULL;
    id = ski;
  } else {
    aki = decode_value (ext, ASN1_ITEM_rptr (AUTHORITY_KEYID), error);
    if (aki == NULL)
      return NULL;
    if (aki->keyid == NULL) {
      pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                             "authorityKeyIdentifier has no keyIdentifier");
      return NULL;
    }
    id = aki->keyid;
  }
  out = g_bytes_new (ASN1_STRING_get0_data (id), (gsize) MAX (ASN1_STRING_length (id), 0));
  ERR_clear_error ();
  return out;
}
