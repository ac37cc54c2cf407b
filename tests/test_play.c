/* test_play.c - role-play (cn_play.h): whole games scripted through the
 * binary named by $CN_BIN with piped input (tests/data/play_small.cfg:
 * left alone, every member supports the first draft), bad input that
 * re-prompts, end of input, the hot seat, the debrief's comparison, and
 * the argument and option errors; in-process, the option checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_harness.h"
#include "cn_error.h"
#include "cn_load.h"
#include "cn_play.h"
#include "cn_scenario.h"

#define SMALL "tests/data/play_small.cfg"

/* Runs the binary with input on its stdin. */
static ch_result run_bin(const char *const *args, const char *input)
{
    return ch_run(&(ch_opts){.input = input}, args);
}

/* A student who objects in every session blocks the consensus forum that
 * the model alone always agrees in: the debrief says the odds fell by
 * 100 points. */
static void test_play_scripted_game_reaches_debrief(void **state)
{
    (void)state;
    const char *args[] = {"play", SMALL, "--as", "AAA", "--replications", "50", "--threads",
                          "1", NULL};
    ch_result r = run_bin(args, "who\namend form up\ncampaign DDD\nobject\nobject\nobject\n");
    assert_int_equal(r.status, 0);
    ch_assert_contains(r.out, "You play Avalon: it sits in the Club.");
    ch_assert_contains(r.out, "=== Round 1, Club session 1 of 3: Avalon's turn ===");
    ch_assert_contains(r.out, "Likely coalition: 4.0 of 4 members expected to support.");
    ch_assert_contains(r.out, "AAA> who\n");
    ch_assert_contains(r.out, "Amendment accepted: form 0.");
    ch_assert_contains(r.out, "Dorsalia now listens to you with 1.0 more tie weight");
    ch_assert_contains(r.out, "Budget left: 2.0.");
    ch_assert_contains(r.out, "Avalon will object.");
    char *story = ch_fold(r.out);
    ch_assert_contains(story, "FAILED: no consensus (1 objection).");
    ch_assert_contains(story, "That was the last session: the Club ends without a text.");
    free(story);
    ch_assert_contains(r.out, "=== Debrief ===");
    ch_assert_contains(r.out, "Avalon sat in 3 sessions.");
    ch_assert_contains(r.out, "Your choices: 5 (votes, amendments, campaigns).");
    ch_assert_contains(r.out, "your game:                  no text");
    ch_assert_contains(r.out, "same luck, without students: adopted in session 1");
    ch_assert_contains(r.out, "P(adopted): model alone 1.000 [0.929, 1.000]; with your choices "
                              "0.000 [0.000, 0.071]");
    ch_assert_contains(r.out, "your diplomacy lowered the odds by 100.0 points");
    assert_null(strstr(r.out, "end of input"));
    /* no `expected` group: nothing said about reality */
    assert_null(strstr(r.out, "What really happened"));
    ch_result_free(&r);
}

/* A history scenario (its `expected` group, cn_backtest.h): the debrief
 * ends with what really happened and the scenario's description. */
static void test_play_debrief_says_what_really_happened(void **state)
{
    (void)state;
    const char *args[] = {"play", "tests/data/bt_lib/bt_vote.cfg", "--as", "AAA",
                          "--replications", "20", "--threads", "1", NULL};
    ch_result r = run_bin(args, "pass\n");
    assert_int_equal(r.status, 0);
    ch_assert_contains(r.out, "=== Debrief ===");
    ch_assert_contains(r.out, "\nWhat really happened: adopted 1-2-1 (fixture).\n");
    ch_result_free(&r);
}

/* An election (scenarios/history/itu-2022.cfg): the student sees a
 * ballot, not a draft; an amendment is refused; an objection is a ballot
 * for the second candidate; the debrief speaks of the election. */
