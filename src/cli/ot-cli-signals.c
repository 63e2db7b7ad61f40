/* SPDX-License-Identifier: GPL-3.0-or-later */
/* oretrace --signals [--json] [--mineral M] FILE…: what the trade
 * statistics among the files point at (issue 18), ranked, each with its
 * evidence, without a window.  The methods, statistics and thresholds are
 * docs/trade-signals.md's; the JSON shape is documented there too. */
#include "ot-cli.h"
#include "ot-text.h"
#include "ot-trade-signals.h"
#include "ot-writer.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#define SIGNALS_FORMAT_VERSION 1
/* The text lists this many flagged signals of each kind (the JSON all). */
#define TEXT_TOP 20

typedef struct {
  const OtCliOptions *options;
  OtTradeSignals     *signals;
  OtTradeTable       *table;
  guint8              minerals[256];   /* --mineral; all zero: every mineral */
  gboolean            any_mineral;
} Report;

static gboolean
wanted (const Report        *r,
        const OtTradeSignal *s)
{
  return r->any_mineral || r->minerals[s->mineral];
}

static char *
month_text (guint16 month)
{
  return g_strdup_printf ("%04u-%02u", OT_TRADE_MONTH_YEAR (month), OT_TRADE_MONTH_MONTH (month));
}

static char *
products_text (const guint16 *products,
               guint          n)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *code = ot_trade_signal_product_code (products[i]);

      g_string_append_printf (out, "%s%s", i ? ", " : "", code);
    }
  return g_string_free (out, FALSE);
}

/* ---- Text -------------------------------------------------------------- */

static const char *
place_name (OtTradePlace place)
{
  const char *alpha2 = ot_trade_place_country (place);

  if (alpha2)
    return ot_country_display_name (alpha2);
  switch (ot_trade_place_kind (place))
    {
    case OT_TRADE_PLACE_WORLD:
      /* TRANSLATORS: the total over every partner, as trade statistics name it. */
      return _("World");
    case OT_TRADE_PLACE_CONFIDENTIAL:
      return _("confidential partners");
    default:
      return _("other areas");
    }
}

static char *
mass_text (double kg)
{
  if (isnan (kg))
    return g_strdup ("?");
  if (fabs (kg) >= 1000)
    /* TRANSLATORS: tonnes. */
    return g_strdup_printf (_("%.1f t"), kg / 1000);
  return g_strdup_printf (_("%.0f kg"), kg);
}

static char *
percent_text (double before,
              double after)
{
  if (!(before > 0) || isnan (after))
    return g_strdup ("–");
  return g_strdup_printf ("%+.0f %%", 100 * (after / before - 1));
}

static void
print_leg (const OtTradeLeg *leg,
           OtTradePlace      from,
           OtTradePlace      to)
{
  g_autofree char *before = mass_text (leg->kg_before);
  g_autofree char *after = mass_text (leg->kg_after);
  g_autofree char *change = percent_text (leg->kg_before, leg->kg_after);

  /* TRANSLATORS: one leg of a route: "China → United States, as China
   * reports it: 84.8 t → 4.3 t a month (−95 %), t = −15.6"; t is the
   * test statistic (docs/trade-signals.md). */
  ot_cli_print_line (_("     %s → %s, as %s reports it: %s → %s a month (%s), t = %.1f\n"),
                     place_name (from), place_name (to), place_name (leg->reporter),
                     before, after, change, leg->t);
  if (leg->lag > 0)
    ot_cli_print_line (g_dngettext (GETTEXT_PACKAGE, "       (%u month later than the other legs)\n",
                                    "       (%u months later than the other legs)\n", leg->lag),
                       leg->lag);
}

