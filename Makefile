# sidecarset-policy: build, test, package and publish the Kubewarden policy.
#
#   make run        the Filebeat walkthrough (examples/) through the injector: the admitted pod
#   make test       the whole test suite: unit + data-driven tests, then the e2e suite
#                   through the project's Kubewarden host (and through kwctl when installed)

SOURCE_FILES := $(shell find src crates -type f -name '*.rs')
WASM_TARGET := wasm32-wasip1
# The features rustc enables by default for wasm32-wasip1; old wasm-opt releases (Debian 12
# ships 108) do not read them from the module.
WASM_FEATURES := --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
	--enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue
REGISTRY ?= ghcr.io/sidecarset-policy
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
E2E := cd e2e-tests && POLICY_WASM=$(CURDIR)/policy.wasm

.DELETE_ON_ERROR:

.PHONY: run expected-pod test unit-tests e2e-tests fmt lint bench load-test push manifest clean wasm-target

# The wasm target is the only thing beyond the Rust toolchain the build needs.
wasm-target:
	@rustup target list --installed 2>/dev/null | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)

# wasm-opt (Debian package binaryen) shrinks the module further when it is installed.
policy.wasm: $(SOURCE_FILES) Cargo.toml crates/apimachinery/Cargo.toml Cargo.lock | wasm-target
	cargo build --target=$(WASM_TARGET) --release -p sidecarset-policy
	cp target/$(WASM_TARGET)/release/sidecarset_policy.wasm policy.wasm
	@if command -v wasm-opt >/dev/null 2>&1; then \
		wasm-opt -Oz --strip-debug $(WASM_FEATURES) policy.wasm -o policy.wasm && echo "wasm-opt -Oz applied"; \
	else echo "wasm-opt not found: policy.wasm is not size-optimised further"; fi

annotated-policy.wasm: policy.wasm policy-metadata.yml README.md
	kwctl annotate -m policy-metadata.yml -u README.md -o annotated-policy.wasm policy.wasm

# The command-line tool with the engine compiled in: no wasm host to build.
CLI := cargo run -p sidecarset-cli --bin sidecarset-policy --
RUN_ARGS := inject --settings examples/settings.yaml examples/nginx-deployment.yaml

run:
	$(CLI) $(RUN_ARGS)

# examples/expected-pod.yaml is what `make run` prints (cli/tests/inject.rs checks it).
expected-pod:
	{ echo "# What \`make run\` prints: the nginx Deployment's pod (examples/nginx-deployment.yaml) as the"; \
	  echo "# policy admits it with examples/settings.yaml. updateTimestamp is the injection time."; \
	  $(CLI) $(RUN_ARGS); } > examples/expected-pod.yaml.new && mv examples/expected-pod.yaml.new examples/expected-pod.yaml

# Every suite, then the counts per suite and one total line (scripts/test.sh).
test: policy.wasm
	@scripts/test.sh

unit-tests:
	cargo test -p sidecarset-policy -p sidecarset-apimachinery -p sidecarset-cli

e2e-tests: policy.wasm
	$(E2E) cargo test -p sidecarset-e2e
	POLICY_WASM=$(CURDIR)/policy.wasm cargo test -p sidecarset-cli --features wasm --test cases
	@missing=""; for tool in kwctl bats; do command -v $$tool >/dev/null 2>&1 || missing="$$missing $$tool"; done; \
	if [ -z "$$missing" ]; then $(MAKE) annotated-policy.wasm && bats e2e-tests/kwctl.bats; \
	else echo "the kwctl run of the e2e cases is skipped, not installed:$$missing"; fi

fmt:
	cargo fmt --all -- --check
	cd fuzz && cargo fmt --all -- --check

lint:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p sidecarset-cli --features wasm --all-targets -- -D warnings

# Every scenario beside the floor guest (JSON syntax check only) on the same payload,
# interleaved round by round, three repetitions (e2e-tests/src/bin/bench.rs).
bench: policy.wasm
	$(E2E) cargo build --quiet --release --target wasm32-wasip1 --manifest-path floor-guest/Cargo.toml
	$(E2E) cargo run --quiet --release --bin bench -- $(CURDIR)/policy.wasm \
		--floor floor-guest/target/wasm32-wasip1/release/sidecarset_e2e_floor_guest.wasm $(BENCH_ARGS)

# Throughput in a real policy-server on loopback (needs policy-server and wrk on PATH; says
# so and stops without them). LOAD_TEST_ARGS="--compare pod-ndots=MODULE,SETTINGS" adds
# policies to the same server (e2e-tests/load-test.sh).
load-test: policy.wasm
	e2e-tests/load-test.sh $(LOAD_TEST_ARGS)

manifest: annotated-policy.wasm
	kwctl scaffold manifest --type ClusterAdmissionPolicy annotated-policy.wasm

# SOURCES=<file>: a kwctl sources file, e.g. for a registry without TLS (README, "Deploy").
push: annotated-policy.wasm
	kwctl push $(if $(SOURCES),--sources-path $(SOURCES)) annotated-policy.wasm registry://$(REGISTRY)/sidecarset-policy:v$(VERSION)

clean:
	cargo clean
	rm -f policy.wasm annotated-policy.wasm
