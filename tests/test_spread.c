/* test_spread.c - the input/noise decomposition (cn_spread.h). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cn_spread.h"
#include "mechanism_fixture.h"

static cn_metrics_layout one_column(void)
{
    cn_metrics_layout L = {0};
    L.n = 1;
    return L;
}

/* Groups of 2: {1, 3} and {2, 4}: means 2 and 3, within SS 4 on 2 df
 * (sigma^2 = 2), s_b^2 = 0.5, nbar 2: tau^2 = 0.5 - 1 < 0, so 0; the
 * overall mean 2.5 with Monte Carlo s.e. sqrt(0.5 / 2) = 0.5.
 * {1, 1} and {3, 3}: sigma^2 = 0, s_b^2 = 2, tau = sqrt 2, share 1. */
static void test_spread_by_hand(void **state)
{
    (void)state;
    cn_metrics_layout L = one_column();
    cn_spread *sp = cn_spread_alloc(&L, 2);
    assert_non_null(sp);
    const double a[4] = {1, 3, 2, 4};
    cn_spread_add(sp, 0, 3, a);
    cn_spread_add(sp, 3, 1, a + 3);
    cn_spread_summary s;
    cn_spread_get(sp, 0, &s);
    assert_int_equal(s.groups, 2);
    assert_int_equal(s.n, 4);
    FX_NEAR(s.mean, 2.5, 1e-12);
    FX_NEAR(s.within_sd, sqrt(2.0), 1e-12);
    FX_NEAR(s.mc_se, 0.5, 1e-12);
    FX_NEAR(s.input_sd, 0.0, 1e-12);
    cn_spread_free(sp);

    sp = cn_spread_alloc(&L, 2);
    const double b[5] = {1, 1, 3, NAN, 3};
    /* a NaN is skipped; replications 0..4 with groups {0,1} {2,3} {4} */
    cn_spread_add(sp, 0, 5, b);
    cn_spread_get(sp, 0, &s);
    assert_int_equal(s.groups, 3);
    /* means 1, 3, 3: s_b^2 = 4/3; within 0 on 1 df */
    FX_NEAR(s.within_sd, 0.0, 1e-12);
    FX_NEAR(s.input_sd, sqrt(4.0 / 3.0), 1e-12);
    FX_NEAR(s.input_share, 1.0, 1e-12);
    cn_spread_free(sp);
}

/* y = u_g + e with tau 0.3 and sigma 0.5, 2000 groups of 20: the
 * estimates within 0.03 of the truth (their standard errors are about
 * 0.006 and 0.002); a run that starts mid-group (a resumed batch) gives
 * the same numbers when fed in the same order. */
static void test_spread_recovers_components(void **state)
{
    (void)state;
    cn_metrics_layout L = one_column();
    cn_spread *sp = cn_spread_alloc(&L, 20);
    assert_non_null(sp);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    double u = 0.0;
    for (long rep = 0; rep < 40000; rep++) {
        if (rep % 20 == 0)
            u = gsl_ran_gaussian(r, 0.3);
        double y = u + gsl_ran_gaussian(r, 0.5);
        cn_spread_add(sp, rep, 1, &y);
    }
    cn_spread_summary s;
    cn_spread_get(sp, 0, &s);
    assert_int_equal(s.groups, 2000);
    assert_true(fabs(s.input_sd - 0.3) < 0.03);
    assert_true(fabs(s.within_sd - 0.5) < 0.03);
    assert_true(fabs(s.input_share - 0.09 / 0.34) < 0.05);
    gsl_rng_free(r);
    cn_spread_free(sp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spread_by_hand),
        cmocka_unit_test(test_spread_recovers_components),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
