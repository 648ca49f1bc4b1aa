import type { INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox';
import { runProspect } from './run-prospect';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => sandbox.reset());

async function createExport(format = 'csv') {
	const result = await runProspect(sandbox, {
		resource: 'export',
		operation: 'create',
		format,
		filters: { updatedAfter: '2025-12-31T00:00:00.000Z' },
	});
	expect(result.error).toBeUndefined();
	return result.output[0].json;
}

const probes = () => sandbox.requests.filter((entry) => entry.path.endsWith('/download'));

const download = (exportId: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'export',
	operation: 'getDownload',
	exportId,
	...extra,
});

describe('Export', () => {
	test('Create sends format, filters and a key', async () => {
		const job = await createExport('json');
		expect(job).toMatchObject({ object: 'export', format: 'json', status: 'queued' });
		expect(sandbox.requests[0].body).toEqual({
			format: 'json',
			filters: { updated_after: '2025-12-31T00:00:00.000Z' },
		});
		expect(sandbox.requests[0].idempotencyKey).toMatch(/^n8n-/);
	});

	test('Get and Get Many return the job', async () => {
		const job = await createExport();
		const got = await runProspect(sandbox, {
			resource: 'export',
			operation: 'get',
			exportId: String(job.id),
		});
		expect(got.output[0].json.id).toBe(job.id);
		const listed = await runProspect(sandbox, {
			resource: 'export',
			operation: 'getAll',
			returnAll: true,
		});
		expect(listed.output.map((item) => item.json.id)).toEqual([job.id]);
	});

	test('Get Download returns readiness at once', async () => {
		const job = await createExport();
		const result = await runProspect(sandbox, download(String(job.id)));
		expect(result.output[0].json).toMatchObject({ download_ready: false, probes: 1 });
		expect(probes()).toHaveLength(1);
	});

	test('Wait Until Ready honours retry_after_seconds', async () => {
		sandbox.setExportSettings({ readiness: { afterProbes: 2 }, retryAfterSeconds: 1 });
		const job = await createExport();
		const started = Date.now();
		const result = await runProspect(sandbox, download(String(job.id), { waitUntilReady: true }));
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ download_ready: true, probes: 3 });
		expect(result.output[0].json.download_url).toBeDefined();
		expect(probes()).toHaveLength(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
	});

	test('Wait Until Ready backs off without a hint', async () => {
		sandbox.setExportSettings({ readiness: { afterProbes: 1 }, retryAfterSeconds: 0 });
		const job = await createExport();
		const result = await runProspect(sandbox, download(String(job.id), { waitUntilReady: true }));
		expect(result.output[0].json.download_ready).toBe(true);
		expect(probes()).toHaveLength(2);
	});

	test('a failed export gives its message and request_id', async () => {
		sandbox.failNextExport('The warehouse is offline.');
		const job = await createExport();
		const result = await runProspect(sandbox, download(String(job.id), { waitUntilReady: true }));
		expect(result.error?.message).toBe(
			`The export "${job.id}" failed, so it has no file to download`,
		);
		expect(result.error?.description).toMatch(/The warehouse is offline\./);
		expect(result.error?.description).toContain(probes().at(-1)?.requestId);
	});

	test('Max Wait stops with the last status', async () => {
		sandbox.setExportSettings({ readiness: { afterProbes: 100 }, retryAfterSeconds: 1 });
		const job = await createExport();
		const result = await runProspect(
			sandbox,
			download(String(job.id), { waitUntilReady: true, maxWait: 2 }),
		);
		expect(result.error?.message).toBe(`The export "${job.id}" was not ready within 2 seconds`);
		expect(result.error?.description).toMatch(/status "processing"/);
		expect(probes().length).toBeLessThanOrEqual(3);
	});

	test('Download File puts the file in a binary field', async () => {
		sandbox.seedLeads(5);
		sandbox.setExportSettings({ readiness: { afterProbes: 0 } });
		const job = await createExport('csv');
		const result = await runProspect(
			sandbox,
			download(String(job.id), {
				waitUntilReady: true,
				downloadFile: true,
				binaryPropertyName: 'file',
			}),
		);
		expect(result.error).toBeUndefined();
		const binary = result.output[0].binary?.file;
		expect(binary?.fileName).toBe(`${job.id}.csv`);
		expect(binary?.mimeType).toBe('text/csv');
		const text = Buffer.from(binary?.data ?? '', 'base64').toString('utf8');
		expect(text.trim().split(/\r?\n/)).toHaveLength(6);
		const fileRequest = sandbox.requests.find((entry) => entry.path.startsWith('/__files/'));
		expect(fileRequest?.headers.authorization).toBeUndefined();
	});
});
