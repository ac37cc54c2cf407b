/* cmd_sweep.c - `cybernorms sweep FILE ...`: runs a sweep design into a
 * results store and prints its what-if table.
 *
 * The engine (cn_sweep_run.h) runs the batches, resumes and shards; this
 * command reads the arguments, works out the plan (replications, batch,
 * precision, shard, threads), chooses the table's metrics, opens the
 * store (fresh, resumed or replaced), draws the progress, catches the
 * signals and says what happened.
 *
 * One writer at a time: the store's lock file (STORE.lock, cn_outfile.h)
 * is held from before the store is opened until it is closed, so a second
 * sweep into the same store is refused while the first runs.  A store of
 * another sweep file (two files giving their scenarios the same name
 * share the default results/<name>.sqlite) is never replaced.
 *
 * Signals (cn_cmdline.h): the first HUP, INT, QUIT or TERM sets the stop
 * flag, which the runner polls, also inside a replication; the batch in
 * flight is dropped (resuming runs it again, identically), every batch
 * committed before stays, and the command prints how to resume and exits
 * with 128 + the signal.  Under MPI the batch in flight is finished and
 * committed instead.  Progress is drawn by the engine's callback (under
 * the runner's lock) into a context owned by this command; no static is
 * touched there.
 *
 * MPI (cn_mpi.h): under mpirun or srun with several ranks, rank 0 runs the
 * sweep and the other ranks are the engine's workers; they print nothing.
 */
#define _XOPEN_SOURCE 700 /* realpath (the sweep file's full path) */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cn_cli.h"
#include "cn_cmdline.h"
#include "cn_error.h"
#include "cn_metrics.h"
#include "cn_mpi.h"
#include "cn_outfile.h"
#include "cn_output.h"
#include "cn_progress.h"
#include "cn_runner.h"
#include "cn_scenario.h"
#include "cn_runs.h"
#include "cn_store.h"
#include "cn_suggest.h"
#include "cn_sweep.h"
#include "cn_sweep_run.h"
#include "cn_whatif.h"

#define PROG CN_CMDLINE_PROG
#define SWEEP_PATH 1024
#define DEFAULT_CAP 100000L
#define DRY_RUN_SAMPLE 200L
#define PRECISION_BATCH 250L /* default batch with --precision: finer steps */
#define PROGRESS_LINE_S 10.0 /* seconds between progress lines under MPI */

typedef struct {
    const char *file, *db, *metrics, *shard;
    long replications, max_replications;
    int threads;
    double precision;
    int dry_run, resume, keep_runs, quiet, no_progress, help;
    cn_cmdline_sets sets; /* --set and --seed, in order */
} sweep_args;

#define V "a value"
static const cn_cmdline_option options[] = {
    {"--replications", V, 0}, {"--threads", V, 0},  {"--db", V, 0},
    {"--dry-run", NULL, 0},   {"--precision", V, 0}, {"--max-replications", V, 0},
    {"--metrics", V, 0},      {"--resume", NULL, 0}, {"--keep-runs", NULL, 0},
    {"--shard", V, 0},        {"--quiet", NULL, 0},  {"--no-progress", NULL, 0},
    {"--set", V, 0},          {"--seed", V, 0},      {"--help", NULL, 0},
    {"-h", NULL, 0},
};
#undef V

/* CN_OK (a->help set for --help), or CN_EINPUT with d filled. */
static int parse_args(int argc, char **argv, sweep_args *a, cn_diag *d)
{
    memset(a, 0, sizeof *a);
    a->threads = -1;
    cn_cmdline c;
    cn_cmdline_init(&c, "sweep", options, (int)(sizeof options / sizeof options[0]),
                    CN_CMDLINE_EQUALS | CN_CMDLINE_DASH, argc, argv, 1);
    cn_cmdline_arg arg;
    int rc;
    while ((rc = cn_cmdline_next_option(&c, &arg, &a->file, &a->help, d)) == CN_OK
           && arg.text != NULL) {
        const char *value = arg.text;
        long v;
        if (cn_cmdline_is(&arg, "--replications")) {
            if ((rc = cn_cmdline_long_option(&c, "--replications", value, 1, CN_MAX_REPLICATIONS,
                                             &v, d)) != CN_OK)
                return rc;
            a->replications = v;
        } else if (cn_cmdline_is(&arg, "--max-replications")) {
            if ((rc = cn_cmdline_long_option(&c, "--max-replications", value, 1,
                                             CN_MAX_REPLICATIONS, &v, d)) != CN_OK)
                return rc;
            a->max_replications = v;
        } else if (cn_cmdline_is(&arg, "--threads")) {
            if ((rc = cn_cmdline_long_option(&c, "--threads", value, 0, CN_MAX_THREADS, &v, d))
                != CN_OK)
                return rc;
            a->threads = (int)v;
        } else if (cn_cmdline_is(&arg, "--precision")) {
            char *end;
            errno = 0;
            double p = strtod(value, &end);
            if (errno != 0 || end == value || *end != '\0' || !(p > 0.0 && p < 1.0))
                return cn_cmdline_error(&c, d, "--precision: expected a 95%% interval width in "
                                        "(0, 1), e.g. 0.02, got '%s'", value);
            a->precision = p;
        } else if (cn_cmdline_is(&arg, "--db")) {
            if (value[0] == '\0')
                return cn_cmdline_error(&c, d, "--db: expected a file name");
            a->db = value;
        } else if (cn_cmdline_is(&arg, "--metrics")) {
            a->metrics = value;
        } else if (cn_cmdline_is(&arg, "--shard")) {
            a->shard = value;
        } else if (cn_cmdline_is(&arg, "--dry-run")) {
            a->dry_run = 1;
        } else if (cn_cmdline_is(&arg, "--resume")) {
            a->resume = 1;
        } else if (cn_cmdline_is(&arg, "--keep-runs")) {
            a->keep_runs = 1;
        } else if (cn_cmdline_is(&arg, "--quiet")) {
            a->quiet = 1;
        } else if (cn_cmdline_is(&arg, "--no-progress")) {
            a->no_progress = 1;
        } else if (cn_cmdline_is(&arg, "--seed")) {
            if ((rc = cn_cmdline_sets_seed(&c, &a->sets, value, d)) != CN_OK)
                return rc;
        } else if (cn_cmdline_is(&arg, "--set")) {
            if ((rc = cn_cmdline_sets_add(&c, &a->sets, value, d)) != CN_OK)
                return rc;
        }
    }
    if (rc == CN_OK && !a->help && a->file == NULL)
        return cn_cmdline_error(&c, d, "a scenario FILE with a sweep group is needed");
    return rc;
}

