/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-chart.c: dataset + filter + view -> network -> layout -> scene, each
 * step redone only when its inputs changed.  See docs/views.md. */
#include "ot-chart.h"
#include "ot-edge-source.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ot-error.h"
#include "ot-numeric.h"
#include "ot-text.h"
#include "ot-view-private.h"

struct _OtChart
{
  GObject        parent_instance;

  OtDataset     *dataset;
  OtFilter      *filter;
  OtViewKind     view;
  gboolean       countries;
  const OtTheme *theme;
  char          *title;
  guint          top_n;        /* --top N, handed to the views; 0: none */
  OtHitKind      sel_kind;
  guint          sel_id;
  GByteArray    *picked;           /* ot_chart_pick_incidents(), or NULL */
  guint32        width_from;       /* ot_chart_set_width_period(); 0, 0: off */
  guint32        width_to;
  OtFilter      *width_filter;     /* the filter width_kg was found for */
  double         width_kg;         /* heaviest edge over the width period */
  double         width_vertex_kg;  /* heaviest vertex over it */

  OtNetwork     *network;
  guint          network_n_incidents;
  OtViewLayout  *layouts[OT_N_VIEWS];
  guint          layout_seed;      /* ot_chart_relayout () calls */
  guint          generation;       /* counts networks built with ot_network_new */
  guint          summary_generation; /* the summary's source's, at the last build */
  guint          layout_generation[OT_N_VIEWS];
  OtScene       *scene;
  GHashTable    *pins;             /* vertex key -> OtPoint*, or NULL */
  GHashTable    *notes;            /* "kind\x1fkey" -> text, or NULL */
  gboolean       show_notes;
  gboolean       show_trade;       /* ot_chart_set_show_trade () */
  OtTradeLayer  *trade;            /* the statistics under trade_filter, or NULL */
  OtFilter      *trade_filter;
  /* The view's last layout is of an earlier version of the same case:
   * its positions are kept (issue 17, "a stable layout"). */
  gboolean       keep_positions[OT_N_VIEWS];
  gboolean       layout_countries[OT_N_VIEWS];   /* the projection it was made in */

  gboolean       network_stale;    /* dataset or projection changed */
  gboolean       filter_stale;
  gboolean       layout_stale[OT_N_VIEWS];
  gboolean       scene_stale;
};

G_DEFINE_FINAL_TYPE (OtChart, ot_chart, G_TYPE_OBJECT)

static const char * const view_names[OT_N_VIEWS] = { "network", "map", "flow" };

static const OtViewClass *
view_class (OtViewKind view)
{
  switch (view)
    {
    case OT_VIEW_MAP:
      return &ot_view_map_class;
    case OT_VIEW_FLOW:
      return &ot_view_flow_class;
    case OT_VIEW_NETWORK:
    case OT_N_VIEWS:
    default:
      return &ot_view_network_class;
    }
}

OtViewCapabilities
ot_view_kind_get_capabilities (OtViewKind view)
{
  return view_class (view)->capabilities;
}

static gboolean
view_can (OtChart            *self,
          OtViewCapabilities  capability)
{
  return (view_class (self->view)->capabilities & capability) != 0;
}

const char *
ot_view_kind_name (OtViewKind view)
{
  g_return_val_if_fail (view < OT_N_VIEWS, NULL);

  return view_names[view];
}

