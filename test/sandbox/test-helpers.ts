import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

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

/** A request that a test receiver got: the raw body text exactly as sent. */
export interface ReceivedRequest {
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/** How a test receiver responds to one request. */
export interface ReceiverReply {
	status: number;
	body?: string;
	/** Wait before responding, in ms. */
	delayMs?: number;
}

/** A webhook receiver on 127.0.0.1 that records requests and responds as planned. */
export interface Receiver {
	/** `http://127.0.0.1:<port>/hooks`. */
	readonly url: string;
	readonly requests: ReceivedRequest[];
	/** Queues replies for the next requests. After the queue, requests get 200 `ok`. */
	reply(...replies: ReceiverReply[]): void;
	/** Forgets recorded requests and queued replies. */
	clear(): void;
	close(): Promise<void>;
}

/** Starts a webhook receiver on a free port of 127.0.0.1. */
export async function startReceiver(): Promise<Receiver> {
	const requests: ReceivedRequest[] = [];
	let replies: ReceiverReply[] = [];

	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			requests.push({
				method: request.method ?? '',
				path: request.url ?? '',
				headers: { ...request.headers },
				body: Buffer.concat(chunks).toString('utf8'),
			});

			const reply = replies.shift() ?? { status: 200, body: 'ok' };
			const timer = setTimeout(() => {
				response.writeHead(reply.status, { 'content-type': 'text/plain' });
				response.end(reply.body ?? '');
			}, reply.delayMs ?? 0);
			response.on('close', () => clearTimeout(timer));
		});
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;

	return {
		url: `http://127.0.0.1:${port}/hooks`,
		requests,
		reply: (...next) => {
			replies.push(...next);
		},
		clear: () => {
			requests.length = 0;
			replies = [];
		},
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}

/** Returns the hex HMAC-SHA256 of `<timestamp>.<raw body>`, computed here for independence. */
export function expectedSignature(secret: string, timestamp: string, rawBody: string): string {
	return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** Returns a single header value of a received request. */
export function headerOf(request: ReceivedRequest, name: string): string | undefined {
	const value = request.headers[name.toLowerCase()];
	return Array.isArray(value) ? value.join(', ') : value;
}
