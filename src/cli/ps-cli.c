/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ps-certificate-sections.h"
#include "ps-cli.h"
#include "ps-probe.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} PsCliCommand;

static const PsCliCommand commands[] = {
  { "pins", ps_cli_pins, N_("SPKI pins of every certificate, key or CSR in files") },
  { "scan", ps_cli_scan, N_("Probe every address of many hosts at once, with pins and verdicts") },
  { "show", ps_cli_show, N_("The certificate chain a TLS server sends, with pins and verdicts") },
  { "pinset", ps_cli_pinset, N_("Create a pinset (pinset new)") },
  { "check", ps_cli_check, N_("Lint a pinset; with hosts or chain files, also match it") },
  { "rotate", ps_cli_rotate, N_("Would clients accept a candidate chain?") },
  { "diff", ps_cli_diff, N_("Rules and pins added, removed or changed between pinsets") },
  { "export", ps_cli_export, N_("Write a pinset in another format (Android, OkHttp, …)") },
  { "import", ps_cli_import, N_("Read the pins of a configuration, APK or IPA into a pinset") },
  { "formats", ps_cli_formats, N_("List the export and import formats") },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: pinscope-cli COMMAND [OPTION…] [ARGUMENT…]"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “pinscope-cli COMMAND --help” for the options of a command."));
  fprintf (stream, "%s\n", _("Exit status: 0 all good, 1 a problem was found, "
                             "2 usage or input error, 3 network or TLS failure."));
}

int
ps_cli_run (int    argc,
            char **argv)
{
  if (argc < 2)
    {
      print_usage (stderr);
      return PS_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return ps_cli_finish_output (PS_CLI_EXIT_OK);
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("pinscope-cli %s\n", PACKAGE_VERSION);
      return ps_cli_finish_output (PS_CLI_EXIT_OK);
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        return ps_cli_finish_output (commands[i].run (argc - 1, argv + 1));
    }

  ps_cli_error (_("Unknown command “%s”"), argv[1]);
  print_usage (stderr);
  return PS_CLI_EXIT_USAGE;
}

void
ps_cli_error (const char *format,
              ...)
{
  g_autofree char *message = NULL;
  g_autofree char *safe = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  safe = ps_cli_sanitize_message (message);
  fflush (stdout);
  fprintf (stderr, "pinscope-cli: %s\n", safe);
}

void
ps_cli_note (const char *path,
             const char *note)
{
  g_autofree char *safe_path = ps_cli_sanitize_message (path);
  g_autofree char *safe_note = ps_cli_sanitize_message (note);

  fflush (stdout);
  fprintf (stderr, _("pinscope-cli: %s: note: %s\n"), safe_path, safe_note);
}

void
ps_cli_notes (const char *path,
              GPtrArray  *notes)
{
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    ps_cli_note (path, g_ptr_array_index (notes, i));
}

gboolean
ps_cli_parse_options (GOptionContext   *context,
                      int              *argc,
                      char           ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      ps_cli_error ("%s", error->message);
      return FALSE;
    }

  return TRUE;
}

void
ps_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

void
ps_cli_json_member_date (JsonBuilder *builder,
                         const char  *name,
                         GDateTime   *date)
{
  json_builder_set_member_name (builder, name);
  if (date != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (date);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

void
ps_cli_json_member_string (JsonBuilder *builder,
                           const char  *name,
                           const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

typedef struct
{
  GMainLoop *loop;
  PsChain *chain;
  GError *error;
} ProbeWait;

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ProbeWait *wait = user_data;

  wait->chain = ps_probe_run_finish (PS_PROBE (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

PsChain *
ps_cli_probe_host (PsProbe     *probe,
                   const char  *host,
                   GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  ProbeWait wait = { loop, NULL, NULL };

  g_main_context_push_thread_default (context);
  ps_probe_run_async (probe, host, NULL, probe_done_cb, &wait);
  g_main_loop_run (loop);
  g_main_context_pop_thread_default (context);

  if (wait.chain == NULL)
    g_propagate_error (error, wait.error);
  return wait.chain;
}

static void
add_variant_value (JsonBuilder *builder,
                   GVariant    *value)
{
  if (value == NULL)
    json_builder_add_null_value (builder);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    json_builder_add_string_value (builder, g_variant_get_string (value, NULL));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    json_builder_add_boolean_value (builder, g_variant_get_boolean (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    json_builder_add_int_value (builder, g_variant_get_uint32 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    json_builder_add_int_value (builder, g_variant_get_int32 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
    {
      g_autofree const char **items = g_variant_get_strv (value, NULL);

      json_builder_begin_array (builder);
      for (guint i = 0; items[i] != NULL; i++)
        json_builder_add_string_value (builder, items[i]);
      json_builder_end_array (builder);
    }
  else
    g_assert_not_reached ();
}

/* The certificate's fields as the details window shows them (ps_certificate_list_sections),
 * each with a machine name as a member. */
void
ps_cli_add_certificate_json (JsonBuilder   *builder,
                             PsCertificate *cert)
{
  g_autoptr(GListModel) sections = ps_certificate_list_sections (cert, PS_PIN_NOTATION_BASE64);

  for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(PsCertificateSection) section = g_list_model_get_item (sections, i);
      GListModel *fields = ps_certificate_section_get_fields (section);

      for (guint j = 0; j < g_list_model_get_n_items (fields); j++)
        {
          g_autoptr(PsCertificateField) field = g_list_model_get_item (fields, j);
          const char *key = ps_certificate_field_get_key (field);

          if (key == NULL)
            continue;
          json_builder_set_member_name (builder, key);
          add_variant_value (builder, ps_certificate_field_get_value (field));
        }
    }
}
