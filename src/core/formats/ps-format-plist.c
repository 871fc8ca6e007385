/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* Property lists, shared by the TrustKit and App Transport Security formats, read and
 * written with libplist, XML and binary alike. libplist keeps no comments, and Pinscope's
 * exports carry the pinset name and each pin's role and label in comments: a light scan
 * of the XML text (not a parser) finds them again, and the writer puts them back into
 * libplist's output. */

#define MAX_NESTING 64

gboolean
_ps_plist_is_binary (const char *data,
                     gsize       len)
{
  return len >= 8 && memcmp (data, "bplist00", 8) == 0;
}

/* Refuses nesting deeper than any configuration needs before libplist sees it, with the
 * line of the element that goes too deep. */
static gboolean
check_nesting (const char  *text,
               GError     **error)
{
  int depth = 0, line = 1;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        line++;
      else if (*p == '<' && (g_str_has_prefix (p + 1, "dict") || g_str_has_prefix (p + 1, "array")))
        {
          const char *end = strchr (p, '>');

          if (end != NULL && end[-1] == '/')
            continue;
          if (++depth > MAX_NESTING)
            {
              _ps_format_error (error, line, _("Values are nested more than %d levels deep"),
                                MAX_NESTING);
              return FALSE;
            }
        }
      else if (*p == '<' && (g_str_has_prefix (p + 1, "/dict") ||
                             g_str_has_prefix (p + 1, "/array")))
        depth--;
    }
  return TRUE;
}

static const char *
skip_space (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return p;
}

/* After "-->": the string value the comment names, skipping a "<dict>" and a "<key>" in
 * between (an ATS identity), or NULL. */
static char *
commented_value (const char *p)
{
  const char *end;

  p = skip_space (p);
  if (g_str_has_prefix (p, "<dict>"))
    p = skip_space (p + strlen ("<dict>"));
  if (g_str_has_prefix (p, "<key>"))
    {
      end = strstr (p, "</key>");
      if (end == NULL)
        return NULL;
      p = skip_space (end + strlen ("</key>"));
    }
  if (!g_str_has_prefix (p, "<string>"))
    return NULL;
  p += strlen ("<string>");
  end = strstr (p, "</string>");
  if (end == NULL || memchr (p, '<', end - p) != NULL)
    return NULL;
  return g_strstrip (g_strndup (p, end - p));
}

static void
scan_comments (const char  *text,
               char       **name,
               GHashTable  *comments)
{
  const char *plist = strstr (text, "<plist");
  const char *p = text;

  while ((p = strstr (p, "<!--")) != NULL)
    {
      const char *end = strstr (p + 4, "-->");
      g_autofree char *comment = NULL;
      g_autofree char *value = NULL;

      if (end == NULL)
        return;
      comment = g_strstrip (g_strndup (p + 4, end - p - 4));
      if (plist == NULL || p < plist)
        {
          if (*name == NULL)
            *name = _ps_format_header_name (comment);
        }
      else if ((value = commented_value (end + 3)) != NULL)
        g_hash_table_replace (comments, g_steal_pointer (&value), g_steal_pointer (&comment));
      p = end + 3;
    }
}

plist_t
_ps_plist_parse (const char  *text,
                 char       **name,
                 GHashTable **comments,
                 GError     **error)
{
  plist_t root = NULL;
  gsize len = strlen (text);

  *name = NULL;
  *comments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!check_nesting (text, error))
    return NULL;
  if (len > G_MAXUINT32)
    {
      _ps_format_error (error, 0, _("The property list is too large"));
      return NULL;
    }
  plist_from_xml (text, (uint32_t) len, &root);
  if (root == NULL)
    {
      _ps_format_error (error, 0, _("Not a well-formed property list"));
      return NULL;
    }
  if (plist_get_node_type (root) != PLIST_DICT)
    {
      plist_free (root);
      _ps_format_error (error, 0, _("The property list is not a dictionary"));
      return NULL;
    }
  scan_comments (text, name, *comments);
  return root;
}

/* Binary property lists. libplist 2.2 follows nested containers by recursion, and
 * a 1 MiB file of arrays nested 100,000 deep overflows its stack (and takes a minute
 * before that): the structure is checked here first, without recursion, in time linear
 * in its size. Layout (Apple's CFBinaryPList.c comments): "bplist00", the objects, a
 * table of object offsets, and a 32-byte trailer giving the sizes of offsets and object
 * references, the number of objects, the root object and where the table starts. */

static guint64
read_be (const guint8 *p,
         guint         size)
{
  guint64 value = 0;

  for (guint i = 0; i < size; i++)
    value = (value << 8) | p[i];
  return value;
}

