import { BASE_PATH, FILES_PATH } from './contract';

/**
 * How an injected fault fails a request:
 * - `500`: responds with 500 `internal_error` without running the route.
 * - `429`: responds with 429 `rate_limited` with `Retry-After` without running the route.
 * - `hang`: never responds. The socket stays open until the client gives up or the sandbox closes.
 * - `drop`: destroys the socket without running the route.
 * - `drop_after_apply`: runs the route and stores its idempotency record, then destroys the
 *   socket instead of sending the response.
 */
export type FaultMode = '500' | '429' | 'hang' | 'drop' | 'drop_after_apply';

export const FAULT_MODES: readonly FaultMode[] = ['500', '429', 'hang', 'drop', 'drop_after_apply'];

/** Which requests a fault applies to, and the `Retry-After` value for mode `429`. */
export interface FaultOptions {
	/** HTTP method to match, case-insensitive. Matches every method when absent. */
	method?: string;
	/**
	 * Path prefix to match. A prefix that starts with the API base path or the files prefix
	 * (`/__files`) is compared with the full path, any other with the path below the base path
	 * (`/leads` matches `/leads/lead_1`). Export file downloads match only a files prefix, never a
	 * rule without a path.
	 */
	path?: string;
	/** `Retry-After` seconds sent by mode `429`. Defaults to 1. */
	retryAfterSeconds?: number;
}

/** A fault that matched a request. */
export interface Fault {
	mode: FaultMode;
	retryAfterSeconds: number;
}

interface FaultRule extends Fault {
	remaining: number;
	method?: string;
	path?: string;
}

/** Queue of injected faults. Each request consumes one count of the oldest matching rule. */
export class FaultQueue {
	private rules: FaultRule[] = [];

	add(count: number, mode: FaultMode, options: FaultOptions = {}): void {
		if (!Number.isInteger(count) || count < 1) {
			throw new RangeError(`Invalid fault count ${count}: expected a positive integer.`);
		}

		if (!FAULT_MODES.includes(mode)) {
			throw new RangeError(`Unknown fault mode "${mode}". Use one of ${FAULT_MODES.join(', ')}.`);
		}

		const retryAfterSeconds = options.retryAfterSeconds ?? 1;
		if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 1) {
			throw new RangeError(
				`Invalid retryAfterSeconds ${retryAfterSeconds}: expected a positive integer.`,
			);
		}

		this.rules.push({
			mode,
			remaining: count,
			retryAfterSeconds,
			method: options.method?.toUpperCase(),
			path: options.path,
		});
	}

	reset(): void {
		this.rules = [];
	}

	/** Returns the fault for this request and uses up one count of it, or null when none match. */
	take(method: string, fullPath: string): Fault | null {
		const rule = this.rules.find((candidate) => this.matches(candidate, method, fullPath));
		if (!rule) {
			return null;
		}

		rule.remaining -= 1;
		if (rule.remaining === 0) {
			this.rules = this.rules.filter((candidate) => candidate !== rule);
		}

		return { mode: rule.mode, retryAfterSeconds: rule.retryAfterSeconds };
	}

	private matches(rule: FaultRule, method: string, fullPath: string): boolean {
		if (rule.method !== undefined && rule.method !== method) {
			return false;
		}

		const isFile = fullPath.startsWith(`${FILES_PATH}/`);
		if (rule.path === undefined) {
			return !isFile;
		}

		if (rule.path.startsWith(BASE_PATH) || rule.path.startsWith(FILES_PATH)) {
			return fullPath.startsWith(rule.path);
		}

		return fullPath.startsWith(BASE_PATH) && fullPath.slice(BASE_PATH.length).startsWith(rule.path);
	}
}
