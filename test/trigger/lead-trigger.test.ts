import type { INodeExecutionData } from 'n8n-workflow';

import type { TriggerHarness } from '../harness';
import { startSandbox } from '../sandbox';
import type { RequestLogEntry, Sandbox } from '../sandbox';
import { callApi } from '../sandbox/test-helpers';
import { createLeadTrigger, requestsTo } from './setup';

let sandbox: Sandbox;
let trigger: TriggerHarness;
/** Listener for each API request the sandbox responded to, called before the client reads it. */
let onRequest: ((entry: RequestLogEntry) => void) | undefined;

beforeAll(async () => {
	sandbox = await startSandbox({ onRequest: (entry) => onRequest?.(entry) });
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
	onRequest = undefined;
	trigger = createLeadTrigger(sandbox);
});

function ids(output: INodeExecutionData[][] | null): string[] {
	return (output?.[0] ?? []).map((item) => String(item.json.id));
}

async function createLead(name: string): Promise<string> {
	const response = await callApi(sandbox, 'POST', '/leads', { body: { full_name: name } });
	return String(response.body.data.id);
}

/** Returns a start time one minute ahead, so seeded leads count as created after a poll. */
function soon(): string {
	return new Date(Date.now() + 60_000).toISOString();
}

describe('lead trigger', () => {
	test('emits new leads once each', async () => {
		sandbox.seedLeads(5);
		expect(await trigger.poll({ mode: 'trigger' })).toBeNull();

		const created = [await createLead('Ada One'), await createLead('Bo Two')];
		expect(ids(await trigger.poll({ mode: 'trigger' }))).toEqual(created);
		expect(await trigger.poll({ mode: 'trigger' })).toBeNull();

		const third = await createLead('Cy Three');
		expect(ids(await trigger.poll({ mode: 'trigger' }))).toEqual([third]);
	});

	test('emits an updated lead again', async () => {
		await trigger.poll({ mode: 'trigger' });
		const id = await createLead('Dee Four');
		await trigger.poll({ mode: 'trigger' });

		await callApi(sandbox, 'PATCH', `/leads/${id}`, { body: { job_title: 'CTO' } });
		const output = await trigger.poll({ mode: 'trigger' });

		expect(ids(output)).toEqual([id]);
		expect(output?.[0][0].json.job_title).toBe('CTO');
	});

	test('follows every page with the filter', async () => {
		await trigger.poll({ mode: 'trigger' });
		sandbox.seedLeads(250, { start: soon() });
		const listsBefore = requestsTo(sandbox, 'GET', '/leads').length;

		const output = await trigger.poll({ mode: 'trigger' });

		expect(new Set(ids(output)).size).toBe(250);
		const lists = requestsTo(sandbox, 'GET', '/leads').slice(listsBefore);
		expect(lists).toHaveLength(3);
		for (const request of lists) {
			expect(request.query.limit).toBe('100');
			expect(request.query.updated_after).toBe(lists[0].query.updated_after);
		}
		expect(await trigger.poll({ mode: 'trigger' })).toBeNull();
	});

	test('emits existing leads when asked', async () => {
		trigger = createLeadTrigger(sandbox, { options: { includeExisting: true } });
		const seeded = sandbox.seedLeads(5).map((lead) => lead.id);

		expect(ids(await trigger.poll({ mode: 'trigger' }))).toEqual(seeded);
		expect(await trigger.poll({ mode: 'trigger' })).toBeNull();
		expect(requestsTo(sandbox, 'GET', '/leads')[0].query.updated_after).toBeUndefined();
	});

	test('emits a lead tied with the position', async () => {
		trigger = createLeadTrigger(sandbox, { options: { includeExisting: true } });
		const start = '2026-06-01T00:00:00.000Z';
		const first = sandbox.seedLeads(2, { start, stepMs: 0 });
		expect(ids(await trigger.poll({ mode: 'trigger' }))).toEqual(first.map((lead) => lead.id));

		const later = sandbox.seedLeads(1, { start, stepMs: 0 });
		expect(ids(await trigger.poll({ mode: 'trigger' }))).toEqual([later[0].id]);
		const lastList = requestsTo(sandbox, 'GET', '/leads').at(-1);
		expect(lastList?.query.updated_after).toBe('2026-05-31T23:59:59.999Z');
	});

	test('manual run keeps the position', async () => {
		await trigger.poll({ mode: 'trigger' });
		const position = structuredClone(trigger.staticData().position);
		const created = [await createLead('Eve Five'), await createLead('Fay Six')];

		const sample = await trigger.poll({ mode: 'manual' });
		expect(ids(sample)).toEqual([created[0]]);
		expect(trigger.staticData().position).toEqual(position);

		expect(ids(await trigger.poll({ mode: 'trigger' }))).toEqual(created);
	});

	test('manual run samples any lead', async () => {
		const [oldest] = sandbox.seedLeads(3);
		await trigger.poll({ mode: 'trigger' });
		const position = structuredClone(trigger.staticData().position);

		expect(ids(await trigger.poll({ mode: 'manual' }))).toEqual([oldest.id]);
		expect(trigger.staticData().position).toEqual(position);
	});

	test('manual first run stores no position', async () => {
		sandbox.seedLeads(2);
		expect(ids(await trigger.poll({ mode: 'manual' }))).toHaveLength(1);
		expect(trigger.staticData().position).toBeUndefined();
	});

	test('keeps position when a page fails', async () => {
		await trigger.poll({ mode: 'trigger' });
		const position = structuredClone(trigger.staticData().position);
		sandbox.seedLeads(250, { start: soon() });

		onRequest = (entry) => {
			if (entry.path.endsWith('/leads') && entry.status === 200 && onRequest !== undefined) {
				onRequest = undefined;
				sandbox.failNext(4, '500', { method: 'GET', path: '/leads' });
			}
		};
		await expect(trigger.poll({ mode: 'trigger' })).rejects.toThrow(
			'ProspectB2B failed to list leads because of a server error',
		);
		expect(trigger.staticData().position).toEqual(position);
		const statuses = requestsTo(sandbox, 'GET', '/leads').map((entry) => entry.status);
		expect(statuses.slice(-5)).toEqual([200, 500, 500, 500, 500]);

		expect(new Set(ids(await trigger.poll({ mode: 'trigger' }))).size).toBe(250);
	}, 30_000);

	test('retries a rate-limited page after Retry-After', async () => {
		await trigger.poll({ mode: 'trigger' });
		const id = await createLead('Gus Seven');
		sandbox.failNext(1, '429', { method: 'GET', path: '/leads', retryAfterSeconds: 1 });

		expect(ids(await trigger.poll({ mode: 'trigger' }))).toEqual([id]);
		const statuses = requestsTo(sandbox, 'GET', '/leads').map((entry) => entry.status);
		expect(statuses.slice(-2)).toEqual([429, 200]);
	});

	test('rejected key keeps the position', async () => {
		await trigger.poll({ mode: 'trigger' });
		const position = structuredClone(trigger.staticData().position);
		const revoked = createLeadTrigger(sandbox, {}, sandbox.keys.revoked);
		revoked.staticData().position = position;

		await expect(revoked.poll({ mode: 'trigger' })).rejects.toThrow(
			'The ProspectB2B API key was rejected',
		);
		expect(revoked.staticData().position).toEqual(position);
	});

	test('stops at the poll time budget', async () => {
		await trigger.poll({ mode: 'trigger' });
		sandbox.seedLeads(250, { start: soon() });

		const pages = [];
		for (let poll = 0; poll < 3; poll++) {
			pages.push(ids(await trigger.poll({ mode: 'trigger', pollBudgetMs: 0 })));
		}

		// A later poll's page starts one millisecond before the position, so its first row is the
		// lead already emitted, which is dropped.
		expect(pages.map((page) => page.length)).toEqual([100, 99, 51]);
		expect(new Set(pages.flat()).size).toBe(250);
		expect(await trigger.poll({ mode: 'trigger', pollBudgetMs: 0 })).toBeNull();
	});
});
