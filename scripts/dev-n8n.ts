/**
 * The n8n user folder of `npm run dev`: the package linked from the repository, and the sandbox
 * credential and example workflows imported.
 */
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

import type { Sandbox } from '../test/sandbox';
import { writeCredentialFiles, writeWorkflowFiles } from '../test/e2e/fixtures';
import type { N8nCli } from '../test/e2e/n8n-cli';
import { REPO_ROOT } from '../test/e2e/package-build';
import { PACKAGE_NODE_TYPES } from '../test/e2e/version-run';

export const PACKAGE_NAME = 'n8n-nodes-prospectb2b';

/**
 * Node.js option for the n8n processes of `npm run dev`. The package folder links to the
 * repository's `dist/`, and without this option Node.js resolves `n8n-workflow` from the real path
 * of those files, which is the repository's own copy. A second copy breaks n8n's `instanceof`
 * checks: with n8n 2.41.1, a NodeApiError from the node was wrapped again and lost its HTTP code.
 * Keeping the link path makes the package use n8n's copy, as an installed package does.
 */
export const DEV_NODE_OPTIONS = '--preserve-symlinks';

/**
 * Makes `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-prospectb2b` a folder whose
 * `package.json` and `dist` link to the repository, so that n8n loads the package under its own
 * name (`n8n-nodes-prospectb2b.<node>`), as for a user's install. `N8N_CUSTOM_EXTENSIONS` would
 * name the types `CUSTOM.<node>` instead, and the examples would not find them.
 */
export function linkPackage(userFolder: string): string {
	const packageFolder = join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	if (existsSync(packageFolder) || isDanglingLink(packageFolder)) {
		rmSync(packageFolder, { recursive: true, force: true });
	}
	mkdirSync(packageFolder, { recursive: true });
	symlinkSync(join(REPO_ROOT, 'package.json'), join(packageFolder, 'package.json'));
	symlinkSync(join(REPO_ROOT, 'dist'), join(packageFolder, 'dist'));
	return packageFolder;
}

function isDanglingLink(path: string): boolean {
	try {
		return lstatSync(path).isSymbolicLink();
	} catch {
		return false;
	}
}

/** Throws unless `n8n export:nodes` lists every node type of the package. */
export async function assertPackageLoaded(cli: N8nCli): Promise<void> {
	const loaded = new Set((await cli.exportNodes()).map((nodeType) => nodeType.name));
	const missing = PACKAGE_NODE_TYPES.filter((name) => !loaded.has(name));
	if (missing.length > 0) {
		throw new Error(
			`n8n did not load ${missing.join(', ')} from ${join(REPO_ROOT, 'dist')}. ` +
				'Check the `n8n` block of package.json and the output of `npm run build`.',
		);
	}
}

/**
 * Imports the sandbox credentials on every start, so that they point at this sandbox, and the
 * example workflows only into a new user folder, so that edits made in the editor survive a
 * restart. Returns the IDs of the workflows imported now.
 */
export async function importFixtures(
	cli: N8nCli,
	sandbox: Sandbox,
	options: { workflows: boolean },
): Promise<string[]> {
	const importFolder = join(cli.userFolder, 'import');
	rmSync(importFolder, { recursive: true, force: true });

	const credentialsFolder = join(importFolder, 'credentials');
	writeCredentialFiles(credentialsFolder, { apiKey: sandbox.keys.full, baseUrl: sandbox.url });
	await cli.importCredentials(credentialsFolder);
	if (!options.workflows) return [];

	const workflowsFolder = join(importFolder, 'workflows');
	const workflowIds = writeWorkflowFiles(workflowsFolder);
	await cli.importWorkflows(workflowsFolder);
	return workflowIds;
}
