/**
 * Examples 01 to 03 in a real n8n: verify the key, create a lead twice with one Idempotency-Key,
 * and sync the leads updated after a date. Each asserts the node output and the sandbox's
 * request log.
 */
import { SANDBOX_KEY_RECORDS } from '../sandbox/auth';
import { EXAMPLE_IDS, readExample, findNode, readSyncUpdatedAfter } from './fixtures';
import { nodeItems } from './run-data';
import {
	describeRequests,
	executeExample,
	requestsTo,
	type ScenarioContext,
} from './scenario-context';

/** Node names in the examples, which the run data is keyed by. */
const NODES = {
	verifyKey: 'Verify the API key',
	createLead: 'Create the lead',
	createLeadAgain: 'Create it again with the same key',
	syncLeads: 'Leads updated after 2026-03-10',
};

/** The page size that Return All requests, the API's maximum. */
const PAGE_SIZE = 100;

export interface KeyFacts {
	keyName: string;
	scopes: string[];
	workspace: string;
}

export interface LeadFacts {
	leadId: string;
	fullName: string;
	idempotencyKey: string;
	replayLeadId: string;
	replayed: boolean;
	leadsWithEmail: number;
}

export interface SyncFacts {
	updatedAfter: string;
	leads: number;
	pages: number;
}

/** Example 01: Account > Get returns the key's scopes, with one authenticated `GET /me`. */
export async function runVerifyKey(context: ScenarioContext): Promise<KeyFacts | undefined> {
	const { checks, sandbox } = context;
	const run = await executeExample(context, '01 verify key', EXAMPLE_IDS.verifyKey);
	if (run === undefined) return undefined;

	const [account] = nodeItems(run.runData, NODES.verifyKey).map((item) => item.json);
	const expected = SANDBOX_KEY_RECORDS.full;
	checks.equal('01 key name', account?.name, expected.name);
	checks.equal(
		'01 key scopes',
		account?.scopes,
		expected.scopes,
		`${expected.scopes.length} scopes`,
	);

	const meRequests = requestsTo(run.requests, 'GET', '/me');
	checks.record(
		'01 sandbox log',
		run.requests.length === 1 && meRequests[0]?.status === 200,
		describeRequests(run.requests),
	);
	checks.equal(
		'01 bearer key sent',
		meRequests[0]?.headers.authorization,
		`Bearer ${sandbox.keys.full}`,
		'Authorization: Bearer <sandbox full key>',
	);

	const workspace = account?.workspace as { name?: string } | undefined;
	return {
		keyName: String(account?.name),
		scopes: (account?.scopes as string[] | undefined) ?? [],
		workspace: workspace?.name ?? 'unknown',
	};
}

/**
 * Example 02: the second Lead > Create with the same Idempotency-Key is a replay. Both nodes
 * output the same lead, the sandbox stores one lead and logs the second request as replayed.
 */
export async function runCreateLead(context: ScenarioContext): Promise<LeadFacts | undefined> {
	const { checks, sandbox } = context;
	const createNode = findNode(readExample(EXAMPLE_IDS.createLead), 'prospectB2B');
	const email = String(createNode.parameters.email);
	const idempotencyKey = String(
		(createNode.parameters.options as { idempotencyKey?: string }).idempotencyKey,
	);

	const run = await executeExample(context, '02 create lead', EXAMPLE_IDS.createLead);
	if (run === undefined) return undefined;

	const [first] = nodeItems(run.runData, NODES.createLead).map((item) => item.json);
	const [second] = nodeItems(run.runData, NODES.createLeadAgain).map((item) => item.json);
	checks.record('02 lead created', typeof first?.id === 'string', `lead ${String(first?.id)}`);
	checks.equal('02 replay returns same lead', second?.id, first?.id);
	checks.equal('02 replay keeps request_id', second?.request_id, first?.request_id);

	const leadsWithEmail = sandbox.leads().filter((lead) => lead.email === email).length;
	checks.equal('02 one lead stored', leadsWithEmail, 1, `1 lead with ${email}`);

	const posts = requestsTo(run.requests, 'POST', '/leads');
	checks.equal(
		'02 sandbox log',
		posts.map((entry) => [entry.status, entry.idempotencyKey, entry.replayed]),
		[
			[200, idempotencyKey, false],
			[200, idempotencyKey, true],
		],
		`2 POST /leads with key ${idempotencyKey}, the second replayed: true`,
	);

	return {
		leadId: String(first?.id),
		fullName: String(first?.full_name),
		idempotencyKey,
		replayLeadId: String(second?.id),
		replayed: posts[1]?.replayed === true,
		leadsWithEmail,
	};
}

/**
 * Example 03: Lead > Get Many with Updated After and Return All returns every lead updated after
 * the date, in `ceil(n / 100)` pages that all carry the filter.
 */
export async function runIncrementalSync(context: ScenarioContext): Promise<SyncFacts | undefined> {
	const { checks, sandbox } = context;
	const updatedAfter = readSyncUpdatedAfter();
	const cutoff = Date.parse(updatedAfter);
	const expectedIds = sandbox
		.leads()
		.filter((lead) => Date.parse(lead.updated_at) > cutoff)
		.map((lead) => lead.id);

	const run = await executeExample(context, '03 incremental sync', EXAMPLE_IDS.incrementalSync);
	if (run === undefined) return undefined;

	const ids = nodeItems(run.runData, NODES.syncLeads).map((item) => String(item.json.id));
	checks.equal('03 lead count', ids.length, expectedIds.length);
	checks.equal(
		'03 leads after the date',
		[...ids].sort(),
		[...expectedIds].sort(),
		`every lead with updated_at > ${updatedAfter}, none at or before it`,
	);
	checks.equal('03 no duplicates', new Set(ids).size, ids.length);

	const pages = requestsTo(run.requests, 'GET', '/leads');
	const expectedPages = Math.ceil(expectedIds.length / PAGE_SIZE);
	checks.equal('03 pages', pages.length, expectedPages, `${pages.length} pages of up to 100`);
	checks.record(
		'03 filter on every page',
		pages.every((page) => page.query.updated_after === updatedAfter && page.status === 200),
		pages.map((page) => `updated_after=${String(page.query.updated_after)}`).join(', '),
	);
	const cursors = pages.map((page) => typeof page.query.cursor === 'string');
	checks.equal(
		'03 cursor after the first page',
		cursors,
		pages.map((_, index) => index > 0),
		`${cursors.filter(Boolean).length} pages requested with a cursor`,
	);

	return { updatedAfter, leads: ids.length, pages: pages.length };
}
