/* test_decision.c - utility, no-agreement value, quantal response, votes and
 * every decision rule, with values worked out by hand (cn_decision.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cn_decision.h"
#include "mechanism_fixture.h"

/* U = -sum_d s_d |x_d - y_d|^p on x = (0.2, 0.7), s = (1.5, 0.5),
 * y = (0.5, 0.3): distances 0.3 and 0.4. */
static void test_decision_utility_by_hand(void **state)
{
    (void)state;
    const double x[2] = {0.2, 0.7}, s[2] = {1.5, 0.5}, y[2] = {0.5, 0.3};
    /* p = 2: -(1.5 * 0.09 + 0.5 * 0.16) = -0.215 */
    FX_NEAR(cn_decision_utility(x, s, y, 2, 2.0), -0.215, FX_TOL);
    /* p = 1: -(1.5 * 0.3 + 0.5 * 0.4) = -0.65 */
    FX_NEAR(cn_decision_utility(x, s, y, 2, 1.0), -0.65, FX_TOL);
    /* p = 3 (the general pow branch): -(1.5 * 0.027 + 0.5 * 0.064) = -0.0725 */
    FX_NEAR(cn_decision_utility(x, s, y, 2, 3.0), -0.0725, FX_TOL);
    /* only the first d dimensions count */
    FX_NEAR(cn_decision_utility(x, s, y, 1, 2.0), -0.135, FX_TOL);
    /* the ideal point itself: 0 */
    FX_NEAR(cn_decision_utility(x, s, x, 2, 2.0), 0.0, FX_TOL);
}

/* Two states on (scope, form); status quo (0.5, 0.5).  State 0: x = (0.2,
 * 0.7), s = (1.5, 0.5): U(sq) = -(1.5 * 0.09 + 0.5 * 0.04) = -0.155. */
static fx_scenario *two_states(void)
{
    fx_scenario *f = fx_new(2, 2);
    const double a[2] = {0.2, 0.7}, b[2] = {0.9, 0.1};
    fx_state(f, 0, a, 1.0, 0.7);
    fx_state(f, 1, b, 1.0, 0.7);
    f->states[0].salience[0] = 1.5;
    f->states[0].salience[1] = 0.5;
    return f;
}

