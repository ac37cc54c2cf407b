/* report.c - a self-contained HTML report of a run (cn_report.h).
 *
 * Reads scenario.cfg (cn_load) and streams runs.csv into fixed-size
 * histograms, re-runs replication 0 with a trace hook for positions and
 * per-session votes (cn_narrate_replay), narrates it, and writes one HTML
 * file with inline SVG (cn_svg) through an atomic file.  Single-threaded;
 * never draws random numbers except through that re-run.
 */
#include "cn_report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_narrate.h"
#include "cn_outfile.h"
#include "cn_output.h"
#include "cn_scenario.h"
#include "cn_schema.h"
#include "cn_stats.h"
#include "cn_store.h"
#include "cn_svg.h"
#include "cn_whatif.h"
#include "cn_world.h"

#define RP_PATH 4096
#define RP_REAL_BINS 400        /* fine bins of a real column over [lo, hi] */
#define RP_MAX_COUNT_BINS 4096  /* integers lo .. lo + 4095 */
#define RP_BARS 20              /* bars drawn per histogram, at most */
#define RP_FONT 18.0            /* chart text, px */
#define RP_OTHER "#777777"      /* states in no camp */
#define RP_LABELS 40            /* states named on the plane, at most (the most capable) */

/* One column of runs.csv. */
typedef struct {
    long n, missing, ones;
    double min, max, sum;
    int nbins;
    double blo, bhi;            /* range of the bins */
    long *bins;
} column;

/* What replication 0 showed. */
typedef struct {
    int started;
    double *x0, *x1;            /* na*d: start and end positions */
    int n_sessions[CN_MAX_FORUMS];
    int *votes;                 /* [forum][session][3]: support, abstain, object */
    int adopted_session[CN_MAX_FORUMS];
    int members[CN_MAX_FORUMS];
    int adopted[CN_MAX_FORUMS];                 /* at the end */
    double texts[CN_MAX_FORUMS * CN_MAX_DIMS]; /* at the end: [forum][dim] */
} trace_rec;

typedef struct {
    cn_scenario *s;
    cn_metrics_layout L;
    int have_layout;
    column *col;
    char seed[64], reps[64], hash[64];
    long rows;
    trace_rec tr;
    char *story;
    size_t story_len;
} report;

/* ---- runs.csv ---------------------------------------------------------- */

static int col_init(column *c, const cn_metric *m)
{
    c->min = INFINITY;
    c->max = -INFINITY;
    if (m->kind == CN_METRIC_REAL) {
        c->nbins = RP_REAL_BINS;
        c->blo = m->lo;
        c->bhi = m->hi > m->lo ? m->hi : m->lo + 1.0;
    } else {
        double span = m->hi - m->lo + 1.0;
        c->nbins = span < 1.0 ? 1 : span > RP_MAX_COUNT_BINS ? RP_MAX_COUNT_BINS : (int)span;
        c->blo = m->lo;
        c->bhi = m->lo + c->nbins;
    }
    c->bins = calloc((size_t)c->nbins, sizeof *c->bins);
    return c->bins != NULL ? CN_OK : CN_ENOMEM;
}

static void col_add(column *c, const cn_metric *m, double v)
{
    if (isnan(v)) {
        c->missing++;
        return;
    }
    c->n++;
    c->sum += v;
    if (v < c->min)
        c->min = v;
    if (v > c->max)
        c->max = v;
    if (m->kind == CN_METRIC_BINARY && v > 0.5)
        c->ones++;
    int b;
    if (m->kind == CN_METRIC_REAL)
        b = (int)floor((v - c->blo) / (c->bhi - c->blo) * c->nbins);
    else
        b = (int)floor(v - c->blo + 0.5);
    if (b < 0)
        b = 0;
    if (b >= c->nbins)
        b = c->nbins - 1;
    c->bins[b]++;
}

/* The next comma-separated field of *p (NUL-terminated in place); NULL
 * after the last. */
static char *next_field(char **p)
{
    char *t = *p;
    if (t == NULL)
        return NULL;
    char *c = strchr(t, ',');
    if (c != NULL) {
        *c = '\0';
        *p = c + 1;
    } else {
        *p = NULL;
    }
    return t;
}

/* "# key: value" header lines worth showing. */
static void header_line(report *rp, const char *line)
{
    struct { const char *key; char *dst; } keys[] = {
        {"# seed: ", rp->seed}, {"# replications: ", rp->reps}, {"# scenario-hash: ", rp->hash}};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        size_t n = strlen(keys[k].key);
        if (strncmp(line, keys[k].key, n) == 0) {
            snprintf(keys[k].dst, 64, "%.60s", line + n);
            keys[k].dst[strcspn(keys[k].dst, "\r\n")] = '\0';
        }
    }
}

static int read_runs(report *rp, const char *path, cn_diag *d)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return cn_diag_set(d, path, 0, NULL, "cannot read: %s (is this a run's folder?)",
                           strerror(errno));
    const cn_metrics_layout *L = &rp->L;
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0, have_columns = 0, rc = CN_OK;
    double *row = calloc((size_t)L->n, sizeof *row);
    if (row == NULL) {
        fclose(f);
        return CN_ENOMEM;
    }
    while (getline(&line, &cap, f) >= 0) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#') {
            header_line(rp, line);
            continue;
        }
        if (line[0] == '\0')
            continue;
        char *p = line;
        if (!have_columns) {
            /* replication, then the layout's names in order */
            int j = -1;
            char *t = next_field(&p);
            if (t == NULL || strcmp(t, "replication") != 0) {
                rc = cn_diag_set(d, path, lineno, NULL,
                                 "expected the column line 'replication,...'");
                break;
            }
            while ((t = next_field(&p)) != NULL) {
                if (++j >= L->n || strcmp(t, L->m[j].name) != 0) {
                    rc = cn_diag_set(d, path, lineno, NULL,
                                     "column '%s' does not match scenario.cfg (expected '%s')", t,
                                     j < L->n ? L->m[j].name : "no more columns");
                    break;
                }
            }
            if (rc == CN_OK && j + 1 != L->n)
                rc = cn_diag_set(d, path, lineno, NULL,
                                 "%d columns, but scenario.cfg has %d metrics", j + 1, L->n);
            if (rc != CN_OK)
                break;
            have_columns = 1;
            continue;
        }
        int j = -1;
        char *t;
        while ((t = next_field(&p)) != NULL) {
            if (j >= L->n) {
                j++;
                break;
            }
            if (j >= 0) {
                if (t[0] == '\0')
                    row[j] = NAN;
                else {
                    char *end;
                    errno = 0;
                    row[j] = strtod(t, &end);
                    if (*end != '\0' || errno != 0 || !isfinite(row[j])) {
                        rc = cn_diag_set(d, path, lineno, NULL, "column '%s': not a number: '%s'",
                                         L->m[j].name, t);
                        break;
                    }
                }
            }
            j++;
        }
        if (rc != CN_OK)
            break;
        if (j != L->n) {
            rc = cn_diag_set(d, path, lineno, NULL, "expected %d fields, got %d", L->n + 1, j + 1);
            break;
        }
        for (int c = 0; c < L->n; c++)
            col_add(&rp->col[c], &L->m[c], row[c]);
        rp->rows++;
    }
    if (rc == CN_OK && ferror(f))
        rc = cn_diag_set(d, path, 0, NULL, "read error");
    if (rc == CN_OK && !have_columns)
        rc = cn_diag_set(d, path, 0, NULL, "no column line: not a runs.csv");
    if (rc == CN_OK && rp->rows == 0)
        rc = cn_diag_set(d, path, 0, NULL, "no replications");
    free(line);
    free(row);
    fclose(f);
    return rc;
}

