/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-arsc-private.h"
#include "ps-axml.h"
#include "ps-error.h"
#include "ps-res-proto.h"

/* The resource table of an App Bundle module (resources.pb), per aapt2's Resources.proto
 * (frameworks/base/tools/aapt2/Resources.proto):
 *   ResourceTable { repeated Package package = 2; }
 *   Package { PackageId package_id = 1; string package_name = 2; repeated Type type = 3; }
 *   Type    { TypeId type_id = 1; string name = 2; repeated Entry entry = 3; }
 *   Entry   { EntryId entry_id = 1; string name = 2; repeated ConfigValue config_value = 6; }
 *   ConfigValue { Configuration config = 1; Value value = 2; }
 *   Value   { Item item = 4; CompoundValue compound_value = 5; }
 *   Item    { oneof { Reference ref = 1; String str = 2; RawString raw_str = 3;
 *             StyledString styled_str = 4; FileReference file = 5; Id id = 6;
 *             Primitive prim = 7; } }
 * The ids are messages ({ uint32 id = 1; }) since 2018, plain uint32 before: both are read.
 * The nesting is fixed, so nothing here recurses. */

#define MAX_VALUES (1u << 20)

/* Primitive's oneof fields and the Res_value types they stand for (ResourceTypes.h). */
static const struct
{
  guint8 number;
  guint8 type;
} primitives[] = {
  { 3, PS_AXML_TYPE_FLOAT }, { 4, 0x05 }, { 5, 0x06 }, { 13, 0x05 }, { 14, 0x06 },
  { 6, PS_AXML_TYPE_INT_DEC }, { 7, PS_AXML_TYPE_INT_HEX }, { 8, PS_AXML_TYPE_BOOLEAN },
  { 9, 0x1c }, { 10, 0x1d }, { 11, 0x1e }, { 12, 0x1f },
};

void
_ps_res_item_clear (PsResItem *item)
{
  g_clear_pointer (&item->string, g_free);
  item->kind = PS_RES_ITEM_NONE;
  item->type = 0;
  item->data = 0;
}

static gboolean
expect_message (const PsProtoField  *field,
                const char          *what,
                GError             **error)
{
  if (field->wire_type == PS_PROTO_LEN)
    return TRUE;
  g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA, _("%s is not a message"), _(what));
  return FALSE;
}

/* Field @number of @message as a string (String, RawString, FileReference: 1). */
static gboolean
read_string_member (const PsProtoField  *message,
                    guint32              number,
                    char               **out,
                    GError             **error)
{
  PsProtoReader reader;
  PsProtoField field;

  *out = g_strdup ("");
  ps_proto_reader_init (&reader, message->data, message->len);
  while (!ps_proto_at_end (&reader))
    {
      if (!ps_proto_next (&reader, &field, error))
        return FALSE;
      if (field.number != number)
        continue;
      g_free (*out);
      *out = ps_proto_dup_string (&field, N_("resource string"), error);
      if (*out == NULL)
        return FALSE;
    }
  return TRUE;
}

/* A primitive: its oneof, or the older { uint32 type = 1; uint32 data = 2; }. */
static gboolean
read_primitive (const PsProtoField  *message,
                PsResItem           *item,
                GError             **error)
{
  PsProtoReader reader;
  PsProtoField field;

  item->kind = PS_RES_ITEM_VALUE;
  ps_proto_reader_init (&reader, message->data, message->len);
  while (!ps_proto_at_end (&reader))
    {
      guint32 value;

      if (!ps_proto_next (&reader, &field, error))
        return FALSE;
      if ((field.number == 1 || field.number == 2) && field.wire_type == PS_PROTO_LEN)
        {
          /* NullType, EmptyType: Res_value TYPE_NULL with DATA_NULL_UNDEFINED or _EMPTY. */
          item->type = PS_AXML_TYPE_NULL;
          item->data = field.number == 2;
          continue;
        }
      if (field.wire_type == PS_PROTO_FIXED32)
        value = (guint32) field.value;
      else if (!ps_proto_get_uint32 (&field, N_("primitive value"), &value, error))
        return FALSE;
      if (field.number == 1 || field.number == 2)
        {
          if (field.number == 1)
            item->type = value > 0xff ? 0xff : value;
          else
            item->data = value;
          continue;
        }
      for (guint i = 0; i < G_N_ELEMENTS (primitives); i++)
        if (primitives[i].number == field.number)
          {
            item->type = primitives[i].type;
            item->data = item->type == PS_AXML_TYPE_BOOLEAN ? (value ? 0xffffffffu : 0) : value;
          }
    }
  return TRUE;
}

