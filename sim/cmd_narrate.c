/* cmd_narrate.c - `cybernorms narrate FILE [--seed N] [--forum NAME]
 * [--format text|md] [--set KEY=VALUE]...`: one replication told in plain
 * English (cn_narrate.h).  Argument parsing and messages only. */
#include <stdio.h>
#include <string.h>

#include "cn_cli.h"
#include "cn_cmdline.h"
#include "cn_error.h"
#include "cn_narrate.h"
#include "cn_scenario.h"
#include "cn_suggest.h"

#define V "a value"
static const cn_cmdline_option options[] = {
    {"--seed", V, 0}, {"--forum", V, 0}, {"--format", V, 0}, {"--set", V, 0},
    {"--help", NULL, 0}, {"-h", NULL, 1},
};
#undef V

typedef struct {
    const char *file, *forum;
    cn_cmdline_sets sets;
    cn_narrate_format fmt;
    int help;
} narrate_args;

static int parse_args(int argc, char **argv, narrate_args *a, cn_diag *d)
{
    memset(a, 0, sizeof *a);
    a->fmt = CN_NARRATE_TEXT;
    cn_cmdline c;
    cn_cmdline_init(&c, "narrate", options, (int)(sizeof options / sizeof options[0]), 0, argc,
                    argv, 1);
    cn_cmdline_arg arg;
    int rc;
    while ((rc = cn_cmdline_next_option(&c, &arg, &a->file, &a->help, d)) == CN_OK
           && arg.text != NULL) {
        const char *v = arg.text;
        if (cn_cmdline_is(&arg, "--seed")) {
            rc = cn_cmdline_sets_seed(&c, &a->sets, v, d);
        } else if (cn_cmdline_is(&arg, "--forum")) {
            a->forum = v;
        } else if (cn_cmdline_is(&arg, "--format")) {
            if (strcmp(v, "text") == 0)
                a->fmt = CN_NARRATE_TEXT;
            else if (strcmp(v, "md") == 0)
                a->fmt = CN_NARRATE_MD;
            else
                return cn_cmdline_error(&c, d, "--format: expected 'text' or 'md', got '%s'", v);
        } else {
            rc = cn_cmdline_sets_add(&c, &a->sets, v, d);
        }
        if (rc != CN_OK)
            return rc;
    }
    if (rc == CN_OK && !a->help && a->file == NULL)
        return cn_cmdline_error(&c, d, "a scenario FILE is needed");
    return rc;
}

int cn_cmd_narrate(int argc, char **argv)
{
    narrate_args a;
    cn_diag d;
    if (parse_args(argc, argv, &a, &d) != CN_OK)
        return cn_cmdline_usage("narrate", &d);
    if (a.help) {
        fputs(cn_cmd_narrate_help, stdout);
        return 0;
    }
    cn_scenario *s;
    int rc = cn_narrate_load(a.file, a.sets.v, a.sets.n, &s, stderr);
    if (rc != CN_OK)
        return cn_exit_code(rc);
    int forum = -1;
    if (a.forum != NULL) {
        forum = cn_scenario_forum(s, a.forum);
        if (forum < 0) {
            const char *names[CN_MAX_FORUMS];
            for (int f = 0; f < s->n_forums; f++)
                names[f] = s->forums[f].name;
            const char *best = cn_suggest(a.forum, names, (size_t)s->n_forums);
            fprintf(stderr, "cybernorms: narrate: %s has no forum '%s'", a.file, a.forum);
            if (best != NULL)
                fprintf(stderr, "; did you mean '%s'?", best);
            fputc('\n', stderr);
            cn_scenario_free(s);
            return 2;
        }
    }
    rc = cn_narrate_run(s, 0, a.fmt, forum, stdout);
    int ex = cn_cmdline_fail_run("narrate", rc, a.file, s->run.generator);
    cn_scenario_free(s);
    return ex;
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
