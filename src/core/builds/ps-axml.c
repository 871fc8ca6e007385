/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-axml.h"
#include "ps-axml-private.h"
#include "ps-error.h"
#include "ps-res-private.h"

/* Android binary XML: a RES_XML_TYPE chunk holding a string pool, an optional resource
 * map (the android:attr id of each attribute name) and one chunk per namespace, element
 * start and end, and text. Layout per AOSP's ResourceTypes.h (ResXMLTree_node,
 * ResXMLTree_attrExt, ResXMLTree_attribute). */

#define NODE_HEADER      16   /* chunk header, line number, comment */
#define ATTR_EXT_SIZE    20
#define ATTR_SIZE        20
#define MAX_DEPTH        256
#define ANDROID_PREFIX   "android"

#define ATTR_LABEL           0x01010001u
#define ATTR_VERSION_CODE    0x0101021bu
#define ATTR_VERSION_NAME    0x0101021cu
#define ATTR_NETWORK_SEC_CFG 0x01010527u

struct _PsAxmlDocument
{
  GPtrArray  *nodes;
  GHashTable *prefixes;  /* URI -> prefix, as declared */
};

typedef struct
{
  PsResStringPool  pool;
  const guint8    *map;        /* resource ids, @n_map of them */
  guint32          n_map;
  GPtrArray       *nodes;
  GPtrArray       *pending_ns; /* prefix, URI pairs for the next start element */
  GHashTable      *prefixes;   /* URI -> prefix */
  guint            depth;
} Reader;

void
_ps_axml_attribute_free (PsAxmlAttribute *attr)
{
  g_free (attr->ns);
  g_free (attr->name);
  g_free (attr->value);
  g_free (attr);
}

void
_ps_axml_node_free (PsAxmlNode *node)
{
  g_free (node->ns);
  g_free (node->name);
  g_free (node->text);
  g_clear_pointer (&node->attributes, g_ptr_array_unref);
  g_clear_pointer (&node->namespaces, g_ptr_array_unref);
  g_free (node);
}

void
ps_axml_document_free (PsAxmlDocument *doc)
{
  if (doc == NULL)
    return;
  g_ptr_array_unref (doc->nodes);
  g_hash_table_unref (doc->prefixes);
  g_free (doc);
}

PsAxmlDocument *
_ps_axml_document_new (GPtrArray  *nodes,
                       GHashTable *prefixes)
{
  PsAxmlDocument *doc = g_new0 (PsAxmlDocument, 1);

  doc->nodes = nodes;
  doc->prefixes = prefixes;
  return doc;
}

GPtrArray *
ps_axml_document_get_nodes (PsAxmlDocument *doc)
{
  return doc->nodes;
}

/* An optional string reference: PS_RES_NO_INDEX gives NULL without error. */
static gboolean
optional_string (Reader      *reader,
                 guint32      index,
                 const char  *what,
                 char       **out,
                 GError     **error)
{
  const char *s;

  *out = NULL;
  if (index == PS_RES_NO_INDEX)
    return TRUE;
  s = _ps_res_string_pool_get (&reader->pool, index, what, error);
  if (s == NULL)
    return FALSE;
  *out = g_strdup (s);
  return TRUE;
}

/* Names a shrinker blanked, from their android:attr id. */
const char *
_ps_axml_known_attribute_name (guint32 id)
{
  switch (id)
    {
    case ATTR_LABEL: return "label";
    case 0x01010003u: return "name";
    case ATTR_VERSION_CODE: return "versionCode";
    case ATTR_VERSION_NAME: return "versionName";
    case ATTR_NETWORK_SEC_CFG: return "networkSecurityConfig";
    default: return NULL;
    }
}

gboolean
_ps_axml_attribute_settle_name (PsAxmlAttribute  *attr,
                                GError          **error)
{
  const char *known = _ps_axml_known_attribute_name (attr->resource_id);

  if ((attr->name == NULL || *attr->name == '\0') && known != NULL)
    {
      g_free (attr->name);
      attr->name = g_strdup (known);
    }
  if (attr->name == NULL || *attr->name == '\0')
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("An attribute has no name"));
      return FALSE;
    }
  return TRUE;
}