gboolean
ot_view_kind_parse (const char *text,
                    OtViewKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; text && i < OT_N_VIEWS; i++)
    if (g_ascii_strcasecmp (text, view_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static void
free_layout (OtViewLayout **layout)
{
  if (*layout != NULL)
    {
      (*layout)->klass->free (*layout);
      *layout = NULL;
    }
}

static void
ot_chart_finalize (GObject *object)
{
  OtChart *self = OT_CHART (object);

  g_clear_object (&self->dataset);
  g_clear_pointer (&self->filter, ot_filter_free);
  g_clear_pointer (&self->width_filter, ot_filter_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->picked, g_byte_array_unref);
  g_clear_pointer (&self->network, ot_network_unref);
  for (guint v = 0; v < OT_N_VIEWS; v++)
    free_layout (&self->layouts[v]);
  g_clear_pointer (&self->scene, ot_scene_unref);
  g_clear_pointer (&self->pins, g_hash_table_unref);
  g_clear_pointer (&self->notes, g_hash_table_unref);
  g_clear_pointer (&self->trade, ot_trade_layer_unref);
  g_clear_pointer (&self->trade_filter, ot_filter_free);

  G_OBJECT_CLASS (ot_chart_parent_class)->finalize (object);
}

static void
ot_chart_class_init (OtChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ot_chart_finalize;
}

static void
ot_chart_init (OtChart *self)
{
  self->view = OT_VIEW_NETWORK;
  self->theme = ot_theme_light ();
  self->filter = ot_filter_new ();
  self->sel_kind = OT_HIT_NONE;
  self->network_stale = TRUE;
  self->show_notes = TRUE;
  self->show_trade = TRUE;
}

OtChart *
ot_chart_new (void)
{
  return g_object_new (OT_TYPE_CHART, NULL);
}

static void
mark_layouts_stale (OtChart *self)
{
  for (guint v = 0; v < OT_N_VIEWS; v++)
    self->layout_stale[v] = TRUE;
  self->scene_stale = TRUE;
}

/* ---- inputs ---------------------------------------------------------------- */

void
ot_chart_set_dataset (OtChart   *self,
                      OtDataset *dataset)
{
  gboolean edit;

  g_return_if_fail (OT_IS_CHART (self));
  g_return_if_fail (dataset == NULL || OT_IS_DATASET (dataset));

  if (self->dataset == dataset)
    return;
  /* An edit of the same case (a new version) keeps the picture: its
   * seed, and every place that still exists where it was; new data gets
   * its own default picture. */
  edit = self->dataset != NULL && dataset != NULL && ot_dataset_is_version_of (dataset, self->dataset);
  g_set_object (&self->dataset, dataset);
  for (guint v = 0; v < OT_N_VIEWS; v++)
    self->keep_positions[v] = edit && self->layouts[v] != NULL;
  self->network_stale = TRUE;
  self->sel_kind = OT_HIT_NONE;
  if (!edit)
    self->layout_seed = 0;
  g_clear_pointer (&self->picked, g_byte_array_unref);   /* dataset indices */
  mark_layouts_stale (self);
}

OtDataset *
ot_chart_get_dataset (OtChart *self)
{
  g_return_val_if_fail (OT_IS_CHART (self), NULL);

  return self->dataset;
}

void
ot_chart_set_filter (OtChart        *self,
                     const OtFilter *filter)
{
  g_autoptr(OtFilter) copy = NULL;

  g_return_if_fail (OT_IS_CHART (self));

  copy = filter ? ot_filter_copy (filter) : ot_filter_new ();
  if (ot_filter_equal (copy, self->filter))
    return;
  ot_filter_free (self->filter);
  self->filter = g_steal_pointer (&copy);
  self->filter_stale = TRUE;
  self->sel_kind = OT_HIT_NONE;   /* indices change with the filter */
  mark_layouts_stale (self);
}

const OtFilter *
ot_chart_get_filter (OtChart *self)
{
  g_return_val_if_fail (OT_IS_CHART (self), NULL);

  return self->filter;
}

void
ot_chart_set_view (OtChart    *self,
                   OtViewKind  view)
{
  g_return_if_fail (OT_IS_CHART (self));
  g_return_if_fail (view < OT_N_VIEWS);

  if (self->view == view)
    return;
  self->view = view;
  self->sel_kind = OT_HIT_NONE;   /* ids differ between views */
  self->scene_stale = TRUE;
}

OtViewKind
ot_chart_get_view (OtChart *self)
{
  g_return_val_if_fail (OT_IS_CHART (self), OT_VIEW_NETWORK);

  return self->view;
}

void
ot_chart_set_countries_projection (OtChart  *self,
                                   gboolean  countries)
{
  g_return_if_fail (OT_IS_CHART (self));

  countries = !!countries;
  if (self->countries == countries)
    return;
  self->countries = countries;
  self->network_stale = TRUE;
  self->sel_kind = OT_HIT_NONE;
  for (guint v = 0; v < OT_N_VIEWS; v++)
    self->keep_positions[v] = FALSE;   /* other vertices altogether */
  mark_layouts_stale (self);
}

gboolean
ot_chart_get_countries_projection (OtChart *self)
{
  g_return_val_if_fail (OT_IS_CHART (self), FALSE);

  return self->countries;
}

void
ot_chart_set_theme (OtChart       *self,
                    const OtTheme *theme)
{
  g_return_if_fail (OT_IS_CHART (self));

  if (theme == NULL)
    theme = ot_theme_light ();
  if (self->theme == theme)
    return;
  self->theme = theme;
  self->scene_stale = TRUE;
}

void
ot_chart_set_width_period (OtChart *self,
                           guint32  from_day,
                           guint32  to_day)
{
  g_return_if_fail (OT_IS_CHART (self));

  if (self->width_from == from_day && self->width_to == to_day)
    return;
  self->width_from = from_day;
  self->width_to = to_day;
  g_clear_pointer (&self->width_filter, ot_filter_free);
  self->scene_stale = TRUE;
}

double
ot_chart_get_width_reference (OtChart *self)
{
  g_return_val_if_fail (OT_IS_CHART (self), 0);

  if (self->width_filter == NULL)
    return self->network ? ot_view_max_edge_kg (self->network) : 0;
  return self->width_kg;
}

/* With a width period (play), the heaviest edge and vertex of the network
 * over that whole period, the current filter's period aside: the scales of
 * every frame's widths and node sizes, so they compare from frame to frame.  Found once per
 * filter (apart from its period), dataset and projection. */
static void
update_width_reference (OtChart   *self,
                        OtNetwork *network)
{
  g_autoptr(OtFilter) whole = NULL;
  g_autoptr(OtNetwork) whole_network = NULL;

  if (self->width_from == 0 && self->width_to == 0)
    {
      g_clear_pointer (&self->width_filter, ot_filter_free);
      return;
    }
  whole = self->filter ? ot_filter_copy (self->filter) : ot_filter_new ();
  ot_filter_set_period (whole, self->width_from, self->width_to);
  if (self->width_filter != NULL && !self->network_stale &&
      ot_filter_equal (whole, self->width_filter))
    return;
  whole_network = ot_network_refilter (network, whole);
  self->width_kg = ot_view_max_edge_kg (whole_network);
  self->width_vertex_kg = ot_view_max_vertex_kg (whole_network);
  g_clear_pointer (&self->width_filter, ot_filter_free);
  self->width_filter = g_steal_pointer (&whole);
}

void
ot_chart_set_title (OtChart    *self,
                    const char *title)
{
  g_return_if_fail (OT_IS_CHART (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  self->scene_stale = TRUE;
}

void
ot_chart_set_top_n (OtChart *self,
                    guint    top_n)
{
  g_return_if_fail (OT_IS_CHART (self));

  if (self->top_n == top_n)
    return;
  self->top_n = top_n;
  self->scene_stale = TRUE;
}

OtNetwork *
ot_chart_get_network (OtChart *self)
{
  g_return_val_if_fail (OT_IS_CHART (self), NULL);

  return self->network ? ot_network_ref (self->network) : NULL;
}

/* ---- caption --------------------------------------------------------------- */

static char *
format_kg (double kg)
{
  if (!(kg > 0))
    return g_strdup (_("quantity not given"));
  if (kg >= 1000)
    return g_strdup_printf (_("%.*f t"), kg >= 100000 ? 0 : 1, kg / 1000);
  return g_strdup_printf (_("%.*f kg"), kg >= 10 ? 0 : 1, kg);
}

static char *
format_day (guint32 day)
{
  g_autoptr(GDate) date = g_date_new_julian (day);
  char buf[32];

  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  return g_strdup (buf);
}

/* The period: the filter's, else the span of the included dates. */
static char *
caption_period (OtChart   *self,
                OtNetwork *network)
{
  guint32 from = 0, to = 0;
  int y0, y1;
  GDate first, last;

  ot_filter_get_period (self->filter, &from, &to);
  if (from != 0 || to != 0)
    {
      g_autofree char *a = from ? format_day (from) : g_strdup ("…");
      g_autofree char *b = to ? format_day (to) : g_strdup ("…");

      return g_strdup_printf ("%s – %s", a, b);
    }
  /* The years of the included incidents' dates, from the network's span
   * (a pass over a million incidents was 20 ms of the first chart). */
  if (!ot_network_get_day_span (network, &from, &to))
    return g_strdup (_("no dated incidents"));
  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_julian (&first, from);
  g_date_set_julian (&last, to);
  y0 = g_date_get_year (&first);
  y1 = g_date_get_year (&last);
  if (y0 == y1)
    return g_strdup_printf ("%d", y0);
  return g_strdup_printf ("%d – %d", y0, y1);
}

/* The incidents the chart stands for: the dataset's, or those a
 * summary's source holds (ot_dataset_set_summary ()). */
static guint
n_incidents_all (OtChart *self)
{
  return ot_dataset_get_n_incidents (self->dataset) + ot_dataset_get_n_summarised (self->dataset, NULL);
}

/* "0 of 47 incidents" */
static char *
caption_count (OtChart   *self,
               OtNetwork *network)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u incident",
                                       "%'u of %'u incidents",
                                       n_incidents_all (self)),
                          ot_network_get_n_included (network),
                          n_incidents_all (self));
}

/* Trade statistics shown, and no incident to draw beside them. */
static gboolean
trade_only (OtChart *self)
{
  return self->show_trade && n_incidents_all (self) == 0 &&
         ot_dataset_get_trade (self->dataset) != NULL;
}

/* The subtitle of an empty match says so, and what the filter is:
 * "No incident matches the filter: No mineral · 0 of 47 incidents". */
static char *
caption_empty (OtChart   *self,
               OtNetwork *network)
{
  g_autofree char *filter = ot_filter_describe (self->filter);
  g_autofree char *count = caption_count (self, network);

  /* Trade statistics alone (issue 18): the layer is the chart, under the
   * filter's minerals, period and countries. */
  if (trade_only (self) && filter != NULL)
    /* TRANSLATORS: the chart's subtitle with trade statistics and no
     * incidents; %s: the filter ("Gallium · 2024-01-01 – 2024-12-31") */
    return g_strdup_printf (_("Trade statistics alone, no incidents loaded: %s"), filter);
  if (trade_only (self))
    return g_strdup (_("Trade statistics alone, no incidents loaded"));
  if (n_incidents_all (self) == 0)
    return g_strdup (_("No incidents loaded"));
  if (filter == NULL)
    return g_strdup_printf ("%s · %s", _("No incident matches the filter"), count);
  /* TRANSLATORS: the chart's subtitle when nothing passes the filter;
   * the first %s is the filter ("No mineral · Seized"), the second
   * "0 of 47 incidents". */
  return g_strdup_printf (_("No incident matches the filter: %s · %s"), filter, count);
}

/* Joins the non-empty parts with " · ": never a doubled separator. */
static char *
join_parts (GPtrArray *parts)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < parts->len; i++)
    {
      const char *part = g_ptr_array_index (parts, i);

      if (part == NULL || *part == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, " · ");
      g_string_append (out, part);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
caption_subtitle (OtChart   *self,
                  OtNetwork *network)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) minerals = g_string_new (NULL);
  g_autoptr(GString) statuses = g_string_new (NULL);
  guint n_status = 0;
  char *extra;

  if (ot_network_get_n_included (network) == 0)
    return caption_empty (self, network);
  g_ptr_array_add (parts, caption_period (self, network));
  if (ot_filter_has_minerals (self->filter))
    {
      for (guint m = 0; m < ot_mineral_count (); m++)
        if (ot_filter_includes_mineral (self->filter, m))
          g_string_append_printf (minerals, "%s%s", minerals->len ? ", " : "",
                                  ot_mineral_label (m));
      /* Only "mineral not given" (or nothing): the filter's own words. */
      if (minerals->len == 0)
        g_ptr_array_add (parts, ot_filter_describe_parts (self->filter,
                                                          OT_FILTER_PART_BIT (OT_FILTER_MINERALS)));
      else
        g_ptr_array_add (parts, g_string_free (g_steal_pointer (&minerals), FALSE));
    }
  else
    g_ptr_array_add (parts, g_strdup (_("all minerals")));
  for (guint s = 0; s < OT_N_STATUS; s++)
    if (ot_filter_includes_status (self->filter, s))
      {
        g_string_append_printf (statuses, "%s%s", statuses->len ? ", " : "",
                                ot_status_label (s));
        n_status++;
      }
  g_ptr_array_add (parts, n_status == OT_N_STATUS ? g_strdup (_("all statuses"))
                                                  : g_string_free (g_steal_pointer (&statuses), FALSE));
  if (ot_filter_get_min_kg (self->filter) > 0)
    {
      g_autofree char *kg = format_kg (ot_filter_get_min_kg (self->filter));

      g_ptr_array_add (parts, g_strdup_printf (_("at least %s"), kg));
    }
  /* The parts spelled out above are left out (ot-filter.h). */
  extra = ot_filter_describe_parts (self->filter,
                                    OT_FILTER_PART_BIT (OT_FILTER_CONFIDENCE) |
                                    OT_FILTER_PART_BIT (OT_FILTER_RELIABILITY) |
                                    OT_FILTER_PART_BIT (OT_FILTER_CREDIBILITY) |
                                    OT_FILTER_PART_BIT (OT_FILTER_ILLUSTRATIVE) |
                                    OT_FILTER_PART_BIT (OT_FILTER_METHODS) |
                                    OT_FILTER_PART_BIT (OT_FILTER_DECLARED_AS) |
                                    OT_FILTER_PART_BIT (OT_FILTER_COUNTRIES) |
                                    OT_FILTER_PART_BIT (OT_FILTER_COMPANIES));
  if (extra != NULL)
    g_ptr_array_add (parts, extra);
  g_ptr_array_add (parts, caption_count (self, network));
  if (view_can (self, OT_VIEW_CAP_PROJECTION))
    g_ptr_array_add (parts, g_strdup (self->countries ? _("countries") : _("countries, ports and companies")));
  return join_parts (parts);
}

