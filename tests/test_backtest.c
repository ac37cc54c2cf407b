/* test_backtest.c - the backtest module (cn_backtest.h): reading the
 * `expected` group, scoring episodes whose outcome is known by hand,
 * independence from the thread count, every error path, the writers and the
 * `backtest` command end to end (the binary named by $CN_BIN). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_harness.h"
#include "cn_backtest.h"
#include "cn_load.h"
#include "cn_stats.h"
#include "cn_world.h"

#define VOTE "tests/data/bt_lib/bt_vote.cfg"
#define TREATY "tests/data/bt_lib/bt_treaty.cfg"

static int load(const char *path, cn_scenario **s)
{
    cn_diag d;
    cn_diag_clear(&d);
    return cn_load_scenario(path, NULL, 0, s, &d);
}

static void test_backtest_read_expected(void **state)
{
    (void)state;
    cn_scenario *s = NULL;
    assert_int_equal(load(VOTE, &s), CN_OK);
    /* the loader reads `expected` with the rest of the scenario */
    assert_non_null(s->expected);
    const cn_expected ex = *s->expected;
    assert_int_equal(ex.n_forums, 1);
    assert_int_equal(ex.forums[0], 0);
    assert_true(ex.has_adopted && ex.adopted);
    assert_false(ex.has_in_force);
    assert_true(ex.has_votes);
    assert_int_equal(ex.yes, 1);
    assert_int_equal(ex.no, 2);
    assert_int_equal(ex.abstain, 1);
    assert_int_equal(ex.real_vote[0], CN_VOTE_SUPPORT);
    assert_int_equal(ex.real_vote[1], CN_VOTE_OBJECT);
    assert_int_equal(ex.real_vote[2], CN_VOTE_OBJECT);
    assert_int_equal(ex.real_vote[3], CN_VOTE_ABSTAIN);
    assert_string_equal(ex.previous, "fixture-before");
    const int prev[4] = {CN_VOTE_SUPPORT, CN_VOTE_SUPPORT, CN_VOTE_NONE, CN_VOTE_ABSTAIN};
    for (int i = 0; i < 4; i++)
        assert_int_equal(ex.prev_vote[i], prev[i]);
    assert_true(ex.held_out);
    assert_false(ex.hypothetical);
    assert_string_equal(ex.note, "fixture");
    char real[128];
    assert_int_equal(cn_backtest_real_text(s, real, sizeof real), 1);
    assert_string_equal(real, "adopted 1-2-1 (fixture)");
    cn_scenario_free(s);
    /* no `expected`, or a hypothetical one: nothing really happened */
    assert_int_equal(load("tests/data/minimal.cfg", &s), CN_OK);
    assert_null(s->expected);
    assert_int_equal(cn_backtest_real_text(s, real, sizeof real), 0);
    assert_string_equal(real, "");
    cn_scenario_free(s);
    assert_int_equal(load("scenarios/history/dgc-hypothetical.cfg", &s), CN_OK);
    assert_non_null(s->expected);
    assert_int_equal(cn_backtest_real_text(s, real, sizeof real), 0);
    cn_scenario_free(s);
}

/* Hand values in the fixture's header: adopted always, 2/1/1, match 3/4. */
static void test_backtest_vote_by_hand(void **state)
{
    (void)state;
    cn_bt_result r;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file(VOTE, NULL, 0, 0, 2, &r, &d), CN_OK);
    assert_string_equal(r.name, "bt_vote");
    assert_int_equal(r.reps, 50);
    assert_int_equal(r.hits, 50);
    assert_float_equal(r.p, 1.0, 1e-12);
    /* Wilson for 50/50 at z = 1.96: lo = n / (n + z^2) = 50 / 53.8415 */
    assert_float_equal(r.lo, 50.0 / (50.0 + 1.959963984540054 * 1.959963984540054), 1e-9);
    assert_float_equal(r.hi, 1.0, 1e-12);
    assert_float_equal(r.mean_yes, 2.0, 1e-12);
    assert_float_equal(r.mean_no, 1.0, 1e-12);
    assert_float_equal(r.mean_abstain, 1.0, 1e-12);
    assert_int_equal(r.n_voters, 4);
    assert_int_equal(r.n_match, 3);
    assert_float_equal(r.match, 0.75, 1e-12);
    /* three states' real vote in all 50 replications, BBB's in none */
    assert_float_equal(r.vote_loglik, (3.0 * log(50.5 / 51.5) + log(0.5 / 51.5)) / 4.0, 1e-12);
    /* state by state, in the world's order: every replication the same */
    assert_non_null(r.vote_rows);
    const char *codes[4] = {"AAA", "BBB", "CCC", "DDD"};
    const int real[4] = {CN_VOTE_SUPPORT, CN_VOTE_OBJECT, CN_VOTE_OBJECT, CN_VOTE_ABSTAIN};
    const int modal[4] = {CN_VOTE_SUPPORT, CN_VOTE_SUPPORT, CN_VOTE_OBJECT, CN_VOTE_ABSTAIN};
    for (int t = 0; t < 4; t++) {
        const cn_bt_vote_row *v = &r.vote_rows[t];
        assert_string_equal(v->code, codes[t]);
        assert_int_equal(v->real, real[t]);
        assert_int_equal(v->modal, modal[t]);
        assert_int_equal(v->count[modal[t] - CN_VOTE_SUPPORT], 50);
        assert_int_equal(v->count[0] + v->count[1] + v->count[2], 50);
    }
    /* the baseline "vote as last time", worked out in the fixture's header */
    assert_float_equal(r.base_match, 0.5, 1e-12);
    assert_float_equal(r.base_loglik, -1.3509194705514658, 1e-12);
    cn_backtest_result_free(&r);
    assert_null(r.vote_rows);
}

