/**
 * The ProspectB2B Trigger's static data, which n8n stores with the workflow:
 *
 * - `webhooks`: the endpoints this node registered, keyed by the exact webhook URL, so the test
 *   URL and the production URL each have their own registration. Each contains the endpoint ID, the
 *   signing secret from the create response (the API never returns it again) and the events.
 * - `deliveryMemory`: the keys of the last accepted deliveries (see `DeliveryMemory`). A key is
 *   `delivery:<X-ProspectB2B-Delivery>` or `event:<event ID from the signed body>`.
 * - `recentDeliveries`: the list of keys that version 0.1.0 kept. It is read once and deleted.
 */
import { createHash, randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

/** A webhook endpoint this node registered. */
export interface WebhookRegistration {
	id: string;
	secret: string;
	events: string[];
}

/**
 * The maximum number of delivery keys the node keeps: two generations of half as many. An accepted
 * delivery adds up to two keys, so the node recognises a copy of any of the last 10,000 deliveries
 * at least, whatever their age. Only verified deliveries are remembered, so a forger cannot fill the
 * memory. n8n loads and saves the whole static data for every delivery, so this bound also bounds
 * that cost.
 */
export const MAX_REMEMBERED_DELIVERY_KEYS = 40_000;

const GENERATION_KEYS = MAX_REMEMBERED_DELIVERY_KEYS / 2;

/** Keys longer than this are stored as their SHA-256 hash, so that each costs the same space. */
const MAX_STORED_KEY_LENGTH = 200;

/** The maximum number of triggers whose memory one n8n process keeps beside their static data. */
const MAX_WRITTEN_MEMORIES = 100;

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
 * Accepted deliveries, in the order they were accepted. `keys` is one string: a line feed, then
 * each key followed by a line feed. n8n loads, wraps in proxies and saves the static data for every
 * delivery. A string costs it far less than an object with a property per key: in a one-off check
 * on a 2-core machine, a JSON round trip and n8n-workflow 2.41.0's `ObservableObject.create` of
 * 20,000 keys took about 3 ms as a string and 23 ms as an object.
 */
interface DeliveryGeneration {
	count: number;
	keys: string;
}

/**
 * The remembered deliveries of one trigger. New keys go into `current`. When it is full, it
 * becomes `previous` and the old `previous` is dropped. `writer` names the n8n process that saved
 * this state and `revision` counts its saves, so that the process can tell an older copy of its own
 * state from one that another process wrote.
 */
export interface DeliveryMemory {
	writer: string;
	revision: number;
	current: DeliveryGeneration;
	previous: DeliveryGeneration;
}

const KEY_SEPARATOR = '\n';

/** Identifies this n8n process in the memories it writes. */
const PROCESS_WRITER = randomUUID();

/**
 * The memory that this process last wrote for each trigger, by scope (see `loadDeliveryMemory`).
 *
 * n8n loads a workflow's static data when a delivery arrives and saves all of it once the node has
 * responded, so when deliveries overlap, the last save drops the keys that the others added. A
 * process that serves all deliveries, as in n8n's default regular mode, continues from its own
 * last write instead, so no key is lost while it runs. After a restart, or for a trigger whose
 * copy was dropped beyond `MAX_WRITTEN_MEMORIES`, it starts again from the saved static data,
 * which an overlapping save may have left without the last keys. With several webhook processes
 * (queue mode), a process merges what another one wrote, and keys that two processes add at the
 * same moment can still be lost.
 */
const writtenMemories = new Map<string, DeliveryMemory>();

function emptyGeneration(): DeliveryGeneration {
	return { count: 0, keys: KEY_SEPARATOR };
}

function emptyMemory(): DeliveryMemory {
	return { writer: '', revision: 0, current: emptyGeneration(), previous: emptyGeneration() };
}

/**
 * Writes a key as one line of bounded length: line feeds and percent signs are escaped, and a
 * longer key becomes its hash.
 */
function encodeKey(key: string): string {
	if (key.length > MAX_STORED_KEY_LENGTH) {
		return `sha256:${createHash('sha256').update(key).digest('hex')}`;
	}
	return key.replace(/%/g, '%25').replace(/\n/g, '%0A');
}

function containsKey(generation: DeliveryGeneration, encodedKey: string): boolean {
	return generation.keys.includes(`${KEY_SEPARATOR}${encodedKey}${KEY_SEPARATOR}`);
}

function splitKeys(generation: DeliveryGeneration): string[] {
	return generation.keys.split(KEY_SEPARATOR).filter((key) => key !== '');
}

function joinKeys(keys: string[]): DeliveryGeneration {
	if (keys.length === 0) return emptyGeneration();
	return {
		count: keys.length,
		keys: `${KEY_SEPARATOR}${keys.join(KEY_SEPARATOR)}${KEY_SEPARATOR}`,
	};
}

/** Reads one stored generation. A damaged one reads as empty, and the other one is still used. */
function readGeneration(value: unknown): DeliveryGeneration {
	if (typeof value !== 'object' || value === null) return emptyGeneration();
	const { count, keys } = value as IDataObject;
	if (
		typeof keys !== 'string' ||
		!keys.startsWith(KEY_SEPARATOR) ||
		!keys.endsWith(KEY_SEPARATOR)
	) {
		return emptyGeneration();
	}
	if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
		return joinKeys(splitKeys({ count: 0, keys }));
	}
	return { count, keys };
}

