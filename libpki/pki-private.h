/* libpki: what the sources share and users never see.
 * SPDX-License-Identifier: MIT
 */
#pragma once

#ifndef PKI_COMPILATION
#define PKI_COMPILATION 1
#endif
#include "libpki/pki.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/ssl.h>
#include <glib/gstdio.h>
#include <unistd.h>

G_BEGIN_DECLS

/* OpenSSL types behind g_autoptr, for the sources only. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free_all)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY_CTX, EVP_PKEY_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD, EVP_MD_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_CIPHER, EVP_CIPHER_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_PUBKEY, X509_PUBKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_NAME, X509_NAME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_EXTENSION, X509_EXTENSION_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_OBJECT, ASN1_OBJECT_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_INTEGER, ASN1_INTEGER_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_TIME, ASN1_TIME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_OCTET_STRING, ASN1_OCTET_STRING_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GENERAL_NAMES, GENERAL_NAMES_free)

/*
 * Refcounted boxed types, written once.  Every object is allocated with
 * g_atomic_rc_box_new0 (the count lives in the box header) and released with
 * its own clear function, which frees the members but not the struct:
 *
 *   PKI_DEFINE_BOXED (PkiPKey, pki_pkey, pki_pkey_clear)
 *
 * defines pki_pkey_ref, pki_pkey_unref and pki_pkey_get_type.  Their doc
 * comments stand above the macro in the object's source.
 */
