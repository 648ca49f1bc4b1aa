import { startSandbox, type Sandbox } from './index';
import {
	callApi,
	callControl,
	invalidFields,
	startReceiver,
	type ApiResponse,
	type Receiver,
} from './test-helpers';

const START = Date.parse('2026-06-01T00:00:00.000Z');

let sandbox: Sandbox;
let receiver: Receiver;
let clock = START;

beforeAll(async () => {
	sandbox = await startSandbox({ now: () => clock });
	receiver = await startReceiver();
});

afterAll(async () => {
	await sandbox.close();
	await receiver.close();
});

beforeEach(() => {
	sandbox.reset();
	receiver.clear();
	clock = START;
});

function createExport(body: unknown = { format: 'csv' }, headers: Record<string, string> = {}) {
	return callApi(sandbox, 'POST', '/exports', { body, headers });
}

function probe(exportId: string) {
	return callApi(sandbox, 'GET', `/exports/${exportId}/download`);
}

/** Probes until the export is ready or failed, and returns every probe response. */
async function probeUntilDone(exportId: string): Promise<ApiResponse[]> {
	const probes: ApiResponse[] = [];
	for (let i = 0; i < 10; i++) {
		const response = await probe(exportId);
		probes.push(response);
		if (response.body.data.download_ready || response.body.data.status === 'failed') {
			break;
		}
	}
	return probes;
}

describe('POST /exports', () => {
	test('returns a queued export', async () => {
		const response = await createExport({
			format: 'json',
			filters: { updated_after: '2026-01-01T01:00:00+01:00' },
		});
		expect(response.status).toBe(200);
		expect(response.body.data).toEqual({
			id: 'exp_00000001',
			object: 'export',
			status: 'queued',
			format: 'json',
			filters: { updated_after: '2026-01-01T00:00:00.000Z' },
			row_count: null,
			error_message: null,
			created_at: '2026-06-01T00:00:00.000Z',
			updated_at: '2026-06-01T00:00:00.000Z',
		});
	});

	test('filters default to empty', async () => {
		const response = await createExport({ format: 'csv' });
		expect(response.body.data.filters).toEqual({});
	});

	test.each([
		['missing format', {}, ['format']],
		['bad format', { format: 'xlsx' }, ['format']],
		['filters not object', { format: 'csv', filters: 'all' }, ['filters']],
		['unknown filter', { format: 'csv', filters: { email: 'a@example.com' } }, ['filters.email']],
		[
			'bad updated_after',
			{ format: 'csv', filters: { updated_after: 'yesterday' } },
			['filters.updated_after'],
		],
		['unknown field', { format: 'csv', columns: ['email'] }, ['columns']],
	])('rejects %s', async (_name, body, fields) => {
		const response = await createExport(body);
		expect(response.status).toBe(400);
		expect(response.body.error.code).toBe('validation_failed');
		expect(invalidFields(response)).toEqual(fields);
	});

	test('rejects a non-object body', async () => {
		const response = await createExport(['csv']);
		expect(invalidFields(response)).toEqual(['body']);
	});

	test('replays with Idempotency-Key', async () => {
		const first = await createExport({ format: 'csv' }, { 'Idempotency-Key': 'export-001' });
		const second = await createExport({ format: 'csv' }, { 'Idempotency-Key': 'export-001' });
		expect(second.headers.get('idempotent-replayed')).toBe('true');
		expect(second.body).toEqual(first.body);
		expect(sandbox.exports()).toHaveLength(1);
	});

	test('read-only key is 403 read_only_key', async () => {
		const response = await callApi(sandbox, 'POST', '/exports', {
			key: sandbox.keys.readOnly,
			body: { format: 'csv' },
		});
		expect(response.status).toBe(403);
		expect(response.body.error.code).toBe('read_only_key');
	});
});

