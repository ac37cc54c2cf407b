/* test_metrics.c - the columns of a replication's row: count, order,
 * names, kinds and ranges for a scenario built by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn_error.h"
#include "cn_metrics.h"
#include "cn_stats.h"

/* Two forums (a consensus report, a majority treaty), dims scope and
 * form, 4 states, 1 regime. */
typedef struct {
    cn_scenario s;
    cn_forum forum[2];
} test_scenario;

static test_scenario *scenario_new(void)
{
    test_scenario *t = calloc(1, sizeof *t);
    assert_non_null(t);
    t->s.n_dims = 2;
    snprintf(t->s.dims[0].name, CN_NAME_LEN, "scope");
    snprintf(t->s.dims[1].name, CN_NAME_LEN, "form");
    t->s.n_states = 4;
    t->s.n_regimes = 1;
    t->s.n_forums = 2;
    t->s.forums = t->forum;
    snprintf(t->forum[0].name, CN_NAME_LEN, "OEWG");
    t->forum[0].rule = CN_RULE_CONSENSUS;
    t->forum[0].output = CN_OUTPUT_REPORT;
    t->forum[0].sessions = 5;
    snprintf(t->forum[1].name, CN_NAME_LEN, "AHC");
    t->forum[1].rule = CN_RULE_MAJORITY;
    t->forum[1].output = CN_OUTPUT_TREATY;
    t->forum[1].sessions = 3;
    return t;
}

static void test_metrics_layout_shape(void **state)
{
    (void)state;
    test_scenario *t = scenario_new();
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(&t->s, &L), CN_OK);
    assert_int_equal(L.forum_block, CN_FM_TEXT + 2); /* 13 */
    assert_int_equal(L.forum_block, 13);
    assert_int_equal(L.forum_base[0], 0);
    assert_int_equal(L.forum_base[1], 13);
    assert_int_equal(L.world_base, 26);
    assert_int_equal(L.n, 26 + CN_WM_COUNT); /* 32 */
    assert_string_equal(L.m[0].name, "OEWG.adopted");
    assert_string_equal(L.m[CN_FM_IN_FORCE].name, "OEWG.in_force");
    assert_string_equal(L.m[CN_FM_SIGNATORIES].name, "OEWG.signatories");
    assert_string_equal(L.m[CN_FM_BOUND].name, "OEWG.bound");
    assert_string_equal(L.m[CN_FM_TEXT].name, "OEWG.text.scope");
    assert_string_equal(L.m[13 + CN_FM_SESSION].name, "AHC.session");
    assert_string_equal(L.m[13 + CN_FM_TEXT + 1].name, "AHC.text.form");
    assert_string_equal(L.m[26 + CN_WM_POLARISATION].name, "world.polarisation");
    assert_string_equal(L.m[26 + CN_WM_DGC].name, "world.dgc");
    assert_string_equal(L.m[31].name, "world.attributions");
    /* names are unique */
    for (int i = 0; i < L.n; i++)
        for (int j = i + 1; j < L.n; j++)
            assert_string_not_equal(L.m[i].name, L.m[j].name);
    cn_metrics_layout_free(&L);
    free(t);
}

