import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { IDEMPOTENCY_HEADER, PAGE_SIZE_MAX, PAGE_SIZE_MIN } from '../../shared/contract';
import { toUtcIsoString } from '../../shared/dates';
import { deriveIdempotencyKey, findIdempotencyKeyProblem } from '../../shared/idempotency';

/** Throws the error for a parameter value that cannot be sent, naming the field and the item. */
export function rejectInput(
	functions: IExecuteSingleFunctions,
	field: string,
	value: unknown,
	problem: string,
	fix: string,
): never {
	const itemIndex = functions.getItemIndex();
	const text = typeof value === 'string' ? value : String(JSON.stringify(value));
	const clipped = text.length > 120 ? `${text.slice(0, 120)}...` : text;
	const shown = typeof value === 'string' ? `"${clipped}"` : clipped;
	throw new NodeOperationError(
		functions.getNode(),
		`Invalid ${field} ${shown} in item ${itemIndex}: ${problem}`,
		{ itemIndex, description: fix },
	);
}

/**
 * Sets the Idempotency-Key header of a write: the key from Options > Idempotency Key when the
 * user set one, else a key derived from where the write happens (see deriveIdempotencyKey).
 */
export async function setIdempotencyKey(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const userKey = this.getNodeParameter('options.idempotencyKey', '') as unknown;
	let key: string;
	if (userKey !== '' && userKey !== undefined && userKey !== null) {
		key = String(userKey);
		const problem = findIdempotencyKeyProblem(key);
		if (problem) {
			rejectInput(
				this,
				'Idempotency Key',
				key,
				problem,
				'Use 1 to 255 printable ASCII characters that identify this record, or clear the option to let the node derive a key.',
			);
		}
	} else {
		key = deriveIdempotencyKey({
			instanceId: this.getInstanceId() ?? '',
			workflowId: this.getWorkflow().id ?? '',
			executionId: this.getExecutionId() ?? '',
			nodeId: this.getNode().id ?? this.getNode().name,
			runIndex: this.getWorkflowDataProxy(this.getItemIndex()).$runIndex ?? 0,
			itemIndex: this.getItemIndex(),
		});
	}
	requestOptions.headers = { ...(requestOptions.headers ?? {}), [IDEMPOTENCY_HEADER]: key };
	return requestOptions;
}

/** Rejects a Limit outside the API's page-size bounds; expressions can bypass the UI's bounds. */
export async function checkLimit(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	if (this.getNodeParameter('returnAll', false) === true) return requestOptions;
	const limit = this.getNodeParameter('limit', 50) as unknown;
	if (
		typeof limit !== 'number' ||
		!Number.isInteger(limit) ||
		limit < PAGE_SIZE_MIN ||
		limit > PAGE_SIZE_MAX
	) {
		rejectInput(
			this,
			'Limit',
			limit,
			`it must be a whole number from ${PAGE_SIZE_MIN} to ${PAGE_SIZE_MAX}`,
			`Set Limit between ${PAGE_SIZE_MIN} and ${PAGE_SIZE_MAX}, or turn on Return All to fetch every page.`,
		);
	}
	return requestOptions;
}

/** Reads a date parameter as the API's UTC timestamp, or rejects it naming the field. */
export function readDateParameter(
	functions: IExecuteSingleFunctions,
	parameter: string,
	field: string,
): string | undefined {
	const value = functions.getNodeParameter(parameter, '') as unknown;
	if (value === '' || value === undefined || value === null) return undefined;
	let text: string | undefined;
	if (value instanceof Date) text = value.toISOString();
	else if (typeof value === 'string') text = value;
	else if (typeof (value as IDataObject).toISO === 'function') {
		text = (value as { toISO: () => string }).toISO();
	}
	const iso = text === undefined ? undefined : toUtcIsoString(text, functions.getTimezone());
	if (iso === undefined) {
		rejectInput(
			functions,
			field,
			value,
			'it is not an ISO-8601 date',
			'Use a date such as 2026-03-10T00:00:00.000Z, or an expression such as {{ $now.minus({ days: 1 }) }}.',
		);
	}
	return iso;
}

/** Returns a pre-send step that rejects an empty ID before it turns the URL into a list URL. */
export function requireId(
	parameter: string,
	field: string,
): (
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
) => Promise<IHttpRequestOptions> {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const value = this.getNodeParameter(parameter, '') as unknown;
		if (typeof value !== 'string' && typeof value !== 'number') {
			rejectInput(this, field, value, 'it is not text', `Enter the ${field} as text.`);
		}
		if (String(value).trim() === '') {
			rejectInput(
				this,
				field,
				value,
				'it is empty',
				`Enter the ${field}, or map a field that holds it.`,
			);
		}
		return requestOptions;
	};
}
