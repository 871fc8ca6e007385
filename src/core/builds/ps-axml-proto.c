/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-axml-private.h"
#include "ps-error.h"
#include "ps-proto.h"
#include "ps-res-private.h"
#include "ps-res-proto.h"

/* XML in the protobuf form of an Android App Bundle (the manifest and res/xml files of each
 * module): one XmlNode message, read into the same document model as binary XML so that
 * everything downstream is shared. Messages per aapt2's Resources.proto
 * (frameworks/base/tools/aapt2/Resources.proto):
 *   XmlNode      { XmlElement element = 1; string text = 2; SourcePosition source = 3; }
 *   XmlElement   { repeated XmlNamespace namespace_declaration = 1; string namespace_uri = 2;
 *                  string name = 3; repeated XmlAttribute attribute = 4;
 *                  repeated XmlNode child = 5; }
 *   XmlNamespace { string prefix = 1; string uri = 2; }
 *   XmlAttribute { string namespace_uri = 1; string name = 2; string value = 3;
 *                  SourcePosition source = 4; uint32 resource_id = 5;
 *                  Item compiled_item = 6; }
 *   SourcePosition { uint32 line_number = 1; }
 * Item and Primitive are read by ps-res-proto.c, shared with the resource table. */

#define MAX_DEPTH      256
#define MAX_NODES      (1u << 18)
#define MAX_ATTRIBUTES 65535

typedef struct
{
  GPtrArray  *nodes;
  GHashTable *prefixes;  /* URI -> prefix */
} Reader;

static gboolean read_node (Reader        *reader,
                           const guint8  *data,
                           gsize          len,
                           guint          depth,
                           GError       **error);

static gboolean
read_line (const PsProtoField  *position,
           guint               *line,
           GError             **error)
{
  PsProtoReader reader;
  PsProtoField field;
  guint32 value;

  if (position->wire_type != PS_PROTO_LEN)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("A source position is not a message"));
      return FALSE;
    }
  ps_proto_reader_init (&reader, position->data, position->len);
  while (!ps_proto_at_end (&reader))
    {
      if (!ps_proto_next (&reader, &field, error))
        return FALSE;
      if (field.number == 1)
        {
          if (!ps_proto_get_uint32 (&field, N_("line number"), &value, error))
            return FALSE;
          *line = value;
        }
    }
  return TRUE;
}

/* The attribute's value: its compiled item when that says more than the text, as
 * ps-axml.c renders the typed values of binary XML. */
static void
set_attribute_value (PsAxmlAttribute *attr,
                     const PsResItem *item,
                     char            *text)
{
  attr->type = PS_AXML_TYPE_STRING;
  attr->data = 0;
  switch (item->kind)
    {
    case PS_RES_ITEM_STRING:
      attr->value = g_strdup (item->string);
      break;
    case PS_RES_ITEM_VALUE:
      /* A reference by name only (no id) keeps its text, "@raw/ca", to be found by name. */
      if (item->data == 0 && (item->type == PS_AXML_TYPE_REFERENCE ||
                              item->type == PS_AXML_TYPE_ATTRIBUTE))
        break;
      attr->type = item->type;
      attr->data = item->data;
      if (item->type == PS_AXML_TYPE_NULL && text != NULL)
        attr->value = g_strdup (text);
      else
        attr->value = _ps_res_value_to_string (item->type, item->data);
      break;
    case PS_RES_ITEM_NONE:
    case PS_RES_ITEM_OTHER:
    default:
      break;
    }
  if (attr->value == NULL)
    attr->value = g_strdup (text != NULL ? text : "");
  g_free (text);
}

static gboolean
read_attribute_field (PsAxmlAttribute     *attr,
                      const PsProtoField  *field,
                      char               **text,
                      PsResItem           *item,
                      GError             **error)
{
  switch (field->number)
    {
    case 1:
      g_free (attr->ns);
      attr->ns = ps_proto_dup_string (field, N_("attribute namespace"), error);
      return attr->ns != NULL;
    case 2:
      g_free (attr->name);
      attr->name = ps_proto_dup_string (field, N_("attribute name"), error);
      return attr->name != NULL;
    case 3:
      g_free (*text);
      *text = ps_proto_dup_string (field, N_("attribute value"), error);
      return *text != NULL;
    case 5:
      return ps_proto_get_uint32 (field, N_("attribute resource id"), &attr->resource_id,
                                  error);
    case 6:
      _ps_res_item_clear (item);
      return _ps_res_item_read (field, item, error);
    default:
      return TRUE; /* the source position, and fields added later */
    }
}