/* ---- progress ------------------------------------------------------------ */

typedef struct {
    int enabled;
    int lines; /* MPI rank 0: a plain line every PROGRESS_LINE_S (stderr is a pipe) */
    cn_sweep_counts c;
    double t0, t_draw;
    int last_len;
} progress;

static void progress_draw(progress *g, int final)
{
    if (!g->enabled)
        return;
    double t = cn_cmdline_now(), el = t - g->t0;
    if (!final && t - g->t_draw < (g->lines ? PROGRESS_LINE_S : 0.1))
        return;
    g->t_draw = t;
    char bar[31], eta[32], line[256];
    double frac = g->c.runs_total > 0 ? (double)g->c.runs_done / (double)g->c.runs_total : 1.0;
    if (frac > 1.0)
        frac = 1.0;
    int fill = (int)(frac * 30);
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, '.', (size_t)(30 - fill));
    bar[30] = '\0';
    double rate = el > 0 ? (double)g->c.runs_done / el : 0.0;
    if (final)
        cn_progress_format_eta(el, eta, sizeof eta);
    else
        cn_progress_format_eta(g->c.runs_done > 0 ? el * (double)(g->c.runs_total - g->c.runs_done)
                                                      / (double)g->c.runs_done
                                                : NAN,
                               eta, sizeof eta);
    if (g->lines) {
        fprintf(stderr, "%d/%d points  %ld/%ld runs  %.0f runs/s  %s %s\n", g->c.points_done,
                g->c.points_total, g->c.runs_done, g->c.runs_total, rate, final ? "in" : "ETA", eta);
        fflush(stderr);
        return;
    }
    int len = snprintf(line, sizeof line, "\r[%s] %d/%d points  %ld/%ld runs  %.0f runs/s  %s %s",
                       bar, g->c.points_done, g->c.points_total, g->c.runs_done, g->c.runs_total, rate,
                       final ? "in" : "ETA", eta);
    int padn = g->last_len > len ? g->last_len - len : 0;
    fprintf(stderr, "%s%*s", line, padn, "");
    if (final)
        fputc('\n', stderr);
    fflush(stderr);
    g->last_len = len;
}

/* The engine's counts (cn_sweep_run_opts.on_progress). */
static void on_progress(void *ctx, const cn_sweep_counts *c)
{
    progress *g = ctx;
    g->c = *c;
    progress_draw(g, 0);
}

/* ---- the command ------------------------------------------------------------ */

typedef struct {
    sweep_args a;
    cn_scenario *s;       /* the scenario as written (with --set and --seed) */
    const cn_scenario *base_s; /* the baseline point's scenario (base_x) */
    cn_sweep_scenario base_x;
    cn_sweep *sw;
    cn_metrics_layout L;
    int have_L;
    char *text, *sweep_text, *plan, *metrics;
    char *sweep_file;     /* realpath of the sweep file (NULL: not resolved) */
    size_t text_len, sweep_len;
    int *cols, n_cols;
    cn_store_meta meta;   /* what identifies the results (points into the above) */
    char scen_hash[32], sweep_hash[32], shard[48];
    cn_store *store;
    char db[SWEEP_PATH];
    double precision;     /* --precision, else the sweep's; 0: fixed replications */
    long reps, batch, cap; /* fixed: reps; precision: cap */
    int threads, shard_i, shard_n;
    cn_outfile_lock *lock; /* the store's, from before it is opened until closed */
    /* MPI (cn_mpi.h): NULL in a single process */
    cn_mpi *mpi;
    int rank, ranks, agreed;
} sweep_state;

static void state_free(sweep_state *r)
{
    cn_cmdline_release_stop();
    cn_store_close(r->store);
    cn_outfile_lock_release(r->lock); /* after the store is closed */
    free(r->cols);
    free(r->text);
    free(r->sweep_text);
    free(r->plan);
    free(r->sweep_file);
    free(r->metrics);
    if (r->have_L)
        cn_metrics_layout_free(&r->L);
    cn_sweep_scenario_free(&r->base_x);
    cn_sweep_free(r->sw);
    cn_scenario_free(r->s);
}

