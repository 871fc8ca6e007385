/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* The registry. Adding a format is one file and one row here. */
static const PsFormat formats[] = {
  { "android", N_("Android Network Security Config"), "xml", "application/xml",
    PS_FORMAT_KEEPS_RULES | PS_FORMAT_KEEPS_DOMAINS | PS_FORMAT_KEEPS_SUBDOMAINS |
    PS_FORMAT_KEEPS_EXPIRATION | PS_FORMAT_KEEPS_LABELS | PS_FORMAT_KEEPS_ROLES |
    PS_FORMAT_KEEPS_NAME,
    _ps_format_android_export, _ps_format_android_import, _ps_format_android_detect },
  { "okhttp-kotlin", N_("OkHttp CertificatePinner (Kotlin)"), "kt", "text/x-kotlin",
    PS_FORMAT_KEEPS_DOMAINS | PS_FORMAT_KEEPS_SUBDOMAINS | PS_FORMAT_KEEPS_LABELS |
    PS_FORMAT_KEEPS_ROLES | PS_FORMAT_KEEPS_NAME,
    _ps_format_okhttp_kotlin_export, _ps_format_okhttp_import,
    _ps_format_okhttp_kotlin_detect },
  { "okhttp-java", N_("OkHttp CertificatePinner (Java)"), "java", "text/x-java",
    PS_FORMAT_KEEPS_DOMAINS | PS_FORMAT_KEEPS_SUBDOMAINS | PS_FORMAT_KEEPS_LABELS |
    PS_FORMAT_KEEPS_ROLES | PS_FORMAT_KEEPS_NAME,
    _ps_format_okhttp_java_export, _ps_format_okhttp_import,
    _ps_format_okhttp_java_detect },
  { "trustkit-swift", N_("TrustKit configuration (Swift)"), "swift", "text/x-swift",
    PS_FORMAT_KEEPS_DOMAINS | PS_FORMAT_KEEPS_SUBDOMAINS | PS_FORMAT_KEEPS_EXPIRATION |
    PS_FORMAT_KEEPS_LABELS | PS_FORMAT_KEEPS_ROLES | PS_FORMAT_KEEPS_NAME,
    _ps_format_trustkit_swift_export, _ps_format_trustkit_code_import,
    _ps_format_trustkit_swift_detect },
  { "trustkit-objc", N_("TrustKit configuration (Objective-C)"), "m", "text/x-objcsrc",
    PS_FORMAT_KEEPS_DOMAINS | PS_FORMAT_KEEPS_SUBDOMAINS | PS_FORMAT_KEEPS_EXPIRATION |
    PS_FORMAT_KEEPS_LABELS | PS_FORMAT_KEEPS_ROLES | PS_FORMAT_KEEPS_NAME,
    _ps_format_trustkit_objc_export, _ps_format_trustkit_code_import,
    _ps_format_trustkit_objc_detect },
  { "trustkit-plist", N_("TrustKit configuration (property list)"), "plist",
    "application/x-plist",
    PS_FORMAT_KEEPS_DOMAINS | PS_FORMAT_KEEPS_SUBDOMAINS | PS_FORMAT_KEEPS_EXPIRATION |
    PS_FORMAT_KEEPS_LABELS | PS_FORMAT_KEEPS_ROLES | PS_FORMAT_KEEPS_NAME,
    _ps_format_trustkit_plist_export, _ps_format_trustkit_plist_import,
    _ps_format_trustkit_plist_detect },
  { "ats-plist", N_("Apple App Transport Security (property list)"), "plist",
    "application/x-plist",
    PS_FORMAT_KEEPS_DOMAINS | PS_FORMAT_KEEPS_SUBDOMAINS | PS_FORMAT_KEEPS_LABELS |
    PS_FORMAT_KEEPS_ROLES | PS_FORMAT_KEEPS_NAME,
    _ps_format_ats_export, _ps_format_ats_import, _ps_format_ats_detect },
  { "curl", N_("curl --pinnedpubkey"), "txt", "text/plain",
    PS_FORMAT_KEEPS_RULES | PS_FORMAT_KEEPS_DOMAINS | PS_FORMAT_KEEPS_SUBDOMAINS |
    PS_FORMAT_KEEPS_NAME | PS_FORMAT_LEAF_ONLY,
    _ps_format_curl_export, _ps_format_curl_import, _ps_format_curl_detect },
  { "hpkp", N_("HTTP Public-Key-Pins header (obsolete)"), "txt", "text/plain",
    PS_FORMAT_KEEPS_RULES | PS_FORMAT_KEEPS_DOMAINS | PS_FORMAT_KEEPS_SUBDOMAINS |
    PS_FORMAT_KEEPS_NAME,
    _ps_format_hpkp_export, _ps_format_hpkp_import, _ps_format_hpkp_detect },
  { "tlsa", N_("DANE TLSA records"), "zone", "text/dns",
    PS_FORMAT_KEEPS_DOMAINS | PS_FORMAT_KEEPS_LABELS | PS_FORMAT_KEEPS_ROLES |
    PS_FORMAT_KEEPS_NAME,
    _ps_format_tlsa_export, _ps_format_tlsa_import, _ps_format_tlsa_detect },
  { "json", N_("Pinscope pinset (native JSON)"), "json", "application/json",
    PS_FORMAT_KEEPS_ALL | PS_FORMAT_KEEPS_RULES | PS_FORMAT_KEEPS_DOMAINS |
    PS_FORMAT_KEEPS_SUBDOMAINS | PS_FORMAT_KEEPS_EXPIRATION | PS_FORMAT_KEEPS_LABELS |
    PS_FORMAT_KEEPS_ROLES | PS_FORMAT_KEEPS_NAME,
    _ps_format_json_export, _ps_format_json_import, _ps_format_json_detect },
  { "text", N_("Plain text, one pin a line"), "txt", "text/plain",
    PS_FORMAT_KEEPS_RULES | PS_FORMAT_KEEPS_DOMAINS | PS_FORMAT_KEEPS_SUBDOMAINS |
    PS_FORMAT_KEEPS_EXPIRATION | PS_FORMAT_KEEPS_LABELS | PS_FORMAT_KEEPS_ROLES |
    PS_FORMAT_KEEPS_NAME,
    _ps_format_text_export, _ps_format_text_import, _ps_format_text_detect },
};

