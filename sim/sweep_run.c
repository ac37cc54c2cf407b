/* sweep_run.c - the sweep engine (cn_sweep_run.h): the batch loop, the
 * precision stop, resuming from the store, shards, and both sides of an
 * MPI sweep.  The design is in the header.
 *
 * One function commits a batch, take_batch, whether the batch was run in
 * this process, by an MPI worker or read back from the store, so every
 * path stores the same.  Point p's aggregate is the merge of its batches
 * in batch order; a point is finished (and its aggregate stored) with the
 * batch that reaches its replications or its precision.
 */
#include "cn_sweep_run.h"

#include <stdlib.h>
#include <string.h>

#include "cn_load.h"
#include "cn_runner.h"
#include "cn_whatif.h"

typedef struct {
    cn_sweep *sw;
    cn_store *store;
    const cn_sweep_run_opts *o;
    cn_diag *d;
    cn_whatif_agg *agg;    /* per point: the merge of its batches so far */
    cn_whatif_agg part;    /* the batch being committed */
    cn_whatif_agg probe;   /* scratch of batch_stored */
    double *rows;          /* a point's batch: batch x L->n */
    double *base_rows;     /* the baseline's batch */
    int *done;             /* per point: finished */
    long *have;            /* per point: replications aggregated */
    cn_sweep_counts c;
    long batch_base;       /* c.runs_done when the batch being run started */
    int resumable;         /* a commit failed (out->resumable) */
    int stopped;           /* MPI: the stop flag was seen at a commit */
    /* MPI, rank 0 */
    long *committed;       /* per point: batches committed */
    long gen_b;            /* the next unit's batch ... */
    int gen_p;             /* ... and point (-1: the baseline's rows) */
    int status;            /* a failure while generating or committing */
    /* MPI, workers */
    cn_sweep_scenario cached; /* the last point's scenario */
    int cached_p;
} engine;

static void engine_free(engine *e)
{
    if (e->agg != NULL)
        for (int p = 0; p < e->sw->n_points; p++)
            cn_whatif_agg_free(&e->agg[p]);
    free(e->agg);
    cn_whatif_agg_free(&e->part);
    cn_whatif_agg_free(&e->probe);
    free(e->rows);
    free(e->base_rows);
    free(e->done);
    free(e->have);
    free(e->committed);
    cn_sweep_scenario_free(&e->cached);
}

static int owned(const engine *e, int p)
{
    return cn_sweep_shard_owns(p, e->o->shard_i, e->o->shard_n);
}

static long n_batches(const engine *e)
{
    return (e->o->replications + e->o->batch - 1) / e->o->batch;
}

/* Replications in batch b. */
static long batch_len(const engine *e, long b)
{
    long first = b * e->o->batch;
    return e->o->replications - first < e->o->batch ? e->o->replications - first : e->o->batch;
}

static void notify(const engine *e)
{
    if (e->o->on_progress != NULL)
        e->o->on_progress(e->o->ctx, &e->c);
}

static int stop_set(const engine *e)
{
    return e->o->stop != NULL && atomic_load(e->o->stop) != 0;
}

/* ---- running a batch ------------------------------------------------------ */

typedef struct {
    engine *e;   /* NULL: nothing counted */
    double *buf;
    long first;
    int ncols;
} collect;

static int collect_rows(void *ctx, long first_rep, int n, const double *rows)
{
    collect *c = ctx;
    memcpy(c->buf + (size_t)(first_rep - c->first) * (size_t)c->ncols, rows,
           (size_t)n * (size_t)c->ncols * sizeof *rows);
    return CN_OK;
}

static void collect_progress(void *ctx, long done, long total)
{
    collect *c = ctx;
    (void)total;
    if (c->e != NULL) {
        c->e->c.runs_done = c->e->batch_base + done;
        notify(c->e);
    }
}

/* Runs replications first .. first + n - 1 of scenario s into buf,
 * counting them in the progress when count.  An interruption (*stop set)
 * ends it early with CN_OK: the caller sees the flag and drops the batch.
 * An unknown generator is said in d. */
static int run_batch(engine *e, const cn_scenario *s, long first, long n, double *buf,
                     int count, atomic_int *stop)
{
    const cn_sweep_run_opts *o = e->o;
    collect c = {count ? e : NULL, buf, first, o->L->n};
    long done = 0;
    e->batch_base = e->c.runs_done;
    cn_runner_opts ro = {
        .replications = n,
        .first = first,
        .threads = o->threads,
        .seed = o->s->run.seed,
        .point = 0, /* common random numbers: every point replays the same streams */
        .generator = o->s->run.generator,
        .on_rows = collect_rows,
        .on_progress = collect_progress,
        .ctx = &c,
        .stop = stop,
        .done = &done,
    };
    int rc = cn_runner_run(s, o->L, &ro, NULL);
    if (rc == CN_EINPUT && e->d != NULL)
        cn_diag_set(e->d, o->file, 0, "run.generator", "unknown GSL generator '%s'",
                    o->s->run.generator);
    if (rc == CN_OK && done != n && (stop == NULL || atomic_load(stop) == 0))
        rc = CN_EINTERNAL;
    return rc;
}

