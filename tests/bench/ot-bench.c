/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-bench: Oretrace's benchmark (docs/performance.md).
 *
 *   ot-bench [--quick] [--sizes 1000,10000] [--datadir DIR] [--out FILE]
 *            [--cap SECONDS] [--no-peers]
 *
 * For each size it generates (once, cached in DIR) a seeded synthetic set
 * as CSV and JSON Lines, runs the in-process stages in a child process
 * (ot-bench --child SIZE), then the peers on the same data — Graphviz
 * neato -n2 on a DOT file with Oretrace's positions, sfdp, python-igraph —
 * each under a time cap.  Prints tables and writes a JSON file. */
#include "ot-bench.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ot-generator.h"

#define SEED 1
/* Whether --only @only (NULL: everything) includes @group. */
#define WANT_GROUP(only, group) ((only) == NULL || g_str_equal ((only), (group)))
#define PYTHON "/usr/bin/python3"

static const guint full_sizes[] = { 1000, 10000, 100000, 1000000 };
static const guint quick_sizes[] = { 1000, 10000 };

typedef struct {
  double  wall_s;       /* median; < 0 when it failed */
  double  maxrss_kib;
  gboolean capped;
  char   *stdout_text;  /* of the last run */
} PeerRun;

/* ---- Generating ------------------------------------------------------ */

static gboolean
ensure_set (const char *datadir,
            guint       size,
            OtFormat    format,
            const char *suffix,
            GError    **error)
{
  g_autofree char *path = bench_data_path (datadir, size, suffix);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (tmp);
  g_autoptr(GFileOutputStream) out = NULL;
  gint64 t0;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  g_printerr ("generating %s\n", path);
  t0 = g_get_monotonic_time ();
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (out == NULL ||
      !ot_generator_write (SEED, size, format, G_OUTPUT_STREAM (out), NULL, error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    return FALSE;
  if (g_rename (tmp, path) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "%s: %s", path, g_strerror (errno));
      return FALSE;
    }
  g_printerr ("  %.1f s\n", (g_get_monotonic_time () - t0) / 1e6);
  return TRUE;
}

/* ---- Child processes ------------------------------------------------- */

/* Runs @argv with its stdout captured, killing it after @cap_s seconds.
 * Returns the wall time (or -1 on failure), the child's peak RSS and,
 * if @cpu_s is not NULL, its user + system CPU time. */
static double
run_capped_cpu (char        **argv,
                gboolean      quiet,
                double        cap_s,
                gboolean     *capped,
                double       *maxrss_kib,
                double       *cpu_s,
                char        **stdout_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GPid pid;
  int out_fd, status = 0;
  struct rusage ru;
  gint64 t0 = g_get_monotonic_time (), deadline = t0 + (gint64) (cap_s * 1e6);
  double wall;
  gboolean done = FALSE;

  *capped = FALSE;
  if (!g_spawn_async_with_pipes (NULL, argv, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH |
                                 (quiet ? G_SPAWN_STDERR_TO_DEV_NULL : 0),
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, &error))
    {
      g_printerr ("  cannot run %s: %s\n", argv[0], error->message);
      return -1;
    }
  g_unix_set_fd_nonblocking (out_fd, TRUE, NULL);

  while (!done)
    {
      char buf[65536];
      gssize n;
      pid_t r;

      while ((n = read (out_fd, buf, sizeof buf)) > 0)
        g_string_append_len (text, buf, n);
      r = wait4 (pid, &status, WNOHANG, &ru);
      if (r == pid)
        {
          wall = (g_get_monotonic_time () - t0) / 1e6;
          done = TRUE;
        }
      else if (g_get_monotonic_time () > deadline)
        {
          kill (pid, SIGKILL);
          wait4 (pid, &status, 0, &ru);
          *capped = TRUE;
          wall = cap_s;
          done = TRUE;
        }
      else
        g_usleep (1000);
    }
  {
    char buf[65536];
    gssize n;

    while ((n = read (out_fd, buf, sizeof buf)) > 0)
      g_string_append_len (text, buf, n);
  }
  close (out_fd);
  g_spawn_close_pid (pid);
  *maxrss_kib = ru.ru_maxrss;
  if (cpu_s)
    *cpu_s = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  if (stdout_text)
    *stdout_text = g_strdup (text->str);
  if (!*capped && !(WIFEXITED (status) && WEXITSTATUS (status) == 0))
    {
      g_printerr ("  %s failed (status %d)\n", argv[0], status);
      return -1;
    }
  return wall;
}

static double
run_capped (char        **argv,
            gboolean      quiet,
            double        cap_s,
            gboolean     *capped,
            double       *maxrss_kib,
            char        **stdout_text)
{
  return run_capped_cpu (argv, quiet, cap_s, capped, maxrss_kib, NULL, stdout_text);
}

/* ---- Issue 20 (analysis): --summary as a whole process ------------- */

/* `oretrace --summary [--projection P] FILE` run three times (once when
 * it takes over 10 s): the median wall time and the median CPU time
 * (user + system, the child's rusage), as the issue measures it. */
static void
time_summary_process (const char  *csv,
                      const char  *projection,
                      const char  *member,
                      JsonBuilder *b)
{
  char *argv[] = { OT_BENCH_ORETRACE, "--summary", "--projection", (char *) projection,
                   (char *) csv, NULL };
  double wall[3], cpu[3];
  guint n = 0;

  while (n < 3)
    {
      g_autoptr(GError) error = NULL;
      struct rusage ru;
      int status = 0;
      GPid pid;
      gint64 t0 = g_get_monotonic_time ();

      if (!g_spawn_async (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                          G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                          NULL, NULL, &pid, &error))
        {
          g_printerr ("  cannot run %s: %s\n", argv[0], error->message);
          return;
        }
      if (wait4 (pid, &status, 0, &ru) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
        {
          g_printerr ("  %s --summary failed (status %d)\n", argv[0], status);
          g_spawn_close_pid (pid);
          return;
        }
      g_spawn_close_pid (pid);
      wall[n] = (g_get_monotonic_time () - t0) / 1e6;
      cpu[n] = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
               ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
      if (wall[n++] > 10)
        break;
    }
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        if (wall[j] < wall[i])
          {
            double x = wall[i]; wall[i] = wall[j]; wall[j] = x;
          }
        if (cpu[j] < cpu[i])
          {
            double x = cpu[i]; cpu[i] = cpu[j]; cpu[j] = x;
          }
      }
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "median_s");
  json_builder_add_double_value (b, wall[n / 2]);
  json_builder_set_member_name (b, "cpu_median_s");
  json_builder_add_double_value (b, cpu[n / 2]);
  json_builder_set_member_name (b, "runs");
  json_builder_add_int_value (b, n);
  json_builder_end_object (b);
  g_printerr ("  --summary --projection %s: %.2f s wall, %.2f s CPU (median of %u)\n",
              projection, wall[n / 2], cpu[n / 2], n);
}

/* Both projections (countries is the default) into @node's
 * "summary_process" and "summary_process_entities". */