G_DEFINE_BOXED_TYPE (PsFormatWarning, ps_format_warning,
                     ps_format_warning_copy, ps_format_warning_free)

PsFormatWarning *
ps_format_warning_new (PsFormatWarningKind  kind,
                       int                  rule,
                       const char          *message)
{
  PsFormatWarning *self = g_new0 (PsFormatWarning, 1);

  self->kind = kind;
  self->rule = rule;
  self->message = g_strdup (message);
  return self;
}

PsFormatWarning *
ps_format_warning_copy (const PsFormatWarning *warning)
{
  g_return_val_if_fail (warning != NULL, NULL);

  return ps_format_warning_new (warning->kind, warning->rule, warning->message);
}

void
ps_format_warning_free (PsFormatWarning *warning)
{
  if (warning == NULL)
    return;
  g_free (warning->message);
  g_free (warning);
}

const char *
ps_format_warning_kind_to_string (PsFormatWarningKind kind)
{
  switch (kind)
    {
    case PS_FORMAT_WARNING_WILDCARD: return "wildcard";
    case PS_FORMAT_WARNING_LEAF_ONLY: return "leaf-only";
    case PS_FORMAT_WARNING_NO_EXPIRATION: return "no-expiration";
    case PS_FORMAT_WARNING_FEW_PINS: return "few-pins";
    case PS_FORMAT_WARNING_DROPPED_PINS: return "dropped-pins";
    case PS_FORMAT_WARNING_SUBDOMAINS: return "subdomains";
    case PS_FORMAT_WARNING_OBSOLETE: return "obsolete";
    case PS_FORMAT_WARNING_DROPPED_RULE: return "dropped-rule";
    case PS_FORMAT_WARNING_MATCHING: return "matching";
    default: return "unknown";
    }
}