static char *caption_source_incidents (OtChart   *self,
                                       OtNetwork *network);

/* The source line; with trade statistics, a second line names their
 * files and period (issue 18). */
static char *
caption_source (OtChart      *self,
                OtNetwork    *network,
                OtTradeLayer *trade)
{
  g_autofree char *incidents = caption_source_incidents (self, network);
  g_autofree char *statistics = ot_view_trade_source (trade);

  if (statistics == NULL)
    return g_steal_pointer (&incidents);
  /* Without incidents the statistics are the only source. */
  if (n_incidents_all (self) == 0)
    return g_steal_pointer (&statistics);
  return g_strconcat (incidents, "\n", statistics, NULL);
}

static char *
caption_source_incidents (OtChart   *self,
                          OtNetwork *network)
{
  const char * const *files = ot_dataset_get_files (self->dataset);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *line = NULL;
  g_autofree char *note = NULL;
  guint n = 0, n_files = 0, n_illustrative;

  while (files && files[n_files])
    n_files++;
  for (n = 0; n < n_files && n < 3; n++)
    {
      g_autofree char *base = g_path_get_basename (files[n]);
      /* A file name is not cleaned as names are: an override in it must
       * stay inside it. */
      g_autofree char *isolated = ot_text_isolate (base);

      g_string_append_printf (names, "%s%s", n ? ", " : "", isolated);
    }
  if (n_files > 3)
    g_string_append_printf (names, _(" and %u more"), n_files - 3);
  if (ot_network_is_summarised (network) && n_files > 0)
    {
      /* The store's name whole (user@host/database), not a file's base. */
      g_autofree char *isolated = ot_text_isolate (files[0]);

      g_string_assign (names, isolated);
    }
  if (ot_network_is_summarised (network) && n_files > 0)
    /* TRANSLATORS: a team store opened as a summary (docs/team-store.md);
     * "Source: 10,000,000 incidents in the team store alice@db/smuggling,
     * summed by its server" */
    line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Source: %'u incident in the team store %s, summed by its server",
                                         "Source: %'u incidents in the team store %s, summed by its server",
                                         n_incidents_all (self)),
                            n_incidents_all (self), names->str);
  else if (n_files == 0)
    line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Source: %'u incident",
                                         "Source: %'u incidents",
                                         n_incidents_all (self)),
                            n_incidents_all (self));
  else
    /* TRANSLATORS: "Source: 47 incidents from incidents.csv" */
    line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Source: %'u incident from %s",
                                         "Source: %'u incidents from %s",
                                         ot_dataset_get_n_incidents (self->dataset)),
                            ot_dataset_get_n_incidents (self->dataset), names->str);
  /* Counted once, when the network's paths were worked out. */
  n_illustrative = ot_network_get_n_illustrative_all (network);
  if (n_illustrative == 0)
    return g_steal_pointer (&line);
  /* Generated or illustrative records say so on every chart they are in. */
  /* TRANSLATORS: appended to the source line, e.g. "… · 1,000 of them
   * illustrative or generated, not real events" */
  note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%'u of them illustrative or generated, not a real event",
                                       "%'u of them illustrative or generated, not real events",
                                       n_illustrative),
                          n_illustrative);
  return g_strconcat (line, " · ", note, NULL);
}

