/* load_forums.c - the `forums` section of a scenario (cn_load_internal.h).
 *
 * A forum starts from its table's defaults and inherits the settings it
 * shares with forum_defaults (cn_schema_inherit); its scalars are read by
 * the table, then what refers to other parts, in order: its legal type
 * against its rule, members and pool (states and blocs), the chair (a
 * member), the closed agenda (dimensions), the threshold and council quota
 * (against the seats), the stakeholders that speak in it, the sponsor and
 * the alternative on the table (blocs), its rival drafts (blocs), its
 * issues (dimensions), its dates (the calendar) and the states that may
 * accede to it.
 */
#include "cn_load_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Per-forum reading state: the forum's element and path. */
typedef struct {
    cn_load_ctx *c;
    const config_setting_t *e; /* the forum's group */
    const char *p;             /* its path, "forums.NAME" */
    cn_forum *f;
} forum_ctx;

/* The setting name of the forum (NULL when absent) and its path in pn. */
static const config_setting_t *member(const forum_ctx *fc, const char *name, char *pn)
{
    cn_load_join(pn, CN_DIAG_SETTING, fc->p, name);
    return config_setting_get_member(fc->e, name);
}

static int read_membership(const forum_ctx *fc)
{
    cn_load_ctx *c = fc->c;
    const cn_scenario *s = c->s;
    cn_forum *f = fc->f;
    char pn[CN_DIAG_SETTING];
    int rc;
    const config_setting_t *mem = member(fc, "members", pn);
    if (mem == NULL && f->draw_size == 0)
        return cn_load_missing(c, fc->e, fc->p, "members");
    if (mem != NULL
        && (rc = cn_load_members(c, mem, pn, 1, s->n_blocs, &f->members, &f->n_members)) != CN_OK)
        return rc;
    if (f->draw_size == 0 && f->n_members == 0)
        return cn_load_fail(c, CN_EINPUT, mem, pn, "a forum needs at least one member, got none");
    const config_setting_t *pool = member(fc, "pool", pn);
    if (pool != NULL) {
        if ((rc = cn_load_members(c, pool, pn, 1, s->n_blocs, &f->pool, &f->n_pool)) != CN_OK)
            return rc;
    } else {
        f->pool = malloc((size_t)s->n_states * sizeof *f->pool);
        if (f->pool == NULL)
            return cn_load_nomem(c);
        for (int i = 0; i < s->n_states; i++)
            f->pool[i] = i;
        f->n_pool = s->n_states;
    }
    if (f->draw_size > 0) {
        const config_setting_t *dr = member(fc, "draw", pn);
        if (f->draw_size > f->n_pool)
            return cn_load_fail(c, CN_EINPUT, dr, pn, "draw %d is larger than the pool (%d states)",
                                f->draw_size, f->n_pool);
        if (f->draw_size < f->n_members)
            return cn_load_fail(c, CN_EINPUT, dr, pn,
                                "draw %d is smaller than the %d seats always held (members)",
                                f->draw_size, f->n_members);
    }
    return CN_OK;
}

static int read_chair(const forum_ctx *fc)
{
    cn_load_ctx *c = fc->c;
    const cn_scenario *s = c->s;
    cn_forum *f = fc->f;
    char pn[CN_DIAG_SETTING], g[96];
    const config_setting_t *x = member(fc, "chair", pn);
    if (x == NULL)
        return CN_OK;
    if (config_setting_type(x) != CONFIG_TYPE_STRING)
        return cn_load_fail(c, CN_EINPUT, x, pn,
                            "expected \"rotate\", \"capability\" or a member's code, got %s",
                            cn_load_got(g, sizeof g, x));
    const char *v = config_setting_get_string(x);
    if (strcmp(v, "rotate") == 0) {
        f->chair_mode = CN_CHAIR_ROTATE;
        return CN_OK;
    }
    if (strcmp(v, "capability") == 0) {
        f->chair_mode = CN_CHAIR_CAPABILITY;
        return CN_OK;
    }
    int who = cn_scenario_state(s, v);
    if (who < 0) {
        const char *cands[2 + CN_MAX_STATES];
        size_t nc = 0;
        cands[nc++] = "rotate";
        cands[nc++] = "capability";
        for (int m = 0; m < f->n_members; m++)
            cands[nc++] = s->states[f->members[m]].code;
        char h[96];
        return cn_load_fail(c, CN_EINPUT, x, pn,
                            "unknown chair '%s': expected \"rotate\", \"capability\" or a "
                            "member's code%s",
                            v, cn_load_hint(h, sizeof h, v, cands, nc));
    }
    int in = 0;
    for (int m = 0; m < f->n_members; m++)
        if (f->members[m] == who)
            in = 1;
    if (!in)
        return cn_load_fail(c, CN_EINPUT, x, pn, "chair '%s' is not a member of forum '%s'", v,
                            f->name);
    f->chair_mode = CN_CHAIR_NAMED;
    f->chair = who;
    return CN_OK;
}

