/**
 * Examples 04 and 05 in a real n8n: create a webhook endpoint and list the endpoints, and create
 * an export, wait until it is ready and download its file.
 */
import { EXAMPLE_IDS, findNode, readExample } from './fixtures';
import { binarySize, nodeItems } from './run-data';
import {
	describeRequests,
	executeExample,
	requestsTo,
	type ScenarioContext,
} from './scenario-context';

const NODES = {
	createWebhook: 'Create a webhook endpoint',
	listWebhooks: 'List the webhook endpoints',
	createExport: 'Create a CSV export',
	waitForExport: 'Wait until the file is ready',
};

export interface WebhookFacts {
	id: string;
	url: string;
	events: string[];
	idempotencyKey: string;
	listedCount: number;
}

export interface ExportFacts {
	id: string;
	probes: number;
	fileName: string;
	bytes: number;
	rows: number;
}

/**
 * Example 04: Webhook > Create returns the endpoint with its signing secret, sent with the
 * example's Idempotency-Key, and Webhook > Get Many lists it. The endpoint is deleted afterwards,
 * so that the trigger scenario can check that no endpoint is left.
 */
export async function runCreateWebhook(
	context: ScenarioContext,
): Promise<WebhookFacts | undefined> {
	const { checks, sandbox } = context;
	const createNode = findNode(readExample(EXAMPLE_IDS.createWebhook), 'prospectB2B');
	const idempotencyKey = String(
		(createNode.parameters.options as { idempotencyKey?: string }).idempotencyKey,
	);
	const expectedEvents = [...(createNode.parameters.events as string[])].sort();

	const run = await executeExample(context, '04 create webhook', EXAMPLE_IDS.createWebhook);
	if (run === undefined) return undefined;

	const [created] = nodeItems(run.runData, NODES.createWebhook).map((item) => item.json);
	const secret = created?.signing_secret;
	checks.record(
		'04 signing secret returned',
		typeof secret === 'string' && secret.length > 0,
		typeof secret === 'string'
			? `${secret.slice(0, 10)}... (${secret.length} characters)`
			: 'missing',
	);
	checks.equal('04 url', created?.url, createNode.parameters.url);
	checks.equal(
		'04 events',
		[...((created?.events as string[] | undefined) ?? [])].sort(),
		expectedEvents,
	);

	const stored = sandbox.webhooks().find((endpoint) => endpoint.id === created?.id);
	checks.equal('04 sandbox stores secret', stored?.signing_secret, secret, 'same secret');

	const posts = requestsTo(run.requests, 'POST', '/webhooks');
	checks.equal(
		'04 sandbox log',
		posts.map((entry) => [entry.status, entry.idempotencyKey]),
		[[200, idempotencyKey]],
		`1 POST /webhooks with key ${idempotencyKey}; ${describeRequests(run.requests)}`,
	);

	const listed = nodeItems(run.runData, NODES.listWebhooks).map((item) => item.json);
	checks.record(
		'04 listed',
		listed.some((endpoint) => endpoint.id === created?.id),
		`${listed.length} endpoint(s) listed, ${String(created?.id)} among them`,
	);

	if (typeof created?.id === 'string') await deleteEndpoint(context, created.id);
	return {
		id: String(created?.id),
		url: String(created?.url),
		events: expectedEvents,
		idempotencyKey,
		listedCount: listed.length,
	};
}

async function deleteEndpoint(context: ScenarioContext, id: string): Promise<void> {
	const { checks, sandbox } = context;
	const response = await fetch(`${sandbox.url}/webhooks/${encodeURIComponent(id)}`, {
		method: 'DELETE',
		headers: { authorization: `Bearer ${sandbox.keys.full}` },
	});
	await response.body?.cancel();
	checks.record(
		'04 cleanup',
		response.ok && sandbox.webhooks().length === 0,
		`DELETE /webhooks/${id} returned ${response.status}; ${sandbox.webhooks().length} endpoints left`,
	);
}

/**
 * Example 05: Export > Create, then Get Download with Wait Until Ready and Download File. The
 * node probes until the export is ready, one request per probe, and downloads the file from the
 * pre-signed URL without the API key. The binary property matches the file the sandbox serves.
 */
export async function runExportAndWait(context: ScenarioContext): Promise<ExportFacts | undefined> {
	const { checks, sandbox } = context;
	const run = await executeExample(context, '05 export and wait', EXAMPLE_IDS.exportAndWait);
	if (run === undefined) return undefined;

	const [created] = nodeItems(run.runData, NODES.createExport).map((item) => item.json);
	const [ready] = nodeItems(run.runData, NODES.waitForExport);
	const exportId = String(created?.id);
	checks.equal('05 ready', [ready?.json.download_ready, ready?.json.status], [true, 'completed']);

	const probes = requestsTo(run.requests, 'GET', `/exports/${exportId}/download`);
	checks.equal(
		'05 probes',
		ready?.json.probes,
		probes.length,
		`${probes.length} probes, the last one ready`,
	);

	const downloads = run.requests.filter((entry) => entry.path.startsWith('/__files/'));
	checks.record(
		'05 file fetched without the key',
		downloads.length === 1 && downloads[0].headers.authorization === undefined,
		`${downloads.length} file request(s), Authorization header ${downloads[0]?.headers.authorization === undefined ? 'absent' : 'SENT'}`,
	);

	const binary = ready?.binary?.data;
	const bytes = binary === undefined ? undefined : binarySize(binary);
	const served = await fetchServedFile(String(ready?.json.download_url));
	checks.record(
		'05 binary data',
		binary?.mimeType === 'text/csv' && bytes !== undefined && bytes === served.byteLength,
		binary === undefined
			? 'no binary property "data"'
			: `${binary.fileName ?? '(no file name)'}, ${binary.mimeType}, ${bytes ?? '?'} bytes, sandbox file ${served.byteLength} bytes`,
	);

	const job = sandbox.exports().find((candidate) => candidate.id === exportId);
	const csvRows = served.toString('utf8').trimEnd().split(/\r?\n/).length - 1;
	checks.equal('05 rows', csvRows, job?.row_count, `${csvRows} rows plus a header line`);

	return {
		id: exportId,
		probes: probes.length,
		fileName: binary?.fileName ?? '',
		bytes: bytes ?? 0,
		rows: csvRows,
	};
}

/** Downloads the export file from the sandbox, as the comparison for the node's binary data. */
async function fetchServedFile(downloadUrl: string): Promise<Buffer> {
	if (!downloadUrl.startsWith('http://127.0.0.1:')) return Buffer.alloc(0);
	const response = await fetch(downloadUrl);
	return Buffer.from(await response.arrayBuffer());
}
