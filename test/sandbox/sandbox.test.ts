import { startSandbox, type Sandbox } from './index';
import { callApi, callControl } from './test-helpers';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

describe('startup', () => {
	test('url is loopback base path', () => {
		expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/public\/v1$/);
		expect(sandbox.url.startsWith(sandbox.origin)).toBe(true);
	});

	test('keys have the documented form', () => {
		for (const key of Object.values(sandbox.keys)) {
			expect(key).toMatch(/^pb2b_test_[A-Za-z0-9]+_[A-Za-z0-9]+$/);
		}
	});
});

describe('authentication', () => {
	test('missing header is 401', async () => {
		const response = await callApi(sandbox, 'GET', '/me', { key: null });
		expect(response.status).toBe(401);
		expect(response.body.error.code).toBe('unauthorized');
		expect(response.headers.get('www-authenticate')).toBe('Bearer');
	});

	test('non-bearer scheme is 401', async () => {
		const response = await callApi(sandbox, 'GET', '/me', {
			key: null,
			headers: { authorization: `Basic ${sandbox.keys.full}` },
		});
		expect(response.status).toBe(401);
		expect(response.body.error.code).toBe('unauthorized');
	});

	test('malformed key is 401', async () => {
		const response = await callApi(sandbox, 'GET', '/me', { key: 'not-a-key' });
		expect(response.status).toBe(401);
		expect(response.body.error.message).toMatch(/Malformed API key/);
	});

	test('unknown key is 401', async () => {
		const response = await callApi(sandbox, 'GET', '/me', { key: 'pb2b_live_abc_def123' });
		expect(response.status).toBe(401);
		expect(response.body.error.message).toMatch(/Invalid API key/);
	});

	test('revoked key is 401', async () => {
		const response = await callApi(sandbox, 'GET', '/me', { key: sandbox.keys.revoked });
		expect(response.status).toBe(401);
		expect(response.body.error.message).toMatch(/revoked/);
	});

	test('lower-case bearer scheme works', async () => {
		const response = await callApi(sandbox, 'GET', '/me', {
			key: null,
			headers: { authorization: `bearer ${sandbox.keys.full}` },
		});
		expect(response.status).toBe(200);
	});
});

