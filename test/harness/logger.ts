import { Logger as BackendLogger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';
import type { Logger, LogMetadata } from 'n8n-workflow';

type LogLevel = keyof Logger;

/**
 * Logger that keeps every line n8n writes, so tests can assert on log content (for example that
 * a secret never appears). Lines are `<level> <message> <metadata as JSON>`.
 */
class CapturingLogger implements Logger {
	readonly lines: string[] = [];

	error(message: string, metadata?: LogMetadata): void {
		this.record('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata): void {
		this.record('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata): void {
		this.record('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata): void {
		this.record('debug', message, metadata);
	}

	/**
	 * Returns this logger, because scopes only filter n8n's console output and the harness keeps
	 * every line.
	 */
	scoped(): this {
		return this;
	}

	private record(level: LogLevel, message: string, metadata?: LogMetadata): void {
		const serialized = metadata === undefined ? '' : ` ${serializeMetadata(metadata)}`;
		this.lines.push(`${level} ${message}${serialized}`);
	}
}

/**
 * Serializes log metadata the way n8n's own logger does (`@n8n/backend-common` 1.41): errors
 * become name, message, stack and cause, and every other value is written as JSON. Circular
 * references are written as "[Circular]" instead of failing.
 */
function serializeMetadata(metadata: LogMetadata): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(metadata, (_key, value: unknown) => {
		if (value instanceof Error) {
			return { name: value.name, message: value.message, stack: value.stack, cause: value.cause };
		}
		if (typeof value === 'bigint') {
			return value.toString();
		}
		if (typeof value === 'object' && value !== null) {
			if (seen.has(value)) return '[Circular]';
			seen.add(value);
		}
		return value;
	});
}

let capturingLogger: CapturingLogger | undefined;

/**
 * Routes n8n's logging into the harness's capturing logger and returns it.
 *
 * n8n logs through two channels: `LoggerProxy` (n8n-workflow, used by the execution engine) and
 * the `Logger` service of `@n8n/backend-common` (node contexts' `this.logger`, HTTP client).
 * Constructing that service calls `LoggerProxy.init` with itself, so the harness registers its
 * logger in the dependency-injection container first and then points `LoggerProxy` at it.
 */
export function installLogCapture(): CapturingLogger {
	if (capturingLogger === undefined) {
		capturingLogger = new CapturingLogger();
		Container.set(BackendLogger, capturingLogger as unknown as BackendLogger);
	}
	LoggerProxy.init(capturingLogger);
	return capturingLogger;
}

/**
 * Starts collecting log lines and returns a function that returns the lines written since.
 * NOTE: runs that overlap in time see each other's lines, because n8n has one global logger.
 */
export function startLogCapture(): () => string[] {
	const logger = installLogCapture();
	const firstLine = logger.lines.length;
	return () => logger.lines.slice(firstLine);
}
