/**
 * The one path by which the ProspectB2B node sends requests.
 *
 * Every operation's routing sets `send.paginate` and an `operations.pagination` function from
 * this module, because n8n's RoutingNode hands such a function `makeRoutingRequest`, which sends
 * the request the routing built. That keeps the node declarative while this module decides what
 * an answer means: `ignoreHttpStatusErrors` lets every status through, `captureResponse` keeps
 * the status and headers, and `sendRequest` turns a non-2xx answer into one readable error.
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
	JsonObject,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	IDEMPOTENCY_HEADER,
	PAGE_SIZE_MAX,
	readDataList,
	readDataObject,
	readPagination,
	readRequestId,
} from '../../shared/contract';
import type { RequestContext } from '../../shared/errors';
import { createApiError, createTransportError } from '../../shared/errors';

/** Applied when the user sets no timeout in the node's request options. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** What an operation does, for error messages: see RequestContext. */
export type OperationContext = Omit<RequestContext, 'itemIndex' | 'objectId' | 'idempotencyKey'> & {
	/** The node parameter that holds the object's ID, when the operation addresses one. */
	idParameter?: string;
};

interface ApiResponse {
	body: unknown;
	headers: IDataObject;
}

/** Keeps the raw status, headers and body, so that `sendRequest` can judge the answer. */
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
		objectId: idParameter ? String(functions.getNodeParameter(idParameter, '')) : undefined,
		idempotencyKey: typeof key === 'string' ? key : undefined,
	};
}

function hasUserTimeout(functions: IExecuteSingleFunctions): boolean {
	const requestOptions = functions.getNodeParameter('requestOptions', {}) as IDataObject;
	return typeof requestOptions.timeout === 'number' && requestOptions.timeout > 0;
}

/** Sends one request and returns its 2xx answer, or throws the error that explains it. */
async function sendRequest(
	functions: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	context: RequestContext,
): Promise<ApiResponse> {
	if (!hasUserTimeout(functions)) requestData.options.timeout = DEFAULT_TIMEOUT_MS;

	let captured: IDataObject;
	try {
		const [item] = await functions.makeRoutingRequest(requestData);
		captured = item.json;
	} catch (error) {
		throw createTransportError(functions.getNode(), error, context, 1);
	}

	const status = Number(captured.statusCode);
	const headers = (captured.headers ?? {}) as IDataObject;
	if (status < 200 || status > 299) {
		throw createApiError(functions.getNode(), status, captured.body, headers, context);
	}
	return { body: captured.body, headers };
}

function toItem(
	functions: IExecuteSingleFunctions,
	object: IDataObject,
	requestId: string | undefined,
): INodeExecutionData {
	return {
		json: requestId === undefined ? object : { ...object, request_id: requestId },
		pairedItem: { item: functions.getItemIndex() },
	};
}

/** Routing for an operation that answers with one object. */
export function objectRequest(
	method: IHttpRequestMethods,
	url: string,
	operation: OperationContext,
	preSend: PreSendAction[] = [],
): INodePropertyRouting {
	return {
		request: { method, url },
		send: { paginate: true, preSend },
		output: { postReceive: [captureResponse] },
		operations: {
			async pagination(this: IExecutePaginationFunctions, requestData) {
				const context = buildContext(this, operation, requestData);
				const { body, headers } = await sendRequest(this, requestData, context);
				const object = readDataObject(body) as IDataObject;
				return [toItem(this, object, readRequestId(body, headers))];
			},
		},
	};
}

/**
 * Routing for a list operation that follows the cursor.
 *
 * Each page keeps every query parameter the routing built (the filters) and changes only
 * `limit` and `cursor`. With Return All each page asks for the maximum page size; with a Limit
 * it asks for no more rows than are still missing.
 */
export function listRequest(
	url: string,
	operation: OperationContext,
	preSend: PreSendAction[] = [],
): INodePropertyRouting {
	return {
		request: { method: 'GET', url },
		send: { paginate: true, preSend },
		output: { postReceive: [captureResponse] },
		operations: {
			async pagination(this: IExecutePaginationFunctions, requestData) {
				const returnAll = this.getNodeParameter('returnAll', false) as boolean;
				const limit = returnAll ? Infinity : (this.getNodeParameter('limit', 50) as number);
				const context = buildContext(this, operation, requestData);
				const baseQuery = { ...(requestData.options.qs ?? {}) };
				const items: INodeExecutionData[] = [];
				let cursor: string | undefined;

				while (items.length < limit) {
					const query: IDataObject = {
						...baseQuery,
						limit: Math.min(PAGE_SIZE_MAX, limit - items.length),
					};
					if (cursor !== undefined) query.cursor = cursor;
					const page = await sendRequest(
						this,
						{ ...requestData, options: { ...requestData.options, qs: query } },
						context,
					);

					const rows = readDataList(page.body);
					const requestId = readRequestId(page.body, page.headers);
					for (const row of rows.slice(0, limit - items.length)) {
						items.push(toItem(this, row as IDataObject, requestId));
					}

					const { nextCursor, hasMore } = readPagination(page.body);
					if (!hasMore || rows.length === 0) break;
					if (nextCursor === cursor) {
						throw new NodeApiError(this.getNode(), page.body as JsonObject, {
							message: `ProspectB2B returned the same page cursor twice while trying to ${context.action}`,
							description: `The node stopped instead of requesting the same page forever. request_id ${requestId ?? 'not given'}.`,
							itemIndex: context.itemIndex,
						});
					}
					cursor = nextCursor;
				}
				return items;
			},
		},
	};
}
