/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-x509-enums.h"
#include "ps-certificate-card.h"
#include "ps-certificate-details.h"
#include "ps-pin-row.h"
#include "ps-wrap-box.h"

/* Below this many days left, the validity bar turns to a warning. */
#define SOON_DAYS 30

struct _PsCertificateCard
{
  AdwBin          parent_instance;

  PsCertificate  *certificate;
  PsChainSource   source;
  guint           level;
  PsPinNotation    notation;
  gboolean        matched;
  gboolean        in_pinset;
  char           *pin_text;

  GtkLabel       *level_label;
  GtkLabel       *name_label;
  GtkLabel       *issuer_label;
  PsWrapBox      *badges;
  GtkLabel       *validity_label;
  GtkProgressBar *validity_bar;
  GtkLabel       *pin_label;
  GtkWidget      *details_button;
  GtkWidget      *copy_button;
  GtkButton      *add_button;
};

G_DEFINE_FINAL_TYPE (PsCertificateCard, ps_certificate_card, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CERTIFICATE,
  PROP_SOURCE,
  PROP_LEVEL,
  PROP_MATCHED,
  PROP_IN_PINSET,
  PROP_NOTATION,
  N_PROPS
};

enum {
  ADD_TO_PINSET,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GtkWidget *
ps_certificate_card_new (PsCertificate *certificate,
                         PsChainSource  source,
                         guint          level)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE (certificate), NULL);

  return g_object_new (PS_TYPE_CERTIFICATE_CARD,
                       "certificate", certificate,
                       "source", source,
                       "level", level,
                       NULL);
}

PsCertificate *
ps_certificate_card_get_certificate (PsCertificateCard *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_CARD (self), NULL);

  return self->certificate;
}

guint
ps_certificate_card_get_level (PsCertificateCard *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_CARD (self), 0);

  return self->level;
}

const char *
ps_certificate_card_get_pin_text (PsCertificateCard *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_CARD (self), NULL);

  return self->pin_text;
}

gboolean
ps_certificate_card_get_matched (PsCertificateCard *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_CARD (self), FALSE);

  return self->matched;
}

static void
add_badge (PsCertificateCard *self,
           const char        *text,
           const char        *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "badge");
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  ps_wrap_box_append (self->badges, label);
}

/* Only the badges that apply are children. */
static void
ps_certificate_card_update_badges (PsCertificateCard *self)
{
  const char *key = ps_certificate_get_key_description (self->certificate);

  ps_wrap_box_remove_all (self->badges);

  add_badge (self, key != NULL ? key : _("Unknown key"), NULL);
  if (self->source == PS_CHAIN_SOURCE_SERVER)
    add_badge (self, _("Sent by server"), "accent");
  else
    add_badge (self, _("From trust store"), "accent");
  if (ps_certificate_get_is_self_signed (self->certificate))
    add_badge (self, _("Self-signed"), NULL);
  if (ps_certificate_get_is_ca (self->certificate))
    add_badge (self, _("CA"), NULL);
  if (self->matched)
    add_badge (self, _("In pinset"), "success");
}

void
ps_certificate_card_set_matched (PsCertificateCard *self,
                                 gboolean           matched)
{
  g_return_if_fail (PS_IS_CERTIFICATE_CARD (self));

  matched = !!matched;
  if (self->matched == matched)
    return;

  self->matched = matched;
  if (self->certificate != NULL)
    ps_certificate_card_update_badges (self);
  if (matched)
    gtk_widget_add_css_class (GTK_WIDGET (self), "matched");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "matched");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATCHED]);
}

gboolean
ps_certificate_card_get_in_pinset (PsCertificateCard *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_CARD (self), FALSE);

  return self->in_pinset;
}

/* The pinset that "Add to Pinset" adds to already has this level's pin: the button says so
 * and does nothing, rather than only toasting after a click. */
