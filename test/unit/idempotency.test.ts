import { deriveIdempotencyKey, findIdempotencyKeyProblem } from '../../nodes/shared/idempotency';

const scope = {
	instanceId: 'instance',
	workflowId: 'wf1',
	executionId: '42',
	nodeId: 'node-uuid',
	runIndex: 0,
	itemIndex: 3,
};

describe('deriveIdempotencyKey', () => {
	test('is stable for the same scope', () => {
		expect(deriveIdempotencyKey(scope)).toBe(deriveIdempotencyKey({ ...scope }));
	});

	test.each(['instanceId', 'workflowId', 'executionId', 'nodeId'] as const)(
		'changes with %s',
		(field) => {
			expect(deriveIdempotencyKey({ ...scope, [field]: 'other' })).not.toBe(
				deriveIdempotencyKey(scope),
			);
		},
	);

	test('changes with the item and run index', () => {
		const base = deriveIdempotencyKey(scope);
		expect(deriveIdempotencyKey({ ...scope, itemIndex: 4 })).not.toBe(base);
		expect(deriveIdempotencyKey({ ...scope, runIndex: 1 })).not.toBe(base);
	});

	test('fits the header limit', () => {
		const key = deriveIdempotencyKey(scope);
		expect(key.length).toBeLessThanOrEqual(255);
		expect(findIdempotencyKeyProblem(key)).toBeUndefined();
	});
});

describe('findIdempotencyKeyProblem', () => {
	test('accepts the quickstart key', () => {
		expect(findIdempotencyKeyProblem('lead-create-001')).toBeUndefined();
	});

	test('rejects an empty key', () => {
		expect(findIdempotencyKeyProblem('   ')).toMatch(/empty/);
	});

	test('rejects 256 characters', () => {
		expect(findIdempotencyKeyProblem('k'.repeat(256))).toMatch(/256 characters/);
	});

	test('accepts 255 characters', () => {
		expect(findIdempotencyKeyProblem('k'.repeat(255))).toBeUndefined();
	});

	test('rejects non-ASCII text', () => {
		expect(findIdempotencyKeyProblem('clé')).toMatch(/ASCII/);
	});
});
