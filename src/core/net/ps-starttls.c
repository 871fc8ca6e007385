/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-probe.h"
#include "ps-starttls.h"

/* Each protocol is a small state machine written from its specification: the client
 * sends a command, waits for a complete answer, and goes on or gives up. The server's
 * answers are read into a buffer we own, and nothing may follow the final "go ahead":
 * the TLS handshake starts on the raw socket right after it. */

#define MAX_ANSWER (64 * 1024)

/* LDAPMessage { messageID 1, extendedReq [APPLICATION 23] { requestName [0]
 * "1.3.6.1.4.1.1466.20037" } } in BER, RFC 4511 section 4.12 and 4.14.1. */
static const guint8 ldap_starttls_request[] = {
  0x30, 0x1d,
  0x02, 0x01, 0x01,
  0x77, 0x18,
  0x80, 0x16,
  '1', '.', '3', '.', '6', '.', '1', '.', '4', '.', '1', '.', '1', '4', '6', '6', '.',
  '2', '0', '0', '3', '7',
};

/* Int32 length 8, Int32 80877103 (SSLRequest), big endian. */
static const guint8 postgres_ssl_request[] = { 0x00, 0x00, 0x00, 0x08, 0x04, 0xd2, 0x16, 0x2f };

typedef enum
{
  ANSWER_INCOMPLETE,
  ANSWER_DONE,
  ANSWER_FAILED,
} AnswerResult;

typedef struct
{
  PsStarttlsProtocol protocol;
  GIOStream *stream;
  char *domain;
  GByteArray *buffer;
  guint step;
  guint8 chunk[4096];
} Negotiation;

static void
negotiation_free (Negotiation *n)
{
  g_clear_object (&n->stream);
  g_clear_pointer (&n->domain, g_free);
  g_clear_pointer (&n->buffer, g_byte_array_unref);
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

/* The server's words, made safe to show: printable ASCII, at most one short line. */
static char *
quote_answer (const char *text,
              gsize       len)
{
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < len && s->len < 120; i++)
    {
      char c = text[i];

      if (c == '\r' || c == '\n')
        {
          if (s->len > 0 && s->str[s->len - 1] != ' ')
            g_string_append_c (s, ' ');
        }
      else if (g_ascii_isprint (c))
        g_string_append_c (s, c);
      else
        g_string_append_c (s, '?');
    }

  return g_strstrip (g_string_free (s, FALSE));
}

static void
return_refused (GTask      *task,
                const char *what,
                const char *answer,
                gsize       len)
{
  Negotiation *n = g_task_get_task_data (task);
  g_autofree char *quoted = quote_answer (answer, len);

  g_task_return_new_error (task, PS_PROBE_ERROR, PS_PROBE_ERROR_STARTTLS_REFUSED,
                           _("The %s server refused STARTTLS (%s): “%s”"),
                           ps_starttls_protocol_to_string (n->protocol), what, quoted);
}

static void
return_protocol_error (GTask      *task,
                       const char *answer,
                       gsize       len)
{
  Negotiation *n = g_task_get_task_data (task);
  g_autofree char *quoted = quote_answer (answer, len);

  g_task_return_new_error (task, PS_PROBE_ERROR, PS_PROBE_ERROR_PROTOCOL,
                           _("The server does not speak %s as expected: “%s”"),
                           ps_starttls_protocol_to_string (n->protocol), quoted);
}

static void
consume (Negotiation *n,
         gsize        len)
{
  g_byte_array_remove_range (n->buffer, 0, len);
}

/* A reply of SMTP (RFC 5321 4.2) or FTP (RFC 959 4.2): "ddd-text" lines, then "ddd text".
 * Sets @code and the reply's length, including the final CRLF. */