/* Point p's scenario: the scenario with p's overrides (cn_sweep.h). */
static int load_point(const engine *e, int p, cn_sweep_scenario *x, cn_diag *d)
{
    return cn_sweep_point_scenario(e->sw, p, x, d);
}

/* ---- committing a batch ---------------------------------------------------- */

/* Whether the store holds point p's batch b. */
static int batch_stored(engine *e, int p, long b, int *found)
{
    long got = 0;
    return cn_store_batch_load(e->store, p, b, &e->probe, &got, found);
}

/* Whether point p is finished with `have` replications aggregated. */
static int point_finished(const engine *e, int p, long have)
{
    const cn_sweep_run_opts *o = e->o;
    if (have >= o->replications)
        return 1;
    if (o->precision > 0)
        return cn_whatif_converged(&e->agg[p], o->L, o->cols, o->n_cols, o->precision);
    return 0;
}

/* The counts once point p is finished with `have` replications. */
static void count_finished(engine *e, long have)
{
    e->c.points_done++;
    if (e->o->replications > have)
        e->c.runs_total -= e->o->replications - have;
}

/* Point p's batch b into its aggregate: read back when the store holds
 * it, else made from rows (the point's rows; the baseline's are
 * e->base_rows) paired with e->base_rows; then committed, and the point
 * marked finished when it is.  count_runs: add the batch's runs to the
 * counts here (MPI: the single process counts them as the runner goes). */
static int take_batch(engine *e, int p, long b, const double *rows, int count_runs)
{
    long first = b * e->o->batch, n = batch_len(e, b), got = 0;
    int found = 0;
    if (cn_store_batch_load(e->store, p, b, &e->part, &got, &found) != CN_OK)
        return CN_EIO;
    if (!found) {
        if (p == e->sw->baseline)
            rows = e->base_rows;
        if (rows == NULL)
            return CN_EINTERNAL;
        cn_whatif_agg_reset(&e->part);
        cn_whatif_agg_add(&e->part, rows, e->base_rows, (int)n);
        got = n;
        if (count_runs)
            e->c.runs_done += got;
    } else {
        rows = NULL;
        e->c.runs_done += got;
    }
    cn_whatif_agg_merge(&e->agg[p], &e->part);
    e->have[p] += got;
    int fin = point_finished(e, p, e->have[p]);
    if (!found || fin) {
        /* (re)commit: a resumed batch that finishes its point records the point */
        int rc = cn_store_batch_save(e->store, p, b, first, got, &e->part, rows,
                                     fin ? &e->agg[p] : NULL, e->have[p]);
        if (rc != CN_OK) {
            e->resumable = 1;
            cn_diag_set(e->d, NULL, 0, NULL, "cannot write %s: %s; every batch before this one "
                        "is saved", cn_store_path(e->store), cn_store_error(e->store));
            return CN_EIO;
        }
    }
    if (fin) {
        e->done[p] = 1;
        count_finished(e, e->have[p]);
    }
    notify(e);
    return CN_OK;
}

/* ---- one process ------------------------------------------------------------- */

/* Whether point p takes part in batch b (a point of the shard, not
 * finished): 1, with *found whether the store holds its batch b; 0; or
 * -1 when the store cannot be read. */
static int open_point(engine *e, int p, long b, int *found)
{
    *found = 0;
    if (!owned(e, p) || e->done[p])
        return 0;
    return batch_stored(e, p, b, found) == CN_OK ? 1 : -1;
}

/* What batch b needs: *any unfinished point, *need_rows the baseline's
 * rows (a point's batch is not stored), *base_run the baseline's own
 * batch is not stored (its rows are its runs, counted). */
static int batch_needs(engine *e, long b, int *any, int *need_rows, int *base_run)
{
    *any = *need_rows = *base_run = 0;
    for (int p = 0; p < e->sw->n_points; p++) {
        int found, open = open_point(e, p, b, &found);
        if (open < 0)
            return CN_EIO;
        *any |= open;
        *need_rows |= open && !found;
        *base_run |= open && !found && p == e->sw->baseline;
    }
    return CN_OK;
}

