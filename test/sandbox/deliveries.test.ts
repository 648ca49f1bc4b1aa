import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSandbox, type Sandbox } from './index';
import {
	callApi,
	callControl,
	expectedSignature,
	headerOf,
	startReceiver,
	type ReceivedRequest,
	type Receiver,
} from './test-helpers';

let sandbox: Sandbox;
let receiver: Receiver;

beforeAll(async () => {
	sandbox = await startSandbox({ deliveryRetry: { backoffMs: [5, 10] } });
	receiver = await startReceiver();
});

afterAll(async () => {
	await sandbox.close();
	await receiver.close();
});

beforeEach(() => {
	sandbox.reset();
	receiver.clear();
});

async function createWebhook(
	events: string[] = ['lead.created', 'lead.updated'],
	url = receiver.url,
) {
	const response = await callApi(sandbox, 'POST', '/webhooks', { body: { url, events } });
	expect(response.status).toBe(200);
	return response.body.data as { id: string; signing_secret: string };
}

/** Returns whether the request carries exactly one valid v1 signature of its timestamp and body. */
function hasValidSignature(request: ReceivedRequest, secret: string): boolean {
	const timestamp = headerOf(request, 'x-prospectb2b-timestamp') ?? '';
	const signature = headerOf(request, 'x-prospectb2b-signature');
	return signature === `v1=${expectedSignature(secret, timestamp, request.body)}`;
}

function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}

describe('automatic deliveries', () => {
	test('lead create sends a signed event', async () => {
		const endpoint = await createWebhook();
		const created = await callApi(sandbox, 'POST', '/leads', {
			body: { full_name: 'Ada Lovelace' },
		});
		await sandbox.waitForDeliveries();

		expect(receiver.requests).toHaveLength(1);
		const [request] = receiver.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/hooks');
		expect(headerOf(request, 'content-type')).toBe('application/json');
		expect(headerOf(request, 'x-prospectb2b-event')).toBe('lead.created');
		expect(headerOf(request, 'x-prospectb2b-delivery')).toMatch(/^del_/);
		const timestamp = Number(headerOf(request, 'x-prospectb2b-timestamp'));
		expect(Math.abs(timestamp - nowSeconds())).toBeLessThanOrEqual(5);
		expect(hasValidSignature(request, endpoint.signing_secret)).toBe(true);

		const event = JSON.parse(request.body);
		expect(event.id).toMatch(/^evt_/);
		expect(event.object).toBe('event');
		expect(event.type).toBe('lead.created');
		expect(event.created_at).toMatch(/Z$/);
		expect(event.data).toEqual(created.body.data);
	});

	test('records the delivery', async () => {
		await createWebhook();
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();

		const [delivery] = sandbox.deliveries();
		const request = receiver.requests[0];
		expect(delivery.id).toBe(headerOf(request, 'x-prospectb2b-delivery'));
		expect(delivery.event_id).toBe(JSON.parse(request.body).id);
		expect(delivery.status).toBe('succeeded');
		expect(delivery.attempt_count).toBe(1);
		expect(delivery.body).toBe(request.body);
	});

	test('patch sends lead.updated', async () => {
		await createWebhook(['lead.updated']);
		const [lead] = sandbox.seedLeads(1);
		await callApi(sandbox, 'PATCH', `/leads/${lead.id}`, { body: { job_title: 'CTO' } });
		await sandbox.waitForDeliveries();
		expect(receiver.requests).toHaveLength(1);
		const event = JSON.parse(receiver.requests[0].body);
		expect(event.type).toBe('lead.updated');
		expect(event.data.job_title).toBe('CTO');
	});

	test('upsert sends created then updated', async () => {
		await createWebhook();
		const body = { email: 'ada@example.com', full_name: 'Ada' };
		await callApi(sandbox, 'POST', '/leads/upsert', { body });
		await callApi(sandbox, 'POST', '/leads/upsert', { body: { ...body, job_title: 'CTO' } });
		await sandbox.waitForDeliveries();
		const types = receiver.requests.map((request) => JSON.parse(request.body).type);
		expect(types.sort()).toEqual(['lead.created', 'lead.updated']);
		for (const request of receiver.requests) {
			expect(JSON.parse(request.body).data.upserted).toBeUndefined();
		}
	});

	test('skips unsubscribed events', async () => {
		await createWebhook(['lead.updated']);
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		expect(receiver.requests).toHaveLength(0);
		expect(sandbox.deliveries()).toHaveLength(0);
	});

	test('skips disabled endpoints', async () => {
		const endpoint = await createWebhook();
		await callApi(sandbox, 'PATCH', `/webhooks/${endpoint.id}`, { body: { enabled: false } });
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		expect(receiver.requests).toHaveLength(0);
	});

	test('seeding sends nothing', async () => {
		await createWebhook();
		sandbox.seedLeads(3);
		await sandbox.waitForDeliveries();
		expect(receiver.requests).toHaveLength(0);
	});

	test('one event id per endpoint set', async () => {
		const first = await createWebhook();
		const second = await createWebhook();
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();

		const deliveries = sandbox.deliveries();
		expect(deliveries).toHaveLength(2);
		expect(deliveries[0].event_id).toBe(deliveries[1].event_id);
		expect(deliveries[0].id).not.toBe(deliveries[1].id);

		const byDelivery = (id: string) =>
			receiver.requests.find((request) => headerOf(request, 'x-prospectb2b-delivery') === id);
		const toFirst = byDelivery(deliveries.find((d) => d.webhook_id === first.id)?.id ?? '');
		const toSecond = byDelivery(deliveries.find((d) => d.webhook_id === second.id)?.id ?? '');
		expect(hasValidSignature(toFirst as ReceivedRequest, first.signing_secret)).toBe(true);
		expect(hasValidSignature(toSecond as ReceivedRequest, second.signing_secret)).toBe(true);
	});

	test('API response does not wait', async () => {
		await createWebhook();
		receiver.reply({ status: 200, delayMs: 600 });
		const started = Date.now();
		const response = await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		expect(response.status).toBe(200);
		expect(Date.now() - started).toBeLessThan(400);
		expect(sandbox.deliveries()[0].status).toBe('pending');
		await sandbox.waitForDeliveries();
		expect(sandbox.deliveries()[0].status).toBe('succeeded');
	});
});

