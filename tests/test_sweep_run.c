/* test_sweep_run.c - the sweep engine in-process (cn_sweep_run.h), on the
 * grid fixture tests/data/sw_grid.cfg (7 points): every point finished
 * with its replications and paired with the baseline; the same store
 * whatever the threads; an interrupted sweep resumed gives the store of
 * one never interrupted; shards merged give it too; the precision stop;
 * a store that cannot be written leaves a resumable store; bad options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli_harness.h"
#include "cn_load.h"
#include "cn_store.h"
#include "cn_sweep.h"
#include "cn_sweep_run.h"
#include "cn_whatif.h"

#define GRID "tests/data/sw_grid.cfg"
#define REPS 60L
#define BATCH 25L /* three batches: 25, 25, 10 */

typedef struct {
    cn_scenario *s, *base;
    cn_sweep *sw;
    cn_metrics_layout L;
    int cols[64], n_cols;
    char *all_metrics; /* every column, comma-separated: the tables compared */
    char dir[64];
    int seq;
} ctx;

static int setup(void **state)
{
    ctx *c = calloc(1, sizeof *c);
    cn_diag d;
    if (c == NULL || cn_load_scenario(GRID, NULL, 0, &c->s, &d) != CN_OK
        || cn_sweep_make(c->s, &c->sw, &d) != CN_OK)
        return -1;
    const cn_sweep_point *bp = &c->sw->points[c->sw->baseline];
    if (cn_load_scenario(GRID, (const char *const *)bp->sets, bp->n_sets, &c->base, &d) != CN_OK
        || cn_metrics_layout_init(c->base, &c->L) != CN_OK || c->L.n > 64)
        return -1;
    int treaty[CN_MAX_FORUMS] = {0};
    c->n_cols = cn_whatif_default_metrics(&c->L, treaty, c->cols);
    size_t len = 1;
    for (int j = 0; j < c->L.n; j++)
        len += strlen(c->L.m[j].name) + 1;
    c->all_metrics = calloc(1, len);
    if (c->all_metrics == NULL || ch_tmpdir(c->dir, sizeof c->dir, "sweep_run") != 0)
        return -1;
    for (int j = 0; j < c->L.n; j++) {
        if (j > 0)
            strcat(c->all_metrics, ",");
        strcat(c->all_metrics, c->L.m[j].name);
    }
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    ctx *c = *state;
    ch_remove_tree(c->dir);
    free(c->all_metrics);
    cn_metrics_layout_free(&c->L);
    cn_sweep_free(c->sw);
    cn_scenario_free(c->base);
    cn_scenario_free(c->s);
    free(c);
    return 0;
}

/* The engine's options for reps replications in batches of batch. */
static cn_sweep_run_opts opts(const ctx *c, long reps, long batch, int threads)
{
    return (cn_sweep_run_opts){
        .file = GRID, .s = c->s, .baseline = c->base, .L = &c->L, .replications = reps,
        .batch = batch, .cols = c->cols, .n_cols = c->n_cols, .threads = threads,
        .shard_i = 0, .shard_n = 1,
    };
}

/* A new store for the plan (batch) and shard; its name into path. */
static cn_store *new_store(ctx *c, long batch, const char *shard, char *path, size_t size)
{
    snprintf(path, size, "%s/s%d.sqlite", c->dir, ++c->seq);
    char plan[64];
    snprintf(plan, sizeof plan, "seed=11 batch=%ld", batch);
    cn_store_meta m = {
        .version = "test", .scenario_name = "sw_base", .description = "", .scenario_hash = "a",
        .sweep_hash = "b", .scenario_text = "", .sweep_text = "", .plan = plan,
        .design = "grid", .generator = "mt19937", .seed = 11, .metrics = c->all_metrics,
        .keep_runs = 0, .shard = shard,
    };
    cn_store *st = NULL;
    cn_diag d;
    int fresh = 0;
    if (cn_store_open(path, CN_STORE_CREATE, &st, &fresh, &d) != CN_OK
        || cn_store_init(st, &m, c->sw, &c->L, &d) != CN_OK)
        fail_msg("cannot make the store %s: %s", path, d.msg);
    return st;
}

/* Runs o into a new store; returns it still open. */
static cn_store *run_new(ctx *c, const cn_sweep_run_opts *o, const char *shard,
                         cn_sweep_run_result *res, char *path, size_t size)
{
    cn_store *st = new_store(c, o->batch, shard, path, size);
    cn_diag d;
    int rc = cn_sweep_run(c->sw, st, o, res, &d);
    if (rc != CN_OK)
        fail_msg("cn_sweep_run: %s (%s)", cn_strerror(rc), d.msg);
    return st;
}

