/**
 * The fault campaign: prints one figure per case with its target and exits with code 1 when a
 * target is missed. Choices are random from one seed, printed first, so a run can be repeated.
 *
 *   npm run test:faults [-- --seed=N]     or     FAULTS_SEED=N npm run test:faults
 */
import './env';

import { startSandbox } from '../sandbox';
import { runActivationCyclesCase } from './activation-cycles';
import { runCreateDropCase } from './create-drop';
import { runDeliveryForgeryCase } from './delivery-forgery';
import { runGetManyFaultsCase, type RequestListener } from './get-many-faults';
import { Prng, readSeed } from './prng';
import { formatFigure, Report } from './report';
import { SecretScan } from './secrets';

const SECRET_SCAN_CASE = 'Secret scan';

async function runCase(report: Report, name: string, run: () => Promise<void>): Promise<void> {
	const started = Date.now();
	try {
		await run();
	} catch (error) {
		const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
		report.check(name, `failed with an exception: ${message}`, 1, '0', false);
	}
	report.info(name, 'duration', `${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<number> {
	const seed = readSeed(process.argv.slice(2), process.env);
	process.stdout.write(`Fault campaign with seed ${seed}. Repeat it with FAULTS_SEED=${seed}.\n`);
	const prng = new Prng(seed);
	const getManyPrng = prng.fork();
	const deliveryPrng = prng.fork();
	const cyclePrng = prng.fork();

	let listener: RequestListener;
	const sandbox = await startSandbox({ onRequest: (entry) => listener?.(entry) });
	const report = new Report();
	const scan = new SecretScan();
	for (const [name, key] of Object.entries(sandbox.keys)) scan.addSecret(`API key ${name}`, key);

	const started = Date.now();
	try {
		await runCase(report, 'Lead > Create, dropped after apply', () =>
			runCreateDropCase(sandbox, report, scan),
		);
		await runCase(report, 'Lead > Get Many, 5% of pages failing', () =>
			runGetManyFaultsCase(sandbox, (next) => (listener = next), report, scan, getManyPrng),
		);
		await runCase(report, 'Trigger deliveries, random tampering', () =>
			runDeliveryForgeryCase(sandbox, report, scan, deliveryPrng),
		);
		await runCase(report, 'Trigger activation cycles in a real n8n', () =>
			runActivationCyclesCase(sandbox, report, scan, cyclePrng),
		);
	} finally {
		await sandbox.close();
	}

	report.info(
		SECRET_SCAN_CASE,
		'texts scanned',
		`${scan.textsScanned} (${(scan.charactersScanned / 1e6).toFixed(1)} million characters)`,
	);
	report.check(
		SECRET_SCAN_CASE,
		'secret occurrences',
		scan.occurrences,
		'0',
		scan.occurrences === 0,
	);
	for (const hit of scan.hits) {
		report.info(SECRET_SCAN_CASE, `  ${hit.label} in ${hit.source}`, hit.count);
	}

	const missed = report.missed();
	process.stdout.write(
		`\nFault campaign finished in ${((Date.now() - started) / 1000).toFixed(0)} s with seed ${seed}: ` +
			`${missed.length === 0 ? 'every target met' : `${missed.length} target(s) missed`}.\n`,
	);
	for (const figure of missed) process.stdout.write(`  ${formatFigure(figure)}\n`);
	return missed.length === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(
			`The fault campaign failed: ${error instanceof Error ? error.stack : String(error)}\n`,
		);
		process.exit(1);
	},
);
