/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store-summary.c: see ot-store-summary.h. */
#include "ot-store-summary.h"

#include <libpq-fe.h>

#include "ot-store-flows.h"
#include "ot-store-private.h"
#include "ot-store-rows.h"

struct _OtStoreSummary
{
  GObject  parent_instance;

  OtStore *store;
  OtStore *side;         /* the sidebar's own connection (so that the
                          * chart's queries never wait for its counts), or NULL */
  GMutex   lock;
  GArray  *whole;        /* the unfiltered legs, or NULL */
  guint    whole_n;      /* the incidents they stand for */
  guint    generation;   /* counts ot_store_summary_forget () */
  GArray  *places;       /* the countries of every incident, or NULL */
};

static void edge_source_init (OtEdgeSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OtStoreSummary, ot_store_summary, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (OT_TYPE_EDGE_SOURCE, edge_source_init))

static void
ot_store_summary_finalize (GObject *object)
{
  OtStoreSummary *self = OT_STORE_SUMMARY (object);

  g_clear_object (&self->store);
  g_clear_object (&self->side);
  g_clear_pointer (&self->whole, g_array_unref);
  g_clear_pointer (&self->places, g_array_unref);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (ot_store_summary_parent_class)->finalize (object);
}

static void
ot_store_summary_class_init (OtStoreSummaryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ot_store_summary_finalize;
}

static void
ot_store_summary_init (OtStoreSummary *self)
{
  g_mutex_init (&self->lock);
}

static GArray *
summary_query_edges (OtEdgeSource   *source,
                     const OtFilter *filter,
                     guint          *n_incidents,
                     GCancellable   *cancellable,
                     GError        **error)
{
  OtStoreSummary *self = OT_STORE_SUMMARY (source);
  gboolean whole = filter == NULL || ot_filter_is_empty (filter);
  GArray *edges;
  guint n = 0;

  if (whole)
    {
      g_mutex_lock (&self->lock);
      if (self->whole != NULL)
        {
          edges = g_array_copy (self->whole);
          n = self->whole_n;
          g_mutex_unlock (&self->lock);
          if (n_incidents != NULL)
            *n_incidents = n;
          return edges;
        }
      g_mutex_unlock (&self->lock);
    }
  edges = ot_store_query_edges (self->store, filter, &n, cancellable, error);
  if (edges != NULL && whole)
    {
      g_mutex_lock (&self->lock);
      g_clear_pointer (&self->whole, g_array_unref);
      self->whole = g_array_copy (edges);
      self->whole_n = n;
      g_mutex_unlock (&self->lock);
    }
  if (n_incidents != NULL)
    *n_incidents = n;
  return edges;
}

/* The connection for the sidebar's counts: a second one, made once (the
 * chart's own when it cannot be). */
static OtStore *
side_store (OtStoreSummary *self)
{
  g_autoptr(GError) error = NULL;
  OtStore *side;

  g_mutex_lock (&self->lock);
  side = self->side != NULL ? g_object_ref (self->side) : NULL;
  g_mutex_unlock (&self->lock);
  if (side != NULL)
    return side;
  side = ot_store_connect_again (self->store, NULL, &error);
  if (side == NULL)
    {
      g_message ("The sidebar counts on the chart's connection: %s", error->message);
      return g_object_ref (self->store);
    }
  g_mutex_lock (&self->lock);
  if (self->side == NULL)
    self->side = g_object_ref (side);
  g_mutex_unlock (&self->lock);
  return side;
}

/* The countries touched: the unfiltered answer kept, as the legs are. */
static GArray *
summary_query_places (OtEdgeSource   *source,
                      const OtFilter *filter,
                      GCancellable   *cancellable,
                      GError        **error)
{
  OtStoreSummary *self = OT_STORE_SUMMARY (source);
  gboolean whole = filter == NULL || ot_filter_is_empty (filter);
  GArray *places = NULL;

  if (whole)
    {
      g_mutex_lock (&self->lock);
      if (self->places != NULL)
        places = g_array_copy (self->places);
      g_mutex_unlock (&self->lock);
      if (places != NULL)
        return places;
    }
  {
    g_autoptr(OtStore) side = side_store (self);

    places = ot_store_query_places (side, filter, cancellable, error);
  }
  if (places != NULL && whole)
    {
      g_mutex_lock (&self->lock);
      g_clear_pointer (&self->places, g_array_unref);
      self->places = g_array_copy (places);
      g_mutex_unlock (&self->lock);
    }
  return places;
}

static GArray *
summary_query_cells (OtEdgeSource   *source,
                     const OtFilter *filter,
                     GCancellable   *cancellable,
                     GError        **error)
{
  OtStoreSummary *self = OT_STORE_SUMMARY (source);

  g_autoptr(OtStore) side = side_store (self);

  if (filter == NULL || ot_filter_is_empty (filter))
    return ot_store_query_cells (side, cancellable, error);
  return ot_store_query_filtered_cells (side, filter, cancellable, error);
}

static guint
summary_get_generation (OtEdgeSource *source)
{
  OtStoreSummary *self = OT_STORE_SUMMARY (source);

  return g_atomic_int_get (&self->generation);
}