function readStoredMemory(staticData: IDataObject): DeliveryMemory | undefined {
	const stored = staticData.deliveryMemory;
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
	const { writer, revision, current, previous } = stored as IDataObject;
	return {
		writer: typeof writer === 'string' ? writer : '',
		revision: typeof revision === 'number' && Number.isInteger(revision) ? revision : 0,
		current: readGeneration(current),
		previous: readGeneration(previous),
	};
}

/**
 * Reads the list that version 0.1.0 kept in `recentDeliveries` (`<timestamp>|<key>` strings,
 * oldest first) as one generation of its newest keys, so that an upgrade drops no recent delivery.
 */
function readEarlierList(staticData: IDataObject): DeliveryMemory | undefined {
	const stored = staticData.recentDeliveries;
	if (!Array.isArray(stored)) return undefined;
	const keys: string[] = [];
	for (const value of stored.slice(-GENERATION_KEYS)) {
		if (typeof value !== 'string') continue;
		const separator = value.indexOf('|');
		keys.push(encodeKey(separator === -1 ? value : value.slice(separator + 1)));
	}
	return { ...emptyMemory(), previous: joinKeys(keys) };
}

/** Adds the keys of `other` that `memory` lacks, as the newest of `memory`. */
function mergeMemories(memory: DeliveryMemory, other: DeliveryMemory): DeliveryMemory {
	const known = new Set([...splitKeys(memory.previous), ...splitKeys(memory.current)]);
	const missing = [...splitKeys(other.previous), ...splitKeys(other.current)].filter(
		(key) => !known.has(key),
	);
	if (missing.length === 0) return memory;
	const current = [...splitKeys(memory.current), ...missing];
	const previous = splitKeys(memory.previous);
	// Keeps the newest keys within the bound, GENERATION_KEYS of them in `current`.
	const newest = [...previous, ...current].slice(-MAX_REMEMBERED_DELIVERY_KEYS);
	const currentStart = Math.max(0, newest.length - GENERATION_KEYS);
	return {
		writer: memory.writer,
		revision: Math.max(memory.revision, other.revision),
		previous: joinKeys(newest.slice(0, currentStart)),
		current: joinKeys(newest.slice(currentStart)),
	};
}

/**
 * Returns the remembered deliveries of the trigger that `scope` names (its workflow, node and
 * execution mode): what this process last wrote for it, merged with the static data when another
 * process or an earlier version wrote that.
 */
export function loadDeliveryMemory(staticData: IDataObject, scope: string): DeliveryMemory {
	const stored = readStoredMemory(staticData) ?? readEarlierList(staticData);
	const written = writtenMemories.get(scope);
	if (written === undefined) return stored ?? emptyMemory();
	if (stored === undefined || stored.writer === PROCESS_WRITER) return written;
	return mergeMemories(written, stored);
}

export function isDeliveryRemembered(memory: DeliveryMemory, keys: string[]): boolean {
	return keys.some((key) => {
		const encodedKey = encodeKey(key);
		return containsKey(memory.current, encodedKey) || containsKey(memory.previous, encodedKey);
	});
}

/**
 * Adds a delivery's keys to `memory` and saves the result in the static data and in this
 * process's own copy for `scope`.
 */
export function rememberDelivery(
	staticData: IDataObject,
	scope: string,
	memory: DeliveryMemory,
	keys: string[],
): void {
	let { current, previous } = memory;
	const added = [...new Set(keys.map(encodeKey))].filter(
		(key) => !containsKey(current, key) && !containsKey(previous, key),
	);
	if (current.count + added.length > GENERATION_KEYS) {
		previous = current;
		current = emptyGeneration();
	}
	if (added.length > 0) {
		current = {
			count: current.count + added.length,
			keys: `${current.keys}${added.join(KEY_SEPARATOR)}${KEY_SEPARATOR}`,
		};
	}
	const next: DeliveryMemory = {
		writer: PROCESS_WRITER,
		revision: memory.revision + 1,
		current,
		previous,
	};
	writtenMemories.delete(scope);
	writtenMemories.set(scope, next);
	if (writtenMemories.size > MAX_WRITTEN_MEMORIES) {
		const [oldest] = writtenMemories.keys();
		writtenMemories.delete(oldest);
	}
	// Copies, so that n8n's proxies never wrap this process's own copy. A new object also lets n8n
	// detect the change and save it.
	staticData.deliveryMemory = { ...next, current: { ...current }, previous: { ...previous } };
	delete staticData.recentDeliveries;
}
