/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-arsc.h"
#include "ps-arsc-private.h"
#include "ps-axml.h"
#include "ps-error.h"
#include "ps-res-private.h"

/* The resource table: ResTable_header, the global value string pool, then one
 * ResTable_package per package with its type and key string pools and, per type, a
 * ResTable_typeSpec and one ResTable_type per configuration (AOSP ResourceTypes.h). */

#define PACKAGE_HEADER_MIN   284
#define TYPE_HEADER_MIN      24   /* up to and including the config's size field */
#define TYPE_FLAG_SPARSE     0x01
#define TYPE_FLAG_OFFSET16   0x02
#define ENTRY_FLAG_COMPLEX   0x0001
#define ENTRY_FLAG_COMPACT   0x0008
#define MAX_REFERENCE_HOPS   32

typedef struct
{
  guint32          id;
  PsResStringPool  type_names;
  PsResStringPool  key_names;
  GPtrArray       *types;   /* index type id - 1: GPtrArray of const guint8 * (type chunks) */
} Package;

struct _PsArsc
{
  GBytes          *bytes;
  PsResStringPool  values;
  GPtrArray       *packages;  /* Package */
  GHashTable      *table;     /* from protobuf: id -> PsArscValue; NULL for resources.arsc */
};

typedef struct
{
  guint32 key;
  guint8  type;
  guint32 data;
} Entry;

static void
package_free (Package *package)
{
  _ps_res_string_pool_clear (&package->type_names);
  _ps_res_string_pool_clear (&package->key_names);
  g_clear_pointer (&package->types, g_ptr_array_unref);
  g_free (package);
}

void
ps_arsc_free (PsArsc *arsc)
{
  if (arsc == NULL)
    return;
  _ps_res_string_pool_clear (&arsc->values);
  g_ptr_array_unref (arsc->packages);
  g_clear_pointer (&arsc->bytes, g_bytes_unref);
  g_clear_pointer (&arsc->table, g_hash_table_unref);
  g_free (arsc);
}

PsArsc *
_ps_arsc_new_for_values (GHashTable *values)
{
  PsArsc *arsc = g_new0 (PsArsc, 1);

  arsc->packages = g_ptr_array_new ();
  arsc->table = values;
  return arsc;
}

static gboolean
read_pool_at (const PsResChunk *package,
              guint32           offset,
              PsResStringPool  *pool,
              GError          **error)
{
  PsResChunk chunk;

  return _ps_res_chunk_read (package->start, package->size, offset, &chunk, error) &&
         _ps_res_string_pool_read (&chunk, pool, error);
}

static gboolean
add_type_chunk (Package          *package,
                const PsResChunk *chunk,
                GError          **error)
{
  guint8 id;
  GPtrArray *configs;

  if (chunk->header_size < TYPE_HEADER_MIN)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("A resource type chunk is cut short"));
      return FALSE;
    }
  id = chunk->start[8];
  if (id == 0)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("A resource type has id 0"));
      return FALSE;
    }
  while (package->types->len < id)
    g_ptr_array_add (package->types, g_ptr_array_new ());
  configs = g_ptr_array_index (package->types, id - 1);
  g_ptr_array_add (configs, (gpointer) chunk->start);
  return TRUE;
}

static gboolean
read_package (PsArsc           *arsc,
              const PsResChunk *chunk,
              GError          **error)
{
  Package *package;
  PsResChunk inner;

  if (chunk->header_size < PACKAGE_HEADER_MIN)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("A resource package header is cut short"));
      return FALSE;
    }
  package = g_new0 (Package, 1);
  g_ptr_array_add (arsc->packages, package);
  package->id = _ps_res_u32 (chunk->start + 8);
  package->types = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  if (package->id > 0xff)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("A resource package has id %u, past 255"), package->id);
      return FALSE;
    }
  if (!read_pool_at (chunk, _ps_res_u32 (chunk->start + 268), &package->type_names, error) ||
      !read_pool_at (chunk, _ps_res_u32 (chunk->start + 276), &package->key_names, error))
    return FALSE;
  for (gsize offset = chunk->header_size; offset < chunk->size; offset += inner.size)
    {
      if (!_ps_res_chunk_read (chunk->start, chunk->size, offset, &inner, error))
        return FALSE;
      if (inner.type == PS_RES_TABLE_TYPE_TYPE && !add_type_chunk (package, &inner, error))
        return FALSE;
    }
  return TRUE;
}

