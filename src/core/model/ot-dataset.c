/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-dataset.h"
#include "ot-trade.h"
#include "ot-case-tables.h"
#include "ot-hash.h"
#include "ot-big.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define ARENA_BLOCK_SIZE (64 * 1024)

/* The incidents live in chunks of CHUNK_SIZE (the first may be smaller
 * until it fills), reference counted: a version shares its base's chunks
 * and copies only a chunk it changes, so an edit of a million-incident
 * case copies one chunk, not every incident. */
#define CHUNK_BITS 12
#define CHUNK_SIZE (1u << CHUNK_BITS)
#define CHUNK_MASK (CHUNK_SIZE - 1)

/* Full chunks are carved from slabs of SLAB_CHUNKS, ot_big blocks (2 MiB
 * pages: a fault and a TLB entry per 2 MiB, not per 4 KiB; ot-big.h), as
 * a dataset is read; a slab's memory goes back to the system when its
 * last chunk is freed.  Smaller chunks (a small dataset's first) and
 * copies of a shared chunk are g_malloc () blocks. */
typedef struct {
  gatomicrefcount ref;       /* chunks carved and alive, + 1 while a dataset carves */
  guint           n_carved;
} Slab;

typedef struct {
  gatomicrefcount ref;
  guint           capacity;
  Slab           *slab;      /* where it was carved from, or NULL */
  OtIncident      items[];
} Chunk;

#define CHUNK_BYTES(capacity) (sizeof (Chunk) + sizeof (OtIncident) * (capacity))
#define SLAB_HEAD ((sizeof (Slab) + 63) & ~(gsize) 63)
/* As many chunks as a 16 MiB block holds after its header and ot_big's
 * (64 bytes): 19 of 832 KiB, 3.5 % left over. */
#define SLAB_CHUNKS ((((gsize) 16 << 20) - 64 - SLAB_HEAD) / CHUNK_BYTES (CHUNK_SIZE))

/* (A part's incidents may start @skip places into its first chunk.) */
#define AT(self, i) \
  (&((Chunk *) (self)->chunks->pdata[((i) + (self)->skip) >> CHUNK_BITS]) \
      ->items[((i) + (self)->skip) & CHUNK_MASK])

static void
slab_unref (Slab *slab)
{
  if (g_atomic_ref_count_dec (&slab->ref))
    ot_big_free (slab);
}

static Chunk *
chunk_new (guint capacity)
{
  /* Not cleared: every element is written whole before it is read. */
  Chunk *chunk = g_malloc (CHUNK_BYTES (capacity));

  /* A whole chunk (800 KiB) is written from start to end: its pages made
   * present in one call, not a fault each (ot-big.h). */
  ot_big_populate (chunk, CHUNK_BYTES (capacity));
  g_atomic_ref_count_init (&chunk->ref);
  chunk->capacity = capacity;
  chunk->slab = NULL;
  return chunk;
}

static void
chunk_unref (gpointer data)
{
  Chunk *chunk = data;

  if (!g_atomic_ref_count_dec (&chunk->ref))
    return;
  if (chunk->slab != NULL)
    slab_unref (chunk->slab);
  else
    g_free (chunk);
}

/* One entry of the id index: the id's hash and its incident. */
typedef struct {
  guint32 hash;
  guint32 index;   /* + 1; 0: an empty slot */
} IdSlot;

struct _OtDataset
{
  GObject       parent_instance;

  GPtrArray    *chunks;      /* of Chunk, a reference each */
  guint         skip;        /* a part's first incident's place in its first chunk
                              * (ot_dataset_set_first ()); 0 elsewhere */
  Slab         *slab;        /* full chunks are carved from, or NULL */
  guint         n_incidents;
  IdSlot       *ids;         /* the index of ids: open addressing, power-of-two size */
  OtDataset    *ids_owner;   /* a version reads @ids of this dataset until it
                              * changes them (NULL: its own) */
  guint         ids_mask;
  GStringChunk *strings;     /* interned; under intern_lock, as parts intern here too */
  GMutex        intern_lock;
  GStringChunk *stored;      /* not interned (ids, notes...): only the owning thread */
  GSList       *adopted;     /* of GStringChunk: stored strings of absorbed parts */
  OtDataset    *parent;      /* a part interns in its parent (ot_dataset_new_part) */
  GSList       *arena;       /* blocks for via and extras arrays */
  gsize         arena_used;  /* bytes used in the head block */
  GPtrArray    *problems;    /* of OtProblem */
  GPtrArray    *files;       /* NULL-terminated, of char* */
  guint         n_rejected;

  /* A version (ot_dataset_new_version ()): its strings, via and extras
   * arrays live in @storage, the dataset first loaded, under its
   * intern_lock; its chunks are its base's until a change copies one. */
  OtDataset    *storage;
  GHashTable   *aliases;     /* company name -> entity name (interned), or NULL */
  OtCaseTables *tables;      /* read with a case, for the document; or NULL */
  OtTradeTable *trade;       /* trade statistics loaded beside the incidents, or NULL */
  GObject      *summary;     /* where the incidents are summed (a summary), or NULL */
  GArray       *summary_cells; /* of OtSummaryCell, or NULL */
};

G_DEFINE_FINAL_TYPE (OtDataset, ot_dataset, G_TYPE_OBJECT)