const PsFormat * const *
ps_format_get_all (guint *n_formats)
{
  static const PsFormat *all[G_N_ELEMENTS (formats) + 1];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
        all[i] = &formats[i];
      g_once_init_leave (&initialized, 1);
    }

  if (n_formats != NULL)
    *n_formats = G_N_ELEMENTS (formats);
  return all;
}

const PsFormat *
ps_format_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (formats[i].id, id) == 0)
      return &formats[i];
  return NULL;
}

const char *
ps_format_get_id (const PsFormat *format)
{
  g_return_val_if_fail (format != NULL, NULL);
  return format->id;
}

const char *
ps_format_get_title (const PsFormat *format)
{
  g_return_val_if_fail (format != NULL, NULL);
  return _(format->title);
}

const char *
ps_format_get_extension (const PsFormat *format)
{
  g_return_val_if_fail (format != NULL, NULL);
  return format->extension;
}

const char *
ps_format_get_content_type (const PsFormat *format)
{
  g_return_val_if_fail (format != NULL, NULL);
  return format->content_type;
}

PsFormatFlags
ps_format_get_flags (const PsFormat *format)
{
  g_return_val_if_fail (format != NULL, 0);
  return format->flags;
}

gboolean
ps_format_can_import (const PsFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);
  return format->import_func != NULL;
}

char *
ps_format_export (const PsFormat  *format,
                  PsPinset        *pinset,
                  GDateTime       *now,
                  GPtrArray      **warnings,
                  GError         **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GDateTime) current = NULL;
  char *text;

  g_return_val_if_fail (format != NULL, NULL);
  g_return_val_if_fail (PS_IS_PINSET (pinset), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (now == NULL)
    now = current = g_date_time_new_now_utc ();

  found = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_format_warning_free);
  text = format->export_func (pinset, now, found, error);
  if (text != NULL && warnings != NULL)
    *warnings = g_steal_pointer (&found);
  return text;
}

static char *
terminated_copy (const char  *text,
                 gssize       len,
                 GError     **error)
{
  const char *end;

  if (len < 0)
    len = strlen (text);

  /* The same bound as for native pinsets: no real configuration comes near it, and every
   * importer stays fast below it. */
  if ((gsize) len > PS_PINSET_MAX_FILE_SIZE)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("The file is %ld bytes long; files larger than %d MiB "
                     "are refused"), (glong) len, PS_PINSET_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  if (memchr (text, '\0', len) != NULL || !g_utf8_validate (text, len, &end))
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                           _("The file is not UTF-8 text"));
      return NULL;
    }

  /* A byte order mark says nothing about pins. */
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      len -= 3;
    }

  return g_strndup (text, len);
}

/* The text to read: a binary property list (what apps ship) as its XML text, anything else
 * as checked UTF-8. */
static char *
readable_copy (const char  *text,
               gssize       len,
               GError     **error)
{
  if (len < 0)
    len = strlen (text);
  if (_ps_plist_is_binary (text, len))
    return _ps_plist_binary_to_xml (text, len, error);
  return terminated_copy (text, len, error);
}

const PsFormat *
ps_format_detect (const char *text,
                  gssize      len)
{
  g_autofree char *copy = NULL;
  const PsFormat *best = NULL;
  int best_score = 0;

  g_return_val_if_fail (text != NULL, NULL);

  copy = readable_copy (text, len, NULL);
  if (copy == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      int score;

      if (formats[i].detect_func == NULL || formats[i].import_func == NULL)
        continue;
      score = formats[i].detect_func (copy);
      if (score > best_score)
        {
          best = &formats[i];
          best_score = score;
        }
    }

  return best;
}

/* One place checks the names every importer read, with the validator the native reader
 * uses, so that an imported pinset always saves and reads back. A name that is not a domain
 * (a typo, a placeholder, text a lenient reader took for a name) is left out with a note
 * quoting at most 40 characters of it. */
