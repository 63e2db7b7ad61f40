/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-workspace.c: what the analyst is looking at (see ot-workspace.h). */
#include <math.h>
#include <string.h>

#include "ot-workspace.h"

/* Value types */

OtPeriod *
ot_period_copy (const OtPeriod *period)
{
  g_return_val_if_fail (period != NULL, NULL);

  return g_memdup2 (period, sizeof *period);
}

void
ot_period_free (OtPeriod *period)
{
  g_free (period);
}

G_DEFINE_BOXED_TYPE (OtPeriod, ot_period, ot_period_copy, ot_period_free)

struct _OtSelection
{
  OtHitKind  kind;
  guint      id;
  guint      n_incidents;
  guint     *incidents;   /* sorted, unique; NULL when none */
};

G_DEFINE_BOXED_TYPE (OtSelection, ot_selection, ot_selection_copy,
                     ot_selection_free)

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return (x > y) - (x < y);
}

OtSelection *
ot_selection_new (OtHitKind    kind,
                  guint        id,
                  const guint *incidents,
                  guint        n_incidents)
{
  OtSelection *selection;
  guint n = 0;

  g_return_val_if_fail (incidents != NULL || n_incidents == 0, NULL);
  g_return_val_if_fail ((guint) kind <= OT_HIT_AREA, NULL);

  selection = g_new0 (OtSelection, 1);
  selection->kind = kind;
  selection->id = kind == OT_HIT_NONE ? 0 : id;
  if (n_incidents > 0)
    {
      selection->incidents = g_memdup2 (incidents, n_incidents * sizeof (guint));
      qsort (selection->incidents, n_incidents, sizeof (guint), compare_guint);
      for (guint i = 0; i < n_incidents; i++)
        if (n == 0 || selection->incidents[n - 1] != selection->incidents[i])
          selection->incidents[n++] = selection->incidents[i];
    }
  selection->n_incidents = n;

  return selection;
}

OtSelection *
ot_selection_copy (const OtSelection *selection)
{
  g_return_val_if_fail (selection != NULL, NULL);

  return ot_selection_new (selection->kind, selection->id,
                           selection->incidents, selection->n_incidents);
}

void
ot_selection_free (OtSelection *selection)
{
  if (selection == NULL)
    return;
  g_free (selection->incidents);
  g_free (selection);
}

gboolean
ot_selection_equal (const OtSelection *a,
                    const OtSelection *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->kind == b->kind && a->id == b->id
         && a->n_incidents == b->n_incidents
         && (a->n_incidents == 0
             || memcmp (a->incidents, b->incidents,
                        a->n_incidents * sizeof (guint)) == 0);
}

gboolean
ot_selection_is_empty (const OtSelection *selection)
{
  g_return_val_if_fail (selection != NULL, TRUE);

  return selection->kind == OT_HIT_NONE && selection->n_incidents == 0;
}

gboolean
ot_selection_get_mark (const OtSelection *selection,
                       OtHitKind         *kind,
                       guint             *id)
{
  g_return_val_if_fail (selection != NULL, FALSE);

  if (kind != NULL)
    *kind = selection->kind;
  if (id != NULL)
    *id = selection->id;

  return selection->kind != OT_HIT_NONE;
}

const guint *
ot_selection_get_incidents (const OtSelection *selection,
                            guint             *n_incidents)
{
  g_return_val_if_fail (selection != NULL, NULL);

  if (n_incidents != NULL)
    *n_incidents = selection->n_incidents;

  return selection->incidents;
}

gboolean
ot_selection_has_incident (const OtSelection *selection,
                           guint              incident)
{
  g_return_val_if_fail (selection != NULL, FALSE);

  return selection->n_incidents > 0
         && bsearch (&incident, selection->incidents, selection->n_incidents,
                     sizeof (guint), compare_guint) != NULL;
}

/* The workspace */

struct _OtWorkspace
{
  GObject       parent_instance;

