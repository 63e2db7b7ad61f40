/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-signals.c: the trade signals' API: options, the run of every
 * method over one aggregation of the table, the results and their
 * evidence (docs/trade-signals.md). */
#include "ot-trade-signals-private.h"

#include <math.h>
#include <string.h>

struct _OtTradeSignals {
  gatomicrefcount       ref;
  OtTradeTable         *table;
  GPtrArray            *controls;
  OtTradeSignalOptions  options;
  GArray               *signals[OT_TRADE_N_SIGNAL_KINDS];
  guint                 n_flagged[OT_TRADE_N_SIGNAL_KINDS];
  GPtrArray            *blocks;
  guint                 n_used;
  guint                 n_skipped;
};

void
ot_trade_signal_options_init (OtTradeSignalOptions *o)
{
  g_return_if_fail (o != NULL);

  memset (o, 0, sizeof *o);
  o->origin = ot_trade_place_from_country ("CN");
  o->after_months = 12;
  o->min_after_months = 3;
  o->min_before_months = 6;
  o->guard_months = 2;
  o->max_lag = 3;
  o->threshold = 3.0;
  o->min_change = log (1.5);
  o->cif_fob = 1.06;
  o->mirror_min_value = 100000;
  o->mirror_min_kg = 1000;
  o->unit_value_z = 4.0;
  o->unit_value_z_single = 6.0;
  o->max_candidates = 1000;
  o->mineral = OT_MINERAL_NONE;
}

static gpointer
unit_values_thread (gpointer data)
{
  return GINT_TO_POINTER (ot_trade_unit_values (data));
}

/* The methods read the aggregation and write their own kinds: the unit
 * values (the longest) run in a thread of their own, beside the rest. */
static gboolean
run_methods (OtTradeRun *run)
{
  OtTradeRun prices = *run;
  g_autoptr(GError) error = NULL;
  GThread *thread;
  gboolean ok, prices_ok;

  prices.blocks = g_ptr_array_new_with_free_func (g_free);
  thread = g_thread_try_new ("ot-trade-prices", unit_values_thread, &prices, &error);
  ok = ot_trade_rerouting (run) && ot_trade_mirror (run);
  prices_ok = thread ? GPOINTER_TO_INT (g_thread_join (thread)) : ot_trade_unit_values (&prices);
  g_ptr_array_extend_and_steal (run->blocks, prices.blocks);
  return ok && prices_ok;
}

OtTradeSignals *
ot_trade_signals_compute (OtTradeTable                *table,
                          GPtrArray                   *controls,
                          const OtTradeSignalOptions  *options,
                          GCancellable                *cancellable,
                          GError                     **error)
{
  g_autoptr(OtTradeSignals) self = NULL;
  g_autoptr(GPtrArray) own_controls = NULL;
  OtTradeSeries *series;
  OtTradeRun run = { 0 };
  gboolean ok;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (controls == NULL)
    {
      own_controls = ot_controls_load_default (error);
      if (own_controls == NULL)
        return NULL;
      controls = own_controls;
    }

  self = g_new0 (OtTradeSignals, 1);
  g_atomic_ref_count_init (&self->ref);
  self->table = ot_trade_table_ref (table);
  self->controls = g_ptr_array_ref (controls);
  if (options)
    self->options = *options;
  else
    ot_trade_signal_options_init (&self->options);
  self->options.max_lag = MIN (self->options.max_lag, 6);
  self->options.after_months = CLAMP (self->options.after_months, 1, 24);
  self->options.max_candidates = MAX (self->options.max_candidates, 1);
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    self->signals[k] = g_array_new (FALSE, TRUE, sizeof (OtTradeSignal));

  series = ot_trade_series_new (table, cancellable);
  if (series == NULL)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  self->n_used = ot_trade_series_get_n_used (series);
  self->n_skipped = ot_trade_series_get_n_skipped (series);

  run.series = series;
  run.options = &self->options;
  run.controls = controls;
  run.cancellable = cancellable;
  run.blocks = self->blocks;
  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    run.out[k] = self->signals[k];
  ok = run_methods (&run);
  ot_trade_series_free (series);
  if (!ok)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    for (guint i = 0; i < self->signals[k]->len; i++)
      self->n_flagged[k] += g_array_index (self->signals[k], OtTradeSignal, i).flagged;
  return g_steal_pointer (&self);
}

typedef struct {
  OtTradeTable         *table;
  GPtrArray            *controls;
  OtTradeSignalOptions  options;
} ComputeData;

static void
compute_data_free (gpointer data)
{
  ComputeData *d = data;

  ot_trade_table_unref (d->table);
  g_clear_pointer (&d->controls, g_ptr_array_unref);
  g_free (d);
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *d = task_data;
  GError *error = NULL;
  OtTradeSignals *signals = ot_trade_signals_compute (d->table, d->controls, &d->options,
                                                      cancellable, &error);

  if (signals)
    g_task_return_pointer (task, signals, (GDestroyNotify) ot_trade_signals_unref);
  else
    g_task_return_error (task, error);
}

