/**
 * When a failed request may be sent again, and how long to wait first.
 *
 * A request is sent again only when a second copy cannot apply a change twice: reads, deletes,
 * and writes that carry an Idempotency-Key (the API replays the first result for the same key).
 * A 429 is retried after the Retry-After the API sent. A 5xx, a timeout or a dropped connection
 * is retried after an exponential backoff with jitter. Other responses are final.
 */

export const DEFAULT_MAX_RETRIES = 3;
export const MAX_RETRIES_LIMIT = 10;

/** The longest Retry-After the node waits; a longer one fails at once with the API's wait. */
export const MAX_RETRY_AFTER_MS = 60_000;

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;

/** Error codes of Node's HTTP client for requests that got no complete response. */
const TRANSPORT_ERROR_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
]);

export type Failure =
	{ kind: 'status'; status: number; retryAfter?: string } | { kind: 'transport'; code: string };

export interface RetryDecision {
	retry: boolean;
	delayMs: number;
}

/** Returns whether sending the request twice cannot apply it twice. */
export function isReplaySafe(method: string, hasIdempotencyKey: boolean): boolean {
	const upper = method.toUpperCase();
	return upper === 'GET' || upper === 'HEAD' || upper === 'DELETE' || hasIdempotencyKey;
}

/** Returns whether a transport error code means the request may not have reached the API. */
export function isTransportErrorCode(code: string | undefined): boolean {
	return code !== undefined && TRANSPORT_ERROR_CODES.has(code);
}

/** Reads Retry-After in seconds or as an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random wait up to base * 2^retryNumber, capped. */
export function backoffMs(retryNumber: number, random: () => number = Math.random): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retryNumber);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Decides whether to send a failed request again.
 *
 * `retriesDone` counts the retries already made; `maxRetries` bounds them.
 */
export function decideRetry(
	failure: Failure,
	request: { method: string; hasIdempotencyKey: boolean },
	retriesDone: number,
	maxRetries: number,
	random: () => number = Math.random,
): RetryDecision {
	const stop = { retry: false, delayMs: 0 };
	if (retriesDone >= maxRetries) return stop;
	if (!isReplaySafe(request.method, request.hasIdempotencyKey)) return stop;

	if (failure.kind === 'transport') {
		return isTransportErrorCode(failure.code)
			? { retry: true, delayMs: backoffMs(retriesDone, random) }
			: stop;
	}
	if (failure.status === 429) {
		const wait = parseRetryAfter(failure.retryAfter);
		if (wait !== undefined && wait > MAX_RETRY_AFTER_MS) return stop;
		return { retry: true, delayMs: wait ?? backoffMs(retriesDone, random) };
	}
	if (failure.status >= 500) {
		return { retry: true, delayMs: backoffMs(retriesDone, random) };
	}
	return stop;
}