  OtDataset    *dataset;     /* may be NULL */
  OtFilter     *filter;      /* never NULL, never with a period */
  OtPeriod      period;
  OtViewKind    view;
  OtProjection  projection;
  OtSelection  *selection;   /* never NULL */
  OtSelection  *highlight;   /* never NULL */
  OtViewport    viewport;    /* all zero: unset */
};

G_DEFINE_FINAL_TYPE (OtWorkspace, ot_workspace, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATASET,
  PROP_FILTER,
  PROP_PERIOD,
  PROP_VIEW,
  PROP_PROJECTION,
  PROP_SELECTION,
  PROP_HIGHLIGHT,
  PROP_VIEWPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Replaces *@slot with an empty selection and notifies @prop, if it was
 * not empty. */
static void
clear_marks (OtWorkspace  *self,
             OtSelection **slot,
             guint         prop)
{
  if (ot_selection_is_empty (*slot))
    return;
  ot_selection_free (*slot);
  *slot = ot_selection_new (OT_HIT_NONE, 0, NULL, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* The selection or highlight in *@slot after a change of filter, period,
 * view or projection: a mark goes (its id named a mark of the old
 * network); incidents the effective filter no longer includes go when
 * @refilter. */
static void
prune_marks (OtWorkspace  *self,
             OtSelection **slot,
             guint         prop,
             gboolean      refilter)
{
  OtSelection *old = *slot;
  g_autoptr(OtFilter) filter = NULL;
  g_autofree guint *kept = NULL;
  guint n_kept = 0;

  if (old->kind != OT_HIT_NONE || old->n_incidents == 0
      || self->dataset == NULL)
    {
      clear_marks (self, slot, prop);
      return;
    }
  if (!refilter)
    return;

  filter = ot_workspace_dup_effective_filter (self);
  kept = g_new (guint, old->n_incidents);
  for (guint i = 0; i < old->n_incidents; i++)
    if (ot_filter_matches_in (filter, self->dataset,
                              ot_dataset_get_incident (self->dataset,
                                                       old->incidents[i])))
      kept[n_kept++] = old->incidents[i];
  if (n_kept == old->n_incidents)
    return;

  *slot = ot_selection_new (OT_HIT_NONE, 0, kept, n_kept);
  ot_selection_free (old);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
prune_selection_and_highlight (OtWorkspace *self,
                               gboolean     refilter)
{
  prune_marks (self, &self->selection, PROP_SELECTION, refilter);
  prune_marks (self, &self->highlight, PROP_HIGHLIGHT, refilter);
}

static void
ot_workspace_dispose (GObject *object)
{
  OtWorkspace *self = OT_WORKSPACE (object);

  g_clear_object (&self->dataset);

  G_OBJECT_CLASS (ot_workspace_parent_class)->dispose (object);
}

static void
ot_workspace_finalize (GObject *object)
{
  OtWorkspace *self = OT_WORKSPACE (object);

  g_clear_pointer (&self->filter, ot_filter_free);
  g_clear_pointer (&self->selection, ot_selection_free);
  g_clear_pointer (&self->highlight, ot_selection_free);

  G_OBJECT_CLASS (ot_workspace_parent_class)->finalize (object);
}

static void
ot_workspace_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OtWorkspace *self = OT_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_FILTER:
      g_value_set_boxed (value, self->filter);
      break;
    case PROP_PERIOD:
      g_value_set_boxed (value, &self->period);
      break;
    case PROP_VIEW:
      g_value_set_enum (value, self->view);
      break;
    case PROP_PROJECTION:
      g_value_set_enum (value, self->projection);
      break;
    case PROP_SELECTION:
      g_value_set_boxed (value, self->selection);
      break;
    case PROP_HIGHLIGHT:
      g_value_set_boxed (value, self->highlight);
      break;
    case PROP_VIEWPORT:
      g_value_set_boxed (value, &self->viewport);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ot_workspace_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  OtWorkspace *self = OT_WORKSPACE (object);
  const OtPeriod *period;
  const OtViewport *viewport;

  switch (prop_id)
    {
    case PROP_DATASET:
      ot_workspace_set_dataset (self, g_value_get_object (value));
      break;
    case PROP_FILTER:
      ot_workspace_set_filter (self, g_value_get_boxed (value));
      break;
    case PROP_PERIOD:
      period = g_value_get_boxed (value);
      ot_workspace_set_period (self, period ? period->from_day : 0,
                               period ? period->to_day : 0);
      break;
    case PROP_VIEW:
      ot_workspace_set_view (self, g_value_get_enum (value));
      break;
    case PROP_PROJECTION:
      ot_workspace_set_projection (self, g_value_get_enum (value));
      break;
    case PROP_SELECTION:
      ot_workspace_set_selection (self, g_value_get_boxed (value));
      break;
    case PROP_HIGHLIGHT:
      ot_workspace_set_highlight (self, g_value_get_boxed (value));
      break;
    case PROP_VIEWPORT:
      viewport = g_value_get_boxed (value);
      if (viewport != NULL)
        ot_workspace_set_viewport (self, viewport);
      else
        ot_workspace_reset_viewport (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ot_workspace_class_init (OtWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                      | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = ot_workspace_dispose;
  object_class->finalize = ot_workspace_finalize;
  object_class->get_property = ot_workspace_get_property;
  object_class->set_property = ot_workspace_set_property;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, OT_TYPE_DATASET, flags);
  properties[PROP_FILTER] =
    g_param_spec_boxed ("filter", NULL, NULL, OT_TYPE_FILTER, flags);
  properties[PROP_PERIOD] =
    g_param_spec_boxed ("period", NULL, NULL, OT_TYPE_PERIOD, flags);
  properties[PROP_VIEW] =
    g_param_spec_enum ("view", NULL, NULL, OT_TYPE_VIEW_KIND,
                       OT_VIEW_NETWORK, flags);
  properties[PROP_PROJECTION] =
    g_param_spec_enum ("projection", NULL, NULL, OT_TYPE_PROJECTION,
                       OT_PROJECTION_DEFAULT, flags);
  properties[PROP_SELECTION] =
    g_param_spec_boxed ("selection", NULL, NULL, OT_TYPE_SELECTION, flags);
  properties[PROP_HIGHLIGHT] =
    g_param_spec_boxed ("highlight", NULL, NULL, OT_TYPE_SELECTION, flags);
  properties[PROP_VIEWPORT] =
    g_param_spec_boxed ("viewport", NULL, NULL, OT_TYPE_VIEWPORT, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ot_workspace_init (OtWorkspace *self)
{
  self->filter = ot_filter_new ();
  self->view = OT_VIEW_NETWORK;
  self->projection = OT_PROJECTION_DEFAULT;
  self->selection = ot_selection_new (OT_HIT_NONE, 0, NULL, 0);
  self->highlight = ot_selection_new (OT_HIT_NONE, 0, NULL, 0);
}

OtWorkspace *
ot_workspace_new (void)
{
  return g_object_new (OT_TYPE_WORKSPACE, NULL);
}

void
ot_workspace_set_dataset (OtWorkspace *self,
                          OtDataset   *dataset)
{
  g_return_if_fail (OT_IS_WORKSPACE (self));
  g_return_if_fail (dataset == NULL || OT_IS_DATASET (dataset));

  if (self->dataset == dataset)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  g_set_object (&self->dataset, dataset);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
  clear_marks (self, &self->selection, PROP_SELECTION);
  clear_marks (self, &self->highlight, PROP_HIGHLIGHT);
  g_object_thaw_notify (G_OBJECT (self));
}

OtDataset *
ot_workspace_get_dataset (OtWorkspace *self)
{
  g_return_val_if_fail (OT_IS_WORKSPACE (self), NULL);

  return self->dataset;
}

void
ot_workspace_set_filter (OtWorkspace    *self,
                         const OtFilter *filter)
{
  g_autoptr(OtFilter) copy = NULL;

  g_return_if_fail (OT_IS_WORKSPACE (self));

  copy = filter != NULL ? ot_filter_copy (filter) : ot_filter_new ();
  ot_filter_clear_part (copy, OT_FILTER_PERIOD);
  if (ot_filter_equal (copy, self->filter))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  ot_filter_free (self->filter);
  self->filter = g_steal_pointer (&copy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
  prune_selection_and_highlight (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));
}

const OtFilter *
ot_workspace_get_filter (OtWorkspace *self)
{
  g_return_val_if_fail (OT_IS_WORKSPACE (self), NULL);

  return self->filter;
}

OtFilter *
ot_workspace_dup_effective_filter (OtWorkspace *self)
{
  OtFilter *filter;

  g_return_val_if_fail (OT_IS_WORKSPACE (self), NULL);

  filter = ot_filter_copy (self->filter);
  ot_filter_set_period (filter, self->period.from_day, self->period.to_day);

  return filter;
}

void
ot_workspace_set_period (OtWorkspace *self,
                         guint32      from_day,
                         guint32      to_day)
{
  g_return_if_fail (OT_IS_WORKSPACE (self));

  if (from_day != 0 && to_day != 0 && from_day > to_day)
    {
      guint32 t = from_day;

      from_day = to_day;
      to_day = t;
    }
  if (self->period.from_day == from_day && self->period.to_day == to_day)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->period.from_day = from_day;
  self->period.to_day = to_day;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
  prune_selection_and_highlight (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ot_workspace_get_period (OtWorkspace *self,
                         guint32     *from_day,
                         guint32     *to_day)
{
  g_return_if_fail (OT_IS_WORKSPACE (self));

  if (from_day != NULL)
    *from_day = self->period.from_day;
  if (to_day != NULL)
    *to_day = self->period.to_day;
}

void
ot_workspace_set_view (OtWorkspace *self,
                       OtViewKind   view)
{
  g_return_if_fail (OT_IS_WORKSPACE (self));
  g_return_if_fail ((guint) view < OT_N_VIEWS);

  if (self->view == view)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->view = view;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
  prune_selection_and_highlight (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}

OtViewKind
ot_workspace_get_view (OtWorkspace *self)
{
  g_return_val_if_fail (OT_IS_WORKSPACE (self), OT_VIEW_NETWORK);

  return self->view;
}

void
ot_workspace_set_projection (OtWorkspace  *self,
                             OtProjection  projection)
{
  g_return_if_fail (OT_IS_WORKSPACE (self));
  g_return_if_fail (projection == OT_PROJECTION_ENTITIES
                    || projection == OT_PROJECTION_COUNTRIES);

  if (self->projection == projection)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->projection = projection;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECTION]);
  prune_selection_and_highlight (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}

OtProjection
ot_workspace_get_projection (OtWorkspace *self)
{
  g_return_val_if_fail (OT_IS_WORKSPACE (self), OT_PROJECTION_ENTITIES);

  return self->projection;
}

/* Puts a copy of @value (NULL: empty) into *@slot, without incidents
 * outside the dataset, and notifies @prop if that changed it. */
static void
replace_marks (OtWorkspace       *self,
               OtSelection      **slot,
               guint              prop,
               const OtSelection *value)
{
  guint n_dataset = self->dataset ? ot_dataset_get_n_incidents (self->dataset) : 0;
  g_autoptr(OtSelection) copy = NULL;

  if (value == NULL)
    copy = ot_selection_new (OT_HIT_NONE, 0, NULL, 0);
  else
    copy = ot_selection_copy (value);
  /* Sorted: those out of range are at the end. */
  while (copy->n_incidents > 0
         && copy->incidents[copy->n_incidents - 1] >= n_dataset)
    copy->n_incidents--;
  if (copy->n_incidents == 0)
    g_clear_pointer (&copy->incidents, g_free);

  if (ot_selection_equal (copy, *slot))
    return;
  ot_selection_free (*slot);
  *slot = g_steal_pointer (&copy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
ot_workspace_set_selection (OtWorkspace       *self,
                            const OtSelection *selection)
{
  g_return_if_fail (OT_IS_WORKSPACE (self));

  replace_marks (self, &self->selection, PROP_SELECTION, selection);
}

const OtSelection *
ot_workspace_get_selection (OtWorkspace *self)
{
  g_return_val_if_fail (OT_IS_WORKSPACE (self), NULL);

  return self->selection;
}

void
ot_workspace_select_mark (OtWorkspace *self,
                          OtHitKind    kind,
                          guint        id)
{
  g_autoptr(OtSelection) selection = NULL;

  g_return_if_fail (OT_IS_WORKSPACE (self));
  g_return_if_fail ((guint) kind <= OT_HIT_AREA);

  selection = ot_selection_new (kind, id, NULL, 0);
  ot_workspace_set_selection (self, selection);
}

void
ot_workspace_select_incidents (OtWorkspace *self,
                               const guint *incidents,
                               guint        n_incidents)
{
  g_autoptr(OtSelection) selection = NULL;

  g_return_if_fail (OT_IS_WORKSPACE (self));
  g_return_if_fail (incidents != NULL || n_incidents == 0);

  selection = ot_selection_new (OT_HIT_NONE, 0, incidents, n_incidents);
  ot_workspace_set_selection (self, selection);
}

void
ot_workspace_set_highlight (OtWorkspace       *self,
                            const OtSelection *highlight)
{
  g_return_if_fail (OT_IS_WORKSPACE (self));

  replace_marks (self, &self->highlight, PROP_HIGHLIGHT, highlight);
}

const OtSelection *
ot_workspace_get_highlight (OtWorkspace *self)
{
  g_return_val_if_fail (OT_IS_WORKSPACE (self), NULL);

  return self->highlight;
}

void
ot_workspace_clear_selection (OtWorkspace *self)
{
  g_return_if_fail (OT_IS_WORKSPACE (self));

  g_object_freeze_notify (G_OBJECT (self));
  clear_marks (self, &self->selection, PROP_SELECTION);
  clear_marks (self, &self->highlight, PROP_HIGHLIGHT);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ot_workspace_reset (OtWorkspace *self)
{
  g_return_if_fail (OT_IS_WORKSPACE (self));

  g_object_freeze_notify (G_OBJECT (self));
  ot_workspace_set_filter (self, NULL);
  ot_workspace_set_period (self, 0, 0);
  ot_workspace_clear_selection (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
viewport_is_valid (const OtViewport *vp)
{
  const double v[] = { vp->width, vp->height, vp->scale, vp->tx, vp->ty,
                       vp->fit_scale };

  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    if (!isfinite (v[i]))
      return FALSE;

  return vp->width >= 0 && vp->height >= 0 && vp->scale >= 0
         && vp->fit_scale >= 0;
}

static gboolean
viewport_equal (const OtViewport *a,
                const OtViewport *b)
{
  return a->width == b->width && a->height == b->height
         && a->scale == b->scale && a->tx == b->tx && a->ty == b->ty
         && a->fit_scale == b->fit_scale;
}

void
ot_workspace_set_viewport (OtWorkspace      *self,
                           const OtViewport *viewport)
{
  g_return_if_fail (OT_IS_WORKSPACE (self));
  g_return_if_fail (viewport != NULL);
  g_return_if_fail (viewport_is_valid (viewport));

  if (viewport_equal (&self->viewport, viewport))
    return;

  self->viewport = *viewport;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWPORT]);
}

void
ot_workspace_get_viewport (OtWorkspace *self,
                           OtViewport  *viewport)
{
  g_return_if_fail (OT_IS_WORKSPACE (self));
  g_return_if_fail (viewport != NULL);

  *viewport = self->viewport;
}

gboolean
ot_workspace_has_viewport (OtWorkspace *self)
{
  static const OtViewport unset;

  g_return_val_if_fail (OT_IS_WORKSPACE (self), FALSE);

  return !viewport_equal (&self->viewport, &unset);
}

void
ot_workspace_reset_viewport (OtWorkspace *self)
{
  static const OtViewport unset;

  g_return_if_fail (OT_IS_WORKSPACE (self));

  ot_workspace_set_viewport (self, &unset);
}
