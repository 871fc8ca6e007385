/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ps-build.h"
#include "ps-build-pin.h"
#include "ps-build-source.h"
#include "ps-cli.h"
#include "ps-error.h"
#include "ps-format.h"
#include "ps-io.h"
#include "ps-material.h"
#include "ps-pinset.h"
#include "ps-probe.h"

/* Every file the command line reads comes through here, read whole into memory within a
 * cap (ps_io_read_bounded), so that a device, a pipe or a huge file is refused quickly and
 * format detection sees a buffered copy rather than consuming a pipe. Only "pins" streams
 * regular files of any size, through ps_material_parse_file(). */

/* The name used in messages: "standard input" for "-", the file's name otherwise. */
static char *
input_name (const char *path)
{
  g_autoptr(GFile) file = NULL;

  if (g_str_equal (path, "-"))
    return g_strdup (_("standard input"));
  file = g_file_new_for_commandline_arg (path);
  return g_file_get_parse_name (file);
}

PsPinset *
ps_cli_import_bytes (const char      *path,
                     GBytes          *bytes,
                     const PsFormat  *format,
                     GPtrArray      **notes,
                     GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *data;
  PsPinset *pinset;
  gsize len = 0;

  data = g_bytes_get_data (bytes, &len);
  if (format == NULL)
    format = ps_format_detect (data != NULL ? data : "", len);
  if ((format == NULL || !g_str_equal (ps_format_get_id (format), "json")) &&
      !ps_io_check_size (bytes, path, PS_IO_MAX_CONFIGURATION,
                         _("real configurations are a few KB"), error))
    return NULL;

  pinset = ps_format_import (format, data != NULL ? data : "", len, notes, &local_error);
  if (pinset == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", path,
                   local_error->message);
      return NULL;
    }

  /* Formats that do not name their pinset get the file's name. */
  if (*ps_pinset_get_name (pinset) == '\0')
    {
      g_autofree char *base = g_path_get_basename (path);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      ps_pinset_set_name (pinset, base);
    }

  return pinset;
}

/* Shipped builds carry native libraries and assets: far more than a configuration. */
#define PS_CLI_MAX_BUILD (512 * 1024 * 1024)

/* Whether @path is a regular file that starts as a zip archive does (an APK or IPA). Standard
 * input is never taken for a build: it is held to the document cap. */
static gboolean
looks_like_build (const char *path)
{
  guint8 head[4] = { 0 };
  gboolean is_zip = FALSE;
  FILE *in;

  if (g_str_equal (path, "-") || !ps_io_is_regular_file (path))
    return FALSE;
  in = fopen (path, "rb");
  if (in == NULL)
    return FALSE;
  is_zip = fread (head, 1, sizeof head, in) == sizeof head && ps_build_sniff (head, sizeof head);
  fclose (in);
  return is_zip;
}

/* The pinset a shipped build carries, with where each part of it was found, its bundled
 * anchors and the pins found in its code reported as notes. */
static PsPinset *
load_build (const char  *path,
            GPtrArray  **notes,
            GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PsBuild) build = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  const char * const *build_notes;
  GListModel *model;

  bytes = ps_io_read_bounded (path, PS_CLI_MAX_BUILD, NULL, error);
  if (bytes == NULL)
    return NULL;
  build = ps_build_new_from_bytes (bytes, &local_error);
  if (build == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", path,
                   local_error->message);
      return NULL;
    }

  {
    const char *platform = ps_build_platform_to_label (ps_build_get_platform (build));
    const char *version = ps_build_get_version (build);

    if (version == NULL)
      /* Translators: a build with no version, e.g. "unknown" in "version unknown". */
      version = _("unknown");
    if (ps_build_get_name (build) != NULL)
      /* Translators: platform, the app's name, its package or bundle id, its version. */
      g_ptr_array_add (all, g_strdup_printf (_("%s build “%s” (%s), version %s"), platform,
                                             ps_build_get_name (build), ps_build_get_id (build),
                                             version));
    else
      g_ptr_array_add (all, g_strdup_printf (_("%s build %s, version %s"), platform,
                                             ps_build_get_id (build), version));
  }
  model = ps_build_get_sources (build);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PsBuildSource) source = g_list_model_get_item (model, i);

      g_ptr_array_add (all, g_strdup_printf (_("%s: found in %s"),
                                             ps_build_source_get_what (source),
                                             ps_build_source_get_path (source)));
    }
  model = ps_build_get_code_pins (build);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PsBuildPin) pin = g_list_model_get_item (model, i);
      const char *host = ps_build_pin_get_host (pin);

      if (host != NULL)
        g_ptr_array_add (all, g_strdup_printf (_("pin in code for %s: %s (in %s)"), host,
                                               ps_build_pin_get_text (pin),
                                               ps_build_pin_get_file (pin)));
      else
        g_ptr_array_add (all, g_strdup_printf (_("pin in code, host unknown: %s (in %s)"),
                                               ps_build_pin_get_text (pin),
                                               ps_build_pin_get_file (pin)));
    }
  build_notes = ps_build_get_notes (build);
  for (guint i = 0; build_notes != NULL && build_notes[i] != NULL; i++)
    g_ptr_array_add (all, g_strdup (build_notes[i]));

  if (notes != NULL)
    *notes = g_steal_pointer (&all);
  return g_object_ref (ps_build_get_pinset (build));
}

