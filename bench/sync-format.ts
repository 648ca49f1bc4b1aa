/** The figures of one full sync, and their printed form. */

export interface SyncResult {
	/** Run time: wall time of the sync in-process, startedAt to stoppedAt in a real n8n. */
	runMs: number;
	listRequests: number;
	rows: number;
	peakRssMiB: number;
	/** CPU time of the client process, user plus system; measured in-process only. */
	cpuMs?: number;
	/** RSS of the client process just before the sync; measured in-process only. */
	baselineRssMiB?: number;
	/** For a real n8n: the whole `n8n execute` command, start-up and output included. */
	commandMs?: number;
	/** TCP connections the client opened; counted by the replay server only. */
	connections?: number;
}

export function describeSync(result: SyncResult): string {
	const parts = [
		`${(result.runMs / 1000).toFixed(2)} s`,
		`${result.listRequests} list requests`,
		`${result.rows} rows`,
		`peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
	];
	if (result.baselineRssMiB !== undefined) {
		const grownBytes = (result.peakRssMiB - result.baselineRssMiB) * 2 ** 20;
		const perRow = grownBytes / Math.max(1, result.rows);
		parts.push(
			`${result.baselineRssMiB.toFixed(0)} MiB before the sync, ${perRow.toFixed(0)} B per row`,
		);
	}
	if (result.connections !== undefined) parts.push(`${result.connections} TCP connections`);
	if (result.cpuMs !== undefined) parts.push(`client CPU ${(result.cpuMs / 1000).toFixed(2)} s`);
	if (result.commandMs !== undefined) {
		parts.push(`n8n execute command ${(result.commandMs / 1000).toFixed(1)} s with start-up`);
	}
	return parts.join(', ');
}
