/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* OkHttp's CertificatePinner, in Kotlin or Java source. "*." matches one label and "**."
 * any number (zero included), so a domain with its subdomains is "**.domain". OkHttp 3
 * (3.13 checked) has no "**.": it builds the pin and never matches a host with it. Each pin
 * carries a "// ROLE: LABEL" comment, read back on import. */

static char *
source_string (const char *text)
{
  GString *out = g_string_new ("\"");

  for (const char *p = text; *p != '\0'; p++)
    {
      /* "$" starts a template in Kotlin strings. */
      if (*p == '"' || *p == '\\' || *p == '$')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static void
write_add (GString    *out,
           const char *pattern,
           GPtrArray  *pins)
{
  g_autofree char *quoted = source_string (pattern);

  g_string_append_printf (out, "    .add(\n        %s,\n", quoted);
  for (guint p = 0; p < pins->len; p++)
    {
      PsPinsetPin *pin = g_ptr_array_index (pins, p);
      g_autofree char *b64 = _ps_format_pin_b64 (pin);
      g_autofree char *comment = _ps_format_pin_comment (pin);

      g_string_append_printf (out, "        \"%s/%s\"%s // %s\n",
                              ps_pinset_pin_get_algorithm (pin) == PS_PIN_SHA1 ? "sha1"
                                                                               : "sha256",
                              b64, p + 1 < pins->len ? "," : "", comment);
    }
  g_string_append (out, "    )\n");
}

static char *
export_source (PsPinset   *pinset,
               GDateTime  *now,
               GPtrArray  *warnings,
               gboolean    java,
               GError    **error)
{
  g_auto(GStrv) header = _ps_format_header_lines (pinset, now);
  guint n_rules = _ps_format_n_rules (pinset);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "// %s\n// %s\n", header[0], header[1]);
  if (java)
    g_string_append (out, "CertificatePinner certificatePinner = "
                          "new CertificatePinner.Builder()\n");
  else
    g_string_append (out, "val certificatePinner = CertificatePinner.Builder()\n");

  for (guint r = 0; r < n_rules; r++)
    {
      g_autoptr(PsPinsetRule) rule = _ps_format_get_rule (pinset, r);
      g_autoptr(GPtrArray) pins = NULL;
      g_autoptr(GPtrArray) domains = _ps_format_rule_domains (rule);
      GDateTime *expiration = ps_pinset_rule_get_expiration (rule);
      gboolean rule_double = FALSE;

      /* square.github.io/okhttp CertificatePinner: "*." one label, "**." any depth with
       * the name itself; sha256/ and sha1/ pins, any certificate of the chain. */
      if (!_ps_format_check_rule (pinset, rule, r, PS_EXPORT_CAN_ONE_LABEL | PS_EXPORT_CAN_ANY |
                                  PS_EXPORT_CAN_WILDCARD, "OkHttp", error) ||
          (pins = _ps_format_rule_pins (rule, r, PS_EXPORT_PINS_SHA1, "OkHttp", warnings,
                                        error)) == NULL)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      if (pins->len == 0 || domains->len == 0)
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                           pins->len == 0 ? _("Rule %u has no SHA-256 pin: it is left out.")
                                          : _("Rule %u names no domain: it is left out."),
                           r + 1);
          continue;
        }

      if (expiration != NULL)
        {
          g_autofree char *date = _ps_format_date (expiration);

          _ps_format_warn (warnings, PS_FORMAT_WARNING_NO_EXPIRATION, r,
                           _("Rule %u expires on %s, but OkHttp has no expiration: the pins "
                             "stay enforced until an update removes them."), r + 1, date);
          g_string_append_printf (out, "    // Expires on %s: OkHttp does not know, remove "
                                       "these pins before then.\n", date);
        }
      if (pins->len < 2)
        _ps_format_warn (warnings, PS_FORMAT_WARNING_FEW_PINS, r,
                         _("Rule %u has a single pin: the app loses its connection as soon as "
                           "that key changes; add a backup pin."), r + 1);

      for (guint d = 0; d < domains->len; d++)
        {
          PsPinsetDomain *domain = g_ptr_array_index (domains, d);
          const char *name = ps_pinset_domain_get_name (domain);
          PsSubdomains subdomains = ps_pinset_domain_get_subdomains (domain);
          g_autofree char *pattern = NULL;

          if (subdomains == PS_SUBDOMAINS_ANY && !g_str_has_prefix (name, "*"))
            {
              pattern = g_strconcat ("**.", name, NULL);
              rule_double = TRUE;
            }
          else
            pattern = g_strdup (name);
          write_add (out, pattern, pins);
          /* One label deep, the name itself included: the name, and "*." for the label. */
          if (subdomains == PS_SUBDOMAINS_ONE_LABEL && !g_str_has_prefix (name, "*"))
            {
              g_autofree char *one = g_strconcat ("*.", name, NULL);

              write_add (out, one, pins);
            }
        }

      if (rule_double)
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_SUBDOMAINS, r,
                           _("Rule %u includes subdomains, exported as a “**.” pattern, "
                             "which needs OkHttp 4 or later: OkHttp 3 takes it for a host "
                             "name and silently pins nothing for these domains."), r + 1);
        }
    }

  g_string_append (out, java ? "    .build();\n" : "    .build()\n");
  return g_string_free (out, FALSE);
}

