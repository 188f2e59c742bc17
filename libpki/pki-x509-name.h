/* libpki: PkiX509Name, distinguished names (pyOpenSSL's X509Name).
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(PKI_INSIDE) && !defined(PKI_COMPILATION)
#error "Only <libpki/pki.h> can be included directly."
#endif

#include <libpki/pki-types.h>

G_BEGIN_DECLS

/**
 * PkiX509Name:
 *
 * An X.509 distinguished name: an ordered list of entries (attribute type
 * and UTF-8 value).  Opaque and reference counted.
 *
 * A name is either standalone (pki_x509_name_new(), pki_x509_name_parse(),
 * pki_x509_name_copy()) or a live view of a certificate's subject or issuer
 * (pki_x509_get_subject()): changing a view changes the certificate, as in
 * pyOpenSSL, and a view holds a reference on its certificate, so it stays
 * valid however long it is kept.
 *
 * Attribute types are named by short name ("CN", "O", "C", "emailAddress",
 * "serialNumber", "DC", "UID", ...), long name ("commonName") or dotted OID
 * ("2.5.4.3"), any that OpenSSL knows.  Values may contain NUL bytes; the
 * getters never cut them silently.
 */
typedef struct _PkiX509Name PkiX509Name;

PKI_API GType pki_x509_name_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_X509_NAME (pki_x509_name_get_type ())

PKI_API PkiX509Name *pki_x509_name_ref (PkiX509Name *name);
PKI_API void pki_x509_name_unref (PkiX509Name *name);

PKI_API PkiX509Name *pki_x509_name_new (void);
PKI_API PkiX509Name *pki_x509_name_copy (PkiX509Name *name);
PKI_API PkiX509Name *pki_x509_name_parse (const char *text, GError **error);
PKI_API PkiX509Name *pki_x509_name_load_der (const guint8 *data, gsize len, GError **error);

/* Entries by type */
PKI_API gchar *pki_x509_name_get_entry (PkiX509Name *name, const char *field, gsize *length,
                                        GError **error);
PKI_API gboolean pki_x509_name_set_entry (PkiX509Name *name, const char *field,
                                          const char *value, gssize length, GError **error);
PKI_API gboolean pki_x509_name_add_entry (PkiX509Name *name, const char *field,
                                          const char *value, gssize length, GError **error);
PKI_API guint pki_x509_name_remove_entries (PkiX509Name *name, const char *field, GError **error);

/* Entries in order */
PKI_API guint pki_x509_name_get_entry_count (PkiX509Name *name);
PKI_API gchar *pki_x509_name_get_entry_field (PkiX509Name *name, guint index);
PKI_API gchar *pki_x509_name_get_entry_oid (PkiX509Name *name, guint index);
PKI_API gchar *pki_x509_name_get_entry_value (PkiX509Name *name, guint index, gsize *length,
                                              GError **error);
PKI_API GPtrArray *pki_x509_name_get_components (PkiX509Name *name, GError **error);

/* Encodings and comparison */
PKI_API GBytes *pki_x509_name_get_der (PkiX509Name *name, GError **error);
PKI_API gchar *pki_x509_name_to_string (PkiX509Name *name);
PKI_API gchar *pki_x509_name_to_oneline (PkiX509Name *name);
PKI_API guint32 pki_x509_name_hash (PkiX509Name *name);
PKI_API guint32 pki_x509_name_hash_old (PkiX509Name *name);
PKI_API gboolean pki_x509_name_equal (PkiX509Name *a, PkiX509Name *b);
PKI_API gint pki_x509_name_compare (PkiX509Name *a, PkiX509Name *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiX509Name, pki_x509_name_unref)

G_END_DECLS
