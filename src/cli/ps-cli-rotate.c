/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ps-build.h"
#include "ps-cli.h"
#include "ps-io.h"
#include "ps-readiness.h"
#include "ps-rotation.h"

/* pinscope-cli rotate: would clients accept a candidate chain? One pinset against one
 * chain prints the rotation report (ps_compare_rotation) as it always has; builds, or
 * more than one subject or candidate, print the release-readiness matrix (PsReadiness):
 * subjects down, candidate chains and hosts across. */

static void
rule_json (JsonBuilder    *builder,
           PsChain        *chain,
           PsRotationRule *rule)
{
  GListModel *matches = ps_rotation_rule_get_matches (rule);

  json_builder_begin_object (builder);
  ps_cli_json_member_int (builder, "rule", ps_rotation_rule_get_rule_index (rule));
  ps_cli_json_member_domains (builder, ps_rotation_rule_get_rule (rule));
  ps_cli_json_member_bool (builder, "accepted", ps_rotation_rule_get_accepted (rule));
  ps_cli_json_member_bool (builder, "leaf_only_accepted",
                           ps_rotation_rule_get_leaf_only_accepted (rule));
  ps_cli_json_member_string (builder, "reason", ps_rotation_rule_get_reason (rule));
  json_builder_set_member_name (builder, "matches");
  json_builder_begin_array (builder);
  for (guint j = 0; j < g_list_model_get_n_items (matches); j++)
    {
      g_autoptr(PsRotationMatch) match = g_list_model_get_item (matches, j);
      PsPinsetPin *pin = ps_rotation_match_get_pin (match);
      int depth = ps_rotation_match_get_depth (match);
      g_autofree char *display = ps_pinset_pin_dup_display (pin);

      json_builder_begin_object (builder);
      ps_cli_json_member_string (builder, "pin", display);
      ps_cli_json_member_string (builder, "label", ps_pinset_pin_get_label (pin));
      ps_cli_json_member_string (builder, "role",
                                 ps_pin_role_to_string (ps_pinset_pin_get_role (pin)));
      ps_cli_json_member_int (builder, "depth", depth);
      ps_cli_json_member_string (builder, "level",
                                 ps_pin_role_to_string (ps_chain_role_at (chain, depth)));
      ps_cli_json_member_string (builder, "certificate",
                                 ps_certificate_get_subject (
                                   ps_rotation_match_get_certificate (match)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_json (PsRotationReport *report,
            PsChain          *chain)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ps_cli_json_member_bool (builder, "accepted", ps_rotation_report_get_accepted (report));
  json_builder_set_member_name (builder, "names");
  json_builder_begin_array (builder);
  for (guint i = 0; ps_rotation_report_get_names (report)[i] != NULL; i++)
    json_builder_add_string_value (builder, ps_rotation_report_get_names (report)[i]);
  json_builder_end_array (builder);
  ps_cli_json_member_bool (builder, "trusted", ps_chain_get_trusted (chain));
  ps_cli_json_member_string (builder, "chain_problem",
                             ps_rotation_report_get_chain_problem (report));
  ps_cli_add_verdicts_json (builder, chain);
  ps_cli_add_path_json (builder, chain);
  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (ps_rotation_report_get_rules (report)); i++)
    {
      g_autoptr(PsRotationRule) rule =
        g_list_model_get_item (ps_rotation_report_get_rules (report), i);

      rule_json (builder, chain, rule);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ps_cli_print_builder (builder);
}

static void
print_text (PsRotationReport *report,
            PsChain          *chain)
{
  g_autofree char *names = g_strjoinv (", ", (GStrv) ps_rotation_report_get_names (report));
  GListModel *rules = ps_rotation_report_get_rules (report);

  printf ("%s %s\n", _("Candidate chain for"), ps_cli_safe (names));
  ps_cli_print_path (chain);
  if (ps_rotation_report_get_chain_problem (report) != NULL)
    printf ("%s %s\n", _("The chain does not validate."),
            ps_cli_safe (ps_rotation_report_get_chain_problem (report)));
  printf ("\n");

  if (g_list_model_get_n_items (rules) == 0)
    printf ("%s\n", _("No rule of the pinset covers these names: no pin applies."));

  for (guint i = 0; i < g_list_model_get_n_items (rules); i++)
    {
      g_autoptr(PsRotationRule) rule = g_list_model_get_item (rules, i);
      GListModel *matches = ps_rotation_rule_get_matches (rule);
      g_autofree char *label = ps_pinset_rule_dup_label (ps_rotation_rule_get_rule (rule));

      printf ("%s %u (%s): %s\n", _("Rule"), ps_rotation_rule_get_rule_index (rule) + 1,
              ps_cli_safe (label),
              ps_rotation_rule_get_accepted (rule) ? _("accepted") : _("would break"));
      for (guint j = 0; j < g_list_model_get_n_items (matches); j++)
        {
          g_autoptr(PsRotationMatch) match = g_list_model_get_item (matches, j);
          g_autofree char *text = ps_cli_dup_pin_text (ps_rotation_match_get_pin (match));
          int depth = ps_rotation_match_get_depth (match);
          PsCertificate *cert = ps_rotation_match_get_certificate (match);

          printf ("  %s %s %d (%s “%s”)\n", ps_cli_safe (text), _("matches depth"), depth,
                  ps_pin_role_to_string (ps_chain_role_at (chain, depth)),
                  ps_cli_safe (ps_certificate_get_display_name (cert)));
        }
      if (ps_rotation_rule_get_reason (rule) != NULL)
        printf ("  %s\n", ps_cli_safe (ps_rotation_rule_get_reason (rule)));
      printf ("  %s %s\n", _("A leaf-only client (curl --pinnedpubkey) would"),
              ps_rotation_rule_get_leaf_only_accepted (rule) ? _("accept it.") : _("refuse it."));
    }

  printf ("\n%s\n", ps_rotation_report_get_accepted (report) ? _("Verdict: accepted")
                                                             : _("Verdict: would break"));
}

/* The release-readiness matrix */

/* The same cap as the other commands' reading of builds: they carry native libraries and
 * assets, far more than a configuration. */
#define ROTATE_MAX_BUILD (512 * 1024 * 1024)

typedef struct
{
  PsReadiness *readiness;
  GPtrArray   *subject_sources;     /* of char *: the paths, by row */
  GPtrArray   *candidate_sources;   /* of char *: the paths or hosts, by column */
  GPtrArray   *candidate_kinds;     /* of const char *: "file" or "host", by column */
  GPtrArray   *unreachable;         /* of char *: "HOST\nerror", in the order given */
  gboolean     has_build;
} Matrix;

static void
matrix_clear (Matrix *matrix)
{
  g_clear_object (&matrix->readiness);
  g_clear_pointer (&matrix->subject_sources, g_ptr_array_unref);
  g_clear_pointer (&matrix->candidate_sources, g_ptr_array_unref);
  g_clear_pointer (&matrix->candidate_kinds, g_ptr_array_unref);
  g_clear_pointer (&matrix->unreachable, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Matrix, matrix_clear)

/* Whether a row (@subjects TRUE) or column of @matrix already has @label. */
static gboolean
label_taken (Matrix     *matrix,
             gboolean    subjects,
             const char *label)
{
  GListModel *model = subjects ? ps_readiness_get_subjects (matrix->readiness)
                               : ps_readiness_get_candidates (matrix->readiness);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      const char *other = subjects
        ? ps_readiness_subject_get_label (PS_READINESS_SUBJECT (item))
        : ps_readiness_candidate_get_label (PS_READINESS_CANDIDATE (item));

      if (g_str_equal (other, label))
        return TRUE;
    }
  return FALSE;
}

/* Whether @path is a regular file that starts as a zip archive (an APK or IPA) does. */
static gboolean
is_build_file (const char *path)
{
  guint8 head[4] = { 0 };
  gboolean is_zip;
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

/* A build as a row: its pinset, named "ID VERSION (Platform)". Its notes go to standard
 * error; the pins found in its code are not part of any rule, so the matrix cannot judge
 * them: say so rather than leave them out silently. */
static gboolean
add_build_subject (Matrix     *matrix,
                   const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ps_io_read_bounded (path, ROTATE_MAX_BUILD, NULL, &error);
  g_autoptr(PsBuild) build = NULL;
  g_autofree char *label = NULL;
  const char * const *notes;
  guint n_code_pins;

  if (bytes != NULL)
    build = ps_build_new_from_bytes (bytes, &error);
  if (build == NULL)
    {
      ps_cli_error ("%s: %s", path, error->message);
      return FALSE;
    }

  notes = ps_build_get_notes (build);
  for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
    ps_cli_note (path, notes[i]);
  n_code_pins = g_list_model_get_n_items (ps_build_get_code_pins (build));
  if (n_code_pins > 0)
    {
      g_autofree char *note =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u pin found in code is not judged here "
                                      "(“pinscope-cli import” lists it)",
                                      "%u pins found in code are not judged here "
                                      "(“pinscope-cli import” lists them)", n_code_pins),
                         n_code_pins);

      ps_cli_note (path, note);
    }

  /* TRANSLATORS: a build in the release-readiness matrix: ID VERSION (PLATFORM) */
  label = g_strdup_printf (_("%s %s (%s)"), ps_build_get_id (build),
                           ps_build_get_version (build) != NULL ? ps_build_get_version (build)
                                                                : "?",
                           ps_build_platform_to_label (ps_build_get_platform (build)));
  /* Two builds of one version (debug and release, say): tell them apart by file. */
  if (label_taken (matrix, TRUE, label))
    {
      g_autofree char *name = g_path_get_basename (path);
      char *longer = g_strdup_printf ("%s [%s]", label, name);

      g_free (label);
      label = longer;
    }
  ps_readiness_add_subject (matrix->readiness, label, PS_READINESS_SUBJECT_BUILD,
                            ps_build_get_pinset (build));
  g_ptr_array_add (matrix->subject_sources, g_strdup (path));
  matrix->has_build = TRUE;
  return TRUE;
}

static gboolean
add_subject (Matrix     *matrix,
             const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autofree char *label = NULL;

  if (is_build_file (path))
    return add_build_subject (matrix, path);

  pinset = ps_cli_load_pinset (path, &error);
  if (pinset == NULL)
    {
      ps_cli_error ("%s", error->message);
      return FALSE;
    }
  label = g_path_get_basename (path);
  if (label_taken (matrix, TRUE, label))
    {
      g_free (label);
      label = g_strdup (path);
    }
  ps_readiness_add_subject (matrix->readiness, label, PS_READINESS_SUBJECT_PINSET, pinset);
  g_ptr_array_add (matrix->subject_sources, g_strdup (path));
  return TRUE;
}

/* The certificates of @files, in order, as one candidate, named by their file names. */
static gboolean
add_file_candidate (Matrix             *matrix,
                    const char * const *files,
                    PsTrustStore       *store)
{
  g_autoptr(PsChain) chain = ps_cli_load_chain (files, store, NULL);
  g_autoptr(GString) label = g_string_new (NULL);
  g_autofree char *sources = g_strjoinv (" ", (char **) files);

  if (chain == NULL)
    return FALSE;
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (files[i]);

      if (i > 0)
        g_string_append (label, " + ");
      g_string_append (label, name);
    }
  /* Files of one name in different folders: name them by their paths. */
  if (label_taken (matrix, FALSE, label->str))
    g_string_assign (label, sources);
  ps_readiness_add_candidate (matrix->readiness, label->str, chain);
  g_ptr_array_add (matrix->candidate_sources, g_steal_pointer (&sources));
  g_ptr_array_add (matrix->candidate_kinds, (gpointer) "file");
  return TRUE;
}

/* A staging host usually serves the production names: judge the chain it sends for the
 * names of its leaf, not for the staging host's own name. */
static PsChain *
served_chain (PsChain      *probed,
              PsTrustStore *store)
{
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < ps_chain_get_n_certificates (probed); i++)
    if (ps_chain_get_source (probed, i) == PS_CHAIN_SOURCE_SERVER)
      g_ptr_array_add (sent, g_object_ref (ps_chain_get_certificate (probed, i)));
  return ps_chain_new (sent, store, NULL);
}

