/**
 * Cost of one ProspectB2B Trigger delivery by the number of delivery keys the node remembers.
 * The trigger keeps the keys of its last accepted deliveries in its static data, which n8n loads
 * and saves for each delivery, so this shows how that cost grows at high volume.
 * In-process, through the harness's webhook context, which hands the node its static data through
 * n8n-workflow's proxies, as n8n does. The second figure estimates what n8n itself spends on the
 * static data per delivery by doing what n8n does with it: a JSON round trip, as through its
 * database column, and n8n-workflow's `ObservableObject.create`. It runs neither n8n nor SQLite.
 *
 *   npx ts-node --transpile-only --prefer-ts-exts bench/trigger-dedup.ts
 */
import './env';

import type { IDataObject } from 'n8n-workflow';
import { ObservableObject } from 'n8n-workflow';

import {
	loadDeliveryMemory,
	MAX_REMEMBERED_DELIVERY_KEYS,
	rememberDelivery,
} from '../nodes/ProspectB2BTrigger/state';
import { startSandbox } from '../test/sandbox';
import { createWebhookTrigger, signDeliveryHeaders } from '../test/trigger/setup';

const REMEMBERED_KEYS = [0, 2_000, 10_000, 25_000, MAX_REMEMBERED_DELIVERY_KEYS - 400];
const DELIVERIES_PER_STEP = 200;
const PREFILL_SCOPE = 'bench-prefill';

/** Milliseconds that n8n spends on the static data around one delivery, as a mean of 20. */
function n8nStaticDataCost(staticData: IDataObject): number {
	const rounds = 20;
	const started = performance.now();
	for (let round = 0; round < rounds; round++) {
		const loaded = JSON.parse(JSON.stringify({ 'node:Trigger': staticData })) as IDataObject;
		ObservableObject.create(loaded);
		JSON.stringify(loaded);
	}
	return (performance.now() - started) / rounds;
}

async function main(): Promise<void> {
	const sandbox = await startSandbox({ rateLimitPerMinute: null });
	try {
		for (const keyCount of REMEMBERED_KEYS) {
			sandbox.reset();
			const trigger = createWebhookTrigger(sandbox);
			await trigger.runHook('create', 'production');
			const secret = sandbox.webhooks()[0].signing_secret;
			// Remembered under another scope, so the trigger's first delivery reads them from the static
			// data, as after a restart of n8n.
			const staticData = trigger.staticData();
			for (let index = 0; index < keyCount / 2; index++) {
				const keys = [`delivery:dlv_earlier_${index}`, `event:evt_earlier_${index}`];
				const memory = loadDeliveryMemory(staticData, PREFILL_SCOPE);
				rememberDelivery(staticData, PREFILL_SCOPE, memory, keys);
			}

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
			const staticDataMb = JSON.stringify(staticData).length / 1e6;
			process.stdout.write(
				`Trigger with ${keyCount} remembered keys | node ${perDelivery.toFixed(2)} ms per delivery, ` +
					`n8n's load and save of the static data ${n8nStaticDataCost(staticData).toFixed(2)} ms, ` +
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
