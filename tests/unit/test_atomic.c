#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "output/atomic.h"
#include "util/buf.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

/* A fresh folder under /tmp; caller frees and removes it with rm_tree(). */
static char *make_tmp_dir(void)
{
	char *dir = strdup("/tmp/deckpress-atomic-XXXXXX");
	assert_non_null(mkdtemp(dir));
	return dir;
}

static void rm_tree(char *dir)
{
	struct buf cmd;
	buf_init(&cmd);
	buf_printf(&cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(buf_str(&cmd)), 0);
	buf_finish(&cmd);
	free(dir);
}

/* The path dir/name; borrowed, valid for the next three calls. */
static const char *in(const char *dir, const char *name)
{
	static struct buf ring[4];
	static size_t next;
	struct buf *b = &ring[next++ % 4];
	buf_finish(b);
	buf_init(b);
	buf_printf(b, "%s/%s", dir, name);
	return buf_str(b);
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void touch(const char *path)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
}

static size_t count_entries(const char *dir)
{
	DIR *dp = opendir(dir);
	assert_non_null(dp);
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(dp)))
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	closedir(dp);
	return n;
}

/* Runs child in a forked process and returns its wait status. */
static int run_forked(void (*child)(const char *dir), const char *dir)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		child(dir);
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void open_then_die(const char *dir)
{
	struct diag d;
	diag_init(&d);
	struct atomic_file f;
	if (!atomic_open(&f, in(dir, "deck.print.pdf"), &d))
		_exit(2);
	atomic_write(&f, "%PDF", 4);
	kill(getpid(), SIGTERM);
	_exit(3); /* not reached: the handler dies of the signal */
}

static void atomic__temp_file_is_removed_when_killed_by_sigterm(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	int status = run_forked(open_then_die, dir);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_int_equal(count_entries(dir), 0);
	rm_tree(dir);
}

/* A fatal error (out of memory, a library that cannot be loaded) ends the
 * program with exit(): files open and held go too, with more than the
 * handler's list had room for once (64). */
static void open_then_exit(const char *dir)
{
	struct diag d;
	diag_init(&d);
	atomic_hold_begin();
	for (int i = 0; i < 100; i++) {
		char name[32];
		snprintf(name, sizeof(name), "page-%03d.png", i);
		struct atomic_file f;
		if (!atomic_open(&f, in(dir, name), &d))
			_exit(2);
		atomic_write(&f, "png", 3);
		if (!atomic_commit(&f, &d)) /* held: still a temporary file */
			_exit(2);
	}
	struct atomic_file open;
	if (!atomic_open(&open, in(dir, "deck.print.pdf"), &d))
		_exit(2);
	exit(3);
}

static void atomic__temp_files_are_removed_at_exit(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	int status = run_forked(open_then_exit, dir);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
	assert_int_equal(count_entries(dir), 0);
	rm_tree(dir);
}

/* Holds a file, then forks a child (as util/team forks its helpers) that
 * ends by exit() and one that gets SIGTERM: the parent's temporary file is
 * its own to remove, and still there after both; then the parent exits
 * (4) and removes it. */
static void hold_then_fork_children(const char *dir)
{
	struct diag d;
	diag_init(&d);
	atomic_hold_begin();
	struct atomic_file f;
	if (!atomic_open(&f, in(dir, "page-001.png"), &d))
		_exit(2);
	atomic_write(&f, "png", 3);
	if (!atomic_commit(&f, &d))
		_exit(2);
	for (int how = 0; how < 2; how++) {
		fflush(NULL);
		pid_t pid = fork();
		if (pid < 0)
			_exit(2);
		if (pid == 0) {
			signal(SIGTERM, SIG_DFL);
			if (how == 0)
				exit(3); /* a helper's fatal error */
			kill(getpid(), SIGTERM);
			_exit(2);
		}
		waitpid(pid, NULL, 0);
		if (count_entries(dir) != 1)
			_exit(5); /* the child removed the parent's file */
	}
	exit(4);
}

