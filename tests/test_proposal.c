/* test_proposal.c - chairs, the weighted median, drafts, concessions, rival
 * drafts and expected support, by hand (cn_proposal.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cn_proposal.h"
#include "mechanism_fixture.h"

static void test_proposal_weighted_median(void **state)
{
    (void)state;
    /* (0.9, 3), (0.1, 1), (0.4, 1): total 5, half 2.5; sorted cumulative
     * 1, 2, 5 -> 0.9 */
    double a[6] = {0.9, 3.0, 0.1, 1.0, 0.4, 1.0};
    FX_NEAR(cn_proposal_weighted_median(a, 3), 0.9, 0.0);
    /* sorted in place, pairs kept together */
    FX_NEAR(a[0], 0.1, 0.0);
    FX_NEAR(a[1], 1.0, 0.0);
    FX_NEAR(a[4], 0.9, 0.0);
    FX_NEAR(a[5], 3.0, 0.0);
    /* an even split: cumulative weight reaches exactly half at the lower
     * value, which wins */
    double b[4] = {0.8, 1.0, 0.2, 1.0};
    FX_NEAR(cn_proposal_weighted_median(b, 2), 0.2, 0.0);
    /* zero weights never win: (0.1,0) (0.5,2) (0.7,0) (0.9,1): half 1.5 */
    double c[8] = {0.7, 0.0, 0.9, 1.0, 0.1, 0.0, 0.5, 2.0};
    FX_NEAR(cn_proposal_weighted_median(c, 4), 0.5, 0.0);
    /* tied values pool their weight: (0.5,1) (0.5,1) (0.2,1): 0.5 */
    double d[6] = {0.5, 1.0, 0.5, 1.0, 0.2, 1.0};
    FX_NEAR(cn_proposal_weighted_median(d, 3), 0.5, 0.0);
    /* all weights zero: the plain lower median of 0.1 0.3 0.5 0.7 */
    double e[8] = {0.3, 0.0, 0.1, 0.0, 0.7, 0.0, 0.5, 0.0};
    FX_NEAR(cn_proposal_weighted_median(e, 4), 0.3, 0.0);
    /* one value */
    double g[2] = {0.42, 5.0};
    FX_NEAR(cn_proposal_weighted_median(g, 1), 0.42, 0.0);
}

/* Three members on (scope, form), scope closed at 0.1.  Form: x = 0.2
 * (c 1, s 1), 0.5 (c 1, s 2), 0.9 (c 3, s 0.5): weights 1, 2, 1.5, total
 * 4.5, half 2.25, cumulative 1, 3 -> median 0.5.  Chair 2 (form 0.9),
 * chair_bias 0.25: y = 0.75 * 0.5 + 0.25 * 0.9 = 0.6. */
static fx_scenario *three_members(void)
{
    fx_scenario *f = fx_new(3, 2);
    const double x0[2] = {0.8, 0.2}, x1[2] = {0.6, 0.5}, x2[2] = {0.3, 0.9};
    fx_state(f, 0, x0, 1.0, 0.7);
    fx_state(f, 1, x1, 1.0, 0.7);
    fx_state(f, 2, x2, 3.0, 0.7);
    f->states[1].salience[1] = 2.0;
    f->states[2].salience[1] = 0.5;
    int g = fx_forum(f, "F", NULL, 0);
    cn_forum *fo = &f->forums[g];
    fo->open[0] = 0;
    fo->fixed[0] = 0.1;
    fo->chair_bias = 0.25;
    fo->sigma = 0.0;
    return f;
}

static void test_proposal_draft_by_hand(void **state)
{
    (void)state;
    fx_scenario *f = three_members();
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(3), *ref = fx_rng(3);
    assert_non_null(w);
    double y[2];
    cn_proposal_draft(w, 0, 2, r, y);
    FX_NEAR(y[0], 0.1, 0.0);
    FX_NEAR(y[1], 0.6, FX_TOL);
    /* chair 0 (form 0.2): 0.375 + 0.05 */
    cn_proposal_draft(w, 0, 0, r, y);
    FX_NEAR(y[1], 0.425, FX_TOL);
    /* sigma 0 draws nothing */
    assert_int_equal(gsl_rng_get(r), gsl_rng_get(ref));
    /* the median uses current positions, not anchors */
    w->x[0 * 2 + 1] = 0.7; /* 0.5 (2), 0.7 (1), 0.9 (1.5): cumulative 2, 3 */
    cn_proposal_draft(w, 0, 2, r, y);
    FX_NEAR(y[1], 0.75 * 0.7 + 0.25 * 0.9, FX_TOL);
    w->x[1 * 2 + 1] = 0.8; /* 0.7 (1), 0.8 (2), 0.9 (1.5): cumulative 1, 3 */
    cn_proposal_draft(w, 0, 2, r, y);
    FX_NEAR(y[1], 0.75 * 0.8 + 0.25 * 0.9, FX_TOL);
    gsl_rng_free(r);
    gsl_rng_free(ref);
    cn_world_free(w);
    fx_free(f);
}

