/* cmd_backtest.c - `cybernorms backtest [DIR]`: runs every history scenario
 * of DIR (default scenarios/history) and prints, and writes to
 * OUT/backtest.md and OUT/backtest.csv (OUT default results), the real
 * outcome beside the model's probability of it (cn_backtest.h).  Both files
 * are written atomically and committed together; on any failure neither
 * is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cn_backtest.h"
#include "cn_cli.h"
#include "cn_error.h"
#include "cn_output.h"
#include "cn_runner.h"

int cn_cmd_backtest(int argc, char **argv);
extern const char cn_cmd_backtest_help[];

#define BT_USAGE                                                                              \
    "usage: cybernorms backtest [DIR] [--replications N] [--threads N] [--out DIR]\n"         \
    "                           [--set KEY=VALUE]... [--quiet]\n"

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "cybernorms: backtest: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n" BT_USAGE);
    return 2;
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

static int write_files(const char *out, const cn_bt_result *r, int n, long reps)
{
    char md[4096], csv[4096];
    if (snprintf(md, sizeof md, "%s/backtest.md", out) >= (int)sizeof md ||
        snprintf(csv, sizeof csv, "%s/backtest.csv", out) >= (int)sizeof csv)
        return CN_EINPUT;
    int rc = cn_output_mkdirs(out);
    if (rc != CN_OK)
        return rc;
    cn_afile *fm = NULL, *fc = NULL;
    if ((rc = cn_afile_open(md, &fm)) != CN_OK)
        return rc;
    if ((rc = cn_afile_open(csv, &fc)) != CN_OK) {
        cn_afile_abort(fm);
        return rc;
    }
    rc = cn_backtest_write_md(cn_afile_stream(fm), r, n, reps);
    if (rc == CN_OK)
        rc = cn_backtest_write_csv(cn_afile_stream(fc), r, n);
    if (rc != CN_OK) {
        cn_afile_abort(fm);
        cn_afile_abort(fc);
        return rc;
    }
    rc = cn_afile_commit(fm);
    int rc2 = cn_afile_commit(fc);
    return rc != CN_OK ? rc : rc2;
}

int cn_cmd_backtest(int argc, char **argv)
{
    const char *dir = "scenarios/history", *out = "results";
    long reps = 0, threads = 0;
    int quiet = 0, have_dir = 0, n_sets = 0;
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    if (sets == NULL) {
        fprintf(stderr, "cybernorms: backtest: out of memory\n");
        return 1;
    }
    int status = 0;
    for (int i = 1; i < argc && status == 0; i++) {
        const char *a = argv[i];
        int has_value = strcmp(a, "--replications") == 0 || strcmp(a, "--threads") == 0 ||
                        strcmp(a, "--out") == 0 || strcmp(a, "--set") == 0;
        if (has_value && i + 1 >= argc) {
            status = usage_error("option '%s' needs a value", a);
            break;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(BT_USAGE, stdout);
            free(sets);
            return 0;
        } else if (strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--replications") == 0) {
            if (cn_cli_parse_long(argv[++i], 1, 100000000L, &reps) != CN_OK)
                status = usage_error("--replications: expected an integer in [1, 100000000], got '%s'",
                                     argv[i]);
        } else if (strcmp(a, "--threads") == 0) {
            if (cn_cli_parse_long(argv[++i], 0, CN_MAX_THREADS, &threads) != CN_OK)
                status = usage_error("--threads: expected an integer in [0, 256], got '%s'", argv[i]);
        } else if (strcmp(a, "--out") == 0) {
            out = argv[++i];
        } else if (strcmp(a, "--set") == 0) {
            sets[n_sets++] = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            status = usage_error("unknown option '%s'", a);
        } else if (have_dir) {
            status = usage_error("one folder only (got a second: '%s')", a);
        } else {
            dir = a;
            have_dir = 1;
        }
    }
    if (status != 0) {
        free(sets);
        return status;
    }
    if (threads == 0)
        threads = cn_runner_cores();

    cn_diag diag;
    cn_diag_clear(&diag);
    char **files = NULL;
    int n = 0;
    cn_bt_result *res = NULL;
    char buf[CN_DIAG_FILE + CN_DIAG_SETTING + CN_DIAG_MSG + 32];
    int rc = cn_backtest_list(dir, &files, &n, &diag);
    if (rc != CN_OK)
        goto done;
    res = calloc((size_t)n, sizeof *res);
    if (res == NULL) {
        rc = CN_ENOMEM;
        goto done;
    }
    int done_n = 0;
    for (; done_n < n; done_n++) {
        rc = cn_backtest_file(files[done_n], sets, n_sets, reps, (int)threads, &res[done_n], &diag);
        if (rc != CN_OK)
            break;
        if (!quiet)
            fprintf(stderr, "backtest: %s (%.1f s)\n", res[done_n].name, res[done_n].seconds);
    }
    if (rc == CN_OK) {
        if (!quiet)
            print_terminal(res, n);
        rc = write_files(out, res, n, reps);
        if (rc != CN_OK && diag.msg[0] == '\0')
            cn_diag_set(&diag, out, 0, NULL, "cannot write backtest.md and backtest.csv");
        else if (!quiet)
            printf("wrote %s/backtest.md and %s/backtest.csv\n", out, out);
    }
    for (int k = 0; k < done_n; k++)
        cn_backtest_result_free(&res[k]);
done:
    if (rc != CN_OK)
        fprintf(stderr, "cybernorms: %s\n",
                diag.msg[0] != '\0' ? cn_diag_format(&diag, buf, sizeof buf) : cn_strerror(rc));
    free(res);
    cn_backtest_list_free(files);
    free(sets);
    return cn_exit_code(rc);
}

const char cn_cmd_backtest_help[] =
    BT_USAGE
    "\n"
    "Runs every scenario (*.cfg) of DIR (default scenarios/history), each with its\n"
    "own seed and replications (or --replications N), and compares the model with\n"
    "the real outcome written in the scenario's `expected` group: the probability\n"
    "of that outcome with its 95% interval, and for recorded votes the mean\n"
    "yes/no/abstain against the real counts and the share of states whose most\n"
    "likely vote is their real one.  Prints a table and writes OUT/backtest.md and\n"
    "OUT/backtest.csv (OUT default results) atomically.  --set KEY=VALUE applies to\n"
    "every scenario (e.g. --set model.beta=12).  Results do not depend on --threads.\n"
    "See docs/backtest.md.\n";
