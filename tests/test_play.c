/* test_play.c - role-play (cn_play.h): whole games scripted through the
 * binary named by $CN_BIN with piped input (tests/data/play_small.cfg:
 * left alone, every member supports the first draft), bad input that
 * re-prompts, end of input, the hot seat, the debrief's comparison, and
 * the argument and option errors; in-process, the option checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cn_error.h"
#include "cn_load.h"
#include "cn_play.h"
#include "cn_scenario.h"

#define SMALL "tests/data/play_small.cfg"

static void assert_contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle) == NULL) {
        fprintf(stderr, "expected to find:\n  %s\nin:\n%s\n", needle, hay);
        fail();
    }
}

/* Text with line breaks and runs of blanks folded to one space (the
 * narrator wraps its paragraphs). */
static char *fold(const char *t)
{
    char *o = malloc(strlen(t) + 1);
    assert_non_null(o);
    size_t n = 0;
    for (const char *p = t; *p != '\0'; p++) {
        char c = *p == '\n' ? ' ' : *p;
        if (c == ' ' && n > 0 && o[n - 1] == ' ')
            continue;
        o[n++] = c;
    }
    o[n] = '\0';
    return o;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

typedef struct {
    int status;
    char *out, *err;
} result;

static char *slurp(FILE *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int c;
    rewind(f);
    while ((c = fgetc(f)) != EOF)
        fputc(c, m);
    fclose(m);
    return buf;
}

static result run_bin(const char *const *args, const char *input)
{
    const char *bin = getenv("CN_BIN");
    if (bin == NULL || bin[0] == '\0')
        bin = "build/cybernorms";
    FILE *o = tmpfile(), *e = tmpfile(), *in = tmpfile();
    assert_non_null(o);
    assert_non_null(e);
    assert_non_null(in);
    if (input != NULL)
        fputs(input, in);
    fflush(in);
    rewind(in);
    char *argv[16];
    int n = 0;
    argv[n++] = (char *)bin;
    for (int i = 0; args[i] != NULL && n < 15; i++)
        argv[n++] = (char *)args[i];
    argv[n] = NULL;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (dup2(fileno(in), 0) < 0 || dup2(fileno(o), 1) < 0 || dup2(fileno(e), 2) < 0)
            _exit(120);
        execv(bin, argv);
        _exit(121);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    result r = {WIFEXITED(st) ? WEXITSTATUS(st) : 200, slurp(o), slurp(e)};
    fclose(o);
    fclose(e);
    fclose(in);
    assert_int_not_equal(r.status, 121);
    return r;
}

static void result_free(result *r)
{
    free(r->out);
    free(r->err);
}


/* A student who objects in every session blocks the consensus forum that
 * the model alone always agrees in: the debrief says the odds fell by
 * 100 points. */
static void test_play_scripted_game_reaches_debrief(void **state)
{
    (void)state;
    const char *args[] = {"play", SMALL, "--as", "AAA", "--replications", "50", "--threads",
                          "1", NULL};
    result r = run_bin(args, "who\namend form up\ncampaign DDD\nobject\nobject\nobject\n");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "You play Avalon: it sits in the Club.");
    assert_contains(r.out, "=== Round 1, Club session 1 of 3: Avalon's turn ===");
    assert_contains(r.out, "Likely coalition: 4.0 of 4 members expected to support.");
    assert_contains(r.out, "AAA> who\n");
    assert_contains(r.out, "Amendment accepted: form 0.");
    assert_contains(r.out, "Dorsalia now listens to you with 1.0 more tie weight");
    assert_contains(r.out, "Budget left: 2.0.");
    assert_contains(r.out, "Avalon will object.");
    char *story = fold(r.out);
    assert_contains(story, "FAILED: no consensus (1 objection).");
    assert_contains(story, "That was the last session: the Club ends without a text.");
    free(story);
    assert_contains(r.out, "=== Debrief ===");
    assert_contains(r.out, "Avalon sat in 3 sessions.");
    assert_contains(r.out, "Your choices: 5 (votes, amendments, campaigns).");
    assert_contains(r.out, "your game:                  no text");
    assert_contains(r.out, "same luck, without students: adopted in session 1");
    assert_contains(r.out, "P(adopted): model alone 1.000 [0.929, 1.000]; with your choices 0.000 "
                           "[0.000, 0.071]");
    assert_contains(r.out, "your diplomacy lowered the odds by 100.0 points");
    assert_null(strstr(r.out, "end of input"));
    result_free(&r);
}