PsArsc *
ps_arsc_parse (const guint8  *data,
               gsize          len,
               GError       **error)
{
  g_autoptr(PsArsc) arsc = g_new0 (PsArsc, 1);
  g_autoptr(GError) local_error = NULL;
  const guint8 *copy;
  PsResChunk root, chunk;
  gboolean have_pool = FALSE;

  arsc->bytes = g_bytes_new (data, len);
  arsc->packages = g_ptr_array_new_with_free_func ((GDestroyNotify) package_free);
  copy = g_bytes_get_data (arsc->bytes, NULL);
  if (!_ps_res_chunk_read (copy, len, 0, &root, &local_error))
    goto fail;
  if (root.type != PS_RES_TABLE_TYPE || root.header_size < 12)
    {
      g_set_error (&local_error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("Not a resource table (chunk type 0x%04x)"), root.type);
      goto fail;
    }
  for (gsize offset = root.header_size; offset < root.size; offset += chunk.size)
    {
      if (!_ps_res_chunk_read (copy, root.size, offset, &chunk, &local_error))
        goto fail;
      if (chunk.type == PS_RES_STRING_POOL_TYPE && !have_pool)
        {
          if (!_ps_res_string_pool_read (&chunk, &arsc->values, &local_error))
            goto fail;
          have_pool = TRUE;
        }
      else if (chunk.type == PS_RES_TABLE_PACKAGE && !read_package (arsc, &chunk, &local_error))
        goto fail;
    }
  return g_steal_pointer (&arsc);

fail:
  g_prefix_error_literal (&local_error, _("Resource table: "));
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* The offset of entry @index in a type chunk, or PS_RES_NO_INDEX. */
static guint32
entry_offset (const guint8 *start,
              guint32       index)
{
  guint16 header_size = _ps_res_u16 (start + 2);
  guint32 size = _ps_res_u32 (start + 4);
  guint8 flags = start[9];
  guint32 count = _ps_res_u32 (start + 12);

  if (count > (size - header_size) / 2)
    return PS_RES_NO_INDEX;
  if (flags & TYPE_FLAG_SPARSE)
    {
      if (count > (size - header_size) / 4)
        return PS_RES_NO_INDEX;
      for (guint32 i = 0; i < count; i++)
        {
          const guint8 *pair = start + header_size + 4 * i;
          if (_ps_res_u16 (pair) == index)
            return _ps_res_u16 (pair + 2) * 4u;
        }
      return PS_RES_NO_INDEX;
    }
  if (index >= count)
    return PS_RES_NO_INDEX;
  if (flags & TYPE_FLAG_OFFSET16)
    {
      guint16 offset = _ps_res_u16 (start + header_size + 2 * index);
      return offset == 0xffff ? PS_RES_NO_INDEX : offset * 4u;
    }
  if (count > (size - header_size) / 4)
    return PS_RES_NO_INDEX;
  return _ps_res_u32 (start + header_size + 4 * index);
}

/* Whether the configuration of a type chunk is the default one (all zero). */
static gboolean
is_default_config (const guint8 *start)
{
  guint16 header_size = _ps_res_u16 (start + 2);
  guint32 config_size = _ps_res_u32 (start + 20);

  if (config_size < 4 || config_size > header_size - 20u)
    return FALSE;
  for (guint32 i = 4; i < config_size; i++)
    if (start[20 + i] != 0)
      return FALSE;
  return TRUE;
}

static gboolean
read_entry (const guint8  *start,
            guint32        offset,
            guint32        id,
            Entry         *entry,
            GError       **error)
{
  guint32 size = _ps_res_u32 (start + 4);
  guint32 entries_start = _ps_res_u32 (start + 16);
  const guint8 *p;
  guint16 entry_size, flags;

  if (entries_start > size || offset > size - entries_start || size - entries_start - offset < 8)
    goto out_of_range;
  p = start + entries_start + offset;
  entry_size = _ps_res_u16 (p);
  flags = _ps_res_u16 (p + 2);
  if (flags & ENTRY_FLAG_COMPACT)
    {
      entry->key = entry_size;
      entry->type = flags >> 8;
      entry->data = _ps_res_u32 (p + 4);
      return TRUE;
    }
  entry->key = _ps_res_u32 (p + 4);
  if (flags & ENTRY_FLAG_COMPLEX)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("The resource 0x%08x is a bag of values, not a single value"), id);
      return FALSE;
    }
  if (entry_size < 8 || (gsize) size - entries_start - offset < (gsize) entry_size + 8)
    goto out_of_range;
  entry->type = p[entry_size + 3];
  entry->data = _ps_res_u32 (p + entry_size + 4);
  return TRUE;