PsPinset *
ps_cli_formats_load (const char      *path,
                     const PsFormat  *format,
                     GPtrArray      **notes,
                     GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;

  if (format == NULL && looks_like_build (path))
    return load_build (path, notes, error);
  bytes = ps_io_read_bounded (path, PS_IO_MAX_DOCUMENT, NULL, error);
  if (bytes == NULL)
    return NULL;
  return ps_cli_import_bytes (path, bytes, format, notes, error);
}

PsPinset *
ps_cli_load_pinset (const char  *path,
                    GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) native_error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  const PsFormat *format;
  const char *data;
  PsPinset *pinset;
  gsize len = 0;

  if (looks_like_build (path))
    {
      pinset = load_build (path, &notes, error);
      for (guint i = 0; pinset != NULL && i < notes->len; i++)
        ps_cli_note (path, g_ptr_array_index (notes, i));
      return pinset;
    }

  bytes = ps_io_read_bounded (path, PS_IO_MAX_DOCUMENT, NULL, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);

  pinset = ps_pinset_new_from_json (data != NULL ? data : "", len, &native_error);
  if (pinset != NULL)
    return pinset;

  /* Any importable file will do (network_security_config.xml, Info.plist, ...), so that a
   * team can audit what it ships directly. The format is detected from the copy in
   * memory, so a pipe ("check <(...)") is read once. */
  format = ps_format_detect (data != NULL ? data : "", len);
  if (native_error->domain == PS_ERROR && format != NULL &&
      !g_str_equal (ps_format_get_id (format), "json"))
    {
      pinset = ps_cli_import_bytes (path, bytes, format, &notes, error);
      for (guint i = 0; pinset != NULL && i < notes->len; i++)
        ps_cli_note (path, g_ptr_array_index (notes, i));
      return pinset;
    }

  {
    g_autofree char *name = input_name (path);
    const char *start = data != NULL ? data : "";

    while (g_ascii_isspace (*start))
      start++;
    /* The JSON parser's message quotes what it read: for a file that is not JSON at all
     * (a key, say), only say what it is not. */
    if (native_error->domain == PS_ERROR && format == NULL && *start != '{' && *start != '[')
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("%s: neither a Pinscope pinset nor a configuration Pinscope can read "
                     "(“pinscope-cli formats” lists them)"), name);
    else
      g_set_error (error, native_error->domain, native_error->code, "%s: %s", name,
                   native_error->message);
  }
  return NULL;
}

static gboolean
collect_cb (PsMaterial *material,
            guint       index,
            gpointer    user_data)
{
  g_ptr_array_add (user_data, g_object_ref (material));
  return TRUE;
}

GPtrArray *
ps_cli_load_material (const char  *path,
                      GPtrArray  **problems,
                      GError     **error)
{
  g_autoptr(GBytes) bytes = ps_io_read_bounded (path, PS_IO_MAX_DOCUMENT, NULL, error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_autoptr(GError) local_error = NULL;

  if (bytes == NULL)
    return NULL;
  if (ps_material_parse_bytes (bytes, collect_cb, items, problems, &local_error) == 0)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", path,
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&items);
}

