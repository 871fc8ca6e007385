/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-x509-enums.h"
#include "ps-certificate-card.h"
#include "ps-chain-level.h"
#include "ps-chain-view.h"
#include "ps-material.h"

/* From this many certificates on, a filter entry and a count are shown above the cards. */
#define FILTER_THRESHOLD 20

/* The grid view makes a card for each of its first 30 rows at once (see ps-chain-view.ui):
 * about 200 ms of building, measuring and shaping in one frame. So it is given the first
 * CARDS_PER_FRAME levels (every level of a normal chain), then as many more each frame, and
 * every level once it holds more rows than it makes cards for. */
#define CARDS_PER_FRAME 6
#define CARDS_MADE 36

struct _PsChainView
{
  AdwBin               parent_instance;

  PsChain             *chain;
  PsPinOrigin          origin;
  char                *origin_detail;
  char                *trust_store;
  PsPinNotation        notation;
  /* PsChainLevel, one per certificate of the chain, leaf first. */
  GListStore          *levels;
  GtkFilterListModel  *filtered;
  /* The filtered levels the grid is given so far (see CARDS_PER_FRAME). */
  GtkSliceListModel   *slice;
  guint                grow_id;
  gboolean             grown_once;
  GtkCustomFilter     *filter;
  char                *needle;
  GPtrArray           *material_rows;
  /* The keys and CSRs shown below the cards (PsMaterial), or NULL. */
  GPtrArray           *materials;

  GtkWidget           *header_clamp;
  GtkWidget           *summary_box;
  GtkImage            *summary_icon;
  GtkLabel            *summary_title;
  GtkLabel            *summary_detail;
  GtkListBox          *verdict_list;
  GtkWidget           *filter_box;
  GtkLabel            *count_label;
  GtkWidget           *cards_scroller;
  GtkGridView         *cards_list;
  GtkWidget           *footer_clamp;
  AdwPreferencesGroup *materials_group;
  GtkLabel            *problems_label;
};

G_DEFINE_FINAL_TYPE (PsChainView, ps_chain_view, ADW_TYPE_BIN)

enum {
  ADD_TO_PINSET,
  ADD_MATERIAL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_NOTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
ps_chain_view_new (void)
{
  return g_object_new (PS_TYPE_CHAIN_VIEW, NULL);
}

void
ps_chain_view_set_origin (PsChainView *self,
                          PsPinOrigin  origin,
                          const char  *detail)
{
  g_return_if_fail (PS_IS_CHAIN_VIEW (self));

  self->origin = origin;
  g_free (self->origin_detail);
  self->origin_detail = g_strdup (detail);
}

PsPinOrigin
ps_chain_view_get_origin (PsChainView *self)
{
  g_return_val_if_fail (PS_IS_CHAIN_VIEW (self), PS_PIN_ORIGIN_TYPED);

  return self->origin;
}

const char *
ps_chain_view_get_origin_detail (PsChainView *self)
{
  g_return_val_if_fail (PS_IS_CHAIN_VIEW (self), NULL);

  return self->origin_detail;
}

PsChain *
ps_chain_view_get_chain (PsChainView *self)
{
  g_return_val_if_fail (PS_IS_CHAIN_VIEW (self), NULL);

  return self->chain;
}

guint
ps_chain_view_get_n_cards (PsChainView *self)
{
  g_return_val_if_fail (PS_IS_CHAIN_VIEW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->levels));
}

