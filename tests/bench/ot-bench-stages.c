/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The in-process stages of the benchmark, for one size: each is timed
 * with the monotonic clock over several repetitions and reported as the
 * median.  Runs in a child process of the driver so that the peak memory
 * of one size does not leak into the next. */
#include "ot-bench.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ot-alias-suggest.h"
#include "ot-case.h"
#include "ot-document.h"
#include "ot-loader.h"
#include "ot-network.h"
#include "ot-filter.h"
#ifdef OT_BENCH_HAVE_GRAPH
#include "ot-graph.h"
#include "ot-layout-force.h"
#include "ot-layout-network.h"
#endif
#ifdef OT_BENCH_HAVE_CHART
#include <cairo.h>
#include "ot-chart.h"
#include "ot-export.h"
#include "ot-mineral.h"
#include "ot-render.h"
#include "ot-scene-private.h"
#include "ot-view-private.h"
#endif

#define MAX_REPS      25
#define FRAME_WIDTH   1920
#define FRAME_HEIGHT  1080
#define ZOOM_FACTOR   8.0

#define WANT(config, group) ((config)->only == NULL || g_str_equal ((config)->only, group))
#define ONLY(config, group) ((config)->only != NULL && g_str_equal ((config)->only, group))

char *
bench_data_path (const char *datadir,
                 guint       size,
                 const char *suffix)
{
  g_autofree char *name = g_strdup_printf ("incidents-%u%s", size, suffix);

  return g_build_filename (datadir, name, NULL);
}

guint64
bench_proc_kib (const char *field)
{
  g_autofree char *status = NULL;
  gsize n = strlen (field);

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  for (char *line = status; line && *line; )
    {
      char *next = strchr (line, '\n');

      if (strncmp (line, field, n) == 0 && line[n] == ':')
        return g_ascii_strtoull (line + n + 1, NULL, 10);
      line = next ? next + 1 : NULL;
    }
  return 0;
}

/* ---- Timing ---------------------------------------------------------- */

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* @run does the timed work and returns what @cleanup (untimed) frees. */
typedef gpointer (*RunFunc) (gpointer data);

typedef struct {
  double median_s;
  double min_s;
  double cpu_median_s;   /* process CPU time: steadier on a busy machine */
  guint  reps;
} Timing;

static double
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof v[0], cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static Timing
time_stage (const BenchConfig *config,
            RunFunc            run,
            GDestroyNotify     cleanup,
            gpointer           data)
{
  double times[MAX_REPS], cpu[MAX_REPS], total = 0;
  guint n = 0;
  Timing t;

  while (n < MAX_REPS)
    {
      double c0 = cpu_now ();
      gint64 t0 = g_get_monotonic_time ();
      gpointer result = run (data);
      double dt = (g_get_monotonic_time () - t0) / 1e6;

      cpu[n] = cpu_now () - c0;
      if (cleanup && result)
        cleanup (result);
      times[n++] = dt;
      total += dt;
      if (n >= config->min_reps && total >= config->budget_s)
        break;
      /* A slow stage (the 1M set) stops early, after one run if need be. */
      if (total >= 15.0)
        break;
    }
  t.reps = n;
  t.median_s = median (times, n);
  t.min_s = times[0];
  t.cpu_median_s = median (cpu, n);
  return t;
}

static void
add_timing (JsonBuilder  *b,
            const char   *name,
            const Timing *t,
            const char   *extra_name,
            double        extra_value,
            const char   *extra2_name,
            double        extra2_value)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "median_s");
  json_builder_add_double_value (b, t->median_s);
  json_builder_set_member_name (b, "min_s");
  json_builder_add_double_value (b, t->min_s);
  json_builder_set_member_name (b, "cpu_median_s");
  json_builder_add_double_value (b, t->cpu_median_s);
  json_builder_set_member_name (b, "reps");
  json_builder_add_int_value (b, t->reps);
  if (extra_name)
    {
      json_builder_set_member_name (b, extra_name);
      json_builder_add_double_value (b, extra_value);
    }
  if (extra2_name)
    {
      json_builder_set_member_name (b, extra2_name);
      json_builder_add_double_value (b, extra2_value);
    }
  json_builder_end_object (b);
  g_printerr ("  %-28s %10.2f ms  (min %.2f, cpu %.2f, %u reps)\n", name, t->median_s * 1e3,
              t->min_s * 1e3, t->cpu_median_s * 1e3, t->reps);
}

static void
add_uint (JsonBuilder *b,
          const char  *name,
          guint64      value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, (gint64) value);
}

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

BenchTiming
bench_time_stage (const BenchConfig *config,
                  gpointer         (*run) (gpointer data),
                  GDestroyNotify     cleanup,
                  gpointer           data)
{
  Timing t = time_stage (config, run, cleanup, data);

  return (BenchTiming) { t.median_s, t.min_s, t.cpu_median_s, t.reps };
}

void
bench_add_timing (JsonBuilder       *b,
                  const char        *name,
                  const BenchTiming *timing,
                  const char        *extra_name,
                  double             extra_value)
{
  Timing t = { timing->median_s, timing->min_s, timing->cpu_median_s, timing->reps };

  add_timing (b, name, &t, extra_name, extra_value, NULL, 0);
}

/* ---- Loading --------------------------------------------------------- */

static gpointer
run_load (gpointer data)
{
  GFile *file = data;
  g_autoptr(GError) error = NULL;
  OtDataset *dataset = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);

  if (dataset == NULL)
    g_error ("loading failed: %s", error->message);
  return dataset;
}