static PsAxmlAttribute *
read_attribute (Reader        *reader,
                const guint8  *p,
                GError       **error)
{
  PsAxmlAttribute *attr = g_new0 (PsAxmlAttribute, 1);
  guint32 name_index = _ps_res_u32 (p + 4);
  guint32 raw = _ps_res_u32 (p + 8);
  g_autofree char *raw_text = NULL;

  attr->type = p[15];
  attr->data = _ps_res_u32 (p + 16);
  if (!optional_string (reader, _ps_res_u32 (p), N_("attribute namespace"), &attr->ns, error) ||
      !optional_string (reader, name_index, N_("attribute name"), &attr->name, error) ||
      !optional_string (reader, raw, N_("attribute value"), &raw_text, error))
    {
      _ps_axml_attribute_free (attr);
      return NULL;
    }
  if (name_index < reader->n_map)
    attr->resource_id = _ps_res_u32 (reader->map + 4 * name_index);
  if (!_ps_axml_attribute_settle_name (attr, error))
    {
      _ps_axml_attribute_free (attr);
      return NULL;
    }

  if (attr->type == PS_AXML_TYPE_STRING)
    {
      const char *s = _ps_res_string_pool_get (&reader->pool, attr->data, N_("attribute value"),
                                               error);
      if (s == NULL)
        {
          _ps_axml_attribute_free (attr);
          return NULL;
        }
      attr->value = g_strdup (s);
    }
  else if (attr->type == PS_AXML_TYPE_NULL && raw_text != NULL)
    attr->value = g_steal_pointer (&raw_text);
  else
    attr->value = _ps_res_value_to_string (attr->type, attr->data);
  return attr;
}

static gboolean
read_start (Reader            *reader,
            const PsResChunk  *chunk,
            PsAxmlNode        *node,
            GError           **error)
{
  const guint8 *ext = chunk->start + chunk->header_size;
  guint16 attr_start, attr_size, attr_count;

  if (chunk->size - chunk->header_size < ATTR_EXT_SIZE)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("An element start is cut short"));
      return FALSE;
    }
  if (!optional_string (reader, _ps_res_u32 (ext), N_("element namespace"), &node->ns, error) ||
      !optional_string (reader, _ps_res_u32 (ext + 4), N_("element name"), &node->name, error))
    return FALSE;
  if (node->name == NULL || *node->name == '\0')
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA, _("An element has no name"));
      return FALSE;
    }
  attr_start = _ps_res_u16 (ext + 8);
  attr_size = _ps_res_u16 (ext + 10);
  attr_count = _ps_res_u16 (ext + 12);
  if (attr_count > 0 &&
      (attr_size < ATTR_SIZE ||
       (gsize) chunk->header_size + attr_start + (gsize) attr_size * attr_count > chunk->size))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("The %u attributes of <%s> run past their chunk"), attr_count, node->name);
      return FALSE;
    }
  node->attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) _ps_axml_attribute_free);
  for (guint i = 0; i < attr_count; i++)
    {
      PsAxmlAttribute *attr = read_attribute (reader, ext + attr_start + i * attr_size, error);

      if (attr == NULL)
        return FALSE;
      g_ptr_array_add (node->attributes, attr);
    }
  return TRUE;
}

static gboolean
read_namespace (Reader            *reader,
                const PsResChunk  *chunk,
                GError           **error)
{
  const guint8 *ext = chunk->start + chunk->header_size;
  g_autofree char *prefix = NULL;
  g_autofree char *uri = NULL;

  if (chunk->size - chunk->header_size < 8)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("A namespace chunk is cut short"));
      return FALSE;
    }
  if (chunk->type == PS_RES_XML_END_NS)
    return TRUE;
  if (!optional_string (reader, _ps_res_u32 (ext), N_("namespace prefix"), &prefix, error) ||
      !optional_string (reader, _ps_res_u32 (ext + 4), N_("namespace URI"), &uri, error))
    return FALSE;
  if (uri == NULL || prefix == NULL || *prefix == '\0')
    return TRUE;
  if (reader->pending_ns == NULL)
    reader->pending_ns = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (reader->pending_ns, g_strdup (prefix));
  g_ptr_array_add (reader->pending_ns, g_strdup (uri));
  if (!g_hash_table_contains (reader->prefixes, uri))
    g_hash_table_insert (reader->prefixes, g_strdup (uri), g_strdup (prefix));
  return TRUE;
}