guint
ps_chain_view_get_n_shown (PsChainView *self)
{
  g_return_val_if_fail (PS_IS_CHAIN_VIEW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

/* The grid view makes cards only for the rows about its view: look among those. */
GtkWidget *
ps_chain_view_get_card (PsChainView *self,
                        guint        index)
{
  g_return_val_if_fail (PS_IS_CHAIN_VIEW (self), NULL);
  g_return_val_if_fail (index < ps_chain_view_get_n_cards (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->cards_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *card = gtk_widget_get_first_child (row);

      if (PS_IS_CERTIFICATE_CARD (card) && gtk_widget_get_child_visible (row) &&
          ps_certificate_card_get_certificate (PS_CERTIFICATE_CARD (card)) != NULL &&
          ps_certificate_card_get_level (PS_CERTIFICATE_CARD (card)) == index)
        return card;
    }

  return NULL;
}

static void
show_all_levels (PsChainView *self)
{
  if (self->grow_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->cards_list), self->grow_id);
  self->grow_id = 0;
  gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
}

static gboolean
grow_levels_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  PsChainView *self = user_data;
  guint size = gtk_slice_list_model_get_size (self->slice) + CARDS_PER_FRAME;

  /* The first frame lays out the view and its first cards: nothing more. */
  if (!self->grown_once)
    {
      self->grown_once = TRUE;
      return G_SOURCE_CONTINUE;
    }
  if (size < CARDS_MADE)
    {
      gtk_slice_list_model_set_size (self->slice, size);
      return G_SOURCE_CONTINUE;
    }

  self->grow_id = 0;
  gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
  return G_SOURCE_REMOVE;
}

gboolean
ps_chain_view_scroll_to_card (PsChainView *self,
                              guint        index)
{
  GListModel *shown;

  g_return_val_if_fail (PS_IS_CHAIN_VIEW (self), FALSE);

  shown = G_LIST_MODEL (self->filtered);
  show_all_levels (self);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(PsChainLevel) level = g_list_model_get_item (shown, i);

      if (ps_chain_level_get_index (level) == index)
        /* GtkListBase's action (GTK 4.8 has no gtk_grid_view_scroll_to): the least
         * scrolling that shows the row. */
        return gtk_widget_activate_action (GTK_WIDGET (self->cards_list),
                                           "list.scroll-to-item", "u", i);
    }

  return FALSE;
}

void
ps_chain_view_set_notation (PsChainView   *self,
                            PsPinNotation  notation)
{
  g_return_if_fail (PS_IS_CHAIN_VIEW (self));

  if (self->notation == notation)
    return;

  self->notation = notation;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->levels)); i++)
    {
      g_autoptr(PsChainLevel) level = g_list_model_get_item (G_LIST_MODEL (self->levels), i);

      ps_chain_level_set_notation (level, notation);
    }
  if (self->materials != NULL)
    {
      g_autoptr(GPtrArray) materials = g_ptr_array_ref (self->materials);

      ps_chain_view_set_materials (self, materials);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTATION]);
}

PsPinNotation
ps_chain_view_get_notation (PsChainView *self)
{
  g_return_val_if_fail (PS_IS_CHAIN_VIEW (self), PS_PIN_NOTATION_OKHTTP);

  return self->notation;
}

void
ps_chain_view_set_pinned (PsChainView *self,
                          GHashTable  *pins,
                          GHashTable  *target)
{
  GListModel *levels;

  g_return_if_fail (PS_IS_CHAIN_VIEW (self));

  levels = G_LIST_MODEL (self->levels);
  for (guint i = 0; i < g_list_model_get_n_items (levels); i++)
    {
      g_autoptr(PsChainLevel) level = g_list_model_get_item (levels, i);
      const PsPin *pin = ps_certificate_get_spki_pin (ps_chain_level_get_certificate (level));

      ps_chain_level_set_matched (level, pins != NULL && g_hash_table_contains (pins, pin));
      ps_chain_level_set_in_pinset (level,
                                    target != NULL && g_hash_table_contains (target, pin));
    }
}

/* Connected in ps-chain-view-item.ui, whose cards only know their chain view as an
 * ancestor. */
static void
card_add_to_pinset_cb (PsCertificateCard *card)
{
  GtkWidget *self = gtk_widget_get_ancestor (GTK_WIDGET (card), PS_TYPE_CHAIN_VIEW);

  if (self != NULL)
    g_signal_emit (self, signals[ADD_TO_PINSET], 0,
                   ps_certificate_card_get_certificate (card),
                   (int) ps_certificate_card_get_level (card));
}

static void update_layout (PsChainView *self);

static void
clear_list_box (GtkListBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, child);
}

