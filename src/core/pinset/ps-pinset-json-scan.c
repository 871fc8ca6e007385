/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ps-pinset-private.h"

/* The linear scans ps_pinset_new_from_json() makes before json-glib sees a document. */

/* FALSE when @json nests deeper than PS_PINSET_JSON_MAX_NESTING levels. */
gboolean
_ps_pinset_json_nesting_is_reasonable (const char *json,
                                       gsize       len)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = json[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > PS_PINSET_JSON_MAX_NESTING)
            return FALSE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* The line of the first "\u0000" escape inside a string, or 0. The parser would keep
 * such a string only up to the NUL, so that "a.com\u0000evil.com" would silently read
 * as "a.com": the document is refused instead. */
guint
_ps_pinset_json_line_of_nul_escape (const char *json,
                                    gsize       len)
{
  gboolean in_string = FALSE;
  guint line = 1;

  for (gsize i = 0; i < len; i++)
    {
      char c = json[i];

      if (c == '\n')
        line++;
      if (!in_string)
        in_string = c == '"';
      else if (c == '"')
        in_string = FALSE;
      else if (c == '\\' && i + 1 < len)
        {
          if (json[i + 1] == 'u' && i + 5 < len && strncmp (json + i + 2, "0000", 4) == 0)
            return line;
          i++;
        }
    }
  return 0;
}

static gboolean
is_scalar (const char *token,
           gsize       len)
{
  if ((len == 4 && (memcmp (token, "true", 4) == 0 || memcmp (token, "null", 4) == 0)) ||
      (len == 5 && memcmp (token, "false", 5) == 0))
    return TRUE;
  if (len == 0 || (!g_ascii_isdigit (token[0]) && token[0] != '-'))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (token[i]) && strchr ("+-.eE", token[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* The line where a second top-level value starts ("{}{}", "3{...}"), or 0. json-glib 1.6
 * reports such a document as an error but leaks the first value it built; a pinset is one
 * object, so the document is refused before it reaches the parser. One linear pass. */
guint
_ps_pinset_json_line_of_second_value (const char *json,
                                      gsize       len)
{
  gboolean in_string = FALSE;
  gboolean in_scalar = FALSE;
  gboolean seen = FALSE;
  gsize scalar_start = 0;
  guint depth = 0;
  guint line = 1;

  /* A byte order mark is not a value. */
  for (gsize i = len >= 3 && memcmp (json, "\xef\xbb\xbf", 3) == 0 ? 3 : 0; i < len; i++)
    {
      char c = json[i];

      if (c == '\n')
        line++;
      if (in_string)
        {
          if (c == '\\' && i + 1 < len && json[i + 1] != '\n')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              seen = seen || depth == 0;
            }
          continue;
        }
      if (in_scalar)
        {
          if (!g_ascii_isspace (c) && strchr ("{}[]\",:", c) == NULL)
            continue;
          /* Not a literal or a number ("not json"): the parser says what is wrong. */
          if (!is_scalar (json + scalar_start, i - scalar_start))
            return 0;
          in_scalar = FALSE;
          seen = TRUE;
        }
      if (g_ascii_isspace (c) || c == ',' || c == ':')
        continue;
      if (depth == 0 && c != '}' && c != ']')
        {
          if (seen)
            return line;
          in_string = c == '"';
          in_scalar = !in_string && c != '{' && c != '[';
          scalar_start = i;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && depth > 0 && --depth == 0)
        seen = TRUE;
    }
  return 0;
}
