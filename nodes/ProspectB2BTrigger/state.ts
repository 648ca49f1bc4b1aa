/**
 * The ProspectB2B Trigger's static data, which n8n stores with the workflow:
 *
 * - `webhooks`: the endpoints this node registered, keyed by the exact webhook URL, so the test
 *   URL and the production URL each have their own registration. Each contains the endpoint ID, the
 *   signing secret from the create response (the API never returns it again) and the events.
 * - `recentDeliveries`: the accepted deliveries of the timestamp window, oldest first, as
 *   `<delivery timestamp>|<key>`. A key is `delivery:<X-ProspectB2B-Delivery>` or
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
 * The maximum number of delivery keys the node keeps. Keys are kept for the timestamp window, because a copy
 * of an older delivery fails the timestamp check anyway, and only verified deliveries are
 * remembered, so a forger cannot fill the list. An accepted delivery adds up to two keys, so the
 * list covers 25,000 deliveries per window; a copy that arrives after more than that starts a
 * second run.
 */
export const MAX_RECENT_DELIVERY_KEYS = 50_000;

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

interface RecentEntry {
	timestamp: number;
	key: string;
}

function readRecentEntries(staticData: IDataObject): RecentEntry[] {
	const stored = staticData.recentDeliveries;
	if (!Array.isArray(stored)) return [];
	const entries: RecentEntry[] = [];
	for (const value of stored) {
		if (typeof value !== 'string') continue;
		const separator = value.indexOf('|');
		// An entry without a timestamp, from an earlier version, is kept as if it were new.
		entries.push(
			separator === -1
				? { timestamp: Number.MAX_SAFE_INTEGER, key: value }
				: { timestamp: Number(value.slice(0, separator)), key: value.slice(separator + 1) },
		);
	}
	return entries;
}

export function wasDeliveryAccepted(staticData: IDataObject, keys: string[]): boolean {
	const recent = new Set(readRecentEntries(staticData).map((entry) => entry.key));
	return keys.some((key) => recent.has(key));
}

/**
 * Adds a delivery's keys, with its timestamp in Unix seconds, and drops the keys of deliveries
 * whose timestamp is before `oldestTimestamp`, then the oldest beyond the bound.
 */
export function rememberDelivery(
	staticData: IDataObject,
	keys: string[],
	timestamp: number,
	oldestTimestamp: number,
): void {
	const kept = readRecentEntries(staticData)
		.filter((entry) => entry.timestamp >= oldestTimestamp)
		.map((entry) =>
			entry.timestamp === Number.MAX_SAFE_INTEGER ? entry.key : `${entry.timestamp}|${entry.key}`,
		);
	const recent = [...kept, ...keys.map((key) => `${timestamp}|${key}`)];
	staticData.recentDeliveries = recent.slice(-MAX_RECENT_DELIVERY_KEYS);
}