static gboolean
bench_load (const BenchConfig *config,
            JsonBuilder       *b,
            const char        *suffix,
            const char        *stage,
            OtDataset        **keep,
            GError           **error)
{
  g_autofree char *path = bench_data_path (config->datadir, config->size, suffix);
  g_autofree char *bytes_name = g_strconcat (stage, "_bytes", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GStatBuf st;
  Timing t;

  if (g_stat (path, &st) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: missing", path);
      return FALSE;
    }

  if (keep)
    {
      /* The first load also gives the memory a dataset keeps and the peak
       * while loading. */
      guint64 rss0 = bench_proc_kib ("VmRSS");
      gint64 t0 = g_get_monotonic_time ();
      guint n;

      *keep = run_load (file);
      n = ot_dataset_get_n_incidents (*keep);
      json_builder_set_member_name (b, "memory");
      json_builder_begin_object (b);
      add_double (b, "first_load_s", (g_get_monotonic_time () - t0) / 1e6);
      add_uint (b, "rss_before_kib", rss0);
      add_uint (b, "rss_after_load_kib", bench_proc_kib ("VmRSS"));
      add_uint (b, "hwm_after_load_kib", bench_proc_kib ("VmHWM"));
      add_double (b, "bytes_per_incident",
                  n ? (bench_proc_kib ("VmRSS") - (double) rss0) * 1024.0 / n : 0);
      add_double (b, "peak_bytes_per_incident",
                  n ? (bench_proc_kib ("VmHWM") - (double) rss0) * 1024.0 / n : 0);
      json_builder_end_object (b);
      add_uint (b, "incidents", n);
      add_uint (b, "rejected", ot_dataset_get_n_rejected (*keep));
    }

  if (!WANT (config, "load") && !(keep && ONLY (config, "csv")))
    return TRUE;
  t = time_stage (config, run_load, g_object_unref, file);
  add_timing (b, stage, &t,
              "mb_s", st.st_size / 1e6 / t.median_s,
              "records_s", config->size / t.median_s);
  add_uint (b, bytes_name, st.st_size);
  return TRUE;
}

/* ---- Case files (issue 17) ------------------------------------------ */

typedef struct {
  OtDataset  *dataset;
  const char *path;
} CaseJob;

static gpointer
run_case_save (gpointer data)
{
  CaseJob *job = data;
  g_autoptr(GError) error = NULL;

  if (!ot_case_save (job->dataset, NULL, job->path, NULL, &error))
    g_error ("saving the case failed: %s", error->message);
  return NULL;
}

static gpointer
run_case_open (gpointer data)
{
  CaseJob *job = data;
  g_autoptr(GError) error = NULL;
  OtDataset *dataset = ot_case_load (job->path, NULL, NULL, &error);

  if (dataset == NULL)
    g_error ("opening the case failed: %s", error->message);
  if (ot_dataset_get_n_incidents (dataset) != ot_dataset_get_n_incidents (job->dataset))
    g_error ("the case holds %u incidents, not %u", ot_dataset_get_n_incidents (dataset),
             ot_dataset_get_n_incidents (job->dataset));
  return dataset;
}

/* Saving the loaded set as a case (in memory, then written, fsynced and
 * renamed into place) and opening it again (every row through the
 * loaders' record rules). */
static void
bench_case (const BenchConfig *config,
            JsonBuilder       *b,
            OtDataset         *dataset)
{
  g_autofree char *path = bench_data_path (config->datadir, config->size, ".oretrace");
  CaseJob job = { dataset, path };
  GStatBuf st;
  Timing t;

  t = time_stage (config, run_case_save, NULL, &job);
  add_timing (b, "case_save", &t, "records_s", config->size / t.median_s, NULL, 0);
  if (g_stat (path, &st) == 0)
    add_uint (b, "case_bytes", st.st_size);
  t = time_stage (config, run_case_open, g_object_unref, &job);
  add_timing (b, "case_open", &t, "records_s", config->size / t.median_s, NULL, 0);
  g_unlink (path);
}

/* ---- Alias suggestions (issue 17) ------------------------------------ */

static gpointer
run_aliases (gpointer data)
{
  return ot_alias_suggest (data, NULL, NULL, 0);
}

/* Every probable same-company pair of the loaded set: its distinct
 * exporters and consignees normalised, blocked and scored
 * (docs/aliases.md, "Suggestions"). */
static void
bench_aliases (const BenchConfig *config,
               JsonBuilder       *b,
               OtDataset         *dataset)
{
  g_autoptr(GHashTable) companies = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) list = ot_alias_suggest (dataset, NULL, NULL, 0);
  Timing t;

  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (dataset, i);

      if (incident->exporter)
        g_hash_table_add (companies, (gpointer) incident->exporter);
      if (incident->consignee)
        g_hash_table_add (companies, (gpointer) incident->consignee);
    }
  t = time_stage (config, run_aliases, (GDestroyNotify) g_array_unref, dataset);
  add_timing (b, "aliases", &t, "companies", g_hash_table_size (companies),
              "suggestions", list->len);

  /* Generated names differ only by their numbers: nothing to suggest.
   * To time the scoring too, each company once more as a second report
   * would write it (upper case with a legal form, or a letter dropped),
   * one incident each, in a set of its own. */
  {
    g_autoptr(GString) csv = g_string_new ("id,date,mineral,origin,exporter\n");
    g_autoptr(OtDataset) respelled = ot_dataset_new ();
    g_autoptr(GArray) found = NULL;
    GHashTableIter iter;
    gpointer key;
    guint n = 0;

    g_hash_table_iter_init (&iter, companies);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        const char *name = key;
        g_autofree char *upper = g_utf8_strup (name, -1);

        g_string_append_printf (csv, "R%u,2025,antimony,CN,\"%s\"\n", n++, name);
        if (n % 2)
          g_string_append_printf (csv, "R%u,2025,antimony,CN,\"%s CO., LTD.\"\n", n++, upper);
        else
          g_string_append_printf (csv, "R%u,2025,antimony,CN,\"%c%s\"\n", n++, name[0], name + 2);
      }
    if (!ot_loader_load_data (respelled, "respelled.csv", csv->str, csv->len, NULL, NULL))
      g_error ("loading the respelled companies failed");
    found = ot_alias_suggest (respelled, NULL, NULL, 0);
    t = time_stage (config, run_aliases, (GDestroyNotify) g_array_unref, respelled);
    add_timing (b, "aliases_respelled", &t, "companies", n, "suggestions", found->len);
  }
}

/* ---- The case document (issue 17) ------------------------------------ */

typedef struct {
  OtDocument *document;
  OtIncident  incident;   /* a copy of the first, with a new id */
} DocJob;

static void
redo_cleanup (gpointer data)
{
  ot_document_redo (data);
}

static void
undo_cleanup (gpointer data)
{
  ot_document_undo (data);
}

static gpointer
run_undo (gpointer data)
{
  DocJob *job = data;

  if (!ot_document_undo (job->document))
    g_error ("nothing to undo");
  return job->document;
}

/* Undo, and the entities network of the version it gives: what the
 * window's next frame starts from. */
static gpointer
run_undo_network (gpointer data)
{
  DocJob *job = data;

  if (!ot_document_undo (job->document))
    g_error ("nothing to undo");
  ot_network_unref (ot_network_new (ot_document_get_dataset (job->document), NULL,
                                    OT_PROJECTION_ENTITIES));
  return job->document;
}

static gpointer
run_add (gpointer data)
{
  DocJob *job = data;
  g_autoptr(GError) error = NULL;

  if (!ot_document_add_incident (job->document, &job->incident, &error))
    g_error ("adding failed: %s", error->message);
  return job->document;
}

/* The two exporters named most often. */
static void
top_exporters (OtDataset   *dataset,
               const char **names)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTableIter iter;
  gpointer key, value;
  guint best[2] = { 0, 0 };

  names[0] = names[1] = NULL;
  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
    {
      const char *name = ot_dataset_get_incident (dataset, i)->exporter;

      if (name != NULL)
        g_hash_table_insert (counts, (gpointer) name,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) + 1));
    }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint n = GPOINTER_TO_UINT (value);

      if (n > best[0] || (n == best[0] && names[0] && strcmp (key, names[0]) < 0))
        {
          best[1] = best[0], names[1] = names[0];
          best[0] = n, names[0] = key;
        }
      else if (n > best[1] || (n == best[1] && names[1] && strcmp (key, names[1]) < 0))
        best[1] = n, names[1] = key;
    }
}

/* Undo of a merge of the two busiest exporters (the document alone, and
 * with the entities network of the version it gives), and adding one
 * incident (which copies the incidents into a new version). */
