/* test_score.c - proper scores and calibration (cn_score.h), by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cn_score.h"
#include "mechanism_fixture.h"

/* Four events of one kind: fit (p 0.9, o 1), (0.8, 1), (0.3, 0); held out
 * (0.6, 1).  Base rate in the fit set: 2/3.
 * All: B = (0.01 + 0.04 + 0.09 + 0.16) / 4 = 0.075; B_base = (3 (1/3)^2 +
 * (2/3)^2) / 4 = (1/3 + 4/9) / 4 = 7/36; BSS = 1 - 0.075 * 36 / 7.
 * Held out alone: B = 0.16, B_base = 1/9, BSS = 1 - 1.44 = -0.44.
 * Log score of all: (ln 0.9 + ln 0.8 + ln 0.7 + ln 0.6) / 4. */
static void test_score_by_hand(void **state)
{
    (void)state;
    const cn_score_event e[4] = {
        {0.9, 1, 0, 1}, {0.8, 1, 0, 1}, {0.3, 0, 0, 1}, {0.6, 1, 0, 0}};
    FX_NEAR(cn_score_base_rate(e, 4, 0), 2.0 / 3.0, 1e-12);
    assert_true(isnan(cn_score_base_rate(e, 4, 1)));
    cn_score_summary s;
    cn_score_summarise(e, 4, 0, &s);
    assert_int_equal(s.n, 4);
    FX_NEAR(s.brier, 0.075, 1e-12);
    FX_NEAR(s.brier_base, 7.0 / 36.0, 1e-12);
    FX_NEAR(s.skill, 1.0 - 0.075 * 36.0 / 7.0, 1e-12);
    FX_NEAR(s.log_score, (log(0.9) + log(0.8) + log(0.7) + log(0.6)) / 4.0, 1e-12);
    cn_score_summarise(e, 4, 2, &s);
    assert_int_equal(s.n, 1);
    FX_NEAR(s.brier, 0.16, 1e-12);
    FX_NEAR(s.brier_base, 1.0 / 9.0, 1e-12);
    FX_NEAR(s.skill, 1.0 - 0.16 * 9.0, 1e-12);
    cn_score_summarise(e, 4, 1, &s);
    assert_int_equal(s.n, 3);
}

/* A certain wrong forecast is clamped in the log score, not -inf; a
 * perfect forecaster against a constant history has no defined skill. */
static void test_score_edges(void **state)
{
    (void)state;
    const cn_score_event e[2] = {{0.0, 1, 0, 1}, {1.0, 1, 0, 1}};
    cn_score_summary s;
    cn_score_summarise(e, 2, 0, &s);
    FX_NEAR(s.log_score, (log(CN_SCORE_EPS) + log(1.0 - CN_SCORE_EPS)) / 2.0, 1e-12);
    assert_true(isnan(s.skill)); /* base rate 1 forecasts perfectly */
}

/* Bins of 0.25: p 0.1 and 0.2 (o 0, 1) in bin 0; 0.6 (o 1) in bin 2; p 1
 * in the last bin. */
static void test_score_calibration(void **state)
{
    (void)state;
    const cn_score_event e[4] = {{0.1, 0, 0, 1}, {0.2, 1, 0, 1}, {0.6, 1, 0, 1}, {1.0, 1, 0, 0}};
    cn_score_calibration c;
    cn_score_calibrate(e, 4, 0, 4, &c);
    assert_int_equal(c.bins, 4);
    assert_int_equal(c.count[0], 2);
    FX_NEAR(c.mean_p[0], 0.15, 1e-12);
    FX_NEAR(c.observed[0], 0.5, 1e-12);
    assert_int_equal(c.count[1], 0);
    assert_true(isnan(c.mean_p[1]));
    assert_int_equal(c.count[2], 1);
    assert_int_equal(c.count[3], 1);
    cn_score_calibrate(e, 4, 1, 4, &c);
    assert_int_equal(c.count[3], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_score_by_hand),
        cmocka_unit_test(test_score_edges),
        cmocka_unit_test(test_score_calibration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
