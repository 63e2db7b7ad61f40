/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The network is built in two steps.  The base works out, once per
 * (dataset, projection), every vertex any incident can touch (the
 * universe, sorted by key: the index is the vertex uid), every
 * (from, to, mineral) leg, and per incident its places with their roles
 * and its legs.  A network is then the base aggregated under a filter
 * mask: counting into arrays indexed by uid and universe edge, no hashing,
 * so a filter change costs one pass over the included incidents. */
#include "ot-network.h"
#include "ot-edge-source.h"
#include "ot-network-private.h"
#include "ot-big.h"
#include "ot-country.h"
#include "ot-text.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ot-numeric.h"

#define NO_VERTEX G_MAXUINT

typedef struct {
  OtVertexKind  kind;
  const char   *key;
  const char   *label;
  const char   *entity;   /* merged companies' display name, or NULL */
  OtCountry     country;
} BaseVertex;

typedef struct {
  guint      from;   /* uids */
  guint      to;
  OtMineral  mineral;
} BaseEdge;

typedef struct {
  guint32  first_day;
  guint32  last_day;
  double   kg;         /* 0 without a quantity */
  guint8   has_kg;
  guint8   status;
  guint8   illustrative;
} Facts;

typedef struct {
  gatomicrefcount  ref;
  OtDataset       *dataset;
  OtProjection     projection;
  guint            n_incidents;
  GStringChunk    *strings;

  guint            n_vertices;
  BaseVertex      *vertices;
  guint            n_edges;
  BaseEdge        *edges;

  /* Per incident, CSR: distinct places with their role bits ... */
  guint           *place_off;
  guint           *place_uid;
  guint8          *place_roles;
  /* ... distinct legs (universe edge ids, ascending) ... */
  guint           *leg_off;
  guint           *leg;
  /* ... and, for a record with fewer than two places, its one place
   * (NO_VERTEX if none); NO_VERTEX - 1 marks a record with legs. */
  guint           *event_uid;
  /* What the aggregation needs of each incident, so that a refilter
   * never goes back to the dataset. */
  Facts           *facts;
  guint            n_illustrative;   /* of all the incidents */
  /* A summary's (ot-edge-source.h): no incident, every country a
   * vertex, the legs summed elsewhere. */
  gboolean         summarised;
} Base;

#define HAS_LEGS (NO_VERTEX - 1)

guint ot_network_parallel_min = 50000;

struct _OtNetwork
{
  gatomicrefcount  ref;
  Base            *base;
  guint8          *mask;
  guint            n_included;
  guint32          first_day;     /* the included incidents' span, or 0 */
  guint32          last_day;

  guint            n_vertices;
  OtVertex        *vertices;
  guint           *uid_index;     /* uid -> index or NO_VERTEX */
  guint           *vinc_off;
  guint           *vinc;

  guint            n_edges;
  OtEdge          *edges;
  guint           *einc_off;
  guint           *einc;
  guint           *edge_uid;      /* while building: each edge's universe edge */
  guint           *out_off;
  guint           *out_edges;
  guint           *in_off;
  guint           *in_edges;

  GArray          *events;        /* of OtEvent */
};

static const char * const projection_names[] = { "entities", "countries" };
static const char * const kind_names[OT_N_VERTEX_KINDS] = { "country", "company", "hub" };
static const char * const role_names[OT_N_ROLES] = {
  "origin", "hub", "destination", "exporter", "consignee",
};

const char *
ot_projection_name (OtProjection projection)
{
  g_return_val_if_fail (projection <= OT_PROJECTION_COUNTRIES, NULL);

  return projection_names[projection];
}

