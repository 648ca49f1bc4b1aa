import type { INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox';
import { ADA, runProspect } from './run-prospect';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => sandbox.reset());

const accountGet = (requestOptions: INodeParameters = {}): INodeParameters => ({
	resource: 'account',
	operation: 'get',
	requestOptions,
});

const leadCreate: INodeParameters = { resource: 'lead', operation: 'create', ...ADA };

describe('automatic retries', () => {
	test('429 is retried after Retry-After', async () => {
		sandbox.failNext(1, '429', { retryAfterSeconds: 1 });
		const started = Date.now();
		const result = await runProspect(sandbox, accountGet());
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.object).toBe('api_key');
		expect(sandbox.requests.map((entry) => entry.status)).toEqual([429, 200]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});

	test('429 fails after the retries run out', async () => {
		sandbox.failNext(3, '429', { retryAfterSeconds: 1 });
		const result = await runProspect(sandbox, accountGet({ maxRetries: 2 }));
		expect(result.error?.message).toBe('The ProspectB2B rate limit was reached');
		expect(sandbox.requests).toHaveLength(3);
		expect(result.error?.description).toContain(sandbox.requests[2].requestId);
	});

	test('500 on a read is retried', async () => {
		sandbox.failNext(2, '500');
		const result = await runProspect(sandbox, accountGet());
		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map((entry) => entry.status)).toEqual([500, 500, 200]);
	});

	test('a dropped read is retried', async () => {
		sandbox.failNext(1, 'drop');
		const result = await runProspect(sandbox, accountGet());
		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map((entry) => entry.status)).toEqual(['dropped', 200]);
	});

	test('a timed-out read is retried', async () => {
		sandbox.failNext(1, 'hang');
		const result = await runProspect(sandbox, accountGet({ timeout: 300 }));
		expect(result.error).toBeUndefined();
		expect(sandbox.requests).toHaveLength(2);
		expect(sandbox.requests[1].status).toBe(200);
	});

	test('Max Retries 0 turns retries off', async () => {
		sandbox.failNext(1, '500');
		const result = await runProspect(sandbox, accountGet({ maxRetries: 0 }));
		expect(result.error?.message).toMatch(/server error/);
		expect(sandbox.requests).toHaveLength(1);
	});

	test('400 is not retried', async () => {
		const result = await runProspect(sandbox, {
			...leadCreate,
			additionalFields: { extraBody: '{"unknown_field": 1}' },
		});
		expect(result.error?.message).toBe('ProspectB2B rejected the input to create the lead');
		expect(result.error?.description).toMatch(/unknown_field/);
		expect(sandbox.requests).toHaveLength(1);
	});

	test('a write dropped after it applied is replayed', async () => {
		sandbox.failNext(1, 'drop_after_apply', { method: 'POST', path: '/leads' });
		const result = await runProspect(sandbox, leadCreate);
		expect(result.error).toBeUndefined();
		expect(sandbox.leads()).toHaveLength(1);
		const posts = sandbox.requests;
		expect(posts).toHaveLength(2);
		expect(posts[1].idempotencyKey).toBe(posts[0].idempotencyKey);
		expect(posts[1].replayed).toBe(true);
		expect(result.output[0].json.id).toBe(sandbox.leads()[0].id);
	});

	test('a write answered 500 is sent again with its key', async () => {
		sandbox.failNext(1, '500', { method: 'POST' });
		const result = await runProspect(sandbox, leadCreate);
		expect(result.error).toBeUndefined();
		expect(sandbox.leads()).toHaveLength(1);
		expect(sandbox.requests[1].idempotencyKey).toBe(sandbox.requests[0].idempotencyKey);
	});

	test('a rate-limited page is retried mid-walk', async () => {
		sandbox.seedLeads(150);
		sandbox.failNext(1, '429', { method: 'GET', retryAfterSeconds: 1 });
		const result = await runProspect(sandbox, {
			resource: 'lead',
			operation: 'getAll',
			returnAll: true,
		});
		expect(result.output).toHaveLength(150);
		expect(new Set(result.output.map((item) => item.json.id)).size).toBe(150);
	});
});
