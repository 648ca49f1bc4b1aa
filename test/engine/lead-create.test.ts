import { startSandbox, type Sandbox } from '../sandbox';
import { ADA, runProspect, visibleText } from './run-prospect';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => sandbox.reset());

const create = (extra: Record<string, unknown> = {}) => ({
	resource: 'lead',
	operation: 'create',
	...ADA,
	...extra,
});

const leadPosts = () =>
	sandbox.requests.filter((entry) => entry.method === 'POST' && entry.path.endsWith('/leads'));

describe('Lead > Create', () => {
	test('creates the lead and adds request_id', async () => {
		const result = await runProspect(sandbox, create());
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		const lead = result.output[0].json;
		expect(lead.object).toBe('lead');
		expect(lead.full_name).toBe(ADA.fullName);
		expect(lead.email).toBe(ADA.email);
		expect(lead.company_name).toBe(ADA.companyName);
		expect(lead.request_id).toBe(leadPosts()[0].requestId);
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('sends only the fields that are set', async () => {
		await runProspect(sandbox, create({ email: '', companyName: '' }));
		expect(leadPosts()[0].body).toEqual({ full_name: ADA.fullName });
	});

	test('sends additional fields by API name', async () => {
		await runProspect(
			sandbox,
			create({
				additionalFields: {
					jobTitle: 'Analyst',
					phone: '+44 20 0000 0000',
					website: 'https://analytical-engine.example',
					linkedinUrl: 'https://www.linkedin.com/in/ada',
					tags: 'conference, priority ,',
					customFields: { field: [{ name: 'segment', value: 'enterprise' }] },
				},
			}),
		);
		expect(leadPosts()[0].body).toEqual({
			full_name: ADA.fullName,
			email: ADA.email,
			company_name: ADA.companyName,
			job_title: 'Analyst',
			phone: '+44 20 0000 0000',
			website: 'https://analytical-engine.example',
			linkedin_url: 'https://www.linkedin.com/in/ada',
			tags: ['conference', 'priority'],
			custom_fields: { segment: 'enterprise' },
		});
	});

	test('passes Extra Body keys through', async () => {
		const result = await runProspect(
			sandbox,
			create({ additionalFields: { extraBody: '{"status": "qualified"}' } }),
		);
		expect(leadPosts()[0].body).toMatchObject({ status: 'qualified' });
		expect(result.output[0].json.status).toBe('qualified');
	});

	test('sends a derived Idempotency-Key', async () => {
		await runProspect(sandbox, create());
		expect(leadPosts()[0].idempotencyKey).toMatch(/^n8n-[0-9a-f]{64}$/);
	});

	test('gives each item its own key', async () => {
		const result = await runProspect(
			sandbox,
			create({ fullName: '={{ $json.name }}', email: '' }),
			{ items: [{ name: 'A One' }, { name: 'B Two' }, { name: 'C Three' }] },
		);
		expect(result.output).toHaveLength(3);
		const keys = new Set(leadPosts().map((entry) => entry.idempotencyKey));
		expect(keys.size).toBe(3);
		expect(sandbox.leads()).toHaveLength(3);
	});

	test('pairs each output with its input item', async () => {
		const result = await runProspect(
			sandbox,
			create({ fullName: '={{ $json.name }}', email: '' }),
			{ items: [{ name: 'A One' }, { name: 'B Two' }] },
		);
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.output.map((item) => item.json.full_name)).toEqual(['A One', 'B Two']);
	});

	test('retry after a dropped answer creates one lead', async () => {
		sandbox.failNext(1, 'drop_after_apply', { method: 'POST', path: '/api/public/v1/leads' });
		const result = await runProspect(sandbox, create(), {
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.leads()).toHaveLength(1);
		const posts = leadPosts();
		expect(posts).toHaveLength(2);
		expect(posts[0].status).toBe('dropped');
		expect(posts[1].idempotencyKey).toBe(posts[0].idempotencyKey);
		expect(posts[1].replayed).toBe(true);
		expect(result.output[0].json.id).toBe(sandbox.leads()[0].id);
	});

	test('user-set key replays across executions', async () => {
		const parameters = create({ options: { idempotencyKey: 'lead-create-001' } });
		const first = await runProspect(sandbox, parameters);
		const second = await runProspect(sandbox, parameters);
		expect(second.error).toBeUndefined();
		expect(second.output[0].json.id).toBe(first.output[0].json.id);
		expect(sandbox.leads()).toHaveLength(1);
		expect(leadPosts().map((entry) => entry.idempotencyKey)).toEqual([
			'lead-create-001',
			'lead-create-001',
		]);
		expect(leadPosts()[1].replayed).toBe(true);
	});

	test('user-set key with another body gives the 409 message', async () => {
		await runProspect(sandbox, create({ options: { idempotencyKey: 'lead-create-001' } }));
		const result = await runProspect(
			sandbox,
			create({ fullName: 'Charles Babbage', options: { idempotencyKey: 'lead-create-001' } }),
		);
		expect(result.error?.message).toBe(
			'The Idempotency-Key "lead-create-001" was already used with a different request body',
		);
		expect(result.error?.description).toMatch(/HTTP 409/);
		expect(result.error?.description).toMatch(/idempotency_conflict/);
		expect(result.error?.description).toContain(leadPosts()[1].requestId);
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('output and errors never contain the key', async () => {
		const ok = await runProspect(sandbox, create());
		const failed = await runProspect(sandbox, create(), { apiKey: sandbox.keys.readOnly });
		expect(visibleText(ok)).not.toContain(sandbox.keys.full);
		expect(visibleText(failed)).not.toContain(sandbox.keys.readOnly);
	});
});
