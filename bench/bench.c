/* bench.c - `make bench`: replications per second and peak memory.
 *
 * Measures the default scenario (scenarios/default.cfg, as shipped and
 * with 12 sessions per forum) and synthetic worlds of 25 .. 1,000 states
 * on 2 and 4 dimensions, with 1 and 2 threads, and writes a Markdown
 * report (bench/results.md) with the machine and the commit.
 *
 * Synthetic worlds are generated here, as scenario text, from a fixed
 * seed (SplitMix64), and loaded through the ordinary loader so every
 * default applies: states with random ideals (a Western camp near 0.15,
 * an information-security camp near 0.85, the rest undecided), UN groups
 * in turn, five veto holders, three blocs (two camps and an African
 * regional bloc), a campaign of the information-security camp for the
 * undecided, a Budapest-like regime, an all-member consensus forum with a
 * footnote budget and a rival draft, and a GGE-style forum of 25 drawn
 * seats; 12 sessions per forum.
 *
 * Timing is inside the process: each configuration runs in a forked child
 * (so its peak resident memory, getrusage's ru_maxrss, is its own), which
 * loads the scenario, warms up, then times cn_runner_run (statistics on,
 * no per-row output, as `run` without runs.csv) a few times on the
 * monotonic clock.  Loading and start-up are excluded; the runner's own
 * set-up (a world per thread, thread creation) is included.  The child
 * sends its figures back through a pipe.
 *
 * Usage: bench [--quick] [--out FILE] [--scenario FILE]... [--mem-reps N]
 *              [--memory-only]
 *        (--mem-reps: replications of the default scenario in the memory
 *        check, default 200000; also run with N / 10; --memory-only: only
 *        the memory check)
 *        bench --emit STATES DIMS   (prints a synthetic scenario and exits)
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cn_error.h"
#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_rng.h"
#include "cn_runner.h"
#include "cn_scenario.h"
#include "cn_stats.h"
#include "cn_sweep.h"

#define BENCH_SEED 20240601u
#define BENCH_SESSIONS 12
#define BENCH_MAX_REPEATS 5
#define BENCH_MAX_CASES 64

/* A growing string for the generated scenarios. */
typedef struct {
    char *p;
    size_t len, cap;
} sbuf;

static int sb_printf(sbuf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = b->cap - b->len;
        int k = vsnprintf(b->p != NULL ? b->p + b->len : NULL, room, fmt, ap);
        va_end(ap);
        if (k < 0)
            return -1;
        if ((size_t)k < room) {
            b->len += (size_t)k;
            return 0;
        }
        size_t cap = b->cap ? 2 * b->cap : 4096;
        while (cap - b->len <= (size_t)k)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (q == NULL)
            return -1;
        b->p = q;
        b->cap = cap;
    }
}

/* Uniform [0, 1) from a SplitMix64 stream. */
static double unif(uint64_t *state)
{
    *state += 1;
    return (double)(cn_rng_splitmix64(*state) >> 11) * 0x1.0p-53;
}

static double clamp01(double v)
{
    return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
}

static void sb_vec(sbuf *b, const double *v, int d)
{
    sb_printf(b, "[");
    for (int k = 0; k < d; k++)
        sb_printf(b, "%s%.4f", k ? ", " : "", v[k]);
    sb_printf(b, "]");
}

/* The synthetic scenario of n states on d dimensions, as libconfig text
 * (caller frees); NULL on out of memory. */
