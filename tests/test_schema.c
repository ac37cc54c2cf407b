/* test_schema.c - the settings tables (cn_schema.h): every parameter of
 * the parameter groups has a row (a member added to cn_model_params
 * without one fails here), the defaults and the inheritance of forum
 * settings, the enum names, and the documentation: docs/scenarios.md names
 * every setting of the tables in its section. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cn_schema.h"

/* Bytes of a struct a row covers at its offset. */
static size_t row_size(const cn_field *f)
{
    switch (f->type) {
    case CN_T_INT:
    case CN_T_BOOL:
    case CN_T_ENUM: return sizeof(int);
    case CN_T_LONG: return sizeof(long);
    case CN_T_ULONG: return sizeof(unsigned long);
    case CN_T_FLOAT: return sizeof(double);
    case CN_T_STR: return f->size;
    case CN_T_DIMS: return CN_MAX_DIMS * sizeof(double);
    case CN_T_LIST: return (f->flags & CN_F_PTR) ? sizeof(void *) : 0;
    case CN_T_REF: return f->ref == CN_REF_DATE ? sizeof(int) : 0;
    default: return 0;
    }
}

/* Marks bytes [off, off + n) of seen as the row's. */
static void mark(unsigned char *seen, size_t size, const cn_field *f, size_t off, size_t n)
{
    assert_true(off + n <= size);
    for (size_t b = off; b < off + n; b++) {
        if (seen[b])
            fail_msg("row '%s' overlaps another", f->name);
        seen[b] = 1;
    }
}

/* The rows of sc cover a struct of `size` bytes with no overlap, leaving
 * at most the trailing padding (less than `align` bytes).  A list at a
 * pointer covers the pointer and its int count. */
static void assert_covers(const cn_schema *sc, size_t size, size_t align)
{
    unsigned char *seen = calloc(size, 1);
    assert_non_null(seen);
    size_t covered = 0;
    for (int k = 0; k < sc->n; k++) {
        const cn_field *f = &sc->f[k];
        size_t n = row_size(f);
        assert_true(n > 0);
        mark(seen, size, f, f->off, n);
        covered += n;
        if (f->type == CN_T_LIST) {
            mark(seen, size, f, f->off2, sizeof(int));
            covered += sizeof(int);
        }
    }
    free(seen);
    if (!(covered <= size && size - covered < align))
        fail_msg("the rows cover %zu of %zu bytes: a member has no row", covered, size);
}

static void test_schema_parameter_groups_fully_described(void **state)
{
    (void)state;
    assert_covers(&cn_schema_model, sizeof(cn_model_params), 1);
    /* the scripted events: a pointer, then its int count */
    assert_covers(&cn_schema_events, sizeof(cn_events_params), sizeof(void *));
    assert_covers(&cn_schema_forum_defaults, sizeof(cn_forum_defaults), 1);
    assert_covers(&cn_schema_run, sizeof(cn_run_params), sizeof(long));
    assert_covers(&cn_schema_calendar, sizeof(cn_calendar), 1);
}

static void test_schema_defaults_and_inherit(void **state)
{
    (void)state;
    cn_state st;
    memset(&st, 0x5a, sizeof st);
    st.code[0] = '\0';
    cn_schema_defaults(&cn_schema_state, &st);
    assert_true(st.capability == 1.0 && st.stubbornness == 0.7 && st.ratify == 0.3);
    assert_int_equal(st.veto, 0);
    assert_string_equal(st.group, "");
    assert_string_equal(st.region, "");
    for (int d = 0; d < CN_MAX_DIMS; d++)
        assert_true(st.salience[d] == 1.0 && st.ideal[d] == 0.0 && st.ideal_se[d] == 0.0);
    assert_int_equal(st.code[0], '\0'); /* no default: left alone */

    cn_forum_defaults fd;
    cn_schema_defaults(&cn_schema_forum_defaults, &fd);
    assert_int_equal(fd.sessions, 6);
    assert_true(fd.chair_bias == 0.109);
    fd.sessions = 9;
    fd.sigma = 0.125;
    cn_forum fo;
    memset(&fo, 0, sizeof fo);
    cn_schema_defaults(&cn_schema_forum, &fo);
    assert_int_equal(fo.sessions, 0); /* inherited, not defaulted */
    assert_true(fo.ratify_scale == 1.0);
    assert_int_equal(fo.start, 1);
    assert_int_equal(fo.rule, CN_RULE_CONSENSUS);
    assert_int_equal(fo.signature_opens, -1); /* a date's default: none */
    assert_true(fo.accession_scale == 1.0 && fo.force_delay == 0);
    cn_calendar cal;
    memset(&cal, 0x5a, sizeof cal);
    cn_schema_defaults(&cn_schema_calendar, &cal);
    assert_int_equal(cal.start, -1);
    assert_int_equal(cal.round_months, 4);
    assert_int_equal(cal.end, -1);
    cn_schema_inherit(&cn_schema_forum, &fo, &cn_schema_forum_defaults, &fd);
    assert_int_equal(fo.sessions, 9);
    assert_true(fo.sigma == 0.125);
    assert_true(fo.chair_step == 0.256);
    assert_int_equal(fo.council_quota, 9);
}

