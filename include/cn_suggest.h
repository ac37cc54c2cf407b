/* cn_suggest.h - "did you mean" for misspelled names.
 *
 * Edit distance (Damerau-Levenshtein, optimal string alignment) between a
 * word and candidates; the closest within a tolerance is suggested.
 */
#ifndef CN_SUGGEST_H
#define CN_SUGGEST_H

#include <stddef.h>

/* Edit distance between a and b, case-sensitive. */
int cn_suggest_distance(const char *a, const char *b);

/* The candidate closest to word when its distance is at most
 * max(1, strlen(word) / 3) (case-insensitive); NULL when none is close.
 * cands may hold NULLs, which are skipped. */
const char *cn_suggest(const char *word, const char *const *cands, size_t n);

#endif