/* The baseline "vote as last time" by hand: six states, the previous vote
 * yes 2, no 1, abstain 1 (4 voters); the fifth state has no real vote.
 *   0: yes then, yes now: modal hit, P 0.9
 *   1: yes then, no now: miss, P (1 - 0.9) / 2 = 0.05
 *   2: no then, no now: hit, P 0.9
 *   3: absent then, abstains now: shares' modal yes, miss; P (1 + 1/2) / (4 + 3/2)
 *   5: absent then, yes now: hit; P (2 + 1/2) / (4 + 3/2)
 * match 3/5; mean log-likelihood -1.0588387... */
static void test_backtest_baseline_by_hand(void **state)
{
    (void)state;
    const unsigned char prev[6] = {CN_VOTE_SUPPORT, CN_VOTE_SUPPORT, CN_VOTE_OBJECT,
                                   CN_VOTE_NONE,    CN_VOTE_ABSTAIN, CN_VOTE_NONE};
    const unsigned char real[6] = {CN_VOTE_SUPPORT, CN_VOTE_OBJECT, CN_VOTE_OBJECT,
                                   CN_VOTE_ABSTAIN, CN_VOTE_NONE,   CN_VOTE_SUPPORT};
    double match = 0.0, ll = 0.0;
    assert_int_equal(cn_backtest_baseline(prev, real, 6, &match, &ll), 5);
    assert_float_equal(match, 0.6, 1e-12);
    assert_float_equal(ll, -1.058838729872835, 1e-12);
    assert_float_equal(ll,
                       (2.0 * log(0.9) + log(0.05) + log(1.5 / 5.5) + log(2.5 / 5.5)) / 5.0,
                       1e-12);
    /* ties of the shares go to yes, then no: a state absent then, among
     * one no and one abstain, is forecast no */
    const unsigned char prev2[3] = {CN_VOTE_OBJECT, CN_VOTE_ABSTAIN, CN_VOTE_NONE};
    const unsigned char real2[3] = {CN_VOTE_NONE, CN_VOTE_NONE, CN_VOTE_OBJECT};
    assert_int_equal(cn_backtest_baseline(prev2, real2, 3, &match, &ll), 1);
    assert_float_equal(match, 1.0, 1e-12);
    assert_float_equal(ll, log(1.5 / 3.5), 1e-12);
    /* nobody voted then, or nobody now: nothing to score */
    const unsigned char none[3] = {CN_VOTE_NONE, CN_VOTE_NONE, CN_VOTE_NONE};
    assert_int_equal(cn_backtest_baseline(none, real, 3, &match, &ll), 0);
    assert_true(isnan(match) && isnan(ll));
    assert_int_equal(cn_backtest_baseline(prev, none, 3, &match, &ll), 0);
    assert_true(isnan(match) && isnan(ll));
}

/* tests/data/bt_block.cfg: nothing adopted in any replication, CCC the
 * one blocker every time (worked out in the file); a vote episode has no
 * failed replications. */
