/* load_levers.c - `levers` (what a policy maker chooses) and `uncertain`
 * (what nobody chooses) (cn_load_internal.h; docs/scenarios.md).
 *
 * A lever is a name and a list of overrides; here their form is checked
 * (whether the scenario takes them is checked where a lever is used: a
 * sweep's points, `run --lever`, by cn_sweep_check).  An uncertain
 * parameter is a plain setting (cn_param.h) and a distribution: the
 * settings the distribution takes (and no others), their ranges, and a
 * support inside the setting's range (a normal or lognormal draw outside
 * it is clamped: docs/model.md 13); an ensemble is rows of values for
 * several settings, one row drawn.  No two uncertain parameters set the
 * same place.
 */
#include "cn_load_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cn_param.h"

#define MAX_ENSEMBLE_PATHS 32
#define MAX_VALUES 100000

int cn_load_check_override(cn_load_ctx *c, const config_setting_t *st, const char *p,
                           const char *text)
{
    static const char *const fixed[] = {"run", "sweep", "set", "levers", "uncertain"};
    const char *eq = strchr(text, '=');
    if (eq == NULL || eq == text || eq[1] == '\0')
        return cn_load_fail(c, CN_EINPUT, st, p,
                            "expected \"path=value\" (e.g. \"model.beta=12\"), got \"%s\"", text);
    for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++) {
        size_t len = strlen(fixed[k]);
        if (strncmp(text, fixed[k], len) == 0 && (text[len] == '.' || text[len] == '='
                                                  || text[len] == ' '))
            return cn_load_fail(c, CN_EINPUT, st, p,
                                "%s settings cannot be overridden here (every point and lever "
                                "shares them), got \"%s\"", fixed[k], text);
    }
    return CN_OK;
}

/* ---- levers ------------------------------------------------------------------ */

static int lever_rest(cn_load_ctx *c, const config_setting_t *e, const char *p, int i, void *elem)
{
    (void)i;
    cn_lever *lv = elem;
    const char *file;
    cn_load_origin(c, e, &file, &lv->line);
    const config_setting_t *set = config_setting_get_member(e, "set");
    if (set == NULL)
        return CN_OK; /* the scenario as written (a "status quo" lever) */
    char q[CN_DIAG_SETTING];
    cn_load_join(q, sizeof q, p, "set");
    int rc = cn_load_read_texts(c, set, q, 1, "\"path=value\" strings", "a \"path=value\" string",
                                &lv->sets, &lv->n_sets);
    for (int j = 0; rc == CN_OK && j < lv->n_sets; j++) {
        const config_setting_t *x = config_setting_type(set) == CONFIG_TYPE_STRING
                                        ? set
                                        : config_setting_get_elem(set, (unsigned)j);
        char r[CN_DIAG_SETTING + 16];
        snprintf(r, sizeof r, "%s.%d", q, j);
        rc = cn_load_check_override(c, x, r, lv->sets[j]);
    }
    return rc;
}

static int lever_name(cn_load_ctx *c, const config_setting_t *at, const char *path, const char *v)
{
    if (v[0] == '\0' || strlen(v) >= sizeof(((cn_lever *)0)->name) - 1)
        return cn_load_fail(c, CN_EINPUT, at, path, "expected a name of 1 to %d characters",
                            (int)sizeof(((cn_lever *)0)->name) - 2);
    return CN_OK;
}

static const cn_load_list_kind levers = {"levers",   0,    1000, "name", "lever name",
                                         lever_name, NULL, lever_rest, NULL};

int cn_load_levers(cn_load_ctx *c, const config_setting_t *root)
{
    return cn_load_list(c, root, &levers);
}

/* ---- uncertain parameters ---------------------------------------------------- */

typedef struct {
    cn_load_ctx *c;
    const config_setting_t *e;
    const char *p;
    cn_uncertain *u;
} unc_ctx;

static int unc_fail_at(const unc_ctx *x, const char *name, const char *fmt, const char *detail)
{
    char q[CN_DIAG_SETTING];
    cn_load_join(q, sizeof q, x->p, name);
    const config_setting_t *at = config_setting_get_member(x->e, name);
    return cn_load_fail(x->c, CN_EINPUT, at != NULL ? at : x->e, q, fmt, detail);
}

/* The settings distribution `dist` takes (a bitmask over names[]). */
static const char *const dist_params[] = {"min", "max", "mean", "sd", "median", "sdlog", "a",
                                          "b", "mode", "values", "weights", "paths", "rows",
                                          "path"};
enum { P_MIN = 1, P_MAX = 2, P_MEAN = 4, P_SD = 8, P_MEDIAN = 16, P_SDLOG = 32, P_A = 64,
       P_B = 128, P_MODE = 256, P_VALUES = 512, P_WEIGHTS = 1024, P_PATHS = 2048,
       P_ROWS = 4096, P_PATH = 8192 };