static void
drop_invalid_domains (PsPinset  *pinset,
                      GPtrArray *notes)
{
  GListModel *rules = ps_pinset_get_rules (pinset);

  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, r);
      GListModel *domains = ps_pinset_rule_get_domains (rule);

      for (guint d = g_list_model_get_n_items (domains); d > 0; d--)
        {
          g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, d - 1);
          const char *name = ps_pinset_domain_get_name (domain);
          g_autoptr(GError) invalid = NULL;
          g_autofree char *quoted = NULL;

          if (ps_domain_name_validate (name, -1, PS_DOMAIN_NAME_ALLOW_WILDCARD, &invalid))
            continue;
          if (g_utf8_validate (name, -1, NULL) && g_utf8_strlen (name, -1) > 40)
            {
              g_autofree char *head = g_utf8_substring (name, 0, 40);

              quoted = g_strconcat (head, "…", NULL);
            }
          else
            quoted = g_utf8_make_valid (name, MIN (strlen (name), 40));
          _ps_format_note (notes, 0, _("“%s” is not a domain name: left out"), quoted);
          ps_pinset_rule_remove_domain (rule, domain);
        }
    }
}

PsPinset *
ps_format_import (const PsFormat  *format,
                  const char      *text,
                  gssize           len,
                  GPtrArray      **notes,
                  GError         **error)
{
  g_autofree char *copy = NULL;
  g_autoptr(GPtrArray) found = NULL;
  PsPinset *pinset;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  copy = readable_copy (text, len, error);
  if (copy == NULL)
    return NULL;

  if (format == NULL)
    {
      format = ps_format_detect (copy, -1);
      if (format == NULL)
        {
          g_set_error_literal (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                               _("The file is in no format that Pinscope can import"));
          return NULL;
        }
    }

  if (format->import_func == NULL)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                   _("The format “%s” can be exported but not imported"), format->id);
      return NULL;
    }

  found = g_ptr_array_new_with_free_func (g_free);
  pinset = format->import_func (copy, found, error);
  if (pinset != NULL)
    drop_invalid_domains (pinset, found);
  /* What the document was imported from, so that the linter knows what the platform
   * expresses; the native document keeps its own. */
  if (pinset != NULL && format->import_func != _ps_format_json_import)
    ps_pinset_set_source_format (pinset, format->id);
  if (pinset != NULL && notes != NULL)
    *notes = g_steal_pointer (&found);
  return pinset;
}

/* Helpers shared by the formats. */

void
_ps_format_warn (GPtrArray           *warnings,
                 PsFormatWarningKind  kind,
                 int                  rule,
                 const char          *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (warnings, ps_format_warning_new (kind, rule, message));
}

void
_ps_format_note (GPtrArray  *notes,
                 int         line,
                 const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_ptr_array_add (notes, g_strdup_printf (_("Line %d: %s"), line, message));
  else
    g_ptr_array_add (notes, g_steal_pointer (&message));
}

void
_ps_format_error (GError     **error,
                  int          line,
                  const char  *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET, _("Line %d: %s"), line, message);
  else
    g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_PINSET, message);
}

/* GMarkup puts "Error on line N char M: " (translated in GLib's own domain) before its
 * messages: take the position from the context, and drop the prefix when it is exactly
 * that text, rather than reading numbers back out of a translated sentence. */
static const char *
strip_markup_prefix (const char *message,
                     int         line,
                     int         column)
{
  g_autofree char *with_column = g_strdup_printf (g_dgettext ("glib20",
                                                              "Error on line %d char %d: "),
                                                  line, column);
  g_autofree char *without = g_strdup_printf (g_dgettext ("glib20", "Error on line %d: "),
                                              line);

  if (g_str_has_prefix (message, with_column))
    return message + strlen (with_column);
  if (g_str_has_prefix (message, without))
    return message + strlen (without);
  return message;
}

void
_ps_format_markup_error (GError              **error,
                         GMarkupParseContext  *context,
                         GError               *markup_error)
{
  int line = 0, column = 0;

  if (markup_error->domain == PS_ERROR)
    {
      g_propagate_error (error, g_error_copy (markup_error));
      return;
    }

  g_markup_parse_context_get_position (context, &line, &column);
  _ps_format_error (error, line, _("Malformed XML: %s"),
                    strip_markup_prefix (markup_error->message, line, column));
}

