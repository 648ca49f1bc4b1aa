import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './contract';
import { ApiError, describeValue, validationFailed } from './errors';

/** An item of a list. Every API object has both timestamps. */
export interface ListItem {
	id: string;
	created_at: string;
	updated_at: string;
}

/**
 * The timestamp a list is ordered by, ascending, with `id` breaking ties. Leads use `updated_at`
 * so that an incremental sync receives changed rows again. Webhooks, deliveries and exports use
 * `created_at` (assumed), so a row keeps its place while its status changes.
 */
export type OrderKey = 'created_at' | 'updated_at';

/** A position in a list: the order key value and id of the last item on a page. */
export interface ListPosition {
	orderValue: string;
	id: string;
}

/** Filter values a cursor is bound to, normalized so that equal filters compare equal. */
export type ListFilters = Record<string, string | null>;

/** A list page body: `{data, pagination: {next_cursor, has_more}}`. */
export interface ListPage<T> {
	data: T[];
	pagination: { next_cursor: string | null; has_more: boolean };
}

interface CursorPayload {
	v: 1;
	list: string;
	order_value: string;
	id: string;
	filters: ListFilters;
}

/** Parses the `limit` query parameter: an integer from 1 to the maximum page size. */
export function parseLimit(value: string | undefined): number {
	if (value === undefined) {
		return DEFAULT_PAGE_LIMIT;
	}

	const limit = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
	if (!(limit >= 1 && limit <= MAX_PAGE_LIMIT)) {
		throw validationFailed([
			{
				field: 'limit',
				message: `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}, received ${describeValue(value)}.`,
			},
		]);
	}

	return limit;
}

const ISO_TIMESTAMP_PATTERN =
	/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an ISO-8601 date-time with seconds and a `Z` or `±hh:mm` offset, and returns it in ms
 * since the epoch. Digits beyond milliseconds are dropped. Returns null for anything else,
 * including impossible dates such as 2026-02-30.
 */
export function parseIsoTimestamp(value: string): number | null {
	const match = ISO_TIMESTAMP_PATTERN.exec(value);
	if (!match) {
		return null;
	}

	const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
	const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
	const local = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds);
	const check = new Date(local);

	const isRealTime =
		check.getUTCFullYear() === year &&
		check.getUTCMonth() === month - 1 &&
		check.getUTCDate() === day &&
		hour <= 23 &&
		minute <= 59 &&
		second <= 59;
	if (!isRealTime) {
		return null;
	}

	if (match[8] === 'Z') {
		return local;
	}

	const offsetHours = Number(match[10]);
	const offsetMinutes = Number(match[11]);
	if (offsetHours > 23 || offsetMinutes > 59) {
		return null;
	}

	const sign = match[9] === '+' ? 1 : -1;
	return local - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

function invalidCursor(reason: string): ApiError {
	return new ApiError(400, 'invalid_cursor', `Invalid cursor: ${reason}`, { field: 'cursor' });
}

/** Encodes the position after `position` and the filters of the list it came from. */
export function encodeCursor(list: string, position: ListPosition, filters: ListFilters): string {
	const payload: CursorPayload = {
		v: 1,
		list,
		order_value: position.orderValue,
		id: position.id,
		filters,
	};
	return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/**
 * Decodes a cursor and returns the position it continues after. Throws 400 `invalid_cursor` for a
 * cursor this list did not issue, or one issued with other filters: a client must send the same
 * filters on every page.
 */
export function decodeCursor(list: string, cursor: string, filters: ListFilters): ListPosition {
	if (!/^[A-Za-z0-9_-]+$/.test(cursor)) {
		throw invalidCursor('it is not a cursor issued by this API. Send next_cursor unchanged.');
	}

	let payload: unknown;
	try {
		payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
	} catch {
		throw invalidCursor('it is not a cursor issued by this API. Send next_cursor unchanged.');
	}

	if (!isCursorPayload(payload) || payload.list !== list) {
		throw invalidCursor('it is not a cursor issued by this list. Send next_cursor unchanged.');
	}

	for (const name of new Set([...Object.keys(filters), ...Object.keys(payload.filters)])) {
		const issued = payload.filters[name] ?? null;
		const sent = filters[name] ?? null;
		if (issued !== sent) {
			throw invalidCursor(
				`it was issued for ${name}=${describeValue(issued)} but this request has ` +
					`${name}=${describeValue(sent)}. Send the same filters on every page.`,
			);
		}
	}

	return { orderValue: payload.order_value, id: payload.id };
}

function isCursorPayload(value: unknown): value is CursorPayload {
	if (typeof value !== 'object' || value === null) {
		return false;
	}

	const candidate = value as Record<string, unknown>;
	const filters = candidate.filters;
	return (
		candidate.v === 1 &&
		typeof candidate.list === 'string' &&
		typeof candidate.order_value === 'string' &&
		typeof candidate.id === 'string' &&
		typeof filters === 'object' &&
		filters !== null &&
		Object.values(filters).every((filter) => filter === null || typeof filter === 'string')
	);
}

function comparePositions(a: ListPosition, b: ListPosition): number {
	if (a.orderValue !== b.orderValue) {
		return a.orderValue < b.orderValue ? -1 : 1;
	}

	if (a.id === b.id) {
		return 0;
	}

	return a.id < b.id ? -1 : 1;
}

/**
 * Returns one page of `items` (already filtered) in `(orderBy, id)` order, starting after
 * `after`. `orderBy` defaults to `updated_at`. Because the order key is the position itself, a
 * walk neither skips nor repeats an item that stays unchanged. When the list is ordered by
 * `updated_at`, a changed item moves to the end and appears again.
 */
export function paginate<T extends ListItem>(
	list: string,
	items: T[],
	options: { limit: number; after: ListPosition | null; filters: ListFilters; orderBy?: OrderKey },
): ListPage<T> {
	const orderBy = options.orderBy ?? 'updated_at';
	const positionOf = (item: T): ListPosition => ({ orderValue: item[orderBy], id: item.id });

	const remaining = [...items]
		.sort((a, b) => comparePositions(positionOf(a), positionOf(b)))
		.filter(
			(item) => options.after === null || comparePositions(positionOf(item), options.after) > 0,
		);
	const data = remaining.slice(0, options.limit);
	const hasMore = remaining.length > options.limit;
	const last = data[data.length - 1];

	return {
		data,
		pagination: {
			next_cursor: hasMore ? encodeCursor(list, positionOf(last), options.filters) : null,
			has_more: hasMore,
		},
	};
}

/** Parses `limit` and `cursor` of a list request whose filters are already parsed. */
export function parsePageQuery(
	list: string,
	query: Map<string, string>,
	filters: ListFilters,
): { limit: number; after: ListPosition | null } {
	const limit = parseLimit(query.get('limit'));
	const cursor = query.get('cursor');
	const after = cursor === undefined ? null : decodeCursor(list, cursor, filters);

	return { limit, after };
}
