/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ps-certificate.h"
#include "ps-chain.h"
#include "ps-fleet.h"
#include "ps-format.h"
#include "ps-pinset.h"
#include "ps-probe.h"
#include "ps-trust-store.h"

G_BEGIN_DECLS

/* Exit codes, a stable interface that scripts rely on. */
typedef enum
{
  PS_CLI_EXIT_OK = 0,       /* all good */
  PS_CLI_EXIT_PROBLEM = 1,  /* a check found a problem */
  PS_CLI_EXIT_USAGE = 2,    /* usage or input error */
  PS_CLI_EXIT_NETWORK = 3,  /* network or TLS failure */
} PsCliExit;

/* Runs "pinscope-cli ARGS"; returns the exit code. Prints to stdout and stderr. */
int   ps_cli_run                (int          argc,
                                 char       **argv);

/* Subcommands. argv[0] is the subcommand name. */
int   ps_cli_pins               (int          argc,
                                 char       **argv);
int   ps_cli_show               (int          argc,
                                 char       **argv);
int   ps_cli_pinset             (int          argc,
                                 char       **argv);
int   ps_cli_check              (int          argc,
                                 char       **argv);
int   ps_cli_rotate             (int          argc,
                                 char       **argv);
int   ps_cli_diff               (int          argc,
                                 char       **argv);
int   ps_cli_export             (int          argc,
                                 char       **argv);
int   ps_cli_import             (int          argc,
                                 char       **argv);
int   ps_cli_formats            (int          argc,
                                 char       **argv);
int   ps_cli_scan               (int          argc,
                                 char       **argv);

/* Live endpoints, many at once (ps-cli-live.c). */
/* A fleet with the anchors of @cafile (NULL: the system's) and the --resolve entries;
 * NULL with the error printed. */
PsFleet  *ps_cli_live_new_fleet   (const char    *cafile,
                                   char         **resolves,
                                   int            jobs,
                                   int            timeout);
/* Probes every endpoint, printing each as it ends, then the divergent-chains warnings;
 * returns the exit status (3 unreachable, 1 a pin mismatch or an untrusted chain). */
int       ps_cli_live_run         (PsFleet       *fleet,
                                   PsPinset      *pinset,
                                   gboolean       json);
/* check PINSET --live: every domain of @pinset on @port, and @hosts. */
int       ps_cli_check_live       (PsPinset      *pinset,
                                   const char    *cafile,
                                   char         **hosts,
                                   char         **resolves,
                                   int            port,
                                   int            jobs,
                                   gboolean       json);
/* The chains of @hosts, probed at the same time, appended in order with the host as their
 * source; a host that fails is reported and skipped (FALSE). */
/* Probes every host at once (PS_FLEET_DEFAULT_JOBS at a time), each within @timeout
 * seconds (0: the probe's default): (*chains)[i] or (*errors)[i] is set for hosts[i]; the
 * caller owns both arrays and what they hold. */
void      ps_cli_probe_hosts      (char          **hosts,
                                   PsTrustStore   *store,
                                   guint           timeout,
                                   PsChain      ***chains,
                                   GError       ***errors);
gboolean  ps_cli_live_probe_hosts (char         **hosts,
                                   PsTrustStore  *store,
                                   GPtrArray     *chains,
                                   GPtrArray     *sources);
/* Input, each file read within a cap (see ps-io.h); "-" is standard input. Their errors
 * name the file. */
/* Loads a PINSET argument: the native format, or any importable file. */
PsPinset     *ps_cli_load_pinset       (const char      *path,
                                        GError         **error);
/* Reads PATH in @format, or in the format detected when NULL. Names the pinset after the
 * file when the document names none. */
PsPinset     *ps_cli_formats_load      (const char      *path,
                                        const PsFormat  *format,
                                        GPtrArray      **notes,
                                        GError         **error);
/* The same for contents already read; a configuration (any format but the native one)
 * larger than PS_IO_MAX_CONFIGURATION is refused. */
PsPinset     *ps_cli_import_bytes      (const char      *path,
                                        GBytes          *bytes,
                                        const PsFormat  *format,
                                        GPtrArray      **notes,
                                        GError         **error);
/* What export and import share: --format, -o and --json, then one FILE read through the
 * format registry (a pinset, any importable configuration, an APK or an IPA). */
typedef struct
{
  const char *parameter;     /* translated: the parameter string and summary */
  const char *description;   /* translated */
  const char *usage;         /* translated: printed when the arguments are wrong */
  const char *format_help;   /* marked for translation, not translated yet */
  const char *output_help;
  const char *json_help;
  gboolean    import;        /* --format names the format read, not the one written */
} PsCliConvertCommand;

typedef struct
{
  char           *format_id;
  char           *output;
  gboolean        json;
  /* Chains to resolve the pins' roles from (leaf, intermediate, root). */
  char          **chain_files;
  char          **hosts;
  char           *cafile;
  const PsFormat *format;    /* NULL when --format is not given (import only) */
  PsPinset       *pinset;
} PsCliConvert;

/* Parses @argv for @command, looks the format up and loads FILE, printing its notes.
 * With --chain or --host, resolves the pins' roles from those chains. Returns PS_CLI_EXIT_OK,
 * PS_CLI_EXIT_USAGE after printing why, or PS_CLI_EXIT_NETWORK when a host could not be
 * reached (nothing should be written then). */
int           ps_cli_convert_open      (const PsCliConvertCommand *command,
                                        int                        argc,
                                        char                     **argv,
                                        PsCliConvert              *convert);
void          ps_cli_convert_clear     (PsCliConvert              *convert);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PsCliConvert, ps_cli_convert_clear)