/* ---- update ---------------------------------------------------------------- */

static OtViewInput
make_input (OtChart    *self,
            OtNetwork  *network,
            const char *subtitle,
            const char *source)
{
  OtViewInput input = { 0 };

  input.network = network;
  input.theme = self->theme;
  input.title = self->title ? self->title
                : trade_only (self) ? _("Trade in export-controlled minerals")
                : _("Smuggling of export-controlled minerals");
  input.subtitle = subtitle;
  input.source = source;
  /* An empty match says so in the plot, not only in the subtitle. */
  if (ot_network_get_n_included (network) == 0)
    input.empty_message = n_incidents_all (self) == 0
                          ? _("No incidents loaded") : _("No incident matches the filter");
  /* A summary holds legs, not the routes some views follow. */
  if (ot_network_is_summarised (network) && !view_can (self, OT_VIEW_CAP_FROM_LEGS))
    input.empty_message = _("A summary holds legs, not routes: the network and the map show them");
  input.sel_kind = self->sel_kind;
  input.sel_id = self->sel_id;
  input.layout_seed = self->layout_seed;
  input.pins = self->pins;
  input.notes = self->show_notes ? self->notes : NULL;
  input.keep_positions = self->keep_positions[self->view] &&
                         self->layout_countries[self->view] == self->countries;
  if (self->picked != NULL)
    {
      input.sel_incidents = self->picked->data;
      input.n_sel_incidents = self->picked->len;
    }
  input.top_n = self->top_n;
  input.max_edge_kg = ot_view_max_edge_kg (network);
  if (self->width_filter != NULL)
    input.max_edge_kg = MAX (input.max_edge_kg, self->width_kg);
  input.max_vertex_kg = ot_view_max_vertex_kg (network);
  if (self->width_filter != NULL)
    input.max_vertex_kg = MAX (input.max_vertex_kg, self->width_vertex_kg);
  /* Crowded drawings get smaller nodes, so labels find room. */
  input.node_scale = view_class (self->view)->node_scale *
                     CLAMP (sqrt (150.0 / MAX (ot_network_get_n_vertices (network), 1)), 0.45, 1.0);
  return input;
}

