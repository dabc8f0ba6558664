#include "output/pngenc.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "util/mem.h"

/* DEFLATE's literal/length alphabet: 256 literals, end of block, 29
 * lengths. Only distance 1 is used, but the distance code gets two symbols
 * so that it is complete (some inflaters refuse an incomplete one). */
#define NSYMS 286
#define EOB 256
#define MAX_BITS 15
#define ADLER_MOD 65521u
#define RGB 0xFFFFFFu
/* DEFLATE's longest match and farthest distance */
#define MATCH_MAX 258
#define WINDOW 32768
/* the longest IDAT chunk written: any fits in a PNG, small ones suit readers
 * that take a chunk whole */
#define IDAT_MAX (1u << 20)

struct enc {
	unsigned char *p; /* the zlib stream; owned */
	size_t len, cap;
	uint64_t acc; /* bits not yet in p, the first at bit 0 */
	unsigned nbits;
	bool counting; /* a first pass over a sample: count symbols, write nothing */
	uint32_t freq[NSYMS];
	uint32_t lit_code[256];
	uint8_t lit_bits[256];
	/* a match of n bytes, its length code and extra bits, as one code */
	uint32_t len_code[MATCH_MAX + 1];
	uint8_t len_bits[MATCH_MAX + 1];
	uint8_t len_sym[MATCH_MAX + 1]; /* the length symbol minus 257 */
	/* the two distances: 1 (a run of a byte) and the row's length (the
	 * bytes above), up_dist, with their extra bits; up_dist is 0 for rows
	 * too long to reach back */
	size_t up_dist;
	uint32_t left_code, up_code;
	uint8_t left_bits, up_bits;
	uint32_t eob_code;
	uint8_t eob_bits;
	uint64_t s1, s2; /* Adler-32 of the filtered bytes */
	bool above_sub;  /* the row before was filtered Sub: copies of it work */
};

static void put_bits(struct enc *e, uint64_t code, unsigned n)
{
	e->acc |= code << e->nbits;
	e->nbits += n;
	if (e->nbits >= 32) {
		unsigned char *q = e->p + e->len;
		q[0] = (unsigned char)e->acc;
		q[1] = (unsigned char)(e->acc >> 8);
		q[2] = (unsigned char)(e->acc >> 16);
		q[3] = (unsigned char)(e->acc >> 24);
		e->len += 4;
		e->acc >>= 32;
		e->nbits -= 32;
	}
}

/* Room for n more bytes of stream, with the bits held back. */
static void reserve(struct enc *e, size_t n)
{
	if (e->len + n + 8 > e->cap) {
		e->cap = (e->len + n + 8) * 2;
		e->p = xrealloc(e->p, e->cap);
	}
}

static void literal(struct enc *e, unsigned v)
{
	if (e->counting)
		e->freq[v]++;
	else
		put_bits(e, e->lit_code[v], e->lit_bits[v]);
}

/* n ≥ 3 bytes copied from dist back (a distance code of the two), in
 * matches of at most MATCH_MAX and at least 3. */
static void copy(struct enc *e, size_t n, uint32_t dist_code, unsigned dist_bits)
{
	while (n) {
		size_t k = n <= MATCH_MAX ? n : n - MATCH_MAX < 3 ? n - 3 : MATCH_MAX;
		if (e->counting) {
			e->freq[257 + e->len_sym[k]]++;
		} else {
			put_bits(e, e->len_code[k], e->len_bits[k]);
			put_bits(e, dist_code, dist_bits);
		}
		n -= k;
	}
}

/* n ≥ 1 zero bytes: a literal zero, then copies of the byte before. */
static void zeros(struct enc *e, size_t n)
{
	e->s2 += n * e->s1;
	literal(e, 0);
	if (n >= 4)
		copy(e, n - 1, e->left_code, e->left_bits);
	else
		for (size_t i = 1; i < n; i++)
			literal(e, 0);
}

/* The Sub filter's bytes of pixel c after left, into the checksum; sent as
 * literals unless a match sends them. */
static void sub_pixel(struct enc *e, uint32_t c, uint32_t left, bool send)
{
	unsigned b[3] = {((c >> 16) - (left >> 16)) & 0xFF, ((c >> 8) - (left >> 8)) & 0xFF,
	                 (c - left) & 0xFF};
	for (int i = 0; i < 3; i++) {
		if (send)
			literal(e, b[i]);
		e->s1 += b[i];
		e->s2 += e->s1;
	}
}