static PsAxmlAttribute *
read_attribute (const PsProtoField  *message,
                GError             **error)
{
  PsAxmlAttribute *attr = g_new0 (PsAxmlAttribute, 1);
  g_auto(PsResItem) item = { 0 };
  char *text = NULL;
  PsProtoReader reader;
  PsProtoField field;

  ps_proto_reader_init (&reader, message->data, message->len);
  while (!ps_proto_at_end (&reader))
    if (!ps_proto_next (&reader, &field, error) ||
        !read_attribute_field (attr, &field, &text, &item, error))
      {
        g_free (text);
        _ps_axml_attribute_free (attr);
        return NULL;
      }
  /* Empty strings are not written in proto3: no namespace is NULL, as in binary XML. */
  if (attr->ns != NULL && *attr->ns == '\0')
    g_clear_pointer (&attr->ns, g_free);
  if (!_ps_axml_attribute_settle_name (attr, error))
    {
      g_free (text);
      _ps_axml_attribute_free (attr);
      return NULL;
    }
  set_attribute_value (attr, &item, text);
  return attr;
}

static gboolean
read_namespace (Reader              *reader,
                const PsProtoField  *message,
                PsAxmlNode          *node,
                GError             **error)
{
  g_autofree char *prefix = NULL;
  g_autofree char *uri = NULL;
  PsProtoReader fields;
  PsProtoField field;

  ps_proto_reader_init (&fields, message->data, message->len);
  while (!ps_proto_at_end (&fields))
    {
      char **target;

      if (!ps_proto_next (&fields, &field, error))
        return FALSE;
      if (field.number != 1 && field.number != 2)
        continue;
      target = field.number == 1 ? &prefix : &uri;
      g_free (*target);
      *target = ps_proto_dup_string (&field, N_("namespace"), error);
      if (*target == NULL)
        return FALSE;
    }
  if (uri == NULL || *uri == '\0' || prefix == NULL || *prefix == '\0')
    return TRUE;
  if (node->namespaces == NULL)
    node->namespaces = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (node->namespaces, g_strdup (prefix));
  g_ptr_array_add (node->namespaces, g_strdup (uri));
  if (!g_hash_table_contains (reader->prefixes, uri))
    g_hash_table_insert (reader->prefixes, g_steal_pointer (&uri), g_steal_pointer (&prefix));
  return TRUE;
}

/* Everything of an element but its children. */
static gboolean
read_element_field (Reader              *reader,
                    PsAxmlNode          *node,
                    const PsProtoField  *field,
                    GError             **error)
{
  PsAxmlAttribute *attr;

  if ((field->number == 1 || field->number == 4 || field->number == 5) &&
      field->wire_type != PS_PROTO_LEN)
    goto not_message;
  switch (field->number)
    {
    case 1:
      return read_namespace (reader, field, node, error);
    case 2:
      g_free (node->ns);
      node->ns = ps_proto_dup_string (field, N_("element namespace"), error);
      return node->ns != NULL;
    case 3:
      g_free (node->name);
      node->name = ps_proto_dup_string (field, N_("element name"), error);
      return node->name != NULL;
    case 4:
      if (node->attributes->len >= MAX_ATTRIBUTES)
        {
          g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                       _("An element has more than %u attributes"), MAX_ATTRIBUTES);
          return FALSE;
        }
      attr = read_attribute (field, error);
      if (attr == NULL)
        return FALSE;
      g_ptr_array_add (node->attributes, attr);
      return TRUE;
    default:
      return TRUE; /* the children (5) are read after the start */
    }

not_message:
  g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
               _("Field %u of an element is not a message"), field->number);
  return FALSE;
}

