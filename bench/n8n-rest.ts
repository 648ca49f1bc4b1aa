/**
 * The parts of n8n's internal REST API (the editor's API, `/rest`) that the activation cycles
 * use: owner set-up and login, and activating and deactivating a workflow while the server runs.
 * Checked against n8n 1.123.81 and 2.41.1. Also wipes a workflow's static data in n8n's SQLite
 * database, as a restore of an older backup would.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import type { RealN8n } from './real-n8n';

/** n8n binds its auth cookie to this header's value. */
const BROWSER_ID = 'prospectb2b-bench-browser';

export const OWNER = {
	email: 'owner@bench.example',
	firstName: 'Bench',
	lastName: 'Owner',
	password: 'Bench-Owner-Password-1',
};

export class N8nRest {
	private cookie = '';

	constructor(private readonly baseUrl: string) {}

	/**
	 * Creates the instance owner and keeps its auth cookie. n8n returns 200 on /healthz before it adds
	 * the REST routes, so a 404 is retried for up to `timeoutMs`.
	 */
	async setupOwner(timeoutMs = 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		let response: Response;
		for (;;) {
			response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
				body: JSON.stringify(OWNER),
			});
			if (response.status !== 404 || Date.now() > deadline) break;
			await response.arrayBuffer();
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		if (!response.ok) {
			throw new Error(
				`n8n owner set-up failed with HTTP ${response.status}: ${await response.text()}`,
			);
		}
		const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		if (cookie === undefined) throw new Error('n8n owner set-up returned no n8n-auth cookie.');
		this.cookie = cookie.split(';')[0];
	}

	async request(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
		const response = await fetch(`${this.baseUrl}/rest${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': BROWSER_ID,
				cookie: this.cookie,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) {
			throw new Error(
				`n8n ${method} /rest${path} failed with HTTP ${response.status}: ${text.slice(0, 500)}`,
			);
		}
		return (JSON.parse(text) as { data: Record<string, unknown> }).data;
	}

	async activate(workflowId: string): Promise<void> {
		const workflow = await this.request('GET', `/workflows/${workflowId}`);
		await this.request('POST', `/workflows/${workflowId}/activate`, {
			versionId: workflow.versionId,
		});
	}

	async deactivate(workflowId: string): Promise<void> {
		await this.request('POST', `/workflows/${workflowId}/deactivate`, {});
	}
}

/**
 * Sets a workflow's static data to NULL in n8n's SQLite database, with the sqlite3 module and the
 * Node.js of the n8n install, as a restore of an older backup would. n8n reads the static data
 * from the database when it activates or deactivates a workflow, so the trigger's next hook finds
 * no stored registration. With `mustContain`, only static data that contains that text is wiped.
 * Returns whether a row changed.
 */
export function wipeStaticData(n8n: RealN8n, workflowId: string, mustContain = ''): boolean {
	const script = `
		const sqlite3 = require(process.env.SQLITE_MODULE);
		const db = new sqlite3.Database(process.env.DATABASE_FILE);
		db.configure('busyTimeout', 10000);
		const sql = "UPDATE workflow_entity SET staticData = NULL WHERE id = ? AND instr(coalesce(staticData, ''), ?) > 0";
		db.run(sql, [process.env.WORKFLOW_ID, process.env.MUST_CONTAIN], function (error) {
			if (error) { console.error(error.message); process.exit(1); }
			process.stdout.write(String(this.changes));
			db.close();
		});`;
	const result = spawnSync(n8n.cli.install.nodeBin, ['-e', script], {
		encoding: 'utf8',
		env: {
			SQLITE_MODULE: join(n8n.cli.install.root, 'node_modules', 'sqlite3'),
			DATABASE_FILE: join(n8n.userFolder, '.n8n', 'database.sqlite'),
			WORKFLOW_ID: workflowId,
			MUST_CONTAIN: mustContain,
		},
	});
	if (result.status !== 0) {
		throw new Error(`Wiping the static data of workflow ${workflowId} failed: ${result.stderr}`);
	}
	return result.stdout.trim() === '1';
}
