/**
 * Facts about the ProspectB2B Public API v1 that the nodes rely on.
 *
 * ProspectB2B documents the base URL, bearer keys, the `{data, request_id}` and
 * `{data, pagination: {next_cursor, has_more}}` envelopes, the status codes and the idempotency
 * header. Every other detail here is our assumption and is marked with `NOTE:`, so a correction
 * to the real contract is one edit in this file. This module has no n8n UI code.
 */

export const DEFAULT_BASE_URL = 'https://login.prospectb2b.com/api/public/v1';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

// NOTE: assumed limit on the Idempotency-Key length; the documentation gives none.
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

// NOTE: assumed page-size bounds of every list endpoint (`limit`, 1 to 100, default 25).
export const PAGE_SIZE_MIN = 1;
export const PAGE_SIZE_MAX = 100;

// NOTE: assumed key format `pb2b_<live|test>_<id>_<secret>`; the documentation shows only
// `pb2b_live_xxxxx_xxxxx`.
export const API_KEY_PATTERN = /pb2b_[a-z]+_[A-Za-z0-9]+_[A-Za-z0-9_-]+/g;

export const REQUEST_ID_HEADER = 'x-request-id';

export interface ApiErrorBody {
	code?: string;
	message?: string;
	details?: unknown;
	request_id?: string;
}