/* Fails unless the stores at a and b hold the same table, bit for bit. */
static void same_tables(const ctx *c, const char *a, const char *b)
{
    cn_store *sa = NULL, *sb = NULL;
    cn_store_table *ta = NULL, *tb = NULL;
    cn_diag d;
    assert_int_equal(cn_store_open(a, CN_STORE_READ, &sa, NULL, &d), CN_OK);
    assert_int_equal(cn_store_open(b, CN_STORE_READ, &sb, NULL, &d), CN_OK);
    assert_int_equal(cn_store_read_table(sa, c->all_metrics, &ta, &d), CN_OK);
    assert_int_equal(cn_store_read_table(sb, c->all_metrics, &tb, &d), CN_OK);
    const cn_whatif_table *x = cn_store_table_get(ta), *y = cn_store_table_get(tb);
    assert_int_equal(x->n_points, y->n_points);
    assert_int_equal(x->n_cols, y->n_cols);
    size_t cells = (size_t)x->n_points * (size_t)x->n_cols;
    assert_memory_equal(x->done, y->done, (size_t)x->n_points * sizeof *x->done);
    assert_memory_equal(x->replications, y->replications,
                        (size_t)x->n_points * sizeof *x->replications);
    assert_memory_equal(x->acc, y->acc, cells * sizeof *x->acc);
    assert_memory_equal(x->diff, y->diff, cells * sizeof *x->diff);
    cn_store_table_free(ta);
    cn_store_table_free(tb);
    cn_store_close(sa);
    cn_store_close(sb);
}

/* Every point finished with its replications, the baseline paired with
 * itself (differences 0), another point not; the counts add up; one
 * thread or two give the same store. */
static void test_sweep_run_fixed(void **state)
{
    ctx *c = *state;
    char p1[128], p2[128];
    cn_sweep_run_result res;
    cn_sweep_run_opts o = opts(c, REPS, BATCH, 2);
    cn_store_close(run_new(c, &o, "", &res, p1, sizeof p1));
    assert_false(res.stopped);
    assert_int_equal(res.counts.points_done, c->sw->n_points);
    assert_int_equal(res.counts.points_total, c->sw->n_points);
    assert_int_equal(res.counts.runs_done, c->sw->n_points * REPS);
    assert_int_equal(res.counts.runs_total, c->sw->n_points * REPS);

    cn_store *st = NULL;
    cn_store_table *t = NULL;
    cn_diag d;
    assert_int_equal(cn_store_open(p1, CN_STORE_READ, &st, NULL, &d), CN_OK);
    assert_int_equal(cn_store_read_table(st, c->all_metrics, &t, &d), CN_OK);
    const cn_whatif_table *w = cn_store_table_get(t);
    int differ = 0;
    for (int p = 0; p < w->n_points; p++) {
        assert_int_equal(w->done[p], 1);
        assert_int_equal(w->replications[p], REPS);
        for (int k = 0; k < w->n_cols; k++) {
            const cn_whatif_acc *a = &w->acc[p * w->n_cols + k];
            const cn_whatif_diff *df = &w->diff[p * w->n_cols + k];
            assert_int_equal(a->n + a->missing, REPS);
            if (p == w->baseline)
                assert_true(df->mean == 0.0 && df->m2 == 0.0);
            else
                differ |= df->mean != 0.0;
        }
    }
    assert_true(differ); /* the factors change something */
    cn_store_table_free(t);
    cn_store_close(st);

    o.threads = 1;
    cn_store_close(run_new(c, &o, "", &res, p2, sizeof p2));
    same_tables(c, p1, p2);
}

/* Sets the stop flag once `after` runs are counted (on_progress). */
typedef struct {
    atomic_int *stop;
    long after;
} stopper;

static void stop_after(void *ctx, const cn_sweep_counts *k)
{
    stopper *s = ctx;
    if (k->runs_done >= s->after)
        atomic_store(s->stop, 2);
}

/* Interrupted twice, resumed: the store of a sweep never interrupted. */
static void test_sweep_run_interrupted_resumes_identically(void **state)
{
    ctx *c = *state;
    char whole[128], cut[128];
    cn_sweep_run_result res;
    cn_sweep_run_opts o = opts(c, REPS, BATCH, 2);
    cn_store_close(run_new(c, &o, "", &res, whole, sizeof whole));

    atomic_int stop = 0;
    stopper sp = {&stop, 100};
    o.stop = &stop;
    o.on_progress = stop_after;
    o.ctx = &sp;
    cn_store *st = new_store(c, BATCH, "", cut, sizeof cut);
    cn_diag d;
    assert_int_equal(cn_sweep_run(c->sw, st, &o, &res, &d), CN_OK);
    assert_true(res.stopped);
    assert_true(res.counts.points_done < c->sw->n_points);
    cn_store_close(st);

    /* again from the store (reopened, as --resume does), stopped later */
    atomic_store(&stop, 0);
    sp.after = 250;
    assert_int_equal(cn_store_open(cut, CN_STORE_WRITE, &st, NULL, &d), CN_OK);
    assert_int_equal(cn_sweep_run(c->sw, st, &o, &res, &d), CN_OK);
    assert_true(res.stopped);
    cn_store_close(st);

    atomic_store(&stop, 0);
    o.on_progress = NULL;
    assert_int_equal(cn_store_open(cut, CN_STORE_WRITE, &st, NULL, &d), CN_OK);
    assert_int_equal(cn_sweep_run(c->sw, st, &o, &res, &d), CN_OK);
    assert_false(res.stopped);
    /* the batches read back are counted as done */
    assert_int_equal(res.counts.runs_done, c->sw->n_points * REPS);
    assert_int_equal(res.counts.points_done, c->sw->n_points);
    cn_store_close(st);
    same_tables(c, whole, cut);
}

