/**
 * Example 06, the ProspectB2B Trigger, in a running n8n: the production webhook is registered in
 * the sandbox, a signed delivery starts one run with the payload, and repeated, forged, stale and
 * tampered deliveries start none.
 *
 * Runs are counted through n8n's public API (`GET /api/v1/executions?workflowId=`), which lists
 * every saved execution of the workflow. n8n saves successful and failed production runs by
 * default, so a delivery that started a run, even one that failed, shows up there.
 */
import type { DeliveryVariant, StoredWebhookEndpoint } from '../sandbox';
import { EXAMPLE_IDS, findNode, readExample } from './fixtures';
import type { ExecutionSummary, N8nRestClient } from './n8n-rest';
import { nodeItems } from './run-data';
import { requestsTo, type ScenarioContext } from './scenario-context';
import { sleep, waitFor } from './wait';

const TRIGGER_NODE = 'On a new lead';
const REGISTRATION_TIMEOUT_MS = 30_000;
const EXECUTION_TIMEOUT_MS = 20_000;
/** How long to wait for a run that must not start, after its delivery got its response. */
const NO_RUN_GRACE_MS = 2_000;

/** Deliveries sent at the same time by `checkOverlappingDeliveries`. */
const OVERLAPPING_DELIVERIES = 20;

/** Deliveries that must start no run, with the HTTP status the node must return. */
const REJECTED_VARIANTS: Array<{ variant: DeliveryVariant; status: number; label: string }> = [
	{ variant: 'wrong_signature', status: 401, label: 'forged' },
	{ variant: 'stale_timestamp', status: 401, label: 'stale' },
	{ variant: 'future_timestamp', status: 401, label: 'future timestamp' },
	{ variant: 'missing_signature', status: 401, label: 'unsigned' },
	{ variant: 'tampered_body', status: 401, label: 'tampered' },
];

export interface TriggerFacts {
	webhookUrl: string;
	endpointId: string;
	deliveryId: string;
	leadName: string;
	responses: Record<string, number | null>;
}

/** Returns the production webhook URL that n8n gives the trigger node of example 06. */
export function productionWebhookUrl(baseUrl: string): string {
	const node = findNode(readExample(EXAMPLE_IDS.webhookTrigger), 'prospectB2BTrigger');
	return `${baseUrl}/webhook/${String(node.webhookId)}/webhook`;
}

/** Waits until the sandbox lists an endpoint for n8n's production URL, and checks it. */
export async function waitForRegistration(
	context: ScenarioContext,
): Promise<StoredWebhookEndpoint | undefined> {
	const { checks, sandbox, cli } = context;
	const expectedUrl = productionWebhookUrl(cli.baseUrl);
	const endpoint = await waitFor(
		() => sandbox.webhooks().find((candidate) => candidate.url === expectedUrl),
		REGISTRATION_TIMEOUT_MS,
	);
	const registered = sandbox.webhooks().map((candidate) => candidate.url);
	checks.record(
		'06 production URL registered',
		endpoint !== undefined && registered.length === 1,
		endpoint === undefined
			? `no endpoint for ${expectedUrl} within ${REGISTRATION_TIMEOUT_MS / 1000} s; registered: ${registered.join(', ') || 'none'}`
			: `${endpoint.id} for ${endpoint.url}`,
	);
	if (endpoint === undefined) return undefined;

	checks.equal('06 registered events', endpoint.events, ['lead.created']);
	const creation = requestsTo(sandbox.requests, 'POST', '/webhooks').pop();
	checks.record(
		'06 registration idempotency key',
		typeof creation?.idempotencyKey === 'string' && creation.idempotencyKey.length > 0,
		`POST /webhooks with Idempotency-Key ${creation?.idempotencyKey ?? 'missing'}`,
	);
	return endpoint;
}

/** Returns each execution's delivery ID and status, for check details. */
function describeRuns(runs: ExecutionSummary[]): string {
	if (runs.length === 0) return 'no execution';
	return [...runs]
		.sort((a, b) => Number(a.id) - Number(b.id))
		.map((run) => {
			const deliveryId = nodeItems(run.data, TRIGGER_NODE)[0]?.json.delivery_id;
			return `execution ${run.id} (${run.status}, delivery ${String(deliveryId)})`;
		})
		.join(', ');
}

