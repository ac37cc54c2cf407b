/* cn_scenario_value.h - the value at a --set path in a resolved scenario
 * text, for display (a what-if table shows the baseline's factor values).
 *
 * The text is what cn_output_scenario_text writes and a results store
 * keeps (every setting present).  A path is walked as `--set` addresses
 * it (cn_load.h): group members by name; lists of groups (states, blocs,
 * forums, campaigns, ...) by an element's code, name or bloc, or its
 * 0-based index; per-dimension arrays (ideal, salience, text, ...) by a
 * dimension's name or index.  Read-only; nothing is validated.
 */
#ifndef CN_SCENARIO_VALUE_H
#define CN_SCENARIO_VALUE_H

#include <stddef.h>

/* Parsed text, reused for several paths. */
typedef struct cn_scenario_value cn_scenario_value;

/* CN_OK, CN_EINPUT (the text does not parse) or CN_ENOMEM. */
int cn_scenario_value_open(const char *text, cn_scenario_value **out);
/* NULL is a no-op. */
void cn_scenario_value_close(cn_scenario_value *v);

/* The value at path as text: numbers as the shortest text that reads back
 * (integers without a point), strings unquoted, booleans true/false,
 * arrays "[a, b]" (or "(N entries)" when longer than 60 characters).
 * CN_OK, or CN_EINPUT when the path does not exist (buf is then ""). */
int cn_scenario_value_get(const cn_scenario_value *v, const char *path, char *buf, size_t size);

/* Each factor's value in the scenario as written, for a what-if table's
 * baseline_labels: the factor paths are read from a design's canonical
 * text (cn_sweep_write: "factor K NAME<TAB>PATH" lines) and looked up in
 * the resolved scenario text.  *out: n_factors malloc'd strings, NULL
 * where a value is unknown (free with cn_scenario_value_labels_free);
 * NULL when nothing could be read.  CN_OK or CN_ENOMEM. */
int cn_scenario_value_labels(const char *scenario_text, const char *design_text, int n_factors,
                             char ***out);
void cn_scenario_value_labels_free(char **labels, int n_factors);

#endif
