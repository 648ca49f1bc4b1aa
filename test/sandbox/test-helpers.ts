import type { Sandbox } from './index';

/** A parsed API response. */
export interface ApiResponse {
	status: number;
	headers: Headers;
	// Tests read arbitrary response fields, so the body is typed loosely.
	body: any;
}

export interface CallOptions {
	/** Bearer key. Defaults to the full-access key, and null sends no Authorization header. */
	key?: string | null;
	/** JSON body, sent with Content-Type: application/json. */
	body?: unknown;
	/** Raw body text, sent as is with the headers given. */
	rawBody?: string;
	headers?: Record<string, string>;
	signal?: AbortSignal;
}

/** Calls the sandbox API at `path` (below the base path) and parses the JSON response. */
export async function callApi(
	sandbox: Sandbox,
	method: string,
	path: string,
	options: CallOptions = {},
): Promise<ApiResponse> {
	const headers: Record<string, string> = { ...options.headers };
	const key = options.key === undefined ? sandbox.keys.full : options.key;
	if (key !== null) {
		headers.authorization = `Bearer ${key}`;
	}

	let body: string | undefined = options.rawBody;
	if (options.body !== undefined) {
		headers['content-type'] ??= 'application/json';
		body = JSON.stringify(options.body);
	}

	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers,
		body,
		signal: options.signal,
	});
	const text = await response.text();

	return {
		status: response.status,
		headers: response.headers,
		body: text === '' ? undefined : JSON.parse(text),
	};
}

/** Calls a control route below `/__sandbox`. */
export async function callControl(
	sandbox: Sandbox,
	method: string,
	path: string,
	body?: unknown,
): Promise<ApiResponse> {
	const response = await fetch(`${sandbox.origin}/__sandbox${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});

	return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Returns the `field` names of a `validation_failed` error. */
export function invalidFields(response: ApiResponse): string[] {
	const fields = (response.body?.error?.details?.fields ?? []) as { field: string }[];
	return fields.map((entry) => entry.field);
}
