import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { REQUIRED_SCOPES } from '../../../shared/contract';
import { listRequest } from '../../shared/pagination';
import { checkLimit, readDateParameter, requireId, setIdempotencyKey } from '../../shared/presend';
import { customRequest, objectRequest } from '../../shared/transport';
import { getDownload } from './download';
import { exportFields } from './fields';

const EXPORT_URL = '=/exports/{{encodeURIComponent(String($parameter.exportId).trim())}}';

/** Pre-send step of Export > Create: sets the format and the filters. */
async function setExportBody(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const filters: Record<string, string> = {};
	const updatedAfter = readDateParameter(this, 'filters.updatedAfter', 'Updated After');
	if (updatedAfter !== undefined) filters.updated_after = updatedAfter;
	requestOptions.body = { format: this.getNodeParameter('format', 'csv'), filters };
	return requestOptions;
}

const addressed = (action: string) => ({
	action,
	requiredScope: REQUIRED_SCOPES.export.read,
	objectName: 'export',
	idParameter: 'exportId',
});

export const exportDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['export'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an export',
				description: 'Start an export job of leads; follow it with Get Download',
				routing: objectRequest(
					'POST',
					'/exports',
					{ action: 'create the export', requiredScope: REQUIRED_SCOPES.export.write },
					[setExportBody, setIdempotencyKey],
				),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an export',
				description: 'Get an export job by ID',
				routing: objectRequest('GET', EXPORT_URL, addressed('get the export'), [
					requireId('exportId', 'Export ID'),
				]),
			},
			{
				name: 'Get Download',
				value: 'getDownload',
				action: 'Get the download of an export',
				description: 'Check whether the file is ready, wait for it, and download it',
				routing: customRequest(
					'GET',
					`${EXPORT_URL}/download`,
					addressed('get the export download'),
					[requireId('exportId', 'Export ID')],
					getDownload,
				),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many exports',
				description: 'List export jobs',
				routing: listRequest(
					'/exports',
					{ action: 'list exports', requiredScope: REQUIRED_SCOPES.export.read },
					[checkLimit],
				),
			},
		],
		default: 'create',
	},
	...exportFields,
];
