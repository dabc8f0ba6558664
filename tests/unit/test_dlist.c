#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>
#include <pango/pangocairo.h>

#include "display/dlist.h"
#include "util/buf.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static const struct color red = {1, 0, 0}, ink = {0, 0, 0};

/* Dumps l and asserts the whole text. */
static void assert_dump(const struct dlist *l, const char *want)
{
	struct buf b;
	buf_init(&b);
	dlist_dump(l, &b);
	assert_string_equal(buf_str(&b), want);
	buf_finish(&b);
}

static void put_text(struct dlist *l, const char *src, struct box box, double angle)
{
	struct dl_text *t = dlist_add_text(l);
	const char *err;
	size_t off;
	assert_true(markup_parse(&t->rich, src, 0, &err, &off));
	t->style = (struct text_style){.family = "Inter", .weight = 400, .size = 9, .min_size = 7};
	t->width = box.w;
	t->box = box;
	t->angle = angle;
	t->color = ink;
}

static void dlist__empty_page_dumps_its_size(void **state)
{
	(void)state;
	struct dlist l;
	dlist_init(&l, 100, 50, 3);
	assert_dump(&l, "page 100.000 50.000 bleed 3.000\n");
	dlist_finish(&l);
	dlist_finish(&l); /* finishing twice is harmless */
}

static void dlist__paths_dump_segments_and_paint(void **state)
{
	(void)state;
	struct dlist l;
	dlist_init(&l, 100, 50, 0);
	struct dl_path *p = dlist_add_path(&l, DL_NEW_PATH_BEFORE | DL_NEW_PATH_AFTER);
	dl_path_rect(p, (struct box){1, 2, 3, 4}, 0.5);
	dl_path_set_fill(p, red);
	dl_path_set_stroke(p, ink, 0.25);
	p = dlist_add_path(&l, 0);
	dl_path_move_to(p, 0, 0);
	dl_path_line_to(p, 10, 0);
	dl_path_curve_to(p, 1, 2, 3, 4, 5, 6);
	dl_path_close(p);
	dl_path_set_stroke(p, red, 2);
	p->line_cap = DL_CAP_ROUND;
	p->line_join = DL_JOIN_MITER;
	p->dash_mode = DL_DASH_ON_OFF;
	p->dash[0] = 3;
	p->dash[1] = 2.1;
	p = dlist_add_path(&l, 0);
	dl_path_ellipse(p, (struct box){0, 0, 4, 2});
	dl_path_arc(p, 1, 1, 1, 0, 3.14159);
	dl_path_set_fill(p, ink);
	assert_dump(&l, "page 100.000 50.000 bleed 0.000\n"
	                "path R 1.000 2.000 3.000 4.000 0.500 fill #ff0000 stroke #000000 0.250 "
	                "new-before new-after\n"
	                "path M 0.000 0.000 L 10.000 0.000 C 1.000 2.000 3.000 4.000 5.000 6.000 Z "
	                "stroke #ff0000 2.000 cap=round join=miter dash=3.000,2.100\n"
	                "path E 0.000 0.000 4.000 2.000 A 1.000 1.000 1.000 0.000 3.142 fill "
	                "#000000\n");
	dlist_finish(&l);
}

static void dlist__groups_indent_what_they_hold(void **state)
{
	(void)state;
	struct dlist l;
	dlist_init(&l, 10, 10, 0);
	struct dl_group *g = dlist_add_group(&l);
	g->transform = g->clip = true;
	g->tx = 5;
	g->ty = 6;
	g->sx = 0.5;
	g->sy = 0.25;
	g->clip_box = (struct box){0, 0, 63, 88};
	dlist_add_image(&l, "a.png", (struct box){1, 1, 2, 2}, true);
	dlist_add_end(&l);
	dlist_add_dest(&l, "card-t01", 7, 8);
	dlist_add_bookmark(&l, 2, "Rules", "sec-1");
	assert_dump(&l, "page 10.000 10.000 bleed 0.000\n"
	                "group translate 5.000 6.000 scale 0.500 0.250 clip 0.000 0.000 63.000 "
	                "88.000\n"
	                "  image cover 1.000 1.000 2.000 2.000 a.png\n"
	                "end\n"
	                "dest card-t01 7.000 8.000\n"
	                "bookmark 2 sec-1 \"Rules\"\n");
	dlist_finish(&l);
}

static void dlist__texts_dump_their_text_and_links(void **state)
{
	(void)state;
	struct dlist l;
	dlist_init(&l, 10, 10, 0);
	put_text(&l, "**Hej**\nverden", (struct box){1, 2, 30, 10}, 0);
	struct dl_text *t = &l.ops[0].u.text;
	t->lines = true;
	t->first_line = 1;
	t->nlines = 1;
	dl_text_add_link(t, 0, 3, red, "card-t01");
	dl_text_add_link(t, 4, 6, red, NULL);
	assert_dump(&l, "page 10.000 10.000 bleed 0.000\n"
	                "text 1.000 2.000 30.000 10.000 size=9.000 width=30.000 lines=1+1 #000000 "
	                "link=0-3:card-t01 link=4-6:- \"Hej\\nverden\"\n");
	dlist_finish(&l);
}

