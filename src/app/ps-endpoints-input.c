/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-endpoints-input.h"
#include "ps-host.h"

/* A "#" starts a comment at the start of a line or after a blank, so that a URL's fragment
 * is not one. */
static char *
strip_comment (const char *line)
{
  for (const char *p = line; *p != '\0'; p++)
    if (*p == '#' && (p == line || g_ascii_isspace (p[-1])))
      return g_strstrip (g_strndup (line, p - line));

  return g_strstrip (g_strdup (line));
}

guint
ps_endpoints_parse_hosts (const char *text,
                          GPtrArray  *hosts,
                          GHashTable *seen,
                          GPtrArray  *errors)
{
  g_auto(GStrv) lines = NULL;
  guint n_added = 0;

  g_return_val_if_fail (text != NULL, 0);
  g_return_val_if_fail (hosts != NULL && seen != NULL && errors != NULL, 0);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = strip_comment (lines[i]);
      g_autofree char *host = NULL;
      g_autoptr(GError) error = NULL;
      guint16 port = 0;
      char *key;

      if (*line == '\0')
        continue;
      if (!ps_host_parse (line, 443, &host, &port, &error))
        {
          /* Translators: %u is a line number of a pasted list, %s why it is not a host. */
          g_ptr_array_add (errors, g_strdup_printf (_("Line %u: %s"), i + 1, error->message));
          continue;
        }

      key = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]:%u", host, port)
                                       : g_strdup_printf ("%s:%u", host, port);
      if (g_hash_table_contains (seen, key))
        {
          g_free (key);
          continue;
        }
      g_hash_table_add (seen, key);
      g_ptr_array_add (hosts, g_strdup (key));
      n_added++;
    }

  return n_added;
}

char *
ps_endpoints_describe_input_errors (GPtrArray *errors,
                                    guint      n_over)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint shown = MIN (errors->len, 5);

  for (guint i = 0; i < shown; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", (char *) errors->pdata[i]);
  if (errors->len > shown)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("And %u more line that is not a host",
                                              "And %u more lines that are not hosts",
                                              errors->len - shown),
                              errors->len - shown);
    }
  if (n_over > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("%u host was left out: at most %u hosts are "
                                              "checked at a time",
                                              "%u hosts were left out: at most %u hosts are "
                                              "checked at a time", n_over),
                              n_over, PS_ENDPOINTS_MAX_HOSTS);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

