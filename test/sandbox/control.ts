import { CONTROL_PATH } from './contract';
import type { FaultMode, FaultOptions } from './faults';
import type { RawBody } from './http-io';
import type { Lead, SeedOptions } from './leads-store';
import type { RequestLogEntry } from './request-log';
import type { ControlHandler } from './server';

/** Operations that the control routes call. The `Sandbox` object provides them. */
export interface SandboxControls {
	reset(): void;
	seedLeads(count: number, options?: SeedOptions): Lead[];
	failNext(count: number, mode: FaultMode, options?: FaultOptions): void;
	readonly requests: RequestLogEntry[];
	leads(): Lead[];
	setRateLimit(perMinute: number | null): void;
}

/** A control request that cannot be carried out, sent back as 400 with the message. */
class ControlError extends Error {}

type ControlBody = Record<string, unknown>;

function parseControlBody(body: RawBody): ControlBody {
	if (body.text === '') {
		return {};
	}

	let parsed: unknown;
	try {
		parsed = JSON.parse(body.text);
	} catch {
		throw new ControlError('The control request body is not valid JSON.');
	}

	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new ControlError('The control request body must be a JSON object.');
	}

	return parsed as ControlBody;
}

function optionalOf<T>(body: ControlBody, name: string, type: 'string' | 'number'): T | undefined {
	const value = body[name];
	if (value === undefined) {
		return undefined;
	}

	if (typeof value !== type) {
		throw new ControlError(`${name} must be a ${type}, received ${JSON.stringify(value)}.`);
	}

	return value as T;
}

function requiredOf<T>(body: ControlBody, name: string, type: 'string' | 'number'): T {
	const value = optionalOf<T>(body, name, type);
	if (value === undefined) {
		throw new ControlError(`${name} is required.`);
	}

	return value;
}

type ControlRoute = (body: ControlBody) => unknown;

function controlRoutes(controls: SandboxControls): Record<string, ControlRoute> {
	return {
		'POST /reset': () => {
			controls.reset();
			return { ok: true };
		},
		'POST /seed': (body) => {
			const count = requiredOf<number>(body, 'count', 'number');
			const start = optionalOf<string>(body, 'start', 'string');
			const stepMs = optionalOf<number>(body, 'stepMs', 'number');
			return { data: controls.seedLeads(count, { start, stepMs }) };
		},
		'POST /faults': (body) => {
			const mode = requiredOf<FaultMode>(body, 'mode', 'string');
			const count = requiredOf<number>(body, 'count', 'number');
			controls.failNext(count, mode, {
				method: optionalOf<string>(body, 'method', 'string'),
				path: optionalOf<string>(body, 'path', 'string'),
				retryAfterSeconds: optionalOf<number>(body, 'retryAfterSeconds', 'number'),
			});
			return { ok: true };
		},
		'GET /requests': () => ({ data: controls.requests }),
		'GET /leads': () => ({ data: controls.leads() }),
		'POST /rate-limit': (body) => {
			if (!('perMinute' in body)) {
				throw new ControlError('perMinute is required: a positive integer, or null to switch off.');
			}
			const perMinute =
				body.perMinute === null ? null : requiredOf<number>(body, 'perMinute', 'number');
			controls.setRateLimit(perMinute);
			return { ok: true };
		},
	};
}

/**
 * Creates the handler of the control routes under the control prefix. They need no API key and
 * are not written to the request log. Errors come back as `{"error": {"message"}}`.
 */
export function createControlHandler(controls: SandboxControls): ControlHandler {
	const routes = controlRoutes(controls);

	return (method, url, body) => {
		const subPath = url.pathname.slice(CONTROL_PATH.length);
		const route = routes[`${method} ${subPath}`];

		if (!route) {
			const known = Object.keys(routes).map((name) => name.replace(' ', ` ${CONTROL_PATH}`));
			return {
				status: 404,
				body: {
					error: {
						message: `No control route ${method} ${url.pathname}. Known: ${known.join(', ')}.`,
					},
				},
			};
		}

		try {
			return { status: 200, body: route(parseControlBody(body)) };
		} catch (error) {
			if (error instanceof ControlError || error instanceof RangeError) {
				return { status: 400, body: { error: { message: error.message } } };
			}
			throw error;
		}
	};
}
