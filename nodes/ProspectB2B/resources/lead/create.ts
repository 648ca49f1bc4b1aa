import type { INodeProperties } from 'n8n-workflow';

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
		options: [
			{
				displayName: 'Custom Fields',
				name: 'customFields',
				type: 'fixedCollection',
				placeholder: 'Add Custom Field',
				default: {},
				typeOptions: { multipleValues: true },
				description: "Values for the workspace's custom lead fields, by field name",
				options: [
					{
						displayName: 'Field',
						name: 'field',
						values: [
							{
								displayName: 'Name',
								name: 'name',
								type: 'string',
								default: '',
								description: 'Name of the custom field as ProspectB2B spells it',
							},
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
							},
						],
					},
				],
			},
			{
				displayName: 'Extra Body (JSON)',
				name: 'extraBody',
				type: 'json',
				default: '{}',
				description:
					'A JSON object whose keys are sent as they are, for API fields this node has no input for, for example {"status": "qualified"}. A key may not repeat a field set above.',
			},
			{
				displayName: 'Job Title',
				name: 'jobTitle',
				type: 'string',
				default: '',
			},
			{
				displayName: 'LinkedIn URL',
				name: 'linkedinUrl',
				type: 'string',
				default: '',
				placeholder: 'https://www.linkedin.com/in/...',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'conference, priority',
				description: 'Comma-separated list of tags to give the lead',
			},
			{
				displayName: 'Website',
				name: 'website',
				type: 'string',
				default: '',
				placeholder: 'https://example.com',
			},
		],
	},
];