static unsigned takes(cn_dist d, unsigned *required)
{
    static const unsigned take[] = {
        [CN_DIST_UNIFORM] = P_MIN | P_MAX,          [CN_DIST_NORMAL] = P_MEAN | P_SD,
        [CN_DIST_LOGNORMAL] = P_MEDIAN | P_SDLOG,   [CN_DIST_BETA] = P_A | P_B | P_MIN | P_MAX,
        [CN_DIST_TRIANGULAR] = P_MIN | P_MODE | P_MAX, [CN_DIST_DISCRETE] = P_VALUES | P_WEIGHTS,
        [CN_DIST_ENSEMBLE] = P_PATHS | P_ROWS};
    static const unsigned need[] = {
        [CN_DIST_UNIFORM] = P_MIN | P_MAX,          [CN_DIST_NORMAL] = P_MEAN | P_SD,
        [CN_DIST_LOGNORMAL] = P_MEDIAN | P_SDLOG,   [CN_DIST_BETA] = P_A | P_B,
        [CN_DIST_TRIANGULAR] = P_MIN | P_MODE | P_MAX, [CN_DIST_DISCRETE] = P_VALUES,
        [CN_DIST_ENSEMBLE] = P_PATHS | P_ROWS};
    unsigned path = d == CN_DIST_ENSEMBLE ? 0u : (unsigned)P_PATH;
    *required = need[d] | path;
    return take[d] | path;
}

/* Present settings are the ones the distribution takes, and the
 * required ones are present. */
static int check_takes(const unc_ctx *x)
{
    unsigned req, take = takes(x->u->dist, &req);
    const char *dn = cn_schema_dist_names[x->u->dist];
    for (size_t k = 0; k < sizeof dist_params / sizeof dist_params[0]; k++) {
        int has = config_setting_get_member(x->e, dist_params[k]) != NULL;
        unsigned bit = 1u << k;
        if (has && !(take & bit)) {
            char msg[200] = "an ensemble sets its paths (paths = [...]), not path";
            if (k != 13) {
                int len = snprintf(msg, sizeof msg, "a %s distribution takes", dn);
                for (size_t j = 0; j < sizeof dist_params / sizeof dist_params[0] - 1; j++)
                    if ((take >> j) & 1u)
                        len += snprintf(msg + len, sizeof msg - (size_t)len, " %s",
                                        dist_params[j]);
                snprintf(msg + len, sizeof msg - (size_t)len, ", not %s", dist_params[k]);
            }
            return unc_fail_at(x, dist_params[k], "%s", msg);
        }
        if (!has && (req & bit)) {
            char msg[160];
            snprintf(msg, sizeof msg, "missing: a %s distribution needs %s", dn, dist_params[k]);
            return unc_fail_at(x, dist_params[k], "%s", msg);
        }
    }
    if (x->u->dist == CN_DIST_BETA && config_setting_get_member(x->e, "max") == NULL)
        x->u->max = 1.0;
    return CN_OK;
}

/* A list of numbers (values, weights, a row) into a new array. */
static int read_numbers(const unc_ctx *x, const config_setting_t *st, const char *path,
                        double **out, int *n)
{
    char g[96];
    if (!config_setting_is_array(st) && !config_setting_is_list(st))
        return cn_load_fail(x->c, CN_EINPUT, st, path, "expected an array of numbers, got %s",
                            cn_load_got(g, sizeof g, st));
    int m = config_setting_length(st);
    if (m < 1 || m > MAX_VALUES)
        return cn_load_fail(x->c, CN_EINPUT, st, path, "expected 1 to %d numbers, got %d",
                            MAX_VALUES, m);
    if ((*out = calloc((size_t)m, sizeof **out)) == NULL)
        return cn_load_nomem(x->c);
    *n = m;
    for (int i = 0; i < m; i++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)i);
        int t = config_setting_type(e);
        double v = t == CONFIG_TYPE_FLOAT ? config_setting_get_float(e)
                   : t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64
                       ? (double)config_setting_get_int64(e)
                       : NAN;
        if (!isfinite(v)) {
            char r[CN_DIAG_SETTING + 16];
            snprintf(r, sizeof r, "%s.%d", path, i);
            return cn_load_fail(x->c, CN_EINPUT, e, r, "expected a finite number, got %s",
                                cn_load_got(g, sizeof g, e));
        }
        (*out)[i] = v;
    }
    return CN_OK;
}