int
_ps_format_markup_line (GMarkupParseContext *context)
{
  int line = 0, column = 0;

  /* GMarkup counts a line when it steps onto its newline, so just after a tag that ends
   * a line it already reports the next one (at column 1). */
  g_markup_parse_context_get_position (context, &line, &column);
  return column <= 1 && line > 1 ? line - 1 : line;
}

char *
_ps_format_markup_comment (const char *chars,
                           gsize       len)
{
  if (len < 7 || strncmp (chars, "<!--", 4) != 0 || strncmp (chars + len - 3, "-->", 3) != 0)
    return NULL;
  return g_strstrip (g_strndup (chars + 4, len - 7));
}

char *
_ps_format_comment_safe (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || (guchar) *p < 0x20)
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      /* "--" may not appear in XML comments, and "\u" is an escape in Java comments. */
      if (*p == '-' && out->len > 0 && out->str[out->len - 1] == '-')
        g_string_append_c (out, ' ');
      if (*p == 'u' && out->len > 0 && out->str[out->len - 1] == '\\')
        g_string_append_c (out, ' ');
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

char **
_ps_format_header_lines (PsPinset  *pinset,
                         GDateTime *now)
{
  g_autofree char *name = _ps_format_comment_safe (ps_pinset_get_name (pinset));
  g_autofree char *date = _ps_format_date (now);
  char **lines = g_new0 (char *, 3);

  lines[0] = g_strdup_printf ("Pinset: %s", name);
  lines[1] = g_strdup_printf ("Exported by Pinscope %s on %s.", PACKAGE_VERSION, date);
  return lines;
}

/* A "# …" line of the pin lists Pinscope writes (curl, HPKP): the pinset's name in the
 * header before any rule, and "Domains:" opening the rule the next pins belong to. */
void
_ps_format_read_list_comment (const char    *comment,
                              gboolean       before_rules,
                              char         **name,
                              PsPinsetRule **pending)
{
  if (*name == NULL && before_rules && *pending == NULL)
    *name = _ps_format_header_name (comment);
  if (g_str_has_prefix (comment, "Domains:"))
    {
      g_clear_object (pending);
      *pending = ps_pinset_rule_new ();
      _ps_format_domains_from_string (*pending, comment + strlen ("Domains:"));
    }
}

char *
_ps_format_header_name (const char *comment)
{
  g_auto(GStrv) lines = NULL;

  if (comment == NULL)
    return NULL;

  lines = g_strsplit (comment, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      /* Comment leaders of the line formats. */
      while (*line == '#' || *line == '/' || *line == ';' || *line == '*' || *line == ' ')
        line++;
      if (g_str_has_prefix (line, "Pinset: "))
        return g_strstrip (g_strdup (line + strlen ("Pinset: ")));
    }

  return NULL;
}

char *
_ps_format_pin_comment (PsPinsetPin *pin)
{
  const char *role = ps_pin_role_to_string (ps_pinset_pin_get_role (pin));
  const char *label = ps_pinset_pin_get_label (pin);

  if (label != NULL && *label != '\0')
    {
      g_autofree char *safe = _ps_format_comment_safe (label);
      return g_strdup_printf ("%s: %s", role, safe);
    }
  return g_strdup (role);
}

gboolean
_ps_format_parse_pin_comment (const char  *comment,
                              PsPinRole   *role,
                              char       **label)
{
  g_autofree char *text = NULL;
  const char *colon;
  g_autofree char *head = NULL;

  *label = NULL;
  if (comment == NULL)
    return FALSE;

  text = _ps_format_comment_safe (comment);
  if (*text == '\0')
    return FALSE;

  colon = strchr (text, ':');
  head = colon ? g_strndup (text, colon - text) : g_strdup (text);
  if (ps_pin_role_from_string (head, role))
    {
      if (colon != NULL)
        *label = g_strstrip (g_strdup (colon + 1));
      return TRUE;
    }

  /* A free comment, such as "backup key, kept offline", is the label; the role stays
   * what the format says (never guessed from words). */
  *label = g_steal_pointer (&text);
  return FALSE;
}

#define WITH_SUBDOMAINS " (with subdomains)"
#define WITH_ONE_LABEL " (with one level of subdomains)"