static void
print_evidence (const Report        *r,
                const OtTradeSignal *s)
{
  guint n = 0;
  const char *file = NULL;
  guint line = 0;

  for (guint l = 0; l < s->n_legs; l++)
    {
      if (file == NULL && s->legs[l].n_rows > 0)
        ot_trade_signals_row_source (r->signals, s->legs[l].rows[0], &file, &line);
      n += s->legs[l].n_rows;
    }
  if (file)
    ot_cli_print_line (g_dngettext (GETTEXT_PACKAGE, "     evidence: %u row, the first %s:%u\n",
                                    "     evidence: %u rows, the first %s:%u\n", n),
                       n, file, line);
}

static void
print_also (const OtTradeSignal *s)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  if (s->n_also == 0)
    return;
  for (guint i = 0; i < s->n_also; i++)
    g_string_append_printf (ids, "%s%s", i ? ", " : "", s->also[i]->id);
  ot_cli_print_line (_("     also flagged around %s\n"), ids->str);
}

static void
print_window (const OtTradeSignal *s)
{
  g_autofree char *lines = products_text (s->products, s->n_products);
  g_autofree char *first = month_text (s->first_month);
  g_autofree char *last = month_text (s->last_month);

  /* TRANSLATORS: the lines tested and the months compared. */
  ot_cli_print_line (_("     lines %s; %s to %s against the same months before the control\n"),
                     lines, first, last);
}

/* "  1. Antimony, CN-2024-46 (2024-12-03): China → Thailand → United
 * States, score 7.0"; without a control, the lines instead. */
static void
print_heading (const OtTradeSignal *s,
               guint                rank)
{
  g_autoptr(GString) route = g_string_new (place_name (s->origin));
  g_autofree char *what = NULL;

  if (s->hub != OT_TRADE_PLACE_OTHER_ID)
    g_string_append_printf (route, " → %s", place_name (s->hub));
  g_string_append_printf (route, " → %s", place_name (s->destination));
  if (s->control)
    what = g_strdup_printf ("%s (%04u-%02u-%02u)", s->control->id, s->control->effective.year,
                            s->control->effective.month, s->control->effective.day);
  else
    what = products_text (s->products, s->n_products);
  /* TRANSLATORS: rank, mineral, the control (or the product lines), the
   * route, and the signal's score (docs/trade-signals.md). */
  ot_cli_print_line (_("%3u. %s, %s: %s, score %.1f\n"), rank, ot_mineral_label (s->mineral), what,
                     route->str, s->score);
}

static void
print_rerouting (const Report        *r,
                 const OtTradeSignal *s,
                 guint                rank)
{
  print_heading (s, rank);
  print_window (s);
  print_leg (&s->legs[0], s->origin, s->destination);
  print_leg (&s->legs[1], s->origin, s->hub);
  print_leg (&s->legs[2], s->hub, s->destination);
  if (s->n_placebo_products > 0 && !isnan (s->t_placebo))
    {
      g_autofree char *placebo = products_text (s->placebo_products, s->n_placebo_products);

      /* TRANSLATORS: the placebo lines; t once their moves the same way
       * are taken off the controlled legs. */
      ot_cli_print_line (_("     placebo %s: weakest leg t = %.1f against it\n"), placebo, s->t_placebo);
    }
  else
    ot_cli_print_line (_("     no placebo to test against\n"));
  print_also (s);
  print_evidence (r, s);
}

static void
print_switch (const Report        *r,
              const OtTradeSignal *s,
              guint                rank)
{
  g_autofree char *neighbours = products_text (s->legs[1].products, s->legs[1].n_products);

  print_heading (s, rank);
  print_window (s);
  print_leg (&s->legs[0], s->origin, s->destination);
  /* TRANSLATORS: the neighbouring, uncontrolled lines the tonnes went to. */
  ot_cli_print_line (_("     into %s:\n"), neighbours);
  print_leg (&s->legs[1], s->origin, s->destination);
  if (!isnan (s->share))
    ot_cli_print_line (_("     the neighbours took %.0f %% of the tonnes the line lost\n"), 100 * s->share);
  print_also (s);
  print_evidence (r, s);
}

