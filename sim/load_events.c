/* load_events.c - incidents: the scripted events (`events.script`) and
 * the public record (`attribution`) of a scenario (cn_load_internal.h,
 * docs/model.md section 4).
 *
 * Both refer to states and blocs, so they are read after the forums (a
 * scripted event's round is checked against the run's last, which the
 * forums and the calendar fix).  Each element is read by its table
 * (cn_schema_script, cn_schema_offense, cn_schema_attributor); here: the
 * states it names, and what a table cannot say (a victim for an incident,
 * never the perpetrator among the attributors, an attribution's need for
 * attributors).  The public record is kept as one number per state:
 * cn_scenario.offense and attr_since.
 */
#include "cn_load_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* `attribution.offense`: each listed state's weight as a perpetrator,
 * states not listed 0. */
static int read_offense(cn_load_ctx *c, const config_setting_t *st)
{
    cn_scenario *s = c->s;
    int n = 0, rc = cn_load_check_list(c, st, "attribution.offense", "offense weight",
                                       "offense weights", 0, CN_MAX_STATES, &n);
    if (rc != CN_OK)
        return rc;
    s->offense = calloc((size_t)s->n_states, sizeof *s->offense);
    if (s->offense == NULL)
        return cn_load_nomem(c);
    for (int k = 0; k < n; k++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
        char p[CN_DIAG_SETTING], pc[CN_DIAG_SETTING];
        cn_load_elem_path(p, sizeof p, "attribution.offense", e, "code", k);
        cn_offense_row row = {0, 0.0};
        if ((rc = cn_load_read_group(c, e, p, &cn_schema_offense, &row)) != CN_OK)
            return rc;
        cn_load_join(pc, sizeof pc, p, "code");
        if ((rc = cn_load_state_ref(c, config_setting_get_member(e, "code"), pc, &row.code))
            != CN_OK)
            return rc;
        s->offense[row.code] = row.weight;
    }
    return CN_OK;
}

/* `attribution.attributors`: the states that attribute publicly, each
 * from the decimal year `since` (a state in several entries: the
 * earliest); states not listed never do (INFINITY). */
static int read_attributors(cn_load_ctx *c, const config_setting_t *st)
{
    cn_scenario *s = c->s;
    int n = 0, rc = cn_load_check_list(c, st, "attribution.attributors", "attributor",
                                       "attributors", 0, CN_MAX_STATES, &n);
    if (rc != CN_OK)
        return rc;
    s->attr_since = malloc((size_t)s->n_states * sizeof *s->attr_since);
    if (s->attr_since == NULL)
        return cn_load_nomem(c);
    for (int i = 0; i < s->n_states; i++)
        s->attr_since[i] = INFINITY;
    for (int k = 0; k < n; k++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
        char p[CN_DIAG_SETTING], pm[CN_DIAG_SETTING];
        cn_load_elem_path(p, sizeof p, "attribution.attributors", e, "name", k);
        cn_attributor_row row;
        memset(&row, 0, sizeof row);
        if ((rc = cn_load_read_group(c, e, p, &cn_schema_attributor, &row)) != CN_OK)
            return rc;
        const config_setting_t *m = config_setting_get_member(e, "members");
        cn_load_join(pm, sizeof pm, p, "members");
        if ((rc = cn_load_members(c, m, pm, 0, s->n_blocs, &row.members, &row.n_members))
            != CN_OK)
            return rc;
        if (row.n_members == 0)
            return cn_load_fail(c, CN_EINPUT, m, pm, "expected at least one state or bloc");
        for (int t = 0; t < row.n_members; t++)
            if (row.since < s->attr_since[row.members[t]])
                s->attr_since[row.members[t]] = row.since;
        free(row.members);
    }
    return CN_OK;
}

int cn_load_attribution(cn_load_ctx *c, const config_setting_t *root)
{
    const config_setting_t *g = config_setting_get_member(root, "attribution"), *st;
    if (g == NULL)
        return CN_OK;
    int rc = cn_load_read_group(c, g, "attribution", &cn_schema_attribution, NULL);
    if (rc != CN_OK)
        return rc;
    if ((st = config_setting_get_member(g, "offense")) != NULL
        && (rc = read_offense(c, st)) != CN_OK)
        return rc;
    if ((st = config_setting_get_member(g, "attributors")) != NULL
        && (rc = read_attributors(c, st)) != CN_OK)
        return rc;
    return CN_OK;
}

