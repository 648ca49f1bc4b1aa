/**
 * Child processes that run in their own process group and die with this process.
 *
 * npm and n8n both start children of their own (node-gyp builds, n8n's task runner). Starting each
 * command as the leader of a new process group lets `killGroup` end all of them at once. Groups
 * still running when this process exits, or when it receives SIGINT, SIGTERM or SIGHUP, are killed
 * with SIGKILL. A SIGKILL of this process cannot be caught, so it leaves its groups running.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const runningGroups = new Set<number>();
let cleanupInstalled = false;
let signalCleanupDeferred = false;

/**
 * Leaves SIGINT, SIGTERM and SIGHUP to the caller's own listener, which can then stop its children
 * gracefully before it exits. Groups still running when this process exits are killed as before.
 */
export function deferSignalCleanup(): void {
	signalCleanupDeferred = true;
}

/** Spawns `command` as the leader of a new process group that is killed when this process exits. */
export function spawnInGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
	installExitCleanup();
	const child = spawn(command, args, { ...options, detached: true });
	if (child.pid !== undefined) runningGroups.add(child.pid);
	return child;
}

/** Sends `signal` to every process of the group led by `pid`, ignoring a group that is gone. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (pid === undefined) return;
	try {
		process.kill(-pid, signal);
	} catch (error) {
		// ESRCH: every process of the group has already exited.
		if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
	}
}

/** Kills the group led by `pid` with SIGKILL and stops tracking it. */
export function endGroup(pid: number | undefined): void {
	killGroup(pid, 'SIGKILL');
	if (pid !== undefined) runningGroups.delete(pid);
}

/** Waits until the process exits, which can happen before its output streams close. */
export function waitForExit(
	child: ChildProcess,
): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }> {
	return new Promise((resolve, reject) => {
		if (child.exitCode !== null || child.signalCode !== null) {
			resolve({ exitCode: child.exitCode, signal: child.signalCode });
			return;
		}
		child.once('error', reject);
		child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
	});
}

/** Waits until the child's piped stdout and stderr are closed. */
export async function waitForStreamsClosed(child: ChildProcess): Promise<void> {
	const streams = [child.stdout, child.stderr].filter(
		(stream): stream is NonNullable<typeof stream> => stream !== null && !stream.closed,
	);
	await Promise.all(
		streams.map((stream) => new Promise<void>((resolve) => stream.once('close', () => resolve()))),
	);
}

/**
 * Kills every tracked group on exit and on SIGINT, SIGTERM and SIGHUP. After a signal the handler
 * removes itself and raises the signal again, so the default action (exit) still happens unless
 * another listener handles it.
 */
function installExitCleanup(): void {
	if (cleanupInstalled) return;
	cleanupInstalled = true;

	const killAll = () => {
		for (const pid of runningGroups) killGroup(pid, 'SIGKILL');
		runningGroups.clear();
	};
	process.on('exit', killAll);

	const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
	const onSignal = (signal: NodeJS.Signals) => {
		if (signalCleanupDeferred) return;
		killAll();
		for (const name of signals) process.removeListener(name, onSignal);
		process.kill(process.pid, signal);
	};
	for (const signal of signals) process.on(signal, onSignal);
}
