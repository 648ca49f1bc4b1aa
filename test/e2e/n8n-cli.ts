/**
 * Drives the CLI of an n8n install from `install-n8n.ts`: imports, workflow runs, node listing,
 * community package installs and a server process.
 *
 * Every n8n process runs in its own process group, because n8n starts a task-runner child for
 * each server and each `execute`. Finishing a command, `stop()` and the exit of this Node.js
 * process kill the whole group, so no runner outlives the test.
 */
import type { ChildProcess } from 'node:child_process';
import {
	closeSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	statSync,
} from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { installPackageTarball, type InstalledPackage } from './community-package';
import type { N8nInstall } from './install-n8n';
import { endGroup, killGroup, spawnInGroup, waitForExit } from './process-group';

export type { InstalledPackage };

/** Loopback address that every n8n process listens on. */
export const LOOPBACK_HOST = '127.0.0.1';

/**
 * Fixed test key, so a credential file exported encrypted in one run imports in another.
 * `import:credentials` also accepts a plain `data` object and encrypts it with this key.
 */
const TEST_ENCRYPTION_KEY = 'prospectb2b-e2e-test-encryption-key';

const DEFAULT_COMMAND_TIMEOUT_MS = 180_000;
const DEFAULT_START_TIMEOUT_MS = 120_000;
const DEFAULT_STOP_TIMEOUT_MS = 30_000;
const HEALTH_POLL_INTERVAL_MS = 250;

/**
 * Variables dropped from the inherited environment before n8n starts, so the developer's own n8n
 * settings, npm's script variables and a test runner's NODE_OPTIONS (a ts-node hook, for example)
 * cannot change the run.
 */
const INHERITED_ENV_BLOCKLIST = [
	/^N8N_/,
	/^DB_/,
	/^EXECUTIONS_/,
	/^QUEUE_/,
	/^npm_/i,
	/^NODE_OPTIONS$/,
];
const INHERITED_ENV_DROPPED = new Set([
	'INIT_CWD',
	'WEBHOOK_URL',
	'VUE_APP_URL_BASE_API',
	'GENERIC_TIMEZONE',
]);

export interface N8nCliOptions {
	install: N8nInstall;
	/** Empty folder for n8n's settings, database and community packages (`N8N_USER_FOLDER`). */
	userFolder: string;
	/** HTTP port of the server and its webhooks (`N8N_PORT`). */
	port: number;
	/** Port of the task-runner broker (`N8N_RUNNERS_BROKER_PORT`). Each process needs its own. */
	brokerPort: number;
	/** Extra environment variables, applied after the defaults. */
	env?: Record<string, string>;
}

export interface CommandResult {
	/** The n8n arguments, for messages. */
	args: string[];
	/** Exit code, or null when a signal ended the process. */
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
	timedOut: boolean;
}

export interface ExecuteResult extends CommandResult {
	/**
	 * The run data (`IRun`) that `n8n execute --rawOutput` prints, also for a failed run, parsed by
	 * `parseRawOutput`. Undefined when stdout contains no JSON block.
	 */
	output: unknown;
}

/** One entry of `n8n export:nodes`: a node type description, of which only a few fields are typed. */
export interface ExportedNodeType {
	/** Node type name, such as `n8n-nodes-base.httpRequest` or `n8n-nodes-prospectb2b.prospectB2B`. */
	name: string;
	displayName: string;
	version: number | number[];
	[field: string]: unknown;
}

export interface RunOptions {
	/** Kill the command's process group after this many milliseconds. Default 180 000. */
	timeoutMs?: number;
}

/** Runs n8n CLI commands and one server for a single user folder and port pair. */
export class N8nCli {
	readonly install: N8nInstall;
	readonly userFolder: string;
	readonly port: number;
	readonly brokerPort: number;
	/** Server address, for example `http://127.0.0.1:5678`, with no trailing slash. */
	readonly baseUrl: string;
	/** File that receives the server's stdout and stderr. */
	readonly serverLogPath: string;

	private readonly extraEnv: Record<string, string>;
	private server: ChildProcess | undefined;
	private serverExit: Promise<void> | undefined;

	constructor(options: N8nCliOptions) {
		this.install = options.install;
		this.userFolder = resolve(options.userFolder);
		this.port = options.port;
		this.brokerPort = options.brokerPort;
		this.extraEnv = options.env ?? {};
		this.baseUrl = `http://${LOOPBACK_HOST}:${this.port}`;
		this.serverLogPath = join(this.userFolder, 'n8n-server.log');
	}

