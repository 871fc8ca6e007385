/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "ps-error.h"
#include "ps-pinset-private.h"

#define PATH_SIZE 64 /* room for "rules[4294967295].domains[4294967295]" */

/* Reading JSON. Every problem is reported with the path of the member, such as
 * "rules[1].pins[0].hash: invalid base64". */

G_GNUC_PRINTF (3, 4)
static gboolean
fail (GError    **error,
      const char *where,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET, "%s: %s", where, message);
  return FALSE;
}

/* "rules[0]" and "hash" make "rules[0].hash": built only for a problem, not per member. */
static char *
member_path (const char *where,
             const char *member)
{
  return g_strconcat (where, *where ? "." : "", member, NULL);
}

static const char *
node_type_label (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    default:
      return "a number";
    }
}

static gboolean
is_string_node (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Gets an optional string member; NULL and FALSE when it is there with the wrong type. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            const char  *where,
            gboolean     required,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *path = NULL;

  *out = NULL;
  if (node != NULL && is_string_node (node))
    {
      *out = json_node_get_string (node);
      return TRUE;
    }
  if (!required && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return TRUE;
  path = member_path (where, member);
  if (node == NULL)
    return fail (error, path, _("missing"));
  return fail (error, path, _("expected a string, found %s"), node_type_label (node));
}

static gboolean
get_array (JsonObject  *object,
           const char  *member,
           const char  *where,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *path = NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      *out = json_node_get_array (node);
      return TRUE;
    }
  path = member_path (where, member);
  if (node == NULL)
    return fail (error, path, _("missing"));
  return fail (error, path, _("expected an array, found %s"), node_type_label (node));
}

static GDateTime *
parse_time (const char *text,
            const char *path,
            GError    **error)
{
  GDateTime *dt = g_date_time_new_from_iso8601 (text, NULL);

  if (dt == NULL)
    fail (error, path, _("“%s” is not a date and time (expected YYYY-MM-DDTHH:MM:SSZ)"), text);
  return dt;
}

/* A calendar date, "YYYY-MM-DD" (ps_date_parse_ymd). A full ISO 8601 time, which early
 * version 1 files could hold, is accepted too. */
static GDateTime *
parse_date (const char *text,
            const char *path,
            GError    **error)
{
  GDateTime *dt;

  if (strchr (text, 'T') != NULL)
    {
      dt = g_date_time_new_from_iso8601 (text, NULL);
      if (dt != NULL)
        return dt;
    }
  dt = ps_date_parse_ymd (text, NULL);
  if (dt == NULL)
    fail (error, path, _("“%s” is not a date (expected YYYY-MM-DD)"), text);
  return dt;
}

