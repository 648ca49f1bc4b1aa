import { isExpression, UnexpectedError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';

/**
 * Applies a credential type's `authenticate` to outgoing request options, as n8n's server does in
 * `CredentialsHelper.authenticate` (CLI package). n8n-core 2.41 exports no such helper.
 *
 * - A function is called with the credential data and the request options.
 * - A `generic` block copies each entry of its `headers`, `qs`, `body` and `auth` into the request
 *   options. Keys and values that are expressions, such as `=Bearer {{$credentials.apiKey}}`,
 *   are resolved by the workflow's real expression engine with `$credentials` set to the data.
 *   Like the server, an expression that resolves to an empty value is sent as ''.
 *
 * The options object is changed in place and returned.
 */
export async function applyCredentialAuthentication(
	credentialType: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	workflow?: Workflow,
	node?: INode,
): Promise<IHttpRequestOptions> {
	const { authenticate } = credentialType;
	if (authenticate === undefined) {
		return requestOptions as IHttpRequestOptions;
	}

	if (typeof authenticate === 'function') {
		return await authenticate(credentials, requestOptions as IHttpRequestOptions);
	}

	if (workflow === undefined || node === undefined) {
		throw new UnexpectedError(
			`Credential type "${credentialType.name}" uses a generic authenticate block, which needs the workflow and node to resolve expressions, but neither was passed.`,
		);
	}

	requestOptions.headers ??= {};
	if (authenticate.type !== 'generic') {
		return requestOptions as IHttpRequestOptions;
	}

	const resolve = (value: string): string => {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved ? String(resolved) : '';
	};

	const target = requestOptions as unknown as Record<string, Record<string, unknown> | undefined>;
	for (const [section, entries] of Object.entries(authenticate.properties)) {
		const sectionValues = (target[section] ??= {});
		for (const [key, value] of Object.entries(entries as Record<string, string>)) {
			sectionValues[resolve(key)] = resolve(value);
		}
	}
	return requestOptions as IHttpRequestOptions;
}
