/* load_expected.c - the `expected` group of a history scenario: the real
 * outcome the backtest scores (cn_load_internal.h, docs/backtest.md).
 *
 * Its scalars are read by the table (cn_schema_expected); here: the
 * scored forums (`forum` or `forums`, default every forum), the three vote
 * counts (all or none), the states' real votes (each state at most once),
 * the baseline's earlier vote (`previous` with its previous_* voters, both
 * or neither),
 * a real episode's need for `adopted` or `in_force`, and a treaty's dated
 * counts (`signatories_at`, `parties_at`) and `in_force_date`, on the
 * scenario's calendar.
 */
#include "cn_load_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static int add_forum(cn_load_ctx *c, const config_setting_t *st, const char *path, cn_expected *ex)
{
    const cn_scenario *s = c->s;
    char g[96];
    if (config_setting_type(st) != CONFIG_TYPE_STRING)
        return cn_load_fail(c, CN_EINPUT, st, path, "expected a forum name, got %s",
                            cn_load_got(g, sizeof g, st));
    const char *name = config_setting_get_string(st);
    int f = cn_scenario_forum(s, name);
    if (f < 0)
        return cn_load_unknown(c, st, path, "forum", name, s->forums, sizeof(cn_forum),
                               offsetof(cn_forum, name), NULL, s->n_forums);
    for (int k = 0; k < ex->n_forums; k++)
        if (ex->forums[k] == f)
            return cn_load_fail(c, CN_EINPUT, st, path, "forum '%s' is listed twice", name);
    ex->forums[ex->n_forums++] = f;
    return CN_OK;
}

/* `forum = "X";` or `forums = ["X", "Y"];`, default every forum. */
static int read_forums(cn_load_ctx *c, const config_setting_t *g, cn_expected *ex)
{
    const cn_scenario *s = c->s;
    const config_setting_t *one = config_setting_get_member(g, "forum");
    const config_setting_t *many = config_setting_get_member(g, "forums");
    char g2[96];
    int rc;
    if (one != NULL && many != NULL)
        return cn_load_fail(c, CN_EINPUT, many, "expected.forums",
                            "give either forum or forums, not both");
    if (one != NULL && (rc = add_forum(c, one, "expected.forum", ex)) != CN_OK)
        return rc;
    if (many != NULL) {
        int t = config_setting_type(many);
        if ((t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) || config_setting_length(many) < 1)
            return cn_load_fail(c, CN_EINPUT, many, "expected.forums",
                                "expected an array of forum names, got %s",
                                cn_load_got(g2, sizeof g2, many));
        for (int k = 0; k < config_setting_length(many); k++)
            if ((rc = add_forum(c, config_setting_get_elem(many, (unsigned)k), "expected.forums",
                                ex))
                != CN_OK)
                return rc;
    }
    if (ex->n_forums == 0) {
        ex->n_forums = s->n_forums;
        for (int f = 0; f < s->n_forums; f++)
            ex->forums[f] = f;
    }
    return CN_OK;
}

/* The states listed under key vote `vote`, into votes (real_vote or
 * prev_vote). */
static int read_voters_into(cn_load_ctx *c, const config_setting_t *g, const char *key, int vote,
                            unsigned char *votes)
{
    const config_setting_t *st = config_setting_get_member(g, key);
    if (st == NULL)
        return CN_OK;
    char path[CN_DIAG_SETTING], gb[96];
    cn_load_join(path, sizeof path, "expected", key);
    int t = config_setting_type(st);
    if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
        return cn_load_fail(c, CN_EINPUT, st, path, "expected an array of state codes, got %s",
                            cn_load_got(gb, sizeof gb, st));
    for (int k = 0; k < config_setting_length(st); k++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
        int i = 0, rc = cn_load_state_ref(c, e, path, &i);
        if (rc != CN_OK)
            return rc;
        if (votes[i] != CN_REAL_NONE)
            return cn_load_fail(c, CN_EINPUT, e, path, "state '%s' has two %s votes",
                                c->s->states[i].code,
                                strncmp(key, "previous", 8) == 0 ? "previous" : "real");
        votes[i] = (unsigned char)vote;
    }
    return CN_OK;
}

static int read_voters(cn_load_ctx *c, const config_setting_t *g, const char *key, int vote,
                       cn_expected *ex)
{
    return read_voters_into(c, g, key, vote, ex->real_vote);
}

/* The baseline's earlier vote: `previous` names it and the previous_*
 * lists give its voters; one without the other is refused. */
