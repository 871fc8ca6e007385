/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-error.h"
#include "ps-starttls.h"

G_BEGIN_DECLS

/* The readers of the servers' answers, apart from any I/O: they take the bytes received
 * so far and say what they mean, so that tests and fuzz targets can feed them buffers. */

typedef enum
{
  PS_STARTTLS_READ_INCOMPLETE,  /* more bytes are needed */
  PS_STARTTLS_READ_SEND,        /* an answer was read: send the command, then read on */
  PS_STARTTLS_READ_DONE,        /* the server agreed to start TLS */
  PS_STARTTLS_READ_FAILED,      /* refused, or not the protocol: the error says which */
} PsStarttlsRead;

typedef struct
{
  PsStarttlsProtocol protocol;
  guint step;                   /* answers read so far */
  const char *client_name;      /* SMTP: the EHLO argument ("[127.0.0.1]"...) */
} PsStarttlsReader;

/* The commands the client sends first, before any answer: the XMPP stream header for
 * @domain, the LDAP extended request, the PostgreSQL SSLRequest; NULL when the server
 * speaks first. */
GBytes         *_ps_starttls_first_command (PsStarttlsProtocol   protocol,
                                            const char          *domain);

/* Reads from the start of the @len bytes at @data, the server's answers not yet consumed.
 * @consumed is set to the bytes read, to drop before the next call (possibly some even
 * when more are needed), @command to the next command for PS_STARTTLS_READ_SEND.
 * @error (PS_PROBE_ERROR_STARTTLS_REFUSED or PS_PROBE_ERROR_PROTOCOL) is set for
 * PS_STARTTLS_READ_FAILED. */
PsStarttlsRead  _ps_starttls_reader_read   (PsStarttlsReader    *reader,
                                            const guint8        *data,
                                            gsize                len,
                                            gsize               *consumed,
                                            GBytes             **command,
                                            GError             **error);

/* The error for an answer that is not @protocol (quoted, made safe to show). */
GError         *_ps_starttls_protocol_error (PsStarttlsProtocol protocol,
                                             const guint8      *answer,
                                             gsize              len);

/* Reads a whole transcript of what a server sent, as one negotiation would (the commands
 * are not sent anywhere). DONE only if the last answer accepts STARTTLS and nothing
 * follows it; INCOMPLETE if the transcript stops in the middle; FAILED with @error. */
PsStarttlsRead  _ps_starttls_read_transcript (PsStarttlsProtocol protocol,
                                              const guint8      *data,
                                              gsize              len,
                                              GError           **error);

G_END_DECLS