static void test_metrics_layout_kinds_and_ranges(void **state)
{
    (void)state;
    test_scenario *t = scenario_new();
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(&t->s, &L), CN_OK);
    const cn_metric *f0 = L.m, *f1 = L.m + 13, *w = L.m + 26;
    assert_int_equal(f0[CN_FM_ADOPTED].kind, CN_METRIC_BINARY);
    assert_int_equal(f0[CN_FM_SESSION].kind, CN_METRIC_COUNT);
    assert_true(f0[CN_FM_SESSION].lo == 1 && f0[CN_FM_SESSION].hi == 5);
    assert_true(f1[CN_FM_SESSION].lo == 1 && f1[CN_FM_SESSION].hi == 3);
    assert_int_equal(f0[CN_FM_STRENGTH].kind, CN_METRIC_REAL);
    assert_true(f0[CN_FM_STRENGTH].lo == 0 && f0[CN_FM_STRENGTH].hi == 1);
    assert_int_equal(f0[CN_FM_SUPPORTERS].kind, CN_METRIC_COUNT);
    assert_true(f0[CN_FM_SUPPORTERS].hi == 4); /* n_states */
    assert_int_equal(f0[CN_FM_IN_FORCE].kind, CN_METRIC_BINARY);
    assert_int_equal(f0[CN_FM_TEXT + 1].kind, CN_METRIC_REAL);
    /* report and treaty forums describe parties and in_force differently */
    assert_string_equal(f0[CN_FM_PARTIES].desc, "members that did not object");
    assert_string_equal(f1[CN_FM_PARTIES].desc, "states that ratified or acceded");
    assert_string_equal(f0[CN_FM_IN_FORCE].desc, "report adopted");
    assert_string_equal(f1[CN_FM_IN_FORCE].desc, "treaty in force");
    assert_int_equal(f1[CN_FM_SIGNATORIES].kind, CN_METRIC_COUNT);
    assert_int_equal(f1[CN_FM_BOUND].kind, CN_METRIC_COUNT);
    assert_true(f1[CN_FM_BOUND].hi == 4); /* n_states */
    /* polarisation: at most the diagonal of [0,1]^2 */
    assert_int_equal(w[CN_WM_POLARISATION].kind, CN_METRIC_REAL);
    assert_true(fabs(w[CN_WM_POLARISATION].hi - sqrt(2.0)) < 1e-15);
    /* fragmentation: at most one cluster per regime and forum: 1 + 2 */
    assert_int_equal(w[CN_WM_FRAGMENTATION].kind, CN_METRIC_COUNT);
    assert_true(w[CN_WM_FRAGMENTATION].hi == 3);
    assert_int_equal(w[CN_WM_BINDING].kind, CN_METRIC_BINARY);
    assert_int_equal(w[CN_WM_DGC].kind, CN_METRIC_BINARY);
    assert_int_equal(w[CN_WM_INCIDENTS].kind, CN_METRIC_COUNT);
    cn_metrics_layout_free(&L);
    free(t);
}

/* Every count column fits the statistics' exact one-bin-per-integer
 * histograms, even with the largest state count. */
static void test_metrics_count_ranges_fit_exact_bins(void **state)
{
    (void)state;
    test_scenario *t = scenario_new();
    t->s.n_states = CN_MAX_STATES;
    t->forum[0].sessions = CN_MAX_SESSIONS;
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(&t->s, &L), CN_OK);
    for (int j = 0; j < L.n; j++) {
        if (L.m[j].kind != CN_METRIC_COUNT)
            continue;
        double bins = L.m[j].hi - L.m[j].lo + 1;
        if (bins > CN_STATS_MAX_COUNT_BINS)
            fail_msg("%s: %g integers > %d bins", L.m[j].name, bins, CN_STATS_MAX_COUNT_BINS);
    }
    cn_metrics_layout_free(&L);
    free(t);
}

static void test_metrics_long_names_not_truncated(void **state)
{
    (void)state;
    test_scenario *t = scenario_new();
    /* 31 characters each: the longest names a scenario can have */
    snprintf(t->forum[0].name, CN_NAME_LEN, "%s", "Forum_with_a_name_of_31_chars__");
    snprintf(t->s.dims[1].name, CN_NAME_LEN, "%s", "dimension_name_of_31_characters");
    assert_int_equal(strlen(t->forum[0].name), 31);
    assert_int_equal(strlen(t->s.dims[1].name), 31);
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(&t->s, &L), CN_OK);
    assert_string_equal(L.m[CN_FM_TEXT + 1].name,
                        "Forum_with_a_name_of_31_chars__.text.dimension_name_of_31_characters");
    assert_string_equal(L.m[CN_FM_TEXT + 1].desc,
                        "text on dimension_name_of_31_characters (adopted, else last draft)");
    cn_metrics_layout_free(&L);
    free(t);
}

