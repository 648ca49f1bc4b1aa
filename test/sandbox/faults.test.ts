import { startSandbox, type Sandbox } from './index';
import { callApi } from './test-helpers';

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

describe('rate limit', () => {
	test('sends limit headers', async () => {
		const response = await callApi(sandbox, 'GET', '/me');
		expect(response.headers.get('x-ratelimit-limit')).toBe('1200');
		expect(response.headers.get('x-ratelimit-remaining')).toBe('1199');
	});

	test('returns 429 over the limit', async () => {
		sandbox.setRateLimit(2);
		await callApi(sandbox, 'GET', '/me');
		await callApi(sandbox, 'GET', '/me');
		const limited = await callApi(sandbox, 'GET', '/me');
		expect(limited.status).toBe(429);
		expect(limited.body.error.code).toBe('rate_limited');
		expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
		expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
	});

	test('Retry-After is whole seconds', async () => {
		sandbox.setRateLimit(1);
		await callApi(sandbox, 'GET', '/me');
		const limited = await callApi(sandbox, 'GET', '/me');
		const retryAfter = limited.headers.get('retry-after');
		expect(retryAfter).toMatch(/^\d+$/);
		expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
		expect(Number(retryAfter)).toBeLessThanOrEqual(60);
	});

	test('counts each key separately', async () => {
		sandbox.setRateLimit(1);
		await callApi(sandbox, 'GET', '/me');
		const other = await callApi(sandbox, 'GET', '/me', { key: sandbox.keys.readOnly });
		expect(other.status).toBe(200);
	});

	test('can be switched off', async () => {
		sandbox.setRateLimit(null);
		const response = await callApi(sandbox, 'GET', '/me');
		expect(response.status).toBe(200);
		expect(response.headers.get('x-ratelimit-limit')).toBeNull();
	});

	test('rolls over after a minute', async () => {
		let clock = Date.parse('2026-06-01T00:00:00.000Z');
		const timed = await startSandbox({ rateLimitPerMinute: 1, now: () => clock });
		try {
			const call = () =>
				fetch(`${timed.url}/me`, { headers: { authorization: `Bearer ${timed.keys.full}` } });
			expect((await call()).status).toBe(200);
			clock += 59_000;
			const limited = await call();
			expect(limited.status).toBe(429);
			expect(limited.headers.get('retry-after')).toBe('1');
			clock += 1_000;
			expect((await call()).status).toBe(200);
		} finally {
			await timed.close();
		}
	});
});

describe('fault injection', () => {
	test('500 fails then recovers', async () => {
		sandbox.failNext(1, '500');
		const failed = await callApi(sandbox, 'GET', '/me');
		expect(failed.status).toBe(500);
		expect(failed.body.error.code).toBe('internal_error');
		expect(failed.headers.get('x-request-id')).toBe(failed.body.request_id);
		expect((await callApi(sandbox, 'GET', '/me')).status).toBe(200);
	});

	test('count covers several requests', async () => {
		sandbox.failNext(2, '500');
		expect((await callApi(sandbox, 'GET', '/me')).status).toBe(500);
		expect((await callApi(sandbox, 'GET', '/me')).status).toBe(500);
		expect((await callApi(sandbox, 'GET', '/me')).status).toBe(200);
	});

	test('500 does not apply the write', async () => {
		sandbox.failNext(1, '500');
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		expect(sandbox.leads()).toHaveLength(0);
	});

	test('matches method and path', async () => {
		sandbox.failNext(1, '500', { method: 'post', path: '/leads' });
		expect((await callApi(sandbox, 'GET', '/leads')).status).toBe(200);
		expect((await callApi(sandbox, 'POST', '/me')).status).toBe(405);
		const failed = await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		expect(failed.status).toBe(500);
	});

	test('matches a full path prefix', async () => {
		sandbox.failNext(1, '500', { path: '/api/public/v1/me' });
		expect((await callApi(sandbox, 'GET', '/me')).status).toBe(500);
	});

	test('429 sends Retry-After', async () => {
		sandbox.failNext(1, '429', { retryAfterSeconds: 3 });
		const limited = await callApi(sandbox, 'GET', '/me');
		expect(limited.status).toBe(429);
		expect(limited.body.error.code).toBe('rate_limited');
		expect(limited.headers.get('retry-after')).toBe('3');
	});

	test('429 defaults to one second', async () => {
		sandbox.failNext(1, '429');
		const limited = await callApi(sandbox, 'GET', '/me');
		expect(limited.headers.get('retry-after')).toBe('1');
	});

	test('drop closes the socket', async () => {
		sandbox.failNext(1, 'drop', { method: 'POST' });
		await expect(
			callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } }),
		).rejects.toThrow();
		expect(sandbox.leads()).toHaveLength(0);
		expect(sandbox.requests[0].status).toBe('dropped');
	});

	test('drop_after_apply keeps the write', async () => {
		sandbox.failNext(1, 'drop_after_apply', { method: 'POST' });
		await expect(
			callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } }),
		).rejects.toThrow();
		expect(sandbox.leads()).toHaveLength(1);
		expect(sandbox.requests[0].status).toBe('dropped');
	});

	test('retry after drop_after_apply replays', async () => {
		sandbox.failNext(1, 'drop_after_apply', { method: 'POST' });
		const options = { body: { full_name: 'Ada' }, headers: { 'Idempotency-Key': 'retry-001' } };
		await expect(callApi(sandbox, 'POST', '/leads', options)).rejects.toThrow();
		const retry = await callApi(sandbox, 'POST', '/leads', options);
		expect(retry.status).toBe(200);
		expect(retry.headers.get('idempotent-replayed')).toBe('true');
		expect(retry.body.data.id).toBe(sandbox.leads()[0].id);
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('hang never responds', async () => {
		sandbox.failNext(1, 'hang');
		const call = callApi(sandbox, 'GET', '/me', { signal: AbortSignal.timeout(300) });
		await expect(call).rejects.toThrow();
		expect(sandbox.requests[0].status).toBe('hung');
	});

	test('close ends hung requests', async () => {
		const other = await startSandbox();
		other.failNext(1, 'hang');
		const call = fetch(`${other.url}/me`, {
			headers: { authorization: `Bearer ${other.keys.full}` },
		});
		const outcome = call.then(
			() => 'responded',
			() => 'failed',
		);
		while (other.requests[0]?.status !== 'hung') {
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		await other.close();
		expect(await outcome).toBe('failed');
	});

	test('rejects a bad count', () => {
		expect(() => sandbox.failNext(0, '500')).toThrow(RangeError);
	});
});
