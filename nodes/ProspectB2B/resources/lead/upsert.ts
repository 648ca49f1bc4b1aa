import type { INodeProperties } from 'n8n-workflow';

import { leadMoreFields } from './fields';

const showOnlyForLeadUpsert = { resource: ['lead'], operation: ['upsert'] };

export const leadUpsertDescription: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'name@email.com',
		displayOptions: { show: showOnlyForLeadUpsert },
		description:
			'Email address that identifies the lead: the lead with this address is updated, or a new one is created',
	},
	{
		displayName: 'Full Name',
		name: 'fullName',
		type: 'string',
		default: '',
		placeholder: 'Ada Lovelace',
		displayOptions: { show: showOnlyForLeadUpsert },
		description:
			"The lead's full name. ProspectB2B needs it when no lead has the email yet; left empty, an existing lead keeps its name.",
	},
	{
		displayName: 'Company Name',
		name: 'companyName',
		type: 'string',
		default: '',
		displayOptions: { show: showOnlyForLeadUpsert },
		description: 'The company the lead works for. Left empty, it is not changed.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showOnlyForLeadUpsert },
		options: leadMoreFields,
	},
];