void
ps_certificate_card_set_in_pinset (PsCertificateCard *self,
                                   gboolean           in_pinset)
{
  g_return_if_fail (PS_IS_CERTIFICATE_CARD (self));

  in_pinset = !!in_pinset;
  if (self->in_pinset == in_pinset)
    return;

  self->in_pinset = in_pinset;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_PINSET]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.add-to-pinset", !in_pinset);
  if (in_pinset)
    {
      gtk_button_set_label (self->add_button, _("In Pinset"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_button),
                                   _("This pin is already in the pinset"));
    }
  else
    {
      gtk_button_set_label (self->add_button, _("_Add to Pinset"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_button), NULL);
    }
}

static void
update_pin (PsCertificateCard *self)
{
  g_clear_pointer (&self->pin_text, g_free);

  if (self->certificate != NULL)
    {
      self->pin_text = ps_pin_to_string (ps_certificate_get_spki_pin (self->certificate),
                                         self->notation);
      gtk_label_set_label (self->pin_label, self->pin_text);
    }
}

void
ps_certificate_card_set_notation (PsCertificateCard *self,
                                  PsPinNotation     notation)
{
  g_return_if_fail (PS_IS_CERTIFICATE_CARD (self));

  if (self->notation == notation)
    return;

  self->notation = notation;
  update_pin (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTATION]);
}

PsPinNotation
ps_certificate_card_get_notation (PsCertificateCard *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_CARD (self), PS_PIN_NOTATION_OKHTTP);

  return self->notation;
}

static const char *
level_name (PsCertificateCard *self)
{
  if (ps_certificate_get_is_self_signed (self->certificate) &&
      ps_certificate_get_is_ca (self->certificate))
    return _("Root");
  if (self->level == 0 && !ps_certificate_get_is_ca (self->certificate))
    return _("Leaf");
  if (ps_certificate_get_is_ca (self->certificate))
    return _("Intermediate");

  return _("Certificate");
}

static void
update_validity (PsCertificateCard *self)
{
  GDateTime *not_before = ps_certificate_get_not_before (self->certificate);
  GDateTime *not_after = ps_certificate_get_not_after (self->certificate);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  GtkWidget *bar = GTK_WIDGET (self->validity_bar);
  double fraction = 0.0;
  GTimeSpan left;
  int days;

  gtk_widget_remove_css_class (bar, "expired");
  gtk_widget_remove_css_class (bar, "soon");

  if (not_before == NULL || not_after == NULL)
    {
      gtk_label_set_label (self->validity_label, _("Validity unknown"));
      gtk_widget_set_visible (bar, FALSE);
      return;
    }

  /* Translators: a g_date_time_format() format. xgettext:no-c-format */
  date = g_date_time_format (not_after, _("%-d %b %Y"));
  left = g_date_time_difference (not_after, now);
  days = (int) (left / G_TIME_SPAN_DAY);

  if (g_date_time_compare (now, not_before) < 0)
    {
      /* Translators: a g_date_time_format() format. xgettext:no-c-format */
      g_autofree char *start = g_date_time_format (not_before, _("%-d %b %Y"));

      /* Translators: %s is a date. */
      text = g_strdup_printf (_("Not valid before %s"), start);
      gtk_widget_add_css_class (bar, "expired");
      fraction = 0.0;
    }
  else if (left < 0)
    {
      /* Translators: %s is a date, %d a number of days. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expired on %s, %d day ago",
                                           "Expired on %s, %d days ago", -days),
                              date, -days);
      gtk_widget_add_css_class (bar, "expired");
      fraction = 1.0;
    }
  else
    {
      GTimeSpan total = g_date_time_difference (not_after, not_before);
      GTimeSpan elapsed = g_date_time_difference (now, not_before);

      /* Thousands of days is a number one has to divide to read: past two years, years. */
      if (days >= 730)
        /* Translators: %s is a date, %d a number of whole years. */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Valid until %s, %d year left",
                                             "Valid until %s, %d years left", days / 365),
                                date, days / 365);
      else
        /* Translators: %s is a date, %d a number of days. */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Valid until %s, %d day left",
                                             "Valid until %s, %d days left", days),
                                date, days);
      if (days < SOON_DAYS)
        gtk_widget_add_css_class (bar, "soon");
      fraction = total > 0 ? CLAMP ((double) elapsed / (double) total, 0.0, 1.0) : 1.0;
    }

  gtk_label_set_label (self->validity_label, text);
  gtk_progress_bar_set_fraction (self->validity_bar, fraction);
}

