import type { INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox';
import { ADA, runProspect, visibleText } from './run-prospect';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => sandbox.reset());

const create = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'lead',
	operation: 'create',
	...ADA,
	...extra,
});

describe('bad input is rejected before any request', () => {
	const cases: Array<[string, INodeParameters, RegExp]> = [
		[
			'invalid email',
			create({ email: 'ada-at-example' }),
			/^Invalid Email "ada-at-example" in item 0/,
		],
		[
			'empty Full Name',
			create({ fullName: '   ' }),
			/^Invalid Full Name "   " in item 0: it is empty/,
		],
		[
			'Limit 0',
			{ resource: 'lead', operation: 'getAll', returnAll: false, limit: '={{ 0 }}' },
			/^Invalid Limit 0 in item 0/,
		],
		[
			'Limit 101',
			{ resource: 'lead', operation: 'getAll', returnAll: false, limit: '={{ 101 }}' },
			/^Invalid Limit 101 in item 0/,
		],
		[
			'Updated After that is not a date',
			{ resource: 'lead', operation: 'getAll', limit: 5, filters: { updatedAfter: 'yesterday' } },
			/^Invalid Updated After "yesterday" in item 0: it is not an ISO-8601 date/,
		],
		[
			'invalid JSON in Extra Body',
			create({ additionalFields: { extraBody: '{"status": ' } }),
			/^Invalid Extra Body \(JSON\) "\{"status": " in item 0: it is not valid JSON/,
		],
		[
			'Extra Body that is not an object',
			create({ additionalFields: { extraBody: '[1, 2]' } }),
			/^Invalid Extra Body \(JSON\) .* it is not a JSON object/,
		],
		[
			'Extra Body repeating a field',
			create({ additionalFields: { extraBody: '{"email": "x@y.example"}' } }),
			/^Invalid Extra Body \(JSON\) "email" in item 0/,
		],
		[
			'Idempotency Key over 255 characters',
			create({ options: { idempotencyKey: 'k'.repeat(256) } }),
			/^Invalid Idempotency Key "k+\.\.\." in item 0: it has 256 characters/,
		],
		[
			'empty Lead ID',
			{ resource: 'lead', operation: 'get', leadId: '={{ "" }}' },
			/^Invalid Lead ID "" in item 0: it is empty/,
		],
	];

	test.each(cases)('%s', async (_name, parameters, message) => {
		const result = await runProspect(sandbox, parameters);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toBeTruthy();
		expect(sandbox.requests).toHaveLength(0);
	});

	test('names the failing item', async () => {
		const result = await runProspect(sandbox, create({ email: '={{ $json.email }}' }), {
			items: [{ email: 'good@example.com' }, { email: 'broken' }],
		});
		expect(result.error?.message).toMatch(/^Invalid Email "broken" in item 1/);
	});
});

const NO_RETRY_ACCOUNT_GET: INodeParameters = {
	resource: 'account',
	operation: 'get',
	requestOptions: { maxRetries: 0 },
};

describe('API errors', () => {
	test('401 explains the key and gives request_id', async () => {
		const result = await runProspect(
			sandbox,
			{ resource: 'account', operation: 'get' },
			{ apiKey: sandbox.keys.revoked },
		);
		expect(result.error?.message).toBe('The ProspectB2B API key was rejected');
		expect(result.error?.description).toMatch(/HTTP 401/);
		expect(result.error?.description).toContain(sandbox.requests[0].requestId);
		expect(visibleText(result)).not.toContain(sandbox.keys.revoked);
	});

	test('403 from a read-only key names the scope', async () => {
		const result = await runProspect(sandbox, create(), { apiKey: sandbox.keys.readOnly });
		expect(result.error?.message).toBe('The API key is not allowed to create the lead');
		expect(result.error?.description).toMatch(/"leads\.write"/);
		expect(result.error?.description).toMatch(/Account > Get/);
		expect(result.error?.description).toContain(sandbox.requests[0].requestId);
		expect(sandbox.leads()).toHaveLength(0);
	});

	test('403 from a key without leads.write names the scope', async () => {
		const result = await runProspect(sandbox, create(), { apiKey: sandbox.keys.noLeadsWrite });
		expect(result.error?.message).toBe('The API key is not allowed to create the lead');
		expect(result.error?.description).toMatch(/insufficient_scope/);
		expect(visibleText(result)).not.toContain(sandbox.keys.noLeadsWrite);
	});

	test('429 gives the wait and request_id', async () => {
		sandbox.failNext(1, '429', { retryAfterSeconds: 3 });
		const result = await runProspect(sandbox, NO_RETRY_ACCOUNT_GET);
		expect(result.error?.message).toBe('The ProspectB2B rate limit was reached');
		expect(result.error?.description).toMatch(/3 seconds/);
		expect(result.error?.description).toContain(sandbox.requests[0].requestId);
	});

	test('500 says the problem is on the API side', async () => {
		sandbox.failNext(1, '500');
		const result = await runProspect(sandbox, NO_RETRY_ACCOUNT_GET);
		expect(result.error?.message).toMatch(/server error/);
		expect(result.error?.description).toContain(sandbox.requests[0].requestId);
	});

	test('a dropped connection names no key', async () => {
		sandbox.failNext(1, 'drop');
		const result = await runProspect(sandbox, NO_RETRY_ACCOUNT_GET);
		expect(result.error?.message).toMatch(/got no response/);
		expect(visibleText(result)).not.toContain(sandbox.keys.full);
	});

	test('continue on fail puts the error on the item', async () => {
		const result = await runProspect(
			sandbox,
			{ resource: 'lead', operation: 'get', leadId: '={{ $json.id }}' },
			{ items: [{ id: 'lead_nope' }], settings: { onError: 'continueRegularOutput' } },
		);
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		expect(JSON.stringify(result.output[0].json)).toMatch(/lead_nope/);
	});
});