static char *synthetic(int n, int d)
{
    static const char *const groups[5] = {"African", "APG", "EEG", "GRULAC", "WEOG"};
    static const char *const dim_names[4] = {"scope", "form", "dual_use", "privacy"};
    uint64_t rs = BENCH_SEED ^ ((uint64_t)n << 20) ^ (uint64_t)d;
    sbuf b = {0};
    unsigned char *camp = malloc((size_t)n);
    if (camp == NULL)
        return NULL;
    sb_printf(&b, "name = \"synthetic-%d-%dd\";\ndimensions = (", n, d);
    for (int k = 0; k < d; k++)
        sb_printf(&b, "%s{ name = \"%s\"; }", k ? ", " : "", dim_names[k]);
    sb_printf(&b, ");\nforum_defaults = { sessions = %d; };\nstates = (\n", BENCH_SESSIONS);
    for (int i = 0; i < n; i++) {
        double u = unif(&rs), ideal[4], sal[4];
        camp[i] = u < 0.4 ? 1 : (u < 0.6 ? 2 : 0); /* 1 West, 2 InfoSec, 0 undecided */
        for (int k = 0; k < d; k++) {
            double centre = camp[i] == 1 ? 0.15 : (camp[i] == 2 ? 0.85 : 0.5);
            double spread = camp[i] == 0 ? 0.4 : 0.2;
            ideal[k] = clamp01(centre + spread * (unif(&rs) - 0.5));
            sal[k] = 0.5 + unif(&rs);
        }
        double cu = unif(&rs);
        sb_printf(&b, "  { code = \"S%04d\"; group = \"%s\"; ideal = ", i, groups[i % 5]);
        sb_vec(&b, ideal, d);
        sb_printf(&b, "; salience = ");
        sb_vec(&b, sal, d);
        sb_printf(&b, "; capability = %.3f; stubbornness = %.3f; veto = %s; }%s\n",
                  1.0 + 49.0 * cu * cu * cu, 0.5 + 0.4 * unif(&rs), i < 5 ? "true" : "false",
                  i + 1 < n ? "," : "");
    }
    sb_printf(&b, ");\nblocs = (\n");
    static const char *const camp_names[3] = {"", "West", "InfoSec"};
    for (int c = 1; c <= 2; c++) {
        sb_printf(&b, "  { name = \"%s\"; camp = true; members = [", camp_names[c]);
        int first = 1;
        for (int i = 0; i < n; i++)
            if (camp[i] == c) {
                sb_printf(&b, "%s\"S%04d\"", first ? "" : ", ", i);
                first = 0;
            }
        if (first) /* never empty: state c - 1 joins */
            sb_printf(&b, "\"S%04d\"", c - 1);
        sb_printf(&b, "]; },\n");
    }
    sb_printf(&b, "  { name = \"Africa\"; members = [");
    for (int i = 0; i < n; i += 5)
        sb_printf(&b, "%s\"S%04d\"", i ? ", " : "", i);
    sb_printf(&b, "]; }\n);\n");
    sb_printf(&b, "campaigns = ( { name = \"Aid\"; bloc = \"InfoSec\"; } );\n");
    double rt[4] = {0.2, 0.9, 0.3, 0.3}, rv[4] = {0.9, 0.9, 0.8, 0.8};
    sb_printf(&b, "regimes = ( { name = \"Budapest\"; binding = true; parties = [\"West\"]; text = ");
    sb_vec(&b, rt, d);
    sb_printf(&b, "; } );\nforums = (\n  { name = \"OEWG\"; members = \"all\"; footnotes = 3;\n"
                  "    rivals = ( { bloc = \"InfoSec\"; from_session = 3; text = ");
    sb_vec(&b, rv, d);
    sb_printf(&b, "; } ); },\n  { name = \"GGE\"; draw = %d; }\n);\n", n < 25 ? n : 25);
    free(camp);
    return b.p;
}

typedef struct {
    char label[64];
    const char *file;          /* scenario file, or NULL: text */
    char *text;                /* generated scenario (owned) */
    const char *sets[4];
    int n_sets;
    int states, dims, threads; /* states, dims filled by the child */
    long fixed_reps;           /* > 0: run exactly this many, once (memory check) */
} bench_case;

/* What a child reports. */
typedef struct {
    int ok;
    int states, actors, dims, rounds, repeats;
    long reps;                 /* replications per timed repeat */
    double rate[BENCH_MAX_REPEATS]; /* replications per second, per repeat */
    double cpu_rate[BENCH_MAX_REPEATS]; /* replications per CPU-second, per repeat */
    double cpu_share;          /* CPU time / (wall time x threads), last repeat */
    long maxrss_kb;
} bench_result;

static double now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int run_reps(const cn_scenario *s, const cn_metrics_layout *L, cn_stats *st, long reps,
                    int threads, double *wall, double *cpu)
{
    cn_runner_opts o = {0};
    o.replications = reps;
    o.threads = threads;
    o.seed = s->run.seed;
    o.generator = s->run.generator;
    cn_stats_reset(st);
    double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    int rc = cn_runner_run(s, L, &o, st);
    *wall = now(CLOCK_MONOTONIC) - t0;
    *cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    return rc;
}

