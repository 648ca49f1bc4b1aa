import { errorResponse, type OutgoingResponse } from './api-pipeline';
import { FILES_PATH } from './contract';
import { ApiError } from './errors';
import { exportFilePath } from './exports-routes';
import type { ExportStore } from './exports-store';
import type { Lead } from './leads-store';

/** CSV columns of a lead export, in order. */
export const CSV_COLUMNS = [
	'id',
	'full_name',
	'email',
	'company_name',
	'job_title',
	'phone',
	'website',
	'linkedin_url',
	'status',
	'tags',
	'custom_fields',
	'created_at',
	'updated_at',
] as const;

/** Quotes a CSV field when it contains a comma, a double quote or a line break (RFC 4180). */
function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Renders leads as CSV with a header row and CRLF line ends (RFC 4180). Null is an empty field,
 * tags are joined with `;`, and custom_fields is its JSON text.
 * NOTE: assumed layout, because the real export's columns are not published.
 */
export function renderCsv(leads: Lead[]): string {
	const lines = [CSV_COLUMNS.join(',')];

	for (const lead of leads) {
		const fields = CSV_COLUMNS.map((column) => {
			const value = lead[column];
			if (column === 'tags') {
				return csvField(lead.tags.join(';'));
			}
			if (column === 'custom_fields') {
				return csvField(JSON.stringify(lead.custom_fields));
			}
			return csvField(value === null ? '' : String(value));
		});
		lines.push(fields.join(','));
	}

	return `${lines.join('\r\n')}\r\n`;
}

function forbidden(code: string, message: string): ApiError {
	return new ApiError(403, code, message);
}

/**
 * Serves `GET /__files/<export id>/<export id>.<format>?token=...`, the `download_url` of a
 * completed export. Like a pre-signed URL, it needs the token and no API key. A missing, wrong
 * or expired token gets 403.
 */
export function serveExportFile(
	exports: ExportStore,
	method: string,
	url: URL,
	requestId: string,
): OutgoingResponse {
	const notFound = new ApiError(404, 'not_found', `No file at ${url.pathname}. Check the URL.`);
	const segments = url.pathname.slice(FILES_PATH.length).split('/');
	if (segments.length !== 3 || segments[0] !== '') {
		return errorResponse(notFound, requestId, {});
	}

	if (method !== 'GET') {
		const notAllowed = new ApiError(
			405,
			'method_not_allowed',
			`Method ${method} is not allowed on an export file. Allowed: GET.`,
			undefined,
			{ Allow: 'GET' },
		);
		return errorResponse(notAllowed, requestId, {});
	}

	const exportId = segments[1];
	const token = url.searchParams.get('token');
	if (token === null || token === '') {
		const error = forbidden(
			'download_token_missing',
			'This download URL has no token. Use the download_url from the export download endpoint unchanged.',
		);
		return errorResponse(error, requestId, {});
	}

	const check = exports.checkToken(exportId, token);
	if (check === 'invalid') {
		const error = forbidden(
			'download_token_invalid',
			'The download token is not valid for this export. Use the download_url unchanged.',
		);
		return errorResponse(error, requestId, {});
	}

	if (check === 'expired') {
		const error = forbidden(
			'download_url_expired',
			'This download URL has expired. Call the export download endpoint again for a new one.',
		);
		return errorResponse(error, requestId, {});
	}

	const job = exports.get(exportId);
	const rows = exports.rows(exportId);
	if (!job || !rows || url.pathname !== exportFilePath(job)) {
		return errorResponse(notFound, requestId, {});
	}

	const isCsv = job.format === 'csv';
	const content = isCsv ? renderCsv(rows) : JSON.stringify(rows);
	return {
		status: 200,
		body: { request_id: requestId },
		headers: {},
		replayed: false,
		file: {
			contentType: isCsv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
			filename: `${job.id}.${job.format}`,
			content,
		},
	};
}
