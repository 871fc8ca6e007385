/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ps-starttls-private.h"

/* The STARTTLS readers fed from memory: whole transcripts of what servers send, as one
 * negotiation reads them. */

typedef struct
{
  PsStarttlsProtocol protocol;
  const char *transcript;
  gsize len;                   /* 0: strlen */
  PsStarttlsRead expected;
  int code;                    /* PsProbeError for FAILED */
  const char *in_message;      /* a piece of the message, or NULL */
} Case;

static const Case cases[] = {
  /* SMTP: greeting, EHLO answer with STARTTLS on a line of its own, go ahead. */
  { PS_STARTTLS_SMTP, "220 mx ESMTP\r\n250-mx\r\n250-PIPELINING\r\n250 STARTTLS\r\n220 go\r\n",
    0, PS_STARTTLS_READ_DONE, 0, NULL },
  { PS_STARTTLS_SMTP, "220-multi\r\n220 line greeting\r\n250-mx\r\n250 starttls\r\n220 go\r\n",
    0, PS_STARTTLS_READ_DONE, 0, NULL },
  { PS_STARTTLS_SMTP, "220 mx\r\n250-mx\r\n250 SIZE 10\r\n", 0, PS_STARTTLS_READ_FAILED,
    PS_PROBE_ERROR_STARTTLS_REFUSED, "does not offer" },
  { PS_STARTTLS_SMTP, "554 go away\r\n", 0, PS_STARTTLS_READ_FAILED,
    PS_PROBE_ERROR_STARTTLS_REFUSED, "go away" },
  { PS_STARTTLS_SMTP, "220 mx\r\n250 STARTTLS\r\n454 TLS not available\r\n", 0,
    PS_STARTTLS_READ_FAILED, PS_PROBE_ERROR_STARTTLS_REFUSED, "TLS not available" },
  { PS_STARTTLS_SMTP, "220 mx\r\n250 STARTTLS\r\n220 go\r\nINJECTED\r\n", 0,
    PS_STARTTLS_READ_FAILED, PS_PROBE_ERROR_PROTOCOL, "after accepting" },
  { PS_STARTTLS_SMTP, "220 mx\r\n250-mx\r\n", 0, PS_STARTTLS_READ_INCOMPLETE, 0, NULL },
  /* IMAP: untagged data before the tagged answer. */
  { PS_STARTTLS_IMAP, "* OK ready\r\n* CAPABILITY IMAP4rev1\r\na001 OK begin\r\n", 0,
    PS_STARTTLS_READ_DONE, 0, NULL },
  { PS_STARTTLS_IMAP, "* PREAUTH hi\r\n", 0, PS_STARTTLS_READ_FAILED,
    PS_PROBE_ERROR_STARTTLS_REFUSED, "PREAUTH" },
  { PS_STARTTLS_IMAP, "* OK ready\r\na001 NO nope\r\n", 0, PS_STARTTLS_READ_FAILED,
    PS_PROBE_ERROR_STARTTLS_REFUSED, "nope" },
  { PS_STARTTLS_IMAP, "HTTP/1.1 400 Bad\r\n", 0, PS_STARTTLS_READ_FAILED,
    PS_PROBE_ERROR_PROTOCOL, "HTTP/1.1 400" },
  /* POP3 */
  { PS_STARTTLS_POP3, "+OK POP3\r\n+OK begin\r\n", 0, PS_STARTTLS_READ_DONE, 0, NULL },
  { PS_STARTTLS_POP3, "+OK POP3\r\n-ERR no\r\n", 0, PS_STARTTLS_READ_FAILED,
    PS_PROBE_ERROR_STARTTLS_REFUSED, "STLS" },
  /* FTP: 120 comes before 220. */
  { PS_STARTTLS_FTP, "120 wait\r\n220 ready\r\n234 go\r\n", 0, PS_STARTTLS_READ_DONE, 0, NULL },
  { PS_STARTTLS_FTP, "220 ready\r\n500 unknown\r\n", 0, PS_STARTTLS_READ_FAILED,
    PS_PROBE_ERROR_STARTTLS_REFUSED, "AUTH TLS" },
  /* XMPP */
  { PS_STARTTLS_XMPP,
    "<?xml version='1.0'?><stream:stream from='x' version='1.0'><stream:features>"
    "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
    "</stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", 0,
    PS_STARTTLS_READ_DONE, 0, NULL },
  { PS_STARTTLS_XMPP, "<stream:stream><stream:features><bind/></stream:features>", 0,
    PS_STARTTLS_READ_FAILED, PS_PROBE_ERROR_STARTTLS_REFUSED, "does not offer" },
  { PS_STARTTLS_XMPP, "<stream:stream><stream:error><host-unknown/></stream:error>", 0,
    PS_STARTTLS_READ_FAILED, PS_PROBE_ERROR_STARTTLS_REFUSED, "stream error" },
  { PS_STARTTLS_XMPP, "plain words", 0, PS_STARTTLS_READ_FAILED, PS_PROBE_ERROR_PROTOCOL, NULL },
  /* LDAP: ExtendedResponse success; a refusal with its diagnostic message; garbage. */
  { PS_STARTTLS_LDAP, "\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x00\x04\x00\x04\x00", 14,
    PS_STARTTLS_READ_DONE, 0, NULL },
  { PS_STARTTLS_LDAP, "\x30\x10\x02\x01\x01\x78\x0b\x0a\x01\x02\x04\x00\x04\x04nope", 18,
    PS_STARTTLS_READ_FAILED, PS_PROBE_ERROR_STARTTLS_REFUSED, "nope" },
  { PS_STARTTLS_LDAP, "\x30\x85\x00\x00\x00\x00\x01", 7, PS_STARTTLS_READ_FAILED,
    PS_PROBE_ERROR_PROTOCOL, NULL },
  { PS_STARTTLS_LDAP, "\x30\x0c\x02\x01\x01\x78", 6, PS_STARTTLS_READ_INCOMPLETE, 0, NULL },
  /* PostgreSQL */
  { PS_STARTTLS_POSTGRES, "S", 0, PS_STARTTLS_READ_DONE, 0, NULL },
  { PS_STARTTLS_POSTGRES, "N", 0, PS_STARTTLS_READ_FAILED, PS_PROBE_ERROR_STARTTLS_REFUSED,
    NULL },
  { PS_STARTTLS_POSTGRES, "SX", 0, PS_STARTTLS_READ_FAILED, PS_PROBE_ERROR_PROTOCOL, NULL },
  { PS_STARTTLS_POSTGRES, "", 0, PS_STARTTLS_READ_INCOMPLETE, 0, NULL },
};

