import type { IDataObject } from 'n8n-workflow';

import {
	isDeliveryRemembered,
	loadDeliveryMemory,
	MAX_REMEMBERED_DELIVERY_KEYS,
	rememberDelivery,
} from '../../nodes/ProspectB2BTrigger/state';

/** The number of most recent deliveries that the node's option description promises to recognise. */
const PROMISED_DELIVERIES = 10_000;

let scopeCount = 0;

/** Returns a scope that no other test uses, as a separate trigger node would have. */
function newScope(): string {
	return `test-workflow|node-${++scopeCount}|webhook`;
}

/** A small seeded generator (mulberry32), so that a failure can be repeated. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let value = Math.imul(state ^ (state >>> 15), 1 | state);
		value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
		return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
	};
}

function storedKeys(staticData: IDataObject): string[] {
	const memory = staticData.deliveryMemory as {
		current: { keys: string };
		previous: { keys: string };
	};
	return [memory.previous.keys, memory.current.keys].flatMap((keys) =>
		keys.split('\n').filter((key) => key !== ''),
	);
}

/** Loads the memory, checks that the delivery is new and remembers it. */
function accept(staticData: IDataObject, scope: string, keys: string[]): void {
	const memory = loadDeliveryMemory(staticData, scope);
	expect(isDeliveryRemembered(memory, keys)).toBe(false);
	rememberDelivery(staticData, scope, memory, keys);
}

function isKnown(staticData: IDataObject, scope: string, keys: string[]): boolean {
	return isDeliveryRemembered(loadDeliveryMemory(staticData, scope), keys);
}

/**
 * Accepts `count` deliveries and after each one checks a copy of one of the last deliveries. With
 * `sameProcess` false, each call uses a new scope, so the memory is read from the static data
 * alone, as after a restart of n8n.
 */
function simulate(seed: number, count: number, sameProcess: boolean): void {
	const next = random(seed);
	const staticData: IDataObject = {};
	const scope = newScope();
	for (let index = 0; index < count; index++) {
		const callScope = sameProcess ? scope : newScope();
		accept(staticData, callScope, [`delivery:dlv_${index}`, `event:evt_${index}`]);

		// A copy repeats the delivery ID, or only the event ID with a new delivery ID.
		const back = Math.floor(next() * Math.min(index + 1, PROMISED_DELIVERIES));
		const copy = index - back;
		const copyKeys =
			next() < 0.5 ? [`delivery:dlv_${copy}`] : [`delivery:dlv_new_${index}`, `event:evt_${copy}`];
		if (!isKnown(staticData, sameProcess ? scope : newScope(), copyKeys)) {
			throw new Error(`A copy of the delivery ${back} before the last one was not recognised.`);
		}
	}
	expect(storedKeys(staticData).length).toBeLessThanOrEqual(MAX_REMEMBERED_DELIVERY_KEYS);
}

