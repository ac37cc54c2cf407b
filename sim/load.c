/* load.c - reads a scenario file (libconfig) into a validated cn_scenario
 * (cn_load.h).
 *
 * Three steps.  (1) libconfig parses the file (includes resolve against the
 * scenario's folder).  (2) Each --set override is parsed by libconfig as
 * "v = VALUE;" and grafted into the parsed tree at its path; grafted
 * settings carry a hook pointing at their position among the overrides, so
 * later messages name "--set" and that position instead of a file line.
 * (3) The tree is checked against the schema tables below (every allowed
 * setting of every group with its type, range and default) and copied into
 * the plain structs of cn_scenario.h; references between sections (state
 * codes, bloc names, stakeholders, dimensions) are resolved to indices.
 * The first problem found stops the load: the diagnostic names the file
 * and line the setting came from, its dotted path and what was expected.
 * Nothing here keeps state between calls; loading is meant for the main
 * thread (gsl_rng_types_setup is read to check generator names).
 */
#include "cn_load.h"

#include "cn_suggest.h"

#include <ctype.h>
#include <errno.h>
#include <gsl/gsl_rng.h>
#include <libconfig.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- schema ---- */

enum ftype { T_INT, T_LONG, T_ULONG, T_FLOAT, T_BOOL, T_STR, T_DIMS, T_GROUP, T_LIST, T_OTHER };

#define F_REQ 1u   /* required */
#define F_LOPEN 2u /* the lower bound is excluded */
#define F_LIMIT 4u /* above hi is a program limit: CN_ELIMIT */
#define F_FILL 8u  /* T_DIMS: --set may create the array filled with `fill` */
#define NOFF ((size_t)-1)

typedef struct schema schema;

typedef struct {
    const char *name;
    enum ftype type;
    size_t off;          /* offset in the target struct; NOFF: read by code */
    double lo, hi;       /* numbers and per-dimension arrays */
    unsigned flags;
    size_t size;         /* T_STR: buffer size */
    const schema *sub;   /* T_GROUP / T_LIST: schema of the group / of each element */
    const char *noun;    /* T_LIST: element noun; F_LIMIT: what is counted */
    double fill;         /* F_FILL */
} field;

