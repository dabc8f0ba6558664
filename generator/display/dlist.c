#include "display/dlist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void dlist_init(struct dlist *l, double trim_w, double trim_h, double bleed)
{
	*l = (struct dlist){.trim_w = trim_w, .trim_h = trim_h, .bleed = bleed};
}

static void op_finish(struct dl_op *op)
{
	switch (op->kind) {
	case DL_PATH:
		free(op->u.path.segs);
		break;
	case DL_TEXT:
		rich_finish(&op->u.text.rich);
		for (size_t i = 0; i < op->u.text.nlinks; i++)
			free(op->u.text.links[i].dest);
		free(op->u.text.links);
		if (op->u.text.layout)
			g_object_unref(op->u.text.layout);
		break;
	case DL_IMAGE:
		free(op->u.image.path);
		break;
	case DL_DEST:
		free(op->u.dest.name);
		break;
	case DL_BOOKMARK:
		free(op->u.bookmark.title);
		free(op->u.bookmark.dest);
		break;
	case DL_GROUP:
	case DL_END:
	case DL_INSET:
		break;
	}
}

void dlist_truncate(struct dlist *l, size_t count)
{
	for (size_t i = count; i < l->count; i++)
		op_finish(&l->ops[i]);
	if (count < l->count)
		l->count = count;
}

void dlist_finish(struct dlist *l)
{
	dlist_truncate(l, 0);
	free(l->ops);
	*l = (struct dlist){0};
}

static struct dl_op *add(struct dlist *l, enum dl_kind kind)
{
	XGROW(l->ops, l->cap, l->count + 1);
	struct dl_op *op = &l->ops[l->count++];
	*op = (struct dl_op){.kind = kind};
	return op;
}

struct dl_path *dlist_add_path(struct dlist *l, unsigned flags)
{
	struct dl_path *p = &add(l, DL_PATH)->u.path;
	p->flags = flags;
	p->width = 1;
	return p;
}

struct dl_text *dlist_add_text(struct dlist *l)
{
	struct dl_text *t = &add(l, DL_TEXT)->u.text;
	rich_init(&t->rich);
	return t;
}

struct dl_image *dlist_add_image(struct dlist *l, const char *path, struct box box, bool cover)
{
	struct dl_image *im = &add(l, DL_IMAGE)->u.image;
	*im = (struct dl_image){.path = xstrdup(path), .box = box, .cover = cover};
	return im;
}

struct dl_group *dlist_add_group(struct dlist *l)
{
	struct dl_group *g = &add(l, DL_GROUP)->u.group;
	g->sx = g->sy = 1;
	return g;
}

void dlist_add_end(struct dlist *l)
{
	add(l, DL_END);
}

void dlist_add_dest(struct dlist *l, const char *name, double x, double y)
{
	add(l, DL_DEST)->u.dest = (struct dl_dest){.name = xstrdup(name), .x = x, .y = y};
}

void dlist_add_bookmark(struct dlist *l, int level, const char *title, const char *dest)
{
	add(l, DL_BOOKMARK)->u.bookmark = (struct dl_bookmark){
	        .level = level, .title = xstrdup(title), .dest = xstrdup(dest)};
}

void dlist_add_inset(struct dlist *l, double x, double y, double k, struct box part)
{
	add(l, DL_INSET)->u.inset = (struct dl_inset){.x = x, .y = y, .k = k, .part = part};
}

void dl_text_set_rich(struct dl_text *t, const struct rich *r)
{
	rich_finish(&t->rich);
	rich_init(&t->rich);
	rich_append_plain(&t->rich, r->text, r->len, 0);
	XGROW(t->rich.spans, t->rich.cap, r->nspans ? r->nspans : 1);
	if (r->nspans)
		memcpy(t->rich.spans, r->spans, r->nspans * sizeof(*r->spans));
	t->rich.nspans = r->nspans;
}

static void op_copy(struct dl_op *out, const struct dl_op *in)
{
	*out = *in;
	switch (in->kind) {
	case DL_PATH:
		out->u.path.segs =
		        xcalloc(in->u.path.nsegs ? in->u.path.nsegs : 1, sizeof(*in->u.path.segs));
		if (in->u.path.nsegs)
			memcpy(out->u.path.segs, in->u.path.segs,
			       in->u.path.nsegs * sizeof(*in->u.path.segs));
		out->u.path.cap = in->u.path.nsegs;
		break;
	case DL_TEXT:
		rich_init(&out->u.text.rich);
		dl_text_set_rich(&out->u.text, &in->u.text.rich);
		out->u.text.links = NULL;
		out->u.text.nlinks = 0;
		for (size_t i = 0; i < in->u.text.nlinks; i++) {
			const struct dl_link *k = &in->u.text.links[i];
			dl_text_add_link(&out->u.text, k->start, k->end, k->color, k->dest);
		}
		if (in->u.text.layout)
			g_object_ref(in->u.text.layout);
		break;
	case DL_IMAGE:
		out->u.image.path = xstrdup(in->u.image.path);
		break;
	case DL_DEST:
		out->u.dest.name = xstrdup(in->u.dest.name);
		break;
	case DL_BOOKMARK:
		out->u.bookmark.title = xstrdup(in->u.bookmark.title);
		out->u.bookmark.dest = xstrdup(in->u.bookmark.dest);
		break;
	case DL_GROUP:
	case DL_END:
	case DL_INSET:
		break;
	}
}

