import type { INodeProperties } from 'n8n-workflow';

import { REQUIRED_SCOPES } from '../../../shared/contract';
import { objectRequest } from '../../shared/transport';

export const accountDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get the API key and workspace',
				description:
					"Get the API key's name, scopes, read-only state and workspace; run it before writing",
				routing: objectRequest('GET', '/me', {
					action: 'get the account',
					requiredScope: REQUIRED_SCOPES.account.read,
				}),
			},
		],
		default: 'get',
	},
];
