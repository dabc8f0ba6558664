# deckpress: the two commands of the README.
#
#   make        install missing Debian packages, build, render every kit into out/
#   make test   the same set-up, then the whole test suite
#   make fuzz   the libFuzzer targets, each run FUZZ_SECONDS (docs/fuzzing.md)
#   make docs-images  the pictures of the README and docs/, from the sample kit
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
	clang-format clang-14 libclang-rt-14-dev libfuzzer-14-dev
PACKAGES += libqrencode-dev fonts-noto-core zbar-tools  # issue 10: qr elements; the kit-font case copies a Noto font; zbarimg scans the QR case
PACKAGES += gettext translate-toolkit libxml2-utils  # issue 11: the tests check exported PO (msgfmt) and XLIFF (xmllint, xliff2po)
PACKAGES += chromium chromium-driver  # issue 16: the web edition's test opens it in headless Chromium
PACKAGES += wdanish hyphen-de hyphen-sv hyphen-pt-br hyphen-pt-pt  # issue 12: Danish compound joints from wdanish's word list; the dictionaries the tests look up by BCP 47 tag (de, sv, pt-BR, pt)
PACKAGES += zlib1g-dev  # issue 15: the streaming PDF post-pass inflates and deflates content streams
PACKAGES += libfribidi-dev  # a right-to-left text's alignment (typeset/fit.c)
PACKAGES += libharfbuzz-dev  # a font's line height (typeset/fit.c)
PACKAGES += argyll icc-profiles-free  # issue 13: the FOGRA39 and SWOP ICC profiles, made by the build
PACKAGES += liblcms2-dev  # issue 15: PDF/X of vector pages converted to CMYK in deckpress (output/cmyk), without Ghostscript
PACKAGES += strace  # issue 15: the crew test sees that --jobs forked its helpers

.PHONY: all deps build render test fuzz check-format format clean

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

# The pictures of the README and docs/ (docs/images/images.list), rendered
# from the kits with the binary just built; the test docs/images fails when
# the committed ones are out of date.
.PHONY: docs-images
docs-images: build
	python3 tests/docs/docs_images.py make $(BUILD)/deckpress $(BUILD)/tests/pngdiff

# The libFuzzer targets of tests/fuzz under ASan and UBSan, built with clang
# in $(FUZZ_BUILD), each run for FUZZ_SECONDS on a corpus seeded from the
# samples and tests; a crash stops it and leaves the input in
# $(FUZZ_BUILD)/crashes/.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := fuzz_yaml fuzz_markup fuzz_template fuzz_csv

fuzz: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DDECKPRESS_FUZZ=ON -DDECKPRESS_TESTS=OFF >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(FUZZ_TARGETS)
	python3 tests/fuzz/seeds.py . $(FUZZ_BUILD)/seeds
	@mkdir -p $(FUZZ_BUILD)/crashes
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp:print_suppressions=0 \
		$(FUZZ_BUILD)/tests/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=30 \
			-rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
			-dict=tests/fuzz/deckpress.dict \
			-artifact_prefix=$(FUZZ_BUILD)/crashes/$$t- \
			$(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/seeds/$$t 2>$(FUZZ_BUILD)/$$t.log \
			|| { tail -n 60 $(FUZZ_BUILD)/$$t.log; exit 1; }; \
		grep -E '^(stat::number_of_executed_units|stat::new_units_added|Done)' $(FUZZ_BUILD)/$$t.log; \
	done

# The C sources as .clang-format wants them: lists the files that differ
# and fails; `make format` rewrites them.
FORMAT_FILES = $(shell git ls-files 'generator/*.[ch]' 'tests/*.[ch]' 2>/dev/null)

check-format: deps
	@bad=$$(for f in $(FORMAT_FILES); do clang-format --style=file "$$f" | cmp -s - "$$f" || echo "$$f"; done); \
	if [ -n "$$bad" ]; then echo "not formatted (run make format):" $$bad; exit 1; fi

format: deps
	clang-format --style=file -i $(FORMAT_FILES)

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD) out
