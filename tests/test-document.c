/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case document (src/core/document/ot-document.c, issue 17): every
 * command, done, undone and redone, gives the identical state (the whole
 * state as text, ot_document_dump ()); a randomised run of 1,000 commands,
 * undos and redos ends equal to replaying the commands that survived on a
 * fresh document; merges and splits show in the dataset the views read;
 * datasets already handed out never change; the tables survive a save
 * and a reopen; the Undo menu's labels; dirty and saved. */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ot-case.h"
#include "ot-document.h"
#include "ot-error.h"
#include "ot-test-load.h"
#include "ot-trade.h"

static OtDocument *
sample_document (void)
{
  g_autoptr(OtDataset) ds = ot_test_load_sample_file ("incidents.csv", 60);

  return ot_document_new (ds);
}

/* Two distinct exporters of the sample. */
static void
two_companies (OtDataset   *ds,
               const char **a,
               const char **b)
{
  *a = *b = NULL;
  for (guint i = 0; i < ot_dataset_get_n_incidents (ds) && *b == NULL; i++)
    {
      const char *name = ot_dataset_get_incident (ds, i)->exporter;

      if (name == NULL)
        continue;
      if (*a == NULL)
        *a = name;
      else if (strcmp (*a, name) != 0)
        *b = name;
    }
  g_assert_nonnull (*b);
}

typedef gboolean (*Command) (OtDocument *doc);

static gboolean
cmd_add (OtDocument *doc)
{
  OtIncident incident = *ot_dataset_get_incident (ot_document_get_dataset (doc), 0);

  incident.id = "TEST-ADDED-1";
  incident.quantity_kg = 1234.5;
  incident.notes = "added by the test";
  return ot_document_add_incident (doc, &incident, NULL);
}

static gboolean
cmd_replace (OtDocument *doc)
{
  OtIncident incident = *ot_dataset_get_incident (ot_document_get_dataset (doc), 3);

  incident.quantity_kg = 99.0;
  incident.exporter = "A company the test made up";
  return ot_document_replace_incident (doc, 3, &incident, NULL);
}

static gboolean
cmd_replace_id (OtDocument *doc)
{
  OtIncident incident = *ot_dataset_get_incident (ot_document_get_dataset (doc), 5);

  incident.id = "TEST-RENAMED";
  return ot_document_replace_incident (doc, 5, &incident, NULL);
}

static gboolean
cmd_delete (OtDocument *doc)
{
  guint indices[] = { 7, 1, 5, 7 };

  return ot_document_delete_incidents (doc, indices, G_N_ELEMENTS (indices), NULL);
}

static gboolean
cmd_mixed (OtDocument *doc)
{
  OtDataset *ds = ot_document_get_dataset (doc);
  guint remove[] = { 0, 10 };
  guint replace_index[] = { 2 };
  OtIncident replace[1], add[2];

  replace[0] = *ot_dataset_get_incident (ds, 3);   /* index 2 after the removal */
  replace[0].status = OT_STATUS_CONVICTED;
  add[0] = *ot_dataset_get_incident (ds, 20);
  add[0].id = "TEST-IMPORTED-1";
  add[1] = *ot_dataset_get_incident (ds, 21);
  add[1].id = "TEST-IMPORTED-2";
  return ot_document_edit_incidents (doc, "Import", remove, 2, replace_index, replace, 1, add, 2, NULL);
}

static gboolean
cmd_merge (OtDocument *doc)
{
  const char *names[2];

  two_companies (ot_document_get_dataset (doc), &names[0], &names[1]);
  return ot_document_merge_companies (doc, names, 2, "Merged by the test", NULL);
}

static gboolean
cmd_split (OtDocument *doc)
{
  g_assert_true (cmd_merge (doc));
  return ot_document_split_entity (doc, "Merged by the test", NULL);
}

static gboolean
cmd_reject (OtDocument *doc)
{
  const char *a, *b;

  two_companies (ot_document_get_dataset (doc), &a, &b);
  return ot_document_reject_alias_pair (doc, b, a, NULL);
}

static gboolean
cmd_note (OtDocument *doc)
{
  return ot_document_set_annotation (doc, "place", "TH", "Transshipment hub in the sample", NULL);
}