static void
bench_document (const BenchConfig *config,
                JsonBuilder       *b,
                OtDataset         *dataset)
{
  g_autoptr(OtDataset) version = ot_dataset_new_version (dataset);   /* the bench's dataset stays as it is */
  g_autoptr(OtDocument) document = ot_document_new (version);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *names[2];
  DocJob job = { document };
  Timing t;

  top_exporters (dataset, names);
  if (names[1] == NULL)
    return;
  if (!ot_document_merge_companies (document, names, 2, "Merged for the benchmark", &error))
    g_error ("merging failed: %s", error->message);
  t = time_stage (config, run_undo, redo_cleanup, &job);
  add_timing (b, "undo_merge", &t, NULL, 0, NULL, 0);
  t = time_stage (config, run_undo_network, redo_cleanup, &job);
  add_timing (b, "undo_merge_network", &t, NULL, 0, NULL, 0);

  job.incident = *ot_dataset_get_incident (dataset, 0);
  id = g_strdup_printf ("%s-bench-copy", job.incident.id);
  job.incident.id = id;
  t = time_stage (config, run_add, undo_cleanup, &job);
  add_timing (b, "add_incident", &t, NULL, 0, NULL, 0);
  run_add (&job);
  t = time_stage (config, run_undo, redo_cleanup, &job);   /* the add's undo */
  add_timing (b, "undo_add", &t, NULL, 0, NULL, 0);
}

/* ---- Network --------------------------------------------------------- */

typedef struct {
  OtDataset      *dataset;
  OtProjection    projection;
  OtNetwork      *network;
  const OtFilter *filters[2];
  guint           turn;
} NetJob;

static gpointer
run_network (gpointer data)
{
  NetJob *job = data;

  return ot_network_new (job->dataset, NULL, job->projection);
}

static gpointer
run_refilter (gpointer data)
{
  NetJob *job = data;

  return ot_network_refilter (job->network, job->filters[job->turn++ % 2]);
}

/* The mineral most incidents have. */
static OtMineral
commonest_mineral (OtDataset *dataset)
{
  guint counts[256] = { 0 }, best = 0;

  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
    counts[ot_dataset_get_incident (dataset, i)->mineral]++;
  for (guint m = 1; m < 255; m++)
    if (counts[m] > counts[best])
      best = m;
  return best;
}

static void
add_network_shape (JsonBuilder *b,
                   const char  *name,
                   OtNetwork   *network)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  add_uint (b, "vertices", ot_network_get_n_vertices (network));
  add_uint (b, "edges", ot_network_get_n_edges (network));
  add_uint (b, "included", ot_network_get_n_included (network));
  json_builder_end_object (b);
}

static OtNetwork *
bench_network (const BenchConfig *config,
               JsonBuilder       *b,
               OtDataset         *dataset)
{
  NetJob job = { dataset, OT_PROJECTION_ENTITIES, NULL, { NULL, NULL }, 0 };
  g_autoptr(OtFilter) one = ot_filter_new ();
  g_autoptr(OtFilter) seized = ot_filter_new ();
  g_autoptr(OtNetwork) countries = NULL;
  g_autoptr(OtNetwork) filtered = NULL;
  Timing t;

  t = time_stage (config, run_network, (GDestroyNotify) ot_network_unref, &job);
  add_timing (b, "network_entities", &t, NULL, 0, NULL, 0);
  job.projection = OT_PROJECTION_COUNTRIES;
  t = time_stage (config, run_network, (GDestroyNotify) ot_network_unref, &job);
  add_timing (b, "network_countries", &t, NULL, 0, NULL, 0);
  countries = ot_network_new (dataset, NULL, OT_PROJECTION_COUNTRIES);

  /* A filter change: one mineral, then the confirmed statuses. */
  job.network = ot_network_new (dataset, NULL, OT_PROJECTION_ENTITIES);
  ot_filter_set_mineral (one, commonest_mineral (dataset), TRUE);
  ot_filter_set_status (seized, OT_STATUS_SEIZED, TRUE);
  ot_filter_set_status (seized, OT_STATUS_CONVICTED, TRUE);
  job.filters[0] = one;
  job.filters[1] = seized;
  t = time_stage (config, run_refilter, (GDestroyNotify) ot_network_unref, &job);
  add_timing (b, "refilter_entities", &t, NULL, 0, NULL, 0);
  filtered = ot_network_refilter (job.network, one);

  json_builder_set_member_name (b, "network");
  json_builder_begin_object (b);
  add_network_shape (b, "entities", job.network);
  add_network_shape (b, "countries", countries);
  add_network_shape (b, "entities_one_mineral", filtered);
  json_builder_end_object (b);
  return job.network;
}

/* ---- Analysis -------------------------------------------------------- */

#ifdef OT_BENCH_HAVE_GRAPH
typedef struct {
  guint         n_vertices;
  guint        *edges;
  guint         n_edges;
  double       *weights;
  double       *out;
  guint        *membership;
  GCancellable *cancellable;
} GraphJob;

static gpointer
run_betweenness (gpointer data)
{
  GraphJob *job = data;

  ot_graph_betweenness (job->n_vertices, job->edges, job->n_edges, job->out,
                        job->cancellable, NULL);
  return NULL;
}

static gpointer
run_pagerank (gpointer data)
{
  GraphJob *job = data;

  ot_graph_pagerank (job->n_vertices, job->edges, job->n_edges, job->weights, 0.85,
                     job->out, job->cancellable, NULL);
  return NULL;
}

static gpointer
run_communities (gpointer data)
{
  GraphJob *job = data;
  guint n_communities;

  ot_graph_communities (job->n_vertices, job->edges, job->n_edges, job->weights, 1,
                        job->membership, &n_communities, job->cancellable, NULL);
  return NULL;
}

static gpointer
run_force_layout (gpointer data)
{
  GraphJob *job = data;
  double *xy = g_new (double, 2 * (gsize) MAX (job->n_vertices, 1));

  ot_graph_layout_force (job->n_vertices, job->edges, job->n_edges, job->weights, xy,
                         FALSE, 1, job->cancellable, NULL);
  return xy;
}

static void
bench_analysis (const BenchConfig *config,
                JsonBuilder       *b,
                OtNetwork         *network)
{
  GraphJob job = { 0 };
  Timing t;

  job.n_vertices = ot_network_get_n_vertices (network);
  job.n_edges = ot_network_get_n_edges (network);
  job.edges = g_new (guint, 2 * (gsize) MAX (job.n_edges, 1));
  job.weights = g_new (double, MAX (job.n_edges, 1));
  job.out = g_new (double, MAX (job.n_vertices, 1));
  job.membership = g_new (guint, MAX (job.n_vertices, 1));
  for (guint e = 0; e < job.n_edges; e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);

      job.edges[2 * e] = edge->from;
      job.edges[2 * e + 1] = edge->to;
      job.weights[e] = edge->n_incidents;
    }

  t = time_stage (config, run_betweenness, NULL, &job);
  add_timing (b, "betweenness", &t, NULL, 0, NULL, 0);
  t = time_stage (config, run_pagerank, NULL, &job);
  add_timing (b, "pagerank", &t, NULL, 0, NULL, 0);
  t = time_stage (config, run_communities, NULL, &job);
  add_timing (b, "communities", &t, NULL, 0, NULL, 0);
  t = time_stage (config, run_force_layout, g_free, &job);
  add_timing (b, "force_layout", &t, NULL, 0, NULL, 0);

  g_free (job.edges);
  g_free (job.weights);
  g_free (job.out);
  g_free (job.membership);
}
#endif

