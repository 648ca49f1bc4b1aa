/**
 * Requests of the trigger nodes to the ProspectB2B API, with retries.
 *
 * The trigger nodes run outside n8n's declarative routing (in webhook lifecycle hooks and in
 * polls), so they send requests through `httpRequestWithAuthentication` with the ProspectB2B
 * API credential. Every status comes back to this module, which retries what `decideRetry`
 * allows and turns the final failure into the readable error of `createApiError` or
 * `createTransportError`.
 */
import type {
	IDataObject,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import {
	DEFAULT_BASE_URL,
	IDEMPOTENCY_HEADER,
	PAGE_SIZE_MAX,
	readDataList,
	readPagination,
	readRequestId,
} from './contract';
import type { RequestContext } from './errors';
import { createApiError, createTransportError } from './errors';
import { DEFAULT_MAX_RETRIES, decideRetry } from './retry';

export const API_CREDENTIAL_TYPE = 'prospectB2BApi';

const REQUEST_TIMEOUT_MS = 30_000;

/** The n8n contexts that send API requests: webhook hooks, webhook calls and polls. */
export type ApiFunctions = IHookFunctions | IWebhookFunctions | IPollFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, such as `/webhooks`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Sent as the Idempotency-Key header; the same key on every retry of this request. */
	idempotencyKey?: string;
}

/** A response of the API, with its body parsed. */
export interface ApiResponse {
	status: number;
	body: unknown;
	headers: IDataObject;
	requestId?: string;
}

/**
 * The result of a request after its retries: the 2xx response, or the error that explains the
 * failure, with the status and request ID of the last response when there was one.
 */
export type ApiOutcome =
	| { ok: true; response: ApiResponse }
	| { ok: false; error: NodeApiError; status?: number; requestId?: string };

interface FullResponse {
	statusCode: number;
	headers?: IDataObject;
	body?: unknown;
}

async function readBaseUrl(functions: ApiFunctions): Promise<string> {
	const credentials = await functions.getCredentials(API_CREDENTIAL_TYPE);
	const baseUrl = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	return (baseUrl === '' ? DEFAULT_BASE_URL : baseUrl).replace(/\/+$/, '');
}

/**
 * Returns the code and message of a request that got no HTTP response. n8n wraps the HTTP
 * client's error, which also contains the request headers and with them the API key, so only
 * these two strings are kept.
 */
function describeNetworkFailure(error: unknown): Error & { code: string } {
	const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
	const code =
		typeof cause === 'object' && cause !== null && 'code' in cause
			? String((cause as { code: unknown }).code)
			: 'UNKNOWN';
	const message = cause instanceof Error ? cause.message : String(cause);
	return Object.assign(new Error(message), { code });
}

/**
 * Sends a request and retries it while `decideRetry` allows. An HTTP or network failure is
 * returned in the outcome instead of thrown, so that a caller can log it or accept a status such
 * as 404 before deciding to throw.
 */
export async function sendApiRequest(
	functions: ApiFunctions,
	request: ApiRequest,
	context: RequestContext,
	maxRetries = DEFAULT_MAX_RETRIES,
): Promise<ApiOutcome> {
	const baseUrl = await readBaseUrl(functions);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl}${request.path}`,
		qs: request.qs,
		body: request.body,
		headers: {
			Accept: 'application/json',
			...(request.idempotencyKey === undefined
				? {}
				: { [IDEMPOTENCY_HEADER]: request.idempotencyKey }),
		},
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	const retryRequest = {
		method: request.method,
		hasIdempotencyKey: request.idempotencyKey !== undefined,
	};

	for (let retriesDone = 0; ; retriesDone++) {
		let fullResponse: FullResponse;
		try {
			fullResponse = (await functions.helpers.httpRequestWithAuthentication.call(
				functions,
				API_CREDENTIAL_TYPE,
				options,
			)) as FullResponse;
		} catch (error) {
			const cause = describeNetworkFailure(error);
			const decision = decideRetry(
				{ kind: 'transport', code: cause.code },
				retryRequest,
				retriesDone,
				maxRetries,
			);
			if (!decision.retry) {
				const failure = createTransportError(functions.getNode(), cause, context, retriesDone + 1);
				return { ok: false, error: failure };
			}
			await sleep(decision.delayMs);
			continue;
		}

		const headers = fullResponse.headers ?? {};
		const response: ApiResponse = {
			status: fullResponse.statusCode,
			body: fullResponse.body,
			headers,
			requestId: readRequestId(fullResponse.body, headers),
		};
		if (response.status >= 200 && response.status <= 299) return { ok: true, response };

		const retryAfter = typeof headers['retry-after'] === 'string' ? headers['retry-after'] : '';
		const decision = decideRetry(
			{ kind: 'status', status: response.status, retryAfter: retryAfter || undefined },
			retryRequest,
			retriesDone,
			maxRetries,
		);
		if (!decision.retry) {
			const failure = createApiError(
				functions.getNode(),
				response.status,
				response.body,
				headers,
				context,
			);
			return { ok: false, error: failure, status: response.status, requestId: response.requestId };
		}
		await sleep(decision.delayMs);
	}
}

/** Sends a request and returns its 2xx response, or throws the error that explains the failure. */
export async function apiRequest(
	functions: ApiFunctions,
	request: ApiRequest,
	context: RequestContext,
): Promise<ApiResponse> {
	const outcome = await sendApiRequest(functions, request, context);
	if (!outcome.ok) throw outcome.error;
	return outcome.response;
}

/** Whether a page walk reads the next page. */
export type PageDecision = 'next' | 'stop';

/**
 * Reads a list endpoint page by page at the largest page size, keeping the query of the first
 * page on every page, and hands each page's rows to `onPage`. Stops when `onPage` returns
 * `stop`, the API reports no next page, or a page is empty. Throws when the API sends a cursor
 * it already sent, instead of looping.
 */
export async function walkPages(
	functions: ApiFunctions,
	path: string,
	query: IDataObject,
	context: RequestContext,
	onPage: (rows: IDataObject[]) => PageDecision,
): Promise<void> {
	const seenCursors = new Set<string>();
	let cursor: string | undefined;

	for (;;) {
		const qs: IDataObject = { ...query, limit: PAGE_SIZE_MAX };
		if (cursor !== undefined) qs.cursor = cursor;
		const page = await apiRequest(functions, { method: 'GET', path, qs }, context);
		const rows = readDataList(page.body) as IDataObject[];
		if (onPage(rows) === 'stop') return;

		const { nextCursor, hasMore } = readPagination(page.body);
		if (!hasMore || rows.length === 0 || nextCursor === undefined) return;
		if (seenCursors.has(nextCursor)) {
			throw new NodeApiError(functions.getNode(), { next_cursor: nextCursor } as JsonObject, {
				message: `ProspectB2B returned a page cursor it had already returned while trying to ${context.action}`,
				description: `The node stopped instead of reading the same pages again. request_id ${page.requestId ?? 'not given'}.`,
			});
		}
		seenCursors.add(nextCursor);
		cursor = nextCursor;
	}
}
