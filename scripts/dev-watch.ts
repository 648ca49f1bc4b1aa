/**
 * Rebuilds `dist/` while `npm run dev` runs: `tsc --watch` for the TypeScript and JSON sources,
 * and a file watcher that copies changed node and credential icons, as `gulp build:icons` does.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';

import { REPO_ROOT } from '../test/e2e/package-build';
import { endGroup, spawnInGroup } from '../test/e2e/process-group';

/** tsc prints this after every compile in watch mode, with the error count. */
const COMPILE_DONE = /Found (\d+) errors?\. Watching for file changes\./;
/** The clock time that tsc puts before its status lines, `5:55:40 PM - ` or `[17:55:40] `. */
const TSC_TIME_PREFIX = /^(\[[^\]]*\]\s*|[\d:]+(\s*[AP]M)?\s+-\s+)/;
const ICON_FILE = /\.(svg|png)$/;
const ICON_FOLDERS = ['nodes', 'credentials'];

export interface DevWatcherEvents {
	/** A rebuild finished without errors: TypeScript after the first compile, or an icon copy. */
	onRebuilt: (change: string) => void;
	log: (message: string) => void;
}

/** The running `tsc --watch` and icon watchers. */
export class DevWatcher {
	private tsc: ChildProcess | undefined;
	private readonly iconWatchers: FSWatcher[] = [];
	private compiles = 0;

	constructor(private readonly events: DevWatcherEvents) {}

	start(): void {
		const tscBin = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
		this.tsc = spawnInGroup(
			process.execPath,
			[tscBin, '-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'],
			{ cwd: REPO_ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let pending = '';
		const onOutput = (chunk: Buffer) => {
			pending += chunk.toString();
			const lines = pending.split('\n');
			pending = lines.pop() ?? '';
			for (const line of lines) this.handleTscLine(line.trimEnd());
		};
		this.tsc.stdout?.on('data', onOutput);
		this.tsc.stderr?.on('data', onOutput);

		for (const folder of ICON_FOLDERS) {
			const watcher = watch(join(REPO_ROOT, folder), { recursive: true }, (_event, name) => {
				if (name !== null && ICON_FILE.test(name)) this.copyIcon(join(folder, name));
			});
			this.iconWatchers.push(watcher);
		}
	}

	stop(): void {
		for (const watcher of this.iconWatchers) watcher.close();
		this.iconWatchers.length = 0;
		endGroup(this.tsc?.pid);
		this.tsc = undefined;
	}

	private handleTscLine(line: string): void {
		if (line === '') return;
		this.events.log(`tsc: ${line.replace(TSC_TIME_PREFIX, '')}`);
		const match = COMPILE_DONE.exec(line);
		if (match === null) return;

		this.compiles += 1;
		// The first compile rebuilds what `npm run build` just built, so nothing changed yet.
		if (this.compiles > 1 && Number(match[1]) === 0) this.events.onRebuilt('TypeScript sources');
	}

	private copyIcon(relativePath: string): void {
		const source = join(REPO_ROOT, relativePath);
		if (!existsSync(source)) return;
		const target = join(REPO_ROOT, 'dist', relativePath);
		mkdirSync(dirname(target), { recursive: true });
		copyFileSync(source, target);
		this.events.onRebuilt(`icon ${relativePath}`);
	}
}
