import type { INodeProperties } from 'n8n-workflow';

export const leadGetDescription: INodeProperties[] = [
	{
		displayName: 'Lead ID',
		name: 'leadId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'lead_...',
		displayOptions: { show: { resource: ['lead'], operation: ['get'] } },
		description: 'ID of the lead to get',
	},
];
