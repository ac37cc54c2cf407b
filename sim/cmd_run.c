/* cmd_run.c - `cybernorms run FILE ...`: a scenario's replications into a
 * results folder (cn_cli.h).
 *
 * No model logic lives here.  `run` loads and validates the scenario,
 * writes the resolved scenario text, runs the replications on the thread
 * pool (cn_runner) while runs.csv is streamed to an atomic file, writes the
 * summaries, and commits the four result files together with their
 * manifest (cn_outfile_commit_set): a reader sees the old complete set or
 * the new one.  On any failure or interruption every temporary file is
 * removed, so a failed run leaves no new result file and the old ones
 * unchanged.  The results folder is locked for the whole run (one writer
 * at a time), and what a dead writer left there is finished or removed
 * first (cn_outfile_recover).
 *
 * Signals (cn_cmdline.h).  During a run the first HUP, INT, QUIT or TERM
 * sets the stop flag, which the runner's workers poll (also inside a
 * replication, between sessions); the run then removes its temporary
 * files and exits 128 + the signal.  A second signal ends the process at
 * once, the handler removing the temporary files first.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cn_backtest.h"
#include "cn_cli.h"
#include "cn_cmdline.h"
#include "cn_metrics.h"
#include "cn_outfile.h"
#include "cn_output.h"
#include "cn_progress.h"
#include "cn_runner.h"
#include "cn_spread.h"
#include "cn_scenario.h"
#include "cn_stats.h"

#define PROG CN_CMDLINE_PROG
#define RUN_PATH 4096

enum { F_RUNS = 0, F_SUMMARY_CSV, F_SUMMARY_MD, F_SCENARIO, F_COUNT };
static const char *const file_names[F_COUNT] = {"runs.csv", "summary.csv", "summary.md",
                                                "scenario.cfg"};

/* ---- arguments ----------------------------------------------------------- */

#define V "a value"
static const cn_cmdline_option options[] = {
    {"--seed", V, 0}, {"--replications", V, 0}, {"--threads", V, 0}, {"--out", V, 0},
    {"--set", V, 0}, {"--uncertainty", V, 0}, {"--quiet", NULL, 0}, {"--no-progress", NULL, 0}, {"--force", NULL, 0},
    {"--help", NULL, 0}, {"-h", NULL, 0},
};
#undef V

typedef struct {
    const char *file;    /* the scenario (points into argv) */
    const char *out;     /* --out, NULL: results/<scenario name> (points into argv) */
    int quiet, no_progress, force, help;
    int n_sets;
    char **sets;         /* owned: --set values and --seed/--replications/--threads as
                          * "run.seed=N" etc., in command-line order */
} run_args;

static void args_free(run_args *a)
{
    for (int i = 0; i < a->n_sets; i++)
        free(a->sets[i]);
    free(a->sets);
    a->sets = NULL;
    a->n_sets = 0;
}

static int add_set(run_args *a, const char *prefix, const char *value)
{
    char **sets = realloc(a->sets, (size_t)(a->n_sets + 1) * sizeof *sets);
    if (sets == NULL)
        return CN_ENOMEM;
    a->sets = sets;
    size_t n = strlen(prefix) + strlen(value) + 1;
    char *s = malloc(n);
    if (s == NULL)
        return CN_ENOMEM;
    snprintf(s, n, "%s%s", prefix, value);
    a->sets[a->n_sets++] = s;
    return CN_OK;
}

/* Checks a numeric option and turns it into a --set override (its
 * message, unlike the others, names no command). */
static int numeric_option(run_args *a, cn_diag *d, const char *opt, const char *value)
{
    long lo = 0, hi = LONG_MAX, v;
    const char *key = "run.seed=";
    if (strcmp(opt, "--replications") == 0) {
        lo = 1;
        hi = CN_MAX_REPLICATIONS;
        key = "run.replications=";
    } else if (strcmp(opt, "--threads") == 0) {
        hi = CN_MAX_THREADS;
        key = "run.threads=";
    }
    if (cn_cmdline_long(value, lo, hi, &v) != CN_OK)
        return cn_diag_set(d, NULL, 0, NULL, "%s: expected an integer from %ld to %ld, got '%s'",
                           opt, lo, hi, value);
    char num[32];
    snprintf(num, sizeof num, "%ld", v);
    return add_set(a, key, num);
}