static int read_closed(const forum_ctx *fc)
{
    cn_load_ctx *c = fc->c;
    const cn_scenario *s = c->s;
    char pn[CN_DIAG_SETTING], g[96];
    const config_setting_t *x = member(fc, "closed", pn);
    if (x == NULL)
        return CN_OK;
    if (!config_setting_is_group(x))
        return cn_load_fail(c, CN_EINPUT, x, pn,
                            "expected a group of dimension = value, e.g. { form = 0.0; }, got %s",
                            cn_load_got(g, sizeof g, x));
    static const cn_field fixed = {.name = "closed", .type = CN_T_FLOAT, .lo = 0, .hi = 1};
    for (int i = 0; i < config_setting_length(x); i++) {
        const config_setting_t *m = config_setting_get_elem(x, (unsigned)i);
        const char *name = config_setting_name(m);
        char pm[CN_DIAG_SETTING];
        cn_load_join(pm, sizeof pm, pn, name);
        int d = cn_scenario_dim(s, name);
        if (d < 0)
            return cn_load_unknown(c, m, pm, "dimension", name, s->dims, sizeof(cn_dimension),
                                   offsetof(cn_dimension, name), NULL, s->n_dims);
        int rc = cn_load_read_field(c, m, pm, &fixed, &fc->f->fixed[d]);
        if (rc != CN_OK)
            return rc;
        fc->f->open[d] = 0;
    }
    return CN_OK;
}

/* `resolution` is a General Assembly resolution since issue #12: in a
 * council forum it is refused with a pointer to `decision`. */
static int check_output(const forum_ctx *fc)
{
    char pn[CN_DIAG_SETTING];
    const config_setting_t *x = member(fc, "output", pn);
    if (x != NULL && fc->f->output == CN_OUTPUT_RESOLUTION && fc->f->rule == CN_RULE_COUNCIL)
        return cn_load_fail(fc->c, CN_EINPUT, x, pn,
                            "'resolution' is a General Assembly resolution (a nonbinding "
                            "recommendation) since issue #12; a binding Security Council decision "
                            "under Chapter VII is output = \"decision\" (a nonbinding Council "
                            "text: \"declaration\")");
    return CN_OK;
}

/* The threshold (default: half the seats, rounded up) and the council
 * quota, against the seats. */
static int read_seat_counts(const forum_ctx *fc)
{
    cn_load_ctx *c = fc->c;
    cn_forum *f = fc->f;
    char pn[CN_DIAG_SETTING];
    int seats = f->draw_size > 0 ? f->draw_size : f->n_members;
    const char *seat_word = f->draw_size > 0 ? "seats" : "members";
    f->threshold = (seats + 1) / 2;
    const config_setting_t *x = member(fc, "threshold", pn);
    if (x != NULL) {
        int rc = cn_load_read_field(c, x, pn, cn_schema_find(&cn_schema_forum, "threshold"),
                                    &f->threshold);
        if (rc != CN_OK)
            return rc;
        /* only a treaty counts ratifications (a what-if may turn a treaty
         * forum into a Council `decision` and keep its threshold) */
        if (f->threshold > seats && f->output == CN_OUTPUT_TREATY)
            return cn_load_fail(c, CN_EINPUT, x, pn, "threshold %d is above the forum's %d %s",
                                f->threshold, seats, seat_word);
    }
    if (f->rule == CN_RULE_COUNCIL && f->council_quota > seats) {
        x = member(fc, "council_quota", pn);
        return cn_load_fail(c, CN_EINPUT, x != NULL ? x : fc->e, pn,
                            "council_quota %d%s is above the forum's %d %s", f->council_quota,
                            x != NULL ? "" : " (from forum_defaults)", seats, seat_word);
    }
    return CN_OK;
}

