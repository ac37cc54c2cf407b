/* cmd_play.c - `cybernorms play FILE --as STATE[,STATE...] [--seed N]
 * [--replications N] [--threads N] [--set KEY=VALUE]...`: role-play in the
 * terminal (cn_play.h).  Argument parsing and messages only. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cn_backtest.h"
#include "cn_cli.h"
#include "cn_cmdline.h"
#include "cn_error.h"
#include "cn_narrate.h"
#include "cn_play.h"
#include "cn_runner.h"
#include "cn_scenario.h"
#include "cn_statename.h"

#define V "a value"
static const cn_cmdline_option options[] = {
    {"--as", V, 0},  {"--seed", V, 0},     {"--replications", V, 0}, {"--threads", V, 0},
    {"--set", V, 0}, {"--help", NULL, 0}, {"-h", NULL, 1},
};
#undef V

typedef struct {
    const char *file, *as;
    cn_cmdline_sets sets;
    int help;
} play_args;

/* Resolves the comma-separated states of --as (codes or names, e.g.
 * "Brazil,South Africa") into o->students.  Returns the exit status: 0,
 * or 2 with the mistake said. */
static int parse_students(const cn_scenario *s, const char *list, cn_play_opts *o)
{
    char buf[1024];
    if (strlen(list) >= sizeof buf)
        return cn_cmdline_usage_error("play", "--as: list too long: '%s'", list);
    memcpy(buf, list, strlen(list) + 1);
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        size_t n = strlen(t);
        while (n > 0 && t[n - 1] == ' ')
            t[--n] = '\0';
        if (n == 0)
            continue;
        int sugg[CN_STATENAME_SUGGEST];
        int i = cn_statename_find(s, t, sugg);
        if (i < 0) {
            char hint[512];
            fprintf(stderr, "cybernorms: play: --as: unknown state '%s'%s\n", t,
                    cn_statename_hint(s, sugg, hint, sizeof hint));
            return 2;
        }
        for (int k = 0; k < o->n_students; k++)
            if (o->students[k] == i)
                return cn_cmdline_usage_error("play", "--as: state '%s' named twice", t);
        if (o->n_students >= CN_PLAY_MAX_STUDENTS)
            return cn_cmdline_usage_error("play", "--as: at most %d students at one keyboard "
                                          "(for a class, see 'cybernorms help classroom')",
                                          CN_PLAY_MAX_STUDENTS);
        o->students[o->n_students++] = i;
    }
    if (o->n_students == 0)
        return cn_cmdline_usage_error("play", "--as: expected states, e.g. --as Brazil,Kenya "
                                      "or --as BRA,KEN, got '%s'", list);
    return 0;
}

/* The terminal's width for the game's text: the window's when the output
 * is a terminal, else $COLUMNS, else 80 on a terminal and no wrapping
 * into a pipe or file. */
static int play_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return cn_cmdline_columns(isatty(STDOUT_FILENO) ? 80 : 0);
}

static int parse_args(cn_cmdline *c, play_args *a, cn_play_opts *o, cn_diag *d)
{
    cn_cmdline_arg arg;
    int rc;
    long num;
    while ((rc = cn_cmdline_next_option(c, &arg, &a->file, &a->help, d)) == CN_OK
           && arg.text != NULL) {
        const char *v = arg.text;
        if (cn_cmdline_is(&arg, "--as")) {
            a->as = v;
        } else if (cn_cmdline_is(&arg, "--seed")) {
            rc = cn_cmdline_sets_seed(c, &a->sets, v, d);
        } else if (cn_cmdline_is(&arg, "--replications")) {
            if ((rc = cn_cmdline_long_option(c, "--replications", v, 1, 1000000, &num, d)) == CN_OK)
                o->replications = num;
        } else if (cn_cmdline_is(&arg, "--threads")) {
            if ((rc = cn_cmdline_long_option(c, "--threads", v, 0, 256, &num, d)) == CN_OK)
                o->threads = num == 0 ? cn_runner_cores() : (int)num;
        } else {
            rc = cn_cmdline_sets_add(c, &a->sets, v, d);
        }
        if (rc != CN_OK)
            return rc;
    }
    if (rc != CN_OK || a->help)
        return rc;
    if (a->file == NULL)
        return cn_cmdline_error(c, d, "a scenario FILE is needed");
    if (a->as == NULL)
        return cn_cmdline_error(c, d,
                                "--as STATE[,STATE...] is needed: the states the students play");
    return CN_OK;
}

int cn_cmd_play(int argc, char **argv)
{
    play_args a;
    memset(&a, 0, sizeof a);
    cn_play_opts o;
    cn_play_defaults(&o);
    o.threads = cn_runner_cores();
    cn_cmdline c;
    cn_cmdline_init(&c, "play", options, (int)(sizeof options / sizeof options[0]), 0, argc, argv,
                    1);
    cn_diag d;
    if (parse_args(&c, &a, &o, &d) != CN_OK)
        return cn_cmdline_usage("play", &d);
    if (a.help) {
        fputs(cn_cmd_play_help, stdout);
        return 0;
    }
    cn_scenario *s;
    int rc = cn_narrate_load(a.file, a.sets.v, a.sets.n, &s, stderr);
    if (rc != CN_OK)
        return cn_exit_code(rc);
    int ex = parse_students(s, a.as, &o);
    if (ex != 0) {
        cn_scenario_free(s);
        return ex;
    }
    cn_backtest_real_text(s, o.real, sizeof o.real);
    o.width = play_width();
    rc = cn_play_run(s, &o, stdin, stdout, !isatty(STDIN_FILENO));
    ex = cn_cmdline_fail_run("play", rc, a.file, s->run.generator);
    cn_scenario_free(s);
    return ex;
}

const char cn_cmd_play_help[] =
    "usage: cybernorms play FILE --as STATE[,STATE...] [--seed N] [--replications N]\n"
    "                       [--threads N] [--set KEY=VALUE]...\n"
    "\n"
    "Role-play: the students play the states named by --as (several students\n"
    "take turns at one keyboard); the model plays every other state.  In each\n"
    "session of a forum your state sits in you see the draft, your position and\n"
    "the likely coalition, and type one command per line:\n"
    "  support | object | abstain   your vote (ends your turn; 'vote yes' works)\n"
    "  pass                         the model votes for you\n"
    "  amend DIM up|down            move the text by 0.1 on DIM (once a session)\n"
    "  campaign STATE [AMOUNT]      spend campaign budget (3 per game): STATE\n"
    "                               listens to you more\n"
    "  who, show, help, quit\n"
    "Input may be piped; at its end the model decides for everyone.  The debrief\n"
    "compares your game with the model alone over many replications; what\n"
    "really happened (history scenarios) is kept back until then.  Text is\n"
    "wrapped to the terminal's width ($COLUMNS when the output is not one).\n"
    "\n"
    "options:\n"
    "  --as STATE[,STATE...]  states by name or code, e.g. --as Brazil,\"South Africa\"\n"
    "                         or --as BRA,ZAF (at most 8; a class: 'classroom')\n"
    "  --seed N               master seed (run.seed)\n"
    "  --replications N       replications for the debrief (default 1000)\n"
    "  --threads N            accepted for old scripts; the debrief runs on one\n"
    "                         thread (the same figures on every machine)\n"
    "  --set KEY=VALUE        override a setting (repeatable)\n";
