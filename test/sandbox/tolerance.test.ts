import { startSandbox, type Sandbox } from './index';
import { callApi, callControl, startReceiver, type Receiver } from './test-helpers';

let sandbox: Sandbox;
let receiver: Receiver;

beforeAll(async () => {
	sandbox = await startSandbox();
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

const WEBHOOK = () => ({ url: receiver.url, events: ['lead.created'] });
const EXTRA = { added_by: 'sandbox', reason: 'extraFields switch' };

describe('createStatus', () => {
	test('defaults to 200 everywhere', async () => {
		expect((await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } })).status).toBe(
			200,
		);
		expect((await callApi(sandbox, 'POST', '/webhooks', { body: WEBHOOK() })).status).toBe(200);
		expect((await callApi(sandbox, 'POST', '/exports', { body: { format: 'csv' } })).status).toBe(
			200,
		);
	});

	test('201 applies to leads, webhooks and exports', async () => {
		sandbox.setTolerance({ createStatus: 201 });
		expect((await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } })).status).toBe(
			201,
		);
		expect((await callApi(sandbox, 'POST', '/webhooks', { body: WEBHOOK() })).status).toBe(201);
		expect((await callApi(sandbox, 'POST', '/exports', { body: { format: 'csv' } })).status).toBe(
			201,
		);
	});

	test('201 leaves other writes at 200', async () => {
		sandbox.setTolerance({ createStatus: 201 });
		const created = await callApi(sandbox, 'POST', '/webhooks', { body: WEBHOOK() });
		const patched = await callApi(sandbox, 'PATCH', `/webhooks/${created.body.data.id}`, {
			body: { enabled: false },
		});
		expect(patched.status).toBe(200);
	});

	test('setCreateStatus still works', async () => {
		sandbox.setCreateStatus(201);
		expect(sandbox.tolerance.createStatus).toBe(201);
		expect((await callApi(sandbox, 'POST', '/exports', { body: { format: 'json' } })).status).toBe(
			201,
		);
	});
});

describe('deleteStatus', () => {
	test('204 sends no body', async () => {
		sandbox.setTolerance({ deleteStatus: 204 });
		const created = await callApi(sandbox, 'POST', '/webhooks', { body: WEBHOOK() });
		const response = await fetch(`${sandbox.url}/webhooks/${created.body.data.id}`, {
			method: 'DELETE',
			headers: { authorization: `Bearer ${sandbox.keys.full}` },
		});
		expect(response.status).toBe(204);
		expect(await response.text()).toBe('');
		expect(response.headers.get('x-request-id')).toMatch(/^req_/);
		expect(sandbox.webhooks()).toHaveLength(0);
		expect(sandbox.requests[1].status).toBe(204);
	});

	test('404 keeps its body', async () => {
		sandbox.setTolerance({ deleteStatus: 204 });
		const response = await callApi(sandbox, 'DELETE', '/webhooks/wh_missing');
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('webhook_not_found');
	});
});

describe('omitNextCursor', () => {
	test('last page omits next_cursor', async () => {
		sandbox.setTolerance({ omitNextCursor: true });
		sandbox.seedLeads(3);
		const first = await callApi(sandbox, 'GET', '/leads?limit=2');
		expect(typeof first.body.pagination.next_cursor).toBe('string');
		const last = await callApi(
			sandbox,
			'GET',
			`/leads?limit=2&cursor=${first.body.pagination.next_cursor}`,
		);
		expect(last.body.pagination).toEqual({ has_more: false });
		expect('next_cursor' in last.body.pagination).toBe(false);
	});

	test('applies to new lists', async () => {
		sandbox.setTolerance({ omitNextCursor: true });
		for (const path of ['/webhooks', '/exports']) {
			const response = await callApi(sandbox, 'GET', path);
			expect(response.body.pagination).toEqual({ has_more: false });
		}
	});
});

describe('requestIdInHeaderOnly', () => {
	test('success body has no request_id', async () => {
		sandbox.setTolerance({ requestIdInHeaderOnly: true });
		const response = await callApi(sandbox, 'GET', '/me');
		expect(response.status).toBe(200);
		expect('request_id' in response.body).toBe(false);
		expect(response.headers.get('x-request-id')).toMatch(/^req_/);
		expect(sandbox.requests[0].requestId).toBe(response.headers.get('x-request-id'));
	});

	test('error body has no request_id', async () => {
		sandbox.setTolerance({ requestIdInHeaderOnly: true });
		const response = await callApi(sandbox, 'GET', '/webhooks/wh_missing');
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('webhook_not_found');
		expect('request_id' in response.body).toBe(false);
		expect(response.headers.get('x-request-id')).toMatch(/^req_/);
	});

	test('replay keeps the header id', async () => {
		sandbox.setTolerance({ requestIdInHeaderOnly: true });
		const headers = { 'Idempotency-Key': 'lead-create-001' };
		const first = await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' }, headers });
		const second = await callApi(sandbox, 'POST', '/leads', {
			body: { full_name: 'Ada' },
			headers,
		});
		expect(second.headers.get('x-request-id')).toBe(first.headers.get('x-request-id'));
		expect(second.body).toEqual(first.body);
	});
});

