/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-build-page.h"
#include "ps-error.h"
#include "ps-findings-list.h"
#include "ps-io.h"
#include "ps-list-util.h"
#include "ps-lint.h"
#include "ps-x509-enums.h"

struct _PsBuildPage
{
  AdwBin         parent_instance;

  PsBuild       *build;
  GFile         *file;
  PsPinNotation  notation;
  char          *title;

  GtkImage      *platform_icon;
  GtkLabel      *name_label;
  GtkLabel      *id_label;
  GtkLabel      *version_label;
  GtkLabel      *identity_source_label;
  GtkWidget     *notes_group;
  GtkListBox    *notes_list;
  AdwPreferencesGroup *rules_group;
  GtkListBox    *rules_list;
  GtkListBox    *anchors_list;
  GtkListBox    *code_pins_list;
  PsFindingsList *findings_list;
};

G_DEFINE_FINAL_TYPE (PsBuildPage, ps_build_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUILD,
  PROP_FILE,
  PROP_NOTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_OPEN_PINSET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
ps_build_page_new (PsBuild *build,
                   GFile   *file)
{
  g_return_val_if_fail (PS_IS_BUILD (build), NULL);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  return g_object_new (PS_TYPE_BUILD_PAGE, "build", build, "file", file, NULL);
}

PsBuild *
ps_build_page_get_build (PsBuildPage *self)
{
  g_return_val_if_fail (PS_IS_BUILD_PAGE (self), NULL);

  return self->build;
}

GFile *
ps_build_page_get_file (PsBuildPage *self)
{
  g_return_val_if_fail (PS_IS_BUILD_PAGE (self), NULL);

  return self->file;
}

const char *
ps_build_page_get_title (PsBuildPage *self)
{
  g_return_val_if_fail (PS_IS_BUILD_PAGE (self), NULL);

  return self->title;
}

PsPinNotation
ps_build_page_get_notation (PsBuildPage *self)
{
  g_return_val_if_fail (PS_IS_BUILD_PAGE (self), PS_PIN_NOTATION_OKHTTP);

  return self->notation;
}

GtkWidget *
ps_build_page_get_findings_list (PsBuildPage *self)
{
  g_return_val_if_fail (PS_IS_BUILD_PAGE (self), NULL);

  return GTK_WIDGET (self->findings_list);
}

/* Reading */

gboolean
ps_build_page_sniff_file (GFile        *file,
                          GCancellable *cancellable)
{
  g_autoptr(GFileInputStream) in = NULL;
  guint8 head[4] = { 0 };
  gsize n = 0;

  /* Only a regular file is sniffed: reading the head of a FIFO would consume it. */
  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable) != G_FILE_TYPE_REGULAR)
    return FALSE;
  in = g_file_read (file, cancellable, NULL);
  if (in == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (in), head, sizeof head, &n, cancellable, NULL))
    return FALSE;

  return ps_build_sniff (head, n);
}

PsBuild *
ps_build_page_read_file (GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = ps_io_read_file_bounded (file, PS_BUILD_PAGE_MAX_FILE_SIZE, cancellable, error);
  if (bytes == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return ps_build_new_from_bytes (bytes, error);
}

/* Rows */

static GtkWidget *
row_new (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Paths and pins are text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static char *
pin_text (const PsPin   *pin,
          PsPinsetPin   *pinset_pin,
          PsPinNotation  notation)
{
  if (pin != NULL)
    return ps_pin_to_string (pin, notation);

  return ps_pinset_pin_dup_display (pinset_pin);
}

static char *
rule_title (PsPinsetRule *rule)
{
  GListModel *domains = ps_pinset_rule_get_domains (rule);
  g_autoptr(GString) title = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);

      if (title->len > 0)
        g_string_append (title, ", ");
      /* ATS's NSIncludesSubdomains covers one more label only, Android's
       * includeSubdomains any number (see DESIGN.md's table). */
      if (ps_pinset_domain_get_subdomains (domain) == PS_SUBDOMAINS_ANY)
        /* Translators: %s is a domain name. */
        g_string_append_printf (title, _("%s and subdomains"), ps_pinset_domain_get_name (domain));
      else if (ps_pinset_domain_get_subdomains (domain) == PS_SUBDOMAINS_ONE_LABEL)
        /* Translators: %s is a domain name; "a.example.com" is one level below "example.com". */
        g_string_append_printf (title, _("%s and one level of subdomains"),
                                ps_pinset_domain_get_name (domain));
      else
        g_string_append (title, ps_pinset_domain_get_name (domain));
    }
  if (title->len == 0)
    return ps_pinset_rule_dup_label (rule);

  return g_string_free (g_steal_pointer (&title), FALSE);
}

