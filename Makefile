# deckpress: the two commands of the README.
#
#   make        install missing Debian packages, build, render every kit into out/
#   make test   the same set-up, then the whole test suite
#
# Everything the build and the tests need is installed here, from Debian's
# packages, so a fresh Debian 12 machine needs nothing else.

BUILD    ?= build
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

PACKAGES := build-essential cmake pkg-config \
	libcairo2-dev libpango1.0-dev libfontconfig-dev libyaml-dev librsvg2-dev \
	libpng-dev libhyphen-dev hyphen-da hyphen-en-us libcmocka-dev \
	libqpdf-dev \
	ghostscript \
	poppler-utils qpdf mupdf-tools python3 python3-yaml python3-jsonschema time \
	clang-format

.PHONY: all deps build render test check-format format clean

all: render

# Installs what is missing, and only that; needs root when something is missing.
deps:
	@missing=$$(for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

render: build
	$(BUILD)/deckpress build

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The C sources as .clang-format wants them: lists the files that differ
# and fails; `make format` rewrites them.
FORMAT_FILES = $(shell git ls-files 'generator/*.[ch]' 'tests/*.[ch]' 2>/dev/null)

check-format: deps
	@bad=$$(for f in $(FORMAT_FILES); do clang-format --style=file "$$f" | cmp -s - "$$f" || echo "$$f"; done); \
	if [ -n "$$bad" ]; then echo "not formatted (run make format):" $$bad; exit 1; fi

format: deps
	clang-format --style=file -i $(FORMAT_FILES)

clean:
	rm -rf $(BUILD) out
