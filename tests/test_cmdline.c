/* test_cmdline.c - reading options, strict numbers, --set overrides, the
 * messages of a failed command, loading a scenario, the stop signals and
 * the clock (cn_cmdline.h), with every message checked to the byte: the
 * commands' tests rely on them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cn_cmdline.h"

#define V "a value"
static const cn_cmdline_option opts[] = {
    {"--seed", V, 0},    {"--out", "a file name", 0}, {"--quiet", NULL, 0},
    {"--help", NULL, 0}, {"-h", NULL, 1},
};
#undef V
#define N_OPTS ((int)(sizeof opts / sizeof opts[0]))

/* Reads argv (NULL-terminated, argv[0] the command) to the end or the first
 * error; returns the status of the last cn_cmdline_next. */
static int read_all(const char *command, int flags, char **argv, cn_cmdline_arg *got, int *n,
                    cn_diag *d)
{
    int argc = 0;
    while (argv[argc] != NULL)
        argc++;
    cn_cmdline c;
    cn_cmdline_init(&c, command, opts, N_OPTS, flags, argc, argv, 1);
    cn_diag_clear(d);
    *n = 0;
    int rc;
    cn_cmdline_arg a;
    while ((rc = cn_cmdline_next(&c, &a, d)) == CN_OK && a.text != NULL)
        got[(*n)++] = a;
    return rc;
}

/* The diagnostic of reading argv, which must fail. */
static const char *fails(const char *command, int flags, char **argv, cn_diag *d)
{
    cn_cmdline_arg got[16];
    int n;
    assert_int_equal(read_all(command, flags, argv, got, &n, d), CN_EINPUT);
    return d->msg;
}

static void test_cmdline_next_reads_options_and_operands(void **state)
{
    (void)state;
    char *argv[] = {"run", "a.cfg", "--seed", "2385", "--out=x.html", "--quiet", "-",
                    "--", "--seed", NULL};
    cn_cmdline_arg got[16];
    int n;
    cn_diag d;
    int all = CN_CMDLINE_EQUALS | CN_CMDLINE_DASHDASH | CN_CMDLINE_DASH;
    assert_int_equal(read_all("run", all, argv, got, &n, &d), CN_OK);
    assert_int_equal(n, 6);
    assert_null(got[0].option);
    assert_string_equal(got[0].text, "a.cfg");
    assert_ptr_equal(got[1].option, &opts[0]);
    assert_string_equal(got[1].text, "2385");
    assert_true(cn_cmdline_is(&got[2], "--out"));
    assert_string_equal(got[2].text, "x.html");
    assert_true(cn_cmdline_is(&got[3], "--quiet"));
    assert_string_equal(got[3].text, "");
    assert_null(got[4].option); /* "-" */
    assert_string_equal(got[4].text, "-");
    assert_null(got[5].option); /* after "--" */
    assert_string_equal(got[5].text, "--seed");
    assert_string_equal(d.msg, "");
    /* the end stays the end */
    cn_cmdline c;
    cn_cmdline_arg a;
    cn_cmdline_init(&c, "run", opts, N_OPTS, 0, 1, argv, 1);
    assert_int_equal(cn_cmdline_next(&c, &a, &d), CN_OK);
    assert_null(a.text);
    assert_int_equal(cn_cmdline_next(&c, &a, &d), CN_OK);
    assert_null(a.option);
    assert_null(a.text);
}

static void test_cmdline_next_value_from_next_argument(void **state)
{
    (void)state;
    /* a value is taken whatever it looks like */
    char *argv[] = {"x", "--seed", "--help", "--out", "", NULL};
    cn_cmdline_arg got[16];
    int n;
    cn_diag d;
    assert_int_equal(read_all("x", 0, argv, got, &n, &d), CN_OK);
    assert_int_equal(n, 2);
    assert_string_equal(got[0].text, "--help");
    assert_false(cn_cmdline_help(&got[0]));
    assert_true(cn_cmdline_is(&got[1], "--out"));
    assert_string_equal(got[1].text, "");
}

static void test_cmdline_help_and_is(void **state)
{
    (void)state;
    cn_cmdline_arg help = {&opts[3], ""}, h = {&opts[4], ""}, seed = {&opts[0], "1"};
    cn_cmdline_arg operand = {NULL, "--help"};
    assert_true(cn_cmdline_help(&help));
    assert_true(cn_cmdline_help(&h));
    assert_false(cn_cmdline_help(&seed));
    assert_false(cn_cmdline_help(&operand));
    assert_true(cn_cmdline_is(&seed, "--seed"));
    assert_false(cn_cmdline_is(&seed, "--see"));
    assert_false(cn_cmdline_is(&operand, "--help"));
}