/* ---- replication 0 ----------------------------------------------------- */

static void rec_trace(void *ctx, const cn_world *w, const cn_trace_event *ev)
{
    trace_rec *t = ctx;
    size_t nx = (size_t)w->na * (size_t)w->d * sizeof(double);
    if (ev->kind == CN_TRACE_ROUND && !t->started) {
        memcpy(t->x0, w->x, nx);
        t->started = 1;
        for (int f = 0; f < w->s->n_forums; f++)
            t->members[f] = w->fs[f].n_members;
    } else if (ev->kind == CN_TRACE_VOTES && ev->session <= CN_MAX_SESSIONS) {
        const cn_forum_state *fs = &w->fs[ev->forum];
        int *v = t->votes + ((size_t)ev->forum * CN_MAX_SESSIONS + (size_t)(ev->session - 1)) * 3;
        v[0] = fs->supporters;
        v[1] = fs->abstainers;
        v[2] = fs->objectors;
        if (ev->session > t->n_sessions[ev->forum])
            t->n_sessions[ev->forum] = ev->session;
    } else if (ev->kind == CN_TRACE_ADOPTED) {
        t->adopted_session[ev->forum] = ev->session;
    } else if (ev->kind == CN_TRACE_END) {
        memcpy(t->x1, w->x, nx);
        for (int f = 0; f < w->s->n_forums; f++) {
            t->adopted[f] = w->fs[f].adopted;
            memcpy(t->texts + (size_t)f * CN_MAX_DIMS, w->fs[f].text,
                   (size_t)w->s->n_dims * sizeof(double));
        }
    }
}

/* ---- charts ------------------------------------------------------------ */

/* Camp of state i: index among the colour groups, -1 for none.  Groups are
 * the blocs marked camp; without any, the two poles; else none. */
static int colour_groups(const cn_scenario *s, int *groups)
{
    int n = 0;
    for (int b = 0; b < s->n_blocs && n < 7; b++)
        if (s->blocs[b].camp)
            groups[n++] = b;
    if (n == 0)
        for (int k = 0; k < 2; k++)
            if (s->poles[k] >= 0)
                groups[n++] = s->poles[k];
    return n;
}

static int group_of(const cn_scenario *s, const int *groups, int ng, int i)
{
    for (int g = 0; g < ng; g++) {
        const cn_bloc *b = &s->blocs[groups[g]];
        for (int m = 0; m < b->n_members; m++)
            if (b->members[m] == i)
                return g;
    }
    return -1;
}

/* A "nice" tick step for an axis from 0 to v in about n steps: 1, 2, 2.5
 * or 5 times a power of ten; *ticks gets the number of steps covering v. */
static double nice_step(double v, int n, int *ticks)
{
    if (!(v > 0.0))
        v = 1.0;
    double raw = v / n, p = pow(10.0, floor(log10(raw))), step = 10.0 * p;
    static const double mult[] = {1.0, 2.0, 2.5, 5.0};
    for (int k = 3; k >= 0; k--)
        if (mult[k] * p >= raw - 1e-12 * raw)
            step = mult[k] * p;
    *ticks = (int)ceil(v / step - 1e-9);
    if (*ticks < 1)
        *ticks = 1;
    return step;
}

/* The plane's legend, right of axes a: the camps' colours, the marks. */
static void chart_plane_legend(FILE *f, const cn_scenario *s, const cn_svg_axes *a,
                               const int *groups, int ng)
{
    double lx = a->x + a->w + 30, ly = a->y + 3 * RP_FONT;
    cn_svg_text(f, lx, ly, RP_FONT, "start", 1, "#000000", 0, "Camps");
    for (int g = 0; g <= ng; g++) {
        ly += 1.6 * RP_FONT;
        cn_svg_circle(f, lx + 8, ly - 6, 8, g < ng ? cn_svg_palette(g) : RP_OTHER, "#000000", 0.8);
        cn_svg_text(f, lx + 24, ly, RP_FONT, "start", 0, "#000000", 0,
                    g < ng ? s->blocs[groups[g]].name : "others");
    }
    ly += 2.2 * RP_FONT;
    cn_svg_circle(f, lx + 8, ly - 6, 7, "none", "#000000", 2.0);
    cn_svg_text(f, lx + 24, ly, RP_FONT, "start", 0, "#000000", 0, "start");
    ly += 1.6 * RP_FONT;
    cn_svg_circle(f, lx + 8, ly - 6, 7, "#000000", NULL, 0);
    cn_svg_text(f, lx + 24, ly, RP_FONT, "start", 0, "#000000", 0, "end");
    ly += 1.6 * RP_FONT;
    cn_svg_diamond(f, lx + 8, ly - 6, 10, "#F0E442", "#000000", 2.0);
    cn_svg_text(f, lx + 24, ly, RP_FONT, "start", 0, "#000000", 0, "adopted text");
}

/* 0 for the states a class knows first (veto holders, the G7, BRICS and a
 * few others a class meets in the scenarios), 1 for the rest. */
