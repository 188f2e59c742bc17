/* libpki: the PKI_ERROR domain.
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(PKI_INSIDE) && !defined(PKI_COMPILATION)
#error "Only <libpki/pki.h> can be included directly."
#endif

#include <libpki/pki-types.h>

G_BEGIN_DECLS

/**
 * PKI_ERROR:
 *
 * The error domain of every #GError libpki reports.  The codes are
 * #PkiError values.
 */
#define PKI_ERROR (pki_error_quark ())

/**
 * PkiError:
 * @PKI_ERROR_FAILED: an operation failed for a reason no other code covers.
 * @PKI_ERROR_BAD_INPUT: the input (data, a string, an argument's value) is
 *   malformed, truncated, of the wrong kind or out of range.
 * @PKI_ERROR_PASSPHRASE: a passphrase was needed and not given, or is wrong.
 * @PKI_ERROR_UNSUPPORTED: an algorithm, digest, curve, cipher or key type is
 *   unknown or cannot do what was asked.
 * @PKI_ERROR_SIGNATURE: a signature does not verify.
 * @PKI_ERROR_IO: reading or writing a file failed.
 * @PKI_ERROR_INVALID_KEY: a key failed its consistency check.
 * @PKI_ERROR_KEY_TYPE: the key cannot be used this way (a public-only key
 *   asked to sign, a key of the wrong algorithm).
 * @PKI_ERROR_VERIFY: a certificate failed verification against a store;
 *   the #PkiX509StoreContext holds OpenSSL's code, the depth and the
 *   certificate.
 * @PKI_ERROR_TLS: a TLS handshake or record failed (the peer's alert or
 *   OpenSSL's reason is in the message).
 *
 * Error codes in the %PKI_ERROR domain.  Messages name the operation and,
 * where OpenSSL reported something, carry OpenSSL's reason strings.
 */
typedef enum {
  PKI_ERROR_FAILED,
  PKI_ERROR_BAD_INPUT,
  PKI_ERROR_PASSPHRASE,
  PKI_ERROR_UNSUPPORTED,
  PKI_ERROR_SIGNATURE,
  PKI_ERROR_IO,
  PKI_ERROR_INVALID_KEY,
  PKI_ERROR_KEY_TYPE,
  PKI_ERROR_VERIFY,
  PKI_ERROR_TLS,
} PkiError;

PKI_API GQuark pki_error_quark (void);
PKI_API GType pki_error_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_ERROR (pki_error_get_type ())

G_END_DECLS
