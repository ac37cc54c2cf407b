/* test_gsa.c - Sobol indices on the Ishigami function against its
 * analytic indices, the Saltelli design's structure, bootstrap intervals
 * (deterministic, covering the truth), Morris screening on a function
 * with a known inert factor, and the error paths. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>

#include "cn_error.h"
#include "cn_gsa.h"

#define PI 3.14159265358979323846

#define assert_near(a, b, tol)                                                        \
    do {                                                                              \
        double a_ = (a), b_ = (b);                                                    \
        if (!(fabs(a_ - b_) <= (tol)))                                                \
            fail_msg("%s = %.6f, expected %.6f (+- %g)", #a, a_, b_, (double)(tol)); \
    } while (0)

/* The documented sample size of the Ishigami test: N = 8192 base rows,
 * (3 + 2) x 8192 = 40960 evaluations; 500 bootstrap replicates, seed 2385. */
#define ISHIGAMI_N 8192L
#define ISHIGAMI_BOOT 500
#define ISHIGAMI_SEED 2385UL

static double ishigami(const double *x)
{
    const double a = 7.0, b = 0.1;
    return sin(x[0]) + a * sin(x[1]) * sin(x[1]) + b * pow(x[2], 4) * sin(x[0]);
}

/* Analytic indices (a = 7, b = 0.1; Ishigami and Homma 1990, Sobol' and
 * Levitan 1999): V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2,
 * V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V13 = b^2 pi^8 (1/18 - 1/50). */
static void ishigami_truth(double *s1, double *st)
{
    const double a = 7.0, b = 0.1, pi4 = pow(PI, 4), pi8 = pow(PI, 8);
    double v1 = 0.5 * (1.0 + b * pi4 / 5.0) * (1.0 + b * pi4 / 5.0);
    double v2 = a * a / 8.0;
    double v13 = b * b * pi8 * (1.0 / 18.0 - 1.0 / 50.0);
    double v = v1 + v2 + v13;
    s1[0] = v1 / v;
    s1[1] = v2 / v;
    s1[2] = 0.0;
    st[0] = (v1 + v13) / v;
    st[1] = v2 / v;
    st[2] = v13 / v;
}

static void test_gsa_ishigami_analytic(void **state)
{
    (void)state;
    const int k = 3;
    long rows = cn_gsa_saltelli_rows(k, ISHIGAMI_N);
    assert_int_equal(rows, 5 * ISHIGAMI_N);
    double *X = malloc((size_t)rows * (size_t)k * sizeof *X);
    double *y = malloc((size_t)rows * sizeof *y);
    assert_non_null(X);
    assert_non_null(y);
    assert_int_equal(cn_gsa_saltelli_sample(k, ISHIGAMI_N, X), CN_OK);
    const double lo[3] = {-PI, -PI, -PI}, hi[3] = {PI, PI, PI};
    cn_gsa_scale(X, rows, k, lo, hi);
    for (long j = 0; j < rows; j++)
        y[j] = ishigami(X + (size_t)j * (size_t)k);
    cn_gsa_sobol s[3];
    double v;
    assert_int_equal(cn_gsa_sobol_indices(k, ISHIGAMI_N, y, ISHIGAMI_BOOT, ISHIGAMI_SEED, s, &v),
                     CN_OK);
    double s1[3], st[3];
    ishigami_truth(s1, st);
    /* the analytic values quoted in the brief, to 4 decimals */
    assert_near(s1[0], 0.3139, 5e-5);
    assert_near(s1[1], 0.4424, 5e-5);
    assert_near(st[0], 0.5576, 5e-5);
    assert_near(st[2], 0.2437, 5e-5);
    assert_near(v, 13.8446, 0.2); /* the variance of the output */
    for (int i = 0; i < k; i++) {
        print_message("x%d: S1 %.4f [%.4f, %.4f] (analytic %.4f)  ST %.4f [%.4f, %.4f] "
                      "(analytic %.4f)\n",
                      i + 1, s[i].s1, s[i].s1_lo, s[i].s1_hi, s1[i], s[i].st, s[i].st_lo,
                      s[i].st_hi, st[i]);
        assert_near(s[i].s1, s1[i], 0.02);
        assert_near(s[i].st, st[i], 0.02);
        /* the bootstrap intervals hold the estimate and the truth */
        assert_true(s[i].s1_lo <= s[i].s1 && s[i].s1 <= s[i].s1_hi);
        assert_true(s[i].st_lo <= s[i].st && s[i].st <= s[i].st_hi);
        assert_true(s[i].s1_lo <= s1[i] && s1[i] <= s[i].s1_hi);
        assert_true(s[i].st_lo <= st[i] && st[i] <= s[i].st_hi);
        assert_true(s[i].s1_hi - s[i].s1_lo < 0.1);
    }
    /* same seed: the same intervals, bit for bit; another seed: others */
    cn_gsa_sobol again[3], other[3];
    assert_int_equal(cn_gsa_sobol_indices(k, ISHIGAMI_N, y, ISHIGAMI_BOOT, ISHIGAMI_SEED, again,
                                          NULL), CN_OK);
    assert_memory_equal(s, again, sizeof s);
    assert_int_equal(cn_gsa_sobol_indices(k, ISHIGAMI_N, y, ISHIGAMI_BOOT, 7, other, NULL), CN_OK);
    assert_true(other[0].s1 == s[0].s1 && other[0].s1_lo != s[0].s1_lo);
    free(X);
    free(y);
}

