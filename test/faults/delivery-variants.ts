/**
 * The deliveries of the forgery campaign: genuine ones in every encoding a sender or proxy may
 * use, tampered ones (body, timestamp, signature, headers), and replays of earlier genuine ones.
 */
import {
	buildHeaders,
	buildSignedDelivery,
	hmacOfBody,
	HEADER,
	nowSeconds,
	randomHex,
	setHeader,
	sign,
	type DeliveryHeaders,
	type SignedDelivery,
} from './delivery-signing';
import type { Prng } from './prng';

/** genuine: must start one run. forged: must be rejected. replay: must not start a run. */
export type Expectation = 'genuine' | 'forged' | 'replay';

export interface Delivery {
	variant: string;
	expectation: Expectation;
	headers: DeliveryHeaders;
	body: Buffer;
	/** Sent with chunked transfer encoding instead of Content-Length. */
	chunked: boolean;
	/** For a replay: genuine deliveries sent since the replayed one. */
	replayDistance?: number;
}

export interface VariantContext {
	prng: Prng;
	secret: string;
	index: number;
	toleranceSeconds: number;
	/** Genuine deliveries sent so far, oldest first. */
	history: Delivery[];
}

interface Variant {
	name: string;
	expectation: Expectation;
	weight: number;
	build(context: VariantContext): Delivery | undefined;
}

type Change = (signed: SignedDelivery, context: VariantContext) => Partial<Delivery>;

function fresh(context: VariantContext, timestamp?: number, bodyText?: string): SignedDelivery {
	return buildSignedDelivery(context.prng, context.secret, context.index, timestamp, bodyText);
}

function variant(name: string, expectation: Expectation, weight: number, change: Change): Variant {
	return {
		name,
		expectation,
		weight,
		build(context) {
			const signed = fresh(context);
			const base = { variant: name, expectation, headers: signed.headers, body: signed.body };
			return { chunked: false, ...base, ...change(signed, context) };
		},
	};
}

function withSignature(signed: SignedDelivery, value: string | string[] | undefined) {
	return { headers: setHeader(signed.headers, HEADER.signature, value) };
}

function withTimestamp(signed: SignedDelivery, value: string | string[] | undefined) {
	return { headers: setHeader(signed.headers, HEADER.timestamp, value) };
}

/** Builds a delivery signed over another timestamp, as a sender with a skewed clock sends it. */
function resigned(context: VariantContext, offsetSeconds: number): Partial<Delivery> {
	const signed = fresh(context, nowSeconds() + offsetSeconds);
	return { headers: signed.headers, body: signed.body };
}

/** Builds a delivery whose body text `render` makes from the default body, then signs it. */
function rendered(context: VariantContext, render: (body: object) => string): Partial<Delivery> {
	const template = fresh(context);
	const signed = fresh(context, undefined, render(JSON.parse(template.body.toString('utf8'))));
	const body = JSON.parse(signed.body.toString('utf8')) as { id: string };
	const headers = buildHeaders({ ...signed, eventId: body.id });
	return { headers, body: signed.body };
}

