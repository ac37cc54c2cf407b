/* cli.c - the command line: argument parsing, `run`, `check`, help
 * (cn_cli.h).
 *
 * No model logic lives here.  `run` loads and validates the scenario,
 * writes the resolved scenario text, runs the replications on the thread
 * pool (cn_runner) while runs.csv is streamed to an atomic file, writes the
 * summaries, and commits the four result files together; on any failure
 * or interruption every file is aborted, so a failed run leaves no new
 * result file.
 *
 * Signals.  During a run SIGINT and SIGTERM store the signal number in a
 * lock-free atomic_int (the only static written at run time: by the
 * handler, read by the runner's workers through opts.stop).  The handler is installed with
 * SA_RESETHAND, so a second signal kills the process at once.
 */
#include "cn_cli.h"
#include "cn_commands.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_output.h"
#include "cn_progress.h"
#include "cn_runner.h"
#include "cn_scenario.h"
#include "cn_stats.h"
#include "cn_suggest.h"

#define PROG "cybernorms"
#define CN_CLI_PATH 4096
#define CN_CLI_EXIT_SIGNAL 128

enum { F_RUNS = 0, F_SUMMARY_CSV, F_SUMMARY_MD, F_SCENARIO, F_COUNT };
static const char *const file_names[F_COUNT] = {"runs.csv", "summary.csv", "summary.md",
                                                "scenario.cfg"};

static const char *const commands[] = {"run", "check", "help"};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

/* Options of a command; `value` says whether it takes one. */
typedef struct {
    const char *name;
    int value;
} cli_option;

static const cli_option run_options[] = {
    {"--seed", 1}, {"--replications", 1}, {"--threads", 1}, {"--out", 1}, {"--set", 1},
    {"--quiet", 0}, {"--no-progress", 0}, {"--force", 0}, {"--help", 0}, {"-h", 0},
};
static const cli_option check_options[] = {
    {"--set", 1}, {"--help", 0}, {"-h", 0},
};
static const cli_option global_options[] = {
    {"--help", 0}, {"-h", 0}, {"--version", 0},
};

/* Set by the signal handler, read by the runner's workers: a lock-free
 * atomic, the one kind of object both may touch without a race. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "atomic_int must be lock-free for the signal handler");
static atomic_int cli_signal;

static void on_signal(int signo)
{
    atomic_store(&cli_signal, signo);
}

/* ---- messages ---------------------------------------------------------- */

static void say(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(PROG ": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Prints a diagnostic, or the status' name when the diagnostic is empty;
 * returns the exit status. */
static int report(int status, const cn_diag *d)
{
    char buf[CN_DIAG_FILE + CN_DIAG_SETTING + CN_DIAG_MSG + 32];
    if (d != NULL && d->msg[0] != '\0')
        say("%s", cn_diag_format(d, buf, sizeof buf));
    else
        say("%s", cn_strerror(status));
    return cn_exit_code(status);
}

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
            for (const cn_command *c = cn_commands; c->name != NULL; c++)
                printf("  %-22s %s\n", c->synopsis, c->summary);
        }
    } else if (ext != NULL)
        fputs(ext->help, stdout);
    else if (strcmp(topic, "run") == 0)
        fputs(run_help_text, stdout);
    else if (strcmp(topic, "check") == 0)
        fputs(check_help_text, stdout);
    else
        fputs(help_help_text, stdout);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* ---- argument parsing -------------------------------------------------- */

int cn_cli_parse_long(const char *text, long lo, long hi, long *out)
{
    if (text == NULL || text[0] == '\0')
        return CN_EINPUT;
    for (const char *p = text; *p != '\0'; p++)
        if (!((*p >= '0' && *p <= '9') || (p == text && (*p == '-' || *p == '+'))))
            return CN_EINPUT;
    errno = 0;
    char *end;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < lo || v > hi)
        return CN_EINPUT;
    *out = v;
    return CN_OK;
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

static const cli_option *find_option(const cli_option *opts, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(opts[i].name, name) == 0)
            return &opts[i];
    return NULL;
}

/* "unknown option": with the closest known option when there is one. */
static int unknown_option(cn_diag *d, const char *where, const cli_option *opts, size_t n,
                          const char *name)
{
    const char *cands[16];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 16; i++)
        cands[k++] = opts[i].name;
    const char *best = cn_suggest(name, cands, k);
    if (best != NULL)
        return cn_diag_set(d, NULL, 0, NULL, "%sunknown option '%s'; did you mean '%s'?",
                           where, name, best);
    return cn_diag_set(d, NULL, 0, NULL, "%sunknown option '%s'", where, name);
}

