/* runner.c - replications over a pthread pool, merged in order (cn_runner.h).
 *
 * DESIGN.  The replications first .. first + replications - 1 are cut into
 * chunks of `chunk` consecutive indices, numbered 0 .. n_chunks - 1.
 * The calling thread and threads - 1 spawned threads run the same loop:
 * take the next chunk number from the shared counter, run its
 * replications into the chunk's slot of the buffer (each one seeded from
 * (seed, point, rep) alone), mark the slot ready, then consume every ready
 * chunk that is next in line: rows to on_rows, to the statistics, then
 * on_progress.  Consumption happens strictly in chunk order, so the
 * callbacks and the statistics see the rows in replication order whatever
 * the thread count or the scheduling.
 *
 * Memory.  Everything is allocated before any thread starts: per worker a
 * cn_world and a gsl_rng, and one buffer of 2 x threads slots of chunk x
 * L->n doubles.  Chunk c lives in slot c mod slots.  A worker may take
 * chunk c only when c < consumed + slots, i.e. when the chunk that last
 * used the slot has been consumed; otherwise it waits on the condition
 * variable, which is broadcast whenever chunks are consumed or the run
 * fails.  Nothing is allocated while replications run.
 *
 * Ownership.  The scenario and the layout are shared read-only.  A worker
 * owns its world and generator, and the slot of the chunk it has taken
 * until it marks it ready; it calls on_replication, without the lock, for
 * each replication it ran, with its own index, so that a caller keeping
 * per-worker counts needs no lock either.  Everything else in cn_runner_state (counters,
 * ready flags, status, the statistics, the callbacks) is touched only
 * under the lock; *stop is an atomic, read without it.
 *
 * Chunk size.  By default (chunk 0) min(64, replications / (16 x
 * threads)), at least 1: small runs of slow replications are cut finely
 * enough that no thread idles long at the end.  The chunk size never
 * changes the results, only the granularity of scheduling.
 *
 * Stopping.  When on_rows fails, no new chunk is taken; chunks in flight
 * finish, and the threads are joined before cn_runner_run returns.  When
 * *stop becomes non-zero no new chunk is taken either, and the chunks in
 * flight are abandoned: each worker's world polls *stop between sessions
 * (cn_world.stop), so even a very long replication ends within a session;
 * an abandoned chunk is never marked ready, so only whole chunks before
 * it in replication order are consumed (every row handed on is a complete
 * replication, and a rerun or resume gives the same rows).
 *
 * Lock and unlock on a default mutex cannot fail in a correct program
 * (POSIX lists errors only for robust, error-checking or priority
 * mutexes), so their results are not checked; every other pthread call
 * is, and its failure is CN_ETHREAD.
 */
#include "cn_runner.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>

#include "cn_error.h"
#include "cn_replication.h"
#include "cn_rng.h"
#include "cn_world.h"

#define CN_RUNNER_DEFAULT_CHUNK 64

typedef struct {
    const cn_scenario *s;
    const cn_metrics_layout *L;
    const cn_runner_opts *o;
    cn_stats *stats;

    pthread_mutex_t lock;
    pthread_cond_t cond;

    long n_chunks;
    long chunk;               /* replications per chunk */
    long slots;               /* chunk slots in buf */
    size_t slot_size;         /* doubles per slot: chunk * L->n */
    double *buf;              /* slots * slot_size */
    unsigned char *ready;     /* per slot: finished, waiting to be consumed */

    /* under the lock */
    long next;                /* next chunk to take */
    long consumed;            /* chunks consumed (in order) */
    long done;                /* replications consumed */
    int status;               /* first failure, CN_OK while running */
} cn_runner_state;

typedef struct {
    cn_runner_state *st;
    int index;                /* 0 .. threads - 1 (on_replication's worker) */
    cn_world *w;
    gsl_rng *r;
    pthread_t tid;
} cn_runner_worker;