static void
ot_dataset_finalize (GObject *object)
{
  OtDataset *self = OT_DATASET (object);

  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_pointer (&self->slab, slab_unref);
  if (self->ids_owner == NULL)
    ot_big_free (self->ids);
  self->ids = NULL;
  g_clear_object (&self->ids_owner);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->stored, g_string_chunk_free);
  g_slist_free_full (self->adopted, (GDestroyNotify) g_string_chunk_free);
  g_clear_object (&self->parent);
  g_clear_object (&self->storage);
  g_clear_pointer (&self->aliases, g_hash_table_unref);
  g_clear_pointer (&self->tables, ot_case_tables_free);
  g_clear_pointer (&self->trade, ot_trade_table_unref);
  g_clear_object (&self->summary);
  g_clear_pointer (&self->summary_cells, g_array_unref);
  g_mutex_clear (&self->intern_lock);
  g_slist_free_full (self->arena, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->files, g_ptr_array_unref);

  G_OBJECT_CLASS (ot_dataset_parent_class)->finalize (object);
}

static void
ot_dataset_class_init (OtDatasetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ot_dataset_finalize;
}

static void
ot_dataset_init (OtDataset *self)
{
  self->chunks = g_ptr_array_new_with_free_func (chunk_unref);
  self->ids_mask = 63;
  self->ids = ot_big_alloc0 (sizeof (IdSlot) * (self->ids_mask + 1));
  self->strings = g_string_chunk_new (64 * 1024);
  self->stored = g_string_chunk_new (64 * 1024);
  g_mutex_init (&self->intern_lock);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_problem_free);
  self->files = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->files, NULL);
}

OtDataset *
ot_dataset_new (void)
{
  return g_object_new (OT_TYPE_DATASET, NULL);
}

OtDataset *
ot_dataset_new_part (OtDataset *parent)
{
  OtDataset *self;

  g_return_val_if_fail (OT_IS_DATASET (parent), NULL);
  g_return_val_if_fail (parent->parent == NULL, NULL);

  self = ot_dataset_new ();
  self->parent = g_object_ref (parent);
  return self;
}

/* Chunk @c, copied first when another dataset shares it: a version
 * changes its own chunks, never its base's. */
static Chunk *
writable_chunk (OtDataset *self,
                guint      c)
{
  Chunk *chunk = self->chunks->pdata[c];
  Chunk *copy;
  guint n;

  if (g_atomic_ref_count_compare (&chunk->ref, 1))
    return chunk;
  n = MIN (CHUNK_SIZE, self->n_incidents - c * CHUNK_SIZE);
  copy = chunk_new (chunk->capacity);
  memcpy (copy->items, chunk->items, sizeof (OtIncident) * n);
  self->chunks->pdata[c] = copy;
  chunk_unref (chunk);
  return copy;
}

/* A full chunk carved from @self's slab (a new one when it is used up),
 * made present. */
static Chunk *
chunk_carve (OtDataset *self)
{
  Chunk *chunk;

  if (self->slab == NULL || self->slab->n_carved == SLAB_CHUNKS)
    {
      g_clear_pointer (&self->slab, slab_unref);
      self->slab = ot_big_alloc (SLAB_HEAD + SLAB_CHUNKS * CHUNK_BYTES (CHUNK_SIZE));
      g_atomic_ref_count_init (&self->slab->ref);
      self->slab->n_carved = 0;
    }
  chunk = (Chunk *) (gpointer) ((guint8 *) self->slab + SLAB_HEAD +
                                self->slab->n_carved++ * CHUNK_BYTES (CHUNK_SIZE));
  ot_big_populate (chunk, CHUNK_BYTES (CHUNK_SIZE));
  g_atomic_ref_count_inc (&self->slab->ref);
  g_atomic_ref_count_init (&chunk->ref);
  chunk->capacity = CHUNK_SIZE;
  chunk->slab = self->slab;
  return chunk;
}

/* Appends a copy of @incident (no id index). */
static void
push_incident (OtDataset        *self,
               const OtIncident *incident)
{
  guint c = (self->n_incidents + self->skip) >> CHUNK_BITS;
  guint offset = (self->n_incidents + self->skip) & CHUNK_MASK;
  Chunk *chunk;

  if (c == self->chunks->len)
    {
      /* The first chunk starts small (many datasets are small); the
       * others are whole at once. */
      chunk = c == 0 && self->skip == 0 ? chunk_new (64) : chunk_carve (self);
      g_ptr_array_add (self->chunks, chunk);
    }
  else
    {
      chunk = writable_chunk (self, c);
      if (offset == chunk->capacity)
        {
          chunk->capacity = MIN (CHUNK_SIZE, chunk->capacity * 4);
          chunk = g_realloc (chunk, CHUNK_BYTES (chunk->capacity));
          self->chunks->pdata[c] = chunk;
        }
    }
  chunk->items[offset] = *incident;
  self->n_incidents++;
}

/* Keeps the first @n incidents. */
static void
truncate_incidents (OtDataset *self,
                    guint      n)
{
  g_ptr_array_set_size (self->chunks, n == 0 ? 0 : (n + self->skip + CHUNK_SIZE - 1) >> CHUNK_BITS);
  self->n_incidents = n;
}

/* The incidents from @from on, copied out and cut off. */
static GArray *
take_tail (OtDataset *self,
           guint      from)
{
  GArray *tail = g_array_sized_new (FALSE, FALSE, sizeof (OtIncident), self->n_incidents - from);

  for (guint i = from; i < self->n_incidents; i++)
    g_array_append_vals (tail, AT (self, i), 1);
  truncate_incidents (self, from);
  return tail;
}

