/* libpki: PkiSslConnection, one TLS connection over a socket or memory.
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <errno.h>
#include <netdb.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct _PkiSslConnection {
  SSL *ssl;
  PkiSslContext *ctx;
  gint fd;                      /* the socket, or -1 over memory */
  BIO *network;                 /* memory mode: the application's end */
};

static int conn_index = -1;

static void
pki_ssl_connection_clear (PkiSslConnection *conn)
{
  SSL_free (conn->ssl);
  BIO_free (conn->network);
  pki_ssl_context_unref (conn->ctx);
}

/**
 * pki_ssl_connection_ref:
 * @conn: a #PkiSslConnection
 *
 * Takes a reference on @conn.
 *
 * Returns: (transfer full): @conn
 */
/**
 * pki_ssl_connection_unref:
 * @conn: (nullable) (transfer full): a #PkiSslConnection
 *
 * Releases a reference on @conn.  The socket is not closed: it is the
 * caller's.  %NULL is ignored.
 */
/**
 * pki_ssl_connection_get_type:
 *
 * The boxed #GType of #PkiSslConnection (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiSslConnection, pki_ssl_connection, pki_ssl_connection_clear)

PkiSslConnection *
pki_ssl_connection_from_ossl (SSL *ssl)
{
  return conn_index >= 0 ? SSL_get_ex_data (ssl, conn_index) : NULL;
}

/**
 * pki_ssl_connection_new:
 * @ctx: the settings (frozen from now on; a reference is kept)
 * @fd: a connected socket, or -1 for memory buffers (feed them with
 *   pki_ssl_connection_bio_write() and drain them with
 *   pki_ssl_connection_bio_read(), as an event loop does)
 * @error: return location for a #GError
 *
 * Makes a connection, pyOpenSSL's `Connection (ctx, socket)`: in connect
 * state for a client context, accept state for a server one.  The socket
 * stays the caller's.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set.
 */
PkiSslConnection *
pki_ssl_connection_new (PkiSslContext *ctx, gint fd, GError **error)
{
  static gsize once = 0;
  PkiSslConnection *conn;
  BIO *internal = NULL;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (fd >= -1, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_once_init_enter (&once)) {
    conn_index = SSL_get_ex_new_index (0, NULL, NULL, NULL, NULL);
    g_once_init_leave (&once, 1);
  }
  conn = g_atomic_rc_box_new0 (PkiSslConnection);
  conn->fd = fd;
  conn->ctx = pki_ssl_context_ref (ctx);
  conn->ssl = SSL_new (pki_ssl_context_get_ossl (ctx));
  if (conn->ssl == NULL
      || (fd >= 0 ? !SSL_set_fd (conn->ssl, fd) : !BIO_new_bio_pair (&internal, 0, &conn->network, 0))) {
    pki_ssl_connection_unref (conn);
    pki_set_error (error, PKI_ERROR_FAILED, "making a TLS connection failed");
    return NULL;
  }
  if (internal != NULL)
    SSL_set_bio (conn->ssl, internal, internal);
  SSL_set_ex_data (conn->ssl, conn_index, conn);
  SSL_set_mode (conn->ssl, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (pki_ssl_context_get_role (ctx) == PKI_SSL_CLIENT)
    SSL_set_connect_state (conn->ssl);
  else
    SSL_set_accept_state (conn->ssl);
  pki_ssl_context_freeze (ctx);
  ERR_clear_error ();
  return conn;
}

/**
 * pki_ssl_connection_get_context:
 * @conn: a #PkiSslConnection
 *
 * The context the connection uses.
 *
 * Returns: (transfer none): the context.
 */
PkiSslContext *
pki_ssl_connection_get_context (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);
  return conn->ctx;
}

/**
 * pki_ssl_connection_set_context:
 * @conn: a server #PkiSslConnection
 * @ctx: another server context (frozen from now on)
 * @error: return location for a #GError
 *
 * Switches to another context, typically from an SNI callback to present
 * another certificate, pyOpenSSL's `set_context()`.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for a context
 *   of the other role.
 */