/* Pixels from x on that equal the ones above (up) and differ from their
 * left neighbour (equal ones are a cheaper run of zeros): filtered, they
 * repeat the bytes above, and are sent as a copy of them. Returns the
 * first pixel after them. */
static int copy_up(struct enc *e, const uint32_t *px, const uint32_t *up, int x, int w)
{
	int k = x + 1;
	while (k < w && !((px[k] ^ up[k]) & RGB) && ((px[k] ^ px[k - 1]) & RGB))
		k++;
	for (int i = x; i < k; i++)
		sub_pixel(e, px[i] & RGB, i ? px[i - 1] & RGB : 0, false);
	copy(e, (size_t)(k - x) * 3, e->up_code, e->up_bits);
	return k;
}

/* One row; up is the row above (NULL for the first). A row equal to it is
 * filtered Up: all zeros. Any other is filtered Sub: spans of a colour go
 * as runs of zeros, and spans equal to the row above as copies of its
 * bytes when that row was filtered Sub too. */
static void encode_row(struct enc *e, const uint32_t *px, const uint32_t *up, int w)
{
	if (up && memcmp(px, up, (size_t)w * 4) == 0) {
		literal(e, 2);
		e->s1 += 2;
		e->s2 += e->s1;
		zeros(e, (size_t)w * 3);
		e->above_sub = false;
	} else {
		if (!e->up_dist || !e->above_sub)
			up = NULL;
		literal(e, 1);
		e->s1 += 1;
		e->s2 += e->s1;
		uint32_t left = 0;
		for (int x = 0; x < w;) {
			uint32_t c = px[x] & RGB;
			if (c == left) {
				int k = x + 1;
				while (k < w && (px[k] & RGB) == left)
					k++;
				zeros(e, (size_t)(k - x) * 3);
				x = k;
			} else if (up && c == (up[x] & RGB) &&
			           (!x || !((px[x - 1] ^ up[x - 1]) & RGB))) {
				x = copy_up(e, px, up, x, w);
				left = px[x - 1] & RGB;
			} else {
				sub_pixel(e, c, left, true);
				left = c;
				x++;
			}
		}
		e->above_sub = true;
	}
	e->s1 %= ADLER_MOD;
	e->s2 %= ADLER_MOD;
}

/* Huffman code lengths for freq[0..n) (symbols of frequency 0 get none),
 * at most limit bits: frequencies are halved until the code fits. */
static void code_lengths(const uint32_t *freq, int n, unsigned limit, uint8_t *bits)
{
	uint32_t f[NSYMS];
	int order[NSYMS], parent[2 * NSYMS];
	uint64_t weight[2 * NSYMS];
	uint8_t depth[2 * NSYMS];
	memcpy(f, freq, (size_t)n * sizeof(*f));
	for (;;) {
		int m = 0;
		for (int i = 0; i < n; i++)
			if (f[i])
				order[m++] = i;
		/* by frequency, then symbol: insertion sort, n is small */
		for (int i = 1; i < m; i++) {
			int s = order[i], j = i;
			for (; j > 0 && f[order[j - 1]] > f[s]; j--)
				order[j] = order[j - 1];
			order[j] = s;
		}
		if (m < 2) { /* not for our codes: each has two symbols at least */
			memset(bits, 0, (size_t)n);
			for (int i = 0; i < m; i++)
				bits[order[i]] = 1;
			return;
		}
		for (int i = 0; i < m; i++)
			weight[i] = f[order[i]];
		/* two queues: the leaves in order, the merged nodes as made */
		int leaf = 0, node = m;
		for (int k = m; k < 2 * m - 1; k++) {
			int pick[2];
			for (int t = 0; t < 2; t++) {
				if (leaf < m && (node >= k || weight[leaf] <= weight[node]))
					pick[t] = leaf++;
				else
					pick[t] = node++;
			}
			weight[k] = weight[pick[0]] + weight[pick[1]];
			parent[pick[0]] = parent[pick[1]] = k;
		}
		depth[2 * m - 2] = 0;
		unsigned longest = 0;
		for (int k = 2 * m - 3; k >= 0; k--) {
			depth[k] = (uint8_t)(depth[parent[k]] + 1);
			longest = depth[k] > longest ? depth[k] : longest;
		}
		if (longest <= limit) {
			memset(bits, 0, (size_t)n);
			for (int i = 0; i < m; i++)
				bits[order[i]] = depth[i];
			return;
		}
		for (int i = 0; i < n; i++)
			f[i] = f[i] ? (f[i] + 1) / 2 : 0;
	}
}

