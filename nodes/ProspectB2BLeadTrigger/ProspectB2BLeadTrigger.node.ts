import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { pollLeads } from './poll';

// eslint-plugin-n8n-nodes-base predates NodeConnectionTypes and accepts only an array literal of
// 'main', while n8n's community rules require the enum; a named constant satisfies both.
const MAIN_CONNECTION = [NodeConnectionTypes.Main];

export class ProspectB2BLeadTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ProspectB2B Lead Trigger',
		name: 'prospectB2BLeadTrigger',
		icon: { light: 'file:prospectb2b.svg', dark: 'file:prospectb2b.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'New and updated leads',
		description: 'Starts the workflow when a lead is created or updated in ProspectB2B, by polling',
		defaults: { name: 'ProspectB2B Lead Trigger' },
		polling: true,
		inputs: [],
		outputs: MAIN_CONNECTION,
		credentials: [{ name: 'prospectB2BApi', required: true }],
		properties: [
			{
				displayName:
					'This trigger asks ProspectB2B for changed leads at the Poll Times set for this node. Where ProspectB2B can reach this n8n instance, the ProspectB2B Trigger starts runs at once instead.',
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Include Existing Leads',
						name: 'includeExisting',
						type: 'boolean',
						default: false,
						description:
							'Whether the first poll after activation emits every lead already in ProspectB2B. When off, the first poll emits nothing and later polls emit the leads created or updated after it.',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollLeads(this);
	}
}
