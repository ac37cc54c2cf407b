/* test_worlddata.c - integrity of the generated world data
 * (scenarios/world/un193.cfg, core45.cfg, stakeholders.cfg): 193 states
 * with unique codes, the five UN regional groups with their real sizes,
 * every bloc member a state, every value in range, the blocs the issue
 * asks for, core45 a subset with the same values, the stakeholders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cn_load.h"

static cn_scenario *load_world(const char *include)
{
    char text[512];
    snprintf(text, sizeof text,
             "@include \"%s\"\nforums = ( { name = \"F\"; members = \"all\"; } );\n", include);
    cn_scenario *s = NULL;
    cn_diag d;
    cn_diag_clear(&d);
    int rc = cn_load_scenario_string(text, "world-test", "scenarios/world", NULL, 0, &s, &d);
    if (rc != CN_OK)
        fail_msg("%s: %s (%s line %d)", include, d.msg, d.setting, d.line);
    return s;
}

static void test_worlddata_un193_states(void **state)
{
    (void)state;
    cn_scenario *s = load_world("un193.cfg");
    assert_int_equal(s->n_states, 193);
    static const char *const groups[] = {"African", "APG", "EEG", "GRULAC", "WEOG"};
    static const int sizes[] = {54, 54, 23, 33, 29};
    int count[5] = {0}, veto = 0;
    for (int i = 0; i < s->n_states; i++) {
        const cn_state *st = &s->states[i];
        assert_int_equal(strlen(st->code), 3);
        for (int j = 0; j < i; j++) {
            assert_string_not_equal(st->code, s->states[j].code);
            assert_string_not_equal(st->name, s->states[j].name);
        }
        int g = -1;
        for (int k = 0; k < 5; k++)
            if (strcmp(st->group, groups[k]) == 0)
                g = k;
        if (g < 0)
            fail_msg("%s: group '%s'", st->code, st->group);
        count[g]++;
        for (int k = 0; k < s->n_dims; k++) {
            assert_true(st->ideal[k] >= 0.0 && st->ideal[k] <= 1.0);
            assert_true(st->salience[k] > 0.0 && st->salience[k] <= 2.0);
        }
        assert_true(st->capability > 0.0 && st->capability <= 50.0);
        assert_true(st->stubbornness >= 0.0 && st->stubbornness <= 1.0);
        /* per year, by Freedom House class (tools/derive_world.py RATIFY_BY_FIW) */
        assert_true(st->ratify == 0.095 || st->ratify == 2.2 ||
                    (strcmp(st->code, "USA") == 0 && st->ratify == 0.048));
        veto += st->veto;
    }
    for (int k = 0; k < 5; k++)
        assert_int_equal(count[k], sizes[k]);
    assert_int_equal(veto, 5);
    static const char *const p5[] = {"USA", "CHN", "RUS", "GBR", "FRA"};
    for (int k = 0; k < 5; k++)
        assert_true(s->states[cn_scenario_state(s, p5[k])].veto);
    /* the camps sit where the record puts them */
    const cn_state *us = &s->states[cn_scenario_state(s, "USA")];
    const cn_state *cn = &s->states[cn_scenario_state(s, "CHN")];
    assert_true(us->ideal[0] < 0.2 && us->ideal[1] < 0.2);
    assert_true(cn->ideal[0] > 0.8 && cn->ideal[1] > 0.8);
    assert_float_equal(us->capability, 50.0, 1e-9);
    cn_scenario_free(s);
}

static const cn_bloc *bloc(const cn_scenario *s, const char *name)
{
    int b = cn_scenario_bloc(s, name);
    if (b < 0)
        fail_msg("no bloc %s", name);
    return &s->blocs[b];
}

static int in_bloc(const cn_scenario *s, const cn_bloc *b, const char *code)
{
    int i = cn_scenario_state(s, code);
    for (int k = 0; k < b->n_members; k++)
        if (b->members[k] == i)
            return 1;
    return 0;
}