describe('delivery memory', () => {
	test('recognises the last 10,000 deliveries', () => {
		simulate(1, 21_000, true);
	});

	test('recognises them from static data', () => {
		simulate(2, 21_000, false);
	});

	test('keeps the keys of overlapping deliveries', () => {
		// n8n loads the static data when each call arrives and saves all of it after the call,
		// so the call that finishes last overwrites the other's save.
		const scope = newScope();
		let saved = '{}';
		const first = JSON.parse(saved) as IDataObject;
		const second = JSON.parse(saved) as IDataObject;
		accept(first, scope, ['delivery:dlv_first']);
		accept(second, scope, ['delivery:dlv_second']);
		saved = JSON.stringify(first);
		saved = JSON.stringify(second);

		expect(isKnown(JSON.parse(saved) as IDataObject, scope, ['delivery:dlv_first'])).toBe(true);
		expect(isKnown(JSON.parse(saved) as IDataObject, newScope(), ['delivery:dlv_first'])).toBe(
			true,
		);
	});

	test('merges memory of another process', () => {
		const scope = newScope();
		const staticData: IDataObject = {};
		accept(staticData, scope, ['delivery:dlv_here']);
		staticData.deliveryMemory = {
			writer: 'another-process',
			revision: 7,
			current: { count: 1, keys: '\ndelivery:dlv_there\n' },
			previous: { count: 0, keys: '\n' },
		};

		expect(isKnown(staticData, scope, ['delivery:dlv_here'])).toBe(true);
		expect(isKnown(staticData, scope, ['delivery:dlv_there'])).toBe(true);
		accept(staticData, scope, ['delivery:dlv_next']);
		expect(storedKeys(staticData).sort()).toEqual([
			'delivery:dlv_here',
			'delivery:dlv_next',
			'delivery:dlv_there',
		]);
	});

	test('reads the newest keys of a 0.1.0 list', () => {
		const staticData: IDataObject = {
			recentDeliveries: Array.from(
				{ length: 50_000 },
				(_, index) => `1790000000|delivery:d${index}`,
			),
		};
		const scope = newScope();

		expect(isKnown(staticData, scope, ['delivery:d49999'])).toBe(true);
		expect(isKnown(staticData, scope, ['delivery:d30000'])).toBe(true);
		expect(isKnown(staticData, scope, ['delivery:d29999'])).toBe(false);
		accept(staticData, scope, ['delivery:dlv_new']);
		expect(staticData.recentDeliveries).toBeUndefined();
		expect(storedKeys(staticData)).toHaveLength(MAX_REMEMBERED_DELIVERY_KEYS / 2 + 1);
	});

	test('separates keys with line feeds', () => {
		const staticData: IDataObject = {};
		const scope = newScope();
		accept(staticData, scope, ['event:a\nevent:b', 'event:c%0Ad']);

		expect(isKnown(staticData, scope, ['event:a\nevent:b'])).toBe(true);
		expect(isKnown(staticData, scope, ['event:c%0Ad'])).toBe(true);
		expect(isKnown(staticData, scope, ['event:a'])).toBe(false);
		expect(isKnown(staticData, scope, ['event:b'])).toBe(false);
		expect(isKnown(staticData, scope, ['event:c\nd'])).toBe(false);
	});

	test('stores long keys as hashes', () => {
		const staticData: IDataObject = {};
		const scope = newScope();
		const longKey = `delivery:${'x'.repeat(100_000)}`;
		accept(staticData, scope, [longKey]);

		expect(isKnown(staticData, newScope(), [longKey])).toBe(true);
		expect(isKnown(staticData, newScope(), [longKey.slice(0, -1)])).toBe(false);
		expect(storedKeys(staticData)[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
	});

	test.each([
		['keys without the last line feed', { count: 1, keys: '\ndelivery:dlv_damaged' }],
		['keys that are not text', { count: 1, keys: ['delivery:dlv_damaged'] }],
		['a missing generation', null],
	])('keeps the other generation beside %s', (_, damaged) => {
		const staticData: IDataObject = {
			deliveryMemory: {
				writer: 'another-process',
				revision: 1,
				current: { count: 1, keys: '\ndelivery:dlv_kept\n' },
				previous: damaged,
			},
		};
		const scope = newScope();

		expect(isKnown(staticData, scope, ['delivery:dlv_kept'])).toBe(true);
		accept(staticData, scope, ['delivery:dlv_new']);
		expect(storedKeys(staticData)).toEqual(['delivery:dlv_kept', 'delivery:dlv_new']);
	});

	test('recounts a generation with a wrong count', () => {
		const staticData: IDataObject = {
			deliveryMemory: {
				current: { count: -5, keys: '\ndelivery:a\ndelivery:b\n' },
				previous: { count: 0, keys: '\n' },
			},
		};
		const scope = newScope();
		accept(staticData, scope, ['delivery:c']);

		expect((staticData.deliveryMemory as { current: { count: number } }).current.count).toBe(3);
	});

	test('counts a repeated key once', () => {
		const staticData: IDataObject = {};
		const scope = newScope();
		accept(staticData, scope, ['delivery:dlv_a', 'event:evt_a']);
		const memory = loadDeliveryMemory(staticData, scope);
		rememberDelivery(staticData, scope, memory, ['delivery:dlv_b', 'event:evt_a']);

		expect(storedKeys(staticData)).toEqual(['delivery:dlv_a', 'event:evt_a', 'delivery:dlv_b']);
		expect((staticData.deliveryMemory as { current: { count: number } }).current.count).toBe(3);
	});
});