static void test_gsa_saltelli_design_structure(void **state)
{
    (void)state;
    const int k = 4;
    const long n = 16;
    double X[6 * 16 * 4];
    assert_int_equal(cn_gsa_saltelli_sample(k, n, X), CN_OK);
    for (long j = 0; j < n; j++) {
        const double *a = X + j * k, *b = X + (n + j) * k;
        for (int i = 0; i < k; i++) {
            assert_true(a[i] >= 0.0 && a[i] < 1.0 && b[i] >= 0.0 && b[i] < 1.0);
            const double *ab = X + ((2 + i) * n + j) * k;
            for (int q = 0; q < k; q++)
                assert_true(ab[q] == (q == i ? b[q] : a[q]));
        }
    }
    /* A's rows are distinct (a low-discrepancy sequence, the zero point skipped) */
    for (long j = 0; j < n; j++) {
        int zero = 1;
        for (int i = 0; i < k; i++)
            zero &= X[j * k + i] == 0.0;
        assert_false(zero);
    }
}

/* y = 3 x1 + x2^2 + 0 x3 + x1 x4: x3 is inert. */
static double screened(const double *x)
{
    return 3.0 * x[0] + x[1] * x[1] + 0.0 * x[2] + x[0] * x[3];
}

static void test_gsa_morris_inert_factor(void **state)
{
    (void)state;
    const int k = 4, r = 20, p = 4;
    long rows = cn_gsa_morris_rows(k, r);
    assert_int_equal(rows, 100);
    double X[100 * 4], y[100];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 2385);
    assert_int_equal(cn_gsa_morris_sample(k, r, p, rng, X), CN_OK);
    gsl_rng_free(rng);
    /* every value on the grid {0, 1/3, 2/3, 1}, every step one factor by 2/3 */
    for (long j = 0; j < rows; j++)
        for (int i = 0; i < k; i++) {
            double g = X[j * k + i] * 3.0;
            assert_near(g, round(g), 1e-12);
        }
    for (int t = 0; t < r; t++)
        for (int s = 0; s < k; s++) {
            const double *a = X + (t * (k + 1) + s) * k, *b = a + k;
            int moved = 0;
            for (int i = 0; i < k; i++)
                if (a[i] != b[i]) {
                    moved++;
                    assert_near(fabs(b[i] - a[i]), 2.0 / 3.0, 1e-12);
                }
            assert_int_equal(moved, 1);
        }
    for (long j = 0; j < rows; j++)
        y[j] = screened(X + j * k);
    cn_gsa_morris m[4];
    assert_int_equal(cn_gsa_morris_effects(k, r, X, y, m), CN_OK);
    for (int i = 0; i < k; i++)
        print_message("x%d: mu %.4f  mu* %.4f  sigma %.4f  (%d effects)\n", i + 1, m[i].mu,
                      m[i].mu_star, m[i].sigma, m[i].n);
    for (int i = 0; i < k; i++)
        assert_int_equal(m[i].n, r);
    /* x3: no effect at all */
    assert_near(m[2].mu_star, 0.0, 0.0);
    assert_near(m[2].sigma, 0.0, 0.0);
    /* x1: EE = 3 + x4, in [3, 4]; x2: EE = 2 x2 + Delta in {2/3 .. 2}; x4: EE = x1 in [0, 1] */
    assert_true(m[0].mu_star >= 3.0 && m[0].mu_star <= 4.0);
    assert_true(m[1].mu_star > 0.5 && m[1].mu_star < 2.0);
    assert_true(m[3].mu_star >= 0.0 && m[3].mu_star <= 1.0 && m[3].mu_star > 0.1);
    assert_true(m[0].mu_star > m[1].mu_star && m[1].mu_star > m[3].mu_star
                && m[3].mu_star > m[2].mu_star);
    assert_true(m[1].sigma > 0.1); /* x2 is non-linear */
    /* mu* >= |mu| always; a sign-changing effect shows mu* > |mu| */
    double z[100];
    for (long j = 0; j < rows; j++)
        z[j] = (X[j * k] - 0.5) * (X[j * k] - 0.5); /* symmetric around 0.5 */
    assert_int_equal(cn_gsa_morris_effects(k, r, X, z, m), CN_OK);
    assert_true(m[0].mu_star > fabs(m[0].mu) + 0.05);
}

