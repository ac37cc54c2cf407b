/* cn_rng.h - random streams derived from (master seed, point, replication).
 *
 * A replication's generator is seeded from its coordinates alone, never
 * from the thread that runs it, so results do not depend on thread count,
 * scheduling or interruption.  Mixing is SplitMix64 (Steele, Lea and
 * Flood 2014) applied in turn to the seed, the sweep point and the
 * replication index.  Every draw of the model then goes through GSL.
 */
#ifndef CN_RNG_H
#define CN_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* The sweep-point coordinate of the input stream (uncertain positions and
 * parameters): no sweep point uses it, so inputs never share a stream
 * with a replication. */
#define CN_RNG_INPUT_POINT UINT64_C(0xFFFFFFFFFFFFFFFF)

/* The sweep-point coordinate of a design's own draws (a Morris design's
 * trajectories: cn_sweep.h), apart from every replication's and input's. */
#define CN_RNG_DESIGN_POINT UINT64_C(0xFFFFFFFFFFFFFFFE)

/* One SplitMix64 step: the finaliser applied to x + golden gamma. */
uint64_t cn_rng_splitmix64(uint64_t x);

/* The 64-bit key of replication rep at sweep point point under seed. */
uint64_t cn_rng_key(uint64_t seed, uint64_t point, uint64_t rep);

/* Seeds r for (seed, point, rep).  GSL generators take an unsigned long
 * seed; most use its low 32 bits, so the key is folded to 32 bits
 * (xor of halves) and 0 is mapped to 1 (some generators treat 0 as
 * "default seed"). */
void cn_rng_seed(gsl_rng *r, uint64_t seed, uint64_t point, uint64_t rep);

/* The GSL generator type called name ("mt19937", "ranlxd2", ...), NULL if
 * GSL has none of that name. */
const gsl_rng_type *cn_rng_type(const char *name);

#endif
