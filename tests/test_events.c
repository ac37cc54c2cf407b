/* test_events.c - incidents, attribution and shaming (cn_events.h): the
 * deterministic effects by hand, the draws by their frequencies under a
 * fixed seed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cn_events.h"
#include "mechanism_fixture.h"

#define DRAWS 20000
/* > 4 standard deviations of a frequency over 20000 draws (s.d. <= 0.0036) */
#define FREQ_TOL 0.015

/* Five states on (scope, form).  Blocs W = {0,1}, E = {2,3}, G = {0,4},
 * H = {2,4}.  Victim 0: its side is {0,1,4}.  Perpetrator 2: its side is
 * {2,3,4}, less the accusers: {2,3}; state 4 shares a bloc with both
 * sides and counts as an accuser. */
static fx_scenario *five_states(void)
{
    fx_scenario *f = fx_new(5, 2);
    const double forms[5] = {0.2, 0.4, 0.1, 0.3, 0.6};
    for (int i = 0; i < 5; i++) {
        const double x[2] = {0.1 * i, forms[i]};
        fx_state(f, i, x, 1.0, 0.7);
    }
    const int W[2] = {0, 1}, E[2] = {2, 3}, G[2] = {0, 4}, H[2] = {2, 4};
    fx_bloc(f, "W", W, 2, 0, 1);
    fx_bloc(f, "E", E, 2, 2, 1);
    fx_bloc(f, "G", G, 2, 0, 0);
    fx_bloc(f, "H", H, 2, 2, 0);
    f->s.events.shock = 0.05;
    f->s.events.urgency = 0.02;
    f->s.events.shame = 0.2;
    return f;
}

static void test_events_incident_attributed_by_hand(void **state)
{
    (void)state;
    fx_scenario *f = five_states();
    cn_world *w = fx_world(f);
    assert_non_null(w);
    const int na = w->na;
    double tie[25];
    memcpy(tie, w->tie, sizeof tie);
    /* initial ties: 0-2 base only, 4-2 base + one bloc (H), 4-0 base + G */
    FX_NEAR(tie[0 * na + 2], 0.05, FX_TOL);
    FX_NEAR(tie[4 * na + 2], 1.05, FX_TOL);
    FX_NEAR(tie[4 * na + 0], 1.05, FX_TOL);
    cn_world_refresh_ties(w);
    assert_int_equal(w->ties_dirty, 0);
    cn_events_incident(w, 0, 2);
    assert_int_equal(w->incidents, 1);
    assert_int_equal(w->attributions, 1);
    /* the cached b_ij follow the shamed ties without a full recompute */
    assert_int_equal(w->ties_dirty, 0);
    for (int i = 0; i < na; i++)
        for (int j = 0; j < na; j++)
            FX_NEAR(w->base[i * na + j], w->tie[i * na + j] * w->cap[j], 0.0);
    FX_NEAR(w->base[0 * na + 2], 0.05 * 0.8 * w->cap[2], FX_TOL);
    const int side[5] = {1, 1, 0, 0, 1};
    const double forms[5] = {0.2, 0.4, 0.1, 0.3, 0.6};
    for (int i = 0; i < 5; i++) {
        /* victim side: form += 0.05 (1 - form); pressure += 0.02 */
        double form = side[i] ? forms[i] + 0.05 * (1.0 - forms[i]) : forms[i];
        FX_NEAR(w->x[i * 2 + 1], form, FX_TOL);
        FX_NEAR(w->x[i * 2 + 0], 0.1 * i, FX_TOL); /* scope untouched */
        FX_NEAR(w->x0[i * 2 + 1], forms[i], FX_TOL); /* anchors untouched */
        FX_NEAR(w->pressure[i], side[i] ? 0.02 : 0.0, FX_TOL);
    }
    /* e.g. state 4's form: 0.6 + 0.05 * 0.4 = 0.62 */
    FX_NEAR(w->x[4 * 2 + 1], 0.62, FX_TOL);
    /* ties between {0,1,4} and {2,3}, both directions, times 0.8; others kept */
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            int cross = (side[i] && !side[j]) || (!side[i] && side[j]);
            double want = cross ? 0.8 * tie[i * na + j] : tie[i * na + j];
            FX_NEAR(w->tie[i * na + j], want, FX_TOL);
        }
    FX_NEAR(w->tie[4 * na + 2], 0.84, FX_TOL);
    FX_NEAR(w->tie[2 * na + 4], 0.84, FX_TOL);
    FX_NEAR(w->tie[0 * na + 3], 0.04, FX_TOL);
    FX_NEAR(w->tie[0 * na + 4], 1.05, FX_TOL);
    FX_NEAR(w->tie[2 * na + 3], 1.05, FX_TOL);
    /* a second incident compounds: 0.84 * 0.8, form 0.62 + 0.05 * 0.38 */
    cn_events_incident(w, 0, 2);
    FX_NEAR(w->tie[4 * na + 2], 0.672, FX_TOL);
    FX_NEAR(w->x[4 * 2 + 1], 0.639, FX_TOL);
    FX_NEAR(w->pressure[4], 0.04, FX_TOL);
    assert_int_equal(w->incidents, 2);
    assert_int_equal(w->attributions, 2);
    cn_world_free(w);
    fx_free(f);
}

