/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-timeline.h"
#include "ot-controls.h"

#include <glib/gi18n.h>
#include <math.h>

/* Layout of the strip, in pixels. */
#define PAD_X        6
#define TOP_LABELS   16   /* control labels above the bars */
#define AXIS_HEIGHT  16   /* year labels below */
#define HANDLE_GRAB  7    /* how near a handle a press grabs it */

typedef enum {
  DRAG_NONE,
  DRAG_FROM,
  DRAG_TO,
  DRAG_MOVE,
  DRAG_NEW,
} DragMode;

struct _OtTimeline
{
  GtkWidget           parent_instance;

  OtDataset          *dataset;
  OtFilter           *filter;
  OtHistogram        *histogram;
  gboolean            frames;     /* histograms come with the chart's frames */
  GPtrArray          *controls;     /* of OtControl */
  OtHistogramMeasure  measure;
  int                 from;         /* range, months; both inclusive */
  int                 to;
  guint               play_id;
  int                 play_from;    /* the range's start when play began */

  DragMode            drag;
  int                 drag_month;
  int                 drag_from;
  int                 drag_to;

  /* Template children */
  GtkDrawingArea     *strip;
  GtkLabel           *period_label;
  GtkButton          *play_button;
  GtkToggleButton    *kg_toggle;
};

G_DEFINE_FINAL_TYPE (OtTimeline, ot_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATASET,
  PROP_PLAYING,
  N_PROPS
};

enum {
  PERIOD_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static int
first_month (OtTimeline *self)
{
  return self->histogram ? ot_histogram_get_first_month (self->histogram) : 0;
}

static int
last_month (OtTimeline *self)
{
  return first_month (self) + (int) ot_histogram_get_n_months (self->histogram) - 1;
}

static gboolean
has_months (OtTimeline *self)
{
  return self->histogram && ot_histogram_get_n_months (self->histogram) > 0;
}

static gboolean
is_all_time (OtTimeline *self)
{
  return !has_months (self) || (self->from <= first_month (self) && self->to >= last_month (self));
}

/* A month as the details pane and the chart show it: "2024-03" in the C
 * locale, "March 2024" in the user's. */
static char *
month_label (int month)
{
  OtDate date = { .year = month / 12, .month = month % 12 + 1, .precision = OT_DATE_MONTH };

  return ot_date_to_display (&date);
}

static void
update_label (OtTimeline *self)
{
  g_autofree char *text = NULL;

  if (!has_months (self))
    text = g_strdup (_("No dated incidents"));
  else if (is_all_time (self))
    {
      g_autofree char *a = month_label (first_month (self));
      g_autofree char *b = month_label (last_month (self));

      /* Translators: the whole span of the data, e.g. "All time: Jan 2023 – Dec 2025". */
      text = g_strdup_printf (_("All time: %s – %s"), a, b);
    }
  else if (self->from == self->to)
    text = month_label (self->from);
  else
    {
      g_autofree char *a = month_label (self->from);
      g_autofree char *b = month_label (self->to);

      /* Translators: a period, from – to. */
      text = g_strdup_printf (_("%s – %s"), a, b);
    }
  gtk_label_set_label (self->period_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.all-time", !is_all_time (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.play", has_months (self));
}

/* Sets the range (clamped, ordered); emits when it changed. */
static gboolean
apply_range (OtTimeline *self,
             int         from,
             int         to)
{
  if (!has_months (self))
    return FALSE;
  if (from > to)
    {
      int t = from;
      from = to;
      to = t;
    }
  from = CLAMP (from, first_month (self), last_month (self));
  to = CLAMP (to, first_month (self), last_month (self));
  if (from == self->from && to == self->to)
    return FALSE;
  self->from = from;
  self->to = to;
  update_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->strip));
  g_signal_emit (self, signals[PERIOD_CHANGED], 0);
  return TRUE;
}

static void
take_histogram (OtTimeline  *self,
                OtHistogram *histogram)
{
  gboolean was_all = is_all_time (self);

  g_clear_pointer (&self->histogram, ot_histogram_free);
  self->histogram = histogram;
  if (was_all && has_months (self))
    {
      self->from = first_month (self);
      self->to = last_month (self);
    }
  update_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->strip));
}

