# Shared by the editor tests (sourced, not run): find the editor and the
# copydesk binary the same way in each.

# require_editor LABEL COMMAND INSTALL-HINT: without COMMAND, fail when
# CI=true (CI must run every editor test), else skip with the reason.
require_editor() {
  if ! command -v "$2" >/dev/null 2>&1; then
    if [ "${CI:-}" = "true" ]; then
      echo "FAIL $1: $2 is not installed ($3)" >&2
      exit 1
    fi
    echo "SKIP $1: $2 is not installed ($3)"
    exit 0
  fi
}

# find_copydesk LABEL REPO: sets $bin to $COPYDESK_BIN, else the release,
# else the debug build; fails when there is none.
find_copydesk() {
  bin="${COPYDESK_BIN:-}"
  for c in "$2/target/release/copydesk" "$2/target/debug/copydesk"; do
    [ -n "$bin" ] && break
    [ -x "$c" ] && bin="$c"
  done
  if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "FAIL $1: no copydesk binary (set COPYDESK_BIN or cargo build --release)" >&2
    exit 1
  fi
}