static void test_play_bad_input_reprompts(void **state)
{
    (void)state;
    const char *args[] = {"play", SMALL, "--as", "AAA", "--replications", "10", "--threads",
                          "1", NULL};
    const char *input = "dance\n"
                        "\n"
                        "amend\n"
                        "amend nope up\n"
                        "amend form sideways\n"
                        "campaign ZZZ\n"
                        "campaign BBX\n"
                        "campaign AAA\n"
                        "campaign BBB 99\n"
                        "campaign BBB -1\n"
                        "campaign BBB lots\n"
                        "support now\n"
                        "suport\n"
                        "amend scope down\n"
                        "amend scope down\n"
                        "help\n"
                        "show\n"
                        "support\n";
    result r = run_bin(args, input);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "Unknown command 'dance'. Type 'help' for the commands.");
    assert_contains(r.out, "Usage: amend DIM up|down");
    assert_contains(r.out, "No dimension 'nope'; the dimensions are: scope form.");
    assert_contains(r.out, "Say 'up' or 'down', not 'sideways'.");
    assert_contains(r.out, "No state 'ZZZ'.");
    assert_contains(r.out, "No state 'BBX'; did you mean 'BBB'?");
    assert_contains(r.out, "You cannot campaign on yourself.");
    assert_contains(r.out, "You have only 3.0 of budget left.");
    assert_contains(r.out, "AMOUNT must be a positive number, not '-1'.");
    assert_contains(r.out, "AMOUNT must be a positive number, not 'lots'.");
    assert_contains(r.out, "'support' takes nothing after it.");
    assert_contains(r.out, "Unknown command 'suport'; did you mean 'support'?");
    assert_contains(r.out, "Amendment accepted: scope 0.2");
    assert_contains(r.out, "You have already tabled an amendment this session.");
    assert_contains(r.out, "Commands (one per line):");
    assert_contains(r.out, "Avalon will support.");
    /* one prompt per line read (18), and no more: the forum adopts in
     * session 1 */
    assert_int_equal(count(r.out, "AAA> "), 18);
    assert_contains(r.out, "=== Debrief ===");
    result_free(&r);
}

static void test_play_end_of_input_and_hot_seat(void **state)
{
    (void)state;
    const char *args[] = {"play", SMALL, "--as", "aaa, CCC", "--replications", "10", NULL};
    result r = run_bin(args, "pass\nabstain\n");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "Avalon's turn (student 1 of 2: pass the keyboard)");
    assert_contains(r.out, "Carpania's turn (student 2 of 2: pass the keyboard)");
    assert_contains(r.out, "The model votes for Avalon this session.");
    assert_contains(r.out, "Carpania will abstain.");
    char *story = fold(r.out);
    assert_contains(story, "The vote: 3 support, 0 object, 1 abstain.");
    free(story);
    assert_contains(r.out, "=== Debrief ===");
    result_free(&r);

    /* no input at all: the model plays; the game is the model's own */
    result e = run_bin(args, "");
    assert_int_equal(e.status, 0);
    assert_contains(e.out, "(end of input: the model decides for every student from here on)");
    assert_contains(e.out, "Your choices: 0");
    assert_contains(e.out, "no clear change (+0.0 points");
    assert_int_equal(count(e.out, "end of input"), 1);
    result_free(&e);

    /* a student who quits */
    const char *one[] = {"play", SMALL, "--as", "AAA", "--replications", "10", NULL};
    result q = run_bin(one, "quit\nobject\n");
    assert_int_equal(q.status, 0);
    assert_contains(q.out, "Avalon leaves the game; the model plays it from now on.");
    assert_int_equal(count(q.out, "AAA> "), 1);
    result_free(&q);
}