static gboolean
read_reference (const PsProtoField  *message,
                PsResItem           *item,
                GError             **error)
{
  PsProtoReader reader;
  PsProtoField field;
  guint32 value;

  item->kind = PS_RES_ITEM_VALUE;
  item->type = PS_AXML_TYPE_REFERENCE;
  ps_proto_reader_init (&reader, message->data, message->len);
  while (!ps_proto_at_end (&reader))
    {
      if (!ps_proto_next (&reader, &field, error))
        return FALSE;
      if (field.number != 1 && field.number != 2)
        continue;
      if (!ps_proto_get_uint32 (&field, N_("reference"), &value, error))
        return FALSE;
      if (field.number == 1)
        item->type = value == 1 ? PS_AXML_TYPE_ATTRIBUTE : PS_AXML_TYPE_REFERENCE;
      else
        item->data = value;
    }
  return TRUE;
}

gboolean
_ps_res_item_read (const PsProtoField  *message,
                   PsResItem           *item,
                   GError             **error)
{
  PsProtoReader reader;
  PsProtoField field;

  if (!expect_message (message, N_("A compiled value"), error))
    return FALSE;
  ps_proto_reader_init (&reader, message->data, message->len);
  while (!ps_proto_at_end (&reader))
    {
      if (!ps_proto_next (&reader, &field, error))
        return FALSE;
      if (field.number < 1 || field.number > 7)
        continue;
      if (!expect_message (&field, N_("A compiled value"), error))
        return FALSE;
      _ps_res_item_clear (item);  /* a oneof: the last one wins */
      switch (field.number)
        {
        case 1:
          if (!read_reference (&field, item, error))
            return FALSE;
          break;
        case 6:
          item->kind = PS_RES_ITEM_OTHER;
          break;
        case 7:
          if (!read_primitive (&field, item, error))
            return FALSE;
          break;
        default:
          /* String, RawString, StyledString, FileReference: field 1 is the text or path. */
          item->kind = PS_RES_ITEM_STRING;
          if (!read_string_member (&field, 1, &item->string, error))
            return FALSE;
          break;
        }
    }
  return TRUE;
}

/* The resource table. */

void
_ps_arsc_value_free (PsArscValue *value)
{
  g_free (value->type);
  g_free (value->name);
  _ps_res_item_clear (&value->item);
  g_free (value);
}

typedef struct
{
  GHashTable *values;   /* id -> PsArscValue */
  guint32     package;
  guint32     type;
  const char *type_name;
} Table;

/* An id: a message { uint32 id = 1; } or, in older tables, the number itself. */
static gboolean
read_id (const PsProtoField  *field,
         guint32              max,
         const char          *what,
         guint32             *out,
         GError             **error)
{
  *out = 0;
  if (field->wire_type == PS_PROTO_LEN)
    {
      PsProtoReader reader;
      PsProtoField inner;

      ps_proto_reader_init (&reader, field->data, field->len);
      while (!ps_proto_at_end (&reader))
        {
          if (!ps_proto_next (&reader, &inner, error))
            return FALSE;
          if (inner.number == 1 && !ps_proto_get_uint32 (&inner, what, out, error))
            return FALSE;
        }
    }
  else if (!ps_proto_get_uint32 (field, what, out, error))
    return FALSE;
  if (*out > max)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA, _("%s %u is past %u"), _(what), *out,
                   max);
      return FALSE;
    }
  return TRUE;
}