static void test_backtest_blockers(void **state)
{
    (void)state;
    cn_bt_result r[2];
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file("tests/data/bt_block.cfg", NULL, 0, 0, 2, &r[0], &d), CN_OK);
    assert_true(r[0].consensus);
    assert_float_equal(r[0].p, 1.0, 1e-12);
    assert_int_equal(r[0].failed, 20);
    assert_int_equal(r[0].n_blockers, 1);
    assert_string_equal(r[0].blockers[0].code, "CCC");
    assert_int_equal(r[0].blockers[0].count, 20);
    assert_int_equal(cn_backtest_file(VOTE, NULL, 0, 0, 2, &r[1], &d), CN_OK);
    assert_false(r[1].consensus);
    assert_int_equal(r[1].failed, 0);
    assert_int_equal(r[1].n_blockers, 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(cn_backtest_write_md(f, r, 2, 0), CN_OK);
    fclose(f);
    ch_assert_contains(buf, "## Who blocks when consensus fails");
    ch_assert_contains(buf, "- **bt_block** (nothing adopted in 20 of 20): CCC 1.00\n");
    free(buf);
    cn_backtest_result_free(&r[0]);
    cn_backtest_result_free(&r[1]);
    /* six blockers tied: the first five in state order */
    assert_int_equal(cn_backtest_file("tests/data/bt_block6.cfg", NULL, 0, 0, 3, &r[0], &d), CN_OK);
    assert_int_equal(r[0].failed, 10);
    assert_int_equal(r[0].n_blockers, CN_BT_BLOCKERS);
    const char *want[CN_BT_BLOCKERS] = {"BBB", "CCC", "DDD", "EEE", "FFF"};
    for (int b = 0; b < CN_BT_BLOCKERS; b++) {
        assert_string_equal(r[0].blockers[b].code, want[b]);
        assert_int_equal(r[0].blockers[b].count, 10);
    }
    cn_backtest_result_free(&r[0]);
    /* a real episode with many different blockers: most frequent first */
    assert_int_equal(cn_backtest_file("scenarios/history/gge-2016.cfg", NULL, 0, 200, 2, &r[0], &d),
                     CN_OK);
    assert_true(r[0].failed > 0);
    assert_int_equal(r[0].n_blockers, CN_BT_BLOCKERS);
    for (int b = 1; b < CN_BT_BLOCKERS; b++)
        assert_true(r[0].blockers[b - 1].count >= r[0].blockers[b].count);
    assert_true(r[0].blockers[0].count <= r[0].failed);
    cn_backtest_result_free(&r[0]);
}

/* P(in force) = (1 - 0.7^3)^2 = 0.43165 by hand; 4000 replications: the
 * s.d. is 0.0078, so 4 s.d. is 0.032. */
static void test_backtest_treaty_probability(void **state)
{
    (void)state;
    cn_bt_result r;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file(TREATY, NULL, 0, 0, 2, &r, &d), CN_OK);
    double q = 1.0 - 0.7 * 0.7 * 0.7;
    assert_float_equal(r.p, q * q, 0.032);
    assert_float_equal(r.p_adopted, 1.0, 1e-12);
    assert_float_equal(r.p_in_force, r.p, 1e-12);
    assert_true(r.lo < r.p && r.p < r.hi);
    assert_true(r.ex.has_parties);
    assert_int_equal(r.ex.parties, 2);
    /* the outcome is every scored forum: forum T by default */
    assert_int_equal(r.ex.n_forums, 1);
    cn_backtest_result_free(&r);
}

/* Dated counts (tests/data/bt_lib/bt_treaty.cfg, by hand in its header):
 * 2 signatories at the opening; 0.6 parties by the end of 2002 (exactly
 * one, within 30% of 1, in 0.42 of the runs); 1.314 by 2004 (two in
 * 0.4316); P(in force by 2004) = 0.4316.  4000 replications: 4 s.d. of a
 * share near 0.43 is 0.032, of the mean parties about 0.04. */
