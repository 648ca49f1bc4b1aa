import { CONTROL_PATH } from './contract';
import {
	ControlError,
	optionalOf,
	parseControlBody,
	requiredOf,
	type ControlBody,
	type ControlRoute,
} from './control-body';
import { exportControlRoutes, type ExportControls } from './control-exports';
import { webhookControlRoutes, type WebhookControls } from './control-webhooks';
import type { FaultMode, FaultOptions } from './faults';
import type { Lead, SeedOptions } from './leads-store';
import type { RequestLogEntry } from './request-log';
import type { ControlHandler } from './server';
import type { ToleranceSwitches } from './tolerance';

/** Operations that the control routes call. The `Sandbox` object provides them. */
export interface SandboxControls extends WebhookControls, ExportControls {
	reset(): void;
	seedLeads(count: number, options?: SeedOptions): Lead[];
	failNext(count: number, mode: FaultMode, options?: FaultOptions): void;
	readonly requests: RequestLogEntry[];
	leads(): Lead[];
	setRateLimit(perMinute: number | null): void;
	readonly tolerance: ToleranceSwitches;
	setTolerance(switches: Partial<ToleranceSwitches>): void;
}

const TOLERANCE_FIELD_TYPES = {
	createStatus: 'number',
	deleteStatus: 'number',
	omitNextCursor: 'boolean',
	requestIdInHeaderOnly: 'boolean',
	extraFields: 'boolean',
} as const;

/** Reads the tolerance switches of a control body. Unknown names are rejected. */
function parseToleranceBody(body: ControlBody): Partial<ToleranceSwitches> {
	const switches: Record<string, unknown> = {};
	for (const name of Object.keys(body)) {
		if (!(name in TOLERANCE_FIELD_TYPES)) {
			const known = Object.keys(TOLERANCE_FIELD_TYPES).join(', ');
			throw new ControlError(`Unknown tolerance switch ${name}. Known: ${known}.`);
		}
		const type = TOLERANCE_FIELD_TYPES[name as keyof typeof TOLERANCE_FIELD_TYPES];
		switches[name] = optionalOf(body, name, type);
	}
	return switches as Partial<ToleranceSwitches>;
}

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
		'GET /tolerance': () => ({ data: controls.tolerance }),
		'POST /tolerance': (body) => {
			controls.setTolerance(parseToleranceBody(body));
			return { data: controls.tolerance };
		},
		...webhookControlRoutes(controls),
		...exportControlRoutes(controls),
	};
}

/**
 * Creates the handler of the control routes under the control prefix. They need no API key and
 * are not written to the request log. Errors come back as `{"error": {"message"}}`.
 */
export function createControlHandler(controls: SandboxControls): ControlHandler {
	const routes = controlRoutes(controls);

	return async (method, url, body) => {
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
			return { status: 200, body: await route(parseControlBody(body)) };
		} catch (error) {
			if (error instanceof ControlError || error instanceof RangeError) {
				return { status: 400, body: { error: { message: error.message } } };
			}
			throw error;
		}
	};
}