/* Where rule @index was found: "domain-config: … — res/xml/…, line 9". */
static char *
rule_provenance (PsBuildPage *self,
                 guint        index)
{
  GListModel *sources = ps_build_get_sources (self->build);

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(PsBuildSource) source = g_list_model_get_item (sources, i);

      if (ps_build_source_get_rule (source) != (int) index)
        continue;
      if (ps_build_source_get_line (source) > 0)
        /* Translators: a path inside the build, then a line number. */
        return g_strdup_printf (_("Found in %s, line %u"), ps_build_source_get_path (source),
                                ps_build_source_get_line (source));
      /* Translators: %s is a path inside the build. */
      return g_strdup_printf (_("Found in %s"), ps_build_source_get_path (source));
    }

  return NULL;
}

static GtkWidget *
rule_row_new (PsBuildPage  *self,
              PsPinsetRule *rule,
              guint         index)
{
  GtkWidget *row = adw_expander_row_new ();
  GListModel *pins = ps_pinset_rule_get_pins (rule);
  GDateTime *expiration = ps_pinset_rule_get_expiration (rule);
  g_autofree char *title = rule_title (rule);
  g_autofree char *where = rule_provenance (self, index);
  g_autofree char *subtitle = NULL;
  guint n = g_list_model_get_n_items (pins);

  if (expiration != NULL)
    {
      g_autofree char *date = g_date_time_format (expiration, "%Y-%m-%d");

      /* Translators: where a rule was found, then the date its pins expire. */
      subtitle = g_strdup_printf (_("%s · pins expire %s"), where != NULL ? where : "", date);
    }
  else
    subtitle = g_strdup (where);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), n > 0);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), n > 0);

  if (n == 0)
    adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                 gtk_label_new (_("No pins: the trust anchors decide")));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      g_autofree char *text = pin_text (ps_pinset_pin_get_pin (pin), pin, self->notation);
      const char *label = ps_pinset_pin_get_label (pin);
      GtkWidget *pin_row;

      /* NSC and ATS pins carry no label: the digest names them. */
      if (label == NULL || *label == '\0')
        label = ps_pinset_pin_get_role (pin) != PS_PIN_ROLE_UNKNOWN
                ? ps_pin_role_to_label (ps_pinset_pin_get_role (pin))
                : ps_pinset_pin_get_algorithm (pin) == PS_PIN_SHA1
                ? _("SHA-1 pin") : _("SHA-256 pin");
      pin_row = row_new (label, text);
      gtk_widget_add_css_class (pin_row, "pin-row");
      if (ps_pinset_pin_get_problem (pin) != NULL)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "finding-icon");
          gtk_widget_add_css_class (icon, "warning");
          gtk_widget_set_tooltip_text (icon, ps_pinset_pin_get_problem (pin));
          adw_action_row_add_suffix (ADW_ACTION_ROW (pin_row), icon);
        }
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), pin_row);
    }

  return row;
}

