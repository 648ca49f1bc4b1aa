import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { receiveDelivery } from './delivery';
import { REGISTRATION, triggerProperties } from './description';
import { checkWebhookExists, createWebhook, deleteWebhook } from './registration';

// eslint-plugin-n8n-nodes-base predates NodeConnectionTypes and accepts only an array literal of
// 'main', while n8n's community rules require the enum; a named constant satisfies both.
const MAIN_CONNECTION = [NodeConnectionTypes.Main];

export class ProspectB2BTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ProspectB2B Trigger',
		name: 'prospectB2BTrigger',
		icon: { light: 'file:prospectb2b.svg', dark: 'file:prospectb2b.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when ProspectB2B sends a webhook event',
		defaults: { name: 'ProspectB2B Trigger' },
		inputs: [],
		outputs: MAIN_CONNECTION,
		credentials: [
			{
				name: 'prospectB2BApi',
				required: true,
				displayOptions: { show: { registration: [REGISTRATION.automatic] } },
			},
			{
				name: 'prospectB2BWebhookSecretApi',
				required: true,
				displayOptions: { show: { registration: [REGISTRATION.manual] } },
				testedBy: 'checkWebhookSecret',
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: {
			/**
			 * Checks the form of a pasted signing secret. No API request can confirm a secret, so
			 * this catches paste mistakes only: an empty value, or spaces and line breaks inside it.
			 */
			async checkWebhookSecret(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secret = credential.data?.signingSecret;
				if (typeof secret !== 'string' || secret.trim() === '') {
					return { status: 'Error', message: 'The signing secret is empty.' };
				}
				if (/\s/.test(secret.trim())) {
					return {
						status: 'Error',
						message:
							'The signing secret contains spaces or line breaks. Copy it again from the ProspectB2B app.',
					};
				}
				return {
					status: 'OK',
					message:
						'The secret is well-formed. It is confirmed only when the first delivery passes verification.',
				};
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkWebhookExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createWebhook(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteWebhook(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery(this);
	}
}
