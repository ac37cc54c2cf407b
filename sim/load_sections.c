/* load_sections.c - the sections of a scenario, checked and copied into
 * cn_scenario in the order they may refer to each other (cn_load_validate):
 * dimensions and a world file's world_dimensions, the parameter groups
 * (run, model, events, forum_defaults, calendar), states, stakeholders,
 * blocs, ties, forums (load_forums.c), campaigns, regimes, poles, the
 * public record of incidents and the scripted events (load_events.c),
 * expected (load_expected.c), sweep (load_sweep.c).  A list
 * element starts from its table's defaults and is read by its table
 * (cn_load_list); what a table cannot say (a state code's form, a leader
 * among the members, a region only with target = "region", ...) is
 * checked here.
 */
#include "cn_load_internal.h"

#include <ctype.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>


/* The built-in texts of the dimensions the world files of each year give
 * besides scope and form (scenarios/world/un193-YYYY.cfg; docs/data.md):
 * what 0 and 1 mean, the words before ':' being what narrations say. */
static void builtin_dim_text(const char *name, const char **low, const char **high)
{
    if (strcmp(name, "crime") == 0) {
        *low = "no new cybercrime law: national law and the cooperation that exists";
        *high = "binding cybercrime law: a convention obliging states to criminalise and "
                "cooperate";
    } else if (strcmp(name, "law") == 0) {
        *low = "international law in general terms: the Charter applies, no more said";
        *high = "explicit international law: humanitarian law, self-defence and "
                "countermeasures in cyberspace";
    }
}

static int read_dimensions(cn_load_ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "dimensions");
    if (st == NULL)
        return CN_OK;
    int n = 0,
        rc = cn_load_check_list(c, st, "dimensions", "dimension", "dimensions", 1, CN_MAX_DIMS, &n);
    if (rc != CN_OK)
        return rc;
    cn_scenario defaults;
    cn_scenario_defaults(&defaults);
    memset(s->dims, 0, sizeof s->dims);
    s->n_dims = n;
    for (int d = 0; d < n; d++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)d);
        char p[CN_DIAG_SETTING], pn[CN_DIAG_SETTING];
        cn_load_elem_path(p, sizeof p, "dimensions", e, "name", d);
        cn_dimension *dim = &s->dims[d];
        if ((rc = cn_load_read_group(c, e, p, &cn_schema_dims, dim)) != CN_OK)
            return rc;
        const config_setting_t *nm = config_setting_get_member(e, "name");
        cn_load_join(pn, sizeof pn, p, "name");
        if (!cn_load_is_ident(dim->name))
            return cn_load_fail(c, CN_EINPUT, nm, pn,
                                "expected a name of letters, digits and '_', not starting with a "
                                "digit, got '%s'",
                                dim->name);
        for (int k = 0; k < d; k++)
            if (strcmp(s->dims[k].name, dim->name) == 0)
                return cn_load_fail(c, CN_EINPUT, nm, pn, "duplicate dimension name '%s'",
                                    dim->name);
        const char *low = NULL, *high = NULL;
        int known = cn_scenario_dim(&defaults, dim->name);
        if (known >= 0) {
            low = defaults.dims[known].low;
            high = defaults.dims[known].high;
        } else {
            builtin_dim_text(dim->name, &low, &high);
        }
        if (low != NULL && config_setting_get_member(e, "low") == NULL)
            snprintf(dim->low, sizeof dim->low, "%s", low);
        if (high != NULL && config_setting_get_member(e, "high") == NULL)
            snprintf(dim->high, sizeof dim->high, "%s", high);
    }
    return CN_OK;
}

/* world_dimensions: the dimensions a world file's states are given on.
 * Every dimension of the scenario must be one of them (by name); the
 * scenario may use fewer, in any order (c->world_map). */