static void test_cmdline_next_unknown_option(void **state)
{
    (void)state;
    cn_diag d;
    char *a1[] = {"run", "--seeed", "1", NULL};
    assert_string_equal(fails("run", 0, a1, &d), "run: unknown option '--seeed'; did you mean "
                                                 "'--seed'?");
    char *a2[] = {"run", "--zzzzzz", NULL};
    assert_string_equal(fails("run", 0, a2, &d), "run: unknown option '--zzzzzz'");
    /* -h is unlisted: recognised, never suggested */
    char *a3[] = {"run", "-H", NULL};
    assert_string_equal(fails("run", 0, a3, &d), "run: unknown option '-H'");
    /* no command: no prefix */
    char *a4[] = {"cybernorms", "--qiuet", NULL};
    assert_string_equal(fails(NULL, 0, a4, &d), "unknown option '--qiuet'; did you mean "
                                                "'--quiet'?");
    /* without CN_CMDLINE_EQUALS the whole argument is the name */
    char *a5[] = {"x", "--seed=3", NULL};
    assert_string_equal(fails("x", 0, a5, &d), "x: unknown option '--seed=3'; did you mean "
                                               "'--seed'?");
    /* with it, the name before '=' */
    char *a6[] = {"x", "--sed=3", NULL};
    assert_string_equal(fails("x", CN_CMDLINE_EQUALS, a6, &d),
                        "x: unknown option '--sed'; did you mean '--seed'?");
    /* a lone "-" and "--" are options unless the flags say otherwise */
    char *a7[] = {"x", "-", NULL};
    assert_string_equal(fails("x", CN_CMDLINE_DASHDASH, a7, &d), "x: unknown option '-'");
    char *a8[] = {"x", "--", NULL};
    assert_string_equal(fails("x", CN_CMDLINE_DASH, a8, &d), "x: unknown option '--'");
    /* a long name is kept whole */
    char name[101];
    memset(name, 'a', 100);
    name[0] = name[1] = '-';
    name[100] = '\0';
    char *a9[] = {"x", name, NULL};
    char want[160];
    snprintf(want, sizeof want, "x: unknown option '%s'", name);
    assert_string_equal(fails("x", CN_CMDLINE_EQUALS, a9, &d), want);
}

static void test_cmdline_next_values(void **state)
{
    (void)state;
    cn_diag d;
    char *a1[] = {"run", "a.cfg", "--seed", NULL};
    assert_string_equal(fails("run", 0, a1, &d), "run: option '--seed' needs a value");
    char *a2[] = {"report", "--out", NULL};
    assert_string_equal(fails("report", 0, a2, &d), "report: option '--out' needs a file name");
    char *a3[] = {"run", "--quiet=1", NULL};
    assert_string_equal(fails("run", CN_CMDLINE_EQUALS, a3, &d),
                        "run: option '--quiet' takes no value");
    char *a4[] = {"run", "--help=", NULL};
    assert_string_equal(fails("run", CN_CMDLINE_EQUALS, a4, &d),
                        "run: option '--help' takes no value");
    /* "--seed=" is an empty value, not a missing one */
    char *a5[] = {"run", "--seed=", NULL};
    cn_cmdline_arg got[4];
    int n;
    assert_int_equal(read_all("run", CN_CMDLINE_EQUALS, a5, got, &n, &d), CN_OK);
    assert_int_equal(n, 1);
    assert_string_equal(got[0].text, "");
}

static void test_cmdline_init_caps_the_table(void **state)
{
    (void)state;
    cn_cmdline_option many[CN_CMDLINE_MAX_OPTIONS + 1];
    for (int k = 0; k < CN_CMDLINE_MAX_OPTIONS; k++)
        many[k] = (cn_cmdline_option){"--a", NULL, 0};
    many[CN_CMDLINE_MAX_OPTIONS] = (cn_cmdline_option){"--last", NULL, 0};
    char *argv[] = {"x", "--last", NULL};
    cn_cmdline c;
    cn_cmdline_arg a;
    cn_diag d;
    cn_cmdline_init(&c, "x", many, CN_CMDLINE_MAX_OPTIONS + 1, 0, 2, argv, 1);
    assert_int_equal(c.n_options, CN_CMDLINE_MAX_OPTIONS);
    assert_int_equal(cn_cmdline_next(&c, &a, &d), CN_EINPUT);
    assert_string_equal(d.msg, "x: unknown option '--last'");
}

