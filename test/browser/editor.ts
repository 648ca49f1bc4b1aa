/**
 * Browser test of n8n's editor with this package installed: a real n8n, Debian's Chromium driven by
 * playwright-core, and checks of what a user sees in the three node panels.
 *
 * Steps: install Chromium with apt-get when /usr/bin/chromium is missing, build and pack this
 * package, install n8n and the tarball into a new user folder, import the fixture workflow and
 * credential, start n8n on 127.0.0.1, create the owner account through the REST API, log in, open
 * the workflow and check each node's panel, icons and the page's errors.
 *
 * Usage: `npm run test:browser [-- <n8n version>]`, with 2.41.1 by default (1.123.81 and the
 * aliases of test/e2e/n8n-versions.ts are accepted). Screenshots go to artifacts/screenshots/.
 * A run on 2.41.1 in which every check passed also copies the action node's panel to
 * docs/images/prospectb2b-node-panel.png, the picture in the README. Exits with code 1 when a
 * check fails.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { formatElapsed, resolveN8nVersion } from '../e2e/install-n8n';
import { BrowserSession } from './browser-session';
import { CheckList } from './check-list';
import { ensureChromium } from './chromium';
import { closeNodePanelIfOpen, openWorkflow } from './editor-page';
import {
	buildAndPack,
	OWNER,
	setUpOwner,
	startN8nWithPackage,
	waitForRestApi,
	WORKFLOW_ID,
	type PreparedN8n,
} from './n8n-server';
import { loadBuiltDescriptions } from './node-descriptions';
import {
	checkActionPanel,
	checkPollingTriggerPanel,
	checkWebhookTriggerPanel,
	NODE_NAMES,
	screenshotPath,
	type PanelCheckContext,
} from './node-panels';
import { checkCanvasIcons, checkIconFiles, checkPageProblems, formatProblem } from './page-checks';

const REPO_ROOT = join(__dirname, '..', '..');
const SCREENSHOT_DIR = join(REPO_ROOT, 'artifacts', 'screenshots');
const README_IMAGE = join(REPO_ROOT, 'docs', 'images', 'prospectb2b-node-panel.png');
const DEFAULT_N8N_VERSION = '2.41.1';
/** The n8n version whose screenshot the README shows: the newest one the tests install. */
const README_N8N_VERSION = DEFAULT_N8N_VERSION;
/** Node type name of the action node, whose panel screenshot the README shows. */
const ACTION_NODE_TYPE = 'prospectB2B';

interface Timings {
	chromiumInstallSeconds: number;
	buildAndPackSeconds: number;
	n8nStartSeconds: number;
	browserSeconds: number;
}

function log(message: string): void {
	process.stderr.write(`[browser-test] ${message}\n`);
}

async function main(argv: string[]): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(
			'Usage: npm run test:browser [-- <n8n version>]\n' +
				`Checks the ProspectB2B node panels in n8n's editor with Chromium. Default n8n version: ${DEFAULT_N8N_VERSION}.\n`,
		);
		return 0;
	}
	if (argv.length > 1) throw new Error(`Expected at most one n8n version, got: ${argv.join(' ')}.`);
	const version = resolveN8nVersion(argv[0] ?? DEFAULT_N8N_VERSION);

	const started = Date.now();
	const checks = new CheckList();
	const timings: Timings = {
		chromiumInstallSeconds: 0,
		buildAndPackSeconds: 0,
		n8nStartSeconds: 0,
		browserSeconds: 0,
	};

	const chromium = await ensureChromium(log);
	timings.chromiumInstallSeconds = chromium.installSeconds;

	let stepStarted = Date.now();
	log('building and packing the package');
	const { tarball, packFolder } = await buildAndPack(REPO_ROOT);
	timings.buildAndPackSeconds = (Date.now() - stepStarted) / 1000;

	let n8n: PreparedN8n | undefined;
	let session: BrowserSession | undefined;
	try {
		n8n = await startN8nWithPackage(version, tarball, log);
		timings.n8nStartSeconds = n8n.startSeconds;
		const { baseUrl } = n8n.cli;
		await waitForRestApi(baseUrl);
		await setUpOwner(baseUrl);
		log(`owner account ${OWNER.email} created`);

		stepStarted = Date.now();
		rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		session = await BrowserSession.launch(chromium.path);
		await session.logIn(baseUrl, OWNER.email, OWNER.password);
		await runEditorChecks(session, baseUrl, checks);
		timings.browserSeconds = (Date.now() - stepStarted) / 1000;
	} finally {
		await session?.close();
		await n8n?.cli.stop();
		if (n8n) checkServerLog(n8n.cli.serverLogPath, checks);
		n8n?.cleanUp();
		rmSync(packFolder, { recursive: true, force: true });
	}

	// The README shows the panel only from a run in which every check passed.
	if (version === README_N8N_VERSION && checks.failedCount === 0) {
		mkdirSync(dirname(README_IMAGE), { recursive: true });
		copyFileSync(screenshotPath(SCREENSHOT_DIR, ACTION_NODE_TYPE), README_IMAGE);
		log(`copied the action node's panel to ${relative(REPO_ROOT, README_IMAGE)}`);
	}

	printReport(version, session, timings, formatElapsed(started));
	process.stdout.write(`${checks.formatSummary()}\n`);
	return checks.failedCount === 0 ? 0 : 1;
}