guint
ot_dataset_get_n_incidents (OtDataset *self)
{
  g_return_val_if_fail (OT_IS_DATASET (self), 0);

  return self->n_incidents;
}

const OtIncident *
ot_dataset_get_incident (OtDataset *self,
                         guint      index)
{
  g_return_val_if_fail (OT_IS_DATASET (self), NULL);
  g_return_val_if_fail (index < self->n_incidents, NULL);

  return AT (self, index);
}

/* The ids: kept at most half full. */
static guint32
id_hash (const char *id)
{
  return (guint32) ot_hash_bytes (id, strlen (id));
}

/* The slot of @id (@hash its id_hash()), or the empty slot where it
 * would go. */
static IdSlot *
id_slot (OtDataset  *self,
         const char *id,
         guint32     hash)
{
  for (guint i = hash & self->ids_mask; ; i = (i + 1) & self->ids_mask)
    {
      IdSlot *slot = &self->ids[i];

      if (slot->index == 0 ||
          (slot->hash == hash &&
           strcmp (AT (self, slot->index - 1)->id, id) == 0))
        return slot;
    }
}

/* Room for @n ids in all. */
/* A version's own copy of its base's id index, before it changes it. */
static void
own_ids (OtDataset *self)
{
  if (self->ids_owner == NULL)
    return;
  {
    IdSlot *copy = ot_big_alloc (sizeof (IdSlot) * (self->ids_mask + 1));

    memcpy (copy, self->ids, sizeof (IdSlot) * (self->ids_mask + 1));
    self->ids = copy;
  }
  g_clear_object (&self->ids_owner);
}

static void
id_reserve (OtDataset *self,
            guint      n)
{
  IdSlot *old;
  guint n_old = self->ids_mask + 1;
  guint size = n_old;

  own_ids (self);
  old = self->ids;
  while (size < 2 * (gsize) n)
    size *= 2;
  if (size == n_old)
    return;

  /* Populated before it is cleared: rehashing reads each slot before it
   * writes it, and a page first read then written faults twice, the
   * second time flushing every thread's TLB (ot-big.h). */
  self->ids = ot_big_alloc0_present (sizeof (IdSlot) * size);
  self->ids_mask = size - 1;
  for (guint i = 0; i < n_old; i++)
    {
      guint j;

      if (old[i].index == 0)
        continue;
      for (j = old[i].hash & self->ids_mask; self->ids[j].index != 0; j = (j + 1) & self->ids_mask)
        ;
      self->ids[j] = old[i];
    }
  ot_big_free (old);
}

void
ot_dataset_reserve (OtDataset *self,
                    guint      n_incidents)
{
  guint len;

  g_return_if_fail (OT_IS_DATASET (self));

  len = self->n_incidents;
  if (n_incidents <= len)
    return;
  id_reserve (self, n_incidents);
}

gint
ot_dataset_find (OtDataset  *self,
                 const char *id)
{
  g_return_val_if_fail (OT_IS_DATASET (self), -1);

  if (id == NULL)
    return -1;

  return (gint) id_slot (self, id, id_hash (id))->index - 1;
}

const char *
ot_dataset_intern (OtDataset  *self,
                   const char *text)
{
  g_return_val_if_fail (OT_IS_DATASET (self), NULL);

  const char *interned;

  if (text == NULL)
    return NULL;
  if (self->parent != NULL)
    return ot_dataset_intern (self->parent, text);
  if (self->storage != NULL)
    return ot_dataset_intern (self->storage, text);

  g_mutex_lock (&self->intern_lock);
  interned = g_string_chunk_insert_const (self->strings, text);
  g_mutex_unlock (&self->intern_lock);
  return interned;
}

const char *
ot_dataset_store (OtDataset  *self,
                  const char *text)
{
  g_return_val_if_fail (OT_IS_DATASET (self), NULL);

  const char *stored;

  if (text == NULL)
    return NULL;
  if (self->storage == NULL)
    return g_string_chunk_insert (self->stored, text);

  g_mutex_lock (&self->storage->intern_lock);
  stored = g_string_chunk_insert (self->storage->stored, text);
  g_mutex_unlock (&self->storage->intern_lock);
  return stored;
}

/* Memory that never moves, for the via and extras arrays. */
static gpointer arena_alloc_locked (OtDataset *self, gsize size);

static gpointer
arena_alloc (OtDataset *self,
             gsize      size)
{
  gpointer mem;

  if (self->storage == NULL)
    return arena_alloc_locked (self, size);

  g_mutex_lock (&self->storage->intern_lock);
  mem = arena_alloc_locked (self->storage, size);
  g_mutex_unlock (&self->storage->intern_lock);
  return mem;
}

/* The caller holds the lock, or owns @self alone (a dataset being
 * loaded). */
static gpointer
arena_alloc_locked (OtDataset *self,
                    gsize      size)
{
  gpointer mem;

  size = (size + 15) & ~(gsize) 15;

  if (size > ARENA_BLOCK_SIZE / 4)
    {
      /* Large: a block of its own, kept behind the head. */
      mem = g_malloc0 (size);
      if (self->arena == NULL)
        self->arena = g_slist_prepend (NULL, mem), self->arena_used = ARENA_BLOCK_SIZE;
      else
        self->arena->next = g_slist_prepend (self->arena->next, mem);
      return mem;
    }

  if (self->arena == NULL || self->arena_used + size > ARENA_BLOCK_SIZE)
    {
      self->arena = g_slist_prepend (self->arena, g_malloc0 (ARENA_BLOCK_SIZE));
      self->arena_used = 0;
    }

  mem = (char *) self->arena->data + self->arena_used;
  self->arena_used += size;
  return mem;
}