static gboolean
cancelled (GCancellable  *cancellable,
           GError       **error)
{
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

gboolean
ot_chart_update (OtChart       *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(OtNetwork) network = NULL;
  GObject *summary;
  g_autofree char *subtitle = NULL;
  g_autofree char *source = NULL;
  g_autoptr(OtTradeLayer) trade = NULL;
  OtTradeTable *table;
  OtProjection projection;
  OtViewLayout *layout = NULL;
  gboolean new_layout = FALSE, trade_changed;
  OtViewInput input;
  OtScene *scene;

  g_return_val_if_fail (OT_IS_CHART (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->dataset == NULL)
    {
      g_set_error_literal (error, OT_ERROR, OT_ERROR_INVALID, _("The chart has no data"));
      return FALSE;
    }
  projection = self->countries ? OT_PROJECTION_COUNTRIES : OT_PROJECTION_ENTITIES;
  /* A grown dataset needs new paths as well. */
  if (self->network != NULL &&
      self->network_n_incidents != ot_dataset_get_n_incidents (self->dataset))
    self->network_stale = TRUE;

  /* 1. The network: built for a new dataset or projection, refiltered
   * for a new filter; a summary's asks its source for each filter. */
  if ((summary = ot_dataset_get_summary (self->dataset, NULL)) != NULL)
    {
      guint generation = ot_edge_source_get_generation (OT_EDGE_SOURCE (summary));

      /* The source's incidents changed (another analyst's edit): asked
       * again as for a new filter, so nothing that stays moves. */
      if (generation != self->summary_generation)
        self->filter_stale = TRUE;
      self->summary_generation = generation;
      if (self->network == NULL || self->network_stale || self->filter_stale)
        network = ot_network_new_summarised (self->dataset, self->filter, cancellable, error);
      else
        network = ot_network_ref (self->network);
      if (network == NULL)
        return FALSE;
    }
  else if (self->network == NULL || self->network_stale)
    network = ot_network_new (self->dataset, self->filter, projection);
  else if (self->filter_stale)
    network = ot_network_refilter (self->network, self->filter);
  else
    network = ot_network_ref (self->network);
  if (cancelled (cancellable, error))
    return FALSE;
  update_width_reference (self, network);

  /* 1b. Trade statistics under the filter's minerals, period and
   * countries (issue 18), summed again only when those change. */
  table = self->show_trade ? ot_dataset_get_trade (self->dataset) : NULL;
  if (table != NULL && self->trade != NULL && ot_trade_layer_get_table (self->trade) == table &&
      ot_trade_layer_same_filter (self->trade_filter, self->filter))
    trade = ot_trade_layer_ref (self->trade);
  else if (table != NULL && (trade = ot_trade_layer_new (table, self->filter, cancellable)) == NULL)
    {
      cancelled (cancellable, error);
      return FALSE;
    }
  trade_changed = trade != self->trade;

  /* 2. The layout of the current view. */
  /* The map's fit holds the heaviest trade flows' countries. */
  if (self->layouts[self->view] == NULL || self->layout_stale[self->view] ||
      network != self->network || (trade_changed && self->view == OT_VIEW_MAP))
    {
      /* Within one dataset and projection a view may reuse what it
       * laid out before (the network view: the positions of the whole
       * data). */
      OtViewLayout *previous = self->layouts[self->view];

      input = make_input (self, network, NULL, NULL);
      input.trade = trade;
      input.same_base = previous != NULL && !self->network_stale &&
                        self->layout_generation[self->view] == self->generation;
      layout = view_class (self->view)->layout (&input, previous, cancellable, error);
      if (layout == NULL)
        return FALSE;
      new_layout = TRUE;
    }
  else
    layout = self->layouts[self->view];

  /* 3. The scene. */
  subtitle = caption_subtitle (self, network);
  source = caption_source (self, network, trade);
  input = make_input (self, network, subtitle, source);
  input.trade = trade;
  scene = view_class (self->view)->scene (layout, &input);
  if (cancelled (cancellable, error))
    {
      ot_scene_unref (scene);
      if (new_layout)
        layout->klass->free (layout);
      return FALSE;
    }

  /* Commit: everything succeeded. */
  if (network != self->network)
    {
      if (self->network_stale)
        self->generation++;
      g_clear_pointer (&self->network, ot_network_unref);
      self->network = g_steal_pointer (&network);
      self->network_n_incidents = ot_dataset_get_n_incidents (self->dataset);
      /* Every layout is stale now; each is kept as the start of its next. */
      for (guint v = 0; v < OT_N_VIEWS; v++)
        self->layout_stale[v] = TRUE;
    }
  if (new_layout)
    {
      free_layout (&self->layouts[self->view]);
      self->layouts[self->view] = layout;
      self->layout_generation[self->view] = self->generation;
      self->layout_countries[self->view] = self->countries;
      self->keep_positions[self->view] = FALSE;
    }
  self->layout_stale[self->view] = FALSE;
  if (trade_changed)
    {
      g_clear_pointer (&self->trade, ot_trade_layer_unref);
      self->trade = trade ? ot_trade_layer_ref (trade) : NULL;
      g_clear_pointer (&self->trade_filter, ot_filter_free);
      self->trade_filter = ot_filter_copy (self->filter);
      if (self->view != OT_VIEW_MAP)
        self->layout_stale[OT_VIEW_MAP] = TRUE;
    }
  self->network_stale = self->filter_stale = FALSE;
  g_clear_pointer (&self->scene, ot_scene_unref);
  self->scene = scene;
  self->scene_stale = FALSE;
  return TRUE;
}

OtScene *
ot_chart_get_scene (OtChart *self)
{
  g_return_val_if_fail (OT_IS_CHART (self), NULL);

  return self->scene ? ot_scene_ref (self->scene) : NULL;
}

/* ---- marks ---------------------------------------------------------------- */

void
ot_chart_select (OtChart   *self,
                 OtHitKind  kind,
                 guint      id)
{
  g_return_if_fail (OT_IS_CHART (self));

  if (kind == OT_HIT_NONE)
    id = 0;
  if (kind != OT_HIT_NONE && self->picked != NULL)
    {
      g_clear_pointer (&self->picked, g_byte_array_unref);
      self->scene_stale = TRUE;
    }
  if (self->sel_kind == kind && self->sel_id == id)
    return;
  self->sel_kind = kind;
  self->sel_id = id;
  self->scene_stale = TRUE;
}

void
ot_chart_pick_incidents (OtChart     *self,
                         const guint *incidents,
                         guint        n_incidents)
{
  guint n;

  g_return_if_fail (OT_IS_CHART (self));
  g_return_if_fail (incidents != NULL || n_incidents == 0);

  g_clear_pointer (&self->picked, g_byte_array_unref);
  self->scene_stale = TRUE;
  if (n_incidents == 0 || self->dataset == NULL)
    return;

  n = ot_dataset_get_n_incidents (self->dataset);
  self->picked = g_byte_array_sized_new (n);
  g_byte_array_set_size (self->picked, n);
  memset (self->picked->data, 0, n);
  for (guint k = 0; k < n_incidents; k++)
    if (incidents[k] < n)
      self->picked->data[incidents[k]] = 1;
  /* Picking replaces a clicked selection. */
  self->sel_kind = OT_HIT_NONE;
  self->sel_id = 0;
}

gboolean
ot_chart_is_picked (OtChart *self,
                    guint    incident)
{
  g_return_val_if_fail (OT_IS_CHART (self), FALSE);

  return self->picked != NULL && incident < self->picked->len && self->picked->data[incident];
}

gboolean
ot_chart_get_selection (OtChart   *self,
                        OtHitKind *kind,
                        guint     *id)
{
  g_return_val_if_fail (OT_IS_CHART (self), FALSE);

  if (kind)
    *kind = self->sel_kind;
  if (id)
    *id = self->sel_id;
  return self->sel_kind != OT_HIT_NONE;
}

/* The layout mark behind (@kind, @id) for marks the layout owns. */
static const OtViewMark *
layout_mark (OtChart   *self,
             OtHitKind  kind,
             guint      id)
{
  OtViewLayout *layout = self->layouts[self->view];
  GArray *marks = NULL;

  if (layout == NULL)
    return NULL;
  if (kind == OT_HIT_MARKER)
    marks = layout->marks;
  else if (kind == OT_HIT_NODE && !view_can (self, OT_VIEW_CAP_NETWORK_MARKS))
    marks = layout->nodes;
  else if (kind == OT_HIT_BAND)
    marks = layout->bands;
  else if (kind == OT_HIT_EDGE && self->network != NULL &&
           id >= ot_network_get_n_edges (self->network))
    {
      /* A flow merging several pairs of places: ids after the edges'. */
      marks = layout->flows;
      id -= ot_network_get_n_edges (self->network);
    }
  if (marks == NULL || id >= marks->len)
    return NULL;
  return &g_array_index (marks, OtViewMark, id);
}

/* Merges the ascending @list into the ascending @out (no value is in
 * both: an incident has one mineral, so one edge of a pair). */
static void
merge_ascending (GArray      *out,
                 const guint *list,
                 guint        n)
{
  guint i = out->len, j = n;
  guint *o;

  g_array_set_size (out, out->len + n);
  o = (guint *) (void *) out->data;
  while (j > 0)
    if (i > 0 && o[i - 1] > list[j - 1])
      {
        o[i + j - 1] = o[i - 1];
        i--;
      }
    else
      {
        o[i + j - 1] = list[j - 1];
        j--;
      }
}

GArray *
ot_chart_get_incidents_for (OtChart   *self,
                            OtHitKind  kind,
                            guint      id)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));
  const OtViewMark *mark;
  const guint *list = NULL;
  guint n = 0;

  g_return_val_if_fail (OT_IS_CHART (self), out);

  if (self->network == NULL)
    return out;
  mark = layout_mark (self, kind, id);
  if (mark != NULL)
    {
      if (mark->incidents)
        g_array_append_vals (out, mark->incidents->data, mark->incidents->len);
      return out;
    }
  if (kind == OT_HIT_NODE && view_can (self, OT_VIEW_CAP_NETWORK_MARKS) &&
      id < ot_network_get_n_vertices (self->network))
    list = ot_network_get_vertex_incidents (self->network, id, &n);
  else if (kind == OT_HIT_EDGE && id < ot_network_get_n_edges (self->network))
    {
      guint first, n_edges;

      /* An edge stands for its flow: every mineral between its places. */
      ot_view_edge_pair (self->network, id, &first, &n_edges);
      for (guint k = first; k < first + n_edges; k++)
        {
          list = ot_network_get_edge_incidents (self->network, k, &n);
          merge_ascending (out, list, n);
        }
      return out;
    }
  if (list)
    g_array_append_vals (out, list, n);
  return out;
}

