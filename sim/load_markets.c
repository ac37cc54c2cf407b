/* load_markets.c - the `markets` section of a scenario: the size of each
 * state's economy, the pull of a club's market (cn_load_internal.h,
 * cn_club.h, docs/model.md section 15).
 *
 *   markets = { gdp = ( { code = "USA"; value = 20500.0; }, ... ); };
 *
 * Each element is read by its table (cn_schema_market_row); here: the
 * state it names, each state at most once, and a list that sums to more
 * than zero.  The sizes are kept as one number per state
 * (cn_scenario.market, 0 for a state not listed).  The shipped list is
 * scenarios/world/markets.cfg (data/gdp_ppp_2018.csv, docs/data.md).
 */
#include "cn_load_internal.h"

#include <stdlib.h>
#include <string.h>

int cn_load_markets(cn_load_ctx *c, const config_setting_t *root)
{
    cn_scenario *s = c->s;
    const config_setting_t *g = config_setting_get_member(root, "markets");
    if (g == NULL)
        return CN_OK;
    int rc = cn_load_read_group(c, g, "markets", &cn_schema_markets, NULL);
    if (rc != CN_OK)
        return rc;
    const config_setting_t *st = config_setting_get_member(g, "gdp");
    int n = 0;
    if ((rc = cn_load_check_list(c, st, "markets.gdp", "market size", "market sizes", 1,
                                 CN_MAX_STATES, &n))
        != CN_OK)
        return rc;
    s->market = calloc((size_t)s->n_states, sizeof *s->market);
    unsigned char *seen = calloc((size_t)s->n_states, 1);
    if (s->market == NULL || seen == NULL) {
        free(seen);
        return cn_load_nomem(c);
    }
    double total = 0.0;
    for (int k = 0; k < n && rc == CN_OK; k++) {
        const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
        char p[CN_DIAG_SETTING], pc[CN_DIAG_SETTING];
        cn_load_elem_path(p, sizeof p, "markets.gdp", e, "code", k);
        cn_market_row row = {0, 0.0};
        if ((rc = cn_load_read_group(c, e, p, &cn_schema_market_row, &row)) != CN_OK)
            break;
        cn_load_join(pc, sizeof pc, p, "code");
        const config_setting_t *code = config_setting_get_member(e, "code");
        if ((rc = cn_load_state_ref(c, code, pc, &row.code)) != CN_OK)
            break;
        if (seen[row.code]) {
            rc = cn_load_fail(c, CN_EINPUT, code, pc, "state '%s' has two market sizes",
                              s->states[row.code].code);
            break;
        }
        seen[row.code] = 1;
        s->market[row.code] = row.value;
        total += row.value;
    }
    free(seen);
    if (rc == CN_OK && !(total > 0.0))
        rc = cn_load_fail(c, CN_EINPUT, st, "markets.gdp",
                          "the market sizes sum to 0: at least one state needs a positive value");
    return rc;
}