/* Checks a numeric run option and turns it into a --set override. */
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
    if (cn_cli_parse_long(value, lo, hi, &v) != CN_OK)
        return cn_diag_set(d, NULL, 0, NULL, "%s: expected an integer from %ld to %ld, got '%s'",
                           opt, lo, hi, value);
    char num[32];
    snprintf(num, sizeof num, "%ld", v);
    return add_set(a, key, num);
}

static int parse_command(int argc, char *const *argv, int i, cn_cli_args *a, cn_diag *d)
{
    const cli_option *opts = a->command == CN_CLI_RUN ? run_options : check_options;
    size_t n_opts = a->command == CN_CLI_RUN ? sizeof run_options / sizeof run_options[0]
                                             : sizeof check_options / sizeof check_options[0];
    const char *cmd = a->command == CN_CLI_RUN ? "run" : "check";
    char where[32];
    snprintf(where, sizeof where, "%s: ", cmd);
    int only_files = 0;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (only_files || arg[0] != '-' || arg[1] == '\0') {
            if (a->file != NULL)
                return cn_diag_set(d, NULL, 0, NULL, "%sunexpected argument '%s' (one FILE only)",
                                   where, arg);
            a->file = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_files = 1;
            continue;
        }
        /* --name=value or --name value */
        char name[64];
        const char *value = ""; /* set below for options that take one */
        const char *eq = strchr(arg, '=');
        size_t len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
        if (len >= sizeof name)
            len = sizeof name - 1;
        memcpy(name, arg, len);
        name[len] = '\0';
        const cli_option *o = find_option(opts, n_opts, name);
        if (o == NULL)
            return unknown_option(d, where, opts, n_opts, name);
        if (o->value) {
            if (eq != NULL)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return cn_diag_set(d, NULL, 0, NULL, "%soption '%s' needs a value", where, name);
        } else if (eq != NULL) {
            return cn_diag_set(d, NULL, 0, NULL, "%soption '%s' takes no value", where, name);
        }
        int rc = CN_OK;
        if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
            a->topic = cmd;
            a->command = CN_CLI_HELP;
            return CN_OK;
        } else if (strcmp(name, "--set") == 0) {
            if (strchr(value, '=') == NULL || value[0] == '=')
                return cn_diag_set(d, NULL, 0, NULL,
                                   "%s--set: expected KEY=VALUE (e.g. model.beta=12), got '%s'",
                                   where, value);
            rc = add_set(a, "", value);
        } else if (strcmp(name, "--out") == 0) {
            if (value[0] == '\0')
                return cn_diag_set(d, NULL, 0, NULL, "%s--out: expected a folder", where);
            a->out = value;
        } else if (strcmp(name, "--quiet") == 0) {
            a->quiet = 1;
        } else if (strcmp(name, "--no-progress") == 0) {
            a->no_progress = 1;
        } else if (strcmp(name, "--force") == 0) {
            a->force = 1;
        } else {
            rc = numeric_option(a, d, name, value);
        }
        if (rc != CN_OK)
            return rc;
    }
    if (a->file == NULL)
        return cn_diag_set(d, NULL, 0, NULL, "%sa scenario FILE is needed", where);
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
        size_t n = sizeof global_options / sizeof global_options[0];
        if (find_option(global_options, n, cmd) == NULL)
            return unknown_option(d, "", global_options, n, cmd);
        if (argc > 2)
            return cn_diag_set(d, NULL, 0, NULL, "unexpected argument '%s' after '%s'", argv[2],
                               cmd);
        a->command = strcmp(cmd, "--version") == 0 ? CN_CLI_VERSION : CN_CLI_HELP;
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
        say("%s: cannot read the scenario: %s", a->file, strerror(errno));
        return cn_exit_code(CN_EINPUT);
    }
    fclose(f);
    cn_diag d;
    cn_diag_clear(&d);
    int rc = cn_load_scenario(a->file, (const char *const *)a->sets, a->n_sets, s, &d);
    if (rc != CN_OK) {
        *s = NULL;
        return report(rc, &d);
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
        say("cannot write the resolved scenario: %s", strerror(errno));
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

/* The resolved scenario as text (malloc'd), as recorded in scenario.cfg
 * and hashed into the results' headers.  The thread count changes no
 * result, so it is recorded as 0 (all cores): runs with different thread
 * counts give byte-identical files. */
static int resolved_text(const cn_scenario *s, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    cn_scenario rec = *s; /* shallow: shares the arrays, not freed */
    rec.run.threads = 0;
    FILE *m = open_memstream(text, len);
    if (m == NULL)
        return CN_ENOMEM;
    int rc = cn_scenario_write(&rec, m);
    if (fclose(m) != 0 && rc == CN_OK)
        rc = CN_ENOMEM;
    if (rc != CN_OK) {
        free(*text);
        *text = NULL;
    }
    return rc;
}

typedef struct {
    struct sigaction old_int, old_term;
    int installed;
} signal_guard;

static int signals_install(signal_guard *g)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART | SA_RESETHAND;
    atomic_store(&cli_signal, 0);
    g->installed = 0;
    if (sigaction(SIGINT, &sa, &g->old_int) != 0)
        return CN_EIO;
    if (sigaction(SIGTERM, &sa, &g->old_term) != 0) {
        sigaction(SIGINT, &g->old_int, NULL);
        return CN_EIO;
    }
    g->installed = 1;
    return CN_OK;
}

