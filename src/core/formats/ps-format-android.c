/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* Android Network Security Config: a domain-config per rule, written by hand and read
 * with GMarkup (no libxml2). Each pin is preceded by a "ROLE: LABEL" comment, which the
 * importer reads back; a free comment before a pin becomes its label. */

#define INDENT "    "

static void
write_comment (GString    *out,
               const char *indent,
               const char *text)
{
  g_autofree char *safe = _ps_format_comment_safe (text);

  g_string_append_printf (out, "%s<!-- %s -->\n", indent, safe);
}

/* overridePins is always written, since its default differs between <debug-overrides>
 * (true) and the other configs (false). */
static void
write_anchors (GString    *out,
               const char *indent,
               GListModel *anchors)
{
  guint n = g_list_model_get_n_items (anchors);

  if (n == 0)
    return;
  g_string_append_printf (out, "%s<trust-anchors>\n", indent);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsPinsetAnchor) anchor = g_list_model_get_item (anchors, i);
      g_autofree char *src = g_markup_escape_text (ps_pinset_anchor_get_source (anchor), -1);

      g_string_append_printf (out, "%s" INDENT "<certificates src=\"%s\" overridePins=\"%s\"/>\n",
                              indent, src,
                              ps_pinset_anchor_get_override_pins (anchor) ? "true" : "false");
    }
  g_string_append_printf (out, "%s</trust-anchors>\n", indent);
}

/* The <domain> elements of a rule, leaving out what Android cannot take. */
static void
write_domains (GString      *domain_xml,
               PsPinsetRule *rule,
               guint         r,
               GHashTable   *seen,
               GPtrArray    *warnings)
{
  g_autoptr(GPtrArray) domains = _ps_format_rule_domains (rule);

  for (guint d = 0; d < domains->len; d++)
    {
      PsPinsetDomain *domain = g_ptr_array_index (domains, d);
      const char *name = ps_pinset_domain_get_name (domain);
      gboolean include = ps_pinset_domain_get_include_subdomains (domain);
      g_autofree char *escaped = NULL;

      if (_ps_format_is_wildcard (name))
        {
          if (!g_str_has_prefix (name, "*.") || _ps_format_is_wildcard (name + 2))
            {
              _ps_format_warn (warnings, PS_FORMAT_WARNING_WILDCARD, r,
                               _("Rule %u: Android has no wildcard domains; “%s” is "
                                 "left out."), r + 1, name);
              continue;
            }
          _ps_format_warn (warnings, PS_FORMAT_WARNING_WILDCARD, r,
                           _("Rule %u: Android has no wildcard domains; “%s” is "
                             "exported as %s with includeSubdomains, which also covers "
                             "%s itself and deeper levels."),
                           r + 1, name, name + 2, name + 2);
          name += 2;
          include = TRUE;
        }

      if (g_hash_table_contains (seen, name))
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                           _("Rule %u: %s is already in an earlier rule, and Android "
                             "refuses a domain listed twice; it is left out here."),
                           r + 1, name);
          continue;
        }
      g_hash_table_add (seen, g_strdup (name));

      escaped = g_markup_escape_text (name, -1);
      g_string_append_printf (domain_xml,
                              INDENT INDENT "<domain includeSubdomains=\"%s\">%s</domain>\n",
                              include ? "true" : "false", escaped);
    }
}

