import { IdempotencyStore } from './idempotency';
import { startSandbox, type Sandbox } from './index';
import { callApi, invalidFields } from './test-helpers';

const ADA = { full_name: 'Ada Lovelace', email: 'ada@example.com' };

let sandbox: Sandbox;
let clock = Date.parse('2026-06-01T00:00:00.000Z');

beforeAll(async () => {
	sandbox = await startSandbox({ now: () => clock });
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
	clock = Date.parse('2026-06-01T00:00:00.000Z');
});

function createWithKey(key: string, body: unknown = ADA) {
	return callApi(sandbox, 'POST', '/leads', { body, headers: { 'Idempotency-Key': key } });
}

describe('Idempotency-Key', () => {
	test('replays the first response', async () => {
		const first = await createWithKey('lead-create-001');
		const second = await createWithKey('lead-create-001');
		expect(second.status).toBe(first.status);
		expect(second.body).toEqual(first.body);
		expect(second.headers.get('idempotent-replayed')).toBe('true');
		expect(second.headers.get('x-request-id')).toBe(first.body.request_id);
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('first response is not marked', async () => {
		const first = await createWithKey('lead-create-001');
		expect(first.headers.get('idempotent-replayed')).toBeNull();
	});

	test('ignores key order and spacing', async () => {
		await createWithKey('lead-create-001', { full_name: 'Ada', email: 'ada@example.com' });
		const second = await callApi(sandbox, 'POST', '/leads', {
			rawBody: '{ "email": "ada@example.com",  "full_name": "Ada" }',
			headers: { 'Idempotency-Key': 'lead-create-001', 'content-type': 'application/json' },
		});
		expect(second.headers.get('idempotent-replayed')).toBe('true');
	});

	test('logs the replay', async () => {
		const first = await createWithKey('lead-create-001');
		await createWithKey('lead-create-001');
		const replay = sandbox.requests[1];
		expect(replay.replayed).toBe(true);
		expect(replay.requestId).toBe(first.body.request_id);
		expect(replay.status).toBe(200);
	});

	test('different body is 409', async () => {
		await createWithKey('lead-create-001');
		const second = await createWithKey('lead-create-001', { full_name: 'Grace Hopper' });
		expect(second.status).toBe(409);
		expect(second.body.error.code).toBe('idempotency_conflict');
		expect(second.body.error.message).toContain('lead-create-001');
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('keys are separate per path', async () => {
		await createWithKey('shared-key');
		const upsert = await callApi(sandbox, 'POST', '/leads/upsert', {
			body: { email: 'grace@example.com', full_name: 'Grace Hopper' },
			headers: { 'Idempotency-Key': 'shared-key' },
		});
		expect(upsert.status).toBe(200);
		expect(upsert.headers.get('idempotent-replayed')).toBeNull();
	});

	test('works on PATCH', async () => {
		const [lead] = sandbox.seedLeads(1);
		const options = { body: { job_title: 'CTO' }, headers: { 'Idempotency-Key': 'patch-001' } };
		const first = await callApi(sandbox, 'PATCH', `/leads/${lead.id}`, options);
		const second = await callApi(sandbox, 'PATCH', `/leads/${lead.id}`, options);
		expect(second.headers.get('idempotent-replayed')).toBe('true');
		expect(second.body.data.updated_at).toBe(first.body.data.updated_at);
	});

	test('failed request is not stored', async () => {
		const failed = await createWithKey('lead-create-001', { email: 'ada@example.com' });
		expect(failed.status).toBe(400);
		const fixed = await createWithKey('lead-create-001');
		expect(fixed.status).toBe(200);
		expect(fixed.headers.get('idempotent-replayed')).toBeNull();
	});

	test('accepts 255 characters', async () => {
		const response = await createWithKey('k'.repeat(255));
		expect(response.status).toBe(200);
	});

	test('rejects 256 characters', async () => {
		const response = await createWithKey('k'.repeat(256));
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['Idempotency-Key']);
		expect(sandbox.leads()).toHaveLength(0);
	});

	test('expires after 24 hours', async () => {
		await createWithKey('lead-create-001');
		clock += 24 * 60 * 60 * 1000;
		const later = await createWithKey('lead-create-001');
		expect(later.headers.get('idempotent-replayed')).toBeNull();
		expect(sandbox.leads()).toHaveLength(2);
	});

	test('still replays before 24 hours', async () => {
		await createWithKey('lead-create-001');
		clock += 24 * 60 * 60 * 1000 - 1;
		const later = await createWithKey('lead-create-001');
		expect(later.headers.get('idempotent-replayed')).toBe('true');
	});

	test('is ignored on GET', async () => {
		const response = await callApi(sandbox, 'GET', '/me', {
			headers: { 'Idempotency-Key': 'k'.repeat(300) },
		});
		expect(response.status).toBe(200);
	});

	test('reset forgets stored keys', async () => {
		await createWithKey('lead-create-001');
		sandbox.reset();
		const again = await createWithKey('lead-create-001');
		expect(again.headers.get('idempotent-replayed')).toBeNull();
	});
});

describe('IdempotencyStore', () => {
	const stored = { status: 200, body: { data: { id: 'lead_1' }, request_id: 'req_1' } };
	const scope = { apiKeyId: 'key_a', method: 'POST', path: '/api/public/v1/leads' };

	test('keys are separate per API key', () => {
		const store = new IdempotencyStore(() => 0);
		store.save(scope, 'shared-key', ADA, stored);
		expect(store.find({ ...scope, apiKeyId: 'key_b' }, 'shared-key', ADA)).toBeNull();
		expect(store.find(scope, 'shared-key', ADA)).toEqual(stored);
	});

	test('does not store a 4xx', () => {
		const store = new IdempotencyStore(() => 0);
		store.save(scope, 'failed-key', ADA, { status: 400, body: {} });
		expect(store.find(scope, 'failed-key', ADA)).toBeNull();
	});
});