static void
print_mirror (const Report        *r,
              const OtTradeSignal *s,
              guint                rank)
{
  const OtTradeSignalOptions *o = ot_trade_signals_get_options (r->signals);

  print_heading (s, rank);
  for (guint y = 0; y < s->n_years; y++)
    {
      const OtTradeMirrorYear *year = &s->years[y];
      g_autofree char *imp = year->by_value ? g_strdup_printf ("%.0f", year->importer) : mass_text (year->importer);
      g_autofree char *exp = year->by_value ? g_strdup_printf ("%.0f", year->exporter) : mass_text (year->exporter);

      /* TRANSLATORS: one year of a mirror comparison: "2024: United
       * States records 1234567, China records 0 (×1.06 for CIF): gap
       * +4.62, z = 46.2".  A final " *" marks a flagged year. */
      ot_cli_print_line (_("     %u: %s records %s, %s records %s (×%.2f for CIF): gap %+.2f, z = %.1f%s\n"),
                         year->year, place_name (s->destination), imp, place_name (s->origin), exp,
                         year->by_value ? o->cif_fob : 1.0, year->gap, year->z, year->flagged ? " *" : "");
    }
  print_evidence (r, s);
}

static void
print_unit_value (const Report        *r,
                  const OtTradeSignal *s,
                  guint                rank)
{
  g_autofree char *first = month_text (s->first_month);
  g_autofree char *last = month_text (s->last_month);
  static const char * const currencies[] = { "US$", "€", "CN¥" };
  const char *currency = currencies[MIN (s->legs[0].currency, G_N_ELEMENTS (currencies) - 1)];

  print_heading (s, rank);
  /* TRANSLATORS: "as Korea reports it, 2022-01 to 2022-12: 10.47 US$/kg
   * against the line's 55.09 US$/kg in the same months (z = -19.1)". */
  ot_cli_print_line (_("     as %s reports it, %s to %s: %.2f %s/kg against the line's %.2f %s/kg in the same months (z = %.1f)\n"),
                     place_name (s->legs[0].reporter), first, last, s->unit_value, currency,
                     s->reference_unit_value, currency, s->z);
  print_evidence (r, s);
}

static void
print_text (Report *r)
{
  static const char *titles[OT_TRADE_N_SIGNAL_KINDS] = {
    N_("Rerouting around export-control dates"), N_("Mirror gaps"), N_("Unit values"), N_("Code switching"),
  };
  const OtTradeSignalOptions *o = ot_trade_signals_get_options (r->signals);
  guint16 first = 0, last = 0;
  g_autofree char *from = NULL, *to = NULL;

  ot_trade_table_get_period (r->table, &first, &last);
  from = month_text (first);
  to = month_text (last);
  ot_cli_print_line (_("Trade statistics: %u rows, %s to %s\n"), ot_trade_table_get_n_rows (r->table), from, to);
  if (ot_trade_signals_get_n_skipped (r->signals) > 0)
    /* TRANSLATORS: rows no test reads: published figures over several
     * months, rows of no known product line. */
    ot_cli_print_line (g_dngettext (GETTEXT_PACKAGE,
                                    "%u row left out (a figure over several months, or no known line)\n",
                                    "%u rows left out (figures over several months, or no known line)\n",
                                    ot_trade_signals_get_n_skipped (r->signals)),
                       ot_trade_signals_get_n_skipped (r->signals));
  ot_cli_print_line (_("Flagged at a score of %.1f and above (docs/trade-signals.md)\n"), o->threshold);

  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    {
      guint rank = 0;

      ot_cli_print_line ("%s", "");
      ot_cli_print_line ("%s", _(titles[k]));
      for (guint i = 0; i < ot_trade_signals_get_n_flagged (r->signals, k) && rank < TEXT_TOP; i++)
        {
          const OtTradeSignal *s = ot_trade_signals_get (r->signals, k, i);

          if (!wanted (r, s))
            continue;
          rank++;
          if (k == OT_TRADE_SIGNAL_REROUTING)
            print_rerouting (r, s, rank);
          else if (k == OT_TRADE_SIGNAL_CODE_SWITCH)
            print_switch (r, s, rank);
          else if (k == OT_TRADE_SIGNAL_MIRROR_GAP)
            print_mirror (r, s, rank);
          else
            print_unit_value (r, s, rank);
        }
      if (rank == 0)
        ot_cli_print_line ("     %s", _("(none at or above the threshold)"));
    }
}

