/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-arsc.h"
#include "ps-res-proto.h"

G_BEGIN_DECLS

/* A resource of a table read from protobuf (resources.pb of an App Bundle). */
typedef struct
{
  char      *type;  /* "xml", "string"... */
  char      *name;
  PsResItem  item;  /* kind NONE: a bag of values (style, array, plural...) */
  gboolean   is_default;  /* of the default configuration */
} PsArscValue;

void      _ps_arsc_value_free     (PsArscValue *value);
/* Takes @values: resource id -> PsArscValue (the default configuration's value when there
 * is one, freed with _ps_arsc_value_free). */
PsArsc   *_ps_arsc_new_for_values (GHashTable  *values);

G_END_DECLS
