/* cn_load.h - reads a scenario file (libconfig) into a validated cn_scenario.
 *
 * This is the one reader of scenario files: every group, `expected` (a
 * history scenario's real outcome) and `sweep` (a sweep design) included,
 * is checked here against the settings tables (cn_schema.h) and stored in
 * the scenario; the rest of the program takes a cn_scenario, never a path
 * to parse.
 *
 * Validation is strict: an unknown setting, a wrong type, a value out of
 * range, or a reference to a state, bloc, stakeholder or dimension that
 * does not exist fills diag with FILE:LINE, the setting's path and what
 * was expected (with a did-you-mean for misspelled names) and returns
 * CN_EINPUT.  Size limits (CN_MAX_* in cn_scenario.h) return CN_ELIMIT
 * with the same kind of diagnostic.
 *
 * Overrides: each entry of sets is "path=value" as given to --set, e.g.
 *   model.beta=12   forums.OEWG.footnotes=3   states.BRA.ideal.form=0.4
 *   run.seed=7      forums.GGE.members=["USA","RUS"]
 * Lists of named groups (states, blocs, forums, stakeholders, campaigns,
 * regimes, dimensions) are addressed by their code or name; per-dimension
 * arrays (ideal, salience, status_quo, fixed, open, text) by dimension
 * name or index.  Overrides are applied to the parsed file before
 * validation, so they are validated like the file itself; an error in one
 * names it as file "--set", line = its position (1-based) among the sets.
 */
#ifndef CN_LOAD_H
#define CN_LOAD_H

#include "cn_error.h"
#include "cn_scenario.h"

/* Loads path (relative @include paths resolve against its folder), applies
 * the overrides, validates.  On success *out is a new scenario (free with
 * cn_scenario_free); on failure *out is NULL and diag says why. */
int cn_load_scenario(const char *path, const char *const *sets, int n_sets,
                     cn_scenario **out, cn_diag *diag);

/* Same, from a string (tests); name stands for the file name in messages,
 * includes resolve against include_dir (may be NULL). */
int cn_load_scenario_string(const char *text, const char *name, const char *include_dir,
                            const char *const *sets, int n_sets,
                            cn_scenario **out, cn_diag *diag);

#endif
