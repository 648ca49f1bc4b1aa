import type { AddressInfo } from 'node:net';

import { SANDBOX_KEY_RECORDS, type SandboxKeyName } from './auth';
import { BASE_PATH, DEFAULT_RATE_LIMIT_PER_MINUTE } from './contract';
import { createControlHandler } from './control';
import { FaultQueue, type FaultMode, type FaultOptions } from './faults';
import { IdempotencyStore } from './idempotency';
import { registerLeadRoutes, type CreateStatus } from './leads-routes';
import { LeadStore, type Lead, type SeedOptions } from './leads-store';
import { registerMeRoutes } from './me-routes';
import { RateLimiter } from './rate-limit';
import { RequestLog, type RequestLogEntry } from './request-log';
import { Router } from './router';
import { createSandboxServer, type ControlHandler } from './server';

export type { FaultMode, FaultOptions } from './faults';
export type { Lead, SeedOptions } from './leads-store';
export type { RequestLogEntry } from './request-log';
export type { CreateStatus } from './leads-routes';
export { BASE_PATH, CONTROL_PATH } from './contract';

export interface SandboxOptions {
	/** Port on 127.0.0.1. Defaults to 0, a free port chosen by the system. */
	port?: number;
	/** Requests per rolling minute per API key. Defaults to 1200, and null switches the limit off. */
	rateLimitPerMinute?: number | null;
	/** Status of responses that create a lead (create, and upsert that creates). Defaults to 200. */
	createStatus?: CreateStatus;
	/**
	 * Clock in ms since the epoch, for lead timestamps, idempotency expiry and the rate limit.
	 * Defaults to `Date.now`.
	 */
	now?: () => number;
	/** Called with a copy of each API request log entry once its outcome is known. */
	onRequest?: (entry: RequestLogEntry) => void;
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
	/** Creates `count` leads with timestamps `stepMs` apart (default 1000) from `start`. */
	seedLeads(count: number, options?: SeedOptions): Lead[];
	/** Makes the next `count` matching API requests fail in the given way. */
	failNext(count: number, mode: FaultMode, options?: FaultOptions): void;
	/** Copy of the API request log, oldest first. Control requests are not logged. */
	readonly requests: RequestLogEntry[];
	/** Copies of all leads in creation order. */
	leads(): Lead[];
	/** Sets the per-minute limit per key, or switches it off with null. Counted requests stay counted. */
	setRateLimit(perMinute: number | null): void;
	/** Sets the status of responses that create a lead. */
	setCreateStatus(status: CreateStatus): void;
	/**
	 * Clears leads, the request log, faults, idempotency records and rate-limit counts, and
	 * restores the rate limit and create status given at start.
	 */
	reset(): void;
	/** Stops the server and closes every connection, hung ones included. */
	close(): Promise<void>;
}

/** Starts a sandbox on 127.0.0.1 and resolves once it is listening. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const now = options.now ?? Date.now;
	const initialRateLimit =
		options.rateLimitPerMinute === undefined
			? DEFAULT_RATE_LIMIT_PER_MINUTE
			: options.rateLimitPerMinute;
	const initialCreateStatus: CreateStatus = options.createStatus ?? 200;
	let createStatus = initialCreateStatus;

	const leads = new LeadStore(now);
	const state = {
		now,
		router: new Router(),
		rateLimiter: new RateLimiter(initialRateLimit, now),
		idempotency: new IdempotencyStore(now),
		faults: new FaultQueue(),
		log: new RequestLog(options.onRequest),
	};

	registerMeRoutes(state.router);
	registerLeadRoutes(state.router, { leads, createStatus: () => createStatus });

	// The control routes act on the Sandbox object, which exists only once the port is known.
	let handleControl: ControlHandler | undefined;
	const server = createSandboxServer(state, (method, url, body) => {
		if (!handleControl) {
			throw new Error('The sandbox received a control request before it finished starting.');
		}
		return handleControl(method, url, body);
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});

	const port = (server.address() as AddressInfo).port;
	const origin = `http://127.0.0.1:${port}`;
	const keys = Object.fromEntries(
		Object.entries(SANDBOX_KEY_RECORDS).map(([name, record]) => [name, record.secret]),
	) as Record<SandboxKeyName, string>;

	const sandbox: Sandbox = {
		url: `${origin}${BASE_PATH}`,
		origin,
		port,
		keys,
		seedLeads: (count, seedOptions) => leads.seed(count, seedOptions),
		failNext: (count, mode, faultOptions) => state.faults.add(count, mode, faultOptions),
		get requests() {
			return state.log.list();
		},
		leads: () => leads.all(),
		setRateLimit: (perMinute) => state.rateLimiter.setLimit(perMinute),
		setCreateStatus(status) {
			if (status !== 200 && status !== 201) {
				throw new RangeError(`Invalid create status ${String(status)}: expected 200 or 201.`);
			}
			createStatus = status;
		},
		reset() {
			leads.reset();
			state.log.reset();
			state.faults.reset();
			state.idempotency.reset();
			state.rateLimiter.reset();
			state.rateLimiter.setLimit(initialRateLimit);
			createStatus = initialCreateStatus;
		},
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};

	handleControl = createControlHandler(sandbox);
	return sandbox;
}
