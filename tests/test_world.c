/* test_world.c - the replication workspace (cn_world.h): initial ties by
 * hand, what a reset restores, and the drawn membership of GGE-style
 * forums (size, veto holders, always-in seats, regional balance). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cn_world.h"
#include "mechanism_fixture.h"

/* Three states and a stakeholder.  Blocs A = {0,1}, B = {0,1,2}; ties
 * 2 -> 0 (0.5, one-way) and 1 <-> 2 (0.25, mutual); stakeholder reach 0.4.
 * self 1, base 0.05, bloc 1 per shared bloc. */
static fx_scenario *tied_states(void)
{
    fx_scenario *f = fx_new(3, 2);
    const int A[2] = {0, 1}, B[3] = {0, 1, 2};
    fx_bloc(f, "A", A, 2, 0, 1);
    fx_bloc(f, "B", B, 3, 0, 0);
    fx_tie(f, 2, 0, 0.5, 0);
    fx_tie(f, 1, 2, 0.25, 1);
    const double sh[2] = {0.1, 0.1};
    fx_stakeholder(f, "Tech", sh, 2.0, 0.4);
    return f;
}

static void test_world_initial_ties_by_hand(void **state)
{
    (void)state;
    fx_scenario *f = tied_states();
    cn_world *w = fx_world(f);
    assert_non_null(w);
    assert_int_equal(w->n, 3);
    assert_int_equal(w->na, 4);
    assert_int_equal(w->d, 2);
    const double want[4][4] = {
        /* to:  0      1      2      Tech */
        {1.0, 2.05, 1.05, 0.4},  /* 0: two blocs with 1, one with 2 */
        {2.05, 1.0, 1.3, 0.4},   /* 1: + 0.25 toward 2 */
        {1.55, 1.3, 1.0, 0.4},   /* 2: + 0.5 toward 0 (one-way) */
        {0.05, 0.05, 0.05, 1.0}, /* the stakeholder: base ties, itself */
    };
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            FX_NEAR(w->tie0[i * 4 + j], want[i][j], FX_TOL);
            FX_NEAR(w->tie[i * 4 + j], want[i][j], FX_TOL);
        }
    /* cached b_ij = tie_ij * c_j (c = 1, 1, 1, 2) */
    cn_world_refresh_ties(w);
    FX_NEAR(w->base[2 * 4 + 3], 0.8, FX_TOL);
    FX_NEAR(w->base[2 * 4 + 0], 1.55, FX_TOL);
    assert_int_equal(w->ties_dirty, 0);
    assert_true(cn_world_share_bloc(w, 0, 1));
    assert_true(cn_world_share_bloc(w, 1, 2));
    cn_world_free(w);
    fx_free(f);
}

static void test_world_share_bloc(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(4, 1);
    const int A[2] = {0, 1}, B[2] = {2, 3};
    fx_bloc(f, "A", A, 2, 0, 0);
    fx_bloc(f, "B", B, 2, 2, 0);
    cn_world *w = fx_world(f);
    assert_true(cn_world_share_bloc(w, 0, 1));
    assert_true(cn_world_share_bloc(w, 3, 2));
    assert_false(cn_world_share_bloc(w, 1, 2));
    assert_true(cn_world_share_bloc(w, 0, 0));
    cn_world_free(w);
    fx_free(f);
}

