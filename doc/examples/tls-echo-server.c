/* tls-echo-server: a TLS echo server made with libpki.
 *
 * Usage: tls-echo-server PORT CERT.pem KEY.pem
 *
 * Listens on PORT (every IPv4 address) and serves one client at a time:
 * a TLS handshake, then every byte the client sends comes back, so each
 * line is echoed, until the client closes the connection.  CERT.pem holds
 * the server's certificate followed by any intermediate CA certificates;
 * KEY.pem its private key (not encrypted).
 *
 * Try it with a throw-away certificate for localhost:
 *
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
 *     -subj /CN=localhost -addext subjectAltName=DNS:localhost \
 *     -days 30 -keyout key.pem -out cert.pem
 *   ./tls-echo-server 4433 cert.pem key.pem &
 *   ./tls-echo-client localhost 4433 cert.pem
 *
 * (or `openssl s_client -connect localhost:4433 -CAfile cert.pem`).
 * SPDX-License-Identifier: MIT
 */
#include <libpki/pki.h>

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

/* A listening TCP socket on @port, or -1 (errno set). */
static int
listen_on (guint16 port)
{
  struct sockaddr_in addr = { 0 };
  int one = 1;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  if (fd < 0)
    return -1;
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_ANY);
  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (fd, 8) < 0) {
    int saved = errno;
    close (fd);
    errno = saved;
    return -1;
  }
  return fd;
}

/* One TLS session on the connected socket @fd: handshake, then echo until
 * the client's close_notify.  FALSE (with @error set) on failure. */
static gboolean
serve (PkiSslContext *ctx, int fd, GError **error)
{
  g_autoptr (PkiSslConnection) conn = pki_ssl_connection_new (ctx, fd, error);
  guint8 buf[4096];
  gssize n;

  if (conn == NULL || pki_ssl_connection_do_handshake (conn, error) != 0)
    return FALSE;
  g_print ("client connected: %s, %s\n", pki_ssl_connection_get_protocol_version_name (conn),
           pki_ssl_connection_get_cipher_name (conn));
  /* The socket blocks, so read returns data, 0 (the client closed) or -1. */
  while ((n = pki_ssl_connection_read (conn, buf, sizeof buf, error)) > 0)
    if (!pki_ssl_connection_sendall (conn, buf, (gsize) n, error))
      return FALSE;
  if (n < 0)
    return FALSE;
  /* Answer the client's close_notify with ours. */
  pki_ssl_connection_shutdown (conn, NULL);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiSslContext) ctx = NULL;
  guint64 port;
  int lfd;

  if (argc != 4 || !g_ascii_string_to_unsigned (argv[1], 10, 1, 65535, &port, NULL)) {
    g_printerr ("usage: %s PORT CERT.pem KEY.pem\n", argv[0]);
    return 2;
  }
  /* A client that vanishes must be an error on its connection, not kill us. */
  signal (SIGPIPE, SIG_IGN);

  ctx = pki_ssl_context_new (PKI_SSL_SERVER, &error);
  if (ctx == NULL || !pki_ssl_context_use_certificate_chain_file (ctx, argv[2], &error)
      || !pki_ssl_context_use_privatekey_file (ctx, argv[3], NULL, NULL, &error)
      || !pki_ssl_context_check_privatekey (ctx, &error)) {
    g_printerr ("%s: %s\n", argv[0], error->message);
    return 1;
  }
  lfd = listen_on ((guint16) port);
  if (lfd < 0) {
    g_printerr ("%s: cannot listen on port %s: %s\n", argv[0], argv[1], g_strerror (errno));
    return 1;
  }
  g_print ("listening on port %s\n", argv[1]);

  for (;;) {
    g_autoptr (GError) conn_error = NULL;
    int fd = accept (lfd, NULL, NULL);

    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      g_printerr ("%s: accept: %s\n", argv[0], g_strerror (errno));
      break;
    }
    if (serve (ctx, fd, &conn_error))
      g_print ("client left\n");
    else
      g_printerr ("client dropped: %s\n", conn_error ? conn_error->message : "I/O failure");
    close (fd);
  }
  close (lfd);
  return 1;
}
