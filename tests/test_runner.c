/* test_runner.c - the threaded runner: order, reproducibility, stopping,
 * errors (cn_runner.h).  Uses the tiny fixture tests/data/cli_tiny.cfg. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn_error.h"
#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_runner.h"
#include "cn_scenario.h"
#include "cn_stats.h"
#include "cn_world.h"

#define FIXTURE "tests/data/cli_tiny.cfg"
#define REPS 300L

typedef struct {
    cn_scenario *s;
    cn_metrics_layout L;
} fixture;

/* What on_rows and on_progress saw. */
typedef struct {
    const cn_metrics_layout *L;
    double *rows;              /* capacity reps * L->n */
    long cap;
    long first;                /* first replication expected */
    long next;                 /* next replication expected */
    int calls;
    int out_of_order;
    long progress_last;
    int progress_calls;
    int progress_backwards;
    long progress_total;
    long stop_at;              /* set *stop once this many rows arrived (-1: never) */
    atomic_int *stop;
    long fail_at;              /* return CN_EIO once this many rows arrived (-1: never) */
    void *hook;                /* what on_replication writes to (hook_log) */
} sink;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL)
        return -1;
    cn_diag d;
    if (cn_load_scenario(FIXTURE, NULL, 0, &fx->s, &d) != CN_OK) {
        char buf[2048];
        fprintf(stderr, "cannot load %s: %s\n", FIXTURE, cn_diag_format(&d, buf, sizeof buf));
        free(fx);
        return -1;
    }
    if (cn_metrics_layout_init(fx->s, &fx->L) != CN_OK) {
        cn_scenario_free(fx->s);
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    cn_metrics_layout_free(&fx->L);
    cn_scenario_free(fx->s);
    free(fx);
    return 0;
}

static void sink_init(sink *k, const cn_metrics_layout *L, long first, long cap)
{
    memset(k, 0, sizeof *k);
    k->L = L;
    k->cap = cap;
    k->first = first;
    k->next = first;
    k->stop_at = -1;
    k->fail_at = -1;
    k->rows = calloc((size_t)cap * (size_t)L->n, sizeof *k->rows);
    assert_non_null(k->rows);
}

static int sink_rows(void *ctx, long first_rep, int n, const double *rows)
{
    sink *k = ctx;
    k->calls++;
    if (first_rep != k->next)
        k->out_of_order = 1;
    long got = k->next - k->first;
    if (k->fail_at >= 0 && got + n > k->fail_at)
        return CN_EIO;
    if (got + n <= k->cap)
        memcpy(k->rows + (size_t)got * (size_t)k->L->n, rows,
               (size_t)n * (size_t)k->L->n * sizeof *rows);
    k->next = first_rep + n;
    if (k->stop_at >= 0 && k->next - k->first >= k->stop_at)
        *k->stop = 1;
    return CN_OK;
}

static void sink_progress(void *ctx, long done, long total)
{
    sink *k = ctx;
    if (done < k->progress_last)
        k->progress_backwards = 1;
    k->progress_last = done;
    k->progress_total = total;
    k->progress_calls++;
}

static cn_runner_opts opts_for(sink *k, long first, long reps, int threads, int chunk)
{
    cn_runner_opts o = {0};
    o.replications = reps;
    o.first = first;
    o.threads = threads;
    o.chunk = chunk;
    o.seed = 2385;
    o.point = 0;
    o.generator = "mt19937";
    o.on_rows = sink_rows;
    o.on_progress = sink_progress;
    o.ctx = k;
    return o;
}

/* Runs reps replications from first into a fresh sink; checks the run
 * completed in order.  The caller frees k->rows. */
