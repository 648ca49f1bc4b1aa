/** Polling helpers for conditions that a running n8n or the sandbox reaches on its own. */

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `probe` every `intervalMs` until it returns a value other than undefined, and returns
 * that value. Returns undefined when `timeoutMs` passes first.
 */
export async function waitFor<T>(
	probe: () => Promise<T | undefined> | T | undefined,
	timeoutMs: number,
	intervalMs = 250,
): Promise<T | undefined> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() >= deadline) return undefined;
		await sleep(intervalMs);
	}
}
