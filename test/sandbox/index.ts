import type { AddressInfo } from 'node:net';

import { SANDBOX_KEY_RECORDS, type SandboxKeyName } from './auth';
import { BASE_PATH } from './contract';
import { createControlHandler } from './control';
import { createSandboxServices } from './sandbox-services';
import type { Sandbox, SandboxOptions } from './sandbox-types';
import { createSandboxServer, type ControlHandler } from './server';

export type { FaultMode, FaultOptions } from './faults';
export type { Lead, SeedOptions } from './leads-store';
export type { RequestLogEntry } from './request-log';
export type { CreateStatus, DeleteStatus, ToleranceSwitches } from './tolerance';
export type { Sandbox, SandboxOptions } from './sandbox-types';
export type { DeliverCommand, DeliverResult } from './deliver-command';
export type { StoredDelivery, WebhookDelivery } from './delivery-store';
export type { DeliveryRetryPolicy } from './webhook-dispatcher';
export type { DeliveryVariant } from './webhook-signing';
export type { StoredWebhookEndpoint, WebhookEndpoint } from './webhooks-store';
export type { ExportOptions } from './export-settings';
export type { ExportJob, ExportReadiness } from './exports-store';
export type { WebhookEvent } from './contract';
export {
	BASE_PATH,
	CONTROL_PATH,
	DELIVERY_HEADER,
	EVENT_HEADER,
	FILES_PATH,
	SIGNATURE_HEADER,
	TIMESTAMP_HEADER,
	WEBHOOK_EVENTS,
} from './contract';
export { DELIVERY_VARIANTS } from './webhook-signing';

/** Starts a sandbox on 127.0.0.1 and resolves once it is listening. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	let origin = '';
	const services = createSandboxServices(options, () => origin);
	const { state, leads, webhooks, deliveries, dispatcher, exports, exportSettings } = services;
	const { tolerance, deliverCommands } = services;

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
	origin = `http://127.0.0.1:${port}`;
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
		setCreateStatus: (status) => tolerance.set({ createStatus: status }),
		get tolerance() {
			return tolerance.switches;
		},
		setTolerance: (switches) => tolerance.set(switches),
		webhooks: () => webhooks.all(),
		deliveries: () => deliveries.all(),
		deliver: (command) => deliverCommands.deliver(command),
		waitForDeliveries: () => dispatcher.waitForDeliveries(),
		get deliveryRetryPolicy() {
			return dispatcher.retryPolicy;
		},
		setDeliveryRetryPolicy: (policy) => dispatcher.setRetryPolicy(policy),
		exports: () => exports.all(),
		get exportSettings() {
			return exportSettings.values;
		},
		setExportSettings: (exportOptions) => exportSettings.set(exportOptions),
		failNextExport: (message) => exportSettings.failNext(message),
		reset() {
			dispatcher.reset();
			deliverCommands.reset();
			leads.reset();
			webhooks.reset();
			deliveries.reset();
			exports.reset();
			exportSettings.reset();
			tolerance.reset();
			state.log.reset();
			state.faults.reset();
			state.idempotency.reset();
			state.rateLimiter.reset();
			state.rateLimiter.setLimit(services.initialRateLimit);
		},
		close: () =>
			new Promise<void>((resolve, reject) => {
				dispatcher.cancelAll();
				exports.cancelTimers();
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};

	handleControl = createControlHandler(sandbox);
	return sandbox;
}