static void
ps_certificate_card_update (PsCertificateCard *self)
{
  const char *issuer;
  g_autofree char *issuer_text = NULL;
  g_autofree char *level_text = NULL;

  if (self->certificate == NULL)
    return;

  if (self->level == 0)
    level_text = g_strdup (level_name (self));
  else
    /* Translators: "Intermediate · level 1", the depth in the chain. */
    level_text = g_strdup_printf (_("%s · level %u"), level_name (self), self->level);
  gtk_label_set_label (self->level_label, level_text);

  gtk_label_set_label (self->name_label, ps_certificate_get_display_name (self->certificate));

  issuer = ps_certificate_get_issuer_common_name (self->certificate);
  if (issuer == NULL || *issuer == '\0')
    issuer = ps_certificate_get_issuer (self->certificate);
  /* Translators: %s is the name of the certificate's issuer. */
  issuer_text = g_strdup_printf (_("Issued by %s"), issuer != NULL ? issuer : _("unknown"));
  gtk_label_set_label (self->issuer_label, issuer_text);

  ps_certificate_card_update_badges (self);

  update_validity (self);
  update_pin (self);
}

void
ps_certificate_card_set_certificate (PsCertificateCard *self,
                                     PsCertificate     *certificate)
{
  g_return_if_fail (PS_IS_CERTIFICATE_CARD (self));
  g_return_if_fail (certificate == NULL || PS_IS_CERTIFICATE (certificate));

  if (!g_set_object (&self->certificate, certificate))
    return;

  ps_certificate_card_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE]);
}

void
ps_certificate_card_set_source (PsCertificateCard *self,
                                PsChainSource      source)
{
  g_return_if_fail (PS_IS_CERTIFICATE_CARD (self));

  if (self->source == source)
    return;

  self->source = source;
  ps_certificate_card_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

void
ps_certificate_card_set_level (PsCertificateCard *self,
                               guint              level)
{
  g_return_if_fail (PS_IS_CERTIFICATE_CARD (self));

  if (self->level == level)
    return;

  self->level = level;
  ps_certificate_card_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

static void
copy_pin_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PsCertificateCard *self = PS_CERTIFICATE_CARD (widget);

  if (self->pin_text == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->pin_text);
  gtk_widget_activate_action (widget, "win.show-toast", "s", _("Pin copied"));
}

static void
add_to_pinset_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  g_signal_emit (widget, signals[ADD_TO_PINSET], 0);
}

static void
details_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PsCertificateCard *self = PS_CERTIFICATE_CARD (widget);
  PsCertificateDetails *details;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->certificate == NULL)
    return;

  details = ps_certificate_details_new (self->certificate, self->notation);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (details), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (details));
}

/* The fixed tooltips, given when asked for (see ps-certificate-card.ui). */
static gboolean
query_tooltip_cb (GtkWidget         *widget,
                  int                x,
                  int                y,
                  gboolean           keyboard,
                  GtkTooltip        *tooltip,
                  PsCertificateCard *self)
{
  const char *text = NULL;

  if (widget == GTK_WIDGET (self->pin_label))
    text = _("SPKI pin (SHA-256 of the public key)");
  else if (widget == self->details_button)
    text = _("Certificate Details");
  else if (widget == self->copy_button)
    text = _("Copy Pin");

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
ps_certificate_card_dispose (GObject *object)
{
  PsCertificateCard *self = PS_CERTIFICATE_CARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_CERTIFICATE_CARD);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (ps_certificate_card_parent_class)->dispose (object);
}

static void
ps_certificate_card_finalize (GObject *object)
{
  PsCertificateCard *self = PS_CERTIFICATE_CARD (object);

  g_free (self->pin_text);

  G_OBJECT_CLASS (ps_certificate_card_parent_class)->finalize (object);
}