static void
add_summary_process (const char *datadir,
                     guint       size,
                     JsonNode   *node)
{
  g_autofree char *csv = bench_data_path (datadir, size, ".csv");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;

  g_printerr ("size %u: oretrace --summary as a whole process\n", size);
  json_builder_begin_object (b);
  time_summary_process (csv, "countries", "summary_process", b);
  time_summary_process (csv, "entities", "summary_process_entities", b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  o = json_node_get_object (root);
  {
    g_autoptr(GList) members = json_object_get_members (o);

    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (json_node_get_object (node), l->data,
                              json_node_copy (json_object_get_member (o, l->data)));
  }
}

/* A peer run up to three times (once when slow), median wall time. */
static PeerRun
run_peer (char   **argv,
          double   cap_s)
{
  PeerRun run = { -1, 0, FALSE, NULL };
  double times[3];
  guint n = 0;

  while (n < 3)
    {
      g_autofree char *text = NULL;
      double t = run_capped (argv, TRUE, cap_s, &run.capped, &run.maxrss_kib, &text);

      if (t < 0 || run.capped)
        {
          run.wall_s = run.capped ? cap_s : -1;
          g_free (run.stdout_text);
          run.stdout_text = NULL;
          return run;
        }
      times[n++] = t;
      g_free (run.stdout_text);
      run.stdout_text = g_steal_pointer (&text);
      if (t > 2.0)
        break;
    }
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (times[j] < times[i])
        {
          double x = times[i];
          times[i] = times[j];
          times[j] = x;
        }
  run.wall_s = times[n / 2];
  return run;
}

/* The in-process stages of one size (@option "--child") or the trade
 * stage (@option "--child-trade", @size rows) in a child process. */
static JsonNode *
run_child (const char *self,
           const char *option,
           const char *datadir,
           guint       size,
           guint       min_reps,
           double      budget_s,
           const char *only)
{
  g_autofree char *size_s = g_strdup_printf ("%u", size);
  g_autofree char *reps_s = g_strdup_printf ("%u", min_reps);
  g_autofree char *budget_str = g_strdup_printf ("%g", budget_s);
  const char *argv[] = { self, option, size_s, "--datadir", datadir,
                         "--reps", reps_s, "--budget", budget_str,
                         only ? "--only" : NULL, only, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gboolean capped;
  double rss;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_printerr ("%s %u: stages\n", option, size);
  if (run_capped ((char **) argv, FALSE, 3600, &capped, &rss, &out) < 0 ||
      !json_parser_load_from_data (parser, out, -1, &error))
    {
      g_printerr ("  %s %u: the stages failed%s%s\n", option, size,
                  error ? ": " : "", error ? error->message : "");
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

static int
child_main (const BenchConfig *config,
            gboolean           trade)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  if (!trade)
    {
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, config->size);
    }
  if (!(trade ? bench_run_trade (config, config->size, b, &error)
              : bench_run_stages (config, b, &error)))
    {
      g_printerr ("ot-bench: %s\n", error->message);
      return 1;
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
  return 0;
}

/* ---- Reading the results --------------------------------------------- */

/* A number at a dotted path in @obj ("load_csv.median_s"), NAN if none. */
static double
get_num (JsonObject *obj,
         const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; obj && parts[i]; i++)
    {
      if (!json_object_has_member (obj, parts[i]))
        return NAN;
      node = json_object_get_member (obj, parts[i]);
      obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  return json_node_get_double (node);
}

static JsonObject *
size_result (JsonArray *sizes,
             guint      size)
{
  for (guint i = 0; i < json_array_get_length (sizes); i++)
    {
      JsonObject *o = json_array_get_object_element (sizes, i);

      if ((guint) get_num (o, "size") == size)
        return o;
    }
  return NULL;
}

/* ---- Peers ----------------------------------------------------------- */

static void
add_peer (JsonBuilder   *b,
          const char    *name,
          const PeerRun *run)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "wall_s");
  json_builder_add_double_value (b, run->wall_s);
  json_builder_set_member_name (b, "capped");
  json_builder_add_boolean_value (b, run->capped);
  json_builder_set_member_name (b, "maxrss_kib");
  json_builder_add_double_value (b, run->maxrss_kib);
  json_builder_end_object (b);
  if (run->capped)
    g_printerr ("  %-28s > cap\n", name);
  else
    g_printerr ("  %-28s %10.2f ms\n", name, run->wall_s * 1e3);
}

static void
run_peers (const char  *datadir,
           guint        size,
           double       cap_s,
           JsonBuilder *b)
{
  g_autofree char *csv = bench_data_path (datadir, size, ".csv");
  g_autofree char *pos = bench_data_path (datadir, size, "-pos.dot");
  g_autofree char *nopos = bench_data_path (datadir, size, "-nopos.dot");
  g_autofree char *svg = bench_data_path (datadir, size, "-neato.svg");
  g_autofree char *png = bench_data_path (datadir, size, "-neato.png");
  g_autofree char *sfdp_svg = bench_data_path (datadir, size, "-sfdp.svg");
  g_autofree char *script = g_build_filename (OT_BENCH_SRCDIR, "igraph-peer.py", NULL);
  char *neato_svg[] = { "neato", "-n2", "-Tsvg", "-o", svg, pos, NULL };
  char *neato_png[] = { "neato", "-n2", "-Tpng", "-o", png, pos, NULL };
  char *sfdp[] = { "sfdp", "-Tsvg", "-o", sfdp_svg, nopos, NULL };
  char *python[] = { PYTHON, script, csv, NULL };
  PeerRun run;

  g_printerr ("size %u: peers (cap %.0f s)\n", size, cap_s);
  json_builder_set_member_name (b, "peers");
  json_builder_begin_object (b);
  if (g_file_test (pos, G_FILE_TEST_EXISTS))
    {
      run = run_peer (neato_svg, cap_s);
      add_peer (b, "neato_n2_svg", &run);
      g_free (run.stdout_text);
      run = run_peer (neato_png, cap_s);
      add_peer (b, "neato_n2_png", &run);
      g_free (run.stdout_text);
      run = run_peer (sfdp, cap_s);
      add_peer (b, "sfdp_svg", &run);
      g_free (run.stdout_text);
    }
  run = run_peer (python, cap_s);
  add_peer (b, "python_igraph_process", &run);
  if (run.stdout_text)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, run.stdout_text, -1, NULL))
        {
          json_builder_set_member_name (b, "python_igraph");
          json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
        }
    }
  g_free (run.stdout_text);
  json_builder_end_object (b);
}

/* ---- Whole processes (issue 20) -------------------------------------- */

