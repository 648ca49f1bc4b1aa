import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { MAX_BODY_BYTES } from './contract';
import { ApiError } from './errors';

/** A request body as received, before any JSON parsing. */
export interface RawBody {
	text: string;
	/** Whether the body was longer than the maximum. `text` is empty then. */
	tooLarge: boolean;
}

/** Returns a new request id: `req_` and 24 random hex digits. */
export function newRequestId(): string {
	return `req_${randomBytes(12).toString('hex')}`;
}

/** Reads the whole body. A body over the maximum is read to the end and discarded. */
export async function readBody(request: IncomingMessage): Promise<RawBody> {
	const chunks: Buffer[] = [];
	let size = 0;

	for await (const chunk of request) {
		const buffer = chunk as Buffer;
		size += buffer.length;
		if (size <= MAX_BODY_BYTES) {
			chunks.push(buffer);
		}
	}

	if (size > MAX_BODY_BYTES) {
		return { text: '', tooLarge: true };
	}

	return { text: Buffer.concat(chunks).toString('utf8'), tooLarge: false };
}

/** Parses a body for the request log: JSON when possible, else the raw text, or undefined. */
export function parseBodyForLog(body: RawBody): unknown {
	if (body.tooLarge) {
		return `(body over ${MAX_BODY_BYTES} bytes, not kept)`;
	}

	if (body.text === '') {
		return undefined;
	}

	try {
		return JSON.parse(body.text) as unknown;
	} catch {
		return body.text;
	}
}

/**
 * Parses a JSON request body. Returns undefined for an empty body. Throws 413 for a body over the
 * maximum, 415 for a body that is not sent as `application/json`, and 400 `invalid_json`.
 */
export function parseJsonBody(body: RawBody, contentType: string | undefined): unknown {
	if (body.tooLarge) {
		throw new ApiError(
			413,
			'payload_too_large',
			`The request body is larger than ${MAX_BODY_BYTES} bytes. Send a smaller body.`,
		);
	}

	if (body.text === '') {
		return undefined;
	}

	const mediaType = contentType?.split(';')[0].trim().toLowerCase();
	if (mediaType !== 'application/json') {
		throw new ApiError(
			415,
			'unsupported_media_type',
			`The request body must be sent with Content-Type: application/json, ` +
				`received ${contentType === undefined ? 'no Content-Type' : `"${contentType}"`}.`,
		);
	}

	try {
		return JSON.parse(body.text) as unknown;
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new ApiError(400, 'invalid_json', `The request body is not valid JSON: ${reason}`);
	}
}

/** Returns the request headers with lower-cased names and repeated values joined by ", ". */
export function headersToRecord(request: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};

	for (const [name, value] of Object.entries(request.headers)) {
		if (value !== undefined) {
			headers[name] = Array.isArray(value) ? value.join(', ') : value;
		}
	}

	return headers;
}

/** Returns the query parameters, with an array for a parameter sent more than once. */
export function queryToRecord(searchParams: URLSearchParams): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};

	for (const name of new Set(searchParams.keys())) {
		const values = searchParams.getAll(name);
		query[name] = values.length === 1 ? values[0] : values;
	}

	return query;
}

/** Sends a JSON response with a correct Content-Length. */
export function sendJson(
	response: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = JSON.stringify(body);

	response.writeHead(status, {
		...headers,
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': String(Buffer.byteLength(text)),
	});
	response.end(text);
}

/** Sends a response without a body, as for 204 No Content. */
export function sendEmpty(
	response: ServerResponse,
	status: number,
	headers: Record<string, string> = {},
): void {
	response.writeHead(status, headers);
	response.end();
}

/** Sends a file as an attachment with its media type and filename. */
export function sendFile(
	response: ServerResponse,
	file: { contentType: string; filename: string; content: string },
	headers: Record<string, string> = {},
): void {
	response.writeHead(200, {
		...headers,
		'Content-Type': file.contentType,
		'Content-Disposition': `attachment; filename="${file.filename}"`,
		'Content-Length': String(Buffer.byteLength(file.content)),
	});
	response.end(file.content);
}