static int read_world_dims(cn_load_ctx *c, const config_setting_t *root)
{
    const cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "world_dimensions");
    c->n_world = 0;
    if (st == NULL)
        return CN_OK;
    int n = 0, rc = cn_load_check_list(c, st, "world_dimensions", "dimension", "dimensions", 1,
                                       CN_MAX_DIMS, &n);
    if (rc != CN_OK)
        return rc;
    for (int k = 0; k < n; k++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
        char p[CN_DIAG_SETTING], pn[CN_DIAG_SETTING];
        cn_dimension dim;
        memset(&dim, 0, sizeof dim);
        cn_load_elem_path(p, sizeof p, "world_dimensions", e, "name", k);
        if ((rc = cn_load_read_group(c, e, p, &cn_schema_dims, &dim)) != CN_OK)
            return rc;
        cn_load_join(pn, sizeof pn, p, "name");
        const config_setting_t *nm = config_setting_get_member(e, "name");
        if (!cn_load_is_ident(dim.name))
            return cn_load_fail(c, CN_EINPUT, nm, pn,
                                "expected a name of letters, digits and '_', not starting with a "
                                "digit, got '%s'",
                                dim.name);
        for (int j = 0; j < k; j++)
            if (strcmp(c->world_names[j], dim.name) == 0)
                return cn_load_fail(c, CN_EINPUT, nm, pn, "duplicate dimension name '%s'",
                                    dim.name);
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
            for (int k = 0; k < n && used < sizeof list; k++) {
                int w = snprintf(list + used, sizeof list - used, "%s%s", k > 0 ? ", " : "",
                                 c->world_names[k]);
                used += w > 0 ? (size_t)w : 0;
            }
            const config_setting_t *dl = config_setting_get_member(root, "dimensions");
            return cn_load_fail(c, CN_EINPUT, dl != NULL ? dl : st, "dimensions",
                                "dimension '%s' is not among the world's dimensions (%s)",
                                s->dims[d].name, list);
        }
        c->world_map[d] = found;
    }
    return CN_OK;
}

/* Settings removed or renamed by issue #12: refused with what replaced them. */
static int read_removed(cn_load_ctx *c, const config_setting_t *root)
{
    const config_setting_t *m = config_setting_get_member(root, "model"), *x;
    if (m != NULL && config_setting_is_group(m)
        && (x = config_setting_get_member(m, "binding")) != NULL)
        return cn_load_fail(c, CN_EINPUT, x, "model.binding",
                            "removed (issue #12): a text binds by its legal type (forum `output`: "
                            "a treaty in force, or a Security Council \"decision\"), not by a "
                            "threshold on its form, and world.binding follows that; the form is "
                            "content, reported as FORUM.text.form (docs/model.md, section 12)");
    return CN_OK;
}

/* The groups of parameters (run, model, events, forum_defaults, calendar):
 * every group row of the top level that is not a pointer nor written by
 * code, read by its table. */
static int read_params(cn_load_ctx *c, const config_setting_t *root)
{
    for (int k = 0; k < cn_schema_root.n; k++) {
        const cn_field *f = &cn_schema_root.f[k];
        if (f->type != CN_T_GROUP || f->sub == NULL || (f->flags & CN_F_PTR)
            || f->ref != CN_REF_NONE)
            continue;
        const config_setting_t *st = config_setting_get_member(root, f->name);
        int rc =
            st != NULL ? cn_load_read_group(c, st, f->name, f->sub, (char *)c->s + f->off) : CN_OK;
        if (rc != CN_OK)
            return rc;
    }
    return CN_OK;
}

#define CN_MAX_CALENDAR_ROUNDS 1000 /* rounds a calendar may span (start .. end) */

/* calendar.start and calendar.end (round_months is read by its row): an
 * end needs a start, is not before it, and spans at most 1000 rounds. */
