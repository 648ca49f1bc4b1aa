import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { TriggerHarness, WebhookCallResult, WebhookKind } from './trigger';

/** A call that the receiver passed to the node, and the response it sent. */
export interface ReceivedCall extends WebhookCallResult {
	kind: WebhookKind;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
}

export interface WebhookReceiver {
	/** Such as `http://127.0.0.1:41234`, without a trailing slash. */
	origin: string;
	/** Every call received so far, in arrival order. */
	calls: ReceivedCall[];
	/** The calls that started a run. */
	runs(): ReceivedCall[];
	close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 that serves a trigger harness's webhook URLs as n8n's
 * server does: it reads the raw body, hands the call to the node's `webhook()` and sends the
 * response. The harness's URLs are pointed at the server, so an API sandbox can deliver to them.
 * A path under `/webhook-test/` is the test URL; any other is the production URL.
 */
export async function startWebhookReceiver(harness: TriggerHarness): Promise<WebhookReceiver> {
	const calls: ReceivedCall[] = [];

	const server = createServer((incoming, outgoing) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => {
			const rawBody = Buffer.concat(chunks);
			const kind: WebhookKind = (incoming.url ?? '').startsWith('/webhook-test/')
				? 'test'
				: 'production';
			harness
				.callWebhook({ headers: incoming.headers, rawBody }, kind)
				.catch((error: unknown): WebhookCallResult => ({
					status: 500,
					body: { message: error instanceof Error ? error.message : String(error) },
				}))
				.then((result) => {
					calls.push({ ...result, kind, headers: incoming.headers, rawBody });
					outgoing.writeHead(result.status, { 'content-type': 'application/json' });
					outgoing.end(JSON.stringify(result.body ?? {}));
				})
				.catch(() => outgoing.destroy());
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	harness.setOrigin(origin);

	return {
		origin,
		calls,
		runs: () => calls.filter((call) => call.workflowData !== undefined),
		close: async () =>
			await new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}
