/* cmd_narrate.c - `cybernorms narrate FILE [--seed N] [--forum NAME]
 * [--format text|md] [--set KEY=VALUE]...`: one replication told in plain
 * English (cn_narrate.h).  Argument parsing and messages only. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cn_cli.h"
#include "cn_error.h"
#include "cn_narrate.h"
#include "cn_scenario.h"
#include "cn_suggest.h"

#define MAX_SETS 256

int cn_cmd_narrate(int argc, char **argv);
extern const char cn_cmd_narrate_help[];

static int usage_error(const char *fmt, const char *arg)
{
    fputs("cybernorms: narrate: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'cybernorms help narrate'.\n", stderr);
    return 2;
}

int cn_cmd_narrate(int argc, char **argv)
{
    const char *file = NULL, *forum_name = NULL;
    const char *sets[MAX_SETS + 1];
    int n_sets = 0;
    char seed_set[64];
    cn_narrate_format fmt = CN_NARRATE_TEXT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(cn_cmd_narrate_help, stdout);
            return 0;
        }
        if (a[0] != '-') {
            if (file != NULL)
                return usage_error("unexpected argument '%s' (one FILE only)", a);
            file = a;
            continue;
        }
        if (strcmp(a, "--seed") != 0 && strcmp(a, "--forum") != 0 && strcmp(a, "--format") != 0 &&
            strcmp(a, "--set") != 0) {
            const char *opts[] = {"--seed", "--forum", "--format", "--set", "--help"};
            const char *best = cn_suggest(a, opts, 5);
            if (best != NULL) {
                fprintf(stderr, "cybernorms: narrate: unknown option '%s'; did you mean '%s'?\n"
                                "Try 'cybernorms help narrate'.\n", a, best);
                return 2;
            }
            return usage_error("unknown option '%s'", a);
        }
        if (v == NULL)
            return usage_error("option '%s' needs a value", a);
        i++;
        if (strcmp(a, "--seed") == 0) {
            long seed;
            if (cn_cli_parse_long(v, 0, LONG_MAX, &seed) != CN_OK)
                return usage_error("--seed: expected an integer >= 0, got '%s'", v);
            snprintf(seed_set, sizeof seed_set, "run.seed=%ld", seed);
            if (n_sets < MAX_SETS)
                sets[n_sets++] = seed_set;
        } else if (strcmp(a, "--forum") == 0) {
            forum_name = v;
        } else if (strcmp(a, "--format") == 0) {
            if (strcmp(v, "text") == 0)
                fmt = CN_NARRATE_TEXT;
            else if (strcmp(v, "md") == 0)
                fmt = CN_NARRATE_MD;
            else
                return usage_error("--format: expected 'text' or 'md', got '%s'", v);
        } else {
            if (strchr(v, '=') == NULL || v[0] == '=')
                return usage_error("--set: expected KEY=VALUE (e.g. model.beta=12), got '%s'", v);
            if (n_sets >= MAX_SETS)
                return usage_error("too many --set options (at most %s)", "256");
            sets[n_sets++] = v;
        }
    }
    if (file == NULL)
        return usage_error("a scenario FILE is needed%s", "");
    cn_scenario *s;
    int rc = cn_narrate_load(file, sets, n_sets, &s, stderr);
    if (rc != CN_OK)
        return cn_exit_code(rc);
    int forum = -1;
    if (forum_name != NULL) {
        forum = cn_scenario_forum(s, forum_name);
        if (forum < 0) {
            const char *names[CN_MAX_FORUMS];
            for (int f = 0; f < s->n_forums; f++)
                names[f] = s->forums[f].name;
            const char *best = cn_suggest(forum_name, names, (size_t)s->n_forums);
            fprintf(stderr, "cybernorms: narrate: %s has no forum '%s'", file, forum_name);
            if (best != NULL)
                fprintf(stderr, "; did you mean '%s'?", best);
            fputc('\n', stderr);
            cn_scenario_free(s);
            return 2;
        }
    }
    rc = cn_narrate_run(s, 0, fmt, forum, stdout);
    if (rc == CN_EINPUT)
        fprintf(stderr, "cybernorms: %s: setting 'run.generator': unknown GSL generator '%s'\n",
                file, s->run.generator);
    else if (rc != CN_OK)
        fprintf(stderr, "cybernorms: narrate: %s\n", cn_strerror(rc));
    cn_scenario_free(s);
    return cn_exit_code(rc);
}

const char cn_cmd_narrate_help[] =
    "usage: cybernorms narrate FILE [--seed N] [--forum NAME] [--format text|md]\n"
    "                          [--set KEY=VALUE]...\n"
    "\n"
    "Tells one replication of scenario FILE (replication 0 of the seed: the\n"
    "first one `run` counts) session by session in plain English: incidents\n"
    "and attributions, chairs, the text in words, rival drafts, who supports,\n"
    "objects and abstains and why, footnotes, adoption or failure, signatures,\n"
    "ratifications, entry into force, and how positions moved.  The words for\n"
    "numbers are explained in docs/teaching.md.\n"
    "\n"
    "options:\n"
    "  --seed N           master seed (run.seed)\n"
    "  --forum NAME       tell only this forum's sessions (incidents still told)\n"
    "  --format text|md   plain text (default) or Markdown, for handouts\n"
    "  --set KEY=VALUE    override a setting (repeatable)\n";
