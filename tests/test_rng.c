/* test_rng.c - stream derivation from (seed, point, replication)
 * (cn_rng.h).  Known values from an independent implementation of the
 * documented formula (SplitMix64 finaliser of x + 0x9e3779b97f4a7c15). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn_rng.h"

static void test_rng_splitmix64_known_values(void **state)
{
    (void)state;
    /* the first output of SplitMix64 from state 0 (Vigna's reference) */
    assert_true(cn_rng_splitmix64(0) == 0xe220a8397b1dcdafULL);
    assert_true(cn_rng_splitmix64(1) == 0x910a2dec89025cc1ULL);
}

/* key = sm(sm(sm(seed) ^ point) ^ rep) */
static void test_rng_key_known_values(void **state)
{
    (void)state;
    assert_true(cn_rng_key(0, 0, 0) == 0x238275bc38fcbe91ULL);
    assert_true(cn_rng_key(1, 2, 3) == 0xd0734750fde362b3ULL);
    uint64_t k = cn_rng_splitmix64(cn_rng_splitmix64(cn_rng_splitmix64(1) ^ 2) ^ 3);
    assert_true(cn_rng_key(1, 2, 3) == k);
    /* point and replication are not interchangeable */
    assert_true(cn_rng_key(1, 2, 3) != cn_rng_key(1, 3, 2));
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* 4 seeds x 4 points x 100 replications: 1600 distinct keys, and distinct
 * 32-bit generator seeds too. */
static void test_rng_keys_differ(void **state)
{
    (void)state;
    enum { NS = 4, NP = 4, NR = 100, N = NS * NP * NR };
    uint64_t *k = malloc(N * sizeof *k);
    assert_non_null(k);
    int m = 0;
    for (uint64_t s = 0; s < NS; s++)
        for (uint64_t p = 0; p < NP; p++)
            for (uint64_t r = 0; r < NR; r++)
                k[m++] = cn_rng_key(s, p, r);
    qsort(k, N, sizeof *k, cmp_u64);
    for (int i = 1; i < N; i++)
        assert_true(k[i] != k[i - 1]);
    for (int i = 0; i < N; i++)
        k[i] = (k[i] ^ (k[i] >> 32)) & 0xffffffffULL;
    qsort(k, N, sizeof *k, cmp_u64);
    for (int i = 1; i < N; i++)
        assert_true(k[i] != k[i - 1]);
    free(k);
}

/* cn_rng_seed sets the generator to the key folded to 32 bits:
 * key(1,2,3) -> 0xd0734750 ^ 0xfde362b3 = 0x2d9025e3. */
static void test_rng_seed_folds_key(void **state)
{
    (void)state;
    gsl_rng *a = gsl_rng_alloc(gsl_rng_mt19937), *b = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(a);
    assert_non_null(b);
    cn_rng_seed(a, 1, 2, 3);
    gsl_rng_set(b, 0x2d9025e3UL);
    for (int k = 0; k < 10; k++)
        assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
    /* the same key twice: the same stream, whatever happened before */
    cn_rng_seed(a, 7, 0, 41);
    unsigned long first = gsl_rng_get(a);
    (void)gsl_rng_get(b);
    cn_rng_seed(b, 7, 0, 41);
    assert_int_equal(gsl_rng_get(b), first);
    /* the next replication: another stream */
    cn_rng_seed(b, 7, 0, 42);
    assert_int_not_equal(gsl_rng_get(b), first);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void test_rng_type_by_name(void **state)
{
    (void)state;
    const gsl_rng_type *t = cn_rng_type("mt19937");
    assert_non_null(t);
    assert_ptr_equal(t, gsl_rng_mt19937);
    assert_string_equal(t->name, "mt19937");
    assert_ptr_equal(cn_rng_type("ranlxd2"), gsl_rng_ranlxd2);
    assert_null(cn_rng_type("nope"));
    assert_null(cn_rng_type(""));
    assert_null(cn_rng_type(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_splitmix64_known_values),
        cmocka_unit_test(test_rng_key_known_values),
        cmocka_unit_test(test_rng_keys_differ),
        cmocka_unit_test(test_rng_seed_folds_key),
        cmocka_unit_test(test_rng_type_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
