/**
 * What the end-to-end runs, the demo and `npm run dev` put into n8n: the example workflows, the
 * credentials that they reference, and the sandbox data that the examples read.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Sandbox } from '../sandbox';
import { REPO_ROOT } from './package-build';

export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

/** Workflow IDs of the examples, as their files set them. */
export const EXAMPLE_IDS = {
	verifyKey: 'pb2bExample01',
	createLead: 'pb2bExample02',
	incrementalSync: 'pb2bExample03',
	createWebhook: 'pb2bExample04',
	exportAndWait: 'pb2bExample05',
	webhookTrigger: 'pb2bExample06',
	pollTrigger: 'pb2bExample07',
} as const;

/** The credential that every example references. */
export const API_CREDENTIAL = {
	id: 'pb2bSandboxCred01',
	name: 'ProspectB2B account',
	type: 'prospectB2BApi',
};

/** A signing-secret credential, imported to check that n8n registers its type. */
export const WEBHOOK_SECRET_CREDENTIAL = {
	id: 'pb2bWebhookSecret1',
	name: 'ProspectB2B webhook secret (made by hand)',
	type: 'prospectB2BWebhookSecretApi',
	signingSecret: 'whsec_endToEndManualEndpointSecret',
};

/**
 * Seeded leads: 300, one every 30 minutes from 2026-03-08T00:00:00Z, so that example 03's
 * Updated After (2026-03-10T00:00:00Z) falls inside them. Lead 97 sits exactly on that moment and
 * must be left out, because `updated_after` is strictly after. 203 seeded leads are after it,
 * which with page size 100 means three pages.
 */
export const SEED = { count: 300, start: '2026-03-08T00:00:00.000Z', stepMs: 30 * 60 * 1000 };

/** One workflow as exported by n8n, with only the fields read here typed. */
export interface WorkflowFile {
	id: string;
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		webhookId?: string;
	}>;
	[field: string]: unknown;
}

/** Reads every example workflow, in file name order. */
export function readExamples(): WorkflowFile[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => JSON.parse(readFileSync(join(EXAMPLES_DIR, name), 'utf8')) as WorkflowFile);
}

/** Returns the example with the given workflow ID, or throws. */
export function readExample(id: string): WorkflowFile {
	const workflow = readExamples().find((candidate) => candidate.id === id);
	if (workflow === undefined)
		throw new Error(`No example workflow with id ${id} in ${EXAMPLES_DIR}.`);
	return workflow;
}

/** Returns the first node of a workflow whose type ends with `.<typeSuffix>`, or throws. */
export function findNode(
	workflow: WorkflowFile,
	typeSuffix: string,
): WorkflowFile['nodes'][number] {
	const node = workflow.nodes.find((candidate) => candidate.type.endsWith(`.${typeSuffix}`));
	if (node === undefined) {
		throw new Error(`Workflow ${workflow.id} has no node of type *.${typeSuffix}.`);
	}
	return node;
}

/** Returns example 03's Updated After filter value. */
export function readSyncUpdatedAfter(): string {
	const node = findNode(readExample(EXAMPLE_IDS.incrementalSync), 'prospectB2B');
	const filters = node.parameters.filters as { updatedAfter?: string } | undefined;
	if (typeof filters?.updatedAfter !== 'string') {
		throw new Error(`Example ${EXAMPLE_IDS.incrementalSync} has no Updated After filter.`);
	}
	return filters.updatedAfter;
}

/** Creates the seeded leads that examples 03 and 05 read. */
export function seedSandbox(sandbox: Sandbox): void {
	sandbox.seedLeads(SEED.count, { start: SEED.start, stepMs: SEED.stepMs });
}

/**
 * Writes the credential files for `n8n import:credentials --separate` into `folder`: the API
 * credential for `apiKey` and `baseUrl`, and unless `apiOnly`, the signing-secret credential.
 */
export function writeCredentialFiles(
	folder: string,
	api: { apiKey: string; baseUrl: string },
	options: { apiOnly?: boolean } = {},
): void {
	mkdirSync(folder, { recursive: true });
	const apiCredential = { ...API_CREDENTIAL, data: api };
	writeFileSync(join(folder, 'api.json'), JSON.stringify(apiCredential, null, '\t'));
	if (options.apiOnly) return;

	const { signingSecret, ...fields } = WEBHOOK_SECRET_CREDENTIAL;
	const secretCredential = { ...fields, data: { signingSecret } };
	writeFileSync(join(folder, 'webhook-secret.json'), JSON.stringify(secretCredential, null, '\t'));
}

/**
 * Poll times for a test copy of the Lead Trigger: one `custom` cron item per 10 seconds. n8n
 * rejects a seconds field other than a plain number ("The polling interval is too short", checked
 * in n8n-core's polling activation: 1.123 rejects a `*` in it, 2.41 anything but digits), so one item
 * per second value is the shortest interval both lines accept. An item's expression has six fields,
 * seconds first.
 */
export function fastPollTimes(): { item: Array<{ mode: string; cronExpression: string }> } {
	const seconds = [0, 10, 20, 30, 40, 50];
	return {
		item: seconds.map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })),
	};
}

/**
 * Writes the examples for `n8n import:workflow --separate` into `folder`. With `fastPolling`,
 * the Lead Trigger example polls every 10 seconds instead of every minute.
 */
export function writeWorkflowFiles(
	folder: string,
	options: { fastPolling?: boolean; only?: string[] } = {},
): string[] {
	mkdirSync(folder, { recursive: true });
	const written: string[] = [];
	for (const workflow of readExamples()) {
		if (options.only !== undefined && !options.only.includes(workflow.id)) continue;
		if (options.fastPolling && workflow.id === EXAMPLE_IDS.pollTrigger) {
			findNode(workflow, 'prospectB2BLeadTrigger').parameters.pollTimes = fastPollTimes();
		}
		writeFileSync(join(folder, `${workflow.id}.json`), JSON.stringify(workflow, null, '\t'));
		written.push(workflow.id);
	}
	return written;
}
