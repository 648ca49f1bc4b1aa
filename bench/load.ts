/** Posts prepared requests with a fixed concurrency and records each answer's status and latency. */

export interface PlannedPost {
	/** Builds the request when a worker takes it, so a signed timestamp is current. */
	build(): { url: string; headers: Record<string, string>; body: Buffer; deliveryId: string };
	label: string;
}

export interface PostOutcome {
	label: string;
	deliveryId: string;
	status: number;
	latencyMs: number;
}

export interface LoadResult {
	outcomes: PostOutcome[];
	seconds: number;
}

export async function postAll(plan: PlannedPost[], concurrency: number): Promise<LoadResult> {
	const outcomes: PostOutcome[] = [];
	let next = 0;
	const worker = async () => {
		while (next < plan.length) {
			const planned = plan[next++];
			const request = planned.build();
			const started = performance.now();
			const response = await fetch(request.url, {
				method: 'POST',
				headers: request.headers,
				body: request.body,
			});
			await response.arrayBuffer();
			outcomes.push({
				label: planned.label,
				deliveryId: request.deliveryId,
				status: response.status,
				latencyMs: performance.now() - started,
			});
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: concurrency }, worker));
	return { outcomes, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: number[], fraction: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/** Describes the p50 and p99 latency of the outcomes that match. */
export function describeLatency(outcomes: PostOutcome[], match: (outcome: PostOutcome) => boolean) {
	const sorted = outcomes
		.filter(match)
		.map((outcome) => outcome.latencyMs)
		.sort((a, b) => a - b);
	return `p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms (${sorted.length} answers)`;
}

/** Counts outcomes by label and status, as "1000 signed 200, 1000 forged 401". */
export function describeStatuses(outcomes: PostOutcome[]): string {
	const counts = new Map<string, number>();
	for (const outcome of outcomes) {
		const key = `${outcome.label} ${outcome.status}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return [...counts]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([key, count]) => `${count} ${key}`)
		.join(', ');
}
