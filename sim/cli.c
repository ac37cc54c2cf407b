/* cli.c - the command line: argument parsing, `run`, `check`, help
 * (cn_cli.h).
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
 * Signals (cn_outfile.h).  During a run the first HUP, INT, QUIT or TERM
 * sets the stop flag, which the runner's workers poll (also inside a
 * replication, between sessions); the run then removes its temporary
 * files and exits 128 + the signal.  A second signal ends the process at
 * once, the handler removing the temporary files first.
 */
#include "cn_backtest.h"
#include "cn_cli.h"
#include "cn_cmdline.h"
#include "cn_commands.h"

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_outfile.h"
#include "cn_output.h"
#include "cn_progress.h"
#include "cn_runner.h"
#include "cn_scenario.h"
#include "cn_stats.h"
#include "cn_suggest.h"

#define PROG CN_CMDLINE_PROG
#define CN_CLI_PATH 4096
#define CN_CLI_EXIT_SIGNAL 128

enum { F_RUNS = 0, F_SUMMARY_CSV, F_SUMMARY_MD, F_SCENARIO, F_COUNT };
static const char *const file_names[F_COUNT] = {"runs.csv", "summary.csv", "summary.md",
                                                "scenario.cfg"};

static const char *const commands[] = {"run", "check", "help"};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

#define V "a value"
static const cn_cmdline_option run_options[] = {
    {"--seed", V, 0}, {"--replications", V, 0}, {"--threads", V, 0}, {"--out", V, 0},
    {"--set", V, 0}, {"--quiet", NULL, 0}, {"--no-progress", NULL, 0}, {"--force", NULL, 0},
    {"--help", NULL, 0}, {"-h", NULL, 0},
};
static const cn_cmdline_option check_options[] = {
    {"--set", V, 0}, {"--help", NULL, 0}, {"-h", NULL, 0},
};
static const cn_cmdline_option global_options[] = {
    {"--help", NULL, 0}, {"-h", NULL, 0}, {"--version", NULL, 0},
};
#undef V
#define N_OPTIONS(t) ((int)(sizeof(t) / sizeof((t)[0])))

static const char usage_text[] =
    "usage: " PROG " run FILE [--seed N] [--replications N] [--threads N]\n"
    "                  [--out DIR] [--set KEY=VALUE]... [--quiet] [--no-progress]\n"
    "                  [--force]\n"
    "       " PROG " check FILE [--set KEY=VALUE]...\n"
    "       " PROG " help [COMMAND]\n"
    "       " PROG " --help | -h | --version\n";

static const char help_text[] =
    PROG " - simulates international negotiations over cyber norms.\n"
    "\n"
    "%s"
    "\n"
    "commands:\n"
    "  run FILE     run the scenario's replications; write results/<name>/\n"
    "               runs.csv, summary.csv, summary.md and scenario.cfg\n"
    "  check FILE   validate the scenario and print it fully resolved\n"
    "  help [CMD]   this text, or the options of a command\n"
    "\n"
    "Scenario files are described in docs/scenarios.md.\n"
    "Exit status: 0 ok, 1 runtime failure, 2 bad input, 130 interrupted.\n";

static const char run_help_text[] =
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
    "  --quiet            print nothing but errors\n"
    "  --no-progress      no progress bar\n"
    "  --force            replace the results already in the folder\n";

static const char check_help_text[] =
    "usage: " PROG " check FILE [--set KEY=VALUE]...\n"
    "\n"
    "Validates scenario FILE (with the overrides applied) and prints the\n"
    "resolved scenario, every default written out, on standard output.\n"
    "Errors name the file, the line and the setting.\n"
    "\n"
    "options:\n"
    "  --set KEY=VALUE    override a setting (repeatable)\n";

static const char help_help_text[] =
    "usage: " PROG " help [COMMAND]\n"
    "\n"
    "Prints the general help, or the help of COMMAND (run, check, help).\n";

/* Names of every command (built-in and cn_commands), for suggestions. */
#define MAX_COMMAND_NAMES 64
static size_t all_command_names(const char **names)
{
    size_t n = 0;
    for (size_t i = 0; i < N_COMMANDS; i++)
        names[n++] = commands[i];
    for (const cn_command *c = cn_commands; c->name != NULL && n < MAX_COMMAND_NAMES; c++)
        names[n++] = c->name;
    return n;
}