/** Waits until the workflow has at least `count` executions, none of them still running. */
async function waitForRuns(rest: N8nRestClient, count: number): Promise<ExecutionSummary[]> {
	const workflowId = EXAMPLE_IDS.webhookTrigger;
	const finished = await waitFor(async () => {
		const listed = await rest.listExecutions(workflowId);
		const settled = listed.every((run) => run.status !== 'running' && run.status !== 'new');
		return listed.length >= count && settled ? listed : undefined;
	}, EXECUTION_TIMEOUT_MS);
	return finished ?? (await rest.listExecutions(workflowId));
}

/** Sends one delivery of `lead.created` to the endpoint in the given variant. */
function deliver(
	context: ScenarioContext,
	endpoint: StoredWebhookEndpoint,
	variant: DeliveryVariant,
) {
	return context.sandbox.deliver({ webhookId: endpoint.id, event: 'lead.created', variant });
}

/**
 * Sends the signed deliveries of the scenario to the registered endpoint and checks the runs they
 * start. Returns the facts for the demo report.
 */
export async function runWebhookDeliveries(
	context: ScenarioContext,
	rest: N8nRestClient,
	endpoint: StoredWebhookEndpoint,
): Promise<TriggerFacts> {
	const { checks, log } = context;
	const responses: Record<string, number | null> = {};

	log('sending a signed lead.created delivery');
	const valid = await deliver(context, endpoint, 'valid');
	responses.valid = valid.responseStatus;
	checks.equal(
		'06 valid delivery accepted',
		valid.responseStatus,
		200,
		`HTTP ${valid.responseStatus}`,
	);

	const runs = await waitForRuns(rest, 1);
	checks.record(
		'06 one run',
		runs.length === 1 && runs[0].status === 'success',
		describeRuns(runs),
	);

	const [item] = runs.length === 1 ? nodeItems(runs[0].data, TRIGGER_NODE) : [];
	const sentBody = JSON.parse(valid.request.body) as {
		id?: string;
		data?: { id?: string; full_name?: string };
	};
	const leadId = (item?.json.data as { id?: string } | undefined)?.id;
	checks.equal(
		'06 run payload',
		[item?.json.event_type, item?.json.delivery_id, item?.json.id, leadId],
		['lead.created', valid.deliveryId, sentBody.id, sentBody.data?.id],
		`event lead.created, delivery ${valid.deliveryId}, lead ${String(sentBody.data?.id)}`,
	);

	// The repeat goes before the rejected deliveries, because the sandbox repeats the latest
	// delivery of the event, which must be the accepted one.
	const repeat = await deliver(context, endpoint, 'repeat');
	responses.repeat = repeat.responseStatus;
	checks.record(
		'06 repeat acknowledged',
		repeat.responseStatus === 200 && repeat.deliveryId === valid.deliveryId,
		`HTTP ${repeat.responseStatus} for delivery ${repeat.deliveryId} again`,
	);
	await sleep(NO_RUN_GRACE_MS);
	const afterRepeat = await rest.listExecutions(EXAMPLE_IDS.webhookTrigger);
	checks.record('06 repeat starts no run', afterRepeat.length === 1, describeRuns(afterRepeat));

	for (const { variant, status, label } of REJECTED_VARIANTS) {
		const rejected = await deliver(context, endpoint, variant);
		responses[label] = rejected.responseStatus;
		const statusText = `HTTP ${rejected.responseStatus}`;
		checks.equal(`06 ${label} rejected`, rejected.responseStatus, status, statusText);
	}
	await sleep(NO_RUN_GRACE_MS);
	const afterRejected = await rest.listExecutions(EXAMPLE_IDS.webhookTrigger);
	checks.record(
		'06 rejected start no run',
		afterRejected.length === afterRepeat.length,
		`${afterRejected.length - afterRepeat.length} new executions after ${REJECTED_VARIANTS.length} rejected deliveries`,
	);

	return {
		webhookUrl: endpoint.url,
		endpointId: endpoint.id,
		deliveryId: valid.deliveryId,
		leadName: String(sentBody.data?.full_name),
		responses,
	};
}