static int read_calendar(cn_load_ctx *c, const config_setting_t *root)
{
    cn_calendar *cal = &c->s->calendar;
    const config_setting_t *g = config_setting_get_member(root, "calendar"), *x;
    int rc;
    if (g == NULL)
        return CN_OK;
    if ((x = config_setting_get_member(g, "start")) != NULL
        && (rc = cn_load_read_date(c, x, "calendar.start", &cal->start)) != CN_OK)
        return rc;
    if ((x = config_setting_get_member(g, "end")) == NULL)
        return CN_OK;
    if (cal->start < 0)
        return cn_load_fail(c, CN_EINPUT, x, "calendar.end",
                            "an end date needs a start date (calendar.start)");
    if ((rc = cn_load_read_date(c, x, "calendar.end", &cal->end)) != CN_OK)
        return rc;
    char a[16], b[16];
    cn_calendar_format(cal->end, a, sizeof a);
    cn_calendar_format(cal->start, b, sizeof b);
    if (cal->end < cal->start)
        return cn_load_fail(c, CN_EINPUT, x, "calendar.end", "end %s is before the start %s", a,
                            b);
    if (cn_calendar_round(cal, cal->end) > CN_MAX_CALENDAR_ROUNDS)
        return cn_load_fail(c, CN_ELIMIT, x, "calendar.end",
                            "too many rounds: %s to %s in rounds of %d months is %d rounds, at "
                            "most %d",
                            b, a, cal->round_months, cn_calendar_round(cal, cal->end),
                            CN_MAX_CALENDAR_ROUNDS);
    return CN_OK;
}

/* run.generator: one of GSL's generators. */
static int check_generator(cn_load_ctx *c, const config_setting_t *root)
{
    const cn_scenario *s = c->s;
    const config_setting_t *gen = config_setting_get_member(root, "run");
    if (gen == NULL || (gen = config_setting_get_member(gen, "generator")) == NULL)
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
        return cn_load_nomem(c);
    for (size_t k = 0; k < nt; k++)
        cands[k] = types[k]->name;
    char h[96];
    cn_load_hint(h, sizeof h, s->run.generator, cands, nt);
    free(cands);
    return cn_load_fail(c, CN_EINPUT, gen, "run.generator", "unknown GSL generator '%s'%s",
                        s->run.generator, h);
}

/* ---- the lists ---- */

/* A state code: 2 to 7 letters, digits or '_', starting with a letter. */
static int check_code(cn_load_ctx *c, const config_setting_t *at, const char *path, const char *v)
{
    size_t len = strlen(v);
    int ok = len >= 2 && isalpha((unsigned char)v[0]);
    for (size_t k = 0; k < len; k++)
        if (!isalnum((unsigned char)v[k]) && v[k] != '_')
            ok = 0;
    if (!ok)
        return cn_load_fail(c, CN_EINPUT, at, path,
                            "expected a state code of 2 to 7 letters, digits or '_' starting "
                            "with a letter, got '%s'",
                            v);
    return CN_OK;
}

/* A world file's state (world_dimensions): its ideal, ideal_se and
 * salience over the world's dimensions, projected onto the scenario's. */
static int read_world_state(cn_load_ctx *c, const config_setting_t *e, const char *p,
                            cn_state *x)
{
    static const char *const arrays[] = {"ideal", "ideal_se", "salience"};
    for (int k = 0; k < CN_NELEM(arrays); k++) {
        const config_setting_t *m = config_setting_get_member(e, arrays[k]);
        if (m == NULL)
            continue;
        const cn_field *f = cn_schema_find(&cn_schema_state, arrays[k]);
        char pa[CN_DIAG_SETTING];
        cn_load_join(pa, sizeof pa, p, arrays[k]);
        void *at = (char *)x + f->off; /* the row's double[CN_MAX_DIMS] */
        int rc = cn_load_read_world_array(c, m, pa, f, at);
        if (rc != CN_OK)
            return rc;
    }
    return CN_OK;
}

/* A state's name (default its code; unique) and UN regional group; a
 * world file's state, its arrays. */