gboolean
pki_ssl_connection_set_context (PkiSslConnection *conn, PkiSslContext *ctx, GError **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (pki_ssl_context_get_role (ctx) != pki_ssl_context_get_role (conn->ctx))
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "the new context is for the other side of connections");
  if (SSL_set_SSL_CTX (conn->ssl, pki_ssl_context_get_ossl (ctx)) == NULL)
    return pki_set_error (error, PKI_ERROR_FAILED, "switching the TLS context failed");
  pki_ssl_context_freeze (ctx);
  pki_ssl_context_unref (conn->ctx);
  conn->ctx = pki_ssl_context_ref (ctx);
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_ssl_connection_set_host_name:
 * @conn: a client #PkiSslConnection
 * @host: the server's host name or IP address
 * @error: return location for a #GError
 *
 * Names the server: the name goes into SNI (not an IP address, as RFC 6066
 * says), and when the context verifies peers (clients do by default) the
 * server's certificate must be valid for it (DNS names by RFC 6125,
 * IP addresses against iPAddress entries).
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for an empty
 *   name.
 */
gboolean
pki_ssl_connection_set_host_name (PkiSslConnection *conn, const char *host, GError **error)
{
  X509_VERIFY_PARAM *param;
  gboolean ip;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*host == '\0')
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "the host name is empty");
  param = SSL_get0_param (conn->ssl);
  ip = X509_VERIFY_PARAM_set1_ip_asc (param, host) == 1;
  if (!ip && (!SSL_set_tlsext_host_name (conn->ssl, host) || !SSL_set1_host (conn->ssl, host)))
    return pki_set_error (error, PKI_ERROR_BAD_INPUT, "invalid host name '%s'", host);
  ERR_clear_error ();
  return TRUE;
}

/* Maps a failed SSL call to a status or an error. */
static gint
io_result (PkiSslConnection *conn, int ret, const char *op, GError **error)
{
  int err = SSL_get_error (conn->ssl, ret);
  long verify;

  switch (err) {
  case SSL_ERROR_WANT_READ:
    ERR_clear_error ();
    return PKI_SSL_WANT_READ;
  case SSL_ERROR_WANT_WRITE:
    ERR_clear_error ();
    return PKI_SSL_WANT_WRITE;
  case SSL_ERROR_ZERO_RETURN:
    ERR_clear_error ();
    return 0;
  case SSL_ERROR_SYSCALL:
    if (ERR_peek_error () == 0) {
      pki_set_error_literal (error, PKI_ERROR_IO, "%s: %s", op,
                             errno != 0 && ret < 0 ? g_strerror (errno)
                                                   : "the peer closed the connection");
      return -1;
    }
    break;
  default:
    break;
  }
  if (pki_error_queue_has (ERR_LIB_SSL, SSL_R_UNEXPECTED_EOF_WHILE_READING)) {
    pki_set_error (error, PKI_ERROR_IO, "%s: the connection ended early", op);
    return -1;
  }
  verify = SSL_get_verify_result (conn->ssl);
  if (verify != X509_V_OK && !SSL_is_init_finished (conn->ssl)) {
    pki_set_error_literal (error, PKI_ERROR_VERIFY, "%s: certificate verification failed: %s", op,
                           X509_verify_cert_error_string (verify));
    return -1;
  }
  pki_set_error (error, PKI_ERROR_TLS, "%s failed", op);
  return -1;
}

/**
 * pki_ssl_connection_do_handshake:
 * @conn: a #PkiSslConnection
 * @error: return location for a #GError
 *
 * Runs the handshake, pyOpenSSL's `do_handshake()`.  Reads and writes also
 * run it when needed.
 *
 * Returns: 0 when the handshake is done, %PKI_SSL_WANT_READ or
 *   %PKI_SSL_WANT_WRITE for a non-blocking caller to wait on, or -1 with
 *   @error set: %PKI_ERROR_VERIFY when the peer's certificate or name does
 *   not verify, %PKI_ERROR_TLS for a protocol failure (an alert, no shared
 *   cipher or version), %PKI_ERROR_IO when the connection closes.
 */
