/* test_diplomacy.c - one Friedkin-Johnsen step with bounded confidence,
 * worked out by hand (cn_diplomacy.h):
 *   x_i <- r_i x0_i + (1 - r_i) sum_j W_ij x_j,  W_ij ~ b_ij [|x_i - x_j| < eps],
 *   b_ij = (tie_ij + campaign) c_j. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cn_diplomacy.h"
#include "mechanism_fixture.h"

/* The same step without the AVX2 path (the SSE2 lanes, or the plain loop
 * off x86), so both paths are tested on a machine that has AVX2. */
void cn_diplomacy_round_noavx2(cn_world *w);
#define CN_DIPLOMACY_NO_AVX2
#define cn_diplomacy_round cn_diplomacy_round_noavx2
#include "../sim/diplomacy.c"
#undef cn_diplomacy_round

/* Two states in one bloc, one dimension.  Ties: self 1, between them
 * base 0.05 + bloc 1 = 1.05.  c = (1, 2), r = (0.5, 0.25), x = (0.2, 0.6).
 *   b_00 = 1 * 1 = 1,     b_01 = 1.05 * 2 = 2.1
 *   x_0' = 0.5 * 0.2 + 0.5 * (0.2 + 2.1 * 0.6) / 3.1 = 0.33548387096774190
 *   b_10 = 1.05 * 1,       b_11 = 1 * 2
 *   x_1' = 0.25 * 0.6 + 0.75 * (1.05 * 0.2 + 2 * 0.6) / 3.05 = 0.49672131147540977 */
