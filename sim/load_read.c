/* load_read.c - the loader's diagnostics and the readers of one setting
 * (cn_load_internal.h).
 *
 * Every message names the file and line a setting came from ("--set" and
 * the override's position for a grafted one), its dotted path and what was
 * expected, with a did-you-mean for misspelled names.  A scalar is checked
 * against its row of the schema (type, range); a reference (a state code,
 * a bloc name, a membership) against the parts of the scenario read so far.
 */
#include "cn_load_internal.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cn_suggest.h"

/* ---- context and diagnostics ---- */

/* File and line a setting came from: "--set" and its position when it (or
 * a group holding it) was grafted by an override. */
void cn_load_origin(cn_load_ctx *c, const config_setting_t *st, const char **file, int *line)
{
    for (const config_setting_t *p = st; p != NULL; p = p->parent)
        if (p->hook != NULL) {
            const cn_load_hook *h = p->hook;
            *file = h->file != NULL ? h->file : "--set";
            *line = h->file != NULL ? h->line : h->pos;
            return;
        }
    while (st != NULL && st->line == 0 && st->parent != NULL)
        st = st->parent; /* made by the API (--set copies): take its holder's */
    *line = st != NULL ? (int)st->line : 0;
    const char *f = st != NULL ? st->file : NULL;
    if (f == NULL || strcmp(f, c->name) == 0) {
        *file = c->name;
    } else if (c->incdir != NULL && f[0] != '/') {
        snprintf(c->file, sizeof c->file, "%s/%s", c->incdir, f);
        *file = c->file;
    } else {
        *file = f;
    }
}

int cn_load_fail(cn_load_ctx *c, int status, const config_setting_t *at, const char *path,
                 const char *fmt, ...)
{
    char msg[CN_DIAG_MSG];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *file;
    int line;
    cn_load_origin(c, at, &file, &line);
    cn_diag_set(c->diag, file, line, path != NULL && path[0] != '\0' ? path : NULL, "%s", msg);
    return status;
}

int cn_load_nomem(cn_load_ctx *c)
{
    cn_diag_set(c->diag, c->name, 0, NULL, "out of memory");
    return CN_ENOMEM;
}

/* " (did you mean 'x'?)" or "". */
const char *cn_load_hint(char *buf, size_t size, const char *word, const char *const *cands,
                         size_t n)
{
    const char *best = cn_suggest(word, cands, n);
    if (best == NULL)
        buf[0] = '\0';
    else
        snprintf(buf, size, " (did you mean '%s'?)", best);
    return buf;
}

/* buf = "parent.seg" (or "seg"), cut to size. */
void cn_load_join(char *buf, size_t size, const char *parent, const char *seg)
{
    size_t used = 0;
    if (parent != NULL && parent[0] != '\0') {
        size_t n = strlen(parent);
        if (n > size - 2)
            n = size - 2;
        memmove(buf, parent, n);
        buf[n] = '.';
        used = n + 1;
    }
    size_t n = strlen(seg);
    if (n > size - 1 - used)
        n = size - 1 - used;
    memmove(buf + used, seg, n);
    buf[used + n] = '\0';
}

/* A number for messages: integers without a fraction, others compactly. */
static const char *num(char *buf, size_t size, double v)
{
    if (isfinite(v) && v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, size, "%.0f", v);
    else
        snprintf(buf, size, "%.10g", v);
    return buf;
}

/* "a float (2.5)", "a string (\"x\")", "a group"... */
const char *cn_load_got(char *buf, size_t size, const config_setting_t *st)
{
    char n[40];
    switch (config_setting_type(st)) {
    case CONFIG_TYPE_INT: snprintf(buf, size, "an integer (%d)", config_setting_get_int(st)); break;
    case CONFIG_TYPE_INT64:
        snprintf(buf, size, "an integer (%lld)", config_setting_get_int64(st));
        break;
    case CONFIG_TYPE_FLOAT:
        snprintf(buf, size, "a float (%s)", num(n, sizeof n, config_setting_get_float(st)));
        break;
    case CONFIG_TYPE_STRING:
        snprintf(buf, size, "a string (\"%.40s\")", config_setting_get_string(st));
        break;
    case CONFIG_TYPE_BOOL:
        snprintf(buf, size, "a bool (%s)", config_setting_get_bool(st) ? "true" : "false");
        break;
    case CONFIG_TYPE_ARRAY: snprintf(buf, size, "an array"); break;
    case CONFIG_TYPE_LIST: snprintf(buf, size, "a list"); break;
    case CONFIG_TYPE_GROUP: snprintf(buf, size, "a group"); break;
    default: snprintf(buf, size, "nothing"); break;
    }
    return buf;
}