static void test_play_election_ballot(void **state)
{
    (void)state;
    const char *args[] = {"play", "scenarios/history/itu-2022.cfg", "--as", "Kenya",
                          "--replications", "10", "--threads", "1", NULL};
    ch_result r = run_bin(args, "amend scope up\nwho\nobject\n");
    assert_int_equal(r.status, 0);
    ch_assert_contains(r.out, "=== Round 12, ITU ballot 1 of 3: Kenya's turn ===");
    ch_assert_contains(r.out, "A secret ballot: 'support' votes for United States' candidate, "
                              "'object' for Russia's");
    ch_assert_contains(r.out, "You prefer United States' candidate (gain +");
    ch_assert_contains(r.out, "An election has no text to amend");
    ch_assert_contains(r.out, "Chance each member votes for United States' candidate / blank / "
                              "for Russia's (model):");
    ch_assert_contains(r.out, "Kenya will vote for Russia's candidate (a secret ballot).");
    ch_assert_contains(r.out, "P(United States' candidate elected): model alone");
    assert_null(strstr(r.out, "The draft:"));
    ch_result_free(&r);
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
    ch_result r = run_bin(args, input);
    assert_int_equal(r.status, 0);
    ch_assert_contains(r.out, "Unknown command 'dance'. Type 'help' for the commands.");
    ch_assert_contains(r.out, "Usage: amend DIM up|down");
    ch_assert_contains(r.out, "No dimension 'nope'; the dimensions are: scope form.");
    ch_assert_contains(r.out, "Say 'up' or 'down', not 'sideways'.");
    ch_assert_contains(r.out, "No state 'ZZZ'.");
    ch_assert_contains(r.out, "No state 'BBX'; did you mean Borduria (BBB)?\n");
    ch_assert_contains(r.out, "You cannot campaign on yourself.");
    ch_assert_contains(r.out, "You have only 3.0 of budget left.");
    ch_assert_contains(r.out, "AMOUNT must be a positive number, not '-1'.");
    ch_assert_contains(r.out, "AMOUNT must be a positive number, not 'lots'.");
    ch_assert_contains(r.out, "'support' takes nothing after it.");
    ch_assert_contains(r.out, "Unknown command 'suport'; did you mean 'support'?");
    ch_assert_contains(r.out, "Amendment accepted: scope 0.2");
    ch_assert_contains(r.out, "You have already tabled an amendment this session.");
    ch_assert_contains(r.out, "Commands (one per line):");
    ch_assert_contains(r.out, "Avalon will support.");
    /* one prompt per line read (18), and no more: the forum adopts in
     * session 1 */
    assert_int_equal(ch_count(r.out, "AAA> "), 18);
    ch_assert_contains(r.out, "=== Debrief ===");
    ch_result_free(&r);
}

static void test_play_end_of_input_and_hot_seat(void **state)
{
    (void)state;
    const char *args[] = {"play", SMALL, "--as", "aaa, CCC", "--replications", "10", NULL};
    ch_result r = run_bin(args, "pass\nabstain\n");
    assert_int_equal(r.status, 0);
    ch_assert_contains(r.out, "Avalon's turn (student 1 of 2: pass the keyboard)");
    ch_assert_contains(r.out, "Carpania's turn (student 2 of 2: pass the keyboard)");
    ch_assert_contains(r.out, "The model votes for Avalon this session.");
    ch_assert_contains(r.out, "Carpania will abstain.");
    char *story = ch_fold(r.out);
    ch_assert_contains(story, "The chair asks whether any delegation objects: none does.");
    ch_assert_contains(story, "Keeping their distance without blocking");
    free(story);
    ch_assert_contains(r.out, "=== Debrief ===");
    ch_result_free(&r);

    /* no input at all: the model plays; the game is the model's own */
    ch_result e = run_bin(args, "");
    assert_int_equal(e.status, 0);
    ch_assert_contains(e.out, "(end of input: the model decides for every student from here on)");
    ch_assert_contains(e.out, "Your choices: 0");
    ch_assert_contains(e.out, "no clear change (+0.0 points");
    assert_int_equal(ch_count(e.out, "end of input"), 1);
    ch_result_free(&e);

    /* a student who quits */
    const char *one[] = {"play", SMALL, "--as", "AAA", "--replications", "10", NULL};
    ch_result q = run_bin(one, "quit\nobject\n");
    assert_int_equal(q.status, 0);
    ch_assert_contains(q.out, "Avalon leaves the game; the model plays it from now on.");
    assert_int_equal(ch_count(q.out, "AAA> "), 1);
    ch_result_free(&q);
}

