import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the loopback server received, with its body read as text. */
export interface RecordedRequest {
	method: string;
	/** Path and query string, such as `/leads?limit=10`. */
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

export interface LoopbackResponse {
	status: number;
	/** Sent as JSON unless it is a string. */
	body?: unknown;
	headers?: Record<string, string>;
}

export type LoopbackHandler = (request: RecordedRequest) => LoopbackResponse;

export interface LoopbackServer {
	/** Such as `http://127.0.0.1:41234`, without a trailing slash. */
	baseUrl: string;
	/** Every request received so far, in arrival order. */
	requests: RecordedRequest[];
	/** Replaces the handler for the requests that follow. */
	setHandler(handler: LoopbackHandler): void;
	close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 at a free port that records each request and responds
 * with what `handler` returns. When the handler throws, the server responds 500 with the error
 * message.
 */
export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
	const requests: RecordedRequest[] = [];
	let currentHandler = handler;

	const server = createServer((incoming, outgoing) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => {
			const request: RecordedRequest = {
				method: incoming.method ?? '',
				url: incoming.url ?? '',
				headers: incoming.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(request);

			let response: LoopbackResponse;
			try {
				response = currentHandler(request);
			} catch (error) {
				response = { status: 500, body: { message: (error as Error).message } };
			}
			const isText = typeof response.body === 'string';
			const payload = isText ? (response.body as string) : JSON.stringify(response.body ?? {});
			outgoing.writeHead(response.status, {
				'content-type': isText ? 'text/plain' : 'application/json',
				...response.headers,
			});
			outgoing.end(payload);
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;

	return {
		baseUrl: `http://127.0.0.1:${port}`,
		requests,
		setHandler(next) {
			currentHandler = next;
		},
		close: async () =>
			await new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}
