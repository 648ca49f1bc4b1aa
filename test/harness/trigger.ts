import { HookContext, PollContext, WebhookContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import { startLogCapture } from './logger';
import { HarnessNodeTypes } from './node-types';

const WORKFLOW_ID_PREFIX = 'trigger-harness-workflow';

/** Counts harnesses, so that each has its own workflow ID, as separate workflows in n8n do. */
let harnessCount = 0;
const NODE_NAME = 'Trigger';
const WEBHOOK_NAME = 'default';

/** Which of a webhook node's two URLs a call uses: the editor's test URL or the production URL. */
export type WebhookKind = 'test' | 'production';

export type HookMethod = 'checkExists' | 'create' | 'delete';

export interface TriggerHarnessOptions {
	nodeType: INodeType;
	credentialTypes?: ICredentialType[];
	/** Decrypted credential data by credential type name; each is attached to the node. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	parameters: INodeParameters;
	/** Origin of the webhook URLs n8n hands the node. Defaults to a loopback placeholder. */
	origin?: string;
}

/** A webhook call as n8n's server hands it to the node. */
export interface WebhookCall {
	headers: Record<string, string | string[] | undefined>;
	/** The body bytes. Undefined leaves `rawBody` unset, as if the server had not read it. */
	rawBody?: Buffer;
}

/** The response n8n's server would send to a webhook call, and the run it would start. */
export interface WebhookCallResult {
	status: number;
	body: unknown;
	/** The items of the run the call starts; undefined when it starts none. */
	workflowData?: INodeExecutionData[][];
}

export interface PollOptions {
	/** `manual` is the editor's test run; `trigger` is a scheduled poll of an active workflow. */
	mode: 'manual' | 'trigger';
	/** The time budget that n8n 2.x gives a poll, in ms. */
	pollBudgetMs?: number;
}

/** Stand-in for the express response: it records the status and body a node sends. */
class RecordedResponse {
	statusCode = 200;

	body: unknown;

	answered = false;

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	json(body: unknown): this {
		return this.send(body);
	}

	send(body: unknown): this {
		this.body = body;
		this.answered = true;
		return this;
	}

	end(): this {
		this.answered = true;
		return this;
	}
}

function parseJsonBody(rawBody: Buffer | undefined): unknown {
	if (rawBody === undefined || rawBody.length === 0) return {};
	try {
		return JSON.parse(rawBody.toString('utf8')) as unknown;
	} catch {
		return {};
	}
}

/**
 * Runs a trigger node's webhook hooks, `webhook()` and `poll()` through n8n-core's real
 * execution contexts (`HookContext`, `WebhookContext`, `PollContext`), with credentials applied
 * as the server applies them and requests sent for real.
 *
 * One `Workflow` lives as long as the harness, so the node's static data persists between
 * calls, as n8n saves and reloads it between activations, deliveries and polls.
 */
export class TriggerHarness {
	readonly workflow: Workflow;

	readonly node: INode;

	private readonly nodeType: INodeType;

	private readonly additionalData: IWorkflowExecuteAdditionalData;

	private readonly collectLogs = startLogCapture();

	readonly workflowId = `${WORKFLOW_ID_PREFIX}-${++harnessCount}`;

	constructor(options: TriggerHarnessOptions) {
		this.nodeType = options.nodeType;
		const credentials = { ...options.credentials };
		this.node = {
			id: 'trigger-node',
			name: NODE_NAME,
			type: options.nodeType.description.name,
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'b2b00000-0000-4000-8000-000000000001',
			parameters: options.parameters,
			credentials: Object.fromEntries(
				Object.keys(credentials).map((type) => [type, { id: `${type}-id`, name: type }]),
			),
		};
		this.workflow = new Workflow({
			id: this.workflowId,
			name: 'Trigger harness workflow',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: new HarnessNodeTypes([options.nodeType]),
			staticData: {},
			settings: { executionOrder: 'v1' },
		});
		const credentialsHelper = new HarnessCredentialsHelper(
			new HarnessCredentialTypes(options.credentialTypes ?? []),
			credentials,
		);
		this.additionalData = createAdditionalData({ credentialsHelper, workflowId: this.workflowId });
		this.setOrigin(options.origin ?? 'http://127.0.0.1:5678');
	}

	/** Points the webhook URLs at `origin`: `<origin>/webhook/...` and `<origin>/webhook-test/...`. */
	setOrigin(origin: string): void {
		this.additionalData.webhookBaseUrl = `${origin}/webhook`;
		this.additionalData.webhookTestBaseUrl = `${origin}/webhook-test`;
	}

	/** Replaces some of the node's parameters, as a user's edit between activations does. */
	setParameters(parameters: INodeParameters): void {
		Object.assign(this.node.parameters, parameters);
	}

	/** Returns the node's static data, as n8n would save it with the workflow. */
	staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	/** Returns every line that n8n and the node logged since the harness was made. */
	logs(): string[] {
		return this.collectLogs();
	}

	webhookUrl(kind: WebhookKind): string {
		const base =
			kind === 'test' ? this.additionalData.webhookTestBaseUrl : this.additionalData.webhookBaseUrl;
		return `${base}/${this.node.webhookId}/webhook`;
	}

	private webhookData(kind: WebhookKind): IWebhookData {
		const description = this.nodeType.description.webhooks?.find(
			(webhook) => webhook.name === WEBHOOK_NAME,
		);
		if (description === undefined) {
			throw new Error(`Node type ${this.node.type} declares no "${WEBHOOK_NAME}" webhook.`);
		}
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${this.node.webhookId}/webhook`,
			webhookDescription: description,
			workflowId: this.workflowId,
			workflowExecuteAdditionalData: this.additionalData,
			webhookId: this.node.webhookId,
			isTest: kind === 'test',
		};
	}

	/**
	 * Calls a webhook lifecycle hook in the modes n8n's server uses: activation runs
	 * `checkExists` and `create` as `trigger`/`activate` (a test listen as `manual`/`manual`), and
	 * deactivation runs `delete` as `internal`/`update`.
	 */
	async runHook(method: HookMethod, kind: WebhookKind): Promise<boolean> {
		const hook = this.nodeType.webhookMethods?.default?.[method];
		if (hook === undefined) throw new Error(`Node type ${this.node.type} has no ${method} hook.`);

		let mode: WorkflowExecuteMode = kind === 'test' ? 'manual' : 'trigger';
		let activation: WorkflowActivateMode = kind === 'test' ? 'manual' : 'activate';
		if (method === 'delete') {
			mode = 'internal';
			activation = 'update';
		}
		const context = new HookContext(
			this.workflow,
			this.node,
			this.additionalData,
			mode,
			activation,
			this.webhookData(kind),
		);
		return await hook.call(context);
	}

	/**
	 * Calls the node's `webhook()` as n8n's server does for a POST, then returns the response the
	 * server would send: the one the node sent itself, or 200 with a message.
	 */
	async callWebhook(call: WebhookCall, kind: WebhookKind): Promise<WebhookCallResult> {
		if (this.nodeType.webhook === undefined) throw new Error(`${this.node.type} has no webhook().`);

		const request = {
			method: 'POST',
			headers: call.headers,
			body: parseJsonBody(call.rawBody),
			rawBody: call.rawBody,
			params: {},
			query: {},
			readRawBody: async () => {},
		};
		const response = new RecordedResponse();
		const additionalData: IWorkflowExecuteAdditionalData = {
			...this.additionalData,
			httpRequest: request as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
			httpResponse: response as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
		};
		const context = new WebhookContext(
			this.workflow,
			this.node,
			additionalData,
			kind === 'test' ? 'manual' : 'webhook',
			this.webhookData(kind),
			[],
			null,
		);

		const result: IWebhookResponseData = await this.nodeType.webhook.call(context);
		// As in n8n, a node that responded itself can still start a run.
		if (result.noWebhookResponse === true) {
			return {
				status: response.statusCode,
				body: response.body,
				workflowData: result.workflowData,
			};
		}
		if (result.workflowData !== undefined) {
			return {
				status: 200,
				body: { message: 'Workflow was started' },
				workflowData: result.workflowData,
			};
		}
		return { status: 200, body: result.webhookResponse ?? { message: 'Webhook call received' } };
	}

	/** Calls the node's `poll()` as a scheduled poll or as the editor's test run. */
	async poll(options: PollOptions): Promise<INodeExecutionData[][] | null> {
		if (this.nodeType.poll === undefined) throw new Error(`${this.node.type} has no poll().`);

		const activation: WorkflowActivateMode = options.mode === 'manual' ? 'manual' : 'activate';
		const budgetMs = options.pollBudgetMs;
		const context = new PollContext(
			this.workflow,
			this.node,
			this.additionalData,
			options.mode,
			activation,
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
			budgetMs === undefined ? undefined : () => budgetMs,
		);
		return await this.nodeType.poll.call(context);
	}
}