static GtkWidget *
anchor_row_new (PsBuildPage   *self,
                PsBuildAnchor *anchor)
{
  PsPinsetPin *pin = ps_build_anchor_get_pin (anchor);
  g_autofree char *subtitle = NULL;
  g_autofree char *text = pin_text (ps_pinset_pin_get_pin (pin), pin, self->notation);
  const char *label = ps_pinset_pin_get_label (pin);
  GtkWidget *row;

  /* Translators: a file inside the build, then where it is trusted (domains or
   * "base-config"). */
  subtitle = g_strdup_printf (_("%s · for %s"), ps_build_anchor_get_file (anchor),
                              ps_build_anchor_get_scope (anchor));
  row = row_new (label != NULL && *label != '\0' ? label : _("Certificate"), subtitle);
  gtk_widget_set_tooltip_text (row, text);

  if (ps_build_anchor_get_override_pins (anchor))
    {
      GtkWidget *badge = gtk_label_new (_("Overrides pins"));

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "badge");
      gtk_widget_add_css_class (badge, "warning");
      gtk_widget_set_tooltip_text (badge, _("A chain to this certificate is trusted even when "
                                            "no pin matches (overridePins)"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }

  return row;
}

static GtkWidget *
code_pin_row_new (PsBuildPage *self,
                  PsBuildPin  *pin)
{
  g_autofree char *text = ps_pin_to_string (ps_build_pin_get_pin (pin), self->notation);
  /* Translators: %s is a path inside the build. */
  g_autofree char *where = g_strdup_printf (_("Found in %s"), ps_build_pin_get_file (pin));
  /* The file on a line of its own: beside the pin, it would squeeze it at 360 px. */
  g_autofree char *subtitle = g_strconcat (text, "\n", where, NULL);
  const char *host = ps_build_pin_get_host (pin);
  GtkWidget *row = row_new (host != NULL ? host : _("Host unknown"), subtitle);

  gtk_widget_add_css_class (row, "pin-row");
  gtk_widget_set_tooltip_text (row, ps_build_pin_get_text (pin));

  return row;
}

static GtkWidget *
note_row_new (const char *note)
{
  GtkWidget *row = row_new (note, NULL);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_add_css_class (icon, "finding-icon");
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

/* The identity's source and the configuration's: the sources that are no rule's. */
static void
show_sources (PsBuildPage *self)
{
  GListModel *sources = ps_build_get_sources (self->build);
  g_autoptr(GString) configs = g_string_new (NULL);
  gboolean identity = TRUE;

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(PsBuildSource) source = g_list_model_get_item (sources, i);
      g_autofree char *text = NULL;

      if (ps_build_source_get_rule (source) >= 0)
        continue;
      /* Translators: what was read (a phrase), then a path inside the build. */
      text = g_strdup_printf (_("%s: %s"), ps_build_source_get_what (source),
                              ps_build_source_get_path (source));
      if (identity)
        gtk_label_set_label (self->identity_source_label, text);
      else
        g_string_append_printf (configs, "%s%s", configs->len > 0 ? "\n" : "", text);
      identity = FALSE;
    }

  adw_preferences_group_set_description (self->rules_group,
                                         configs->len > 0 ? configs->str : NULL);
}

/* Who the build is: its name as the title with the id below it, or the id alone. */
static void
show_identity (PsBuildPage *self)
{
  const char *name = ps_build_get_name (self->build);
  const char *version = ps_build_get_version (self->build);
  const char *code = ps_build_get_version_code (self->build);
  const char *platform = ps_build_platform_to_label (ps_build_get_platform (self->build));
  g_autofree char *version_text = NULL;

  gtk_label_set_label (self->name_label, name != NULL ? name : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_label), name != NULL);
  gtk_label_set_label (self->id_label, ps_build_get_id (self->build));
  /* Without a name, the id is the title. */
  if (name != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->id_label), "title-2");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->id_label), "title-2");
  if (version != NULL && code != NULL && g_strcmp0 (version, code) != 0)
    /* Translators: a platform ("Android"), a version name and a version code. */
    version_text = g_strdup_printf (_("%s app · version %s (%s)"), platform, version, code);
  else
    /* Translators: a platform ("Android"), then a version. */
    version_text = g_strdup_printf (_("%s app · version %s"), platform,
                                    version != NULL ? version : code != NULL ? code : _("unknown"));
  gtk_label_set_label (self->version_label, version_text);
  gtk_image_set_from_icon_name (self->platform_icon,
                                ps_build_get_platform (self->build) == PS_BUILD_PLATFORM_IOS
                                ? "phone-symbolic" : "package-x-generic-symbolic");
}

static void
ps_build_page_populate (PsBuildPage *self)
{
  PsPinset *pinset = ps_build_get_pinset (self->build);
  const char * const *notes = ps_build_get_notes (self->build);
  g_autoptr(GListModel) findings = NULL;
  GListModel *model;

  show_identity (self);
  show_sources (self);

  ps_list_box_remove_all (self->notes_list);
  for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
    gtk_list_box_append (self->notes_list, note_row_new (notes[i]));
  gtk_widget_set_visible (self->notes_group, notes != NULL && notes[0] != NULL);

  ps_list_box_remove_all (self->rules_list);
  model = ps_pinset_get_rules (pinset);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (model, i);

      gtk_list_box_append (self->rules_list, rule_row_new (self, rule, i));
    }

  ps_list_box_remove_all (self->anchors_list);
  model = ps_build_get_anchors (self->build);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PsBuildAnchor) anchor = g_list_model_get_item (model, i);

      gtk_list_box_append (self->anchors_list, anchor_row_new (self, anchor));
    }

  ps_list_box_remove_all (self->code_pins_list);
  model = ps_build_get_code_pins (self->build);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PsBuildPin) pin = g_list_model_get_item (model, i);

      gtk_list_box_append (self->code_pins_list, code_pin_row_new (self, pin));
    }

  findings = ps_lint_pinset (pinset, NULL, NULL);
  ps_findings_list_set_findings (self->findings_list, findings);
}

void
ps_build_page_set_notation (PsBuildPage   *self,
                            PsPinNotation  notation)
{
  g_return_if_fail (PS_IS_BUILD_PAGE (self));

  if (self->notation == notation)
    return;

  self->notation = notation;
  if (self->build != NULL)
    ps_build_page_populate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTATION]);
}

