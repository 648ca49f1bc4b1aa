import { startSandbox, type Sandbox } from './index';
import { callApi, invalidFields, startReceiver, type Receiver } from './test-helpers';

let sandbox: Sandbox;
let receiver: Receiver;

beforeAll(async () => {
	sandbox = await startSandbox({ deliveryRetry: { backoffMs: [5] } });
	receiver = await startReceiver();
});

afterAll(async () => {
	await sandbox.close();
	await receiver.close();
});

beforeEach(() => {
	sandbox.reset();
	sandbox.setDeliveryRetryPolicy({ backoffMs: [5] });
	receiver.clear();
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function createWebhook(body: unknown = { url: receiver.url, events: ['lead.created'] }) {
	return callApi(sandbox, 'POST', '/webhooks', { body });
}

describe('POST /webhooks', () => {
	test('returns the endpoint with its secret', async () => {
		const response = await createWebhook({
			url: receiver.url,
			events: ['lead.created', 'lead.updated'],
			description: 'CRM sync',
		});
		const data = response.body.data;
		expect(response.status).toBe(200);
		expect(data.id).toMatch(/^wh_/);
		expect(data.object).toBe('webhook_endpoint');
		expect(data.url).toBe(receiver.url);
		expect(data.events).toEqual(['lead.created', 'lead.updated']);
		expect(data.enabled).toBe(true);
		expect(data.description).toBe('CRM sync');
		expect(data.signing_secret).toMatch(/^whsec_[0-9a-f]{64}$/);
		expect(data.secret_prefix).toBe(data.signing_secret.slice(0, 12));
		expect(data.created_at).toMatch(ISO);
		expect(data.updated_at).toBe(data.created_at);
	});

	test('defaults description and enabled', async () => {
		const response = await createWebhook();
		expect(response.body.data.description).toBeNull();
		expect(response.body.data.enabled).toBe(true);
	});

	test('accepts enabled false', async () => {
		const response = await createWebhook({
			url: receiver.url,
			events: ['lead.created'],
			enabled: false,
		});
		expect(response.body.data.enabled).toBe(false);
	});

	test('stores the secret', async () => {
		const response = await createWebhook();
		const [stored] = sandbox.webhooks();
		expect(stored.signing_secret).toBe(response.body.data.signing_secret);
	});

	test('accepts any http(s) host', async () => {
		const response = await createWebhook({
			url: 'https://hooks.example.com/in',
			events: ['lead.created'],
		});
		expect(response.status).toBe(200);
	});

	test.each([
		['missing', undefined],
		['relative', '/hooks'],
		['ftp scheme', 'ftp://127.0.0.1/hooks'],
		['not a URL', 'not a url'],
		['number', 42],
	])('rejects %s url', async (_name, url) => {
		const response = await createWebhook({ url, events: ['lead.created'] });
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['url']);
	});

	test('rejects unknown event naming it', async () => {
		const response = await createWebhook({
			url: receiver.url,
			events: ['lead.created', 'lead.deleted'],
		});
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['events']);
		expect(response.body.error.message).toContain('"lead.deleted"');
	});

	test('rejects duplicate event naming it', async () => {
		const response = await createWebhook({
			url: receiver.url,
			events: ['lead.created', 'lead.created'],
		});
		expect(invalidFields(response)).toEqual(['events']);
		expect(response.body.error.message).toContain('repeats "lead.created"');
	});

	test.each([
		['empty', []],
		['missing', undefined],
		['string', 'lead.created'],
	])('rejects %s events', async (_name, events) => {
		const response = await createWebhook({ url: receiver.url, events });
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['events']);
	});

	test('rejects unknown fields and types', async () => {
		const response = await createWebhook({
			url: receiver.url,
			events: ['lead.created'],
			enabled: 'yes',
			description: 7,
			secret: 'mine',
		});
		expect(invalidFields(response)).toEqual(['secret', 'enabled', 'description']);
	});

	test('accepts all nine events', async () => {
		const events = [
			'lead.created',
			'lead.updated',
			'import.completed',
			'import.failed',
			'export.completed',
			'export.failed',
			'campaign.created',
			'campaign.updated',
			'campaign.published',
		];
		const response = await createWebhook({ url: receiver.url, events });
		expect(response.body.data.events).toEqual(events);
	});

	test('replays with Idempotency-Key', async () => {
		const body = { url: receiver.url, events: ['lead.created'] };
		const headers = { 'Idempotency-Key': 'webhook-create-001' };
		const first = await callApi(sandbox, 'POST', '/webhooks', { body, headers });
		const second = await callApi(sandbox, 'POST', '/webhooks', { body, headers });
		expect(second.headers.get('idempotent-replayed')).toBe('true');
		expect(second.body).toEqual(first.body);
		expect(sandbox.webhooks()).toHaveLength(1);
	});

	test('Idempotency-Key conflict is 409', async () => {
		const headers = { 'Idempotency-Key': 'webhook-create-001' };
		await callApi(sandbox, 'POST', '/webhooks', {
			body: { url: receiver.url, events: ['lead.created'] },
			headers,
		});
		const second = await callApi(sandbox, 'POST', '/webhooks', {
			body: { url: receiver.url, events: ['lead.updated'] },
			headers,
		});
		expect(second.status).toBe(409);
		expect(second.body.error.code).toBe('idempotency_conflict');
	});

	test('read-only key is 403 read_only_key', async () => {
		const response = await callApi(sandbox, 'POST', '/webhooks', {
			key: sandbox.keys.readOnly,
			body: { url: receiver.url, events: ['lead.created'] },
		});
		expect(response.status).toBe(403);
		expect(response.body.error.code).toBe('read_only_key');
	});
});

