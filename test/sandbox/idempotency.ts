import { IDEMPOTENCY_TTL_MS, MAX_IDEMPOTENCY_KEY_LENGTH } from './contract';
import { ApiError, validationFailed } from './errors';

/** A response stored for replay: status and body exactly as first sent. */
export interface StoredResponse {
	status: number;
	body: Record<string, unknown>;
}

interface IdempotencyRecord {
	bodyFingerprint: string;
	response: StoredResponse;
	expiresAt: number;
}

/** What an idempotency key is scoped to: the API key and the request's method and path. */
export interface IdempotencyScope {
	apiKeyId: string;
	method: string;
	path: string;
}

/**
 * Serializes JSON with object keys sorted at every level, so that two bodies that differ only in
 * key order or whitespace compare equal.
 */
export function canonicalJson(value: unknown): string {
	if (value === undefined) {
		return '';
	}

	if (Array.isArray(value)) {
		return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
	}

	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value)
			.sort()
			.map(
				(key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
			);
		return `{${entries.join(',')}}`;
	}

	return JSON.stringify(value);
}

/**
 * Validates an `Idempotency-Key` header value. Returns null when the header is absent.
 * Throws 400 `validation_failed` naming the header when it is empty or too long.
 */
export function parseIdempotencyKey(header: string | undefined): string | null {
	if (header === undefined) {
		return null;
	}

	if (header.length === 0) {
		throw validationFailed([
			{ field: 'Idempotency-Key', message: 'The Idempotency-Key header must not be empty.' },
		]);
	}

	if (header.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
		throw validationFailed([
			{
				field: 'Idempotency-Key',
				message:
					`The Idempotency-Key header is ${header.length} characters long. ` +
					`The maximum is ${MAX_IDEMPOTENCY_KEY_LENGTH}.`,
			},
		]);
	}

	return header;
}

/**
 * Stores successful responses of write requests by idempotency key for replay. Records expire
 * after the idempotency TTL. Only 2xx responses are stored, so a client can fix a rejected
 * request and send it again with the same key.
 */
export class IdempotencyStore {
	private readonly records = new Map<string, IdempotencyRecord>();

	constructor(private readonly now: () => number) {}

	reset(): void {
		this.records.clear();
	}

	/**
	 * Returns the stored response for a repeated request, or null for a new key. Throws 409
	 * `idempotency_conflict` when the key was first used with a different body.
	 */
	find(scope: IdempotencyScope, idempotencyKey: string, body: unknown): StoredResponse | null {
		const recordKey = this.recordKey(scope, idempotencyKey);
		const record = this.records.get(recordKey);

		if (!record) {
			return null;
		}

		if (record.expiresAt <= this.now()) {
			this.records.delete(recordKey);
			return null;
		}

		if (record.bodyFingerprint !== canonicalJson(body)) {
			throw new ApiError(
				409,
				'idempotency_conflict',
				`Idempotency-Key "${idempotencyKey}" was already used with a different request body ` +
					`for ${scope.method} ${scope.path}. Send the original body or use a new key.`,
				{ idempotency_key: idempotencyKey },
			);
		}

		return structuredClone(record.response);
	}

	save(
		scope: IdempotencyScope,
		idempotencyKey: string,
		body: unknown,
		response: StoredResponse,
	): void {
		if (response.status < 200 || response.status > 299) {
			return;
		}

		this.records.set(this.recordKey(scope, idempotencyKey), {
			bodyFingerprint: canonicalJson(body),
			response: structuredClone(response),
			expiresAt: this.now() + IDEMPOTENCY_TTL_MS,
		});
	}

	private recordKey(scope: IdempotencyScope, idempotencyKey: string): string {
		return JSON.stringify([scope.apiKeyId, scope.method, scope.path, idempotencyKey]);
	}
}