static void test_decision_no_agreement_status_quo(void **state)
{
    (void)state;
    fx_scenario *f = two_states();
    cn_world *w = fx_world(f);
    assert_non_null(w);
    FX_NEAR(cn_decision_no_agreement(w, 0), -0.155, FX_TOL);
    /* state 1: x = (0.9, 0.1), s = 1: -(0.16 + 0.16) = -0.32 */
    FX_NEAR(cn_decision_no_agreement(w, 1), -0.32, FX_TOL);
    /* pressure lowers the value of no agreement one for one */
    w->pressure[0] = 0.1;
    FX_NEAR(cn_decision_no_agreement(w, 0), -0.255, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

static void test_decision_no_agreement_regime(void **state)
{
    (void)state;
    fx_scenario *f = two_states();
    const double good[2] = {0.1, 0.9}, bad[2] = {0.9, 0.1};
    const int p0[1] = {0};
    fx_regime(f, "good", good, 0, p0, 1);
    cn_world *w = fx_world(f);
    assert_non_null(w);
    /* party to (0.1, 0.9): -(1.5 * 0.01 + 0.5 * 0.04) = -0.035 */
    FX_NEAR(cn_decision_no_agreement(w, 0), -0.035, FX_TOL);
    /* state 1 is not a party: the status quo */
    FX_NEAR(cn_decision_no_agreement(w, 1), -0.32, FX_TOL);
    /* with pressure 0.1: -0.135 */
    w->pressure[0] = 0.1;
    FX_NEAR(cn_decision_no_agreement(w, 0), -0.135, FX_TOL);
    /* gain of the state's own ideal: 0 - (-0.135) */
    const double y[2] = {0.2, 0.7};
    FX_NEAR(cn_decision_gain(w, 0, y), 0.135, FX_TOL);
    /* a regime not in force does not count */
    w->regime_in_force[0] = 0;
    FX_NEAR(cn_decision_no_agreement(w, 0), -0.255, FX_TOL);
    cn_world_free(w);
    fx_free(f);

    /* a regime worse than the status quo does not lower the reference
     * point: (0.9, 0.1) gives -(1.5 * 0.49 + 0.5 * 0.36) = -0.915 < -0.255,
     * so the status quo's -0.155 (no pressure here) stands */
    f = two_states();
    fx_regime(f, "bad", bad, 0, p0, 1);
    w = fx_world(f);
    assert_non_null(w);
    FX_NEAR(cn_decision_no_agreement(w, 0), -0.155, FX_TOL);
    cn_world_free(w);
    fx_free(f);

    /* party to both: the better one */
    f = two_states();
    fx_regime(f, "bad", bad, 0, p0, 1);
    fx_regime(f, "good", good, 1, p0, 1);
    w = fx_world(f);
    assert_non_null(w);
    FX_NEAR(cn_decision_no_agreement(w, 0), -0.035, FX_TOL);
    /* regime weight 0.5 (as for a report with report_regime_weight 0.5):
     * halfway between the status quo and the best regime:
     * -0.155 + 0.5 * (-0.035 + 0.155) = -0.095; weight 0: the status quo */
    w->regime_weight = 0.5;
    FX_NEAR(cn_decision_no_agreement(w, 0), -0.095, FX_TOL);
    w->regime_weight = 0.0;
    FX_NEAR(cn_decision_no_agreement(w, 0), -0.155, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

static void test_decision_p_support_known_values(void **state)
{
    (void)state;
    FX_NEAR(cn_decision_p_support(20.0, 0.0), 0.5, FX_TOL);
    FX_NEAR(cn_decision_p_support(0.0, 5.0), 0.5, FX_TOL);
    /* beta * gain = ln 3: 1 / (1 + 1/3) = 0.75 */
    FX_NEAR(cn_decision_p_support(2.0, log(3.0) / 2.0), 0.75, FX_TOL);
    /* beta * gain = -ln 3: 0.25 (the branch for negative z) */
    FX_NEAR(cn_decision_p_support(2.0, -log(3.0) / 2.0), 0.25, FX_TOL);
    /* no overflow at the extremes */
    FX_NEAR(cn_decision_p_support(1000.0, 10.0), 1.0, FX_TOL);
    FX_NEAR(cn_decision_p_support(1000.0, -10.0), 0.0, FX_TOL);
}

/* A consensus forum's vote (no deference, no objection cost) under the
 * fixture's current model parameters. */
static int vote(const cn_world *w, int i, const double *y, gsl_rng *r)
{
    cn_vote_params vp;
    cn_decision_vote_params(w->s, CN_RULE_CONSENSUS, &vp);
    return cn_decision_vote(w, i, y, &vp, r);
}

static void pv(double beta, double a, double b, double o, double gain, double *ps, double *po)
{
    const cn_vote_params vp = {.beta = beta, .a = a, .deference = b, .objection_cost = o};
    cn_decision_p_vote(&vp, gain, ps, po);
}

/* The ordered quantal response by hand:
 *   beta 1, a = ln 2, gain = ln 6: P(support) = logistic(ln 3) = 3/4,
 *     P(object) = logistic(-ln 12) = 1/13, abstain 1 - 3/4 - 1/13;
 *   gain 0, a = ln 3: both logistic(-ln 3) = 1/4, abstain 1/2;
 *   a = 0: the binary logit, P(support) + P(object) = 1;
 *   a < 0 counts as 0. */
static void test_decision_p_vote_known_values(void **state)
{
    (void)state;
    double ps = -1.0, po = -1.0;
    pv(1.0, log(2.0), 0.0, 0.0, log(6.0), &ps, &po);
    FX_NEAR(ps, 0.75, FX_TOL);
    FX_NEAR(po, 1.0 / 13.0, FX_TOL);
    pv(1.0, log(3.0), 0.0, 0.0, 0.0, &ps, &po);
    FX_NEAR(ps, 0.25, FX_TOL);
    FX_NEAR(po, 0.25, FX_TOL);
    /* negative gain mirrors: gain -ln 6 swaps the two */
    pv(1.0, log(2.0), 0.0, 0.0, -log(6.0), &ps, &po);
    FX_NEAR(ps, 1.0 / 13.0, FX_TOL);
    FX_NEAR(po, 0.75, FX_TOL);
    pv(2.0, 0.0, 0.0, 0.0, log(3.0) / 2.0, &ps, &po);
    FX_NEAR(ps, 0.75, FX_TOL);
    FX_NEAR(po, 0.25, FX_TOL);
    pv(2.0, -0.5, 0.0, 0.0, log(3.0) / 2.0, &ps, &po);
    FX_NEAR(ps, 0.75, FX_TOL);
    FX_NEAR(po, 0.25, FX_TOL);
}

/* Recorded votes (docs/model.md, section 8): g = gain + b, object below
 * -(a + o).  beta 1, a = ln 2, b = ln 2, o = ln 3, gain 0: P(support) =
 * logistic(0) = 1/2, P(object) = logistic(-ln 2 - ln 2 - ln 3) =
 * logistic(-ln 12) = 1/13; a negative o counts as 0: logistic(-ln 4) = 1/5. */
static void test_decision_p_vote_recorded_known_values(void **state)
{
    (void)state;
    double ps = -1.0, po = -1.0;
    pv(1.0, log(2.0), log(2.0), log(3.0), 0.0, &ps, &po);
    FX_NEAR(ps, 0.5, FX_TOL);
    FX_NEAR(po, 1.0 / 13.0, FX_TOL);
    pv(1.0, log(2.0), log(2.0), -1.0, 0.0, &ps, &po);
    FX_NEAR(ps, 0.5, FX_TOL);
    FX_NEAR(po, 0.2, FX_TOL);
    /* a negative deference lowers support: g = -ln 2 - ln 2 */
    pv(1.0, log(2.0), -log(2.0), 0.0, 0.0, &ps, &po);
    FX_NEAR(ps, 0.2, FX_TOL);
    FX_NEAR(po, 0.5, FX_TOL);
}

/* Deference and the vote's objection cost act in recorded votes only:
 * consensus and unanimity members are pivotal and vote on the gain, with
 * the consensus objection cost of their own. */
static void test_decision_vote_params_by_rule(void **state)
{
    (void)state;
    cn_scenario s;
    cn_scenario_defaults(&s);
    s.model.beta = 7.0;
    s.model.indifference = 0.03;
    s.model.vote_deference = 0.02;
    s.model.vote_objection_cost = 0.04;
    s.model.consensus_objection_cost = 0.05;
    const cn_rule rules[] = {CN_RULE_CONSENSUS, CN_RULE_UNANIMITY, CN_RULE_MAJORITY,
                             CN_RULE_TWO_THIRDS, CN_RULE_COUNCIL};
    for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++) {
        cn_vote_params vp;
        cn_decision_vote_params(&s, rules[k], &vp);
        int rec = rules[k] != CN_RULE_CONSENSUS && rules[k] != CN_RULE_UNANIMITY;
        assert_int_equal(cn_decision_recorded(rules[k]), rec);
        assert_true(vp.beta == 7.0 && vp.a == 0.03);
        assert_true(vp.deference == (rec ? 0.02 : 0.0));
        assert_true(vp.objection_cost == (rec ? 0.04 : 0.05));
    }
}

/* A recorded vote on the status quo itself (gain 0), beta a = ln 2 with
 * b = a and o = a: P(support) = logistic(0) = 1/2, P(object) =
 * logistic(-3 ln 2) = 1/9; the same state in a consensus forum supports
 * and objects with logistic(-ln 2) = 1/3 each. */
static void test_decision_vote_recorded_frequency(void **state)
{
    (void)state;
    fx_scenario *f = two_states();
    f->s.model.indifference = 0.02;
    f->s.model.beta = log(2.0) / 0.02;
    f->s.model.vote_deference = 0.02;
    f->s.model.vote_objection_cost = 0.02;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(77);
    const double sq[2] = {0.5, 0.5};
    FX_NEAR(cn_decision_gain(w, 0, sq), 0.0, FX_TOL);
    const cn_rule rules[2] = {CN_RULE_MAJORITY, CN_RULE_CONSENSUS};
    const double want_yes[2] = {0.5, 1.0 / 3.0}, want_no[2] = {1.0 / 9.0, 1.0 / 3.0};
    const int n = 20000;
    for (int k = 0; k < 2; k++) {
        cn_vote_params vp;
        cn_decision_vote_params(w->s, rules[k], &vp);
        int yes = 0, no = 0;
        for (int j = 0; j < n; j++) {
            int v = cn_decision_vote(w, 0, sq, &vp, r);
            yes += v == CN_VOTE_SUPPORT;
            no += v == CN_VOTE_OBJECT;
        }
        FX_NEAR((double)yes / n, want_yes[k], 0.015);
        FX_NEAR((double)no / n, want_no[k], 0.015);
    }
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

static void test_decision_vote_indifference_and_extremes(void **state)
{
    (void)state;
    fx_scenario *f = two_states();
    f->s.model.beta = 1000.0;
    f->s.model.indifference = 0.05;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(7);
    assert_non_null(w);
    assert_non_null(r);
    /* state 0 on its own ideal: gain 0.155, P(support) = logistic(105) */
    const double own[2] = {0.2, 0.7};
    /* far text (0.9, 0.1): U = -0.915, gain -0.76: P(object) = logistic(710) */
    const double far[2] = {0.9, 0.1};
    /* (0.5, 0.52): U = -(1.5 * 0.09 + 0.5 * 0.0324) = -0.1512, gain 0.0038:
     * P(support) = logistic(-46.2), P(object) = logistic(-53.8): abstains;
     * the status quo itself: gain 0, logistic(-50) each way */
    const double near[2] = {0.5, 0.52}, sq[2] = {0.5, 0.5};
    FX_NEAR(cn_decision_gain(w, 0, near), 0.0038, FX_TOL);
    FX_NEAR(cn_decision_gain(w, 0, sq), 0.0, FX_TOL);
    for (int k = 0; k < 200; k++) {
        assert_int_equal(vote(w, 0, own, r), CN_VOTE_SUPPORT);
        assert_int_equal(vote(w, 0, far, r), CN_VOTE_OBJECT);
        assert_int_equal(vote(w, 0, near, r), CN_VOTE_ABSTAIN);
        assert_int_equal(vote(w, 0, sq, r), CN_VOTE_ABSTAIN);
    }
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* Every vote uses exactly one uniform, abstention included, so streams
 * stay aligned whatever the outcome; the uniform u decides: u < P(support)
 * supports, u < 1 - P(object) abstains, otherwise objects. */
static void test_decision_vote_one_draw(void **state)
{
    (void)state;
    fx_scenario *f = two_states();
    f->s.model.indifference = 1.0; /* everybody abstains */
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(99), *ref = fx_rng(99);
    const double y[2] = {0.3, 0.3};
    assert_int_equal(vote(w, 0, y, r), CN_VOTE_ABSTAIN);
    (void)gsl_rng_uniform(ref);
    assert_int_equal(gsl_rng_get(r), gsl_rng_get(ref));
    /* a mixed case: gain ln 6 / beta with beta a = ln 2 (as in
     * test_decision_p_vote_known_values): replay each uniform */
    f->s.model.beta = log(6.0) / 0.155; /* own ideal: gain 0.155 */
    f->s.model.indifference = 0.155 * log(2.0) / log(6.0);
    const double own[2] = {0.2, 0.7};
    int seen[3] = {0, 0, 0};
    for (int k = 0; k < 500; k++) {
        double u = gsl_rng_uniform(ref);
        int want = u < 0.75 ? CN_VOTE_SUPPORT
                            : (u < 1.0 - 1.0 / 13.0 ? CN_VOTE_ABSTAIN : CN_VOTE_OBJECT);
        int got = vote(w, 0, own, r);
        assert_int_equal(got, want);
        seen[got == CN_VOTE_SUPPORT ? 0 : (got == CN_VOTE_ABSTAIN ? 1 : 2)]++;
    }
    /* every branch was taken */
    assert_true(seen[0] > 0 && seen[1] > 0 && seen[2] > 0);
    gsl_rng_free(r);
    gsl_rng_free(ref);
    cn_world_free(w);
    fx_free(f);
}

/* P(support) 3/4, P(abstain) 1 - 3/4 - 1/13 = 0.1731, P(object) 1/13 =
 * 0.0769 in 20000 votes (s.d. at most 0.0031); and the binary logit
 * (threshold 0) at beta * gain = ln 3: support 3/4, never abstains. */
static void test_decision_vote_frequency(void **state)
{
    (void)state;
    fx_scenario *f = two_states();
    const double own[2] = {0.2, 0.7}; /* gain 0.155 */
    f->s.model.beta = log(6.0) / 0.155;
    f->s.model.indifference = 0.155 * log(2.0) / log(6.0);
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(2024);
    int yes = 0, abst = 0, no = 0;
    const int n = 20000;
    for (int k = 0; k < n; k++) {
        int v = vote(w, 0, own, r);
        yes += v == CN_VOTE_SUPPORT;
        abst += v == CN_VOTE_ABSTAIN;
        no += v == CN_VOTE_OBJECT;
    }
    FX_NEAR((double)yes / n, 0.75, 0.015);
    FX_NEAR((double)abst / n, 1.0 - 0.75 - 1.0 / 13.0, 0.015);
    FX_NEAR((double)no / n, 1.0 / 13.0, 0.015);
    /* threshold 0, beta * gain = ln 3: the binary logit */
    f->s.model.indifference = 0.0;
    f->s.model.beta = log(3.0) / 0.155;
    yes = abst = 0;
    for (int k = 0; k < n; k++) {
        int v = vote(w, 0, own, r);
        yes += v == CN_VOTE_SUPPORT;
        abst += v == CN_VOTE_ABSTAIN;
    }
    FX_NEAR((double)yes / n, 0.75, 0.015);
    assert_int_equal(abst, 0);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

static cn_decision_result rule(cn_rule rl, int members, int yes, int no, int abstain, int veto_no,
                               int budget, double dilution, int quota)
{
    cn_decision_result res;
    res.adopted = -1;
    res.strength = -1.0;
    res.footnotes = -1;
    cn_decision_rule(rl, members, yes, no, abstain, veto_no, budget, dilution, quota, &res);
    return res;
}

static void test_decision_rule_consensus_footnotes(void **state)
{
    (void)state;
    cn_decision_result res;
    /* 3 members, nobody objects */
    res = rule(CN_RULE_CONSENSUS, 3, 3, 0, 0, 0, 0, 0.15, 9);
    assert_int_equal(res.adopted, 1);
    assert_int_equal(res.footnotes, 0);
    FX_NEAR(res.strength, 1.0, FX_TOL);
    /* abstentions do not block */
    res = rule(CN_RULE_CONSENSUS, 3, 1, 0, 2, 0, 0, 0.15, 9);
    assert_int_equal(res.adopted, 1);
    FX_NEAR(res.strength, 1.0, FX_TOL);
    /* one objection, no budget: fails */
    res = rule(CN_RULE_CONSENSUS, 3, 2, 1, 0, 0, 0, 0.15, 9);
    assert_int_equal(res.adopted, 0);
    /* one objection fits a budget of 1: one footnote, strength 1 - 0.15 */
    res = rule(CN_RULE_CONSENSUS, 3, 2, 1, 0, 0, 1, 0.15, 9);
    assert_int_equal(res.adopted, 1);
    assert_int_equal(res.footnotes, 1);
    FX_NEAR(res.strength, 0.85, FX_TOL);
    /* two objections, budget 1: fails */
    res = rule(CN_RULE_CONSENSUS, 3, 1, 2, 0, 0, 1, 0.15, 9);
    assert_int_equal(res.adopted, 0);
    assert_int_equal(res.footnotes, 0);
    /* two objections, budget 2: strength 1 - 2 * 0.15 = 0.7 */
    res = rule(CN_RULE_CONSENSUS, 3, 1, 2, 0, 0, 2, 0.15, 9);
    assert_int_equal(res.adopted, 1);
    assert_int_equal(res.footnotes, 2);
    FX_NEAR(res.strength, 0.7, FX_TOL);
    /* strength never below 0: 3 footnotes of 0.4 */
    res = rule(CN_RULE_CONSENSUS, 4, 1, 3, 0, 0, 5, 0.4, 9);
    assert_int_equal(res.adopted, 1);
    FX_NEAR(res.strength, 0.0, FX_TOL);
    /* nobody in favour (all abstain): no text */
    res = rule(CN_RULE_CONSENSUS, 3, 0, 0, 3, 0, 0, 0.15, 9);
    assert_int_equal(res.adopted, 0);
}

static void test_decision_rule_unanimity(void **state)
{
    (void)state;
    assert_int_equal(rule(CN_RULE_UNANIMITY, 3, 3, 0, 0, 0, 5, 0.1, 9).adopted, 1);
    FX_NEAR(rule(CN_RULE_UNANIMITY, 3, 3, 0, 0, 0, 5, 0.1, 9).strength, 1.0, FX_TOL);
    /* one abstention blocks, whatever the footnote budget */
    assert_int_equal(rule(CN_RULE_UNANIMITY, 3, 2, 0, 1, 0, 5, 0.1, 9).adopted, 0);
    assert_int_equal(rule(CN_RULE_UNANIMITY, 3, 2, 1, 0, 0, 5, 0.1, 9).adopted, 0);
    assert_int_equal(rule(CN_RULE_UNANIMITY, 0, 0, 0, 0, 0, 5, 0.1, 9).adopted, 0);
}

static void test_decision_rule_majority(void **state)
{
    (void)state;
    cn_decision_result res = rule(CN_RULE_MAJORITY, 5, 3, 2, 0, 0, 0, 0.1, 9);
    assert_int_equal(res.adopted, 1);
    FX_NEAR(res.strength, 1.0, FX_TOL);
    assert_int_equal(res.footnotes, 0);
    /* a tie fails */
    assert_int_equal(rule(CN_RULE_MAJORITY, 4, 2, 2, 0, 0, 0, 0.1, 9).adopted, 0);
    /* abstentions do not count: 2 yes, 1 no, 10 abstain passes */
    assert_int_equal(rule(CN_RULE_MAJORITY, 13, 2, 1, 10, 0, 0, 0.1, 9).adopted, 1);
    /* nobody voting: fails */
    assert_int_equal(rule(CN_RULE_MAJORITY, 3, 0, 0, 3, 0, 0, 0.1, 9).adopted, 0);
}

static void test_decision_rule_two_thirds(void **state)
{
    (void)state;
    /* boundary: 2 of 3 voting passes, 1 of 2 fails */
    assert_int_equal(rule(CN_RULE_TWO_THIRDS, 3, 2, 1, 0, 0, 0, 0.1, 9).adopted, 1);
    assert_int_equal(rule(CN_RULE_TWO_THIRDS, 2, 1, 1, 0, 0, 0, 0.1, 9).adopted, 0);
    /* 119 yes, 46 no, 14 abstain (UNGA 73/27): 119 / 165 = 0.72 passes */
    assert_int_equal(rule(CN_RULE_TWO_THIRDS, 179, 119, 46, 14, 0, 0, 0.1, 9).adopted, 1);
    /* 65 yes, 33 no: 65 / 98 < 2/3 fails */
    assert_int_equal(rule(CN_RULE_TWO_THIRDS, 98, 65, 33, 0, 0, 0, 0.1, 9).adopted, 0);
    /* nobody voting: fails */
    assert_int_equal(rule(CN_RULE_TWO_THIRDS, 3, 0, 0, 3, 0, 0, 0.1, 9).adopted, 0);
    FX_NEAR(rule(CN_RULE_TWO_THIRDS, 3, 2, 1, 0, 0, 0, 0.1, 9).strength, 1.0, FX_TOL);
}

static void test_decision_rule_council(void **state)
{
    (void)state;
    /* 9 yes, one veto holder says no: fails */
    assert_int_equal(rule(CN_RULE_COUNCIL, 15, 9, 1, 5, 1, 0, 0.1, 9).adopted, 0);
    /* 9 yes, 6 no from non-veto members: passes */
    assert_int_equal(rule(CN_RULE_COUNCIL, 15, 9, 6, 0, 0, 0, 0.1, 9).adopted, 1);
    FX_NEAR(rule(CN_RULE_COUNCIL, 15, 9, 6, 0, 0, 0, 0.1, 9).strength, 1.0, FX_TOL);
    /* 8 yes: short of the quota */
    assert_int_equal(rule(CN_RULE_COUNCIL, 15, 8, 0, 7, 0, 0, 0.1, 9).adopted, 0);
    /* a veto holder abstaining does not block */
    assert_int_equal(rule(CN_RULE_COUNCIL, 15, 10, 0, 5, 0, 0, 0.1, 9).adopted, 1);
    /* the quota is a parameter */
    assert_int_equal(rule(CN_RULE_COUNCIL, 5, 3, 2, 0, 0, 0, 0.1, 3).adopted, 1);
}

/* cn_decision_prepare caches each member's no-agreement value for a
 * session: gains equal the uncached ones bit for bit; while prepared a
 * change of pressure is not seen (the value is the session's), a state
 * outside the forum is always computed afresh, and after release the
 * values are recomputed. */
static void test_decision_prepare_caches_per_session(void **state)
{
    (void)state;
    fx_scenario *f = two_states();
    const int members[1] = {0};
    fx_forum(f, "F", members, 1);
    cn_world *w = fx_world(f);
    assert_non_null(w);
    const double y[2] = {0.4, 0.4};
    double g0 = cn_decision_gain(w, 0, y), g1 = cn_decision_gain(w, 1, y);
    cn_decision_prepare(w, 0);
    assert_true(cn_decision_gain(w, 0, y) == g0);
    w->pressure[0] = 0.25;
    w->pressure[1] = 0.25;
    assert_true(cn_decision_gain(w, 0, y) == g0);            /* the session's value */
    FX_NEAR(cn_decision_gain(w, 1, y), g1 + 0.25, FX_TOL);    /* not a member: fresh */
    cn_decision_release(w, 0);
    FX_NEAR(cn_decision_gain(w, 0, y), g0 + 0.25, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}


/* The recorded-vote model of docs/model.md 8 on one dimension, by hand.
 * Status quo 0.5; S0 at 0.1 (camp A, its leader), S1 at 0.9 (camp B, its
 * leader), S2 at 0.5, S3 at 0.3.  Majority forum of all four on y = 0.2,
 * sponsored by A, with B's alternative z = 0.8 on the table; lambda 0.5,
 * kappa 0.1, b = a = o = 0.  U(x, t) = -(x - t)^2, gain = (1 - lambda)
 * (U(y) - U(q)) + lambda (U(y) - U(z)):
 *   S0: 0.5 (-0.01 + 0.16) + 0.5 (-0.01 + 0.49) = 0.315, cue +0.1: 0.415
 *   S1: 0.5 (-0.49 + 0.16) + 0.5 (-0.49 + 0.01) = -0.405, cue -0.1: -0.505
 *   S2: 0.5 (-0.09 - 0) + 0.5 (-0.09 + 0.09) = -0.045
 *   S3: 0.5 (-0.01 + 0.04) + 0.5 (-0.01 + 0.25) = 0.135 */
static fx_scenario *sponsored_vote(void)
{
    fx_scenario *f = fx_new(4, 1);
    const double x[4] = {0.1, 0.9, 0.5, 0.3};
    for (int i = 0; i < 4; i++)
        fx_state(f, i, &x[i], 1.0, 0.7);
    const int a[1] = {0}, b[1] = {1};
    int ca = fx_bloc(f, "A", a, 1, 0, 1), cb = fx_bloc(f, "B", b, 1, 1, 1);
    int g = fx_forum(f, "GA", NULL, 0);
    cn_forum *fo = &f->forums[g];
    fo->rule = CN_RULE_MAJORITY;
    fo->sponsor = ca;
    fo->has_alternative = 1;
    fo->alternative[0] = 0.8;
    fo->alternative_sponsor = cb;
    f->s.model.beta = 1.0;
    f->s.model.indifference = 0.0;
    f->s.model.rival_weight = 0.5;
    f->s.model.sponsor_cue = 0.1;
    return f;
}

static void test_decision_rival_and_cue_by_hand(void **state)
{
    (void)state;
    fx_scenario *f = sponsored_vote();
    cn_world *w = fx_world(f);
    assert_non_null(w);
    const double y[1] = {0.2};
    cn_decision_prepare(w, 0);
    cn_vote_params vp;
    cn_decision_vote_params(w->s, CN_RULE_MAJORITY, &vp);
    double g[4], ps[4], po[4];
    cn_decision_probs(w, 0, y, &vp, g, ps, po);
    const double want[4] = {0.415, -0.505, -0.045, 0.135};
    for (int t = 0; t < 4; t++) {
        FX_NEAR(g[t], want[t], 1e-12);
        FX_NEAR(ps[t], 1.0 / (1.0 + exp(-want[t])), 1e-12);
        FX_NEAR(po[t], 1.0 / (1.0 + exp(want[t])), 1e-12);
    }
    /* the same numbers outside the prepared session (narration, play) */
    cn_decision_release(w, 0);
    double p1, p2;
    cn_decision_p_member(w, 0, 2, y, &p1, &p2);
    FX_NEAR(p1, 1.0 / (1.0 + exp(0.045)), 1e-12);
    FX_NEAR(cn_decision_expected_support(w, 0, y),
            ps[0] + ps[1] + ps[2] + ps[3], 1e-12);
    cn_world_free(w);
    fx_free(f);
}

/* Hedging between the camps' leaders and a split bloc widen the
 * abstention band.  S2 listens to S0 with 0.3 and to S1 with 0.1 beyond
 * the base tie: e = 2 * 0.1 / 0.4 = 0.5; S3 has no patron: e = 0.  Bloc C
 * = {S2, S3}: S2's g < 0, S3's > 0, so p = 1/2 and h = 2 min(p, 1 - p) = 1
 * for both; A and B (one member each) are not split.  With hedge 0.2 and
 * split 0.05: S2's band = 0.2 * 0.5 + 0.05 = 0.15, S3's 0.05, S0's 0. */
static void test_decision_abstention_band_by_hand(void **state)
{
    (void)state;
    fx_scenario *f = sponsored_vote();
    fx_tie(f, 2, 0, 0.3, 0);
    fx_tie(f, 2, 1, 0.1, 0);
    const int c[2] = {2, 3};
    fx_bloc(f, "C", c, 2, 2, 0);
    f->s.model.abstain_hedge = 0.2;
    f->s.model.abstain_split = 0.05;
    cn_world *w = fx_world(f);
    assert_non_null(w);
    const double y[1] = {0.2};
    cn_decision_prepare(w, 0);
    FX_NEAR(w->vhedge[2], 0.5, 1e-12);
    FX_NEAR(w->vhedge[3], 0.0, 1e-12);
    FX_NEAR(w->vhedge[0], 0.0, 1e-12); /* a camp member does not hedge */
    cn_vote_params vp;
    cn_decision_vote_params(w->s, CN_RULE_MAJORITY, &vp);
    double g[4], ps[4], po[4];
    cn_decision_probs(w, 0, y, &vp, g, ps, po);
    /* bloc C adds base_tie-free weight only through the shared bloc */
    FX_NEAR(ps[2], 1.0 / (1.0 + exp(-(g[2] - 0.15))), 1e-12);
    FX_NEAR(po[2], 1.0 / (1.0 + exp(-(-g[2] - 0.15))), 1e-12);
    FX_NEAR(ps[3], 1.0 / (1.0 + exp(-(g[3] - 0.05))), 1e-12);
    FX_NEAR(ps[0], 1.0 / (1.0 + exp(-g[0])), 1e-12);
    cn_decision_release(w, 0);
    cn_world_free(w);
    fx_free(f);
}

/* Consensus: S0, camp A's leader, sits far from the text and objects
 * (beta 1000); S1, in camp A, sits on the text and supports alone.  With
 * bloc_discipline 1 it follows its leader and objects (reason: bloc);
 * with 0 it supports.  S2, outside the camp, is untouched. */
static void test_decision_bloc_discipline(void **state)
{
    (void)state;
    for (int disc = 0; disc <= 1; disc++) {
        fx_scenario *f = fx_new(3, 1);
        const double x[3] = {0.9, 0.2, 0.2};
        for (int i = 0; i < 3; i++)
            fx_state(f, i, &x[i], 1.0, 0.7);
        const int a[2] = {0, 1};
        fx_bloc(f, "A", a, 2, 0, 1);
        fx_forum(f, "F", NULL, 0);
        f->s.model.beta = 1000.0;
        f->s.model.bloc_discipline = disc;
        cn_world *w = fx_world(f);
        gsl_rng *r = fx_rng(5);
        assert_non_null(w);
        const double y[1] = {0.2};
        cn_decision_prepare(w, 0);
        cn_vote_count vc;
        cn_decision_vote_forum(w, 0, y, r, &vc);
        cn_decision_release(w, 0);
        assert_int_equal(w->fs[0].vote[0], CN_VOTE_OBJECT);
        assert_int_equal(w->fs[0].reason[0], CN_REASON_WORSE);
        assert_int_equal(w->fs[0].vote[1], disc ? CN_VOTE_OBJECT : CN_VOTE_SUPPORT);
        assert_int_equal(w->fs[0].reason[1], disc ? CN_REASON_BLOC : CN_REASON_NONE);
        assert_int_equal(w->fs[0].vote[2], CN_VOTE_SUPPORT);
        assert_int_equal(vc.no, 1 + disc);
        assert_int_equal(vc.yes, 2 - disc);
        gsl_rng_free(r);
        cn_world_free(w);
        fx_free(f);
    }
}

/* Reasons: a camp member that gains from a text but objects on the
 * sponsor cue is a camp objection; with beta 0 every vote is a coin flip
 * and a gaining state's objection is a surprise. */
static void test_decision_objection_reasons(void **state)
{
    (void)state;
    fx_scenario *f = sponsored_vote();
    /* S3 (gain 0.135) joins camp B: cue -0.2 gives g = -0.065 */
    f->bloc_members[1][1] = 3;
    f->blocs[1].n_members = 2;
    f->s.model.sponsor_cue = 0.2;
    f->s.model.beta = 1000.0;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(9);
    assert_non_null(w);
    const double y[1] = {0.2};
    cn_decision_prepare(w, 0);
    cn_vote_count vc;
    cn_decision_vote_forum(w, 0, y, r, &vc);
    assert_int_equal(w->fs[0].vote[3], CN_VOTE_OBJECT);
    assert_int_equal(w->fs[0].reason[3], CN_REASON_CAMP);
    assert_int_equal(w->fs[0].reason[1], CN_REASON_WORSE);
    assert_int_equal(w->fs[0].vote[0], CN_VOTE_SUPPORT);
    cn_decision_release(w, 0);
    /* coin flips: over 200 votes every objection of S0 is a surprise */
    f->s.model.beta = 0.0;
    int surprises = 0;
    for (int k = 0; k < 200; k++) {
        cn_decision_prepare(w, 0);
        cn_decision_vote_forum(w, 0, y, r, &vc);
        cn_decision_release(w, 0);
        if (w->fs[0].vote[0] == CN_VOTE_OBJECT) {
            assert_int_equal(w->fs[0].reason[0], CN_REASON_SURPRISE);
            surprises++;
        }
    }
    assert_in_range(surprises, 70, 130);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decision_utility_by_hand),
        cmocka_unit_test(test_decision_no_agreement_status_quo),
        cmocka_unit_test(test_decision_no_agreement_regime),
        cmocka_unit_test(test_decision_prepare_caches_per_session),
        cmocka_unit_test(test_decision_p_support_known_values),
        cmocka_unit_test(test_decision_p_vote_known_values),
        cmocka_unit_test(test_decision_p_vote_recorded_known_values),
        cmocka_unit_test(test_decision_vote_params_by_rule),
        cmocka_unit_test(test_decision_vote_recorded_frequency),
        cmocka_unit_test(test_decision_vote_indifference_and_extremes),
        cmocka_unit_test(test_decision_vote_one_draw),
        cmocka_unit_test(test_decision_vote_frequency),
        cmocka_unit_test(test_decision_rule_consensus_footnotes),
        cmocka_unit_test(test_decision_rule_unanimity),
        cmocka_unit_test(test_decision_rule_majority),
        cmocka_unit_test(test_decision_rule_two_thirds),
        cmocka_unit_test(test_decision_rule_council),
        cmocka_unit_test(test_decision_rival_and_cue_by_hand),
        cmocka_unit_test(test_decision_abstention_band_by_hand),
        cmocka_unit_test(test_decision_bloc_discipline),
        cmocka_unit_test(test_decision_objection_reasons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
