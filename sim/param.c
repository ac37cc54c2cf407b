/* param.c - a scenario's plain numeric settings by path, and private
 * copies of a scenario to change them in (cn_param.h).
 *
 * A path is walked down the settings tables as load_set.c walks it down
 * the parsed file: groups by setting name, the top-level lists by an
 * element's code, name or bloc (the first element that has it), or its
 * index, or "*" (every element), per-dimension arrays by dimension name;
 * "blocs.NAME.rest" is "states.CODE.rest" for every member of the bloc.
 * What the loader would read differently is refused (cn_param.h).
 */
#include "cn_param.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cn_schema.h"

#define MAX_SEGS 8

/* The array of a region in s: its first element, its element size and
 * its length. */
static char *region_base(const cn_scenario *s, int region, size_t *size, int *n)
{
    switch (region) {
    case CN_REGION_STATES: *size = sizeof(cn_state); *n = s->n_states; return (char *)s->states;
    case CN_REGION_STAKEHOLDERS:
        *size = sizeof(cn_stakeholder);
        *n = s->n_stakeholders;
        return (char *)s->stakeholders;
    case CN_REGION_FORUMS: *size = sizeof(cn_forum); *n = s->n_forums; return (char *)s->forums;
    case CN_REGION_CAMPAIGNS:
        *size = sizeof(cn_campaign);
        *n = s->n_campaigns;
        return (char *)s->campaigns;
    case CN_REGION_REGIMES:
        *size = sizeof(cn_regime);
        *n = s->n_regimes;
        return (char *)s->regimes;
    default: *size = sizeof(cn_scenario); *n = 1; return (char *)s;
    }
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int refuse(char *why, size_t size, const char *fmt, ...)
{
    if (why != NULL && size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, size, fmt, ap);
        va_end(ap);
    }
    return CN_EINPUT;
}

/* ---- the row of a setting ---------------------------------------------------- */

typedef struct {
    const cn_scenario *s;
    cn_param *p;
    char *why;
    size_t size;
    size_t off;              /* of the setting in its element */
    const cn_field *f;
} walk;

/* segs[0] (and segs[1] for a per-dimension array) name a plain setting of
 * table sc: fills w->off, w->f and the param's type and range. */
static int setting(walk *w, const cn_schema *sc, char **segs, int nseg)
{
    if (nseg < 1)
        return refuse(w->why, w->size, "a group, not a single setting");
    const cn_field *f = cn_schema_find(sc, segs[0]);
    if (f == NULL)
        return refuse(w->why, w->size, "unknown setting '%s'", segs[0]);
    if (f->off == CN_NOFF || (f->flags & (CN_F_CODE | CN_F_CROSS | CN_F_NOWRITE)))
        return refuse(w->why, w->size, "'%s' is checked against other settings when the file is "
                      "read", segs[0]);
    w->f = f;
    w->p->lo = f->lo;
    w->p->hi = f->hi;
    w->p->flags = f->flags & (CN_F_LOPEN | CN_F_HOPEN);
    w->off = f->off;
    if (f->type == CN_T_FLOAT || f->type == CN_T_INT || f->type == CN_T_BOOL) {
        if (nseg != 1)
            return refuse(w->why, w->size, "'%s' is a single value", segs[0]);
        w->p->type = (int)f->type;
        if (f->type == CN_T_BOOL) {
            w->p->lo = 0;
            w->p->hi = 1;
        }
        return CN_OK;
    }
    if (f->type != CN_T_DIMS)
        return refuse(w->why, w->size, "'%s' is not a number", segs[0]);
    if (nseg != 2)
        return refuse(w->why, w->size, "'%s' holds one number per dimension: name one, e.g. "
                      "%s.%s", segs[0], segs[0], w->s->dims[0].name);
    int d = cn_scenario_dim(w->s, segs[1]);
    if (d < 0)
        return refuse(w->why, w->size, "unknown dimension '%s'", segs[1]);
    w->off += (size_t)d * sizeof(double);
    w->p->type = CN_T_FLOAT;
    return CN_OK;
}

/* Adds place (region, elem) at w->off, when the row's `when` holds there. */
static int add_place(walk *w, int region, int elem, int cap)
{
    size_t size;
    int n;
    const char *base = region_base(w->s, region, &size, &n);
    if (w->f != NULL && w->f->when != NULL && !w->f->when(base + (size_t)elem * size))
        return refuse(w->why, w->size, "'%s' is not set there; the file must set it first",
                      w->f->name);
    if (w->p->t == NULL && (w->p->t = calloc((size_t)(cap > 0 ? cap : 1), sizeof *w->p->t)) == NULL)
        return CN_ENOMEM;
    w->p->t[w->p->n++] = (cn_param_target){region, elem, w->off};
    return CN_OK;
}

