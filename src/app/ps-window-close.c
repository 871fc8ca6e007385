/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-window-private.h"

/* The unsaved-changes guard: closing a modified pinset, or the window while one is open,
 * asks first (Save, Discard or Cancel). */

/* The question both ask, with Save as the default answer. */
static GtkWidget *
save_changes_dialog_new (GtkWindow  *parent,
                         const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Save Changes?"), body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  g_autoptr(PsPinsetEditor) editor = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (editor));

  if (!PS_IS_WINDOW (root))
    return;

  if (g_str_equal (response, "discard"))
    _ps_window_remove_item (PS_WINDOW (root), GTK_WIDGET (editor));
  else if (g_str_equal (response, "save"))
    _ps_window_save_editor (PS_WINDOW (root), editor, FALSE);
}

static void
confirm_close_editor (PsWindow       *self,
                      PsPinsetEditor *editor)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (_("“%s” has unsaved changes. Changes which are not saved will be "
                            "permanently lost."),
                          ps_pinset_get_name (ps_pinset_editor_get_pinset (editor)));
  dialog = save_changes_dialog_new (GTK_WINDOW (self), body);
  g_signal_connect (dialog, "response", G_CALLBACK (discard_response_cb),
                    g_object_ref (editor));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_ps_window_close_item_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  PsWindow *self = PS_WINDOW (widget);
  GtkWidget *visible = gtk_stack_get_visible_child (self->item_stack);

  if (visible == NULL)
    return;

  if (PS_IS_PINSET_EDITOR (visible) &&
      ps_pinset_editor_get_modified (PS_PINSET_EDITOR (visible)))
    {
      confirm_close_editor (self, PS_PINSET_EDITOR (visible));
      return;
    }

  _ps_window_remove_item (self, visible);
}

static PsPinsetEditor *
find_modified_editor (PsWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->item_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (PS_IS_PINSET_EDITOR (child) &&
          ps_pinset_editor_get_modified (PS_PINSET_EDITOR (child)))
        return PS_PINSET_EDITOR (child);
    }

  return NULL;
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   PsWindow         *self)
{
  PsPinsetEditor *editor = find_modified_editor (self);

  if (g_str_equal (response, "discard"))
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (g_str_equal (response, "save") && editor != NULL)
    {
      self->close_confirmed = TRUE;
      gtk_stack_set_visible_child (self->item_stack, GTK_WIDGET (editor));
      _ps_window_save_editor (self, editor, FALSE);
    }
}

gboolean
_ps_window_guard_close (PsWindow *self)
{
  PsPinsetEditor *editor = find_modified_editor (self);
  GtkWidget *dialog;

  if (editor == NULL || self->close_confirmed)
    return FALSE;

  gtk_stack_set_visible_child (self->item_stack, GTK_WIDGET (editor));
  dialog = save_changes_dialog_new (GTK_WINDOW (self),
                                    _("A pinset has unsaved changes. Changes which are not "
                                      "saved will be permanently lost."));
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}
