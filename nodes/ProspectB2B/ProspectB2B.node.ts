import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { accountDescription } from './resources/account';
import { exportDescription } from './resources/export';
import { leadDescription } from './resources/lead';
import { webhookDescription } from './resources/webhook';
import { webhookDeliveryDescription } from './resources/webhookDelivery';
import { requestOptions, writeOptions } from './shared/options';

// eslint-plugin-n8n-nodes-base predates NodeConnectionTypes and accepts only an array literal of
// 'main', while n8n's community rules require the enum; a named constant satisfies both.
const MAIN_CONNECTION = [NodeConnectionTypes.Main];

export class ProspectB2B implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ProspectB2B',
		name: 'prospectB2B',
		icon: { light: 'file:prospectb2b.svg', dark: 'file:prospectb2b.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create, update and sync leads, manage webhooks and exports, and check the API key in ProspectB2B',
		defaults: { name: 'ProspectB2B' },
		usableAsTool: true,
		inputs: MAIN_CONNECTION,
		outputs: MAIN_CONNECTION,
		credentials: [{ name: 'prospectB2BApi', required: true }],
		hints: [
			{
				message:
					'The output holds the signing secret of the new webhook, and ProspectB2B shows it only once. Store it now, for example in the credential of a ProspectB2B Trigger for an endpoint made by hand.',
				type: 'warning',
				location: 'outputPane',
				whenToDisplay: 'afterExecution',
				displayCondition:
					'={{ $parameter["resource"] === "webhook" && $parameter["operation"] === "create" }}',
			},
		],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl.replace(new RegExp("/+$"), "")}}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
			// Every status reaches the transport module, which turns errors into readable ones.
			ignoreHttpStatusErrors: true,
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Export', value: 'export' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'Webhook', value: 'webhook' },
					{ name: 'Webhook Delivery', value: 'webhookDelivery' },
				],
				default: 'lead',
			},
			...accountDescription,
			...leadDescription,
			...webhookDescription,
			...webhookDeliveryDescription,
			...exportDescription,
			writeOptions({
				resource: ['lead', 'webhook', 'webhookDelivery', 'export'],
				operation: ['create', 'upsert', 'update', 'retry'],
			}),
			requestOptions,
		],
	};
}