gint
pki_ssl_connection_do_handshake (PkiSslConnection *conn, GError **error)
{
  int ret;

  g_return_val_if_fail (conn != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  errno = 0;
  ret = SSL_do_handshake (conn->ssl);
  if (ret == 1) {
    ERR_clear_error ();
    return 0;
  }
  ret = io_result (conn, ret, "TLS handshake", error);
  if (ret == 0)
    return pki_set_error_literal (error, PKI_ERROR_IO,
                                  "TLS handshake: the peer closed the connection"), -1;
  return ret;
}

/**
 * pki_ssl_connection_read:
 * @conn: a #PkiSslConnection
 * @buffer: (out caller-allocates) (array length=len): where to read to
 * @len: the size of @buffer
 * @error: return location for a #GError
 *
 * Reads application data, pyOpenSSL's `recv_into()`.
 *
 * Returns: the number of bytes read (more than 0), 0 when the peer closed
 *   the connection cleanly (close_notify), %PKI_SSL_WANT_READ or
 *   %PKI_SSL_WANT_WRITE, or -1 with @error set.
 */
gssize
pki_ssl_connection_read (PkiSslConnection *conn, guint8 *buffer, gsize len, GError **error)
{
  size_t n = 0;
  int ret;

  g_return_val_if_fail (conn != NULL, -1);
  g_return_val_if_fail (buffer != NULL || len == 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  errno = 0;
  ret = SSL_read_ex (conn->ssl, buffer, len, &n);
  if (ret == 1) {
    ERR_clear_error ();
    return (gssize) n;
  }
  return io_result (conn, ret, "TLS read", error);
}

/**
 * pki_ssl_connection_write:
 * @conn: a #PkiSslConnection
 * @data: (array length=len): the data to send
 * @len: its length
 * @error: return location for a #GError
 *
 * Writes application data, pyOpenSSL's `send()`.  A partial write is
 * visible: call again with the rest.
 *
 * Returns: the number of bytes written (more than 0 when @len is),
 *   %PKI_SSL_WANT_READ or %PKI_SSL_WANT_WRITE, or -1 with @error set.
 */
gssize
pki_ssl_connection_write (PkiSslConnection *conn, const guint8 *data, gsize len, GError **error)
{
  size_t n = 0;
  int ret;

  g_return_val_if_fail (conn != NULL, -1);
  g_return_val_if_fail (data != NULL || len == 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (len == 0)
    return 0;
  errno = 0;
  ret = SSL_write_ex (conn->ssl, data, len, &n);
  if (ret == 1) {
    ERR_clear_error ();
    return (gssize) n;
  }
  ret = io_result (conn, ret, "TLS write", error);
  if (ret == 0)
    return pki_set_error_literal (error, PKI_ERROR_IO, "TLS write: the connection is closed"), -1;
  return ret;
}

/* Waits until the socket is ready for @want. */
static gboolean
wait_socket (PkiSslConnection *conn, gint want, GError **error)
{
  struct pollfd p = { conn->fd, want == PKI_SSL_WANT_READ ? POLLIN : POLLOUT, 0 };

  if (conn->fd < 0)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "a connection over memory buffers cannot block");
  while (poll (&p, 1, -1) < 0)
    if (errno != EINTR)
      return pki_set_error_literal (error, PKI_ERROR_IO, "waiting on the socket: %s",
                                    g_strerror (errno));
  return TRUE;
}

/**
 * pki_ssl_connection_sendall:
 * @conn: a #PkiSslConnection over a socket
 * @data: (array length=len): the data to send
 * @len: its length
 * @error: return location for a #GError
 *
 * Writes all of @data, waiting on the socket as needed, pyOpenSSL's
 * `sendall()`.
 *
 * Returns: %TRUE when everything was written; %FALSE with @error set.
 */
gboolean
pki_ssl_connection_sendall (PkiSslConnection *conn, const guint8 *data, gsize len,
                            GError **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  while (len > 0) {
    gssize n = pki_ssl_connection_write (conn, data, len, error);
    if (n == PKI_SSL_WANT_READ || n == PKI_SSL_WANT_WRITE) {
      if (!wait_socket (conn, (gint) n, error))
        return FALSE;
      continue;
    }
    if (n < 0)
      return FALSE;
    data += n;
    len -= (gsize) n;
  }
  return TRUE;
}

/**
 * pki_ssl_connection_pending:
 * @conn: a #PkiSslConnection
 *
 * How many decrypted bytes can be read without touching the network.
 *
 * Returns: the byte count.
 */
gsize
pki_ssl_connection_pending (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, 0);
  return (gsize) MAX (SSL_pending (conn->ssl), 0);
}

/**
 * pki_ssl_connection_shutdown:
 * @conn: a #PkiSslConnection
 * @error: return location for a #GError
 *
 * Sends close_notify, and on a second call waits for the peer's,
 * pyOpenSSL's `shutdown()`.
 *
 * Returns: 1 when both sides have sent close_notify, 0 when only this side
 *   has, %PKI_SSL_WANT_READ or %PKI_SSL_WANT_WRITE, or -1 with @error set.
 */
gint
pki_ssl_connection_shutdown (PkiSslConnection *conn, GError **error)
{
  int ret;

  g_return_val_if_fail (conn != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  errno = 0;
  ret = SSL_shutdown (conn->ssl);
  if (ret >= 0) {
    ERR_clear_error ();
    return ret;
  }
  return io_result (conn, ret, "TLS shutdown", error);
}

/**
 * pki_ssl_connection_get_shutdown:
 * @conn: a #PkiSslConnection
 *
 * Which close_notify messages have passed, pyOpenSSL's `get_shutdown()`.
 *
 * Returns: %PKI_SSL_SENT_SHUTDOWN and/or %PKI_SSL_RECEIVED_SHUTDOWN.
 */
gint
pki_ssl_connection_get_shutdown (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, 0);
  return SSL_get_shutdown (conn->ssl) & (SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
}

/**
 * pki_ssl_connection_unwrap:
 * @conn: a #PkiSslConnection over a socket
 * @error: return location for a #GError
 *
 * Ends TLS on the socket and gives it back for plain use, as Python's
 * `SSLSocket.unwrap()`: sends close_notify and waits for the peer's.
 *
 * Returns: the socket, or -1 with @error set.
 */
gint
pki_ssl_connection_unwrap (PkiSslConnection *conn, GError **error)
{
  g_return_val_if_fail (conn != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (conn->fd < 0)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "a connection over memory buffers has no socket"), -1;
  for (;;) {
    gint r = pki_ssl_connection_shutdown (conn, error);
    if (r == 1)
      return conn->fd;
    if (r == 0)
      continue;
    if ((r != PKI_SSL_WANT_READ && r != PKI_SSL_WANT_WRITE) || !wait_socket (conn, r, error))
      return -1;
  }
}

/**
 * pki_ssl_connection_bio_read:
 * @conn: a #PkiSslConnection over memory buffers
 * @buffer: (out caller-allocates) (array length=len): where to copy
 *   outgoing TLS bytes
 * @len: the size of @buffer
 * @error: return location for a #GError
 *
 * Takes the TLS bytes the connection wants to send, pyOpenSSL's
 * `bio_read()`.
 *
 * Returns: the byte count, %PKI_SSL_WANT_READ when there is nothing to
 *   send, or -1 with %PKI_ERROR_BAD_INPUT on a socket connection.
 */
gssize
pki_ssl_connection_bio_read (PkiSslConnection *conn, guint8 *buffer, gsize len, GError **error)
{
  int n;

  g_return_val_if_fail (conn != NULL, -1);
  g_return_val_if_fail (buffer != NULL || len == 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (conn->network == NULL)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "bio_read is for connections over memory buffers"), -1;
  n = BIO_read (conn->network, buffer, (int) MIN (len, (gsize) G_MAXINT));
  ERR_clear_error ();
  return n > 0 ? n : PKI_SSL_WANT_READ;
}

/**
 * pki_ssl_connection_bio_write:
 * @conn: a #PkiSslConnection over memory buffers
 * @data: (array length=len): TLS bytes that arrived from the peer
 * @len: their length
 * @error: return location for a #GError
 *
 * Feeds the connection what the peer sent, pyOpenSSL's `bio_write()`.
 *
 * Returns: how many bytes were taken (the buffer holds 17 kB; call again
 *   with the rest after reading), %PKI_SSL_WANT_WRITE when none fit, or -1
 *   with @error set.
 */
gssize
pki_ssl_connection_bio_write (PkiSslConnection *conn, const guint8 *data, gsize len,
                              GError **error)
{
  int n;

  g_return_val_if_fail (conn != NULL, -1);
  g_return_val_if_fail (data != NULL || len == 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (conn->network == NULL)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "bio_write is for connections over memory buffers"), -1;
  if (len == 0)
    return 0;
  n = BIO_write (conn->network, data, (int) MIN (len, (gsize) G_MAXINT));
  ERR_clear_error ();
  if (n > 0)
    return n;
  if (BIO_should_retry (conn->network))
    return PKI_SSL_WANT_WRITE;
  return pki_set_error_literal (error, PKI_ERROR_IO, "bio_write: the input side is shut down"), -1;
}

/**
 * pki_ssl_connection_bio_shutdown:
 * @conn: a #PkiSslConnection over memory buffers
 * @error: return location for a #GError
 *
 * Tells the connection no more bytes will come from the peer (end of
 * stream), pyOpenSSL's `bio_shutdown()`.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT on a socket
 *   connection.
 */
gboolean
pki_ssl_connection_bio_shutdown (PkiSslConnection *conn, GError **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (conn->network == NULL)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "bio_shutdown is for connections over memory buffers");
  BIO_shutdown_wr (conn->network);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* What the handshake settled */

static GPtrArray *
copy_chain (STACK_OF (X509) *sk)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_unref);
  for (int i = 0; i < sk_X509_num (sk); i++)
    g_ptr_array_add (out, pki_x509_new_take (X509_dup (sk_X509_value (sk, i))));
  ERR_clear_error ();
  return out;
}

