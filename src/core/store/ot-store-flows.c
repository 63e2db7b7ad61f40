/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store-flows.c: flows aggregated in the server, and the same in
 * memory (docs/team-store.md, "Flows").
 *
 * The query is one constant SQL text; the filter travels as its one
 * parameter, the filter's JSON (ot_filter_to_json (), the saved views'
 * form, docs/case-file.md), which the WHERE clause reads part by part
 * against the columns schema version 2 derives with the filter's own
 * rules (ot-store-rows.c): label keys, methods, countries touched, the
 * date's first and last day, the legs. */
#include "ot-store-flows.h"
#include "ot-store-private.h"
#include "ot-store-rows.h"
#include "ot-store-refresh.h"
#include "ot-error.h"
#include "ot-country.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct _OtStoreFlows {
  gatomicrefcount  ref;
  GArray          *flows;        /* of OtStoreFlow, sorted */
  guint            n_incidents;
  gboolean         summed;       /* answered from sums, not every incident */
};

/* One part of the filter: "the part is absent, or the row passes it". */
#define PART(name, test) "AND (($1::jsonb -> '" name "') IS NULL OR " test ")\n"
#define LIST(path) "(SELECT jsonb_array_elements_text ($1::jsonb -> " path "))"
#define ARRAY_OF(path) "ARRAY" LIST (path)
#define SIDE_EMPTY(part, side) \
  "coalesce (jsonb_array_length ($1::jsonb -> '" part "' -> '" side "'), 0) = 0"
#define COMPANY_IN(side) \
  "coalesce (i.exporter_key IN " LIST ("'companies' -> '" side "'") \
  " OR i.consignee_key IN " LIST ("'companies' -> '" side "'") \
  " OR EXISTS (SELECT FROM oretrace.aliases a WHERE a.key IN (i.exporter, i.consignee)" \
  " AND a.name_key IN " LIST ("'companies' -> '" side "'") "), false)"

/* The sums every row carries, then the rows the filter lets through. */
#define SUMS \
  "count(*), count(i.quantity_kg),\n" \
  "  coalesce (sum (i.quantity_kg), 0), count(*) FILTER (WHERE i.illustrative <> 0),\n" \
  "  coalesce (sum (i.quantity_kg) FILTER (WHERE i.illustrative <> 0), 0),\n" \
  "  min (i.first_date)::text, max (i.last_date)::text,\n" \
  "  count(*) FILTER (WHERE l.n IS NULL OR l.n = 1)\n"
#define FROM_WHERE \
  "FROM oretrace.incidents i LEFT JOIN LATERAL unnest (i.legs) WITH ORDINALITY AS l (leg, n) ON true\n" \
  "WHERE true\n" \
  PART ("minerals", "coalesce (i.mineral, 'none') IN " LIST ("'minerals'")) \
  PART ("statuses", "i.status IN " LIST ("'statuses'")) \
  PART ("confidence", "i.confidence IN " LIST ("'confidence'")) \
  PART ("reliability", "coalesce (i.reliability, 'none') IN " LIST ("'reliability'")) \
  PART ("credibility", "coalesce (i.credibility::text, 'none') IN " LIST ("'credibility'")) \
  PART ("illustrative", "i.illustrative = 0") \
  PART ("min_kg", "i.quantity_kg >= ($1::jsonb ->> 'min_kg')::double precision") \
  PART ("period", "(i.first_date IS NOT NULL" \
                  " AND ($1::jsonb -> 'period' ->> 'from' IS NULL" \
                  " OR i.last_date >= ($1::jsonb -> 'period' ->> 'from')::date)" \
                  " AND ($1::jsonb -> 'period' ->> 'to' IS NULL" \
                  " OR i.first_date <= ($1::jsonb -> 'period' ->> 'to')::date))") \
  PART ("methods", "i.concealment_keys && " ARRAY_OF ("'methods'")) \
  PART ("declared_as", "i.declared_as_key IN " LIST ("'declared_as'")) \
  "AND (" SIDE_EMPTY ("countries", "include") \
  " OR i.countries && " ARRAY_OF ("'countries' -> 'include'") ")\n" \
  "AND (" SIDE_EMPTY ("countries", "exclude") \
  " OR NOT i.countries && " ARRAY_OF ("'countries' -> 'exclude'") ")\n" \
  "AND (" SIDE_EMPTY ("companies", "include") " OR " COMPANY_IN ("include") ")\n" \
  "AND (" SIDE_EMPTY ("companies", "exclude") " OR NOT " COMPANY_IN ("exclude") ")\n"

/* Per leg, mineral, status and month. */
static const char flows_sql[] =
  "SELECT l.leg, i.mineral, i.status, i.month, " SUMS FROM_WHERE "GROUP BY 1, 2, 3, 4";

