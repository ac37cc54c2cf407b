/* test_suggest.c - edit distances checked by hand and the "did you mean"
 * thresholds (cn_suggest.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "cn_suggest.h"

static void test_suggest_distance_known(void **state)
{
    (void)state;
    assert_int_equal(cn_suggest_distance("", ""), 0);
    assert_int_equal(cn_suggest_distance("abc", ""), 3);
    assert_int_equal(cn_suggest_distance("", "ab"), 2);
    assert_int_equal(cn_suggest_distance("beta", "beta"), 0);
    /* k->s, e->i, +g */
    assert_int_equal(cn_suggest_distance("kitten", "sitting"), 3);
    /* one adjacent transposition */
    assert_int_equal(cn_suggest_distance("beat", "beta"), 1);
    assert_int_equal(cn_suggest_distance("consensu", "consensus"), 1);
    /* optimal string alignment, not full Damerau: "ca" -> "abc" is 3, not 2 */
    assert_int_equal(cn_suggest_distance("ca", "abc"), 3);
    /* f deleted, n appended */
    assert_int_equal(cn_suggest_distance("flaw", "lawn"), 2);
    /* case-sensitive */
    assert_int_equal(cn_suggest_distance("usa", "USA"), 3);
    assert_int_equal(cn_suggest_distance("USA", "USX"), 1);
}

static void test_suggest_distance_symmetric_and_long(void **state)
{
    (void)state;
    assert_int_equal(cn_suggest_distance("sitting", "kitten"), 3);
    /* longer than the stack buffer: the heap path */
    char a[301], b[302];
    memset(a, 'a', 300);
    a[300] = '\0';
    memset(b, 'a', 300);
    b[150] = 'b';
    b[300] = 'c';
    b[301] = '\0';
    assert_int_equal(cn_suggest_distance(a, b), 2);
    assert_int_equal(cn_suggest_distance(b, a), 2);
}

static void test_suggest_picks_closest(void **state)
{
    (void)state;
    const char *cands[] = {"p", "beta", "epsilon", "bloc_tie"};
    assert_string_equal(cn_suggest("beat", cands, 4), "beta");
    assert_string_equal(cn_suggest("epsilom", cands, 4), "epsilon");
    const char *states[] = {"USA", "RUS", "CHN", "BRA"};
    assert_string_equal(cn_suggest("BRX", states, 4), "BRA");
    /* case-insensitive */
    assert_string_equal(cn_suggest("usa", states, 4), "USA");
    assert_string_equal(cn_suggest("Beta", cands, 4), "beta");
}

static void test_suggest_threshold(void **state)
{
    (void)state;
    /* length 3: tolerance max(1, 3/3) = 1 */
    const char *c3[] = {"axy"};
    assert_null(cn_suggest("abc", c3, 1));
    const char *c3b[] = {"abd"};
    assert_string_equal(cn_suggest("abc", c3b, 1), "abd");
    /* length 2: tolerance max(1, 0) = 1 */
    const char *c2[] = {"EU"};
    assert_string_equal(cn_suggest("EX", c2, 1), "EU");
    const char *c2b[] = {"XY"};
    assert_null(cn_suggest("EU", c2b, 1));
    /* length 6: tolerance 2 */
    const char *c6a[] = {"abcdxy"};
    const char *c6b[] = {"abcxyz"};
    assert_string_equal(cn_suggest("abcdef", c6a, 1), "abcdxy");
    assert_null(cn_suggest("abcdef", c6b, 1));
}

static void test_suggest_ties_nulls_and_empty(void **state)
{
    (void)state;
    /* equal distance: the first wins */
    const char *tie[] = {"RUA", "RUB"};
    assert_string_equal(cn_suggest("RUS", tie, 2), "RUA");
    const char *holes[] = {NULL, "form", NULL};
    assert_string_equal(cn_suggest("from", holes, 3), "form");
    assert_null(cn_suggest("from", holes, 0));
    assert_null(cn_suggest(NULL, holes, 3));
    assert_null(cn_suggest("from", NULL, 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suggest_distance_known),
        cmocka_unit_test(test_suggest_distance_symmetric_and_long),
        cmocka_unit_test(test_suggest_picks_closest),
        cmocka_unit_test(test_suggest_threshold),
        cmocka_unit_test(test_suggest_ties_nulls_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
