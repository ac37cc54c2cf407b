/* test_stats.c - streaming statistics: known answers checked by hand,
 * quantile definition, Wilson intervals, NaN handling, merge, determinism
 * and constant memory. */
#include <malloc.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>

#include "cn_stats.h"

#define TOL 1e-12

/* cmocka's assert_float_equal compares floats; this compares doubles. */
#define assert_near(a, b, tol)                                                        \
    do {                                                                              \
        double a_ = (a), b_ = (b);                                                    \
        if (!(fabs(a_ - b_) <= (tol)))                                                \
            fail_msg("%s = %.17g, expected %.17g (tolerance %g)", #a, a_, b_,       \
                     (double)(tol));                                                  \
    } while (0)

/* A layout of the given columns (names "c0", "c1", ...). */
typedef struct {
    cn_metrics_layout L;
    cn_metric m[8];
} test_layout;

static void layout_init(test_layout *t, int n, const cn_metric_kind *kind, const double *lo,
                        const double *hi)
{
    memset(t, 0, sizeof *t);
    for (int j = 0; j < n; j++) {
        snprintf(t->m[j].name, sizeof t->m[j].name, "c%d", j);
        t->m[j].kind = kind[j];
        t->m[j].lo = lo[j];
        t->m[j].hi = hi[j];
    }
    t->L.n = n;
    t->L.m = t->m;
}

/* A one-column layout in *t, and statistics for it. */
static cn_stats *stats_one(test_layout *t, cn_metric_kind kind, double lo, double hi)
{
    layout_init(t, 1, &kind, &lo, &hi);
    cn_stats *st = cn_stats_alloc(&t->L);
    assert_non_null(st);
    return st;
}

/* Adds single-column values. */
static void add_values(cn_stats *st, const double *v, int n)
{
    for (int i = 0; i < n; i++)
        cn_stats_add(st, &v[i]);
}

static void test_stats_count_known_answers(void **state)
{
    (void)state;
    test_layout t;
    cn_stats *st = stats_one(&t, CN_METRIC_COUNT, 0, 20);
    /* 1,2,2,3,9 in scrambled order. */
    const double v[] = {9, 2, 1, 3, 2};
    add_values(st, v, 5);
    cn_summary s;
    cn_stats_summary(st, 0, &s);
    assert_int_equal(s.n, 5);
    assert_int_equal(s.missing, 0);
    assert_int_equal(cn_stats_count(st), 5);
    assert_near(s.mean, 3.4, TOL);
    /* squares of deviations 5.76+1.96+1.96+0.16+31.36 = 41.2; /4 = 10.3 */
    assert_near(s.sd, sqrt(10.3), TOL);
    assert_near(s.min, 1, 0);
    assert_near(s.max, 9, 0);
    /* type 1: k = ceil(q n): median k = 3 -> 2, p05 k = 1 -> 1, p95 k = 5 -> 9 */
    assert_near(s.median, 2, 0);
    assert_near(s.p05, 1, 0);
    assert_near(s.p95, 9, 0);
    assert_true(isnan(s.prob) && isnan(s.lo) && isnan(s.hi));
    cn_stats_free(st);
}

static void test_stats_count_quantile_edges(void **state)
{
    (void)state;
    test_layout t;
    cn_stats *st = stats_one(&t, CN_METRIC_COUNT, 1, 30);
    const double even[] = {4, 1, 3, 2};
    add_values(st, even, 4);
    cn_summary s;
    cn_stats_summary(st, 0, &s);
    assert_near(s.median, 2, 0); /* k = 2: the lower middle value */
    assert_near(s.p05, 1, 0);    /* k = 1 */
    assert_near(s.p95, 4, 0);    /* k = ceil(3.8) = 4 */

    /* 1..20: q n is an integer for all three quantiles. */
    cn_stats_reset(st);
    for (int i = 20; i >= 1; i--) {
        double x = i;
        cn_stats_add(st, &x);
    }
    cn_stats_summary(st, 0, &s);
    assert_near(s.median, 10, 0); /* k = 10 */
    assert_near(s.p05, 1, 0);     /* k = 1 */
    assert_near(s.p95, 19, 0);    /* k = 19 */
    assert_near(s.mean, 10.5, TOL);
    cn_stats_free(st);
}

