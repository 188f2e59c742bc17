/* libpki: types shared by every object.
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(PKI_INSIDE) && !defined(PKI_COMPILATION)
#error "Only <libpki/pki.h> can be included directly."
#endif

#include <glib.h>
#include <glib-object.h>

G_BEGIN_DECLS

/* Marks a symbol exported from libpki.so; everything else is hidden. */
#if defined(PKI_COMPILATION)
#define PKI_API __attribute__((visibility ("default")))
#else
#define PKI_API
#endif

/**
 * PkiFiletype:
 * @PKI_FILETYPE_PEM: PEM: base64 between `-----BEGIN ...-----` lines.
 * @PKI_FILETYPE_ASN1: DER, the binary ASN.1 encoding.
 * @PKI_FILETYPE_TEXT: the human-readable text OpenSSL prints; only for dumps.
 *
 * The encodings objects are loaded from and dumped to.  The values are
 * pyOpenSSL's `FILETYPE_PEM`, `FILETYPE_ASN1` and `FILETYPE_TEXT`.
 */
typedef enum {
  PKI_FILETYPE_PEM = 1,
  PKI_FILETYPE_ASN1 = 2,
  PKI_FILETYPE_TEXT = 65535,
} PkiFiletype;

PKI_API GType pki_filetype_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_FILETYPE (pki_filetype_get_type ())

/**
 * PkiPassphraseFunc:
 * @writing: %TRUE when the passphrase will encrypt (dump), %FALSE when it
 *   will decrypt (load).
 * @user_data: the data given with the callback.
 * @error: return location for an error the callback wants to report; it is
 *   passed to the caller of the loading or dumping function unchanged.
 *
 * Asked for a passphrase at most once per call, and only when one is needed
 * (an unencrypted key never calls it).  The passphrase is bytes: it may
 * contain NUL and is never truncated.
 *
 * Returns: (transfer full) (nullable): the passphrase, or %NULL to refuse
 *   (with @error set, or a %PKI_ERROR_PASSPHRASE error is reported).
 */
typedef GBytes *(*PkiPassphraseFunc) (gboolean writing, gpointer user_data, GError **error);

G_END_DECLS