static void test_cmdline_error_prefix(void **state)
{
    (void)state;
    cn_cmdline c;
    cn_diag d;
    cn_cmdline_init(&c, "sweep", opts, N_OPTS, 0, 0, NULL, 0);
    assert_int_equal(cn_cmdline_error(&c, &d, "a %s is needed (%d)", "FILE", 7), CN_EINPUT);
    assert_string_equal(d.msg, "sweep: a FILE is needed (7)");
    assert_string_equal(d.file, "");
    assert_int_equal(d.line, 0);
    cn_cmdline_init(&c, NULL, opts, N_OPTS, 0, 0, NULL, 0);
    assert_int_equal(cn_cmdline_error(&c, &d, "no command"), CN_EINPUT);
    assert_string_equal(d.msg, "no command");
}

static void test_cmdline_long_known(void **state)
{
    (void)state;
    long v = -9;
    assert_int_equal(cn_cmdline_long("2385", 0, LONG_MAX, &v), CN_OK);
    assert_int_equal(v, 2385);
    assert_int_equal(cn_cmdline_long("+17", 0, 100, &v), CN_OK);
    assert_int_equal(v, 17);
    assert_int_equal(cn_cmdline_long("-3", -5, 5, &v), CN_OK);
    assert_int_equal(v, -3);
    assert_int_equal(cn_cmdline_long("0", 0, 0, &v), CN_OK);
    assert_int_equal(v, 0);
    assert_int_equal(cn_cmdline_long("9223372036854775807", 0, LONG_MAX, &v), CN_OK);
    assert_true(v == LONG_MAX);
}

static void test_cmdline_long_rejects(void **state)
{
    (void)state;
    const char *bad[] = {"",   "x",  "12x", " 1", "1 ", "1e3", "1.0", "-",
                         "+",  "--1", "1-", "0x10", "9223372036854775808",
                         "-9223372036854775809"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        long v = 41;
        assert_int_equal(cn_cmdline_long(bad[k], LONG_MIN, LONG_MAX, &v), CN_EINPUT);
        assert_int_equal(v, 41); /* untouched */
    }
    long v = 41;
    assert_int_equal(cn_cmdline_long(NULL, 0, 1, &v), CN_EINPUT);
    assert_int_equal(cn_cmdline_long("0", 1, 10, &v), CN_EINPUT);  /* below */
    assert_int_equal(cn_cmdline_long("11", 1, 10, &v), CN_EINPUT); /* above */
    assert_int_equal(cn_cmdline_long("-1", 0, 10, &v), CN_EINPUT);
    assert_int_equal(v, 41);
}

static void test_cmdline_long_option_message(void **state)
{
    (void)state;
    cn_cmdline c;
    cn_diag d;
    long v = 5;
    cn_cmdline_init(&c, "play", opts, N_OPTS, 0, 0, NULL, 0);
    assert_int_equal(cn_cmdline_long_option(&c, "--threads", "12", 0, 256, &v, &d), CN_OK);
    assert_int_equal(v, 12);
    assert_int_equal(cn_cmdline_long_option(&c, "--replications", "0", 1, 1000000, &v, &d),
                     CN_EINPUT);
    assert_string_equal(d.msg, "play: --replications: expected an integer from 1 to 1000000, "
                               "got '0'");
    assert_int_equal(v, 12);
}

static void test_cmdline_sets_add(void **state)
{
    (void)state;
    cn_cmdline c;
    cn_diag d;
    cn_cmdline_sets *s = calloc(1, sizeof *s);
    assert_non_null(s);
    cn_cmdline_init(&c, "narrate", opts, N_OPTS, 0, 0, NULL, 0);
    assert_int_equal(cn_cmdline_sets_add(&c, s, "model.beta=12", &d), CN_OK);
    assert_int_equal(cn_cmdline_sets_add(&c, s, "a==b", &d), CN_OK);
    assert_int_equal(s->n, 2);
    assert_string_equal(s->v[0], "model.beta=12");
    assert_string_equal(s->v[1], "a==b");
    assert_int_equal(cn_cmdline_sets_add(&c, s, "beta", &d), CN_EINPUT);
    assert_string_equal(d.msg, "narrate: --set: expected KEY=VALUE (e.g. model.beta=12), got "
                               "'beta'");
    assert_int_equal(cn_cmdline_sets_add(&c, s, "=12", &d), CN_EINPUT);
    assert_string_equal(d.msg, "narrate: --set: expected KEY=VALUE (e.g. model.beta=12), got "
                               "'=12'");
    assert_int_equal(s->n, 2);
    while (s->n < CN_CMDLINE_MAX_SETS)
        assert_int_equal(cn_cmdline_sets_add(&c, s, "k=v", &d), CN_OK);
    assert_int_equal(cn_cmdline_sets_add(&c, s, "k=v", &d), CN_EINPUT);
    assert_string_equal(d.msg, "narrate: too many --set options (at most 256)");
    assert_int_equal(s->n, CN_CMDLINE_MAX_SETS);
    /* with the list full --seed is not added, and not an error */
    assert_int_equal(cn_cmdline_sets_seed(&c, s, "3", &d), CN_OK);
    assert_int_equal(s->n, CN_CMDLINE_MAX_SETS);
    free(s);
}