static void test_worlddata_un193_blocs(void **state)
{
    (void)state;
    cn_scenario *s = load_world("un193.cfg");
    static const struct {
        const char *name;
        int size;
    } want[] = {
        {"EU", 28},    {"NATO", 29},     {"CoE", 47},      {"SCO", 8},        {"SCO2009", 6},
        {"BRICS", 5},  {"CSTO", 6},      {"AU", 54},       {"ASEAN", 10},     {"OAS", 33},
        {"ArabLeague", 20}, {"G7", 7},   {"G20", 19},      {"P5", 5},         {"Malabo", 15},
        {"InfoSec", 12},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        const cn_bloc *b = bloc(s, want[k].name);
        if (b->n_members != want[k].size)
            fail_msg("bloc %s: %d members, want %d", want[k].name, b->n_members, want[k].size);
    }
    assert_true(bloc(s, "Budapest")->n_members >= 55);
    assert_true(bloc(s, "ParisCall")->n_members >= 50);
    assert_true(bloc(s, "LikeMinded")->n_members >= 30);
    for (int b = 0; b < s->n_blocs; b++) {
        assert_true(s->blocs[b].n_members >= 1);
        for (int k = 0; k < s->blocs[b].n_members; k++) {
            int i = s->blocs[b].members[k];
            assert_true(i >= 0 && i < s->n_states);
            for (int j = 0; j < k; j++)
                assert_int_not_equal(s->blocs[b].members[j], i);
        }
    }
    /* spot checks of hand facts */
    assert_false(in_bloc(s, bloc(s, "Budapest"), "RUS"));
    assert_false(in_bloc(s, bloc(s, "Budapest"), "IRL"));
    assert_true(in_bloc(s, bloc(s, "Budapest"), "USA"));
    assert_false(in_bloc(s, bloc(s, "OAS"), "CUB"));
    assert_true(in_bloc(s, bloc(s, "EU"), "GBR"));
    assert_true(in_bloc(s, bloc(s, "Malabo"), "MRT"));
    assert_true(in_bloc(s, bloc(s, "InfoSec"), "RUS"));
    assert_int_equal(s->blocs[cn_scenario_bloc(s, "InfoSec")].leader, cn_scenario_state(s, "RUS"));
    assert_int_equal(s->blocs[cn_scenario_bloc(s, "LikeMinded")].leader, cn_scenario_state(s, "USA"));
    assert_true(s->blocs[cn_scenario_bloc(s, "InfoSec")].camp);
    cn_scenario_free(s);
}

static void test_worlddata_core45_subset(void **state)
{
    (void)state;
    cn_scenario *full = load_world("un193.cfg");
    cn_scenario *core = load_world("core45.cfg");
    assert_int_equal(core->n_states, 45);
    for (int i = 0; i < core->n_states; i++) {
        const cn_state *c = &core->states[i];
        int j = cn_scenario_state(full, c->code);
        assert_true(j >= 0);
        const cn_state *f = &full->states[j];
        assert_string_equal(c->name, f->name);
        assert_string_equal(c->group, f->group);
        for (int k = 0; k < core->n_dims; k++)
            assert_true(c->ideal[k] == f->ideal[k]);
        assert_true(c->capability == f->capability);
        assert_true(c->ratify == f->ratify);
    }
    /* every bloc of core45 is the restriction of the same bloc of un193 */
    for (int b = 0; b < core->n_blocs; b++) {
        const cn_bloc *cb = &core->blocs[b];
        const cn_bloc *fb = bloc(full, cb->name);
        for (int k = 0; k < cb->n_members; k++)
            assert_true(in_bloc(full, fb, core->states[cb->members[k]].code));
    }
    cn_scenario_free(full);
    cn_scenario_free(core);
}

static void test_worlddata_stakeholders(void **state)
{
    (void)state;
    const char *text = "@include \"un193.cfg\"\n"
                       "stakeholders = (\n@include \"stakeholders.cfg\"\n);\n"
                       "forums = ( { name = \"F\"; members = \"all\"; } );\n";
    cn_scenario *s = NULL;
    cn_diag d;
    cn_diag_clear(&d);
    assert_int_equal(cn_load_scenario_string(text, "t", "scenarios/world", NULL, 0, &s, &d), CN_OK);
    assert_int_equal(s->n_stakeholders, 2);
    int t = cn_scenario_stakeholder(s, "TechSector"), c = cn_scenario_stakeholder(s, "CivilSociety");
    assert_true(t >= 0 && c >= 0);
    /* the Digital Geneva Convention: cybersecurity scope, binding form */
    assert_true(s->stakeholders[t].ideal[0] <= 0.35 && s->stakeholders[t].ideal[1] >= 0.75);
    assert_true(s->stakeholders[c].ideal[0] <= 0.35);
    cn_scenario_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worlddata_un193_states),
        cmocka_unit_test(test_worlddata_un193_blocs),
        cmocka_unit_test(test_worlddata_core45_subset),
        cmocka_unit_test(test_worlddata_stakeholders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