gboolean
ot_dataset_add (OtDataset        *self,
                const OtIncident *incident)
{
  OtIncident copy;
  guint32 hash;
  IdSlot *slot;

  g_return_val_if_fail (OT_IS_DATASET (self), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);
  g_return_val_if_fail (incident->id != NULL, FALSE);

  hash = id_hash (incident->id);
  if (id_slot (self, incident->id, hash)->index != 0)
    return FALSE;
  id_reserve (self, self->n_incidents + 1);
  slot = id_slot (self, incident->id, hash);

  copy = *incident;

  if (incident->n_via > 0)
    {
      OtHop *via = arena_alloc (self, sizeof (OtHop) * incident->n_via);
      memcpy (via, incident->via, sizeof (OtHop) * incident->n_via);
      copy.via = via;
    }
  else
    copy.via = NULL;

  if (incident->n_extras > 0)
    {
      OtExtra *extras = arena_alloc (self, sizeof (OtExtra) * incident->n_extras);
      memcpy (extras, incident->extras, sizeof (OtExtra) * incident->n_extras);
      copy.extras = extras;
    }
  else
    copy.extras = NULL;

  push_incident (self, &copy);
  slot->hash = hash;
  slot->index = self->n_incidents;
  return TRUE;
}

void
ot_dataset_set_first (OtDataset *self,
                      guint      first)
{
  g_return_if_fail (OT_IS_DATASET (self));
  g_return_if_fail (self->parent != NULL);
  g_return_if_fail (self->n_incidents == 0 && self->chunks->len == 0);

  self->skip = first & CHUNK_MASK;
}

gboolean
ot_dataset_part_fits (OtDataset *self,
                      OtDataset *part)
{
  g_return_val_if_fail (OT_IS_DATASET (self), FALSE);
  g_return_val_if_fail (OT_IS_DATASET (part), FALSE);

  return part->n_incidents > 0 && self->skip == 0 &&
         (self->n_incidents & CHUNK_MASK) == part->skip;
}

gboolean
ot_dataset_absorb (OtDataset *self,
                   OtDataset *part,
                   guint      line_offset)
{
  guint first = self->n_incidents;

  g_return_val_if_fail (OT_IS_DATASET (self), FALSE);
  g_return_val_if_fail (OT_IS_DATASET (part), FALSE);
  /* A part of @self, or of the same parent (interning in the same place). */
  g_return_val_if_fail (part->parent == self || (part->parent != NULL && part->parent == self->parent),
                        FALSE);

  /* The part's index has every id's hash: no id is hashed again. */
  for (guint i = 0; i <= part->ids_mask; i++)
    {
      const IdSlot *from = &part->ids[i];

      if (from->index != 0 &&
          id_slot (self, AT (part, from->index - 1)->id,
                   from->hash)->index != 0)
        return FALSE;
    }

  /* The part's interned strings are already ours; its stored strings
   * and its via and extras arrays move over as they are. */
  id_reserve (self, first + part->n_incidents);
  if (part->skip > 0 && ot_dataset_part_fits (self, part))
    {
      /* The part starts where @self's last chunk is filled to: that
       * chunk's incidents are copied in front of the part's, whose
       * chunks then move over as they are. */
      Chunk *head = part->chunks->pdata[0];
      guint last = first >> CHUNK_BITS;

      g_assert (last + 1 == self->chunks->len);
      memcpy (head->items, ((Chunk *) self->chunks->pdata[last])->items,
              sizeof (OtIncident) * part->skip);
      g_ptr_array_set_size (self->chunks, last);
      for (guint c = 0; c < part->chunks->len; c++)
        g_ptr_array_add (self->chunks, writable_chunk (part, c));
      g_ptr_array_set_free_func (part->chunks, NULL);
      g_ptr_array_set_size (part->chunks, 0);
      g_ptr_array_set_free_func (part->chunks, chunk_unref);
      self->n_incidents += part->n_incidents;
      part->n_incidents = 0;
      if (line_offset != 0)
        for (guint i = first; i < self->n_incidents; i++)
          AT (self, i)->line += line_offset;
    }
  else if (ot_dataset_part_fits (self, part))
    {
      /* On a chunk boundary the part's chunks move over as they are. */
      for (guint c = 0; c < part->chunks->len; c++)
        g_ptr_array_add (self->chunks, writable_chunk (part, c));
      g_ptr_array_set_free_func (part->chunks, NULL);
      g_ptr_array_set_size (part->chunks, 0);
      g_ptr_array_set_free_func (part->chunks, chunk_unref);
      self->n_incidents += part->n_incidents;
      part->n_incidents = 0;
      if (line_offset != 0)
        for (guint i = first; i < self->n_incidents; i++)
          AT (self, i)->line += line_offset;
    }
  else
    for (guint i = 0; i < part->n_incidents; i++)
      {
        OtIncident incident = *AT (part, i);

        incident.line += line_offset;
        push_incident (self, &incident);
      }
  for (guint i = 0; i <= part->ids_mask; i++)
    {
      const IdSlot *from = &part->ids[i];
      guint j;

      if (from->index == 0)
        continue;
      for (j = from->hash & self->ids_mask; self->ids[j].index != 0; j = (j + 1) & self->ids_mask)
        ;
      self->ids[j].hash = from->hash;
      self->ids[j].index = from->index + first;
    }

  self->adopted = g_slist_prepend (self->adopted, g_steal_pointer (&part->stored));
  self->adopted = g_slist_concat (self->adopted, g_steal_pointer (&part->adopted));
  part->stored = g_string_chunk_new (64 * 1024);
  if (self->arena == NULL)
    {
      self->arena = g_steal_pointer (&part->arena);
      self->arena_used = part->arena_used;
    }
  else
    self->arena->next = g_slist_concat (g_steal_pointer (&part->arena), self->arena->next);

  /* Emptied, and its memory given back now: a file's parts would
   * otherwise hold a second copy of its incidents until it is read. */
  truncate_incidents (part, 0);
  part->skip = 0;
  g_clear_pointer (&part->slab, slab_unref);   /* its blocks free for the next chunks */
  ot_big_free (part->ids);
  part->ids_mask = 63;
  part->ids = ot_big_alloc0 (sizeof (IdSlot) * (part->ids_mask + 1));
  return TRUE;
}

