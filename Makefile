# Uprava — two commands: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

export CARGO_TARGET_DIR ?= $(HOME)/.cache/uprava/target
CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/[^0-9.]/, "", $$0); print; exit}' Cargo.lock)
NODE_BIN := $(CURDIR)/end2end/node_modules/.bin
export PATH := $(HOME)/.cargo/bin:$(NODE_BIN):$(PATH)
export DATABASE_URL ?= sqlite://data/uprava.db?mode=rwc
export UPRAVA_ADDR ?= 127.0.0.1:3000
SERVER := $(CARGO_TARGET_DIR)/release/server
E2E_ADDR ?= 127.0.0.1:3217
ECHARTS_VERSION := 5.6.0
# Islands mode (partial hydration, every island lazy) is the default build, and the Rust tests
# and benches run in it; `FULL_HYDRATION=1` builds and tests the whole app in the browser
# instead (README, "Islands mode").
comma := ,
LEPTOS_FEATURES := $(if $(FULL_HYDRATION),,--features islands)
APP_FEATURES := ssr$(if $(FULL_HYDRATION),,$(comma)islands)
SERVER_FEATURES := $(if $(FULL_HYDRATION),,--features server/islands)

.PHONY: run test tools build lint unit e2e bench clean-e2e echarts

## make run — install what is missing, build, migrate, load demo data on an empty database, serve.
run: tools build
	@echo "==> serving on http://$(UPRAVA_ADDR) (database: $(DATABASE_URL))"
	$(SERVER) serve --demo-if-empty --addr $(UPRAVA_ADDR)

## make test — formatting, lints, every Rust test (SQLite, then PostgreSQL when
## TEST_DATABASE_URL is set), and the Playwright suite with JavaScript off and on.
test: tools lint unit e2e
	@echo "==> all tests passed"

tools:
	@echo "==> checking tools (first run on a new machine: 20-30 minutes)"
	rustup target add wasm32-unknown-unknown >/dev/null
	if ! cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)"; then
	  echo "==> installing cargo-leptos $(CARGO_LEPTOS_VERSION) (about 15 minutes, once)"
	  cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked --features no_downloads
	fi
	if ! wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)"; then
	  echo "==> installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 4 minutes, once)"
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	fi
	if [ ! -x "$(NODE_BIN)/playwright" ] || [ ! -x "$(NODE_BIN)/wasm-opt" ]; then
	  echo "==> installing Playwright and binaryen (npm)"
	  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
	fi
	if [ ! -x /usr/bin/chromium ]; then
	  echo "==> installing Chromium (apt)"
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y chromium >/dev/null
	fi

build:
	@echo "==> building (release)"
	cargo leptos build --release --split $(LEPTOS_FEATURES)

lint:
	@echo "==> rustfmt"
	cargo fmt --all -- --check
	@echo "==> clippy (islands mode, the default: server, tests and browser builds)"
	cargo clippy -p app --features ssr,islands --all-targets -- -D warnings
	cargo clippy -p server -p migrations --features server/islands --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown --features islands -- -D warnings
	@echo "==> clippy (full hydration, FULL_HYDRATION=1: server, tests and browser builds)"
	cargo clippy -p server -p migrations --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

unit:
	@echo "==> Rust tests on SQLite"
	env -u TEST_DATABASE_URL cargo test -p app --features $(APP_FEATURES)
	env -u TEST_DATABASE_URL cargo test -p server -p migrations $(SERVER_FEATURES)
	if [ -n "$${TEST_DATABASE_URL:-}" ]; then
	  echo "==> data-layer and API tests again on PostgreSQL"
	  cargo test -p app --features $(APP_FEATURES) server::
	  cargo test -p server --tests $(SERVER_FEATURES)
	else
	  echo "==> TEST_DATABASE_URL not set: PostgreSQL run skipped"
	fi