/* Per leg and mineral, a count per status ($2 … $10: their names). */
static const char edges_sql[] =
  "SELECT l.leg, i.mineral, " SUMS ",\n"
  "  count(*) FILTER (WHERE i.status = $2), count(*) FILTER (WHERE i.status = $3),\n"
  "  count(*) FILTER (WHERE i.status = $4), count(*) FILTER (WHERE i.status = $5),\n"
  "  count(*) FILTER (WHERE i.status = $6), count(*) FILTER (WHERE i.status = $7),\n"
  "  count(*) FILTER (WHERE i.status = $8), count(*) FILTER (WHERE i.status = $9),\n"
  "  count(*) FILTER (WHERE i.status = $10)\n"
  FROM_WHERE "GROUP BY 1, 2";
G_STATIC_ASSERT (OT_N_STATUS == 9);

/* From the flows' sums (schema 3): minerals, statuses, illustrative
 * records and a period of whole months ($2, $3: its first and last
 * month as year × 100 + month, NULL for an open end).  A year-only
 * month key (year × 100) spans its year. */
#define SUMS_PARTS \
  PART ("minerals", "(CASE WHEN s.mineral = '' THEN 'none' ELSE s.mineral END) IN " LIST ("'minerals'")) \
  PART ("statuses", "s.status IN " LIST ("'statuses'")) \
  PART ("illustrative", "s.illustrative = 0") \
  PART ("period", "(s.month >= 0" \
                  " AND ($2::integer IS NULL OR" \
                  " (CASE WHEN s.month % 100 = 0 THEN s.month + 12 ELSE s.month END) >= $2::integer)" \
                  " AND ($3::integer IS NULL OR" \
                  " (CASE WHEN s.month % 100 = 0 THEN s.month + 1 ELSE s.month END) <= $3::integer))")
#define SUMS_WHERE "FROM oretrace.flow_sums s WHERE true\n" SUMS_PARTS
#define SUMMED \
  "sum (s.n), sum (s.n_with_kg), sum (s.kg), sum (s.n_illustrative), sum (s.kg_illustrative),\n" \
  "  min (s.first_date)::text, max (s.last_date)::text, sum (s.n_first)\n"

static const char summed_flows_sql[] =
  "SELECT nullif (s.leg, ''), nullif (s.mineral, ''), s.status, s.month, " SUMMED SUMS_WHERE
  "GROUP BY 1, 2, 3, 4";

static const char summed_edges_sql[] =
  "SELECT nullif (s.leg, ''), nullif (s.mineral, ''), " SUMMED ",\n"
  "  sum (s.n) FILTER (WHERE s.status = $4), sum (s.n) FILTER (WHERE s.status = $5),\n"
  "  sum (s.n) FILTER (WHERE s.status = $6), sum (s.n) FILTER (WHERE s.status = $7),\n"
  "  sum (s.n) FILTER (WHERE s.status = $8), sum (s.n) FILTER (WHERE s.status = $9),\n"
  "  sum (s.n) FILTER (WHERE s.status = $10), sum (s.n) FILTER (WHERE s.status = $11),\n"
  "  sum (s.n) FILTER (WHERE s.status = $12)\n"
  SUMS_WHERE "GROUP BY 1, 2";

/* From the routes' sums (schema 5): the parts the flows' sums answer
 * and the countries touched, which a route holds.  The sums are added
 * up per route and mineral first (68,000 rows for a country filter at
 * 10M generated incidents), then spread over the route's
 * legs; an incident is counted once at its route's first leg, or alone
 * when it has none. */
#define ROUTES_WHERE \
  "FROM oretrace.route_sums s WHERE s.route IN (SELECT t.id FROM oretrace.routes t WHERE true\n" \
  "  AND (" SIDE_EMPTY ("countries", "include") " OR t.countries && " ARRAY_OF ("'countries' -> 'include'") ")\n" \
  "  AND (" SIDE_EMPTY ("countries", "exclude") \
  " OR NOT t.countries && " ARRAY_OF ("'countries' -> 'exclude'") "))\n" \
  SUMS_PARTS
/* (Counts summed per route back to bigint: summed again as numeric,
 * what sum (bigint) gives, the spreading took a third longer.) */
#define ROUTE_SUMMED \
  "sum (s.n)::bigint AS n, sum (s.n_with_kg)::bigint AS n_with_kg, sum (s.kg) AS kg,\n" \
  "  sum (s.n_illustrative)::bigint AS n_illustrative, sum (s.kg_illustrative) AS kg_illustrative,\n" \
  "  min (s.first_date) AS first_date, max (s.last_date) AS last_date\n"
#define ROUTE_LEGS \
  "JOIN oretrace.routes t ON t.id = g.route\n" \
  "LEFT JOIN LATERAL unnest (t.legs) WITH ORDINALITY AS l (leg, k) ON true\n"
#define SPREAD \
  "sum (g.n), sum (g.n_with_kg), sum (g.kg), sum (g.n_illustrative), sum (g.kg_illustrative),\n" \
  "  min (g.first_date)::text, max (g.last_date)::text, sum (g.n) FILTER (WHERE l.k IS NULL OR l.k = 1)\n"

