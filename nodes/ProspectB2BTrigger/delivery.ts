/**
 * Handling of each ProspectB2B Trigger delivery. The node verifies the signature over the raw
 * body, then parses the body, drops repeats and unselected events, and starts a run.
 *
 * A rejected delivery gets 401 and starts no run. A verified delivery that starts no run (a
 * repeat, or an event that is not selected) gets 200, so that ProspectB2B does not send it again.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { DEFAULT_TIMESTAMP_TOLERANCE_SECONDS, DELIVERY_HEADERS } from '../shared/contract';
import { readDeliveryEvent } from '../shared/contract';
import type { SignatureCheck } from '../shared/signature';
import { verifySignature } from '../shared/signature';
import { isManualRegistration, readSelectedEvents } from './registration';
import type { WebhookRegistration } from './state';
import {
	deliveryKeys,
	isDeliveryRemembered,
	loadDeliveryMemory,
	readRegistrations,
	rememberDelivery,
} from './state';

export const MANUAL_ENDPOINT_CREDENTIAL_TYPE = 'prospectB2BWebhookSecretApi';

const WEBHOOK_NAME = 'default';

type RequestHeaders = Record<string, string | string[] | undefined>;

interface DeliveryOptions {
	toleranceSeconds?: number;
	ignoreRepeats?: boolean;
}

function readHeader(headers: RequestHeaders, name: string): string | undefined {
	const value = headers[name];
	const text = Array.isArray(value) ? value[0] : value;
	return text === undefined || text === '' ? undefined : text;
}

/**
 * Returns the request body exactly as n8n received it. For a node of type version 1, n8n 1.x and
 * 2.x read the whole body into `rawBody` before calling `webhook()`, for every content type
 * except multipart/form-data (`parseRequestBody` in n8n's `packages/cli/src/webhooks/
 * webhook-helpers.ts`). The request's own `readRawBody` covers a server that has not read it
 * yet. Returns undefined when no raw body is available, which fails verification.
 */
