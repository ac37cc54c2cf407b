/* test_prim.c - PRIM on a synthetic case with a known box: y = 1 inside
 * [0.2, 0.6] x [0.5, 0.9] (with noise), two more inputs inert; the box is
 * recovered within a tolerance, with its coverage and density; the
 * trajectory's properties; options and error paths. */
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
#include "cn_prim.h"

#define N 4000L
#define K 4
#define SEED 2385UL
#define P_IN 0.9   /* P(y = 1) inside the box */
#define P_OUT 0.05 /* P(y = 1) outside */
#define TOL 0.05   /* on each limit */

static void synthetic(double *X, double *y, long *ones_in, long *ones)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, SEED);
    *ones_in = *ones = 0;
    for (long j = 0; j < N; j++) {
        double *x = X + j * K;
        for (int i = 0; i < K; i++)
            x[i] = gsl_rng_uniform(rng);
        int in = x[0] >= 0.2 && x[0] <= 0.6 && x[1] >= 0.5 && x[1] <= 0.9;
        y[j] = gsl_rng_uniform(rng) < (in ? P_IN : P_OUT) ? 1.0 : 0.0;
        *ones += (long)y[j];
        *ones_in += in ? (long)y[j] : 0;
    }
    gsl_rng_free(rng);
}

static void test_prim_known_box(void **state)
{
    (void)state;
    double *X = malloc((size_t)N * K * sizeof *X), *y = malloc((size_t)N * sizeof *y);
    assert_non_null(X);
    assert_non_null(y);
    long ones_in, ones;
    synthetic(X, y, &ones_in, &ones);
    cn_prim_result r;
    assert_int_equal(cn_prim_find(X, y, N, K, NULL, &r), CN_OK);
    double true_cov = (double)ones_in / (double)ones;
    print_message("box x1 [%.3f, %.3f]  x2 [%.3f, %.3f]  x3 [%.3f, %.3f]  x4 [%.3f, %.3f]\n",
                  r.box_lo[0], r.box_hi[0], r.box_lo[1], r.box_hi[1], r.box_lo[2], r.box_hi[2],
                  r.box_lo[3], r.box_hi[3]);
    print_message("coverage %.3f (true box %.3f)  density %.3f  support %.3f  (step %d of %d, "
                  "all cases %.3f)\n",
                  r.box_coverage, true_cov, r.box_density, r.box_support, r.chosen, r.n_steps,
                  r.mean_all);
    assert_true(fabs(r.box_lo[0] - 0.2) < TOL && fabs(r.box_hi[0] - 0.6) < TOL);
    assert_true(fabs(r.box_lo[1] - 0.5) < TOL && fabs(r.box_hi[1] - 0.9) < TOL);
    assert_true(r.restricted[0] && r.restricted[1]);
    /* the inert inputs keep (almost) their whole range */
    for (int i = 2; i < K; i++)
        assert_true(r.box_lo[i] < TOL && r.box_hi[i] > 1.0 - TOL);
    /* coverage and density near those of the true box */
    assert_true(fabs(r.box_coverage - true_cov) < 0.08);
    assert_true(r.box_density > 0.85 && r.box_density <= 1.0);
    /* pasting never lowers the density of the chosen step */
    assert_true(r.box_density >= r.density[r.chosen] - 1e-12);
    /* support: the box's area, 0.16 */
    assert_true(fabs(r.box_support - 0.16) < 0.03);
    free(X);
    free(y);
    cn_prim_result_free(&r);
}