static void signals_restore(signal_guard *g)
{
    if (!g->installed)
        return;
    sigaction(SIGINT, &g->old_int, NULL);
    sigaction(SIGTERM, &g->old_term, NULL);
    g->installed = 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int terminal_width(void)
{
    const char *c = getenv("COLUMNS");
    long w;
    if (c != NULL && cn_cli_parse_long(c, 40, 1000, &w) == CN_OK)
        return (int)w;
    return 0;
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
            say("%s: scenario name '%s' cannot name a results folder; use --out DIR", a->file,
                s->name);
            return cn_exit_code(CN_EINPUT);
        }
        k = snprintf(dir, size, "results/%s", s->name);
    }
    /* "dir/" + "summary.csv.tmp.XXXXXX" must fit too */
    if (k < 0 || (size_t)k + 64 >= size) {
        say("results folder name too long (more than %zu characters)", size - 64);
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
    signal_guard sig;
} run_state;

static void run_cleanup(run_state *r)
{
    cn_progress_finish(r->progress);
    r->progress = NULL;
    for (int i = 0; i < F_COUNT; i++) {
        cn_afile_abort(r->files[i]);
        r->files[i] = NULL;
    }
    signals_restore(&r->sig);
    free(r->text);
    cn_stats_free(r->st);
    if (r->have_layout)
        cn_metrics_layout_free(&r->L);
    cn_scenario_free(r->s);
}

/* Reports a failed write of file i. */
static int write_failed(const run_state *r, int i, int rc)
{
    if (rc == CN_EIO)
        say("cannot write %s: %s", r->paths[i], errno != 0 ? strerror(errno) : "I/O error");
    else
        say("cannot write %s: %s", r->paths[i], cn_strerror(rc));
    return cn_exit_code(rc);
}

static int interrupted(void)
{
    say("interrupted: no results written");
    return CN_CLI_EXIT_SIGNAL + atomic_load(&cli_signal);
}

/* Commits the files.  Results being replaced (--force) are removed first,
 * and if one commit fails every result file is removed, so a results folder
 * never holds a mixed set of old and new files. */
static int commit_all(run_state *r)
{
    for (int i = 0; i < F_COUNT; i++)
        if (unlink(r->paths[i]) != 0 && errno != ENOENT) {
            say("cannot replace %s: %s", r->paths[i], strerror(errno));
            return cn_exit_code(CN_EIO);
        }
    for (int i = 0; i < F_COUNT; i++) {
        int rc = cn_afile_commit(r->files[i]);
        r->files[i] = NULL;
        if (rc != CN_OK) {
            int ex = write_failed(r, i, rc);
            for (int j = 0; j < F_COUNT; j++)
                remove(r->paths[j]);
            return ex;
        }
    }
    return 0;
}

/* Without --force, a folder that already holds a result file is left
 * alone: bad input (exit 2), said before anything runs. */