typedef struct
{
  const guint8 *data;
  gsize         len;
  guint         offset_size;
  guint         ref_size;
  guint64       n_objects;
  guint64       table;
} Bplist;

/* The references an object holds (arrays, sets, dictionaries), or FALSE when the object
 * runs past the data. */
static gboolean
object_refs (const Bplist *b,
             guint64       index,
             guint64      *first,
             guint64      *n_refs)
{
  guint64 offset = read_be (b->data + b->table + index * b->offset_size, b->offset_size);
  guint8 marker, type;
  guint64 count, start;

  *n_refs = 0;
  if (offset < 8 || offset >= b->table)
    return FALSE;
  marker = b->data[offset];
  type = marker >> 4;
  if (type != 0xA && type != 0xB && type != 0xC && type != 0xD)
    return TRUE;
  count = marker & 0xF;
  start = offset + 1;
  if (count == 0xF)
    {
      guint size;

      if (start >= b->table || (b->data[start] >> 4) != 0x1)
        return FALSE;
      size = 1u << (b->data[start] & 0xF);
      if (size > 8 || start + 1 + size > b->table)
        return FALSE;
      count = read_be (b->data + start + 1, size);
      start += 1 + size;
    }
  if (type == 0xD)
    count = count > G_MAXUINT64 / 2 ? G_MAXUINT64 : count * 2;
  if (count > b->len || start + count * b->ref_size > b->table)
    return FALSE;
  *first = start;
  *n_refs = count;
  return TRUE;
}

typedef struct
{
  guint64 index;
  guint64 first;   /* where its references start */
  guint64 n_refs;
  guint64 next;    /* the next reference to follow */
  guint   deepest; /* the depth of its deepest child so far */
} Frame;

static gboolean
check_binary_structure (const char *data,
                        gsize       len)
{
  const guint8 *trailer;
  Bplist b = { (const guint8 *) data, len, 0, 0, 0, 0 };
  g_autofree guint8 *depth = NULL; /* 0: not seen, G_MAXUINT8: open, else its depth */
  g_autoptr(GArray) stack = NULL;
  guint64 root;

  if (len < 8 + 32)
    return FALSE;
  trailer = b.data + len - 32;
  b.offset_size = trailer[6];
  b.ref_size = trailer[7];
  b.n_objects = read_be (trailer + 8, 8);
  root = read_be (trailer + 16, 8);
  b.table = read_be (trailer + 24, 8);
  if (b.offset_size < 1 || b.offset_size > 8 || b.ref_size < 1 || b.ref_size > 8 ||
      b.n_objects == 0 || b.n_objects > len || root >= b.n_objects || b.table < 8 ||
      b.table > len - 32 || b.n_objects * b.offset_size > len - 32 - b.table)
    return FALSE;

  /* Depth-first with an explicit stack of frames, each resuming at its next reference; a
   * container on the stack is "open" (its depth not yet known), which also catches
   * reference cycles. */
  depth = g_new0 (guint8, b.n_objects);
  stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_array_append_val (stack, ((Frame) { root, 0, 0, 0, 0 }));
  depth[root] = G_MAXUINT8;
  if (!object_refs (&b, root, &g_array_index (stack, Frame, 0).first,
                    &g_array_index (stack, Frame, 0).n_refs))
    return FALSE;
  while (stack->len > 0)
    {
      Frame *frame = &g_array_index (stack, Frame, stack->len - 1);
      Frame child_frame = { 0, 0, 0, 0, 0 };
      guint64 child;

      if (frame->next == frame->n_refs)
        {
          guint depth_here = frame->deepest + 1;

          depth[frame->index] = depth_here;
          g_array_set_size (stack, stack->len - 1);
          if (stack->len > 0)
            {
              frame = &g_array_index (stack, Frame, stack->len - 1);
              frame->deepest = MAX (frame->deepest, depth_here);
            }
          continue;
        }

      child = read_be (b.data + frame->first + frame->next * b.ref_size, b.ref_size);
      frame->next++;
      if (child >= b.n_objects || depth[child] == G_MAXUINT8)
        return FALSE;
      if (depth[child] != 0)
        {
          frame->deepest = MAX (frame->deepest, depth[child]);
          continue;
        }
      if (stack->len >= MAX_NESTING + 1)
        return FALSE;
      child_frame.index = child;
      if (!object_refs (&b, child, &child_frame.first, &child_frame.n_refs))
        return FALSE;
      depth[child] = G_MAXUINT8;
      g_array_append_val (stack, child_frame);
    }
  return TRUE;
}

