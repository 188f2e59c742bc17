/* libpki: version information.
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <openssl/crypto.h>

/**
 * pki_version:
 *
 * The version of the libpki library the program runs with, which may be
 * newer than the %PKI_VERSION_STRING it was compiled against.
 *
 * Returns: (transfer none): the version, "major.minor.micro".
 */
const char *
pki_version (void)
{
  return PKI_VERSION_STRING;
}

/**
 * pki_openssl_version:
 *
 * The version of the OpenSSL libcrypto libpki runs on, as OpenSSL words it
 * ("OpenSSL 3.0.19 27 Jan 2026").
 *
 * Returns: (transfer none): the OpenSSL version string.
 */
const char *
pki_openssl_version (void)
{
  return OpenSSL_version (OPENSSL_VERSION);
}