int cn_load_unknown_setting(cn_load_ctx *c, const config_setting_t *at, const char *path,
                            const char *name, const cn_schema *sc)
{
    const char *cands[32];
    size_t n = 0;
    for (int k = 0; k < sc->n && n < 32; k++)
        cands[n++] = sc->f[k].name;
    char h[96];
    return cn_load_fail(c, CN_EINPUT, at, path, "unknown setting '%s'%s", name,
                        cn_load_hint(h, sizeof h, name, cands, n));
}

int cn_load_missing(cn_load_ctx *c, const config_setting_t *group, const char *path,
                    const char *name)
{
    char p[CN_DIAG_SETTING];
    cn_load_join(p, sizeof p, path, name);
    return cn_load_fail(c, CN_EINPUT, group, p, "required setting is missing");
}

/* A string member of a group, or NULL when absent or not a string. */
const char *cn_load_str_member(const config_setting_t *g, const char *name)
{
    if (g == NULL || !config_setting_is_group(g))
        return NULL;
    const config_setting_t *m = config_setting_get_member(g, name);
    if (m == NULL || config_setting_type(m) != CONFIG_TYPE_STRING)
        return NULL;
    return config_setting_get_string(m);
}

/* ---- scalar readers ---- */

/* Reads a number; want_int rejects floats. */
static int get_number(cn_load_ctx *c, const config_setting_t *st, const char *path, int want_int,
                      double *v, long long *iv)
{
    char g[96];
    switch (config_setting_type(st)) {
    case CONFIG_TYPE_INT:
        *iv = config_setting_get_int(st);
        *v = (double)*iv;
        return CN_OK;
    case CONFIG_TYPE_INT64:
        *iv = config_setting_get_int64(st);
        *v = (double)*iv;
        return CN_OK;
    case CONFIG_TYPE_FLOAT:
        if (want_int)
            return cn_load_fail(c, CN_EINPUT, st, path, "expected an integer, got %s",
                                cn_load_got(g, sizeof g, st));
        *v = config_setting_get_float(st);
        *iv = 0;
        if (!isfinite(*v))
            return cn_load_fail(c, CN_EINPUT, st, path, "expected a finite number, got %s",
                                isnan(*v) ? "nan" : (*v > 0 ? "inf" : "-inf"));
        return CN_OK;
    default:
        return cn_load_fail(c, CN_EINPUT, st, path, "expected %s, got %s",
                            want_int ? "an integer" : "a number", cn_load_got(g, sizeof g, st));
    }
}

static int range_error(cn_load_ctx *c, const config_setting_t *st, const char *path, double lo,
                       double hi, unsigned flags, const char *noun, int is_int, double v)
{
    char a[40], b[40], x[40];
    if (v > hi && (flags & CN_F_LIMIT))
        return cn_load_fail(c, CN_ELIMIT, st, path, "too many %s: at most %s, got %s", noun,
                            num(a, sizeof a, hi), num(x, sizeof x, v));
    const char *kind = is_int ? "an integer" : "a number";
    if (isinf(hi))
        return cn_load_fail(c, CN_EINPUT, st, path, "expected %s %s %s, got %s", kind,
                            (flags & CN_F_LOPEN) ? ">" : ">=", num(a, sizeof a, lo),
                            num(x, sizeof x, v));
    return cn_load_fail(c, CN_EINPUT, st, path, "expected %s in %c%s, %s%c, got %s", kind,
                        (flags & CN_F_LOPEN) ? '(' : '[', num(a, sizeof a, lo),
                        num(b, sizeof b, hi), (flags & CN_F_HOPEN) ? ')' : ']',
                        num(x, sizeof x, v));
}

