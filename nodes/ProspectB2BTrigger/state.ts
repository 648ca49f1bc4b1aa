/**
 * The ProspectB2B Trigger's static data, which n8n stores with the workflow:
 *
 * - `webhooks`: the endpoints this node registered, keyed by the exact webhook URL, so the test
 *   URL and the production URL each have their own registration. Each contains the endpoint ID, the
 *   signing secret from the create response (the API never returns it again) and the events.
 * - `recentDeliveries`: keys of the most recent accepted deliveries, oldest first, at most
 *   `MAX_RECENT_DELIVERY_KEYS`. A key is `delivery:<X-ProspectB2B-Delivery>` or
 *   `event:<event ID from the signed body>`.
 */
import type { IDataObject } from 'n8n-workflow';

/** A webhook endpoint this node registered. */
export interface WebhookRegistration {
	id: string;
	secret: string;
	events: string[];
}

/**
 * How many delivery keys the node keeps. An accepted delivery adds up to two keys, so about 500
 * deliveries are remembered. The API retries a delivery after a timeout or a non-2xx response,
 * so a retry that arrives after that many newer deliveries starts a second run.
 */
export const MAX_RECENT_DELIVERY_KEYS = 1000;

function isRegistration(value: unknown): value is WebhookRegistration {
	if (typeof value !== 'object' || value === null) return false;
	const { id, secret, events } = value as Record<string, unknown>;
	return (
		typeof id === 'string' &&
		typeof secret === 'string' &&
		secret !== '' &&
		Array.isArray(events) &&
		events.every((event) => typeof event === 'string')
	);
}

/** Returns every stored registration by webhook URL, skipping malformed entries. */
export function readRegistrations(staticData: IDataObject): Record<string, WebhookRegistration> {
	const stored = staticData.webhooks;
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {};
	const registrations: Record<string, WebhookRegistration> = {};
	for (const [url, value] of Object.entries(stored)) {
		if (isRegistration(value)) registrations[url] = value;
	}
	return registrations;
}

export function readRegistration(
	staticData: IDataObject,
	url: string,
): WebhookRegistration | undefined {
	return readRegistrations(staticData)[url];
}

/** Stores a registration. A new object is assigned, so that n8n detects the change and saves it. */
export function storeRegistration(
	staticData: IDataObject,
	url: string,
	registration: WebhookRegistration,
): void {
	staticData.webhooks = {
		...readRegistrations(staticData),
		[url]: { ...registration, events: [...registration.events] },
	};
}

export function removeRegistration(staticData: IDataObject, url: string): void {
	const registrations = readRegistrations(staticData);
	delete registrations[url];
	staticData.webhooks = registrations;
}

/** Returns the keys that identify a delivery: its delivery ID and its event ID, when known. */
export function deliveryKeys(deliveryId?: string, eventId?: string): string[] {
	const keys: string[] = [];
	if (deliveryId !== undefined) keys.push(`delivery:${deliveryId}`);
	if (eventId !== undefined) keys.push(`event:${eventId}`);
	return keys;
}

function readRecentKeys(staticData: IDataObject): string[] {
	const stored = staticData.recentDeliveries;
	return Array.isArray(stored)
		? stored.filter((key): key is string => typeof key === 'string')
		: [];
}

export function wasDeliveryAccepted(staticData: IDataObject, keys: string[]): boolean {
	const recent = new Set(readRecentKeys(staticData));
	return keys.some((key) => recent.has(key));
}

/** Adds a delivery's keys to the recent list and drops the oldest beyond the bound. */
export function rememberDelivery(staticData: IDataObject, keys: string[]): void {
	const recent = [...readRecentKeys(staticData), ...keys];
	staticData.recentDeliveries = recent.slice(-MAX_RECENT_DELIVERY_KEYS);
}
