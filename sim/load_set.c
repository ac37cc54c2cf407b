/* load_set.c - --set overrides, grafted into the parsed tree before it
 * is validated (cn_load_internal.h).
 *
 * Each override "path=value" is parsed by libconfig as "v = VALUE;" (a
 * bare word that is not valid libconfig is taken as a string) after the
 * checks a file gets before libconfig reads it; then its path is walked
 * down the tree with the schema (cn_schema.h): groups by setting name
 * (a missing group is created), lists of groups by an element's code,
 * name or bloc, or its index, arrays by index or dimension name.  A
 * grafted setting carries a hook pointing at its position among the
 * overrides, so later messages name "--set" and that position.
 */
#include "cn_load_internal.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Deep copy of src's value into dst (same type, just added). */
static int copy_value(config_setting_t *dst, const config_setting_t *src, int keep_origin)
{
    int ok = 1;
    if (keep_origin) {
        dst->line = src->line;
        dst->file = src->file;
        dst->hook = src->hook;
    }
    switch (config_setting_type(src)) {
    case CONFIG_TYPE_INT: ok = config_setting_set_int(dst, config_setting_get_int(src)); break;
    case CONFIG_TYPE_INT64:
        ok = config_setting_set_int64(dst, config_setting_get_int64(src));
        break;
    case CONFIG_TYPE_FLOAT:
        ok = config_setting_set_float(dst, config_setting_get_float(src));
        break;
    case CONFIG_TYPE_STRING:
        ok = config_setting_set_string(dst, config_setting_get_string(src));
        break;
    case CONFIG_TYPE_BOOL: ok = config_setting_set_bool(dst, config_setting_get_bool(src)); break;
    case CONFIG_TYPE_GROUP:
    case CONFIG_TYPE_LIST:
    case CONFIG_TYPE_ARRAY:
        for (int i = 0; i < config_setting_length(src); i++) {
            const config_setting_t *e = config_setting_get_elem(src, (unsigned)i);
            config_setting_t *d = config_setting_add(
                dst, config_setting_is_group(dst) ? config_setting_name(e) : NULL,
                config_setting_type(e));
            if (d == NULL || copy_value(d, e, keep_origin) != CN_OK)
                return CN_ENOMEM;
        }
        break;
    default: break;
    }
    return ok ? CN_OK : CN_ENOMEM;
}

typedef struct {
    cn_load_ctx *c;
    int pos;                   /* 1-based position among the overrides */
    const cn_load_hook *hook;  /* what grafted settings point at */
    const char *path;          /* the override's path as given */
} setctx;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int set_fail(setctx *sc, const char *fmt, ...)
{
    char msg[CN_DIAG_MSG];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (sc->hook != NULL && sc->hook->file != NULL)
        cn_diag_set(sc->c->diag, sc->hook->file, sc->hook->line, sc->path, "%s", msg);
    else
        cn_diag_set(sc->c->diag, "--set", sc->pos, sc->path, "%s", msg);
    return CN_EINPUT;
}

/* Puts a copy of val into group parent under name, replacing what was there. */
static int put_member(setctx *sc, config_setting_t *parent, const char *name,
                      const config_setting_t *val)
{
    if (config_setting_get_member(parent, name) != NULL)
        config_setting_remove(parent, name);
    config_setting_t *n = config_setting_add(parent, name, config_setting_type(val));
    if (n == NULL)
        return set_fail(sc, "'%s' is not a valid setting name", name);
    if (copy_value(n, val, 0) != CN_OK)
        return cn_load_nomem(sc->c);
    config_setting_set_hook(n, (void *)sc->hook);
    return CN_OK;
}

/* Replaces element idx of the array arr (held by a group) with val.  The
 * array is rebuilt as a list so the element may change type (0 -> 0.4);
 * the other elements keep their file and line. */
