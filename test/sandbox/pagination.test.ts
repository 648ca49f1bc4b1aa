import { startSandbox, type Sandbox } from './index';
import { callApi, invalidFields, type ApiResponse } from './test-helpers';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ rateLimitPerMinute: null });
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

/** Follows next_cursor with the same query until has_more is false, and returns every page. */
async function walkPages(query: string): Promise<ApiResponse[]> {
	const pages: ApiResponse[] = [];
	let cursor: string | null = null;

	do {
		const separator = query === '' ? '' : '&';
		const cursorPart: string = cursor === null ? '' : `${separator}cursor=${cursor}`;
		const page = await callApi(sandbox, 'GET', `/leads?${query}${cursorPart}`);
		expect(page.status).toBe(200);
		pages.push(page);
		cursor = page.body.pagination.next_cursor;
	} while (cursor !== null && pages.length < 100);

	return pages;
}

describe('GET /leads pagination', () => {
	test('walks 250 leads exactly once', async () => {
		const seeded = sandbox.seedLeads(250);
		const pages = await walkPages('limit=100');
		const ids = pages.flatMap((page) => page.body.data.map((lead: { id: string }) => lead.id));
		expect(pages).toHaveLength(3);
		expect(ids).toEqual(seeded.map((lead) => lead.id));
		expect(new Set(ids).size).toBe(250);
	});

	test('last page ends the walk', async () => {
		sandbox.seedLeads(250);
		const pages = await walkPages('limit=100');
		const last = pages[pages.length - 1];
		expect(last.body.data).toHaveLength(50);
		expect(last.body.pagination).toEqual({ next_cursor: null, has_more: false });
		expect(pages[0].body.pagination.has_more).toBe(true);
	});

	test('defaults to 25 per page', async () => {
		sandbox.seedLeads(30);
		const response = await callApi(sandbox, 'GET', '/leads');
		expect(response.body.data).toHaveLength(25);
		expect(response.body.pagination.has_more).toBe(true);
	});

	test('walks with updated_after filter', async () => {
		const seeded = sandbox.seedLeads(250);
		// Lead 100 has updated_at 2026-01-01T00:01:39.000Z, so the walk starts at lead 101.
		const pages = await walkPages('limit=30&updated_after=2026-01-01T00:01:39.000Z');
		const ids = pages.flatMap((page) => page.body.data.map((lead: { id: string }) => lead.id));
		expect(ids).toEqual(seeded.slice(100).map((lead) => lead.id));
	});

	test('orders ties by id', async () => {
		const seeded = sandbox.seedLeads(5, { stepMs: 0 });
		const pages = await walkPages('limit=2');
		const ids = pages.flatMap((page) => page.body.data.map((lead: { id: string }) => lead.id));
		expect(ids).toEqual(seeded.map((lead) => lead.id));
	});

	test('updated lead moves to the end', async () => {
		const seeded = sandbox.seedLeads(3);
		await callApi(sandbox, 'PATCH', `/leads/${seeded[0].id}`, { body: { job_title: 'CTO' } });
		const response = await callApi(sandbox, 'GET', '/leads');
		const ids = response.body.data.map((lead: { id: string }) => lead.id);
		expect(ids).toEqual([seeded[1].id, seeded[2].id, seeded[0].id]);
	});

	test('filters by email ignoring case', async () => {
		sandbox.seedLeads(5);
		const response = await callApi(sandbox, 'GET', '/leads?email=SEED-LEAD-3%40example.com');
		expect(response.body.data).toHaveLength(1);
		expect(response.body.data[0].email).toBe('seed-lead-3@example.com');
	});

	test('empty list has no cursor', async () => {
		const response = await callApi(sandbox, 'GET', '/leads');
		expect(response.body.data).toEqual([]);
		expect(response.body.pagination).toEqual({ next_cursor: null, has_more: false });
	});
});