#define PKI_DEFINE_BOXED(TypeName, type_name, clear_func)                      \
  TypeName *type_name##_ref (TypeName *self)                                   \
  {                                                                            \
    g_return_val_if_fail (self != NULL, NULL);                                 \
    return g_atomic_rc_box_acquire (self);                                     \
  }                                                                            \
  void type_name##_unref (TypeName *self)                                      \
  {                                                                            \
    if (self != NULL)                                                          \
      g_atomic_rc_box_release_full (self, (GDestroyNotify) clear_func);       \
  }                                                                            \
  G_DEFINE_BOXED_TYPE (TypeName, type_name, type_name##_ref, type_name##_unref)

/* The OpenSSL library context libpki fetches algorithms from (NULL, the
 * default context, for now; PKCS#12 legacy support brings its own). */
#define pki_libctx() ((OSSL_LIB_CTX *) NULL)

/* Sets @error to @code with a message "<what>: <OpenSSL reasons>" built from
 * OpenSSL's error queue, and empties the queue.  Always returns FALSE. */
gboolean pki_set_error (GError **error, PkiError code, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

/* The same without OpenSSL's reasons: the queue is emptied and ignored.
 * For errors libpki detects itself. */
gboolean pki_set_error_literal (GError **error, PkiError code, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

/* TRUE when OpenSSL's queue holds an error with @lib and @reason; the queue
 * is left as it was. */
gboolean pki_error_queue_has (int lib, int reason);

/* Checks a PkiFiletype argument: one of PEM/ASN1, or TEXT when @allow_text. */
gboolean pki_check_filetype (PkiFiletype type, gboolean allow_text, const char *what,
                             GError **error);

/* Ends an OpenSSL call's checks: when @ok, empties OpenSSL's queue and
 * returns TRUE; otherwise sets @error as pki_set_error() does and returns
 * FALSE. */
gboolean pki_check_ossl (gboolean ok, GError **error, PkiError code, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

/* The checks every load function starts with: @type is PEM or ASN1 and
 * @len is neither 0 nor over G_MAXINT ("<what>: the input is empty"). */
gboolean pki_check_load_input (PkiFiletype type, gsize len, const char *what, GError **error);

/* Ends a dump through a memory BIO: the BIO's contents when @ok, else
 * NULL with PKI_ERROR_FAILED "<what> failed". */
GBytes *pki_bio_dump_result (BIO *bio, gboolean ok, const char *what, GError **error);

/* The contents of a memory BIO (made with BIO_s_mem) as GBytes; the buffer
 * is taken over, not copied, and the BIO is left without it. */
GBytes *pki_bio_to_bytes (BIO *bio);

/* A digest fetched by name; NULL name gives SHA-256.  Unknown names are
 * PKI_ERROR_UNSUPPORTED. */
EVP_MD *pki_fetch_digest (const char *name, GError **error);

/* The EVP_PKEY inside a PkiPKey (borrowed), and a new PkiPKey taking over
 * @pkey (steals the reference). */
EVP_PKEY *pki_pkey_get_evp (PkiPKey *key);
PkiPKey *pki_pkey_new_take (EVP_PKEY *pkey);
/* A public-only PkiPKey for @pkey (borrowed): @pkey itself when it has no
 * private half, else a copy of its public half.  Objects hold whatever key
 * they were given, so getters of "the public key" go through this. */
PkiPKey *pki_pkey_new_public (EVP_PKEY *pkey);

/* Starts signing with @key on @mctx (for X509_sign_ctx and its kin): the
 * checks and defaults of pki_sign(): a NULL digest is SHA-256, and must be
 * NULL for Ed25519/Ed448; a public-only key is PKI_ERROR_KEY_TYPE. */
gboolean pki_digest_sign_init (EVP_MD_CTX *mctx, PkiPKey *key, const char *digest,
                               GError **error);

/* A new EVP_MD_CTX started with pki_digest_sign_init(), for
 * X509_sign_ctx and its kin; NULL with @error set ("<what> failed" when
 * OpenSSL cannot make one). */
EVP_MD_CTX *pki_digest_sign_new (PkiPKey *key, const char *digest, const char *what,
                                 GError **error);

/* --- wrap/unwrap helpers: how the object sources meet ------------------ */

/* PkiX509: the X509 inside (borrowed), and a new PkiX509 taking over @x. */
X509 *pki_x509_get_ossl (PkiX509 *cert);
PkiX509 *pki_x509_new_take (X509 *x);
/* An authorityKeyIdentifier naming @issuer's key: its subjectKeyIdentifier,
 * or the SHA-1 of its public key when it has none. */
PkiX509Extension *pki_x509_authority_key_id (PkiX509 *issuer, GError **error);

/* PkiX509Name.  A standalone name owns its X509_NAME; a view asks its
 * owner for the current X509_NAME on every use (so replacing the owner's
 * name never leaves the view dangling), tells the owner after changing it,
 * and holds a reference on the owner. */
typedef struct {
  X509_NAME *(*get) (gpointer owner);   /* the owner's current name */
  void (*changed) (gpointer owner);     /* after the name was changed in place */
  gpointer (*ref) (gpointer owner);
  void (*unref) (gpointer owner);
} PkiNameOwner;

PkiX509Name *pki_x509_name_new_take (X509_NAME *name);
PkiX509Name *pki_x509_name_new_view (gpointer owner, const PkiNameOwner *funcs);
X509_NAME *pki_x509_name_get_ossl (PkiX509Name *name);

/* PkiCrl: a new one taking over @crl, and the full X509_CRL inside
 * (borrowed; a lazily loaded CRL is decoded first, which may fail). */
PkiCrl *pki_crl_new_take (X509_CRL *crl);
X509_CRL *pki_crl_get_ossl (PkiCrl *crl, GError **error);

/* PkiX509Store: the X509_STORE inside (borrowed), and a store wrapping an
 * existing X509_STORE (a reference is taken), for SSL_CTX's own store. */
X509_STORE *pki_x509_store_get_ossl (PkiX509Store *store);
PkiX509Store *pki_x509_store_new_for (X509_STORE *x509_store);

/* PkiSslContext and PkiSslConnection: the OpenSSL objects inside, the
 * wrappers of OpenSSL objects handed to callbacks, and freezing a context
 * once a connection uses it. */
SSL_CTX *pki_ssl_context_get_ossl (PkiSslContext *ctx);
PkiSslContext *pki_ssl_context_from_ossl (SSL_CTX *ssl_ctx);
void pki_ssl_context_freeze (PkiSslContext *ctx);
PkiSslConnection *pki_ssl_connection_from_ossl (SSL *ssl);

/* PkiX509Extension: a new one taking over @ext, and the one inside (borrowed). */
PkiX509Extension *pki_x509_extension_new_take (X509_EXTENSION *ext);
X509_EXTENSION *pki_x509_extension_get_ossl (PkiX509Extension *ext);

/* --- ASN.1 helpers (pki-asn1.c) ----------------------------------------- */

/* An object's short name, or its dotted OID when OpenSSL has no name for it. */
gchar *pki_obj_to_name (const ASN1_OBJECT *obj);
/* An object's dotted OID. */
gchar *pki_obj_to_oid (const ASN1_OBJECT *obj);
/* An object from a short name, long name or dotted OID; PKI_ERROR_BAD_INPUT
 * (naming @what) when it is none of them. */
ASN1_OBJECT *pki_obj_from_text (const char *text, const char *what, GError **error);

/* A signature algorithm by OpenSSL's long name ("sha256WithRSAEncryption");
 * PKI_ERROR_UNSUPPORTED "unknown signature algorithm <OID>" (or "none" when
 * @alg or its OID is missing) when OpenSSL does not know it. */
gchar *pki_sigalg_to_name (const X509_ALGOR *alg, GError **error);

/* Times.  Output strings are "YYYYMMDDhhmmssZ" whatever the encoding;
 * times made here are UTCTime through 2049 and GeneralizedTime from 2050
 * (RFC 5280 4.1.2.5). */
GDateTime *pki_asn1_time_to_datetime (const ASN1_TIME *t);
gchar *pki_asn1_time_to_string (const ASN1_TIME *t);
ASN1_TIME *pki_asn1_time_from_unix (gint64 seconds, GError **error);
ASN1_TIME *pki_asn1_time_from_datetime (GDateTime *when, GError **error);
/* Parses "YYYYMMDDhhmmssZ" or "YYYYMMDDhhmmss+hhmm"/"-hhmm" (pyOpenSSL's
 * forms); PKI_ERROR_BAD_INPUT otherwise. */
ASN1_TIME *pki_asn1_time_parse (const char *text, GError **error);

/* Serial numbers as upper-case hex in whole octets ("03AB", "00" for zero,
 * as `openssl x509 -serial` prints them; "-" first for the negative ones
 * broken CAs made).  From hex: optional
 * "0x", at most 20 octets, non-negative. */
gchar *pki_asn1_integer_to_hex (const ASN1_INTEGER *i);
ASN1_INTEGER *pki_asn1_integer_from_hex (const char *hex, GError **error);
/* The same as magnitude bytes, big-endian without leading zeros (zero is
 * one 0 octet): the content of a positive INTEGER, less DER's sign octet. */
gboolean pki_serial_parse (const char *hex, guint8 out[20], gsize *len, GError **error);
/* A positive random serial of 20 octets with 159 random bits. */
ASN1_INTEGER *pki_asn1_integer_random_serial (GError **error);

/* Finds the first PEM block whose label ends with @label_suffix ("PRIVATE
 * KEY" finds "ENCRYPTED PRIVATE KEY" and "RSA PRIVATE KEY" too), with its
 * headers and END line; sets its offset and length. */
gboolean pki_pem_find_block (const guint8 *data, gsize len, const char *label_suffix,
                             gsize *start, gsize *block_len);

/* "AB:CD:..." upper-case hex, pyOpenSSL's digest format. */
gchar *pki_hex_colon (const guint8 *data, gsize len);

G_END_DECLS