static int read_stakeholders(const forum_ctx *fc)
{
    cn_load_ctx *c = fc->c;
    const cn_scenario *s = c->s;
    cn_forum *f = fc->f;
    char pn[CN_DIAG_SETTING], g[96];
    const config_setting_t *x = member(fc, "stakeholders", pn);
    if (x == NULL)
        return CN_OK;
    int type = config_setting_type(x);
    if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
        return cn_load_fail(c, CN_EINPUT, x, pn, "expected an array of stakeholder names, got %s",
                            cn_load_got(g, sizeof g, x));
    int n = config_setting_length(x);
    if (n > 0) {
        f->stakeholders = calloc((size_t)n, sizeof *f->stakeholders);
        if (f->stakeholders == NULL)
            return cn_load_nomem(c);
    }
    for (int k = 0; k < n; k++) {
        const config_setting_t *m = config_setting_get_elem(x, (unsigned)k);
        if (config_setting_type(m) != CONFIG_TYPE_STRING)
            return cn_load_fail(c, CN_EINPUT, m, pn,
                                "expected an array of stakeholder names, got %s",
                                cn_load_got(g, sizeof g, m));
        const char *v = config_setting_get_string(m);
        int h = cn_scenario_stakeholder(s, v);
        if (h < 0)
            return cn_load_unknown(c, m, pn, "stakeholder", v, s->stakeholders,
                                   sizeof(cn_stakeholder), offsetof(cn_stakeholder, name), NULL,
                                   s->n_stakeholders);
        for (int j = 0; j < f->n_stakeholders; j++)
            if (f->stakeholders[j] == h)
                return cn_load_fail(c, CN_EINPUT, m, pn, "stakeholder '%s' is listed twice", v);
        f->stakeholders[f->n_stakeholders++] = h;
    }
    return CN_OK;
}

static int read_rivals(const forum_ctx *fc)
{
    cn_load_ctx *c = fc->c;
    cn_forum *f = fc->f;
    char pn[CN_DIAG_SETTING];
    const config_setting_t *x = member(fc, "rivals", pn);
    if (x == NULL)
        return CN_OK;
    int n = 0, rc = cn_load_check_list(c, x, pn, "rival", "rivals", 0, CN_MAX_RIVALS, &n);
    if (rc != CN_OK)
        return rc;
    for (int k = 0; k < n; k++) {
        const config_setting_t *r = config_setting_get_elem(x, (unsigned)k);
        cn_rival *rv = &f->rivals[k];
        cn_schema_defaults(&cn_schema_rival, rv);
        char pr[CN_DIAG_SETTING], pb[CN_DIAG_SETTING];
        cn_load_elem_path(pr, sizeof pr, pn, r, "bloc", k);
        if ((rc = cn_load_read_group(c, r, pr, &cn_schema_rival, rv)) != CN_OK)
            return rc;
        cn_load_join(pb, sizeof pb, pr, "bloc");
        if ((rc = cn_load_bloc_ref(c, config_setting_get_member(r, "bloc"), pb, &rv->bloc))
            != CN_OK)
            return rc;
        rv->has_text = config_setting_get_member(r, "text") != NULL;
        const config_setting_t *fs = config_setting_get_member(r, "from_session");
        if (fs != NULL && rv->from_session > f->sessions) {
            cn_load_join(pb, sizeof pb, pr, "from_session");
            return cn_load_fail(c, CN_EINPUT, fs, pb,
                                "from_session %d is after the forum's last session (%d)",
                                rv->from_session, f->sessions);
        }
        f->n_rivals = k + 1;
    }
    return CN_OK;
}

/* The bloc sponsoring the text and the rival text or track on the table
 * (recorded votes, docs/model.md section 8). */
static int read_sponsors(const forum_ctx *fc)
{
    cn_load_ctx *c = fc->c;
    cn_forum *f = fc->f;
    char pn[CN_DIAG_SETTING], pa[CN_DIAG_SETTING];
    const config_setting_t *x = member(fc, "sponsor", pn), *y;
    int rc;
    if (x != NULL && (rc = cn_load_bloc_ref(c, x, pn, &f->sponsor)) != CN_OK)
        return rc;
    if ((x = member(fc, "alternative", pn)) == NULL)
        return CN_OK;
    if ((rc = cn_load_read_group(c, x, pn, &cn_schema_alternative, f->alternative)) != CN_OK)
        return rc;
    f->has_alternative = 1;
    if ((y = config_setting_get_member(x, "sponsor")) == NULL)
        return CN_OK;
    cn_load_join(pa, sizeof pa, pn, "sponsor");
    return cn_load_bloc_ref(c, y, pa, &f->alternative_sponsor);
}