describe('automatic retries', () => {
	test('retries after 500 until success', async () => {
		const endpoint = await createWebhook();
		receiver.reply({ status: 500, body: 'boom' }, { status: 502 });
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();

		expect(receiver.requests).toHaveLength(3);
		const ids = receiver.requests.map((request) => headerOf(request, 'x-prospectb2b-delivery'));
		expect(new Set(ids).size).toBe(1);
		for (const request of receiver.requests) {
			expect(request.body).toBe(receiver.requests[0].body);
			expect(hasValidSignature(request, endpoint.signing_secret)).toBe(true);
		}

		const [delivery] = sandbox.deliveries();
		expect(delivery.status).toBe('succeeded');
		expect(delivery.attempt_count).toBe(3);
		expect(delivery.response_status_code).toBe(200);
		expect(delivery.error_message).toBeNull();
	});

	test('fails after max attempts', async () => {
		await createWebhook();
		receiver.reply(
			{ status: 500, body: 'a' },
			{ status: 500, body: 'b' },
			{ status: 500, body: 'c' },
		);
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();

		expect(receiver.requests).toHaveLength(3);
		const [delivery] = sandbox.deliveries();
		expect(delivery.status).toBe('failed');
		expect(delivery.attempt_count).toBe(3);
		expect(delivery.response_status_code).toBe(500);
		expect(delivery.response_body_snippet).toBe('c');
		expect(delivery.error_message).toBe('The endpoint responded with HTTP 500.');
	});

	test('stays pending between attempts', async () => {
		await createWebhook();
		sandbox.setDeliveryRetryPolicy({ backoffMs: [300] });
		receiver.reply({ status: 500 });
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await new Promise((resolve) => setTimeout(resolve, 100));
		const [waiting] = sandbox.deliveries();
		expect(waiting.status).toBe('pending');
		expect(waiting.attempt_count).toBe(1);
		await sandbox.waitForDeliveries();
		expect(sandbox.deliveries()[0].status).toBe('succeeded');
	});

	test('maxAttempts 1 means no retry', async () => {
		await createWebhook();
		sandbox.setDeliveryRetryPolicy({ maxAttempts: 1 });
		receiver.reply({ status: 500 });
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		expect(receiver.requests).toHaveLength(1);
		expect(sandbox.deliveries()[0].status).toBe('failed');
	});

	test('snippet keeps 500 characters', async () => {
		await createWebhook();
		sandbox.setDeliveryRetryPolicy({ maxAttempts: 1 });
		receiver.reply({ status: 400, body: 'x'.repeat(800) });
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		expect(sandbox.deliveries()[0].response_body_snippet).toBe('x'.repeat(500));
	});

	test('timeout counts as failure', async () => {
		await createWebhook();
		sandbox.setDeliveryRetryPolicy({ maxAttempts: 2, timeoutMs: 50 });
		receiver.reply({ status: 200, delayMs: 1000 });
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();

		expect(receiver.requests).toHaveLength(2);
		const [delivery] = sandbox.deliveries();
		expect(delivery.status).toBe('succeeded');
		expect(delivery.attempt_count).toBe(2);
	});

	test('timeout error is recorded', async () => {
		await createWebhook();
		sandbox.setDeliveryRetryPolicy({ maxAttempts: 1, timeoutMs: 50 });
		receiver.reply({ status: 200, delayMs: 1000 });
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		const [delivery] = sandbox.deliveries();
		expect(delivery.status).toBe('failed');
		expect(delivery.response_status_code).toBeNull();
		expect(delivery.error_message).toContain('did not respond within 50 ms');
	});

	test('connection refused is recorded', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));

		await createWebhook(['lead.created'], `http://127.0.0.1:${port}/hooks`);
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		const [delivery] = sandbox.deliveries();
		expect(delivery.status).toBe('failed');
		expect(delivery.attempt_count).toBe(3);
		expect(delivery.error_message).toContain('ECONNREFUSED');
	});

	test('reset cancels waiting retries', async () => {
		await createWebhook();
		sandbox.setDeliveryRetryPolicy({ backoffMs: [60_000] });
		receiver.reply({ status: 500 });
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await new Promise((resolve) => setTimeout(resolve, 50));
		sandbox.reset();
		const started = Date.now();
		await sandbox.waitForDeliveries();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(sandbox.deliveries()).toHaveLength(0);
		expect(receiver.requests).toHaveLength(1);
	});

	test('reset restores the policy', () => {
		sandbox.setDeliveryRetryPolicy({ maxAttempts: 7 });
		sandbox.reset();
		expect(sandbox.deliveryRetryPolicy).toEqual({
			maxAttempts: 3,
			backoffMs: [5, 10],
			timeoutMs: 10_000,
		});
	});

	test('rejects an invalid policy', () => {
		expect(() => sandbox.setDeliveryRetryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
		expect(() => sandbox.setDeliveryRetryPolicy({ backoffMs: [] })).toThrow(RangeError);
		expect(() => sandbox.setDeliveryRetryPolicy({ timeoutMs: -1 })).toThrow(RangeError);
	});
});