gboolean
ot_projection_parse (const char   *text,
                     OtProjection *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; text && i < G_N_ELEMENTS (projection_names); i++)
    {
      if (g_ascii_strcasecmp (text, projection_names[i]) == 0)
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
ot_vertex_kind_name (OtVertexKind kind)
{
  g_return_val_if_fail (kind < OT_N_VERTEX_KINDS, NULL);

  return kind_names[kind];
}

const char *
ot_role_name (OtRole role)
{
  g_return_val_if_fail (role < OT_N_ROLES, NULL);

  return role_names[role];
}

/* ---- Base: the universe of vertices ---------------------------------- */

typedef struct {
  OtVertexKind  kind;
  char         *key;      /* in the chunk */
  const char   *label;
  const char   *entity;   /* the dataset's, or NULL */
  OtCountry     country;
} TmpVertex;

/* A company or port name as given, cleaned once: the dataset interns
 * names, so the same pointer comes back for every repeat. */
typedef struct {
  const char *label;    /* white space collapsed; NULL if blank */
  const char *folded;   /* and case-folded */
} Name;

typedef struct {
  OtDataset    *dataset;    /* whose aliases name the companies, or NULL */
  GStringChunk *strings;
  GHashTable   *by_key;     /* key -> index + 1 */
  guint        *countries;  /* [two letters as a number] -> index + 1, or 0 */
  GHashTable   *names;      /* name as given (pointer) -> Name */
  GHashTable   *companies;  /* company as given (pointer) -> index + 1, or NO_COMPANY */
  GHashTable   *hubs;       /* HubGiven -> index + 1 */
  GArray       *vertices;   /* of TmpVertex */
} Interner;

/* A port as given (the dataset's interned string) in a country. */
typedef struct {
  const char *port;
  guint       country;   /* the code's two letters as a number */
} HubGiven;

static guint
hub_given_hash (gconstpointer key)
{
  const HubGiven *hub = key;

  return g_direct_hash (hub->port) * 31 + hub->country;
}

static gboolean
hub_given_equal (gconstpointer a,
                 gconstpointer b)
{
  const HubGiven *x = a, *y = b;

  return x->port == y->port && x->country == y->country;
}

/* In Interner.companies: a blank name, no vertex. */
#define NO_COMPANY G_MAXUINT

static void
interner_init (Interner     *in,
               OtDataset    *dataset,
               GStringChunk *strings)
{
  in->dataset = dataset;
  in->strings = strings;
  in->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  in->countries = g_new0 (guint, 1 << 16);
  in->names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  in->companies = g_hash_table_new (NULL, NULL);
  in->hubs = g_hash_table_new_full (hub_given_hash, hub_given_equal, g_free, NULL);
  in->vertices = g_array_new (FALSE, TRUE, sizeof (TmpVertex));
}

static void
interner_clear (Interner *in)
{
  g_clear_pointer (&in->by_key, g_hash_table_unref);
  g_clear_pointer (&in->countries, g_free);
  g_clear_pointer (&in->names, g_hash_table_unref);
  g_clear_pointer (&in->companies, g_hash_table_unref);
  g_clear_pointer (&in->hubs, g_hash_table_unref);
  g_clear_pointer (&in->vertices, g_array_unref);
}

static guint
interner_add (Interner     *in,
              OtVertexKind  kind,
              const char   *key,
              const char   *label,
              const char   *country)
{
  gpointer found = g_hash_table_lookup (in->by_key, key);
  TmpVertex v = { 0 };

  if (found)
    return GPOINTER_TO_UINT (found) - 1;

  v.kind = kind;
  v.key = g_string_chunk_insert (in->strings, key);
  v.label = g_string_chunk_insert_const (in->strings, label);
  if (country)
    g_strlcpy (v.country.code, country, sizeof v.country.code);
  g_array_append_val (in->vertices, v);
  g_hash_table_insert (in->by_key, v.key, GUINT_TO_POINTER (in->vertices->len));
  return in->vertices->len - 1;
}

/* White space collapsed to single spaces and trimmed; NULL if empty. */
static char *
collapse_space (const char *text)
{
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static const Name *
clean_name (Interner   *in,
            const char *given)
{
  Name *name = g_hash_table_lookup (in->names, given);

  if (name == NULL)
    {
      /* The loader cleans names already; a dataset built otherwise gets
       * the same rule here, so that the key never holds an invisible or
       * bidi character nor depends on the normalization form. */
      g_autofree char *clean = ot_text_clean_name (given, NULL);
      g_autofree char *label = collapse_space (clean != NULL ? clean : given);

      name = g_new0 (Name, 1);
      if (label != NULL)
        {
          g_autofree char *casefolded = g_utf8_casefold (label, -1);
          g_autofree char *composed = g_utf8_normalize (casefolded, -1, G_NORMALIZE_DEFAULT_COMPOSE);
          g_autofree char *folded = collapse_space (composed != NULL ? composed : casefolded);

          name->label = g_string_chunk_insert_const (in->strings, label);
          name->folded = g_string_chunk_insert_const (in->strings, folded ? folded : "");
        }
      g_hash_table_insert (in->names, (gpointer) given, name);
    }
  return name;
}

/* Two look-ups an incident: an array indexed by the code's two bytes. */
static guint
intern_country (Interner   *in,
                const char *code)
{
  guint number = ((guint) (guchar) code[0] << 8) | (guchar) code[1];
  g_autofree char *key = NULL;
  const char *name;
  guint id;

  if (in->countries[number] != 0)
    return in->countries[number] - 1;

  key = g_strconcat ("country:", code, NULL);
  name = ot_country_name (code);
  id = interner_add (in, OT_VERTEX_COUNTRY, key, name ? name : code, code);
  in->countries[number] = id + 1;
  return id;
}

/* A company is shown as its entity (issue 17): merged companies are one
 * vertex, keyed and labelled by the entity's display name.  Worked out
 * once per name as given (the dataset interns them): a repeat costs one
 * pointer look-up. */
static guint
intern_company (Interner   *in,
                const char *given)
{
  gpointer hit = g_hash_table_lookup (in->companies, given);
  const char *entity;
  const Name *name;
  g_autofree char *key = NULL;
  guint id;

  if (hit != NULL)
    return GPOINTER_TO_UINT (hit) == NO_COMPANY ? NO_VERTEX : GPOINTER_TO_UINT (hit) - 1;

  entity = in->dataset != NULL ? ot_dataset_resolve_company (in->dataset, given) : given;
  name = clean_name (in, entity);
  if (name->label == NULL)
    {
      g_hash_table_insert (in->companies, (gpointer) given, GUINT_TO_POINTER (NO_COMPANY));
      return NO_VERTEX;
    }
  key = g_strconcat ("company:", name->folded, NULL);
  id = interner_add (in, OT_VERTEX_COMPANY, key, name->label, NULL);
  if (entity != given)
    {
      TmpVertex *v = &g_array_index (in->vertices, TmpVertex, id);

      if (v->entity == NULL)
        v->entity = entity;
    }
  g_hash_table_insert (in->companies, (gpointer) given, GUINT_TO_POINTER (id + 1));
  return id;
}

/* A port is keyed by its country and cleaned name, worked out once per
 * port and country as given: a repeat costs one look-up, where building
 * its key each time was a tenth of the network's build. */
static guint
intern_hop (Interner    *in,
            const OtHop *hop)
{
  HubGiven given = { hop->port, ((guint) (guchar) hop->country.code[0] << 8) | (guchar) hop->country.code[1] };
  gpointer hit;
  const Name *name;
  g_autofree char *key = NULL;
  guint id;

  if (hop->port == NULL)
    return OT_COUNTRY_IS_SET (hop->country) ? intern_country (in, hop->country.code) : NO_VERTEX;
  if ((hit = g_hash_table_lookup (in->hubs, &given)) != NULL)
    return GPOINTER_TO_UINT (hit) - 1;

  name = clean_name (in, hop->port);
  if (name->label == NULL)
    id = OT_COUNTRY_IS_SET (hop->country) ? intern_country (in, hop->country.code) : NO_VERTEX;
  else
    {
      key = g_strconcat ("hub:", hop->country.code, ":", name->folded, NULL);
      id = interner_add (in, OT_VERTEX_HUB, key, name->label, hop->country.code);
    }
  g_hash_table_insert (in->hubs, g_memdup2 (&given, sizeof given), GUINT_TO_POINTER (id + 1));
  return id;
}

/* ---- Base: paths ----------------------------------------------------- */

typedef struct {
  guint  vertex;
  guint8 role;
} Step;

/* A growing array of @elt-byte elements in an ot_big block: at 1M
 * incidents the build's arrays are 200 MB, and their first touch in
 * 4 KiB pages (a page fault each in this virtual machine) was a third of
 * the build; in 2 MiB pages it is a few hundred faults. */
typedef struct {
  guint8 *data;
  gsize   len;
  gsize   cap;
  gsize   elt;
} BigVec;

static void
big_vec_init (BigVec *v,
              gsize   elt,
              gsize   reserve)
{
  v->elt = elt;
  v->len = 0;
  v->cap = MAX (reserve, 64);
  v->data = ot_big_alloc (v->cap * elt);
}

static void
big_vec_grow (BigVec *v)
{
  v->cap *= 2;
  v->data = ot_big_realloc (v->data, v->cap * v->elt);
}

/* Room for one more element, returned; the length counts it. */
static inline gpointer
big_vec_push (BigVec *v)
{
  if (G_UNLIKELY (v->len == v->cap))
    big_vec_grow (v);
  return v->data + v->elt * v->len++;
}

typedef OtEdge OtBigEdges;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtBigEdges, ot_big_free)

#define BIG_VEC_AT(v, type, i) (((type *) (void *) (v)->data)[i])

static void
big_vec_clear (BigVec *v)
{
  g_clear_pointer (&v->data, ot_big_free);
}

/* The entity path of one incident: origin, exporter, vias, consignee,
 * destination, skipping what is missing. */
static void
entity_path (Interner         *in,
             const OtIncident *incident,
             BigVec           *steps)
{
  Step s;

#define PUSH(v, r) G_STMT_START { s.vertex = (v); s.role = (r); \
    if (s.vertex != NO_VERTEX) *(Step *) big_vec_push (steps) = s; } G_STMT_END

  if (OT_COUNTRY_IS_SET (incident->origin))
    PUSH (intern_country (in, incident->origin.code), OT_ROLE_ORIGIN);
  if (incident->exporter)
    PUSH (intern_company (in, incident->exporter), OT_ROLE_EXPORTER);
  for (guint h = 0; h < incident->n_via; h++)
    PUSH (intern_hop (in, &incident->via[h]), OT_ROLE_HUB);
  if (incident->consignee)
    PUSH (intern_company (in, incident->consignee), OT_ROLE_CONSIGNEE);
  if (OT_COUNTRY_IS_SET (incident->destination))
    PUSH (intern_country (in, incident->destination.code), OT_ROLE_DESTINATION);
#undef PUSH
}

/* A company seen in a country (exporter: origin, consignee: destination),
 * as one number that sorts as the pair does: the company, then the
 * country's two letters in strcmp ()'s order. */
typedef guint64 Sighting;

static inline Sighting
sighting_new (guint     company,
              OtCountry country)
{
  return (guint64) company << 16 | (guint64) (guchar) country.code[0] << 8 | (guchar) country.code[1];
}

/* Sorts @keys by least significant byte first, skipping the bytes all
 * keys share: about 2M sightings at 1M incidents, where qsort () and a
 * string comparison took a quarter of the network's build. */
static void
sort_sightings (Sighting *keys,
                gsize     n)
{
  g_autoptr(OtBigBlock) scratch = NULL;
  Sighting *from = keys, *to, all_or = 0, all_and = G_MAXUINT64;

  if (n < 2)
    return;
  for (gsize k = 0; k < n; k++)
    all_or |= keys[k], all_and &= keys[k];
  scratch = ot_big_alloc (sizeof (Sighting) * n);
  to = (Sighting *) (void *) scratch;
  for (guint shift = 0; shift < 64; shift += 8)
    {
      gsize count[256] = { 0 }, sum = 0;

      if ((((all_or ^ all_and) >> shift) & 0xff) == 0)
        continue;   /* every key has the same byte here */
      for (gsize k = 0; k < n; k++)
        count[(from[k] >> shift) & 0xff]++;
      for (guint b = 0; b < 256; b++)
        {
          gsize c = count[b];

          count[b] = sum;
          sum += c;
        }
      for (gsize k = 0; k < n; k++)
        to[count[(from[k] >> shift) & 0xff]++] = from[k];
      {
        Sighting *swap = from;

        from = to;
        to = swap;
      }
    }
  if (from != keys)
    memcpy (keys, from, sizeof (Sighting) * n);
}

/* Each company's country: the one it was seen in most often, the
 * alphabetically first on a tie. */
