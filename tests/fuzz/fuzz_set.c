/* fuzz_set.c - libFuzzer harness: any bytes as --set overrides (one per
 * line, at most 8) of a base scenario that has one of every section, with
 * the properties of fuzz_props.h.  Built and run by `make fuzz`. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_props.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cn_fuzz_set_one(data, size);
    return 0;
}