static const char *
take_string (OtDataset  *self,
             const char *text,
             gboolean    intern)
{
  if (text == NULL)
    return NULL;
  return intern ? ot_dataset_intern (self, text) : ot_dataset_store (self, text);
}

void
ot_dataset_merge (OtDataset *self,
                  OtDataset *other)
{
  g_return_if_fail (OT_IS_DATASET (self));
  g_return_if_fail (OT_IS_DATASET (other));
  g_return_if_fail (self != other);

  for (guint i = 0; i < other->problems->len; i++)
    g_ptr_array_add (self->problems, ot_problem_copy (g_ptr_array_index (other->problems, i)));
  self->n_rejected += other->n_rejected;

  for (guint i = 0; i < other->n_incidents; i++)
    {
      const OtIncident *src = AT (other, i);
      OtIncident copy = *src;
      g_autofree OtHop *via = NULL;
      g_autofree OtExtra *extras = NULL;

      if (ot_dataset_find (self, src->id) >= 0)
        {
          const OtIncident *first = ot_dataset_get_incident (self, ot_dataset_find (self, src->id));
          OtProblem *problem;

          /* Where the first one is: FILE:LINE, or FILE:SHEET:ROW. */
          if (first->sheet != NULL)
            problem = ot_problem_new (src->file, src->line, "id", OT_SEVERITY_WARNING,
                                      _("duplicate id \"%s\" (first seen in %s:%s:%u); record skipped"),
                                      src->id, first->file ? first->file : "-", first->sheet,
                                      first->line);
          else
            problem = ot_problem_new (src->file, src->line, "id", OT_SEVERITY_WARNING,
                                      _("duplicate id \"%s\" (first seen in %s:%u); record skipped"),
                                      src->id, first->file ? first->file : "-", first->line);
          ot_problem_set_sheet (problem, src->sheet);
          g_ptr_array_add (self->problems, problem);
          self->n_rejected++;
          continue;
        }

      copy.id = take_string (self, src->id, FALSE);
      copy.hs_code = take_string (self, src->hs_code, TRUE);
      copy.currency = take_string (self, src->currency, TRUE);
      copy.declared_as = take_string (self, src->declared_as, TRUE);
      copy.concealment = take_string (self, src->concealment, TRUE);
      copy.exporter = take_string (self, src->exporter, TRUE);
      copy.consignee = take_string (self, src->consignee, TRUE);
      copy.event_place = take_string (self, src->event_place, TRUE);
      copy.authority = take_string (self, src->authority, TRUE);
      copy.case_ref = take_string (self, src->case_ref, FALSE);
      copy.source = take_string (self, src->source, TRUE);
      copy.source_url = take_string (self, src->source_url, TRUE);
      copy.notes = take_string (self, src->notes, FALSE);
      copy.file = take_string (self, src->file, TRUE);
      copy.sheet = take_string (self, src->sheet, TRUE);

      if (src->n_via > 0)
        {
          via = g_new (OtHop, src->n_via);
          for (guint j = 0; j < src->n_via; j++)
            {
              via[j] = src->via[j];
              via[j].port = take_string (self, src->via[j].port, TRUE);
            }
          copy.via = via;
        }
      if (src->n_extras > 0)
        {
          extras = g_new (OtExtra, src->n_extras);
          for (guint j = 0; j < src->n_extras; j++)
            {
              extras[j].key = take_string (self, src->extras[j].key, TRUE);
              extras[j].value = take_string (self, src->extras[j].value, FALSE);
            }
          copy.extras = extras;
        }

      ot_dataset_add (self, &copy);
    }

  for (guint i = 0; other->files->pdata[i] != NULL; i++)
    ot_dataset_add_file (self, other->files->pdata[i]);

  /* Trade statistics: ours and @other's, in a new table (a table is
   * shared read-only once a dataset holds it). */
  if (other->trade != NULL && self->trade == NULL)
    self->trade = ot_trade_table_ref (other->trade);
  else if (other->trade != NULL)
    {
      OtTradeTable *joined = ot_trade_table_new ();

      ot_trade_table_absorb (joined, self->trade);
      ot_trade_table_absorb (joined, other->trade);
      ot_trade_table_unref (self->trade);
      self->trade = joined;
    }
}