/* CN_OK (a->help set for --help), CN_EINPUT with d filled, or CN_ENOMEM.
 * Free a with args_free in every case. */
static int parse_args(int argc, char **argv, run_args *a, cn_diag *d)
{
    memset(a, 0, sizeof *a);
    cn_diag_clear(d);
    cn_cmdline c;
    cn_cmdline_init(&c, "run", options, (int)(sizeof options / sizeof options[0]),
                    CN_CMDLINE_EQUALS | CN_CMDLINE_DASHDASH | CN_CMDLINE_DASH, argc, argv, 1);
    cn_cmdline_arg arg;
    int rc;
    while ((rc = cn_cmdline_next_option(&c, &arg, &a->file, &a->help, d)) == CN_OK
           && arg.text != NULL) {
        const char *value = arg.text;
        if (cn_cmdline_is(&arg, "--set")) {
            if ((rc = cn_cmdline_set_check(&c, value, d)) != CN_OK
                || (rc = add_set(a, "", value)) != CN_OK)
                return rc;
        } else if (cn_cmdline_is(&arg, "--uncertainty")) {
            if (strcmp(value, "none") != 0 && strcmp(value, "positions") != 0
                && strcmp(value, "all") != 0)
                return cn_cmdline_error(&c, d, "--uncertainty: expected none, positions or all, "
                                        "got '%s'", value);
            if ((rc = add_set(a, "run.uncertainty=", value)) != CN_OK)
                return rc;
        } else if (cn_cmdline_is(&arg, "--out")) {
            if (value[0] == '\0')
                return cn_cmdline_error(&c, d, "--out: expected a folder");
            a->out = value;
        } else if (cn_cmdline_is(&arg, "--quiet")) {
            a->quiet = 1;
        } else if (cn_cmdline_is(&arg, "--no-progress")) {
            a->no_progress = 1;
        } else if (cn_cmdline_is(&arg, "--force")) {
            a->force = 1;
        } else if ((rc = numeric_option(a, d, arg.option->name, value)) != CN_OK) {
            return rc;
        }
    }
    if (rc != CN_OK)
        return rc;
    if (!a->help && a->file == NULL)
        return cn_cmdline_error(&c, d, "a scenario FILE is needed");
    return CN_OK;
}

/* ---- the results folder ------------------------------------------------------ */

/* Folder of the results: --out, else results/<scenario name>. */
static int out_dir(const run_args *a, const cn_scenario *s, char *dir, size_t size)
{
    int k;
    if (a->out != NULL) {
        k = snprintf(dir, size, "%s", a->out);
    } else {
        if (s->name[0] == '\0' || strchr(s->name, '/') != NULL || strcmp(s->name, ".") == 0
            || strcmp(s->name, "..") == 0) {
            cn_cmdline_say("%s: scenario name '%s' cannot name a results folder; use --out DIR",
                           a->file, s->name);
            return cn_exit_code(CN_EINPUT);
        }
        k = snprintf(dir, size, "results/%s", s->name);
    }
    /* "dir/" + "summary.csv.tmp.XXXXXX" must fit too */
    if (k < 0 || (size_t)k + 64 >= size) {
        cn_cmdline_say("results folder name too long (more than %zu characters)", size - 64);
        return cn_exit_code(CN_EINPUT);
    }
    while (k > 1 && dir[k - 1] == '/')
        dir[--k] = '\0';
    return 0;
}

/* dir/name, name the i-th result file (i == F_COUNT: the manifest). */
static void result_path(const char *dir, int i, char *path, size_t size)
{
    const char *name = i < F_COUNT ? file_names[i] : CN_OUTFILE_MANIFEST;
    snprintf(path, size, "%.*s/%s", RUN_PATH - 64, dir, name); /* out_dir keeps dir 64 short */
}