/* Appends s to buf at *k, after a comma unless first; buf was sized by the
 * caller as 1 + the sum of strlen(name) + 1 over the names it joins. */
static void append_csv(char *buf, size_t *k, const char *s, int first)
{
    size_t len = strlen(s);
    if (!first)
        buf[(*k)++] = ',';
    memcpy(buf + *k, s, len);
    *k += len;
    buf[*k] = '\0';
}

/* Chosen columns: --metrics, the sweep's metrics, or the default. */
static int choose_metrics(sweep_state *r)
{
    r->cols = malloc((size_t)(r->L.n + CN_SWEEP_MAX_METRICS + 4) * sizeof *r->cols);
    if (r->cols == NULL)
        return cn_cmdline_fail(NULL, CN_ENOMEM, NULL);
    const char **names = malloc((size_t)r->L.n * sizeof *names);
    if (names == NULL)
        return cn_cmdline_fail(NULL, CN_ENOMEM, NULL);
    for (int j = 0; j < r->L.n; j++)
        names[j] = r->L.m[j].name;
    int ex = 0;
    if (r->a.metrics != NULL || r->sw->n_metrics > 0) {
        char *copy = NULL;
        if (r->a.metrics != NULL) {
            size_t len = strlen(r->a.metrics) + 1;
            copy = malloc(len);
            if (copy != NULL)
                memcpy(copy, r->a.metrics, len);
        } else {
            size_t len = 1;
            for (int i = 0; i < r->sw->n_metrics; i++)
                len += strlen(r->sw->metrics[i]) + 1;
            copy = calloc(1, len);
            size_t k = 0;
            for (int i = 0; copy != NULL && i < r->sw->n_metrics; i++)
                append_csv(copy, &k, r->sw->metrics[i], i == 0);
        }
        if (copy == NULL) {
            free(names);
            return cn_cmdline_fail(NULL, CN_ENOMEM, NULL);
        }
        char *save = NULL;
        r->n_cols = 0;
        int i = 0;
        for (char *tok = strtok_r(copy, ", ", &save); tok != NULL && ex == 0;
             tok = strtok_r(NULL, ", ", &save), i++) {
            int j = cn_metrics_find(&r->L, tok);
            if (j < 0) {
                const char *best = cn_suggest(tok, names, (size_t)r->L.n);
                char where[640];
                if (r->a.metrics != NULL)
                    snprintf(where, sizeof where, "--metrics");
                else
                    snprintf(where, sizeof where, "%s:%d: setting 'sweep.metrics.%d'", r->sw->file,
                             r->sw->line, i);
                fprintf(stderr, PROG ": %s: unknown metric '%s'%s%s%s\n", where, tok,
                        best != NULL ? " (did you mean '" : "", best != NULL ? best : "",
                        best != NULL ? "'?)" : "");
                ex = 2;
            } else if (r->n_cols < r->L.n + CN_SWEEP_MAX_METRICS) {
                r->cols[r->n_cols++] = j;
            }
        }
        free(copy);
        if (ex == 0 && r->n_cols == 0) {
            fprintf(stderr, PROG ": --metrics: expected metric names, e.g. OEWG.adopted\n");
            ex = 2;
        }
    } else {
        int treaty[CN_MAX_FORUMS] = {0};
        for (int f = 0; f < r->base_s->n_forums && f < CN_MAX_FORUMS; f++)
            treaty[f] = r->base_s->forums[f].output == CN_OUTPUT_TREATY;
        r->n_cols = cn_whatif_default_metrics(&r->L, treaty, r->cols);
    }
    free(names);
    if (ex != 0)
        return ex;
    size_t len = 1;
    for (int c = 0; c < r->n_cols; c++)
        len += strlen(r->L.m[r->cols[c]].name) + 1;
    r->metrics = calloc(1, len);
    if (r->metrics == NULL)
        return cn_cmdline_fail(NULL, CN_ENOMEM, NULL);
    size_t k = 0;
    for (int c = 0; c < r->n_cols; c++)
        append_csv(r->metrics, &k, r->L.m[r->cols[c]].name, c == 0);
    return 0;
}

static void print_resume(const sweep_state *r)
{
    fprintf(stderr, "to continue: " PROG " sweep %s --resume", r->a.file);
    for (int i = 0; i < r->a.sets.n; i++) {
        const char *v = r->a.sets.v[i];
        if (strncmp(v, "run.seed=", 9) == 0 && v == r->a.sets.seed)
            fprintf(stderr, " --seed %s", v + 9);
        else
            fprintf(stderr, " --set '%s'", v);
    }
    if (r->a.replications > 0)
        fprintf(stderr, " --replications %ld", r->a.replications);
    if (r->a.precision > 0)
        fprintf(stderr, " --precision %.17g", r->a.precision);
    if (r->a.max_replications > 0)
        fprintf(stderr, " --max-replications %ld", r->a.max_replications);
    if (r->a.metrics != NULL)
        fprintf(stderr, " --metrics %s", r->a.metrics);
    if (r->a.keep_runs)
        fprintf(stderr, " --keep-runs");
    if (r->a.db != NULL)
        fprintf(stderr, " --db %s", r->a.db);
    if (r->a.shard != NULL)
        fprintf(stderr, " --shard %s", r->a.shard);
    fputc('\n', stderr);
}