static void test_prim_trajectory(void **state)
{
    (void)state;
    double *X = malloc((size_t)N * K * sizeof *X), *y = malloc((size_t)N * sizeof *y);
    assert_non_null(X);
    assert_non_null(y);
    long ones_in, ones;
    synthetic(X, y, &ones_in, &ones);
    cn_prim_opts o;
    cn_prim_defaults(&o);
    assert_true(o.alpha == 0.05 && o.min_support == 0.05 && o.paste == 1);
    o.paste = 0;
    cn_prim_result r;
    assert_int_equal(cn_prim_find(X, y, N, K, &o, &r), CN_OK);
    /* step 0 is every case; coverage never rises; support stays >= min_support;
     * each step removes about alpha of the box (at least one case) */
    assert_int_equal(r.count[0], N);
    assert_true(r.coverage[0] == 1.0 && r.support[0] == 1.0);
    assert_true(fabs(r.density[0] - (double)ones / N) < 1e-12);
    for (int s = 1; s < r.n_steps; s++) {
        assert_true(r.coverage[s] <= r.coverage[s - 1]);
        assert_true(r.count[s] < r.count[s - 1]);
        assert_true(r.support[s] >= 0.05);
        assert_true(r.count[s] >= (long)floor(0.90 * (double)r.count[s - 1]));
    }
    assert_true(r.density[r.n_steps - 1] > 0.8);
    /* without pasting, the chosen box is the chosen step's */
    assert_memory_equal(r.box_lo, r.lo + (size_t)r.chosen * K, K * sizeof(double));
    assert_true(fabs(r.box_coverage - r.coverage[r.chosen]) < 1e-12);
    /* the rule: the step of the largest coverage x density */
    for (int s = 0; s < r.n_steps; s++)
        assert_true(r.coverage[s] * r.density[s]
                    <= r.coverage[r.chosen] * r.density[r.chosen]);
    /* y everywhere 1: nothing to gain by peeling, the first box (all) is chosen */
    double *flat = malloc((size_t)N * sizeof *flat);
    assert_non_null(flat);
    for (long j = 0; j < N; j++)
        flat[j] = 1.0;
    cn_prim_result all;
    assert_int_equal(cn_prim_find(X, flat, N, K, &o, &all), CN_OK);
    assert_int_equal(all.chosen, 0);
    assert_true(all.box_coverage == 1.0);
    for (int i = 0; i < K; i++)
        assert_false(all.restricted[i]);
    free(flat);
    /* deterministic */
    cn_prim_result again;
    assert_int_equal(cn_prim_find(X, y, N, K, &o, &again), CN_OK);
    assert_int_equal(again.n_steps, r.n_steps);
    assert_memory_equal(again.lo, r.lo, (size_t)r.n_steps * K * sizeof(double));
    cn_prim_result_free(&all);
    cn_prim_result_free(&again);
    cn_prim_result_free(&r);
    free(X);
    free(y);
}

static void test_prim_errors(void **state)
{
    (void)state;
    double X[8] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}, y[4] = {0, 0, 0, 0};
    cn_prim_result r;
    assert_int_equal(cn_prim_find(X, y, 4, 2, NULL, &r), CN_EINPUT); /* nothing of interest */
    y[2] = 1.0;
    assert_int_equal(cn_prim_find(X, y, 1, 2, NULL, &r), CN_EINPUT);
    assert_int_equal(cn_prim_find(X, y, 4, 0, NULL, &r), CN_EINPUT);
    cn_prim_opts o;
    cn_prim_defaults(&o);
    o.alpha = 0.5;
    assert_int_equal(cn_prim_find(X, y, 4, 2, &o, &r), CN_EINPUT);
    cn_prim_defaults(&o);
    o.min_support = 0.0;
    assert_int_equal(cn_prim_find(X, y, 4, 2, &o, &r), CN_EINPUT);
    X[3] = NAN;
    assert_int_equal(cn_prim_find(X, y, 4, 2, NULL, &r), CN_EINPUT);
    X[3] = 0.4;
    y[1] = NAN;
    assert_int_equal(cn_prim_find(X, y, 4, 2, NULL, &r), CN_EINPUT);
    cn_prim_result_free(NULL);
    /* tied inputs cannot be peeled: the trajectory stops at the start */
    double T[8] = {1, 1, 1, 1, 1, 1, 1, 1}, ty[4] = {1, 0, 1, 0};
    assert_int_equal(cn_prim_find(T, ty, 4, 2, NULL, &r), CN_OK);
    assert_int_equal(r.n_steps, 1);
    assert_true(fabs(r.box_density - 0.5) < 1e-12);
    cn_prim_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prim_known_box),
        cmocka_unit_test(test_prim_trajectory),
        cmocka_unit_test(test_prim_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
