import { ProspectB2BApi } from '../../credentials/ProspectB2BApi.credentials';
import { testCredential } from '../harness';
import { startSandbox, type Sandbox } from '../sandbox';
import { runProspect, visibleText } from './run-prospect';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => sandbox.reset());

describe('credential test', () => {
	test('passes with a valid key', async () => {
		const result = await testCredential({
			credentialType: new ProspectB2BApi(),
			data: { apiKey: sandbox.keys.full, baseUrl: sandbox.url },
		});
		expect(result.status).toBe('OK');
		expect(sandbox.requests.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
			'GET /api/public/v1/me',
		]);
	});

	test('passes with a read-only key', async () => {
		const result = await testCredential({
			credentialType: new ProspectB2BApi(),
			data: { apiKey: sandbox.keys.readOnly, baseUrl: sandbox.url },
		});
		expect(result.status).toBe('OK');
	});

	test('accepts a Base URL with a trailing slash', async () => {
		const result = await testCredential({
			credentialType: new ProspectB2BApi(),
			data: { apiKey: sandbox.keys.full, baseUrl: `${sandbox.url}/` },
		});
		expect(result.status).toBe('OK');
		expect(sandbox.requests[0].path).toBe('/api/public/v1/me');
	});

	test('fails clearly with a revoked key', async () => {
		const result = await testCredential({
			credentialType: new ProspectB2BApi(),
			data: { apiKey: sandbox.keys.revoked, baseUrl: sandbox.url },
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/401|authori[sz]|credentials/i);
		expect(result.message).not.toContain(sandbox.keys.revoked);
	});
});

describe('Account > Get', () => {
	test('returns the key, scopes and request_id', async () => {
		const result = await runProspect(sandbox, { resource: 'account', operation: 'get' });
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		const account = result.output[0].json;
		expect(account.object).toBe('api_key');
		expect(account.scopes).toContain('leads.write');
		expect(account.read_only).toBe(false);
		expect(account.request_id).toBe(sandbox.requests[0].requestId);
	});

	test('sends the key as a bearer token', async () => {
		await runProspect(sandbox, { resource: 'account', operation: 'get' });
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0].headers.authorization).toBe(`Bearer ${sandbox.keys.full}`);
	});

	test('shows read_only for a read-only key', async () => {
		const result = await runProspect(
			sandbox,
			{ resource: 'account', operation: 'get' },
			{ apiKey: sandbox.keys.readOnly },
		);
		expect(result.output[0].json.read_only).toBe(true);
		expect(visibleText(result)).not.toContain(sandbox.keys.readOnly);
	});
});
