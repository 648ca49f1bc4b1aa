/**
 * Profiles the full sync's clients against replayed pages, where the server costs almost
 * nothing: (a) the fetch loop and (b) Get Many in-process, each under the V8 CPU profiler. Prints
 * where each spends its CPU time. Profiled times are slower than the benchmark's.
 *
 *   npx ts-node --transpile-only --prefer-ts-exts bench/profile-sync.ts
 */
import './env';

import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSandbox } from '../test/sandbox';
import { runChild } from './child';
import { summarizeProfile } from './profile-summary';
import { startReplayServer } from './replay-server';
import { LEAD_COUNT } from './sync';

async function main(): Promise<void> {
	const sandbox = await startSandbox({ rateLimitPerMinute: null });
	sandbox.seedLeads(LEAD_COUNT);
	const replay = await startReplayServer(sandbox.leads(), sandbox.keys.full);
	const folder = mkdtempSync(join(tmpdir(), 'prospectb2b-profiles-'));
	process.env.BENCH_CPU_PROFILE_DIR = folder;
	try {
		for (const script of ['sync-fetch.ts', 'sync-engine.ts']) {
			const connectionsBefore = replay.connections;
			const env = { BENCH_API_URL: replay.url, BENCH_API_KEY: sandbox.keys.full };
			const measurement = await runChild(script, env);
			process.stdout.write(
				`${script}: ${measurement.wallMs.toFixed(0)} ms under the profiler, ` +
					`${replay.connections - connectionsBefore} TCP connections\n`,
			);
		}
		for (const file of readdirSync(folder)) summarizeProfile(join(folder, file), 15);
		process.stdout.write(`Profiles: ${folder}\n`);
	} finally {
		await replay.close();
		await sandbox.close();
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(
			`Profiling failed: ${error instanceof Error ? error.stack : String(error)}\n`,
		);
		process.exit(1);
	},
);
