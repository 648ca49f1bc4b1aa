/** Named pass/fail results of one end-to-end run, and the summary printed at its end. */

export interface CheckResult {
	/** Short name, such as `01 key scopes`. */
	name: string;
	passed: boolean;
	/** What was seen: the value on success, the mismatch on failure. */
	detail: string;
}

/** Collects the checks of one n8n version. A failed check does not stop the run. */
export class CheckList {
	readonly results: CheckResult[] = [];

	constructor(
		readonly title: string,
		private readonly log: (message: string) => void = () => undefined,
	) {}

	get failed(): CheckResult[] {
		return this.results.filter((result) => !result.passed);
	}

	/** Records a check and logs it as it happens. Returns `passed`. */
	record(name: string, passed: boolean, detail: string): boolean {
		this.results.push({ name, passed, detail });
		this.log(`${passed ? 'pass' : 'FAIL'} ${name}: ${detail}`);
		return passed;
	}

	/** Records whether `actual` equals `expected`, compared as JSON. */
	equal(name: string, actual: unknown, expected: unknown, detail?: string): boolean {
		const actualText = JSON.stringify(actual);
		const expectedText = JSON.stringify(expected);
		const passed = actualText === expectedText;
		const passDetail = detail ?? actualText;
		return this.record(
			name,
			passed,
			passed ? passDetail : `${actualText}, expected ${expectedText}`,
		);
	}

	/**
	 * Runs a step that must not throw. A thrown error becomes a failed check named after the step,
	 * and the step returns undefined, so later independent steps still run.
	 */
	async step<T>(name: string, action: () => Promise<T>): Promise<T | undefined> {
		try {
			return await action();
		} catch (error) {
			this.record(name, false, describeError(error));
			return undefined;
		}
	}
}

/** Returns an error's message, or its text for a value that is not an Error. */
export function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Formats the per-version summary: one line per check, then the totals. */
export function formatSummary(lists: CheckList[], durationsMs: Map<CheckList, number>): string {
	const lines: string[] = ['', '=== End-to-end summary ==='];
	for (const list of lists) {
		const seconds = ((durationsMs.get(list) ?? 0) / 1000).toFixed(0);
		const failedCount = list.failed.length;
		const verdict = failedCount === 0 ? 'PASSED' : `FAILED (${failedCount} failed)`;
		lines.push('', `${list.title}: ${verdict}, ${list.results.length} checks in ${seconds} s`);
		for (const result of list.results) {
			const mark = result.passed ? 'pass' : 'FAIL';
			lines.push(`  ${mark}  ${result.name}: ${truncate(result.detail, 300)}`);
		}
	}
	return lines.join('\n') + '\n';
}

function truncate(text: string, maxLength: number): string {
	const oneLine = text.replace(/\s*\n\s*/g, ' | ');
	return oneLine.length <= maxLength ? oneLine : `${oneLine.slice(0, maxLength - 3)}...`;
}
