/* test_badinputs.c - hostile inputs to the loader beyond the golden
 * catalogue (tests/bad, checked by test_load and test_cli): every input the
 * fuzzers ever broke the program with (tests/fuzz/regressions/, replayed
 * through the fuzz properties of tests/fuzz/fuzz_props.h), absurd sizes
 * refused before anything is parsed (10^6 states in a string and in a
 * file), includes nested too deep, NUL bytes, --set values that libconfig
 * would wrap or that smuggle an @include, and an unreadable file. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_harness.h"
#include "fuzz/fuzz_props.h"
#include "cn_load.h"

#define MINIMAL "tests/data/minimal.cfg"

/* Replays every file of dir through one; returns how many. */
static int replay(const char *dir, void (*one)(const uint8_t *, size_t))
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        char *data = ch_read_file(path, &len);
        if (data == NULL)
            fail_msg("cannot read %s", path);
        print_message("replaying %s\n", path);
        one((const uint8_t *)data, len);
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

static void test_badinputs_fuzz_regressions(void **state)
{
    (void)state;
    int n = replay("tests/fuzz/regressions/load", cn_fuzz_load_one);
    n += replay("tests/fuzz/regressions/set", cn_fuzz_set_one);
    assert_true(n >= 3);
    /* the seeds hold too: good scenarios pass the round trip */
    size_t len;
    char *text = ch_read_file(MINIMAL, &len);
    assert_non_null(text);
    cn_fuzz_load_one((const uint8_t *)text, len);
    free(text);
    cn_fuzz_set_one((const uint8_t *)"model.beta=3", 12);
}

static void expect(int rc, int want_rc, cn_scenario *s, const cn_diag *d, const char *want)
{
    char buf[1024];
    cn_diag_format(d, buf, sizeof buf);
    assert_null(s);
    if (rc != want_rc || strcmp(buf, want) != 0)
        fail_msg("status %d (want %d)\n  expected: %s\n       got: %s", rc, want_rc, want, buf);
}

/* 10^6 states: ~30 MB of text, refused by size before libconfig parses it. */
static char *million_states(size_t *len)
{
    const char *head = "forums = ( { name = \"F\"; members = \"all\"; } );\nstates = (\n";
    size_t cap = strlen(head) + (size_t)1000000 * 40 + 16;
    char *t = malloc(cap);
    assert_non_null(t);
    size_t n = (size_t)snprintf(t, cap, "%s", head);
    for (int i = 0; i < 1000000; i++)
        n += (size_t)snprintf(t + n, cap - n, "{code=\"S%d\";ideal=[0.5,0.5];},\n", i);
    n += (size_t)snprintf(t + n, cap - n, ");\n");
    *len = n;
    return t;
}

static void test_badinputs_million_states(void **state)
{
    (void)state;
    size_t len;
    char *text = million_states(&len);
    cn_scenario *s = NULL;
    cn_diag d;
    int rc = cn_load_scenario_string(text, "big.cfg", NULL, NULL, 0, &s, &d);
    expect(rc, CN_ELIMIT, s, &d,
           "big.cfg: too large: a scenario with its included files may hold at most 8 MiB");

    char dir[64];
    assert_int_equal(ch_tmpdir(dir, sizeof dir, "badinputs"), 0);
    char path[128], main_path[128];
    snprintf(path, sizeof path, "%s/big.cfg", dir);
    ch_write_file(path, text, len);
    free(text);
    char want[256];
    rc = cn_load_scenario(path, NULL, 0, &s, &d);
    snprintf(want, sizeof want,
             "%s: too large: a scenario with its included files may hold at most 8 MiB", path);
    expect(rc, CN_ELIMIT, s, &d, want);

    /* the same file included: refused at the include */
    snprintf(main_path, sizeof main_path, "%s/main.cfg", dir);
    const char *includer = "# includes 30 MB\n@include \"big.cfg\"\n";
    ch_write_file(main_path, includer, strlen(includer));
    rc = cn_load_scenario(main_path, NULL, 0, &s, &d);
    snprintf(want, sizeof want,
             "%s:2: cannot include 'big.cfg': a scenario with its included files may hold at "
             "most 8 MiB",
             main_path);
    expect(rc, CN_ELIMIT, s, &d, want);
    ch_remove_tree(dir);
}

