/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-der.h"
#include "ps-starttls-private.h"

/* Each protocol is a small state machine written from its specification: the client
 * sends a command, waits for a complete answer, and goes on or gives up. Nothing may
 * follow the final "go ahead": the TLS handshake starts on the raw socket right after it. */

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

static PsStarttlsRead
refused (PsStarttlsReader  *reader,
         GError           **error,
         const char        *what,
         const char        *answer,
         gsize              len)
{
  g_autofree char *quoted = quote_answer (answer, len);

  g_set_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_STARTTLS_REFUSED,
               _("The %s server refused STARTTLS (%s): “%s”"),
               ps_starttls_protocol_to_string (reader->protocol), what, quoted);
  return PS_STARTTLS_READ_FAILED;
}

static PsStarttlsRead
not_offered (PsStarttlsReader  *reader,
             GError           **error)
{
  if (reader->protocol == PS_STARTTLS_SMTP)
    g_set_error_literal (error, PS_PROBE_ERROR, PS_PROBE_ERROR_STARTTLS_REFUSED,
                         _("The smtp server does not offer STARTTLS"));
  else
    g_set_error_literal (error, PS_PROBE_ERROR, PS_PROBE_ERROR_STARTTLS_REFUSED,
                         _("The xmpp server does not offer STARTTLS"));
  return PS_STARTTLS_READ_FAILED;
}

static PsStarttlsRead
protocol_error (PsStarttlsReader  *reader,
                GError           **error,
                const char        *answer,
                gsize              len)
{
  g_autofree char *quoted = quote_answer (answer, len);

  g_set_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_PROTOCOL,
               _("The server does not speak %s as expected: “%s”"),
               ps_starttls_protocol_to_string (reader->protocol), quoted);
  return PS_STARTTLS_READ_FAILED;
}

GError *
_ps_starttls_protocol_error (PsStarttlsProtocol  protocol,
                             const guint8       *answer,
                             gsize               len)
{
  PsStarttlsReader reader = { protocol, 0, NULL };
  GError *error = NULL;

  protocol_error (&reader, &error, (const char *) answer, len);
  return error;
}

static PsStarttlsRead
send_text (GBytes     **command,
           const char  *text)
{
  *command = g_bytes_new (text, strlen (text));
  return PS_STARTTLS_READ_SEND;
}

/* A reply of SMTP (RFC 5321 4.2) or FTP (RFC 959 4.2): "ddd-text" lines, then "ddd text".
 * Sets @code and the reply's length, including the final LF. */
static gboolean
numeric_reply_complete (const char *data,
                        gsize       len,
                        int        *code,
                        gsize      *reply_len)
{
  gsize line_start = 0;

  while (line_start < len)
    {
      const char *nl = memchr (data + line_start, '\n', len - line_start);
      const char *line = data + line_start;
      gsize line_len;

      if (nl == NULL)
        return FALSE;

      line_len = nl - line;
      if (line_len >= 3 && g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1]) &&
          g_ascii_isdigit (line[2]) &&
          (line_len == 3 || line[3] == ' ' || line[3] == '\r'))
        {
          *code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
          *reply_len = nl - data + 1;
          return TRUE;
        }
      line_start += line_len + 1;
    }

  return FALSE;
}

/* One line ending in LF; returns its length including the LF, or 0. */
static gsize
line_complete (const char *data,
               gsize       len)
{
  const char *nl = memchr (data, '\n', len);

  return nl != NULL ? (gsize) (nl - data) + 1 : 0;
}

static gboolean
has_prefix_len (const char *data,
                gsize       len,
                const char *prefix)
{
  gsize plen = strlen (prefix);

  return len >= plen && g_ascii_strncasecmp (data, prefix, plen) == 0;
}

/* RFC 3207 4: the keyword follows "250-" or "250 " on a line of its own. */
static gboolean
ehlo_offers_starttls (const char *reply,
                      gsize       len)
{
  g_autofree char *text = g_strndup (reply, len);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (strlen (lines[i]) >= 12 && g_ascii_strncasecmp (lines[i] + 4, "STARTTLS", 8) == 0)
        return TRUE;
    }
  return FALSE;
}