GPtrArray *
ot_dataset_get_problems (OtDataset *self)
{
  g_return_val_if_fail (OT_IS_DATASET (self), NULL);

  return self->problems;
}

void
ot_dataset_add_problem (OtDataset *self,
                        OtProblem *problem)
{
  g_return_if_fail (OT_IS_DATASET (self));
  g_return_if_fail (problem != NULL);

  g_ptr_array_add (self->problems, problem);
}

guint
ot_dataset_count_problems (OtDataset  *self,
                           OtSeverity  severity)
{
  guint n = 0;

  g_return_val_if_fail (OT_IS_DATASET (self), 0);

  for (guint i = 0; i < self->problems->len; i++)
    {
      const OtProblem *problem = g_ptr_array_index (self->problems, i);
      if (problem->severity == severity)
        n++;
    }
  return n;
}

guint
ot_dataset_get_n_rejected (OtDataset *self)
{
  g_return_val_if_fail (OT_IS_DATASET (self), 0);

  return self->n_rejected;
}

void
ot_dataset_add_rejected (OtDataset *self,
                         guint      n)
{
  g_return_if_fail (OT_IS_DATASET (self));

  self->n_rejected += n;
}

const char * const *
ot_dataset_get_files (OtDataset *self)
{
  g_return_val_if_fail (OT_IS_DATASET (self), NULL);

  return (const char * const *) self->files->pdata;
}

void
ot_dataset_add_file (OtDataset  *self,
                     const char *path)
{
  g_return_if_fail (OT_IS_DATASET (self));
  g_return_if_fail (path != NULL);

  g_ptr_array_insert (self->files, self->files->len - 1, g_strdup (path));
}

/* ---- Versions --------------------------------------------------------------- */

OtDataset *
ot_dataset_new_version (OtDataset *base)
{
  OtDataset *self;

  g_return_val_if_fail (OT_IS_DATASET (base), NULL);
  g_return_val_if_fail (base->parent == NULL, NULL);

  self = ot_dataset_new ();
  self->storage = g_object_ref (base->storage != NULL ? base->storage : base);
  for (guint c = 0; c < base->chunks->len; c++)
    {
      Chunk *chunk = base->chunks->pdata[c];

      g_atomic_ref_count_inc (&chunk->ref);
      g_ptr_array_add (self->chunks, chunk);
    }
  self->n_incidents = base->n_incidents;
  ot_big_free (self->ids);
  self->ids_mask = base->ids_mask;
  self->ids = base->ids;   /* read in place until this version changes it */
  self->ids_owner = g_object_ref (base->ids_owner != NULL ? base->ids_owner : base);
  for (guint i = 0; i < base->problems->len; i++)
    g_ptr_array_add (self->problems, ot_problem_copy (g_ptr_array_index (base->problems, i)));
  for (guint i = 0; base->files->pdata[i] != NULL; i++)
    ot_dataset_add_file (self, base->files->pdata[i]);
  self->n_rejected = base->n_rejected;
  if (base->aliases != NULL)
    self->aliases = g_hash_table_ref (base->aliases);
  if (base->trade != NULL)
    self->trade = ot_trade_table_ref (base->trade);
  if (base->summary != NULL)
    ot_dataset_set_summary (self, base->summary, base->summary_cells);
  return self;
}

gboolean
ot_dataset_is_version_of (OtDataset *self,
                          OtDataset *other)
{
  g_return_val_if_fail (OT_IS_DATASET (self), FALSE);
  g_return_val_if_fail (OT_IS_DATASET (other), FALSE);

  return (self->storage ? self->storage : self) == (other->storage ? other->storage : other);
}

gboolean
ot_dataset_same_incidents (OtDataset *self,
                           OtDataset *other)
{
  g_return_val_if_fail (OT_IS_DATASET (self), FALSE);
  g_return_val_if_fail (OT_IS_DATASET (other), FALSE);

  if (self->n_incidents != other->n_incidents)
    return FALSE;
  for (guint c = 0; c < self->chunks->len; c++)
    if (self->chunks->pdata[c] != other->chunks->pdata[c])
      return FALSE;
  return TRUE;
}

/* Takes @id (of incident @index) out of the index: backward-shift
 * deletion, so no probe sequence is cut. */
static void
id_remove (OtDataset  *self,
           const char *id,
           guint       index)
{
  guint i = id_hash (id) & self->ids_mask;

  own_ids (self);
  while (self->ids[i].index != index + 1)
    {
      g_return_if_fail (self->ids[i].index != 0);
      i = (i + 1) & self->ids_mask;
    }
  for (guint j = (i + 1) & self->ids_mask; self->ids[j].index != 0; j = (j + 1) & self->ids_mask)
    {
      guint home = self->ids[j].hash & self->ids_mask;

      /* Moves back unless its home lies cyclically in (i, j]. */
      if (i <= j ? (home <= i || home > j) : (home <= i && home > j))
        {
          self->ids[i] = self->ids[j];
          i = j;
        }
    }
  self->ids[i].index = 0;
  self->ids[i].hash = 0;
}

/* Every id indexed again: after incidents moved. */
static void
id_rebuild (OtDataset *self)
{
  own_ids (self);
  memset (self->ids, 0, sizeof (IdSlot) * (self->ids_mask + 1));
  id_reserve (self, self->n_incidents);
  for (guint i = 0; i < self->n_incidents; i++)
    {
      const char *id = AT (self, i)->id;
      guint32 hash = id_hash (id);
      IdSlot *slot = id_slot (self, id, hash);

      slot->hash = hash;
      slot->index = i + 1;
    }
}