static void test_diplomacy_fj_step_by_hand(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(2, 1);
    const double a = 0.2, b = 0.6;
    fx_state(f, 0, &a, 1.0, 0.5);
    fx_state(f, 1, &b, 2.0, 0.25);
    const int both[2] = {0, 1};
    fx_bloc(f, "B", both, 2, 1, 0);
    cn_world *w = fx_world(f);
    assert_non_null(w);
    cn_diplomacy_round(w);
    FX_NEAR(w->x[0], 0.33548387096774190, FX_TOL);
    FX_NEAR(w->x[1], 0.49672131147540977, FX_TOL);
    /* anchors do not move */
    FX_NEAR(w->x0[0], 0.2, 0.0);
    FX_NEAR(w->x0[1], 0.6, 0.0);
    /* second step, from the new positions (0.33548.., 0.49672..) */
    double x0 = w->x[0], x1 = w->x[1];
    double e0 = 0.5 * 0.2 + 0.5 * (x0 + 2.1 * x1) / 3.1;
    double e1 = 0.25 * 0.6 + 0.75 * (1.05 * x0 + 2.0 * x1) / 3.05;
    cn_diplomacy_round(w);
    FX_NEAR(w->x[0], e0, FX_TOL);
    FX_NEAR(w->x[1], e1, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* Three states in two dimensions, no blocs, one explicit one-way tie
 * 0 -> 1 of weight 0.5; eps 0.5; r = 0.6 each; c = (1, 2, 1).
 * x = A (0.2, 0.2), B (0.4, 0.5), C (0.9, 0.9):
 * |A-B| = 0.36 (in), |A-C| = 0.99, |B-C| = 0.64 (out).
 *   A: b_AA = 1, b_AB = (0.05 + 0.5) * 2 = 1.1
 *      social = ((0.2 + 0.44) / 2.1, (0.2 + 0.55) / 2.1)
 *   B: b_BA = 0.05 * 1 (the tie is one-way), b_BB = 2
 *      social = ((0.01 + 0.8) / 2.05, (0.01 + 1.0) / 2.05)
 *   C: nobody within eps: stays (r x0 + (1 - r) x = x0). */
static void test_diplomacy_bounded_confidence_2d(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(3, 2);
    const double a[2] = {0.2, 0.2}, b[2] = {0.4, 0.5}, c[2] = {0.9, 0.9};
    fx_state(f, 0, a, 1.0, 0.6);
    fx_state(f, 1, b, 2.0, 0.6);
    fx_state(f, 2, c, 1.0, 0.6);
    fx_tie(f, 0, 1, 0.5, 0);
    cn_world *w = fx_world(f);
    assert_non_null(w);
    cn_diplomacy_round(w);
    FX_NEAR(w->x[0], 0.6 * 0.2 + 0.4 * 0.64 / 2.1, FX_TOL);
    FX_NEAR(w->x[1], 0.6 * 0.2 + 0.4 * 0.75 / 2.1, FX_TOL);
    FX_NEAR(w->x[2], 0.6 * 0.4 + 0.4 * 0.81 / 2.05, FX_TOL);
    FX_NEAR(w->x[3], 0.6 * 0.5 + 0.4 * 1.01 / 2.05, FX_TOL);
    FX_NEAR(w->x[4], 0.9, FX_TOL);
    FX_NEAR(w->x[5], 0.9, FX_TOL);
    /* the hand values: A = (0.24190476190476190, 0.26285714285714285) */
    FX_NEAR(w->x[0], 0.24190476190476190, FX_TOL);
    FX_NEAR(w->x[1], 0.26285714285714285, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* A far state is excluded even with a strong tie; the state's own current
 * position (not its anchor) is what it averages with.
 * x0_A = 0.2, x_A = 0.3 (moved, e.g. by an incident), x_B = 0.9, eps 0.5,
 * r_A = 0.5: x_A' = 0.5 * 0.2 + 0.5 * 0.3 = 0.25.  With eps 0.7 B counts:
 * b_AB = (0.05 + 1 + 5) * 1 = 6.05:
 * x_A' = 0.1 + 0.5 * (0.3 + 6.05 * 0.9) / 7.05. */
static void test_diplomacy_far_state_excluded(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(2, 1);
    const double a = 0.2, b = 0.9;
    fx_state(f, 0, &a, 1.0, 0.5);
    fx_state(f, 1, &b, 1.0, 1.0);
    const int both[2] = {0, 1};
    fx_bloc(f, "B", both, 2, 1, 0);
    fx_tie(f, 0, 1, 5.0, 1);
    cn_world *w = fx_world(f);
    assert_non_null(w);
    w->x[0] = 0.3;
    cn_diplomacy_round(w);
    FX_NEAR(w->x[0], 0.25, FX_TOL);
    FX_NEAR(w->x[1], 0.9, FX_TOL);
    cn_world_free(w);

    f->s.model.epsilon = 0.7;
    w = fx_world(f);
    assert_non_null(w);
    w->x[0] = 0.3;
    cn_diplomacy_round(w);
    FX_NEAR(w->x[0], 0.1 + 0.5 * (0.3 + 6.05 * 0.9) / 7.05, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* r = 1 holds the anchor (undoing any move of x); r = 0 is pure DeGroot
 * averaging. */
static void test_diplomacy_stubbornness_extremes(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(2, 1);
    const double a = 0.2, b = 0.4;
    fx_state(f, 0, &a, 1.0, 1.0);
    fx_state(f, 1, &b, 3.0, 0.0);
    cn_world *w = fx_world(f);
    assert_non_null(w);
    w->x[0] = 0.35;
    cn_diplomacy_round(w);
    FX_NEAR(w->x[0], 0.2, FX_TOL);
    /* B: b_BA = 0.05 * 1, b_BB = 1 * 3 (A seen at 0.35):
     * x_B' = (0.05 * 0.35 + 3 * 0.4) / 3.05 */
    FX_NEAR(w->x[1], (0.05 * 0.35 + 3.0 * 0.4) / 3.05, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* States listen to a stakeholder with weight reach * c_stakeholder; the
 * stakeholder (r = 1) does not move.  A = 0.2, B = 0.95, stakeholder 0.6
 * (c = 2, reach 0.5); r = 0.5; eps 0.5: A-B out, A-sh and B-sh in.
 *   A: b_AA = 1, b_Ash = 0.5 * 2 = 1: x_A' = 0.1 + 0.5 * 0.4 = 0.3
 *   B: x_B' = 0.475 + 0.5 * (0.95 + 0.6) / 2 = 0.8625 */
static void test_diplomacy_stakeholder_influence(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(2, 1);
    const double a = 0.2, b = 0.95, sh = 0.6;
    fx_state(f, 0, &a, 1.0, 0.5);
    fx_state(f, 1, &b, 1.0, 0.5);
    fx_stakeholder(f, "Industry", &sh, 2.0, 0.5);
    cn_world *w = fx_world(f);
    assert_non_null(w);
    assert_int_equal(w->na, 3);
    cn_diplomacy_round(w);
    FX_NEAR(w->x[0], 0.3, FX_TOL);
    FX_NEAR(w->x[1], 0.8625, FX_TOL);
    FX_NEAR(w->x[2], 0.6, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* A change of tie weights (as by shaming) takes effect once ties_dirty is
 * set: b_01 = 0.5 * 2 instead of 1.05 * 2. */
static void test_diplomacy_uses_changed_ties(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(2, 1);
    const double a = 0.2, b = 0.6;
    fx_state(f, 0, &a, 1.0, 0.5);
    fx_state(f, 1, &b, 2.0, 1.0);
    const int both[2] = {0, 1};
    fx_bloc(f, "B", both, 2, 1, 0);
    cn_world *w = fx_world(f);
    assert_non_null(w);
    cn_world_refresh_ties(w);
    FX_NEAR(w->base[0 * 2 + 1], 2.1, FX_TOL);
    w->tie[0 * 2 + 1] = 0.5;
    w->ties_dirty = 1;
    cn_diplomacy_round(w);
    FX_NEAR(w->base[0 * 2 + 1], 1.0, FX_TOL);
    FX_NEAR(w->x[0], 0.1 + 0.5 * (0.2 + 1.0 * 0.6) / 2.0, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* The reference step, written as plainly as possible: the blocked
 * kernel of diplomacy.c must give exactly (bit for bit) these values. */
static void reference_step(const cn_world *w, double *out)
{
    const int na = w->na, d = w->d;
    const double eps2 = w->s->model.epsilon * w->s->model.epsilon;
    for (int i = 0; i < na; i++) {
        if (w->stub[i] >= 1.0) {
            for (int k = 0; k < d; k++)
                out[i * d + k] = w->x0[i * d + k];
            continue;
        }
        double acc[CN_MAX_DIMS] = {0}, total = 0.0;
        for (int j = 0; j < na; j++) {
            double bij = w->base[i * na + j];
            if (bij <= 0.0)
                continue;
            double s = 0.0;
            for (int k = 0; k < d; k++)
                s += (w->x[i * d + k] - w->x[j * d + k]) * (w->x[i * d + k] - w->x[j * d + k]);
            if (s >= eps2 && j != i)
                continue;
            total += bij;
            for (int k = 0; k < d; k++)
                acc[k] += bij * w->x[j * d + k];
        }
        for (int k = 0; k < d; k++) {
            double social = total > 0.0 ? acc[k] / total : w->x[i * d + k];
            out[i * d + k] = w->stub[i] * w->x0[i * d + k] + (1.0 - w->stub[i]) * social;
        }
    }
}

/* Worlds of 1..23 states and a stakeholder on 1..5 dimensions (odd counts,
 * anchored rows and a zero tie break the blocks of rows), with epsilon 0.35
 * and 0: three steps each agree bit for bit with the reference, on the
 * path the machine takes (AVX2 where available) and without AVX2. */
static void test_diplomacy_blocked_equals_reference(void **state)
{
    (void)state;
    gsl_rng *r = fx_rng(2385);
    assert_non_null(r);
    double want[(FX_MAX_STATES + 1) * CN_MAX_DIMS];
    for (int d = 1; d <= 5; d++)
        for (int n = 1; n <= 23; n += 2)
            for (int e = 0; e < 2; e++) {
                fx_scenario *f = fx_new(n, d);
                assert_non_null(f);
                for (int i = 0; i < n; i++) {
                    double ideal[CN_MAX_DIMS];
                    for (int k = 0; k < d; k++)
                        ideal[k] = gsl_rng_uniform(r);
                    fx_state(f, i, ideal, 0.5 + 3.0 * gsl_rng_uniform(r),
                             i % 7 == 3 ? 1.0 : 0.9 * gsl_rng_uniform(r));
                }
                const int half[3] = {0, n / 2, n - 1};
                fx_bloc(f, "B", half, n >= 3 ? 3 : 1, 0, 0);
                double sh[CN_MAX_DIMS];
                for (int k = 0; k < d; k++)
                    sh[k] = 0.3;
                fx_stakeholder(f, "Industry", sh, 2.0, 0.5);
                f->s.model.epsilon = e ? 0.35 : 0.0;
                cn_world *w = fx_world(f);
                assert_non_null(w);
                if (n > 2) {
                    w->tie[1 * w->na + 2] = 0.0; /* a zero tie */
                    w->ties_dirty = 1;
                }
                for (int step = 0; step < 3; step++) {
                    double before[(FX_MAX_STATES + 1) * CN_MAX_DIMS];
                    cn_world_refresh_ties(w);
                    reference_step(w, want);
                    memcpy(before, w->x, (size_t)(w->na * d) * sizeof(double));
                    for (int path = 0; path < 2; path++) {
                        if (path == 0)
                            cn_diplomacy_round_noavx2(w);
                        else {
                            memcpy(w->x, before, (size_t)(w->na * d) * sizeof(double));
                            cn_diplomacy_round(w);
                        }
                        for (int a = 0; a < w->na * d; a++)
                            if (memcmp(&w->x[a], &want[a], sizeof(double)) != 0)
                                fail_msg("path %d d %d n %d eps %d step %d: x[%d] = %.17g, "
                                         "reference %.17g",
                                         path, d, n, e, step, a, w->x[a], want[a]);
                    }
                }
                cn_world_free(w);
                fx_free(f);
            }
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diplomacy_fj_step_by_hand),
        cmocka_unit_test(test_diplomacy_bounded_confidence_2d),
        cmocka_unit_test(test_diplomacy_far_state_excluded),
        cmocka_unit_test(test_diplomacy_stubbornness_extremes),
        cmocka_unit_test(test_diplomacy_stakeholder_influence),
        cmocka_unit_test(test_diplomacy_uses_changed_ties),
        cmocka_unit_test(test_diplomacy_blocked_equals_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
