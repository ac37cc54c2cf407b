/* load_sweep.c - the `sweep` group of a scenario: a sweep design
 * (cn_load_internal.h, docs/sweeps.md), into cn_scenario.sweep.
 *
 * Its scalars are read by the table (cn_schema_sweep); here: the settings
 * that belong to one design only, the factors (a path `--set` could take,
 * levels kept as libconfig text so a point's override reads them back
 * exactly, or a sobol range), a list design's points and baseline, the
 * metrics, and the number of points the design makes (at most
 * CN_SWEEP_MAX_POINTS).  Whether each point's overrides suit the scenario
 * is checked when the points are made (cn_sweep_check).
 */
#include "cn_load_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cn_gsa.h"
#include "cn_suggest.h"
#include "cn_sweep.h"

#define LEVEL_TEXT 4096 /* longest level text */

/* Every factor of a sobol design is a dimension of gsl_qrng_sobol. */
_Static_assert(CN_SWEEP_MAX_FACTORS <= CN_SWEEP_MAX_SOBOL, "sobol takes every factor");

/* ---- values as text ---- */

/* Appends s to buf (size); CN_ELIMIT when it does not fit. */
static int append(char *buf, size_t size, const char *s)
{
    size_t len = strlen(buf), add = strlen(s);
    if (len + add + 1 > size)
        return CN_ELIMIT;
    memcpy(buf + len, s, add + 1);
    return CN_OK;
}

static int string_text(const char *s, char *buf, size_t size)
{
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

static int value_text(const config_setting_t *st, char *buf, size_t size, int label);

/* An array, list or group: its elements' texts between brackets. */
static int aggregate_text(const config_setting_t *st, char *buf, size_t size)
{
    int type = config_setting_type(st);
    const char *open = type == CONFIG_TYPE_ARRAY ? "[" : type == CONFIG_TYPE_LIST ? "(" : "{ ";
    const char *close = type == CONFIG_TYPE_ARRAY ? "]" : type == CONFIG_TYPE_LIST ? ")" : "}";
    if (append(buf, size, open) != CN_OK)
        return CN_ELIMIT;
    char *sub = malloc(size);
    if (sub == NULL)
        return CN_ENOMEM;
    int rc = CN_OK, n = config_setting_length(st);
    for (int i = 0; i < n && rc == CN_OK; i++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)i);
        rc = value_text(e, sub, size, 0);
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
    }
    free(sub);
    return rc != CN_OK ? rc : append(buf, size, close);
}

/* The libconfig text of a value (64-bit integers with their L, so the
 * text reads back as written); label: the same, but strings unquoted and
 * no L.  CN_ELIMIT when longer than size, CN_EINPUT for a non-finite
 * number. */
