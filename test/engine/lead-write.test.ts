import { startSandbox, type Sandbox } from '../sandbox';
import { ADA, runProspect } from './run-prospect';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => sandbox.reset());

const upsert = (extra: Record<string, unknown> = {}) => ({
	resource: 'lead',
	operation: 'upsert',
	...ADA,
	...extra,
});

describe('Lead > Create or Update', () => {
	test('creates, then updates by email', async () => {
		const first = await runProspect(sandbox, upsert());
		expect(first.output[0].json.upserted).toBe('created');
		const second = await runProspect(
			sandbox,
			upsert({ fullName: '', companyName: 'Difference Engine Ltd' }),
		);
		expect(second.error).toBeUndefined();
		expect(second.output[0].json.upserted).toBe('updated');
		expect(second.output[0].json.id).toBe(first.output[0].json.id);
		expect(second.output[0].json.full_name).toBe(ADA.fullName);
		expect(second.output[0].json.company_name).toBe('Difference Engine Ltd');
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('sends an Idempotency-Key', async () => {
		await runProspect(sandbox, upsert());
		expect(sandbox.requests[0].path).toBe('/api/public/v1/leads/upsert');
		expect(sandbox.requests[0].idempotencyKey).toMatch(/^n8n-/);
	});

	test('rejects an empty email before any request', async () => {
		const result = await runProspect(sandbox, upsert({ email: '={{ "" }}' }));
		expect(result.error?.message).toMatch(/^Invalid Email "" in item 0: it is empty/);
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Lead > Update', () => {
	test('sends only the fields set', async () => {
		const [lead] = sandbox.seedLeads(1);
		const result = await runProspect(sandbox, {
			resource: 'lead',
			operation: 'update',
			leadId: lead.id,
			updateFields: { jobTitle: 'CTO', tags: 'vip' },
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.requests[0].method).toBe('PATCH');
		expect(sandbox.requests[0].path).toBe(`/api/public/v1/leads/${lead.id}`);
		expect(sandbox.requests[0].body).toEqual({ job_title: 'CTO', tags: ['vip'] });
		expect(result.output[0].json).toMatchObject({
			id: lead.id,
			job_title: 'CTO',
			full_name: lead.full_name,
		});
	});

	test('rejects an empty update before any request', async () => {
		const [lead] = sandbox.seedLeads(1);
		const result = await runProspect(sandbox, {
			resource: 'lead',
			operation: 'update',
			leadId: lead.id,
			updateFields: { fullName: '  ' },
		});
		expect(result.error?.message).toMatch(/^Invalid Update Fields .* no field is set/);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('404 names the lead id', async () => {
		const result = await runProspect(sandbox, {
			resource: 'lead',
			operation: 'update',
			leadId: 'lead_gone',
			updateFields: { phone: '1' },
		});
		expect(result.error?.message).toBe('The lead "lead_gone" was not found');
	});
});