static gboolean
cmd_note_edit (OtDocument *doc)
{
  g_assert_true (cmd_note (doc));
  return ot_document_set_annotation (doc, "place", "TH", "Edited", NULL);
}

static gboolean
cmd_note_delete (OtDocument *doc)
{
  g_assert_true (cmd_note (doc));
  return ot_document_set_annotation (doc, "place", "TH", "", NULL);
}

static gboolean
cmd_pin (OtDocument *doc)
{
  const char *keys[] = { "CN", "TH" };
  double xs[] = { 0.1, -3.25 }, ys[] = { 1e-9, 42.0 };

  return ot_document_pin_vertices (doc, "network", keys, xs, ys, 2, NULL, NULL);
}

static gboolean
cmd_unpin (OtDocument *doc)
{
  g_assert_true (cmd_pin (doc));
  return ot_document_unpin_all (doc, "network");
}

static gboolean
cmd_view (OtDocument *doc)
{
  return ot_document_save_view (doc, "Antimony", "{\"minerals\":[\"antimony\"]}", "map",
                                "countries", "{\"zoom\":2}", NULL);
}

static gboolean
cmd_view_delete (OtDocument *doc)
{
  g_assert_true (cmd_view (doc));
  return ot_document_delete_view (doc, "Antimony", NULL);
}

static const struct {
  const char *name;
  Command     run;
} commands[] = {
  { "add", cmd_add },
  { "replace", cmd_replace },
  { "replace-id", cmd_replace_id },
  { "delete", cmd_delete },
  { "mixed", cmd_mixed },
  { "merge", cmd_merge },
  { "split", cmd_split },
  { "reject", cmd_reject },
  { "note", cmd_note },
  { "note-edit", cmd_note_edit },
  { "note-delete", cmd_note_delete },
  { "pin", cmd_pin },
  { "unpin", cmd_unpin },
  { "view", cmd_view },
  { "view-delete", cmd_view_delete },
};

/* Each command: done it changes the state; undone the state is the one
 * before, byte for byte; redone the one after. */
static void
test_do_undo_redo (gconstpointer data)
{
  Command run = data;
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtDataset) held = NULL;
  g_autofree char *held_before = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  guint n_commands;

  before = ot_document_dump (doc);
  held = g_object_ref (ot_document_get_dataset (doc));
  n_commands = ot_document_get_n_commands (doc);
  g_assert_true (run (doc));
  after = ot_document_dump (doc);
  g_assert_cmpuint (ot_document_get_n_commands (doc), >, n_commands);
  /* The last command changed the state, and redoing it gives it back. */
  {
    g_autofree char *one_back = NULL;
    g_autofree char *again = NULL;

    g_assert_true (ot_document_undo (doc));
    one_back = ot_document_dump (doc);
    g_assert_cmpstr (one_back, !=, after);
    g_assert_true (ot_document_redo (doc));
    again = ot_document_dump (doc);
    g_assert_cmpstr (again, ==, after);
  }

  /* Undo everything the command did (split and the edits run two). */
  while (ot_document_get_n_commands (doc) > 0)
    g_assert_true (ot_document_undo (doc));
  undone = ot_document_dump (doc);
  g_assert_cmpstr (undone, ==, before);
  while (ot_document_can_redo (doc))
    g_assert_true (ot_document_redo (doc));
  redone = ot_document_dump (doc);
  g_assert_cmpstr (redone, ==, after);

  /* The dataset handed out before never changed. */
  {
    g_autoptr(OtDocument) reader = ot_document_new (held);

    held_before = ot_document_dump (reader);
    g_assert_cmpuint (ot_dataset_get_n_incidents (held), ==, 60);
  }
  {
    g_autoptr(OtDocument) fresh = sample_document ();
    g_autofree char *fresh_dump = ot_document_dump (fresh);

    g_assert_cmpstr (held_before, ==, fresh_dump);
  }
}

/* Merging shows in the dataset the network, filters and search read; a
 * split takes it back; an entity merged again brings its aliases. */