static void test_gsa_errors(void **state)
{
    (void)state;
    double X[200], y[50];
    assert_int_equal(cn_gsa_saltelli_sample(0, 8, X), CN_EINPUT);
    assert_int_equal(cn_gsa_saltelli_sample(21, 8, X), CN_EINPUT);
    assert_int_equal(cn_gsa_saltelli_sample(2, 1, X), CN_EINPUT);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_int_equal(cn_gsa_morris_sample(2, 4, 3, rng, X), CN_EINPUT); /* odd p */
    assert_int_equal(cn_gsa_morris_sample(2, 1, 4, rng, X), CN_EINPUT);
    gsl_rng_free(rng);
    /* constant output: no variance, indices NaN, no intervals */
    for (int j = 0; j < 50; j++)
        y[j] = 2.385;
    cn_gsa_sobol s[3];
    double v = -1.0;
    assert_int_equal(cn_gsa_sobol_indices(3, 10, y, 100, 1, s, &v), CN_OK);
    assert_near(v, 0.0, 1e-12);
    assert_true(isnan(s[0].s1) && isnan(s[2].st) && isnan(s[1].s1_lo));
    y[7] = NAN;
    assert_int_equal(cn_gsa_sobol_indices(3, 10, y, 0, 1, s, NULL), CN_EINPUT);
    assert_int_equal(cn_gsa_sobol_indices(3, 10, y, -1, 1, s, NULL), CN_EINPUT);
    /* a Morris design that moves two factors at once is refused */
    double bad[3 * 2] = {0, 0, 1, 1, 1, 0}, by[3] = {0, 1, 2};
    cn_gsa_morris m[2];
    assert_int_equal(cn_gsa_morris_effects(2, 1, bad, by, m), CN_EINPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gsa_ishigami_analytic),
        cmocka_unit_test(test_gsa_saltelli_design_structure),
        cmocka_unit_test(test_gsa_morris_inert_factor),
        cmocka_unit_test(test_gsa_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
