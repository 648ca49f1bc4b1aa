/** Records named pass/fail checks and prints them as a summary. */

export interface CheckResult {
	name: string;
	passed: boolean;
	/** What was found, shown after the name. */
	detail: string;
}

export class CheckList {
	readonly results: CheckResult[] = [];

	/** Records one check and prints it at once, so a hung step still shows the checks before it. */
	record(name: string, passed: boolean, detail = ''): boolean {
		this.results.push({ name, passed, detail });
		process.stdout.write(`${formatResult({ name, passed, detail })}\n`);
		return passed;
	}

	/** Records a check that passes when `actual` equals `expected`, element by element. */
	recordListEqual(name: string, actual: string[], expected: string[]): boolean {
		const passed =
			actual.length === expected.length &&
			actual.every((value, index) => value === expected[index]);
		const detail = passed
			? actual.join(', ')
			: `expected [${expected.join(', ')}], found [${actual.join(', ')}]`;
		return this.record(name, passed, detail);
	}

	/** Runs `step` and records a failed check named `name` when it throws. */
	async guard(name: string, step: () => Promise<void>): Promise<void> {
		try {
			await step();
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			this.record(name, false, `step failed: ${message.split('\n')[0]}`);
		}
	}

	get failedCount(): number {
		return this.results.filter((result) => !result.passed).length;
	}

	get passedCount(): number {
		return this.results.length - this.failedCount;
	}

	/** Returns the failed checks and the closing `N passed, N failed` line. */
	formatSummary(): string {
		const failed = this.results.filter((result) => !result.passed);
		const lines = failed.length > 0 ? ['Failed checks:', ...failed.map(formatResult)] : [];
		lines.push(`${this.passedCount} passed, ${this.failedCount} failed`);
		return lines.join('\n');
	}
}

function formatResult(result: CheckResult): string {
	const status = result.passed ? 'PASS' : 'FAIL';
	return result.detail
		? `${status}  ${result.name}: ${result.detail}`
		: `${status}  ${result.name}`;
}
