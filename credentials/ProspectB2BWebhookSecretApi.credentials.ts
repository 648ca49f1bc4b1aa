import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The signing secret of a webhook endpoint made by hand in the ProspectB2B app, for the
 * ProspectB2B Trigger's "Endpoint Made by Hand" registration. n8n stores it encrypted like any
 * credential. The ProspectB2B Trigger checks its form in its credential test, because no API
 * request can confirm a signing secret.
 */
export class ProspectB2BWebhookSecretApi implements ICredentialType {
	name = 'prospectB2BWebhookSecretApi';

	displayName = 'ProspectB2B Webhook Secret API';

	icon: Icon = {
		light: 'file:../nodes/ProspectB2BTrigger/prospectb2b.svg',
		dark: 'file:../nodes/ProspectB2BTrigger/prospectb2b.dark.svg',
	};

	documentationUrl = 'https://github.com/prospectb2b/n8n-nodes-prospectb2b#prospectb2b-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The signing secret that the ProspectB2B app showed when the webhook endpoint was created. ProspectB2B shows it only once; rotate the secret in the app if it is lost.',
		},
	];
}
