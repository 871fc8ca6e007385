/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* TrustKit configurations written in code, as the TrustKit README shows them: a Swift
 * dictionary ("kTSKPinnedDomains: [ "host": [ kTSKPublicKeyHashes: [ … ] ] ]") or an
 * Objective-C one ("kTSKPinnedDomains : @{ @"host" : @{ … } }"). The literal is read into
 * a property-list tree (the constants' values are their names without the "k":
 * kTSKPinnedDomains is @"TSKPinnedDomains"), then read like the Info.plist form. String
 * constants of the same file are resolved; what is neither is named in the notes. */

#define MAX_NESTING 64

typedef struct
{
  const char *text;
  const char *p;
  const char *counted;
  int         line;
  GHashTable *constants; /* name -> value */
  GPtrArray  *notes;
  GHashTable *comments;  /* string value -> the "//" comment after it on its line */
} Reader;

/* The "// …" comment after a value on the same line (after an optional comma). */
static void
note_comment (Reader  *r,
              plist_t  value)
{
  const char *q = r->p;
  const char *end;
  char *text = NULL;

  while (*q == ' ' || *q == '\t' || *q == ',')
    q++;
  if (q[0] != '/' || q[1] != '/' || value == NULL || plist_get_node_type (value) != PLIST_STRING)
    return;
  end = strchr (q, '\n');
  plist_get_string_val (value, &text);
  if (text != NULL)
    g_hash_table_replace (r->comments, g_strdup (text),
                          g_strstrip (end ? g_strndup (q + 2, end - q - 2) : g_strdup (q + 2)));
  free (text);
}

static int
line_at (Reader     *r,
         const char *position)
{
  for (; r->counted < position && *r->counted != '\0'; r->counted++)
    if (*r->counted == '\n')
      r->line++;
  return r->line;
}

static void
skip_space (Reader *r)
{
  for (;;)
    {
      while (g_ascii_isspace (*r->p))
        r->p++;
      if (r->p[0] == '/' && r->p[1] == '/')
        while (*r->p != '\0' && *r->p != '\n')
          r->p++;
      else if (r->p[0] == '/' && r->p[1] == '*')
        {
          const char *end = strstr (r->p + 2, "*/");
          r->p = end ? end + 2 : r->p + strlen (r->p);
        }
      else
        return;
    }
}

/* A string literal at "\"" (after an optional "@"), or NULL at its unterminated end. */
static char *
read_string (Reader *r)
{
  GString *out = g_string_new (NULL);

  r->p++;
  while (*r->p != '"')
    {
      if (*r->p == '\0' || *r->p == '\n')
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      if (*r->p == '\\' && r->p[1] != '\0' && r->p[1] != '\n')
        r->p++;
      g_string_append_c (out, *r->p++);
    }
  r->p++;
  return g_string_free (out, FALSE);
}

static char *
read_name (Reader *r)
{
  const char *start = r->p;

  while (g_ascii_isalnum (*r->p) || *r->p == '_' || *r->p == '.')
    r->p++;
  return g_strndup (start, r->p - start);
}

/* Skips an expression up to the "," or closing bracket that ends it. */
static void
skip_expression (Reader *r)
{
  int depth = 0;

  while (*r->p != '\0')
    {
      skip_space (r);
      if (*r->p == '"')
        {
          g_autofree char *skipped = read_string (r);
          if (skipped == NULL)
            return;
          continue;
        }
      if (*r->p == '(' || *r->p == '[' || *r->p == '{')
        depth++;
      else if (*r->p == ')' || *r->p == ']' || *r->p == '}')
        {
          if (depth == 0)
            return;
          depth--;
        }
      else if ((*r->p == ',' || *r->p == ':') && depth == 0)
        return;
      if (*r->p != '\0')
        r->p++;
    }
}

static plist_t read_value (Reader *r, guint depth, GError **error);

/* After "[" (Swift) or "@{" / "@[" (Objective-C): a dictionary when its first item is
 * followed by ":", else an array. */