#define PROCESS_RUNS 5

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median_of (double *v,
           guint   n)
{
  if (n == 0)
    return NAN;
  qsort (v, n, sizeof v[0], cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static JsonObject *
process_result (const double *wall,
                const double *cpu,
                guint         n,
                double        maxrss_kib)
{
  JsonObject *o = json_object_new ();
  double w[PROCESS_RUNS], c[PROCESS_RUNS];

  memcpy (w, wall, n * sizeof w[0]);
  memcpy (c, cpu, n * sizeof c[0]);
  json_object_set_int_member (o, "runs", n);
  json_object_set_double_member (o, "median_s", median_of (w, n));
  json_object_set_double_member (o, "cpu_median_s", median_of (c, n));
  json_object_set_double_member (o, "min_s", n ? w[0] : NAN);
  json_object_set_double_member (o, "maxrss_kib", maxrss_kib);
  return o;
}

/* `oretrace --check FILE` as a whole process (start-up, load, report,
 * exit), PROCESS_RUNS times: median wall time, median CPU time (user +
 * system, all threads), peak RSS. */
static void
run_check_process (const char *csv,
                   JsonObject *result)
{
  char *argv[] = { (char *) OT_BENCH_ORETRACE, (char *) "--check", (char *) csv, NULL };
  double wall[PROCESS_RUNS], cpu[PROCESS_RUNS], rss = 0;
  guint n = 0;

  while (n < PROCESS_RUNS)
    {
      gboolean capped;
      double c = 0, t = run_capped_cpu (argv, TRUE, 600, &capped, &rss, &c, NULL);

      if (t < 0 || capped)
        break;
      wall[n] = t;
      cpu[n++] = c;
    }
  if (n == 0)
    return;
  json_object_set_object_member (result, "check_process", process_result (wall, cpu, n, rss));
  g_printerr ("  %-28s %10.2f ms (CPU %.2f ms)\n", "oretrace --check",
              json_object_get_double_member (json_object_get_object_member (result, "check_process"),
                                             "median_s") * 1e3,
              json_object_get_double_member (json_object_get_object_member (result, "check_process"),
                                             "cpu_median_s") * 1e3);
}

/* The value of line "@name SECONDS CPU-SECONDS" of bench-first-chart's
 * output (@cpu: the second number), or FALSE. */
static gboolean
milestone_value (const char *text,
                 const char *name,
                 double     *wall,
                 double     *cpu)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", -1);

      if (g_strv_length (f) == 3 && g_str_equal (f[0], name))
        {
          *wall = g_ascii_strtod (f[1], NULL);
          if (cpu)
            *cpu = g_ascii_strtod (f[2], NULL);
          return TRUE;
        }
    }
  return FALSE;
}

/* The window's first chart after the process started (bench-first-chart
 * under xvfb-run and dbus-run-session, timed from the process's own
 * start, so Xvfb's start does not count), three times. */
