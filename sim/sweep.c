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

#include "cn_gsa.h"
#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_output.h"
#include "cn_param.h"
#include "cn_rng.h"
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

static void cache_free(struct cn_sweep_cache *c);

void cn_sweep_free(cn_sweep *sw)
{
    if (sw == NULL)
        return;
    if (sw->points != NULL)
        for (int p = 0; p < sw->n_points; p++) {
            free_strings(sw->points[p].sets, sw->points[p].n_sets);
            free(sw->points[p].set_from);
            free_strings(sw->points[p].labels, sw->n_factors);
            free(sw->points[p].x);
        }
    free(sw->points);
    cache_free(sw->cache);
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

/* Adds override text (copied) to pt, made by factor `from` (-1: none). */
static int point_add_set(cn_sweep_point *pt, const char *text, int from)
{
    char *s = dup_text(text);
    char **sets = s != NULL ? realloc(pt->sets, (size_t)(pt->n_sets + 1) * sizeof *sets) : NULL;
    if (sets == NULL) {
        free(s);
        return CN_ENOMEM;
    }
    pt->sets = sets;
    int *fr = realloc(pt->set_from, (size_t)(pt->n_sets + 1) * sizeof *fr);
    if (fr == NULL) {
        free(s);
        return CN_ENOMEM;
    }
    pt->set_from = fr;
    pt->set_from[pt->n_sets] = from;
    pt->sets[pt->n_sets++] = s;
    return CN_OK;
}

/* Factor k's label and number at point pt. */
static int point_label(cn_sweep_point *pt, int k, const char *label, double x)
{
    char *l = dup_text(label);
    if (l == NULL)
        return CN_ENOMEM;
    free(pt->labels[k]);
    pt->labels[k] = l;
    pt->x[k] = x;
    return CN_OK;
}

/* The overrides of lever i, made by factor `from`. */
static int point_lever(const cn_sweep *sw, cn_sweep_point *pt, int i, int from)
{
    const cn_lever *lv = &sw->s->levers[i];
    int rc = CN_OK;
    for (int j = 0; j < lv->n_sets && rc == CN_OK; j++)
        rc = point_add_set(pt, lv->sets[j], from);
    return rc;
}

/* Factor k at its level i: "path=level", or its lever's overrides. */
static int point_level(const cn_sweep *sw, cn_sweep_point *pt, int k, int i)
{
    const cn_sweep_factor *f = &sw->factors[k];
    int rc;
    if (f->lever != NULL) {
        rc = point_lever(sw, pt, f->lever[i], k);
    } else {
        size_t n = strlen(f->path) + strlen(f->levels[i]) + 2;
        char *text = malloc(n);
        if (text == NULL)
            return CN_ENOMEM;
        snprintf(text, n, "%s=%s", f->path, f->levels[i]);
        rc = point_add_set(pt, text, k);
        free(text);
    }
    return rc == CN_OK ? point_label(pt, k, f->labels[i], f->numeric[i]) : rc;
}

/* Factor k at u in [0, 1] of its range (integer factors rounded). */
static int point_ranged(const cn_sweep *sw, cn_sweep_point *pt, int k, double u)
{
    const cn_sweep_factor *f = &sw->factors[k];
    double v = f->lo + u * (f->hi - f->lo);
    char text[64], set[400];
    if (f->integer) {
        v = floor(v + 0.5);
        snprintf(text, sizeof text, "%.0f", v);
    } else {
        cn_sweep_format_double(v, text, sizeof text);
    }
    snprintf(set, sizeof set, "%s=%s", f->path, text);
    int rc = point_add_set(pt, set, k);
    return rc == CN_OK ? point_label(pt, k, text, v) : rc;
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
        for (int k = 0; k < sw->n_factors && rc == CN_OK; k++)
            rc = point_level(sw, pt, k, idx[k]);
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
                rc = point_level(sw, &sw->points[p], k, i);
            sw->points[p].factor = k;
        }
    }
    return rc;
}

/* The baseline, then the rows of X (rows x n_factors on [0, 1]), named
 * 1, 2, ... */