/* Two shards, merged: the store of the whole sweep. */
static void test_sweep_run_shards_merge(void **state)
{
    ctx *c = *state;
    char whole[128], s0[128], s1[128], merged[128];
    cn_sweep_run_result res;
    cn_sweep_run_opts o = opts(c, REPS, BATCH, 2);
    cn_store_close(run_new(c, &o, "", &res, whole, sizeof whole));
    o.shard_n = 2;
    cn_store_close(run_new(c, &o, "0/2", &res, s0, sizeof s0));
    assert_int_equal(res.counts.points_total, (c->sw->n_points + 1) / 2);
    o.shard_i = 1;
    cn_store_close(run_new(c, &o, "1/2", &res, s1, sizeof s1));
    assert_int_equal(res.counts.points_total, c->sw->n_points / 2);
    snprintf(merged, sizeof merged, "%s/merged.sqlite", c->dir);
    const char *in[] = {s0, s1};
    cn_diag d;
    assert_int_equal(cn_store_merge(merged, in, 2, &d), CN_OK);
    same_tables(c, whole, merged);
}

/* With a precision, points end at a batch boundary once their
 * probabilities are that precise, before the cap; the runs left to do
 * shrink accordingly. */
static void test_sweep_run_precision(void **state)
{
    ctx *c = *state;
    char path[128];
    const long cap = 400, batch = 20;
    cn_sweep_run_result res;
    cn_sweep_run_opts o = opts(c, cap, batch, 2);
    o.precision = 0.25;
    cn_store *st = run_new(c, &o, "", &res, path, sizeof path);
    cn_store_close(st);
    assert_false(res.stopped);
    assert_int_equal(res.counts.points_done, c->sw->n_points);
    cn_store_table *t = NULL;
    cn_diag d;
    assert_int_equal(cn_store_open(path, CN_STORE_READ, &st, NULL, &d), CN_OK);
    assert_int_equal(cn_store_read_table(st, c->all_metrics, &t, &d), CN_OK);
    const cn_whatif_table *w = cn_store_table_get(t);
    long sum = 0;
    int early = 0;
    for (int p = 0; p < w->n_points; p++) {
        assert_int_equal(w->done[p], 1);
        assert_int_equal(w->replications[p] % batch, 0);
        assert_true(w->replications[p] <= cap);
        early |= w->replications[p] < cap;
        sum += w->replications[p];
    }
    assert_true(early);
    assert_int_equal(res.counts.runs_done, sum);
    assert_int_equal(res.counts.runs_total, sum);
    cn_store_table_free(t);
    cn_store_close(st);
}

/* A store that refuses writes (opened read-only): the first batch fails,
 * said with what SQLite said, and the failure is resumable. */
static void test_sweep_run_store_write_fails(void **state)
{
    ctx *c = *state;
    char path[128];
    cn_store_close(new_store(c, BATCH, "", path, sizeof path));
    cn_store *st = NULL;
    cn_diag d;
    assert_int_equal(cn_store_open(path, CN_STORE_READ, &st, NULL, &d), CN_OK);
    cn_sweep_run_result res;
    cn_sweep_run_opts o = opts(c, REPS, BATCH, 2);
    assert_int_equal(cn_sweep_run(c->sw, st, &o, &res, &d), CN_EIO);
    assert_true(res.resumable);
    assert_false(res.stopped);
    ch_assert_contains(d.msg, "cannot write ");
    ch_assert_contains(d.msg, "; every batch before this one is saved");
    assert_int_equal(res.counts.points_done, 0);
    cn_store_close(st);
}

static void test_sweep_run_bad_options(void **state)
{
    ctx *c = *state;
    char path[128];
    cn_store *st = new_store(c, BATCH, "", path, sizeof path);
    cn_sweep_run_result res;
    cn_diag d;
    cn_sweep_run_opts bad[5];
    for (int i = 0; i < 5; i++)
        bad[i] = opts(c, REPS, BATCH, 2);
    bad[0].batch = 0;
    bad[1].batch = REPS + 1;
    bad[2].threads = 0;
    bad[3].shard_i = 2;
    bad[3].shard_n = 2;
    bad[4].precision = 0.1;
    bad[4].n_cols = 0;
    for (int i = 0; i < 5; i++)
        assert_int_equal(cn_sweep_run(c->sw, st, &bad[i], &res, &d), CN_EINTERNAL);
    cn_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_run_fixed),
        cmocka_unit_test(test_sweep_run_interrupted_resumes_identically),
        cmocka_unit_test(test_sweep_run_shards_merge),
        cmocka_unit_test(test_sweep_run_precision),
        cmocka_unit_test(test_sweep_run_store_write_fails),
        cmocka_unit_test(test_sweep_run_bad_options),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