char *
_ps_plist_binary_to_xml (const char  *data,
                         gsize        len,
                         GError     **error)
{
  plist_t root = NULL;
  char *xml = NULL;
  uint32_t xml_len = 0;
  char *copy;

  /* Real configurations are a few kilobytes; the bound also bounds libplist's recursion
   * into nested containers. */
  if (len > PS_PLIST_MAX_BINARY_SIZE)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("The binary property list is %lu bytes long; binary property lists "
                     "larger than %d KiB are refused"), (gulong) len,
                   PS_PLIST_MAX_BINARY_SIZE / 1024);
      return NULL;
    }
  if (check_binary_structure (data, len))
    plist_from_bin (data, (uint32_t) len, &root);
  if (root == NULL)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("Not a well-formed binary property list (or one nested more than %d "
                     "levels deep)"), MAX_NESTING);
      return NULL;
    }
  plist_to_xml (root, &xml, &xml_len);
  plist_free (root);
  if (xml == NULL)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                           _("Not a well-formed binary property list"));
      return NULL;
    }
  copy = g_strndup (xml, xml_len);
  plist_to_xml_free (xml);
  return copy;
}

plist_t
_ps_plist_dict_get (plist_t     dict,
                    const char *key)
{
  if (dict == NULL || plist_get_node_type (dict) != PLIST_DICT)
    return NULL;
  return plist_dict_get_item (dict, key);
}

char *
_ps_plist_dup_string (plist_t node)
{
  char *value = NULL;
  char *copy;

  if (node == NULL || plist_get_node_type (node) != PLIST_STRING)
    return NULL;
  plist_get_string_val (node, &value);
  copy = g_strdup (value != NULL ? value : "");
  free (value);
  return copy;
}

gboolean
_ps_plist_get_bool (plist_t   node,
                    gboolean *value)
{
  uint8_t b = 0;

  if (node == NULL || plist_get_node_type (node) != PLIST_BOOLEAN)
    return FALSE;
  plist_get_bool_val (node, &b);
  *value = b != 0;
  return TRUE;
}

void
_ps_plist_entry_free (PsPlistEntry *entry)
{
  g_free (entry->key);
  g_free (entry);
}

GPtrArray *
_ps_plist_dict_entries (plist_t dict)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) _ps_plist_entry_free);
  plist_dict_iter iter = NULL;

  if (dict == NULL || plist_get_node_type (dict) != PLIST_DICT)
    return entries;

  plist_dict_new_iter (dict, &iter);
  for (;;)
    {
      char *key = NULL;
      plist_t value = NULL;
      PsPlistEntry *entry;

      plist_dict_next_item (dict, iter, &key, &value);
      if (key == NULL || value == NULL)
        {
          free (key);
          break;
        }
      entry = g_new0 (PsPlistEntry, 1);
      entry->key = g_strdup (key);
      entry->value = value;
      free (key);
      g_ptr_array_add (entries, entry);
    }
  free (iter);
  return entries;
}

/* Writing. */

plist_t
_ps_plist_pin_identity (const char *b64)
{
  plist_t dict = plist_new_dict ();

  plist_dict_set_item (dict, "SPKI-SHA256-BASE64", plist_new_string (b64));
  return dict;
}

static char *
xml_comment (const char *text)
{
  g_autofree char *safe = _ps_format_comment_safe (text);

  /* "-->" must not be spelt by a comment that ends with "-". */
  return g_strdup_printf ("<!-- %s%s -->", safe,
                          g_str_has_suffix (safe, "-") ? " " : "");
}

char *
_ps_plist_write (plist_t     root,
                 PsPinset   *pinset,
                 GDateTime  *now,
                 GHashTable *comments)
{
  g_auto(GStrv) header = _ps_format_header_lines (pinset, now);
  g_autofree char *header_0 = xml_comment (header[0]);
  g_autofree char *header_1 = xml_comment (header[1]);
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new (NULL);
  char *xml = NULL;
  uint32_t xml_len = 0;

  plist_to_xml (root, &xml, &xml_len);
  lines = g_strsplit (xml != NULL ? xml : "", "\n", -1);
  plist_to_xml_free (xml);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *content = skip_space (line);

      if (g_str_has_prefix (content, "<plist"))
        g_string_append_printf (out, "%s\n%s\n", header_0, header_1);
      else if (comments != NULL && g_str_has_prefix (content, "<string>"))
        {
          g_autofree char *value = commented_value (content);
          const char *comment = value ? g_hash_table_lookup (comments, value) : NULL;

          if (comment != NULL)
            {
              g_autofree char *written = xml_comment (comment);

              g_string_append_len (out, line, content - line);
              g_string_append_printf (out, "%s\n", written);
            }
        }
      if (*line != '\0' || lines[i + 1] != NULL)
        g_string_append_printf (out, "%s%s", line, lines[i + 1] != NULL ? "\n" : "");
    }

  return g_string_free (out, FALSE);
}
