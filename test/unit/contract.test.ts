import {
	readApiError,
	readDataList,
	readDataObject,
	readPagination,
	readRequestId,
} from '../../nodes/shared/contract';

describe('readRequestId', () => {
	test('prefers the body', () => {
		expect(readRequestId({ request_id: 'req_body' }, { 'x-request-id': 'req_header' })).toBe(
			'req_body',
		);
	});

	test('falls back to error.request_id', () => {
		expect(readRequestId({ error: { request_id: 'req_error' } }, {})).toBe('req_error');
	});

	test('falls back to the header in any case', () => {
		expect(readRequestId({}, { 'X-Request-Id': 'req_header' })).toBe('req_header');
	});

	test('returns undefined when absent', () => {
		expect(readRequestId('not json', undefined)).toBeUndefined();
	});
});

describe('readPagination', () => {
	test.each([
		['has_more false', { pagination: { next_cursor: 'c', has_more: false } }],
		['null cursor', { pagination: { next_cursor: null, has_more: true } }],
		['empty cursor', { pagination: { next_cursor: '', has_more: true } }],
		['absent cursor', { pagination: { has_more: true } }],
		['absent pagination', { data: [] }],
	])('ends on %s', (_name, body) => {
		expect(readPagination(body).hasMore).toBe(false);
	});

	test('continues with a cursor and has_more', () => {
		expect(readPagination({ pagination: { next_cursor: 'c2', has_more: true } })).toEqual({
			nextCursor: 'c2',
			hasMore: true,
		});
	});

	test('continues when has_more is absent but a cursor is given', () => {
		expect(readPagination({ pagination: { next_cursor: 'c2' } }).hasMore).toBe(true);
	});
});

describe('envelopes', () => {
	test('readDataObject unwraps data and keeps unknown fields', () => {
		expect(readDataObject({ data: { id: 'lead_1', extra: 1 }, request_id: 'r' })).toEqual({
			id: 'lead_1',
			extra: 1,
		});
	});

	test('readDataObject accepts a bare object', () => {
		expect(readDataObject({ id: 'lead_1', request_id: 'r' })).toEqual({ id: 'lead_1' });
	});

	test('readDataList skips non-objects', () => {
		expect(readDataList({ data: [{ id: 'a' }, 3, null] })).toEqual([{ id: 'a' }]);
	});

	test('readApiError reads code, message and details', () => {
		expect(
			readApiError({ error: { code: 'validation_failed', message: 'Bad', details: { a: 1 } } }),
		).toEqual({
			code: 'validation_failed',
			message: 'Bad',
			details: { a: 1 },
			request_id: undefined,
		});
	});

	test('readApiError tolerates a body without error', () => {
		expect(readApiError('<html>')).toEqual({});
	});
});