static int check_previous(cn_load_ctx *c, const config_setting_t *g, const cn_expected *ex)
{
    static const char *const keys[] = {"previous_yes_states", "previous_no_states",
                                       "previous_abstain_states"};
    int voters = 0;
    for (int i = 0; i < c->s->n_states; i++)
        voters += ex->prev_vote[i] != CN_REAL_NONE;
    const config_setting_t *name = config_setting_get_member(g, "previous");
    if (ex->previous[0] != '\0' && voters == 0)
        return cn_load_fail(c, CN_EINPUT, name, "expected.previous",
                            "the earlier vote '%s' needs its voters: previous_yes_states, "
                            "previous_no_states or previous_abstain_states (at least one state)",
                            ex->previous);
    if (ex->previous[0] == '\0' && voters > 0)
        for (int k = 0; k < 3; k++) {
            const config_setting_t *st = config_setting_get_member(g, keys[k]);
            if (st != NULL && config_setting_length(st) > 0) {
                char path[CN_DIAG_SETTING];
                cn_load_join(path, sizeof path, "expected", keys[k]);
                return cn_load_fail(c, CN_EINPUT, st, path,
                                    "the voters of an earlier vote need its name: previous = "
                                    "\"...\"; (a non-empty string)");
            }
        }
    return CN_OK;
}

/* A date of `expected` (key, at path) on the scenario's calendar. */
static int read_date(cn_load_ctx *c, const config_setting_t *st, const char *path, int *month)
{
    int rc = cn_load_read_date(c, st, path, month);
    if (rc == CN_OK && c->s->calendar.start < 0)
        return cn_load_fail(c, CN_EINPUT, st, path,
                            "a date needs the scenario's calendar (calendar = { start = "
                            "\"YYYY-MM\"; })");
    return rc;
}

/* One dated count: a group { date = "YYYY-MM"; signatories|parties = N; }. */
static int read_count(cn_load_ctx *c, const config_setting_t *e, const char *path,
                      int signatories, cn_expected *ex)
{
    const char *what = signatories ? "signatories" : "parties";
    char g[96], pn[CN_DIAG_SETTING];
    if (!config_setting_is_group(e))
        return cn_load_fail(c, CN_EINPUT, e, path,
                            "expected a group { date = \"YYYY-MM\"; %s = N; }, got %s", what,
                            cn_load_got(g, sizeof g, e));
    for (int j = 0; j < config_setting_length(e); j++) {
        const char *nm = config_setting_name(config_setting_get_elem(e, (unsigned)j));
        if (strcmp(nm, "date") != 0 && strcmp(nm, what) != 0) {
            cn_load_join(pn, sizeof pn, path, nm);
            return cn_load_fail(c, CN_EINPUT, config_setting_get_elem(e, (unsigned)j), pn,
                                "unknown setting '%s' (expected date and %s)", nm, what);
        }
    }
    if (ex->n_counts >= CN_EXPECTED_MAX_COUNTS)
        return cn_load_fail(c, CN_ELIMIT, e, path, "too many dated counts: at most %d",
                            CN_EXPECTED_MAX_COUNTS);
    cn_expected_count *x = &ex->counts[ex->n_counts];
    const config_setting_t *d = config_setting_get_member(e, "date");
    const config_setting_t *n = config_setting_get_member(e, what);
    if (d == NULL)
        return cn_load_missing(c, e, path, "date");
    if (n == NULL)
        return cn_load_missing(c, e, path, what);
    static const cn_field count = {.name = "count", .type = CN_T_INT, .lo = 0,
                                   .hi = CN_MAX_STATES};
    int rc;
    cn_load_join(pn, sizeof pn, path, "date");
    if ((rc = read_date(c, d, pn, &x->month)) != CN_OK)
        return rc;
    cn_load_join(pn, sizeof pn, path, what);
    if ((rc = cn_load_read_field(c, n, pn, &count, &x->real)) != CN_OK)
        return rc;
    x->signatories = signatories;
    x->held_out = x->month > CN_EXPECTED_EVIDENCE_END;
    ex->n_counts++;
    return CN_OK;
}

/* `signatories_at` or `parties_at`: a dated count or a list of them. */
static int read_counts(cn_load_ctx *c, const config_setting_t *g, const char *key,
                       int signatories, cn_expected *ex)
{
    const config_setting_t *st = config_setting_get_member(g, key);
    if (st == NULL)
        return CN_OK;
    char path[CN_DIAG_SETTING], pe[CN_DIAG_SETTING];
    cn_load_join(path, sizeof path, "expected", key);
    if (config_setting_type(st) != CONFIG_TYPE_LIST)
        return read_count(c, st, path, signatories, ex);
    for (int k = 0; k < config_setting_length(st); k++) {
        char idx[16];
        snprintf(idx, sizeof idx, "%d", k);
        cn_load_join(pe, sizeof pe, path, idx);
        int rc = read_count(c, config_setting_get_elem(st, (unsigned)k), pe, signatories, ex);
        if (rc != CN_OK)
            return rc;
    }
    return CN_OK;
}