describe('reading exports', () => {
	test('get returns the export', async () => {
		const created = await createExport();
		const response = await callApi(sandbox, 'GET', `/exports/${created.body.data.id}`);
		expect(response.status).toBe(200);
		expect(response.body.data).toEqual(created.body.data);
	});

	test('unknown id is 404 naming it', async () => {
		const response = await callApi(sandbox, 'GET', '/exports/exp_missing');
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('export_not_found');
		expect(response.body.error.message).toContain('exp_missing');
	});

	test('download of unknown id is 404', async () => {
		const response = await probe('exp_missing');
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('export_not_found');
	});

	test('list pages in creation order', async () => {
		for (let i = 0; i < 3; i++) {
			await createExport();
			clock += 1000;
		}
		const first = await callApi(sandbox, 'GET', '/exports?limit=2');
		expect(first.body.data.map((job: { id: string }) => job.id)).toEqual([
			'exp_00000001',
			'exp_00000002',
		]);
		const cursor = first.body.pagination.next_cursor;
		const second = await callApi(sandbox, 'GET', `/exports?limit=2&cursor=${cursor}`);
		expect(second.body.data.map((job: { id: string }) => job.id)).toEqual(['exp_00000003']);
		expect(second.body.pagination).toEqual({ next_cursor: null, has_more: false });
	});

	test('read-only key lacks leads.export', async () => {
		const response = await callApi(sandbox, 'GET', '/exports', { key: sandbox.keys.readOnly });
		expect(response.status).toBe(403);
		expect(response.body.error.details.required_scope).toBe('leads.export');
	});
});

describe('readiness by probes', () => {
	test('default is ready on the third probe', async () => {
		sandbox.seedLeads(2);
		const id = (await createExport()).body.data.id;
		const probes = await probeUntilDone(id);
		expect(probes).toHaveLength(3);

		for (const response of probes.slice(0, 2)) {
			expect(response.status).toBe(200);
			expect(response.body.data).toEqual({
				export_id: id,
				object: 'export_download',
				download_ready: false,
				status: 'processing',
				retry_after_seconds: 1,
			});
		}

		const ready = probes[2].body.data;
		expect(ready.download_ready).toBe(true);
		expect(ready.status).toBe('completed');
		expect(ready.download_url).toMatch(
			new RegExp(`^${sandbox.origin}/__files/${id}/${id}\\.csv\\?token=[0-9a-f]+$`),
		);
		expect(ready.expires_at).toBe('2026-06-01T00:15:00.000Z');
		expect(ready.retry_after_seconds).toBeUndefined();
	});

	test('status moves queued, processing, completed', async () => {
		sandbox.seedLeads(2);
		const id = (await createExport()).body.data.id;
		const statusOf = async () => (await callApi(sandbox, 'GET', `/exports/${id}`)).body.data;
		expect((await statusOf()).status).toBe('queued');
		await probe(id);
		expect((await statusOf()).status).toBe('processing');
		await probe(id);
		await probe(id);
		const done = await statusOf();
		expect(done.status).toBe('completed');
		expect(done.row_count).toBe(2);
	});

	test('afterProbes 0 is ready at once', async () => {
		sandbox.setExportSettings({ readiness: { afterProbes: 0 } });
		const id = (await createExport()).body.data.id;
		expect((await probe(id)).body.data.download_ready).toBe(true);
	});

	test('setting applies to new exports only', async () => {
		const before = (await createExport()).body.data.id;
		sandbox.setExportSettings({ readiness: { afterProbes: 0 } });
		expect((await probe(before)).body.data.download_ready).toBe(false);
	});

	test('retry_after_seconds is configurable', async () => {
		sandbox.setExportSettings({ retryAfterSeconds: 3 });
		const id = (await createExport()).body.data.id;
		expect((await probe(id)).body.data.retry_after_seconds).toBe(3);
	});

	test('retry_after_seconds 0 omits it', async () => {
		sandbox.setExportSettings({ retryAfterSeconds: 0 });
		const id = (await createExport()).body.data.id;
		const data = (await probe(id)).body.data;
		expect(data.download_ready).toBe(false);
		expect('retry_after_seconds' in data).toBe(false);
	});

	test('rejects invalid settings', () => {
		expect(() => sandbox.setExportSettings({ readiness: { afterProbes: -1 } })).toThrow(RangeError);
		expect(() => sandbox.setExportSettings({ retryAfterSeconds: 1.5 })).toThrow(RangeError);
		expect(() => sandbox.setExportSettings({ urlTtlMs: 0 })).toThrow(RangeError);
	});
});

