/* cmd_backtest.c - `cybernorms backtest [DIR|FILE]`: runs every history
 * scenario of DIR (default scenarios/history), or the one FILE, and prints,
 * and writes to OUT/backtest.md, OUT/backtest.csv, OUT/backtest-votes.csv
 * and OUT/backtest.html (OUT default results), the real outcome beside the
 * model's probability of it (cn_backtest.h, cn_backtest_html.h).  The files are written
 * atomically and committed together; on any failure none is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cn_backtest.h"
#include "cn_backtest_html.h"
#include "cn_cli.h"
#include "cn_cmdline.h"
#include "cn_error.h"
#include "cn_output.h"
#include "cn_runner.h"

#define BT_USAGE                                                                              \
    "usage: cybernorms backtest [DIR|FILE] [--replications N] [--threads N] [--out DIR]\n"    \
    "                           [--set KEY=VALUE]... [--quiet]\n"

/* Every option is unlisted: a mistake is followed by the usage, not by a
 * did-you-mean. */
#define V "a value"
static const cn_cmdline_option options[] = {
    {"--replications", V, 1}, {"--threads", V, 1}, {"--out", V, 1}, {"--set", V, 1},
    {"--quiet", NULL, 1},     {"--help", NULL, 1}, {"-h", NULL, 1},
};
#undef V

typedef struct {
    const char *dir, *out;
    long reps, threads;
    int quiet, help, n_sets;
    const char **sets; /* owned array; the strings point into argv */
} backtest_args;

/* CN_OK (a->help set for --help), CN_EINPUT with d filled, CN_ENOMEM. */
static int parse_args(int argc, char **argv, backtest_args *a, cn_diag *d)
{
    cn_cmdline c;
    cn_cmdline_init(&c, "backtest", options, (int)(sizeof options / sizeof options[0]),
                    CN_CMDLINE_DASH, argc, argv, 1);
    cn_cmdline_arg arg;
    int rc, have_dir = 0;
    while ((rc = cn_cmdline_next(&c, &arg, d)) == CN_OK && arg.text != NULL) {
        const char *v = arg.text;
        if (cn_cmdline_help(&arg)) {
            a->help = 1;
            return CN_OK;
        } else if (cn_cmdline_is(&arg, "--quiet")) {
            a->quiet = 1;
        } else if (cn_cmdline_is(&arg, "--replications")) {
            if (cn_cmdline_long(v, 1, CN_MAX_REPLICATIONS, &a->reps) != CN_OK)
                return cn_cmdline_error(&c, d, "--replications: expected an integer in [1, %ld], "
                                        "got '%s'", CN_MAX_REPLICATIONS, v);
        } else if (cn_cmdline_is(&arg, "--threads")) {
            if (cn_cmdline_long(v, 0, CN_MAX_THREADS, &a->threads) != CN_OK)
                return cn_cmdline_error(&c, d, "--threads: expected an integer in [0, %d], "
                                        "got '%s'", CN_MAX_THREADS, v);
        } else if (cn_cmdline_is(&arg, "--out")) {
            a->out = v;
        } else if (cn_cmdline_is(&arg, "--set")) {
            a->sets[a->n_sets++] = v;
        } else if (have_dir) {
            return cn_cmdline_error(&c, d, "one folder or file only (got a second: '%s')", v);
        } else {
            a->dir = v;
            have_dir = 1;
        }
    }
    return rc;
}

static void print_terminal(const cn_bt_result *r, int n)
{
    printf("%-22s %-8s %-26s %-22s %-26s %s\n", "episode", "set", "real", "P(real) [95% CI]",
           "votes model vs real", "match");
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        char real[64], p[40], votes[48], match[16];
        if (e->ex.hypothetical)
            snprintf(real, sizeof real, "hypothetical");
        else
            snprintf(real, sizeof real, "%s%s%s",
                     e->ex.has_adopted ? (e->ex.adopted ? "adopted" : "not adopted") : "",
                     e->ex.has_in_force ? (e->ex.in_force ? ", in force" : ", not in force") : "",
                     e->ex.in_sample ? " (in-sample)" : "");
        if (e->ex.hypothetical)
            snprintf(p, sizeof p, "P(adopted) %.3f", e->p_adopted);
        else
            snprintf(p, sizeof p, "%.3f [%.3f, %.3f]", e->p, e->lo, e->hi);
        if (e->ex.has_votes)
            snprintf(votes, sizeof votes, "%.0f/%.0f/%.0f vs %d/%d/%d", e->mean_yes, e->mean_no,
                     e->mean_abstain, e->ex.yes, e->ex.no, e->ex.abstain);
        else
            snprintf(votes, sizeof votes, "-");
        if (e->n_voters > 0)
            snprintf(match, sizeof match, "%.3f", e->match);
        else
            snprintf(match, sizeof match, "-");
        printf("%-22.22s %-8s %-26.26s %-22s %-26s %s\n", e->name,
               e->ex.hypothetical ? "none" : (e->ex.held_out ? "held out" : "fit"), real, p, votes,
               match);
    }
}

/* The files of a backtest, each written by one writer with the same
 * signature. */
