/**
 * 10,000 generated deliveries to the ProspectB2B Trigger's webhook, served in-process by the
 * harness over HTTP on loopback as n8n's server serves it: genuine ones in many encodings,
 * tampered ones and replays. Counts forgeries that were accepted and genuine ones that were
 * rejected.
 */
import { Agent, request } from 'node:http';

import { startWebhookReceiver } from '../harness';
import type { Sandbox } from '../sandbox';
import { createWebhookTrigger } from '../trigger/setup';
import { withRandomHeaderCase } from './delivery-signing';
import { buildDelivery, type Delivery, type VariantContext } from './delivery-variants';
import type { Prng } from './prng';
import type { Report } from './report';
import type { SecretScan } from './secrets';

const CASE_NAME = 'Trigger deliveries, random tampering';
const DELIVERY_COUNT = 10_000;
const TOLERANCE_SECONDS = 300;
/** About how many deliveries the trigger remembers to drop repeats (1000 keys, 2 per delivery). */
const REMEMBERED_DELIVERIES = 500;

interface Answer {
	status: number;
	body: string;
}

function post(url: URL, delivery: Delivery, agent: Agent): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const headers = { ...delivery.headers };
		if (!delivery.chunked) headers['Content-Length'] = String(delivery.body.length);
		const outgoing = request(
			{ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers, agent },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () =>
					resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
				);
				response.on('error', reject);
			},
		);
		outgoing.setTimeout(10_000, () => outgoing.destroy(new Error('The delivery timed out.')));
		outgoing.on('error', reject);
		if (delivery.chunked) {
			const middle = Math.floor(delivery.body.length / 2);
			outgoing.write(delivery.body.subarray(0, middle));
			outgoing.end(delivery.body.subarray(middle));
		} else {
			outgoing.end(delivery.body);
		}
	});
}

interface Tally {
	expectation: Delivery['expectation'];
	sent: number;
	runs: number;
	accepted2xx: number;
	problems: number;
}

export async function runDeliveryForgeryCase(
	sandbox: Sandbox,
	report: Report,
	scan: SecretScan,
	prng: Prng,
): Promise<void> {
	sandbox.reset();
	sandbox.setRateLimit(null);
	const trigger = createWebhookTrigger(sandbox, {
		options: { toleranceSeconds: TOLERANCE_SECONDS },
	});
	const receiver = await startWebhookReceiver(trigger);
	const agent = new Agent({ keepAlive: true, maxSockets: 1 });
	const tallies = new Map<string, Tally>();
	const problems = {
		acceptedTampered: 0,
		acceptedReplays: 0,
		acceptedOldReplays: 0,
		rejectedGenuine: 0,
	};
	let runsSeen = 0;
	try {
		await trigger.runHook('create', 'production');
		const secret = sandbox.webhooks()[0].signing_secret;
		scan.addSecret('signing secret of the in-process trigger', secret);
		const url = new URL(trigger.webhookUrl('production'));
		const context: VariantContext = {
			prng,
			secret,
			index: 0,
			toleranceSeconds: TOLERANCE_SECONDS,
			history: [],
		};

		for (let index = 0; index < DELIVERY_COUNT; index++) {
			context.index = index;
			const delivery = buildDelivery(context);
			const sent = prng.chance(0.5)
				? { ...delivery, headers: withRandomHeaderCase(prng, delivery.headers) }
				: delivery;
			const runsBefore = receiver.runs().length;
			const answer = await post(url, sent, agent);
			// The receiver records a call before it responds, so a started run is already counted.
			const startedRun = receiver.runs().length > runsBefore;
			const is2xx = answer.status >= 200 && answer.status < 300;
			if (startedRun) runsSeen++;

			let problem = false;
			if (delivery.expectation === 'genuine') {
				problem = !startedRun;
				if (problem) problems.rejectedGenuine++;
				else context.history.push(delivery);
			} else if (delivery.expectation === 'forged') {
				problem = is2xx || startedRun;
				if (problem) problems.acceptedTampered++;
			} else if (startedRun) {
				problem = true;
				problems.acceptedReplays++;
				if ((delivery.replayDistance ?? 0) >= REMEMBERED_DELIVERIES) problems.acceptedOldReplays++;
			}

			const tally = tallies.get(delivery.variant) ?? {
				expectation: delivery.expectation,
				sent: 0,
				runs: 0,
				accepted2xx: 0,
				problems: 0,
			};
			tally.sent++;
			if (startedRun) tally.runs++;
			if (is2xx) tally.accepted2xx++;
			if (problem) tally.problems++;
			tallies.set(delivery.variant, tally);
		}
	} finally {
		agent.destroy();
		await receiver.close();
	}

	scan.scan(`${CASE_NAME}: trigger logs`, trigger.logs().join('\n'));
	scan.scan(
		`${CASE_NAME}: responses and runs`,
		receiver.calls.map((call) => [call.body, call.workflowData]),
	);

	const label = `${CASE_NAME}, ${DELIVERY_COUNT} deliveries`;
	const byExpectation = { genuine: 0, forged: 0, replay: 0 };
	for (const tally of tallies.values()) byExpectation[tally.expectation] += tally.sent;
	report.info(
		label,
		'sent',
		`${byExpectation.genuine} genuine, ${byExpectation.forged} tampered, ${byExpectation.replay} replays`,
	);
	report.info(label, 'runs started', `${runsSeen} (harness counted ${receiver.runs().length})`);
	report.check(
		label,
		'accepted tampered deliveries',
		problems.acceptedTampered,
		'0',
		problems.acceptedTampered === 0,
	);
	report.check(
		label,
		'replays that started a run',
		problems.acceptedReplays,
		'0',
		problems.acceptedReplays === 0,
	);
	if (problems.acceptedReplays > 0) {
		report.info(
			label,
			`  of them replayed after ${REMEMBERED_DELIVERIES}+ newer genuine deliveries`,
			problems.acceptedOldReplays,
		);
	}
	report.check(
		label,
		'rejected genuine deliveries',
		problems.rejectedGenuine,
		'0',
		problems.rejectedGenuine === 0,
	);
	for (const [name, tally] of [...tallies].sort(([a], [b]) => a.localeCompare(b))) {
		report.info(
			label,
			`  ${name}`,
			`${tally.sent} sent, ${tally.accepted2xx} 2xx, ${tally.runs} runs, ${tally.problems} wrong`,
		);
	}
}
