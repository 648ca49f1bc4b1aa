/**
 * The benchmarks, in one run against one sandbox on loopback, so every ratio is taken on the same
 * machine at the same time. Prints each figure with its target, and a summary. The sandbox runs
 * in this process, and each measured client in a process of its own.
 *
 *   npm run bench                     BENCH_N8N_VERSION=1.123.81 npm run bench
 *   npm run bench -- --only=sync      npm run bench -- --only=bulk-create,export-wait --seed=N
 *
 * `--only` runs the named sections alone (sync, bulk-create, export-wait, trigger) and prepares the
 * real n8n only when sync or trigger is among them.
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

/** Section names that `--only` accepts, in run order. */
const SECTION_NAMES = ['sync', 'bulk-create', 'export-wait', 'trigger'] as const;
type SectionName = (typeof SECTION_NAMES)[number];
/** Sections that need the real n8n. */
const N8N_SECTIONS: readonly SectionName[] = ['sync', 'trigger'];

/** Reads `--only=name[,name...]`, or selects every section when the option is absent. */
function readSections(argv: string[]): Set<SectionName> {
	const option = argv.find((arg) => arg.startsWith('--only='));
	if (option === undefined) return new Set(SECTION_NAMES);
	const names = option
		.slice('--only='.length)
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
	const known: readonly string[] = SECTION_NAMES;
	const unknown = names.filter((name) => !known.includes(name));
	if (names.length === 0 || unknown.length > 0) {
		throw new Error(
			`Invalid option ${option}: expected one or more of ${SECTION_NAMES.join(', ')}, ` +
				'separated by commas.',
		);
	}
	return new Set(names as SectionName[]);
}

/** Runs one section unless `--only` left it out, and reports a crash as a missed target. */
async function section(
	report: Report,
	sections: Set<SectionName>,
	key: SectionName,
	name: string,
	run: () => Promise<void>,
): Promise<void> {
	if (!sections.has(key)) return;
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
	const argv = process.argv.slice(2);
	const seed = readSeed(argv, process.env);
	const sections = readSections(argv);
	for (const line of describeMachine()) process.stdout.write(`${line}\n`);
	process.stdout.write(
		`Seed ${seed}; real n8n ${N8N_VERSION}; sections ${[...sections].join(', ')}\n\n`,
	);

	const report = new Report();
	const sandbox = await startSandbox({ rateLimitPerMinute: null });
	const workFolder = mkdtempSync(join(tmpdir(), 'prospectb2b-bench-pack-'));
	const needsN8n = N8N_SECTIONS.some((name) => sections.has(name));
	const n8n = needsN8n
		? await openN8n(sandbox, workFolder)
		: 'not prepared: no selected section needs it';
	try {
		await section(report, sections, 'sync', 'Full sync', async () => {
			await runSyncBenchmarks(sandbox, n8n, report);
		});
		await section(report, sections, 'bulk-create', 'Bulk create', async () => {
			const defaults = await runBulkCreate(sandbox, DEFAULTS, report);
			await runBulkCreate(sandbox, BATCHING, report);
			// Max Retries is measured only when the defaults fail, because each run takes minutes.
			if (defaults.failed > 0) await runBulkCreate(sandbox, MORE_RETRIES, report);
		});
		await section(report, sections, 'export-wait', 'Export wait', async () => {
			for (const testCase of EXPORT_WAIT_CASES) await runExportWait(sandbox, testCase, report);
		});
		await section(report, sections, 'trigger', 'Trigger', async () => {
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
	const results = { seed, sections: [...sections], seconds, figures: report.figures };
	writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2));
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