/**
 * pki_ssl_connection_get_peer_certificate:
 * @conn: a #PkiSslConnection
 *
 * The peer's certificate, pyOpenSSL's `get_peer_certificate()`.
 *
 * Returns: (transfer full) (nullable): a copy, or %NULL when the peer sent
 *   none.
 */
PkiX509 *
pki_ssl_connection_get_peer_certificate (PkiSslConnection *conn)
{
  X509 *x;

  g_return_val_if_fail (conn != NULL, NULL);
  x = SSL_get0_peer_certificate (conn->ssl);
  return x != NULL ? pki_x509_new_take (X509_dup (x)) : NULL;
}

/**
 * pki_ssl_connection_get_peer_cert_chain:
 * @conn: a #PkiSslConnection
 *
 * The certificates the peer sent, its own first, pyOpenSSL's
 * `get_peer_cert_chain()` (on a server, OpenSSL leaves the client's own
 * certificate out of this list).
 *
 * Returns: (transfer full) (element-type PkiX509): copies (empty when
 *   none).
 */
GPtrArray *
pki_ssl_connection_get_peer_cert_chain (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);
  return copy_chain (SSL_get_peer_cert_chain (conn->ssl));
}

/**
 * pki_ssl_connection_get_verified_chain:
 * @conn: a #PkiSslConnection
 *
 * The chain verification built, peer first and trust anchor last,
 * pyOpenSSL's `get_verified_chain()`.
 *
 * Returns: (transfer full) (element-type PkiX509): copies (empty when the
 *   peer was not verified).
 */