static int state_rest(cn_load_ctx *c, const config_setting_t *e, const char *p, int i, void *elem)
{
    const cn_scenario *s = c->s;
    cn_state *x = elem;
    char pc[CN_DIAG_SETTING];
    int rc;
    if (c->n_world > 0 && (rc = read_world_state(c, e, p, x)) != CN_OK)
        return rc;
    const config_setting_t *nm = config_setting_get_member(e, "name");
    if (nm == NULL) {
        memcpy(x->name, x->code, sizeof x->code);
    } else {
        cn_load_join(pc, sizeof pc, p, "name");
        if (x->name[0] == '\0')
            return cn_load_fail(c, CN_EINPUT, nm, pc, "expected a non-empty name");
        for (int j = 0; j < i; j++)
            if (strcmp(s->states[j].name, x->name) == 0)
                return cn_load_fail(c, CN_EINPUT, nm, pc,
                                    "duplicate state name '%s' (also the name of '%s')", x->name,
                                    s->states[j].code);
    }
    const config_setting_t *gr = config_setting_get_member(e, "group");
    if (gr == NULL || x->group[0] == '\0')
        return CN_OK;
    int k = 0;
    cn_load_join(pc, sizeof pc, p, "group");
    return cn_load_read_enum(c, gr, pc, "UN regional group", cn_schema_un_groups,
                             CN_NELEM(cn_schema_un_groups), &k);
}

/* A bloc's name (not "all", not a state code), members (states and blocs
 * defined before it) and leader (default: the most capable member). */
static int bloc_rest(cn_load_ctx *c, const config_setting_t *e, const char *p, int i, void *elem)
{
    const cn_scenario *s = c->s;
    cn_bloc *b = elem;
    char pn[CN_DIAG_SETTING];
    const config_setting_t *nm = config_setting_get_member(e, "name");
    cn_load_join(pn, sizeof pn, p, "name");
    if (strcmp(b->name, "all") == 0)
        return cn_load_fail(c, CN_EINPUT, nm, pn, "'all' is reserved; choose another bloc name");
    if (cn_scenario_state(s, b->name) >= 0)
        return cn_load_fail(c, CN_EINPUT, nm, pn, "'%s' is a state code; choose another bloc name",
                            b->name);
    const config_setting_t *mem = config_setting_get_member(e, "members");
    cn_load_join(pn, sizeof pn, p, "members");
    int rc = cn_load_members(c, mem, pn, 0, i, &b->members, &b->n_members);
    if (rc != CN_OK)
        return rc;
    if (b->n_members == 0)
        return cn_load_fail(c, CN_EINPUT, mem, pn, "expected at least one member");
    const config_setting_t *ld = config_setting_get_member(e, "leader");
    if (ld == NULL) {
        b->leader = b->members[0];
        for (int m = 1; m < b->n_members; m++)
            if (s->states[b->members[m]].capability > s->states[b->leader].capability)
                b->leader = b->members[m];
        return CN_OK;
    }
    cn_load_join(pn, sizeof pn, p, "leader");
    int who = 0;
    if ((rc = cn_load_state_ref(c, ld, pn, &who)) != CN_OK)
        return rc;
    b->leader = -1;
    for (int m = 0; m < b->n_members; m++)
        if (b->members[m] == who)
            b->leader = who;
    if (b->leader < 0)
        return cn_load_fail(c, CN_EINPUT, ld, pn, "leader '%s' is not a member of bloc '%s'",
                            s->states[who].code, b->name);
    return CN_OK;
}

/* A tie's two different states. */
static int tie_rest(cn_load_ctx *c, const config_setting_t *e, const char *p, int i, void *elem)
{
    (void)i;
    cn_tie *t = elem;
    char pn[CN_DIAG_SETTING];
    cn_load_join(pn, sizeof pn, p, "from");
    int rc = cn_load_state_ref(c, config_setting_get_member(e, "from"), pn, &t->from);
    if (rc != CN_OK)
        return rc;
    cn_load_join(pn, sizeof pn, p, "to");
    const config_setting_t *to = config_setting_get_member(e, "to");
    if ((rc = cn_load_state_ref(c, to, pn, &t->to)) != CN_OK)
        return rc;
    if (t->from == t->to)
        return cn_load_fail(c, CN_EINPUT, to, pn,
                            "a tie needs two different states, got '%s' twice",
                            c->s->states[t->to].code);
    return CN_OK;
}