/* kg over some incidents. */
static double
sum_kg (OtChart *self,
        GArray  *incidents)
{
  double kg = 0;

  for (guint k = 0; k < incidents->len; k++)
    {
      const OtIncident *incident = ot_dataset_get_incident (self->dataset,
                                                            g_array_index (incidents, guint, k));

      if (ot_incident_has_quantity (incident))
        kg = ot_kg_add (kg, incident->quantity_kg);
    }
  return kg;
}

/* A summary's mark, from its network's sums (docs/team-store.md,
 * "Summary mode"): a place's incidents and the larger of its kg in and
 * out, a flow's (every mineral of the pair) incidents and kg. */
static double
summary_counts (OtChart   *self,
                OtHitKind  kind,
                guint      id,
                guint     *n)
{
  double kg = 0;

  *n = 0;
  if (kind == OT_HIT_NODE && id < ot_network_get_n_vertices (self->network))
    {
      const OtVertex *v = ot_network_get_vertex (self->network, id);

      *n = v->n_incidents;
      kg = MAX (v->kg_in, v->kg_out);
    }
  else if (kind == OT_HIT_EDGE && id < ot_network_get_n_edges (self->network))
    {
      guint first, n_edges;

      ot_view_edge_pair (self->network, id, &first, &n_edges);
      for (guint e = first; e < first + n_edges; e++)
        {
          const OtEdge *edge = ot_network_get_edge (self->network, e);

          *n += edge->n_incidents;
          kg = ot_kg_add (kg, edge->kg);
        }
    }
  return kg;
}