describe('reading webhooks', () => {
	test('get hides the secret', async () => {
		const created = await createWebhook();
		const response = await callApi(sandbox, 'GET', `/webhooks/${created.body.data.id}`);
		expect(response.status).toBe(200);
		expect(response.body.data.signing_secret).toBeUndefined();
		expect(response.body.data.secret_prefix).toBe(created.body.data.secret_prefix);
	});

	test('list hides secrets', async () => {
		await createWebhook();
		const response = await callApi(sandbox, 'GET', '/webhooks');
		expect(response.body.data).toHaveLength(1);
		expect(response.body.data[0].signing_secret).toBeUndefined();
		expect(response.body.pagination).toEqual({ next_cursor: null, has_more: false });
	});

	test('list pages in creation order', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) {
			ids.push((await createWebhook()).body.data.id);
		}
		// A patch must not move an endpoint, because the list is ordered by created_at.
		await callApi(sandbox, 'PATCH', `/webhooks/${ids[0]}`, { body: { description: 'moved?' } });

		const seen: string[] = [];
		let cursor: string | null = null;
		do {
			const query: string = cursor === null ? '' : `&cursor=${cursor}`;
			const page = await callApi(sandbox, 'GET', `/webhooks?limit=2${query}`);
			expect(page.status).toBe(200);
			seen.push(...page.body.data.map((endpoint: { id: string }) => endpoint.id));
			cursor = page.body.pagination.next_cursor;
		} while (cursor !== null);
		expect(seen).toEqual(ids);
	});

	test('list rejects bad limit', async () => {
		const response = await callApi(sandbox, 'GET', '/webhooks?limit=0');
		expect(invalidFields(response)).toEqual(['limit']);
	});

	test('list rejects a lead cursor', async () => {
		sandbox.seedLeads(3);
		const leads = await callApi(sandbox, 'GET', '/leads?limit=1');
		const response = await callApi(
			sandbox,
			'GET',
			`/webhooks?cursor=${leads.body.pagination.next_cursor}`,
		);
		expect(response.status).toBe(400);
		expect(response.body.error.code).toBe('invalid_cursor');
	});

	test('unknown id is 404 naming it', async () => {
		const response = await callApi(sandbox, 'GET', '/webhooks/wh_missing');
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('webhook_not_found');
		expect(response.body.error.message).toContain('wh_missing');
	});

	test('read-only key lacks the scope', async () => {
		const response = await callApi(sandbox, 'GET', '/webhooks', { key: sandbox.keys.readOnly });
		expect(response.status).toBe(403);
		expect(response.body.error.code).toBe('insufficient_scope');
		expect(response.body.error.details.required_scope).toBe('webhooks.write');
	});
});

