import { startLoopbackServer } from '../harness';
import type { LoopbackServer, TriggerHarness } from '../harness';
import { startSandbox } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { callApi } from '../sandbox/test-helpers';
import { createWebhookTrigger, requestsTo, storedRegistrations, wipeStaticData } from './setup';

let sandbox: Sandbox;
let trigger: TriggerHarness;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
	trigger = createWebhookTrigger(sandbox);
});

/** Activates as n8n does: create only when checkExists reports nothing usable. */
async function activate(harness: TriggerHarness, kind: 'test' | 'production'): Promise<void> {
	if (!(await harness.runHook('checkExists', kind))) {
		expect(await harness.runHook('create', kind)).toBe(true);
	}
}

describe('create', () => {
	test('stores the endpoint ID and signing secret', async () => {
		expect(await trigger.runHook('checkExists', 'production')).toBe(false);
		expect(await trigger.runHook('create', 'production')).toBe(true);

		const [endpoint] = sandbox.webhooks();
		const url = trigger.webhookUrl('production');
		expect(sandbox.webhooks()).toHaveLength(1);
		expect(endpoint.url).toBe(url);
		expect([...endpoint.events].sort()).toEqual(['lead.created', 'lead.updated']);
		expect(storedRegistrations(trigger)[url]).toEqual({
			id: endpoint.id,
			secret: endpoint.signing_secret,
			events: ['lead.created', 'lead.updated'],
		});
	});

	test('keeps the Idempotency-Key on retry', async () => {
		sandbox.failNext(1, '500', { method: 'POST', path: '/webhooks' });
		await trigger.runHook('create', 'production');

		const posts = requestsTo(sandbox, 'POST', '/webhooks');
		expect(posts).toHaveLength(2);
		expect(posts[0].idempotencyKey).toMatch(/^n8n-webhook-[0-9a-f-]{36}$/);
		expect(posts[1].idempotencyKey).toBe(posts[0].idempotencyKey);
		expect(sandbox.webhooks()).toHaveLength(1);
	});

	test('makes one endpoint after a lost response', async () => {
		sandbox.failNext(1, 'drop_after_apply', { method: 'POST', path: '/webhooks' });
		await trigger.runHook('create', 'production');

		expect(sandbox.webhooks()).toHaveLength(1);
		const url = trigger.webhookUrl('production');
		expect(storedRegistrations(trigger)[url].id).toBe(sandbox.webhooks()[0].id);
	});

	test('uses a new key per creation', async () => {
		await trigger.runHook('create', 'production');
		await trigger.runHook('delete', 'production');
		await trigger.runHook('create', 'production');

		const keys = requestsTo(sandbox, 'POST', '/webhooks').map((entry) => entry.idempotencyKey);
		expect(keys).toHaveLength(2);
		expect(keys[1]).not.toBe(keys[0]);
		expect(sandbox.webhooks()).toHaveLength(1);
	});

	test('registers test and production URLs apart', async () => {
		await activate(trigger, 'production');
		await activate(trigger, 'test');

		const urls = sandbox.webhooks().map((endpoint) => endpoint.url);
		expect(urls.sort()).toEqual(
			[trigger.webhookUrl('production'), trigger.webhookUrl('test')].sort(),
		);
		expect(Object.keys(storedRegistrations(trigger)).sort()).toEqual(urls);

		await trigger.runHook('delete', 'test');
		expect(sandbox.webhooks().map((endpoint) => endpoint.url)).toEqual([
			trigger.webhookUrl('production'),
		]);
		await trigger.runHook('delete', 'production');
		expect(sandbox.webhooks()).toEqual([]);
		expect(storedRegistrations(trigger)).toEqual({});
	});

	test('replaces an endpoint it no longer adopts', async () => {
		await activate(trigger, 'production');
		const first = sandbox.webhooks()[0].id;

		trigger.setParameters({ events: ['lead.created'] });
		await activate(trigger, 'production');

		expect(sandbox.webhooks()).toHaveLength(1);
		expect(sandbox.webhooks()[0].id).not.toBe(first);
		expect(sandbox.webhooks()[0].events).toEqual(['lead.created']);
		expect(requestsTo(sandbox, 'DELETE', `/webhooks/${first}`)).toHaveLength(1);
	});

	test('accepts a 201 create answer', async () => {
		sandbox.setTolerance({ createStatus: 201 });
		expect(await trigger.runHook('create', 'production')).toBe(true);
		expect(Object.keys(storedRegistrations(trigger))).toHaveLength(1);
	});

	test('fails readably without webhooks.write', async () => {
		const readOnly = createWebhookTrigger(sandbox, {}, { apiKey: sandbox.keys.readOnly });

		const failure = readOnly.runHook('create', 'production');
		await expect(failure).rejects.toThrow('The API key is not allowed to list webhook endpoints');
		await expect(failure).rejects.toMatchObject({
			description: expect.stringContaining('webhooks.write'),
		});
		expect(storedRegistrations(readOnly)).toEqual({});
	});
});