/* ---- The frame target: 10k vertices, 50k edges ----------------------- */

#if defined (OT_BENCH_HAVE_GRAPH) && defined (OT_BENCH_HAVE_CHART)
#define BIG_VERTICES 10000
#define BIG_EDGES    50000

/* A seeded scale-free-ish graph (each new edge picks one end among the
 * ends of earlier edges), laid out by igraph's force layout, drawn as the
 * network view draws: circles sized by degree, cubic arcs sized by a
 * heavy-tailed weight, labels on the largest nodes. */
static OtScene *
big_scene (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree guint *edges = g_new (guint, 2 * BIG_EDGES);
  g_autofree double *xy = g_new (double, 2 * BIG_VERTICES);
  g_autofree guint *degree = g_new0 (guint, BIG_VERTICES);
  g_autoptr(GError) error = NULL;
  OtScene *scene = ot_scene_new (ot_theme_light ());
  char label[32];

  for (guint e = 0; e < BIG_EDGES; e++)
    {
      guint a = e < BIG_VERTICES ? e : (guint) g_rand_int_range (rand, 0, BIG_VERTICES);
      guint b = e > 0 && g_rand_boolean (rand)
                ? edges[g_rand_int_range (rand, 0, 2 * (gint32) e)]
                : (guint) g_rand_int_range (rand, 0, BIG_VERTICES);

      if (b == a)
        b = (a + 1) % BIG_VERTICES;
      edges[2 * e] = a;
      edges[2 * e + 1] = b;
      degree[a]++;
      degree[b]++;
    }
  if (!ot_graph_layout_force (BIG_VERTICES, edges, BIG_EDGES, NULL, xy, FALSE, 1, NULL, &error))
    g_error ("layout failed: %s", error->message);

  for (guint e = 0; e < BIG_EDGES; e++)
    {
      const double *p = &xy[2 * edges[2 * e]], *q = &xy[2 * edges[2 * e + 1]];
      double dx = q[0] - p[0], dy = q[1] - p[1], kg = exp (g_rand_double_range (rand, 0, 12));
      OtPoint pts[4] = { { p[0], p[1] },
                         { p[0] + dx / 3 - dy * 0.12, p[1] + dy / 3 + dx * 0.12 },
                         { p[0] + 2 * dx / 3 - dy * 0.12, p[1] + 2 * dy / 3 + dx * 0.12 },
                         { q[0], q[1] } };
      OtSceneEdge edge = { pts, 4, TRUE };

      edge.width = ot_scene_width_for_kg (exp (12), kg, 0.75, 12);
      ot_mineral_color (e % ot_mineral_count (), &edge.color.r, &edge.color.g, &edge.color.b);
      edge.color.a = 0.7;
      edge.arrow = TRUE;
      edge.end_inset = 4;
      edge.importance = kg;
      edge.id = e;
      ot_scene_add_edge (scene, &edge);
    }
  for (guint v = 0; v < BIG_VERTICES; v++)
    {
      OtSceneNode node = { xy[2 * v], xy[2 * v + 1], 2 + sqrt (degree[v]) };

      ot_rgba_parse_hex (&node.fill, v % 5 ? "#8a8f98" : "#3b7ea1");
      node.shape = v % 5 ? OT_NODE_SQUARE : OT_NODE_CIRCLE;
      g_snprintf (label, sizeof label, "Vertex %u", v);
      node.label = label;
      node.label_importance = degree[v];
      node.id = v;
      ot_scene_add_node (scene, &node);
    }
  ot_scene_finish (scene);
  return scene;
}
#endif

/* ---- Views, frames, exports ------------------------------------------ */

#ifdef OT_BENCH_HAVE_CHART
typedef struct {
  OtDataset  *dataset;
  OtViewKind  view;
  GFile      *file;
} ChartJob;

static OtChart *
new_chart (OtDataset  *dataset,
           OtViewKind  view)
{
  OtChart *chart = ot_chart_new ();
  g_autoptr(GError) error = NULL;

  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, view);
  if (!ot_chart_update (chart, NULL, &error))
    g_error ("chart update failed: %s", error->message);
  return chart;
}

static gpointer
run_chart (gpointer data)
{
  ChartJob *job = data;

  return new_chart (job->dataset, job->view);
}

typedef struct {
  OtScene         *scene;
  OtViewport       vp;
  OtRenderOptions  opts;
  cairo_surface_t *surface;
} FrameJob;

static gpointer
run_frame (gpointer data)
{
  FrameJob *job = data;
  cairo_t *cr = cairo_create (job->surface);

  ot_render_scene (cr, job->scene, &job->vp, &job->opts);
  cairo_destroy (cr);
  cairo_surface_flush (job->surface);
  return NULL;
}

static void
bench_frames (const BenchConfig *config,
              JsonBuilder       *b,
              const char        *view,
              OtScene           *scene)
{
  FrameJob job = { scene };
  g_autofree char *full = g_strdup_printf ("frame_%s_full", view);
  g_autofree char *zoomed = g_strdup_printf ("frame_%s_zoomed", view);
  g_autofree char *exact = g_strdup_printf ("frame_%s_exact", view);
  Timing t;

  job.surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, FRAME_WIDTH, FRAME_HEIGHT);
  ot_render_options_init (&job.opts);
  ot_render_fit (scene, &job.opts, FRAME_WIDTH, FRAME_HEIGHT, &job.vp);
  t = time_stage (config, run_frame, NULL, &job);
  add_timing (b, full, &t, NULL, 0, NULL, 0);

  ot_viewport_zoom_at (&job.vp, ZOOM_FACTOR, FRAME_WIDTH / 2.0, FRAME_HEIGHT / 2.0);
  t = time_stage (config, run_frame, NULL, &job);
  add_timing (b, zoomed, &t, NULL, 0, NULL, 0);

  /* Exact frames take minutes above 100k; the exports show that cost. */
  if (config->size <= 100000)
    {
      job.opts.exact = TRUE;
      ot_render_fit (scene, &job.opts, FRAME_WIDTH, FRAME_HEIGHT, &job.vp);
      t = time_stage (config, run_frame, NULL, &job);
      add_timing (b, exact, &t, NULL, 0, NULL, 0);
    }
  cairo_surface_destroy (job.surface);
}

typedef struct {
  OtScene         *scene;
  OtExportOptions  opts;
  const char      *path;
} ExportJob;

static gpointer
run_export (gpointer data)
{
  ExportJob *job = data;
  g_autoptr(GError) error = NULL;

  if (!ot_export_scene (job->scene, NULL, &job->opts, job->path, &error))
    g_error ("export failed: %s", error->message);
  return NULL;
}

/* The whole way from a loaded dataset to an SVG file of one view: the
 * chart (network, layout, scene) and the export, as `--export` does.  The
 * line docs/performance.md compares with `sfdp -Tsvg` on the aggregated
 * graph. */
typedef struct {
  OtDataset  *dataset;
  OtViewKind  view;
  const char *path;
} ViewExportJob;

