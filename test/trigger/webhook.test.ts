import { MAX_REMEMBERED_DELIVERY_KEYS } from '../../nodes/ProspectB2BTrigger/state';
import { WebhookContext } from 'n8n-core';

import { startWebhookReceiver } from '../harness';
import type { TriggerHarness, WebhookReceiver } from '../harness';
import { startSandbox } from '../sandbox';
import type { DeliveryVariant, Sandbox } from '../sandbox';
import { createWebhookTrigger, signDeliveryHeaders, storedRegistrations } from './setup';

let sandbox: Sandbox;
let trigger: TriggerHarness;
let receiver: WebhookReceiver;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(async () => {
	sandbox.reset();
	trigger = createWebhookTrigger(sandbox);
	receiver = await startWebhookReceiver(trigger);
	await trigger.runHook('create', 'production');
});

afterEach(async () => {
	await receiver.close();
});

function productionEndpointId(): string {
	const endpoint = sandbox.webhooks().find((webhook) => webhook.url.includes('/webhook/'));
	if (endpoint === undefined) throw new Error('No production endpoint was registered.');
	return endpoint.id;
}

interface StoredGeneration {
	count: number;
	keys: string;
}

interface StoredMemory {
	writer: string;
	revision: number;
	current: StoredGeneration;
	previous: StoredGeneration;
}

/** Returns a stored generation's keys, which the node keeps one per line. */
function keysOf(generation: StoredGeneration): string[] {
	return generation.keys.split('\n').filter((key) => key !== '');
}

function generation(keys: string[]): StoredGeneration {
	return { count: keys.length, keys: `\n${keys.map((key) => `${key}\n`).join('')}` };
}

function memory(): StoredMemory {
	return trigger.staticData().deliveryMemory as unknown as StoredMemory;
}

async function deliver(variant: DeliveryVariant, event: 'lead.created' | 'campaign.created') {
	return await sandbox.deliver({ webhookId: productionEndpointId(), event, variant });
}