void dlist_append(struct dlist *l, const struct dlist *src)
{
	XGROW(l->ops, l->cap, l->count + src->count);
	for (size_t i = 0; i < src->count; i++)
		op_copy(&l->ops[l->count++], &src->ops[i]);
}

static void seg(struct dl_path *p, enum dl_seg_kind kind, double a, double b, double c, double d,
                double e, double f)
{
	XGROW(p->segs, p->cap, p->nsegs + 1);
	p->segs[p->nsegs++] = (struct dl_seg){kind, {a, b, c, d, e, f}};
}

void dl_path_move_to(struct dl_path *p, double x, double y)
{
	seg(p, DL_SEG_MOVE, x, y, 0, 0, 0, 0);
}

void dl_path_line_to(struct dl_path *p, double x, double y)
{
	seg(p, DL_SEG_LINE, x, y, 0, 0, 0, 0);
}

void dl_path_curve_to(struct dl_path *p, double x1, double y1, double x2, double y2, double x3,
                      double y3)
{
	seg(p, DL_SEG_CURVE, x1, y1, x2, y2, x3, y3);
}

void dl_path_arc(struct dl_path *p, double cx, double cy, double r, double a0, double a1)
{
	seg(p, DL_SEG_ARC, cx, cy, r, a0, a1, 0);
}

void dl_path_close(struct dl_path *p)
{
	seg(p, DL_SEG_CLOSE, 0, 0, 0, 0, 0, 0);
}

void dl_path_rect(struct dl_path *p, struct box b, double radius)
{
	seg(p, DL_SEG_RECT, b.x, b.y, b.w, b.h, radius, 0);
}

void dl_path_ellipse(struct dl_path *p, struct box b)
{
	seg(p, DL_SEG_ELLIPSE, b.x, b.y, b.w, b.h, 0, 0);
}

void dl_path_set_fill(struct dl_path *p, struct color c)
{
	p->has_fill = true;
	p->fill = c;
}

void dl_path_set_stroke(struct dl_path *p, struct color c, double width)
{
	p->has_stroke = true;
	p->stroke = c;
	p->width = width;
}

void dl_text_add_link(struct dl_text *t, size_t start, size_t end, struct color c, const char *dest)
{
	t->links = xreallocarray(t->links, t->nlinks + 1, sizeof(*t->links));
	t->links[t->nlinks++] = (struct dl_link){
	        .start = start, .end = end, .color = c, .dest = dest ? xstrdup(dest) : NULL};
}

struct box *dlist_get_text_boxes(const struct dlist *l, size_t *count)
{
	struct box *out = xcalloc(l->count ? l->count : 1, sizeof(*out));
	*count = 0;
	for (size_t i = 0; i < l->count; i++) {
		const struct dl_op *op = &l->ops[i];
		if (op->kind != DL_TEXT || !op->u.text.rich.len)
			continue;
		const struct dl_text *t = &op->u.text;
		struct box b = t->box;
		if (t->angle != 0) {
			double ca = fabs(cos(t->angle)), sa = fabs(sin(t->angle));
			double w = b.w * ca + b.h * sa, h = b.w * sa + b.h * ca;
			b = (struct box){b.x + b.w / 2 - w / 2, b.y + b.h / 2 - h / 2, w, h};
		}
		out[(*count)++] = b;
	}
	return out;
}

/* ---- dump ---- */

static void put_color(struct buf *out, struct color c)
{
	buf_printf(out, "#%02x%02x%02x", (unsigned)lround(c.r * 255), (unsigned)lround(c.g * 255),
	           (unsigned)lround(c.b * 255));
}

static void put_box(struct buf *out, struct box b)
{
	buf_printf(out, "%.3f %.3f %.3f %.3f", b.x, b.y, b.w, b.h);
}

static const char *const seg_names[] = {"M", "L", "C", "A", "Z", "R", "E"};
static const int seg_args[] = {2, 2, 6, 5, 0, 5, 4};