static void test_backtest_treaty_counts(void **state)
{
    (void)state;
    cn_bt_result r;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file(TREATY, NULL, 0, 0, 2, &r, &d), CN_OK);
    assert_int_equal(r.ex.n_counts, 3);
    assert_int_equal(r.ex.counts[0].signatories, 1);
    assert_int_equal(r.ex.counts[0].month, 12 * 2001 + 5);
    assert_int_equal(r.ex.counts[0].held_out, 0);
    assert_int_equal(r.ex.counts[2].real, 2);
    assert_float_equal(r.count_mean[0], 2.0, 1e-12);
    assert_float_equal(r.count_within[0], 1.0, 1e-12);
    assert_float_equal(r.count_mean[1], 0.6, 0.04);
    assert_float_equal(r.count_within[1], 0.42, 0.032);
    double q = 1.0 - 0.7 * 0.7 * 0.7;
    assert_float_equal(r.count_mean[2], 2 * q, 0.05);
    assert_float_equal(r.count_within[2], q * q, 0.032);
    assert_true(r.ex.has_force_date);
    assert_float_equal(r.p_force_by, q * q, 0.032);
    assert_float_equal(r.p_force_by, r.p, 1e-12); /* the run ends in 2004 as well */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(cn_backtest_write_md(f, &r, 1, 0), CN_OK);
    fclose(f);
    ch_assert_contains(buf, "## Treaties: signatories and parties at the real dates");
    ch_assert_contains(buf, "| bt_treaty | fit | 2001-06 | signatories | 2.0 | 2 | +0% | yes | 1.00 |");
    ch_assert_contains(buf, "| bt_treaty | 2004-01 |");
    free(buf);
    f = open_memstream(&buf, &len);
    assert_int_equal(cn_backtest_write_treaties_csv(f, &r, 1), CN_OK);
    fclose(f);
    ch_assert_contains(buf, "episode,set,date,count,real,model_mean,relative_error,within,runs_within\n"
                            "bt_treaty,fit,2001-06,signatories,2,2.00,0.0000,1,1.0000\n");
    free(buf);
    cn_backtest_result_free(&r);
    /* the loader reads the counts (sim/load_expected.c): a dated count
     * needs the calendar, and holds a date and its number only */
    static const char *const base =
        "states = ( { code = \"AAA\"; ideal = [0.5, 0.5]; }, { code = \"BBB\"; ideal = "
        "[0.5, 0.5]; } );\nforums = ( { name = \"T\"; members = \"all\"; output = "
        "\"treaty\"; } );\n%s\nexpected = { adopted = true; parties_at = %s; };\n";
    static const struct {
        const char *calendar, *count, *setting, *msg;
    } cases[] = {
        {"", "{ date = \"2002-12\"; parties = 1; }", "expected.parties_at.date",
         "a date needs the scenario's calendar"},
        {"calendar = { start = \"2001-01\"; };", "( { date = \"2002-12\"; signatories = 1; } )",
         "expected.parties_at.0.signatories", "unknown setting 'signatories' (expected date and "
         "parties)"},
        {"calendar = { start = \"2001-01\"; };", "{ date = \"2002-12\"; }",
         "expected.parties_at.parties", "required setting is missing"},
        {"calendar = { start = \"2001-01\"; };", "{ date = \"2002-13\"; parties = 1; }",
         "expected.parties_at.date", "expected a date \"YYYY-MM\""},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[1024];
        snprintf(text, sizeof text, base, cases[k].calendar, cases[k].count);
        cn_scenario *s = NULL;
        assert_int_equal(cn_load_scenario_string(text, "t.cfg", NULL, NULL, 0, &s, &d),
                         CN_EINPUT);
        assert_string_equal(d.setting, cases[k].setting);
        ch_assert_contains(d.msg, cases[k].msg);
    }
}

static void test_backtest_threads_do_not_matter(void **state)
{
    (void)state;
    cn_bt_result a, b;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file(TREATY, NULL, 0, 999, 1, &a, &d), CN_OK);
    assert_int_equal(cn_backtest_file(TREATY, NULL, 0, 999, 3, &b, &d), CN_OK);
    assert_int_equal(a.hits, b.hits);
    assert_true(a.mean_parties == b.mean_parties);
    assert_int_equal(a.reps, 999);
    cn_backtest_result_free(&a);
    cn_backtest_result_free(&b);
}

static void test_backtest_overrides(void **state)
{
    (void)state;
    /* ratify 0 for both: never in force */
    const char *sets[] = {"states.AAA.ratify=0.0", "states.BBB.ratify=0.0"};
    cn_bt_result r;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file(TREATY, sets, 2, 100, 2, &r, &d), CN_OK);
    assert_int_equal(r.hits, 0);
    assert_float_equal(r.p_adopted, 1.0, 1e-12);
    cn_backtest_result_free(&r);
    const char *bad[] = {"model.bta=3"};
    assert_int_equal(cn_backtest_file(TREATY, bad, 1, 100, 2, &r, &d), CN_EINPUT);
    assert_non_null(strstr(d.msg, "bta"));
}

static void expect_error(const char *path, const char *setting, const char *msg)
{
    cn_bt_result r;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file(path, NULL, 0, 10, 1, &r, &d), CN_EINPUT);
    assert_string_equal(d.file, path);
    assert_true(d.line > 0 || strcmp(setting, "expected") == 0);
    assert_string_equal(d.setting, setting);
    if (strstr(d.msg, msg) == NULL)
        fail_msg("message '%s' lacks '%s'", d.msg, msg);
}

static void test_backtest_errors(void **state)
{
    (void)state;
    expect_error("tests/data/bt_bad_unknown.cfg", "expected.adoptd", "unknown setting 'adoptd'");
    expect_error("tests/data/bt_bad_state.cfg", "expected.yes_states", "unknown state 'ZZZ'");
    expect_error("tests/data/bt_bad_forum.cfg", "expected.forum", "unknown forum 'W'");
    expect_error("tests/data/bt_bad_twice.cfg", "expected.no_states", "two real votes");
    expect_error("tests/data/bt_bad_counts.cfg", "expected", "all three");
    expect_error("tests/data/bt_bad_type.cfg", "expected.adopted", "true or false");
    expect_error("tests/data/bt_bad_nothing.cfg", "expected", "adopted or in_force");
    expect_error("tests/data/bt_bad_missing.cfg", "expected", "needs an expected");
    /* a scenario error comes from the loader */
    cn_bt_result r;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file("tests/data/no_such.cfg", NULL, 0, 10, 1, &r, &d), CN_EINPUT);
    /* bad arguments to the episode runner */
    cn_scenario *s = NULL;
    assert_int_equal(load(VOTE, &s), CN_OK);
    assert_int_equal(cn_backtest_episode(s, s->expected, 0, 1, &r), CN_EINPUT);
    assert_int_equal(cn_backtest_episode(s, s->expected, 10, 0, &r), CN_EINPUT);
    cn_scenario_free(s);
}