/* The child's work: measure case c into *out. */
static void measure(const bench_case *c, double target_s, int repeats, bench_result *out)
{
    memset(out, 0, sizeof *out);
    cn_scenario *s = NULL;
    cn_diag dg;
    int rc = c->file != NULL ? cn_load_scenario(c->file, c->sets, c->n_sets, &s, &dg)
                             : cn_load_scenario_string(c->text, c->label, NULL, c->sets,
                                                       c->n_sets, &s, &dg);
    if (rc != CN_OK) {
        char buf[2048];
        fprintf(stderr, "bench: %s: %s\n", c->label, cn_diag_format(&dg, buf, sizeof buf));
        return;
    }
    cn_metrics_layout L;
    cn_stats *st = NULL;
    if (cn_metrics_layout_init(s, &L) != CN_OK) {
        cn_scenario_free(s);
        return;
    }
    st = cn_stats_alloc(&L);
    if (st == NULL)
        goto done;
    out->states = s->n_states;
    out->actors = s->n_states + s->n_stakeholders;
    out->dims = s->n_dims;
    out->rounds = cn_scenario_rounds(s);
    double wall, cpu;
    long reps = c->fixed_reps;
    if (reps <= 0) {
        /* warm up and calibrate: grow until a run takes 5% of the target */
        long w = 4L * c->threads;
        for (;;) {
            if (run_reps(s, &L, st, w, c->threads, &wall, &cpu) != CN_OK)
                goto done;
            if (wall >= 0.05 * target_s || w >= 100000000L / 16)
                break;
            w *= 4;
        }
        reps = (long)(target_s * (double)w / wall);
        long floor_reps = 8L * c->threads;
        if (reps < floor_reps)
            reps = floor_reps;
    } else
        repeats = 1;
    out->reps = reps;
    for (int k = 0; k < repeats; k++) {
        if (run_reps(s, &L, st, reps, c->threads, &wall, &cpu) != CN_OK)
            goto done;
        out->rate[k] = (double)reps / wall;
        out->cpu_rate[k] = (double)reps / cpu;
        out->cpu_share = cpu / (wall * c->threads);
    }
    if (cn_stats_count(st) != reps)
        goto done;
    out->repeats = repeats;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    out->maxrss_kb = ru.ru_maxrss;
    out->ok = 1;
done:
    cn_stats_free(st);
    cn_metrics_layout_free(&L);
    cn_scenario_free(s);
}

/* Runs measure() in a child process; 0 ok. */
static int measure_forked(const bench_case *c, double target_s, int repeats, bench_result *out)
{
    int fd[2];
    memset(out, 0, sizeof *out);
    if (pipe(fd) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        close(fd[0]);
        bench_result r;
        measure(c, target_s, repeats, &r);
        ssize_t k = write(fd[1], &r, sizeof r);
        close(fd[1]);
        _exit(k == (ssize_t)sizeof r && r.ok ? 0 : 1);
    }
    close(fd[1]);
    size_t got = 0;
    while (got < sizeof *out) {
        ssize_t k = read(fd[0], (char *)out + got, sizeof *out - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return got == sizeof *out && out->ok ? 0 : -1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of(const double *rate, int n, double *lo, double *hi)
{
    double v[BENCH_MAX_REPEATS];
    memcpy(v, rate, (size_t)n * sizeof *v);
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    *lo = v[0];
    *hi = v[n - 1];
    return v[n / 2];
}

static double median_rate(const bench_result *r, double *lo, double *hi)
{
    double v[BENCH_MAX_REPEATS];
    memcpy(v, r->rate, sizeof v);
    qsort(v, (size_t)r->repeats, sizeof *v, cmp_double);
    *lo = v[0];
    *hi = v[r->repeats - 1];
    return v[r->repeats / 2];
}

/* Slope of log(y) on log(x) by least squares. */
static double loglog_slope(const double *x, const double *y, int n)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        double a = log(x[i]), b = log(y[i]);
        sx += a;
        sy += b;
        sxx += a * a;
        sxy += a * b;
    }
    double den = n * sxx - sx * sx;
    return den != 0.0 ? (n * sxy - sx * sy) / den : NAN;
}

static void read_line(const char *cmd, char *buf, size_t size)
{
    snprintf(buf, size, "unknown");
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return;
    if (fgets(buf, (int)size, p) == NULL)
        snprintf(buf, size, "unknown");
    buf[strcspn(buf, "\n")] = '\0';
    if (buf[0] == '\0')
        snprintf(buf, size, "unknown");
    pclose(p);
}

static void cpu_model(char *buf, size_t size)
{
    snprintf(buf, size, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f == NULL)
        return;
    char line[512];
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "model name", 10) == 0) {
            char *p = strchr(line, ':');
            if (p != NULL) {
                p += 1 + strspn(p + 1, " \t");
                p[strcspn(p, "\n")] = '\0';
                snprintf(buf, size, "%s", p);
            }
            break;
        }
    fclose(f);
}

