# mk/sweep.mk - the what-if library (scenarios/whatif/, docs/sweeps.md).
#   make whatif-footnotes     run one what-if sweep and print its table
#   make whatifs              run them all
WHATIFS := $(basename $(notdir $(wildcard scenarios/whatif/*.cfg)))

whatif-%: $(BIN)
	$(BIN) sweep scenarios/whatif/$*.cfg

whatifs: $(addprefix whatif-,$(WHATIFS))

.PHONY: whatifs
