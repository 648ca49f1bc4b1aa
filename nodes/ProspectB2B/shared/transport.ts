/**
 * The one path by which the ProspectB2B node sends requests, with its retries.
 *
 * Every operation's routing sets `send.paginate` and an `operations.pagination` function from
 * this module, because n8n's RoutingNode hands such a function `makeRoutingRequest`, which sends
 * the request that the routing built and can send it again. That keeps the node declarative
 * while this module decides what a response means: `ignoreHttpStatusErrors` lets every status
 * through, `captureResponse` keeps the status and headers, and `sendRequest` retries what is
 * safe to retry (see nodes/shared/retry.ts) and turns any other failure into one readable error.
 * A `postReceive` step alone could not retry, because it gets the response but cannot send the
 * request again.
 */
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodePropertyRouting,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { IDEMPOTENCY_HEADER, readDataObject, readRequestId } from '../../shared/contract';
import type { RequestContext } from '../../shared/errors';
import { createApiError, createTransportError, readTransportErrorCode } from '../../shared/errors';
import type { Failure } from '../../shared/retry';
import { DEFAULT_MAX_RETRIES, decideRetry, MAX_RETRIES_LIMIT } from '../../shared/retry';
import { RunThrottle } from './throttle';

/** Applied when the user sets no timeout in Request Options. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** The timeout n8n's RoutingNode applies when the user sets none. */
const N8N_DEFAULT_TIMEOUT_MS = 300_000;

/** The description of an operation for error messages (see RequestContext). */
export type OperationContext = Omit<RequestContext, 'itemIndex' | 'objectId' | 'idempotencyKey'> & {
	/** The node parameter that contains the object's ID, when the operation addresses one. */
	idParameter?: string;
};

export interface ApiResponse {
	statusCode: number;
	body: unknown;
	headers: IDataObject;
	requestId?: string;
}

/** Sends the operation's request, or a variant of it, with retries; see `sendRequest`. */
export type SendFunction = (
	requestData?: DeclarativeRestApiSettings.ResultOptions,
) => Promise<ApiResponse>;

/** Turns the responses of an operation into output items. */
export type ResultHandler = (
	this: IExecutePaginationFunctions,
	send: SendFunction,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	context: RequestContext,
) => Promise<INodeExecutionData[]>;

/** Keeps the raw status, headers and body, so that `sendRequest` can judge the response. */
const captureResponse: PostReceiveAction = async function (
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	return [
		{
			json: {
				statusCode: response.statusCode,
				headers: response.headers as IDataObject,
				body: response.body as IDataObject,
			},
		},
	];
};

function buildContext(
	functions: IExecuteSingleFunctions,
	operation: OperationContext,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): RequestContext {
	const { idParameter, ...rest } = operation;
	const headers = (requestData.options.headers ?? {}) as IDataObject;
	const key = headers[IDEMPOTENCY_HEADER];
	return {
		...rest,
		itemIndex: functions.getItemIndex(),
		objectId: idParameter ? String(functions.getNodeParameter(idParameter, '')).trim() : undefined,
		idempotencyKey: typeof key === 'string' ? key : undefined,
	};
}

function readMaxRetries(functions: IExecuteSingleFunctions): number {
	const value = functions.getNodeParameter('requestOptions.maxRetries', DEFAULT_MAX_RETRIES);
	const number = Number(value);
	if (!Number.isInteger(number) || number < 0) return DEFAULT_MAX_RETRIES;
	return Math.min(number, MAX_RETRIES_LIMIT);
}

type Attempt = { response: ApiResponse } | { response?: undefined; failure: Failure; error: Error };

/** Sends the request once and sorts the outcome into a 2xx response or a failure. */
async function attemptRequest(
	functions: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	context: RequestContext,
	attemptNumber: number,
): Promise<Attempt> {
	const node = functions.getNode();
	try {
		const [item] = await functions.makeRoutingRequest(requestData);
		const statusCode = Number(item.json.statusCode);
		const headers = (item.json.headers ?? {}) as IDataObject;
		const body = item.json.body;
		const requestId = readRequestId(body, headers);
		if (statusCode >= 200 && statusCode <= 299) {
			return { response: { statusCode, body, headers, requestId } };
		}
		// A retried DELETE whose first attempt was applied but whose response was lost gets 404:
		// the object is gone, as the user asked.
		if (statusCode === 404 && requestData.options.method === 'DELETE' && attemptNumber > 1) {
			return { response: { statusCode, body: undefined, headers, requestId } };
		}
		return {
			failure: { kind: 'status', status: statusCode, retryAfter: headers['retry-after'] as string },
			error: createApiError(node, statusCode, body, headers, context),
		};
	} catch (cause) {
		return {
			failure: { kind: 'transport', code: readTransportErrorCode(cause) },
			error: createTransportError(node, cause, context, attemptNumber),
		};
	}
}