static const char *suggest_command(const char *word)
{
    const char *names[MAX_COMMAND_NAMES];
    size_t n = all_command_names(names);
    return cn_suggest(word, names, n);
}

static int print_help(const char *topic)
{
    const cn_command *ext = cn_commands_find(topic);
    if (topic == NULL) {
        printf(help_text, usage_text);
        if (cn_commands[0].name != NULL) {
            printf("\nmore commands:\n");
            for (const cn_command *c = cn_commands; c->name != NULL; c++) {
                if (strlen(c->synopsis) <= 28)
                    printf("  %-28s %s\n", c->synopsis, c->summary);
                else
                    printf("  %s\n  %-28s %s\n", c->synopsis, "", c->summary);
            }
        }
    } else if (ext != NULL)
        fputs(ext->help, stdout);
    else if (strcmp(topic, "run") == 0)
        fputs(run_help_text, stdout);
    else if (strcmp(topic, "check") == 0)
        fputs(check_help_text, stdout);
    else
        fputs(help_help_text, stdout);
    return 0; /* main checks standard output (main.c) */
}

/* ---- argument parsing -------------------------------------------------- */

/* Kept for its callers (tests/test_cli.c); cn_cmdline_long is the one
 * implementation. */
int cn_cli_parse_long(const char *text, long lo, long hi, long *out)
{
    return cn_cmdline_long(text, lo, hi, out);
}

void cn_cli_args_free(cn_cli_args *a)
{
    if (a == NULL)
        return;
    for (int i = 0; i < a->n_sets; i++)
        free(a->sets[i]);
    free(a->sets);
    a->sets = NULL;
    a->n_sets = 0;
}

static int add_set(cn_cli_args *a, const char *prefix, const char *value)
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

/* Checks a numeric run option and turns it into a --set override (its
 * message, unlike the others, names no command). */
static int numeric_option(cn_cli_args *a, cn_diag *d, const char *opt, const char *value)
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