async function readRawBody(functions: IWebhookFunctions): Promise<Buffer | undefined> {
	const request = functions.getRequestObject();
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		try {
			await request.readRawBody();
		} catch (error) {
			functions.logger.warn('ProspectB2B Trigger could not read the raw request body', {
				error: error instanceof Error ? error.message : String(error),
			});
		}
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

/**
 * Returns the registrations whose secret can sign a delivery to the URL being served. A
 * production call uses the production URL's registration. On a test call, n8n 2.x gives the test
 * URL being served through `getWebhookResourceUrl`. n8n 1.x does not, so there every
 * registration other than the production URL's is a candidate. n8n keeps test registrations out
 * of the production copy of the static data.
 */
function selectRegistrations(functions: IWebhookFunctions): WebhookRegistration[] {
	const registrations = readRegistrations(functions.getWorkflowStaticData('node'));
	const productionUrl = functions.getNodeWebhookUrl(WEBHOOK_NAME);
	if (functions.getMode() !== 'manual') {
		const registration = productionUrl === undefined ? undefined : registrations[productionUrl];
		return registration === undefined ? [] : [registration];
	}

	const servedUrl =
		typeof functions.getWebhookResourceUrl === 'function'
			? functions.getWebhookResourceUrl(WEBHOOK_NAME)
			: undefined;
	if (servedUrl !== undefined) {
		const registration = registrations[servedUrl];
		return registration === undefined ? [] : [registration];
	}
	return Object.entries(registrations)
		.filter(([url]) => url !== productionUrl)
		.map(([, registration]) => registration);
}

async function readSigningSecrets(functions: IWebhookFunctions): Promise<string[]> {
	if (isManualRegistration(functions)) {
		const credentials = await functions.getCredentials(MANUAL_ENDPOINT_CREDENTIAL_TYPE);
		const secret = credentials.signingSecret;
		return typeof secret === 'string' && secret.trim() !== '' ? [secret.trim()] : [];
	}
	return selectRegistrations(functions).map((registration) => registration.secret);
}

/**
 * Verifies against each candidate secret. When none matches, the first candidate's failure
 * explains the rejection.
 */
function verifyWithAny(
	secrets: string[],
	rawBody: Buffer,
	headers: RequestHeaders,
	toleranceSeconds: number,
): SignatureCheck {
	const nowSeconds = Math.floor(Date.now() / 1000);
	const checks = (secrets.length === 0 ? [undefined] : secrets).map((secret) =>
		verifySignature({ rawBody, headers, secret, nowSeconds, toleranceSeconds }),
	);
	return checks.find((check) => check.ok) ?? checks[0];
}

/** Sends the response directly, for responses other than n8n's default 200. */
function respond(
	functions: IWebhookFunctions,
	status: number,
	code: string,
	message: string,
): IWebhookResponseData {
	functions.getResponseObject().status(status).json({ error: { code, message } });
	return { noWebhookResponse: true };
}

function parseJson(rawBody: Buffer): unknown {
	try {
		return JSON.parse(rawBody.toString('utf8')) as unknown;
	} catch {
		return undefined;
	}
}

function readOptions(functions: IWebhookFunctions): Required<DeliveryOptions> {
	const options = functions.getNodeParameter('options', {}) as DeliveryOptions;
	const tolerance = Number(options.toleranceSeconds);
	return {
		toleranceSeconds:
			Number.isFinite(tolerance) && tolerance > 0 ? tolerance : DEFAULT_TIMESTAMP_TOLERANCE_SECONDS,
		ignoreRepeats: options.ignoreRepeats !== false,
	};
}

type Authentication =
	{ ok: true; rawBody: Buffer; timestamp: number } | { ok: false; reason: string };

/** Reads the raw body and verifies its signature; nothing of the body is parsed yet. */
async function authenticate(
	functions: IWebhookFunctions,
	headers: RequestHeaders,
	toleranceSeconds: number,
): Promise<Authentication> {
	const rawBody = await readRawBody(functions);
	if (rawBody === undefined) return { ok: false, reason: 'missing_body' };

	const secrets = await readSigningSecrets(functions);
	const check = verifyWithAny(secrets, rawBody, headers, toleranceSeconds);
	return check.ok ? { ok: true, rawBody, timestamp: check.timestamp } : check;
}

/** Handles one delivery. The module comment lists the responses. */
export async function receiveDelivery(functions: IWebhookFunctions): Promise<IWebhookResponseData> {
	const options = readOptions(functions);
	const headers = functions.getHeaderData() as RequestHeaders;
	const deliveryId = readHeader(headers, DELIVERY_HEADERS.deliveryId);

	const authentication = await authenticate(functions, headers, options.toleranceSeconds);
	if (!authentication.ok) {
		functions.logger.warn('ProspectB2B Trigger rejected a delivery', {
			reason: authentication.reason,
			deliveryId: deliveryId?.slice(0, 100) ?? 'not given',
		});
		const message = `The delivery was rejected: ${authentication.reason}.`;
		return respond(functions, 401, 'invalid_signature', message);
	}
	const { rawBody, timestamp } = authentication;

	// Parsed only now, from the bytes that were verified.
	const body = parseJson(rawBody);
	if (body === undefined) {
		functions.logger.warn('ProspectB2B Trigger received a signed delivery that is not JSON', {
			deliveryId: deliveryId?.slice(0, 100) ?? 'not given',
		});
		return respond(functions, 400, 'invalid_body', 'The delivery body is not valid JSON.');
	}

	// The body is signed and the headers are not, so the body's event type and ID win.
	const event = readDeliveryEvent(body);
	const eventType = event.type ?? readHeader(headers, DELIVERY_HEADERS.event);
	const keys = deliveryKeys(deliveryId, event.eventId);
	const staticData = functions.getWorkflowStaticData('node');
	const scope = `${functions.getWorkflow().id ?? ''}|${functions.getNode().id}|${functions.getMode()}`;
	const memory = options.ignoreRepeats ? loadDeliveryMemory(staticData, scope) : undefined;

	if (memory && isDeliveryRemembered(memory, keys)) {
		functions.logger.debug('ProspectB2B Trigger ignored a repeated delivery', {
			deliveryId: deliveryId?.slice(0, 100) ?? 'not given',
		});
		return { webhookResponse: { received: true, repeated: true } };
	}
	if (eventType === undefined || !readSelectedEvents(functions).includes(eventType)) {
		return { webhookResponse: { received: true, ignored: 'event not selected' } };
	}
	if (memory) rememberDelivery(staticData, scope, memory, keys);

	const payload: IDataObject =
		typeof body === 'object' && body !== null && !Array.isArray(body)
			? (body as IDataObject)
			: { payload: body as IDataObject };
	const json: IDataObject = {
		...payload,
		event_type: eventType,
		delivery_id: deliveryId ?? null,
		delivery_timestamp: timestamp,
	};
	// The node sends the 200 itself, before the run starts. n8n 2.41 saves the static data (and with
	// it the remembered delivery) only when the node has responded before the run is started, so
	// with n8n's own response a repeated delivery would start a second run.
	functions.getResponseObject().status(200).json({ received: true });
	return { noWebhookResponse: true, workflowData: [[{ json }]] };
}