static void atomic__a_forked_child_leaves_the_parents_files(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	int status = run_forked(hold_then_fork_children, dir);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 4);
	assert_int_equal(count_entries(dir), 0);
	rm_tree(dir);
}

/* A folder with files two levels down, as PDF/X's has. */
static void make_tree(const char *top)
{
	if (mkdir(top, 0777) != 0 || mkdir(in(top, "icc"), 0777) != 0 ||
	    mkdir(in(top, "icc/deeper"), 0777) != 0)
		_exit(2);
	touch(in(top, "in.pdf"));
	touch(in(top, ".hidden"));
	touch(in(top, "icc/srgb.icc"));
	touch(in(top, "icc/deeper/x"));
}

static void track_dirs_then_die(const char *dir)
{
	char *gone = strdup(in(dir, "pdfx-gone")), *kept = strdup(in(dir, "pdfx-kept"));
	make_tree(gone);
	make_tree(kept);
	signal(SIGINT, SIG_DFL); /* a shell may start us ignoring it */
	if (!atomic_track_dir(gone))
		_exit(3);
	int h = atomic_track_dir(kept);
	atomic_untrack_dir(h);
	kill(getpid(), SIGINT);
	_exit(4);
}

static void atomic__tracked_folder_is_removed_when_killed_by_sigint(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	int status = run_forked(track_dirs_then_die, dir);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGINT);
	struct stat st;
	assert_int_not_equal(stat(in(dir, "pdfx-gone"), &st), 0);
	assert_int_equal(stat(in(dir, "pdfx-kept/icc/deeper/x"), &st), 0);
	rm_tree(dir);
}

static volatile sig_atomic_t caught;

static void on_int(int sig)
{
	(void)sig;
	caught = 1;
}

/* Like --watch: its own SIGINT handler finishes the build, so the file
 * must still be there to commit. */
static void open_with_own_handler(const char *dir)
{
	struct sigaction sa = {.sa_handler = on_int};
	sigaction(SIGINT, &sa, NULL);
	struct diag d;
	diag_init(&d);
	struct atomic_file f;
	if (!atomic_open(&f, in(dir, "deck.print.pdf"), &d))
		_exit(2);
	raise(SIGINT);
	if (!caught)
		_exit(4);
	atomic_write(&f, "%PDF", 4);
	_exit(atomic_commit(&f, &d) ? 0 : 5);
}

static void atomic__a_handler_of_the_caller_is_kept(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	int status = run_forked(open_with_own_handler, dir);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(count_entries(dir), 1);
	struct stat st;
	assert_int_equal(stat(in(dir, "deck.print.pdf"), &st), 0);
	rm_tree(dir);
}

static void atomic__committed_and_aborted_files_leave_the_handler_list(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	struct diag d;
	diag_init(&d);
	/* more files than the list has slots, one after another */
	for (int i = 0; i < 200; i++) {
		struct atomic_file f;
		assert_true(atomic_open(&f, in(dir, "a.pdf"), &d));
		assert_true(f.slot > 0);
		if (i % 2)
			atomic_abort(&f);
		else
			assert_true(atomic_commit(&f, &d));
	}
	struct atomic_file zeroed = {0};
	atomic_abort(&zeroed); /* never opened: takes nobody's slot */
	assert_int_equal(count_entries(dir), 1);
	diag_finish(&d);
	rm_tree(dir);
}

