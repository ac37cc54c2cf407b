/* metrics.c - the columns of a replication's row (cn_metrics.h). */
#include "cn_metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cn_error.h"
#include "cn_schema.h"

static void set(cn_metric *m, const char *prefix, const char *name, const char *desc,
                cn_metric_kind kind, double lo, double hi)
{
    snprintf(m->name, sizeof m->name, "%s%s", prefix, name);
    snprintf(m->desc, sizeof m->desc, "%s", desc);
    m->kind = kind;
    m->lo = lo;
    m->hi = hi;
}

/* The input.* columns: one per uncertain setting (an ensemble: one per
 * path), named by the parameter's name (its path) with blanks and commas
 * as '_' (names are listed in --metrics). */
static void input_columns(const cn_scenario *s, cn_metrics_layout *L)
{
    if (L->input_col < 0)
        return;
    cn_metric *m = L->m + L->input_col;
    for (int u = 0; u < s->n_uncertain; u++) {
        const cn_uncertain *un = &s->uncertain[u];
        for (int k = 0; k < un->n_params; k++, m++) {
            char name[72], desc[160];
            snprintf(name, sizeof name, "%.71s",
                     un->dist == CN_DIST_ENSEMBLE ? un->paths[k] : un->name);
            for (char *c = name; *c != '\0'; c++)
                if (*c == ' ' || *c == ',' || *c == '\t')
                    *c = '_';
            snprintf(desc, sizeof desc, "drawn value of %.100s (uncertain, %s)",
                     un->params[k].path, cn_schema_dist_names[un->dist]);
            set(m, "input.", name, desc, CN_METRIC_REAL, un->params[k].lo, un->params[k].hi);
        }
    }
}

/* The columns after the world's: the route columns (a scenario with a
 * club only), then the uncertain parameters' draws (when drawn). */
static void extra_columns(const cn_scenario *s, cn_metrics_layout *L)
{
    int clubs = 0;
    for (int f = 0; f < CN_MAX_FORUMS; f++)
        L->undecided_col[f] = L->club_col[f] = -1;
    for (int f = 0; f < s->n_forums; f++)
        clubs += s->forums[f].rule == CN_RULE_CLUB;
    if (clubs > 0)
        for (int f = 0; f < s->n_forums; f++) {
            L->undecided_col[f] = L->n++;
            if (s->forums[f].rule == CN_RULE_CLUB) {
                L->club_col[f] = L->n;
                L->n += CN_CM_COUNT;
            }
        }
    /* the uncertain parameters' draws, when they are drawn */
    L->input_col = -1;
    if (s->run.uncertainty == CN_UNC_ALL && s->n_uncertain > 0) {
        L->input_col = L->n;
        for (int u = 0; u < s->n_uncertain; u++)
            L->n_inputs += s->uncertain[u].n_params;
        L->n += L->n_inputs;
    }
}