static void test_schema_names_and_find(void **state)
{
    (void)state;
    assert_string_equal(cn_schema_rule_name(CN_RULE_CONSENSUS), "consensus");
    assert_string_equal(cn_schema_rule_name(CN_RULE_UNANIMITY), "unanimity");
    assert_string_equal(cn_schema_rule_name(CN_RULE_MAJORITY), "majority");
    assert_string_equal(cn_schema_rule_name(CN_RULE_TWO_THIRDS), "two_thirds");
    assert_string_equal(cn_schema_rule_name(CN_RULE_COUNCIL), "council");
    assert_string_equal(cn_schema_rule_name((cn_rule)99), "unknown");
    assert_string_equal(cn_schema_output_name(CN_OUTPUT_REPORT), "report");
    assert_string_equal(cn_schema_output_name(CN_OUTPUT_TREATY), "treaty");
    assert_string_equal(cn_schema_output_name(CN_OUTPUT_DECISION), "decision");
    assert_string_equal(cn_schema_output_name(CN_OUTPUT_DECLARATION), "declaration");
    assert_string_equal(cn_schema_output_name(CN_OUTPUT_RESOLUTION), "resolution");
    assert_string_equal(cn_schema_output_name((cn_output_kind)7), "unknown");
    const cn_field *f = cn_schema_find(&cn_schema_model, "beta");
    assert_non_null(f);
    assert_int_equal(f->off, offsetof(cn_model_params, beta));
    assert_null(cn_schema_find(&cn_schema_model, "beat"));
    assert_null(cn_schema_find(NULL, "beta"));
    assert_null(cn_schema_find(&cn_schema_model, NULL));
}

/* The text of section "## name" of doc (to the next "## "), or NULL. */
static char *section(const char *doc, const char *name)
{
    char head[96];
    snprintf(head, sizeof head, "\n## %s\n", name);
    const char *a = strstr(doc, head);
    if (a == NULL)
        return NULL;
    a += strlen(head);
    const char *b = strstr(a, "\n## ");
    size_t n = b != NULL ? (size_t)(b - a) : strlen(a);
    char *s = malloc(n + 1);
    assert_non_null(s);
    memcpy(s, a, n);
    s[n] = '\0';
    return s;
}

/* Counts the settings of sc (path prefix) that section `sec` of doc does
 * not name as `name`, printing each; groups and lists inside a section
 * are documented in that section. */
static int undocumented(const char *doc, const char *sec, const cn_schema *sc,
                        const char *prefix, int *checked)
{
    char *text = section(doc, sec);
    if (text == NULL) {
        print_error("docs/scenarios.md: no section '## %s'\n", sec);
        return 1;
    }
    int missing = 0;
    for (int k = 0; k < sc->n; k++) {
        const cn_field *f = &sc->f[k];
        char quoted[80], path[160];
        snprintf(quoted, sizeof quoted, "`%s`", f->name);
        snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] != '\0' ? "." : "", f->name);
        (*checked)++;
        if (strstr(text, quoted) == NULL) {
            print_error("docs/scenarios.md, section '%s': %s (%s) is not named\n", sec, quoted,
                        path);
            missing++;
        }
        if (f->sub != NULL && strcmp(sec, "Top level") != 0)
            missing += undocumented(doc, sec, f->sub, path, checked);
    }
    free(text);
    return missing;
}

/* Every setting of the tables is named in docs/scenarios.md: the top
 * level in "## Top level", every setting of a group or list in the
 * section named after it (with the settings of its own lists). */
static void test_schema_docs_name_every_setting(void **state)
{
    (void)state;
    FILE *f = fopen("docs/scenarios.md", "r");
    assert_non_null(f);
    char *doc = NULL;
    size_t cap = 0;
    ssize_t n = getdelim(&doc, &cap, '\0', f);
    fclose(f);
    assert_true(n > 0);
    int checked = 0;
    int missing = undocumented(doc, "Top level", &cn_schema_root, "", &checked);
    for (int k = 0; k < cn_schema_root.n; k++) {
        const cn_field *r = &cn_schema_root.f[k];
        if (r->sub != NULL)
            missing += undocumented(doc, r->name, r->sub, r->name, &checked);
    }
    free(doc);
    if (checked < 120)
        fail_msg("only %d settings checked", checked);
    print_message("%d settings documented\n", checked);
    if (missing > 0)
        fail_msg("%d of %d settings are not documented", missing, checked);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_parameter_groups_fully_described),
        cmocka_unit_test(test_schema_defaults_and_inherit),
        cmocka_unit_test(test_schema_names_and_find),
        cmocka_unit_test(test_schema_docs_name_every_setting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