static int known_rank(const cn_scenario *s, int i)
{
    static const char *const known[] = {"USA", "CHN", "RUS", "GBR", "FRA", "DEU", "JPN", "IND",
                                        "BRA", "ZAF", "ITA", "CAN", "KEN", "EGY"};
    if (s->states[i].veto)
        return 0;
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        if (strcmp(s->states[i].code, known[k]) == 0)
            return 0;
    return 1;
}

/* The plane's labels: the states a class knows first (the veto holders,
 * the G7, BRICS and a few others), then the most capable, at most
 * RP_LABELS, none on top of another (right of the dot, else left, above,
 * below). */
static void plane_labels(FILE *f, const report *rp, const cn_svg_axes *a, int kx, int ky)
{
    const cn_scenario *s = rp->s;
    const int d = s->n_dims;
    int *order = malloc((size_t)s->n_states * sizeof *order);
    double *placed = malloc((size_t)s->n_states * 2 * sizeof *placed);
    if (order != NULL && placed != NULL) {
        int np = 0;
        for (int i = 0; i < s->n_states; i++)
            order[i] = i;
        for (int u = 1; u < s->n_states; u++) {
            int v = order[u], b = u;
            while (b > 0 && known_rank(s, order[b - 1]) * 1e6 - s->states[order[b - 1]].capability >
                                known_rank(s, v) * 1e6 - s->states[v].capability) {
                order[b] = order[b - 1];
                b--;
            }
            order[b] = v;
        }
        static const double off[][2] = {{8, -6}, {-40, -6}, {-14, -12}, {-14, 20}};
        for (int t = 0; t < s->n_states && np < RP_LABELS; t++) {
            int i = order[t];
            double yv1 = ky >= 0 ? rp->tr.x1[i * d + ky] : (i + 0.5) / s->n_states;
            double cx = cn_svg_px(a, rp->tr.x1[i * d + kx]), cy = cn_svg_py(a, yv1);
            for (size_t o = 0; o < sizeof off / sizeof off[0]; o++) {
                double lx = cx + off[o][0], ly = cy + off[o][1];
                int clash = 0;
                for (int q = 0; q < np && !clash; q++)
                    clash = fabs(placed[2 * q] - lx) < 34 && fabs(placed[2 * q + 1] - ly) < 15;
                if (clash)
                    continue;
                placed[2 * np] = lx;
                placed[2 * np + 1] = ly;
                np++;
                cn_svg_label(f, lx, ly, 14, 0, s->states[i].code);
                break;
            }
        }
    }
    free(order);
    free(placed);
}

static void chart_plane(FILE *f, const report *rp, const double *texts, const int *adopted)
{
    const cn_scenario *s = rp->s;
    const int d = s->n_dims;
    int kx = s->dim_scope >= 0 ? s->dim_scope : 0;
    int ky = s->dim_form >= 0 ? s->dim_form : (d > 1 ? (kx == 0 ? 1 : 0) : -1);
    int groups[8], ng = colour_groups(s, groups);
    /* 16:9, so the chart fills a 1280x720 projector */
    const double W = 1160, H = 652;
    cn_svg_axes a = {.x = 110, .y = 20, .w = 760, .h = 520, .xmin = 0, .xmax = 1, .ymin = 0,
                     .ymax = 1};
    char xl[CN_TEXT_LEN + 64], yl[CN_TEXT_LEN + 64], lo[CN_TEXT_LEN], hi[CN_TEXT_LEN];
    snprintf(xl, sizeof xl, "%s", s->dims[kx].name);
    snprintf(yl, sizeof yl, "%s", ky >= 0 ? s->dims[ky].name : "states (one per row)");
    cn_svg_begin(f, W, H, "States on the policy plane, start and end of replication 0",
                 "Hollow circles: positions at the start; filled: at the end; arrows show the "
                 "move.  Diamonds: texts the forums adopted.");
    cn_svg_axes_draw(f, &a, 5, 5, xl, yl, RP_FONT);
    /* what the ends of the axes mean */
    cn_narrate_label(&s->dims[kx], 0, lo, sizeof lo);
    cn_narrate_label(&s->dims[kx], 1, hi, sizeof hi);
    cn_svg_text(f, a.x, a.y + a.h + 3.6 * RP_FONT, RP_FONT * 0.8, "start", 0, "#333333", 0, lo);
    cn_svg_text(f, a.x + a.w, a.y + a.h + 3.6 * RP_FONT, RP_FONT * 0.8, "end", 0, "#333333", 0,
                hi);
    if (ky >= 0) {
        /* inside the frame, in the corners the diagonal of positions leaves free */
        cn_narrate_label(&s->dims[ky], 1, hi, sizeof hi);
        cn_narrate_label(&s->dims[ky], 0, lo, sizeof lo);
        snprintf(xl, sizeof xl, "%s: %.60s (top)", s->dims[ky].name, hi);
        cn_svg_text(f, a.x + 8, a.y + RP_FONT, RP_FONT * 0.8, "start", 0, "#333333", 0, xl);
        snprintf(xl, sizeof xl, "%s: %.60s (bottom)", s->dims[ky].name, lo);
        cn_svg_text(f, a.x + a.w - 8, a.y + a.h - 8, RP_FONT * 0.8, "end", 0, "#333333", 0, xl);
    }
    for (int i = 0; i < s->n_states; i++) {
        int g = group_of(s, groups, ng, i);
        const char *c = g >= 0 ? cn_svg_palette(g) : RP_OTHER;
        double yv0 = ky >= 0 ? rp->tr.x0[i * d + ky] : (i + 0.5) / s->n_states;
        double yv1 = ky >= 0 ? rp->tr.x1[i * d + ky] : yv0;
        double x0 = cn_svg_px(&a, rp->tr.x0[i * d + kx]), y0 = cn_svg_py(&a, yv0);
        double x1 = cn_svg_px(&a, rp->tr.x1[i * d + kx]), y1 = cn_svg_py(&a, yv1);
        char tip[160];
        snprintf(tip, sizeof tip, "%s (%s): %s %.2f -> %.2f", s->states[i].name,
                 s->states[i].code, s->dims[kx].name, rp->tr.x0[i * d + kx],
                 rp->tr.x1[i * d + kx]);
        if (ky >= 0)
            snprintf(tip + strlen(tip), sizeof tip - strlen(tip), ", %s %.2f -> %.2f",
                     s->dims[ky].name, yv0, yv1);
        cn_svg_circle_titled(f, x0, y0, 6, "none", c, 2.0, tip);
        if (hypot(x1 - x0, y1 - y0) > 8)
            cn_svg_arrow(f, x0, y0, x1, y1, c, 1.5);
        cn_svg_circle_titled(f, x1, y1, 6, c, "#000000", 0.8, tip);
    }
    plane_labels(f, rp, &a, kx, ky);
    for (int fo = 0; fo < s->n_forums; fo++) {
        if (!adopted[fo])
            continue;
        const double *y = texts + (size_t)fo * CN_MAX_DIMS;
        double px = cn_svg_px(&a, y[kx]), py = cn_svg_py(&a, ky >= 0 ? y[ky] : 0.5);
        cn_svg_diamond(f, px, py, 11, "#F0E442", "#000000", 2.0);
        cn_svg_label(f, px + 14, py + 6, RP_FONT, 1, s->forums[fo].name);
    }
    chart_plane_legend(f, s, &a, groups, ng);
    cn_svg_end(f);
}

