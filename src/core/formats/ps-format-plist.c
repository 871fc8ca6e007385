/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* XML property lists, shared by the TrustKit and App Transport Security formats: a small
 * writer and a GMarkup reader into a tree of PsPlistNode. */

#define MAX_NESTING 64

void
_ps_plist_node_free (PsPlistNode *node)
{
  if (node == NULL)
    return;
  g_free (node->text);
  g_free (node->comment);
  g_clear_pointer (&node->keys, g_ptr_array_unref);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

PsPlistNode *
_ps_plist_dict_get (PsPlistNode *dict,
                    const char  *key)
{
  if (dict == NULL || dict->type != PS_PLIST_DICT)
    return NULL;

  for (guint i = 0; i < dict->keys->len; i++)
    if (g_str_equal (g_ptr_array_index (dict->keys, i), key))
      return g_ptr_array_index (dict->children, i);
  return NULL;
}

typedef struct
{
  GMarkupParseContext *context;
  PsPlistNode         *root;
  GSList              *open;        /* containers being filled, innermost first */
  guint                depth;       /* the length of @open */
  char                *key;         /* a dict key waiting for its value */
  char                *comment;
  char                *name;
  GString             *chars;
  gboolean             in_plist;
  gboolean             done;
} Parser;

static int
current_line (Parser *parser)
{
  return _ps_format_markup_line (parser->context);
}

static gboolean
attach (Parser       *parser,
        PsPlistNode  *node,
        GError      **error)
{
  PsPlistNode *parent = parser->open ? parser->open->data : NULL;

  if (parent == NULL)
    {
      if (!parser->in_plist || parser->root != NULL)
        {
          _ps_format_error (error, node->line, _("A value outside the <plist> element"));
          _ps_plist_node_free (node);
          return FALSE;
        }
      parser->root = node;
      return TRUE;
    }

  if (parent->type == PS_PLIST_DICT)
    {
      if (parser->key == NULL)
        {
          _ps_format_error (error, node->line, _("A dictionary value without its <key>"));
          _ps_plist_node_free (node);
          return FALSE;
        }
      g_ptr_array_add (parent->keys, g_steal_pointer (&parser->key));
    }
  g_ptr_array_add (parent->children, node);
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
  PsPlistNode *node;

  g_string_truncate (parser->chars, 0);

  if (g_str_equal (element, "plist"))
    {
      if (parser->in_plist || parser->root != NULL)
        _ps_format_error (error, current_line (parser), _("A nested <plist>"));
      parser->in_plist = TRUE;
      return;
    }
  if (!parser->in_plist)
    {
      _ps_format_error (error, current_line (parser),
                        _("The document is <%s>, not a property list"), element);
      return;
    }
  if (g_str_equal (element, "key"))
    {
      PsPlistNode *parent = parser->open ? parser->open->data : NULL;

      if (parent == NULL || parent->type != PS_PLIST_DICT || parser->key != NULL)
        _ps_format_error (error, current_line (parser), _("A misplaced <key>"));
      return;
    }

  node = g_new0 (PsPlistNode, 1);
  node->line = current_line (parser);
  node->comment = g_steal_pointer (&parser->comment);

  if (g_str_equal (element, "dict") || g_str_equal (element, "array"))
    {
      /* The tree is freed recursively: a hostile depth must not overflow the stack. */
      if (parser->depth >= MAX_NESTING)
        {
          _ps_format_error (error, node->line,
                            _("Elements are nested more than %d levels deep"), MAX_NESTING);
          _ps_plist_node_free (node);
          return;
        }
      node->type = g_str_equal (element, "dict") ? PS_PLIST_DICT : PS_PLIST_ARRAY;
      node->keys = g_ptr_array_new_with_free_func (g_free);
      node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) _ps_plist_node_free);
      if (attach (parser, node, error))
        {
          parser->open = g_slist_prepend (parser->open, node);
          parser->depth++;
        }
      return;
    }

  if (g_str_equal (element, "true") || g_str_equal (element, "false"))
    {
      node->type = PS_PLIST_BOOLEAN;
      node->boolean = g_str_equal (element, "true");
    }
  else if (g_str_equal (element, "string"))
    node->type = PS_PLIST_STRING;
  else if (g_str_equal (element, "integer") || g_str_equal (element, "real") ||
           g_str_equal (element, "date") || g_str_equal (element, "data"))
    node->type = PS_PLIST_OTHER;
  else
    {
      _ps_format_error (error, node->line, _("<%s> is not a property list element"),
                        element);
      _ps_plist_node_free (node);
      return;
    }

  attach (parser, node, error);
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  Parser *parser = user_data;

  if (g_str_equal (element, "plist"))
    {
      parser->in_plist = FALSE;
      parser->done = TRUE;
    }
  else if (g_str_equal (element, "key"))
    parser->key = g_strdup (parser->chars->str);
  else if (g_str_equal (element, "dict") || g_str_equal (element, "array"))
    {
      parser->open = g_slist_delete_link (parser->open, parser->open);
      parser->depth--;
      g_clear_pointer (&parser->comment, g_free);
    }
  else if (parser->open != NULL || parser->root != NULL)
    {
      PsPlistNode *parent = parser->open ? parser->open->data : NULL;
      PsPlistNode *node;

      node = parent ? g_ptr_array_index (parent->children, parent->children->len - 1)
                    : parser->root;
      if (node->type == PS_PLIST_STRING || node->type == PS_PLIST_OTHER)
        node->text = g_strdup (parser->chars->str);
    }

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
  if (parser->root == NULL && parser->name == NULL)
    parser->name = _ps_format_header_name (comment);
  g_free (parser->comment);
  parser->comment = g_steal_pointer (&comment);
}

