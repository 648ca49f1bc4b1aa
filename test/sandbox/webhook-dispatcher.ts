import type { WebhookEvent } from './contract';
import type { AttemptOutcome, DeliveryStore, StoredDelivery } from './delivery-store';
import {
	DEFAULT_RETRY_POLICY,
	definedParts,
	validatePolicy,
	type DeliveryRetryPolicy,
} from './delivery-retry-policy';
import { isLoopbackUrl, LOOPBACK_ONLY_MESSAGE, sendDelivery } from './delivery-sender';
import { withExtraField, type ToleranceSettings } from './tolerance';
import { signDelivery, type DeliveryVariant, type SignedDelivery } from './webhook-signing';
import type { WebhookStore } from './webhooks-store';

export type { DeliveryRetryPolicy } from './delivery-retry-policy';

/** Where one attempt goes and the secret that signs it. */
export interface DeliveryTarget {
	url: string;
	secret: string;
}

/** One attempt as sent and its outcome. */
export interface AttemptReport {
	delivery: StoredDelivery;
	request: SignedDelivery & { url: string };
	outcome: AttemptOutcome;
}

/** Resolves with true after `ms`, or with false as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
	return new Promise((resolve) => {
		const onAbort = () => {
			clearTimeout(timer);
			resolve(false);
		};
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve(true);
		}, ms);
		signal.addEventListener('abort', onAbort, { once: true });
	});
}

/**
 * Creates, signs, sends and retries webhook deliveries. Automatic deliveries run in the
 * background after the API response. `reset` and `close` cancel every attempt still running.
 */
export class WebhookDispatcher {
	private readonly initialPolicy: DeliveryRetryPolicy;
	private policy: DeliveryRetryPolicy;
	private controller = new AbortController();
	private readonly running = new Set<Promise<unknown>>();
	/**
	 * Deliveries whose automatic attempts have not finished, with the signal that cancels them.
	 * Ids restart after a reset, so a cancelled loop removes only its own entry.
	 */
	private readonly automatic = new Map<string, AbortSignal>();

	constructor(
		private readonly deps: {
			webhooks: WebhookStore;
			deliveries: DeliveryStore;
			now: () => number;
			tolerance: ToleranceSettings;
			/**
			 * Clock for signature timestamps in ms. It is the real clock by default, because a
			 * receiver compares the timestamp with its own clock, not with the sandbox's.
			 */
			signingClock?: () => number;
		},
		policy: Partial<DeliveryRetryPolicy> = {},
	) {
		validatePolicy(policy);
		this.initialPolicy = { ...structuredClone(DEFAULT_RETRY_POLICY), ...definedParts(policy) };
		this.policy = { ...this.initialPolicy };
	}

	get retryPolicy(): DeliveryRetryPolicy {
		return structuredClone(this.policy);
	}

	/** Changes the given parts of the retry policy. Deliveries already waiting use it too. */
	setRetryPolicy(policy: Partial<DeliveryRetryPolicy>): void {
		validatePolicy(policy);
		this.policy = { ...this.policy, ...definedParts(policy) };
	}

	/** Returns the JSON body of an event: `{id, object: 'event', type, created_at, data}`. */
	buildEventBody(event: WebhookEvent, eventId: string, data: object): string {
		const extra = this.deps.tolerance.switches.extraFields;
		const payload = extra ? withExtraField({ ...data }) : data;
		const envelope = {
			id: eventId,
			object: 'event',
			type: event,
			created_at: new Date(this.deps.now()).toISOString(),
			data: payload,
		};
		return JSON.stringify(extra ? withExtraField(envelope) : envelope);
	}

	/**
	 * Creates a pending delivery of the event for every enabled endpoint subscribed to it, and
	 * sends them in the background. The records exist before this returns.
	 */
	emit(event: WebhookEvent, data: object): void {
		const endpoints = this.deps.webhooks
			.all()
			.filter((endpoint) => endpoint.enabled && endpoint.events.includes(event));
		if (endpoints.length === 0) {
			return;
		}

		const eventId = this.deps.deliveries.newEventId();
		const body = this.buildEventBody(event, eventId, data);

		for (const endpoint of endpoints) {
			const delivery = this.deps.deliveries.create({
				webhookId: endpoint.id,
				event,
				eventId,
				body,
			});
			const signal = this.controller.signal;
			this.automatic.set(delivery.id, signal);
			this.track(this.runAutomatic(delivery.id, signal));
		}
	}

