/**
 * Verification of webhook delivery signatures.
 *
 * A delivery carries `X-ProspectB2B-Timestamp: <Unix seconds>` and
 * `X-ProspectB2B-Signature: v1=<hex>[,v1=<hex>...]`, where each hex value may be the
 * HMAC-SHA256, keyed by the endpoint's signing secret, of `<timestamp>.<raw body bytes>`. The
 * HMAC is computed over the bytes exactly as received, never over a body parsed and serialised
 * again, because JSON serialisation does not reproduce the sender's bytes. Every check fails
 * closed: anything missing or malformed is a rejection, not a pass.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { DELIVERY_HEADERS, SIGNATURE_SCHEME, SIGNING_SECRET_ENCODING } from './contract';

export type SignatureFailureReason =
	| 'missing_secret'
	| 'missing_signature'
	| 'missing_timestamp'
	| 'invalid_timestamp'
	| 'stale_timestamp'
	| 'future_timestamp'
	| 'signature_mismatch';

export type SignatureCheck =
	{ ok: true; timestamp: number } | { ok: false; reason: SignatureFailureReason };

export interface SignatureInput {
	/** The request body exactly as received. */
	rawBody: Buffer;
	/** Request headers, as Node.js delivers them (lower-case names). */
	headers: Record<string, string | string[] | undefined>;
	/** The endpoint's signing secret; undefined or empty when none is known. */
	secret: string | undefined;
	/** The receiver's clock, in Unix seconds. */
	nowSeconds: number;
	/** Maximum distance, in seconds, between the timestamp and `nowSeconds`. */
	toleranceSeconds: number;
}

/** A Unix time in seconds: digits only, at most 12 of them. */
const TIMESTAMP_PATTERN = /^\d{1,12}$/;

/** The hex form of an HMAC-SHA256 digest. */
const SIGNATURE_HEX_PATTERN = /^[0-9a-f]{64}$/i;

function readHeader(headers: SignatureInput['headers'], name: string): string | undefined {
	const value = headers[name];
	const text = Array.isArray(value) ? value.join(',') : value;
	return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** Returns every `v1=` value of the signature header. Values of other schemes are ignored. */
export function readSignatureValues(header: string): string[] {
	const prefix = `${SIGNATURE_SCHEME}=`;
	return header
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part.startsWith(prefix))
		.map((part) => part.slice(prefix.length));
}

/** Computes the HMAC-SHA256 of `<timestamp>.<raw body bytes>` keyed by the secret. */
export function computeSignature(secret: string, timestamp: string, rawBody: Buffer): Buffer {
	return createHmac('sha256', Buffer.from(secret, SIGNING_SECRET_ENCODING))
		.update(`${timestamp}.`, 'utf8')
		.update(rawBody)
		.digest();
}

/**
 * Returns whether a received hex value equals the expected digest. The lengths are checked
 * first, because `timingSafeEqual` requires equal lengths, and the comparison itself takes the
 * same time wherever the first differing byte is.
 */
function matchesDigest(received: string, expected: Buffer): boolean {
	if (!SIGNATURE_HEX_PATTERN.test(received)) return false;
	const receivedBytes = Buffer.from(received, 'hex');
	return receivedBytes.length === expected.length && timingSafeEqual(receivedBytes, expected);
}

/**
 * Verifies a delivery. Returns the delivery's timestamp when the secret, the timestamp and one
 * of the `v1=` signatures are all present and valid, and the first failed check otherwise.
 */
export function verifySignature(input: SignatureInput): SignatureCheck {
	if (input.secret === undefined || input.secret === '') {
		return { ok: false, reason: 'missing_secret' };
	}

	const signatureHeader = readHeader(input.headers, DELIVERY_HEADERS.signature);
	const received = signatureHeader === undefined ? [] : readSignatureValues(signatureHeader);
	if (received.length === 0) return { ok: false, reason: 'missing_signature' };

	const timestampText = readHeader(input.headers, DELIVERY_HEADERS.timestamp);
	if (timestampText === undefined) return { ok: false, reason: 'missing_timestamp' };
	if (!TIMESTAMP_PATTERN.test(timestampText)) return { ok: false, reason: 'invalid_timestamp' };

	// The window bounds replays of a captured delivery in both directions.
	const timestamp = Number(timestampText);
	if (input.nowSeconds - timestamp > input.toleranceSeconds) {
		return { ok: false, reason: 'stale_timestamp' };
	}
	if (timestamp - input.nowSeconds > input.toleranceSeconds) {
		return { ok: false, reason: 'future_timestamp' };
	}

	// The header's own text is signed, so leading zeros stay part of the signed string.
	const expected = computeSignature(input.secret, timestampText, input.rawBody);
	const matched = received.some((value) => matchesDigest(value, expected));
	return matched ? { ok: true, timestamp } : { ok: false, reason: 'signature_mismatch' };
}
