/**
 * Measurement in a child process, so that each client's peak memory is its own: the parent
 * starts a bench script with ts-node, and the script measures one function and prints the result
 * as the last line of stdout, after RESULT_MARKER.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { basename, join } from 'node:path';

const RESULT_MARKER = 'BENCH_RESULT ';

export interface ChildMeasurement {
	wallMs: number;
	/** User plus system CPU time of the process while the function ran. */
	cpuMs: number;
	/** Items or rows the function returned. */
	count: number;
	/** RSS just before the function ran, in MiB. */
	baselineRssMiB: number;
	/** Peak RSS of the process (getrusage maxrss), in MiB. */
	peakRssMiB: number;
}

/**
 * Runs `run` under the V8 CPU profiler and writes the profile of that call alone to `folder`, for
 * profile-summary.ts. The profiler slows the run, so such a run's times are not benchmark figures.
 */
async function runProfiled(run: () => Promise<number>, folder: string): Promise<number> {
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.start');
	try {
		return await run();
	} finally {
		const { profile } = await session.post('Profiler.stop');
		const file = join(folder, `${basename(process.argv[1], '.ts')}-${process.pid}.cpuprofile`);
		writeFileSync(file, JSON.stringify(profile));
		session.disconnect();
	}
}

/** Measures `run` in this process and prints the result for `runChild`. Call it in a child script. */
export function measureInChild(run: () => Promise<number>): void {
	const main = async () => {
		const profileFolder = process.env.BENCH_CPU_PROFILE_DIR;
		const baselineRssMiB = process.memoryUsage().rss / 2 ** 20;
		const cpu = process.cpuUsage();
		const started = performance.now();
		const count = profileFolder ? await runProfiled(run, profileFolder) : await run();
		const wallMs = performance.now() - started;
		const used = process.cpuUsage(cpu);
		const measurement: ChildMeasurement = {
			wallMs,
			cpuMs: (used.user + used.system) / 1000,
			count,
			baselineRssMiB,
			peakRssMiB: process.resourceUsage().maxRSS / 1024,
		};
		process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(measurement)}\n`);
	};
	main().then(
		() => process.exit(0),
		(error: unknown) => {
			process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
			process.exit(1);
		},
	);
}

/**
 * Runs a bench script in a child process with ts-node and returns its measurement. With
 * BENCH_CPU_PROFILE_DIR set, the child writes a CPU profile of the measured call there.
 */
export function runChild(script: string, env: Record<string, string>): Promise<ChildMeasurement> {
	const args = ['-r', 'ts-node/register', join(__dirname, script)];
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, args, {
			env: {
				...process.env,
				...env,
				TS_NODE_TRANSPILE_ONLY: 'true',
				TS_NODE_PREFER_TS_EXTS: 'true',
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			const line = stdout.split('\n').find((text) => text.startsWith(RESULT_MARKER));
			if (code !== 0 || line === undefined) {
				reject(new Error(`${script} failed with exit code ${code}:\n${stderr.slice(-4000)}`));
				return;
			}
			resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as ChildMeasurement);
		});
	});
}
