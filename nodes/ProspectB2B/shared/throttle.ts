/**
 * Pacing of the requests of one node run.
 *
 * n8n's RoutingNode starts the requests of all items of a run at once, so 1,000 input items would
 * open 1,000 connections and, past the API's per-minute limit, collect a 429 for most of them.
 * The items of one run therefore share a throttle: at most MAX_CONCURRENT_REQUESTS requests are
 * in flight, and after a 429 every item waits out the Retry-After, then the run sends one request
 * at a time and widens again by one for each success (additive increase, multiplicative
 * decrease, as in TCP congestion control).
 */
import { sleep } from 'n8n-workflow';

export const MAX_CONCURRENT_REQUESTS = 8;

interface ThrottleState {
	inFlight: number;
	allowed: number;
	notBefore: number;
	waiting: Array<() => void>;
	users: number;
}

/** Throttles by run: execution, node and run index. */
const throttles = new Map<string, ThrottleState>();

export class RunThrottle {
	private constructor(
		private readonly key: string,
		private readonly state: ThrottleState,
	) {}

	/** Joins the throttle of a run; every `join` needs one `leave`. */
	static join(key: string, now: () => number = Date.now): RunThrottle {
		let state = throttles.get(key);
		if (state === undefined) {
			state = {
				inFlight: 0,
				allowed: MAX_CONCURRENT_REQUESTS,
				notBefore: 0,
				waiting: [],
				users: 0,
			};
			throttles.set(key, state);
		}
		state.users += 1;
		const throttle = new RunThrottle(key, state);
		throttle.now = now;
		return throttle;
	}

	private now: () => number = Date.now;

	/** Waits for a free slot and for any Retry-After to pass, then takes the slot. */
	async acquire(): Promise<void> {
		for (;;) {
			const wait = this.state.notBefore - this.now();
			if (wait > 0) {
				await sleep(wait);
				continue;
			}
			if (this.state.inFlight < this.state.allowed) {
				this.state.inFlight += 1;
				return;
			}
			await new Promise<void>((resolve) => this.state.waiting.push(resolve));
		}
	}

	/** Gives the slot back after a response; a success widens the window by one. */
	release(succeeded: boolean): void {
		this.state.inFlight -= 1;
		if (succeeded) {
			this.state.allowed = Math.min(MAX_CONCURRENT_REQUESTS, this.state.allowed + 1);
		}
		this.wakeWaiting();
	}

	/** Records a 429: every request of the run waits `delayMs`, then the window restarts at one. */
	rateLimited(delayMs: number): void {
		this.state.notBefore = Math.max(this.state.notBefore, this.now() + delayMs);
		this.state.allowed = 1;
	}

	/** Leaves the throttle; the last item to leave removes it. */
	leave(): void {
		this.state.users -= 1;
		if (this.state.users <= 0) throttles.delete(this.key);
	}

	private wakeWaiting(): void {
		const free = this.state.allowed - this.state.inFlight;
		for (const resolve of this.state.waiting.splice(0, Math.max(free, 0))) resolve();
	}
}

/** Returns how many runs hold a throttle, for tests. */
export function countActiveThrottles(): number {
	return throttles.size;
}
