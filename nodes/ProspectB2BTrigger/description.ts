import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIMESTAMP_TOLERANCE_SECONDS } from '../shared/contract';

/** Values of the Webhook Registration parameter. */
export const REGISTRATION = {
	automatic: 'automatic',
	manual: 'manual',
} as const;

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Webhook Registration',
		name: 'registration',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Automatic',
				value: REGISTRATION.automatic,
				description:
					'The node creates a ProspectB2B webhook endpoint for its URL when the workflow is activated or listens for a test event, and deletes it afterwards. Needs an API key with the webhooks.write scope.',
			},
			{
				name: 'Endpoint Made by Hand',
				value: REGISTRATION.manual,
				description:
					'You create the endpoint in the ProspectB2B app and paste its signing secret into a ProspectB2B Webhook Secret credential. The node registers nothing.',
			},
		],
		default: 'automatic',
	},
	{
		displayName:
			'In the ProspectB2B app, create a webhook endpoint with this node\'s production URL (under "Webhook URLs" above) and the same events, then paste the signing secret it shows into the credential',
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: [REGISTRATION.manual] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		description:
			'The events that start the workflow. A delivery of any other event is acknowledged and starts no run.',
		options: [
			{ name: 'Campaign Created', value: 'campaign.created' },
			{ name: 'Campaign Published', value: 'campaign.published' },
			{ name: 'Campaign Updated', value: 'campaign.updated' },
			{ name: 'Export Completed', value: 'export.completed' },
			{ name: 'Export Failed', value: 'export.failed' },
			{ name: 'Import Completed', value: 'import.completed' },
			{ name: 'Import Failed', value: 'import.failed' },
			{ name: 'Lead Created', value: 'lead.created' },
			{ name: 'Lead Updated', value: 'lead.updated' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore Repeated Deliveries',
				name: 'ignoreRepeats',
				type: 'boolean',
				default: true,
				description:
					'Whether to acknowledge a delivery that was already accepted without starting another run. ProspectB2B sends a delivery again after a timeout or an error answer. The node remembers at least the last 10,000 accepted deliveries, whatever their age.',
			},
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				default: DEFAULT_TIMESTAMP_TOLERANCE_SECONDS,
				typeOptions: { minValue: 1 },
				description:
					"How far a delivery's timestamp may be from n8n's clock, in seconds. A delivery outside this window is rejected as a possible replay.",
			},
		],
	},
];