describe('webhook', () => {
	test('runs a valid delivery', async () => {
		const result = await deliver('valid', 'lead.created');

		expect(result.responseStatus).toBe(200);
		expect(receiver.runs()).toHaveLength(1);
		const [item] = receiver.runs()[0].workflowData?.[0] ?? [];
		const sent = JSON.parse(result.request.body) as Record<string, unknown>;
		expect(item.json).toEqual({
			...sent,
			event_type: 'lead.created',
			delivery_id: result.deliveryId,
			delivery_timestamp: Number(result.request.headers['X-ProspectB2B-Timestamp']),
		});
		expect(item.json.id).toBe(result.eventId);
		expect(item.json.data).toBeDefined();
	});

	test.each<DeliveryVariant>([
		'wrong_signature',
		'stale_timestamp',
		'future_timestamp',
		'tampered_body',
		'missing_signature',
	])('rejects %s with 401', async (variant) => {
		const result = await deliver(variant, 'lead.created');

		expect(result.responseStatus).toBe(401);
		expect(receiver.runs()).toHaveLength(0);
		expect(JSON.parse(result.responseBody ?? '{}')).toMatchObject({
			error: { code: 'invalid_signature' },
		});
	});

	test('accepts a wrong and a right signature', async () => {
		const result = await deliver('multiple_signatures', 'lead.created');

		expect(result.responseStatus).toBe(200);
		expect(receiver.runs()).toHaveLength(1);
	});

	test('acknowledges a repeated delivery', async () => {
		const first = await deliver('valid', 'lead.created');
		const repeat = await deliver('repeat', 'lead.created');

		expect(repeat.deliveryId).toBe(first.deliveryId);
		expect(repeat.responseStatus).toBe(200);
		expect(JSON.parse(repeat.responseBody ?? '{}')).toEqual({ received: true, repeated: true });
		expect(receiver.runs()).toHaveLength(1);
	});

	test('runs repeats when not ignored', async () => {
		trigger.setParameters({ options: { ignoreRepeats: false } });
		await deliver('valid', 'lead.created');
		await deliver('repeat', 'lead.created');

		expect(receiver.runs()).toHaveLength(2);
		expect(trigger.staticData().deliveryMemory).toBeUndefined();
	});

	test('acknowledges an unselected event', async () => {
		const result = await deliver('valid', 'campaign.created');

		expect(result.responseStatus).toBe(200);
		expect(JSON.parse(result.responseBody ?? '{}')).toEqual({
			received: true,
			ignored: 'event not selected',
		});
		expect(receiver.runs()).toHaveLength(0);
	});

	test('rejects an unknown secret', async () => {
		const result = await sandbox.deliver({
			url: trigger.webhookUrl('production'),
			secret: 'whsec_someone_else',
			event: 'lead.created',
		});

		expect(result.responseStatus).toBe(401);
		expect(receiver.runs()).toHaveLength(0);
	});

	test('rejects deliveries after delete', async () => {
		const { signing_secret: secret } = sandbox.webhooks()[0];
		await trigger.runHook('delete', 'production');
		const result = await sandbox.deliver({
			url: trigger.webhookUrl('production'),
			secret,
			event: 'lead.created',
		});

		expect(result.responseStatus).toBe(401);
	});

	test('remembers delivery and event IDs', async () => {
		const results = [];
		for (let index = 0; index < 3; index++) results.push(await deliver('valid', 'lead.created'));
		const { current, previous, revision, writer } = memory();

		expect(keysOf(current)).toEqual(
			results.flatMap((result) => [`delivery:${result.deliveryId}`, `event:${result.eventId}`]),
		);
		expect(current.count).toBe(6);
		expect(keysOf(previous)).toEqual([]);
		expect(revision).toBe(3);
		expect(writer).toMatch(/^[0-9a-f-]{36}$/);
	});

	test('keeps its keys after another process wrote', async () => {
		const first = await deliver('valid', 'lead.created');
		trigger.staticData().deliveryMemory = {
			writer: 'another-process',
			revision: 1,
			current: generation([]),
			previous: generation([`delivery:${first.deliveryId}`]),
		};
		const repeat = await deliver('repeat', 'lead.created');

		expect(JSON.parse(repeat.responseBody ?? '{}')).toEqual({ received: true, repeated: true });
		expect(receiver.runs()).toHaveLength(1);
	});

	test('caps the remembered keys', async () => {
		const half = MAX_REMEMBERED_DELIVERY_KEYS / 2;
		const fullGeneration = (prefix: string) =>
			generation(Array.from({ length: half }, (_, index) => `delivery:${prefix}_${index}`));
		trigger.staticData().deliveryMemory = {
			writer: 'another-process',
			revision: 1,
			current: fullGeneration('newer'),
			previous: fullGeneration('older'),
		};
		const result = await deliver('valid', 'lead.created');
		const { current, previous } = memory();

		expect(previous.count).toBe(half);
		expect(keysOf(previous)[0]).toBe('delivery:newer_0');
		expect(keysOf(current)).toEqual([`delivery:${result.deliveryId}`, `event:${result.eventId}`]);
	});

	test('reads the 0.1.0 delivery list', async () => {
		const timestamp = Math.floor(Date.now() / 1000);
		trigger.staticData().recentDeliveries = [
			`${timestamp}|delivery:del_before_upgrade`,
			`${timestamp}|event:evt_before_upgrade`,
		];
		const result = await deliver('valid', 'lead.created');

		expect(trigger.staticData().recentDeliveries).toBeUndefined();
		expect(keysOf(memory().previous)).toEqual([
			'delivery:del_before_upgrade',
			'event:evt_before_upgrade',
		]);
		expect(keysOf(memory().current)).toEqual([
			`delivery:${result.deliveryId}`,
			`event:${result.eventId}`,
		]);
	});

	test('replaces malformed remembered deliveries', async () => {
		trigger.staticData().deliveryMemory = { current: 'broken', previous: [] };
		const result = await deliver('valid', 'lead.created');

		expect(result.responseStatus).toBe(200);
		expect(keysOf(memory().current)).toHaveLength(2);
	});

	test('keeps secrets out of output and logs', async () => {
		await deliver('valid', 'lead.created');
		await deliver('wrong_signature', 'lead.created');
		const { signing_secret: secret } = sandbox.webhooks()[0];

		const output = JSON.stringify(receiver.calls.map((call) => [call.body, call.workflowData]));
		const logs = trigger.logs().join('\n');
		for (const text of [output, logs]) {
			expect(text).not.toContain(secret);
			expect(text).not.toContain(sandbox.keys.full);
		}
		expect(logs).toContain('rejected a delivery');
	});
});