static void chart_support(FILE *f, const report *rp, int fo)
{
    const cn_scenario *s = rp->s;
    int ns = rp->tr.n_sessions[fo];
    int members = rp->tr.members[fo] > 0 ? rp->tr.members[fo] : 1;
    const double W = 1000, H = 420;
    int ny;
    double step = members < 5 ? 1.0 : nice_step(members, 5, &ny);
    if (members < 5)
        ny = members;
    if (step < 1.0) {
        step = 1.0;
        ny = members;
    }
    cn_svg_axes a = {.x = 100, .y = 50, .w = 700, .h = 290, .xmin = 0, .xmax = ns > 0 ? ns : 1,
                     .ymin = 0, .ymax = step * ny};
    char title[128];
    snprintf(title, sizeof title, "%s: votes per session in replication 0", s->forums[fo].name);
    cn_svg_begin(f, W, H, title, "Stacked bars: support (blue), abstention (grey), objection "
                                 "(vermillion) among the members.");
    cn_svg_text(f, a.x, 30, RP_FONT * 1.1, "start", 1, "#000000", 0, title);
    cn_svg_axes_draw(f, &a, 0, ny, NULL, "members", RP_FONT);
    static const char *const colours[3] = {"#0072B2", "#BBBBBB", "#D55E00"};
    static const char *const names[3] = {"support", "abstain", "object"};
    char buf[64];
    for (int t = 0; t < ns; t++) {
        const int *v = rp->tr.votes + ((size_t)fo * CN_MAX_SESSIONS + (size_t)t) * 3;
        double bw = a.w / ns, x = a.x + t * bw + bw * 0.15, base = 0;
        for (int k = 0; k < 3; k++) {
            if (v[k] <= 0)
                continue;
            double y0 = cn_svg_py(&a, base), y1 = cn_svg_py(&a, base + v[k]);
            cn_svg_rect(f, x, y1, bw * 0.7, y0 - y1, colours[k], "#000000");
            if (y0 - y1 > RP_FONT) {
                snprintf(buf, sizeof buf, "%d", v[k]);
                cn_svg_text(f, x + bw * 0.35, (y0 + y1) / 2 + RP_FONT * 0.35, RP_FONT, "middle",
                            1, k == 1 ? "#000000" : "#ffffff", 0, buf);
            }
            base += v[k];
        }
        snprintf(buf, sizeof buf, "session %d", t + 1);
        cn_svg_text(f, x + bw * 0.35, a.y + a.h + RP_FONT * 1.3, RP_FONT, "middle", 0, "#000000",
                    0, buf);
        if (rp->tr.adopted_session[fo] == t + 1)
            cn_svg_text(f, x + bw * 0.35, a.y + a.h + RP_FONT * 2.6, RP_FONT, "middle", 1,
                        "#009E73", 0, "adopted");
    }
    if (ns == 0)
        cn_svg_text(f, a.x + a.w / 2, a.y + a.h / 2, RP_FONT, "middle", 0, "#000000", 0,
                    "the forum never sat");
    for (int k = 0; k < 3; k++) {
        cn_svg_rect(f, a.x + a.w + 30, a.y + 20 + k * 34, 22, 22, colours[k], "#000000");
        cn_svg_text(f, a.x + a.w + 60, a.y + 37 + k * 34, RP_FONT, "start", 0, "#000000", 0,
                    names[k]);
    }
    cn_svg_end(f);
}

static void chart_probabilities(FILE *f, const report *rp)
{
    const cn_metrics_layout *L = &rp->L;
    int n = 0;
    for (int j = 0; j < L->n; j++)
        n += L->m[j].kind == CN_METRIC_BINARY;
    const double row_h = 46, W = 1000, H = 110 + row_h * n;
    cn_svg_axes a = {.x = 330, .y = 40, .w = 600, .h = row_h * n, .xmin = 0, .xmax = 1,
                     .ymin = 0, .ymax = n};
    cn_svg_begin(f, W, H, "Probability of each yes/no outcome over all replications",
                 "Bars: share of replications; black whiskers: 95% Wilson interval.");
    cn_svg_axes_draw(f, &a, 10, 0, "probability (bar) with 95% interval (whiskers)", NULL,
                     RP_FONT);
    int r = 0;
    char buf[64];
    for (int j = 0; j < L->n; j++) {
        if (L->m[j].kind != CN_METRIC_BINARY)
            continue;
        const column *c = &rp->col[j];
        double p = c->n > 0 ? (double)c->ones / c->n : 0.0, lo, hi;
        cn_stats_wilson(c->ones, c->n, 1.959964, &lo, &hi);
        double yc = a.y + (r + 0.5) * row_h;
        cn_svg_text(f, a.x - 10, yc + RP_FONT * 0.35, RP_FONT, "end", 0, "#000000", 0,
                    L->m[j].name);
        cn_svg_rect(f, a.x, yc - row_h * 0.3, cn_svg_px(&a, p) - a.x, row_h * 0.6, "#0072B2",
                    NULL);
        cn_svg_line(f, cn_svg_px(&a, lo), yc, cn_svg_px(&a, hi), yc, "#000000", 2.5);
        cn_svg_line(f, cn_svg_px(&a, lo), yc - 9, cn_svg_px(&a, lo), yc + 9, "#000000", 2.5);
        cn_svg_line(f, cn_svg_px(&a, hi), yc - 9, cn_svg_px(&a, hi), yc + 9, "#000000", 2.5);
        snprintf(buf, sizeof buf, "%.3f", p);
        double tx = cn_svg_px(&a, hi) + 8;
        if (tx > a.x + a.w - 50)
            cn_svg_text(f, cn_svg_px(&a, lo) - 8, yc + RP_FONT * 0.35, RP_FONT, "end", 1,
                        "#ffffff", 0, buf);
        else
            cn_svg_text(f, tx, yc + RP_FONT * 0.35, RP_FONT, "start", 1, "#000000", 0, buf);
        r++;
    }
    cn_svg_end(f);
}