static gboolean
read_node (Reader            *reader,
           const PsResChunk  *chunk,
           GError           **error)
{
  PsAxmlNode *node;
  const guint8 *ext = chunk->start + chunk->header_size;

  if (chunk->header_size < NODE_HEADER)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("An XML node chunk has a header of %u bytes"), chunk->header_size);
      return FALSE;
    }
  if (chunk->type == PS_RES_XML_START_NS || chunk->type == PS_RES_XML_END_NS)
    return read_namespace (reader, chunk, error);

  node = g_new0 (PsAxmlNode, 1);
  g_ptr_array_add (reader->nodes, node);
  node->line = _ps_res_u32 (chunk->start + 8);
  switch (chunk->type)
    {
    case PS_RES_XML_START_ELEMENT:
      if (reader->depth >= MAX_DEPTH)
        {
          g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                       _("Elements are nested more than %d levels deep"), MAX_DEPTH);
          return FALSE;
        }
      node->kind = PS_AXML_NODE_START;
      node->depth = reader->depth++;
      node->namespaces = g_steal_pointer (&reader->pending_ns);
      return read_start (reader, chunk, node, error);
    case PS_RES_XML_END_ELEMENT:
      if (reader->depth == 0 || chunk->size - chunk->header_size < 8)
        {
          g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                               _("An element ends that was not started"));
          return FALSE;
        }
      node->kind = PS_AXML_NODE_END;
      node->depth = --reader->depth;
      return optional_string (reader, _ps_res_u32 (ext + 4), N_("element name"), &node->name,
                              error);
    case PS_RES_XML_CDATA:
      node->kind = PS_AXML_NODE_TEXT;
      node->depth = reader->depth;
      if (reader->depth == 0 || chunk->size - chunk->header_size < 4)
        {
          g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                               _("Text outside the root element"));
          return FALSE;
        }
      if (!optional_string (reader, _ps_res_u32 (ext), N_("text"), &node->text, error))
        return FALSE;
      if (node->text == NULL)
        node->text = g_strdup ("");
      return TRUE;
    default:
      g_ptr_array_remove_index (reader->nodes, reader->nodes->len - 1);
      return TRUE; /* unknown chunks are skipped, as Android does */
    }
}

static gboolean
read_tree (Reader        *reader,
           const guint8  *data,
           gsize          len,
           GError       **error)
{
  PsResChunk root, chunk;
  gsize offset;
  gboolean have_pool = FALSE;

  if (len < 2 || _ps_res_u16 (data) != PS_RES_XML_TYPE)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("Not Android binary XML (text XML, or another file)"));
      return FALSE;
    }
  if (!_ps_res_chunk_read (data, len, 0, &root, error))
    return FALSE;
  for (offset = root.header_size; offset < root.size; offset += chunk.size)
    {
      if (!_ps_res_chunk_read (data, root.size, offset, &chunk, error))
        return FALSE;
      if (chunk.type == PS_RES_STRING_POOL_TYPE && !have_pool)
        {
          if (!_ps_res_string_pool_read (&chunk, &reader->pool, error))
            return FALSE;
          have_pool = TRUE;
        }
      else if (chunk.type == PS_RES_XML_RESOURCE_MAP)
        {
          reader->map = chunk.start + chunk.header_size;
          reader->n_map = (chunk.size - chunk.header_size) / 4;
        }
      else if (chunk.type >= PS_RES_XML_START_NS && chunk.type <= PS_RES_XML_CDATA)
        {
          if (!have_pool)
            {
              g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                                   _("XML nodes come before the string pool"));
              return FALSE;
            }
          if (!read_node (reader, &chunk, error))
            return FALSE;
        }
    }
  if (reader->depth != 0 || reader->nodes->len == 0)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           reader->nodes->len == 0 ? _("The binary XML has no element")
                                                   : _("The binary XML ends inside an element"));
      return FALSE;
    }
  return TRUE;
}

PsAxmlDocument *
ps_axml_parse (const guint8  *data,
               gsize          len,
               GError       **error)
{
  Reader reader = { 0 };
  PsAxmlDocument *doc = NULL;
  g_autoptr(GError) local_error = NULL;

  reader.nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) _ps_axml_node_free);
  reader.prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (read_tree (&reader, data, len, &local_error))
    {
      doc = g_new0 (PsAxmlDocument, 1);
      doc->nodes = g_steal_pointer (&reader.nodes);
      doc->prefixes = g_hash_table_ref (reader.prefixes);
    }
  else
    g_prefix_error_literal (&local_error, _("Android binary XML: "));
  _ps_res_string_pool_clear (&reader.pool);
  g_clear_pointer (&reader.nodes, g_ptr_array_unref);
  g_clear_pointer (&reader.pending_ns, g_ptr_array_unref);
  g_hash_table_unref (reader.prefixes);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return doc;
}

/* Text output. */