GPtrArray *
pki_ssl_connection_get_verified_chain (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);
  return copy_chain (SSL_get0_verified_chain (conn->ssl));
}

/**
 * pki_ssl_connection_get_verify_result:
 * @conn: a #PkiSslConnection
 *
 * OpenSSL's verification result for the peer (0 when it verified; see
 * pki_x509_store_context_get_error()), also computed when verification
 * was off.
 *
 * Returns: the `X509_V_*` code.
 */
gint
pki_ssl_connection_get_verify_result (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, -1);
  return (gint) SSL_get_verify_result (conn->ssl);
}

/**
 * pki_ssl_connection_get_cipher_name:
 * @conn: a #PkiSslConnection
 *
 * The cipher suite ("TLS_AES_256_GCM_SHA384"), the first of Python's
 * `cipher()` triple.
 *
 * Returns: (transfer none) (nullable): the name, or %NULL before the
 *   handshake.
 */
const char *
pki_ssl_connection_get_cipher_name (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);
  return SSL_get_current_cipher (conn->ssl) != NULL ? SSL_get_cipher_name (conn->ssl) : NULL;
}

/**
 * pki_ssl_connection_get_protocol_version_name:
 * @conn: a #PkiSslConnection
 *
 * The protocol version ("TLSv1.3"), the second of Python's `cipher()`.
 *
 * Returns: (transfer none): the name.
 */