static void atomic__remove_stale_takes_only_temporary_names(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	static const char *const stale[] = {
	        ".deck.da.print.pdf.tmp-Ab12Cd",
	        "png/deck.da/.001-T01-front.png.tmp-XyZ123",
	};
	static const char *const kept[] = {
	        "deck.da.print.pdf",
	        ".deck.da.print.pdf.tmp-Ab12C",   /* five letters */
	        "deck.da.print.pdf.tmp-Ab12Cd",   /* no dot first */
	        ".tmp-Ab12Cd",                    /* no name */
	        ".deck.da.print.pdf.tmp-Ab12Cd~", /* something after */
	        ".deck.da.print.pdf.tmp-Ab_2Cd",  /* not a letter or digit */
	        "png/deck.da/001-T01-front.png",
	};
	assert_int_equal(mkdir(in(dir, "png"), 0777), 0);
	assert_int_equal(mkdir(in(dir, "png/deck.da"), 0777), 0);
	assert_int_equal(mkdir(in(dir, ".folder.tmp-Ab12Cd"), 0777), 0);
	for (size_t i = 0; i < sizeof(stale) / sizeof(*stale); i++)
		touch(in(dir, stale[i]));
	for (size_t i = 0; i < sizeof(kept) / sizeof(*kept); i++)
		touch(in(dir, kept[i]));
	/* a link is never followed nor removed */
	char *other = make_tmp_dir();
	touch(in(other, ".x.pdf.tmp-Ab12Cd"));
	assert_int_equal(symlink(in(other, ".x.pdf.tmp-Ab12Cd"), in(dir, ".y.pdf.tmp-Ab12Cd")), 0);
	assert_int_equal(symlink(other, in(dir, "elsewhere")), 0);

	assert_int_equal(atomic_remove_stale(dir), 2);
	struct stat st;
	for (size_t i = 0; i < sizeof(stale) / sizeof(*stale); i++)
		assert_int_not_equal(lstat(in(dir, stale[i]), &st), 0);
	for (size_t i = 0; i < sizeof(kept) / sizeof(*kept); i++)
		assert_int_equal(lstat(in(dir, kept[i]), &st), 0);
	assert_int_equal(lstat(in(dir, ".folder.tmp-Ab12Cd"), &st), 0);
	assert_int_equal(lstat(in(dir, ".y.pdf.tmp-Ab12Cd"), &st), 0);
	assert_int_equal(count_entries(other), 1);
	rm_tree(other);
	rm_tree(dir);
}

static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static bool has_text(const char *path, const char *text)
{
	char got[64] = "";
	FILE *fp = fopen(path, "r");
	if (!fp)
		return false;
	size_t n = fread(got, 1, sizeof(got) - 1, fp);
	fclose(fp);
	got[n] = '\0';
	return strcmp(got, text) == 0;
}

/* A helper's folder (build/deck.c's crew): the files written into it are
 * adopted, held with the process's own and renamed into place at the end
 * of the hold, or at once without one; the folder goes with what is left. */
static void atomic__a_helpers_folder_is_adopted_then_removed(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	int handle;
	char *crew = atomic_make_dir(dir, &handle);
	assert_non_null(crew);
	const char *slash = strrchr(crew, '/');
	assert_non_null(slash);
	assert_int_equal(strncmp(slash + 1, ".deckpress-crew.tmp-", 20), 0);
	assert_int_equal(strlen(slash + 1), 26);
	struct stat st;
	assert_int_equal(stat(crew, &st), 0);
	assert_true(S_ISDIR(st.st_mode));

	struct diag d;
	diag_init(&d);
	char *a = strdup(in(crew, ".a.png.tmp-helper")), *b = strdup(in(crew, ".b.png.tmp-helper"));
	write_text(a, "new a");
	write_text(b, "new b");
	write_text(in(dir, "a.png"), "old a");
	atomic_hold_begin();
	assert_true(atomic_adopt(a, in(dir, "a.png"), &d));
	assert_true(has_text(in(dir, "a.png"), "old a")); /* held: not yet */
	assert_true(atomic_hold_end(true, &d));
	assert_true(has_text(in(dir, "a.png"), "new a"));
	assert_true(atomic_adopt(b, in(dir, "b.png"), &d)); /* no hold: at once */
	assert_true(has_text(in(dir, "b.png"), "new b"));
	/* a hold not kept removes what it adopted */
	write_text(a, "newer a");
	atomic_hold_begin();
	assert_true(atomic_adopt(a, in(dir, "a.png"), &d));
	assert_true(atomic_hold_end(false, &d));
	assert_true(has_text(in(dir, "a.png"), "new a"));
	assert_int_not_equal(stat(a, &st), 0);
	/* one it cannot rename is reported */
	assert_false(atomic_adopt(in(crew, ".none.png.tmp-helper"), in(dir, "none.png"), &d));
	assert_int_equal(d.len, 1);
	diag_finish(&d);

	write_text(in(crew, ".c.png.tmp-helper"), "left over");
	atomic_remove_dir(crew, handle);
	assert_int_equal(count_entries(dir), 2); /* a.png, b.png */
	atomic_remove_dir(NULL, 0);
	free(a);
	free(b);
	rm_tree(dir);
}

