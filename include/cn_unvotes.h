/* cn_unvotes.h - the real votes of the UN members on the two December 2018
 * resolutions (A/RES/73/27, Russia-led, created the OEWG; A/RES/73/266,
 * US-led, the sixth GGE), for the classroom's role briefs.  The table is
 * generated at build time (tools/gen_unvotes.sh) from
 * data/unga_ict_votes_2005_2018.csv; nothing reads data/ at run time. */
#ifndef CN_UNVOTES_H
#define CN_UNVOTES_H

typedef struct {
    const char *code;  /* ISO 3166 alpha-3 */
    const char *v27;   /* "yes", "no", "abstain" or "absent" */
    const char *v266;
} cn_unvote;

extern const cn_unvote cn_unvotes[];
extern const int cn_n_unvotes;

#endif
