import { EXPORT_FORMATS, FILES_PATH, type ExportFormat } from './contract';
import { ApiError, describeValue, validationFailed, type FieldError } from './errors';
import type { ExportSettings } from './export-settings';
import type { ExportJob, ExportStore } from './exports-store';
import type { Lead, LeadStore } from './leads-store';
import { paginate, parseIsoTimestamp, parsePageQuery } from './pagination';
import type { ApiRequest, ApiResult, Router } from './router';
import type { ToleranceSettings } from './tolerance';

export interface ExportRoutesContext {
	leads: LeadStore;
	exports: ExportStore;
	settings: ExportSettings;
	tolerance: ToleranceSettings;
	/** Returns `http://127.0.0.1:<port>`, the origin of download URLs. */
	origin: () => string;
}

const EXPORTS_LIST = 'exports';
const WRITABLE_EXPORT_FIELDS = ['format', 'filters'];
const EXPORT_FILTERS = ['updated_after'];

function exportNotFound(id: string): ApiError {
	return new ApiError(404, 'export_not_found', `Export ${id} was not found. Check the export id.`, {
		export_id: id,
	});
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the path of an export's file below the origin. */
export function exportFilePath(job: { id: string; format: ExportFormat }): string {
	return `${FILES_PATH}/${job.id}/${job.id}.${job.format}`;
}

function parseFilters(value: unknown, errors: FieldError[]): { updated_after?: string } {
	if (value === undefined) {
		return {};
	}

	if (!isPlainObject(value)) {
		errors.push({
			field: 'filters',
			message: `filters must be a JSON object, received ${describeValue(value)}.`,
		});
		return {};
	}

	const filters: { updated_after?: string } = {};
	for (const name of Object.keys(value)) {
		if (!EXPORT_FILTERS.includes(name)) {
			errors.push({
				field: `filters.${name}`,
				message: `filters.${name} is not an export filter. Filters: ${EXPORT_FILTERS.join(', ')}.`,
			});
		}
	}

	if ('updated_after' in value) {
		const text = value.updated_after;
		const time = typeof text === 'string' ? parseIsoTimestamp(text) : null;
		if (time === null) {
			errors.push({
				field: 'filters.updated_after',
				message:
					'filters.updated_after must be an ISO-8601 date-time such as ' +
					`2026-03-10T00:00:00.000Z, received ${describeValue(text)}.`,
			});
		} else {
			filters.updated_after = new Date(time).toISOString();
		}
	}

	return filters;
}

/** Validates a `POST /exports` body. Throws 400 `validation_failed` naming each bad field. */
function parseExportInput(body: unknown): {
	format: ExportFormat;
	filters: { updated_after?: string };
} {
	if (!isPlainObject(body)) {
		throw validationFailed([
			{
				field: 'body',
				message: `The request body must be a JSON object, received ${describeValue(body)}.`,
			},
		]);
	}

	const errors: FieldError[] = [];
	for (const field of Object.keys(body)) {
		if (!WRITABLE_EXPORT_FIELDS.includes(field)) {
			errors.push({
				field,
				message: `${field} is not an export field. Fields: ${WRITABLE_EXPORT_FIELDS.join(', ')}.`,
			});
		}
	}

	const format = body.format;
	if (!(EXPORT_FORMATS as readonly unknown[]).includes(format)) {
		errors.push({
			field: 'format',
			message:
				format === undefined
					? `format is required: one of ${EXPORT_FORMATS.join(', ')}.`
					: `format must be one of ${EXPORT_FORMATS.join(', ')}, received ${describeValue(format)}.`,
		});
	}

	const filters = parseFilters(body.filters, errors);

	if (errors.length > 0) {
		throw validationFailed(errors);
	}

	return { format: format as ExportFormat, filters };
}

/** Orders leads like `GET /leads`: by `(updated_at, id)` ascending. */
function compareLeads(a: Lead, b: Lead): number {
	if (a.updated_at !== b.updated_at) {
		return a.updated_at < b.updated_at ? -1 : 1;
	}
	return a.id < b.id ? -1 : 1;
}

function createExport(context: ExportRoutesContext, request: ApiRequest): ApiResult {
	const input = parseExportInput(request.body);
	const updatedAfter = input.filters.updated_after;

	const rows = context.leads
		.all()
		.filter((lead) => updatedAfter === undefined || lead.updated_at > updatedAfter)
		.sort(compareLeads);

	const settings = context.settings.values;
	const job = context.exports.create({
		format: input.format,
		filters: input.filters,
		rows,
		readiness: settings.readiness,
		failureMessage: context.settings.takeFailure(),
	});

	return { status: context.tolerance.switches.createStatus, body: { data: job } };
}

function listExports(context: ExportRoutesContext, request: ApiRequest): ApiResult {
	const { limit, after } = parsePageQuery(EXPORTS_LIST, request.query, {});
	const page = paginate(EXPORTS_LIST, context.exports.all(), {
		limit,
		after,
		filters: {},
		orderBy: 'created_at',
	});

	return { status: 200, body: { ...page } };
}

function getExport(context: ExportRoutesContext, request: ApiRequest): ApiResult {
	const job = context.exports.get(request.params.export_id);
	if (!job) {
		throw exportNotFound(request.params.export_id);
	}

	return { status: 200, body: { data: job } };
}

/**
 * Builds the download object. For a failed export, the probe returns 200 with `download_ready: false`,
 * `status: 'failed'` and its `error_message`, and without `retry_after_seconds`, because
 * polling again cannot help.
 */
function describeDownload(context: ExportRoutesContext, job: ExportJob): Record<string, unknown> {
	const download: Record<string, unknown> = {
		export_id: job.id,
		object: 'export_download',
		download_ready: job.status === 'completed',
		status: job.status,
	};

	if (job.status === 'completed') {
		const { token, expiresAt } = context.exports.issueToken(
			job.id,
			context.settings.values.urlTtlMs,
		);
		download.download_url = `${context.origin()}${exportFilePath(job)}?token=${token}`;
		download.expires_at = new Date(expiresAt).toISOString();
	} else if (job.status === 'failed') {
		download.error_message = job.error_message;
	} else {
		const retryAfterSeconds = context.settings.values.retryAfterSeconds;
		if (retryAfterSeconds > 0) {
			download.retry_after_seconds = retryAfterSeconds;
		}
	}

	return download;
}

function probeDownload(context: ExportRoutesContext, request: ApiRequest): ApiResult {
	const job = context.exports.probe(request.params.export_id);
	if (!job) {
		throw exportNotFound(request.params.export_id);
	}

	return { status: 200, body: { data: describeDownload(context, job) } };
}

/** Adds the export routes: create, list, get and the download probe. */
export function registerExportRoutes(router: Router, context: ExportRoutesContext): void {
	router.add({
		method: 'GET',
		path: '/exports',
		scope: 'leads.export',
		query: ['limit', 'cursor'],
		handler: (request) => listExports(context, request),
	});
	router.add({
		method: 'POST',
		path: '/exports',
		scope: 'leads.export',
		handler: (request) => createExport(context, request),
	});
	router.add({
		method: 'GET',
		path: '/exports/{export_id}',
		scope: 'leads.export',
		handler: (request) => getExport(context, request),
	});
	router.add({
		method: 'GET',
		path: '/exports/{export_id}/download',
		scope: 'leads.export',
		handler: (request) => probeDownload(context, request),
	});
}