/* Every unfinished point's batch b, the baseline's rows in e->base_rows. */
static int run_points(engine *e, long b)
{
    long first = b * e->o->batch, n = batch_len(e, b);
    for (int p = 0; p < e->sw->n_points; p++) {
        int found, open = open_point(e, p, b, &found);
        if (open < 0)
            return CN_EIO;
        if (!open)
            continue;
        const double *rows = NULL;
        if (!found && p != e->sw->baseline) {
            cn_sweep_scenario x;
            int rc = load_point(e, p, &x, e->d);
            if (rc == CN_OK)
                rc = run_batch(e, x.s, first, n, e->rows, 1, e->o->stop);
            cn_sweep_scenario_free(&x);
            if (rc != CN_OK)
                return rc;
            if (stop_set(e))
                return CN_OK;
            rows = e->rows;
        }
        int rc = take_batch(e, p, b, rows, 0);
        if (rc != CN_OK || stop_set(e))
            return rc;
    }
    return CN_OK;
}

/* The batch loop of a single process. */
static int sweep_loop(engine *e)
{
    for (long b = 0; b < n_batches(e); b++) {
        int any, need_rows, base_run, rc;
        if ((rc = batch_needs(e, b, &any, &need_rows, &base_run)) != CN_OK)
            return rc;
        if (!any)
            break;
        if (need_rows) {
            rc = run_batch(e, e->o->baseline, b * e->o->batch, batch_len(e, b), e->base_rows,
                           base_run, e->o->stop);
            if (rc != CN_OK || stop_set(e))
                return rc; /* interrupted: this batch is dropped */
        }
        if ((rc = run_points(e, b)) != CN_OK || stop_set(e))
            return rc;
    }
    return CN_OK;
}

/* ---- MPI: rank 0 hands out (point, batch) units, workers run them ---------- */

enum { UNIT_BASE_ROWS = 0, UNIT_POINT };

/* The unit of the baseline's rows of batch b, or CN_MPI_END when no point
 * needs batch b. */
static int next_base_rows(engine *e, long b, cn_mpi_unit *u)
{
    int any, need_rows, base_run;
    if (batch_needs(e, b, &any, &need_rows, &base_run) != CN_OK) {
        e->status = CN_EIO;
        return CN_MPI_END;
    }
    if (!any)
        return CN_MPI_END;
    e->gen_p = 0;
    u->point = e->sw->baseline;
    u->compute = need_rows;
    u->kind = UNIT_BASE_ROWS;
    return CN_MPI_UNIT;
}

/* The next unit in the single process's commit order: per batch the
 * baseline's rows, then each unfinished point's batch.  With a precision
 * whether a point needs batch b is known only once its batch b - 1 is
 * committed: until then, CN_MPI_WAIT (the baseline's rows are run if any
 * point may need them: at worst one batch of the baseline for nothing). */
static int mpi_next(void *ctx, cn_mpi_unit *u)
{
    engine *e = ctx;
    const int P = e->sw->n_points;
    if (e->status != CN_OK)
        return CN_MPI_END; /* failed (setting up): the workers are released */
    while (e->gen_b < n_batches(e)) {
        long b = e->gen_b;
        memset(u, 0, sizeof *u);
        u->first = b * e->o->batch;
        u->n = batch_len(e, b);
        u->batch = b;
        if (e->gen_p < 0)
            return next_base_rows(e, b, u);
        while (e->gen_p < P) {
            int p = e->gen_p;
            if (owned(e, p) && !e->done[p] && e->o->precision > 0 && e->committed[p] < b)
                return CN_MPI_WAIT;
            e->gen_p++;
            int found, open = open_point(e, p, b, &found);
            if (open < 0) {
                e->status = CN_EIO;
                return CN_MPI_END;
            }
            if (!open)
                continue;
            u->point = p;
            u->compute = !found && p != e->sw->baseline;
            u->kind = UNIT_POINT;
            return CN_MPI_UNIT;
        }
        e->gen_b++;
        e->gen_p = -1;
    }
    return CN_MPI_END;
}

/* A unit in commit order; non-zero stops the sweep (cn_mpi.h). */
static int mpi_commit(void *ctx, const cn_mpi_unit *u, const double *rows)
{
    engine *e = ctx;
    if (u->kind == UNIT_BASE_ROWS) {
        if (rows != NULL)
            memcpy(e->base_rows, rows, (size_t)u->n * (size_t)e->o->L->n * sizeof *rows);
        return 0;
    }
    int rc = take_batch(e, u->point, u->batch, rows, 1);
    e->committed[u->point]++;
    if (rc != CN_OK) {
        e->status = rc;
        return 1;
    }
    if (stop_set(e))
        e->stopped = 1; /* the batch in flight was finished and committed */
    return e->stopped;
}

/* A worker's failure (cn_mpi_master_opts.failed): the sweep stops. */
static void mpi_failed(void *ctx, int rank, int status)
{
    engine *e = ctx;
    if (e->status != CN_OK)
        return;
    e->status = CN_EIO;
    cn_diag_set(e->d, NULL, 0, NULL, "sweep: rank %d failed: %s", rank, cn_strerror(status));
}

