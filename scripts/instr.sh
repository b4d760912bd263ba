#!/usr/bin/env bash
# Instructions per lint of a generated draft, counted by callgrind: a figure
# that does not move with the machine's load, for comparing two versions of
# the code while other work shares the CPU. Wall-clock budgets are measured
# with `cargo bench --bench lint`.
#
#   scripts/instr.sh [words] [plain|markdown] [top]
#
# Prints instructions per lint (the run with N lints minus the run with none,
# so lexicon set-up and draft generation do not count), then the `top`
# functions by inclusive cost within copydesk.
set -euo pipefail
words=${1:-1000}
kind=${2:-plain}
top=${3:-25}
n=50
cargo build --release --example lint_loop >/dev/null 2>&1 || cargo build --release --example lint_loop
bin=target/release/examples/lint_loop
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count() {
    valgrind --tool=callgrind --callgrind-out-file="$out/$1.out" "$bin" "$words" "$1" "$kind" >/dev/null 2>"$out/$1.err"
    grep -o 'refs: *[0-9,]*' "$out/$1.err" | tr -dc 0-9
}
base=$(count 1)
full=$(count $((n + 1)))
echo "$words words ($kind): $(( (full - base) / n )) instructions per lint"
callgrind_annotate --inclusive=yes "$out/$((n + 1)).out" 2>/dev/null |
    grep -E '^ *[0-9,]+ .*copydesk::' | grep -v 'lint_loop::main' |
    sed -E 's/ *\( *([0-9.]+)%\)/ \1%/; s#/work/[^ ]*/src/#src/#; s#\[/.*\]##' |
    awk '!seen[$NF]++' | head -n "$top"