/* ---- lists ------------------------------------------------------------------- */

static int is_index(const char *seg)
{
    size_t len = strlen(seg);
    return len > 0 && len < 9 && strspn(seg, "0123456789") == len;
}

/* The key of element i of a list as load_set.c matches it: its code,
 * name or bloc (a campaign's bloc by name). */
static int elem_has_key(const cn_scenario *s, int region, int i, const char *seg)
{
    switch (region) {
    case CN_REGION_STATES:
        return strcmp(s->states[i].code, seg) == 0 || strcmp(s->states[i].name, seg) == 0;
    case CN_REGION_STAKEHOLDERS: return strcmp(s->stakeholders[i].name, seg) == 0;
    case CN_REGION_FORUMS: return strcmp(s->forums[i].name, seg) == 0;
    case CN_REGION_CAMPAIGNS:
        return strcmp(s->campaigns[i].name, seg) == 0
               || strcmp(s->blocs[s->campaigns[i].bloc].name, seg) == 0;
    case CN_REGION_REGIMES: return strcmp(s->regimes[i].name, seg) == 0;
    default: return 0;
    }
}

/* Element seg of a region: its index, -1 for "*" (every one), -2 none. */
static int find_elem(const cn_scenario *s, int region, const char *seg)
{
    size_t size;
    int n;
    region_base(s, region, &size, &n);
    if (strcmp(seg, "*") == 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (elem_has_key(s, region, i, seg))
            return i;
    if (is_index(seg)) {
        long i = strtol(seg, NULL, 10);
        if (i < n)
            return (int)i;
    }
    return -2;
}

static int list_setting(walk *w, int region, const cn_schema *sc, char **segs, int nseg)
{
    if (nseg < 2)
        return refuse(w->why, w->size, "a whole element, not a single setting");
    int e = find_elem(w->s, region, segs[0]);
    if (e == -2)
        return refuse(w->why, w->size, "unknown element '%s'", segs[0]);
    int rc = setting(w, sc, segs + 1, nseg - 1);
    if (rc != CN_OK)
        return rc;
    size_t size;
    int n;
    region_base(w->s, region, &size, &n);
    if (e >= 0)
        return add_place(w, region, e, 1);
    if (n == 0)
        return refuse(w->why, w->size, "no element to set");
    for (int i = 0; i < n && rc == CN_OK; i++)
        rc = add_place(w, region, i, n);
    return rc;
}

/* "blocs.NAME.rest": rest is a state's setting, set for every member. */
static int bloc_setting(walk *w, char **segs, int nseg)
{
    if (nseg < 2)
        return refuse(w->why, w->size, "a whole bloc, not a single setting");
    int b = cn_scenario_bloc(w->s, segs[0]);
    if (b < 0)
        return refuse(w->why, w->size, "unknown bloc '%s'", segs[0]);
    if (cn_schema_find(&cn_schema_bloc, segs[1]) != NULL)
        return refuse(w->why, w->size, "'%s' is the bloc's own setting", segs[1]);
    int rc = setting(w, &cn_schema_state, segs + 1, nseg - 1);
    const cn_bloc *bl = &w->s->blocs[b];
    if (rc == CN_OK && bl->n_members == 0)
        return refuse(w->why, w->size, "bloc '%s' has no members", segs[0]);
    for (int k = 0; k < bl->n_members && rc == CN_OK; k++)
        rc = add_place(w, CN_REGION_STATES, bl->members[k], bl->n_members);
    return rc;
}

/* Splits text at '.' into at most MAX_SEGS trimmed segments (in place). */
static int split_path(char *text, char **segs)
{
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(text, ".", &save); t != NULL; t = strtok_r(NULL, ".", &save)) {
        if (n == MAX_SEGS)
            return -1;
        while (isspace((unsigned char)*t))
            t++;
        char *end = t + strlen(t);
        while (end > t && isspace((unsigned char)end[-1]))
            *--end = '\0';
        if (*t == '\0')
            return -1;
        segs[n++] = t;
    }
    return n;
}

