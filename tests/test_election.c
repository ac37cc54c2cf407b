/* test_election.c - a secret-ballot election between two candidates
 * (cn_election.h): the gain by hand (issues too), the probabilities at
 * known values, a count decided for the first candidate, for the second
 * and a tie, the frequencies of the quantal vote, one draw per ballot,
 * a player's ballot through the hooks, and the shipped ITU episode (a
 * secret ballot in the backtest: totals only). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "cn_backtest.h"
#include "cn_election.h"
#include "cn_error.h"
#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_replication.h"
#include "mechanism_fixture.h"

/* n states on two dimensions; an election of every state between S0 (at
 * [0.1, 0.2]) and S1 (at [0.9, 0.8]); the others at x[k]. */
static fx_scenario *ballot(int n, const double (*x)[2])
{
    fx_scenario *f = fx_new(n, 2);
    const double a[2] = {0.1, 0.2}, b[2] = {0.9, 0.8};
    fx_state(f, 0, a, 1.0, 1.0);
    fx_state(f, 1, b, 1.0, 1.0);
    for (int i = 2; i < n; i++)
        fx_state(f, i, x[i - 2], 1.0, 1.0);
    int g = fx_forum(f, "ITU", NULL, 0);
    static int cand[2] = {0, 1};
    f->forums[g].rule = CN_RULE_ELECTION;
    f->forums[g].candidates = cand;
    f->forums[g].n_candidates = 2;
    f->forums[g].sessions = 3;
    return f;
}

/* g = U(x_A) - U(x_B) by hand: voter [0.4, 0.7], salience [1, 2]:
 * U_A = -(0.3^2 + 2 * 0.5^2) = -0.59, U_B = -(0.5^2 + 2 * 0.1^2) = -0.27,
 * g = -0.32 (it prefers B's position); on scope alone (issues = scope)
 * g = -0.09 + 0.25 = 0.16 (it prefers A's). */
static void test_election_gain_by_hand(void **state)
{
    (void)state;
    const double x[1][2] = {{0.4, 0.7}};
    fx_scenario *f = ballot(3, x);
    f->states[2].salience[1] = 2.0;
    cn_world *w = fx_world(f);
    FX_NEAR(cn_election_gain(w, 0, 2), -0.32, 1e-12);
    f->forums[0].issues = 1u; /* scope only */
    FX_NEAR(cn_election_gain(w, 0, 2), 0.16, 1e-12);
    /* a candidate's state prefers its own candidate */
    assert_true(cn_election_gain(w, 0, 0) > 0.0);
    assert_true(cn_election_gain(w, 0, 1) < 0.0);
    cn_world_free(w);
    fx_free(f);
}

/* beta 1, a = ln 2: at g = ln 6, P(A) = logistic(ln 3) = 3/4 and P(B) =
 * logistic(-ln 12) = 1/13; at g = 0 both logistic(-ln 2) = 1/3; a < 0
 * counts as 0 (the binary logit at g = 0: 1/2 each, never blank). */
static void test_election_probs_known_values(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(2, 1);
    f->s.model.beta = 1.0;
    f->s.model.indifference = log(2.0);
    double pa, pb;
    cn_election_probs(&f->s, log(6.0), &pa, &pb);
    FX_NEAR(pa, 0.75, 1e-12);
    FX_NEAR(pb, 1.0 / 13.0, 1e-12);
    cn_election_probs(&f->s, 0.0, &pa, &pb);
    FX_NEAR(pa, 1.0 / 3.0, 1e-12);
    FX_NEAR(pb, 1.0 / 3.0, 1e-12);
    f->s.model.indifference = -1.0;
    cn_election_probs(&f->s, 0.0, &pa, &pb);
    FX_NEAR(pa + pb, 1.0, 1e-12);
    fx_free(f);
}

/* beta 1000, a = 0: every ballot is the voter's preference.  Three
 * voters near A, two near B (and the candidates' own states): A elected
 * 4 to 3, the text A's position; then a world where B has the majority:
 * B elected (adopted 0, elected 1, decided), the text B's position; then
 * a tie: no one elected, another ballot next session. */
