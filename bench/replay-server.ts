/**
 * A stand-in for `GET /leads` that sends precomputed pages, built once with the sandbox's own
 * pagination code from the sandbox's leads. Each response costs the server almost nothing, so a
 * sync against it measures the client alone. The sandbox, by contrast, copies and sorts every
 * lead for each page (about 0.2 s a page at 50,000 leads on the benchmark machine), which hides
 * the clients' own cost.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { BASE_PATH, type Lead } from '../test/sandbox';
import { paginate, type ListPage, type ListPosition } from '../test/sandbox/pagination';

const PAGE_SIZE = 100;

export interface ReplayServer {
	/** API base URL, `http://127.0.0.1:<port>/api/public/v1`. */
	url: string;
	/** Count of `GET /leads` requests that got a page. */
	listRequests: number;
	/** Count of TCP connections accepted, which shows whether a client reuses connections. */
	connections: number;
	close(): Promise<void>;
}

/** Returns every page body by the cursor that requests it; the first page's key is ''. */
function buildPages(leads: Lead[]): Map<string, string> {
	// The sandbox's order, so that its own sort in paginate finds the array sorted already.
	const sorted = [...leads].sort((a, b) => {
		if (a.updated_at !== b.updated_at) return a.updated_at < b.updated_at ? -1 : 1;
		return a.id < b.id ? -1 : 1;
	});
	const filters = { updated_after: null, email: null };
	const pages = new Map<string, string>();
	let cursor = '';
	let after: ListPosition | null = null;
	for (;;) {
		const page: ListPage<Lead> = paginate('leads', sorted, { limit: PAGE_SIZE, after, filters });
		pages.set(cursor, JSON.stringify({ ...page, request_id: `req_replay_${pages.size}` }));
		const last = page.data.at(-1);
		if (!page.pagination.has_more || last === undefined) return pages;
		cursor = page.pagination.next_cursor ?? '';
		after = { orderValue: last.updated_at, id: last.id };
	}
}

export async function startReplayServer(leads: Lead[], apiKey: string): Promise<ReplayServer> {
	const pages = buildPages(leads);
	const state = { listRequests: 0, connections: 0 };
	const server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const page = pages.get(url.searchParams.get('cursor') ?? '');
		let status = 200;
		if (request.headers.authorization !== `Bearer ${apiKey}`) status = 401;
		else if (url.pathname !== `${BASE_PATH}/leads`) status = 404;
		else if (url.searchParams.get('limit') !== String(PAGE_SIZE) || page === undefined)
			status = 400;
		if (status === 200) state.listRequests++;
		response.writeHead(status, { 'content-type': 'application/json' });
		response.end(status === 200 ? page : `{"error":{"code":"replay_${status}"}}`);
	});
	server.on('connection', () => state.connections++);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}${BASE_PATH}`,
		get listRequests() {
			return state.listRequests;
		},
		get connections() {
			return state.connections;
		},
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}