static gpointer
run_view_export (gpointer data)
{
  ViewExportJob *job = data;
  g_autoptr(OtChart) chart = new_chart (job->dataset, job->view);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  ExportJob export = { scene, { 0 }, job->path };

  ot_export_options_init (&export.opts);
  export.opts.width = FRAME_WIDTH;
  export.opts.height = FRAME_HEIGHT;
  return run_export (&export);
}

static void
bench_view_export (const BenchConfig *config,
                   JsonBuilder       *b,
                   OtDataset         *dataset,
                   OtViewKind         view)
{
  g_autofree char *suffix = g_strdup_printf ("-%s-whole.svg", ot_view_kind_name (view));
  g_autofree char *path = bench_data_path (config->datadir, config->size, suffix);
  g_autofree char *name = g_strdup_printf ("view_export_svg_%s", ot_view_kind_name (view));
  ViewExportJob job = { dataset, view, path };
  GStatBuf st;
  Timing t;

  t = time_stage (config, run_view_export, NULL, &job);
  add_timing (b, name, &t, "bytes", g_stat (path, &st) == 0 ? st.st_size : 0, NULL, 0);
}

static void
bench_exports (const BenchConfig *config,
               JsonBuilder       *b,
               OtScene           *scene)
{
  static const char * const formats[] = { "png", "svg", "pdf" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *suffix = g_strdup_printf ("-network.%s", formats[i]);
      g_autofree char *path = bench_data_path (config->datadir, config->size, suffix);
      g_autofree char *name = g_strdup_printf ("export_%s", formats[i]);
      ExportJob job = { scene, { 0 }, path };
      GStatBuf st;
      Timing t;

      ot_export_options_init (&job.opts);
      job.opts.width = FRAME_WIDTH;
      job.opts.height = FRAME_HEIGHT;
      t = time_stage (config, run_export, NULL, &job);
      add_timing (b, name, &t, "bytes", g_stat (path, &st) == 0 ? st.st_size : 0, NULL, 0);
    }
}

/* Graphviz input with Oretrace's own positions (page px at the fitted
 * 1920 x 1080 view, y up): the peers' "pure rendering" case. */
static void
write_dot (const BenchConfig *config,
           OtScene           *scene,
           gboolean           with_positions)
{
  g_autofree char *path = bench_data_path (config->datadir, config->size,
                                           with_positions ? "-pos.dot" : "-nopos.dot");
  g_autoptr(GString) out = g_string_new ("digraph oretrace {\n  graph [outputorder=edgesfirst];\n"
                                         "  node [shape=circle, style=filled, fixedsize=true, "
                                         "fontsize=8];\n  edge [arrowsize=0.5];\n");
  g_autoptr(GHashTable) at = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                    (GDestroyNotify) g_bytes_unref, NULL);
  g_autoptr(GError) error = NULL;
  OtRenderOptions opts;
  OtViewport vp;
  guint n_nodes = scene->nodes->len;

  ot_render_options_init (&opts);
  ot_render_fit (scene, &opts, FRAME_WIDTH, FRAME_HEIGHT, &vp);
  for (guint i = 0; i < n_nodes; i++)
    {
      const OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, i);
      double px, py, pt[2] = { node->x, node->y };
      g_autofree char *label = g_strescape (node->label ? node->label : "", NULL);

      ot_viewport_to_page (&vp, node->x, node->y, &px, &py);
      g_hash_table_insert (at, g_bytes_new (pt, sizeof pt), GUINT_TO_POINTER (i + 1));
      g_string_append_printf (out, "  n%u [label=\"%s\", width=%.3f, fillcolor=\"#%02x%02x%02x\"",
                              i, label, 2 * MAX (node->radius, 1) / 72.0,
                              (int) (node->fill.r * 255), (int) (node->fill.g * 255),
                              (int) (node->fill.b * 255));
      if (with_positions)
        g_string_append_printf (out, ", pos=\"%.2f,%.2f!\"", px, FRAME_HEIGHT - py);
      g_string_append (out, "];\n");
    }
  for (guint i = 0; i < scene->edges->len; i++)
    {
      const OtEdgeItem *edge = &g_array_index (scene->edges, OtEdgeItem, i);
      const OtPoint *p = ot_scene_points (scene, edge->path);
      const OtPoint *q = p + edge->path.n - 1;
      double a[2] = { p->x, p->y }, z[2] = { q->x, q->y };
      g_autoptr(GBytes) ka = g_bytes_new (a, sizeof a);
      g_autoptr(GBytes) kz = g_bytes_new (z, sizeof z);
      guint from = GPOINTER_TO_UINT (g_hash_table_lookup (at, ka));
      guint to = GPOINTER_TO_UINT (g_hash_table_lookup (at, kz));

      if (from == 0 || to == 0)
        continue;   /* an edge that does not start and end on a node */
      g_string_append_printf (out, "  n%u -> n%u [penwidth=%.2f, color=\"#%02x%02x%02x\"];\n",
                              from - 1, to - 1, edge->width,
                              (int) (edge->color.r * 255), (int) (edge->color.g * 255),
                              (int) (edge->color.b * 255));
    }
  g_string_append (out, "}\n");
  if (!g_file_set_contents (path, out->str, out->len, &error))
    g_error ("%s", error->message);
}

/* A filter change as the window makes it: refilter, rebuild the scene
 * (positions kept), draw one frame. */
typedef struct {
  OtChart         *chart;
  const OtFilter  *filters[2];
  guint            turn;
  cairo_surface_t *surface;
} RedrawJob;

static gpointer
run_filter_redraw (gpointer data)
{
  RedrawJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OtScene) scene = NULL;
  FrameJob frame = { 0 };

  ot_chart_set_filter (job->chart, job->filters[job->turn++ % 2]);
  if (!ot_chart_update (job->chart, NULL, &error))
    g_error ("chart update failed: %s", error->message);
  scene = ot_chart_get_scene (job->chart);
  frame.scene = scene;
  frame.surface = job->surface;
  ot_render_options_init (&frame.opts);
  ot_render_fit (scene, &frame.opts, FRAME_WIDTH, FRAME_HEIGHT, &frame.vp);
  run_frame (&frame);
  return NULL;
}

static void
bench_filter_redraw (const BenchConfig *config,
                     JsonBuilder       *b,
                     OtDataset         *dataset)
{
  g_autoptr(OtChart) chart = new_chart (dataset, OT_VIEW_NETWORK);
  g_autoptr(OtFilter) one = ot_filter_new ();
  g_autoptr(OtFilter) confirmed = ot_filter_new ();
  RedrawJob job = { chart, { one, confirmed }, 0, NULL };
  Timing t;

  ot_filter_set_mineral (one, commonest_mineral (dataset), TRUE);
  ot_filter_set_status (confirmed, OT_STATUS_SEIZED, TRUE);
  ot_filter_set_status (confirmed, OT_STATUS_CONVICTED, TRUE);
  job.surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, FRAME_WIDTH, FRAME_HEIGHT);
  t = time_stage (config, run_filter_redraw, NULL, &job);
  add_timing (b, "filter_redraw", &t, NULL, 0, NULL, 0);
  cairo_surface_destroy (job.surface);
}

typedef struct {
  GFile      *file;
  OtScene    *scene;
} FirstFrame;