static void
run_first_chart_process (const char *csv,
                         JsonObject *result)
{
  g_autofree char *xvfb = g_find_program_in_path ("xvfb-run");
  g_autofree char *dbus = g_find_program_in_path ("dbus-run-session");
  char *argv[] = { xvfb, (char *) "-a", (char *) "-s", (char *) "-screen 0 1280x1024x24",
                   dbus, (char *) "--", (char *) OT_BENCH_FIRST_CHART, (char *) csv, NULL };
  static const char * const marks[] = { "gtk_started", "first_frame", "dataset_published" };
  double wall[PROCESS_RUNS], cpu[PROCESS_RUNS], mark[G_N_ELEMENTS (marks)][PROCESS_RUNS];
  JsonObject *o;
  guint n = 0;
  double rss = 0;

  if (xvfb == NULL || dbus == NULL)
    {
      g_printerr ("  first chart: xvfb-run or dbus-run-session is missing, not measured\n");
      return;
    }
  g_setenv ("GSETTINGS_SCHEMA_DIR", OT_BENCH_SCHEMA_DIR, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  while (n < 3)
    {
      g_autofree char *out = NULL;
      gboolean capped;

      if (run_capped_cpu (argv, TRUE, 600, &capped, &rss, NULL, &out) < 0 || capped ||
          !milestone_value (out, "first_chart", &wall[n], &cpu[n]))
        break;
      for (guint m = 0; m < G_N_ELEMENTS (marks); m++)
        if (!milestone_value (out, marks[m], &mark[m][n], NULL))
          mark[m][n] = NAN;
      n++;
    }
  if (n == 0)
    {
      g_printerr ("  first chart: bench-first-chart failed\n");
      return;
    }
  o = process_result (wall, cpu, n, NAN);
  for (guint m = 0; m < G_N_ELEMENTS (marks); m++)
    {
      g_autofree char *key = g_strconcat (marks[m], "_s", NULL);

      json_object_set_double_member (o, key, median_of (mark[m], n));
    }
  json_object_remove_member (o, "maxrss_kib");
  g_printerr ("  %-28s %10.2f ms (CPU %.2f ms)\n", "window's first chart",
              json_object_get_double_member (o, "median_s") * 1e3,
              json_object_get_double_member (o, "cpu_median_s") * 1e3);
  json_object_set_object_member (result, "first_chart_process", o);
}

static void
run_processes (const char *datadir,
               guint       size,
               JsonObject *result)
{
  g_autofree char *csv = bench_data_path (datadir, size, ".csv");

  g_printerr ("size %u: whole processes\n", size);
  run_check_process (csv, result);
  run_first_chart_process (csv, result);
}

/* ---- Tables ---------------------------------------------------------- */

typedef struct {
  const char *label;
  const char *path;
  double      scale;   /* value * scale is printed */
  const char *unit;
} Row;

static const Row stage_rows[] = {
  { "load CSV", "load_csv.median_s", 1e3, "ms" },
  { "  CSV parse", "load_csv.mb_s", 1, "MB/s" },
  { "  CSV records", "load_csv.records_s", 1e-3, "k/s" },
  { "load JSONL", "load_jsonl.median_s", 1e3, "ms" },
  { "  JSONL parse", "load_jsonl.mb_s", 1, "MB/s" },
  { "load JSON", "load_json.median_s", 1e3, "ms" },
  { "  JSON parse", "load_json.mb_s", 1, "MB/s" },
  { "case save", "case_save.median_s", 1e3, "ms" },
  { "case open", "case_open.median_s", 1e3, "ms" },
  { "alias suggestions", "aliases.median_s", 1e3, "ms" },
  { "  companies", "aliases.companies", 1, "" },
  { "  each respelled once", "aliases_respelled.median_s", 1e3, "ms" },
  { "undo merge", "undo_merge.median_s", 1e3, "ms" },
  { "  + network", "undo_merge_network.median_s", 1e3, "ms" },
  { "add incident", "add_incident.median_s", 1e3, "ms" },
  { "undo add", "undo_add.median_s", 1e3, "ms" },
  { "memory / incident", "memory.bytes_per_incident", 1, "B" },
  { "peak while loading", "memory.peak_bytes_per_incident", 1, "B" },
  { "network (entities)", "network_entities.median_s", 1e3, "ms" },
  { "network (countries)", "network_countries.median_s", 1e3, "ms" },
  { "refilter", "refilter_entities.median_s", 1e3, "ms" },
  { "  vertices", "network.entities.vertices", 1, "" },
  { "  edges", "network.entities.edges", 1, "" },
  { "betweenness", "betweenness.median_s", 1e3, "ms" },
  { "PageRank", "pagerank.median_s", 1e3, "ms" },
  { "communities", "communities.median_s", 1e3, "ms" },
  { "force layout", "force_layout.median_s", 1e3, "ms" },
  { "view network", "view_network.median_s", 1e3, "ms" },
  { "view map", "view_map.median_s", 1e3, "ms" },
  { "view flow", "view_flow.median_s", 1e3, "ms" },
  { "  scene nodes", "scenes.network.nodes", 1, "" },
  { "  scene edges", "scenes.network.edges", 1, "" },
  { "frame network", "frame_network_full.median_s", 1e3, "ms" },
  { "frame network x8", "frame_network_zoomed.median_s", 1e3, "ms" },
  { "frame network exact", "frame_network_exact.median_s", 1e3, "ms" },
  { "frame map", "frame_map_full.median_s", 1e3, "ms" },
  { "frame map x8", "frame_map_zoomed.median_s", 1e3, "ms" },
  { "frame flow", "frame_flow_full.median_s", 1e3, "ms" },
  { "filter -> redraw", "filter_redraw.median_s", 1e3, "ms" },
  { "frame 10k V / 50k E", "frame_10k_50k.median_s", 1e3, "ms" },
  { "frame 10k V / 50k E x8", "frame_10k_50k_zoomed.median_s", 1e3, "ms" },
  { "export PNG", "export_png.median_s", 1e3, "ms" },
  { "export SVG", "export_svg.median_s", 1e3, "ms" },
  { "export PDF", "export_pdf.median_s", 1e3, "ms" },
  { "network: view + SVG", "view_export_svg_network.median_s", 1e3, "ms" },
  { "map: view + SVG", "view_export_svg_map.median_s", 1e3, "ms" },
  { "flow: view + SVG", "view_export_svg_flow.median_s", 1e3, "ms" },
  { "file -> first frame", "file_to_first_frame.median_s", 1e3, "ms" },
  { "oretrace --check (process)", "check_process.median_s", 1e3, "ms" },
  { "  its peak RSS", "check_process.maxrss_kib", 1.0 / 1024, "MiB" },
  { "window: first chart", "first_chart_process.median_s", 1e3, "ms" },
  { "  GTK started", "first_chart_process.gtk_started_s", 1e3, "ms" },
  { "  dataset published", "first_chart_process.dataset_published_s", 1e3, "ms" },
  { "peak RSS", "peak_rss_kib", 1.0 / 1024, "MiB" },
};

static void
print_cell (GString *line,
            double   v)
{
  if (isnan (v))
    g_string_append_printf (line, " %12s", "-");
  else if (fabs (v) >= 100 || v == floor (v))
    g_string_append_printf (line, " %12.0f", v);
  else if (fabs (v) >= 10)
    g_string_append_printf (line, " %12.1f", v);
  else
    g_string_append_printf (line, " %12.2f", v);
}

static void
print_header (GString     *line,
              const char  *title,
              const guint *sizes,
              guint        n_sizes)
{
  g_string_append_printf (line, "%-30s", title);
  for (guint s = 0; s < n_sizes; s++)
    g_string_append_printf (line, " %12u", sizes[s]);
  g_string_append_c (line, '\n');
}

/* Peer time over Oretrace time, or the cap as "> cap". */
static void
print_ratio (GString    *line,
             JsonObject *o,
             const char *peer,
             const char *ours,
             gboolean    ours_is_sum_of_two,
             const char *ours2)
{
  g_autofree char *peer_wall = g_strconcat ("peers.", peer, ".wall_s", NULL);
  g_autofree char *peer_capped = g_strconcat ("peers.", peer, ".capped", NULL);
  double p = get_num (o, peer_wall), t = get_num (o, ours);
  JsonObject *po = NULL;

  if (ours_is_sum_of_two)
    t += get_num (o, ours2);
  if (!isnan (get_num (o, peer_wall)) && json_object_has_member (o, "peers"))
    {
      po = json_object_get_object_member (json_object_get_object_member (o, "peers"), peer);
      if (po && json_object_get_boolean_member (po, "capped"))
        {
          g_string_append_printf (line, " %12s", "> cap");
          return;
        }
    }
  (void) peer_capped;
  if (isnan (p) || isnan (t) || p < 0 || t <= 0)
    g_string_append_printf (line, " %12s", "-");
  else
    g_string_append_printf (line, " %11.1fx", p / t);
}

static void
print_tables (JsonArray   *results,
              const guint *sizes,
              guint        n_sizes)
{
  g_autoptr(GString) line = g_string_new (NULL);

  print_header (line, "Oretrace (median)", sizes, n_sizes);
  for (guint r = 0; r < G_N_ELEMENTS (stage_rows); r++)
    {
      g_autofree char *label = g_strdup_printf ("%s%s%s%s", stage_rows[r].label,
                                                *stage_rows[r].unit ? " (" : "",
                                                stage_rows[r].unit,
                                                *stage_rows[r].unit ? ")" : "");
      g_string_append_printf (line, "%-30s", label);
      for (guint s = 0; s < n_sizes; s++)
        {
          JsonObject *o = size_result (results, sizes[s]);
          print_cell (line, o ? get_num (o, stage_rows[r].path) * stage_rows[r].scale : NAN);
        }
      g_string_append_c (line, '\n');
    }

  g_string_append_c (line, '\n');
  print_header (line, "Oretrace (median CPU time)", sizes, n_sizes);
  for (guint r = 0; r < G_N_ELEMENTS (stage_rows); r++)
    {
      g_autofree char *cpu_path = NULL;

      if (!g_str_has_suffix (stage_rows[r].path, ".median_s"))
        continue;
      cpu_path = g_strdup_printf ("%.*scpu_median_s",
                                  (int) (strlen (stage_rows[r].path) - strlen ("median_s")),
                                  stage_rows[r].path);
      g_string_append_printf (line, "%-30s", stage_rows[r].label);
      for (guint s = 0; s < n_sizes; s++)
        {
          JsonObject *o = size_result (results, sizes[s]);
          print_cell (line, o ? get_num (o, cpu_path) * stage_rows[r].scale : NAN);
        }
      g_string_append_c (line, '\n');
    }

  g_string_append_c (line, '\n');
  print_header (line, "Peers (wall, ms)", sizes, n_sizes);
  {
    static const struct { const char *label, *path; } peers[] = {
      { "neato -n2 -Tsvg", "peers.neato_n2_svg.wall_s" },
      { "neato -n2 -Tpng", "peers.neato_n2_png.wall_s" },
      { "sfdp -Tsvg", "peers.sfdp_svg.wall_s" },
      { "python-igraph process", "peers.python_igraph_process.wall_s" },
      { "python-igraph read CSV", "peers.python_igraph.read_s" },
      { "python-igraph build", "peers.python_igraph.build_s" },
    };
    for (guint r = 0; r < G_N_ELEMENTS (peers); r++)
      {
        g_string_append_printf (line, "%-30s", peers[r].label);
        for (guint s = 0; s < n_sizes; s++)
          {
            JsonObject *o = size_result (results, sizes[s]);
            print_cell (line, o ? get_num (o, peers[r].path) * 1e3 : NAN);
          }
        g_string_append_c (line, '\n');
      }
  }

  g_string_append_c (line, '\n');
  print_header (line, "Ratios (peer / Oretrace)", sizes, n_sizes);
  {
    static const struct {
      const char *label, *peer, *ours, *ours2;
    } ratios[] = {
      { "neato SVG / export SVG", "neato_n2_svg", "export_svg.median_s", NULL },
      { "neato PNG / export PNG", "neato_n2_png", "export_png.median_s", NULL },
      { "sfdp / view+export SVG", "sfdp_svg", "view_network.median_s", "export_svg.median_s" },
      { "sfdp / network view + SVG", "sfdp_svg", "view_export_svg_network.median_s", NULL },
      { "sfdp / map view + SVG", "sfdp_svg", "view_export_svg_map.median_s", NULL },
      { "sfdp / flow view + SVG", "sfdp_svg", "view_export_svg_flow.median_s", NULL },
      { "py-igraph build / network", "python_igraph.build_s", "network_entities.median_s", NULL },
      { "py read+build / load+network", "python_igraph.total_s", "load_csv.median_s",
        "network_entities.median_s" },
    };
    for (guint r = 0; r < G_N_ELEMENTS (ratios); r++)
      {
        g_string_append_printf (line, "%-30s", ratios[r].label);
        for (guint s = 0; s < n_sizes; s++)
          {
            JsonObject *o = size_result (results, sizes[s]);

            if (o == NULL)
              g_string_append_printf (line, " %12s", "-");
            else if (g_str_has_prefix (ratios[r].peer, "python_igraph."))
              {
                g_autofree char *p = g_strconcat ("peers.", ratios[r].peer, NULL);
                double pv = get_num (o, p);
                double t = get_num (o, ratios[r].ours);

                if (ratios[r].ours2)
                  t += get_num (o, ratios[r].ours2);
                if (isnan (pv) || isnan (t) || t <= 0)
                  g_string_append_printf (line, " %12s", "-");
                else
                  g_string_append_printf (line, " %11.1fx", pv / t);
              }
            else
              print_ratio (line, o, ratios[r].peer, ratios[r].ours,
                           ratios[r].ours2 != NULL, ratios[r].ours2);
          }
        g_string_append_c (line, '\n');
      }
  }
  g_print ("%s", line->str);
}

/* ---- Targets --------------------------------------------------------- */

/* @value is from wall-clock medians, @cpu (NAN if none) from process CPU
 * time: on a shared machine the second shows what the code costs. */
static void
add_target (JsonBuilder *b,
            GString     *text,
            const char  *name,
            double       value,
            double       cpu,
            const char  *unit,
            double       limit,
            gboolean     at_least)
{
  const char *verdict;
  gboolean met = at_least ? value >= limit : value <= limit;
  gboolean cpu_met = !isnan (cpu) && (at_least ? cpu >= limit : cpu <= limit);

  if (isnan (value))
    verdict = "not measured";
  else if (met)
    verdict = "met";
  else if (cpu_met)
    verdict = "met on CPU time, missed on wall time";
  else
    verdict = "MISSED";
  g_string_append_printf (text, "  %-44s %9.2f %-4s", name, value, unit);
  if (!isnan (cpu))
    g_string_append_printf (text, " (CPU %9.2f)", cpu);
  else
    g_string_append_printf (text, " %15s", "");
  g_string_append_printf (text, " %s %g: %s\n", at_least ? ">=" : "<=", limit, verdict);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "target");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "value");
  json_builder_add_double_value (b, isnan (value) ? -1 : value);
  json_builder_set_member_name (b, "cpu_value");
  json_builder_add_double_value (b, isnan (cpu) ? -1 : cpu);
  json_builder_set_member_name (b, "limit");
  json_builder_add_double_value (b, limit);
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, verdict);
  json_builder_end_object (b);
}

