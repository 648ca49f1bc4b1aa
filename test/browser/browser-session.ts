/**
 * A headless Chromium session against one n8n server: a new empty profile, every request to a host
 * other than the loopback address aborted and counted, and the console errors, page errors and
 * failed responses collected for the checks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { CHROMIUM_SWITCHES } from './chromium';

/** Hosts the browser may reach. n8n listens on 127.0.0.1, and requests to other hosts are aborted. */
const ALLOWED_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** Page size of every screenshot, wide enough for n8n's three-column node panel. */
const VIEWPORT = { width: 1440, height: 900 };

/** One console message, page error or failed response, with the URL it came from. */
export interface PageProblem {
	kind: 'console error' | 'page error' | 'failed response';
	text: string;
	/** URL of the script or resource, when the browser reports one. */
	url: string;
}

export class BrowserSession {
	/** Requests aborted because their host is not the loopback address. */
	readonly blockedUrls: string[] = [];
	readonly problems: PageProblem[] = [];

	private constructor(
		readonly context: BrowserContext,
		readonly page: Page,
		private readonly profileFolder: string,
	) {}

	/** Starts Chromium with a new profile folder and the request filter in place. */
	static async launch(executablePath: string): Promise<BrowserSession> {
		const profileFolder = mkdtempSync(join(tmpdir(), 'prospectb2b-chromium-profile-'));
		let context: BrowserContext;
		try {
			// launchPersistentContext passes the folder as --user-data-dir, which Playwright does not
			// accept in `args`.
			context = await chromium.launchPersistentContext(profileFolder, {
				executablePath,
				headless: true,
				args: CHROMIUM_SWITCHES,
				viewport: VIEWPORT,
			});
		} catch (error) {
			rmSync(profileFolder, { recursive: true, force: true });
			throw error;
		}

		const page = context.pages()[0] ?? (await context.newPage());
		const session = new BrowserSession(context, page, profileFolder);
		await session.installRequestFilter();
		session.collectProblems();
		return session;
	}

	/**
	 * Logs in with `POST /rest/login` through the browser context, so the `n8n-auth` cookie that n8n
	 * sets is stored for the page. Without a `browser-id` header the session is not bound to one
	 * browser id, so the editor's own requests are accepted with it.
	 */
	async logIn(baseUrl: string, email: string, password: string): Promise<void> {
		const response = await this.context.request.post(`${baseUrl}/rest/login`, {
			data: { emailOrLdapLoginId: email, password },
		});
		if (!response.ok()) {
			throw new Error(
				`POST ${baseUrl}/rest/login failed with HTTP ${response.status()}: ${(await response.text()).slice(0, 500)}`,
			);
		}
	}

	/** Closes the browser and removes the profile folder. */
	async close(): Promise<void> {
		try {
			await this.context.close();
		} finally {
			rmSync(this.profileFolder, { recursive: true, force: true });
		}
	}

	private async installRequestFilter(): Promise<void> {
		await this.context.route('**/*', async (route) => {
			const url = route.request().url();
			if (isAllowedUrl(url)) {
				await route.continue();
				return;
			}
			this.blockedUrls.push(url);
			await route.abort('blockedbyclient');
		});
		await this.context.routeWebSocket(/.*/, (socket) => {
			if (isAllowedUrl(socket.url())) {
				socket.connectToServer();
				return;
			}
			this.blockedUrls.push(socket.url());
			void socket.close();
		});
	}

	private collectProblems(): void {
		this.page.on('console', (message) => {
			if (message.type() !== 'error') return;
			this.problems.push({
				kind: 'console error',
				text: message.text(),
				url: message.location().url,
			});
		});
		this.page.on('pageerror', (error) => {
			this.problems.push({
				kind: 'page error',
				text: error.stack ?? error.message,
				url: '',
			});
		});
		this.page.on('response', (response) => {
			if (response.status() >= 400) {
				this.problems.push({
					kind: 'failed response',
					text: `HTTP ${response.status()}`,
					url: response.url(),
				});
			}
		});
	}
}

/** Returns whether `url` points at the loopback host, or is a data or blob URL of the page. */
function isAllowedUrl(url: string): boolean {
	const parsed = new URL(url);
	if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return true;
	return ALLOWED_HOSTS.has(parsed.hostname);
}
