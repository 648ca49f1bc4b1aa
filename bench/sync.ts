/**
 * Full sync of 50,000 leads: (a) a plain fetch loop, (b) ProspectB2B > Lead > Get Many with
 * Return All in-process and in a real n8n, (c) n8n's HTTP Request node with pagination in a real
 * n8n. Each client runs in its own process, so its peak memory is its own. The four run against
 * the sandbox, then against a replay of its pages that costs the server almost nothing, so the
 * second set shows the clients' own cost.
 */
import type { Report } from '../test/faults/report';
import type { Sandbox } from '../test/sandbox';
import { runChild } from './child';
import { executeMeasured, importCredentials, importWorkflow, type RealN8n } from './real-n8n';
import { startReplayServer } from './replay-server';
import { describeSync, type SyncResult } from './sync-format';
import { getManyWorkflow, httpRequestWorkflow, SYNC_NODE_NAME, type Workflow } from './workflows';

export const LEAD_COUNT = 50_000;
const EXPECTED_LIST_REQUESTS = 500;

/** The server a sync sends its requests to. */
interface SyncTarget {
	label: string;
	url: string;
	apiKey: string;
	/** Puts the target in its starting state before each sync. */
	prepare(): void;
	/** `GET /leads` requests since the last `prepare`. */
	listRequests(): number;
	/** TCP connections since the last `prepare`, when the target counts them. */
	connections?(): number;
}

export type SyncResults = Record<'a' | 'bEngine' | 'bN8n' | 'cN8n', SyncResult | undefined>;

async function runInChild(target: SyncTarget, script: string): Promise<SyncResult> {
	target.prepare();
	const env = { BENCH_API_URL: target.url, BENCH_API_KEY: target.apiKey };
	const measurement = await runChild(script, env);
	return {
		runMs: measurement.wallMs,
		listRequests: target.listRequests(),
		connections: target.connections?.(),
		rows: measurement.count,
		peakRssMiB: measurement.peakRssMiB,
		cpuMs: measurement.cpuMs,
		baselineRssMiB: measurement.baselineRssMiB,
	};
}

interface RawRun {
	startedAt: string;
	stoppedAt: string;
	status: string;
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{ data?: { main?: Array<Array<{ json: { data?: unknown } }>> } }>
			>;
			error?: { message?: string };
		};
	};
}

async function runInN8n(target: SyncTarget, n8n: RealN8n, workflow: Workflow): Promise<SyncResult> {
	target.prepare();
	const { result, peakRssMiB } = await executeMeasured(n8n, workflow.id);
	const run = result.output as RawRun | undefined;
	if (result.exitCode !== 0 || run === undefined || run.status !== 'success') {
		const reason = run?.data.resultData.error?.message ?? result.stderr.slice(-2000);
		throw new Error(`n8n execute of ${workflow.name} failed (exit ${result.exitCode}): ${reason}`);
	}
	const items = run.data.resultData.runData[SYNC_NODE_NAME]?.[0]?.data?.main?.[0] ?? [];
	// The HTTP Request node returns one item per page, and Get Many one item per lead.
	const rows = items.reduce(
		(sum, item) => sum + (Array.isArray(item.json.data) ? item.json.data.length : 1),
		0,
	);
	return {
		runMs: Date.parse(run.stoppedAt) - Date.parse(run.startedAt),
		listRequests: target.listRequests(),
		connections: target.connections?.(),
		rows,
		peakRssMiB,
		commandMs: result.durationMs,
	};
}