/* A target without a limit (it has to work; the times go in the docs):
 * "done" with the seconds it took, or "not run" and how to run it. */
static void
add_done (JsonBuilder *b,
          GString     *text,
          const char  *name,
          double       seconds,
          const char  *how)
{
  const char *verdict = isnan (seconds) ? "not run" : "done";

  if (isnan (seconds))
    g_string_append_printf (text, "  %-44s %9s %-4s %15s works: not run (%s)\n", name, "-", "", "", how);
  else
    g_string_append_printf (text, "  %-44s %9.2f %-4s %15s works: done\n", name, seconds, "s", "");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "target");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "value");
  json_builder_add_double_value (b, isnan (seconds) ? -1 : seconds);
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, verdict);
  json_builder_end_object (b);
}

static double
at_size (JsonArray  *results,
         guint       size,
         const char *path)
{
  JsonObject *o = size_result (results, size);

  return o ? get_num (o, path) : NAN;
}

static double
peer_ratio (JsonArray  *results,
            guint       size,
            const char *peer,
            const char *ours)
{
  return at_size (results, size, peer) / at_size (results, size, ours);
}

/* Issue 20, h-layout's part: the network view's layout at 100k, the way
 * from the CSV file to the network's SVG against sfdp on the aggregated
 * graph, and the slowest of the exports of every view and format at 1M
 * (ot-bench-stages.c, bench_layout () and bench_all_exports ()). */
static void
check_layout_export_targets (JsonArray   *results,
                             JsonBuilder *b,
                             GString     *text)
{
  static const char * const views[] = { "network", "map", "flow" };
  static const char * const formats[] = { "png", "svg", "pdf", "gexf", "graphml", "xlsx" };
  double sfdp = at_size (results, 100000, "peers.sfdp_svg.wall_s");
  double worst = NAN, worst_cpu = NAN, graph = NAN, graph_cpu = NAN;
  g_autofree char *worst_name = NULL, *graph_name = NULL;
  g_autofree char *label = NULL, *graph_label = NULL;

  add_target (b, text, "100k: network layout",
              at_size (results, 100000, "network_layout.median_s") * 1e3,
              at_size (results, 100000, "network_layout.cpu_median_s") * 1e3, "ms", 100, FALSE);
  /* Wall time against wall time: the peers' CPU time is not recorded. */
  add_target (b, text, "100k: CSV -> SVG network / sfdp",
              at_size (results, 100000, "csv_to_svg_network.median_s") / sfdp, NAN, "x", 0.5, FALSE);
  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
      {
        g_autofree char *path = g_strdup_printf ("export_%s_%s.median_s", views[v], formats[f]);
        g_autofree char *cpu = g_strdup_printf ("export_%s_%s.cpu_median_s", views[v], formats[f]);
        double value = at_size (results, 1000000, path);

        if (!isnan (value) && (isnan (worst) || value > worst))
          {
            worst = value;
            worst_cpu = at_size (results, 1000000, cpu);
            g_free (worst_name);
            worst_name = g_strdup_printf ("%s %s", views[v], formats[f]);
          }
        /* The same without the XLSX, whose floor (deflate of 1.6 GB of
         * XML) is far above the target (docs/performance.md, "Issue 20:
         * exports and summary"): the other formats' state stays seen. */
        if (!isnan (value) && !g_str_equal (formats[f], "xlsx") && (isnan (graph) || value > graph))
          {
            graph = value;
            graph_cpu = at_size (results, 1000000, cpu);
            g_free (graph_name);
            graph_name = g_strdup_printf ("%s %s", views[v], formats[f]);
          }
      }
  label = g_strdup_printf ("1M: slowest export (%s)", worst_name ? worst_name : "every view, format");
  add_target (b, text, label, worst, worst_cpu, "s", 2, FALSE);
  graph_label = g_strdup_printf ("1M: slowest export but XLSX (%s)",
                                 graph_name ? graph_name : "every view, format");
  add_target (b, text, graph_label, graph, graph_cpu, "s", 2, FALSE);
}