/* Replications of an input group share one draw of the positions: P's
 * interval is taken over reps / deff effective replications, deff from
 * the spread of the groups' hit rates; without uncertain inputs deff is 1
 * and the interval is the plain Wilson one.  The 2016-17 GGE, whose
 * outcome turns on where a few members stand, has a large one. */
static void test_backtest_design_effect(void **state)
{
    (void)state;
    const char *path = "scenarios/history/gge-2016.cfg";
    const char *none[1] = {"run.uncertainty=none"};
    cn_bt_result a, b;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file(path, NULL, 0, 200, 2, &a, &d), CN_OK);
    assert_int_equal(cn_backtest_file(path, none, 1, 200, 2, &b, &d), CN_OK);
    assert_true(a.deff > 2.0);
    assert_true(b.deff == 1.0);
    double lo, hi;
    cn_stats_wilson(b.hits, b.reps, 1.959963984540054, &lo, &hi);
    assert_true(fabs(b.lo - lo) < 1e-12);
    assert_true(fabs(b.hi - hi) < 1e-12);
    cn_stats_wilson(a.hits, a.reps, 1.959963984540054, &lo, &hi);
    assert_true(a.hi - a.lo > 1.3 * (hi - lo));
    /* the same on one thread */
    cn_bt_result c;
    assert_int_equal(cn_backtest_file(path, NULL, 0, 200, 1, &c, &d), CN_OK);
    assert_true(c.deff == a.deff && c.lo == a.lo && c.hi == a.hi);
    cn_backtest_result_free(&a);
    cn_backtest_result_free(&b);
    cn_backtest_result_free(&c);
}

static void test_backtest_list(void **state)
{
    (void)state;
    char **files = NULL;
    int n = 0;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_list("tests/data/bt_lib", &files, &n, &d), CN_OK);
    assert_int_equal(n, 2);
    assert_string_equal(files[0], "tests/data/bt_lib/bt_treaty.cfg");
    assert_string_equal(files[1], "tests/data/bt_lib/bt_vote.cfg");
    assert_null(files[2]);
    cn_backtest_list_free(files);
    cn_backtest_list_free(NULL);
    assert_int_equal(cn_backtest_list("tests/data/no_such_dir", &files, &n, &d), CN_EIO);
    assert_null(files);
    assert_int_equal(cn_backtest_list("tests/bad/../../include", &files, &n, &d), CN_EINPUT);
    assert_non_null(strstr(d.msg, "no scenario"));
    /* one scenario file instead of a folder */
    assert_int_equal(cn_backtest_list(VOTE, &files, &n, &d), CN_OK);
    assert_int_equal(n, 1);
    assert_string_equal(files[0], VOTE);
    assert_null(files[1]);
    cn_backtest_list_free(files);
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_list("Makefile", &files, &n, &d), CN_EINPUT);
    assert_null(files);
    assert_non_null(strstr(d.msg, "expected a folder of scenarios or a scenario (.cfg) file"));
}

