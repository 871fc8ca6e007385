/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-pin.h"

G_BEGIN_DECLS

typedef enum
{
  PS_PIN_ROLE_LEAF,
  PS_PIN_ROLE_INTERMEDIATE,
  PS_PIN_ROLE_ROOT,
  PS_PIN_ROLE_BACKUP,
} PsPinRole;

typedef enum
{
  PS_PIN_ORIGIN_TYPED,  /* typed or pasted in */
  PS_PIN_ORIGIN_HOST,   /* a live chain: origin = host[:port], depth set */
  PS_PIN_ORIGIN_FILE,   /* a certificate file: origin = path, depth = index in file */
  PS_PIN_ORIGIN_KEY,    /* a public or private key file: origin = path */
  PS_PIN_ORIGIN_CSR,    /* a CSR file: origin = path */
} PsPinOrigin;

#define PS_TYPE_PIN_ROLE   (ps_pin_role_get_type ())
#define PS_TYPE_PIN_ORIGIN (ps_pin_origin_get_type ())
GType       ps_pin_role_get_type      (void) G_GNUC_CONST;
GType       ps_pin_origin_get_type    (void) G_GNUC_CONST;

const char *ps_pin_role_to_string     (PsPinRole    role);
gboolean    ps_pin_role_from_string   (const char  *text,
                                       PsPinRole   *role);
const char *ps_pin_role_to_label      (PsPinRole    role);  /* translated, for display */
const char *ps_pin_origin_to_string   (PsPinOrigin  origin);
gboolean    ps_pin_origin_from_string (const char  *text,
                                       PsPinOrigin *origin);

/* One pin of a rule. Every setter notifies, and the owning pinset emits "changed". */
#define PS_TYPE_PINSET_PIN (ps_pinset_pin_get_type ())
G_DECLARE_FINAL_TYPE (PsPinsetPin, ps_pinset_pin, PS, PINSET_PIN, GObject)

PsPinsetPin *ps_pinset_pin_new          (const PsPin  *pin,
                                         const char   *label,
                                         PsPinRole     role);
const PsPin *ps_pinset_pin_get_pin      (PsPinsetPin  *self);
const char  *ps_pinset_pin_get_label    (PsPinsetPin  *self);
void         ps_pinset_pin_set_label    (PsPinsetPin  *self,
                                         const char   *label);
PsPinRole    ps_pinset_pin_get_role     (PsPinsetPin  *self);
void         ps_pinset_pin_set_role     (PsPinsetPin  *self,
                                         PsPinRole     role);
PsPinOrigin  ps_pinset_pin_get_origin   (PsPinsetPin  *self);
const char  *ps_pinset_pin_get_origin_detail (PsPinsetPin *self); /* host or file, or NULL */
int          ps_pinset_pin_get_depth    (PsPinsetPin  *self);     /* -1 when not known */
void         ps_pinset_pin_set_origin   (PsPinsetPin  *self,
                                         PsPinOrigin   origin,
                                         const char   *detail,
                                         int           depth);
/* Validity of the certificate the pin came from, when known (for outlives-certificates);
 * may be NULL. */
GDateTime   *ps_pinset_pin_get_not_after (PsPinsetPin *self);
void         ps_pinset_pin_set_not_after (PsPinsetPin *self,
                                          GDateTime   *not_after);

/* A pin as written in an imported document, kept even when it is not a usable SHA-256
 * pin so that the linter can report it (invalid-pin, placeholder-pin). When @text parses,
 * this is the same as ps_pinset_pin_new(); otherwise ps_pinset_pin_get_pin() returns NULL,
 * ps_pinset_pin_get_text() the text and ps_pinset_pin_get_problem() why. */
PsPinsetPin *ps_pinset_pin_new_from_text    (const char   *text,
                                             const char   *label,
                                             PsPinRole     role);
/* NULL for pins made from a value; the original text otherwise. */
const char  *ps_pinset_pin_get_text         (PsPinsetPin  *self);
/* NULL when the pin is usable; otherwise a translated sentence. */
const char  *ps_pinset_pin_get_problem      (PsPinsetPin  *self);
/* PS_ERROR_INVALID_PIN, PS_ERROR_PLACEHOLDER_PIN or PS_ERROR_SHA1_PIN; -1 when usable. */
int          ps_pinset_pin_get_problem_code (PsPinsetPin  *self);
/* The pin in the usual notation (base64) or the unparsed text. Owned. */
char        *ps_pinset_pin_dup_display      (PsPinsetPin  *self);

/* A domain pattern of a rule. */
#define PS_TYPE_PINSET_DOMAIN (ps_pinset_domain_get_type ())
G_DECLARE_FINAL_TYPE (PsPinsetDomain, ps_pinset_domain, PS, PINSET_DOMAIN, GObject)

PsPinsetDomain *ps_pinset_domain_new                    (const char     *name,
                                                         gboolean        include_subdomains);
const char     *ps_pinset_domain_get_name               (PsPinsetDomain *self);
void            ps_pinset_domain_set_name               (PsPinsetDomain *self,
                                                         const char     *name);
