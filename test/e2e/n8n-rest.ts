/**
 * HTTP client of a running n8n server. It sets up the owner account and an API key through the
 * editor's REST API (`/rest`). It then reads executions and deactivates workflows through the
 * public API (`/api/v1`), which n8n 1.123 and 2.41 serve alike.
 */

/** Owner account that the end-to-end runs create in their fresh n8n databases. */
export const TEST_OWNER = {
	email: 'e2e-owner@example.com',
	firstName: 'End-to-end',
	lastName: 'Owner',
	password: 'E2eOwnerPassw0rd',
};

/** How long n8n may take to serve REST requests after `/healthz` returns 200. */
const ROUTES_TIMEOUT_MS = 30_000;

/** One execution as `GET /api/v1/executions?includeData=true` returns it. */
export interface ExecutionSummary {
	id: string;
	workflowId: string;
	/** `success`, `error`, `running`, `waiting`, ... */
	status: string;
	/** `webhook`, `trigger`, `cli`, ... */
	mode: string;
	startedAt: string;
	/** The run data (`IRunExecutionData`), present when requested with `includeData=true`. */
	data?: unknown;
}

/** A logged-in session of the owner, with an API key for the public API. */
export class N8nRestClient {
	private cookie = '';
	private apiKey = '';

	constructor(readonly baseUrl: string) {}

	/**
	 * Creates the owner account of a fresh instance, which also logs it in, and an API key with
	 * every scope the owner may grant.
	 */
	async setUpOwnerAndApiKey(): Promise<void> {
		const setup = await this.postOwnerSetup();
		await expectOk(setup, 'POST /rest/owner/setup');
		const authCookie = setup.headers
			.getSetCookie()
			.find((cookie) => cookie.startsWith('n8n-auth='));
		if (authCookie === undefined) {
			throw new Error('POST /rest/owner/setup returned no n8n-auth cookie.');
		}
		this.cookie = authCookie.split(';')[0];

		const scopes = (await this.restGet('/rest/api-keys/scopes')) as string[];
		const created = await fetch(`${this.baseUrl}/rest/api-keys`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: this.cookie },
			body: JSON.stringify({ label: 'end-to-end run', scopes, expiresAt: null }),
		});
		const body = (await expectOk(created, 'POST /rest/api-keys')) as {
			data?: { rawApiKey?: string };
		};
		if (typeof body.data?.rawApiKey !== 'string') {
			throw new Error('POST /rest/api-keys returned no rawApiKey.');
		}
		this.apiKey = body.data.rawApiKey;
	}

	/**
	 * Returns the names of the credential types the server loaded, from the file the editor reads
	 * (`/types/credentials.json`, which needs a logged-in session).
	 */
	async listCredentialTypeNames(): Promise<string[]> {
		const response = await fetch(`${this.baseUrl}/types/credentials.json`, {
			headers: { cookie: this.cookie },
		});
		const types = (await expectOk(response, 'GET /types/credentials.json')) as Array<{
			name: string;
		}>;
		return types.map((type) => type.name);
	}

	/** Returns every execution of a workflow, newest first, with its run data. */
	async listExecutions(workflowId: string): Promise<ExecutionSummary[]> {
		const executions: ExecutionSummary[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({ workflowId, includeData: 'true', limit: '100' });
			if (cursor !== undefined) query.set('cursor', cursor);
			const page = (await this.publicApi('GET', `/executions?${query.toString()}`)) as {
				data: ExecutionSummary[];
				nextCursor?: string | null;
			};
			executions.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor !== undefined);
		return executions;
	}

	/** Deactivates a workflow on the running server, which removes its webhooks and polls. */
	async deactivateWorkflow(workflowId: string): Promise<void> {
		await this.publicApi('POST', `/workflows/${encodeURIComponent(workflowId)}/deactivate`);
	}

	/** Returns whether the server lists the workflow as active. */
	async isWorkflowActive(workflowId: string): Promise<boolean> {
		const workflow = (await this.publicApi(
			'GET',
			`/workflows/${encodeURIComponent(workflowId)}`,
		)) as { active?: boolean };
		return workflow.active === true;
	}

	/**
	 * Sends the owner setup. `/healthz` returns 200 before n8n is ready for REST requests: its
	 * routes return 404, or a text page "n8n is starting up", for a few more seconds. Such responses
	 * are retried until ROUTES_TIMEOUT_MS has passed.
	 */
	private async postOwnerSetup(): Promise<Response> {
		const deadline = Date.now() + ROUTES_TIMEOUT_MS;
		for (;;) {
			const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(TEST_OWNER),
			});
			const isJson = response.headers.get('content-type')?.includes('application/json') === true;
			const notReady = response.status === 404 || response.status === 503 || !isJson;
			if (!notReady || Date.now() > deadline) return response;
			await response.body?.cancel();
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	private async restGet(path: string): Promise<unknown> {
		const response = await fetch(`${this.baseUrl}${path}`, { headers: { cookie: this.cookie } });
		const body = (await expectOk(response, `GET ${path}`)) as { data?: unknown };
		return body.data;
	}

	private async publicApi(method: string, path: string): Promise<unknown> {
		if (this.apiKey === '') throw new Error('Call setUpOwnerAndApiKey() before the public API.');
		const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
			method,
			headers: { 'X-N8N-API-KEY': this.apiKey, accept: 'application/json' },
		});
		return await expectOk(response, `${method} /api/v1${path}`);
	}
}

/** Returns the parsed JSON body of a 2xx response, or throws with the status and body text. */
async function expectOk(response: Response, request: string): Promise<unknown> {
	const text = await response.text();
	if (!response.ok) {
		throw new Error(`${request} failed with HTTP ${response.status}: ${text.slice(0, 500)}`);
	}
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new Error(`${request} returned a body that is not JSON: ${text.slice(0, 200)}`);
	}
}
