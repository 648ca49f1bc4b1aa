/** An HTTP server on loopback that records the delivery id each workflow run posts to it. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunCounter {
	url: string;
	/** Delivery ids in arrival order, one per run. */
	readonly deliveryIds: string[];
	close(): Promise<void>;
}

export async function startRunCounter(): Promise<RunCounter> {
	const deliveryIds: string[] = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			try {
				const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
					delivery_id?: unknown;
				};
				deliveryIds.push(String(body.delivery_id));
			} catch {
				deliveryIds.push('invalid body');
			}
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/runs`,
		deliveryIds,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}

/** Waits until `count()` has not changed for `quietMs`, or `timeoutMs` passed. */
export async function waitUntilSettled(
	count: () => number,
	quietMs: number,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = count();
	let lastChange = Date.now();
	while (Date.now() < deadline && Date.now() - lastChange < quietMs) {
		await new Promise((resolve) => setTimeout(resolve, 250));
		if (count() !== last) {
			last = count();
			lastChange = Date.now();
		}
	}
}