static void run_into(fixture *fx, sink *k, long first, long reps, int threads, int chunk,
                     cn_stats *st)
{
    sink_init(k, &fx->L, first, reps);
    cn_runner_opts o = opts_for(k, first, reps, threads, chunk);
    long done = -1;
    o.done = &done;
    assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, st), CN_OK);
    assert_int_equal(done, reps);
    assert_false(k->out_of_order);
    assert_int_equal(k->next, first + reps);
    assert_false(k->progress_backwards);
    assert_int_equal(k->progress_last, reps);
    assert_int_equal(k->progress_total, reps);
}

static void test_runner_threads_and_chunks_identical(void **state)
{
    fixture *fx = *state;
    sink ref;
    cn_stats *st_ref = cn_stats_alloc(&fx->L);
    assert_non_null(st_ref);
    run_into(fx, &ref, 0, REPS, 1, 1, st_ref);
    assert_int_equal(cn_stats_count(st_ref), REPS);
    /* one call per chunk of 1 */
    assert_int_equal(ref.calls, REPS);

    /* The rows are not all the same: the seeds differ per replication. */
    size_t rowbytes = (size_t)fx->L.n * sizeof(double);
    int differ = 0;
    for (long i = 1; i < REPS && !differ; i++)
        differ = memcmp(ref.rows, ref.rows + (size_t)i * (size_t)fx->L.n, rowbytes) != 0;
    assert_true(differ);

    const int threads[] = {1, 2, 2, 2, 3, 8};
    const int chunks[] = {3, 1, 3, 64, 7, 0};
    for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
        sink k;
        cn_stats *st = cn_stats_alloc(&fx->L);
        assert_non_null(st);
        run_into(fx, &k, 0, REPS, threads[t], chunks[t], st);
        assert_memory_equal(k.rows, ref.rows, (size_t)REPS * rowbytes);
        assert_int_equal(cn_stats_count(st), REPS);
        for (int j = 0; j < fx->L.n; j++) {
            cn_summary a, b;
            cn_stats_summary(st_ref, j, &a);
            cn_stats_summary(st, j, &b);
            assert_int_equal(a.n, b.n);
            /* bit-identical, NaN included */
            assert_memory_equal(&a.mean, &b.mean, sizeof a.mean);
        }
        cn_stats_free(st);
        free(k.rows);
    }
    cn_stats_free(st_ref);
    free(ref.rows);
}

static void test_runner_first_reproduces_rows(void **state)
{
    fixture *fx = *state;
    sink all, part;
    run_into(fx, &all, 0, 100, 2, 8, NULL);
    run_into(fx, &part, 37, 10, 2, 3, NULL);
    size_t n = (size_t)fx->L.n;
    assert_memory_equal(part.rows, all.rows + 37 * n, 10 * n * sizeof(double));
    /* a different seed gives different rows */
    sink other;
    sink_init(&other, &fx->L, 0, 100);
    cn_runner_opts o = opts_for(&other, 0, 100, 1, 0);
    o.seed = 2386;
    assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, NULL), CN_OK);
    assert_memory_not_equal(other.rows, all.rows, 100 * n * sizeof(double));
    free(all.rows);
    free(part.rows);
    free(other.rows);
}

static void test_runner_more_threads_than_chunks(void **state)
{
    fixture *fx = *state;
    sink k, ref;
    run_into(fx, &ref, 0, 5, 1, 0, NULL);
    run_into(fx, &k, 0, 5, 8, 1, NULL);
    assert_memory_equal(k.rows, ref.rows, 5 * (size_t)fx->L.n * sizeof(double));
    free(k.rows);
    free(ref.rows);
}

/* What on_replication saw: per worker, the replications and their votes. */
#define HOOK_WORKERS 8
typedef struct {
    int n_states, threads;
    long reps;
    unsigned char *seen;                  /* per replication: times seen */
    int bad_worker;                       /* a worker index out of range */
    long votes[HOOK_WORKERS][3];          /* support, object, abstain, per worker */
    double *rows;                         /* the hook's rows, by replication */
    int ncols;
} hook_log;