/* Probes every host at once (the probe runs a few at a time) and adds those that answer,
 * in the order given; those that do not go to matrix->unreachable, with the error
 * printed. */
static void
add_host_candidates (Matrix        *matrix,
                     char         **hosts,
                     PsTrustStore  *store,
                     guint          timeout)
{
  guint n_hosts = g_strv_length (hosts);
  g_autofree PsChain **chains = NULL;
  g_autofree GError **errors = NULL;

  ps_cli_probe_hosts (hosts, store, timeout, &chains, &errors);
  for (guint i = 0; i < n_hosts; i++)
    {
      if (chains[i] != NULL)
        {
          g_autoptr(PsChain) chain = served_chain (chains[i], store);

          ps_readiness_add_candidate (matrix->readiness, hosts[i], chain);
          g_ptr_array_add (matrix->candidate_sources, g_strdup (hosts[i]));
          g_ptr_array_add (matrix->candidate_kinds, (gpointer) "host");
          g_object_unref (chains[i]);
        }
      else
        {
          ps_cli_error ("%s: %s", hosts[i], errors[i]->message);
          g_ptr_array_add (matrix->unreachable,
                           g_strdup_printf ("%s\n%s", hosts[i], errors[i]->message));
          g_error_free (errors[i]);
        }
    }
}