char *
ot_chart_describe (OtChart   *self,
                   OtHitKind  kind,
                   guint      id)
{
  g_autoptr(GArray) incidents = NULL;
  g_autofree char *what = NULL;
  g_autofree char *kg = NULL;
  const OtViewMark *mark;

  g_return_val_if_fail (OT_IS_CHART (self), NULL);

  if (self->network == NULL || kind == OT_HIT_NONE || kind == OT_HIT_AREA)
    return NULL;
  if (OT_CHART_IS_TRADE_ID (id) && view_can (self, OT_VIEW_CAP_NETWORK_MARKS))
    return ot_view_trade_describe (self->trade, kind, id);
  incidents = ot_chart_get_incidents_for (self, kind, id);
  mark = layout_mark (self, kind, id);
  if (mark != NULL)
    what = g_strdup (mark->label ? mark->label : "");
  else if (kind == OT_HIT_NODE && id < ot_network_get_n_vertices (self->network))
    {
      const OtVertex *v = ot_network_get_vertex (self->network, id);
      g_autofree char *name = ot_text_isolate (ot_view_vertex_label (v));

      what = g_strdup_printf ("%s · %s", name, ot_view_role_label (ot_view_vertex_role (v)));
    }
  else if (kind == OT_HIT_EDGE && id < ot_network_get_n_edges (self->network))
    {
      const OtEdge *e = ot_network_get_edge (self->network, id);
      guint first, n_edges;
      g_autofree char *minerals = NULL;
      /* Isolated: two right-to-left names would otherwise swap places
       * around the arrow, and the flow would read backwards. */
      g_autofree char *from = ot_text_isolate (ot_view_vertex_label (ot_network_get_vertex (self->network, e->from)));
      g_autofree char *to = ot_text_isolate (ot_view_vertex_label (ot_network_get_vertex (self->network, e->to)));

      ot_view_edge_pair (self->network, id, &first, &n_edges);
      if (n_edges > 1)
        minerals = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mineral", "%u minerals", n_edges),
                                    n_edges);
      else
        minerals = g_strdup (e->mineral == OT_MINERAL_NONE ? _("mineral not given")
                                                           : ot_mineral_label (e->mineral));
      what = g_strdup_printf ("%s → %s · %s", from, to, minerals);
    }
  else
    return NULL;
  if (ot_network_is_summarised (self->network) && mark == NULL)
    {
      /* No incident is held: the network's sums. */
      guint n = 0;
      double sum = summary_counts (self, kind, id, &n);

      kg = format_kg (sum);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %'u incident · %s",
                                           "%s · %'u incidents · %s", n),
                              what, n, kg);
    }
  kg = format_kg (sum_kg (self, incidents));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %'u incident · %s",
                                       "%s · %'u incidents · %s",
                                       incidents->len),
                          what, incidents->len, kg);
}

void
ot_chart_move_vertex (OtChart *self,
                      guint    id,
                      double   x,
                      double   y)
{
  OtPoint *p;

  g_return_if_fail (OT_IS_CHART (self));

  if (!view_can (self, OT_VIEW_CAP_FREE_LAYOUT) || self->layouts[self->view] == NULL ||
      self->network == NULL || id >= ot_network_get_n_vertices (self->network) ||
      !isfinite (x) || !isfinite (y))
    return;
  /* Over the computed layout, like a pin, until the document's pins
   * come (ot_chart_set_pins ()): undoing the drag then puts it back. */
  if (self->pins == NULL)
    self->pins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p = g_new (OtPoint, 1);
  *p = (OtPoint) { x, y };
  g_hash_table_insert (self->pins, g_strdup (ot_network_get_vertex (self->network, id)->key), p);
  self->scene_stale = TRUE;
}

/* Whether two tables of vertex key -> OtPoint* hold the same pins. */
static gboolean
same_pins (GHashTable *a,
           GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if ((a ? g_hash_table_size (a) : 0) != (b ? g_hash_table_size (b) : 0))
    return FALSE;
  if (a == NULL || b == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const OtPoint *p = value, *q = g_hash_table_lookup (b, key);

      if (q == NULL || p->x != q->x || p->y != q->y)
        return FALSE;
    }
  return TRUE;
}

