/* test_treaty.c - after adoption: a nonbinding text's parties, a
 * decision's binding force, a treaty's signature, ratification, accession
 * and entry into force following the text and the state, lock-in both
 * ways (cn_treaty.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "cn_decision.h"
#include "cn_error.h"
#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_replication.h"
#include "cn_rng.h"
#include "cn_schema.h"
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

/* The willingness to join by hand: beta 20, theta 0.05, text 0.6 against
 * the status quo 0.5 on one dimension.  State 2 (x 0.9): gain -(0.3)^2 +
 * (0.4)^2 = 0.07, logistic(20 (0.07 - 0.05)) = logistic(0.4); state 0 (x
 * 0.2, the supporter): gain -0.16 + 0.09 = -0.07, logistic(-2.4); state 1
 * (x 0.6, the abstainer): gain 0.01, logistic(-0.8). */
static void test_treaty_willing_by_hand(void **state)
{
    (void)state;
    fx_scenario *f = four_states(CN_OUTPUT_TREATY);
    f->s.model.lockin = 0.0;
    f->s.model.beta = 20.0;
    f->s.model.sign_threshold = 0.05;
    cn_world *w = fx_world(f);
    const double y = 0.6;
    FX_NEAR(cn_treaty_willing(w, 0, 2, &y), 1.0 / (1.0 + exp(-0.4)), 1e-12);
    FX_NEAR(cn_treaty_willing(w, 0, 0, &y), 1.0 / (1.0 + exp(2.4)), 1e-12);
    FX_NEAR(cn_treaty_willing(w, 0, 1, &y), 1.0 / (1.0 + exp(0.8)), 1e-12);
    /* the chance of an event of hazard 0.3 per year in 4 months */
    FX_NEAR(cn_treaty_chance(0.3, 4.0 / 12.0), 1.0 - exp(-0.1), 1e-15);
    FX_NEAR(cn_treaty_chance(0.0, 1.0), 0.0, 0.0);
    cn_world_free(w);
    fx_free(f);
}

/* Signature follows the text, not the vote (beta 1000: willingness 0 or
 * 1; theta 0; sign_open 1): at adoption the supporter 0 (gain -0.07) does
 * not sign; the abstainer 1 (gain 0.01) and the objector 2 (gain 0.07)
 * do; non-member 3 cannot.  Signature waits for the opening round: none
 * before it.  Signatories ratify from the round after signing (ratify 1000
 * per year: certain); entry into force at threshold 2, that round. */
