#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <librsvg/rsvg.h>
#include <qpdf/qpdf-c.h>

#include "output/lazy_qpdf.h"
#include "render/lazy_rsvg.h"
#include "util/dynlib.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static struct dynlib missing = {
        .soname = "libdeckpress-missing.so.7",
        .file = "/nonexistent/libdeckpress-missing.so.7",
        .package = "libmissing",
};

static void dynlib__reports_a_missing_library(void **state)
{
	(void)state;
	char *why = NULL;
	assert_false(dynlib_open(&missing, &why));
	assert_null(missing.handle);
	assert_string_equal(why, "cannot load libdeckpress-missing.so.7 (install libmissing): "
	                         "libdeckpress-missing.so.7: cannot open shared object file: No "
	                         "such file or directory");
	free(why);
}

/* Runs dynlib_get_function(lib, name) in a child; its exit status and what
 * it wrote to stderr. */
static int get_in_child(struct dynlib *lib, const char *name, char *err, size_t n)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		dynlib_get_function(lib, name);
		_exit(0);
	}
	close(fds[1]);
	size_t len = 0;
	ssize_t got;
	while (len + 1 < n && (got = read(fds[0], err + len, n - 1 - len)) > 0)
		len += (size_t)got;
	err[len] = '\0';
	close(fds[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void dynlib__a_missing_library_is_fatal_at_the_first_call(void **state)
{
	(void)state;
	char err[512];
	int status = get_in_child(&missing, "missing_init", err, sizeof(err));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
	assert_string_equal(err, "deckpress: fatal: cannot load libdeckpress-missing.so.7 (install "
	                         "libmissing): libdeckpress-missing.so.7: cannot open shared "
	                         "object file: No such file or directory\n");
}

static void dynlib__a_missing_function_is_fatal(void **state)
{
	(void)state;
	char err[512];
	int status = get_in_child(lazy_qpdf_get_lib(), "qpdf_no_such_function", err, sizeof(err));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
	char want[512];
	snprintf(want, sizeof(want),
	         "deckpress: fatal: %s has no function 'qpdf_no_such_function' (install a newer "
	         "libqpdf): ",
	         lazy_qpdf_get_lib()->soname);
	assert_memory_equal(err, want, strlen(want));
}

/* Nothing opens the libraries until a function of theirs is called; then
 * the trampolines reach the library's own functions. */
static void dynlib__opens_a_library_at_its_first_call(void **state)
{
	(void)state;
	struct dynlib *q = lazy_qpdf_get_lib();
	assert_null(q->handle);
	assert_non_null(strstr(q->file, q->soname));
	qpdf_data pdf = qpdf_init();
	assert_non_null(q->handle);
	assert_non_null(pdf);
	assert_false(qpdf_has_error(pdf));
	qpdf_cleanup(&pdf);

	struct dynlib *r = lazy_rsvg_get_lib();
	assert_null(r->handle);
	GError *err = NULL;
	assert_null(rsvg_handle_new_from_file("/nonexistent.svg", &err));
	assert_non_null(r->handle);
	assert_non_null(err);
	g_error_free(err);
}

static void dynlib__opening_twice_keeps_the_handle(void **state)
{
	(void)state;
	struct dynlib *q = lazy_qpdf_get_lib();
	void *handle = q->handle;
	char *why = NULL;
	assert_true(dynlib_open(q, &why));
	assert_null(why);
	assert_ptr_equal(q->handle, handle);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(dynlib__reports_a_missing_library),
	        cmocka_unit_test(dynlib__a_missing_library_is_fatal_at_the_first_call),
	        cmocka_unit_test(dynlib__a_missing_function_is_fatal),
	        cmocka_unit_test(dynlib__opens_a_library_at_its_first_call),
	        cmocka_unit_test(dynlib__opening_twice_keeps_the_handle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