static PsStarttlsRead
smtp_read (PsStarttlsReader  *reader,
           const char        *data,
           gsize              len,
           gsize             *consumed,
           GBytes           **command,
           GError           **error)
{
  gsize reply_len;
  int code;

  if (!numeric_reply_complete (data, len, &code, &reply_len))
    return PS_STARTTLS_READ_INCOMPLETE;

  switch (reader->step)
    {
    case 0: /* greeting */
      if (code != 220)
        return refused (reader, error, _("greeting"), data, reply_len);
      *consumed = reply_len;
      {
        g_autofree char *ehlo = g_strdup_printf ("EHLO %s\r\n", reader->client_name != NULL
                                                                  ? reader->client_name
                                                                  : "[127.0.0.1]");
        return send_text (command, ehlo);
      }

    case 1: /* EHLO */
      if (code != 250)
        return refused (reader, error, "EHLO", data, reply_len);
      if (!ehlo_offers_starttls (data, reply_len))
        return not_offered (reader, error);
      *consumed = reply_len;
      return send_text (command, "STARTTLS\r\n");

    default: /* STARTTLS */
      if (code != 220)
        return refused (reader, error, "STARTTLS", data, reply_len);
      *consumed = reply_len;
      return PS_STARTTLS_READ_DONE;
    }
}

static PsStarttlsRead
ftp_read (PsStarttlsReader  *reader,
          const char        *data,
          gsize              len,
          gsize             *consumed,
          GBytes           **command,
          GError           **error)
{
  gsize reply_len;
  int code;

  for (;;)
    {
      if (!numeric_reply_complete (data + *consumed, len - *consumed, &code, &reply_len))
        return PS_STARTTLS_READ_INCOMPLETE;

      /* RFC 959 5.4: 120 means "ready in a moment", 220 follows. */
      if (reader->step == 0 && code == 120)
        {
          *consumed += reply_len;
          continue;
        }
      break;
    }

  data += *consumed;
  if (reader->step == 0)
    {
      if (code != 220)
        return refused (reader, error, _("greeting"), data, reply_len);
      *consumed += reply_len;
      return send_text (command, "AUTH TLS\r\n");
    }

  /* RFC 4217 4.1: 234 accepts; 334 is tolerated by RFC 2228 for mechanisms with data. */
  if (code != 234 && code != 334)
    return refused (reader, error, "AUTH TLS", data, reply_len);
  *consumed += reply_len;
  return PS_STARTTLS_READ_DONE;
}

static PsStarttlsRead
imap_read (PsStarttlsReader  *reader,
           const char        *data,
           gsize              len,
           gsize             *consumed,
           GBytes           **command,
           GError           **error)
{
  for (;;)
    {
      const char *line = data + *consumed;
      gsize line_len = line_complete (line, len - *consumed);

      if (line_len == 0)
        return PS_STARTTLS_READ_INCOMPLETE;

      if (reader->step == 0)
        {
          /* RFC 3501 7.1: the greeting is OK, PREAUTH (no STARTTLS then) or BYE. */
          if (has_prefix_len (line, line_len, "* OK"))
            {
              *consumed += line_len;
              return send_text (command, "a001 STARTTLS\r\n");
            }
          if (has_prefix_len (line, line_len, "* PREAUTH") ||
              has_prefix_len (line, line_len, "* BYE"))
            return refused (reader, error, _("greeting"), line, line_len);
          return protocol_error (reader, error, line, line_len);
        }

      if (has_prefix_len (line, line_len, "* "))
        {
          /* Untagged data (capabilities...) may come before the tagged answer. */
          *consumed += line_len;
          continue;
        }
      if (has_prefix_len (line, line_len, "a001 OK"))
        {
          *consumed += line_len;
          return PS_STARTTLS_READ_DONE;
        }
      if (has_prefix_len (line, line_len, "a001 NO") || has_prefix_len (line, line_len, "a001 BAD"))
        return refused (reader, error, "STARTTLS", line, line_len);
      return protocol_error (reader, error, line, line_len);
    }
}

