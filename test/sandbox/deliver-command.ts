import { WEBHOOK_EVENTS, type DeliveryStatus, type WebhookEvent } from './contract';
import type { DeliveryStore, StoredDelivery } from './delivery-store';
import { sampleEventData } from './event-samples';
import { isHttpUrl } from './webhook-input';
import type { WebhookDispatcher } from './webhook-dispatcher';
import { DELIVERY_VARIANTS, type DeliveryVariant } from './webhook-signing';
import type { WebhookStore } from './webhooks-store';

/**
 * One delivery that a test sends now. Give `webhookId` to use that endpoint's URL and secret, or
 * `url` and `secret` to send to any loopback URL without an endpoint. A given `url` or `secret`
 * overrides the endpoint's.
 */
export interface DeliverCommand {
	webhookId?: string;
	url?: string;
	event: WebhookEvent;
	/** The event's `data` object. Defaults to a sample object of the event's type. */
	data?: object;
	/** How the delivery is signed and sent. Defaults to `valid`. */
	variant?: DeliveryVariant;
	secret?: string;
}

/** What one `deliver` call sent and how the receiver responded. */
export interface DeliverResult {
	deliveryId: string;
	eventId: string;
	/** `succeeded` for a 2xx response, otherwise `failed`. */
	status: DeliveryStatus;
	/** Response status, or null when none arrived. */
	responseStatus: number | null;
	/** Response body text, at most the first 64 KiB, or null when no response arrived. */
	responseBody: string | null;
	errorMessage: string | null;
	/** The request as sent: URL, headers and the exact body text. */
	request: { url: string; headers: Record<string, string>; body: string };
}

/**
 * Sends single test deliveries. These ignore whether the endpoint is enabled and subscribed,
 * are never retried automatically, and are recorded like other deliveries. A delivery to a bare
 * URL has `webhook_id: null`, so only `Sandbox.deliveries()` lists it.
 */
export class DeliverCommands {
	/** The latest delivery per bare URL and event, for the `repeat` variant. */
	private latestByUrl = new Map<string, string>();

	constructor(
		private readonly deps: {
			dispatcher: WebhookDispatcher;
			webhooks: WebhookStore;
			deliveries: DeliveryStore;
			now: () => number;
		},
	) {}

	reset(): void {
		this.latestByUrl.clear();
	}

	/** Sends one delivery now. Throws RangeError for an invalid command. */
	async deliver(command: DeliverCommand): Promise<DeliverResult> {
		const variant = command.variant ?? 'valid';
		if (!DELIVERY_VARIANTS.includes(variant)) {
			throw new RangeError(
				`Unknown delivery variant "${variant}". Use one of ${DELIVERY_VARIANTS.join(', ')}.`,
			);
		}

		if (!(WEBHOOK_EVENTS as readonly string[]).includes(command.event)) {
			throw new RangeError(
				`Unknown event "${command.event}". Use one of ${WEBHOOK_EVENTS.join(', ')}.`,
			);
		}

		const target = this.resolveTarget(command);
		const urlKey = JSON.stringify([target.url, command.event]);

		const delivery =
			variant === 'repeat'
				? this.findPrevious(command, urlKey)
				: this.createDelivery(command, target.webhookId);
		if (target.webhookId === null) {
			this.latestByUrl.set(urlKey, delivery.id);
		}

		const report = await this.deps.dispatcher.attempt(delivery, target, {
			variant,
			final: true,
		});

		return {
			deliveryId: report.delivery.id,
			eventId: report.delivery.event_id,
			status: report.outcome.ok ? 'succeeded' : 'failed',
			responseStatus: report.outcome.statusCode,
			responseBody: report.outcome.responseBody,
			errorMessage: report.outcome.errorMessage,
			request: report.request,
		};
	}

	private resolveTarget(command: DeliverCommand): {
		webhookId: string | null;
		url: string;
		secret: string;
	} {
		if (command.webhookId !== undefined) {
			const endpoint = this.deps.webhooks.get(command.webhookId);
			if (!endpoint) {
				throw new RangeError(`Webhook endpoint ${command.webhookId} was not found.`);
			}

			const url = command.url ?? endpoint.url;
			if (!isHttpUrl(url)) {
				throw new RangeError(`Invalid url ${JSON.stringify(url)}: expected an http(s) URL.`);
			}
			return { webhookId: endpoint.id, url, secret: command.secret ?? endpoint.signing_secret };
		}

		if (command.url === undefined || !isHttpUrl(command.url)) {
			throw new RangeError(
				`deliver needs a webhookId or an http(s) url, received url ${JSON.stringify(command.url)}.`,
			);
		}

		if (command.secret === undefined || command.secret === '') {
			throw new RangeError('deliver needs a secret to sign a delivery to a url without webhookId.');
		}

		return { webhookId: null, url: command.url, secret: command.secret };
	}

	private createDelivery(command: DeliverCommand, webhookId: string | null): StoredDelivery {
		const timestamp = new Date(this.deps.now()).toISOString();
		const data = command.data ?? sampleEventData(command.event, timestamp);
		const eventId = this.deps.deliveries.newEventId();
		const body = this.deps.dispatcher.buildEventBody(command.event, eventId, data);

		return this.deps.deliveries.create({ webhookId, event: command.event, eventId, body });
	}

	/** Returns the latest delivery of the event to the same endpoint or bare URL. */
	private findPrevious(command: DeliverCommand, urlKey: string): StoredDelivery {
		let previous: StoredDelivery | undefined;

		if (command.webhookId !== undefined) {
			previous = this.deps.deliveries
				.all()
				.filter(
					(delivery) =>
						delivery.webhook_id === command.webhookId && delivery.event === command.event,
				)
				.pop();
		} else {
			const id = this.latestByUrl.get(urlKey);
			previous = id === undefined ? undefined : this.deps.deliveries.get(id);
		}

		if (!previous) {
			throw new RangeError(
				`The repeat variant needs an earlier delivery of ${command.event} to the same target. ` +
					'Send one with another variant first.',
			);
		}

		return previous;
	}
}