struct schema {
    const field *f;
    int n;
};

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define FLT(st, m, l, h) {.name = #m, .type = T_FLOAT, .off = offsetof(st, m), .lo = (l), .hi = (h)}
#define FLTO(st, m, l, h) \
    {.name = #m, .type = T_FLOAT, .off = offsetof(st, m), .lo = (l), .hi = (h), .flags = F_LOPEN}
#define INTF(st, m, l, h) {.name = #m, .type = T_INT, .off = offsetof(st, m), .lo = (l), .hi = (h)}
#define BOOLF(st, m) {.name = #m, .type = T_BOOL, .off = offsetof(st, m)}
#define STRF(st, m, fl) \
    {.name = #m, .type = T_STR, .off = offsetof(st, m), .size = sizeof(((st *)0)->m), .flags = (fl)}
#define DIMSF(st, m, l, h, fl, fv) \
    {.name = #m, .type = T_DIMS, .off = offsetof(st, m), .lo = (l), .hi = (h), .flags = (fl), .fill = (fv)}
#define OTHER(nm, fl) {.name = (nm), .type = T_OTHER, .off = NOFF, .flags = (fl)}
#define GROUPF(nm, sc) {.name = (nm), .type = T_GROUP, .off = NOFF, .sub = (sc)}
#define LISTF(nm, sc, noun_, fl) \
    {.name = (nm), .type = T_LIST, .off = NOFF, .sub = (sc), .noun = (noun_), .flags = (fl)}

static const field dim_fields[] = {
    STRF(cn_dimension, name, F_REQ),
    STRF(cn_dimension, low, 0),
    STRF(cn_dimension, high, 0),
};
static const schema dim_schema = {dim_fields, NELEM(dim_fields)};

static const field run_fields[] = {
    {.name = "seed", .type = T_ULONG, .off = offsetof(cn_run_params, seed), .lo = 0,
     .hi = INFINITY},
    {.name = "replications", .type = T_LONG, .off = offsetof(cn_run_params, replications),
     .lo = 1, .hi = CN_MAX_REPLICATIONS, .flags = F_LIMIT, .noun = "replications"},
    {.name = "threads", .type = T_INT, .off = offsetof(cn_run_params, threads), .lo = 0,
     .hi = CN_MAX_THREADS, .flags = F_LIMIT, .noun = "threads"},
    STRF(cn_run_params, generator, 0),
    OTHER("uncertainty", 0),
    INTF(cn_run_params, input_group, 1, 1000000),
};
static const schema run_schema = {run_fields, NELEM(run_fields)};

static const field model_fields[] = {
    FLT(cn_model_params, p, 0.5, 4),
    FLT(cn_model_params, beta, 0, 1000),
    FLT(cn_model_params, indifference, 0, 1),
    FLT(cn_model_params, vote_deference, -1, 1),
    FLT(cn_model_params, vote_objection_cost, 0, 1),
    FLT(cn_model_params, consensus_objection_cost, 0, 1),
    FLT(cn_model_params, bloc_discipline, 0, 1),
    FLT(cn_model_params, rival_weight, 0, 1),
    FLT(cn_model_params, sponsor_cue, 0, 1),
    FLT(cn_model_params, abstain_split, 0, 1),
    FLT(cn_model_params, abstain_hedge, 0, 1),
    FLT(cn_model_params, epsilon, 0, 3),
    FLT(cn_model_params, self_tie, 0, INFINITY),
    FLT(cn_model_params, base_tie, 0, INFINITY),
    FLT(cn_model_params, bloc_tie, 0, INFINITY),
    FLT(cn_model_params, campaign_decay, 0, 1),
    DIMSF(cn_model_params, status_quo, 0, 1, F_FILL, 0.5),
    FLT(cn_model_params, lockin, -1, 1),
    FLT(cn_model_params, report_regime_weight, 0, 1),
    FLT(cn_model_params, treaty_regime_weight, 0, 1),
    FLT(cn_model_params, incompatible, 0, 3),
    FLT(cn_model_params, dgc_form, 0, 1),
    FLT(cn_model_params, dgc_scope, 0, 1),
    FLT(cn_model_params, dgc_coverage, 0, 1),
    /* issue #12: signature and ratification (cn_treaty.h) */
    FLT(cn_model_params, sign_threshold, -1, 1),
    FLT(cn_model_params, sign_open, 0, 1),
    FLT(cn_model_params, sign_rate, 0, 100),
    OTHER("binding", 0), /* removed in issue #12: refused by read_removed */
};
static const schema model_schema = {model_fields, NELEM(model_fields)};

/* incidents (issue 12): the public record and scripted events; read by
 * read_attribution and read_script, after blocs and forums */
static const field script_fields[] = {
    STRF(cn_script_event, name, 0),
    {.name = "round", .type = T_INT, .off = offsetof(cn_script_event, round), .lo = 0,
     .hi = 1000, .flags = F_REQ},
    OTHER("kind", 0),
    OTHER("perpetrator", F_REQ),
    OTHER("victim", 0),
    OTHER("attributors", 0),
};
static const schema script_schema = {script_fields, NELEM(script_fields)};

typedef struct {
    double weight;
} offense_row;
static const field offense_fields[] = {
    OTHER("code", F_REQ),
    {.name = "weight", .type = T_FLOAT, .off = offsetof(offense_row, weight), .lo = 0,
     .hi = 1e6, .flags = F_REQ},
};
static const schema offense_schema = {offense_fields, NELEM(offense_fields)};

typedef struct {
    char name[CN_NAME_LEN];
    double since;
} attributor_row;
static const field attributor_fields[] = {
    STRF(attributor_row, name, 0),
    OTHER("members", F_REQ),
    {.name = "since", .type = T_FLOAT, .off = offsetof(attributor_row, since), .lo = 0,
     .hi = 10000, .flags = F_REQ},
};
static const schema attributor_schema = {attributor_fields, NELEM(attributor_fields)};

static const field attribution_fields[] = {
    LISTF("offense", &offense_schema, "offense weight", 0),
    LISTF("attributors", &attributor_schema, "attributor", 0),
};
static const schema attribution_schema = {attribution_fields, NELEM(attribution_fields)};

static const field events_fields[] = {
    FLT(cn_events_params, incident_rate, 0, 50),
    FLT(cn_events_params, attribution, 0, 1),
    FLT(cn_events_params, shock, 0, 1),
    FLT(cn_events_params, urgency, 0, 1),
    FLT(cn_events_params, pressure_decay, 0, 1),
    FLT(cn_events_params, shame, 0, 1),
    FLT(cn_events_params, audience, 0, 1),
    LISTF("script", &script_schema, "scripted event", 0),
};
static const schema events_schema = {events_fields, NELEM(events_fields)};

#define FORUM_COMMON(st)                                                                   \
    {.name = "sessions", .type = T_INT, .off = offsetof(st, sessions), .lo = 1,              \
     .hi = CN_MAX_SESSIONS, .flags = F_LIMIT, .noun = "sessions"},                           \
        INTF(st, footnotes, 0, INFINITY), FLT(st, dilution, 0, 1), FLT(st, chair_bias, 0, 1), \
        FLT(st, sigma, 0, 1), FLT(st, concession, 0, 1), FLT(st, chair_step, 0, 3),          \
        INTF(st, ratification_sessions, 0, CN_MAX_SESSIONS), INTF(st, council_quota, 1, INFINITY)

static const field fdef_fields[] = {FORUM_COMMON(cn_forum_defaults)};
static const schema fdef_schema = {fdef_fields, NELEM(fdef_fields)};

static const field state_fields[] = {
    STRF(cn_state, code, F_REQ),
    STRF(cn_state, name, 0),
    STRF(cn_state, group, 0),
    STRF(cn_state, region, 0),
    DIMSF(cn_state, ideal, 0, 1, F_REQ, 0),
    DIMSF(cn_state, ideal_se, 0, 1, F_FILL, 0.0),
    DIMSF(cn_state, salience, 0, 100, F_FILL, 1.0),
    FLTO(cn_state, capability, 0, 1e6),
    FLT(cn_state, stubbornness, 0, 1),
    FLT(cn_state, ratify, 0, 100), /* per year (issue #12) */
    BOOLF(cn_state, veto),
};
static const schema state_schema = {state_fields, NELEM(state_fields)};

/* A state of a world file that declares world_dimensions: its
 * per-dimension arrays run over the world's dimensions and are projected
 * onto the scenario's by name (read_world_arrays). */
static const field world_state_fields[] = {
    STRF(cn_state, code, F_REQ),
    STRF(cn_state, name, 0),
    STRF(cn_state, group, 0),
    STRF(cn_state, region, 0),
    OTHER("ideal", F_REQ),
    OTHER("ideal_se", 0),
    OTHER("salience", 0),
    FLTO(cn_state, capability, 0, 1e6),
    FLT(cn_state, stubbornness, 0, 1),
    FLT(cn_state, ratify, 0, 1),
    BOOLF(cn_state, veto),
};
static const schema world_state_schema = {world_state_fields, NELEM(world_state_fields)};

static const field holder_fields[] = {
    STRF(cn_stakeholder, name, F_REQ),
    DIMSF(cn_stakeholder, ideal, 0, 1, F_REQ, 0),
    DIMSF(cn_stakeholder, salience, 0, 100, F_FILL, 1.0),
    FLTO(cn_stakeholder, capability, 0, 1e6),
    FLT(cn_stakeholder, stubbornness, 0, 1),
    FLT(cn_stakeholder, reach, 0, INFINITY),
};
static const schema holder_schema = {holder_fields, NELEM(holder_fields)};

static const field bloc_fields[] = {
    STRF(cn_bloc, name, F_REQ),
    OTHER("members", F_REQ),
    OTHER("leader", 0),
    BOOLF(cn_bloc, camp),
};
static const schema bloc_schema = {bloc_fields, NELEM(bloc_fields)};

static const field tie_fields[] = {
    OTHER("from", F_REQ),
    OTHER("to", F_REQ),
    FLT(cn_tie, weight, 0, INFINITY),
    BOOLF(cn_tie, mutual),
};
static const schema tie_schema = {tie_fields, NELEM(tie_fields)};

static const field rival_fields[] = {
    OTHER("bloc", F_REQ),
    INTF(cn_rival, from_session, 1, CN_MAX_SESSIONS),
    DIMSF(cn_rival, text, 0, 1, 0, 0),
};
static const schema rival_schema = {rival_fields, NELEM(rival_fields)};

/* the rival text or track on the table in a recorded vote (read by code) */
static const field alternative_fields[] = {
    OTHER("text", F_REQ),
    OTHER("sponsor", 0),
};
static const schema alternative_schema = {alternative_fields, NELEM(alternative_fields)};

static const field forum_fields[] = {
    STRF(cn_forum, name, F_REQ),
    OTHER("members", 0),
    {.name = "draw", .type = T_INT, .off = offsetof(cn_forum, draw_size), .lo = 0,
     .hi = CN_MAX_STATES},
    OTHER("pool", 0),
    OTHER("rule", 0),
    OTHER("output", 0),
    INTF(cn_forum, start, 1, 1000),
    FORUM_COMMON(cn_forum),
    OTHER("chair", 0),
    DIMSF(cn_forum, draft, 0, 1, 0, 0), /* chairs (issue 12): the real first text */
    GROUPF("closed", NULL),
    OTHER("threshold", 0),
    BOOLF(cn_forum, regional),
    FLTO(cn_forum, ratify_scale, 0, 1000),
    /* issue #12: issues, calendar, signature, accession (read_forum_issue12) */
    OTHER("issues", 0),
    OTHER("start_date", 0),
    OTHER("signature_opens", 0),
    INTF(cn_forum, force_delay, 0, 1200),
    OTHER("open_to", 0),
    FLT(cn_forum, accession_scale, 0, 1000),
    OTHER("stakeholders", 0),
    LISTF("rivals", &rival_schema, "rival", 0),
    OTHER("sponsor", 0),
    GROUPF("alternative", &alternative_schema),
};
static const schema forum_schema = {forum_fields, NELEM(forum_fields)};

static const field campaign_fields[] = {
    STRF(cn_campaign, name, F_REQ),
    OTHER("bloc", F_REQ),
    FLT(cn_campaign, budget, 0, INFINITY),
    OTHER("target", 0),
    OTHER("region", 0),
    OTHER("targets", 0),
    INTF(cn_campaign, start, 1, 1000),
    INTF(cn_campaign, stop, 0, 1000),
};
static const schema campaign_schema = {campaign_fields, NELEM(campaign_fields)};

static const field regime_fields[] = {
    STRF(cn_regime, name, F_REQ),
    DIMSF(cn_regime, text, 0, 1, F_REQ, 0),
    BOOLF(cn_regime, binding),
    OTHER("parties", F_REQ),
};
static const schema regime_schema = {regime_fields, NELEM(regime_fields)};

/* issue #12: what a round is (read_calendar) */
static const field calendar_fields[] = {
    OTHER("start", 0),
    INTF(cn_calendar, round_months, 1, 120),
    OTHER("end", 0),
};
static const schema calendar_schema = {calendar_fields, NELEM(calendar_fields)};

static const field root_fields[] = {
    STRF(cn_scenario, name, 0),
    STRF(cn_scenario, description, 0),
    LISTF("dimensions", &dim_schema, "dimension", 0),
    LISTF("world_dimensions", &dim_schema, "dimension", 0),
    GROUPF("run", &run_schema),
    GROUPF("model", &model_schema),
    GROUPF("events", &events_schema),
    GROUPF("forum_defaults", &fdef_schema),
    GROUPF("calendar", &calendar_schema),
    LISTF("states", &state_schema, "state", F_REQ),
    LISTF("stakeholders", &holder_schema, "stakeholder", 0),
    LISTF("blocs", &bloc_schema, "bloc", 0),
    LISTF("ties", &tie_schema, "tie", 0),
    LISTF("forums", &forum_schema, "forum", F_REQ),
    LISTF("campaigns", &campaign_schema, "campaign", 0),
    LISTF("regimes", &regime_schema, "regime", 0),
    OTHER("poles", 0),
    GROUPF("attribution", &attribution_schema),
    OTHER("expected", 0), /* the real outcome of a history scenario: read by cn_backtest */
    OTHER("sweep", 0), /* read by cn_sweep_load (sim/sweep.c) */
};
static const schema root_schema = {root_fields, NELEM(root_fields)};

static const char *const un_groups[] = {"African", "APG", "EEG", "GRULAC", "WEOG"};
static const char *const rule_names[] = {"consensus", "unanimity", "majority", "two_thirds",
                                         "council"};
/* in cn_output_kind order */
static const char *const output_names[] = {"report", "treaty", "decision", "declaration",
                                           "resolution"};
static const char *const uncertainty_names[] = {"none", "positions", "all"};
static const char *const target_names[] = {"undecided", "region", "list"};

/* ---- context and diagnostics ---- */

typedef struct {
    cn_diag *diag;
    const char *name;   /* the scenario's name in messages (path or string name) */
    const char *incdir; /* folder includes resolve against, or NULL */
    cn_scenario *s;
    const config_setting_t *raw_blocs; /* the blocs list, for "defined later" hints */
    int n_world;                       /* world_dimensions given: their number, else 0 */
    char world_names[CN_MAX_DIMS][CN_NAME_LEN];
    int world_map[CN_MAX_DIMS];        /* scenario dimension d is world dimension world_map[d] */
    char file[CN_DIAG_FILE];
} ctx;

/* File and line a setting came from: "--set" and its position when it (or
 * a group holding it) was grafted by an override. */
static void origin(ctx *c, const config_setting_t *st, const char **file, int *line)
{
    for (const config_setting_t *p = st; p != NULL; p = p->parent)
        if (p->hook != NULL) {
            *file = "--set";
            *line = *(const int *)p->hook;
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

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static int fail(ctx *c, int status, const config_setting_t *at, const char *path,
                const char *fmt, ...)
{
    char msg[CN_DIAG_MSG];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *file;
    int line;
    origin(c, at, &file, &line);
    cn_diag_set(c->diag, file, line, path != NULL && path[0] != '\0' ? path : NULL, "%s", msg);
    return status;
}

static int nomem(ctx *c)
{
    cn_diag_set(c->diag, c->name, 0, NULL, "out of memory");
    return CN_ENOMEM;
}

/* " (did you mean 'x'?)" or "". */
static const char *hint(char *buf, size_t size, const char *word, const char *const *cands,
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
static void join(char *buf, size_t size, const char *parent, const char *seg)
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
static const char *got(char *buf, size_t size, const config_setting_t *st)
{
    char n[40];
    switch (config_setting_type(st)) {
    case CONFIG_TYPE_INT:
        snprintf(buf, size, "an integer (%d)", config_setting_get_int(st));
        break;
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

static const field *find_field(const schema *sc, const char *name)
{
    if (sc == NULL || name == NULL)
        return NULL;
    for (int k = 0; k < sc->n; k++)
        if (strcmp(sc->f[k].name, name) == 0)
            return &sc->f[k];
    return NULL;
}

static int unknown_setting(ctx *c, const config_setting_t *at, const char *path,
                           const char *name, const schema *sc)
{
    const char *cands[32];
    size_t n = 0;
    for (int k = 0; k < sc->n && n < 32; k++)
        cands[n++] = sc->f[k].name;
    char h[96];
    return fail(c, CN_EINPUT, at, path, "unknown setting '%s'%s", name,
                hint(h, sizeof h, name, cands, n));
}

static int missing(ctx *c, const config_setting_t *group, const char *path, const char *name)
{
    char p[CN_DIAG_SETTING];
    join(p, sizeof p, path, name);
    return fail(c, CN_EINPUT, group, p, "required setting is missing");
}

/* A string member of a group, or NULL when absent or not a string. */
static const char *str_member(const config_setting_t *g, const char *name)
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
static int get_number(ctx *c, const config_setting_t *st, const char *path, int want_int,
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
            return fail(c, CN_EINPUT, st, path, "expected an integer, got %s",
                        got(g, sizeof g, st));
        *v = config_setting_get_float(st);
        *iv = 0;
        if (!isfinite(*v))
            return fail(c, CN_EINPUT, st, path, "expected a finite number, got %s",
                        isnan(*v) ? "nan" : (*v > 0 ? "inf" : "-inf"));
        return CN_OK;
    default:
        return fail(c, CN_EINPUT, st, path, "expected %s, got %s",
                    want_int ? "an integer" : "a number", got(g, sizeof g, st));
    }
}

static int range_error(ctx *c, const config_setting_t *st, const char *path, double lo,
                       double hi, unsigned flags, const char *noun, int is_int, double v)
{
    char a[40], b[40], x[40];
    if (v > hi && (flags & F_LIMIT))
        return fail(c, CN_ELIMIT, st, path, "too many %s: at most %s, got %s", noun,
                    num(a, sizeof a, hi), num(x, sizeof x, v));
    const char *kind = is_int ? "an integer" : "a number";
    if (isinf(hi))
        return fail(c, CN_EINPUT, st, path, "expected %s %s %s, got %s", kind,
                    (flags & F_LOPEN) ? ">" : ">=", num(a, sizeof a, lo), num(x, sizeof x, v));
    return fail(c, CN_EINPUT, st, path, "expected %s in %c%s, %s], got %s", kind,
                (flags & F_LOPEN) ? '(' : '[', num(a, sizeof a, lo), num(b, sizeof b, hi),
                num(x, sizeof x, v));
}

static int out_of_range(double v, double lo, double hi, unsigned flags)
{
    return ((flags & F_LOPEN) ? v <= lo : v < lo) || v > hi;
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
static int read_dims(ctx *c, const config_setting_t *st, const char *path, const field *f,
                     double *out)
{
    const cn_scenario *s = c->s;
    char g[96], dl[CN_MAX_DIMS * (CN_NAME_LEN + 2)];
    int type = config_setting_type(st);
    if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
        return fail(c, CN_EINPUT, st, path,
                    "expected an array of %d numbers (one per dimension: %s), got %s", s->n_dims,
                    dim_list(s, dl, sizeof dl), got(g, sizeof g, st));
    int n = config_setting_length(st);
    if (n != s->n_dims)
        return fail(c, CN_EINPUT, st, path,
                    "expected an array of %d numbers (one per dimension: %s), got %d",
                    s->n_dims, dim_list(s, dl, sizeof dl), n);
    for (int d = 0; d < n; d++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)d);
        char p[CN_DIAG_SETTING];
        join(p, sizeof p, path, s->dims[d].name);
        double v = 0.0;
        long long iv = 0;
        int rc = get_number(c, e, p, 0, &v, &iv);
        if (rc != CN_OK)
            return rc;
        if (out_of_range(v, f->lo, f->hi, f->flags))
            return range_error(c, e, p, f->lo, f->hi, f->flags, f->noun, 0,
                               v);
        out[d] = v;
    }
    return CN_OK;
}

static int read_string(ctx *c, const config_setting_t *st, const char *path, char *out,
                       size_t size)
{
    char g[96];
    if (config_setting_type(st) != CONFIG_TYPE_STRING)
        return fail(c, CN_EINPUT, st, path, "expected a string, got %s", got(g, sizeof g, st));
    const char *v = config_setting_get_string(st);
    size_t len = strlen(v);
    if (len >= size)
        return fail(c, CN_EINPUT, st, path, "expected at most %zu characters, got %zu",
                    size - 1, len);
    memcpy(out, v, len + 1);
    return CN_OK;
}

static int read_bool(ctx *c, const config_setting_t *st, const char *path, int *out)
{
    char g[96];
    if (config_setting_type(st) != CONFIG_TYPE_BOOL)
        return fail(c, CN_EINPUT, st, path, "expected true or false, got %s",
                    got(g, sizeof g, st));
    *out = config_setting_get_bool(st) ? 1 : 0;
    return CN_OK;
}

static int read_field(ctx *c, const config_setting_t *st, const char *path, const field *f,
                      void *dst)
{
    double v = 0.0;
    long long iv = 0;
    int rc;
    switch (f->type) {
    case T_INT:
    case T_LONG:
    case T_ULONG:
        rc = get_number(c, st, path, 1, &v, &iv);
        if (rc != CN_OK)
            return rc;
        if (out_of_range(v, f->lo, f->hi, f->flags))
            return range_error(c, st, path, f->lo, f->hi, f->flags, f->noun, 1, v);
        if (f->type == T_INT) {
            if (iv > INT_MAX)
                return range_error(c, st, path, f->lo, INT_MAX, f->flags, f->noun, 1, v);
            *(int *)dst = (int)iv;
        } else if (f->type == T_LONG) {
            *(long *)dst = (long)iv;
        } else {
            *(unsigned long *)dst = (unsigned long)iv;
        }
        return CN_OK;
    case T_FLOAT:
        rc = get_number(c, st, path, 0, &v, &iv);
        if (rc != CN_OK)
            return rc;
        if (out_of_range(v, f->lo, f->hi, f->flags))
            return range_error(c, st, path, f->lo, f->hi, f->flags, f->noun, 0, v);
        *(double *)dst = v;
        return CN_OK;
    case T_BOOL: return read_bool(c, st, path, (int *)dst);
    case T_STR: return read_string(c, st, path, (char *)dst, f->size);
    case T_DIMS: return read_dims(c, st, path, f, (double *)dst);
    default: return CN_OK;
    }
}

/* Checks a group against its schema: unknown settings, the fields stored
 * at an offset of target (read here), required fields present.  Fields
 * without an offset are left to the caller. */
static int read_group(ctx *c, const config_setting_t *g, const char *path, const schema *sc,
                      void *target)
{
    char gb[96];
    if (!config_setting_is_group(g))
        return fail(c, CN_EINPUT, g, path, "expected a group { ... }, got %s",
                    got(gb, sizeof gb, g));
    int n = config_setting_length(g);
    for (int i = 0; i < n; i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        char p[CN_DIAG_SETTING];
        join(p, sizeof p, path, config_setting_name(m));
        const field *f = find_field(sc, config_setting_name(m));
        if (f == NULL)
            return unknown_setting(c, m, p, config_setting_name(m), sc);
        if (f->off == NOFF)
            continue;
        int rc = read_field(c, m, p, f, (char *)target + f->off);
        if (rc != CN_OK)
            return rc;
    }
    for (int k = 0; k < sc->n; k++)
        if ((sc->f[k].flags & F_REQ) && config_setting_get_member(g, sc->f[k].name) == NULL)
            return missing(c, g, path, sc->f[k].name);
    return CN_OK;
}

/* A list of groups with min..max elements (an empty array counts as an
 * empty list). */
static int check_list(ctx *c, const config_setting_t *st, const char *path, const char *one,
                      const char *many, int min, int max, int *n)
{
    char g[96];
    int type = config_setting_type(st);
    if (type != CONFIG_TYPE_LIST && !(type == CONFIG_TYPE_ARRAY && config_setting_length(st) == 0))
        return fail(c, CN_EINPUT, st, path, "expected a list of groups ( { ... }, ... ), got %s",
                    got(g, sizeof g, st));
    *n = config_setting_length(st);
    if (*n > max)
        return fail(c, CN_ELIMIT, st, path, "too many %s: at most %d, got %d", many, max, *n);
    if (*n < min)
        return fail(c, CN_EINPUT, st, path, "expected at least %d %s, got %d", min,
                    min == 1 ? one : many, *n);
    return CN_OK;
}

/* Path of a list element: list.KEY when the element has a usable key,
 * else list.INDEX. */
static void elem_path(char *buf, size_t size, const char *list, const config_setting_t *e,
                      const char *key, int index)
{
    const char *k = str_member(e, key);
    if (k != NULL && k[0] != '\0' && strchr(k, '.') == NULL)
        join(buf, size, list, k);
    else
        snprintf(buf, size, "%s.%d", list, index);
}

static int first_line_note(ctx *c, const config_setting_t *st, char *buf, size_t size)
{
    const char *file;
    int line;
    origin(c, st, &file, &line);
    if (strcmp(file, "--set") == 0)
        snprintf(buf, size, "--set %d", line);
    else
        snprintf(buf, size, "line %d", line);
    return 0;
}

/* A name: non-empty, no '.', fits (checked by read_string). */
static int check_name(ctx *c, const config_setting_t *st, const char *path, const char *v)
{
    if (v[0] == '\0' || strchr(v, '.') != NULL)
        return fail(c, CN_EINPUT, st, path, "expected a non-empty name without '.', got '%s'", v);
    int digits = 1;
    for (const char *p = v; *p != '\0'; p++)
        if (!isdigit((unsigned char)*p))
            digits = 0;
    if (digits)
        return fail(c, CN_EINPUT, st, path, "expected a name that is not a number, got '%s'", v);
    return CN_OK;
}

static int is_ident(const char *v)
{
    if (!isalpha((unsigned char)v[0]) && v[0] != '_')
        return 0;
    for (const char *p = v; *p != '\0'; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return 0;
    return 1;
}

/* Matches a string setting against fixed names. */
static int read_enum(ctx *c, const config_setting_t *st, const char *path, const char *noun,
                     const char *const *names, int n, int *out)
{
    char g[96];
    if (config_setting_type(st) != CONFIG_TYPE_STRING)
        return fail(c, CN_EINPUT, st, path, "expected a string, got %s", got(g, sizeof g, st));
    const char *v = config_setting_get_string(st);
    for (int k = 0; k < n; k++)
        if (strcmp(v, names[k]) == 0) {
            *out = k;
            return CN_OK;
        }
    const char *best = cn_suggest(v, names, (size_t)n);
    if (best != NULL)
        return fail(c, CN_EINPUT, st, path, "unknown %s '%s' (did you mean '%s'?)", noun, v, best);
    char list[256];
    size_t used = 0;
    list[0] = '\0';
    for (int k = 0; k < n; k++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s", k == 0 ? "" : (k + 1 < n ? ", " : " or "),
                         names[k]);
        used += w > 0 ? (size_t)w : 0;
        if (used >= sizeof list)
            break;
    }
    return fail(c, CN_EINPUT, st, path, "unknown %s '%s' (expected %s)", noun, v, list);
}

/* ---- references ---- */

static int unknown_state(ctx *c, const config_setting_t *at, const char *path, const char *word,
                         int with_blocs, int n_blocs, const char *what)
{
    const cn_scenario *s = c->s;
    size_t n = (size_t)s->n_states + (with_blocs ? (size_t)n_blocs : 0);
    const char **cands = malloc((n > 0 ? n : 1) * sizeof *cands);
    if (cands == NULL)
        return nomem(c);
    size_t k = 0;
    for (int i = 0; i < s->n_states; i++)
        cands[k++] = s->states[i].code;
    if (with_blocs)
        for (int b = 0; b < n_blocs; b++)
            cands[k++] = s->blocs[b].name;
    char h[96];
    hint(h, sizeof h, word, cands, k);
    free(cands);
    return fail(c, CN_EINPUT, at, path, "unknown %s '%s'%s", what, word, h);
}

static int unknown_bloc(ctx *c, const config_setting_t *at, const char *path, const char *word)
{
    const cn_scenario *s = c->s;
    const char *cands[CN_MAX_BLOCS];
    for (int b = 0; b < s->n_blocs; b++)
        cands[b] = s->blocs[b].name;
    char h[96];
    return fail(c, CN_EINPUT, at, path, "unknown bloc '%s'%s", word,
                hint(h, sizeof h, word, cands, (size_t)s->n_blocs));
}

/* A state code setting -> state index. */
static int read_state_ref(ctx *c, const config_setting_t *st, const char *path, int *out)
{
    char g[96];
    if (config_setting_type(st) != CONFIG_TYPE_STRING)
        return fail(c, CN_EINPUT, st, path, "expected a state code, got %s",
                    got(g, sizeof g, st));
    const char *v = config_setting_get_string(st);
    *out = cn_scenario_state(c->s, v);
    if (*out < 0)
        return unknown_state(c, st, path, v, 0, 0, "state");
    return CN_OK;
}

static int read_bloc_ref(ctx *c, const config_setting_t *st, const char *path, int *out)
{
    char g[96];
    if (config_setting_type(st) != CONFIG_TYPE_STRING)
        return fail(c, CN_EINPUT, st, path, "expected a bloc name, got %s", got(g, sizeof g, st));
    const char *v = config_setting_get_string(st);
    *out = cn_scenario_bloc(c->s, v);
    if (*out < 0)
        return unknown_bloc(c, st, path, v);
    return CN_OK;
}

/* Membership: "all" (when allowed) or an array of state codes and names of
 * the first n_blocs blocs, expanded, duplicates dropped, in order of first
 * appearance.  *out is NULL when empty. */
static int read_members(ctx *c, const config_setting_t *st, const char *path, int allow_all,
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
        return fail(c, CN_EINPUT, st, path, "expected %s, got %s", expect, got(g, sizeof g, st));
    int *idx = malloc((size_t)s->n_states * sizeof *idx);
    unsigned char *seen = calloc((size_t)s->n_states, 1);
    if (idx == NULL || seen == NULL) {
        free(idx);
        free(seen);
        return nomem(c);
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
                rc = fail(c, CN_EINPUT, at, path, "expected %s, got %s", expect,
                          got(g, sizeof g, e));
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
                    const char *nm =
                        str_member(config_setting_get_elem(c->raw_blocs, (unsigned)j), "name");
                    if (nm != NULL && strcmp(nm, v) == 0)
                        later = 1;
                }
            if (later)
                rc = fail(c, CN_EINPUT, at, path,
                          "bloc '%s' is used before it is defined (define it earlier in blocs)", v);
            else
                rc = unknown_state(c, at, path, v, 1, n_blocs, "state or bloc");
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

/* ---- issue #12: dates, the calendar, removed settings, a forum's issues
 * and treaty settings ---- */

/* "unknown dimension 'x'" with a did-you-mean among the scenario's. */
static int unknown_dim(ctx *c, const config_setting_t *at, const char *path, const char *name)
{
    const cn_scenario *s = c->s;
    const char *cands[CN_MAX_DIMS];
    for (int k = 0; k < s->n_dims; k++)
        cands[k] = s->dims[k].name;
    char h[96];
    return fail(c, CN_EINPUT, at, path, "unknown dimension '%s'%s", name,
                hint(h, sizeof h, name, cands, (size_t)s->n_dims));
}

#define CN_MAX_CALENDAR_ROUNDS 1000 /* rounds a calendar may span (start .. end) */

/* A "YYYY-MM" date: its month (cn_calendar: 12 year + month - 1). */
static int read_date(ctx *c, const config_setting_t *st, const char *path, int *month)
{
    char g[96];
    if (config_setting_type(st) != CONFIG_TYPE_STRING)
        return fail(c, CN_EINPUT, st, path, "expected a date \"YYYY-MM\", got %s",
                    got(g, sizeof g, st));
    int m = cn_calendar_parse(config_setting_get_string(st));
    if (m < 0)
        return fail(c, CN_EINPUT, st, path,
                    "expected a date \"YYYY-MM\" (year 1000..9999, month 01..12), got '%s'",
                    config_setting_get_string(st));
    *month = m;
    return CN_OK;
}

/* calendar = { start = "YYYY-MM"; round_months = 4; end = "YYYY-MM"; } */
static int read_calendar(ctx *c, const config_setting_t *root)
{
    cn_calendar *cal = &c->s->calendar;
    const config_setting_t *g = config_setting_get_member(root, "calendar"), *x;
    if (g == NULL)
        return CN_OK;
    int rc = read_group(c, g, "calendar", &calendar_schema, cal);
    if (rc != CN_OK)
        return rc;
    if ((x = config_setting_get_member(g, "start")) != NULL
        && (rc = read_date(c, x, "calendar.start", &cal->start)) != CN_OK)
        return rc;
    if ((x = config_setting_get_member(g, "end")) == NULL)
        return CN_OK;
    if (cal->start < 0)
        return fail(c, CN_EINPUT, x, "calendar.end", "an end date needs a start date (calendar.start)");
    if ((rc = read_date(c, x, "calendar.end", &cal->end)) != CN_OK)
        return rc;
    char a[16], b[16];
    cn_calendar_format(cal->end, a, sizeof a);
    cn_calendar_format(cal->start, b, sizeof b);
    if (cal->end < cal->start)
        return fail(c, CN_EINPUT, x, "calendar.end", "end %s is before the start %s", a, b);
    if (cn_calendar_round(cal, cal->end) > CN_MAX_CALENDAR_ROUNDS)
        return fail(c, CN_ELIMIT, x, "calendar.end",
                    "too many rounds: %s to %s in rounds of %d months is %d rounds, at most %d", b,
                    a, cal->round_months, cn_calendar_round(cal, cal->end), CN_MAX_CALENDAR_ROUNDS);
    return CN_OK;
}

/* Settings removed or renamed by issue #12: refused with what replaced them. */
static int read_removed(ctx *c, const config_setting_t *root)
{
    const config_setting_t *m = config_setting_get_member(root, "model"), *x;
    if (m != NULL && config_setting_is_group(m) && (x = config_setting_get_member(m, "binding")) != NULL)
        return fail(c, CN_EINPUT, x, "model.binding",
                    "removed (issue #12): a text binds by its legal type (forum `output`: a "
                    "treaty in force, or a Security Council \"decision\"), not by a threshold on "
                    "its form, and world.binding follows that; the form is content, reported as "
                    "FORUM.text.form (docs/model.md, section 12)");
    return CN_OK;
}

/* A forum's `issues`, `start_date`, `signature_opens` and `open_to` (the
 * schema reads force_delay and accession_scale).  After `closed`: a
 * dimension that is not an issue is closed at its `closed` value, else at
 * the status quo. */
static int read_forum_issue12(ctx *c, const config_setting_t *e, const char *p, cn_forum *f)
{
    cn_scenario *s = c->s;
    const cn_calendar *cal = &s->calendar;
    char pn[CN_DIAG_SETTING], g[96];
    const config_setting_t *x;
    int rc;
    if ((x = config_setting_get_member(e, "issues")) != NULL) {
        join(pn, sizeof pn, p, "issues");
        int type = config_setting_type(x), n = config_setting_length(x);
        if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
            return fail(c, CN_EINPUT, x, pn, "expected an array of dimension names, got %s",
                        got(g, sizeof g, x));
        if (n < 1)
            return fail(c, CN_EINPUT, x, pn, "expected at least one dimension name, got none");
        unsigned mask = 0;
        for (int k = 0; k < n; k++) {
            const config_setting_t *m = config_setting_get_elem(x, (unsigned)k);
            const char *v = config_setting_type(m) == CONFIG_TYPE_STRING ? config_setting_get_string(m) : NULL;
            int d = v != NULL ? cn_scenario_dim(s, v) : -1;
            if (v == NULL)
                return fail(c, CN_EINPUT, m, pn, "expected a dimension name, got %s", got(g, sizeof g, m));
            if (d < 0)
                return unknown_dim(c, m, pn, v);
            if (mask >> d & 1u)
                return fail(c, CN_EINPUT, m, pn, "dimension '%s' is listed twice", v);
            mask |= 1u << d;
        }
        f->issues = mask == (1u << s->n_dims) - 1u ? 0u : mask;
        for (int d = 0; d < s->n_dims; d++)
            if (f->issues != 0 && !(f->issues >> d & 1u) && f->open[d]) {
                f->open[d] = 0;
                f->fixed[d] = s->model.status_quo[d];
            }
    }
    if ((x = config_setting_get_member(e, "start_date")) != NULL) {
        int month = 0;
        join(pn, sizeof pn, p, "start_date");
        if ((rc = read_date(c, x, pn, &month)) != CN_OK)
            return rc;
        if (cal->start < 0)
            return fail(c, CN_EINPUT, x, pn, "a date needs a calendar: calendar = { start = \"YYYY-MM\"; }");
        if (config_setting_get_member(e, "start") != NULL)
            return fail(c, CN_EINPUT, x, pn, "give either start (a round) or start_date, not both");
        if (month < cal->start)
            return fail(c, CN_EINPUT, x, pn, "start_date is before the calendar's start");
        f->start = cn_calendar_round(cal, month);
        if (f->start > 1000)
            return fail(c, CN_EINPUT, x, pn, "start_date falls in round %d, after round 1000", f->start);
    }
    if ((x = config_setting_get_member(e, "signature_opens")) != NULL) {
        join(pn, sizeof pn, p, "signature_opens");
        if ((rc = read_date(c, x, pn, &f->signature_opens)) != CN_OK)
            return rc;
        if (cal->start < 0)
            return fail(c, CN_EINPUT, x, pn, "a date needs a calendar: calendar = { start = \"YYYY-MM\"; }");
    }
    if ((x = config_setting_get_member(e, "open_to")) != NULL) {
        join(pn, sizeof pn, p, "open_to");
        if ((rc = read_members(c, x, pn, 1, s->n_blocs, &f->open_to, &f->n_open_to)) != CN_OK)
            return rc;
    }
    return CN_OK;
}

/* ---- sections ---- */

static int read_dimensions(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "dimensions");
    if (st == NULL)
        return CN_OK;
    int n = 0, rc = check_list(c, st, "dimensions", "dimension", "dimensions", 1, CN_MAX_DIMS, &n);
    if (rc != CN_OK)
        return rc;
    cn_scenario defaults;
    cn_scenario_defaults(&defaults);
    memset(s->dims, 0, sizeof s->dims);
    s->n_dims = n;
    for (int d = 0; d < n; d++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)d);
        char p[CN_DIAG_SETTING], pn[CN_DIAG_SETTING];
        elem_path(p, sizeof p, "dimensions", e, "name", d);
        cn_dimension *dim = &s->dims[d];
        if ((rc = read_group(c, e, p, &dim_schema, dim)) != CN_OK)
            return rc;
        const config_setting_t *nm = config_setting_get_member(e, "name");
        join(pn, sizeof pn, p, "name");
        if (!is_ident(dim->name))
            return fail(c, CN_EINPUT, nm, pn,
                        "expected a name of letters, digits and '_', not starting with a "
                        "digit, got '%s'",
                        dim->name);
        for (int k = 0; k < d; k++)
            if (strcmp(s->dims[k].name, dim->name) == 0)
                return fail(c, CN_EINPUT, nm, pn, "duplicate dimension name '%s'", dim->name);
        int known = cn_scenario_dim(&defaults, dim->name);
        if (known >= 0) {
            if (config_setting_get_member(e, "low") == NULL)
                memcpy(dim->low, defaults.dims[known].low, sizeof dim->low);
            if (config_setting_get_member(e, "high") == NULL)
                memcpy(dim->high, defaults.dims[known].high, sizeof dim->high);
        }
    }
    return CN_OK;
}

/* world_dimensions: the dimensions a world file's states are given on.
 * Every dimension of the scenario must be one of them (by name); the
 * scenario may use fewer, in any order. */
static int read_world_dims(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "world_dimensions");
    c->n_world = 0;
    if (st == NULL)
        return CN_OK;
    int n = 0, rc = check_list(c, st, "world_dimensions", "dimension", "dimensions", 1,
                               CN_MAX_DIMS, &n);
    if (rc != CN_OK)
        return rc;
    for (int k = 0; k < n; k++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
        char p[CN_DIAG_SETTING], pn[CN_DIAG_SETTING];
        cn_dimension dim;
        memset(&dim, 0, sizeof dim);
        elem_path(p, sizeof p, "world_dimensions", e, "name", k);
        if ((rc = read_group(c, e, p, &dim_schema, &dim)) != CN_OK)
            return rc;
        join(pn, sizeof pn, p, "name");
        const config_setting_t *nm = config_setting_get_member(e, "name");
        if (!is_ident(dim.name))
            return fail(c, CN_EINPUT, nm, pn,
                        "expected a name of letters, digits and '_', not starting with a "
                        "digit, got '%s'",
                        dim.name);
        for (int j = 0; j < k; j++)
            if (strcmp(c->world_names[j], dim.name) == 0)
                return fail(c, CN_EINPUT, nm, pn, "duplicate dimension name '%s'", dim.name);
        memcpy(c->world_names[k], dim.name, sizeof c->world_names[k]);
    }
    c->n_world = n;
    for (int d = 0; d < s->n_dims; d++) {
        int found = -1;
        for (int k = 0; k < n; k++)
            if (strcmp(c->world_names[k], s->dims[d].name) == 0)
                found = k;
        if (found < 0) {
            char list[CN_MAX_DIMS * (CN_NAME_LEN + 2)];
            size_t used = 0;
            list[0] = '\0';
            for (int k = 0; k < n; k++) {
                int w = snprintf(list + used, sizeof list - used, "%s%s", k > 0 ? ", " : "",
                                 c->world_names[k]);
                used += w > 0 ? (size_t)w : 0;
            }
            const config_setting_t *dl = config_setting_get_member(root, "dimensions");
            return fail(c, CN_EINPUT, dl != NULL ? dl : st, "dimensions",
                        "dimension '%s' is not among the world's dimensions (%s)",
                        s->dims[d].name, list);
        }
        c->world_map[d] = found;
    }
    return CN_OK;
}

/* A state's per-dimension array over the world's dimensions (exactly
 * n_world numbers in [lo, hi]), projected onto the scenario's
 * dimensions into out. */
static int read_world_array(ctx *c, const config_setting_t *st, const char *path, double lo,
                            double hi, double *out)
{
    char g[96];
    int type = config_setting_type(st);
    int n = type == CONFIG_TYPE_ARRAY || type == CONFIG_TYPE_LIST ? config_setting_length(st) : -1;
    if (n != c->n_world) {
        char list[CN_MAX_DIMS * (CN_NAME_LEN + 2)];
        size_t used = 0;
        list[0] = '\0';
        for (int k = 0; k < c->n_world; k++) {
            int w = snprintf(list + used, sizeof list - used, "%s%s", k > 0 ? ", " : "",
                             c->world_names[k]);
            used += w > 0 ? (size_t)w : 0;
        }
        if (n < 0)
            return fail(c, CN_EINPUT, st, path,
                        "expected an array of %d numbers (one per world dimension: %s), got %s",
                        c->n_world, list, got(g, sizeof g, st));
        return fail(c, CN_EINPUT, st, path,
                    "expected an array of %d numbers (one per world dimension: %s), got %d",
                    c->n_world, list, n);
    }
    double v[CN_MAX_DIMS];
    for (int k = 0; k < n; k++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
        char p[CN_DIAG_SETTING];
        long long iv;
        join(p, sizeof p, path, c->world_names[k]);
        int rc = get_number(c, e, p, 0, &v[k], &iv);
        if (rc != CN_OK)
            return rc;
        if (out_of_range(v[k], lo, hi, 0))
            return range_error(c, e, p, lo, hi, 0, NULL, 0, v[k]);
    }
    for (int d = 0; d < c->s->n_dims; d++)
        out[d] = v[c->world_map[d]];
    return CN_OK;
}

/* The world arrays of state x (element e at path p). */
static int read_world_state(ctx *c, const config_setting_t *e, const char *p, cn_state *x)
{
    static const struct {
        const char *name;
        double hi;
        size_t off;
    } arrays[] = {
        {"ideal", 1.0, offsetof(cn_state, ideal)},
        {"ideal_se", 1.0, offsetof(cn_state, ideal_se)},
        {"salience", 100.0, offsetof(cn_state, salience)},
    };
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++) {
        const config_setting_t *m = config_setting_get_member(e, arrays[k].name);
        if (m == NULL)
            continue;
        char pa[CN_DIAG_SETTING];
        join(pa, sizeof pa, p, arrays[k].name);
        int rc = read_world_array(c, m, pa, 0.0, arrays[k].hi,
                                  (double *)((char *)x + arrays[k].off));
        if (rc != CN_OK)
            return rc;
    }
    return CN_OK;
}

static int read_run(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "run");
    if (st == NULL)
        return CN_OK;
    int rc = read_group(c, st, "run", &run_schema, &s->run);
    if (rc != CN_OK)
        return rc;
    const config_setting_t *unc = config_setting_get_member(st, "uncertainty");
    if (unc != NULL) {
        int k = 0;
        if ((rc = read_enum(c, unc, "run.uncertainty", "uncertainty", uncertainty_names,
                            NELEM(uncertainty_names), &k))
            != CN_OK)
            return rc;
        s->run.uncertainty = (cn_uncertainty)k;
    }
    const config_setting_t *gen = config_setting_get_member(st, "generator");
    if (gen == NULL)
        return CN_OK;
    const gsl_rng_type **types = gsl_rng_types_setup();
    size_t nt = 0;
    for (const gsl_rng_type **t = types; *t != NULL; t++) {
        if (strcmp((*t)->name, s->run.generator) == 0)
            return CN_OK;
        nt++;
    }
    const char **cands = malloc((nt > 0 ? nt : 1) * sizeof *cands);
    if (cands == NULL)
        return nomem(c);
    for (size_t k = 0; k < nt; k++)
        cands[k] = types[k]->name;
    char h[96];
    hint(h, sizeof h, s->run.generator, cands, nt);
    free(cands);
    return fail(c, CN_EINPUT, gen, "run.generator", "unknown GSL generator '%s'%s",
                s->run.generator, h);
}

static int read_params(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st;
    int rc;
    if ((st = config_setting_get_member(root, "model")) != NULL
        && (rc = read_group(c, st, "model", &model_schema, &s->model)) != CN_OK)
        return rc;
    if ((st = config_setting_get_member(root, "events")) != NULL
        && (rc = read_group(c, st, "events", &events_schema, &s->events)) != CN_OK)
        return rc;
    if ((st = config_setting_get_member(root, "forum_defaults")) != NULL
        && (rc = read_group(c, st, "forum_defaults", &fdef_schema, &s->forum_defaults)) != CN_OK)
        return rc;
    return CN_OK;
}

static int read_states(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "states");
    int n = 0, rc = check_list(c, st, "states", "state", "states", 2, CN_MAX_STATES, &n);
    if (rc != CN_OK)
        return rc;
    s->states = calloc((size_t)n, sizeof *s->states);
    if (s->states == NULL)
        return nomem(c);
    s->n_states = n;
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)i);
        cn_state *x = &s->states[i];
        for (int d = 0; d < CN_MAX_DIMS; d++)
            x->salience[d] = 1.0;
        x->capability = 1.0;
        x->stubbornness = 0.7;
        x->ratify = 0.3; /* per year: about 0.1 per four-month round */
        char p[CN_DIAG_SETTING], pc[CN_DIAG_SETTING], note[64];
        elem_path(p, sizeof p, "states", e, "code", i);
        if ((rc = read_group(c, e, p, c->n_world > 0 ? &world_state_schema : &state_schema, x))
            != CN_OK)
            return rc;
        if (c->n_world > 0 && (rc = read_world_state(c, e, p, x)) != CN_OK)
            return rc;
        const config_setting_t *code = config_setting_get_member(e, "code");
        join(pc, sizeof pc, p, "code");
        size_t len = strlen(x->code);
        int ok = len >= 2 && isalpha((unsigned char)x->code[0]);
        for (size_t k = 0; k < len; k++)
            if (!isalnum((unsigned char)x->code[k]) && x->code[k] != '_')
                ok = 0;
        if (!ok)
            return fail(c, CN_EINPUT, code, pc,
                        "expected a state code of 2 to 7 letters, digits or '_' starting with a "
                        "letter, got '%s'",
                        x->code);
        for (int j = 0; j < i; j++)
            if (strcmp(s->states[j].code, x->code) == 0) {
                first_line_note(c, config_setting_get_member(
                                       config_setting_get_elem(st, (unsigned)j), "code"),
                                note, sizeof note);
                return fail(c, CN_EINPUT, code, pc, "duplicate state code '%s' (first at %s)",
                            x->code, note);
            }
        const config_setting_t *nm = config_setting_get_member(e, "name");
        if (nm == NULL) {
            memcpy(x->name, x->code, sizeof x->code);
        } else {
            join(pc, sizeof pc, p, "name");
            if (x->name[0] == '\0')
                return fail(c, CN_EINPUT, nm, pc, "expected a non-empty name");
            for (int j = 0; j < i; j++)
                if (strcmp(s->states[j].name, x->name) == 0)
                    return fail(c, CN_EINPUT, nm, pc,
                                "duplicate state name '%s' (also the name of '%s')", x->name,
                                s->states[j].code);
        }
        const config_setting_t *gr = config_setting_get_member(e, "group");
        if (gr != NULL && x->group[0] != '\0') {
            int k = 0;
            join(pc, sizeof pc, p, "group");
            if ((rc = read_enum(c, gr, pc, "UN regional group", un_groups, NELEM(un_groups), &k))
                != CN_OK)
                return rc;
        }
    }
    return CN_OK;
}

