/**
 * Cost of one ProspectB2B Trigger delivery by the number of delivery keys the node remembers.
 * The trigger keeps the keys of the deliveries of its timestamp window in its static data, which
 * n8n loads and saves for each delivery, so this shows how that cost grows at high volume.
 * In-process, through the harness's webhook context.
 *
 *   npx ts-node --transpile-only --prefer-ts-exts bench/trigger-dedup.ts
 */
import './env';

import { startSandbox } from '../test/sandbox';
import { createWebhookTrigger, signDeliveryHeaders } from '../test/trigger/setup';

const REMEMBERED_KEYS = [0, 2_000, 10_000, 25_000, 49_000];
const DELIVERIES_PER_STEP = 200;

async function main(): Promise<void> {
	const sandbox = await startSandbox({ rateLimitPerMinute: null });
	try {
		for (const keyCount of REMEMBERED_KEYS) {
			sandbox.reset();
			const trigger = createWebhookTrigger(sandbox);
			await trigger.runHook('create', 'production');
			const secret = sandbox.webhooks()[0].signing_secret;
			const now = Math.floor(Date.now() / 1000);
			// NOTE: writes the node's static data format (`<timestamp>|delivery:<id>`) directly,
			// because reaching 49,000 keys through deliveries would take many minutes.
			trigger.staticData().recentDeliveries = Array.from(
				{ length: keyCount },
				(_, index) => `${now}|delivery:dlv_earlier_${index}`,
			);

			const started = performance.now();
			for (let index = 0; index < DELIVERIES_PER_STEP; index++) {
				const body = Buffer.from(
					JSON.stringify({ id: `evt_${keyCount}_${index}`, object: 'event', type: 'lead.created' }),
				);
				const headers = signDeliveryHeaders(secret, body, {
					deliveryId: `dlv_${keyCount}_${index}`,
					event: 'lead.created',
				});
				const result = await trigger.callWebhook({ headers, rawBody: body }, 'production');
				if (result.workflowData === undefined) throw new Error(`Delivery ${index} started no run.`);
			}
			const perDelivery = (performance.now() - started) / DELIVERIES_PER_STEP;
			const staticDataMb = JSON.stringify(trigger.staticData()).length / 1e6;
			process.stdout.write(
				`Trigger with ${keyCount} remembered keys | ${perDelivery.toFixed(2)} ms per delivery, ` +
					`static data ${staticDataMb.toFixed(2)} MB after ${DELIVERIES_PER_STEP} more\n`,
			);
		}
	} finally {
		await sandbox.close();
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
		process.exit(1);
	},
);