/* Before anything runs, with the folder locked: what a dead writer left
 * is finished or removed; every result file there must be one cybernorms
 * wrote (never the scenario itself, a link or a device); and without
 * --force a folder that already holds a result file is left alone (bad
 * input, exit 2). */
static int check_folder(const run_args *a, const char *dir)
{
    cn_diag d;
    cn_diag_clear(&d);
    if (cn_outfile_recover(dir, file_names, F_COUNT, &d) != CN_OK)
        return cn_cmdline_fail(NULL, CN_EIO, &d);
    const char *inputs[] = {a->file};
    char path[RUN_PATH + 32];
    for (int i = 0; i <= F_COUNT; i++) {
        result_path(dir, i, path, sizeof path);
        int rc = cn_outfile_check(path, CN_OUTFILE_FORCE, inputs, 1, &d);
        if (rc != CN_OK)
            return cn_cmdline_fail(NULL, rc, &d);
    }
    if (a->force)
        return 0;
    for (int i = 0; i <= F_COUNT; i++) {
        struct stat sb;
        result_path(dir, i, path, sizeof path);
        if (lstat(path, &sb) == 0) {
            cn_cmdline_say("%s/ already holds results (%s); use --force to replace them or "
                           "--out DIR for another folder",
                           dir, i < F_COUNT ? file_names[i] : CN_OUTFILE_MANIFEST);
            return cn_exit_code(CN_EINPUT);
        }
    }
    return 0;
}

/* ---- the run ------------------------------------------------------------------- */

typedef struct {
    const run_args *a;
    cn_scenario *s;
    char dir[RUN_PATH];
    cn_metrics_layout L;
    int have_layout;
    cn_stats *st;
    cn_spread *sp; /* input vs Monte Carlo spread, NULL without run.uncertainty */
    char *text;
    size_t text_len;
    cn_run_info info;
    cn_afile *files[F_COUNT];
    char paths[F_COUNT][RUN_PATH];
    cn_progress *progress;
    cn_outfile_lock *lock; /* the results folder's, for the whole run */
    int threads;
    long done;             /* replications run */
    double elapsed;        /* their seconds */
} run_state;

static void run_cleanup(run_state *r)
{
    cn_progress_finish(r->progress);
    r->progress = NULL;
    for (int i = 0; i < F_COUNT; i++) {
        cn_afile_abort(r->files[i]);
        r->files[i] = NULL;
    }
    cn_cmdline_release_stop();
    cn_outfile_lock_release(r->lock);
    r->lock = NULL;
    free(r->text);
    cn_spread_free(r->sp);
    cn_stats_free(r->st);
    if (r->have_layout)
        cn_metrics_layout_free(&r->L);
    cn_scenario_free(r->s);
}

/* Creates the results folder and takes its lock. */
static int lock_folder(run_state *r)
{
    if (cn_output_mkdirs(r->dir) != CN_OK) {
        cn_cmdline_say("cannot create %s: %s", r->dir, strerror(errno));
        return cn_exit_code(CN_EIO);
    }
    char path[RUN_PATH + 32], what[RUN_PATH + 2];
    snprintf(path, sizeof path, "%.*s/%s", RUN_PATH - 64, r->dir, CN_OUTFILE_LOCK);
    snprintf(what, sizeof what, "%s/", r->dir);
    cn_diag d;
    cn_diag_clear(&d);
    int rc = cn_outfile_lock_take(path, what, &r->lock, &d);
    return rc == CN_OK ? 0 : cn_cmdline_fail(NULL, rc, &d);
}

/* What to add to a failed write's message: a full disk (or file size
 * limit) says that nothing was replaced and what to do. */
static const char *full_hint(int e)
{
    return e == ENOSPC || e == EFBIG || e == EDQUOT
               ? " (no results were replaced; free some space, then run again)"
               : "";
}

/* Reports a failed write of file i. */
static int write_failed(const run_state *r, int i, int rc)
{
    int e = errno;
    if (rc == CN_EIO)
        cn_cmdline_say("cannot write %s: %s%s", r->paths[i], e != 0 ? strerror(e) : "I/O error",
                       full_hint(e));
    else
        cn_cmdline_say("cannot write %s: %s", r->paths[i], cn_strerror(rc));
    return cn_exit_code(rc);
}