/* Replications in chunk c. */
static long chunk_len(const cn_runner_state *st, long c)
{
    long left = st->o->replications - c * st->chunk;
    return left < st->chunk ? left : st->chunk;
}

/* Runs chunk c into its slot; called without the lock.  1 when every
 * replication ran to its end, 0 when *stop cut the chunk short. */
static int run_chunk(cn_runner_worker *wk, long c)
{
    cn_runner_state *st = wk->st;
    const cn_runner_opts *o = st->o;
    double *rows = st->buf + (size_t)(c % st->slots) * st->slot_size;
    long n = chunk_len(st, c);
    long rep = o->first + c * st->chunk;
    for (long i = 0; i < n; i++, rep++) {
        double *row = rows + (size_t)i * (size_t)st->L->n;
        cn_replication_run_at(wk->w, wk->r, (uint64_t)o->seed, (uint64_t)o->point, (uint64_t)rep,
                              st->L, row);
        if (wk->w->stopped)
            return 0;
        if (o->on_replication != NULL)
            o->on_replication(o->ctx, wk->index, rep, wk->w, row);
    }
    return 1;
}

/* Consumes the ready chunks that are next in line; called under the lock. */
static void consume_ready(cn_runner_state *st)
{
    const cn_runner_opts *o = st->o;
    long before = st->consumed;
    while (st->status == CN_OK && st->consumed < st->n_chunks
           && st->ready[st->consumed % st->slots]) {
        long c = st->consumed;
        long slot = c % st->slots;
        const double *rows = st->buf + (size_t)slot * st->slot_size;
        long n = chunk_len(st, c);
        if (o->on_rows != NULL) {
            int rc = o->on_rows(o->ctx, o->first + c * st->chunk, (int)n, rows);
            if (rc != CN_OK) {
                st->status = rc;
                break;
            }
        }
        if (st->stats != NULL)
            for (long i = 0; i < n; i++)
                cn_stats_add(st->stats, rows + (size_t)i * (size_t)st->L->n);
        st->ready[slot] = 0;
        st->consumed++;
        st->done += n;
        if (o->on_progress != NULL)
            o->on_progress(o->ctx, st->done, o->replications);
    }
    if (st->consumed != before || st->status != CN_OK)
        pthread_cond_broadcast(&st->cond);
}

static int stop_requested(const cn_runner_state *st)
{
    return st->o->stop != NULL && atomic_load(st->o->stop) != 0;
}

static void *worker_main(void *arg)
{
    cn_runner_worker *wk = arg;
    cn_runner_state *st = wk != NULL ? wk->st : NULL;
    if (st == NULL) /* every worker is set up before it starts; never taken */
        return NULL;
    pthread_mutex_lock(&st->lock);
    for (;;) {
        if (st->status != CN_OK || stop_requested(st) || st->next >= st->n_chunks)
            break;
        if (st->next - st->consumed >= st->slots) {
            if (pthread_cond_wait(&st->cond, &st->lock) != 0) {
                st->status = CN_ETHREAD;
                pthread_cond_broadcast(&st->cond);
                break;
            }
            continue;
        }
        long c = st->next++;
        pthread_mutex_unlock(&st->lock);
        int whole = run_chunk(wk, c);
        pthread_mutex_lock(&st->lock);
        if (!whole) {
            /* abandoned: nothing after it is consumed; wake the waiting */
            pthread_cond_broadcast(&st->cond);
            break;
        }
        st->ready[c % st->slots] = 1;
        consume_ready(st);
    }
    pthread_mutex_unlock(&st->lock);
    return NULL;
}

static void free_workers(cn_runner_worker *wk, int n)
{
    if (wk == NULL)
        return;
    for (int i = 0; i < n; i++) {
        cn_world_free(wk[i].w);
        gsl_rng_free(wk[i].r);
    }
    free(wk);
}