static void test_backtest_writers(void **state)
{
    (void)state;
    cn_bt_result r[2];
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file(TREATY, NULL, 0, 100, 2, &r[0], &d), CN_OK);
    assert_int_equal(cn_backtest_file(VOTE, NULL, 0, 0, 2, &r[1], &d), CN_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(cn_backtest_write_csv(f, r, 2), CN_OK);
    fclose(f);
    assert_non_null(strstr(buf, "\nbt_vote,tests/data/bt_lib/bt_vote.cfg,held out,0,0,\"adopted 1-2-1\",50,"
                                "1.0000,"));
    /* ... year -1 (no calendar: the file's held_out stands), Brier 0 */
    assert_non_null(strstr(buf, ",2.00,1.00,1.00,1,2,1,0.7500,3,4,3.00,,-1.1734,,,,-1,0.0000,1,,"
                                "\"fixture-before\",0.5000,-1.3509,1.000\n"));
    /* the treaty has no previous vote: empty baseline */
    assert_non_null(strstr(buf, ",\"\",,,"));
    assert_non_null(strstr(buf, "\"adopted, in force\",100,"));
    free(buf);
    f = open_memstream(&buf, &len);
    assert_int_equal(cn_backtest_write_md(f, r, 2, 100), CN_OK);
    fclose(f);
    assert_non_null(strstr(buf, "| bt_vote | held out | adopted 1-2-1 | 1.000 [0.929, 1.000] |"));
    /* the proper scores: bt_vote's "adopted?" (p 1, yes) is its only held-out event */
    assert_non_null(strstr(buf, "## Proper scores"));
    assert_non_null(strstr(buf, "| held out | 1 | 0.000 |"));
    assert_non_null(strstr(buf, "2.0/1.0/1.0 vs 1/2/1 | 0.750 (3/4) |"));
    assert_non_null(strstr(buf, "| held out | 1 | 1.000 | 1.000 | 1 |"));
    /* the model against the baseline "vote as last time" */
    assert_non_null(strstr(buf, "## Recorded votes: model vs vote as last time"));
    assert_non_null(strstr(buf, "| bt_vote | held out | fixture-before | 2.0/1.0/1.0 vs 1/2/1 | "
                                "0.750 | 0.500 | -1.173 | -1.351 |\n"));
    assert_non_null(strstr(buf, "**bt_vote**: 3 of 4 match; mean log-likelihood of the real "
                                "votes -1.173 per state (a uniform guess: -1.099).\n"
                                "- real no, model yes: BBB (1)\n"));
    free(buf);
    f = open_memstream(&buf, &len);
    assert_int_equal(cn_backtest_write_votes_csv(f, r, 2), CN_OK);
    fclose(f);
    assert_string_equal(buf, "episode,state,real,p_yes,p_no,p_abstain,modal,match\n"
                             "bt_vote,AAA,yes,1.0000,0.0000,0.0000,yes,1\n"
                             "bt_vote,BBB,no,1.0000,0.0000,0.0000,yes,0\n"
                             "bt_vote,CCC,no,0.0000,1.0000,0.0000,no,1\n"
                             "bt_vote,DDD,abstain,0.0000,0.0000,1.0000,abstain,1\n");
    free(buf);
    cn_backtest_result_free(&r[0]);
    cn_backtest_result_free(&r[1]);
}

/* 1 if one line of text holds both a and b. */
static int line_with_both(const char *text, const char *a, const char *b)
{
    for (const char *p = text; *p != '\0';) {
        size_t n = strcspn(p, "\n");
        const char *hit_a = strstr(p, a), *hit_b = strstr(p, b);
        if (hit_a != NULL && hit_b != NULL && hit_a < p + n && hit_b < p + n)
            return 1;
        p += n + (p[n] == '\n');
    }
    return 0;
}

static void test_backtest_command(void **state)
{
    (void)state;
    char dir[64];
    assert_int_equal(ch_tmpdir(dir, sizeof dir, "backtest"), 0);
    char out[256], md[300], csv[300], votes[300];
    snprintf(out, sizeof out, "%s/res", dir);
    snprintf(md, sizeof md, "%s/backtest.md", out);
    snprintf(csv, sizeof csv, "%s/backtest.csv", out);
    snprintf(votes, sizeof votes, "%s/backtest-votes.csv", out);
    ch_result r = CH_RUN("backtest", "tests/data/bt_lib", "--out", out, "--threads", "2");
    assert_int_equal(r.status, 0);
    assert_true(ch_exists(md));
    assert_true(ch_exists(csv));
    assert_true(ch_exists(votes));
    snprintf(votes, sizeof votes, "%s/backtest.html", out);
    assert_true(ch_exists(votes));
    assert_true(line_with_both(r.out, "bt_vote", "2/1/1 vs 1/2/1"));
    assert_non_null(strstr(r.out, "backtest-votes.csv"));
    ch_result_free(&r);
    /* one episode */
    r = CH_RUN("backtest", VOTE, "--out", out, "--threads", "1");
    assert_int_equal(r.status, 0);
    assert_true(line_with_both(r.out, "bt_vote", "2/1/1 vs 1/2/1"));
    assert_null(strstr(r.out, "bt_treaty"));
    ch_result_free(&r);
    CH_ASSERT_RUN(2, NULL, "backtest", "tests/data/bt_lib", "--replications", "0");
    CH_ASSERT_RUN(2, NULL, "backtest", "--bogus");
    CH_ASSERT_RUN(1, NULL, "backtest", "tests/data/no_such_dir", "--out", out);
    CH_ASSERT_RUN(2, NULL, "backtest", "a", "b");
    ch_remove_tree(dir);
}

/* `expected` is read once, by the loader (issue 14): `check` refuses what
 * `backtest` refuses, with the same message; --set reaches it; the
 * resolved scenario.cfg of a run holds it, and backtest on that file
 * scores the same as on the original. */