static void loadavg(char *buf, size_t size)
{
    snprintf(buf, size, "unknown");
    FILE *f = fopen("/proc/loadavg", "r");
    if (f == NULL)
        return;
    double a, b, c;
    if (fscanf(f, "%lf %lf %lf", &a, &b, &c) == 3)
        snprintf(buf, size, "%.2f %.2f %.2f", a, b, c);
    fclose(f);
}

/* Both to stdout and to the report. */
static void out2(FILE *md, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    if (md != NULL) {
        va_start(ap, fmt);
        vfprintf(md, fmt, ap);
        va_end(ap);
    }
}

/* ---- sweep validation ------------------------------------------------------------- */

#define SWEEP_GRID "bench/sweep-10000.cfg"
#define SWEEP_LIST "bench/sweep-list-1536.tmp.cfg" /* written and removed here */

/* The 1,536-point list design of the analyst (8 x 4 x 4 x 6 x 2
 * points, six overrides each, a bloc among them) on the world of
 * SWEEP_GRID, written next to it (its includes are relative). */
static int write_list_design(void)
{
    FILE *in = fopen(SWEEP_GRID, "r");
    if (in == NULL)
        return -1;
    char line[1024];
    FILE *out = fopen(SWEEP_LIST, "w");
    if (out == NULL) {
        fclose(in);
        return -1;
    }
    while (fgets(line, sizeof line, in) != NULL && strncmp(line, "sweep = {", 9) != 0)
        fputs(strncmp(line, "name = ", 7) == 0 ? "name = \"bench-sweep-list\";\n" : line, out);
    fclose(in);
    fputs("sweep = {\n  design = \"list\";\n  replications = 10;\n  points = (\n", out);
    static const double beta[] = {16, 18, 20, 22, 24, 26, 28, 30}, rate[] = {0.1, 0.3, 0.5, 0.7},
                        att[] = {0.1, 0.4, 0.7, 1.0}, form[] = {0.2, 0.4, 0.6, 0.8, 0.9, 1.0},
                        shame[] = {0.0, 0.3};
    int n = 0;
    for (int a = 0; a < 8; a++)
        for (int b = 0; b < 4; b++)
            for (int c = 0; c < 4; c++)
                for (int e = 0; e < 6; e++)
                    for (int f = 0; f < 2; f++)
                        fprintf(out, "%s    { name = \"p%d\"; set = [\"model.beta=%.1f\", "
                                     "\"events.incident_rate=%.1f\", \"events.attribution=%.1f\", "
                                     "\"events.shame=%.1f\", \"states.USA.ideal.form=%.1f\", "
                                     "\"blocs.EU.ideal.form=%.1f\"]; }",
                                n > 0 ? ",\n" : "", n + 1, beta[a], rate[b], att[c], shame[f],
                                form[e], form[e]),
                            n++;
    fputs("\n  );\n};\n", out);
    return fclose(out) == 0 ? 0 : -1;
}

/* Seconds (wall) to make and check every point of path's sweep design
 * (cn_sweep_make, cn_sweep_check: what `sweep --dry-run` does besides
 * loading the file once and timing a few baseline replications); the
 * median of `repeats`.  -1 on failure. */
