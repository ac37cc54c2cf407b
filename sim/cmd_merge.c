/* cmd_merge.c - `cybernorms merge OUT A B ...`: combines the results stores
 * of a sharded sweep (cybernorms sweep --shard i/N) into one.
 *
 * Every input must hold the same program version, scenario and plan; each
 * finished point is taken from the shard that ran it (cn_store_merge).
 * Since a point's results depend only on the point, the merged store
 * gives exactly the tables of a single-machine run.
 */
#include <stdio.h>

#include "cn_cmdline.h"
#include "cn_error.h"
#include "cn_store.h"

int cn_cmd_merge(int argc, char **argv);
extern const char cn_cmd_merge_help[];

#define PROG CN_CMDLINE_PROG

const char cn_cmd_merge_help[] =
    "usage: " PROG " merge OUT.sqlite A.sqlite B.sqlite ...\n"
    "\n"
    "Combines the results stores of the shards of one sweep (" PROG " sweep\n"
    "--shard i/N) into OUT (replaced if it exists).  The shards must come\n"
    "from the same program version, scenario and plan.  Then:\n"
    "  " PROG " export OUT.sqlite --format md\n";

static const cn_cmdline_option options[] = {{"--help", NULL, 1}, {"-h", NULL, 1}};

int cn_cmd_merge(int argc, char **argv)
{
    cn_cmdline c;
    cn_cmdline_init(&c, "merge", options, 2, CN_CMDLINE_DASH, argc, argv, 1);
    cn_cmdline_arg arg;
    cn_diag d;
    int rc;
    while ((rc = cn_cmdline_next(&c, &arg, &d)) == CN_OK && arg.text != NULL) {
        if (cn_cmdline_help(&arg)) {
            fputs(cn_cmd_merge_help, stdout);
            return 0; /* main checks standard output (main.c) */
        }
    }
    if (rc == CN_OK && argc < 3)
        rc = cn_cmdline_error(&c, &d, "expected OUT and at least one store to merge");
    if (rc != CN_OK)
        return cn_cmdline_usage("merge", &d);
    cn_diag_clear(&d);
    rc = cn_store_merge(argv[1], (const char *const *)(argv + 2), argc - 2, &d);
    if (rc != CN_OK)
        return cn_cmdline_fail(NULL, rc, &d);
    cn_store *st = NULL;
    int done = 0, total = 0;
    if (cn_store_open(argv[1], 0, &st, NULL, &d) == CN_OK
        && cn_store_progress(st, &done, &total) == CN_OK)
        fprintf(stderr, "%s: %d store%s merged; %d of %d points finished%s\n", argv[1], argc - 2,
                argc - 2 == 1 ? "" : "s", done, total, done < total ? " (some shards missing?)" : "");
    cn_store_close(st);
    return 0;
}
