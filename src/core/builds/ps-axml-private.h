/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-axml.h"

G_BEGIN_DECLS

/* Shared by the readers of binary XML (ps-axml.c) and of protobuf XML (ps-axml-proto.c),
 * which build the same document model. */
void            _ps_axml_attribute_free       (PsAxmlAttribute *attr);
void            _ps_axml_node_free            (PsAxmlNode      *node);
/* Takes @nodes (PsAxmlNode, in document order, freed with _ps_axml_node_free) and
 * @prefixes (URI -> prefix, both owned strings). */
PsAxmlDocument *_ps_axml_document_new         (GPtrArray       *nodes,
                                               GHashTable      *prefixes);
/* The name of an android:attr id that shrinkers may blank, or NULL. */
const char     *_ps_axml_known_attribute_name (guint32          id);
/* Names a nameless attribute after its known resource id; FALSE with an error when it stays
 * nameless. */
gboolean        _ps_axml_attribute_settle_name (PsAxmlAttribute *attr,
                                                GError         **error);

G_END_DECLS
