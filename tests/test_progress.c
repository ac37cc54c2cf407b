/* test_progress.c - the progress bar: what it draws, when it redraws,
 * that a disabled bar writes nothing, and ETA formatting. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "cn_progress.h"

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static void test_progress_format_eta(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(cn_progress_format_eta(0.0, buf, sizeof buf), "0.0s");
    assert_string_equal(cn_progress_format_eta(1.7, buf, sizeof buf), "1.7s");
    assert_string_equal(cn_progress_format_eta(12.34, buf, sizeof buf), "12.3s");
    assert_string_equal(cn_progress_format_eta(59.94, buf, sizeof buf), "59.9s");
    /* 59.96 would print as "60.0s": minutes from there on */
    assert_string_equal(cn_progress_format_eta(59.96, buf, sizeof buf), "1m00s");
    assert_string_equal(cn_progress_format_eta(185.0, buf, sizeof buf), "3m05s");
    assert_string_equal(cn_progress_format_eta(3599.4, buf, sizeof buf), "59m59s");
    assert_string_equal(cn_progress_format_eta(3599.6, buf, sizeof buf), "1h00m");
    assert_string_equal(cn_progress_format_eta(3720.0, buf, sizeof buf), "1h02m");
    assert_string_equal(cn_progress_format_eta(3749.0, buf, sizeof buf), "1h02m"); /* 62.48 min */
    assert_string_equal(cn_progress_format_eta(3750.0, buf, sizeof buf), "1h03m"); /* 62.5 min */
    assert_string_equal(cn_progress_format_eta(100.0 * 3600, buf, sizeof buf), "100h00m");
    /* unknown */
    assert_string_equal(cn_progress_format_eta(-1.0, buf, sizeof buf), "--");
    assert_string_equal(cn_progress_format_eta(NAN, buf, sizeof buf), "--");
    assert_string_equal(cn_progress_format_eta(INFINITY, buf, sizeof buf), "--");
    /* a short buffer truncates, a NULL one is returned as is */
    assert_string_equal(cn_progress_format_eta(185.0, buf, 4), "3m0");
    assert_null(cn_progress_format_eta(1.0, NULL, 8));
}

/* Stream contents so far. */
static const char *contents(FILE *f, char **buf)
{
    assert_int_equal(fflush(f), 0);
    return *buf;
}

static void test_progress_disabled_writes_nothing(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    cn_progress *p = cn_progress_start(f, "runs", 10, 0);
    assert_non_null(p);
    for (long i = 0; i <= 10; i++)
        cn_progress_update(p, i);
    cn_progress_finish(p);
    fclose(f);
    assert_int_equal(size, 0);
    free(buf);
    cn_progress_update(NULL, 3); /* NULL is a no-op */
    cn_progress_finish(NULL);
}

static void test_progress_draws_counts(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    cn_progress *p = cn_progress_start(f, "runs", 10000, 1);
    assert_non_null(p);

    double t0 = now_seconds();
    cn_progress_update(p, 0);    /* the first call draws */
    cn_progress_update(p, 4200); /* within 100 ms: not drawn */
    double t1 = now_seconds();
    const char *s = contents(f, &buf);
    assert_non_null(strstr(s, "\r[..............................]  0/10000 runs"));
    assert_non_null(strstr(s, "ETA --"));
    if (t1 - t0 < 0.09) /* only meaningful if this machine was not stalled */
        assert_null(strstr(s, "4200/"));

    sleep_ms(120);
    cn_progress_update(p, 5000); /* more than 100 ms later: drawn */
    s = contents(f, &buf);
    assert_non_null(strstr(s, "\r[###############...............]  5000/10000 runs  "));
    assert_non_null(strstr(s, "/s  ETA "));
    assert_null(strstr(s, "\n"));

    cn_progress_update(p, 10000); /* completion is always drawn */
    s = contents(f, &buf);
    assert_non_null(strstr(s, "\r[##############################]  10000/10000 runs"));
    cn_progress_finish(p);
    fclose(f);
    /* the final line: elapsed time instead of the ETA, then a newline */
    char *last = strrchr(buf, '\r');
    assert_non_null(last);
    assert_true(strncmp(last, "\r[##############################]  10000/10000 runs  ", 52) == 0);
    assert_non_null(strstr(last, "/s  in "));
    assert_int_equal(buf[size - 1], '\n');
    free(buf);
}

/* A shorter line blanks what the longer one before it left. */
static void test_progress_blanks_leftovers(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    cn_progress *p = cn_progress_start(f, "runs", 5, 1);
    assert_non_null(p);
    cn_progress_update(p, 5); /* "... 5/5 runs  N/s  ETA 0.0s" */
    cn_progress_finish(p);    /* "... 5/5 runs  N/s  in 0.0s" */
    fclose(f);
    /* buf = "\r<first line>\r<final line><blanks>\n" */
    char *second = strrchr(buf, '\r');
    assert_non_null(second);
    assert_true(second > buf);
    size_t first_len = (size_t)(second - buf) - 1;
    size_t second_len = strlen(second + 1) - 1;
    assert_true(second_len >= first_len);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress_format_eta),
        cmocka_unit_test(test_progress_disabled_writes_nothing),
        cmocka_unit_test(test_progress_draws_counts),
        cmocka_unit_test(test_progress_blanks_leftovers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