char *
_ps_format_android_export (PsPinset   *pinset,
                           GDateTime  *now,
                           GPtrArray  *warnings,
                           GError    **error)
{
  g_autoptr(GString) out = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) header = _ps_format_header_lines (pinset, now);
  guint n_rules = _ps_format_n_rules (pinset);

  g_string_append_printf (out, "<!-- %s\n     %s -->\n", header[0], header[1]);
  g_string_append (out, "<network-security-config>\n");

  for (guint r = 0; r < n_rules; r++)
    {
      g_autoptr(PsPinsetRule) rule = _ps_format_get_rule (pinset, r);
      g_autoptr(GPtrArray) pins = NULL;
      g_autoptr(GString) domain_xml = g_string_new (NULL);
      GDateTime *expiration = ps_pinset_rule_get_expiration (rule);

      /* Android pins any certificate of the validated chain, SHA-256 only, subdomains at
       * any depth; overridePins is per trust anchor. */
      if (!_ps_format_check_rule (pinset, rule, r, PS_EXPORT_CAN_ANY | PS_EXPORT_CAN_ANCHORS,
                                  "Android", error))
        return NULL;
      pins = _ps_format_rule_pins (rule, r, 0, "Android", warnings, error);
      if (pins == NULL)
        return NULL;

      write_domains (domain_xml, rule, r, seen, warnings);

      if (domain_xml->len == 0)
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                           _("Rule %u names no domain that Android can use: it is left out."),
                           r + 1);
          continue;
        }
      if (pins->len == 0)
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                           _("Rule %u has no pin: it is left out."), r + 1);
          continue;
        }
      if (pins->len < 2)
        _ps_format_warn (warnings, PS_FORMAT_WARNING_FEW_PINS, r,
                         _("Rule %u has a single pin: the app loses its connection as soon as "
                           "that key changes; add a backup pin."), r + 1);

      g_string_append (out, INDENT "<domain-config>\n");
      g_string_append (out, domain_xml->str);
      write_anchors (out, INDENT INDENT, ps_pinset_rule_get_anchors (rule));
      if (expiration != NULL)
        {
          g_autofree char *date = _ps_format_date (expiration);
          g_string_append_printf (out, INDENT INDENT "<pin-set expiration=\"%s\">\n", date);
        }
      else
        g_string_append (out, INDENT INDENT "<pin-set>\n");

      for (guint p = 0; p < pins->len; p++)
        {
          PsPinsetPin *pin = g_ptr_array_index (pins, p);
          g_autofree char *comment = _ps_format_pin_comment (pin);
          g_autofree char *b64 = _ps_format_pin_b64 (pin);

          write_comment (out, INDENT INDENT INDENT, comment);
          g_string_append_printf (out, INDENT INDENT INDENT "<pin digest=\"SHA-256\">%s</pin>\n",
                                  b64);
        }
      g_string_append (out, INDENT INDENT "</pin-set>\n");
      g_string_append (out, INDENT "</domain-config>\n");
    }

  if (g_list_model_get_n_items (ps_pinset_get_base_anchors (pinset)) > 0)
    {
      g_string_append (out, INDENT "<base-config>\n");
      write_anchors (out, INDENT INDENT, ps_pinset_get_base_anchors (pinset));
      g_string_append (out, INDENT "</base-config>\n");
    }
  if (g_list_model_get_n_items (ps_pinset_get_debug_anchors (pinset)) > 0)
    {
      g_string_append (out, INDENT "<debug-overrides>\n");
      write_anchors (out, INDENT INDENT, ps_pinset_get_debug_anchors (pinset));
      g_string_append (out, INDENT "</debug-overrides>\n");
    }
  g_string_append (out, "</network-security-config>\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

int
_ps_format_android_detect (const char *text)
{
  return strstr (text, "<network-security-config") != NULL ? 90 : 0;
}

/* Import. */

#define MAX_NESTING 64

typedef struct _Config Config;
struct _Config
{
  Config       *parent;
  PsPinsetRule *rule;       /* domains, and pins of its own pin-set */
  gboolean      has_pin_set;
  gboolean      has_anchors;
  GPtrArray    *anchors;      /* PsPinsetAnchor */
  int           line;
};

typedef struct
{
  GMarkupParseContext *context;
  GPtrArray           *notes;
  GPtrArray           *configs;   /* Config *, in document order */
  Config              *current;   /* innermost open domain-config */
  GSList              *stack;     /* element names */
  guint                depth;     /* the length of @stack */
  GString             *chars;
  char                *comment;   /* the last comment, until an element uses it */
  char                *name;
  gboolean             has_root;
  gboolean             domain_include;
  int                  pin_line;
  gboolean             pin_digest_ok;
  GPtrArray           *base_anchors;
  GPtrArray           *debug_anchors;
} Parser;

static void
config_free (Config *config)
{
  g_clear_object (&config->rule);
  g_clear_pointer (&config->anchors, g_ptr_array_unref);
  g_free (config);
}

static int
current_line (Parser *parser)
{
  return _ps_format_markup_line (parser->context);
}

static gboolean
parse_bool (Parser      *parser,
            const char  *value,
            gboolean    *result,
            GError     **error)
{
  if (g_strcmp0 (value, "true") == 0)
    *result = TRUE;
  else if (g_strcmp0 (value, "false") == 0)
    *result = FALSE;
  else
    {
      _ps_format_error (error, current_line (parser),
                        _("“%s” is not true or false"), value);
      return FALSE;
    }
  return TRUE;
}

static const char *
find_attribute (const char  **names,
                const char  **values,
                const char   *wanted)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], wanted))
      return values[i];
  return NULL;
}

/* <certificates src="…" overridePins="…"/> of a <trust-anchors>: of a domain-config, of
 * the base-config, or of the debug-overrides, whose overridePins defaults to true
 * (developer.android.com/privacy-and-security/security-config, "debug-overrides"). */
