import type { INode } from 'n8n-workflow';

import { createApiError, createTransportError } from '../../nodes/shared/errors';

const node: INode = {
	id: 'node-1',
	name: 'ProspectB2B',
	type: 'n8n-nodes-prospectb2b.prospectB2B',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const context = { itemIndex: 2, action: 'create the lead', requiredScope: 'leads.write' };

function errorBody(code: string, message: string) {
	return { error: { code, message }, request_id: 'req_123' };
}

describe('createApiError', () => {
	test('401 tells the user to fix the key', () => {
		const error = createApiError(node, 401, errorBody('unauthorized', 'Bad key'), {}, context);
		expect(error.message).toMatch(/API key was rejected/);
		expect(error.description).toMatch(/credential/);
		expect(error.description).toMatch(/req_123/);
		expect(error.httpCode).toBe('401');
	});

	test('403 names the scope and Account > Get', () => {
		const error = createApiError(node, 403, errorBody('read_only_key', 'No'), {}, context);
		expect(error.message).toMatch(/not allowed to create the lead/);
		expect(error.description).toMatch(/leads\.write/);
		expect(error.description).toMatch(/Account > Get/);
	});

	test('404 names the object and id', () => {
		const error = createApiError(
			node,
			404,
			errorBody('lead_not_found', 'x'),
			{},
			{
				...context,
				action: 'get the lead',
				objectName: 'lead',
				objectId: 'lead_404',
			},
		);
		expect(error.message).toBe('The lead "lead_404" was not found');
	});

	test('409 names the reused key', () => {
		const error = createApiError(
			node,
			409,
			errorBody('idempotency_conflict', 'x'),
			{},
			{
				...context,
				idempotencyKey: 'lead-create-001',
			},
		);
		expect(error.message).toMatch(/"lead-create-001" was already used with a different/);
	});

	test('429 gives Retry-After and request id', () => {
		const error = createApiError(
			node,
			429,
			errorBody('rate_limited', 'Slow down'),
			{
				'retry-after': '7',
			},
			context,
		);
		expect(error.message).toMatch(/rate limit/);
		expect(error.description).toMatch(/7 seconds/);
		expect(error.description).toMatch(/req_123/);
	});

	test('reads the request id from the header', () => {
		const error = createApiError(node, 500, 'Bad gateway', { 'x-request-id': 'req_hdr' }, context);
		expect(error.description).toMatch(/req_hdr/);
	});

	test('keeps the item index', () => {
		const error = createApiError(node, 400, errorBody('validation_failed', 'x'), {}, context);
		expect(error.context.itemIndex).toBe(2);
	});

	test('masks a key echoed by the API', () => {
		const body = errorBody('unauthorized', 'Key pb2b_live_abc_secretvalue is revoked');
		const error = createApiError(node, 401, body, {}, context);
		expect(JSON.stringify(error)).not.toContain('secretvalue');
		expect(error.description).not.toContain('secretvalue');
	});
});

describe('createTransportError', () => {
	test('keeps only the code and message', () => {
		const cause = Object.assign(new Error('socket hang up'), {
			code: 'ECONNRESET',
			config: { headers: { Authorization: 'Bearer pb2b_test_x_secret' } },
		});
		const error = createTransportError(node, cause, context, 1);
		expect(error.description).toMatch(/ECONNRESET/);
		expect(JSON.stringify(error)).not.toContain('pb2b_test_x_secret');
	});
});
