import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import {
	errorResponse,
	runApiRequest,
	type OutgoingResponse,
	type PipelineState,
} from './api-pipeline';
import { CONTROL_PATH, FILES_PATH } from './contract';
import { ApiError } from './errors';
import type { FaultQueue } from './faults';
import {
	headersToRecord,
	newRequestId,
	parseBodyForLog,
	queryToRecord,
	readBody,
	sendEmpty,
	sendFile,
	sendJson,
	type RawBody,
} from './http-io';
import type { RequestLog, RequestLogEntry } from './request-log';
import { presentBody, type ToleranceSettings } from './tolerance';

/**
 * Everything the HTTP server needs: the API pipeline, injected faults, the request log, the
 * tolerance switches that shape API responses, and the export file server.
 */
export interface ServerState extends PipelineState {
	faults: FaultQueue;
	log: RequestLog;
	now: () => number;
	tolerance: ToleranceSettings;
	/** Serves a request below the files prefix, such as an export's `download_url`. */
	serveFile: (method: string, url: URL, requestId: string) => OutgoingResponse;
}

/** The status and JSON body of a control response. */
export interface ControlResult {
	status: number;
	body: unknown;
}

/** Handles a control request (a path under the control prefix) and returns status and body. */
export type ControlHandler = (
	method: string,
	url: URL,
	body: RawBody,
) => ControlResult | Promise<ControlResult>;

/**
 * Creates the HTTP server. It serves the control routes, export files and the API, and logs API
 * and file requests.
 */
export function createSandboxServer(state: ServerState, handleControl: ControlHandler): Server {
	const inFlightKeys = new Set<string>();

	return createServer((request, response) => {
		handleRequest(state, handleControl, inFlightKeys, request, response).catch((error: unknown) => {
			// Reached for a request URL that cannot be parsed or a response that cannot be written,
			// for example on a closed socket. Destroying the socket is the only reply left.
			response.destroy(error instanceof Error ? error : new Error(String(error)));
		});
	});
}

async function handleRequest(
	state: ServerState,
	handleControl: ControlHandler,
	inFlightKeys: Set<string>,
	request: IncomingMessage,
	response: ServerResponse,
): Promise<void> {
	const url = new URL(request.url ?? '/', 'http://127.0.0.1');
	const method = request.method ?? 'GET';
	const body = await readBody(request);

	if (url.pathname === CONTROL_PATH || url.pathname.startsWith(`${CONTROL_PATH}/`)) {
		await sendControlResponse(handleControl, method, url, body, response);
		return;
	}

	const isFile = url.pathname.startsWith(`${FILES_PATH}/`);

	const headers = headersToRecord(request);
	const requestId = newRequestId();
	const entry: RequestLogEntry = {
		method,
		path: url.pathname,
		query: queryToRecord(url.searchParams),
		headers,
		body: parseBodyForLog(body),
		status: null,
		idempotencyKey: headers['idempotency-key'] ?? null,
		replayed: false,
		requestId,
		timestamp: new Date(state.now()).toISOString(),
	};
	state.log.add(entry);

	const fault = state.faults.take(method, url.pathname);

	if (fault?.mode === 'drop') {
		state.log.complete(entry, 'dropped');
		request.socket.destroy();
		return;
	}

	if (fault?.mode === 'hang') {
		// The socket stays open without a response. Closing the sandbox closes every connection,
		// hung ones included.
		state.log.complete(entry, 'hung');
		return;
	}

	let outgoing: OutgoingResponse;
	if (fault?.mode === '500') {
		outgoing = errorResponse(injectedServerError(), requestId, {});
	} else if (fault?.mode === '429') {
		const limit = state.rateLimiter.limit;
		outgoing = errorResponse(injectedRateLimit(fault.retryAfterSeconds, limit), requestId, {});
	} else if (isFile) {
		outgoing = state.serveFile(method, url, requestId);
	} else {
		const incoming = { method, url, headers, body, requestId };
		outgoing = await runApiRequestSafely(state, inFlightKeys, incoming, entry);
	}

	if (fault?.mode === 'drop_after_apply') {
		state.log.complete(entry, 'dropped');
		request.socket.destroy();
		return;
	}

	const sentRequestId = String(outgoing.body.request_id);
	entry.requestId = sentRequestId;
	entry.replayed = outgoing.replayed;
	state.log.complete(entry, outgoing.status);

	const sentHeaders = { ...outgoing.headers, 'X-Request-Id': sentRequestId };
	if (outgoing.file) {
		sendFile(response, outgoing.file, sentHeaders);
	} else if (outgoing.status === 204) {
		sendEmpty(response, 204, sentHeaders);
	} else if (isFile) {
		sendJson(response, outgoing.status, outgoing.body, sentHeaders);
	} else {
		const switches = state.tolerance.switches;
		sendJson(response, outgoing.status, presentBody(outgoing.body, switches), sentHeaders);
	}
}

/** Runs a control operation and sends its result, or a 500 with the error when it throws. */
async function sendControlResponse(
	handleControl: ControlHandler,
	method: string,
	url: URL,
	body: RawBody,
	response: ServerResponse,
): Promise<void> {
	let result: ControlResult;
	try {
		result = await handleControl(method, url, body);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		result = { status: 500, body: { error: { message: `Control request failed: ${message}` } } };
	}

	sendJson(response, result.status, result.body);
}

/** Runs the API pipeline and turns an unexpected exception into a 500 with the error logged. */
async function runApiRequestSafely(
	state: ServerState,
	inFlightKeys: Set<string>,
	request: Parameters<typeof runApiRequest>[1],
	entry: RequestLogEntry,
): Promise<OutgoingResponse> {
	try {
		return await runApiRequest(state, request, inFlightKeys);
	} catch (error) {
		entry.internalError = error instanceof Error ? (error.stack ?? error.message) : String(error);
		const apiError = new ApiError(
			500,
			'internal_error',
			'The sandbox failed while handling this request. See internalError in the request log.',
		);
		return errorResponse(apiError, request.requestId, {});
	}
}

function injectedServerError(): ApiError {
	return new ApiError(500, 'internal_error', 'Internal server error (injected by the sandbox).');
}

function injectedRateLimit(retryAfterSeconds: number, limit: number | null): ApiError {
	const headers: Record<string, string> = { 'Retry-After': String(retryAfterSeconds) };
	if (limit !== null) {
		headers['X-RateLimit-Limit'] = String(limit);
		headers['X-RateLimit-Remaining'] = '0';
	}

	return new ApiError(
		429,
		'rate_limited',
		`Too many requests (injected by the sandbox). Retry after ${retryAfterSeconds} s.`,
		{ retry_after_seconds: retryAfterSeconds },
		headers,
	);
}
