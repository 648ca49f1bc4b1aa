/**
 * Builds webhook deliveries as ProspectB2B signs them, independently of the node's code:
 * `X-ProspectB2B-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` keyed by the
 * endpoint's signing secret as UTF-8 text.
 */
import { createHmac } from 'node:crypto';

import type { Prng } from './prng';

export const HEADER = {
	event: 'x-prospectb2b-event',
	delivery: 'x-prospectb2b-delivery',
	timestamp: 'x-prospectb2b-timestamp',
	signature: 'x-prospectb2b-signature',
	contentType: 'content-type',
} as const;

export type DeliveryHeaders = Record<string, string | string[]>;

/** A correctly signed delivery, before any variant changes it. */
export interface SignedDelivery {
	event: string;
	deliveryId: string;
	eventId: string;
	timestamp: string;
	body: Buffer;
	signature: string;
	headers: DeliveryHeaders;
}

/** Events of the trigger under test; both are selected, so each genuine delivery starts a run. */
export const SELECTED_EVENTS = ['lead.created', 'lead.updated'];

/** Names with characters outside ASCII, so bodies carry multi-byte UTF-8. */
const NAMES = ['Ada Lovelace', 'Zoë Ærø', 'Łukasz Żółć', '東京 太郎', 'José Müller', 'Ωmega ✓'];

export function sign(secret: string, timestamp: string, body: Buffer): string {
	return createHmac('sha256', Buffer.from(secret, 'utf8'))
		.update(`${timestamp}.`, 'utf8')
		.update(body)
		.digest('hex');
}

/** HMAC-SHA256 of the body alone, without the timestamp: a signature over the wrong string. */
export function hmacOfBody(secret: string, body: Buffer): string {
	return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex');
}

export function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}

export function buildHeaders(delivery: Omit<SignedDelivery, 'headers'>): DeliveryHeaders {
	return {
		[HEADER.contentType]: 'application/json',
		[HEADER.event]: delivery.event,
		[HEADER.delivery]: delivery.deliveryId,
		[HEADER.timestamp]: delivery.timestamp,
		[HEADER.signature]: `v1=${delivery.signature}`,
	};
}

/** Builds the event body of delivery `index`, with unique delivery and event ids. */
export function buildSignedDelivery(
	prng: Prng,
	secret: string,
	index: number,
	timestampSeconds = nowSeconds(),
	bodyText?: string,
): SignedDelivery {
	const event = prng.pick(SELECTED_EVENTS);
	const suffix = `${index.toString(36)}_${prng.int(2 ** 31).toString(36)}`;
	const eventId = `evt_fault_${suffix}`;
	const deliveryId = `dlv_fault_${suffix}`;
	const text =
		bodyText ??
		JSON.stringify({
			id: eventId,
			object: 'event',
			type: event,
			created_at: new Date().toISOString(),
			data: {
				id: `lead_fault_${suffix}`,
				object: 'lead',
				full_name: prng.pick(NAMES),
				email: `lead-${suffix}@faults.example`,
			},
		});
	const body = Buffer.from(text, 'utf8');
	const timestamp = String(timestampSeconds);
	const unsigned = {
		event,
		deliveryId,
		eventId,
		timestamp,
		body,
		signature: sign(secret, timestamp, body),
	};
	return { ...unsigned, headers: buildHeaders(unsigned) };
}

/** Returns the header name with each letter upper- or lower-cased at random. */
export function randomCase(prng: Prng, name: string): string {
	return [...name].map((char) => (prng.chance(0.5) ? char.toUpperCase() : char)).join('');
}

/** Returns the headers with their names in random case, as some proxies and clients send them. */
export function withRandomHeaderCase(prng: Prng, headers: DeliveryHeaders): DeliveryHeaders {
	return Object.fromEntries(
		Object.entries(headers).map(([name, value]) => [randomCase(prng, name), value]),
	);
}

/** Replaces one header, matched case-insensitively, or removes it when `value` is undefined. */
export function setHeader(
	headers: DeliveryHeaders,
	name: string,
	value: string | string[] | undefined,
): DeliveryHeaders {
	const copy = Object.fromEntries(
		Object.entries(headers).filter(([key]) => key.toLowerCase() !== name),
	);
	if (value !== undefined) copy[name] = value;
	return copy;
}

/** Returns 64 random hex digits, the shape of a signature. */
export function randomHex(prng: Prng, length = 64): string {
	return Array.from({ length }, () => prng.int(16).toString(16)).join('');
}