static gboolean
add_anchor (Parser       *parser,
            const char  **names,
            const char  **values,
            int           line,
            GError      **error)
{
  const char *parent = parser->stack && parser->stack->next ? parser->stack->next->data : NULL;
  const char *owner = parser->stack && parser->stack->next && parser->stack->next->next
                        ? parser->stack->next->next->data : NULL;
  const char *src = find_attribute (names, values, "src");
  const char *override = find_attribute (names, values, "overridePins");
  gboolean debug = g_strcmp0 (owner, "debug-overrides") == 0;
  gboolean override_pins = debug;
  GPtrArray *target;

  if (g_strcmp0 (parent, "trust-anchors") != 0)
    {
      _ps_format_note (parser->notes, line, _("<certificates> outside <trust-anchors>: "
                                              "ignored"));
      return TRUE;
    }
  if (src == NULL || *src == '\0')
    {
      _ps_format_error (error, line, _("<certificates> without src"));
      return FALSE;
    }
  if (override != NULL && !parse_bool (parser, override, &override_pins, error))
    return FALSE;

  if (debug)
    target = parser->debug_anchors;
  else if (g_strcmp0 (owner, "base-config") == 0)
    target = parser->base_anchors;
  else if (g_strcmp0 (owner, "domain-config") == 0 && parser->current != NULL)
    {
      if (parser->current->anchors == NULL)
        parser->current->anchors = g_ptr_array_new_with_free_func (g_object_unref);
      target = parser->current->anchors;
    }
  else
    return TRUE;
  g_ptr_array_add (target, ps_pinset_anchor_new (src, override_pins));
  return TRUE;
}