e2e: build
	@echo "==> Playwright (JavaScript off, then hydrated) against a fresh database"
	dir=$$(mktemp -d)
	DATABASE_URL="sqlite://$$dir/e2e.db?mode=rwc" UPRAVA_FILES_DIR="$$dir/files" \
	  $(SERVER) serve --demo-if-empty --addr $(E2E_ADDR) > "$$dir/server.log" 2>&1 &
	pid=$$!
	trap 'kill $$pid 2>/dev/null || true; rm -rf "$$dir"' EXIT
	for i in $$(seq 1 120); do curl -sf http://$(E2E_ADDR)/readyz >/dev/null && break; sleep 0.5; done
	curl -sf http://$(E2E_ADDR)/readyz >/dev/null || { cat "$$dir/server.log"; exit 1; }
	# REST tokens for the specs that import a request with its past (the CLI prints it last).
	for slug in demo shop; do
	  t=$$(DATABASE_URL="sqlite://$$dir/e2e.db?mode=rwc" $(SERVER) token create --company $$slug --name e2e | tail -1)
	  export "UPRAVA_TOKEN_$${slug^^}=$$t"
	done
	# The artefacts of a failure (screenshots, traces) stay outside the clone, and each failed
	# spec's error is printed last, where CI's excerpt of the log can show it.
	results="$(HOME)/.cache/uprava/e2e-results"
	rm -rf "$$results"
	cd end2end
	UPRAVA_URL=http://$(E2E_ADDR) PLAYWRIGHT_JSON_OUTPUT_NAME="$$dir/results.json" \
	  npx playwright test --reporter=list,json --output="$$results" || {
	  node tools/failures.mjs "$$dir/results.json"; echo "(artefacts: $$results)"; exit 1; }

## make bench — the issues' budgets, on SQLite and (with TEST_DATABASE_URL) PostgreSQL; figures
## in README. The list bench loads 1,000,000 demo requests per backend (several minutes each).
bench: tools build
	@echo "==> app shell size (release build split by page, gzip -9)"
	cargo bench -p server --bench shell $(SERVER_FEATURES)
	for db in sqlite postgres; do
	  if [ $$db = postgres ] && [ -z "$${TEST_DATABASE_URL:-}" ]; then echo "==> TEST_DATABASE_URL not set: PostgreSQL skipped"; continue; fi
	  run() { if [ $$db = sqlite ]; then env -u TEST_DATABASE_URL "$$@"; else "$$@"; fi; }
	  echo "==> $$db: SLA"
	  run cargo bench -p server --bench sla $(SERVER_FEATURES)
	  echo "==> $$db: dashboard"
	  run cargo bench -p server --bench dashboard $(SERVER_FEATURES)
	  echo "==> $$db: Excel export (100,000 requests)"
	  run cargo bench -p server --bench export $(SERVER_FEATURES)
	  echo "==> $$db: SSR board (2,000 open requests)"
	  run cargo bench -p server --bench board $(SERVER_FEATURES)
	  echo "==> $$db: live updates (200 streams)"
	  run cargo bench -p server --bench stream $(SERVER_FEATURES)
	  echo "==> $$db: request list (1,000,000 requests)"
	  run cargo bench -p server --bench list $(SERVER_FEATURES)
	done
	# `cargo bench` built target/release/server again without cargo-leptos's settings (a server
	# whose pages never hydrate): build it again as `make run` and `make e2e` expect it.
	@echo "==> rebuilding the release server with cargo-leptos"
	cargo leptos build --release --split $(LEPTOS_FEATURES)

## make echarts — refresh public/echarts.min.js (committed; charts on the dashboards) from npm.
echarts:
	dir=$$(mktemp -d)
	trap 'rm -rf "$$dir"' EXIT
	(cd "$$dir" && npm pack --silent echarts@$(ECHARTS_VERSION) >/dev/null && tar xzf echarts-*.tgz)
	cp "$$dir/package/dist/echarts.min.js" public/echarts.min.js
	echo "==> public/echarts.min.js is ECharts $(ECHARTS_VERSION)"
