import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ExecutionBaseError,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowBase,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import { startLogCapture } from './logger';
import {
	createManualTrigger,
	createNoOp,
	HarnessNodeTypes,
	MANUAL_TRIGGER_TYPE,
} from './node-types';

/** Name of the Manual Trigger node the harness puts in front of the caller's nodes. */
export const TRIGGER_NODE_NAME = 'Manual Trigger';

const WORKFLOW_ID = 'harness-workflow';

/** Credential data for one credential type, as a user would enter it in n8n. */
export interface HarnessCredential {
	type: string;
	data: ICredentialDataDecryptedObject;
}

export interface RunWorkflowOptions {
	/** Instances of the node classes under test. */
	nodeTypes: Array<INodeType | IVersionedNodeType>;
	/** Instances of the credential classes the nodes use. */
	credentialTypes?: ICredentialType[];
	/**
	 * Decrypted credential data by credential type name. A node whose type declares one of these
	 * credential types and whose `credentials` does not name it gets it attached.
	 */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** The workflow's nodes, without the trigger. */
	nodes: INode[];
	/**
	 * Connections between the nodes. By default the trigger and `nodes` form a chain in array
	 * order. When given and nothing leaves the trigger, the trigger is connected to `nodes[0]`.
	 */
	connections?: IConnections;
	/** Items the Manual Trigger emits. Defaults to one empty item. */
	triggerItems?: IDataObject[];
	executionId?: string;
}

export interface RunWorkflowResult {
	/** Items on the first main output of the last run of the last node in `nodes`. */
	output: INodeExecutionData[];
	runData: IRunData;
	/**
	 * The error that stopped the run, as the engine records it: a plain copy of the thrown error
	 * (its own fields plus `message` and `stack`), not an instance of the error class.
	 */
	error?: ExecutionBaseError;
	/** Every line n8n logged during the run. */
	logs: string[];
	/** The full run record, including `status`. */
	run: IRun;
}

function chainConnections(nodeNames: string[]): IConnections {
	const connections: IConnections = {};
	for (let index = 0; index < nodeNames.length - 1; index++) {
		connections[nodeNames[index]] = {
			main: [[{ node: nodeNames[index + 1], type: 'main', index: 0 }]],
		};
	}
	return connections;
}

function buildConnections(nodes: INode[], connections?: IConnections): IConnections {
	const nodeNames = nodes.map((node) => node.name);
	if (connections === undefined) {
		return chainConnections([TRIGGER_NODE_NAME, ...nodeNames]);
	}
	if (connections[TRIGGER_NODE_NAME] !== undefined || nodeNames.length === 0) {
		return connections;
	}
	return { ...chainConnections([TRIGGER_NODE_NAME, nodeNames[0]]), ...connections };
}

/** Copies the nodes and attaches the given credentials to nodes whose type declares them. */
function prepareNodes(
	nodes: INode[],
	nodeTypes: HarnessNodeTypes,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): INode[] {
	return nodes.map((original) => {
		const node = structuredClone(original);
		const declared = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description
			.credentials;
		for (const { name } of declared ?? []) {
			if (credentials[name] === undefined || node.credentials?.[name] !== undefined) continue;
			node.credentials = { ...node.credentials, [name]: { id: `${name}-id`, name } };
		}
		return node;
	});
}

/**
 * Runs the nodes after a Manual Trigger through n8n-core's `WorkflowExecute` in manual mode, as
 * the editor's "Execute workflow" does, with real expression resolution, credentials, HTTP
 * requests and node settings (`retryOnFail`, `maxTries`, `waitBetweenTries`, `onError`).
 */
export async function runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult> {
	const collectLogs = startLogCapture();
	const credentials = { ...options.credentials };
	const executionId = options.executionId ?? 'harness-execution';

	const nodeTypes = new HarnessNodeTypes([
		createManualTrigger(options.triggerItems ?? [{}]),
		createNoOp(),
		...options.nodeTypes,
	]);
	const triggerNode: INode = {
		id: 'harness-trigger',
		name: TRIGGER_NODE_NAME,
		type: MANUAL_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodes = [triggerNode, ...prepareNodes(options.nodes, nodeTypes, credentials)];
	const connections = buildConnections(options.nodes, options.connections);

	const workflowData: IWorkflowBase = {
		id: WORKFLOW_ID,
		name: 'Test harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	};
	const workflow = new Workflow({ ...workflowData, nodeTypes });

	const credentialsHelper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes(options.credentialTypes ?? []),
		credentials,
	);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	const additionalData = createAdditionalData({
		credentialsHelper,
		hooks,
		executionId,
		workflowId: WORKFLOW_ID,
	});

	const workflowExecute = new WorkflowExecute(additionalData, 'manual');
	const run = await workflowExecute.run({
		workflow,
		startNode: workflow.getNode(TRIGGER_NODE_NAME)!,
	});

	const { runData, error } = run.data.resultData;
	const lastNode = options.nodes.at(-1);
	const lastTask = lastNode === undefined ? undefined : runData[lastNode.name]?.at(-1);
	return {
		output: lastTask?.data?.main?.[0] ?? [],
		runData,
		error,
		logs: collectLogs(),
		run,
	};
}

export type RunNodeOptions = Omit<RunWorkflowOptions, 'nodes' | 'connections'> & {
	/** The node to run. Its `id` and `position` default to fixed values. */
	node: Omit<INode, 'id' | 'position'> & Partial<Pick<INode, 'id' | 'position'>>;
};

/** Runs a single node after the Manual Trigger. See `runWorkflow`. */
export async function runNode(options: RunNodeOptions): Promise<RunWorkflowResult> {
	const { node, ...rest } = options;
	const fullNode: INode = { id: 'harness-node', position: [200, 0], ...node };
	return await runWorkflow({ ...rest, nodes: [fullNode] });
}
