/* fuzz_load.c - libFuzzer harness: any bytes as a scenario file through
 * cn_load_scenario_string, with the properties of fuzz_props.h.  Built
 * and run by `make fuzz` (mk/fuzz.mk). */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_props.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cn_fuzz_load_one(data, size);
    return 0;
}