/* Histogram of a count or real column: at most RP_BARS bars over the
 * observed range. */
static void chart_histogram(FILE *f, const report *rp, int j)
{
    const cn_metric *m = &rp->L.m[j];
    const column *c = &rp->col[j];
    const double W = 480, H = 320;
    cn_svg_axes a = {.x = 80, .y = 50, .w = 370, .h = 200};
    cn_svg_begin(f, W, H, m->name, m->desc);
    cn_svg_text(f, 10, 30, RP_FONT, "start", 1, "#000000", 0, m->name);
    if (c->n == 0) {
        cn_svg_text(f, W / 2, H / 2, RP_FONT, "middle", 0, "#000000", 0, "no values");
        cn_svg_end(f);
        return;
    }
    /* fine bins covering [min, max] */
    int b0, b1;
    if (m->kind == CN_METRIC_REAL) {
        b0 = (int)floor((c->min - c->blo) / (c->bhi - c->blo) * c->nbins);
        b1 = (int)floor((c->max - c->blo) / (c->bhi - c->blo) * c->nbins);
    } else {
        b0 = (int)floor(c->min - c->blo + 0.5);
        b1 = (int)floor(c->max - c->blo + 0.5);
    }
    b0 = b0 < 0 ? 0 : b0 >= c->nbins ? c->nbins - 1 : b0;
    b1 = b1 < b0 ? b0 : b1 >= c->nbins ? c->nbins - 1 : b1;
    int span = b1 - b0 + 1;
    int per = (span + RP_BARS - 1) / RP_BARS;
    int nbars = (span + per - 1) / per;
    long bars[RP_BARS], top = 1;
    for (int t = 0; t < nbars; t++) {
        bars[t] = 0;
        for (int b = b0 + t * per; b < b0 + (t + 1) * per && b <= b1; b++)
            bars[t] += c->bins[b];
        if (bars[t] > top)
            top = bars[t];
    }
    double width = (c->bhi - c->blo) / c->nbins; /* value per fine bin */
    a.xmin = c->blo + b0 * width;
    a.xmax = c->blo + (b0 + nbars * per) * width;
    if (m->kind != CN_METRIC_REAL) {
        a.xmin -= 0.5;
        a.xmax -= 0.5;
    }
    int ny;
    double ystep = nice_step(100.0 * (double)top / (double)c->n, 4, &ny);
    a.ymin = 0;
    a.ymax = ystep * ny;
    cn_svg_axes_draw(f, &a, 0, ny, NULL, "% of runs", RP_FONT * 0.8);
    for (int t = 0; t < nbars; t++) {
        double x0 = cn_svg_px(&a, a.xmin + t * per * width);
        double x1 = cn_svg_px(&a, a.xmin + (t + 1) * per * width);
        double y = cn_svg_py(&a, 100.0 * (double)bars[t] / (double)c->n);
        if (bars[t] > 0)
            cn_svg_rect(f, x0 + 1, y, x1 - x0 - 2, a.y + a.h - y, "#0072B2", NULL);
    }
    char buf[64];
    double lo_v = m->kind == CN_METRIC_REAL ? a.xmin : a.xmin + 0.5;
    double hi_v = m->kind == CN_METRIC_REAL ? a.xmax : a.xmax - 0.5;
    snprintf(buf, sizeof buf, m->kind == CN_METRIC_REAL ? "%.3g" : "%.0f", lo_v);
    cn_svg_text(f, a.x, a.y + a.h + RP_FONT, RP_FONT * 0.8, "start", 0, "#000000", 0, buf);
    snprintf(buf, sizeof buf, m->kind == CN_METRIC_REAL ? "%.3g" : "%.0f", hi_v);
    cn_svg_text(f, a.x + a.w, a.y + a.h + RP_FONT, RP_FONT * 0.8, "end", 0, "#000000", 0, buf);
    snprintf(buf, sizeof buf, "mean %.3g", c->sum / c->n);
    cn_svg_text(f, a.x + a.w / 2, a.y + a.h + 2.2 * RP_FONT, RP_FONT * 0.9, "middle", 1,
                "#000000", 0, buf);
    cn_svg_end(f);
}

/* ---- HTML -------------------------------------------------------------- */

static void html_escape(FILE *f, const char *t)
{
    cn_svg_escape(f, t);
}

const char cn_report_css[] =
    "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;font-size:22px;line-height:1.45;"
    "color:#000;background:#fff;max-width:1500px;margin:0 auto;padding:1em 2em}"
    "h1{font-size:2em;margin:.3em 0}h2{font-size:1.5em;border-bottom:3px solid #000;"
    "margin-top:1.6em}p.lead{font-size:1.05em}"
    "table{border-collapse:collapse;font-size:1em;margin:.6em 0}"
    "th,td{border:2px solid #000;padding:.25em .7em;text-align:right}"
    "th:first-child,td:first-child{text-align:left}th{background:#e8e8e8}"
    "svg{max-width:100%;max-height:92vh;height:auto;display:block;margin:.6em 0}"
    ".grid{display:flex;flex-wrap:wrap;gap:12px}.grid svg{border:1px solid #999;margin:0}"
    "pre{white-space:pre-wrap;font-size:.8em;background:#f4f4f4;padding:1em;border:1px solid #999}"
    "details summary{cursor:pointer;font-weight:bold}"
    ".note{font-size:.85em;color:#222}"
    "table.wide{font-size:.75em}table.wide td{white-space:nowrap}";

void cn_report_html_begin(FILE *f, const char *name, const char *kind)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
    html_escape(f, name);
    fputs(": ", f);
    html_escape(f, kind);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", cn_report_css);
}