static void make_dir_then_die(const char *dir)
{
	atomic_become_helper(); /* the slots are this process's, not the test's */
	int handle;
	char *crew = atomic_make_dir(dir, &handle);
	if (!crew)
		_exit(2);
	touch(in(crew, ".p.png.tmp-helper"));
	kill(getpid(), SIGTERM);
	_exit(3); /* not reached */
}

/* Killed by a stop signal, the process removes its helpers' folder; one a
 * killed build left is stale, and only such a folder is taken. */
static void atomic__a_helpers_folder_goes_with_a_signal_or_as_stale(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	int status = run_forked(make_dir_then_die, dir);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_int_equal(count_entries(dir), 0);

	static const char *const folders[] = {
	        "png/deck.da/.deckpress-crew.tmp-Ab12Cd",     /* stale */
	        "png/deck.da/.deckpress-crew.tmp-Ab12C",      /* five letters */
	        "png/deck.da/.deckpress-crewx.tmp-Ab12Cd",    /* another name */
	        "png/deck.da/.web.tmp-Ab12Cd",                /* another part's */
	        "png/deck.da/a/b/.deckpress-crew.tmp-Zz99zz", /* deeper than three */
	};
	assert_int_equal(mkdir(in(dir, "png"), 0777), 0);
	assert_int_equal(mkdir(in(dir, "png/deck.da"), 0777), 0);
	assert_int_equal(mkdir(in(dir, "png/deck.da/a"), 0777), 0);
	assert_int_equal(mkdir(in(dir, "png/deck.da/a/b"), 0777), 0);
	for (size_t i = 0; i < sizeof(folders) / sizeof(*folders); i++) {
		assert_int_equal(mkdir(in(dir, folders[i]), 0777), 0);
		char *inner = strdup(in(dir, folders[i]));
		touch(in(inner, i == 0 ? ".p.png.tmp-helper" : "p.png"));
		free(inner);
	}
	struct stat st;
	assert_int_equal(atomic_remove_stale(dir), 1);
	assert_int_not_equal(stat(in(dir, folders[0]), &st), 0);
	for (size_t i = 1; i < sizeof(folders) / sizeof(*folders); i++)
		assert_int_equal(stat(in(dir, folders[i]), &st), 0);
	rm_tree(dir);
}

static long waited_for;

static void record_wait(long pid, const char *dir)
{
	(void)dir;
	waited_for = pid;
}

static void never_wait(long pid, const char *dir)
{
	(void)pid;
	(void)dir;
	fail_msg("waited for a lock nobody holds");
}

static void hold_lock_briefly(const char *dir)
{
	struct diag d;
	diag_init(&d);
	struct atomic_lock l;
	if (!atomic_lock_dir(&l, dir, never_wait, &d))
		_exit(2);
	touch(in(dir, "held"));
	sleep_ms(300);
	touch(in(dir, "released"));
	/* removes the file the parent waits on: it must lock a new one */
	atomic_unlock_dir(&l);
	_exit(0);
}

