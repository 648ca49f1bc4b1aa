import { startSandbox, type Sandbox } from '../sandbox';
import { runProspect } from './run-prospect';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
	// Seeded leads are updated one second apart from 2026-01-01T00:00:00.000Z.
	sandbox.seedLeads(250);
});

const listRequests = () =>
	sandbox.requests.filter((entry) => entry.method === 'GET' && entry.path.endsWith('/leads'));

describe('Lead > Get Many', () => {
	test('Return All walks 3 pages with the filters', async () => {
		const result = await runProspect(sandbox, {
			resource: 'lead',
			operation: 'getAll',
			returnAll: true,
			filters: { updatedAfter: '2025-12-31T00:00:00.000Z' },
		});
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(250);
		const ids = new Set(result.output.map((item) => item.json.id));
		expect(ids.size).toBe(250);
		const requests = listRequests();
		expect(requests).toHaveLength(3);
		for (const request of requests) {
			expect(request.query.limit).toBe('100');
			expect(request.query.updated_after).toBe('2025-12-31T00:00:00.000Z');
		}
		expect(requests[0].query.cursor).toBeUndefined();
		expect(requests[1].query.cursor).toBeDefined();
		expect(requests[2].query.cursor).toBeDefined();
	});

	test('each item carries its page request_id', async () => {
		const result = await runProspect(sandbox, {
			resource: 'lead',
			operation: 'getAll',
			returnAll: true,
		});
		const requests = listRequests();
		expect(result.output[0].json.request_id).toBe(requests[0].requestId);
		expect(result.output[249].json.request_id).toBe(requests[2].requestId);
	});

	test('Limit 30 makes one request', async () => {
		const result = await runProspect(sandbox, {
			resource: 'lead',
			operation: 'getAll',
			returnAll: false,
			limit: 30,
		});
		expect(result.output).toHaveLength(30);
		expect(listRequests()).toHaveLength(1);
		expect(listRequests()[0].query.limit).toBe('30');
	});

	test('Updated After returns only newer leads', async () => {
		const result = await runProspect(sandbox, {
			resource: 'lead',
			operation: 'getAll',
			returnAll: true,
			filters: { updatedAfter: '2026-01-01T00:01:39.000Z' },
		});
		expect(result.output).toHaveLength(150);
		for (const item of result.output) {
			expect(Date.parse(item.json.updated_at as string)).toBeGreaterThan(
				Date.parse('2026-01-01T00:01:39.000Z'),
			);
		}
		expect(listRequests()).toHaveLength(2);
	});

	test('Updated After without a zone uses the workflow zone', async () => {
		await runProspect(sandbox, {
			resource: 'lead',
			operation: 'getAll',
			limit: 1,
			filters: { updatedAfter: '2026-01-01T00:00:00' },
		});
		// The harness workflow has no time zone setting, so n8n's default applies.
		expect(listRequests()[0].query.updated_after).toMatch(
			/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
		);
	});

	test('Email filter reaches the API', async () => {
		const target = sandbox.leads()[17];
		const result = await runProspect(sandbox, {
			resource: 'lead',
			operation: 'getAll',
			returnAll: true,
			filters: { email: target.email },
		});
		expect(result.output.map((item) => item.json.id)).toEqual([target.id]);
		expect(listRequests()[0].query.email).toBe(target.email);
	});

	test('ends on an empty store', async () => {
		sandbox.reset();
		const result = await runProspect(sandbox, {
			resource: 'lead',
			operation: 'getAll',
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(0);
		expect(listRequests()).toHaveLength(1);
	});
});

describe('Lead > Get', () => {
	test('returns the lead with request_id', async () => {
		const target = sandbox.leads()[3];
		const result = await runProspect(sandbox, {
			resource: 'lead',
			operation: 'get',
			leadId: target.id,
		});
		expect(result.output[0].json).toMatchObject({ id: target.id, email: target.email });
		expect(result.output[0].json.request_id).toBe(sandbox.requests[0].requestId);
	});

	test('404 names the lead id', async () => {
		const result = await runProspect(sandbox, {
			resource: 'lead',
			operation: 'get',
			leadId: 'lead_missing',
		});
		expect(result.error?.message).toBe('The lead "lead_missing" was not found');
		expect(result.error?.description).toContain(sandbox.requests[0].requestId);
	});
});