static void test_backtest_expected_read_once(void **state)
{
    (void)state;
    const char *want = "tests/bad/expected_unknown_forum.cfg:9: setting 'expected.forum': "
                       "unknown forum 'NOPE'";
    CH_ASSERT_RUN(2, want, "check", "tests/bad/expected_unknown_forum.cfg");
    CH_ASSERT_RUN(2, want, "backtest", "tests/bad/expected_unknown_forum.cfg", "--out", "/dev/null");

    ch_result r = CH_RUN("check", VOTE, "--set", "expected.note=x");
    ch_assert_exit(&r, 0, NULL);
    ch_assert_contains(r.out, "\n  note = \"x\";\n");
    ch_result_free(&r);
    CH_ASSERT_RUN(2, "--set:1: setting 'expected.nte': unknown setting 'nte' (did you mean 'note'?)",
                  "check", VOTE, "--set", "expected.nte=x");

    char dir[64], run[128], saved[160], a[160], b[160];
    assert_int_equal(ch_tmpdir(dir, sizeof dir, "bt-saved"), 0);
    snprintf(run, sizeof run, "%s/run", dir);
    snprintf(saved, sizeof saved, "%s/scenario.cfg", run);
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    CH_ASSERT_RUN(0, NULL, "run", VOTE, "--out", run, "--quiet", "--set", "expected.note=saved");
    char *text = ch_read_file(saved, NULL);
    assert_non_null(text);
    ch_assert_contains(text, "\nexpected = {\n  forums = [\"V\"];\n  adopted = true;\n");
    ch_assert_contains(text, "  yes_states = [\"AAA\"];\n  no_states = [\"BBB\", \"CCC\"];\n");
    free(text);
    CH_ASSERT_RUN(0, NULL, "backtest", VOTE, "--out", a, "--quiet");
    CH_ASSERT_RUN(0, NULL, "backtest", saved, "--out", b, "--quiet");
    char pa[200], pb[200];
    snprintf(pa, sizeof pa, "%s/backtest-votes.csv", a);
    snprintf(pb, sizeof pb, "%s/backtest-votes.csv", b);
    assert_true(ch_files_equal(pa, pb));
    snprintf(pa, sizeof pa, "%s/backtest.md", a);
    snprintf(pb, sizeof pb, "%s/backtest.md", b);
    char *ma = ch_read_file(pa, NULL), *mb = ch_read_file(pb, NULL);
    assert_non_null(ma);
    assert_non_null(mb);
    /* the same row but for the note, which the saved file carries */
    ch_assert_contains(ma, "| bt_vote | held out | adopted 1-2-1 | 1.000 [0.929, 1.000] |");
    ch_assert_contains(mb, "| bt_vote | held out | adopted 1-2-1 | 1.000 [0.929, 1.000] |");
    ch_assert_contains(mb, "- bt_vote: saved");
    free(ma);
    free(mb);
    ch_remove_tree(dir);
}

/* One pinned episode (tests/data/backtest_pinned.csv). */
typedef struct {
    char episode[64];
    long reps, hits;          /* hits < 0: hypothetical */
    double mean[3], sd[3];    /* yes, no, abstain; NaN when no recorded vote; sd effective */
    double deff_p;            /* design effect of P (1 when not given) */
} pin;

/* The pinned rows; *n their number. */
static pin *read_pins(int *n)
{
    FILE *f = fopen("tests/data/backtest_pinned.csv", "r");
    assert_non_null(f);
    pin *p = calloc(64, sizeof *p);
    assert_non_null(p);
    char line[512];
    int k = 0, header = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#')
            continue;
        if (!header++) {
            assert_string_equal(line, "episode,reps,hits,mean_yes,mean_no,mean_abstain,sd_yes,"
                                      "sd_no,sd_abstain,deff_p\n");
            continue;
        }
        assert_true(k < 64);
        char *field[10];
        int nf = 0;
        field[nf++] = line;
        for (char *s = line; *s != '\0' && *s != '\n'; s++)
            if (*s == ',' && nf < 10) {
                *s = '\0';
                field[nf++] = s + 1;
            }
        line[strcspn(line, "\n")] = '\0';
        field[nf - 1][strcspn(field[nf - 1], "\n")] = '\0';
        assert_int_equal(nf, 10);
        snprintf(p[k].episode, sizeof p[k].episode, "%.*s", (int)sizeof p[k].episode - 1, field[0]);
        p[k].reps = strtol(field[1], NULL, 10);
        p[k].hits = field[2][0] != '\0' ? strtol(field[2], NULL, 10) : -1;
        for (int v = 0; v < 3; v++) {
            p[k].mean[v] = field[3 + v][0] != '\0' ? strtod(field[3 + v], NULL) : NAN;
            p[k].sd[v] = field[6 + v][0] != '\0' ? strtod(field[6 + v], NULL) : NAN;
        }
        p[k].deff_p = field[9][0] != '\0' ? strtod(field[9], NULL) : 1.0;
        assert_true(p[k].deff_p >= 1.0);
        k++;
    }
    fclose(f);
    *n = k;
    return p;
}