describe('GET /leads cursor checks', () => {
	test('rejects a dropped filter', async () => {
		sandbox.seedLeads(10);
		const first = await callApi(
			sandbox,
			'GET',
			'/leads?limit=2&updated_after=2026-01-01T00:00:01.000Z',
		);
		const cursor = first.body.pagination.next_cursor;
		const second = await callApi(sandbox, 'GET', `/leads?limit=2&cursor=${cursor}`);
		expect(second.status).toBe(400);
		expect(second.body.error.code).toBe('invalid_cursor');
		expect(second.body.error.message).toContain('updated_after');
	});

	test('rejects a changed email filter', async () => {
		sandbox.seedLeads(3);
		const first = await callApi(sandbox, 'GET', '/leads?limit=1');
		const cursor = first.body.pagination.next_cursor;
		const second = await callApi(
			sandbox,
			'GET',
			`/leads?limit=1&email=seed-lead-2%40example.com&cursor=${cursor}`,
		);
		expect(second.status).toBe(400);
		expect(second.body.error.code).toBe('invalid_cursor');
	});

	test('accepts same filter spelled differently', async () => {
		sandbox.seedLeads(10);
		const first = await callApi(
			sandbox,
			'GET',
			'/leads?limit=2&updated_after=2026-01-01T00:00:01Z',
		);
		const cursor = first.body.pagination.next_cursor;
		const second = await callApi(
			sandbox,
			'GET',
			`/leads?limit=2&updated_after=2026-01-01T00:00:01.000Z&cursor=${cursor}`,
		);
		expect(second.status).toBe(200);
	});

	test('allows a changed limit', async () => {
		sandbox.seedLeads(10);
		const first = await callApi(sandbox, 'GET', '/leads?limit=2');
		const cursor = first.body.pagination.next_cursor;
		const second = await callApi(sandbox, 'GET', `/leads?limit=5&cursor=${cursor}`);
		expect(second.status).toBe(200);
		expect(second.body.data).toHaveLength(5);
	});

	test('rejects a garbage cursor', async () => {
		const response = await callApi(sandbox, 'GET', '/leads?cursor=not*a*cursor');
		expect(response.status).toBe(400);
		expect(response.body.error.code).toBe('invalid_cursor');
	});

	test('rejects base64 that is not a cursor', async () => {
		const cursor = Buffer.from('{"hello":"world"}').toString('base64url');
		const response = await callApi(sandbox, 'GET', `/leads?cursor=${cursor}`);
		expect(response.status).toBe(400);
		expect(response.body.error.code).toBe('invalid_cursor');
	});

	test('rejects an empty cursor', async () => {
		const response = await callApi(sandbox, 'GET', '/leads?cursor=');
		expect(response.status).toBe(400);
		expect(response.body.error.code).toBe('invalid_cursor');
	});
});

describe('GET /leads updated_after', () => {
	test('is strictly after', async () => {
		const seeded = sandbox.seedLeads(3);
		const response = await callApi(
			sandbox,
			'GET',
			`/leads?updated_after=${encodeURIComponent(seeded[1].updated_at)}`,
		);
		const ids = response.body.data.map((lead: { id: string }) => lead.id);
		expect(ids).toEqual([seeded[2].id]);
	});

	test('accepts an offset', async () => {
		sandbox.seedLeads(3);
		// 2026-01-01T01:00:01+01:00 is 2026-01-01T00:00:01Z, the second lead's time.
		const response = await callApi(
			sandbox,
			'GET',
			`/leads?updated_after=${encodeURIComponent('2026-01-01T01:00:01+01:00')}`,
		);
		expect(response.body.data).toHaveLength(1);
	});

	test.each([
		['not a date', 'yesterday'],
		['date only', '2026-01-01'],
		['impossible day', '2026-02-30T00:00:00.000Z'],
		['missing zone', '2026-01-01T00:00:00.000'],
		['unencoded plus', '2026-01-01T00:00:00.000+01:00'],
	])('rejects %s', async (_name, value) => {
		const response = await callApi(sandbox, 'GET', `/leads?updated_after=${value}`);
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['updated_after']);
	});
});

describe('GET /leads limit', () => {
	test.each(['0', '101', '-1', '2.5', 'abc', '', '1e2'])('rejects limit=%s', async (value) => {
		const response = await callApi(sandbox, 'GET', `/leads?limit=${value}`);
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['limit']);
		expect(response.body.error.message).toContain(JSON.stringify(value));
	});

	test.each(['1', '100'])('accepts limit=%s', async (value) => {
		sandbox.seedLeads(101);
		const response = await callApi(sandbox, 'GET', `/leads?limit=${value}`);
		expect(response.status).toBe(200);
		expect(response.body.data).toHaveLength(Number(value));
	});

	test('rejects a repeated limit', async () => {
		const response = await callApi(sandbox, 'GET', '/leads?limit=1&limit=2');
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['limit']);
	});

	test('rejects unknown parameters', async () => {
		const response = await callApi(sandbox, 'GET', '/leads?page=2&sort=name');
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['page', 'sort']);
	});
});
