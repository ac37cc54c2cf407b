/* main.c - the cybernorms executable: process-wide set-up, then the CLI
 * (cn_cli.h). */
#include <gsl/gsl_errno.h>

#include "cn_cli.h"

int main(int argc, char **argv)
{
    /* Once, before any thread starts: GSL reports errors by status. */
    gsl_set_error_handler_off();
    return cn_cli_main(argc, argv);
}