static PsAxmlNode *
add_node (Reader          *reader,
          PsAxmlNodeKind   kind,
          guint            depth,
          guint            line,
          GError         **error)
{
  PsAxmlNode *node;

  if (reader->nodes->len >= MAX_NODES)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("The XML has more than %u nodes"), MAX_NODES);
      return NULL;
    }
  node = g_new0 (PsAxmlNode, 1);
  node->kind = kind;
  node->depth = depth;
  node->line = line;
  g_ptr_array_add (reader->nodes, node);
  return node;
}

static gboolean
read_element (Reader              *reader,
              const PsProtoField  *message,
              guint                depth,
              guint                line,
              GError             **error)
{
  PsAxmlNode *start, *end;
  PsProtoReader fields;
  PsProtoField field;

  start = add_node (reader, PS_AXML_NODE_START, depth, line, error);
  if (start == NULL)
    return FALSE;
  start->attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) _ps_axml_attribute_free);
  ps_proto_reader_init (&fields, message->data, message->len);
  while (!ps_proto_at_end (&fields))
    if (!ps_proto_next (&fields, &field, error) ||
        !read_element_field (reader, start, &field, error))
      return FALSE;
  if (start->ns != NULL && *start->ns == '\0')
    g_clear_pointer (&start->ns, g_free);
  if (start->name == NULL || *start->name == '\0')
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA, _("An element has no name"));
      return FALSE;
    }

  /* The children, in order: every field was checked above. */
  ps_proto_reader_init (&fields, message->data, message->len);
  while (!ps_proto_at_end (&fields))
    {
      if (!ps_proto_next (&fields, &field, error))
        return FALSE;
      if (field.number == 5 && !read_node (reader, field.data, field.len, depth + 1, error))
        return FALSE;
    }
  end = add_node (reader, PS_AXML_NODE_END, depth, line, error);
  if (end == NULL)
    return FALSE;
  end->ns = g_strdup (start->ns);
  end->name = g_strdup (start->name);
  return TRUE;
}

/* An XmlNode at @depth (0: the root); the recursion is bounded by MAX_DEPTH. */
static gboolean
read_node (Reader        *reader,
           const guint8  *data,
           gsize          len,
           guint          depth,
           GError       **error)
{
  PsProtoReader fields;
  PsProtoField field, content = { 0 };
  guint line = 0;

  if (depth >= MAX_DEPTH)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("Elements are nested more than %d levels deep"), MAX_DEPTH);
      return FALSE;
    }
  ps_proto_reader_init (&fields, data, len);
  while (!ps_proto_at_end (&fields))
    {
      if (!ps_proto_next (&fields, &field, error))
        return FALSE;
      if (field.number == 1 || field.number == 2)
        content = field;  /* a oneof: the last one wins */
      else if (field.number == 3 && !read_line (&field, &line, error))
        return FALSE;
    }
  if (content.number == 1)
    {
      if (content.wire_type != PS_PROTO_LEN)
        {
          g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                               _("An XML element is not a message"));
          return FALSE;
        }
      return read_element (reader, &content, depth, line, error);
    }
  if (content.number == 2)
    {
      PsAxmlNode *node;

      if (depth == 0)
        {
          g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                               _("Text outside the root element"));
          return FALSE;
        }
      node = add_node (reader, PS_AXML_NODE_TEXT, depth, line, error);
      if (node == NULL)
        return FALSE;
      node->text = ps_proto_dup_string (&content, N_("text"), error);
      return node->text != NULL;
    }
  g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                       _("An XML node is neither an element nor text"));
  return FALSE;
}

PsAxmlDocument *
ps_axml_parse_proto (const guint8  *data,
                     gsize          len,
                     GError       **error)
{
  Reader reader;
  g_autoptr(GError) local_error = NULL;

  reader.nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) _ps_axml_node_free);
  reader.prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (len == 0)
    g_set_error_literal (&local_error, PS_ERROR, PS_ERROR_INVALID_DATA,
                         _("The protobuf XML has no element"));
  else if (read_node (&reader, data, len, 0, &local_error))
    return _ps_axml_document_new (reader.nodes, reader.prefixes);
  g_ptr_array_unref (reader.nodes);
  g_hash_table_unref (reader.prefixes);
  g_prefix_error_literal (&local_error, _("Android protobuf XML: "));
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}
