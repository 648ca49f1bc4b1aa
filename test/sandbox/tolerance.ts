/** Status of a response that created a resource. The contract allows 200 or 201. */
export type CreateStatus = 200 | 201;

/** Status of a response that deleted a resource. 204 is sent without a body. */
export type DeleteStatus = 200 | 204;

/**
 * Switches for response details where the contract is assumed. Each switch changes only its own
 * detail, so a test can check that a client tolerates every variant the real API might use.
 */
export interface ToleranceSwitches {
	/** Status of responses that create a lead, webhook endpoint or export. Defaults to 200. */
	createStatus: CreateStatus;
	/** Status of `DELETE` responses. Defaults to 200, and 204 sends no body. */
	deleteStatus: DeleteStatus;
	/** When true, the last page of a list omits `next_cursor` instead of sending null. */
	omitNextCursor: boolean;
	/** When true, bodies carry no `request_id`, so only the `X-Request-Id` header has it. */
	requestIdInHeaderOnly: boolean;
	/**
	 * When true, every object in a response body and in a webhook event gains an unknown
	 * `x_sandbox_extra` field, and every response envelope gains an unknown `meta` field.
	 */
	extraFields: boolean;
}

export const DEFAULT_TOLERANCE: Readonly<ToleranceSwitches> = {
	createStatus: 200,
	deleteStatus: 200,
	omitNextCursor: false,
	requestIdInHeaderOnly: false,
	extraFields: false,
};

/** The unknown field that `extraFields` adds to objects. */
export const EXTRA_FIELD_NAME = 'x_sandbox_extra';

const EXTRA_FIELD_VALUE = { added_by: 'sandbox', reason: 'extraFields switch' };

const ENVELOPE_META = { sandbox: true, api_version: 'v1' };

function validateSwitches(switches: Partial<ToleranceSwitches>): void {
	const known = Object.keys(DEFAULT_TOLERANCE);
	for (const name of Object.keys(switches)) {
		if (!known.includes(name)) {
			throw new RangeError(`Unknown tolerance switch ${name}. Known: ${known.join(', ')}.`);
		}
	}

	const { createStatus, deleteStatus } = switches;
	if (createStatus !== undefined && createStatus !== 200 && createStatus !== 201) {
		throw new RangeError(`Invalid create status ${String(createStatus)}: expected 200 or 201.`);
	}

	if (deleteStatus !== undefined && deleteStatus !== 200 && deleteStatus !== 204) {
		throw new RangeError(`Invalid delete status ${String(deleteStatus)}: expected 200 or 204.`);
	}

	for (const name of ['omitNextCursor', 'requestIdInHeaderOnly', 'extraFields'] as const) {
		const value = switches[name];
		if (value !== undefined && typeof value !== 'boolean') {
			throw new RangeError(`Invalid ${name} ${String(value)}: expected true or false.`);
		}
	}
}

/** The current tolerance switches, with the values given at start restored by `reset`. */
export class ToleranceSettings {
	private readonly initial: ToleranceSwitches;
	private current: ToleranceSwitches;

	constructor(initial: Partial<ToleranceSwitches> = {}) {
		validateSwitches(initial);
		this.initial = { ...DEFAULT_TOLERANCE, ...definedOnly(initial) };
		this.current = { ...this.initial };
	}

	get switches(): ToleranceSwitches {
		return { ...this.current };
	}

	/** Changes the given switches and keeps the others. Throws RangeError for invalid values. */
	set(switches: Partial<ToleranceSwitches>): void {
		validateSwitches(switches);
		this.current = { ...this.current, ...definedOnly(switches) };
	}

	reset(): void {
		this.current = { ...this.initial };
	}
}

function definedOnly(switches: Partial<ToleranceSwitches>): Partial<ToleranceSwitches> {
	return Object.fromEntries(
		Object.entries(switches).filter(([, value]) => value !== undefined),
	) as Partial<ToleranceSwitches>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns a copy of an object with the unknown `x_sandbox_extra` field added. */
export function withExtraField<T extends Record<string, unknown>>(object: T): T {
	return { ...object, [EXTRA_FIELD_NAME]: { ...EXTRA_FIELD_VALUE } };
}

/**
 * Returns the body of an API response as the switches present it. The pipeline and the
 * idempotency store keep the plain body, so switching changes only what is sent.
 * With `extraFields`, `data` (or each item of a `data` list), `pagination` and `error` gain the
 * extra field. Nested objects such as `custom_fields` stay unchanged.
 */
export function presentBody(
	body: Record<string, unknown>,
	switches: ToleranceSwitches,
): Record<string, unknown> {
	const presented = { ...body };

	if (switches.requestIdInHeaderOnly) {
		delete presented.request_id;
	}

	if (switches.omitNextCursor && isPlainObject(presented.pagination)) {
		const pagination = { ...presented.pagination };
		if (pagination.next_cursor === null) {
			delete pagination.next_cursor;
		}
		presented.pagination = pagination;
	}

	if (switches.extraFields) {
		if (Array.isArray(presented.data)) {
			presented.data = presented.data.map((item: unknown) =>
				isPlainObject(item) ? withExtraField(item) : item,
			);
		} else if (isPlainObject(presented.data)) {
			presented.data = withExtraField(presented.data);
		}

		for (const name of ['pagination', 'error']) {
			const value = presented[name];
			if (isPlainObject(value)) {
				presented[name] = withExtraField(value);
			}
		}

		presented.meta = { ...ENVELOPE_META };
	}

	return presented;
}