describe('PATCH /webhooks/{webhook_id}', () => {
	test('changes only sent fields', async () => {
		const created = (
			await createWebhook({ url: receiver.url, events: ['lead.created'], description: 'a' })
		).body.data;
		const response = await callApi(sandbox, 'PATCH', `/webhooks/${created.id}`, {
			body: { enabled: false, events: ['lead.updated'] },
		});
		expect(response.status).toBe(200);
		expect(response.body.data.enabled).toBe(false);
		expect(response.body.data.events).toEqual(['lead.updated']);
		expect(response.body.data.description).toBe('a');
		expect(response.body.data.url).toBe(receiver.url);
		expect(response.body.data.signing_secret).toBeUndefined();
		expect(response.body.data.updated_at > created.updated_at).toBe(true);
	});

	test('clears description with null', async () => {
		const created = (
			await createWebhook({ url: receiver.url, events: ['lead.created'], description: 'a' })
		).body.data;
		const response = await callApi(sandbox, 'PATCH', `/webhooks/${created.id}`, {
			body: { description: null },
		});
		expect(response.body.data.description).toBeNull();
	});

	test('empty body is 400', async () => {
		const created = (await createWebhook()).body.data;
		const response = await callApi(sandbox, 'PATCH', `/webhooks/${created.id}`, { body: {} });
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['body']);
	});

	test('validates like create', async () => {
		const created = (await createWebhook()).body.data;
		const response = await callApi(sandbox, 'PATCH', `/webhooks/${created.id}`, {
			body: { url: 'nope', events: ['nope'] },
		});
		expect(invalidFields(response)).toEqual(['url', 'events']);
	});

	test('unknown id is 404', async () => {
		const response = await callApi(sandbox, 'PATCH', '/webhooks/wh_missing', {
			body: { enabled: false },
		});
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('webhook_not_found');
	});

	test('read-only key is 403', async () => {
		const created = (await createWebhook()).body.data;
		const response = await callApi(sandbox, 'PATCH', `/webhooks/${created.id}`, {
			key: sandbox.keys.readOnly,
			body: { enabled: false },
		});
		expect(response.body.error.code).toBe('read_only_key');
	});
});

describe('DELETE /webhooks/{webhook_id}', () => {
	test('returns the deleted marker', async () => {
		const created = (await createWebhook()).body.data;
		const response = await callApi(sandbox, 'DELETE', `/webhooks/${created.id}`);
		expect(response.status).toBe(200);
		expect(response.body.data).toEqual({
			id: created.id,
			object: 'webhook_endpoint',
			deleted: true,
		});
		expect(response.body.request_id).toMatch(/^req_/);
		expect(sandbox.webhooks()).toHaveLength(0);
	});

	test('second delete is 404', async () => {
		const created = (await createWebhook()).body.data;
		await callApi(sandbox, 'DELETE', `/webhooks/${created.id}`);
		const response = await callApi(sandbox, 'DELETE', `/webhooks/${created.id}`);
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('webhook_not_found');
	});

	test('read-only key is 403', async () => {
		const created = (await createWebhook()).body.data;
		const response = await callApi(sandbox, 'DELETE', `/webhooks/${created.id}`, {
			key: sandbox.keys.readOnly,
		});
		expect(response.body.error.code).toBe('read_only_key');
	});
});