char *
_ps_format_okhttp_kotlin_export (PsPinset   *pinset,
                                 GDateTime  *now,
                                 GPtrArray  *warnings,
                                 GError    **error)
{
  return export_source (pinset, now, warnings, FALSE, error);
}

char *
_ps_format_okhttp_java_export (PsPinset   *pinset,
                               GDateTime  *now,
                               GPtrArray  *warnings,
                               GError    **error)
{
  return export_source (pinset, now, warnings, TRUE, error);
}

int
_ps_format_okhttp_java_detect (const char *text)
{
  if (strstr (text, "CertificatePinner") == NULL || strstr (text, ".add") == NULL)
    return 0;
  return strstr (text, "new CertificatePinner.Builder") != NULL ? 80 : 0;
}

int
_ps_format_okhttp_kotlin_detect (const char *text)
{
  if (strstr (text, "CertificatePinner") == NULL || strstr (text, ".add") == NULL)
    return 0;
  return strstr (text, "new CertificatePinner.Builder") == NULL ? 80 : 0;
}

/* Import: the .add(pattern, pins...) calls found in the source text. */

typedef struct
{
  const char *text;
  const char *p;
  /* The line of @counted, so that line numbers cost no rescan from the start. */
  const char *counted;
  int         line;
} Scanner;

static int
scanner_line_at (Scanner    *s,
                 const char *position)
{
  if (s->counted == NULL || position < s->counted)
    {
      s->counted = s->text;
      s->line = 1;
    }
  for (; *s->counted != '\0' && s->counted < position; s->counted++)
    if (*s->counted == '\n')
      s->line++;
  return s->line;
}

static void
skip_space_and_comments (Scanner *s)
{
  for (;;)
    {
      while (g_ascii_isspace (*s->p))
        s->p++;
      if (s->p[0] == '/' && s->p[1] == '/')
        {
          while (*s->p != '\0' && *s->p != '\n')
            s->p++;
        }
      else if (s->p[0] == '/' && s->p[1] == '*')
        {
          const char *end = strstr (s->p + 2, "*/");
          s->p = end ? end + 2 : s->p + strlen (s->p);
        }
      else
        return;
    }
}

/* A "//" comment on the same line, after an optional comma. */
static char *
trailing_comment (Scanner *s)
{
  const char *q = s->p;

  while (*q == ' ' || *q == '\t')
    q++;
  if (*q == ',')
    q++;
  while (*q == ' ' || *q == '\t')
    q++;
  if (q[0] == '/' && q[1] == '/')
    {
      const char *end = strchr (q, '\n');
      return g_strstrip (end ? g_strndup (q + 2, end - q - 2) : g_strdup (q + 2));
    }
  return NULL;
}

