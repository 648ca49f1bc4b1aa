/**
 * Trigger load: 1,000 signed deliveries and 1,000 forged ones, shuffled, posted with concurrency
 * 10 to an active ProspectB2B Trigger workflow in a real n8n. Each run of the workflow posts its
 * delivery id to a counter on loopback, so executions are counted outside n8n. Then every signed
 * delivery is sent again, signed anew with the current time as the sandbox does when it retries,
 * and none may start a run. As a baseline, 1,000 posts go to n8n's own Webhook node in a workflow
 * that does the same count.
 */
import {
	buildSignedDelivery,
	HEADER,
	setHeader,
	sign,
	type DeliveryHeaders,
} from '../test/faults/delivery-signing';
import { Prng } from '../test/faults/prng';
import type { Report } from '../test/faults/report';
import { N8nRestClient } from '../test/e2e/n8n-rest';
import type { Sandbox } from '../test/sandbox';
import { startRunCounter, waitUntilSettled } from './counter';
import { describeLatency, describeStatuses, postAll, type PlannedPost } from './load';
import { importCredentials, importWorkflow, type RealN8n } from './real-n8n';
import { BASELINE_WEBHOOK_PATH, baselineWebhookWorkflow, triggerWorkflow } from './workflows';

const CASE_NAME = 'Trigger in a real n8n, 1,000 signed and 1,000 forged deliveries';
const RESENT_NAME = 'Trigger in a real n8n, the 1,000 signed deliveries signed anew and sent again';
const BASELINE_NAME = "Baseline: n8n's Webhook node, 1,000 posts";
const SIGNED_COUNT = 1_000;
const FORGED_COUNT = 1_000;
const CONCURRENCY = 10;
const FORGERIES = ['wrong_signature', 'tampered_body', 'stale_timestamp', 'missing_signature'];

function forge(secret: string, delivery: ReturnType<typeof buildSignedDelivery>, forgery: string) {
	let headers: DeliveryHeaders = delivery.headers;
	let body = delivery.body;
	if (forgery === 'wrong_signature') {
		const wrong = sign(`${secret}x`, delivery.timestamp, body);
		headers = setHeader(headers, HEADER.signature, `v1=${wrong}`);
	} else if (forgery === 'tampered_body') {
		body = Buffer.from(body.toString('utf8').replace('"lead_fault_', '"lead_forged_'));
	} else if (forgery === 'stale_timestamp') {
		const stale = String(Number(delivery.timestamp) - 3_600);
		headers = setHeader(headers, HEADER.timestamp, stale);
		headers = setHeader(headers, HEADER.signature, `v1=${sign(secret, stale, body)}`);
	} else {
		headers = setHeader(headers, HEADER.signature, undefined);
	}
	return { headers, body };
}

type SignedDelivery = ReturnType<typeof buildSignedDelivery>;

/** Plans the shuffled signed and forged deliveries, and collects the signed ones as they are built. */
function planDeliveries(
	prng: Prng,
	url: string,
	secret: string,
	signed: SignedDelivery[],
): PlannedPost[] {
	const forgeries = Array.from({ length: FORGED_COUNT }, (_, i) => FORGERIES[i % FORGERIES.length]);
	const kinds = prng.shuffle([...Array<undefined>(SIGNED_COUNT).fill(undefined), ...forgeries]);
	return kinds.map((forgery, index) => ({
		label: forgery === undefined ? 'signed' : 'forged',
		build() {
			const delivery = buildSignedDelivery(prng, secret, index);
			if (forgery === undefined) signed.push(delivery);
			const { headers, body } = forgery === undefined ? delivery : forge(secret, delivery, forgery);
			return {
				url,
				headers: headers as Record<string, string>,
				body,
				deliveryId: delivery.deliveryId,
			};
		},
	}));
}

/** Plans each signed delivery again, unchanged but for a new timestamp and signature. */
function planResends(url: string, secret: string, signed: SignedDelivery[]): PlannedPost[] {
	return signed.map((delivery) => ({
		label: 'resent',
		build() {
			const timestamp = String(Math.floor(Date.now() / 1000));
			let headers = setHeader(delivery.headers, HEADER.timestamp, timestamp);
			headers = setHeader(
				headers,
				HEADER.signature,
				`v1=${sign(secret, timestamp, delivery.body)}`,
			);
			return {
				url,
				headers: headers as Record<string, string>,
				body: delivery.body,
				deliveryId: delivery.deliveryId,
			};
		},
	}));
}

async function waitForRegistration(sandbox: Sandbox, n8n: RealN8n, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const endpoint = sandbox.webhooks().find((webhook) => webhook.url.startsWith(n8n.cli.baseUrl));
		if (endpoint !== undefined) {
			// An unsigned probe gets 401 once n8n serves the URL, and 404 before.
			const probe = await fetch(endpoint.url, { method: 'POST', body: '{}' }).catch(
				() => undefined,
			);
			if (probe !== undefined && probe.status !== 404) return endpoint;
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`n8n did not register its webhook with the sandbox within ${timeoutMs} ms.`);
}