static PsReadinessSubject *
subject_at (Matrix *matrix,
            guint   row)
{
  GListModel *subjects = ps_readiness_get_subjects (matrix->readiness);
  g_autoptr(PsReadinessSubject) subject = g_list_model_get_item (subjects, row);

  return subject;   /* still held by the matrix */
}

static PsReadinessCandidate *
candidate_at (Matrix *matrix,
              guint   column)
{
  GListModel *candidates = ps_readiness_get_candidates (matrix->readiness);
  g_autoptr(PsReadinessCandidate) candidate = g_list_model_get_item (candidates, column);

  return candidate;   /* still held by the matrix */
}

static void
cell_json (JsonBuilder     *builder,
           PsReadinessCell *cell)
{
  PsReadinessVerdict verdict = ps_readiness_cell_get_verdict (cell);
  PsPinsetPin *pin = ps_readiness_cell_get_pin (cell);

  json_builder_begin_object (builder);
  ps_cli_json_member_int (builder, "subject", ps_readiness_cell_get_row (cell));
  ps_cli_json_member_int (builder, "candidate", ps_readiness_cell_get_column (cell));
  ps_cli_json_member_string (builder, "verdict", ps_readiness_verdict_to_string (verdict));
  ps_cli_json_member_bool (builder, "ok", ps_readiness_verdict_is_ok (verdict));
  ps_cli_json_member_index (builder, "rule", ps_readiness_cell_get_rule_index (cell));
  ps_cli_json_member_domains (builder, ps_readiness_cell_get_rule (cell));
  ps_cli_json_member_string (builder, "pin", ps_readiness_cell_get_pin_text (cell));
  ps_cli_json_member_string (builder, "pin_role",
                             pin != NULL ? ps_pin_role_to_string (ps_pinset_pin_get_role (pin))
                                         : NULL);
  ps_cli_json_member_string (builder, "pin_label",
                             pin != NULL ? ps_pinset_pin_get_label (pin) : NULL);
  ps_cli_json_member_index (builder, "depth", ps_readiness_cell_get_depth (cell));
  ps_cli_json_member_string (builder, "reason", ps_readiness_cell_get_reason (cell));
  json_builder_end_object (builder);
}

