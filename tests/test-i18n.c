/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogues are real and the program finds them: runs the built
 * `oretrace --help` and `oretrace --export` under LANGUAGE=de and
 * LANGUAGE=zh_CN with OT_LOCALEDIR pointing at the catalogues compiled into
 * the build tree, and checks that the application's own strings and the
 * exported chart's text come out translated.  No display needed. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static char *
run_app (const char *language,
         const char *arg1,
         const char *arg2)
{
  const char *app = g_getenv ("OT_APP");
  const char *localedir = g_getenv ("OT_LOCALEDIR");
  const char *argv[] = { app, arg1, arg2, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = -1;

  g_assert_nonnull (app);
  g_assert_nonnull (localedir);

  /* C.UTF-8 is built into glibc, so this needs no generated locale; gettext
   * honours LANGUAGE under any locale other than plain "C". */
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "OT_LOCALEDIR", localedir, TRUE);
  if (language != NULL)
    envp = g_environ_setenv (envp, "LANGUAGE", language, TRUE);
  else
    envp = g_environ_unsetenv (envp, "LANGUAGE");

  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  return out;
}

static char *
run_help (const char *language)
{
  return run_app (language, "--help", NULL);
}

/* The <desc> of an SVG export of the sample incidents: caption, legend
 * and source line as text (Cairo draws the text itself as outlines). */
static char *
export_desc (const char *language)
{
  g_autofree char *dir = g_dir_make_tmp ("oretrace-i18n-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *option = g_strconcat ("--export=", svg, NULL);
  g_autofree char *samples = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                    "incidents.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *start, *end;

  g_assert_nonnull (dir);
  out = run_app (language, option, samples);
  g_file_get_contents (svg, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_remove (svg), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  start = strstr (contents, "<desc ");   /* <desc id="…"> */
  end = start != NULL ? strstr (start, "</desc>") : NULL;
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static void
test_i18n_untranslated (void)
{
  g_autofree char *out = run_help (NULL);

  g_assert_nonnull (strstr (out, "Open incident files (CSV, JSON, JSON Lines, FollowTheMoney entities) or Oretrace cases (.oretrace) and see the smuggling network behind them."));
  g_assert_nonnull (strstr (out, "Only incidents on or after DATE"));
}

static void
test_i18n_german (void)
{
  g_autofree char *out = run_help ("de");

  /* The summary comes from src/ui, the option help from src/core. */
  g_assert_nonnull (strstr (out, "Vorfalldateien (CSV, JSON, JSON Lines, FollowTheMoney-Entitäten) oder Oretrace-Fälle (.oretrace) öffnen und das Schmuggelnetzwerk dahinter sehen."));
  g_assert_nonnull (strstr (out, "Nur Vorfälle am oder nach DATUM"));
  g_assert_null (strstr (out, "Only incidents on or after DATE"));
}

static void
test_i18n_chinese (void)
{
  g_autofree char *out = run_help ("zh_CN");

  g_assert_nonnull (strstr (out, "打开案件文件（CSV、JSON、JSON Lines、FollowTheMoney 实体）或 Oretrace 案例（.oretrace），查看其背后的走私网络。"));
  g_assert_nonnull (strstr (out, "仅限该日期当天或之后的案件"));
  g_assert_null (strstr (out, "Only incidents on or after DATE"));
}

/* The text summary names minerals in the reader's language; --json
 * keeps the canonical names (tests/test-summary.c). */
static void
test_i18n_summary (void)
{
  g_autofree char *samples = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                    "incidents.csv", NULL);
  g_autofree char *english = run_app (NULL, "--summary", samples);
  g_autofree char *german = run_app ("de", "--summary", samples);
  g_autofree char *chinese = run_app ("zh_CN", "--summary", samples);

  g_assert_nonnull (strstr (english, "\n  Antimony "));
  g_assert_nonnull (strstr (german, "\n  Antimon "));
  g_assert_null (strstr (german, "Antimony"));
  g_assert_nonnull (strstr (chinese, "\n  锑 "));
  g_assert_null (strstr (chinese, "Antimony"));
}

/* What the export's text must hold in a language: caption, legend
 * entries (between " " and ";"), source line; and what it must not. */
typedef struct {
  const char *language;
  const char *present[6];
  const char *absent;
} ExportCase;

static const ExportCase export_cases[] = {
  { NULL, { "all minerals", " Antimony;", " Tungsten;", "Origin country",
            "Source: 60 incidents from incidents.csv", NULL }, "Antimon;" },
  { "de", { "alle Mineralien", " Antimon;", " Wolfram;", "Herkunftsland",
            "Quelle: 60 Vorfälle aus incidents.csv", NULL }, "Antimony" },
  { "zh_CN", { "所有矿产", " 锑;", " 钨;", "来源国", "来源：60 起案件，取自 incidents.csv", NULL },
    "Antimony" },
};

static void
test_i18n_export (gconstpointer data)
{
  const ExportCase *c = data;
  g_autofree char *desc = export_desc (c->language);

  for (guint i = 0; c->present[i] != NULL; i++)
    g_assert_nonnull (strstr (desc, c->present[i]));
  g_assert_null (strstr (desc, c->absent));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i18n/untranslated", test_i18n_untranslated);
  g_test_add_func ("/i18n/german", test_i18n_german);
  g_test_add_func ("/i18n/chinese", test_i18n_chinese);
  g_test_add_func ("/i18n/summary", test_i18n_summary);
  g_test_add_data_func ("/i18n/export/english", &export_cases[0], test_i18n_export);
  g_test_add_data_func ("/i18n/export/german", &export_cases[1], test_i18n_export);
  g_test_add_data_func ("/i18n/export/chinese", &export_cases[2], test_i18n_export);

  return g_test_run ();
}
