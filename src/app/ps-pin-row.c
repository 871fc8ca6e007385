/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A pin and its buttons: side by side when the pin fits on one line beside them, otherwise
 * the pin takes the full width and the buttons go below it, at the end. GTK 4.8 has no
 * breakpoints, and a box would wrap the pin into a narrow column beside the buttons.
 *
 * The first child is the pin (a label); the other children are the buttons. */
#include "config.h"

#include "ps-pin-row.h"

#define SPACING 6

struct _PsPinRow
{
  GtkWidget parent_instance;

  gboolean  folded;
};

G_DEFINE_FINAL_TYPE (PsPinRow, ps_pin_row, GTK_TYPE_WIDGET)

GtkWidget *
ps_pin_row_new (void)
{
  return g_object_new (PS_TYPE_PIN_ROW, NULL);
}

gboolean
ps_pin_row_get_folded (PsPinRow *self)
{
  g_return_val_if_fail (PS_IS_PIN_ROW (self), FALSE);

  return self->folded;
}

/* The buttons' row: widths side by side, the tallest height. */
static void
measure_buttons (PsPinRow       *self,
                 GtkOrientation  orientation,
                 int            *minimum,
                 int            *natural)
{
  GtkWidget *pin = gtk_widget_get_first_child (GTK_WIDGET (self));
  gboolean first = TRUE;

  *minimum = *natural = 0;
  if (pin == NULL)
    return;

  for (GtkWidget *child = gtk_widget_get_next_sibling (pin);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          int gap = first ? 0 : SPACING;

          *minimum += child_min + gap;
          *natural += child_nat + gap;
        }
      else
        {
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      first = FALSE;
    }
}

/* Side by side needs the pin's full (unwrapped) width plus the buttons'. */
static int
unfolded_width (PsPinRow *self)
{
  GtkWidget *pin = gtk_widget_get_first_child (GTK_WIDGET (self));
  int pin_nat = 0, buttons_min, buttons_nat;

  if (pin != NULL && gtk_widget_should_layout (pin))
    gtk_widget_measure (pin, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &pin_nat, NULL, NULL);
  measure_buttons (self, GTK_ORIENTATION_HORIZONTAL, &buttons_min, &buttons_nat);

  return pin_nat + (buttons_nat > 0 ? SPACING + buttons_nat : 0);
}

static GtkSizeRequestMode
ps_pin_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ps_pin_row_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  PsPinRow *self = PS_PIN_ROW (widget);
  GtkWidget *pin = gtk_widget_get_first_child (widget);
  int pin_min = 0, pin_nat = 0, buttons_min, buttons_nat;

  /* Buttons are measured for their width here; their height is the row's height below. */
  measure_buttons (self, GTK_ORIENTATION_HORIZONTAL, &buttons_min, &buttons_nat);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      if (pin != NULL && gtk_widget_should_layout (pin))
        gtk_widget_measure (pin, orientation, -1, &pin_min, &pin_nat, NULL, NULL);
      /* Folded, the narrowest is the wider of the wrapped pin and the buttons. */
      *minimum = MAX (pin_min, buttons_min);
      *natural = unfolded_width (self);
    }
  else
    {
      int needed = unfolded_width (self);
      int buttons_height_min, buttons_height;

      measure_buttons (self, GTK_ORIENTATION_VERTICAL, &buttons_height_min, &buttons_height);

      if (for_size < 0 || for_size >= needed)
        {
          int pin_width = -1;

          if (for_size >= 0)
            pin_width = MAX (0, for_size - (buttons_nat > 0 ? SPACING + buttons_nat : 0));
          if (pin != NULL && gtk_widget_should_layout (pin))
            gtk_widget_measure (pin, orientation, pin_width, &pin_min, &pin_nat, NULL, NULL);
          *minimum = MAX (pin_min, buttons_height_min);
          *natural = MAX (pin_nat, buttons_height);
        }
      else
        {
          if (pin != NULL && gtk_widget_should_layout (pin))
            gtk_widget_measure (pin, orientation, for_size, &pin_min, &pin_nat, NULL, NULL);
          *minimum = pin_min + (buttons_height_min > 0 ? SPACING + buttons_height_min : 0);
          *natural = pin_nat + (buttons_height > 0 ? SPACING + buttons_height : 0);
        }
    }
}

static void
ps_pin_row_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  PsPinRow *self = PS_PIN_ROW (widget);
  GtkWidget *pin = gtk_widget_get_first_child (widget);
  int buttons_min, buttons_nat, buttons_height, unused;
  int needed = unfolded_width (self);
  int x, y;

  if (pin == NULL)
    return;

  self->folded = width < needed;
  measure_buttons (self, GTK_ORIENTATION_HORIZONTAL, &buttons_min, &buttons_nat);
  measure_buttons (self, GTK_ORIENTATION_VERTICAL, &unused, &buttons_height);

  if (!self->folded)
    {
      int pin_width = MAX (0, width - (buttons_nat > 0 ? buttons_nat + SPACING : 0));
      int pin_height = 0;

      if (gtk_widget_should_layout (pin))
        {
          gtk_widget_measure (pin, GTK_ORIENTATION_VERTICAL, pin_width, NULL, &pin_height,
                              NULL, NULL);
          pin_height = MIN (pin_height, height);
          gtk_widget_allocate (pin, pin_width, pin_height, -1,
                               gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (
                                                          0, (height - pin_height) / 2)));
        }
      x = width - buttons_nat;
      y = (height - buttons_height) / 2;
    }
  else
    {
      int pin_height = 0;

      if (gtk_widget_should_layout (pin))
        {
          gtk_widget_measure (pin, GTK_ORIENTATION_VERTICAL, width, NULL, &pin_height,
                              NULL, NULL);
          gtk_widget_allocate (pin, width, pin_height, -1, NULL);
        }
      /* At the end, under the pin: where the eye finishes reading it. */
      x = MAX (0, width - buttons_nat);
      y = pin_height + SPACING;
    }

  for (GtkWidget *child = gtk_widget_get_next_sibling (pin);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_width, child_height;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &child_width, NULL, NULL);
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, NULL, &child_height,
                          NULL, NULL);
      gtk_widget_allocate (child, child_width, child_height, -1,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (
                                                      x, y + (buttons_height - child_height) / 2)));
      x += child_width + SPACING;
    }
}

static void
ps_pin_row_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ps_pin_row_parent_class)->dispose (object);
}

static void
ps_pin_row_class_init (PsPinRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_pin_row_dispose;
  widget_class->get_request_mode = ps_pin_row_get_request_mode;
  widget_class->measure = ps_pin_row_measure;
  widget_class->size_allocate = ps_pin_row_size_allocate;
}

static void
ps_pin_row_init (PsPinRow *self)
{
}