/* On the main thread: on its own (no frames), or when the measure
 * changes. */
static void
rebuild_histogram (OtTimeline *self)
{
  take_histogram (self, self->dataset ? ot_histogram_new (self->dataset, self->filter, self->measure) : NULL);
}

/* The first month from @month on where an incident the filter lets
 * through begins, or G_MAXINT: play steps over months that bring nothing
 * new (empty, or only the rest of a year-only date). */
static int
next_busy_month (OtTimeline *self,
                 int         month)
{
  for (month = MAX (month, first_month (self)); month <= last_month (self); month++)
    if (ot_histogram_get_n_starting (self->histogram, month - first_month (self)) > 0)
      return month;
  return G_MAXINT;
}

/* Geometry: x of the start of @month (a fraction moves within it). */
static double
x_of (OtTimeline *self,
      double      month,
      int         width)
{
  double n = ot_histogram_get_n_months (self->histogram);

  return PAD_X + (month - first_month (self)) * (width - 2 * PAD_X) / n;
}

static int
month_at (OtTimeline *self,
          double      x)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->strip));
  double n = ot_histogram_get_n_months (self->histogram);
  double m = (x - PAD_X) * n / MAX (1, width - 2 * PAD_X);

  return first_month (self) + (int) floor (CLAMP (m, 0, n - 1));
}

/* Where a control falls: its month plus the fraction of the month. */
static double
control_month (const OtControl *control)
{
  int month = ot_month_from_day (control->day);
  guint32 first = ot_month_first_day (month);
  guint32 days = ot_month_last_day (month) - first + 1;

  return month + (double) (control->day - first) / days;
}

static void
draw_bars (OtTimeline *self,
           cairo_t    *cr,
           int         width,
           double      top,
           double      bottom)
{
  guint n = ot_histogram_get_n_months (self->histogram);
  guint slots = ot_histogram_get_n_slots (self->histogram);
  double max = ot_histogram_get_max_total (self->histogram);
  double mw = (double) (width - 2 * PAD_X) / n;
  double gap = mw > 4 ? 1 : 0;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  if (max <= 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      int month = first_month (self) + i;
      gboolean inside = month >= self->from && month <= self->to;
      double y = bottom;

      for (guint s = 0; s < slots; s++)
        {
          double v = ot_histogram_get_value (self->histogram, i, s);
          double h = v / max * (bottom - top);
          double r, g, b;
          OtMineral mineral = ot_histogram_slot_mineral (self->histogram, s);

          if (v <= 0)
            continue;
          ot_mineral_color_for_theme (mineral, dark, &r, &g, &b);
          cairo_set_source_rgba (cr, r, g, b, inside ? 1.0 : 0.3);
          cairo_rectangle (cr, x_of (self, month, width) + gap / 2, y - h, mw - gap, h);
          cairo_fill (cr);
          y -= h;
        }
    }
}

static void
draw_axis (OtTimeline    *self,
           cairo_t       *cr,
           int            width,
           double         baseline,
           const GdkRGBA *fg)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoAttrList *attrs = pango_attr_list_new ();
  int step;

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.3);
  cairo_rectangle (cr, PAD_X, baseline, width - 2 * PAD_X, 1);
  cairo_fill (cr);

  /* A label every year, or every few years when they would crowd. */
  step = (x_of (self, first_month (self) + 12, width) - x_of (self, first_month (self), width)) < 40 ? 5 : 1;
  for (int m = first_month (self); m <= last_month (self); m++)
    {
      char text[16];
      double x = x_of (self, m, width);

      if (m % 12 != 0 && m != first_month (self))
        continue;
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.3);
      cairo_rectangle (cr, x, baseline, 1, 4);
      cairo_fill (cr);
      if ((m / 12) % step != 0 || (m % 12 != 0 && m != first_month (self)))
        continue;
      g_snprintf (text, sizeof text, "%d", m / 12);
      pango_layout_set_text (layout, text, -1);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.7);
      cairo_move_to (cr, x + 2, baseline + 2);
      pango_cairo_show_layout (cr, layout);
    }
  g_object_unref (layout);
}

