/*
 * The bounded buffer (buf.h).  buf_add() and buf_putc() have an inline
 * fast path for "room below cap and max" and a slow path for the rest;
 * both are checked against a plain model of the contract (append
 * everything or nothing, a hard maximum, the first error sticks)
 * over random operation sequences, and at every split around the
 * maximum and the first allocation (256 bytes).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"

#include "tests.h"

#define MODEL_MAX	1200

/* What the buffer must hold: the contract with nothing clever in it. */
struct model {
	char	 p[MODEL_MAX + 1];
	size_t	 len;
	size_t	 max;
	int	 err;
};

static int
model_add(struct model *m, const void *data, size_t n)
{

	if (m->err != SCH_OK)
		return m->err;
	if (m->len + n > m->max) {
		m->err = SCH_ETOOBIG;
		return m->err;
	}
	memcpy(m->p + m->len, data, n);
	m->len += n;
	return SCH_OK;
}

/* xorshift64*: fixed seeds, so a failure names a case that repeats. */
static uint64_t
rnd(uint64_t *s)
{

	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

/*
 * The buffer holds what the model does, NUL-terminated, within its
 * maximum, and keeps the invariant the inline fast path relies on.
 * NOTE: not ck_assert(): a passing one costs a write, and this runs
 * for every operation.
 */
static void
same(const struct buf *b, const struct model *m, int seq, int op)
{

	if (buf_error(b) != m->err)
		ck_abort_msg("seq %d op %d: err %d, want %d", seq, op,
		    buf_error(b), m->err);
	if (b->len != m->len || memcmp(buf_cstr(b), m->p, m->len) != 0)
		ck_abort_msg("seq %d op %d: len %zu, want %zu, or contents "
		    "differ", seq, op, b->len, m->len);
	if (buf_cstr(b)[b->len] != '\0')
		ck_abort_msg("seq %d op %d: no NUL", seq, op);
	if (b->cap == 0 ? b->len != 0 : b->len >= b->cap)
		ck_abort_msg("seq %d op %d: len %zu, cap %zu", seq, op,
		    b->len, b->cap);
	if (b->len > b->max)
		ck_abort_msg("seq %d op %d: len %zu over max %zu", seq, op,
		    b->len, b->max);
}

START_TEST(t_buf_model)
{
	static const size_t	 maxes[] = { 0, 1, 7, 255, 256, 257, 300,
	    511, 512, 513, MODEL_MAX };
	uint64_t		 seed = 0x9e3779b97f4a7c15ULL;
	struct buf		 b;
	struct model		 m;
	char			 data[MODEL_MAX + 64];
	size_t			 n, k;
	int			 seq, op, rc, mrc, c;

	for (seq = 0; seq < 3000; seq++) {
		m.max = maxes[seq % NELEM(maxes)];
		if (seq % 3 == 2)
			m.max = rnd(&seed) % (MODEL_MAX + 1);
		m.len = 0;
		m.err = SCH_OK;
		buf_init(&b, m.max);
		for (op = 0; op < 60; op++) {
			switch (rnd(&seed) % 8) {
			case 0:
			case 1:
			case 2:
				/* Mostly small, sometimes past the maximum. */
				n = rnd(&seed) % 4 == 0 ?
				    rnd(&seed) % (m.max + 64) :
				    rnd(&seed) % 24;
				for (k = 0; k < n; k++)
					data[k] = (char)rnd(&seed);
				rc = buf_add(&b, data, n);
				mrc = model_add(&m, data, n);
				break;
			case 3:
			case 4:
				c = (int)(rnd(&seed) % 256);
				data[0] = (char)c;
				rc = buf_putc(&b, c);
				mrc = model_add(&m, data, 1);
				break;
			case 5:
				n = rnd(&seed) % 40;
				for (k = 0; k < n; k++)
					data[k] = (char)('a' + rnd(&seed) % 26);
				data[n] = '\0';
				rc = buf_puts(&b, data);
				mrc = model_add(&m, data, n);
				break;
			case 6:
				rc = buf_add(&b, NULL, 0);
				mrc = model_add(&m, "", 0);
				break;
			default:
				if (rnd(&seed) % 4 != 0)
					continue;
				buf_reset(&b);
				m.len = 0;
				m.err = SCH_OK;
				rc = mrc = SCH_OK;
				break;
			}
			if (rc != mrc)
				ck_abort_msg("seq %d op %d: rc %d, want %d",
				    seq, op, rc, mrc);
			same(&b, &m, seq, op);
		}
		buf_free(&b);
	}
}
END_TEST

/*
 * Fill to exactly the maximum in two appends split at every k: both
 * succeed; one more byte fails and the error sticks, even for an
 * empty append; buf_reset() clears it.  Appending one byte too many
 * instead writes nothing of it.
 */
START_TEST(t_buf_max)
{
	static const size_t	 maxes[] = { 1, 255, 256, 257, 511, 512, 513 };
	struct buf		 b;
	char			 data[600];
	size_t			 max, k;
	unsigned int		 i;

	memset(data, 'x', sizeof(data));
	for (i = 0; i < NELEM(maxes); i++) {
		max = maxes[i];
		for (k = 0; k <= max; k++) {
			buf_init(&b, max);
			ck_assert_int_eq(buf_add(&b, data, k), SCH_OK);
			ck_assert_int_eq(buf_add(&b, data, max - k), SCH_OK);
			ck_assert_uint_eq(b.len, max);
			ck_assert_int_eq(buf_add(&b, data, 0), SCH_OK);
			ck_assert_int_eq(buf_putc(&b, 'y'), SCH_ETOOBIG);
			ck_assert_int_eq(buf_add(&b, data, 0), SCH_ETOOBIG);
			ck_assert_int_eq(buf_error(&b), SCH_ETOOBIG);
			ck_assert_uint_eq(b.len, max);
			ck_assert_uint_eq(strlen(buf_cstr(&b)), max);
			buf_reset(&b);
			ck_assert_int_eq(buf_putc(&b, 'y'), SCH_OK);
			ck_assert_str_eq(buf_cstr(&b), "y");
			buf_free(&b);

			buf_init(&b, max);
			ck_assert_int_eq(buf_add(&b, data, k), SCH_OK);
			ck_assert_int_eq(buf_add(&b, data, max - k + 1),
			    SCH_ETOOBIG);
			ck_assert_uint_eq(b.len, k);
			ck_assert_uint_eq(strlen(buf_cstr(&b)), k);
			buf_free(&b);
		}
	}
}
END_TEST

/* Growth past the first allocation keeps every byte, putc by putc. */
START_TEST(t_buf_grow)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, 5000);
	ck_assert_int_eq(buf_add(&b, NULL, 0), SCH_OK);
	ck_assert_str_eq(buf_cstr(&b), "");
	for (i = 0; i < 5000; i++)
		ck_assert_int_eq(buf_putc(&b, 'a' + (int)(i % 26)), SCH_OK);
	ck_assert_uint_eq(b.len, 5000);
	for (i = 0; i < 5000; i++)
		ck_assert_int_eq(b.p[i], 'a' + (int)(i % 26));
	ck_assert_int_eq(b.p[5000], '\0');
	ck_assert_int_eq(buf_putc(&b, 'z'), SCH_ETOOBIG);
	buf_free(&b);
}
END_TEST

