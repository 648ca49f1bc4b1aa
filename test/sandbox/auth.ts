import { API_KEY_PATTERN, KNOWN_SCOPES, type Scope } from './contract';
import { ApiError } from './errors';

/** An API key known to the sandbox, with what `GET /me` reports about it. */
export interface ApiKeyRecord {
	id: string;
	secret: string;
	name: string;
	scopes: Scope[];
	readOnly: boolean;
	revoked: boolean;
}

export const SANDBOX_WORKSPACE = { id: 'ws_sandbox', name: 'Sandbox Workspace' };

/** Creation and update time of every sandbox key, as reported by `GET /me`. */
export const KEY_TIMESTAMP = '2026-01-01T00:00:00.000Z';

const READ_SCOPES = KNOWN_SCOPES.filter((scope) => scope.endsWith('.read'));

/** Fixed sandbox keys, by their property name in `Sandbox.keys`. */
export const SANDBOX_KEY_RECORDS = {
	full: {
		id: 'key_full',
		secret: 'pb2b_test_full_sandboxFullAccessSecret01',
		name: 'Sandbox full access',
		scopes: [...KNOWN_SCOPES],
		readOnly: false,
		revoked: false,
	},
	readOnly: {
		id: 'key_readonly',
		secret: 'pb2b_test_readonly_sandboxReadOnlySecret01',
		name: 'Sandbox read-only',
		scopes: READ_SCOPES,
		readOnly: true,
		revoked: false,
	},
	noLeadsWrite: {
		id: 'key_noleadswrite',
		secret: 'pb2b_test_noleadswrite_sandboxNoLeadsWriteSecret01',
		name: 'Sandbox without leads.write',
		scopes: KNOWN_SCOPES.filter((scope) => scope !== 'leads.write'),
		readOnly: false,
		revoked: false,
	},
	revoked: {
		id: 'key_revoked',
		secret: 'pb2b_test_revoked_sandboxRevokedSecret01',
		name: 'Sandbox revoked',
		scopes: [...KNOWN_SCOPES],
		readOnly: false,
		revoked: true,
	},
} satisfies Record<string, ApiKeyRecord>;

export type SandboxKeyName = keyof typeof SANDBOX_KEY_RECORDS;

const KEYS_BY_SECRET = new Map<string, ApiKeyRecord>(
	Object.values(SANDBOX_KEY_RECORDS).map((record) => [record.secret, record]),
);

function unauthorized(message: string): ApiError {
	return new ApiError(401, 'unauthorized', message, undefined, { 'WWW-Authenticate': 'Bearer' });
}

/**
 * Returns the key named by an `Authorization: Bearer <key>` header, or throws the 401 that the
 * API sends for a missing, malformed, unknown or revoked key.
 */
export function authenticate(authorization: string | undefined): ApiKeyRecord {
	if (authorization === undefined || authorization.trim() === '') {
		throw unauthorized('Missing Authorization header. Send "Authorization: Bearer <api key>".');
	}

	// RFC 6750: the scheme name is case-insensitive and is followed by one or more spaces.
	const match = /^Bearer +(\S+)$/i.exec(authorization);
	if (!match) {
		throw unauthorized(
			'Malformed Authorization header. Expected "Bearer <api key>" with a single key.',
		);
	}

	const token = match[1];
	if (!API_KEY_PATTERN.test(token)) {
		throw unauthorized('Malformed API key. Keys have the form pb2b_<live|test>_<id>_<secret>.');
	}

	const record = KEYS_BY_SECRET.get(token);
	if (!record) {
		throw unauthorized('Invalid API key. Check the key or create a new one in Settings > API.');
	}

	if (record.revoked) {
		throw unauthorized('This API key has been revoked. Use the key that replaced it.');
	}

	return record;
}

/**
 * Throws the 403 for a key that may not call the route: `read_only_key` for any write with a
 * read-only key, otherwise `insufficient_scope` when the route's scope is missing.
 */
export function authorize(
	key: ApiKeyRecord,
	route: { method: string; path: string; scope: Scope; write: boolean },
): void {
	if (route.write && key.readOnly) {
		throw new ApiError(
			403,
			'read_only_key',
			`This API key is read-only, so ${route.method} ${route.path} is rejected. ` +
				'Use a key without read-only access for writes.',
		);
	}

	if (!key.scopes.includes(route.scope)) {
		throw new ApiError(
			403,
			'insufficient_scope',
			`This API key lacks the ${route.scope} scope that ${route.method} ${route.path} requires. ` +
				`Create a key with ${route.scope}.`,
			{ required_scope: route.scope },
		);
	}
}

/** Builds the `GET /me` object for a key. */
export function describeKey(key: ApiKeyRecord): Record<string, unknown> {
	return {
		id: key.id,
		object: 'api_key',
		name: key.name,
		scopes: [...key.scopes],
		read_only: key.readOnly,
		workspace: { ...SANDBOX_WORKSPACE },
		created_at: KEY_TIMESTAMP,
		updated_at: KEY_TIMESTAMP,
	};
}