char *
_ps_format_domains_to_string (PsPinsetRule *rule)
{
  GListModel *domains = ps_pinset_rule_get_domains (rule);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);
      PsSubdomains subdomains = ps_pinset_domain_get_subdomains (domain);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, ps_pinset_domain_get_name (domain));
      if (subdomains == PS_SUBDOMAINS_ANY)
        g_string_append (out, WITH_SUBDOMAINS);
      else if (subdomains == PS_SUBDOMAINS_ONE_LABEL)
        g_string_append (out, WITH_ONE_LABEL);
    }

  return g_string_free (out, FALSE);
}

static gboolean
strip_suffix (char       *item,
              const char *suffix)
{
  if (!g_str_has_suffix (item, suffix))
    return FALSE;
  item[strlen (item) - strlen (suffix)] = '\0';
  g_strstrip (item);
  return TRUE;
}

void
_ps_format_domains_from_string (PsPinsetRule *rule,
                                const char   *text)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = g_strstrip (items[i]);
      PsSubdomains subdomains = PS_SUBDOMAINS_NONE;
      g_autoptr(PsPinsetDomain) domain = NULL;

      if (strip_suffix (item, WITH_SUBDOMAINS + 1))
        subdomains = PS_SUBDOMAINS_ANY;
      else if (strip_suffix (item, WITH_ONE_LABEL + 1))
        subdomains = PS_SUBDOMAINS_ONE_LABEL;
      if (*item == '\0' || strchr (item, ' ') != NULL)
        continue;
      domain = ps_pinset_domain_new_full (item, subdomains);
      ps_pinset_rule_add_domain (rule, domain);
    }
}

char *
_ps_format_date (GDateTime *date)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (date);

  /* Four digits always: g_date_time_format's %Y writes the year 500 as "500", which
   * no reader takes for yyyy-MM-dd. */
  return g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (utc),
                          g_date_time_get_month (utc), g_date_time_get_day_of_month (utc));
}

GDateTime *
_ps_format_parse_date (const char *text)
{
  int year, month, day;
  char end;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3)
    return NULL;
  if (!g_date_valid_dmy (day, month, year))
    return NULL;
  return g_date_time_new_utc (year, month, day, 0, 0, 0);
}

guint
_ps_format_n_rules (PsPinset *pinset)
{
  return g_list_model_get_n_items (ps_pinset_get_rules (pinset));
}

PsPinsetRule *
_ps_format_get_rule (PsPinset *pinset,
                     guint     index)
{
  return g_list_model_get_item (ps_pinset_get_rules (pinset), index);
}

GPtrArray *
_ps_format_rule_domains (PsPinsetRule *rule)
{
  GListModel *domains = ps_pinset_rule_get_domains (rule);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    g_ptr_array_add (out, g_list_model_get_item (domains, i));
  return out;
}

char *
_ps_format_pin_b64 (PsPinsetPin *pin)
{
  return ps_pin_to_base64 (ps_pinset_pin_get_pin (pin));
}

gboolean
_ps_format_is_wildcard (const char *domain)
{
  return domain != NULL && strchr (domain, '*') != NULL;
}

PsPinsetPin *
_ps_format_new_pin (const char  *text,
                    const char  *prefix,
                    int          line,
                    PsPinRole    role,
                    const char  *comment,
                    GPtrArray   *notes)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PsPin) pin = NULL;
  g_autofree char *label = NULL;
  g_autoptr(PsPinsetPin) kept = NULL;

  g_autofree char *stripped = g_strstrip (g_strdup (text));
  const char *value = stripped;

  /* "sha256//B64" is ambiguous when B64 itself starts with "/" (OkHttp's "sha256/" and
   * curl's "sha256//" prefixes): strip the prefix the format uses, here. */
  if (prefix != NULL && g_str_has_prefix (value, prefix))
    value += strlen (prefix);

  _ps_format_parse_pin_comment (comment, &role, &label);
  pin = ps_pin_parse (value, &local_error);
  if (pin == NULL && value != stripped)
    {
      g_autoptr(GError) whole_error = NULL;

      pin = ps_pin_parse (stripped, &whole_error);
    }
  if (pin != NULL)
    return ps_pinset_pin_new (pin, label, role);

  /* One bad entry never refuses the file: it is kept as written, for the linter to
   * report (a placeholder, a SHA-1 value or text that is no pin at all). The note does
   * not quote the value, which may be key material pasted in the wrong place. */
  kept = ps_pinset_pin_new_from_text (stripped, label, role);
  if (notes != NULL && ps_pinset_pin_get_pin (kept) == NULL &&
      !g_error_matches (local_error, PS_ERROR, PS_ERROR_PLACEHOLDER_PIN) &&
      !g_error_matches (local_error, PS_ERROR, PS_ERROR_SHA1_PIN))
    _ps_format_note (notes, line, _("an entry that is not a pin is kept unparsed; "
                                    "“check” reports it"));
  return g_steal_pointer (&kept);
}

