/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-signal-item.h"

#include <glib/gi18n.h>

#include "ot-trade-describe.h"

struct _OtSignalItem
{
  GObject              parent_instance;

  OtTradeSignals      *signals;
  const OtTradeSignal *signal;
  char                *title;
  char                *subtitle;
  char                *score;
  char                *status;
};

G_DEFINE_FINAL_TYPE (OtSignalItem, ot_signal_item, G_TYPE_OBJECT)

static void
ot_signal_item_finalize (GObject *object)
{
  OtSignalItem *self = OT_SIGNAL_ITEM (object);

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->score);
  g_free (self->status);
  ot_trade_signals_unref (self->signals);

  G_OBJECT_CLASS (ot_signal_item_parent_class)->finalize (object);
}

static void
ot_signal_item_class_init (OtSignalItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ot_signal_item_finalize;
}

static void
ot_signal_item_init (OtSignalItem *self)
{
}

OtSignalItem *
ot_signal_item_new (OtTradeSignals    *signals,
                    OtTradeSignalKind  kind,
                    guint              index)
{
  OtSignalItem *self;
  const OtTradeSignal *s;
  g_autofree char *route = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *control = NULL;
  double threshold;

  g_return_val_if_fail (signals != NULL, NULL);
  g_return_val_if_fail (index < ot_trade_signals_get_n (signals, kind), NULL);

  self = g_object_new (OT_TYPE_SIGNAL_ITEM, NULL);
  self->signals = ot_trade_signals_ref (signals);
  self->signal = s = ot_trade_signals_get (signals, kind, index);
  route = ot_trade_signal_route (s);
  self->title = g_strdup_printf ("%s · %s", ot_mineral_label (s->mineral), route);
  lines = ot_trade_products_label (s->products, s->n_products);
  control = ot_trade_control_label (s->control);
  /* The lines last: a long list of them is what gets cut. */
  if (control != NULL)
    self->subtitle = g_strdup_printf ("%s · %s · %s", ot_trade_signal_kind_label (s->kind), control, lines);
  else
    self->subtitle = g_strdup_printf ("%s · %s", ot_trade_signal_kind_label (s->kind), lines);
  self->score = g_strdup_printf ("%.1f", s->score);
  threshold = ot_trade_signals_get_options (signals)->threshold;
  if (s->flagged)
    /* TRANSLATORS: a trade signal at or above the threshold */
    self->status = g_strdup (_("flagged"));
  else
    /* TRANSLATORS: a trade signal under the threshold; %.1f: the threshold */
    self->status = g_strdup_printf (_("below %.1f"), threshold);
  return self;
}

OtTradeSignals *
ot_signal_item_get_signals (OtSignalItem *self)
{
  g_return_val_if_fail (OT_IS_SIGNAL_ITEM (self), NULL);

  return self->signals;
}

const OtTradeSignal *
ot_signal_item_get_signal (OtSignalItem *self)
{
  g_return_val_if_fail (OT_IS_SIGNAL_ITEM (self), NULL);

  return self->signal;
}

const char *
ot_signal_item_get_title (OtSignalItem *self)
{
  g_return_val_if_fail (OT_IS_SIGNAL_ITEM (self), NULL);

  return self->title;
}

const char *
ot_signal_item_get_subtitle (OtSignalItem *self)
{
  g_return_val_if_fail (OT_IS_SIGNAL_ITEM (self), NULL);

  return self->subtitle;
}

const char *
ot_signal_item_get_score (OtSignalItem *self)
{
  g_return_val_if_fail (OT_IS_SIGNAL_ITEM (self), NULL);

  return self->score;
}

const char *
ot_signal_item_get_status (OtSignalItem *self)
{
  g_return_val_if_fail (OT_IS_SIGNAL_ITEM (self), NULL);

  return self->status;
}

int
ot_signal_item_compare (gconstpointer a,
                        gconstpointer b)
{
  const OtTradeSignal *x = (*(OtSignalItem * const *) a)->signal;
  const OtTradeSignal *y = (*(OtSignalItem * const *) b)->signal;

  /* Scores are t for routes and lines, z for mirror gaps and prices:
   * comparable within a kind only.  Routes first, the question the
   * window is for, then lines, mirror pairs, prices. */
  static const int order[OT_TRADE_N_SIGNAL_KINDS] = {
    [OT_TRADE_SIGNAL_REROUTING] = 0,
    [OT_TRADE_SIGNAL_CODE_SWITCH] = 1,
    [OT_TRADE_SIGNAL_MIRROR_GAP] = 2,
    [OT_TRADE_SIGNAL_UNIT_VALUE] = 3,
  };

  if (x->flagged != y->flagged)
    return x->flagged ? -1 : 1;
  if (x->kind != y->kind)
    return order[x->kind] - order[y->kind];
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return 0;
}
