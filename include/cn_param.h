/* cn_param.h - a scenario's plain numeric settings by path, and private
 * copies of a scenario to change them in.
 *
 * A path such as "model.beta", "forums.OEWG.footnotes",
 * "states.USA.ideal.form", "blocs.EU.ideal.form" (every member state) or
 * "states.*.ideal_se.form" (every state) is resolved once, through the
 * settings tables (cn_schema.h), to the places it names in a loaded
 * scenario (cn_param in cn_scenario.h: an array, an element, a byte
 * offset).  Two uses:
 *   - uncertain parameters (`uncertain`): each world keeps a private copy
 *     of the scenario's arrays the paths touch (cn_param_copy) and writes
 *     the draws of an input group there, allocating nothing per
 *     replication;
 *   - sweep points (cn_sweep.h): a point whose overrides are all plain
 *     is made from a copy of the scenario as written with the values
 *     written in, instead of loading the file again.
 * A setting is plain when it is a number or a bool that the loader checks
 * by its row alone (type and range): not a reference, a list, a string
 * or an enum, not one the loader's code reads or checks against other
 * settings (CN_F_CODE, CN_F_CROSS: a forum's sessions or start, a
 * state's capability, ...), not a forum_defaults setting (inherited by
 * forums at loading) and not the run's.  Everything else is left to the
 * loader (cn_load.h), which gives the same scenario and the errors;
 * tests/test_param.c checks that a plain override written here gives the
 * scenario the loader gives.  Nothing here allocates after resolving and
 * copying; resolving and copying are for the main thread.
 */
#ifndef CN_PARAM_H
#define CN_PARAM_H

#include <stddef.h>

#include "cn_error.h"
#include "cn_scenario.h"

/* Resolves path in s.  CN_OK with *out filled (cn_param_free); CN_EINPUT
 * when the path is not a plain setting of s, with the reason in why
 * (size bytes; may be NULL); CN_ENOMEM. */
int cn_param_resolve(const cn_scenario *s, const char *path, cn_param *out, char *why,
                     size_t size);

/* Frees what p owns; a zeroed param is a no-op. */
void cn_param_free(cn_param *p);

/* A deep copy of src into dst (cn_param_free).  CN_OK or CN_ENOMEM. */
int cn_param_dup(cn_param *dst, const cn_param *src);

/* The value text of an override ("0.4", "3", "true") read as the loader
 * would read it for p's setting: 1 with *v when it is a literal of the
 * setting's type (an integer for an integer setting; true or false for a
 * bool) within its range; 0 otherwise (the loader then decides, and
 * says what is wrong). */
int cn_param_parse(const cn_param *p, const char *text, double *v);

/* 1 when v is within p's range (and an integer for an integer setting). */
int cn_param_in_range(const cn_param *p, double v);

/* v clamped to p's range (an open bound: the nearest double inside it),
 * rounded to the nearest integer for an integer setting, 0/1 for a bool. */
double cn_param_clamp(const cn_param *p, double v);

/* Writes v (as cn_param_clamp leaves it) at every place of p in s. */
void cn_param_write(cn_scenario *s, const cn_param *p, double v);

/* The value at p's first place in s. */
double cn_param_read(const cn_scenario *s, const cn_param *p);

/* The regions (1u << cn_region) p's places are in. */
unsigned cn_param_regions(const cn_param *p);

/* 1 when p and q share a place. */
int cn_param_overlap(const cn_param *p, const cn_param *q);

/* A scenario whose arrays in `regions` are private copies (the others,
 * and everything the copied elements point to, are the base's, shared
 * read-only): what cn_param_write may write into. */
typedef struct cn_param_copy_s {
    cn_scenario s;
    unsigned copied; /* regions copied */
} cn_param_copy;

/* Copies base (which must outlive the copy) with the arrays of regions.
 * CN_OK or CN_ENOMEM (c then holds nothing to free). */
int cn_param_copy_init(cn_param_copy *c, const cn_scenario *base, unsigned regions);

/* Frees the arrays the copy owns; a zeroed copy is a no-op. */
void cn_param_copy_free(cn_param_copy *c);

/* Parses an override "path = value" into its trimmed path and value
 * (copied into path and value, of sizes psize and vsize): 1, or 0 when
 * there is no '=' or a part does not fit. */
int cn_param_split(const char *set, char *path, size_t psize, char *value, size_t vsize);

#endif