void
ot_dataset_copy_incident (OtDataset        *self,
                          const OtIncident *src,
                          OtIncident       *out)
{
  g_return_if_fail (OT_IS_DATASET (self));
  g_return_if_fail (src != NULL && out != NULL);

  *out = *src;
  out->id = take_string (self, src->id, FALSE);
  out->hs_code = take_string (self, src->hs_code, TRUE);
  out->currency = take_string (self, src->currency, TRUE);
  out->declared_as = take_string (self, src->declared_as, TRUE);
  out->concealment = take_string (self, src->concealment, TRUE);
  out->exporter = take_string (self, src->exporter, TRUE);
  out->consignee = take_string (self, src->consignee, TRUE);
  out->event_place = take_string (self, src->event_place, TRUE);
  out->authority = take_string (self, src->authority, TRUE);
  out->case_ref = take_string (self, src->case_ref, FALSE);
  out->source = take_string (self, src->source, TRUE);
  out->source_url = take_string (self, src->source_url, TRUE);
  out->notes = take_string (self, src->notes, FALSE);
  out->file = take_string (self, src->file, TRUE);
  out->sheet = take_string (self, src->sheet, TRUE);
  if (src->n_via > 0)
    {
      OtHop *via = arena_alloc (self, sizeof (OtHop) * src->n_via);

      for (guint j = 0; j < src->n_via; j++)
        {
          via[j] = src->via[j];
          via[j].port = take_string (self, src->via[j].port, TRUE);
        }
      out->via = via;
    }
  else
    out->via = NULL;
  if (src->n_extras > 0)
    {
      OtExtra *extras = arena_alloc (self, sizeof (OtExtra) * src->n_extras);

      for (guint j = 0; j < src->n_extras; j++)
        {
          extras[j].key = take_string (self, src->extras[j].key, TRUE);
          extras[j].value = take_string (self, src->extras[j].value, FALSE);
        }
      out->extras = extras;
    }
  else
    out->extras = NULL;
}

void
ot_dataset_replace (OtDataset        *self,
                    guint             index,
                    const OtIncident *incident)
{
  OtIncident *slot;
  gboolean same_id;

  g_return_if_fail (OT_IS_DATASET (self));
  g_return_if_fail (index < self->n_incidents);
  g_return_if_fail (incident != NULL && incident->id != NULL);

  slot = &writable_chunk (self, index >> CHUNK_BITS)->items[index & CHUNK_MASK];
  same_id = strcmp (slot->id, incident->id) == 0;
  *slot = *incident;
  if (!same_id)
    id_rebuild (self);
}

void
ot_dataset_remove_set (OtDataset   *self,
                       const guint *indices,
                       guint        n)
{
  g_autoptr(GArray) tail = NULL;
  guint first, next = 0;

  g_return_if_fail (OT_IS_DATASET (self));
  g_return_if_fail (n == 0 || indices != NULL);

  if (n == 0)
    return;
  g_return_if_fail (indices[n - 1] < self->n_incidents);
  if (indices[0] >= self->n_incidents - n)
    {
      /* The last ones (an add undone): no index moves. */
      for (guint k = 0; k < n; k++)
        id_remove (self, AT (self, indices[k])->id, indices[k]);
      truncate_incidents (self, self->n_incidents - n);
      return;
    }
  /* From the chunk of the first removed on, the rest is written again;
   * the chunks before stay shared. */
  first = indices[0] & ~CHUNK_MASK;
  tail = take_tail (self, first);
  for (guint i = 0; i < tail->len; i++)
    {
      if (next < n && indices[next] == first + i)
        {
          next++;
          continue;
        }
      push_incident (self, &g_array_index (tail, OtIncident, i));
    }
  g_return_if_fail (next == n);   /* sorted, distinct, in range */
  id_rebuild (self);
}

void
ot_dataset_insert_set (OtDataset        *self,
                       const guint      *indices,
                       const OtIncident *incidents,
                       guint             n)
{
  g_autoptr(GArray) tail = NULL;
  guint old_len, first, next = 0, from = 0;

  g_return_if_fail (OT_IS_DATASET (self));
  g_return_if_fail (n == 0 || (indices != NULL && incidents != NULL));

  if (n == 0)
    return;
  old_len = self->n_incidents;
  g_return_if_fail (indices[n - 1] < old_len + n);
  if (indices[0] >= old_len)
    {
      /* Appended (an add, an import): no index moves. */
      id_reserve (self, old_len + n);
      for (guint k = 0; k < n; k++)
        {
          guint32 hash = id_hash (incidents[k].id);
          IdSlot *slot = id_slot (self, incidents[k].id, hash);

          g_return_if_fail (indices[k] == old_len + k && slot->index == 0);
          push_incident (self, &incidents[k]);
          slot->hash = hash;
          slot->index = old_len + k + 1;
        }
      return;
    }
  first = indices[0] & ~CHUNK_MASK;
  tail = take_tail (self, first);
  for (guint to = first; to < old_len + n; to++)
    {
      if (next < n && indices[next] == to)
        push_incident (self, &incidents[next++]);
      else
        {
          g_return_if_fail (from < tail->len);
          push_incident (self, &g_array_index (tail, OtIncident, from++));
        }
    }
  id_rebuild (self);
}