static int read_stakeholders(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "stakeholders");
    if (st == NULL)
        return CN_OK;
    int n = 0, rc = check_list(c, st, "stakeholders", "stakeholder", "stakeholders", 0,
                           CN_MAX_STAKEHOLDERS, &n);
    if (rc != CN_OK || n == 0)
        return rc;
    s->stakeholders = calloc((size_t)n, sizeof *s->stakeholders);
    if (s->stakeholders == NULL)
        return nomem(c);
    s->n_stakeholders = n;
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)i);
        cn_stakeholder *x = &s->stakeholders[i];
        for (int d = 0; d < CN_MAX_DIMS; d++)
            x->salience[d] = 1.0;
        x->capability = 1.0;
        x->stubbornness = 1.0;
        x->reach = 0.5;
        char p[CN_DIAG_SETTING], pn[CN_DIAG_SETTING], note[64];
        elem_path(p, sizeof p, "stakeholders", e, "name", i);
        if ((rc = read_group(c, e, p, &holder_schema, x)) != CN_OK)
            return rc;
        const config_setting_t *nm = config_setting_get_member(e, "name");
        join(pn, sizeof pn, p, "name");
        if ((rc = check_name(c, nm, pn, x->name)) != CN_OK)
            return rc;
        for (int j = 0; j < i; j++)
            if (strcmp(s->stakeholders[j].name, x->name) == 0) {
                first_line_note(c, config_setting_get_member(
                                       config_setting_get_elem(st, (unsigned)j), "name"),
                                note, sizeof note);
                return fail(c, CN_EINPUT, nm, pn, "duplicate stakeholder name '%s' (first at %s)",
                            x->name, note);
            }
    }
    return CN_OK;
}

