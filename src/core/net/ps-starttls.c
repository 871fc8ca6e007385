/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-starttls-private.h"

/* The plain-text exchange on the connection: send a command, read until the reader
 * (ps-starttls-reader.c) has a complete answer, and go on. The server's answers are read
 * into a buffer we own, and nothing is read past the final "go ahead". */

typedef struct
{
  PsStarttlsReader reader;
  GIOStream *stream;
  char *client_name;
  GByteArray *buffer;
  GBytes *sending;      /* the command being written */
  guint8 chunk[4096];
} Negotiation;

static void
negotiation_free (Negotiation *n)
{
  g_clear_object (&n->stream);
  g_clear_pointer (&n->client_name, g_free);
  g_clear_pointer (&n->buffer, g_byte_array_unref);
  g_clear_pointer (&n->sending, g_bytes_unref);
  g_free (n);
}

static const struct
{
  PsStarttlsProtocol protocol;
  const char *name;
  guint16 port;
} protocols[] = {
  { PS_STARTTLS_NONE, "none", 443 },
  { PS_STARTTLS_SMTP, "smtp", 25 },
  { PS_STARTTLS_IMAP, "imap", 143 },
  { PS_STARTTLS_POP3, "pop3", 110 },
  { PS_STARTTLS_FTP, "ftp", 21 },
  { PS_STARTTLS_XMPP, "xmpp", 5222 },
  { PS_STARTTLS_LDAP, "ldap", 389 },
  { PS_STARTTLS_POSTGRES, "postgres", 5432 },
};

gboolean
ps_starttls_protocol_from_string (const char         *name,
                                  PsStarttlsProtocol *protocol)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (protocols); i++)
    {
      if (g_ascii_strcasecmp (name, protocols[i].name) == 0)
        {
          if (protocol != NULL)
            *protocol = protocols[i].protocol;
          return TRUE;
        }
    }

  if (g_ascii_strcasecmp (name, "postgresql") == 0)
    {
      if (protocol != NULL)
        *protocol = PS_STARTTLS_POSTGRES;
      return TRUE;
    }

  return FALSE;
}

const char *
ps_starttls_protocol_to_string (PsStarttlsProtocol protocol)
{
  for (guint i = 0; i < G_N_ELEMENTS (protocols); i++)
    if (protocols[i].protocol == protocol)
      return protocols[i].name;

  return NULL;
}

guint16
ps_starttls_protocol_default_port (PsStarttlsProtocol protocol)
{
  for (guint i = 0; i < G_N_ELEMENTS (protocols); i++)
    if (protocols[i].protocol == protocol)
      return protocols[i].port;

  return 443;
}

static char *
smtp_client_name (GIOStream *stream)
{
  GSocketAddress *address = NULL;
  GInetAddress *inet;
  g_autofree char *ip = NULL;
  char *name;

  /* RFC 5321 4.1.3: without a domain name of our own, an address literal. */
  if (G_IS_SOCKET_CONNECTION (stream))
    address = g_socket_connection_get_local_address (G_SOCKET_CONNECTION (stream), NULL);
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    {
      g_clear_object (&address);
      return g_strdup ("[127.0.0.1]");
    }

  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  ip = g_inet_address_to_string (inet);
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    name = g_strdup_printf ("[IPv6:%s]", ip);
  else
    name = g_strdup_printf ("[%s]", ip);
  g_object_unref (address);

  return name;
}

static void send_bytes (GTask *task, GBytes *bytes);
static void receive (GTask *task);

static void
return_closed (GTask *task)
{
  g_task_return_new_error (task, PS_PROBE_ERROR, PS_PROBE_ERROR_CLOSED,
                           _("The server closed the connection during STARTTLS"));
}

static void
handle_buffer (GTask *task)
{
  Negotiation *n = g_task_get_task_data (task);
  g_autoptr(GBytes) command = NULL;
  GError *error = NULL;
  gsize consumed = 0;
  PsStarttlsRead result;

  result = _ps_starttls_reader_read (&n->reader, n->buffer->data, n->buffer->len, &consumed,
                                     &command, &error);
  g_byte_array_remove_range (n->buffer, 0, consumed);

  switch (result)
    {
    case PS_STARTTLS_READ_FAILED:
      g_task_return_error (task, error);
      return;

    case PS_STARTTLS_READ_DONE:
      g_task_return_boolean (task, TRUE);
      return;

    case PS_STARTTLS_READ_SEND:
      /* The command is sent, then send_bytes reads on. */
      send_bytes (task, command);
      return;

    case PS_STARTTLS_READ_INCOMPLETE:
    default:
      receive (task);
      return;
    }
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Negotiation *n = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize len;

  len = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (len < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        return_closed (task);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (len == 0)
    {
      /* Hanging up in the middle of an answer we could not read: not the protocol. */
      if (n->buffer->len == 0)
        return_closed (task);
      else
        g_task_return_error (task, _ps_starttls_protocol_error (n->reader.protocol,
                                                                n->buffer->data,
                                                                n->buffer->len));
      return;
    }

  g_byte_array_append (n->buffer, n->chunk, len);
  handle_buffer (task);
}

static void
receive (GTask *task)
{
  Negotiation *n = g_task_get_task_data (task);

  g_input_stream_read_async (g_io_stream_get_input_stream (n->stream),
                             n->chunk, sizeof n->chunk, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), read_cb, g_object_ref (task));
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Negotiation *n = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&n->sending, g_bytes_unref);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        return_closed (task);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  receive (task);
}

/* Sends a command, then reads the answer. */
static void
send_bytes (GTask  *task,
            GBytes *bytes)
{
  Negotiation *n = g_task_get_task_data (task);
  gsize len;
  const void *data;

  g_assert (n->sending == NULL);
  n->sending = g_bytes_ref (bytes);
  data = g_bytes_get_data (n->sending, &len);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (n->stream), data, len,
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   write_cb, g_object_ref (task));
}

void
ps_starttls_negotiate_async (GIOStream           *stream,
                             PsStarttlsProtocol   protocol,
                             const char          *domain,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) first = NULL;
  Negotiation *n;

  g_return_if_fail (G_IS_IO_STREAM (stream));
  g_return_if_fail (protocol != PS_STARTTLS_NONE);
  g_return_if_fail (ps_starttls_protocol_to_string (protocol) != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_starttls_negotiate_async);

  n = g_new0 (Negotiation, 1);
  n->reader.protocol = protocol;
  n->stream = g_object_ref (stream);
  if (protocol == PS_STARTTLS_SMTP)
    n->client_name = smtp_client_name (stream);
  n->reader.client_name = n->client_name;
  n->buffer = g_byte_array_new ();
  g_task_set_task_data (task, n, (GDestroyNotify) negotiation_free);

  first = _ps_starttls_first_command (protocol, domain);
  if (first != NULL)
    send_bytes (task, first);
  else
    receive (task);   /* the server speaks first */
}

gboolean
ps_starttls_negotiate_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
