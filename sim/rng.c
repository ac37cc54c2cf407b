/* rng.c - random streams derived from (seed, point, replication) (cn_rng.h). */
#include "cn_rng.h"

#include <string.h>

uint64_t cn_rng_splitmix64(uint64_t x)
{
    uint64_t z = x + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t cn_rng_key(uint64_t seed, uint64_t point, uint64_t rep)
{
    uint64_t k = cn_rng_splitmix64(seed);
    k = cn_rng_splitmix64(k ^ point);
    return cn_rng_splitmix64(k ^ rep);
}

void cn_rng_seed(gsl_rng *r, uint64_t seed, uint64_t point, uint64_t rep)
{
    uint64_t k = cn_rng_key(seed, point, rep);
    unsigned long s = (unsigned long)((k ^ (k >> 32)) & 0xffffffffULL);
    gsl_rng_set(r, s == 0 ? 1UL : s);
}

const gsl_rng_type *cn_rng_type(const char *name)
{
    if (name == NULL)
        return NULL;
    for (const gsl_rng_type **t = gsl_rng_types_setup(); *t != NULL; t++)
        if (strcmp((*t)->name, name) == 0)
            return *t;
    return NULL;
}
