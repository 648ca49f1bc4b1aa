/** Installs an `npm pack` tarball as a community package of one n8n user folder. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { runNpm } from './npm';

export interface InstalledPackage {
	name: string;
	version: string;
	/** `<userFolder>/.n8n/nodes/node_modules/<name>`. */
	directory: string;
}

/**
 * Installs a tarball made by `npm pack` as a community package, in the steps that n8n 1.123 and
 * 2.41 take for a package a user installs (`CommunityPackagesService.downloadPackage`). It
 * unpacks the tarball into `<userFolder>/.n8n/nodes/node_modules/<name>` and drops dev, peer and
 * optional dependencies from its package.json. Then it runs `npm install` in that folder for the
 * package's own dependencies and lists the package in `.n8n/nodes/package.json`. Without the
 * peer dependency, the package loads the n8n-workflow of the n8n that runs it. Call it before
 * n8n starts, because n8n loads packages at start.
 */
export async function installPackageTarball(
	userFolder: string,
	tarballPath: string,
	nodeBin: string,
): Promise<InstalledPackage> {
	const tarball = resolve(tarballPath);
	const { name, version } = readTarballManifest(tarball);
	const nodesFolder = join(userFolder, '.n8n', 'nodes');
	const directory = join(nodesFolder, 'node_modules', name);

	rmSync(directory, { recursive: true, force: true });
	mkdirSync(directory, { recursive: true });
	runSync('tar', ['-xzf', tarball, '-C', directory, '--strip-components=1']);

	const manifestPath = join(directory, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

	// The flags n8n passes to this npm install.
	const npmArgs = [
		'install',
		'--audit=false',
		'--fund=false',
		'--bin-links=false',
		'--install-strategy=shallow',
		'--ignore-scripts=true',
		'--package-lock=false',
		'--loglevel=warn',
	];
	const result = await runNpm(npmArgs, directory, nodeBin);
	if (result.exitCode !== 0) {
		throw new Error(
			`npm install in ${directory} (dependencies of ${tarball}) failed with exit code ` +
				`${result.exitCode}:\n${result.stderr.trim()}`,
		);
	}

	addNodesDependency(nodesFolder, name, version);
	return { name, version, directory };
}

/** Reads name and version from `package/package.json` inside an `npm pack` tarball. */
function readTarballManifest(tarball: string): { name: string; version: string } {
	if (!existsSync(tarball)) {
		throw new Error(`Package tarball not found: ${tarball}. Build it with \`npm pack\`.`);
	}
	const manifestText = runSync('tar', ['-xzOf', tarball, 'package/package.json']);
	const manifest = JSON.parse(manifestText) as { name?: unknown; version?: unknown };
	if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string') {
		throw new Error(`package/package.json in ${tarball} has no name or version.`);
	}
	return { name: manifest.name, version: manifest.version };
}

/**
 * Lists a package in `.n8n/nodes/package.json`, creating the file as n8n does on its first
 * community package install.
 */
function addNodesDependency(nodesFolder: string, name: string, version: string): void {
	const hostManifestPath = join(nodesFolder, 'package.json');
	const hostManifest = existsSync(hostManifestPath)
		? (JSON.parse(readFileSync(hostManifestPath, 'utf8')) as {
				dependencies?: Record<string, string>;
			})
		: { name: 'installed-nodes', private: true, dependencies: {} };
	hostManifest.dependencies = { ...hostManifest.dependencies, [name]: version };
	writeFileSync(hostManifestPath, JSON.stringify(hostManifest, null, 2));
}

/** Runs a short command and returns its stdout. Throws with its stderr when it exits non-zero. */
function runSync(command: string, args: string[]): string {
	const result = spawnSync(command, args, { encoding: 'utf8' });
	if (result.error) throw result.error;
	if (result.status !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} failed with exit code ${result.status}: ${result.stderr.trim()}`,
		);
	}
	return result.stdout;
}