static void atomic__second_lock_waits_for_the_first(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	char *out = strdup(in(dir, "out"));
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		hold_lock_briefly(out);
	struct stat st;
	for (int i = 0; i < 500 && stat(in(out, "held"), &st) != 0; i++)
		sleep_ms(10);
	assert_int_equal(stat(in(out, "held"), &st), 0);

	struct diag d;
	diag_init(&d);
	struct atomic_lock l;
	assert_true(atomic_lock_dir(&l, out, record_wait, &d));
	assert_true(l.held);
	assert_int_equal(waited_for, pid);
	assert_int_equal(stat(in(out, "released"), &st), 0);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	atomic_unlock_dir(&l);
	assert_false(l.held);
	assert_int_not_equal(stat(in(out, ".deckpress.lock"), &st), 0); /* removed */
	atomic_unlock_dir(&l);                                          /* again: not held */

	/* free again: no wait */
	assert_true(atomic_lock_dir(&l, out, never_wait, &d));
	atomic_unlock_dir(&l);
	assert_false(diag_has_errors(&d));
	diag_finish(&d);
	free(out);
	rm_tree(dir);
}

/* Holds the lock of dir/out, a folder it makes, for a while, then unlocks,
 * which removes the folder (it is empty) before it lets go of the lock. */
static void hold_made_folder(const char *dir)
{
	struct diag d;
	diag_init(&d);
	struct atomic_lock l;
	if (!atomic_lock_dir(&l, in(dir, "out"), never_wait, &d) || !l.made)
		_exit(2);
	touch(in(dir, "held"));
	sleep_ms(300);
	atomic_unlock_dir(&l);
	_exit(0);
}

/* A lock that made its folder removes it as it ends when nothing is in it
 * (a build that wrote nothing leaves nothing), a folder that was there
 * stays, and a build waiting for that lock makes the folder again. */
static void atomic__a_lock_removes_the_empty_folder_it_made(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	struct diag d;
	diag_init(&d);
	struct atomic_lock l;
	struct stat st;
	assert_true(atomic_lock_dir(&l, in(dir, "new/out"), never_wait, &d));
	assert_int_equal(stat(in(dir, "new/out"), &st), 0);
	atomic_unlock_dir(&l);
	assert_int_not_equal(stat(in(dir, "new/out"), &st), 0);
	assert_int_equal(stat(in(dir, "new"), &st), 0); /* only the folder itself */
	assert_true(atomic_lock_dir(&l, in(dir, "new"), never_wait, &d));
	atomic_unlock_dir(&l);
	assert_int_equal(stat(in(dir, "new"), &st), 0); /* it was there */

	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		hold_made_folder(dir);
	for (int i = 0; i < 500 && stat(in(dir, "held"), &st) != 0; i++)
		sleep_ms(10);
	assert_int_equal(stat(in(dir, "held"), &st), 0);
	assert_true(atomic_lock_dir(&l, in(dir, "out"), record_wait, &d));
	assert_true(l.held);
	assert_int_equal(stat(in(dir, "out/.deckpress.lock"), &st), 0);
	/* the holder removed the folder while it held the lock: this one
	 * found it gone, made it again, and will remove it in turn */
	assert_non_null(l.made);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	atomic_unlock_dir(&l);
	assert_int_not_equal(stat(in(dir, "out"), &st), 0);
	assert_false(diag_has_errors(&d));
	diag_finish(&d);
	rm_tree(dir);
}

static void atomic__lock_reports_a_file_in_the_way(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	touch(in(dir, "out"));
	char *out = strdup(in(dir, "out"));
	struct diag d;
	diag_init(&d);
	struct atomic_lock l;
	assert_false(atomic_lock_dir(&l, out, never_wait, &d));
	assert_int_equal(l.fd, -1);
	assert_int_equal(diag_get_error_count(&d), 1);
	diag_finish(&d);
	free(out);
	rm_tree(dir);
}