static double sweep_check_seconds(const char *path, int repeats, int *points)
{
    cn_scenario *s = NULL;
    cn_diag d;
    if (cn_load_scenario(path, NULL, 0, &s, &d) != CN_OK) {
        fprintf(stderr, "bench: %s: %s\n", path, d.msg);
        return -1;
    }
    double t[5] = {0};
    int rc = CN_OK;
    for (int r = 0; r < repeats && r < 5 && rc == CN_OK; r++) {
        double t0 = now(CLOCK_MONOTONIC);
        cn_sweep *sw = NULL;
        rc = cn_sweep_make(s, &sw, &d);
        if (rc == CN_OK)
            rc = cn_sweep_check(sw, s, &d);
        t[r] = now(CLOCK_MONOTONIC) - t0;
        *points = sw != NULL ? sw->n_points : 0;
        cn_sweep_free(sw);
    }
    cn_scenario_free(s);
    if (rc != CN_OK) {
        fprintf(stderr, "bench: %s: %s\n", path, d.msg);
        return -1;
    }
    qsort(t, (size_t)(repeats < 5 ? repeats : 5), sizeof t[0], cmp_double);
    return t[(repeats < 5 ? repeats : 5) / 2];
}

static int sweep_section(FILE *md, int repeats)
{
    out2(md, "\n## Sweep validation\n\nWall time to make and check every point of a sweep "
             "design (cn_sweep_make, cn_sweep_check: what `sweep --dry-run` and the start of a "
             "sweep do after loading the file once), median of %d. A point whose overrides are "
             "all plain settings (cn_param.h) is checked by reading and range-checking each "
             "value, without loading the file again.\n\n| design | points | seconds |\n"
             "|---|---:|---:|\n", repeats);
    int failures = 0, points = 0;
    double g = sweep_check_seconds(SWEEP_GRID, repeats, &points);
    if (g < 0)
        failures++;
    else
        out2(md, "| %s (grid, 4 factors x 10 levels) | %d | %.3f |\n", SWEEP_GRID, points, g);
    if (write_list_design() != 0) {
        fprintf(stderr, "bench: cannot write %s\n", SWEEP_LIST);
        return failures + 1;
    }
    double l = sweep_check_seconds(SWEEP_LIST, repeats, &points);
    remove(SWEEP_LIST);
    if (l < 0)
        failures++;
    else
        out2(md, "| list, six overrides a point, one a bloc's (written by bench.c) | %d | "
                 "%.3f |\n", points, l);
    return failures;
}

