/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ps-pinset.h"

G_BEGIN_DECLS

/* What a format keeps of a pinset when it is exported and read back. The round trip
 * import (export (P)) gives back P up to what the flags do not promise. */
typedef enum
{
  PS_FORMAT_KEEPS_RULES      = 1 << 0, /* several rules stay apart (else rules with the
                                        * same pins are merged) */
  PS_FORMAT_KEEPS_DOMAINS    = 1 << 1,
  PS_FORMAT_KEEPS_SUBDOMAINS = 1 << 2,
  PS_FORMAT_KEEPS_EXPIRATION = 1 << 3,
  PS_FORMAT_KEEPS_LABELS     = 1 << 4,
  PS_FORMAT_KEEPS_ROLES      = 1 << 5,
  PS_FORMAT_KEEPS_NAME       = 1 << 6,
  PS_FORMAT_KEEPS_ALL        = 1 << 7, /* the native document: everything */
  PS_FORMAT_LEAF_ONLY        = 1 << 8, /* only leaf and backup pins are exported */
} PsFormatFlags;

/* Why an export is not a faithful copy of a rule. */
typedef enum
{
  PS_FORMAT_WARNING_WILDCARD,      /* a wildcard domain was translated or dropped */
  PS_FORMAT_WARNING_LEAF_ONLY,     /* the client compares only the leaf key */
  PS_FORMAT_WARNING_NO_EXPIRATION, /* the rule's expiration cannot be expressed */
  PS_FORMAT_WARNING_FEW_PINS,      /* fewer than two pins (no backup) */
  PS_FORMAT_WARNING_DROPPED_PINS,  /* pins left out of the export */
  PS_FORMAT_WARNING_SUBDOMAINS,    /* the platform's subdomain semantics differ */
  PS_FORMAT_WARNING_OBSOLETE,      /* the mechanism is no longer honoured */
  PS_FORMAT_WARNING_DROPPED_RULE,  /* a rule (or one of its domains) left out */
  PS_FORMAT_WARNING_MATCHING,      /* the client matches pins differently */
} PsFormatWarningKind;

#define PS_TYPE_FORMAT_WARNING (ps_format_warning_get_type ())

typedef struct
{
  PsFormatWarningKind  kind;
  int                  rule;     /* index of the rule concerned, or -1 */
  char                *message;  /* translated, one sentence */
} PsFormatWarning;

GType            ps_format_warning_get_type     (void) G_GNUC_CONST;
PsFormatWarning *ps_format_warning_new          (PsFormatWarningKind     kind,
                                                 int                     rule,
                                                 const char             *message);
PsFormatWarning *ps_format_warning_copy         (const PsFormatWarning  *warning);
void             ps_format_warning_free         (PsFormatWarning        *warning);
const char      *ps_format_warning_kind_to_string (PsFormatWarningKind   kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsFormatWarning, ps_format_warning_free)

/* An entry of the registry; static, never freed. */
typedef struct _PsFormat PsFormat;

const PsFormat * const *ps_format_get_all              (guint           *n_formats);
const PsFormat         *ps_format_lookup               (const char      *id);
const char             *ps_format_get_id               (const PsFormat  *format);
const char             *ps_format_get_title            (const PsFormat  *format); /* translated */
const char             *ps_format_get_extension        (const PsFormat  *format); /* no dot */
const char             *ps_format_get_content_type     (const PsFormat  *format);
PsFormatFlags           ps_format_get_flags            (const PsFormat  *format);
gboolean                ps_format_can_import           (const PsFormat  *format);

/* Returns the exported text. @now names the date in comments (and, for HPKP, bounds
 * max-age); NULL means the current time. @warnings (if non-NULL) receives a GPtrArray of
 * PsFormatWarning, empty when the export is faithful. */
char                   *ps_format_export               (const PsFormat  *format,
                                                        PsPinset        *pinset,
                                                        GDateTime       *now,
                                                        GPtrArray      **warnings,
                                                        GError         **error);
/* Reads @text (@len bytes, or -1 when NUL-terminated). @format NULL means detect it.
 * @notes (if non-NULL) receives a GPtrArray of strings naming what was ignored (not about
 * pins). Errors are PS_ERROR_INVALID_PINSET with the line number in the message where
 * there is one, or PS_ERROR_UNSUPPORTED when no format fits or the format cannot be read.
 * The pinset name is empty when the document names none. */
PsPinset               *ps_format_import               (const PsFormat  *format,
                                                        const char      *text,
                                                        gssize           len,
                                                        GPtrArray      **notes,
                                                        GError         **error);
/* The importable format that @text looks like, or NULL. */
const PsFormat         *ps_format_detect               (const char      *text,
                                                        gssize           len);

G_END_DECLS
