/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the STARTTLS answer readers, fed from a buffer: the first byte picks
 * the protocol, the rest is what the server sends. The negotiation must end (success or a
 * clear error) once the server's bytes run out; a hang is a finding (libFuzzer -timeout). */
#include "config.h"

#include "ps-fuzz.h"
#include "ps-starttls.h"

static const PsStarttlsProtocol protocols[] = {
  PS_STARTTLS_SMTP,
  PS_STARTTLS_IMAP,
  PS_STARTTLS_POP3,
  PS_STARTTLS_FTP,
  PS_STARTTLS_XMPP,
  PS_STARTTLS_LDAP,
  PS_STARTTLS_POSTGRES,
};

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
negotiated_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = ps_starttls_negotiate_finish (result, &outcome->error);
  outcome->done = TRUE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GMainContext) context = NULL;
  Outcome outcome = { FALSE, FALSE, NULL };
  PsStarttlsProtocol protocol;

  ps_fuzz_init ();
  if (size < 1)
    return 0;
  protocol = protocols[data[0] % G_N_ELEMENTS (protocols)];

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  input = g_memory_input_stream_new_from_data (g_memdup2 (data + 1, size - 1), size - 1, g_free);
  output = g_memory_output_stream_new_resizable ();
  stream = g_simple_io_stream_new (input, output);

  ps_starttls_negotiate_async (stream, protocol, "example.com", NULL, negotiated_cb, &outcome);
  while (!outcome.done)
    g_main_context_iteration (context, TRUE);
  /* Let every callback still queued run, so that nothing is left unfreed. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  PS_FUZZ_CHECK (outcome.ok == (outcome.error == NULL));
  g_clear_error (&outcome.error);
  return 0;
}
