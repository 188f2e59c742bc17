/* libpki: version information.
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(PKI_INSIDE) && !defined(PKI_COMPILATION)
#error "Only <libpki/pki.h> can be included directly."
#endif

#include <libpki/pki-types.h>

G_BEGIN_DECLS

/**
 * PKI_VERSION_STRING:
 *
 * The version of libpki the program was compiled against, "major.minor.micro".
 */
#define PKI_VERSION_STRING "0.1.0"

PKI_API const char *pki_version (void);
PKI_API const char *pki_openssl_version (void);

G_END_DECLS
