/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-certificate-details.h"

struct _PsCertificateDetails
{
  AdwWindow           parent_instance;

  PsCertificate      *certificate;
  PsPinNotation       notation;
  char               *pem;

  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  AdwPreferencesPage *page;
  GtkWidget          *pem_group;
  GtkTextView        *pem_view;
};

G_DEFINE_FINAL_TYPE (PsCertificateDetails, ps_certificate_details, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CERTIFICATE,
  PROP_PIN_NOTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

PsCertificateDetails *
ps_certificate_details_new (PsCertificate *certificate,
                            int            notation)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE (certificate), NULL);

  return g_object_new (PS_TYPE_CERTIFICATE_DETAILS,
                       "certificate", certificate,
                       "pin-notation", notation,
                       NULL);
}

PsCertificate *
ps_certificate_details_get_certificate (PsCertificateDetails *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_DETAILS (self), NULL);

  return self->certificate;
}

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value,
         gboolean             monospace)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property-row");
  if (monospace)
    gtk_widget_add_css_class (row, "pin-row");
  adw_preferences_group_add (group, row);
}

static AdwPreferencesGroup *
add_group (PsCertificateDetails *self,
           const char           *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));

  return ADW_PREFERENCES_GROUP (group);
}

static char *
format_date (GDateTime *date)
{
  /* Translators: a g_date_time_format() format. xgettext:no-c-format */
  return date != NULL ? g_date_time_format (date, _("%-d %b %Y, %H:%M:%S UTC")) : NULL;
}

static void
ps_certificate_details_fill (PsCertificateDetails *self)
{
  PsCertificate *cert = self->certificate;
  AdwPreferencesGroup *group;
  g_autofree char *not_before = NULL;
  g_autofree char *not_after = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *pin_hex = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *bits = NULL;
  g_autofree char *path_len = NULL;
  const char * const *sans;
  GtkTextBuffer *buffer;

  adw_window_title_set_subtitle (self->window_title, ps_certificate_get_display_name (cert));

  group = add_group (self, _("Subject"));
  add_row (group, _("Common name"), ps_certificate_get_common_name (cert), FALSE);
  add_row (group, _("Distinguished name"), ps_certificate_get_subject (cert), FALSE);
  add_row (group, _("Serial number"), ps_certificate_get_serial_hex (cert), TRUE);
  add_row (group, _("Could not read"), ps_certificate_get_parse_problem (cert), FALSE);

  group = add_group (self, _("Issuer"));
  add_row (group, _("Common name"), ps_certificate_get_issuer_common_name (cert), FALSE);
  add_row (group, _("Distinguished name"), ps_certificate_get_issuer (cert), FALSE);
  add_row (group, _("Self-signed"),
           ps_certificate_get_is_self_signed (cert) ? _("Yes") : _("No"), FALSE);

  group = add_group (self, _("Validity"));
  not_before = format_date (ps_certificate_get_not_before (cert));
  not_after = format_date (ps_certificate_get_not_after (cert));
  add_row (group, _("Not before"), not_before, FALSE);
  add_row (group, _("Not after"), not_after, FALSE);

  group = add_group (self, _("Public Key"));
  add_row (group, _("Algorithm"), ps_certificate_get_key_algorithm (cert), FALSE);
  if (ps_certificate_get_key_bits (cert) > 0)
    bits = g_strdup_printf ("%u", ps_certificate_get_key_bits (cert));
  add_row (group, _("Size in bits"), bits, FALSE);
  add_row (group, _("Curve"), ps_certificate_get_key_curve (cert), FALSE);
  add_row (group, _("Signature algorithm"), ps_certificate_get_signature_algorithm (cert),
           FALSE);
  if (ps_certificate_get_signature_is_weak (cert))
    add_row (group, _("Signature"), _("Weak: clients reject this algorithm"), FALSE);
  add_row (group, _("Certificate authority"),
           ps_certificate_get_is_ca (cert) ? _("Yes") : _("No"), FALSE);
  if (ps_certificate_get_is_ca (cert) && ps_certificate_get_path_len (cert) >= 0)
    path_len = g_strdup_printf ("%d", ps_certificate_get_path_len (cert));
  add_row (group, _("Path length limit"), path_len, FALSE);

  sans = ps_certificate_get_sans (cert);
  if (sans != NULL && sans[0] != NULL)
    {
      group = add_group (self, _("Subject Alternative Names"));
      for (guint i = 0; sans[i] != NULL; i++)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sans[i]);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
          adw_preferences_group_add (group, row);
        }
    }

  group = add_group (self, _("Pin and Fingerprints"));
  /* The pin in the notation chosen in Preferences; hex with colons as well unless that is
   * the one chosen, since it is how other tools print fingerprints. */
  pin = ps_pin_to_string (ps_certificate_get_spki_pin (cert), self->notation);
  add_row (group, _("SPKI pin (SHA-256)"), pin, TRUE);
  if (self->notation != PS_PIN_NOTATION_HEX_COLONS)
    {
      pin_hex = ps_pin_to_string (ps_certificate_get_spki_pin (cert),
                                  PS_PIN_NOTATION_HEX_COLONS);
      add_row (group, _("SPKI pin (hex)"), pin_hex, TRUE);
    }
  if (ps_certificate_get_fingerprint_sha256 (cert) != NULL)
    fingerprint = ps_pin_to_string (ps_certificate_get_fingerprint_sha256 (cert),
                                    PS_PIN_NOTATION_HEX_COLONS);
  add_row (group, _("Certificate fingerprint (SHA-256, not a pin)"), fingerprint, TRUE);

  /* Keep the PEM last. */
  g_object_ref (self->pem_group);
  adw_preferences_page_remove (self->page, ADW_PREFERENCES_GROUP (self->pem_group));
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (self->pem_group));
  g_object_unref (self->pem_group);

  self->pem = ps_certificate_to_pem (cert);
  buffer = gtk_text_view_get_buffer (self->pem_view);
  gtk_text_buffer_set_text (buffer, self->pem != NULL ? self->pem : "", -1);
}

