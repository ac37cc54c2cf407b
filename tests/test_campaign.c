/* test_campaign.c - bloc campaigns for the undecided (cn_campaign.h):
 * targets of each strategy, tie weight after rounds with decay by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cn_campaign.h"
#include "mechanism_fixture.h"

/* Six states.  W = {0,1} (leader 0, a camp), E = {2} (leader 2, a camp),
 * AU = {3,4} (not a camp); 5 in no bloc.  Groups: 0,1 WEOG; 2 EEG; 3,4
 * African; 5 APG.  State 0 has capability 2. */
static fx_scenario *six_states(void)
{
    fx_scenario *f = fx_new(6, 1);
    const char *groups[6] = {"WEOG", "WEOG", "EEG", "African", "African", "APG"};
    for (int i = 0; i < 6; i++)
        fx_group(f, i, groups[i]);
    f->states[0].capability = 2.0;
    const int W[2] = {0, 1}, E[1] = {2}, AU[2] = {3, 4};
    fx_bloc(f, "W", W, 2, 0, 1);
    fx_bloc(f, "E", E, 1, 2, 1);
    fx_bloc(f, "AU", AU, 2, 3, 0);
    f->s.model.campaign_decay = 0.1;
    return f;
}

static void expect_targets(const cn_world *w, int c, const int *want, int k)
{
    int out[FX_MAX_STATES];
    int got = cn_campaign_targets(w, c, out);
    assert_int_equal(got, k);
    for (int t = 0; t < k; t++)
        assert_int_equal(out[t], want[t]);
}

static void test_campaign_targets(void **state)
{
    (void)state;
    fx_scenario *f = six_states();
    fx_campaign(f, "W-undecided", 0, 1.0, CN_TARGET_UNDECIDED, NULL, NULL, 0);
    fx_campaign(f, "E-undecided", 1, 1.0, CN_TARGET_UNDECIDED, NULL, NULL, 0);
    cn_world *w = fx_world(f);
    assert_non_null(w);
    /* in no camp bloc and not in the campaigning bloc: 3, 4 (AU is not a
     * camp) and 5 (no bloc) */
    const int und[3] = {3, 4, 5};
    expect_targets(w, 0, und, 3);
    expect_targets(w, 1, und, 3);
    cn_world_free(w);

    /* region: the group's states outside the bloc */
    f->campaigns[0].target = CN_TARGET_REGION;
    snprintf(f->campaigns[0].region, sizeof f->campaigns[0].region, "African");
    f->campaigns[1].target = CN_TARGET_REGION;
    snprintf(f->campaigns[1].region, sizeof f->campaigns[1].region, "WEOG");
    w = fx_world(f);
    const int afr[2] = {3, 4}, weog[2] = {0, 1};
    expect_targets(w, 0, afr, 2);
    expect_targets(w, 1, weog, 2);
    /* W campaigning in its own region: nobody */
    snprintf(f->campaigns[0].region, sizeof f->campaigns[0].region, "WEOG");
    expect_targets(w, 0, NULL, 0);
    cn_world_free(w);

    /* list: exactly the states named, in that order */
    const int list[3] = {5, 2, 4};
    f->campaigns[0].target = CN_TARGET_LIST;
    f->campaigns[0].n_targets = 3;
    memcpy(f->campaigns[0].targets, list, sizeof list);
    w = fx_world(f);
    expect_targets(w, 0, list, 3);
    cn_world_free(w);
    fx_free(f);
}

/* W spends 1.5 on the undecided {3,4,5}: 0.5 each per round; decay 0.1.
 * Round 1: 0.5; round 2: 0.5 * 0.9 + 0.5 = 0.95; round 3 (after stop = 2):
 * 0.95 * 0.9 = 0.855.  The cached tie 3 -> leader 0 is
 * (base 0.05 + campaign) * c_0: (0.05 + 0.5) * 2 = 1.1, then 2, then 1.81.
 * A campaign round does not mark the ties dirty (only the campaign columns
 * of base change, and cn_world_refresh_ties updates them on every call). */