static gboolean
numeric_reply_complete (Negotiation *n,
                        int         *code,
                        gsize       *reply_len)
{
  const char *data = (const char *) n->buffer->data;
  gsize len = n->buffer->len;
  gsize line_start = 0;

  while (line_start < len)
    {
      const char *nl = memchr (data + line_start, '\n', len - line_start);
      gsize line_len;

      if (nl == NULL)
        return FALSE;

      line_len = nl - (data + line_start);
      if (line_len >= 3 && g_ascii_isdigit (data[line_start]) &&
          g_ascii_isdigit (data[line_start + 1]) && g_ascii_isdigit (data[line_start + 2]) &&
          (line_len == 3 || data[line_start + 3] == ' ' || data[line_start + 3] == '\r'))
        {
          *code = (data[line_start] - '0') * 100 + (data[line_start + 1] - '0') * 10 +
                  (data[line_start + 2] - '0');
          *reply_len = nl - data + 1;
          return TRUE;
        }
      line_start += line_len + 1;
    }

  return FALSE;
}

/* One line ending in LF; returns its length including the LF, or 0. */
static gsize
line_complete (Negotiation *n)
{
  const char *nl = memchr (n->buffer->data, '\n', n->buffer->len);

  return nl != NULL ? (gsize) (nl - (const char *) n->buffer->data) + 1 : 0;
}

static gboolean
has_prefix_len (const char *data,
                gsize       len,
                const char *prefix)
{
  gsize plen = strlen (prefix);

  return len >= plen && g_ascii_strncasecmp (data, prefix, plen) == 0;
}

static gboolean
contains_len (const guint8 *data,
              gsize         len,
              const char   *needle)
{
  return g_strstr_len ((const char *) data, len, needle) != NULL;
}

static void send_bytes (GTask *task, const void *data, gsize len);

static void
send_string (GTask      *task,
             const char *text)
{
  send_bytes (task, text, strlen (text));
}