static int out_of_range(double v, double lo, double hi, unsigned flags)
{
    return ((flags & CN_F_LOPEN) ? v <= lo : v < lo) || ((flags & CN_F_HOPEN) ? v >= hi : v > hi);
}

static const char *dim_list(const cn_scenario *s, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int d = 0; d < s->n_dims && used < size; d++) {
        int k = snprintf(buf + used, size - used, "%s%s", d > 0 ? ", " : "", s->dims[d].name);
        used += k > 0 ? (size_t)k : 0;
    }
    return buf;
}

/* A per-dimension array (array or list) of exactly n_dims numbers. */
static int read_dims(cn_load_ctx *c, const config_setting_t *st, const char *path,
                     const cn_field *f, double *out)
{
    const cn_scenario *s = c->s;
    char g[96], dl[CN_MAX_DIMS * (CN_NAME_LEN + 2)];
    int type = config_setting_type(st);
    if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
        return cn_load_fail(c, CN_EINPUT, st, path,
                            "expected an array of %d numbers (one per dimension: %s), got %s",
                            s->n_dims, dim_list(s, dl, sizeof dl), cn_load_got(g, sizeof g, st));
    int n = config_setting_length(st);
    if (n != s->n_dims)
        return cn_load_fail(c, CN_EINPUT, st, path,
                            "expected an array of %d numbers (one per dimension: %s), got %d",
                            s->n_dims, dim_list(s, dl, sizeof dl), n);
    for (int d = 0; d < n; d++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)d);
        char p[CN_DIAG_SETTING];
        cn_load_join(p, sizeof p, path, s->dims[d].name);
        double v = 0.0;
        long long iv = 0;
        int rc = get_number(c, e, p, 0, &v, &iv);
        if (rc != CN_OK)
            return rc;
        if (out_of_range(v, f->lo, f->hi, f->flags))
            return range_error(c, e, p, f->lo, f->hi, f->flags, f->noun, 0, v);
        out[d] = v;
    }
    return CN_OK;
}

int cn_load_read_world_array(cn_load_ctx *c, const config_setting_t *st, const char *path,
                             const cn_field *f, double *out)
{
    char g[96], list[CN_MAX_DIMS * (CN_NAME_LEN + 2)];
    int type = config_setting_type(st);
    int n = type == CONFIG_TYPE_ARRAY || type == CONFIG_TYPE_LIST ? config_setting_length(st) : -1;
    if (n != c->n_world) {
        size_t used = 0;
        list[0] = '\0';
        for (int k = 0; k < c->n_world && used < sizeof list; k++) {
            int w = snprintf(list + used, sizeof list - used, "%s%s", k > 0 ? ", " : "",
                             c->world_names[k]);
            used += w > 0 ? (size_t)w : 0;
        }
        if (n < 0)
            return cn_load_fail(c, CN_EINPUT, st, path,
                                "expected an array of %d numbers (one per world dimension: %s), "
                                "got %s",
                                c->n_world, list, cn_load_got(g, sizeof g, st));
        return cn_load_fail(c, CN_EINPUT, st, path,
                            "expected an array of %d numbers (one per world dimension: %s), got %d",
                            c->n_world, list, n);
    }
    double v[CN_MAX_DIMS] = {0.0};
    for (int k = 0; k < n; k++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
        char p[CN_DIAG_SETTING];
        long long iv = 0;
        cn_load_join(p, sizeof p, path, c->world_names[k]);
        int rc = get_number(c, e, p, 0, &v[k], &iv);
        if (rc != CN_OK)
            return rc;
        if (out_of_range(v[k], f->lo, f->hi, f->flags))
            return range_error(c, e, p, f->lo, f->hi, f->flags, f->noun, 0, v[k]);
    }
    for (int d = 0; d < c->s->n_dims; d++)
        out[d] = v[c->world_map[d]];
    return CN_OK;
}