describe('GET /webhooks/{webhook_id}/deliveries', () => {
	async function webhookWithDeliveries(replies: number[]) {
		const created = (await createWebhook()).body.data;
		sandbox.setDeliveryRetryPolicy({ maxAttempts: 1 });
		for (const status of replies) {
			receiver.reply({ status, body: `status ${status}` });
			await callApi(sandbox, 'POST', '/leads', { body: { full_name: `Lead ${status}` } });
			await sandbox.waitForDeliveries();
		}
		return created.id as string;
	}

	test('lists deliveries with their fields', async () => {
		const webhookId = await webhookWithDeliveries([200]);
		const response = await callApi(sandbox, 'GET', `/webhooks/${webhookId}/deliveries`);
		expect(response.status).toBe(200);
		const [delivery] = response.body.data;
		expect(delivery.id).toMatch(/^del_/);
		expect(delivery.object).toBe('webhook_delivery');
		expect(delivery.webhook_id).toBe(webhookId);
		expect(delivery.event).toBe('lead.created');
		expect(delivery.event_id).toMatch(/^evt_/);
		expect(delivery.status).toBe('succeeded');
		expect(delivery.attempt_count).toBe(1);
		expect(delivery.response_status_code).toBe(200);
		expect(delivery.response_body_snippet).toBe('status 200');
		expect(delivery.error_message).toBeNull();
		expect(delivery.created_at).toMatch(ISO);
		expect(delivery.body).toBeUndefined();
	});

	test('filters by status', async () => {
		const webhookId = await webhookWithDeliveries([200, 500, 200]);
		const failed = await callApi(sandbox, 'GET', `/webhooks/${webhookId}/deliveries?status=failed`);
		expect(failed.body.data).toHaveLength(1);
		expect(failed.body.data[0].response_status_code).toBe(500);
		const succeeded = await callApi(
			sandbox,
			'GET',
			`/webhooks/${webhookId}/deliveries?status=succeeded`,
		);
		expect(succeeded.body.data).toHaveLength(2);
	});

	test('rejects unknown status', async () => {
		const webhookId = await webhookWithDeliveries([]);
		const response = await callApi(sandbox, 'GET', `/webhooks/${webhookId}/deliveries?status=done`);
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['status']);
	});

	test('pages with a cursor', async () => {
		const webhookId = await webhookWithDeliveries([200, 200, 200]);
		const first = await callApi(sandbox, 'GET', `/webhooks/${webhookId}/deliveries?limit=2`);
		expect(first.body.data).toHaveLength(2);
		expect(first.body.pagination.has_more).toBe(true);
		const cursor = first.body.pagination.next_cursor;
		const second = await callApi(
			sandbox,
			'GET',
			`/webhooks/${webhookId}/deliveries?limit=2&cursor=${cursor}`,
		);
		expect(second.body.data).toHaveLength(1);
		expect(second.body.pagination).toEqual({ next_cursor: null, has_more: false });
	});

	test('cursor is bound to the status filter', async () => {
		const webhookId = await webhookWithDeliveries([200, 200, 200]);
		const first = await callApi(sandbox, 'GET', `/webhooks/${webhookId}/deliveries?limit=1`);
		const cursor = first.body.pagination.next_cursor;
		const second = await callApi(
			sandbox,
			'GET',
			`/webhooks/${webhookId}/deliveries?limit=1&status=succeeded&cursor=${cursor}`,
		);
		expect(second.body.error.code).toBe('invalid_cursor');
	});

	test('unknown webhook is 404', async () => {
		const response = await callApi(sandbox, 'GET', '/webhooks/wh_missing/deliveries');
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('webhook_not_found');
	});

	test('deleting the endpoint removes them', async () => {
		const webhookId = await webhookWithDeliveries([200]);
		await callApi(sandbox, 'DELETE', `/webhooks/${webhookId}`);
		expect(sandbox.deliveries()).toHaveLength(0);
	});
});

