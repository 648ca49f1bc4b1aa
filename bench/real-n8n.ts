/**
 * A real n8n for the benchmarks and the fault campaign: an install from the end-to-end library,
 * a fresh user folder with this package installed from its tarball, and a credential for the
 * sandbox.
 */
import { readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ensureN8n } from '../test/e2e/install-n8n';
import { createUserFolder, getFreePorts, N8nCli, type ExecuteResult } from '../test/e2e/n8n-cli';

/** n8n version of the real-n8n figures; override with BENCH_N8N_VERSION. */
export const N8N_VERSION = process.env.BENCH_N8N_VERSION ?? '2.41.1';

export const CREDENTIAL_ID = 'pb2bBenchCred0001';
export const CREDENTIAL_NAME = 'ProspectB2B sandbox';
/** The Bearer Auth credential of n8n's HTTP Request node, with the same API key. */
export const BEARER_CREDENTIAL_ID = 'pb2bBenchBearer01';
export const BEARER_CREDENTIAL_NAME = 'ProspectB2B sandbox bearer token';

export interface RealN8n {
	cli: N8nCli;
	version: string;
	userFolder: string;
	/** Removes the user folder. Stop the server first. */
	remove(): void;
}

/** Installs n8n if needed, installs the package tarball and imports the sandbox credentials. */
export async function prepareN8n(
	tarball: string,
	credential: { apiKey: string; baseUrl: string },
	env: Record<string, string> = {},
): Promise<RealN8n> {
	const install = await ensureN8n(N8N_VERSION);
	const userFolder = createUserFolder('prospectb2b-bench-');
	const [port, brokerPort] = await getFreePorts(2);
	const cli = new N8nCli({ install, userFolder, port, brokerPort, env });
	await cli.installPackageTarball(tarball);

	const n8n: RealN8n = {
		cli,
		version: install.version,
		userFolder,
		remove: () => rmSync(userFolder, { recursive: true, force: true }),
	};
	await importCredentials(n8n, credential);
	return n8n;
}

/**
 * Imports the ProspectB2B credential and a Bearer Auth credential with the same key, for n8n's
 * HTTP Request node. A second import with the same ids replaces both.
 */
export async function importCredentials(
	n8n: RealN8n,
	credential: { apiKey: string; baseUrl: string },
): Promise<void> {
	const credentialFile = join(n8n.userFolder, 'credential.json');
	const records = [
		{ id: CREDENTIAL_ID, name: CREDENTIAL_NAME, type: 'prospectB2BApi', data: credential },
		{
			id: BEARER_CREDENTIAL_ID,
			name: BEARER_CREDENTIAL_NAME,
			type: 'httpBearerAuth',
			data: { token: credential.apiKey },
		},
	];
	writeFileSync(credentialFile, JSON.stringify(records));
	await n8n.cli.importCredentials(credentialFile);
}

/** Imports one workflow into the user folder's database. */
export async function importWorkflow(n8n: RealN8n, workflow: { id: string }): Promise<void> {
	const file = join(n8n.userFolder, `workflow-${workflow.id}.json`);
	writeFileSync(file, JSON.stringify([workflow]));
	await n8n.cli.importWorkflows(file);
}

/** Returns the ids of running processes whose working folder is `folder`. */
function processesIn(folder: string): number[] {
	const pids: number[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			if (readlinkSync(`/proc/${name}/cwd`) === folder) pids.push(Number(name));
		} catch {
			// The process ended, or belongs to another user.
		}
	}
	return pids;
}

/** Reads the peak resident set size (VmHWM) of a process in MiB, or 0 when it is gone. */
function readPeakRssMiB(pid: number): number {
	try {
		const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) / 1024 : 0;
	} catch {
		return 0;
	}
}

export interface MeasuredExecute {
	result: ExecuteResult;
	/** Largest VmHWM seen of any n8n process in the user folder (n8n itself or its task runner). */
	peakRssMiB: number;
}

/**
 * Runs `n8n execute` for a workflow and samples the peak RSS of its processes every 100 ms. A
 * process can grow after the last sample, so the figure is a lower bound of its true peak.
 */
export async function executeMeasured(
	n8n: RealN8n,
	workflowId: string,
	timeoutMs = 600_000,
): Promise<MeasuredExecute> {
	let peakRssMiB = 0;
	const timer = setInterval(() => {
		for (const pid of processesIn(n8n.userFolder)) {
			peakRssMiB = Math.max(peakRssMiB, readPeakRssMiB(pid));
		}
	}, 100);
	try {
		const result = await n8n.cli.execute(workflowId, { timeoutMs });
		return { result, peakRssMiB };
	} finally {
		clearInterval(timer);
	}
}
