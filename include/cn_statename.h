/* cn_statename.h - a state named by a person: its code or its name.
 *
 * Students and teachers know "Brazil" and "South Africa", not BRA and
 * ZAF.  A name is matched, case-insensitively and ignoring a leading
 * "the ", against codes and names: an exact code or name, else a name
 * that starts with the text when only one does ("south af").  When
 * nothing matches, up to CN_STATENAME_SUGGEST states are suggested: those
 * at the smallest edit distance (cn_suggest.h) from a code or a name
 * (within max(1, length / 3)), a code with the same letters first ("ZFA"
 * is ZAF before BFA), then by scenario order.  Nothing is allocated; no
 * state: safe from any thread.
 */
#ifndef CN_STATENAME_H
#define CN_STATENAME_H

#include <stddef.h>

#include "cn_scenario.h"

#define CN_STATENAME_SUGGEST 3

/* The index of the state called text, or -1 (then, if suggest is not
 * NULL, up to CN_STATENAME_SUGGEST indices go to suggest, -1 after the
 * last). */
int cn_statename_find(const cn_scenario *s, const char *text, int *suggest);

/* "South Africa (ZAF)" into buf; returns buf. */
const char *cn_statename_label(const cn_scenario *s, int i, char *buf, size_t size);

/* "; did you mean South Africa (ZAF) or Burkina Faso (BFA)?" for the
 * suggestions of cn_statename_find into buf ("" when none); returns buf. */
const char *cn_statename_hint(const cn_scenario *s, const int *suggest, char *buf, size_t size);

#endif