static void
test_merge_split (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(GPtrArray) aliases = NULL;
  OtDataset *ds = ot_document_get_dataset (doc);
  const char *names[3];
  const char *third = NULL;
  g_autoptr(GError) error = NULL;

  two_companies (ds, &names[0], &names[1]);
  g_assert_cmpstr (ot_dataset_resolve_company (ds, names[0]), ==, names[0]);
  g_assert_true (ot_document_merge_companies (doc, names, 2, "  Entity X ", &error));
  g_assert_no_error (error);
  ds = ot_document_get_dataset (doc);
  g_assert_cmpstr (ot_dataset_resolve_company (ds, names[0]), ==, "Entity X");
  g_assert_cmpstr (ot_dataset_resolve_company (ds, names[1]), ==, "Entity X");
  g_assert_cmpstr (ot_document_get_entity (doc, names[1]), ==, "Entity X");
  aliases = ot_dataset_get_company_aliases (ds, "Entity X");
  g_assert_cmpuint (aliases->len, ==, 2);
  g_assert_cmpstr (ot_document_get_undo_label (doc), ==, "Merge of 2 companies");

  /* A third company merged with the entity: three aliases. */
  for (guint i = 0; i < ot_dataset_get_n_incidents (ds) && third == NULL; i++)
    {
      const char *c = ot_dataset_get_incident (ds, i)->consignee;

      if (c != NULL && strcmp (c, names[0]) != 0 && strcmp (c, names[1]) != 0)
        third = c;
    }
  g_assert_nonnull (third);
  {
    const char *again[] = { "Entity X", third };

    g_assert_true (ot_document_merge_companies (doc, again, 2, "Entity Y", &error));
  }
  g_assert_cmpstr (ot_document_get_undo_label (doc), ==, "Merge of 3 companies");
  /* An alias named brings its whole entity too. */
  g_assert_true (ot_document_undo (doc));
  {
    const char *again[] = { names[0], third };

    g_assert_true (ot_document_merge_companies (doc, again, 2, "Entity Y", &error));
  }
  g_assert_cmpstr (ot_document_get_undo_label (doc), ==, "Merge of 3 companies");
  ds = ot_document_get_dataset (doc);
  g_assert_cmpstr (ot_dataset_resolve_company (ds, names[1]), ==, "Entity Y");
  g_assert_cmpstr (ot_dataset_resolve_company (ds, third), ==, "Entity Y");

  g_assert_true (ot_document_split_entity (doc, "Entity Y", &error));
  ds = ot_document_get_dataset (doc);
  g_assert_cmpstr (ot_dataset_resolve_company (ds, names[0]), ==, names[0]);
  g_assert_false (ot_dataset_has_aliases (ds));

  /* Refused: one company, no name, not an entity. */
  g_assert_false (ot_document_merge_companies (doc, names, 1, "Z", &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ot_document_merge_companies (doc, names, 2, " ", &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ot_document_split_entity (doc, names[0], &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
}

/* Ids stay unique; a refused command changes nothing and is not pushed. */
static void
test_refused (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  OtDataset *ds = ot_document_get_dataset (doc);
  OtIncident incident = *ot_dataset_get_incident (ds, 0);
  g_autofree char *before = ot_document_dump (doc);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  guint big = 1000;

  incident.id = ot_dataset_get_incident (ds, 1)->id;
  g_assert_false (ot_document_add_incident (doc, &incident, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, incident.id));
  g_clear_error (&error);
  g_assert_false (ot_document_replace_incident (doc, 0, &incident, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ot_document_delete_incidents (doc, &big, 1, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  after = ot_document_dump (doc);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (ot_document_can_undo (doc));
  g_assert_false (ot_document_is_dirty (doc));
}

static void
test_dirty (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  guint64 saved;

  g_assert_false (ot_document_is_dirty (doc));
  g_assert_true (cmd_note (doc));
  g_assert_true (ot_document_is_dirty (doc));
  g_assert_cmpstr (ot_document_get_undo_label (doc), ==, "Add Note");
  saved = ot_document_get_revision (doc);
  ot_document_mark_saved (doc, saved);
  g_assert_false (ot_document_is_dirty (doc));
  /* The history survives the save. */
  g_assert_true (ot_document_can_undo (doc));
  g_assert_true (ot_document_undo (doc));
  g_assert_true (ot_document_is_dirty (doc));
  g_assert_cmpstr (ot_document_get_redo_label (doc), ==, "Add Note");
  g_assert_true (ot_document_redo (doc));
  g_assert_false (ot_document_is_dirty (doc));
  /* A save that started before a change leaves the document dirty. */
  g_assert_true (cmd_pin (doc));
  ot_document_mark_saved (doc, saved);
  g_assert_true (ot_document_is_dirty (doc));
}

/* An import prepared in a worker becomes the current version as one
 * command, equal to the same incidents added by copying; a version of a
 * dataset that is no longer current is refused. */
static void
test_import_version (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtDocument) copied = sample_document ();
  g_autoptr(OtDataset) demo = ot_test_load_sample_file ("illustrative-demo.csv", 25);
  g_autoptr(OtDataset) version = NULL;
  g_autoptr(OtDataset) stale = NULL;
  OtDataset *base = ot_document_get_dataset (doc);
  g_autofree char *before = ot_document_dump (doc);
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;
  g_autofree char *undone = NULL;
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (OtIncident));

  version = ot_dataset_new_version (base);
  ot_dataset_merge (version, demo);
  g_assert_cmpuint (ot_dataset_get_n_incidents (version), ==, 85);
  g_assert_true (ot_document_import_version (doc, base, version, "Import of 25 incidents"));
  g_assert_true (ot_document_get_dataset (doc) == version);
  g_assert_cmpstr (ot_document_get_undo_label (doc), ==, "Import of 25 incidents");

  for (guint i = 0; i < ot_dataset_get_n_incidents (demo); i++)
    g_array_append_val (added, *ot_dataset_get_incident (demo, i));
  g_assert_true (ot_document_edit_incidents (copied, "Import", NULL, 0, NULL, NULL, 0,
                                             (const OtIncident *) added->data, added->len, NULL));
  got = ot_document_dump (doc);
  want = ot_document_dump (copied);
  g_assert_cmpstr (got, ==, want);

  g_assert_true (ot_document_undo (doc));
  undone = ot_document_dump (doc);
  g_assert_cmpstr (undone, ==, before);

  /* Made from a dataset that is not current any more. */
  stale = ot_dataset_new_version (version);
  ot_dataset_merge (stale, demo);
  g_assert_false (ot_document_import_version (doc, version, stale, "Import"));
  g_assert_false (ot_document_can_undo (doc));
}

/* Trade statistics imported into an open case (issue 18) are one command
 * like incidents: alone ("Import of trade statistics (42 rows)") or with
 * incidents, undone (the case's statistics back: none, or those it had)
 * and redone exactly; ot_document_import (), the fallback when the case
 * moved on, gives the same state. */
static void
test_import_trade (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtDocument) copied = sample_document ();
  g_autofree char *published = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                      "trade-published-figures.csv", NULL);
  const char *paths[] = { published, NULL };
  g_autoptr(OtDataset) loaded = ot_test_load_paths (paths);
  g_autoptr(OtDataset) demo = ot_test_load_sample_file ("illustrative-demo.csv", 25);
  g_autoptr(OtDataset) version = NULL;
  g_autoptr(OtDataset) both = NULL;
  OtDataset *base = ot_document_get_dataset (doc);
  OtTradeTable *trade = ot_dataset_get_trade (loaded);
  g_autofree char *before = ot_document_dump (doc);
  g_autofree char *imported = NULL;
  g_autofree char *got = NULL;
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (OtIncident));

  g_assert_nonnull (trade);
  g_assert_cmpuint (ot_trade_table_get_n_rows (trade), ==, 42);
  g_assert_null (ot_dataset_get_trade (base));

  /* Statistics alone. */
  version = ot_dataset_new_version (base);
  ot_dataset_merge (version, loaded);
  g_assert_true (ot_document_import_version (doc, base, version, "Import of trade statistics (42 rows)"));
  g_assert_true (ot_document_is_dirty (doc));
  g_assert_cmpstr (ot_document_get_undo_label (doc), ==, "Import of trade statistics (42 rows)");
  g_assert_true (ot_dataset_get_trade (ot_document_get_dataset (doc)) == ot_dataset_get_trade (version));
  imported = ot_document_dump (doc);
  g_assert_nonnull (strstr (imported, "\ntrade 41|"));
  g_assert_true (ot_document_undo (doc));
  g_assert_null (ot_dataset_get_trade (ot_document_get_dataset (doc)));
  g_assert_false (ot_document_is_dirty (doc));
  got = ot_document_dump (doc);
  g_assert_cmpstr (got, ==, before);
  g_clear_pointer (&got, g_free);
  g_assert_cmpstr (ot_document_get_redo_label (doc), ==, "Import of trade statistics (42 rows)");
  g_assert_true (ot_document_redo (doc));
  got = ot_document_dump (doc);
  g_assert_cmpstr (got, ==, imported);
  g_clear_pointer (&got, g_free);

  /* Incidents and more statistics at once: undo keeps the first ones. */
  base = ot_document_get_dataset (doc);
  both = ot_dataset_new_version (base);
  ot_dataset_merge (both, demo);
  ot_dataset_merge (both, loaded);
  g_assert_cmpuint (ot_trade_table_get_n_rows (ot_dataset_get_trade (both)), ==, 84);
  g_assert_true (ot_document_import_version (doc, base, both, "Import"));
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_document_get_dataset (doc)), ==, 85);
  g_assert_true (ot_document_undo (doc));
  got = ot_document_dump (doc);
  g_assert_cmpstr (got, ==, imported);
  g_clear_pointer (&got, g_free);
  g_assert_true (ot_document_undo (doc));
  got = ot_document_dump (doc);
  g_assert_cmpstr (got, ==, before);
  g_clear_pointer (&got, g_free);
  g_assert_true (ot_document_redo (doc));
  g_assert_true (ot_document_redo (doc));

  /* The same through ot_document_import (): the same state. */
  g_assert_true (ot_document_import (copied, "Import", NULL, 0, trade, NULL));
  got = ot_document_dump (copied);
  g_assert_cmpstr (got, ==, imported);
  g_clear_pointer (&got, g_free);
  for (guint i = 0; i < ot_dataset_get_n_incidents (demo); i++)
    g_array_append_val (added, *ot_dataset_get_incident (demo, i));
  g_assert_true (ot_document_import (copied, "Import", (const OtIncident *) added->data, added->len,
                                     ot_dataset_get_trade (both), NULL));
  {
    g_autofree char *want = ot_document_dump (doc);

    got = ot_document_dump (copied);
    g_assert_cmpstr (got, ==, want);
  }
  g_assert_true (ot_document_undo (copied));
  g_assert_true (ot_document_undo (copied));
  g_clear_pointer (&got, g_free);
  got = ot_document_dump (copied);
  g_assert_cmpstr (got, ==, before);

  /* Nothing new: no command. */
  {
    g_autoptr(OtDataset) same = ot_dataset_new_version (ot_document_get_dataset (copied));

    g_assert_true (ot_document_import_version (copied, ot_document_get_dataset (copied), same, "Import"));
    g_assert_false (ot_document_can_undo (copied));
  }
}

