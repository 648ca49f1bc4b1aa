/**
 * Facts about the ProspectB2B Public API v1 that the sandbox enforces. Values marked "assumed" are
 * not stated on ProspectB2B's public pages. They are our choices and can be corrected here.
 */

/** Path prefix of every public API route. */
export const BASE_PATH = '/api/public/v1';

/** Path prefix of the test-only control routes, outside the API and without authentication. */
export const CONTROL_PATH = '/__sandbox';

/** Scopes seen on the public pages. The full list has 21 scopes, of which these 12 are known. */
export const KNOWN_SCOPES = [
	'me.read',
	'leads.read',
	'leads.write',
	'leads.import',
	'leads.export',
	'lead-fields.read',
	'messages.read',
	'inbox.read',
	'webhooks.write',
	'billing.read',
	'campaigns.read',
	'prospector.read',
] as const;

export type Scope = (typeof KNOWN_SCOPES)[number];

/** Key format, assumed from the documented example `pb2b_live_xxxxx_xxxxx`. */
export const API_KEY_PATTERN = /^pb2b_(live|test)_([A-Za-z0-9]+)_([A-Za-z0-9]+)$/;

/** List page size: default and maximum (assumed). */
export const DEFAULT_PAGE_LIMIT = 25;
export const MAX_PAGE_LIMIT = 100;

/** Maximum length of an `Idempotency-Key` header value (assumed). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** How long an idempotency record is replayed, in ms (assumed: 24 hours). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** Methods on which `Idempotency-Key` is honoured (assumed). */
export const IDEMPOTENT_METHODS = new Set(['POST', 'PATCH']);

/** Requests per rolling minute per API key (assumed, because the real limit is not published). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;
export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Maximum request body size in bytes.
 * NOTE: assumed, because the real limit is not published.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Path prefix of export files served through the pre-signed `download_url`. */
export const FILES_PATH = '/__files';

/** The 9 webhook events on the public pages. */
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

/** Delivery headers as documented. The signature is `v1=<hex HMAC-SHA256>`. */
export const EVENT_HEADER = 'X-ProspectB2B-Event';
export const DELIVERY_HEADER = 'X-ProspectB2B-Delivery';
export const TIMESTAMP_HEADER = 'X-ProspectB2B-Timestamp';
export const SIGNATURE_HEADER = 'X-ProspectB2B-Signature';

/** Delivery statuses (assumed). */
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Characters of a delivery response body kept in `response_body_snippet` (assumed). */
export const RESPONSE_SNIPPET_LENGTH = 500;

/** Export formats (assumed). */
export const EXPORT_FORMATS = ['csv', 'json'] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number];