describe('readiness by time', () => {
	test('ready after afterMs of the sandbox clock', async () => {
		sandbox.setExportSettings({ readiness: { afterMs: 5000 } });
		const id = (await createExport()).body.data.id;
		expect((await probe(id)).body.data.status).toBe('processing');
		clock += 4999;
		expect((await probe(id)).body.data.download_ready).toBe(false);
		clock += 1;
		expect((await probe(id)).body.data.download_ready).toBe(true);
	});

	test('get sees completion without a probe', async () => {
		sandbox.setExportSettings({ readiness: { afterMs: 5000 } });
		const id = (await createExport()).body.data.id;
		clock += 5000;
		const response = await callApi(sandbox, 'GET', `/exports/${id}`);
		expect(response.body.data.status).toBe('completed');
	});

	test('timer completes it and fires the event', async () => {
		const timed = await startSandbox({ exports: { readiness: { afterMs: 50 } } });
		try {
			const hook = await callApi(timed, 'POST', '/webhooks', {
				body: { url: receiver.url, events: ['export.completed'] },
			});
			expect(hook.status).toBe(200);
			const created = await callApi(timed, 'POST', '/exports', { body: { format: 'json' } });
			await new Promise((resolve) => setTimeout(resolve, 200));
			await timed.waitForDeliveries();

			expect(receiver.requests).toHaveLength(1);
			const event = JSON.parse(receiver.requests[0].body);
			expect(event.type).toBe('export.completed');
			expect(event.data.id).toBe(created.body.data.id);
			expect(event.data.status).toBe('completed');
		} finally {
			await timed.close();
		}
	});
});

describe('forced failure', () => {
	test('next export fails at readiness', async () => {
		sandbox.failNextExport('Disk full.');
		const id = (await createExport()).body.data.id;
		const probes = await probeUntilDone(id);
		expect(probes).toHaveLength(3);
		expect(probes[0].body.data.status).toBe('processing');

		const failed = probes[2];
		expect(failed.status).toBe(200);
		expect(failed.body.data).toEqual({
			export_id: id,
			object: 'export_download',
			download_ready: false,
			status: 'failed',
			error_message: 'Disk full.',
		});

		const job = (await callApi(sandbox, 'GET', `/exports/${id}`)).body.data;
		expect(job.status).toBe('failed');
		expect(job.error_message).toBe('Disk full.');
		expect(job.row_count).toBeNull();
	});

	test('only the next export fails', async () => {
		sandbox.failNextExport();
		sandbox.setExportSettings({ readiness: { afterProbes: 0 } });
		const first = (await createExport()).body.data.id;
		const second = (await createExport()).body.data.id;
		const failed = (await probe(first)).body.data;
		expect(failed.status).toBe('failed');
		expect(failed.error_message).toBe('The export failed (failure forced by the sandbox).');
		expect((await probe(second)).body.data.status).toBe('completed');
	});

	test('failure setting fails every export', async () => {
		sandbox.setExportSettings({
			readiness: { afterProbes: 0 },
			failureMessage: 'Export service down.',
		});
		for (let i = 0; i < 2; i++) {
			const id = (await createExport()).body.data.id;
			expect((await probe(id)).body.data.error_message).toBe('Export service down.');
		}
		sandbox.setExportSettings({ failureMessage: null });
		const id = (await createExport()).body.data.id;
		expect((await probe(id)).body.data.status).toBe('completed');
	});

	test('probes after failure stay failed', async () => {
		sandbox.failNextExport('Disk full.');
		sandbox.setExportSettings({ readiness: { afterProbes: 0 } });
		const id = (await createExport()).body.data.id;
		await probe(id);
		const again = (await probe(id)).body.data;
		expect(again.status).toBe('failed');
		expect(again.retry_after_seconds).toBeUndefined();
	});
});