int cn_param_resolve(const cn_scenario *s, const char *path, cn_param *out, char *why,
                     size_t size)
{
    memset(out, 0, sizeof *out);
    if (path == NULL || strlen(path) >= sizeof out->path)
        return refuse(why, size, "not a setting path");
    snprintf(out->path, sizeof out->path, "%s", path);
    char buf[sizeof out->path];
    snprintf(buf, sizeof buf, "%s", path);
    char *segs[MAX_SEGS];
    int n = strstr(path, "..") != NULL ? -1 : split_path(buf, segs);
    if (n < 2)
        return refuse(why, size, "expected a dotted path like model.beta");
    walk w = {s, out, why, size, 0, NULL};
    static const struct {
        const char *name;
        int region;
        const cn_schema *sc;
    } lists[] = {
        {"states", CN_REGION_STATES, &cn_schema_state},
        {"stakeholders", CN_REGION_STAKEHOLDERS, &cn_schema_stakeholder},
        {"forums", CN_REGION_FORUMS, &cn_schema_forum},
        {"campaigns", CN_REGION_CAMPAIGNS, &cn_schema_campaign},
        {"regimes", CN_REGION_REGIMES, &cn_schema_regime},
    };
    int rc = CN_EINPUT;
    if (strcmp(segs[0], "model") == 0 || strcmp(segs[0], "events") == 0) {
        int model = segs[0][0] == 'm';
        rc = setting(&w, model ? &cn_schema_model : &cn_schema_events, segs + 1, n - 1);
        w.off += model ? offsetof(cn_scenario, model) : offsetof(cn_scenario, events);
        if (rc == CN_OK)
            rc = add_place(&w, CN_REGION_ROOT, 0, 1);
    } else if (strcmp(segs[0], "blocs") == 0) {
        rc = bloc_setting(&w, segs + 1, n - 1);
    } else {
        int found = 0;
        for (size_t k = 0; k < sizeof lists / sizeof lists[0] && !found; k++)
            if (strcmp(segs[0], lists[k].name) == 0) {
                found = 1;
                rc = list_setting(&w, lists[k].region, lists[k].sc, segs + 1, n - 1);
            }
        if (!found)
            rc = refuse(why, size, "'%s' settings are read with the whole file", segs[0]);
    }
    if (rc != CN_OK)
        cn_param_free(out);
    return rc;
}

void cn_param_free(cn_param *p)
{
    if (p == NULL)
        return;
    free(p->t);
    p->t = NULL;
    p->n = 0;
}

int cn_param_dup(cn_param *dst, const cn_param *src)
{
    *dst = *src;
    dst->t = malloc((size_t)(src->n > 0 ? src->n : 1) * sizeof *dst->t);
    if (dst->t == NULL) {
        dst->n = 0;
        return CN_ENOMEM;
    }
    if (src->n > 0)
        memcpy(dst->t, src->t, (size_t)src->n * sizeof *dst->t);
    return CN_OK;
}

/* ---- values ------------------------------------------------------------------ */

int cn_param_in_range(const cn_param *p, double v)
{
    if (!isfinite(v))
        return 0;
    if ((p->type == CN_T_INT || p->type == CN_T_BOOL) && (v != floor(v) || fabs(v) > INT_MAX))
        return 0;
    int below = (p->flags & CN_F_LOPEN) ? v <= p->lo : v < p->lo;
    int above = (p->flags & CN_F_HOPEN) ? v >= p->hi : v > p->hi;
    return !below && !above;
}

/* 1 when text is -?digits (at most 9), -?digits.digits or either with an
 * exponent: a literal libconfig reads as the same number strtod does. */
static int plain_number(const char *text, int want_int)
{
    const char *p = text + (text[0] == '-');
    size_t ip = strspn(p, "0123456789");
    if (ip == 0)
        return 0;
    p += ip;
    if (want_int)
        return *p == '\0' && ip <= 9;
    if (*p == '.') {
        size_t fp = strspn(p + 1, "0123456789");
        if (fp == 0)
            return 0;
        p += 1 + fp;
    } else if (*p == '\0') {
        return ip <= 9;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        p += *p == '-' || *p == '+';
        size_t ep = strspn(p, "0123456789");
        if (ep == 0 || ep > 3)
            return 0;
        p += ep;
    }
    return *p == '\0';
}

int cn_param_parse(const cn_param *p, const char *text, double *v)
{
    if (p->type == CN_T_BOOL) {
        if (strcmp(text, "true") != 0 && strcmp(text, "false") != 0)
            return 0;
        *v = text[0] == 't';
        return 1;
    }
    if (!plain_number(text, p->type == CN_T_INT))
        return 0;
    errno = 0;
    double x = strtod(text, NULL);
    if (errno != 0 || !cn_param_in_range(p, x))
        return 0;
    *v = x;
    return 1;
}

