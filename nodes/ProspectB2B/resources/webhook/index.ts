import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readDataObject, REQUIRED_SCOPES } from '../../../shared/contract';
import { listRequest } from '../../shared/pagination';
import { checkLimit, requireId, setIdempotencyKey } from '../../shared/presend';
import { customRequest, objectRequest, toItem } from '../../shared/transport';
import { setWebhookCreateBody, setWebhookUpdateBody } from './body';
import { webhookFields } from './fields';

const WEBHOOK_URL = '=/webhooks/{{encodeURIComponent(String($parameter.webhookId).trim())}}';

const addressed = (action: string, requiredScope: string) => ({
	action,
	requiredScope,
	objectName: 'webhook',
	idParameter: 'webhookId',
});

export const webhookDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a webhook',
				description: 'Register an endpoint for events; the output contains its signing secret',
				routing: objectRequest(
					'POST',
					'/webhooks',
					{ action: 'create the webhook', requiredScope: REQUIRED_SCOPES.webhook.write },
					[setWebhookCreateBody, setIdempotencyKey],
				),
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a webhook',
				description: 'Delete a webhook endpoint',
				routing: customRequest(
					'DELETE',
					WEBHOOK_URL,
					addressed('delete the webhook', REQUIRED_SCOPES.webhook.write),
					[requireId('webhookId', 'Webhook ID')],
					async function (send, _requestData, context) {
						const { body, requestId } = await send();
						// A 204 response has no body, so the output is built to match a 200 response.
						const deleted: IDataObject = {
							id: context.objectId,
							object: 'webhook_endpoint',
							deleted: true,
							...(readDataObject(body) as IDataObject),
						};
						return [toItem(this, deleted, requestId)];
					},
				),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a webhook',
				description: 'Get a webhook endpoint by ID',
				routing: objectRequest(
					'GET',
					WEBHOOK_URL,
					addressed('get the webhook', REQUIRED_SCOPES.webhook.read),
					[requireId('webhookId', 'Webhook ID')],
				),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many webhooks',
				description: 'List the webhook endpoints of the workspace',
				routing: listRequest(
					'/webhooks',
					{ action: 'list webhooks', requiredScope: REQUIRED_SCOPES.webhook.read },
					[checkLimit],
				),
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a webhook',
				description: "Change a webhook endpoint's URL, events, description or enabled state",
				routing: objectRequest(
					'PATCH',
					WEBHOOK_URL,
					addressed('update the webhook', REQUIRED_SCOPES.webhook.write),
					[requireId('webhookId', 'Webhook ID'), setWebhookUpdateBody, setIdempotencyKey],
				),
			},
		],
		default: 'create',
	},
	...webhookFields,
];
