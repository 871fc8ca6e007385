/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define _GNU_SOURCE

#include <glib/gi18n.h>
#include <stdio.h>

#include "ps-cli.h"
#include "ps-certificate-facts.h"
#include "ps-certificate-sections.h"
#include "ps-io.h"
#include "ps-material.h"

typedef struct
{
  const char *file;
  gboolean json;
  PsPinNotation notation;
  gboolean first_json;
  gboolean first_member;
} PinsState;

/* One streaming JSON writer for the whole array, laid out byte for byte as json-glib's
 * pretty generator (indent 2) laid out one object per item before. */

static void
json_begin (PinsState *state)
{
  fputs_unlocked (state->first_json ? "  {" : ",\n  {", stdout);
  state->first_json = FALSE;
  state->first_member = TRUE;
}

static void
json_end (PinsState *state)
{
  fputs_unlocked ("\n}", stdout);
}

static void
json_member (PinsState  *state,
             const char *name)
{
  fputs_unlocked (state->first_member ? "\n  " : ",\n  ", stdout);
  state->first_member = FALSE;
  ps_cli_json_write_string (name);
  fputs_unlocked (" : ", stdout);
}

static void
json_string_member (PinsState  *state,
                    const char *name,
                    const char *value)
{
  json_member (state, name);
  ps_cli_json_write_string (value);
}

static void
json_int_member (PinsState  *state,
                 const char *name,
                 gint64      value)
{
  json_member (state, name);
  printf ("%" G_GINT64_FORMAT, value);
}

static void
json_strv (const char * const *items,
           guint               n_items)
{
  if (n_items == 0)
    {
      fputs_unlocked ("[]", stdout);
      return;
    }
  fputs_unlocked ("[\n", stdout);
  for (guint i = 0; i < n_items; i++)
    {
      fputs_unlocked ("    ", stdout);
      ps_cli_json_write_string (items[i]);
      fputs_unlocked (i + 1 < n_items ? ",\n" : "\n", stdout);
    }
  fputs_unlocked ("  ]", stdout);
}

static void
json_variant (GVariant *value)
{
  if (value == NULL)
    fputs_unlocked ("null", stdout);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    ps_cli_json_write_string (g_variant_get_string (value, NULL));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    fputs_unlocked (g_variant_get_boolean (value) ? "true" : "false", stdout);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    printf ("%u", g_variant_get_uint32 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    printf ("%d", g_variant_get_int32 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
    {
      gsize n = 0;
      g_autofree const char **items = g_variant_get_strv (value, &n);

      json_strv (items, n);
    }
  else
    g_assert_not_reached ();
}

/* The certificate's fields as the details window shows them, read through GnuTLS: for the
 * certificates that ps_certificate_facts_read() leaves to it. */
static void
json_certificate_sections (PinsState     *state,
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
          json_member (state, key);
          json_variant (ps_certificate_field_get_value (field));
        }
    }
}

/* The same members, in the same order, from the raw DER. */
static void
json_certificate_facts (PinsState                *state,
                        PsCertificate            *cert,
                        const PsCertificateFacts *facts)
{
  const PsPin *pin = ps_certificate_get_spki_pin (cert);
  g_autofree char *b64 = ps_pin_to_base64 (pin);
  g_autofree char *hex = ps_pin_to_hex (pin);

  json_string_member (state, "subject", ps_certificate_get_subject (cert));
  json_string_member (state, "serial", facts->serial_hex);
  json_string_member (state, "parse_problem", NULL);
  json_string_member (state, "issuer", ps_certificate_get_issuer (cert));
  json_member (state, "self_signed");
  fputs_unlocked (facts->self_signed ? "true" : "false", stdout);
  json_string_member (state, "not_before", facts->not_before);
  json_string_member (state, "not_after", facts->not_after);
  json_string_member (state, "key_algorithm", facts->key_algorithm);
  json_int_member (state, "key_bits", facts->key_bits);
  json_string_member (state, "key_curve", facts->key_curve);
  json_string_member (state, "signature_algorithm", facts->signature_algorithm);
  json_member (state, "ca");
  fputs_unlocked (facts->is_ca ? "true" : "false", stdout);
  json_member (state, "path_len");
  if (facts->path_len >= 0)
    printf ("%d", facts->path_len);
  else
    fputs_unlocked ("null", stdout);
  json_member (state, "sans");
  json_strv ((const char * const *) facts->sans->pdata, facts->sans->len);
  json_string_member (state, "spki_sha256", b64);
  json_string_member (state, "spki_sha256_hex", hex);
  json_string_member (state, "sha256_fingerprint", facts->fingerprint_hex);
}

static void
print_json (PinsState  *state,
            PsMaterial *material,
            guint       index)
{
  PsCertificate *cert = ps_material_get_certificate (material);
  PsMaterialKind kind = ps_material_get_kind (material);

  json_begin (state);
  json_string_member (state, "file", state->file);
  json_int_member (state, "index", index);
  json_string_member (state, "kind", ps_material_kind_to_string (kind));
  json_string_member (state, "label", ps_material_get_label (material));

  if (cert != NULL)
    {
      PsCertificateFacts facts;

      if (ps_certificate_facts_read (cert, &facts))
        {
          json_string_member (state, "key", facts.key_description);
          json_certificate_facts (state, cert, &facts);
          ps_certificate_facts_clear (&facts);
        }
      else
        {
          json_string_member (state, "key", ps_material_get_key_description (material));
          json_certificate_sections (state, cert);
        }
    }
  else
    {
      const PsPin *pin = ps_material_get_pin (material);
      g_autofree char *b64 = ps_pin_to_base64 (pin);
      g_autofree char *hex = ps_pin_to_hex (pin);

      json_string_member (state, "key", ps_material_get_key_description (material));
      json_string_member (state, "subject",
                          kind == PS_MATERIAL_CSR ? ps_material_get_label (material) : NULL);
      json_string_member (state, "spki_sha256", b64);
      json_string_member (state, "spki_sha256_hex", hex);
      json_string_member (state, "parse_problem", ps_material_get_problem (material));
    }
  json_end (state);
}

static gboolean
print_item_cb (PsMaterial *material,
               guint       index,
               gpointer    user_data)
{
  PinsState *state = user_data;
  const PsPin *pin = ps_material_get_pin (material);
  const char *problem = ps_material_get_problem (material);
  PsMaterialKind kind = ps_material_get_kind (material);

  if (state->json)
    print_json (state, material, index);
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
  PinsState state = { NULL, FALSE, PS_PIN_NOTATION_BASE64, TRUE, TRUE };
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