static void
edge_source_init (OtEdgeSourceInterface *iface)
{
  iface->query_edges = summary_query_edges;
  iface->get_generation = summary_get_generation;
  iface->query_places = summary_query_places;
  iface->query_cells = summary_query_cells;
}

OtStoreSummary *
ot_store_summary_new (OtStore *store)
{
  OtStoreSummary *self;

  g_return_val_if_fail (OT_IS_STORE (store), NULL);

  self = g_object_new (OT_TYPE_STORE_SUMMARY, NULL);
  self->store = g_object_ref (store);
  return self;
}

OtStore *
ot_store_summary_get_store (OtStoreSummary *self)
{
  g_return_val_if_fail (OT_IS_STORE_SUMMARY (self), NULL);

  return self->store;
}

void
ot_store_summary_forget (OtStoreSummary *self)
{
  g_return_if_fail (OT_IS_STORE_SUMMARY (self));

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->whole, g_array_unref);
  g_clear_pointer (&self->places, g_array_unref);
  g_mutex_unlock (&self->lock);
  g_atomic_int_inc (&self->generation);
}

/* Each incident is counted once in the sums: in the group of its first
 * leg (n_first), or alone when it has none. */
static const char cells_sql[] =
  "SELECT nullif (mineral, ''), status, illustrative <> 0, month, sum (n_first) FROM oretrace.flow_sums\n"
  "GROUP BY 1, 2, 3, 4 HAVING sum (n_first) > 0";

GArray *
ot_store_query_cells (OtStore       *store,
                      GCancellable  *cancellable,
                      GError       **error)
{
  PGresult *result;
  PGconn *conn;

  g_return_val_if_fail (OT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = ot_store_acquire (store, cancellable, error);
  if (conn == NULL)
    return NULL;
  result = ot_store_exec (conn, cells_sql, 0, NULL, error);
  ot_store_release (store);
  if (result == NULL)
    return NULL;
  return ot_store_cells_from_result (result);
}


/* The store's trade statistics, read whole as a case's are when there
 * are at most OT_STORE_SUMMARY_TRADE_MAX rows (rows per country pair,
 * product and month: far fewer than incidents), so that the summary
 * draws their layer; more are left in the server. */
static gboolean
read_trade (OtStore       *store,
            OtDataset     *dataset,
            GCancellable  *cancellable,
            GError       **error)
{
  PGconn *conn = ot_store_acquire (store, cancellable, error);
  PGresult *result;
  gboolean ok = TRUE;

  if (conn == NULL)
    return FALSE;
  result = ot_store_exec (conn, "SELECT count(*) FROM oretrace.trade_rows", 0, NULL, error);
  if (result == NULL)
    ok = FALSE;
  else if (ot_store_value_int64 (result, 0, 0) > 0 &&
           ot_store_value_int64 (result, 0, 0) <= OT_STORE_SUMMARY_TRADE_MAX)
    ok = ot_store_trade_read (conn, dataset, ot_store_get_display_name (store), cancellable, error);
  g_clear_pointer (&result, PQclear);
  ot_store_release (store);
  return ok;
}

OtDataset *
ot_store_summary_dataset_new (OtStore       *store,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(OtStoreSummary) summary = NULL;
  g_autoptr(GArray) cells = NULL;
  OtDataset *dataset;

  g_return_val_if_fail (OT_IS_STORE (store), NULL);

  cells = ot_store_query_cells (store, cancellable, error);
  if (cells == NULL)
    return NULL;
  summary = ot_store_summary_new (store);
  dataset = ot_dataset_new ();
  ot_dataset_add_file (dataset, ot_store_get_display_name (store));
  ot_dataset_set_summary (dataset, G_OBJECT (summary), cells);
  if (!read_trade (store, dataset, cancellable, error))
    g_clear_object (&dataset);
  return dataset;
}

static void
dataset_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  OtDataset *dataset = ot_store_summary_dataset_new (source, cancellable, &error);

  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, g_object_unref);
}

void
ot_store_summary_dataset_new_async (OtStore             *store,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OT_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, ot_store_summary_dataset_new_async);
  g_task_run_in_thread (task, dataset_thread);
}

OtDataset *
ot_store_summary_dataset_new_finish (OtStore       *store,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Counted again ------------------------------------------------------------- */

static void
recount_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  OtStoreSummary *self = source;
  OtDataset *dataset = data;
  GError *error = NULL;
  g_autoptr(GArray) cells = ot_store_query_cells (self->store, cancellable, &error);
  OtDataset *version;

  if (cells == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  version = ot_dataset_new_version (dataset);
  ot_dataset_set_summary (version, G_OBJECT (self), cells);
  g_task_return_pointer (task, version, g_object_unref);
}

void
ot_store_summary_recount_async (OtStoreSummary      *self,
                                OtDataset           *dataset,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OT_IS_STORE_SUMMARY (self));
  g_return_if_fail (OT_IS_DATASET (dataset));
  g_return_if_fail (ot_dataset_get_summary (dataset, NULL) == G_OBJECT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ot_store_summary_recount_async);
  g_task_set_task_data (task, g_object_ref (dataset), g_object_unref);
  g_task_run_in_thread (task, recount_thread);
}

OtDataset *
ot_store_summary_recount_finish (OtStoreSummary  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
