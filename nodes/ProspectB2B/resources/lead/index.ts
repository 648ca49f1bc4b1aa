import type { INodeProperties } from 'n8n-workflow';

import { REQUIRED_SCOPES } from '../../../shared/contract';
import { checkLimit, requireId, setIdempotencyKey } from '../../shared/presend';
import { listRequest, objectRequest } from '../../shared/transport';
import { setCreateBody } from './body';
import { leadCreateDescription } from './create';
import { leadGetDescription } from './get';
import { leadGetManyDescription, setLeadFilters } from './getAll';

export const leadDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a lead',
				description: 'Create a lead; a retry of the same item never creates a second one',
				routing: objectRequest(
					'POST',
					'/leads',
					{ action: 'create the lead', requiredScope: REQUIRED_SCOPES.lead.write },
					[setCreateBody, setIdempotencyKey],
				),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a lead',
				description: 'Get a lead by ID',
				routing: objectRequest(
					'GET',
					'=/leads/{{encodeURIComponent(String($parameter.leadId).trim())}}',
					{
						action: 'get the lead',
						requiredScope: REQUIRED_SCOPES.lead.read,
						objectName: 'lead',
						idParameter: 'leadId',
					},
					[requireId('leadId', 'Lead ID')],
				),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many leads',
				description: 'List leads, optionally only those updated after a given moment',
				routing: listRequest(
					'/leads',
					{ action: 'list leads', requiredScope: REQUIRED_SCOPES.lead.read },
					[checkLimit, setLeadFilters],
				),
			},
		],
		default: 'create',
	},
	...leadCreateDescription,
	...leadGetDescription,
	...leadGetManyDescription,
];
