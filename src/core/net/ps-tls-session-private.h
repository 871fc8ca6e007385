/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gnutls/gnutls.h>

#include "ps-error.h"

G_BEGIN_DECLS

/* A GnuTLS client session over the non-blocking socket of a GSocketConnection, driven by
 * GSources on the caller's thread-default main context. It only looks: nothing is verified
 * during the handshake, nothing is sent after it but a close_notify. */

#define PS_TYPE_TLS_SESSION (ps_tls_session_get_type ())

G_DECLARE_FINAL_TYPE (PsTlsSession, ps_tls_session, PS, TLS_SESSION, GObject)

/* @host and @port only name the server in error messages. @servername: SNI (NULL: none).
 * @alpn: the protocols offered (NULL or empty: none). Fails with PS_PROBE_ERROR_FAILED. */
PsTlsSession     *_ps_tls_session_new             (GSocketConnection    *connection,
                                                   const char           *host,
                                                   guint16               port,
                                                   const char           *servername,
                                                   const char * const   *alpn,
                                                   GError              **error);
/* Fails with PS_PROBE_ERROR (CLOSED, NOT_TLS, HANDSHAKE_FAILED) or G_IO_ERROR_CANCELLED. */
void              _ps_tls_session_handshake_async  (PsTlsSession         *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean          _ps_tls_session_handshake_finish (PsTlsSession         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
/* Valid once the handshake succeeded. */
gnutls_session_t  _ps_tls_session_get_gnutls      (PsTlsSession         *self);
double            _ps_tls_session_get_handshake_seconds (PsTlsSession   *self);
/* The ALPN protocol the server chose, or NULL. */
char             *_ps_tls_session_dup_alpn        (PsTlsSession         *self);
char             *_ps_tls_session_dup_peer_address (PsTlsSession        *self);
/* Ends the connection without waiting: after a successful handshake a close_notify and a
 * FIN, then the socket lingers on @context until the server closes (or a second passed) so
 * that its own close_notify is not answered with a reset; otherwise a plain close. Any
 * pending handshake fails with G_IO_ERROR_CANCELLED. */
void              _ps_tls_session_close           (PsTlsSession         *self,
                                                   GMainContext         *context);

G_END_DECLS
