/* test_alloc.c - nothing is allocated inside a replication
 * (docs/performance.md, "The hot loop").
 *
 * The test executable interposes malloc, calloc and realloc (forwarding
 * to glibc's __libc_* functions) and counts the calls.  Because glibc
 * lets a program interpose malloc for its own internal calls too, the
 * count includes allocations made inside the C library and GSL on our
 * behalf (e.g. qsort's merge buffer), not only those in our code.
 * Under AddressSanitizer or ThreadSanitizer, which own malloc, the
 * counting tests are skipped (the plain build runs them).
 *
 * glibc's qsort (up to 2.36 at least) sorts with a merge buffer that it
 * mallocs when the array exceeds 1 KiB; the weighted median
 * (sim/proposal.c) therefore sorts with its own in-place heapsort.  The
 * test also interposes qsort (forwarding to qsort_r) so that a qsort
 * creeping back into a replication shows up by name: every allocation,
 * inside qsort or not, fails the test.
 *
 * Checks: cn_replication_run on a reused world allocates nothing, over
 * many replications of the default scenario and of tests/data/full.cfg
 * (stakeholders, campaigns, treaties, a drawn forum, rivals); the runner
 * allocates the same for N and 10 N replications (its memory is set up
 * before the threads start). */
#define _GNU_SOURCE /* qsort_r */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "cn_error.h"
#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_replication.h"
#include "cn_rng.h"
#include "cn_runner.h"
#include "cn_stats.h"
#include "cn_world.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CN_ALLOC_COUNTING 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CN_ALLOC_COUNTING 0
#endif
#endif
#if !defined(CN_ALLOC_COUNTING) && defined(__GLIBC__)
#define CN_ALLOC_COUNTING 1
#endif
#if !defined(CN_ALLOC_COUNTING)
#define CN_ALLOC_COUNTING 0
#endif

static atomic_long allocations;       /* outside qsort */
static atomic_long qsort_allocations; /* inside qsort (its merge buffer) */

#if CN_ALLOC_COUNTING
static _Thread_local int in_qsort;

/* glibc's own allocator entry points (exported for exactly this use). */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);

static void counted(void)
{
    atomic_fetch_add(in_qsort ? &qsort_allocations : &allocations, 1);
}

void *malloc(size_t size)
{
    counted();
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    counted();
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    counted();
    return __libc_realloc(p, size);
}

typedef struct {
    int (*cmp)(const void *, const void *);
} cmp_box;

static int cmp_boxed(const void *a, const void *b, void *box)
{
    return ((const cmp_box *)box)->cmp(a, b);
}

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    cmp_box box = {cmp};
    in_qsort++;
    qsort_r(base, n, size, cmp_boxed, &box);
    in_qsort--;
}
#endif

static long count(void)
{
    return atomic_load(&allocations);
}

static cn_scenario *load(const char *path, cn_metrics_layout *L)
{
    cn_scenario *s = NULL;
    cn_diag d;
    if (cn_load_scenario(path, NULL, 0, &s, &d) != CN_OK) {
        char buf[2048];
        fail_msg("cannot load %s: %s", path, cn_diag_format(&d, buf, sizeof buf));
    }
    assert_int_equal(cn_metrics_layout_init(s, L), CN_OK);
    return s;
}

/* The counter sees this test's own calls (so the interposition is live). */
static void test_alloc_counter_works(void **state)
{
    (void)state;
    if (!CN_ALLOC_COUNTING)
        skip();
    long before = count();
    void *volatile p = malloc(32);
    void *volatile q = calloc(4, 8);
    p = realloc(p, 64);
    assert_int_equal(count() - before, 3);
    free(p);
    free(q);
}

/* reps replications of path on one reused world: no allocation at all. */
static void replications_allocate_nothing(const char *path, long reps)
{
    cn_metrics_layout L;
    cn_scenario *s = load(path, &L);
    cn_world *w = cn_world_alloc(s);
    gsl_rng *r = gsl_rng_alloc(cn_rng_type(s->run.generator));
    double *row = malloc((size_t)L.n * sizeof *row);
    assert_non_null(w);
    assert_non_null(r);
    assert_non_null(row);
    long adopted = 0;
    long before = count(), before_q = atomic_load(&qsort_allocations);
    for (long rep = 0; rep < reps; rep++) {
        cn_rng_seed(r, s->run.seed, 0, (uint64_t)rep);
        cn_replication_run(w, r, &L, row);
        adopted += row[L.forum_base[0] + CN_FM_ADOPTED] == 1.0;
    }
    long used = count() - before;
    long in_sort = atomic_load(&qsort_allocations) - before_q;
    if (used != 0)
        fail_msg("%s: %ld allocations in %ld replications", path, used, reps);
    if (in_sort != 0)
        fail_msg("%s: %ld allocations inside qsort in %ld replications", path, in_sort, reps);
    assert_true(adopted >= 0 && adopted <= reps);
    free(row);
    gsl_rng_free(r);
    cn_world_free(w);
    cn_metrics_layout_free(&L);
    cn_scenario_free(s);
}

static void test_alloc_replication_default(void **state)
{
    (void)state;
    if (!CN_ALLOC_COUNTING)
        skip();
    replications_allocate_nothing("scenarios/default.cfg", 300);
}

static void test_alloc_replication_full(void **state)
{
    (void)state;
    if (!CN_ALLOC_COUNTING)
        skip();
    /* a small world (no forum of 64 speakers): nothing at all, qsort included */
    long before_q = atomic_load(&qsort_allocations);
    replications_allocate_nothing("tests/data/full.cfg", 300);
    assert_int_equal(atomic_load(&qsort_allocations) - before_q, 0);
}

/* Allocations of one cn_runner_run of reps replications. */
static long runner_allocations(const cn_scenario *s, const cn_metrics_layout *L, cn_stats *st,
                               long reps, int threads)
{
    cn_runner_opts o = {0};
    o.replications = reps;
    o.threads = threads;
    o.chunk = 16;
    o.seed = 7;
    o.generator = s->run.generator;
    cn_stats_reset(st);
    long before = count();
    assert_int_equal(cn_runner_run(s, L, &o, st), CN_OK);
    long used = count() - before;
    assert_int_equal(cn_stats_count(st), reps);
    return used;
}

static void test_alloc_runner_flat(void **state)
{
    (void)state;
    if (!CN_ALLOC_COUNTING)
        skip();
    cn_metrics_layout L;
    cn_scenario *s = load("scenarios/default.cfg", &L);
    cn_stats *st = cn_stats_alloc(&L);
    assert_non_null(st);
    for (int threads = 1; threads <= 2; threads++) {
        /* a warm-up run first: glibc allocates some per-thread data the
         * first time it creates a thread (later threads reuse it) */
        runner_allocations(s, &L, st, 50, threads);
        long a = runner_allocations(s, &L, st, 200, threads);
        long b = runner_allocations(s, &L, st, 2000, threads);
        if (a != b)
            fail_msg("%d threads: %ld allocations for 200 replications, %ld for 2000", threads,
                     a, b);
        assert_true(a > 0); /* the set-up allocates: the counter is live */
    }
    cn_stats_free(st);
    cn_metrics_layout_free(&L);
    cn_scenario_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_counter_works),
        cmocka_unit_test(test_alloc_replication_default),
        cmocka_unit_test(test_alloc_replication_full),
        cmocka_unit_test(test_alloc_runner_flat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