out_of_range:
  g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
               _("The entry of resource 0x%08x lies outside its type chunk"), id);
  return FALSE;
}

static gboolean
lookup (PsArsc    *arsc,
        guint32    id,
        Package  **package_out,
        Entry     *entry,
        GError   **error)
{
  guint32 package_id = id >> 24, type_id = (id >> 16) & 0xff, index = id & 0xffff;
  Package *package = NULL;
  GPtrArray *configs;

  for (guint i = 0; i < arsc->packages->len && package == NULL; i++)
    if (((Package *) arsc->packages->pdata[i])->id == package_id)
      package = arsc->packages->pdata[i];
  if (package == NULL || type_id == 0 || type_id > package->types->len)
    {
      if (package == NULL)
        g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                     _("The resource 0x%08x is out of range: the table has no package for it"),
                     id);
      else
        g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                     _("The resource 0x%08x is out of range: its package has no such type"), id);
      return FALSE;
    }
  configs = g_ptr_array_index (package->types, type_id - 1);
  /* The default configuration first, then any. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < configs->len; i++)
      {
        const guint8 *start = g_ptr_array_index (configs, i);
        guint32 offset;

        if (pass == 0 && !is_default_config (start))
          continue;
        offset = entry_offset (start, index);
        if (offset == PS_RES_NO_INDEX)
          continue;
        *package_out = package;
        return read_entry (start, offset, id, entry, error);
      }
  g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
               _("The resource 0x%08x is out of range: its type has no such entry"), id);
  return FALSE;
}

/* A value of a table read from protobuf, or NULL with an error. */
static const PsArscValue *
lookup_value (PsArsc   *arsc,
              guint32   id,
              GError  **error)
{
  const PsArscValue *value = g_hash_table_lookup (arsc->table, GUINT_TO_POINTER (id));

  if (value == NULL)
    g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                 _("The resource 0x%08x is out of range: the table has no such entry"), id);
  else if (value->item.kind == PS_RES_ITEM_NONE)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("The resource 0x%08x is a bag of values, not a single value"), id);
      value = NULL;
    }
  return value;
}