int main(int argc, char **argv)
{
    int quick = 0;
    long mem_big = 0;
    int memory_only = 0;
    const char *out_path = "bench/results.md";
    const char *extra[8];
    int n_extra = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            quick = 1;
        else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out_path = argv[++i];
        else if (strcmp(argv[i], "--scenario") == 0 && i + 1 < argc && n_extra < 8)
            extra[n_extra++] = argv[++i];
        else if (strcmp(argv[i], "--memory-only") == 0)
            memory_only = 1;
        else if (strcmp(argv[i], "--mem-reps") == 0 && i + 1 < argc)
            mem_big = atol(argv[++i]);
        else if (strcmp(argv[i], "--emit") == 0 && i + 2 < argc) {
            /* print a synthetic scenario (for profiling with the CLI) */
            int n = atoi(argv[i + 1]), d = atoi(argv[i + 2]);
            if (n < 2 || n > CN_MAX_STATES || d < 1 || d > 4) {
                fprintf(stderr, "bench: --emit STATES(2..%d) DIMS(1..4)\n", CN_MAX_STATES);
                return 2;
            }
            char *text = synthetic(n, d);
            if (text == NULL)
                return 1;
            fputs(text, stdout);
            free(text);
            return 0;
        }
        else {
            fprintf(stderr, "usage: bench [--quick] [--out FILE] [--scenario FILE]... [--mem-reps N] [--memory-only] | "
                            "--emit STATES DIMS\n");
            return 2;
        }
    }
    const double target = quick ? 0.2 : 1.0;   /* seconds per timed repeat */
    const int repeats = quick ? 1 : 3;
    static const int full_sizes[] = {25, 50, 100, 193, 400, 1000};
    static const int quick_sizes[] = {25, 193};
    const int *sizes = quick ? quick_sizes : full_sizes;
    int n_sizes = quick ? 2 : 6;
    int n_dims_list = quick ? 1 : 2;
    static const int dims_list[] = {2, 4};

    static bench_case cases[BENCH_MAX_CASES];
    int nc = 0;
    for (int t = 1; t <= 2; t++) {
        bench_case *c = &cases[nc++];
        snprintf(c->label, sizeof c->label, "default.cfg");
        c->file = "scenarios/default.cfg";
        c->threads = t;
    }
    /* the cost of the position draws (run.uncertainty, docs/model.md 13):
     * the default draws every state's anchor once per input group */
    for (int t = 1; t <= 2; t++) {
        bench_case *c = &cases[nc++];
        snprintf(c->label, sizeof c->label, "default.cfg, uncertainty none");
        c->file = "scenarios/default.cfg";
        c->sets[0] = "run.uncertainty=none";
        c->n_sets = 1;
        c->threads = t;
    }
    for (int t = 1; t <= 2; t++) {
        bench_case *c = &cases[nc++];
        snprintf(c->label, sizeof c->label, "default.cfg, 12 sessions");
        c->file = "scenarios/default.cfg";
        c->sets[0] = "forum_defaults.sessions=12";
        c->sets[1] = "forums.OEWG.sessions=12";
        c->sets[2] = "forums.GGE.sessions=12";
        c->n_sets = 3;
        c->threads = t;
    }
    for (int e = 0; e < n_extra; e++)
        for (int t = 1; t <= 2; t++) {
            bench_case *c = &cases[nc++];
            snprintf(c->label, sizeof c->label, "%s", extra[e]);
            c->file = extra[e];
            c->threads = t;
        }
    int first_synth = nc;
    for (int di = 0; di < n_dims_list; di++)
        for (int si = 0; si < n_sizes; si++)
            for (int t = 1; t <= 2; t++) {
                bench_case *c = &cases[nc++];
                snprintf(c->label, sizeof c->label, "synthetic");
                c->states = sizes[si];
                c->dims = dims_list[di];
                c->threads = t;
                c->text = synthetic(sizes[si], dims_list[di]);
                if (c->text == NULL) {
                    fprintf(stderr, "bench: out of memory\n");
                    return 1;
                }
            }
    int n_synth_end = nc;
    /* memory: does the peak grow with the number of replications? */
    int mem_first = nc;
    long mem_reps[2] = {quick ? 2000L : 20000L, quick ? 20000L : 200000L};
    if (mem_big > 0) {
        mem_reps[0] = mem_big / 10;
        mem_reps[1] = mem_big;
    }
    for (int k = 0; k < 2; k++) {
        bench_case *c = &cases[nc++];
        snprintf(c->label, sizeof c->label, "default.cfg");
        c->file = "scenarios/default.cfg";
        c->threads = 2;
        c->fixed_reps = mem_reps[k];
    }
    int big = 193;
    for (int k = 0; k < 2; k++) {
        bench_case *c = &cases[nc++];
        snprintf(c->label, sizeof c->label, "synthetic");
        c->states = big;
        c->dims = 2;
        c->threads = 2;
        c->fixed_reps = quick ? 200L * (k ? 10 : 1) : 2000L * (k ? 10 : 1);
        c->text = synthetic(big, 2);
        if (c->text == NULL)
            return 1;
    }

    FILE *md = fopen(out_path, "w");
    if (md == NULL) {
        fprintf(stderr, "bench: cannot write %s: %s\n", out_path, strerror(errno));
        return 1;
    }
    char cpu[256], commit[64], nproc[32], load0[64], load1[64], date[64];
    cpu_model(cpu, sizeof cpu);
    read_line("git rev-parse --short HEAD 2>/dev/null", commit, sizeof commit);
    read_line("git status --porcelain --untracked-files=no 2>/dev/null | head -1", date,
              sizeof date);
    int dirty = strcmp(date, "unknown") != 0;
    snprintf(nproc, sizeof nproc, "%d", cn_runner_cores());
    loadavg(load0, sizeof load0);
    time_t tt = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&tt));

    out2(md, "# Benchmark%s\n\n", quick ? " (quick)" : "");
    out2(md, "Written by `make bench%s` (bench/bench.c). Times are taken inside the process "
             "(loading excluded), statistics on, no runs.csv.\n\n",
         quick ? " BENCH_QUICK=1" : "");
    out2(md, "- machine: %s cores, %s\n- commit: %s%s\n- date: %s\n- load average at start: %s\n"
             "- each figure: median of %d timed runs of about %.1f s (range in brackets)\n\n",
         nproc, cpu, commit, dirty ? " (with uncommitted changes)" : "", date, load0, repeats,
         target);
    out2(md, "| scenario | states | dims | threads | reps/s [range] | reps/s per core | "
             "reps per CPU-s | ns per actor-round | CPU use | peak RSS MB |\n");
    out2(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    fflush(md);

    static bench_result res[BENCH_MAX_CASES];
    int failures = 0;
    for (int i = 0; i < (memory_only ? 0 : mem_first); i++) {
        bench_case *c = &cases[i];
        if (measure_forked(c, target, repeats, &res[i]) != 0) {
            fprintf(stderr, "bench: %s (%d states, %d threads) failed\n", c->label, c->states,
                    c->threads);
            failures++;
            continue;
        }
        bench_result *r = &res[i];
        double lo, hi, med = median_rate(r, &lo, &hi);
        double clo, chi, cpu_med = median_of(r->cpu_rate, r->repeats, &clo, &chi);
        double ns = 1e9 / cpu_med / ((double)r->actors * r->rounds);
        out2(md, "| %s | %d | %d | %d | %.0f [%.0f-%.0f] | %.0f | %.0f | %.1f | %.0f%% | %.1f |\n",
             c->label, r->states, r->dims, c->threads, med, lo, hi, med / c->threads, cpu_med,
             ns, 100.0 * r->cpu_share, (double)r->maxrss_kb / 1024.0);
        fflush(stdout);
        fflush(md);
    }
    out2(md, "\nreps/s per core = reps/s / threads. reps per CPU-s = replications per "
             "second of process CPU time (less sensitive than wall time to other processes "
             "on the machine). ns per actor-round = CPU time per replication / (actors x "
             "rounds); every actor updates once per round and each forum sits once per round "
             "(12 rounds for 12 sessions). CPU use = process CPU time / (wall time x threads): "
             "below 100%% the threads waited (for the runner's lock, or for other processes "
             "sharing the cores).\n\n");

    /* growth with world size: fit time per replication ~ n^a (1 thread) */
    out2(md, "## Growth with world size\n\nCPU time per replication (1 thread) against states n, "
             "synthetic worlds: exponent a of a least-squares fit of log(time) on log(n), "
             "overall and between neighbouring sizes.\n\n");
    out2(md, "| dims | a (all sizes) | local exponents |\n|---:|---:|---|\n");
    for (int di = 0; di < n_dims_list; di++) {
        double x[8], y[8];
        int m = 0;
        for (int i = first_synth; i < n_synth_end; i++) {
            const bench_case *c = &cases[i];
            if (c->dims != dims_list[di] || c->threads != 1 || !res[i].ok)
                continue;
            double lo, hi;
            x[m] = c->states;
            y[m] = 1.0 / median_of(res[i].cpu_rate, res[i].repeats, &lo, &hi);
            m++;
        }
        if (m < 2)
            continue;
        out2(md, "| %d | %.2f | ", dims_list[di], loglog_slope(x, y, m));
        for (int k = 1; k < m; k++)
            out2(md, "%s%.0f-%.0f: %.2f", k > 1 ? ", " : "", x[k - 1], x[k],
                 loglog_slope(x + k - 1, y + k - 1, 2));
        out2(md, " |\n");
    }

    out2(md, "\n## Memory against replications\n\nPeak resident memory of a process that "
             "loads the scenario and runs the replications with statistics (no runs.csv), "
             "2 threads.\n\n| scenario | states | replications | peak RSS MB | reps/s |\n"
             "|---|---:|---:|---:|---:|\n");
    for (int i = mem_first; i < nc; i++) {
        bench_case *c = &cases[i];
        if (measure_forked(c, target, 1, &res[i]) != 0) {
            fprintf(stderr, "bench: memory check %s failed\n", c->label);
            failures++;
            continue;
        }
        out2(md, "| %s | %d | %ld | %.1f | %.0f |\n", c->label, res[i].states, res[i].reps,
             (double)res[i].maxrss_kb / 1024.0, res[i].rate[0]);
        fflush(md);
    }
    failures += sweep_section(md, repeats);
    loadavg(load1, sizeof load1);
    out2(md, "\nLoad average at the end: %s. The machine may be shared: compare the ranges "
             "and the CPU use before reading small differences.\n", load1);
    fclose(md);
    for (int i = 0; i < nc; i++)
        free(cases[i].text);
    printf("\nwritten: %s\n", out_path);
    return failures ? 1 : 0;
}
