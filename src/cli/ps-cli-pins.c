/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ps-cli.h"
#include "ps-io.h"
#include "ps-material.h"

typedef struct
{
  const char *file;
  gboolean json;
  PsPinNotation notation;
  gboolean first_json;
} PinsState;

static gboolean
print_item_cb (PsMaterial *material,
               guint       index,
               gpointer    user_data)
{
  PinsState *state = user_data;
  PsCertificate *cert = ps_material_get_certificate (material);
  const PsPin *pin = ps_material_get_pin (material);
  const char *problem = ps_material_get_problem (material);
  PsMaterialKind kind = ps_material_get_kind (material);

  if (state->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, state->file);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, index);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, ps_material_kind_to_string (kind));
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, ps_material_get_label (material));
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, ps_material_get_key_description (material));

      if (cert != NULL)
        ps_cli_add_certificate_json (builder, cert);
      else
        {
          g_autofree char *b64 = ps_pin_to_base64 (pin);
          g_autofree char *hex = ps_pin_to_hex (pin);

          json_builder_set_member_name (builder, "subject");
          if (kind == PS_MATERIAL_CSR)
            json_builder_add_string_value (builder, ps_material_get_label (material));
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "spki_sha256");
          json_builder_add_string_value (builder, b64);
          json_builder_set_member_name (builder, "spki_sha256_hex");
          json_builder_add_string_value (builder, hex);
          json_builder_set_member_name (builder, "parse_problem");
          if (problem != NULL)
            json_builder_add_string_value (builder, problem);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_indent (generator, 2);
      text = json_generator_to_data (generator, NULL);
      printf ("%s  %s", state->first_json ? "" : ",\n", text);
      state->first_json = FALSE;
    }
  else
    {
      g_autofree char *value = ps_pin_to_string (pin, state->notation);

      printf ("%s:%u: %s: %s\n", ps_cli_safe (state->file), index,
              ps_material_kind_to_string (kind), ps_cli_safe (ps_material_get_label (material)));
      printf ("  %s\n", value);
      if (problem != NULL)
        printf ("  %s %s\n", _("Note:"), ps_cli_safe (problem));
    }

  /* Stop reading once standard output fails (a full disk). */
  return !ferror (stdout);
}

static gboolean
parse_notation (const char    *name,
                PsPinNotation *notation)
{
  static const struct { const char *name; PsPinNotation notation; } names[] = {
    { "base64", PS_PIN_NOTATION_BASE64 },
    { "okhttp", PS_PIN_NOTATION_OKHTTP },
    { "curl", PS_PIN_NOTATION_CURL },
    { "hpkp", PS_PIN_NOTATION_HPKP },
    { "hex", PS_PIN_NOTATION_HEX },
    { "hex-colons", PS_PIN_NOTATION_HEX_COLONS },
    { "tlsa", PS_PIN_NOTATION_TLSA },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i].name))
      {
        *notation = names[i].notation;
        return TRUE;
      }
  return FALSE;
}

int
ps_cli_pins (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *notation_name = NULL;
  gboolean json = FALSE;
  PinsState state = { NULL, FALSE, PS_PIN_NOTATION_BASE64, TRUE };
  int status = PS_CLI_EXIT_OK;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { "notation", 'n', 0, G_OPTION_ARG_STRING, &notation_name,
      N_("Pin notation: base64 (default), okhttp, curl, hpkp, hex, hex-colons, tlsa"),
      N_("NAME") },
    { NULL }
  };

  context = g_option_context_new (_("FILE… — print the SPKI SHA-256 pins of certificates, "
                                    "keys and CSRs"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Reads PEM (any number of blocks), DER, PKCS#7 bundles, public keys, PKCS#10 CSRs and\n"
      "private keys (PKCS#8, PKCS#1, SEC1; only to derive the public key, which is never\n"
      "printed or stored). The kind is detected from the content.\n\n"
      "Exit status: 0 all files read, 2 a file could not be read or holds nothing usable."));

  if (!ps_cli_parse_options (context, &argc, &argv))
    return PS_CLI_EXIT_USAGE;

  if (notation_name != NULL && !parse_notation (notation_name, &state.notation))
    {
      ps_cli_error (_("Unknown notation “%s”"), notation_name);
      return PS_CLI_EXIT_USAGE;
    }

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      ps_cli_error (_("No file given"));
      fputs (help, stderr);
      return PS_CLI_EXIT_USAGE;
    }

  state.json = json;
  if (json)
    printf ("[\n");

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;
      guint found;

      state.file = argv[i];

      /* A regular file is streamed through a mapping, whatever its size; anything else
       * (standard input, a pipe from "<(...)") is read within the cap of a bundle, and
       * devices or named pipes are refused. */
      if (!g_str_equal (argv[i], "-") && ps_io_is_regular_file (argv[i]))
        {
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);

          found = ps_material_parse_file (file, print_item_cb, &state, &problems, &error);
        }
      else
        {
          g_autoptr(GBytes) bytes = ps_io_read_bounded (argv[i], PS_IO_MAX_DOCUMENT, NULL,
                                                        &error);

          if (bytes == NULL)
            {
              /* The message names the file already. */
              ps_cli_error ("%s", error->message);
              status = PS_CLI_EXIT_USAGE;
              continue;
            }
          found = ps_material_parse_bytes (bytes, print_item_cb, &state, &problems, &error);
        }
      if (found == 0)
        {
          ps_cli_error ("%s: %s", argv[i], error->message);
          status = PS_CLI_EXIT_USAGE;
          continue;
        }

      for (guint j = 0; problems != NULL && j < problems->len; j++)
        {
          ps_cli_error ("%s: %s", argv[i], (char *) g_ptr_array_index (problems, j));
          status = PS_CLI_EXIT_USAGE;
        }
    }

  if (json)
    printf ("%s]\n", state.first_json ? "" : "\n");

  return status;
}
