import { DELIVERY_STATUSES } from './contract';
import { publicDelivery, type DeliveryStore } from './delivery-store';
import { ApiError, describeValue, validationFailed } from './errors';
import { paginate, parsePageQuery } from './pagination';
import type { ApiRequest, ApiResult, Router } from './router';
import type { ToleranceSettings } from './tolerance';
import type { WebhookDispatcher } from './webhook-dispatcher';
import { parseWebhookInput } from './webhook-input';
import { publicEndpoint, type StoredWebhookEndpoint, type WebhookStore } from './webhooks-store';

export interface WebhookRoutesContext {
	webhooks: WebhookStore;
	deliveries: DeliveryStore;
	dispatcher: WebhookDispatcher;
	tolerance: ToleranceSettings;
}

const WEBHOOKS_LIST = 'webhooks';

function webhookNotFound(id: string): ApiError {
	return new ApiError(
		404,
		'webhook_not_found',
		`Webhook endpoint ${id} was not found. Check the webhook id.`,
		{ webhook_id: id },
	);
}

function deliveryNotFound(webhookId: string, deliveryId: string): ApiError {
	return new ApiError(
		404,
		'delivery_not_found',
		`Delivery ${deliveryId} of webhook endpoint ${webhookId} was not found. Check the delivery id.`,
		{ webhook_id: webhookId, delivery_id: deliveryId },
	);
}

function findEndpoint(context: WebhookRoutesContext, id: string): StoredWebhookEndpoint {
	const endpoint = context.webhooks.get(id);
	if (!endpoint) {
		throw webhookNotFound(id);
	}
	return endpoint;
}

function listWebhooks(context: WebhookRoutesContext, request: ApiRequest): ApiResult {
	const { limit, after } = parsePageQuery(WEBHOOKS_LIST, request.query, {});
	const endpoints = context.webhooks.all().map(publicEndpoint);
	const page = paginate(WEBHOOKS_LIST, endpoints, {
		limit,
		after,
		filters: {},
		orderBy: 'created_at',
	});

	return { status: 200, body: { ...page } };
}

function createWebhook(context: WebhookRoutesContext, request: ApiRequest): ApiResult {
	const input = parseWebhookInput(request.body, 'create');
	const endpoint = context.webhooks.create({
		...input,
		url: input.url as string,
		events: input.events ?? [],
	});

	// The create response is the only one that shows the signing secret.
	return { status: context.tolerance.switches.createStatus, body: { data: endpoint } };
}

function getWebhook(context: WebhookRoutesContext, request: ApiRequest): ApiResult {
	const endpoint = findEndpoint(context, request.params.webhook_id);
	return { status: 200, body: { data: publicEndpoint(endpoint) } };
}

function patchWebhook(context: WebhookRoutesContext, request: ApiRequest): ApiResult {
	const input = parseWebhookInput(request.body, 'patch');
	const endpoint = context.webhooks.update(request.params.webhook_id, input);
	if (!endpoint) {
		throw webhookNotFound(request.params.webhook_id);
	}

	return { status: 200, body: { data: publicEndpoint(endpoint) } };
}

function deleteWebhook(context: WebhookRoutesContext, request: ApiRequest): ApiResult {
	const id = request.params.webhook_id;
	if (!context.webhooks.delete(id)) {
		throw webhookNotFound(id);
	}
	context.deliveries.deleteForWebhook(id);

	return {
		status: context.tolerance.switches.deleteStatus,
		body: { data: { id, object: 'webhook_endpoint', deleted: true } },
	};
}

function parseStatusFilter(query: Map<string, string>): string | null {
	const status = query.get('status');
	if (status === undefined) {
		return null;
	}

	if (!(DELIVERY_STATUSES as readonly string[]).includes(status)) {
		throw validationFailed([
			{
				field: 'status',
				message:
					`status must be one of ${DELIVERY_STATUSES.join(', ')}, ` +
					`received ${describeValue(status)}.`,
			},
		]);
	}

	return status;
}

function listDeliveries(context: WebhookRoutesContext, request: ApiRequest): ApiResult {
	const webhookId = request.params.webhook_id;
	findEndpoint(context, webhookId);

	const status = parseStatusFilter(request.query);
	const filters = { status };
	// A cursor of one endpoint's deliveries is not valid for another endpoint.
	const list = `deliveries:${webhookId}`;
	const { limit, after } = parsePageQuery(list, request.query, filters);

	const deliveries = context.deliveries
		.all()
		.filter((delivery) => delivery.webhook_id === webhookId)
		.filter((delivery) => status === null || delivery.status === status)
		.map(publicDelivery);
	const page = paginate(list, deliveries, { limit, after, filters, orderBy: 'created_at' });

	return { status: 200, body: { ...page } };
}

async function retryDelivery(
	context: WebhookRoutesContext,
	request: ApiRequest,
): Promise<ApiResult> {
	const { webhook_id: webhookId, delivery_id: deliveryId } = request.params;
	findEndpoint(context, webhookId);

	const delivery = context.deliveries.get(deliveryId);
	if (!delivery || delivery.webhook_id !== webhookId) {
		throw deliveryNotFound(webhookId, deliveryId);
	}

	const body = request.body;
	const isEmptyObject =
		typeof body === 'object' &&
		body !== null &&
		!Array.isArray(body) &&
		Object.keys(body).length === 0;
	if (body !== undefined && !isEmptyObject) {
		throw validationFailed([
			{
				field: 'body',
				message: `A delivery retry takes no body fields, received ${describeValue(body)}.`,
			},
		]);
	}

	// The attempt is awaited, so the response shows its outcome.
	const retried = await context.dispatcher.retryNow(deliveryId);
	return { status: 200, body: { data: publicDelivery(retried) } };
}

/** Adds the webhook endpoint routes and the delivery list and retry routes. */
export function registerWebhookRoutes(router: Router, context: WebhookRoutesContext): void {
	// No read scope for webhooks is documented, so reads also require webhooks.write.
	router.add({
		method: 'GET',
		path: '/webhooks',
		scope: 'webhooks.write',
		query: ['limit', 'cursor'],
		handler: (request) => listWebhooks(context, request),
	});
	router.add({
		method: 'POST',
		path: '/webhooks',
		scope: 'webhooks.write',
		handler: (request) => createWebhook(context, request),
	});
	router.add({
		method: 'GET',
		path: '/webhooks/{webhook_id}',
		scope: 'webhooks.write',
		handler: (request) => getWebhook(context, request),
	});
	router.add({
		method: 'PATCH',
		path: '/webhooks/{webhook_id}',
		scope: 'webhooks.write',
		handler: (request) => patchWebhook(context, request),
	});
	router.add({
		method: 'DELETE',
		path: '/webhooks/{webhook_id}',
		scope: 'webhooks.write',
		handler: (request) => deleteWebhook(context, request),
	});
	router.add({
		method: 'GET',
		path: '/webhooks/{webhook_id}/deliveries',
		scope: 'webhooks.write',
		query: ['limit', 'cursor', 'status'],
		handler: (request) => listDeliveries(context, request),
	});
	router.add({
		method: 'POST',
		path: '/webhooks/{webhook_id}/deliveries/{delivery_id}/retry',
		scope: 'webhooks.write',
		handler: (request) => retryDelivery(context, request),
	});
}
