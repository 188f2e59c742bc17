/* libpki: the PKI_ERROR domain and OpenSSL error-queue capture.
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <openssl/buffer.h>
#include <stdarg.h>

/**
 * pki_error_quark:
 *
 * The quark of the %PKI_ERROR domain.
 *
 * Returns: the error domain quark.
 */
G_DEFINE_QUARK (pki-error-quark, pki_error)

/**
 * pki_error_get_type:
 *
 * The #GType of the #PkiError enumeration.
 *
 * Returns: the #GType.
 */
G_DEFINE_ENUM_TYPE (PkiError, pki_error,
  G_DEFINE_ENUM_VALUE (PKI_ERROR_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (PKI_ERROR_BAD_INPUT, "bad-input"),
  G_DEFINE_ENUM_VALUE (PKI_ERROR_PASSPHRASE, "passphrase"),
  G_DEFINE_ENUM_VALUE (PKI_ERROR_UNSUPPORTED, "unsupported"),
  G_DEFINE_ENUM_VALUE (PKI_ERROR_SIGNATURE, "signature"),
  G_DEFINE_ENUM_VALUE (PKI_ERROR_IO, "io"),
  G_DEFINE_ENUM_VALUE (PKI_ERROR_INVALID_KEY, "invalid-key"),
  G_DEFINE_ENUM_VALUE (PKI_ERROR_KEY_TYPE, "key-type"),
  G_DEFINE_ENUM_VALUE (PKI_ERROR_VERIFY, "verify"),
  G_DEFINE_ENUM_VALUE (PKI_ERROR_TLS, "tls"))

/**
 * pki_filetype_get_type:
 *
 * The #GType of the #PkiFiletype enumeration.
 *
 * Returns: the #GType.
 */
G_DEFINE_ENUM_TYPE (PkiFiletype, pki_filetype,
  G_DEFINE_ENUM_VALUE (PKI_FILETYPE_PEM, "pem"),
  G_DEFINE_ENUM_VALUE (PKI_FILETYPE_ASN1, "asn1"),
  G_DEFINE_ENUM_VALUE (PKI_FILETYPE_TEXT, "text"))

/* Appends the reasons in OpenSSL's queue (oldest first, each once) to @msg
 * and empties the queue. */
static void
drain_queue (GString *msg)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  const char *data = NULL;
  int flags = 0;
  unsigned long e;

  while ((e = ERR_get_error_all (NULL, NULL, NULL, &data, &flags)) != 0) {
    const char *reason = ERR_reason_error_string (e);
    g_autofree gchar *item = NULL;
    gboolean dup = FALSE;

    if (reason == NULL)
      item = g_strdup_printf ("error %d", ERR_GET_REASON (e));
    else if ((flags & ERR_TXT_STRING) && data != NULL && *data != '\0')
      item = g_strdup_printf ("%s (%s)", reason, data);
    else
      item = g_strdup (reason);

    for (guint i = 0; i < seen->len && !dup; i++)
      dup = g_str_equal (seen->pdata[i], item);
    if (!dup)
      g_ptr_array_add (seen, g_steal_pointer (&item));
  }
  for (guint i = 0; i < seen->len; i++)
    g_string_append_printf (msg, "%s%s", i == 0 ? ": " : "; ", (char *) seen->pdata[i]);
}

gboolean
pki_set_error (GError **error, PkiError code, const char *format, ...)
{
  GString *msg = g_string_new (NULL);
  va_list ap;

  va_start (ap, format);
  g_string_append_vprintf (msg, format, ap);
  va_end (ap);
  drain_queue (msg);
  g_set_error_literal (error, PKI_ERROR, code, msg->str);
  g_string_free (msg, TRUE);
  return FALSE;
}

gboolean
pki_set_error_literal (GError **error, PkiError code, const char *format, ...)
{
  g_autofree gchar *msg = NULL;
  va_list ap;

  ERR_clear_error ();
  va_start (ap, format);
  msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error_literal (error, PKI_ERROR, code, msg);
  return FALSE;
}

gboolean
pki_error_queue_has (int lib, int reason)
{
  /* OpenSSL cannot walk its queue without popping it, so pop everything and
   * raise it again in the same order (file and line are not kept). */
  g_autoptr (GArray) saved = g_array_new (FALSE, FALSE, sizeof (unsigned long));
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  const char *data = NULL;
  gboolean found = FALSE;
  int flags = 0;
  unsigned long e;

  while ((e = ERR_get_error_all (NULL, NULL, NULL, &data, &flags)) != 0) {
    found = found || (ERR_GET_LIB (e) == lib && ERR_GET_REASON (e) == reason);
    g_array_append_val (saved, e);
    g_ptr_array_add (texts, (flags & ERR_TXT_STRING) && data ? g_strdup (data) : NULL);
  }
  for (guint i = 0; i < saved->len; i++) {
    unsigned long s = g_array_index (saved, unsigned long, i);
    if (texts->pdata[i] != NULL)
      ERR_raise_data (ERR_GET_LIB (s), ERR_GET_REASON (s), "%s", (char *) texts->pdata[i]);
    else
      ERR_raise (ERR_GET_LIB (s), ERR_GET_REASON (s));
  }
  return found;
}

gboolean
pki_check_filetype (PkiFiletype type, gboolean allow_text, const char *what, GError **error)
{
  if (type == PKI_FILETYPE_PEM || type == PKI_FILETYPE_ASN1
      || (allow_text && type == PKI_FILETYPE_TEXT))
    return TRUE;
  if (type == PKI_FILETYPE_TEXT)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "%s: text is only an output format", what);
  return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "%s: unknown file type %d", what,
                                (int) type);
}

gboolean
pki_check_ossl (gboolean ok, GError **error, PkiError code, const char *format, ...)
{
  g_autofree gchar *what = NULL;
  va_list ap;

  if (ok) {
    ERR_clear_error ();
    return TRUE;
  }
  va_start (ap, format);
  what = g_strdup_vprintf (format, ap);
  va_end (ap);
  return pki_set_error (error, code, "%s", what);
}

gboolean
pki_check_load_input (PkiFiletype type, gsize len, const char *what, GError **error)
{
  if (!pki_check_filetype (type, FALSE, what, error))
    return FALSE;
  if (len == 0 || len > G_MAXINT)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "%s: the input is %s", what,
                                  len == 0 ? "empty" : "too large");
  return TRUE;
}

GBytes *
pki_bio_dump_result (BIO *bio, gboolean ok, const char *what, GError **error)
{
  if (!ok) {
    pki_set_error (error, PKI_ERROR_FAILED, "%s failed", what);
    return NULL;
  }
  ERR_clear_error ();
  return pki_bio_to_bytes (bio);
}

GBytes *
pki_bio_to_bytes (BIO *bio)
{
  BUF_MEM *mem = NULL;

  /* Take the BIO's buffer rather than copy it: dumps of large CRLs are tens
   * of megabytes. */
  BIO_get_mem_ptr (bio, &mem);
  BIO_set_close (bio, BIO_NOCLOSE);
  return g_bytes_new_with_free_func (mem->data, mem->length, (GDestroyNotify) BUF_MEM_free, mem);
}

EVP_MD *
pki_fetch_digest (const char *name, GError **error)
{
  EVP_MD *md;

  if (name == NULL)
    name = "SHA256";
  md = EVP_MD_fetch (pki_libctx (), name, NULL);
  if (md == NULL)
    pki_set_error_literal (error, PKI_ERROR_UNSUPPORTED, "unknown digest '%s'", name);
  return md;
}
