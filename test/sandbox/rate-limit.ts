import { RATE_LIMIT_WINDOW_MS } from './contract';

/** Outcome of counting one request against its key's limit. */
export type RateLimitDecision =
	| { limited: false; headers: Record<string, string> }
	| { limited: true; retryAfterSeconds: number; headers: Record<string, string> };

/**
 * Rolling one-minute request limit per API key. A request counts when it is accepted, so requests
 * rejected with 429 do not extend the wait. A limit of `null` switches the check and its headers
 * off.
 */
export class RateLimiter {
	private readonly acceptedAt = new Map<string, number[]>();

	private perMinute: number | null = null;

	constructor(
		perMinute: number | null,
		private readonly now: () => number,
	) {
		this.setLimit(perMinute);
	}

	/** Sets the requests allowed per rolling minute. Counted requests stay counted. */
	setLimit(perMinute: number | null): void {
		if (perMinute !== null && !(Number.isInteger(perMinute) && perMinute >= 1)) {
			throw new RangeError(
				`Invalid rate limit ${perMinute}: expected a positive integer or null to switch it off.`,
			);
		}

		this.perMinute = perMinute;
	}

	get limit(): number | null {
		return this.perMinute;
	}

	reset(): void {
		this.acceptedAt.clear();
	}

	/** Counts a request for `keyId`, or reports how long to wait when the window is full. */
	take(keyId: string): RateLimitDecision {
		if (this.perMinute === null) {
			return { limited: false, headers: {} };
		}

		const now = this.now();
		const windowStart = now - RATE_LIMIT_WINDOW_MS;
		const recent = (this.acceptedAt.get(keyId) ?? []).filter((time) => time > windowStart);
		this.acceptedAt.set(keyId, recent);

		if (recent.length >= this.perMinute) {
			// The window has room again once all but (perMinute - 1) of the counted requests have left it.
			const freedAt = recent[recent.length - this.perMinute] + RATE_LIMIT_WINDOW_MS;
			const retryAfterSeconds = Math.max(1, Math.ceil((freedAt - now) / 1000));

			return {
				limited: true,
				retryAfterSeconds,
				headers: {
					'Retry-After': String(retryAfterSeconds),
					'X-RateLimit-Limit': String(this.perMinute),
					'X-RateLimit-Remaining': '0',
				},
			};
		}

		recent.push(now);
		return {
			limited: false,
			headers: {
				'X-RateLimit-Limit': String(this.perMinute),
				'X-RateLimit-Remaining': String(this.perMinute - recent.length),
			},
		};
	}
}