static int read_string(cn_load_ctx *c, const config_setting_t *st, const char *path, char *out,
                       size_t size)
{
    char g[96];
    if (config_setting_type(st) != CONFIG_TYPE_STRING)
        return cn_load_fail(c, CN_EINPUT, st, path, "expected a string, got %s",
                            cn_load_got(g, sizeof g, st));
    const char *v = config_setting_get_string(st);
    size_t len = strlen(v);
    if (len >= size)
        return cn_load_fail(c, CN_EINPUT, st, path, "expected at most %zu characters, got %zu",
                            size - 1, len);
    memcpy(out, v, len + 1);
    return CN_OK;
}

static int read_bool(cn_load_ctx *c, const config_setting_t *st, const char *path, int *out)
{
    char g[96];
    if (config_setting_type(st) != CONFIG_TYPE_BOOL)
        return cn_load_fail(c, CN_EINPUT, st, path, "expected true or false, got %s",
                            cn_load_got(g, sizeof g, st));
    *out = config_setting_get_bool(st) ? 1 : 0;
    return CN_OK;
}

int cn_load_read_field(cn_load_ctx *c, const config_setting_t *st, const char *path,
                       const cn_field *f, void *dst)
{
    double v = 0.0;
    long long iv = 0;
    int rc;
    switch (f->type) {
    case CN_T_INT:
    case CN_T_LONG:
    case CN_T_ULONG:
        rc = get_number(c, st, path, 1, &v, &iv);
        if (rc != CN_OK)
            return rc;
        if (out_of_range(v, f->lo, f->hi, f->flags))
            return range_error(c, st, path, f->lo, f->hi, f->flags, f->noun, 1, v);
        if (f->type == CN_T_INT) {
            if (iv > INT_MAX)
                return range_error(c, st, path, f->lo, INT_MAX, f->flags, f->noun, 1, v);
            *(int *)dst = (int)iv;
        } else if (f->type == CN_T_LONG) {
            *(long *)dst = (long)iv;
        } else {
            *(unsigned long *)dst = (unsigned long)iv;
        }
        return CN_OK;
    case CN_T_FLOAT:
        rc = get_number(c, st, path, 0, &v, &iv);
        if (rc != CN_OK)
            return rc;
        if (out_of_range(v, f->lo, f->hi, f->flags))
            return range_error(c, st, path, f->lo, f->hi, f->flags, f->noun, 0, v);
        *(double *)dst = v;
        return CN_OK;
    case CN_T_BOOL: return read_bool(c, st, path, (int *)dst);
    case CN_T_STR: return read_string(c, st, path, (char *)dst, f->size);
    case CN_T_DIMS: return read_dims(c, st, path, f, (double *)dst);
    case CN_T_ENUM:
        return cn_load_read_enum(c, st, path, f->noun != NULL ? f->noun : f->name, f->names,
                                 f->n_names, (int *)dst);
    default: return CN_OK;
    }
}

/* 1: a setting cn_load_read_group reads by its row alone. */
static int by_row(const cn_field *f)
{
    return f->off != CN_NOFF && !(f->flags & CN_F_CODE) && f->type != CN_T_GROUP
           && f->type != CN_T_LIST && f->type != CN_T_REF;
}

int cn_load_read_group(cn_load_ctx *c, const config_setting_t *g, const char *path,
                       const cn_schema *sc, void *target)
{
    char gb[96];
    if (!config_setting_is_group(g))
        return cn_load_fail(c, CN_EINPUT, g, path, "expected a group { ... }, got %s",
                            cn_load_got(gb, sizeof gb, g));
    int n = config_setting_length(g);
    for (int i = 0; i < n; i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        char p[CN_DIAG_SETTING];
        cn_load_join(p, sizeof p, path, config_setting_name(m));
        const cn_field *f = cn_schema_find(sc, config_setting_name(m));
        if (f == NULL)
            return cn_load_unknown_setting(c, m, p, config_setting_name(m), sc);
        if (!by_row(f))
            continue;
        int rc = cn_load_read_field(c, m, p, f, (char *)target + f->off);
        if (rc != CN_OK)
            return rc;
    }
    for (int k = 0; k < sc->n; k++)
        if ((sc->f[k].flags & CN_F_REQ) && config_setting_get_member(g, sc->f[k].name) == NULL)
            return cn_load_missing(c, g, path, sc->f[k].name);
    return CN_OK;
}

