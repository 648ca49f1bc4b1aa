/** What every end-to-end scenario works with, and running one example with `n8n execute`. */
import type { RequestLogEntry, Sandbox } from '../sandbox';
import type { CheckList } from './checks';
import type { N8nCli } from './n8n-cli';
import { cliRunData, cliRunStatus, runErrorMessage } from './run-data';

export interface ScenarioContext {
	cli: N8nCli;
	sandbox: Sandbox;
	checks: CheckList;
	log: (message: string) => void;
}

/** The run data of one `n8n execute --id` and the sandbox requests made while it ran. */
export interface ExampleRun {
	runData: unknown;
	requests: RequestLogEntry[];
	durationMs: number;
}

/**
 * Runs an imported example with `n8n execute --id` and records whether it succeeded. Returns
 * undefined when the command failed or printed no run data.
 */
export async function executeExample(
	context: ScenarioContext,
	label: string,
	workflowId: string,
): Promise<ExampleRun | undefined> {
	const { cli, sandbox, checks, log } = context;
	log(`running ${label} (n8n execute --id=${workflowId})`);
	const firstRequest = sandbox.requests.length;
	const result = await cli.execute(workflowId);
	const requests = sandbox.requests.slice(firstRequest);

	const status = cliRunStatus(result.output);
	const runData = cliRunData(result.output);
	const seconds = (result.durationMs / 1000).toFixed(1);
	if (result.exitCode === 0 && status === 'success') {
		checks.record(`${label} run`, true, `n8n execute exited 0, status success, ${seconds} s`);
		return { runData, requests, durationMs: result.durationMs };
	}

	const reason = result.timedOut
		? 'timed out'
		: (runErrorMessage(runData) ?? lastLines(`${result.stderr}\n${result.stdout}`));
	checks.record(
		`${label} run`,
		false,
		`n8n execute exited ${result.exitCode}, status ${status}: ${reason}`,
	);
	return undefined;
}

/** Returns the requests with the given method whose path ends with `pathSuffix`. */
export function requestsTo(
	requests: RequestLogEntry[],
	method: string,
	pathSuffix: string,
): RequestLogEntry[] {
	return requests.filter((entry) => entry.method === method && entry.path.endsWith(pathSuffix));
}

/** Returns the method, path and status of each request, for failure messages. */
export function describeRequests(requests: RequestLogEntry[]): string {
	if (requests.length === 0) return 'no requests';
	return requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`).join(', ');
}

function lastLines(text: string, count = 5): string {
	return text.trim().split('\n').slice(-count).join(' | ');
}
