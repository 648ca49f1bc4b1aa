/**
 * `npm run dev`: a local n8n with this package loaded from the repository, for trying the nodes
 * by hand. It starts the sandbox, builds the package, rebuilds it on change (`tsc --watch` and
 * icon copies) and restarts n8n after each rebuild, because n8n loads node code at start. The
 * sandbox credential and the examples are imported. Ctrl-C stops everything it started.
 *
 * Options: --port N (n8n, default 5678), --sandbox-port N (default 4010), --user-folder DIR
 * (default .e2e/dev/n8n-<version>, kept between runs), --fresh (start from an empty user folder).
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { startSandbox, type RequestLogEntry, type Sandbox } from '../test/sandbox';
import { describeError } from '../test/e2e/checks';
import { seedSandbox } from '../test/e2e/fixtures';
import { getFreePort, N8nCli } from '../test/e2e/n8n-cli';
import { REPO_ROOT, runRepoNpm } from '../test/e2e/package-build';
import { deferSignalCleanup } from '../test/e2e/process-group';
import { waitFor } from '../test/e2e/wait';
import {
	assertPackageLoaded,
	DEV_NODE_OPTIONS,
	importFixtures,
	linkPackage,
	PACKAGE_NAME,
} from './dev-n8n';
import { DevWatcher } from './dev-watch';
import { ensureChosenN8n } from './n8n-choice';

/** Wait after a rebuild before n8n restarts, so that one save that changes several files restarts it once. */
const RESTART_DELAY_MS = 1_500;

/** How long the editor may take to load after `/healthz` returns 200. */
const EDITOR_TIMEOUT_MS = 60_000;

function log(message: string): void {
	process.stderr.write(`[dev] ${message}\n`);
}

function parsePort(name: string, value: string | undefined, fallback: number): number {
	if (value === undefined) return fallback;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new Error(`Invalid --${name} ${JSON.stringify(value)}: expected a port from 1 to 65535.`);
	}
	return port;
}

/**
 * Waits until the editor page returns 200. n8n returns 200 for `/healthz` first, and 404 for the
 * editor for a few more seconds.
 */
async function waitForEditor(baseUrl: string): Promise<void> {
	const ready = await waitFor(async () => {
		const response = await fetch(`${baseUrl}/`).catch(() => undefined);
		await response?.body?.cancel();
		return response?.status === 200 ? true : undefined;
	}, EDITOR_TIMEOUT_MS);
	if (ready === undefined) {
		log(`the editor at ${baseUrl}/ did not return 200 within ${EDITOR_TIMEOUT_MS / 1000} s`);
	}
}

function formatRequest(entry: RequestLogEntry): string {
	const replayed = entry.replayed ? ' (replayed)' : '';
	return `sandbox: ${entry.method} ${entry.path} -> ${entry.status}${replayed}`;
}

/** Everything `npm run dev` started, stopped in reverse order. */
class DevSession {
	sandbox: Sandbox | undefined;
	cli: N8nCli | undefined;
	watcher: DevWatcher | undefined;
	private restartTimer: NodeJS.Timeout | undefined;
	private restarting: Promise<void> = Promise.resolve();
	private stopping: Promise<void> | undefined;

	/** Restarts n8n shortly after a rebuild. Restarts run one at a time. */
	scheduleRestart(change: string): void {
		clearTimeout(this.restartTimer);
		this.restartTimer = setTimeout(() => {
			this.restarting = this.restarting.then(() => this.restart(change));
		}, RESTART_DELAY_MS);
	}

	stop(): Promise<void> {
		this.stopping ??= this.stopAll();
		return this.stopping;
	}

	private async restart(change: string): Promise<void> {
		const { cli } = this;
		if (cli === undefined || this.stopping !== undefined) return;
		log(`rebuilt ${change}: restarting n8n`);
		try {
			await cli.stop();
			await cli.start();
			await waitForEditor(cli.baseUrl);
			log(`n8n is running again at ${cli.baseUrl}/`);
		} catch (error) {
			log(`n8n did not restart: ${describeError(error)}. Fix the error and save again.`);
		}
	}

	private async stopAll(): Promise<void> {
		clearTimeout(this.restartTimer);
		this.watcher?.stop();
		log('stopping n8n');
		await this.cli?.stop();
		await this.sandbox?.close();
	}
}

async function start(session: DevSession): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			'sandbox-port': { type: 'string' },
			'user-folder': { type: 'string' },
			fresh: { type: 'boolean' },
		},
	});
	const port = parsePort('port', values.port, 5678);
	const sandboxPort = parsePort('sandbox-port', values['sandbox-port'], 4010);

	log('building the package (npm run build)');
	await runRepoNpm(['run', 'build']);

	session.sandbox = await startSandbox({
		port: sandboxPort,
		onRequest: (entry) => log(formatRequest(entry)),
	}).catch((error: unknown) => {
		throw new Error(
			`The sandbox could not listen on port ${sandboxPort} (${describeError(error)}). Pass --sandbox-port.`,
		);
	});
	seedSandbox(session.sandbox);

	const install = await ensureChosenN8n(log);
	const defaultFolder = join(REPO_ROOT, '.e2e', 'dev', `n8n-${install.version}`);
	const userFolder = resolve(values['user-folder'] ?? defaultFolder);
	if (values.fresh) rmSync(userFolder, { recursive: true, force: true });
	const isNewFolder = !existsSync(join(userFolder, '.n8n', 'database.sqlite'));
	linkPackage(userFolder);

	const cli = new N8nCli({
		install,
		userFolder,
		port,
		brokerPort: await getFreePort(),
		env: { NODE_OPTIONS: DEV_NODE_OPTIONS },
	});
	session.cli = cli;
	log('checking that n8n loads the package (n8n export:nodes)');
	await assertPackageLoaded(cli);
	const imported = await importFixtures(cli, session.sandbox, { workflows: isNewFolder });

	log(`starting n8n ${install.version} on port ${port}`);
	await cli.start();
	await waitForEditor(cli.baseUrl);
	session.watcher = new DevWatcher({ log, onRebuilt: (change) => session.scheduleRestart(change) });
	session.watcher.start();

	const examples =
		imported.length > 0
			? `${imported.length} imported (${imported.join(', ')})`
			: 'kept from the last run (use --fresh to import them again)';
	process.stdout.write(
		[
			'',
			'ProspectB2B dev environment is running',
			`  n8n editor    ${cli.baseUrl}/   (n8n ${install.version}; on the first visit, create the owner account)`,
			`  Sandbox API   ${session.sandbox.url}`,
			`  Sandbox key   ${session.sandbox.keys.full}   (every scope; the credential "ProspectB2B account" uses it)`,
			`  Package       ${PACKAGE_NAME} from ${join(REPO_ROOT, 'dist')}, rebuilt on change; n8n restarts after each rebuild`,
			`  Examples      ${examples}`,
			`  User folder   ${userFolder}`,
			'Press Ctrl-C to stop.',
			'',
		].join('\n'),
	);
}

function main(): void {
	const session = new DevSession();
	// This script stops n8n gracefully on Ctrl-C, instead of process-group's immediate SIGKILL.
	deferSignalCleanup();
	const shutdown = (signal: string) => {
		log(`received ${signal}, stopping`);
		session.stop().then(
			() => process.exit(0),
			(error: unknown) => {
				log(`stopping failed: ${describeError(error)}`);
				process.exit(1);
			},
		);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => shutdown(signal));
	}

	start(session).catch(async (error: unknown) => {
		log(`failed to start: ${describeError(error)}`);
		await session.stop();
		process.exit(1);
	});
}

main();