/* A list of groups with min..max elements (an empty array counts as an
 * empty list). */
int cn_load_check_list(cn_load_ctx *c, const config_setting_t *st, const char *path,
                       const char *one, const char *many, int min, int max, int *n)
{
    char g[96];
    int type = config_setting_type(st);
    if (type != CONFIG_TYPE_LIST && !(type == CONFIG_TYPE_ARRAY && config_setting_length(st) == 0))
        return cn_load_fail(c, CN_EINPUT, st, path,
                            "expected a list of groups ( { ... }, ... ), got %s",
                            cn_load_got(g, sizeof g, st));
    *n = config_setting_length(st);
    if (*n > max)
        return cn_load_fail(c, CN_ELIMIT, st, path, "too many %s: at most %d, got %d", many, max,
                            *n);
    if (*n < min)
        return cn_load_fail(c, CN_EINPUT, st, path, "expected at least %d %s, got %d", min,
                            min == 1 ? one : many, *n);
    return CN_OK;
}

/* Path of a list element: list.KEY when the element has a usable key,
 * else list.INDEX. */
void cn_load_elem_path(char *buf, size_t size, const char *list, const config_setting_t *e,
                       const char *key, int index)
{
    const char *k = key != NULL ? cn_load_str_member(e, key) : NULL;
    if (k != NULL && k[0] != '\0' && strchr(k, '.') == NULL)
        cn_load_join(buf, size, list, k);
    else
        snprintf(buf, size, "%s.%d", list, index);
}

void cn_load_line_note(cn_load_ctx *c, const config_setting_t *st, char *buf, size_t size)
{
    const char *file;
    int line;
    cn_load_origin(c, st, &file, &line);
    if (strcmp(file, "--set") == 0)
        snprintf(buf, size, "--set %d", line);
    else
        snprintf(buf, size, "line %d", line);
}

/* A name: non-empty, no '.', fits (checked by read_string). */
int cn_load_check_name(cn_load_ctx *c, const config_setting_t *st, const char *path, const char *v)
{
    if (v[0] == '\0' || strchr(v, '.') != NULL)
        return cn_load_fail(c, CN_EINPUT, st, path,
                            "expected a non-empty name without '.', got '%s'", v);
    int digits = 1;
    for (const char *p = v; *p != '\0'; p++)
        if (!isdigit((unsigned char)*p))
            digits = 0;
    if (digits)
        return cn_load_fail(c, CN_EINPUT, st, path,
                            "expected a name that is not a number, got '%s'", v);
    return CN_OK;
}

