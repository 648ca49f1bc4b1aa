/**
 * Lead > Create where the sandbox applies each write and then drops the connection, so the
 * node never receives the response and must retry. Retries must carry the first Idempotency-Key, so
 * the sandbox replays the first result instead of creating a second lead.
 */
import type { Sandbox } from '../sandbox';
import { runProspect } from '../engine/run-prospect';
import type { Report } from './report';
import type { SecretScan } from './secrets';

const CASE_NAME = 'Lead > Create, dropped after apply';

interface Round {
	items: number;
	/** Attempts per item that are applied and then dropped. The next attempt gets the response. */
	dropsPerItem: number;
}

/** Three drops per item need three retries, the node's default Max Retries. */
const ROUNDS: Round[] = [
	{ items: 500, dropsPerItem: 1 },
	{ items: 200, dropsPerItem: 3 },
];

function readEmail(body: unknown): string | undefined {
	const email = (body as { email?: unknown } | undefined)?.email;
	return typeof email === 'string' ? email : undefined;
}

async function runRound(sandbox: Sandbox, report: Report, scan: SecretScan, round: Round) {
	const label = `${CASE_NAME}, ${round.dropsPerItem} drop(s) per item, ${round.items} items`;
	sandbox.reset();
	sandbox.setRateLimit(null);
	sandbox.failNext(round.items * round.dropsPerItem, 'drop_after_apply', {
		method: 'POST',
		path: '/leads',
	});
	const items = Array.from({ length: round.items }, (_, index) => ({
		fullName: `Campaign Lead ${index}`,
		email: `campaign-lead-${index}@faults.example`,
	}));

	const result = await runProspect(
		sandbox,
		{
			resource: 'lead',
			operation: 'create',
			fullName: '={{ $json.fullName }}',
			email: '={{ $json.email }}',
		},
		{ items },
	);
	scan.scan(`${label}: output`, result.output);
	scan.scan(`${label}: error`, result.error ?? '');
	scan.scan(`${label}: logs`, result.logs.join('\n'));

	const leads = sandbox.leads();
	const emails = leads.map((lead) => lead.email);
	const duplicates = emails.length - new Set(emails).size;
	const posts = sandbox.requests.filter(
		(entry) => entry.method === 'POST' && entry.path.endsWith('/leads'),
	);

	const attemptsByEmail = new Map<string, typeof posts>();
	for (const post of posts) {
		const email = readEmail(post.body) ?? 'unknown';
		attemptsByEmail.set(email, [...(attemptsByEmail.get(email) ?? []), post]);
	}
	let retries = 0;
	let retriesWithOtherKey = 0;
	for (const attempts of attemptsByEmail.values()) {
		const firstKey = attempts[0].idempotencyKey;
		for (const retry of attempts.slice(1)) {
			retries++;
			if (retry.idempotencyKey === null || retry.idempotencyKey !== firstKey) {
				retriesWithOtherKey++;
			}
		}
	}
	const firstKeys = new Set(
		[...attemptsByEmail.values()].map((attempts) => attempts[0].idempotencyKey),
	);
	const outputIds = new Set(result.output.map((item) => item.json.id));
	const leadIds = new Set(leads.map((lead) => lead.id));
	const failed = result.error
		? round.items
		: result.output.filter((item) => item.error !== undefined).length;
	const mismatchedOutput = [...outputIds].filter((id) => !leadIds.has(String(id))).length;

	report.info(label, 'requests (first attempts + retries)', `${posts.length} (${retries} retries)`);
	report.check(
		label,
		'leads in the sandbox',
		leads.length,
		`${round.items}`,
		leads.length === round.items,
	);
	report.check(label, 'duplicate leads', duplicates, '0', duplicates === 0);
	report.check(label, 'items failed', failed, '0', failed === 0);
	report.check(
		label,
		'retries without the first key',
		retriesWithOtherKey,
		'0',
		retriesWithOtherKey === 0,
	);
	report.check(
		label,
		'items sharing a key',
		round.items - firstKeys.size,
		'0',
		firstKeys.size === round.items,
	);
	report.check(
		label,
		'output ids not in the sandbox',
		mismatchedOutput,
		'0',
		mismatchedOutput === 0,
	);
}

export async function runCreateDropCase(
	sandbox: Sandbox,
	report: Report,
	scan: SecretScan,
): Promise<void> {
	for (const round of ROUNDS) await runRound(sandbox, report, scan, round);
}