static void test_metrics_find(void **state)
{
    (void)state;
    test_scenario *t = scenario_new();
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(&t->s, &L), CN_OK);
    assert_int_equal(cn_metrics_find(&L, "OEWG.adopted"), 0);
    assert_int_equal(cn_metrics_find(&L, "AHC.in_force"), 13 + CN_FM_IN_FORCE);
    assert_int_equal(cn_metrics_find(&L, "AHC.bound"), 13 + CN_FM_BOUND);
    assert_int_equal(cn_metrics_find(&L, "world.dgc"), 26 + CN_WM_DGC);
    assert_int_equal(cn_metrics_find(&L, "world.nothing"), -1);
    assert_int_equal(cn_metrics_find(&L, "OEWG"), -1);
    assert_int_equal(cn_metrics_find(&L, ""), -1);
    cn_metrics_layout_free(&L);
    assert_null(L.m);
    assert_int_equal(L.n, 0);
    cn_metrics_layout_free(&L); /* twice is harmless */
    cn_metrics_layout_free(NULL);
    free(t);
}

static void test_metrics_one_dimension(void **state)
{
    (void)state;
    test_scenario *t = scenario_new();
    t->s.n_dims = 1;
    t->s.n_forums = 1;
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(&t->s, &L), CN_OK);
    assert_int_equal(L.n, CN_FM_TEXT + 1 + CN_WM_COUNT);
    assert_true(L.m[L.world_base + CN_WM_POLARISATION].hi == 1.0);
    cn_metrics_layout_free(&L);
    free(t);
}


/* The registry: labels, units and decimals keyed by the layout's names. */
static void test_metrics_registry(void **state)
{
    (void)state;
    cn_metric_info mi;
    cn_metrics_info("AHC.text.form", CN_METRIC_REAL, &mi);
    assert_string_equal(mi.label, "AHC text: form (0-1)");
    assert_int_equal(mi.decimals, 3);
    cn_metrics_info("AHC.adopted", CN_METRIC_BINARY, &mi);
    assert_string_equal(mi.label, "AHC: P(adopted)");
    assert_string_equal(mi.group, "AHC");
    assert_true(mi.probability && mi.decimals == 3 && mi.delta_decimals == 3);
    cn_metrics_info("GA.supporters", CN_METRIC_COUNT, &mi);
    assert_string_equal(mi.label, "GA: supporters (states)");
    assert_string_equal(mi.unit, "states");
    assert_int_equal(mi.decimals, 0); /* counted as counts */
    assert_int_equal(mi.delta_decimals, 1);
    cn_metrics_info("world.binding", CN_METRIC_BINARY, &mi);
    assert_string_equal(mi.label, "P(binding instrument in force)");
    cn_metrics_info("world.fragmentation", CN_METRIC_COUNT, &mi);
    assert_string_equal(mi.label, "fragmentation (regime clusters)");
    /* unknown names keep their name, decimals by kind */
    cn_metrics_info("x.unknown", CN_METRIC_COUNT, &mi);
    assert_string_equal(mi.label, "x.unknown");
    assert_int_equal(mi.decimals, 1);
    cn_metrics_info("plain", CN_METRIC_BINARY, &mi);
    assert_true(mi.probability && mi.decimals == 3);
    /* every column of a layout has a registry entry (no raw name left) */
    test_scenario *t = scenario_new();
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(&t->s, &L), CN_OK);
    for (int j = 0; j < L.n; j++) {
        cn_metrics_info(L.m[j].name, L.m[j].kind, &mi);
        assert_true(strcmp(mi.label, L.m[j].name) != 0);
        assert_int_equal(mi.probability, L.m[j].kind == CN_METRIC_BINARY);
    }
    cn_metrics_layout_free(&L);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_layout_shape),
        cmocka_unit_test(test_metrics_layout_kinds_and_ranges),
        cmocka_unit_test(test_metrics_count_ranges_fit_exact_bins),
        cmocka_unit_test(test_metrics_long_names_not_truncated),
        cmocka_unit_test(test_metrics_find),
        cmocka_unit_test(test_metrics_one_dimension),
        cmocka_unit_test(test_metrics_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