static int dry_run(sweep_state *r)
{
    const cn_sweep *sw = r->sw;
    int owned_n = 0;
    for (int p = 0; p < sw->n_points; p++)
        owned_n += cn_sweep_shard_owns(p, r->shard_i, r->shard_n);
    printf("%s: %s design, %d point%s", r->s->name, cn_sweep_design_name(sw->design),
           sw->n_points, sw->n_points == 1 ? "" : "s");
    if (r->shard_n > 1)
        printf(" (shard %d/%d: %d of them)", r->shard_i, r->shard_n, owned_n);
    if (r->precision > 0)
        printf(", replications per point: batches of %ld until every probability's 95%% "
               "interval is narrower than %g, at most %ld\n", r->batch, r->precision, r->cap);
    else
        printf(", %ld replications per point (batches of %ld)\n", r->reps, r->batch);
    printf("baseline: %s%s\n", sw->points[sw->baseline].name,
           sw->points[sw->baseline].n_sets == 0 ? " (the scenario as written)" : "");
    int wname = 5;
    for (int p = 0; p < sw->n_points; p++)
        if ((int)strlen(sw->points[p].name) > wname)
            wname = (int)strlen(sw->points[p].name);
    printf("\n  %-*s  overrides\n", wname, "point");
    for (int p = 0; p < sw->n_points; p++) {
        if (!cn_sweep_shard_owns(p, r->shard_i, r->shard_n))
            continue;
        printf("  %-*s ", wname, sw->points[p].name);
        if (sw->points[p].n_sets == 0)
            printf(" (none)");
        for (int j = 0; j < sw->points[p].n_sets; j++)
            printf(" %s", sw->points[p].sets[j]);
        printf("\n");
    }
    long runs = (long)owned_n * r->cap;
    /* time a few replications of the baseline */
    long n = r->cap < DRY_RUN_SAMPLE ? r->cap : DRY_RUN_SAMPLE;
    cn_runner_opts o = {.replications = n, .threads = r->threads, .seed = r->s->run.seed,
                        .generator = r->s->run.generator};
    double t0 = cn_cmdline_now();
    int rc = cn_runner_run(r->base_s, &r->L, &o, NULL);
    double el = cn_cmdline_now() - t0;
    if (rc != CN_OK)
        return cn_cmdline_fail(NULL, rc, NULL);
    double rate = el > 0 ? (double)n / el : 0.0;
    char eta[32];
    cn_progress_format_eta(rate > 0 ? (double)runs / rate : NAN, eta, sizeof eta);
    printf("\n%s%ld runs; estimated time %s%s on %d thread%s (%.0f runs/s measured on %ld "
           "baseline replications)\n",
           r->precision > 0 ? "at most " : "", runs, r->precision > 0 ? "at most " : "", eta,
           r->threads, r->threads == 1 ? "" : "s", rate, n);
    return 0; /* main checks standard output (main.c) */
}

static int remove_store(const char *path)
{
    char side[SWEEP_PATH + 8];
    snprintf(side, sizeof side, "%s-wal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", path);
    remove(side);
    return remove(path) == 0 || errno == ENOENT ? CN_OK : CN_EIO;
}

/* Takes the store's lock (STORE.lock): one writer at a time; exit status
 * on failure. */
static int lock_store(sweep_state *r)
{
    char path[SWEEP_PATH + 8];
    snprintf(path, sizeof path, "%s.lock", r->db);
    cn_diag d;
    cn_diag_clear(&d);
    int rc = cn_outfile_lock_take(path, r->db, &r->lock, &d);
    if (rc == CN_OK)
        return 0;
    cn_cmdline_fail(NULL, rc, &d);
    if (rc == CN_EINPUT)
        fprintf(stderr, "(a second sweep, or --resume, while it runs would mix their batches)\n");
    return cn_exit_code(rc);
}

/* 0 when the store at r->db may hold this sweep's results: it is not a
 * store of another sweep file (which would be replaced, e.g. two files
 * whose scenarios have the same name, sharing results/<name>.sqlite);
 * exit status 2 otherwise. */
static int same_sweep_file(sweep_state *r, const cn_store_meta *m)
{
    char *file = NULL;
    if (cn_store_meta_get(r->store, "sweep_file", &file) != CN_OK)
        return cn_cmdline_fail(NULL, CN_EIO, NULL);
    int other = file != NULL && file[0] != '\0' && m->sweep_file != NULL
                && strcmp(file, m->sweep_file) != 0;
    if (other)
        fprintf(stderr, PROG ": %s holds the sweep of %s, not of %s (%s): it is left alone; give "
                        "this sweep its own store with --db PATH, or remove that one\n",
                r->db, file, r->a.file,
                r->a.db == NULL ? "their scenarios have the same name" : "another sweep file");
    free(file);
    return other ? 2 : 0;
}

/* Opens the store, with its lock held: fresh, resumed, or replaced; exit
 * status on failure. */