static gpointer
run_first_frame (gpointer data)
{
  GFile *file = data;
  g_autoptr(OtDataset) dataset = run_load (file);
  g_autoptr(OtChart) chart = new_chart (dataset, OT_VIEW_NETWORK);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  FrameJob job = { scene };

  job.surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, FRAME_WIDTH, FRAME_HEIGHT);
  ot_render_options_init (&job.opts);
  ot_render_fit (scene, &job.opts, FRAME_WIDTH, FRAME_HEIGHT, &job.vp);
  run_frame (&job);
  cairo_surface_destroy (job.surface);
  return NULL;
}

static void
bench_views (const BenchConfig *config,
             JsonBuilder       *b,
             OtDataset         *dataset)
{
  g_autofree char *csv = bench_data_path (config->datadir, config->size, ".csv");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  Timing t;

  json_builder_set_member_name (b, "scenes");
  json_builder_begin_object (b);
  for (OtViewKind view = 0; view < OT_N_VIEWS; view++)
    {
      g_autoptr(OtChart) chart = new_chart (dataset, view);
      g_autoptr(OtScene) scene = ot_chart_get_scene (chart);

      json_builder_set_member_name (b, ot_view_kind_name (view));
      json_builder_begin_object (b);
      add_uint (b, "nodes", ot_scene_get_n_nodes (scene));
      add_uint (b, "edges", ot_scene_get_n_edges (scene));
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  for (OtViewKind view = 0; view < OT_N_VIEWS; view++)
    {
      ChartJob job = { dataset, view, NULL };
      g_autofree char *name = g_strdup_printf ("view_%s", ot_view_kind_name (view));
      g_autoptr(OtChart) chart = NULL;
      g_autoptr(OtScene) scene = NULL;

      t = time_stage (config, run_chart, g_object_unref, &job);
      add_timing (b, name, &t, NULL, 0, NULL, 0);
      chart = new_chart (dataset, view);
      scene = ot_chart_get_scene (chart);
      bench_frames (config, b, ot_view_kind_name (view), scene);
      bench_view_export (config, b, dataset, view);
      if (view == OT_VIEW_NETWORK)
        {
          bench_exports (config, b, scene);
          write_dot (config, scene, TRUE);
          write_dot (config, scene, FALSE);
        }
    }

  bench_filter_redraw (config, b, dataset);
  t = time_stage (config, run_first_frame, NULL, file);
  add_timing (b, "file_to_first_frame", &t, NULL, 0, NULL, 0);
}
#endif

#if defined (OT_BENCH_HAVE_GRAPH) && defined (OT_BENCH_HAVE_CHART)
/* ---- Issue 20: the network view's layout and its quality ------------- */

/* The network view's layout of the whole data (ot-view-network.c's
 * layout step: components, force layout, spreading, packing, backbone),
 * timed on its own. */
typedef struct {
  OtNetwork *network;
} ViewLayoutJob;

static gpointer
run_view_layout (gpointer data)
{
  ViewLayoutJob *job = data;
  OtViewInput input = { 0 };
  g_autoptr(GError) error = NULL;
  OtViewLayout *layout;

  input.network = job->network;
  input.node_scale = 1;
  layout = ot_view_network_class.layout (&input, NULL, NULL, &error);
  if (layout == NULL)
    g_error ("layout failed: %s", error->message);
  return layout;
}

static void
free_view_layout (gpointer layout)
{
  ot_view_network_class.free (layout);
}

/* The giant component of @network's undirected links, local indices. */
static guint *
giant_component (OtNetwork *network,
                 guint     *n_vertices,
                 guint     *n_links)
{
  guint nv = ot_network_get_n_vertices (network), nl = 0, nc, best = 0, m = 0;
  g_autofree guint *links = ot_network_get_links (network, TRUE, &nl, NULL);
  g_autofree guint *comp = g_new (guint, MAX (nv, 1));
  g_autofree guint *size = NULL;
  g_autofree guint *local = g_new (guint, MAX (nv, 1));
  guint *out = g_new (guint, 2 * MAX (nl, 1));

  nc = ot_layout_components (nv, links, nl, comp);
  size = g_new0 (guint, MAX (nc, 1));
  for (guint v = 0; v < nv; v++)
    size[comp[v]]++;
  for (guint c = 0; c < nc; c++)
    if (size[c] > size[best])
      best = c;
  *n_vertices = 0;
  for (guint v = 0; v < nv; v++)
    local[v] = comp[v] == best ? (*n_vertices)++ : G_MAXUINT;
  for (guint k = 0; k < nl; k++)
    if (links[2 * k] != links[2 * k + 1] && local[links[2 * k]] != G_MAXUINT)
      {
        out[2 * m] = local[links[2 * k]];
        out[2 * m + 1] = local[links[2 * k + 1]];
        m++;
      }
  *n_links = m;
  return out;
}

/* Quality of a drawing @xy of the graph (@n vertices, @links): the
 * normalised stress against graph distances from @n_sources sources
 * (Gansner, Koren & North 2004, with the scale that minimises it), the
 * neighbourhood preservation (the share of a vertex's k graph neighbours
 * among its k nearest vertices in the drawing, averaged) on the first
 * @n_sources vertices, and the crossings among @n_sample links. */
typedef struct {
  double stress;
  double neighbourhood;
  double crossings;   /* per pair of sampled links */
} LayoutQuality;

static gboolean
segments_cross (const double *p,
                const double *q,
                const double *r,
                const double *s)
{
  double d1 = (s[0] - r[0]) * (p[1] - r[1]) - (s[1] - r[1]) * (p[0] - r[0]);
  double d2 = (s[0] - r[0]) * (q[1] - r[1]) - (s[1] - r[1]) * (q[0] - r[0]);
  double d3 = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
  double d4 = (q[0] - p[0]) * (s[1] - p[1]) - (q[1] - p[1]) * (s[0] - p[0]);

  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/* Links from @s to each vertex (G_MAXUINT: none), breadth first. */
static void
hops_from (guint        s,
           guint        n,
           const guint *start,
           const guint *adj,
           guint       *dist,
           guint       *queue)
{
  guint head = 0, tail = 0;

  for (guint v = 0; v < n; v++)
    dist[v] = G_MAXUINT;
  dist[s] = 0;
  queue[tail++] = s;
  while (head < tail)
    {
      guint v = queue[head++];

      for (guint k = start[v]; k < start[v + 1]; k++)
        if (dist[adj[k]] == G_MAXUINT)
          {
            dist[adj[k]] = dist[v] + 1;
            queue[tail++] = adj[k];
          }
    }
}

static LayoutQuality
layout_quality (guint         n,
                const guint  *links,
                guint         n_links,
                const double *xy)
{
  g_autofree guint *start = g_new0 (guint, n + 1);
  g_autofree guint *adj = g_new (guint, 2 * MAX (n_links, 1));
  g_autofree guint *fill = NULL;
  g_autofree guint *dist = g_new (guint, MAX (n, 1));
  g_autofree guint *queue = g_new (guint, MAX (n, 1));
  g_autofree double *near = g_new (double, MAX (n, 1));
  guint n_sources = MIN (n, 200), n_sample = MIN (n_links, 3000), cross = 0;
  double num = 0, den = 0, pairs = 0, np = 0;
  LayoutQuality q = { 0 };
  GRand *rand = g_rand_new_with_seed (11);
  g_autofree guint *sample = g_new (guint, MAX (n_sample, 1));

  for (guint k = 0; k < 2 * n_links; k++)
    start[links[k] + 1]++;
  for (guint v = 0; v < n; v++)
    start[v + 1] += start[v];
  fill = g_memdup2 (start, (n + 1) * sizeof (guint));
  for (guint k = 0; k < n_links; k++)
    {
      adj[fill[links[2 * k]]++] = links[2 * k + 1];
      adj[fill[links[2 * k + 1]]++] = links[2 * k];
    }
  /* Stress: sum w (a d - g)^2 / sum w g^2, w = 1 / g^2, a the best
   * scale: a = sum w d g / sum w d^2. */
  for (guint i = 0; i < n_sources; i++)
    {
      guint s = (guint) ((guint64) i * n / n_sources);

      hops_from (s, n, start, adj, dist, queue);
      for (guint v = 0; v < n; v++)
        if (v != s && dist[v] != G_MAXUINT)
          {
            double g = dist[v], d = hypot (xy[2 * v] - xy[2 * s], xy[2 * v + 1] - xy[2 * s + 1]);

            num += d / g;        /* w d g */
            den += d * d / (g * g);
            pairs++;
          }

      /* Neighbourhood: the degree-k nearest in the drawing. */
      {
        guint k = start[s + 1] - start[s], hits = 0;
        double cut;

        if (k == 0)
          continue;
        for (guint v = 0; v < n; v++)
          near[v] = v == s ? G_MAXDOUBLE
                           : hypot (xy[2 * v] - xy[2 * s], xy[2 * v + 1] - xy[2 * s + 1]);
        {
          g_autofree double *sorted = g_memdup2 (near, n * sizeof (double));

          qsort (sorted, n, sizeof (double), cmp_double);
          cut = sorted[MIN (k, n) - 1];
        }
        for (guint j = start[s]; j < start[s + 1]; j++)
          hits += near[adj[j]] <= cut;
        np += (double) hits / k;
      }
    }
  /* With a = num / den: sum w (a d - g)^2 = a^2 den - 2 a num + pairs. */
  q.stress = pairs > 0 && den > 0 ? (pairs - num * num / den) / pairs : 0;
  q.neighbourhood = n_sources > 0 ? np / n_sources : 0;

  for (guint i = 0; i < n_sample; i++)
    sample[i] = (guint) g_rand_int_range (rand, 0, (gint32) n_links);
  for (guint i = 0; i < n_sample; i++)
    for (guint j = i + 1; j < n_sample; j++)
      {
        const guint *e = &links[2 * sample[i]], *f = &links[2 * sample[j]];

        if (e[0] == f[0] || e[0] == f[1] || e[1] == f[0] || e[1] == f[1])
          continue;
        cross += segments_cross (&xy[2 * e[0]], &xy[2 * e[1]], &xy[2 * f[0]], &xy[2 * f[1]]);
      }
  q.crossings = n_sample > 1 ? cross / (n_sample * (n_sample - 1) / 2.0) : 0;
  g_rand_free (rand);
  return q;
}

typedef struct {
  guint        n;
  const guint *links;
  guint        n_links;
  gboolean     igraph;
} GiantJob;

static gpointer
run_giant_layout (gpointer data)
{
  GiantJob *job = data;
  double *xy = g_new (double, 2 * MAX (job->n, 1));

  if (job->igraph)
    ot_graph_layout_force (job->n, job->links, job->n_links, NULL, xy, FALSE, 1, NULL, NULL);
  else
    ot_layout_force (job->n, job->links, job->n_links, 1, xy);
  return xy;
}

static void
add_quality (JsonBuilder         *b,
             const char          *name,
             const LayoutQuality *q)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "stress");
  json_builder_add_double_value (b, q->stress);
  json_builder_set_member_name (b, "neighbourhood");
  json_builder_add_double_value (b, q->neighbourhood);
  json_builder_set_member_name (b, "crossings");
  json_builder_add_double_value (b, q->crossings);
  json_builder_end_object (b);
  g_printerr ("  %-28s stress %.4f, neighbourhood %.3f, crossings %.5f\n", name, q->stress,
              q->neighbourhood, q->crossings);
}

