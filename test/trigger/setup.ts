import { createHmac } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import { ProspectB2BApi } from '../../credentials/ProspectB2BApi.credentials';
import { ProspectB2BWebhookSecretApi } from '../../credentials/ProspectB2BWebhookSecretApi.credentials';
import { ProspectB2BLeadTrigger } from '../../nodes/ProspectB2BLeadTrigger/ProspectB2BLeadTrigger.node';
import { ProspectB2BTrigger } from '../../nodes/ProspectB2BTrigger/ProspectB2BTrigger.node';
import { TriggerHarness } from '../harness';
import type { Sandbox } from '../sandbox';

/** The stored registration of one webhook URL, as the trigger keeps it in its static data. */
export interface StoredRegistration {
	id: string;
	secret: string;
	events: string[];
}

export interface WebhookTriggerCredentials {
	/** Defaults to the sandbox's full-access key. */
	apiKey?: string;
	/** Defaults to the sandbox's API URL. */
	baseUrl?: string;
	/** The credential of an endpoint made by hand; omitted when undefined. */
	signingSecret?: string;
}

/** Creates a ProspectB2B Trigger in a harness, with an API credential for the sandbox. */
export function createWebhookTrigger(
	sandbox: Sandbox,
	parameters: INodeParameters = {},
	credentials: WebhookTriggerCredentials = {},
): TriggerHarness {
	const { apiKey = sandbox.keys.full, baseUrl = sandbox.url, signingSecret } = credentials;
	return new TriggerHarness({
		nodeType: new ProspectB2BTrigger(),
		credentialTypes: [new ProspectB2BApi(), new ProspectB2BWebhookSecretApi()],
		credentials: {
			prospectB2BApi: { apiKey, baseUrl },
			...(signingSecret === undefined ? {} : { prospectB2BWebhookSecretApi: { signingSecret } }),
		},
		parameters: {
			registration: 'automatic',
			events: ['lead.created', 'lead.updated'],
			options: {},
			...parameters,
		},
	});
}

/** Creates a ProspectB2B Lead Trigger in a harness, with an API credential for the sandbox. */
export function createLeadTrigger(
	sandbox: Sandbox,
	parameters: INodeParameters = {},
	apiKey = sandbox.keys.full,
): TriggerHarness {
	return new TriggerHarness({
		nodeType: new ProspectB2BLeadTrigger(),
		credentialTypes: [new ProspectB2BApi()],
		credentials: { prospectB2BApi: { apiKey, baseUrl: sandbox.url } },
		parameters: { options: {}, ...parameters },
	});
}

/** Returns the registrations in the trigger's static data, by webhook URL. */
export function storedRegistrations(harness: TriggerHarness): Record<string, StoredRegistration> {
	return (harness.staticData().webhooks ?? {}) as Record<string, StoredRegistration>;
}

/** Empties the node's static data, as when a workflow is restored from an old export. */
export function wipeStaticData(harness: TriggerHarness): void {
	const staticData = harness.staticData();
	for (const key of Object.keys(staticData)) delete staticData[key];
}

/** Signs a delivery as the API does, independently of the code under test. */
export function signDeliveryHeaders(
	secret: string,
	body: Buffer,
	fields: { deliveryId: string; event: string; timestamp?: number },
): Record<string, string> {
	const timestamp = String(fields.timestamp ?? Math.floor(Date.now() / 1000));
	const signature = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
	return {
		'content-type': 'application/json',
		'x-prospectb2b-event': fields.event,
		'x-prospectb2b-delivery': fields.deliveryId,
		'x-prospectb2b-timestamp': timestamp,
		'x-prospectb2b-signature': `v1=${signature}`,
	};
}

/** The API requests the sandbox received for a method and a path below the base path. */
export function requestsTo(sandbox: Sandbox, method: string, path: string) {
	return sandbox.requests.filter(
		(entry) => entry.method === method && entry.path === `/api/public/v1${path}`,
	);
}