static void
resolve_company_countries (Interner *in,
                           BigVec   *sightings)
{
  Sighting *keys = &BIG_VEC_AT (sightings, Sighting, 0);
  gsize i = 0, n = sightings->len;

  sort_sightings (keys, n);
  while (i < n)
    {
      guint company = (guint) (keys[i] >> 16);
      TmpVertex *v = &g_array_index (in->vertices, TmpVertex, company);
      gsize best = 0;

      while (i < n && (guint) (keys[i] >> 16) == company)
        {
          Sighting run = keys[i];
          gsize first = i;

          while (i < n && keys[i] == run)
            i++;
          if (i - first > best)
            {
              best = i - first;
              v->country.code[0] = (char) ((run >> 8) & 0xff);
              v->country.code[1] = (char) (run & 0xff);
              v->country.code[2] = '\0';
            }
        }
    }
}

static void
collect_sightings (Interner         *in,
                   const OtIncident *incident,
                   const Step       *steps,
                   guint             n_steps,
                   BigVec           *sightings)
{
  for (guint k = 0; k < n_steps; k++)
    {
      OtCountry country;

      if (steps[k].role == OT_ROLE_EXPORTER)
        country = incident->origin;
      else if (steps[k].role == OT_ROLE_CONSIGNEE)
        country = incident->destination;
      else
        continue;
      if (OT_COUNTRY_IS_SET (country))
        *(Sighting *) big_vec_push (sightings) = sighting_new (steps[k].vertex, country);
    }
}

/* ---- Base: building -------------------------------------------------- */

typedef struct {
  guint      from;
  guint      to;
  OtMineral  mineral;
  guint      incident;
  guint      edge;
} Leg;

static int
cmp_uint (gconstpointer a,
          gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static int
cmp_tmp_vertex_ptr (gconstpointer a,
                    gconstpointer b)
{
  const TmpVertex *x = *(const TmpVertex * const *) a;
  const TmpVertex *y = *(const TmpVertex * const *) b;

  return strcmp (x->key, y->key);
}

/* Sorts the universe by key; fills remap[temp id] = uid. */
static void
base_take_vertices (Base     *base,
                    Interner *in,
                    guint    *remap)
{
  guint n = in->vertices->len;
  g_autofree const TmpVertex **order = g_new (const TmpVertex *, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    order[i] = &g_array_index (in->vertices, TmpVertex, i);
  qsort (order, n, sizeof *order, cmp_tmp_vertex_ptr);

  base->n_vertices = n;
  base->vertices = g_new0 (BaseVertex, MAX (n, 1));
  for (guint uid = 0; uid < n; uid++)
    {
      const TmpVertex *t = order[uid];

      remap[t - (const TmpVertex *) in->vertices->data] = uid;
      base->vertices[uid].kind = t->kind;
      base->vertices[uid].key = t->key;
      base->vertices[uid].label = t->label;
      base->vertices[uid].entity = t->entity;
      base->vertices[uid].country = t->country;
    }
}

/* In the countries projection: each entity vertex's country vertex. */
static guint *
project_to_countries (Interner *entities,
                      Interner *countries)
{
  guint n = entities->vertices->len;
  guint *map = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const TmpVertex *v = &g_array_index (entities->vertices, TmpVertex, i);

      map[i] = OT_COUNTRY_IS_SET (v->country) ? intern_country (countries, v->country.code)
                                              : NO_VERTEX;
    }
  return map;
}

static void
base_add_incident_steps (Base       *base,
                         guint       i,
                         const Step *steps,
                         guint       n_steps,
                         const guint *remap,
                         BigVec     *places,
                         BigVec     *legs,
                         GArray     *scratch,
                         guint      *place_of,
                         OtMineral   mineral)
{
  guint *path;
  guint n_path = 0;
  gsize start = places->len;

  g_array_set_size (scratch, n_steps + 1);
  path = (guint *) (void *) scratch->data;

  /* Places: distinct uids with their roles merged.  @place_of[uid] is
   * where uid is in @places, valid when it is at or after @start (it
   * was written for this incident): one look-up per step, where a scan
   * of this incident's places made a row of n hops cost n². */
  for (guint k = 0; k < n_steps; k++)
    {
      guint uid = remap[steps[k].vertex];
      guint p;

      if (uid == NO_VERTEX)
        continue;
      p = place_of[uid];
      if (p >= start && p < places->len && BIG_VEC_AT (places, Step, p).vertex == uid)
        BIG_VEC_AT (places, Step, p).role |= OT_ROLE_BIT (steps[k].role);
      else
        {
          Step q = { uid, OT_ROLE_BIT (steps[k].role) };

          place_of[uid] = places->len;
          *(Step *) big_vec_push (places) = q;
        }
      /* A leg from a vertex to itself is dropped. */
      if (n_path == 0 || path[n_path - 1] != uid)
        path[n_path++] = uid;
    }

  for (guint k = 0; k + 1 < n_path; k++)
    {
      Leg leg = { path[k], path[k + 1], mineral, i, 0 };

      *(Leg *) big_vec_push (legs) = leg;
    }
  base->event_uid[i] = n_path >= 2 ? HAS_LEGS : n_path == 1 ? path[0] : NO_VERTEX;
}

/* A leg's (from, to, mineral): (from, to) packed so that the numbers sort
 * as the pairs do. */
typedef struct {
  guint64 pair;
  guint   mineral;
  guint   id;        /* in the table: G_MAXUINT when empty */
} LegKey;

static inline gboolean
leg_key_equal (const LegKey *a,
               guint64       pair,
               guint         mineral)
{
  return a->pair == pair && a->mineral == mineral;
}

static inline guint
key_slot (guint64 pair,
          guint   mineral,
          guint   bits)
{
  guint64 h = (pair ^ ((guint64) mineral << 56) ^ mineral) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  return (guint) (h >> (64 - bits));
}

static void
table_put (LegKey       *table,
           guint         bits,
           const LegKey *entry)
{
  guint t = key_slot (entry->pair, entry->mineral, bits);

  while (table[t].id != G_MAXUINT)
    t = (t + 1) & ((1u << bits) - 1);
  table[t] = *entry;
}

/* Each leg's distinct (from, to, mineral) numbered in the order first
 * met (leg->edge), through an open-addressing table: one look-up per leg
 * where a sort of every leg (3.5 M at 1M incidents) cost about a second.
 * Returns the keys of those numbers (a new GArray of LegKey). */
static GArray *
number_leg_keys (BigVec *legs)
{
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (LegKey));
  guint bits = 10;
  LegKey *table = ot_big_alloc (sizeof (LegKey) << bits);

  memset (table, 0xff, sizeof (LegKey) << bits);
  for (gsize k = 0; k < legs->len; k++)
    {
      Leg *leg = &BIG_VEC_AT (legs, Leg, k);
      guint64 pair = ((guint64) leg->from << 32) | leg->to;
      guint mineral = leg->mineral;
      guint slot = key_slot (pair, mineral, bits);
      guint id;

      while (table[slot].id != G_MAXUINT && !leg_key_equal (&table[slot], pair, mineral))
        slot = (slot + 1) & ((1u << bits) - 1);
      if (table[slot].id == G_MAXUINT)
        {
          LegKey entry = { pair, mineral, keys->len };

          id = keys->len;
          table[slot] = entry;
          g_array_append_val (keys, entry);
          /* At most half full: twice the room, everything put again. */
          if (2 * keys->len > (1u << bits))
            {
              ot_big_free (table);
              bits++;
              table = ot_big_alloc (sizeof (LegKey) << bits);
              memset (table, 0xff, sizeof (LegKey) << bits);
              for (guint e = 0; e < keys->len; e++)
                table_put (table, bits, &g_array_index (keys, LegKey, e));
            }
        }
      else
        id = table[slot].id;
      leg->edge = id;
    }
  ot_big_free (table);
  return keys;
}

static int
cmp_key_order (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  const LegKey *keys = data;
  const LegKey *x = &keys[*(const guint *) a], *y = &keys[*(const guint *) b];

  if (x->pair != y->pair)
    return x->pair < y->pair ? -1 : 1;
  return x->mineral < y->mineral ? -1 : x->mineral > y->mineral;
}

/* Universe edges from the legs, in (from, to, mineral) order; per
 * incident CSR of distinct edge ids. */
