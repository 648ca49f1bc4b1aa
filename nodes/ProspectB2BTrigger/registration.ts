/**
 * The webhook lifecycle of the ProspectB2B Trigger. When the workflow is activated or the editor
 * listens for a test event, n8n calls `checkExists`, and `create` when that returned false. When
 * the workflow is deactivated or the editor stops listening, n8n calls `delete`. The hooks get
 * the production URL or the test URL, and each URL has its own registration.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject, IHookFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	readDataObject,
	readWebhookEndpoint,
	REQUIRED_SCOPES,
	WEBHOOKS_PATH,
} from '../shared/contract';
import type { WebhookEndpoint } from '../shared/contract';
import type { RequestContext } from '../shared/errors';
import { REGISTRATION } from './description';
import {
	readRegistration,
	removeRegistration,
	storeRegistration,
	type WebhookRegistration,
} from './state';
import { apiRequest, sendApiRequest, walkPages } from '../shared/trigger-transport';

const WEBHOOK_NAME = 'default';

function requestContext(action: string, objectId?: string): RequestContext {
	return {
		itemIndex: 0,
		action,
		objectName: 'webhook endpoint',
		objectId,
		requiredScope: REQUIRED_SCOPES.webhook.write,
	};
}

/** Returns whether the user made the endpoint by hand, so that the node registers nothing. */
export function isManualRegistration(functions: IHookFunctions | IWebhookFunctions): boolean {
	return functions.getNodeParameter('registration', REGISTRATION.automatic) === REGISTRATION.manual;
}

/** Returns the selected events, sorted and without repeats. */
export function readSelectedEvents(functions: IHookFunctions | IWebhookFunctions): string[] {
	const events = functions.getNodeParameter('events', []) as string[];
	return [...new Set(events)].sort();
}

function readWebhookUrl(functions: IHookFunctions): string {
	const url = functions.getNodeWebhookUrl(WEBHOOK_NAME);
	if (url === undefined || url === '') {
		throw new NodeOperationError(functions.getNode(), 'n8n gave no webhook URL for this node', {
			description: 'Save the workflow and try again. The URL is needed to register the webhook.',
		});
	}
	return url;
}

function hasSameEvents(listed: string[] | undefined, selected: string[]): boolean {
	if (listed === undefined) return false;
	const listedSet = new Set(listed);
	return listedSet.size === selected.length && selected.every((event) => listedSet.has(event));
}

/**
 * Returns whether a listed endpoint is the one this node registered for the URL: the same ID,
 * URL and events, enabled, and signed with the secret the node holds. The API shows only a
 * prefix of the secret, which must match when it is given.
 */
function isAdoptable(
	endpoint: WebhookEndpoint,
	url: string,
	events: string[],
	stored: WebhookRegistration,
): boolean {
	return (
		endpoint.id === stored.id &&
		endpoint.url === url &&
		hasSameEvents(endpoint.events, events) &&
		endpoint.enabled !== false &&
		(endpoint.secretPrefix === undefined || stored.secret.startsWith(endpoint.secretPrefix))
	);
}

/**
 * Reports whether the endpoint for this URL already exists and can be used as it is. Lists
 * every page of the account's endpoints and adopts only the one this node registered, because
 * a delivery can be verified only with a secret the node holds. Deletes nothing.
 */
export async function checkWebhookExists(functions: IHookFunctions): Promise<boolean> {
	if (isManualRegistration(functions)) return true;

	const url = readWebhookUrl(functions);
	const stored = readRegistration(functions.getWorkflowStaticData('node'), url);
	if (stored === undefined) return false;

	const events = readSelectedEvents(functions);
	let found = false;
	await walkPages(
		functions,
		WEBHOOKS_PATH,
		{},
		requestContext('list webhook endpoints'),
		(rows) => {
			found = rows.some((row) => isAdoptable(readWebhookEndpoint(row), url, events, stored));
			return found ? 'stop' : 'next';
		},
	);
	return found;
}

/**
 * Deletes an endpoint this node registered. A 404 counts as deleted. Any other failure is logged
 * with the API's request ID and thrown.
 */
async function deleteEndpoint(functions: IHookFunctions, id: string, url: string): Promise<void> {
	const path = `${WEBHOOKS_PATH}/${encodeURIComponent(id)}`;
	const context = requestContext('delete the webhook endpoint', id);
	const outcome = await sendApiRequest(functions, { method: 'DELETE', path }, context);
	if (outcome.ok || outcome.status === 404) return;

	functions.logger.error('ProspectB2B Trigger failed to delete its webhook endpoint', {
		webhookId: id,
		webhookUrl: url,
		status: outcome.status ?? 'no answer',
		request_id: outcome.requestId ?? 'not given',
		error: outcome.error.message,
	});
	throw outcome.error;
}

