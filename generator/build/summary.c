#include "build/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/deck.h"
#include "translate/translate.h"
#include "util/buf.h"
#include "util/mem.h"

/* The status of one language over the texts of one item. */
struct lang_status {
	const char *code;
	size_t have;
	struct buf missing, empty, same, outdated; /* "card T05 text, ..." */
};

struct tally {
	size_t texts;
	struct lang_status *langs;
	size_t nlangs;
};

static void add_ref(struct buf *b, const char *owner, const char *field)
{
	buf_printf(b, "%s%s%s%s", b->len ? ", " : "", owner, owner[0] ? " " : "", field);
}

/* Counts one human text: a plain string counts for every language. */
static void count_text(struct tally *t, const struct item_text *x)
{
	t->texts++;
	if (x->plain) {
		for (size_t i = 0; i < t->nlangs; i++)
			t->langs[i].have++;
		return;
	}
	if (!x->s)
		return;
	const char *src = t->nlangs ? x->s[0] : NULL;
	for (size_t i = 0; i < t->nlangs; i++) {
		struct lang_status *l = &t->langs[i];
		const char *v = x->s[i];
		if (!v)
			add_ref(&l->missing, x->owner, x->field);
		else if (!v[0])
			add_ref(&l->empty, x->owner, x->field);
		else if (i > 0 && src && strcmp(v, src) == 0)
			add_ref(&l->same, x->owner, x->field);
		else
			l->have++;
	}
}

/* "a, b" as the JSON list ["a", "b"]; the parts never hold ", ". */
static void put_json_list(struct buf *b, const struct buf *list)
{
	buf_putc(b, '[');
	const char *p = buf_str(list);
	while (*p) {
		const char *end = strstr(p, ", ");
		char *item = xstrndup(p, end ? (size_t)(end - p) : strlen(p));
		buf_put_json_string(b, item);
		free(item);
		if (!end)
			break;
		buf_puts(b, ", ");
		p = end + 2;
	}
	buf_putc(b, ']');
}

/* How far each translated field of a deck's own is translated: a line per
 * field, or a JSON "fields" member; nothing for a deck without them. */
static void put_fields(struct buf *out, bool json, const struct kit_item *it)
{
	const struct deck *d = it->kind == KIND_DECK ? it->as.deck : NULL;
	bool first = true;
	for (size_t f = 0; d && f < d->nfields; f++) {
		if (d->fields[f].kind != DFIELD_TEXT)
			continue;
		const char *name = d->fields[f].name;
		size_t texts = 0;
		size_t *have = xcalloc(it->langs.count ? it->langs.count : 1, sizeof(*have));
		for (size_t i = 0; i < it->ntexts; i++) {
			const struct item_text *x = &it->texts[i];
			if (strncmp(x->owner, "card ", 5) != 0 || strcmp(x->field, name) != 0)
				continue;
			texts++;
			for (size_t l = 0; l < it->langs.count; l++)
				have[l] += x->plain || (x->s && x->s[l] && x->s[l][0]);
		}
		if (json) {
			buf_puts(out, first ? ", \"fields\": {" : ", ");
			buf_put_json_string(out, name);
			buf_printf(out, ": {\"texts\": %zu", texts);
		} else {
			buf_printf(out, "  field '%s': %zu texts;", name, texts);
		}
		for (size_t l = 0; l < it->langs.count; l++) {
			if (json) {
				buf_puts(out, ", ");
				buf_put_json_string(out, it->langs.codes[l]);
				buf_printf(out, ": %zu", have[l]);
			} else {
				buf_printf(out, "%s %s %zu", l ? "," : "", it->langs.codes[l],
				           have[l]);
			}
		}
		buf_puts(out, json ? "}" : "\n");
		free(have);
		first = false;
	}
	if (json && !first)
		buf_putc(out, '}');
}

