/* main.c - the cybernorms executable: process-wide set-up, then the CLI
 * (cn_cli.h), then a last check that standard output was written. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cn_cli.h"
#include "cn_cmdline.h"

int main(int argc, char **argv)
{
    /* Once, before any thread starts: GSL reports errors by status, and
     * fatal signals remove temporary files before the process ends. */
    gsl_set_error_handler_off();
    if (cn_cmdline_signals_install() != CN_OK) {
        fprintf(stderr, "cybernorms: cannot install signal handlers: %s\n", strerror(errno));
        return 1;
    }
    int ex = cn_cli_main(argc, argv);
    /* Every command: output that did not reach standard output (a full
     * disk, a closed pipe) is a failure, whatever the command said; it is
     * said here unless the command failed already (and said why). */
    errno = 0;
    if ((fflush(stdout) != 0 || ferror(stdout)) && ex == 0) {
        int e = errno;
        fprintf(stderr, "cybernorms: cannot write to standard output: %s\n",
                e != 0 ? strerror(e) : "a write failed");
        ex = 1;
    }
    return ex;
}
