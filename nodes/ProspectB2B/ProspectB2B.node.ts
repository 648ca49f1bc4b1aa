import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { accountDescription } from './resources/account';
import { leadDescription } from './resources/lead';
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
		description: 'Create, get and sync leads in ProspectB2B, and check the API key',
		defaults: { name: 'ProspectB2B' },
		usableAsTool: true,
		inputs: MAIN_CONNECTION,
		outputs: MAIN_CONNECTION,
		credentials: [{ name: 'prospectB2BApi', required: true }],
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
					{ name: 'Lead', value: 'lead' },
				],
				default: 'lead',
			},
			...accountDescription,
			...leadDescription,
			writeOptions({ resource: ['lead'], operation: ['create', 'upsert', 'update'] }),
			requestOptions,
		],
	};
}