/* A campaign's bloc, its region or targets (with, and only with, the
 * target that uses them) and its stop. */
static int campaign_rest(cn_load_ctx *c, const config_setting_t *e, const char *p, int i,
                         void *elem)
{
    (void)i;
    const cn_scenario *s = c->s;
    cn_campaign *k = elem;
    char pn[CN_DIAG_SETTING];
    cn_load_join(pn, sizeof pn, p, "bloc");
    int rc = cn_load_bloc_ref(c, config_setting_get_member(e, "bloc"), pn, &k->bloc);
    if (rc != CN_OK)
        return rc;
    int t = 0;
    const config_setting_t *x = config_setting_get_member(e, "region");
    cn_load_join(pn, sizeof pn, p, "region");
    if (k->target == CN_TARGET_REGION && x == NULL)
        return cn_load_missing(c, e, p, "region");
    if (x != NULL) {
        if (k->target != CN_TARGET_REGION)
            return cn_load_fail(c, CN_EINPUT, x, pn,
                                "region is only used with target = \"region\"");
        if ((rc = cn_load_read_enum(c, x, pn, "UN regional group", cn_schema_un_groups,
                                    CN_NELEM(cn_schema_un_groups), &t))
            != CN_OK)
            return rc;
        snprintf(k->region, sizeof k->region, "%s", cn_schema_un_groups[t]);
    }
    x = config_setting_get_member(e, "targets");
    cn_load_join(pn, sizeof pn, p, "targets");
    if (k->target == CN_TARGET_LIST && x == NULL)
        return cn_load_missing(c, e, p, "targets");
    if (x != NULL) {
        if (k->target != CN_TARGET_LIST)
            return cn_load_fail(c, CN_EINPUT, x, pn, "targets is only used with target = \"list\"");
        if ((rc = cn_load_members(c, x, pn, 0, s->n_blocs, &k->targets, &k->n_targets)) != CN_OK)
            return rc;
        if (k->n_targets == 0)
            return cn_load_fail(c, CN_EINPUT, x, pn, "expected at least one target");
    }
    if (k->stop != 0 && k->stop < k->start) {
        x = config_setting_get_member(e, "stop");
        cn_load_join(pn, sizeof pn, p, "stop");
        return cn_load_fail(c, CN_EINPUT, x != NULL ? x : e, pn,
                            "expected 0 (to the end) or a round >= start (%d), got %d", k->start,
                            k->stop);
    }
    return CN_OK;
}

/* A regime's parties. */
static int regime_rest(cn_load_ctx *c, const config_setting_t *e, const char *p, int i, void *elem)
{
    (void)i;
    cn_regime *r = elem;
    char pn[CN_DIAG_SETTING];
    const config_setting_t *x = config_setting_get_member(e, "parties");
    cn_load_join(pn, sizeof pn, p, "parties");
    int rc = cn_load_members(c, x, pn, 0, c->s->n_blocs, &r->parties, &r->n_parties);
    if (rc != CN_OK)
        return rc;
    if (r->n_parties == 0)
        return cn_load_fail(c, CN_EINPUT, x, pn, "expected at least one party");
    return CN_OK;
}

static const cn_load_list_kind states = {
    "states", 2, CN_MAX_STATES, "code", "state code", check_code, NULL, state_rest, NULL};
/* a world file's states: their arrays over world_dimensions */
static const cn_load_list_kind world_states = {
    "states", 2, CN_MAX_STATES, "code", "state code", check_code, NULL, state_rest,
    &cn_schema_world_state};
static const cn_load_list_kind stakeholders = {
    "stakeholders",     0,    CN_MAX_STAKEHOLDERS, "name", "stakeholder name",
    cn_load_check_name, NULL, NULL,                NULL};
static const cn_load_list_kind blocs = {
    "blocs", 0, CN_MAX_BLOCS, "name", "bloc name", cn_load_check_name, NULL, bloc_rest, NULL};
static const cn_load_list_kind ties = {
    "ties", 0, CN_MAX_TIES, NULL, NULL, NULL, NULL, tie_rest, NULL};