/*
 * buf_printf() keeps the maximum like buf_add(), also when the text
 * would fit the memory already allocated (the first allocation is 256
 * bytes, so a maximum of 10 leaves room for 25).  A text that fits
 * exactly is accepted.
 */
START_TEST(t_buf_printf_max)
{
	struct buf	 b;

	buf_init(&b, 10);
	ck_assert_int_eq(buf_add(&b, "ab", 2), SCH_OK);
	ck_assert_int_eq(buf_printf(&b, "%s", "0123456789012345678901234"),
	    SCH_ETOOBIG);
	ck_assert_uint_eq(b.len, 2);
	ck_assert_str_eq(buf_cstr(&b), "ab");
	ck_assert_int_eq(buf_printf(&b, "%d", 1), SCH_ETOOBIG);
	buf_reset(&b);
	ck_assert_int_eq(buf_printf(&b, "%s%d", "abcdefghi", 7), SCH_OK);
	ck_assert_str_eq(buf_cstr(&b), "abcdefghi7");
	ck_assert_int_eq(buf_printf(&b, "%s", ""), SCH_OK);
	ck_assert_int_eq(buf_printf(&b, "%s", "x"), SCH_ETOOBIG);
	ck_assert_str_eq(buf_cstr(&b), "abcdefghi7");
	buf_free(&b);
}
END_TEST

/* buf_udigits() against "%llu", up to the widest value. */
START_TEST(t_buf_udigits)
{
	static const unsigned long long	 vals[] = { 0, 1, 9, 10, 99, 100,
	    4294967295ULL, 4294967296ULL, 9223372036854775808ULL,
	    18446744073709551615ULL };
	char				 d[BUF_UDIGITS + 1], want[32], *p;
	unsigned int			 i;

	for (i = 0; i < NELEM(vals); i++) {
		d[BUF_UDIGITS] = '\0';
		p = buf_udigits(d + BUF_UDIGITS, vals[i]);
		snprintf(want, sizeof(want), "%llu", vals[i]);
		ck_assert(p >= d);
		ck_assert_str_eq(p, want);
	}
}
END_TEST

Suite *
suite_buf(void)
{
	Suite	*s = suite_create("buf");
	TCase	*tc;

	tc = tcase_create("append");
	tcase_add_test(tc, t_buf_model);
	tcase_add_test(tc, t_buf_max);
	tcase_add_test(tc, t_buf_grow);
	tcase_add_test(tc, t_buf_printf_max);
	tcase_add_test(tc, t_buf_udigits);
	suite_add_tcase(s, tc);
	return s;
}