static GtkWidget *
verdict_row_new (const char *text,
                 const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (icon, "finding-icon");
  gtk_widget_add_css_class (icon, g_str_equal (icon_name, "dialog-warning-symbolic")
                                  ? "warning" : "info");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static void
ps_chain_view_update_summary (PsChainView *self)
{
  g_auto(GStrv) verdicts = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  gboolean trusted;

  clear_list_box (self->verdict_list);
  gtk_widget_remove_css_class (self->summary_box, "trusted");
  gtk_widget_remove_css_class (self->summary_box, "untrusted");

  if (self->chain == NULL)
    {
      gtk_widget_set_visible (self->summary_box, self->material_rows->len == 0);
      gtk_image_set_from_icon_name (self->summary_icon, "dialog-question-symbolic");
      gtk_label_set_label (self->summary_title, _("No Certificates"));
      gtk_label_set_label (self->summary_detail, _("Nothing in this file could be read"));
      gtk_widget_set_visible (GTK_WIDGET (self->verdict_list), FALSE);
      update_layout (self);
      return;
    }

  gtk_widget_set_visible (self->summary_box, TRUE);
  trusted = ps_chain_get_trusted (self->chain);
  gtk_image_set_from_icon_name (self->summary_icon,
                                trusted ? "channel-secure-symbolic" : "channel-insecure-symbolic");
  gtk_widget_add_css_class (self->summary_box, trusted ? "trusted" : "untrusted");
  gtk_label_set_label (self->summary_title,
                       trusted ? _("Trusted Chain") : _("Not Trusted"));

  if (ps_chain_get_tls_version (self->chain) != NULL)
    {
      g_string_append (detail, ps_chain_get_tls_version (self->chain));
      if (ps_chain_get_cipher_suite (self->chain) != NULL)
        g_string_append_printf (detail, " · %s", ps_chain_get_cipher_suite (self->chain));
      if (ps_chain_get_peer_address (self->chain) != NULL)
        g_string_append_printf (detail, " · %s", ps_chain_get_peer_address (self->chain));
    }
  else
    {
      guint n = ps_chain_get_n_certificates (self->chain);

      g_string_append_printf (detail,
                              g_dngettext (GETTEXT_PACKAGE, "%u certificate, read from a file",
                                           "%u certificates, read from a file", n),
                              n);
    }
  g_string_append (detail, " · ");
  if (self->trust_store != NULL)
    /* Translators: %s is the trust store, such as the name of a CA file. */
    g_string_append_printf (detail, _("verified against %s"), self->trust_store);
  else
    g_string_append (detail, _("verified against the system trust store"));
  gtk_label_set_label (self->summary_detail, detail->str);

  verdicts = ps_chain_dup_verdicts (self->chain);
  for (guint i = 0; verdicts != NULL && verdicts[i] != NULL; i++)
    gtk_list_box_append (self->verdict_list,
                         verdict_row_new (verdicts[i],
                                          trusted ? "dialog-information-symbolic"
                                                  : "dialog-warning-symbolic"));
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_list),
                          verdicts != NULL && verdicts[0] != NULL);
  update_layout (self);
}

static void
update_count (PsChainView *self)
{
  guint n = ps_chain_view_get_n_cards (self);
  guint shown = ps_chain_view_get_n_shown (self);
  g_autofree char *text = NULL;

  if (self->needle == NULL)
    /* Translators: the number of certificates in the chain view. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u certificate", "%u certificates",
                                         n), n);
  else
    /* Translators: how many certificates the filter lets through, of how many. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u certificate",
                                         "%u of %u certificates", n), shown, n);
  gtk_label_set_label (self->count_label, text);
}

static gboolean
level_filter_func (gpointer item,
                   gpointer user_data)
{
  PsChainView *self = user_data;

  return ps_chain_level_matches (item, self->needle);
}

static void
filter_changed_cb (PsChainView    *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->needle, g_free);
  if (*stripped != '\0')
    self->needle = g_utf8_casefold (stripped, -1);
  /* No filter at all without a needle: every level shows at once, with nothing to run. */
  if (self->needle == NULL)
    gtk_filter_list_model_set_filter (self->filtered, NULL);
  else if (gtk_filter_list_model_get_filter (self->filtered) == NULL)
    gtk_filter_list_model_set_filter (self->filtered, GTK_FILTER (self->filter));
  else
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

/* The footer (keys, problems) follows the header directly when there are no cards. */
static void
update_layout (PsChainView *self)
{
  gboolean has_cards = ps_chain_view_get_n_cards (self) > 0;
  gboolean has_footer = self->material_rows->len > 0 ||
                        gtk_widget_get_visible (GTK_WIDGET (self->problems_label));
  gboolean has_header = gtk_widget_get_visible (self->summary_box) ||
                        gtk_widget_get_visible (GTK_WIDGET (self->verdict_list));

  gtk_widget_set_visible (self->header_clamp, has_header);
  gtk_widget_set_visible (self->cards_scroller, has_cards);
  gtk_widget_set_visible (self->filter_box, ps_chain_view_get_n_cards (self) >= FILTER_THRESHOLD);
  gtk_widget_set_visible (self->footer_clamp, has_footer);
  gtk_widget_set_margin_top (self->footer_clamp, has_header || has_cards ? 18 : 24);
}

void
ps_chain_view_set_chain (PsChainView *self,
                         PsChain     *chain)
{
  g_autoptr(GPtrArray) levels = NULL;
  guint n;

  g_return_if_fail (PS_IS_CHAIN_VIEW (self));
  g_return_if_fail (chain == NULL || PS_IS_CHAIN (chain));

  if (!g_set_object (&self->chain, chain))
    return;

  n = chain != NULL ? ps_chain_get_n_certificates (chain) : 0;
  levels = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      PsChainLevel *level = ps_chain_level_new (chain, i);

      ps_chain_level_set_notation (level, self->notation);
      g_ptr_array_add (levels, level);
    }
  show_all_levels (self);
  gtk_slice_list_model_set_size (self->slice, CARDS_PER_FRAME);
  g_list_store_splice (self->levels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->levels)),
                       levels->pdata, levels->len);
  self->grown_once = FALSE;
  if (n > CARDS_PER_FRAME)
    self->grow_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->cards_list), grow_levels_cb,
                                                  self, NULL);
  else
    gtk_slice_list_model_set_size (self->slice, G_MAXUINT);

  update_count (self);
  ps_chain_view_update_summary (self);
}

