/* cmd_play.c - `cybernorms play FILE --as STATE[,STATE...] [--seed N]
 * [--replications N] [--threads N] [--set KEY=VALUE]...`: role-play in the
 * terminal (cn_play.h).  Argument parsing and messages only. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cn_cli.h"
#include "cn_error.h"
#include "cn_narrate.h"
#include "cn_play.h"
#include "cn_runner.h"
#include "cn_scenario.h"
#include "cn_suggest.h"

#define MAX_SETS 256

int cn_cmd_play(int argc, char **argv);
extern const char cn_cmd_play_help[];

static int usage_error(const char *fmt, const char *arg)
{
    fputs("cybernorms: play: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'cybernorms help play'.\n", stderr);
    return 2;
}

/* Resolves the comma-separated codes of --as into o->students. */
static int parse_students(const cn_scenario *s, const char *list, cn_play_opts *o)
{
    char buf[1024];
    if (strlen(list) >= sizeof buf)
        return usage_error("--as: list too long: '%s'", list);
    memcpy(buf, list, strlen(list) + 1);
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        int i = -1;
        for (int k = 0; k < s->n_states; k++)
            if (strcasecmp(s->states[k].code, t) == 0)
                i = k;
        if (i < 0) {
            const char *cands[CN_MAX_STATES];
            for (int k = 0; k < s->n_states; k++)
                cands[k] = s->states[k].code;
            const char *best = cn_suggest(t, cands, (size_t)s->n_states);
            fprintf(stderr, "cybernorms: play: --as: unknown state '%s'", t);
            if (best != NULL)
                fprintf(stderr, "; did you mean '%s'?", best);
            fputc('\n', stderr);
            return 2;
        }
        for (int k = 0; k < o->n_students; k++)
            if (o->students[k] == i)
                return usage_error("--as: state '%s' named twice", t);
        if (o->n_students >= CN_PLAY_MAX_STUDENTS)
            return usage_error("--as: at most %s students", "8");
        o->students[o->n_students++] = i;
    }
    if (o->n_students == 0)
        return usage_error("--as: expected state codes, e.g. --as BRA,KEN, got '%s'", list);
    return 0;
}

int cn_cmd_play(int argc, char **argv)
{
    const char *file = NULL, *as = NULL;
    const char *sets[MAX_SETS + 1];
    int n_sets = 0;
    char seed_set[64];
    cn_play_opts o;
    cn_play_defaults(&o);
    o.threads = cn_runner_cores();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(cn_cmd_play_help, stdout);
            return 0;
        }
        if (a[0] != '-') {
            if (file != NULL)
                return usage_error("unexpected argument '%s' (one FILE only)", a);
            file = a;
            continue;
        }
        const char *opts[] = {"--as", "--seed", "--replications", "--threads", "--set", "--help"};
        int known = 0;
        for (int k = 0; k < 5; k++)
            known |= strcmp(a, opts[k]) == 0;
        if (!known) {
            const char *best = cn_suggest(a, opts, 6);
            if (best != NULL) {
                fprintf(stderr, "cybernorms: play: unknown option '%s'; did you mean '%s'?\n"
                                "Try 'cybernorms help play'.\n", a, best);
                return 2;
            }
            return usage_error("unknown option '%s'", a);
        }
        if (v == NULL)
            return usage_error("option '%s' needs a value", a);
        i++;
        long num;
        if (strcmp(a, "--as") == 0) {
            as = v;
        } else if (strcmp(a, "--seed") == 0) {
            if (cn_cli_parse_long(v, 0, LONG_MAX, &num) != CN_OK)
                return usage_error("--seed: expected an integer >= 0, got '%s'", v);
            snprintf(seed_set, sizeof seed_set, "run.seed=%ld", num);
            if (n_sets < MAX_SETS)
                sets[n_sets++] = seed_set;
        } else if (strcmp(a, "--replications") == 0) {
            if (cn_cli_parse_long(v, 1, 1000000, &num) != CN_OK)
                return usage_error("--replications: expected an integer from 1 to 1000000, got '%s'",
                                   v);
            o.replications = num;
        } else if (strcmp(a, "--threads") == 0) {
            if (cn_cli_parse_long(v, 0, 256, &num) != CN_OK)
                return usage_error("--threads: expected an integer from 0 to 256, got '%s'", v);
            o.threads = num == 0 ? cn_runner_cores() : (int)num;
        } else {
            if (strchr(v, '=') == NULL || v[0] == '=')
                return usage_error("--set: expected KEY=VALUE (e.g. model.beta=12), got '%s'", v);
            if (n_sets >= MAX_SETS)
                return usage_error("too many --set options (at most %s)", "256");
            sets[n_sets++] = v;
        }
    }
    if (file == NULL)
        return usage_error("a scenario FILE is needed%s", "");
    if (as == NULL)
        return usage_error("--as STATE[,STATE...] is needed: the states the students play%s", "");
    cn_scenario *s;
    int rc = cn_narrate_load(file, sets, n_sets, &s, stderr);
    if (rc != CN_OK)
        return cn_exit_code(rc);
    int ex = parse_students(s, as, &o);
    if (ex != 0) {
        cn_scenario_free(s);
        return ex;
    }
    rc = cn_play_run(s, &o, stdin, stdout, !isatty(STDIN_FILENO));
    if (rc == CN_EINPUT)
        fprintf(stderr, "cybernorms: %s: setting 'run.generator': unknown GSL generator '%s'\n",
                file, s->run.generator);
    else if (rc != CN_OK)
        fprintf(stderr, "cybernorms: play: %s\n", cn_strerror(rc));
    cn_scenario_free(s);
    return cn_exit_code(rc);
}

const char cn_cmd_play_help[] =
    "usage: cybernorms play FILE --as STATE[,STATE...] [--seed N] [--replications N]\n"
    "                       [--threads N] [--set KEY=VALUE]...\n"
    "\n"
    "Role-play: the students play the states named by --as (several students\n"
    "take turns at one keyboard); the model plays every other state.  In each\n"
    "session of a forum your state sits in you see the draft, your position and\n"
    "the likely coalition, and type one command per line:\n"
    "  support | object | abstain   your vote (ends your turn)\n"
    "  pass                         the model votes for you\n"
    "  amend DIM up|down            move the text by 0.1 on DIM (once a session)\n"
    "  campaign STATE [AMOUNT]      spend campaign budget (3 per game): STATE\n"
    "                               listens to you more\n"
    "  who, show, help, quit\n"
    "Input may be piped; at its end the model decides for everyone.  The debrief\n"
    "compares your game with the model alone over many replications.\n"
    "\n"
    "options:\n"
    "  --as STATE[,STATE...]  state codes, e.g. --as BRA,KEN (at most 8)\n"
    "  --seed N               master seed (run.seed)\n"
    "  --replications N       replications for the debrief (default 1000)\n"
    "  --threads N            threads for the debrief (default all cores)\n"
    "  --set KEY=VALUE        override a setting (repeatable)\n";