static int open_store(sweep_state *r)
{
    const cn_store_meta *m = &r->meta;
    cn_diag d;
    cn_diag_clear(&d);
    struct stat sb;
    int exists = stat(r->db, &sb) == 0;
    int fresh = 1, rc, ex;
    if ((ex = lock_store(r)) != 0)
        return ex;
    if (exists) {
        rc = cn_store_open(r->db, CN_STORE_WRITE, &r->store, &fresh, &d);
        if (rc != CN_OK)
            return cn_cmdline_fail(NULL, rc, &d);
        if (!fresh) {
            if ((ex = same_sweep_file(r, m)) != 0)
                return ex;
            int same = cn_store_check(r->store, m, &d) == CN_OK;
            int done = 0, total = 0;
            if (cn_store_progress(r->store, &done, &total) != CN_OK)
                return cn_cmdline_fail(NULL, CN_EIO, NULL);
            int complete = done == total;
            if (r->a.resume && !same)
                return cn_cmdline_fail(NULL, CN_EINPUT, &d);
            if (!r->a.resume) {
                if (!complete) {
                    fprintf(stderr, PROG ": %s holds an unfinished sweep (%d of %d points); "
                                    "%s, or remove the store to start over\n",
                            r->db, done, total,
                            same ? "continue it with --resume" : "it is not this sweep");
                    return 2;
                }
                cn_store_close(r->store);
                r->store = NULL;
                if (remove_store(r->db) != CN_OK) {
                    fprintf(stderr, PROG ": cannot replace %s: %s\n", r->db, strerror(errno));
                    return 1;
                }
            }
        }
    } else if (r->a.resume && !r->a.quiet) {
        fprintf(stderr, PROG ": %s: nothing to resume; starting the sweep\n", r->db);
    }
    if (r->store == NULL) {
        rc = cn_store_open(r->db, CN_STORE_CREATE, &r->store, &fresh, &d);
        if (rc != CN_OK)
            return cn_cmdline_fail(NULL, rc, &d);
    }
    if (fresh) {
        rc = cn_store_init(r->store, m, r->sw, &r->L, &d);
        if (rc != CN_OK)
            return cn_cmdline_fail(NULL, rc, &d);
    }
    return 0;
}

static int print_table(const sweep_state *r)
{
    cn_store_table *t = NULL;
    cn_diag d;
    cn_diag_clear(&d);
    int rc = cn_store_read_table(r->store, r->metrics, &t, &d);
    if (rc != CN_OK)
        return cn_cmdline_fail(NULL, rc, &d);
    cn_whatif_table view = *cn_store_table_get(t);
    cn_runs_spread spread;
    if (cn_runs_input_spread(r->store, r->db, &view, &view.input_group, &spread) == CN_OK) {
        view.input_sd = spread.sd;
        view.input_share = spread.share;
        view.mc_se = spread.mc;
    }
    rc = cn_whatif_write(stdout, &view, CN_WHATIF_TEXT, cn_cmdline_columns(100));
    cn_runs_spread_free(&spread);
    cn_store_table_free(t);
    if (rc != CN_OK || fflush(stdout) != 0)
        return cn_cmdline_fail(NULL, rc != CN_OK ? rc : CN_EIO, NULL);
    return 0;
}

const char cn_cmd_sweep_help[] =
    "usage: " PROG " sweep FILE [options]\n"
    "\n"
    "Runs the sweep design in FILE's `sweep = { ... }` group (grid, oat, sobol,\n"
    "list, saltelli or morris; docs/sweeps.md): every point is the scenario\n"
    "with a few --set overrides or named levers, run with the same random\n"
    "streams per replication (common random numbers), so differences from\n"
    "the baseline are paired; uncertain parameters (`uncertain`, with\n"
    "run.uncertainty \"all\") are drawn per input group, the same at every\n"
    "point.  Results go to a SQLite store, a transaction per batch; the\n"
    "what-if table is printed at the end, with Sobol indices (saltelli) or\n"
    "Morris measures (morris), and with --keep-runs the spread due to the\n"
    "uncertain inputs apart from Monte Carlo noise (more formats, scenario\n"
    "discovery with --prim, charts: " PROG " export).\n"
    "\n"
    "options:\n"
    "  --replications N      replications per point (default: sweep.replications,\n"
    "                        else run.replications)\n"
    "  --precision P         add batches to each point until every chosen\n"
    "                        probability's 95% interval is narrower than P\n"
    "  --max-replications N  cap with --precision (default 100000)\n"
    "  --metrics LIST        table columns, e.g. OEWG.adopted,world.binding\n"
    "  --threads N           threads (0 = all cores; default run.threads)\n"
    "  --set KEY=VALUE       override a setting of the scenario as written, before\n"
    "                        every point's own (repeatable; as `run`)\n"
    "  --seed N              master seed (run.seed), N >= 0\n"
    "  --db PATH             the store (default results/<scenario>.sqlite; a store\n"
    "                        of another sweep file is never replaced)\n"
    "  --resume              continue an interrupted sweep in the store\n"
    "  --keep-runs           also store every replication's metrics\n"
    "  --shard i/N           run only points p with p mod N == i (0 <= i < N);\n"
    "                        default from SLURM_ARRAY_TASK_ID/_COUNT (and _MIN)\n"
    "  --dry-run             print the points, the runs and an estimated time\n"
    "  --quiet               print nothing but errors\n"
    "  --no-progress         no progress bar\n"
    "\n"
    "Ctrl-C stops within a second: every finished batch is saved (the one in\n"
    "flight is run again on --resume, identically) and the --resume command is\n"
    "printed.  One sweep at a time writes a store (a lock file beside it).\n"
    "Exit status: 0 ok, 1 runtime failure, 2 bad input, 130 interrupted.\n"
    "\n"
    "Built with MPI (make MPI=1) and started by mpirun or srun with several\n"
    "ranks, rank 0 hands out (point, batch) units to the others and writes the\n"
    "store, which is the same as one process writes (docs/cluster.md).\n";