/* Resolves path (k-th of the entry) into u->params[k]. */
static int resolve(const unc_ctx *x, const char *path, int k, const char *at)
{
    char why[256];
    int rc = cn_param_resolve(x->c->s, path, &x->u->params[k], why, sizeof why);
    if (rc == CN_ENOMEM)
        return cn_load_nomem(x->c);
    if (rc != CN_OK) {
        char msg[640];
        snprintf(msg, sizeof msg, "'%s' cannot be uncertain: %s (a number of model, events, a "
                 "state, stakeholder, forum, campaign or regime, or blocs.NAME. and states.*. for "
                 "several states; docs/scenarios.md)", path, why);
        return unc_fail_at(x, at, "%s", msg);
    }
    x->u->n_params = k + 1;
    return CN_OK;
}

/* An ensemble's paths and rows. */
static int read_ensemble(const unc_ctx *x)
{
    cn_uncertain *u = x->u;
    char q[CN_DIAG_SETTING];
    cn_load_join(q, sizeof q, x->p, "paths");
    const config_setting_t *ps = config_setting_get_member(x->e, "paths");
    int rc = cn_load_read_texts(x->c, ps, q, 0, "setting paths", "a setting path", &u->paths,
                                &u->n_paths);
    if (rc != CN_OK)
        return rc;
    if (u->n_paths < 1 || u->n_paths > MAX_ENSEMBLE_PATHS)
        return unc_fail_at(x, "paths", "%s", "expected 1 to 32 setting paths");
    if ((u->params = calloc((size_t)u->n_paths, sizeof *u->params)) == NULL)
        return cn_load_nomem(x->c);
    for (int k = 0; k < u->n_paths && rc == CN_OK; k++)
        rc = resolve(x, u->paths[k], k, "paths");
    const config_setting_t *rs = config_setting_get_member(x->e, "rows");
    cn_load_join(q, sizeof q, x->p, "rows");
    int m = rc == CN_OK && config_setting_is_list(rs) ? config_setting_length(rs) : 0;
    if (rc == CN_OK && (m < 1 || m > MAX_VALUES))
        return unc_fail_at(x, "rows", "%s", "expected a list of rows ( [..], [..] ), one value "
                           "per path each");
    if (rc == CN_OK && (u->values = calloc((size_t)m * (size_t)u->n_paths, sizeof *u->values))
                           == NULL)
        return cn_load_nomem(x->c);
    for (int r = 0; r < m && rc == CN_OK; r++) {
        const config_setting_t *row = config_setting_get_elem(rs, (unsigned)r);
        char rp[CN_DIAG_SETTING + 16];
        snprintf(rp, sizeof rp, "%s.%d", q, r);
        double *v = NULL;
        int n = 0;
        rc = read_numbers(x, row, rp, &v, &n);
        if (rc == CN_OK && n != u->n_paths)
            rc = cn_load_fail(x->c, CN_EINPUT, row, rp, "expected %d values (one per path), got %d",
                              u->n_paths, n);
        for (int k = 0; rc == CN_OK && v != NULL && k < n; k++)
            if (!cn_param_in_range(&u->params[k], v[k]))
                rc = cn_load_fail(x->c, CN_EINPUT, row, rp, "value %g of '%s' is out of its range",
                                  v[k], u->paths[k]);
        if (rc == CN_OK && v != NULL) {
            memcpy(u->values + (size_t)r * (size_t)n, v, (size_t)n * sizeof *v);
            u->n_values = r + 1;
        }
        free(v);
    }
    return rc;
}

/* A discrete distribution's values (in the setting's range) and weights. */
static int read_discrete(const unc_ctx *x)
{
    cn_uncertain *u = x->u;
    char q[CN_DIAG_SETTING];
    cn_load_join(q, sizeof q, x->p, "values");
    int rc = read_numbers(x, config_setting_get_member(x->e, "values"), q, &u->values,
                          &u->n_values);
    for (int i = 0; rc == CN_OK && u->values != NULL && i < u->n_values; i++)
        if (!cn_param_in_range(&u->params[0], u->values[i]))
            return unc_fail_at(x, "values", "%s", "a value out of the setting's range");
    const config_setting_t *ws = config_setting_get_member(x->e, "weights");
    if (rc != CN_OK || ws == NULL)
        return rc;
    cn_load_join(q, sizeof q, x->p, "weights");
    int nw = 0;
    if ((rc = read_numbers(x, ws, q, &u->weights, &nw)) != CN_OK)
        return rc;
    double sum = 0.0;
    for (int i = 0; u->weights != NULL && i < nw; i++)
        sum += u->weights[i] >= 0 ? u->weights[i] : NAN;
    if (nw != u->n_values || !(sum > 0))
        return unc_fail_at(x, "weights", "%s", "expected one weight >= 0 per value, not all 0");
    return CN_OK;
}

/* The numbers of a continuous distribution, and its support inside the
 * setting's range where it is bounded. */