/* ---- A randomised run --------------------------------------------------------- */

typedef struct {
  guint  kind;
  guint  a, b, c;
  double x;
} Op;

#define N_KINDS 9

/* Runs @op; TRUE when it pushed a command. */
static gboolean
run_op (OtDocument *doc,
        const Op   *op)
{
  OtDataset *ds = ot_document_get_dataset (doc);
  guint n = ot_dataset_get_n_incidents (ds);
  guint before = ot_document_get_n_commands (doc);
  g_autofree char *text = NULL;

  switch (op->kind)
    {
    case 0:   /* add a copy of incident a with a new id */
      if (n > 0)
        {
          OtIncident incident = *ot_dataset_get_incident (ds, op->a % n);
          g_autofree char *id = g_strdup_printf ("R-%u-%u", op->b, op->c);

          incident.id = id;
          incident.quantity_kg = op->x;
          ot_document_add_incident (doc, &incident, NULL);
        }
      break;
    case 1:   /* edit incident a */
      if (n > 0)
        {
          OtIncident incident = *ot_dataset_get_incident (ds, op->a % n);

          incident.quantity_kg = op->x;
          incident.status = op->b % OT_N_STATUS;
          text = g_strdup_printf ("Company %u", op->c % 7);
          incident.exporter = text;
          ot_document_replace_incident (doc, op->a % n, &incident, NULL);
        }
      break;
    case 2:   /* delete incidents a, b */
      if (n > 2)
        {
          guint indices[] = { op->a % n, op->b % n };

          ot_document_delete_incidents (doc, indices, 2, NULL);
        }
      break;
    case 3:   /* merge the exporters of incidents a and b */
      if (n > 0)
        {
          const char *names[] = { ot_dataset_get_incident (ds, op->a % n)->exporter,
                                  ot_dataset_get_incident (ds, op->b % n)->exporter };
          g_autofree char *name = g_strdup_printf ("Entity %u", op->c % 5);
          g_autofree char *n0 = g_strdup (names[0]);
          g_autofree char *n1 = g_strdup (names[1]);
          const char *copies[] = { n0, n1 };

          ot_document_merge_companies (doc, copies, 2, name, NULL);
        }
      break;
    case 4:   /* split entity c */
      {
        g_autofree char *name = g_strdup_printf ("Entity %u", op->c % 5);

        ot_document_split_entity (doc, name, NULL);
      }
      break;
    case 5:   /* a note, or none */
      {
        g_autofree char *key = g_strdup_printf ("K%u", op->a % 6);

        text = op->b % 3 == 0 ? NULL : g_strdup_printf ("note %u", op->c);
        ot_document_set_annotation (doc, op->b % 2 ? "place" : "incident", key, text, NULL);
      }
      break;
    case 6:   /* a pin, or re-layout */
      if (op->b % 4 == 0)
        ot_document_unpin_all (doc, "network");
      else
        {
          g_autofree char *key = g_strdup_printf ("V%u", op->a % 9);
          const char *keys[] = { key };
          double y = op->c / 7.0;

          ot_document_pin_vertices (doc, "network", keys, &op->x, &y, 1, NULL, NULL);
        }
      break;
    case 7:   /* a saved view, or its deletion */
      {
        g_autofree char *name = g_strdup_printf ("View %u", op->a % 3);

        if (op->b % 3 == 0)
          ot_document_delete_view (doc, name, NULL);
        else
          {
            text = g_strdup_printf ("{\"n\":%u}", op->c);
            ot_document_save_view (doc, name, text, "network", "countries", "", NULL);
          }
      }
      break;
    case 8:   /* a rejected pair */
      {
        g_autofree char *a = g_strdup_printf ("Company %u", op->a % 7);
        g_autofree char *b = g_strdup_printf ("Company %u", op->b % 7);

        ot_document_reject_alias_pair (doc, a, b, NULL);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return ot_document_get_n_commands (doc) > before;
}

static void
test_random (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtDocument) replay = sample_document ();
  g_autoptr(GArray) done = g_array_new (FALSE, FALSE, sizeof (Op));    /* survivors */
  g_autoptr(GArray) undone = g_array_new (FALSE, FALSE, sizeof (Op));  /* redo stack */
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261207);
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;
  guint n_commands = 0, n_undos = 0, n_redos = 0;

  for (guint step = 0; step < 1000; step++)
    {
      guint r = g_rand_int_range (rand, 0, 100);

      if (r < 20 && ot_document_can_undo (doc))
        {
          g_assert_true (ot_document_undo (doc));
          g_array_append_val (undone, g_array_index (done, Op, done->len - 1));
          g_array_set_size (done, done->len - 1);
          n_undos++;
        }
      else if (r < 27 && ot_document_can_redo (doc))
        {
          g_assert_true (ot_document_redo (doc));
          g_array_append_val (done, g_array_index (undone, Op, undone->len - 1));
          g_array_set_size (undone, undone->len - 1);
          n_redos++;
        }
      else
        {
          Op op = { g_rand_int_range (rand, 0, N_KINDS), g_rand_int (rand), g_rand_int (rand),
                    g_rand_int (rand), g_rand_double_range (rand, -1e6, 1e6) };

          if (run_op (doc, &op))
            {
              g_array_append_val (done, op);
              g_array_set_size (undone, 0);
              n_commands++;
            }
        }
      g_assert_cmpuint (ot_document_get_n_commands (doc), ==, done->len);
      /* The id index finds every incident where it is. */
      {
        OtDataset *ds = ot_document_get_dataset (doc);

        for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
          g_assert_cmpint (ot_dataset_find (ds, ot_dataset_get_incident (ds, i)->id), ==, (gint) i);
        g_assert_cmpint (ot_dataset_find (ds, "R-no-such-id"), ==, -1);
      }
    }
  g_test_message ("%u commands, %u undos, %u redos; %u survive", n_commands, n_undos, n_redos, done->len);
  g_assert_cmpuint (n_commands, >, 500);
  g_assert_cmpuint (n_undos, >, 100);

  for (guint i = 0; i < done->len; i++)
    g_assert_true (run_op (replay, &g_array_index (done, Op, i)));
  got = ot_document_dump (doc);
  want = ot_document_dump (replay);
  g_assert_cmpstr (got, ==, want);
}