static void
draw_controls (OtTimeline    *self,
               cairo_t       *cr,
               int            width,
               double         bottom,
               const GdkRGBA *fg)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoAttrList *attrs = pango_attr_list_new ();
  static const double dash[] = { 3, 2 };
  double label_end = -G_MAXDOUBLE;

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  for (guint i = 0; self->controls && i < self->controls->len; i++)
    {
      const OtControl *control = g_ptr_array_index (self->controls, i);
      double m = control_month (control);
      g_autofree char *label = NULL;
      double x;
      int lw;

      if (m < first_month (self) || m >= last_month (self) + 1)
        continue;
      x = round (x_of (self, m, width)) + 0.5;
      cairo_save (cr);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_line_width (cr, 1);
      cairo_set_source_rgba (cr, 0.75, 0.11, 0.16, 0.9);   /* GNOME red 4 */
      cairo_move_to (cr, x, TOP_LABELS - 2);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      cairo_restore (cr);

      /* Labels that would overlap the previous one are left to the tooltip. */
      label = ot_control_label (control);
      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &lw, NULL);
      if (x + 2 < label_end || x + 2 + lw > width)
        continue;
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.8);
      cairo_move_to (cr, x + 2, 0);
      pango_cairo_show_layout (cr, layout);
      label_end = x + 2 + lw + 4;
    }
  g_object_unref (layout);
}

static void
draw_range (OtTimeline *self,
            cairo_t    *cr,
            int         width,
            double      top,
            double      bottom)
{
  double x0 = x_of (self, self->from, width);
  double x1 = x_of (self, self->to + 1, width);
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1 };   /* GNOME blue 3, libadwaita's accent */

  if (is_all_time (self))
    return;
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 0.12);
  cairo_rectangle (cr, x0, top, x1 - x0, bottom - top);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 1);
  for (guint i = 0; i < 2; i++)
    {
      double x = i == 0 ? x0 : x1;

      cairo_rectangle (cr, x - 1, top, 2, bottom - top);
      cairo_fill (cr);
      /* A grip in the middle of each handle. */
      cairo_rectangle (cr, x - 3, (top + bottom) / 2 - 8, 6, 16);
      cairo_fill (cr);
    }
}

static void
draw_strip (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  OtTimeline *self = OT_TIMELINE (data);
  double top = TOP_LABELS, bottom = height - AXIS_HEIGHT;
  GdkRGBA fg;

  if (!has_months (self))
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  draw_bars (self, cr, width, top, bottom);
  draw_range (self, cr, width, top, bottom);
  draw_controls (self, cr, width, bottom, &fg);
  draw_axis (self, cr, width, bottom, &fg);
}