int cn_load_is_ident(const char *v)
{
    if (!isalpha((unsigned char)v[0]) && v[0] != '_')
        return 0;
    for (const char *p = v; *p != '\0'; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return 0;
    return 1;
}

int cn_load_read_date(cn_load_ctx *c, const config_setting_t *st, const char *path, int *month)
{
    char g[96];
    if (config_setting_type(st) != CONFIG_TYPE_STRING)
        return cn_load_fail(c, CN_EINPUT, st, path, "expected a date \"YYYY-MM\", got %s",
                            cn_load_got(g, sizeof g, st));
    int m = cn_calendar_parse(config_setting_get_string(st));
    if (m < 0)
        return cn_load_fail(c, CN_EINPUT, st, path,
                            "expected a date \"YYYY-MM\" (year 1000..9999, month 01..12), got '%s'",
                            config_setting_get_string(st));
    *month = m;
    return CN_OK;
}

int cn_load_unknown_dim(cn_load_ctx *c, const config_setting_t *at, const char *path,
                        const char *name)
{
    const cn_scenario *s = c->s;
    return cn_load_unknown(c, at, path, "dimension", name, s->dims, sizeof(cn_dimension),
                           offsetof(cn_dimension, name), NULL, s->n_dims);
}

/* Matches a string setting against fixed names. */
int cn_load_read_enum(cn_load_ctx *c, const config_setting_t *st, const char *path,
                      const char *noun, const char *const *names, int n, int *out)
{
    char g[96];
    if (config_setting_type(st) != CONFIG_TYPE_STRING)
        return cn_load_fail(c, CN_EINPUT, st, path, "expected a string, got %s",
                            cn_load_got(g, sizeof g, st));
    const char *v = config_setting_get_string(st);
    for (int k = 0; k < n; k++)
        if (strcmp(v, names[k]) == 0) {
            *out = k;
            return CN_OK;
        }
    const char *best = cn_suggest(v, names, (size_t)n);
    if (best != NULL)
        return cn_load_fail(c, CN_EINPUT, st, path, "unknown %s '%s' (did you mean '%s'?)", noun, v,
                            best);
    char list[256];
    size_t used = 0;
    list[0] = '\0';
    for (int k = 0; k < n; k++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s",
                         k == 0 ? "" : (k + 1 < n ? ", " : " or "), names[k]);
        used += w > 0 ? (size_t)w : 0;
        if (used >= sizeof list)
            break;
    }
    return cn_load_fail(c, CN_EINPUT, st, path, "unknown %s '%s' (expected %s)", noun, v, list);
}

/* ---- references ---- */

int cn_load_unknown_state(cn_load_ctx *c, const config_setting_t *at, const char *path,
                          const char *word, int with_blocs, int n_blocs, const char *what)
{
    const cn_scenario *s = c->s;
    size_t n = (size_t)s->n_states + (with_blocs ? (size_t)n_blocs : 0);
    const char **cands = malloc((n > 0 ? n : 1) * sizeof *cands);
    if (cands == NULL)
        return cn_load_nomem(c);
    size_t k = 0;
    for (int i = 0; i < s->n_states; i++)
        cands[k++] = s->states[i].code;
    if (with_blocs)
        for (int b = 0; b < n_blocs; b++)
            cands[k++] = s->blocs[b].name;
    char h[96];
    cn_load_hint(h, sizeof h, word, cands, k);
    free(cands);
    return cn_load_fail(c, CN_EINPUT, at, path, "unknown %s '%s'%s", what, word, h);
}

int cn_load_unknown_bloc(cn_load_ctx *c, const config_setting_t *at, const char *path,
                         const char *word)
{
    const cn_scenario *s = c->s;
    return cn_load_unknown(c, at, path, "bloc", word, s->blocs, sizeof(cn_bloc),
                           offsetof(cn_bloc, name), NULL, s->n_blocs);
}

/* A string setting naming a state (bloc 0) or a bloc (bloc 1) -> its index. */
static int read_ref(cn_load_ctx *c, const config_setting_t *st, const char *path, int bloc,
                    int *out)
{
    char g[96];
    if (config_setting_type(st) != CONFIG_TYPE_STRING)
        return cn_load_fail(c, CN_EINPUT, st, path, "expected a %s, got %s",
                            bloc ? "bloc name" : "state code", cn_load_got(g, sizeof g, st));
    const char *v = config_setting_get_string(st);
    *out = bloc ? cn_scenario_bloc(c->s, v) : cn_scenario_state(c->s, v);
    if (*out >= 0)
        return CN_OK;
    return bloc ? cn_load_unknown_bloc(c, st, path, v)
                : cn_load_unknown_state(c, st, path, v, 0, 0, "state");
}

int cn_load_state_ref(cn_load_ctx *c, const config_setting_t *st, const char *path, int *out)
{
    return read_ref(c, st, path, 0, out);
}

int cn_load_bloc_ref(cn_load_ctx *c, const config_setting_t *st, const char *path, int *out)
{
    return read_ref(c, st, path, 1, out);
}

/* Membership: "all" (when allowed) or an array of state codes and names of
 * the first n_blocs blocs, expanded, duplicates dropped, in order of first
 * appearance.  *out is NULL when empty. */
