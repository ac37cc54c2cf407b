/* cmd_merge.c - `cybernorms merge [--force] OUT A B ...`: combines the
 * results stores of a sharded sweep (cybernorms sweep --shard i/N) into
 * one.
 *
 * Every input must hold the same program version, scenario and plan; each
 * finished point is taken from the shard that ran it (cn_store_merge).
 * Since a point's results depend only on the point, the merged store
 * gives exactly the tables of a single-machine run.  The inputs are only
 * read.  OUT is built beside itself and renamed into place; an existing
 * OUT must be a results store and is replaced only with --force (so
 * `merge c0.sqlite c1.sqlite`, OUT forgotten, cannot destroy c0), never
 * when it is one of the inputs (same file, whatever the name); OUT is
 * locked while it is written (cn_outfile.h).
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cn_cli.h"
#include "cn_cmdline.h"
#include "cn_error.h"
#include "cn_outfile.h"
#include "cn_store.h"

#define PROG CN_CMDLINE_PROG
#define MERGE_PATH 4096

const char cn_cmd_merge_help[] =
    "usage: " PROG " merge [--force] OUT.sqlite A.sqlite B.sqlite ...\n"
    "\n"
    "Combines the results stores of the shards of one sweep (" PROG " sweep\n"
    "--shard i/N) into a new store OUT, the first name.  The shards must come\n"
    "from the same program version, scenario and plan; they are only read.\n"
    "An existing OUT (a results store, not one of the inputs) is replaced\n"
    "only with --force.  Then:\n"
    "  " PROG " export OUT.sqlite --format md\n";

static const cn_cmdline_option options[] = {
    {"--force", NULL, 0}, {"--help", NULL, 1}, {"-h", NULL, 1}};

/* OUT may be written: new, or (with --force) a results store that is none
 * of the inputs.  Exit status on refusal. */
static int check_out(const char *out, const char *const *in, int n_in, int force)
{
    cn_diag d;
    cn_diag_clear(&d);
    for (int i = 0; i < n_in; i++)
        if (strcmp(in[i], out) == 0 || cn_outfile_same(in[i], out))
            return cn_cmdline_fail(NULL, cn_diag_set(&d, out, 0, NULL,
                                                     "merge: the output is also an input (the "
                                                     "same file as '%s'): name a new file as "
                                                     "OUT, first", in[i]),
                                   &d);
    struct stat sb;
    if (lstat(out, &sb) != 0)
        return 0; /* a new file */
    int rc = cn_outfile_check(out, CN_OUTFILE_FORCE | CN_OUTFILE_STORE, NULL, 0, &d);
    if (rc != CN_OK)
        return cn_cmdline_fail(NULL, rc, &d);
    if (sb.st_size == 0)
        return 0; /* empty: nothing to lose */
    cn_store *st = NULL;
    if (cn_store_open(out, CN_STORE_READ, &st, NULL, &d) != CN_OK) {
        fprintf(stderr, PROG ": %s exists and is not a results store (%s); not replaced: name a "
                        "new file as OUT\n", out, d.msg);
        return 2;
    }
    cn_store_close(st);
    if (!force) {
        fprintf(stderr, PROG ": %s already exists (a results store): merge writes its first "
                        "name, OUT, and would replace it with the merge of the %d other "
                        "store%s; to merge it too, name a new OUT first (" PROG " merge "
                        "all.sqlite %s ...); to replace it, add --force\n",
                out, n_in, n_in == 1 ? "" : "s", out);
        return 2;
    }
    return 0;
}

int cn_cmd_merge(int argc, char **argv)
{
    cn_cmdline c;
    cn_cmdline_init(&c, "merge", options, (int)(sizeof options / sizeof options[0]),
                    CN_CMDLINE_DASH, argc, argv, 1);
    cn_cmdline_arg arg;
    cn_diag d;
    int rc, force = 0, n = 0;
    const char *names[MERGE_PATH / 16] = {NULL};
    while ((rc = cn_cmdline_next(&c, &arg, &d)) == CN_OK && arg.text != NULL) {
        if (cn_cmdline_help(&arg)) {
            fputs(cn_cmd_merge_help, stdout);
            return 0; /* main checks standard output (main.c) */
        }
        if (arg.option != NULL)
            force = 1;
        else if (n < (int)(sizeof names / sizeof names[0]))
            names[n++] = arg.text;
        else
            rc = cn_cmdline_error(&c, &d, "too many stores (at most %d)",
                                  (int)(sizeof names / sizeof names[0]) - 1);
        if (rc != CN_OK)
            break;
    }
    if (rc == CN_OK && n < 2)
        rc = cn_cmdline_error(&c, &d, "expected OUT and at least one store to merge");
    if (rc != CN_OK || names[0] == NULL) /* names[0] is set when rc is CN_OK: for the analyser */
        return cn_cmdline_usage("merge", &d);
    const char *out = names[0];
    const char *const *in = names + 1;
    int n_in = n - 1;
    int ex = check_out(out, in, n_in, force);
    if (ex != 0)
        return ex;
    char lock_path[MERGE_PATH];
    snprintf(lock_path, sizeof lock_path, "%s.lock", out);
    cn_outfile_lock *lock = NULL;
    cn_diag_clear(&d);
    if ((rc = cn_outfile_lock_take(lock_path, out, &lock, &d)) != CN_OK)
        return cn_cmdline_fail(NULL, rc, &d);
    rc = cn_store_merge(out, in, n_in, &d);
    if (rc != CN_OK) {
        cn_outfile_lock_release(lock);
        return cn_cmdline_fail(NULL, rc, &d);
    }
    cn_store *st = NULL;
    int done = 0, total = 0;
    if (cn_store_open(out, CN_STORE_READ, &st, NULL, &d) == CN_OK
        && cn_store_progress(st, &done, &total) == CN_OK)
        fprintf(stderr, "%s: %d store%s merged; %d of %d points finished%s\n", out, n_in,
                n_in == 1 ? "" : "s", done, total, done < total ? " (some shards missing?)" : "");
    cn_store_close(st);
    cn_outfile_lock_release(lock);
    return 0;
}