static void test_campaign_ties_with_decay(void **state)
{
    (void)state;
    fx_scenario *f = six_states();
    int c = fx_campaign(f, "W", 0, 1.5, CN_TARGET_UNDECIDED, NULL, NULL, 0);
    f->campaigns[c].stop = 2;
    cn_world *w = fx_world(f);
    assert_non_null(w);
    const int nc = 1, na = w->na;
    const double want[3] = {0.5, 0.95, 0.855};
    const double want_base[3] = {1.1, 2.0, 1.81};
    cn_world_refresh_ties(w);
    assert_int_equal(w->ties_dirty, 0);
    for (int round = 1; round <= 3; round++) {
        w->round = round;
        cn_campaign_round(w);
        assert_int_equal(w->ties_dirty, 0);
        for (int t = 0; t < 6; t++) {
            int target = t >= 3;
            FX_NEAR(w->campaign[t * nc + c], target ? want[round - 1] : 0.0, FX_TOL);
        }
        cn_world_refresh_ties(w);
        FX_NEAR(w->base[3 * na + 0], want_base[round - 1], FX_TOL);
        /* the campaign adds to the tie toward the leader only */
        FX_NEAR(w->base[3 * na + 1], 0.05, FX_TOL);
        /* and to nobody's tie toward the target */
        FX_NEAR(w->base[0 * na + 3], 0.05, FX_TOL);
        /* nor to the leader's own row */
        FX_NEAR(w->base[0 * na + 0], 2.0, FX_TOL);
    }
    /* the scenario's ties are untouched: campaign weight lives apart */
    FX_NEAR(w->tie[3 * na + 0], 0.05, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* A campaign starting in round 2 (E, list {5}, budget 1, no decay):
 * 0 after round 1, 1 after round 2, 2 after round 3.  Two campaigns keep
 * separate columns. */
static void test_campaign_start_and_columns(void **state)
{
    (void)state;
    fx_scenario *f = six_states();
    f->s.model.campaign_decay = 0.0;
    fx_campaign(f, "W", 0, 1.0, CN_TARGET_REGION, "African", NULL, 0);
    const int five[1] = {5};
    int c = fx_campaign(f, "E", 1, 1.0, CN_TARGET_LIST, NULL, five, 1);
    f->campaigns[c].start = 2;
    cn_world *w = fx_world(f);
    assert_non_null(w);
    const int nc = 2;
    const double want_e[3] = {0.0, 1.0, 2.0};
    for (int round = 1; round <= 3; round++) {
        w->round = round;
        cn_campaign_round(w);
        FX_NEAR(w->campaign[5 * nc + 1], want_e[round - 1], FX_TOL);
        FX_NEAR(w->campaign[3 * nc + 0], 0.5 * round, FX_TOL);
        FX_NEAR(w->campaign[5 * nc + 0], 0.0, FX_TOL);
        FX_NEAR(w->campaign[3 * nc + 1], 0.0, FX_TOL);
    }
    cn_world_refresh_ties(w);
    /* 5 -> E's leader 2: (0.05 + 2) * 1 */
    FX_NEAR(w->base[5 * w->na + 2], 2.05, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* A list naming the bloc's own leader: the leader's share is split off
 * but not spent (budget 1 over {0, 3}: state 3 gets 0.5). */
static void test_campaign_leader_in_list(void **state)
{
    (void)state;
    fx_scenario *f = six_states();
    const int list[2] = {0, 3};
    fx_campaign(f, "W", 0, 1.0, CN_TARGET_LIST, NULL, list, 2);
    cn_world *w = fx_world(f);
    w->round = 1;
    cn_campaign_round(w);
    FX_NEAR(w->campaign[3], 0.5, FX_TOL);
    FX_NEAR(w->campaign[0], 0.0, FX_TOL);
    cn_world_free(w);
    fx_free(f);
}

/* No campaigns, or a zero budget: nothing changes. */
static void test_campaign_nothing_to_do(void **state)
{
    (void)state;
    fx_scenario *f = six_states();
    cn_world *w = fx_world(f);
    w->round = 1;
    w->ties_dirty = 0;
    cn_campaign_round(w);
    assert_int_equal(w->ties_dirty, 0);
    cn_world_free(w);
    f->s.model.campaign_decay = 0.0;
    fx_campaign(f, "W", 0, 0.0, CN_TARGET_UNDECIDED, NULL, NULL, 0);
    w = fx_world(f);
    w->round = 1;
    w->ties_dirty = 0;
    cn_campaign_round(w);
    assert_int_equal(w->ties_dirty, 0);
    for (int t = 0; t < 6; t++)
        FX_NEAR(w->campaign[t], 0.0, 0.0);
    cn_world_free(w);
    fx_free(f);
}

/* Two campaigns with the same leader: the cached b_ij toward the leader is
 * (tie + both campaigns, in campaign order) * c, exactly as a full
 * recompute gives it, with or without ties_dirty. */
static void test_campaign_columns_exact(void **state)
{
    (void)state;
    fx_scenario *f = six_states();
    f->s.model.campaign_decay = 0.3;
    fx_campaign(f, "W1", 0, 0.7, CN_TARGET_UNDECIDED, NULL, NULL, 0);
    const int list[3] = {1, 3, 5};
    fx_campaign(f, "W2", 0, 0.9, CN_TARGET_LIST, NULL, list, 3);
    cn_world *w = fx_world(f);
    assert_non_null(w);
    const int na = w->na, nc = 2;
    for (int round = 1; round <= 4; round++) {
        w->round = round;
        if (round == 3) {
            w->tie[3 * na + 0] *= 0.8; /* shaming */
            w->ties_dirty = 1;
        }
        cn_campaign_round(w);
        cn_world_refresh_ties(w);
        for (int t = 0; t < 6; t++)
            for (int j = 0; j < na; j++) {
                double v = w->tie[t * na + j];
                for (int c = 0; c < nc; c++)
                    if (f->blocs[f->campaigns[c].bloc].leader == j)
                        v += w->campaign[t * nc + c];
                v *= w->cap[j];
                if (memcmp(&v, &w->base[t * na + j], sizeof v) != 0)
                    fail_msg("round %d: base[%d][%d] = %.17g, expected %.17g", round, t, j,
                             w->base[t * na + j], v);
            }
    }
    /* state 3 got both of W's campaigns */
    assert_true(w->campaign[3 * nc + 0] > 0.0 && w->campaign[3 * nc + 1] > 0.0);
    cn_world_free(w);
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_campaign_targets),
        cmocka_unit_test(test_campaign_ties_with_decay),
        cmocka_unit_test(test_campaign_columns_exact),
        cmocka_unit_test(test_campaign_start_and_columns),
        cmocka_unit_test(test_campaign_leader_in_list),
        cmocka_unit_test(test_campaign_nothing_to_do),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