static void dlist__append_copies_every_operation(void **state)
{
	(void)state;
	struct dlist a, b;
	dlist_init(&a, 10, 10, 0);
	dlist_init(&b, 20, 20, 1);
	put_text(&a, "*x*", (struct box){0, 0, 5, 5}, 0);
	dl_text_add_link(&a.ops[0].u.text, 0, 1, red, "d");
	dl_path_rect(dlist_add_path(&a, 0), (struct box){0, 0, 1, 1}, 0);
	dlist_add_image(&a, "i.svg", (struct box){0, 0, 1, 1}, false);
	dlist_add_dest(&a, "n", 0, 0);
	dlist_add_bookmark(&a, 1, "T", "n");
	dlist_append(&b, &a);
	struct buf da, db;
	buf_init(&da);
	buf_init(&db);
	dlist_dump(&a, &da);
	dlist_finish(&a); /* the copy owns its own memory */
	dlist_dump(&b, &db);
	assert_string_equal(strchr(buf_str(&da), '\n'), strchr(buf_str(&db), '\n'));
	assert_int_equal(b.ops[0].u.text.rich.nspans, 1);
	buf_finish(&da);
	buf_finish(&db);
	dlist_finish(&b);
}

static void dlist__truncate_drops_the_trial(void **state)
{
	(void)state;
	struct dlist l;
	dlist_init(&l, 10, 10, 0);
	dlist_add_path(&l, 0);
	put_text(&l, "trial", (struct box){0, 0, 5, 5}, 0);
	dlist_add_image(&l, "x.png", (struct box){0, 0, 1, 1}, false);
	dlist_truncate(&l, 1);
	assert_int_equal(l.count, 1);
	dlist_truncate(&l, 5); /* beyond the end: nothing */
	assert_int_equal(l.count, 1);
	dlist_finish(&l);
}

static void dlist__text_boxes_skip_empty_and_grow_turned(void **state)
{
	(void)state;
	struct dlist l;
	dlist_init(&l, 100, 100, 0);
	put_text(&l, "a", (struct box){10, 10, 40, 10}, 0);
	put_text(&l, "", (struct box){0, 0, 5, 5}, 0);
	put_text(&l, "b", (struct box){10, 10, 40, 10}, 3.14159265358979323846 / 2);
	dl_path_rect(dlist_add_path(&l, 0), (struct box){0, 0, 1, 1}, 0);
	size_t n;
	struct box *b = dlist_get_text_boxes(&l, &n);
	assert_int_equal(n, 2);
	assert_true(b[0].x == 10 && b[0].y == 10 && b[0].w == 40 && b[0].h == 10);
	/* turned a quarter: 10 wide and 40 tall about the same centre */
	assert_true(fabs(b[1].x - 25) < 1e-9 && fabs(b[1].y + 5) < 1e-9);
	assert_true(fabs(b[1].w - 10) < 1e-9 && fabs(b[1].h - 40) < 1e-9);
	free(b);
	dlist_finish(&l);
}

static void dlist__turned_image_dumps_its_angle_and_die_radius_stays_behind(void **state)
{
	(void)state;
	struct dlist l, doc;
	dlist_init(&l, 100, 100, 0);
	l.die_radius = 8.5;
	dlist_add_image(&l, "a.png", (struct box){1, 2, 3, 4}, false)->angle = 3.14159265358979;
	dlist_add_image(&l, "b.png", (struct box){1, 2, 3, 4}, false);
	assert_dump(&l, "page 100.000 100.000 bleed 0.000\n"
	                "image fit 1.000 2.000 3.000 4.000 angle=3.142 a.png\n"
	                "image fit 1.000 2.000 3.000 4.000 b.png\n");
	/* a card drawn into another page brings its operations, not its cut */
	dlist_init(&doc, 200, 200, 0);
	dlist_append(&doc, &l);
	assert_int_equal(doc.count, 2);
	assert_float_equal(doc.die_radius, 0, 0);
	assert_float_equal(doc.ops[0].u.image.angle, 3.14159265358979, 0);
	dlist_finish(&doc);
	dlist_finish(&l);
}

/* A text's fitted layout goes with the text: a copy shares it, and each
 * list lets go of its own reference. */
static void dlist__texts_hold_their_layout(void **state)
{
	(void)state;
	PangoFontMap *map = pango_cairo_font_map_new();
	PangoContext *ctx = pango_font_map_create_context(map);
	PangoLayout *lay = pango_layout_new(ctx);
	struct dlist a, b;
	dlist_init(&a, 100, 100, 0);
	dlist_init(&b, 100, 100, 0);
	struct dl_text *t = dlist_add_text(&a);
	t->layout = g_object_ref(lay);
	dlist_append(&b, &a);
	assert_ptr_equal(b.ops[0].u.text.layout, lay);
	assert_int_equal(G_OBJECT(lay)->ref_count, 3);
	dlist_finish(&a);
	assert_int_equal(G_OBJECT(lay)->ref_count, 2);
	dlist_truncate(&b, 0);
	assert_int_equal(G_OBJECT(lay)->ref_count, 1);
	dlist_finish(&b);
	g_object_unref(lay);
	g_object_unref(ctx);
	g_object_unref(map);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(dlist__empty_page_dumps_its_size),
	        cmocka_unit_test(dlist__paths_dump_segments_and_paint),
	        cmocka_unit_test(dlist__groups_indent_what_they_hold),
	        cmocka_unit_test(dlist__texts_dump_their_text_and_links),
	        cmocka_unit_test(dlist__append_copies_every_operation),
	        cmocka_unit_test(dlist__truncate_drops_the_trial),
	        cmocka_unit_test(dlist__texts_hold_their_layout),
	        cmocka_unit_test(dlist__text_boxes_skip_empty_and_grow_turned),
	        cmocka_unit_test(dlist__turned_image_dumps_its_angle_and_die_radius_stays_behind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