/* One scripted event x (element e at path p) after its table: its round
 * at most the run's last (rounds), its perpetrator, its victim (required
 * for an incident, not the perpetrator) and its attributors (never the
 * perpetrator; an attribution needs some). */
static int script_event(cn_load_ctx *c, const config_setting_t *e, const char *p, int rounds,
                        cn_script_event *x)
{
    const cn_scenario *s = c->s;
    char pn[CN_DIAG_SETTING];
    const config_setting_t *m;
    int rc;
    if (x->round > rounds) {
        cn_load_join(pn, sizeof pn, p, "round");
        return cn_load_fail(c, CN_EINPUT, config_setting_get_member(e, "round"), pn,
                            "round %d is after the run's last round (%d); 0 switches the event off",
                            x->round, rounds);
    }
    cn_load_join(pn, sizeof pn, p, "perpetrator");
    if ((rc = cn_load_state_ref(c, config_setting_get_member(e, "perpetrator"), pn,
                                &x->perpetrator))
        != CN_OK)
        return rc;
    if ((m = config_setting_get_member(e, "victim")) != NULL) {
        cn_load_join(pn, sizeof pn, p, "victim");
        if ((rc = cn_load_state_ref(c, m, pn, &x->victim)) != CN_OK)
            return rc;
        if (x->victim == x->perpetrator)
            return cn_load_fail(c, CN_EINPUT, m, pn, "the victim is the perpetrator ('%s')",
                                s->states[x->victim].code);
    } else if (x->kind == CN_EVENT_INCIDENT) {
        return cn_load_missing(c, e, p, "victim");
    }
    if ((m = config_setting_get_member(e, "attributors")) != NULL) {
        cn_load_join(pn, sizeof pn, p, "attributors");
        if ((rc = cn_load_members(c, m, pn, 0, s->n_blocs, &x->attributors, &x->n_attributors))
            != CN_OK)
            return rc;
        for (int t = 0; t < x->n_attributors; t++)
            if (x->attributors[t] == x->perpetrator)
                return cn_load_fail(c, CN_EINPUT, m, pn,
                                    "the perpetrator '%s' cannot attribute its own incident",
                                    s->states[x->perpetrator].code);
    }
    if (x->kind == CN_EVENT_ATTRIBUTION && x->n_attributors == 0)
        return cn_load_fail(c, CN_EINPUT, e, p,
                            "an attribution needs attributors (the states that name the "
                            "perpetrator)");
    return CN_OK;
}

int cn_load_script(cn_load_ctx *c, const config_setting_t *root)
{
    cn_events_params *ev = &c->s->events;
    const config_setting_t *g = config_setting_get_member(root, "events");
    const config_setting_t *st = g != NULL ? config_setting_get_member(g, "script") : NULL;
    if (st == NULL)
        return CN_OK;
    int n = 0, rc = cn_load_check_list(c, st, "events.script", "scripted event",
                                       "scripted events", 0, CN_MAX_SCRIPT, &n);
    if (rc != CN_OK || n == 0)
        return rc;
    ev->script = calloc((size_t)n, sizeof *ev->script);
    if (ev->script == NULL)
        return cn_load_nomem(c);
    ev->n_script = n; /* freed with the scenario */
    int rounds = cn_scenario_rounds(c->s);
    for (int k = 0; k < n; k++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
        cn_script_event *x = &ev->script[k];
        char p[CN_DIAG_SETTING];
        cn_schema_defaults(&cn_schema_script, x);
        x->victim = -1;
        cn_load_elem_path(p, sizeof p, "events.script", e, "name", k);
        if ((rc = cn_load_read_group(c, e, p, &cn_schema_script, x)) != CN_OK
            || (rc = script_event(c, e, p, rounds, x)) != CN_OK)
            return rc;
    }
    return CN_OK;
}