	/** Major version of the installed n8n (1 or 2): some settings and commands differ. */
	get majorVersion(): number {
		return Number(this.install.version.split('.')[0]);
	}

	/** Builds the environment of every n8n process of this instance. */
	buildEnv(): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {};
		for (const [key, value] of Object.entries(process.env)) {
			if (INHERITED_ENV_DROPPED.has(key)) continue;
			if (INHERITED_ENV_BLOCKLIST.some((pattern) => pattern.test(key))) continue;
			env[key] = value;
		}

		// n8n may start other Node.js processes (the task runner) by name.
		env.PATH = [dirname(this.install.nodeBin), env.PATH].filter(Boolean).join(':');

		Object.assign(env, {
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: LOOPBACK_HOST,
			N8N_HOST: LOOPBACK_HOST,
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: LOOPBACK_HOST,
			N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			// The editor fetches banners from api.n8n.io unless this is off.
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			// n8n fetches its list of verified community packages from api.n8n.io unless this is off.
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		});

		if (this.majorVersion === 1) {
			// The new expression engine of 1.x needs isolated-vm, which is a stub in these installs.
			env.N8N_EXPRESSION_ENGINE = 'legacy';
		} else {
			// The mcp-registry module of 2.41 runs a task that fetches its server list from
			// api.n8n.io. 1.x does not know the module and fails to start when it is named here.
			env.N8N_DISABLED_MODULES = 'mcp-registry';
		}