static char *
smtp_client_name (Negotiation *n)
{
  GSocketAddress *address = NULL;
  GInetAddress *inet;
  g_autofree char *ip = NULL;
  char *name;

  /* RFC 5321 4.1.3: without a domain name of our own, an address literal. */
  if (G_IS_SOCKET_CONNECTION (n->stream))
    address = g_socket_connection_get_local_address (G_SOCKET_CONNECTION (n->stream), NULL);
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

static AnswerResult
smtp_answer (GTask *task)
{
  Negotiation *n = g_task_get_task_data (task);
  const char *data = (const char *) n->buffer->data;
  gsize reply_len;
  int code;

  if (!numeric_reply_complete (n, &code, &reply_len))
    return ANSWER_INCOMPLETE;

  switch (n->step)
    {
    case 0: /* greeting */
      if (code != 220)
        {
          return_refused (task, _("greeting"), data, reply_len);
          return ANSWER_FAILED;
        }
      consume (n, reply_len);
      n->step++;
      {
        g_autofree char *name = smtp_client_name (n);
        g_autofree char *ehlo = g_strdup_printf ("EHLO %s\r\n", name);
        send_string (task, ehlo);
      }
      return ANSWER_INCOMPLETE;

    case 1: /* EHLO */
      {
        gboolean offered = FALSE;
        g_auto(GStrv) lines = NULL;
        g_autofree char *reply = g_strndup (data, reply_len);

        if (code != 250)
          {
            return_refused (task, "EHLO", data, reply_len);
            return ANSWER_FAILED;
          }

        /* RFC 3207 4: the keyword follows "250-" or "250 " on a line of its own. */
        lines = g_strsplit (reply, "\n", -1);
        for (guint i = 0; lines[i] != NULL; i++)
          {
            g_strstrip (lines[i]);
            if (strlen (lines[i]) >= 12 && g_ascii_strncasecmp (lines[i] + 4, "STARTTLS", 8) == 0)
              offered = TRUE;
          }
        if (!offered)
          {
            g_task_return_new_error (task, PS_PROBE_ERROR, PS_PROBE_ERROR_STARTTLS_REFUSED,
                                     _("The smtp server does not offer STARTTLS"));
            return ANSWER_FAILED;
          }
        consume (n, reply_len);
        n->step++;
        send_string (task, "STARTTLS\r\n");
        return ANSWER_INCOMPLETE;
      }

    default: /* STARTTLS */
      if (code != 220)
        {
          return_refused (task, "STARTTLS", data, reply_len);
          return ANSWER_FAILED;
        }
      consume (n, reply_len);
      return ANSWER_DONE;
    }
}

static AnswerResult
ftp_answer (GTask *task)
{
  Negotiation *n = g_task_get_task_data (task);
  const char *data = (const char *) n->buffer->data;
  gsize reply_len;
  int code;

  if (!numeric_reply_complete (n, &code, &reply_len))
    return ANSWER_INCOMPLETE;

  if (n->step == 0)
    {
      /* RFC 959 5.4: 120 means "ready in a moment", 220 follows. */
      if (code == 120)
        {
          consume (n, reply_len);
          return ftp_answer (task);
        }
      if (code != 220)
        {
          return_refused (task, _("greeting"), data, reply_len);
          return ANSWER_FAILED;
        }
      consume (n, reply_len);
      n->step++;
      send_string (task, "AUTH TLS\r\n");
      return ANSWER_INCOMPLETE;
    }

  /* RFC 4217 4.1: 234 accepts; 334 is tolerated by RFC 2228 for mechanisms with data. */
  if (code != 234 && code != 334)
    {
      return_refused (task, "AUTH TLS", data, reply_len);
      return ANSWER_FAILED;
    }
  consume (n, reply_len);
  return ANSWER_DONE;
}

static AnswerResult
imap_answer (GTask *task)
{
  Negotiation *n = g_task_get_task_data (task);

  for (;;)
    {
      const char *data = (const char *) n->buffer->data;
      gsize len = line_complete (n);

      if (len == 0)
        return ANSWER_INCOMPLETE;

      if (n->step == 0)
        {
          /* RFC 3501 7.1: the greeting is OK, PREAUTH (no STARTTLS then) or BYE. */
          if (has_prefix_len (data, len, "* OK"))
            {
              consume (n, len);
              n->step++;
              send_string (task, "a001 STARTTLS\r\n");
              return ANSWER_INCOMPLETE;
            }
          if (has_prefix_len (data, len, "* PREAUTH") || has_prefix_len (data, len, "* BYE"))
            return_refused (task, _("greeting"), data, len);
          else
            return_protocol_error (task, data, len);
          return ANSWER_FAILED;
        }

      if (has_prefix_len (data, len, "* "))
        {
          /* Untagged data (capabilities...) may come before the tagged answer. */
          consume (n, len);
          continue;
        }
      if (has_prefix_len (data, len, "a001 OK"))
        {
          consume (n, len);
          return ANSWER_DONE;
        }
      if (has_prefix_len (data, len, "a001 NO") || has_prefix_len (data, len, "a001 BAD"))
        return_refused (task, "STARTTLS", data, len);
      else
        return_protocol_error (task, data, len);
      return ANSWER_FAILED;
    }
}

static AnswerResult
pop3_answer (GTask *task)
{
  Negotiation *n = g_task_get_task_data (task);
  const char *data = (const char *) n->buffer->data;
  gsize len = line_complete (n);

  if (len == 0)
    return ANSWER_INCOMPLETE;

  /* RFC 1939 3: "+OK" or "-ERR"; RFC 2595 4: STLS. */
  if (!has_prefix_len (data, len, "+OK"))
    {
      if (has_prefix_len (data, len, "-ERR"))
        return_refused (task, n->step == 0 ? _("greeting") : "STLS", data, len);
      else
        return_protocol_error (task, data, len);
      return ANSWER_FAILED;
    }

  consume (n, len);
  if (n->step == 0)
    {
      n->step++;
      send_string (task, "STLS\r\n");
      return ANSWER_INCOMPLETE;
    }

  return ANSWER_DONE;
}

/* The end of the XML element that starts at @start (its "/>" or its closing tag). */
static const char *
xml_element_end (const char *start,
                 const char *end,
                 const char *closing_tag)
{
  const char *gt = memchr (start, '>', end - start);
  const char *close;

  if (gt == NULL)
    return NULL;
  if (gt > start && gt[-1] == '/')
    return gt + 1;

  close = g_strstr_len (gt, end - gt, closing_tag);
  if (close == NULL)
    return NULL;
  return close + strlen (closing_tag);
}

static AnswerResult
xmpp_answer (GTask *task)
{
  Negotiation *n = g_task_get_task_data (task);
  const char *data = (const char *) n->buffer->data;
  const char *end = data + n->buffer->len;
  const char *element;
  const char *element_end;

  if (contains_len (n->buffer->data, n->buffer->len, "<stream:error") ||
      contains_len (n->buffer->data, n->buffer->len, "</stream:stream>"))
    {
      return_refused (task, _("stream error"), data, n->buffer->len);
      return ANSWER_FAILED;
    }

  if (n->step == 0)
    {
      /* RFC 6120 4.3.2: the stream header, then the features. */
      element = g_strstr_len (data, n->buffer->len, "<stream:features");
      if (element == NULL)
        {
          if (n->buffer->len > 0 && memchr (data, '<', n->buffer->len) == NULL)
            {
              return_protocol_error (task, data, n->buffer->len);
              return ANSWER_FAILED;
            }
          return ANSWER_INCOMPLETE;
        }
      element_end = xml_element_end (element, end, "</stream:features>");
      if (element_end == NULL)
        return ANSWER_INCOMPLETE;

      /* RFC 6120 5.4.1: <starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>. */
      if (!g_strstr_len (element, element_end - element, "urn:ietf:params:xml:ns:xmpp-tls"))
        {
          g_task_return_new_error (task, PS_PROBE_ERROR, PS_PROBE_ERROR_STARTTLS_REFUSED,
                                   _("The xmpp server does not offer STARTTLS"));
          return ANSWER_FAILED;
        }

      consume (n, element_end - data);
      n->step++;
      send_string (task, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
      return ANSWER_INCOMPLETE;
    }

  /* RFC 6120 5.4.2.3 and 5.4.2.2: <proceed/> or <failure/>. */
  if ((element = g_strstr_len (data, n->buffer->len, "<failure")) != NULL)
    {
      return_refused (task, "starttls", element, end - element);
      return ANSWER_FAILED;
    }
  element = g_strstr_len (data, n->buffer->len, "<proceed");
  if (element == NULL)
    return ANSWER_INCOMPLETE;
  element_end = xml_element_end (element, end, "</proceed>");
  if (element_end == NULL)
    return ANSWER_INCOMPLETE;

  consume (n, element_end - data);
  return ANSWER_DONE;
}

/* Reads a BER tag and length at @p; returns FALSE if incomplete or malformed. */
static gboolean
ber_header (const guint8  *p,
            const guint8  *end,
            guint8        *tag,
            gsize         *len,
            const guint8 **content)
{
  gsize n_len;

  if (end - p < 2)
    return FALSE;
  *tag = p[0];
  if ((p[0] & 0x1f) == 0x1f)
    return FALSE;
  if (p[1] < 0x80)
    {
      *len = p[1];
      *content = p + 2;
    }
  else
    {
      n_len = p[1] & 0x7f;
      if (n_len == 0 || n_len > 4 || (gsize) (end - p) < 2 + n_len)
        return FALSE;
      *len = 0;
      for (gsize i = 0; i < n_len; i++)
        *len = (*len << 8) | p[2 + i];
      *content = p + 2 + n_len;
    }

  return TRUE;
}

static AnswerResult
ldap_answer (GTask *task)
{
  Negotiation *n = g_task_get_task_data (task);
  const guint8 *data = n->buffer->data;
  const guint8 *end = data + n->buffer->len;
  const guint8 *content;
  const guint8 *message_end;
  const guint8 *p;
  gsize len;
  guint8 tag;
  guint result_code;

  if (n->buffer->len < 2)
    return ANSWER_INCOMPLETE;

  /* RFC 4511 4.2: LDAPMessage ::= SEQUENCE { messageID, protocolOp, controls }. */
  if (data[0] != 0x30)
    goto malformed;
  if (!ber_header (data, end, &tag, &len, &content))
    {
      if ((data[1] & 0x7f) > 4)
        goto malformed;
      return ANSWER_INCOMPLETE;
    }
  if ((gsize) (end - content) < len)
    return ANSWER_INCOMPLETE;
  message_end = content + len;

  /* messageID */
  if (!ber_header (content, message_end, &tag, &len, &p) || tag != 0x02 ||
      (gsize) (message_end - p) < len)
    goto malformed;
  p += len;

  /* extendedResp [APPLICATION 24] (0x78), or a Notice of Disconnection (also 0x78, with
   * message ID 0). Either way its first element is the result code. */
  if (!ber_header (p, message_end, &tag, &len, &content) || tag != 0x78 ||
      (gsize) (message_end - content) < len)
    goto malformed;
  if (!ber_header (content, message_end, &tag, &len, &p) || tag != 0x0a || len == 0 ||
      len > 4 || (gsize) (message_end - p) < len)
    goto malformed;
  result_code = 0;
  for (gsize i = 0; i < len; i++)
    result_code = (result_code << 8) | p[i];

  if (result_code != 0)
    {
      g_autofree char *what = g_strdup_printf (_("result code %u"), result_code);
      const guint8 *dn_content;
      const guint8 *msg_content;
      gsize dn_len = 0, msg_len = 0;
      guint8 dn_tag, msg_tag;

      /* matchedDN, then diagnosticMessage: show the latter if we can. */
      p += len;
      if (ber_header (p, message_end, &dn_tag, &dn_len, &dn_content) &&
          (gsize) (message_end - dn_content) >= dn_len &&
          ber_header (dn_content + dn_len, message_end, &msg_tag, &msg_len, &msg_content) &&
          (gsize) (message_end - msg_content) >= msg_len)
        return_refused (task, what, (const char *) msg_content, msg_len);
      else
        return_refused (task, what, "", 0);
      return ANSWER_FAILED;
    }

  consume (n, message_end - data);
  return ANSWER_DONE;

malformed:
  return_protocol_error (task, (const char *) data, n->buffer->len);
  return ANSWER_FAILED;
}

static AnswerResult
postgres_answer (GTask *task)
{
  Negotiation *n = g_task_get_task_data (task);

  if (n->buffer->len < 1)
    return ANSWER_INCOMPLETE;

  switch (n->buffer->data[0])
    {
    case 'S':
      consume (n, 1);
      return ANSWER_DONE;
    case 'N':
      return_refused (task, "SSLRequest", "N", 1);
      return ANSWER_FAILED;
    case 'E':
      /* An ErrorResponse: the server predates SSL or refuses it. */
      return_refused (task, "SSLRequest", (const char *) n->buffer->data + 1,
                      n->buffer->len - 1);
      return ANSWER_FAILED;
    default:
      return_protocol_error (task, (const char *) n->buffer->data, n->buffer->len);
      return ANSWER_FAILED;
    }
}

static AnswerResult
process_answer (GTask *task)
{
  Negotiation *n = g_task_get_task_data (task);

  switch (n->protocol)
    {
    case PS_STARTTLS_SMTP: return smtp_answer (task);
    case PS_STARTTLS_IMAP: return imap_answer (task);
    case PS_STARTTLS_POP3: return pop3_answer (task);
    case PS_STARTTLS_FTP: return ftp_answer (task);
    case PS_STARTTLS_XMPP: return xmpp_answer (task);
    case PS_STARTTLS_LDAP: return ldap_answer (task);
    case PS_STARTTLS_POSTGRES: return postgres_answer (task);
    case PS_STARTTLS_NONE:
    default:
      g_assert_not_reached ();
    }
}

static void receive (GTask *task);

static void
handle_buffer (GTask *task)
{
  Negotiation *n = g_task_get_task_data (task);

  switch (process_answer (task))
    {
    case ANSWER_FAILED:
      return;

    case ANSWER_DONE:
      if (n->buffer->len > 0)
        {
          /* RFC 3207 4.2 and others: nothing may come between the go-ahead and the
           * handshake; data here would be an injection attempt or a confused server. */
          g_task_return_new_error (task, PS_PROBE_ERROR, PS_PROBE_ERROR_PROTOCOL,
                                   _("The server sent data after accepting STARTTLS"));
          return;
        }
      g_task_return_boolean (task, TRUE);
      return;

    case ANSWER_INCOMPLETE:
    default:
      if (n->buffer->len > MAX_ANSWER)
        {
          return_protocol_error (task, (const char *) n->buffer->data, n->buffer->len);
          return;
        }
      /* A command was sent, or more of the answer is needed: send_bytes reads on. */
      if (!g_task_get_completed (task) && g_object_get_data (G_OBJECT (task), "sending") == NULL)
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
        g_task_return_new_error (task, PS_PROBE_ERROR, PS_PROBE_ERROR_CLOSED,
                                 _("The server closed the connection during STARTTLS"));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (len == 0)
    {
      /* Hanging up in the middle of an answer we could not read: not the protocol. */
      if (n->buffer->len > 0)
        return_protocol_error (task, (const char *) n->buffer->data, n->buffer->len);
      else
        g_task_return_new_error (task, PS_PROBE_ERROR, PS_PROBE_ERROR_CLOSED,
                                 _("The server closed the connection during STARTTLS"));
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
  g_autoptr(GError) error = NULL;

  g_object_set_data (G_OBJECT (task), "sending", NULL);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        g_task_return_new_error (task, PS_PROBE_ERROR, PS_PROBE_ERROR_CLOSED,
                                 _("The server closed the connection during STARTTLS"));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  receive (task);
}

/* Sends a command, then reads the answer. The buffer of the write is copied. */
static void
send_bytes (GTask      *task,
            const void *data,
            gsize       len)
{
  Negotiation *n = g_task_get_task_data (task);
  GBytes *bytes = g_bytes_new (data, len);

  g_object_set_data (G_OBJECT (task), "sending", GINT_TO_POINTER (1));
  g_object_set_data_full (G_OBJECT (task), "send-buffer", bytes, (GDestroyNotify) g_bytes_unref);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (n->stream),
                                   g_bytes_get_data (bytes, NULL), len, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), write_cb, g_object_ref (task));
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
  Negotiation *n;

  g_return_if_fail (G_IS_IO_STREAM (stream));
  g_return_if_fail (protocol != PS_STARTTLS_NONE);
  g_return_if_fail (ps_starttls_protocol_to_string (protocol) != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_starttls_negotiate_async);

  n = g_new0 (Negotiation, 1);
  n->protocol = protocol;
  n->stream = g_object_ref (stream);
  n->domain = g_strdup (domain != NULL && domain[0] != '\0' ? domain : "localhost");
  n->buffer = g_byte_array_new ();
  g_task_set_task_data (task, n, (GDestroyNotify) negotiation_free);

  switch (protocol)
    {
    case PS_STARTTLS_XMPP:
      {
        /* RFC 6120 4.2: the client opens the stream. */
        g_autofree char *header = g_markup_printf_escaped (
          "<?xml version='1.0'?><stream:stream to='%s' version='1.0' "
          "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>",
          n->domain);
        send_string (task, header);
      }
      break;

    case PS_STARTTLS_LDAP:
      send_bytes (task, ldap_starttls_request, sizeof ldap_starttls_request);
      break;

    case PS_STARTTLS_POSTGRES:
      send_bytes (task, postgres_ssl_request, sizeof postgres_ssl_request);
      break;

    case PS_STARTTLS_SMTP:
    case PS_STARTTLS_IMAP:
    case PS_STARTTLS_POP3:
    case PS_STARTTLS_FTP:
    case PS_STARTTLS_NONE:
    default:
      /* The server speaks first. */
      receive (task);
      break;
    }
}

gboolean
ps_starttls_negotiate_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
