/** The short report that `npm run demo` prints after running the examples on the sandbox. */
import type { CheckList } from '../test/e2e/checks';
import type { RunFacts } from '../test/e2e/version-run';

const NOT_SHOWN = '(did not finish, see the failed checks below)';

function formatBytes(bytes: number): string {
	return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function keyLine(facts: RunFacts): string {
	const { key } = facts;
	if (key === undefined) return NOT_SHOWN;
	return `"${key.keyName}" in workspace "${key.workspace}", ${key.scopes.length} scopes: ${key.scopes.join(', ')}`;
}

function leadLine(facts: RunFacts): string {
	const { lead } = facts;
	if (lead === undefined) return NOT_SHOWN;
	const replay = lead.replayed
		? `the second create with the same key was a replay and returned ${lead.replayLeadId} again`
		: `the second create was NOT a replay (returned ${lead.replayLeadId})`;
	return (
		`created ${lead.leadId} (${lead.fullName}) with Idempotency-Key ${lead.idempotencyKey}; ` +
		`${replay}; the sandbox stores ${lead.leadsWithEmail} lead with that email`
	);
}

function syncLine(facts: RunFacts): string {
	const { sync } = facts;
	if (sync === undefined) return NOT_SHOWN;
	const pages = sync.pages === 1 ? '1 page' : `${sync.pages} pages`;
	return `${sync.leads} leads updated after ${sync.updatedAfter}, read in ${pages} with Return All`;
}

function webhookLine(facts: RunFacts): string {
	const { webhook } = facts;
	if (webhook === undefined) return NOT_SHOWN;
	return (
		`created ${webhook.id} for ${webhook.events.join(' and ')} at ${webhook.url} ` +
		`(Idempotency-Key ${webhook.idempotencyKey}, signing secret in the response); ` +
		`Get Many listed ${webhook.listedCount} endpoint(s)`
	);
}

function exportLine(facts: RunFacts): string {
	const exported = facts.export;
	if (exported === undefined) return NOT_SHOWN;
	return (
		`${exported.id} was ready after ${exported.probes} probes; downloaded ${exported.fileName} ` +
		`(${formatBytes(exported.bytes)}, ${exported.rows} rows) without sending the API key`
	);
}

function triggerLine(facts: RunFacts): string {
	const { trigger } = facts;
	if (trigger === undefined) return NOT_SHOWN;
	const { valid, repeat, ...rejected } = trigger.responses;
	const rejectedText = Object.entries(rejected)
		.map(([label, status]) => `${label} ${status ?? 'no answer'}`)
		.join(', ');
	return (
		`registered ${trigger.webhookUrl} as ${trigger.endpointId}; a signed lead.created delivery ` +
		`(HTTP ${valid}) started one run for "${trigger.leadName}"; the same delivery again got ` +
		`HTTP ${repeat}; rejected: ${rejectedText}`
	);
}

function pollLine(facts: RunFacts): string {
	const { poll } = facts;
	if (poll === undefined) return NOT_SHOWN;
	const runs = poll.runs.map((names, index) => `run ${index + 1}: ${names.join(', ')}`);
	return `${poll.polls} polls every 10 s while leads were created and updated; ${runs.join('; ')}`;
}

/** Formats the report: one line per example, then the check totals and any failed check. */
export function formatDemoReport(facts: RunFacts, checks: CheckList, packageName: string): string {
	const rows: Array<[string, string]> = [
		['API key (01)', keyLine(facts)],
		['Lead (02)', leadLine(facts)],
		['Sync (03)', syncLine(facts)],
		['Webhook (04)', webhookLine(facts)],
		['Export (05)', exportLine(facts)],
		['Trigger (06)', triggerLine(facts)],
		['Polling (07)', pollLine(facts)],
	];
	const passed = checks.results.length - checks.failed.length;
	const lines = [
		'',
		`ProspectB2B demo: ${packageName} in n8n ${facts.n8nVersion} (Node.js ${facts.nodeVersion}), ` +
			'against the local sandbox',
		'',
		...rows.map(([label, text]) => `  ${label.padEnd(14)} ${text}`),
		'',
		`  Checks         ${passed} of ${checks.results.length} passed`,
		...checks.failed.map((failure) => `    FAILED ${failure.name}: ${failure.detail}`),
	];
	return lines.join('\n') + '\n';
}