static int check_continuous(const unc_ctx *x)
{
    const cn_uncertain *u = x->u;
    const cn_param *p = &u->params[0];
    switch (u->dist) {
    case CN_DIST_NORMAL:
        return u->sd > 0 ? CN_OK : unc_fail_at(x, "sd", "%s", "expected sd > 0");
    case CN_DIST_LOGNORMAL:
        if (!(u->median > 0))
            return unc_fail_at(x, "median", "%s", "expected median > 0");
        return u->sdlog > 0 ? CN_OK : unc_fail_at(x, "sdlog", "%s", "expected sdlog > 0");
    case CN_DIST_BETA:
        if (!(u->a > 0))
            return unc_fail_at(x, "a", "%s", "expected a > 0");
        if (!(u->b > 0))
            return unc_fail_at(x, "b", "%s", "expected b > 0");
        break;
    case CN_DIST_TRIANGULAR:
        if (!(u->mode >= u->min && u->mode <= u->max))
            return unc_fail_at(x, "mode", "%s", "expected min <= mode <= max");
        break;
    default: break;
    }
    if (!(u->min < u->max))
        return unc_fail_at(x, "max", "%s", "expected min < max");
    char msg[400];
    if (!cn_param_in_range(p, u->min) && !(p->type != CN_T_FLOAT && u->min >= p->lo)) {
        snprintf(msg, sizeof msg, "min %g is below the range of '%s' (%g .. %g)", u->min, p->path,
                 p->lo, p->hi);
        return unc_fail_at(x, "min", "%s", msg);
    }
    if (!cn_param_in_range(p, u->max) && !(p->type != CN_T_FLOAT && u->max <= p->hi)) {
        snprintf(msg, sizeof msg, "max %g is above the range of '%s' (%g .. %g)", u->max, p->path,
                 p->lo, p->hi);
        return unc_fail_at(x, "max", "%s", msg);
    }
    return CN_OK;
}

/* No place is set by two uncertain parameters (or twice by one). */
static int check_distinct(const unc_ctx *x, int i)
{
    const cn_scenario *s = x->c->s;
    const cn_uncertain *u = x->u;
    for (int k = 0; k < u->n_params; k++) {
        for (int j = 0; j <= i; j++) {
            const cn_uncertain *v = &s->uncertain[j];
            int last = j == i ? k : v->n_params;
            for (int m = 0; m < last; m++)
                if (cn_param_overlap(&u->params[k], &v->params[m])) {
                    char msg[1024];
                    snprintf(msg, sizeof msg, "'%s' sets a setting that '%s' (uncertain.%d) sets "
                             "too", u->params[k].path, v->params[m].path, j);
                    return unc_fail_at(x, u->dist == CN_DIST_ENSEMBLE ? "paths" : "path", "%s",
                                       msg);
                }
        }
    }
    return CN_OK;
}

static int uncertain_rest(cn_load_ctx *c, const config_setting_t *e, const char *p, int i,
                          void *elem)
{
    cn_uncertain *u = elem;
    unc_ctx x = {c, e, p, u};
    const char *file;
    cn_load_origin(c, e, &file, &u->line);
    int rc = check_takes(&x);
    if (rc != CN_OK)
        return rc;
    if (u->dist == CN_DIST_ENSEMBLE) {
        rc = read_ensemble(&x);
        if (rc == CN_OK && config_setting_get_member(e, "name") == NULL)
            snprintf(u->name, sizeof u->name, "ensemble");
    } else {
        if (u->path[0] == '\0')
            return unc_fail_at(&x, "path", "%s", "expected a setting path such as \"model.beta\"");
        if (config_setting_get_member(e, "name") == NULL)
            snprintf(u->name, sizeof u->name, "%.*s", (int)sizeof u->name - 1, u->path);
        if ((u->params = calloc(1, sizeof *u->params)) == NULL)
            return cn_load_nomem(c);
        rc = resolve(&x, u->path, 0, "path");
        if (rc == CN_OK)
            rc = u->dist == CN_DIST_DISCRETE ? read_discrete(&x) : check_continuous(&x);
    }
    if (rc == CN_OK)
        rc = check_distinct(&x, i);
    for (int j = 0; rc == CN_OK && j < i; j++)
        if (strcmp(c->s->uncertain[j].name, u->name) == 0)
            rc = unc_fail_at(&x, "name", "%s", "two uncertain parameters have this name");
    return rc;
}

static int uncertain_name(cn_load_ctx *c, const config_setting_t *at, const char *path,
                          const char *v)
{
    (void)c;
    (void)at;
    (void)path;
    (void)v;
    return CN_OK;
}

static const cn_load_list_kind uncertain = {"uncertain", 0, CN_MAX_UNCERTAIN, NULL, NULL,
                                            uncertain_name, NULL, uncertain_rest, NULL};

int cn_load_uncertain(cn_load_ctx *c, const config_setting_t *root)
{
    return cn_load_list(c, root, &uncertain);
}
