import type { RawBody } from './http-io';

/** A control request that cannot be carried out, sent back as 400 with the message. */
export class ControlError extends Error {}

export type ControlBody = Record<string, unknown>;

export function parseControlBody(body: RawBody): ControlBody {
	if (body.text === '') {
		return {};
	}

	let parsed: unknown;
	try {
		parsed = JSON.parse(body.text);
	} catch {
		throw new ControlError('The control request body is not valid JSON.');
	}

	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new ControlError('The control request body must be a JSON object.');
	}

	return parsed as ControlBody;
}

/** JSON types that a control body field can be checked against. */
export type ControlFieldType = 'string' | 'number' | 'boolean' | 'object';

/** Returns a body field, or undefined when absent. Throws ControlError for another type. */
export function optionalOf<T>(
	body: ControlBody,
	name: string,
	type: ControlFieldType,
): T | undefined {
	const value = body[name];
	if (value === undefined) {
		return undefined;
	}

	if (typeof value !== type || value === null) {
		throw new ControlError(`${name} must be a ${type}, received ${JSON.stringify(value)}.`);
	}

	return value as T;
}

export function requiredOf<T>(body: ControlBody, name: string, type: ControlFieldType): T {
	const value = optionalOf<T>(body, name, type);
	if (value === undefined) {
		throw new ControlError(`${name} is required.`);
	}

	return value;
}

/** A control operation: takes the parsed body and returns the JSON response body. */
export type ControlRoute = (body: ControlBody) => unknown;

/** Returns the field when the body has it, including null, and undefined when it is absent. */
export function nullableOf<T>(
	body: ControlBody,
	name: string,
	type: ControlFieldType,
): T | null | undefined {
	if (body[name] === null) {
		return null;
	}
	return optionalOf<T>(body, name, type);
}

/** Throws ControlError when the body has a field outside `known`. */
export function rejectUnknownFields(body: ControlBody, known: readonly string[]): void {
	for (const name of Object.keys(body)) {
		if (!known.includes(name)) {
			throw new ControlError(`Unknown field ${name}. Known: ${known.join(', ')}.`);
		}
	}
}