static int interrupted(void)
{
    cn_cmdline_say("interrupted: no results written");
    return cn_cmdline_stop_status();
}

/* The folder, its lock, the layout, the statistics and the resolved
 * scenario's text, before any file is opened. */
static int prepare(run_state *r)
{
    int ex, rc;
    if ((ex = out_dir(r->a, r->s, r->dir, sizeof r->dir)) != 0 || (ex = lock_folder(r)) != 0
        || (ex = check_folder(r->a, r->dir)) != 0)
        return ex;
    if ((rc = cn_metrics_layout_init(r->s, &r->L)) != CN_OK)
        return cn_cmdline_fail(NULL, rc, NULL);
    r->have_layout = 1;
    if ((r->st = cn_stats_alloc(&r->L)) == NULL)
        return cn_cmdline_fail(NULL, CN_ENOMEM, NULL);
    if (r->s->run.uncertainty != CN_UNC_NONE
        && (r->sp = cn_spread_alloc(&r->L, r->s->run.input_group)) == NULL)
        return cn_cmdline_fail(NULL, CN_ENOMEM, NULL);
    if ((rc = cn_output_scenario_text(r->s, &r->text, &r->text_len)) != CN_OK)
        return cn_cmdline_fail(NULL, rc, NULL);
    r->info = (cn_run_info){
        .s = r->s,
        .version = CN_VERSION,
        .generator = r->s->run.generator,
        .seed = r->s->run.seed,
        .replications = r->s->run.replications,
        .scenario_hash = cn_output_hash(r->text, r->text_len),
    };
    return 0;
}

/* The temporary result files, with runs.csv's head and the scenario. */
static int open_files(run_state *r)
{
    int rc;
    for (int i = 0; i < F_COUNT; i++) {
        int k = snprintf(r->paths[i], sizeof r->paths[i], "%s/%s", r->dir, file_names[i]);
        if (k < 0 || (size_t)k >= sizeof r->paths[i])
            return cn_cmdline_fail(NULL, CN_EINTERNAL, NULL);
        errno = 0;
        if (cn_afile_open(r->paths[i], &r->files[i]) != CN_OK) {
            r->files[i] = NULL;
            cn_cmdline_say("cannot create %s: %s", r->paths[i], strerror(errno));
            return cn_exit_code(CN_EIO);
        }
    }
    FILE *runs = cn_afile_stream(r->files[F_RUNS]);
    errno = 0;
    if ((rc = cn_output_header(runs, &r->info)) != CN_OK
        || (rc = cn_output_runs_columns(runs, &r->L)) != CN_OK)
        return write_failed(r, F_RUNS, rc);
    errno = 0;
    if (fwrite(r->text, 1, r->text_len, cn_afile_stream(r->files[F_SCENARIO])) != r->text_len)
        return write_failed(r, F_SCENARIO, CN_EIO);
    return 0;
}

static int sink_rows(void *ctx, long first_rep, int n, const double *rows)
{
    run_state *r = ctx;
    FILE *runs = cn_afile_stream(r->files[F_RUNS]);
    if (r->sp != NULL)
        cn_spread_add(r->sp, first_rep, n, rows);
    for (int i = 0; i < n; i++) {
        int rc = cn_output_runs_row(runs, &r->L, first_rep + i, rows + (size_t)i * (size_t)r->L.n);
        if (rc != CN_OK)
            return rc;
    }
    return CN_OK;
}

static void sink_progress(void *ctx, long done, long total)
{
    run_state *r = ctx;
    (void)total;
    cn_progress_update(r->progress, done);
}