static int read_blocs(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "blocs");
    if (st == NULL)
        return CN_OK;
    int n = 0, rc = check_list(c, st, "blocs", "bloc", "blocs", 0, CN_MAX_BLOCS, &n);
    if (rc != CN_OK || n == 0)
        return rc;
    s->blocs = calloc((size_t)n, sizeof *s->blocs);
    if (s->blocs == NULL)
        return nomem(c);
    s->n_blocs = n;
    c->raw_blocs = st;
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)i);
        cn_bloc *b = &s->blocs[i];
        char p[CN_DIAG_SETTING], pn[CN_DIAG_SETTING], note[64];
        elem_path(p, sizeof p, "blocs", e, "name", i);
        if ((rc = read_group(c, e, p, &bloc_schema, b)) != CN_OK)
            return rc;
        const config_setting_t *nm = config_setting_get_member(e, "name");
        join(pn, sizeof pn, p, "name");
        if ((rc = check_name(c, nm, pn, b->name)) != CN_OK)
            return rc;
        if (strcmp(b->name, "all") == 0)
            return fail(c, CN_EINPUT, nm, pn, "'all' is reserved; choose another bloc name");
        if (cn_scenario_state(s, b->name) >= 0)
            return fail(c, CN_EINPUT, nm, pn, "'%s' is a state code; choose another bloc name",
                        b->name);
        for (int j = 0; j < i; j++)
            if (strcmp(s->blocs[j].name, b->name) == 0) {
                first_line_note(c, config_setting_get_member(
                                       config_setting_get_elem(st, (unsigned)j), "name"),
                                note, sizeof note);
                return fail(c, CN_EINPUT, nm, pn, "duplicate bloc name '%s' (first at %s)",
                            b->name, note);
            }
        const config_setting_t *mem = config_setting_get_member(e, "members");
        join(pn, sizeof pn, p, "members");
        if ((rc = read_members(c, mem, pn, 0, i, &b->members, &b->n_members)) != CN_OK)
            return rc;
        if (b->n_members == 0)
            return fail(c, CN_EINPUT, mem, pn, "expected at least one member");
        const config_setting_t *ld = config_setting_get_member(e, "leader");
        if (ld != NULL) {
            join(pn, sizeof pn, p, "leader");
            int who = 0;
            if ((rc = read_state_ref(c, ld, pn, &who)) != CN_OK)
                return rc;
            b->leader = -1;
            for (int m = 0; m < b->n_members; m++)
                if (b->members[m] == who)
                    b->leader = who;
            if (b->leader < 0)
                return fail(c, CN_EINPUT, ld, pn, "leader '%s' is not a member of bloc '%s'",
                            s->states[who].code, b->name);
        } else {
            b->leader = b->members[0];
            for (int m = 1; m < b->n_members; m++)
                if (s->states[b->members[m]].capability > s->states[b->leader].capability)
                    b->leader = b->members[m];
        }
    }
    c->raw_blocs = NULL;
    return CN_OK;
}

