import type { INodeProperties } from 'n8n-workflow';

import { WEBHOOK_EVENTS } from '../../../shared/contract';
import { idField, paginationFields } from '../../shared/descriptions';

/** The webhook events as multi-select options, sorted by name. */
export const EVENT_OPTIONS = [...WEBHOOK_EVENTS]
	.sort()
	.map((event) => ({ name: event, value: event }));

const showFor = (operation: string) => ({ resource: ['webhook'], operation: [operation] });

export const webhookFields: INodeProperties[] = [
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/webhooks/prospectb2b',
		displayOptions: { show: showFor('create') },
		description: 'Absolute http or https address that ProspectB2B sends the events to',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		options: EVENT_OPTIONS,
		displayOptions: { show: showFor('create') },
		description: 'Events that ProspectB2B sends to the URL',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showFor('create') },
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description: 'A note that tells you in the ProspectB2B app what the endpoint is for',
			},
		],
	},
	idField(
		'Webhook ID',
		'webhookId',
		'wh_...',
		{ resource: ['webhook'], operation: ['get', 'update', 'delete'] },
		'ID of the webhook endpoint',
	),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showFor('update') },
		description: 'Only the fields added here are sent; every other setting keeps its value',
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Enabled',
				name: 'enabled',
				type: 'boolean',
				default: true,
				description: 'Whether ProspectB2B sends events to the endpoint',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				default: [],
				options: EVENT_OPTIONS,
				description: 'Events that ProspectB2B sends to the URL; replaces the current set',
			},
			{
				displayName: 'URL',
				name: 'url',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/webhooks/prospectb2b',
			},
		],
	},
	...paginationFields(showFor('getAll')),
];
