import { randomBytes } from 'node:crypto';

import type { ExportFormat } from './contract';
import type { Lead } from './leads-store';

export type ExportStatus = 'queued' | 'processing' | 'completed' | 'failed';

/** An export job as the API returns it. */
export interface ExportJob {
	id: string;
	object: 'export';
	status: ExportStatus;
	format: ExportFormat;
	/** The filters as sent, normalized. `{}` when none were sent. */
	filters: { updated_after?: string };
	/** Number of exported leads once completed, otherwise null. */
	row_count: number | null;
	error_message: string | null;
	created_at: string;
	updated_at: string;
}

/**
 * When an export becomes ready. With `afterProbes: N` the first N download probes return not
 * ready and probe N + 1 finds it ready. With `afterMs` it is ready once that many ms of the
 * sandbox clock have passed since creation, checked on every read and by a timer.
 */
export type ExportReadiness = { afterProbes: number } | { afterMs: number };

interface StoredExport extends ExportJob {
	/** The leads that matched the filters at creation, in list order. */
	rows: Lead[];
	readiness: ExportReadiness;
	/** When set, the export fails with this message instead of completing. */
	failureMessage: string | null;
	probes: number;
}

/** Result of checking a download token against an export. */
export type TokenCheck = 'valid' | 'invalid' | 'expired';

/** Throws RangeError unless `readiness` is `{afterProbes}` or `{afterMs}` with a whole number. */
export function validateReadiness(readiness: ExportReadiness): void {
	const entries = Object.entries(readiness ?? {});
	const [name, value] = entries[0] ?? [];
	const valid =
		entries.length === 1 &&
		(name === 'afterProbes' || name === 'afterMs') &&
		Number.isInteger(value) &&
		(value as number) >= 0;

	if (!valid) {
		throw new RangeError(
			`Invalid export readiness ${JSON.stringify(readiness)}: expected {afterProbes: N} or ` +
				'{afterMs: N} with a whole number of 0 or more.',
		);
	}
}

/** In-memory export jobs and their download tokens. Every method returns copies. */
export class ExportStore {
	private exports = new Map<string, StoredExport>();
	private tokens = new Map<string, { exportId: string; expiresAt: number }>();
	private timers = new Set<NodeJS.Timeout>();
	private lastSequence = 0;

	/** `onFinished` runs once when an export completes or fails. */
	constructor(
		private readonly now: () => number,
		private readonly onFinished: (job: ExportJob) => void,
	) {}

	reset(): void {
		this.cancelTimers();
		this.exports.clear();
		this.tokens.clear();
		this.lastSequence = 0;
	}

	/** Stops the readiness timers. Exports that are due still finish on their next read. */
	cancelTimers(): void {
		for (const timer of this.timers) {
			clearTimeout(timer);
		}
		this.timers.clear();
	}

	all(): ExportJob[] {
		return [...this.exports.keys()].map((id) => this.refresh(id) as ExportJob);
	}

	/** Returns the export after applying time-based readiness, or undefined for an unknown id. */
	get(id: string): ExportJob | undefined {
		return this.refresh(id);
	}

	/** Returns copies of the rows of an export, or undefined for an unknown id. */
	rows(id: string): Lead[] | undefined {
		const job = this.exports.get(id);
		return job && structuredClone(job.rows);
	}

	create(fields: {
		format: ExportFormat;
		filters: { updated_after?: string };
		rows: Lead[];
		readiness: ExportReadiness;
		failureMessage: string | null;
	}): ExportJob {
		this.lastSequence += 1;
		const timestamp = new Date(this.now()).toISOString();

		const job: StoredExport = {
			id: `exp_${String(this.lastSequence).padStart(8, '0')}`,
			object: 'export',
			status: 'queued',
			format: fields.format,
			filters: { ...fields.filters },
			row_count: null,
			error_message: null,
			created_at: timestamp,
			updated_at: timestamp,
			rows: structuredClone(fields.rows),
			readiness: { ...fields.readiness },
			failureMessage: fields.failureMessage,
			probes: 0,
		};
		this.exports.set(job.id, job);

		if ('afterMs' in job.readiness) {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				this.refresh(job.id);
			}, job.readiness.afterMs);
			timer.unref();
			this.timers.add(timer);
		}

		return publicExport(job);
	}

	/**
	 * Counts one download probe and moves the export on: a queued export starts processing, and an
	 * export whose time has come completes or fails. Returns undefined for an unknown id.
	 */
	probe(id: string): ExportJob | undefined {
		const job = this.exports.get(id);
		if (!job) {
			return undefined;
		}

		if (job.status === 'queued' || job.status === 'processing') {
			job.probes += 1;
			if (this.isDue(job)) {
				this.finish(job);
			} else if (job.status === 'queued') {
				job.status = 'processing';
				this.touch(job);
			}
		}

		return publicExport(job);
	}

	/** Issues a download token for a completed export, valid for `ttlMs` of the sandbox clock. */
	issueToken(id: string, ttlMs: number): { token: string; expiresAt: number } {
		const token = randomBytes(16).toString('hex');
		const expiresAt = this.now() + ttlMs;
		this.tokens.set(token, { exportId: id, expiresAt });
		return { token, expiresAt };
	}

	checkToken(id: string, token: string): TokenCheck {
		const record = this.tokens.get(token);
		if (!record || record.exportId !== id) {
			return 'invalid';
		}

		return this.now() < record.expiresAt ? 'valid' : 'expired';
	}

	/** Applies time-based readiness. Probe-based readiness changes only in `probe`. */
	private refresh(id: string): ExportJob | undefined {
		const job = this.exports.get(id);
		if (!job) {
			return undefined;
		}

		const running = job.status === 'queued' || job.status === 'processing';
		if (running && 'afterMs' in job.readiness && this.isDue(job)) {
			this.finish(job);
		}

		return publicExport(job);
	}

	private isDue(job: StoredExport): boolean {
		if ('afterProbes' in job.readiness) {
			return job.probes > job.readiness.afterProbes;
		}

		return this.now() - Date.parse(job.created_at) >= job.readiness.afterMs;
	}

	private finish(job: StoredExport): void {
		if (job.failureMessage !== null) {
			job.status = 'failed';
			job.error_message = job.failureMessage;
		} else {
			job.status = 'completed';
			job.row_count = job.rows.length;
		}
		this.touch(job);
		this.onFinished(publicExport(job));
	}

	private touch(job: StoredExport): void {
		const previous = Date.parse(job.updated_at);
		job.updated_at = new Date(Math.max(this.now(), previous + 1)).toISOString();
	}
}

function publicExport(job: StoredExport): ExportJob {
	return {
		id: job.id,
		object: 'export',
		status: job.status,
		format: job.format,
		filters: { ...job.filters },
		row_count: job.row_count,
		error_message: job.error_message,
		created_at: job.created_at,
		updated_at: job.updated_at,
	};
}