static void test_cmdline_set_check(void **state)
{
    (void)state;
    cn_cmdline c;
    cn_diag d;
    cn_cmdline_init(&c, "check", opts, N_OPTS, 0, 0, NULL, 0);
    assert_int_equal(cn_cmdline_set_check(&c, "run.seed=2385", &d), CN_OK);
    assert_int_equal(cn_cmdline_set_check(&c, "x=", &d), CN_OK);
    assert_int_equal(cn_cmdline_set_check(&c, "", &d), CN_EINPUT);
    assert_string_equal(d.msg, "check: --set: expected KEY=VALUE (e.g. model.beta=12), got ''");
}

static void test_cmdline_sets_seed(void **state)
{
    (void)state;
    cn_cmdline c;
    cn_diag d;
    cn_cmdline_sets s;
    memset(&s, 0, sizeof s);
    cn_cmdline_init(&c, "play", opts, N_OPTS, 0, 0, NULL, 0);
    assert_int_equal(cn_cmdline_sets_seed(&c, &s, "2385", &d), CN_OK);
    assert_int_equal(cn_cmdline_sets_add(&c, &s, "model.beta=12", &d), CN_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.v[0], "run.seed=2385");
    /* a later --seed replaces the earlier one's text */
    assert_int_equal(cn_cmdline_sets_seed(&c, &s, "+7", &d), CN_OK);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.v[0], "run.seed=7");
    assert_string_equal(s.v[2], "run.seed=7");
    assert_int_equal(cn_cmdline_sets_seed(&c, &s, "-1", &d), CN_EINPUT);
    assert_string_equal(d.msg, "play: --seed: expected an integer >= 0, got '-1'");
    assert_int_equal(s.n, 3);
}

static void test_cmdline_columns(void **state)
{
    (void)state;
    assert_int_equal(setenv("COLUMNS", "132", 1), 0);
    assert_int_equal(cn_cmdline_columns(0), 132);
    assert_int_equal(setenv("COLUMNS", "40", 1), 0);
    assert_int_equal(cn_cmdline_columns(100), 40);
    assert_int_equal(setenv("COLUMNS", "39", 1), 0);
    assert_int_equal(cn_cmdline_columns(100), 100);
    assert_int_equal(setenv("COLUMNS", "1001", 1), 0);
    assert_int_equal(cn_cmdline_columns(0), 0);
    assert_int_equal(setenv("COLUMNS", "wide", 1), 0);
    assert_int_equal(cn_cmdline_columns(77), 77);
    assert_int_equal(unsetenv("COLUMNS"), 0);
    assert_int_equal(cn_cmdline_columns(100), 100);
}

/* ---- messages on stderr ---------------------------------------------- */

typedef struct {
    int saved;
    FILE *tmp;
} capture;

static void capture_start(capture *c)
{
    fflush(stderr);
    c->tmp = tmpfile();
    assert_non_null(c->tmp);
    c->saved = dup(STDERR_FILENO);
    assert_true(c->saved >= 0);
    assert_true(dup2(fileno(c->tmp), STDERR_FILENO) >= 0);
}

/* Restores stderr; what was written goes to buf. */
static void capture_end(capture *c, char *buf, size_t size)
{
    fflush(stderr);
    dup2(c->saved, STDERR_FILENO);
    close(c->saved);
    rewind(c->tmp);
    size_t n = fread(buf, 1, size - 1, c->tmp);
    buf[n] = '\0';
    fclose(c->tmp);
}