static void
print_matrix_json (Matrix *matrix)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_rows = g_list_model_get_n_items (ps_readiness_get_subjects (matrix->readiness));
  guint n_columns = g_list_model_get_n_items (ps_readiness_get_candidates (matrix->readiness));
  PsReadinessVerdict worst = ps_readiness_get_worst (matrix->readiness, NULL, NULL);

  json_builder_begin_object (builder);
  ps_cli_json_member_bool (builder, "accepted", ps_readiness_verdict_is_ok (worst) &&
                                                matrix->unreachable->len == 0);
  ps_cli_json_member_string (builder, "worst", ps_readiness_verdict_to_string (worst));
  json_builder_set_member_name (builder, "subjects");
  json_builder_begin_array (builder);
  for (guint row = 0; row < n_rows; row++)
    {
      PsReadinessSubject *subject = subject_at (matrix, row);
      PsReadinessKind kind = ps_readiness_subject_get_kind (subject);

      json_builder_begin_object (builder);
      ps_cli_json_member_string (builder, "label", ps_readiness_subject_get_label (subject));
      ps_cli_json_member_string (builder, "kind", ps_readiness_kind_to_string (kind));
      ps_cli_json_member_string (builder, "source",
                                 g_ptr_array_index (matrix->subject_sources, row));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  for (guint column = 0; column < n_columns; column++)
    {
      PsReadinessCandidate *candidate = candidate_at (matrix, column);

      json_builder_begin_object (builder);
      ps_cli_json_member_string (builder, "label", ps_readiness_candidate_get_label (candidate));
      ps_cli_json_member_string (builder, "kind",
                                 g_ptr_array_index (matrix->candidate_kinds, column));
      ps_cli_json_member_string (builder, "source",
                                 g_ptr_array_index (matrix->candidate_sources, column));
      ps_cli_json_member_bool (builder, "trusted",
                               ps_chain_get_trusted (ps_readiness_candidate_get_chain (candidate)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "cells");
  json_builder_begin_array (builder);
  for (guint row = 0; row < n_rows; row++)
    for (guint column = 0; column < n_columns; column++)
      cell_json (builder, ps_readiness_get_cell (matrix->readiness, row, column));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "unreachable");
  json_builder_begin_array (builder);
  for (guint i = 0; i < matrix->unreachable->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (matrix->unreachable, i), "\n", 2);

      json_builder_begin_object (builder);
      ps_cli_json_member_string (builder, "host", parts[0]);
      ps_cli_json_member_string (builder, "error", parts[1]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ps_cli_print_builder (builder);
}

/* Prints @text (already safe) and pads it with spaces to @width columns. */
static void
print_padded (const char *text,
              guint       width)
{
  glong len = g_utf8_strlen (text, -1);

  printf ("%s", text);
  for (glong i = len; i < (glong) width; i++)
    putchar (' ');
}

static guint
text_width (const char *text)
{
  return (guint) g_utf8_strlen (ps_cli_safe (text), -1);
}

/* The table: subjects down, candidates across, the verdict in each cell. */
static void
print_table (Matrix *matrix,
             guint   n_rows,
             guint   n_columns)
{
  g_autofree guint *widths = g_new0 (guint, n_columns + 1);

  widths[0] = text_width (_("Build or pinset"));
  for (guint row = 0; row < n_rows; row++)
    widths[0] = MAX (widths[0], text_width (ps_readiness_subject_get_label (subject_at (matrix,
                                                                                        row))));
  for (guint column = 0; column < n_columns; column++)
    {
      widths[column + 1] =
        text_width (ps_readiness_candidate_get_label (candidate_at (matrix, column)));
      for (guint row = 0; row < n_rows; row++)
        {
          PsReadinessCell *cell = ps_readiness_get_cell (matrix->readiness, row, column);
          const char *label =
            ps_readiness_verdict_to_label (ps_readiness_cell_get_verdict (cell));

          widths[column + 1] = MAX (widths[column + 1], text_width (label));
        }
    }

  print_padded (ps_cli_safe (_("Build or pinset")), widths[0]);
  for (guint column = 0; column < n_columns; column++)
    {
      printf ("  ");
      print_padded (ps_cli_safe (ps_readiness_candidate_get_label (candidate_at (matrix,
                                                                                  column))),
                    column + 1 < n_columns ? widths[column + 1] : 0);
    }
  printf ("\n");
  for (guint row = 0; row < n_rows; row++)
    {
      print_padded (ps_cli_safe (ps_readiness_subject_get_label (subject_at (matrix, row))),
                    widths[0]);
      for (guint column = 0; column < n_columns; column++)
        {
          PsReadinessCell *cell = ps_readiness_get_cell (matrix->readiness, row, column);

          printf ("  ");
          print_padded (ps_readiness_verdict_to_label (ps_readiness_cell_get_verdict (cell)),
                        column + 1 < n_columns ? widths[column + 1] : 0);
        }
      printf ("\n");
    }
}

/* One line per cell: the rule and pin that decide it, and for a cell that breaks, why. */
static void
print_cell_line (Matrix          *matrix,
                 PsReadinessCell *cell)
{
  PsReadinessVerdict verdict = ps_readiness_cell_get_verdict (cell);
  PsReadinessSubject *subject = subject_at (matrix, ps_readiness_cell_get_row (cell));
  PsReadinessCandidate *candidate = candidate_at (matrix, ps_readiness_cell_get_column (cell));
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "%s × %s: %s", ps_readiness_subject_get_label (subject),
                          ps_readiness_candidate_get_label (candidate),
                          ps_readiness_verdict_to_label (verdict));
  if (ps_readiness_cell_get_rule (cell) != NULL)
    g_string_append_printf (line, ", %s %d (%s)", _("rule"),
                            ps_readiness_cell_get_rule_index (cell) + 1,
                            ps_readiness_cell_get_domains (cell));
  /* For an accepted cell, the reason names the deciding pin and where it matched. */
  if (ps_readiness_cell_get_reason (cell) != NULL)
    g_string_append_printf (line, ": %s", ps_readiness_cell_get_reason (cell));
  printf ("%s\n", ps_cli_safe (line->str));
}

static void
print_matrix_text (Matrix *matrix)
{
  guint n_rows = g_list_model_get_n_items (ps_readiness_get_subjects (matrix->readiness));
  guint n_columns = g_list_model_get_n_items (ps_readiness_get_candidates (matrix->readiness));
  PsReadinessVerdict worst = ps_readiness_get_worst (matrix->readiness, NULL, NULL);
  guint n_broken = ps_readiness_count (matrix->readiness, PS_READINESS_REJECTED) +
                   ps_readiness_count (matrix->readiness, PS_READINESS_CHAIN_INVALID);

  printf ("%s\n\n", _("Release readiness: subjects down, candidate chains across"));
  print_table (matrix, n_rows, n_columns);
  printf ("\n");
  for (guint row = 0; row < n_rows; row++)
    for (guint column = 0; column < n_columns; column++)
      print_cell_line (matrix, ps_readiness_get_cell (matrix->readiness, row, column));
  for (guint i = 0; i < matrix->unreachable->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (matrix->unreachable, i), "\n", 2);

      printf ("%s %s: %s\n", _("Not reached:"), ps_cli_safe (parts[0]), ps_cli_safe (parts[1]));
    }

  printf ("\n");
  if (!ps_readiness_verdict_is_ok (worst))
    /* TRANSLATORS: how many cells of the matrix would break, of all */
    printf (_("Verdict: would break (%u of %u cells)\n"), n_broken, n_rows * n_columns);
  else if (matrix->unreachable->len > 0)
    printf ("%s\n", _("Verdict: incomplete, a host could not be reached"));
  else
    printf ("%s\n", _("Verdict: accepted"));
}

