/* test_chart.c - nice ticks (known answers), every chart in PNG (its
 * header and dimensions), SVG and PDF (their signatures), atomic writes
 * (no temporary file left, a bad extension or folder refused), and the
 * same chart twice giving the same PNG bytes. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cn_chart.h"
#include "cn_error.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/cn_chart_XXXXXX");
    return mkdtemp(dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cn_chart_release();
    DIR *d = opendir(dir);
    if (d != NULL) {
        const struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            char p[512];
            if (e->d_name[0] == '.')
                continue;
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
    return 0;
}

static unsigned char *slurp(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)*len + 1);
    if (b != NULL && fread(b, 1, (size_t)*len, f) != (size_t)*len) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b != NULL)
        b[*len] = 0;
    return b;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Checks the file by its extension: PNG signature and IHDR 1440 x 900,
 * SVG text, PDF signature. */
static void check_file(const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    long len = 0;
    unsigned char *b = slurp(p, &len);
    assert_non_null(b);
    const char *ext = strrchr(name, '.');
    if (strcmp(ext, ".png") == 0) {
        assert_true(len > 5000);
        assert_memory_equal(b, "\x89PNG\r\n\x1a\n", 8);
        assert_memory_equal(b + 12, "IHDR", 4);
        assert_int_equal(be32(b + 16), 1440);
        assert_int_equal(be32(b + 20), 900);
    } else if (strcmp(ext, ".svg") == 0) {
        assert_non_null(strstr((const char *)b, "<svg"));
        assert_non_null(strstr((const char *)b, "width=\"720pt\""));
    } else {
        assert_memory_equal(b, "%PDF-", 5);
    }
    free(b);
}

static void test_chart_ticks_known(void **state)
{
    (void)state;
    double f, s, l;
    assert_int_equal(cn_chart_ticks(0.0, 1.0, 6, &f, &s, &l), 6);
    assert_true(f == 0.0 && fabs(s - 0.2) < 1e-12 && fabs(l - 1.0) < 1e-12);
    assert_int_equal(cn_chart_ticks(-0.013, 0.087, 6, &f, &s, &l), 7); /* -0.02 .. 0.10 */
    assert_true(fabs(f + 0.02) < 1e-12 && fabs(s - 0.02) < 1e-12 && fabs(l - 0.1) < 1e-12);
    assert_int_equal(cn_chart_ticks(116.3, 148.8, 5, &f, &s, &l), 5);
    assert_true(f == 110.0 && s == 10.0 && l == 150.0);
    /* a flat range is widened; non-finite gives none */
    assert_true(cn_chart_ticks(2.385, 2.385, 5, &f, &s, &l) >= 2);
    assert_true(f < 2.385 && l > 2.385);
    assert_int_equal(cn_chart_ticks(NAN, 1.0, 5, &f, &s, &l), 0);
    cn_chart_format fmt;
    assert_int_equal(cn_chart_format_of("a/b.svg", &fmt), CN_OK);
    assert_int_equal(fmt, CN_CHART_SVG);
    assert_int_equal(cn_chart_format_of("a/b.jpg", &fmt), CN_EINPUT);
}