static int read_ties(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "ties");
    if (st == NULL)
        return CN_OK;
    int n = 0, rc = check_list(c, st, "ties", "tie", "ties", 0, CN_MAX_TIES, &n);
    if (rc != CN_OK || n == 0)
        return rc;
    s->ties = calloc((size_t)n, sizeof *s->ties);
    if (s->ties == NULL)
        return nomem(c);
    s->n_ties = n;
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)i);
        cn_tie *t = &s->ties[i];
        t->weight = 1.0;
        t->mutual = 1;
        char p[CN_DIAG_SETTING], pn[CN_DIAG_SETTING];
        snprintf(p, sizeof p, "ties.%d", i);
        if ((rc = read_group(c, e, p, &tie_schema, t)) != CN_OK)
            return rc;
        join(pn, sizeof pn, p, "from");
        if ((rc = read_state_ref(c, config_setting_get_member(e, "from"), pn, &t->from)) != CN_OK)
            return rc;
        join(pn, sizeof pn, p, "to");
        const config_setting_t *to = config_setting_get_member(e, "to");
        if ((rc = read_state_ref(c, to, pn, &t->to)) != CN_OK)
            return rc;
        if (t->from == t->to)
            return fail(c, CN_EINPUT, to, pn, "a tie needs two different states, got '%s' twice",
                        s->states[t->to].code);
    }
    return CN_OK;
}

static int read_forum_refs(ctx *c, const config_setting_t *e, const char *p, cn_forum *f)
{
    cn_scenario *s = c->s;
    char pn[CN_DIAG_SETTING], g[96];
    int rc, k;
    const config_setting_t *x;

    if ((x = config_setting_get_member(e, "rule")) != NULL) {
        join(pn, sizeof pn, p, "rule");
        if ((rc = read_enum(c, x, pn, "rule", rule_names, NELEM(rule_names), &k)) != CN_OK)
            return rc;
        f->rule = (cn_rule)k;
    }
    if ((x = config_setting_get_member(e, "output")) != NULL) {
        join(pn, sizeof pn, p, "output");
        if ((rc = read_enum(c, x, pn, "output", output_names, NELEM(output_names), &k)) != CN_OK)
            return rc;
        f->output = (cn_output_kind)k;
        if (f->output == CN_OUTPUT_RESOLUTION && f->rule == CN_RULE_COUNCIL)
            return fail(c, CN_EINPUT, x, pn,
                        "'resolution' is a General Assembly resolution (a nonbinding "
                        "recommendation) since issue #12; a binding Security Council decision "
                        "under Chapter VII is output = \"decision\" (a nonbinding Council text: "
                        "\"declaration\")");
    }

    /* members and pool */
    const config_setting_t *mem = config_setting_get_member(e, "members");
    join(pn, sizeof pn, p, "members");
    if (mem == NULL && f->draw_size == 0)
        return missing(c, e, p, "members");
    if (mem != NULL
        && (rc = read_members(c, mem, pn, 1, s->n_blocs, &f->members, &f->n_members)) != CN_OK)
        return rc;
    if (f->draw_size == 0 && f->n_members == 0)
        return fail(c, CN_EINPUT, mem, pn, "a forum needs at least one member, got none");
    const config_setting_t *pool = config_setting_get_member(e, "pool");
    char pp[CN_DIAG_SETTING];
    join(pp, sizeof pp, p, "pool");
    if (pool != NULL) {
        if ((rc = read_members(c, pool, pp, 1, s->n_blocs, &f->pool, &f->n_pool)) != CN_OK)
            return rc;
    } else {
        f->pool = malloc((size_t)s->n_states * sizeof *f->pool);
        if (f->pool == NULL)
            return nomem(c);
        for (int i = 0; i < s->n_states; i++)
            f->pool[i] = i;
        f->n_pool = s->n_states;
    }
    if (f->draw_size > 0) {
        const config_setting_t *dr = config_setting_get_member(e, "draw");
        char pd[CN_DIAG_SETTING];
        join(pd, sizeof pd, p, "draw");
        if (f->draw_size > f->n_pool)
            return fail(c, CN_EINPUT, dr, pd, "draw %d is larger than the pool (%d states)",
                        f->draw_size, f->n_pool);
        if (f->draw_size < f->n_members)
            return fail(c, CN_EINPUT, dr, pd,
                        "draw %d is smaller than the %d seats always held (members)",
                        f->draw_size, f->n_members);
    }
    int seats = f->draw_size > 0 ? f->draw_size : f->n_members;
    const char *seat_word = f->draw_size > 0 ? "seats" : "members";

    /* chair */
    if ((x = config_setting_get_member(e, "chair")) != NULL) {
        join(pn, sizeof pn, p, "chair");
        if (config_setting_type(x) != CONFIG_TYPE_STRING)
            return fail(c, CN_EINPUT, x, pn,
                        "expected \"rotate\", \"capability\" or a member's code, got %s",
                        got(g, sizeof g, x));
        const char *v = config_setting_get_string(x);
        if (strcmp(v, "rotate") == 0) {
            f->chair_mode = CN_CHAIR_ROTATE;
        } else if (strcmp(v, "capability") == 0) {
            f->chair_mode = CN_CHAIR_CAPABILITY;
        } else {
            int who = cn_scenario_state(s, v);
            if (who < 0) {
                const char *cands[2 + CN_MAX_STATES];
                size_t nc = 0;
                cands[nc++] = "rotate";
                cands[nc++] = "capability";
                for (int m = 0; m < f->n_members; m++)
                    cands[nc++] = s->states[f->members[m]].code;
                char h[96];
                return fail(c, CN_EINPUT, x, pn,
                            "unknown chair '%s': expected \"rotate\", \"capability\" or a "
                            "member's code%s",
                            v, hint(h, sizeof h, v, cands, nc));
            }
            int in = 0;
            for (int m = 0; m < f->n_members; m++)
                if (f->members[m] == who)
                    in = 1;
            if (!in)
                return fail(c, CN_EINPUT, x, pn, "chair '%s' is not a member of forum '%s'", v,
                            f->name);
            f->chair_mode = CN_CHAIR_NAMED;
            f->chair = who;
        }
    }

    /* closed agenda */
    if ((x = config_setting_get_member(e, "closed")) != NULL) {
        join(pn, sizeof pn, p, "closed");
        if (!config_setting_is_group(x))
            return fail(c, CN_EINPUT, x, pn,
                        "expected a group of dimension = value, e.g. { form = 0.0; }, got %s",
                        got(g, sizeof g, x));
        for (int i = 0; i < config_setting_length(x); i++) {
            const config_setting_t *m = config_setting_get_elem(x, (unsigned)i);
            char pm[CN_DIAG_SETTING];
            join(pm, sizeof pm, pn, config_setting_name(m));
            int d = cn_scenario_dim(s, config_setting_name(m));
            if (d < 0)
                return unknown_dim(c, m, pm, config_setting_name(m));
            static const field fixed = {.name = "closed", .type = T_FLOAT, .lo = 0, .hi = 1};
            if ((rc = read_field(c, m, pm, &fixed, &f->fixed[d])) != CN_OK)
                return rc;
            f->open[d] = 0;
        }
    }

    /* threshold */
    f->threshold = (seats + 1) / 2;
    if ((x = config_setting_get_member(e, "threshold")) != NULL) {
        join(pn, sizeof pn, p, "threshold");
        static const field thr = {.name = "threshold", .type = T_INT, .lo = 1, .hi = INFINITY};
        if ((rc = read_field(c, x, pn, &thr, &f->threshold)) != CN_OK)
            return rc;
        /* only a treaty counts ratifications (issue #12: a what-if may turn a
         * treaty forum into a Council `decision` and keep its threshold) */
        if (f->threshold > seats && f->output == CN_OUTPUT_TREATY)
            return fail(c, CN_EINPUT, x, pn, "threshold %d is above the forum's %d %s",
                        f->threshold, seats, seat_word);
    }
    if (f->rule == CN_RULE_COUNCIL && f->council_quota > seats) {
        x = config_setting_get_member(e, "council_quota");
        join(pn, sizeof pn, p, "council_quota");
        return fail(c, CN_EINPUT, x != NULL ? x : e, pn,
                    "council_quota %d%s is above the forum's %d %s", f->council_quota,
                    x != NULL ? "" : " (from forum_defaults)", seats, seat_word);
    }

    /* stakeholders */
    if ((x = config_setting_get_member(e, "stakeholders")) != NULL) {
        join(pn, sizeof pn, p, "stakeholders");
        int type = config_setting_type(x);
        if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
            return fail(c, CN_EINPUT, x, pn, "expected an array of stakeholder names, got %s",
                        got(g, sizeof g, x));
        int n = config_setting_length(x);
        if (n > 0) {
            f->stakeholders = calloc((size_t)n, sizeof *f->stakeholders);
            if (f->stakeholders == NULL)
                return nomem(c);
        }
        for (int k2 = 0; k2 < n; k2++) {
            const config_setting_t *m = config_setting_get_elem(x, (unsigned)k2);
            const config_setting_t *at = m;
            if (config_setting_type(m) != CONFIG_TYPE_STRING)
                return fail(c, CN_EINPUT, at, pn, "expected an array of stakeholder names, got %s",
                            got(g, sizeof g, m));
            const char *v = config_setting_get_string(m);
            int h = cn_scenario_stakeholder(s, v);
            if (h < 0) {
                const char *cands[CN_MAX_STAKEHOLDERS];
                for (int j = 0; j < s->n_stakeholders; j++)
                    cands[j] = s->stakeholders[j].name;
                char hb[96];
                return fail(c, CN_EINPUT, at, pn, "unknown stakeholder '%s'%s", v,
                            hint(hb, sizeof hb, v, cands, (size_t)s->n_stakeholders));
            }
            for (int j = 0; j < f->n_stakeholders; j++)
                if (f->stakeholders[j] == h)
                    return fail(c, CN_EINPUT, at, pn, "stakeholder '%s' is listed twice", v);
            f->stakeholders[f->n_stakeholders++] = h;
        }
    }

    /* sponsor and the alternative on the table (recorded votes) */
    if ((x = config_setting_get_member(e, "sponsor")) != NULL) {
        join(pn, sizeof pn, p, "sponsor");
        if ((rc = read_bloc_ref(c, x, pn, &f->sponsor)) != CN_OK)
            return rc;
    }
    if ((x = config_setting_get_member(e, "alternative")) != NULL) {
        const config_setting_t *y;
        static const field alt_text = {.name = "text", .type = T_DIMS, .off = 0, .lo = 0, .hi = 1};
        join(pn, sizeof pn, p, "alternative");
        if ((rc = read_group(c, x, pn, &alternative_schema, NULL)) != CN_OK)
            return rc;
        char pa[CN_DIAG_SETTING];
        join(pa, sizeof pa, pn, "text");
        if ((rc = read_dims(c, config_setting_get_member(x, "text"), pa, &alt_text,
                            f->alternative))
            != CN_OK)
            return rc;
        f->has_alternative = 1;
        if ((y = config_setting_get_member(x, "sponsor")) != NULL) {
            join(pa, sizeof pa, pn, "sponsor");
            if ((rc = read_bloc_ref(c, y, pa, &f->alternative_sponsor)) != CN_OK)
                return rc;
        }
    }

    /* rivals */
    if ((x = config_setting_get_member(e, "rivals")) != NULL) {
        int n = 0;
        join(pn, sizeof pn, p, "rivals");
        if ((rc = check_list(c, x, pn, "rival", "rivals", 0, CN_MAX_RIVALS, &n)) != CN_OK)
            return rc;
        for (int k2 = 0; k2 < n; k2++) {
            const config_setting_t *r = config_setting_get_elem(x, (unsigned)k2);
            cn_rival *rv = &f->rivals[k2];
            rv->from_session = 1;
            char pr[CN_DIAG_SETTING], pb[CN_DIAG_SETTING];
            elem_path(pr, sizeof pr, pn, r, "bloc", k2);
            if ((rc = read_group(c, r, pr, &rival_schema, rv)) != CN_OK)
                return rc;
            join(pb, sizeof pb, pr, "bloc");
            if ((rc = read_bloc_ref(c, config_setting_get_member(r, "bloc"), pb, &rv->bloc))
                != CN_OK)
                return rc;
            rv->has_text = config_setting_get_member(r, "text") != NULL;
            const config_setting_t *fs = config_setting_get_member(r, "from_session");
            if (fs != NULL && rv->from_session > f->sessions) {
                join(pb, sizeof pb, pr, "from_session");
                return fail(c, CN_EINPUT, fs, pb,
                            "from_session %d is after the forum's last session (%d)",
                            rv->from_session, f->sessions);
            }
            f->n_rivals = k2 + 1;
        }
    }
    return read_forum_issue12(c, e, p, f);
}

static int read_forums(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "forums");
    int n = 0, rc = check_list(c, st, "forums", "forum", "forums", 1, CN_MAX_FORUMS, &n);
    if (rc != CN_OK)
        return rc;
    s->forums = calloc((size_t)n, sizeof *s->forums);
    if (s->forums == NULL)
        return nomem(c);
    s->n_forums = n;
    const cn_forum_defaults *fd = &s->forum_defaults;
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)i);
        cn_forum *f = &s->forums[i];
        f->rule = CN_RULE_CONSENSUS;
        f->output = CN_OUTPUT_REPORT;
        f->start = 1;
        f->sessions = fd->sessions;
        f->footnotes = fd->footnotes;
        f->dilution = fd->dilution;
        f->chair_mode = CN_CHAIR_ROTATE;
        f->chair = -1;
        f->sponsor = -1;
        f->alternative_sponsor = -1;
        f->chair_bias = fd->chair_bias;
        f->sigma = fd->sigma;
        f->concession = fd->concession;
        f->chair_step = fd->chair_step;
        for (int d = 0; d < s->n_dims; d++)
            f->open[d] = 1;
        f->ratification_sessions = fd->ratification_sessions;
        f->council_quota = fd->council_quota;
        f->ratify_scale = 1.0;
        f->signature_opens = -1;
        f->accession_scale = 1.0;
        char p[CN_DIAG_SETTING], pn[CN_DIAG_SETTING], note[64];
        elem_path(p, sizeof p, "forums", e, "name", i);
        if ((rc = read_group(c, e, p, &forum_schema, f)) != CN_OK)
            return rc;
        f->has_draft = config_setting_get_member(e, "draft") != NULL;
        const config_setting_t *nm = config_setting_get_member(e, "name");
        join(pn, sizeof pn, p, "name");
        if ((rc = check_name(c, nm, pn, f->name)) != CN_OK)
            return rc;
        for (int j = 0; j < i; j++)
            if (strcmp(s->forums[j].name, f->name) == 0) {
                first_line_note(c, config_setting_get_member(
                                       config_setting_get_elem(st, (unsigned)j), "name"),
                                note, sizeof note);
                return fail(c, CN_EINPUT, nm, pn, "duplicate forum name '%s' (first at %s)",
                            f->name, note);
            }
        if ((rc = read_forum_refs(c, e, p, f)) != CN_OK)
            return rc;
    }
    return CN_OK;
}

