/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-canvas.h"

#include <glib/gi18n.h>
#include <math.h>

#define ZOOM_STEP        1.25
#define SCROLL_PAN_STEP  40.0   /* px per discrete scroll step */
#define KEY_PAN_STEP     60.0
#define DRAG_THRESHOLD   4.0
#define SETTLE_MS        150    /* full redraw this long after the last move */
#define HOVER_MAX_FRAME_MS 40.0 /* slower charts get no hover outline */

typedef enum {
  DRAG_NONE,
  DRAG_PAN,
  DRAG_VERTEX,
} DragMode;

struct _OtCanvas
{
  GtkWidget        parent_instance;

  OtChart         *chart;
  OtScene         *scene;
  OtViewport       viewport;
  OtRenderOptions  options;
  gboolean         fitted;        /* follow the widget size with a fit */
  gboolean         have_viewport;
  gboolean         busy;
  gboolean         vertices_draggable;
  gboolean         unselectable;  /* the marks on screen are about to go */
  gboolean         hold_view;     /* next resize: keep pan and zoom */

  /* The last full frame, redrawn moved and scaled while the user pans or
   * zooms (a big chart takes tens of ms to draw), in full once they stop. */
  cairo_surface_t *frame;
  OtScene         *frame_scene;
  OtViewport       frame_vp;
  int              frame_scale;
  gboolean         moving;
  guint            settle_source;
  double           frame_ms;      /* how long the last full frame took */

  OtHitKind        selected_kind;
  guint            selected_id;

  /* Pointer and gestures */
  double           pointer_x, pointer_y;
  DragMode         drag_mode;
  guint            drag_vertex;
  double           drag_start_x, drag_start_y;
  double           drag_last_x, drag_last_y;
  double           drag_world_x, drag_world_y;   /* a vertex's latest place */
  gboolean         drag_moved;
  double           zoom_last_scale;
};

G_DEFINE_FINAL_TYPE (OtCanvas, ot_canvas, GTK_TYPE_WIDGET)