static const char routed_flows_sql[] =
  "SELECT l.leg, nullif (g.mineral, ''), g.status, g.month, " SPREAD
  "FROM (SELECT s.route, s.mineral, s.status, s.month, " ROUTE_SUMMED ROUTES_WHERE "GROUP BY 1, 2, 3, 4) g\n"
  ROUTE_LEGS "GROUP BY 1, 2, 3, 4";

static const char routed_edges_sql[] =
  "SELECT l.leg, nullif (g.mineral, ''), " SPREAD ",\n"
  "  sum (g.s0), sum (g.s1), sum (g.s2), sum (g.s3), sum (g.s4), sum (g.s5), sum (g.s6), sum (g.s7),"
  " sum (g.s8)\n"
  "FROM (SELECT s.route, s.mineral, " ROUTE_SUMMED ",\n"
  "  (sum (s.n) FILTER (WHERE s.status = $4))::bigint AS s0,"
  " (sum (s.n) FILTER (WHERE s.status = $5))::bigint AS s1,\n"
  "  (sum (s.n) FILTER (WHERE s.status = $6))::bigint AS s2,"
  " (sum (s.n) FILTER (WHERE s.status = $7))::bigint AS s3,\n"
  "  (sum (s.n) FILTER (WHERE s.status = $8))::bigint AS s4,"
  " (sum (s.n) FILTER (WHERE s.status = $9))::bigint AS s5,\n"
  "  (sum (s.n) FILTER (WHERE s.status = $10))::bigint AS s6,"
  " (sum (s.n) FILTER (WHERE s.status = $11))::bigint AS s7,\n"
  "  (sum (s.n) FILTER (WHERE s.status = $12))::bigint AS s8\n"
  ROUTES_WHERE "GROUP BY 1, 2) g\n"
  ROUTE_LEGS "GROUP BY 1, 2";

/* The countries touched, and the sidebar's cells, from the same sums. */
static const char routed_places_sql[] =
  "SELECT c, sum (g.n) FROM (SELECT s.route, sum (s.n)::bigint AS n " ROUTES_WHERE "GROUP BY 1) g\n"
  "JOIN oretrace.routes t ON t.id = g.route, unnest (t.countries) c GROUP BY c ORDER BY c";

static const char routed_cells_sql[] =
  "SELECT nullif (s.mineral, ''), s.status, s.illustrative <> 0, s.month, sum (s.n) " ROUTES_WHERE
  "GROUP BY 1, 2, 3, 4 HAVING sum (s.n) > 0";

/* The month key of Julian day @day (0: none). */
static char *
month_key (guint32 day)
{
  GDate date;

  if (day == 0)
    return NULL;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  return g_strdup_printf ("%d", g_date_get_year (&date) * 100 + g_date_get_month (&date));
}

typedef enum {
  ANSWER_INCIDENTS,   /* every incident read */
  ANSWER_FLOW_SUMS,   /* flow_sums (schema 3) */
  ANSWER_ROUTE_SUMS,  /* route_sums (schema 5) */
  N_ANSWERS
} Answer;

/* Which sums answer @filter: the flows' when it has only minerals,
 * statuses, illustrative records and a period of whole months, the
 * routes' when it has countries too; otherwise every incident is read.
 * From the sums, @from_month and @to_month get the period's months
 * (NULL: open). */
static Answer
answer_for (const OtFilter  *filter,
            char           **from_month,
            char           **to_month)
{
  guint32 from = 0, to = 0;
  GDate date;

  *from_month = *to_month = NULL;
  if (filter == NULL)
    return ANSWER_FLOW_SUMS;
  for (OtFilterPart part = 0; part < OT_N_FILTER_PARTS; part++)
    if (ot_filter_has_part (filter, part) && part != OT_FILTER_MINERALS && part != OT_FILTER_STATUSES &&
        part != OT_FILTER_ILLUSTRATIVE && part != OT_FILTER_PERIOD && part != OT_FILTER_COUNTRIES)
      return ANSWER_INCIDENTS;
  ot_filter_get_period (filter, &from, &to);
  g_date_clear (&date, 1);
  if (from != 0)
    {
      if (!g_date_valid_julian (from))
        return ANSWER_INCIDENTS;
      g_date_set_julian (&date, from);
      if (g_date_get_day (&date) != 1)
        return ANSWER_INCIDENTS;
    }
  if (to != 0)
    {
      if (!g_date_valid_julian (to))
        return ANSWER_INCIDENTS;
      g_date_set_julian (&date, to);
      if (!g_date_is_last_of_month (&date))
        return ANSWER_INCIDENTS;
    }
  *from_month = month_key (from);
  *to_month = month_key (to);
  return ot_filter_has_part (filter, OT_FILTER_COUNTRIES) ? ANSWER_ROUTE_SUMS : ANSWER_FLOW_SUMS;
}

/* Runs the one of @sqls (by Answer) that answers @filter: its JSON as
 * $1, from the sums its months as $2 and $3; with @statuses, the
 * statuses' names after those ($2 … $10 for every incident, $4 … $12
 * from the sums).  @summed (optional) says whether sums answered. */