/* The single pinset x single chain report, as rotate always printed it. */
static int
print_single (Matrix  *matrix,
              gboolean json)
{
  PsReadinessSubject *subject = subject_at (matrix, 0);
  PsReadinessCandidate *candidate = candidate_at (matrix, 0);
  PsChain *chain = ps_readiness_candidate_get_chain (candidate);
  g_autoptr(PsRotationReport) report =
    ps_compare_rotation (ps_readiness_subject_get_pinset (subject), chain);
  PsReadinessCell *cell = ps_readiness_get_cell (matrix->readiness, 0, 0);

  if (json)
    print_json (report, chain);
  else
    print_text (report, chain);
  /* The cell says what the report does (accepted when every covering rule accepts, or
   * none covers), without reading the report's fields here. */
  return ps_readiness_verdict_is_ok (ps_readiness_cell_get_verdict (cell)) ? PS_CLI_EXIT_OK
                                                                           : PS_CLI_EXIT_PROBLEM;
}

/* The subjects, then the candidates: chain files (one candidate from the positional
 * files, or one per --chain), then the hosts, probed together. */
static int
load_matrix (Matrix        *matrix,
             char         **subjects,
             char         **positional_chain,
             char         **chains,
             char         **hosts,
             PsTrustStore  *store,
             int            timeout)
{
  for (guint i = 0; subjects[i] != NULL; i++)
    if (!add_subject (matrix, subjects[i]))
      return PS_CLI_EXIT_USAGE;
  if (positional_chain != NULL &&
      !add_file_candidate (matrix, (const char * const *) positional_chain, store))
    return PS_CLI_EXIT_USAGE;
  for (guint i = 0; chains != NULL && chains[i] != NULL; i++)
    {
      const char *one[] = { chains[i], NULL };

      if (!add_file_candidate (matrix, one, store))
        return PS_CLI_EXIT_USAGE;
    }
  for (guint i = 0; hosts != NULL && hosts[i] != NULL; i++)
    if (!ps_cli_is_host (hosts[i]))
      {
        ps_cli_error (_("“%s” is not a host name"), hosts[i]);
        return PS_CLI_EXIT_USAGE;
      }
  if (hosts != NULL)
    add_host_candidates (matrix, hosts, store, timeout);
  return PS_CLI_EXIT_OK;
}

