import { DirectoryLoader, RoutingNode } from 'n8n-core';
import type { ExecuteContext } from 'n8n-core';
import { NodeConnectionTypes, NodeHelpers, UserError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	ITriggerFunctions,
	ITriggerResponse,
	IVersionedNodeType,
} from 'n8n-workflow';

/** Type name of the harness's Manual Trigger, the same name as n8n's own node. */
export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

/** Type name of n8n's No Operation node, which the server uses for credential tests. */
export const NO_OP_TYPE = 'n8n-nodes-base.noOp';

/**
 * Creates a stand-in for n8n's Manual Trigger. In manual mode the engine calls `trigger()` and
 * then `manualTriggerFunction()`, and the items it emits become the trigger's output.
 */
export function createManualTrigger(items: IDataObject[]): INodeType {
	return {
		description: {
			displayName: 'Manual Trigger',
			name: MANUAL_TRIGGER_TYPE,
			group: ['trigger'],
			version: 1,
			description: 'Starts the workflow with fixed items (test harness)',
			defaults: { name: 'Manual Trigger' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
			const manualTriggerFunction = async () => {
				this.emit([this.helpers.returnJsonArray(structuredClone(items))]);
			};
			return { manualTriggerFunction };
		},
	};
}

/** Creates a stand-in for n8n's No Operation node: it passes its input items through. */
export function createNoOp(): INodeType {
	return {
		description: {
			displayName: 'No Operation, do nothing',
			name: NO_OP_TYPE,
			group: ['organization'],
			version: 1,
			description: 'Passes items through (test harness)',
			defaults: { name: 'No Operation, do nothing' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return [this.getInputData()];
		},
	};
}

/**
 * Returns whether n8n's server gives this node type a routing `execute`. Mirrors the rule of
 * `shouldAssignExecuteMethod` in n8n's CLI package: declarative nodes, and plain nodes without
 * any way to run themselves.
 */
function needsRoutingExecute(nodeType: INodeType): boolean {
	const isDeclarative = nodeType.description.requestDefaults !== undefined;
	return (
		nodeType.execute === undefined &&
		nodeType.supplyData === undefined &&
		nodeType.poll === undefined &&
		nodeType.trigger === undefined &&
		(nodeType.webhook === undefined || isDeclarative) &&
		(nodeType.methods === undefined || isDeclarative)
	);
}

/**
 * Wraps a node type so that `execute` runs its declarative `routing` through n8n-core's
 * `RoutingNode`, as n8n's server does when it loads the type. The engine calls `execute` with the
 * node's `ExecuteContext` as `this`. The wrapper inherits everything else from the original.
 */
function withRoutingExecute(nodeType: INodeType): INodeType {
	async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const routingNode = new RoutingNode(this as ExecuteContext, nodeType);
		return (await routingNode.runNode()) ?? [];
	}
	return Object.create(nodeType, { execute: { value: execute } }) as INodeType;
}

/**
 * Node-type registry for one harness run: the caller's node types plus the harness's trigger
 * and No Operation stand-ins.
 *
 * A type is found by its `description.name`. A name with a package prefix, such as
 * `n8n-nodes-prospectb2b.prospectB2B`, also finds a type registered as `prospectB2B`, because
 * n8n names community node types that way in workflows.
 */
export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	private readonly executableTypes = new Map<string, INodeType>();

	constructor(nodeTypes: Array<INodeType | IVersionedNodeType>) {
		for (const nodeType of nodeTypes) {
			// n8n's loader adds the Request Options collection (batching, proxy, timeout) to every
			// declarative node, merged with any `requestOptions` the node declares itself.
			if (!('nodeVersions' in nodeType)) {
				DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);
			}
			this.types.set(nodeType.description.name, nodeType);
		}
	}

	getByName(name: string): INodeType | IVersionedNodeType {
		const nodeType = this.types.get(name) ?? this.types.get(stripPackagePrefix(name));
		if (nodeType === undefined) {
			const known = [...this.types.keys()].join(', ');
			throw new UserError(
				`Node type "${name}" is not registered in the test harness. Registered types: ${known}. Pass the node class instance in options.nodeTypes.`,
			);
		}
		return nodeType;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		const cacheKey = `${name}@${version ?? 'latest'}`;
		const cached = this.executableTypes.get(cacheKey);
		if (cached !== undefined) return cached;

		const nodeType = NodeHelpers.getVersionedNodeType(this.getByName(name), version);
		const executable = needsRoutingExecute(nodeType) ? withRoutingExecute(nodeType) : nodeType;
		this.executableTypes.set(cacheKey, executable);
		return executable;
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const name of this.types.keys()) {
			known[name] = { className: name, sourcePath: '' };
		}
		return known;
	}
}

function stripPackagePrefix(name: string): string {
	return name.slice(name.lastIndexOf('.') + 1);
}
