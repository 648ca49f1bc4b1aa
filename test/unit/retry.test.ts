import {
	backoffMs,
	decideRetry,
	isReplaySafe,
	MAX_RETRY_AFTER_MS,
	parseRetryAfter,
} from '../../nodes/shared/retry';

const read = { method: 'GET', hasIdempotencyKey: false };
const keyedWrite = { method: 'POST', hasIdempotencyKey: true };
const bareWrite = { method: 'POST', hasIdempotencyKey: false };
const half = () => 0.5;

describe('isReplaySafe', () => {
	test.each([
		['GET', false, true],
		['DELETE', false, true],
		['POST', true, true],
		['PATCH', true, true],
		['POST', false, false],
		['PATCH', false, false],
	])('%s with key %p is %p', (method, hasKey, expected) => {
		expect(isReplaySafe(method, hasKey)).toBe(expected);
	});
});

describe('parseRetryAfter', () => {
	test('reads seconds', () => {
		expect(parseRetryAfter('7')).toBe(7000);
	});

	test('reads an HTTP date', () => {
		const now = Date.parse('2026-12-04T10:00:00Z');
		expect(parseRetryAfter('Fri, 04 Dec 2026 10:00:05 GMT', now)).toBe(5000);
	});

	test('ignores garbage', () => {
		expect(parseRetryAfter('soon')).toBeUndefined();
	});
});

describe('backoffMs', () => {
	test('doubles and stays capped', () => {
		expect(backoffMs(0, half)).toBe(375);
		expect(backoffMs(1, half)).toBe(750);
		expect(backoffMs(10, half)).toBe(6000);
	});
});

describe('decideRetry', () => {
	test('429 waits Retry-After', () => {
		expect(decideRetry({ kind: 'status', status: 429, retryAfter: '2' }, bareWrite, 0, 3)).toEqual({
			retry: false,
			delayMs: 0,
		});
		expect(decideRetry({ kind: 'status', status: 429, retryAfter: '2' }, keyedWrite, 0, 3)).toEqual(
			{ retry: true, delayMs: 2000 },
		);
	});

	test('429 beyond the wait cap is final', () => {
		const retryAfter = String(MAX_RETRY_AFTER_MS / 1000 + 1);
		expect(decideRetry({ kind: 'status', status: 429, retryAfter }, read, 0, 3).retry).toBe(false);
	});

	test('5xx on a read backs off', () => {
		expect(decideRetry({ kind: 'status', status: 503 }, read, 1, 3, half)).toEqual({
			retry: true,
			delayMs: 750,
		});
	});

	test('5xx on a write without a key is final', () => {
		expect(decideRetry({ kind: 'status', status: 500 }, bareWrite, 0, 3).retry).toBe(false);
	});

	test('reset connection on a keyed write is retried', () => {
		expect(decideRetry({ kind: 'transport', code: 'ECONNRESET' }, keyedWrite, 0, 3).retry).toBe(
			true,
		);
	});

	test('unknown transport errors are final', () => {
		expect(decideRetry({ kind: 'transport', code: 'CERT_HAS_EXPIRED' }, read, 0, 3).retry).toBe(
			false,
		);
	});

	test('4xx is final', () => {
		expect(decideRetry({ kind: 'status', status: 404 }, read, 0, 3).retry).toBe(false);
	});

	test('stops at the maximum', () => {
		expect(decideRetry({ kind: 'status', status: 500 }, read, 3, 3).retry).toBe(false);
	});
});
