# careers — build, test and run targets. `make help` lists them.
GO       ?= go
BIN      := bin/careers
PKGS     := ./...

.PHONY: help build run index test soak lint check bench fuzz wordtables clean

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

build: ## build bin/careers
	$(GO) build -o $(BIN) ./cmd/careers

index: build ## rebuild the index if it is missing or older than the corpus
	./$(BIN) index --if-stale

run: index ## build, index if stale, and serve on server.addr (localhost:8080)
	./$(BIN) serve

test: ## run every test with the race detector
	@found=$$CAREERS_CHROMIUM; for b in chromium chromium-browser google-chrome google-chrome-stable headless-shell; do \
		p=$$(command -v $$b) && [ -f "$$p" ] && [ -x "$$p" ] && found=$$p; \
	done; \
	if [ -z "$$found" ] && [ -z "$$CI" ]; then \
		echo "note: no Chromium or Chrome found: the browser tests of internal/web will skip (apt-get install chromium, or set CAREERS_CHROMIUM, to run them; CI runs them)"; \
	fi
	$(GO) test -race -count=1 $(PKGS)

soak: ## the long soak: 300 rebuilds under load, SIGKILLed and concurrent builds, graceful shutdown
	CAREERS_SOAK=long $(GO) test -race -count=1 -timeout 60m -v \
		-run '^(TestSoak|TestIndexTwiceAtOnce|TestIndexSurvivesSIGKILL|TestGracefulShutdown|TestShutdownGraceExpires)$$' ./cmd/careers

check: build ## validate the corpus
	./$(BIN) check

lint: ## go vet, gofmt and staticcheck
	$(GO) vet $(PKGS)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) tool staticcheck $(PKGS)

bench: ## run the benchmark suite against SQLite FTS5 and plain Bleve (7-13 min; table in bench-results.md, see BENCHMARKS.md)
	$(GO) build -tags sqlite_fts5 -o bin/careers-bench ./cmd/careers-bench
	./bin/careers-bench run -out bench-results.md $(BENCH_FLAGS)

FUZZ_PKGS := ./internal/bleveindex ./internal/career ./internal/corpus ./internal/httpapi ./internal/importer/page ./internal/importer/onet ./internal/importer/esco ./internal/querylang ./internal/synonyms ./internal/suggest ./internal/web ./internal/wordnet

fuzz: ## run each fuzz test for FUZZTIME (default 30s)
	@for p in $(FUZZ_PKGS); do \
		for t in $$($(GO) test -list '^Fuzz' $$p | grep ^Fuzz); do \
			echo "fuzzing $$p $$t"; \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $${FUZZTIME:-30s} $$p || exit 1; \
		done; \
	done

WORDNET ?= /usr/share/wordnet

wordtables: ## re-derive the embedded word tables from a WordNet 3.0 dict (WORDNET=dir; Debian: apt install wordnet-base)
	$(GO) run ./cmd/wordtables -dict $(WORDNET) -out internal/wordnet/data/tables.txt.gz

clean: ## remove the binary and the index
	rm -rf bin index
