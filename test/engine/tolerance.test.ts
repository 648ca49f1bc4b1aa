import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox';
import { ADA, runProspect } from './run-prospect';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

const VOLATILE = new Set([
	'id',
	'created_at',
	'updated_at',
	'request_id',
	'signing_secret',
	'secret_prefix',
	'export_id',
]);

/** Keeps what must not change with the API's wording: keys and stable values. */
function normalize(items: INodeExecutionData[]): IDataObject[] {
	return items.map(({ json }) => {
		const copy: IDataObject = {};
		for (const key of Object.keys(json).sort()) {
			if (key === 'x_sandbox_extra') continue;
			copy[key] = VOLATILE.has(key) ? typeof json[key] : json[key];
		}
		return copy;
	});
}

const scenarios: Array<[string, (sandbox: Sandbox) => Promise<INodeParameters[]>]> = [
	['Account > Get', async () => [{ resource: 'account', operation: 'get' }]],
	['Lead > Create', async () => [{ resource: 'lead', operation: 'create', ...ADA }]],
	[
		'Lead > Get Many',
		async (box) => {
			box.seedLeads(120);
			return [{ resource: 'lead', operation: 'getAll', returnAll: true }];
		},
	],
	[
		'Webhook > Create and Delete',
		async () => [
			{
				resource: 'webhook',
				operation: 'create',
				url: 'https://crm.example/hooks/prospect',
				events: ['lead.created'],
			},
			{ resource: 'webhook', operation: 'delete', webhookId: '={{ $json.id }}' },
		],
	],
	['Export > Create', async () => [{ resource: 'export', operation: 'create', format: 'csv' }]],
];

async function runScenario(
	prepare: (sandbox: Sandbox) => Promise<INodeParameters[]>,
): Promise<INodeExecutionData[][]> {
	const steps = await prepare(sandbox);
	const outputs: INodeExecutionData[][] = [];
	let items: IDataObject[] | undefined;
	for (const parameters of steps) {
		const result = await runProspect(sandbox, parameters, { items });
		expect(result.error).toBeUndefined();
		outputs.push(result.output);
		items = result.output.map((item) => item.json);
	}
	return outputs;
}

const switches = [
	['create answering 201', { createStatus: 201 }],
	['delete answering 204', { deleteStatus: 204 }],
	['next_cursor absent', { omitNextCursor: true }],
	['request_id only in the header', { requestIdInHeaderOnly: true }],
	['unknown extra fields', { extraFields: true }],
] as const;

describe.each(switches)('with %s', (_name, setting) => {
	test.each(scenarios)('%s gives the same output', async (_scenario, prepare) => {
		sandbox.reset();
		const baseline = await runScenario(prepare);
		sandbox.reset();
		sandbox.setTolerance(setting);
		const tolerant = await runScenario(prepare);

		expect(tolerant.map(normalize)).toEqual(baseline.map(normalize));
		for (const output of tolerant) {
			for (const item of output) {
				expect(item.json.request_id).toMatch(/^req_/);
			}
		}
	});
});

test('unknown fields are kept in the output', async () => {
	sandbox.reset();
	sandbox.setTolerance({ extraFields: true });
	const result = await runProspect(sandbox, { resource: 'lead', operation: 'create', ...ADA });
	expect(result.output[0].json.x_sandbox_extra).toBeDefined();
});