const char *
pki_ssl_connection_get_protocol_version_name (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);
  return SSL_get_version (conn->ssl);
}

/**
 * pki_ssl_connection_get_cipher_bits:
 * @conn: a #PkiSslConnection
 *
 * The cipher's secret bits, the third of Python's `cipher()`.
 *
 * Returns: the bits, 0 before the handshake.
 */
gint
pki_ssl_connection_get_cipher_bits (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, 0);
  return SSL_get_current_cipher (conn->ssl) != NULL ? SSL_get_cipher_bits (conn->ssl, NULL) : 0;
}

/**
 * pki_ssl_connection_get_servername:
 * @conn: a #PkiSslConnection
 *
 * The SNI host name: the one a client sent, or on a server the one it
 * received, pyOpenSSL's `get_servername()`.
 *
 * Returns: (transfer none) (nullable): the name, or %NULL when none.
 */
const char *
pki_ssl_connection_get_servername (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);
  return SSL_get_servername (conn->ssl, TLSEXT_NAMETYPE_host_name);
}

/**
 * pki_ssl_connection_get_alpn_selected:
 * @conn: a #PkiSslConnection
 *
 * The protocol ALPN settled on, pyOpenSSL's `get_alpn_proto_negotiated()`.
 *
 * Returns: (transfer full) (nullable): the protocol, or %NULL when none.
 */
gchar *
pki_ssl_connection_get_alpn_selected (PkiSslConnection *conn)
{
  const unsigned char *proto = NULL;
  unsigned int len = 0;

  g_return_val_if_fail (conn != NULL, NULL);
  SSL_get0_alpn_selected (conn->ssl, &proto, &len);
  return len > 0 ? g_strndup ((const char *) proto, len) : NULL;
}

static GBytes *
random_bytes (PkiSslConnection *conn, gboolean server)
{
  guint8 buf[SSL3_RANDOM_SIZE];
  size_t n;

  if (SSL_in_before (conn->ssl))
    return NULL;
  n = server ? SSL_get_server_random (conn->ssl, buf, sizeof buf)
                    : SSL_get_client_random (conn->ssl, buf, sizeof buf);
  return n > 0 ? g_bytes_new (buf, n) : NULL;
}

/**
 * pki_ssl_connection_get_client_random:
 * @conn: a #PkiSslConnection
 *
 * The client's hello random, pyOpenSSL's `client_random()`.
 *
 * Returns: (transfer full) (nullable): 32 bytes, or %NULL before the hello.
 */
GBytes *
pki_ssl_connection_get_client_random (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);
  return random_bytes (conn, FALSE);
}

/**
 * pki_ssl_connection_get_server_random:
 * @conn: a #PkiSslConnection
 *
 * The server's hello random, pyOpenSSL's `server_random()`.
 *
 * Returns: (transfer full) (nullable): 32 bytes, or %NULL before the hello.
 */
GBytes *
pki_ssl_connection_get_server_random (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);
  return random_bytes (conn, TRUE);
}

/**
 * pki_ssl_connection_export_keying_material:
 * @conn: a #PkiSslConnection after its handshake
 * @label: the exporter label
 * @context: (array length=context_len) (nullable): the context, or %NULL
 *   for none
 * @context_len: its length
 * @len: how many bytes to derive
 * @error: return location for a #GError
 *
 * RFC 5705 / 8446 keying material both ends derive alike, pyOpenSSL's
 * `export_keying_material()`.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set.
 */