void
ot_trade_signals_compute_async (OtTradeTable                *table,
                                GPtrArray                   *controls,
                                const OtTradeSignalOptions  *options,
                                GCancellable                *cancellable,
                                GAsyncReadyCallback          callback,
                                gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *d;

  g_return_if_fail (table != NULL);

  d = g_new0 (ComputeData, 1);
  d->table = ot_trade_table_ref (table);
  d->controls = controls ? g_ptr_array_ref (controls) : NULL;
  if (options)
    d->options = *options;
  else
    ot_trade_signal_options_init (&d->options);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ot_trade_signals_compute_async);
  g_task_set_task_data (task, d, compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

OtTradeSignals *
ot_trade_signals_compute_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

OtTradeSignals *
ot_trade_signals_ref (OtTradeSignals *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
ot_trade_signals_unref (OtTradeSignals *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    g_array_unref (self->signals[k]);
  g_ptr_array_unref (self->blocks);
  g_ptr_array_unref (self->controls);
  ot_trade_table_unref (self->table);
  g_free (self);
}

guint
ot_trade_signals_get_n (OtTradeSignals    *self,
                        OtTradeSignalKind  kind)
{
  g_return_val_if_fail (self != NULL && kind < OT_TRADE_N_SIGNAL_KINDS, 0);

  return self->signals[kind]->len;
}

guint
ot_trade_signals_get_n_flagged (OtTradeSignals    *self,
                                OtTradeSignalKind  kind)
{
  g_return_val_if_fail (self != NULL && kind < OT_TRADE_N_SIGNAL_KINDS, 0);

  return self->n_flagged[kind];
}

const OtTradeSignal *
ot_trade_signals_get (OtTradeSignals    *self,
                      OtTradeSignalKind  kind,
                      guint              index)
{
  g_return_val_if_fail (self != NULL && kind < OT_TRADE_N_SIGNAL_KINDS, NULL);
  g_return_val_if_fail (index < self->signals[kind]->len, NULL);

  return &g_array_index (self->signals[kind], OtTradeSignal, index);
}

const OtTradeSignalOptions *
ot_trade_signals_get_options (OtTradeSignals *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->options;
}

OtTradeTable *
ot_trade_signals_get_table (OtTradeSignals *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->table;
}

guint
ot_trade_signals_get_n_used (OtTradeSignals *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_used;
}

guint
ot_trade_signals_get_n_skipped (OtTradeSignals *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_skipped;
}

void
ot_trade_signals_row_source (OtTradeSignals  *self,
                             guint            row,
                             const char     **file,
                             guint           *line)
{
  OtTradeRow r;
  const char * const *files;

  g_return_if_fail (self != NULL);
  g_return_if_fail (row < ot_trade_table_get_n_rows (self->table));

  ot_trade_table_get_row (self->table, row, &r);
  files = ot_trade_table_get_files (self->table);
  if (file)
    *file = files[r.file];
  if (line)
    *line = r.line;
}

const char *
ot_trade_signal_kind_name (OtTradeSignalKind kind)
{
  static const char * const names[] = { "rerouting", "mirror-gap", "unit-value", "code-switch" };

  g_return_val_if_fail (kind < G_N_ELEMENTS (names), NULL);
  return names[kind];
}

const char *
ot_trade_leg_role_name (OtTradeLegRole role)
{
  static const char * const names[] = { "direct", "to-hub", "from-hub", "importer", "exporter",
                                        "priced", "controlled", "neighbour" };

  g_return_val_if_fail (role < G_N_ELEMENTS (names), NULL);
  return names[role];
}

const char *
ot_trade_signal_flow_code (OtTradeFlow flow)
{
  static const char * const codes[] = { "M", "X", "RM", "RX" };

  g_return_val_if_fail (flow < G_N_ELEMENTS (codes), NULL);
  return codes[flow];
}

char *
ot_trade_signal_product_code (guint16 product)
{
  const OtTradeProduct *p;
  GString *out;
  gsize n;

  g_return_val_if_fail (product < ot_trade_product_count (), NULL);

  p = ot_trade_product_nth (product);
  n = strlen (p->code);
  out = g_string_new (NULL);
  /* 2825.80, then pairs: 2825.80.00.10; an odd tail stays whole. */
  for (gsize i = 0; i < n; i++)
    {
      if (i == 4 || (i >= 6 && i % 2 == 0 && i + 1 < n))
        g_string_append_c (out, '.');
      g_string_append_c (out, p->code[i]);
    }
  return g_string_free (out, FALSE);
}