describe('loopback only', () => {
	test('outside host is stored but not called', async () => {
		await createWebhook(['lead.created'], 'https://hooks.example.com/in');
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();

		const [delivery] = sandbox.deliveries();
		expect(delivery.status).toBe('failed');
		expect(delivery.error_message).toBe('sandbox delivers only to loopback addresses');
		expect(delivery.attempt_count).toBe(0);
		expect(delivery.response_status_code).toBeNull();
	});

	test('manual retry stays rejected', async () => {
		const endpoint = await createWebhook(['lead.created'], 'http://10.0.0.1/hooks');
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		const [delivery] = sandbox.deliveries();
		const response = await callApi(
			sandbox,
			'POST',
			`/webhooks/${endpoint.id}/deliveries/${delivery.id}/retry`,
		);
		expect(response.body.data.status).toBe('failed');
		expect(response.body.data.error_message).toBe('sandbox delivers only to loopback addresses');
	});

	test('deliver to outside URL is rejected', async () => {
		const result = await sandbox.deliver({
			url: 'http://192.168.1.10/hooks',
			secret: 'whsec_test',
			event: 'lead.created',
		});
		expect(result.status).toBe('failed');
		expect(result.responseStatus).toBeNull();
		expect(result.errorMessage).toBe('sandbox delivers only to loopback addresses');
	});

	test('localhost host is delivered', async () => {
		const endpoint = await createWebhook(
			['lead.created'],
			receiver.url.replace('127.0.0.1', 'localhost'),
		);
		const result = await sandbox.deliver({ webhookId: endpoint.id, event: 'lead.created' });
		expect(result.responseStatus).toBe(200);
		expect(receiver.requests).toHaveLength(1);
	});
});

