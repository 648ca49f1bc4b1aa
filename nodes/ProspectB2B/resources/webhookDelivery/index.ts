import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { DELIVERY_STATUSES, REQUIRED_SCOPES } from '../../../shared/contract';
import { idField, paginationFields } from '../../shared/descriptions';
import { listRequest } from '../../shared/pagination';
import { checkLimit, requireId, setIdempotencyKey } from '../../shared/presend';
import { objectRequest } from '../../shared/transport';

const WEBHOOK_PATH = '/webhooks/{{encodeURIComponent(String($parameter.webhookId).trim())}}';

/** Pre-send step of Webhook Delivery > Get Many: puts the status filter in the query. */
async function setDeliveryFilters(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const status = String(this.getNodeParameter('filters.status', '') ?? '');
	if (status !== '') requestOptions.qs = { ...(requestOptions.qs ?? {}), status };
	return requestOptions;
}

const show = (operations: string[]) => ({ resource: ['webhookDelivery'], operation: operations });

export const webhookDeliveryDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhookDelivery'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many deliveries of a webhook',
				description: "List a webhook endpoint's deliveries with their attempts and responses",
				routing: listRequest(
					`=${WEBHOOK_PATH}/deliveries`,
					{
						action: 'list the deliveries',
						requiredScope: REQUIRED_SCOPES.webhook.read,
						objectName: 'webhook',
						idParameter: 'webhookId',
					},
					[requireId('webhookId', 'Webhook ID'), checkLimit, setDeliveryFilters],
				),
			},
			{
				name: 'Retry',
				value: 'retry',
				action: 'Retry a delivery',
				description: 'Send a delivery to its endpoint again now',
				routing: objectRequest(
					'POST',
					`=${WEBHOOK_PATH}/deliveries/{{encodeURIComponent(String($parameter.deliveryId).trim())}}/retry`,
					{
						action: 'retry the delivery',
						requiredScope: REQUIRED_SCOPES.webhook.write,
						objectName: 'delivery',
						idParameter: 'deliveryId',
					},
					[
						requireId('webhookId', 'Webhook ID'),
						requireId('deliveryId', 'Delivery ID'),
						setIdempotencyKey,
					],
				),
			},
		],
		default: 'getAll',
	},
	idField(
		'Webhook ID',
		'webhookId',
		'wh_...',
		show(['getAll', 'retry']),
		'ID of the webhook endpoint',
	),
	idField(
		'Delivery ID',
		'deliveryId',
		'del_...',
		show(['retry']),
		'ID of the delivery to send again',
	),
	...paginationFields(show(['getAll'])),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: show(['getAll']) },
		options: [
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'failed',
				options: DELIVERY_STATUSES.map((status) => ({
					name: status.charAt(0).toUpperCase() + status.slice(1),
					value: status,
				})),
				description: 'Return only deliveries in this state',
			},
		],
	},
];
