/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-format.h"

G_BEGIN_DECLS

/* Exporters always get a warnings array, importers always a notes array. */
typedef char     *(*PsFormatExportFunc) (PsPinset   *pinset,
                                         GDateTime  *now,
                                         GPtrArray  *warnings,
                                         GError    **error);
/* @text is NUL-terminated, valid UTF-8. */
typedef PsPinset *(*PsFormatImportFunc) (const char *text,
                                         GPtrArray  *notes,
                                         GError    **error);
/* How sure, 0 (not this format) to 100. */
typedef int       (*PsFormatDetectFunc) (const char *text);

struct _PsFormat
{
  const char         *id;
  const char         *title;
  const char         *extension;
  const char         *content_type;
  PsFormatFlags       flags;
  PsFormatExportFunc  export_func;
  PsFormatImportFunc  import_func;
  PsFormatDetectFunc  detect_func;
};

/* One file per format. */
char     *_ps_format_android_export        (PsPinset *, GDateTime *, GPtrArray *, GError **);
PsPinset *_ps_format_android_import        (const char *, GPtrArray *, GError **);
int       _ps_format_android_detect        (const char *);
char     *_ps_format_okhttp_kotlin_export  (PsPinset *, GDateTime *, GPtrArray *, GError **);
char     *_ps_format_okhttp_java_export    (PsPinset *, GDateTime *, GPtrArray *, GError **);
PsPinset *_ps_format_okhttp_import         (const char *, GPtrArray *, GError **);
int       _ps_format_okhttp_kotlin_detect  (const char *);
int       _ps_format_okhttp_java_detect    (const char *);
char     *_ps_format_trustkit_swift_export (PsPinset *, GDateTime *, GPtrArray *, GError **);
char     *_ps_format_trustkit_plist_export (PsPinset *, GDateTime *, GPtrArray *, GError **);
PsPinset *_ps_format_trustkit_plist_import (const char *, GPtrArray *, GError **);
int       _ps_format_trustkit_plist_detect (const char *);
char     *_ps_format_ats_export            (PsPinset *, GDateTime *, GPtrArray *, GError **);
PsPinset *_ps_format_ats_import            (const char *, GPtrArray *, GError **);
int       _ps_format_ats_detect            (const char *);
char     *_ps_format_curl_export           (PsPinset *, GDateTime *, GPtrArray *, GError **);
PsPinset *_ps_format_curl_import           (const char *, GPtrArray *, GError **);
int       _ps_format_curl_detect           (const char *);
char     *_ps_format_hpkp_export           (PsPinset *, GDateTime *, GPtrArray *, GError **);
PsPinset *_ps_format_hpkp_import           (const char *, GPtrArray *, GError **);
int       _ps_format_hpkp_detect           (const char *);
char     *_ps_format_tlsa_export           (PsPinset *, GDateTime *, GPtrArray *, GError **);
PsPinset *_ps_format_tlsa_import           (const char *, GPtrArray *, GError **);
int       _ps_format_tlsa_detect           (const char *);
char     *_ps_format_json_export           (PsPinset *, GDateTime *, GPtrArray *, GError **);
PsPinset *_ps_format_json_import           (const char *, GPtrArray *, GError **);
int       _ps_format_json_detect           (const char *);
char     *_ps_format_text_export           (PsPinset *, GDateTime *, GPtrArray *, GError **);
PsPinset *_ps_format_text_import           (const char *, GPtrArray *, GError **);
int       _ps_format_text_detect           (const char *);

/* Shared helpers (ps-format.c). */
void         _ps_format_warn             (GPtrArray           *warnings,
                                          PsFormatWarningKind  kind,
                                          int                  rule,
                                          const char          *format,
                                          ...) G_GNUC_PRINTF (4, 5);
void         _ps_format_note             (GPtrArray           *notes,
                                          int                  line,
                                          const char          *format,
                                          ...) G_GNUC_PRINTF (3, 4);
void         _ps_format_error            (GError             **error,
                                          int                  line,
                                          const char          *format,
                                          ...) G_GNUC_PRINTF (3, 4);
/* A GMarkup (or our own) error as PS_ERROR_INVALID_PINSET, with its line. */
void         _ps_format_markup_error     (GError             **error,
                                          GError              *markup_error);
/* The line a GMarkup parser is at, as a reader counts it. */
int          _ps_format_markup_line      (GMarkupParseContext *context);
/* The stripped text of "<!-- ... -->" as GMarkup passes it through, or NULL for other
 * passthrough (processing instructions, DOCTYPE, CDATA). */