/* Everything a replication changes comes back on reset. */
static void test_world_reset_restores(void **state)
{
    (void)state;
    fx_scenario *f = tied_states();
    const double x0[2] = {0.2, 0.3};
    fx_state(f, 0, x0, 2.5, 0.4);
    const double text[2] = {0.3, 0.3};
    const int p[2] = {0, 2};
    fx_regime(f, "Old", text, 1, p, 2);
    int g = fx_forum(f, "F", NULL, 0);
    f->forums[g].open[1] = 0;
    f->forums[g].fixed[1] = 0.05;
    f->s.model.status_quo[0] = 0.4;
    const int camp[1] = {1};
    fx_campaign(f, "C", 0, 1.0, CN_TARGET_LIST, NULL, camp, 1);
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(1);
    assert_non_null(w);
    const size_t na = (size_t)w->na;
    /* a replication's worth of changes */
    for (int k = 0; k < w->na * w->d; k++) {
        w->x[k] = 0.99;
        w->x0[k] = 0.98;
    }
    w->pressure[1] = 0.3;
    w->tie[1] = 0.0;
    w->campaign[1] = 4.0;
    w->cap[0] = 7.0;
    w->round = 9;
    w->incidents = 3;
    w->attributions = 2;
    w->regime_party[0 * 3 + 1] = 1;
    w->n_regimes = 2;
    w->forum_regime[0] = 1;
    w->regime_in_force[1] = 1;
    cn_forum_state *fs = &w->fs[0];
    fs->done = fs->adopted = fs->failed_last = 1;
    fs->sessions_held = 4;
    fs->adopted_round = fs->adopted_session = 3;
    fs->strength = 0.7;
    fs->footnotes = 2;
    fs->supporters = 2;
    fs->vote[0] = CN_VOTE_OBJECT;
    fs->signed_[1] = fs->ratified[1] = 1;
    fs->n_signed = fs->n_ratified = 1;
    fs->in_force = 1;
    fs->text[0] = fs->text[1] = 0.9;
    fs->chair = 2;

    cn_world_reset(w, r);
    assert_int_equal(w->round, 0);
    assert_int_equal(w->incidents, 0);
    assert_int_equal(w->attributions, 0);
    FX_NEAR(w->x[0], 0.2, 0.0);
    FX_NEAR(w->x[1], 0.3, 0.0);
    FX_NEAR(w->x0[0], 0.2, 0.0);
    FX_NEAR(w->x[2], 0.5, 0.0);
    FX_NEAR(w->x[6], 0.1, 0.0); /* the stakeholder */
    FX_NEAR(w->cap[0], 2.5, 0.0);
    FX_NEAR(w->stub[0], 0.4, 0.0);
    FX_NEAR(w->stub[3], 1.0, 0.0);
    FX_NEAR(w->pressure[1], 0.0, 0.0);
    assert_memory_equal(w->tie, w->tie0, na * na * sizeof(double));
    FX_NEAR(w->campaign[1], 0.0, 0.0);
    /* the cached b_ij = tie0_ij c_j is ready: nothing left to recompute */
    assert_int_equal(w->ties_dirty, 0);
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < na; j++)
            FX_NEAR(w->base[i * na + j], w->tie0[i * na + j] * w->cap[j], 0.0);
    assert_int_equal(w->n_regimes, 1);
    assert_int_equal(w->forum_regime[0], -1);
    assert_int_equal(w->regime_in_force[0], 1);
    assert_int_equal(w->regime_in_force[1], 0);
    assert_int_equal(w->regime_binding[0], 1);
    assert_int_equal(w->regime_party[0], 1);
    assert_int_equal(w->regime_party[1], 0);
    assert_int_equal(w->regime_party[2], 1);
    assert_int_equal(fs->n_members, 3);
    assert_int_equal(fs->done + fs->adopted + fs->failed_last + fs->sessions_held, 0);
    assert_int_equal(fs->adopted_round + fs->adopted_session + fs->footnotes, 0);
    assert_int_equal(fs->supporters + fs->n_signed + fs->n_ratified + fs->in_force, 0);
    FX_NEAR(fs->strength, 0.0, 0.0);
    assert_int_equal(fs->vote[0], CN_VOTE_NONE);
    assert_int_equal(fs->signed_[1] + fs->ratified[1], 0);
    FX_NEAR(fs->text[0], 0.4, 0.0);  /* open: the status quo */
    FX_NEAR(fs->text[1], 0.05, 0.0); /* closed: its fixed value */
    assert_int_equal(fs->last_round, 0 + 6);
    assert_int_equal(fs->chair, -1);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* Twenty states: 0-7 African, 8-11 APG, 12-15 WEOG (12 holds a veto),
 * 16-17 GRULAC, 18-19 EEG.  State 0 has capability 100. */
static fx_scenario *twenty_states(void)
{
    fx_scenario *f = fx_new(20, 1);
    for (int i = 0; i < 20; i++)
        fx_group(f, i, i < 8 ? "African" : i < 12 ? "APG" : i < 16 ? "WEOG" : i < 18 ? "GRULAC" : "EEG");
    f->states[0].capability = 100.0;
    f->states[12].veto = 1;
    return f;
}

static void group_counts(const fx_scenario *f, const cn_forum_state *fs, int *count)
{
    const char *names[5] = {"African", "APG", "WEOG", "GRULAC", "EEG"};
    for (int g = 0; g < 5; g++)
        count[g] = 0;
    for (int k = 0; k < fs->n_members; k++)
        for (int g = 0; g < 5; g++)
            if (strcmp(f->states[fs->members[k]].group, names[g]) == 0)
                count[g]++;
}

/* 11 seats from all 20: the veto holder, then 10 seats over the remaining
 * pool (African 8, APG 4, WEOG 3, GRULAC 2, EEG 2 of 19): quotas 4.21,
 * 2.11, 1.58, 1.05, 1.05 -> floors 4, 2, 1, 1, 1 and the one remaining
 * seat to the largest remainder (WEOG).  So every draw seats African 4,
 * APG 2, WEOG 3 (with the veto holder), GRULAC 1, EEG 1. */