static void
use_namespace (GHashTable *prefixes,
               GHashTable *used,
               const char *uri)
{
  const char *prefix;
  char *made;

  if (uri == NULL || g_hash_table_contains (prefixes, uri))
    return;
  if (g_str_equal (uri, PS_AXML_ANDROID_NS) && !g_hash_table_contains (used, ANDROID_PREFIX))
    prefix = ANDROID_PREFIX;
  else
    prefix = NULL;
  made = prefix ? g_strdup (prefix) : NULL;
  for (guint i = 0; made == NULL || g_hash_table_contains (used, made); i++)
    {
      g_free (made);
      made = g_strdup_printf ("ns%u", i);
    }
  g_hash_table_insert (prefixes, g_strdup (uri), made);
  g_hash_table_add (used, g_strdup (made));
}

/* Every namespace in use gets a distinct, valid prefix, declared on the root element. */
static GHashTable *
assign_prefixes (PsAxmlDocument *doc)
{
  GHashTable *prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer uri, prefix;

  g_hash_table_iter_init (&iter, doc->prefixes);
  while (g_hash_table_iter_next (&iter, &uri, &prefix))
    if (!g_hash_table_contains (used, prefix) && !g_str_equal (prefix, "xmlns") &&
        g_regex_match_simple ("^[A-Za-z_][A-Za-z0-9_.-]*$", prefix, 0, 0))
      {
        g_hash_table_insert (prefixes, g_strdup (uri), g_strdup (prefix));
        g_hash_table_add (used, g_strdup (prefix));
      }
  for (guint i = 0; i < doc->nodes->len; i++)
    {
      PsAxmlNode *node = g_ptr_array_index (doc->nodes, i);

      if (node->kind != PS_AXML_NODE_START)
        continue;
      use_namespace (prefixes, used, node->ns);
      for (guint a = 0; a < node->attributes->len; a++)
        use_namespace (prefixes, used, ((PsAxmlAttribute *) node->attributes->pdata[a])->ns);
    }
  return prefixes;
}

static void
append_qname (GString    *out,
              GHashTable *prefixes,
              const char *ns,
              const char *name)
{
  g_autofree char *escaped = g_markup_escape_text (name, -1);

  if (ns != NULL)
    g_string_append_printf (out, "%s:", (const char *) g_hash_table_lookup (prefixes, ns));
  g_string_append (out, escaped);
}

static void
append_start (GString             *out,
              GHashTable          *prefixes,
              const PsAxmlNode    *node,
              PsAxmlReferenceFunc  func,
              gpointer             user_data)
{
  g_string_append_c (out, '<');
  append_qname (out, prefixes, node->ns, node->name);
  if (node->depth == 0)
    {
      GHashTableIter iter;
      gpointer uri, prefix;

      g_hash_table_iter_init (&iter, prefixes);
      while (g_hash_table_iter_next (&iter, &uri, &prefix))
        {
          g_autofree char *escaped = g_markup_escape_text (uri, -1);
          g_string_append_printf (out, " xmlns:%s=\"%s\"", (char *) prefix, escaped);
        }
    }
  for (guint a = 0; a < node->attributes->len; a++)
    {
      PsAxmlAttribute *attr = g_ptr_array_index (node->attributes, a);
      g_autofree char *named = NULL;
      g_autofree char *escaped = NULL;

      if (func != NULL && attr->data != 0 &&
          (attr->type == PS_AXML_TYPE_REFERENCE ||
           attr->type == PS_AXML_TYPE_DYNAMIC_REFERENCE))
        named = func (attr->data, user_data);
      escaped = g_markup_escape_text (named ? named : attr->value, -1);
      g_string_append_c (out, ' ');
      append_qname (out, prefixes, attr->ns, attr->name);
      g_string_append_printf (out, "=\"%s\"", escaped);
    }
  g_string_append_c (out, '>');
}

char *
ps_axml_document_to_xml (PsAxmlDocument *doc)
{
  return ps_axml_document_to_xml_full (doc, NULL, NULL);
}