/* Issue 20: every view in every format `--export` writes, from the
 * chart's scene and network (built once per view, untimed) to the file:
 * PNG, SVG and PDF through ot_export_scene (), GEXF, GraphML and XLSX
 * through ot_export_network () with the scene when the view draws the
 * network's own marks, as ot-cli-export.c does. */
typedef struct {
  OtScene         *scene;
  OtNetwork       *network;
  gboolean         marks;
  OtExportOptions  opts;
  const char      *path;
} AnyExportJob;

static gpointer
run_any_export (gpointer data)
{
  AnyExportJob *job = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = ot_export_format_is_picture (job->opts.format)
                ? ot_export_scene (job->scene, NULL, &job->opts, job->path, &error)
                : ot_export_network (job->network, job->marks ? job->scene : NULL, NULL,
                                     &job->opts, job->path, &error);

  if (!ok)
    g_error ("export failed: %s", error->message);
  return NULL;
}

static void
bench_all_exports (const BenchConfig *config,
                   JsonBuilder       *b,
                   OtDataset         *dataset)
{
  static const char * const formats[] = { "png", "svg", "pdf", "gexf", "graphml", "xlsx" };
  /* For profiling one format: OT_BENCH_EXPORT_FORMATS=gexf,graphml. */
  const char *only_formats = g_getenv ("OT_BENCH_EXPORT_FORMATS");
  g_auto(GStrv) wanted = only_formats != NULL ? g_strsplit (only_formats, ",", -1) : NULL;

  for (OtViewKind view = 0; view < OT_N_VIEWS; view++)
    {
      g_autoptr(OtChart) chart = new_chart (dataset, view);
      g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
      g_autoptr(OtNetwork) network = ot_chart_get_network (chart);

      for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
        {
          g_autofree char *suffix = g_strdup_printf ("-all-%s.%s", ot_view_kind_name (view),
                                                     formats[i]);
          g_autofree char *path = bench_data_path (config->datadir, config->size, suffix);
          g_autofree char *name = g_strdup_printf ("export_%s_%s", ot_view_kind_name (view),
                                                   formats[i]);
          AnyExportJob job = { scene, network, 0, { 0 }, path };
          g_autoptr(GError) error = NULL;
          GStatBuf st;
          Timing t;

          if (wanted != NULL && !g_strv_contains ((const char * const *) wanted, formats[i]))
            continue;
          job.marks = (ot_view_kind_get_capabilities (view) & OT_VIEW_CAP_NETWORK_MARKS) != 0;
          ot_export_options_init (&job.opts);
          if (!ot_export_format_for_path (path, &job.opts.format, &error))
            g_error ("%s", error->message);
          t = time_stage (config, run_any_export, NULL, &job);
          add_timing (b, name, &t, "bytes", g_stat (path, &st) == 0 ? st.st_size : 0, NULL, 0);
        }
    }
}