static gboolean
get_boolean (JsonObject *object,
             const char *member,
             const char *where,
             gboolean   *out,
             GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *path = g_strconcat (where, ".", member, NULL);
      return fail (error, path, _("expected a boolean, found %s"), node_type_label (node));
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* An optional integer member in [@min, @max]; @out is left alone when it is absent. */
static gboolean
get_int (JsonObject *object,
         const char *member,
         const char *where,
         gint64      min,
         gint64      max,
         gint64     *out,
         GError    **error)
{
  g_autofree char *path = NULL;
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  path = member_path (where, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (error, path, _("expected an integer, found %s"), node_type_label (node));
  value = json_node_get_int (node);
  if (value < min || value > max)
    return fail (error, path, _("%lld is out of range (%lld to %lld)"),
                 (long long) value, (long long) min, (long long) max);
  *out = value;
  return TRUE;
}

static PsPinsetPin *
read_pin_hash (const char *hash,
               const char *algorithm,
               const char *label,
               PsPinRole   role,
               const char *where,
               GError    **error)
{
  g_autofree char *path = NULL;
  g_autoptr(PsPin) value = NULL;
  g_autofree guint8 *digest = NULL;
  PsPinAlgorithm alg = PS_PIN_SHA256;
  gsize expected = 32;
  gsize len = 0;

  if (algorithm != NULL && g_ascii_strcasecmp (algorithm, "sha1") == 0)
    {
      alg = PS_PIN_SHA1;
      expected = 20;
    }
  else if (algorithm != NULL && g_ascii_strcasecmp (algorithm, "sha256") != 0)
    {
      g_autofree char *apath = g_strconcat (where, ".algorithm", NULL);
      fail (error, apath, _("unknown algorithm “%s” (expected sha256 or sha1)"), algorithm);
      return NULL;
    }

  digest = ps_base64_decode (hash, TRUE, &len);
  if (digest == NULL || len != expected)
    path = g_strconcat (where, ".hash", NULL);
  if (digest == NULL)
    {
      fail (error, path, _("invalid base64"));
      return NULL;
    }
  if (len != expected)
    {
      fail (error, path, _("%lu bytes where a %s hash has %lu"),
            (gulong) len, alg == PS_PIN_SHA1 ? "SHA-1" : "SHA-256", (gulong) expected);
      return NULL;
    }
  /* Placeholders are kept as they are: the linter reports them. */
  value = ps_pin_new_from_digest (alg, digest, len);
  return ps_pinset_pin_new (value, label, role);
}

static gboolean
read_pin_origin (PsPinsetPin *pin,
                 JsonObject  *object,
                 const char  *where,
                 GError     **error)
{
  g_autofree char *opath = NULL;
  JsonNode *origin_node = json_object_get_member (object, "origin");
  JsonObject *origin;
  const char *type_text = NULL;
  const char *detail = NULL;
  PsPinOrigin type = PS_PIN_ORIGIN_TYPED;
  gint64 depth = -1;

  if (origin_node == NULL || JSON_NODE_HOLDS_NULL (origin_node))
    return TRUE;
  opath = g_strconcat (where, ".origin", NULL);
  if (!JSON_NODE_HOLDS_OBJECT (origin_node))
    return fail (error, opath, _("expected an object, found %s"), node_type_label (origin_node));
  origin = json_node_get_object (origin_node);
  if (!get_string (origin, "type", opath, TRUE, &type_text, error) ||
      !get_string (origin, "detail", opath, FALSE, &detail, error))
    return FALSE;
  if (!ps_pin_origin_from_string (type_text, &type))
    {
      g_autofree char *tpath = g_strconcat (opath, ".type", NULL);
      return fail (error, tpath,
                   _("unknown origin “%s” (expected typed, host, file, key or csr)"),
                   type_text);
    }
  if (!get_int (origin, "depth", opath, 0, 64, &depth, error))
    return FALSE;
  ps_pinset_pin_set_origin (pin, type, detail, (int) depth);
  return TRUE;
}

static PsPinsetPin *
read_pin (JsonNode   *node,
          const char *where,
          GError    **error)
{
  g_autoptr(PsPinsetPin) pin = NULL;
  JsonObject *object;
  const char *algorithm = NULL;
  const char *hash = NULL;
  const char *unparsed = NULL;
  const char *label = NULL;
  const char *role_text = NULL;
  const char *not_after_text = NULL;
  PsPinRole role = PS_PIN_ROLE_LEAF;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, where, _("expected an object, found %s"), node_type_label (node));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string (object, "algorithm", where, FALSE, &algorithm, error) ||
      !get_string (object, "hash", where, FALSE, &hash, error) ||
      !get_string (object, "unparsed", where, FALSE, &unparsed, error) ||
      !get_string (object, "label", where, FALSE, &label, error) ||
      !get_string (object, "role", where, TRUE, &role_text, error) ||
      !get_string (object, "not_after", where, FALSE, &not_after_text, error))
    return NULL;

  if (!ps_pin_role_from_string (role_text, &role))
    {
      g_autofree char *path = g_strconcat (where, ".role", NULL);
      fail (error, path,
            _("unknown role “%s” (expected leaf, intermediate, root, backup or unknown)"),
            role_text);
      return NULL;
    }

  if (hash != NULL)
    pin = read_pin_hash (hash, algorithm, label, role, where, error);
  else if (unparsed != NULL)
    pin = ps_pinset_pin_new_from_text (unparsed, label, role);
  else
    {
      g_autofree char *path = g_strconcat (where, ".hash", NULL);
      fail (error, path, _("missing"));
    }
  if (pin == NULL || !read_pin_origin (pin, object, where, error))
    return NULL;

  if (not_after_text != NULL)
    {
      g_autofree char *path = g_strconcat (where, ".not_after", NULL);
      g_autoptr(GDateTime) not_after = parse_time (not_after_text, path, error);

      if (not_after == NULL)
        return NULL;
      ps_pinset_pin_set_not_after (pin, not_after);
    }

  return g_steal_pointer (&pin);
}

