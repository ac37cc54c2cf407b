/* sweep.c - sweep designs: the points of a scenario's `sweep` group
 * (cn_sweep.h).
 *
 * The loader reads and checks the group (sim/load_sweep.c) into
 * cn_scenario.sweep; here its factors and levels become points: each
 * point is a list of "path=value" overrides with the value in libconfig
 * syntax (kept as the loader read it), so the loader validates it like a
 * --set.  Sobol values are written back exactly: floats in the shortest
 * text that reads back to the same double.
 */
#include "cn_sweep.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>

#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_output.h"
#include "cn_scenario.h"
#include "cn_schema.h"

const char *cn_sweep_design_name(cn_sweep_design d)
{
    return (unsigned)d < (unsigned)CN_NELEM(cn_schema_design_names) ? cn_schema_design_names[d]
                                                                     : "?";
}

/* ---- values as text ---------------------------------------------------------- */

char *cn_sweep_format_double(double v, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return buf;
    if (!isfinite(v)) {
        snprintf(buf, size, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return buf;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    /* "1e+01" reads back, but "10.0" is what a person writes */
    if (strchr(buf, 'e') != NULL && fabs(v) >= 1e-4 && fabs(v) < 1e15)
        for (int dec = 0; dec <= 17; dec++) {
            snprintf(buf, size, "%.*f", dec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
    size_t len = strlen(buf);
    if (strpbrk(buf, ".eEn") == NULL && len + 3 <= size)
        memcpy(buf + len, ".0", 3);
    return buf;
}

/* Appends to buf (size), keeping it terminated; CN_ELIMIT when it does not fit. */

static char *dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p != NULL)
        memcpy(p, s, n);
    return p;
}

/* ---- freeing ------------------------------------------------------------------ */

static void free_strings(char **v, int n)
{
    if (v == NULL)
        return;
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void cn_sweep_free(cn_sweep *sw)
{
    if (sw == NULL)
        return;
    if (sw->points != NULL)
        for (int p = 0; p < sw->n_points; p++) {
            free_strings(sw->points[p].sets, sw->points[p].n_sets);
            free_strings(sw->points[p].labels, sw->n_factors);
            free(sw->points[p].x);
        }
    free(sw->points);
    free(sw);
}

/* ---- points ------------------------------------------------------------------------ */

static int point_init(cn_sweep *sw, cn_sweep_point *pt, const char *name, int line)
{
    snprintf(pt->name, sizeof pt->name, "%s", name);
    pt->line = line;
    pt->factor = -1;
    int nf = sw->n_factors > 0 ? sw->n_factors : 1;
    pt->labels = calloc((size_t)nf, sizeof *pt->labels);
    pt->x = malloc((size_t)nf * sizeof *pt->x);
    if (pt->labels == NULL || pt->x == NULL)
        return CN_ENOMEM;
    for (int k = 0; k < sw->n_factors; k++) {
        pt->x[k] = NAN;
        if ((pt->labels[k] = dup_text("")) == NULL)
            return CN_ENOMEM;
    }
    return CN_OK;
}

/* Adds override "path=text" to pt, with the factor k's label and number. */
static int point_set(cn_sweep *sw, cn_sweep_point *pt, int k, const char *text,
                     const char *label, double x)
{
    const char *path = sw->factors[k].path;
    size_t n = strlen(path) + strlen(text) + 2;
    char *s = malloc(n);
    if (s == NULL)
        return CN_ENOMEM;
    snprintf(s, n, "%s=%s", path, text);
    char **sets = realloc(pt->sets, (size_t)(pt->n_sets + 1) * sizeof *sets);
    if (sets == NULL) {
        free(s);
        return CN_ENOMEM;
    }
    pt->sets = sets;
    pt->sets[pt->n_sets++] = s;
    char *l = dup_text(label);
    if (l == NULL)
        return CN_ENOMEM;
    free(pt->labels[k]);
    pt->labels[k] = l;
    pt->x[k] = x;
    return CN_OK;
}

/* n points, the first of them the baseline (the scenario as written). */
static int alloc_points(cn_sweep *sw, long n)
{
    sw->points = calloc((size_t)n, sizeof *sw->points);
    if (sw->points == NULL)
        return CN_ENOMEM;
    sw->n_points = (int)n;
    return point_init(sw, &sw->points[0], "baseline", sw->line);
}

/* The baseline, then the full factorial, the first factor slowest (the
 * loader has checked the number of points). */
static int make_grid(cn_sweep *sw)
{
    long n = 1;
    for (int k = 0; k < sw->n_factors; k++)
        n *= sw->factors[k].n_levels;
    int rc = alloc_points(sw, n + 1);
    int idx[CN_SWEEP_MAX_FACTORS] = {0};
    for (long i = 0; i < n && rc == CN_OK; i++) {
        cn_sweep_point *pt = &sw->points[i + 1];
        char name[32];
        snprintf(name, sizeof name, "%ld", i + 1);
        if ((rc = point_init(sw, pt, name, sw->factors[0].line)) != CN_OK)
            return rc;
        for (int k = 0; k < sw->n_factors && rc == CN_OK; k++) {
            const cn_sweep_factor *f = &sw->factors[k];
            rc = point_set(sw, pt, k, f->levels[idx[k]], f->labels[idx[k]], f->numeric[idx[k]]);
        }
        for (int k = sw->n_factors - 1; k >= 0; k--) {
            if (++idx[k] < sw->factors[k].n_levels)
                break;
            idx[k] = 0;
        }
    }
    return rc;
}

/* The baseline, then each factor's levels one at a time. */
static int make_oat(cn_sweep *sw)
{
    long n = 1;
    for (int k = 0; k < sw->n_factors; k++)
        n += sw->factors[k].n_levels;
    int rc = alloc_points(sw, n);
    int p = 1;
    for (int k = 0; k < sw->n_factors && rc == CN_OK; k++) {
        const cn_sweep_factor *f = &sw->factors[k];
        for (int i = 0; i < f->n_levels && rc == CN_OK; i++, p++) {
            char name[CN_SWEEP_NAME];
            snprintf(name, sizeof name, "%.40s=%.40s", f->name, f->labels[i]);
            if ((rc = point_init(sw, &sw->points[p], name, f->line)) == CN_OK)
                rc = point_set(sw, &sw->points[p], k, f->levels[i], f->labels[i], f->numeric[i]);
            sw->points[p].factor = k;
        }
    }
    return rc;
}

/* The baseline, then `samples` points of gsl_qrng_sobol over the ranges. */
static int make_sobol(cn_sweep *sw)
{
    int rc = alloc_points(sw, (long)sw->samples + 1);
    if (rc != CN_OK)
        return rc;
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)sw->n_factors);
    if (q == NULL)
        return CN_ENOMEM;
    double u[CN_SWEEP_MAX_SOBOL];
    for (int i = 1; i <= sw->samples && rc == CN_OK; i++) {
        cn_sweep_point *pt = &sw->points[i];
        char name[32];
        snprintf(name, sizeof name, "%d", i);
        if ((rc = point_init(sw, pt, name, sw->factors[0].line)) != CN_OK)
            break;
        gsl_qrng_get(q, u);
        for (int k = 0; k < sw->n_factors && rc == CN_OK; k++) {
            const cn_sweep_factor *f = &sw->factors[k];
            double v = f->lo + u[k] * (f->hi - f->lo);
            char text[64];
            if (f->integer) {
                v = floor(v + 0.5);
                snprintf(text, sizeof text, "%.0f", v);
            } else {
                cn_sweep_format_double(v, text, sizeof text);
            }
            rc = point_set(sw, pt, k, text, text, v);
        }
    }
    gsl_qrng_free(q);
    return rc;
}

/* A list design's points as written. */
static int make_list(cn_sweep *sw, const cn_sweep_spec *sp)
{
    sw->points = calloc((size_t)sp->n_entries, sizeof *sw->points);
    if (sw->points == NULL)
        return CN_ENOMEM;
    sw->n_points = sp->n_entries;
    for (int i = 0; i < sp->n_entries; i++) {
        const cn_sweep_entry *e = &sp->entries[i];
        cn_sweep_point *pt = &sw->points[i];
        int rc = point_init(sw, pt, e->name, e->line);
        if (rc != CN_OK)
            return rc;
        if (e->n_sets > 0 && (pt->sets = calloc((size_t)e->n_sets, sizeof *pt->sets)) == NULL)
            return CN_ENOMEM;
        for (int j = 0; j < e->n_sets; j++) {
            if ((pt->sets[j] = dup_text(e->sets[j])) == NULL)
                return CN_ENOMEM;
            pt->n_sets = j + 1;
        }
    }
    return CN_OK;
}

int cn_sweep_make(const cn_scenario *s, cn_sweep **out, cn_diag *d)
{
    cn_diag local;
    if (d == NULL)
        d = &local;
    cn_diag_clear(d);
    *out = NULL;
    const cn_sweep_spec *sp = s->sweep;
    if (sp == NULL)
        return cn_diag_set(d, s->path, 0, "sweep",
                           "missing: the scenario has no sweep = { design = \"grid\"; factors = "
                           "(...); }; group (docs/sweeps.md)");
    cn_sweep *sw = calloc(1, sizeof *sw);
    if (sw == NULL)
        return CN_ENOMEM;
    sw->design = sp->design;
    snprintf(sw->file, sizeof sw->file, "%s", sp->file);
    sw->line = sp->line;
    sw->n_factors = sp->n_factors;
    sw->factors = sp->factors;
    sw->baseline = sp->design == CN_SWEEP_LIST ? sp->baseline_index : 0;
    sw->replications = sp->replications;
    sw->batch = sp->batch;
    sw->precision = sp->precision;
    sw->max_replications = sp->max_replications;
    sw->samples = sp->samples;
    sw->n_metrics = sp->n_metrics;
    sw->metrics = sp->metrics;
    int rc = sp->design == CN_SWEEP_GRID    ? make_grid(sw)
             : sp->design == CN_SWEEP_OAT   ? make_oat(sw)
             : sp->design == CN_SWEEP_SOBOL ? make_sobol(sw)
                                            : make_list(sw, sp);
    if (rc != CN_OK) {
        cn_diag_set(d, s->path, 0, NULL, "out of memory");
        cn_sweep_free(sw);
        return rc;
    }
    *out = sw;
    return CN_OK;
}

/* ---- checking points against the scenario ----------------------------------------------- */

static int same_layout(const cn_metrics_layout *a, const cn_metrics_layout *b)
{
    if (a->n != b->n)
        return 0;
    for (int j = 0; j < a->n; j++)
        if (strcmp(a->m[j].name, b->m[j].name) != 0 || a->m[j].kind != b->m[j].kind)
            return 0;
    return 1;
}

/* Where a point's problem is reported: its factor (oat), the first factor
 * whose override failed (grid, sobol), or its list entry. */
static void point_where(const cn_sweep *sw, int p, int set_pos, char *path, size_t size,
                        int *line)
{
    const cn_sweep_point *pt = &sw->points[p];
    *line = pt->line;
    if (sw->design == CN_SWEEP_LIST) {
        snprintf(path, size, "sweep.points.%d", p);
        return;
    }
    int k = pt->factor >= 0 ? pt->factor : (set_pos >= 1 && set_pos <= sw->n_factors ? set_pos - 1 : 0);
    if (sw->n_factors > 0) {
        *line = sw->factors[k].line;
        snprintf(path, size, "sweep.factors.%d", k);
    } else {
        snprintf(path, size, "sweep");
    }
}

int cn_sweep_check(const cn_sweep *sw, const cn_scenario *s0, cn_diag *d)
{
    const char *path = s0->path;
    cn_diag local;
    if (d == NULL)
        d = &local;
    cn_diag_clear(d);
    cn_metrics_layout base;
    int have_base = 0, rc = CN_OK;
    for (int i = 0; i < sw->n_points && rc == CN_OK; i++) {
        /* the baseline first: its layout is the reference */
        int p = i == 0 ? sw->baseline : (i <= sw->baseline ? i - 1 : i);
        const cn_sweep_point *pt = &sw->points[p];
        cn_scenario *s = NULL;
        cn_diag e;
        rc = cn_load_scenario(path, (const char *const *)pt->sets, pt->n_sets, &s, &e);
        if (rc != CN_OK) {
            char where[CN_DIAG_SETTING], msg[CN_DIAG_FILE + CN_DIAG_SETTING + CN_DIAG_MSG + 16];
            int line;
            if (strcmp(e.file, "--set") != 0) { /* the scenario itself */
                *d = e;
                break;
            }
            point_where(sw, p, e.line, where, sizeof where, &line);
            const char *set = e.line >= 1 && e.line <= pt->n_sets ? pt->sets[e.line - 1] : "";
            snprintf(msg, sizeof msg, "point '%s': %s: %s%s%s%s", pt->name, set,
                     e.setting[0] != '\0' ? "setting '" : "", e.setting,
                     e.setting[0] != '\0' ? "': " : "", e.msg);
            cn_diag_set(d, sw->file, line, where, "%s", msg);
            break;
        }
        cn_metrics_layout L;
        rc = cn_metrics_layout_init(s, &L);
        cn_scenario_free(s);
        if (rc != CN_OK)
            break;
        if (!have_base) {
            base = L;
            have_base = 1;
            continue;
        }
        if (!same_layout(&base, &L)) {
            char where[CN_DIAG_SETTING];
            int line;
            point_where(sw, p, 0, where, sizeof where, &line);
            rc = cn_diag_set(d, sw->file, line, where,
                             "point '%s' changes the scenario's metrics (forums or dimensions); "
                             "every point must report the same columns", pt->name);
        }
        cn_metrics_layout_free(&L);
    }
    if (have_base)
        cn_metrics_layout_free(&base);
    return rc;
}

/* ---- canonical text, shards ----------------------------------------------------------------- */

int cn_sweep_write(const cn_sweep *sw, FILE *f)
{
    fprintf(f, "design %s\nbaseline %d\nfactors %d\n", cn_sweep_design_name(sw->design),
            sw->baseline, sw->n_factors);
    for (int k = 0; k < sw->n_factors; k++)
        fprintf(f, "factor %d %s\t%s\n", k, sw->factors[k].name, sw->factors[k].path);
    fprintf(f, "points %d\n", sw->n_points);
    for (int p = 0; p < sw->n_points; p++) {
        const cn_sweep_point *pt = &sw->points[p];
        fprintf(f, "point %d %s\n", p, pt->name);
        for (int j = 0; j < pt->n_sets; j++)
            fprintf(f, "  set %s\n", pt->sets[j]);
    }
    return ferror(f) ? CN_EIO : CN_OK;
}

int cn_sweep_parse_shard(const char *text, int *i, int *n)
{
    if (text == NULL)
        return CN_EINPUT;
    char *end;
    errno = 0;
    if (text[0] < '0' || text[0] > '9')
        return CN_EINPUT;
    long a = strtol(text, &end, 10);
    if (errno != 0 || *end != '/' || end[1] < '0' || end[1] > '9')
        return CN_EINPUT;
    long b = strtol(end + 1, &end, 10);
    if (errno != 0 || *end != '\0' || b < 1 || b > CN_SWEEP_MAX_POINTS || a < 0 || a >= b)
        return CN_EINPUT;
    *i = (int)a;
    *n = (int)b;
    return CN_OK;
}

int cn_sweep_shard_owns(int p, int i, int n)
{
    return n <= 1 || p % n == i;
}

char *cn_sweep_plan_text(const cn_sweep_plan *p)
{
    const char *metrics = p->precision > 0 && p->precision_metrics != NULL
                              ? p->precision_metrics
                              : "";
    /* sized from what goes in, so nothing is ever cut (the last setting,
     * keep_runs, once was: a resume could then mix plans) */
    size_t size = strlen(p->generator != NULL ? p->generator : "") + strlen(metrics) + 256;
    char *t = malloc(size);
    if (t == NULL)
        return NULL;
    int k = snprintf(t, size,
                     "seed=%lu generator=%s replications=%ld batch=%ld precision=%.17g "
                     "max_replications=%ld precision_metrics=%s keep_runs=%d",
                     p->seed, p->generator != NULL ? p->generator : "", p->replications,
                     p->batch, p->precision, p->precision > 0 ? p->replications : 0L, metrics,
                     p->keep_runs);
    if (k < 0 || (size_t)k >= size) {
        free(t);
        return NULL;
    }
    return t;
}

unsigned long long cn_sweep_plan_hash(const char *scenario, size_t scenario_len,
                                      const char *design, size_t design_len, const char *plan)
{
    static const char sep[] = "\n--\n";
    unsigned long long h = cn_output_hash_more(CN_OUTPUT_HASH_INIT, scenario, scenario_len);
    h = cn_output_hash_more(h, sep, sizeof sep - 1);
    h = cn_output_hash_more(h, design, design_len);
    h = cn_output_hash_more(h, sep, sizeof sep - 1);
    return cn_output_hash_more(h, plan, strlen(plan));
}
