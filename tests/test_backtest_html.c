/* test_backtest_html.c - the backtest's HTML page (cn_backtest_html.h):
 * the charts, the vote comparison, the mismatches, who blocks and the
 * table, on the fixtures of tests/data/bt_lib and tests/data/bt_block.cfg
 * (their outcomes are worked out by hand in the files). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_harness.h"
#include "cn_backtest.h"
#include "cn_backtest_html.h"

#define VOTE "tests/data/bt_lib/bt_vote.cfg"
#define TREATY "tests/data/bt_lib/bt_treaty.cfg"

static char *page(const cn_bt_result *r, int n, long reps)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(cn_backtest_write_html(f, r, n, reps), CN_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* One probability chart (two real episodes: two dots; the treaty, at P
 * 0.43 by hand, misses 0.6), one vote chart (model 2/1/1 beside real
 * 1/2/1), the mismatch, the table; nothing outside the file. */
static void test_backtest_html_page(void **state)
{
    (void)state;
    cn_bt_result r[2];
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file(TREATY, NULL, 0, 100, 2, &r[0], &d), CN_OK);
    assert_int_equal(cn_backtest_file(VOTE, NULL, 0, 0, 2, &r[1], &d), CN_OK);
    char *buf = page(r, 2, 100);
    ch_assert_contains(buf, "<!DOCTYPE html>");
    assert_int_equal(ch_count(buf, "<svg "), 2);
    assert_int_equal(ch_count(buf, "<circle "), 2);
    ch_assert_contains(buf, "2 real episodes: the model gives what really happened a probability "
                            "of at least 0.6 in 1 of them.");
    ch_assert_contains(buf, "100 replications per episode.");
    ch_assert_contains(buf, "<h2>Recorded vote: bt_vote</h2>");
    ch_assert_contains(buf, ">2.0</text>");
    ch_assert_contains(buf, "3 of 4 states' most likely vote in the model is their real vote; "
                            "the mean log-likelihood of the real votes is -1.173 per state");
    /* the baseline "vote as last time" (worked out in the fixture) */
    ch_assert_contains(buf, "Voting as on fixture-before would match 0.500 of them, "
                            "log-likelihood -1.351. The others:</p>");
    ch_assert_contains(buf, "<li>real no, model yes: BBB (1)</li>");
    ch_assert_contains(buf, "<td>2.0/1.0/1.0 vs 1/2/1</td><td>0.750 (3/4)</td>");
    /* the treaty's P under 0.6 is marked in the table */
    ch_assert_contains(buf, "style=\"background:#ffd6d6\"");
    ch_assert_contains(buf, "<li>bt_vote: fixture</li>");
    assert_null(strstr(buf, "<script"));
    assert_null(strstr(buf, "http"));
    /* no consensus failure here: no blockers section */
    assert_null(strstr(buf, "Who blocks"));
    free(buf);
    cn_backtest_result_free(&r[0]);
    cn_backtest_result_free(&r[1]);
}

/* tests/data/bt_block.cfg: nothing adopted in 20 of 20, CCC blocks each time. */
static void test_backtest_html_blockers(void **state)
{
    (void)state;
    cn_bt_result r;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file("tests/data/bt_block.cfg", NULL, 0, 0, 2, &r, &d), CN_OK);
    char *buf = page(&r, 1, 0);
    ch_assert_contains(buf, "<h2>Who blocks when consensus fails</h2>");
    ch_assert_contains(buf, "<li><b>bt_block</b> (nothing adopted in 20 of 20): CCC 1.00</li>");
    assert_null(strstr(buf, "replications per episode"));
    free(buf);
    cn_backtest_result_free(&r);
}

/* A write to a failed stream reports CN_EIO. */
static void test_backtest_html_write_error(void **state)
{
    (void)state;
    cn_bt_result r;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_backtest_file(VOTE, NULL, 0, 0, 1, &r, &d), CN_OK);
    FILE *f = fopen("/dev/full", "w");
    if (f == NULL) {
        cn_backtest_result_free(&r);
        skip();
    }
    setvbuf(f, NULL, _IONBF, 0);
    assert_int_equal(cn_backtest_write_html(f, &r, 1, 0), CN_EIO);
    fclose(f);
    cn_backtest_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backtest_html_page),
        cmocka_unit_test(test_backtest_html_blockers),
        cmocka_unit_test(test_backtest_html_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