describe('create with an unexpected answer', () => {
	let stub: LoopbackServer;

	afterEach(async () => {
		await stub.close();
	});

	function triggerFor(server: LoopbackServer): TriggerHarness {
		return createWebhookTrigger(sandbox, {}, { baseUrl: server.baseUrl });
	}

	test('rejects a response without a secret', async () => {
		stub = await startLoopbackServer((request) =>
			request.method === 'POST'
				? {
						status: 200,
						body: { data: { id: 'wh_stub', object: 'webhook_endpoint' }, request_id: 'req_1' },
					}
				: { status: 200, body: { data: { id: 'wh_stub', deleted: true } } },
		);
		const harness = triggerFor(stub);

		await expect(harness.runHook('create', 'production')).rejects.toThrow(
			'The ProspectB2B response to the webhook creation has no signing secret',
		);
		expect(stub.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
			'GET /webhooks?limit=100',
			'POST /webhooks',
			'DELETE /webhooks/wh_stub',
		]);
		expect(storedRegistrations(harness)).toEqual({});
	});

	test('rejects a response without an ID', async () => {
		stub = await startLoopbackServer(() => ({ status: 200, body: { data: {} } }));
		const harness = triggerFor(stub);

		await expect(harness.runHook('create', 'production')).rejects.toThrow('has no ID');
		expect(storedRegistrations(harness)).toEqual({});
	});

	test('throws the API error with request_id', async () => {
		stub = await startLoopbackServer((request) =>
			request.method === 'GET'
				? { status: 200, body: { data: [], pagination: { has_more: false, next_cursor: null } } }
				: {
						status: 403,
						body: {
							error: { code: 'insufficient_scope', message: 'Missing scope webhooks.write' },
							request_id: 'req_403',
						},
					},
		);
		const harness = triggerFor(stub);

		const failure = harness.runHook('create', 'production');
		await expect(failure).rejects.toThrow('The API key is not allowed to create the webhook');
		await expect(failure).rejects.toMatchObject({
			description: expect.stringContaining('request_id req_403'),
		});
	});
});

describe('checkExists', () => {
	test('adopts the endpoint it registered', async () => {
		await trigger.runHook('create', 'production');
		expect(await trigger.runHook('checkExists', 'production')).toBe(true);
		expect(sandbox.webhooks()).toHaveLength(1);
	});

	test('finds its endpoint on a later page', async () => {
		for (let index = 0; index < 120; index++) {
			await callApi(sandbox, 'POST', '/webhooks', {
				body: { url: `http://127.0.0.1:9/other/${index}`, events: ['lead.created'] },
			});
		}
		await trigger.runHook('create', 'production');
		const listsBefore = requestsTo(sandbox, 'GET', '/webhooks').length;

		expect(await trigger.runHook('checkExists', 'production')).toBe(true);
		const lists = requestsTo(sandbox, 'GET', '/webhooks').slice(listsBefore);
		expect(lists).toHaveLength(2);
		expect(lists[0].query.limit).toBe('100');
		expect(lists[1].query.cursor).toBeDefined();
	});

	test('rejects an endpoint whose URL changed', async () => {
		await trigger.runHook('create', 'production');
		const { id } = sandbox.webhooks()[0];
		await callApi(sandbox, 'PATCH', `/webhooks/${id}`, {
			body: { url: `${trigger.webhookUrl('production')}/other` },
		});

		expect(await trigger.runHook('checkExists', 'production')).toBe(false);
	});

	test('rejects an endpoint with other events', async () => {
		await trigger.runHook('create', 'production');
		trigger.setParameters({ events: ['lead.created', 'lead.updated', 'export.failed'] });

		expect(await trigger.runHook('checkExists', 'production')).toBe(false);
	});

	test('accepts the same events in another order', async () => {
		await trigger.runHook('create', 'production');
		trigger.setParameters({ events: ['lead.updated', 'lead.created', 'lead.updated'] });

		expect(await trigger.runHook('checkExists', 'production')).toBe(true);
	});

	test('rejects an endpoint with an unknown secret', async () => {
		await callApi(sandbox, 'POST', '/webhooks', {
			body: { url: trigger.webhookUrl('production'), events: ['lead.created', 'lead.updated'] },
		});

		expect(await trigger.runHook('checkExists', 'production')).toBe(false);
	});

	test('rejects a changed secret prefix', async () => {
		await trigger.runHook('create', 'production');
		const url = trigger.webhookUrl('production');
		const registrations = storedRegistrations(trigger);
		trigger.staticData().webhooks = {
			[url]: { ...registrations[url], secret: 'whsec_rotated_elsewhere' },
		};

		expect(await trigger.runHook('checkExists', 'production')).toBe(false);
	});

	test('rejects a disabled endpoint', async () => {
		await trigger.runHook('create', 'production');
		await callApi(sandbox, 'PATCH', `/webhooks/${sandbox.webhooks()[0].id}`, {
			body: { enabled: false },
		});

		expect(await trigger.runHook('checkExists', 'production')).toBe(false);
	});

	test('rejects a deleted endpoint, deleting nothing', async () => {
		await trigger.runHook('create', 'production');
		await callApi(sandbox, 'DELETE', `/webhooks/${sandbox.webhooks()[0].id}`);

		expect(await trigger.runHook('checkExists', 'production')).toBe(false);
		const deletes = sandbox.requests.filter((entry) => entry.method === 'DELETE');
		expect(deletes).toHaveLength(1);
	});

	test('keeps test and production apart', async () => {
		await trigger.runHook('create', 'production');
		expect(await trigger.runHook('checkExists', 'test')).toBe(false);
	});
});