static PsPinsetDomain *
read_domain (JsonNode   *item,
             const char *path,
             GError    **error)
{
  g_autoptr(GError) invalid = NULL;
  JsonObject *dobj;
  const char *name = NULL;
  const char *subdomains_text = NULL;
  gboolean include_subdomains = FALSE;
  PsSubdomains subdomains;

  if (!JSON_NODE_HOLDS_OBJECT (item))
    {
      fail (error, path, _("expected an object, found %s"), node_type_label (item));
      return NULL;
    }
  dobj = json_node_get_object (item);
  if (!get_string (dobj, "name", path, TRUE, &name, error) ||
      !get_string (dobj, "subdomains", path, FALSE, &subdomains_text, error) ||
      !get_boolean (dobj, "include_subdomains", path, &include_subdomains, error))
    return NULL;
  if (!ps_domain_name_validate (name, -1, PS_DOMAIN_NAME_ALLOW_WILDCARD, &invalid))
    {
      g_autofree char *npath = g_strconcat (path, ".name", NULL);
      fail (error, npath, "%s", invalid->message);
      return NULL;
    }

  /* "subdomains" (version 2) says more than "include_subdomains" (version 1). */
  subdomains = include_subdomains ? PS_SUBDOMAINS_ANY : PS_SUBDOMAINS_NONE;
  if (subdomains_text != NULL && !ps_subdomains_from_string (subdomains_text, &subdomains))
    {
      g_autofree char *spath = g_strconcat (path, ".subdomains", NULL);
      fail (error, spath, _("unknown value “%s” (expected none, one-label or any)"),
            subdomains_text);
      return NULL;
    }
  return ps_pinset_domain_new_full (name, subdomains);
}

/* An optional array of {"source", "override_pins"}; calls @add for each. */
static gboolean
read_anchors (JsonObject *object,
              const char *member,
              const char *where,
              gpointer    owner,
              void      (*add) (gpointer owner, PsPinsetAnchor *anchor),
              GError    **error)
{
  g_autofree char *apath = g_strconcat (where, *where ? "." : "", member, NULL);
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, apath, _("expected an array, found %s"), node_type_label (node));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", apath, i);
      JsonNode *item = json_array_get_element (array, i);
      g_autoptr(PsPinsetAnchor) anchor = NULL;
      const char *source = NULL;
      gboolean override_pins = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return fail (error, path, _("expected an object, found %s"), node_type_label (item));
      if (!get_string (json_node_get_object (item), "source", path, TRUE, &source, error) ||
          !get_boolean (json_node_get_object (item), "override_pins", path, &override_pins,
                        error))
        return FALSE;
      anchor = ps_pinset_anchor_new (source, override_pins);
      add (owner, anchor);
    }
  return TRUE;
}

static gboolean
read_requires (JsonObject   *object,
               const char   *where,
               PsPinsetRule *rule,
               GError      **error)
{
  g_autofree char *rpath = g_strconcat (where, ".requires", NULL);
  JsonNode *node = json_object_get_member (object, "requires");
  PsRuleRequires requires = PS_RULE_REQUIRES_NONE;
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, rpath, _("expected an array, found %s"), node_type_label (node));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", rpath, i);
      JsonNode *item = json_array_get_element (array, i);
      const char *text;

      if (!is_string_node (item))
        return fail (error, path, _("expected a string, found %s"), node_type_label (item));
      text = json_node_get_string (item);
      if (strcmp (text, "leaf") == 0)
        requires |= PS_RULE_REQUIRES_LEAF;
      else if (strcmp (text, "ca") == 0)
        requires |= PS_RULE_REQUIRES_CA;
      else
        return fail (error, path, _("unknown requirement “%s” (expected leaf or ca)"), text);
    }
  ps_pinset_rule_set_requires (rule, requires);
  return TRUE;
}