static void test_events_incident_unattributed(void **state)
{
    (void)state;
    fx_scenario *f = five_states();
    cn_world *w = fx_world(f);
    assert_non_null(w);
    double tie[25];
    memcpy(tie, w->tie, sizeof tie);
    cn_events_incident(w, 3, -1);
    assert_int_equal(w->incidents, 1);
    assert_int_equal(w->attributions, 0);
    assert_memory_equal(tie, w->tie, sizeof tie);
    /* victim 3's side: {2,3} (bloc E) */
    FX_NEAR(w->x[3 * 2 + 1], 0.3 + 0.05 * 0.7, FX_TOL);
    FX_NEAR(w->x[2 * 2 + 1], 0.1 + 0.05 * 0.9, FX_TOL);
    FX_NEAR(w->x[0 * 2 + 1], 0.2, FX_TOL);
    FX_NEAR(w->pressure[2], 0.02, FX_TOL);
    FX_NEAR(w->pressure[4], 0.0, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* Without a "form" dimension an incident only raises pressure. */
static void test_events_incident_without_form(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(2, 1);
    cn_world *w = fx_world(f);
    assert_non_null(w);
    assert_int_equal(f->s.dim_form, -1);
    cn_events_incident(w, 1, -1);
    FX_NEAR(w->x[0], 0.5, FX_TOL);
    FX_NEAR(w->x[1], 0.5, FX_TOL);
    FX_NEAR(w->pressure[1], 0.02, FX_TOL);
    FX_NEAR(w->pressure[0], 0.0, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* Capabilities 1, 2, 5: victims in proportions 1/8, 2/8, 5/8. */
static void test_events_victim_frequencies(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(3, 1);
    f->states[1].capability = 2.0;
    f->states[2].capability = 5.0;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(31337);
    int count[3] = {0, 0, 0};
    for (int k = 0; k < DRAWS; k++) {
        int v = cn_events_draw_victim(w, r);
        assert_in_range(v, 0, 2);
        count[v]++;
    }
    FX_NEAR((double)count[0] / DRAWS, 0.125, FREQ_TOL);
    FX_NEAR((double)count[1] / DRAWS, 0.25, FREQ_TOL);
    FX_NEAR((double)count[2] / DRAWS, 0.625, FREQ_TOL);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* Victim 0 (x = 0.1) in bloc {0,1}; state 1 (x = 0.9, far) is on its side
 * and never drawn.  Weights c_j |x_j - x_v|: state 2 (x 0.5, c 1): 0.4;
 * state 3 (x 0.3, c 3): 0.6. */
static void test_events_perpetrator_frequencies(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(4, 1);
    const double x[4] = {0.1, 0.9, 0.5, 0.3};
    const double c[4] = {1.0, 10.0, 1.0, 3.0};
    for (int i = 0; i < 4; i++)
        fx_state(f, i, &x[i], c[i], 0.7);
    const int side[2] = {0, 1};
    fx_bloc(f, "V", side, 2, 0, 0);
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(4242);
    int count[4] = {0, 0, 0, 0};
    for (int k = 0; k < DRAWS; k++) {
        int p = cn_events_draw_perpetrator(w, r, 0);
        assert_in_range(p, 2, 3);
        count[p]++;
    }
    FX_NEAR((double)count[2] / DRAWS, 0.4, FREQ_TOL);
    FX_NEAR((double)count[3] / DRAWS, 0.6, FREQ_TOL);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* -1 when everybody is on the victim's side, or every outsider sits on the
 * victim's position (zero weight). */
static void test_events_perpetrator_none(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(3, 1);
    const int all[3] = {0, 1, 2};
    fx_bloc(f, "All", all, 3, 0, 0);
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(1);
    for (int k = 0; k < 100; k++)
        assert_int_equal(cn_events_draw_perpetrator(w, r, 1), -1);
    cn_world_free(w);
    fx_free(f);

    f = fx_new(3, 1); /* all at 0.5, no blocs: distance 0 */
    w = fx_world(f);
    for (int k = 0; k < 100; k++)
        assert_int_equal(cn_events_draw_perpetrator(w, r, 0), -1);
    /* one outsider at a positive distance: always it */
    w->x[2] = 0.7;
    for (int k = 0; k < 100; k++)
        assert_int_equal(cn_events_draw_perpetrator(w, r, 0), 2);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* Pressure decays by pressure_decay each round; no draw at rate 0. */
static void test_events_round_pressure_decay(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(2, 1);
    f->s.events.incident_rate = 0.0;
    f->s.events.pressure_decay = 0.2;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(5), *ref = fx_rng(5);
    w->pressure[0] = 0.1;
    cn_events_round(w, r);
    FX_NEAR(w->pressure[0], 0.08, FX_TOL);
    cn_events_round(w, r);
    FX_NEAR(w->pressure[0], 0.064, FX_TOL);
    assert_int_equal(w->incidents, 0);
    assert_int_equal(gsl_rng_get(r), gsl_rng_get(ref)); /* nothing drawn */
    gsl_rng_free(r);
    gsl_rng_free(ref);
    cn_world_free(w);
    fx_free(f);
}

/* Poisson(2) incidents per round: mean 2 over 2000 rounds (s.d. of the
 * mean 0.032); attribution 1 attributes all (every victim has an outsider
 * at a positive distance), attribution 0 none, 0.5 about half. */
static void test_events_round_counts(void **state)
{
    (void)state;
    const double attr[3] = {1.0, 0.0, 0.5};
    for (int a = 0; a < 3; a++) {
        fx_scenario *f = fx_new(3, 1);
        const double x[3] = {0.1, 0.5, 0.9};
        for (int i = 0; i < 3; i++)
            fx_state(f, i, &x[i], 1.0, 0.7);
        f->s.events.incident_rate = 2.0;
        f->s.events.attribution = attr[a];
        cn_world *w = fx_world(f);
        gsl_rng *r = fx_rng(77 + (unsigned long)a);
        const int rounds = 2000;
        for (int k = 0; k < rounds; k++)
            cn_events_round(w, r);
        FX_NEAR((double)w->incidents / rounds, 2.0, 0.15);
        FX_NEAR((double)w->attributions / w->incidents, attr[a], 0.04);
        if (attr[a] == 1.0)
            assert_int_equal(w->attributions, w->incidents);
        if (attr[a] == 0.0)
            assert_int_equal(w->attributions, 0);
        gsl_rng_free(r);
        cn_world_free(w);
        fx_free(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_incident_attributed_by_hand),
        cmocka_unit_test(test_events_incident_unattributed),
        cmocka_unit_test(test_events_incident_without_form),
        cmocka_unit_test(test_events_victim_frequencies),
        cmocka_unit_test(test_events_perpetrator_frequencies),
        cmocka_unit_test(test_events_perpetrator_none),
        cmocka_unit_test(test_events_round_pressure_decay),
        cmocka_unit_test(test_events_round_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