/* The history library, at 100 replications an episode, within the Monte
 * Carlo bands of its pinned scores (tests/data/backtest_pinned.csv, at
 * each episode's run.replications N; tools/pin_backtest.py --write pins
 * them anew after a deliberate model change):
 *   |P - P_pinned| <= 4 sqrt(deff q (1 - q) (1/n + 1/N)), q = (h + 2) / (N + 4),
 *   |mean votes - pinned| <= 4 sd sqrt(1/n + 1/N)
 * (n = 100: a 4-sigma band, h pinned hits; the Agresti-Coull q keeps the
 * band open at P = 0 or 1; sd and deff, pinned, carry the groups of
 * run.input_group replications that share one draw of the positions:
 * tools/pin_backtest.py).  Every episode of scenarios/history is pinned,
 * and the seven recorded General Assembly votes (ga-*: 60/45 to 73/266)
 * have their counts pinned. */
static void test_backtest_library_pinned(void **state)
{
    (void)state;
    const long n = 100;
    int np = 0, nf = 0, votes = 0;
    pin *pins = read_pins(&np);
    char **files = NULL;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_list("scenarios/history", &files, &nf, &d), CN_OK);
    assert_int_equal(nf, np);
    for (int k = 0; k < nf; k++) {
        cn_bt_result r;
        assert_int_equal(cn_backtest_file(files[k], NULL, 0, n, 2, &r, &d), CN_OK);
        const pin *p = NULL;
        for (int j = 0; j < np; j++)
            if (strcmp(pins[j].episode, r.name) == 0)
                p = &pins[j];
        if (p == NULL)
            fail_msg("%s is not pinned", r.name);
        if (p->hits < 0) {
            assert_true(r.ex.hypothetical && isnan(r.p));
        } else {
            double N = (double)p->reps, q = (p->hits + 2.0) / (N + 4.0);
            double band = 4.0 * sqrt(p->deff_p * q * (1.0 - q) * (1.0 / (double)n + 1.0 / N));
            if (fabs(r.p - (double)p->hits / N) > band)
                fail_msg("%s: P %.4f, pinned %.4f (band %.4f)", r.name, r.p,
                         (double)p->hits / N, band);
        }
        const double mean[3] = {r.mean_yes, r.mean_no, r.mean_abstain};
        for (int v = 0; v < 3 && !isnan(p->mean[v]); v++) {
            double band = 4.0 * p->sd[v] * sqrt(1.0 / (double)n + 1.0 / (double)p->reps);
            if (fabs(mean[v] - p->mean[v]) > band)
                fail_msg("%s: mean votes %d: %.2f, pinned %.2f (band %.2f)", r.name, v, mean[v],
                         p->mean[v], band);
            votes += v == 0 && strncmp(r.name, "ga-", 3) == 0;
        }
        cn_backtest_result_free(&r);
    }
    assert_int_equal(votes, 7); /* the seven recorded GA votes (tools/derive_votes.py) */
    cn_backtest_list_free(files);
    free(pins);
}

/* One real episode of the library: the G7 Lucca declaration (7 states). */
static void test_backtest_history_g7(void **state)
{
    (void)state;
    cn_bt_result r;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file("scenarios/history/g7-lucca-2017.cfg", NULL, 0, 200, 2, &r, &d),
                     CN_OK);
    assert_int_equal(r.ex.forums[0], 0);
    /* the time split: its calendar starts in 2017, before the cut-off */
    assert_int_equal(r.year, 2017);
    assert_false(r.ex.held_out);
    assert_float_equal(r.p, r.p_adopted, 1e-12);
    /* one event, "adopted?", yes: its Brier score is (1 - p)^2 */
    cn_score_event ev[2];
    assert_int_equal(cn_backtest_events(&r, 1, ev, 2), 1);
    assert_int_equal(ev[0].kind, CN_BT_EVENT_ADOPTED);
    assert_int_equal(ev[0].o, 1);
    assert_int_equal(ev[0].fit, 1);
    assert_float_equal(r.brier, (1.0 - r.p) * (1.0 - r.p), 1e-12);
    assert_true(r.p >= 0.6);
    cn_backtest_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backtest_read_expected),
        cmocka_unit_test(test_backtest_vote_by_hand),
        cmocka_unit_test(test_backtest_treaty_probability),
        cmocka_unit_test(test_backtest_treaty_counts),
        cmocka_unit_test(test_backtest_threads_do_not_matter),
        cmocka_unit_test(test_backtest_overrides),
        cmocka_unit_test(test_backtest_errors),
        cmocka_unit_test(test_backtest_design_effect),
        cmocka_unit_test(test_backtest_list),
        cmocka_unit_test(test_backtest_writers),
        cmocka_unit_test(test_backtest_blockers),
        cmocka_unit_test(test_backtest_command),
        cmocka_unit_test(test_backtest_expected_read_once),
        cmocka_unit_test(test_backtest_baseline_by_hand),
        cmocka_unit_test(test_backtest_history_g7),
        cmocka_unit_test(test_backtest_library_pinned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