static PsStarttlsRead
pop3_read (PsStarttlsReader  *reader,
           const char        *data,
           gsize              len,
           gsize             *consumed,
           GBytes           **command,
           GError           **error)
{
  gsize line_len = line_complete (data, len);

  if (line_len == 0)
    return PS_STARTTLS_READ_INCOMPLETE;

  /* RFC 1939 3: "+OK" or "-ERR"; RFC 2595 4: STLS. */
  if (!has_prefix_len (data, line_len, "+OK"))
    {
      if (has_prefix_len (data, line_len, "-ERR"))
        return refused (reader, error, reader->step == 0 ? _("greeting") : "STLS", data,
                        line_len);
      return protocol_error (reader, error, data, line_len);
    }

  *consumed = line_len;
  if (reader->step == 0)
    return send_text (command, "STLS\r\n");

  return PS_STARTTLS_READ_DONE;
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

static PsStarttlsRead
xmpp_read (PsStarttlsReader  *reader,
           const char        *data,
           gsize              len,
           gsize             *consumed,
           GBytes           **command,
           GError           **error)
{
  const char *end = data + len;
  const char *element;
  const char *element_end;

  if (g_strstr_len (data, len, "<stream:error") != NULL ||
      g_strstr_len (data, len, "</stream:stream>") != NULL)
    return refused (reader, error, _("stream error"), data, len);

  if (reader->step == 0)
    {
      /* RFC 6120 4.3.2: the stream header, then the features. */
      element = g_strstr_len (data, len, "<stream:features");
      if (element == NULL)
        {
          if (len > 0 && memchr (data, '<', len) == NULL)
            return protocol_error (reader, error, data, len);
          return PS_STARTTLS_READ_INCOMPLETE;
        }
      element_end = xml_element_end (element, end, "</stream:features>");
      if (element_end == NULL)
        return PS_STARTTLS_READ_INCOMPLETE;

      /* RFC 6120 5.4.1: <starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>. */
      if (!g_strstr_len (element, element_end - element, "urn:ietf:params:xml:ns:xmpp-tls"))
        return not_offered (reader, error);

      *consumed = element_end - data;
      return send_text (command, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    }

  /* RFC 6120 5.4.2.3 and 5.4.2.2: <proceed/> or <failure/>. */
  if ((element = g_strstr_len (data, len, "<failure")) != NULL)
    return refused (reader, error, "starttls", element, end - element);
  element = g_strstr_len (data, len, "<proceed");
  if (element == NULL)
    return PS_STARTTLS_READ_INCOMPLETE;
  element_end = xml_element_end (element, end, "</proceed>");
  if (element_end == NULL)
    return PS_STARTTLS_READ_INCOMPLETE;

  *consumed = element_end - data;
  return PS_STARTTLS_READ_DONE;
}

/* The result code of an LDAP ExtendedResponse whose LDAPMessage is complete at @data;
 * FALSE if malformed. @message_len is the length of the whole message. */
static gboolean
ldap_result (const guint8  *data,
             const guint8  *message_end,
             const guint8  *content,
             guint         *result_code,
             const guint8 **after_code)
{
  const guint8 *p;
  gsize len;
  guint8 tag;

  /* messageID */
  if (!_ps_der_read_ber_header (content, message_end, &tag, &len, &p) || tag != 0x02 ||
      (gsize) (message_end - p) < len)
    return FALSE;
  p += len;

  /* extendedResp [APPLICATION 24] (0x78), or a Notice of Disconnection (also 0x78, with
   * message ID 0). Either way its first element is the result code. */
  if (!_ps_der_read_ber_header (p, message_end, &tag, &len, &content) || tag != 0x78 ||
      (gsize) (message_end - content) < len)
    return FALSE;
  if (!_ps_der_read_ber_header (content, message_end, &tag, &len, &p) || tag != 0x0a ||
      len == 0 || len > 4 || (gsize) (message_end - p) < len)
    return FALSE;

  *result_code = 0;
  for (gsize i = 0; i < len; i++)
    *result_code = (*result_code << 8) | p[i];
  *after_code = p + len;
  return TRUE;
}

static PsStarttlsRead
ldap_read (PsStarttlsReader  *reader,
           const guint8      *data,
           gsize              n,
           gsize             *consumed,
           GError           **error)
{
  const guint8 *end = data + n;
  const guint8 *content;
  const guint8 *message_end;
  const guint8 *p;
  gsize len;
  guint8 tag;
  guint result_code;

  if (n < 2)
    return PS_STARTTLS_READ_INCOMPLETE;

  /* RFC 4511 4.2: LDAPMessage ::= SEQUENCE { messageID, protocolOp, controls }. */
  if (data[0] != 0x30)
    return protocol_error (reader, error, (const char *) data, n);
  if (!_ps_der_read_ber_header (data, end, &tag, &len, &content))
    {
      if ((data[1] & 0x7f) > 4)
        return protocol_error (reader, error, (const char *) data, n);
      return PS_STARTTLS_READ_INCOMPLETE;
    }
  if ((gsize) (end - content) < len)
    return PS_STARTTLS_READ_INCOMPLETE;
  message_end = content + len;

  if (!ldap_result (data, message_end, content, &result_code, &p))
    return protocol_error (reader, error, (const char *) data, n);

  if (result_code != 0)
    {
      g_autofree char *what = g_strdup_printf (_("result code %u"), result_code);
      const guint8 *dn_content;
      const guint8 *msg_content;
      gsize dn_len = 0, msg_len = 0;
      guint8 dn_tag, msg_tag;

      /* matchedDN, then diagnosticMessage: show the latter if we can. */
      if (_ps_der_read_ber_header (p, message_end, &dn_tag, &dn_len, &dn_content) &&
          (gsize) (message_end - dn_content) >= dn_len &&
          _ps_der_read_ber_header (dn_content + dn_len, message_end, &msg_tag, &msg_len,
                                   &msg_content) &&
          (gsize) (message_end - msg_content) >= msg_len)
        return refused (reader, error, what, (const char *) msg_content, msg_len);
      return refused (reader, error, what, "", 0);
    }

  *consumed = message_end - data;
  return PS_STARTTLS_READ_DONE;
}

static PsStarttlsRead
postgres_read (PsStarttlsReader  *reader,
               const guint8      *data,
               gsize              len,
               gsize             *consumed,
               GError           **error)
{
  if (len < 1)
    return PS_STARTTLS_READ_INCOMPLETE;

  switch (data[0])
    {
    case 'S':
      *consumed = 1;
      return PS_STARTTLS_READ_DONE;
    case 'N':
      return refused (reader, error, "SSLRequest", "N", 1);
    case 'E':
      /* An ErrorResponse: the server predates SSL or refuses it. */
      return refused (reader, error, "SSLRequest", (const char *) data + 1, len - 1);
    default:
      return protocol_error (reader, error, (const char *) data, len);
    }
}

GBytes *
_ps_starttls_first_command (PsStarttlsProtocol  protocol,
                            const char         *domain)
{
  switch (protocol)
    {
    case PS_STARTTLS_XMPP:
      {
        /* RFC 6120 4.2: the client opens the stream. */
        char *header = g_markup_printf_escaped (
          "<?xml version='1.0'?><stream:stream to='%s' version='1.0' "
          "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>",
          domain != NULL && domain[0] != '\0' ? domain : "localhost");
        return g_bytes_new_take (header, strlen (header));
      }
    case PS_STARTTLS_LDAP:
      return g_bytes_new_static (ldap_starttls_request, sizeof ldap_starttls_request);
    case PS_STARTTLS_POSTGRES:
      return g_bytes_new_static (postgres_ssl_request, sizeof postgres_ssl_request);
    case PS_STARTTLS_NONE:
    case PS_STARTTLS_SMTP:
    case PS_STARTTLS_IMAP:
    case PS_STARTTLS_POP3:
    case PS_STARTTLS_FTP:
    default:
      /* The server speaks first. */
      return NULL;
    }
}

static PsStarttlsRead
read_answer (PsStarttlsReader  *reader,
             const guint8      *data,
             gsize              len,
             gsize             *consumed,
             GBytes           **command,
             GError           **error)
{
  const char *text = (const char *) data;

  switch (reader->protocol)
    {
    case PS_STARTTLS_SMTP: return smtp_read (reader, text, len, consumed, command, error);
    case PS_STARTTLS_IMAP: return imap_read (reader, text, len, consumed, command, error);
    case PS_STARTTLS_POP3: return pop3_read (reader, text, len, consumed, command, error);
    case PS_STARTTLS_FTP: return ftp_read (reader, text, len, consumed, command, error);
    case PS_STARTTLS_XMPP: return xmpp_read (reader, text, len, consumed, command, error);
    case PS_STARTTLS_LDAP: return ldap_read (reader, data, len, consumed, error);
    case PS_STARTTLS_POSTGRES: return postgres_read (reader, data, len, consumed, error);
    case PS_STARTTLS_NONE:
    default:
      g_return_val_if_reached (PS_STARTTLS_READ_FAILED);
    }
}

PsStarttlsRead
_ps_starttls_reader_read (PsStarttlsReader  *reader,
                          const guint8      *data,
                          gsize              len,
                          gsize             *consumed,
                          GBytes           **command,
                          GError           **error)
{
  PsStarttlsRead result;

  g_return_val_if_fail (reader != NULL, PS_STARTTLS_READ_FAILED);
  g_return_val_if_fail (data != NULL || len == 0, PS_STARTTLS_READ_FAILED);
  g_return_val_if_fail (consumed != NULL && command != NULL, PS_STARTTLS_READ_FAILED);

  *consumed = 0;
  *command = NULL;
  if (data == NULL)
    data = (const guint8 *) "";

  result = read_answer (reader, data, len, consumed, command, error);
  g_assert (*consumed <= len);

  switch (result)
    {
    case PS_STARTTLS_READ_SEND:
      reader->step++;
      break;

    case PS_STARTTLS_READ_DONE:
      /* RFC 3207 4.2 and others: nothing may come between the go-ahead and the
       * handshake; data here would be an injection attempt or a confused server. */
      if (*consumed < len)
        {
          g_set_error_literal (error, PS_PROBE_ERROR, PS_PROBE_ERROR_PROTOCOL,
                               _("The server sent data after accepting STARTTLS"));
          return PS_STARTTLS_READ_FAILED;
        }
      break;

    case PS_STARTTLS_READ_INCOMPLETE:
      if (len - *consumed > MAX_ANSWER)
        return protocol_error (reader, error, (const char *) data + *consumed,
                               len - *consumed);
      break;

    case PS_STARTTLS_READ_FAILED:
    default:
      break;
    }

  return result;
}

PsStarttlsRead
_ps_starttls_read_transcript (PsStarttlsProtocol   protocol,
                              const guint8        *data,
                              gsize                len,
                              GError             **error)
{
  PsStarttlsReader reader = { protocol, 0, "[127.0.0.1]" };

  g_return_val_if_fail (protocol != PS_STARTTLS_NONE, PS_STARTTLS_READ_FAILED);
  g_return_val_if_fail (ps_starttls_protocol_to_string (protocol) != NULL,
                        PS_STARTTLS_READ_FAILED);

  for (;;)
    {
      g_autoptr(GBytes) command = NULL;
      gsize consumed = 0;
      PsStarttlsRead result;

      result = _ps_starttls_reader_read (&reader, data, len, &consumed, &command, error);
      data += consumed;
      len -= consumed;
      if (result != PS_STARTTLS_READ_SEND)
        return result;
    }
}