static void
base_take_legs (Base   *base,
                BigVec *legs)
{
  guint n = legs->len;
  g_autoptr(GArray) keys = number_leg_keys (legs);
  guint n_edges = keys->len;
  g_autofree guint *order = g_new (guint, MAX (n_edges, 1));
  g_autofree guint *rank = g_new (guint, MAX (n_edges, 1));
  const LegKey *key = (const LegKey *) (void *) keys->data;

  /* The distinct edges sorted (keys are distinct: no ties). */
  for (guint e = 0; e < n_edges; e++)
    order[e] = e;
  g_qsort_with_data (order, n_edges, sizeof (guint), cmp_key_order, (gpointer) key);
  base->edges = g_new (BaseEdge, MAX (n_edges, 1));
  for (guint r = 0; r < n_edges; r++)
    {
      const LegKey *k = &key[order[r]];

      rank[order[r]] = r;
      base->edges[r].from = (guint) (k->pair >> 32);
      base->edges[r].to = (guint) (k->pair & G_MAXUINT32);
      base->edges[r].mineral = (OtMineral) k->mineral;
    }
  for (guint k = 0; k < n; k++)
    BIG_VEC_AT (legs, Leg, k).edge = rank[BIG_VEC_AT (legs, Leg, k).edge];

  /* Legs are in incident order; keep each incident's distinct edges. */
  base->leg = ot_big_alloc (sizeof (guint) * MAX (n, 1));
  base->leg_off = ot_big_alloc0 (sizeof (guint) * (base->n_incidents + 1));
  {
    guint out = 0, k = 0;

    for (guint i = 0; i < base->n_incidents; i++)
      {
        guint first = out;

        base->leg_off[i] = out;
        while (k < n && BIG_VEC_AT (legs, Leg, k).incident == i)
          base->leg[out++] = BIG_VEC_AT (legs, Leg, k++).edge;
        /* A handful of legs: an insertion sort (qsort () per incident
         * was a call and a merge per incident). */
        for (guint r = first + 1; r < out; r++)
          {
            guint e = base->leg[r], w = r;

            for (; w > first && base->leg[w - 1] > e; w--)
              base->leg[w] = base->leg[w - 1];
            base->leg[w] = e;
          }
        /* Drop repeats: an incident counts once per edge. */
        {
          guint w = first;

          for (guint r = first; r < out; r++)
            if (r == first || base->leg[r] != base->leg[w - 1])
              base->leg[w++] = base->leg[r];
          out = w;
        }
      }
    base->leg_off[base->n_incidents] = out;
  }

  base->n_edges = n_edges;
}

static void
base_unref (Base *base)
{
  if (!g_atomic_ref_count_dec (&base->ref))
    return;

  g_clear_object (&base->dataset);
  g_string_chunk_free (base->strings);
  g_free (base->vertices);
  g_free (base->edges);
  ot_big_free (base->place_off);
  ot_big_free (base->place_uid);
  ot_big_free (base->place_roles);
  ot_big_free (base->leg_off);
  ot_big_free (base->leg);
  ot_big_free (base->event_uid);
  ot_big_free (base->facts);
  g_free (base);
}

static Base *
base_ref (Base *base)
{
  g_atomic_ref_count_inc (&base->ref);
  return base;
}

static Base *
base_new (OtDataset    *dataset,
          OtProjection  projection)
{
  Base *base = g_new0 (Base, 1);
  Interner entities, countries;
  /* Reserved, so that its data is never NULL: a first incident without
   * a place used to index a NULL array (&data[0] is undefined there). */
  BigVec steps, sightings, places, legs;
  guint *step_off;
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *to_country = NULL;
  g_autofree guint *remap = NULL;
  g_autofree guint *place_of = NULL;
  Interner *final;

  g_atomic_ref_count_init (&base->ref);
  base->dataset = g_object_ref (dataset);
  base->projection = projection;
  base->n_incidents = ot_dataset_get_n_incidents (dataset);
  base->strings = g_string_chunk_new (16 * 1024);
  /* Companies are their entities in the entities projection only: in
   * the countries projection each company name keeps the country it was
   * seen in, so a merge never moves a flow from one country to another
   * (docs/network.md, "Merged companies"). */
  interner_init (&entities, projection == OT_PROJECTION_ENTITIES ? dataset : NULL, base->strings);
  interner_init (&countries, NULL, base->strings);

  /* Reserved for about five steps, five places and four legs an
   * incident: a generated incident has origin, exporter, a hub or two,
   * consignee and destination. */
  big_vec_init (&steps, sizeof (Step), (gsize) base->n_incidents * 5);
  big_vec_init (&sightings, sizeof (Sighting), (gsize) base->n_incidents * 2);
  big_vec_init (&places, sizeof (Step), (gsize) base->n_incidents * 5);
  big_vec_init (&legs, sizeof (Leg), (gsize) base->n_incidents * 4);
  step_off = ot_big_alloc (sizeof (guint) * (base->n_incidents + 1));
  for (guint i = 0; i < base->n_incidents; i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (dataset, i);
      gsize first = steps.len;

      step_off[i] = first;
      entity_path (&entities, incident, &steps);
      collect_sightings (&entities, incident, &BIG_VEC_AT (&steps, Step, first),
                         steps.len - first, &sightings);
    }
  step_off[base->n_incidents] = steps.len;
  resolve_company_countries (&entities, &sightings);
  big_vec_clear (&sightings);

  final = &entities;
  if (projection == OT_PROJECTION_COUNTRIES)
    {
      to_country = project_to_countries (&entities, &countries);
      final = &countries;
    }

  remap = g_new (guint, MAX (final->vertices->len, 1));
  base_take_vertices (base, final, remap);
  if (to_country)
    {
      /* Compose entity -> country -> uid. */
      for (guint v = 0; v < entities.vertices->len; v++)
        if (to_country[v] != NO_VERTEX)
          to_country[v] = remap[to_country[v]];
    }

  place_of = g_new0 (guint, MAX (final->vertices->len, 1));
  base->event_uid = ot_big_alloc (sizeof (guint) * MAX (base->n_incidents, 1));
  base->place_off = ot_big_alloc (sizeof (guint) * (base->n_incidents + 1));
  base->facts = ot_big_alloc0 (sizeof (Facts) * MAX (base->n_incidents, 1));
  for (guint i = 0; i < base->n_incidents; i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (dataset, i);
      guint s0 = step_off[i];
      guint s1 = step_off[i + 1];

      base->facts[i].first_day = ot_date_first_day (&incident->date);
      base->facts[i].last_day = ot_date_last_day (&incident->date);
      base->facts[i].has_kg = ot_incident_has_quantity (incident);
      /* A quantity to add up: finite, saturated (ot-numeric.h). */
      base->facts[i].kg = base->facts[i].has_kg ? ot_kg_clamp (incident->quantity_kg) : 0;
      base->facts[i].status = incident->status;
      base->facts[i].illustrative = incident->illustrative ? 1 : 0;
      base->n_illustrative += base->facts[i].illustrative;

      base->place_off[i] = places.len;
      base_add_incident_steps (base, i, &BIG_VEC_AT (&steps, Step, 0) + s0, s1 - s0,
                               to_country ? to_country : remap, &places, &legs, scratch,
                               place_of, incident->mineral);
    }
  base->place_off[base->n_incidents] = places.len;
  base->place_uid = ot_big_alloc (sizeof (guint) * MAX (places.len, 1));
  base->place_roles = ot_big_alloc (MAX (places.len, 1));
  for (gsize p = 0; p < places.len; p++)
    {
      base->place_uid[p] = BIG_VEC_AT (&places, Step, p).vertex;
      base->place_roles[p] = BIG_VEC_AT (&places, Step, p).role;
    }
  big_vec_clear (&places);
  big_vec_clear (&steps);
  ot_big_free (step_off);

  base_take_legs (base, &legs);
  big_vec_clear (&legs);
  interner_clear (&entities);
  interner_clear (&countries);
  return base;
}

/* ---- Network: aggregation under a mask ------------------------------- */

static guint *
csr_offsets_from_counts (guint *counts,
                         guint  n)
{
  guint *off = g_new (guint, n + 1);
  guint sum = 0;

  for (guint k = 0; k < n; k++)
    {
      off[k] = sum;
      sum += counts[k];
      counts[k] = off[k];   /* becomes the fill cursor */
    }
  off[n] = sum;
  return off;
}

