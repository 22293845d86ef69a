# shoperp - one GNU Makefile. Dependencies come from pkg-config.
#
#   make            build build/shoperp
#   make test       Criterion suites, then the same suites under ASan+UBSan
#   make run-sample import the bundled sample orders into a fresh database
#   make fuzz       libFuzzer over the mapper and the import (clang)
#   make bench      import rate on 10,000 generated orders
#   make deps       install the Debian packages that are missing (root)

# Recursive makes (test, test-asan) would print "Entering/Leaving
# directory"; without them the test runner's summary is the last line.
MAKEFLAGS += --no-print-directory

PKGS      := jansson sqlite3
CC        ?= cc
CSTD      := -std=c11 -D_GNU_SOURCE
WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wno-unused-parameter -Werror=implicit-function-declaration
OPT       ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CRIT_LIBS  = $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)

BUILD     ?= build
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) -Isrc $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lm $(EXTRA_LDFLAGS)

LIB_SRC   := $(wildcard src/base/*.c src/domain/*.c src/app/*.c src/adapters/*.c)
CLI_SRC   := $(wildcard src/cli/*.c)
TEST_SRC  := $(wildcard tests/*/test_*.c)
TEST_HELP := $(wildcard tests/support/*.c)

# The schema migrations, embedded as C strings (scripts/embed-sql).
SQL_SRC   := $(sort $(wildcard src/adapters/sql/*.sql))
SQL_GEN   := $(BUILD)/gen/sql_migrations.c
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o) $(SQL_GEN:.c=.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
HELP_OBJ  := $(TEST_HELP:%.c=$(BUILD)/%.o)
TEST_BIN  := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
LIB       := $(BUILD)/libshoperp.a

.PHONY: all test test-plain test-asan run-sample fuzz bench deps clean check-layers
.DEFAULT_GOAL := all

# Keep every intermediate file. tests/support/*.o are made by a pattern
# rule and named only in another pattern rule, so make would count them
# as intermediate and delete them after the build: `make test` would end
# with "rm build-asan/tests/support/harness.o" instead of the runner's
# summary, and the next make would relink every suite.
.SECONDARY:

all: $(BUILD)/shoperp $(BUILD)/gen-orders

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(SQL_GEN): $(SQL_SRC) scripts/embed-sql
	@mkdir -p $(dir $@)
	./scripts/embed-sql $@ $(SQL_SRC)

$(SQL_GEN:.c=.o): $(SQL_GEN)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/shoperp: $(CLI_OBJ) $(LIB)
	$(CC) $(CFLAGS_ALL) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS_ALL)

$(BUILD)/gen-orders: $(BUILD)/tools/gen_orders.o $(LIB)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/%.c $(HELP_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests -MMD -MP -o $@ $< $(HELP_OBJ) $(LIB) $(CRIT_LIBS) $(LDLIBS_ALL)

$(BUILD)/tests/support/%.o: tests/support/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests -MMD -MP -c $< -o $@

# Suites run from the repository root so they find samples/ and ../shared.
test-plain: $(TEST_BIN) $(BUILD)/shoperp
	@SHOPERP_BIN=$(BUILD)/shoperp ./scripts/run-tests $(TEST_BIN)

test-asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	  EXTRA_LDFLAGS="-fsanitize=address,undefined" test-plain

test: check-layers
	$(MAKE) test-plain
	$(MAKE) test-asan

# Layers point one way: base <- domain <- app <- adapters <- cli, and only
# adapters include third-party headers.
check-layers:
	@./scripts/check-layers

run-sample: $(BUILD)/shoperp
	@./scripts/run-sample

FUZZ_SRC := $(LIB_SRC) $(SQL_GEN)
fuzz: $(SQL_GEN)
	@mkdir -p build-fuzz
	clang $(CSTD) -g -O1 -fsanitize=fuzzer,address,undefined -Isrc $(PKG_CFLAGS) \
	  -o build-fuzz/fuzz_import fuzz/fuzz_import.c $(FUZZ_SRC) $(PKG_LIBS) -lm
	@mkdir -p build-fuzz/corpus
	cp samples/orders/*.json build-fuzz/corpus/ 2>/dev/null || true
	./build-fuzz/fuzz_import -max_total_time=$${FUZZ_SECONDS:-60} -max_len=65536 \
	  -artifact_prefix=build-fuzz/ build-fuzz/corpus fuzz/regress

bench: all
	@./scripts/bench

deps:
	@./scripts/install-deps

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find build build-asan -name '*.d' 2>/dev/null)
