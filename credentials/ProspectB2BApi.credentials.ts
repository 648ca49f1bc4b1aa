import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class ProspectB2BApi implements ICredentialType {
	name = 'prospectB2BApi';

	displayName = 'ProspectB2B API';

	icon: Icon = {
		light: 'file:../nodes/ProspectB2B/prospectb2b.svg',
		dark: 'file:../nodes/ProspectB2B/prospectb2b.dark.svg',
	};

	documentationUrl = 'https://github.com/prospectb2b/n8n-nodes-prospectb2b#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'pb2b_live_...',
			description:
				'A ProspectB2B API key, created in Settings > Integrations > API. ProspectB2B shows it only once.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://login.prospectb2b.com/api/public/v1',
			description:
				'Root of the ProspectB2B Public API v1. Change it only to go through a proxy or to use a local ProspectB2B sandbox.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// GET /me needs no scope beyond me.read, so a valid key with few scopes still passes.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(new RegExp("/+$"), "")}}',
			url: '/me',
		},
	};
}