describe('delete', () => {
	test('deletes the endpoint and clears the registration', async () => {
		await trigger.runHook('create', 'production');
		expect(await trigger.runHook('delete', 'production')).toBe(true);

		expect(sandbox.webhooks()).toEqual([]);
		expect(storedRegistrations(trigger)).toEqual({});
	});

	test('accepts a 204 answer without a body', async () => {
		sandbox.setTolerance({ deleteStatus: 204 });
		await trigger.runHook('create', 'production');
		expect(await trigger.runHook('delete', 'production')).toBe(true);
		expect(sandbox.webhooks()).toEqual([]);
	});

	test('treats 404 as deleted', async () => {
		await trigger.runHook('create', 'production');
		await callApi(sandbox, 'DELETE', `/webhooks/${sandbox.webhooks()[0].id}`);

		expect(await trigger.runHook('delete', 'production')).toBe(true);
		expect(storedRegistrations(trigger)).toEqual({});
	});

	test('only lists when nothing is registered', async () => {
		expect(await trigger.runHook('delete', 'production')).toBe(true);
		expect(sandbox.requests.map((entry) => entry.method)).toEqual(['GET']);
	});

	test('removes its endpoint after static data loss', async () => {
		await trigger.runHook('create', 'production');
		expect(sandbox.webhooks()).toHaveLength(1);
		wipeStaticData(trigger);

		expect(await trigger.runHook('delete', 'production')).toBe(true);
		expect(sandbox.webhooks()).toHaveLength(0);
	});

	test('create removes an orphan for its URL', async () => {
		await trigger.runHook('create', 'production');
		const [orphan] = sandbox.webhooks();
		wipeStaticData(trigger);

		await trigger.runHook('create', 'production');
		const endpoints = sandbox.webhooks();
		expect(endpoints).toHaveLength(1);
		expect(endpoints[0].id).not.toBe(orphan.id);
	});

	test('logs and throws a 500', async () => {
		await trigger.runHook('create', 'production');
		const [endpoint] = sandbox.webhooks();
		sandbox.failNext(4, '500', { method: 'DELETE', path: '/webhooks' });

		await expect(trigger.runHook('delete', 'production')).rejects.toThrow(
			'ProspectB2B failed to delete the webhook endpoint because of a server error',
		);
		const deletes = requestsTo(sandbox, 'DELETE', `/webhooks/${endpoint.id}`);
		expect(deletes).toHaveLength(4);
		const errorLine = trigger
			.logs()
			.find((line) => line.includes('failed to delete its webhook endpoint'));
		expect(errorLine).toContain(`"request_id":"${deletes[3].requestId}"`);
		expect(errorLine).toContain(endpoint.id);
		expect(storedRegistrations(trigger)[trigger.webhookUrl('production')].id).toBe(endpoint.id);

		// The endpoint left behind is still known, so a later delete removes it.
		expect(await trigger.runHook('delete', 'production')).toBe(true);
		expect(sandbox.webhooks()).toEqual([]);
	}, 30_000);

	test('never logs key or secret', async () => {
		await trigger.runHook('create', 'production');
		const [endpoint] = sandbox.webhooks();
		sandbox.failNext(4, '500', { method: 'DELETE', path: '/webhooks' });
		await expect(trigger.runHook('delete', 'production')).rejects.toThrow();

		const logs = trigger.logs().join('\n');
		expect(logs).not.toContain(endpoint.signing_secret);
		expect(logs).not.toContain(sandbox.keys.full);
	}, 30_000);
});

describe('endpoint made by hand', () => {
	test('registers and deletes nothing', async () => {
		const manual = createWebhookTrigger(
			sandbox,
			{ registration: 'manual' },
			{ signingSecret: 'whsec_by_hand' },
		);
		expect(await manual.runHook('checkExists', 'production')).toBe(true);
		expect(await manual.runHook('delete', 'production')).toBe(true);
		expect(sandbox.requests).toEqual([]);
		expect(manual.staticData()).toEqual({});
	});
});