static void hook(void *ctx, int worker, long rep, const cn_world *w, const double *row)
{
    sink *k = ctx;
    hook_log *h = k->hook;
    if (worker < 0 || worker >= h->threads || rep < 0 || rep >= h->reps) {
        h->bad_worker = 1;
        return;
    }
    h->seen[rep]++;
    memcpy(h->rows + (size_t)rep * (size_t)h->ncols, row, (size_t)h->ncols * sizeof *row);
    const cn_forum_state *fs = &w->fs[0];
    for (int t = 0; t < fs->n_members; t++) {
        int v = fs->vote[fs->members[t]];
        if (v >= CN_VOTE_SUPPORT && v <= CN_VOTE_ABSTAIN)
            h->votes[worker][v - CN_VOTE_SUPPORT]++;
    }
}

/* on_replication sees every replication once, on a worker in range, with
 * the row on_rows gets and the world it ended in: per-worker vote counts
 * summed over the workers do not depend on the number of threads. */
static void test_runner_per_replication_hook(void **state)
{
    fixture *fx = *state;
    long ref_votes[3] = {0, 0, 0};
    const int threads[] = {1, 2, 3, 8};
    for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
        hook_log h = {.n_states = fx->s->n_states, .threads = threads[t], .reps = REPS,
                      .ncols = fx->L.n};
        h.seen = calloc(REPS, 1);
        h.rows = calloc((size_t)REPS * (size_t)fx->L.n, sizeof *h.rows);
        assert_non_null(h.seen);
        assert_non_null(h.rows);
        sink k;
        sink_init(&k, &fx->L, 0, REPS);
        cn_runner_opts o = opts_for(&k, 0, REPS, threads[t], 5);
        o.on_replication = hook;
        k.hook = &h;
        assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, NULL), CN_OK);
        assert_false(h.bad_worker);
        for (long r = 0; r < REPS; r++)
            assert_int_equal(h.seen[r], 1);
        assert_memory_equal(h.rows, k.rows, (size_t)REPS * (size_t)fx->L.n * sizeof(double));
        long sum[3] = {0, 0, 0};
        for (int w = 0; w < HOOK_WORKERS; w++)
            for (int v = 0; v < 3; v++)
                sum[v] += h.votes[w][v];
        if (t == 0) {
            memcpy(ref_votes, sum, sizeof sum);
            assert_true(sum[0] + sum[1] + sum[2] > 0); /* votes were cast */
        } else {
            assert_memory_equal(sum, ref_votes, sizeof sum);
        }
        free(h.seen);
        free(h.rows);
        free(k.rows);
    }
}

static void test_runner_stop_flag_stops_early(void **state)
{
    fixture *fx = *state;
    const int threads[] = {1, 2};
    for (int t = 0; t < 2; t++) {
        atomic_int stop = 0;
        sink k;
        cn_stats *st = cn_stats_alloc(&fx->L);
        assert_non_null(st);
        sink_init(&k, &fx->L, 0, 100000);
        k.stop_at = 50;
        k.stop = &stop;
        cn_runner_opts o = opts_for(&k, 0, 100000, threads[t], 10);
        o.stop = &stop;
        long done = -1;
        o.done = &done;
        assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, st), CN_OK);
        /* stopped after 50 rows, plus at most the 2 x threads chunks in flight */
        assert_true(done >= 50);
        assert_true(done <= 50 + 2L * threads[t] * 10);
        assert_int_equal(done % 10, 0);
        assert_int_equal(k.next, done);
        assert_int_equal(cn_stats_count(st), done);
        assert_int_equal(k.progress_last, done);
        assert_false(k.out_of_order);
        cn_stats_free(st);
        free(k.rows);
    }
}

