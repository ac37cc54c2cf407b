# cybernorms - build, test and run.
#   make            build build/cybernorms
#   make run        build and run the default scenario
#   make test       build and run every test
#   make backtest   the history library against what happened (results/backtest.*)
#   make SAN=address test   the suite under AddressSanitizer + UBSan (build/asan)
#   make SAN=thread test    the suite under ThreadSanitizer (build/tsan)
#   make MPI=1              build with Open MPI (build/mpi/cybernorms)
#   make install            build/cybernorms to $(DESTDIR)$(PREFIX)/bin (PREFIX=/usr/local)
# Further targets (bench, fuzz, ...) live in mk/*.mk fragments.
# Missing libraries are installed with apt-get when run as root (mk/deps.sh).

.DEFAULT_GOAL := all
SAN ?=
MPI ?=
ifeq ($(SAN),)
BUILD := build
SANFLAGS :=
else ifeq ($(SAN),address)
BUILD := build/asan
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else ifeq ($(SAN),thread)
BUILD := build/tsan
SANFLAGS := -fsanitize=thread
else
$(error SAN must be empty, address or thread)
endif

ifeq ($(MPI),1)
BUILD := $(BUILD)/mpi
CC := mpicc
MPIFLAGS := -DCN_MPI
DEPS_EXTRA := mpi
else ifneq ($(MPI),)
$(error MPI must be empty or 1)
endif

CC ?= cc
OPT ?= -O2
WARN := -std=c11 -Wall -Wextra -Wpedantic -Werror
CFLAGS_ALL = $(WARN) $(OPT) -g $(SANFLAGS) $(MPIFLAGS) -Iinclude -D_POSIX_C_SOURCE=200809L $(PKG_CFLAGS) $(CFLAGS)
LDLIBS_ALL = $(SANFLAGS) $(LDFLAGS) $(PKG_LIBS) -lm -pthread

PKGS := gsl libconfig sqlite3 cairo fontconfig libmicrohttpd jansson
NODEPS := clean help
ifeq ($(filter $(NODEPS),$(MAKECMDGOALS)),)
include $(BUILD)/config.mk
endif

# Dependencies found (and installed when missing) before anything is built.
$(BUILD)/config.mk: mk/deps.sh Makefile
	@mkdir -p $(BUILD)
	@sh mk/deps.sh $(PKGS) cmocka $(DEPS_EXTRA)
	@{ echo "PKG_CFLAGS := $$(pkg-config --cflags $(PKGS))"; \
	   echo "PKG_LIBS := $$(pkg-config --libs $(PKGS))"; \
	   echo "CMOCKA_CFLAGS := $$(pkg-config --cflags cmocka)"; \
	   echo "CMOCKA_LIBS := $$(pkg-config --libs cmocka)"; } > $@

LIB_SRC := $(filter-out sim/main.c,$(wildcard sim/*.c))
LIB_OBJ := $(LIB_SRC:sim/%.c=$(BUILD)/obj/%.o)
# Generated at build time (mk/classroom.mk): the web app of the classroom
# (web/, by tools/embed.c) and the real 2018 votes for its role briefs.
WEB_FILES := $(sort $(notdir $(wildcard web/*)))
GEN_SRC := $(BUILD)/gen/assets.c $(BUILD)/gen/unvotes.c
GEN_OBJ := $(GEN_SRC:$(BUILD)/gen/%.c=$(BUILD)/obj/gen/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BIN := $(BUILD)/cybernorms
DEPFILES := $(LIB_OBJ:.o=.d) $(BUILD)/obj/main.d $(TEST_BIN:%=%.d)

# Rebuild everything when the compiler or its flags change.
FLAGS_LINE = $(CC) $(CFLAGS_ALL) | $(LDLIBS_ALL)
$(BUILD)/flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(FLAGS_LINE)' | cmp -s - $@ || echo '$(FLAGS_LINE)' > $@
FORCE:

all: $(BIN)

$(BUILD)/obj/%.o: sim/%.c $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libcn.a: $(LIB_OBJ) $(GEN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(BUILD)/libcn.a
	$(CC) $^ -o $@ $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libcn.a $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(CMOCKA_CFLAGS) -MMD -MP -MF $@.d $< $(BUILD)/libcn.a -o $@ $(CMOCKA_LIBS) $(LDLIBS_ALL)

tests: $(TEST_BIN) $(BIN)

# Every test executable runs from the repository root; CN_BIN names the CLI.
test: tests
	@fail=0; for t in $(TEST_BIN); do \
	  echo "== $$t"; CN_BIN=$(BIN) $$t || fail=1; done; \
	if [ $$fail = 0 ]; then echo "all tests passed ($(BUILD))"; else echo "TESTS FAILED ($(BUILD))"; exit 1; fi

# The default scenario, then the headline what-if: campaigns for the
# undecided states (scenarios/whatif/campaign.cfg).
run: $(BIN)
	$(BIN) run scenarios/default.cfg --force
	$(BIN) sweep scenarios/whatif/campaign.cfg

# The history library against what really happened (docs/backtest.md).
backtest: $(BIN)
	$(BIN) backtest

# `make install`: the program on the PATH, the scenarios beside it.
PREFIX ?= /usr/local
install: $(BIN)
	install -D -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/cybernorms
	mkdir -p $(DESTDIR)$(PREFIX)/share/cybernorms
	cp -R scenarios $(DESTDIR)$(PREFIX)/share/cybernorms/
	@echo "installed $(DESTDIR)$(PREFIX)/bin/cybernorms; scenarios in $(DESTDIR)$(PREFIX)/share/cybernorms/scenarios"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/cybernorms
	rm -rf $(DESTDIR)$(PREFIX)/share/cybernorms

clean:
	rm -rf build

help:
	@sed -n '2,10p' Makefile

.PHONY: all tests test run backtest install uninstall clean help FORCE
-include $(DEPFILES)
include $(wildcard mk/*.mk)