static int value_text(const config_setting_t *st, char *buf, size_t size, int label)
{
    char tmp[64];
    buf[0] = '\0';
    switch (config_setting_type(st)) {
    case CONFIG_TYPE_INT:
        snprintf(tmp, sizeof tmp, "%d", config_setting_get_int(st));
        return append(buf, size, tmp);
    case CONFIG_TYPE_INT64:
        snprintf(tmp, sizeof tmp, "%lld%s", config_setting_get_int64(st), label ? "" : "L");
        return append(buf, size, tmp);
    case CONFIG_TYPE_FLOAT:
        if (!isfinite(config_setting_get_float(st)))
            return CN_EINPUT;
        return append(buf, size,
                      cn_sweep_format_double(config_setting_get_float(st), tmp, sizeof tmp));
    case CONFIG_TYPE_BOOL: return append(buf, size, config_setting_get_bool(st) ? "true" : "false");
    case CONFIG_TYPE_STRING:
        if (label)
            return append(buf, size, config_setting_get_string(st));
        return string_text(config_setting_get_string(st), buf, size);
    case CONFIG_TYPE_ARRAY:
    case CONFIG_TYPE_LIST:
    case CONFIG_TYPE_GROUP: return aggregate_text(st, buf, size);
    default: return CN_EINPUT;
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

/* ---- factors ---- */

/* `path` and `name` of factor k (path p): a settable path, names unique. */
static int factor_names(cn_load_ctx *c, const cn_sweep_spec *sp, const config_setting_t *fs,
                        const char *p, int k)
{
    const cn_sweep_factor *f = &sp->factors[k];
    char q[CN_DIAG_SETTING];
    const config_setting_t *st = config_setting_get_member(fs, "path");
    cn_load_join(q, sizeof q, p, "path");
    if (f->lever != NULL)
        goto names; /* a factor of levers has no path */
    if (f->path[0] == '\0' || strchr(f->path, '=') != NULL)
        return cn_load_fail(c, CN_EINPUT, st, q,
                            "expected a setting path such as \"forums.OEWG.footnotes\", got \"%s\"",
                            f->path);
    if (strncmp(f->path, "run.", 4) == 0 || strcmp(f->path, "run") == 0)
        return cn_load_fail(c, CN_EINPUT, st, q,
                            "run settings cannot be swept: every point uses the same seed, "
                            "generator and replications (common random numbers)");
    if (strncmp(f->path, "sweep", 5) == 0 && (f->path[5] == '\0' || f->path[5] == '.'))
        return cn_load_fail(c, CN_EINPUT, st, q, "the sweep cannot sweep itself");
    for (int j = 0; j < k; j++)
        if (sp->factors[j].lever == NULL && strcmp(sp->factors[j].path, f->path) == 0)
            return cn_load_fail(c, CN_EINPUT, st, q, "factor '%s' is already defined (line %d)",
                                f->path, sp->factors[j].line);
names:
    if ((st = config_setting_get_member(fs, "name")) != NULL && f->name[0] == '\0') {
        cn_load_join(q, sizeof q, p, "name");
        return cn_load_fail(c, CN_EINPUT, st, q, "expected a name of 1 to %d characters",
                            CN_SWEEP_NAME - 1);
    }
    for (int j = 0; j < k; j++)
        if (strcmp(sp->factors[j].name, f->name) == 0)
            return cn_load_fail(c, CN_EINPUT, fs, p, "two factors are named '%s'", f->name);
    return CN_OK;
}

/* A sobol, saltelli or morris factor's range = [lo, hi] (integer bounds
 * when integer). */
static int factor_range(cn_load_ctx *c, cn_sweep_factor *f, const config_setting_t *fs,
                        const char *p, cn_sweep_design design)
{
    const config_setting_t *lv = config_setting_get_member(fs, "levels");
    const config_setting_t *rg = config_setting_get_member(fs, "range");
    char q[CN_DIAG_SETTING];
    cn_load_join(q, sizeof q, p, "range");
    if (lv != NULL || config_setting_get_member(fs, "levers") != NULL)
        return cn_load_fail(c, CN_EINPUT, lv != NULL ? lv : config_setting_get_member(fs, "levers"),
                            q, "a %s design takes a range = [lo, hi], not levels or levers",
                            cn_schema_design_names[design]);
    if (rg == NULL)
        return cn_load_fail(c, CN_EINPUT, fs, q, "missing: a %s factor needs range = [lo, hi];",
                            cn_schema_design_names[design]);
    if (!config_setting_is_aggregate(rg) || config_setting_length(rg) != 2
        || config_setting_is_group(rg) || !is_number(config_setting_get_elem(rg, 0))
        || !is_number(config_setting_get_elem(rg, 1)))
        return cn_load_fail(c, CN_EINPUT, rg, q, "expected two numbers [lo, hi]");
    f->has_range = 1;
    f->lo = value_number(config_setting_get_elem(rg, 0));
    f->hi = value_number(config_setting_get_elem(rg, 1));
    if (!isfinite(f->lo) || !isfinite(f->hi) || !(f->lo < f->hi))
        return cn_load_fail(c, CN_EINPUT, rg, q, "expected finite lo < hi, got [%g, %g]", f->lo,
                            f->hi);
    if (f->integer && (f->lo != floor(f->lo) || f->hi != floor(f->hi))) {
        cn_load_join(q, sizeof q, p, "integer");
        return cn_load_fail(c, CN_EINPUT, rg, q,
                            "an integer factor needs integer bounds, got [%g, %g]", f->lo, f->hi);
    }
    return CN_OK;
}

/* Level i of factor f (the element e of its levels, path q): its text,
 * label and number, distinct from the levels before it. */
static int factor_level(cn_load_ctx *c, cn_sweep_factor *f, const config_setting_t *e,
                        const char *q, int i, char *buf)
{
    char r[CN_DIAG_SETTING + 16];
    snprintf(r, sizeof r, "%s.%d", q, i);
    int rc = value_text(e, buf, LEVEL_TEXT, 0);
    if (rc == CN_OK && (f->levels[i] = strdup(buf)) == NULL)
        rc = CN_ENOMEM;
    if (rc == CN_OK)
        rc = value_text(e, buf, LEVEL_TEXT, 1);
    if (rc == CN_OK && (f->labels[i] = strdup(buf)) == NULL)
        rc = CN_ENOMEM;
    if (rc == CN_ELIMIT)
        return cn_load_fail(c, CN_EINPUT, e, r, "a level longer than %d characters",
                            LEVEL_TEXT - 1);
    if (rc == CN_EINPUT)
        return cn_load_fail(c, CN_EINPUT, e, r, "expected a finite value, got a level with %s",
                            "inf or nan");
    if (rc != CN_OK)
        return cn_load_nomem(c);
    f->numeric[i] = value_number(e);
    for (int j = 0; j < i; j++)
        if (f->levels[j] != NULL && strcmp(f->levels[j], f->levels[i]) == 0)
            return cn_load_fail(c, CN_EINPUT, e, r, "level %s is listed twice", f->levels[i]);
    return CN_OK;
}

/* A grid or oat factor's levels = [...]. */
static int factor_levels(cn_load_ctx *c, cn_sweep_factor *f, const config_setting_t *fs,
                         const char *p, cn_sweep_design design)
{
    const config_setting_t *lv = config_setting_get_member(fs, "levels");
    const config_setting_t *rg = config_setting_get_member(fs, "range");
    const config_setting_t *it = config_setting_get_member(fs, "integer");
    char q[CN_DIAG_SETTING], g[96];
    cn_load_join(q, sizeof q, p, "levels");
    if (rg != NULL || it != NULL)
        return cn_load_fail(c, CN_EINPUT, rg != NULL ? rg : it, q,
                            "range and integer belong to a sobol, saltelli or morris design; a "
                            "%s factor takes levels",
                            cn_schema_design_names[design]);
    if (lv == NULL)
        return cn_load_fail(c, CN_EINPUT, fs, q,
                            "missing: a factor needs levels = [...], e.g. levels = [0, 3, 6];");
    if (!config_setting_is_array(lv) && !config_setting_is_list(lv))
        return cn_load_fail(c, CN_EINPUT, lv, q, "expected an array or list of values, got %s",
                            cn_load_got(g, sizeof g, lv));
    int n = config_setting_length(lv);
    if (n == 0)
        return cn_load_fail(c, CN_EINPUT, lv, q,
                            "expected at least one level (a sweep with zero points)");
    if (n > CN_SWEEP_MAX_LEVELS)
        return cn_load_fail(c, CN_ELIMIT, lv, q, "too many levels: at most %d, got %d",
                            CN_SWEEP_MAX_LEVELS, n);
    f->levels = calloc((size_t)n, sizeof *f->levels);
    f->labels = calloc((size_t)n, sizeof *f->labels);
    f->numeric = calloc((size_t)n, sizeof *f->numeric);
    char *buf = malloc(LEVEL_TEXT);
    if (f->levels == NULL || f->labels == NULL || f->numeric == NULL || buf == NULL) {
        free(buf);
        return cn_load_nomem(c);
    }
    f->n_levels = n;
    int rc = CN_OK;
    for (int i = 0; i < n && rc == CN_OK; i++)
        rc = factor_level(c, f, config_setting_get_elem(lv, (unsigned)i), q, i, buf);
    free(buf);
    return rc;
}

/* The list of groups `many` of the sweep group (st): 1 to max of them
 * (none: a sweep with zero points), size bytes each, zeroed; NULL with
 * *rc set on failure. */
static void *sweep_list(cn_load_ctx *c, const config_setting_t *st, const char *one,
                        const char *many, int max, size_t size, int *n, int *rc)
{
    char path[CN_DIAG_SETTING];
    cn_load_join(path, sizeof path, "sweep", many);
    *rc = cn_load_check_list(c, st, path, one, many, 0, max, n);
    if (*rc != CN_OK)
        return NULL;
    if (*n == 0) {
        *rc = cn_load_fail(c, CN_EINPUT, st, path,
                           "expected at least one %s (a sweep with zero points)", one);
        return NULL;
    }
    void *v = calloc((size_t)*n, size);
    if (v == NULL)
        *rc = cn_load_nomem(c);
    return v;
}

/* Lever `name` of the scenario (at st, path q): its index in *out. */
static int lever_ref(cn_load_ctx *c, const config_setting_t *st, const char *q, const char *name,
                     int *out)
{
    const cn_scenario *s = c->s;
    for (int i = 0; i < s->n_levers; i++)
        if (strcmp(s->levers[i].name, name) == 0) {
            *out = i;
            return CN_OK;
        }
    if (s->n_levers == 0)
        return cn_load_fail(c, CN_EINPUT, st, q, "unknown lever '%s': the scenario has no levers "
                            "= ( { name = \"...\"; set = [...]; } );", name);
    return cn_load_unknown(c, st, q, "lever", name, s->levers, sizeof(cn_lever),
                           offsetof(cn_lever, name), NULL, s->n_levers);
}

/* A factor of levers (grid, oat): each level a lever of the scenario. */
static int factor_levers(cn_load_ctx *c, cn_sweep_factor *f, const config_setting_t *fs,
                         const char *p)
{
    const config_setting_t *lv = config_setting_get_member(fs, "levers");
    char q[CN_DIAG_SETTING];
    cn_load_join(q, sizeof q, p, "levers");
    if (config_setting_get_member(fs, "path") != NULL
        || config_setting_get_member(fs, "levels") != NULL)
        return cn_load_fail(c, CN_EINPUT, lv, q, "a factor of levers has no path or levels: its "
                            "levels are the levers named");
    char **names = NULL;
    int n = 0;
    int rc = cn_load_read_texts(c, lv, q, 0, "lever names", "a lever's name", &names, &n);
    if (rc == CN_OK && n == 0)
        rc = cn_load_fail(c, CN_EINPUT, lv, q, "expected at least one lever");
    if (rc == CN_OK && n > CN_SWEEP_MAX_LEVELS)
        rc = cn_load_fail(c, CN_ELIMIT, lv, q, "too many levers: at most %d", CN_SWEEP_MAX_LEVELS);
    if (rc == CN_OK) {
        f->levels = names;
        f->n_levels = n;
        names = NULL;
        f->labels = calloc((size_t)n, sizeof *f->labels);
        f->numeric = calloc((size_t)n, sizeof *f->numeric);
        f->lever = calloc((size_t)n, sizeof *f->lever);
        if (f->labels == NULL || f->numeric == NULL || f->lever == NULL)
            rc = cn_load_nomem(c);
    }
    for (int i = 0; rc == CN_OK && f->labels != NULL && f->numeric != NULL && f->lever != NULL
                    && i < n;
         i++) {
        char r[CN_DIAG_SETTING + 16];
        snprintf(r, sizeof r, "%s.%d", q, i);
        const config_setting_t *e = config_setting_get_elem(lv, (unsigned)i);
        f->numeric[i] = NAN;
        if ((f->labels[i] = strdup(f->levels[i])) == NULL)
            rc = cn_load_nomem(c);
        else
            rc = lever_ref(c, e, r, f->levels[i], &f->lever[i]);
        for (int j = 0; rc == CN_OK && j < i; j++)
            if (f->lever[j] == f->lever[i])
                rc = cn_load_fail(c, CN_EINPUT, e, r, "lever '%s' is listed twice", f->levels[i]);
    }
    for (int i = 0; names != NULL && i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* A morris design's integer factor: a step of the grid moves it by at
 * least 1 (else rounding could leave a step without a move). */
static int morris_integer(cn_load_ctx *c, const cn_sweep_spec *sp, const cn_sweep_factor *f,
                          const config_setting_t *fs, const char *p)
{
    double p_levels = sp->morris_levels;
    double step = (f->hi - f->lo) * p_levels / (2.0 * (p_levels - 1.0));
    if (step >= 1.0)
        return CN_OK;
    char q[CN_DIAG_SETTING];
    cn_load_join(q, sizeof q, p, "range");
    return cn_load_fail(c, CN_EINPUT, config_setting_get_member(fs, "range"), q,
                        "an integer factor of a morris design needs a range whose grid step "
                        "(%g) moves it by at least 1", step);
}

static int read_factors(cn_load_ctx *c, cn_sweep_spec *sp, const config_setting_t *fs)
{
    int n = 0, rc;
    if ((sp->factors = sweep_list(c, fs, "factor", "factors", CN_SWEEP_MAX_FACTORS,
                                  sizeof *sp->factors, &n, &rc))
        == NULL)
        return rc != CN_OK ? rc : CN_ENOMEM;
    sp->n_factors = n;
    for (int k = 0; k < n && rc == CN_OK; k++) {
        const config_setting_t *e = config_setting_get_elem(fs, (unsigned)k);
        cn_sweep_factor *f = &sp->factors[k];
        char p[CN_DIAG_SETTING];
        const char *file;
        snprintf(p, sizeof p, "sweep.factors.%d", k);
        cn_load_origin(c, e, &file, &f->line);
        cn_schema_defaults(&cn_schema_sweep_factor, f);
        if ((rc = cn_load_read_group(c, e, p, &cn_schema_sweep_factor, f)) != CN_OK)
            break;
        if (config_setting_get_member(e, "name") == NULL)
            snprintf(f->name, sizeof f->name, "%.*s", (int)sizeof f->name - 1,
                     config_setting_get_member(e, "levers") != NULL ? "levers" : f->path);
        int ranged = sp->design == CN_SWEEP_SOBOL || sp->design == CN_SWEEP_SALTELLI
                     || sp->design == CN_SWEEP_MORRIS;
        const config_setting_t *lv = config_setting_get_member(e, "levers");
        if (lv != NULL && !ranged)
            rc = factor_levers(c, f, e, p);
        else if (config_setting_get_member(e, "path") == NULL)
            rc = cn_load_missing(c, e, p, "path");
        if (rc == CN_OK)
            rc = factor_names(c, sp, e, p, k);
        if (rc == CN_OK && f->lever == NULL)
            rc = ranged ? factor_range(c, f, e, p, sp->design)
                        : factor_levels(c, f, e, p, sp->design);
        if (rc == CN_OK && sp->design == CN_SWEEP_MORRIS && f->integer)
            rc = morris_integer(c, sp, f, e, p);
    }
    return rc;
}

/* ---- a list design's points ---- */

/* A list point's levers: names of the scenario's levers, applied before
 * its own set. */
static int entry_levers(cn_load_ctx *c, cn_sweep_entry *pt, const config_setting_t *lv,
                        const char *p)
{
    char q[CN_DIAG_SETTING];
    cn_load_join(q, sizeof q, p, "levers");
    char **names = NULL;
    int n = 0;
    int rc = cn_load_read_texts(c, lv, q, 1, "lever names", "a lever's name", &names, &n);
    if (rc == CN_OK && n > 0 && (pt->levers = malloc((size_t)n * sizeof *pt->levers)) == NULL)
        rc = cn_load_nomem(c);
    for (int i = 0; rc == CN_OK && i < n; i++) {
        char r[CN_DIAG_SETTING + 16];
        snprintf(r, sizeof r, "%s.%d", q, i);
        const config_setting_t *e = config_setting_type(lv) == CONFIG_TYPE_STRING
                                        ? lv
                                        : config_setting_get_elem(lv, (unsigned)i);
        rc = lever_ref(c, e, r, names[i], &pt->levers[i]);
        if (rc == CN_OK)
            pt->n_levers = i + 1;
    }
    for (int i = 0; names != NULL && i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

static int read_entry(cn_load_ctx *c, cn_sweep_spec *sp, const config_setting_t *g, int i)
{
    cn_sweep_entry *pt = &sp->entries[i];
    char p[CN_DIAG_SETTING], q[CN_DIAG_SETTING];
    const char *file;
    snprintf(p, sizeof p, "sweep.points.%d", i);
    cn_load_origin(c, g, &file, &pt->line);
    int rc = cn_load_read_group(c, g, p, &cn_schema_sweep_point, pt);
    if (rc != CN_OK)
        return rc;
    const config_setting_t *nm = config_setting_get_member(g, "name");
    cn_load_join(q, sizeof q, p, "name");
    if (pt->name[0] == '\0')
        return cn_load_fail(c, CN_EINPUT, nm, q, "expected a name of 1 to %d characters",
                            CN_SWEEP_NAME - 1);
    for (int j = 0; j < i; j++)
        if (strcmp(sp->entries[j].name, pt->name) == 0)
            return cn_load_fail(c, CN_EINPUT, nm, q, "point '%s' is already defined (line %d)",
                                pt->name, sp->entries[j].line);
    const config_setting_t *lv = config_setting_get_member(g, "levers");
    if (lv != NULL && (rc = entry_levers(c, pt, lv, p)) != CN_OK)
        return rc;
    const config_setting_t *set = config_setting_get_member(g, "set");
    if (set == NULL)
        return CN_OK; /* the scenario as written */
    cn_load_join(q, sizeof q, p, "set");
    if ((rc = cn_load_read_texts(c, set, q, 1, "\"path=value\" strings", "a \"path=value\" string",
                         &pt->sets, &pt->n_sets))
        != CN_OK)
        return rc;
    for (int j = 0; j < pt->n_sets; j++) {
        const char *s = pt->sets[j], *eq = strchr(s, '=');
        const config_setting_t *e = config_setting_type(set) == CONFIG_TYPE_STRING
                                        ? set
                                        : config_setting_get_elem(set, (unsigned)j);
        char r[CN_DIAG_SETTING + 16];
        snprintf(r, sizeof r, "%s.%d", q, j);
        (void)eq;
        if ((rc = cn_load_check_override(c, e, r, s)) != CN_OK)
            return rc;
    }
    return CN_OK;
}

static int read_entries(cn_load_ctx *c, cn_sweep_spec *sp, const config_setting_t *ps)
{
    int n = 0, rc;
    if ((sp->entries = sweep_list(c, ps, "point", "points", CN_SWEEP_MAX_POINTS,
                                  sizeof *sp->entries, &n, &rc))
        == NULL)
        return rc != CN_OK ? rc : CN_ENOMEM;
    sp->n_entries = n;
    for (int i = 0; i < n && rc == CN_OK; i++)
        rc = read_entry(c, sp, config_setting_get_elem(ps, (unsigned)i), i);
    return rc;
}

/* The baseline of a list design: a point's name (default the first). */
static int read_baseline(cn_load_ctx *c, cn_sweep_spec *sp, const config_setting_t *st)
{
    if (st == NULL) {
        snprintf(sp->baseline, sizeof sp->baseline, "%s", sp->entries[0].name);
        return CN_OK;
    }
    for (int p = 0; p < sp->n_entries; p++)
        if (strcmp(sp->entries[p].name, sp->baseline) == 0) {
            sp->baseline_index = p;
            return CN_OK;
        }
    const char **names = malloc((size_t)sp->n_entries * sizeof *names);
    if (names == NULL)
        return cn_load_nomem(c);
    for (int p = 0; p < sp->n_entries; p++)
        names[p] = sp->entries[p].name;
    char h[96];
    cn_load_hint(h, sizeof h, sp->baseline, names, (size_t)sp->n_entries);
    free(names);
    return cn_load_fail(c, CN_EINPUT, st, "sweep.baseline", "unknown point '%s'%s", sp->baseline,
                        h);
}

/* ---- the group ---- */

/* The number of points of a grid (the product of the factors' levels,
 * plus the baseline) in decimal, exact however large (32 factors of 1000
 * levels: 97 digits), into buf. */
static void grid_count_text(const cn_sweep_spec *sp, char *buf, size_t size)
{
    unsigned char dig[128] = {1}; /* little-endian decimal digits */
    int nd = 1;
    for (int k = 0; k < sp->n_factors; k++) {
        unsigned carry = 0;
        for (int i = 0; i < nd; i++) {
            unsigned v = dig[i] * (unsigned)sp->factors[k].n_levels + carry;
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

/* The points a design of factors makes: CN_ELIMIT beyond the limit, with
 * the design's real size (not the product so far). */
static int count_points(cn_load_ctx *c, const cn_sweep_spec *sp, const config_setting_t *fs)
{
    if (sp->design == CN_SWEEP_SOBOL)
        return CN_OK; /* samples + 1 <= CN_SWEEP_MAX_POINTS by its range */
    if (sp->design == CN_SWEEP_SALTELLI || sp->design == CN_SWEEP_MORRIS) {
        long k = sp->n_factors;
        long m = sp->design == CN_SWEEP_SALTELLI ? (k + 2) * (long)sp->samples
                                                 : (k + 1) * (long)sp->trajectories;
        if (sp->design == CN_SWEEP_SALTELLI && k > CN_GSA_MAX_SOBOL_FACTORS)
            return cn_load_fail(c, CN_ELIMIT, fs, "sweep.factors",
                                "too many factors for a saltelli design: at most %d, got %ld",
                                CN_GSA_MAX_SOBOL_FACTORS, k);
        if (m + 1 > CN_SWEEP_MAX_POINTS)
            return cn_load_fail(c, CN_ELIMIT, fs, "sweep.factors",
                                "too many points: at most %d, got %ld", CN_SWEEP_MAX_POINTS, m + 1);
        return CN_OK;
    }
    long n = 1;       /* grows at most 1000-fold per factor: it stops early past the limit */
    int k = 0;
    for (; k < sp->n_factors && n <= CN_SWEEP_MAX_POINTS; k++)
        n = sp->design == CN_SWEEP_GRID ? n * sp->factors[k].n_levels : n + sp->factors[k].n_levels;
    if (sp->design == CN_SWEEP_GRID)
        n += 1; /* the baseline */
    if (n <= CN_SWEEP_MAX_POINTS)
        return CN_OK;
    char count[160];
    if (sp->design == CN_SWEEP_GRID)
        grid_count_text(sp, count, sizeof count);
    else
        snprintf(count, sizeof count, "%ld", n); /* one-at-a-time: a sum, never large */
    return cn_load_fail(c, CN_ELIMIT, fs, "sweep.factors", "too many points: at most %d, got %s",
                        CN_SWEEP_MAX_POINTS, count);
}

/* What belongs to one design only, given to another. */
static int design_settings(cn_load_ctx *c, const cn_sweep_spec *sp, const config_setting_t *g)
{
    const char *dn = cn_schema_design_names[sp->design];
    const config_setting_t *st;
    if ((st = config_setting_get_member(g, "samples")) != NULL && sp->design != CN_SWEEP_SOBOL
        && sp->design != CN_SWEEP_SALTELLI)
        return cn_load_fail(c, CN_EINPUT, st, "sweep.samples",
                            "samples belongs to a sobol or saltelli design, not %s", dn);
    static const char *const morris_only[] = {"trajectories", "morris_levels"};
    for (int k = 0; k < 2; k++)
        if ((st = config_setting_get_member(g, morris_only[k])) != NULL
            && sp->design != CN_SWEEP_MORRIS) {
            char q[64];
            snprintf(q, sizeof q, "sweep.%s", morris_only[k]);
            return cn_load_fail(c, CN_EINPUT, st, q, "%s belongs to a morris design, not %s",
                                morris_only[k], dn);
        }
    if (sp->design == CN_SWEEP_MORRIS && sp->morris_levels % 2 != 0)
        return cn_load_fail(c, CN_EINPUT, config_setting_get_member(g, "morris_levels"),
                            "sweep.morris_levels", "expected an even number of levels, got %d",
                            sp->morris_levels);
    if ((st = config_setting_get_member(g, "baseline")) != NULL && sp->design != CN_SWEEP_LIST)
        return cn_load_fail(c, CN_EINPUT, st, "sweep.baseline",
                            "baseline names a point of a list design; a %s design's baseline is "
                            "the scenario as written",
                            dn);
    if (sp->design == CN_SWEEP_LIST) {
        if ((st = config_setting_get_member(g, "factors")) != NULL)
            return cn_load_fail(c, CN_EINPUT, st, "sweep.factors",
                                "a list design names its points (points = (...)), not factors");
        if (config_setting_get_member(g, "points") == NULL)
            return cn_load_fail(c, CN_EINPUT, g, "sweep.points",
                                "missing: a list design needs points = ( { name = \"...\"; set "
                                "= [...]; }, ... );");
    } else {
        if ((st = config_setting_get_member(g, "points")) != NULL)
            return cn_load_fail(c, CN_EINPUT, st, "sweep.points",
                                "points belong to a list design; a %s design takes factors", dn);
        if (config_setting_get_member(g, "factors") == NULL)
            return cn_load_fail(
                c, CN_EINPUT, g, "sweep.factors",
                "missing: a %s design needs factors = ( { path = ...; ... }, ... );", dn);
    }
    if (sp->precision == 0.0 && (st = config_setting_get_member(g, "max_replications")) != NULL)
        return cn_load_fail(c, CN_EINPUT, st, "sweep.max_replications",
                            "max_replications caps a sweep with precision; set precision too");
    return CN_OK;
}

static int read_metrics(cn_load_ctx *c, cn_sweep_spec *sp, const config_setting_t *ms)
{
    int rc = cn_load_read_texts(c, ms, "sweep.metrics", 0, "metric names",
                        "a metric name such as \"OEWG.adopted\"", &sp->metrics, &sp->n_metrics);
    if (rc != CN_OK)
        return rc;
    if (sp->n_metrics == 0)
        return cn_load_fail(c, CN_EINPUT, ms, "sweep.metrics", "expected at least one metric name");
    if (sp->n_metrics > CN_SWEEP_MAX_METRICS)
        return cn_load_fail(c, CN_ELIMIT, ms, "sweep.metrics",
                            "too many metrics: at most %d, got %d", CN_SWEEP_MAX_METRICS,
                            sp->n_metrics);
    return CN_OK;
}

int cn_load_sweep(cn_load_ctx *c, const config_setting_t *root)
{
    const config_setting_t *g = config_setting_get_member(root, "sweep");
    if (g == NULL)
        return CN_OK;
    cn_sweep_spec *sp = calloc(1, sizeof *sp);
    if (sp == NULL)
        return cn_load_nomem(c);
    c->s->sweep = sp; /* freed with the scenario */
    const char *file;
    cn_load_origin(c, g, &file, &sp->line);
    snprintf(sp->file, sizeof sp->file, "%s", file);
    cn_schema_defaults(&cn_schema_sweep, sp);
    int rc = cn_load_read_group(c, g, "sweep", &cn_schema_sweep, sp);
    if (rc != CN_OK || (rc = design_settings(c, sp, g)) != CN_OK)
        return rc;
    const config_setting_t *st = config_setting_get_member(g, "metrics");
    if (st != NULL && (rc = read_metrics(c, sp, st)) != CN_OK)
        return rc;
    if (sp->design == CN_SWEEP_LIST) {
        if ((rc = read_entries(c, sp, config_setting_get_member(g, "points"))) != CN_OK)
            return rc;
        st = config_setting_get_member(g, "baseline");
        return read_baseline(c, sp, st);
    }
    st = config_setting_get_member(g, "factors");
    if ((rc = read_factors(c, sp, st)) != CN_OK)
        return rc;
    return count_points(c, sp, st);
}