static char *
read_string (Scanner  *s,
             GError  **error)
{
  GString *out = g_string_new (NULL);
  const char *start = s->p;

  g_assert (*s->p == '"');
  s->p++;
  while (*s->p != '"')
    {
      if (*s->p == '\0' || *s->p == '\n')
        {
          _ps_format_error (error, scanner_line_at (s, start),
                            _("A string that does not end on its line"));
          g_string_free (out, TRUE);
          return NULL;
        }
      if (*s->p == '\\' && s->p[1] != '\0' && s->p[1] != '\n')
        s->p++;
      g_string_append_c (out, *s->p);
      s->p++;
    }
  s->p++;
  return g_string_free (out, FALSE);
}

typedef struct
{
  char    *text;    /* a string literal, or NULL */
  char    *ref;     /* a name (a constant of the file, or not), or NULL */
  gboolean spread;  /* "*NAME" (Kotlin) */
  char    *comment;
  int      line;
} Arg;

static void
arg_free (Arg *arg)
{
  g_free (arg->text);
  g_free (arg->ref);
  g_free (arg->comment);
  g_free (arg);
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.';
}

/* A name argument ("PIN", "*PINS", "Pins.LEAF") when it is all the argument holds. */
static gboolean
read_name_argument (Scanner   *s,
                    GPtrArray *args)
{
  const char *start = s->p, *q = s->p, *name;
  Arg *arg;

  if (*q == '*')
    q++;
  name = q;
  if (!g_ascii_isalpha (*q) && *q != '_')
    return FALSE;
  while (is_name_char (*q))
    q++;
  {
    const char *after = q;

    while (*after == ' ' || *after == '\t' || *after == '\n' || *after == '\r')
      after++;
    if (*after != ',' && *after != ')')
      return FALSE;
  }
  arg = g_new0 (Arg, 1);
  arg->line = scanner_line_at (s, start);
  arg->spread = *start == '*';
  /* Only the last part of "Object.NAME" names the constant. */
  arg->ref = g_strndup (name, q - name);
  if (strrchr (arg->ref, '.') != NULL)
    {
      char *last = g_strdup (strrchr (arg->ref, '.') + 1);

      g_free (arg->ref);
      arg->ref = last;
    }
  s->p = q;
  arg->comment = trailing_comment (s);
  g_ptr_array_add (args, arg);
  return TRUE;
}

/* Reads the arguments of a call after its "(". Returns NULL with @error on a syntax error;
 * an empty array with *@literal FALSE when an argument is not a string literal. */
static GPtrArray *
read_arguments (Scanner   *s,
                gboolean  *literal,
                GError   **error)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func ((GDestroyNotify) arg_free);
  const char *open = s->p;
  int depth = 0;

  *literal = TRUE;
  for (;;)
    {
      skip_space_and_comments (s);
      if (*s->p == '\0')
        {
          _ps_format_error (error, scanner_line_at (s, open),
                            _("An .add( call without its closing parenthesis"));
          return NULL;
        }
      if (*s->p == ')' && depth == 0)
        {
          s->p++;
          return g_steal_pointer (&args);
        }
      if (*s->p == '"' && depth == 0)
        {
          Arg *arg = g_new0 (Arg, 1);

          arg->line = scanner_line_at (s, s->p);
          arg->text = read_string (s, error);
          if (arg->text == NULL)
            {
              arg_free (arg);
              return NULL;
            }
          arg->comment = trailing_comment (s);
          g_ptr_array_add (args, arg);
          continue;
        }
      if (*s->p == '"')
        {
          g_autofree char *skipped = read_string (s, error);
          if (skipped == NULL)
            return NULL;
          continue;
        }
      if (depth == 0 && (s->p == open || s->p[-1] == ',' || g_ascii_isspace (s->p[-1])) &&
          read_name_argument (s, args))
        continue;
      if (*s->p == '(' || *s->p == '[' || *s->p == '{')
        depth++;
      else if (*s->p == ')' || *s->p == ']' || *s->p == '}')
        depth--;
      else if (*s->p != ',')
        *literal = FALSE;
      s->p++;
    }
}