static void
copy_material_pin_cb (GtkButton *button,
                      const char *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  gtk_widget_activate_action (GTK_WIDGET (button), "win.show-toast", "s", _("Pin copied"));
}

static void
add_material_cb (GtkButton   *button,
                 PsChainView *self)
{
  g_signal_emit (self, signals[ADD_MATERIAL], 0,
                 g_object_get_data (G_OBJECT (button), "material"));
}

void
ps_chain_view_set_materials (PsChainView *self,
                             GPtrArray   *materials)
{
  g_return_if_fail (PS_IS_CHAIN_VIEW (self));

  if (materials != NULL)
    g_ptr_array_ref (materials);
  g_clear_pointer (&self->materials, g_ptr_array_unref);
  self->materials = materials;

  for (guint i = 0; i < self->material_rows->len; i++)
    adw_preferences_group_remove (self->materials_group,
                                  g_ptr_array_index (self->material_rows, i));
  g_ptr_array_set_size (self->material_rows, 0);

  for (guint i = 0; materials != NULL && i < materials->len; i++)
    {
      PsMaterial *material = g_ptr_array_index (materials, i);
      g_autofree char *pin = ps_pin_to_string (ps_material_get_pin (material),
                                               self->notation);
      g_autofree char *title = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      GtkWidget *add;

      switch (ps_material_get_kind (material))
        {
        case PS_MATERIAL_CSR:
          /* Translators: %s is the subject of a certificate signing request. */
          title = g_strdup_printf (_("Certificate request for %s"),
                                   ps_material_get_label (material));
          break;
        case PS_MATERIAL_PRIVATE_KEY:
          /* Translators: %s describes a key; only its public part is read and kept. */
          title = g_strdup_printf (_("%s (public part of a private key)"),
                                   ps_material_get_key_description (material));
          break;
        default:
          title = g_strdup (ps_material_get_label (material));
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), pin);
      gtk_widget_add_css_class (row, "pin-row");
      gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (copy, "flat");
      gtk_widget_set_tooltip_text (copy, _("Copy Pin"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Copy Pin"), -1);
      g_signal_connect_data (copy, "clicked", G_CALLBACK (copy_material_pin_cb),
                             g_steal_pointer (&pin), (GClosureNotify) (void (*) (void)) g_free, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
      add = gtk_button_new_with_mnemonic (_("_Add to Pinset"));
      gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (add, _("Add as a Backup Pin"));
      g_object_set_data_full (G_OBJECT (add), "material", g_object_ref (material),
                              g_object_unref);
      g_signal_connect_object (add, "clicked", G_CALLBACK (add_material_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), add);
      adw_preferences_group_add (self->materials_group, row);
      g_ptr_array_add (self->material_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->materials_group), self->material_rows->len > 0);
  ps_chain_view_update_summary (self);
}

void
ps_chain_view_set_trust_store (PsChainView *self,
                               const char  *description)
{
  g_return_if_fail (PS_IS_CHAIN_VIEW (self));

  if (g_strcmp0 (self->trust_store, description) == 0)
    return;

  g_free (self->trust_store);
  self->trust_store = g_strdup (description);
  ps_chain_view_update_summary (self);
}

void
ps_chain_view_set_problems (PsChainView *self,
                            GPtrArray   *problems)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (PS_IS_CHAIN_VIEW (self));

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (problems, i));

  gtk_label_set_label (self->problems_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), text->len > 0);
  update_layout (self);
}

