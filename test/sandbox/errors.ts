/** One invalid input: a body field, a query parameter or a header, with the reason. */
export interface FieldError {
	field: string;
	message: string;
}

/**
 * An API error response. The server turns it into
 * `{"error": {"code", "message", "details"?}, "request_id"}` with the given status.
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details?: Record<string, unknown>,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
		this.name = 'ApiError';
	}
}

/** Builds the 400 `validation_failed` error that lists every invalid field in `details.fields`. */
export function validationFailed(fields: FieldError[]): ApiError {
	const names = fields.map((fieldError) => fieldError.field).join(', ');
	const reasons = fields.map((fieldError) => fieldError.message).join(' ');

	return new ApiError(400, 'validation_failed', `Invalid request (${names}). ${reasons}`, {
		fields,
	});
}

/** Returns a short JSON rendering of a received value for error messages. */
export function describeValue(value: unknown): string {
	if (value === undefined) {
		return 'undefined';
	}

	const text = JSON.stringify(value);
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
