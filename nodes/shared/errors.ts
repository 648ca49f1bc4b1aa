import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { API_KEY_PATTERN, readApiError, readRequestId } from './contract';

/** The request that failed, described for the error message. */
export interface RequestContext {
	itemIndex: number;
	/** A phrase such as "create the lead" or "list leads". */
	action: string;
	/** The kind of object addressed by id, such as "lead". */
	objectName?: string;
	objectId?: string;
	requiredScope?: string;
	idempotencyKey?: string;
}

interface ErrorText {
	message: string;
	hint: string;
}

function describeStatus(status: number, context: RequestContext, retryAfter?: string): ErrorText {
	switch (status) {
		case 401:
			return {
				message: 'The ProspectB2B API key was rejected',
				hint: 'The key is missing, mistyped, revoked or rotated. Paste a current key into the ProspectB2B API credential and test it.',
			};
		case 403:
			return {
				message: `The API key is not allowed to ${context.action}`,
				hint: `This operation needs the scope "${context.requiredScope ?? 'unknown'}" on a key that is not read-only. Check the key's scopes and read-only state with Account > Get, then use a key that has them.`,
			};
		case 404:
			return {
				message:
					context.objectId === undefined
						? `The ProspectB2B resource to ${context.action} was not found`
						: `The ${context.objectName ?? 'object'} "${context.objectId}" was not found`,
				hint: 'Check the ID: it may be mistyped, deleted, or belong to another workspace.',
			};
		case 409:
			return {
				message: `The Idempotency-Key "${context.idempotencyKey ?? ''}" was already used with a different request body`,
				hint: 'ProspectB2B keeps a key for 24 hours and replays the first result only for an identical body. Set a new key for a different record, or send the same body again.',
			};
		case 429:
			return {
				message: 'The ProspectB2B rate limit was reached',
				hint: `The API key went over its per-minute request limit${retryAfter ? `; the API asked to wait ${retryAfter} seconds` : ''}. Send fewer items at once, or space runs out with the node's batching settings.`,
			};
		case 400:
		case 422:
			return {
				message: `ProspectB2B rejected the input to ${context.action}`,
				hint: 'Correct the fields named below and run the node again.',
			};
		default:
			return status >= 500
				? {
						message: `ProspectB2B failed to ${context.action} because of a server error`,
						hint: 'The problem is on the API side. Try again later, and quote the request ID to ProspectB2B support if it persists.',
					}
				: {
						message: `ProspectB2B responded with HTTP ${status} when trying to ${context.action}`,
						hint: 'Check the node parameters and try again.',
					};
	}
}

function readRetryAfter(headers: unknown): string | undefined {
	if (typeof headers !== 'object' || headers === null) return undefined;
	const value = (headers as Record<string, unknown>)['retry-after'];
	return typeof value === 'string' ? value : undefined;
}

/** Masks anything shaped like an API key, in case an API message echoes one. */
function maskKeys(text: string): string {
	return text.replace(API_KEY_PATTERN, 'pb2b_[masked]');
}

function describeDetails(details: unknown): string | undefined {
	if (details === undefined || details === null) return undefined;
	const text = maskKeys(JSON.stringify(details));
	return text.length > 1000 ? `${text.slice(0, 1000)}...` : text;
}

/**
 * Builds the error for a non-2xx API response. The message states what failed in plain words,
 * and the description gives the HTTP status, the API's error code and message, and the request ID.
 * It is built only from the response, so no credential can reach it.
 */
export function createApiError(
	node: INode,
	status: number,
	body: unknown,
	headers: unknown,
	context: RequestContext,
): NodeApiError {
	const apiError = readApiError(body);
	const requestId = readRequestId(body, headers);
	const retryAfter = readRetryAfter(headers);
	const text = describeStatus(status, context, retryAfter);

	const facts = [
		`HTTP ${status}`,
		apiError.code && `code ${apiError.code}`,
		apiError.message && `message "${maskKeys(apiError.message)}"`,
		describeDetails(apiError.details) && `details ${describeDetails(apiError.details)}`,
		`request_id ${requestId ?? 'not given'}`,
	].filter(Boolean);

	const errorResponse: JsonObject = {
		status,
		code: apiError.code ?? null,
		message: apiError.message === undefined ? null : maskKeys(apiError.message),
		request_id: requestId ?? null,
	};
	const error = new NodeApiError(node, errorResponse, {
		message: text.message,
		description: `${text.hint} ${facts.join(', ')}.`,
		httpCode: String(status),
		itemIndex: context.itemIndex,
	});
	error.context.request_id = requestId;
	return error;
}

/** Reads the error code of a request that got no response, from n8n's error or its cause. */
export function readTransportErrorCode(error: unknown): string {
	if (typeof error !== 'object' || error === null) return 'UNKNOWN';
	const { code, cause, httpCode } = error as {
		code?: unknown;
		cause?: unknown;
		httpCode?: unknown;
	};
	if (typeof code === 'string') return code;
	if (typeof cause === 'object' && cause !== null) {
		const causeCode = (cause as { code?: unknown }).code;
		if (typeof causeCode === 'string') return causeCode;
	}
	return typeof httpCode === 'string' ? httpCode : 'UNKNOWN';
}

/**
 * Builds the error for a request that got no HTTP response (refused, reset, timed out). Only the
 * error's code and message are kept, because the HTTP client's error object also contains the
 * request headers, and with them the API key.
 */
export function createTransportError(
	node: INode,
	cause: unknown,
	context: RequestContext,
	attempts: number,
): NodeApiError {
	const code = readTransportErrorCode(cause);
	const reason = maskKeys(cause instanceof Error ? cause.message : String(cause));
	return new NodeApiError(
		node,
		{ code, message: reason },
		{
			message: `The request to ${context.action} got no response from ProspectB2B`,
			description: `The connection failed after ${attempts} attempt${attempts === 1 ? '' : 's'} (${code}: ${reason}). Check the Base URL in the credential and the network, then try again.`,
			httpCode: 'none',
			itemIndex: context.itemIndex,
		},
	);
}