static int parse_command(int argc, char *const *argv, int i, cn_cli_args *a, cn_diag *d)
{
    const char *cmd = a->command == CN_CLI_RUN ? "run" : "check";
    cn_cmdline c;
    if (a->command == CN_CLI_RUN)
        cn_cmdline_init(&c, cmd, run_options, N_OPTIONS(run_options),
                        CN_CMDLINE_EQUALS | CN_CMDLINE_DASHDASH | CN_CMDLINE_DASH, argc, argv, i);
    else
        cn_cmdline_init(&c, cmd, check_options, N_OPTIONS(check_options),
                        CN_CMDLINE_EQUALS | CN_CMDLINE_DASHDASH | CN_CMDLINE_DASH, argc, argv, i);
    cn_cmdline_arg arg;
    int rc;
    while ((rc = cn_cmdline_next(&c, &arg, d)) == CN_OK && arg.text != NULL) {
        const char *value = arg.text;
        if (arg.option == NULL) {
            if (a->file != NULL)
                return cn_cmdline_error(&c, d, "unexpected argument '%s' (one FILE only)", value);
            a->file = value;
        } else if (cn_cmdline_help(&arg)) {
            a->topic = cmd;
            a->command = CN_CLI_HELP;
            return CN_OK;
        } else if (cn_cmdline_is(&arg, "--set")) {
            if ((rc = cn_cmdline_set_check(&c, value, d)) != CN_OK
                || (rc = add_set(a, "", value)) != CN_OK)
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
    if (a->file == NULL)
        return cn_cmdline_error(&c, d, "a scenario FILE is needed");
    return CN_OK;
}

int cn_cli_parse(int argc, char *const *argv, cn_cli_args *a, cn_diag *d)
{
    memset(a, 0, sizeof *a);
    cn_diag_clear(d);
    a->command = CN_CLI_USAGE;
    if (argc < 2)
        return cn_diag_set(d, NULL, 0, NULL, "no command given");
    const char *cmd = argv[1];
    if (cmd[0] == '-') {
        cn_cmdline c;
        cn_cmdline_arg arg;
        cn_cmdline_init(&c, NULL, global_options, N_OPTIONS(global_options), 0, argc, argv, 1);
        int rc = cn_cmdline_next(&c, &arg, d);
        if (rc != CN_OK)
            return rc;
        if (argc > 2)
            return cn_diag_set(d, NULL, 0, NULL, "unexpected argument '%s' after '%s'", argv[2],
                               cmd);
        a->command = cn_cmdline_is(&arg, "--version") ? CN_CLI_VERSION : CN_CLI_HELP;
        return CN_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        a->command = CN_CLI_HELP;
        if (argc > 3)
            return cn_diag_set(d, NULL, 0, NULL, "help: unexpected argument '%s'", argv[3]);
        if (argc == 3) {
            for (size_t i = 0; i < N_COMMANDS; i++)
                if (strcmp(argv[2], commands[i]) == 0)
                    a->topic = commands[i];
            const cn_command *ext = cn_commands_find(argv[2]);
            if (ext != NULL)
                a->topic = ext->name;
            if (a->topic == NULL) {
                const char *best = suggest_command(argv[2]);
                if (best != NULL)
                    return cn_diag_set(d, NULL, 0, NULL,
                                       "help: unknown command '%s'; did you mean '%s'?", argv[2],
                                       best);
                return cn_diag_set(d, NULL, 0, NULL, "help: unknown command '%s'", argv[2]);
            }
        }
        return CN_OK;
    }
    if (strcmp(cmd, "run") == 0)
        a->command = CN_CLI_RUN;
    else if (strcmp(cmd, "check") == 0)
        a->command = CN_CLI_CHECK;
    else {
        const char *best = suggest_command(cmd);
        if (best != NULL)
            return cn_diag_set(d, NULL, 0, NULL, "unknown command '%s'; did you mean '%s'?", cmd,
                               best);
        return cn_diag_set(d, NULL, 0, NULL, "unknown command '%s'", cmd);
    }
    return parse_command(argc, argv, 2, a, d);
}

/* ---- check ------------------------------------------------------------- */

/* Loads the scenario with the overrides; prints what is wrong and returns
 * the exit status on failure.  A file that cannot be read is bad input. */
static int load(const cn_cli_args *a, cn_scenario **s)
{
    *s = NULL;
    FILE *f = fopen(a->file, "r");
    if (f == NULL) {
        cn_cmdline_say("%s: cannot read the scenario: %s", a->file, strerror(errno));
        return cn_exit_code(CN_EINPUT);
    }
    fclose(f);
    cn_diag d;
    cn_diag_clear(&d);
    int rc = cn_load_scenario(a->file, (const char *const *)a->sets, a->n_sets, s, &d);
    if (rc != CN_OK) {
        *s = NULL;
        return cn_cmdline_fail(NULL, rc, &d);
    }
    return 0;
}

static int cmd_check(const cn_cli_args *a)
{
    cn_scenario *s;
    int ex = load(a, &s);
    if (ex != 0)
        return ex;
    int rc = cn_scenario_write(s, stdout);
    cn_scenario_free(s);
    if (rc != CN_OK || fflush(stdout) != 0 || ferror(stdout)) {
        cn_cmdline_say("cannot write the resolved scenario: %s", strerror(errno));
        return cn_exit_code(CN_EIO);
    }
    return 0;
}

/* ---- run --------------------------------------------------------------- */

typedef struct {
    FILE *runs;
    const cn_metrics_layout *L;
    cn_progress *progress;
} run_sink;

static int sink_rows(void *ctx, long first_rep, int n, const double *rows)
{
    run_sink *k = ctx;
    for (int i = 0; i < n; i++) {
        int rc = cn_output_runs_row(k->runs, k->L, first_rep + i, rows + (size_t)i * (size_t)k->L->n);
        if (rc != CN_OK)
            return rc;
    }
    return CN_OK;
}

static void sink_progress(void *ctx, long done, long total)
{
    run_sink *k = ctx;
    (void)total;
    cn_progress_update(k->progress, done);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Folder of the results: --out, else results/<scenario name>. */
static int out_dir(const cn_cli_args *a, const cn_scenario *s, char *dir, size_t size)
{
    int k;
    if (s == NULL)
        return cn_exit_code(CN_EINTERNAL);
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

typedef struct {
    cn_scenario *s;
    cn_metrics_layout L;
    int have_layout;
    cn_stats *st;
    char *text;
    size_t text_len;
    cn_afile *files[F_COUNT];
    char paths[F_COUNT][CN_CLI_PATH];
    cn_progress *progress;
    cn_outfile_lock *lock; /* the results folder's, for the whole run */
} run_state;

static void run_cleanup(run_state *r)
{
    cn_progress_finish(r->progress);
    r->progress = NULL;
    for (int i = 0; i < F_COUNT; i++) {
        cn_afile_abort(r->files[i]);
        r->files[i] = NULL;
    }
    cn_outfile_graceful(0);
    cn_outfile_lock_release(r->lock);
    r->lock = NULL;
    free(r->text);
    cn_stats_free(r->st);
    if (r->have_layout)
        cn_metrics_layout_free(&r->L);
    cn_scenario_free(r->s);
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
    return CN_CLI_EXIT_SIGNAL + atomic_load(cn_outfile_stop_flag());
}

/* Commits the files and their manifest together (cn_outfile_commit_set):
 * the old files are replaced by rename, never removed first, so a failure
 * keeps the old complete set and a crash leaves the old or the new. */
static int commit_all(run_state *r, const char *dir)
{
    cn_diag d;
    cn_diag_clear(&d);
    int failed = -1;
    int rc = cn_outfile_commit_set(dir, r->files, F_COUNT, &failed, &d);
    for (int i = 0; i < F_COUNT; i++)
        r->files[i] = NULL; /* consumed either way */
    if (rc != CN_OK) {
        int e = errno;
        cn_cmdline_say("%s%s", d.msg, failed >= 0 ? full_hint(e) : "");
        return cn_exit_code(rc);
    }
    return 0;
}

/* Before anything runs, with the folder locked: what a dead writer left
 * is finished or removed; every result file there must be one cybernorms
 * wrote (never the scenario itself, a link or a device); and without
 * --force a folder that already holds a result file is left alone (bad
 * input, exit 2). */
static int check_folder(const cn_cli_args *a, const char *dir)
{
    cn_diag d;
    cn_diag_clear(&d);
    if (cn_outfile_recover(dir, file_names, F_COUNT, &d) != CN_OK)
        return cn_cmdline_fail(NULL, CN_EIO, &d);
    const char *inputs[] = {a->file};
    for (int i = 0; i <= F_COUNT; i++) {
        char path[CN_CLI_PATH + 32]; /* out_dir keeps dir 64 below CN_CLI_PATH */
        const char *name = i < F_COUNT ? file_names[i] : CN_OUTFILE_MANIFEST;
        snprintf(path, sizeof path, "%.*s/%s", CN_CLI_PATH - 64, dir, name);
        int rc = cn_outfile_check(path, CN_OUTFILE_FORCE, inputs, 1, &d);
        if (rc != CN_OK)
            return cn_cmdline_fail(NULL, rc, &d);
    }
    if (a->force)
        return 0;
    for (int i = 0; i <= F_COUNT; i++) {
        char path[CN_CLI_PATH + 32];
        const char *name = i < F_COUNT ? file_names[i] : CN_OUTFILE_MANIFEST;
        struct stat sb;
        snprintf(path, sizeof path, "%.*s/%s", CN_CLI_PATH - 64, dir, name);
        if (lstat(path, &sb) == 0) {
            cn_cmdline_say("%s/ already holds results (%s); use --force to replace them or "
                           "--out DIR for another folder",
                           dir, name);
            return cn_exit_code(CN_EINPUT);
        }
    }
    return 0;
}

/* Creates the results folder and takes its lock. */
static int lock_folder(run_state *r, const char *dir)
{
    if (cn_output_mkdirs(dir) != CN_OK) {
        cn_cmdline_say("cannot create %s: %s", dir, strerror(errno));
        return cn_exit_code(CN_EIO);
    }
    char path[CN_CLI_PATH + 32], what[CN_CLI_PATH + 2];
    snprintf(path, sizeof path, "%.*s/%s", CN_CLI_PATH - 64, dir, CN_OUTFILE_LOCK);
    snprintf(what, sizeof what, "%s/", dir);
    cn_diag d;
    cn_diag_clear(&d);
    int rc = cn_outfile_lock_take(path, what, &r->lock, &d);
    return rc == CN_OK ? 0 : cn_cmdline_fail(NULL, rc, &d);
}

static int cmd_run(const cn_cli_args *a)
{
    run_state r;
    memset(&r, 0, sizeof r);
    int ex = load(a, &r.s);
    if (ex != 0)
        return ex;
    int rc;
    char dir[CN_CLI_PATH];
    if ((ex = out_dir(a, r.s, dir, sizeof dir)) != 0 || (ex = lock_folder(&r, dir)) != 0
        || (ex = check_folder(a, dir)) != 0)
        goto done;
    if ((rc = cn_metrics_layout_init(r.s, &r.L)) != CN_OK) {
        ex = cn_cmdline_fail(NULL, rc, NULL);
        goto done;
    }
    r.have_layout = 1;
    r.st = cn_stats_alloc(&r.L);
    if (r.st == NULL) {
        ex = cn_cmdline_fail(NULL, CN_ENOMEM, NULL);
        goto done;
    }
    if ((rc = cn_output_scenario_text(r.s, &r.text, &r.text_len)) != CN_OK) {
        ex = cn_cmdline_fail(NULL, rc, NULL);
        goto done;
    }
    cn_run_info info = {
        .s = r.s,
        .version = CN_VERSION,
        .generator = r.s->run.generator,
        .seed = r.s->run.seed,
        .replications = r.s->run.replications,
        .scenario_hash = cn_output_hash(r.text, r.text_len),
    };
    cn_outfile_graceful(1);
    for (int i = 0; i < F_COUNT; i++) {
        int k = snprintf(r.paths[i], sizeof r.paths[i], "%s/%s", dir, file_names[i]);
        if (k < 0 || (size_t)k >= sizeof r.paths[i]) {
            ex = cn_cmdline_fail(NULL, CN_EINTERNAL, NULL);
            goto done;
        }
        errno = 0;
        if (cn_afile_open(r.paths[i], &r.files[i]) != CN_OK) {
            r.files[i] = NULL;
            cn_cmdline_say("cannot create %s: %s", r.paths[i], strerror(errno));
            ex = cn_exit_code(CN_EIO);
            goto done;
        }
    }
    FILE *runs = cn_afile_stream(r.files[F_RUNS]);
    errno = 0;
    if ((rc = cn_output_header(runs, &info)) != CN_OK
        || (rc = cn_output_runs_columns(runs, &r.L)) != CN_OK) {
        ex = write_failed(&r, F_RUNS, rc);
        goto done;
    }
    errno = 0;
    if (fwrite(r.text, 1, r.text_len, cn_afile_stream(r.files[F_SCENARIO])) != r.text_len) {
        ex = write_failed(&r, F_SCENARIO, CN_EIO);
        goto done;
    }

    int threads = r.s->run.threads > 0 ? r.s->run.threads : cn_runner_cores();
    int show = !a->quiet && !a->no_progress && isatty(STDERR_FILENO);
    r.progress = cn_progress_start(stderr, "runs", r.s->run.replications, show);
    if (r.progress == NULL) {
        ex = cn_cmdline_fail(NULL, CN_ENOMEM, NULL);
        goto done;
    }
    run_sink sink = {.runs = runs, .L = &r.L, .progress = r.progress};
    long done_reps = 0;
    cn_runner_opts o = {
        .replications = r.s->run.replications,
        .first = 0,
        .threads = threads,
        .chunk = 0,
        .seed = r.s->run.seed,
        .point = 0,
        .generator = r.s->run.generator,
        .on_rows = sink_rows,
        .on_progress = sink_progress,
        .ctx = &sink,
        .stop = cn_outfile_stop_flag(),
        .done = &done_reps,
    };
    double t0 = now_seconds();
    errno = 0;
    rc = cn_runner_run(r.s, &r.L, &o, r.st);
    double elapsed = now_seconds() - t0;
    /* the bar ends its line before any message */
    cn_progress_finish(r.progress);
    r.progress = NULL;
    if (atomic_load(cn_outfile_stop_flag()) != 0) {
        ex = interrupted();
        goto done;
    }
    if (rc != CN_OK) {
        ex = rc == CN_EIO ? write_failed(&r, F_RUNS, rc)
                          : cn_cmdline_fail_run(NULL, rc, a->file, r.s->run.generator);
        goto done;
    }
    if (done_reps != r.s->run.replications) {
        ex = cn_cmdline_fail(NULL, CN_EINTERNAL, NULL);
        goto done;
    }

    errno = 0;
    if ((rc = cn_output_summary_csv(cn_afile_stream(r.files[F_SUMMARY_CSV]), &info, &r.L, r.st))
        != CN_OK) {
        ex = write_failed(&r, F_SUMMARY_CSV, rc);
        goto done;
    }
    errno = 0;
    if ((rc = cn_output_summary_md(cn_afile_stream(r.files[F_SUMMARY_MD]), &info, &r.L, r.st))
        != CN_OK) {
        ex = write_failed(&r, F_SUMMARY_MD, rc);
        goto done;
    }
    if (atomic_load(cn_outfile_stop_flag()) != 0) {
        ex = interrupted();
        goto done;
    }
    if ((ex = commit_all(&r, dir)) != 0)
        goto done;
    /* committed: a signal from here on ends the process as it would
     * anyway (nothing temporary is left), and the lock goes */
    cn_outfile_graceful(0);
    cn_outfile_lock_release(r.lock);
    r.lock = NULL;

    if (!a->quiet) {
        errno = 0;
        /* a history scenario: what really happened, under the table */
        char real[512];
        int has_real = cn_backtest_real_text(r.s, real, sizeof real);
        if (cn_output_table(stdout, &info, &r.L, r.st, cn_cmdline_columns(0)) != CN_OK
            || (has_real && printf("what really happened: %s (`cybernorms backtest %s`: the "
                                   "model's probability of it)\n",
                                   real, a->file) < 0)
            || fflush(stdout) != 0 || ferror(stdout)) {
            cn_cmdline_say("results written to %s/, but the summary table could not be printed: "
                           "%s",
                           dir, errno != 0 ? strerror(errno) : "I/O error");
            ex = cn_exit_code(CN_EIO);
            goto done;
        }
        fprintf(stderr, "results: %s/ (runs.csv, summary.csv, summary.md, scenario.cfg)\n", dir);
        fprintf(stderr, "%ld replications in %.2f s on %d thread%s (%.0f per second)\n",
                done_reps, elapsed, threads, threads == 1 ? "" : "s",
                elapsed > 0 ? (double)done_reps / elapsed : 0.0);
    }
    ex = 0;

done:
    run_cleanup(&r);
    return ex;
}

/* ---- main -------------------------------------------------------------- */

int cn_cli_main(int argc, char **argv)
{
    const cn_command *ext = argc >= 2 ? cn_commands_find(argv[1]) : NULL;
    if (ext != NULL)
        return ext->main(argc - 1, argv + 1);
    cn_cli_args a;
    cn_diag d;
    int rc = cn_cli_parse(argc, argv, &a, &d);
    int ex;
    if (rc != CN_OK) {
        if (rc == CN_EINPUT && a.command == CN_CLI_USAGE && argc < 2) {
            fputs(usage_text, stderr);
            ex = cn_exit_code(rc);
        } else if (rc == CN_EINPUT) {
            ex = cn_cmdline_usage(a.command == CN_CLI_RUN     ? "run"
                                  : a.command == CN_CLI_CHECK ? "check"
                                                              : NULL,
                                  &d);
        } else {
            ex = cn_cmdline_fail(NULL, rc, &d);
        }
        cn_cli_args_free(&a);
        return ex;
    }
    switch (a.command) {
    case CN_CLI_VERSION:
        printf(PROG " %s\n", CN_VERSION);
        ex = 0; /* main checks standard output (main.c) */
        break;
    case CN_CLI_HELP:
        ex = print_help(a.topic);
        break;
    case CN_CLI_RUN:
        ex = cmd_run(&a);
        break;
    case CN_CLI_CHECK:
        ex = cmd_check(&a);
        break;
    default:
        fputs(usage_text, stderr);
        ex = 2;
        break;
    }
    cn_cli_args_free(&a);
    return ex;
}