static void test_chart_all_kinds_all_formats(void **state)
{
    (void)state;
    static const char *const ext[] = {"png", "svg", "pdf"};
    const char *names[] = {"US+EU back binding", "beta 20", "beta 30", "footnotes=3"};
    const double est[] = {0.30, 0.02, -0.04, NAN}, lo[] = {0.27, -0.01, -0.09, NAN},
                 hi[] = {0.33, 0.05, 0.01, NAN};
    const int sig[] = {1, 0, 0, 0};
    cn_chart_text tx = {"Difference from the baseline: AHC: P(adopted)", "whatif-test, list design",
                        "95% intervals of paired differences (common random numbers)"};
    const char *xl[] = {"0", "20", "80"}, *yl[] = {"0", "20", "80"};
    const double z[] = {134.5, 142.8, 148.8, 126.9, 138.8, 147.7, 116.3, NAN, 142.7};
    cn_gsa_sobol s[3] = {{0.31, 0.29, 0.34, 0.56, 0.53, 0.59},
                         {0.44, 0.42, 0.46, 0.44, 0.43, 0.46},
                         {0.0, -0.02, 0.02, 0.24, 0.23, 0.25}};
    const char *fn[] = {"x1", "x2", "x3"};
    double cov[] = {1.0, 0.9, 0.78}, den[] = {0.19, 0.3, 0.87}, sup[] = {1, 0.6, 0.16};
    long cnt[] = {4000, 2400, 640};
    double blo[] = {0.2, 0.5}, bhi[] = {0.6, 0.9};
    int restricted[] = {1, 1};
    double tlo[6] = {0, 0, 0, 0, 0.2, 0.5}, thi[6] = {1, 1, 1, 1, 0.6, 0.9};
    cn_prim_result r = {2, 3, tlo, thi, cov, den, sup, cnt, 2, blo, bhi, restricted,
                        0.78, 0.87, 0.16, 640, 0.19};
    const char *pn[] = {"x1", "x2"};
    for (int e = 0; e < 3; e++) {
        char p[512], name[64];
        snprintf(name, sizeof name, "diff.%s", ext[e]);
        snprintf(p, sizeof p, "%s/%s", dir, name);
        assert_int_equal(cn_chart_diff(p, &tx, "difference from the baseline", 4, names, est, lo,
                                       hi, sig, 3), CN_OK);
        check_file(name);
        snprintf(name, sizeof name, "heat.%s", ext[e]);
        snprintf(p, sizeof p, "%s/%s", dir, name);
        cn_chart_text th = {"GA: supporters (states)", "mean over replications", NULL};
        assert_int_equal(cn_chart_heatmap(p, &th, "InfoSec budget", 3, xl, "West budget", 3, yl, z,
                                          "states", 0), CN_OK);
        check_file(name);
        snprintf(name, sizeof name, "sobol.%s", ext[e]);
        snprintf(p, sizeof p, "%s/%s", dir, name);
        cn_chart_text ts = {"Sobol indices: Ishigami", NULL, NULL};
        assert_int_equal(cn_chart_sobol(p, &ts, 3, fn, s), CN_OK);
        check_file(name);
        snprintf(name, sizeof name, "prim.%s", ext[e]);
        snprintf(p, sizeof p, "%s/%s", dir, name);
        cn_chart_text tp = {"PRIM: where y = 1 is likely", NULL, NULL};
        assert_int_equal(cn_chart_prim(p, &tp, &r, pn), CN_OK);
        check_file(name);
    }
    /* nothing but the 12 charts in the folder: no temporary file left */
    DIR *d = opendir(dir);
    int n = 0;
    const struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.') {
            assert_null(strstr(de->d_name, ".tmp."));
            n++;
        }
    closedir(d);
    assert_int_equal(n, 12);
    /* the same chart twice: the same PNG bytes */
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/diff.png", dir);
    snprintf(b, sizeof b, "%s/diff2.png", dir);
    assert_int_equal(cn_chart_diff(b, &tx, "difference from the baseline", 4, names, est, lo, hi,
                                   sig, 3), CN_OK);
    long la, lb;
    unsigned char *ba = slurp(a, &la), *bb = slurp(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(ba, bb, (size_t)la);
    free(ba);
    free(bb);
}

static void test_chart_errors(void **state)
{
    (void)state;
    cn_chart_text tx = {"t", NULL, NULL};
    const char *names[] = {"a"};
    double v[] = {1.0};
    int sig[] = {0};
    char p[512];
    snprintf(p, sizeof p, "%s/x.gif", dir);
    assert_int_equal(cn_chart_diff(p, &tx, "x", 1, names, v, v, v, sig, 3), CN_EINPUT);
    assert_int_equal(cn_chart_diff("/nonexistent/dir/x.png", &tx, "x", 1, names, v, v, v, sig, 3),
                     CN_EIO);
    snprintf(p, sizeof p, "%s/x.png", dir);
    assert_int_equal(cn_chart_diff(p, &tx, "x", 0, names, v, v, v, sig, 3), CN_EINPUT);
    assert_int_equal(access(p, F_OK), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chart_ticks_known),
        cmocka_unit_test(test_chart_all_kinds_all_formats),
        cmocka_unit_test(test_chart_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
