/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define _GNU_SOURCE  /* the unlocked stdio functions */

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "ps-cli.h"
#include "ps-io.h"

/* What the command line prints comes from certificates, servers and files that anyone may
 * have written: a subject "api.example.com\n\nVerdict: trusted\e[8m" must not forge a line
 * or hide the real verdict. Text output escapes control characters; errors also shorten
 * what they quote and never quote what may be key material. JSON is escaped by
 * json-glib. */

/* Values quoted by an error message are cut to this many characters. */
#define QUOTE_MAX_CHARS 40
/* A longer run of base64 characters in a quoted value may be a key: it is not shown. */
#define KEY_RUN_MIN 64
/* No error message is longer than this, whatever it quotes. */
#define MESSAGE_MAX_CHARS 1000

static GPtrArray *safe_copies;

static gboolean
needs_escape (gunichar c)
{
  return c < 0x20 || c == 0x7f ||
         (c >= 0x80 && c <= 0x9f) ||            /* C1 controls, CSI among them */
         c == 0x061c || c == 0x200e || c == 0x200f ||
         (c >= 0x202a && c <= 0x202e) ||        /* bidirectional embeddings and overrides */
         (c >= 0x2066 && c <= 0x2069) ||        /* bidirectional isolates */
         c == 0x2028 || c == 0x2029;            /* line and paragraph separators */
}

