import { validateReadiness, type ExportReadiness } from './exports-store';

/** How exports behave. Each value applies to exports created after it is set. */
export interface ExportOptions {
	/** When an export becomes ready. Defaults to `{afterProbes: 2}`. */
	readiness?: ExportReadiness;
	/**
	 * `retry_after_seconds` of a download probe that finds the export not ready. Defaults to 1,
	 * and 0 omits the field.
	 */
	retryAfterSeconds?: number;
	/** How long a `download_url` stays valid, in ms of the sandbox clock. Defaults to 15 minutes. */
	urlTtlMs?: number;
	/** When set, every new export fails with this `error_message`. Defaults to null. */
	failureMessage?: string | null;
}

/** The message of a forced export failure when none is given. */
export const DEFAULT_EXPORT_FAILURE_MESSAGE = 'The export failed (failure forced by the sandbox).';

const DEFAULTS: Required<ExportOptions> = {
	readiness: { afterProbes: 2 },
	retryAfterSeconds: 1,
	urlTtlMs: 15 * 60 * 1000,
	failureMessage: null,
};

function validateOptions(options: ExportOptions): void {
	if (options.readiness !== undefined) {
		validateReadiness(options.readiness);
	}

	const { retryAfterSeconds, urlTtlMs, failureMessage } = options;
	if (
		retryAfterSeconds !== undefined &&
		!(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0)
	) {
		throw new RangeError(
			`Invalid retryAfterSeconds ${String(retryAfterSeconds)}: expected a whole number, 0 to omit it.`,
		);
	}

	if (urlTtlMs !== undefined && !(Number.isInteger(urlTtlMs) && urlTtlMs >= 1)) {
		throw new RangeError(`Invalid urlTtlMs ${String(urlTtlMs)}: expected a positive integer.`);
	}

	if (
		failureMessage !== undefined &&
		failureMessage !== null &&
		typeof failureMessage !== 'string'
	) {
		throw new RangeError(
			`Invalid failureMessage ${String(failureMessage)}: expected text or null.`,
		);
	}
}

/** Current export behaviour, with the values given at start restored by `reset`. */
export class ExportSettings {
	private readonly initial: Required<ExportOptions>;
	private current: Required<ExportOptions>;
	/** Messages of the forced failures for the next exports, oldest first. */
	private nextFailures: string[] = [];

	constructor(options: ExportOptions = {}) {
		validateOptions(options);
		this.initial = { ...DEFAULTS, ...withoutUndefined(options) };
		this.current = structuredClone(this.initial);
	}

	get values(): Required<ExportOptions> {
		return structuredClone(this.current);
	}

	/** Changes the given values and keeps the others. Throws RangeError for invalid values. */
	set(options: ExportOptions): void {
		validateOptions(options);
		this.current = { ...this.current, ...structuredClone(withoutUndefined(options)) };
	}

	/** Makes the next export fail with `message`, in addition to any failures already queued. */
	failNext(message: string = DEFAULT_EXPORT_FAILURE_MESSAGE): void {
		if (typeof message !== 'string' || message === '') {
			throw new RangeError('The export failure message must be non-empty text.');
		}
		this.nextFailures.push(message);
	}

	/** Returns the failure message for a new export, or null when it should complete. */
	takeFailure(): string | null {
		return this.nextFailures.shift() ?? this.current.failureMessage;
	}

	reset(): void {
		this.current = structuredClone(this.initial);
		this.nextFailures = [];
	}
}

function withoutUndefined(options: ExportOptions): ExportOptions {
	return Object.fromEntries(
		Object.entries(options).filter(([, value]) => value !== undefined),
	) as ExportOptions;
}