static gboolean
looks_like_pin (const char *text)
{
  return g_str_has_prefix (text, "sha256/") || g_str_has_prefix (text, "sha1/");
}

static char *
source_header_name (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", 12);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      while (g_ascii_isspace (*line))
        line++;
      if (g_str_has_prefix (line, "//"))
        {
          char *name = _ps_format_header_name (line);
          if (name != NULL)
            return name;
        }
    }
  return NULL;
}

/* The string constants and string arrays of the file, by name: Kotlin "val NAME = "…"",
 * "const val NAME: String = "…"", "val NAME = arrayOf("…", OTHER)" (or listOf), Java
 * "static final String NAME = "…";" and "String[] NAME = { "…" }". Values that are not
 * plain literals are not recorded, so they stay unresolved and are named in the notes. */
typedef struct
{
  GHashTable *strings; /* name -> value */
  GHashTable *arrays;  /* name -> GStrv of items, each "\"literal" or a name */
} Constants;

static GRegex *
constant_regex (gboolean array)
{
  static GRegex *regexes[2];
  const char *patterns[2] = {
    "(?:\\bval|\\bString)\\s+([A-Za-z_]\\w*)\\s*(?::\\s*String\\s*)?=\\s*"
    "\"((?:[^\"\\\\\\n]|\\\\.)*)\"\\s*(?=;|\\n|$|//)",
    "(?:\\bval|\\bString\\s*\\[\\s*\\])\\s+([A-Za-z_]\\w*)\\s*(?::\\s*[\\w<>\\[\\]]+\\s*)?="
    "\\s*(?:arrayOf|listOf|new\\s+String\\s*\\[\\s*\\])?\\s*[({]([^(){};]*)[)}]",
  };

  if (g_once_init_enter (&regexes[array]))
    g_once_init_leave (&regexes[array],
                       g_regex_new (patterns[array], G_REGEX_OPTIMIZE, 0, NULL));
  return regexes[array];
}

static char **
split_items (const char *list)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  GPtrArray *items = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *item = g_strstrip (parts[i]);
      gsize len = strlen (item);

      if (len >= 2 && item[0] == '"' && item[len - 1] == '"')
        g_ptr_array_add (items, g_strdup_printf ("\"%.*s", (int) len - 2, item + 1));
      else if (len > 0)
        g_ptr_array_add (items, g_strdup (item));
    }
  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_free (items, FALSE);
}

