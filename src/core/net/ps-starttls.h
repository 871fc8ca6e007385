/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  PS_STARTTLS_NONE,
  PS_STARTTLS_SMTP,      /* RFC 3207: EHLO, then STARTTLS */
  PS_STARTTLS_IMAP,      /* RFC 3501: a STARTTLS */
  PS_STARTTLS_POP3,      /* RFC 2595: STLS */
  PS_STARTTLS_FTP,       /* RFC 4217: AUTH TLS */
  PS_STARTTLS_XMPP,      /* RFC 6120: <starttls/> after the stream header */
  PS_STARTTLS_LDAP,      /* RFC 4511: extended request 1.3.6.1.4.1.1466.20037 */
  PS_STARTTLS_POSTGRES,  /* PostgreSQL SSLRequest */
} PsStarttlsProtocol;

/* "smtp", "imap"... (and "none"); FALSE for an unknown name. */
gboolean     ps_starttls_protocol_from_string (const char          *name,
                                               PsStarttlsProtocol  *protocol);
const char  *ps_starttls_protocol_to_string   (PsStarttlsProtocol   protocol);
/* The usual port of the plain-text service (25, 143, 110, 21, 5222, 389, 5432); 443 for
 * PS_STARTTLS_NONE. */
guint16      ps_starttls_protocol_default_port (PsStarttlsProtocol  protocol);

/* Runs the plain-text exchange that asks the server to start TLS on @stream, reading no
 * more than the server's answers (so the handshake can follow on the same socket).
 * @domain is the server's name (XMPP's "to", may be NULL). Fails with PS_PROBE_ERROR:
 * STARTTLS_REFUSED when the server says no or does not offer it, CLOSED when it hangs up,
 * PROTOCOL when it does not speak the protocol. */
void         ps_starttls_negotiate_async      (GIOStream           *stream,
                                               PsStarttlsProtocol   protocol,
                                               const char          *domain,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean     ps_starttls_negotiate_finish     (GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
