import {
	nullableOf,
	optionalOf,
	rejectUnknownFields,
	type ControlBody,
	type ControlRoute,
} from './control-body';
import type { ExportOptions } from './export-settings';
import type { ExportJob, ExportReadiness } from './exports-store';

/** Export operations that the control routes call. */
export interface ExportControls {
	exports(): ExportJob[];
	readonly exportSettings: Required<ExportOptions>;
	setExportSettings(options: ExportOptions): void;
	failNextExport(message?: string): void;
}

/** Reads `afterProbes` or `afterMs` of a control body into an export readiness rule. */
function parseReadiness(body: ControlBody): ExportReadiness | undefined {
	const afterProbes = optionalOf<number>(body, 'afterProbes', 'number');
	const afterMs = optionalOf<number>(body, 'afterMs', 'number');

	if (afterProbes !== undefined && afterMs !== undefined) {
		throw new RangeError('Send afterProbes or afterMs, not both.');
	}
	if (afterProbes !== undefined) {
		return { afterProbes };
	}
	return afterMs === undefined ? undefined : { afterMs };
}

/** Control routes for exports. */
export function exportControlRoutes(controls: ExportControls): Record<string, ControlRoute> {
	return {
		'GET /exports': () => ({ data: controls.exports() }),
		'GET /export-settings': () => ({ data: controls.exportSettings }),
		'POST /export-settings': (body) => {
			rejectUnknownFields(body, [
				'afterProbes',
				'afterMs',
				'retryAfterSeconds',
				'urlTtlMs',
				'failureMessage',
			]);
			controls.setExportSettings({
				readiness: parseReadiness(body),
				retryAfterSeconds: optionalOf<number>(body, 'retryAfterSeconds', 'number'),
				urlTtlMs: optionalOf<number>(body, 'urlTtlMs', 'number'),
				failureMessage: nullableOf<string>(body, 'failureMessage', 'string'),
			});
			return { data: controls.exportSettings };
		},
		'POST /export-failures': (body) => {
			rejectUnknownFields(body, ['message']);
			controls.failNextExport(optionalOf<string>(body, 'message', 'string'));
			return { ok: true };
		},
	};
}