static PGresult *
exec_answered (OtStore            *store,
               const OtFilter     *filter,
               const char *const   sqls[N_ANSWERS],
               gboolean            statuses,
               gboolean           *summed,
               GCancellable       *cancellable,
               GError            **error)
{
  g_autofree char *json = filter != NULL ? ot_filter_to_json (filter) : g_strdup ("{}");
  g_autofree char *from_month = NULL;
  g_autofree char *to_month = NULL;
  Answer answer = answer_for (filter, &from_month, &to_month);
  const char *params[3 + OT_N_STATUS] = { json, from_month, to_month };
  int n = answer == ANSWER_INCIDENTS ? 1 : 3;
  PGresult *result;
  PGconn *conn;

  if (statuses)
    for (guint s = 0; s < OT_N_STATUS; s++)
      params[n++] = ot_status_name (s);
  conn = ot_store_acquire (store, cancellable, error);
  if (conn == NULL)
    return NULL;
  result = ot_store_exec (conn, sqls[answer], n, params, error);
  ot_store_release (store);
  if (summed != NULL)
    *summed = answer != ANSWER_INCIDENTS;
  return result;
}

static OtStoreFlows *
flows_new (void)
{
  OtStoreFlows *flows = g_new0 (OtStoreFlows, 1);

  g_atomic_ref_count_init (&flows->ref);
  flows->flows = g_array_new (FALSE, TRUE, sizeof (OtStoreFlow));
  return flows;
}

OtStoreFlows *
ot_store_flows_ref (OtStoreFlows *flows)
{
  g_return_val_if_fail (flows != NULL, NULL);

  g_atomic_ref_count_inc (&flows->ref);
  return flows;
}

void
ot_store_flows_unref (OtStoreFlows *flows)
{
  if (flows == NULL || !g_atomic_ref_count_dec (&flows->ref))
    return;
  g_array_unref (flows->flows);
  g_free (flows);
}

static int
compare_flows (gconstpointer pa,
               gconstpointer pb)
{
  const OtStoreFlow *a = pa, *b = pb;
  int c;

  if ((c = strcmp (a->from.code, b->from.code)) != 0 || (c = strcmp (a->to.code, b->to.code)) != 0)
    return c;
  if (a->mineral != b->mineral)
    return a->mineral < b->mineral ? -1 : 1;
  if (a->status != b->status)
    return a->status < b->status ? -1 : 1;
  return a->month < b->month ? -1 : a->month > b->month;
}

guint
ot_store_flows_get_n_flows (OtStoreFlows *flows)
{
  g_return_val_if_fail (flows != NULL, 0);

  return flows->flows->len;
}

const OtStoreFlow *
ot_store_flows_get_flow (OtStoreFlows *flows,
                         guint         index)
{
  g_return_val_if_fail (flows != NULL, NULL);
  g_return_val_if_fail (index < flows->flows->len, NULL);

  return &g_array_index (flows->flows, OtStoreFlow, index);
}

guint
ot_store_flows_get_n_incidents (OtStoreFlows *flows)
{
  g_return_val_if_fail (flows != NULL, 0);

  return flows->n_incidents;
}

/* ---- In the server ------------------------------------------------------- */