export interface ApiPagination {
	nextCursor?: string;
	hasMore: boolean;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readHeader(headers: unknown, name: string): string | undefined {
	if (!isObject(headers)) return undefined;
	const match = Object.keys(headers).find((key) => key.toLowerCase() === name);
	const value = match === undefined ? undefined : headers[match];
	if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads the request id from the body, then from `error.request_id`, then from the
 * `X-Request-Id` header.
 */
export function readRequestId(body: unknown, headers: unknown): string | undefined {
	if (isObject(body)) {
		if (typeof body.request_id === 'string' && body.request_id !== '') return body.request_id;
		// NOTE: assumed; some error bodies may carry the id inside the error object only.
		if (isObject(body.error) && typeof body.error.request_id === 'string') {
			return body.error.request_id;
		}
	}
	return readHeader(headers, REQUEST_ID_HEADER);
}

/** Reads the API error object from an error response body, whatever of it is present. */
export function readApiError(body: unknown): ApiErrorBody {
	// NOTE: assumed error envelope `{error: {code, message, details}, request_id}`.
	if (!isObject(body) || !isObject(body.error)) return {};
	const { code, message, details, request_id } = body.error;
	return {
		code: typeof code === 'string' ? code : undefined,
		message: typeof message === 'string' ? message : undefined,
		details,
		request_id: typeof request_id === 'string' ? request_id : undefined,
	};
}

/**
 * Returns the object inside a single-object envelope. A body without `data` is returned as it
 * is, so an API that responds with the bare object still works.
 */
export function readDataObject(body: unknown): JsonObject {
	if (isObject(body) && isObject(body.data)) return body.data;
	if (isObject(body)) {
		const rest = { ...body };
		delete rest.request_id;
		return rest;
	}
	return {};
}

/** Returns the rows of a list envelope, or an empty list when the body contains none. */
export function readDataList(body: unknown): JsonObject[] {
	if (isObject(body) && Array.isArray(body.data)) return body.data.filter(isObject);
	if (Array.isArray(body)) return body.filter(isObject);
	return [];
}

/**
 * Reads the cursor of the next page. The walk ends when `has_more` is false, or `next_cursor`
 * is null, empty or absent, whichever the API sends.
 */
export function readPagination(body: unknown): ApiPagination {
	const pagination = isObject(body) && isObject(body.pagination) ? body.pagination : {};
	const cursor = pagination.next_cursor;
	const nextCursor = typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
	const hasMore = pagination.has_more !== false && nextCursor !== undefined;
	return { nextCursor, hasMore };
}

/** Returns whether a response body contains a list envelope. */
export function isListBody(body: unknown): boolean {
	return isObject(body) && Array.isArray(body.data);
}

/**
 * The scope that each kind of request needs.
 *
 * NOTE: assumed mapping; the documentation lists the scope names but not which one each
 * operation requires beyond `leads.write` for creating and patching leads.
 */
/**
 * The writable lead fields, by the API's names.
 *
 * NOTE: assumed lead schema; the documentation shows only `full_name`, `email` and
 * `company_name`.
 */
export const LEAD_FIELDS = {
	fullName: 'full_name',
	email: 'email',
	companyName: 'company_name',
	jobTitle: 'job_title',
	phone: 'phone',
	website: 'website',
	linkedinUrl: 'linkedin_url',
	tags: 'tags',
	customFields: 'custom_fields',
} as const;

export const REQUIRED_SCOPES = {
	account: { read: 'me.read' },
	lead: { read: 'leads.read', write: 'leads.write' },
	// NOTE: assumed; the documentation names webhooks.write for managing endpoints and retries
	// but no scope for reading them.
	webhook: { read: 'webhooks.write', write: 'webhooks.write' },
	export: { read: 'leads.export', write: 'leads.export' },
} as const;

/** The webhook events, as documented. */
export const WEBHOOK_EVENTS = [
	'lead.created',
	'lead.updated',
	'import.completed',
	'import.failed',
	'export.completed',
	'export.failed',
	'campaign.created',
	'campaign.updated',
	'campaign.published',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Headers of a webhook delivery, as documented, lower-cased as Node.js delivers them. */
export const DELIVERY_HEADERS = {
	event: 'x-prospectb2b-event',
	deliveryId: 'x-prospectb2b-delivery',
	timestamp: 'x-prospectb2b-timestamp',
	signature: 'x-prospectb2b-signature',
} as const;

// NOTE: assumed that ProspectB2B signs each attempt of a delivery, its retries included, with the
// time of that attempt and keeps its X-ProspectB2B-Delivery ID. A retry then passes the timestamp
// check, so the trigger recognises it by its delivery and event IDs, whatever its age.

/**
 * The signature scheme of deliveries, as documented: `X-ProspectB2B-Signature: v1=<hex>`, where
 * `<hex>` is HMAC-SHA256 keyed by the signing secret over `<timestamp>.<raw body bytes>`, and the
 * timestamp is Unix seconds.
 */
export const SIGNATURE_SCHEME = 'v1';

// NOTE: assumed webhook delivery states and export states.
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export const EXPORT_FORMATS = ['csv', 'json'] as const;
export const EXPORT_FAILED_STATUS = 'failed';

/** Paths of the endpoints the trigger nodes call, below the base URL. */
export const WEBHOOKS_PATH = '/webhooks';
export const LEADS_PATH = '/leads';

/** Query parameter of `GET /leads` for incremental sync. The API compares strictly after. */
export const UPDATED_AFTER_PARAM = 'updated_after';

/** Default maximum distance, in seconds, between a delivery's timestamp and the receiver's clock. */
export const DEFAULT_TIMESTAMP_TOLERANCE_SECONDS = 300;

/** A webhook endpoint as `POST /webhooks` and `GET /webhooks` return it. */
export interface WebhookEndpoint {
	id?: string;
	url?: string;
	events?: string[];
	enabled?: boolean;
	/** The first characters of the signing secret, so a holder of a secret can match it. */
	secretPrefix?: string;
	/** Present only in the create (and rotate) response. */
	signingSecret?: string;
}

/**
 * Reads the fields of a webhook endpoint object that the trigger relies on.
 *
 * NOTE: assumed field names `url`, `events`, `enabled`, `secret_prefix` and `signing_secret`.
 * The documentation states only that the secret is shown once and that the product keeps its
 * prefix.
 */
export function readWebhookEndpoint(object: unknown): WebhookEndpoint {
	if (!isObject(object)) return {};
	const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
	return {
		id: text(object.id),
		url: text(object.url),
		events: Array.isArray(object.events)
			? object.events.filter((event): event is string => typeof event === 'string')
			: undefined,
		enabled: typeof object.enabled === 'boolean' ? object.enabled : undefined,
		secretPrefix: text(object.secret_prefix),
		signingSecret: text(object.signing_secret),
	};
}

/** The signed facts of a delivery body. */
export interface DeliveryEvent {
	/** The event's own ID, which stays the same when the API sends the delivery again. */
	eventId?: string;
	/** The event type, when the body names one of the documented events. */
	type?: WebhookEvent;
}

/**
 * Reads the event ID and type from a parsed delivery body.
 *
 * NOTE: assumed body `{"id": "evt_...", "object": "event", "type": "<event>", "created_at",
 * "data"}`. The ID is read only when `object` is `"event"`, so that a body that turns out to be
 * the bare lead is never mistaken for an event ID.
 */
export function readDeliveryEvent(body: unknown): DeliveryEvent {
	if (!isObject(body)) return {};
	const isEvent = body.object === 'event';
	const known = (WEBHOOK_EVENTS as readonly unknown[]).includes(body.type);
	return {
		eventId: isEvent && typeof body.id === 'string' && body.id !== '' ? body.id : undefined,
		type: known ? (body.type as WebhookEvent) : undefined,
	};
}

/** The position of a lead in the `(updated_at, id)` order of `GET /leads`. */
export interface LeadPosition {
	updated_at: string;
	id: string;
}

/** Reads a lead's position, or undefined when the row lacks a valid `updated_at` or an `id`. */
export function readLeadPosition(row: unknown): LeadPosition | undefined {
	if (!isObject(row) || typeof row.id !== 'string' || typeof row.updated_at !== 'string') {
		return undefined;
	}
	return Number.isNaN(Date.parse(row.updated_at))
		? undefined
		: { updated_at: row.updated_at, id: row.id };
}

/**
 * Compares two positions in list order: by time, then by ID. Times are compared as instants, so
 * two spellings of the same moment are equal.
 *
 * NOTE: assumed that ties on `updated_at` are ordered by `id` as plain string comparison.
 */
export function compareLeadPositions(left: LeadPosition, right: LeadPosition): number {
	const byTime = Date.parse(left.updated_at) - Date.parse(right.updated_at);
	if (byTime !== 0) return byTime;
	if (left.id === right.id) return 0;
	return left.id < right.id ? -1 : 1;
}

// NOTE: assumed that the HMAC key is the signing secret's text as the create response spells
// it (its UTF-8 bytes), not a hex or base64 decoding of it.
export const SIGNING_SECRET_ENCODING = 'utf8';