static int make_rows(cn_sweep *sw, const double *X, long rows)
{
    int rc = alloc_points(sw, rows + 1);
    for (long i = 0; i < rows && rc == CN_OK; i++) {
        cn_sweep_point *pt = &sw->points[i + 1];
        char name[32];
        snprintf(name, sizeof name, "%ld", i + 1);
        if ((rc = point_init(sw, pt, name, sw->factors[0].line)) != CN_OK)
            break;
        for (int k = 0; k < sw->n_factors && rc == CN_OK; k++)
            rc = point_ranged(sw, pt, k, X[(size_t)i * (size_t)sw->n_factors + (size_t)k]);
    }
    return rc;
}

/* The baseline, then `samples` points of gsl_qrng_sobol over the ranges. */
static int make_sobol(cn_sweep *sw)
{
    const int k = sw->n_factors;
    double *X = malloc((size_t)sw->samples * (size_t)k * sizeof *X);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)k);
    int rc = X != NULL && q != NULL ? CN_OK : CN_ENOMEM;
    for (int i = 0; i < sw->samples && rc == CN_OK; i++)
        gsl_qrng_get(q, X + (size_t)i * (size_t)k);
    if (q != NULL)
        gsl_qrng_free(q);
    if (rc == CN_OK)
        rc = make_rows(sw, X, sw->samples);
    free(X);
    return rc;
}

/* The baseline, then a Saltelli design of base size `samples`: the rows
 * of A, B, A_B^(1), ..., A_B^(k) (cn_gsa.h), in that order. */
static int make_saltelli(cn_sweep *sw)
{
    const int k = sw->n_factors;
    long rows = cn_gsa_saltelli_rows(k, sw->samples);
    double *X = malloc((size_t)rows * (size_t)k * sizeof *X);
    int rc = X == NULL ? CN_ENOMEM : cn_gsa_saltelli_sample(k, sw->samples, X);
    if (rc == CN_OK)
        rc = make_rows(sw, X, rows);
    free(X);
    return rc;
}

/* The baseline, then `trajectories` Morris trajectories on a grid of
 * morris_levels levels, drawn from a stream of the run's seed of their
 * own (CN_RNG_DESIGN_POINT). */
static int make_morris(cn_sweep *sw)
{
    const int k = sw->n_factors;
    long rows = cn_gsa_morris_rows(k, sw->trajectories);
    double *X = malloc((size_t)rows * (size_t)k * sizeof *X);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = X != NULL && r != NULL ? CN_OK : CN_ENOMEM;
    if (rc == CN_OK) {
        cn_rng_seed(r, (uint64_t)sw->s->run.seed, CN_RNG_DESIGN_POINT, 0);
        rc = cn_gsa_morris_sample(k, sw->trajectories, sw->morris_levels, r, X);
    }
    if (rc == CN_OK)
        rc = make_rows(sw, X, rows);
    gsl_rng_free(r);
    free(X);
    return rc;
}

/* A list design's points as written: each lever's overrides, then its own. */
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
        for (int j = 0; j < e->n_levers && rc == CN_OK; j++)
            rc = point_lever(sw, pt, e->levers[j], -1);
        for (int j = 0; j < e->n_sets && rc == CN_OK; j++)
            rc = point_add_set(pt, e->sets[j], -1);
        if (rc != CN_OK)
            return rc;
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
    sw->trajectories = sp->trajectories;
    sw->morris_levels = sp->morris_levels;
    sw->n_metrics = sp->n_metrics;
    sw->metrics = sp->metrics;
    sw->s = s;
    int rc;
    switch (sp->design) {
    case CN_SWEEP_GRID: rc = make_grid(sw); break;
    case CN_SWEEP_OAT: rc = make_oat(sw); break;
    case CN_SWEEP_SOBOL: rc = make_sobol(sw); break;
    case CN_SWEEP_SALTELLI: rc = make_saltelli(sw); break;
    case CN_SWEEP_MORRIS: rc = make_morris(sw); break;
    default: rc = make_list(sw, sp); break;
    }
    if (rc != CN_OK) {
        cn_diag_set(d, s->path, 0, NULL, "out of memory");
        cn_sweep_free(sw);
        return rc;
    }
    *out = sw;
    return CN_OK;
}