/* Rank 0 under MPI: the batch loop with the units run by the workers,
 * who wait for units until released: with e->status set (engine_start
 * failed), nothing is handed out and they are released at once. */
static int mpi_sweep_loop(engine *e)
{
    e->gen_b = 0;
    e->gen_p = -1;
    cn_mpi_master_opts mo = {
        .ncols = e->o->L->n,
        .max_rows = e->o->batch,
        .window = 0,
        .next = mpi_next,
        .commit = mpi_commit,
        .failed = mpi_failed,
        .ctx = e,
    };
    int ex = 0;
    int rc = cn_mpi_master(e->o->mpi, &mo, &ex);
    if (rc != CN_OK)
        return rc == CN_EINPUT ? CN_EINTERNAL : rc; /* bad options: ours */
    if (e->status != CN_OK)
        return e->status;
    return ex == 0 || e->stopped ? CN_OK : CN_EINTERNAL;
}

/* A worker's unit: replications first .. first + n - 1 of point p. */
static int mpi_run(void *ctx, int p, long first, long n, double *rows)
{
    engine *e = ctx;
    if (p < 0 || p >= e->sw->n_points)
        return CN_EINTERNAL;
    const cn_scenario *s = e->o->baseline;
    if (p != e->sw->baseline) {
        if (e->cached_p != p) {
            cn_sweep_scenario_free(&e->cached);
            e->cached_p = -1;
            int rc = load_point(e, p, &e->cached, NULL);
            if (rc != CN_OK)
                return rc;
            e->cached_p = p;
        }
        s = e->cached.s;
    }
    return run_batch(e, s, first, n, rows, 0, NULL);
}

int cn_sweep_run_worker(cn_sweep *sw, const cn_sweep_run_opts *o, cn_mpi *mpi)
{
    engine e;
    memset(&e, 0, sizeof e);
    e.sw = sw;
    e.o = o;
    e.cached_p = -1;
    int rc = cn_mpi_worker(mpi, o->L->n, o->batch, mpi_run, &e);
    engine_free(&e);
    return rc;
}

/* ---- the sweep ------------------------------------------------------------------ */

/* Memory, fixed by the batch and the number of points; the counts from
 * the points the store holds finished. */
static int engine_start(engine *e)
{
    const int P = e->sw->n_points, ncols = e->o->L->n;
    const size_t batch_doubles = (size_t)e->o->batch * (size_t)ncols;
    e->agg = calloc((size_t)P, sizeof *e->agg);
    e->done = calloc((size_t)P, sizeof *e->done);
    e->have = calloc((size_t)P, sizeof *e->have);
    e->rows = malloc(batch_doubles * sizeof *e->rows);
    e->base_rows = malloc(batch_doubles * sizeof *e->base_rows);
    if (e->o->mpi != NULL)
        e->committed = calloc((size_t)P, sizeof *e->committed);
    if (e->agg == NULL || e->done == NULL || e->have == NULL || e->rows == NULL
        || e->base_rows == NULL || (e->o->mpi != NULL && e->committed == NULL)
        || cn_whatif_agg_init(&e->part, ncols) != CN_OK
        || cn_whatif_agg_init(&e->probe, ncols) != CN_OK)
        return CN_ENOMEM;
    for (int p = 0; p < P; p++) {
        if (cn_whatif_agg_init(&e->agg[p], ncols) != CN_OK)
            return CN_ENOMEM;
        if (!owned(e, p))
            continue;
        if (cn_store_point_done(e->store, p, &e->done[p]) != CN_OK)
            return CN_EIO;
        e->c.points_total++;
        if (e->done[p])
            e->c.points_done++;
        else
            e->c.runs_total += e->o->replications;
    }
    return CN_OK;
}

int cn_sweep_run(cn_sweep *sw, cn_store *store, const cn_sweep_run_opts *o,
                 cn_sweep_run_result *out, cn_diag *d)
{
    memset(out, 0, sizeof *out);
    cn_diag_clear(d);
    if (o->replications < 1 || o->batch < 1 || o->batch > o->replications || o->threads < 1
        || o->shard_n < 1 || o->shard_i < 0 || o->shard_i >= o->shard_n
        || (o->precision > 0 && (o->cols == NULL || o->n_cols < 1)))
        return CN_EINTERNAL;
    engine e;
    memset(&e, 0, sizeof e);
    e.sw = sw;
    e.store = store;
    e.o = o;
    e.d = d;
    e.cached_p = -1;
    int rc = engine_start(&e);
    if (o->mpi != NULL) {
        e.status = rc;
        rc = mpi_sweep_loop(&e);
    } else if (rc == CN_OK) {
        rc = sweep_loop(&e);
    }
    out->counts = e.c;
    out->stopped = rc == CN_OK && (e.stopped || stop_set(&e));
    out->resumable = e.resumable;
    engine_free(&e);
    return rc;
}