function unusableEndpointError(
	functions: IHookFunctions,
	endpoint: WebhookEndpoint,
	requestId: string | undefined,
): NodeApiError {
	const missing = endpoint.id === undefined ? 'ID' : 'signing secret';
	return new NodeApiError(functions.getNode(), { request_id: requestId ?? null } as JsonObject, {
		message: `The ProspectB2B response to the webhook creation has no ${missing}`,
		description: `The node needs the endpoint ID to delete it later and the signing secret to verify deliveries, and the API shows the secret only in this response. Try activating again; if it persists, quote the request ID to ProspectB2B support. request_id ${requestId ?? 'not given'}.`,
	});
}

/**
 * Deletes every endpoint of the account whose URL is exactly this node's URL. n8n puts the
 * node's own webhook ID in the URL, so such an endpoint was registered for this node, also when
 * its registration was lost from the static data.
 */
async function deleteEndpointsForUrl(functions: IHookFunctions, url: string): Promise<void> {
	const ids: string[] = [];
	await walkPages(
		functions,
		WEBHOOKS_PATH,
		{},
		requestContext('list webhook endpoints'),
		(rows) => {
			for (const row of rows) {
				const endpoint = readWebhookEndpoint(row);
				if (endpoint.url === url && endpoint.id !== undefined) ids.push(endpoint.id);
			}
			return 'next';
		},
	);
	for (const id of ids) await deleteEndpoint(functions, id, url);
}

/**
 * Creates the endpoint for this URL and the selected events, and stores its ID and signing
 * secret. Endpoints registered earlier for the URL, which `checkWebhookExists` did not adopt,
 * are deleted first, so that none is left behind.
 */
export async function createWebhook(functions: IHookFunctions): Promise<boolean> {
	if (isManualRegistration(functions)) return true;

	const staticData = functions.getWorkflowStaticData('node');
	const url = readWebhookUrl(functions);
	const events = readSelectedEvents(functions);

	const previous = readRegistration(staticData, url);
	if (previous !== undefined) {
		await deleteEndpoint(functions, previous.id, url);
		removeRegistration(staticData, url);
	}
	await deleteEndpointsForUrl(functions, url);

	// One key for this creation, the same on every retry of it, so the API creates one endpoint
	// however many attempts reach it. A later creation gets a new key, because replaying an old
	// response would return an endpoint that has since been deleted.
	const idempotencyKey = `n8n-webhook-${randomUUID()}`;
	const body: IDataObject = { url, events };
	const response = await apiRequest(
		functions,
		{ method: 'POST', path: WEBHOOKS_PATH, body, idempotencyKey },
		requestContext('create the webhook endpoint'),
	);

	const endpoint = readWebhookEndpoint(readDataObject(response.body));
	if (endpoint.id === undefined || endpoint.signingSecret === undefined) {
		if (endpoint.id !== undefined) await deleteEndpoint(functions, endpoint.id, url);
		throw unusableEndpointError(functions, endpoint, response.requestId);
	}

	storeRegistration(staticData, url, {
		id: endpoint.id,
		secret: endpoint.signingSecret,
		events,
	});
	functions.logger.info('ProspectB2B Trigger registered its webhook endpoint', {
		webhookId: endpoint.id,
		webhookUrl: url,
		events,
		request_id: response.requestId ?? 'not given',
	});
	return true;
}

/**
 * Deletes the endpoint registered for this URL and removes the registration. An endpoint already
 * gone counts as deleted. On any other failure the registration is kept, so that the next
 * `createWebhook` for the URL deletes the endpoint before making a new one. When no registration
 * is stored (the static data was lost), every endpoint with exactly this URL is deleted instead.
 */
export async function deleteWebhook(functions: IHookFunctions): Promise<boolean> {
	if (isManualRegistration(functions)) return true;

	const staticData = functions.getWorkflowStaticData('node');
	const url = readWebhookUrl(functions);
	const stored = readRegistration(staticData, url);
	if (stored === undefined) {
		await deleteEndpointsForUrl(functions, url);
		return true;
	}

	await deleteEndpoint(functions, stored.id, url);
	removeRegistration(staticData, url);
	return true;
}