/* One step of ps_arsc_resolve_string(): the string of @id, or the id it refers to. */
static gboolean
resolve_step (PsArsc    *arsc,
              guint32    id,
              guint32   *next,
              char     **string,
              GError   **error)
{
  guint8 type;
  guint32 data;
  const char *s;

  if (arsc->table != NULL)
    {
      const PsArscValue *value = lookup_value (arsc, id, error);

      if (value == NULL)
        return FALSE;
      if (value->item.kind == PS_RES_ITEM_STRING)
        {
          *string = g_strdup (value->item.string);
          return TRUE;
        }
      type = value->item.kind == PS_RES_ITEM_VALUE ? value->item.type : PS_AXML_TYPE_NULL;
      data = value->item.data;
    }
  else
    {
      Package *package;
      Entry entry;

      if (!lookup (arsc, id, &package, &entry, error))
        return FALSE;
      type = entry.type;
      data = entry.data;
    }
  if (type == PS_AXML_TYPE_REFERENCE || type == PS_AXML_TYPE_DYNAMIC_REFERENCE)
    {
      *next = data;
      return TRUE;
    }
  if (type != PS_AXML_TYPE_STRING || arsc->table != NULL)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("The resource 0x%08x is not a string or file (type 0x%02x)"), id, type);
      return FALSE;
    }
  s = _ps_res_string_pool_get (&arsc->values, data, N_("resource value"), error);
  *string = g_strdup (s);
  return s != NULL;
}

char *
ps_arsc_resolve_string (PsArsc   *arsc,
                        guint32   id,
                        GError  **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint32 current = id;

  for (guint hop = 0; hop < MAX_REFERENCE_HOPS; hop++)
    {
      char *string = NULL;
      guint32 next = current;

      if (!g_hash_table_add (seen, GUINT_TO_POINTER (current)))
        {
          g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                       _("The resource 0x%08x refers to itself through 0x%08x (a cycle)"),
                       id, current);
          return NULL;
        }
      if (!resolve_step (arsc, current, &next, &string, error))
        return NULL;
      if (string != NULL)
        return string;
      current = next;
    }
  g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
               _("The resource 0x%08x refers through more than %d others"), id,
               MAX_REFERENCE_HOPS);
  return NULL;
}

char *
ps_arsc_get_name (PsArsc   *arsc,
                  guint32   id,
                  GError  **error)
{
  Package *package;
  Entry entry;
  const char *type, *key;

  if (arsc->table != NULL)
    {
      const PsArscValue *value = g_hash_table_lookup (arsc->table, GUINT_TO_POINTER (id));

      if (value != NULL)
        return g_strdup_printf ("@%s/%s", value->type, value->name);
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("The resource 0x%08x is out of range: the table has no such entry"), id);
      return NULL;
    }
  if (!lookup (arsc, id, &package, &entry, error))
    return NULL;
  type = _ps_res_string_pool_get (&package->type_names, ((id >> 16) & 0xff) - 1,
                                  N_("resource type"), error);
  key = type ? _ps_res_string_pool_get (&package->key_names, entry.key, N_("resource key"), error)
             : NULL;
  return key ? g_strdup_printf ("@%s/%s", type, key) : NULL;
}

guint32
ps_arsc_find (PsArsc     *arsc,
              const char *type,
              const char *name)
{
  if (arsc->table != NULL)
    {
      GHashTableIter iter;
      gpointer id, value;
      guint32 found = 0;

      /* The lowest id of that name, whatever the order of the table. */
      g_hash_table_iter_init (&iter, arsc->table);
      while (g_hash_table_iter_next (&iter, &id, &value))
        if (g_str_equal (((PsArscValue *) value)->type, type) &&
            g_str_equal (((PsArscValue *) value)->name, name) &&
            (found == 0 || GPOINTER_TO_UINT (id) < found))
          found = GPOINTER_TO_UINT (id);
      return found;
    }
  for (guint p = 0; p < arsc->packages->len; p++)
    {
      Package *package = g_ptr_array_index (arsc->packages, p);

      for (guint t = 0; t < package->types->len && t < package->type_names.n_strings; t++)
        {
          if (!g_str_equal (package->type_names.strings[t], type))
            continue;
          for (guint32 index = 0; index <= 0xffff; index++)
            {
              guint32 id = (package->id << 24) | ((t + 1) << 16) | index;
              g_autofree char *found = ps_arsc_get_name (arsc, id, NULL);

              if (found == NULL)
                break;
              if (g_str_equal (found + 1 + strlen (type) + 1, name))
                return id;
            }
        }
    }
  return 0;
}