/* The replications, rows streamed into runs.csv and the statistics. */
static int run_replications(run_state *r)
{
    r->threads = r->s->run.threads > 0 ? r->s->run.threads : cn_runner_cores();
    int show = !r->a->quiet && !r->a->no_progress && isatty(STDERR_FILENO);
    r->progress = cn_progress_start(stderr, "runs", r->s->run.replications, show);
    if (r->progress == NULL)
        return cn_cmdline_fail(NULL, CN_ENOMEM, NULL);
    cn_runner_opts o = {
        .replications = r->s->run.replications,
        .threads = r->threads,
        .seed = r->s->run.seed,
        .generator = r->s->run.generator,
        .on_rows = sink_rows,
        .on_progress = sink_progress,
        .ctx = r,
        .stop = cn_cmdline_stop_flag(),
        .done = &r->done,
    };
    double t0 = cn_cmdline_now();
    errno = 0;
    int rc = cn_runner_run(r->s, &r->L, &o, r->st);
    r->elapsed = cn_cmdline_now() - t0;
    /* the bar ends its line before any message */
    cn_progress_finish(r->progress);
    r->progress = NULL;
    if (cn_cmdline_stopped() != 0)
        return interrupted();
    if (rc != CN_OK)
        return rc == CN_EIO ? write_failed(r, F_RUNS, rc)
                            : cn_cmdline_fail_run(NULL, rc, r->a->file, r->s->run.generator);
    if (r->done != r->s->run.replications)
        return cn_cmdline_fail(NULL, CN_EINTERNAL, NULL);
    return 0;
}

/* The summaries, then every file and the manifest committed together
 * (cn_outfile_commit_set): the old files are replaced by rename, never
 * removed first, so a failure keeps the old complete set and a crash
 * leaves the old or the new. */
static int commit_results(run_state *r)
{
    int rc;
    errno = 0;
    if ((rc = cn_output_summary_csv(cn_afile_stream(r->files[F_SUMMARY_CSV]), &r->info, &r->L,
                                    r->st)) != CN_OK)
        return write_failed(r, F_SUMMARY_CSV, rc);
    errno = 0;
    if ((rc = cn_output_summary_md(cn_afile_stream(r->files[F_SUMMARY_MD]), &r->info, &r->L,
                                   r->st)) != CN_OK)
        return write_failed(r, F_SUMMARY_MD, rc);
    if (cn_cmdline_stopped() != 0)
        return interrupted();
    cn_diag d;
    cn_diag_clear(&d);
    int failed = -1;
    rc = cn_outfile_commit_set(r->dir, r->files, F_COUNT, &failed, &d);
    for (int i = 0; i < F_COUNT; i++)
        r->files[i] = NULL; /* consumed either way */
    if (rc != CN_OK) {
        int e = errno;
        cn_cmdline_say("%s%s", d.msg, failed >= 0 ? full_hint(e) : "");
        return cn_exit_code(rc);
    }
    /* committed: a signal from here on ends the process as it would
     * anyway (nothing temporary is left), and the lock goes */
    cn_cmdline_release_stop();
    cn_outfile_lock_release(r->lock);
    r->lock = NULL;
    return 0;
}

/* What the uncertain inputs make of each probability (cn_spread.h): the
 * spread of P across plausible worlds (tau) beside the Monte Carlo
 * standard error, for every binary column that is not constant.  Nothing
 * without run.uncertainty, or with one replication per input group. */
static int print_spread(const run_state *r)
{
    if (r->sp == NULL)
        return 0;
    int head = 0;
    for (int j = 0; j < r->L.n; j++) {
        if (r->L.m[j].kind != CN_METRIC_BINARY)
            continue;
        cn_spread_summary q;
        cn_spread_get(r->sp, j, &q);
        if (q.groups < 2 || !(q.input_sd == q.input_sd) || q.mean <= 0.0 || q.mean >= 1.0)
            continue;
        if (!head
            && printf("\nuncertain inputs (%s; %ld groups of %d replications share one draw): "
                      "P across plausible worlds\n%-22s %8s %12s %10s %12s\n",
                      r->s->run.uncertainty == CN_UNC_ALL ? "positions and parameters"
                                                          : "the states' positions",
                      q.groups, r->s->run.input_group, "probability", "P", "inputs (sd)",
                      "MC s.e.", "inputs' share") < 0)
            return -1;
        head = 1;
        if (printf("%-22.22s %8.3f %12.3f %10.3f %11.0f%%\n", r->L.m[j].name, q.mean,
                   q.input_sd, q.mc_se, 100.0 * q.input_share) < 0)
            return -1;
    }
    return 0;
}