/* `issues`: dimension names, each once, into a bitmask (all of them: 0).
 * After `closed`: a dimension that is not an issue is closed at its
 * `closed` value, else at the status quo. */
static int read_issues(const forum_ctx *fc)
{
    cn_load_ctx *c = fc->c;
    const cn_scenario *s = c->s;
    cn_forum *f = fc->f;
    char pn[CN_DIAG_SETTING], g[96];
    const config_setting_t *x = member(fc, "issues", pn);
    if (x == NULL)
        return CN_OK;
    int type = config_setting_type(x), n = config_setting_length(x);
    if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
        return cn_load_fail(c, CN_EINPUT, x, pn, "expected an array of dimension names, got %s",
                            cn_load_got(g, sizeof g, x));
    if (n < 1)
        return cn_load_fail(c, CN_EINPUT, x, pn,
                            "expected at least one dimension name, got none");
    unsigned mask = 0;
    for (int k = 0; k < n; k++) {
        const config_setting_t *m = config_setting_get_elem(x, (unsigned)k);
        if (config_setting_type(m) != CONFIG_TYPE_STRING)
            return cn_load_fail(c, CN_EINPUT, m, pn, "expected a dimension name, got %s",
                                cn_load_got(g, sizeof g, m));
        const char *v = config_setting_get_string(m);
        int d = cn_scenario_dim(s, v);
        if (d < 0)
            return cn_load_unknown_dim(c, m, pn, v);
        if (mask >> d & 1u)
            return cn_load_fail(c, CN_EINPUT, m, pn, "dimension '%s' is listed twice", v);
        mask |= 1u << d;
    }
    f->issues = mask == (1u << s->n_dims) - 1u ? 0u : mask;
    for (int d = 0; d < s->n_dims; d++)
        if (f->issues != 0 && !(f->issues >> d & 1u) && f->open[d]) {
            f->open[d] = 0;
            f->fixed[d] = s->model.status_quo[d];
        }
    return CN_OK;
}

/* `start_date` (instead of `start`: the round holding it) and
 * `signature_opens`: dates on the scenario's calendar. */
static int read_dates(const forum_ctx *fc)
{
    cn_load_ctx *c = fc->c;
    const cn_calendar *cal = &c->s->calendar;
    cn_forum *f = fc->f;
    char pn[CN_DIAG_SETTING];
    int rc;
    const config_setting_t *x = member(fc, "start_date", pn);
    if (x != NULL) {
        int month = 0;
        if ((rc = cn_load_read_date(c, x, pn, &month)) != CN_OK)
            return rc;
        if (cal->start < 0)
            return cn_load_fail(c, CN_EINPUT, x, pn,
                                "a date needs a calendar: calendar = { start = \"YYYY-MM\"; }");
        if (config_setting_get_member(fc->e, "start") != NULL)
            return cn_load_fail(c, CN_EINPUT, x, pn,
                                "give either start (a round) or start_date, not both");
        if (month < cal->start)
            return cn_load_fail(c, CN_EINPUT, x, pn, "start_date is before the calendar's start");
        f->start = cn_calendar_round(cal, month);
        if (f->start > 1000)
            return cn_load_fail(c, CN_EINPUT, x, pn,
                                "start_date falls in round %d, after round 1000", f->start);
    }
    if ((x = member(fc, "signature_opens", pn)) == NULL)
        return CN_OK;
    if ((rc = cn_load_read_date(c, x, pn, &f->signature_opens)) != CN_OK)
        return rc;
    if (cal->start < 0)
        return cn_load_fail(c, CN_EINPUT, x, pn,
                            "a date needs a calendar: calendar = { start = \"YYYY-MM\"; }");
    return CN_OK;
}

/* `open_to`: the states that may accede ("all", codes and bloc names). */
static int read_open_to(const forum_ctx *fc)
{
    char pn[CN_DIAG_SETTING];
    const config_setting_t *x = member(fc, "open_to", pn);
    if (x == NULL)
        return CN_OK;
    return cn_load_members(fc->c, x, pn, 1, fc->c->s->n_blocs, &fc->f->open_to,
                           &fc->f->n_open_to);
}