void cn_sweep_set_base(cn_sweep *sw, const char *const *sets, int n)
{
    sw->base_sets = sets;
    sw->n_base_sets = n;
}

/* ---- plain overrides: resolved paths, cached ----------------------------------------- */

typedef struct {
    char *path;  /* NULL: empty slot */
    int ok;      /* resolved to a plain setting */
    cn_param p;
} cache_slot;

struct cn_sweep_cache {
    cache_slot *slot;
    size_t cap, used; /* cap a power of 2 */
};

static void cache_free(struct cn_sweep_cache *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->cap; i++) {
        free(c->slot[i].path);
        cn_param_free(&c->slot[i].p);
    }
    free(c->slot);
    free(c);
}

static size_t path_hash(const char *s)
{
    return (size_t)cn_output_hash(s, strlen(s));
}

static int cache_grow(struct cn_sweep_cache *c)
{
    size_t cap = c->cap > 0 ? 2 * c->cap : 64;
    cache_slot *ns = calloc(cap, sizeof *ns);
    if (ns == NULL)
        return CN_ENOMEM;
    for (size_t i = 0; i < c->cap; i++) {
        if (c->slot[i].path == NULL)
            continue;
        size_t h = path_hash(c->slot[i].path) & (cap - 1);
        while (ns[h].path != NULL)
            h = (h + 1) & (cap - 1);
        ns[h] = c->slot[i];
    }
    free(c->slot);
    c->slot = ns;
    c->cap = cap;
    return CN_OK;
}

/* The resolved param of path in s (NULL when not plain or out of memory). */
static const cn_param *cached_param(cn_sweep *sw, const char *path)
{
    if (sw->cache == NULL && (sw->cache = calloc(1, sizeof *sw->cache)) == NULL)
        return NULL;
    struct cn_sweep_cache *c = sw->cache;
    if (2 * (c->used + 1) > c->cap && cache_grow(c) != CN_OK)
        return NULL;
    size_t h = path_hash(path) & (c->cap - 1);
    while (c->slot[h].path != NULL) {
        if (strcmp(c->slot[h].path, path) == 0)
            return c->slot[h].ok ? &c->slot[h].p : NULL;
        h = (h + 1) & (c->cap - 1);
    }
    cache_slot *e = &c->slot[h];
    if ((e->path = dup_text(path)) == NULL)
        return NULL;
    c->used++;
    e->ok = cn_param_resolve(sw->s, path, &e->p, NULL, 0) == CN_OK;
    return e->ok ? &e->p : NULL;
}

/* Override text as a plain setting and its value: the param, or NULL. */
static const cn_param *plain_set(cn_sweep *sw, const char *text, double *v)
{
    char path[256], value[128];
    if (!cn_param_split(text, path, sizeof path, value, sizeof value))
        return NULL;
    const cn_param *p = cached_param(sw, path);
    return p != NULL && cn_param_parse(p, value, v) ? p : NULL;
}

int cn_sweep_point_plain(cn_sweep *sw, int p)
{
    const cn_sweep_point *pt = &sw->points[p];
    for (int j = 0; j < pt->n_sets; j++) {
        double v;
        if (plain_set(sw, pt->sets[j], &v) == NULL)
            return 0;
    }
    return 1;
}

/* The file with the base overrides and n more (more[0..n-1]). */
static int load_with(const cn_sweep *sw, char *const *more, int n, cn_scenario **out, cn_diag *d)
{
    int nb = sw->n_base_sets, total = nb + n;
    const char **all = malloc((size_t)(total > 0 ? total : 1) * sizeof *all);
    if (all == NULL)
        return CN_ENOMEM;
    for (int i = 0; i < nb; i++)
        all[i] = sw->base_sets[i];
    for (int i = 0; i < n; i++)
        all[nb + i] = more[i];
    int rc = cn_load_scenario(sw->s->path, all, total, out, d);
    free(all);
    return rc;
}