static const GMarkupParser markup_parser = {
  start_element, end_element, text, passthrough, NULL,
};

PsPlistNode *
_ps_plist_parse (const char  *data,
                 char       **name,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) chars = g_string_new (NULL);
  Parser parser = { 0 };
  gboolean ok;

  parser.chars = chars;
  parser.context = g_markup_parse_context_new (&markup_parser, 0, &parser, NULL);
  ok = g_markup_parse_context_parse (parser.context, data, -1, &local_error) &&
       g_markup_parse_context_end_parse (parser.context, &local_error);
  g_markup_parse_context_free (parser.context);
  g_slist_free (parser.open);
  g_free (parser.key);
  g_free (parser.comment);

  if (!ok)
    {
      g_free (parser.name);
      _ps_plist_node_free (parser.root);
      _ps_format_markup_error (error, local_error);
      return NULL;
    }
  if (parser.root == NULL)
    {
      g_free (parser.name);
      _ps_format_error (error, 0, _("The file holds no property list"));
      return NULL;
    }

  if (name != NULL)
    *name = parser.name;
  else
    g_free (parser.name);
  return parser.root;
}

/* Writer. Apple's tools indent with tabs. */

static void
indent (GString *out,
        int      depth)
{
  for (int i = 0; i < depth; i++)
    g_string_append_c (out, '\t');
}

void
_ps_plist_write_header (GString   *out,
                        PsPinset  *pinset,
                        GDateTime *now)
{
  g_auto(GStrv) header = _ps_format_header_lines (pinset, now);

  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                   "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
  g_string_append_printf (out, "<!-- %s\n     %s -->\n", header[0], header[1]);
  g_string_append (out, "<plist version=\"1.0\">\n");
}

void
_ps_plist_write_footer (GString *out)
{
  g_string_append (out, "</plist>\n");
}

void
_ps_plist_write_key (GString    *out,
                     int         depth,
                     const char *key)
{
  g_autofree char *escaped = g_markup_escape_text (key, -1);

  indent (out, depth);
  g_string_append_printf (out, "<key>%s</key>\n", escaped);
}

void
_ps_plist_write_comment (GString    *out,
                         int         depth,
                         const char *comment)
{
  g_autofree char *safe = _ps_format_comment_safe (comment);

  indent (out, depth);
  g_string_append_printf (out, "<!-- %s -->\n", safe);
}

void
_ps_plist_write_string (GString    *out,
                        int         depth,
                        const char *value,
                        const char *comment)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);

  if (comment != NULL)
    _ps_plist_write_comment (out, depth, comment);
  indent (out, depth);
  g_string_append_printf (out, "<string>%s</string>\n", escaped);
}

void
_ps_plist_write_bool (GString  *out,
                      int       depth,
                      gboolean  value)
{
  indent (out, depth);
  g_string_append (out, value ? "<true/>\n" : "<false/>\n");
}

void
_ps_plist_write_open (GString    *out,
                      int         depth,
                      const char *element)
{
  indent (out, depth);
  g_string_append_printf (out, "<%s>\n", element);
}

void
_ps_plist_write_close (GString    *out,
                       int         depth,
                       const char *element)
{
  indent (out, depth);
  g_string_append_printf (out, "</%s>\n", element);
}