async function runTarget(
	target: SyncTarget,
	n8n: RealN8n | string,
	report: Report,
): Promise<SyncResults> {
	const caseName = `Full sync, ${LEAD_COUNT.toLocaleString('en')} leads, ${target.label}`;
	const results: SyncResults = {
		a: undefined,
		bEngine: undefined,
		bN8n: undefined,
		cN8n: undefined,
	};
	results.a = await runInChild(target, 'sync-fetch.ts');
	report.info(caseName, '(a) fetch loop', describeSync(results.a));
	results.bEngine = await runInChild(target, 'sync-engine.ts');
	report.info(caseName, '(b) Get Many in-process', describeSync(results.bEngine));

	if (typeof n8n === 'string') {
		report.notMeasured(caseName, '(b) Get Many in a real n8n', n8n);
		report.notMeasured(caseName, '(c) HTTP Request in a real n8n', n8n);
	} else {
		await importCredentials(n8n, { apiKey: target.apiKey, baseUrl: target.url });
		const runs = [
			['bN8n', `(b) Get Many in n8n ${n8n.version}`, getManyWorkflow()],
			['cN8n', `(c) HTTP Request in n8n ${n8n.version}`, httpRequestWorkflow(target.url)],
		] as const;
		for (const [key, name, workflow] of runs) {
			await importWorkflow(n8n, workflow);
			try {
				results[key] = await runInN8n(target, n8n, workflow);
				report.info(caseName, name, describeSync(results[key]));
			} catch (error) {
				// A failed run is reported as not measured, so the other client still runs.
				const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
				report.notMeasured(caseName, name, reason);
			}
		}
	}
	checkTargets(caseName, results, report);
	return results;
}

function checkTargets(caseName: string, results: SyncResults, report: Report): void {
	const { a, bEngine, bN8n, cN8n } = results;
	const bRuns = [
		['in-process', bEngine],
		['real n8n', bN8n],
	] as const;
	for (const [name, b] of bRuns) {
		if (a === undefined || b === undefined) continue;
		const ratio = Number((b.runMs / a.runMs).toFixed(3));
		report.check(caseName, `ratio b/a, ${name}`, ratio, '≤ 1.10', ratio <= 1.1);
	}
	if (bN8n !== undefined && cN8n !== undefined) {
		const ratio = Number((bN8n.runMs / cN8n.runMs).toFixed(3));
		report.check(caseName, 'ratio b/c, real n8n', ratio, '≤ 1 (b ≤ c)', ratio <= 1);
	} else {
		report.notMeasured(caseName, 'ratio b/c', 'needs the real n8n', '≤ 1 (b ≤ c)');
	}
	for (const [name, b] of bRuns) {
		if (b === undefined) continue;
		const expected = EXPECTED_LIST_REQUESTS;
		const requests = b.listRequests;
		report.check(
			caseName,
			`(b) list requests, ${name}`,
			requests,
			`${expected}`,
			requests === expected,
		);
		report.check(
			caseName,
			`(b) leads returned, ${name}`,
			b.rows,
			`${LEAD_COUNT}`,
			b.rows === LEAD_COUNT,
		);
	}
}

/** Runs the syncs against the sandbox, then against the replay of its pages. */
export async function runSyncBenchmarks(
	sandbox: Sandbox,
	n8n: RealN8n | string,
	report: Report,
): Promise<{ sandbox: SyncResults; replay: SyncResults }> {
	const sandboxTarget: SyncTarget = {
		label: 'sandbox',
		url: sandbox.url,
		apiKey: sandbox.keys.full,
		prepare: () => {
			sandbox.reset();
			sandbox.setRateLimit(null);
			sandbox.seedLeads(LEAD_COUNT);
		},
		listRequests: () =>
			sandbox.requests.filter((entry) => entry.method === 'GET' && entry.path.endsWith('/leads'))
				.length,
	};
	const sandboxResults = await runTarget(sandboxTarget, n8n, report);

	const replay = await startReplayServer(sandbox.leads(), sandbox.keys.full);
	const before = { requests: 0, connections: 0 };
	try {
		const replayTarget: SyncTarget = {
			label: 'replayed pages (client cost only)',
			url: replay.url,
			apiKey: sandbox.keys.full,
			prepare: () => {
				before.requests = replay.listRequests;
				before.connections = replay.connections;
			},
			listRequests: () => replay.listRequests - before.requests,
			connections: () => replay.connections - before.connections,
		};
		const replayResults = await runTarget(replayTarget, n8n, report);
		return { sandbox: sandboxResults, replay: replayResults };
	} finally {
		await replay.close();
	}
}