static void
check_targets (JsonArray   *results,
               JsonBuilder *b)
{
  g_autoptr(GString) text = g_string_new (NULL);
  double worst_parse = NAN, worst_parse_cpu = NAN;

  /* Parse speed: the slowest of the sizes big enough to be steady. */
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *o = json_array_get_object_element (results, i);
      double v = get_num (o, "load_csv.mb_s");

      if (get_num (o, "size") >= 10000 && (isnan (worst_parse) || v < worst_parse))
        {
          worst_parse = v;
          worst_parse_cpu = get_num (o, "load_csv_bytes") / 1e6 /
                            get_num (o, "load_csv.cpu_median_s");
        }
    }

  json_builder_set_member_name (b, "targets");
  json_builder_begin_array (b);

  /* Issue 20: a million incidents end to end, and ten million. */
  g_string_append (text, "Issue 20 targets\n");
  /* h-bench: the whole process, the window's first chart, memory, 10M. */
  add_target (b, text, "1M CSV: oretrace --check, whole process",
              at_size (results, 1000000, "check_process.median_s"),
              at_size (results, 1000000, "check_process.cpu_median_s"), "s", 1.0, FALSE);
  add_target (b, text, "1M CSV: window's first chart after start",
              at_size (results, 1000000, "first_chart_process.median_s"),
              at_size (results, 1000000, "first_chart_process.cpu_median_s"), "s", 1.5, FALSE);
  add_target (b, text, "1M: memory per incident after load",
              at_size (results, 1000000, "memory.bytes_per_incident"), NAN, "B", 400, FALSE);
  add_target (b, text, "1M: peak memory per incident while loading",
              at_size (results, 1000000, "memory.peak_bytes_per_incident"), NAN, "B", 600, FALSE);
  add_done (b, text, "10M: load, filter change, map and network",
            at_size (results, 10000000, "memory.first_load_s") +
            at_size (results, 10000000, "filter_redraw.median_s") +
            at_size (results, 10000000, "view_map.median_s") +
            at_size (results, 10000000, "view_network.median_s"),
            "--sizes 10000000 --only big; docs/performance.md");
  /* h-layout: the network layout, CSV -> SVG against sfdp, exports. */
  check_layout_export_targets (results, b, text);
  /* Issue 20, analysis (h-analysis): --summary at 1M as a whole process,
   * the slower of the two projections (betweenness estimated above
   * OT_ANALYSIS_EXACT_WORK, docs/network.md). */
  {
    double wall = at_size (results, 1000000, "summary_process.median_s");
    double cpu = at_size (results, 1000000, "summary_process.cpu_median_s");
    double wall_e = at_size (results, 1000000, "summary_process_entities.median_s");
    double cpu_e = at_size (results, 1000000, "summary_process_entities.cpu_median_s");

    add_target (b, text, "1M: --summary (whole process)",
                isnan (wall_e) ? wall : MAX (wall, wall_e),
                isnan (cpu_e) ? cpu : MAX (cpu, cpu_e), "s", 3, FALSE);
  }

  /* Issue 20, JSON and JSON Lines (h-json): the slowest of the sizes
   * >= 10k, as CSV's (a JSON document only at the sizes written, under
   * the loader's 128 MiB limit). */
  {
    double lines = NAN, lines_cpu = NAN, doc = NAN, doc_cpu = NAN;

    for (guint i = 0; i < json_array_get_length (results); i++)
      {
        JsonObject *o = json_array_get_object_element (results, i);
        double vl = get_num (o, "load_jsonl.mb_s");
        double vd = get_num (o, "load_json.mb_s");

        if (get_num (o, "size") < 10000)
          continue;
        if (!isnan (vl) && (isnan (lines) || vl < lines))
          {
            lines = vl;
            lines_cpu = get_num (o, "load_jsonl_bytes") / 1e6 / get_num (o, "load_jsonl.cpu_median_s");
          }
        if (!isnan (vd) && (isnan (doc) || vd < doc))
          {
            doc = vd;
            doc_cpu = get_num (o, "load_json_bytes") / 1e6 / get_num (o, "load_json.cpu_median_s");
          }
      }
    add_target (b, text, "JSON Lines parse (slowest size >= 10k)", lines, lines_cpu, "MB/s", 150,
                TRUE);
    add_target (b, text, "JSON parse (slowest size >= 10k, <= 300k)", doc, doc_cpu, "MB/s", 150,
                TRUE);
  }

  g_string_append (text, "\nEarlier targets (issue 13)\n");
  add_target (b, text, "CSV parse (slowest size >= 10k)", worst_parse, worst_parse_cpu,
              "MB/s", 200, TRUE);
  add_target (b, text, "100k: file to first frame",
              at_size (results, 100000, "file_to_first_frame.median_s"),
              at_size (results, 100000, "file_to_first_frame.cpu_median_s"), "s", 1, FALSE);
  add_target (b, text, "1M: load CSV", at_size (results, 1000000, "load_csv.median_s"),
              at_size (results, 1000000, "load_csv.cpu_median_s"), "s", 5, FALSE);
  add_target (b, text, "frame, 10k vertices / 50k edges (LOD)",
              at_size (results, 10000, "frame_10k_50k.median_s") * 1e3,
              at_size (results, 10000, "frame_10k_50k.cpu_median_s") * 1e3, "ms", 16, FALSE);
  add_target (b, text, "100k: filter change -> redraw",
              at_size (results, 100000, "filter_redraw.median_s") * 1e3,
              at_size (results, 100000, "filter_redraw.cpu_median_s") * 1e3, "ms", 100, FALSE);
  add_target (b, text, "100k: neato -n2 -Tsvg / SVG export",
              peer_ratio (results, 100000, "peers.neato_n2_svg.wall_s", "export_svg.median_s"),
              peer_ratio (results, 100000, "peers.neato_n2_svg.wall_s", "export_svg.cpu_median_s"),
              "x", 5, TRUE);
  add_target (b, text, "100k: python-igraph build / network build",
              peer_ratio (results, 100000, "peers.python_igraph.build_s",
                          "network_entities.median_s"),
              peer_ratio (results, 100000, "peers.python_igraph.build_s",
                          "network_entities.cpu_median_s"), "x", 1, TRUE);
  json_builder_end_array (b);
  g_print ("\n%s", text->str);
}

