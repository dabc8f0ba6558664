/* The web edition (build/web, build/web_page): a build with --format web of
 * a small kit, whose pages must hold the cards' texts escaped and without
 * markup, category labels that read (black on a light colour), the tools
 * by theme, and nothing left beside the site. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "build/build.h"
#include "util/buf.h"
#include "util/exitcode.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static const char kit_yaml[] = "kind: kit\nid: kit\ntitle: {da: Prøvekit, en: Test kit}\n"
                               "languages: [da, en]\nauthor: Test\n";

static const char deck_yaml[] =
        "kind: deck\nid: mini\ntitle: {da: Mini, en: \"=\"}\nsize: poker\ntemplate: mini\n"
        "about:\n  theme: {da: Dialog, en: Dialogue}\n  purpose: P\n  description: D\n"
        "  duration: 30\n  group: 3-6\n"
        "types:\n  question: {label: {da: Spørgsmål, en: Question}}\n"
        "categories:\n  - {id: lys, name: {da: Lys, en: Light}, color: \"#F0E68C\"}\n"
        "cards:\n  - id: T01\n    category: lys\n    type: question\n    level: 2\n"
        "    text: {da: Hvad?, en: \"Is <b> & \\\"it\\\" **bold**?\"}\n";

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	struct buf b;
	buf_init(&b);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, n);
	fclose(fp);
	return buf_detach(&b);
}

static void put(const char *dir, const char *name, const char *text)
{
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/%s", dir, name);
	FILE *fp = fopen(buf_str(&p), "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	buf_finish(&p);
}

static void web__pages_hold_the_texts_escaped_and_readable(void **state)
{
	(void)state;
	char tmp[] = "/tmp/deckpress-test-web-XXXXXX";
	assert_non_null(mkdtemp(tmp));
	struct buf kit, out, path;
	buf_init(&kit);
	buf_init(&out);
	buf_init(&path);
	buf_printf(&kit, "%s/kit", tmp);
	buf_printf(&out, "%s/out", tmp);
	assert_int_equal(mkdir(buf_str(&kit), 0755), 0);
	put(buf_str(&kit), "kit.yaml", kit_yaml);
	put(buf_str(&kit), "deck.yaml", deck_yaml);
	buf_printf(&path, "%s/templates", buf_str(&kit));
	assert_int_equal(mkdir(buf_str(&path), 0755), 0);
	char *tpl = slurp("tests/cases/_base/kit/templates/mini.yaml");
	put(buf_str(&path), "mini.yaml", tpl);
	free(tpl);
	buf_clear(&path);

	const char *paths[] = {buf_str(&kit)};
	struct build_outputs outs = {0};
	struct build_options opt;
	build_options_init(&opt, true, ".");
	opt.paths = paths;
	opt.npaths = 1;
	opt.out_dir = buf_str(&out);
	opt.formats = FORMAT_WEB;
	opt.dpi = 72;
	opt.outputs = &outs;
	assert_int_equal(build_run(&opt), EXIT_OK);
	/* print and png first (the site shows them), the site last */
	assert_string_equal(outs.items[outs.count - 1].path,
	                    (buf_printf(&path, "%s/kit/web/", buf_str(&out)), buf_str(&path)));
	assert_int_equal(outs.items[outs.count - 1].format, FORMAT_WEB);

	buf_clear(&path);
	buf_printf(&path, "%s/kit/web/mini.en.html", buf_str(&out));
	char *html = slurp(buf_str(&path));
	assert_non_null(strstr(html, "Is &lt;b&gt; &amp; &quot;it&quot; bold?"));
	assert_null(strstr(html, "**"));
	assert_non_null(strstr(html, "alt=\"Light · Question: Is &lt;b&gt;"));
	/* khaki is light: its label is black, not white */
	assert_non_null(strstr(html, "style=\"background:#f0e68c;color:#000000\""));
	assert_non_null(strstr(html, "data-category=\"lys\" data-level=\"2\""));
	assert_non_null(strstr(html, "data-template=\"{shown} of {total} cards\""));
	free(html);
	buf_clear(&path);
	buf_printf(&path, "%s/kit/web/index.html", buf_str(&out));
	html = slurp(buf_str(&path));
	assert_non_null(strstr(html, "<html lang=\"da\">"));
	assert_non_null(strstr(html, "<h2>Dialog</h2>"));
	assert_non_null(strstr(html, "<li>30 min</li><li>3-6 personer</li>"));
	assert_non_null(strstr(html, "href=\"index.en.html\""));
	free(html);
	struct stat st;
	buf_clear(&path);
	buf_printf(&path, "%s/kit/web/img/mini.da/001-T01-back.png", buf_str(&out));
	assert_int_equal(stat(buf_str(&path), &st), 0);
	buf_clear(&path);
	buf_printf(&path, "%s/kit/web", buf_str(&out));
	assert_int_equal(stat(buf_str(&path), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);

	build_outputs_finish(&outs);
	buf_clear(&path);
	buf_printf(&path, "rm -rf '%s'", tmp);
	assert_int_equal(system(buf_str(&path)), 0);
	buf_finish(&kit);
	buf_finish(&out);
	buf_finish(&path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(web__pages_hold_the_texts_escaped_and_readable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
