import {
	DELIVERY_HEADER,
	EVENT_HEADER,
	SIGNATURE_HEADER,
	TIMESTAMP_HEADER,
	type WebhookEvent,
} from './contract';
import { computeSignature } from './delivery-sender';

/**
 * How `Sandbox.deliver` signs and sends a delivery, so a receiver's checks can be tested:
 * - `valid`: correctly signed with the current time.
 * - `wrong_signature`: signed with a different secret.
 * - `stale_timestamp`, `future_timestamp`: a timestamp 10 minutes in the past or future, correctly
 *   signed over that timestamp.
 * - `tampered_body`: signed over the body, then one character of the event id changed. The body
 *   stays valid JSON of the same length.
 * - `repeat`: the previous delivery of the event to the same target again, with its delivery id
 *   and body, freshly timestamped and correctly signed.
 * - `missing_signature`: no signature header.
 * - `multiple_signatures`: the header `v1=<wrong>,v1=<right>`.
 */
export type DeliveryVariant =
	| 'valid'
	| 'wrong_signature'
	| 'stale_timestamp'
	| 'future_timestamp'
	| 'tampered_body'
	| 'repeat'
	| 'missing_signature'
	| 'multiple_signatures';

export const DELIVERY_VARIANTS: readonly DeliveryVariant[] = [
	'valid',
	'wrong_signature',
	'stale_timestamp',
	'future_timestamp',
	'tampered_body',
	'repeat',
	'missing_signature',
	'multiple_signatures',
];

/** How far the stale and future variants move the timestamp, in seconds. */
export const TIMESTAMP_SKEW_SECONDS = 10 * 60;

/** The user agent of deliveries (assumed). */
const USER_AGENT = 'ProspectB2B-Webhooks/1.0 (sandbox)';

/** A delivery attempt ready to send: headers and the exact body bytes as text. */
export interface SignedDelivery {
	headers: Record<string, string>;
	body: string;
}

/** Returns the body with one character of its event id changed. */
function tamperBody(body: string): string {
	const match = /"id":"evt_[^"]*?(\w)"/.exec(body);
	if (!match) {
		// Event bodies always start with their id, so this is reached only for a foreign body.
		return body.length > 0 ? `${body.slice(0, -1)} ` : ' ';
	}

	const index = match.index + match[0].length - 2;
	const replacement = body[index] === '0' ? '1' : '0';
	return `${body.slice(0, index)}${replacement}${body.slice(index + 1)}`;
}

/**
 * Builds the headers and body of one delivery attempt. `nowSeconds` is the Unix time in seconds.
 * The wrong signatures are HMACs keyed by a different secret, so they have the right length.
 */
export function signDelivery(fields: {
	event: WebhookEvent;
	deliveryId: string;
	body: string;
	secret: string;
	nowSeconds: number;
	variant?: DeliveryVariant;
}): SignedDelivery {
	const variant = fields.variant ?? 'valid';

	let timestamp = fields.nowSeconds;
	if (variant === 'stale_timestamp') {
		timestamp -= TIMESTAMP_SKEW_SECONDS;
	} else if (variant === 'future_timestamp') {
		timestamp += TIMESTAMP_SKEW_SECONDS;
	}

	const right = computeSignature(fields.secret, timestamp, fields.body);
	const wrong = computeSignature(`${fields.secret}_wrong`, timestamp, fields.body);

	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		'User-Agent': USER_AGENT,
		[EVENT_HEADER]: fields.event,
		[DELIVERY_HEADER]: fields.deliveryId,
		[TIMESTAMP_HEADER]: String(timestamp),
	};

	if (variant === 'wrong_signature') {
		headers[SIGNATURE_HEADER] = `v1=${wrong}`;
	} else if (variant === 'multiple_signatures') {
		headers[SIGNATURE_HEADER] = `v1=${wrong},v1=${right}`;
	} else if (variant !== 'missing_signature') {
		headers[SIGNATURE_HEADER] = `v1=${right}`;
	}

	const body = variant === 'tampered_body' ? tamperBody(fields.body) : fields.body;
	return { headers, body };
}