static void
copy_pem_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PsCertificateDetails *self = PS_CERTIFICATE_DETAILS (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->pem);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("PEM copied")));
}

static void
pem_saved_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PsCertificateDetails) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("PEM saved")));
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(PsCertificateDetails) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      g_file_replace_contents_async (file, self->pem, strlen (self->pem), NULL, FALSE,
                                     G_FILE_CREATE_NONE, NULL, pem_saved_cb,
                                     g_object_ref (self));
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_pem_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PsCertificateDetails *self = PS_CERTIFICATE_DETAILS (widget);
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;
  const char *cn = ps_certificate_get_common_name (self->certificate);

  native = gtk_file_chooser_native_new (_("Save Certificate"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s.pem", cn != NULL && *cn != '\0' ? cn : "certificate");
  g_strdelimit (name, "/\\*", '_');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect (native, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
ps_certificate_details_constructed (GObject *object)
{
  G_OBJECT_CLASS (ps_certificate_details_parent_class)->constructed (object);

  ps_certificate_details_fill (PS_CERTIFICATE_DETAILS (object));
}

static void
ps_certificate_details_dispose (GObject *object)
{
  PsCertificateDetails *self = PS_CERTIFICATE_DETAILS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_CERTIFICATE_DETAILS);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (ps_certificate_details_parent_class)->dispose (object);
}

static void
ps_certificate_details_finalize (GObject *object)
{
  PsCertificateDetails *self = PS_CERTIFICATE_DETAILS (object);

  g_free (self->pem);

  G_OBJECT_CLASS (ps_certificate_details_parent_class)->finalize (object);
}

static void
ps_certificate_details_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PsCertificateDetails *self = PS_CERTIFICATE_DETAILS (object);

  switch (prop_id)
    {
    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    case PROP_PIN_NOTATION:
      g_value_set_int (value, self->notation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_certificate_details_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PsCertificateDetails *self = PS_CERTIFICATE_DETAILS (object);

  switch (prop_id)
    {
    case PROP_CERTIFICATE:
      self->certificate = g_value_dup_object (value);
      break;
    case PROP_PIN_NOTATION:
      self->notation = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_certificate_details_class_init (PsCertificateDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ps_certificate_details_constructed;
  object_class->dispose = ps_certificate_details_dispose;
  object_class->finalize = ps_certificate_details_finalize;
  object_class->get_property = ps_certificate_details_get_property;
  object_class->set_property = ps_certificate_details_set_property;

  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL, PS_TYPE_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A PsPinNotation: how the SPKI pin is shown. */
  properties[PROP_PIN_NOTATION] =
    g_param_spec_int ("pin-notation", NULL, NULL, 0, G_MAXINT, PS_PIN_NOTATION_OKHTTP,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/ps-certificate-details.ui");
  gtk_widget_class_bind_template_child (widget_class, PsCertificateDetails, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsCertificateDetails, window_title);
  gtk_widget_class_bind_template_child (widget_class, PsCertificateDetails, page);
  gtk_widget_class_bind_template_child (widget_class, PsCertificateDetails, pem_group);
  gtk_widget_class_bind_template_child (widget_class, PsCertificateDetails, pem_view);

  gtk_widget_class_install_action (widget_class, "details.copy-pem", NULL, copy_pem_action);
  gtk_widget_class_install_action (widget_class, "details.save-pem", NULL, save_pem_action);
}

static void
ps_certificate_details_init (PsCertificateDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
