import type { IDataObject } from 'n8n-workflow';

import {
	MAX_REMEMBERED_DELIVERY_KEYS,
	rememberDelivery,
	wasDeliveryAccepted,
} from '../../nodes/ProspectB2BTrigger/state';

/** The number of most recent deliveries that the node's option description promises to know. */
const PROMISED_DELIVERIES = 10_000;

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

interface Accepted {
	keys: string[];
	timestamp: number;
}

function rememberedKeyCount(staticData: IDataObject): number {
	const memory = staticData.deliveryMemory as {
		current: { keys: string };
		previous: { keys: string };
	};
	const lines = (keys: string) => keys.split('\n').filter((key) => key !== '').length;
	return lines(memory.current.keys) + lines(memory.previous.keys);
}

/**
 * Sends `count` deliveries at a rate that changes in bursts, and after each one checks copies of
 * earlier deliveries and the bound on the keys kept.
 */
function simulate(seed: number, count: number, toleranceSeconds: number, pauses: boolean): void {
	const next = random(seed);
	const staticData: IDataObject = {};
	const accepted: Accepted[] = [];
	let now = 1_790_000_000;

	for (let index = 0; index < count; index++) {
		// About 20 deliveries a second, with pauses of up to twice the window when asked.
		if (pauses && next() < 0.001) now += Math.floor(next() * 2 * toleranceSeconds);
		else if (next() < 0.05) now += 1;
		const timestamp = pauses ? now - Math.floor(next() * toleranceSeconds) : now;
		const keys = [`delivery:dlv_${seed}_${index}`, `event:evt_${seed}_${index}`];

		expect(wasDeliveryAccepted(staticData, keys)).toBe(false);
		rememberDelivery(staticData, keys, timestamp, toleranceSeconds, now);
		accepted.push({ keys, timestamp });

		// A copy of one of the last deliveries that still passes the timestamp check is known,
		// whether it repeats the delivery ID or only the event ID.
		const back = Math.floor(next() * Math.min(accepted.length, PROMISED_DELIVERIES));
		const earlier = accepted[accepted.length - 1 - back];
		if (earlier.timestamp + toleranceSeconds >= now) {
			const [deliveryKey, eventKey] = earlier.keys;
			const copyKeys = next() < 0.5 ? [deliveryKey] : [`delivery:dlv_new_${index}`, eventKey];
			if (!wasDeliveryAccepted(staticData, copyKeys)) {
				throw new Error(
					`A copy of the delivery ${back} before the last one was not recognised (generator seed ${seed}).`,
				);
			}
		}
		if (index % 997 === 0) {
			expect(rememberedKeyCount(staticData)).toBeLessThanOrEqual(MAX_REMEMBERED_DELIVERY_KEYS);
		}
	}
	expect(rememberedKeyCount(staticData)).toBeLessThanOrEqual(MAX_REMEMBERED_DELIVERY_KEYS);
}

describe('delivery memory', () => {
	test.each([
		[1, 300],
		[2, 30],
		[3, 3600],
	])('knows copies within the window (seed %i, tolerance %i s, pauses)', (seed, tolerance) => {
		simulate(seed, 12_000, tolerance, true);
	});

	test('knows the last 10,000 deliveries', () => {
		// 22,000 fresh deliveries at about 20 a second all fall within a window of an hour.
		simulate(4, 22_000, 3600, false);
	});

	test('drops deliveries after their window', () => {
		const staticData: IDataObject = {};
		const now = 1_790_000_000;
		rememberDelivery(staticData, ['delivery:dlv_old'], now, 300, now);
		// Two rotations: the second delivery moves the first one's generation back, and the third,
		// after the first delivery's window has closed, drops it.
		rememberDelivery(staticData, ['delivery:dlv_b'], now + 1, 300, now + 1);
		rememberDelivery(staticData, ['delivery:dlv_c'], now + 301, 300, now + 301);
		rememberDelivery(staticData, ['delivery:dlv_d'], now + 302, 300, now + 302);

		expect(wasDeliveryAccepted(staticData, ['delivery:dlv_old'])).toBe(false);
		expect(wasDeliveryAccepted(staticData, ['delivery:dlv_c'])).toBe(true);
		expect(wasDeliveryAccepted(staticData, ['delivery:dlv_d'])).toBe(true);
	});

	test('separates keys with line feeds', () => {
		const staticData: IDataObject = {};
		const now = 1_790_000_000;
		rememberDelivery(staticData, ['event:a\nevent:b', 'event:c%0Ad'], now, 300, now);

		expect(wasDeliveryAccepted(staticData, ['event:a\nevent:b'])).toBe(true);
		expect(wasDeliveryAccepted(staticData, ['event:c%0Ad'])).toBe(true);
		expect(wasDeliveryAccepted(staticData, ['event:a'])).toBe(false);
		expect(wasDeliveryAccepted(staticData, ['event:b'])).toBe(false);
		expect(wasDeliveryAccepted(staticData, ['event:c\nd'])).toBe(false);
	});

	test('counts a repeated key once', () => {
		const staticData: IDataObject = {};
		const now = 1_790_000_000;
		for (const name of ['x', 'y', 'a']) {
			rememberDelivery(staticData, [`delivery:dlv_${name}`, `event:evt_${name}`], now, 300, now);
		}
		rememberDelivery(staticData, ['delivery:dlv_b', 'event:evt_a'], now, 300, now);
		const memory = staticData.deliveryMemory as { current: { count: number; keys: string } };

		expect(memory.current.keys.split('\n').filter((key) => key !== '')).toHaveLength(5);
		expect(memory.current.count).toBe(5);
	});
});