static gboolean
start_pin_set (Parser       *parser,
               const char   *parent,
               const char  **names,
               const char  **values,
               int           line,
               GError      **error)
{
  const char *expiration = find_attribute (names, values, "expiration");

  if (parser->current == NULL || !g_str_equal (parent, "domain-config"))
    {
      _ps_format_note (parser->notes, line,
                       _("a <pin-set> outside a <domain-config> has no effect: ignored"));
      return TRUE;
    }
  if (parser->current->has_pin_set)
    {
      _ps_format_error (error, line, _("A second <pin-set> in the same <domain-config>"));
      return FALSE;
    }
  parser->current->has_pin_set = TRUE;
  if (expiration != NULL)
    {
      g_autoptr(GDateTime) date = _ps_format_parse_date (expiration);

      if (date == NULL)
        {
          _ps_format_error (error, line,
                            _("The expiration “%s” is not a date as yyyy-MM-dd"),
                            expiration);
          return FALSE;
        }
      ps_pinset_rule_set_expiration (parser->current->rule, date);
    }
  return TRUE;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  Parser *parser = user_data;
  const char *parent = parser->stack ? parser->stack->data : NULL;
  int line = current_line (parser);

  /* Real configurations nest four levels or so; a hostile one must not cost quadratic
   * time in the pin-set inheritance below. */
  if (parser->depth >= MAX_NESTING)
    {
      _ps_format_error (error, line, _("Elements are nested more than %d levels deep"),
                        MAX_NESTING);
      return;
    }
  parser->stack = g_slist_prepend (parser->stack, g_strdup (element));
  parser->depth++;
  g_string_truncate (parser->chars, 0);

  if (parent == NULL)
    {
      if (!g_str_equal (element, "network-security-config"))
        {
          _ps_format_error (error, line,
                            _("The document is <%s>, not an Android "
                              "<network-security-config>"), element);
          return;
        }
      parser->has_root = TRUE;
    }
  else if (g_str_equal (element, "domain-config"))
    {
      Config *config;

      if (!g_str_equal (parent, "network-security-config") &&
          !g_str_equal (parent, "domain-config"))
        {
          _ps_format_error (error, line, _("<domain-config> inside <%s>"), parent);
          return;
        }
      config = g_new0 (Config, 1);
      config->parent = parser->current;
      config->rule = ps_pinset_rule_new ();
      config->line = line;
      g_ptr_array_add (parser->configs, config);
      parser->current = config;
      if (find_attribute (names, values, "cleartextTrafficPermitted") != NULL)
        _ps_format_note (parser->notes, line,
                         _("cleartextTrafficPermitted is not about pins: ignored"));
    }
  else if (g_str_equal (element, "domain"))
    {
      const char *include = find_attribute (names, values, "includeSubdomains");

      if (parser->current == NULL || !g_str_equal (parent, "domain-config"))
        {
          _ps_format_error (error, line, _("<domain> outside a <domain-config>"));
          return;
        }
      parser->domain_include = FALSE;
      if (include != NULL && !parse_bool (parser, include, &parser->domain_include, error))
        return;
    }
  else if (g_str_equal (element, "pin-set"))
    {
      if (!start_pin_set (parser, parent, names, values, line, error))
        return;
    }
  else if (g_str_equal (element, "pin"))
    {
      const char *digest = find_attribute (names, values, "digest");

      if (g_strcmp0 (parent, "pin-set") != 0)
        {
          _ps_format_error (error, line, _("<pin> outside a <pin-set>"));
          return;
        }
      /* Android knows only SHA-256 and refuses to load the whole configuration for
       * another digest: the pin is kept unparsed, for "check" to say so. */
      parser->pin_digest_ok = digest != NULL && g_ascii_strcasecmp (digest, "SHA-256") == 0;
      if (!parser->pin_digest_ok)
        _ps_format_note (parser->notes, line,
                         _("The pin digest is “%s”; Android supports only SHA-256 and "
                           "refuses such a configuration: the pin is kept unparsed"),
                         digest ? digest : "");
      parser->pin_line = line;
    }
  else if (g_str_equal (element, "trust-anchors"))
    {
      if (g_str_equal (parent, "domain-config") && parser->current != NULL)
        parser->current->has_anchors = TRUE;
      else if (!g_str_equal (parent, "base-config") && !g_str_equal (parent, "debug-overrides"))
        _ps_format_note (parser->notes, line, _("<trust-anchors> inside <%s>: ignored"),
                         parent);
    }
  else if (g_str_equal (element, "certificates"))
    {
      if (!add_anchor (parser, names, values, line, error))
        return;
    }
  else if (g_str_equal (element, "base-config") || g_str_equal (element, "debug-overrides"))
    {
      if (!g_str_equal (parent, "network-security-config"))
        _ps_format_note (parser->notes, line, _("<%s> inside <%s>: ignored"), element, parent);
    }
  else
    _ps_format_note (parser->notes, line, _("<%s> is not about pins: ignored"), element);

  /* A comment belongs to the next pin only. */
  if (!g_str_equal (element, "pin"))
    g_clear_pointer (&parser->comment, g_free);
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  Parser *parser = user_data;
  char *name = parser->stack->data;

  if (g_str_equal (element, "domain-config"))
    parser->current = parser->current->parent;
  else if (g_str_equal (element, "domain") && parser->current != NULL)
    {
      g_autofree char *text = g_strstrip (g_strdup (parser->chars->str));
      g_autoptr(PsPinsetDomain) domain = NULL;

      if (*text == '\0')
        {
          _ps_format_error (error, current_line (parser), _("An empty <domain>"));
          return;
        }
      domain = ps_pinset_domain_new (text, parser->domain_include);
      ps_pinset_rule_add_domain (parser->current->rule, domain);
    }
  else if (g_str_equal (element, "pin") && parser->current != NULL)
    {
      g_autoptr(PsPinsetPin) pin = NULL;

      if (parser->pin_digest_ok)
        pin = _ps_format_new_pin (parser->chars->str, NULL, parser->pin_line,
                                  PS_PIN_ROLE_UNKNOWN, parser->comment, parser->notes);
      else
        {
          g_autofree char *written = g_strstrip (g_strdup (parser->chars->str));
          g_autofree char *kept = g_strdup_printf ("digest-not-sha256:%s", written);

          pin = ps_pinset_pin_new_from_text (kept, NULL, PS_PIN_ROLE_UNKNOWN);
        }
      /* Kept as written: the linter reports duplicates. */
      ps_pinset_rule_append_pin (parser->current->rule, pin);
      g_clear_pointer (&parser->comment, g_free);
    }

  parser->stack = g_slist_remove (parser->stack, name);
  parser->depth--;
  g_free (name);
  g_string_truncate (parser->chars, 0);
}

static void
text (GMarkupParseContext  *context,
      const char           *chars,
      gsize                 len,
      gpointer              user_data,
      GError              **error)
{
  Parser *parser = user_data;

  g_string_append_len (parser->chars, chars, len);
}

static void
passthrough (GMarkupParseContext  *context,
             const char           *chars,
             gsize                 len,
             gpointer              user_data,
             GError              **error)
{
  Parser *parser = user_data;
  g_autofree char *comment = _ps_format_markup_comment (chars, len);

  if (comment == NULL)
    return;
  if (!parser->has_root && parser->name == NULL)
    parser->name = _ps_format_header_name (comment);
  g_free (parser->comment);
  parser->comment = g_steal_pointer (&comment);
}

