/* tls-echo-client: a TLS client for tls-echo-server, made with libpki.
 *
 * Usage: tls-echo-client HOST PORT [CA.pem]
 *
 * Connects to HOST:PORT, checks the server's certificate against the
 * system's CA certificates plus those of CA.pem (when given) and against
 * HOST (a DNS name or an IP address), then sends each line of standard
 * input and prints the server's reply.  End standard input (Ctrl-D) to
 * close the connection.  See tls-echo-server.c for a complete session:
 *
 *   ./tls-echo-client localhost 4433 cert.pem
 *
 * SPDX-License-Identifier: MIT
 */
#include <libpki/pki.h>

#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A TCP connection to @host:@port (any address it resolves to), or -1
 * after printing why. */
static int
connect_to (const char *host, const char *port)
{
  struct addrinfo hints = { 0 }, *res, *ai;
  int fd = -1, rc;

  hints.ai_socktype = SOCK_STREAM;
  rc = getaddrinfo (host, port, &hints, &res);
  if (rc != 0) {
    g_printerr ("cannot resolve %s: %s\n", host, gai_strerror (rc));
    return -1;
  }
  for (ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
    fd = socket (ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd >= 0 && connect (fd, ai->ai_addr, ai->ai_addrlen) < 0) {
      close (fd);
      fd = -1;
    }
  }
  freeaddrinfo (res);
  if (fd < 0)
    g_printerr ("cannot connect to %s port %s\n", host, port);
  return fd;
}

/* Prints why @program stops (libpki's messages name the operation). */
static int
fail (const char *program, GError *error)
{
  g_printerr ("%s: %s\n", program,
              error != NULL ? error->message : "the server closed the connection");
  return 1;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiSslContext) ctx = NULL;
  g_autoptr (PkiSslConnection) conn = NULL;
  char line[4096];
  int fd;

  if (argc < 3 || argc > 4) {
    g_printerr ("usage: %s HOST PORT [CA.pem]\n", argv[0]);
    return 2;
  }
  signal (SIGPIPE, SIG_IGN);

  /* Client contexts verify the server against the system's CAs already. */
  ctx = pki_ssl_context_new (PKI_SSL_CLIENT, &error);
  if (ctx == NULL || (argc == 4 && !pki_ssl_context_load_verify_locations (ctx, argv[3], NULL,
                                                                          &error)))
    return fail (argv[0], error);
  fd = connect_to (argv[1], argv[2]);
  if (fd < 0)
    return 1;
  conn = pki_ssl_connection_new (ctx, fd, &error);
  if (conn == NULL || !pki_ssl_connection_set_host_name (conn, argv[1], &error)
      || pki_ssl_connection_do_handshake (conn, &error) != 0) {
    close (fd);
    return fail (argv[0], error);
  }
  g_printerr ("connected: %s, %s\n", pki_ssl_connection_get_protocol_version_name (conn),
              pki_ssl_connection_get_cipher_name (conn));

  while (fgets (line, sizeof line, stdin) != NULL) {
    gsize len = strlen (line), got = 0;
    char reply[sizeof line];

    if (!pki_ssl_connection_sendall (conn, (const guint8 *) line, len, &error))
      break;
    /* The server echoes every byte: wait for as many as were sent. */
    while (got < len) {
      gssize n = pki_ssl_connection_read (conn, (guint8 *) reply + got, len - got, &error);
      if (n <= 0)
        break;
      got += (gsize) n;
    }
    if (got < len)
      break;
    fwrite (reply, 1, len, stdout);
    fflush (stdout);
  }
  if (!feof (stdin)) {
    close (fd);
    return fail (argv[0], error);
  }
  /* Say goodbye properly: close_notify, and wait for the server's. */
  pki_ssl_connection_shutdown (conn, NULL);
  pki_ssl_connection_shutdown (conn, NULL);
  close (fd);
  return 0;
}
