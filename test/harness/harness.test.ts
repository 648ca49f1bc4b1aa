import type { INode, INodeType } from 'n8n-workflow';

import { FixtureApi } from './fixtures/FixtureApi.credentials';
import { FixtureNode } from './fixtures/FixtureNode.node';
import { runNode, runWorkflow, startLoopbackServer, testCredential } from './index';
import type { LoopbackServer } from './index';

const API_KEY = 'fixture-secret-key-7f3a';

let server: LoopbackServer;

beforeAll(async () => {
	server = await startLoopbackServer(() => ({ status: 200, body: {} }));
});

afterAll(async () => {
	await server.close();
});

beforeEach(() => {
	server.requests.length = 0;
	server.setHandler(({ url }) =>
		url === '/leads'
			? { status: 200, body: { data: [{ id: 'lead-1' }, { id: 'lead-2' }] } }
			: { status: 200, body: { id: 'account-1', plan: 'pro' } },
	);
});

function fixtureNode(overrides: Partial<INode> = {}): INode {
	return {
		id: 'fixture-node',
		name: 'Fixture',
		type: 'fixtureNode',
		typeVersion: 1,
		position: [200, 0],
		parameters: { operation: 'getMe' },
		...overrides,
	};
}

function baseOptions() {
	return {
		nodeTypes: [new FixtureNode()],
		credentialTypes: [new FixtureApi()],
		credentials: { fixtureApi: { apiKey: API_KEY, baseUrl: server.baseUrl } },
	};
}

describe('runNode', () => {
	test('sends bearer header from credential', async () => {
		const result = await runNode({ ...baseOptions(), node: fixtureNode() });

		expect(result.error).toBeUndefined();
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].method).toBe('GET');
		expect(server.requests[0].url).toBe('/me');
		expect(server.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(server.requests[0].headers.accept).toBe('application/json');
	});

	test('returns response as output items', async () => {
		const single = await runNode({ ...baseOptions(), node: fixtureNode() });
		const list = await runNode({
			...baseOptions(),
			node: fixtureNode({ parameters: { operation: 'listLeads' } }),
		});

		expect(single.output.map((item) => item.json)).toEqual([{ id: 'account-1', plan: 'pro' }]);
		expect(list.output.map((item) => item.json)).toEqual([{ id: 'lead-1' }, { id: 'lead-2' }]);
		expect(list.run.status).toBe('success');
	});

	test('sends one request per trigger item', async () => {
		const result = await runNode({
			...baseOptions(),
			node: fixtureNode(),
			triggerItems: [{ n: 1 }, { n: 2 }, { n: 3 }],
		});

		expect(server.requests).toHaveLength(3);
		expect(result.output).toHaveLength(3);
	});

	test('sets error on HTTP 500', async () => {
		server.setHandler(() => ({ status: 500, body: { message: 'database down' } }));

		const result = await runNode({ ...baseOptions(), node: fixtureNode() });

		expect(result.error).toMatchObject({ httpCode: '500' });
		expect(result.run.status).toBe('error');
		expect(result.output).toEqual([]);
		expect(result.runData.Fixture[0].error).toMatchObject({ httpCode: '500' });
	});

	test('retryOnFail resends until success', async () => {
		let calls = 0;
		server.setHandler(() => {
			calls++;
			return calls === 1 ? { status: 500, body: {} } : { status: 200, body: { id: 'retried' } };
		});

		const result = await runNode({
			...baseOptions(),
			node: fixtureNode({ retryOnFail: true, maxTries: 2, waitBetweenTries: 10 }),
		});

		expect(server.requests).toHaveLength(2);
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json)).toEqual([{ id: 'retried' }]);
	});

	test('retryOnFail stops after maxTries', async () => {
		server.setHandler(() => ({ status: 500, body: {} }));

		const result = await runNode({
			...baseOptions(),
			node: fixtureNode({ retryOnFail: true, maxTries: 2, waitBetweenTries: 10 }),
		});

		expect(server.requests).toHaveLength(2);
		expect(result.error).toMatchObject({ httpCode: '500' });
	});

	test('without retryOnFail sends once', async () => {
		server.setHandler(() => ({ status: 500, body: {} }));

		await runNode({ ...baseOptions(), node: fixtureNode() });

		expect(server.requests).toHaveLength(1);
	});

	test('onError continue keeps the run going', async () => {
		server.setHandler(() => ({ status: 500, body: {} }));

		const result = await runNode({
			...baseOptions(),
			node: fixtureNode({ onError: 'continueRegularOutput' }),
		});

		expect(result.error).toBeUndefined();
		expect(result.run.status).toBe('success');
		expect(result.output).toHaveLength(1);
		expect(result.output[0].error).toMatchObject({ httpCode: '500' });
	});

	test('logs never contain the API key', async () => {
		const success = await runNode({ ...baseOptions(), node: fixtureNode() });
		server.setHandler(() => ({ status: 401, body: { message: 'invalid key' } }));
		const failure = await runNode({ ...baseOptions(), node: fixtureNode() });

		expect(success.logs.length).toBeGreaterThan(0);
		expect(failure.logs.length).toBeGreaterThan(0);
		expect(success.logs.join('\n')).not.toContain(API_KEY);
		expect(failure.logs.join('\n')).not.toContain(API_KEY);
	});

	test('missing credential data fails the node', async () => {
		const result = await runNode({ ...baseOptions(), credentials: {}, node: fixtureNode() });

		expect(server.requests).toHaveLength(0);
		expect(result.error?.message).toContain('Node does not have any credentials set');
	});
});

