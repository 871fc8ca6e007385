/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <plist/plist.h>

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
PsPinset *_ps_format_trustkit_code_import  (const char *, GPtrArray *, GError **);
int       _ps_format_trustkit_swift_detect (const char *);
int       _ps_format_trustkit_objc_detect  (const char *);
char     *_ps_format_trustkit_objc_export  (PsPinset *, GDateTime *, GPtrArray *, GError **);
/* The pinset of a TrustKit configuration tree (a property list, or code read into one). */
PsPinset *_ps_format_trustkit_read         (plist_t      root,
                                            const char  *name,
                                            GHashTable  *comments,
                                            GPtrArray   *notes,
                                            GError     **error);
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
                                          GMarkupParseContext  *context,
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
void         _ps_format_read_list_comment (const char        *comment,
                                           gboolean           before_rules,
                                           char             **name,
                                           PsPinsetRule     **pending);
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
/* What an exporter can write of a rule's pins. */
typedef enum
{
  PS_EXPORT_PINS_SHA1       = 1 << 0, /* the client accepts SHA-1 pins */
  PS_EXPORT_PINS_LEAF_ONLY  = 1 << 1, /* it checks only the server's own key (curl) */
  PS_EXPORT_PINS_NEED_ROLES = 1 << 2, /* the output says which certificate a pin is for */
} PsExportPins;

/* What an exporter can express of a rule besides its pins. */
typedef enum
{
  PS_EXPORT_CAN_ONE_LABEL   = 1 << 0, /* subdomains one label deep */
  PS_EXPORT_CAN_ANY         = 1 << 1, /* subdomains at any depth */
  PS_EXPORT_CAN_REPORT_ONLY = 1 << 2,
  PS_EXPORT_CAN_EXCLUDE     = 1 << 3,
  PS_EXPORT_CAN_REQUIRES    = 1 << 4, /* ATS leaf and CA lists */
  PS_EXPORT_CAN_ANCHORS     = 1 << 5, /* trust anchors with overridePins */
  PS_EXPORT_CAN_WILDCARD    = 1 << 6, /* "*." patterns (OkHttp), or domains as comments */
} PsExportSemantics;

/* The pins of @rule the client can use (owned PsPinsetPin), in order, warning about
 * the unusable ones left out. NULL with PS_ERROR_UNSUPPORTED, naming the rule and the pins,
 * when pins have a role the client cannot check or no usable pin is left: an export never
 * pins nothing. An empty array for a rule without pins. */
GPtrArray   *_ps_format_rule_pins        (PsPinsetRule        *rule,
                                          int                  index,
                                          PsExportPins         flags,
                                          const char          *client,
                                          GPtrArray           *warnings,
                                          GError             **error);
/* FALSE with PS_ERROR_UNSUPPORTED when @rule has a semantic that @can lacks: policy,
 * subdomain depth, ATS requirements, overridden pins. */
gboolean     _ps_format_check_rule       (PsPinset            *pinset,
                                          PsPinsetRule        *rule,
                                          int                  index,
                                          PsExportSemantics    can,
                                          const char          *client,
                                          GError             **error);
GPtrArray   *_ps_format_rule_domains     (PsPinsetRule        *rule); /* owned items */

/* A pin parsed from @text (any notation, after @prefix if it starts so). Never NULL:
 * what does not parse is kept unparsed (ps_pinset_pin_new_from_text), with a note at
 * @line in @notes (nullable). */
PsPinsetPin *_ps_format_new_pin          (const char          *text,
                                          const char          *prefix,
                                          int                  line,
                                          PsPinRole            role,
                                          const char          *comment,
                                          GPtrArray           *notes);
/* Builds the pinset from @rules (PsPinsetRule). With @merge, rules with the same pins and
 * expiration are merged into one (for formats that are keyed by domain). */
PsPinset    *_ps_format_finish           (const char          *name,
                                          GPtrArray           *rules,
                                          gboolean             merge);
/* The SHA-256 pin as base64. */
char        *_ps_format_pin_b64          (PsPinsetPin         *pin);
gboolean     _ps_format_is_wildcard      (const char          *domain);

/* Property lists (ps-format-plist.c), with libplist. */
#define PS_PLIST_MAX_BINARY_SIZE (1024 * 1024)

typedef struct
{
  char    *key;
  plist_t  value; /* borrowed from the dictionary */
} PsPlistEntry;

gboolean     _ps_plist_is_binary         (const char          *data,
                                          gsize                len);
/* The XML text of a binary property list. */
char        *_ps_plist_binary_to_xml     (const char          *data,
                                          gsize                len,
                                          GError             **error);
/* The root dictionary of an XML property list; @name receives the pinset name of a
 * Pinscope header comment or NULL, @comments the comment before each string value
 * (value -> comment). */
plist_t      _ps_plist_parse             (const char          *text,
                                          char               **name,
                                          GHashTable         **comments,
                                          GError             **error);
plist_t      _ps_plist_dict_get          (plist_t              dict,
                                          const char          *key);
/* The entries of @dict in document order (PsPlistEntry); empty for a non-dictionary. */
GPtrArray   *_ps_plist_dict_entries      (plist_t              dict);
void         _ps_plist_entry_free        (PsPlistEntry        *entry);
char        *_ps_plist_dup_string        (plist_t              node);
gboolean     _ps_plist_get_bool          (plist_t              node,
                                          gboolean            *value);
plist_t      _ps_plist_pin_identity      (const char          *b64);
/* @root as XML with the header comments, and @comments (string value -> comment, may be
 * NULL) before the strings they name. Does not free @root. */
char        *_ps_plist_write             (plist_t              root,
                                          PsPinset            *pinset,
                                          GDateTime           *now,
                                          GHashTable          *comments);

G_END_DECLS
