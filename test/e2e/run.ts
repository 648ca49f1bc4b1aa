/**
 * End-to-end runner: for each n8n version, installs the packed package into a real n8n and runs
 * the example workflows and the trigger scenarios against the sandbox (see version-run.ts).
 *
 * Usage: `npx ts-node --transpile-only test/e2e/run.ts [--tarball=<file>] [--keep] [version ...]`.
 * Without versions it runs every supported one (1.123.81 on Node 20, 2.41.1 on Node 24). Without
 * `--tarball` it builds and packs the package first. `--keep` keeps the n8n user folders, which a
 * failed run always keeps. Progress goes to stderr and the summary to stdout. The exit code is 1
 * when any check failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { CheckList, describeError, formatSummary } from './checks';
import { formatElapsed, resolveN8nVersion, SUPPORTED_N8N_VERSIONS } from './install-n8n';
import { buildAndPack } from './package-build';
import { runVersion } from './version-run';

function createLogger(label: string, started: number): (message: string) => void {
	return (message) => process.stderr.write(`[e2e ${label} ${formatElapsed(started)}] ${message}\n`);
}

async function main(argv: string[]): Promise<number> {
	const tarballOption = argv.find((arg) => arg.startsWith('--tarball='));
	const keepUserFolder = argv.includes('--keep');
	const unknown = argv.filter(
		(arg) => arg.startsWith('--') && arg !== '--keep' && !arg.startsWith('--tarball='),
	);
	if (unknown.length > 0) {
		throw new Error(
			`Unknown option ${unknown.join(', ')}. Use --tarball=<file>, --keep or versions.`,
		);
	}
	const requested = argv.filter((arg) => !arg.startsWith('--'));
	const versions = (requested.length > 0 ? requested : [...SUPPORTED_N8N_VERSIONS]).map(
		resolveN8nVersion,
	);

	const started = Date.now();
	const log = createLogger('build', started);
	let tarball = tarballOption === undefined ? undefined : resolve(tarballOption.slice(10));
	let packFolder: string | undefined;
	if (tarball === undefined) {
		packFolder = mkdtempSync(join(tmpdir(), 'prospectb2b-e2e-pack-'));
		log('building and packing the package (npm run build, npm pack)');
		tarball = await buildAndPack(packFolder);
		log(`packed ${tarball}`);
	}

	const lists: CheckList[] = [];
	const durations = new Map<CheckList, number>();
	try {
		for (const version of versions) {
			const versionStarted = Date.now();
			const { checks } = await runVersion(version, {
				tarball,
				keepUserFolder,
				log: createLogger(version, versionStarted),
			});
			lists.push(checks);
			durations.set(checks, Date.now() - versionStarted);
		}
	} finally {
		if (packFolder !== undefined) rmSync(packFolder, { recursive: true, force: true });
	}

	process.stdout.write(formatSummary(lists, durations));
	const failedVersions = lists.filter((list) => list.failed.length > 0);
	const verdict =
		failedVersions.length === 0
			? `end-to-end runs passed for n8n ${versions.join(', ')}`
			: `end-to-end runs FAILED for ${failedVersions.map((list) => list.title).join(', ')}`;
	process.stdout.write(`\n${verdict} in ${formatElapsed(started)}\n`);
	return failedVersions.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
	(exitCode) => {
		process.exitCode = exitCode;
	},
	(error: unknown) => {
		process.stderr.write(`end-to-end runner failed: ${describeError(error)}\n`);
		process.exitCode = 1;
	},
);
