import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { paginationFields } from '../../shared/descriptions';
import { readDateParameter } from '../../shared/presend';

const showOnlyForLeadGetMany = { resource: ['lead'], operation: ['getAll'] };

/** Pre-send step of Lead > Get Many: validates the filters and puts them in the query. */
export async function setLeadFilters(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const qs = { ...(requestOptions.qs ?? {}) };
	const updatedAfter = readDateParameter(this, 'filters.updatedAfter', 'Updated After');
	if (updatedAfter !== undefined) qs.updated_after = updatedAfter;
	const email = String(this.getNodeParameter('filters.email', '') ?? '').trim();
	if (email !== '') qs.email = email;
	requestOptions.qs = qs;
	return requestOptions;
}

export const leadGetManyDescription: INodeProperties[] = [
	...paginationFields(showOnlyForLeadGetMany),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: showOnlyForLeadGetMany },
		options: [
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				default: '',
				placeholder: 'name@email.com',
				description: 'Return only the lead with this email address',
			},
			{
				displayName: 'Updated After',
				name: 'updatedAfter',
				type: 'dateTime',
				default: '',
				description:
					'Return only leads changed after this moment, for incremental sync. A date without a time zone is read in the workflow time zone.',
			},
		],
	},
];
