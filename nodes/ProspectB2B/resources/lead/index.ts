import type { INodeProperties } from 'n8n-workflow';

import { REQUIRED_SCOPES } from '../../../shared/contract';
import { checkLimit, requireId, setIdempotencyKey } from '../../shared/presend';
import { listRequest } from '../../shared/pagination';
import { objectRequest } from '../../shared/transport';
import { setCreateBody, setUpdateBody, setUpsertBody } from './body';
import { leadCreateDescription } from './create';
import { leadGetDescription } from './get';
import { leadGetManyDescription, setLeadFilters } from './getAll';
import { leadUpdateDescription } from './update';
import { leadUpsertDescription } from './upsert';

const LEAD_URL = '=/leads/{{encodeURIComponent(String($parameter.leadId).trim())}}';

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
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update a lead',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				routing: objectRequest(
					'POST',
					'/leads/upsert',
					{ action: 'create or update the lead', requiredScope: REQUIRED_SCOPES.lead.write },
					[setUpsertBody, setIdempotencyKey],
				),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a lead',
				description: 'Get a lead by ID',
				routing: objectRequest(
					'GET',
					LEAD_URL,
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
			{
				name: 'Update',
				value: 'update',
				action: 'Update a lead',
				description: 'Change only the given fields of a lead',
				routing: objectRequest(
					'PATCH',
					LEAD_URL,
					{
						action: 'update the lead',
						requiredScope: REQUIRED_SCOPES.lead.write,
						objectName: 'lead',
						idParameter: 'leadId',
					},
					[requireId('leadId', 'Lead ID'), setUpdateBody, setIdempotencyKey],
				),
			},
		],
		default: 'create',
	},
	...leadCreateDescription,
	...leadUpsertDescription,
	...leadGetDescription,
	...leadUpdateDescription,
	...leadGetManyDescription,
];
