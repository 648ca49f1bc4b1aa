import { DEFAULT_RATE_LIMIT_PER_MINUTE } from './contract';
import { DeliverCommands } from './deliver-command';
import { DeliveryStore } from './delivery-store';
import { serveExportFile } from './export-files';
import { ExportSettings } from './export-settings';
import { registerExportRoutes } from './exports-routes';
import { ExportStore } from './exports-store';
import { FaultQueue } from './faults';
import { IdempotencyStore } from './idempotency';
import { registerLeadRoutes } from './leads-routes';
import { LeadStore } from './leads-store';
import { registerMeRoutes } from './me-routes';
import { RateLimiter } from './rate-limit';
import { RequestLog } from './request-log';
import { Router } from './router';
import type { SandboxOptions } from './sandbox-types';
import type { ServerState } from './server';
import { ToleranceSettings } from './tolerance';
import { WebhookDispatcher } from './webhook-dispatcher';
import { registerWebhookRoutes } from './webhooks-routes';
import { WebhookStore } from './webhooks-store';

/** The stores and services of one sandbox, with every API route registered. */
export interface SandboxServices {
	state: ServerState;
	initialRateLimit: number | null;
	leads: LeadStore;
	webhooks: WebhookStore;
	deliveries: DeliveryStore;
	dispatcher: WebhookDispatcher;
	deliverCommands: DeliverCommands;
	exports: ExportStore;
	exportSettings: ExportSettings;
	tolerance: ToleranceSettings;
}

/**
 * Creates the services of a sandbox and registers the API routes. `origin` returns the server's
 * origin, which is known only once it listens. Throws RangeError for an invalid option.
 */
export function createSandboxServices(
	options: SandboxOptions,
	origin: () => string,
): SandboxServices {
	const now = options.now ?? Date.now;
	const initialRateLimit =
		options.rateLimitPerMinute === undefined
			? DEFAULT_RATE_LIMIT_PER_MINUTE
			: options.rateLimitPerMinute;

	const tolerance = new ToleranceSettings({
		createStatus: options.createStatus,
		deleteStatus: options.deleteStatus,
		omitNextCursor: options.omitNextCursor,
		requestIdInHeaderOnly: options.requestIdInHeaderOnly,
		extraFields: options.extraFields,
	});

	const leads = new LeadStore(now);
	const webhooks = new WebhookStore(now);
	const deliveries = new DeliveryStore(now);
	const dispatcher = new WebhookDispatcher(
		{ webhooks, deliveries, now, tolerance },
		options.deliveryRetry,
	);
	const deliverCommands = new DeliverCommands({ dispatcher, webhooks, deliveries, now });
	const exportSettings = new ExportSettings(options.exports);
	const exports = new ExportStore(now, (job) =>
		dispatcher.emit(job.status === 'completed' ? 'export.completed' : 'export.failed', job),
	);

	const state: ServerState = {
		now,
		router: new Router(),
		rateLimiter: new RateLimiter(initialRateLimit, now),
		idempotency: new IdempotencyStore(now),
		faults: new FaultQueue(),
		log: new RequestLog(options.onRequest),
		tolerance,
		serveFile: (method, url, requestId) => serveExportFile(exports, method, url, requestId),
	};

	const emit = dispatcher.emit.bind(dispatcher);
	registerMeRoutes(state.router);
	registerLeadRoutes(state.router, {
		leads,
		createStatus: () => tolerance.switches.createStatus,
		emit,
	});
	registerWebhookRoutes(state.router, { webhooks, deliveries, dispatcher, tolerance });
	registerExportRoutes(state.router, {
		leads,
		exports,
		settings: exportSettings,
		tolerance,
		origin,
	});

	return {
		state,
		initialRateLimit,
		leads,
		webhooks,
		deliveries,
		dispatcher,
		deliverCommands,
		exports,
		exportSettings,
		tolerance,
	};
}
