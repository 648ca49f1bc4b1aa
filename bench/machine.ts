/** The machine a benchmark ran on, for the figures' context. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export function describeMachine(): string[] {
	const cores = cpus();
	const kernel = execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim();
	return [
		`CPU: ${cores.length} cores, ${cores[0]?.model ?? 'model unknown'}`,
		`Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
		`Node.js: ${process.version} (this process and its in-process clients)`,
		`Kernel: ${kernel}`,
	];
}

/**
 * Returns the 1, 5 and 15 minute load averages. Other processes on the machine slow the clients and the
 * sandbox alike, so a load above the core count makes the figures of that moment less reliable.
 */
export function describeLoad(): string {
	return loadavg()
		.map((value) => value.toFixed(2))
		.join(' / ');
}
