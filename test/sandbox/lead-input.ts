import { describeValue, validationFailed, type FieldError } from './errors';

/** Writable lead fields that are strings, or null to clear them. */
const NULLABLE_STRING_FIELDS = [
	'email',
	'company_name',
	'job_title',
	'phone',
	'website',
	'linkedin_url',
	'status',
] as const;

/** Every field a client may send when creating, upserting or patching a lead. */
export const WRITABLE_LEAD_FIELDS = [
	'full_name',
	...NULLABLE_STRING_FIELDS,
	'tags',
	'custom_fields',
] as const;

type NullableStringField = (typeof NULLABLE_STRING_FIELDS)[number];

/** Validated lead fields from a request body. Absent fields are not set. */
export type LeadInput = Partial<Record<NullableStringField, string | null>> & {
	full_name?: string;
	tags?: string[];
	custom_fields?: Record<string, unknown>;
};

/**
 * What the request does with the lead. `create` requires `full_name`, `upsert` requires `email`,
 * and `patch` requires at least one field.
 */
export type LeadWriteKind = 'create' | 'upsert' | 'patch';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MAX_EMAIL_LENGTH = 254;

export function isValidEmail(value: string): boolean {
	return value.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a lead request body and returns its fields. Throws 400 `validation_failed` listing
 * every invalid, missing or unknown field.
 *
 * NOTE: assumed rules. The real API's length limits, `status` values and URL checks are not
 * published, so strings of any length and any `status` text are accepted.
 */
export function parseLeadInput(body: unknown, kind: LeadWriteKind): LeadInput {
	if (!isPlainObject(body)) {
		throw validationFailed([
			{
				field: 'body',
				message: `The request body must be a JSON object, received ${describeValue(body)}.`,
			},
		]);
	}

	const errors: FieldError[] = [];
	const input: LeadInput = {};

	for (const field of Object.keys(body)) {
		if (!(WRITABLE_LEAD_FIELDS as readonly string[]).includes(field)) {
			errors.push({
				field,
				message: `${field} is not a writable lead field. Writable fields: ${WRITABLE_LEAD_FIELDS.join(', ')}.`,
			});
		}
	}

	if ('full_name' in body) {
		const value = body.full_name;
		if (typeof value !== 'string' || value.trim() === '') {
			errors.push({
				field: 'full_name',
				message: `full_name must be a non-empty string, received ${describeValue(value)}.`,
			});
		} else {
			input.full_name = value;
		}
	} else if (kind === 'create') {
		errors.push({ field: 'full_name', message: 'full_name is required.' });
	}

	for (const field of NULLABLE_STRING_FIELDS) {
		if (!(field in body)) {
			continue;
		}

		const value = body[field];
		if (value !== null && typeof value !== 'string') {
			errors.push({
				field,
				message: `${field} must be a string or null, received ${describeValue(value)}.`,
			});
		} else {
			input[field] = value;
		}
	}

	validateEmail(body, input, kind, errors);
	validateTags(body, input, errors);
	validateCustomFields(body, input, errors);

	if (kind === 'patch' && Object.keys(body).length === 0) {
		errors.push({
			field: 'body',
			message: `The request body must contain at least one of ${WRITABLE_LEAD_FIELDS.join(', ')}.`,
		});
	}

	if (errors.length > 0) {
		throw validationFailed(errors);
	}

	return input;
}

function validateEmail(
	body: Record<string, unknown>,
	input: LeadInput,
	kind: LeadWriteKind,
	errors: FieldError[],
): void {
	const email = body.email;

	if (kind === 'upsert' && (email === undefined || email === null)) {
		errors.push({ field: 'email', message: 'email is required to match the lead for an upsert.' });
		return;
	}

	if (typeof email === 'string' && !isValidEmail(email)) {
		errors.push({
			field: 'email',
			message: `email must be a valid email address, received ${describeValue(email)}.`,
		});
		delete input.email;
	}
}

function validateTags(body: Record<string, unknown>, input: LeadInput, errors: FieldError[]): void {
	if (!('tags' in body)) {
		return;
	}

	const tags = body.tags;
	if (!Array.isArray(tags)) {
		errors.push({
			field: 'tags',
			message: `tags must be an array of strings, received ${describeValue(tags)}.`,
		});
		return;
	}

	const invalidIndex = tags.findIndex((tag) => typeof tag !== 'string' || tag.trim() === '');
	if (invalidIndex !== -1) {
		errors.push({
			field: `tags[${invalidIndex}]`,
			message: `Each tag must be a non-empty string, received ${describeValue(tags[invalidIndex])}.`,
		});
		return;
	}

	input.tags = [...(tags as string[])];
}

function validateCustomFields(
	body: Record<string, unknown>,
	input: LeadInput,
	errors: FieldError[],
): void {
	if (!('custom_fields' in body)) {
		return;
	}

	const customFields = body.custom_fields;
	if (!isPlainObject(customFields)) {
		errors.push({
			field: 'custom_fields',
			message: `custom_fields must be a JSON object, received ${describeValue(customFields)}.`,
		});
		return;
	}

	input.custom_fields = structuredClone(customFields);
}