int cn_load_members(cn_load_ctx *c, const config_setting_t *st, const char *path, int allow_all,
                    int n_blocs, int **out, int *n_out)
{
    const cn_scenario *s = c->s;
    char g[96];
    *out = NULL;
    *n_out = 0;
    int type = config_setting_type(st);
    const char *expect = allow_all ? "\"all\" or an array of state codes and bloc names"
                                   : "an array of state codes and bloc names";
    int all = type == CONFIG_TYPE_STRING && allow_all
              && strcmp(config_setting_get_string(st), "all") == 0;
    if (!all && type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
        return cn_load_fail(c, CN_EINPUT, st, path, "expected %s, got %s", expect,
                            cn_load_got(g, sizeof g, st));
    int *idx = malloc((size_t)s->n_states * sizeof *idx);
    unsigned char *seen = calloc((size_t)s->n_states, 1);
    if (idx == NULL || seen == NULL) {
        free(idx);
        free(seen);
        return cn_load_nomem(c);
    }
    int n = 0, rc = CN_OK;
    if (all) {
        for (int i = 0; i < s->n_states; i++)
            idx[n++] = i;
    } else {
        int len = config_setting_length(st);
        for (int k = 0; k < len && rc == CN_OK; k++) {
            const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
            const config_setting_t *at = e;
            if (config_setting_type(e) != CONFIG_TYPE_STRING) {
                rc = cn_load_fail(c, CN_EINPUT, at, path, "expected %s, got %s", expect,
                                  cn_load_got(g, sizeof g, e));
                break;
            }
            const char *v = config_setting_get_string(e);
            int i = cn_scenario_state(s, v);
            if (i >= 0) {
                if (!seen[i]) {
                    seen[i] = 1;
                    idx[n++] = i;
                }
                continue;
            }
            int b;
            for (b = 0; b < n_blocs; b++)
                if (strcmp(s->blocs[b].name, v) == 0)
                    break;
            if (b < n_blocs) {
                for (int m = 0; m < s->blocs[b].n_members; m++) {
                    int j = s->blocs[b].members[m];
                    if (!seen[j]) {
                        seen[j] = 1;
                        idx[n++] = j;
                    }
                }
                continue;
            }
            int later = 0;
            if (c->raw_blocs != NULL && n_blocs < s->n_blocs)
                for (int j = n_blocs; j < config_setting_length(c->raw_blocs); j++) {
                    const char *nm = cn_load_str_member(
                        config_setting_get_elem(c->raw_blocs, (unsigned)j), "name");
                    if (nm != NULL && strcmp(nm, v) == 0)
                        later = 1;
                }
            if (later)
                rc = cn_load_fail(
                    c, CN_EINPUT, at, path,
                    "bloc '%s' is used before it is defined (define it earlier in blocs)", v);
            else
                rc = cn_load_unknown_state(c, at, path, v, 1, n_blocs, "state or bloc");
        }
    }
    free(seen);
    if (rc != CN_OK || n == 0) {
        free(idx);
        *n_out = 0;
        return rc;
    }
    *out = idx;
    *n_out = n;
    return CN_OK;
}

/* ---- lists of groups ---- */

int cn_load_unknown(cn_load_ctx *c, const config_setting_t *at, const char *path, const char *what,
                    const char *word, const void *arr, size_t stride, size_t off, const int *idx,
                    int n)
{
    const char **cands = malloc((n > 0 ? (size_t)n : 1) * sizeof *cands);
    if (cands == NULL)
        return cn_load_nomem(c);
    for (int k = 0; k < n; k++)
        cands[k] = (const char *)arr + (size_t)(idx != NULL ? idx[k] : k) * stride + off;
    char h[96];
    cn_load_hint(h, sizeof h, word, cands, (size_t)n);
    free(cands);
    return cn_load_fail(c, CN_EINPUT, at, path, "unknown %s '%s'%s", what, word, h);
}

/* Element i's key (k->key at offset off of each element of arr): valid and
 * unlike the keys before it. */
static int unique_key(cn_load_ctx *c, const cn_load_list_kind *k, const config_setting_t *st, int i,
                      const char *p, const char *arr, size_t size, size_t off)
{
    const config_setting_t *at =
        config_setting_get_member(config_setting_get_elem(st, (unsigned)i), k->key);
    const char *v = arr + (size_t)i * size + off;
    char pk[CN_DIAG_SETTING], note[64];
    cn_load_join(pk, sizeof pk, p, k->key);
    int rc = k->key_ok(c, at, pk, v);
    if (rc != CN_OK)
        return rc;
    for (int j = 0; j < i; j++)
        if (strcmp(arr + (size_t)j * size + off, v) == 0) {
            cn_load_line_note(
                c, config_setting_get_member(config_setting_get_elem(st, (unsigned)j), k->key),
                note, sizeof note);
            return cn_load_fail(c, CN_EINPUT, at, pk, "duplicate %s '%s' (first at %s)", k->dup, v,
                                note);
        }
    return CN_OK;
}

int cn_load_list(cn_load_ctx *c, const config_setting_t *root, const cn_load_list_kind *k)
{
    const cn_field *row = cn_schema_find(&cn_schema_root, k->name);
    const config_setting_t *st = config_setting_get_member(root, k->name);
    if (st == NULL)
        return CN_OK;
    int n = 0, rc = cn_load_check_list(c, st, k->name, row->noun, k->name, k->min, k->max, &n);
    if (rc != CN_OK || n == 0)
        return rc;
    char *arr = calloc((size_t)n, row->size);
    if (arr == NULL)
        return cn_load_nomem(c);
    /* into the scenario first: an element may refer to those before it */
    memcpy((char *)c->s + row->off, &arr, sizeof arr);
    memcpy((char *)c->s + row->off2, &n, sizeof n);
    const cn_field *key = k->key != NULL ? cn_schema_find(row->sub, k->key) : NULL;
    for (int i = 0; i < n && rc == CN_OK; i++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)i);
        char *x = arr + (size_t)i * row->size;
        char p[CN_DIAG_SETTING];
        cn_schema_defaults(row->sub, x);
        if (k->init != NULL)
            k->init(c, x);
        cn_load_elem_path(p, sizeof p, k->name, e, k->key, i);
        rc = cn_load_read_group(c, e, p, k->read != NULL ? k->read : row->sub, x);
        if (rc == CN_OK && key != NULL)
            rc = unique_key(c, k, st, i, p, arr, row->size, key->off);
        if (rc == CN_OK && k->check != NULL)
            rc = k->check(c, e, p, i, x);
    }
    return rc;
}