static void dump_path(const struct dl_path *p, struct buf *out)
{
	buf_puts(out, "path");
	for (size_t i = 0; i < p->nsegs; i++) {
		const struct dl_seg *s = &p->segs[i];
		buf_printf(out, " %s", seg_names[s->kind]);
		for (int k = 0; k < seg_args[s->kind]; k++)
			buf_printf(out, " %.3f", s->v[k]);
	}
	if (p->has_fill) {
		buf_puts(out, " fill ");
		put_color(out, p->fill);
	}
	if (p->has_stroke) {
		buf_puts(out, " stroke ");
		put_color(out, p->stroke);
		buf_printf(out, " %.3f", p->width);
		if (p->line_cap != DL_CAP_KEEP)
			buf_puts(out, p->line_cap == DL_CAP_ROUND ? " cap=round" : " cap=butt");
		if (p->line_join != DL_JOIN_KEEP)
			buf_puts(out,
			         p->line_join == DL_JOIN_ROUND ? " join=round" : " join=miter");
		if (p->dash_mode == DL_DASH_SOLID)
			buf_puts(out, " solid");
		else if (p->dash_mode == DL_DASH_ON_OFF)
			buf_printf(out, " dash=%.3f,%.3f", p->dash[0], p->dash[1]);
	}
	if (p->flags & DL_NEW_PATH_BEFORE)
		buf_puts(out, " new-before");
	if (p->flags & DL_NEW_PATH_AFTER)
		buf_puts(out, " new-after");
}

static void dump_text(const struct dl_text *t, struct buf *out)
{
	buf_puts(out, "text ");
	put_box(out, t->box);
	buf_printf(out, " size=%.3f width=%.3f", t->style.size, t->width);
	if (t->dy != 0)
		buf_printf(out, " dy=%.3f", t->dy);
	if (t->angle != 0)
		buf_printf(out, " angle=%.3f", t->angle);
	if (t->place == DL_PLACE_CENTRED)
		buf_puts(out, " centred");
	static const char *const setups[] = {"", " cell", " cell-markup", " plain"};
	buf_puts(out, setups[t->setup]);
	if (t->place == DL_PLACE_ORIGIN)
		buf_puts(out, " origin");
	if (t->offset)
		buf_printf(out, " offset=%.3f,%.3f", t->off_x, t->off_y);
	if (t->lines)
		buf_printf(out, " lines=%d+%d", t->first_line, t->nlines);
	buf_puts(out, " ");
	put_color(out, t->color);
	for (size_t i = 0; i < t->nlinks; i++)
		buf_printf(out, " link=%zu-%zu:%s", t->links[i].start, t->links[i].end,
		           t->links[i].dest ? t->links[i].dest : "-");
	buf_puts(out, " \"");
	for (size_t i = 0; i < t->rich.len; i++) {
		char c = t->rich.text[i];
		if (c == '\n')
			buf_puts(out, "\\n");
		else
			buf_putc(out, c);
	}
	buf_puts(out, "\"");
}

static void dump_op(const struct dl_op *op, struct buf *out)
{
	switch (op->kind) {
	case DL_PATH:
		dump_path(&op->u.path, out);
		break;
	case DL_TEXT:
		dump_text(&op->u.text, out);
		break;
	case DL_IMAGE:
		buf_printf(out, "image %s ", op->u.image.cover ? "cover" : "fit");
		put_box(out, op->u.image.box);
		if (op->u.image.angle != 0)
			buf_printf(out, " angle=%.3f", op->u.image.angle);
		buf_printf(out, " %s", op->u.image.path);
		break;
	case DL_GROUP:
		buf_puts(out, "group");
		if (op->u.group.transform)
			buf_printf(out, " translate %.3f %.3f scale %.3f %.3f", op->u.group.tx,
			           op->u.group.ty, op->u.group.sx, op->u.group.sy);
		if (op->u.group.clip) {
			buf_puts(out, " clip ");
			put_box(out, op->u.group.clip_box);
		}
		break;
	case DL_END:
		buf_puts(out, "end");
		break;
	case DL_DEST:
		buf_printf(out, "dest %s %.3f %.3f", op->u.dest.name, op->u.dest.x, op->u.dest.y);
		break;
	case DL_INSET:
		buf_printf(out, "inset %.3f %.3f k=%.3f part ", op->u.inset.x, op->u.inset.y,
		           op->u.inset.k);
		put_box(out, op->u.inset.part);
		break;
	case DL_BOOKMARK:
		buf_printf(out, "bookmark %d %s \"%s\"", op->u.bookmark.level, op->u.bookmark.dest,
		           op->u.bookmark.title);
		break;
	}
}

void dlist_dump(const struct dlist *l, struct buf *out)
{
	buf_printf(out, "page %.3f %.3f bleed %.3f\n", l->trim_w, l->trim_h, l->bleed);
	int depth = 0;
	for (size_t i = 0; i < l->count; i++) {
		if (l->ops[i].kind == DL_END && depth > 0)
			depth--;
		for (int k = 0; k < depth; k++)
			buf_puts(out, "  ");
		dump_op(&l->ops[i], out);
		buf_putc(out, '\n');
		if (l->ops[i].kind == DL_GROUP)
			depth++;
	}
}
