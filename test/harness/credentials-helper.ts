import { getAdditionalKeys } from 'n8n-core';
import { ICredentialsHelper, NodeHelpers, UnexpectedError, UserError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { applyCredentialAuthentication } from './authenticate';
import type { HarnessCredentialTypes } from './credential-types';

/**
 * Credentials helper that serves decrypted credential data from memory, one record per
 * credential type, in place of n8n's database-backed helper. Everything else follows the
 * server: defaults of the credential type are filled in, expressions in the data are resolved,
 * and `authenticate` and `preAuthentication` run as defined on the credential type.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: HarnessCredentialTypes,
		private readonly store: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		const { restrictToSupportedNodes, supportedNodes } =
			this.credentialTypes.getByName(credentialType);
		if (restrictToSupportedNodes !== true) return true;
		return (supportedNodes ?? []).some(
			(supported) => nodeType === supported || nodeType.endsWith(`.${supported}`),
		);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const credentialType = this.credentialTypes.getByName(typeName);
		return await applyCredentialAuthentication(
			credentialType,
			credentials,
			requestOptions,
			workflow,
			node,
		);
	}

	/**
	 * Runs the credential type's `preAuthentication` when its expirable property is empty, the
	 * caller reports it expired, or the node is the server's credential-test node. The refreshed
	 * data is kept for the rest of the run, where the server writes it to its database.
	 */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof credentialType.preAuthentication !== 'function') {
			return undefined;
		}

		const isCredentialTest = node.parameters?.temp === '' && node.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isCredentialTest) {
			return undefined;
		}

		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;

		const refreshed = Object.assign(credentials, output as ICredentialDataDecryptedObject);
		this.store[typeName] = {
			...this.store[typeName],
			...(output as ICredentialDataDecryptedObject),
		};
		return refreshed;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.credentialTypes.getByName(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		return (await preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		throw new UnexpectedError(
			`The test harness keeps credential data decrypted in memory and has no encrypted record for type "${type}". Use getDecrypted instead.`,
		);
	}

	/**
	 * Returns the stored data for `type` with the credential type's defaults filled in and its
	 * expressions resolved against the running node, as the server's `applyDefaultsAndOverwrites`
	 * does. With `raw` set, returns the stored data unchanged.
	 * NOTE: expressions are resolved only when the engine passes the running node's context;
	 * the server also resolves them without one, against an empty workflow.
	 */
	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store[type];
		if (stored === undefined) {
			const known = Object.keys(this.store).join(', ') || 'none';
			throw new UserError(
				`No credential data was given for type "${type}". Types with data: ${known}. Pass the data in options.credentials.`,
			);
		}
		if (raw === true) return { ...stored };

		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			{ ...stored } as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (stored.oauthTokenData !== undefined) {
			withDefaults.oauthTokenData = stored.oauthTokenData;
		}
		if (expressionResolveValues === undefined) return withDefaults;

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		return expressionResolveValues.workflow.expression.getParameterValue(
			withDefaults as INodeParameters,
			expressionResolveValues.runExecutionData,
			expressionResolveValues.runIndex,
			expressionResolveValues.itemIndex,
			expressionResolveValues.node.name,
			expressionResolveValues.connectionInputData,
			mode,
			additionalKeys,
			executeData,
			false,
			withDefaults,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = { ...this.store[type], oauthTokenData: data.oauthTokenData };
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes.getProperties(type);
	}
}
