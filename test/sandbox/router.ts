import type { ApiKeyRecord } from './auth';
import type { Scope } from './contract';
import { ApiError } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** An authenticated API request, as passed to a route handler. */
export interface ApiRequest {
	method: HttpMethod;
	/** Full path, e.g. `/api/public/v1/leads/lead_00000001`. */
	path: string;
	/** Path parameters by placeholder name, already URL-decoded. */
	params: Record<string, string>;
	/** Query parameters, each present at most once and each listed in the route's `query`. */
	query: Map<string, string>;
	/** Parsed JSON body, or undefined when the request has none. */
	body: unknown;
	apiKey: ApiKeyRecord;
}

/** A successful response. The server adds `request_id` to the body. */
export interface ApiResult {
	status: number;
	body: Record<string, unknown>;
}

export interface RouteDefinition {
	method: HttpMethod;
	/** Path below the base path, with `{name}` placeholders for one segment each. */
	path: string;
	scope: Scope;
	/** Query parameters the route accepts. Any other parameter is rejected with 400. */
	query?: readonly string[];
	handler: (request: ApiRequest) => ApiResult | Promise<ApiResult>;
}

/** A route matched to a request path. */
export interface MatchedRoute {
	route: RouteDefinition;
	params: Record<string, string>;
	/** Whether the route changes data, so a read-only key may not call it. */
	write: boolean;
}

interface CompiledRoute {
	definition: RouteDefinition;
	segments: string[];
}

/** Maps method and path to route handlers. Feature modules add their routes with `add`. */
export class Router {
	private readonly routes: CompiledRoute[] = [];

	add(definition: RouteDefinition): void {
		const duplicate = this.routes.find(
			(route) =>
				route.definition.method === definition.method && route.definition.path === definition.path,
		);
		if (duplicate) {
			throw new Error(`Route ${definition.method} ${definition.path} is already registered.`);
		}

		this.routes.push({ definition, segments: definition.path.split('/').slice(1) });
	}

	/**
	 * Finds the route for a path below the base path. Throws 404 `not_found` when no route has the
	 * path and 405 `method_not_allowed` (with an `Allow` header) when it has other methods only.
	 */
	match(method: string, subPath: string): MatchedRoute {
		const requestSegments = subPath.split('/').slice(1);
		const allowed: string[] = [];

		for (const route of this.routes) {
			const params = matchSegments(route.segments, requestSegments);
			if (!params) {
				continue;
			}

			if (route.definition.method === method) {
				return { route: route.definition, params, write: method !== 'GET' };
			}

			allowed.push(route.definition.method);
		}

		if (allowed.length === 0) {
			throw new ApiError(404, 'not_found', `No API route matches ${subPath}. Check the path.`);
		}

		const allow = [...new Set(allowed)].join(', ');
		throw new ApiError(
			405,
			'method_not_allowed',
			`Method ${method} is not allowed on ${subPath}. Allowed: ${allow}.`,
			undefined,
			{ Allow: allow },
		);
	}
}

/** Returns the placeholder values when the segments match, or null. */
function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
	if (pattern.length !== actual.length) {
		return null;
	}

	const params: Record<string, string> = {};
	for (let i = 0; i < pattern.length; i++) {
		const placeholder = /^\{(\w+)\}$/.exec(pattern[i]);

		if (!placeholder) {
			if (pattern[i] !== actual[i]) {
				return null;
			}
			continue;
		}

		const value = decodeSegment(actual[i]);
		if (value === null || value === '') {
			return null;
		}
		params[placeholder[1]] = value;
	}

	return params;
}

function decodeSegment(segment: string): string | null {
	try {
		return decodeURIComponent(segment);
	} catch {
		return null;
	}
}
