/**
 * Builds the package into a temporary folder and packs it with `npm pack`, so the benchmark
 * installs what users install without touching the repository's dist/.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..');
const ROOT_FILES = ['package.json', 'README.md', 'LICENSE.md'];
const ICON_FOLDERS = ['nodes', 'credentials'];

function run(command: string, args: string[], cwd: string): string {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.error) throw result.error;
	if (result.status !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} failed with exit code ${result.status}:\n${result.stdout}\n${result.stderr}`,
		);
	}
	return result.stdout;
}

/** Copies every .svg and .png below `folder` into the same relative path under `target`. */
function copyIcons(folder: string, target: string): void {
	for (const name of readdirSync(folder)) {
		const path = join(folder, name);
		if (statSync(path).isDirectory()) {
			copyIcons(path, target);
		} else if (/\.(svg|png)$/.test(name)) {
			const destination = join(target, relative(REPO_ROOT, path));
			mkdirSync(resolve(destination, '..'), { recursive: true });
			cpSync(path, destination);
		}
	}
}

/** Builds and packs the package under `workFolder`, and returns the tarball's path. */
export function packPackage(workFolder: string): string {
	const staging = join(workFolder, 'package');
	mkdirSync(staging, { recursive: true });
	for (const name of ROOT_FILES) cpSync(join(REPO_ROOT, name), join(staging, name));

	const tsc = join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
	run(tsc, ['-p', 'tsconfig.json', '--outDir', join(staging, 'dist')], REPO_ROOT);
	for (const folder of ICON_FOLDERS) copyIcons(join(REPO_ROOT, folder), join(staging, 'dist'));

	const output = run(
		'npm',
		['pack', '--ignore-scripts', '--pack-destination', workFolder],
		staging,
	);
	const fileName = output.trim().split('\n').pop() ?? '';
	return join(workFolder, fileName);
}