typedef int (*bt_writer)(FILE *f, const cn_bt_result *r, int n, long reps);
static int w_md(FILE *f, const cn_bt_result *r, int n, long reps)
{
    return cn_backtest_write_md(f, r, n, reps);
}
static int w_csv(FILE *f, const cn_bt_result *r, int n, long reps)
{
    (void)reps;
    return cn_backtest_write_csv(f, r, n);
}
static int w_votes(FILE *f, const cn_bt_result *r, int n, long reps)
{
    (void)reps;
    return cn_backtest_write_votes_csv(f, r, n);
}
static int w_treaties(FILE *f, const cn_bt_result *r, int n, long reps)
{
    (void)reps;
    return cn_backtest_write_treaties_csv(f, r, n);
}
static int w_html(FILE *f, const cn_bt_result *r, int n, long reps)
{
    return cn_backtest_write_html(f, r, n, reps);
}
static const struct {
    const char *name;
    bt_writer write;
} bt_files[] = {
    {"backtest.md", w_md},
    {"backtest.csv", w_csv},
    {"backtest-votes.csv", w_votes},
    {"backtest-treaties.csv", w_treaties},
    {"backtest.html", w_html},
};
#define BT_FILES ((int)(sizeof bt_files / sizeof bt_files[0]))

/* Writes every file of bt_files to temporary files, then commits them all;
 * on any failure none is committed. */
static int write_files(const char *out, const cn_bt_result *r, int n, long reps)
{
    int rc = cn_output_mkdirs(out);
    if (rc != CN_OK)
        return rc;
    cn_afile *af[BT_FILES] = {NULL};
    for (int k = 0; k < BT_FILES && rc == CN_OK; k++) {
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", out, bt_files[k].name) >= (int)sizeof path)
            rc = CN_EINPUT;
        else if ((rc = cn_afile_open(path, &af[k])) == CN_OK)
            rc = bt_files[k].write(cn_afile_stream(af[k]), r, n, reps);
    }
    if (rc != CN_OK) {
        for (int k = 0; k < BT_FILES; k++)
            if (af[k] != NULL)
                cn_afile_abort(af[k]);
        return rc;
    }
    for (int k = 0; k < BT_FILES; k++) {
        int rk = cn_afile_commit(af[k]);
        if (rc == CN_OK)
            rc = rk;
    }
    return rc;
}

int cn_cmd_backtest(int argc, char **argv)
{
    backtest_args a = {.dir = "scenarios/history", .out = "results"};
    a.sets = calloc((size_t)argc + 1, sizeof *a.sets);
    if (a.sets == NULL) {
        fprintf(stderr, "cybernorms: backtest: out of memory\n");
        return 1;
    }
    cn_diag diag;
    if (parse_args(argc, argv, &a, &diag) != CN_OK || a.help) {
        int ex = a.help ? 0 : cn_cmdline_fail(NULL, CN_EINPUT, &diag);
        fputs(BT_USAGE, a.help ? stdout : stderr);
        free(a.sets);
        return ex;
    }
    if (a.threads == 0)
        a.threads = cn_runner_cores();

    cn_diag_clear(&diag);
    char **files = NULL;
    int n = 0;
    cn_bt_result *res = NULL;
    int rc = cn_backtest_list(a.dir, &files, &n, &diag);
    if (rc != CN_OK)
        goto done;
    res = calloc((size_t)n, sizeof *res);
    if (res == NULL) {
        rc = CN_ENOMEM;
        goto done;
    }
    int done_n = 0;
    for (; done_n < n; done_n++) {
        rc = cn_backtest_file(files[done_n], a.sets, a.n_sets, a.reps, (int)a.threads,
                              &res[done_n], &diag);
        if (rc != CN_OK)
            break;
        if (!a.quiet)
            fprintf(stderr, "backtest: %s (%.1f s)\n", res[done_n].name, res[done_n].seconds);
    }
    if (rc == CN_OK) {
        if (!a.quiet)
            print_terminal(res, n);
        rc = write_files(a.out, res, n, a.reps);
        if (rc != CN_OK && diag.msg[0] == '\0')
            cn_diag_set(&diag, a.out, 0, NULL, "cannot write the backtest files");
        else if (!a.quiet)
            printf("wrote backtest.md, backtest.csv, backtest-votes.csv, backtest-treaties.csv "
                   "and backtest.html in %s\n",
                   a.out);
    }
    for (int k = 0; k < done_n; k++)
        cn_backtest_result_free(&res[k]);
done:
    if (rc != CN_OK)
        cn_cmdline_fail(NULL, rc, &diag);
    free(res);
    cn_backtest_list_free(files);
    free(a.sets);
    return cn_exit_code(rc);
}

const char cn_cmd_backtest_help[] =
    BT_USAGE
    "\n"
    "Runs every scenario (*.cfg) of DIR (default scenarios/history), or the one\n"
    "scenario FILE, each with its own seed and replications (or --replications N),\n"
    "and compares the model with the real outcome written in the scenario's\n"
    "`expected` group: the probability of that outcome with its 95% interval, and\n"
    "for recorded votes the mean yes/no/abstain against the real counts and the\n"
    "share of states whose most likely vote is their real one.  Prints a table and\n"
    "writes OUT/backtest.md, OUT/backtest.csv, OUT/backtest-votes.csv (each\n"
    "state's votes), OUT/backtest-treaties.csv (treaty signatories and parties\n"
    "at the real dates) and OUT/backtest.html (charts; OUT default results)\n"
    "atomically.  --set KEY=VALUE applies to every scenario (e.g. --set\n"
    "model.beta=12).  Results do not depend on --threads.\n"
    "See docs/backtest.md.\n";
