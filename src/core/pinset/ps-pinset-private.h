/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-pinset.h"

G_BEGIN_DECLS

/* Shared by the files of the pinset model. */
gboolean   _ps_set_str               (char       **str_pointer,
                                      const char  *new_str);
gboolean   _ps_date_time_equal0      (GDateTime   *a,
                                      GDateTime   *b);
GDateTime *_ps_truncate_to_seconds   (GDateTime   *dt);
GDateTime *_ps_now_utc_seconds       (void);

/* Owners observe their items without a closure per item: an item keeps a weak pointer to
 * the rule (or pinset) that holds it and tells it when it changes. An item may be held by
 * more than one owner. */
typedef void (*PsItemChangedFunc) (gpointer owner);

void       _ps_pinset_pin_add_owner      (PsPinsetPin    *pin,
                                          gpointer        owner);
void       _ps_pinset_pin_remove_owner   (PsPinsetPin    *pin,
                                          gpointer        owner);
void       _ps_pinset_domain_add_owner   (PsPinsetDomain *domain,
                                          gpointer        owner);
void       _ps_pinset_domain_remove_owner (PsPinsetDomain *domain,
                                           gpointer        owner);
void       _ps_pinset_rule_add_owner     (PsPinsetRule   *rule,
                                          gpointer        owner);
void       _ps_pinset_rule_remove_owner  (PsPinsetRule   *rule,
                                          gpointer        owner);
/* Called by items when they change. */
void       _ps_pinset_rule_item_changed  (gpointer        rule);
void       _ps_pinset_rule_changed       (gpointer        pinset);

gboolean   _ps_pinset_pin_equal          (PsPinsetPin    *a,
                                          PsPinsetPin    *b);
gboolean   _ps_pinset_rule_equal         (PsPinsetRule   *a,
                                          PsPinsetRule   *b);
gboolean   _ps_anchor_lists_equal        (GListModel     *a,
                                          GListModel     *b);

/* For the JSON reader: set the document's times, and mute "changed" while loading. */
void       _ps_pinset_set_loading        (PsPinset       *self,
                                          gboolean        loading);
void       _ps_pinset_set_times          (PsPinset       *self,
                                          GDateTime      *created,
                                          GDateTime      *modified);


/* The owners of one item: nearly always one, so no array unless there are more. */
typedef struct
{
  gpointer   first;
  GPtrArray *more;
} PsOwners;

static inline void
_ps_owners_add (PsOwners *owners,
                gpointer  owner)
{
  if (owners->first == NULL)
    owners->first = owner;
  else
    {
      if (owners->more == NULL)
        owners->more = g_ptr_array_new ();
      g_ptr_array_add (owners->more, owner);
    }
}

static inline void
_ps_owners_remove (PsOwners *owners,
                   gpointer  owner)
{
  if (owners->more != NULL && g_ptr_array_remove (owners->more, owner))
    return;
  if (owners->first == owner)
    {
      owners->first = NULL;
      if (owners->more != NULL && owners->more->len > 0)
        owners->first = g_ptr_array_steal_index (owners->more, 0);
    }
}

static inline void
_ps_owners_notify (PsOwners          *owners,
                   PsItemChangedFunc  func)
{
  if (owners->first != NULL)
    func (owners->first);
  for (guint i = 0; owners->more != NULL && i < owners->more->len; i++)
    func (g_ptr_array_index (owners->more, i));
}

static inline void
_ps_owners_clear (PsOwners *owners)
{
  owners->first = NULL;
  g_clear_pointer (&owners->more, g_ptr_array_unref);
}

/* ps-pinset-json-scan.c: checks before json-glib parses a pinset. The parser recurses once
 * per level of nesting, so a few megabytes of "[" would exhaust the stack; a pinset needs
 * five levels. */
#define PS_PINSET_JSON_MAX_NESTING 64

gboolean _ps_pinset_json_nesting_is_reasonable (const char *json,
                                                gsize       len);
guint    _ps_pinset_json_line_of_nul_escape    (const char *json,
                                                gsize       len);
guint    _ps_pinset_json_line_of_second_value  (const char *json,
                                                gsize       len);

G_END_DECLS