GPtrArray *
ps_cli_load_certificates (const char  *path,
                          GError     **error)
{
  g_autoptr(GPtrArray) items = ps_cli_load_material (path, NULL, error);
  g_autoptr(GPtrArray) certs = NULL;

  if (items == NULL)
    return NULL;

  certs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < items->len; i++)
    {
      PsCertificate *cert = ps_material_get_certificate (g_ptr_array_index (items, i));

      if (cert != NULL)
        g_ptr_array_add (certs, g_object_ref (cert));
    }
  if (certs->len == 0)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_NOTHING_FOUND, "%s: %s", path,
                   _("The file holds no certificate"));
      return NULL;
    }
  return g_steal_pointer (&certs);
}

PsTrustStore *
ps_cli_load_trust_store (const char  *cafile,
                         GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (cafile == NULL)
    return ps_trust_store_get_system (error);

  /* The store reads the file through ps_io_read_file_bounded(). */
  file = g_file_new_for_commandline_arg (cafile);
  return ps_trust_store_new_from_file (file, error);
}

PsTrustStore *
ps_cli_open_trust_store (const char *cafile)
{
  g_autoptr(GError) error = NULL;
  PsTrustStore *store = ps_cli_load_trust_store (cafile, &error);

  if (store == NULL && cafile == NULL)
    ps_cli_error (_("Cannot load the system’s trust anchors: %s"), error->message);
  else if (store == NULL)
    ps_cli_error ("%s", error->message);
  return store;
}

int
ps_cli_gather_chains (const char    *cafile,
                      char         **chain_files,
                      char         **hosts,
                      GPtrArray     *chains,
                      GPtrArray     *sources,
                      PsTrustStore **store_out,
                      gboolean      *network_failed)
{
  g_autoptr(PsTrustStore) store = NULL;

  *network_failed = FALSE;
  if ((hosts != NULL || chain_files != NULL || cafile != NULL) &&
      (store = ps_cli_open_trust_store (cafile)) == NULL)
    return PS_CLI_EXIT_USAGE;

  for (guint i = 0; chain_files != NULL && chain_files[i] != NULL; i++)
    {
      const char *one[] = { chain_files[i], NULL };
      PsChain *chain = ps_cli_load_chain (one, store, NULL);

      if (chain == NULL)
        return PS_CLI_EXIT_USAGE;
      g_ptr_array_add (chains, chain);
      g_ptr_array_add (sources, chain_files[i]);
    }

  for (guint i = 0; hosts != NULL && hosts[i] != NULL; i++)
    {
      if (!ps_cli_is_host (hosts[i]))
        {
          ps_cli_error (_("“%s” is not a host name"), hosts[i]);
          return PS_CLI_EXIT_USAGE;
        }
    }
  /* All at once (ps-cli-live.c). */
  if (!ps_cli_live_probe_hosts (hosts, store, chains, sources))
    *network_failed = TRUE;

  if (store_out != NULL)
    *store_out = g_steal_pointer (&store);
  return PS_CLI_EXIT_OK;
}

PsChain *
ps_cli_load_chain (const char * const *paths,
                   PsTrustStore       *store,
                   const char         *hostname)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) certs = NULL;
      g_autoptr(GError) error = NULL;

      certs = ps_cli_load_certificates (paths[i], &error);
      if (certs == NULL)
        {
          ps_cli_error ("%s", error->message);
          return NULL;
        }
      for (guint j = 0; j < certs->len; j++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (certs, j)));
    }

  return ps_chain_new (all, store, hostname);
}

PsChain *
ps_cli_probe_chain (const char   *host,
                    PsTrustStore *store)
{
  g_autoptr(PsProbe) probe = ps_probe_new ();
  g_autoptr(GError) error = NULL;
  PsChain *chain;

  ps_probe_set_trust_store (probe, store);
  chain = ps_cli_probe_host (probe, host, &error);
  if (chain == NULL)
    ps_cli_error ("%s: %s", host, error->message);
  return chain;
}

gboolean
ps_cli_is_host (const char *host)
{
  g_autofree char *name = NULL;
  guint16 port = 0;

  return ps_probe_parse_host (host, 443, &name, &port, NULL);
}