static void
ps_chain_view_dispose (GObject *object)
{
  PsChainView *self = PS_CHAIN_VIEW (object);

  if (self->cards_list != NULL)
    {
      if (self->grow_id != 0)
        gtk_widget_remove_tick_callback (GTK_WIDGET (self->cards_list), self->grow_id);
      self->grow_id = 0;
      gtk_grid_view_set_model (self->cards_list, NULL);
    }
  g_ptr_array_set_size (self->material_rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_CHAIN_VIEW);
  g_clear_object (&self->chain);
  g_clear_pointer (&self->materials, g_ptr_array_unref);

  G_OBJECT_CLASS (ps_chain_view_parent_class)->dispose (object);
}

static void
ps_chain_view_finalize (GObject *object)
{
  PsChainView *self = PS_CHAIN_VIEW (object);

  g_clear_object (&self->levels);
  g_clear_object (&self->filtered);
  g_clear_object (&self->slice);
  g_clear_object (&self->filter);
  g_free (self->needle);
  g_ptr_array_unref (self->material_rows);
  g_free (self->origin_detail);
  g_free (self->trust_store);

  G_OBJECT_CLASS (ps_chain_view_parent_class)->finalize (object);
}

static void
ps_chain_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PsChainView *self = PS_CHAIN_VIEW (object);

  switch (prop_id)
    {
    case PROP_NOTATION:
      g_value_set_enum (value, self->notation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_chain_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PsChainView *self = PS_CHAIN_VIEW (object);

  switch (prop_id)
    {
    case PROP_NOTATION:
      ps_chain_view_set_notation (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_chain_view_class_init (PsChainViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_chain_view_dispose;
  object_class->finalize = ps_chain_view_finalize;
  object_class->get_property = ps_chain_view_get_property;
  object_class->set_property = ps_chain_view_set_property;

  /* How pins are shown, bound to the "notation" setting. */
  properties[PROP_NOTATION] =
    g_param_spec_enum ("notation", NULL, NULL, PS_TYPE_PIN_NOTATION, PS_PIN_NOTATION_OKHTTP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsChainView::add-to-pinset:
   * @certificate: the level's certificate
   * @depth: its depth in the chain (0 = leaf)
   */
  signals[ADD_TO_PINSET] =
    g_signal_new ("add-to-pinset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, PS_TYPE_CERTIFICATE, G_TYPE_INT);

  /**
   * PsChainView::add-material:
   * @material: a key or CSR read from the file
   */
  signals[ADD_MATERIAL] =
    g_signal_new ("add-material", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PS_TYPE_MATERIAL);

  g_type_ensure (PS_TYPE_CERTIFICATE_CARD);
  g_type_ensure (PS_TYPE_CHAIN_LEVEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/ps-chain-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PsChainView, summary_box);
  gtk_widget_class_bind_template_child (widget_class, PsChainView, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, PsChainView, summary_title);
  gtk_widget_class_bind_template_child (widget_class, PsChainView, summary_detail);
  gtk_widget_class_bind_template_child (widget_class, PsChainView, verdict_list);
  gtk_widget_class_bind_template_child (widget_class, PsChainView, header_clamp);
  gtk_widget_class_bind_template_child (widget_class, PsChainView, filter_box);
  gtk_widget_class_bind_template_child (widget_class, PsChainView, count_label);
  gtk_widget_class_bind_template_child (widget_class, PsChainView, cards_scroller);
  gtk_widget_class_bind_template_child (widget_class, PsChainView, cards_list);
  gtk_widget_class_bind_template_child (widget_class, PsChainView, footer_clamp);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, PsChainView, materials_group);
  gtk_widget_class_bind_template_child (widget_class, PsChainView, problems_label);
}

static void
ps_chain_view_init (PsChainView *self)
{
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  self->material_rows = g_ptr_array_new ();
  self->notation = PS_PIN_NOTATION_OKHTTP;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Cards are made from a .ui template for the rows on screen only, and recycled. */
  self->levels = g_list_store_new (PS_TYPE_CHAIN_LEVEL);
  self->filter = gtk_custom_filter_new (level_filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->levels)),
                                              NULL);
  /* Filtering thousands of certificates goes in slices between frames. */
  gtk_filter_list_model_set_incremental (self->filtered, TRUE);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (update_count), self,
                           G_CONNECT_SWAPPED);
  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback (GTK_BUILDER_CSCOPE (scope), card_add_to_pinset_cb);
  factory = gtk_builder_list_item_factory_new_from_resource (
    scope, "/io/github/pinscope/Pinscope/ps-chain-view-item.ui");
  gtk_grid_view_set_factory (self->cards_list, factory);
  self->slice = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), 0,
                                          G_MAXUINT);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->slice)));
  gtk_grid_view_set_model (self->cards_list, GTK_SELECTION_MODEL (selection));
  ps_chain_view_update_summary (self);
}
