import { WEBHOOK_EVENTS, type WebhookEvent } from './contract';
import { describeValue, validationFailed, type FieldError } from './errors';
import type { WebhookInput } from './webhooks-store';

/** Every field a client may send when creating or patching a webhook endpoint. */
export const WRITABLE_WEBHOOK_FIELDS = ['url', 'events', 'enabled', 'description'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns whether `value` is an absolute http or https URL with a host. */
export function isHttpUrl(value: string): boolean {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return false;
	}

	return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

function validateUrl(
	body: Record<string, unknown>,
	input: WebhookInput,
	errors: FieldError[],
): void {
	const url = body.url;
	if (typeof url !== 'string' || !isHttpUrl(url)) {
		errors.push({
			field: 'url',
			message:
				`url must be an absolute http or https URL such as https://example.com/hooks, ` +
				`received ${describeValue(url)}.`,
		});
		return;
	}

	input.url = url;
}

function validateEvents(
	body: Record<string, unknown>,
	input: WebhookInput,
	errors: FieldError[],
): void {
	const events = body.events;
	if (!Array.isArray(events) || events.length === 0) {
		errors.push({
			field: 'events',
			message: `events must be a non-empty array of event names, received ${describeValue(events)}.`,
		});
		return;
	}

	const seen = new Set<string>();
	for (const [index, event] of events.entries()) {
		if (typeof event !== 'string' || !(WEBHOOK_EVENTS as readonly string[]).includes(event)) {
			errors.push({
				field: 'events',
				message:
					`events[${index}] is ${describeValue(event)}, which is not a webhook event. ` +
					`Use one of ${WEBHOOK_EVENTS.join(', ')}.`,
			});
			return;
		}

		if (seen.has(event)) {
			errors.push({
				field: 'events',
				message: `events[${index}] repeats ${describeValue(event)}. List each event once.`,
			});
			return;
		}
		seen.add(event);
	}

	input.events = [...(events as WebhookEvent[])];
}

/**
 * Validates a webhook endpoint body and returns its fields. A create requires `url` and `events`,
 * and a patch requires at least one field. Throws 400 `validation_failed` listing every invalid,
 * missing or unknown field.
 *
 * NOTE: assumed rules. The real API's URL checks and description length limit are not published,
 * so any absolute http(s) URL and a description of any length are accepted.
 */
export function parseWebhookInput(body: unknown, kind: 'create' | 'patch'): WebhookInput {
	if (!isPlainObject(body)) {
		throw validationFailed([
			{
				field: 'body',
				message: `The request body must be a JSON object, received ${describeValue(body)}.`,
			},
		]);
	}

	const errors: FieldError[] = [];
	const input: WebhookInput = {};

	for (const field of Object.keys(body)) {
		if (!(WRITABLE_WEBHOOK_FIELDS as readonly string[]).includes(field)) {
			errors.push({
				field,
				message: `${field} is not a writable webhook field. Writable fields: ${WRITABLE_WEBHOOK_FIELDS.join(', ')}.`,
			});
		}
	}

	if ('url' in body) {
		validateUrl(body, input, errors);
	} else if (kind === 'create') {
		errors.push({ field: 'url', message: 'url is required.' });
	}

	if ('events' in body) {
		validateEvents(body, input, errors);
	} else if (kind === 'create') {
		errors.push({ field: 'events', message: 'events is required.' });
	}

	if ('enabled' in body) {
		if (typeof body.enabled !== 'boolean') {
			errors.push({
				field: 'enabled',
				message: `enabled must be true or false, received ${describeValue(body.enabled)}.`,
			});
		} else {
			input.enabled = body.enabled;
		}
	}

	if ('description' in body) {
		const description = body.description;
		if (description !== null && typeof description !== 'string') {
			errors.push({
				field: 'description',
				message: `description must be a string or null, received ${describeValue(description)}.`,
			});
		} else {
			input.description = description;
		}
	}

	if (kind === 'patch' && Object.keys(body).length === 0) {
		errors.push({
			field: 'body',
			message: `The request body must contain at least one of ${WRITABLE_WEBHOOK_FIELDS.join(', ')}.`,
		});
	}

	if (errors.length > 0) {
		throw validationFailed(errors);
	}

	return input;
}