		Object.assign(env, this.extraEnv);
		return env;
	}

	/**
	 * Runs `n8n <args>` to completion. Never throws for a non-zero exit: check `exitCode`.
	 *
	 * stdout and stderr go to files in a temporary folder of the user folder, which is read once
	 * the command has exited and then removed. n8n 2.41.1 can exit before a large
	 * `execute --rawOutput` has gone through a stdout pipe, so the end of the JSON is lost (28 of
	 * 47.5 MB arrived for 50,000 items on a 2-core machine). A file receives all of it.
	 */
	async run(args: string[], options: RunOptions = {}): Promise<CommandResult> {
		mkdirSync(this.userFolder, { recursive: true });
		const timeoutMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
		const started = Date.now();

		const outputFolder = mkdtempSync(join(this.userFolder, 'command-output-'));
		const stdoutPath = join(outputFolder, 'stdout.log');
		const stderrPath = join(outputFolder, 'stderr.log');
		let timer: NodeJS.Timeout | undefined;
		let child: ChildProcess | undefined;
		try {
			child = spawnWithOutputFiles(this.install, args, this.buildEnv(), stdoutPath, stderrPath);
			const pid = child.pid;
			let timedOut = false;
			timer = setTimeout(() => {
				timedOut = true;
				killGroup(pid, 'SIGKILL');
			}, timeoutMs);

			const { exitCode, signal } = await waitForExit(child);
			// The task runner can outlive the n8n command and still write to the output files.
			endGroup(pid);
			return {
				args,
				exitCode,
				signal,
				stdout: readFileSync(stdoutPath, 'utf8'),
				stderr: readFileSync(stderrPath, 'utf8'),
				durationMs: Date.now() - started,
				timedOut,
			};
		} finally {
			clearTimeout(timer);
			endGroup(child?.pid);
			rmSync(outputFolder, { recursive: true, force: true });
		}
	}

	/**
	 * Imports credentials from one JSON file, or from every JSON file of a folder
	 * (`n8n import:credentials --separate --input=<folder>`).
	 */
	async importCredentials(fileOrFolder: string): Promise<CommandResult> {
		return this.runChecked(importArgs('import:credentials', fileOrFolder));
	}

	/**
	 * Imports workflows from one JSON file, or from every JSON file of a folder
	 * (`n8n import:workflow --separate --input=<folder>`).
	 */
	async importWorkflows(fileOrFolder: string): Promise<CommandResult> {
		return this.runChecked(importArgs('import:workflow', fileOrFolder));
	}

	/**
	 * Makes a workflow active, so a server started afterwards registers its triggers and
	 * webhooks: `update:workflow --active=true` on 1.x, `publish:workflow` on 2.x.
	 */
	async activateWorkflow(workflowId: string): Promise<CommandResult> {
		const args =
			this.majorVersion === 1
				? ['update:workflow', `--id=${workflowId}`, '--active=true']
				: ['publish:workflow', `--id=${workflowId}`];
		return this.runChecked(args);
	}

	/**
	 * Runs an imported workflow once (`n8n execute --id --rawOutput`) and parses its output. A failed
	 * run exits with code 1, which the result reports without throwing.
	 */
	async execute(workflowId: string, options: RunOptions = {}): Promise<ExecuteResult> {
		const result = await this.run(['execute', `--id=${workflowId}`, '--rawOutput'], options);
		return { ...result, output: parseRawOutput(result.stdout) };
	}

	/** Lists every node type that n8n loads, community packages included (`n8n export:nodes`). */
	async exportNodes(): Promise<ExportedNodeType[]> {
		const outputPath = join(this.userFolder, 'export-nodes.json');
		await this.runChecked(['export:nodes', `--output=${outputPath}`]);
		const nodeTypes = JSON.parse(readFileSync(outputPath, 'utf8')) as unknown;
		if (!Array.isArray(nodeTypes)) {
			throw new Error(`${outputPath} does not contain a JSON array of node types.`);
		}
		return nodeTypes as ExportedNodeType[];
	}

	/**
	 * Installs an `npm pack` tarball as a community package of this user folder, in the steps n8n
	 * itself takes (see `installPackageTarball` in community-package.ts). Call it before `start()`.
	 */
	async installPackageTarball(tarballPath: string): Promise<InstalledPackage> {
		return installPackageTarball(this.userFolder, tarballPath, this.install.nodeBin);
	}

	/**
	 * Starts `n8n start` and resolves once `GET /healthz` returns 200. Production webhooks return
	 * 404 for a few more seconds, until n8n registers the active workflows, so poll them separately.
	 */
	async start(options: { timeoutMs?: number } = {}): Promise<void> {
		if (this.server) throw new Error(`n8n is already running on ${this.baseUrl}.`);
		mkdirSync(this.userFolder, { recursive: true });
		const timeoutMs = options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS;

		const logFd = openSync(this.serverLogPath, 'a');
		let server: ChildProcess;
		try {
			server = spawnN8n(this.install, ['start'], this.buildEnv(), ['ignore', logFd, logFd]);
		} finally {
			closeSync(logFd);
		}
		this.server = server;

		let exited = false;
		let spawnError: Error | undefined;
		this.serverExit = waitForExit(server)
			.then(
				() => undefined,
				(error: Error) => {
					spawnError = error;
				},
			)
			.then(() => {
				exited = true;
				// The task runner or other children may still be running after n8n itself ended.
				endGroup(server.pid);
			});

		const deadline = Date.now() + timeoutMs;
		while (!exited) {
			if (await isHealthy(`${this.baseUrl}/healthz`)) return;
			if (Date.now() > deadline) {
				await this.stop();
				throw new Error(
					`n8n start timed out: ${this.baseUrl}/healthz did not return 200 within ${timeoutMs} ms. ` +
						`Last lines of ${this.serverLogPath}:\n${this.readServerLogTail()}`,
				);
			}
			await sleep(HEALTH_POLL_INTERVAL_MS);
		}

		this.server = undefined;
		this.serverExit = undefined;
		if (spawnError) throw new Error(`Could not start n8n: ${spawnError.message}`);
		throw new Error(
			`n8n start failed: the process exited before ${this.baseUrl}/healthz returned 200. ` +
				`Last lines of ${this.serverLogPath}:\n${this.readServerLogTail()}`,
		);
	}

	/**
	 * Stops the server: SIGTERM to n8n for a graceful shutdown, then SIGKILL to its whole process
	 * group after `timeoutMs` or as soon as n8n exits. Does nothing when no server runs.
	 */
	async stop(options: { timeoutMs?: number } = {}): Promise<void> {
		const server = this.server;
		const serverExit = this.serverExit;
		if (!server || !serverExit) return;
		const timeoutMs = options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;

		if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
		const timer = setTimeout(() => killGroup(server.pid, 'SIGKILL'), timeoutMs);
		try {
			await serverExit;
		} finally {
			clearTimeout(timer);
			this.server = undefined;
			this.serverExit = undefined;
		}
	}

	/** Returns the last lines of the server log, for error messages. */
	readServerLogTail(lineCount = 30): string {
		if (!existsSync(this.serverLogPath)) return '(no server log)';
		return readFileSync(this.serverLogPath, 'utf8')
			.trimEnd()
			.split('\n')
			.slice(-lineCount)
			.join('\n');
	}

	/** Runs `n8n <args>` and throws, with its output, unless it exits with code 0. */
	private async runChecked(args: string[]): Promise<CommandResult> {
		const result = await this.run(args);
		if (result.exitCode !== 0) {
			const reason = result.timedOut ? 'timed out' : `failed with exit code ${result.exitCode}`;
			throw new Error(
				`n8n ${args.join(' ')} ${reason}.\nstdout:\n${result.stdout.trim()}\nstderr:\n${result.stderr.trim()}`,
			);
		}
		return result;
	}
}