enum {
  SELECTION_CHANGED,
  VERTEX_DRAGGED,
  VERTEX_DROPPED,
  VIEWPORT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void ot_canvas_set_hover (OtCanvas  *self,
                                 OtHitKind  kind,
                                 guint      id);

GtkWidget *
ot_canvas_new (void)
{
  return g_object_new (OT_TYPE_CANVAS, NULL);
}

/* Accessibility --------------------------------------------------------- */

static void
ot_canvas_update_accessible (OtCanvas *self)
{
  g_autofree char *what = NULL;
  g_autofree char *description = NULL;
  const char *title = self->scene != NULL ? ot_scene_get_title (self->scene) : NULL;

  if (self->chart != NULL && !self->busy && self->selected_kind != OT_HIT_NONE)
    what = ot_chart_describe (self->chart, self->selected_kind, self->selected_id);
  if (what != NULL)
    description = g_strdup_printf (_("Selected: %s"), what);
  else if (self->scene != NULL)
    {
      guint n_nodes = ot_scene_get_n_nodes (self->scene);
      guint n_edges = ot_scene_get_n_edges (self->scene);
      g_autofree char *nodes = g_strdup_printf (ngettext ("%'u place", "%'u places", n_nodes), n_nodes);
      g_autofree char *edges = g_strdup_printf (ngettext ("%'u route", "%'u routes", n_edges), n_edges);

      /* Translators: "12 places, 30 routes; nothing selected" */
      description = g_strdup_printf (_("%s, %s; nothing selected"), nodes, edges);
    }
  else
    description = g_strdup (_("No chart"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL && *title ? title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* Viewport -------------------------------------------------------------- */

static void
ot_canvas_fit_now (OtCanvas *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->scene == NULL || width <= 0 || height <= 0)
    return;
  ot_render_fit (self->scene, &self->options, width, height, &self->viewport);
  self->have_viewport = TRUE;
}

void
ot_canvas_fit (OtCanvas *self)
{
  g_return_if_fail (OT_IS_CANVAS (self));

  self->fitted = TRUE;
  ot_canvas_fit_now (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[VIEWPORT_CHANGED], 0);
}

gboolean
ot_canvas_is_fitted (OtCanvas *self)
{
  g_return_val_if_fail (OT_IS_CANVAS (self), FALSE);

  return self->fitted;
}

void
ot_canvas_set_viewport (OtCanvas         *self,
                        const OtViewport *viewport)
{
  int width, height;

  g_return_if_fail (OT_IS_CANVAS (self));
  g_return_if_fail (viewport != NULL);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  self->viewport = *viewport;
  if (width > 0 && height > 0)
    {
      /* Kept for another page size: the same world point in the middle. */
      self->viewport.tx += (width - viewport->width) / 2.0;
      self->viewport.ty += (height - viewport->height) / 2.0;
      self->viewport.width = width;
      self->viewport.height = height;
    }
  self->have_viewport = TRUE;
  self->fitted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
settle (gpointer data)
{
  OtCanvas *self = data;

  self->settle_source = 0;
  self->moving = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The view moved: draw the cached frame until the moves stop. */
static void
ot_canvas_moved (OtCanvas *self)
{
  self->moving = TRUE;
  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->settle_source = g_timeout_add_once (SETTLE_MS, settle, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[VIEWPORT_CHANGED], 0);
}

static void
ot_canvas_zoom_at (OtCanvas *self,
                   double    factor,
                   double    x,
                   double    y)
{
  if (!self->have_viewport)
    return;
  ot_viewport_zoom_at (&self->viewport, factor, x, y);
  self->fitted = FALSE;
  ot_canvas_moved (self);
}

void
ot_canvas_zoom (OtCanvas *self,
                double    factor)
{
  g_return_if_fail (OT_IS_CANVAS (self));
  g_return_if_fail (factor > 0);

  ot_canvas_zoom_at (self, factor,
                     gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                     gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

static void
ot_canvas_pan (OtCanvas *self,
               double    dx,
               double    dy)
{
  if (!self->have_viewport)
    return;
  ot_viewport_pan (&self->viewport, dx, dy);
  self->fitted = FALSE;
  ot_canvas_moved (self);
}

void
ot_canvas_centre_on (OtCanvas *self,
                     double    wx,
                     double    wy)
{
  double px, py;
  OtRect plot;

  g_return_if_fail (OT_IS_CANVAS (self));

  if (!self->have_viewport)
    return;
  /* The middle of the plot area, clear of the legend and title. */
  ot_render_plot_area (self->scene, &self->options, gtk_widget_get_width (GTK_WIDGET (self)),
                       gtk_widget_get_height (GTK_WIDGET (self)), &plot);
  ot_viewport_to_page (&self->viewport, wx, wy, &px, &py);
  ot_canvas_pan (self, (plot.x0 + plot.x1) / 2 - px, (plot.y0 + plot.y1) / 2 - py);
}

void
ot_canvas_set_detail (OtCanvas *self,
                      double    detail)
{
  g_return_if_fail (OT_IS_CANVAS (self));
  g_return_if_fail (detail > 0);

  if (self->options.detail == detail)
    return;
  self->options.detail = detail;
  /* A fitted chart frames what the new budget shows. */
  if (self->fitted)
    ot_canvas_fit_now (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
ot_canvas_get_detail (OtCanvas *self)
{
  g_return_val_if_fail (OT_IS_CANVAS (self), 1);

  return self->options.detail;
}

const OtViewport *
ot_canvas_get_viewport (OtCanvas *self)
{
  g_return_val_if_fail (OT_IS_CANVAS (self), NULL);

  return &self->viewport;
}

const OtRenderOptions *
ot_canvas_get_render_options (OtCanvas *self)
{
  g_return_val_if_fail (OT_IS_CANVAS (self), NULL);

  return &self->options;
}

/* Chart and scene ------------------------------------------------------- */

void
ot_canvas_set_chart (OtCanvas *self,
                     OtChart  *chart)
{
  g_return_if_fail (OT_IS_CANVAS (self));
  g_return_if_fail (chart == NULL || OT_IS_CHART (chart));

  if (g_set_object (&self->chart, chart))
    {
      self->selected_kind = OT_HIT_NONE;
      ot_canvas_refresh (self, TRUE);
    }
}

OtChart *
ot_canvas_get_chart (OtCanvas *self)
{
  g_return_val_if_fail (OT_IS_CANVAS (self), NULL);

  return self->chart;
}

OtScene *
ot_canvas_get_scene (OtCanvas *self)
{
  g_return_val_if_fail (OT_IS_CANVAS (self), NULL);

  return self->scene;
}

void
ot_canvas_refresh (OtCanvas *self,
                   gboolean  fit)
{
  g_return_if_fail (OT_IS_CANVAS (self));

  g_clear_pointer (&self->scene, ot_scene_unref);
  if (self->chart != NULL)
    self->scene = ot_chart_get_scene (self->chart);
  if (fit)
    {
      self->options.highlight_kind = OT_HIT_NONE;
      self->hold_view = FALSE;
    }
  if (fit || !self->have_viewport)
    {
      self->fitted = TRUE;
      ot_canvas_fit_now (self);
    }
  ot_canvas_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Selection ------------------------------------------------------------- */

void
ot_canvas_select (OtCanvas  *self,
                  OtHitKind  kind,
                  guint      id)
{
  g_return_if_fail (OT_IS_CANVAS (self));

  if (self->unselectable && kind != OT_HIT_NONE)
    return;
  /* Markers and areas stand for nothing the details pane can show. */
  if (kind == OT_HIT_MARKER || kind == OT_HIT_AREA)
    kind = OT_HIT_NONE;
  /* Clearing is always announced, even with nothing clicked: a highlight
   * picked elsewhere (the table, search) goes with it (Escape, a click on
   * empty space). */
  if (kind == self->selected_kind && kind != OT_HIT_NONE && id == self->selected_id)
    return;

  self->selected_kind = kind;
  self->selected_id = kind != OT_HIT_NONE ? id : 0;
  g_signal_emit (self, signals[SELECTION_CHANGED], 0, (int) self->selected_kind, self->selected_id);
}

void
ot_canvas_set_busy (OtCanvas *self,
                    gboolean  busy)
{
  g_return_if_fail (OT_IS_CANVAS (self));

  self->busy = !!busy;
  if (busy)
    ot_canvas_set_hover (self, OT_HIT_NONE, 0);
}

void
ot_canvas_set_selectable (OtCanvas *self,
                          gboolean  selectable)
{
  g_return_if_fail (OT_IS_CANVAS (self));

  self->unselectable = !selectable;
}

void
ot_canvas_set_vertices_draggable (OtCanvas *self,
                                  gboolean  draggable)
{
  g_return_if_fail (OT_IS_CANVAS (self));

  self->vertices_draggable = !!draggable;
}

gboolean
ot_canvas_is_busy (OtCanvas *self)
{
  g_return_val_if_fail (OT_IS_CANVAS (self), FALSE);

  return self->busy;
}

void
ot_canvas_hold_view (OtCanvas *self)
{
  g_return_if_fail (OT_IS_CANVAS (self));

  /* A fitted chart refits (its legend keeps its place beside the marks);
   * one the user zoomed or moved stays where it is. */
  self->hold_view = gtk_widget_get_mapped (GTK_WIDGET (self)) && self->have_viewport && !self->fitted;
}

void
ot_canvas_forget_selection (OtCanvas *self)
{
  g_return_if_fail (OT_IS_CANVAS (self));

  if (self->selected_kind == OT_HIT_NONE)
    return;
  self->selected_kind = OT_HIT_NONE;
  self->selected_id = 0;
  g_signal_emit (self, signals[SELECTION_CHANGED], 0, (int) OT_HIT_NONE, 0u);
}

OtHitKind
ot_canvas_get_selection (OtCanvas *self,
                         guint    *id)
{
  g_return_val_if_fail (OT_IS_CANVAS (self), OT_HIT_NONE);

  if (id != NULL)
    *id = self->selected_id;
  return self->selected_kind;
}

static OtHitKind
ot_canvas_hit (OtCanvas *self,
               double    x,
               double    y,
               guint    *id)
{
  if (self->scene == NULL || !self->have_viewport)
    return OT_HIT_NONE;
  return ot_render_hit_test (self->scene, &self->viewport, &self->options, x, y, id);
}

void
ot_canvas_click_at (OtCanvas *self,
                    double    x,
                    double    y)
{
  guint id = 0;
  OtHitKind kind;

  g_return_if_fail (OT_IS_CANVAS (self));

  kind = ot_canvas_hit (self, x, y, &id);
  ot_canvas_select (self, kind, id);
}

/* Drawing --------------------------------------------------------------- */

/* The cached frame fits what is to be drawn, but for pan and zoom. */
static gboolean
ot_canvas_frame_usable (OtCanvas *self,
                        int       scale)
{
  return self->frame != NULL && self->frame_scene == self->scene && self->frame_scale == scale &&
         self->frame_vp.width == self->viewport.width && self->frame_vp.height == self->viewport.height;
}

/* Draws the cached frame where its world now lies. */
static void
ot_canvas_draw_moved_frame (OtCanvas *self,
                            cairo_t  *cr)
{
  const OtRgba *bg = &ot_scene_get_theme (self->scene)->background;
  double k = self->viewport.scale / self->frame_vp.scale;

  cairo_set_source_rgba (cr, bg->r, bg->g, bg->b, bg->a);
  cairo_paint (cr);
  cairo_translate (cr, self->viewport.tx - self->frame_vp.tx * k, self->viewport.ty - self->frame_vp.ty * k);
  cairo_scale (cr, k, k);
  cairo_set_source_surface (cr, self->frame, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_FAST);
  cairo_paint (cr);
}

/* Draws the scene in full into the cached frame. */
static void
ot_canvas_render_frame (OtCanvas *self,
                        int       width,
                        int       height,
                        int       scale)
{
  cairo_t *fcr;
  gint64 start;

  if (self->frame == NULL || self->frame_scale != scale ||
      cairo_image_surface_get_width (self->frame) != width * scale ||
      cairo_image_surface_get_height (self->frame) != height * scale)
    {
      g_clear_pointer (&self->frame, cairo_surface_destroy);
      self->frame = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
      cairo_surface_set_device_scale (self->frame, scale, scale);
    }
  start = g_get_monotonic_time ();
  fcr = cairo_create (self->frame);
  cairo_set_operator (fcr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (fcr);
  cairo_set_operator (fcr, CAIRO_OPERATOR_OVER);
  ot_render_scene (fcr, self->scene, &self->viewport, &self->options);
  cairo_destroy (fcr);
  self->frame_ms = (g_get_monotonic_time () - start) / 1000.0;

  g_clear_pointer (&self->frame_scene, ot_scene_unref);
  self->frame_scene = ot_scene_ref (self->scene);
  self->frame_vp = self->viewport;
  self->frame_scale = scale;
}

static void
ot_canvas_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  OtCanvas *self = OT_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  cairo_t *cr;

  if (self->scene == NULL || width <= 0 || height <= 0)
    return;
  if (!self->have_viewport)
    ot_canvas_fit_now (self);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->moving && ot_canvas_frame_usable (self, scale))
    {
      ot_canvas_draw_moved_frame (self, cr);
    }
  else
    {
      ot_canvas_render_frame (self, width, height, scale);
      cairo_set_source_surface (cr, self->frame, 0, 0);
      cairo_paint (cr);
    }
  cairo_destroy (cr);
}

static void
ot_canvas_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  OtCanvas *self = OT_CANVAS (widget);

  if (self->hold_view && self->have_viewport)
    {
      /* A pane opened or closed beside the canvas: what is drawn stays put. */
      self->hold_view = FALSE;
      self->viewport.width = width;
      self->viewport.height = height;
    }
  else if (self->fitted || !self->have_viewport)
    {
      ot_canvas_fit_now (self);
    }
  else
    {
      /* Keep the world point at the centre where it was. */
      self->viewport.tx += (width - self->viewport.width) / 2.0;
      self->viewport.ty += (height - self->viewport.height) / 2.0;
      self->viewport.width = width;
      self->viewport.height = height;
    }
}

static void
ot_canvas_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  *minimum = 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 600;
}

/* Input ----------------------------------------------------------------- */

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   OtCanvas        *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!self->drag_moved)
    ot_canvas_click_at (self, x, y);
}

/* Drags: on a vertex in the network view it moves the vertex, anywhere
 * else it pans.  Shared by the drag gesture and ot_canvas_drag(). */
static void
ot_canvas_drag_begin (OtCanvas *self,
                      double    x,
                      double    y)
{
  guint id = 0;

  self->drag_moved = FALSE;
  self->drag_start_x = x;
  self->drag_start_y = y;
  self->drag_last_x = 0;
  self->drag_last_y = 0;
  self->drag_mode = DRAG_PAN;
  if (self->vertices_draggable && ot_canvas_hit (self, x, y, &id) == OT_HIT_NODE)
    {
      self->drag_mode = DRAG_VERTEX;
      self->drag_vertex = id;
    }
}

/* Returns FALSE while the pointer is still within the click threshold. */
static gboolean
ot_canvas_drag_update (OtCanvas *self,
                       double    dx,
                       double    dy)
{
  if (!self->drag_moved && hypot (dx, dy) < DRAG_THRESHOLD)
    return FALSE;
  self->drag_moved = TRUE;

  if (self->drag_mode == DRAG_PAN)
    {
      ot_canvas_pan (self, dx - self->drag_last_x, dy - self->drag_last_y);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }
  else if (self->drag_mode == DRAG_VERTEX)
    {
      double wx, wy;

      ot_viewport_to_world (&self->viewport, self->drag_start_x + dx, self->drag_start_y + dy, &wx, &wy);
      self->drag_world_x = wx;
      self->drag_world_y = wy;
      g_signal_emit (self, signals[VERTEX_DRAGGED], 0, self->drag_vertex, wx, wy);
    }
  self->drag_last_x = dx;
  self->drag_last_y = dy;
  return TRUE;
}

static void
ot_canvas_drag_end (OtCanvas *self)
{
  DragMode mode = self->drag_mode;

  self->drag_mode = DRAG_NONE;
  if (mode == DRAG_VERTEX && self->drag_moved)
    g_signal_emit (self, signals[VERTEX_DROPPED], 0, self->drag_vertex,
                   self->drag_world_x, self->drag_world_y);
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

void
ot_canvas_drag (OtCanvas *self,
                double    x0,
                double    y0,
                double    x1,
                double    y1)
{
  const int steps = 4;

  g_return_if_fail (OT_IS_CANVAS (self));

  ot_canvas_drag_begin (self, x0, y0);
  for (int i = 1; i <= steps; i++)
    ot_canvas_drag_update (self, (x1 - x0) * i / steps, (y1 - y0) * i / steps);
  ot_canvas_drag_end (self);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               OtCanvas       *self)
{
  ot_canvas_drag_begin (self, x, y);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                OtCanvas       *self)
{
  gboolean was_moved = self->drag_moved;

  if (ot_canvas_drag_update (self, dx, dy) && !was_moved)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             OtCanvas       *self)
{
  ot_canvas_drag_end (self);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           OtCanvas                 *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  gboolean smooth = event != NULL &&
                    gdk_scroll_event_get_direction (event) == GDK_SCROLL_SMOOTH &&
                    gdk_event_get_pointer_emulated (event) == FALSE;
  double step = smooth ? SCROLL_PAN_STEP / 4 : SCROLL_PAN_STEP;

  if (state & GDK_CONTROL_MASK)
    ot_canvas_zoom_at (self, pow (ZOOM_STEP, -dy), self->pointer_x, self->pointer_y);
  else
    ot_canvas_pan (self, -dx * step, -dy * step);
  return TRUE;
}

/* The mark under the pointer is outlined; only a change redraws. */
static void
ot_canvas_set_hover (OtCanvas  *self,
                     OtHitKind  kind,
                     guint      id)
{
  /* Outlining means a full frame: not on charts too big to draw at once
   * (the tooltip still says what is under the pointer). */
  if (kind == OT_HIT_AREA || self->frame_ms > HOVER_MAX_FRAME_MS)
    kind = OT_HIT_NONE;
  if (kind == self->options.highlight_kind && (kind == OT_HIT_NONE || id == self->options.highlight_id))
    return;
  self->options.highlight_kind = kind;
  self->options.highlight_id = id;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           OtCanvas                 *self)
{
  guint id = 0;
  OtHitKind kind;

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->drag_mode != DRAG_NONE || self->busy)
    return;
  kind = ot_canvas_hit (self, x, y, &id);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), kind != OT_HIT_NONE ? "pointer" : NULL);
  ot_canvas_set_hover (self, kind, id);
}

static void
on_leave (GtkEventControllerMotion *controller,
          OtCanvas                 *self)
{
  ot_canvas_set_hover (self, OT_HIT_NONE, 0);
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               OtCanvas         *self)
{
  self->zoom_last_scale = 1.0;
}

static void
on_zoom_scale_changed (GtkGestureZoom *gesture,
                       double          scale,
                       OtCanvas       *self)
{
  double cx, cy;

  if (scale <= 0 || self->zoom_last_scale <= 0)
    return;
  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    {
      cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  ot_canvas_zoom_at (self, scale / self->zoom_last_scale, cx, cy);
  self->zoom_last_scale = scale;
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    data)
{
  OtCanvas *self = OT_CANVAS (widget);
  g_autofree char *text = NULL;
  OtHitKind kind;
  guint id = 0;

  if (keyboard)
    {
      kind = self->selected_kind;
      id = self->selected_id;
    }
  else
    kind = ot_canvas_hit (self, x, y, &id);
  if (kind == OT_HIT_NONE || self->chart == NULL || self->busy)
    return FALSE;
  text = ot_chart_describe (self->chart, kind, id);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Actions (keyboard) ---------------------------------------------------- */

static void
zoom_in_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  ot_canvas_zoom (OT_CANVAS (widget), ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  ot_canvas_zoom (OT_CANVAS (widget), 1 / ZOOM_STEP);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  ot_canvas_fit (OT_CANVAS (widget));
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *name,
                        GVariant   *param)
{
  ot_canvas_select (OT_CANVAS (widget), OT_HIT_NONE, 0);
}

static void
pan_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  int dx, dy;

  g_variant_get (param, "(ii)", &dx, &dy);
  ot_canvas_pan (OT_CANVAS (widget), dx * KEY_PAN_STEP, dy * KEY_PAN_STEP);
}

/* Keyboard selection: steps through the vertices by id. */
static void
select_step_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  OtCanvas *self = OT_CANVAS (widget);
  int step = g_variant_get_int32 (param);
  guint n;

  if (self->scene == NULL || (n = ot_scene_get_n_nodes (self->scene)) == 0)
    return;
  if (self->selected_kind != OT_HIT_NODE)
    ot_canvas_select (self, OT_HIT_NODE, step > 0 ? 0 : n - 1);
  else
    ot_canvas_select (self, OT_HIT_NODE, (self->selected_id + n + step) % n);
}

/* Object ---------------------------------------------------------------- */

static void
ot_canvas_dispose (GObject *object)
{
  OtCanvas *self = OT_CANVAS (object);

  g_clear_object (&self->chart);
  g_clear_pointer (&self->scene, ot_scene_unref);
  g_clear_pointer (&self->frame, cairo_surface_destroy);
  g_clear_pointer (&self->frame_scene, ot_scene_unref);
  g_clear_handle_id (&self->settle_source, g_source_remove);

  G_OBJECT_CLASS (ot_canvas_parent_class)->dispose (object);
}

static void
ot_canvas_class_init (OtCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_canvas_dispose;
  widget_class->snapshot = ot_canvas_snapshot;
  widget_class->size_allocate = ot_canvas_size_allocate;
  widget_class->measure = ot_canvas_measure;

  /**
   * OtCanvas::selection-changed:
   * @kind: the OtHitKind selected, OT_HIT_NONE when cleared
   * @id: the mark's id in the scene
   */
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_UINT);

  /**
   * OtCanvas::vertex-dragged:
   * @id: the vertex (node id) being dragged
   * @x: where it is dragged to, world x
   * @y: world y
   *
   * Emitted as a vertex is dragged (see ot_canvas_set_vertices_draggable());
   * the handler moves it in the chart and refreshes the canvas.
   */
  signals[VERTEX_DRAGGED] =
    g_signal_new ("vertex-dragged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  /**
   * OtCanvas::vertex-dropped:
   * @id: the vertex (node id) dragged
   * @x: where it was let go, world x
   * @y: world y
   *
   * Emitted once at the end of a vertex's drag, after the last
   * "vertex-dragged": the owner pins it there (one undoable command).
   */
  signals[VERTEX_DROPPED] =
    g_signal_new ("vertex-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  /**
   * OtCanvas::viewport-changed:
   *
   * The user moved the view (pan, zoom, centring on a mark) or fitted it
   * (ot_canvas_is_fitted()); not emitted when the canvas refits by itself
   * (a new size, a new chart) or follows ot_canvas_set_viewport().
   */
  signals[VIEWPORT_CHANGED] =
    g_signal_new ("viewport-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "canvas.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "canvas.pan", "(ii)", pan_action);
  gtk_widget_class_install_action (widget_class, "canvas.select-step", "i", select_step_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "canvas.clear-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "canvas.pan", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "canvas.pan", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "canvas.pan", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "canvas.pan", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "canvas.select-step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "canvas.select-step", "i", -1);

  gtk_widget_class_set_css_name (widget_class, "otcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ot_canvas_init (OtCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *click, *drag, *zoom;
  GtkEventController *scroll, *motion;

  ot_render_options_init (&self->options);
  ot_viewport_init (&self->viewport, 1, 1);
  self->fitted = TRUE;
  self->selected_kind = OT_HIT_NONE;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (zoom));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, motion);

  ot_canvas_update_accessible (self);
}