static void
collect_constants (const char *text,
                   Constants  *constants)
{
  g_autoptr(GMatchInfo) match = NULL;

  constants->strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  constants->arrays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_strfreev);
  for (g_regex_match (constant_regex (FALSE), text, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    {
      g_autofree char *escaped = g_match_info_fetch (match, 2);

      g_hash_table_replace (constants->strings, g_match_info_fetch (match, 1),
                            g_strcompress (escaped));
    }
  g_clear_pointer (&match, g_match_info_free);
  for (g_regex_match (constant_regex (TRUE), text, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    {
      g_autofree char *list = g_match_info_fetch (match, 2);

      g_hash_table_replace (constants->arrays, g_match_info_fetch (match, 1),
                            split_items (list));
    }
}

static void
constants_clear (Constants *constants)
{
  g_clear_pointer (&constants->strings, g_hash_table_unref);
  g_clear_pointer (&constants->arrays, g_hash_table_unref);
}

/* @arg as the strings it stands for, appended to @values (Arg, owned); what cannot be
 * resolved in the file is named in a note. */
static void
resolve_argument (Arg       *arg,
                  Constants *constants,
                  GPtrArray *values,
                  GPtrArray *notes)
{
  const char *value;
  char **items;

  if (arg->text != NULL)
    {
      Arg *copy = g_new0 (Arg, 1);

      copy->text = g_strdup (arg->text);
      copy->comment = g_strdup (arg->comment);
      copy->line = arg->line;
      g_ptr_array_add (values, copy);
      return;
    }

  value = arg->spread ? NULL : g_hash_table_lookup (constants->strings, arg->ref);
  items = value ? NULL : g_hash_table_lookup (constants->arrays, arg->ref);
  if (value != NULL)
    {
      Arg *copy = g_new0 (Arg, 1);

      copy->text = g_strdup (value);
      copy->comment = g_strdup (arg->comment);
      copy->line = arg->line;
      g_ptr_array_add (values, copy);
      return;
    }
  if (items == NULL)
    {
      _ps_format_note (notes, arg->line, _("%s%s is not a constant of this file with a "
                                           "literal value: its pins are not imported"),
                       arg->spread ? "*" : "", arg->ref);
      return;
    }
  for (guint i = 0; items[i] != NULL; i++)
    {
      Arg item = { NULL, NULL, FALSE, arg->comment, arg->line };

      if (items[i][0] == '"')
        item.text = items[i] + 1;
      else
        item.ref = items[i];
      /* One level: an array's items are literals or string constants. */
      if (item.ref != NULL && g_hash_table_lookup (constants->strings, item.ref) == NULL)
        {
          _ps_format_note (notes, arg->line, _("%s in %s is not a string constant of this "
                                               "file: that pin is not imported"),
                           item.ref, arg->ref);
          continue;
        }
      resolve_argument (&item, constants, values, notes);
    }
}

/* OkHttp's "*.name" matches exactly one label and not the name itself; with the same
 * pins also given for "name", the two are ATS-like "one label" subdomains. */
static void
join_one_label (PsPinset *pinset)
{
  GListModel *rules = ps_pinset_get_rules (pinset);

  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, r);
      g_autoptr(GPtrArray) domains = _ps_format_rule_domains (rule);
      g_autoptr(GHashTable) plain = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint d = 0; d < domains->len; d++)
        {
          PsPinsetDomain *domain = g_ptr_array_index (domains, d);

          if (ps_pinset_domain_get_subdomains (domain) == PS_SUBDOMAINS_NONE)
            g_hash_table_insert (plain, (gpointer) ps_pinset_domain_get_name (domain), domain);
        }
      for (guint d = 0; d < domains->len; d++)
        {
          PsPinsetDomain *domain = g_ptr_array_index (domains, d);
          const char *name = ps_pinset_domain_get_name (domain);
          PsPinsetDomain *base;

          if (!g_str_has_prefix (name, "*.") ||
              ps_pinset_domain_get_subdomains (domain) != PS_SUBDOMAINS_NONE)
            continue;
          base = g_hash_table_lookup (plain, name + 2);
          if (base == NULL)
            continue;
          ps_pinset_domain_set_subdomains (base, PS_SUBDOMAINS_ONE_LABEL);
          ps_pinset_rule_remove_domain (rule, domain);
        }
    }
}

