/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the native pinset JSON: ps_pinset_new_from_json(). A pinset that is
 * read is written again, must read back equal, and is linted. */
#include "config.h"

#include "ps-fuzz.h"
#include "ps-lint.h"
#include "ps-pinset.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(PsPinset) again = NULL;
  g_autoptr(GListModel) findings = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *json = NULL;

  ps_fuzz_init ();
  pinset = ps_pinset_new_from_json ((const char *) data, (gssize) size, &error);
  PS_FUZZ_CHECK ((pinset == NULL) == (error != NULL));
  if (pinset == NULL)
    return 0;

  json = ps_pinset_to_json (pinset);
  PS_FUZZ_CHECK (json != NULL);
  again = ps_pinset_new_from_json (json, -1, &error);
  if (again == NULL)
    fprintf (stderr, "written pinset does not read back: %s\n", error->message);
  PS_FUZZ_CHECK (again != NULL);
  PS_FUZZ_CHECK (ps_pinset_equal (pinset, again));

  now = g_date_time_new_utc (2026, 6, 1, 0, 0, 0);
  findings = ps_lint_pinset (pinset, NULL, now);
  PS_FUZZ_CHECK (findings != NULL);
  return 0;
}