/* Every certificate, key and CSR of a file (PsMaterial), or its certificates only. */
GPtrArray    *ps_cli_load_material     (const char      *path,
                                        GPtrArray      **problems,
                                        GError         **error);
GPtrArray    *ps_cli_load_certificates (const char      *path,
                                        GError         **error);
/* The anchors of @cafile, or the system's when NULL. */
PsTrustStore *ps_cli_load_trust_store  (const char      *cafile,
                                        GError         **error);

/* The format @id, for import or export; NULL with the error printed when there is none. */
const PsFormat *ps_cli_lookup_format   (const char      *id,
                                        gboolean         for_import);
/* The same, printing the error and returning NULL on failure. */
PsTrustStore *ps_cli_open_trust_store  (const char      *cafile);
/* The certificates of @paths, in order, as one chain. */
PsChain      *ps_cli_load_chain        (const char * const *paths,
                                        PsTrustStore    *store,
                                        const char      *hostname);
/* The chain of a live host. */
PsChain      *ps_cli_probe_chain       (const char      *host,
                                        PsTrustStore    *store);
/* Whether @host is a HOST[:PORT] that can be probed. */
gboolean      ps_cli_is_host           (const char      *host);
/* The chains of --chain files and --host hosts (probed all at once), appended to @chains
 * with their file or host (borrowed) to @sources; validated against @cafile's anchors or the
 * system's, returned in @store when not NULL. Returns PS_CLI_EXIT_USAGE after printing why
 * (an unreadable file, a bad host name), else PS_CLI_EXIT_OK with *@network_failed set when
 * a host could not be reached (its error printed, the other chains kept). */
int           ps_cli_gather_chains     (const char      *cafile,
                                        char           **chain_files,
                                        char           **hosts,
                                        GPtrArray       *chains,
                                        GPtrArray       *sources,
                                        PsTrustStore   **store,
                                        gboolean        *network_failed);

/* Reports (ps-cli-report.c), shared by check, rotate and diff. */
void  ps_cli_json_member_int     (JsonBuilder  *builder,
                                  const char   *name,
                                  gint64        value);
void  ps_cli_json_member_bool    (JsonBuilder  *builder,
                                  const char   *name,
                                  gboolean      value);
/* "name": value, or null when @value is negative. */
void  ps_cli_json_member_index   (JsonBuilder  *builder,
                                  const char   *name,
                                  int           value);
/* "domains": the rule's domain names, or null without a rule. */
void  ps_cli_json_member_domains (JsonBuilder  *builder,
                                  PsPinsetRule *rule);
void  ps_cli_print_builder       (JsonBuilder  *builder);
/* "VALUE (role, label)". */
char *ps_cli_dup_pin_text        (PsPinsetPin  *pin);
/* "path": the validated path of @chain, leaf first, and "verdicts". */
void  ps_cli_add_path_json       (JsonBuilder  *builder,
                                  PsChain      *chain);
void  ps_cli_add_verdicts_json   (JsonBuilder  *builder,
                                  PsChain      *chain);
/* One line per certificate of the validated path. */
void  ps_cli_print_path          (PsChain      *chain);

/* Output (ps-cli-output.c). */
/* @text with control characters, invalid UTF-8 and bidirectional controls escaped ("\n",
 * "\x1b", "\u202e"), for text output. Returns @text itself when it is clean, else a copy
 * kept until the command ends. */
const char *ps_cli_safe         (const char  *text);
char       *ps_cli_escape       (const char  *text);
/* An error message made safe: escaped, its quoted values cut to about 40 characters, and
 * a quoted value that may be key material replaced by its length. */
char       *ps_cli_sanitize_message (const char *message);
/* Writes @text to standard output (@path NULL or "-") or saves it to @path with
 * ps_io_save_atomic(). */
gboolean    ps_cli_write_output (const char  *path,
                                 const char  *text,
                                 GError     **error);
/* Flushes standard output: a write failure turns @status into PS_CLI_EXIT_USAGE, with a
 * message. */
int         ps_cli_finish_output (int         status);

/* Shared helpers. */
void  ps_cli_print_json         (JsonNode    *node);
void  ps_cli_error              (const char  *format,
                                 ...) G_GNUC_PRINTF (1, 2);
/* "pinscope-cli: PATH: note: NOTE" on standard error. */
void  ps_cli_note               (const char  *path,
                                 const char  *note);
/* ps_cli_note() for each of @notes. */
void  ps_cli_notes              (const char  *path,
                                 GPtrArray   *notes);
/* Parses options of a subcommand; on failure prints the error and returns FALSE. */
gboolean ps_cli_parse_options   (GOptionContext *context,
                                 int            *argc,
                                 char         ***argv);
/* Adds "name": value to the JSON object being built, or "name": null for NULL. */
void  ps_cli_json_member_string (JsonBuilder *builder,
                                 const char  *name,
                                 const char  *value);
void  ps_cli_json_member_date   (JsonBuilder *builder,
                                 const char  *name,
                                 GDateTime   *date);
/* Retrieves the chain of a live host with @probe, waiting in a private main context. */
PsChain *ps_cli_probe_host      (PsProbe     *probe,
                                 const char  *host,
                                 GError     **error);
/* Adds the fields of a certificate to a JSON object being built. */
void  ps_cli_add_certificate_json (JsonBuilder   *builder,
                                   PsCertificate *cert);

/* Writes @text (NULL: null) to stdout as a JSON string, escaped as json-glib does: the quote,
 * the backslash, every control character and DEL (RFC 8259 7); bytes that are not UTF-8
 * become U+FFFD. For the streaming writers of pins --json and check --json. */
void      ps_cli_json_write_string (const char *text);

G_END_DECLS