static int read_campaigns(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "campaigns");
    if (st == NULL)
        return CN_OK;
    int n = 0, rc = check_list(c, st, "campaigns", "campaign", "campaigns", 0, CN_MAX_CAMPAIGNS, &n);
    if (rc != CN_OK || n == 0)
        return rc;
    s->campaigns = calloc((size_t)n, sizeof *s->campaigns);
    if (s->campaigns == NULL)
        return nomem(c);
    s->n_campaigns = n;
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)i);
        cn_campaign *k = &s->campaigns[i];
        k->budget = 1.0;
        k->target = CN_TARGET_UNDECIDED;
        k->start = 1;
        char p[CN_DIAG_SETTING], pn[CN_DIAG_SETTING], note[64];
        elem_path(p, sizeof p, "campaigns", e, "name", i);
        if ((rc = read_group(c, e, p, &campaign_schema, k)) != CN_OK)
            return rc;
        const config_setting_t *x = config_setting_get_member(e, "name");
        join(pn, sizeof pn, p, "name");
        if ((rc = check_name(c, x, pn, k->name)) != CN_OK)
            return rc;
        for (int j = 0; j < i; j++)
            if (strcmp(s->campaigns[j].name, k->name) == 0) {
                first_line_note(c, config_setting_get_member(
                                       config_setting_get_elem(st, (unsigned)j), "name"),
                                note, sizeof note);
                return fail(c, CN_EINPUT, x, pn, "duplicate campaign name '%s' (first at %s)",
                            k->name, note);
            }
        join(pn, sizeof pn, p, "bloc");
        if ((rc = read_bloc_ref(c, config_setting_get_member(e, "bloc"), pn, &k->bloc)) != CN_OK)
            return rc;
        int t = 0;
        if ((x = config_setting_get_member(e, "target")) != NULL) {
            join(pn, sizeof pn, p, "target");
            if ((rc = read_enum(c, x, pn, "target", target_names, NELEM(target_names), &t))
                != CN_OK)
                return rc;
            k->target = (cn_target_mode)t;
        }
        x = config_setting_get_member(e, "region");
        join(pn, sizeof pn, p, "region");
        if (k->target == CN_TARGET_REGION && x == NULL)
            return missing(c, e, p, "region");
        if (x != NULL) {
            if (k->target != CN_TARGET_REGION)
                return fail(c, CN_EINPUT, x, pn, "region is only used with target = \"region\"");
            if ((rc = read_enum(c, x, pn, "UN regional group", un_groups, NELEM(un_groups), &t))
                != CN_OK)
                return rc;
            snprintf(k->region, sizeof k->region, "%s", un_groups[t]);
        }
        x = config_setting_get_member(e, "targets");
        join(pn, sizeof pn, p, "targets");
        if (k->target == CN_TARGET_LIST && x == NULL)
            return missing(c, e, p, "targets");
        if (x != NULL) {
            if (k->target != CN_TARGET_LIST)
                return fail(c, CN_EINPUT, x, pn, "targets is only used with target = \"list\"");
            if ((rc = read_members(c, x, pn, 0, s->n_blocs, &k->targets, &k->n_targets)) != CN_OK)
                return rc;
            if (k->n_targets == 0)
                return fail(c, CN_EINPUT, x, pn, "expected at least one target");
        }
        if (k->stop != 0 && k->stop < k->start) {
            x = config_setting_get_member(e, "stop");
            join(pn, sizeof pn, p, "stop");
            return fail(c, CN_EINPUT, x != NULL ? x : e, pn,
                        "expected 0 (to the end) or a round >= start (%d), got %d", k->start,
                        k->stop);
        }
    }
    return CN_OK;
}

static int read_regimes(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "regimes");
    if (st == NULL)
        return CN_OK;
    int n = 0, rc = check_list(c, st, "regimes", "regime", "regimes", 0, CN_MAX_REGIMES, &n);
    if (rc != CN_OK || n == 0)
        return rc;
    s->regimes = calloc((size_t)n, sizeof *s->regimes);
    if (s->regimes == NULL)
        return nomem(c);
    s->n_regimes = n;
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)i);
        cn_regime *r = &s->regimes[i];
        char p[CN_DIAG_SETTING], pn[CN_DIAG_SETTING], note[64];
        elem_path(p, sizeof p, "regimes", e, "name", i);
        if ((rc = read_group(c, e, p, &regime_schema, r)) != CN_OK)
            return rc;
        const config_setting_t *x = config_setting_get_member(e, "name");
        join(pn, sizeof pn, p, "name");
        if ((rc = check_name(c, x, pn, r->name)) != CN_OK)
            return rc;
        for (int j = 0; j < i; j++)
            if (strcmp(s->regimes[j].name, r->name) == 0) {
                first_line_note(c, config_setting_get_member(
                                       config_setting_get_elem(st, (unsigned)j), "name"),
                                note, sizeof note);
                return fail(c, CN_EINPUT, x, pn, "duplicate regime name '%s' (first at %s)",
                            r->name, note);
            }
        x = config_setting_get_member(e, "parties");
        join(pn, sizeof pn, p, "parties");
        if ((rc = read_members(c, x, pn, 0, s->n_blocs, &r->parties, &r->n_parties)) != CN_OK)
            return rc;
        if (r->n_parties == 0)
            return fail(c, CN_EINPUT, x, pn, "expected at least one party");
    }
    return CN_OK;
}

/* ---- incidents: the public record and scripted events (issue 12) ---- */

/* `attribution`: offense weights per state and the states that attribute
 * publicly, with the decimal year they began to (a state in several
 * entries: the earliest).  A list absent leaves its array NULL. */
static int read_attribution(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *g = config_setting_get_member(root, "attribution");
    if (g == NULL)
        return CN_OK;
    int rc = read_group(c, g, "attribution", &attribution_schema, NULL);
    if (rc != CN_OK)
        return rc;
    const config_setting_t *st = config_setting_get_member(g, "offense");
    int n = 0;
    if (st != NULL) {
        if ((rc = check_list(c, st, "attribution.offense", "offense weight", "offense weights", 0,
                             CN_MAX_STATES, &n)) != CN_OK)
            return rc;
        s->offense = calloc((size_t)s->n_states, sizeof *s->offense);
        if (s->offense == NULL)
            return nomem(c);
        for (int k = 0; k < n; k++) {
            const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
            char p[CN_DIAG_SETTING], pc[CN_DIAG_SETTING];
            elem_path(p, sizeof p, "attribution.offense", e, "code", k);
            offense_row row = {0.0};
            if ((rc = read_group(c, e, p, &offense_schema, &row)) != CN_OK)
                return rc;
            int i = 0;
            join(pc, sizeof pc, p, "code");
            if ((rc = read_state_ref(c, config_setting_get_member(e, "code"), pc, &i)) != CN_OK)
                return rc;
            s->offense[i] = row.weight;
        }
    }
    st = config_setting_get_member(g, "attributors");
    if (st == NULL)
        return CN_OK;
    if ((rc = check_list(c, st, "attribution.attributors", "attributor", "attributors", 0,
                         CN_MAX_STATES, &n)) != CN_OK)
        return rc;
    s->attr_since = malloc((size_t)s->n_states * sizeof *s->attr_since);
    if (s->attr_since == NULL)
        return nomem(c);
    for (int i = 0; i < s->n_states; i++)
        s->attr_since[i] = INFINITY;
    for (int k = 0; k < n; k++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
        char p[CN_DIAG_SETTING], pm[CN_DIAG_SETTING];
        elem_path(p, sizeof p, "attribution.attributors", e, "name", k);
        attributor_row row;
        memset(&row, 0, sizeof row);
        if ((rc = read_group(c, e, p, &attributor_schema, &row)) != CN_OK)
            return rc;
        int *who = NULL, nw = 0;
        const config_setting_t *m = config_setting_get_member(e, "members");
        join(pm, sizeof pm, p, "members");
        if ((rc = read_members(c, m, pm, 0, s->n_blocs, &who, &nw)) != CN_OK)
            return rc;
        if (nw == 0)
            return fail(c, CN_EINPUT, m, pm, "expected at least one state or bloc");
        for (int t = 0; t < nw; t++)
            if (row.since < s->attr_since[who[t]])
                s->attr_since[who[t]] = row.since;
        free(who);
    }
    return CN_OK;
}

static const char *const event_kinds[] = {"incident", "attribution"};

/* `events.script`: each event's round (at most the run's last), kind,
 * perpetrator, victim (required for an incident) and attributors (states
 * and blocs, never the perpetrator). */
static int read_script(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *ev = config_setting_get_member(root, "events");
    const config_setting_t *st = ev != NULL ? config_setting_get_member(ev, "script") : NULL;
    if (st == NULL)
        return CN_OK;
    int n = 0, rc = check_list(c, st, "events.script", "scripted event", "scripted events", 0,
                               CN_MAX_SCRIPT, &n);
    if (rc != CN_OK || n == 0)
        return rc;
    s->script = calloc((size_t)n, sizeof *s->script);
    if (s->script == NULL)
        return nomem(c);
    s->n_script = n;
    int rounds = cn_scenario_rounds(s);
    for (int k = 0; k < n; k++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
        cn_script_event *x = &s->script[k];
        x->victim = -1;
        char p[CN_DIAG_SETTING], pn[CN_DIAG_SETTING];
        elem_path(p, sizeof p, "events.script", e, "name", k);
        if ((rc = read_group(c, e, p, &script_schema, x)) != CN_OK)
            return rc;
        const config_setting_t *m = config_setting_get_member(e, "round");
        if (x->round > rounds) {
            join(pn, sizeof pn, p, "round");
            return fail(c, CN_EINPUT, m, pn,
                        "round %d is after the run's last round (%d); 0 switches the event off",
                        x->round, rounds);
        }
        int kind = 0;
        if ((m = config_setting_get_member(e, "kind")) != NULL) {
            join(pn, sizeof pn, p, "kind");
            if ((rc = read_enum(c, m, pn, "event kind", event_kinds, NELEM(event_kinds), &kind))
                != CN_OK)
                return rc;
        }
        x->kind = (cn_event_kind)kind;
        join(pn, sizeof pn, p, "perpetrator");
        if ((rc = read_state_ref(c, config_setting_get_member(e, "perpetrator"), pn,
                                 &x->perpetrator)) != CN_OK)
            return rc;
        if ((m = config_setting_get_member(e, "victim")) != NULL) {
            join(pn, sizeof pn, p, "victim");
            if ((rc = read_state_ref(c, m, pn, &x->victim)) != CN_OK)
                return rc;
            if (x->victim == x->perpetrator)
                return fail(c, CN_EINPUT, m, pn, "the victim is the perpetrator ('%s')",
                            s->states[x->victim].code);
        } else if (x->kind == CN_EVENT_INCIDENT) {
            return missing(c, e, p, "victim");
        }
        if ((m = config_setting_get_member(e, "attributors")) != NULL) {
            join(pn, sizeof pn, p, "attributors");
            if ((rc = read_members(c, m, pn, 0, s->n_blocs, &x->attributors, &x->n_attributors))
                != CN_OK)
                return rc;
            for (int t = 0; t < x->n_attributors; t++)
                if (x->attributors[t] == x->perpetrator)
                    return fail(c, CN_EINPUT, m, pn, "the perpetrator '%s' cannot attribute its "
                                "own incident", s->states[x->perpetrator].code);
        }
        if (x->kind == CN_EVENT_ATTRIBUTION && x->n_attributors == 0)
            return fail(c, CN_EINPUT, e, p,
                        "an attribution needs attributors (the states that name the perpetrator)");
    }
    return CN_OK;
}

/* The two largest blocs among those with camp set (only_camps) or among
 * all, the larger first (ties: the first defined) into p; 0 if fewer than
 * two qualify. */
static int largest_two(const cn_scenario *s, int only_camps, int *p)
{
    int a = -1, z = -1;
    for (int b = 0; b < s->n_blocs; b++) {
        if (only_camps && !s->blocs[b].camp)
            continue;
        if (a < 0 || s->blocs[b].n_members > s->blocs[a].n_members) {
            z = a;
            a = b;
        } else if (z < 0 || s->blocs[b].n_members > s->blocs[z].n_members) {
            z = b;
        }
    }
    p[0] = a;
    p[1] = z;
    return a >= 0 && z >= 0;
}

/* Poles: the scenario's; else its two largest camps (`camp = true`, the
 * sides of campaigns and of naming and shaming); else the two largest
 * blocs, which cn_load_scenario reports on stderr (issue 12: no silent
 * fallback). */
static int read_poles(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "poles");
    char g[96];
    if (st == NULL) {
        s->poles[0] = s->poles[1] = -1;
        s->poles_from = CN_POLES_NONE;
        if (largest_two(s, 1, s->poles))
            s->poles_from = CN_POLES_CAMPS;
        else if (largest_two(s, 0, s->poles))
            s->poles_from = CN_POLES_LARGEST;
        else
            s->poles[0] = s->poles[1] = -1;
        return CN_OK;
    }
    s->poles_from = CN_POLES_SET;
    int type = config_setting_type(st);
    if ((type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST) || config_setting_length(st) != 2)
        return fail(c, CN_EINPUT, st, "poles", "expected an array of 2 bloc names, got %s",
                    type == CONFIG_TYPE_ARRAY || type == CONFIG_TYPE_LIST
                        ? (snprintf(g, sizeof g, "%d", config_setting_length(st)), g)
                        : got(g, sizeof g, st));
    for (int k = 0; k < 2; k++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
        int rc = read_bloc_ref(c, e, "poles", &s->poles[k]);
        if (rc != CN_OK)
            return rc;
    }
    if (s->poles[0] == s->poles[1])
        return fail(c, CN_EINPUT, st, "poles", "expected two different blocs, got '%s' twice",
                    s->blocs[s->poles[0]].name);
    return CN_OK;
}