static void test_stats_real_known_answers(void **state)
{
    (void)state;
    test_layout t;
    cn_stats *st = stats_one(&t, CN_METRIC_REAL, 0, 1);
    const double v[] = {0.3, 0.1, 0.4, 0.2};
    add_values(st, v, 4);
    cn_summary s;
    cn_stats_summary(st, 0, &s);
    const double w = 1.0 / CN_STATS_BINS; /* bin width 0.0005 */
    assert_near(s.mean, 0.25, TOL);
    assert_near(s.sd, 0.12909944487358058, TOL);
    /* median: t = 2 reached at the top of 0.2's bin [0.2, 0.2005) */
    assert_near(s.median, 0.2 + w, 1e-12);
    /* p05: t = 0.2, a fifth into 0.1's bin */
    assert_near(s.p05, 0.1 + 0.2 * w, 1e-12);
    /* p95: t = 3.8 gives 0.4 + 0.8 w, clamped to the max 0.4 */
    assert_near(s.p95, 0.4, 0);
    assert_near(s.min, 0.1, 0);
    assert_near(s.max, 0.4, 0);

    /* Equal values: interpolation stays inside [min, max]. */
    cn_stats_reset(st);
    for (int i = 0; i < 10; i++) {
        double x = 0.7;
        cn_stats_add(st, &x);
    }
    cn_stats_summary(st, 0, &s);
    assert_near(s.median, 0.7, 0);
    assert_near(s.p05, 0.7, 0);
    assert_near(s.p95, 0.7, 0);
    assert_near(s.sd, 0.0, TOL);
    cn_stats_free(st);
}

static void test_stats_out_of_range_clamped(void **state)
{
    (void)state;
    test_layout t;
    cn_stats *st = stats_one(&t, CN_METRIC_REAL, 0, 1);
    const double v[] = {-0.5, 1.5, 1.0};
    add_values(st, v, 3);
    cn_summary s;
    cn_stats_summary(st, 0, &s);
    const double w = 1.0 / CN_STATS_BINS;
    assert_int_equal(s.n, 3);
    assert_near(s.min, -0.5, 0);
    assert_near(s.max, 1.5, 0);
    /* bins: first holds -0.5, last holds 1.0 and 1.5 */
    assert_near(s.median, 1 - w + 0.25 * w, 1e-12);    /* t = 1.5 */
    assert_near(s.p95, 1 - w + 0.925 * w, 1e-12);      /* t = 2.85: (2.85 - 1) / 2 */
    assert_near(s.p05, 0.15 * w, 1e-12);                /* t = 0.15 */

    /* A count above its range lands in the top bin (value hi). */
    test_layout c;
    cn_stats *sc = stats_one(&c, CN_METRIC_COUNT, 0, 5);
    const double cv[] = {7, 7, -3};
    add_values(sc, cv, 3);
    cn_stats_summary(sc, 0, &s);
    assert_near(s.median, 5, 0);
    assert_near(s.p05, 0, 0);
    assert_near(s.max, 7, 0);
    cn_stats_free(sc);
    cn_stats_free(st);
}

static void test_stats_count_fallback_bins(void **state)
{
    (void)state;
    test_layout t;
    /* 10001 integers > CN_STATS_MAX_COUNT_BINS: CN_STATS_BINS equal bins
     * over [-0.5, 10000.5], width 5.0005. */
    cn_stats *st = stats_one(&t, CN_METRIC_COUNT, 0, 10000);
    const double v[] = {9, 2, 1, 3, 2};
    add_values(st, v, 5);
    cn_summary s;
    cn_stats_summary(st, 0, &s);
    /* median: t = 2.5 in bin 0 (4 values): -0.5 + 2.5/4 * 5.0005 = 2.625 -> 3 */
    assert_near(s.median, 3, 0);
    /* p05: t = 0.25 -> -0.19 -> clamped to min 1 */
    assert_near(s.p05, 1, 0);
    /* p95: t = 4.75 in bin 1 [4.5005, 9.501): 4.5005 + 0.75 * 5.0005 = 8.25 -> 8 */
    assert_near(s.p95, 8, 0);
    assert_near(s.mean, 3.4, TOL);
    cn_stats_free(st);
}