static void
test_transcripts (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(GError) error = NULL;
      gsize len = c->len != 0 ? c->len : strlen (c->transcript);
      PsStarttlsRead result;

      g_test_message ("case %u: %s", i, ps_starttls_protocol_to_string (c->protocol));
      result = _ps_starttls_read_transcript (c->protocol, (const guint8 *) c->transcript, len,
                                             &error);
      g_assert_cmpint (result, ==, c->expected);
      if (c->expected == PS_STARTTLS_READ_FAILED)
        {
          g_assert_error (error, PS_PROBE_ERROR, c->code);
          if (c->in_message != NULL)
            g_assert_nonnull (strstr (error->message, c->in_message));
        }
      else
        g_assert_no_error (error);
    }
}

/* The reader asks for the right commands, in order, and consumes exactly each answer. */
static void
test_commands (void)
{
  const char *greeting = "220 mx\r\n";
  const char *ehlo = "250-mx\r\n250 STARTTLS\r\n";
  PsStarttlsReader reader = { PS_STARTTLS_SMTP, 0, "[192.0.2.1]" };
  g_autoptr(GBytes) command = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GError) error = NULL;
  gsize consumed = 0;

  /* Half a greeting: nothing to do yet. */
  g_assert_cmpint (_ps_starttls_reader_read (&reader, (const guint8 *) greeting, 4, &consumed,
                                             &command, &error), ==,
                   PS_STARTTLS_READ_INCOMPLETE);
  g_assert_cmpuint (consumed, ==, 0);
  g_assert_null (command);

  g_assert_cmpint (_ps_starttls_reader_read (&reader, (const guint8 *) greeting,
                                             strlen (greeting), &consumed, &command, &error),
                   ==, PS_STARTTLS_READ_SEND);
  g_assert_cmpuint (consumed, ==, strlen (greeting));
  g_assert_cmpmem (g_bytes_get_data (command, NULL), g_bytes_get_size (command),
                   "EHLO [192.0.2.1]\r\n", 18);
  g_clear_pointer (&command, g_bytes_unref);

  g_assert_cmpint (_ps_starttls_reader_read (&reader, (const guint8 *) ehlo, strlen (ehlo),
                                             &consumed, &command, &error), ==,
                   PS_STARTTLS_READ_SEND);
  g_assert_cmpmem (g_bytes_get_data (command, NULL), g_bytes_get_size (command),
                   "STARTTLS\r\n", 10);
  g_assert_no_error (error);

  /* The client speaks first in XMPP, LDAP and PostgreSQL; the others wait. */
  first = _ps_starttls_first_command (PS_STARTTLS_XMPP, "a'b.example");
  g_assert_nonnull (first);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                                  "to='a&apos;b.example'"));
  g_clear_pointer (&first, g_bytes_unref);
  first = _ps_starttls_first_command (PS_STARTTLS_POSTGRES, NULL);
  g_assert_cmpuint (g_bytes_get_size (first), ==, 8);
  g_clear_pointer (&first, g_bytes_unref);
  g_assert_null (_ps_starttls_first_command (PS_STARTTLS_SMTP, NULL));
}