static int validate(ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    int rc;
    if ((rc = read_group(c, root, "", &root_schema, s)) != CN_OK)
        return rc;
    const config_setting_t *nm = config_setting_get_member(root, "name");
    if (nm != NULL && (rc = check_name(c, nm, "name", s->name)) != CN_OK)
        return rc;
    if ((rc = read_dimensions(c, root)) != CN_OK || (rc = read_world_dims(c, root)) != CN_OK)
        return rc;
    s->dim_scope = cn_scenario_dim(s, "scope");
    s->dim_form = cn_scenario_dim(s, "form");
    /* default status quo: 0.5 on every dimension, but no agreement binds
     * nobody, so 0 on `form` (docs/scenarios.md) */
    for (int k = 0; k < s->n_dims; k++)
        s->model.status_quo[k] = k == s->dim_form ? 0.0 : 0.5;
    if ((rc = read_run(c, root)) != CN_OK || (rc = read_removed(c, root)) != CN_OK
        || (rc = read_calendar(c, root)) != CN_OK || (rc = read_params(c, root)) != CN_OK
        || (rc = read_states(c, root)) != CN_OK || (rc = read_stakeholders(c, root)) != CN_OK
        || (rc = read_blocs(c, root)) != CN_OK || (rc = read_ties(c, root)) != CN_OK
        || (rc = read_forums(c, root)) != CN_OK || (rc = read_campaigns(c, root)) != CN_OK
        || (rc = read_regimes(c, root)) != CN_OK || (rc = read_poles(c, root)) != CN_OK
        || (rc = read_attribution(c, root)) != CN_OK || (rc = read_script(c, root)) != CN_OK)
        return rc;
    return CN_OK;
}

/* ---- before libconfig: size, includes, unterminated strings ----
 *
 * libconfig 1.5 cannot be asked before it opens an @include, and some
 * inputs defeat it: an included folder ends the process from inside its
 * scanner ("input in flex scanner failed", exit 2), a loop is reported
 * only as "nesting too deep", and a string left open at the end of the
 * text leaks its buffer.  So the text is scanned first the way libconfig's
 * scanner sees it (comments, strings, an @include at the start of a line),
 * recursively through the included files, and those cases are refused
 * with a message at the include's line.  A file that cannot be opened is
 * left to libconfig ("cannot open include file").  The scenario with its
 * included files may hold at most CN_LOAD_MAX_BYTES, checked before
 * anything is parsed, so an absurd file (10^6 states) costs no memory. */

/* libconfig 1.5's parser drops the string token it stopped at on a syntax
 * error without freeing it (e.g. `"a"` where a name is expected: up to a
 * line's worth of bytes, once per failed parse, in the library's scanner).
 * The leak is not ours and cannot be reached from here, so LeakSanitizer
 * is told to ignore exactly those allocation sites (libconfig's scanner
 * and its string buffer: without frame pointers in libconfig, LSan's
 * stacks often stop at strbuf_append).  This hook is read by
 * LSan when the program is built with -fsanitize=address; it is unused
 * otherwise.  Valgrind gets the same rule from .ci/valgrind.supp. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libconfig_yylex\nleak:strbuf_append\n";
}

#define CN_LOAD_MAX_BYTES (8L * 1024 * 1024)
#define CN_LOAD_MAX_MIB 8
#define CN_LOAD_INCLUDE_DEPTH 10

typedef struct {
    ctx *c;
    long budget; /* bytes the scenario's files may still hold */
    int depth;   /* files in the chain below */
    int is_set;  /* scanning a --set value: no @include */
    int first;   /* 1: dev[0], ino[0] are the scenario file's, not an include's */
    dev_t dev[CN_LOAD_INCLUDE_DEPTH + 1];
    ino_t ino[CN_LOAD_INCLUDE_DEPTH + 1];
} prescan;

/* Reads f whole into a NUL-terminated buffer of at most max bytes.
 * CN_OK, CN_ELIMIT (larger), CN_EIO (errno kept) or CN_ENOMEM. */
