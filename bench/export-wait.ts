/**
 * Export wait: an export that becomes ready N seconds after it is created, and Export > Get
 * Download with Wait Until Ready. Counts the readiness probes and the time from the moment the
 * export became ready to the node's return.
 */
import type { Report } from '../test/faults/report';
import type { Sandbox } from '../test/sandbox';
import { runProspectNode } from './engine';

const CASE_NAME = 'Export wait';

export interface ExportWaitCase {
	readyAfterSeconds: number;
	/** `retry_after_seconds` the API sends with a not-ready probe; 0 sends none. */
	retryAfterSeconds: number;
}

export const EXPORT_WAIT_CASES: ExportWaitCase[] = [
	{ readyAfterSeconds: 10, retryAfterSeconds: 1 },
	{ readyAfterSeconds: 10, retryAfterSeconds: 3 },
	{ readyAfterSeconds: 20, retryAfterSeconds: 0 },
];

export async function runExportWait(
	sandbox: Sandbox,
	testCase: ExportWaitCase,
	report: Report,
): Promise<void> {
	const { readyAfterSeconds, retryAfterSeconds } = testCase;
	const hint =
		retryAfterSeconds > 0 ? `retry_after_seconds ${retryAfterSeconds}` : 'no retry_after_seconds';
	const label = `${CASE_NAME}, ready after ${readyAfterSeconds} s, ${hint}`;
	sandbox.reset();
	sandbox.setRateLimit(null);
	sandbox.setExportSettings({
		readiness: { afterMs: readyAfterSeconds * 1000 },
		retryAfterSeconds,
	});
	const credential = { apiKey: sandbox.keys.full, baseUrl: sandbox.url };

	const created = await runProspectNode(credential, {
		resource: 'export',
		operation: 'create',
		format: 'csv',
	});
	if (created.error) throw new Error(`Export > Create failed: ${created.error.message}`);
	const exportId = String(created.output[0].json.id);
	const waited = await runProspectNode(credential, {
		resource: 'export',
		operation: 'getDownload',
		exportId,
		waitUntilReady: true,
		maxWait: readyAfterSeconds * 4,
	});
	const returnedAt = Date.now();
	if (waited.error) throw new Error(`Export > Get Download failed: ${waited.error.message}`);

	const job = sandbox.exports().find((entry) => entry.id === exportId);
	const readyAt = Date.parse(job?.created_at ?? '') + readyAfterSeconds * 1000;
	const probes = sandbox.requests.filter((entry) => entry.path.endsWith('/download')).length;
	report.info(
		label,
		'time from ready to the node returning',
		`${((returnedAt - readyAt) / 1000).toFixed(2)} s`,
	);
	if (retryAfterSeconds > 0) {
		const maxProbes = Math.ceil(readyAfterSeconds / retryAfterSeconds) + 1;
		report.check(label, 'probes', probes, `≤ ${maxProbes}`, probes <= maxProbes);
	} else {
		report.info(label, 'probes (the node backs off 1, 2, 4, 8 s... without a hint)', probes);
	}
}