export async function runTriggerLoad(
	sandbox: Sandbox,
	n8n: RealN8n,
	seed: number,
	report: Report,
): Promise<void> {
	sandbox.reset();
	sandbox.setRateLimit(null);
	const counter = await startRunCounter();
	const prng = new Prng(seed);
	try {
		// The trigger registers its webhook with the sandbox through the ProspectB2B credential.
		await importCredentials(n8n, { apiKey: sandbox.keys.full, baseUrl: sandbox.url });
		const workflow = triggerWorkflow(counter.url);
		for (const active of [workflow, baselineWebhookWorkflow(counter.url)]) {
			await importWorkflow(n8n, active);
			await n8n.cli.activateWorkflow(active.id);
		}
		await n8n.cli.start();
		const endpoint = await waitForRegistration(sandbox, n8n, 60_000);

		const signed: SignedDelivery[] = [];
		const plan = planDeliveries(prng, endpoint.url, endpoint.signing_secret, signed);
		const load = await postAll(plan, CONCURRENCY);
		await waitUntilSettled(() => counter.deliveryIds.length, 5_000, 180_000);
		const runs = [...counter.deliveryIds];
		const idsOf = (label: string) =>
			new Set(load.outcomes.filter((o) => o.label === label).map((o) => o.deliveryId));
		const signedIds = idsOf('signed');
		const forgedIds = idsOf('forged');
		const signedRuns = runs.filter((id) => signedIds.has(id));
		const forgedRuns = runs.filter((id) => forgedIds.has(id)).length;

		report.info(CASE_NAME, 'n8n', n8n.version);
		report.info(CASE_NAME, 'answers', describeStatuses(load.outcomes));
		const perSecond = (plan.length / load.seconds).toFixed(1);
		report.info(
			CASE_NAME,
			'deliveries per second',
			`${perSecond} (${(SIGNED_COUNT / load.seconds).toFixed(1)} signed)`,
		);
		report.info(
			CASE_NAME,
			'latency of 2xx answers',
			describeLatency(load.outcomes, (o) => o.status < 300),
		);
		report.info(
			CASE_NAME,
			'latency of 401 answers',
			describeLatency(load.outcomes, (o) => o.status === 401),
		);
		const exact = signedRuns.length === SIGNED_COUNT && new Set(signedRuns).size === SIGNED_COUNT;
		report.check(
			CASE_NAME,
			'executions of signed deliveries',
			signedRuns.length,
			`exactly ${SIGNED_COUNT}, each once`,
			exact,
		);
		report.check(CASE_NAME, 'executions of forged deliveries', forgedRuns, '0', forgedRuns === 0);
		await reportRecordedExecutions(n8n, workflow.id, report);

		const runsBefore = counter.deliveryIds.length;
		const resent = await postAll(
			planResends(endpoint.url, endpoint.signing_secret, signed),
			CONCURRENCY,
		);
		await waitUntilSettled(() => counter.deliveryIds.length, 5_000, 60_000);
		const resentRuns = counter.deliveryIds.length - runsBefore;
		report.info(RESENT_NAME, 'answers', describeStatuses(resent.outcomes));
		report.check(RESENT_NAME, 'executions started', resentRuns, '0', resentRuns === 0);

		await runBaseline(n8n, counter, report);
	} finally {
		await n8n.cli.stop();
		await counter.close();
	}
}

/** Sends the same load to n8n's Webhook node, which checks nothing, to show n8n's own cost per run. */
async function runBaseline(n8n: RealN8n, counter: { deliveryIds: string[] }, report: Report) {
	const url = `${n8n.cli.baseUrl}/webhook/${BASELINE_WEBHOOK_PATH}`;
	const before = counter.deliveryIds.length;
	const plan: PlannedPost[] = Array.from({ length: SIGNED_COUNT }, (_, index) => ({
		label: 'baseline',
		build: () => ({
			url,
			headers: { 'content-type': 'application/json' },
			body: Buffer.from(JSON.stringify({ delivery_id: `baseline_${index}` })),
			deliveryId: `baseline_${index}`,
		}),
	}));
	const load = await postAll(plan, CONCURRENCY);
	await waitUntilSettled(() => counter.deliveryIds.length, 5_000, 180_000);
	report.info(BASELINE_NAME, 'answers', describeStatuses(load.outcomes));
	report.info(BASELINE_NAME, 'posts per second', (plan.length / load.seconds).toFixed(1));
	report.info(
		BASELINE_NAME,
		'latency of 2xx answers',
		describeLatency(load.outcomes, (o) => o.status < 300),
	);
	report.info(BASELINE_NAME, 'executions', counter.deliveryIds.length - before);
}

/** Counts the executions n8n itself recorded for the trigger workflow, by status. */
async function reportRecordedExecutions(n8n: RealN8n, workflowId: string, report: Report) {
	try {
		const client = new N8nRestClient(n8n.cli.baseUrl);
		await client.setUpOwnerAndApiKey();
		const executions = await client.listExecutions(workflowId);
		const byStatus = new Map<string, number>();
		for (const execution of executions) {
			byStatus.set(execution.status, (byStatus.get(execution.status) ?? 0) + 1);
		}
		const statuses = [...byStatus].map(([status, count]) => `${count} ${status}`).join(', ');
		report.info(CASE_NAME, 'executions recorded by n8n', `${executions.length} (${statuses})`);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		report.notMeasured(CASE_NAME, 'executions recorded by n8n', reason);
	}
}
