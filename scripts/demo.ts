/**
 * `npm run demo`: builds and packs the package, installs it into a real n8n the way n8n installs
 * community packages, runs the example workflows against the local sandbox (seeded with sample
 * leads), and prints a short report of what each example did.
 *
 * With `PROSPECTB2B_API_KEY` set it runs only the read-only examples against that API instead
 * (see demo-live.ts). `PROSPECTB2B_BASE_URL` changes the API base URL, and
 * `PROSPECTB2B_N8N_VERSION` forces an n8n version (see n8n-choice.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describeError } from '../test/e2e/checks';
import { formatElapsed } from '../test/e2e/install-n8n';
import { buildAndPack, REPO_ROOT } from '../test/e2e/package-build';
import { runVersion } from '../test/e2e/version-run';
import { formatDemoReport } from './demo-report';
import { runLiveDemo } from './demo-live';
import { ensureChosenN8n } from './n8n-choice';

const started = Date.now();

function readPackageLabel(): string {
	const manifestPath = join(REPO_ROOT, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
		name: string;
		version: string;
	};
	return `${manifest.name}@${manifest.version}`;
}

function log(message: string): void {
	process.stderr.write(`[demo ${formatElapsed(started)}] ${message}\n`);
}

async function runSandboxDemo(): Promise<number> {
	const install = await ensureChosenN8n(log);
	const packFolder = mkdtempSync(join(tmpdir(), 'prospectb2b-demo-pack-'));
	try {
		log('building and packing the package (npm run build, npm pack)');
		const tarball = await buildAndPack(packFolder);
		log(`running the examples in n8n ${install.version} against the sandbox (about 2 minutes)`);
		const { checks, facts } = await runVersion(install.version, {
			tarball,
			log,
			// The report lists failed checks, so passing ones are not printed as they happen.
			checkLog: (line) => {
				if (line.startsWith('FAIL')) log(line);
			},
		});
		process.stdout.write(formatDemoReport(facts, checks, readPackageLabel()));
		process.stdout.write(`\nDone in ${formatElapsed(started)}.\n`);
		return checks.failed.length === 0 ? 0 : 1;
	} finally {
		rmSync(packFolder, { recursive: true, force: true });
	}
}

async function main(): Promise<number> {
	const apiKey = process.env.PROSPECTB2B_API_KEY;
	if (apiKey !== undefined && apiKey.trim() !== '') return await runLiveDemo(apiKey.trim(), log);
	return await runSandboxDemo();
}

main().then(
	(exitCode) => {
		process.exitCode = exitCode;
	},
	(error: unknown) => {
		process.stderr.write(`demo failed: ${describeError(error)}\n`);
		process.exitCode = 1;
	},
);