int cn_sweep_point_scenario(cn_sweep *sw, int p, cn_sweep_scenario *x, cn_diag *d)
{
    memset(x, 0, sizeof *x);
    const cn_sweep_point *pt = &sw->points[p];
    if (!cn_sweep_point_plain(sw, p)) {
        int rc = load_with(sw, pt->sets, pt->n_sets, &x->loaded, d);
        x->s = x->loaded;
        return rc;
    }
    unsigned regions = 0;
    for (int j = 0; j < pt->n_sets; j++) {
        double v;
        regions |= cn_param_regions(plain_set(sw, pt->sets[j], &v));
    }
    if ((x->copy = malloc(sizeof *x->copy)) == NULL
        || cn_param_copy_init(x->copy, sw->s, regions) != CN_OK) {
        free(x->copy);
        x->copy = NULL;
        return cn_diag_set(d, sw->s->path, 0, NULL, "out of memory");
    }
    x->have_copy = 1;
    for (int j = 0; j < pt->n_sets; j++) {
        double v = 0.0;
        const cn_param *pp = plain_set(sw, pt->sets[j], &v);
        if (pp != NULL) /* always: the point is plain */
            cn_param_write(&x->copy->s, pp, v);
    }
    x->s = &x->copy->s;
    return CN_OK;
}