int cn_metrics_layout_init(const cn_scenario *s, cn_metrics_layout *L)
{
    memset(L, 0, sizeof *L);
    L->forum_block = CN_FM_TEXT + s->n_dims;
    L->world_base = s->n_forums * L->forum_block;
    L->n = L->world_base + CN_WM_COUNT;
    extra_columns(s, L);
    L->m = calloc((size_t)L->n, sizeof *L->m);
    if (L->m == NULL)
        return CN_ENOMEM;
    input_columns(s, L);
    const double n = s->n_states;
    for (int f = 0; f < s->n_forums; f++) {
        const cn_forum *fo = &s->forums[f];
        cn_metric *m = L->m + (size_t)f * (size_t)L->forum_block;
        char p[CN_NAME_LEN + 2];
        snprintf(p, sizeof p, "%s.", fo->name);
        L->forum_base[f] = f * L->forum_block;
        double sessions = fo->sessions;
        set(&m[CN_FM_ADOPTED], p, "adopted", "a text was adopted", CN_METRIC_BINARY, 0, 1);
        set(&m[CN_FM_SESSION], p, "session", "session of adoption", CN_METRIC_COUNT, 1, sessions);
        set(&m[CN_FM_STRENGTH], p, "strength", "strength of the adopted text", CN_METRIC_REAL, 0, 1);
        set(&m[CN_FM_FOOTNOTES], p, "footnotes", "footnotes in the adopted text", CN_METRIC_COUNT, 0, n);
        set(&m[CN_FM_SUPPORTERS], p, "supporters", "members supporting the deciding text", CN_METRIC_COUNT, 0, n);
        set(&m[CN_FM_OBJECTORS], p, "objectors", "members objecting to the deciding text", CN_METRIC_COUNT, 0, n);
        set(&m[CN_FM_ABSTAINERS], p, "abstainers", "members abstaining on the deciding text", CN_METRIC_COUNT, 0, n);
        const int treaty = fo->output == CN_OUTPUT_TREATY;
        const int decision = fo->output == CN_OUTPUT_DECISION;
        char what[64];
        snprintf(what, sizeof what, "%s adopted", cn_schema_output_name(fo->output));
        set(&m[CN_FM_PARTIES], p, "parties",
            treaty     ? "states that ratified or acceded"
            : decision ? "states bound (all, once adopted)"
                       : "members that did not object",
            CN_METRIC_COUNT, 0, n);
        set(&m[CN_FM_IN_FORCE], p, "in_force", treaty ? "treaty in force" : what,
            CN_METRIC_BINARY, 0, 1);
        set(&m[CN_FM_SIGNATORIES], p, "signatories", "treaty: states that signed",
            CN_METRIC_COUNT, 0, n);
        set(&m[CN_FM_BOUND], p, "bound",
            "states for which it is binding and in force (legal status)", CN_METRIC_COUNT, 0,
            n);
        for (int k = 0; k < s->n_dims; k++) {
            char name[CN_NAME_LEN + 8], desc[96]; /* "text." + a dimension name */
            snprintf(name, sizeof name, "text.%s", s->dims[k].name);
            snprintf(desc, sizeof desc, "text on %s (adopted, else last draft)", s->dims[k].name);
            set(&m[CN_FM_TEXT + k], p, name, desc, CN_METRIC_REAL, 0, 1);
        }
    }
    cn_metric *w = L->m + L->world_base;
    double maxreg = s->n_regimes + s->n_forums;
    set(&w[CN_WM_POLARISATION], "world.", "polarisation",
        "distance between the capability-weighted centres of the two poles", CN_METRIC_REAL, 0,
        sqrt((double)(s->n_dims > 0 ? s->n_dims : 1)));
    set(&w[CN_WM_FRAGMENTATION], "world.", "fragmentation",
        "incompatible clusters of regimes in force", CN_METRIC_COUNT, 0, maxreg);
    set(&w[CN_WM_BINDING], "world.", "binding",
        "a binding instrument negotiated here is in force (a treaty, a Council decision)",
        CN_METRIC_BINARY, 0, 1);
    set(&w[CN_WM_DGC], "world.", "dgc",
        "Digital Geneva Convention reached (binding, in force, broad, cybersecurity scope)",
        CN_METRIC_BINARY, 0, 1);
    /* 0..4095: 4096 integers, one histogram bin each (CN_STATS_MAX_COUNT_BINS). */
    set(&w[CN_WM_INCIDENTS], "world.", "incidents", "major incidents", CN_METRIC_COUNT, 0,
        4095);
    set(&w[CN_WM_ATTRIBUTIONS], "world.", "attributions", "public attributions", CN_METRIC_COUNT,
        0, 4095);
    for (int f = 0; f < s->n_forums; f++) {
        char p[CN_NAME_LEN + 2];
        snprintf(p, sizeof p, "%s.", s->forums[f].name);
        if (L->undecided_col[f] >= 0)
            set(&L->m[L->undecided_col[f]], p, "undecided",
                "states in no camp standing behind it at the end (members, parties)",
                CN_METRIC_COUNT, 0, n);
        if (L->club_col[f] >= 0) {
            cn_metric *c = L->m + L->club_col[f];
            set(&c[CN_CM_JOINED], p, "joined", "club: states that joined over the run",
                CN_METRIC_COUNT, 0, 4095);
            set(&c[CN_CM_LEFT], p, "left", "club: members that left over the run",
                CN_METRIC_COUNT, 0, 4095);
            set(&c[CN_CM_MARKET], p, "market",
                "club: the members' share of the world economy at the end", CN_METRIC_REAL, 0,
                1);
        }
    }
    return CN_OK;
}

void cn_metrics_layout_free(cn_metrics_layout *L)
{
    if (L == NULL)
        return;
    free(L->m);
    L->m = NULL;
    L->n = 0;
}