char *
ps_axml_document_to_xml_full (PsAxmlDocument      *doc,
                              PsAxmlReferenceFunc  func,
                              gpointer             user_data)
{
  g_autoptr(GHashTable) prefixes = assign_prefixes (doc);
  g_autoptr(GPtrArray) open = g_ptr_array_new ();
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
  guint line = 1;

  for (guint i = 0; i < doc->nodes->len; i++)
    {
      PsAxmlNode *node = g_ptr_array_index (doc->nodes, i);

      switch (node->kind)
        {
        case PS_AXML_NODE_START:
          /* Bounded: a hostile line number must not make a huge document. */
          for (; line < node->line && line < doc->nodes->len * 4 + 64; line++)
            g_string_append_c (out, '\n');
          append_start (out, prefixes, node, func, user_data);
          g_ptr_array_add (open, node);
          break;
        case PS_AXML_NODE_END:
          {
            /* Closed with the name it was opened with, whatever the chunk says. */
            PsAxmlNode *start = g_ptr_array_steal_index (open, open->len - 1);

            g_string_append (out, "</");
            append_qname (out, prefixes, start->ns, start->name);
            g_string_append_c (out, '>');
          }
          break;
        case PS_AXML_NODE_TEXT:
          {
            g_autofree char *escaped = g_markup_escape_text (node->text, -1);

            for (const char *c = node->text; *c != '\0'; c++)
              line += *c == '\n';
            g_string_append (out, escaped);
          }
          break;
        }
    }
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

const PsAxmlAttribute *
ps_axml_node_find (const PsAxmlNode *node,
                   const char       *ns,
                   const char       *name,
                   guint32           resource_id)
{
  if (node->attributes == NULL)
    return NULL;
  for (guint a = 0; a < node->attributes->len; a++)
    {
      PsAxmlAttribute *attr = g_ptr_array_index (node->attributes, a);

      if ((resource_id != 0 && attr->resource_id == resource_id) ||
          (g_strcmp0 (attr->ns, ns) == 0 && g_str_equal (attr->name, name)))
        return attr;
    }
  return NULL;
}

void
ps_axml_manifest_clear (PsAxmlManifest *manifest)
{
  g_clear_pointer (&manifest->package, g_free);
  g_clear_pointer (&manifest->version_name, g_free);
  g_clear_pointer (&manifest->version_code, g_free);
  manifest->network_security_config = 0;
  g_clear_pointer (&manifest->label, g_free);
  manifest->label_id = 0;
}

gboolean
ps_axml_get_manifest (PsAxmlDocument  *doc,
                      PsAxmlManifest  *manifest,
                      GError         **error)
{
  PsAxmlNode *root = g_ptr_array_index (doc->nodes, 0);
  const PsAxmlAttribute *attr;

  memset (manifest, 0, sizeof *manifest);
  if (root->kind != PS_AXML_NODE_START || !g_str_equal (root->name, "manifest"))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("The Android manifest’s root is <%s>, not <manifest>"),
                   root->name ? root->name : "");
      return FALSE;
    }
  attr = ps_axml_node_find (root, NULL, "package", 0);
  if (attr == NULL || *attr->value == '\0')
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("The Android manifest names no package"));
      return FALSE;
    }
  manifest->package = g_strdup (attr->value);
  attr = ps_axml_node_find (root, PS_AXML_ANDROID_NS, "versionName", ATTR_VERSION_NAME);
  manifest->version_name = attr ? g_strdup (attr->value) : NULL;
  attr = ps_axml_node_find (root, PS_AXML_ANDROID_NS, "versionCode", ATTR_VERSION_CODE);
  manifest->version_code = attr ? g_strdup (attr->value) : NULL;

  for (guint i = 1; i < doc->nodes->len; i++)
    {
      PsAxmlNode *node = g_ptr_array_index (doc->nodes, i);

      if (node->kind != PS_AXML_NODE_START || node->depth != 1 ||
          !g_str_equal (node->name, "application"))
        continue;
      attr = ps_axml_node_find (node, PS_AXML_ANDROID_NS, "networkSecurityConfig",
                                ATTR_NETWORK_SEC_CFG);
      if (attr != NULL && (attr->type == PS_AXML_TYPE_REFERENCE ||
                           attr->type == PS_AXML_TYPE_DYNAMIC_REFERENCE))
        manifest->network_security_config = attr->data;
      /* android:label: a string, or a reference to one (the default configuration's value
       * is the name; see https://developer.android.com/guide/topics/manifest/
       * application-element#label). */
      attr = ps_axml_node_find (node, PS_AXML_ANDROID_NS, "label", ATTR_LABEL);
      if (attr != NULL && attr->type == PS_AXML_TYPE_STRING)
        manifest->label = g_strdup (attr->value);
      else if (attr != NULL && attr->data != 0 &&
               (attr->type == PS_AXML_TYPE_REFERENCE ||
                attr->type == PS_AXML_TYPE_DYNAMIC_REFERENCE))
        manifest->label_id = attr->data;
      break;
    }
  return TRUE;
}
