/* test_treaty.c - after adoption: a report's parties, a treaty's signature,
 * ratification and entry into force, lock-in both ways (cn_treaty.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cn_decision.h"
#include "cn_treaty.h"
#include "mechanism_fixture.h"

/* Four states on one dimension, x = 0.2, 0.6, 0.9, 0.5 (c = 1, 1, 2, 1);
 * one pre-existing regime (so forum slots start at 1); forum F of members
 * {0,1,2}; votes: 0 supports, 1 abstains, 2 objects; text 0.6. */
static fx_scenario *four_states(cn_output_kind output)
{
    fx_scenario *f = fx_new(4, 1);
    const double x[4] = {0.2, 0.6, 0.9, 0.5};
    const double c[4] = {1.0, 1.0, 2.0, 1.0};
    for (int i = 0; i < 4; i++)
        fx_state(f, i, &x[i], c[i], 0.7);
    const double old = 0.1;
    const int p3[1] = {3};
    fx_regime(f, "Old", &old, 0, p3, 1);
    const int members[3] = {0, 1, 2};
    int g = fx_forum(f, "F", members, 3);
    f->forums[g].output = output;
    f->forums[g].threshold = 2;
    f->forums[g].ratification_sessions = 5;
    return f;
}

static void vote_and_adopt(cn_world *w, int round)
{
    cn_forum_state *fs = &w->fs[0];
    fs->vote[0] = CN_VOTE_SUPPORT;
    fs->vote[1] = CN_VOTE_ABSTAIN;
    fs->vote[2] = CN_VOTE_OBJECT;
    fs->text[0] = 0.6;
    fs->adopted = 1;
    fs->adopted_round = round;
    w->round = round;
    cn_treaty_adopt(w, 0);
}

static void test_treaty_report_parties(void **state)
{
    (void)state;
    fx_scenario *f = four_states(CN_OUTPUT_REPORT);
    f->s.model.lockin = 0.0;
    cn_world *w = fx_world(f);
    assert_non_null(w);
    assert_int_equal(w->n_regimes, 1);
    assert_int_equal(w->forum_regime[0], -1);
    vote_and_adopt(w, 2);
    assert_int_equal(w->n_regimes, 2);
    assert_int_equal(w->forum_regime[0], 1);
    FX_NEAR(w->regime_text[1], 0.6, 0.0);
    assert_int_equal(w->regime_in_force[1], 1);
    assert_int_equal(w->regime_binding[1], 0);
    /* non-objecting members are parties: 0 and 1; not 2 (objected), not
     * 3 (not a member) */
    const int party[4] = {1, 1, 0, 0};
    for (int i = 0; i < 4; i++)
        assert_int_equal(w->regime_party[1 * 4 + i], party[i]);
    /* the report counts in state 0's no-agreement value only where it
     * beats the status quo: -(0.6 - 0.2)^2 = -0.16 is worse than the
     * status quo's -0.09, so -0.09 stands; for state 1 it is better */
    FX_NEAR(cn_decision_no_agreement(w, 0), -0.09, FX_TOL);
    /* adopting again reuses the slot */
    cn_treaty_adopt(w, 0);
    assert_int_equal(w->n_regimes, 2);
    assert_int_equal(w->fs[0].n_signed, 0);
    cn_world_free(w);
    fx_free(f);
}

/* Treaty: the supporter signs at adoption; signatories ratify with their
 * `ratify` probability (1 or 0 here) in the rounds after; entry into force
 * at threshold = 2 ratifications. */