/**
 * Parses the JSON that `n8n execute --rawOutput` prints. n8n writes it with two-space indentation,
 * so it runs from the first line that starts with `{` to the next line that is exactly `}`. Log
 * lines can come before and after it (2.41 logs the task broker's start first). Returns undefined
 * when stdout has no such block, and throws when the block is not valid JSON.
 */
export function parseRawOutput(stdout: string): unknown {
	const lines = stdout.split('\n').map((line) => line.replace(/\r$/, ''));
	const firstLine = lines.findIndex((line) => line.startsWith('{'));
	if (firstLine === -1) return undefined;

	const closingLine = lines.findIndex((line, index) => index >= firstLine && line === '}');
	const lastLine = closingLine === -1 ? lines.length - 1 : closingLine;
	const json = lines.slice(firstLine, lastLine + 1).join('\n');
	try {
		return JSON.parse(json) as unknown;
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new Error(`n8n execute printed invalid JSON (${reason}):\n${json.slice(0, 2000)}`);
	}
}

/** Creates an empty temporary folder to use as `N8N_USER_FOLDER`. The caller removes it. */
export function createUserFolder(prefix = 'prospectb2b-e2e-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Returns `count` distinct TCP ports that were free on 127.0.0.1 a moment ago: all of them are held
 * open until the last one is found, so no two are equal. Another process can still take a port
 * before n8n binds it. A port conflict then shows up as a failed start.
 */
export async function getFreePorts(count: number): Promise<number[]> {
	const servers: Server[] = [];
	try {
		for (let index = 0; index < count; index++) {
			servers.push(await listenOnFreePort());
		}
		return servers.map((server) => (server.address() as AddressInfo).port);
	} finally {
		await Promise.all(
			servers.map(
				(server) => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
			),
		);
	}
}

/** Returns one TCP port that was free on 127.0.0.1 a moment ago; see `getFreePorts`. */
export async function getFreePort(): Promise<number> {
	const [port] = await getFreePorts(1);
	return port;
}

function listenOnFreePort(): Promise<Server> {
	return new Promise((resolveListen, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, LOOPBACK_HOST, () => resolveListen(server));
	});
}

/** Builds `n8n import:*` arguments for a JSON file, or with `--separate` for a folder of them. */
function importArgs(command: string, fileOrFolder: string): string[] {
	const path = resolve(fileOrFolder);
	if (!existsSync(path)) throw new Error(`Import source not found: ${path}`);
	return statSync(path).isDirectory()
		? [command, '--separate', `--input=${path}`]
		: [command, `--input=${path}`];
}

type StdioSetting = 'ignore' | number;

/** Spawns `nodeBin n8nBin <args>` in its own process group, in the user folder. */
function spawnN8n(
	install: N8nInstall,
	args: string[],
	env: NodeJS.ProcessEnv,
	stdio: [StdioSetting, StdioSetting, StdioSetting],
): ChildProcess {
	return spawnInGroup(install.nodeBin, [install.n8nBin, ...args], {
		cwd: env.N8N_USER_FOLDER,
		env,
		stdio,
	});
}

/**
 * Spawns `nodeBin n8nBin <args>` like `spawnN8n`, with stdout and stderr written to new files at
 * the given paths. The child keeps its own copies of the file descriptors, so this process closes
 * its copies at once.
 */
function spawnWithOutputFiles(
	install: N8nInstall,
	args: string[],
	env: NodeJS.ProcessEnv,
	stdoutPath: string,
	stderrPath: string,
): ChildProcess {
	const stdoutFd = openSync(stdoutPath, 'w');
	try {
		const stderrFd = openSync(stderrPath, 'w');
		try {
			return spawnN8n(install, args, env, ['ignore', stdoutFd, stderrFd]);
		} finally {
			closeSync(stderrFd);
		}
	} finally {
		closeSync(stdoutFd);
	}
}

async function isHealthy(url: string): Promise<boolean> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
		await response.body?.cancel();
		return response.status === 200;
	} catch {
		return false;
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