static void test_runner_stop_before_start_runs_nothing(void **state)
{
    fixture *fx = *state;
    atomic_int stop = 1;
    sink k;
    sink_init(&k, &fx->L, 0, 1);
    cn_runner_opts o = opts_for(&k, 0, 1000, 2, 0);
    o.stop = &stop;
    long done = -1;
    o.done = &done;
    assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, NULL), CN_OK);
    assert_int_equal(done, 0);
    assert_int_equal(k.calls, 0);
    free(k.rows);
}

static void test_runner_on_rows_failure_stops(void **state)
{
    fixture *fx = *state;
    const int threads[] = {1, 2};
    for (int t = 0; t < 2; t++) {
        sink k;
        cn_stats *st = cn_stats_alloc(&fx->L);
        assert_non_null(st);
        sink_init(&k, &fx->L, 0, 1000);
        k.fail_at = 40;
        cn_runner_opts o = opts_for(&k, 0, 1000, threads[t], 7);
        long done = -1;
        o.done = &done;
        assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, st), CN_EIO);
        /* chunks of 7: 35 rows accepted, the chunk 35..41 refused */
        assert_int_equal(done, 35);
        assert_int_equal(cn_stats_count(st), 35);
        assert_int_equal(k.next, 35);
        cn_stats_free(st);
        free(k.rows);
    }
}

static void test_runner_bad_options(void **state)
{
    fixture *fx = *state;
    sink k;
    sink_init(&k, &fx->L, 0, 10);
    long done = -1;
    cn_runner_opts o = opts_for(&k, 0, 10, 1, 0);
    o.done = &done;
    o.generator = "mt19973";
    assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, NULL), CN_EINPUT);
    assert_int_equal(done, 0);
    o.generator = NULL;
    assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, NULL), CN_EINPUT);
    o = opts_for(&k, 0, 10, 0, 0);
    assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, NULL), CN_EINPUT);
    o = opts_for(&k, 0, -1, 1, 0);
    assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, NULL), CN_EINPUT);
    o = opts_for(&k, -5, 10, 1, 0);
    assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, NULL), CN_EINPUT);
    o = opts_for(&k, 0, 10, 1, -1);
    assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, NULL), CN_EINPUT);
    assert_int_equal(k.calls, 0);
    /* zero replications: nothing to do */
    o = opts_for(&k, 0, 0, 2, 0);
    o.done = &done;
    assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, NULL), CN_OK);
    assert_int_equal(done, 0);
    assert_int_equal(k.calls, 0);
    free(k.rows);
}

static void test_runner_other_generator(void **state)
{
    fixture *fx = *state;
    sink a, b;
    sink_init(&a, &fx->L, 0, 20);
    sink_init(&b, &fx->L, 0, 20);
    cn_runner_opts o = opts_for(&a, 0, 20, 1, 0);
    assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, NULL), CN_OK);
    o = opts_for(&b, 0, 20, 2, 3);
    o.generator = "ranlxd2";
    assert_int_equal(cn_runner_run(fx->s, &fx->L, &o, NULL), CN_OK);
    assert_int_equal(b.next, 20);
    assert_memory_not_equal(a.rows, b.rows, 20 * (size_t)fx->L.n * sizeof(double));
    free(a.rows);
    free(b.rows);
}

static void test_runner_cores(void **state)
{
    (void)state;
    int n = cn_runner_cores();
    assert_true(n >= 1);
    assert_true(n <= CN_MAX_THREADS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runner_threads_and_chunks_identical),
        cmocka_unit_test(test_runner_first_reproduces_rows),
        cmocka_unit_test(test_runner_more_threads_than_chunks),
        cmocka_unit_test(test_runner_per_replication_hook),
        cmocka_unit_test(test_runner_stop_flag_stops_early),
        cmocka_unit_test(test_runner_stop_before_start_runs_nothing),
        cmocka_unit_test(test_runner_on_rows_failure_stops),
        cmocka_unit_test(test_runner_bad_options),
        cmocka_unit_test(test_runner_other_generator),
        cmocka_unit_test(test_runner_cores),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