static void test_treaty_signature_ratification_force(void **state)
{
    (void)state;
    fx_scenario *f = four_states(CN_OUTPUT_TREATY);
    f->s.model.lockin = 0.0;
    f->states[0].ratify = 1.0;
    f->states[1].ratify = 1.0;
    f->states[2].ratify = 1.0; /* objected: never signs, never ratifies */
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(9);
    cn_forum_state *fs = &w->fs[0];
    vote_and_adopt(w, 3);
    assert_int_equal(fs->n_signed, 1); /* only the supporter; abstainer 1 does not sign */
    assert_int_equal(fs->signed_[0], 1);
    assert_int_equal(fs->signed_[1], 0);
    assert_int_equal(fs->last_round, 3 + 5);
    assert_int_equal(w->n_regimes, 1); /* no regime before entry into force */
    w->round = 4;
    cn_treaty_ratify_round(w, 0, r);
    assert_int_equal(fs->n_ratified, 1);
    assert_int_equal(fs->in_force, 0);
    assert_int_equal(w->forum_regime[0], -1);
    /* a second signatory (by hand) ratifies in round 5: threshold reached */
    fs->signed_[1] = 1;
    fs->n_signed = 2;
    w->round = 5;
    cn_treaty_ratify_round(w, 0, r);
    assert_int_equal(fs->n_ratified, 2);
    assert_int_equal(fs->in_force, 1);
    assert_int_equal(fs->in_force_round, 5);
    int g = w->forum_regime[0];
    assert_int_equal(g, 1);
    assert_int_equal(w->regime_binding[g], 1);
    assert_int_equal(w->regime_in_force[g], 1);
    FX_NEAR(w->regime_text[g], 0.6, 0.0);
    const int party[4] = {1, 1, 0, 0};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(w->regime_party[g * 4 + i], party[i]);
        assert_int_equal(fs->ratified[i], party[i]);
    }
    /* later rounds change nothing: in force stays, round stays */
    w->round = 6;
    cn_treaty_ratify_round(w, 0, r);
    assert_int_equal(fs->n_ratified, 2);
    assert_int_equal(fs->in_force_round, 5);
    assert_int_equal(w->n_regimes, 2);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* The share of 20000 one-round tries in which the lone signatory (state
 * 0, with the given ratify) ratifies, in a forum of threshold 3 with the
 * given ratify_scale: never enough to enter into force. */
static double ratify_share(double ratify, double scale, unsigned long seed)
{
    fx_scenario *f = four_states(CN_OUTPUT_TREATY);
    f->s.model.lockin = 0.0;
    f->states[0].ratify = ratify;
    f->forums[0].threshold = 3;
    f->forums[0].ratify_scale = scale;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(seed);
    cn_forum_state *fs = &w->fs[0];
    vote_and_adopt(w, 1);
    const int n = 20000;
    int hits = 0;
    for (int k = 0; k < n; k++) {
        fs->ratified[0] = 0;
        fs->n_ratified = 0;
        cn_treaty_ratify_round(w, 0, r);
        hits += fs->ratified[0];
        assert_int_equal(fs->in_force, 0);
    }
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
    return (double)hits / n;
}

/* ratify = 0.3 at the fixture's scale 1: one round of ratification
 * succeeds in 30% of 20000 tries. */
static void test_treaty_ratify_probability(void **state)
{
    (void)state;
    FX_NEAR(ratify_share(0.3, 1.0, 10), 0.3, 0.015);
}

/* The treaty's pace: ratify_scale multiplies the signatory's propensity.
 * ratify 0.15 at scale 2: 30% of 20000 one-round tries; ratify 0.3 at
 * scale 5 (1.5, capped at 1): every try; scale 0.5 on ratify 1.0: 50%; a
 * forum built without the loader (scale 0) ratifies at the state's own
 * 0.3. */
static void test_treaty_ratify_scale(void **state)
{
    (void)state;
    FX_NEAR(ratify_share(0.15, 2.0, 11), 0.3, 0.015);
    FX_NEAR(ratify_share(0.3, 5.0, 12), 1.0, 0.0);
    FX_NEAR(ratify_share(1.0, 0.5, 13), 0.5, 0.015);
    FX_NEAR(ratify_share(0.3, 0.0, 14), 0.3, 0.015);
    FX_NEAR(ratify_share(0.0, 50.0, 15), 0.0, 0.0);
}

/* Lock-in 0.2 in a regional forum: the supporter's anchor moves toward the
 * text: 0.2 + 0.2 (0.6 - 0.2) = 0.28; the abstainer, the objector and the
 * non-member keep theirs; current positions do not move. */
