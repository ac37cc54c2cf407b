# mk/bench.mk - `make bench`: replications per second and peak memory
# (bench/bench.c), written to bench/results.md.
#   make bench                 the full benchmark (a few minutes)
#   make bench BENCH_QUICK=1   a smoke check (seconds), written to $(BUILD)/bench/quick.md

BENCH_QUICK ?=
BENCH_BIN := $(BUILD)/bench/bench
BENCH_OUT := $(if $(BENCH_QUICK),$(BUILD)/bench/quick.md,bench/results.md)

$(BENCH_BIN): bench/bench.c $(BUILD)/libcn.a $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -O2 -MMD -MP -MF $@.d $< $(BUILD)/libcn.a -o $@ $(LDLIBS_ALL)

bench: $(BENCH_BIN)
	$(BENCH_BIN) $(if $(BENCH_QUICK),--quick) --out $(BENCH_OUT)

.PHONY: bench
-include $(BENCH_BIN).d