static int refuse_overwrite(const cn_cli_args *a, const char *dir)
{
    if (a->force)
        return 0;
    for (int i = 0; i < F_COUNT; i++) {
        char path[CN_CLI_PATH + 32]; /* out_dir keeps dir 64 below CN_CLI_PATH */
        struct stat sb;
        snprintf(path, sizeof path, "%.*s/%s", CN_CLI_PATH - 64, dir, file_names[i]);
        if (lstat(path, &sb) == 0) {
            say("%s/ already holds results (%s); use --force to replace them or --out DIR "
                "for another folder",
                dir, file_names[i]);
            return cn_exit_code(CN_EINPUT);
        }
    }
    return 0;
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
    if ((ex = out_dir(a, r.s, dir, sizeof dir)) != 0 || (ex = refuse_overwrite(a, dir)) != 0)
        goto done;
    if ((rc = cn_metrics_layout_init(r.s, &r.L)) != CN_OK) {
        ex = report(rc, NULL);
        goto done;
    }
    r.have_layout = 1;
    r.st = cn_stats_alloc(&r.L);
    if (r.st == NULL) {
        ex = report(CN_ENOMEM, NULL);
        goto done;
    }
    if ((rc = resolved_text(r.s, &r.text, &r.text_len)) != CN_OK) {
        ex = report(rc, NULL);
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
    if (cn_output_mkdirs(dir) != CN_OK) {
        say("cannot create %s: %s", dir, strerror(errno));
        ex = cn_exit_code(CN_EIO);
        goto done;
    }
    if (signals_install(&r.sig) != CN_OK) {
        say("cannot install signal handlers: %s", strerror(errno));
        ex = cn_exit_code(CN_EIO);
        goto done;
    }
    for (int i = 0; i < F_COUNT; i++) {
        int k = snprintf(r.paths[i], sizeof r.paths[i], "%s/%s", dir, file_names[i]);
        if (k < 0 || (size_t)k >= sizeof r.paths[i]) {
            ex = report(CN_EINTERNAL, NULL);
            goto done;
        }
        errno = 0;
        if (cn_afile_open(r.paths[i], &r.files[i]) != CN_OK) {
            r.files[i] = NULL;
            say("cannot create %s: %s", r.paths[i], strerror(errno));
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
        ex = report(CN_ENOMEM, NULL);
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
        .stop = &cli_signal,
        .done = &done_reps,
    };
    double t0 = now_seconds();
    errno = 0;
    rc = cn_runner_run(r.s, &r.L, &o, r.st);
    double elapsed = now_seconds() - t0;
    /* the bar ends its line before any message */
    cn_progress_finish(r.progress);
    r.progress = NULL;
    if (atomic_load(&cli_signal) != 0) {
        ex = interrupted();
        goto done;
    }
    if (rc == CN_EINPUT) {
        say("%s: setting 'run.generator': unknown GSL generator '%s'", a->file,
            r.s->run.generator);
        ex = cn_exit_code(rc);
        goto done;
    }
    if (rc != CN_OK) {
        ex = rc == CN_EIO ? write_failed(&r, F_RUNS, rc) : report(rc, NULL);
        goto done;
    }
    if (done_reps != r.s->run.replications) {
        ex = report(CN_EINTERNAL, NULL);
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
    if (atomic_load(&cli_signal) != 0) {
        ex = interrupted();
        goto done;
    }
    if ((ex = commit_all(&r)) != 0)
        goto done;
    signals_restore(&r.sig);

    if (!a->quiet) {
        errno = 0;
        if (cn_output_table(stdout, &info, &r.L, r.st, terminal_width()) != CN_OK
            || fflush(stdout) != 0 || ferror(stdout)) {
            say("results written to %s/, but the summary table could not be printed: %s", dir,
                errno != 0 ? strerror(errno) : "I/O error");
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
        } else {
            ex = report(rc, &d);
            if (rc == CN_EINPUT) {
                if (a.command == CN_CLI_RUN || a.command == CN_CLI_CHECK)
                    fprintf(stderr, "Try '" PROG " help %s'.\n",
                            a.command == CN_CLI_RUN ? "run" : "check");
                else
                    fputs("Try '" PROG " --help'.\n", stderr);
            }
        }
        cn_cli_args_free(&a);
        return ex;
    }
    switch (a.command) {
    case CN_CLI_VERSION:
        printf(PROG " %s\n", CN_VERSION);
        ex = fflush(stdout) == 0 ? 0 : 1;
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