int cn_metrics_find(const cn_metrics_layout *L, const char *name)
{
    for (int j = 0; j < L->n; j++)
        if (strcmp(L->m[j].name, name) == 0)
            return j;
    return -1;
}

/* ---- the registry ---------------------------------------------------------- */

typedef struct {
    const char *suffix; /* after "FORUM." or "world." */
    const char *name;
    const char *unit;
    int decimals, delta_decimals, probability;
} registry_entry;

static const registry_entry forum_entries[] = {
    {"adopted", "P(adopted)", "", 3, 3, 1},
    {"in_force", "P(in force)", "", 3, 3, 1},
    {"session", "session of adoption", "session", 1, 1, 0},
    {"strength", "strength", "0-1", 3, 3, 0},
    {"footnotes", "footnotes", "count", 1, 1, 0},
    {"supporters", "supporters", "states", 0, 1, 0},
    {"objectors", "objectors", "states", 0, 1, 0},
    {"abstainers", "abstainers", "states", 0, 1, 0},
    {"parties", "parties", "states", 0, 1, 0},
    {"signatories", "signatories", "states", 0, 1, 0},
    {"bound", "states bound", "states", 0, 1, 0},
    {"undecided", "undecided states behind it", "states", 0, 1, 0},
    {"joined", "joins", "states", 0, 1, 0},
    {"left", "departures", "states", 0, 1, 0},
    {"market", "members' GDP share", "0-1", 3, 3, 0},
};

static const registry_entry world_entries[] = {
    {"polarisation", "polarisation", "distance", 3, 3, 0},
    {"fragmentation", "fragmentation", "regime clusters", 2, 2, 0},
    {"binding", "P(binding instrument in force)", "", 3, 3, 1},
    {"dgc", "P(Digital Geneva Convention)", "", 3, 3, 1},
    {"incidents", "major incidents", "count", 1, 1, 0},
    {"attributions", "public attributions", "count", 1, 1, 0},
};

static void info_from(cn_metric_info *o, const char *group, const char *name, const char *unit,
                      int dec, int ddec, int prob, int text)
{
    snprintf(o->group, sizeof o->group, "%s", group);
    snprintf(o->name, sizeof o->name, "%s", name);
    snprintf(o->unit, sizeof o->unit, "%s", unit);
    o->decimals = dec;
    o->delta_decimals = ddec;
    o->probability = prob;
    char u[sizeof o->unit + 4] = "";
    if (unit[0] != '\0')
        snprintf(u, sizeof u, " (%s)", unit);
    if (group[0] == '\0')
        snprintf(o->label, sizeof o->label, "%s%s", name, u);
    else
        snprintf(o->label, sizeof o->label, "%s%s %s%s", group, text ? "" : ":", name, u);
}

void cn_metrics_info(const char *name, cn_metric_kind kind, cn_metric_info *out)
{
    memset(out, 0, sizeof *out);
    const char *dot = strchr(name, '.');
    if (dot != NULL && dot > name) {
        char group[CN_NAME_LEN + 8];
        size_t n = (size_t)(dot - name);
        if (n >= sizeof group)
            n = sizeof group - 1;
        memcpy(group, name, n);
        group[n] = '\0';
        const char *suffix = dot + 1;
        int world = strcmp(group, "world") == 0;
        const registry_entry *e = world ? world_entries : forum_entries;
        size_t ne = world ? sizeof world_entries / sizeof *e : sizeof forum_entries / sizeof *e;
        for (size_t i = 0; i < ne; i++)
            if (strcmp(e[i].suffix, suffix) == 0) {
                info_from(out, world ? "" : group, e[i].name, e[i].unit, e[i].decimals,
                          e[i].delta_decimals, e[i].probability, 0);
                return;
            }
        if (!world && strncmp(suffix, "text.", 5) == 0 && suffix[5] != '\0') {
            char dim[128];
            snprintf(dim, sizeof dim, "text: %s", suffix + 5);
            info_from(out, group, dim, "0-1", 3, 3, 0, 1);
            return;
        }
    }
    int prob = kind == CN_METRIC_BINARY;
    info_from(out, "", name, "", prob ? 3 : kind == CN_METRIC_COUNT ? 1 : 3,
              prob ? 3 : kind == CN_METRIC_COUNT ? 1 : 3, prob, 0);
}
