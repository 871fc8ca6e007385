/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Android's compiled ("binary") XML, as found in an APK: AndroidManifest.xml and
 * files under res/xml. A bounds-checked reader; every index and size is checked before use. */

/* Res_value data types (frameworks/base/libs/androidfw/include/androidfw/ResourceTypes.h). */
typedef enum
{
  PS_AXML_TYPE_NULL      = 0x00,
  PS_AXML_TYPE_REFERENCE = 0x01,
  PS_AXML_TYPE_ATTRIBUTE = 0x02,
  PS_AXML_TYPE_STRING    = 0x03,
  PS_AXML_TYPE_FLOAT     = 0x04,
  PS_AXML_TYPE_DYNAMIC_REFERENCE = 0x07,  /* a reference into a shared library package */
  PS_AXML_TYPE_INT_DEC   = 0x10,
  PS_AXML_TYPE_INT_HEX   = 0x11,
  PS_AXML_TYPE_BOOLEAN   = 0x12,
} PsAxmlType;

#define PS_AXML_ANDROID_NS "http://schemas.android.com/apk/res/android"

typedef struct
{
  char    *ns;           /* namespace URI, or NULL */
  char    *name;
  guint32  resource_id;  /* from the resource map (android:attr ids), or 0 */
  guint8   type;         /* PsAxmlType or another Res_value type */
  guint32  data;
  char    *value;        /* rendered: strings as is, "true"/"false", "@0x7f0a0001"... */
} PsAxmlAttribute;

typedef enum
{
  PS_AXML_NODE_START,
  PS_AXML_NODE_END,
  PS_AXML_NODE_TEXT,
} PsAxmlNodeKind;

typedef struct
{
  PsAxmlNodeKind  kind;
  guint           depth;       /* 0 for the root element */
  guint           line;        /* in the source XML, as recorded by the compiler */
  char           *ns;          /* element namespace URI, or NULL */
  char           *name;        /* element name (START, END) */
  char           *text;        /* TEXT */
  GPtrArray      *attributes;  /* START: PsAxmlAttribute */
  GPtrArray      *namespaces;  /* START: prefix, URI pairs declared just before, or NULL */
} PsAxmlNode;

typedef struct _PsAxmlDocument PsAxmlDocument;

/* Errors are PS_ERROR_INVALID_DATA, naming what is out of range. This is also the entry
 * point for fuzzing: any bytes, never a crash. */
PsAxmlDocument   *ps_axml_parse                 (const guint8     *data,
                                                 gsize             len,
                                                 GError          **error);
/* The same model from the protobuf XML of an Android App Bundle (an XmlNode of aapt2's
 * Resources.proto: base/manifest/AndroidManifest.xml, base/res/xml/…). Line numbers are
 * the source positions aapt2 recorded. Errors are PS_ERROR_INVALID_DATA; any bytes, never a
 * crash. */
PsAxmlDocument   *ps_axml_parse_proto           (const guint8     *data,
                                                 gsize             len,
                                                 GError          **error);
void              ps_axml_document_free         (PsAxmlDocument   *doc);
/* PsAxmlNode, in document order. */
GPtrArray        *ps_axml_document_get_nodes    (PsAxmlDocument   *doc);
/* Well-formed XML text: namespaces declared with their prefixes (android: for the
 * Android namespace), typed values rendered as text, each start tag on the line it had in
 * the source so that line numbers in messages match the original file. */
char             *ps_axml_document_to_xml       (PsAxmlDocument   *doc);
/* Names a resource id ("@raw/ca"), or returns NULL to keep "@0x7f...". */
typedef char     *(*PsAxmlReferenceFunc)        (guint32           id,
                                                 gpointer          user_data);
/* The same, with references named by @func (for instance from the resource table), so
 * that the text reads as the source file did. */
char             *ps_axml_document_to_xml_full  (PsAxmlDocument     *doc,
                                                 PsAxmlReferenceFunc func,
                                                 gpointer            user_data);

/* The attribute of @node with @name in @ns (NULL: no namespace), or NULL. When
 * @resource_id is non-zero, an attribute with that id matches whatever its name (R8 and
 * other shrinkers may blank attribute names). */
const PsAxmlAttribute *ps_axml_node_find        (const PsAxmlNode *node,
                                                 const char       *ns,
                                                 const char       *name,
                                                 guint32           resource_id);

typedef struct
{
  char    *package;
  char    *version_name;              /* may be NULL */
  char    *version_code;              /* may be NULL */
  guint32  network_security_config;   /* resource id, or 0 when there is none */
  /* <application android:label>: a literal string, or a resource id (@string/app_name) to
   * resolve through resources.arsc; both NULL/0 when there is no label. */
  char    *label;
  guint32  label_id;
} PsAxmlManifest;

/* Facts of a decoded AndroidManifest.xml. FALSE with PS_ERROR_INVALID_DATA when the root
 * is not <manifest> or it has no package. */
gboolean          ps_axml_get_manifest          (PsAxmlDocument   *doc,
                                                 PsAxmlManifest   *manifest,
                                                 GError          **error);
void              ps_axml_manifest_clear        (PsAxmlManifest   *manifest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsAxmlDocument, ps_axml_document_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PsAxmlManifest, ps_axml_manifest_clear)

G_END_DECLS
