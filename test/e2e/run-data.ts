/**
 * Readers for n8n's run data: the `IRun` that `n8n execute --rawOutput` prints, and the
 * `IRunExecutionData` that the public API returns for an execution. Both lines of n8n use the
 * same shape for the parts read here.
 */

/** A binary property of an item. n8n 1.x keeps `data` as base64, 2.x stores files on disk. */
export interface BinaryEntry {
	mimeType?: string;
	fileName?: string;
	/** Base64 file content (1.x default mode), or a storage mode name such as `filesystem-v2`. */
	data?: string;
	/** Size in bytes, which 2.x sets. */
	bytes?: number;
	/** Human-readable size, such as `29.1 kB`. */
	fileSize?: string;
	id?: string;
}

/** One output item of a node. */
export interface RunItem {
	json: Record<string, unknown>;
	binary?: Record<string, BinaryEntry>;
}

interface NodeRun {
	executionStatus?: string;
	error?: { message?: string };
	data?: { main?: Array<RunItem[] | null> };
}

interface RunExecutionData {
	resultData?: {
		runData?: Record<string, NodeRun[]>;
		error?: { message?: string; description?: string };
	};
}

/** The printed result of `n8n execute --rawOutput`. */
interface CliRun {
	status?: string;
	finished?: boolean;
	data?: RunExecutionData;
}

/** Returns the run data (`IRunExecutionData`) inside the output of `n8n execute --rawOutput`. */
export function cliRunData(output: unknown): unknown {
	return (output as CliRun | undefined)?.data;
}

/** Returns the status of an `n8n execute --rawOutput` result: `success`, `error`, or `missing`. */
export function cliRunStatus(output: unknown): string {
	const run = output as CliRun | undefined;
	if (run === undefined) return 'missing';
	return run.status ?? (run.finished === true ? 'success' : 'error');
}

/** Returns the error message of a failed run, or undefined. */
export function runErrorMessage(runData: unknown): string | undefined {
	const error = (runData as RunExecutionData | undefined)?.resultData?.error;
	if (error === undefined) return undefined;
	return [error.message, error.description].filter(Boolean).join(': ');
}

/** Returns the items of a node's first output in its first run, or an empty list. */
export function nodeItems(runData: unknown, nodeName: string): RunItem[] {
	const runs = (runData as RunExecutionData | undefined)?.resultData?.runData?.[nodeName];
	return runs?.[0]?.data?.main?.[0] ?? [];
}

/** Returns the names of the nodes that ran. */
export function executedNodeNames(runData: unknown): string[] {
	return Object.keys((runData as RunExecutionData | undefined)?.resultData?.runData ?? {});
}

/**
 * Returns a binary property's size in bytes: `bytes` when n8n gives it, else the length of the
 * decoded base64 content. Undefined when neither is there.
 */
export function binarySize(entry: BinaryEntry): number | undefined {
	if (typeof entry.bytes === 'number') return entry.bytes;
	if (typeof entry.data === 'string' && entry.id === undefined) {
		return Buffer.from(entry.data, 'base64').length;
	}
	return undefined;
}
