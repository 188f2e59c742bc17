/* libpki: the random number generator (pyOpenSSL's rand module).
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(PKI_INSIDE) && !defined(PKI_COMPILATION)
#error "Only <libpki/pki.h> can be included directly."
#endif

#include <libpki/pki-types.h>

G_BEGIN_DECLS

PKI_API GBytes *pki_rand_bytes (gsize n, GError **error);
PKI_API void pki_rand_add (const guint8 *buffer, gsize len, double entropy);
PKI_API void pki_rand_seed (const guint8 *buffer, gsize len);
PKI_API gboolean pki_rand_status (void);
PKI_API gint64 pki_rand_load_file (const char *filename, gint64 max_bytes, GError **error);
PKI_API gint64 pki_rand_write_file (const char *filename, GError **error);

G_END_DECLS