describe('webhook with deliveries signed here', () => {
	function productionSecret(): string {
		return storedRegistrations(trigger)[trigger.webhookUrl('production')].secret;
	}

	const body = Buffer.from(
		'{"id":"evt_local_1","object":"event","type":"lead.created","created_at":"2026-03-10T00:00:00.000Z","data":{"id":"lead_1","full_name":"Ana Li"}}',
	);

	test('ignores a repeated event ID', async () => {
		const headers = (deliveryId: string) =>
			signDeliveryHeaders(productionSecret(), body, { deliveryId, event: 'lead.created' });

		const first = await trigger.callWebhook(
			{ headers: headers('del_a'), rawBody: body },
			'production',
		);
		const second = await trigger.callWebhook(
			{ headers: headers('del_b'), rawBody: body },
			'production',
		);

		expect(first.workflowData).toBeDefined();
		expect(second.status).toBe(200);
		expect(second.workflowData).toBeUndefined();
	});

	test('takes the event type from the body', async () => {
		const headers = signDeliveryHeaders(productionSecret(), body, {
			deliveryId: 'del_c',
			event: 'campaign.created',
		});
		const result = await trigger.callWebhook({ headers, rawBody: body }, 'production');

		expect(result.workflowData?.[0][0].json.event_type).toBe('lead.created');
	});

	test('rejects a call without raw body', async () => {
		const headers = signDeliveryHeaders(productionSecret(), body, {
			deliveryId: 'del_d',
			event: 'lead.created',
		});
		const result = await trigger.callWebhook({ headers }, 'production');

		expect(result.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
	});

	test('answers 400 to a non-JSON body', async () => {
		const text = Buffer.from('not json');
		const headers = signDeliveryHeaders(productionSecret(), text, {
			deliveryId: 'del_e',
			event: 'lead.created',
		});
		const result = await trigger.callWebhook({ headers, rawBody: text }, 'production');

		expect(result.status).toBe(400);
		expect(result.workflowData).toBeUndefined();
	});

	test('honours a shorter timestamp tolerance', async () => {
		trigger.setParameters({ options: { toleranceSeconds: 10 } });
		const headers = signDeliveryHeaders(productionSecret(), body, {
			deliveryId: 'del_f',
			event: 'lead.created',
			timestamp: Math.floor(Date.now() / 1000) - 60,
		});
		const result = await trigger.callWebhook({ headers, rawBody: body }, 'production');

		expect(result.status).toBe(401);
		expect(result.body).toMatchObject({ error: { message: expect.stringContaining('stale') } });
	});
});

describe('webhook on the test URL', () => {
	beforeEach(async () => {
		await trigger.runHook('create', 'test');
	});

	function testEndpoint() {
		const endpoint = sandbox.webhooks().find((webhook) => webhook.url.includes('/webhook-test/'));
		if (endpoint === undefined) throw new Error('No test endpoint was registered.');
		return endpoint;
	}

	test('verifies with the test registration secret', async () => {
		const result = await sandbox.deliver({ webhookId: testEndpoint().id, event: 'lead.created' });

		expect(result.responseStatus).toBe(200);
		expect(receiver.runs().map((call) => call.kind)).toEqual(['test']);
	});

	test('rejects production secret on test URL', async () => {
		const result = await sandbox.deliver({
			url: testEndpoint().url,
			secret: sandbox.webhooks().find((webhook) => webhook.url.includes('/webhook/'))
				?.signing_secret,
			event: 'lead.created',
		});

		expect(result.responseStatus).toBe(401);
	});

	test('rejects test secret on production URL', async () => {
		const result = await sandbox.deliver({
			url: trigger.webhookUrl('production'),
			secret: testEndpoint().signing_secret,
			event: 'lead.created',
		});

		expect(result.responseStatus).toBe(401);
	});

	test('works without getWebhookResourceUrl (n8n 1.x)', async () => {
		const prototype = WebhookContext.prototype as unknown as Record<string, unknown>;
		const original = prototype.getWebhookResourceUrl;
		prototype.getWebhookResourceUrl = undefined;
		try {
			const valid = await sandbox.deliver({ webhookId: testEndpoint().id, event: 'lead.created' });
			const production = sandbox.webhooks().find((webhook) => webhook.url.includes('/webhook/'));
			const crossed = await sandbox.deliver({
				url: testEndpoint().url,
				secret: production?.signing_secret,
				event: 'lead.created',
			});

			expect(valid.responseStatus).toBe(200);
			expect(crossed.responseStatus).toBe(401);
		} finally {
			prototype.getWebhookResourceUrl = original;
		}
	});
});

describe('webhook of an endpoint made by hand', () => {
	const secret = 'whsec_made_by_hand_0123456789';

	beforeEach(async () => {
		await receiver.close();
		trigger = createWebhookTrigger(sandbox, { registration: 'manual' }, { signingSecret: secret });
		receiver = await startWebhookReceiver(trigger);
	});

	test('verifies with the secret from the credential', async () => {
		const url = trigger.webhookUrl('production');
		const valid = await sandbox.deliver({ url, secret, event: 'lead.created' });
		const forged = await sandbox.deliver({ url, secret: `${secret}x`, event: 'lead.created' });

		expect(valid.responseStatus).toBe(200);
		expect(forged.responseStatus).toBe(401);
		expect(receiver.runs()).toHaveLength(1);
		expect(trigger.staticData().webhooks).toBeUndefined();
	});
});