static plist_t
read_container (Reader  *r,
                char     close,
                gboolean dict_only,
                guint    depth,
                GError **error)
{
  plist_t node = NULL;
  int line = line_at (r, r->p);

  if (depth > MAX_NESTING)
    {
      _ps_format_error (error, line, _("Values are nested more than %d levels deep"),
                        MAX_NESTING);
      return NULL;
    }
  for (;;)
    {
      plist_t key = NULL, value = NULL;
      const char *before;

      skip_space (r);
      if (*r->p == close)
        {
          r->p++;
          break;
        }
      if (*r->p == ':' && r->p[1] == ']' && close == ']')
        {
          r->p += 2;
          node = node ? node : plist_new_dict ();
          break;
        }
      if (*r->p == '\0')
        {
          plist_free (node);
          _ps_format_error (error, line, _("A dictionary or array that is never closed"));
          return NULL;
        }
      before = r->p;
      key = read_value (r, depth + 1, error);
      if (error != NULL && *error != NULL)
        {
          plist_free (node);
          plist_free (key);
          return NULL;
        }
      /* A closing bracket of the wrong kind, or anything else that reads as nothing:
       * stop rather than loop. */
      if (r->p == before)
        {
          plist_free (node);
          plist_free (key);
          _ps_format_error (error, line_at (r, r->p), _("Unexpected “%c” in a dictionary or "
                                                        "array literal"), *r->p);
          return NULL;
        }
      skip_space (r);
      if (*r->p == ':' || dict_only)
        {
          char *name = NULL;

          if (*r->p == ':')
            r->p++;
          value = read_value (r, depth + 1, error);
          if (error != NULL && *error != NULL)
            {
              plist_free (node);
              plist_free (key);
              return NULL;
            }
          if (node == NULL)
            node = plist_new_dict ();
          if (key != NULL && plist_get_node_type (key) == PLIST_STRING)
            plist_get_string_val (key, &name);
          if (name != NULL && value != NULL && plist_get_node_type (node) == PLIST_DICT)
            plist_dict_set_item (node, name, value);
          else
            plist_free (value);
          free (name);
          plist_free (key);
        }
      else
        {
          if (node == NULL)
            node = plist_new_array ();
          note_comment (r, key);
          if (plist_get_node_type (node) == PLIST_ARRAY)
            plist_array_append_item (node, key != NULL ? key
                                                       : plist_new_string ("unresolved:"));
          else
            plist_free (key);
        }
      skip_space (r);
      if (*r->p == ',')
        r->p++;
    }
  return node != NULL ? node : (close == '}' ? plist_new_dict () : plist_new_array ());
}

static plist_t
read_value (Reader  *r,
            guint    depth,
            GError **error)
{
  const char *start;

  skip_space (r);
  start = r->p;
  if (*r->p == '@' && (r->p[1] == '{' || r->p[1] == '['))
    {
      r->p += 2;
      return read_container (r, start[1] == '{' ? '}' : ']', start[1] == '{', depth, error);
    }
  if (*r->p == '[')
    {
      r->p++;
      return read_container (r, ']', FALSE, depth, error);
    }
  if (*r->p == '@' && r->p[1] == '"')
    r->p++;
  if (*r->p == '"')
    {
      g_autofree char *text = read_string (r);

      return text != NULL ? plist_new_string (text) : NULL;
    }
  if (*r->p == '@' && (g_str_has_prefix (r->p, "@YES") || g_str_has_prefix (r->p, "@NO")))
    r->p++;
  if (g_ascii_isalpha (*r->p) || *r->p == '_')
    {
      g_autofree char *name = read_name (r);
      const char *last = strrchr (name, '.') ? strrchr (name, '.') + 1 : name;
      const char *value = g_hash_table_lookup (r->constants, last);
      const char *after = r->p;

      skip_space (r);
      if (*r->p != ',' && *r->p != ':' && *r->p != ']' && *r->p != '}' && *r->p != ')')
        r->p = after;
      else if (g_str_equal (last, "true") || g_str_equal (last, "YES"))
        return plist_new_bool (TRUE);
      else if (g_str_equal (last, "false") || g_str_equal (last, "NO"))
        return plist_new_bool (FALSE);
      else if (g_str_has_prefix (last, "kTSK"))
        return plist_new_string (last + 1);
      else if (value != NULL)
        return plist_new_string (value);
      else
        {
          _ps_format_note (r->notes, line_at (r, start),
                           _("%s is not a string constant of this file: not read"), name);
          return NULL;
        }
    }
  skip_expression (r);
  if (r->p > start)
    {
      g_autofree char *expression = g_strstrip (g_strndup (start, MIN (r->p - start, 40)));

      _ps_format_note (r->notes, line_at (r, start),
                       _("“%s” is an expression, not a literal: not read"), expression);
    }
  return NULL;
}

