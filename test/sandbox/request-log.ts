/** One request received under the API (every path except the control routes). */
export interface RequestLogEntry {
	method: string;
	/** Full path without the query string, e.g. `/api/public/v1/leads`. */
	path: string;
	/** Query parameters. A parameter sent more than once has an array of its values. */
	query: Record<string, string | string[]>;
	/** Request headers with lower-cased names. Repeated headers are joined with ", ". */
	headers: Record<string, string>;
	/** Parsed JSON body, the raw text when it is not valid JSON, or undefined when empty. */
	body: unknown;
	/**
	 * Status sent, `dropped` when the socket was destroyed, `hung` when no response will be sent, or
	 * null while the request is in progress.
	 */
	status: number | 'dropped' | 'hung' | null;
	idempotencyKey: string | null;
	/** Whether the response was a replay of a stored idempotent response. */
	replayed: boolean;
	/** `request_id` sent in the response. A replay sends the id of the first response. */
	requestId: string;
	/** Arrival time, ISO-8601 UTC. */
	timestamp: string;
	/** Stack of an unexpected exception in the sandbox that turned into a 500. */
	internalError?: string;
}

/** Ordered log of API requests, oldest first. */
export class RequestLog {
	private entries: RequestLogEntry[] = [];

	constructor(private readonly onComplete?: (entry: RequestLogEntry) => void) {}

	add(entry: RequestLogEntry): void {
		this.entries.push(entry);
	}

	/** Sets the entry's final status and reports the entry to the `onComplete` listener. */
	complete(entry: RequestLogEntry, status: RequestLogEntry['status']): void {
		entry.status = status;
		this.onComplete?.(structuredClone(entry));
	}

	/** Returns deep copies of the entries, so callers cannot change the log. */
	list(): RequestLogEntry[] {
		return structuredClone(this.entries);
	}

	reset(): void {
		this.entries = [];
	}
}