static gboolean
on_query_tooltip (OtTimeline *self,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->strip));
  g_autoptr(GString) text = g_string_new (NULL);
  int month;

  if (!has_months (self) || keyboard)
    return FALSE;

  for (guint i = 0; self->controls && i < self->controls->len; i++)
    {
      const OtControl *control = g_ptr_array_index (self->controls, i);
      g_autofree char *date = ot_date_to_display (&control->effective);

      if (fabs (x_of (self, control_month (control), width) - x) > 4)
        continue;
      g_string_append_printf (text, "%s%s · %s", text->len ? "\n\n" : "", date,
                              control->instrument ? control->instrument : control->id);
      if (control->summary)
        g_string_append_printf (text, "\n%s", control->summary);
      if (control->status)
        g_string_append_printf (text, "\n%s", control->status);
    }
  if (text->len == 0)
    {
      g_autofree char *label = NULL;
      g_autofree char *number = NULL;

      month = month_at (self, x);
      label = month_label (month);
      number = g_strdup_printf ("%'.0f", ot_histogram_get_total (self->histogram, month - first_month (self)));
      g_string_append_printf (text, self->measure == OT_HISTOGRAM_KG
                                      /* Translators: a month and a quantity: "Mar 2024: 1,200 kg". */
                                      ? _("%s: %s kg") : _("%s: %s incidents"),
                              label, number);
    }
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               OtTimeline     *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->strip));
  double x0, x1;

  if (!has_months (self))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  ot_timeline_set_playing (self, FALSE);
  x0 = x_of (self, self->from, width);
  x1 = x_of (self, self->to + 1, width);
  self->drag_month = month_at (self, x);
  self->drag_from = self->from;
  self->drag_to = self->to;
  if (is_all_time (self))
    self->drag = DRAG_NEW;
  else if (fabs (x - x0) <= HANDLE_GRAB)
    self->drag = DRAG_FROM;
  else if (fabs (x - x1) <= HANDLE_GRAB)
    self->drag = DRAG_TO;
  else if (x > x0 && x < x1)
    self->drag = DRAG_MOVE;
  else
    self->drag = DRAG_NEW;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                OtTimeline     *self)
{
  double sx, sy;
  int month, delta;

  if (self->drag == DRAG_NONE || !gtk_gesture_drag_get_start_point (gesture, &sx, &sy))
    return;
  month = month_at (self, sx + dx);
  delta = month - self->drag_month;
  switch (self->drag)
    {
    case DRAG_FROM:
      apply_range (self, MIN (self->drag_from + delta, self->drag_to), self->drag_to);
      break;
    case DRAG_TO:
      apply_range (self, self->drag_from, MAX (self->drag_to + delta, self->drag_from));
      break;
    case DRAG_MOVE:
      delta = CLAMP (delta, first_month (self) - self->drag_from, last_month (self) - self->drag_to);
      apply_range (self, self->drag_from + delta, self->drag_to + delta);
      break;
    case DRAG_NEW:
      /* A press without a move picks nothing yet; moving draws a range. */
      if (dx != 0)
        apply_range (self, self->drag_month, month);
      break;
    case DRAG_NONE:
    default:
      break;
    }
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             OtTimeline     *self)
{
  /* A click on an empty spot picks that month. */
  if (self->drag == DRAG_NEW && dx == 0 && dy == 0)
    apply_range (self, self->drag_month, self->drag_month);
  self->drag = DRAG_NONE;
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            OtTimeline      *self)
{
  if (n_press == 2 && has_months (self))
    apply_range (self, first_month (self), last_month (self));
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           OtTimeline               *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->strip));
  const char *cursor = NULL;

  if (has_months (self) && !is_all_time (self) && self->drag == DRAG_NONE)
    {
      double x0 = x_of (self, self->from, width), x1 = x_of (self, self->to + 1, width);

      if (fabs (x - x0) <= HANDLE_GRAB || fabs (x - x1) <= HANDLE_GRAB)
        cursor = "ew-resize";
      else if (x > x0 && x < x1)
        cursor = "grab";
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->strip), cursor);
}

static void
on_measure_toggled (OtTimeline      *self,
                    GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  ot_timeline_set_measure (self, gtk_toggle_button_get_active (self->kg_toggle)
                                   ? OT_HISTOGRAM_KG : OT_HISTOGRAM_INCIDENTS);
}

static gboolean
play_tick (gpointer data)
{
  OtTimeline *self = OT_TIMELINE (data);

  if (ot_timeline_step (self))
    return G_SOURCE_CONTINUE;
  self->play_id = 0;
  ot_timeline_set_playing (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OtTimeline *self = OT_TIMELINE (widget);

  ot_timeline_set_playing (self, !ot_timeline_get_playing (self));
}

static void
all_time_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OtTimeline *self = OT_TIMELINE (widget);

  ot_timeline_set_playing (self, FALSE);
  if (has_months (self))
    apply_range (self, first_month (self), last_month (self));
}

static void
ot_timeline_dispose (GObject *object)
{
  GtkWidget *child;
  OtTimeline *self = OT_TIMELINE (object);

  g_clear_handle_id (&self->play_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_TIMELINE);
  /* The template's root box is not a bound child: drop it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->dataset);

  G_OBJECT_CLASS (ot_timeline_parent_class)->dispose (object);
}

static void
ot_timeline_finalize (GObject *object)
{
  OtTimeline *self = OT_TIMELINE (object);

  g_clear_pointer (&self->histogram, ot_histogram_free);
  g_clear_pointer (&self->filter, ot_filter_free);
  g_clear_pointer (&self->controls, g_ptr_array_unref);

  G_OBJECT_CLASS (ot_timeline_parent_class)->finalize (object);
}

static void
ot_timeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OtTimeline *self = OT_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, ot_timeline_get_playing (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ot_timeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  OtTimeline *self = OT_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      ot_timeline_set_dataset (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ot_timeline_class_init (OtTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_timeline_dispose;
  object_class->finalize = ot_timeline_finalize;
  object_class->get_property = ot_timeline_get_property;
  object_class->set_property = ot_timeline_set_property;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, OT_TYPE_DATASET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OtTimeline::period-changed:
   *
   * The range moved; read it with ot_timeline_get_period().
   */
  signals[PERIOD_CHANGED] =
    g_signal_new ("period-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-timeline.ui");
  gtk_widget_class_bind_template_child (widget_class, OtTimeline, strip);
  gtk_widget_class_bind_template_child (widget_class, OtTimeline, period_label);
  gtk_widget_class_bind_template_child (widget_class, OtTimeline, play_button);
  gtk_widget_class_bind_template_child (widget_class, OtTimeline, kg_toggle);
  gtk_widget_class_bind_template_callback (widget_class, on_measure_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_query_tooltip);

  gtk_widget_class_install_action (widget_class, "timeline.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "timeline.all-time", NULL, all_time_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ot-timeline");
}

