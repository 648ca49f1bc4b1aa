/**
 * Runs the ProspectB2B sandbox as a standalone server on 127.0.0.1 until Ctrl-C.
 *
 *   npx ts-node --transpile-only test/sandbox/cli.ts [--port 4010] [--seed N] [--rate-limit N]
 */
import { parseArgs } from 'node:util';

import { CONTROL_PATH, startSandbox, type RequestLogEntry } from './index';

const USAGE = `Usage: cli.ts [options]

  --port N          Port on 127.0.0.1 (default 4010, 0 for any free port)
  --seed N          Number of leads to create at start (default 0)
  --rate-limit N    Requests per minute per API key, or "off" (default 1200)
  --help            Show this help`;

const KEY_PURPOSES: Record<string, string> = {
	full: 'every scope, writes allowed',
	readOnly: 'read scopes only, read_only: true (every write gets 403 read_only_key)',
	noLeadsWrite: 'every scope except leads.write (lead writes get 403 insufficient_scope)',
	revoked: 'revoked (every request gets 401)',
};

function parseCount(name: string, value: string | undefined, fallback: number): number {
	if (value === undefined) {
		return fallback;
	}

	const count = Number(value);
	if (!/^\d+$/.test(value) || !Number.isSafeInteger(count)) {
		throw new Error(`Invalid --${name} ${JSON.stringify(value)}: expected a whole number.`);
	}
	return count;
}

function formatEntry(entry: RequestLogEntry): string {
	const replayed = entry.replayed ? ' (replayed)' : '';
	return `${entry.timestamp} ${entry.method} ${entry.path} -> ${entry.status}${replayed} ${entry.requestId}`;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			seed: { type: 'string' },
			'rate-limit': { type: 'string' },
			help: { type: 'boolean' },
		},
	});

	if (values.help) {
		console.log(USAGE);
		return;
	}

	const port = parseCount('port', values.port, 4010);
	const seedCount = parseCount('seed', values.seed, 0);
	const rateLimitText = values['rate-limit'];
	const rateLimitPerMinute =
		rateLimitText === 'off' ? null : parseCount('rate-limit', rateLimitText, 1200);

	const sandbox = await startSandbox({
		port,
		rateLimitPerMinute,
		onRequest: (entry) => {
			console.log(formatEntry(entry));
			if (entry.internalError) {
				console.error(entry.internalError);
			}
		},
	});
	const seeded = sandbox.seedLeads(seedCount);

	const stop = (signal: string) => {
		console.log(`Received ${signal}, stopping the sandbox.`);
		sandbox.close().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error('Failed to stop the sandbox:', error);
				process.exit(1);
			},
		);
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));

	console.log(`ProspectB2B sandbox listening at ${sandbox.url}`);
	console.log(`Control routes: ${sandbox.origin}${CONTROL_PATH}/ (no API key needed)`);
	console.log(
		`Rate limit: ${rateLimitPerMinute === null ? 'off' : `${rateLimitPerMinute} per minute per key`}`,
	);
	console.log(`Seeded leads: ${seeded.length}`);
	console.log('API keys (send as "Authorization: Bearer <key>"):');
	for (const [name, key] of Object.entries(sandbox.keys)) {
		console.log(`  ${name.padEnd(13)} ${key}  ${KEY_PURPOSES[name] ?? ''}`);
	}
	console.log('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	console.error(USAGE);
	process.exit(1);
});
