/**
 * Installs Debian's `chromium` package when `/usr/bin/chromium` is missing, and lists the
 * command-line switches that keep it from reaching hosts other than the loopback address.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Switches for every Chromium this test starts. They turn off Chromium's own background
 * connections (component updates, sync, QUIC) and its first-run setup. The caller adds
 * `--user-data-dir` with a new empty folder for each run.
 */
export const CHROMIUM_SWITCHES = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface ChromiumInstall {
	path: string;
	/** Seconds spent in `apt-get update` and `apt-get install`, or 0 when Chromium was there. */
	installSeconds: number;
}

/**
 * Returns the path of Debian's Chromium, installing the `chromium` package with apt-get first
 * when it is missing. apt-get needs root, which the developer machines and CI have.
 */
export async function ensureChromium(log: (message: string) => void): Promise<ChromiumInstall> {
	if (existsSync(CHROMIUM_PATH)) return { path: CHROMIUM_PATH, installSeconds: 0 };

	const started = Date.now();
	log(`${CHROMIUM_PATH} is missing: installing Debian's chromium package with apt-get`);
	await runAptGet(['update']);
	await runAptGet(['install', '--yes', '--no-install-recommends', 'chromium']);
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(
			`apt-get installed the chromium package but ${CHROMIUM_PATH} is still missing. ` +
				'Check `dpkg -L chromium` for the binary.',
		);
	}

	const installSeconds = Math.round((Date.now() - started) / 1000);
	log(`chromium installed in ${installSeconds} s`);
	return { path: CHROMIUM_PATH, installSeconds };
}

/** Runs apt-get without prompts and rejects with its last output lines when it fails. */
function runAptGet(args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn('apt-get', args, {
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('error', (error) =>
			reject(new Error(`Could not run apt-get ${args.join(' ')}: ${error.message}`)),
		);
		child.once('close', (code) => {
			if (code === 0) {
				resolve();
				return;
			}
			const tail = output.trimEnd().split('\n').slice(-15).join('\n');
			reject(
				new Error(
					`apt-get ${args.join(' ')} failed with exit code ${code}. ` +
						`It needs root and access to Debian's package mirror. Last lines:\n${tail}`,
				),
			);
		});
	});
}