double cn_param_clamp(const cn_param *p, double v)
{
    if (isnan(v))
        v = p->lo;
    if (p->type == CN_T_INT || p->type == CN_T_BOOL)
        v = floor(v + 0.5);
    if (v < p->lo || ((p->flags & CN_F_LOPEN) && v <= p->lo))
        v = (p->flags & CN_F_LOPEN) ? nextafter(p->lo, INFINITY) : p->lo;
    if (v > p->hi || ((p->flags & CN_F_HOPEN) && v >= p->hi))
        v = (p->flags & CN_F_HOPEN) ? nextafter(p->hi, -INFINITY) : p->hi;
    if ((p->type == CN_T_INT || p->type == CN_T_BOOL) && v != floor(v))
        v = (p->flags & CN_F_LOPEN) ? ceil(v) : floor(v);
    if (p->type == CN_T_INT && v > INT_MAX)
        v = INT_MAX;
    return v;
}

static char *place(const cn_scenario *s, const cn_param_target *t)
{
    size_t size;
    int n;
    char *base = region_base(s, t->region, &size, &n);
    return base + (size_t)t->elem * size + t->off;
}

void cn_param_write(cn_scenario *s, const cn_param *p, double v)
{
    v = cn_param_clamp(p, v);
    for (int k = 0; k < p->n; k++) {
        char *at = place(s, &p->t[k]);
        if (p->type == CN_T_FLOAT)
            memcpy(at, &v, sizeof v);
        else {
            int i = (int)v;
            memcpy(at, &i, sizeof i);
        }
    }
}

double cn_param_read(const cn_scenario *s, const cn_param *p)
{
    if (p->n < 1)
        return NAN;
    const char *at = place(s, &p->t[0]);
    if (p->type == CN_T_FLOAT) {
        double v;
        memcpy(&v, at, sizeof v);
        return v;
    }
    int i;
    memcpy(&i, at, sizeof i);
    return (double)i;
}

unsigned cn_param_regions(const cn_param *p)
{
    unsigned r = 0;
    for (int k = 0; k < p->n; k++)
        r |= 1u << p->t[k].region;
    return r;
}

int cn_param_overlap(const cn_param *p, const cn_param *q)
{
    for (int i = 0; i < p->n; i++)
        for (int j = 0; j < q->n; j++)
            if (p->t[i].region == q->t[j].region && p->t[i].elem == q->t[j].elem
                && p->t[i].off == q->t[j].off)
                return 1;
    return 0;
}

/* ---- copies ------------------------------------------------------------------ */

int cn_param_copy_init(cn_param_copy *c, const cn_scenario *base, unsigned regions)
{
    c->s = *base;
    c->copied = 0;
    for (int r = CN_REGION_STATES; r < CN_REGION_COUNT; r++) {
        if (!(regions >> r & 1u))
            continue;
        size_t size;
        int n;
        const char *src = region_base(base, r, &size, &n);
        if (n == 0)
            continue;
        char *dst = malloc((size_t)n * size);
        if (dst == NULL) {
            cn_param_copy_free(c);
            return CN_ENOMEM;
        }
        memcpy(dst, src, (size_t)n * size);
        switch (r) {
        case CN_REGION_STATES: c->s.states = (cn_state *)(void *)dst; break;
        case CN_REGION_STAKEHOLDERS: c->s.stakeholders = (cn_stakeholder *)(void *)dst; break;
        case CN_REGION_FORUMS: c->s.forums = (cn_forum *)(void *)dst; break;
        case CN_REGION_CAMPAIGNS: c->s.campaigns = (cn_campaign *)(void *)dst; break;
        default: c->s.regimes = (cn_regime *)(void *)dst; break;
        }
        c->copied |= 1u << r;
    }
    return CN_OK;
}

void cn_param_copy_free(cn_param_copy *c)
{
    if (c == NULL)
        return;
    if (c->copied >> CN_REGION_STATES & 1u)
        free(c->s.states);
    if (c->copied >> CN_REGION_STAKEHOLDERS & 1u)
        free(c->s.stakeholders);
    if (c->copied >> CN_REGION_FORUMS & 1u)
        free(c->s.forums);
    if (c->copied >> CN_REGION_CAMPAIGNS & 1u)
        free(c->s.campaigns);
    if (c->copied >> CN_REGION_REGIMES & 1u)
        free(c->s.regimes);
    c->copied = 0;
}

/* ---- overrides --------------------------------------------------------------- */

static int copy_trimmed(const char *from, size_t len, char *to, size_t size)
{
    while (len > 0 && isspace((unsigned char)*from)) {
        from++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)from[len - 1]))
        len--;
    if (len >= size)
        return 0;
    memcpy(to, from, len);
    to[len] = '\0';
    return 1;
}

int cn_param_split(const char *set, char *path, size_t psize, char *value, size_t vsize)
{
    const char *eq = set != NULL ? strchr(set, '=') : NULL;
    if (eq == NULL)
        return 0;
    return copy_trimmed(set, (size_t)(eq - set), path, psize)
           && copy_trimmed(eq + 1, strlen(eq + 1), value, vsize);
}