/**
 * Sends one request until it gets a 2xx response or a final failure, and returns the response or
 * throws the error that explains the failure. Only failures that `decideRetry` calls safe are
 * sent again, with the same headers, so a write keeps its Idempotency-Key. A 429 pauses every
 * item of the run through the throttle, not just this one.
 */
async function sendRequest(
	functions: IExecutePaginationFunctions,
	throttle: RunThrottle,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	context: RequestContext,
): Promise<ApiResponse> {
	const { options } = requestData;
	if (options.timeout === undefined || options.timeout === N8N_DEFAULT_TIMEOUT_MS) {
		options.timeout = DEFAULT_TIMEOUT_MS;
	}
	const method = options.method ?? 'GET';
	const hasIdempotencyKey = context.idempotencyKey !== undefined;
	const maxRetries = readMaxRetries(functions);

	for (let retriesDone = 0; ; retriesDone++) {
		await throttle.acquire();
		const attempt = await attemptRequest(functions, requestData, context, retriesDone + 1);
		if (attempt.response !== undefined) {
			throttle.release(true);
			return attempt.response;
		}

		const { failure, error } = attempt;
		const decision = decideRetry(failure, { method, hasIdempotencyKey }, retriesDone, maxRetries);
		const rateLimited = failure.kind === 'status' && failure.status === 429;
		if (rateLimited && decision.retry) throttle.rateLimited(decision.delayMs);
		throttle.release(false);
		if (!decision.retry) throw error;

		functions.logger.warn(
			`ProspectB2B: retrying the request to ${context.action} in ${decision.delayMs} ms (retry ${retriesDone + 1} of ${maxRetries}) after ${failure.kind === 'status' ? `HTTP ${failure.status}` : failure.code}`,
			{
				itemIndex: context.itemIndex,
				requestId: (error as { context?: IDataObject }).context?.request_id,
			},
		);
		// After a 429 the throttle holds back every request until the wait is over.
		if (!rateLimited) await sleep(decision.delayMs);
	}
}

function throttleKey(functions: IExecuteSingleFunctions): string {
	const node = functions.getNode();
	const runIndex = functions.getWorkflowDataProxy(functions.getItemIndex()).$runIndex ?? 0;
	return `${functions.getExecutionId() ?? 'no-execution'}:${node.id ?? node.name}:${runIndex}`;
}

/** Returns the output item of one API object, with the request ID of its response. */
export function toItem(
	functions: IExecuteSingleFunctions,
	object: IDataObject,
	requestId: string | undefined,
): INodeExecutionData {
	return {
		json: requestId === undefined ? object : { ...object, request_id: requestId },
		pairedItem: { item: functions.getItemIndex() },
	};
}

/** Routing for an operation whose responses `handler` turns into output items. */
export function customRequest(
	method: IHttpRequestMethods,
	url: string,
	operation: OperationContext,
	preSend: PreSendAction[],
	handler: ResultHandler,
): INodePropertyRouting {
	return {
		request: { method, url },
		send: { paginate: true, preSend },
		output: { postReceive: [captureResponse] },
		operations: {
			async pagination(this: IExecutePaginationFunctions, requestData) {
				const context = buildContext(this, operation, requestData);
				const throttle = RunThrottle.join(throttleKey(this));
				const send: SendFunction = async (variant = requestData) =>
					await sendRequest(this, throttle, variant, context);
				try {
					return await handler.call(this, send, requestData, context);
				} finally {
					throttle.leave();
				}
			},
		},
	};
}

/** Routing for an operation that responds with one object. */
export function objectRequest(
	method: IHttpRequestMethods,
	url: string,
	operation: OperationContext,
	preSend: PreSendAction[] = [],
): INodePropertyRouting {
	return customRequest(method, url, operation, preSend, async function (send) {
		const { body, requestId } = await send();
		return [toItem(this, readDataObject(body) as IDataObject, requestId)];
	});
}
