import type { INodeProperties } from 'n8n-workflow';

import { leadMainFields, leadMoreFields } from './fields';

const showOnlyForLeadUpdate = { resource: ['lead'], operation: ['update'] };

export const leadUpdateDescription: INodeProperties[] = [
	{
		displayName: 'Lead ID',
		name: 'leadId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'lead_...',
		displayOptions: { show: showOnlyForLeadUpdate },
		description: 'ID of the lead to update',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showOnlyForLeadUpdate },
		description:
			'Only the fields added here are sent; every other field of the lead keeps its value',
		options: [...leadMainFields, ...leadMoreFields].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	},
];