/**
 * Checks the runs that the sandbox's automatic `lead.created` deliveries started for leads
 * created through the API: exactly one each, and no other new run since `runsBefore` were
 * counted.
 */
export async function checkAutomaticDeliveries(
	context: ScenarioContext,
	rest: N8nRestClient,
	createdLeadIds: string[],
	runsBefore: number,
): Promise<void> {
	const { checks, sandbox } = context;
	await sandbox.waitForDeliveries();
	const runs = await waitForRuns(rest, runsBefore + createdLeadIds.length);

	const newRuns = [...runs].sort((a, b) => Number(a.id) - Number(b.id)).slice(runsBefore);
	const leadIds = newRuns.map(
		(run) => (nodeItems(run.data, TRIGGER_NODE)[0]?.json.data as { id?: string } | undefined)?.id,
	);
	// Deliveries of leads created in quick succession can arrive in any order.
	checks.equal(
		'06 automatic deliveries',
		[...leadIds].sort(),
		[...createdLeadIds].sort(),
		`one successful run per lead created through the API: ${leadIds.join(', ')}`,
	);
	checks.record(
		'06 automatic runs succeeded',
		newRuns.every((run) => run.status === 'success'),
		describeRuns(newRuns),
	);
}

/** Sends a delivery again through the sandbox's retry endpoint, signed anew, as a user's Retry does. */
async function retryDelivery(
	context: ScenarioContext,
	endpoint: StoredWebhookEndpoint,
	deliveryId: string,
): Promise<number | undefined> {
	const response = await fetch(
		`${context.sandbox.url}/webhooks/${endpoint.id}/deliveries/${deliveryId}/retry`,
		{ method: 'POST', headers: { authorization: `Bearer ${context.sandbox.keys.full}` } },
	);
	const body = (await response.json()) as { data?: { response_status_code?: number } };
	return body.data?.response_status_code;
}

/**
 * Sends deliveries at the same time, then retries each one through the sandbox's retry endpoint. n8n saves the static
 * data of overlapping calls over each other, so this checks that the trigger still recognises
 * every accepted delivery: one run each, and none for the retries, which carry a new timestamp.
 */
export async function checkOverlappingDeliveries(
	context: ScenarioContext,
	rest: N8nRestClient,
	endpoint: StoredWebhookEndpoint,
): Promise<void> {
	const { checks } = context;
	const runsBefore = (await rest.listExecutions(EXAMPLE_IDS.webhookTrigger)).length;
	const sent = await Promise.all(
		Array.from({ length: OVERLAPPING_DELIVERIES }, () => deliver(context, endpoint, 'valid')),
	);
	const statuses = sent.map((result) => result.responseStatus);
	checks.record(
		'06 overlapping deliveries accepted',
		statuses.every((status) => status === 200),
		`HTTP ${statuses.join(', ')}`,
	);
	const runs = await waitForRuns(rest, runsBefore + OVERLAPPING_DELIVERIES);
	checks.equal(
		'06 one run per overlapping delivery',
		runs.length - runsBefore,
		OVERLAPPING_DELIVERIES,
		`${runs.length - runsBefore} runs for ${OVERLAPPING_DELIVERIES} deliveries`,
	);

	const retried = await Promise.all(
		sent.map((result) => retryDelivery(context, endpoint, result.deliveryId)),
	);
	checks.record(
		'06 retries acknowledged',
		retried.every((status) => status === 200),
		`HTTP ${retried.join(', ')}`,
	);
	await sleep(NO_RUN_GRACE_MS);
	const afterRetries = await rest.listExecutions(EXAMPLE_IDS.webhookTrigger);
	checks.record(
		'06 retries start no run',
		afterRetries.length === runs.length,
		`${afterRetries.length - runs.length} new executions after ${OVERLAPPING_DELIVERIES} retries`,
	);
}
