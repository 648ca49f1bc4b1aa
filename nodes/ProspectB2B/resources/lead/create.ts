import type { INodeProperties } from 'n8n-workflow';

import { leadMoreFields } from './fields';

const showOnlyForLeadCreate = { resource: ['lead'], operation: ['create'] };

export const leadCreateDescription: INodeProperties[] = [
	{
		displayName: 'Full Name',
		name: 'fullName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Ada Lovelace',
		displayOptions: { show: showOnlyForLeadCreate },
		description: "The lead's full name",
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		default: '',
		placeholder: 'name@email.com',
		displayOptions: { show: showOnlyForLeadCreate },
		description: "The lead's email address. Left empty, the lead is created without one.",
	},
	{
		displayName: 'Company Name',
		name: 'companyName',
		type: 'string',
		default: '',
		displayOptions: { show: showOnlyForLeadCreate },
		description: 'The company the lead works for. Left empty, no company is set.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showOnlyForLeadCreate },
		options: leadMoreFields,
	},
];