/* The members version 2 added to a rule. */
static gboolean
read_rule_semantics (JsonObject   *object,
                     const char   *where,
                     PsPinsetRule *rule,
                     GError      **error)
{
  const char *policy_text = NULL;
  PsRulePolicy policy = PS_RULE_ENFORCE;
  gint64 max_age = -1;

  if (!get_string (object, "policy", where, FALSE, &policy_text, error) ||
      !get_int (object, "max_age", where, 0, G_MAXINT64, &max_age, error) ||
      !read_requires (object, where, rule, error) ||
      !read_anchors (object, "anchors", where, rule,
                     (void (*) (gpointer, PsPinsetAnchor *)) ps_pinset_rule_add_anchor, error))
    return FALSE;
  if (policy_text != NULL && !ps_rule_policy_from_string (policy_text, &policy))
    {
      g_autofree char *path = g_strconcat (where, ".policy", NULL);
      return fail (error, path,
                   _("unknown policy “%s” (expected enforce, report-only or excluded)"),
                   policy_text);
    }
  ps_pinset_rule_set_policy (rule, policy);
  ps_pinset_rule_set_max_age (rule, max_age);
  return TRUE;
}

static PsPinsetRule *
read_rule (JsonNode   *node,
           const char *where,
           GError    **error)
{
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  char path[PATH_SIZE];
  JsonObject *object;
  JsonArray *domains = NULL;
  JsonArray *pins = NULL;
  const char *expiration = NULL;
  const char *notes = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, where, _("expected an object, found %s"), node_type_label (node));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_array (object, "domains", where, &domains, error) ||
      !get_array (object, "pins", where, &pins, error) ||
      !get_string (object, "expiration", where, FALSE, &expiration, error) ||
      !get_string (object, "notes", where, FALSE, &notes, error) ||
      !read_rule_semantics (object, where, rule, error))
    return NULL;

  for (guint i = 0; i < json_array_get_length (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = NULL;

      g_snprintf (path, sizeof path, "%s.domains[%u]", where, i);
      domain = read_domain (json_array_get_element (domains, i), path, error);
      if (domain == NULL)
        return NULL;
      ps_pinset_rule_add_domain (rule, domain);
    }

  for (guint i = 0; i < json_array_get_length (pins); i++)
    {
      g_autoptr(PsPinsetPin) pin = NULL;

      g_snprintf (path, sizeof path, "%s.pins[%u]", where, i);
      pin = read_pin (json_array_get_element (pins, i), path, error);
      if (pin == NULL)
        return NULL;
      ps_pinset_rule_append_pin (rule, pin);
    }

  if (expiration != NULL)
    {
      g_autofree char *epath = g_strconcat (where, ".expiration", NULL);
      g_autoptr(GDateTime) date = parse_date (expiration, epath, error);

      if (date == NULL)
        return NULL;
      ps_pinset_rule_set_expiration (rule, date);
    }
  ps_pinset_rule_set_notes (rule, notes);

  return g_steal_pointer (&rule);
}

/* Parses @json after the checks that protect the parser; returns the parser holding the
 * document. */
static JsonParser *
parse_document (const char  *json,
                gssize       len,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  guint nul_line;
  guint second_line;

  if (len < 0)
    len = strlen (json);

  if ((gsize) len > PS_PINSET_MAX_FILE_SIZE)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("The document is %ld bytes long; pinsets larger than "
                     "%d MiB are refused"), (glong) len, PS_PINSET_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  if (!g_utf8_validate (json, len, NULL))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("The document is not UTF-8 text"));
      return NULL;
    }

  if (!_ps_pinset_json_nesting_is_reasonable (json, len))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("Not a Pinscope pinset: the JSON is nested more than %d levels deep"),
                   PS_PINSET_JSON_MAX_NESTING);
      return NULL;
    }

  nul_line = _ps_pinset_json_line_of_nul_escape (json, len);
  if (nul_line > 0)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("Line %u: a string contains a NUL character (\\u0000), which no name, "
                     "pin or label may hold"), nul_line);
      return NULL;
    }

  second_line = _ps_pinset_json_line_of_second_value (json, len);
  if (second_line > 0)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("Line %u: a second JSON value follows the first; a pinset is one JSON "
                     "object"), second_line);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, len, &local_error))
    {
      int line = 0, column = 0, consumed = 0;

      /* json-glib says "<data>:LINE:COLUMN: Parse error: ..."; say it as the other
       * readers do. */
      if (sscanf (local_error->message, "<data>:%d:%d: %n", &line, &column, &consumed) == 2 &&
          consumed > 0)
        {
          const char *detail = local_error->message + consumed;

          if (g_str_has_prefix (detail, "Parse error: "))
            detail += strlen ("Parse error: ");
          g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                       _("Line %d, column %d: not a valid JSON document: %s"),
                       line, column, detail);
        }
      else
        g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                     _("Not a valid JSON document: %s"), local_error->message);
      return NULL;
    }

  return g_steal_pointer (&parser);
}