static void
ot_timeline_init (OtTimeline *self)
{
  GtkGesture *drag, *click;
  GtkEventController *motion;
  g_autoptr(GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->controls = ot_controls_load_default (&error);
  if (self->controls == NULL)
    g_warning ("Export-control dates not shown: %s", error->message);

  gtk_drawing_area_set_draw_func (self->strip, draw_strip, self, NULL);
  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self->strip), GTK_EVENT_CONTROLLER (drag));
  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->strip), GTK_EVENT_CONTROLLER (click));
  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self->strip), motion);

  update_label (self);
}

GtkWidget *
ot_timeline_new (void)
{
  return g_object_new (OT_TYPE_TIMELINE, NULL);
}

void
ot_timeline_set_dataset (OtTimeline *self,
                         OtDataset  *dataset)
{
  gboolean summary;

  g_return_if_fail (OT_IS_TIMELINE (self));
  g_return_if_fail (dataset == NULL || OT_IS_DATASET (dataset));

  if (!g_set_object (&self->dataset, dataset))
    return;
  ot_timeline_set_playing (self, FALSE);
  /* A summary counts incidents per month, not their kg (docs/team-store.md,
   * "Summary mode"). */
  summary = dataset != NULL && ot_dataset_get_summary (dataset, NULL) != NULL;
  if (summary)
    ot_timeline_set_measure (self, OT_HISTOGRAM_INCIDENTS);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kg_toggle), !summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->kg_toggle),
                               summary ? _("A team store opened as a summary counts incidents per month, not their kg")
                                       : _("Bars sum the quantities in kg"));
  g_clear_pointer (&self->filter, ot_filter_free);
  /* A new dataset starts at all time; its bars come with its first frame. */
  g_clear_pointer (&self->histogram, ot_histogram_free);
  if (self->frames)
    take_histogram (self, NULL);
  else
    rebuild_histogram (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

OtDataset *
ot_timeline_get_dataset (OtTimeline *self)
{
  g_return_val_if_fail (OT_IS_TIMELINE (self), NULL);
  return self->dataset;
}

void
ot_timeline_set_filter (OtTimeline     *self,
                        const OtFilter *filter)
{
  g_return_if_fail (OT_IS_TIMELINE (self));

  g_clear_pointer (&self->filter, ot_filter_free);
  if (filter)
    self->filter = ot_filter_copy (filter);
  if (!self->frames)
    rebuild_histogram (self);
}

void
ot_timeline_show_frame (OtTimeline  *self,
                        OtHistogram *histogram)
{
  g_return_if_fail (OT_IS_TIMELINE (self));
  g_return_if_fail (histogram != NULL);

  self->frames = TRUE;
  /* Asked for before the measure changed: the bars already show the new. */
  if (ot_histogram_get_measure (histogram) != self->measure)
    {
      ot_histogram_free (histogram);
      return;
    }
  take_histogram (self, histogram);
}

void
ot_timeline_set_measure (OtTimeline         *self,
                         OtHistogramMeasure  measure)
{
  g_return_if_fail (OT_IS_TIMELINE (self));

  if (self->measure == measure)
    return;
  self->measure = measure;
  gtk_toggle_button_set_active (self->kg_toggle, measure == OT_HISTOGRAM_KG);
  rebuild_histogram (self);
}

OtHistogramMeasure
ot_timeline_get_measure (OtTimeline *self)
{
  g_return_val_if_fail (OT_IS_TIMELINE (self), OT_HISTOGRAM_INCIDENTS);
  return self->measure;
}

void
ot_timeline_get_period (OtTimeline *self,
                        guint32    *from_day,
                        guint32    *to_day)
{
  gboolean all;

  g_return_if_fail (OT_IS_TIMELINE (self));

  all = is_all_time (self);
  if (from_day)
    *from_day = all ? 0 : ot_month_first_day (self->from);
  if (to_day)
    *to_day = all ? 0 : ot_month_last_day (self->to);
}

void
ot_timeline_set_period (OtTimeline *self,
                        guint32     from_day,
                        guint32     to_day)
{
  g_return_if_fail (OT_IS_TIMELINE (self));

  if (!has_months (self))
    return;
  apply_range (self, from_day ? ot_month_from_day (from_day) : first_month (self),
               to_day ? ot_month_from_day (to_day) : last_month (self));
}

gboolean
ot_timeline_get_range (OtTimeline *self,
                       int        *first,
                       int        *last)
{
  g_return_val_if_fail (OT_IS_TIMELINE (self), FALSE);

  if (!has_months (self))
    return FALSE;
  if (first)
    *first = self->from;
  if (last)
    *last = self->to;
  return TRUE;
}

gboolean
ot_timeline_set_range (OtTimeline *self,
                       int         first,
                       int         last)
{
  g_return_val_if_fail (OT_IS_TIMELINE (self), FALSE);

  return apply_range (self, first, last);
}

void
ot_timeline_set_playing (OtTimeline *self,
                         gboolean    playing)
{
  g_return_if_fail (OT_IS_TIMELINE (self));

  playing = playing && has_months (self);
  if (playing == (self->play_id != 0))
    return;
  if (playing)
    {
      /* Starting where no later month brings an incident plays again
       * from the beginning. */
      if (!is_all_time (self) && next_busy_month (self, self->to + 1) > last_month (self))
        apply_range (self, first_month (self), first_month (self) + (self->to - self->from));
      self->play_from = is_all_time (self) ? first_month (self) : self->from;
      self->play_id = g_timeout_add (OT_TIMELINE_PLAY_INTERVAL_MS, play_tick, self);
    }
  else
    g_clear_handle_id (&self->play_id, g_source_remove);
  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _("Pause") : _("Play: move the period month by month"));
  /* The icon says it on screen; a screen reader needs the word. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, playing ? _("Pause") : _("Play"),
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

gboolean
ot_timeline_get_playing (OtTimeline *self)
{
  g_return_val_if_fail (OT_IS_TIMELINE (self), FALSE);
  return self->play_id != 0;
}

gboolean
ot_timeline_step (OtTimeline *self)
{
  int window, end;

  g_return_val_if_fail (OT_IS_TIMELINE (self), FALSE);

  if (!has_months (self))
    return FALSE;
  if (is_all_time (self))
    {
      window = MAX (MIN (OT_TIMELINE_PLAY_WINDOW, (int) ot_histogram_get_n_months (self->histogram) - 1), 1);
      end = first_month (self) + window - 1;
      /* The first window holds the first incident. */
      if (next_busy_month (self, first_month (self)) > end)
        end = MIN (next_busy_month (self, end), last_month (self));
      return apply_range (self, end - window + 1, end);
    }
  /* The next frame is the next whose last month brings new incidents. */
  end = next_busy_month (self, self->to + 1);
  if (end > last_month (self))
    return FALSE;
  return apply_range (self, self->from + (end - self->to), end);
}

void
ot_timeline_get_play_period (OtTimeline *self,
                             guint32    *from_day,
                             guint32    *to_day)
{
  g_return_if_fail (OT_IS_TIMELINE (self));

  *from_day = *to_day = 0;
  if (!ot_timeline_get_playing (self) || !has_months (self))
    return;
  *from_day = ot_month_first_day (self->play_from);
  *to_day = ot_month_last_day (last_month (self));
}

void
ot_timeline_follow_frames (OtTimeline *self)
{
  g_return_if_fail (OT_IS_TIMELINE (self));

  self->frames = TRUE;
}