describe('deliver variants', () => {
	async function deliverVariant(variant: Parameters<Sandbox['deliver']>[0]['variant']) {
		const endpoint = await createWebhook();
		const result = await sandbox.deliver({
			webhookId: endpoint.id,
			event: 'lead.created',
			variant,
		});
		const request = receiver.requests[receiver.requests.length - 1];
		return { endpoint, result, request };
	}

	test('valid is correctly signed', async () => {
		const { endpoint, result, request } = await deliverVariant('valid');
		expect(result.status).toBe('succeeded');
		expect(result.responseStatus).toBe(200);
		expect(result.responseBody).toBe('ok');
		expect(result.deliveryId).toBe(headerOf(request, 'x-prospectb2b-delivery'));
		expect(hasValidSignature(request, endpoint.signing_secret)).toBe(true);
		expect(result.request.body).toBe(request.body);
	});

	test('defaults data to a sample', async () => {
		const { request } = await deliverVariant(undefined);
		const event = JSON.parse(request.body);
		expect(event.type).toBe('lead.created');
		expect(event.data.object).toBe('lead');
	});

	test('wrong_signature does not verify', async () => {
		const { endpoint, request } = await deliverVariant('wrong_signature');
		expect(headerOf(request, 'x-prospectb2b-signature')).toMatch(/^v1=[0-9a-f]{64}$/);
		expect(hasValidSignature(request, endpoint.signing_secret)).toBe(false);
	});

	test('stale_timestamp is 10 minutes old', async () => {
		const { endpoint, request } = await deliverVariant('stale_timestamp');
		const timestamp = Number(headerOf(request, 'x-prospectb2b-timestamp'));
		expect(Math.abs(nowSeconds() - 600 - timestamp)).toBeLessThanOrEqual(5);
		expect(hasValidSignature(request, endpoint.signing_secret)).toBe(true);
	});

	test('future_timestamp is 10 minutes ahead', async () => {
		const { endpoint, request } = await deliverVariant('future_timestamp');
		const timestamp = Number(headerOf(request, 'x-prospectb2b-timestamp'));
		expect(Math.abs(nowSeconds() + 600 - timestamp)).toBeLessThanOrEqual(5);
		expect(hasValidSignature(request, endpoint.signing_secret)).toBe(true);
	});

	test('tampered_body fails verification', async () => {
		const { endpoint, result, request } = await deliverVariant('tampered_body');
		expect(hasValidSignature(request, endpoint.signing_secret)).toBe(false);

		const original = sandbox.deliveries().find((delivery) => delivery.id === result.deliveryId);
		const timestamp = headerOf(request, 'x-prospectb2b-timestamp') ?? '';
		const signature = headerOf(request, 'x-prospectb2b-signature');
		expect(signature).toBe(
			`v1=${expectedSignature(endpoint.signing_secret, timestamp, original?.body ?? '')}`,
		);
		expect(request.body).not.toBe(original?.body);
		expect(request.body).toHaveLength(original?.body.length ?? -1);
		expect(() => JSON.parse(request.body)).not.toThrow();
	});

	test('repeat resends the previous delivery', async () => {
		const endpoint = await createWebhook();
		const first = await sandbox.deliver({ webhookId: endpoint.id, event: 'lead.created' });
		const repeat = await sandbox.deliver({
			webhookId: endpoint.id,
			event: 'lead.created',
			variant: 'repeat',
		});

		expect(repeat.deliveryId).toBe(first.deliveryId);
		expect(repeat.eventId).toBe(first.eventId);
		expect(receiver.requests).toHaveLength(2);
		const [original, again] = receiver.requests;
		expect(again.body).toBe(original.body);
		expect(headerOf(again, 'x-prospectb2b-delivery')).toBe(
			headerOf(original, 'x-prospectb2b-delivery'),
		);
		expect(hasValidSignature(again, endpoint.signing_secret)).toBe(true);
		expect(sandbox.deliveries()[0].attempt_count).toBe(2);
	});

	test('repeat can resend an automatic delivery', async () => {
		const endpoint = await createWebhook();
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		const [automatic] = sandbox.deliveries();
		const repeat = await sandbox.deliver({
			webhookId: endpoint.id,
			event: 'lead.created',
			variant: 'repeat',
		});
		expect(repeat.deliveryId).toBe(automatic.id);
		expect(receiver.requests[1].body).toBe(automatic.body);
	});

	test('repeat without earlier delivery rejects', async () => {
		const endpoint = await createWebhook();
		await expect(
			sandbox.deliver({ webhookId: endpoint.id, event: 'lead.created', variant: 'repeat' }),
		).rejects.toThrow(RangeError);
	});

	test('missing_signature omits the header', async () => {
		const { request } = await deliverVariant('missing_signature');
		expect(headerOf(request, 'x-prospectb2b-signature')).toBeUndefined();
		expect(headerOf(request, 'x-prospectb2b-timestamp')).toMatch(/^\d+$/);
	});

	test('multiple_signatures sends wrong then right', async () => {
		const { endpoint, request } = await deliverVariant('multiple_signatures');
		const timestamp = headerOf(request, 'x-prospectb2b-timestamp') ?? '';
		const right = expectedSignature(endpoint.signing_secret, timestamp, request.body);
		const header = headerOf(request, 'x-prospectb2b-signature') ?? '';
		const [first, second] = header.split(',');
		expect(header.split(',')).toHaveLength(2);
		expect(first).toMatch(/^v1=[0-9a-f]{64}$/);
		expect(first).not.toBe(`v1=${right}`);
		expect(second).toBe(`v1=${right}`);
	});

	test('records the receiver response', async () => {
		const endpoint = await createWebhook();
		receiver.reply({ status: 401, body: 'bad signature' });
		const result = await sandbox.deliver({
			webhookId: endpoint.id,
			event: 'lead.created',
			variant: 'wrong_signature',
		});
		expect(result.status).toBe('failed');
		expect(result.responseStatus).toBe(401);
		expect(result.responseBody).toBe('bad signature');
		expect(receiver.requests).toHaveLength(1);
		const [delivery] = sandbox.deliveries();
		expect(delivery.status).toBe('failed');
		expect(delivery.response_body_snippet).toBe('bad signature');
	});

	test('sends given data for any event', async () => {
		const endpoint = await createWebhook();
		await sandbox.deliver({
			webhookId: endpoint.id,
			event: 'campaign.published',
			data: { id: 'camp_1', object: 'campaign' },
		});
		const event = JSON.parse(receiver.requests[0].body);
		expect(event.type).toBe('campaign.published');
		expect(event.data).toEqual({ id: 'camp_1', object: 'campaign' });
		expect(headerOf(receiver.requests[0], 'x-prospectb2b-event')).toBe('campaign.published');
	});

	test('bare URL needs a secret', async () => {
		await expect(sandbox.deliver({ url: receiver.url, event: 'lead.created' })).rejects.toThrow(
			/secret/,
		);
	});

	test('bare URL signs with the secret', async () => {
		const result = await sandbox.deliver({
			url: receiver.url,
			secret: 'whsec_given',
			event: 'lead.updated',
		});
		expect(result.status).toBe('succeeded');
		expect(hasValidSignature(receiver.requests[0], 'whsec_given')).toBe(true);
		expect(sandbox.deliveries()[0].webhook_id).toBeNull();
	});

	test('bare URL repeat works', async () => {
		const first = await sandbox.deliver({
			url: receiver.url,
			secret: 'whsec_given',
			event: 'lead.updated',
		});
		const repeat = await sandbox.deliver({
			url: receiver.url,
			secret: 'whsec_given',
			event: 'lead.updated',
			variant: 'repeat',
		});
		expect(repeat.deliveryId).toBe(first.deliveryId);
	});

	test('rejects unknown event and variant', async () => {
		const endpoint = await createWebhook();
		await expect(
			sandbox.deliver({ webhookId: endpoint.id, event: 'lead.deleted' as 'lead.created' }),
		).rejects.toThrow(/Unknown event/);
		await expect(
			sandbox.deliver({ webhookId: endpoint.id, event: 'lead.created', variant: 'bad' as 'valid' }),
		).rejects.toThrow(/Unknown delivery variant/);
	});

	test('rejects unknown webhook', async () => {
		await expect(
			sandbox.deliver({ webhookId: 'wh_missing', event: 'lead.created' }),
		).rejects.toThrow(/wh_missing/);
	});
});