static int put_elem(setctx *sc, config_setting_t *arr, int idx, const config_setting_t *val)
{
    config_setting_t *parent = config_setting_parent(arr);
    if (!config_setting_is_scalar(val))
        return set_fail(sc, "expected a single value for an array element");
    if (parent == NULL || !config_setting_is_group(parent))
        return set_fail(sc, "cannot set an element of this array; set the whole array");
    config_t tmp;
    config_init(&tmp);
    config_setting_t *hold = config_setting_add(config_root_setting(&tmp), "x", CONFIG_TYPE_LIST);
    int rc = hold != NULL ? copy_value(hold, arr, 1) : CN_ENOMEM;
    char name[CN_DIAG_SETTING];
    snprintf(name, sizeof name, "%s", config_setting_name(arr));
    config_setting_t *n = NULL;
    if (rc == CN_OK) {
        config_setting_remove(parent, name);
        n = config_setting_add(parent, name, CONFIG_TYPE_LIST);
        if (n == NULL)
            rc = CN_ENOMEM;
        else {
            n->line = hold->line;
            n->file = hold->file;
            n->hook = hold->hook;
        }
    }
    for (int i = 0; rc == CN_OK && i < config_setting_length(hold); i++) {
        const config_setting_t *src = i == idx ? val : config_setting_get_elem(hold, (unsigned)i);
        config_setting_t *d = config_setting_add(n, NULL, config_setting_type(src));
        if (d == NULL || copy_value(d, src, i != idx) != CN_OK)
            rc = CN_ENOMEM;
        else if (i == idx)
            config_setting_set_hook(d, (void *)sc->hook);
    }
    config_destroy(&tmp);
    return rc == CN_OK ? CN_OK : cn_load_nomem(sc->c);
}

static int is_index(const char *seg)
{
    if (seg[0] == '\0')
        return 0;
    for (const char *p = seg; *p != '\0'; p++)
        if (!isdigit((unsigned char)*p))
            return 0;
    return strlen(seg) < 9;
}

/* Names of the dimensions as the (possibly overridden) tree has them for
 * the setting at path: a world file's states (world_dimensions) are given
 * on the world's dimensions. */
static int tree_dims(const config_setting_t *root, const char *path, const char **names)
{
    const config_setting_t *d = config_setting_get_member(root, "dimensions");
    const config_setting_t *wd = config_setting_get_member(root, "world_dimensions");
    if (wd != NULL && strncmp(path, "states", 6) == 0 && (path[6] == '.' || path[6] == '\0'))
        d = wd;
    if (d == NULL) {
        names[0] = "scope";
        names[1] = "form";
        return 2;
    }
    if (!config_setting_is_list(d))
        return 0;
    int n = config_setting_length(d);
    if (n > CN_MAX_DIMS)
        n = CN_MAX_DIMS;
    for (int k = 0; k < n; k++)
        names[k] = cn_load_str_member(config_setting_get_elem(d, (unsigned)k), "name");
    return n;
}

/* Finds the element of a list of groups whose code, name or bloc is seg
 * (or whose 0-based index it is). */
static int find_elem(setctx *sc, config_setting_t *list, const cn_field *f, const char *seg,
                     config_setting_t **out)
{
    static const char *const keys[] = {"code", "name", "bloc"};
    int n = config_setting_length(list);
    for (int i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        for (int k = 0; k < CN_NELEM(keys); k++) {
            const char *v = cn_load_str_member(e, keys[k]);
            if (v != NULL && strcmp(v, seg) == 0) {
                *out = e;
                return CN_OK;
            }
        }
    }
    if (is_index(seg)) {
        int i = (int)strtol(seg, NULL, 10);
        if (i < n) {
            *out = config_setting_get_elem(list, (unsigned)i);
            return CN_OK;
        }
        return set_fail(sc, "no %s number %d (there are %d, counted from 0)", f->noun, i, n);
    }
    const char **cands = malloc(((size_t)n * 3 + 1) * sizeof *cands);
    if (cands == NULL)
        return cn_load_nomem(sc->c);
    size_t nc = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < CN_NELEM(keys); k++)
            cands[nc++] = cn_load_str_member(config_setting_get_elem(list, (unsigned)i), keys[k]);
    char h[96];
    cn_load_hint(h, sizeof h, seg, cands, nc);
    free(cands);
    return set_fail(sc, "unknown %s '%s'%s", f->noun, seg, h);
}

