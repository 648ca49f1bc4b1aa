import { RESPONSE_SNIPPET_LENGTH, type DeliveryStatus, type WebhookEvent } from './contract';

/** A webhook delivery as the API returns it. */
export interface WebhookDelivery {
	id: string;
	object: 'webhook_delivery';
	/** The endpoint, or null for a delivery that `Sandbox.deliver` sent to a bare URL. */
	webhook_id: string | null;
	event: WebhookEvent;
	event_id: string;
	status: DeliveryStatus;
	attempt_count: number;
	/** Status of the last attempt's response, or null when it got none. */
	response_status_code: number | null;
	/** The first 500 characters of the last attempt's response body. */
	response_body_snippet: string | null;
	/** Why the last attempt failed, or null when it succeeded or none was made yet. */
	error_message: string | null;
	created_at: string;
	updated_at: string;
}

/** A stored delivery with the exact event body that every attempt sends. */
export interface StoredDelivery extends WebhookDelivery {
	body: string;
}

/** The outcome of one delivery attempt. */
export interface AttemptOutcome {
	/** Whether the receiver responded with a 2xx status. */
	ok: boolean;
	statusCode: number | null;
	/** The response body, or null when no response arrived. */
	responseBody: string | null;
	errorMessage: string | null;
}

/** Returns the delivery as the API shows it, without the stored body. */
export function publicDelivery(delivery: StoredDelivery): WebhookDelivery {
	const copy: Partial<StoredDelivery> = structuredClone(delivery);
	delete copy.body;
	return copy as WebhookDelivery;
}

/** In-memory deliveries and event ids, in creation order. Every method returns copies. */
export class DeliveryStore {
	private deliveries = new Map<string, StoredDelivery>();
	private lastDeliverySequence = 0;
	private lastEventSequence = 0;

	constructor(private readonly now: () => number) {}

	reset(): void {
		this.deliveries.clear();
		this.lastDeliverySequence = 0;
		this.lastEventSequence = 0;
	}

	all(): StoredDelivery[] {
		return [...this.deliveries.values()].map((delivery) => structuredClone(delivery));
	}

	get(id: string): StoredDelivery | undefined {
		const delivery = this.deliveries.get(id);
		return delivery && structuredClone(delivery);
	}

	/** Returns a new event id. One event delivered to several endpoints keeps one id. */
	newEventId(): string {
		this.lastEventSequence += 1;
		return `evt_${String(this.lastEventSequence).padStart(8, '0')}`;
	}

	/** Creates a pending delivery of an event body that no attempt has sent yet. */
	create(fields: {
		webhookId: string | null;
		event: WebhookEvent;
		eventId: string;
		body: string;
	}): StoredDelivery {
		this.lastDeliverySequence += 1;
		const timestamp = new Date(this.now()).toISOString();

		const delivery: StoredDelivery = {
			id: `del_${String(this.lastDeliverySequence).padStart(8, '0')}`,
			object: 'webhook_delivery',
			webhook_id: fields.webhookId,
			event: fields.event,
			event_id: fields.eventId,
			status: 'pending',
			attempt_count: 0,
			response_status_code: null,
			response_body_snippet: null,
			error_message: null,
			created_at: timestamp,
			updated_at: timestamp,
			body: fields.body,
		};

		this.deliveries.set(delivery.id, delivery);
		return structuredClone(delivery);
	}

	/**
	 * Records one attempt. `final` is true when no automatic attempt follows, so a failed attempt
	 * leaves the delivery `pending` until the last one. A success always ends it as `succeeded`.
	 * Returns undefined when the delivery no longer exists, for example after a reset.
	 */
	recordAttempt(id: string, outcome: AttemptOutcome, final: boolean): StoredDelivery | undefined {
		const delivery = this.deliveries.get(id);
		if (!delivery) {
			return undefined;
		}

		delivery.attempt_count += 1;
		delivery.response_status_code = outcome.statusCode;
		delivery.response_body_snippet =
			outcome.responseBody === null ? null : outcome.responseBody.slice(0, RESPONSE_SNIPPET_LENGTH);
		delivery.error_message = outcome.errorMessage;
		if (outcome.ok) {
			delivery.status = 'succeeded';
		} else if (final) {
			delivery.status = 'failed';
		}
		this.touch(delivery);

		return structuredClone(delivery);
	}

	/** Marks a delivery failed without an attempt, for example when its target is not allowed. */
	fail(id: string, errorMessage: string): StoredDelivery | undefined {
		const delivery = this.deliveries.get(id);
		if (!delivery) {
			return undefined;
		}

		delivery.status = 'failed';
		delivery.error_message = errorMessage;
		this.touch(delivery);

		return structuredClone(delivery);
	}

	/** Deletes every delivery of an endpoint. */
	deleteForWebhook(webhookId: string): void {
		for (const [id, delivery] of this.deliveries) {
			if (delivery.webhook_id === webhookId) {
				this.deliveries.delete(id);
			}
		}
	}

	private touch(delivery: StoredDelivery): void {
		const previous = Date.parse(delivery.updated_at);
		delivery.updated_at = new Date(Math.max(this.now(), previous + 1)).toISOString();
	}
}