static gboolean
read_call (Scanner     *s,
           int          call_line,
           Constants   *constants,
           GHashTable  *by_pattern,
           GPtrArray   *rules,
           GPtrArray   *notes,
           GError     **error)
{
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) arg_free);
  gboolean literal, any_pin = FALSE;
  PsPinsetRule *rule;
  const char *pattern;
  g_autofree char *domain_name = NULL;
  gboolean include = FALSE;

  args = read_arguments (s, &literal, error);
  if (args == NULL)
    return FALSE;
  for (guint i = 0; i < args->len; i++)
    resolve_argument (g_ptr_array_index (args, i), constants, values, notes);

  for (guint i = 1; i < values->len; i++)
    any_pin |= looks_like_pin (((Arg *) g_ptr_array_index (values, i))->text);
  if (!literal)
    _ps_format_note (notes, call_line,
                     any_pin ? _("some arguments of this .add() call are expressions: only "
                                 "the literal pins and constants are read")
                             : _("an .add() call whose arguments are expressions: ignored"));
  if (!any_pin)
    return TRUE;

  pattern = ((Arg *) g_ptr_array_index (values, 0))->text;
  if (g_str_has_prefix (pattern, "**."))
    {
      domain_name = g_strdup (pattern + 3);
      include = TRUE;
    }
  else
    domain_name = g_strdup (pattern);
  if (*domain_name == '\0' || looks_like_pin (domain_name))
    {
      _ps_format_note (notes, call_line,
                       _("the first argument of .add() is not a host name pattern: ignored"));
      return TRUE;
    }

  rule = g_hash_table_lookup (by_pattern, pattern);
  if (rule == NULL)
    {
      g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new (domain_name, include);

      rule = ps_pinset_rule_new ();
      ps_pinset_rule_add_domain (rule, domain);
      g_ptr_array_add (rules, rule);
      g_hash_table_insert (by_pattern, g_strdup (pattern), rule);
    }

  for (guint i = 1; i < values->len; i++)
    {
      Arg *arg = g_ptr_array_index (values, i);
      g_autoptr(PsPinsetPin) pin = NULL;

      /* OkHttp throws at build() for a pin that is not "sha256/" or "sha1/": kept
       * unparsed for "check" to report, never a refusal of the whole file. */
      pin = _ps_format_new_pin (arg->text, "sha256/", arg->line, PS_PIN_ROLE_UNKNOWN,
                                arg->comment, notes);
      ps_pinset_rule_add_pin (rule, pin);
    }
  return TRUE;
}

PsPinset *
_ps_format_okhttp_import (const char  *text,
                          GPtrArray   *notes,
                          GError     **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_pattern = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                            g_free, NULL);
  g_autofree char *name = source_header_name (text);
  Scanner s = { text, text, NULL, 1 };
  Constants constants = { NULL, NULL };
  PsPinset *pinset;

  collect_constants (text, &constants);
  for (;;)
    {
      const char *found = NULL;
      int call_line;

      /* Find the next ".add(" outside comments and strings. */
      while (*s.p != '\0' && found == NULL)
        {
          if ((s.p[0] == '/' && (s.p[1] == '/' || s.p[1] == '*')))
            skip_space_and_comments (&s);
          else if (*s.p == '"')
            {
              g_autofree char *skipped = read_string (&s, NULL);

              /* An unterminated string stops at its newline, or at the end of the text,
               * which must not be stepped over. */
              if (skipped == NULL && *s.p != '\0')
                s.p++;
            }
          else if (g_str_has_prefix (s.p, ".add"))
            {
              const char *q = s.p + 4;

              while (g_ascii_isspace (*q))
                q++;
              if (*q == '(')
                {
                  found = s.p;
                  s.p = q + 1;
                }
              else
                s.p += 4;
            }
          else
            s.p++;
        }
      if (found == NULL)
        break;

      /* Counted now, while the scanner is still at the call: counting stays linear. */
      call_line = scanner_line_at (&s, found);
      if (!read_call (&s, call_line, &constants, by_pattern, rules, notes, error))
        {
          constants_clear (&constants);
          return NULL;
        }
    }
  constants_clear (&constants);

  /* Nothing imported: the notes say why, so the error does too. */
  if (rules->len == 0)
    {
      if (notes->len > 0)
        _ps_format_error (error, 0, _("No CertificatePinner .add(pattern, pins…) call with a "
                                      "pin that can be read: %s"),
                          (const char *) g_ptr_array_index (notes, notes->len - 1));
      else
        _ps_format_error (error, 0, _("No CertificatePinner .add(pattern, pins…) call found"));
      return NULL;
    }

  pinset = _ps_format_finish (name, rules, TRUE);
  join_one_label (pinset);
  return pinset;
}
