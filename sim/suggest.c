/* suggest.c - "did you mean" for misspelled names (cn_suggest.h).
 *
 * Optimal-string-alignment distance (Levenshtein plus transposition of two
 * adjacent characters), computed with three rolling rows.  Short words use
 * a stack buffer; long ones allocate, and if that fails the distance falls
 * back to an upper bound (the longer length), which only weakens a
 * suggestion.  No state: safe from any thread.
 */
#include "cn_suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define CN_SUGGEST_STACK 128

static int fold(int c, int icase)
{
    return icase ? tolower((unsigned char)c) : (unsigned char)c;
}

static int min3(int a, int b, int c)
{
    int m = a < b ? a : b;
    return m < c ? m : c;
}

static int osa_distance(const char *a, const char *b, int icase)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la == 0)
        return (int)lb;
    if (lb == 0)
        return (int)la;
    int stack[3 * CN_SUGGEST_STACK];
    int *buf = stack;
    if (lb + 1 > CN_SUGGEST_STACK) {
        buf = malloc(3 * (lb + 1) * sizeof *buf);
        if (buf == NULL)
            return (int)(la > lb ? la : lb);
    }
    int *prev2 = buf, *prev = buf + (lb + 1), *cur = buf + 2 * (lb + 1);
    for (size_t j = 0; j <= lb; j++)
        prev2[j] = prev[j] = (int)j; /* prev2 is first read at i = 2 */
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        int ca = fold(a[i - 1], icase);
        for (size_t j = 1; j <= lb; j++) {
            int cb = fold(b[j - 1], icase);
            int cost = ca == cb ? 0 : 1;
            int d = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && ca == fold(b[j - 2], icase) && fold(a[i - 2], icase) == cb
                && prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
        }
        int *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    int d = prev[lb];
    if (buf != stack)
        free(buf);
    return d;
}

int cn_suggest_distance(const char *a, const char *b)
{
    return osa_distance(a, b, 0);
}

const char *cn_suggest(const char *word, const char *const *cands, size_t n)
{
    if (word == NULL || cands == NULL)
        return NULL;
    int limit = (int)(strlen(word) / 3);
    if (limit < 1)
        limit = 1;
    const char *best = NULL;
    int best_d = limit + 1;
    for (size_t k = 0; k < n; k++) {
        if (cands[k] == NULL)
            continue;
        int d = osa_distance(word, cands[k], 1);
        if (d < best_d) {
            best_d = d;
            best = cands[k];
        }
    }
    return best;
}