static void
print_trade (JsonObject *trade)
{
  static const struct { const char *label, *path; double scale; const char *unit; } rows[] = {
    { "rows", "rows", 1, "" },
    { "generate (in memory)", "generate_s", 1, "s" },
    { "score", "score.median_s", 1, "s" },
    { "  score, CPU", "score.cpu_median_s", 1, "s" },
    { "  rows scored", "score.rows_s", 1e-6, "M/s" },
    { "peak RSS", "peak_rss_kib", 1.0 / 1024, "MiB" },
    { "write Comtrade TSV", "write_s", 1, "s" },
    { "  files", "files", 1, "" },
    { "  bytes", "file_bytes", 1e-6, "MB" },
    { "load", "load.median_s", 1, "s" },
    { "  load", "load.mb_s", 1, "MB/s" },
    { "load + score", "load_score.median_s", 1, "s" },
  };

  g_print ("\nTrade statistics (issue 18)\n");
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      double v = get_num (trade, rows[r].path);
      g_autofree char *label = g_strdup_printf ("%s%s%s%s", rows[r].label, *rows[r].unit ? " (" : "",
                                                rows[r].unit, *rows[r].unit ? ")" : "");

      if (isnan (v))
        continue;
      g_print ("%-30s %14.2f\n", label, v * rows[r].scale);
    }
  if (json_object_has_member (trade, "load") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (trade, "load")))
    g_print ("%-30s %14s\n", "load", json_object_get_string_member (trade, "load"));
  if (json_object_has_member (trade, "planted_rerouting_first"))
    g_print ("%-30s %14s\n", "planted hubs ranked 1, 2",
             json_object_get_boolean_member (trade, "planted_rerouting_first") ? "yes" : "NO");
}

/* Issue 18: ten million trade rows loaded and scored in under 10 s
 * (wall median of the load + score stage); @b in an object. */
static void
check_trade_target (JsonObject  *trade,
                    JsonBuilder *b)
{
  g_autoptr(GString) text = g_string_new ("Targets (trade)\n");
  double rows = get_num (trade, "rows_loaded");

  json_builder_set_member_name (b, "trade_targets");
  json_builder_begin_array (b);
  if (!isnan (rows) && rows >= 1e7)
    add_target (b, text, "10M trade rows: load and score", get_num (trade, "load_score.median_s"),
                get_num (trade, "load_score.cpu_median_s"), "s", 10, FALSE);
  else
    g_string_append_printf (text, "  %-44s fewer rows than the target's 10 M: not judged\n",
                            "10M trade rows: load and score");
  json_builder_end_array (b);
  g_print ("\n%s", text->str);
}

/* ---- Machine --------------------------------------------------------- */

static char *
cpu_model (void)
{
  g_autofree char *info = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &info, NULL, NULL))
    return g_strdup ("unknown");
  lines = g_strsplit (info, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "model name"))
      return g_strdup (g_strstrip (strchr (lines[i], ':') + 1));
  return g_strdup ("unknown");
}

static guint64
mem_total_kib (void)
{
  g_autofree char *info = NULL;
  char *p;

  if (!g_file_get_contents ("/proc/meminfo", &info, NULL, NULL) ||
      (p = strstr (info, "MemTotal:")) == NULL)
    return 0;
  return g_ascii_strtoull (p + strlen ("MemTotal:"), NULL, 10);
}

static char *
tool_version (const char * const *argv)
{
  g_autofree char *out = NULL, *err = NULL;
  char *nl;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, NULL, NULL))
    return g_strdup ("missing");
  nl = strchr (*err ? err : out, '\n');
  if (nl)
    *nl = '\0';
  return g_strdup (*err ? err : out);
}

static void
add_machine (JsonBuilder *b)
{
  static const char * const dot_v[] = { "dot", "-V", NULL };
  static const char * const py_v[] = { PYTHON, "-c", "import igraph; print('python-igraph', igraph.__version__)", NULL };
  g_autofree char *cpu = cpu_model ();
  g_autofree char *dot = tool_version (dot_v);
  g_autofree char *py = tool_version (py_v);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format_iso8601 (now);
  struct utsname un;

  uname (&un);
  json_builder_set_member_name (b, "machine");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "nproc");
  json_builder_add_int_value (b, g_get_num_processors ());
  json_builder_set_member_name (b, "cpu");
  json_builder_add_string_value (b, cpu);
  json_builder_set_member_name (b, "mem_total_kib");
  json_builder_add_int_value (b, mem_total_kib ());
  json_builder_set_member_name (b, "kernel");
  json_builder_add_string_value (b, un.release);
  json_builder_set_member_name (b, "graphviz");
  json_builder_add_string_value (b, dot);
  json_builder_set_member_name (b, "python_igraph");
  json_builder_add_string_value (b, py);
  json_builder_set_member_name (b, "buildtype");
  json_builder_add_string_value (b, OT_BENCH_BUILDTYPE);
  json_builder_set_member_name (b, "date");
  json_builder_add_string_value (b, date);
  json_builder_end_object (b);
  g_print ("Machine: %u CPUs, %s, %.1f GiB; %s; %s; build %s\n\n",
           g_get_num_processors (), cpu, mem_total_kib () / 1048576.0, dot, py,
           OT_BENCH_BUILDTYPE);
}

/* ---- Main ------------------------------------------------------------ */

static int
print_report (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(JsonBuilder) b = json_builder_new ();
  JsonObject *root, *machine;
  JsonArray *results;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_printerr ("ot-bench: %s\n", error->message);
      return 1;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  results = json_object_get_array_member (root, "sizes");
  machine = json_object_get_object_member (root, "machine");
  g_print ("Machine: %u CPUs, %s, %.1f GiB; %s; %s; build %s; %s\n\n",
           (guint) json_object_get_int_member (machine, "nproc"),
           json_object_get_string_member (machine, "cpu"),
           json_object_get_int_member (machine, "mem_total_kib") / 1048576.0,
           json_object_get_string_member (machine, "graphviz"),
           json_object_get_string_member (machine, "python_igraph"),
           json_object_get_string_member (machine, "buildtype"),
           json_object_get_string_member (machine, "date"));
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      guint size = (guint) get_num (json_array_get_object_element (results, i), "size");
      g_array_append_val (sizes, size);
    }
  print_tables (results, (const guint *) (void *) sizes->data, sizes->len);
  json_builder_begin_object (b);
  if (sizes->len > 0)
    check_targets (results, b);
  if (json_object_has_member (root, "trade"))
    {
      print_trade (json_object_get_object_member (root, "trade"));
      check_trade_target (json_object_get_object_member (root, "trade"), b);
    }
  json_builder_end_object (b);
  return 0;
}