static void
ps_certificate_card_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PsCertificateCard *self = PS_CERTIFICATE_CARD (object);

  switch (prop_id)
    {
    case PROP_NOTATION:
      g_value_set_enum (value, self->notation);
      break;
    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    case PROP_LEVEL:
      g_value_set_uint (value, self->level);
      break;
    case PROP_MATCHED:
      g_value_set_boolean (value, self->matched);
      break;
    case PROP_IN_PINSET:
      g_value_set_boolean (value, self->in_pinset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_certificate_card_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PsCertificateCard *self = PS_CERTIFICATE_CARD (object);

  switch (prop_id)
    {
    case PROP_NOTATION:
      ps_certificate_card_set_notation (self, g_value_get_enum (value));
      break;
    case PROP_CERTIFICATE:
      ps_certificate_card_set_certificate (self, g_value_get_object (value));
      break;
    case PROP_SOURCE:
      ps_certificate_card_set_source (self, g_value_get_enum (value));
      break;
    case PROP_LEVEL:
      ps_certificate_card_set_level (self, g_value_get_uint (value));
      break;
    case PROP_IN_PINSET:
      ps_certificate_card_set_in_pinset (self, g_value_get_boolean (value));
      break;
    case PROP_MATCHED:
      ps_certificate_card_set_matched (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_certificate_card_constructed (GObject *object)
{
  G_OBJECT_CLASS (ps_certificate_card_parent_class)->constructed (object);

  ps_certificate_card_update (PS_CERTIFICATE_CARD (object));
}

static void
ps_certificate_card_class_init (PsCertificateCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ps_certificate_card_constructed;
  object_class->dispose = ps_certificate_card_dispose;

  g_type_ensure (PS_TYPE_PIN_ROW);
  g_type_ensure (PS_TYPE_WRAP_BOX);
  object_class->finalize = ps_certificate_card_finalize;
  object_class->get_property = ps_certificate_card_get_property;
  object_class->set_property = ps_certificate_card_set_property;

  /* Writable after construction too: the chain view recycles cards as it scrolls. */
  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL, PS_TYPE_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL, PS_TYPE_CHAIN_SOURCE, PS_CHAIN_SOURCE_SERVER,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL] =
    g_param_spec_uint ("level", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MATCHED] =
    g_param_spec_boolean ("matched", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IN_PINSET] =
    g_param_spec_boolean ("in-pinset", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* How pins are shown, bound to the "notation" setting. */
  properties[PROP_NOTATION] =
    g_param_spec_enum ("notation", NULL, NULL, PS_TYPE_PIN_NOTATION, PS_PIN_NOTATION_OKHTTP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsCertificateCard::add-to-pinset:
   *
   * The user asked for this level's pin to go into a pinset.
   */
  signals[ADD_TO_PINSET] =
    g_signal_new ("add-to-pinset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/ps-certificate-card.ui");
  gtk_widget_class_bind_template_child (widget_class, PsCertificateCard, level_label);
  gtk_widget_class_bind_template_child (widget_class, PsCertificateCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, PsCertificateCard, issuer_label);
  gtk_widget_class_bind_template_child (widget_class, PsCertificateCard, badges);
  gtk_widget_class_bind_template_child (widget_class, PsCertificateCard, validity_label);
  gtk_widget_class_bind_template_child (widget_class, PsCertificateCard, validity_bar);
  gtk_widget_class_bind_template_child (widget_class, PsCertificateCard, pin_label);
  gtk_widget_class_bind_template_child (widget_class, PsCertificateCard, add_button);
  gtk_widget_class_bind_template_child (widget_class, PsCertificateCard, details_button);
  gtk_widget_class_bind_template_child (widget_class, PsCertificateCard, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, query_tooltip_cb);

  gtk_widget_class_install_action (widget_class, "card.copy-pin", NULL, copy_pin_action);
  gtk_widget_class_install_action (widget_class, "card.add-to-pinset", NULL,
                                   add_to_pinset_action);
  gtk_widget_class_install_action (widget_class, "card.details", NULL, details_action);
}

static void
ps_certificate_card_init (PsCertificateCard *self)
{
  PangoAttrList *attrs;

  self->notation = PS_PIN_NOTATION_OKHTTP;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Pins are wrapped anywhere, but a hyphen would read as part of the base64. */
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (self->pin_label, attrs);
  pango_attr_list_unref (attrs);
}
