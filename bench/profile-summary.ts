/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time by area (this package's nodes,
 * n8n-core, n8n-workflow, other packages, Node.js internals, garbage collection) and the
 * functions with the most self time.
 *
 *   npx ts-node --transpile-only bench/profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
}

interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

function areaOf(url: string, functionName: string): string {
	if (functionName === '(garbage collector)') return 'garbage collection';
	if (functionName === '(idle)' || functionName === '(program)') return functionName;
	if (url.includes('/nodes/') && !url.includes('node_modules')) return 'this package (nodes/)';
	if (url.includes('/test/')) return 'test harness and sandbox (test/)';
	const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (match) return match[1];
	if (url.startsWith('node:') || url === '') return 'Node.js internals';
	return 'other';
}

function addTo(totals: Map<string, number>, key: string, microseconds: number): void {
	totals.set(key, (totals.get(key) ?? 0) + microseconds);
}

/** Prints the self time of a profile by area and its top functions. */
export function summarizeProfile(file: string, top = 25): void {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const selfTime = new Map<number, number>();
	profile.samples.forEach((id, index) =>
		addTo(selfTime as never, id as never, profile.timeDeltas[index]),
	);

	const byArea = new Map<string, number>();
	const byFunction = new Map<string, number>();
	for (const [id, microseconds] of selfTime) {
		const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
		addTo(byArea, areaOf(url, functionName), microseconds);
		const where =
			url === ''
				? ''
				: ` ${url.replace(/^.*\/(node_modules|nodes|test)\//, '$1/')}:${lineNumber + 1}`;
		addTo(byFunction, `${functionName || '(anonymous)'}${where}`, microseconds);
	}

	const totalMs = (profile.endTime - profile.startTime) / 1000;
	const print = (title: string, totals: Map<string, number>, limit: number) => {
		process.stdout.write(`${title}\n`);
		for (const [key, microseconds] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
			const ms = microseconds / 1000;
			process.stdout.write(
				`  ${ms.toFixed(0).padStart(7)} ms ${((ms / totalMs) * 100).toFixed(1).padStart(5)}%  ${key}\n`,
			);
		}
	};
	process.stdout.write(`${file}: ${totalMs.toFixed(0)} ms profiled\n`);
	print('Self time by area:', byArea, 20);
	print(`Top ${top} functions by self time:`, byFunction, top);
}

if (require.main === module) summarizeProfile(process.argv[2] ?? '', Number(process.argv[3] ?? 25));