static void test_play_argument_errors(void **state)
{
    (void)state;
    CH_ASSERT_RUN(2, "--as STATE[,STATE...] is needed", "play", SMALL);
    CH_ASSERT_RUN(2, "unknown state 'AAB'; did you mean Avalon (AAA)?", "play", SMALL, "--as",
                  "AAB");
    CH_ASSERT_RUN(2, "unknown state 'Avalom'; did you mean Avalon (AAA)?", "play", SMALL, "--as",
                  "Avalom");
    CH_ASSERT_RUN(2, "named twice", "play", SMALL, "--as", "AAA,aaa");
    CH_ASSERT_RUN(2, "named twice", "play", SMALL, "--as", "Avalon,AAA");
    /* names of the real world: a code with two letters swapped suggests the
     * state with those letters first */
    CH_ASSERT_RUN(2, "unknown state 'ZFA'; did you mean South Africa (ZAF) or Burkina Faso (BFA)?",
                  "play", "scenarios/default.cfg", "--as", "Brazil,ZFA");
    CH_ASSERT_RUN(2, NULL, "play", SMALL, "--as", ",");
    CH_ASSERT_RUN(2, "--replications: expected an integer", "play", SMALL, "--as", "AAA",
                  "--replications", "0");
    CH_ASSERT_RUN(2, "did you mean '--as'?", "play", SMALL, "--ass", "AAA");
    CH_ASSERT_RUN(2, "a scenario FILE is needed", "play", "--as", "AAA");
}

/* States by name, multi-word names in --as and in commands, 'vote yes',
 * and what really happened kept back until the debrief. */
static void test_play_names_and_no_spoiler(void **state)
{
    (void)state;
    const char *args[] = {"play", "tests/data/class_small.cfg", "--as", "Dorsalia, south elbonia",
                          "--replications", "10", NULL};
    ch_result r = run_bin(args, "campaign Avalom\ncampaign South Elbonia 0.5\nvote yes\n"
                                "vote maybe\nvote no\n");
    assert_int_equal(r.status, 0);
    ch_assert_contains(r.out, "You play Dorsalia: it sits in the Assembly.");
    ch_assert_contains(r.out, "You play South Elbonia: it sits in the Assembly.");
    ch_assert_contains(r.out, "No state 'Avalom'; did you mean Avalon (AAA)?");
    ch_assert_contains(r.out, "South Elbonia now listens to you with 0.5 more tie weight");
    ch_assert_contains(r.out, "Dorsalia will support.");
    ch_assert_contains(r.out, "Vote with 'support', 'object' or 'abstain' (or 'vote yes', 'vote no'");
    ch_assert_contains(r.out, "South Elbonia will object.");
    /* the description's "Real outcome" is not told before the debrief */
    const char *debrief = strstr(r.out, "=== Debrief ===");
    assert_non_null(debrief);
    const char *real = strstr(r.out, "Real outcome");
    assert_true(real == NULL || real > debrief);
    ch_assert_contains(r.out, "Scores (how close the adopted texts came");
    ch_result_free(&r);
}

/* Text is wrapped to $COLUMNS (the output is not a terminal here). */
static void test_play_wraps_to_the_width(void **state)
{
    (void)state;
    const char *args[] = {"play", SMALL, "--as", "AAA", "--replications", "10", NULL};
    ch_result r = ch_run(&(ch_opts){.input = "who\nsupport\n", .env = {"COLUMNS=60"}}, args);
    assert_int_equal(r.status, 0);
    int longest = 0, col = 0;
    for (const char *p = r.out; *p != '\0'; p++) {
        col = *p == '\n' ? 0 : col + 1;
        if (col > longest)
            longest = col;
    }
    assert_true(longest <= 60);
    ch_assert_contains(r.out, "=== Debrief ===");
    ch_result_free(&r);
    /* without COLUMNS into a pipe: lines as long as they are */
    ch_result u = run_bin(args, "support\n");
    ch_assert_contains(u.out, "P(adopted): model alone 1.000 [0.722, 1.000]; with your choices");
    ch_result_free(&u);
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
        cmocka_unit_test(test_play_debrief_says_what_really_happened),
        cmocka_unit_test(test_play_election_ballot),
        cmocka_unit_test(test_play_bad_input_reprompts),
        cmocka_unit_test(test_play_end_of_input_and_hot_seat),
        cmocka_unit_test(test_play_argument_errors),
        cmocka_unit_test(test_play_names_and_no_spoiler),
        cmocka_unit_test(test_play_wraps_to_the_width),
        cmocka_unit_test(test_play_options_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
