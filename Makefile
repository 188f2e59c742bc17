# libpki: one non-recursive GNU Makefile for the library, the `pki` command,
# the tests, the docs and install/uninstall.  `make help` lists the targets.
#
# Out-of-tree builds: `make O=build-asan/ SANITIZE=1 check` puts every
# generated file under build-asan/ (O must end with a slash).  The default
# build is in tree.

VERSION_MAJOR := 0
VERSION_MINOR := 1
VERSION_MICRO := 0
VERSION       := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_MICRO)
SONAME        := libpki.so.$(VERSION_MAJOR)

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
DESTDIR    ?=

O        ?=
CC       ?= cc
SANITIZE ?=
PKG_CONFIG ?= pkg-config

# Debian packages the build needs, and the pkg-config modules they provide.
PKGS     := glib-2.0 gobject-2.0 libcrypto libssl json-glib-1.0
DEB_PKGS := libglib2.0-dev libssl-dev libssl3 openssl pkg-config libjson-glib-dev \
            python3-cryptography

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
OPT      ?= -O2 -g
ifeq ($(SANITIZE),1)
OPT      := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
LDSAN    := -fsanitize=address,undefined
endif
CFLAGS   ?=
LDFLAGS  ?=

LIB_SRCS := $(sort $(wildcard libpki/pki-*.c))
LIB_HDRS := libpki/pki.h $(filter-out libpki/pki-private.h,$(sort $(wildcard libpki/pki-*.h)))
TOOL_SRCS := $(sort $(wildcard tools/pki*.c))
TEST_SRCS := $(sort $(wildcard tests/test-*.c))
BENCH_SRCS := $(sort $(wildcard tests/bench/bench-*.c))
CONF_SRCS  := $(sort $(wildcard tests/conformance/conformance-*.c))
EXAMPLE_SRCS := $(sort $(wildcard doc/examples/*.c))

LIB_OBJS_PIC := $(LIB_SRCS:%.c=$(O)%.lo)
LIB_OBJS     := $(LIB_SRCS:%.c=$(O)%.o)
TOOL_OBJS    := $(TOOL_SRCS:%.c=$(O)%.o)
TESTS        := $(TEST_SRCS:%.c=$(O)%)
BENCHES      := $(BENCH_SRCS:%.c=$(O)%)
CONFS        := $(CONF_SRCS:%.c=$(O)%)
EXAMPLES     := $(EXAMPLE_SRCS:%.c=$(O)%)

SHLIB     := $(O)libpki/libpki.so.$(VERSION)
SHLIB_SO  := $(O)libpki/$(SONAME)
SHLIB_DEV := $(O)libpki/libpki.so
STLIB     := $(O)libpki/libpki.a
PCFILE    := $(O)libpki/libpki.pc
PKI       := $(O)tools/pki
CONFIG    := $(O)config.mk

# Goals that must work before any dependency is installed.
NODEPS_GOALS := help clean distclean
ifneq ($(filter-out $(NODEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
-include $(CONFIG)
endif

ALL_CFLAGS  = $(CSTD) $(WARN) $(OPT) -I. $(PKG_CFLAGS) $(CFLAGS)
LIB_CFLAGS  = $(ALL_CFLAGS) -fvisibility=hidden -DPKI_COMPILATION -DG_LOG_DOMAIN=\"libpki\"
RPATH       = -Wl,--as-needed -Wl,-rpath,'$$ORIGIN/../libpki'

.PHONY: all help deps check check-unit check-cli check-exports check-install \
        check-asan check-clang check-valgrind conformance demo bench install uninstall clean distclean

all: $(SHLIB) $(SHLIB_SO) $(SHLIB_DEV) $(STLIB) $(PCFILE) $(PKI) $(EXAMPLES)

help:
	@echo "libpki $(VERSION) targets:"
	@echo "  make               build libpki/libpki.so.$(VERSION), libpki.a, libpki.pc and tools/pki"
	@echo "  make demo          run the demo script on an empty temporary directory"
	@echo "  make check         build and run every test (unit, CLI, exports, install round trip)"
	@echo "  make check-asan    the same tests under AddressSanitizer + UBSan (in build-asan/)"
	@echo "  make check-valgrind the unit and command-line tests under valgrind memcheck"
	@echo "  make check-clang   build everything with clang -Wall -Wextra -Werror"
	@echo "  make conformance   x509-limbo, BetterTLS and NIST PKITS against raw OpenSSL's verdicts"
	@echo "  make bench         benchmarks against raw OpenSSL in the same run (ratios to the goals)"
	@echo "  make install       install into \$$(DESTDIR)\$$(PREFIX) (PREFIX=$(PREFIX))"
	@echo "  make uninstall     remove what install put there"
	@echo "  make deps          check for (and as root install) the Debian packages needed"
	@echo "  make clean         remove build output"

# --- dependencies ---------------------------------------------------------
# config.mk records the compiler and linker flags pkg-config gives.  Making it
# checks for the packages first and, as root, installs the missing ones.
$(CONFIG): Makefile
	@sh build-aux/deps.sh "$(PKG_CONFIG)" "$(PKGS)" "$(DEB_PKGS)"
	@mkdir -p $(dir $@)
	@{ echo "PKG_CFLAGS := $$($(PKG_CONFIG) --cflags $(PKGS))"; \
	   echo "PKG_LIBS := $$($(PKG_CONFIG) --libs $(PKGS))"; } > $@.tmp && mv $@.tmp $@

deps: $(CONFIG)

# --- library --------------------------------------------------------------
$(O)libpki/%.lo: libpki/%.c $(LIB_HDRS) libpki/pki-private.h $(CONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(LIB_CFLAGS) -fPIC -c $< -o $@

$(O)libpki/%.o: libpki/%.c $(LIB_HDRS) libpki/pki-private.h $(CONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(LIB_CFLAGS) -c $< -o $@

$(SHLIB): $(LIB_OBJS_PIC) libpki/libpki.map
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=libpki/libpki.map \
	  -Wl,--no-undefined -Wl,--as-needed -o $@ $(LIB_OBJS_PIC) $(LDSAN) $(PKG_LIBS) $(LDFLAGS)

$(SHLIB_SO) $(SHLIB_DEV): $(SHLIB)
	ln -sf libpki.so.$(VERSION) $@

$(STLIB): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(PCFILE): libpki/libpki.pc.in Makefile
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

# --- the pki command ------------------------------------------------------
$(O)tools/%.o: tools/%.c tools/pki-tool.h $(LIB_HDRS) $(CONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(PKI): $(TOOL_OBJS) $(SHLIB_SO) $(SHLIB_DEV)
	$(CC) -o $@ $(TOOL_OBJS) -L$(O)libpki -lpki $(RPATH) $(LDSAN) $(PKG_LIBS) $(LDFLAGS)

# --- examples (doc/examples/: a TLS echo server and client) ---------------
$(O)doc/examples/%: doc/examples/%.c $(LIB_HDRS) $(SHLIB_SO) $(SHLIB_DEV) $(CONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -L$(O)libpki -lpki -Wl,--as-needed \
	  -Wl,-rpath,'$$ORIGIN/../../libpki' $(LDSAN) $(PKG_LIBS) $(LDFLAGS)

# --- tests ----------------------------------------------------------------
# Unit tests link the shared library, so they test what users link.
$(O)tests/test-%: tests/test-%.c tests/pki-test.h $(LIB_HDRS) $(SHLIB_SO) $(SHLIB_DEV) $(CONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -L$(O)libpki -lpki $(RPATH) $(LDSAN) $(PKG_LIBS) $(LDFLAGS)

TEST_ENV = PKI_TEST_DATA=$(CURDIR)/data PKI_TEST_SHARED=$(abspath $(CURDIR)/../shared) \
           PKI=$(abspath $(PKI)) G_DEBUG=fatal-warnings

check-unit: $(TESTS)
	@TEST_ENV='$(TEST_ENV)' sh build-aux/run-tests.sh "$(TEST_WRAPPER)" $(TESTS)

check-cli: $(PKI)
	@$(TEST_ENV) sh tests/cli.sh

check-exports: $(SHLIB)
	@sh build-aux/check-exports.sh $(SHLIB) libpki/libpki.map $(LIB_HDRS)

check-install: all
	@sh build-aux/check-install.sh "$(MAKE)" "$(O)"

check: all check-exports check-unit check-cli check-install
	@echo "make check: all test groups passed"

# Everything built with clang, warnings as errors (gcc builds the rest).
check-clang:
	@command -v clang >/dev/null || sh build-aux/deps.sh "$(PKG_CONFIG)" "" clang
	@$(MAKE) --no-print-directory O=build-clang/ CC=clang all $(TEST_SRCS:%.c=build-clang/%) \
	  $(CONF_SRCS:%.c=build-clang/%) $(BENCH_SRCS:%.c=build-clang/%)
	@echo "check-clang: 1 passed, 0 failed (library, pki and tests build clean with clang)"

check-asan:
	@$(MAKE) --no-print-directory O=build-asan/ SANITIZE=1 check-unit check-cli \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
           --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
           --suppressions=$(CURDIR)/build-aux/valgrind.supp

# The unit tests, then the command-line tests with pki run under valgrind
# (through a wrapper script, since tests/cli.sh runs "$$PKI").
check-valgrind: $(TESTS) $(PKI)
	@command -v valgrind >/dev/null || sh build-aux/deps.sh "$(PKG_CONFIG)" "" valgrind
	@TEST_ENV='$(TEST_ENV) PKI_TEST_QUICK=1' sh build-aux/run-tests.sh "$(VALGRIND)" $(TESTS)
	@printf '#!/bin/sh\nexec %s %s "$$@"\n' "$(VALGRIND)" "$(abspath $(PKI))" > $(PKI)-valgrind
	@chmod +x $(PKI)-valgrind
	@$(TEST_ENV) sh -c 'PKI=$(abspath $(PKI))-valgrind sh tests/cli.sh'

export ASAN_OPTIONS UBSAN_OPTIONS

# --- conformance ----------------------------------------------------------
# x509-limbo, BetterTLS (2020) and NIST PKITS from ../shared/corpus through
# PkiX509Store, every case against raw OpenSSL and the corpus README's
# baselines (each suite skips with a message when the corpus is absent).
$(O)tests/conformance/conformance-%: tests/conformance/conformance-%.c tests/conformance/conformance.h \
                                     tests/pki-test.h $(LIB_HDRS) $(SHLIB_SO) $(SHLIB_DEV) $(CONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -L$(O)libpki -lpki -Wl,-rpath,'$$ORIGIN/../../libpki' $(LDSAN) $(PKG_LIBS) $(LDFLAGS)

conformance: $(CONFS)
	@status=0; for t in $(CONFS); do $(TEST_ENV) $$t || status=1; done; exit $$status

# --- benchmarks -----------------------------------------------------------
# Timing goals are checked here, against raw OpenSSL in the same run, never
# in the tests.  BENCH_ARGS passes sizes (bench-crl: ENTRIES LOOKUPS).
$(O)tests/bench/bench-%: tests/bench/bench-%.c $(LIB_HDRS) $(SHLIB_SO) $(SHLIB_DEV) $(CONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -L$(O)libpki -lpki -Wl,-rpath,'$$ORIGIN/../../libpki' $(LDSAN) $(PKG_LIBS) $(LDFLAGS)

bench: $(BENCHES)
	@for b in $(BENCHES); do $$b $(BENCH_ARGS) || exit 1; done

# --- demo -----------------------------------------------------------------
demo: $(PKI)
	@PKI=$(abspath $(PKI)) sh tools/demo.sh

# --- install --------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	  $(DESTDIR)$(INCLUDEDIR)/libpki $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(LIB_HDRS) $(DESTDIR)$(INCLUDEDIR)/libpki/
	install -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf libpki.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf libpki.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libpki.so
	install -m 644 $(STLIB) $(DESTDIR)$(LIBDIR)/
	install -m 644 $(PCFILE) $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 755 $(PKI) $(DESTDIR)$(BINDIR)/
	install -m 644 doc/pki.1 $(DESTDIR)$(MANDIR)/man1/

uninstall:
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/libpki/,$(notdir $(LIB_HDRS)))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/libpki 2>/dev/null
	rm -f $(DESTDIR)$(LIBDIR)/libpki.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/libpki.so $(DESTDIR)$(LIBDIR)/libpki.a \
	      $(DESTDIR)$(LIBDIR)/pkgconfig/libpki.pc $(DESTDIR)$(BINDIR)/pki \
	      $(DESTDIR)$(MANDIR)/man1/pki.1

# --- clean ----------------------------------------------------------------
clean:
	rm -f libpki/*.o libpki/*.lo libpki/*.so* libpki/*.a libpki/libpki.pc \
	      tools/*.o tools/pki tools/pki-valgrind $(TEST_SRCS:%.c=%) $(BENCH_SRCS:%.c=%) \
	      $(CONF_SRCS:%.c=%) $(EXAMPLE_SRCS:%.c=%) config.mk
	rm -rf build-asan/ build-clang/

distclean: clean
