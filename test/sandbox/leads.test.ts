import { startSandbox, type Sandbox } from './index';
import { callApi, invalidFields } from './test-helpers';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

describe('POST /leads', () => {
	test('creates a lead', async () => {
		const response = await callApi(sandbox, 'POST', '/leads', {
			body: {
				full_name: 'Ada Lovelace',
				email: 'ada@example.com',
				company_name: 'Analytical Engine Inc.',
				tags: ['vip'],
				custom_fields: { source: 'fair' },
			},
		});
		expect(response.status).toBe(200);
		expect(response.body.data.id).toMatch(/^lead_/);
		expect(response.body.data.object).toBe('lead');
		expect(response.body.data.full_name).toBe('Ada Lovelace');
		expect(response.body.data.email).toBe('ada@example.com');
		expect(response.body.data.job_title).toBeNull();
		expect(response.body.data.tags).toEqual(['vip']);
		expect(response.body.data.custom_fields).toEqual({ source: 'fair' });
		expect(response.body.data.created_at).toMatch(ISO_MS);
		expect(response.body.data.updated_at).toBe(response.body.data.created_at);
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('returns 201 when switched', async () => {
		sandbox.setCreateStatus(201);
		const response = await callApi(sandbox, 'POST', '/leads', { body: { full_name: 'Ada' } });
		expect(response.status).toBe(201);
	});

	test('requires full_name', async () => {
		const response = await callApi(sandbox, 'POST', '/leads', { body: { email: 'a@example.com' } });
		expect(response.status).toBe(400);
		expect(response.body.error.code).toBe('validation_failed');
		expect(invalidFields(response)).toEqual(['full_name']);
	});

	test('rejects blank full_name', async () => {
		const response = await callApi(sandbox, 'POST', '/leads', { body: { full_name: '  ' } });
		expect(invalidFields(response)).toEqual(['full_name']);
	});

	test('rejects invalid email', async () => {
		const response = await callApi(sandbox, 'POST', '/leads', {
			body: { full_name: 'Ada', email: 'not-an-email' },
		});
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['email']);
		expect(response.body.error.details.fields[0].message).toContain('not-an-email');
	});

	test('rejects unknown field', async () => {
		const response = await callApi(sandbox, 'POST', '/leads', {
			body: { full_name: 'Ada', favourite_colour: 'blue' },
		});
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['favourite_colour']);
	});

	test('rejects read-only fields', async () => {
		const response = await callApi(sandbox, 'POST', '/leads', {
			body: { full_name: 'Ada', id: 'lead_x', created_at: '2026-01-01T00:00:00.000Z' },
		});
		expect(invalidFields(response)).toEqual(['id', 'created_at']);
	});

	test('names every type error', async () => {
		const response = await callApi(sandbox, 'POST', '/leads', {
			body: { full_name: 42, phone: 5551234, tags: 'vip', custom_fields: [] },
		});
		expect(invalidFields(response)).toEqual(['full_name', 'phone', 'tags', 'custom_fields']);
	});

	test('names a bad tag by index', async () => {
		const response = await callApi(sandbox, 'POST', '/leads', {
			body: { full_name: 'Ada', tags: ['ok', 7] },
		});
		expect(invalidFields(response)).toEqual(['tags[1]']);
	});

	test('rejects array body', async () => {
		const response = await callApi(sandbox, 'POST', '/leads', { body: [{ full_name: 'Ada' }] });
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['body']);
	});

	test('rejects empty body', async () => {
		const response = await callApi(sandbox, 'POST', '/leads');
		expect(response.status).toBe(400);
		expect(response.body.error.code).toBe('validation_failed');
	});

	test('stores nothing on 400', async () => {
		await callApi(sandbox, 'POST', '/leads', { body: { email: 'a@example.com' } });
		expect(sandbox.leads()).toHaveLength(0);
	});
});

describe('GET /leads/{lead_id}', () => {
	test('returns the lead', async () => {
		const [lead] = sandbox.seedLeads(1);
		const response = await callApi(sandbox, 'GET', `/leads/${lead.id}`);
		expect(response.status).toBe(200);
		expect(response.body.data).toEqual(lead);
	});

	test('unknown id is 404', async () => {
		const response = await callApi(sandbox, 'GET', '/leads/lead_missing');
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('lead_not_found');
		expect(response.body.error.message).toContain('lead_missing');
	});
});

