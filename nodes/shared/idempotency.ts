import { createHash } from 'node:crypto';

import { IDEMPOTENCY_KEY_MAX_LENGTH } from './contract';

export interface IdempotencyScope {
	instanceId: string;
	workflowId: string;
	executionId: string;
	nodeId: string;
	runIndex: number;
	itemIndex: number;
}

/**
 * Derives the Idempotency-Key of one item's write.
 *
 * The key depends only on where the write happens (instance, workflow, execution, node, run and
 * item), never on the body. n8n's "Retry On Fail" runs the node again inside the same execution
 * and run, so every attempt for an item sends the same key and the API replays the first result
 * instead of creating a second record. A new execution gets new keys.
 */
export function deriveIdempotencyKey(scope: IdempotencyScope): string {
	const digest = createHash('sha256')
		.update(
			JSON.stringify([
				scope.instanceId,
				scope.workflowId,
				scope.executionId,
				scope.nodeId,
				scope.runIndex,
				scope.itemIndex,
			]),
		)
		.digest('hex');
	return `n8n-${digest}`;
}

/** Returns why a user-set key cannot be sent, or undefined when it can. */
export function findIdempotencyKeyProblem(key: string): string | undefined {
	if (key.trim() === '') return 'it is empty';
	if (key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
		return `it has ${key.length} characters and the maximum is ${IDEMPOTENCY_KEY_MAX_LENGTH}`;
	}
	// HTTP header values cannot carry control characters or, in Node's client, non-ASCII text.
	if (/[^\x20-\x7e]/.test(key)) return 'it contains characters other than printable ASCII';
	return undefined;
}
