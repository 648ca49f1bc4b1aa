/**
 * Test harness that runs node types through n8n's real execution engine in-process
 * (n8n-core's `WorkflowExecute` and `RoutingNode`), with credentials applied as n8n's server
 * applies them and HTTP requests sent for real, for example to a `startLoopbackServer` server.
 */
export { runNode, runWorkflow, TRIGGER_NODE_NAME } from './run-workflow';
export type {
	HarnessCredential,
	RunNodeOptions,
	RunWorkflowOptions,
	RunWorkflowResult,
} from './run-workflow';
export { testCredential } from './credential-test';
export type { TestCredentialOptions, TestCredentialResult } from './credential-test';
export { startLoopbackServer } from './loopback-server';
export type {
	LoopbackHandler,
	LoopbackResponse,
	LoopbackServer,
	RecordedRequest,
} from './loopback-server';
export { MANUAL_TRIGGER_TYPE, NO_OP_TYPE } from './node-types';
export { TriggerHarness } from './trigger';
export type {
	HookMethod,
	PollOptions,
	TriggerHarnessOptions,
	WebhookCall,
	WebhookCallResult,
	WebhookKind,
} from './trigger';
export { startWebhookReceiver } from './webhook-receiver';
export type { ReceivedCall, WebhookReceiver } from './webhook-receiver';