describe('runWorkflow', () => {
	test('passes items along a chain', async () => {
		const result = await runWorkflow({
			...baseOptions(),
			nodes: [
				fixtureNode({ id: 'list', name: 'List', parameters: { operation: 'listLeads' } }),
				fixtureNode({ id: 'me', name: 'Me', position: [400, 0] }),
			],
		});

		expect(server.requests.map((request) => request.url)).toEqual(['/leads', '/me', '/me']);
		expect(result.output).toHaveLength(2);
		expect(result.runData.List[0].data?.main[0]).toHaveLength(2);
		expect(Object.keys(result.runData)).toEqual(['Manual Trigger', 'List', 'Me']);
	});

	test('accepts package-prefixed type names', async () => {
		const result = await runWorkflow({
			...baseOptions(),
			nodes: [fixtureNode({ type: 'n8n-nodes-fixture.fixtureNode' })],
		});

		expect(result.error).toBeUndefined();
		expect(server.requests).toHaveLength(1);
	});
});

describe('testCredential', () => {
	beforeEach(() => {
		server.setHandler(({ headers }) =>
			headers.authorization === `Bearer ${API_KEY}`
				? { status: 200, body: { id: 'account-1' } }
				: { status: 401, body: { message: 'invalid API key' } },
		);
	});

	test('returns OK for the right key', async () => {
		const result = await testCredential({
			credentialType: new FixtureApi(),
			data: { apiKey: API_KEY, baseUrl: server.baseUrl },
		});

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].url).toBe('/me');
		expect(server.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
	});

	test('returns Error for a wrong key', async () => {
		const result = await testCredential({
			credentialType: new FixtureApi(),
			data: { apiKey: 'wrong-key', baseUrl: server.baseUrl },
		});

		expect(result.status).toBe('Error');
		expect(result.message).toBe('Unauthorized');
		expect(result.httpCode).toBe(401);
	});

	test('returns error code when unreachable', async () => {
		const closed = await startLoopbackServer(() => ({ status: 200 }));
		await closed.close();

		const result = await testCredential({
			credentialType: new FixtureApi(),
			data: { apiKey: API_KEY, baseUrl: closed.baseUrl },
		});

		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});

	test('uses testedBy request of a node', async () => {
		const credentialType = Object.assign(new FixtureApi(), { test: undefined });
		const nodeType = new FixtureNode();
		nodeType.description.credentials = [
			{
				name: 'fixtureApi',
				required: true,
				testedBy: { request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' } },
			},
		];

		const result = await testCredential({
			credentialType,
			data: { apiKey: API_KEY, baseUrl: server.baseUrl },
			nodeTypes: [nodeType],
		});

		expect(result.status).toBe('OK');
		expect(server.requests).toHaveLength(1);
	});

	test('returns Error without any test', async () => {
		const credentialType = Object.assign(new FixtureApi(), { test: undefined });
		const nodeTypes: INodeType[] = [new FixtureNode()];

		const result = await testCredential({ credentialType, data: { apiKey: API_KEY }, nodeTypes });

		expect(result).toEqual({
			status: 'Error',
			message: 'No testing function found for this credential.',
		});
		expect(server.requests).toHaveLength(0);
	});
});
