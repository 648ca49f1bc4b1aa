/**
 * Smoke check of the end-to-end n8n installs: for each version, ensures the install, reuses it
 * once more to time the cached path, and runs `n8n export:nodes` in a fresh user folder.
 *
 * Usage: `npx ts-node --transpile-only test/e2e/smoke.ts [--package=<tarball>] [version ...]`.
 * With `--package`, the `npm pack` tarball is installed as a community package first, and the check
 * fails unless n8n loads at least one of its node types. Exits with code 1 when a step fails.
 */
import { rmSync } from 'node:fs';

import { ensureN8n, formatElapsed, SUPPORTED_N8N_VERSIONS } from './install-n8n';
import { createUserFolder, getFreePorts, N8nCli } from './n8n-cli';

interface SmokeReport {
	version: string;
	nodeBin: string;
	ensureFirstMs: number;
	ensureReuseMs: number;
	exportNodesMs: number;
	/** Entries in the export. A node type with several implementations (Airtable v1 and v2) has one per implementation. */
	exportEntryCount: number;
	nodeTypeCount: number;
	packageNodeTypes: string[];
}

async function smokeCheck(requestedVersion: string, packageTarball?: string): Promise<SmokeReport> {
	let started = Date.now();
	const install = await ensureN8n(requestedVersion);
	const ensureFirstMs = Date.now() - started;

	started = Date.now();
	await ensureN8n(requestedVersion);
	const ensureReuseMs = Date.now() - started;

	const userFolder = createUserFolder(`prospectb2b-smoke-${install.version}-`);
	try {
		const [port, brokerPort] = await getFreePorts(2);
		const cli = new N8nCli({ install, userFolder, port, brokerPort });

		let packageName: string | undefined;
		if (packageTarball) {
			packageName = (await cli.installPackageTarball(packageTarball)).name;
		}

		started = Date.now();
		const nodeTypes = await cli.exportNodes();
		const exportNodesMs = Date.now() - started;

		const packageNodeTypes = packageName
			? nodeTypes
					.map((nodeType) => nodeType.name)
					.filter((name) => name.startsWith(`${packageName}.`))
			: [];
		if (packageName && packageNodeTypes.length === 0) {
			throw new Error(
				`n8n ${install.version} loaded no node type of ${packageName}. ` +
					'Check the `n8n.nodes` paths in its package.json and that the tarball contains them.',
			);
		}

		return {
			version: install.version,
			nodeBin: install.nodeBin,
			ensureFirstMs,
			ensureReuseMs,
			exportNodesMs,
			exportEntryCount: nodeTypes.length,
			nodeTypeCount: new Set(nodeTypes.map((nodeType) => nodeType.name)).size,
			packageNodeTypes,
		};
	} finally {
		rmSync(userFolder, { recursive: true, force: true });
	}
}

async function main(argv: string[]): Promise<void> {
	const packageOption = argv.find((arg) => arg.startsWith('--package='));
	const packageTarball = packageOption?.slice('--package='.length);
	const requested = argv.filter((arg) => !arg.startsWith('--'));
	const versions = requested.length > 0 ? requested : [...SUPPORTED_N8N_VERSIONS];

	const started = Date.now();
	const checkedVersions: string[] = [];
	for (const version of versions) {
		const report = await smokeCheck(version, packageTarball);
		checkedVersions.push(report.version);
		const lines = [
			`n8n ${report.version} (${report.nodeBin})`,
			`  ensureN8n, first call: ${report.ensureFirstMs} ms`,
			`  ensureN8n, reuse:      ${report.ensureReuseMs} ms`,
			`  export:nodes:          ${report.exportNodesMs} ms, ${report.nodeTypeCount} node types ` +
				`(${report.exportEntryCount} entries, one per implementation)`,
		];
		if (packageTarball)
			lines.push(`  package node types:    ${report.packageNodeTypes.join(', ')}`);
		process.stdout.write(lines.join('\n') + '\n');
	}
	process.stdout.write(
		`smoke check passed for n8n ${checkedVersions.join(', ')} in ${formatElapsed(started)}\n`,
	);
}

main(process.argv.slice(2)).catch((error: unknown) => {
	process.stderr.write(
		`smoke check failed: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exitCode = 1;
});
