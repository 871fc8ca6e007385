/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-arsc.h"
#include "ps-proto.h"

G_BEGIN_DECLS

/* The protobuf forms of an Android App Bundle's resources (aapt2's Resources.proto): the
 * Item value shared by XML attributes and the resource table. */
typedef enum
{
  PS_RES_ITEM_NONE,    /* not set */
  PS_RES_ITEM_STRING,  /* a string, raw or styled string, or a file's path: @string */
  PS_RES_ITEM_VALUE,   /* a reference or a primitive, as a Res_value: @type, @data */
  PS_RES_ITEM_OTHER,   /* an id, or a kind added later */
} PsResItemKind;

typedef struct
{
  PsResItemKind  kind;
  guint8         type;    /* PsAxmlType or another Res_value type */
  guint32        data;
  char          *string;
} PsResItem;

/* Reads an Item message; unknown kinds become PS_RES_ITEM_OTHER. */
gboolean  _ps_res_item_read   (const PsProtoField  *field,
                               PsResItem           *item,
                               GError             **error);
void      _ps_res_item_clear  (PsResItem           *item);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PsResItem, _ps_res_item_clear)

G_END_DECLS