static gboolean
check_version (JsonObject  *object,
               GError     **error)
{
  JsonNode *version_node;
  gint64 version;

  version_node = json_object_get_member (object, "version");
  if (version_node == NULL)
    {
      fail (error, "version", _("missing"));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (version_node) ||
      json_node_get_value_type (version_node) != G_TYPE_INT64)
    {
      fail (error, "version", _("expected an integer, found %s"), node_type_label (version_node));
      return FALSE;
    }
  version = json_node_get_int (version_node);
  if (version > PS_PINSET_FORMAT_VERSION)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_NEWER_VERSION,
                   _("This pinset has format version %lld, written by a newer "
                     "Pinscope; this version reads version %d and older. Update Pinscope to "
                     "open it."), (long long) version, PS_PINSET_FORMAT_VERSION);
      return FALSE;
    }
  if (version < 1)
    {
      fail (error, "version", _("%lld is not a format version"), (long long) version);
      return FALSE;
    }

  return TRUE;
}

/* The document's own members: name, times, source format and anchors. */
static gboolean
read_document_members (PsPinset    *self,
                       JsonObject  *object,
                       GError     **error)
{
  g_autoptr(GDateTime) created_dt = NULL;
  g_autoptr(GDateTime) modified_dt = NULL;
  const char *name = NULL;
  const char *created = NULL;
  const char *modified = NULL;
  const char *source_format = NULL;

  if (!get_string (object, "name", "", FALSE, &name, error) ||
      !get_string (object, "created", "", FALSE, &created, error) ||
      !get_string (object, "modified", "", FALSE, &modified, error) ||
      !get_string (object, "source_format", "", FALSE, &source_format, error) ||
      !read_anchors (object, "base_anchors", "", self,
                     (void (*) (gpointer, PsPinsetAnchor *)) ps_pinset_add_base_anchor, error) ||
      !read_anchors (object, "debug_anchors", "", self,
                     (void (*) (gpointer, PsPinsetAnchor *)) ps_pinset_add_debug_anchor, error))
    return FALSE;
  if (created != NULL && (created_dt = parse_time (created, "created", error)) == NULL)
    return FALSE;
  if (modified != NULL && (modified_dt = parse_time (modified, "modified", error)) == NULL)
    return FALSE;

  ps_pinset_set_name (self, name);
  ps_pinset_set_source_format (self, source_format);
  _ps_pinset_set_times (self, created_dt, modified_dt);
  return TRUE;
}

PsPinset *
ps_pinset_new_from_json (const char  *json,
                         gssize       len,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(PsPinset) self = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonArray *rules = NULL;
  const char *format = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  parser = parse_document (json, len, error);
  if (parser == NULL)
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("Not a Pinscope pinset: the document is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!get_string (object, "format", "", TRUE, &format, error))
    return NULL;
  if (strcmp (format, PS_PINSET_FORMAT_NAME) != 0)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("format: “%s” is not a Pinscope pinset (expected “%s”)"),
                   format, PS_PINSET_FORMAT_NAME);
      return NULL;
    }

  if (!check_version (object, error) ||
      !get_array (object, "rules", "", &rules, error))
    return NULL;

  self = g_object_new (PS_TYPE_PINSET, NULL);
  _ps_pinset_set_loading (self, TRUE);

  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      char path[PATH_SIZE];
      g_autoptr(PsPinsetRule) rule = NULL;

      g_snprintf (path, sizeof path, "rules[%u]", i);
      rule = read_rule (json_array_get_element (rules, i), path, error);
      if (rule == NULL)
        return NULL;
      ps_pinset_add_rule (self, rule);
    }

  /* Last, so that the reading does not change "modified". */
  if (!read_document_members (self, object, error))
    return NULL;

  _ps_pinset_set_loading (self, FALSE);
  return g_steal_pointer (&self);
}