static void test_stats_wilson_known_answers(void **state)
{
    (void)state;
    double lo, hi;
    cn_stats_wilson(7, 10, 1.959964, &lo, &hi);
    assert_near(lo, 0.3967781453, 1e-9);
    assert_near(hi, 0.8922087334, 1e-9);
    cn_stats_wilson(3, 4, 1.959964, &lo, &hi);
    assert_near(lo, 0.3006418401, 1e-9);
    assert_near(hi, 0.9544127397, 1e-9);
    cn_stats_wilson(0, 10, 1.959964, &lo, &hi);
    assert_near(lo, 0.0, 0);
    assert_near(hi, 0.2775328030, 1e-9);
    cn_stats_wilson(10, 10, 1.959964, &lo, &hi);
    assert_near(lo, 0.7224671970, 1e-9);
    assert_true(hi <= 1.0);
    assert_near(hi, 1.0, 1e-12);
    cn_stats_wilson(0, 0, 1.959964, &lo, &hi);
    assert_near(lo, 0.0, 0);
    assert_near(hi, 1.0, 0);
}

static void test_stats_binary_summary(void **state)
{
    (void)state;
    test_layout t;
    cn_stats *st = stats_one(&t, CN_METRIC_BINARY, 0, 1);
    const double v[] = {1, 0, 1, 1, 0, 1, 1, NAN, 0, 1, 1};
    add_values(st, v, 11);
    cn_summary s;
    cn_stats_summary(st, 0, &s);
    assert_int_equal(s.n, 10);
    assert_int_equal(s.missing, 1);
    assert_int_equal(s.successes, 7);
    assert_near(s.prob, 0.7, TOL);
    assert_near(s.lo, 0.3968, 1e-4);
    assert_near(s.hi, 0.8922, 1e-4);
    assert_near(s.mean, 0.7, TOL);
    /* 3 zeros, 7 ones: median k = 5 -> 1; p05 k = 1 -> 0; p95 k = 10 -> 1 */
    assert_near(s.median, 1, 0);
    assert_near(s.p05, 0, 0);
    assert_near(s.p95, 1, 0);
    assert_int_equal(cn_stats_count(st), 11);
    cn_stats_free(st);
}

static void test_stats_nan_and_empty(void **state)
{
    (void)state;
    const cn_metric_kind kind[] = {CN_METRIC_REAL, CN_METRIC_COUNT, CN_METRIC_BINARY};
    const double lo[] = {0, 0, 0}, hi[] = {1, 10, 1};
    test_layout t;
    layout_init(&t, 3, kind, lo, hi);
    cn_stats *st = cn_stats_alloc(&t.L);
    assert_non_null(st);

    cn_summary s;
    for (int j = 0; j < 3; j++) { /* nothing added yet */
        cn_stats_summary(st, j, &s);
        assert_int_equal(s.n, 0);
        assert_true(isnan(s.mean) && isnan(s.sd) && isnan(s.median) && isnan(s.p05) &&
                    isnan(s.p95) && isnan(s.min) && isnan(s.max) && isnan(s.prob) &&
                    isnan(s.lo) && isnan(s.hi));
    }
    const double r1[] = {NAN, 4, NAN};
    const double r2[] = {NAN, NAN, 1};
    cn_stats_add(st, r1);
    cn_stats_add(st, r2);
    assert_int_equal(cn_stats_count(st), 2);
    cn_stats_summary(st, 0, &s); /* all missing */
    assert_int_equal(s.n, 0);
    assert_int_equal(s.missing, 2);
    assert_true(isnan(s.mean) && isnan(s.median));
    cn_stats_summary(st, 1, &s); /* one value: no s.d. */
    assert_int_equal(s.n, 1);
    assert_int_equal(s.missing, 1);
    assert_near(s.mean, 4, 0);
    assert_true(isnan(s.sd));
    assert_near(s.median, 4, 0);
    cn_stats_summary(st, 2, &s);
    assert_int_equal(s.successes, 1);
    assert_near(s.prob, 1, 0);
    cn_stats_free(st);
    cn_stats_free(NULL); /* no-op */
}

