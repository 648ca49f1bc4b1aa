/** Builds this package and packs it with `npm pack`, as a release would. */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { endGroup, spawnInGroup, waitForExit, waitForStreamsClosed } from './process-group';

/** The repository root: the folder of this package's package.json. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Runs an npm script or command in the repository and returns its stdout. Throws on failure. */
export async function runRepoNpm(args: string[]): Promise<string> {
	const child = spawnInGroup('npm', args, {
		cwd: REPO_ROOT,
		env: process.env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	let stdout = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
		output += chunk.toString();
	});
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	try {
		const { exitCode } = await waitForExit(child);
		endGroup(child.pid);
		await waitForStreamsClosed(child);
		if (exitCode !== 0) {
			const tail = output.trimEnd().split('\n').slice(-30).join('\n');
			throw new Error(`npm ${args.join(' ')} failed with exit code ${exitCode}:\n${tail}`);
		}
		return stdout;
	} finally {
		endGroup(child.pid);
	}
}

/**
 * Builds the package (`npm run build`) and packs it into `destination`. Returns the tarball path.
 * NOTE: `dist/` is not emptied first, because other commands may be using it. A file whose source
 * was deleted stays in the tarball until `npm run clean`; a fresh clone has no such file.
 */
export async function buildAndPack(destination: string): Promise<string> {
	mkdirSync(destination, { recursive: true });
	await runRepoNpm(['run', 'build']);
	const stdout = await runRepoNpm([
		'pack',
		'--pack-destination',
		destination,
		'--loglevel=warn',
		'--json',
	]);

	// `npm pack --json` prints an array with one entry per packed package.
	const packed = JSON.parse(stdout) as Array<{ filename: string }>;
	const tarball = join(destination, packed[0].filename);
	if (!existsSync(tarball)) {
		throw new Error(`npm pack reported ${packed[0].filename}, but ${tarball} does not exist.`);
	}
	return tarball;
}