char        *_ps_format_markup_comment   (const char          *chars,
                                          gsize                len);

/* "Pinset: NAME" and "Exported by Pinscope VERSION on DATE." */
char       **_ps_format_header_lines     (PsPinset            *pinset,
                                          GDateTime           *now);
char        *_ps_format_header_name      (const char          *comment);
/* One line, no "--" (safe in XML comments too). */
char        *_ps_format_comment_safe     (const char          *text);
/* "ROLE: LABEL" (or "ROLE"), and back. */
char        *_ps_format_pin_comment      (PsPinsetPin         *pin);
gboolean     _ps_format_parse_pin_comment (const char         *comment,
                                          PsPinRole           *role,
                                          char               **label);
/* "a.example (with subdomains), b.example", and back into @rule. */
char        *_ps_format_domains_to_string (PsPinsetRule       *rule);
void         _ps_format_domains_from_string (PsPinsetRule     *rule,
                                          const char          *text);
char        *_ps_format_date             (GDateTime           *date);
GDateTime   *_ps_format_parse_date       (const char          *text);

guint        _ps_format_n_rules          (PsPinset            *pinset);
PsPinsetRule *_ps_format_get_rule        (PsPinset            *pinset,
                                          guint                index); /* owned */
/* The SHA-256 pins of @rule (owned PsPinsetPin), in order; with @leaf_only only leaf and
 * backup pins. Warns about what is left out, naming @client. */
GPtrArray   *_ps_format_rule_pins        (PsPinsetRule        *rule,
                                          int                  index,
                                          gboolean             leaf_only,
                                          const char          *client,
                                          GPtrArray           *warnings);
GPtrArray   *_ps_format_rule_domains     (PsPinsetRule        *rule); /* owned items */

/* A pin parsed from @text (any notation, after @prefix if it starts so), with the line in
 * the error message. */
PsPinsetPin *_ps_format_new_pin          (const char          *text,
                                          const char          *prefix,
                                          int                  line,
                                          PsPinRole            role,
                                          const char          *comment,
                                          GError             **error);
/* Builds the pinset from @rules (PsPinsetRule). With @merge, rules with the same pins and
 * expiration are merged into one (for formats that are keyed by domain). */
PsPinset    *_ps_format_finish           (const char          *name,
                                          GPtrArray           *rules,
                                          gboolean             merge);
/* The SHA-256 pin as base64. */
char        *_ps_format_pin_b64          (PsPinsetPin         *pin);
gboolean     _ps_format_is_wildcard      (const char          *domain);

/* Property lists (ps-format-plist.c). */
typedef enum
{
  PS_PLIST_DICT,
  PS_PLIST_ARRAY,
  PS_PLIST_STRING,
  PS_PLIST_BOOLEAN,
  PS_PLIST_OTHER, /* integer, real, date, data: text kept */
} PsPlistType;

typedef struct _PsPlistNode PsPlistNode;
struct _PsPlistNode
{
  PsPlistType  type;
  int          line;
  char        *text;      /* string value, or the text of other scalars */
  gboolean     boolean;
  char        *comment;   /* the XML comment just before the value or its key */
  GPtrArray   *keys;      /* dict: char * */
  GPtrArray   *children;  /* dict values and array items: PsPlistNode * */
};

/* @name receives the pinset name of a Pinscope header comment, or NULL. */
PsPlistNode *_ps_plist_parse             (const char          *text,
                                          char               **name,
                                          GError             **error);
void         _ps_plist_node_free         (PsPlistNode         *node);
PsPlistNode *_ps_plist_dict_get          (PsPlistNode         *dict,
                                          const char          *key);
void         _ps_plist_write_header      (GString             *out,
                                          PsPinset            *pinset,
                                          GDateTime           *now);
void         _ps_plist_write_footer      (GString             *out);
void         _ps_plist_write_key         (GString             *out,
                                          int                  depth,
                                          const char          *key);
void         _ps_plist_write_string      (GString             *out,
                                          int                  depth,
                                          const char          *value,
                                          const char          *comment);
void         _ps_plist_write_bool        (GString             *out,
                                          int                  depth,
                                          gboolean             value);
void         _ps_plist_write_open        (GString             *out,
                                          int                  depth,
                                          const char          *element);
void         _ps_plist_write_close       (GString             *out,
                                          int                  depth,
                                          const char          *element);
void         _ps_plist_write_comment     (GString             *out,
                                          int                  depth,
                                          const char          *comment);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsPlistNode, _ps_plist_node_free)

G_END_DECLS
