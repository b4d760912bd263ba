#!/usr/bin/env bash
# Headless Neovim test of editors/neovim against the real `copydesk lsp`.
# Uses $COPYDESK_BIN, else target/release/copydesk, else target/debug/copydesk.
# Exits non-zero on failure. Without nvim: fails when CI=true, else skips.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"

# shellcheck source=../../testdata/common.sh
. "$here/../../testdata/common.sh"
require_editor neovim nvim "apt-get install -y neovim"
find_copydesk neovim "$repo"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A draft we wrote: a stray closing mark after a two-byte é.
cp "$here/../../testdata/unbalanced.txt" "$work/draft.txt"
expected="$(cat "$here/../../testdata/unbalanced.fixed.txt")"

export COPYDESK_BIN="$bin" COPYDESK_DRAFT="$work/draft.txt" COPYDESK_NVIM_PLUGIN="$here/.."
export COPYDESK_EXPECTED_AFTER="$expected"
echo "neovim: $(nvim --version | head -1), server $bin"
# -u NONE: no user config; the plugin is put on runtimepath by the spec.
out="$work/out.log"
status=0
timeout 60 env HOME="$work" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data" \
  nvim --headless -u NONE -i NONE -c "luafile $here/copydesk_spec.lua" >"$out" 2>&1 || status=$?
# Headless nvim prints through its UI; keep only our lines.
tr -d '\r' <"$out" | grep -E '^(ok|not ok|#|[0-9]+ passed)' || true
if [ "$status" -ne 0 ] || ! grep -q ' 0 failed' "$out"; then
  echo "FAIL neovim (exit $status)"; cat "$out" | tail -20 >&2
  exit 1
fi
echo "PASS neovim"