static char *
rule_key (PsPinsetRule *rule)
{
  GListModel *pins = ps_pinset_rule_get_pins (rule);
  GDateTime *expiration = ps_pinset_rule_get_expiration (rule);
  GString *key = g_string_new (NULL);

  GListModel *anchors = ps_pinset_rule_get_anchors (rule);

  if (expiration != NULL)
    {
      g_autofree char *date = _ps_format_date (expiration);
      g_string_append (key, date);
    }
  /* Rules that a client enforces differently are never merged. */
  g_string_append_printf (key, "|p%d|r%d|m%" G_GINT64_FORMAT,
                          ps_pinset_rule_get_policy (rule), ps_pinset_rule_get_requires (rule),
                          ps_pinset_rule_get_max_age (rule));
  for (guint i = 0; i < g_list_model_get_n_items (anchors); i++)
    {
      g_autoptr(PsPinsetAnchor) anchor = g_list_model_get_item (anchors, i);

      g_string_append_printf (key, "|a%s,%d", ps_pinset_anchor_get_source (anchor),
                              ps_pinset_anchor_get_override_pins (anchor));
    }
  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      g_autofree char *b64 = ps_pinset_pin_dup_display (pin);

      g_string_append_printf (key, "|%s,%d,%s", b64, ps_pinset_pin_get_role (pin),
                              ps_pinset_pin_get_label (pin) ? ps_pinset_pin_get_label (pin)
                                                            : "");
    }
  return g_string_free (key, FALSE);
}

PsPinset *
_ps_format_finish (const char *name,
                   GPtrArray  *rules,
                   gboolean    merge)
{
  g_autoptr(PsPinset) pinset = ps_pinset_new (name != NULL ? name : "");
  /* The rule key -> the first rule with it; and "KEY\nDOMAIN" for every domain merged
   * so far, so that a file with thousands of rules is not merged in quadratic time. */
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) merged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < rules->len; i++)
    {
      PsPinsetRule *rule = g_ptr_array_index (rules, i);
      g_autoptr(GPtrArray) domains = NULL;
      g_autofree char *key = NULL;
      PsPinsetRule *first;

      if (!merge)
        {
          ps_pinset_add_rule (pinset, rule);
          continue;
        }

      key = rule_key (rule);
      first = g_hash_table_lookup (seen, key);
      if (first == NULL)
        {
          first = rule;
          g_hash_table_insert (seen, g_strdup (key), rule);
          ps_pinset_add_rule (pinset, rule);
        }

      domains = _ps_format_rule_domains (rule);
      for (guint j = 0; j < domains->len; j++)
        {
          PsPinsetDomain *domain = g_ptr_array_index (domains, j);
          const char *domain_name = ps_pinset_domain_get_name (domain);
          g_autoptr(PsPinsetDomain) copy = NULL;

          if (!g_hash_table_add (merged, g_strconcat (key, "\n", domain_name, NULL)) ||
              first == rule)
            continue;
          copy = ps_pinset_domain_new_full (domain_name,
                                            ps_pinset_domain_get_subdomains (domain));
          ps_pinset_rule_add_domain (first, copy);
        }
    }

  return g_steal_pointer (&pinset);
}