describe('export events', () => {
	async function subscribe(events: string[]) {
		const response = await callApi(sandbox, 'POST', '/webhooks', {
			body: { url: receiver.url, events },
		});
		return response.body.data as { id: string };
	}

	test('completion fires export.completed', async () => {
		await subscribe(['export.completed', 'export.failed']);
		sandbox.seedLeads(1);
		sandbox.setExportSettings({ readiness: { afterProbes: 0 } });
		const id = (await createExport()).body.data.id;
		await probe(id);
		await probe(id);
		await sandbox.waitForDeliveries();

		expect(receiver.requests).toHaveLength(1);
		const event = JSON.parse(receiver.requests[0].body);
		expect(event.type).toBe('export.completed');
		expect(event.data).toMatchObject({ id, object: 'export', status: 'completed', row_count: 1 });
	});

	test('failure fires export.failed', async () => {
		await subscribe(['export.failed']);
		sandbox.failNextExport('Disk full.');
		sandbox.setExportSettings({ readiness: { afterProbes: 0 } });
		const id = (await createExport()).body.data.id;
		await probe(id);
		await sandbox.waitForDeliveries();

		const event = JSON.parse(receiver.requests[0].body);
		expect(event.type).toBe('export.failed');
		expect(event.data).toMatchObject({ id, status: 'failed', error_message: 'Disk full.' });
	});
});

describe('download_url', () => {
	async function readyExport(body: unknown = { format: 'csv' }) {
		sandbox.setExportSettings({ readiness: { afterProbes: 0 } });
		const id = (await createExport(body)).body.data.id as string;
		const url = (await probe(id)).body.data.download_url as string;
		return { id, url };
	}

	test('serves CSV without a bearer', async () => {
		sandbox.seedLeads(2);
		const { id, url } = await readyExport();
		const response = await fetch(url);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${id}.csv"`);

		const lines = (await response.text()).split('\r\n');
		expect(lines[0]).toBe(
			'id,full_name,email,company_name,job_title,phone,website,linkedin_url,status,tags,custom_fields,created_at,updated_at',
		);
		expect(lines[1]).toBe(
			'lead_00000001,Seed Lead 1,seed-lead-1@example.com,Seed Company 1,Buyer,,,,new,seed,{},' +
				'2026-01-01T00:00:00.000Z,2026-01-01T00:00:00.000Z',
		);
		expect(lines).toHaveLength(4);
		expect(lines[3]).toBe('');
	});

	test('CSV quotes special characters', async () => {
		await callApi(sandbox, 'POST', '/leads', {
			body: { full_name: 'Lovelace, "Ada"', tags: ['a', 'b'], custom_fields: { tier: 1 } },
		});
		const { url } = await readyExport();
		const lines = (await (await fetch(url)).text()).split('\r\n');
		expect(lines[1]).toContain('"Lovelace, ""Ada"""');
		expect(lines[1]).toContain(',a;b,"{""tier"":1}",');
	});

	test('serves JSON of matching leads at creation', async () => {
		sandbox.seedLeads(3);
		const { id, url } = await readyExport({
			format: 'json',
			filters: { updated_after: '2026-01-01T00:00:00.000Z' },
		});
		sandbox.seedLeads(1, { start: '2026-02-01T00:00:00.000Z' });

		const response = await fetch(url);
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${id}.json"`);
		const rows = (await response.json()) as { id: string }[];
		expect(rows.map((row) => row.id)).toEqual(['lead_00000002', 'lead_00000003']);
		expect(rows).toEqual(sandbox.leads().slice(1, 3));
	});

	test('missing token is 403', async () => {
		const { url } = await readyExport();
		const response = await fetch(url.replace(/\?token=.*$/, ''));
		expect(response.status).toBe(403);
		expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
			'download_token_missing',
		);
	});

	test('wrong token is 403', async () => {
		const { url } = await readyExport();
		const response = await fetch(url.replace(/token=.*$/, 'token=0123456789abcdef'));
		expect(response.status).toBe(403);
		expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
			'download_token_invalid',
		);
	});

	test('token of another export is 403', async () => {
		const first = await readyExport();
		const second = await readyExport();
		const token = new URL(first.url).searchParams.get('token');
		const response = await fetch(`${second.url.replace(/\?.*$/, '')}?token=${token}`);
		expect(response.status).toBe(403);
	});

	test('expired URL is 403 and a new probe helps', async () => {
		const { id, url } = await readyExport();
		clock += 15 * 60 * 1000;
		const expired = await fetch(url);
		expect(expired.status).toBe(403);
		expect(((await expired.json()) as { error: { code: string } }).error.code).toBe(
			'download_url_expired',
		);

		const fresh = (await probe(id)).body.data;
		expect(fresh.expires_at).toBe(new Date(clock + 15 * 60 * 1000).toISOString());
		expect((await fetch(fresh.download_url)).status).toBe(200);
	});

	test('URL lifetime is configurable', async () => {
		sandbox.setExportSettings({ urlTtlMs: 1000 });
		const { url } = await readyExport();
		clock += 1000;
		expect((await fetch(url)).status).toBe(403);
	});

	test('wrong file name is 404', async () => {
		const { url } = await readyExport();
		const response = await fetch(url.replace('.csv?', '.json?'));
		expect(response.status).toBe(404);
	});

	test('POST to the file is 405', async () => {
		const { url } = await readyExport();
		const response = await fetch(url, { method: 'POST' });
		expect(response.status).toBe(405);
		expect(response.headers.get('allow')).toBe('GET');
	});

	test('downloads are logged', async () => {
		const { id, url } = await readyExport();
		await fetch(url);
		const entry = sandbox.requests[sandbox.requests.length - 1];
		expect(entry.path).toBe(`/__files/${id}/${id}.csv`);
		expect(entry.status).toBe(200);
	});

	test('files prefix fault fails the download', async () => {
		const { url } = await readyExport();
		sandbox.failNext(1, '500', { path: '/__files' });
		expect((await fetch(url)).status).toBe(500);
		expect((await fetch(url)).status).toBe(200);
	});

	test('fault without path skips files', async () => {
		const { url } = await readyExport();
		sandbox.failNext(1, '500');
		expect((await fetch(url)).status).toBe(200);
		expect((await callApi(sandbox, 'GET', '/me')).status).toBe(500);
	});
});

