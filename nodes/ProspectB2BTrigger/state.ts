/**
 * The ProspectB2B Trigger's static data, which n8n stores with the workflow:
 *
 * - `webhooks`: the endpoints this node registered, keyed by the exact webhook URL, so the test
 *   URL and the production URL each have their own registration. Each contains the endpoint ID, the
 *   signing secret from the create response (the API never returns it again) and the events.
 * - `deliveryMemory`: the keys of the deliveries accepted within the timestamp window, in two
 *   generations (see `rememberDelivery`). A key is `delivery:<X-ProspectB2B-Delivery>` or
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
 * The maximum number of delivery keys the node keeps. Keys are kept for the timestamp window, because a copy of
 * an older delivery fails the timestamp check anyway, and only verified deliveries are remembered,
 * so a forger cannot fill the memory. An accepted delivery adds up to two keys, and
 * `rememberDelivery` may drop the older half, so the node recognises a copy of any of the last
 * 10,000 deliveries of the window; a copy that arrives after more than that may start a second
 * run. That is about what one n8n can accept in the default window of 5 minutes. n8n loads and
 * saves the whole static data for every delivery, so this bound also bounds that cost.
 */
export const MAX_REMEMBERED_DELIVERY_KEYS = 40_000;

const GENERATION_KEYS = MAX_REMEMBERED_DELIVERY_KEYS / 2;

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

/**
 * The deliveries accepted over one span of time. `keys` is one string: a line feed, then each key
 * followed by a line feed. n8n loads, wraps in proxies and saves the static data for every
 * delivery, and a string costs it far less than an object with a property per key: about 3 ms
 * against 23 ms for 20,000 keys, measured on the development machine. `until` is the last Unix
 * second at which a copy of any of these deliveries can still pass the timestamp check.
 */
interface DeliveryGeneration {
	until: number;
	count: number;
	keys: string;
}

interface DeliveryMemory {
	current: DeliveryGeneration;
	previous: DeliveryGeneration;
}

const KEY_SEPARATOR = '\n';

function emptyGeneration(): DeliveryGeneration {
	return { until: 0, count: 0, keys: KEY_SEPARATOR };
}

/** Writes a key without line feeds, so that it cannot run into its neighbours. */
function encodeKey(key: string): string {
	return key.replace(/%/g, '%25').replace(/\n/g, '%0A');
}

function holdsKey(generation: DeliveryGeneration, encodedKey: string): boolean {
	return generation.keys.includes(`${KEY_SEPARATOR}${encodedKey}${KEY_SEPARATOR}`);
}

function readGeneration(value: unknown): DeliveryGeneration | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const { until, count, keys } = value as Record<string, unknown>;
	if (typeof until !== 'number' || typeof count !== 'number') return undefined;
	if (typeof keys !== 'string' || !keys.startsWith(KEY_SEPARATOR)) return undefined;
	return { until, count, keys };
}

function readMemory(staticData: IDataObject): DeliveryMemory | undefined {
	const stored = staticData.deliveryMemory;
	if (typeof stored !== 'object' || stored === null) return undefined;
	const current = readGeneration((stored as IDataObject).current);
	const previous = readGeneration((stored as IDataObject).previous);
	return current && previous ? { current, previous } : undefined;
}

/**
 * Reads the list that version 0.1.0 kept in `recentDeliveries` (`<timestamp>|<key>` strings) as
 * one generation, so that an upgrade drops no delivery of the current window.
 */
function readEarlierList(staticData: IDataObject, toleranceSeconds: number): DeliveryGeneration {
	const generation = emptyGeneration();
	const stored = staticData.recentDeliveries;
	if (!Array.isArray(stored)) return generation;
	const keys: string[] = [];
	for (const value of stored) {
		if (typeof value !== 'string') continue;
		const separator = value.indexOf('|');
		const timestamp = Number(value.slice(0, separator));
		if (separator === -1 || !Number.isFinite(timestamp)) continue;
		keys.push(encodeKey(value.slice(separator + 1)));
		generation.until = Math.max(generation.until, timestamp + toleranceSeconds);
	}
	generation.count = keys.length;
	generation.keys =
		keys.length === 0
			? KEY_SEPARATOR
			: `${KEY_SEPARATOR}${keys.join(KEY_SEPARATOR)}${KEY_SEPARATOR}`;
	return generation;
}

export function wasDeliveryAccepted(staticData: IDataObject, keys: string[]): boolean {
	const memory = readMemory(staticData);
	const generations = memory ? [memory.current, memory.previous] : [readEarlierList(staticData, 0)];
	return keys.some((key) => {
		const encodedKey = encodeKey(key);
		return generations.some((generation) => holdsKey(generation, encodedKey));
	});
}

/**
 * Adds a delivery's keys; `timestamp` is the delivery's, in Unix seconds.
 *
 * The keys live in two generations, so that the node never walks the whole memory to forget old
 * keys. New keys go into the current generation. When the previous generation's deliveries can no
 * longer pass the timestamp check, or the current one is full, the previous one is dropped and the
 * current one takes its place. A key is therefore kept for the whole window, unless more than
 * `MAX_REMEMBERED_DELIVERY_KEYS / 2` newer keys came after it.
 */
export function rememberDelivery(
	staticData: IDataObject,
	keys: string[],
	timestamp: number,
	toleranceSeconds: number,
	nowSeconds: number,
): void {
	let memory = readMemory(staticData);
	if (memory === undefined) {
		memory = {
			current: emptyGeneration(),
			previous: readEarlierList(staticData, toleranceSeconds),
		};
		delete staticData.recentDeliveries;
	}
	let { current, previous } = memory;
	const newKeys = keys.map(encodeKey).filter((key) => !holdsKey(current, key));
	if (previous.until < nowSeconds || current.count + newKeys.length > GENERATION_KEYS) {
		previous = current;
		current = emptyGeneration();
	}
	const added = newKeys.filter((key) => !holdsKey(current, key));
	current = {
		until: Math.max(current.until, timestamp + toleranceSeconds),
		count: current.count + added.length,
		keys:
			added.length === 0
				? current.keys
				: `${current.keys}${added.join(KEY_SEPARATOR)}${KEY_SEPARATOR}`,
	};
	// A new object, so that n8n detects the change and saves it.
	staticData.deliveryMemory = { current, previous };
}
