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

/* Checks a PkiFiletype argument: one of PEM/ASN1, or TEXT when @allow_text. */
gboolean pki_check_filetype (PkiFiletype type, gboolean allow_text, const char *what,
                             GError **error);

/* The contents of a memory BIO as GBytes (copied). */
GBytes *pki_bio_to_bytes (BIO *bio);

/* A digest fetched by name; NULL name gives SHA-256.  Unknown names are
 * PKI_ERROR_UNSUPPORTED. */
EVP_MD *pki_fetch_digest (const char *name, GError **error);

/* The EVP_PKEY inside a PkiPKey (borrowed), and a new PkiPKey taking over
 * @pkey (steals the reference). */
EVP_PKEY *pki_pkey_get_evp (PkiPKey *key);
PkiPKey *pki_pkey_new_take (EVP_PKEY *pkey);

G_END_DECLS
