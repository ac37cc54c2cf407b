/* test_scenario_value.c - values at --set paths in a resolved scenario
 * text: group members, named elements of lists, per-dimension arrays by
 * name and index, arrays, missing paths, a text that does not parse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn_error.h"
#include "cn_scenario_value.h"

static const char text[] =
    "name = \"x\";\n"
    "dimensions = ( { name = \"scope\"; }, { name = \"form\"; } );\n"
    "model = { beta = 24.4; rounds = 3; };\n"
    "events = { incident_rate = 0.15000000000000002; };\n"
    "states = ( { code = \"USA\"; ideal = [0.2, 0.35]; veto = true; },\n"
    "           { code = \"RUS\"; ideal = [0.8, 0.9]; } );\n"
    "forums = ( { name = \"OEWG\"; footnotes = 3; rule = \"consensus\"; members = [\"USA\", \"RUS\"];\n"
    "             closed = { scope = 0.4; }; } );\n"
    "campaigns = ( { name = \"west\"; bloc = \"LikeMinded\"; budget = 20.0; } );\n";

static void test_scenario_value_paths(void **state)
{
    (void)state;
    cn_scenario_value *v = NULL;
    assert_int_equal(cn_scenario_value_open(text, &v), CN_OK);
    char b[128];
    const struct {
        const char *path, *want;
    } cases[] = {
        {"model.beta", "24.4"},
        {"model.rounds", "3"},
        {"events.incident_rate", "0.15000000000000002"},
        {"states.USA.ideal.form", "0.35"},
        {"states.RUS.ideal.0", "0.8"},
        {"states.1.ideal.scope", "0.8"},
        {"states.USA.veto", "true"},
        {"forums.OEWG.footnotes", "3"},
        {"forums.OEWG.rule", "consensus"},
        {"forums.OEWG.members", "[USA, RUS]"},
        {"forums.OEWG.closed.scope", "0.4"},
        {"campaigns.west.budget", "20"},
        {"campaigns.LikeMinded.budget", "20"},
        {"states.USA.ideal", "[0.2, 0.35]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(cn_scenario_value_get(v, cases[i].path, b, sizeof b), CN_OK);
        if (strcmp(b, cases[i].want) != 0)
            fail_msg("%s: got '%s', expected '%s'", cases[i].path, b, cases[i].want);
    }
    const char *missing[] = {"model.gamma", "states.FRA.ideal", "states.USA.ideal.depth",
                             "forums.OEWG.footnotes.x", "states.7", ""};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        assert_int_equal(cn_scenario_value_get(v, missing[i], b, sizeof b), CN_EINPUT);
        assert_string_equal(b, "");
    }
    cn_scenario_value_close(v);
    cn_scenario_value_close(NULL);
    assert_int_equal(cn_scenario_value_open("name = ;", &v), CN_EINPUT);
    assert_null(v);
}

static void test_scenario_value_labels_from_design(void **state)
{
    (void)state;
    const char *design = "design oat\nbaseline 0\nfactors 3\n"
                         "factor 0 beta\tmodel.beta\n"
                         "factor 1 US form\tstates.USA.ideal.form\n"
                         "factor 2 nope\tmodel.nope\n"
                         "points 1\npoint 0 baseline\n";
    char **l = NULL;
    assert_int_equal(cn_scenario_value_labels(text, design, 3, &l), CN_OK);
    assert_non_null(l);
    assert_string_equal(l[0], "24.4");
    assert_string_equal(l[1], "0.35");
    assert_null(l[2]); /* unknown: the table says "as written" */
    cn_scenario_value_labels_free(l, 3);
    assert_int_equal(cn_scenario_value_labels("= bad", design, 3, &l), CN_OK);
    assert_null(l);
    cn_scenario_value_labels_free(NULL, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_value_paths),
        cmocka_unit_test(test_scenario_value_labels_from_design),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
