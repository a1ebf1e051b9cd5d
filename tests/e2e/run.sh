#!/usr/bin/env bash
# Runs the end-to-end test in a real terminal window.
#
# Builds the UI and the app (debug), makes a fresh demo store from
# tests/e2e/catalog, starts tauri-driver on 127.0.0.1 under Xvfb, and runs
# pytest. Everything it starts is stopped by PID on exit. Screenshots
# (checkout.png and others) and the printed receipts go to artifacts/e2e/ at
# the workspace root.
#
# Needs: Node 20 with npm, xvfb-run, WebKitWebDriver (Debian's
# webkit2gtk-driver), tauri-driver (cargo install tauri-driver --locked) and
# the Python packages in requirements.txt.
#
# Environment: CARGO_TARGET_DIR (default: target/), E2E_TIMEOUT seconds for
# the pytest run (default 300). Extra arguments go to pytest.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tests/e2e"
target="${CARGO_TARGET_DIR:-$root/target}"
timeout_seconds="${E2E_TIMEOUT:-300}"

# The window and WebKitWebDriver need an X display: without one the app exits
# at start and the WebDriver client would wait forever.
if [[ -z "${DISPLAY:-}" ]]; then
    exec xvfb-run -a --server-args="-screen 0 1366x900x24" "$0" "$@"
fi

for tool in tauri-driver WebKitWebDriver npm python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "run.sh: $tool is not installed; see the header of this script" >&2
        exit 2
    fi
done

echo "run.sh: building the UI"
(cd "$root/ui" && npm ci --no-audit --no-fund --loglevel=error && npm run build)

echo "run.sh: building the app and the demo store tool"
(cd "$root" && cargo build -p giggatek-terminal --bin giggatek-terminal --example demo_store)

work="$(mktemp -d)"
driver_pid=""
# Prints the PIDs of every process started under $1, deepest first.
descendants() {
    local child
    for child in $(pgrep -P "$1" || true); do
        descendants "$child"
        echo "$child"
    done
}
cleanup() {
    if [[ -n "$driver_pid" ]] && kill -0 "$driver_pid" 2>/dev/null; then
        # WebKitWebDriver and the app were started through tauri-driver by
        # this script: stop them by PID, then tauri-driver itself.
        for pid in $(descendants "$driver_pid"); do
            kill "$pid" 2>/dev/null || true
        done
        kill "$driver_pid" 2>/dev/null || true
        wait "$driver_pid" 2>/dev/null || true
    fi
    if [[ -d "$work/data/com.giggatek.terminal/receipts" ]]; then
        mkdir -p "$root/artifacts/e2e"
        cp -r "$work/data/com.giggatek.terminal/receipts" "$root/artifacts/e2e/"
    fi
    rm -rf "$work"
}
trap cleanup EXIT

store="$work/store.sqlite"
export GIGGATEK_STORE="$store"
export XDG_DATA_HOME="$work/data"
"$target/debug/examples/demo_store" --store "$store" --catalog "$here/catalog" --products "$work/products.json"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
port="$(free_port)"
native_port="$(free_port)"
while [[ "$native_port" == "$port" ]]; do
    native_port="$(free_port)"
done

tauri-driver --port "$port" --native-port "$native_port" --native-host 127.0.0.1 >"$work/tauri-driver.log" 2>&1 &
driver_pid=$!

# Wait for tauri-driver to accept connections, at most 10 s.
for _ in $(seq 1 50); do
    if python3 -c "import socket, sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
        break
    fi
    sleep 0.2
done

export E2E_DRIVER_URL="http://127.0.0.1:$port"
export E2E_APP="$target/debug/giggatek-terminal"
export E2E_PRODUCTS="$work/products.json"
export E2E_ARTIFACTS="$root/artifacts/e2e"

status=0
timeout "$timeout_seconds" python3 -m pytest -p no:cacheprovider -q "$here" "$@" || status=$?
if [[ $status -ne 0 ]]; then
    echo "run.sh: pytest failed with status $status; tauri-driver's log:" >&2
    tail -n 40 "$work/tauri-driver.log" >&2 || true
    if [[ -f "$work/data/com.giggatek.terminal/terminal.log" ]]; then
        echo "run.sh: the terminal's log:" >&2
        tail -n 40 "$work/data/com.giggatek.terminal/terminal.log" >&2
    fi
fi
exit $status