describe('export control routes', () => {
	test('settings route sets readiness', async () => {
		const response = await callControl(sandbox, 'POST', '/export-settings', {
			afterProbes: 1,
			retryAfterSeconds: 0,
		});
		expect(response.status).toBe(200);
		expect(response.body.data.readiness).toEqual({ afterProbes: 1 });
		expect(response.body.data.retryAfterSeconds).toBe(0);
		const id = (await createExport()).body.data.id;
		expect((await probe(id)).body.data.download_ready).toBe(false);
		expect((await probe(id)).body.data.download_ready).toBe(true);
	});

	test('settings route rejects both modes', async () => {
		const response = await callControl(sandbox, 'POST', '/export-settings', {
			afterProbes: 1,
			afterMs: 5,
		});
		expect(response.status).toBe(400);
	});

	test('failures route fails the next export', async () => {
		await callControl(sandbox, 'POST', '/export-failures', { message: 'Quota exceeded.' });
		await callControl(sandbox, 'POST', '/export-settings', { afterProbes: 0 });
		const id = (await createExport()).body.data.id;
		expect((await probe(id)).body.data.error_message).toBe('Quota exceeded.');
	});

	test('exports route lists jobs', async () => {
		await createExport();
		const response = await callControl(sandbox, 'GET', '/exports');
		expect(response.body.data).toHaveLength(1);
	});

	test('reset clears exports and settings', async () => {
		sandbox.setExportSettings({ readiness: { afterProbes: 0 }, retryAfterSeconds: 9 });
		sandbox.failNextExport();
		await createExport();
		sandbox.reset();
		expect(sandbox.exports()).toHaveLength(0);
		expect(sandbox.exportSettings).toEqual({
			readiness: { afterProbes: 2 },
			retryAfterSeconds: 1,
			urlTtlMs: 900_000,
			failureMessage: null,
		});
		sandbox.setExportSettings({ readiness: { afterProbes: 0 } });
		const id = (await createExport()).body.data.id;
		expect((await probe(id)).body.data.status).toBe('completed');
	});
});