int cn_load_expected(cn_load_ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *g = config_setting_get_member(root, "expected");
    if (g == NULL)
        return CN_OK;
    cn_expected *ex = calloc(1, sizeof *ex);
    if (ex == NULL)
        return cn_load_nomem(c);
    s->expected = ex; /* freed with the scenario */
    if ((ex->real_vote = calloc((size_t)s->n_states, 1)) == NULL
        || (ex->prev_vote = calloc((size_t)s->n_states, 1)) == NULL)
        return cn_load_nomem(c);
    cn_schema_defaults(&cn_schema_expected, ex);
    int rc = cn_load_read_group(c, g, "expected", &cn_schema_expected, ex);
    if (rc != CN_OK || (rc = read_forums(c, g, ex)) != CN_OK)
        return rc;
    ex->has_adopted = config_setting_get_member(g, "adopted") != NULL;
    ex->has_in_force = config_setting_get_member(g, "in_force") != NULL;
    ex->has_parties = config_setting_get_member(g, "parties") != NULL;
    int votes = (config_setting_get_member(g, "yes") != NULL)
                + (config_setting_get_member(g, "no") != NULL)
                + (config_setting_get_member(g, "abstain") != NULL);
    if (votes != 0 && votes != 3)
        return cn_load_fail(c, CN_EINPUT, g, "expected",
                            "give all three of yes, no and abstain, or none");
    ex->has_votes = votes == 3;
    if ((rc = read_voters(c, g, "yes_states", CN_REAL_YES, ex)) != CN_OK
        || (rc = read_voters(c, g, "no_states", CN_REAL_NO, ex)) != CN_OK
        || (rc = read_voters(c, g, "abstain_states", CN_REAL_ABSTAIN, ex)) != CN_OK
        || (rc = read_voters_into(c, g, "previous_yes_states", CN_REAL_YES, ex->prev_vote))
               != CN_OK
        || (rc = read_voters_into(c, g, "previous_no_states", CN_REAL_NO, ex->prev_vote))
               != CN_OK
        || (rc = read_voters_into(c, g, "previous_abstain_states", CN_REAL_ABSTAIN,
                                  ex->prev_vote))
               != CN_OK
        || (rc = check_previous(c, g, ex)) != CN_OK)
        return rc;
    if (!ex->hypothetical && !ex->has_adopted && !ex->has_in_force)
        return cn_load_fail(c, CN_EINPUT, g, "expected",
                            "a real episode needs adopted or in_force");
    if ((rc = read_counts(c, g, "signatories_at", 1, ex)) != CN_OK
        || (rc = read_counts(c, g, "parties_at", 0, ex)) != CN_OK)
        return rc;
    /* an election (the first scored forum): a secret ballot, totals only */
    const cn_forum *f0 = &s->forums[ex->forums[0]];
    if (f0->rule == CN_RULE_ELECTION) {
        static const char *const per_state[] = {"yes_states", "no_states", "abstain_states",
                                                "previous_yes_states", "previous_no_states",
                                                "previous_abstain_states"};
        for (int k = 0; k < 6; k++) {
            const config_setting_t *v = config_setting_get_member(g, per_state[k]);
            char pv[CN_DIAG_SETTING];
            cn_load_join(pv, sizeof pv, "expected", per_state[k]);
            if (v != NULL && config_setting_length(v) > 0) /* the writer's [] is fine */
                return cn_load_fail(c, CN_EINPUT, v, pv,
                                    "forum '%s' is an election by secret ballot: no state's "
                                    "vote is known; give the totals only (yes = votes for %s's "
                                    "candidate, no = for %s's, abstain)",
                                    f0->name, s->states[f0->candidates[0]].code,
                                    s->states[f0->candidates[1]].code);
        }
        ex->election = 1;
        for (int k = 0; k < 2; k++)
            snprintf(ex->candidates[k], sizeof ex->candidates[k], "%s",
                     s->states[f0->candidates[k]].code);
    }
    const config_setting_t *fd = config_setting_get_member(g, "in_force_date");
    if (fd != NULL) {
        if ((rc = read_date(c, fd, "expected.in_force_date", &ex->force_date)) != CN_OK)
            return rc;
        ex->has_force_date = 1;
    }
    return CN_OK;
}
