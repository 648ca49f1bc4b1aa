/** Workflows that the benchmarks import into a real n8n, configured as a user would in the editor. */
import {
	BEARER_CREDENTIAL_ID,
	BEARER_CREDENTIAL_NAME,
	CREDENTIAL_ID,
	CREDENTIAL_NAME,
} from './real-n8n';

export const SYNC_NODE_NAME = 'Sync leads';

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

export interface Workflow {
	id: string;
	name: string;
	active: boolean;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	>;
	settings: Record<string, unknown>;
}

function chain(id: string, name: string, nodes: WorkflowNode[]): Workflow {
	const connections: Workflow['connections'] = {};
	for (let index = 0; index < nodes.length - 1; index++) {
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}

const manualTrigger: WorkflowNode = {
	id: 'b0000000-0000-4000-8000-000000000001',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Manual Trigger, then ProspectB2B > Lead > Get Many with Return All. */
export function getManyWorkflow(): Workflow {
	return chain('pb2bBenchGetMany1', 'Benchmark: Lead > Get Many, Return All', [
		manualTrigger,
		{
			id: 'b0000000-0000-4000-8000-000000000002',
			name: SYNC_NODE_NAME,
			type: 'n8n-nodes-prospectb2b.prospectB2B',
			typeVersion: 1,
			position: [240, 0],
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true },
			credentials: { prospectB2BApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
		},
	]);
}

/**
 * Manual Trigger, then n8n's HTTP Request node on `GET /leads?limit=100` with its pagination
 * setting "Update a Parameter in Each Request": query parameter `cursor` set to
 * `$response.body.pagination.next_cursor`, complete when `has_more` is false.
 */
export function httpRequestWorkflow(apiUrl: string): Workflow {
	return chain('pb2bBenchHttpReq1', 'Benchmark: HTTP Request with pagination', [
		manualTrigger,
		{
			id: 'b0000000-0000-4000-8000-000000000003',
			name: SYNC_NODE_NAME,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [240, 0],
			parameters: {
				method: 'GET',
				url: `${apiUrl}/leads`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpBearerAuth',
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'limit', value: '100' }] },
				options: {
					pagination: {
						pagination: {
							paginationMode: 'updateAParameterInEachRequest',
							parameters: {
								parameters: [
									{
										type: 'qs',
										name: 'cursor',
										value: '={{ $response.body.pagination.next_cursor }}',
									},
								],
							},
							paginationCompleteWhen: 'other',
							completeExpression: '={{ $response.body.pagination.has_more === false }}',
						},
					},
				},
			},
			credentials: { httpBearerAuth: { id: BEARER_CREDENTIAL_ID, name: BEARER_CREDENTIAL_NAME } },
		},
	]);
}

/**
 * ProspectB2B Trigger on `lead.created` and `lead.updated` (automatic registration), then an HTTP Request that posts
 * the delivery id to a counter on loopback, so every execution is counted outside n8n.
 */
export function triggerWorkflow(counterUrl: string): Workflow {
	const workflow = chain('pb2bBenchTrigger1', 'Benchmark: ProspectB2B Trigger', [
		{
			id: 'b0000000-0000-4000-8000-000000000004',
			name: 'On a new lead',
			type: 'n8n-nodes-prospectb2b.prospectB2BTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				registration: 'automatic',
				events: ['lead.created', 'lead.updated'],
				options: {},
			},
			credentials: { prospectB2BApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
			webhookId: 'b0000000-0000-4000-8000-0000000000aa',
		},
		{
			id: 'b0000000-0000-4000-8000-000000000005',
			name: 'Count the run',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [240, 0],
			parameters: {
				method: 'POST',
				url: counterUrl,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ delivery_id: $json.delivery_id, event_id: $json.id }) }}',
				options: {},
			},
		},
	]);
	return workflow;
}

export const BASELINE_WEBHOOK_PATH = 'prospectb2b-bench-baseline';

/**
 * n8n's own Webhook node (POST, respond immediately), then the same counter as the trigger
 * workflow, posting the `delivery_id` of the request body.
 */
export function baselineWebhookWorkflow(counterUrl: string): Workflow {
	return chain('pb2bBenchBaseline', "Benchmark: n8n's Webhook node", [
		{
			id: 'b0000000-0000-4000-8000-000000000006',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			parameters: {
				httpMethod: 'POST',
				path: BASELINE_WEBHOOK_PATH,
				responseMode: 'onReceived',
				options: {},
			},
			webhookId: 'b0000000-0000-4000-8000-0000000000bb',
		},
		{
			id: 'b0000000-0000-4000-8000-000000000007',
			name: 'Count the run',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [240, 0],
			parameters: {
				method: 'POST',
				url: counterUrl,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ delivery_id: $json.body.delivery_id }) }}',
				options: {},
			},
		},
	]);
}
