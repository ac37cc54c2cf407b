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
    cn_bt_expected ex;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_read_expected(VOTE, s, &ex, &d), CN_OK);
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
    assert_true(ex.held_out);
    assert_false(ex.hypothetical);
    assert_string_equal(ex.note, "fixture");
    cn_backtest_expected_free(&ex);
    cn_backtest_expected_free(NULL);
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
    cn_backtest_result_free(&r);
    assert_null(r.vote_rows);
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
    /* a dated count needs the calendar; unknown settings in a count */
    cn_scenario *s = NULL;
    assert_int_equal(cn_load_scenario(TREATY, NULL, 0, &s, &d), CN_OK);
    s->calendar.start = -1;
    cn_bt_expected ex;
    assert_int_equal(cn_backtest_read_expected(TREATY, s, &ex, &d), CN_EINPUT);
    ch_assert_contains(d.msg, "a date needs the scenario's calendar");
    cn_scenario_free(s);
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
    cn_bt_expected ex;
    assert_int_equal(cn_backtest_read_expected(VOTE, s, &ex, &d), CN_OK);
    assert_int_equal(cn_backtest_episode(s, &ex, 0, 1, &r), CN_EINPUT);
    assert_int_equal(cn_backtest_episode(s, &ex, 10, 0, &r), CN_EINPUT);
    cn_backtest_expected_free(&ex);
    cn_scenario_free(s);
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
    assert_non_null(strstr(buf, ",2.00,1.00,1.00,1,2,1,0.7500,3,4,3.00,,-1.1734,,,\n"));
    assert_non_null(strstr(buf, "\"adopted, in force\",100,"));
    free(buf);
    f = open_memstream(&buf, &len);
    assert_int_equal(cn_backtest_write_md(f, r, 2, 100), CN_OK);
    fclose(f);
    assert_non_null(strstr(buf, "| bt_vote | held out | adopted 1-2-1 | 1.000 [0.929, 1.000] |"));
    assert_non_null(strstr(buf, "2.0/1.0/1.0 vs 1/2/1 | 0.750 (3/4) |"));
    assert_non_null(strstr(buf, "| held out | 1 | 1.000 | 1.000 | 1 |"));
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
    assert_true(r.ex.held_out);
    assert_float_equal(r.p, r.p_adopted, 1e-12);
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
        cmocka_unit_test(test_backtest_list),
        cmocka_unit_test(test_backtest_writers),
        cmocka_unit_test(test_backtest_blockers),
        cmocka_unit_test(test_backtest_command),
        cmocka_unit_test(test_backtest_history_g7),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
