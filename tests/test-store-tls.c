/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A team store over TLS with the certificate verified
 * (docs/team-store.md, "TLS"): tests/store/run-with-postgres.sh --tls
 * starts a PostgreSQL 15 with ssl=on on 127.0.0.1 only, accepting TCP
 * connections over TLS only, with a server certificate for "localhost"
 * signed by an authority openssl made for the run.  sslmode=verify-full
 * with that authority and the name "localhost" connects (and the
 * server sees TLS); another authority, or a host name the certificate
 * does not give, is refused before anything is sent, with libpq's
 * reason in Oretrace's message; without TLS the server refuses. */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "ot-store.h"

static gboolean
skip_without_tls (void)
{
  if (g_getenv ("OT_TEST_PG_TLS_PORT") != NULL)
    return FALSE;
  g_test_skip (g_getenv ("OT_TEST_PG_MISSING") ? g_getenv ("OT_TEST_PG_MISSING")
                                              : "no TLS server: run under tests/store/run-with-postgres.sh --tls");
  return TRUE;
}

/* Connects to the server's TCP port as @host (resolved to 127.0.0.1)
 * trusting the authority @ca; the store, or NULL and @error. */
static OtStore *
connect_tls (const char  *host,
             const char  *ca,
             const char  *sslmode,
             GError     **error)
{
  g_autofree char *address = g_strdup_printf ("host=%s hostaddr=127.0.0.1 dbname=postgres user=postgres"
                                              " sslmode=%s", host, sslmode);

  /* The authority's file through libpq's own variable (PGPORT is the
   * server's port, set by the wrapper). */
  g_setenv ("PGSSLROOTCERT", ca, TRUE);
  return ot_store_connect (address, NULL, error);
}

static void
assert_refused (OtStore    *store,
                GError     *error,
                const char *reason)
{
  g_assert_null (store);
  g_assert_error (error, OT_STORE_ERROR, OT_STORE_ERROR_CONNECT);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, "Cannot connect to the store"));
  if (strstr (error->message, reason) == NULL)
    g_error ("«%s» does not say «%s»", error->message, reason);
}

static void
test_verified (void)
{
  g_autoptr(OtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  PGconn *admin;
  PGresult *result;

  if (skip_without_tls ())
    return;

  store = connect_tls ("localhost", g_getenv ("OT_TEST_PG_TLS_CA"), "verify-full", &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  /* A store made and read over it. */
  g_assert_true (ot_store_setup (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ot_store_get_version (store), ==, OT_STORE_VERSION);
  /* The server sees a TLS connection from the loopback address. */
  admin = PQconnectdb (g_getenv ("OT_TEST_PG"));
  g_assert_cmpint (PQstatus (admin), ==, CONNECTION_OK);
  result = PQexec (admin, "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
                          " WHERE s.ssl AND a.client_addr = '127.0.0.1'");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (atoi (PQgetvalue (result, 0, 0)), >=, 1);
  PQclear (result);
  PQfinish (admin);
}

static void
test_wrong_authority (void)
{
  g_autoptr(OtStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_tls ())
    return;

  store = connect_tls ("localhost", g_getenv ("OT_TEST_PG_TLS_OTHER_CA"), "verify-full", &error);
  assert_refused (store, error, "certificate verify failed");
}

static void
test_wrong_host (void)
{
  g_autoptr(OtStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_tls ())
    return;

  /* The same server, named by a name its certificate does not give. */
  store = connect_tls ("db.example.org", g_getenv ("OT_TEST_PG_TLS_CA"), "verify-full", &error);
  assert_refused (store, error, "server certificate for \"localhost\" does not match host name \"db.example.org\"");
}

static void
test_no_tls (void)
{
  g_autoptr(OtStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_tls ())
    return;

  store = connect_tls ("localhost", g_getenv ("OT_TEST_PG_TLS_CA"), "disable", &error);
  assert_refused (store, error, "no encryption");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store-tls/verified", test_verified);
  g_test_add_func ("/store-tls/wrong-authority", test_wrong_authority);
  g_test_add_func ("/store-tls/wrong-host", test_wrong_host);
  g_test_add_func ("/store-tls/no-tls", test_no_tls);

  return g_test_run ();
}