void cn_sweep_scenario_free(cn_sweep_scenario *x)
{
    if (x == NULL)
        return;
    cn_scenario_free(x->loaded);
    if (x->copy != NULL) {
        cn_param_copy_free(x->copy);
        free(x->copy);
    }
    memset(x, 0, sizeof *x);
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

/* Where a point's problem is reported: its factor (oat), the factor of
 * the override that failed (set_pos, 1-based among the point's), or its
 * list entry. */
static void point_where(const cn_sweep *sw, int p, int set_pos, char *path, size_t size,
                        int *line)
{
    const cn_sweep_point *pt = &sw->points[p];
    *line = pt->line;
    int from = set_pos >= 1 && set_pos <= pt->n_sets ? pt->set_from[set_pos - 1] : -1;
    int k = pt->factor >= 0 ? pt->factor : from >= 0 ? from : 0;
    if (sw->design == CN_SWEEP_LIST || (from < 0 && pt->factor < 0 && sw->n_factors == 0)) {
        snprintf(path, size, sw->design == CN_SWEEP_LIST ? "sweep.points.%d" : "sweep", p);
        return;
    }
    *line = sw->factors[k].line;
    snprintf(path, size, "sweep.factors.%d", k);
}

/* A point's load failed with e: into d at the point's factor or entry. */
static int point_failed(const cn_sweep *sw, int p, const cn_diag *e, cn_diag *d)
{
    const cn_sweep_point *pt = &sw->points[p];
    int pos = e->line - sw->n_base_sets;
    if (strcmp(e->file, "--set") != 0 || pos < 1) { /* the scenario or a --set of its own */
        *d = *e;
        return CN_EINPUT;
    }
    char where[CN_DIAG_SETTING], msg[CN_DIAG_FILE + CN_DIAG_SETTING + CN_DIAG_MSG + 16];
    int line;
    point_where(sw, p, pos, where, sizeof where, &line);
    const char *set = pos <= pt->n_sets ? pt->sets[pos - 1] : "";
    snprintf(msg, sizeof msg, "point '%s': %s: %s%s%s%s", pt->name, set,
             e->setting[0] != '\0' ? "setting '" : "", e->setting,
             e->setting[0] != '\0' ? "': " : "", e->msg);
    return cn_diag_set(d, sw->file, line, where, "%s", msg);
}

/* With run.uncertainty all: no plain override of point p sets what an
 * uncertain parameter draws. */
static int check_apart(cn_sweep *sw, int p, cn_diag *d)
{
    const cn_scenario *s = sw->s;
    if (s->run.uncertainty != CN_UNC_ALL)
        return CN_OK;
    const cn_sweep_point *pt = &sw->points[p];
    for (int j = 0; j < pt->n_sets; j++) {
        double v;
        const cn_param *q = plain_set(sw, pt->sets[j], &v);
        for (int u = 0; q != NULL && u < s->n_uncertain; u++)
            for (int k = 0; k < s->uncertain[u].n_params; k++)
                if (cn_param_overlap(q, &s->uncertain[u].params[k])) {
                    char where[CN_DIAG_SETTING];
                    int line;
                    point_where(sw, p, j + 1, where, sizeof where, &line);
                    return cn_diag_set(d, sw->file, line, where,
                                       "point '%s': %s sets what uncertain parameter '%s' "
                                       "draws: a factor or lever chooses, an uncertainty is "
                                       "drawn; keep them apart",
                                       pt->name, pt->sets[j], s->uncertain[u].name);
                }
    }
    return CN_OK;
}

/* Loads a point that is not plain and compares its columns with base. */
static int check_loaded(cn_sweep *sw, int p, const cn_metrics_layout *base, cn_diag *d)
{
    const cn_sweep_point *pt = &sw->points[p];
    cn_scenario *s = NULL;
    cn_diag e;
    int rc = load_with(sw, pt->sets, pt->n_sets, &s, &e);
    if (rc == CN_EINPUT || rc == CN_ELIMIT) {
        point_failed(sw, p, &e, d);
        return rc;
    }
    if (rc != CN_OK)
        return rc;
    cn_metrics_layout L;
    rc = cn_metrics_layout_init(s, &L);
    cn_scenario_free(s);
    if (rc != CN_OK)
        return rc;
    if (!same_layout(base, &L)) {
        char where[CN_DIAG_SETTING];
        int line;
        point_where(sw, p, 0, where, sizeof where, &line);
        rc = cn_diag_set(d, sw->file, line, where,
                         "point '%s' changes the scenario's metrics (forums or dimensions); "
                         "every point must report the same columns", pt->name);
    }
    cn_metrics_layout_free(&L);
    return rc;
}

/* Every lever, as a point of its own would be: plain, else loaded. */
static int check_levers(cn_sweep *sw, cn_diag *d)
{
    const cn_scenario *s = sw->s;
    for (int i = 0; i < s->n_levers; i++) {
        const cn_lever *lv = &s->levers[i];
        int plain = 1;
        for (int j = 0; j < lv->n_sets && plain; j++) {
            double v;
            plain = plain_set(sw, lv->sets[j], &v) != NULL;
        }
        if (plain)
            continue;
        cn_scenario *x = NULL;
        cn_diag e;
        cn_diag_clear(&e);
        int rc = load_with(sw, lv->sets, lv->n_sets, &x, &e);
        cn_scenario_free(x);
        if (rc != CN_OK) {
            int pos = e.line - sw->n_base_sets;
            if (strcmp(e.file, "--set") != 0 || pos < 1 || pos > lv->n_sets)
                *d = e;
            else
                cn_diag_set(d, s->path, lv->line, "levers", "lever '%s': %s: %s%s%s%s", lv->name,
                            lv->sets[pos - 1], e.setting[0] != '\0' ? "setting '" : "",
                            e.setting, e.setting[0] != '\0' ? "': " : "", e.msg);
            return rc;
        }
    }
    return CN_OK;
}

int cn_sweep_check(cn_sweep *sw, const cn_scenario *s0, cn_diag *d)
{
    cn_diag local;
    if (d == NULL)
        d = &local;
    cn_diag_clear(d);
    sw->s = s0;
    /* the reference columns: the baseline's */
    cn_sweep_scenario bx;
    cn_metrics_layout base;
    cn_diag e;
    int rc = cn_sweep_point_scenario(sw, sw->baseline, &bx, &e);
    if (rc == CN_EINPUT || rc == CN_ELIMIT)
        point_failed(sw, sw->baseline, &e, d);
    if (rc == CN_OK)
        rc = cn_metrics_layout_init(bx.s, &base);
    cn_sweep_scenario_free(&bx);
    if (rc != CN_OK)
        return rc;
    for (int i = 0; i < sw->n_points && rc == CN_OK; i++) {
        /* the baseline first */
        int p = i == 0 ? sw->baseline : (i <= sw->baseline ? i - 1 : i);
        if (cn_sweep_point_plain(sw, p))
            rc = check_apart(sw, p, d);
        else if (p != sw->baseline)
            rc = check_loaded(sw, p, &base, d);
    }
    if (rc == CN_OK)
        rc = check_levers(sw, d);
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