describe('delivery control routes', () => {
	test('deliver sends a variant', async () => {
		const endpoint = await createWebhook();
		const response = await callControl(sandbox, 'POST', '/deliver', {
			webhookId: endpoint.id,
			event: 'lead.created',
			variant: 'stale_timestamp',
		});
		expect(response.status).toBe(200);
		expect(response.body.data.status).toBe('succeeded');
		expect(response.body.data.deliveryId).toMatch(/^del_/);
		expect(receiver.requests).toHaveLength(1);
	});

	test('deliver rejects bad input', async () => {
		const response = await callControl(sandbox, 'POST', '/deliver', { event: 'lead.created' });
		expect(response.status).toBe(400);
		expect(response.body.error.message).toMatch(/webhookId or an http\(s\) url/);
	});

	test('deliver rejects unknown fields', async () => {
		const response = await callControl(sandbox, 'POST', '/deliver', {
			event: 'lead.created',
			hook: 'x',
		});
		expect(response.status).toBe(400);
		expect(response.body.error.message).toContain('Unknown field hook');
	});

	test('webhooks shows secrets', async () => {
		const endpoint = await createWebhook();
		const response = await callControl(sandbox, 'GET', '/webhooks');
		expect(response.body.data[0].signing_secret).toBe(endpoint.signing_secret);
	});

	test('wait and deliveries', async () => {
		await createWebhook();
		await callControl(sandbox, 'POST', '/delivery-retry-policy', {
			maxAttempts: 2,
			backoffMs: [1],
		});
		receiver.reply({ status: 500 });
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		const waited = await callControl(sandbox, 'POST', '/deliveries/wait');
		expect(waited.status).toBe(200);
		const deliveries = await callControl(sandbox, 'GET', '/deliveries');
		expect(deliveries.body.data[0].attempt_count).toBe(2);
		expect(deliveries.body.data[0].status).toBe('succeeded');
	});

	test('retry policy route validates', async () => {
		const response = await callControl(sandbox, 'POST', '/delivery-retry-policy', {
			maxAttempts: 0,
		});
		expect(response.status).toBe(400);
		const current = await callControl(sandbox, 'GET', '/delivery-retry-policy');
		expect(current.body.data.maxAttempts).toBe(3);
	});
});
