import type { INodeProperties } from 'n8n-workflow';

import { EXPORT_FORMATS } from '../../../shared/contract';
import { idField, paginationFields } from '../../shared/descriptions';

const showFor = (operations: string[]) => ({ resource: ['export'], operation: operations });

export const exportFields: INodeProperties[] = [
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		default: 'csv',
		options: EXPORT_FORMATS.map((format) => ({ name: format.toUpperCase(), value: format })),
		displayOptions: { show: showFor(['create']) },
		description: 'File format of the export',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: showFor(['create']) },
		options: [
			{
				displayName: 'Updated After',
				name: 'updatedAfter',
				type: 'dateTime',
				default: '',
				description:
					'Export only leads changed after this moment. A date without a time zone is read in the workflow time zone.',
			},
		],
	},
	idField(
		'Export ID',
		'exportId',
		'exp_...',
		showFor(['get', 'getDownload']),
		'ID of the export job',
	),
	{
		displayName: 'Wait Until Ready',
		name: 'waitUntilReady',
		type: 'boolean',
		default: false,
		displayOptions: { show: showFor(['getDownload']) },
		description:
			'Whether to keep probing until the file is ready. Off, the node returns the current readiness at once.',
		hint: 'The node probes as often as ProspectB2B asks (retry_after_seconds), and otherwise every 1 s, doubling up to 30 s.',
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWait',
		type: 'number',
		default: 300,
		typeOptions: { minValue: 1, maxValue: 3600 },
		displayOptions: { show: { ...showFor(['getDownload']), waitUntilReady: [true] } },
		description: 'How long to wait for the file before the node fails with the last status seen',
	},
	{
		displayName: 'Download File',
		name: 'downloadFile',
		type: 'boolean',
		default: false,
		displayOptions: { show: showFor(['getDownload']) },
		description:
			'Whether to download the file once it is ready and put it in a binary property for the next node',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { ...showFor(['getDownload']), downloadFile: [true] } },
		hint: 'The name of the output binary field to put the file in',
	},
	...paginationFields(showFor(['getAll'])),
];