static void
append_escaped (GString    *out,
                const char *text,
                gssize      len)
{
  const char *p = text;
  const char *end = text + (len < 0 ? strlen (text) : (gsize) len);

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x80 && needs_escape (c))
        g_string_append_printf (out, "\\x%02x", c);
      else if (needs_escape (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
}

static gboolean
is_clean (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (needs_escape (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

char *
ps_cli_escape (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  append_escaped (out, text, -1);
  return g_string_free (out, FALSE);
}

const char *
ps_cli_safe (const char *text)
{
  if (text == NULL || is_clean (text))
    return text;

  if (safe_copies == NULL)
    safe_copies = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (safe_copies, ps_cli_escape (text));
  return g_ptr_array_index (safe_copies, safe_copies->len - 1);
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/' || c == '=';
}

/* A PEM block, or a long base64 run as a key in DER is: never quoted. */
static gboolean
may_be_key_material (const char *value,
                     gsize       len)
{
  gsize run = 0;

  if (g_strstr_len (value, len, "-----BEGIN") != NULL ||
      g_strstr_len (value, len, "PRIVATE KEY") != NULL)
    return TRUE;
  for (gsize i = 0; i < len; i++)
    {
      run = is_base64_char (value[i]) ? run + 1 : 0;
      if (run >= KEY_RUN_MIN)
        return TRUE;
    }
  return FALSE;
}

/* A file name the user gave is quoted whole: cut, it would no longer say which file. It
 * names something on disk, or a place in an existing directory; neither is ever a key
 * (PEM has line breaks, and base64 that happens to hold a "/" does not name a directory). */
static gboolean
is_file_name (const char *value,
              gsize       len)
{
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  GStatBuf st;

  if (len == 0 || len >= 4096 || memchr (value, '\n', len) != NULL)
    return FALSE;
  name = g_strndup (value, len);
  if (g_lstat (name, &st) == 0)
    return TRUE;
  dir = g_path_get_dirname (name);
  return strchr (name, '/') != NULL && !g_str_equal (dir, "/") &&
         g_file_test (dir, G_FILE_TEST_IS_DIR);
}

static void
append_quoted_value (GString    *out,
                     const char *value,
                     gsize       len)
{
  glong n_chars = g_utf8_validate (value, len, NULL) ? g_utf8_strlen (value, len) : (glong) len;

  /* A file name is checked first: a long path would look like a base64 run. */
  if (is_file_name (value, len))
    {
      append_escaped (out, value, len);
      return;
    }
  if (may_be_key_material (value, len))
    {
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "[%ld character not shown]",
                                                "[%ld characters not shown]", n_chars),
                              n_chars);
      return;
    }
  if (n_chars > QUOTE_MAX_CHARS)
    {
      const char *cut = value;

      if (g_utf8_validate (value, len, NULL))
        cut = g_utf8_offset_to_pointer (value, QUOTE_MAX_CHARS);
      else
        cut = value + QUOTE_MAX_CHARS;
      append_escaped (out, value, cut - value);
      g_string_append (out, "…");
      return;
    }
  append_escaped (out, value, len);
}

/* Finds the next quoted value: “…” (GLib's and ours) or `…' (json-glib's, sometimes left
 * open). Returns the opening quote, or NULL. */
static const char *
find_quote (const char  *p,
            const char **value,
            const char **close,
            gsize       *close_len)
{
  const char *curly = strstr (p, "“");
  const char *tick = strchr (p, '`');
  const char *open;

  if (curly == NULL && tick == NULL)
    return NULL;
  if (curly != NULL && (tick == NULL || curly < tick))
    {
      open = curly;
      *value = curly + strlen ("“");
      *close = strstr (*value, "”");
      *close_len = strlen ("”");
    }
  else
    {
      open = tick;
      *value = tick + 1;
      *close = strchr (*value, '\'');
      *close_len = 1;
    }
  if (*close == NULL)
    {
      *close = *value + strlen (*value);
      *close_len = 0;
    }
  return open;
}

char *
ps_cli_sanitize_message (const char *message)
{
  GString *out = g_string_new (NULL);
  const char *p = message;
  const char *open;
  const char *value;
  const char *close;
  gsize close_len;

  while ((open = find_quote (p, &value, &close, &close_len)) != NULL)
    {
      append_escaped (out, p, open - p);
      g_string_append_len (out, open, value - open);
      append_quoted_value (out, value, close - value);
      g_string_append_len (out, close, close_len);
      p = close + close_len;
    }
  append_escaped (out, p, -1);

  if (g_utf8_strlen (out->str, -1) > MESSAGE_MAX_CHARS)
    {
      g_string_truncate (out, g_utf8_offset_to_pointer (out->str, MESSAGE_MAX_CHARS) - out->str);
      g_string_append (out, "…");
    }
  return g_string_free (out, FALSE);
}

gboolean
ps_cli_write_output (const char  *path,
                     const char  *text,
                     GError     **error)
{
  gsize len = strlen (text);

  if (path == NULL || g_str_equal (path, "-"))
    {
      fputs (text, stdout);
      if (len > 0 && text[len - 1] != '\n')
        fputc ('\n', stdout);
      if (fflush (stdout) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot write the output: %s"), g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }
  return ps_io_save_atomic (path, text, len, error);
}

int
ps_cli_finish_output (int status)
{
  g_clear_pointer (&safe_copies, g_ptr_array_unref);

  /* A full disk must not pass for a complete report. */
  if (fflush (stdout) != 0)
    {
      ps_cli_error (_("Cannot write the output: %s"), g_strerror (errno));
      return PS_CLI_EXIT_USAGE;
    }
  if (ferror (stdout))
    {
      ps_cli_error ("%s", _("Cannot write the output"));
      return PS_CLI_EXIT_USAGE;
    }
  return status;
}

void
ps_cli_json_write_string (const char *text)
{
  g_autofree char *valid = NULL;
  const char *p;
  const char *run;

  if (text == NULL)
    {
      fputs_unlocked ("null", stdout);
      return;
    }
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  putchar_unlocked ('"');
  for (p = run = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        continue;
      fwrite_unlocked (run, 1, p - run, stdout);
      run = p + 1;
      switch (c)
        {
        case '"': fputs_unlocked ("\\\"", stdout); break;
        case '\\': fputs_unlocked ("\\\\", stdout); break;
        case '\b': fputs_unlocked ("\\b", stdout); break;
        case '\f': fputs_unlocked ("\\f", stdout); break;
        case '\n': fputs_unlocked ("\\n", stdout); break;
        case '\r': fputs_unlocked ("\\r", stdout); break;
        case '\t': fputs_unlocked ("\\t", stdout); break;
        default: printf ("\\u%04x", c); break;
        }
    }
  fwrite_unlocked (run, 1, p - run, stdout);
  putchar_unlocked ('"');
}