/* The chair pulls the draft toward where it stands now (its current
 * position x), not toward its anchor x0 (docs/model.md, section 7).
 * three_members, chair 2 persuaded from its anchor 0.9 to 0.6 on form:
 * the weighted median stays 0.5 (0.2 (1), 0.5 (2), 0.6 (1.5): cumulative
 * 1, 3 >= 2.25), so y = 0.75 * 0.5 + 0.25 * 0.6 = 0.525; pulled toward the
 * anchor it would be 0.75 * 0.5 + 0.25 * 0.9 = 0.6. */
static void test_proposal_draft_moving_chair(void **state)
{
    (void)state;
    fx_scenario *f = three_members();
    cn_world *w = fx_world(f);
    assert_non_null(w);
    gsl_rng *r = fx_rng(3);
    double y[2];
    cn_proposal_draft(w, 0, 2, r, y);
    FX_NEAR(y[1], 0.6, FX_TOL); /* anchor and position agree: 0.9 */
    w->x[2 * 2 + 1] = 0.6;
    FX_NEAR(w->x0[2 * 2 + 1], 0.9, 0.0); /* the anchor has not moved */
    cn_proposal_draft(w, 0, 2, r, y);
    FX_NEAR(y[1], 0.525, FX_TOL);
    /* and the other way: the chair moved past the median, 0.9 -> 0.3:
     * 0.2 (1), 0.3 (1.5), 0.5 (2): cumulative 1, 2.5 >= 2.25 -> 0.3;
     * y = 0.75 * 0.3 + 0.25 * 0.3 = 0.3 (the anchor would give 0.45) */
    w->x[2 * 2 + 1] = 0.3;
    cn_proposal_draft(w, 0, 2, r, y);
    FX_NEAR(y[1], 0.3, FX_TOL);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* A stakeholder speaking in the forum joins the median with weight c s:
 * form 0.95, c 4: weights 1, 2, 1.5, 4, half 4.25, cumulative 1, 3, 4.5
 * -> 0.9; chair 0: 0.75 * 0.9 + 0.25 * 0.2 = 0.725. */
static void test_proposal_draft_stakeholder(void **state)
{
    (void)state;
    fx_scenario *f = three_members();
    const double sh[2] = {0.0, 0.95};
    int a = fx_stakeholder(f, "NGO", sh, 4.0, 0.5);
    f->forums[0].stakeholders[0] = a;
    f->forums[0].n_stakeholders = 1;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(3);
    double y[2];
    cn_proposal_draft(w, 0, 0, r, y);
    FX_NEAR(y[1], 0.725, FX_TOL);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* Drafting noise N(0, sigma): mean 0.6 and s.d. 0.05 over 5000 drafts
 * (s.e. of the mean 0.0007); clamped to [0, 1] when large. */
static void test_proposal_draft_noise(void **state)
{
    (void)state;
    fx_scenario *f = three_members();
    f->forums[0].sigma = 0.05;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(11);
    const int n = 5000;
    double sum = 0.0, sum2 = 0.0, y[2];
    for (int k = 0; k < n; k++) {
        cn_proposal_draft(w, 0, 2, r, y);
        FX_NEAR(y[0], 0.1, 0.0); /* closed: no noise */
        sum += y[1];
        sum2 += y[1] * y[1];
    }
    double mean = sum / n, sd = sqrt(sum2 / n - mean * mean);
    FX_NEAR(mean, 0.6, 0.005);
    FX_NEAR(sd, 0.05, 0.005);
    f->forums[0].sigma = 1.0;
    int zeros = 0, ones = 0;
    for (int k = 0; k < 1000; k++) {
        cn_proposal_draft(w, 0, 2, r, y);
        assert_true(y[1] >= 0.0 && y[1] <= 1.0);
        zeros += y[1] == 0.0;
        ones += y[1] == 1.0;
    }
    assert_true(zeros > 100 && ones > 100);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* Concession toward the objectors' centre (weights c s).  Objectors 1
 * (form 0.5, c 1, s 2) and 2 (form 0.9, c 3, s 0.5): centre
 * (2 * 0.5 + 1.5 * 0.9) / 3.5 = 2.35 / 3.5.  y = 0.2, concession 0.3:
 * y' = 0.2 + 0.3 (2.35 / 3.5 - 0.2).  The closed scope stays put. */
static void test_proposal_concede_by_hand(void **state)
{
    (void)state;
    fx_scenario *f = three_members();
    f->forums[0].concession = 0.3;
    cn_world *w = fx_world(f);
    cn_forum_state *fs = &w->fs[0];
    fs->vote[0] = CN_VOTE_SUPPORT;
    fs->vote[1] = CN_VOTE_OBJECT;
    fs->vote[2] = CN_VOTE_OBJECT;
    double y[2] = {0.1, 0.2};
    cn_proposal_concede(w, 0, y);
    FX_NEAR(y[0], 0.1, 0.0);
    FX_NEAR(y[1], 0.2 + 0.3 * (2.35 / 3.5 - 0.2), FX_TOL);
    FX_NEAR(y[1], 0.34142857142857142, FX_TOL);
    /* open scope too: objectors' scope centre (1 * 0.6 + 3 * 0.3) / 4 */
    f->forums[0].open[0] = 1;
    y[0] = 0.1;
    cn_proposal_concede(w, 0, y);
    FX_NEAR(y[0], 0.1 + 0.3 * (1.5 / 4.0 - 0.1), FX_TOL);
    f->forums[0].open[0] = 0;
    /* nobody objected: move toward the abstainers instead */
    fs->vote[1] = CN_VOTE_ABSTAIN;
    fs->vote[2] = CN_VOTE_SUPPORT;
    y[1] = 0.2;
    cn_proposal_concede(w, 0, y);
    FX_NEAR(y[1], 0.2 + 0.3 * (0.5 - 0.2), FX_TOL);
    /* everybody supported: no move */
    fs->vote[1] = CN_VOTE_SUPPORT;
    y[1] = 0.2;
    cn_proposal_concede(w, 0, y);
    FX_NEAR(y[1], 0.2, 0.0);
    cn_world_free(w);
    fx_free(f);
}

/* Rival drafts: a fixed text, or the bloc's capability-weighted centre of
 * current positions; closed dimensions fixed either way. */
static void test_proposal_rival_text_and_centre(void **state)
{
    (void)state;
    fx_scenario *f = three_members();
    const int bloc[2] = {1, 2};
    int b = fx_bloc(f, "R", bloc, 2, 2, 1);
    cn_forum *fo = &f->forums[0];
    fo->n_rivals = 2;
    fo->rivals[0].bloc = b;
    fo->rivals[0].from_session = 1;
    fo->rivals[0].has_text = 1;
    fo->rivals[0].text[0] = 0.9;
    fo->rivals[0].text[1] = 0.95;
    fo->rivals[1].bloc = b;
    fo->rivals[1].from_session = 1;
    fo->rivals[1].has_text = 0;
    cn_world *w = fx_world(f);
    double y[2];
    cn_proposal_rival(w, 0, 0, y);
    FX_NEAR(y[0], 0.1, 0.0); /* closed */
    FX_NEAR(y[1], 0.95, 0.0);
    /* centre of {1 (form 0.5, c 1), 2 (form 0.9, c 3)}: 3.2 / 4 = 0.8 */
    cn_proposal_rival(w, 0, 1, y);
    FX_NEAR(y[0], 0.1, 0.0);
    FX_NEAR(y[1], 0.8, FX_TOL);
    /* with scope open: (0.6 + 3 * 0.3) / 4 = 0.375 */
    fo->open[0] = 1;
    cn_proposal_rival(w, 0, 1, y);
    FX_NEAR(y[0], 0.375, FX_TOL);
    cn_proposal_rival(w, 0, 0, y);
    FX_NEAR(y[0], 0.9, 0.0);
    /* current positions, not anchors */
    w->x[2 * 2 + 1] = 0.7;
    cn_proposal_rival(w, 0, 1, y);
    FX_NEAR(y[1], (0.5 + 3.0 * 0.7) / 4.0, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* Expected support of y = 0.3 (one dimension, status quo 0.5, beta 10,
 * abstention threshold a = 0.02): P(support) = logistic(10 (gain - 0.02))
 *   x = 0.2: gain -0.01 + 0.09 = 0.08 -> logistic(0.6)
 *   x = 0.3: gain 0 + 0.04 = 0.04     -> logistic(0.2)
 *   x = 0.4: gain 0 (indifferent)     -> logistic(-0.2): an indifferent
 *            state still supports now and then
 *   state 3 (x = 0.3) is not a member.
 * Sum: logistic(0.2) + logistic(-0.2) = 1, so 1 + logistic(0.6)
 *      = 1 + 0.6456563062257954 = 1.6456563062257954. */
static void test_proposal_expected_support_by_hand(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(4, 1);
    const double x[4] = {0.2, 0.3, 0.4, 0.3};
    for (int i = 0; i < 4; i++)
        fx_state(f, i, &x[i], 1.0, 0.7);
    f->s.model.beta = 10.0;
    f->s.model.indifference = 0.02;
    const int members[3] = {0, 1, 2};
    fx_forum(f, "F", members, 3);
    cn_world *w = fx_world(f);
    const double y = 0.3;
    FX_NEAR(cn_proposal_expected_support(w, 0, &y), 1.6456563062257954, FX_TOL);
    /* pressure on state 2 makes it care: gain 0.1 -> logistic(0.8) in place
     * of logistic(-0.2): logistic(0.6) + logistic(0.2) + logistic(0.8) */
    w->pressure[2] = 0.1;
    FX_NEAR(cn_proposal_expected_support(w, 0, &y), 1.8854647846658859, FX_TOL);
    /* threshold 0 (no pressure): the binary logit, logistic(10 gain):
     * logistic(0.8) + logistic(0.4) + logistic(0)
     * = 0.6899744811276125 + 0.598687660112452 + 0.5 */
    w->pressure[2] = 0.0;
    f->s.model.indifference = 0.0;
    FX_NEAR(cn_proposal_expected_support(w, 0, &y),
            0.6899744811276125 + 0.598687660112452 + 0.5, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* Rotation walks the members in order, session by session; a named chair
 * always chairs; a capability draw picks members in proportion to c. */
static void test_proposal_chair_modes(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(5, 1);
    const int members[3] = {1, 3, 4};
    fx_forum(f, "F", members, 3);
    f->states[3].capability = 3.0;
    f->states[4].capability = 6.0;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(8);
    const int want[7] = {1, 3, 4, 1, 3, 4, 1};
    for (int s = 1; s <= 7; s++)
        assert_int_equal(cn_proposal_chair(w, 0, s, r), want[s - 1]);
    f->forums[0].chair_mode = CN_CHAIR_NAMED;
    f->forums[0].chair = 0; /* need not be a member */
    for (int s = 1; s <= 3; s++)
        assert_int_equal(cn_proposal_chair(w, 0, s, r), 0);
    f->forums[0].chair_mode = CN_CHAIR_CAPABILITY;
    int count[5] = {0, 0, 0, 0, 0};
    const int n = 20000;
    for (int k = 0; k < n; k++)
        count[cn_proposal_chair(w, 0, 1, r)]++;
    assert_int_equal(count[0] + count[2], 0);
    FX_NEAR((double)count[1] / n, 0.1, 0.015);
    FX_NEAR((double)count[3] / n, 0.3, 0.015);
    FX_NEAR((double)count[4] / n, 0.6, 0.015);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_proposal_weighted_median),
        cmocka_unit_test(test_proposal_draft_by_hand),
        cmocka_unit_test(test_proposal_draft_moving_chair),
        cmocka_unit_test(test_proposal_draft_stakeholder),
        cmocka_unit_test(test_proposal_draft_noise),
        cmocka_unit_test(test_proposal_concede_by_hand),
        cmocka_unit_test(test_proposal_rival_text_and_centre),
        cmocka_unit_test(test_proposal_expected_support_by_hand),
        cmocka_unit_test(test_proposal_chair_modes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