/* Issue 20: from the CSV file to the SVG file of the network view, as
 * `oretrace --export OUT.svg --projection entities` does it (load, chart,
 * export), against `sfdp -Tsvg` on the aggregated graph. */
typedef struct {
  GFile      *file;
  const char *path;
} CsvSvgJob;

static gpointer
run_csv_to_svg (gpointer data)
{
  CsvSvgJob *job = data;
  g_autoptr(OtDataset) dataset = run_load (job->file);
  ViewExportJob export = { dataset, OT_VIEW_NETWORK, job->path };

  return run_view_export (&export);
}

/* The network view's layout at this size (the issue-20 target at 100k),
 * and the force layout of its giant component by igraph's
 * Fruchterman–Reingold (500 iterations, grid) and by ot_layout_force (),
 * each timed and measured for quality on the same graph. */
static void
bench_layout (const BenchConfig *config,
              JsonBuilder       *b,
              OtDataset         *dataset)
{
  g_autoptr(OtChart) chart = new_chart (dataset, OT_VIEW_NETWORK);
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  ViewLayoutJob job = { network };
  GiantJob giant = { 0 };
  g_autofree guint *links = giant_component (network, &giant.n, &giant.n_links);
  Timing t;

  g_autofree char *csv = bench_data_path (config->datadir, config->size, ".csv");
  g_autofree char *svg = bench_data_path (config->datadir, config->size, "-csv-network.svg");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  CsvSvgJob csv_svg = { file, svg };

  t = time_stage (config, run_csv_to_svg, NULL, &csv_svg);
  add_timing (b, "csv_to_svg_network", &t, NULL, 0, NULL, 0);
  giant.links = links;
  t = time_stage (config, run_view_layout, free_view_layout, &job);
  add_timing (b, "network_layout", &t, "vertices", ot_network_get_n_vertices (network),
              NULL, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree double *xy = NULL;
      LayoutQuality q;

      giant.igraph = i == 0;
      t = time_stage (config, run_giant_layout, g_free, &giant);
      add_timing (b, i == 0 ? "giant_layout_igraph_fr" : "giant_layout_multilevel", &t,
                  "vertices", giant.n, "links", giant.n_links);
      xy = run_giant_layout (&giant);
      if (!giant.igraph)
        {
          OtLayoutForceStats stats;

          ot_layout_force_get_stats (&stats);
          g_printerr ("  multilevel: %u levels, %u iterations in all, %u at the finest\n",
                      stats.levels, stats.total_iterations, stats.finest_iterations);
        }
      q = layout_quality (giant.n, links, giant.n_links, xy);
      add_quality (b, i == 0 ? "giant_quality_igraph_fr" : "giant_quality_multilevel", &q);
    }
}
#endif

gboolean
bench_run_stages (const BenchConfig *config,
                  JsonBuilder       *builder,
                  GError           **error)
{
  g_autoptr(OtDataset) dataset = NULL;
  g_autoptr(OtNetwork) network = NULL;

  if (!bench_load (config, builder, ".csv", "load_csv", &dataset, error))
    return FALSE;
  if (WANT (config, "load") &&
      !bench_load (config, builder, ".jsonl", "load_jsonl", NULL, error))
    return FALSE;
  if (WANT (config, "load") && config->size <= BENCH_MAX_JSON_SIZE &&
      !bench_load (config, builder, ".json", "load_json", NULL, error))
    return FALSE;
  if (WANT (config, "case"))
    bench_case (config, builder, dataset);
  if (WANT (config, "aliases"))
    bench_aliases (config, builder, dataset);
  if (WANT (config, "document"))
    bench_document (config, builder, dataset);
  if (WANT (config, "network") || WANT (config, "analysis"))
    network = bench_network (config, builder, dataset);
#ifdef OT_BENCH_HAVE_GRAPH
  if (WANT (config, "analysis"))
    bench_analysis (config, builder, network);
#endif
#ifdef OT_BENCH_HAVE_CHART
  if (WANT (config, "views"))
    bench_views (config, builder, dataset);
  if (ONLY (config, "viewnet"))
    {
      ChartJob job = { dataset, OT_VIEW_NETWORK, NULL };
      Timing t = time_stage (config, run_chart, g_object_unref, &job);

      add_timing (builder, "view_network", &t, NULL, 0, NULL, 0);
    }
  if (ONLY (config, "redraw"))
    bench_filter_redraw (config, builder, dataset);
  if (ONLY (config, "big"))
    {
      /* Issue 20, 10M incidents: the map and the network view built and
       * drawn, and a filter change redrawn (the load is memory.first_load_s). */
      static const OtViewKind views[] = { OT_VIEW_MAP, OT_VIEW_NETWORK };

      for (guint v = 0; v < G_N_ELEMENTS (views); v++)
        {
          ChartJob job = { dataset, views[v], NULL };
          g_autofree char *name = g_strdup_printf ("view_%s", ot_view_kind_name (views[v]));
          Timing t = time_stage (config, run_chart, g_object_unref, &job);
          g_autoptr(OtChart) chart = NULL;
          g_autoptr(OtScene) scene = NULL;

          add_timing (builder, name, &t, NULL, 0, NULL, 0);
          chart = new_chart (dataset, views[v]);
          scene = ot_chart_get_scene (chart);
          bench_frames (config, builder, ot_view_kind_name (views[v]), scene);
        }
      bench_filter_redraw (config, builder, dataset);
    }
  if (ONLY (config, "export"))
    {
      g_autoptr(OtChart) chart = new_chart (dataset, OT_VIEW_NETWORK);
      g_autoptr(OtScene) scene = ot_chart_get_scene (chart);

      bench_exports (config, builder, scene);
    }
#endif
#if defined (OT_BENCH_HAVE_GRAPH) && defined (OT_BENCH_HAVE_CHART)
  /* Once, with the 10k set (the scene does not depend on the data). */
  if ((config->size == 10000 && WANT (config, "views")) || ONLY (config, "frame10k"))
    {
      g_autoptr(OtScene) big = big_scene ();
      FrameJob job = { big };
      Timing t;

      job.surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, FRAME_WIDTH, FRAME_HEIGHT);
      ot_render_options_init (&job.opts);
      ot_render_fit (big, &job.opts, FRAME_WIDTH, FRAME_HEIGHT, &job.vp);
      t = time_stage (config, run_frame, NULL, &job);
      add_timing (builder, "frame_10k_50k", &t, NULL, 0, NULL, 0);
      ot_viewport_zoom_at (&job.vp, ZOOM_FACTOR, FRAME_WIDTH / 2.0, FRAME_HEIGHT / 2.0);
      t = time_stage (config, run_frame, NULL, &job);
      add_timing (builder, "frame_10k_50k_zoomed", &t, NULL, 0, NULL, 0);
      cairo_surface_destroy (job.surface);
    }
#endif
#if defined (OT_BENCH_HAVE_GRAPH) && defined (OT_BENCH_HAVE_CHART)
  /* Issue 20: the network view's layout, timed alone, and its quality. */
  if (WANT (config, "layout"))
    bench_layout (config, builder, dataset);
  if (WANT (config, "exports"))
    bench_all_exports (config, builder, dataset);
#endif
  add_uint (builder, "peak_rss_kib", bench_proc_kib ("VmHWM"));
  return TRUE;
}