static void print_item(struct buf *out, bool json, bool first, const struct kit_item *it,
                       const struct tally *t)
{
	const char *path = it->path, *kind = item_kind_names[it->kind], *id = it->id ? it->id : "?";
	if (json) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "%s{\"kind\": ", first ? "" : ", ");
		buf_put_json_string(&b, kind);
		buf_puts(&b, ", \"id\": ");
		buf_put_json_string(&b, id);
		buf_puts(&b, ", \"file\": ");
		buf_put_json_string(&b, path);
		buf_printf(&b, ", \"texts\": %zu, \"languages\": {", t->texts);
		for (size_t i = 0; i < t->nlangs; i++) {
			const struct lang_status *l = &t->langs[i];
			buf_puts(&b, i ? ", " : "");
			buf_put_json_string(&b, l->code);
			buf_printf(&b, ": {\"have\": %zu, \"missing\": ", l->have);
			put_json_list(&b, &l->missing);
			buf_puts(&b, ", \"empty\": ");
			put_json_list(&b, &l->empty);
			buf_puts(&b, ", \"same_as_source\": ");
			put_json_list(&b, &l->same);
			buf_puts(&b, ", \"outdated\": ");
			put_json_list(&b, &l->outdated);
			buf_putc(&b, '}');
		}
		buf_putc(&b, '}');
		put_fields(&b, json, it);
		buf_putc(&b, '}');
		buf_puts(out, buf_str(&b));
		buf_finish(&b);
		return;
	}
	buf_printf(out, "%s (%s): %zu texts\n", id, path, t->texts);
	for (size_t i = 0; i < t->nlangs; i++) {
		const struct lang_status *l = &t->langs[i];
		buf_printf(out, "  %-5s %zu of %zu", l->code, l->have, t->texts);
		if (l->missing.len)
			buf_printf(out, "; missing: %s", buf_str(&l->missing));
		if (l->empty.len)
			buf_printf(out, "; empty: %s", buf_str(&l->empty));
		if (l->same.len)
			buf_printf(out, "; same as %s: %s", t->langs[0].code, buf_str(&l->same));
		if (l->outdated.len)
			buf_printf(out, "; outdated: %s", buf_str(&l->outdated));
		buf_putc(out, '\n');
	}
	put_fields(out, json, it);
}

static void count_item(const struct kit *kit, const struct kit_item *it, bool json, bool first,
                       struct buf *out)
{
	size_t nl = it->langs.count;
	struct tally t = {.langs = xcalloc(nl ? nl : 1, sizeof(*t.langs)), .nlangs = nl};
	for (size_t l = 0; l < nl; l++)
		t.langs[l].code = it->langs.codes[l];
	for (size_t i = 0; i < it->ntexts; i++)
		count_text(&t, &it->texts[i]);
	for (size_t l = 1; l < nl; l++)
		translate_list_outdated(kit, it, t.langs[l].code, &t.langs[l].outdated);
	print_item(out, json, first, it, &t);
	for (size_t l = 0; l < nl; l++) {
		buf_finish(&t.langs[l].missing);
		buf_finish(&t.langs[l].empty);
		buf_finish(&t.langs[l].same);
		buf_finish(&t.langs[l].outdated);
	}
	free(t.langs);
}

void summary_format(const char *dir, const struct kit *kit, bool json, struct buf *out)
{
	if (json) {
		buf_puts(out, out->len ? ",\n    {\"kit\": " : "    {\"kit\": ");
		buf_put_json_string(out, dir);
		buf_puts(out, ", \"items\": [");
	}
	bool first = true;
	for (size_t i = 0; kit && i < kit->nitems; i++) {
		const struct kit_item *it = &kit->items[i];
		if (!it->asked ||
		    (it->kind != KIND_DECK && it->kind != KIND_BOARD && it->kind != KIND_DOCUMENT))
			continue;
		count_item(kit, it, json, first, out);
		first = false;
	}
	if (json)
		buf_puts(out, "]}");
}