describe('PATCH /leads/{lead_id}', () => {
	test('changes only sent fields', async () => {
		const [lead] = sandbox.seedLeads(1);
		const response = await callApi(sandbox, 'PATCH', `/leads/${lead.id}`, {
			body: { job_title: 'CTO', phone: null },
		});
		expect(response.status).toBe(200);
		expect(response.body.data.job_title).toBe('CTO');
		expect(response.body.data.phone).toBeNull();
		expect(response.body.data.full_name).toBe(lead.full_name);
		expect(response.body.data.email).toBe(lead.email);
		expect(response.body.data.created_at).toBe(lead.created_at);
	});

	test('bumps updated_at', async () => {
		const [lead] = sandbox.seedLeads(1);
		const response = await callApi(sandbox, 'PATCH', `/leads/${lead.id}`, {
			body: { status: 'contacted' },
		});
		expect(response.body.data.updated_at > lead.updated_at).toBe(true);
		expect(response.body.data.updated_at).toMatch(ISO_MS);
	});

	test('empty body is 400', async () => {
		const [lead] = sandbox.seedLeads(1);
		const response = await callApi(sandbox, 'PATCH', `/leads/${lead.id}`, { body: {} });
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['body']);
	});

	test('rejects null full_name', async () => {
		const [lead] = sandbox.seedLeads(1);
		const response = await callApi(sandbox, 'PATCH', `/leads/${lead.id}`, {
			body: { full_name: null },
		});
		expect(invalidFields(response)).toEqual(['full_name']);
	});

	test('unknown id is 404', async () => {
		const response = await callApi(sandbox, 'PATCH', '/leads/lead_missing', {
			body: { job_title: 'CTO' },
		});
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('lead_not_found');
	});
});

describe('POST /leads/upsert', () => {
	test('creates when email is new', async () => {
		const response = await callApi(sandbox, 'POST', '/leads/upsert', {
			body: { email: 'new@example.com', full_name: 'New Lead' },
		});
		expect(response.status).toBe(200);
		expect(response.body.data.upserted).toBe('created');
		expect(response.body.data.email).toBe('new@example.com');
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('updates by email ignoring case', async () => {
		const [lead] = sandbox.seedLeads(1);
		const response = await callApi(sandbox, 'POST', '/leads/upsert', {
			body: { email: lead.email?.toUpperCase(), job_title: 'Head of Sales' },
		});
		expect(response.status).toBe(200);
		expect(response.body.data.upserted).toBe('updated');
		expect(response.body.data.id).toBe(lead.id);
		expect(response.body.data.job_title).toBe('Head of Sales');
		expect(response.body.data.full_name).toBe(lead.full_name);
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('requires email', async () => {
		const response = await callApi(sandbox, 'POST', '/leads/upsert', {
			body: { full_name: 'No Email' },
		});
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['email']);
	});

	test('requires full_name to create', async () => {
		const response = await callApi(sandbox, 'POST', '/leads/upsert', {
			body: { email: 'new@example.com' },
		});
		expect(response.status).toBe(400);
		expect(invalidFields(response)).toEqual(['full_name']);
	});

	test('keeps upserted out of the store', async () => {
		await callApi(sandbox, 'POST', '/leads/upsert', {
			body: { email: 'new@example.com', full_name: 'New Lead' },
		});
		expect(sandbox.leads()[0]).not.toHaveProperty('upserted');
	});
});

describe('seedLeads', () => {
	test('spaces timestamps one second apart', () => {
		const leads = sandbox.seedLeads(3);
		expect(leads.map((lead) => lead.updated_at)).toEqual([
			'2026-01-01T00:00:00.000Z',
			'2026-01-01T00:00:01.000Z',
			'2026-01-01T00:00:02.000Z',
		]);
	});

	test('takes start and step', () => {
		const leads = sandbox.seedLeads(2, { start: '2026-05-01T12:00:00.000Z', stepMs: 60_000 });
		expect(leads[1].updated_at).toBe('2026-05-01T12:01:00.000Z');
	});

	test('keeps emails unique across calls', () => {
		const first = sandbox.seedLeads(1);
		const second = sandbox.seedLeads(1);
		expect(first[0].email).not.toBe(second[0].email);
	});

	test('returns copies', () => {
		const [lead] = sandbox.seedLeads(1);
		lead.full_name = 'Changed';
		expect(sandbox.leads()[0].full_name).not.toBe('Changed');
	});
});
