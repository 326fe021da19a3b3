# Cartera — see README.md. `make run` opens the app on the demo company;
# `make test` runs the tests. Both install what is missing first (make deps).

GO      ?= go
BIN     ?= cartera
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: all deps build run test lint bench demo screenshots windows package clean

all: build

# System packages (apt, with sudo when not root; skipped when present) and Go modules.
deps:
	@bash scripts/deps.sh

build: deps
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) .

# Opens the desktop app on the demo company, creating it in the data folder
# (~/.local/share/Cartera/demo.cartera on Linux) if it is missing.
run: build
	./$(BIN) --demo

test: deps lint
	$(GO) test -count=1 ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Benchmarks, including the 1M-invoice demo (a few minutes; the file is kept
# in $$TMPDIR for later runs; -p 1 makes it before the analytics read it).
bench: deps
	$(GO) test -p 1 -run '^$$' -bench . -benchtime 1x -timeout 90m ./...

# PNGs of the real window under Xvfb, in English and Spanish: the app tours its
# screens and first dialogs at 1200×760 (docs/screenshots/), 1024×640 and
# 1920×1080 (docs/screenshots/tour/, not in git) and quits.
screenshots: build
	@bash scripts/deps.sh imagemagick
	BIN=./$(BIN) bash scripts/screenshots.sh

# cartera.exe for Windows amd64, cross-compiled with mingw-w64: GUI subsystem,
# icon and version resource embedded (go-winres writes the .syso files Go links in).
WINCC ?= x86_64-w64-mingw32-gcc
windows: deps
	@bash scripts/deps.sh gcc-mingw-w64-x86-64
	$(GO) run github.com/tc-hib/go-winres@v0.3.3 simply --icon assets/icon/icon.png --manifest gui \
		--product-name Cartera --file-description Cartera --product-version $(VERSION)
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=$(WINCC) $(GO) build -ldflags "$(LDFLAGS) -s -w -H=windowsgui" -o cartera.exe .
	@file cartera.exe 2>/dev/null || true

# The Linux package (a .tar.xz with the binary, icon and .desktop file) made by
# the fyne tool. Version and build number come from FyneApp.toml; the tool
# rewrites the file (and bumps Build) on every run, so it is put back after.
FYNE_TOOL ?= fyne.io/tools/cmd/fyne@v1.7.4
APP_VERSION := $(shell sed -n 's/^ *Version = "\(.*\)"/\1/p' FyneApp.toml)
APP_BUILD := $(shell sed -n 's/^ *Build = \([0-9]*\)/\1/p' FyneApp.toml)
package: build
	cp FyneApp.toml FyneApp.toml.keep
	$(GO) run $(FYNE_TOOL) package -os linux -release -app-version $(APP_VERSION) -app-build $(APP_BUILD); \
	status=$$?; mv FyneApp.toml.keep FyneApp.toml; exit $$status

demo: build
	./$(BIN) demo

clean:
	rm -f $(BIN) cartera.exe *.syso