/* The summary table (and, for a history scenario, what really happened)
 * on standard output; where the results went and how fast on stderr. */
static int print_results(const run_state *r)
{
    errno = 0;
    char real[512];
    int has_real = cn_backtest_real_text(r->s, real, sizeof real);
    if (cn_output_table(stdout, &r->info, &r->L, r->st, cn_cmdline_columns(0)) != CN_OK
        || (has_real && printf("what really happened: %s (`cybernorms backtest %s`: the "
                               "model's probability of it)\n",
                               real, r->a->file) < 0)
        || print_spread(r) != 0 || fflush(stdout) != 0 || ferror(stdout)) {
        cn_cmdline_say("results written to %s/, but the summary table could not be printed: %s",
                       r->dir, errno != 0 ? strerror(errno) : "I/O error");
        return cn_exit_code(CN_EIO);
    }
    fprintf(stderr, "results: %s/ (runs.csv, summary.csv, summary.md, scenario.cfg)\n", r->dir);
    fprintf(stderr, "%ld replications in %.2f s on %d thread%s (%.0f per second)\n", r->done,
            r->elapsed, r->threads, r->threads == 1 ? "" : "s",
            r->elapsed > 0 ? (double)r->done / r->elapsed : 0.0);
    return 0;
}

static int run_scenario(const run_args *a)
{
    run_state r;
    memset(&r, 0, sizeof r);
    r.a = a;
    int ex = cn_cmdline_load(NULL, a->file, (const char *const *)a->sets, a->n_sets, &r.s);
    if (ex != 0)
        return ex;
    if ((ex = prepare(&r)) == 0) {
        cn_cmdline_catch_stop();
        if ((ex = open_files(&r)) == 0 && (ex = run_replications(&r)) == 0
            && (ex = commit_results(&r)) == 0 && !a->quiet)
            ex = print_results(&r);
    }
    run_cleanup(&r);
    return ex;
}

int cn_cmd_run(int argc, char **argv)
{
    run_args a;
    cn_diag d;
    int rc = parse_args(argc, argv, &a, &d);
    int ex;
    if (rc == CN_EINPUT)
        ex = cn_cmdline_usage("run", &d);
    else if (rc != CN_OK)
        ex = cn_cmdline_fail(NULL, rc, &d);
    else if (a.help) {
        fputs(cn_cmd_run_help, stdout);
        ex = 0; /* main checks standard output (main.c) */
    } else
        ex = run_scenario(&a);
    args_free(&a);
    return ex;
}

const char cn_cmd_run_help[] =
    "usage: " PROG " run FILE [options]\n"
    "\n"
    "Runs the replications of scenario FILE on a pool of threads and writes\n"
    "runs.csv (one line per replication), summary.csv, summary.md and the\n"
    "resolved scenario.cfg; prints the summary table.  Results are identical\n"
    "whatever the number of threads.  Nothing is written if the run fails or\n"
    "is interrupted (Ctrl-C).  A folder that already holds results is left\n"
    "alone unless --force is given.\n"
    "\n"
    "options:\n"
    "  --seed N           master seed (run.seed), N >= 0\n"
    "  --replications N   replications (run.replications), 1 .. 100000000\n"
    "  --threads N        threads (run.threads), 0 = all cores\n"
    "  --out DIR          results folder (default results/<scenario name>)\n"
    "  --set KEY=VALUE    override a setting, e.g. --set model.beta=12\n"
    "                     (repeatable; see docs/scenarios.md)\n"
    "  --uncertainty M    what each group of replications draws from what we\n"
    "                     do not know (run.uncertainty): none, positions (the\n"
    "                     world's standard errors; the default) or all\n"
    "  --quiet            print nothing but errors\n"
    "  --no-progress      no progress bar\n"
    "  --force            replace the results already in the folder\n";
