/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for one importer of the format registry. Built once per format id, with
 * PS_FUZZ_FORMAT defined to the id, or to "detect" for ps_format_import() with no format
 * (detection, then the importer it picks). A pinset that is read is written in the native
 * JSON and must read back equal; it is exported in every format and linted, so that the
 * exporters and the linter see what hostile documents can put in a pinset. */
#include "config.h"

#include <string.h>

#include "ps-format.h"
#include "ps-fuzz.h"
#include "ps-lint.h"

#ifndef PS_FUZZ_FORMAT
#error "PS_FUZZ_FORMAT must name a format id, or detect"
#endif

static void
check_pinset (PsPinset  *pinset,
              GDateTime *now)
{
  const PsFormat * const *all;
  guint n_formats = 0;
  g_autofree char *json = ps_pinset_to_json (pinset);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) again = NULL;
  g_autoptr(GListModel) findings = NULL;

  PS_FUZZ_CHECK (json != NULL);
  again = ps_pinset_new_from_json (json, -1, &error);
  if (again == NULL)
    fprintf (stderr, "imported pinset does not read back from JSON: %s\n", error->message);
  PS_FUZZ_CHECK (again != NULL);
  PS_FUZZ_CHECK (ps_pinset_equal (pinset, again));

  all = ps_format_get_all (&n_formats);
  for (guint i = 0; i < n_formats; i++)
    {
      g_autoptr(GPtrArray) warnings = NULL;
      g_autoptr(GError) export_error = NULL;
      g_autofree char *text = ps_format_export (all[i], pinset, now, &warnings, &export_error);

      PS_FUZZ_CHECK ((text == NULL) == (export_error != NULL));
    }

  findings = ps_lint_pinset (pinset, NULL, now);
  PS_FUZZ_CHECK (findings != NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const PsFormat *format = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(GDateTime) now = NULL;

  ps_fuzz_init ();
  if (strcmp (PS_FUZZ_FORMAT, "detect") != 0)
    {
      format = ps_format_lookup (PS_FUZZ_FORMAT);
      PS_FUZZ_CHECK (format != NULL);
      PS_FUZZ_CHECK (ps_format_can_import (format));
    }
  else
    {
      const PsFormat *detected = ps_format_detect ((const char *) data, (gssize) size);

      PS_FUZZ_CHECK (detected == NULL || ps_format_can_import (detected));
    }

  pinset = ps_format_import (format, (const char *) data, (gssize) size, &notes, &error);
  PS_FUZZ_CHECK ((pinset == NULL) == (error != NULL));
  if (pinset == NULL)
    return 0;

  now = g_date_time_new_utc (2026, 6, 1, 0, 0, 0);
  check_pinset (pinset, now);
  return 0;
}
