/**
 * Example 07, the ProspectB2B Lead Trigger, in a running n8n. The imported copy polls every 10
 * seconds (see `fastPollTimes`). Leads are created and updated through the sandbox API right
 * after a poll, so that each change falls between two polls, and every poll's run must emit each
 * new or updated lead exactly once.
 */
import type { Lead, RequestLogEntry } from '../sandbox';
import { EXAMPLE_IDS } from './fixtures';
import type { N8nRestClient } from './n8n-rest';
import { nodeItems } from './run-data';
import type { ScenarioContext } from './scenario-context';
import { sleep, waitFor } from './wait';

const TRIGGER_NODE = 'Every minute, new or updated leads';
/** Two poll intervals: a poll is due every 10 s. */
const POLL_TIMEOUT_MS = 25_000;
const EXECUTION_TIMEOUT_MS = 15_000;
/** How long to wait for a run that must not start, after the poll finished. */
const NO_RUN_GRACE_MS = 3_000;

export interface PollFacts {
	polls: number;
	/** Full names of the leads each run emitted, oldest run first, updates marked. */
	runs: string[][];
}

/** Sends one request to the sandbox API with the full key and returns the `data` of the body. */
async function callSandbox(
	context: ScenarioContext,
	method: string,
	path: string,
	body: object,
): Promise<Lead> {
	const { sandbox } = context;
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${sandbox.keys.full}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok)
		throw new Error(`${method} ${path} failed with HTTP ${response.status}: ${text}`);
	return (JSON.parse(text) as { data: Lead }).data;
}

/** Returns the finished `GET /leads` requests logged since `firstIndex`: the polls. */
function pollRequests(context: ScenarioContext, firstIndex: number): RequestLogEntry[] {
	return context.sandbox.requests
		.slice(firstIndex)
		.filter((entry) => entry.method === 'GET' && entry.path.endsWith('/leads'))
		.filter((entry) => entry.status !== null);
}

/** Waits for the next finished poll and returns it, or throws after POLL_TIMEOUT_MS. */
async function waitForNextPoll(
	context: ScenarioContext,
	firstIndex: number,
): Promise<RequestLogEntry> {
	const seen = pollRequests(context, firstIndex).length;
	const next = await waitFor(() => pollRequests(context, firstIndex)[seen], POLL_TIMEOUT_MS);
	if (next === undefined) {
		throw new Error(`no poll (GET /leads) within ${POLL_TIMEOUT_MS / 1000} s`);
	}
	return next;
}

/** Waits until the workflow has `count` finished executions and returns them, oldest first. */
async function waitForRuns(rest: N8nRestClient, count: number) {
	const listed = await waitFor(async () => {
		const runs = await rest.listExecutions(EXAMPLE_IDS.pollTrigger);
		const finished = runs.every((run) => run.status !== 'running' && run.status !== 'new');
		return runs.length >= count && finished ? runs : undefined;
	}, EXECUTION_TIMEOUT_MS);
	const runs = listed ?? (await rest.listExecutions(EXAMPLE_IDS.pollTrigger));
	return [...runs].sort((a, b) => Number(a.id) - Number(b.id));
}

/** Returns the `updated_after` that a poll sends for a stored position: 1 ms before it. */
function expectedUpdatedAfter(position: Lead): string {
	return new Date(Date.parse(position.updated_at) - 1).toISOString();
}

/** Returns each run's lead names, marking a lead that an earlier run emitted as updated. */
function describeEmittedLeads(runs: Array<Array<{ id: string; name: string }>>): string[][] {
	const seen = new Set<string>();
	return runs.map((leads) =>
		leads.map((lead) => {
			const name = seen.has(lead.id) ? `${lead.name} (updated)` : lead.name;
			seen.add(lead.id);
			return name;
		}),
	);
}

/**
 * Runs the polling scenario and returns the IDs of the leads it created, whose `lead.created`
 * deliveries the webhook trigger also receives.
 */
export async function runPollScenario(
	context: ScenarioContext,
	rest: N8nRestClient,
): Promise<{ facts: PollFacts; createdLeadIds: string[] }> {
	const { checks, log, sandbox } = context;
	const firstIndex = sandbox.requests.length;

	log('waiting for a poll of the Lead Trigger, which stores its starting position');
	await waitForNextPoll(context, firstIndex);
	const first = await callSandbox(context, 'POST', '/leads', {
		full_name: 'Poll Lead One',
		email: 'poll.lead.one@example.com',
	});

	const firstPoll = await waitForNextPoll(context, firstIndex);
	const afterFirst = await waitForRuns(rest, 1);
	const second = await callSandbox(context, 'POST', '/leads', { full_name: 'Poll Lead Two' });
	const third = await callSandbox(context, 'POST', '/leads', { full_name: 'Poll Lead Three' });
	const firstUpdated = await callSandbox(context, 'PATCH', `/leads/${first.id}`, {
		job_title: 'Updated between polls',
	});
	log('created Poll Lead One before the last poll, then two leads and an update of it');

	const secondPoll = await waitForNextPoll(context, firstIndex);
	const afterSecond = await waitForRuns(rest, 2);
	const thirdPoll = await waitForNextPoll(context, firstIndex);
	await sleep(NO_RUN_GRACE_MS);
	const runs = await waitForRuns(rest, 2);

	const emitted = runs.map((run) =>
		nodeItems(run.data, TRIGGER_NODE).map((item) => ({
			id: String(item.json.id),
			name: String(item.json.full_name),
			jobTitle: item.json.job_title,
		})),
	);
	checks.equal(
		'07 first poll emits the new lead',
		emitted[0]?.map((lead) => lead.id),
		[first.id],
		`run ${afterFirst[0]?.id ?? '?'}: ${first.full_name}`,
	);
	checks.equal(
		'07 next poll emits new and updated',
		emitted[1]?.map((lead) => lead.id),
		[second.id, third.id, first.id],
		`run ${afterSecond[1]?.id ?? '?'}: two new leads and the updated one, oldest change first`,
	);
	checks.equal(
		'07 updated lead is the new version',
		emitted[1]?.[2]?.jobTitle,
		firstUpdated.job_title,
	);
	checks.record(
		'07 no run without changes',
		runs.length === 2 && runs.every((run) => run.status === 'success'),
		`${runs.length} executions (${runs.map((run) => `${run.id} ${run.status}`).join(', ')}) after a third poll found nothing`,
	);
	checks.equal(
		'07 position advances',
		[secondPoll.query.updated_after, thirdPoll.query.updated_after],
		[expectedUpdatedAfter(first), expectedUpdatedAfter(firstUpdated)],
		'each poll requests changes after the newest lead that the previous poll emitted',
	);
	checks.record(
		'07 polls use the key',
		[firstPoll, secondPoll, thirdPoll].every(
			(poll) => poll.headers.authorization === `Bearer ${sandbox.keys.full}`,
		),
		'Authorization: Bearer <sandbox full key> on every poll',
	);

	return {
		facts: {
			polls: pollRequests(context, firstIndex).length,
			runs: describeEmittedLeads(emitted),
		},
		createdLeadIds: [first.id, second.id, third.id],
	};
}