/* Shard from --shard or the SLURM array variables; exit status on error. */
static int pick_shard(sweep_state *r)
{
    r->shard_i = 0;
    r->shard_n = 1;
    if (r->a.shard != NULL) {
        if (cn_sweep_parse_shard(r->a.shard, &r->shard_i, &r->shard_n) != CN_OK)
            return cn_cmdline_usage_error("sweep", "--shard: expected i/N with 0 <= i < N, "
                                          "e.g. 0/4, got '%s'", r->a.shard);
        return 0;
    }
    const char *id = getenv("SLURM_ARRAY_TASK_ID"), *count = getenv("SLURM_ARRAY_TASK_COUNT");
    if (id == NULL || count == NULL)
        return 0;
    const char *mn = getenv("SLURM_ARRAY_TASK_MIN");
    long i, n, lo = 0;
    if (cn_cmdline_long(id, 0, INT_MAX, &i) != CN_OK
        || cn_cmdline_long(count, 1, CN_SWEEP_MAX_POINTS, &n) != CN_OK
        || (mn != NULL && cn_cmdline_long(mn, 0, INT_MAX, &lo) != CN_OK) || i - lo < 0
        || i - lo >= n) {
        fprintf(stderr, PROG ": sweep: SLURM_ARRAY_TASK_ID=%s, SLURM_ARRAY_TASK_COUNT=%s%s%s: "
                        "not a task of the array (use --shard i/N)\n",
                id, count, mn != NULL ? ", SLURM_ARRAY_TASK_MIN=" : "", mn != NULL ? mn : "");
        return 2;
    }
    r->shard_i = (int)(i - lo);
    r->shard_n = (int)n;
    return 0;
}

/* After the stop flag was set: says what is saved and how to resume;
 * 128 + the signal. */
static int interrupted(const sweep_state *r, const progress *prog)
{
    if (prog->enabled && !prog->lines)
        fputc('\n', stderr);
    fprintf(stderr, PROG ": interrupted: every finished batch is saved in %s\n", r->db);
    print_resume(r);
    return cn_cmdline_stop_status();
}

/* The plan: replications (or the cap and the precision), batch and
 * threads, from the options, the sweep and the scenario; exit status. */
static int make_plan(sweep_state *r)
{
    const cn_sweep *sw = r->sw;
    r->precision = r->a.precision > 0 ? r->a.precision : sw->precision;
    r->reps = r->a.replications > 0 ? r->a.replications
             : sw->replications > 0 ? sw->replications
                                    : r->s->run.replications;
    if (r->precision > 0) {
        r->batch = sw->batch > 0 ? sw->batch : PRECISION_BATCH;
        r->cap = r->a.max_replications > 0 ? r->a.max_replications
                : sw->max_replications > 0 ? sw->max_replications
                                           : DEFAULT_CAP;
        if (r->cap < r->batch)
            r->batch = r->cap;
    } else {
        if (r->a.max_replications > 0)
            return cn_cmdline_usage_error("sweep",
                                          "--max-replications caps a sweep with --precision");
        r->batch = sw->batch > 0 ? sw->batch : CN_SWEEP_DEFAULT_BATCH;
        if (r->batch > r->reps)
            r->batch = r->reps;
        r->cap = r->reps;
    }
    r->threads = r->a.threads >= 0 ? r->a.threads : r->s->run.threads;
    if (r->threads == 0)
        r->threads = cn_runner_cores();
    return 0;
}

/* The scenario, its design, the shard and the plan, the baseline point
 * and the metrics; exit status. */
static int set_up(sweep_state *r)
{
    cn_diag d;
    int ex = cn_cmdline_load(NULL, r->a.file, r->a.sets.v, r->a.sets.n, &r->s);
    if (ex != 0)
        return ex;
    int rc = cn_sweep_make(r->s, &r->sw, &d);
    if (rc != CN_OK)
        return cn_cmdline_fail(NULL, rc, &d);
    if (r->s->sweep->keep_runs)
        r->a.keep_runs = 1; /* the file's keep_runs = true, as --keep-runs */
    cn_sweep_set_base(r->sw, r->a.sets.v, r->a.sets.n);
    if ((ex = pick_shard(r)) != 0 || (ex = make_plan(r)) != 0)
        return ex;
    if ((rc = cn_sweep_check(r->sw, r->s, &d)) != CN_OK)
        return cn_cmdline_fail(NULL, rc, &d);
    if ((rc = cn_sweep_point_scenario(r->sw, r->sw->baseline, &r->base_x, &d)) != CN_OK)
        return cn_cmdline_fail(NULL, rc, &d);
    r->base_s = r->base_x.s;
    if ((rc = cn_metrics_layout_init(r->base_s, &r->L)) != CN_OK)
        return cn_cmdline_fail(NULL, rc, NULL);
    r->have_L = 1;
    return choose_metrics(r);
}

/* What identifies the results in the store: the resolved scenario, the
 * design and the plan, their hashes, the shard and the sweep file's full
 * path (a store of another file is never replaced); exit status. */
