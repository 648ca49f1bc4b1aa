/** How automatic deliveries are attempted and retried. */
export interface DeliveryRetryPolicy {
	/** Attempts per automatic delivery, the first one included. */
	maxAttempts: number;
	/** Waits in ms before the second, third and later attempts. The last value repeats. */
	backoffMs: number[];
	/** Time in ms that one attempt waits for the response before it fails. */
	timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<DeliveryRetryPolicy> = {
	maxAttempts: 3,
	backoffMs: [200, 1000],
	timeoutMs: 10_000,
};

export function validatePolicy(policy: Partial<DeliveryRetryPolicy>): void {
	const { maxAttempts, backoffMs, timeoutMs } = policy;
	if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
		throw new RangeError(
			`Invalid maxAttempts ${String(maxAttempts)}: expected an integer of 1 or more.`,
		);
	}

	if (
		backoffMs !== undefined &&
		!(
			Array.isArray(backoffMs) &&
			backoffMs.length > 0 &&
			backoffMs.every((wait) => Number.isInteger(wait) && wait >= 0)
		)
	) {
		throw new RangeError(
			`Invalid backoffMs ${JSON.stringify(backoffMs)}: expected a non-empty array of whole ms.`,
		);
	}

	if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 1)) {
		throw new RangeError(`Invalid timeoutMs ${String(timeoutMs)}: expected a positive integer.`);
	}
}

/** Returns a copy of the policy parts that are not undefined. */
export function definedParts(policy: Partial<DeliveryRetryPolicy>): Partial<DeliveryRetryPolicy> {
	const entries = Object.entries(structuredClone(policy)).filter(
		([, value]) => value !== undefined,
	);
	return Object.fromEntries(entries) as Partial<DeliveryRetryPolicy>;
}
