/**
 * `npm run demo` with `PROSPECTB2B_API_KEY` set: runs only the read-only examples against a real
 * ProspectB2B API in a real n8n. Example 01 reads the key's scopes with Account > Get, and a copy
 * of example 03 with Return All off and a Limit reads the first leads updated after its date.
 * Nothing is created, changed or deleted in the account.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ProspectB2BApi } from '../credentials/ProspectB2BApi.credentials';
import { describeError } from '../test/e2e/checks';
import {
	EXAMPLE_IDS,
	findNode,
	readExample,
	readSyncUpdatedAfter,
	writeCredentialFiles,
} from '../test/e2e/fixtures';
import { createUserFolder, getFreePorts, N8nCli } from '../test/e2e/n8n-cli';
import { buildAndPack } from '../test/e2e/package-build';
import { cliRunData, cliRunStatus, nodeItems, runErrorMessage } from '../test/e2e/run-data';
import { PACKAGE_NODE_TYPES } from '../test/e2e/version-run';
import { ensureChosenN8n } from './n8n-choice';

/** Leads that the read-only sync example reads at most. */
const LIVE_SYNC_LIMIT = 10;

/** Returns the credential's default base URL, the production API. */
function defaultBaseUrl(): string {
	const property = new ProspectB2BApi().properties.find((field) => field.name === 'baseUrl');
	return String(property?.default);
}

/** Writes example 01 and a Limit copy of example 03 for import. */
function writeReadOnlyWorkflows(folder: string): void {
	mkdirSync(folder, { recursive: true });
	const verifyKey = readExample(EXAMPLE_IDS.verifyKey);
	writeFileSync(join(folder, `${verifyKey.id}.json`), JSON.stringify(verifyKey, null, '\t'));

	const sync = readExample(EXAMPLE_IDS.incrementalSync);
	const listNode = findNode(sync, 'prospectB2B');
	listNode.parameters.returnAll = false;
	listNode.parameters.limit = LIVE_SYNC_LIMIT;
	writeFileSync(join(folder, `${sync.id}.json`), JSON.stringify(sync, null, '\t'));
}

/** Runs one imported workflow and returns its run data, or throws with n8n's error. */
async function executeOrThrow(cli: N8nCli, workflowId: string): Promise<unknown> {
	const result = await cli.execute(workflowId);
	const runData = cliRunData(result.output);
	if (result.exitCode !== 0 || cliRunStatus(result.output) !== 'success') {
		const reason =
			runErrorMessage(runData) ?? result.stderr.trim().split('\n').slice(-5).join(' | ');
		throw new Error(`Workflow ${workflowId} failed: ${reason}`);
	}
	return runData;
}

/** Runs the read-only examples against the API. Returns the process exit code. */
export async function runLiveDemo(apiKey: string, log: (message: string) => void): Promise<number> {
	const baseUrl = (process.env.PROSPECTB2B_BASE_URL || defaultBaseUrl()).replace(/\/+$/, '');
	log(`live mode: read-only examples against ${baseUrl}, key ${apiKey.slice(0, 10)}...`);

	const install = await ensureChosenN8n(log);
	const packFolder = mkdtempSync(join(tmpdir(), 'prospectb2b-demo-pack-'));
	const userFolder = createUserFolder('prospectb2b-demo-live-');
	try {
		log('building and packing the package');
		const tarball = await buildAndPack(packFolder);
		const [port, brokerPort] = await getFreePorts(2);
		const cli = new N8nCli({ install, userFolder, port, brokerPort });
		const installed = await cli.installPackageTarball(tarball);
		const loaded = new Set((await cli.exportNodes()).map((nodeType) => nodeType.name));
		const missing = PACKAGE_NODE_TYPES.filter((name) => !loaded.has(name));
		if (missing.length > 0) throw new Error(`n8n did not load ${missing.join(', ')}.`);

		writeCredentialFiles(
			join(userFolder, 'import', 'credentials'),
			{ apiKey, baseUrl },
			{ apiOnly: true },
		);
		writeReadOnlyWorkflows(join(userFolder, 'import', 'workflows'));
		await cli.importCredentials(join(userFolder, 'import', 'credentials'));
		await cli.importWorkflows(join(userFolder, 'import', 'workflows'));

		log('running 01 (Account > Get)');
		const keyRun = await executeOrThrow(cli, EXAMPLE_IDS.verifyKey);
		const [account] = nodeItems(keyRun, 'Verify the API key').map((item) => item.json);
		log(`running 03 with Limit ${LIVE_SYNC_LIMIT} (Lead > Get Many)`);
		const syncRun = await executeOrThrow(cli, EXAMPLE_IDS.incrementalSync);
		const leads = nodeItems(syncRun, 'Leads updated after 2026-03-10');

		const scopes = (account?.scopes as string[] | undefined) ?? [];
		const workspace = (account?.workspace as { name?: string } | undefined)?.name ?? 'unknown';
		process.stdout.write(
			[
				'',
				`ProspectB2B demo: ${installed.name}@${installed.version} in n8n ${install.version}, against ${baseUrl}`,
				'',
				`  API key (01)   "${String(account?.name)}" in workspace "${workspace}", ${scopes.length} scopes: ${scopes.join(', ')}`,
				`  Sync (03)      ${leads.length} leads updated after ${readSyncUpdatedAfter()} (Limit ${LIVE_SYNC_LIMIT})`,
				'',
			].join('\n'),
		);
		return 0;
	} catch (error) {
		process.stderr.write(`demo failed: ${describeError(error)}\n`);
		return 1;
	} finally {
		rmSync(packFolder, { recursive: true, force: true });
		rmSync(userFolder, { recursive: true, force: true });
	}
}