/* ---- Save and reopen ---------------------------------------------------------- */

static void
test_case_round_trip (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtDocument) reopened = NULL;
  g_autoptr(OtCaseTables) tables = NULL;
  g_autoptr(OtCaseTables) read = NULL;
  g_autoptr(OtDataset) ds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oretrace-document-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "case.oretrace", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (cmd_merge (doc));
  g_assert_true (cmd_reject (doc));
  g_assert_true (cmd_note (doc));
  g_assert_true (ot_document_set_annotation (doc, "flow", "CN\x1fTH\x1f" "antimony", "Via Bangkok", NULL));
  g_assert_true (cmd_pin (doc));
  g_assert_true (cmd_view (doc));
  g_assert_true (cmd_add (doc));
  tables = ot_document_dup_tables (doc);
  g_assert_true (ot_case_save (ot_document_get_dataset (doc), tables, path, NULL, &error));
  g_assert_no_error (error);

  ds = ot_case_load (path, &read, NULL, &error);
  g_assert_no_error (error);
  ot_dataset_set_case_tables (ds, g_steal_pointer (&read));
  reopened = ot_document_new (ds);
  before = ot_document_dump (doc);
  after = ot_document_dump (reopened);
  /* Where each incident was read from is the case file now for none:
   * the case keeps the file each came from. */
  g_assert_cmpstr (before, ==, after);

  g_unlink (path);
  g_rmdir (dir);
}

