/**
 * One end-to-end run against one n8n version: a fresh user folder with the packed package
 * installed as a community package, the sandbox, the example workflows run with `n8n execute`,
 * and the trigger scenarios on a running server.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import { CheckList } from './checks';
import { EXAMPLE_IDS, seedSandbox, writeCredentialFiles, writeWorkflowFiles } from './fixtures';
import { ensureN8n, type N8nInstall } from './install-n8n';
import { createUserFolder, getFreePorts, N8nCli } from './n8n-cli';
import type { ScenarioContext } from './scenario-context';
import {
	runCreateLead,
	runIncrementalSync,
	runVerifyKey,
	type KeyFacts,
	type LeadFacts,
	type SyncFacts,
} from './scenarios-leads';
import {
	runCreateWebhook,
	runExportAndWait,
	type ExportFacts,
	type WebhookFacts,
} from './scenarios-webhook-export';
import { runServerPhase, type ServerFacts } from './server-phase';

/** Node types that the package must register, by their full type name. */
export const PACKAGE_NODE_TYPES = [
	'n8n-nodes-prospectb2b.prospectB2B',
	'n8n-nodes-prospectb2b.prospectB2BTrigger',
	'n8n-nodes-prospectb2b.prospectB2BLeadTrigger',
];

/** What the examples showed, for the demo's report. Absent parts failed or did not run. */
export interface RunFacts extends ServerFacts {
	n8nVersion: string;
	nodeVersion: string;
	key?: KeyFacts;
	lead?: LeadFacts;
	sync?: SyncFacts;
	webhook?: WebhookFacts;
	export?: ExportFacts;
}

export interface VersionRunOptions {
	/** The `npm pack` tarball to install. */
	tarball: string;
	/** Keep the user folder after a successful run. A failed run always keeps it. */
	keepUserFolder?: boolean;
	/** Receives progress lines. */
	log: (message: string) => void;
	/** Receives one line per check as it is recorded. Defaults to `log`. */
	checkLog?: (message: string) => void;
}

/** Runs every scenario against one n8n version. Never throws: failures become checks. */
export async function runVersion(
	requestedVersion: string,
	options: VersionRunOptions,
): Promise<{ checks: CheckList; facts: RunFacts }> {
	const checks = new CheckList(`n8n ${requestedVersion}`, options.checkLog ?? options.log);
	const facts: RunFacts = { n8nVersion: requestedVersion, nodeVersion: 'unknown' };

	const install = await checks.step('n8n installed', () => ensureN8n(requestedVersion));
	if (install === undefined) return { checks, facts };
	facts.n8nVersion = install.version;
	facts.nodeVersion = readNodeVersion(install.nodeBin);
	checks.record('n8n installed', true, `n8n ${install.version} on Node.js ${facts.nodeVersion}`);

	const userFolder = createUserFolder(`prospectb2b-e2e-${install.version}-`);
	let sandbox: Sandbox | undefined;
	try {
		sandbox = await startSandbox();
		seedSandbox(sandbox);
		const cli = await prepareInstance(install, userFolder, sandbox, options, checks);
		if (cli !== undefined) {
			const context: ScenarioContext = { cli, sandbox, checks, log: options.log };
			await runExamples(context, facts);
			Object.assign(facts, await runServerPhase(context));
		}
	} catch (error) {
		checks.record(
			'run',
			false,
			error instanceof Error ? (error.stack ?? error.message) : String(error),
		);
	} finally {
		await sandbox?.close();
		if (checks.failed.length === 0 && !options.keepUserFolder) {
			rmSync(userFolder, { recursive: true, force: true });
		} else {
			options.log(`n8n user folder kept for inspection: ${userFolder}`);
		}
	}
	return { checks, facts };
}

/**
 * Installs the tarball as a community package, checks that n8n loads its node types, and
 * imports the credentials and the example workflows. Returns undefined when a step failed.
 */
async function prepareInstance(
	install: N8nInstall,
	userFolder: string,
	sandbox: Sandbox,
	options: VersionRunOptions,
	checks: CheckList,
): Promise<N8nCli | undefined> {
	const [port, brokerPort] = await getFreePorts(2);
	const cli = new N8nCli({ install, userFolder, port, brokerPort });

	const installed = await checks.step('package installed', () =>
		cli.installPackageTarball(options.tarball),
	);
	if (installed === undefined) return undefined;
	checks.record(
		'package installed',
		true,
		`${installed.name}@${installed.version} in ${installed.directory}`,
	);

	options.log('listing node types (n8n export:nodes)');
	const nodeTypes = await checks.step('node types', () => cli.exportNodes());
	if (nodeTypes === undefined) return undefined;
	const loaded = new Set(nodeTypes.map((nodeType) => nodeType.name));
	const missing = PACKAGE_NODE_TYPES.filter((name) => !loaded.has(name));
	const typesLoaded = checks.record(
		'node types',
		missing.length === 0,
		missing.length === 0 ? PACKAGE_NODE_TYPES.join(', ') : `missing: ${missing.join(', ')}`,
	);
	if (!typesLoaded) return undefined;

	const credentialsFolder = join(userFolder, 'import', 'credentials');
	writeCredentialFiles(credentialsFolder, { apiKey: sandbox.keys.full, baseUrl: sandbox.url });
	const workflowsFolder = join(userFolder, 'import', 'workflows');
	const workflowIds = writeWorkflowFiles(workflowsFolder, { fastPolling: true });

	options.log('importing credentials and workflows');
	const imported = await checks.step('import', async () => {
		await cli.importCredentials(credentialsFolder);
		await cli.importWorkflows(workflowsFolder);
		return true;
	});
	if (!imported) return undefined;
	checks.record(
		'import',
		true,
		`2 credentials, ${workflowIds.length} workflows (${workflowIds.join(', ')})`,
	);
	return cli;
}

async function runExamples(context: ScenarioContext, facts: RunFacts): Promise<void> {
	const { checks } = context;
	facts.key = await checks.step(EXAMPLE_IDS.verifyKey, () => runVerifyKey(context));
	facts.lead = await checks.step(EXAMPLE_IDS.createLead, () => runCreateLead(context));
	facts.sync = await checks.step(EXAMPLE_IDS.incrementalSync, () => runIncrementalSync(context));
	facts.webhook = await checks.step(EXAMPLE_IDS.createWebhook, () => runCreateWebhook(context));
	facts.export = await checks.step(EXAMPLE_IDS.exportAndWait, () => runExportAndWait(context));
}

function readNodeVersion(nodeBin: string): string {
	const result = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout.trim() : `unknown (${nodeBin})`;
}
