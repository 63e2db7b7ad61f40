/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogues are real and the program finds them: runs the built
 * `oretrace --help` under LANGUAGE=de and LANGUAGE=zh_CN with OT_LOCALEDIR
 * pointing at the catalogues compiled into the build tree, and checks that
 * the application's own strings come out translated.  No display needed. */
#include <glib.h>
#include <string.h>

static char *
run_help (const char *language)
{
  const char *app = g_getenv ("OT_APP");
  const char *localedir = g_getenv ("OT_LOCALEDIR");
  const char *argv[] = { app, "--help", NULL };
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

static void
test_i18n_untranslated (void)
{
  g_autofree char *out = run_help (NULL);

  g_assert_nonnull (strstr (out, "Open incident files (CSV, JSON, JSON Lines) and see the smuggling network behind them."));
  g_assert_nonnull (strstr (out, "Only incidents on or after DATE"));
}

static void
test_i18n_german (void)
{
  g_autofree char *out = run_help ("de");

  /* The summary comes from src/ui, the option help from src/core. */
  g_assert_nonnull (strstr (out, "Vorfalldateien (CSV, JSON, JSON Lines) öffnen und das Schmuggelnetzwerk dahinter sehen."));
  g_assert_nonnull (strstr (out, "Nur Vorfälle am oder nach DATUM"));
  g_assert_null (strstr (out, "Only incidents on or after DATE"));
}

static void
test_i18n_chinese (void)
{
  g_autofree char *out = run_help ("zh_CN");

  g_assert_nonnull (strstr (out, "打开案件文件（CSV、JSON、JSON Lines），查看其背后的走私网络。"));
  g_assert_nonnull (strstr (out, "仅限该日期当天或之后的案件"));
  g_assert_null (strstr (out, "Only incidents on or after DATE"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i18n/untranslated", test_i18n_untranslated);
  g_test_add_func ("/i18n/german", test_i18n_german);
  g_test_add_func ("/i18n/chinese", test_i18n_chinese);

  return g_test_run ();
}