static const cn_load_list_kind campaigns = {
    "campaigns",        0,    CN_MAX_CAMPAIGNS, "name", "campaign name",
    cn_load_check_name, NULL, campaign_rest,    NULL};
static const cn_load_list_kind regimes = {
    "regimes",          0,    CN_MAX_REGIMES, "name", "regime name",
    cn_load_check_name, NULL, regime_rest,    NULL};

/* The blocs: a membership may name a bloc defined before (c->raw_blocs
 * tells "defined later" from unknown). */
static int read_blocs(cn_load_ctx *c, const config_setting_t *root)
{
    c->raw_blocs = config_setting_get_member(root, "blocs");
    int rc = cn_load_list(c, root, &blocs);
    c->raw_blocs = NULL;
    return rc;
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
 * blocs, which cn_load_scenario reports on stderr (no silent fallback). */
static int read_poles(cn_load_ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *st = config_setting_get_member(root, "poles");
    char g[96];
    if (st == NULL) {
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
        return cn_load_fail(c, CN_EINPUT, st, "poles", "expected an array of 2 bloc names, got %s",
                            type == CONFIG_TYPE_ARRAY || type == CONFIG_TYPE_LIST
                                ? (snprintf(g, sizeof g, "%d", config_setting_length(st)), g)
                                : cn_load_got(g, sizeof g, st));
    for (int k = 0; k < 2; k++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
        int rc = cn_load_bloc_ref(c, e, "poles", &s->poles[k]);
        if (rc != CN_OK)
            return rc;
    }
    if (s->poles[0] == s->poles[1])
        return cn_load_fail(c, CN_EINPUT, st, "poles",
                            "expected two different blocs, got '%s' twice",
                            s->blocs[s->poles[0]].name);
    return CN_OK;
}

int cn_load_validate(cn_load_ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    int rc;
    if ((rc = cn_load_read_group(c, root, "", &cn_schema_root, s)) != CN_OK)
        return rc;
    const config_setting_t *nm = config_setting_get_member(root, "name");
    if (nm != NULL && (rc = cn_load_check_name(c, nm, "name", s->name)) != CN_OK)
        return rc;
    if ((rc = read_dimensions(c, root)) != CN_OK || (rc = read_world_dims(c, root)) != CN_OK)
        return rc;
    s->dim_scope = cn_scenario_dim(s, "scope");
    s->dim_form = cn_scenario_dim(s, "form");
    /* default status quo: 0.5 on every dimension, but no agreement binds
     * nobody, so 0 on `form`, `crime` and `law` (docs/scenarios.md) */
    for (int k = 0; k < s->n_dims; k++)
        s->model.status_quo[k] = cn_dim_default_status_quo(s->dims[k].name);
    if ((rc = read_removed(c, root)) != CN_OK || (rc = read_params(c, root)) != CN_OK
        || (rc = check_generator(c, root)) != CN_OK || (rc = read_calendar(c, root)) != CN_OK
        || (rc = cn_load_list(c, root, c->n_world > 0 ? &world_states : &states)) != CN_OK
        || (rc = cn_load_list(c, root, &stakeholders)) != CN_OK
        || (rc = read_blocs(c, root)) != CN_OK || (rc = cn_load_list(c, root, &ties)) != CN_OK
        || (rc = cn_load_forums(c, root)) != CN_OK
        || (rc = cn_load_list(c, root, &campaigns)) != CN_OK
        || (rc = cn_load_list(c, root, &regimes)) != CN_OK || (rc = read_poles(c, root)) != CN_OK
        || (rc = cn_load_attribution(c, root)) != CN_OK || (rc = cn_load_script(c, root)) != CN_OK
        || (rc = cn_load_markets(c, root)) != CN_OK || (rc = cn_load_expected(c, root)) != CN_OK
        || (rc = cn_load_levers(c, root)) != CN_OK || (rc = cn_load_uncertain(c, root)) != CN_OK
        || (rc = cn_load_sweep(c, root)) != CN_OK)
        return rc;
    return CN_OK;
}