/* ConfigValue: the value, and whether its configuration is the default (empty) one. */
static gboolean
read_config_value (const PsProtoField  *message,
                   PsArscValue         *value,
                   GError             **error)
{
  PsProtoReader reader, inner;
  PsProtoField field, member;

  if (!expect_message (message, N_("A configuration value"), error))
    return FALSE;
  value->is_default = TRUE;
  ps_proto_reader_init (&reader, message->data, message->len);
  while (!ps_proto_at_end (&reader))
    {
      if (!ps_proto_next (&reader, &field, error))
        return FALSE;
      if (field.number == 1)
        value->is_default = field.wire_type == PS_PROTO_LEN && field.len == 0;
      if (field.number != 2)
        continue;
      if (!expect_message (&field, N_("A resource value"), error))
        return FALSE;
      ps_proto_reader_init (&inner, field.data, field.len);
      while (!ps_proto_at_end (&inner))
        {
          if (!ps_proto_next (&inner, &member, error))
            return FALSE;
          _ps_res_item_clear (&value->item);
          if (member.number == 4 && !_ps_res_item_read (&member, &value->item, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Keeps @value for @id unless a default configuration's value is there already. */
static gboolean
add_value (Table        *table,
           guint32       id,
           PsArscValue  *value,
           GError      **error)
{
  PsArscValue *old = g_hash_table_lookup (table->values, GUINT_TO_POINTER (id));

  if (old != NULL && (old->is_default || !value->is_default))
    {
      _ps_arsc_value_free (value);
      return TRUE;
    }
  if (old == NULL && g_hash_table_size (table->values) >= MAX_VALUES)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("The resource table has more than %u values"), MAX_VALUES);
      _ps_arsc_value_free (value);
      return FALSE;
    }
  g_hash_table_replace (table->values, GUINT_TO_POINTER (id), value);
  return TRUE;
}

static gboolean
read_entry (Table               *table,
            const PsProtoField  *message,
            GError             **error)
{
  PsProtoReader reader;
  PsProtoField field;
  g_autofree char *name = NULL;
  g_autoptr(GArray) configs = g_array_new (FALSE, FALSE, sizeof (PsProtoField));
  gboolean has_id = FALSE;
  guint32 entry_id = 0;

  if (!expect_message (message, N_("A resource entry"), error))
    return FALSE;
  ps_proto_reader_init (&reader, message->data, message->len);
  while (!ps_proto_at_end (&reader))
    {
      if (!ps_proto_next (&reader, &field, error))
        return FALSE;
      if (field.number == 1)
        {
          if (!read_id (&field, 0xffff, N_("Resource entry id"), &entry_id, error))
            return FALSE;
          has_id = TRUE;
        }
      else if (field.number == 2)
        {
          g_free (name);
          if ((name = ps_proto_dup_string (&field, N_("resource name"), error)) == NULL)
            return FALSE;
        }
      else if (field.number == 6)
        g_array_append_val (configs, field);
    }
  /* An entry without an id was never linked: nothing can refer to it. */
  for (guint i = 0; has_id && i < configs->len; i++)
    {
      PsArscValue *value = g_new0 (PsArscValue, 1);
      guint32 id = (table->package << 24) | (table->type << 16) | entry_id;

      value->type = g_strdup (table->type_name);
      value->name = g_strdup (name ? name : "");
      if (!read_config_value (&g_array_index (configs, PsProtoField, i), value, error))
        {
          _ps_arsc_value_free (value);
          return FALSE;
        }
      if (!add_value (table, id, value, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_type (Table               *table,
           const PsProtoField  *message,
           GError             **error)
{
  PsProtoReader reader;
  PsProtoField field;
  g_autofree char *name = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (PsProtoField));
  gboolean has_id = FALSE;

  if (!expect_message (message, N_("A resource type"), error))
    return FALSE;
  ps_proto_reader_init (&reader, message->data, message->len);
  while (!ps_proto_at_end (&reader))
    {
      if (!ps_proto_next (&reader, &field, error))
        return FALSE;
      if (field.number == 1)
        {
          if (!read_id (&field, 0xff, N_("Resource type id"), &table->type, error))
            return FALSE;
          has_id = table->type != 0;
        }
      else if (field.number == 2)
        {
          g_free (name);
          if ((name = ps_proto_dup_string (&field, N_("resource type"), error)) == NULL)
            return FALSE;
        }
      else if (field.number == 3)
        g_array_append_val (entries, field);
    }
  table->type_name = name ? name : "";
  for (guint i = 0; has_id && i < entries->len; i++)
    if (!read_entry (table, &g_array_index (entries, PsProtoField, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
read_package (Table               *table,
              const PsProtoField  *message,
              GError             **error)
{
  PsProtoReader reader;
  PsProtoField field;
  g_autoptr(GArray) types = g_array_new (FALSE, FALSE, sizeof (PsProtoField));

  if (!expect_message (message, N_("A resource package"), error))
    return FALSE;
  table->package = 0;
  ps_proto_reader_init (&reader, message->data, message->len);
  while (!ps_proto_at_end (&reader))
    {
      if (!ps_proto_next (&reader, &field, error))
        return FALSE;
      if (field.number == 1 &&
          !read_id (&field, 0xff, N_("Resource package id"), &table->package, error))
        return FALSE;
      if (field.number == 3)
        g_array_append_val (types, field);
    }
  for (guint i = 0; i < types->len; i++)
    if (!read_type (table, &g_array_index (types, PsProtoField, i), error))
      return FALSE;
  return TRUE;
}

PsArsc *
ps_arsc_parse_proto (const guint8  *data,
                     gsize          len,
                     GError       **error)
{
  Table table = { 0 };
  PsProtoReader reader;
  PsProtoField field;
  g_autoptr(GError) local_error = NULL;

  table.values = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) _ps_arsc_value_free);
  ps_proto_reader_init (&reader, data, len);
  while (!ps_proto_at_end (&reader))
    if (!ps_proto_next (&reader, &field, &local_error) ||
        (field.number == 2 && !read_package (&table, &field, &local_error)))
      {
        g_hash_table_unref (table.values);
        g_prefix_error_literal (&local_error, _("Resource table: "));
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
  return _ps_arsc_new_for_values (table.values);
}
