/**
 * Bulk create: 1,000 items into Lead > Create, in-process through n8n-core's engine, with the
 * sandbox's rate limit at 300 requests a minute. n8n's RoutingNode starts every item's request
 * at once unless Request Options > Batching spaces them, and the node retries each 429 after
 * its Retry-After, so the outcome depends on the node's settings.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { Report } from '../test/faults/report';
import type { Sandbox } from '../test/sandbox';
import { runProspectNode } from './engine';

const ITEM_COUNT = 1_000;
const RATE_LIMIT_PER_MINUTE = 300;
const CASE_NAME = `Bulk create, ${ITEM_COUNT.toLocaleString('en')} items at ${RATE_LIMIT_PER_MINUTE}/minute`;

export interface BulkCreateConfig {
	name: string;
	requestOptions: INodeParameters;
}

export const DEFAULTS: BulkCreateConfig = { name: 'default settings', requestOptions: {} };

export const BATCHING: BulkCreateConfig = {
	name: 'Request Options > Batching, 5 items every 1,000 ms',
	requestOptions: { batching: { batch: { batchSize: 5, batchInterval: 1_000 } } },
};

export const MORE_RETRIES: BulkCreateConfig = {
	name: 'Request Options > Max Retries 10',
	requestOptions: { maxRetries: 10 },
};

export interface BulkCreateResult {
	seconds: number;
	rateLimited: number;
	failed: number;
	duplicates: number;
	leads: number;
	runError?: string;
}

export async function runBulkCreate(
	sandbox: Sandbox,
	config: BulkCreateConfig,
	report: Report,
): Promise<BulkCreateResult> {
	sandbox.reset();
	sandbox.setRateLimit(RATE_LIMIT_PER_MINUTE);
	const items = Array.from({ length: ITEM_COUNT }, (_, index) => ({
		fullName: `Bulk Lead ${index}`,
		email: `bulk-lead-${index}@bench.example`,
	}));

	const started = performance.now();
	const run = await runProspectNode(
		{ apiKey: sandbox.keys.full, baseUrl: sandbox.url },
		{
			resource: 'lead',
			operation: 'create',
			fullName: '={{ $json.fullName }}',
			email: '={{ $json.email }}',
			requestOptions: config.requestOptions,
		},
		{ items },
	);
	const seconds = (performance.now() - started) / 1000;

	const posts = sandbox.requests.filter((entry) => entry.method === 'POST');
	const succeededKeys = new Set(
		posts
			.filter((entry) => typeof entry.status === 'number' && entry.status < 300)
			.map((entry) => entry.idempotencyKey),
	);
	const leads = sandbox.leads();
	const emails = leads.map((lead) => lead.email);
	const result: BulkCreateResult = {
		seconds,
		rateLimited: posts.filter((entry) => entry.status === 429).length,
		failed: ITEM_COUNT - succeededKeys.size,
		duplicates: emails.length - new Set(emails).size,
		leads: leads.length,
		runError: run.error?.message,
	};

	const label = `${CASE_NAME}, ${config.name}`;
	report.info(label, 'time', `${seconds.toFixed(1)} s`);
	report.info(label, 'requests', `${posts.length} (${result.rateLimited} answered 429)`);
	if (result.runError !== undefined) report.info(label, 'run error', result.runError);
	report.check(label, 'items failed', result.failed, '0', result.failed === 0);
	report.check(label, 'duplicates', result.duplicates, '0', result.duplicates === 0);
	report.check(
		label,
		'leads in the sandbox',
		result.leads,
		`${ITEM_COUNT}`,
		result.leads === ITEM_COUNT,
	);
	return result;
}
