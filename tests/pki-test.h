/* Shared helpers for libpki's gtest programs.  Header-only on purpose: each
 * test is one C file plus this.
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <libpki/pki.h>
#include <openssl/err.h>
#include <glib/gstdio.h>
#include <string.h>

/* Fails the test when OpenSSL's error queue is not empty: every libpki call
 * must leave it empty, on success and on failure. */
#define pki_assert_queue_empty()                                              \
  G_STMT_START {                                                              \
    unsigned long e__ = ERR_peek_error ();                                    \
    if (e__ != 0) {                                                           \
      char buf__[256];                                                        \
      ERR_error_string_n (e__, buf__, sizeof buf__);                          \
      ERR_clear_error ();                                                     \
      g_error ("OpenSSL error left queued: %s", buf__);                       \
    }                                                                         \
  } G_STMT_END

/* The directory of ../shared/<sub> (PKI_TEST_SHARED is set by the Makefile),
 * or NULL when it is absent. */
static inline gchar *
pki_test_shared_dir (const char *sub)
{
  const char *root = g_getenv ("PKI_TEST_SHARED");
  gchar *dir = g_build_filename (root ? root : "../shared", sub, NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR)) {
    g_free (dir);
    return NULL;
  }
  return dir;
}

/* Reads ../shared/pyopenssl-vectors/<name>; skips the test (returns NULL)
 * with a message when the vectors are absent. */
static inline GBytes *
pki_test_vector (const char *name)
{
  g_autofree gchar *dir = pki_test_shared_dir ("pyopenssl-vectors");
  g_autofree gchar *path = NULL;
  g_autoptr (GError) error = NULL;
  gchar *contents;
  gsize len;

  if (dir == NULL) {
    g_test_skip ("../shared/pyopenssl-vectors is absent");
    return NULL;
  }
  path = g_build_filename (dir, name, NULL);
  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("reading vector %s: %s", name, error->message);
  return g_bytes_new_take (contents, len);
}

/* A fresh temporary directory, removed (with its files) by
 * pki_test_tmpdir_free. */
static inline gchar *
pki_test_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  gchar *dir = g_dir_make_tmp ("libpki-test-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

static inline void
pki_test_tmpdir_free (gchar *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)) != NULL) {
    g_autofree gchar *p = g_build_filename (dir, name, NULL);
    g_remove (p);
  }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
  g_free (dir);
}

/* Writes @bytes to @dir/@name and returns the path. */
static inline gchar *
pki_test_write (const char *dir, const char *name, GBytes *bytes)
{
  g_autoptr (GError) error = NULL;
  gchar *path = g_build_filename (dir, name, NULL);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_file_set_contents (path, data ? data : "", len, &error);
  g_assert_no_error (error);
  return path;
}

/* Runs the real `openssl` CLI with @argv (NULL-terminated, without
 * "openssl"); returns its stdout, or NULL (and sets *stderr_out) when it
 * exits non-zero. */
static inline GBytes *
pki_test_openssl (gchar **stderr_out, const char *const *argv)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  gchar *out = NULL, *err = NULL;
  gsize out_len = 0;
  gint status = 0;

  g_ptr_array_add (args, (gpointer) "openssl");
  for (; *argv; argv++)
    g_ptr_array_add (args, (gpointer) *argv);
  g_ptr_array_add (args, NULL);

  /* g_spawn_sync gives stdout as a NUL-terminated string; measure DER output
   * through a temporary file instead when binary matters. */
  if (!g_spawn_sync (NULL, (gchar **) args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("cannot run openssl: %s", error->message);
  if (!g_spawn_check_wait_status (status, NULL)) {
    if (stderr_out)
      *stderr_out = err;
    else
      g_free (err);
    g_free (out);
    return NULL;
  }
  g_free (err);
  if (stderr_out)
    *stderr_out = NULL;
  out_len = strlen (out);
  return g_bytes_new_take (out, out_len);
}

#define PKI_OPENSSL(...) pki_test_openssl (NULL, (const char *const[]){ __VA_ARGS__, NULL })

/* Reads a whole file the test made. */
static inline GBytes *
pki_test_read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  gchar *contents;
  gsize len;
  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("reading %s: %s", path, error->message);
  return g_bytes_new_take (contents, len);
}

#define PKI_BYTES_ARGS(b) (const guint8 *) g_bytes_get_data ((b), NULL), g_bytes_get_size (b)