function escapeNonAscii(text: string): string {
	return text.replace(
		/[^\x20-\x7e]/g,
		(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}

function replay(name: string, weight: number, pickIndex: (context: VariantContext) => number) {
	return {
		name,
		expectation: 'replay' as const,
		weight,
		build(context: VariantContext): Delivery | undefined {
			if (context.history.length === 0) return undefined;
			const position = pickIndex(context);
			const original = context.history[position];
			const headers =
				name === 'replay_new_delivery_id'
					? setHeader(original.headers, HEADER.delivery, `dlv_replay_${context.index}`)
					: original.headers;
			const replayDistance = context.history.length - 1 - position;
			return { ...original, variant: name, expectation: 'replay', headers, replayDistance };
		},
	};
}

const anyEarlier = (context: VariantContext) => context.prng.int(context.history.length);
const recent = (context: VariantContext) =>
	Math.max(0, context.history.length - 1 - context.prng.int(100));

export const VARIANTS: Variant[] = [
	variant('plain', 'genuine', 10, () => ({})),
	variant('uppercase_hex', 'genuine', 3, (s) =>
		withSignature(s, `v1=${s.signature.toUpperCase()}`),
	),
	variant('padded_signature', 'genuine', 3, (s) => withSignature(s, `  v1=${s.signature} ,  `)),
	variant('extra_schemes', 'genuine', 3, (s, c) =>
		withSignature(s, `v0=${randomHex(c.prng)},v1=${s.signature},v2=${randomHex(c.prng)}`),
	),
	variant('wrong_then_right', 'genuine', 3, (s, c) =>
		withSignature(s, `v1=${randomHex(c.prng)},v1=${s.signature}`),
	),
	variant('two_signature_headers', 'genuine', 3, (s, c) =>
		withSignature(s, [`v1=${randomHex(c.prng)}`, `v1=${s.signature}`]),
	),
	variant('charset_content_type', 'genuine', 3, (s) => ({
		headers: setHeader(s.headers, HEADER.contentType, 'application/json; charset=utf-8'),
	})),
	variant('escaped_unicode_body', 'genuine', 3, (_s, c) =>
		rendered(c, (body) => escapeNonAscii(JSON.stringify(body))),
	),
	variant('pretty_body', 'genuine', 3, (_s, c) =>
		rendered(c, (body) => `${JSON.stringify(body, null, 2)}\n`),
	),
	variant('chunked', 'genuine', 3, () => ({ chunked: true })),
	variant('old_within_window', 'genuine', 2, (_s, c) => resigned(c, -(c.toleranceSeconds - 60))),
	variant('ahead_within_window', 'genuine', 2, (_s, c) => resigned(c, c.toleranceSeconds - 60)),

	variant('body_byte_flipped', 'forged', 4, (s, c) => {
		const body = Buffer.from(s.body);
		const index = c.prng.int(body.length);
		body[index] ^= 1 + c.prng.int(255);
		return { body };
	}),
	variant('body_byte_appended', 'forged', 2, (s, c) => ({
		body: Buffer.concat([s.body, Buffer.from(c.prng.pick([' ', '\n', '\r\n', '\t']))]),
	})),
	variant('body_byte_removed', 'forged', 2, (s, c) => {
		const index = c.prng.int(s.body.length);
		return { body: Buffer.concat([s.body.subarray(0, index), s.body.subarray(index + 1)]) };
	}),
	variant('body_reserialized', 'forged', 2, (s) => {
		const parsed = JSON.parse(s.body.toString('utf8')) as Record<string, unknown>;
		const reversed = Object.fromEntries(Object.entries(parsed).reverse());
		return { body: Buffer.from(escapeNonAscii(JSON.stringify(reversed)), 'utf8') };
	}),
	variant('body_latin1', 'forged', 1, (s) => ({
		body: Buffer.from(`${s.body.toString('utf8').slice(0, -1)},"note":"Café"}`, 'latin1'),
	})),
	variant('timestamp_shifted', 'forged', 3, (s, c) => {
		const shift = (1 + c.prng.int(c.toleranceSeconds - 1)) * (c.prng.chance(0.5) ? 1 : -1);
		return withTimestamp(s, String(Number(s.timestamp) + shift));
	}),
	variant('timestamp_leading_zero', 'forged', 1, (s) => withTimestamp(s, `0${s.timestamp}`)),
	variant('timestamp_missing', 'forged', 1, (s) => withTimestamp(s, undefined)),
	variant('timestamp_not_numeric', 'forged', 1, (s, c) =>
		withTimestamp(s, c.prng.pick([`${s.timestamp}.0`, `${s.timestamp}s`, '1.7e9', ''])),
	),
	variant('timestamp_two_headers', 'forged', 1, (s) =>
		withTimestamp(s, [s.timestamp, String(Number(s.timestamp) - 100)]),
	),
	variant('stale_resigned', 'forged', 2, (_s, c) =>
		resigned(c, -(c.toleranceSeconds + 1 + c.prng.int(86_400))),
	),
	variant('future_resigned', 'forged', 2, (_s, c) =>
		resigned(c, c.toleranceSeconds + 1 + c.prng.int(86_400)),
	),
	variant('signature_wrong_secret', 'forged', 3, (s, c) =>
		withSignature(s, `v1=${sign(`${c.secret}x`, s.timestamp, s.body)}`),
	),
	variant('signature_digit_changed', 'forged', 2, (s, c) => {
		const index = c.prng.int(64);
		const digit = ((parseInt(s.signature[index], 16) + 1 + c.prng.int(15)) % 16).toString(16);
		return withSignature(
			s,
			`v1=${s.signature.slice(0, index)}${digit}${s.signature.slice(index + 1)}`,
		);
	}),
	variant('signature_truncated', 'forged', 1, (s) =>
		withSignature(s, `v1=${s.signature.slice(0, 62)}`),
	),
	variant('signature_missing', 'forged', 1, (s) => withSignature(s, undefined)),
	variant('signature_empty', 'forged', 1, (s) => withSignature(s, 'v1=')),
	variant('signature_other_scheme', 'forged', 1, (s) => withSignature(s, `v2=${s.signature}`)),
	variant('signature_without_scheme', 'forged', 1, (s) => withSignature(s, s.signature)),
	variant('signature_base64', 'forged', 1, (s) =>
		withSignature(s, `v1=${Buffer.from(s.signature, 'hex').toString('base64')}`),
	),
	variant('signature_over_body_only', 'forged', 1, (s, c) =>
		withSignature(s, `v1=${hmacOfBody(c.secret, s.body)}`),
	),
	{
		name: 'signature_of_other_delivery',
		expectation: 'forged',
		weight: 2,
		build(context) {
			if (context.history.length === 0) return undefined;
			const other = context.prng.pick(context.history);
			const signed = fresh(context);
			const headers = { ...signed.headers };
			for (const name of [HEADER.timestamp, HEADER.signature]) {
				const entry = Object.entries(other.headers).find(([key]) => key.toLowerCase() === name);
				headers[name] = entry?.[1] ?? '';
			}
			return {
				variant: this.name,
				expectation: 'forged',
				headers,
				body: signed.body,
				chunked: false,
			};
		},
	},
	replay('replay_exact', 4, anyEarlier),
	replay('replay_recent', 3, recent),
	replay('replay_new_delivery_id', 3, anyEarlier),
];

const TOTAL_WEIGHT = VARIANTS.reduce((sum, entry) => sum + entry.weight, 0);

/** Picks a variant by weight and builds it; a replay with no history yet falls back to plain. */
export function buildDelivery(context: VariantContext): Delivery {
	let roll = context.prng.int(TOTAL_WEIGHT);
	const chosen = VARIANTS.find((entry) => (roll -= entry.weight) < 0) ?? VARIANTS[0];
	return chosen.build(context) ?? VARIANTS[0].build(context)!;
}