static void
aggregate_vertices (OtNetwork *self)
{
  const Base *base = self->base;
  g_autofree guint *n_inc = g_new0 (guint, MAX (base->n_vertices, 1));
  g_autofree guint *cursor = NULL;
  guint32 first_day = 0, last_day = 0;
  guint n_vertices = 0;

  /* (Counted in locals: aggregate_edges () may run beside, in another
   * thread, writing other fields of @self.) */
  for (guint i = 0; i < base->n_incidents; i++)
    {
      const Facts *f = &base->facts[i];

      if (!self->mask[i])
        continue;
      for (guint p = base->place_off[i]; p < base->place_off[i + 1]; p++)
        n_inc[base->place_uid[p]]++;
      if (f->first_day != 0 && (first_day == 0 || f->first_day < first_day))
        first_day = f->first_day;
      last_day = MAX (last_day, f->last_day);
    }
  self->first_day = first_day;
  self->last_day = last_day;

  self->uid_index = g_new (guint, MAX (base->n_vertices, 1));
  for (guint uid = 0; uid < base->n_vertices; uid++)
    self->uid_index[uid] = n_inc[uid] > 0 ? n_vertices++ : NO_VERTEX;
  self->n_vertices = n_vertices;

  self->vertices = g_new0 (OtVertex, MAX (self->n_vertices, 1));
  cursor = g_new0 (guint, MAX (self->n_vertices, 1));
  for (guint uid = 0; uid < base->n_vertices; uid++)
    {
      guint v = self->uid_index[uid];
      OtVertex *vx;

      if (v == NO_VERTEX)
        continue;
      vx = &self->vertices[v];
      vx->kind = base->vertices[uid].kind;
      vx->key = base->vertices[uid].key;
      vx->label = base->vertices[uid].label;
      vx->entity = base->vertices[uid].entity;
      vx->country = base->vertices[uid].country;
      vx->uid = uid;
      vx->n_incidents = n_inc[uid];
      cursor[v] = n_inc[uid];
    }

  self->vinc_off = csr_offsets_from_counts (cursor, self->n_vertices);
  self->vinc = ot_big_alloc (sizeof (guint) * MAX (self->vinc_off[self->n_vertices], 1));
  for (guint i = 0; i < base->n_incidents; i++)
    {
      if (!self->mask[i])
        continue;
      for (guint p = base->place_off[i]; p < base->place_off[i + 1]; p++)
        {
          guint v = self->uid_index[base->place_uid[p]];
          OtVertex *vx = &self->vertices[v];

          self->vinc[cursor[v]++] = i;
          vx->n_illustrative += base->facts[i].illustrative;
          vx->roles |= base->place_roles[p];
          for (guint r = 0; r < OT_N_ROLES; r++)
            if (base->place_roles[p] & OT_ROLE_BIT (r))
              vx->n_role[r]++;
        }
    }
}

static void
edge_add_incident (OtEdge      *e,
                   const Facts *f)
{
  e->n_incidents++;
  if (f->has_kg)
    {
      e->n_with_kg++;
      e->kg = ot_kg_add (e->kg, f->kg);
    }
  if (f->first_day != 0 && (e->first_day == 0 || f->first_day < e->first_day))
    e->first_day = f->first_day;
  if (f->last_day > e->last_day)
    e->last_day = f->last_day;
  if (f->status < OT_N_STATUS)
    e->n_status[f->status]++;
  if (f->illustrative)
    {
      e->n_illustrative++;
      if (f->has_kg)
        e->kg_illustrative = ot_kg_add (e->kg_illustrative, f->kg);
    }
}

static void
aggregate_edges (OtNetwork *self)
{
  const Base *base = self->base;
  /* ot_big: tens of MB at 1M incidents, written once (see BigVec). */
  g_autoptr(OtBigEdges) all = ot_big_alloc0 (sizeof (OtEdge) * MAX (base->n_edges, 1));
  g_autofree guint *index = g_new (guint, MAX (base->n_edges, 1));
  g_autofree guint *cursor = NULL;
  guint n_edges = 0;

  for (guint i = 0; i < base->n_incidents; i++)
    {
      if (!self->mask[i])
        continue;
      for (guint k = base->leg_off[i]; k < base->leg_off[i + 1]; k++)
        edge_add_incident (&all[base->leg[k]], &base->facts[i]);
    }

  for (guint e = 0; e < base->n_edges; e++)
    index[e] = all[e].n_incidents > 0 ? n_edges++ : NO_VERTEX;
  self->n_edges = n_edges;

  /* Their ends are linked to the vertices after (link_edges ()). */
  self->edges = ot_big_alloc0 (sizeof (OtEdge) * MAX (n_edges, 1));
  self->edge_uid = g_new (guint, MAX (n_edges, 1));
  cursor = g_new0 (guint, MAX (n_edges, 1));
  for (guint e = 0; e < base->n_edges; e++)
    {
      OtEdge *out;

      if (index[e] == NO_VERTEX)
        continue;
      out = &self->edges[index[e]];
      *out = all[e];
      out->mineral = base->edges[e].mineral;
      self->edge_uid[index[e]] = e;
      cursor[index[e]] = out->n_incidents;
    }

  self->einc_off = csr_offsets_from_counts (cursor, self->n_edges);
  self->einc = ot_big_alloc (sizeof (guint) * MAX (self->einc_off[self->n_edges], 1));
  for (guint i = 0; i < base->n_incidents; i++)
    {
      if (!self->mask[i])
        continue;
      for (guint k = base->leg_off[i]; k < base->leg_off[i + 1]; k++)
        {
          guint e = index[base->leg[k]];

          self->einc[cursor[e]++] = i;
        }
    }
}

/* The edges' ends: their vertices, once both are aggregated. */
static void
link_edges (OtNetwork *self)
{
  const Base *base = self->base;

  for (guint e = 0; e < self->n_edges; e++)
    {
      const BaseEdge *b = &base->edges[self->edge_uid[e]];

      self->edges[e].from = self->uid_index[b->from];
      self->edges[e].to = self->uid_index[b->to];
    }
  g_clear_pointer (&self->edge_uid, g_free);
}

static gpointer
vertices_thread (gpointer data)
{
  aggregate_vertices (data);
  return NULL;
}

static void
build_adjacency (OtNetwork *self)
{
  g_autofree guint *out_cursor = g_new0 (guint, MAX (self->n_vertices, 1));
  g_autofree guint *in_cursor = g_new0 (guint, MAX (self->n_vertices, 1));

  for (guint e = 0; e < self->n_edges; e++)
    {
      out_cursor[self->edges[e].from]++;
      in_cursor[self->edges[e].to]++;
    }
  self->out_off = csr_offsets_from_counts (out_cursor, self->n_vertices);
  self->in_off = csr_offsets_from_counts (in_cursor, self->n_vertices);
  self->out_edges = g_new (guint, MAX (self->n_edges, 1));
  self->in_edges = g_new (guint, MAX (self->n_edges, 1));
  for (guint e = 0; e < self->n_edges; e++)
    {
      self->out_edges[out_cursor[self->edges[e].from]++] = e;
      self->in_edges[in_cursor[self->edges[e].to]++] = e;
    }
}

static gboolean
different_countries (const BaseVertex *a,
                     const BaseVertex *b)
{
  return OT_COUNTRY_IS_SET (a->country) && OT_COUNTRY_IS_SET (b->country) &&
         strcmp (a->country.code, b->country.code) != 0;
}

/* kg and incidents in and out per vertex, and the transshipped kg: what
 * leaves a vertex in an incident that reached it from another country. */
static void
aggregate_throughput (OtNetwork *self)
{
  const Base *base = self->base;
  g_autofree guint *seen_in = g_new0 (guint, MAX (base->n_vertices, 1));
  g_autofree guint *seen_out = g_new0 (guint, MAX (base->n_vertices, 1));
  g_autofree guint *abroad = g_new0 (guint, MAX (base->n_vertices, 1));

  for (guint i = 0; i < base->n_incidents; i++)
    {
      double kg = base->facts[i].kg;

      if (!self->mask[i] || base->leg_off[i] == base->leg_off[i + 1])
        continue;

      for (guint k = base->leg_off[i]; k < base->leg_off[i + 1]; k++)
        {
          const BaseEdge *e = &base->edges[base->leg[k]];
          OtVertex *from = &self->vertices[self->uid_index[e->from]];
          OtVertex *to = &self->vertices[self->uid_index[e->to]];

          from->kg_out = ot_kg_add (from->kg_out, kg);
          to->kg_in = ot_kg_add (to->kg_in, kg);
          if (seen_out[e->from] != i + 1)
            seen_out[e->from] = i + 1, from->n_out++;
          if (seen_in[e->to] != i + 1)
            seen_in[e->to] = i + 1, to->n_in++;
          if (different_countries (&base->vertices[e->from], &base->vertices[e->to]))
            abroad[e->to] = i + 1;
        }
      for (guint k = base->leg_off[i]; k < base->leg_off[i + 1]; k++)
        {
          const BaseEdge *e = &base->edges[base->leg[k]];

          if (abroad[e->from] == i + 1)
            {
              OtVertex *vx = &self->vertices[self->uid_index[e->from]];

              vx->kg_transshipped = ot_kg_add (vx->kg_transshipped, kg);
            }
        }
    }

  for (guint v = 0; v < self->n_vertices; v++)
    {
      OtVertex *vx = &self->vertices[v];

      vx->transshipment = vx->kg_out > 0 ? vx->kg_transshipped / vx->kg_out : 0;
    }
}

