import { ExternalSecretsProxy } from 'n8n-core';
import type { ExecutionLifecycleHooks } from 'n8n-core';
import { UnexpectedError } from 'n8n-workflow';
import type { ICredentialsHelper, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

/**
 * Base of the URLs n8n hands to nodes (webhooks, forms, REST API). Nodes only read these URLs,
 * and the harness serves none of them, so they point at loopback.
 */
const PLACEHOLDER_BASE_URL = 'http://127.0.0.1:5678/';

/**
 * Builds the `additionalData` the engine passes to every node: the services of a server,
 * reduced to what a run without a database needs. Features the harness does not provide
 * (sub-workflows, Code-node task runners) throw when a node reaches them.
 */
export function createAdditionalData(options: {
	credentialsHelper: ICredentialsHelper;
	hooks?: ExecutionLifecycleHooks;
	executionId?: string;
	workflowId?: string;
}): IWorkflowExecuteAdditionalData {
	const notSupported = (feature: string) => async (): Promise<never> => {
		throw new UnexpectedError(`${feature} is not supported by the test harness.`);
	};

	return {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		executionId: options.executionId,
		workflowId: options.workflowId,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: notSupported('Running a sub-workflow'),
		startRunnerTask: notSupported('Running a task on a task runner'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${PLACEHOLDER_BASE_URL}rest`,
		instanceBaseUrl: PLACEHOLDER_BASE_URL,
		formBaseUrl: `${PLACEHOLDER_BASE_URL}form`,
		formWaitingBaseUrl: `${PLACEHOLDER_BASE_URL}form-waiting`,
		formTestBaseUrl: `${PLACEHOLDER_BASE_URL}form-test`,
		webhookBaseUrl: `${PLACEHOLDER_BASE_URL}webhook`,
		webhookWaitingBaseUrl: `${PLACEHOLDER_BASE_URL}webhook-waiting`,
		webhookTestBaseUrl: `${PLACEHOLDER_BASE_URL}webhook-test`,
		mcpBaseUrl: `${PLACEHOLDER_BASE_URL}mcp`,
		mcpTestBaseUrl: `${PLACEHOLDER_BASE_URL}mcp-test`,
	};
}
