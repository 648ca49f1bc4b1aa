import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { countActiveThrottles } from '../../nodes/ProspectB2B/shared/throttle';
import { startSandbox, type Sandbox } from '../sandbox';
import { runProspect } from './run-prospect';

/** A stand-in API that responds to every lead creation after a delay and counts parallel requests. */
class SlowApi {
	server: Server;
	inFlight = 0;
	maxInFlight = 0;
	arrivals: number[] = [];
	rateLimitFirst = 0;

	constructor(private readonly delayMs: number) {
		this.server = createServer((request, response) => {
			request.resume();
			this.arrivals.push(Date.now());
			if (this.rateLimitFirst > 0) {
				this.rateLimitFirst -= 1;
				response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
				response.end(JSON.stringify({ error: { code: 'rate_limited' }, request_id: 'req_429' }));
				return;
			}
			this.inFlight += 1;
			this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
			setTimeout(() => {
				this.inFlight -= 1;
				response.writeHead(200, { 'content-type': 'application/json' });
				response.end(
					JSON.stringify({ data: { id: `lead_${this.arrivals.length}` }, request_id: 'req_ok' }),
				);
			}, this.delayMs);
		});
	}

	async listen(): Promise<string> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async close(): Promise<void> {
		await new Promise((resolve) => this.server.close(resolve));
	}
}

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

const items = (count: number) =>
	Array.from({ length: count }, (_, index) => ({ name: `Lead ${index}` }));

const createFromItems = { resource: 'lead', operation: 'create', fullName: '={{ $json.name }}' };

describe('request throttle', () => {
	test('caps parallel requests of a run', async () => {
		const api = new SlowApi(40);
		const baseUrl = await api.listen();
		try {
			const result = await runProspect(sandbox, createFromItems, { baseUrl, items: items(30) });
			expect(result.error).toBeUndefined();
			expect(result.output).toHaveLength(30);
			expect(api.maxInFlight).toBeLessThanOrEqual(8);
			expect(api.maxInFlight).toBeGreaterThan(1);
			expect(countActiveThrottles()).toBe(0);
		} finally {
			await api.close();
		}
	});

	test('a 429 pauses every item', async () => {
		const api = new SlowApi(5);
		api.rateLimitFirst = 1;
		const baseUrl = await api.listen();
		try {
			const result = await runProspect(sandbox, createFromItems, { baseUrl, items: items(12) });
			expect(result.error).toBeUndefined();
			expect(result.output).toHaveLength(12);
			const [first, ...rest] = api.arrivals;
			// Requests already in flight when the 429 arrived are not held back.
			const afterPause = rest.filter((arrival) => arrival - first >= 950);
			expect(afterPause.length).toBeGreaterThanOrEqual(12 - 8);
		} finally {
			await api.close();
		}
	});
});
