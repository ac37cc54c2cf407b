/* cmd_merge.c - `cybernorms merge OUT A B ...`: combines the results stores
 * of a sharded sweep (cybernorms sweep --shard i/N) into one.
 *
 * Every input must hold the same program version, scenario and plan; each
 * finished point is taken from the shard that ran it (cn_store_merge).
 * Since a point's results depend only on the point, the merged store
 * gives exactly the tables of a single-machine run.
 */
#include <stdio.h>
#include <string.h>

#include "cn_error.h"
#include "cn_store.h"

int cn_cmd_merge(int argc, char **argv);
extern const char cn_cmd_merge_help[];

#define PROG "cybernorms"

const char cn_cmd_merge_help[] =
    "usage: " PROG " merge OUT.sqlite A.sqlite B.sqlite ...\n"
    "\n"
    "Combines the results stores of the shards of one sweep (" PROG " sweep\n"
    "--shard i/N) into OUT (replaced if it exists).  The shards must come\n"
    "from the same program version, scenario and plan.  Then:\n"
    "  " PROG " export OUT.sqlite --format md\n";

int cn_cmd_merge(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(cn_cmd_merge_help, stdout);
            return fflush(stdout) == 0 ? 0 : 1;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, PROG ": merge: unknown option '%s'\nTry '" PROG " help merge'.\n",
                    argv[i]);
            return 2;
        }
    }
    if (argc < 3) {
        fprintf(stderr, PROG ": merge: expected OUT and at least one store to merge\n"
                        "Try '" PROG " help merge'.\n");
        return 2;
    }
    cn_diag d;
    cn_diag_clear(&d);
    int rc = cn_store_merge(argv[1], (const char *const *)(argv + 2), argc - 2, &d);
    if (rc != CN_OK) {
        char buf[CN_DIAG_FILE + CN_DIAG_SETTING + CN_DIAG_MSG + 32];
        fprintf(stderr, PROG ": %s\n",
                d.msg[0] != '\0' ? cn_diag_format(&d, buf, sizeof buf) : cn_strerror(rc));
        return cn_exit_code(rc);
    }
    cn_store *st = NULL;
    int done = 0, total = 0;
    if (cn_store_open(argv[1], 0, &st, NULL, &d) == CN_OK
        && cn_store_progress(st, &done, &total) == CN_OK)
        fprintf(stderr, "%s: %d store%s merged; %d of %d points finished%s\n", argv[1], argc - 2,
                argc - 2 == 1 ? "" : "s", done, total, done < total ? " (some shards missing?)" : "");
    cn_store_close(st);
    return 0;
}