static void test_play_argument_errors(void **state)
{
    (void)state;
    const char *no_as[] = {"play", SMALL, NULL};
    result r = run_bin(no_as, "");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "--as STATE[,STATE...] is needed");
    result_free(&r);

    const char *unknown[] = {"play", SMALL, "--as", "AAB", NULL};
    r = run_bin(unknown, "");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "unknown state 'AAB'; did you mean 'AAA'?");
    result_free(&r);

    const char *twice[] = {"play", SMALL, "--as", "AAA,aaa", NULL};
    r = run_bin(twice, "");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "named twice");
    result_free(&r);

    const char *empty[] = {"play", SMALL, "--as", ",", NULL};
    r = run_bin(empty, "");
    assert_int_equal(r.status, 2);
    result_free(&r);

    const char *reps[] = {"play", SMALL, "--as", "AAA", "--replications", "0", NULL};
    r = run_bin(reps, "");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "--replications: expected an integer");
    result_free(&r);

    const char *opt[] = {"play", SMALL, "--ass", "AAA", NULL};
    r = run_bin(opt, "");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "did you mean '--as'?");
    result_free(&r);

    const char *nofile[] = {"play", "--as", "AAA", NULL};
    r = run_bin(nofile, "");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "a scenario FILE is needed");
    result_free(&r);
}

static void test_play_options_checked(void **state)
{
    (void)state;
    cn_scenario *s = NULL;
    cn_diag d;
    assert_int_equal(cn_load_scenario(SMALL, NULL, 0, &s, &d), CN_OK);
    cn_play_opts o;
    cn_play_defaults(&o);
    assert_true(o.step == 0.1 && o.budget == 3.0 && o.replications == 1000 && o.threads == 1);
    FILE *in = fopen("/dev/null", "r"), *out = fopen("/dev/null", "w");
    assert_non_null(in);
    assert_non_null(out);
    assert_int_equal(cn_play_run(s, &o, in, out, 0), CN_EINPUT); /* no students */
    o.n_students = 2;
    o.students[0] = 1;
    o.students[1] = 1;
    assert_int_equal(cn_play_run(s, &o, in, out, 0), CN_EINPUT); /* twice */
    o.students[1] = 4;
    assert_int_equal(cn_play_run(s, &o, in, out, 0), CN_EINPUT); /* out of range */
    o.n_students = 1;
    o.step = 0.0;
    assert_int_equal(cn_play_run(s, &o, in, out, 0), CN_EINPUT);
    o.step = 0.1;
    snprintf(s->run.generator, sizeof s->run.generator, "nonsense");
    assert_int_equal(cn_play_run(s, &o, in, out, 0), CN_EINPUT);
    snprintf(s->run.generator, sizeof s->run.generator, "mt19937");
    o.replications = 5;
    assert_int_equal(cn_play_run(s, &o, in, out, 0), CN_OK);
    /* output that cannot be written */
    FILE *ro = fopen(SMALL, "r");
    assert_non_null(ro);
    assert_int_equal(cn_play_run(s, &o, in, ro, 0), CN_EIO);
    fclose(ro);
    fclose(in);
    fclose(out);
    cn_scenario_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_play_scripted_game_reaches_debrief),
        cmocka_unit_test(test_play_bad_input_reprompts),
        cmocka_unit_test(test_play_end_of_input_and_hot_seat),
        cmocka_unit_test(test_play_argument_errors),
        cmocka_unit_test(test_play_options_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