	/**
	 * Sends one attempt of a stored delivery now and records it. `final` sets whether the
	 * delivery ends with this attempt. By default it does unless automatic attempts are still due.
	 */
	async attempt(
		delivery: StoredDelivery,
		target: DeliveryTarget,
		options: { variant?: DeliveryVariant; final?: boolean } = {},
	): Promise<AttemptReport> {
		const signed = signDelivery({
			event: delivery.event,
			deliveryId: delivery.id,
			body: delivery.body,
			secret: target.secret,
			nowSeconds: Math.floor((this.deps.signingClock ?? Date.now)() / 1000),
			variant: options.variant,
		});
		const request = { ...signed, url: target.url };

		if (!isLoopbackUrl(target.url)) {
			const outcome = {
				ok: false,
				statusCode: null,
				responseBody: null,
				errorMessage: LOOPBACK_ONLY_MESSAGE,
			};
			const failed = this.deps.deliveries.fail(delivery.id, LOOPBACK_ONLY_MESSAGE) ?? delivery;
			return { delivery: failed, request, outcome };
		}

		const signal = this.controller.signal;
		const promise = sendDelivery({
			url: target.url,
			headers: signed.headers,
			body: signed.body,
			timeoutMs: this.policy.timeoutMs,
			signal,
		});
		this.track(promise);
		const outcome = await promise;

		// After a reset the store has new deliveries that may reuse this id, so record nothing.
		if (signal.aborted) {
			return { delivery, request, outcome };
		}

		const final = options.final ?? !this.automatic.has(delivery.id);
		const recorded = this.deps.deliveries.recordAttempt(delivery.id, outcome, final) ?? delivery;
		return { delivery: recorded, request, outcome };
	}

	/** Re-sends a delivery of an endpoint now with the endpoint's current URL and secret. */
	async retryNow(deliveryId: string): Promise<StoredDelivery> {
		const delivery = this.deps.deliveries.get(deliveryId);
		const endpoint = delivery?.webhook_id ? this.deps.webhooks.get(delivery.webhook_id) : undefined;
		if (!delivery || !endpoint) {
			throw new Error(`Delivery ${deliveryId} has no webhook endpoint to retry against.`);
		}

		const report = await this.attempt(delivery, {
			url: endpoint.url,
			secret: endpoint.signing_secret,
		});
		return report.delivery;
	}

	/** Resolves once every delivery attempt and retry wait still running has finished. */
	async waitForDeliveries(): Promise<void> {
		while (this.running.size > 0) {
			await Promise.allSettled([...this.running]);
		}
	}

	/** Cancels every running attempt and restores the retry policy given at start. */
	reset(): void {
		this.cancelAll();
		this.policy = { ...this.initialPolicy };
	}

	/** Cancels every running attempt. */
	cancelAll(): void {
		this.controller.abort();
		this.controller = new AbortController();
		this.automatic.clear();
	}

	private track(promise: Promise<unknown>): void {
		const tracked = promise.finally(() => this.running.delete(tracked));
		// Callers that await the original promise handle its outcome.
		tracked.catch(() => undefined);
		this.running.add(tracked);
	}

	private async runAutomatic(deliveryId: string, signal: AbortSignal): Promise<void> {
		// emit runs inside a route handler. Waiting for the check phase lets the server write the
		// API response first, because that happens in microtasks without I/O.
		await new Promise((resolve) => setImmediate(resolve));

		try {
			for (let attemptNumber = 1; !signal.aborted; attemptNumber++) {
				const delivery = this.deps.deliveries.get(deliveryId);
				// A manual retry may have ended the delivery while this loop waited.
				if (!delivery || delivery.status !== 'pending') {
					return;
				}

				const endpoint = delivery.webhook_id
					? this.deps.webhooks.get(delivery.webhook_id)
					: undefined;
				if (!endpoint) {
					return;
				}

				if (!endpoint.enabled) {
					this.deps.deliveries.fail(
						deliveryId,
						'The webhook endpoint was disabled before this delivery succeeded.',
					);
					return;
				}

				const final = attemptNumber >= this.policy.maxAttempts;
				const report = await this.attempt(
					delivery,
					{ url: endpoint.url, secret: endpoint.signing_secret },
					{ final },
				);
				if (report.outcome.ok || final || report.delivery.status === 'failed') {
					return;
				}

				const waits = this.policy.backoffMs;
				const waited = await sleep(waits[Math.min(attemptNumber - 1, waits.length - 1)], signal);
				if (!waited) {
					return;
				}
			}
		} finally {
			if (this.automatic.get(deliveryId) === signal) {
				this.automatic.delete(deliveryId);
			}
		}
	}
}
