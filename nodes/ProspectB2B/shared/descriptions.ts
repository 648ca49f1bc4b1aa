import type { INodeProperties } from 'n8n-workflow';

import { PAGE_SIZE_MAX } from '../../shared/contract';

/** Return All and Limit of a Get Many operation. */
export function paginationFields(show: Record<string, string[]>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			displayOptions: { show },
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1, maxValue: PAGE_SIZE_MAX },
			displayOptions: { show: { ...show, returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

/** Returns a required ID field, such as Webhook ID. */
export function idField(
	displayName: string,
	name: string,
	placeholder: string,
	show: Record<string, string[]>,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder,
		displayOptions: { show },
		description,
	};
}
