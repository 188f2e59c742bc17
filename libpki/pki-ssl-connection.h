/* libpki: PkiSslConnection, one TLS connection (pyOpenSSL's SSL.Connection,
 * Python's ssl.SSLSocket and SSLObject).
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(PKI_INSIDE) && !defined(PKI_COMPILATION)
#error "Only <libpki/pki.h> can be included directly."
#endif

#include <libpki/pki-types.h>
#include <libpki/pki-ssl-context.h>

G_BEGIN_DECLS

PKI_API GType pki_ssl_connection_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_SSL_CONNECTION (pki_ssl_connection_get_type ())

/* PkiSslConnection */
PKI_API PkiSslConnection *pki_ssl_connection_ref (PkiSslConnection *conn);
PKI_API void pki_ssl_connection_unref (PkiSslConnection *conn);
PKI_API PkiSslConnection *pki_ssl_connection_new (PkiSslContext *ctx, gint fd, GError **error);
PKI_API PkiSslContext *pki_ssl_connection_get_context (PkiSslConnection *conn);
PKI_API gboolean pki_ssl_connection_set_context (PkiSslConnection *conn, PkiSslContext *ctx,
                                                 GError **error);
PKI_API gboolean pki_ssl_connection_set_host_name (PkiSslConnection *conn, const char *host,
                                                   GError **error);
PKI_API gint pki_ssl_connection_do_handshake (PkiSslConnection *conn, GError **error);
PKI_API gssize pki_ssl_connection_read (PkiSslConnection *conn, guint8 *buffer, gsize len,
                                        GError **error);
PKI_API gssize pki_ssl_connection_write (PkiSslConnection *conn, const guint8 *data, gsize len,
                                         GError **error);
PKI_API gboolean pki_ssl_connection_sendall (PkiSslConnection *conn, const guint8 *data,
                                             gsize len, GError **error);
PKI_API gsize pki_ssl_connection_pending (PkiSslConnection *conn);
PKI_API gint pki_ssl_connection_shutdown (PkiSslConnection *conn, GError **error);
PKI_API gint pki_ssl_connection_get_shutdown (PkiSslConnection *conn);
PKI_API gssize pki_ssl_connection_bio_read (PkiSslConnection *conn, guint8 *buffer, gsize len,
                                            GError **error);
PKI_API gssize pki_ssl_connection_bio_write (PkiSslConnection *conn, const guint8 *data,
                                             gsize len, GError **error);
PKI_API gboolean pki_ssl_connection_bio_shutdown (PkiSslConnection *conn, GError **error);

PKI_API PkiX509 *pki_ssl_connection_get_peer_certificate (PkiSslConnection *conn);
PKI_API GPtrArray *pki_ssl_connection_get_peer_cert_chain (PkiSslConnection *conn);
PKI_API GPtrArray *pki_ssl_connection_get_verified_chain (PkiSslConnection *conn);
PKI_API gint pki_ssl_connection_get_verify_result (PkiSslConnection *conn);
PKI_API const char *pki_ssl_connection_get_cipher_name (PkiSslConnection *conn);
PKI_API const char *pki_ssl_connection_get_protocol_version_name (PkiSslConnection *conn);
PKI_API gint pki_ssl_connection_get_cipher_bits (PkiSslConnection *conn);
PKI_API const char *pki_ssl_connection_get_servername (PkiSslConnection *conn);
PKI_API gchar *pki_ssl_connection_get_alpn_selected (PkiSslConnection *conn);
PKI_API GBytes *pki_ssl_connection_get_client_random (PkiSslConnection *conn);
PKI_API GBytes *pki_ssl_connection_get_server_random (PkiSslConnection *conn);
PKI_API GBytes *pki_ssl_connection_export_keying_material (PkiSslConnection *conn,
                                                           const char *label,
                                                           const guint8 *context,
                                                           gsize context_len, gsize len,
                                                           GError **error);
PKI_API const char *pki_ssl_connection_get_state_string (PkiSslConnection *conn);
PKI_API gboolean pki_ssl_connection_is_server (PkiSslConnection *conn);
PKI_API gint pki_ssl_connection_unwrap (PkiSslConnection *conn, GError **error);

PKI_API GPtrArray *pki_ssl_get_server_certificate (const char *host, guint16 port,
                                                   PkiX509Store *store, gint *verify_result,
                                                   GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiSslConnection, pki_ssl_connection_unref)

G_END_DECLS
