import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialTestRequest,
	ICredentialType,
	INode,
	INodeCredentialTestResult,
	INodeType,
	IVersionedNodeType,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import { installLogCapture } from './logger';
import { createNoOp, HarnessNodeTypes } from './node-types';

export interface TestCredentialOptions {
	credentialType: ICredentialType;
	/** Credential data as a user would enter it. Defaults of the credential type are filled in. */
	data: ICredentialDataDecryptedObject;
	/** Node types to search for a `testedBy` test when the credential type has no `test`. */
	nodeTypes?: Array<INodeType | IVersionedNodeType>;
}

export interface TestCredentialResult extends INodeCredentialTestResult {
	/** HTTP status of the failed test request, when the server sent a response. */
	httpCode?: number;
}

type CredentialTest =
	ICredentialTestFunction | { nodeType?: INodeType; testRequest: ICredentialTestRequest };

/**
 * Finds the test for a credential type as n8n's server does: the type's own `test` first, then
 * the `testedBy` of a node type that declares the credential.
 */
function findCredentialTest(
	credentialType: ICredentialType,
	nodeTypes: Array<INodeType | IVersionedNodeType>,
): CredentialTest | undefined {
	if (credentialType.test !== undefined) {
		return { testRequest: credentialType.test };
	}

	// NOTE: for OAuth2 credentials the server only checks that an access token is present. The
	// harness does not emulate that case.
	for (const candidate of nodeTypes) {
		const versions =
			'nodeVersions' in candidate ? Object.values(candidate.nodeVersions) : [candidate];
		for (const nodeType of versions) {
			const declared = nodeType.description.credentials?.find(
				({ name, testedBy }) => name === credentialType.name && testedBy !== undefined,
			);
			if (declared?.testedBy === undefined) continue;
			if (typeof declared.testedBy === 'string') {
				return nodeType.methods?.credentialTest?.[declared.testedBy];
			}
			return { nodeType, testRequest: declared.testedBy };
		}
	}
	return undefined;
}

/**
 * Builds the server's throwaway node type for a declarative credential test: a copy of the
 * testing node type (n8n's No Operation node by default) whose single property routes to the
 * test request, with the credential required.
 */
function createTestNodeType(
	baseType: INodeType,
	credentialTypeName: string,
	testRequest: ICredentialTestRequest,
): INodeType {
	return {
		description: {
			...baseType.description,
			credentials: [{ name: credentialTypeName, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
}

/** Fields of a failed test request's error (a `NodeApiError` wrapping the HTTP client's error). */
interface RequestFailure {
	message?: string;
	cause?: { code?: string; response?: { status: number; statusText?: string } };
}

/**
 * Converts a failed test request into the server's result: a matching `responseCode` rule's
 * message, else the HTTP status text (or "Received HTTP status code: <code>" without one) for a
 * non-2xx response, else the network error code, else the error message.
 */
function toFailureResult(
	error: RequestFailure,
	testRequest: ICredentialTestRequest,
): TestCredentialResult {
	const response = error.cause?.response;
	if (response !== undefined) {
		for (const rule of testRequest.rules ?? []) {
			if (rule.type === 'responseCode' && rule.properties.value === response.status) {
				return { status: 'Error', message: rule.properties.message, httpCode: response.status };
			}
		}
		if (response.status < 199 || response.status > 299) {
			const message = response.statusText || `Received HTTP status code: ${response.status}`;
			return { status: 'Error', message, httpCode: response.status };
		}
	} else if (error.cause?.code !== undefined) {
		return { status: 'Error', message: error.cause.code };
	}
	return { status: 'Error', message: String(error.message) };
}

/**
 * Tests credential data the way n8n's server does when a user clicks "Test" (its
 * `CredentialsTester` in the CLI package): a test function runs with a credential-test context,
 * and a declarative test request runs once through `RoutingNode` with the credential applied.
 */
export async function testCredential(
	options: TestCredentialOptions,
): Promise<TestCredentialResult> {
	installLogCapture();
	const { credentialType } = options;
	const credentialTest = findCredentialTest(credentialType, options.nodeTypes ?? []);
	if (credentialTest === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsHelper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes([credentialType]),
		{ [credentialType.name]: { ...options.data } },
	);
	const additionalData = createAdditionalData({ credentialsHelper });
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'harness-credential',
		name: credentialType.displayName,
		type: credentialType.name,
		data: await credentialsHelper.getDecrypted(
			additionalData,
			{ id: 'harness-credential', name: credentialType.displayName },
			credentialType.name,
			'internal',
		),
	};

	if (typeof credentialTest === 'function') {
		return await credentialTest.call(
			new CredentialTestContext(additionalData),
			credentialsDecrypted,
		);
	}

	const baseType = credentialTest.nodeType ?? createNoOp();
	const testNodeType = createTestNodeType(
		baseType,
		credentialType.name,
		credentialTest.testRequest,
	);
	const { version } = baseType.description;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: baseType.description.name,
		typeVersion: Array.isArray(version) ? version[version.length - 1] : version,
		position: [0, 0],
		parameters: {},
		credentials: {
			[credentialType.name]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes([testNodeType]),
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);

	let response;
	try {
		response = await new RoutingNode(context, testNodeType, credentialsDecrypted).runNode();
	} catch (error) {
		return toFailureResult(error as RequestFailure, credentialTest.testRequest);
	}

	for (const rule of credentialTest.testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json ?? {};
		if (getPath(body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * Reads a dot-separated path such as `error.code` from an object.
 * NOTE: the server reads rule keys with lodash `get`, which also accepts brackets (`items[0].id`).
 */
function getPath(value: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(current, key) =>
				typeof current === 'object' && current !== null
					? (current as Record<string, unknown>)[key]
					: undefined,
			value,
		);
}
