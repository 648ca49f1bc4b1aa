import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSandbox, type Sandbox } from '../sandbox';
import { ADA, runProspect, visibleText } from './run-prospect';

let sandbox: Sandbox;
let receiver: Server;
let receiverUrl: string;
const received: string[] = [];

beforeAll(async () => {
	sandbox = await startSandbox();
	receiver = createServer((request, response) => {
		received.push(String(request.headers['x-prospectb2b-delivery']));
		response.writeHead(204).end();
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
	await sandbox.close();
	await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => {
	sandbox.reset();
	received.length = 0;
});

async function createWebhook(events = ['lead.created', 'export.completed']) {
	const result = await runProspect(sandbox, {
		resource: 'webhook',
		operation: 'create',
		url: receiverUrl,
		events,
		additionalFields: { description: 'CRM sync' },
	});
	expect(result.error).toBeUndefined();
	return result.output[0].json;
}

describe('Webhook', () => {
	test('Create returns the signing secret once', async () => {
		const webhook = await createWebhook();
		expect(webhook.id).toMatch(/^wh_/);
		expect(webhook.events).toEqual(['lead.created', 'export.completed']);
		expect(webhook.description).toBe('CRM sync');
		expect(webhook.signing_secret).toBe(sandbox.webhooks()[0].signing_secret);
		expect(sandbox.requests[0].idempotencyKey).toMatch(/^n8n-/);
		const fetched = await runProspect(sandbox, {
			resource: 'webhook',
			operation: 'get',
			webhookId: String(webhook.id),
		});
		expect(fetched.output[0].json.signing_secret).toBeUndefined();
		expect(fetched.output[0].json.secret_prefix).toBeDefined();
	});

	test('Create rejects a relative URL before any request', async () => {
		const result = await runProspect(sandbox, {
			resource: 'webhook',
			operation: 'create',
			url: '/hooks/prospect',
			events: ['lead.created'],
		});
		expect(result.error?.message).toMatch(/^Invalid URL "\/hooks\/prospect" in item 0/);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('Create rejects an ftp URL', async () => {
		const result = await runProspect(sandbox, {
			resource: 'webhook',
			operation: 'create',
			url: 'ftp://example.com/hook',
			events: ['lead.created'],
		});
		expect(result.error?.message).toMatch(/not an absolute http or https URL/);
	});

	test('Create with a read-only key names webhooks.write', async () => {
		const result = await runProspect(
			sandbox,
			{ resource: 'webhook', operation: 'create', url: receiverUrl, events: ['lead.created'] },
			{ apiKey: sandbox.keys.readOnly },
		);
		expect(result.error?.message).toBe('The API key is not allowed to create the webhook');
		expect(result.error?.description).toMatch(/webhooks\.write/);
	});

	test('Get Many lists every endpoint', async () => {
		await createWebhook(['lead.created']);
		await createWebhook(['lead.updated']);
		await createWebhook(['export.failed']);
		const result = await runProspect(sandbox, {
			resource: 'webhook',
			operation: 'getAll',
			returnAll: true,
		});
		expect(result.output).toHaveLength(3);
		expect(result.output.every((item) => item.json.signing_secret === undefined)).toBe(true);
	});

	test('Update sends only the fields set', async () => {
		const webhook = await createWebhook();
		const result = await runProspect(sandbox, {
			resource: 'webhook',
			operation: 'update',
			webhookId: String(webhook.id),
			updateFields: { enabled: false },
		});
		expect(result.output[0].json.enabled).toBe(false);
		expect(result.output[0].json.url).toBe(receiverUrl);
		expect(sandbox.requests.at(-1)?.body).toEqual({ enabled: false });
	});

	test('Update with no field is rejected', async () => {
		const webhook = await createWebhook();
		const result = await runProspect(sandbox, {
			resource: 'webhook',
			operation: 'update',
			webhookId: String(webhook.id),
			updateFields: {},
		});
		expect(result.error?.message).toMatch(/^Invalid Update Fields/);
	});

	test('Delete removes the endpoint', async () => {
		const webhook = await createWebhook();
		const result = await runProspect(sandbox, {
			resource: 'webhook',
			operation: 'delete',
			webhookId: String(webhook.id),
		});
		expect(result.output[0].json).toMatchObject({ id: webhook.id, deleted: true });
		expect(sandbox.webhooks()).toHaveLength(0);
	});

	test('Delete of an unknown id names it', async () => {
		const result = await runProspect(sandbox, {
			resource: 'webhook',
			operation: 'delete',
			webhookId: 'wh_unknown',
		});
		expect(result.error?.message).toBe('The webhook "wh_unknown" was not found');
	});

	test('a retried Delete after a lost answer counts as done', async () => {
		const webhook = await createWebhook();
		sandbox.failNext(1, 'drop_after_apply', { method: 'DELETE' });
		const result = await runProspect(sandbox, {
			resource: 'webhook',
			operation: 'delete',
			webhookId: String(webhook.id),
		});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ id: webhook.id, deleted: true });
		expect(sandbox.webhooks()).toHaveLength(0);
	});

	test('no output or error holds the API key', async () => {
		const result = await createWebhook();
		expect(JSON.stringify(result)).not.toContain(sandbox.keys.full);
	});
});

describe('Webhook Delivery', () => {
	test('Get Many and Retry a delivery', async () => {
		const webhook = await createWebhook();
		await runProspect(sandbox, { resource: 'lead', operation: 'create', ...ADA });
		await sandbox.waitForDeliveries();
		expect(received).toHaveLength(1);

		const listed = await runProspect(sandbox, {
			resource: 'webhookDelivery',
			operation: 'getAll',
			webhookId: String(webhook.id),
			returnAll: true,
		});
		expect(listed.output).toHaveLength(1);
		const delivery = listed.output[0].json;
		expect(delivery).toMatchObject({ event: 'lead.created', status: 'succeeded' });

		const retried = await runProspect(sandbox, {
			resource: 'webhookDelivery',
			operation: 'retry',
			webhookId: String(webhook.id),
			deliveryId: String(delivery.id),
		});
		expect(retried.error).toBeUndefined();
		expect(retried.output[0].json.attempt_count).toBe(2);
		expect(received).toEqual([delivery.id, delivery.id]);
	});

	test('Status filter reaches every page', async () => {
		const webhook = await createWebhook();
		const result = await runProspect(sandbox, {
			resource: 'webhookDelivery',
			operation: 'getAll',
			webhookId: String(webhook.id),
			returnAll: true,
			filters: { status: 'failed' },
		});
		expect(result.output).toHaveLength(0);
		expect(sandbox.requests.at(-1)?.query.status).toBe('failed');
	});

	test('keeps the key out of the output', async () => {
		const webhook = await createWebhook();
		const result = await runProspect(sandbox, {
			resource: 'webhookDelivery',
			operation: 'getAll',
			webhookId: String(webhook.id),
			limit: 5,
		});
		expect(visibleText(result)).not.toContain(sandbox.keys.full);
	});
});