static void test_election_count_by_hand(void **state)
{
    (void)state;
    const double x[6][2] = {{0.2, 0.2}, {0.3, 0.2}, {0.2, 0.4}, {0.8, 0.9}, {0.7, 0.7},
                            {0.75, 0.8}};
    gsl_rng *r = fx_rng(5);
    /* 4 states near A (S0 and three voters), 3 near B (S1 and two) */
    fx_scenario *f = ballot(7, x);
    f->s.model.beta = 1000.0;
    f->s.model.indifference = 0.0;
    cn_world *w = fx_world(f);
    w->round = 1;
    cn_election_session(w, r, 0);
    const cn_forum_state *fs = &w->fs[0];
    assert_int_equal(fs->supporters, 4);
    assert_int_equal(fs->objectors, 3);
    assert_int_equal(fs->abstainers, 0);
    assert_int_equal(fs->elected, 0);
    assert_int_equal(fs->adopted, 1);
    assert_int_equal(fs->done, 1);
    FX_NEAR(fs->text[0], 0.1, 0.0);
    FX_NEAR(fs->text[1], 0.2, 0.0);
    cn_world_free(w);
    fx_free(f);

    /* B's majority: the three near-A voters move near B */
    const double y[6][2] = {{0.8, 0.8}, {0.7, 0.9}, {0.9, 0.6}, {0.8, 0.9}, {0.7, 0.7},
                            {0.2, 0.3}};
    f = ballot(8, y);
    f->s.model.beta = 1000.0;
    f->s.model.indifference = 0.0;
    w = fx_world(f);
    w->round = 1;
    cn_election_session(w, r, 0);
    fs = &w->fs[0];
    assert_int_equal(fs->supporters, 2);
    assert_int_equal(fs->objectors, 6);
    assert_int_equal(fs->elected, 1);
    assert_int_equal(fs->adopted, 0);
    assert_int_equal(fs->done, 1);
    FX_NEAR(fs->text[0], 0.9, 0.0);
    cn_world_free(w);
    fx_free(f);

    /* a tie, 2 to 2: no one elected; another ballot while sessions remain */
    const double z[2][2] = {{0.2, 0.2}, {0.8, 0.8}};
    f = ballot(4, z);
    f->s.model.beta = 1000.0;
    f->s.model.indifference = 0.0;
    w = fx_world(f);
    w->round = 1;
    cn_election_session(w, r, 0);
    fs = &w->fs[0];
    assert_int_equal(fs->supporters, 2);
    assert_int_equal(fs->objectors, 2);
    assert_int_equal(fs->elected, -1);
    assert_int_equal(fs->adopted, 0);
    assert_int_equal(fs->done, 0);
    assert_int_equal(fs->failed_last, 1);
    assert_int_equal(fs->sessions_held, 1);
    cn_world_free(w);
    fx_free(f);
    gsl_rng_free(r);
}

/* Frequencies: 30 voters all equidistant from the two candidates (g = 0)
 * at beta 1, a = ln 3: P(A) = P(B) = logistic(-ln 3) = 1/4, blank 1/2;
 * 1000 ballots of 30 (30000 votes): within 4 s.e. */