gboolean        ps_pinset_domain_get_include_subdomains (PsPinsetDomain *self);
void            ps_pinset_domain_set_include_subdomains (PsPinsetDomain *self,
                                                         gboolean        include);
/* Whether @hostname is covered (exact, or a subdomain at any depth when included). */
gboolean        ps_pinset_domain_covers                 (PsPinsetDomain *self,
                                                         const char     *hostname);

/* A rule: domains, pins, optional expiration (a date, UTC midnight), notes. Emits
 * "changed" when it, one of its domains or one of its pins changes. */
#define PS_TYPE_PINSET_RULE (ps_pinset_rule_get_type ())
G_DECLARE_FINAL_TYPE (PsPinsetRule, ps_pinset_rule, PS, PINSET_RULE, GObject)

PsPinsetRule *ps_pinset_rule_new             (void);
GListModel   *ps_pinset_rule_get_domains     (PsPinsetRule   *self); /* of PsPinsetDomain */
GListModel   *ps_pinset_rule_get_pins        (PsPinsetRule   *self); /* of PsPinsetPin */
void          ps_pinset_rule_add_domain      (PsPinsetRule   *self,
                                              PsPinsetDomain *domain);
void          ps_pinset_rule_remove_domain   (PsPinsetRule   *self,
                                              PsPinsetDomain *domain);
/* Returns FALSE (and adds nothing) when the same hash is already in the rule. */
gboolean      ps_pinset_rule_add_pin         (PsPinsetRule   *self,
                                              PsPinsetPin    *pin);
/* Appends even when the hash is already there: for readers of existing documents, which
 * must show the document as it is (the linter reports duplicate-pin). */
void          ps_pinset_rule_append_pin      (PsPinsetRule   *self,
                                              PsPinsetPin    *pin);
/* The first pin of the rule with the same hash, or NULL. Borrowed. */
PsPinsetPin  *ps_pinset_rule_find_pin        (PsPinsetRule   *self,
                                              const PsPin    *pin);
void          ps_pinset_rule_remove_pin      (PsPinsetRule   *self,
                                              PsPinsetPin    *pin);
GDateTime    *ps_pinset_rule_get_expiration  (PsPinsetRule   *self);
void          ps_pinset_rule_set_expiration  (PsPinsetRule   *self,
                                              GDateTime      *expiration);
const char   *ps_pinset_rule_get_notes       (PsPinsetRule   *self);
void          ps_pinset_rule_set_notes       (PsPinsetRule   *self,
                                              const char     *notes);
gboolean      ps_pinset_rule_covers          (PsPinsetRule   *self,
                                              const char     *hostname);
/* The domain names, comma separated ("*.example.com" style for include-subdomains is not
 * used: the names as written), or a translated "(no domain)". Owned. */
char         *ps_pinset_rule_dup_label       (PsPinsetRule   *self);

/* The document. Emits "changed" whenever anything in it (rules, domains, pins) changes. */
#define PS_TYPE_PINSET (ps_pinset_get_type ())
G_DECLARE_FINAL_TYPE (PsPinset, ps_pinset, PS, PINSET, GObject)

#define PS_PINSET_FORMAT_NAME    "pinscope-pinset"
#define PS_PINSET_FORMAT_VERSION 1

PsPinset    *ps_pinset_new              (const char   *name);
const char  *ps_pinset_get_name         (PsPinset     *self);
void         ps_pinset_set_name         (PsPinset     *self,
                                         const char   *name);
GDateTime   *ps_pinset_get_created      (PsPinset     *self);
GDateTime   *ps_pinset_get_modified     (PsPinset     *self);
GListModel  *ps_pinset_get_rules        (PsPinset     *self); /* of PsPinsetRule */
void         ps_pinset_add_rule         (PsPinset     *self,
                                         PsPinsetRule *rule);
void         ps_pinset_remove_rule      (PsPinset     *self,
                                         PsPinsetRule *rule);
/* Compares the contents (name, rules, domains, pins with their labels, roles and origins,
 * expirations, notes); created and modified times are not compared. */
gboolean     ps_pinset_equal            (PsPinset     *a,
                                         PsPinset     *b);

/* Files larger than this are refused before they are read. */
#define PS_PINSET_MAX_FILE_SIZE (16 * 1024 * 1024)

/* Native JSON document. */
char        *ps_pinset_to_json          (PsPinset     *self);
PsPinset    *ps_pinset_new_from_json    (const char   *json,
                                         gssize        len,
                                         GError      **error);
/* Atomic: never leaves a truncated or destroyed previous file. */
gboolean     ps_pinset_save             (PsPinset     *self,
                                         GFile        *file,
                                         GCancellable *cancellable,
                                         GError      **error);
PsPinset    *ps_pinset_load             (GFile        *file,
                                         GCancellable *cancellable,
                                         GError      **error);
void         ps_pinset_save_async       (PsPinset            *self,
                                         GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean     ps_pinset_save_finish      (PsPinset            *self,
                                         GAsyncResult        *result,
                                         GError             **error);
void         ps_pinset_load_async       (GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
PsPinset    *ps_pinset_load_finish      (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
