/**
 * The benchmarks, in one run against one sandbox on loopback, so every ratio is taken on the same
 * machine at the same time. Prints each figure with its target, and a summary. The sandbox runs
 * in this process, and each measured client in a process of its own.
 *
 *   npm run bench                     BENCH_N8N_VERSION=1.123.81 npm run bench
 */
import './env';

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { readSeed } from '../test/faults/prng';
import { formatFigure, Report } from '../test/faults/report';
import { startSandbox, type Sandbox } from '../test/sandbox';
import { BATCHING, DEFAULTS, MORE_RETRIES, runBulkCreate } from './bulk-create';
import { EXPORT_WAIT_CASES, runExportWait } from './export-wait';
import { describeLoad, describeMachine } from './machine';
import { packPackage } from './pack';
import { N8N_VERSION, prepareN8n, type RealN8n } from './real-n8n';
import { runSyncBenchmarks } from './sync';
import { runTriggerLoad } from './trigger-load';

const RESULTS_FILE = resolve(__dirname, '..', 'artifacts', 'bench-results.json');

async function section(report: Report, name: string, run: () => Promise<void>): Promise<void> {
	const started = Date.now();
	report.info(name, 'load average at the start (1 / 5 / 15 min)', describeLoad());
	try {
		await run();
	} catch (error) {
		const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
		report.check(name, `failed: ${message}`, 1, '0', false);
	}
	report.info(name, 'section duration', `${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Prepares the real n8n, or returns why it is not available. */
async function openN8n(sandbox: Sandbox, workFolder: string): Promise<RealN8n | string> {
	try {
		const tarball = packPackage(workFolder);
		return await prepareN8n(tarball, { apiKey: sandbox.keys.full, baseUrl: sandbox.url });
	} catch (error) {
		return `n8n ${N8N_VERSION} could not be prepared: ${error instanceof Error ? error.message : String(error)}`;
	}
}

async function main(): Promise<number> {
	const started = Date.now();
	const seed = readSeed(process.argv.slice(2), process.env);
	for (const line of describeMachine()) process.stdout.write(`${line}\n`);
	process.stdout.write(`Seed ${seed}; real n8n ${N8N_VERSION}\n\n`);

	const report = new Report();
	const sandbox = await startSandbox({ rateLimitPerMinute: null });
	const workFolder = mkdtempSync(join(tmpdir(), 'prospectb2b-bench-pack-'));
	const n8n = await openN8n(sandbox, workFolder);
	try {
		await section(report, 'Full sync', async () => {
			await runSyncBenchmarks(sandbox, n8n, report);
		});
		await section(report, 'Bulk create', async () => {
			const defaults = await runBulkCreate(sandbox, DEFAULTS, report);
			await runBulkCreate(sandbox, BATCHING, report);
			// Max Retries is measured only when the defaults fail, because each run takes minutes.
			if (defaults.failed > 0) await runBulkCreate(sandbox, MORE_RETRIES, report);
		});
		await section(report, 'Export wait', async () => {
			for (const testCase of EXPORT_WAIT_CASES) await runExportWait(sandbox, testCase, report);
		});
		await section(report, 'Trigger', async () => {
			if (typeof n8n === 'string') {
				report.notMeasured(
					'Trigger in a real n8n',
					'executions',
					n8n,
					'exactly 1,000 and 0 forged',
				);
			} else {
				await runTriggerLoad(sandbox, n8n, seed, report);
			}
		});
	} finally {
		if (typeof n8n !== 'string') {
			await n8n.cli.stop();
			n8n.remove();
		}
		rmSync(workFolder, { recursive: true, force: true });
		await sandbox.close();
	}

	const seconds = (Date.now() - started) / 1000;
	mkdirSync(resolve(RESULTS_FILE, '..'), { recursive: true });
	writeFileSync(RESULTS_FILE, JSON.stringify({ seed, seconds, figures: report.figures }, null, 2));
	const missed = report.missed();
	process.stdout.write(
		`\nBenchmarks finished in ${seconds.toFixed(0)} s; figures written to ${RESULTS_FILE}. ` +
			`${missed.length === 0 ? 'Every measured target met.' : `${missed.length} target(s) missed:`}\n`,
	);
	for (const figure of missed) process.stdout.write(`  ${formatFigure(figure)}\n`);
	// Missed targets are reported, not turned into a failure: the figures are the result.
	return 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(
			`The benchmarks failed: ${error instanceof Error ? error.stack : String(error)}\n`,
		);
		process.exit(1);
	},
);
