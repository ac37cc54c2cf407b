# mk/fuzz.mk - libFuzzer harnesses for the scenario loader and --set values
# (tests/fuzz/).
#   make fuzz                  build build/fuzz/fuzz_load and fuzz_set, then run
#                              each for FUZZ_SECONDS (default 60)
#   make fuzz FUZZ_SECONDS=600 longer
#   make fuzz-build            build only
# Every library source is compiled again with clang and
# -fsanitize=fuzzer-no-link,address,undefined into build/fuzz/obj; the
# harnesses link with -fsanitize=fuzzer.  Each run starts from a seed
# corpus copied from scenarios/, tests/bad/, tests/data/ (loader) and
# tests/fuzz/seeds/set/ (--set), first replays the saved regressions
# (tests/fuzz/regressions/), and keeps what it finds in
# build/fuzz/corpus/.  A crash leaves build/fuzz/crash-* (or leak-*,
# timeout-*): copy it into tests/fuzz/regressions/load/ or set/, where
# tests/test_badinputs.c replays it in `make test`.

FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_DIR := build/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -Wall -Wextra -Wpedantic -O1 -g $(FUZZ_SAN) -Iinclude \
	-D_POSIX_C_SOURCE=200809L $(PKG_CFLAGS)
FUZZ_OBJ := $(LIB_SRC:sim/%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_HARNESSES := load set
FUZZ_BINS := $(FUZZ_HARNESSES:%=$(FUZZ_DIR)/fuzz_%)
# -rss_limit_mb: the loader refuses files above 8 MiB, so 2 GB is ample;
# -timeout: one input must not take 10 s (a hang is a finding).
FUZZ_RUN_FLAGS = -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	-max_len=65536 -print_final_stats=1

$(FUZZ_DIR)/obj/%.o: sim/%.c $(BUILD)/config.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_DIR)/libcn_fuzz.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_props.h $(FUZZ_DIR)/libcn_fuzz.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_DIR)/libcn_fuzz.a -o $@ \
		$(PKG_LIBS) -lm -pthread

fuzz-build: $(FUZZ_BINS)

# Seed corpora: fresh copies each run (flattened names), plus what earlier
# runs found (kept in build/fuzz/corpus/).
fuzz-seeds:
	@mkdir -p $(FUZZ_DIR)/seeds/load $(FUZZ_DIR)/seeds/set $(FUZZ_DIR)/corpus/load \
		$(FUZZ_DIR)/corpus/set
	@for f in scenarios/*.cfg scenarios/world/*.cfg tests/bad/*.cfg tests/bad/inc/*.cfg \
		tests/data/*.cfg tests/data/world/*.cfg; do \
	  [ -f "$$f" ] && cp "$$f" "$(FUZZ_DIR)/seeds/load/$$(echo "$$f" | tr / _)"; done; true
	@cp tests/fuzz/seeds/set/* $(FUZZ_DIR)/seeds/set/

fuzz: fuzz-build fuzz-seeds
	@for h in $(FUZZ_HARNESSES); do \
	  echo "== fuzz_$$h: regressions"; \
	  if ls tests/fuzz/regressions/$$h/* >/dev/null 2>&1; then \
	    $(FUZZ_DIR)/fuzz_$$h tests/fuzz/regressions/$$h/* || exit 1; fi; \
	  echo "== fuzz_$$h: $(FUZZ_SECONDS) s"; \
	  $(FUZZ_DIR)/fuzz_$$h $(FUZZ_RUN_FLAGS) -artifact_prefix=$(FUZZ_DIR)/ \
	    $(FUZZ_DIR)/corpus/$$h $(FUZZ_DIR)/seeds/$$h || exit 1; \
	done

.PHONY: fuzz fuzz-build fuzz-seeds
-include $(FUZZ_OBJ:.o=.d)