/* ---- JSON -------------------------------------------------------------- */

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_place (JsonBuilder  *b,
           const char   *name,
           OtTradePlace  place)
{
  const char *alpha2 = ot_trade_place_country (place);

  if (alpha2 == NULL && ot_trade_place_kind (place) == OT_TRADE_PLACE_WORLD)
    alpha2 = "World";
  add_string (b, name, alpha2);
}

static void
add_month (JsonBuilder *b,
           const char  *name,
           guint16      month)
{
  g_autofree char *text = month_text (month);

  add_string (b, name, text);
}

/* An array of the texts @text gives each value: product codes, months. */
static void
add_texts (JsonBuilder    *b,
           const char     *name,
           const guint16  *values,
           guint           n,
           char         *(*text) (guint16 value))
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *t = text (values[i]);

      json_builder_add_string_value (b, t);
    }
  json_builder_end_array (b);
}

static void
add_products (JsonBuilder   *b,
              const char    *name,
              const guint16 *products,
              guint          n)
{
  add_texts (b, name, products, n, ot_trade_signal_product_code);
}

static void
add_numbers (JsonBuilder  *b,
             const char   *name,
             const double *values,
             guint         n)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    if (isfinite (values[i]))
      json_builder_add_double_value (b, values[i]);
    else
      json_builder_add_null_value (b);
  json_builder_end_array (b);
}

static void
add_leg (JsonBuilder      *b,
         Report           *r,
         const OtTradeLeg *leg)
{
  json_builder_begin_object (b);
  add_string (b, "role", ot_trade_leg_role_name (leg->role));
  add_place (b, "reporter", leg->reporter);
  add_place (b, "partner", leg->partner);
  add_string (b, "flow", ot_trade_signal_flow_code (leg->flow));
  add_products (b, "products", leg->products, leg->n_products);
  if (leg->n_after > 0)
    {
      add_texts (b, "before", leg->before, leg->n_before, month_text);
      add_texts (b, "after", leg->after, leg->n_after, month_text);
      add_int (b, "lag", leg->lag);
      add_number (b, "kg_before", leg->kg_before);
      add_number (b, "kg_after", leg->kg_after);
      add_number (b, "change", leg->change);
      add_number (b, "t", leg->t);
    }
  json_builder_set_member_name (b, "series");
  json_builder_begin_object (b);
  add_month (b, "from", leg->first_month);
  add_numbers (b, "kg", leg->kg, leg->n_months);
  add_numbers (b, "value", leg->value, leg->n_months);
  add_string (b, "currency", (const char *[]) { "USD", "EUR", "CNY" }[MIN (leg->currency, 2)]);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < leg->n_rows; i++)
    {
      const char *file;
      guint line;
      g_autofree char *valid = NULL;

      ot_trade_signals_row_source (r->signals, leg->rows[i], &file, &line);
      valid = g_utf8_make_valid (file, -1);
      json_builder_begin_object (b);
      add_string (b, "file", valid);
      add_int (b, "line", line);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
add_legs (JsonBuilder      *b,
          Report           *r,
          const char       *name,
          const OtTradeLeg *legs,
          guint             n)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint l = 0; l < n; l++)
    add_leg (b, r, &legs[l]);
  json_builder_end_array (b);
}