/* A file is written into folders that do not exist yet (made on the way),
 * with the mode an ordinary file gets from the umask; a file where a
 * folder should be is reported and nothing is written. */
static void atomic__open_makes_the_folders_and_keeps_the_umask(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	mode_t mask = umask(027);
	struct diag d;
	diag_init(&d);
	char *deep = strdup(in(dir, "a/b/c/card.png"));
	assert_true(atomic_write_file(deep, "png", 3, &d));
	struct stat st;
	assert_int_equal(stat(deep, &st), 0);
	assert_int_equal(st.st_size, 3);
	assert_int_equal(st.st_mode & 0777, 0640);
	/* a second file in the same folder, and one beside it */
	assert_true(atomic_write_file(in(dir, "a/b/c/back.png"), "png", 3, &d));
	assert_true(atomic_write_file(in(dir, "a/b/d/x.png"), "x", 1, &d));
	assert_int_equal(diag_get_error_count(&d), 0);
	/* a/f is a file: nothing can be made under it */
	touch(in(dir, "a/f"));
	struct atomic_file f;
	assert_false(atomic_open(&f, in(dir, "a/f/g/card.png"), &d));
	assert_false(atomic_open(&f, in(dir, "a/f/card.png"), &d));
	assert_int_equal(diag_get_error_count(&d), 2);
	assert_null(f.fp);
	umask(mask);
	diag_finish(&d);
	free(deep);
	rm_tree(dir);
}

/* An unnamed file leaves no name in the folder it is made in (or in the
 * one it falls back to when that folder does not exist), reads back what
 * was written, and is gone once aborted. */
static void atomic__unnamed_file_has_no_name_and_reads_back(void **state)
{
	(void)state;
	char *dir = make_tmp_dir();
	const char *near[] = {in(dir, "a.print.pdf"), in(dir, "missing/a.print.pdf")};
	for (size_t i = 0; i < 2; i++) {
		struct atomic_file f;
		assert_true(atomic_open_unnamed(&f, near[i]));
		assert_null(f.tmp_path);
		assert_int_equal(atomic_write_cairo(&f, (const unsigned char *)"%PDF-1.5\n", 9),
		                 CAIRO_STATUS_SUCCESS);
		assert_int_equal(count_entries(dir), 0);
		FILE *r = atomic_reopen_read(&f);
		assert_non_null(r);
		char got[16] = {0};
		assert_int_equal(fread(got, 1, sizeof(got), r), 9);
		assert_string_equal(got, "%PDF-1.5\n");
		fclose(r);
		atomic_abort(&f);
		assert_null(f.fp);
	}
	assert_int_equal(count_entries(dir), 0);
	rm_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(atomic__temp_file_is_removed_when_killed_by_sigterm),
	        cmocka_unit_test(atomic__temp_files_are_removed_at_exit),
	        cmocka_unit_test(atomic__a_forked_child_leaves_the_parents_files),
	        cmocka_unit_test(atomic__tracked_folder_is_removed_when_killed_by_sigint),
	        cmocka_unit_test(atomic__a_handler_of_the_caller_is_kept),
	        cmocka_unit_test(atomic__committed_and_aborted_files_leave_the_handler_list),
	        cmocka_unit_test(atomic__remove_stale_takes_only_temporary_names),
	        cmocka_unit_test(atomic__a_helpers_folder_is_adopted_then_removed),
	        cmocka_unit_test(atomic__a_helpers_folder_goes_with_a_signal_or_as_stale),
	        cmocka_unit_test(atomic__unnamed_file_has_no_name_and_reads_back),
	        cmocka_unit_test(atomic__open_makes_the_folders_and_keeps_the_umask),
	        cmocka_unit_test(atomic__second_lock_waits_for_the_first),
	        cmocka_unit_test(atomic__a_lock_removes_the_empty_folder_it_made),
	        cmocka_unit_test(atomic__lock_reports_a_file_in_the_way),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
