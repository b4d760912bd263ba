#!/usr/bin/env bash
# The editor part of CI (called from .ci/run): installs what the editor tests
# need, builds the release binary, then runs the VS Code (node), Neovim, Emacs
# and Helix-config tests and builds both .vsix files. Prints PASS/FAIL per
# step and exits non-zero if any step failed.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
export CI="${CI:-}"
# The release binary every test drives (CARGO_TARGET_DIR respected).
bin="$(cd "${CARGO_TARGET_DIR:-$repo/target}" 2>/dev/null && pwd || echo "$repo/target")/release/copydesk"
passed=0
failed=0
failures=()

step() { # step NAME COMMAND...: runs a step, records PASS/FAIL.
  local name="$1"; shift
  echo "::: editors: $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "PASS editors: $name ($((SECONDS - start))s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "FAIL editors: $name ($((SECONDS - start))s)"
  fi
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_tools() {
  local need=()
  command -v nvim >/dev/null 2>&1 || need+=(neovim)
  command -v emacs >/dev/null 2>&1 || need+=(emacs-nox)
  [ -d /usr/share/emacs/site-lisp/elpa/ ] && ls /usr/share/emacs/site-lisp/elpa/ | grep -q '^eglot-' || need+=(elpa-eglot)
  command -v node >/dev/null 2>&1 || need+=(nodejs)
  command -v npm >/dev/null 2>&1 || need+=(npm)
  command -v unzip >/dev/null 2>&1 || need+=(unzip)
  if [ "${#need[@]}" -eq 0 ]; then
    echo "neovim, emacs, elpa-eglot, node and npm are already installed"
    return 0
  fi
  echo "installing: ${need[*]}"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
}

build_release() {
  nice -n 10 cargo build --release --locked --quiet --bin copydesk && test -x "$bin"
}

npm_ci() { (cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error); }
node_tests() { (cd editors/vscode && COPYDESK_BIN="$bin" npm test --silent); }
# (Listings go through a variable: `unzip | grep -q` fails under pipefail
# when grep stops reading early.)
vsix_neutral() {
  (cd editors/vscode && rm -f ./*.vsix \
    && npm run --silent package </dev/null \
    && local_list="$(unzip -l copydesk.vsix)" \
    && grep -q 'extension/dist/extension.js' <<<"$local_list" \
    && ! grep -q 'extension/server/copydesk' <<<"$local_list")
}
vsix_linux_x64() {
  (cd editors/vscode && COPYDESK_BIN="$bin" npm run --silent package:linux-x64 </dev/null \
    && local_list="$(unzip -l copydesk-linux-x64.vsix)" \
    && grep -q 'extension/server/copydesk$' <<<"$local_list" \
    && manifest="$(unzip -p copydesk-linux-x64.vsix extension.vsixmanifest)" \
    && grep -q 'TargetPlatform="linux-x64"' <<<"$manifest" \
    && vsix_server_works)
}
# The binary inside the linux-x64 .vsix is stored executable and serves the
# protocol test.
vsix_server_works() {
  local dir; dir="$(mktemp -d)"
  local mode; mode="$(unzip -Z copydesk-linux-x64.vsix extension/server/copydesk)"
  grep -q '^-rwx' <<<"$mode" \
    && unzip -q copydesk-linux-x64.vsix extension/server/copydesk -d "$dir" && test -x "$dir/extension/server/copydesk" \
    && COPYDESK_BIN="$dir/extension/server/copydesk" node --test --test-reporter=dot test/protocol.test.js
  local status=$?; rm -rf "$dir"; return $status
}
neovim_test() { COPYDESK_BIN="$bin" bash editors/neovim/test/run.sh; }
emacs_test() { COPYDESK_BIN="$bin" bash editors/emacs/test/run.sh; }
helix_test() { nice -n 10 cargo test --locked --quiet --test editors_helix; }

step "install neovim, emacs-nox, elpa-eglot, node" install_tools
step "cargo build --release" build_release
step "npm ci (editors/vscode)" npm_ci
step "node tests (activation, protocol against the release binary)" node_tests
step "platform-neutral .vsix" vsix_neutral
step "linux-x64 .vsix with the release binary" vsix_linux_x64
step "neovim headless test" neovim_test
step "emacs batch test" emacs_test
step "helix languages.toml test" helix_test

if [ "$failed" -ne 0 ]; then
  printf 'FAIL editors: %s\n' "${failures[@]}"
fi
echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