static void test_treaty_signature_follows_text(void **state)
{
    (void)state;
    fx_scenario *f = four_states(CN_OUTPUT_TREATY);
    f->s.model.lockin = 0.0;
    f->s.model.beta = 1000.0;
    f->s.model.sign_threshold = 0.0;
    f->s.model.sign_open = 1.0;
    for (int i = 0; i < 4; i++)
        f->states[i].ratify = 1000.0;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(9);
    cn_forum_state *fs = &w->fs[0];
    vote_and_adopt(w, 3);
    assert_int_equal(fs->opens_round, 3);
    assert_int_equal(fs->n_signed, 0); /* adoption itself signs nobody */
    cn_treaty_round(w, 0, r);          /* round 3: the opening */
    const int signed3[4] = {0, 3, 3, 0};
    for (int i = 0; i < 4; i++)
        assert_int_equal(fs->signed_[i], signed3[i]);
    assert_int_equal(fs->n_signed, 2);
    assert_int_equal(fs->n_ratified, 0); /* not in the round of signing */
    assert_int_equal(w->forum_regime[0], -1);
    w->round = 4;
    cn_treaty_round(w, 0, r);
    assert_int_equal(fs->n_ratified, 2);
    assert_int_equal(fs->ratified[1], 4);
    assert_int_equal(fs->ratified[2], 4);
    assert_int_equal(fs->ratified[0], 0);
    assert_int_equal(fs->in_force, 1);
    assert_int_equal(fs->in_force_round, 4);
    int g = w->forum_regime[0];
    assert_int_equal(g, 1);
    assert_int_equal(w->regime_binding[g], 1);
    assert_int_equal(w->regime_in_force[g], 1);
    const int party[4] = {0, 1, 1, 0};
    for (int i = 0; i < 4; i++)
        assert_int_equal(w->regime_party[g * 4 + i], party[i]);
    /* the unwilling supporter never signs in later rounds either */
    for (int round = 5; round < 30; round++) {
        w->round = round;
        cn_treaty_round(w, 0, r);
    }
    assert_int_equal(fs->signed_[0], 0);
    assert_int_equal(fs->n_ratified, 2);
    assert_int_equal(fs->in_force_round, 4);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* Opening and later signature frequencies (20000 tries, beta 20, theta
 * 0.05): the objector 2 (willing logistic(0.4) = 0.5987) signs at the
 * opening with probability sign_open willing = 0.5 * 0.5987; in a later
 * round with (1 - exp(-sign_rate dt)) willing, sign_rate 0.9 per year, dt
 * 1/3: (1 - e^-0.3) 0.5987 = 0.1551. */
static void test_treaty_signature_frequencies(void **state)
{
    (void)state;
    fx_scenario *f = four_states(CN_OUTPUT_TREATY);
    f->s.model.lockin = 0.0;
    f->s.model.beta = 20.0;
    f->s.model.sign_threshold = 0.05;
    f->s.model.sign_open = 0.5;
    f->s.model.sign_rate = 0.9;
    f->forums[0].threshold = 3;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(21);
    cn_forum_state *fs = &w->fs[0];
    vote_and_adopt(w, 1);
    const double willing = 1.0 / (1.0 + exp(-0.4));
    const int n = 20000;
    int open = 0, later = 0;
    for (int k = 0; k < n; k++) {
        memset(fs->signed_, 0, 4 * sizeof *fs->signed_);
        fs->n_signed = 0;
        w->round = 1;
        cn_treaty_round(w, 0, r);
        open += fs->signed_[2] != 0;
        memset(fs->signed_, 0, 4 * sizeof *fs->signed_);
        fs->n_signed = 0;
        w->round = 2;
        cn_treaty_round(w, 0, r);
        later += fs->signed_[2] != 0;
    }
    FX_NEAR((double)open / n, 0.5 * willing, 0.012);
    FX_NEAR((double)later / n, (1.0 - exp(-0.3)) * willing, 0.008);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* The share of 20000 one-round tries in which signatory i (signed in round
 * 1, with the given per-year ratify) ratifies in round 2, in a forum of
 * threshold 3 with the given ratify_scale (beta 20, theta 0.05). */
static double ratify_share(int i, double ratify, double scale, unsigned long seed)
{
    fx_scenario *f = four_states(CN_OUTPUT_TREATY);
    f->s.model.lockin = 0.0;
    f->s.model.beta = 20.0;
    f->s.model.sign_threshold = 0.05;
    f->states[i].ratify = ratify;
    f->forums[0].threshold = 3;
    f->forums[0].ratify_scale = scale;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(seed);
    cn_forum_state *fs = &w->fs[0];
    vote_and_adopt(w, 1);
    fs->opens_round = 1;
    w->round = 2;
    const int n = 20000;
    int hits = 0;
    for (int k = 0; k < n; k++) {
        memset(fs->signed_, 0, 4 * sizeof *fs->signed_);
        memset(fs->ratified, 0, 4 * sizeof *fs->ratified);
        fs->signed_[i] = 1;
        fs->n_signed = 1;
        fs->n_ratified = 0;
        fs->opens_round = 1;
        /* round 2 is after the opening: the others may sign, i may ratify */
        cn_treaty_round(w, 0, r);
        hits += fs->ratified[i] != 0;
        assert_int_equal(fs->in_force, 0);
    }
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
    return (double)hits / n;
}

/* Ratification: 1 - exp(-scale ratify willing dt), dt = 1/3 year.  State
 * 2 (willing 0.5987) at ratify 0.9 per year: 1 - exp(-0.1796) = 0.1644;
 * at scale 2: 1 - exp(-0.3592) = 0.3018; state 1, which likes the text
 * less (willing logistic(-0.8) = 0.3100), ratifies more slowly at the same
 * propensity: 1 - exp(-0.0930) = 0.0888; ratify 0: never. */
static void test_treaty_ratification_hazard(void **state)
{
    (void)state;
    const double w2 = 1.0 / (1.0 + exp(-0.4)), w1 = 1.0 / (1.0 + exp(0.8));
    FX_NEAR(ratify_share(2, 0.9, 1.0, 10), 1.0 - exp(-0.9 * w2 / 3.0), 0.01);
    FX_NEAR(ratify_share(2, 0.9, 2.0, 11), 1.0 - exp(-1.8 * w2 / 3.0), 0.012);
    FX_NEAR(ratify_share(1, 0.9, 1.0, 12), 1.0 - exp(-0.9 * w1 / 3.0), 0.008);
    FX_NEAR(ratify_share(2, 0.0, 50.0, 13), 0.0, 0.0);
}

/* Entry into force follows the treaty's rule: threshold 2 reached in round
 * 4; force_delay 5 months in rounds of 4 months: due 2 rounds later, in
 * force in round 6 (not binding before); the date-set opening: a calendar
 * from 2000-01, signature_opens 2000-09 (round 3) for a text adopted in
 * round 1.  A non-member in open_to accedes only once in force. */
static void test_treaty_opening_delay_accession(void **state)
{
    (void)state;
    fx_scenario *f = four_states(CN_OUTPUT_TREATY);
    f->s.model.lockin = 0.0;
    f->s.model.beta = 1000.0;
    f->s.model.sign_threshold = 0.0;
    f->s.model.sign_open = 1.0;
    f->s.calendar.start = 12 * 2000;
    f->forums[0].signature_opens = 12 * 2000 + 8;
    f->forums[0].force_delay = 5;
    f->forums[0].open_to[0] = 3;
    f->forums[0].open_to[1] = 2; /* a member: signs, never "accedes" */
    f->forums[0].n_open_to = 2;
    for (int i = 0; i < 4; i++)
        f->states[i].ratify = 1000.0;
    f->states[3].ideal[0] = 0.6; /* the non-member likes the text */
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(5);
    cn_forum_state *fs = &w->fs[0];
    assert_int_equal(fs->accede[3], 1);
    assert_int_equal(fs->accede[2], 0);
    vote_and_adopt(w, 1);
    assert_int_equal(fs->opens_round, 3);
    for (int round = 1; round <= 8; round++) {
        w->round = round;
        cn_treaty_round(w, 0, r);
        if (round < 3)
            assert_int_equal(fs->n_signed, 0);
        if (round == 3)
            assert_int_equal(fs->n_signed, 2);
        if (round == 4) {
            assert_int_equal(fs->n_ratified, 2);
            assert_int_equal(fs->force_round, 6);
        }
        if (round < 6) {
            assert_int_equal(fs->in_force, 0);
            assert_int_equal(fs->ratified[3], 0);
            assert_int_equal(w->forum_regime[0], -1);
        }
    }
    assert_int_equal(fs->in_force, 1);
    assert_int_equal(fs->in_force_round, 6);
    assert_int_equal(fs->ratified[3], 7); /* in force in round 6: accedes in round 7 */
    assert_int_equal(fs->signed_[3], 0);
    assert_int_equal(fs->n_ratified, 3);
    assert_int_equal(w->regime_party[w->forum_regime[0] * 4 + 3], 1);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
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

/* A Security Council decision binds every state at adoption: in force
 * that round, all four states parties (also state 3, not a member, and
 * state 2, which objected), nobody signs or ratifies. */
static void test_treaty_decision_binds_all(void **state)
{
    (void)state;
    fx_scenario *f = four_states(CN_OUTPUT_DECISION);
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

/* A declaration and a General Assembly resolution are nonbinding like a
 * report: in force at adoption, the non-objecting members parties, not
 * binding; the legal helpers agree. */
static void test_treaty_nonbinding_types(void **state)
{
    (void)state;
    const cn_output_kind kinds[2] = {CN_OUTPUT_DECLARATION, CN_OUTPUT_RESOLUTION};
    for (int k = 0; k < 2; k++) {
        fx_scenario *f = four_states(kinds[k]);
        f->s.model.lockin = 0.0;
        cn_world *w = fx_world(f);
        vote_and_adopt(w, 2);
        int g = w->forum_regime[0];
        assert_int_equal(g, 1);
        assert_int_equal(w->regime_binding[g], 0);
        assert_int_equal(w->regime_in_force[g], 1);
        const int party[4] = {1, 1, 0, 0};
        for (int i = 0; i < 4; i++)
            assert_int_equal(w->regime_party[g * 4 + i], party[i]);
        assert_int_equal(cn_output_binding(kinds[k]), 0);
        cn_world_free(w);
        fx_free(f);
    }
    assert_int_equal(cn_output_binding(CN_OUTPUT_REPORT), 0);
    assert_int_equal(cn_output_binding(CN_OUTPUT_TREATY), 1);
    assert_int_equal(cn_output_binding(CN_OUTPUT_DECISION), 1);
    assert_string_equal(cn_schema_output_name(CN_OUTPUT_DECISION), "decision");
    assert_string_equal(cn_schema_output_name(CN_OUTPUT_RESOLUTION), "resolution");
    assert_string_equal(cn_schema_output_name(CN_OUTPUT_DECLARATION), "declaration");
}

/* Forum issues (tests/data/issues_crime.cfg, by hand in its header): a
 * treaty about cybercrime counts scope and crime only, so the West, which
 * opposes obligations on state conduct (form) and favours binding crime
 * law, gains 0.9225 and signs; the same treaty with every dimension an
 * issue and firm obligations on state conduct (form 0.9) costs it 0.3375:
 * unwilling.  End to end, all four sign at the opening and it is in force. */
static void test_treaty_issues_crime(void **state)
{
    (void)state;
    cn_diag d;
    cn_scenario *s = NULL;
    assert_int_equal(cn_load_scenario("tests/data/issues_crime.cfg", NULL, 0, &s, &d), CN_OK);
    assert_true(s->forums[0].issues == 5u); /* scope and crime */
    assert_int_equal(s->forums[0].open[1], 0);
    FX_NEAR(s->forums[0].fixed[1], 0.0, 0.0);
    cn_world *w = cn_world_alloc(s);
    gsl_rng *r = fx_rng(1);
    cn_world_reset(w, r);
    const double y[3] = {0.15, 0.0, 0.8};
    cn_world_decide(w, 0);
    assert_int_equal(w->issues_all, 0);
    FX_NEAR(cn_decision_gain(w, 0, y), 0.9225, 1e-12);
    FX_NEAR(cn_decision_gain(w, 2, y), 0.1125, 1e-12);
    FX_NEAR(cn_decision_gain(w, 3, y), 0.5175, 1e-12);
    assert_true(cn_treaty_willing(w, 0, 0, y) > 0.999);
    /* a whole replication: everybody signs at the opening, in force */
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(s, &L), CN_OK);
    double *row = calloc((size_t)L.n, sizeof *row);
    assert_non_null(row);
    cn_rng_seed(r, 3, 0, 0);
    cn_replication_run(w, r, &L, row);
    FX_NEAR(row[cn_metrics_find(&L, "Crime.adopted")], 1.0, 0.0);
    FX_NEAR(row[cn_metrics_find(&L, "Crime.signatories")], 4.0, 0.0);
    FX_NEAR(row[cn_metrics_find(&L, "Crime.in_force")], 1.0, 0.0);
    FX_NEAR(row[cn_metrics_find(&L, "Crime.text.form")], 0.0, 0.0);
    free(row);
    cn_metrics_layout_free(&L);
    cn_world_free(w);
    cn_scenario_free(s);

    const char *sets[2] = {"forums.Crime.issues=[\"scope\",\"form\",\"crime\"]",
                           "forums.Crime.closed={ form = 0.9; }"};
    assert_int_equal(cn_load_scenario("tests/data/issues_crime.cfg", sets, 2, &s, &d), CN_OK);
    assert_true(s->forums[0].issues == 0u);
    w = cn_world_alloc(s);
    cn_world_reset(w, r);
    const double z[3] = {0.15, 0.9, 0.8};
    cn_world_decide(w, 0);
    assert_int_equal(w->issues_all, 1);
    FX_NEAR(cn_decision_gain(w, 0, z), -0.3375, 1e-12);
    assert_true(cn_treaty_willing(w, 0, 0, z) < 1e-100);
    cn_world_free(w);
    cn_scenario_free(s);
    gsl_rng_free(r);
}

/* Runs replications 0..n-1 of the scenario at path (with sets) and checks,
 * in each, that legal status and content are reported apart and agree:
 * world.binding is 1 exactly when forum F's binding instrument is in force
 * (a treaty in force, a decision adopted), F.bound is its parties then and
 * 0 otherwise, a DGC is binding; the text's form (content) plays no part.
 * Returns how many replications were binding; *low: how many of those
 * with content form below 0.5 (mostly voluntary language). */
static int legal_status_consistent(const char *path, const char *const *sets, int n_sets,
                                   const char *forum, int n, int *low)
{
    cn_diag d;
    cn_scenario *s = NULL;
    if (cn_load_scenario(path, sets, n_sets, &s, &d) != CN_OK)
        fail_msg("%s: %s", path, d.msg);
    int f = cn_scenario_forum(s, forum);
    assert_true(f >= 0);
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(s, &L), CN_OK);
    double *row = calloc((size_t)L.n, sizeof *row);
    cn_world *w = cn_world_alloc(s);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_true(row != NULL && w != NULL && r != NULL);
    const double *o = row + L.forum_base[f], *wm = row + L.world_base;
    int binding = 0, low_form_binding = 0;
    for (int k = 0; k < n; k++) {
        cn_rng_seed(r, s->run.seed, 0, (uint64_t)k);
        cn_replication_run(w, r, &L, row);
        int in_force = o[CN_FM_IN_FORCE] > 0.5 && o[CN_FM_ADOPTED] > 0.5;
        int binds = cn_output_binding(s->forums[f].output) && in_force;
        assert_int_equal((int)wm[CN_WM_BINDING], binds);
        FX_NEAR(o[CN_FM_BOUND], binds ? o[CN_FM_PARTIES] : 0.0, 0.0);
        if (s->forums[f].output == CN_OUTPUT_DECISION && binds)
            FX_NEAR(o[CN_FM_BOUND], s->n_states, 0.0);
        if (wm[CN_WM_DGC] > 0.5)
            assert_true(binds && o[CN_FM_BOUND] >= s->model.dgc_coverage * s->n_states);
        binding += binds;
        low_form_binding += binds && o[CN_FM_TEXT + s->dim_form] < 0.5;
    }
    gsl_rng_free(r);
    cn_world_free(w);
    free(row);
    cn_metrics_layout_free(&L);
    cn_scenario_free(s);
    *low = low_form_binding;
    return binding;
}

/* The Digital Geneva Convention hypothetical and the Council route of the
 * council-vs-assembly what-if: legal status and content agree in every
 * replication; the DGC treaty (its language mostly voluntary norms, form
 * about 0.25) binds where in force; a Council decision binds all states. */
static void test_treaty_dgc_and_council_route(void **state)
{
    (void)state;
    int low = 0;
    int b = legal_status_consistent("scenarios/history/dgc-hypothetical.cfg", NULL, 0, "DGC", 20,
                                    &low);
    assert_true(b > 0);
    assert_true(low > 0); /* a treaty in force with low-form content binds */
    const char *council[4] = {"forums.Route.members=[\"P5\"]", "forums.Route.draw=15",
                              "forums.Route.rule=council", "forums.Route.output=decision"};
    b = legal_status_consistent("scenarios/whatif/council-vs-assembly.cfg", council, 4, "Route",
                                20, &low);
    assert_true(b > 0);
    assert_true(low > 0);
    legal_status_consistent("scenarios/whatif/council-vs-assembly.cfg", NULL, 0, "Route", 20, &low);
    legal_status_consistent("scenarios/history/unsc-hypothetical.cfg", NULL, 0, "UNSC", 20, &low);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_treaty_report_parties),
        cmocka_unit_test(test_treaty_willing_by_hand),
        cmocka_unit_test(test_treaty_signature_follows_text),
        cmocka_unit_test(test_treaty_signature_frequencies),
        cmocka_unit_test(test_treaty_ratification_hazard),
        cmocka_unit_test(test_treaty_opening_delay_accession),
        cmocka_unit_test(test_treaty_decision_binds_all),
        cmocka_unit_test(test_treaty_nonbinding_types),
        cmocka_unit_test(test_treaty_issues_crime),
        cmocka_unit_test(test_treaty_dgc_and_council_route),
        cmocka_unit_test(test_treaty_lockin_positive),
        cmocka_unit_test(test_treaty_lockin_negative),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