static GHashTable *
collect_constants (const char *text)
{
  static GRegex *regex;
  GHashTable *constants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GMatchInfo) match = NULL;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex,
                       g_regex_new ("(?:\\blet|\\bvar|NSString\\s*\\*\\s*(?:const\\s+)?)\\s*"
                                    "([A-Za-z_]\\w*)\\s*(?::\\s*String\\s*)?=\\s*@?"
                                    "\"((?:[^\"\\\\\\n]|\\\\.)*)\"\\s*(?=;|\\n|$|//)",
                                    G_REGEX_OPTIMIZE, 0, NULL));
  for (g_regex_match (regex, text, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    {
      g_autofree char *escaped = g_match_info_fetch (match, 2);

      g_hash_table_replace (constants, g_match_info_fetch (match, 1), g_strcompress (escaped));
    }
  return constants;
}

PsPinset *
_ps_format_trustkit_code_import (const char  *text,
                                 GPtrArray   *notes,
                                 GError     **error)
{
  g_autoptr(GHashTable) constants = collect_constants (text);
  g_autoptr(GHashTable) comments = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                          g_free, g_free);
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  Reader r = { text, text, text, 1, constants, notes, comments };
  const char *found = strstr (text, "kTSKPinnedDomains");
  plist_t domains, root;
  PsPinset *pinset;

  /* "// Pinset: NAME" in the first lines, as the exports write it. */
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", 8);

    for (guint i = 0; lines[i] != NULL && name == NULL; i++)
      if (g_str_has_prefix (g_strchug (lines[i]), "//"))
        name = _ps_format_header_name (lines[i]);
  }

  if (found == NULL)
    {
      _ps_format_error (error, 0, _("No kTSKPinnedDomains dictionary"));
      return NULL;
    }
  r.p = found + strlen ("kTSKPinnedDomains");
  skip_space (&r);
  if (*r.p != ':')
    {
      _ps_format_error (error, line_at (&r, r.p), _("kTSKPinnedDomains without a value"));
      return NULL;
    }
  r.p++;
  domains = read_value (&r, 0, &local_error);
  if (local_error != NULL)
    {
      plist_free (domains);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (domains == NULL)
    {
      _ps_format_error (error, line_at (&r, found), _("kTSKPinnedDomains is not a "
                                                      "dictionary literal"));
      return NULL;
    }
  root = plist_new_dict ();
  plist_dict_set_item (root, "TSKPinnedDomains", domains);
  pinset = _ps_format_trustkit_read (root, name, comments, notes, error);
  plist_free (root);
  return pinset;
}

int
_ps_format_trustkit_swift_detect (const char *text)
{
  if (strstr (text, "kTSKPinnedDomains") == NULL || strstr (text, "<plist") != NULL)
    return 0;
  return strstr (text, "@{") == NULL ? 85 : 0;
}

int
_ps_format_trustkit_objc_detect (const char *text)
{
  if (strstr (text, "kTSKPinnedDomains") == NULL || strstr (text, "<plist") != NULL)
    return 0;
  return strstr (text, "@{") != NULL ? 85 : 0;
}