/* An array of strings (a point's `set`, `metrics`) or, when one_ok, a
 * single string: copies into *out (n *n).  many, one: what is expected of
 * the whole and of an element, for messages. */
int cn_load_read_texts(cn_load_ctx *c, const config_setting_t *st, const char *path, int one_ok,
                      const char *many, const char *one_elem, char ***out, int *n)
{
    char g[96];
    int one = one_ok && config_setting_type(st) == CONFIG_TYPE_STRING;
    if (!one && !config_setting_is_array(st) && !config_setting_is_list(st))
        return cn_load_fail(c, CN_EINPUT, st, path, "expected an array of %s, got %s", many,
                            cn_load_got(g, sizeof g, st));
    int m = one ? 1 : config_setting_length(st);
    *out = calloc((size_t)(m > 0 ? m : 1), sizeof **out);
    if (*out == NULL)
        return cn_load_nomem(c);
    for (int j = 0; j < m; j++) {
        const config_setting_t *e = one ? st : config_setting_get_elem(st, (unsigned)j);
        char r[CN_DIAG_SETTING + 16];
        snprintf(r, sizeof r, "%s.%d", path, j);
        if (config_setting_type(e) != CONFIG_TYPE_STRING)
            return cn_load_fail(c, CN_EINPUT, e, r, "expected %s, got %s", one_elem,
                                cn_load_got(g, sizeof g, e));
        if (((*out)[j] = strdup(config_setting_get_string(e))) == NULL)
            return cn_load_nomem(c);
        *n = j + 1;
    }
    return CN_OK;
}