/* An election's two candidates (states, each a member: with `draw`, an
 * always-in seat) and what a club cannot be (a drawn membership, a
 * binding type: its standard binds nobody, members come and go). */
static int read_route(const forum_ctx *fc)
{
    cn_load_ctx *c = fc->c;
    const cn_scenario *s = c->s;
    cn_forum *f = fc->f;
    char pn[CN_DIAG_SETTING];
    const config_setting_t *x = member(fc, "candidates", pn);
    int rc;
    if (f->rule != CN_RULE_ELECTION) {
        if (x != NULL)
            return cn_load_fail(c, CN_EINPUT, x, pn,
                                "candidates are for an election (rule = \"election\"), not "
                                "for rule = \"%s\"",
                                cn_schema_rule_name(f->rule));
    } else {
        if (x == NULL)
            return cn_load_fail(c, CN_EINPUT, fc->e, pn,
                                "an election needs candidates = [\"AAA\", \"BBB\"]: the two "
                                "states whose candidates stand");
        if ((rc = cn_load_members(c, x, pn, 0, 0, &f->candidates, &f->n_candidates)) != CN_OK)
            return rc;
        if (f->n_candidates != 2)
            return cn_load_fail(c, CN_EINPUT, x, pn,
                                "expected two different states' codes, got %d state%s",
                                f->n_candidates, f->n_candidates == 1 ? "" : "s");
        for (int k = 0; k < 2; k++) {
            int in = 0;
            for (int m = 0; m < f->n_members; m++)
                in |= f->members[m] == f->candidates[k];
            if (!in)
                return cn_load_fail(c, CN_EINPUT, x, pn,
                                    "candidate '%s' is not a member of forum '%s'%s",
                                    s->states[f->candidates[k]].code, f->name,
                                    f->draw_size > 0 ? " (with draw: list it in members, the "
                                                       "seats always held)"
                                                     : "");
        }
    }
    if (f->rule == CN_RULE_CLUB) {
        if (f->draw_size > 0)
            return cn_load_fail(c, CN_EINPUT, member(fc, "draw", pn), pn,
                                "a club's founders are its members: a club draws no seats");
        if (cn_output_binding(f->output))
            return cn_load_fail(c, CN_EINPUT, member(fc, "output", pn), pn,
                                "a club's standard binds nobody (members join and leave): "
                                "output = \"declaration\" or \"report\", got \"%s\"",
                                cn_schema_output_name(f->output));
    }
    return CN_OK;
}

/* Before its table: what a forum takes from forum_defaults and the
 * scenario (chair by rotation, every dimension open, no sponsor). */
static void forum_init(cn_load_ctx *c, void *elem)
{
    cn_forum *f = elem;
    cn_schema_inherit(&cn_schema_forum, f, &cn_schema_forum_defaults, &c->s->forum_defaults);
    f->chair_mode = CN_CHAIR_ROTATE;
    f->chair = -1;
    f->sponsor = -1;
    f->alternative_sponsor = -1;
    for (int d = 0; d < c->s->n_dims; d++)
        f->open[d] = 1;
}

/* After its table: what the forum refers to. */
static int forum_rest(cn_load_ctx *c, const config_setting_t *e, const char *p, int i, void *elem)
{
    (void)i;
    forum_ctx fc = {c, e, p, elem};
    int rc;
    fc.f->has_draft = config_setting_get_member(e, "draft") != NULL;
    if ((rc = check_output(&fc)) != CN_OK || (rc = read_membership(&fc)) != CN_OK
        || (rc = read_chair(&fc)) != CN_OK || (rc = read_closed(&fc)) != CN_OK
        || (rc = read_seat_counts(&fc)) != CN_OK || (rc = read_stakeholders(&fc)) != CN_OK
        || (rc = read_sponsors(&fc)) != CN_OK || (rc = read_rivals(&fc)) != CN_OK
        || (rc = read_issues(&fc)) != CN_OK || (rc = read_dates(&fc)) != CN_OK
        || (rc = read_open_to(&fc)) != CN_OK || (rc = read_route(&fc)) != CN_OK)
        return rc;
    return CN_OK;
}

static const cn_load_list_kind forums = {
    "forums",   1,          CN_MAX_FORUMS, "name", "forum name", cn_load_check_name,
    forum_init, forum_rest, NULL};

int cn_load_forums(cn_load_ctx *c, const config_setting_t *root)
{
    return cn_load_list(c, root, &forums);
}