GBytes *
pki_ssl_connection_export_keying_material (PkiSslConnection *conn, const char *label,
                                           const guint8 *context, gsize context_len, gsize len,
                                           GError **error)
{
  guint8 *out;

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len == 0 || len > 16384) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "export length %zu is out of range", len);
    return NULL;
  }
  out = g_malloc (len);
  if (SSL_export_keying_material (conn->ssl, out, len, label, strlen (label), context,
                                  context_len, context != NULL) != 1) {
    g_free (out);
    pki_set_error (error, PKI_ERROR_TLS, "exporting keying material failed");
    return NULL;
  }
  return g_bytes_new_take (out, len);
}

/**
 * pki_ssl_connection_get_state_string:
 * @conn: a #PkiSslConnection
 *
 * OpenSSL's description of the handshake state, pyOpenSSL's
 * `get_state_string()`.
 *
 * Returns: (transfer none): the description.
 */
const char *
pki_ssl_connection_get_state_string (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);
  return SSL_state_string_long (conn->ssl);
}

/**
 * pki_ssl_connection_is_server:
 * @conn: a #PkiSslConnection
 *
 * Whether this is the accepting side.
 *
 * Returns: %TRUE for a server connection.
 */
gboolean
pki_ssl_connection_is_server (PkiSslConnection *conn)
{
  g_return_val_if_fail (conn != NULL, FALSE);
  return SSL_is_server (conn->ssl) == 1;
}

/* ---------------------------------------------------------------------- */

static gint
connect_tcp (const char *host, guint16 port, GError **error)
{
  struct addrinfo hints = { 0 }, *res = NULL, *ai;
  g_autofree gchar *service = g_strdup_printf ("%u", port);
  int fd = -1, rc;

  hints.ai_socktype = SOCK_STREAM;
  rc = getaddrinfo (host, service, &hints, &res);
  if (rc != 0)
    return pki_set_error_literal (error, PKI_ERROR_IO, "cannot resolve '%s': %s", host,
                                  gai_strerror (rc)), -1;
  for (ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
    fd = socket (ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd >= 0 && connect (fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      close (fd);
      fd = -1;
    }
  }
  freeaddrinfo (res);
  if (fd < 0)
    pki_set_error_literal (error, PKI_ERROR_IO, "cannot connect to %s port %u: %s", host, port,
                           g_strerror (errno));
  return fd;
}

/**
 * pki_ssl_get_server_certificate:
 * @host: the server's name or address
 * @port: its port
 * @store: (nullable): the trust store to judge the chain with; %NULL means
 *   the system's CA certificates
 * @verify_result: (out) (optional): OpenSSL's verification result for the
 *   chain and @host (0 when it verifies)
 * @error: return location for a #GError
 *
 * Connects, completes a TLS handshake without refusing the server's
 * certificate, and returns what the server sent, as Python's
 * `ssl.get_server_certificate()` does (but the whole chain).
 *
 * Returns: (transfer full) (element-type PkiX509): the server's chain, its
 *   own certificate first, or %NULL with @error set (%PKI_ERROR_IO when the
 *   server cannot be reached, %PKI_ERROR_TLS when no handshake happens).
 */
GPtrArray *
pki_ssl_get_server_certificate (const char *host, guint16 port, PkiX509Store *store,
                                gint *verify_result, GError **error)
{
  g_autoptr (PkiSslContext) ctx = NULL;
  g_autoptr (PkiSslConnection) conn = NULL;
  GPtrArray *chain = NULL;
  gint fd;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ctx = pki_ssl_context_new (PKI_SSL_CLIENT, error);
  if (ctx == NULL || !pki_ssl_context_set_verify (ctx, PKI_SSL_VERIFY_NONE, NULL, NULL, NULL, error)
      || (store != NULL && !pki_ssl_context_set_store (ctx, store, error)))
    return NULL;
  fd = connect_tcp (host, port, error);
  if (fd < 0)
    return NULL;
  conn = pki_ssl_connection_new (ctx, fd, error);
  if (conn != NULL && pki_ssl_connection_set_host_name (conn, host, error)
      && pki_ssl_connection_do_handshake (conn, error) == 0) {
    chain = pki_ssl_connection_get_peer_cert_chain (conn);
    if (verify_result != NULL)
      *verify_result = pki_ssl_connection_get_verify_result (conn);
    SSL_shutdown (conn->ssl);
    ERR_clear_error ();
  }
  close (fd);
  return chain;
}
