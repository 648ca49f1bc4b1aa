import type { WebhookEvent } from './contract';
import {
	ControlError,
	optionalOf,
	rejectUnknownFields,
	requiredOf,
	type ControlBody,
	type ControlRoute,
} from './control-body';
import type { DeliverCommand, DeliverResult } from './deliver-command';
import type { StoredDelivery } from './delivery-store';
import type { DeliveryRetryPolicy } from './webhook-dispatcher';
import type { DeliveryVariant } from './webhook-signing';
import type { StoredWebhookEndpoint } from './webhooks-store';

/** Webhook operations that the control routes call. */
export interface WebhookControls {
	webhooks(): StoredWebhookEndpoint[];
	deliveries(): StoredDelivery[];
	deliver(command: DeliverCommand): Promise<DeliverResult>;
	waitForDeliveries(): Promise<void>;
	readonly deliveryRetryPolicy: DeliveryRetryPolicy;
	setDeliveryRetryPolicy(policy: Partial<DeliveryRetryPolicy>): void;
}

function parseDeliverBody(body: ControlBody): DeliverCommand {
	rejectUnknownFields(body, ['webhookId', 'url', 'event', 'data', 'variant', 'secret']);
	return {
		webhookId: optionalOf<string>(body, 'webhookId', 'string'),
		url: optionalOf<string>(body, 'url', 'string'),
		event: requiredOf<WebhookEvent>(body, 'event', 'string'),
		data: optionalOf<object>(body, 'data', 'object'),
		variant: optionalOf<DeliveryVariant>(body, 'variant', 'string'),
		secret: optionalOf<string>(body, 'secret', 'string'),
	};
}

function parseRetryPolicyBody(body: ControlBody): Partial<DeliveryRetryPolicy> {
	rejectUnknownFields(body, ['maxAttempts', 'backoffMs', 'timeoutMs']);
	const backoffMs = body.backoffMs;
	if (backoffMs !== undefined && !Array.isArray(backoffMs)) {
		throw new ControlError(
			`backoffMs must be an array of ms, received ${JSON.stringify(backoffMs)}.`,
		);
	}

	return {
		maxAttempts: optionalOf<number>(body, 'maxAttempts', 'number'),
		backoffMs: backoffMs as number[] | undefined,
		timeoutMs: optionalOf<number>(body, 'timeoutMs', 'number'),
	};
}

/** Control routes for webhook endpoints and deliveries. */
export function webhookControlRoutes(controls: WebhookControls): Record<string, ControlRoute> {
	return {
		'GET /webhooks': () => ({ data: controls.webhooks() }),
		'GET /deliveries': () => ({ data: controls.deliveries() }),
		'POST /deliver': async (body) => ({ data: await controls.deliver(parseDeliverBody(body)) }),
		'POST /deliveries/wait': async () => {
			await controls.waitForDeliveries();
			return { ok: true };
		},
		'GET /delivery-retry-policy': () => ({ data: controls.deliveryRetryPolicy }),
		'POST /delivery-retry-policy': (body) => {
			controls.setDeliveryRetryPolicy(parseRetryPolicyBody(body));
			return { data: controls.deliveryRetryPolicy };
		},
	};
}
