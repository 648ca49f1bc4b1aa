import type { SandboxKeyName } from './auth';
import type { DeliverCommand, DeliverResult } from './deliver-command';
import type { StoredDelivery } from './delivery-store';
import type { ExportOptions } from './export-settings';
import type { ExportJob } from './exports-store';
import type { FaultMode, FaultOptions } from './faults';
import type { Lead, SeedOptions } from './leads-store';
import type { RequestLogEntry } from './request-log';
import type { CreateStatus, ToleranceSwitches } from './tolerance';
import type { DeliveryRetryPolicy } from './webhook-dispatcher';
import type { StoredWebhookEndpoint } from './webhooks-store';

export interface SandboxOptions extends Partial<Omit<ToleranceSwitches, 'createStatus'>> {
	/** Port on 127.0.0.1. Defaults to 0, a free port chosen by the system. */
	port?: number;
	/** Requests per rolling minute per API key. Defaults to 1200, and null switches the limit off. */
	rateLimitPerMinute?: number | null;
	/**
	 * Status of responses that create a lead (create, and upsert that creates), a webhook endpoint
	 * or an export. Defaults to 200.
	 */
	createStatus?: CreateStatus;
	/**
	 * Clock in ms since the epoch, for timestamps of stored objects, idempotency expiry, the rate
	 * limit, export readiness by time and download URL expiry. Signature timestamps of webhook
	 * deliveries always use the real clock. Defaults to `Date.now`.
	 */
	now?: () => number;
	/** Called with a copy of each API request log entry once its outcome is known. */
	onRequest?: (entry: RequestLogEntry) => void;
	/**
	 * Automatic delivery attempts and retries. Defaults to 3 attempts, waits of 200 ms and then
	 * 1000 ms between them, and a 10 000 ms response timeout per attempt.
	 */
	deliveryRetry?: Partial<DeliveryRetryPolicy>;
	/** Export readiness, `retry_after_seconds`, download URL lifetime and forced failures. */
	exports?: ExportOptions;
}

/** A running sandbox of the ProspectB2B Public API v1 and the controls that tests use. */
export interface Sandbox {
	/** API base URL, `http://127.0.0.1:<port>/api/public/v1`. */
	readonly url: string;
	/** `http://127.0.0.1:<port>`, where the control routes live under `/__sandbox/`. */
	readonly origin: string;
	readonly port: number;
	/** Bearer keys: all scopes, read-only, all scopes except leads.write, and revoked. */
	readonly keys: Record<SandboxKeyName, string>;
	/** Creates `count` leads with timestamps `stepMs` apart (default 1000) from `start`. No events fire. */
	seedLeads(count: number, options?: SeedOptions): Lead[];
	/** Makes the next `count` matching API requests fail in the given way. */
	failNext(count: number, mode: FaultMode, options?: FaultOptions): void;
	/**
	 * Copy of the request log, oldest first: API requests and export file downloads. Control
	 * requests and webhook deliveries are not logged.
	 */
	readonly requests: RequestLogEntry[];
	/** Copies of all leads in creation order. */
	leads(): Lead[];
	/** Sets the per-minute limit per key, or switches it off with null. Counted requests stay counted. */
	setRateLimit(perMinute: number | null): void;
	/** Sets the status of responses that create a lead, a webhook endpoint or an export. */
	setCreateStatus(status: CreateStatus): void;

	/** Copy of the current tolerance switches. */
	readonly tolerance: ToleranceSwitches;
	/** Changes the given tolerance switches and keeps the others. */
	setTolerance(switches: Partial<ToleranceSwitches>): void;

	/** Copies of all webhook endpoints in creation order, with their signing secrets. */
	webhooks(): StoredWebhookEndpoint[];
	/**
	 * Copies of all deliveries in creation order, with the event body each attempt sends. This
	 * includes deliveries that `deliver` sent to a bare URL.
	 */
	deliveries(): StoredDelivery[];
	/**
	 * Sends one delivery now, signed according to `command.variant`, and resolves with the outcome.
	 * Rejects with RangeError for an invalid command.
	 */
	deliver(command: DeliverCommand): Promise<DeliverResult>;
	/** Resolves once every delivery attempt and retry wait still running has finished. */
	waitForDeliveries(): Promise<void>;
	/** Copy of the automatic delivery retry policy. */
	readonly deliveryRetryPolicy: DeliveryRetryPolicy;
	/** Changes the given parts of the automatic delivery retry policy. */
	setDeliveryRetryPolicy(policy: Partial<DeliveryRetryPolicy>): void;

	/** Copies of all exports in creation order. */
	exports(): ExportJob[];
	/** Copy of the current export settings. */
	readonly exportSettings: Required<ExportOptions>;
	/** Changes the given export settings for exports created afterwards. */
	setExportSettings(options: ExportOptions): void;
	/** Makes the next export fail with `message` when it would have become ready. */
	failNextExport(message?: string): void;

	/**
	 * Clears leads, webhooks, deliveries, exports, the request log, faults, idempotency records
	 * and rate-limit counts, cancels running deliveries, and restores the rate limit, tolerance
	 * switches, delivery retry policy and export settings given at start.
	 */
	reset(): void;
	/** Cancels running deliveries, stops the server and closes every connection, hung ones included. */
	close(): Promise<void>;
}
