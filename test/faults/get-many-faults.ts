/**
 * Lead > Get Many with Return All over 10,000 leads while a random 5% of the page requests fail:
 * an HTTP 500, a connection reset, or no response until the Request Options timeout. The output
 * must contain every lead exactly once.
 */
import type { FaultMode, RequestLogEntry, Sandbox } from '../sandbox';
import { runProspect } from '../engine/run-prospect';
import type { Prng } from './prng';
import type { Report } from './report';
import type { SecretScan } from './secrets';

const CASE_NAME = 'Lead > Get Many, 5% of pages failing';
const LEAD_COUNT = 10_000;
const ROUNDS = 10;
const FAILURE_RATE = 0.05;
/** Request Options > Timeout of the node, so a page request without a response fails after 1 s. */
const TIMEOUT_MS = 1_000;
const FAULT_MODES: FaultMode[] = ['500', 'hang', 'drop'];

export type RequestListener = ((entry: RequestLogEntry) => void) | undefined;

interface RoundResult {
	pageRequests: number;
	failures: Record<string, number>;
	missing: number;
	duplicates: number;
	unknown: number;
	failedRun: boolean;
}

function isPageRequest(entry: RequestLogEntry): boolean {
	return entry.method === 'GET' && entry.path.endsWith('/leads');
}

async function runRound(
	sandbox: Sandbox,
	setListener: (listener: RequestListener) => void,
	scan: SecretScan,
	prng: Prng,
	round: number,
): Promise<RoundResult> {
	sandbox.reset();
	sandbox.setRateLimit(null);
	const seeded = sandbox.seedLeads(LEAD_COUNT).map((lead) => lead.id);

	// Each page request decides whether the next one fails, because the sandbox's fault queue
	// applies to the next matching request and the pages are requested one after another.
	const queueFaultMaybe = () => {
		if (!prng.chance(FAILURE_RATE)) return;
		sandbox.failNext(1, prng.pick(FAULT_MODES), { method: 'GET', path: '/leads' });
	};
	queueFaultMaybe();
	setListener((entry) => {
		if (isPageRequest(entry)) queueFaultMaybe();
	});
	let result;
	try {
		result = await runProspect(sandbox, {
			resource: 'lead',
			operation: 'getAll',
			returnAll: true,
			requestOptions: { timeout: TIMEOUT_MS },
		});
	} finally {
		setListener(undefined);
	}
	scan.scan(`${CASE_NAME} round ${round}: output`, result.output);
	scan.scan(`${CASE_NAME} round ${round}: error`, result.error ?? '');
	scan.scan(`${CASE_NAME} round ${round}: logs`, result.logs.join('\n'));

	const pages = sandbox.requests.filter(isPageRequest);
	const failures: Record<string, number> = { '500': 0, hung: 0, dropped: 0 };
	for (const page of pages) {
		const status = String(page.status);
		if (status in failures) failures[status]++;
	}
	const ids = result.output.map((item) => String(item.json.id));
	const unique = new Set(ids);
	const seededSet = new Set(seeded);
	return {
		pageRequests: pages.length,
		failures,
		missing: seeded.filter((id) => !unique.has(id)).length,
		duplicates: ids.length - unique.size,
		unknown: [...unique].filter((id) => !seededSet.has(id)).length,
		failedRun: result.error !== undefined,
	};
}

export async function runGetManyFaultsCase(
	sandbox: Sandbox,
	setListener: (listener: RequestListener) => void,
	report: Report,
	scan: SecretScan,
	prng: Prng,
): Promise<void> {
	const label = `${CASE_NAME}, ${ROUNDS} rounds of ${LEAD_COUNT} leads`;
	const totals = { pageRequests: 0, missing: 0, duplicates: 0, unknown: 0, failedRuns: 0 };
	const failures: Record<string, number> = { '500': 0, hung: 0, dropped: 0 };
	for (let round = 1; round <= ROUNDS; round++) {
		const result = await runRound(sandbox, setListener, scan, prng.fork(), round);
		totals.pageRequests += result.pageRequests;
		totals.missing += result.missing;
		totals.duplicates += result.duplicates;
		totals.unknown += result.unknown;
		if (result.failedRun) totals.failedRuns++;
		for (const [mode, count] of Object.entries(result.failures)) failures[mode] += count;
	}

	const injected = failures['500'] + failures.hung + failures.dropped;
	report.info(label, 'page requests', totals.pageRequests);
	report.info(
		label,
		'failed page requests',
		`${injected} (${failures['500']} HTTP 500, ${failures.hung} timed out, ${failures.dropped} reset)`,
	);
	report.check(label, 'runs that failed', totals.failedRuns, '0', totals.failedRuns === 0);
	report.check(label, 'leads missing from the output', totals.missing, '0', totals.missing === 0);
	report.check(label, 'leads output twice', totals.duplicates, '0', totals.duplicates === 0);
	report.check(label, 'unknown ids in the output', totals.unknown, '0', totals.unknown === 0);
}
