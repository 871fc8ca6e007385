/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ps-cli.h"
#include "ps-probe.h"

static const char *
source_id (PsChainSource source)
{
  return source == PS_CHAIN_SOURCE_TRUST_STORE ? "trust-store" : "server";
}

static void
print_json (PsChain      *chain,
            const char   *host,
            guint16       port,
            const char   *servername,
            PsStarttlsProtocol starttls,
            PsTrustStore *store)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) verdicts = ps_chain_dup_verdicts (chain);
  g_autofree char *unicode = g_hostname_to_unicode (host);
  PsChainProblem problems = ps_chain_get_problems (chain);

  json_builder_begin_object (builder);
  ps_cli_json_member_string (builder, "host", host);
  if (unicode != NULL && !g_str_equal (unicode, host))
    ps_cli_json_member_string (builder, "host_unicode", unicode);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, port);
  ps_cli_json_member_string (builder, "servername", servername);
  ps_cli_json_member_string (builder, "starttls",
                     starttls != PS_STARTTLS_NONE ? ps_starttls_protocol_to_string (starttls)
                                                  : NULL);
  ps_cli_json_member_string (builder, "address", ps_chain_get_peer_address (chain));
  ps_cli_json_member_string (builder, "tls_version", ps_chain_get_tls_version (chain));
  ps_cli_json_member_string (builder, "cipher_suite", ps_chain_get_cipher_suite (chain));
  ps_cli_json_member_string (builder, "key_exchange_group",
                             ps_chain_get_key_exchange_group (chain));
  ps_cli_json_member_string (builder, "alpn", ps_chain_get_alpn (chain));
  json_builder_set_member_name (builder, "handshake_seconds");
  json_builder_add_double_value (builder, ps_chain_get_handshake_seconds (chain));
  ps_cli_json_member_string (builder, "trust_store",
                     store != NULL ? ps_trust_store_get_description (store) : NULL);
  ps_cli_json_member_string (builder, "verified_name", ps_chain_get_hostname (chain));

  json_builder_set_member_name (builder, "trusted");
  json_builder_add_boolean_value (builder, ps_chain_get_trusted (chain));
  json_builder_set_member_name (builder, "gnutls_status");
  json_builder_add_int_value (builder, ps_chain_get_gnutls_status (chain));

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint bit = 0; bit < 32; bit++)
    if (problems & (1u << bit))
      json_builder_add_string_value (builder, ps_chain_problem_to_id (1u << bit));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "verdicts");
  json_builder_begin_array (builder);
  for (guint i = 0; verdicts[i] != NULL; i++)
    json_builder_add_string_value (builder, verdicts[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "chain");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ps_chain_get_n_certificates (chain); i++)
    {
      int depth = ps_chain_get_depth (chain, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, i);
      json_builder_set_member_name (builder, "depth");
      if (depth >= 0)
        json_builder_add_int_value (builder, depth);
      else
        json_builder_add_null_value (builder);
      ps_cli_json_member_string (builder, "source", source_id (ps_chain_get_source (chain, i)));
      ps_cli_add_certificate_json (builder, ps_chain_get_certificate (chain, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ps_cli_print_json (root);
}

static char *
format_date (GDateTime *date)
{
  if (date == NULL)
    return g_strdup ("?");
  return g_date_time_format (date, "%Y-%m-%d %H:%M:%S UTC");
}

static void
print_text (PsChain      *chain,
            const char   *host,
            guint16       port,
            PsTrustStore *store)
{
  g_auto(GStrv) verdicts = ps_chain_dup_verdicts (chain);
  PsChainProblem problems = ps_chain_get_problems (chain);
  const char *alpn = ps_chain_get_alpn (chain);
  const char *group = ps_chain_get_key_exchange_group (chain);

  printf ("%s %s:%u (%s)\n", _("Host:"), ps_cli_safe (host), port,
          ps_chain_get_peer_address (chain) != NULL ? ps_chain_get_peer_address (chain) : "?");
  printf ("%s %s, %s, %s %s, %s %s, %s %.3f s\n", _("TLS:"),
          ps_chain_get_tls_version (chain) != NULL ? ps_chain_get_tls_version (chain) : "?",
          ps_chain_get_cipher_suite (chain) != NULL ? ps_chain_get_cipher_suite (chain) : "?",
          _("group"), group != NULL ? group : _("none"),
          _("ALPN"), alpn != NULL ? ps_cli_safe (alpn) : _("none"),
          _("handshake"), ps_chain_get_handshake_seconds (chain));
  if (ps_chain_get_hostname (chain) != NULL)
    printf ("%s %s\n", _("Name checked:"), ps_cli_safe (ps_chain_get_hostname (chain)));
  if (store != NULL)
    printf ("%s %s\n", _("Trust store:"), ps_cli_safe (ps_trust_store_get_description (store)));

  for (guint i = 0; i < ps_chain_get_n_certificates (chain); i++)
    {
      PsCertificate *cert = ps_chain_get_certificate (chain, i);
      g_autofree char *pin = ps_pin_to_base64 (ps_certificate_get_spki_pin (cert));
      g_autofree char *not_before = format_date (ps_certificate_get_not_before (cert));
      g_autofree char *not_after = format_date (ps_certificate_get_not_after (cert));
      int depth = ps_chain_get_depth (chain, i);
      g_autofree char *depth_text = NULL;

      if (depth >= 0)
        depth_text = g_strdup_printf (_("depth %d"), depth);
      else
        depth_text = g_strdup (_("not on the path"));

      printf ("\n");
      if (ps_chain_get_source (chain, i) == PS_CHAIN_SOURCE_SERVER)
        printf (_("Certificate %u, sent by the server, %s\n"), i, depth_text);
      else
        printf (_("Certificate %u, from the trust store, %s\n"), i, depth_text);
      printf ("  %-10s %s\n", _("Subject:"), ps_cli_safe (ps_certificate_get_subject (cert)));
      printf ("  %-10s %s\n", _("Issuer:"), ps_cli_safe (ps_certificate_get_issuer (cert)));
      printf ("  %-10s %s — %s\n", _("Valid:"), not_before, not_after);
      printf ("  %-10s %s\n", _("Key:"),
              ps_cli_safe (ps_certificate_get_key_description (cert)));
      printf ("  %-10s sha256/%s\n", _("Pin:"), pin);
    }

  printf ("\n%s %s\n", _("Verdict:"),
          ps_chain_get_trusted (chain) ? _("trusted") : _("not trusted"));
  for (guint i = 0; verdicts[i] != NULL; i++)
    printf ("  - %s\n", ps_cli_safe (verdicts[i]));
  if (problems != 0)
    {
      printf ("%s", _("Problems:"));
      for (guint bit = 0; bit < 32; bit++)
        if (problems & (1u << bit))
          printf (" %s", ps_chain_problem_to_id (1u << bit));
      printf ("\n");
    }
}

int
ps_cli_show (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PsProbe) probe = NULL;
  g_autoptr(PsTrustStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cafile = NULL;
  g_autofree char *servername = NULL;
  g_autofree char *starttls_name = NULL;
  g_autofree char *host = NULL;
  PsStarttlsProtocol starttls = PS_STARTTLS_NONE;
  g_autoptr(PsChain) chain = NULL;
  gboolean json = FALSE;
  int timeout = PS_PROBE_DEFAULT_TIMEOUT;
  guint16 port;
  int status;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON object"), NULL },
    { "cafile", 0, 0, G_OPTION_ARG_FILENAME, &cafile,
      N_("Trust the CA certificates of FILE instead of the system’s"), N_("FILE") },
    { "servername", 0, 0, G_OPTION_ARG_STRING, &servername,
      N_("Name sent as SNI and checked against the certificate (default: the host)"),
      N_("NAME") },
    { "starttls", 0, 0, G_OPTION_ARG_STRING, &starttls_name,
      N_("Ask for TLS first: smtp, imap, pop3, ftp, xmpp, ldap or postgres"), N_("PROTO") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds allowed for the whole retrieval (default: 10)"), N_("SECONDS") },
    { NULL }
  };

  context = g_option_context_new (_("HOST[:PORT] — show the certificates a TLS server sends"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Connects to HOST (a name, an IDN, an IPv4 address or [IPv6]; port 443 by default, or\n"
      "the STARTTLS protocol's), completes the TLS handshake whatever the chain, and prints\n"
      "every certificate as sent, then those the trust store adds to reach an anchor, with\n"
      "SPKI SHA-256 pins and the verdict. Nothing is sent after the handshake.\n\n"
      "Exit status: 0 trusted with no problem, 1 not trusted or with problems, 2 usage error,\n"
      "3 network or TLS failure."));

  if (!ps_cli_parse_options (context, &argc, &argv))
    return PS_CLI_EXIT_USAGE;

  if (argc != 2)
    {
      ps_cli_error (_("Give one HOST[:PORT]"));
      return PS_CLI_EXIT_USAGE;
    }

  if (starttls_name != NULL && !ps_starttls_protocol_from_string (starttls_name, &starttls))
    {
      ps_cli_error (_("Unknown STARTTLS protocol “%s”"), starttls_name);
      return PS_CLI_EXIT_USAGE;
    }

  if (timeout < 1 || timeout > 3600)
    {
      ps_cli_error (_("The timeout must be between 1 and 3600 seconds"));
      return PS_CLI_EXIT_USAGE;
    }

  if (!ps_probe_parse_host (argv[1], ps_starttls_protocol_default_port (starttls),
                            &host, &port, &error))
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }

  store = ps_cli_load_trust_store (cafile, &error);
  if (store == NULL)
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }

  probe = ps_probe_new ();
  ps_probe_set_trust_store (probe, store);
  ps_probe_set_starttls (probe, starttls);
  ps_probe_set_timeout (probe, timeout);
  if (servername != NULL)
    ps_probe_set_servername (probe, servername);

  chain = ps_cli_probe_host (probe, argv[1], &error);
  if (chain == NULL)
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_NETWORK;
    }

  if (json)
    {
      const char *sni = servername != NULL ? (servername[0] != '\0' ? servername : NULL)
                                            : (g_hostname_is_ip_address (host) ? NULL : host);

      print_json (chain, host, port, sni, starttls, store);
    }
  else
    print_text (chain, host, port, store);

  status = ps_chain_get_trusted (chain) && ps_chain_get_problems (chain) == 0
             ? PS_CLI_EXIT_OK : PS_CLI_EXIT_PROBLEM;

  return status;
}
