/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-ftm-summary.c: the labelled summary of an incident's FtM entity,
 * written and read back (docs/ftm.md, "The summary"). */
#include "ot-ftm-summary.h"

#include <math.h>
#include <string.h>

#include "ot-writer.h"

#define ILLUSTRATIVE_TEXT "a made-up example, not a reported fact"

/* The sentences, in the order they are written; each is "Label: value.".
 * @needle is how a later sentence starts inside the text. */
typedef struct {
  const char *label;
  const char *needle;
  OtColumn    column;
} Label;

#define LABEL(text, column) { text, ". " text ": ", column }

static const Label labels[] = {
  LABEL ("Illustrative", OT_COLUMN_ILLUSTRATIVE),
  LABEL ("Status", OT_COLUMN_STATUS),
  LABEL ("Mineral", OT_COLUMN_MINERAL),
  LABEL ("Form", OT_COLUMN_FORM),
  LABEL ("Quantity", OT_COLUMN_QUANTITY),      /* "600 kg" */
  LABEL ("Value", OT_COLUMN_VALUE),            /* "146000000 CNY" */
  LABEL ("Currency", OT_COLUMN_CURRENCY),      /* only without a value */
  LABEL ("HS code", OT_COLUMN_HS_CODE),
  LABEL ("Declared as", OT_COLUMN_DECLARED_AS),
  LABEL ("Concealment", OT_COLUMN_CONCEALMENT),
  LABEL ("Exporter", OT_COLUMN_EXPORTER),
  LABEL ("Consignee", OT_COLUMN_CONSIGNEE),
  LABEL ("Authority", OT_COLUMN_AUTHORITY),
  LABEL ("Case", OT_COLUMN_CASE_REF),
  LABEL ("Confidence", OT_COLUMN_CONFIDENCE),
  LABEL ("Source reliability", OT_COLUMN_RELIABILITY),
  LABEL ("Information credibility", OT_COLUMN_CREDIBILITY),
};

#define N_LABELS G_N_ELEMENTS (labels)
#define STATUS_LABEL 1

/* The value of one sentence, a new string or NULL. */
static char *
sentence_value (const OtIncident *incident,
                OtColumn          column)
{
  g_autofree char *number = NULL;

  switch (column)
    {
    case OT_COLUMN_ILLUSTRATIVE:
      return incident->illustrative ? g_strdup (ILLUSTRATIVE_TEXT) : NULL;
    case OT_COLUMN_QUANTITY:
      number = ot_writer_column_text (incident, column);
      return number != NULL ? g_strdup_printf ("%s kg", number) : NULL;
    case OT_COLUMN_VALUE:
      number = ot_writer_column_text (incident, column);
      if (number != NULL && incident->currency != NULL)
        return g_strdup_printf ("%s %s", number, incident->currency);
      return g_steal_pointer (&number);
    case OT_COLUMN_CURRENCY:
      return isnan (incident->value) ? g_strdup (incident->currency) : NULL;
    default:
      return ot_writer_column_text (incident, column);
    }
}

char *
ot_ftm_summary_write (const OtIncident *incident)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (incident != NULL, NULL);

  for (guint l = 0; l < N_LABELS; l++)
    {
      g_autofree char *value = sentence_value (incident, labels[l].column);

      if (value != NULL && *value != '\0')
        g_string_append_printf (text, "%s%s: %s.", text->len > 0 ? " " : "", labels[l].label, value);
    }
  return g_string_free (text, FALSE);
}

static gboolean
starts_sentence (const char  *text,
                 const Label *label)
{
  gsize n = strlen (label->label);

  return strncmp (text, label->label, n) == 0 && text[n] == ':' && text[n + 1] == ' ';
}

/* Splits @text into its sentences: @found[l] the value of labels[l]. */
static gboolean
split (const char *text,
       char       *found[N_LABELS])
{
  gsize length = strlen (text);
  gsize pos = 0;
  guint next = 0;

  while (pos < length)
    {
      gsize start, end = length;
      guint l = next;

      while (l < N_LABELS && !starts_sentence (text + pos, &labels[l]))
        l++;
      /* It starts with its status (an illustrative record's with that). */
      if (l == N_LABELS || (pos == 0 && l > STATUS_LABEL))
        return FALSE;
      start = pos + strlen (labels[l].label) + 2;
      for (guint m = l + 1; m < N_LABELS; m++)
        {
          const char *at = strstr (text + start, labels[m].needle);

          if (at != NULL && (gsize) (at - text) < end)
            end = at - text;
        }
      if (end == length)
        {
          if (text[length - 1] != '.')
            return FALSE;
          end = length - 1;
          pos = length;
        }
      else
        pos = end + 2;
      if (end <= start)
        return FALSE;
      found[l] = g_strndup (text + start, end - start);
      next = l + 1;
    }
  return found[STATUS_LABEL] != NULL;
}

gboolean
ot_ftm_summary_read (const char *text,
                     char       *columns[OT_N_COLUMNS])
{
  char *found[N_LABELS] = { NULL };
  OtStatus status;
  gboolean ok;

  g_return_val_if_fail (columns != NULL, FALSE);

  /* Another's text that happens to start with "Status: " is no status. */
  ok = text != NULL && split (text, found) && ot_status_parse (found[STATUS_LABEL], &status);
  if (ok && found[0] != NULL)
    ok = strcmp (found[0], ILLUSTRATIVE_TEXT) == 0;
  for (guint l = 0; ok && l < N_LABELS; l++)
    {
      char *value = found[l];
      char *space;

      if (value == NULL)
        continue;
      switch (labels[l].column)
        {
        case OT_COLUMN_ILLUSTRATIVE:
          g_free (value);
          found[l] = value = g_strdup ("true");
          break;
        case OT_COLUMN_QUANTITY:
          ok = g_str_has_suffix (value, " kg");
          if (ok)
            value[strlen (value) - 3] = '\0';
          break;
        case OT_COLUMN_VALUE:
          /* "146000000 CNY": the value and its currency. */
          space = strrchr (value, ' ');
          if (space != NULL)
            {
              *space = '\0';
              ok = found[l + 1] == NULL;
              if (ok)
                found[l + 1] = g_strdup (space + 1);
            }
          break;
        default:
          break;
        }
    }
  for (guint l = 0; l < N_LABELS; l++)
    {
      if (ok && found[l] != NULL)
        columns[labels[l].column] = g_steal_pointer (&found[l]);
      g_free (found[l]);
    }
  if (ok && columns[OT_COLUMN_QUANTITY] != NULL)
    columns[OT_COLUMN_UNIT] = g_strdup ("kg");
  return ok;
}
