/* sweep.c - sweep designs: reads the `sweep` group of a scenario file and
 * generates its points (cn_sweep.h).
 *
 * The scenario loader accepts `sweep` as an opaque setting; this module
 * reads the same file with libconfig, checks the group setting by setting
 * (FILE:LINE: setting 'sweep.x': what was expected, with a did-you-mean for
 * misspelled names), and turns factors and levels into points: each point
 * is a list of "path=value" overrides with the value in libconfig syntax,
 * so the loader validates it like a --set.  Values are written back
 * exactly: floats in the shortest text that reads back to the same double.
 */
#include "cn_sweep.h"

#include <errno.h>
#include <stdarg.h>
#include <libconfig.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>

#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_output.h"
#include "cn_scenario.h"
#include "cn_suggest.h"

#define CN_SWEEP_TEXT 4096 /* longest level text */

static const char *const design_names[] = {"grid", "oat", "sobol", "list"};
static const char *const sweep_settings[] = {
    "design", "factors", "points", "samples", "replications", "batch",
    "precision", "max_replications", "metrics", "baseline",
};
static const char *const factor_settings[] = {"path", "name", "levels", "range", "integer"};
static const char *const point_settings[] = {"name", "set"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

typedef struct {
    cn_diag *d;
    const char *name; /* the main file, for settings without a file of their own */
} ctx;

const char *cn_sweep_design_name(cn_sweep_design d)
{
    return (unsigned)d < NELEM(design_names) ? design_names[d] : "?";
}

/* ---- messages ------------------------------------------------------------ */

static int fail(ctx *c, const config_setting_t *at, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int fail(ctx *c, const config_setting_t *at, const char *path, const char *fmt, ...)
{
    char msg[CN_DIAG_MSG];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *file = at != NULL ? config_setting_source_file(at) : NULL;
    int line = at != NULL ? (int)config_setting_source_line(at) : 0;
    cn_diag_set(c->d, file != NULL ? file : c->name, line, path, "%s", msg);
    return CN_EINPUT;
}

static int fail_limit(ctx *c, const config_setting_t *at, const char *path, const char *what,
                      long limit, long got)
{
    fail(c, at, path, "too many %s: at most %ld, got %ld", what, limit, got);
    return CN_ELIMIT;
}

static const char *type_name(const config_setting_t *st)
{
    switch (config_setting_type(st)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64: return "an integer";
    case CONFIG_TYPE_FLOAT: return "a float";
    case CONFIG_TYPE_STRING: return "a string";
    case CONFIG_TYPE_BOOL: return "a bool";
    case CONFIG_TYPE_ARRAY: return "an array";
    case CONFIG_TYPE_LIST: return "a list";
    case CONFIG_TYPE_GROUP: return "a group";
    default: return "nothing";
    }
}

static int unknown(ctx *c, const config_setting_t *at, const char *path, const char *name,
                   const char *const *known, size_t n)
{
    const char *best = cn_suggest(name, known, n);
    if (best != NULL)
        return fail(c, at, path, "unknown setting '%s' (did you mean '%s'?)", name, best);
    return fail(c, at, path, "unknown setting '%s'", name);
}

static int check_names(ctx *c, const config_setting_t *g, const char *path,
                       const char *const *known, size_t n)
{
    int len = config_setting_length(g);
    for (int i = 0; i < len; i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *nm = config_setting_name(m);
        size_t k;
        for (k = 0; k < n; k++)
            if (strcmp(nm, known[k]) == 0)
                break;
        if (k == n) {
            char p[CN_DIAG_SETTING];
            snprintf(p, sizeof p, "%s.%s", path, nm);
            return unknown(c, m, p, nm, known, n);
        }
    }
    return CN_OK;
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
static int append(char *buf, size_t size, const char *s)
{
    size_t len = strlen(buf), add = strlen(s);
    if (len + add + 1 > size)
        return CN_ELIMIT;
    memcpy(buf + len, s, add + 1);
    return CN_OK;
}

/* The libconfig text of a value; label: the same, but strings unquoted. */
static int value_text(const config_setting_t *st, char *buf, size_t size, int label)
{
    char tmp[64];
    buf[0] = '\0';
    switch (config_setting_type(st)) {
    case CONFIG_TYPE_INT:
        snprintf(tmp, sizeof tmp, "%d", config_setting_get_int(st));
        return append(buf, size, tmp);
    case CONFIG_TYPE_INT64:
        snprintf(tmp, sizeof tmp, "%lld", config_setting_get_int64(st));
        return append(buf, size, tmp);
    case CONFIG_TYPE_FLOAT:
        return append(buf, size, cn_sweep_format_double(config_setting_get_float(st), tmp,
                                                        sizeof tmp));
    case CONFIG_TYPE_BOOL:
        return append(buf, size, config_setting_get_bool(st) ? "true" : "false");
    case CONFIG_TYPE_STRING: {
        const char *s = config_setting_get_string(st);
        if (label)
            return append(buf, size, s);
        if (append(buf, size, "\"") != CN_OK)
            return CN_ELIMIT;
        for (const char *p = s; *p != '\0'; p++) {
            char e[8];
            if (*p == '"' || *p == '\\')
                snprintf(e, sizeof e, "\\%c", *p);
            else if (*p == '\n')
                snprintf(e, sizeof e, "\\n");
            else
                snprintf(e, sizeof e, "%c", *p);
            if (append(buf, size, e) != CN_OK)
                return CN_ELIMIT;
        }
        return append(buf, size, "\"");
    }
    case CONFIG_TYPE_ARRAY:
    case CONFIG_TYPE_LIST:
    case CONFIG_TYPE_GROUP: {
        int type = config_setting_type(st);
        const char *open = type == CONFIG_TYPE_ARRAY ? "[" : type == CONFIG_TYPE_LIST ? "(" : "{ ";
        const char *close = type == CONFIG_TYPE_ARRAY ? "]" : type == CONFIG_TYPE_LIST ? ")" : "}";
        if (append(buf, size, open) != CN_OK)
            return CN_ELIMIT;
        int n = config_setting_length(st);
        for (int i = 0; i < n; i++) {
            const config_setting_t *e = config_setting_get_elem(st, (unsigned)i);
            char *sub = malloc(size);
            if (sub == NULL)
                return CN_ENOMEM;
            int rc = value_text(e, sub, size, 0);
            if (rc == CN_OK && type == CONFIG_TYPE_GROUP) {
                rc = append(buf, size, config_setting_name(e));
                if (rc == CN_OK)
                    rc = append(buf, size, " = ");
            } else if (rc == CN_OK && i > 0) {
                rc = append(buf, size, ", ");
            }
            if (rc == CN_OK)
                rc = append(buf, size, sub);
            if (rc == CN_OK && type == CONFIG_TYPE_GROUP)
                rc = append(buf, size, "; ");
            free(sub);
            if (rc != CN_OK)
                return rc;
        }
        return append(buf, size, close);
    }
    default:
        return CN_EINPUT;
    }
}

static double value_number(const config_setting_t *st)
{
    switch (config_setting_type(st)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64: return (double)config_setting_get_int64(st);
    case CONFIG_TYPE_FLOAT: return config_setting_get_float(st);
    case CONFIG_TYPE_BOOL: return config_setting_get_bool(st) ? 1.0 : 0.0;
    default: return NAN;
    }
}

static int is_number(const config_setting_t *st)
{
    int t = config_setting_type(st);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

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
    for (int f = 0; f < sw->n_factors; f++) {
        free_strings(sw->factors[f].levels, sw->factors[f].n_levels);
        free_strings(sw->factors[f].labels, sw->factors[f].n_levels);
        free(sw->factors[f].numeric);
    }
    free(sw->factors);
    if (sw->points != NULL)
        for (int p = 0; p < sw->n_points; p++) {
            free_strings(sw->points[p].sets, sw->points[p].n_sets);
            free_strings(sw->points[p].labels, sw->n_factors);
            free(sw->points[p].x);
        }
    free(sw->points);
    free_strings(sw->metrics, sw->n_metrics);
    free(sw);
}

/* ---- scalar settings -------------------------------------------------------------- */

static int get_long(ctx *c, const config_setting_t *g, const char *name, long lo, long hi,
                    long *out)
{
    const config_setting_t *st = config_setting_get_member(g, name);
    char p[CN_DIAG_SETTING];
    snprintf(p, sizeof p, "sweep.%s", name);
    if (st == NULL)
        return CN_OK;
    int t = config_setting_type(st);
    if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
        return fail(c, st, p, "expected an integer, got %s", type_name(st));
    long long v = config_setting_get_int64(st);
    if (v < lo || v > hi)
        return fail(c, st, p, "expected an integer in [%ld, %ld], got %lld", lo, hi, v);
    *out = (long)v;
    return CN_OK;
}

/* ---- factors -------------------------------------------------------------------- */

static int read_factor(ctx *c, cn_sweep *sw, const config_setting_t *fs, int k)
{
    cn_sweep_factor *f = &sw->factors[k];
    char p[64], q[128];
    snprintf(p, sizeof p, "sweep.factors.%d", k);
    f->line = (int)config_setting_source_line(fs);
    if (!config_setting_is_group(fs))
        return fail(c, fs, p, "expected a group { path = ...; levels = [...]; }, got %s",
                    type_name(fs));
    int rc = check_names(c, fs, p, factor_settings, NELEM(factor_settings));
    if (rc != CN_OK)
        return rc;
    const config_setting_t *st = config_setting_get_member(fs, "path");
    snprintf(q, sizeof q, "%s.path", p);
    if (st == NULL)
        return fail(c, fs, q, "missing: every factor needs a path, e.g. path = \"model.beta\";");
    if (config_setting_type(st) != CONFIG_TYPE_STRING)
        return fail(c, st, q, "expected a string, got %s", type_name(st));
    const char *path = config_setting_get_string(st);
    if (path[0] == '\0' || strchr(path, '=') != NULL || strlen(path) >= sizeof f->path)
        return fail(c, st, q, "expected a setting path such as \"forums.OEWG.footnotes\", got \"%s\"",
                    path);
    if (strncmp(path, "run.", 4) == 0 || strcmp(path, "run") == 0)
        return fail(c, st, q, "run settings cannot be swept: every point uses the same seed, "
                              "generator and replications (common random numbers)");
    if (strncmp(path, "sweep", 5) == 0 && (path[5] == '\0' || path[5] == '.'))
        return fail(c, st, q, "the sweep cannot sweep itself");
    for (int j = 0; j < k; j++)
        if (strcmp(sw->factors[j].path, path) == 0)
            return fail(c, st, q, "factor '%s' is already defined (line %d)", path,
                        sw->factors[j].line);
    snprintf(f->path, sizeof f->path, "%s", path);
    snprintf(f->name, sizeof f->name, "%s", path);
    if ((st = config_setting_get_member(fs, "name")) != NULL) {
        snprintf(q, sizeof q, "%s.name", p);
        if (config_setting_type(st) != CONFIG_TYPE_STRING)
            return fail(c, st, q, "expected a string, got %s", type_name(st));
        const char *nm = config_setting_get_string(st);
        if (nm[0] == '\0' || strlen(nm) >= sizeof f->name)
            return fail(c, st, q, "expected a name of 1 to %zu characters", sizeof f->name - 1);
        snprintf(f->name, sizeof f->name, "%s", nm);
    }
    for (int j = 0; j < k; j++)
        if (strcmp(sw->factors[j].name, f->name) == 0)
            return fail(c, fs, p, "two factors are named '%s'", f->name);

    const config_setting_t *lv = config_setting_get_member(fs, "levels");
    const config_setting_t *rg = config_setting_get_member(fs, "range");
    const config_setting_t *it = config_setting_get_member(fs, "integer");
    if (sw->design == CN_SWEEP_SOBOL) {
        snprintf(q, sizeof q, "%s.range", p);
        if (lv != NULL)
            return fail(c, lv, q, "a sobol design takes a range = [lo, hi], not levels");
        if (rg == NULL)
            return fail(c, fs, q, "missing: a sobol factor needs range = [lo, hi];");
        if (!config_setting_is_aggregate(rg) || config_setting_length(rg) != 2
            || config_setting_is_group(rg) || !is_number(config_setting_get_elem(rg, 0))
            || !is_number(config_setting_get_elem(rg, 1)))
            return fail(c, rg, q, "expected two numbers [lo, hi]");
        f->lo = value_number(config_setting_get_elem(rg, 0));
        f->hi = value_number(config_setting_get_elem(rg, 1));
        if (!isfinite(f->lo) || !isfinite(f->hi) || !(f->lo < f->hi))
            return fail(c, rg, q, "expected finite lo < hi, got [%g, %g]", f->lo, f->hi);
        if (it != NULL) {
            snprintf(q, sizeof q, "%s.integer", p);
            if (config_setting_type(it) != CONFIG_TYPE_BOOL)
                return fail(c, it, q, "expected true or false, got %s", type_name(it));
            f->integer = config_setting_get_bool(it);
            if (f->integer && (f->lo != floor(f->lo) || f->hi != floor(f->hi)))
                return fail(c, rg, q, "an integer factor needs integer bounds, got [%g, %g]",
                            f->lo, f->hi);
        }
        return CN_OK;
    }
    snprintf(q, sizeof q, "%s.levels", p);
    if (rg != NULL || it != NULL)
        return fail(c, rg != NULL ? rg : it, q,
                    "range and integer belong to a sobol design; a %s factor takes levels",
                    cn_sweep_design_name(sw->design));
    if (lv == NULL)
        return fail(c, fs, q, "missing: a factor needs levels = [...], e.g. levels = [0, 3, 6];");
    if (!config_setting_is_array(lv) && !config_setting_is_list(lv))
        return fail(c, lv, q, "expected an array or list of values, got %s", type_name(lv));
    int n = config_setting_length(lv);
    if (n == 0)
        return fail(c, lv, q, "expected at least one level (a sweep with zero points)");
    if (n > CN_SWEEP_MAX_LEVELS)
        return fail_limit(c, lv, q, "levels", CN_SWEEP_MAX_LEVELS, n);
    f->levels = calloc((size_t)n, sizeof *f->levels);
    f->labels = calloc((size_t)n, sizeof *f->labels);
    f->numeric = calloc((size_t)n, sizeof *f->numeric);
    if (f->levels == NULL || f->labels == NULL || f->numeric == NULL)
        return CN_ENOMEM;
    f->n_levels = n;
    char *buf = malloc(CN_SWEEP_TEXT);
    if (buf == NULL)
        return CN_ENOMEM;
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(lv, (unsigned)i);
        char r[160];
        snprintf(r, sizeof r, "%s.%d", q, i);
        rc = value_text(e, buf, CN_SWEEP_TEXT, 0);
        if (rc == CN_OK && (f->levels[i] = dup_text(buf)) == NULL)
            rc = CN_ENOMEM;
        if (rc == CN_OK)
            rc = value_text(e, buf, CN_SWEEP_TEXT, 1);
        if (rc == CN_OK && (f->labels[i] = dup_text(buf)) == NULL)
            rc = CN_ENOMEM;
        if (rc == CN_ELIMIT)
            rc = fail(c, e, r, "a level longer than %d characters", CN_SWEEP_TEXT - 1);
        if (rc != CN_OK) {
            free(buf);
            return rc;
        }
        f->numeric[i] = value_number(e);
        for (int j = 0; j < i; j++)
            if (strcmp(f->levels[j], f->levels[i]) == 0) {
                free(buf);
                return fail(c, e, r, "level %s is listed twice", f->levels[i]);
            }
    }
    free(buf);
    return CN_OK;
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

static int alloc_points(ctx *c, cn_sweep *sw, const config_setting_t *at, const char *path,
                        long n)
{
    if (n > CN_SWEEP_MAX_POINTS)
        return fail_limit(c, at, path, "points", CN_SWEEP_MAX_POINTS, n);
    sw->points = calloc((size_t)n, sizeof *sw->points);
    if (sw->points == NULL)
        return CN_ENOMEM;
    sw->n_points = (int)n;
    return CN_OK;
}

/* The number of points of a grid (the product of the factors' levels,
 * plus the baseline) in decimal, exact however large (32 factors of 1000
 * levels: 97 digits), into buf. */
static void grid_count_text(const cn_sweep *sw, char *buf, size_t size)
{
    unsigned char dig[128] = {1}; /* little-endian decimal digits */
    int nd = 1;
    for (int k = 0; k < sw->n_factors; k++) {
        unsigned carry = 0;
        for (int i = 0; i < nd; i++) {
            unsigned v = dig[i] * (unsigned)sw->factors[k].n_levels + carry;
            dig[i] = (unsigned char)(v % 10);
            carry = v / 10;
        }
        for (; carry > 0 && nd < (int)sizeof dig; carry /= 10)
            dig[nd++] = (unsigned char)(carry % 10);
    }
    for (int i = 0; i < nd; i++) { /* + 1: the baseline */
        if (++dig[i] < 10)
            break;
        dig[i] = 0;
        if (i == nd - 1 && nd < (int)sizeof dig)
            dig[nd++] = 0;
    }
    size_t j = 0;
    for (int i = nd - 1; i >= 0 && j + 1 < size; i--)
        buf[j++] = (char)('0' + dig[i]);
    buf[j] = '\0';
}

static int make_grid(ctx *c, cn_sweep *sw, const config_setting_t *at)
{
    long n = 1;
    for (int k = 0; k < sw->n_factors; k++) {
        n *= sw->factors[k].n_levels;
        if (n > CN_SWEEP_MAX_POINTS) {
            /* say the grid's real size, not the product so far */
            char count[160];
            grid_count_text(sw, count, sizeof count);
            fail(c, at, "sweep.factors", "too many points: at most %d, got %s",
                 CN_SWEEP_MAX_POINTS, count);
            return CN_ELIMIT;
        }
    }
    int rc = alloc_points(c, sw, at, "sweep.factors", n + 1);
    if (rc != CN_OK)
        return rc;
    if ((rc = point_init(sw, &sw->points[0], "baseline", sw->line)) != CN_OK)
        return rc;
    int idx[CN_SWEEP_MAX_FACTORS] = {0};
    for (long i = 0; i < n; i++) {
        cn_sweep_point *pt = &sw->points[i + 1];
        char name[32];
        snprintf(name, sizeof name, "%ld", i + 1);
        if ((rc = point_init(sw, pt, name, sw->factors[0].line)) != CN_OK)
            return rc;
        for (int k = 0; k < sw->n_factors; k++) {
            const cn_sweep_factor *f = &sw->factors[k];
            if ((rc = point_set(sw, pt, k, f->levels[idx[k]], f->labels[idx[k]],
                                f->numeric[idx[k]])) != CN_OK)
                return rc;
        }
        for (int k = sw->n_factors - 1; k >= 0; k--) {
            if (++idx[k] < sw->factors[k].n_levels)
                break;
            idx[k] = 0;
        }
    }
    return CN_OK;
}

static int make_oat(ctx *c, cn_sweep *sw, const config_setting_t *at)
{
    long n = 1;
    for (int k = 0; k < sw->n_factors; k++)
        n += sw->factors[k].n_levels;
    int rc = alloc_points(c, sw, at, "sweep.factors", n);
    if (rc != CN_OK)
        return rc;
    if ((rc = point_init(sw, &sw->points[0], "baseline", sw->line)) != CN_OK)
        return rc;
    int p = 1;
    for (int k = 0; k < sw->n_factors; k++) {
        const cn_sweep_factor *f = &sw->factors[k];
        for (int i = 0; i < f->n_levels; i++, p++) {
            char name[CN_SWEEP_NAME];
            snprintf(name, sizeof name, "%.40s=%.40s", f->name, f->labels[i]);
            if ((rc = point_init(sw, &sw->points[p], name, f->line)) != CN_OK
                || (rc = point_set(sw, &sw->points[p], k, f->levels[i], f->labels[i],
                                   f->numeric[i])) != CN_OK)
                return rc;
            sw->points[p].factor = k;
        }
    }
    return CN_OK;
}

static int make_sobol(ctx *c, cn_sweep *sw, const config_setting_t *at)
{
    if (sw->n_factors > CN_SWEEP_MAX_SOBOL)
        return fail_limit(c, at, "sweep.factors", "factors for a sobol design",
                          CN_SWEEP_MAX_SOBOL, sw->n_factors);
    int rc = alloc_points(c, sw, at, "sweep.samples", (long)sw->samples + 1);
    if (rc != CN_OK)
        return rc;
    if ((rc = point_init(sw, &sw->points[0], "baseline", sw->line)) != CN_OK)
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

static int make_list(ctx *c, cn_sweep *sw, const config_setting_t *ps)
{
    if (ps == NULL)
        return fail(c, NULL, "sweep.points",
                    "missing: a list design needs points = ( { name = \"...\"; set = [...]; }, ... );");
    if (!config_setting_is_list(ps) && !(config_setting_is_array(ps) && config_setting_length(ps) == 0))
        return fail(c, ps, "sweep.points", "expected a list of groups ( { ... }, ... ), got %s",
                    type_name(ps));
    int n = config_setting_length(ps);
    if (n == 0)
        return fail(c, ps, "sweep.points", "expected at least one point (a sweep with zero points)");
    int rc = alloc_points(c, sw, ps, "sweep.points", n);
    if (rc != CN_OK)
        return rc;
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(ps, (unsigned)i);
        char p[64], q[128];
        snprintf(p, sizeof p, "sweep.points.%d", i);
        if (!config_setting_is_group(g))
            return fail(c, g, p, "expected a group { name = \"...\"; set = [...]; }, got %s",
                        type_name(g));
        if ((rc = check_names(c, g, p, point_settings, NELEM(point_settings))) != CN_OK)
            return rc;
        const config_setting_t *nm = config_setting_get_member(g, "name");
        snprintf(q, sizeof q, "%s.name", p);
        if (nm == NULL)
            return fail(c, g, q, "missing: every point needs a name");
        if (config_setting_type(nm) != CONFIG_TYPE_STRING)
            return fail(c, nm, q, "expected a string, got %s", type_name(nm));
        const char *name = config_setting_get_string(nm);
        if (name[0] == '\0' || strlen(name) >= CN_SWEEP_NAME)
            return fail(c, nm, q, "expected a name of 1 to %d characters", CN_SWEEP_NAME - 1);
        for (int j = 0; j < i; j++)
            if (strcmp(sw->points[j].name, name) == 0)
                return fail(c, nm, q, "point '%s' is already defined (line %d)", name,
                            sw->points[j].line);
        cn_sweep_point *pt = &sw->points[i];
        if ((rc = point_init(sw, pt, name, (int)config_setting_source_line(g))) != CN_OK)
            return rc;
        const config_setting_t *set = config_setting_get_member(g, "set");
        if (set == NULL)
            continue; /* the scenario as written */
        snprintf(q, sizeof q, "%s.set", p);
        if (config_setting_type(set) == CONFIG_TYPE_STRING) {
            /* one override */
        } else if (!config_setting_is_array(set) && !config_setting_is_list(set)) {
            return fail(c, set, q, "expected an array of \"path=value\" strings, got %s",
                        type_name(set));
        }
        int m = config_setting_type(set) == CONFIG_TYPE_STRING ? 1 : config_setting_length(set);
        pt->sets = calloc((size_t)(m > 0 ? m : 1), sizeof *pt->sets);
        if (pt->sets == NULL)
            return CN_ENOMEM;
        for (int j = 0; j < m; j++) {
            const config_setting_t *e = config_setting_type(set) == CONFIG_TYPE_STRING
                                            ? set
                                            : config_setting_get_elem(set, (unsigned)j);
            char r[160];
            snprintf(r, sizeof r, "%s.%d", q, j);
            if (config_setting_type(e) != CONFIG_TYPE_STRING)
                return fail(c, e, r, "expected a \"path=value\" string, got %s", type_name(e));
            const char *s = config_setting_get_string(e);
            const char *eq = strchr(s, '=');
            if (eq == NULL || eq == s || eq[1] == '\0')
                return fail(c, e, r, "expected \"path=value\" (e.g. \"model.beta=12\"), got \"%s\"",
                            s);
            if (strncmp(s, "run.", 4) == 0 || strncmp(s, "sweep", 5) == 0)
                return fail(c, e, r, "run and sweep settings cannot change between points");
            if ((pt->sets[j] = dup_text(s)) == NULL)
                return CN_ENOMEM;
            pt->n_sets = j + 1;
        }
    }
    return CN_OK;
}

/* ---- the group ----------------------------------------------------------------------- */

static int read_metrics(ctx *c, cn_sweep *sw, const config_setting_t *ms)
{
    if (!config_setting_is_array(ms) && !config_setting_is_list(ms))
        return fail(c, ms, "sweep.metrics", "expected an array of metric names, got %s",
                    type_name(ms));
    int n = config_setting_length(ms);
    if (n == 0)
        return fail(c, ms, "sweep.metrics", "expected at least one metric name");
    if (n > CN_SWEEP_MAX_METRICS)
        return fail_limit(c, ms, "sweep.metrics", "metrics", CN_SWEEP_MAX_METRICS, n);
    sw->metrics = calloc((size_t)n, sizeof *sw->metrics);
    if (sw->metrics == NULL)
        return CN_ENOMEM;
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(ms, (unsigned)i);
        char r[CN_DIAG_SETTING];
        snprintf(r, sizeof r, "sweep.metrics.%d", i);
        if (config_setting_type(e) != CONFIG_TYPE_STRING)
            return fail(c, e, r, "expected a metric name such as \"OEWG.adopted\", got %s",
                        type_name(e));
        if ((sw->metrics[i] = dup_text(config_setting_get_string(e))) == NULL)
            return CN_ENOMEM;
        sw->n_metrics = i + 1;
    }
    return CN_OK;
}

static int read_sweep(ctx *c, const config_t *cfg, cn_sweep *sw)
{
    const config_setting_t *g = config_lookup(cfg, "sweep");
    if (g == NULL)
        return fail(c, NULL, "sweep",
                    "missing: the scenario has no sweep = { design = \"grid\"; factors = (...); }; "
                    "group (docs/sweeps.md)");
    const char *gf = config_setting_source_file(g);
    snprintf(sw->file, sizeof sw->file, "%s", gf != NULL ? gf : c->name);
    sw->line = (int)config_setting_source_line(g);
    if (!config_setting_is_group(g))
        return fail(c, g, "sweep", "expected a group { design = ...; ... }, got %s", type_name(g));
    int rc = check_names(c, g, "sweep", sweep_settings, NELEM(sweep_settings));
    if (rc != CN_OK)
        return rc;
    const config_setting_t *st = config_setting_get_member(g, "design");
    if (st == NULL)
        return fail(c, g, "sweep.design", "missing: expected design = \"grid\", \"oat\", "
                                          "\"sobol\" or \"list\";");
    if (config_setting_type(st) != CONFIG_TYPE_STRING)
        return fail(c, st, "sweep.design", "expected a string, got %s", type_name(st));
    const char *dn = config_setting_get_string(st);
    size_t k;
    for (k = 0; k < NELEM(design_names); k++)
        if (strcmp(dn, design_names[k]) == 0)
            break;
    if (k == NELEM(design_names)) {
        const char *best = cn_suggest(dn, design_names, NELEM(design_names));
        if (best != NULL)
            return fail(c, st, "sweep.design", "unknown design '%s' (did you mean '%s'?)", dn,
                        best);
        return fail(c, st, "sweep.design",
                    "unknown design '%s' (expected grid, oat, sobol or list)", dn);
    }
    sw->design = (cn_sweep_design)k;

    long v = 0;
    if ((rc = get_long(c, g, "replications", 1, CN_MAX_REPLICATIONS, &sw->replications)) != CN_OK
        || (rc = get_long(c, g, "batch", 1, 1000000, &sw->batch)) != CN_OK
        || (rc = get_long(c, g, "max_replications", 1, CN_MAX_REPLICATIONS,
                          &sw->max_replications)) != CN_OK)
        return rc;
    v = CN_SWEEP_DEFAULT_SAMPLES;
    if ((rc = get_long(c, g, "samples", 2, CN_SWEEP_MAX_POINTS - 1, &v)) != CN_OK)
        return rc;
    sw->samples = (int)v;
    if ((st = config_setting_get_member(g, "samples")) != NULL && sw->design != CN_SWEEP_SOBOL)
        return fail(c, st, "sweep.samples", "samples belongs to a sobol design, not %s",
                    cn_sweep_design_name(sw->design));
    if ((st = config_setting_get_member(g, "precision")) != NULL) {
        if (!is_number(st))
            return fail(c, st, "sweep.precision", "expected a number, got %s", type_name(st));
        double p = value_number(st);
        if (!(p > 0.0 && p < 1.0))
            return fail(c, st, "sweep.precision",
                        "expected a 95%% interval width in (0, 1), e.g. 0.02, got %g", p);
        sw->precision = p;
    }
    if ((st = config_setting_get_member(g, "metrics")) != NULL
        && (rc = read_metrics(c, sw, st)) != CN_OK)
        return rc;

    const config_setting_t *fs = config_setting_get_member(g, "factors");
    const config_setting_t *ps = config_setting_get_member(g, "points");
    if (sw->design == CN_SWEEP_LIST) {
        if (fs != NULL)
            return fail(c, fs, "sweep.factors",
                        "a list design names its points (points = (...)), not factors");
        if ((rc = make_list(c, sw, ps)) != CN_OK)
            return rc;
    } else {
        if (ps != NULL)
            return fail(c, ps, "sweep.points",
                        "points belong to a list design; a %s design takes factors",
                        cn_sweep_design_name(sw->design));
        if (fs == NULL)
            return fail(c, g, "sweep.factors",
                        "missing: a %s design needs factors = ( { path = ...; ... }, ... );",
                        cn_sweep_design_name(sw->design));
        if (!config_setting_is_list(fs) && !(config_setting_is_array(fs) && config_setting_length(fs) == 0))
            return fail(c, fs, "sweep.factors", "expected a list of groups ( { ... }, ... ), got %s",
                        type_name(fs));
        int n = config_setting_length(fs);
        if (n == 0)
            return fail(c, fs, "sweep.factors",
                        "expected at least one factor (a sweep with zero points)");
        if (n > CN_SWEEP_MAX_FACTORS)
            return fail_limit(c, fs, "sweep.factors", "factors", CN_SWEEP_MAX_FACTORS, n);
        sw->factors = calloc((size_t)n, sizeof *sw->factors);
        if (sw->factors == NULL)
            return CN_ENOMEM;
        sw->n_factors = n;
        for (int i = 0; i < n; i++)
            if ((rc = read_factor(c, sw, config_setting_get_elem(fs, (unsigned)i), i)) != CN_OK)
                return rc;
        rc = sw->design == CN_SWEEP_GRID  ? make_grid(c, sw, fs)
             : sw->design == CN_SWEEP_OAT ? make_oat(c, sw, fs)
                                          : make_sobol(c, sw, fs);
        if (rc != CN_OK)
            return rc;
    }

    sw->baseline = 0;
    if ((st = config_setting_get_member(g, "baseline")) != NULL) {
        if (sw->design != CN_SWEEP_LIST)
            return fail(c, st, "sweep.baseline",
                        "baseline names a point of a list design; a %s design's baseline is "
                        "the scenario as written", cn_sweep_design_name(sw->design));
        if (config_setting_type(st) != CONFIG_TYPE_STRING)
            return fail(c, st, "sweep.baseline", "expected a point's name, got %s",
                        type_name(st));
        const char *bn = config_setting_get_string(st);
        int b = -1;
        for (int p = 0; p < sw->n_points; p++)
            if (strcmp(sw->points[p].name, bn) == 0)
                b = p;
        if (b < 0) {
            const char **names = malloc((size_t)sw->n_points * sizeof *names);
            if (names == NULL)
                return CN_ENOMEM;
            for (int p = 0; p < sw->n_points; p++)
                names[p] = sw->points[p].name;
            const char *best = cn_suggest(bn, names, (size_t)sw->n_points);
            if (best != NULL)
                rc = fail(c, st, "sweep.baseline", "unknown point '%s' (did you mean '%s'?)", bn,
                          best);
            else
                rc = fail(c, st, "sweep.baseline", "unknown point '%s'", bn);
            free(names);
            return rc;
        }
        sw->baseline = b;
    }
    if (sw->precision == 0.0 && (st = config_setting_get_member(g, "max_replications")) != NULL)
        return fail(c, st, "sweep.max_replications",
                    "max_replications caps a sweep with precision; set precision too");
    return CN_OK;
}

static int load(ctx *c, config_t *cfg, cn_sweep **out)
{
    cn_sweep *sw = calloc(1, sizeof *sw);
    if (sw == NULL) {
        config_destroy(cfg);
        return CN_ENOMEM;
    }
    snprintf(sw->file, sizeof sw->file, "%s", c->name);
    int rc = read_sweep(c, cfg, sw);
    config_destroy(cfg);
    if (rc != CN_OK) {
        if (rc == CN_ENOMEM)
            cn_diag_set(c->d, c->name, 0, NULL, "out of memory");
        cn_sweep_free(sw);
        return rc;
    }
    *out = sw;
    return CN_OK;
}

static void parse_error(ctx *c, config_t *cfg)
{
    const char *file = config_error_file(cfg);
    const char *text = config_error_text(cfg);
    cn_diag_set(c->d, file != NULL ? file : c->name, config_error_line(cfg), NULL,
                "syntax error%s%s", text != NULL && strcmp(text, "syntax error") != 0 ? ": " : "",
                text != NULL && strcmp(text, "syntax error") != 0 ? text : "");
}

int cn_sweep_load(const char *path, cn_sweep **out, cn_diag *d)
{
    cn_diag local;
    if (d == NULL)
        d = &local;
    cn_diag_clear(d);
    if (out == NULL || path == NULL)
        return cn_diag_set(d, path, 0, NULL, "no sweep file given");
    *out = NULL;
    ctx c = {d, path};
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return cn_diag_set(d, path, 0, NULL, "cannot read: %s", strerror(errno));
    fclose(f);
    char dir[CN_DIAG_FILE];
    const char *slash = strrchr(path, '/');
    config_t cfg;
    config_init(&cfg);
    if (slash != NULL) {
        size_t len = slash == path ? 1 : (size_t)(slash - path);
        if (len >= sizeof dir) {
            config_destroy(&cfg);
            return cn_diag_set(d, path, 0, NULL, "cannot read: path too long");
        }
        memcpy(dir, path, len);
        dir[len] = '\0';
        config_set_include_dir(&cfg, dir);
    }
    if (!config_read_file(&cfg, path)) {
        if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
            cn_diag_set(d, path, 0, NULL, "cannot read: input/output error");
        else
            parse_error(&c, &cfg);
        config_destroy(&cfg);
        return CN_EINPUT;
    }
    return load(&c, &cfg, out);
}

int cn_sweep_load_string(const char *text, const char *name, const char *include_dir,
                         cn_sweep **out, cn_diag *d)
{
    cn_diag local;
    if (d == NULL)
        d = &local;
    cn_diag_clear(d);
    if (name == NULL)
        name = "<string>";
    if (out == NULL || text == NULL)
        return cn_diag_set(d, name, 0, NULL, "no sweep text given");
    *out = NULL;
    ctx c = {d, name};
    config_t cfg;
    config_init(&cfg);
    if (include_dir != NULL)
        config_set_include_dir(&cfg, include_dir);
    if (!config_read_string(&cfg, text)) {
        parse_error(&c, &cfg);
        config_destroy(&cfg);
        return CN_EINPUT;
    }
    return load(&c, &cfg, out);
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

int cn_sweep_check(const cn_sweep *sw, const char *path, cn_diag *d)
{
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