/* Rows of every kind with NaNs, from a fixed seed. */
static void fill_row(gsl_rng *r, double *row)
{
    row[0] = gsl_rng_uniform(r) < 0.3 ? 1 : 0;
    row[1] = (double)gsl_rng_uniform_int(r, 50);
    row[2] = gsl_rng_uniform(r);
    row[3] = gsl_rng_uniform(r) < 0.2 ? NAN : 2.385 * gsl_rng_uniform(r);
    row[4] = (double)gsl_rng_uniform_int(r, 9000);
}

static test_layout mixed_layout(void)
{
    const cn_metric_kind kind[] = {CN_METRIC_BINARY, CN_METRIC_COUNT, CN_METRIC_REAL,
                                   CN_METRIC_REAL, CN_METRIC_COUNT};
    const double lo[] = {0, 0, 0, 0, 0}, hi[] = {1, 49, 1, 2.385, 8999};
    test_layout t;
    layout_init(&t, 5, kind, lo, hi);
    return t;
}

static void test_stats_merge_equals_sequential(void **state)
{
    (void)state;
    test_layout t = mixed_layout();
    t.L.m = t.m;
    cn_stats *a = cn_stats_alloc(&t.L), *b = cn_stats_alloc(&t.L), *all = cn_stats_alloc(&t.L);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(all);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2385);
    double row[5];
    for (int i = 0; i < 3000; i++) {
        fill_row(r, row);
        cn_stats_add(i < 1100 ? a : b, row);
        cn_stats_add(all, row);
    }
    cn_stats_merge(a, b);
    assert_int_equal(cn_stats_count(a), 3000);
    for (int j = 0; j < 5; j++) {
        cn_summary x, y;
        cn_stats_summary(a, j, &x);
        cn_stats_summary(all, j, &y);
        assert_int_equal(x.n, y.n);
        assert_int_equal(x.missing, y.missing);
        assert_int_equal(x.successes, y.successes);
        /* the pairwise merge rounds differently: relative 1e-12 */
        assert_near(x.mean, y.mean, 1e-12 * fabs(y.mean));
        assert_near(x.sd, y.sd, 1e-12 * y.sd);
        assert_near(x.min, y.min, 0);
        assert_near(x.max, y.max, 0);
        assert_near(x.median, y.median, 1e-12);
        assert_near(x.p05, y.p05, 1e-12);
        assert_near(x.p95, y.p95, 1e-12);
        if (j == 0) {
            assert_near(x.prob, y.prob, 0);
            assert_near(x.lo, y.lo, 0);
            assert_near(x.hi, y.hi, 0);
        }
    }
    /* Merging into an empty one copies. */
    cn_stats_reset(b);
    cn_stats_merge(b, all);
    cn_summary x, y;
    cn_stats_summary(b, 3, &x);
    cn_stats_summary(all, 3, &y);
    assert_memory_equal(&x, &y, sizeof x);
    gsl_rng_free(r);
    cn_stats_free(a);
    cn_stats_free(b);
    cn_stats_free(all);
}