void
ot_chart_set_pins (OtChart    *self,
                   GHashTable *pins)
{
  g_autoptr(GHashTable) copy = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (OT_IS_CHART (self));

  if (pins != NULL && g_hash_table_size (pins) > 0)
    {
      copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, pins);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const double *xy = value;
          OtPoint *p;

          if (!isfinite (xy[0]) || !isfinite (xy[1]))
            continue;
          p = g_new (OtPoint, 1);
          *p = (OtPoint) { xy[0], xy[1] };
          g_hash_table_insert (copy, g_strdup (key), p);
        }
    }
  if (same_pins (copy, self->pins))
    return;
  g_clear_pointer (&self->pins, g_hash_table_unref);
  self->pins = g_steal_pointer (&copy);
  self->scene_stale = TRUE;
}

void
ot_chart_set_notes (OtChart    *self,
                    GHashTable *notes)
{
  GHashTable *copy = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean same;

  g_return_if_fail (OT_IS_CHART (self));

  if (notes != NULL && g_hash_table_size (notes) > 0)
    {
      copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, notes);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (value != NULL && *(const char *) value != '\0')
          g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
    }
  same = (copy ? g_hash_table_size (copy) : 0) == (self->notes ? g_hash_table_size (self->notes) : 0);
  if (same && copy != NULL)
    {
      g_hash_table_iter_init (&iter, copy);
      while (same && g_hash_table_iter_next (&iter, &key, &value))
        same = g_strcmp0 (value, g_hash_table_lookup (self->notes, key)) == 0;
    }
  if (same)
    {
      g_clear_pointer (&copy, g_hash_table_unref);
      return;
    }
  g_clear_pointer (&self->notes, g_hash_table_unref);
  self->notes = copy;
  self->scene_stale = TRUE;
}

void
ot_chart_set_show_notes (OtChart  *self,
                         gboolean  show)
{
  g_return_if_fail (OT_IS_CHART (self));

  if (self->show_notes == !!show)
    return;
  self->show_notes = !!show;
  self->scene_stale = TRUE;
}

void
ot_chart_relayout (OtChart *self)
{
  g_return_if_fail (OT_IS_CHART (self));

  self->layout_seed++;
  for (OtViewKind view = 0; view < OT_N_VIEWS; view++)
    if (ot_view_kind_get_capabilities (view) & OT_VIEW_CAP_FREE_LAYOUT)
      {
        self->layout_stale[view] = TRUE;
        self->keep_positions[view] = FALSE;
      }
  if (view_can (self, OT_VIEW_CAP_FREE_LAYOUT))
    self->scene_stale = TRUE;
}

void
ot_chart_set_show_trade (OtChart  *self,
                         gboolean  show)
{
  g_return_if_fail (OT_IS_CHART (self));

  if (self->show_trade == !!show)
    return;
  self->show_trade = !!show;
  self->sel_kind = OT_HIT_NONE;   /* a statistical flow may be gone */
  self->scene_stale = TRUE;
}

gboolean
ot_chart_get_show_trade (OtChart *self)
{
  g_return_val_if_fail (OT_IS_CHART (self), FALSE);

  return self->show_trade;
}

OtTradeLayer *
ot_chart_get_trade_layer (OtChart *self)
{
  g_return_val_if_fail (OT_IS_CHART (self), NULL);

  return self->trade ? ot_trade_layer_ref (self->trade) : NULL;
}

gboolean
ot_chart_is_stale (OtChart *self)
{
  g_return_val_if_fail (OT_IS_CHART (self), TRUE);

  return self->scene == NULL || self->scene_stale || self->network_stale ||
         self->filter_stale || self->layout_stale[self->view];
}

gboolean
ot_chart_get_node_position (OtChart *self,
                            guint    id,
                            double  *x,
                            double  *y)
{
  OtViewLayout *layout;
  const OtPoint *pin;
  OtPoint p;

  g_return_val_if_fail (OT_IS_CHART (self), FALSE);

  layout = self->layouts[self->view];
  if (layout == NULL || self->network == NULL)
    return FALSE;
  if (self->pins != NULL && view_can (self, OT_VIEW_CAP_FREE_LAYOUT) &&
      id < ot_network_get_n_vertices (self->network) &&
      (pin = g_hash_table_lookup (self->pins, ot_network_get_vertex (self->network, id)->key)) != NULL)
    p = *pin;
  else if (!layout->klass->node_position (layout, self->network, id, &p))
    return FALSE;
  if (x)
    *x = p.x;
  if (y)
    *y = p.y;
  return TRUE;
}

gboolean
ot_chart_get_edge_midpoint (OtChart *self,
                            guint    id,
                            double  *x,
                            double  *y)
{
  OtViewLayout *layout;
  const OtEdge *edge;
  g_autofree double *bends = NULL;
  OtPoint a, b, p[4];

  g_return_val_if_fail (OT_IS_CHART (self), FALSE);

  layout = self->layouts[self->view];
  if (layout == NULL || self->network == NULL || !view_can (self, OT_VIEW_CAP_NETWORK_MARKS) ||
      id >= ot_network_get_n_edges (self->network))
    return FALSE;
  edge = ot_network_get_edge (self->network, id);
  if (!ot_chart_get_node_position (self, edge->from, &a.x, &a.y) ||
      !ot_chart_get_node_position (self, edge->to, &b.x, &b.y))
    return FALSE;
  bends = ot_view_edge_bends (self->network, layout->klass->bend_base, layout->klass->bend_step);
  ot_view_arc (a, b, bends[id], p);
  if (x)
    *x = (p[0].x + 3 * p[1].x + 3 * p[2].x + p[3].x) / 8;
  if (y)
    *y = (p[0].y + 3 * p[1].y + 3 * p[2].y + p[3].y) / 8;
  return TRUE;
}

G_DEFINE_ENUM_TYPE (OtViewKind, ot_view_kind,
  G_DEFINE_ENUM_VALUE (OT_VIEW_NETWORK, "network"),
  G_DEFINE_ENUM_VALUE (OT_VIEW_MAP, "map"),
  G_DEFINE_ENUM_VALUE (OT_VIEW_FLOW, "flow"))