static const GMarkupParser markup_parser = {
  start_element, end_element, text, passthrough, NULL,
};

static void
copy_pins (PsPinsetRule *to,
           PsPinsetRule *from)
{
  GListModel *pins = ps_pinset_rule_get_pins (from);

  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      g_autoptr(PsPinsetPin) copy = NULL;

      if (ps_pinset_pin_get_pin (pin) != NULL)
        copy = ps_pinset_pin_new (ps_pinset_pin_get_pin (pin), ps_pinset_pin_get_label (pin),
                                  ps_pinset_pin_get_role (pin));
      else
        copy = ps_pinset_pin_new_from_text (ps_pinset_pin_get_text (pin),
                                            ps_pinset_pin_get_label (pin),
                                            ps_pinset_pin_get_role (pin));
      ps_pinset_rule_append_pin (to, copy);
    }
  ps_pinset_rule_set_expiration (to, ps_pinset_rule_get_expiration (from));
}

PsPinset *
_ps_format_android_import (const char  *data,
                           GPtrArray   *notes,
                           GError     **error)
{
  g_autoptr(GPtrArray) configs = g_ptr_array_new_with_free_func ((GDestroyNotify) config_free);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) chars = g_string_new (NULL);
  g_autoptr(GPtrArray) base_anchors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) debug_anchors = g_ptr_array_new_with_free_func (g_object_unref);
  Parser parser = { 0 };
  gboolean ok;

  parser.notes = notes;
  parser.configs = configs;
  parser.chars = chars;
  parser.base_anchors = base_anchors;
  parser.debug_anchors = debug_anchors;
  parser.context = g_markup_parse_context_new (&markup_parser, 0, &parser, NULL);

  ok = g_markup_parse_context_parse (parser.context, data, -1, &local_error) &&
       g_markup_parse_context_end_parse (parser.context, &local_error);

  if (!ok)
    _ps_format_markup_error (error, parser.context, local_error);
  g_markup_parse_context_free (parser.context);
  g_slist_free_full (parser.stack, g_free);
  g_free (parser.comment);

  if (!ok)
    {
      g_free (parser.name);
      return NULL;
    }
  if (!parser.has_root)
    {
      g_free (parser.name);
      _ps_format_error (error, 0, _("No <network-security-config> element"));
      return NULL;
    }

  for (guint i = 0; i < configs->len; i++)
    {
      Config *config = g_ptr_array_index (configs, i);
      Config *with_pins = config;
      g_autoptr(GPtrArray) domains = _ps_format_rule_domains (config->rule);

      /* A nested domain-config inherits the pin-set of its nearest ancestor. */
      while (with_pins != NULL && !with_pins->has_pin_set)
        with_pins = with_pins->parent;

      if (domains->len == 0)
        {
          _ps_format_note (notes, config->line, _("a <domain-config> without <domain>"));
          continue;
        }
      if (with_pins == NULL ||
          g_list_model_get_n_items (ps_pinset_rule_get_pins (with_pins->rule)) == 0)
        {
          g_autofree char *list = _ps_format_domains_to_string (config->rule);

          _ps_format_note (notes, config->line, _("%s: no pins (not pinned)"), list);
          continue;
        }

      if (with_pins != config)
        copy_pins (config->rule, with_pins->rule);
      /* Nested rules are flattened: the trust anchors too come from the nearest config
       * that has them. */
      for (Config *with_anchors = config; with_anchors != NULL;
           with_anchors = with_anchors->parent)
        if (with_anchors->has_anchors)
          {
            for (guint a = 0; with_anchors->anchors && a < with_anchors->anchors->len; a++)
              {
                PsPinsetAnchor *from = g_ptr_array_index (with_anchors->anchors, a);
                g_autoptr(PsPinsetAnchor) copy =
                  ps_pinset_anchor_new (ps_pinset_anchor_get_source (from),
                                        ps_pinset_anchor_get_override_pins (from));

                ps_pinset_rule_add_anchor (config->rule, copy);
              }
            break;
          }
      g_ptr_array_add (rules, g_object_ref (config->rule));
    }

  {
    PsPinset *pinset = _ps_format_finish (parser.name, rules, FALSE);

    for (guint a = 0; a < base_anchors->len; a++)
      ps_pinset_add_base_anchor (pinset, g_ptr_array_index (base_anchors, a));
    for (guint a = 0; a < debug_anchors->len; a++)
      ps_pinset_add_debug_anchor (pinset, g_ptr_array_index (debug_anchors, a));
    g_free (parser.name);
    return pinset;
  }
}
