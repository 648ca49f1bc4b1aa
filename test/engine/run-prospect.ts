import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { ProspectB2BApi } from '../../credentials/ProspectB2BApi.credentials';
import { ProspectB2B } from '../../nodes/ProspectB2B/ProspectB2B.node';
import { runNode, type RunWorkflowResult } from '../harness';
import type { Sandbox } from '../sandbox';

export const NODE_TYPE = 'n8n-nodes-prospectb2b.prospectB2B';

let executionCounter = 0;

export interface RunProspectOptions {
	/** API key sent by the credential; defaults to the sandbox's full-scope key. */
	apiKey?: string;
	baseUrl?: string;
	/** Items that reach the node, one request each. */
	items?: IDataObject[];
	/** Node settings such as retryOnFail, maxTries, waitBetweenTries, onError. */
	settings?: Partial<INode>;
	/** Execution id; every call gets a new one unless given, as in a real n8n. */
	executionId?: string;
}

/** Runs the ProspectB2B node once, after a Manual Trigger, against the sandbox. */
export async function runProspect(
	sandbox: Sandbox,
	parameters: INodeParameters,
	options: RunProspectOptions = {},
): Promise<RunWorkflowResult> {
	executionCounter += 1;
	return await runNode({
		nodeTypes: [new ProspectB2B()],
		credentialTypes: [new ProspectB2BApi()],
		credentials: {
			prospectB2BApi: {
				apiKey: options.apiKey ?? sandbox.keys.full,
				baseUrl: options.baseUrl ?? sandbox.url,
			},
		},
		triggerItems: options.items,
		executionId: options.executionId ?? `engine-${process.pid}-${executionCounter}`,
		node: {
			id: '3f1c2d4e-0000-4000-8000-000000000001',
			name: 'ProspectB2B',
			type: NODE_TYPE,
			typeVersion: 1,
			parameters,
			...options.settings,
		},
	});
}

/** Everything a run exposes to a user or an operator, as one string, for secret checks. */
export function visibleText(result: RunWorkflowResult): string {
	return JSON.stringify({ output: result.output, error: result.error, logs: result.logs });
}

export const ADA = {
	fullName: 'Ada Lovelace',
	email: 'ada.lovelace@analytical-engine.example',
	companyName: 'Analytical Engine Inc.',
};
