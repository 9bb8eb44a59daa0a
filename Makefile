# wfo — walk-forward optimization. `make demo` and `make test` work on a fresh Debian machine.
SWIFT ?= swift
DEBIAN_PACKAGES = libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libcurl4-openssl-dev pkg-config curl
RELEASE_BIN = .build/release/wfo
# The release build links the Swift runtime and Foundation statically, so the binary that
# `make install` and `make dist` ship runs on a machine without a Swift toolchain.
RELEASE_FLAGS = -c release --static-swift-stdlib
VERSION := $(shell cat VERSION)
PREFIX ?= /usr/local
DESTDIR ?=
# Completions and the man page, made from the release binary (Scripts/extras.sh).
EXTRAS = .build/extras

.PHONY: deps build release demo site test test-asan test-tsan bench bench-portfolio bench-slurm bench-statistics crash-check fuzz clean extras install uninstall dist

# Installs the Debian packages the build links against, when they are missing.
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; fi; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

extras: release
	$(SWIFT) build $(RELEASE_FLAGS) --product generate-manual
	Scripts/extras.sh $(RELEASE_BIN) .build/release/generate-manual $(EXTRAS)

# The binary, the bash/zsh/fish completions and the man page under $(DESTDIR)$(PREFIX);
# uninstall removes exactly what install recorded in share/wfo/install-manifest.
install: extras
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" Scripts/install.sh install $(RELEASE_BIN) $(EXTRAS)

uninstall:
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" Scripts/install.sh uninstall

# dist/wfo-VERSION-linux-ARCH.tar.gz: the stripped static binary, completions, man page,
# README, the quick-start study and SHA256SUMS; then Scripts/dist-check.sh runs the
# unpacked binary with no Swift library on its paths.
dist: extras
	Scripts/dist.sh $(RELEASE_BIN) $(EXTRAS) $(VERSION)

# Runs the quick-start study end to end on the synthetic market, offline, into demo.sqlite,
# then prints one backtest of the same study with fixed parameters.
demo: release
	rm -f demo.sqlite demo.sqlite-wal demo.sqlite-shm
	$(RELEASE_BIN) run examples/quickstart.yaml --db demo.sqlite
	@echo
	$(RELEASE_BIN) status --db demo.sqlite --json

# Checks that docs/architecture.md's module graph is Package.swift's (Scripts/module-graph.py),
# builds everything (the end-to-end tests run the built binary), then runs every test.
# Serially: several suites run servers in the test process (the viewer, a fake Binance)
# while others block on child processes, and with 2 cores Swift's cooperative pool has
# only 2 threads, so running them side by side starves the servers into timeouts.
test: deps
	python3 Scripts/module-graph.py --check
	python3 Scripts/portfolio-reference.py --check
	$(SWIFT) build --build-tests
	$(SWIFT) build --product generate-manual
	$(SWIFT) test --skip-build --no-parallel

# The whole suite under AddressSanitizer / ThreadSanitizer, each in its own build folder; the
# end-to-end tests run the sanitized binary too (WFO_BINARY). Leaks inside the toolchain's
# libraries are suppressed by Scripts/lsan-suppressions.txt (read it before adding to it).
test-asan: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	$(SWIFT) build --product generate-manual --scratch-path .build-asan
	LSAN_OPTIONS=suppressions=$(CURDIR)/Scripts/lsan-suppressions.txt WFO_BINARY=$(CURDIR)/.build-asan/debug/wfo \
	  $(SWIFT) test --skip-build --no-parallel --sanitize=address --scratch-path .build-asan

test-tsan: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	$(SWIFT) build --product generate-manual --scratch-path .build-tsan
	WFO_BINARY=$(CURDIR)/.build-tsan/debug/wfo $(SWIFT) test --skip-build --no-parallel --sanitize=thread --scratch-path .build-tsan

# SIGKILLs a run at 20 random moments (KILLS=N), resumes each time, checks every database
# and compares the final results with an uninterrupted run; see Scripts/crash-check.sh.
crash-check: release
	Scripts/crash-check.sh

# Coverage-guided fuzzing (libFuzzer + AddressSanitizer) of the study parser, the CSV and ZIP
# importers and the Binance klines reader, FUZZ_SECONDS (600) each; see Scripts/fuzz.sh.
fuzz: deps
	Scripts/fuzz.sh

# The committed summaries of the offline examples, site/<example>/ (SiteSummaryTests fails
# when they are stale): run after a change to results or reports, then commit site/.
site: release
	Scripts/make-site.sh

bench: release
	Scripts/bench.sh

# The cluster executor's figures on the local Slurm (Scripts/slurm-local.sh start): a minute-long
# study locally and as a job array 2 and 1 tasks at a time, side by side (about 7 minutes).
bench-portfolio: release
	Scripts/bench-portfolio.sh

bench-slurm: release
	Scripts/bench-slurm.sh

# What the overfitting statistics and the permutation test cost (issue 22); BEFORE=another/wfo compares.
bench-statistics: release
	Scripts/bench-statistics.sh

clean:
	rm -rf .build dist