/* Actions */

static void
open_pinset_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PsBuildPage *self = PS_BUILD_PAGE (widget);
  g_autofree char *json = ps_pinset_to_json (ps_build_get_pinset (self->build));
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) copy = NULL;

  /* A copy: editing it leaves the build's pinset (what the build really says) as it is. */
  copy = ps_pinset_new_from_json (json, -1, &error);
  if (copy == NULL)
    {
      g_critical ("The pinset of a build does not read back: %s", error->message);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_OPEN_PINSET], 0, copy);
}

/* GObject */

static void
ps_build_page_constructed (GObject *object)
{
  PsBuildPage *self = PS_BUILD_PAGE (object);

  G_OBJECT_CLASS (ps_build_page_parent_class)->constructed (object);

  g_assert (self->build != NULL);
  /* The sidebar's name for the page: "Example 1.4", or the pinset's "ID VERSION". */
  if (ps_build_get_name (self->build) != NULL && ps_build_get_version (self->build) != NULL)
    self->title = g_strdup_printf ("%s %s", ps_build_get_name (self->build),
                                   ps_build_get_version (self->build));
  else if (ps_build_get_name (self->build) != NULL)
    self->title = g_strdup (ps_build_get_name (self->build));
  else
    self->title = g_strdup (ps_pinset_get_name (ps_build_get_pinset (self->build)));
  ps_build_page_populate (self);
}

static void
ps_build_page_dispose (GObject *object)
{
  PsBuildPage *self = PS_BUILD_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_BUILD_PAGE);
  g_clear_object (&self->build);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (ps_build_page_parent_class)->dispose (object);
}

static void
ps_build_page_finalize (GObject *object)
{
  PsBuildPage *self = PS_BUILD_PAGE (object);

  g_free (self->title);

  G_OBJECT_CLASS (ps_build_page_parent_class)->finalize (object);
}

static void
ps_build_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PsBuildPage *self = PS_BUILD_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUILD:
      g_value_set_object (value, self->build);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_NOTATION:
      g_value_set_enum (value, self->notation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_build_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PsBuildPage *self = PS_BUILD_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUILD:
      self->build = g_value_dup_object (value);
      break;
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    case PROP_NOTATION:
      ps_build_page_set_notation (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_build_page_class_init (PsBuildPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ps_build_page_constructed;
  object_class->dispose = ps_build_page_dispose;
  object_class->finalize = ps_build_page_finalize;
  object_class->get_property = ps_build_page_get_property;
  object_class->set_property = ps_build_page_set_property;

  properties[PROP_BUILD] =
    g_param_spec_object ("build", NULL, NULL, PS_TYPE_BUILD,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTATION] =
    g_param_spec_enum ("notation", NULL, NULL, PS_TYPE_PIN_NOTATION, PS_PIN_NOTATION_OKHTTP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A copy of the build's pinset, for the window to open in a pinset editor. */
  signals[SIGNAL_OPEN_PINSET] =
    g_signal_new ("open-pinset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, PS_TYPE_PINSET);

  g_type_ensure (PS_TYPE_FINDINGS_LIST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/ps-build-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsBuildPage, platform_icon);
  gtk_widget_class_bind_template_child (widget_class, PsBuildPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, PsBuildPage, id_label);
  gtk_widget_class_bind_template_child (widget_class, PsBuildPage, version_label);
  gtk_widget_class_bind_template_child (widget_class, PsBuildPage, identity_source_label);
  gtk_widget_class_bind_template_child (widget_class, PsBuildPage, notes_group);
  gtk_widget_class_bind_template_child (widget_class, PsBuildPage, notes_list);
  gtk_widget_class_bind_template_child (widget_class, PsBuildPage, rules_group);
  gtk_widget_class_bind_template_child (widget_class, PsBuildPage, rules_list);
  gtk_widget_class_bind_template_child (widget_class, PsBuildPage, anchors_list);
  gtk_widget_class_bind_template_child (widget_class, PsBuildPage, code_pins_list);
  gtk_widget_class_bind_template_child (widget_class, PsBuildPage, findings_list);

  gtk_widget_class_install_action (widget_class, "build.open-pinset", NULL, open_pinset_action);
}

static void
ps_build_page_init (PsBuildPage *self)
{
  self->notation = PS_PIN_NOTATION_OKHTTP;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->rules_list,
                                ps_list_placeholder_new (_("This build declares no pins")));
  gtk_list_box_set_placeholder (self->anchors_list,
                                ps_list_placeholder_new (_("No bundled certificates")));
  gtk_list_box_set_placeholder (self->code_pins_list,
                                ps_list_placeholder_new (_("No pin found in the code")));
}