describe('POST .../deliveries/{delivery_id}/retry', () => {
	test('re-sends the same delivery', async () => {
		const created = (await createWebhook()).body.data;
		sandbox.setDeliveryRetryPolicy({ maxAttempts: 1 });
		receiver.reply({ status: 503, body: 'down' });
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		const [failed] = sandbox.deliveries();
		expect(failed.status).toBe('failed');

		const response = await callApi(
			sandbox,
			'POST',
			`/webhooks/${created.id}/deliveries/${failed.id}/retry`,
		);
		expect(response.status).toBe(200);
		expect(response.body.data.id).toBe(failed.id);
		expect(response.body.data.status).toBe('succeeded');
		expect(response.body.data.attempt_count).toBe(2);
		expect(response.body.data.response_status_code).toBe(200);
		expect(response.body.data.error_message).toBeNull();

		expect(receiver.requests).toHaveLength(2);
		const [first, second] = receiver.requests;
		expect(second.body).toBe(first.body);
		expect(second.headers['x-prospectb2b-delivery']).toBe(failed.id);
	});

	test('accepts an empty object body', async () => {
		const created = (await createWebhook()).body.data;
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		const [delivery] = sandbox.deliveries();
		const response = await callApi(
			sandbox,
			'POST',
			`/webhooks/${created.id}/deliveries/${delivery.id}/retry`,
			{
				body: {},
			},
		);
		expect(response.status).toBe(200);
	});

	test('rejects body fields', async () => {
		const created = (await createWebhook()).body.data;
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		const [delivery] = sandbox.deliveries();
		const response = await callApi(
			sandbox,
			'POST',
			`/webhooks/${created.id}/deliveries/${delivery.id}/retry`,
			{
				body: { force: true },
			},
		);
		expect(invalidFields(response)).toEqual(['body']);
	});

	test('same key in flight is 409', async () => {
		const created = (await createWebhook()).body.data;
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		const [delivery] = sandbox.deliveries();
		const path = `/webhooks/${created.id}/deliveries/${delivery.id}/retry`;
		const headers = { 'Idempotency-Key': 'retry-001' };

		receiver.reply({ status: 200, delayMs: 300 });
		const slow = callApi(sandbox, 'POST', path, { headers });
		await new Promise((resolve) => setTimeout(resolve, 50));
		const concurrent = await callApi(sandbox, 'POST', path, { headers });
		expect(concurrent.status).toBe(409);
		expect(concurrent.body.error.code).toBe('idempotency_conflict');
		expect(concurrent.body.error.message).toContain('still in progress');
		expect((await slow).status).toBe(200);
	});

	test('unknown delivery is 404', async () => {
		const created = (await createWebhook()).body.data;
		const response = await callApi(
			sandbox,
			'POST',
			`/webhooks/${created.id}/deliveries/del_missing/retry`,
		);
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('delivery_not_found');
		expect(response.body.error.message).toContain('del_missing');
	});

	test('delivery of another endpoint is 404', async () => {
		const first = (await createWebhook()).body.data;
		const second = (await createWebhook()).body.data;
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		const delivery = sandbox.deliveries().find((candidate) => candidate.webhook_id === first.id);
		const response = await callApi(
			sandbox,
			'POST',
			`/webhooks/${second.id}/deliveries/${delivery?.id}/retry`,
		);
		expect(response.status).toBe(404);
	});

	test('read-only key is 403', async () => {
		const created = (await createWebhook()).body.data;
		const response = await callApi(
			sandbox,
			'POST',
			`/webhooks/${created.id}/deliveries/del_1/retry`,
			{
				key: sandbox.keys.readOnly,
			},
		);
		expect(response.body.error.code).toBe('read_only_key');
	});
});

describe('request log and faults', () => {
	test('logs webhook requests', async () => {
		await createWebhook();
		const [entry] = sandbox.requests;
		expect(entry.method).toBe('POST');
		expect(entry.path).toBe('/api/public/v1/webhooks');
		expect(entry.status).toBe(200);
	});

	test('fault applies to webhook path', async () => {
		sandbox.failNext(1, '500', { path: '/webhooks' });
		expect((await createWebhook()).status).toBe(500);
		expect((await createWebhook()).status).toBe(200);
		expect(sandbox.webhooks()).toHaveLength(1);
	});
});

describe('reset', () => {
	test('clears webhooks and deliveries', async () => {
		await createWebhook();
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		sandbox.reset();
		expect(sandbox.webhooks()).toHaveLength(0);
		expect(sandbox.deliveries()).toHaveLength(0);
		expect((await createWebhook()).body.data.id).toBe('wh_00000001');
	});
});
