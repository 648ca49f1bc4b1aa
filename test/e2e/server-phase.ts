/**
 * The part of an end-to-end run that needs `n8n start`: the trigger workflows are activated
 * before the server starts, exercised while it runs, deactivated through the public API, which
 * makes n8n delete the webhook endpoint, and then the server is stopped.
 */
import { describeError } from './checks';
import { API_CREDENTIAL, EXAMPLE_IDS, WEBHOOK_SECRET_CREDENTIAL } from './fixtures';
import { N8nRestClient } from './n8n-rest';
import { runPollScenario, type PollFacts } from './poll-scenario';
import { requestsTo, type ScenarioContext } from './scenario-context';
import {
	checkAutomaticDeliveries,
	checkOverlappingDeliveries,
	runWebhookDeliveries,
	waitForRegistration,
	type TriggerFacts,
} from './trigger-scenario';
import { waitFor } from './wait';

const TRIGGER_WORKFLOWS = [EXAMPLE_IDS.webhookTrigger, EXAMPLE_IDS.pollTrigger];
const DEACTIVATION_TIMEOUT_MS = 15_000;

export interface ServerFacts {
	trigger?: TriggerFacts;
	poll?: PollFacts;
}

/** Runs the trigger scenarios. Always stops the server it started. */
export async function runServerPhase(context: ScenarioContext): Promise<ServerFacts> {
	const { cli, checks, log } = context;
	const facts: ServerFacts = {};

	for (const workflowId of TRIGGER_WORKFLOWS) {
		const activated = await checks.step(`activate ${workflowId}`, async () => {
			await cli.activateWorkflow(workflowId);
			return true;
		});
		if (!activated) return facts;
	}

	log(`starting n8n on ${cli.baseUrl}`);
	const started = await checks.step('n8n start', async () => {
		await cli.start();
		return true;
	});
	if (!started) return facts;

	try {
		const rest = new N8nRestClient(cli.baseUrl);
		const ready = await checks.step('owner and API key', async () => {
			await rest.setUpOwnerAndApiKey();
			return true;
		});
		if (!ready) return facts;

		await checkCredentialTypes(context, rest);
		await runTriggerScenarios(context, rest, facts);
		await deactivateTriggers(context, rest);
	} finally {
		log('stopping n8n');
		await cli.stop();
	}

	const left = context.sandbox.webhooks();
	checks.record(
		'no webhook left after stop',
		left.length === 0,
		left.length === 0
			? 'the sandbox lists no endpoint'
			: left.map((endpoint) => endpoint.url).join(', '),
	);
	return facts;
}

/** Checks that the server loaded both credential types of the package. */
async function checkCredentialTypes(context: ScenarioContext, rest: N8nRestClient): Promise<void> {
	await context.checks.step('credential types', async () => {
		const names = await rest.listCredentialTypeNames();
		const expected = [API_CREDENTIAL.type, WEBHOOK_SECRET_CREDENTIAL.type];
		const missing = expected.filter((name) => !names.includes(name));
		context.checks.record(
			'credential types',
			missing.length === 0,
			missing.length === 0
				? `${expected.join(' and ')} in /types/credentials.json`
				: `missing from /types/credentials.json: ${missing.join(', ')}`,
		);
	});
}

async function runTriggerScenarios(
	context: ScenarioContext,
	rest: N8nRestClient,
	facts: ServerFacts,
): Promise<void> {
	const { checks, log } = context;
	log('waiting for the trigger to register its production webhook in the sandbox');
	const endpoint = await waitForRegistration(context);
	if (endpoint !== undefined) {
		facts.trigger = await checks.step('06 deliveries', () =>
			runWebhookDeliveries(context, rest, endpoint),
		);
	}

	const runsBefore = (await rest.listExecutions(EXAMPLE_IDS.webhookTrigger)).length;
	log('running the polling scenario (polls every 10 s)');
	const poll = await checks.step('07 polling', () => runPollScenario(context, rest));
	if (poll !== undefined) {
		facts.poll = poll.facts;
		if (endpoint !== undefined) {
			await checks.step('06 automatic deliveries', () =>
				checkAutomaticDeliveries(context, rest, poll.createdLeadIds, runsBefore),
			);
		}
	}
	if (endpoint !== undefined) {
		log('sending overlapping deliveries, then retrying each one');
		await checks.step('06 overlapping deliveries', () =>
			checkOverlappingDeliveries(context, rest, endpoint),
		);
	}
}

/**
 * Deactivates the trigger workflows on the running server. For the webhook trigger, n8n calls
 * the node's `delete` hook, which must delete the endpoint in the sandbox.
 */
async function deactivateTriggers(context: ScenarioContext, rest: N8nRestClient): Promise<void> {
	const { checks, sandbox, log } = context;
	const deletesBefore = requestsTo(sandbox.requests, 'DELETE', '').length;
	for (const workflowId of TRIGGER_WORKFLOWS) {
		log(`deactivating ${workflowId}`);
		try {
			await rest.deactivateWorkflow(workflowId);
			const active = await rest.isWorkflowActive(workflowId);
			checks.record(`deactivate ${workflowId}`, !active, active ? 'still active' : 'inactive');
		} catch (error) {
			checks.record(`deactivate ${workflowId}`, false, describeError(error));
		}
	}

	const emptied = await waitFor(
		() => (sandbox.webhooks().length === 0 ? true : undefined),
		DEACTIVATION_TIMEOUT_MS,
	);
	const deletes = requestsTo(sandbox.requests, 'DELETE', '').slice(deletesBefore);
	checks.record(
		'06 webhook deleted on deactivation',
		emptied === true && deletes.some((entry) => entry.status === 204 || entry.status === 200),
		`${deletes.map((entry) => `DELETE ${entry.path} ${entry.status}`).join(', ') || 'no DELETE request'}; ${sandbox.webhooks().length} endpoints left`,
	);
}