static void
collect_events (OtNetwork *self)
{
  const Base *base = self->base;

  self->events = g_array_new (FALSE, TRUE, sizeof (OtEvent));
  for (guint i = 0; i < base->n_incidents; i++)
    {
      const OtIncident *incident;
      OtEvent event = { i, -1, { "" }, NULL };

      if (!self->mask[i] || base->event_uid[i] == HAS_LEGS)
        continue;
      incident = ot_dataset_get_incident (base->dataset, i);
      if (base->event_uid[i] != NO_VERTEX)
        {
          event.vertex = self->uid_index[base->event_uid[i]];
          event.country = self->vertices[event.vertex].country;
        }
      if (OT_COUNTRY_IS_SET (incident->event_country))
        event.country = incident->event_country;
      event.place = incident->event_place;
      g_array_append_val (self->events, event);
    }
}

static OtNetwork *
network_build (Base           *base,
               const OtFilter *filter)
{
  OtNetwork *self = g_new0 (OtNetwork, 1);

  g_atomic_ref_count_init (&self->ref);
  self->base = base;
  self->mask = ot_filter_apply (filter, base->dataset, &self->n_included);
  /* A big network's vertices in a second thread while this one sums the
   * edges (about 35 ms each at 1M incidents: every filter change). */
  if (base->n_incidents >= ot_network_parallel_min && g_get_num_processors () > 1)
    {
      GThread *helper = g_thread_new ("oretrace-vertices", vertices_thread, self);

      aggregate_edges (self);
      g_thread_join (helper);
    }
  else
    {
      aggregate_vertices (self);
      aggregate_edges (self);
    }
  link_edges (self);
  build_adjacency (self);
  aggregate_throughput (self);
  collect_events (self);
  return self;
}

OtNetwork *
ot_network_new (OtDataset      *dataset,
                const OtFilter *filter,
                OtProjection    projection)
{
  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (projection <= OT_PROJECTION_COUNTRIES, NULL);

  return network_build (base_new (dataset, projection), filter);
}

/* ---- Summaries: legs summed elsewhere (ot-edge-source.h) ------------- */

