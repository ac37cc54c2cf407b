/* cn_metrics.h - what one replication reports (docs/model.md, section 12).
 *
 * A replication fills one row of doubles; the layout names every column.
 * Per forum f (scenario order) there is a block of CN_FM_TEXT + n_dims
 * columns at layout.forum_base[f]; the world block starts at world_base.
 * A value that does not apply (session of adoption when nothing was
 * adopted) is NaN: writers print it empty, statistics skip it.
 */
#ifndef CN_METRICS_H
#define CN_METRICS_H

#include "cn_scenario.h"

typedef enum {
    CN_METRIC_BINARY = 0, /* 0 or 1: reported as a probability with a 95% interval */
    CN_METRIC_COUNT,      /* an integer in [lo, hi] */
    CN_METRIC_REAL        /* a real in [lo, hi] */
} cn_metric_kind;

typedef struct {
    char name[80];        /* column name, e.g. "OEWG.adopted", "world.dgc" */
    char desc[160];       /* one line for tables and docs */
    cn_metric_kind kind;
    double lo, hi;        /* range of the values */
} cn_metric;

/* Offsets inside a forum's block. */
enum {
    CN_FM_ADOPTED = 0, /* binary: text adopted */
    CN_FM_SESSION,     /* count: session of adoption (NaN if none) */
    CN_FM_STRENGTH,    /* real: strength of the adopted text (NaN if none) */
    CN_FM_FOOTNOTES,   /* count: footnotes in the adopted text (NaN if none) */
    CN_FM_SUPPORTERS,  /* count: supporters at the deciding session (last session if none adopted) */
    CN_FM_OBJECTORS,
    CN_FM_ABSTAINERS,
    CN_FM_PARTIES,     /* count: nonbinding text: members that did not object; treaty:
                        * ratifications and accessions; decision: every state once adopted */
    CN_FM_IN_FORCE,    /* binary: nonbinding text or decision adopted, or treaty in force */
    CN_FM_SIGNATORIES, /* count: treaty: states that signed (NaN for other types) */
    CN_FM_BOUND,       /* count: states for which it is binding and in force (legal status) */
    CN_FM_TEXT         /* real x n_dims: the text, per dimension (last draft if none adopted) */
};

/* Offsets inside the world block. */
enum {
    CN_WM_POLARISATION = 0, /* capability-weighted distance between the poles' centres */
    CN_WM_FRAGMENTATION,    /* number of incompatible regime clusters in force */
    CN_WM_BINDING,          /* binary: some binding instrument negotiated here is in force
                             * (legal status: a treaty in force, a Council decision) */
    CN_WM_DGC,              /* binary: Digital Geneva Convention reached */
    CN_WM_INCIDENTS,        /* count: major incidents */
    CN_WM_ATTRIBUTIONS,     /* count: public attributions */
    CN_WM_COUNT
};

/* The route columns (docs/model.md 15), after the world block, only in a
 * scenario with a club (so no other scenario's columns change): for
 * every forum F, `F.undecided` (states in no camp bloc standing behind F
 * at the end: a club's members, a nonbinding text's or a decision's
 * parties, a treaty's parties in force, an election's voters for the
 * first candidate); for every club, `F.joined` and `F.left` (joins and
 * departures over the run) and `F.market` (the members' share of the
 * world economy at the end). */
enum { CN_CM_JOINED = 0, CN_CM_LEFT, CN_CM_MARKET, CN_CM_COUNT };

typedef struct {
    int n;                            /* number of columns */
    cn_metric *m;                     /* n columns, owned */
    int forum_block;                  /* CN_FM_TEXT + n_dims */
    int forum_base[CN_MAX_FORUMS];
    int world_base;
    int undecided_col[CN_MAX_FORUMS]; /* column of F.undecided, -1: none */
    int club_col[CN_MAX_FORUMS];      /* first of a club's CN_CM_* columns, -1: none */
    int input_col;                    /* first input.* column (the uncertain parameters'
                                       * draws, run.uncertainty all), -1: none */
    int n_inputs;
} cn_metrics_layout;

/* Builds the layout for a scenario.  CN_OK or CN_ENOMEM. */
int cn_metrics_layout_init(const cn_scenario *s, cn_metrics_layout *L);
void cn_metrics_layout_free(cn_metrics_layout *L);

/* Index of a column by name, -1 if none. */
int cn_metrics_find(const cn_metrics_layout *L, const char *name);

/* The metric registry: how a column is shown to a reader.  Keyed by the
 * layout's names ("AHC.adopted", "AHC.text.form", "world.binding"):
 *   label     "AHC: P(adopted)", "AHC: supporters (states)",
 *             "AHC text: form (0-1)", "P(binding treaty in force)"
 *   group     "AHC" or "" (world), name "P(adopted)", unit "states"
 *   decimals  of an estimate and its interval: probabilities 3, counts
 *             of states 0 (counted as counts), small counts 1;
 *   delta_decimals  of a difference (a mean of paired differences, so a
 *             count's difference keeps one decimal).
 * A name the registry does not know keeps its name as label and gets
 * decimals by kind (binary 3, count 1, real 3). */
typedef struct {
    char label[192];
    char group[CN_NAME_LEN + 8];
    char name[128];
    char unit[32];
    int decimals;
    int delta_decimals;
    int probability;      /* 1: shown as a probability */
} cn_metric_info;

void cn_metrics_info(const char *name, cn_metric_kind kind, cn_metric_info *out);

#endif