const PsFormat *
ps_cli_lookup_format (const char *id,
                      gboolean    for_import)
{
  const PsFormat *format = ps_format_lookup (id);

  if (format == NULL)
    {
      ps_cli_error (_("Unknown format “%s”; “pinscope-cli formats” lists them"), id);
      return NULL;
    }
  if (for_import && !ps_format_can_import (format))
    {
      ps_cli_error (_("The format “%s” can be exported but not imported"), id);
      return NULL;
    }
  return format;
}

void
ps_cli_convert_clear (PsCliConvert *convert)
{
  g_clear_pointer (&convert->format_id, g_free);
  g_clear_pointer (&convert->output, g_free);
  g_clear_pointer (&convert->chain_files, g_strfreev);
  g_clear_pointer (&convert->hosts, g_strfreev);
  g_clear_pointer (&convert->cafile, g_free);
  g_clear_object (&convert->pinset);
}

/* --chain and --host: the pins' roles (leaf, intermediate, root) from the chains, so that
 * formats that place a pin by its role (ATS, curl, TLSA) can be written. Only evidence sets
 * a role: a pin found in no chain keeps none. */
static int
convert_resolve_roles (PsCliConvert *convert,
                       const char   *path)
{
  g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  g_autoptr(PsTrustStore) store = NULL;
  g_autofree char *note = NULL;
  gboolean network_failed = FALSE;
  gboolean all_known;
  guint n_resolved = 0;
  int status;

  if (convert->chain_files == NULL && convert->hosts == NULL)
    return PS_CLI_EXIT_OK;

  status = ps_cli_gather_chains (convert->cafile, convert->chain_files, convert->hosts, chains,
                                 sources, &store, &network_failed);
  if (status != PS_CLI_EXIT_OK)
    return status;
  /* Half the evidence would give a different document: nothing is written. */
  if (network_failed)
    return PS_CLI_EXIT_NETWORK;

  all_known = ps_pinset_resolve_roles (convert->pinset, chains, store, &n_resolved);
  if (n_resolved > 0)
    {
      /* Translators: %u is a number of pins. */
      note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "the role of %u pin was found in the chains",
                                           "the roles of %u pins were found in the chains",
                                           n_resolved), n_resolved);
      ps_cli_note (path, note);
    }
  if (!all_known)
    ps_cli_note (path, n_resolved > 0
                       ? _("some pins are in none of the chains and still have no known role")
                       : _("no pin without a known role is in the chains"));
  return PS_CLI_EXIT_OK;
}

int
ps_cli_convert_open (const PsCliConvertCommand *command,
                     int                        argc,
                     char                     **argv,
                     PsCliConvert              *convert)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &convert->format_id, command->format_help,
      N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &convert->output, command->output_help,
      N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &convert->json, command->json_help, NULL },
    { "chain", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &convert->chain_files,
      N_("Find each pin's role (leaf, intermediate, root) in the chain of a file "
         "(repeatable)"), N_("FILE") },
    { "host", 0, 0, G_OPTION_ARG_STRING_ARRAY, &convert->hosts,
      N_("Find each pin's role in the chain a live host sends (repeatable)"),
      N_("HOST[:PORT]") },
    { "cafile", 0, 0, G_OPTION_ARG_FILENAME, &convert->cafile,
      N_("Trust anchors to build the chains with, instead of the system’s"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (command->parameter);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, command->description);
  if (!ps_cli_parse_options (context, &argc, &argv))
    return PS_CLI_EXIT_USAGE;

  if (argc != 2 || (!command->import && convert->format_id == NULL))
    {
      ps_cli_error ("%s", command->usage);
      return PS_CLI_EXIT_USAGE;
    }
  if (convert->format_id != NULL)
    {
      convert->format = ps_cli_lookup_format (convert->format_id, command->import);
      if (convert->format == NULL)
        return PS_CLI_EXIT_USAGE;
    }

  convert->pinset = ps_cli_formats_load (argv[1], command->import ? convert->format : NULL,
                                         &notes, &error);
  if (convert->pinset == NULL)
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }
  ps_cli_notes (argv[1], notes);
  return convert_resolve_roles (convert, argv[1]);
}