static int
cmp_code_ptr (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A summary's universe: every country, by code, which is its key's
 * order, so a country has the same uid in every summary network. */
static Base *
summary_base (OtDataset *dataset)
{
  Base *base = g_new0 (Base, 1);
  guint n = ot_country_count ();
  g_autofree const char **codes = g_new (const char *, MAX (n, 1));

  g_atomic_ref_count_init (&base->ref);
  base->dataset = g_object_ref (dataset);
  base->projection = OT_PROJECTION_COUNTRIES;
  base->summarised = TRUE;
  ot_dataset_get_n_summarised (dataset, &base->n_illustrative);
  base->strings = g_string_chunk_new (4096);
  base->place_off = ot_big_alloc0 (sizeof (guint));
  base->leg_off = ot_big_alloc0 (sizeof (guint));
  for (guint i = 0; i < n; i++)
    codes[i] = ot_country_nth (i);
  qsort (codes, n, sizeof *codes, cmp_code_ptr);
  base->n_vertices = n;
  base->vertices = g_new0 (BaseVertex, MAX (n, 1));
  for (guint uid = 0; uid < n; uid++)
    {
      g_autofree char *key = g_strconcat ("country:", codes[uid], NULL);
      const char *name = ot_country_name (codes[uid]);
      BaseVertex *bv = &base->vertices[uid];

      bv->kind = OT_VERTEX_COUNTRY;
      bv->key = g_string_chunk_insert (base->strings, key);
      bv->label = g_string_chunk_insert (base->strings, name != NULL ? name : codes[uid]);
      g_strlcpy (bv->country.code, codes[uid], sizeof bv->country.code);
    }
  return base;
}

static guint
summary_uid (const Base      *base,
             const OtCountry *country)
{
  guint lo = 0, hi = base->n_vertices;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int c = strcmp (base->vertices[mid].country.code, country->code);

      if (c == 0)
        return mid;
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NO_VERTEX;
}

static int
cmp_edge (gconstpointer a,
          gconstpointer b)
{
  const OtEdge *x = a, *y = b;

  if (x->from != y->from)
    return x->from < y->from ? -1 : 1;
  if (x->to != y->to)
    return x->to < y->to ? -1 : 1;
  return x->mineral < y->mineral ? -1 : x->mineral > y->mineral;
}

/* A place's counts from its legs alone: what arrives and leaves is
 * exact; what passes through is taken as the smaller of the two, the
 * rest as starting or ending there (docs/team-store.md, "Summary
 * mode"). */
static void
summary_vertex (OtVertex *vx,
                guint     n_illustrative_in,
                guint     n_illustrative_out)
{
  guint through = MIN (vx->n_in, vx->n_out);

  vx->n_incidents = MAX (vx->n_in, vx->n_out);
  vx->n_illustrative = MIN (MAX (n_illustrative_in, n_illustrative_out), vx->n_incidents);
  vx->n_role[OT_ROLE_HUB] = through;
  vx->n_role[OT_ROLE_ORIGIN] = vx->n_out - through;
  vx->n_role[OT_ROLE_DESTINATION] = vx->n_in - through;
  for (guint r = 0; r < OT_N_ROLES; r++)
    if (vx->n_role[r] > 0)
      vx->roles |= OT_ROLE_BIT (r);
  vx->kg_transshipped = MIN (vx->kg_in, vx->kg_out);
  vx->transshipment = vx->kg_out > 0 ? vx->kg_transshipped / vx->kg_out : 0;
}

static OtNetwork *
summary_build (Base                *base,
               const OtCountryEdge *edges,
               guint                n_edges,
               guint                n_included)
{
  OtNetwork *self = g_new0 (OtNetwork, 1);
  g_autofree guint *uid_of_from = g_new (guint, MAX (n_edges, 1));
  g_autofree guint *uid_of_to = g_new (guint, MAX (n_edges, 1));
  g_autofree guint *ill_in = NULL;
  g_autofree guint *ill_out = NULL;
  g_autofree guint8 *present = g_new0 (guint8, MAX (base->n_vertices, 1));

  g_atomic_ref_count_init (&self->ref);
  self->base = base;
  self->mask = g_new0 (guint8, 1);
  self->n_included = n_included;

  /* The places: every country a leg names (a code this Oretrace does not
   * know drops its leg). */
  for (guint k = 0; k < n_edges; k++)
    {
      uid_of_from[k] = summary_uid (base, &edges[k].from);
      uid_of_to[k] = summary_uid (base, &edges[k].to);
      if (uid_of_from[k] == NO_VERTEX || uid_of_to[k] == NO_VERTEX || uid_of_from[k] == uid_of_to[k])
        continue;
      present[uid_of_from[k]] = present[uid_of_to[k]] = 1;
    }
  self->uid_index = g_new (guint, MAX (base->n_vertices, 1));
  for (guint uid = 0; uid < base->n_vertices; uid++)
    self->uid_index[uid] = present[uid] ? self->n_vertices++ : NO_VERTEX;
  self->vertices = g_new0 (OtVertex, MAX (self->n_vertices, 1));
  for (guint uid = 0; uid < base->n_vertices; uid++)
    if (present[uid])
      {
        OtVertex *vx = &self->vertices[self->uid_index[uid]];

        vx->kind = OT_VERTEX_COUNTRY;
        vx->key = base->vertices[uid].key;
        vx->label = base->vertices[uid].label;
        vx->country = base->vertices[uid].country;
        vx->uid = uid;
      }

  /* The legs, and what they add to their ends. */
  ill_in = g_new0 (guint, MAX (self->n_vertices, 1));
  ill_out = g_new0 (guint, MAX (self->n_vertices, 1));
  self->edges = ot_big_alloc (sizeof (OtEdge) * MAX (n_edges, 1));
  for (guint k = 0; k < n_edges; k++)
    {
      const OtCountryEdge *c = &edges[k];
      OtEdge *e;
      OtVertex *from, *to;

      if (uid_of_from[k] == NO_VERTEX || uid_of_to[k] == NO_VERTEX || uid_of_from[k] == uid_of_to[k] ||
          c->n_incidents == 0)
        continue;
      e = &self->edges[self->n_edges++];
      e->from = self->uid_index[uid_of_from[k]];
      e->to = self->uid_index[uid_of_to[k]];
      e->mineral = c->mineral;
      e->n_incidents = c->n_incidents;
      e->n_with_kg = c->n_with_kg;
      e->kg = ot_kg_clamp (c->kg);
      e->first_day = c->first_day;
      e->last_day = c->last_day;
      memcpy (e->n_status, c->n_status, sizeof e->n_status);
      e->n_illustrative = c->n_illustrative;
      e->kg_illustrative = ot_kg_clamp (c->kg_illustrative);
      if (e->first_day != 0 && (self->first_day == 0 || e->first_day < self->first_day))
        self->first_day = e->first_day;
      self->last_day = MAX (self->last_day, e->last_day);

      from = &self->vertices[e->from];
      to = &self->vertices[e->to];
      from->n_out += e->n_incidents;
      from->kg_out = ot_kg_add (from->kg_out, e->kg);
      ill_out[e->from] += e->n_illustrative;
      to->n_in += e->n_incidents;
      to->kg_in = ot_kg_add (to->kg_in, e->kg);
      ill_in[e->to] += e->n_illustrative;
    }
  qsort (self->edges, self->n_edges, sizeof *self->edges, cmp_edge);
  for (guint v = 0; v < self->n_vertices; v++)
    summary_vertex (&self->vertices[v], ill_in[v], ill_out[v]);

  /* No incident is held: every incident list is empty. */
  self->vinc_off = g_new0 (guint, self->n_vertices + 1);
  self->vinc = ot_big_alloc (sizeof (guint));
  self->einc_off = g_new0 (guint, self->n_edges + 1);
  self->einc = ot_big_alloc (sizeof (guint));
  build_adjacency (self);
  self->events = g_array_new (FALSE, TRUE, sizeof (OtEvent));
  return self;
}

OtNetwork *
ot_network_new_from_edges (OtDataset           *dataset,
                           const OtCountryEdge *edges,
                           guint                n_edges,
                           guint                n_included)
{
  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (edges != NULL || n_edges == 0, NULL);

  return summary_build (summary_base (dataset), edges, n_edges, n_included);
}

OtNetwork *
ot_network_new_summarised (OtDataset       *dataset,
                           const OtFilter  *filter,
                           GCancellable    *cancellable,
                           GError         **error)
{
  GObject *source;
  g_autoptr(GArray) edges = NULL;
  guint n_included = 0;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  source = ot_dataset_get_summary (dataset, NULL);
  g_return_val_if_fail (OT_IS_EDGE_SOURCE (source), NULL);
  edges = ot_edge_source_query_edges (OT_EDGE_SOURCE (source), filter, &n_included, cancellable, error);
  if (edges == NULL)
    return NULL;
  return ot_network_new_from_edges (dataset, (const OtCountryEdge *) (void *) edges->data, edges->len,
                                    n_included);
}

/* A summary refiltered asks its source again; one that cannot answer
 * gives an empty network, as a filter that lets nothing through. */
static OtNetwork *
refilter_summary (OtNetwork      *network,
                  const OtFilter *filter)
{
  g_autoptr(GError) error = NULL;
  OtDataset *dataset = network->base->dataset;
  OtNetwork *refiltered = NULL;

  if (ot_dataset_get_summary (dataset, NULL) != NULL)
    refiltered = ot_network_new_summarised (dataset, filter, NULL, &error);
  if (refiltered == NULL)
    {
      if (error != NULL)
        g_message ("The summary could not be refiltered: %s", error->message);
      refiltered = summary_build (base_ref (network->base), NULL, 0, 0);
    }
  return refiltered;
}

gboolean
ot_network_is_summarised (OtNetwork *network)
{
  g_return_val_if_fail (network != NULL, FALSE);

  return network->base->summarised;
}

OtNetwork *
ot_network_refilter (OtNetwork      *network,
                     const OtFilter *filter)
{
  Base *base;

  g_return_val_if_fail (network != NULL, NULL);

  base = network->base;
  if (base->summarised)
    return refilter_summary (network, filter);
  if (ot_dataset_get_n_incidents (base->dataset) != base->n_incidents)
    return ot_network_new (base->dataset, filter, base->projection);
  return network_build (base_ref (base), filter);
}

OtNetwork *
ot_network_ref (OtNetwork *network)
{
  g_return_val_if_fail (network != NULL, NULL);

  g_atomic_ref_count_inc (&network->ref);
  return network;
}

void
ot_network_unref (OtNetwork *network)
{
  g_return_if_fail (network != NULL);

  if (!g_atomic_ref_count_dec (&network->ref))
    return;

  base_unref (network->base);
  g_free (network->mask);
  g_free (network->vertices);
  g_free (network->uid_index);
  g_free (network->vinc_off);
  ot_big_free (network->vinc);
  ot_big_free (network->edges);
  g_free (network->einc_off);
  ot_big_free (network->einc);
  g_free (network->out_off);
  g_free (network->out_edges);
  g_free (network->in_off);
  g_free (network->in_edges);
  g_array_unref (network->events);
  g_free (network);
}

/* ---- Queries --------------------------------------------------------- */

static const guint *
csr_slice (const guint *off,
           const guint *data,
           guint        row,
           guint       *n)
{
  *n = off[row + 1] - off[row];
  return data + off[row];
}

OtDataset *
ot_network_get_dataset (OtNetwork *network)
{
  g_return_val_if_fail (network != NULL, NULL);

  return network->base->dataset;
}

OtProjection
ot_network_get_projection (OtNetwork *network)
{
  g_return_val_if_fail (network != NULL, OT_PROJECTION_ENTITIES);

  return network->base->projection;
}

const guint8 *
ot_network_get_mask (OtNetwork *network,
                     guint     *n_incidents)
{
  g_return_val_if_fail (network != NULL, NULL);

  if (n_incidents)
    *n_incidents = network->base->n_incidents;
  return network->mask;
}

gboolean
ot_network_get_day_span (OtNetwork *network,
                         guint32   *first_day,
                         guint32   *last_day)
{
  g_return_val_if_fail (network != NULL, FALSE);

  if (first_day != NULL)
    *first_day = network->first_day;
  if (last_day != NULL)
    *last_day = network->last_day;
  return network->first_day != 0;
}

guint
ot_network_get_n_illustrative_all (OtNetwork *network)
{
  g_return_val_if_fail (network != NULL, 0);

  return network->base->n_illustrative;
}

guint
ot_network_get_n_included (OtNetwork *network)
{
  g_return_val_if_fail (network != NULL, 0);

  return network->n_included;
}

guint
ot_network_get_n_vertices (OtNetwork *network)
{
  g_return_val_if_fail (network != NULL, 0);

  return network->n_vertices;
}

const OtVertex *
ot_network_get_vertex (OtNetwork *network,
                       guint      vertex)
{
  g_return_val_if_fail (network != NULL, NULL);
  g_return_val_if_fail (vertex < network->n_vertices, NULL);

  return &network->vertices[vertex];
}

gint
ot_network_find_vertex (OtNetwork  *network,
                        const char *key)
{
  guint lo = 0, hi;

  g_return_val_if_fail (network != NULL, -1);
  g_return_val_if_fail (key != NULL, -1);

  /* Vertices are sorted by key. */
  hi = network->n_vertices;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int c = strcmp (network->vertices[mid].key, key);

      if (c == 0)
        return mid;
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

gint
ot_network_find_uid (OtNetwork *network,
                     guint      uid)
{
  g_return_val_if_fail (network != NULL, -1);

  if (uid >= network->base->n_vertices || network->uid_index[uid] == NO_VERTEX)
    return -1;
  return network->uid_index[uid];
}

guint
ot_network_get_n_uids (OtNetwork *network)
{
  g_return_val_if_fail (network != NULL, 0);

  return network->base->n_vertices;
}

guint
ot_network_count_kind (OtNetwork    *network,
                       OtVertexKind  kind)
{
  guint n = 0;

  g_return_val_if_fail (network != NULL, 0);

  for (guint v = 0; v < network->n_vertices; v++)
    n += network->vertices[v].kind == kind;
  return n;
}

guint
ot_network_get_n_edges (OtNetwork *network)
{
  g_return_val_if_fail (network != NULL, 0);

  return network->n_edges;
}

const OtEdge *
ot_network_get_edge (OtNetwork *network,
                     guint      edge)
{
  g_return_val_if_fail (network != NULL, NULL);
  g_return_val_if_fail (edge < network->n_edges, NULL);

  return &network->edges[edge];
}

gint
ot_network_find_edge (OtNetwork *network,
                      guint      from,
                      guint      to,
                      OtMineral  mineral)
{
  g_return_val_if_fail (network != NULL, -1);

  if (from >= network->n_vertices)
    return -1;
  for (guint k = network->out_off[from]; k < network->out_off[from + 1]; k++)
    {
      const OtEdge *e = &network->edges[network->out_edges[k]];

      if (e->to == to && e->mineral == mineral)
        return network->out_edges[k];
    }
  return -1;
}

const guint *
ot_network_get_edge_incidents (OtNetwork *network,
                               guint      edge,
                               guint     *n_incidents)
{
  g_return_val_if_fail (network != NULL, NULL);
  g_return_val_if_fail (edge < network->n_edges, NULL);
  g_return_val_if_fail (n_incidents != NULL, NULL);

  return csr_slice (network->einc_off, network->einc, edge, n_incidents);
}

const guint *
ot_network_get_vertex_incidents (OtNetwork *network,
                                 guint      vertex,
                                 guint     *n_incidents)
{
  g_return_val_if_fail (network != NULL, NULL);
  g_return_val_if_fail (vertex < network->n_vertices, NULL);
  g_return_val_if_fail (n_incidents != NULL, NULL);

  return csr_slice (network->vinc_off, network->vinc, vertex, n_incidents);
}

const guint *
ot_network_get_out_edges (OtNetwork *network,
                          guint      vertex,
                          guint     *n_edges)
{
  g_return_val_if_fail (network != NULL, NULL);
  g_return_val_if_fail (vertex < network->n_vertices, NULL);
  g_return_val_if_fail (n_edges != NULL, NULL);

  return csr_slice (network->out_off, network->out_edges, vertex, n_edges);
}

const guint *
ot_network_get_in_edges (OtNetwork *network,
                         guint      vertex,
                         guint     *n_edges)
{
  g_return_val_if_fail (network != NULL, NULL);
  g_return_val_if_fail (vertex < network->n_vertices, NULL);
  g_return_val_if_fail (n_edges != NULL, NULL);

  return csr_slice (network->in_off, network->in_edges, vertex, n_edges);
}

static void
sort_unique (GArray *array)
{
  guint w = 0;

  g_array_sort (array, cmp_uint);
  for (guint r = 0; r < array->len; r++)
    if (w == 0 || g_array_index (array, guint, r) != g_array_index (array, guint, w - 1))
      g_array_index (array, guint, w++) = g_array_index (array, guint, r);
  g_array_set_size (array, w);
}

GArray *
ot_network_get_neighbours (OtNetwork *network,
                           guint      vertex)
{
  GArray *out;

  g_return_val_if_fail (network != NULL, NULL);
  g_return_val_if_fail (vertex < network->n_vertices, NULL);

  out = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint k = network->out_off[vertex]; k < network->out_off[vertex + 1]; k++)
    g_array_append_val (out, network->edges[network->out_edges[k]].to);
  for (guint k = network->in_off[vertex]; k < network->in_off[vertex + 1]; k++)
    g_array_append_val (out, network->edges[network->in_edges[k]].from);
  sort_unique (out);
  return out;
}

/* Distinct incidents over some of a vertex's edges of one mineral. */
static guint
count_incidents (OtNetwork   *network,
                 const guint *edges,
                 guint        n_edges,
                 guint        mineral,
                 double      *kg)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint));
  guint summed = 0;

  *kg = 0;
  for (guint k = 0; k < n_edges; k++)
    {
      const OtEdge *e = &network->edges[edges[k]];

      if (e->mineral != mineral)
        continue;
      *kg = ot_kg_add (*kg, e->kg);
      /* A summary holds no incident: its legs' counts are summed. */
      if (network->base->summarised)
        {
          summed += e->n_incidents;
          continue;
        }
      g_array_append_vals (ids, network->einc + network->einc_off[edges[k]], e->n_incidents);
    }
  sort_unique (ids);
  return ids->len + summed;
}

