import { sleep } from 'n8n-workflow';

import {
	countActiveThrottles,
	MAX_CONCURRENT_REQUESTS,
	RunThrottle,
} from '../../nodes/ProspectB2B/shared/throttle';

describe('RunThrottle', () => {
	test('caps slots at the maximum', async () => {
		const throttle = RunThrottle.join('cap');
		for (let slot = 0; slot < MAX_CONCURRENT_REQUESTS; slot++) await throttle.acquire();
		let extraAcquired = false;
		const extra = throttle.acquire().then(() => (extraAcquired = true));
		await sleep(10);
		expect(extraAcquired).toBe(false);
		throttle.release(true);
		await extra;
		expect(extraAcquired).toBe(true);
		throttle.leave();
	});

	test('429 narrows the window to one slot', async () => {
		const throttle = RunThrottle.join('narrow');
		await throttle.acquire();
		await throttle.acquire();
		throttle.rateLimited(0);
		throttle.release(false);
		let acquired = false;
		const next = throttle.acquire().then(() => (acquired = true));
		await sleep(10);
		expect(acquired).toBe(false);
		throttle.release(true);
		await next;
		expect(acquired).toBe(true);
		throttle.release(true);
		throttle.leave();
	});

	test('429 delays every request', async () => {
		const throttle = RunThrottle.join('delay');
		throttle.rateLimited(200);
		const started = Date.now();
		await throttle.acquire();
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		throttle.release(true);
		throttle.leave();
	});

	test('a success widens the window by one', async () => {
		const throttle = RunThrottle.join('widen');
		throttle.rateLimited(0);
		await throttle.acquire();
		throttle.release(true);
		await throttle.acquire();
		let secondAcquired = false;
		const second = throttle.acquire().then(() => (secondAcquired = true));
		await sleep(10);
		expect(secondAcquired).toBe(true);
		let thirdAcquired = false;
		const third = throttle.acquire().then(() => (thirdAcquired = true));
		await sleep(10);
		expect(thirdAcquired).toBe(false);
		throttle.release(true);
		await Promise.all([second, third]);
		expect(thirdAcquired).toBe(true);
		throttle.leave();
	});

	test('the last leave removes the run', () => {
		const first = RunThrottle.join('shared');
		const second = RunThrottle.join('shared');
		first.leave();
		expect(countActiveThrottles()).toBe(1);
		second.leave();
		expect(countActiveThrottles()).toBe(0);
	});
});