static void
add_control (JsonBuilder     *b,
             const OtControl *control)
{
  g_autofree char *date = g_strdup_printf ("%04u-%02u-%02u", control->effective.year,
                                           control->effective.month, control->effective.day);

  json_builder_begin_object (b);
  add_string (b, "id", control->id);
  add_string (b, "effective", date);
  json_builder_end_object (b);
}

static void
add_signal (JsonBuilder         *b,
            Report              *r,
            const OtTradeSignal *s,
            guint                rank)
{
  json_builder_begin_object (b);
  add_int (b, "rank", rank);
  add_number (b, "score", s->score);
  add_string (b, "mineral", ot_mineral_name (s->mineral));
  add_products (b, "products", s->products, s->n_products);
  add_place (b, "origin", s->origin);
  add_place (b, "hub", s->hub);
  add_place (b, "destination", s->destination);
  add_month (b, "from", s->first_month);
  add_month (b, "to", s->last_month);
  if (s->control)
    {
      json_builder_set_member_name (b, "control");
      add_control (b, s->control);
      json_builder_set_member_name (b, "also");
      json_builder_begin_array (b);
      for (guint i = 0; i < s->n_also; i++)
        add_control (b, s->also[i]);
      json_builder_end_array (b);
      add_number (b, "t_raw", s->t_raw);
      add_number (b, "t_placebo", s->t_placebo);
      add_number (b, "change", s->change);
      add_number (b, "kg_per_month", s->kg_per_month);
      add_number (b, "share", s->share);
    }
  if (s->kind == OT_TRADE_SIGNAL_MIRROR_GAP)
    {
      add_int (b, "sign", s->sign);
      json_builder_set_member_name (b, "years");
      json_builder_begin_array (b);
      for (guint y = 0; y < s->n_years; y++)
        {
          json_builder_begin_object (b);
          add_int (b, "year", s->years[y].year);
          add_int (b, "months", s->years[y].n_months);
          add_string (b, "compared", s->years[y].by_value ? "value" : "kg");
          add_number (b, "importer", s->years[y].importer);
          add_number (b, "exporter", s->years[y].exporter);
          add_number (b, "gap", s->years[y].gap);
          add_number (b, "z", s->years[y].z);
          json_builder_set_member_name (b, "flagged");
          json_builder_add_boolean_value (b, s->years[y].flagged);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  if (s->kind == OT_TRADE_SIGNAL_UNIT_VALUE)
    {
      add_number (b, "unit_value", s->unit_value);
      add_number (b, "reference_unit_value", s->reference_unit_value);
      add_number (b, "z", s->z);
    }
  add_legs (b, r, "legs", s->legs, s->n_legs);
  if (s->n_placebo > 0)
    {
      json_builder_set_member_name (b, "placebo");
      json_builder_begin_object (b);
      add_products (b, "products", s->placebo_products, s->n_placebo_products);
      add_legs (b, r, "legs", s->placebo, s->n_placebo);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

static void
print_json (Report *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *safe = NULL;
  const OtTradeSignalOptions *o = ot_trade_signals_get_options (r->signals);
  const char * const *files = ot_trade_table_get_files (r->table);
  guint16 first = 0, last = 0;

  json_builder_begin_object (b);
  add_int (b, "format", SIGNALS_FORMAT_VERSION);
  json_builder_set_member_name (b, "files");
  json_builder_begin_array (b);
  for (guint i = 0; files[i]; i++)
    {
      g_autofree char *valid = g_utf8_make_valid (files[i], -1);

      json_builder_add_string_value (b, valid);
    }
  json_builder_end_array (b);
  add_int (b, "rows", ot_trade_table_get_n_rows (r->table));
  add_int (b, "rows_read", ot_trade_signals_get_n_used (r->signals));
  add_int (b, "rows_left_out", ot_trade_signals_get_n_skipped (r->signals));
  if (ot_trade_table_get_period (r->table, &first, &last))
    {
      add_month (b, "from", first);
      add_month (b, "to", last);
    }
  json_builder_set_member_name (b, "options");
  json_builder_begin_object (b);
  add_place (b, "origin", o->origin);
  add_number (b, "threshold", o->threshold);
  add_number (b, "min_change", o->min_change);
  add_int (b, "after_months", o->after_months);
  add_int (b, "guard_months", o->guard_months);
  add_int (b, "max_lag", o->max_lag);
  add_number (b, "cif_fob", o->cif_fob);
  add_number (b, "unit_value_z", o->unit_value_z);
  json_builder_set_member_name (b, "placebo");
  json_builder_add_boolean_value (b, !o->no_placebo);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "signals");
  json_builder_begin_object (b);
  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    {
      guint rank = 0;

      json_builder_set_member_name (b, ot_trade_signal_kind_name (k));
      json_builder_begin_array (b);
      for (guint i = 0; i < ot_trade_signals_get_n_flagged (r->signals, k); i++)
        {
          const OtTradeSignal *s = ot_trade_signals_get (r->signals, k, i);

          if (wanted (r, s))
            add_signal (b, r, s, ++rank);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  ot_writer_append_json (text, root, 0);
  safe = ot_text_escape_json (text->str);
  g_print ("%s\n", safe);
}

/* ---- The command ------------------------------------------------------- */

int
ot_cli_signals (const OtCliOptions *options)
{
  g_autoptr(OtDocument) document = NULL;
  g_autoptr(OtTradeSignals) signals = NULL;
  g_autoptr(GError) error = NULL;
  OtTradeSignalOptions so;
  OtDataset *dataset;
  Report r = { options };
  guint n_errors, n_minerals = 0;
  OtMineral only = OT_MINERAL_NONE;

  g_return_val_if_fail (options != NULL, 2);

  /* --mineral checked as the other commands check it. */
  {
    g_autoptr(OtFilter) filter = ot_cli_build_filter (options, &error);

    if (filter == NULL)
      {
        ot_cli_printerr_line ("%s", error->message);
        return 2;
      }
  }
  for (guint i = 0; options->minerals && options->minerals[i]; i++)
    {
      OtMineral mineral;

      if (!ot_mineral_parse (options->minerals[i], &mineral))
        return 2;
      r.minerals[mineral] = 1;
      only = mineral;
      n_minerals++;
    }
  r.any_mineral = n_minerals == 0;

  document = ot_cli_load_document (options, &error);
  if (document == NULL)
    {
      ot_cli_printerr_line ("%s", error->message);
      return 2;
    }
  dataset = ot_document_get_dataset (document);
  r.table = ot_dataset_get_trade (dataset);
  if (r.table == NULL || ot_trade_table_get_n_rows (r.table) == 0)
    {
      ot_cli_printerr_line (_("No trade statistics in the files: --signals reads UN Comtrade, "
                              "US Census and Eurostat Comext files (docs/trade-statistics.md)\n"));
      return 1;
    }

  ot_trade_signal_options_init (&so);
  /* One mineral is scored alone; several are scored together and picked. */
  if (n_minerals == 1)
    so.mineral = only;
  signals = ot_trade_signals_compute (r.table, NULL, &so, NULL, &error);
  if (signals == NULL)
    {
      ot_cli_printerr_line ("%s", error->message);
      return 2;
    }
  r.signals = signals;
  if (options->json)
    print_json (&r);
  else
    print_text (&r);

  n_errors = ot_dataset_count_problems (dataset, OT_SEVERITY_ERROR);
  if (n_errors > 0)
    {
      ot_cli_printerr_line (ngettext ("%u error while loading; run --check for the list\n",
                                      "%u errors while loading; run --check for the list\n",
                                      n_errors), n_errors);
      return 1;
    }
  return 0;
}
