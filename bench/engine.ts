/** Runs the ProspectB2B node in-process through n8n-core's engine, with the test harness. */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { ProspectB2BApi } from '../credentials/ProspectB2BApi.credentials';
import { ProspectB2B } from '../nodes/ProspectB2B/ProspectB2B.node';
import { runNode, type RunWorkflowResult } from '../test/harness';

let executionCounter = 0;

export async function runProspectNode(
	credential: { apiKey: string; baseUrl: string },
	parameters: INodeParameters,
	options: { items?: IDataObject[]; settings?: Partial<INode> } = {},
): Promise<RunWorkflowResult> {
	executionCounter++;
	return await runNode({
		nodeTypes: [new ProspectB2B()],
		credentialTypes: [new ProspectB2BApi()],
		credentials: { prospectB2BApi: credential },
		triggerItems: options.items,
		executionId: `bench-${process.pid}-${executionCounter}`,
		node: {
			name: 'ProspectB2B',
			type: 'n8n-nodes-prospectb2b.prospectB2B',
			typeVersion: 1,
			parameters,
			...options.settings,
		},
	});
}