static guint32
parse_day (const char *text)
{
  GDate date;
  int y, m, d;

  if (text == NULL || sscanf (text, "%d-%d-%d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

static void read_sums (const PGresult *result, int r, int c, OtStoreEdge *edge);

/* One result row into @flows; FALSE when it names a mineral or status
 * Oretrace does not know (a row edited by another tool: skipped). */
static void
add_row (OtStoreFlows   *flows,
         const PGresult *result,
         int             r)
{
  OtStoreFlow flow = { 0 };
  OtStoreEdge sums = { 0 };
  const char *leg = PQgetisnull (result, r, 0) ? NULL : PQgetvalue (result, r, 0);
  OtStatus status;

  flows->n_incidents += (guint) ot_store_value_int64 (result, r, 11);
  if (leg == NULL || strlen (leg) != 5 || leg[2] != '>')
    return;   /* an incident without two places: counted, no flow */
  memcpy (flow.from.code, leg, 2);
  memcpy (flow.to.code, leg + 3, 2);
  flow.mineral = OT_MINERAL_NONE;
  if (!PQgetisnull (result, r, 1) && !ot_mineral_parse (PQgetvalue (result, r, 1), &flow.mineral))
    return;
  if (!ot_status_parse (PQgetvalue (result, r, 2), &status))
    return;
  flow.status = status;
  flow.month = PQgetisnull (result, r, 3) ? -1 : atoi (PQgetvalue (result, r, 3));
  read_sums (result, r, 4, &sums);
  flow.n_incidents = sums.n_incidents;
  flow.n_with_kg = sums.n_with_kg;
  flow.kg = sums.kg;
  flow.n_illustrative = sums.n_illustrative;
  flow.kg_illustrative = sums.kg_illustrative;
  flow.first_day = sums.first_day;
  flow.last_day = sums.last_day;
  g_array_append_val (flows->flows, flow);
}

OtStoreFlows *
ot_store_query_flows (OtStore         *store,
                      const OtFilter  *filter,
                      GCancellable    *cancellable,
                      GError         **error)
{
  static const char *const sqls[N_ANSWERS] = { flows_sql, summed_flows_sql, routed_flows_sql };
  OtStoreFlows *flows;
  PGresult *result;
  gboolean summed;

  g_return_val_if_fail (OT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = exec_answered (store, filter, sqls, FALSE, &summed, cancellable, error);
  if (result == NULL)
    return NULL;
  flows = flows_new ();
  flows->summed = summed;
  for (int r = 0; r < PQntuples (result); r++)
    add_row (flows, result, r);
  PQclear (result);
  g_array_sort (flows->flows, compare_flows);
  return flows;
}

gboolean
ot_store_flows_get_summed (OtStoreFlows *flows)
{
  g_return_val_if_fail (flows != NULL, FALSE);

  return flows->summed;
}

/* The sums of row @r from column @c on (SUMS) into @edge. */
static void
read_sums (const PGresult *result,
           int             r,
           int             c,
           OtStoreEdge    *edge)
{
  edge->n_incidents = (guint) ot_store_value_int64 (result, r, c);
  edge->n_with_kg = (guint) ot_store_value_int64 (result, r, c + 1);
  edge->kg = g_ascii_strtod (PQgetvalue (result, r, c + 2), NULL);
  edge->n_illustrative = (guint) ot_store_value_int64 (result, r, c + 3);
  edge->kg_illustrative = g_ascii_strtod (PQgetvalue (result, r, c + 4), NULL);
  edge->first_day = parse_day (PQgetisnull (result, r, c + 5) ? NULL : PQgetvalue (result, r, c + 5));
  edge->last_day = parse_day (PQgetisnull (result, r, c + 6) ? NULL : PQgetvalue (result, r, c + 6));
}

static int
compare_edges (gconstpointer pa,
               gconstpointer pb)
{
  const OtStoreEdge *a = pa, *b = pb;
  int c;

  if ((c = strcmp (a->from.code, b->from.code)) != 0 || (c = strcmp (a->to.code, b->to.code)) != 0)
    return c;
  return a->mineral < b->mineral ? -1 : a->mineral > b->mineral;
}

GArray *
ot_store_query_edges (OtStore         *store,
                      const OtFilter  *filter,
                      guint           *n_incidents,
                      GCancellable    *cancellable,
                      GError         **error)
{
  static const char *const sqls[N_ANSWERS] = { edges_sql, summed_edges_sql, routed_edges_sql };
  GArray *edges;
  PGresult *result;
  guint counted = 0;

  g_return_val_if_fail (OT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = exec_answered (store, filter, sqls, TRUE, NULL, cancellable, error);
  if (result == NULL)
    return NULL;
  edges = g_array_new (FALSE, TRUE, sizeof (OtStoreEdge));
  for (int r = 0; r < PQntuples (result); r++)
    {
      const char *leg = PQgetisnull (result, r, 0) ? NULL : PQgetvalue (result, r, 0);
      OtStoreEdge edge = { 0 };

      counted += (guint) ot_store_value_int64 (result, r, 9);
      if (leg == NULL || strlen (leg) != 5 || leg[2] != '>')
        continue;
      memcpy (edge.from.code, leg, 2);
      memcpy (edge.to.code, leg + 3, 2);
      edge.mineral = OT_MINERAL_NONE;
      if (!PQgetisnull (result, r, 1) && !ot_mineral_parse (PQgetvalue (result, r, 1), &edge.mineral))
        continue;
      read_sums (result, r, 2, &edge);
      for (guint s = 0; s < OT_N_STATUS; s++)
        edge.n_status[s] = (guint) ot_store_value_int64 (result, r, 10 + s);
      g_array_append_val (edges, edge);
    }
  PQclear (result);
  g_array_sort (edges, compare_edges);
  if (n_incidents != NULL)
    *n_incidents = counted;
  return edges;
}

typedef struct {
  OtFilter *filter;
  guint     n_incidents;
} EdgesJob;

static void
edges_job_free (EdgesJob *job)
{
  g_clear_pointer (&job->filter, ot_filter_free);
  g_free (job);
}

static void
edges_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  EdgesJob *job = data;
  GError *error = NULL;
  GArray *edges = ot_store_query_edges (source, job->filter, &job->n_incidents, cancellable, &error);

  if (edges == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, edges, (GDestroyNotify) g_array_unref);
}

void
ot_store_query_edges_async (OtStore             *store,
                            const OtFilter      *filter,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);
  EdgesJob *job = g_new0 (EdgesJob, 1);

  g_return_if_fail (OT_IS_STORE (store));

  job->filter = filter != NULL ? ot_filter_copy (filter) : NULL;
  g_task_set_source_tag (task, ot_store_query_edges_async);
  g_task_set_task_data (task, job, (GDestroyNotify) edges_job_free);
  g_task_run_in_thread (task, edges_thread);
}

GArray *
ot_store_query_edges_finish (OtStore       *store,
                             GAsyncResult  *result,
                             guint         *n_incidents,
                             GError       **error)
{
  EdgesJob *job;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  job = g_task_get_task_data (G_TASK (result));
  if (n_incidents != NULL)
    *n_incidents = job->n_incidents;
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
ot_store_edges_equal (GArray *a,
                      GArray *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->len != b->len)
    return FALSE;
  for (guint e = 0; e < a->len; e++)
    {
      const OtStoreEdge *x = &g_array_index (a, OtStoreEdge, e);
      const OtStoreEdge *y = &g_array_index (b, OtStoreEdge, e);

      if (compare_edges (x, y) != 0 || x->n_incidents != y->n_incidents || x->n_with_kg != y->n_with_kg ||
          x->n_illustrative != y->n_illustrative || x->first_day != y->first_day ||
          x->last_day != y->last_day || memcmp (x->n_status, y->n_status, sizeof x->n_status) != 0 ||
          !ot_store_close_enough (x->kg, y->kg) || !ot_store_close_enough (x->kg_illustrative, y->kg_illustrative))
        return FALSE;
    }
  return TRUE;
}

static void
flows_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  OtStoreFlows *flows = ot_store_query_flows (source, data, cancellable, &error);

  if (flows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, flows, (GDestroyNotify) ot_store_flows_unref);
}

void
ot_store_query_flows_async (OtStore             *store,
                            const OtFilter      *filter,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_return_if_fail (OT_IS_STORE (store));

  g_task_set_source_tag (task, ot_store_query_flows_async);
  if (filter != NULL)
    g_task_set_task_data (task, ot_filter_copy (filter), (GDestroyNotify) ot_filter_free);
  g_task_run_in_thread (task, flows_thread);
}

OtStoreFlows *
ot_store_query_flows_finish (OtStore       *store,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- In memory ---------------------------------------------------------------- */

static guint
flow_hash (gconstpointer p)
{
  const OtStoreFlow *f = p;

  return ((((guint) f->from.code[0] * 31 + (guint) f->from.code[1]) * 31 + (guint) f->to.code[0]) * 31 +
          (guint) f->to.code[1]) * 977 + (guint) f->mineral * 131 + (guint) f->status * 17 + (guint) f->month;
}

static gboolean
flow_equal (gconstpointer a,
            gconstpointer b)
{
  return compare_flows (a, b) == 0;
}

/* Each distinct leg of @path once: pairs of indices into it. */
static guint
distinct_legs (const char **path,
               guint        n,
               guint       *legs)
{
  guint n_legs = 0;

  for (guint k = 0; k + 1 < n; k++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < n_legs && !seen; j++)
        seen = strcmp (path[legs[2 * j]], path[k]) == 0 && strcmp (path[legs[2 * j + 1]], path[k + 1]) == 0;
      if (!seen)
        {
          legs[2 * n_legs] = k;
          legs[2 * n_legs + 1] = k + 1;
          n_legs++;
        }
    }
  return n_legs;
}

OtStoreFlows *
ot_store_flows_from_dataset (OtDataset      *dataset,
                             const OtFilter *filter)
{
  g_autoptr(GHashTable) index = g_hash_table_new_full (flow_hash, flow_equal, g_free, NULL);
  g_autofree guint8 *mask = NULL;
  OtStoreFlows *flows;
  guint n;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  flows = flows_new ();
  n = ot_dataset_get_n_incidents (dataset);
  mask = ot_filter_apply (filter, dataset, NULL);
  for (guint i = 0; i < n; i++)
    {
      const OtIncident *in = ot_dataset_get_incident (dataset, i);
      const char *path[OT_STORE_MAX_PATH];
      guint legs[2 * OT_STORE_MAX_PATH];
      guint n_path, n_legs;

      if (!mask[i])
        continue;
      flows->n_incidents++;
      n_path = ot_store_incident_path (in, path, G_N_ELEMENTS (path));
      n_legs = distinct_legs (path, n_path, legs);
      for (guint l = 0; l < n_legs; l++)
        {
          OtStoreFlow key = { 0 };
          OtStoreFlow *flow;
          gpointer slot;
          guint32 first = ot_date_first_day (&in->date), last = ot_date_last_day (&in->date);

          memcpy (key.from.code, path[legs[2 * l]], 2);
          memcpy (key.to.code, path[legs[2 * l + 1]], 2);
          key.mineral = in->mineral;
          key.status = in->status;
          key.month = ot_store_date_month (&in->date);
          if ((slot = g_hash_table_lookup (index, &key)) == NULL)
            {
              g_array_append_val (flows->flows, key);
              slot = GUINT_TO_POINTER (flows->flows->len);
              g_hash_table_insert (index, g_memdup2 (&key, sizeof key), slot);
            }
          flow = &g_array_index (flows->flows, OtStoreFlow, GPOINTER_TO_UINT (slot) - 1);
          flow->n_incidents++;
          if (!isnan (in->quantity_kg))
            {
              flow->n_with_kg++;
              flow->kg += in->quantity_kg;
            }
          if (in->illustrative)
            {
              flow->n_illustrative++;
              if (!isnan (in->quantity_kg))
                flow->kg_illustrative += in->quantity_kg;
            }
          if (first != 0 && (flow->first_day == 0 || first < flow->first_day))
            flow->first_day = first;
          if (last > flow->last_day)
            flow->last_day = last;
        }
    }
  g_array_sort (flows->flows, compare_flows);
  return flows;
}

/* ---- Edges and comparison ------------------------------------------------------- */

GArray *
ot_store_flows_to_edges (OtStoreFlows *flows)
{
  GArray *edges = g_array_new (FALSE, TRUE, sizeof (OtStoreEdge));

  g_return_val_if_fail (flows != NULL, edges);

  for (guint f = 0; f < flows->flows->len; f++)
    {
      const OtStoreFlow *flow = &g_array_index (flows->flows, OtStoreFlow, f);
      OtStoreEdge *edge = edges->len > 0 ? &g_array_index (edges, OtStoreEdge, edges->len - 1) : NULL;

      if (edge == NULL || strcmp (edge->from.code, flow->from.code) != 0 ||
          strcmp (edge->to.code, flow->to.code) != 0 || edge->mineral != flow->mineral)
        {
          OtStoreEdge fresh = { flow->from, flow->to, flow->mineral };

          g_array_append_val (edges, fresh);
          edge = &g_array_index (edges, OtStoreEdge, edges->len - 1);
        }
      edge->n_incidents += flow->n_incidents;
      edge->n_with_kg += flow->n_with_kg;
      edge->kg += flow->kg;
      edge->n_status[flow->status] += flow->n_incidents;
      edge->n_illustrative += flow->n_illustrative;
      edge->kg_illustrative += flow->kg_illustrative;
      if (flow->first_day != 0 && (edge->first_day == 0 || flow->first_day < edge->first_day))
        edge->first_day = flow->first_day;
      edge->last_day = MAX (edge->last_day, flow->last_day);
    }
  return edges;
}

gboolean
ot_store_flows_equal (OtStoreFlows *a,
                      OtStoreFlows *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->flows->len != b->flows->len || a->n_incidents != b->n_incidents)
    return FALSE;
  for (guint f = 0; f < a->flows->len; f++)
    {
      const OtStoreFlow *x = &g_array_index (a->flows, OtStoreFlow, f);
      const OtStoreFlow *y = &g_array_index (b->flows, OtStoreFlow, f);

      if (compare_flows (x, y) != 0 || x->n_incidents != y->n_incidents || x->n_with_kg != y->n_with_kg ||
          x->n_illustrative != y->n_illustrative || x->first_day != y->first_day ||
          x->last_day != y->last_day || !ot_store_close_enough (x->kg, y->kg) ||
          !ot_store_close_enough (x->kg_illustrative, y->kg_illustrative))
        return FALSE;
    }
  return TRUE;
}

/* ---- The incidents behind a mark ------------------------------------------ */

/* The first @limit (by the case's order) of the incidents the filter
 * ($1) lets through that have the leg $2 ("CN>TH"), or touch the
 * country $3: one row per incident (with a leg given each incident has
 * it once; else its first leg, or none). */
static const char part_where[] =
  "i.row_id IN (SELECT i.row_id " FROM_WHERE
  "AND ($2::text IS NULL OR l.leg = $2::text)\n"
  "AND ($3::text IS NULL OR $3::text = ANY (i.countries))\n"
  "AND ($2::text IS NOT NULL OR l.n IS NULL OR l.n = 1)\n"
  "ORDER BY i.row_id LIMIT $4::integer)";

OtStoreCase *
ot_store_read_part (OtStore          *store,
                    const OtFilter   *filter,
                    const OtCountry  *from,
                    const OtCountry  *to,
                    const OtCountry  *place,
                    guint             limit,
                    GCancellable     *cancellable,
                    GError          **error)
{
  g_autofree char *json = filter != NULL ? ot_filter_to_json (filter) : g_strdup ("{}");
  g_autofree char *leg = NULL;
  g_autofree char *count = g_strdup_printf ("%u", MIN (limit, (guint) G_MAXINT));
  const char *params[4] = { json, NULL, NULL, count };

  g_return_val_if_fail (OT_IS_STORE (store), NULL);
  g_return_val_if_fail ((from != NULL && to != NULL) != (place != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (from != NULL)
    params[1] = leg = g_strdup_printf ("%s>%s", from->code, to->code);
  else
    params[2] = place->code;
  return ot_store_read_where (store, part_where, 4, params, cancellable, error);
}

typedef struct {
  OtFilter  *filter;
  OtCountry  from, to, place;
  gboolean   is_leg;
  guint      limit;
} PartJob;

static void
part_job_free (PartJob *job)
{
  g_clear_pointer (&job->filter, ot_filter_free);
  g_free (job);
}

static void
part_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  PartJob *job = data;
  GError *error = NULL;
  OtStoreCase *store_case = ot_store_read_part (source, job->filter, job->is_leg ? &job->from : NULL,
                                                job->is_leg ? &job->to : NULL, job->is_leg ? NULL : &job->place,
                                                job->limit, cancellable, &error);

  if (store_case == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store_case, (GDestroyNotify) ot_store_case_free);
}

void
ot_store_read_part_async (OtStore             *store,
                          const OtFilter      *filter,
                          const OtCountry     *from,
                          const OtCountry     *to,
                          const OtCountry     *place,
                          guint                limit,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PartJob *job;

  g_return_if_fail (OT_IS_STORE (store));
  g_return_if_fail ((from != NULL && to != NULL) != (place != NULL));

  task = g_task_new (store, cancellable, callback, user_data);
  job = g_new0 (PartJob, 1);
  job->filter = filter != NULL ? ot_filter_copy (filter) : NULL;
  job->is_leg = from != NULL;
  if (from != NULL)
    {
      job->from = *from;
      job->to = *to;
    }
  else
    job->place = *place;
  job->limit = limit;
  g_task_set_source_tag (task, ot_store_read_part_async);
  g_task_set_task_data (task, job, (GDestroyNotify) part_job_free);
  g_task_run_in_thread (task, part_thread);
}

OtStoreCase *
ot_store_read_part_finish (OtStore       *store,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- The countries touched -------------------------------------------------- */

/* One row per incident the filter lets through (its first leg, or none),
 * then its countries counted. */
static const char places_sql[] =
  "SELECT c, count(*) FROM (SELECT i.countries " FROM_WHERE
  "AND (l.n IS NULL OR l.n = 1)) x, unnest (x.countries) c GROUP BY c ORDER BY c";

GArray *
ot_store_query_places (OtStore         *store,
                       const OtFilter  *filter,
                       GCancellable    *cancellable,
                       GError         **error)
{
  /* (The flows' sums know no countries: the routes' answer for them.) */
  static const char *const sqls[N_ANSWERS] = { places_sql, routed_places_sql, routed_places_sql };
  GArray *places;
  PGresult *result;

  g_return_val_if_fail (OT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = exec_answered (store, filter, sqls, FALSE, NULL, cancellable, error);
  if (result == NULL)
    return NULL;
  places = g_array_new (FALSE, TRUE, sizeof (OtPlaceCount));
  for (int r = 0; r < PQntuples (result); r++)
    {
      OtPlaceCount place = { { "" }, 0 };

      if (!ot_country_parse (PQgetvalue (result, r, 0), &place.country))
        continue;   /* another tool's code */
      place.n_incidents = (guint) CLAMP (ot_store_value_int64 (result, r, 1), 0, G_MAXUINT);
      g_array_append_val (places, place);
    }
  PQclear (result);
  return places;
}

/* ---- Cells -------------------------------------------------------------------- */

GArray *
ot_store_cells_from_result (PGresult *result)
{
  GArray *cells = g_array_new (FALSE, TRUE, sizeof (OtSummaryCell));

  for (int r = 0; r < PQntuples (result); r++)
    {
      OtSummaryCell cell = { 0 };
      OtStatus status;

      cell.mineral = OT_MINERAL_NONE;
      if (!PQgetisnull (result, r, 0) && *PQgetvalue (result, r, 0) != '\0' &&
          !ot_mineral_parse (PQgetvalue (result, r, 0), &cell.mineral))
        continue;
      if (PQgetisnull (result, r, 1) || !ot_status_parse (PQgetvalue (result, r, 1), &status))
        continue;
      cell.status = status;
      cell.illustrative = PQgetvalue (result, r, 2)[0] == 't';
      cell.month = (int) ot_store_value_int64 (result, r, 3);
      cell.n_incidents = (guint) CLAMP (ot_store_value_int64 (result, r, 4), 0, G_MAXUINT);
      g_array_append_val (cells, cell);
    }
  PQclear (result);
  return cells;
}

/* ---- Cells under a filter ----------------------------------------------------- */

static const char cells_sql[] =
  "SELECT mineral, status, illustrative <> 0, coalesce (month, -1), count(*) " FROM_WHERE
  "AND (l.n IS NULL OR l.n = 1) GROUP BY 1, 2, 3, 4";

GArray *
ot_store_query_filtered_cells (OtStore         *store,
                               const OtFilter  *filter,
                               GCancellable    *cancellable,
                               GError         **error)
{
  static const char *const sqls[N_ANSWERS] = { cells_sql, routed_cells_sql, routed_cells_sql };
  PGresult *result;

  g_return_val_if_fail (OT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = exec_answered (store, filter, sqls, FALSE, NULL, cancellable, error);
  return result != NULL ? ot_store_cells_from_result (result) : NULL;
}