static void test_stats_deterministic(void **state)
{
    (void)state;
    test_layout t = mixed_layout();
    t.L.m = t.m;
    cn_stats *a = cn_stats_alloc(&t.L), *b = cn_stats_alloc(&t.L);
    assert_non_null(a);
    assert_non_null(b);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double row[5];
    for (int pass = 0; pass < 2; pass++) {
        gsl_rng_set(r, 7);
        for (int i = 0; i < 2000; i++) {
            fill_row(r, row);
            cn_stats_add(pass == 0 ? a : b, row);
        }
    }
    for (int j = 0; j < 5; j++) {
        cn_summary x, y;
        memset(&x, 0, sizeof x);
        memset(&y, 0, sizeof y);
        cn_stats_summary(a, j, &x);
        cn_stats_summary(b, j, &y);
        assert_memory_equal(&x, &y, sizeof x);
    }
    /* Reset and re-add gives the same bits again. */
    cn_stats_reset(a);
    assert_int_equal(cn_stats_count(a), 0);
    gsl_rng_set(r, 7);
    for (int i = 0; i < 2000; i++) {
        fill_row(r, row);
        cn_stats_add(a, row);
    }
    for (int j = 0; j < 5; j++) {
        cn_summary x, y;
        memset(&x, 0, sizeof x);
        memset(&y, 0, sizeof y);
        cn_stats_summary(a, j, &x);
        cn_stats_summary(b, j, &y);
        assert_memory_equal(&x, &y, sizeof x);
    }
    gsl_rng_free(r);
    cn_stats_free(a);
    cn_stats_free(b);
}

/* cn_stats_add allocates nothing: the heap in use does not change while
 * 100000 rows are added.  (Under AddressSanitizer mallinfo2 does not see
 * the sanitizer's heap, and the check is weaker.) */
static void test_stats_add_does_not_allocate(void **state)
{
    (void)state;
    test_layout t = mixed_layout();
    t.L.m = t.m;
    cn_stats *st = cn_stats_alloc(&t.L);
    assert_non_null(st);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double row[5];
    fill_row(r, row);
    cn_stats_add(st, row);
    struct mallinfo2 before = mallinfo2();
    for (int i = 0; i < 100000; i++) {
        fill_row(r, row);
        cn_stats_add(st, row);
    }
    struct mallinfo2 after = mallinfo2();
    assert_int_equal(before.uordblks, after.uordblks);
    assert_int_equal(cn_stats_count(st), 100001);
    gsl_rng_free(r);
    cn_stats_free(st);
}

static void test_stats_degenerate_ranges(void **state)
{
    (void)state;
    /* hi < lo (a forum with no sessions) and hi == lo must still work. */
    const cn_metric_kind kind[] = {CN_METRIC_COUNT, CN_METRIC_REAL, CN_METRIC_COUNT};
    const double lo[] = {1, 0.5, 0}, hi[] = {0, 0.5, 0};
    test_layout t;
    layout_init(&t, 3, kind, lo, hi);
    cn_stats *st = cn_stats_alloc(&t.L);
    assert_non_null(st);
    const double row[] = {1, 0.5, 0};
    cn_stats_add(st, row);
    cn_summary s;
    cn_stats_summary(st, 0, &s);
    assert_near(s.median, 1, 0);
    cn_stats_summary(st, 1, &s);
    assert_near(s.median, 0.5, 0);
    cn_stats_summary(st, 2, &s);
    assert_near(s.median, 0, 0);
    cn_stats_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats_count_known_answers),
        cmocka_unit_test(test_stats_count_quantile_edges),
        cmocka_unit_test(test_stats_real_known_answers),
        cmocka_unit_test(test_stats_out_of_range_clamped),
        cmocka_unit_test(test_stats_count_fallback_bins),
        cmocka_unit_test(test_stats_wilson_known_answers),
        cmocka_unit_test(test_stats_binary_summary),
        cmocka_unit_test(test_stats_nan_and_empty),
        cmocka_unit_test(test_stats_merge_equals_sequential),
        cmocka_unit_test(test_stats_deterministic),
        cmocka_unit_test(test_stats_add_does_not_allocate),
        cmocka_unit_test(test_stats_degenerate_ranges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
