/* libpki: the random number generator (pyOpenSSL's rand module).
 *
 * pyOpenSSL's rand.egd() and rand.screen() are not here: EGD, the entropy
 * gathering daemon, has been obsolete since operating systems gained their
 * own entropy sources (getrandom, /dev/urandom), and OpenSSL 1.1.0 dropped
 * both RAND_egd and the Windows-only RAND_screen.  OpenSSL 3 seeds itself
 * from the operating system, so pki_rand_add() and pki_rand_seed() are only
 * ever extra input, never needed.
 *
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <errno.h>
#include <openssl/rand.h>

/**
 * pki_rand_bytes:
 * @n: how many bytes
 * @error: return location for a #GError
 *
 * Random bytes from OpenSSL's cryptographically secure generator,
 * pyOpenSSL's `rand.bytes`.
 *
 * Returns: (transfer full): @n random bytes (empty for 0), or %NULL with
 *   @error set when the generator is not seeded.
 */
GBytes *
pki_rand_bytes (gsize n, GError **error)
{
  guint8 *buf;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (n == 0)
    return g_bytes_new (NULL, 0);
  buf = g_malloc (n);
  if (RAND_bytes_ex (pki_libctx (), buf, n, 0) != 1) {
    g_free (buf);
    pki_set_error (error, PKI_ERROR_FAILED, "generating %zu random bytes failed", n);
    return NULL;
  }
  return g_bytes_new_take (buf, n);
}

/**
 * pki_rand_add:
 * @buffer: (array length=len): bytes to mix into the generator's state
 * @len: the length of @buffer
 * @entropy: how many bytes of real randomness @buffer holds, at most @len
 *
 * Mixes @buffer into the generator, pyOpenSSL's `rand.add`.  OpenSSL 3
 * seeds itself from the operating system; this only adds to that.
 */
void
pki_rand_add (const guint8 *buffer, gsize len, double entropy)
{
  g_return_if_fail (buffer != NULL || len == 0);
  g_return_if_fail (entropy >= 0.0 && entropy <= (double) len);

  while (len > 0) {
    int chunk = (int) MIN (len, (gsize) G_MAXINT);
    RAND_add (buffer, chunk, entropy * chunk / len);
    entropy -= entropy * chunk / len;
    buffer += chunk;
    len -= (gsize) chunk;
  }
  ERR_clear_error ();
}

/**
 * pki_rand_seed:
 * @buffer: (array length=len): bytes to mix into the generator's state
 * @len: the length of @buffer
 *
 * Mixes @buffer into the generator counting every byte as random,
 * pyOpenSSL's `rand.seed`; the same as pki_rand_add() with @entropy @len.
 */
void
pki_rand_seed (const guint8 *buffer, gsize len)
{
  g_return_if_fail (buffer != NULL || len == 0);
  pki_rand_add (buffer, len, (double) len);
}

/**
 * pki_rand_status:
 *
 * Whether the generator is seeded well enough to produce output,
 * pyOpenSSL's `rand.status`.  With OpenSSL 3 on a working system it is.
 *
 * Returns: %TRUE when the generator is seeded.
 */
gboolean
pki_rand_status (void)
{
  gboolean ok = RAND_status () == 1;
  ERR_clear_error ();
  return ok;
}

/**
 * pki_rand_load_file:
 * @filename: (type filename): a file to read seed bytes from
 * @max_bytes: read at most this many bytes; -1 reads the whole file
 * @error: return location for a #GError
 *
 * Mixes the contents of @filename into the generator (each byte counted as
 * random), pyOpenSSL's `rand.load_file`.
 *
 * Returns: how many bytes were read, or -1 with @error set
 *   (%PKI_ERROR_IO when the file cannot be read, %PKI_ERROR_BAD_INPUT for
 *   a @max_bytes below -1).
 */
gint64
pki_rand_load_file (const char *filename, gint64 max_bytes, GError **error)
{
  g_autofree gchar *contents = NULL;
  g_autoptr (GError) local = NULL;
  gsize len;

  g_return_val_if_fail (filename != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (max_bytes < -1) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "loading random seed: max_bytes %"
                           G_GINT64_FORMAT " is negative", max_bytes);
    return -1;
  }
  if (!g_file_get_contents (filename, &contents, &len, &local)) {
    pki_set_error_literal (error, PKI_ERROR_IO, "loading random seed: %s", local->message);
    return -1;
  }
  if (max_bytes >= 0 && (guint64) max_bytes < len)
    len = (gsize) max_bytes;
  pki_rand_seed ((const guint8 *) contents, len);
  OPENSSL_cleanse (contents, len);
  return (gint64) len;
}

/**
 * pki_rand_write_file:
 * @filename: (type filename): the file to write
 * @error: return location for a #GError
 *
 * Writes 1024 fresh random bytes to @filename (created with mode 0600), for
 * a later pki_rand_load_file(); pyOpenSSL's `rand.write_file`.
 *
 * Returns: how many bytes were written, or -1 with @error set
 *   (%PKI_ERROR_IO when the file cannot be written).
 */
gint64
pki_rand_write_file (const char *filename, GError **error)
{
  g_autoptr (GBytes) seed = NULL;
  g_autoptr (GError) local = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (filename != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  seed = pki_rand_bytes (1024, error);
  if (seed == NULL)
    return -1;
  data = g_bytes_get_data (seed, &len);
  if (!g_file_set_contents_full (filename, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &local)) {
    pki_set_error_literal (error, PKI_ERROR_IO, "writing random seed: %s", local->message);
    return -1;
  }
  return (gint64) len;
}