static void test_cmdline_say_and_fail(void **state)
{
    (void)state;
    capture cap;
    char out[512];
    cn_diag d;
    cn_diag_clear(&d);
    cn_diag_set(&d, "runs.csv", 3, "model.beta", "not a number: '%s'", "x");

    capture_start(&cap);
    cn_cmdline_say("cannot create %s: %d", "dir", 5);
    int e1 = cn_cmdline_fail(NULL, CN_ENOMEM, NULL);
    int e2 = cn_cmdline_fail("report", CN_EINPUT, &d);
    cn_diag empty;
    cn_diag_clear(&empty);
    int e3 = cn_cmdline_fail("narrate", CN_EIO, &empty);
    capture_end(&cap, out, sizeof out);

    assert_int_equal(e1, 1);
    assert_int_equal(e2, 2);
    assert_int_equal(e3, 1);
    assert_string_equal(out, "cybernorms: cannot create dir: 5\n"
                             "cybernorms: out of memory\n"
                             "cybernorms: report: runs.csv:3: setting 'model.beta': not a "
                             "number: 'x'\n"
                             "cybernorms: narrate: input/output error\n");
}

static void test_cmdline_usage(void **state)
{
    (void)state;
    capture cap;
    char out[512];
    cn_diag d;
    cn_diag_clear(&d);
    cn_diag_set(&d, NULL, 0, NULL, "sweep: unknown option '--x'");
    cn_diag g;
    cn_diag_clear(&g);
    cn_diag_set(&g, NULL, 0, NULL, "unknown option '--verison'");

    capture_start(&cap);
    int e1 = cn_cmdline_usage("sweep", &d);
    int e2 = cn_cmdline_usage(NULL, &g);
    int e3 = cn_cmdline_usage_error("play", "--as: at most %d students", 8);
    capture_end(&cap, out, sizeof out);

    assert_int_equal(e1, 2);
    assert_int_equal(e2, 2);
    assert_int_equal(e3, 2);
    assert_string_equal(out, "cybernorms: sweep: unknown option '--x'\n"
                             "Try 'cybernorms help sweep'.\n"
                             "cybernorms: unknown option '--verison'\n"
                             "Try 'cybernorms --help'.\n"
                             "cybernorms: play: --as: at most 8 students\n"
                             "Try 'cybernorms help play'.\n");
}

static void test_cmdline_fail_run(void **state)
{
    (void)state;
    capture cap;
    char out[512];
    capture_start(&cap);
    int e0 = cn_cmdline_fail_run("narrate", CN_OK, "a.cfg", "mt19937");
    int e1 = cn_cmdline_fail_run("narrate", CN_EINPUT, "a.cfg", "nope");
    int e2 = cn_cmdline_fail_run("play", CN_ENOMEM, "a.cfg", "mt19937");
    int e3 = cn_cmdline_fail_run(NULL, CN_ETHREAD, "a.cfg", "mt19937");
    capture_end(&cap, out, sizeof out);
    assert_int_equal(e0, 0);
    assert_int_equal(e1, 2);
    assert_int_equal(e2, 1);
    assert_int_equal(e3, 1);
    assert_string_equal(out, "cybernorms: a.cfg: setting 'run.generator': unknown GSL "
                             "generator 'nope'\n"
                             "cybernorms: play: out of memory\n"
                             "cybernorms: thread failure\n");
}

/* A command's one FILE and --help around its own options. */
static void test_cmdline_next_option(void **state)
{
    (void)state;
    char *argv[] = {"run", "--seed", "3", "a.cfg", "--quiet", NULL};
    cn_cmdline c;
    cn_cmdline_arg a;
    cn_diag d;
    const char *file = NULL;
    int help = 0;
    cn_cmdline_init(&c, "run", opts, N_OPTS, 0, 5, argv, 1);
    assert_int_equal(cn_cmdline_next_option(&c, &a, &file, &help, &d), CN_OK);
    assert_true(cn_cmdline_is(&a, "--seed"));
    assert_string_equal(a.text, "3");
    assert_int_equal(cn_cmdline_next_option(&c, &a, &file, &help, &d), CN_OK);
    assert_true(cn_cmdline_is(&a, "--quiet")); /* the FILE was taken on the way */
    assert_string_equal(file, "a.cfg");
    assert_int_equal(cn_cmdline_next_option(&c, &a, &file, &help, &d), CN_OK);
    assert_null(a.text);
    assert_false(help);

    /* a second FILE */
    char *two[] = {"run", "a.cfg", "b.cfg", NULL};
    file = NULL;
    cn_cmdline_init(&c, "run", opts, N_OPTS, 0, 3, two, 1);
    assert_int_equal(cn_cmdline_next_option(&c, &a, &file, &help, &d), CN_EINPUT);
    assert_string_equal(d.msg, "run: unexpected argument 'b.cfg' (one FILE only)");

    /* --help (or -h) ends the arguments: what follows is not read */
    char *h[] = {"run", "-h", "b.cfg", "--nonsense", NULL};
    file = NULL;
    cn_cmdline_init(&c, "run", opts, N_OPTS, 0, 4, h, 1);
    assert_int_equal(cn_cmdline_next_option(&c, &a, &file, &help, &d), CN_OK);
    assert_null(a.text);
    assert_null(a.option);
    assert_true(help);
    assert_null(file);
}