/* ---- Aliases ----------------------------------------------------------------- */

void
ot_dataset_set_aliases (OtDataset   *self,
                        const char **keys,
                        const char **names,
                        guint        n)
{
  g_return_if_fail (OT_IS_DATASET (self));

  g_clear_pointer (&self->aliases, g_hash_table_unref);
  if (n == 0)
    return;
  self->aliases = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    g_hash_table_insert (self->aliases, (gpointer) ot_dataset_intern (self, keys[i]),
                         (gpointer) ot_dataset_intern (self, names[i]));
}

gboolean
ot_dataset_has_aliases (OtDataset *self)
{
  g_return_val_if_fail (OT_IS_DATASET (self), FALSE);

  return self->aliases != NULL;
}

const char *
ot_dataset_resolve_company (OtDataset  *self,
                            const char *company)
{
  const char *entity;

  if (company == NULL || self->aliases == NULL)
    return company;
  entity = g_hash_table_lookup (self->aliases, company);
  return entity != NULL ? entity : company;
}

GPtrArray *
ot_dataset_get_company_aliases (OtDataset  *self,
                                const char *entity)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (OT_IS_DATASET (self), keys);

  if (entity == NULL || self->aliases == NULL)
    return keys;
  g_hash_table_iter_init (&iter, self->aliases);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (strcmp (value, entity) == 0)
      g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, (GCompareFunc) ot_dataset_compare_strings);
  return keys;
}

GPtrArray *
ot_dataset_get_alias_keys (OtDataset *self)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (OT_IS_DATASET (self), keys);

  if (self->aliases == NULL)
    return keys;
  g_hash_table_iter_init (&iter, self->aliases);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, (GCompareFunc) ot_dataset_compare_strings);
  return keys;
}

int
ot_dataset_compare_strings (gconstpointer a,
                            gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* ---- Case tables ------------------------------------------------------------- */

void
ot_dataset_set_case_tables (OtDataset    *self,
                            OtCaseTables *tables)
{
  g_return_if_fail (OT_IS_DATASET (self));

  g_clear_pointer (&self->tables, ot_case_tables_free);
  self->tables = tables;
}

OtCaseTables *
ot_dataset_steal_case_tables (OtDataset *self)
{
  g_return_val_if_fail (OT_IS_DATASET (self), NULL);

  return g_steal_pointer (&self->tables);
}

gboolean
ot_dataset_has_case_tables (OtDataset *self)
{
  g_return_val_if_fail (OT_IS_DATASET (self), FALSE);

  return self->tables != NULL;
}

/* ---- Trade statistics --------------------------------------------------------- */

void
ot_dataset_set_trade (OtDataset    *self,
                      OtTradeTable *trade)
{
  g_return_if_fail (OT_IS_DATASET (self));

  if (trade != NULL)
    ot_trade_table_ref (trade);
  g_clear_pointer (&self->trade, ot_trade_table_unref);
  self->trade = trade;
}

OtTradeTable *
ot_dataset_get_trade (OtDataset *self)
{
  g_return_val_if_fail (OT_IS_DATASET (self), NULL);

  return self->trade;
}

void
ot_dataset_set_summary (OtDataset *self,
                        GObject   *source,
                        GArray    *cells)
{
  g_return_if_fail (OT_IS_DATASET (self));
  g_return_if_fail (source == NULL || G_IS_OBJECT (source));

  g_set_object (&self->summary, source);
  g_clear_pointer (&self->summary_cells, g_array_unref);
  self->summary_cells = g_array_new (FALSE, FALSE, sizeof (OtSummaryCell));
  if (source != NULL && cells != NULL)
    g_array_append_vals (self->summary_cells, cells->data, cells->len);
}

GObject *
ot_dataset_get_summary (OtDataset  *self,
                        GArray    **cells)
{
  g_return_val_if_fail (OT_IS_DATASET (self), NULL);

  if (cells != NULL)
    *cells = self->summary != NULL ? self->summary_cells : NULL;
  return self->summary;
}

guint
ot_dataset_get_n_summarised (OtDataset *self,
                             guint     *n_illustrative)
{
  guint n = 0, n_ill = 0;

  g_return_val_if_fail (OT_IS_DATASET (self), 0);

  for (guint k = 0; self->summary != NULL && k < self->summary_cells->len; k++)
    {
      const OtSummaryCell *cell = &g_array_index (self->summary_cells, OtSummaryCell, k);

      n += cell->n_incidents;
      n_ill += cell->illustrative ? cell->n_incidents : 0;
    }
  if (n_illustrative != NULL)
    *n_illustrative = n_ill;
  return n;
}

gboolean
ot_summary_cell_days (const OtSummaryCell *cell,
                      guint32             *first_day,
                      guint32             *last_day)
{
  OtDate date = { 0 };
  int year, month;

  g_return_val_if_fail (cell != NULL, FALSE);

  if (cell->month < 0)
    return FALSE;
  year = cell->month / 100;
  month = cell->month % 100;
  if (year < 1 || year > 9999 || month > 12)
    return FALSE;
  date.year = year;
  date.month = month;
  date.precision = month == 0 ? OT_DATE_YEAR : OT_DATE_MONTH;
  *first_day = ot_date_first_day (&date);
  *last_day = ot_date_last_day (&date);
  return *first_day != 0;
}