/* An answer that never ends is refused once it passes the bound, not read forever. */
static void
test_endless_answer (void)
{
  g_autofree char *endless = g_strnfill (100 * 1024, 'a');
  g_autoptr(GError) error = NULL;

  for (PsStarttlsProtocol proto = PS_STARTTLS_SMTP; proto <= PS_STARTTLS_XMPP; proto++)
    {
      g_assert_cmpint (_ps_starttls_read_transcript (proto, (const guint8 *) endless,
                                                     strlen (endless), &error),
                       ==, PS_STARTTLS_READ_FAILED);
      g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_PROTOCOL);
      g_assert_cmpuint (strlen (error->message), <, 300);
      g_clear_error (&error);
    }
}

/* Every prefix of every transcript, and every byte flipped: a result, never a crash. */
static void
test_mutations (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      gsize len = c->len != 0 ? c->len : strlen (c->transcript);
      g_autofree guint8 *copy = g_memdup2 (c->transcript, len);

      for (gsize cut = 0; cut <= len; cut++)
        {
          g_autoptr(GError) error = NULL;
          PsStarttlsRead result = _ps_starttls_read_transcript (c->protocol, copy, cut, &error);

          g_assert_true ((result == PS_STARTTLS_READ_FAILED) == (error != NULL));
        }
      for (gsize at = 0; at < len; at++)
        {
          g_autoptr(GError) error = NULL;
          PsStarttlsRead result;

          copy[at] ^= 0xff;
          result = _ps_starttls_read_transcript (c->protocol, copy, len, &error);
          g_assert_true ((result == PS_STARTTLS_READ_FAILED) == (error != NULL));
          copy[at] ^= 0xff;
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/starttls/transcripts", test_transcripts);
  g_test_add_func ("/starttls/commands", test_commands);
  g_test_add_func ("/starttls/endless-answer", test_endless_answer);
  g_test_add_func ("/starttls/mutations", test_mutations);

  return g_test_run ();
}