static int read_text(FILE *f, long max, char **out, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    *out = NULL;
    *len = 0;
    if (buf == NULL)
        return CN_ENOMEM;
    for (;;) {
        if (n == cap) {
            if ((long)cap > max) {
                free(buf);
                return CN_ELIMIT;
            }
            char *b = realloc(buf, 2 * cap + 1);
            if (b == NULL) {
                free(buf);
                return CN_ENOMEM;
            }
            buf = b;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        free(buf);
        errno = e != 0 ? e : EIO;
        return CN_EIO;
    }
    if ((long)n > max) {
        free(buf);
        return CN_ELIMIT;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return CN_OK;
}

static int too_large(ctx *c, const char *file, int line, const char *inc)
{
    if (inc != NULL)
        cn_diag_set(c->diag, file, line, NULL,
                    "cannot include '%s': a scenario with its included files may hold at most "
                    "%d MiB",
                    inc, CN_LOAD_MAX_MIB);
    else
        cn_diag_set(c->diag, file, 0, NULL,
                    "too large: a scenario with its included files may hold at most %d MiB",
                    CN_LOAD_MAX_MIB);
    return CN_ELIMIT;
}

/* A NUL byte: libconfig would stop reading there. */
static int check_nul(ctx *c, const char *text, size_t len, const char *file)
{
    const char *z = memchr(text, '\0', len);
    if (z == NULL)
        return CN_OK;
    int line = 1;
    for (const char *p = text; p < z; p++)
        line += *p == '\n';
    cn_diag_set(c->diag, file, line, NULL, "syntax error: a NUL byte (is this a text file?)");
    return CN_EINPUT;
}

static int scan_text(prescan *ps, const char *text, const char *file);

/* Checks the file an @include names (path as written) and scans it. */
static int scan_include(prescan *ps, const char *file, int line, const char *inc)
{
    ctx *c = ps->c;
    char full[CN_DIAG_FILE];
    int k = c->incdir != NULL && inc[0] != '/'
                ? snprintf(full, sizeof full, "%.*s/%s", CN_DIAG_FILE / 2, c->incdir, inc)
                : snprintf(full, sizeof full, "%s", inc);
    if (k < 0 || (size_t)k >= sizeof full)
        return cn_diag_set(c->diag, file, line, NULL, "cannot include '%s': path too long", inc);
    FILE *f = fopen(full, "r");
    if (f == NULL)
        return CN_OK; /* libconfig says "cannot open include file" */
    struct stat sb;
    const char *why = NULL;
    if (fstat(fileno(f), &sb) != 0)
        why = strerror(errno);
    else if (S_ISDIR(sb.st_mode))
        why = strerror(EISDIR);
    else if (!S_ISREG(sb.st_mode))
        why = "not a regular file";
    for (int j = 0; why == NULL && j < ps->depth; j++)
        if (ps->dev[j] == sb.st_dev && ps->ino[j] == sb.st_ino)
            why = "an include loop (the file is already being read)";
    if (why == NULL && ps->depth - ps->first >= CN_LOAD_INCLUDE_DEPTH)
        why = "included files nested more than 10 deep";
    if (why != NULL) {
        fclose(f);
        return cn_diag_set(c->diag, file, line, NULL, "cannot include '%s': %s", inc, why);
    }
    char *text;
    size_t len;
    int rc = read_text(f, ps->budget, &text, &len);
    int e = errno;
    fclose(f);
    if (rc == CN_ELIMIT)
        return too_large(c, file, line, inc);
    if (rc == CN_ENOMEM)
        return nomem(c);
    if (rc != CN_OK)
        return cn_diag_set(c->diag, file, line, NULL, "cannot include '%s': %s", inc,
                           strerror(e));
    ps->budget -= (long)len;
    if ((rc = check_nul(c, text, len, full)) == CN_OK) {
        ps->dev[ps->depth] = sb.st_dev;
        ps->ino[ps->depth] = sb.st_ino;
        ps->depth++;
        rc = scan_text(ps, text, full);
        ps->depth--;
    }
    free(text);
    return rc;
}

/* A number token at *pq (libconfig's integer, integer64, hex, hex64 or
 * float), consumed.  libconfig 1.5 silently wraps integers beyond 32 bits
 * that lack the L suffix (5000000000 reads as 705032704, 4294967396 as
 * 100) and 64-bit overflows: those are refused, with why filled. */
static int number_ok(const char **pq, char *why, size_t size)
{
    const char *p = *pq, *e;
    errno = 0;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
        e = p + 2 + strspn(p + 2, "0123456789abcdefABCDEF");
        unsigned long long v = strtoull(p, NULL, 16);
        int wide = *e == 'L';
        *pq = e + (wide ? (e[1] == 'L' ? 2 : 1) : 0);
        if (errno == ERANGE || v > (unsigned long long)LLONG_MAX)
            snprintf(why, size, "integer %.*s is beyond 63 bits", (int)(e - p), p);
        else if (!wide && v > (unsigned long long)INT_MAX)
            snprintf(why, size, "integer %.*s is beyond 31 bits: write %.*sL", (int)(e - p), p,
                     (int)(e - p), p);
        else
            return 1;
        return 0;
    }
    const char *d = p + (*p == '-' || *p == '+');
    e = d + strspn(d, "0123456789");
    if (*e == '.' || ((*e == 'e' || *e == 'E')
                      && (isdigit((unsigned char)e[1])
                          || ((e[1] == '-' || e[1] == '+') && isdigit((unsigned char)e[2]))))) {
        if (*e == '.')
            e += 1 + strspn(e + 1, "0123456789");
        if ((*e == 'e' || *e == 'E')
            && (isdigit((unsigned char)e[1])
                || ((e[1] == '-' || e[1] == '+') && isdigit((unsigned char)e[2]))))
            e += 2 + strspn(e + 2, "0123456789");
        *pq = e;
        return 1; /* a float: overflow reads as inf, refused later */
    }
    if (e == d) {
        *pq = p + 1;
        return 1;
    }
    long long v = strtoll(p, NULL, 10);
    int wide = *e == 'L';
    *pq = e + (wide ? (e[1] == 'L' ? 2 : 1) : 0);
    if (errno == ERANGE)
        snprintf(why, size, "integer %.*s is beyond 64 bits", (int)(e - p), p);
    else if (!wide && (v > INT_MAX || v < INT_MIN))
        snprintf(why, size, "integer %.*s is beyond 32 bits: write %.*sL", (int)(e - p), p,
                 (int)(e - p), p);
    else
        return 1;
    return 0;
}

/* Scans text (named file in messages) as libconfig's scanner would. */
static int scan_text(prescan *ps, const char *text, const char *file)
{
    ctx *c = ps->c;
    int line = 1, bol = 1;
    const char *q = text;
    while (*q != '\0') {
        if (bol) {
            const char *r = q + strspn(q, " \t");
            if (strncmp(r, "@include", 8) == 0 && (r[8] == ' ' || r[8] == '\t')) {
                r += 8;
                r += strspn(r, " \t");
                if (*r == '"' && ps->is_set)
                    return cn_diag_set(c->diag, file, line, NULL,
                                       "@include cannot stand in a --set value");
                if (*r == '"') {
                    char inc[CN_DIAG_FILE];
                    size_t n = 0;
                    int at = line;
                    for (r++; *r != '"'; r++) {
                        if (*r == '\0')
                            return cn_diag_set(c->diag, file, at, NULL,
                                               "syntax error: unterminated @include path");
                        if (*r == '\\') {
                            if (r[1] != '\\' && r[1] != '"')
                                return cn_diag_set(c->diag, file, at, NULL,
                                                   "syntax error: in an @include path a '\\' "
                                                   "must be written '\\\\'");
                            r++;
                        }
                        line += *r == '\n';
                        if (n + 1 < sizeof inc)
                            inc[n++] = *r;
                    }
                    inc[n] = '\0';
                    int rc = scan_include(ps, file, at, inc);
                    if (rc != CN_OK)
                        return rc;
                    q = r + 1;
                    bol = 0;
                    continue;
                }
            }
        }
        bol = 0;
        if (*q == '\n') {
            line++;
            bol = 1;
            q++;
        } else if (*q == '"') {
            int at = line;
            for (q++; *q != '"'; q++) {
                if (*q == '\0')
                    return cn_diag_set(c->diag, file, at, NULL,
                                       "syntax error: unterminated string");
                if (*q == '\\' && q[1] != '\0')
                    q++;
                line += *q == '\n';
            }
            q++;
        } else if (isdigit((unsigned char)*q)
                   || ((*q == '-' || *q == '+' || *q == '.')
                       && (isdigit((unsigned char)q[1]) || q[1] == '.'))) {
            char why[200];
            if (!number_ok(&q, why, sizeof why))
                return cn_diag_set(c->diag, file, line, NULL, "syntax error: %s", why);
        } else if (isalpha((unsigned char)*q) || *q == '*') {
            /* a name (digits inside it are no number) */
            q += 1 + strspn(q + 1, "-*_0123456789abcdefghijklmnopqrstuvwxyz"
                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        } else if (*q == '#' || (q[0] == '/' && q[1] == '/')) {
            q += strcspn(q, "\n");
        } else if (q[0] == '/' && q[1] == '*') {
            for (q += 2; *q != '\0' && !(q[0] == '*' && q[1] == '/'); q++)
                line += *q == '\n';
            if (*q != '\0')
                q += 2;
        } else {
            q++;
        }
    }
    return CN_OK;
}

/* ---- --set overrides ---- */

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
    ctx *c;
    int pos;            /* 1-based position among the overrides */
    const int *hook;    /* what grafted settings point at */
    const char *path;   /* the override's path as given */
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
        return nomem(sc->c);
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
    return rc == CN_OK ? CN_OK : nomem(sc->c);
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

/* Names of the dimensions as the (possibly overridden) tree has them. */
static int tree_dims(const config_setting_t *root, const char *path, const char **names)
{
    const config_setting_t *d = config_setting_get_member(root, "dimensions");
    const config_setting_t *wd = config_setting_get_member(root, "world_dimensions");
    /* a world file's states are given on the world's dimensions */
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
        names[k] = str_member(config_setting_get_elem(d, (unsigned)k), "name");
    return n;
}

/* Finds the element of a list of groups whose code, name or bloc is seg
 * (or whose 0-based index it is). */
static int find_elem(setctx *sc, config_setting_t *list, const field *f, const char *seg,
                     config_setting_t **out)
{
    static const char *const keys[] = {"code", "name", "bloc"};
    int n = config_setting_length(list);
    for (int i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        for (int k = 0; k < NELEM(keys); k++) {
            const char *v = str_member(e, keys[k]);
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
        return nomem(sc->c);
    size_t nc = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < NELEM(keys); k++)
            cands[nc++] = str_member(config_setting_get_elem(list, (unsigned)i), keys[k]);
    char h[96];
    hint(h, sizeof h, seg, cands, nc);
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

/* Grafts val at the dotted path. */
static int graft(setctx *sc, config_setting_t *root, char *path, const config_setting_t *val)
{
    config_setting_t *cur = root;
    const schema *sch = &root_schema; /* schema of cur when it is a group */
    const field *cf = NULL;           /* field describing cur (NULL: root or list element) */
    int free_names = 0;               /* cur is a group with free names (closed) */
    char done[CN_DIAG_SETTING] = "";  /* path walked so far */
    char *save = NULL;
    char *seg = strtok_r(path, ".", &save);
    if (seg == NULL)
        return set_fail(sc, "expected path=value, got an empty path");
    while (seg != NULL) {
        if (cur == NULL)
            return set_fail(sc, "'%s' does not exist", done);
        char *next = strtok_r(NULL, ".", &save);
        int last = next == NULL;
        seg = trim(seg);
        if (seg[0] == '\0')
            return set_fail(sc, "expected a dotted path like model.beta, got '%s'", sc->path);
        if (next != NULL)
            next = trim(next);
        int type = config_setting_type(cur);
        if (cf != NULL && cf->type == T_LIST) {
            if (type != CONFIG_TYPE_LIST)
                return set_fail(sc, "'%s' is not a list of groups", done);
            if (last)
                return set_fail(sc, "cannot replace a whole %s; set its settings one at a time",
                                cf->noun);
            config_setting_t *e = NULL;
            int rc = find_elem(sc, cur, cf, seg, &e);
            if (rc != CN_OK)
                return rc;
            walk(done, sizeof done, seg);
            cur = e;
            sch = cf->sub;
            cf = NULL;
            free_names = 0;
        } else if (type == CONFIG_TYPE_GROUP) {
            if (cf != NULL && cf->type != T_GROUP)
                return set_fail(sc, "'%s' is not a group", done);
            const field *f = free_names ? NULL : find_field(sch, seg);
            if (!free_names && f == NULL && !last) {
                const char *cands[32];
                size_t nc = 0;
                for (int k = 0; k < sch->n && nc < 32; k++)
                    cands[nc++] = sch->f[k].name;
                char h[96];
                return set_fail(sc, "unknown setting '%s'%s", seg,
                                hint(h, sizeof h, seg, cands, nc));
            }
            if (last)
                return put_member(sc, cur, seg, val);
            config_setting_t *m = config_setting_get_member(cur, seg);
            if (m == NULL) {
                if (free_names)
                    return set_fail(sc, "'%s' is a single value", seg);
                if (f->type == T_GROUP) {
                    m = config_setting_add(cur, seg, CONFIG_TYPE_GROUP);
                    if (m == NULL)
                        return nomem(sc->c);
                    config_setting_set_hook(m, (void *)sc->hook);
                } else if (f->type == T_LIST) {
                    return set_fail(sc, "unknown %s '%s' (there are no %s)", f->noun, next,
                                    f->name);
                } else if (f->type == T_DIMS && (f->flags & F_FILL)) {
                    const char *names[CN_MAX_DIMS];
                    int nd = tree_dims(root, done, names);
                    m = config_setting_add(cur, seg, CONFIG_TYPE_LIST);
                    if (m == NULL)
                        return nomem(sc->c);
                    config_setting_set_hook(m, (void *)sc->hook);
                    for (int d = 0; d < nd; d++) {
                        config_setting_t *x = config_setting_add(m, NULL, CONFIG_TYPE_FLOAT);
                        /* the status quo binds nobody: its default form is 0 */
                        double fill = strcmp(f->name, "status_quo") == 0 && names[d] != NULL
                                              && strcmp(names[d], "form") == 0
                                          ? 0.0
                                          : f->fill;
                        if (x == NULL || !config_setting_set_float(x, fill))
                            return nomem(sc->c);
                    }
                } else {
                    return set_fail(sc, "'%s' is not set; set it whole, e.g. --set %s%s%s=...",
                                    seg, done, done[0] != '\0' ? "." : "", seg);
                }
            }
            walk(done, sizeof done, seg);
            cur = m;
            cf = f;
            free_names = f != NULL && f->type == T_GROUP && f->sub == NULL;
            if (f != NULL && f->type == T_GROUP)
                sch = f->sub;
        } else if (type == CONFIG_TYPE_ARRAY || type == CONFIG_TYPE_LIST) {
            int n = config_setting_length(cur), idx = -1;
            if (is_index(seg)) {
                idx = (int)strtol(seg, NULL, 10);
            } else if (cf != NULL && cf->type == T_DIMS) {
                const char *names[CN_MAX_DIMS];
                int nd = tree_dims(root, done, names);
                for (int d = 0; d < nd; d++)
                    if (names[d] != NULL && strcmp(names[d], seg) == 0)
                        idx = d;
                if (idx < 0) {
                    char h[96];
                    return set_fail(sc, "unknown dimension '%s'%s", seg,
                                    hint(h, sizeof h, seg, names, (size_t)nd));
                }
            } else {
                return set_fail(sc, "expected an index (0, 1, ...) after '%s', got '%s'", done,
                                seg);
            }
            if (idx >= n)
                return set_fail(sc, "index %d is out of range: '%s' has %d elements", idx, done,
                                n);
            if (!last)
                return set_fail(sc, "'%s.%s' is a single value", done, seg);
            return put_elem(sc, cur, idx, val);
        } else {
            return set_fail(sc, "'%s' is a single value; nothing is below it", done);
        }
        seg = next;
    }
    return CN_OK;
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

static int apply_set(ctx *c, config_t *cfg, const char *set, int pos, const int *hook)
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
        return nomem(c);
    memcpy(vtext, eq + 1, vlen + 1);
    char *v = trim(vtext);
    /* the checks a file gets before libconfig reads it (wrapped integers,
     * open strings), and no @include */
    cn_diag vd;
    ctx vcx = *c;
    vcx.diag = &vd;
    prescan vps = {&vcx, CN_LOAD_MAX_BYTES, 0, 1, 0, {0}, {0}};
    const char *digits = v + (v[0] == '-' || v[0] == '+');
    errno = 0;
    int plain = digits[0] != '\0' && strspn(digits, "0123456789") == strlen(digits)
                && (strtoll(v, NULL, 10), errno != ERANGE);
    if (!plain && scan_text(&vps, v, "--set") != CN_OK) { /* plain: parse_value adds L */
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
        rc = nomem(c);
    else if (rc != CN_OK)
        rc = v[0] == '\0' ? set_fail(&sc, "expected path=value, got no value")
                          : set_fail(&sc, "bad value '%s': %s", v, err);
    else
        rc = graft(&sc, config_root_setting(cfg), p, val);
    config_destroy(&vc);
    free(vtext);
    return rc;
}

/* ---- entry points ---- */

static void default_name(char *out, size_t size, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".cfg") == 0)
        len -= 4;
    if (len >= size)
        len = size - 1;
    memcpy(out, base, len);
    out[len] = '\0';
}

/* After parsing: overrides, validation, the scenario. */
static int finish(ctx *c, config_t *cfg, const char *const *sets, int n_sets, cn_scenario **out)
{
    int *pos = NULL;
    cn_scenario *s = NULL;
    int rc = CN_OK;
    if (n_sets < 0 || (n_sets > 0 && sets == NULL)) {
        rc = cn_diag_set(c->diag, "--set", 0, NULL, "bad override list");
        goto fail;
    }
    if (n_sets > 0) {
        pos = malloc((size_t)n_sets * sizeof *pos);
        if (pos == NULL) {
            rc = nomem(c);
            goto fail;
        }
    }
    for (int i = 0; i < n_sets && rc == CN_OK; i++) {
        pos[i] = i + 1;
        rc = apply_set(c, cfg, sets[i], i + 1, &pos[i]);
    }
    if (rc != CN_OK)
        goto fail;
    s = calloc(1, sizeof *s);
    if (s == NULL) {
        rc = nomem(c);
        goto fail;
    }
    cn_scenario_defaults(s);
    snprintf(s->path, sizeof s->path, "%s", c->name);
    default_name(s->name, sizeof s->name, c->name);
    c->s = s;
    rc = validate(c, config_root_setting(cfg));
    c->s = NULL;
    if (rc != CN_OK)
        goto fail;
    config_destroy(cfg);
    free(pos);
    *out = s;
    return CN_OK;
fail:
    config_destroy(cfg);
    free(pos);
    cn_scenario_free(s);
    return rc;
}

static void parse_error(ctx *c, config_t *cfg)
{
    const char *file;
    int line = config_error_line(cfg);
    config_setting_t fake;
    memset(&fake, 0, sizeof fake);
    fake.file = config_error_file(cfg);
    fake.line = (unsigned)(line > 0 ? line : 0);
    origin(c, &fake, &file, &line);
    const char *text = config_error_text(cfg);
    if (text == NULL || strcmp(text, "syntax error") == 0)
        cn_diag_set(c->diag, file, line, NULL, "syntax error");
    else
        cn_diag_set(c->diag, file, line, NULL, "syntax error: %s", text);
}

int cn_load_scenario(const char *path, const char *const *sets, int n_sets, cn_scenario **out,
                     cn_diag *diag)
{
    cn_diag local;
    if (diag == NULL)
        diag = &local;
    cn_diag_clear(diag);
    if (out == NULL)
        return cn_diag_set(diag, path, 0, NULL, "no place for the scenario (out is NULL)");
    *out = NULL;
    if (path == NULL)
        return cn_diag_set(diag, NULL, 0, NULL, "no scenario file given");
    char dir[CN_DIAG_FILE];
    const char *slash = strrchr(path, '/');
    const char *incdir = NULL;
    if (slash != NULL) {
        size_t len = slash == path ? 1 : (size_t)(slash - path);
        if (len >= sizeof dir)
            return cn_diag_set(diag, path, 0, NULL, "cannot read: path too long");
        memcpy(dir, path, len);
        dir[len] = '\0';
        incdir = dir;
    }
    ctx c = {.diag = diag, .name = path, .incdir = incdir};
    /* read here, once (a pipe can be read only once), then parsed from
     * memory: the size is checked and the includes scanned first */
    struct stat sb;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return cn_diag_set(diag, path, 0, NULL, "cannot read: %s", strerror(errno));
    if (fstat(fileno(f), &sb) != 0 || S_ISDIR(sb.st_mode)) {
        int e = S_ISDIR(sb.st_mode) ? EISDIR : errno;
        fclose(f);
        return cn_diag_set(diag, path, 0, NULL, "cannot read: %s", strerror(e));
    }
    char *text;
    size_t len;
    int rc = read_text(f, CN_LOAD_MAX_BYTES, &text, &len);
    int e = errno;
    fclose(f);
    if (rc == CN_ELIMIT)
        return too_large(&c, path, 0, NULL);
    if (rc == CN_ENOMEM)
        return nomem(&c);
    if (rc != CN_OK)
        return cn_diag_set(diag, path, 0, NULL, "cannot read: %s", strerror(e));
    prescan ps = {&c, CN_LOAD_MAX_BYTES - (long)len, 1, 0, 1, {sb.st_dev}, {sb.st_ino}};
    if ((rc = check_nul(&c, text, len, path)) != CN_OK
        || (rc = scan_text(&ps, text, path)) != CN_OK) {
        free(text);
        return rc;
    }
    config_t cfg;
    config_init(&cfg);
    if (incdir != NULL)
        config_set_include_dir(&cfg, incdir);
    int ok = config_read_string(&cfg, text);
    free(text);
    if (!ok) {
        parse_error(&c, &cfg);
        config_destroy(&cfg);
        return CN_EINPUT;
    }
    rc = finish(&c, &cfg, sets, n_sets, out);
    const cn_scenario *s = *out;
    if (rc == CN_OK && s != NULL && s->poles_from == CN_POLES_LARGEST)
        fprintf(stderr,
                "cybernorms: warning: %s: no 'poles' and fewer than two camp blocs (camp = "
                "true): world.polarisation is measured between the two largest blocs, '%s' "
                "and '%s'\n",
                path, s->blocs[s->poles[0]].name, s->blocs[s->poles[1]].name);
    return rc;
}

int cn_load_scenario_string(const char *text, const char *name, const char *include_dir,
                            const char *const *sets, int n_sets, cn_scenario **out,
                            cn_diag *diag)
{
    cn_diag local;
    if (diag == NULL)
        diag = &local;
    cn_diag_clear(diag);
    if (name == NULL)
        name = "<string>";
    if (out == NULL)
        return cn_diag_set(diag, name, 0, NULL, "no place for the scenario (out is NULL)");
    *out = NULL;
    if (text == NULL)
        return cn_diag_set(diag, name, 0, NULL, "no scenario text given");
    ctx c = {.diag = diag, .name = name, .incdir = include_dir};
    size_t len = strlen(text);
    if (len > (size_t)CN_LOAD_MAX_BYTES)
        return too_large(&c, name, 0, NULL);
    prescan ps = {&c, CN_LOAD_MAX_BYTES - (long)len, 0, 0, 0, {0}, {0}};
    int rc = scan_text(&ps, text, name);
    if (rc != CN_OK)
        return rc;
    config_t cfg;
    config_init(&cfg);
    if (include_dir != NULL)
        config_set_include_dir(&cfg, include_dir);
    if (!config_read_string(&cfg, text)) {
        parse_error(&c, &cfg);
        config_destroy(&cfg);
        return CN_EINPUT;
    }
    return finish(&c, &cfg, sets, n_sets, out);
}
