import { authenticate, authorize } from './auth';
import { BASE_PATH, IDEMPOTENT_METHODS } from './contract';
import { ApiError, validationFailed, type FieldError } from './errors';
import { parseJsonBody, type RawBody } from './http-io';
import { parseIdempotencyKey, type IdempotencyScope, type IdempotencyStore } from './idempotency';
import type { RateLimiter } from './rate-limit';
import type { ApiRequest, HttpMethod, Router } from './router';

/** The parts of the sandbox that every API request passes through. */
export interface PipelineState {
	router: Router;
	rateLimiter: RateLimiter;
	idempotency: IdempotencyStore;
}

/** An API request as received over HTTP. */
export interface IncomingApiRequest {
	method: string;
	url: URL;
	headers: Record<string, string>;
	body: RawBody;
	requestId: string;
}

/** A response ready to send. The body already has its `request_id`. */
export interface OutgoingResponse {
	status: number;
	body: Record<string, unknown>;
	headers: Record<string, string>;
	/** Whether the response replays a stored idempotent response. */
	replayed: boolean;
	/** A file to send instead of the JSON body, as for an export download. */
	file?: FileContent;
}

/** A file response: its content, media type and the filename for `Content-Disposition`. */
export interface FileContent {
	contentType: string;
	filename: string;
	content: string;
}

/** Builds the error response body `{"error": {code, message, details?}, "request_id"}`. */
export function errorResponse(
	error: ApiError,
	requestId: string,
	headers: Record<string, string>,
): OutgoingResponse {
	const body = {
		error: {
			code: error.code,
			message: error.message,
			...(error.details === undefined ? {} : { details: error.details }),
		},
		request_id: requestId,
	};

	return { status: error.status, body, headers: { ...headers, ...error.headers }, replayed: false };
}

/** Returns the query parameters, rejecting any that is unknown to the route or sent twice. */
function parseQuery(
	searchParams: URLSearchParams,
	allowed: readonly string[],
): Map<string, string> {
	const errors: FieldError[] = [];
	const query = new Map<string, string>();

	for (const name of new Set(searchParams.keys())) {
		const values = searchParams.getAll(name);

		if (!allowed.includes(name)) {
			const allowedText = allowed.length > 0 ? `Allowed: ${allowed.join(', ')}.` : 'It takes none.';
			errors.push({
				field: name,
				message: `Unknown query parameter ${name}. ${allowedText}`,
			});
		} else if (values.length > 1) {
			errors.push({
				field: name,
				message: `Query parameter ${name} was sent ${values.length} times. Send it once.`,
			});
		} else {
			query.set(name, values[0]);
		}
	}

	if (errors.length > 0) {
		throw validationFailed(errors);
	}

	return query;
}

/**
 * Runs an API request through authentication, the rate limit, routing, scope checks, query and
 * body parsing, idempotency and the route handler, and returns the response to send.
 * `inFlightKeys` contains the idempotency keys of requests still running.
 */
export async function runApiRequest(
	state: PipelineState,
	request: IncomingApiRequest,
	inFlightKeys: Set<string>,
): Promise<OutgoingResponse> {
	const pathname = request.url.pathname;
	let headers: Record<string, string> = {};

	try {
		if (!pathname.startsWith(`${BASE_PATH}/`)) {
			throw new ApiError(
				404,
				'not_found',
				`No API route matches ${pathname}. API paths start with ${BASE_PATH}/.`,
			);
		}

		const apiKey = authenticate(request.headers.authorization);

		const rate = state.rateLimiter.take(apiKey.id);
		headers = rate.headers;
		if (rate.limited) {
			throw new ApiError(
				429,
				'rate_limited',
				`This API key went over its limit of ${state.rateLimiter.limit} requests per minute. ` +
					`Retry after ${rate.retryAfterSeconds} s.`,
				{ retry_after_seconds: rate.retryAfterSeconds },
			);
		}

		const subPath = pathname.slice(BASE_PATH.length);
		const { route, params, write } = state.router.match(request.method, subPath);
		authorize(apiKey, { method: route.method, path: route.path, scope: route.scope, write });

		const query = parseQuery(request.url.searchParams, route.query ?? []);
		const hasBody = route.method === 'POST' || route.method === 'PATCH' || route.method === 'PUT';
		const body = hasBody ? parseJsonBody(request.body, request.headers['content-type']) : undefined;

		const idempotencyKey = IDEMPOTENT_METHODS.has(route.method)
			? parseIdempotencyKey(request.headers['idempotency-key'])
			: null;
		const scope: IdempotencyScope = { apiKeyId: apiKey.id, method: route.method, path: pathname };

		if (idempotencyKey !== null) {
			const stored = state.idempotency.find(scope, idempotencyKey, body);
			if (stored) {
				const replayHeaders = { ...headers, 'Idempotent-Replayed': 'true' };
				return { status: stored.status, body: stored.body, headers: replayHeaders, replayed: true };
			}
		}

		const apiRequest: ApiRequest = {
			method: route.method as HttpMethod,
			path: pathname,
			params,
			query,
			body,
			apiKey,
		};

		const result = await runOnce(inFlightKeys, scope, idempotencyKey, () =>
			route.handler(apiRequest),
		);
		const responseBody = { ...result.body, request_id: request.requestId };

		if (idempotencyKey !== null) {
			state.idempotency.save(scope, idempotencyKey, body, {
				status: result.status,
				body: responseBody,
			});
		}

		return { status: result.status, body: responseBody, headers, replayed: false };
	} catch (error) {
		if (error instanceof ApiError) {
			return errorResponse(error, request.requestId, headers);
		}
		throw error;
	}
}

/**
 * Runs a handler while marking its idempotency key as in flight. A second request with the same
 * key that arrives before the first finishes gets 409 `idempotency_conflict`.
 * Only the delivery retry handler awaits I/O, so only its requests can overlap this way.
 */
async function runOnce<T>(
	inFlightKeys: Set<string>,
	scope: IdempotencyScope,
	idempotencyKey: string | null,
	handler: () => T | Promise<T>,
): Promise<T> {
	if (idempotencyKey === null) {
		return await handler();
	}

	const flightKey = JSON.stringify([scope.apiKeyId, scope.method, scope.path, idempotencyKey]);
	if (inFlightKeys.has(flightKey)) {
		throw new ApiError(
			409,
			'idempotency_conflict',
			`A request with Idempotency-Key "${idempotencyKey}" is still in progress. Retry after it completes.`,
			{ idempotency_key: idempotencyKey },
		);
	}

	inFlightKeys.add(flightKey);
	try {
		return await handler();
	} finally {
		inFlightKeys.delete(flightKey);
	}
}