static int identify(sweep_state *r)
{
    FILE *m;
    /* into memory, a failure of either is a failure to allocate */
    cn_scenario bare = *r->s; /* the design is identified by sweep_text, not here */
    bare.sweep = NULL;
    if (cn_output_scenario_text(&bare, &r->text, &r->text_len) != CN_OK
        || (m = open_memstream(&r->sweep_text, &r->sweep_len)) == NULL)
        return cn_cmdline_fail(NULL, CN_ENOMEM, NULL);
    int rc = cn_sweep_write(r->sw, m);
    if (fclose(m) != 0 || rc != CN_OK)
        return cn_cmdline_fail(NULL, CN_ENOMEM, NULL);
    cn_sweep_plan pl = {
        .seed = r->s->run.seed,
        .generator = r->s->run.generator,
        .replications = r->cap,
        .batch = r->batch,
        .precision = r->precision,
        .precision_metrics = r->metrics,
        .keep_runs = r->a.keep_runs,
    };
    if ((r->plan = cn_sweep_plan_text(&pl)) == NULL)
        return cn_cmdline_fail(NULL, CN_ENOMEM, NULL);
    snprintf(r->scen_hash, sizeof r->scen_hash, "%016llx", cn_output_hash(r->text, r->text_len));
    snprintf(r->sweep_hash, sizeof r->sweep_hash, "%016llx",
             cn_sweep_plan_hash(r->text, r->text_len, r->sweep_text, r->sweep_len, r->plan));
    r->sweep_file = realpath(r->a.file, NULL);
    if (r->shard_n > 1)
        snprintf(r->shard, sizeof r->shard, "%d/%d", r->shard_i, r->shard_n);
    r->meta = (cn_store_meta){
        .version = CN_VERSION,
        .scenario_name = r->s->name,
        .description = r->s->description,
        .scenario_hash = r->scen_hash,
        .sweep_hash = r->sweep_hash,
        .scenario_text = r->text,
        .sweep_text = r->sweep_text,
        .plan = r->plan,
        .design = cn_sweep_design_name(r->sw->design),
        .generator = r->s->run.generator,
        .seed = r->s->run.seed,
        .metrics = r->metrics,
        .keep_runs = r->a.keep_runs,
        .shard = r->shard,
        .sweep_file = r->sweep_file != NULL ? r->sweep_file : r->a.file,
    };
    return 0;
}

/* The store's name: --db, else results/<scenario name>[.shard-i-of-N].sqlite;
 * exit status. */
static int name_store(sweep_state *r)
{
    if (r->a.db != NULL) {
        if (strlen(r->a.db) >= sizeof r->db)
            return cn_cmdline_usage_error("sweep", "--db: name too long");
        snprintf(r->db, sizeof r->db, "%s", r->a.db);
        return 0;
    }
    if (r->s->name[0] == '\0' || strchr(r->s->name, '/') != NULL || r->s->name[0] == '.') {
        fprintf(stderr, PROG ": %s: scenario name '%s' cannot name a store; use --db PATH\n",
                r->a.file, r->s->name);
        return 2;
    }
    if (cn_output_mkdirs("results") != CN_OK) {
        fprintf(stderr, PROG ": cannot create results/: %s\n", strerror(errno));
        return 1;
    }
    if (r->shard_n > 1)
        snprintf(r->db, sizeof r->db, "results/%.900s.shard-%d-of-%d.sqlite", r->s->name,
                 r->shard_i, r->shard_n);
    else
        snprintf(r->db, sizeof r->db, "results/%.900s.sqlite", r->s->name);
    return 0;
}

/* The engine's options for this sweep (prog NULL: no progress). */
static cn_sweep_run_opts engine_opts(const sweep_state *r, progress *prog)
{
    return (cn_sweep_run_opts){
        .file = r->a.file,
        .s = r->s,
        .baseline = r->base_s,
        .L = &r->L,
        .replications = r->cap,
        .batch = r->batch,
        .precision = r->precision,
        .cols = r->cols,
        .n_cols = r->n_cols,
        .threads = r->threads,
        .shard_i = r->shard_i,
        .shard_n = r->shard_n,
        .stop = cn_cmdline_stop_flag(),
        .mpi = r->mpi,
        .on_progress = prog != NULL ? on_progress : NULL,
        .ctx = prog,
    };
}

/* An MPI worker: once every rank is ready, runs what rank 0 hands out. */
static int mpi_worker(sweep_state *r)
{
    int worst = 0, who = 0;
    r->agreed = 1;
    if (cn_mpi_agree(r->mpi, 0, &worst, &who) != CN_OK)
        return 1;
    if (worst != 0)
        return 0; /* rank `who` could not start: it says why */
    cn_sweep_run_opts o = engine_opts(r, NULL);
    return cn_exit_code(cn_sweep_run_worker(r->sw, &o, r->mpi));
}

/* Every rank ready?  (a worker that could not load what rank 0 did) */
static int mpi_ready(sweep_state *r)
{
    int worst = 0, who = 0;
    r->agreed = 1;
    if (cn_mpi_agree(r->mpi, 0, &worst, &who) != CN_OK || worst != 0) {
        fprintf(stderr, PROG ": sweep: MPI rank %d could not set up the sweep (exit status "
                        "%d); run it alone to see why\n", who, worst);
        return worst != 0 ? worst : 1;
    }
    return 0;
}

/* What the engine said when it failed: a failed write of the store says
 * how to resume. */