/* Runs the workers: wk[0] on the calling thread, the others spawned. */
static int run_threads(cn_runner_state *st, cn_runner_worker *wk, int threads)
{
    int started = 1;
    int status = CN_OK;
    for (; started < threads; started++) {
        if (pthread_create(&wk[started].tid, NULL, worker_main, &wk[started]) != 0) {
            pthread_mutex_lock(&st->lock);
            st->status = CN_ETHREAD;
            pthread_cond_broadcast(&st->cond);
            pthread_mutex_unlock(&st->lock);
            break;
        }
    }
    worker_main(&wk[0]);
    for (int i = 1; i < started; i++)
        if (pthread_join(wk[i].tid, NULL) != 0)
            status = CN_ETHREAD;
    if (st->status != CN_OK)
        status = st->status;
    return status;
}

int cn_runner_run(const cn_scenario *s, const cn_metrics_layout *L,
                  const cn_runner_opts *o, cn_stats *stats)
{
    if (o->done != NULL)
        *o->done = 0;
    if (o->threads < 1 || o->replications < 0 || o->first < 0 || o->chunk < 0 || L->n < 1)
        return CN_EINPUT;
    const gsl_rng_type *T = cn_rng_type(o->generator);
    if (T == NULL)
        return CN_EINPUT;
    if (o->replications == 0)
        return CN_OK;

    cn_runner_state st = {0};
    st.s = s;
    st.L = L;
    st.o = o;
    st.stats = stats;
    st.status = CN_OK;
    if (o->chunk > 0)
        st.chunk = o->chunk;
    else {
        /* at least 16 chunks per thread, so the last chunks (one thread
         * busy, the others done) cost little when replications are slow */
        st.chunk = o->replications / (16L * o->threads);
        if (st.chunk > CN_RUNNER_DEFAULT_CHUNK)
            st.chunk = CN_RUNNER_DEFAULT_CHUNK;
        if (st.chunk < 1)
            st.chunk = 1;
    }
    if (st.chunk > o->replications)
        st.chunk = o->replications;
    st.n_chunks = (o->replications + st.chunk - 1) / st.chunk;
    int threads = o->threads;
    if (threads > st.n_chunks)
        threads = (int)st.n_chunks;
    st.slots = 2L * threads;
    if ((size_t)st.chunk > SIZE_MAX / (size_t)L->n / (size_t)st.slots / sizeof(double))
        return CN_ENOMEM;
    st.slot_size = (size_t)st.chunk * (size_t)L->n;

    int status = CN_ENOMEM;
    int have_lock = 0, have_cond = 0;
    cn_runner_worker *wk = calloc((size_t)threads, sizeof *wk);
    st.buf = malloc((size_t)st.slots * st.slot_size * sizeof *st.buf);
    st.ready = calloc((size_t)st.slots, 1);
    if (wk == NULL || st.buf == NULL || st.ready == NULL)
        goto done;
    for (int i = 0; i < threads; i++) {
        wk[i].st = &st;
        wk[i].index = i;
        wk[i].w = cn_world_alloc(s);
        wk[i].r = gsl_rng_alloc(T);
        if (wk[i].w == NULL || wk[i].r == NULL)
            goto done;
        wk[i].w->stop = o->stop;
    }
    status = CN_ETHREAD;
    if (pthread_mutex_init(&st.lock, NULL) != 0)
        goto done;
    have_lock = 1;
    if (pthread_cond_init(&st.cond, NULL) != 0)
        goto done;
    have_cond = 1;

    status = run_threads(&st, wk, threads);
    if (o->done != NULL)
        *o->done = st.done;

done:
    if (have_cond)
        pthread_cond_destroy(&st.cond);
    if (have_lock)
        pthread_mutex_destroy(&st.lock);
    free_workers(wk, wk != NULL ? threads : 0);
    free(st.buf);
    free(st.ready);
    return status;
}

int cn_runner_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    if (n > CN_MAX_THREADS)
        return CN_MAX_THREADS;
    return (int)n;
}