static void test_world_draw_regional_balance(void **state)
{
    (void)state;
    fx_scenario *f = twenty_states();
    int g = fx_forum(f, "GGE", NULL, 0);
    f->forums[g].n_members = 0; /* no always-in seats */
    f->forums[g].draw_size = 11;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(2021);
    const cn_forum_state *fs = &w->fs[0];
    const int draws = 300;
    int seen1 = 0;
    for (int k = 0; k < draws; k++) {
        cn_world_reset(w, r);
        assert_int_equal(fs->n_members, 11);
        int count[5];
        group_counts(f, fs, count);
        assert_int_equal(count[0], 4);
        assert_int_equal(count[1], 2);
        assert_int_equal(count[2], 3);
        assert_int_equal(count[3], 1);
        assert_int_equal(count[4], 1);
        int has_veto = 0, has0 = 0;
        for (int m = 0; m < fs->n_members; m++) {
            if (m > 0)
                assert_true(fs->members[m] > fs->members[m - 1]); /* sorted, no duplicates */
            has_veto |= fs->members[m] == 12;
            has0 |= fs->members[m] == 0;
            seen1 += fs->members[m] == 1;
        }
        assert_true(has_veto);
        assert_true(has0); /* capability 100 of 107 in its group */
    }
    /* the other three African seats go to 7 equal states: 3/7 each */
    FX_NEAR((double)seen1 / draws, 3.0 / 7.0, 0.12);
    /* same generator state, same membership */
    gsl_rng *a = fx_rng(5), *b = fx_rng(5);
    cn_world_reset(w, a);
    int first[11];
    memcpy(first, fs->members, sizeof first);
    cn_world_reset(w, b);
    assert_memory_equal(first, fs->members, sizeof first);
    gsl_rng_free(a);
    gsl_rng_free(b);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* Always-in seats are held even outside the pool; veto holders outside the
 * pool are not seated.  Pool 0-15, always-in 17 (GRULAC), veto holders 12
 * (in the pool) and 19 (not), 6 seats: 17, 12, then 4 over African 8,
 * APG 4, WEOG 3 of 15: quotas 2.13, 1.07, 0.8 -> 2, 1, 0 + WEOG 1. */
static void test_world_draw_always_in_and_pool(void **state)
{
    (void)state;
    fx_scenario *f = twenty_states();
    f->states[19].veto = 1;
    const int always[1] = {17};
    int g = fx_forum(f, "GGE", always, 1);
    cn_forum *fo = &f->forums[g];
    fo->draw_size = 6;
    fo->n_pool = 16;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(77);
    const cn_forum_state *fs = &w->fs[0];
    for (int k = 0; k < 100; k++) {
        cn_world_reset(w, r);
        assert_int_equal(fs->n_members, 6);
        int count[5];
        group_counts(f, fs, count);
        assert_int_equal(count[0], 2);
        assert_int_equal(count[1], 1);
        assert_int_equal(count[2], 2);
        assert_int_equal(count[3], 1);
        assert_int_equal(count[4], 0);
        int has12 = 0, has17 = 0;
        for (int m = 0; m < fs->n_members; m++) {
            has12 |= fs->members[m] == 12;
            has17 |= fs->members[m] == 17;
            assert_int_not_equal(fs->members[m], 19);
        }
        assert_true(has12 && has17);
    }
    /* more seats than the pool holds: everybody in the pool, once */
    fo->draw_size = 30;
    cn_world_reset(w, r);
    assert_int_equal(fs->n_members, 17);
    for (int m = 0; m < 16; m++)
        assert_int_equal(fs->members[m], m);
    assert_int_equal(fs->members[16], 17);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* Fixed membership is copied; no draw happens. */
static void test_world_fixed_membership_no_draw(void **state)
{
    (void)state;
    fx_scenario *f = twenty_states();
    const int members[3] = {19, 2, 7};
    fx_forum(f, "F", members, 3);
    cn_world *w = cn_world_alloc(&f->s);
    assert_non_null(w);
    gsl_rng *r = fx_rng(3), *ref = fx_rng(3);
    cn_world_reset(w, r);
    assert_int_equal(w->fs[0].n_members, 3);
    assert_memory_equal(w->fs[0].members, members, sizeof members);
    assert_int_equal(gsl_rng_get(r), gsl_rng_get(ref));
    gsl_rng_free(r);
    gsl_rng_free(ref);
    cn_world_free(w);
    cn_world_free(NULL); /* a no-op */
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_world_initial_ties_by_hand),
        cmocka_unit_test(test_world_share_bloc),
        cmocka_unit_test(test_world_reset_restores),
        cmocka_unit_test(test_world_draw_regional_balance),
        cmocka_unit_test(test_world_draw_always_in_and_pool),
        cmocka_unit_test(test_world_fixed_membership_no_draw),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
