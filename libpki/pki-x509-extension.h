/* libpki: PkiX509Extension, certificate extensions (pyOpenSSL's X509Extension).
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(PKI_INSIDE) && !defined(PKI_COMPILATION)
#error "Only <libpki/pki.h> can be included directly."
#endif

#include <libpki/pki-types.h>

G_BEGIN_DECLS

/**
 * PkiX509Extension:
 *
 * One X.509v3 extension: its type (OID), the critical flag and the DER
 * value.  Opaque and reference counted; an extension never changes once
 * made, and one taken from a certificate is a copy.
 */
typedef struct _PkiX509Extension PkiX509Extension;

/* Declared here, defined in pki-x509.h. */
typedef struct _PkiX509 PkiX509;

/**
 * PkiGeneralNameKind:
 * @PKI_GENERAL_NAME_OTHER: otherName (the value is the OID, then ";", then
 *   the hex of the DER value)
 * @PKI_GENERAL_NAME_EMAIL: rfc822Name, an e-mail address
 * @PKI_GENERAL_NAME_DNS: dNSName
 * @PKI_GENERAL_NAME_X400: x400Address (the value is the hex of the DER)
 * @PKI_GENERAL_NAME_DIRNAME: directoryName (the value is the RFC 4514 string)
 * @PKI_GENERAL_NAME_EDIPARTY: ediPartyName (the value is the hex of the DER)
 * @PKI_GENERAL_NAME_URI: uniformResourceIdentifier
 * @PKI_GENERAL_NAME_IP: iPAddress ("192.0.2.1", "2001:db8::1"; an address
 *   with a mask, as in name constraints, as "192.0.2.0/255.255.255.0")
 * @PKI_GENERAL_NAME_RID: registeredID, a dotted OID
 *
 * The kinds of GeneralName (RFC 5280 4.2.1.6); the values are the ASN.1
 * tags.
 */
typedef enum {
  PKI_GENERAL_NAME_OTHER = 0,
  PKI_GENERAL_NAME_EMAIL = 1,
  PKI_GENERAL_NAME_DNS = 2,
  PKI_GENERAL_NAME_X400 = 3,
  PKI_GENERAL_NAME_DIRNAME = 4,
  PKI_GENERAL_NAME_EDIPARTY = 5,
  PKI_GENERAL_NAME_URI = 6,
  PKI_GENERAL_NAME_IP = 7,
  PKI_GENERAL_NAME_RID = 8,
} PkiGeneralNameKind;

/**
 * PkiGeneralName:
 *
 * One GeneralName, as a subjectAltName entry: its kind and its value as
 * text.  Opaque and reference counted.
 */
typedef struct _PkiGeneralName PkiGeneralName;

/**
 * PkiKeyUsage:
 * @PKI_KEY_USAGE_DIGITAL_SIGNATURE: digitalSignature (bit 0)
 * @PKI_KEY_USAGE_NON_REPUDIATION: nonRepudiation / contentCommitment (bit 1)
 * @PKI_KEY_USAGE_KEY_ENCIPHERMENT: keyEncipherment (bit 2)
 * @PKI_KEY_USAGE_DATA_ENCIPHERMENT: dataEncipherment (bit 3)
 * @PKI_KEY_USAGE_KEY_AGREEMENT: keyAgreement (bit 4)
 * @PKI_KEY_USAGE_KEY_CERT_SIGN: keyCertSign (bit 5)
 * @PKI_KEY_USAGE_CRL_SIGN: cRLSign (bit 6)
 * @PKI_KEY_USAGE_ENCIPHER_ONLY: encipherOnly (bit 7)
 * @PKI_KEY_USAGE_DECIPHER_ONLY: decipherOnly (bit 8)
 *
 * The keyUsage bits (RFC 5280 4.2.1.3), one flag each.
 */
typedef enum {
  PKI_KEY_USAGE_DIGITAL_SIGNATURE = 1 << 0,
  PKI_KEY_USAGE_NON_REPUDIATION = 1 << 1,
  PKI_KEY_USAGE_KEY_ENCIPHERMENT = 1 << 2,
  PKI_KEY_USAGE_DATA_ENCIPHERMENT = 1 << 3,
  PKI_KEY_USAGE_KEY_AGREEMENT = 1 << 4,
  PKI_KEY_USAGE_KEY_CERT_SIGN = 1 << 5,
  PKI_KEY_USAGE_CRL_SIGN = 1 << 6,
  PKI_KEY_USAGE_ENCIPHER_ONLY = 1 << 7,
  PKI_KEY_USAGE_DECIPHER_ONLY = 1 << 8,
} PkiKeyUsage;

PKI_API GType pki_x509_extension_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_X509_EXTENSION (pki_x509_extension_get_type ())
PKI_API GType pki_general_name_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_GENERAL_NAME (pki_general_name_get_type ())
PKI_API GType pki_general_name_kind_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_GENERAL_NAME_KIND (pki_general_name_kind_get_type ())
PKI_API GType pki_key_usage_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_KEY_USAGE (pki_key_usage_get_type ())

PKI_API PkiX509Extension *pki_x509_extension_ref (PkiX509Extension *ext);
PKI_API void pki_x509_extension_unref (PkiX509Extension *ext);

PKI_API PkiX509Extension *pki_x509_extension_new (const char *type_name, gboolean critical,
                                                  const char *value, PkiX509 *subject,
                                                  PkiX509 *issuer, GError **error);
PKI_API PkiX509Extension *pki_x509_extension_new_from_der (const char *oid, gboolean critical,
                                                           const guint8 *der, gsize len,
                                                           GError **error);

PKI_API gboolean pki_x509_extension_get_critical (PkiX509Extension *ext);
PKI_API gchar *pki_x509_extension_get_short_name (PkiX509Extension *ext);
PKI_API gchar *pki_x509_extension_get_oid (PkiX509Extension *ext);
PKI_API GBytes *pki_x509_extension_get_data (PkiX509Extension *ext);
PKI_API gchar *pki_x509_extension_to_string (PkiX509Extension *ext, gsize *length);

/* Typed getters */
PKI_API GPtrArray *pki_x509_extension_get_general_names (PkiX509Extension *ext, GError **error);
PKI_API gboolean pki_x509_extension_get_basic_constraints (PkiX509Extension *ext, gboolean *ca,
                                                           gint *path_length, GError **error);
PKI_API gboolean pki_x509_extension_get_key_usage (PkiX509Extension *ext, PkiKeyUsage *usage,
                                                   GError **error);
PKI_API GStrv pki_x509_extension_get_extended_key_usage (PkiX509Extension *ext, GError **error);
PKI_API GBytes *pki_x509_extension_get_key_identifier (PkiX509Extension *ext, GError **error);

PKI_API PkiGeneralName *pki_general_name_ref (PkiGeneralName *gn);
PKI_API void pki_general_name_unref (PkiGeneralName *gn);
PKI_API PkiGeneralNameKind pki_general_name_get_kind (PkiGeneralName *gn);
PKI_API const char *pki_general_name_get_value (PkiGeneralName *gn, gsize *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiX509Extension, pki_x509_extension_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiGeneralName, pki_general_name_unref)

G_END_DECLS