/* The headless commands open a case as the window does: its merged
 * companies are one vertex in --summary. */
static guint
summary_companies (const char *path)
{
  const char *app = g_getenv ("OT_APP");
  const char *argv[] = { app, "--summary", "--json", "--projection", "entities", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  return json_object_get_int_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                                    "vertices"), "company");
}

static void
test_cli_case (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtCaseTables) tables = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oretrace-document-XXXXXX", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain.oretrace", NULL);
  g_autofree char *merged = g_build_filename (dir, "merged.oretrace", NULL);
  const char *names[2];

  if (g_getenv ("OT_APP") == NULL)
    {
      g_test_skip ("OT_APP is not set (run through meson test)");
      return;
    }
  tables = ot_document_dup_tables (doc);
  g_assert_true (ot_case_save (ot_document_get_dataset (doc), tables, plain, NULL, &error));
  g_clear_pointer (&tables, ot_case_tables_free);
  two_companies (ot_document_get_dataset (doc), &names[0], &names[1]);
  g_assert_true (ot_document_merge_companies (doc, names, 2, "Merged by the test", NULL));
  tables = ot_document_dup_tables (doc);
  g_assert_true (ot_case_save (ot_document_get_dataset (doc), tables, merged, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (summary_companies (merged), ==, summary_companies (plain) - 1);

  g_unlink (plain);
  g_unlink (merged);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = g_strdup_printf ("/document/command/%s", commands[i].name);

      g_test_add_data_func (name, commands[i].run, test_do_undo_redo);
    }
  g_test_add_func ("/document/merge-split", test_merge_split);
  g_test_add_func ("/document/refused", test_refused);
  g_test_add_func ("/document/dirty", test_dirty);
  g_test_add_func ("/document/import-version", test_import_version);
  g_test_add_func ("/document/import-trade", test_import_trade);
  g_test_add_func ("/document/random", test_random);
  g_test_add_func ("/document/case-round-trip", test_case_round_trip);
  g_test_add_func ("/document/cli-case", test_cli_case);
  return g_test_run ();
}