/* The scenario loaded, or the loader's message said and its exit status. */
static void test_cmdline_load(void **state)
{
    (void)state;
    cn_scenario *s = NULL;
    const char *sets[] = {"run.seed=2385"};
    assert_int_equal(cn_cmdline_load(NULL, "tests/data/cli_tiny.cfg", sets, 1, &s), 0);
    assert_non_null(s);
    assert_int_equal(s->run.seed, 2385);
    cn_scenario_free(s);
    capture cap;
    char out[512];
    capture_start(&cap);
    s = (cn_scenario *)1;
    int e1 = cn_cmdline_load("run", "tests/data/no_such_file.cfg", NULL, 0, &s);
    assert_null(s);
    const char *bad[] = {"model.beat=3"};
    int e2 = cn_cmdline_load(NULL, "tests/data/cli_tiny.cfg", bad, 1, &s);
    assert_null(s);
    capture_end(&cap, out, sizeof out);
    assert_int_equal(e1, 2);
    assert_int_equal(e2, 2);
    assert_string_equal(out, "cybernorms: run: tests/data/no_such_file.cfg: cannot read: No "
                             "such file or directory\n"
                             "cybernorms: --set:1: setting 'model.beat': unknown setting 'beat' "
                             "(did you mean 'beta'?)\n");
}

/* The first INT while a command catches the stop only sets the flag
 * (exit status 128 + 2); released, nothing is caught. */
static void test_cmdline_stop_signals(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (cn_cmdline_signals_install() != CN_OK)
            _exit(3);
        cn_cmdline_catch_stop();
        if (cn_cmdline_stopped() != 0)
            _exit(4);
        raise(SIGINT);
        if (cn_cmdline_stopped() != SIGINT || atomic_load(cn_cmdline_stop_flag()) != SIGINT
            || cn_cmdline_stop_status() != 130)
            _exit(5);
        cn_cmdline_release_stop();
        raise(SIGTERM); /* ends the process now */
        _exit(6);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGTERM)
        fail_msg("child: %s %d", WIFEXITED(status) ? "exit" : "signal",
                 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

static void test_cmdline_clock(void **state)
{
    (void)state;
    double a = cn_cmdline_now();
    struct timespec pause = {0, 20000000};
    nanosleep(&pause, NULL);
    double b = cn_cmdline_now();
    assert_true(b - a >= 0.015 && b - a < 5.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cmdline_next_reads_options_and_operands),
        cmocka_unit_test(test_cmdline_next_value_from_next_argument),
        cmocka_unit_test(test_cmdline_help_and_is),
        cmocka_unit_test(test_cmdline_next_unknown_option),
        cmocka_unit_test(test_cmdline_next_values),
        cmocka_unit_test(test_cmdline_init_caps_the_table),
        cmocka_unit_test(test_cmdline_error_prefix),
        cmocka_unit_test(test_cmdline_long_known),
        cmocka_unit_test(test_cmdline_long_rejects),
        cmocka_unit_test(test_cmdline_long_option_message),
        cmocka_unit_test(test_cmdline_sets_add),
        cmocka_unit_test(test_cmdline_set_check),
        cmocka_unit_test(test_cmdline_sets_seed),
        cmocka_unit_test(test_cmdline_columns),
        cmocka_unit_test(test_cmdline_say_and_fail),
        cmocka_unit_test(test_cmdline_usage),
        cmocka_unit_test(test_cmdline_fail_run),
        cmocka_unit_test(test_cmdline_next_option),
        cmocka_unit_test(test_cmdline_load),
        cmocka_unit_test(test_cmdline_stop_signals),
        cmocka_unit_test(test_cmdline_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