static int engine_failed(const sweep_state *r, const progress *prog, int rc,
                         const cn_sweep_run_result *res, const cn_diag *d)
{
    if (!res->resumable)
        return cn_cmdline_fail(NULL, rc, d);
    if (prog->enabled && !prog->lines)
        fputc('\n', stderr);
    int ex = cn_cmdline_fail(NULL, rc, d);
    print_resume(r);
    return ex;
}

/* The table and where it is (--quiet: nothing). */
static int report(const sweep_state *r, progress *prog, double el)
{
    int ex;
    progress_draw(prog, 1);
    if (r->a.quiet)
        return 0;
    if ((ex = print_table(r)) != 0)
        return ex;
    fprintf(stderr, "store: %s%s; other formats: " PROG " export %s --format md|csv|tex|html\n",
            r->db, r->shard_n > 1 ? " (one shard: combine with " PROG " merge)" : "", r->db);
    if (r->mpi != NULL)
        fprintf(stderr, "%ld runs in %.2f s on %d MPI workers x %d thread%s\n",
                prog->c.runs_done, el, r->ranks - 1, r->threads, r->threads == 1 ? "" : "s");
    else
        fprintf(stderr, "%ld runs in %.2f s on %d thread%s\n", prog->c.runs_done, el,
                r->threads, r->threads == 1 ? "" : "s");
    return 0;
}

/* A single process or MPI rank 0: the store, the engine, the table. */
static int run_sweep(sweep_state *r)
{
    int ex;
    if ((ex = identify(r)) != 0 || (ex = name_store(r)) != 0 || (ex = open_store(r)) != 0)
        return ex;
    progress prog;
    memset(&prog, 0, sizeof prog);
    /* under MPI stderr reaches the terminal through mpirun: plain lines */
    prog.lines = r->mpi != NULL && !isatty(STDERR_FILENO);
    prog.enabled = !r->a.quiet && !r->a.no_progress && (isatty(STDERR_FILENO) || prog.lines);
    prog.t0 = cn_cmdline_now();
    cn_cmdline_catch_stop(); /* an interruption is noticed, not fatal */
    if (r->mpi != NULL && (ex = mpi_ready(r)) != 0)
        return ex;
    cn_sweep_run_opts o = engine_opts(r, &prog);
    cn_sweep_run_result res;
    cn_diag d;
    double t0 = cn_cmdline_now();
    int rc = cn_sweep_run(r->sw, r->store, &o, &res, &d);
    double el = cn_cmdline_now() - t0;
    prog.c = res.counts;
    if (rc != CN_OK)
        return engine_failed(r, &prog, rc, &res, &d);
    if (res.stopped)
        return interrupted(r, &prog);
    return report(r, &prog, el);
}

static int sweep_command(sweep_state *r, int argc, char **argv)
{
    cn_diag d;
    if (parse_args(argc, argv, &r->a, &d) != CN_OK)
        return cn_cmdline_usage("sweep", &d);
    if (r->a.help) {
        fputs(cn_cmd_sweep_help, stdout);
        return 0; /* main checks standard output (main.c) */
    }
    int ex = set_up(r);
    if (ex != 0)
        return ex;
    if (r->a.dry_run)
        return r->rank == 0 ? dry_run(r) : 0;
    return r->rank > 0 ? mpi_worker(r) : run_sweep(r);
}

/* Ranks > 0 print nothing: rank 0 speaks for the job. */
static int silence(int *saved_out, int *saved_err)
{
    fflush(stdout);
    fflush(stderr);
    int null = open("/dev/null", O_WRONLY);
    *saved_out = dup(STDOUT_FILENO);
    *saved_err = dup(STDERR_FILENO);
    if (null < 0 || *saved_out < 0 || *saved_err < 0 || dup2(null, STDOUT_FILENO) < 0
        || dup2(null, STDERR_FILENO) < 0) {
        if (null >= 0)
            close(null);
        return CN_EIO;
    }
    close(null);
    return CN_OK;
}

static void unsilence(int saved_out, int saved_err)
{
    fflush(stdout);
    fflush(stderr);
    if (saved_out >= 0) {
        dup2(saved_out, STDOUT_FILENO);
        close(saved_out);
    }
    if (saved_err >= 0) {
        dup2(saved_err, STDERR_FILENO);
        close(saved_err);
    }
}

int cn_cmd_sweep(int argc, char **argv)
{
    sweep_state r;
    memset(&r, 0, sizeof r);
    int saved_out = -1, saved_err = -1;
    /* under mpirun/srun with several ranks: rank 0 runs the sweep, the rest
     * are workers; otherwise (one rank, or no launcher) the single process */
    if (cn_mpi_start(&r.mpi, &r.rank, &r.ranks) != CN_OK) {
        fprintf(stderr, PROG ": sweep: MPI could not start\n");
        return 1;
    }
    if (r.ranks < 2) {
        cn_mpi_end(r.mpi);
        r.mpi = NULL;
        r.rank = 0;
    }
    if (r.rank > 0 && silence(&saved_out, &saved_err) != CN_OK) {
        unsilence(saved_out, saved_err);
        saved_out = saved_err = -1;
    }
    int ex = sweep_command(&r, argc, argv);
    if (r.mpi != NULL && !r.agreed) {
        /* failed (or finished: help, dry run) before the run: tell the others */
        int worst = 0, who = 0;
        cn_mpi_agree(r.mpi, ex, &worst, &who);
    }
    state_free(&r);
    unsilence(saved_out, saved_err);
    cn_mpi_end(r.mpi);
    return ex;
}
