#!/usr/bin/env bash
# Batch Emacs test of editors/emacs/copydesk.el (eglot) against the real `copydesk lsp`.
# Uses $COPYDESK_BIN, else target/release/copydesk, else target/debug/copydesk.
# Exits non-zero on failure. Without emacs: fails when CI=true, else skips.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"

# shellcheck source=../../testdata/common.sh
. "$here/../../testdata/common.sh"
require_editor emacs emacs "apt-get install -y emacs-nox elpa-eglot"
find_copydesk emacs "$repo"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/../../testdata/unbalanced.txt" "$work/draft.txt"
export COPYDESK_BIN="$bin" COPYDESK_DRAFT="$work/draft.txt"
export COPYDESK_EXPECTED_AFTER="$(cat "$here/../../testdata/unbalanced.fixed.txt")"
echo "emacs: $(emacs --version | head -1), eglot from Debian's elpa-eglot, server $bin"
# copydesk.el byte-compiles with no warning (warnings are errors here).
cp "$here/../copydesk.el" "$work/copydesk.el"
if ! HOME="$work" emacs --batch -Q \
    --eval '(progn (add-to-list (quote package-directory-list) "/usr/share/emacs/site-lisp/elpa") (package-initialize) (setq byte-compile-error-on-warn t))' \
    -f batch-byte-compile "$work/copydesk.el" >"$work/compile.log" 2>&1; then
  echo "not ok - copydesk.el byte-compiles cleanly"; cat "$work/compile.log"
  echo "FAIL emacs"; exit 1
fi
echo "ok - copydesk.el byte-compiles cleanly"
out="$work/out.log"
status=0
timeout 60 env HOME="$work" emacs --batch -Q -L "$here/.." -l "$here/copydesk-test.el" >"$out" 2>&1 || status=$?
grep -E '^(ok|not ok|#|[0-9]+ passed)' "$out" || true
if [ "$status" -ne 0 ] || ! grep -q ' 0 failed' "$out"; then
  echo "FAIL emacs (exit $status)"; tail -20 "$out" >&2
  exit 1
fi
echo "PASS emacs"