static void test_treaty_lockin_positive(void **state)
{
    (void)state;
    fx_scenario *f = four_states(CN_OUTPUT_REPORT);
    f->s.model.lockin = 0.2;
    f->forums[0].regional = 1;
    cn_world *w = fx_world(f);
    vote_and_adopt(w, 1);
    FX_NEAR(w->x0[0], 0.28, FX_TOL);
    FX_NEAR(w->x0[1], 0.6, 0.0);
    FX_NEAR(w->x0[2], 0.9, 0.0);
    FX_NEAR(w->x0[3], 0.5, 0.0);
    FX_NEAR(w->x[0], 0.2, 0.0);
    cn_world_free(w);

    /* not regional: no lock-in */
    f->forums[0].regional = 0;
    w = fx_world(f);
    vote_and_adopt(w, 1);
    FX_NEAR(w->x0[0], 0.2, 0.0);
    cn_world_free(w);

    /* a treaty locks its signatories in at adoption */
    f->forums[0].regional = 1;
    f->forums[0].output = CN_OUTPUT_TREATY;
    w = fx_world(f);
    vote_and_adopt(w, 1);
    FX_NEAR(w->x0[0], 0.28, FX_TOL);
    FX_NEAR(w->x0[1], 0.6, 0.0);
    cn_world_free(w);
    fx_free(f);
}

/* Lock-in -0.5 (stepping stone): the supporter's anchor moves halfway to
 * the capability-weighted centre of all states' current positions,
 * (0.2 + 0.6 + 2 * 0.9 + 0.5) / 5 = 0.62: 0.2 + 0.5 * 0.42 = 0.41. */
static void test_treaty_lockin_negative(void **state)
{
    (void)state;
    fx_scenario *f = four_states(CN_OUTPUT_REPORT);
    f->s.model.lockin = -0.5;
    f->forums[0].regional = 1;
    cn_world *w = fx_world(f);
    vote_and_adopt(w, 1);
    FX_NEAR(w->x0[0], 0.41, FX_TOL);
    FX_NEAR(w->x0[1], 0.6, 0.0);
    FX_NEAR(w->x0[2], 0.9, 0.0);
    cn_world_free(w);

    /* the centre uses current positions: state 3 moved to 1.0 ->
     * (0.2 + 0.6 + 1.8 + 1.0) / 5 = 0.72: 0.2 + 0.5 * 0.52 = 0.46 */
    w = fx_world(f);
    w->x[3] = 1.0;
    vote_and_adopt(w, 1);
    FX_NEAR(w->x0[0], 0.46, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* A resolution (a Security Council decision) binds every state at
 * adoption: in force that round, all four states parties (also state 3,
 * not a member, and state 2, which objected), nobody signs or ratifies,
 * and later ratification rounds change nothing. */
static void test_treaty_resolution_binds_all(void **state)
{
    (void)state;
    fx_scenario *f = four_states(CN_OUTPUT_RESOLUTION);
    f->s.model.lockin = 0.0;
    cn_world *w = fx_world(f);
    assert_non_null(w);
    vote_and_adopt(w, 3);
    cn_forum_state *fs = &w->fs[0];
    assert_int_equal(fs->in_force, 1);
    assert_int_equal(fs->in_force_round, 3);
    assert_int_equal(fs->n_ratified, 4);
    assert_int_equal(fs->n_signed, 0);
    int g = w->forum_regime[0];
    assert_int_equal(g, 1);
    assert_int_equal(w->regime_binding[g], 1);
    assert_int_equal(w->regime_in_force[g], 1);
    for (int i = 0; i < 4; i++)
        assert_int_equal(w->regime_party[g * 4 + i], 1);
    FX_NEAR(w->regime_text[g], 0.6, 0.0);
    cn_world_free(w);
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_treaty_report_parties),
        cmocka_unit_test(test_treaty_signature_ratification_force),
        cmocka_unit_test(test_treaty_ratify_probability),
        cmocka_unit_test(test_treaty_ratify_scale),
        cmocka_unit_test(test_treaty_resolution_binds_all),
        cmocka_unit_test(test_treaty_lockin_positive),
        cmocka_unit_test(test_treaty_lockin_negative),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