describe('GET /me', () => {
	test('describes the full key', async () => {
		const response = await callApi(sandbox, 'GET', '/me');
		expect(response.status).toBe(200);
		expect(response.body.data.object).toBe('api_key');
		expect(response.body.data.read_only).toBe(false);
		expect(response.body.data.scopes).toEqual(
			expect.arrayContaining(['me.read', 'leads.read', 'leads.write', 'webhooks.write']),
		);
		expect(response.body.data.workspace).toEqual({ id: 'ws_sandbox', name: 'Sandbox Workspace' });
		expect(response.body.data.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
	});

	test('reports read_only for read-only key', async () => {
		const response = await callApi(sandbox, 'GET', '/me', { key: sandbox.keys.readOnly });
		expect(response.status).toBe(200);
		expect(response.body.data.read_only).toBe(true);
		expect(response.body.data.scopes).not.toContain('leads.write');
	});

	test('lists scopes without leads.write', async () => {
		const response = await callApi(sandbox, 'GET', '/me', { key: sandbox.keys.noLeadsWrite });
		expect(response.body.data.scopes).not.toContain('leads.write');
		expect(response.body.data.scopes).toContain('leads.read');
	});
});

describe('request ids', () => {
	test('body and header match', async () => {
		const response = await callApi(sandbox, 'GET', '/me');
		expect(response.body.request_id).toMatch(/^req_[0-9a-f]+$/);
		expect(response.headers.get('x-request-id')).toBe(response.body.request_id);
	});

	test('errors carry request id', async () => {
		const response = await callApi(sandbox, 'GET', '/me', { key: null });
		expect(response.body.request_id).toMatch(/^req_/);
		expect(response.headers.get('x-request-id')).toBe(response.body.request_id);
	});

	test('each response gets a new id', async () => {
		const first = await callApi(sandbox, 'GET', '/me');
		const second = await callApi(sandbox, 'GET', '/me');
		expect(first.body.request_id).not.toBe(second.body.request_id);
	});
});

describe('scopes and read-only', () => {
	test('read-only key cannot create', async () => {
		const response = await callApi(sandbox, 'POST', '/leads', {
			key: sandbox.keys.readOnly,
			body: { full_name: 'Ada Lovelace' },
		});
		expect(response.status).toBe(403);
		expect(response.body.error.code).toBe('read_only_key');
	});

	test('read-only key cannot patch', async () => {
		const [lead] = sandbox.seedLeads(1);
		const response = await callApi(sandbox, 'PATCH', `/leads/${lead.id}`, {
			key: sandbox.keys.readOnly,
			body: { job_title: 'CTO' },
		});
		expect(response.status).toBe(403);
		expect(response.body.error.code).toBe('read_only_key');
	});

	test('read-only key can list', async () => {
		const response = await callApi(sandbox, 'GET', '/leads', { key: sandbox.keys.readOnly });
		expect(response.status).toBe(200);
	});

	test('missing scope is 403 naming it', async () => {
		const response = await callApi(sandbox, 'POST', '/leads/upsert', {
			key: sandbox.keys.noLeadsWrite,
			body: { email: 'ada@example.com', full_name: 'Ada Lovelace' },
		});
		expect(response.status).toBe(403);
		expect(response.body.error.code).toBe('insufficient_scope');
		expect(response.body.error.message).toContain('leads.write');
		expect(response.body.error.details.required_scope).toBe('leads.write');
	});

	test('rejected write changes nothing', async () => {
		await callApi(sandbox, 'POST', '/leads', {
			key: sandbox.keys.noLeadsWrite,
			body: { full_name: 'Ada Lovelace' },
		});
		expect(sandbox.leads()).toHaveLength(0);
	});
});

describe('routing and parsing', () => {
	test('unknown route is 404', async () => {
		const response = await callApi(sandbox, 'GET', '/nothing-here');
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('not_found');
	});

	test('path outside base is 404', async () => {
		const response = await fetch(`${sandbox.origin}/api/public/v2/me`);
		expect(response.status).toBe(404);
		expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
	});

	test('trailing slash is 404', async () => {
		const response = await callApi(sandbox, 'GET', '/leads/');
		expect(response.status).toBe(404);
	});

	test('wrong method is 405 with Allow', async () => {
		const response = await callApi(sandbox, 'DELETE', '/leads');
		expect(response.status).toBe(405);
		expect(response.body.error.code).toBe('method_not_allowed');
		expect(response.headers.get('allow')).toBe('GET, POST');
	});

	test('invalid JSON is 400', async () => {
		const response = await callApi(sandbox, 'POST', '/leads', {
			rawBody: '{"full_name": ',
			headers: { 'content-type': 'application/json' },
		});
		expect(response.status).toBe(400);
		expect(response.body.error.code).toBe('invalid_json');
	});

	test('non-JSON content type is 415', async () => {
		const response = await callApi(sandbox, 'POST', '/leads', {
			rawBody: 'full_name=Ada',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		});
		expect(response.status).toBe(415);
		expect(response.body.error.code).toBe('unsupported_media_type');
	});

	test('unknown query parameter is 400', async () => {
		const response = await callApi(sandbox, 'GET', '/me?verbose=1');
		expect(response.status).toBe(400);
		expect(response.body.error.code).toBe('validation_failed');
		expect(response.body.error.details.fields[0].field).toBe('verbose');
	});
});

describe('request log', () => {
	test('records an API request', async () => {
		await callApi(sandbox, 'POST', '/leads?', {
			body: { full_name: 'Ada Lovelace' },
			headers: { 'Idempotency-Key': 'log-001', 'X-Custom': 'Value' },
		});
		const [entry] = sandbox.requests;
		expect(entry.method).toBe('POST');
		expect(entry.path).toBe('/api/public/v1/leads');
		expect(entry.body).toEqual({ full_name: 'Ada Lovelace' });
		expect(entry.status).toBe(200);
		expect(entry.idempotencyKey).toBe('log-001');
		expect(entry.headers['x-custom']).toBe('Value');
		expect(entry.headers.authorization).toBe(`Bearer ${sandbox.keys.full}`);
		expect(entry.replayed).toBe(false);
		expect(Number.isNaN(Date.parse(entry.timestamp))).toBe(false);
	});

	test('request id matches response', async () => {
		const response = await callApi(sandbox, 'GET', '/me');
		expect(sandbox.requests[0].requestId).toBe(response.body.request_id);
	});

	test('records query as object', async () => {
		await callApi(sandbox, 'GET', '/leads?limit=5&email=a%40example.com');
		expect(sandbox.requests[0].query).toEqual({ limit: '5', email: 'a@example.com' });
	});

	test('records rejected requests', async () => {
		await callApi(sandbox, 'GET', '/me', { key: null });
		expect(sandbox.requests[0].status).toBe(401);
	});

	test('skips control requests', async () => {
		await callControl(sandbox, 'GET', '/leads');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('returns copies', async () => {
		await callApi(sandbox, 'GET', '/me');
		sandbox.requests[0].method = 'CHANGED';
		expect(sandbox.requests[0].method).toBe('GET');
	});
});

describe('reset', () => {
	test('clears leads, log and faults', async () => {
		sandbox.seedLeads(3);
		await callApi(sandbox, 'GET', '/me');
		sandbox.failNext(1, '500');
		sandbox.reset();
		expect(sandbox.leads()).toHaveLength(0);
		expect(sandbox.requests).toHaveLength(0);
		expect((await callApi(sandbox, 'GET', '/me')).status).toBe(200);
	});

	test('restores start rate limit', async () => {
		sandbox.setRateLimit(1);
		sandbox.reset();
		expect((await callApi(sandbox, 'GET', '/me')).status).toBe(200);
		expect((await callApi(sandbox, 'GET', '/me')).status).toBe(200);
	});

	test('restarts lead ids', () => {
		sandbox.seedLeads(2);
		sandbox.reset();
		expect(sandbox.seedLeads(1)[0].id).toBe('lead_00000001');
	});
});

describe('control routes', () => {
	test('seed returns leads', async () => {
		const response = await callControl(sandbox, 'POST', '/seed', {
			count: 2,
			start: '2026-02-01T00:00:00.000Z',
			stepMs: 500,
		});
		expect(response.status).toBe(200);
		expect(response.body.data).toHaveLength(2);
		expect(response.body.data[1].updated_at).toBe('2026-02-01T00:00:00.500Z');
	});

	test('leads lists the store', async () => {
		sandbox.seedLeads(4);
		const response = await callControl(sandbox, 'GET', '/leads');
		expect(response.body.data).toHaveLength(4);
	});

	test('requests lists the log', async () => {
		await callApi(sandbox, 'GET', '/me');
		const response = await callControl(sandbox, 'GET', '/requests');
		expect(response.body.data).toHaveLength(1);
		expect(response.body.data[0].path).toBe('/api/public/v1/me');
	});

	test('faults inject a failure', async () => {
		const control = await callControl(sandbox, 'POST', '/faults', {
			mode: '500',
			count: 1,
			method: 'GET',
			path: '/me',
		});
		expect(control.status).toBe(200);
		expect((await callApi(sandbox, 'GET', '/me')).status).toBe(500);
		expect((await callApi(sandbox, 'GET', '/me')).status).toBe(200);
	});

	test('rate limit can be set', async () => {
		const response = await callControl(sandbox, 'POST', '/rate-limit', { perMinute: 1 });
		expect(response.status).toBe(200);
		expect((await callApi(sandbox, 'GET', '/me')).status).toBe(200);
		expect((await callApi(sandbox, 'GET', '/me')).status).toBe(429);
	});

	test('reset clears the store', async () => {
		sandbox.seedLeads(2);
		await callControl(sandbox, 'POST', '/reset');
		expect(sandbox.leads()).toHaveLength(0);
	});

	test('bad fault mode is 400', async () => {
		const response = await callControl(sandbox, 'POST', '/faults', { mode: 'explode', count: 1 });
		expect(response.status).toBe(400);
		expect(response.body.error.message).toMatch(/Unknown fault mode/);
	});

	test('unknown control route is 404', async () => {
		const response = await callControl(sandbox, 'GET', '/nothing');
		expect(response.status).toBe(404);
	});
});
