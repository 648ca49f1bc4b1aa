/**
 * Prepares a real n8n for the editor test: packs this package, installs the tarball as a community
 * package in a fresh user folder, imports the fixture workflow and credential, starts the server
 * and creates the owner account through n8n's REST API.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureN8n } from '../e2e/install-n8n';
import { createUserFolder, getFreePorts, N8nCli } from '../e2e/n8n-cli';

export const FIXTURES_DIR = join(__dirname, 'fixtures');
export const WORKFLOW_FIXTURE = join(FIXTURES_DIR, 'workflow.json');
export const CREDENTIALS_FIXTURE = join(FIXTURES_DIR, 'credentials.json');
/** The `id` of the workflow in WORKFLOW_FIXTURE, which the editor opens at `/workflow/<id>`. */
export const WORKFLOW_ID = 'pb2bBrowserTest01';

/**
 * Owner account of the test instance. n8n 1.123 and 2.41 require a password of 8 to 64
 * characters with a digit and an uppercase letter (`passwordSchema` in `@n8n/api-types`).
 */
export const OWNER = {
	email: 'owner@prospectb2b.test',
	firstName: 'Browser',
	lastName: 'Test',
	password: 'EditorTest2024',
};

/**
 * Settings added to N8nCli's environment. With verified packages on (the default), n8n 1.123 and
 * 2.41 fetch the list of verified community nodes from api.n8n.io or api-staging.n8n.io when the
 * editor asks for community node types.
 */
const EXTRA_N8N_ENV = { N8N_VERIFIED_PACKAGES_ENABLED: 'false' };

export interface PreparedN8n {
	cli: N8nCli;
	/** Seconds from `n8n start` until `/healthz` returned 200. */
	startSeconds: number;
	/** Removes the user folder and the tarball folder. Call it after `cli.stop()`. */
	cleanUp: () => void;
}

/**
 * Builds this package and packs it with `npm pack` into a new temporary folder. Returns the
 * tarball path and the folder, which the caller removes.
 */
export async function buildAndPack(
	repoRoot: string,
): Promise<{ tarball: string; packFolder: string }> {
	await runCommand('npm', ['run', 'build'], repoRoot);
	const packFolder = mkdtempSync(join(tmpdir(), 'prospectb2b-browser-pack-'));
	await runCommand('npm', ['pack', '--pack-destination', packFolder], repoRoot);

	const tarballs = readdirSync(packFolder).filter((name) => name.endsWith('.tgz'));
	if (tarballs.length !== 1) {
		throw new Error(
			`npm pack left ${tarballs.length} tarballs in ${packFolder}, expected exactly one.`,
		);
	}
	return { tarball: join(packFolder, tarballs[0]), packFolder };
}

/**
 * Installs n8n `version` (from the cache when present) and the tarball into a new user folder,
 * imports the fixtures and starts the server on free loopback ports.
 */
export async function startN8nWithPackage(
	version: string,
	tarball: string,
	log: (message: string) => void,
): Promise<PreparedN8n> {
	const install = await ensureN8n(version);
	const userFolder = createUserFolder(`prospectb2b-browser-${install.version}-`);
	const cleanUp = () => rmSync(userFolder, { recursive: true, force: true });

	try {
		const [port, brokerPort] = await getFreePorts(2);
		const cli = new N8nCli({ install, userFolder, port, brokerPort, env: EXTRA_N8N_ENV });

		const installed = await cli.installPackageTarball(tarball);
		log(`installed ${installed.name}@${installed.version} into ${userFolder}`);
		await cli.importCredentials(CREDENTIALS_FIXTURE);
		await cli.importWorkflows(WORKFLOW_FIXTURE);

		const started = Date.now();
		await cli.start();
		const startSeconds = (Date.now() - started) / 1000;
		log(
			`n8n ${install.version} listens on ${cli.baseUrl} (started in ${startSeconds.toFixed(1)} s)`,
		);
		return { cli, startSeconds, cleanUp };
	} catch (error) {
		cleanUp();
		throw error;
	}
}

/**
 * Waits until n8n's REST API returns 200 for `GET /rest/settings`, the first request the editor
 * sends. `/healthz` returns 200 a few seconds before n8n registers its REST routes, which return
 * 404 until then.
 */
export async function waitForRestApi(baseUrl: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let lastStatus = 'no response';
	while (Date.now() < deadline) {
		try {
			const response = await fetch(`${baseUrl}/rest/settings`, {
				signal: AbortSignal.timeout(5_000),
			});
			await response.body?.cancel();
			if (response.status === 200) return;
			lastStatus = `HTTP ${response.status}`;
		} catch (error) {
			lastStatus = error instanceof Error ? error.message : String(error);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(
		`GET ${baseUrl}/rest/settings did not return 200 within ${timeoutMs} ms (last: ${lastStatus}).`,
	);
}

/**
 * Creates the owner account with `POST /rest/owner/setup`, the request that n8n's setup form
 * sends on a new instance (OwnerController in n8n 1.123 and 2.41).
 */
export async function setUpOwner(baseUrl: string): Promise<void> {
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(OWNER),
		signal: AbortSignal.timeout(30_000),
	});
	if (!response.ok) {
		const body = await response.text();
		throw new Error(
			`POST ${baseUrl}/rest/owner/setup failed with HTTP ${response.status}: ${body.slice(0, 500)}`,
		);
	}
	await response.body?.cancel();
}

/** Runs a command to completion, and rejects with its last output lines when it exits non-zero. */
function runCommand(command: string, args: string[], cwd: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('error', (error) =>
			reject(new Error(`Could not run ${command} ${args.join(' ')}: ${error.message}`)),
		);
		child.once('close', (code) => {
			if (code === 0) {
				resolve();
				return;
			}
			const tail = output.trimEnd().split('\n').slice(-20).join('\n');
			reject(
				new Error(`${command} ${args.join(' ')} failed with exit code ${code} in ${cwd}:\n${tail}`),
			);
		});
	});
}
