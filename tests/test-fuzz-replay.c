/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replays a fuzz corpus without libFuzzer: built once per target of tests/fuzz/ with that
 * target's source and PS_FUZZ_TARGET naming it, this calls LLVMFuzzerTestOneInput() on every
 * file of tests/data/fuzz/PS_FUZZ_TARGET/ (seeds, and crash-, timeout- and oom- files kept as
 * regressions), one test case per file. A crash, an abort from a broken invariant, a critical
 * or a warning fails the test; the sanitizer build adds ASan, LeakSanitizer and UBSan. */
#include "config.h"

#include <string.h>

#include "fuzz/ps-fuzz.h"
#include "ps-format.h"

#ifndef PS_FUZZ_TARGET
#error "PS_FUZZ_TARGET must name the corpus folder"
#endif

static char *
corpus_dir (void)
{
  const char *testdata = g_getenv ("PS_TESTDATA");

  if (testdata != NULL)
    return g_build_filename (testdata, "fuzz", PS_FUZZ_TARGET, NULL);
  return g_test_build_filename (G_TEST_DIST, "data", "fuzz", PS_FUZZ_TARGET, NULL);
}

static void
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  /* libFuzzer hands over exactly the file's bytes, in a buffer of that size: copy them
   * to one, so that ASan sees a read past the end as it would under libFuzzer. */
  {
    g_autofree guint8 *exact = g_memdup2 (contents, len);

    LLVMFuzzerTestOneInput (len > 0 ? exact : (const guint8 *) "", len);
  }
}

static void
test_replay_file (gconstpointer user_data)
{
  replay_file (user_data);
}

/* A finding whose fix is not in yet: listed in tests/data/fuzz/KNOWN-FAILURES as
 * "TARGET/FILE reason". It is replayed in a subprocess so that the suite stays green: a
 * failure is a skip that gives the reason, a pass says that the line can go. */
typedef struct
{
  char *path;
  char *reason;
} KnownFailure;

static void
test_known_failure (gconstpointer user_data)
{
  const KnownFailure *known = user_data;

  if (g_test_subprocess ())
    {
      replay_file (known->path);
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  if (g_test_trap_has_passed ())
    g_test_message ("%s passes in this build: once it passes in the sanitizer build too "
                    "(leaks show only there), remove its line from KNOWN-FAILURES",
                    known->path);
  else
    g_test_skip (known->reason);
}

/* FILE -> reason, for this target. */
static GHashTable *
load_known_failures (const char *dir)
{
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *list = g_build_filename (parent, "KNOWN-FAILURES", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *prefix = PS_FUZZ_TARGET "/";

  if (!g_file_get_contents (list, &contents, NULL, NULL))
    return known;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *space;

      if (!g_str_has_prefix (line, prefix))
        continue;
      line += strlen (prefix);
      space = strchr (line, ' ');
      if (space == NULL)
        g_error ("KNOWN-FAILURES line %u gives no reason", i + 1);
      g_hash_table_insert (known, g_strndup (line, space - line), g_strdup (space + 1));
    }
  return known;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

#ifdef PS_FUZZ_FORMAT
/* Every importer of the registry has its own target and corpus: a format added later without
 * one makes this fail. */
static void
test_every_importer_has_a_corpus (void)
{
  g_autofree char *dir = corpus_dir ();
  g_autofree char *parent = g_path_get_dirname (dir);
  const PsFormat * const *all;
  guint n = 0;

  all = ps_format_get_all (&n);
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (!ps_format_can_import (all[i]))
        continue;
      name = g_strdup_printf ("format-%s", ps_format_get_id (all[i]));
      path = g_build_filename (parent, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        g_error ("no fuzz corpus for importer %s: %s", ps_format_get_id (all[i]), path);
    }
}
#endif

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) gdir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) knowns = g_ptr_array_new ();
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = corpus_dir ();
  gdir = g_dir_open (dir, 0, &error);
  if (gdir == NULL)
    g_error ("cannot open the corpus %s: %s", dir, error->message);
  while ((name = g_dir_read_name (gdir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* A corpus that went missing would make every replay pass silently. */
  if (names->len == 0)
    g_error ("the corpus %s is empty", dir);
  g_ptr_array_sort (names, compare_names);
  known = load_known_failures (dir);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/fuzz/%s/%s", PS_FUZZ_TARGET, file);
      char *path = g_build_filename (dir, file, NULL);

      const char *reason = g_hash_table_lookup (known, file);

      g_ptr_array_add (paths, path);
      if (reason != NULL)
        {
          KnownFailure *k = g_new0 (KnownFailure, 1);

          k->path = path;
          k->reason = g_strdup (reason);
          g_ptr_array_add (knowns, k);
          g_test_add_data_func (test_path, k, test_known_failure);
          g_hash_table_remove (known, file);
        }
      else
        g_test_add_data_func (test_path, path, test_replay_file);
    }
  /* A line whose file is gone is a mistake in the list. */
  if (g_hash_table_size (known) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, known);
      g_hash_table_iter_next (&iter, &key, NULL);
      g_error ("KNOWN-FAILURES names %s/%s, which is not in the corpus",
               PS_FUZZ_TARGET, (const char *) key);
    }
#ifdef PS_FUZZ_FORMAT
  g_test_add_func ("/fuzz/" PS_FUZZ_TARGET "/every-importer-has-a-corpus",
                   test_every_importer_has_a_corpus);
#endif

  status = g_test_run ();
  for (guint i = 0; i < knowns->len; i++)
    {
      KnownFailure *k = g_ptr_array_index (knowns, i);

      g_free (k->reason);
      g_free (k);
    }
  return status;
}