static gboolean
parse_sizes (const char *text,
             GArray     *sizes)
{
  g_auto(GStrv) parts = NULL;

  /* "none": the trade stage alone. */
  if (g_str_equal (text, "none"))
    return TRUE;
  parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i]; i++)
    {
      guint64 v;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, G_MAXUINT, &v, NULL))
        return FALSE;
      g_array_append_val (sizes, (guint) { v });
    }
  return sizes->len > 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) results = json_array_new ();
  g_autofree char *datadir = NULL, *out = NULL, *sizes_text = NULL;
  g_autofree char *self = NULL, *only = NULL, *report = NULL;
  gboolean quick = FALSE, no_peers = FALSE;
  gint64 child = 0, reps = 3, trade = 0, child_trade = 0;
  double cap = 120, budget = 1.0;
  GOptionEntry entries[] = {
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick, "Only 1k and 10k incidents", NULL },
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_text, "Sizes, comma-separated", "N,N" },
    { "datadir", 'd', 0, G_OPTION_ARG_FILENAME, &datadir, "Generated sets and outputs", "DIR" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Results (JSON)", "FILE" },
    { "cap", 0, 0, G_OPTION_ARG_DOUBLE, &cap, "Time cap per peer run, s (120)", "S" },
    { "reps", 0, 0, G_OPTION_ARG_INT64, &reps, "Minimum repetitions per stage (3)", "N" },
    { "budget", 0, 0, G_OPTION_ARG_DOUBLE, &budget, "Repeat a stage until it used S s (1)", "S" },
    { "no-peers", 0, 0, G_OPTION_ARG_NONE, &no_peers, "Skip Graphviz and python-igraph", NULL },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report,
      "Print the tables of an earlier results file, run nothing", "FILE" },
    { "trade", 0, 0, G_OPTION_ARG_INT64, &trade,
      "Also time the trade statistics stage with about ROWS generated rows (10000000 for issue 18)", "ROWS" },
    { "child-trade", 0, 0, G_OPTION_ARG_INT64, &child_trade,
      "Run the trade stage in this process, print JSON (for profiling)", "ROWS" },
    { "child", 0, 0, G_OPTION_ARG_INT64, &child,
      "Run the stages of one size in this process, print JSON (for profiling)", "SIZE" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only,
      "One group of stages: load, csv, case, aliases, document, network, analysis, views, viewnet, "
      "layout, redraw, export, exports (every view and format), frame10k, big (10M: the map and "
      "network views, a filter change) or processes (oretrace --check and the window's first chart, "
      "whole processes)", "GROUP" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Times Oretrace's stages on seeded synthetic sets and "
                                         "compares them with Graphviz and python-igraph.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ot-bench: %s\n", error->message);
      return 2;
    }
  if (datadir == NULL)
    datadir = g_strdup ("bench-data");
  reps = CLAMP (reps, 1, 25);

  if (child_trade > 0)
    {
      BenchConfig config = { datadir, (guint) MIN (child_trade, G_MAXUINT), (guint) reps, budget, NULL };

      return child_main (&config, TRUE);
    }
  if (child > 0)
    {
      BenchConfig config = { datadir, (guint) child, (guint) reps, budget, only };
      return child_main (&config, FALSE);
    }

  if (report)
    return print_report (report);

  if (sizes_text && !parse_sizes (sizes_text, sizes))
    {
      g_printerr ("ot-bench: --sizes wants numbers like 1000,10000\n");
      return 2;
    }
  if (sizes->len == 0 && !(sizes_text && g_str_equal (sizes_text, "none")))
    {
      if (quick)
        g_array_append_vals (sizes, quick_sizes, G_N_ELEMENTS (quick_sizes));
      else
        g_array_append_vals (sizes, full_sizes, G_N_ELEMENTS (full_sizes));
    }
  if (g_mkdir_with_parents (datadir, 0755) != 0)
    {
      g_printerr ("ot-bench: cannot create %s: %s\n", datadir, g_strerror (errno));
      return 1;
    }
  self = g_file_read_link ("/proc/self/exe", NULL);

  json_builder_begin_object (b);
  add_machine (b);
  for (guint s = 0; s < sizes->len; s++)
    {
      guint size = g_array_index (sizes, guint, s);
      JsonNode *node;

      /* (JSON Lines only where it is read: 10M of it is 3.9 GB; a JSON
       * document only where it fits the loader's 128 MiB limit: about
       * 390 bytes an incident.) */
      if (!ensure_set (datadir, size, OT_FORMAT_CSV, ".csv", &error) ||
          (WANT_GROUP (only, "load") &&
           (!ensure_set (datadir, size, OT_FORMAT_JSONL, ".jsonl", &error) ||
            (size <= BENCH_MAX_JSON_SIZE &&
             !ensure_set (datadir, size, OT_FORMAT_JSON, ".json", &error)))))
        {
          g_printerr ("ot-bench: %s\n", error->message);
          return 1;
        }
      node = run_child (self ? self : argv[0], "--child", datadir, size, reps, budget, only);
      if (node == NULL)
        return 1;
      if (WANT_GROUP (only, "processes"))
        {
          run_processes (datadir, size, json_node_get_object (node));
          add_summary_process (datadir, size, node);   /* issue 20 (analysis) */
        }
      if (!no_peers)
        {
          g_autoptr(JsonBuilder) pb = json_builder_new ();
          g_autoptr(JsonNode) peers = NULL;
          JsonObject *po;

          json_builder_begin_object (pb);
          run_peers (datadir, size, cap, pb);
          json_builder_end_object (pb);
          peers = json_builder_get_root (pb);
          po = json_node_get_object (peers);
          json_object_set_member (json_node_get_object (node), "peers",
                                  json_node_copy (json_object_get_member (po, "peers")));
        }
      json_array_add_element (results, node);
    }

  json_builder_set_member_name (b, "sizes");
  json_builder_add_value (b, json_node_init_array (json_node_alloc (), results));
  if (sizes->len > 0)
    {
      print_tables (results, (const guint *) (void *) sizes->data, sizes->len);
      check_targets (results, b);
    }
  if (trade > 0)
    {
      JsonNode *node = run_child (self ? self : argv[0], "--child-trade", datadir,
                                  (guint) MIN (trade, G_MAXUINT), reps, budget, NULL);

      if (node == NULL)
        return 1;
      print_trade (json_node_get_object (node));
      check_trade_target (json_node_get_object (node), b);
      json_builder_set_member_name (b, "trade");
      json_builder_add_value (b, node);
    }
  json_builder_end_object (b);

  if (out)
    {
      g_autofree char *dir = g_path_get_dirname (out);
      g_autofree char *text = NULL;

      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      g_mkdir_with_parents (dir, 0755);
      if (!g_file_set_contents (out, text, -1, &error))
        {
          g_printerr ("ot-bench: %s\n", error->message);
          return 1;
        }
      g_print ("\nWrote %s\n", out);
    }
  return 0;
}