describe('extraFields', () => {
	test('object and envelope gain fields', async () => {
		sandbox.setTolerance({ extraFields: true });
		const response = await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		expect(response.body.data.x_sandbox_extra).toEqual(EXTRA);
		expect(response.body.data.full_name).toBe('Ada');
		expect(response.body.meta).toEqual({ sandbox: true, api_version: 'v1' });
		expect(response.body.request_id).toMatch(/^req_/);
		expect(response.body.data.custom_fields).toEqual({});
	});

	test('list items and pagination gain fields', async () => {
		sandbox.setTolerance({ extraFields: true });
		sandbox.seedLeads(2);
		const response = await callApi(sandbox, 'GET', '/leads');
		for (const lead of response.body.data) {
			expect(lead.x_sandbox_extra).toEqual(EXTRA);
		}
		expect(response.body.pagination.x_sandbox_extra).toEqual(EXTRA);
		expect(response.body.pagination.has_more).toBe(false);
		expect(response.body.meta).toBeDefined();
	});

	test('errors gain fields', async () => {
		sandbox.setTolerance({ extraFields: true });
		const response = await callApi(sandbox, 'GET', '/exports/exp_missing');
		expect(response.body.error.code).toBe('export_not_found');
		expect(response.body.error.x_sandbox_extra).toEqual(EXTRA);
		expect(response.body.meta).toBeDefined();
	});

	test('stored objects stay plain', async () => {
		sandbox.setTolerance({ extraFields: true });
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		expect(sandbox.leads()[0]).not.toHaveProperty('x_sandbox_extra');
	});

	test('webhook events gain fields', async () => {
		sandbox.setTolerance({ extraFields: true });
		await callApi(sandbox, 'POST', '/webhooks', { body: WEBHOOK() });
		await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		await sandbox.waitForDeliveries();
		const event = JSON.parse(receiver.requests[0].body);
		expect(event.x_sandbox_extra).toEqual(EXTRA);
		expect(event.data.x_sandbox_extra).toEqual(EXTRA);
		expect(event.data.full_name).toBe('Ada');
	});

	test('off by default', async () => {
		const response = await callApi(sandbox, 'GET', '/me');
		expect(response.body.meta).toBeUndefined();
		expect(response.body.data.x_sandbox_extra).toBeUndefined();
	});
});

describe('switch handling', () => {
	test('each switch changes only itself', async () => {
		sandbox.setTolerance({ extraFields: true });
		sandbox.setTolerance({ omitNextCursor: true });
		expect(sandbox.tolerance).toEqual({
			createStatus: 200,
			deleteStatus: 200,
			omitNextCursor: true,
			requestIdInHeaderOnly: false,
			extraFields: true,
		});
	});

	test('options set them at start', async () => {
		const tolerant = await startSandbox({
			createStatus: 201,
			deleteStatus: 204,
			omitNextCursor: true,
			requestIdInHeaderOnly: true,
			extraFields: true,
		});
		try {
			const created = await callApi(tolerant, 'POST', '/webhooks', { body: WEBHOOK() });
			expect(created.status).toBe(201);
			expect(created.body.request_id).toBeUndefined();
			expect(created.body.data.x_sandbox_extra).toEqual(EXTRA);
			const deleted = await fetch(`${tolerant.url}/webhooks/${created.body.data.id}`, {
				method: 'DELETE',
				headers: { authorization: `Bearer ${tolerant.keys.full}` },
			});
			expect(deleted.status).toBe(204);
			const list = await callApi(tolerant, 'GET', '/webhooks');
			expect('next_cursor' in list.body.pagination).toBe(false);
		} finally {
			await tolerant.close();
		}
	});

	test('reset restores start values', () => {
		sandbox.setTolerance({ createStatus: 201, deleteStatus: 204, extraFields: true });
		sandbox.reset();
		expect(sandbox.tolerance.createStatus).toBe(200);
		expect(sandbox.tolerance.deleteStatus).toBe(200);
		expect(sandbox.tolerance.extraFields).toBe(false);
	});

	test('rejects invalid values', () => {
		expect(() => sandbox.setTolerance({ createStatus: 202 as 201 })).toThrow(RangeError);
		expect(() => sandbox.setTolerance({ deleteStatus: 202 as 204 })).toThrow(RangeError);
		expect(() => sandbox.setTolerance({ extraFields: 'yes' as unknown as boolean })).toThrow(
			RangeError,
		);
		expect(() => sandbox.setCreateStatus(204 as 201)).toThrow(RangeError);
	});

	test('rejects invalid start options', async () => {
		await expect(startSandbox({ deleteStatus: 202 as 204 })).rejects.toThrow(RangeError);
	});

	test('control route sets and reads', async () => {
		const set = await callControl(sandbox, 'POST', '/tolerance', {
			deleteStatus: 204,
			extraFields: true,
		});
		expect(set.status).toBe(200);
		expect(set.body.data.deleteStatus).toBe(204);
		const read = await callControl(sandbox, 'GET', '/tolerance');
		expect(read.body.data.extraFields).toBe(true);
		expect((await callApi(sandbox, 'GET', '/me')).body.meta).toBeDefined();
	});

	test('control route rejects bad input', async () => {
		const unknown = await callControl(sandbox, 'POST', '/tolerance', { slowMode: true });
		expect(unknown.status).toBe(400);
		expect(unknown.body.error.message).toContain('Unknown tolerance switch slowMode');
		const wrongType = await callControl(sandbox, 'POST', '/tolerance', { extraFields: 'yes' });
		expect(wrongType.status).toBe(400);
		const wrongStatus = await callControl(sandbox, 'POST', '/tolerance', { createStatus: 202 });
		expect(wrongStatus.status).toBe(400);
	});
});
