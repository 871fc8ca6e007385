/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* The native document, written and read by the pinset itself. */

char *
_ps_format_json_export (PsPinset   *pinset,
                        GDateTime  *now,
                        GPtrArray  *warnings,
                        GError    **error)
{
  return ps_pinset_to_json (pinset);
}

int
_ps_format_json_detect (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;
  if (*text != '{')
    return 0;
  return strstr (text, PS_PINSET_FORMAT_NAME) != NULL ? 100 : 30;
}

PsPinset *
_ps_format_json_import (const char  *text,
                        GPtrArray   *notes,
                        GError     **error)
{
  return ps_pinset_new_from_json (text, -1, error);
}