/* The canonical codes of the lengths bits[0..n), bit-reversed as DEFLATE
 * sends them (first bit lowest). */
static void canonical_codes(const uint8_t *bits, int n, uint32_t *codes)
{
	unsigned count[MAX_BITS + 1] = {0}, next[MAX_BITS + 1];
	for (int i = 0; i < n; i++)
		count[bits[i]]++;
	count[0] = 0;
	unsigned code = 0;
	for (int b = 1; b <= MAX_BITS; b++) {
		code = (code + count[b - 1]) << 1;
		next[b] = code;
	}
	for (int i = 0; i < n; i++) {
		if (!bits[i])
			continue;
		unsigned c = next[bits[i]]++, r = 0;
		for (unsigned b = 0; b < bits[i]; b++)
			r |= ((c >> b) & 1u) << (bits[i] - 1 - b);
		codes[i] = r;
	}
}

/* The length symbols' first lengths and extra bits (RFC 1951, 3.2.5). */
static const uint16_t len_base[29] = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                      15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                      67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                      2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};

/* The distance symbols' first distances and extra bits. */
static const uint16_t dist_base[30] = {
        1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
        193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};

static void length_symbols(struct enc *e)
{
	for (unsigned n = 3, s = 0; n <= MATCH_MAX; n++) {
		while (s < 28 && len_base[s + 1] <= n)
			s++;
		e->len_sym[n] = (uint8_t)s;
	}
}

/* The code-length code's symbols in the order the header sends them */
static const uint8_t cl_order[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                     11, 4,  12, 3, 13, 2, 14, 1, 15};

/* Sends the lengths of the two codes (nlit + ndist of them) with a code of
 * its own, as plain lengths 0-15 (no repeat codes). */
static void put_code_lengths(struct enc *e, const uint8_t *all, int nlit, int ndist)
{
	uint32_t cl_freq[19] = {0};
	for (int i = 0; i < nlit + ndist; i++)
		cl_freq[all[i]]++;
	for (int i = 0; i < 19; i++)
		if (cl_freq[i] == (uint32_t)(nlit + ndist))
			cl_freq[i ? 0 : 1] = 1; /* a code needs two symbols */
	uint8_t cl_bits[19];
	uint32_t cl_codes[19];
	code_lengths(cl_freq, 19, 7, cl_bits);
	canonical_codes(cl_bits, 19, cl_codes);
	int hclen = 19;
	while (hclen > 4 && !cl_bits[cl_order[hclen - 1]])
		hclen--;
	put_bits(e, (uint64_t)nlit - 257, 5);
	put_bits(e, (uint64_t)ndist - 1, 5);
	put_bits(e, (uint64_t)hclen - 4, 4);
	for (int i = 0; i < hclen; i++)
		put_bits(e, cl_bits[cl_order[i]], 3);
	for (int i = 0; i < nlit + ndist; i++)
		put_bits(e, cl_codes[all[i]], cl_bits[all[i]]);
}

/* The block header (final, dynamic Huffman) and the codes it sends: the
 * literal/length code from the counts, and a distance code of one bit,
 * "0" for distance 1 and "1" for the row's length. */
static void start_block(struct enc *e)
{
	uint8_t all[NSYMS + 30] = {0};
	for (int i = 0; i < NSYMS; i++)
		e->freq[i] = e->freq[i] ? e->freq[i] : 1; /* every symbol may occur */
	code_lengths(e->freq, NSYMS, MAX_BITS, all);
	uint32_t codes[NSYMS];
	canonical_codes(all, NSYMS, codes);
	int up = 1; /* the distance symbol of up_dist (1: none, a placeholder) */
	while (e->up_dist && up < 29 && dist_base[up + 1] <= e->up_dist)
		up++;
	all[NSYMS] = all[NSYMS + up] = 1;
	put_bits(e, 1, 1); /* final */
	put_bits(e, 2, 2); /* dynamic Huffman */
	put_code_lengths(e, all, NSYMS, up + 1);
	for (int v = 0; v < 256; v++) {
		e->lit_code[v] = codes[v];
		e->lit_bits[v] = all[v];
	}
	for (unsigned n = 3; n <= MATCH_MAX; n++) {
		unsigned s = e->len_sym[n], sym = 257 + s;
		e->len_code[n] = codes[sym] | (n - len_base[s]) << all[sym];
		e->len_bits[n] = (uint8_t)(all[sym] + len_extra[s]);
	}
	e->left_code = 0;
	e->left_bits = 1;
	e->up_code = 1u | (e->up_dist - dist_base[up]) << 1;
	e->up_bits = (uint8_t)(1 + (up < 4 ? 0 : up / 2 - 1));
	e->eob_code = codes[EOB];
	e->eob_bits = all[EOB];
}

