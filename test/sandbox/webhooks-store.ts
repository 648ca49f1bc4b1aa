import { randomBytes } from 'node:crypto';

import type { WebhookEvent } from './contract';

/** A webhook endpoint as the API returns it, without the signing secret. */
export interface WebhookEndpoint {
	id: string;
	object: 'webhook_endpoint';
	url: string;
	events: WebhookEvent[];
	enabled: boolean;
	description: string | null;
	/** The first characters of the signing secret, so a user can tell secrets apart. */
	secret_prefix: string;
	created_at: string;
	updated_at: string;
}

/** A stored webhook endpoint with its signing secret, which the API returns only on create. */
export interface StoredWebhookEndpoint extends WebhookEndpoint {
	signing_secret: string;
}

/** Validated fields of a webhook create or patch request. Absent fields are not set. */
export interface WebhookInput {
	url?: string;
	events?: WebhookEvent[];
	enabled?: boolean;
	description?: string | null;
}

/** Length of `secret_prefix` (assumed). */
export const SECRET_PREFIX_LENGTH = 12;

/** Returns a new signing secret: `whsec_` and 32 random bytes in hex. */
export function newSigningSecret(): string {
	return `whsec_${randomBytes(32).toString('hex')}`;
}

/** Returns the endpoint as the API shows it after creation, without `signing_secret`. */
export function publicEndpoint(endpoint: StoredWebhookEndpoint): WebhookEndpoint {
	const copy: Partial<StoredWebhookEndpoint> = structuredClone(endpoint);
	delete copy.signing_secret;
	return copy as WebhookEndpoint;
}

/** In-memory webhook endpoints, in creation order. Every method returns copies. */
export class WebhookStore {
	private endpoints = new Map<string, StoredWebhookEndpoint>();
	private lastSequence = 0;

	constructor(private readonly now: () => number) {}

	reset(): void {
		this.endpoints.clear();
		this.lastSequence = 0;
	}

	all(): StoredWebhookEndpoint[] {
		return [...this.endpoints.values()].map((endpoint) => structuredClone(endpoint));
	}

	get(id: string): StoredWebhookEndpoint | undefined {
		const endpoint = this.endpoints.get(id);
		return endpoint && structuredClone(endpoint);
	}

	/** Creates an endpoint from validated input that includes `url` and `events`. */
	create(input: WebhookInput & { url: string; events: WebhookEvent[] }): StoredWebhookEndpoint {
		this.lastSequence += 1;
		const timestamp = new Date(this.now()).toISOString();
		const signingSecret = newSigningSecret();

		const endpoint: StoredWebhookEndpoint = {
			id: `wh_${String(this.lastSequence).padStart(8, '0')}`,
			object: 'webhook_endpoint',
			url: input.url,
			events: [...input.events],
			enabled: input.enabled ?? true,
			description: input.description ?? null,
			secret_prefix: signingSecret.slice(0, SECRET_PREFIX_LENGTH),
			signing_secret: signingSecret,
			created_at: timestamp,
			updated_at: timestamp,
		};

		this.endpoints.set(endpoint.id, endpoint);
		return structuredClone(endpoint);
	}

	/** Applies the sent fields and bumps `updated_at`. Returns undefined for an unknown id. */
	update(id: string, input: WebhookInput): StoredWebhookEndpoint | undefined {
		const endpoint = this.endpoints.get(id);
		if (!endpoint) {
			return undefined;
		}

		Object.assign(endpoint, structuredClone(input));

		// As for leads, updated_at never moves backwards and two updates in one millisecond differ.
		const previous = Date.parse(endpoint.updated_at);
		endpoint.updated_at = new Date(Math.max(this.now(), previous + 1)).toISOString();

		return structuredClone(endpoint);
	}

	/** Deletes an endpoint. Returns whether it existed. */
	delete(id: string): boolean {
		return this.endpoints.delete(id);
	}
}