async function runEditorChecks(
	session: BrowserSession,
	baseUrl: string,
	checks: CheckList,
): Promise<void> {
	const { page } = session;
	const expected = loadBuiltDescriptions(REPO_ROOT);
	const context: PanelCheckContext = { page, checks, expected, screenshotDir: SCREENSHOT_DIR };

	await openWorkflow(page, `${baseUrl}/workflow/${WORKFLOW_ID}`, Object.keys(NODE_NAMES).length);
	await page.screenshot({ path: join(SCREENSHOT_DIR, 'canvas.png') });
	await checkCanvasIcons(page, checks, [
		{ nodeName: NODE_NAMES.action, nodeType: expected.action.name },
		{ nodeName: NODE_NAMES.webhookTrigger, nodeType: expected.webhookTrigger.name },
		{ nodeName: NODE_NAMES.pollingTrigger, nodeType: expected.pollingTrigger.name },
	]);
	await checkIconFiles(session, baseUrl, checks);

	const panelChecks: Array<[string, (context: PanelCheckContext) => Promise<void>]> = [
		[expected.action.name, checkActionPanel],
		[expected.webhookTrigger.name, checkWebhookTriggerPanel],
		[expected.pollingTrigger.name, checkPollingTriggerPanel],
	];
	for (const [nodeType, checkPanel] of panelChecks) {
		const failedBefore = checks.failedCount;
		await checks.guard(`${nodeType} panel`, () => checkPanel(context));
		if (checks.failedCount > failedBefore) {
			await page.screenshot({ path: screenshotPath(SCREENSHOT_DIR, nodeType, '-failure') });
		}
		// A failed step can leave its panel open over the canvas node of the next one.
		await checks.guard(`${nodeType} panel closes`, () => closeNodePanelIfOpen(page));
	}

	const schemaLookups = checkPageProblems(session, checks);
	if (schemaLookups.length > 0) {
		log(
			`n8n's output-schema lookup found no __schema__ file for ${schemaLookups.length} request(s) ` +
				`(logged as console errors, not counted as failures):\n  ${schemaLookups.map(formatProblem).join('\n  ')}`,
		);
	}
}

/**
 * Checks that n8n's log shows no failed DNS lookup. Only the package registries are reachable from
 * this machine, so an attempt to contact another host ends in such a lookup error.
 */
function checkServerLog(serverLogPath: string, checks: CheckList): void {
	const log = existsSync(serverLogPath) ? readFileSync(serverLogPath, 'utf8') : '';
	const lookups = [...log.matchAll(/getaddrinfo (?:ENOTFOUND|EAI_AGAIN) (\S+)/g)].map(
		(match) => match[1],
	);
	checks.record(
		'n8n server log shows no DNS lookup of another host',
		lookups.length === 0,
		lookups.length === 0 ? 'none' : [...new Set(lookups)].join(', '),
	);
}

function printReport(
	version: string,
	session: BrowserSession | undefined,
	timings: Timings,
	total: string,
): void {
	const blocked = session?.blockedUrls ?? [];
	const otherProblems = (session?.problems ?? []).filter(
		(problem) => !/prospectb2b/i.test(problem.text) && !/prospectb2b/i.test(problem.url),
	);
	const lines = [
		'',
		`Browser test of n8n ${version}`,
		`  chromium install (apt-get): ${timings.chromiumInstallSeconds} s` +
			(timings.chromiumInstallSeconds === 0 ? ' (already installed)' : ''),
		`  build and pack:             ${timings.buildAndPackSeconds.toFixed(1)} s`,
		`  n8n start:                  ${timings.n8nStartSeconds.toFixed(1)} s`,
		`  browser checks:             ${timings.browserSeconds.toFixed(1)} s`,
		`  whole test:                 ${total}`,
		`  screenshots:                ${relative(REPO_ROOT, SCREENSHOT_DIR)}/`,
		`  requests to other hosts blocked: ${blocked.length}`,
		...blocked.map((url) => `    ${url}`),
		`  other page errors, none about this package: ${otherProblems.length}`,
		...otherProblems.map((problem) => `    ${formatProblem(problem)}`),
		'',
	];
	process.stdout.write(lines.join('\n') + '\n');
}

main(process.argv.slice(2)).then(
	(exitCode) => {
		process.exitCode = exitCode;
	},
	(error: unknown) => {
		process.stderr.write(
			`browser test failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exitCode = 1;
	},
);