static void test_election_vote_frequencies(void **state)
{
    (void)state;
    enum { N = 32, REPS = 1000 };
    double x[N - 2][2];
    for (int i = 0; i < N - 2; i++) {
        x[i][0] = 0.5;
        x[i][1] = 0.5;
    }
    fx_scenario *f = ballot(N, (const double(*)[2])x);
    f->s.model.beta = 1.0;
    f->s.model.indifference = log(3.0);
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(17);
    long a = 0, b = 0, blank = 0;
    for (int k = 0; k < REPS; k++) {
        cn_world_reset(w, r);
        w->round = 1;
        cn_election_session(w, r, 0);
        for (int i = 2; i < N; i++) {
            int v = w->fs[0].vote[i];
            a += v == CN_VOTE_SUPPORT;
            b += v == CN_VOTE_OBJECT;
            blank += v == CN_VOTE_ABSTAIN;
        }
    }
    const double n = (double)REPS * (N - 2);
    const double se4 = 4.0 * sqrt(0.25 * 0.75 / n);
    FX_NEAR(a / n, 0.25, se4);
    FX_NEAR(b / n, 0.25, se4);
    FX_NEAR(blank / n, 0.5, 4.0 * sqrt(0.25 / n));
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* One uniform per ballot, whatever it says: after a session of 7
 * members the generator has advanced exactly 7 uniforms. */
static void test_election_one_draw_per_ballot(void **state)
{
    (void)state;
    const double x[5][2] = {{0.2, 0.2}, {0.5, 0.5}, {0.9, 0.1}, {0.3, 0.8}, {0.6, 0.6}};
    fx_scenario *f = ballot(7, x);
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(3), *q = fx_rng(3);
    w->round = 1;
    cn_election_session(w, r, 0);
    for (int k = 0; k < 7; k++)
        (void)gsl_rng_uniform(q);
    assert_true(gsl_rng_get(r) == gsl_rng_get(q));
    gsl_rng_free(r);
    gsl_rng_free(q);
    cn_world_free(w);
    fx_free(f);
}

static int vote_for_b(void *ctx, const cn_world *w, int f, int state, const double *text,
                      int model_vote)
{
    (void)ctx;
    (void)w;
    (void)f;
    (void)text;
    (void)model_vote;
    return state == 2 || state == 3 ? CN_VOTE_OBJECT : CN_VOTE_NONE;
}

/* A player casts a ballot through the vote hook: two voters near A vote
 * for B, and B wins 3 to 2; the session hook sees A's position and an
 * amendment of it changes nothing. */
static void test_election_player_ballot(void **state)
{
    (void)state;
    const double x[3][2] = {{0.2, 0.2}, {0.3, 0.2}, {0.8, 0.8}};
    fx_scenario *f = ballot(5, x);
    f->s.model.beta = 1000.0;
    f->s.model.indifference = 0.0;
    cn_world *w = fx_world(f);
    cn_hooks h = {.ctx = NULL, .vote = vote_for_b};
    w->hooks = &h;
    gsl_rng *r = fx_rng(1);
    w->round = 1;
    cn_election_session(w, r, 0);
    assert_int_equal(w->fs[0].supporters, 1);
    assert_int_equal(w->fs[0].objectors, 4);
    assert_int_equal(w->fs[0].elected, 1);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* The shipped episode: 172 seats drawn (the candidates always in), a
 * secret ballot scored on its totals: the US candidate ahead on average
 * and elected in most replications (400, the scenario's own); no state's
 * vote is listed.  The totals are a known miss since the worlds of each
 * year (issue 11): about 89 to 78 against the real 139 to 25 (positions
 * alone; the war of 2022 and the campaign are not in the model:
 * docs/backtest.md), pinned by tests/data/backtest_pinned.csv. */
static void test_election_itu_episode(void **state)
{
    (void)state;
    cn_bt_result r;
    cn_diag d;
    int rc = cn_backtest_file("scenarios/history/itu-2022.cfg", NULL, 0, 0, 2, &r, &d);
    if (rc != CN_OK)
        fail_msg("%s", d.msg);
    assert_int_equal(r.ex.election, 1);
    assert_string_equal(r.ex.candidates[0], "USA");
    assert_int_equal(r.n_voters, 0);
    FX_NEAR(r.mean_yes + r.mean_no + r.mean_abstain, 172.0, 1e-9);
    assert_true(r.mean_yes > r.mean_no);
    assert_true(r.p >= 0.6);
    char buf[128];
    cn_backtest_real_outcome(&r.ex, buf, sizeof buf);
    assert_string_equal(buf, "USA elected 139 to 25 (8 blank)");
    cn_backtest_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_election_gain_by_hand),
        cmocka_unit_test(test_election_probs_known_values),
        cmocka_unit_test(test_election_count_by_hand),
        cmocka_unit_test(test_election_vote_frequencies),
        cmocka_unit_test(test_election_one_draw_per_ballot),
        cmocka_unit_test(test_election_player_ballot),
        cmocka_unit_test(test_election_itu_episode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
