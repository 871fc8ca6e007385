/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small children (the badges of a card) one after the other at their natural width,
 * wrapping to a new line when the next one does not fit. GtkFlowBox aligns its children
 * in columns and spreads the spare width between them, which leaves uneven gaps between
 * pills; AdwWrapBox only came with libadwaita 1.7. */
#include "config.h"

#include "ps-wrap-box.h"

#define SPACING 6

struct _PsWrapBox
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (PsWrapBox, ps_wrap_box, GTK_TYPE_WIDGET)

GtkWidget *
ps_wrap_box_new (void)
{
  return g_object_new (PS_TYPE_WRAP_BOX, NULL);
}

void
ps_wrap_box_append (PsWrapBox *self,
                    GtkWidget *child)
{
  g_return_if_fail (PS_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

void
ps_wrap_box_remove_all (PsWrapBox *self)
{
  GtkWidget *child;

  g_return_if_fail (PS_IS_WRAP_BOX (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}

/* Lays the children out in @width (or on one line when @width < 0); allocates them when
 * @allocate is set. Returns the height used. */
static int
ps_wrap_box_layout (PsWrapBox *self,
                    int        width,
                    gboolean   allocate)
{
  int x = 0, y = 0, line_height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_width, child_height;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &child_width, NULL, NULL);
      if (width >= 0)
        child_width = MIN (child_width, width);
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, NULL, &child_height,
                          NULL, NULL);

      if (x > 0 && width >= 0 && x + child_width > width)
        {
          x = 0;
          y += line_height + SPACING;
          line_height = 0;
        }

      if (allocate)
        gtk_widget_allocate (child, child_width, child_height, -1,
                             gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (x, y)));

      x += child_width + SPACING;
      line_height = MAX (line_height, child_height);
    }

  return y + line_height;
}

static GtkSizeRequestMode
ps_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ps_wrap_box_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  PsWrapBox *self = PS_WRAP_BOX (widget);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = *natural = ps_wrap_box_layout (self, for_size, FALSE);
      return;
    }

  /* At least the widest child; at best all of them on one line. */
  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural += (*natural > 0 ? SPACING : 0) + child_nat;
    }
}

static void
ps_wrap_box_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  ps_wrap_box_layout (PS_WRAP_BOX (widget), width, TRUE);
}

static void
ps_wrap_box_dispose (GObject *object)
{
  ps_wrap_box_remove_all (PS_WRAP_BOX (object));

  G_OBJECT_CLASS (ps_wrap_box_parent_class)->dispose (object);
}

static void
ps_wrap_box_class_init (PsWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_wrap_box_dispose;
  widget_class->get_request_mode = ps_wrap_box_get_request_mode;
  widget_class->measure = ps_wrap_box_measure;
  widget_class->size_allocate = ps_wrap_box_size_allocate;
}

static void
ps_wrap_box_init (PsWrapBox *self)
{
}