static void put_be32(unsigned char *q, uint32_t v)
{
	q[0] = (unsigned char)(v >> 24);
	q[1] = (unsigned char)(v >> 16);
	q[2] = (unsigned char)(v >> 8);
	q[3] = (unsigned char)v;
}

/* A chunk: length, type, data, CRC of type and data. */
static void put_chunk(struct buf *out, const char type[4], const unsigned char *data, size_t n)
{
	unsigned char head[8], tail[4];
	put_be32(head, (uint32_t)n);
	memcpy(head + 4, type, 4);
	uLong crc = crc32(0, head + 4, 4);
	if (n)
		crc = crc32_z(crc, data, n);
	put_be32(tail, (uint32_t)crc);
	buf_append(out, (const char *)head, 8);
	if (n) /* IEND has no data: data may be NULL */
		buf_append(out, (const char *)data, n);
	buf_append(out, (const char *)tail, 4);
}

static const uint32_t *row_at(const unsigned char *data, int stride, int y)
{
	return (const uint32_t *)(data + (size_t)y * (size_t)stride);
}

void pngenc_write_rgb24(struct buf *out, const unsigned char *data, int w, int h, int stride,
                        double dpi)
{
	struct enc *e = xcalloc(1, sizeof(*e));
	length_symbols(e);
	size_t row = 1 + (size_t)w * 3;
	e->up_dist = row <= WINDOW ? row : 0;
	/* the code comes from every step-th row, about 128 of them */
	int step = h / 128 > 1 ? h / 128 : 1;
	e->counting = true;
	for (int y = 0; y < h; y += step) {
		e->above_sub = true; /* near enough for counting */
		encode_row(e, row_at(data, stride, y), y ? row_at(data, stride, y - 1) : NULL, w);
	}
	e->counting = false;
	e->s1 = 1;
	e->s2 = 0;
	reserve(e, 2 + 1024);
	e->p[e->len++] = 0x78; /* deflate, 32 KiB window */
	e->p[e->len++] = 0x01; /* no dictionary, fastest; the check bits */
	start_block(e);
	for (int y = 0; y < h; y++) {
		/* at most 15 bits a byte, 21 a run */
		reserve(e, (size_t)w * 6 + 8);
		encode_row(e, row_at(data, stride, y), y ? row_at(data, stride, y - 1) : NULL, w);
	}
	put_bits(e, e->eob_code, e->eob_bits);
	reserve(e, 4 + 4);
	for (; e->nbits > 0; e->nbits -= e->nbits < 8 ? e->nbits : 8) {
		e->p[e->len++] = (unsigned char)e->acc; /* the last one padded with zeros */
		e->acc >>= 8;
	}
	put_be32(e->p + e->len, (uint32_t)(e->s2 << 16 | e->s1));
	e->len += 4;

	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	buf_append(out, (const char *)sig, sizeof(sig));
	unsigned char ihdr[13];
	put_be32(ihdr, (uint32_t)w);
	put_be32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;  /* bits a sample */
	ihdr[9] = 2;  /* RGB */
	ihdr[10] = 0; /* deflate */
	ihdr[11] = 0; /* adaptive filters */
	ihdr[12] = 0; /* not interlaced */
	put_chunk(out, "IHDR", ihdr, sizeof(ihdr));
	if (dpi > 0 && dpi < 1e6) {
		/* pixels a metre, both ways; unit 1: the metre */
		unsigned char phys[9];
		uint32_t ppm = (uint32_t)lround(dpi / 0.0254);
		put_be32(phys, ppm);
		put_be32(phys + 4, ppm);
		phys[8] = 1;
		put_chunk(out, "pHYs", phys, sizeof(phys));
	}
	for (size_t at = 0; at < e->len; at += IDAT_MAX)
		put_chunk(out, "IDAT", e->p + at, e->len - at < IDAT_MAX ? e->len - at : IDAT_MAX);
	put_chunk(out, "IEND", NULL, 0);
	free(e->p);
	free(e);
}
