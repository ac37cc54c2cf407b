# mk/classroom.mk - what the classroom server (`cybernorms classroom`)
# builds from files that are not C: the web app of web/ embedded by
# tools/embed.c, and the table of the real 2018 UN votes for the role
# briefs (tools/gen_unvotes.sh).  Also its benchmark:
#   make bench-classroom   60 simulated students through a whole game on
#                          loopback (bench/classroom_load.c), written to
#                          bench/results-classroom.md

EMBED := $(BUILD)/tools/embed

$(EMBED): tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror $< -o $@

$(BUILD)/gen/assets.c: $(EMBED) $(addprefix web/,$(WEB_FILES))
	@mkdir -p $(@D)
	$(EMBED) $@.tmp web $(WEB_FILES) && mv $@.tmp $@

$(BUILD)/gen/unvotes.c: tools/gen_unvotes.sh data/unga_ict_votes_2005_2018.csv tools/derive_world.py
	@mkdir -p $(@D)
	sh tools/gen_unvotes.sh data/unga_ict_votes_2005_2018.csv tools/derive_world.py > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

CLASSROOM_BENCH := $(BUILD)/bench/classroom_load

$(CLASSROOM_BENCH): bench/classroom_load.c $(BUILD)/libcn.a $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Itests -MMD -MP -MF $@.d $< $(BUILD)/libcn.a -o $@ $(LDLIBS_ALL)

bench-classroom: $(CLASSROOM_BENCH) $(BIN)
	$(CLASSROOM_BENCH) --bin $(BIN) --students 60 --out bench/results-classroom.md

.PHONY: bench-classroom
-include $(CLASSROOM_BENCH).d
