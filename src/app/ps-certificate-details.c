/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-certificate-details.h"
#include "ps-certificate-sections.h"
#include "ps-x509-enums.h"

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
  PROP_NOTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

PsCertificateDetails *
ps_certificate_details_new (PsCertificate *certificate,
                            PsPinNotation  notation)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE (certificate), NULL);

  return g_object_new (PS_TYPE_CERTIFICATE_DETAILS,
                       "certificate", certificate,
                       "notation", notation,
                       NULL);
}

PsCertificate *
ps_certificate_details_get_certificate (PsCertificateDetails *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_DETAILS (self), NULL);

  return self->certificate;
}

static GtkWidget *
field_row_new (const char *title,
               const char *subtitle,
               gboolean    monospace)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (row, "property-row");
    }
  else
    adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  if (monospace)
    gtk_widget_add_css_class (row, "pin-row");

  return row;
}

/* One row per field that has something to show; a list (the SANs) one row per item. */
static guint
add_field_rows (AdwPreferencesGroup *group,
                PsCertificateField  *field)
{
  GVariant *value = ps_certificate_field_get_value (field);
  const char *label = ps_certificate_field_get_label (field);
  const char *text = ps_certificate_field_get_text (field);
  gboolean monospace = ps_certificate_field_get_monospace (field);
  guint n = 0;

  if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
    {
      g_autofree const char **items = g_variant_get_strv (value, NULL);

      for (; items[n] != NULL; n++)
        adw_preferences_group_add (group, field_row_new (items[n], NULL, monospace));
      return n;
    }

  if (label == NULL || text == NULL)
    return 0;

  adw_preferences_group_add (group, field_row_new (label, text, monospace));
  return 1;
}

static void
ps_certificate_details_fill (PsCertificateDetails *self)
{
  g_autoptr(GListModel) sections = NULL;
  GtkTextBuffer *buffer;

  adw_window_title_set_subtitle (self->window_title,
                                 ps_certificate_get_display_name (self->certificate));

  sections = ps_certificate_list_sections (self->certificate, self->notation);
  for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(PsCertificateSection) section = g_list_model_get_item (sections, i);
      GListModel *fields = ps_certificate_section_get_fields (section);
      GtkWidget *group = adw_preferences_group_new ();
      guint n_rows = 0;

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                       ps_certificate_section_get_title (section));
      for (guint j = 0; j < g_list_model_get_n_items (fields); j++)
        {
          g_autoptr(PsCertificateField) field = g_list_model_get_item (fields, j);

          n_rows += add_field_rows (ADW_PREFERENCES_GROUP (group), field);
        }
      /* A section with nothing to show (no SANs) is left out. */
      if (n_rows > 0)
        adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
      else
        g_object_unref (g_object_ref_sink (group));
    }

  /* Keep the PEM last. */
  g_object_ref (self->pem_group);
  adw_preferences_page_remove (self->page, ADW_PREFERENCES_GROUP (self->pem_group));
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (self->pem_group));
  g_object_unref (self->pem_group);

  self->pem = ps_certificate_to_pem (self->certificate);
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
    case PROP_NOTATION:
      g_value_set_enum (value, self->notation);
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
    case PROP_NOTATION:
      self->notation = g_value_get_enum (value);
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
  /* How the SPKI pin is shown. */
  properties[PROP_NOTATION] =
    g_param_spec_enum ("notation", NULL, NULL, PS_TYPE_PIN_NOTATION, PS_PIN_NOTATION_OKHTTP,
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