static void key_table(FILE *f, const report *rp)
{
    const cn_scenario *s = rp->s;
    const cn_metrics_layout *L = &rp->L;
    fputs("<table><tr><th>forum</th><th>rule / output</th><th>P(adopted) [95% CI]</th>"
          "<th>P(in force)</th><th>mean strength</th><th>mean footnotes</th></tr>\n", f);
    for (int fo = 0; fo < s->n_forums; fo++) {
        const column *ad = &rp->col[L->forum_base[fo] + CN_FM_ADOPTED];
        const column *inf = &rp->col[L->forum_base[fo] + CN_FM_IN_FORCE];
        const column *st = &rp->col[L->forum_base[fo] + CN_FM_STRENGTH];
        const column *fn = &rp->col[L->forum_base[fo] + CN_FM_FOOTNOTES];
        double lo, hi;
        cn_stats_wilson(ad->ones, ad->n, 1.959964, &lo, &hi);
        fputs("<tr><td>", f);
        html_escape(f, s->forums[fo].name);
        const cn_forum *fr = &s->forums[fo];
        if (fr->rule == CN_RULE_ELECTION) {
            /* an election: P is the first candidate's election; support and
             * object are the two candidates' ballots */
            fputs("</td><td>election by secret ballot: ", f);
            html_escape(f, s->states[fr->candidates[0]].code);
            fputs(" against ", f);
            html_escape(f, s->states[fr->candidates[1]].code);
            fputs(" (P: the first elected; support / object: each one's votes)", f);
        } else if (fr->rule == CN_RULE_CLUB) {
            const column *pa = &rp->col[L->forum_base[fo] + CN_FM_PARTIES];
            fprintf(f, "</td><td>club, no vote (P: the standard published; %.1f members at "
                       "the end on average)",
                    pa->n ? pa->sum / pa->n : 0.0);
        } else {
            fprintf(f, "</td><td>%s / %s", cn_schema_rule_name(fr->rule),
                    cn_schema_output_name(fr->output));
        }
        fprintf(f, "</td><td>%.3f [%.3f, %.3f]</td><td>%.3f</td>",
                ad->n ? (double)ad->ones / ad->n : 0.0, lo, hi,
                inf->n ? (double)inf->ones / inf->n : 0.0);
        if (st->n > 0)
            fprintf(f, "<td>%.3f</td><td>%.2f</td></tr>\n", st->sum / st->n,
                    fn->n ? fn->sum / fn->n : 0.0);
        else
            fputs("<td>-</td><td>-</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static int write_html(FILE *f, report *rp, const double *texts, const int *adopted)
{
    const cn_scenario *s = rp->s;
    cn_report_html_begin(f, s->name, "cybernorms report");
    fputs("<h1>", f);
    html_escape(f, s->name);
    fputs("</h1>\n", f);
    if (s->description[0] != '\0') {
        fputs("<p class=\"lead\">", f);
        html_escape(f, s->description);
        fputs("</p>\n", f);
    }
    fprintf(f, "<p class=\"note\">%ld replications, seed ", rp->rows);
    html_escape(f, rp->seed[0] ? rp->seed : "?");
    fputs(", scenario hash ", f);
    html_escape(f, rp->hash[0] ? rp->hash : "?");
    fputs(". Made by cybernorms " CN_VERSION "; this file needs no network.</p>\n", f);

    fputs("<h2>What happened, over all replications</h2>\n", f);
    key_table(f, rp);

    fputs("<h2>Where the states stand: start and end of one negotiation</h2>\n"
          "<p>Replication 0 (the first row of runs.csv, told below). Hollow circles: "
          "positions before the first round; filled: at the end; arrows: the move. "
          "Yellow diamonds: the texts adopted.", f);
    fputs(" States are named by code, the most capable first, where there is room.", f);
    fputs("</p>\n", f);
    chart_plane(f, rp, texts, adopted);

    fputs("<h2>Support per session in that negotiation</h2>\n", f);
    for (int fo = 0; fo < s->n_forums; fo++)
        chart_support(f, rp, fo);

    fputs("<h2>How likely each outcome is</h2>\n", f);
    chart_probabilities(f, rp);
    fputs("<h2>The distribution of every other outcome</h2>\n<div class=\"grid\">\n", f);
    for (int j = 0; j < rp->L.n; j++)
        if (rp->L.m[j].kind != CN_METRIC_BINARY)
            chart_histogram(f, rp, j);
    fputs("</div>\n", f);

    fputs("<h2>The story of replication 0</h2>\n<details open><summary>Narration "
          "(cybernorms narrate)</summary>\n<pre>", f);
    if (rp->story != NULL)
        html_escape(f, rp->story);
    fputs("</pre></details>\n</body>\n</html>\n", f);
    return ferror(f) ? CN_EIO : CN_OK;
}

/* ---- the report -------------------------------------------------------- */

static void report_free(report *rp)
{
    if (rp->col != NULL)
        for (int j = 0; j < rp->L.n; j++)
            free(rp->col[j].bins);
    free(rp->col);
    free(rp->tr.x0);
    free(rp->tr.x1);
    free(rp->tr.votes);
    free(rp->story);
    if (rp->have_layout)
        cn_metrics_layout_free(&rp->L);
    cn_scenario_free(rp->s);
}

int cn_report_write(const char *dir, const char *out, cn_diag *d)
{
    report rp;
    memset(&rp, 0, sizeof rp);
    cn_diag_clear(d);
    char path[RP_PATH], dest[RP_PATH];
    int rc;
    if (strlen(dir) + 32 >= sizeof path)
        return cn_diag_set(d, dir, 0, NULL, "folder name too long");
    snprintf(path, sizeof path, "%s/scenario.cfg", dir);
    FILE *probe = fopen(path, "r");
    if (probe == NULL)
        return cn_diag_set(d, path, 0, NULL, "cannot read: %s (is this a run's folder?)",
                           strerror(errno));
    fclose(probe);
    /* one complete set of results, not a mix of two runs (cn_outfile.h) */
    int has_manifest;
    if ((rc = cn_outfile_verify(dir, &has_manifest, d)) != CN_OK)
        return rc;
    if ((rc = cn_load_scenario(path, NULL, 0, &rp.s, d)) != CN_OK) {
        rp.s = NULL;
        goto done;
    }
    if ((rc = cn_metrics_layout_init(rp.s, &rp.L)) != CN_OK)
        goto done;
    rp.have_layout = 1;
    rc = CN_ENOMEM;
    rp.col = calloc((size_t)rp.L.n, sizeof *rp.col);
    size_t nx = ((size_t)rp.s->n_states + (size_t)rp.s->n_stakeholders) * (size_t)rp.s->n_dims;
    rp.tr.x0 = calloc(nx, sizeof(double));
    rp.tr.x1 = calloc(nx, sizeof(double));
    rp.tr.votes = calloc((size_t)rp.s->n_forums * CN_MAX_SESSIONS * 3, sizeof(int));
    if (rp.col == NULL || rp.tr.x0 == NULL || rp.tr.x1 == NULL || rp.tr.votes == NULL)
        goto done;
    for (int j = 0; j < rp.L.n; j++)
        if ((rc = col_init(&rp.col[j], &rp.L.m[j])) != CN_OK)
            goto done;
    snprintf(path, sizeof path, "%s/runs.csv", dir);
    if ((rc = read_runs(&rp, path, d)) != CN_OK)
        goto done;
    cn_hooks hooks = {.ctx = &rp.tr, .trace = rec_trace};
    if ((rc = cn_narrate_replay(rp.s, &rp.L, &hooks, 0, 1, NULL, NULL)) != CN_OK) {
        if (rc == CN_EINPUT)
            cn_diag_set(d, dir, 0, "run.generator", "unknown GSL generator '%s'",
                        rp.s->run.generator);
        goto done;
    }
    FILE *m = open_memstream(&rp.story, &rp.story_len);
    if (m == NULL) {
        rc = CN_ENOMEM;
        goto done;
    }
    rc = cn_narrate_run(rp.s, 0, CN_NARRATE_TEXT, -1, m);
    if (fclose(m) != 0 && rc == CN_OK)
        rc = CN_ENOMEM;
    if (rc != CN_OK)
        goto done;
    if (out != NULL)
        snprintf(dest, sizeof dest, "%s", out);
    else
        snprintf(dest, sizeof dest, "%s/report.html", dir);
    cn_afile *af;
    errno = 0;
    if ((rc = cn_afile_open(dest, &af)) != CN_OK) {
        cn_diag_set(d, dest, 0, NULL, "cannot create: %s", strerror(errno));
        goto done;
    }
    if ((rc = write_html(cn_afile_stream(af), &rp, rp.tr.texts, rp.tr.adopted)) != CN_OK) {
        cn_afile_abort(af);
        cn_diag_set(d, dest, 0, NULL, "cannot write");
        goto done;
    }
    errno = 0;
    if ((rc = cn_afile_commit(af)) != CN_OK)
        cn_diag_set(d, dest, 0, NULL, "cannot write: %s", strerror(errno));
done:
    report_free(&rp);
    return rc;
}

/* ---- a sweep's store --------------------------------------------------- */

/* Row label of point p: its name and factor values. */
static void point_label(const cn_whatif_table *t, int p, char *buf, size_t size)
{
    snprintf(buf, size, "%s", t->point_names[p]);
    size_t n = strlen(buf);
    for (int k = 0; k < t->n_factors && n + 4 < size; k++) {
        const char *lab = t->labels[(size_t)p * (size_t)t->n_factors + (size_t)k];
        if (lab == NULL || lab[0] == '\0')
            continue;
        snprintf(buf + n, size - n, "%s%s", k == 0 || n == strlen(t->point_names[p]) ? ": " : ", ",
                 lab);
        n = strlen(buf);
    }
    if (strlen(buf) > 44) {
        memcpy(buf + 41, "...", 4);
    }
}

/* Column c of the what-if table: every point's estimate with its 95%
 * interval as an error bar; the baseline's estimate as a dashed line. */
static void chart_whatif(FILE *f, const cn_whatif_table *t, int c)
{
    const cn_metric *m = &t->cols[c];
    const double row_h = 40, W = 1000, H = 110 + row_h * t->n_points;
    double lo = m->kind == CN_METRIC_BINARY ? 0.0 : INFINITY;
    double hi = m->kind == CN_METRIC_BINARY ? 1.0 : -INFINITY;
    for (int p = 0; p < t->n_points && m->kind != CN_METRIC_BINARY; p++) {
        cn_whatif_est e;
        cn_whatif_value(&t->acc[(size_t)p * (size_t)t->n_cols + (size_t)c], m->kind, &e);
        double a = isnan(e.lo) ? e.est : e.lo, b = isnan(e.hi) ? e.est : e.hi;
        if (!isnan(a) && a < lo)
            lo = a;
        if (!isnan(b) && b > hi)
            hi = b;
    }
    if (!(hi > lo)) {
        lo = isfinite(lo) ? lo - 0.5 : 0.0;
        hi = lo + 1.0;
    }
    cn_svg_axes a = {.x = 420, .y = 40, .w = 520, .h = row_h * t->n_points, .xmin = lo,
                     .xmax = hi, .ymin = 0, .ymax = t->n_points};
    char title[160], buf[128];
    snprintf(title, sizeof title, "What if: %s", m->name);
    cn_svg_begin(f, W, H, title, "Dots: estimate per point; whiskers: 95% interval; dashed "
                                 "line: the baseline's estimate.");
    cn_svg_text(f, 10, 26, RP_FONT * 1.1, "start", 1, "#000000", 0, title);
    cn_svg_axes_draw(f, &a, 5, 0, m->kind == CN_METRIC_BINARY ? "probability" : "mean", NULL,
                     RP_FONT);
    if (t->baseline >= 0 && t->baseline < t->n_points) {
        cn_whatif_est e;
        cn_whatif_value(&t->acc[(size_t)t->baseline * (size_t)t->n_cols + (size_t)c], m->kind,
                        &e);
        if (!isnan(e.est))
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555555\" "
                       "stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n",
                    cn_svg_px(&a, e.est), a.y, cn_svg_px(&a, e.est), a.y + a.h);
    }
    for (int p = 0; p < t->n_points; p++) {
        cn_whatif_est e;
        cn_whatif_value(&t->acc[(size_t)p * (size_t)t->n_cols + (size_t)c], m->kind, &e);
        double yc = a.y + (p + 0.5) * row_h;
        point_label(t, p, buf, sizeof buf);
        cn_svg_text(f, a.x - 10, yc + RP_FONT * 0.35, RP_FONT * 0.9, "end", p == t->baseline,
                    "#000000", 0, buf);
        if (isnan(e.est))
            continue;
        const char *col = p == t->baseline ? "#000000" : "#0072B2";
        if (!isnan(e.lo) && !isnan(e.hi)) {
            cn_svg_line(f, cn_svg_px(&a, e.lo), yc, cn_svg_px(&a, e.hi), yc, col, 2.5);
            cn_svg_line(f, cn_svg_px(&a, e.lo), yc - 8, cn_svg_px(&a, e.lo), yc + 8, col, 2.5);
            cn_svg_line(f, cn_svg_px(&a, e.hi), yc - 8, cn_svg_px(&a, e.hi), yc + 8, col, 2.5);
        }
        cn_svg_circle(f, cn_svg_px(&a, e.est), yc, 7, col, "#000000", 1.0);
    }
    cn_svg_end(f);
}

static void whatif_table_html(FILE *f, const cn_whatif_table *t)
{
    fputs("<table class=\"wide\"><tr><th>point</th>", f);
    for (int k = 0; k < t->n_factors; k++) {
        fputs("<th>", f);
        html_escape(f, t->factor_names[k]);
        fputs("</th>", f);
    }
    for (int c = 0; c < t->n_cols; c++) {
        fputs("<th>", f);
        html_escape(f, t->cols[c].name);
        fputs(" [95% CI]</th>", f);
    }
    fputs("</tr>\n", f);
    for (int p = 0; p < t->n_points; p++) {
        fputs(p == t->baseline ? "<tr style=\"font-weight:bold\"><td>" : "<tr><td>", f);
        html_escape(f, t->point_names[p]);
        fputs("</td>", f);
        for (int k = 0; k < t->n_factors; k++) {
            fputs("<td>", f);
            html_escape(f, t->labels[(size_t)p * (size_t)t->n_factors + (size_t)k]);
            fputs("</td>", f);
        }
        for (int c = 0; c < t->n_cols; c++) {
            cn_whatif_est e;
            cn_whatif_value(&t->acc[(size_t)p * (size_t)t->n_cols + (size_t)c], t->cols[c].kind,
                            &e);
            if (isnan(e.est))
                fputs("<td>-</td>", f);
            else if (isnan(e.lo))
                fprintf(f, "<td>%.3f</td>", e.est);
            else
                fprintf(f, "<td>%.3f [%.3f, %.3f]</td>", e.est, e.lo, e.hi);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

static int write_store_html(FILE *f, const cn_whatif_table *t)
{
    cn_report_html_begin(f, t->scenario != NULL ? t->scenario : "sweep",
                         "cybernorms what-if report");
    fputs("<h1>", f);
    html_escape(f, t->scenario != NULL ? t->scenario : "sweep");
    fputs(": what if?</h1>\n", f);
    if (t->description != NULL && t->description[0] != '\0') {
        fputs("<p class=\"lead\">", f);
        html_escape(f, t->description);
        fputs("</p>\n", f);
    }
    fprintf(f, "<p class=\"note\">%d points, design ", t->n_points);
    html_escape(f, t->design != NULL ? t->design : "?");
    fprintf(f, ", seed %lu, scenario and design hash ", t->seed);
    html_escape(f, t->hash != NULL ? t->hash : "?");
    fputs(". Made by cybernorms " CN_VERSION "; this file needs no network. Every point runs "
          "the same random streams (common random numbers), so differences are paired.</p>\n",
          f);
    int n_done = 0;
    for (int p = 0; p < t->n_points; p++)
        n_done += t->done[p] != 0;
    if (n_done < t->n_points)
        fprintf(f, "<p class=\"lead\"><strong>Incomplete: %d of %d points finished; the others "
                   "are not shown.</strong> Resume the sweep (<code>cybernorms sweep FILE "
                   "--resume</code>) or merge the other shards.</p>\n",
                n_done, t->n_points);
    fputs("<h2>Each outcome, point by point</h2>\n<p>Dots: the estimate; whiskers: its 95% "
          "interval; dashed line: the baseline (in bold).</p>\n", f);
    for (int c = 0; c < t->n_cols; c++)
        chart_whatif(f, t, c);
    fputs("<h2>The what-if table</h2>\n", f);
    whatif_table_html(f, t);
    fputs("</body>\n</html>\n", f);
    return ferror(f) ? CN_EIO : CN_OK;
}

int cn_report_write_store(const char *db, const char *out, int *done, int *total, cn_diag *d)
{
    cn_diag_clear(d);
    cn_store *st = NULL;
    cn_store_table *tab = NULL;
    int rc;
    char dest[RP_PATH];
    /* read-only: nothing is written into the store or beside it */
    if (cn_store_open(db, CN_STORE_READ, &st, NULL, d) != CN_OK) {
        if (d->msg[0] == '\0')
            cn_diag_set(d, db, 0, NULL, "not a sweep store");
        return CN_EINPUT;
    }
    if ((rc = cn_store_read_table(st, NULL, &tab, d)) != CN_OK) {
        if (rc != CN_ENOMEM)
            rc = CN_EINPUT;
        goto done;
    }
    if (out != NULL) {
        snprintf(dest, sizeof dest, "%s", out);
    } else {
        size_t n = strlen(db);
        const char *dot = strrchr(db, '.');
        const char *slash = strrchr(db, '/');
        if (dot != NULL && (slash == NULL || dot > slash))
            n = (size_t)(dot - db);
        if (n + 16 >= sizeof dest) {
            rc = cn_diag_set(d, db, 0, NULL, "file name too long");
            goto done;
        }
        snprintf(dest, sizeof dest, "%.*s-report.html", (int)n, db);
    }
    cn_afile *af;
    errno = 0;
    if ((rc = cn_afile_open(dest, &af)) != CN_OK) {
        cn_diag_set(d, dest, 0, NULL, "cannot create: %s", strerror(errno));
        goto done;
    }
    if ((rc = write_store_html(cn_afile_stream(af), cn_store_table_get(tab))) != CN_OK) {
        cn_afile_abort(af);
        cn_diag_set(d, dest, 0, NULL, "cannot write");
        goto done;
    }
    errno = 0;
    if ((rc = cn_afile_commit(af)) != CN_OK)
        cn_diag_set(d, dest, 0, NULL, "cannot write: %s", strerror(errno));
    const cn_whatif_table *t = cn_store_table_get(tab);
    int n_done = 0;
    for (int p = 0; p < t->n_points; p++)
        n_done += t->done[p] != 0;
    if (done != NULL)
        *done = n_done;
    if (total != NULL)
        *total = t->n_points;
done:
    cn_store_table_free(tab);
    cn_store_close(st);
    return rc;
}