static char *trim(char *p)
{
    while (isspace((unsigned char)*p))
        p++;
    char *end = p + strlen(p);
    while (end > p && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return p;
}

/* Appends ".seg" (or "seg") to the path walked so far. */
static void walk(char *done, size_t size, const char *seg)
{
    size_t len = strlen(done);
    if (len > 0 && len + 1 < size)
        done[len++] = '.';
    snprintf(done + len, size - len, "%s", seg);
}

/* Where the walk down an override's path stands. */
typedef struct {
    config_setting_t *cur;      /* the setting reached */
    const cn_schema *sch;       /* table of cur when it is a group */
    const cn_field *cf;         /* row describing cur (NULL: the root or a list element) */
    int free_names;             /* cur is a group with free names (closed) */
    char done[CN_DIAG_SETTING]; /* path walked so far */
} walker;

/* Into element seg of the list of groups cur. */
static int step_list(setctx *sc, walker *w, const char *seg, int last)
{
    if (config_setting_type(w->cur) != CONFIG_TYPE_LIST)
        return set_fail(sc, "'%s' is not a list of groups", w->done);
    if (last)
        return set_fail(sc, "cannot replace a whole %s; set its settings one at a time",
                        w->cf->noun);
    config_setting_t *e = NULL;
    int rc = find_elem(sc, w->cur, w->cf, seg, &e);
    if (rc != CN_OK)
        return rc;
    walk(w->done, sizeof w->done, seg);
    w->cur = e;
    w->sch = w->cf->sub;
    w->cf = NULL;
    w->free_names = 0;
    return CN_OK;
}

/* Member seg (row f) of group w->cur that the path goes through but the
 * file lacks: a group is created empty, a per-dimension array with its
 * defaults; anything else must be set whole. */
static int create_member(setctx *sc, const config_setting_t *root, const walker *w,
                         const cn_field *f, const char *seg, const char *next,
                         config_setting_t **out)
{
    if (w->free_names)
        return set_fail(sc, "'%s' is a single value", seg);
    if (f->type == CN_T_LIST)
        return set_fail(sc, "unknown %s '%s' (there are no %s)", f->noun, next, f->name);
    if (f->type == CN_T_GROUP) {
        config_setting_t *m = config_setting_add(w->cur, seg, CONFIG_TYPE_GROUP);
        if (m == NULL)
            return cn_load_nomem(sc->c);
        config_setting_set_hook(m, (void *)sc->hook);
        *out = m;
        return CN_OK;
    }
    if (f->type != CN_T_DIMS || !(f->flags & CN_F_FILL))
        return set_fail(sc, "'%s' is not set; set it whole, e.g. --set %s%s%s=...", seg, w->done,
                        w->done[0] != '\0' ? "." : "", seg);
    const char *names[CN_MAX_DIMS];
    int nd = tree_dims(root, w->done, names);
    config_setting_t *m = config_setting_add(w->cur, seg, CONFIG_TYPE_LIST);
    if (m == NULL)
        return cn_load_nomem(sc->c);
    config_setting_set_hook(m, (void *)sc->hook);
    for (int d = 0; d < nd; d++) {
        config_setting_t *x = config_setting_add(m, NULL, CONFIG_TYPE_FLOAT);
        /* the status quo binds nobody: its default on form, crime, law is 0 */
        double fill = strcmp(f->name, "status_quo") == 0 && names[d] != NULL
                          ? cn_dim_default_status_quo(names[d])
                          : f->fill;
        if (x == NULL || !config_setting_set_float(x, fill))
            return cn_load_nomem(sc->c);
    }
    *out = m;
    return CN_OK;
}

/* Into member seg of the group w->cur, or (last segment) puts val there:
 * *finished is then 1. */
static int step_group(setctx *sc, const config_setting_t *root, walker *w, const char *seg,
                      const char *next, const config_setting_t *val, int *finished)
{
    if (w->cf != NULL && w->cf->type != CN_T_GROUP)
        return set_fail(sc, "'%s' is not a group", w->done);
    const cn_field *f = w->free_names ? NULL : cn_schema_find(w->sch, seg);
    if (!w->free_names && f == NULL && next != NULL) {
        const char *cands[32];
        size_t nc = 0;
        for (int k = 0; k < w->sch->n && nc < 32; k++)
            cands[nc++] = w->sch->f[k].name;
        char h[96];
        return set_fail(sc, "unknown setting '%s'%s", seg,
                        cn_load_hint(h, sizeof h, seg, cands, nc));
    }
    if (next == NULL) {
        *finished = 1;
        return put_member(sc, w->cur, seg, val);
    }
    config_setting_t *m = config_setting_get_member(w->cur, seg);
    if (m == NULL) {
        int rc = create_member(sc, root, w, f, seg, next, &m);
        if (rc != CN_OK)
            return rc;
    }
    walk(w->done, sizeof w->done, seg);
    w->cur = m;
    w->cf = f;
    w->free_names = f != NULL && f->type == CN_T_GROUP && f->sub == NULL;
    if (f != NULL && f->type == CN_T_GROUP)
        w->sch = f->sub;
    return CN_OK;
}

/* Element seg (an index, or a dimension's name) of the array w->cur is
 * the last segment: puts val there. */
static int step_array(setctx *sc, const config_setting_t *root, const walker *w, const char *seg,
                      int last, const config_setting_t *val)
{
    int n = config_setting_length(w->cur), idx = -1;
    if (is_index(seg)) {
        idx = (int)strtol(seg, NULL, 10);
    } else if (w->cf != NULL && w->cf->type == CN_T_DIMS) {
        const char *names[CN_MAX_DIMS];
        int nd = tree_dims(root, w->done, names);
        for (int d = 0; d < nd; d++)
            if (names[d] != NULL && strcmp(names[d], seg) == 0)
                idx = d;
        if (idx < 0) {
            char h[96];
            return set_fail(sc, "unknown dimension '%s'%s", seg,
                            cn_load_hint(h, sizeof h, seg, names, (size_t)nd));
        }
    } else {
        return set_fail(sc, "expected an index (0, 1, ...) after '%s', got '%s'", w->done, seg);
    }
    if (idx >= n)
        return set_fail(sc, "index %d is out of range: '%s' has %d elements", idx, w->done, n);
    if (!last)
        return set_fail(sc, "'%s.%s' is a single value", w->done, seg);
    return put_elem(sc, w->cur, idx, val);
}

/* Grafts val at the dotted path. */
static int graft(setctx *sc, config_setting_t *root, char *path, const config_setting_t *val)
{
    walker w = {root, &cn_schema_root, NULL, 0, ""};
    char *save = NULL;
    char *seg = strtok_r(path, ".", &save);
    if (seg == NULL)
        return set_fail(sc, "expected path=value, got an empty path");
    while (seg != NULL) {
        if (w.cur == NULL)
            return set_fail(sc, "'%s' does not exist", w.done);
        char *next = strtok_r(NULL, ".", &save);
        seg = trim(seg);
        if (seg[0] == '\0')
            return set_fail(sc, "expected a dotted path like model.beta, got '%s'", sc->path);
        if (next != NULL)
            next = trim(next);
        int type = config_setting_type(w.cur), rc, finished = 0;
        if (w.cf != NULL && w.cf->type == CN_T_LIST)
            rc = step_list(sc, &w, seg, next == NULL);
        else if (type == CONFIG_TYPE_GROUP)
            rc = step_group(sc, root, &w, seg, next, val, &finished);
        else if (type == CONFIG_TYPE_ARRAY || type == CONFIG_TYPE_LIST)
            return step_array(sc, root, &w, seg, next == NULL, val);
        else
            return set_fail(sc, "'%s' is a single value; nothing is below it", w.done);
        if (rc != CN_OK || finished)
            return rc;
        seg = next;
    }
    return CN_OK;
}

/* ---- several settings at once: a bloc's members, every element ---- */

#define MAX_BLOC_DEPTH 64

/* Adds the state codes of bloc `name` (its members, earlier blocs among
 * them expanded; a bloc's members may name only blocs before it) to
 * codes (n, at most cap); 0 when the bloc is not in the tree. */
static int bloc_codes(const config_setting_t *blocs, const char *name, int before,
                      const char **codes, int *n, int cap, int depth)
{
    if (blocs == NULL)
        return 0;
    int nb = before < config_setting_length(blocs) ? before : config_setting_length(blocs);
    for (int b = 0; b < nb; b++) {
        const config_setting_t *e = config_setting_get_elem(blocs, (unsigned)b);
        const char *bn = cn_load_str_member(e, "name");
        if (bn == NULL || strcmp(bn, name) != 0)
            continue;
        const config_setting_t *m = config_setting_get_member(e, "members");
        int len = m != NULL && config_setting_is_aggregate(m) ? config_setting_length(m) : 0;
        for (int i = 0; i < len; i++) {
            const char *v = config_setting_get_string(config_setting_get_elem(m, (unsigned)i));
            if (v == NULL)
                continue;
            if (depth < MAX_BLOC_DEPTH && bloc_codes(blocs, v, b, codes, n, cap, depth + 1))
                continue;
            int seen = 0;
            for (int k = 0; k < *n && !seen; k++)
                seen = strcmp(codes[k], v) == 0;
            if (!seen && *n < cap)
                codes[(*n)++] = v;
        }
        return 1;
    }
    return 0;
}

/* Grafts val at "head.key.rest" for each key (n of them). */
static int graft_each(setctx *sc, config_setting_t *root, const char *head, const char *const *keys,
                      int n, const char *rest, const config_setting_t *val)
{
    int rc = CN_OK;
    for (int i = 0; i < n && rc == CN_OK; i++) {
        char one[CN_DIAG_SETTING];
        if ((size_t)snprintf(one, sizeof one, "%s.%s.%s", head, keys[i], rest) >= sizeof one)
            return set_fail(sc, "path too long");
        rc = graft(sc, root, one, val);
    }
    return rc;
}

/* "blocs.NAME.rest" (rest not a bloc's setting): rest for every member. */
static int graft_bloc(setctx *sc, config_setting_t *root, const char *name, const char *rest,
                      const config_setting_t *val)
{
    const config_setting_t *blocs = config_setting_get_member(root, "blocs");
    int nb = blocs != NULL && config_setting_is_list(blocs) ? config_setting_length(blocs) : 0;
    const char **codes = malloc((size_t)CN_MAX_STATES * sizeof *codes);
    if (codes == NULL)
        return cn_load_nomem(sc->c);
    int n = 0, rc;
    if (!bloc_codes(blocs, name, nb, codes, &n, CN_MAX_STATES, 0)) {
        const char **names = malloc((size_t)(nb > 0 ? nb : 1) * sizeof *names);
        char h[96] = "";
        for (int b = 0; names != NULL && b < nb; b++)
            names[b] = cn_load_str_member(config_setting_get_elem(blocs, (unsigned)b), "name");
        if (names != NULL)
            cn_load_hint(h, sizeof h, name, names, (size_t)nb);
        free(names);
        rc = set_fail(sc, "unknown bloc '%s'%s", name, h);
    } else if (n == 0) {
        rc = set_fail(sc, "bloc '%s' has no members to set", name);
    } else {
        rc = graft_each(sc, root, "states", codes, n, rest, val);
    }
    free(codes);
    return rc;
}

/* "LIST.*.rest": rest in every element of a top-level list. */
static int graft_all(setctx *sc, config_setting_t *root, const char *list, const char *rest,
                     const config_setting_t *val)
{
    const config_setting_t *l = config_setting_get_member(root, list);
    int n = l != NULL && config_setting_is_list(l) ? config_setting_length(l) : 0;
    if (n == 0)
        return set_fail(sc, "'%s.*': there are no %s", list, list);
    int rc = CN_OK;
    for (int i = 0; i < n && rc == CN_OK; i++) {
        char key[16];
        const char *k = key;
        snprintf(key, sizeof key, "%d", i);
        rc = graft_each(sc, root, list, &k, 1, rest, val);
    }
    return rc;
}

/* Grafts val at path p (modified), expanding a bloc's members and "*". */
static int graft_expanded(setctx *sc, config_setting_t *root, char *p, const config_setting_t *val)
{
    char *d1 = strchr(p, '.');
    char *d2 = d1 != NULL ? strchr(d1 + 1, '.') : NULL;
    if (d2 == NULL)
        return graft(sc, root, p, val);
    *d1 = '\0';
    *d2 = '\0';
    const char *head = p, *key = d1 + 1, *rest = d2 + 1;
    char third[CN_DIAG_SETTING];
    snprintf(third, sizeof third, "%.*s", (int)strcspn(rest, "."), rest);
    const cn_field *lf = cn_schema_find(&cn_schema_root, head);
    if (strcmp(head, "blocs") == 0 && strcmp(key, "*") != 0
        && cn_schema_find(&cn_schema_bloc, third) == NULL)
        return graft_bloc(sc, root, key, rest, val);
    if (strcmp(key, "*") == 0 && lf != NULL && lf->type == CN_T_LIST)
        return graft_all(sc, root, head, rest, val);
    *d1 = '.';
    *d2 = '.';
    return graft(sc, root, p, val);
}

static int is_word(const char *v)
{
    if (!isalpha((unsigned char)v[0]) && v[0] != '_')
        return 0;
    for (const char *p = v; *p != '\0'; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
            return 0;
    return 1;
}

/* Parses "v = TEXT;" into cfg; a bare word that is not valid libconfig is
 * taken as a string, so --set forums.X.rule=majority works unquoted. */
static int parse_value(config_t *cfg, const char *text, const char **err)
{
    size_t len = strlen(text);
    char *buf = malloc(len + 16);
    if (buf == NULL)
        return CN_ENOMEM;
    /* libconfig 1.5 wraps decimal integers beyond 32 bits unless they carry
     * an L suffix: add it for the user. */
    const char *d = text + (text[0] == '-' || text[0] == '+');
    int wide = d[0] != '\0' && strspn(d, "0123456789") == strlen(d)
               && (strlen(d) > 10 || strtoll(text, NULL, 10) > INT_MAX
                   || strtoll(text, NULL, 10) < INT_MIN);
    snprintf(buf, len + 16, "v = %s%s;", text, wide ? "L" : "");
    int ok = config_read_string(cfg, buf);
    if (!ok && is_word(text)) {
        config_destroy(cfg);
        config_init(cfg);
        snprintf(buf, len + 16, "v = \"%s\";", text);
        ok = config_read_string(cfg, buf);
    }
    free(buf);
    *err = ok ? NULL : config_error_text(cfg);
    return ok ? CN_OK : CN_EINPUT;
}

int cn_load_apply_set(cn_load_ctx *c, config_t *cfg, const char *set, int pos,
                      const cn_load_hook *hook)
{
    setctx sc = {c, pos, hook, ""};
    if (set == NULL)
        return set_fail(&sc, "expected path=value, got nothing");
    const char *eq = strchr(set, '=');
    if (eq == NULL)
        return set_fail(&sc, "expected path=value, got '%s'", set);
    char path[CN_DIAG_SETTING];
    size_t plen = (size_t)(eq - set);
    if (plen >= sizeof path)
        return set_fail(&sc, "path too long (at most %zu characters)", sizeof path - 1);
    memcpy(path, set, plen);
    path[plen] = '\0';
    char *p = trim(path);
    char shown[CN_DIAG_SETTING];
    snprintf(shown, sizeof shown, "%s", p);
    sc.path = shown;
    if (p[0] == '\0')
        return set_fail(&sc, "expected path=value, got '%s'", set);
    if (strstr(p, "..") != NULL || p[0] == '.' || p[strlen(p) - 1] == '.')
        return set_fail(&sc, "expected a dotted path like model.beta, got '%s'", p);
    size_t vlen = strlen(eq + 1);
    char *vtext = malloc(vlen + 1);
    if (vtext == NULL)
        return cn_load_nomem(c);
    memcpy(vtext, eq + 1, vlen + 1);
    char *v = trim(vtext);
    /* the checks a file gets before libconfig reads it (wrapped integers,
     * open strings), and no @include */
    cn_diag vd;
    cn_load_ctx vcx = *c;
    vcx.diag = &vd;
    cn_load_prescan vps = {&vcx, CN_LOAD_MAX_BYTES, 0, 1, 0, {0}, {0}};
    const char *digits = v + (v[0] == '-' || v[0] == '+');
    errno = 0;
    int plain = digits[0] != '\0' && strspn(digits, "0123456789") == strlen(digits)
                && (strtoll(v, NULL, 10), errno != ERANGE);
    if (!plain && cn_load_scan_text(&vps, v, "--set") != CN_OK) { /* plain: parse_value adds L */
        int st = set_fail(&sc, "bad value '%s': %s", v, vd.msg);
        free(vtext);
        return st;
    }
    config_t vc;
    config_init(&vc);
    const char *err = NULL;
    int rc = v[0] == '\0' ? CN_EINPUT : parse_value(&vc, v, &err);
    const config_setting_t *val = NULL;
    if (rc == CN_OK) {
        val = config_lookup(&vc, "v");
        if (val == NULL || config_setting_length(config_root_setting(&vc)) != 1)
            rc = CN_EINPUT, err = "more than one value";
    }
    if (rc == CN_ENOMEM)
        rc = cn_load_nomem(c);
    else if (rc != CN_OK)
        rc = v[0] == '\0' ? set_fail(&sc, "expected path=value, got no value")
                          : set_fail(&sc, "bad value '%s': %s", v, err);
    else
        rc = graft_expanded(&sc, config_root_setting(cfg), p, val);
    config_destroy(&vc);
    free(vtext);
    return rc;
}

int cn_load_apply_file_sets(cn_load_ctx *c, config_t *cfg, cn_load_hook **hooks, int *n)
{
    *hooks = NULL;
    *n = 0;
    config_setting_t *root = config_root_setting(cfg);
    config_setting_t *st = config_setting_get_member(root, "set");
    if (st == NULL)
        return CN_OK;
    char g[96];
    int one = config_setting_type(st) == CONFIG_TYPE_STRING;
    if (!one && !config_setting_is_array(st) && !config_setting_is_list(st))
        return cn_load_fail(c, CN_EINPUT, st, "set",
                            "expected an array of \"path=value\" strings, got %s",
                            cn_load_got(g, sizeof g, st));
    int m = one ? 1 : config_setting_length(st);
    if (m == 0)
        return CN_OK;
    if ((*hooks = calloc((size_t)m, sizeof **hooks)) == NULL)
        return cn_load_nomem(c);
    *n = m;
    int rc = CN_OK;
    for (int i = 0; i < m && rc == CN_OK; i++) {
        const config_setting_t *e = one ? st : config_setting_get_elem(st, (unsigned)i);
        char pi[32];
        snprintf(pi, sizeof pi, "set.%d", i);
        if (config_setting_type(e) != CONFIG_TYPE_STRING)
            return cn_load_fail(c, CN_EINPUT, e, pi, "expected a \"path=value\" string, got %s",
                                cn_load_got(g, sizeof g, e));
        cn_load_hook *h = &(*hooks)[i];
        const char *file;
        cn_load_origin(c, e, &file, &h->line);
        snprintf(h->file_buf, sizeof h->file_buf, "%s", file);
        h->file = h->file_buf;
        h->pos = i + 1;
        const char *v = config_setting_get_string(e);
        if (strncmp(v, "run.", 4) == 0 || strncmp(v, "sweep", 5) == 0 || strncmp(v, "set", 3) == 0)
            return cn_load_fail(c, CN_EINPUT, e, pi, "a scenario's set changes its actors and "
                                "parameters, not run, sweep or set settings; got \"%s\"", v);
        rc = cn_load_apply_set(c, cfg, v, i + 1, h);
    }
    return rc;
}