static void test_badinputs_include_depth_and_nul(void **state)
{
    (void)state;
    char dir[64];
    assert_int_equal(ch_tmpdir(dir, sizeof dir, "badinputs"), 0);
    char path[128], text[64];
    /* i0.cfg includes i1.cfg ... includes i11.cfg: 11 levels below the file
     * (10 are allowed, as libconfig allows) */
    for (int i = 0; i <= 11; i++) {
        snprintf(path, sizeof path, "%s/i%d.cfg", dir, i);
        if (i < 11)
            snprintf(text, sizeof text, "# level %d\n@include \"i%d.cfg\"\n", i, i + 1);
        else
            snprintf(text, sizeof text, "x = 1;\n");
        ch_write_file(path, text, strlen(text));
    }
    cn_scenario *s = NULL;
    cn_diag d;
    char want[256];
    snprintf(path, sizeof path, "%s/i0.cfg", dir);
    int rc = cn_load_scenario(path, NULL, 0, &s, &d);
    snprintf(want, sizeof want,
             "%s/i10.cfg:2: cannot include 'i11.cfg': included files nested more than 10 deep",
             dir);
    expect(rc, CN_EINPUT, s, &d, want);

    /* a NUL byte: libconfig would silently stop reading there */
    snprintf(path, sizeof path, "%s/nul.cfg", dir);
    ch_write_file(path, "# a\n# b\nstates = ();\0forums = ();\n", 34);
    rc = cn_load_scenario(path, NULL, 0, &s, &d);
    snprintf(want, sizeof want, "%s:3: syntax error: a NUL byte (is this a text file?)", path);
    expect(rc, CN_EINPUT, s, &d, want);

    /* unreadable: only testable when not root (root reads everything) */
    snprintf(path, sizeof path, "%s/secret.cfg", dir);
    ch_write_file(path, "states = ();\n", 13);
    assert_int_equal(chmod(path, 0), 0);
    if (geteuid() != 0) {
        rc = cn_load_scenario(path, NULL, 0, &s, &d);
        snprintf(want, sizeof want, "%s: cannot read: Permission denied", path);
        expect(rc, CN_EINPUT, s, &d, want);
    }
    ch_remove_tree(dir);
}

static void test_badinputs_set_values(void **state)
{
    (void)state;
    struct {
        const char *set, *msg;
    } cases[] = {
        {"run.seed=0xffffffff",
         "--set:1: setting 'run.seed': bad value '0xffffffff': syntax error: integer 0xffffffff "
         "is beyond 31 bits: write 0xffffffffL"},
        {"run.replications=[4294967396]",
         "--set:1: setting 'run.replications': bad value '[4294967396]': syntax error: integer "
         "4294967396 is beyond 32 bits: write 4294967396L"},
        {"model={ beta = 1;\n@include \"/\"\n}",
         "--set:1: setting 'model': bad value '{ beta = 1;\n@include \"/\"\n}': @include cannot "
         "stand in a --set value"},
        {"description=\"open", "--set:1: setting 'description': bad value '\"open': syntax "
                               "error: unterminated string"},
        {"run.seed=99999999999999999999",
         "--set:1: setting 'run.seed': bad value '99999999999999999999': syntax error: integer "
         "99999999999999999999 is beyond 64 bits"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cn_scenario *s = NULL;
        cn_diag d;
        const char *sets[] = {cases[i].set};
        int rc = cn_load_scenario(MINIMAL, sets, 1, &s, &d);
        expect(rc, CN_EINPUT, s, &d, cases[i].msg);
    }
    /* plain decimals beyond 32 bits still get their L */
    cn_scenario *s = NULL;
    cn_diag d;
    const char *sets[] = {"run.seed=5000000000"};
    assert_int_equal(cn_load_scenario(MINIMAL, sets, 1, &s, &d), CN_OK);
    assert_true(s->run.seed == 5000000000UL);
    cn_scenario_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_badinputs_fuzz_regressions),
        cmocka_unit_test(test_badinputs_million_states),
        cmocka_unit_test(test_badinputs_include_depth_and_nul),
        cmocka_unit_test(test_badinputs_set_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