void
ot_network_get_throughput (OtNetwork    *network,
                           guint         vertex,
                           guint         mineral,
                           OtThroughput *out)
{
  const OtVertex *vx;
  const guint *edges;
  guint n;

  g_return_if_fail (network != NULL);
  g_return_if_fail (vertex < network->n_vertices);
  g_return_if_fail (out != NULL);

  vx = &network->vertices[vertex];
  if (mineral == OT_NETWORK_ALL_MINERALS)
    {
      out->kg_in = vx->kg_in;
      out->kg_out = vx->kg_out;
      out->n_in = vx->n_in;
      out->n_out = vx->n_out;
      return;
    }
  edges = ot_network_get_in_edges (network, vertex, &n);
  out->n_in = count_incidents (network, edges, n, mineral, &out->kg_in);
  edges = ot_network_get_out_edges (network, vertex, &n);
  out->n_out = count_incidents (network, edges, n, mineral, &out->kg_out);
}

typedef struct {
  guint  a;
  guint  b;
  double kg;
} Link;

static int
cmp_link (gconstpointer x,
          gconstpointer y)
{
  const Link *p = x, *q = y;

  if (p->a != q->a)
    return p->a < q->a ? -1 : 1;
  return p->b < q->b ? -1 : p->b > q->b;
}

guint *
ot_network_get_links (OtNetwork  *network,
                      gboolean    undirected,
                      guint      *n_links,
                      double    **kg)
{
  g_autofree Link *links = NULL;
  guint n = 0;
  guint *pairs;

  g_return_val_if_fail (network != NULL, NULL);
  g_return_val_if_fail (n_links != NULL, NULL);

  links = g_new (Link, MAX (network->n_edges, 1));
  for (guint e = 0; e < network->n_edges; e++)
    {
      const OtEdge *edge = &network->edges[e];

      links[e].a = undirected ? MIN (edge->from, edge->to) : edge->from;
      links[e].b = undirected ? MAX (edge->from, edge->to) : edge->to;
      links[e].kg = edge->kg;
    }
  qsort (links, network->n_edges, sizeof (Link), cmp_link);
  for (guint e = 0; e < network->n_edges; e++)
    {
      if (n > 0 && cmp_link (&links[n - 1], &links[e]) == 0)
        links[n - 1].kg = ot_kg_add (links[n - 1].kg, links[e].kg);
      else
        links[n++] = links[e];
    }

  pairs = g_new (guint, 2 * MAX (n, 1));
  if (kg)
    *kg = g_new (double, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    {
      pairs[2 * k] = links[k].a;
      pairs[2 * k + 1] = links[k].b;
      if (kg)
        (*kg)[k] = links[k].kg;
    }
  *n_links = n;
  return pairs;
}

guint
ot_network_get_n_events (OtNetwork *network)
{
  g_return_val_if_fail (network != NULL, 0);

  return network->events->len;
}

const OtEvent *
ot_network_get_event (OtNetwork *network,
                      guint      event)
{
  g_return_val_if_fail (network != NULL, NULL);
  g_return_val_if_fail (event < network->events->len, NULL);

  return &g_array_index (network->events, OtEvent, event);
}

G_DEFINE_ENUM_TYPE (OtProjection, ot_projection,
  G_DEFINE_ENUM_VALUE (OT_PROJECTION_ENTITIES, "entities"),
  G_DEFINE_ENUM_VALUE (OT_PROJECTION_COUNTRIES, "countries"))