int
ps_cli_rotate (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PsTrustStore) store = NULL;
  g_auto(Matrix) matrix = { NULL };
  g_autofree char *cafile = NULL;
  g_auto(GStrv) hosts = NULL;
  g_auto(GStrv) chains = NULL;
  g_auto(GStrv) subjects = NULL;
  gboolean json = FALSE;
  gboolean single_chain;
  int timeout = PS_PROBE_DEFAULT_TIMEOUT;
  int status;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "cafile", 0, 0, G_OPTION_ARG_FILENAME, &cafile,
      N_("Trust anchors to complete and validate the chains with, instead of the system’s"),
      N_("FILE") },
    { "chain", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &chains,
      N_("A candidate chain file (leaf first); repeatable"), N_("FILE") },
    { "host", 0, 0, G_OPTION_ARG_STRING_ARRAY, &hosts,
      N_("Take a candidate chain from a live (staging) host; repeatable"),
      N_("HOST[:PORT]") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds allowed for each host’s retrieval (default: 10)"), N_("SECONDS") },
    { NULL }
  };

  context = g_option_context_new (_("PINSET CHAIN_FILE… | BUILD_OR_PINSET… --chain FILE… "
                                    "--host HOST… — would clients accept these chains?"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Each candidate chain is completed to a trust anchor and validated. Each rule whose\n"
      "domains cover the leaf’s names accepts it when one of its pins equals the key of a\n"
      "certificate of the validated path, as Android, OkHttp and TrustKit decide.\n\n"
      "Without --chain or --host, the first file is the pinset and the other files are read\n"
      "in order as one candidate chain. With --chain or --host, every file is a subject: a\n"
      "shipped build (APK or IPA, detected by content) or a pinset (any importable format),\n"
      "and each --chain file and each --host is a candidate; the hosts are probed together.\n\n"
      "One pinset against one chain prints the rules that decide. A build, or more than one\n"
      "subject or candidate, prints the release-readiness matrix: subjects down,\n"
      "candidates across, each cell with its deciding rule and pin, and why a cell breaks.\n\n"
      "Exit status: 0 accepted, 1 would break, 2 usage or input error, 3 a host could not\n"
      "be reached (the matrix of the others is still printed)."));

  if (!ps_cli_parse_options (context, &argc, &argv))
    return PS_CLI_EXIT_USAGE;
  single_chain = chains == NULL && hosts == NULL;
  if (argc < 2 || (argc < 3 && single_chain))
    {
      ps_cli_error (argc < 2 ? _("No pinset given") : _("No chain file given"));
      return PS_CLI_EXIT_USAGE;
    }
  if (timeout < 1 || timeout > 3600)
    {
      ps_cli_error (_("The timeout must be between 1 and 3600 seconds"));
      return PS_CLI_EXIT_USAGE;
    }

  subjects = g_new0 (char *, single_chain ? 2 : argc);
  for (int i = 1; i < (single_chain ? 2 : argc); i++)
    subjects[i - 1] = g_strdup (argv[i]);
  if ((store = ps_cli_open_trust_store (cafile)) == NULL)
    return PS_CLI_EXIT_USAGE;

  matrix.readiness = ps_readiness_new ();
  matrix.subject_sources = g_ptr_array_new_with_free_func (g_free);
  matrix.candidate_sources = g_ptr_array_new_with_free_func (g_free);
  matrix.candidate_kinds = g_ptr_array_new ();
  matrix.unreachable = g_ptr_array_new_with_free_func (g_free);
  status = load_matrix (&matrix, subjects, single_chain ? argv + 2 : NULL, chains, hosts,
                        store, timeout);
  if (status != PS_CLI_EXIT_OK)
    return status;
  if (g_list_model_get_n_items (ps_readiness_get_candidates (matrix.readiness)) == 0)
    return PS_CLI_EXIT_NETWORK;   /* every host failed, and said so */

  if (!matrix.has_build && matrix.subject_sources->len == 1 &&
      matrix.candidate_sources->len == 1 && matrix.unreachable->len == 0)
    return print_single (&matrix, json);

  if (json)
    print_matrix_json (&matrix);
  else
    print_matrix_text (&matrix);
  if (matrix.unreachable->len > 0)
    return PS_CLI_EXIT_NETWORK;
  return ps_readiness_verdict_is_ok (ps_readiness_get_worst (matrix.readiness, NULL, NULL))
           ? PS_CLI_EXIT_OK : PS_CLI_EXIT_PROBLEM;
}
