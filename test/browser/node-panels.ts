/**
 * Checks of the three ProspectB2B node panels in n8n's editor. Each check opens the panel from the
 * canvas, saves a screenshot before it changes anything, and compares what the panel shows with the
 * built node description.
 */
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import type { CheckList } from './check-list';
import {
	clearSelectedTags,
	closeNodePanel,
	closeNodePanelIfOpen,
	hasParameterIssue,
	openNodePanel,
	readDropdownOptions,
	readNewCredentialModes,
	readParameterIssueText,
	readParameterLabels,
	readSelectedTags,
	selectDropdownOption,
} from './editor-page';
import {
	findParameter,
	optionNames,
	requiredEmptyParameters,
	type ExpectedNodes,
} from './node-descriptions';
import { checkPanelIcons } from './page-checks';

/** Names of the nodes in the fixture workflow, which are the node types' default names. */
export const NODE_NAMES = {
	action: 'ProspectB2B',
	webhookTrigger: 'ProspectB2B Trigger',
	pollingTrigger: 'ProspectB2B Lead Trigger',
} as const;

/** Credential that the fixture workflow selects in every node. */
const FIXTURE_CREDENTIAL_NAME = 'ProspectB2B account';

/**
 * Option that the editors of n8n 1.123 and 2.41 append to this node's Resource and Operation
 * lists. It is not part of the node description.
 */
const CUSTOM_API_CALL = 'Custom API Call';

/** Event display names that the fixture workflow selects in the webhook trigger. */
const FIXTURE_EVENTS = ['Lead Created', 'Lead Updated'];

export interface PanelCheckContext {
	page: Page;
	checks: CheckList;
	expected: ExpectedNodes;
	/** Folder for the screenshots, `artifacts/screenshots` by default. */
	screenshotDir: string;
}

/** Screenshot path of one panel: `<screenshotDir>/<node type name><suffix>.png`. */
export function screenshotPath(screenshotDir: string, nodeType: string, suffix = ''): string {
	return join(screenshotDir, `${nodeType}${suffix}.png`);
}

/**
 * Checks the action node's panel: the fields of Lead > Create (the fixture's operation), the
 * Resource list, the Operation list of every resource, and the issue icon that marks each required
 * parameter while it is empty. Changing the resource clears the fixture's values, so the screenshot
 * is taken first.
 */
export async function checkActionPanel(context: PanelCheckContext): Promise<void> {
	const { page, checks, expected } = context;
	const description = expected.action;
	const prefix = description.name;

	await openNodePanel(page, NODE_NAMES.action);
	await page.screenshot({ path: screenshotPath(context.screenshotDir, description.name) });
	await checkPanelIcons(page, checks, description.name);
	await checkSelectedCredential(context, prefix);

	const labels = await readParameterLabels(page);
	for (const name of ['resource', 'operation', 'fullName', 'email', 'companyName']) {
		const displayName = findParameter(description, name, 'lead').displayName;
		checks.record(
			`${prefix}: Lead > Create shows the ${displayName} field`,
			labels.includes(displayName),
			`visible labels: ${labels.join(', ')}`,
		);
	}

	const resourceParameter = findParameter(description, 'resource');
	const resourceNames = optionNames(resourceParameter);
	checks.recordListEqual(
		`${prefix}: Resource dropdown options`,
		await readDropdownOptions(page, 'resource'),
		[...resourceNames, CUSTOM_API_CALL],
	);

	for (const option of resourceParameter.options ?? []) {
		const resourceName = 'name' in option ? option.name : '';
		const resourceValue = 'value' in option ? String(option.value) : '';
		await checks.guard(`${prefix}: ${resourceName} operations`, async () => {
			await selectDropdownOption(page, 'resource', resourceName);
			const operationParameter = findParameter(description, 'operation', resourceValue);
			checks.recordListEqual(
				`${prefix}: ${resourceName} > Operation dropdown options`,
				await readDropdownOptions(page, 'operation'),
				[...optionNames(operationParameter), CUSTOM_API_CALL],
			);

			for (const operation of operationParameter.options ?? []) {
				const operationName = 'name' in operation ? operation.name : '';
				const operationValue = 'value' in operation ? String(operation.value) : '';
				await selectDropdownOption(page, 'operation', operationName);
				await checkRequiredMarks(context, description.name, resourceValue, operationValue, [
					resourceName,
					operationName,
				]);
			}
		});
	}

	// Selecting Lead again resets the operation to its default, Create, with an empty Full Name.
	await checks.guard(`${prefix}: Lead > Create required marks`, async () => {
		await selectDropdownOption(page, 'resource', 'Lead');
		const fullName = findParameter(description, 'fullName', 'lead').displayName;
		const issueText = await readParameterIssueText(page, 'fullName');
		await page.screenshot({
			path: screenshotPath(context.screenshotDir, description.name, '-required'),
		});
		checks.record(
			`${prefix}: empty ${fullName} is marked required`,
			issueText.includes(`"${fullName}" is required`),
			`issue tooltip: "${issueText.replace(/\s+/g, ' ')}"`,
		);
		const email = findParameter(description, 'email', 'lead').displayName;
		checks.record(
			`${prefix}: empty ${email} (optional) has no issue icon`,
			!(await hasParameterIssue(page, 'email')),
		);
	});

	await closeNodePanel(page);
}

/**
 * Checks that every required parameter of one resource and operation that is empty by default
 * shows n8n's issue icon.
 */
async function checkRequiredMarks(
	context: PanelCheckContext,
	prefix: string,
	resource: string,
	operation: string,
	titles: string[],
): Promise<void> {
	const required = requiredEmptyParameters(context.expected.action, resource, operation);
	for (const parameter of required) {
		context.checks.record(
			`${prefix}: ${titles.join(' > ')} marks empty ${parameter.displayName} as required`,
			await hasParameterIssue(context.page, parameter.name),
		);
	}
}

/**
 * Checks the webhook trigger's panel: the Events field with the fixture's events, its option list,
 * the issue icon once every event is removed, and where the editor offers Webhook Registration.
 */
export async function checkWebhookTriggerPanel(context: PanelCheckContext): Promise<void> {
	const { page, checks, expected } = context;
	const description = expected.webhookTrigger;
	const prefix = description.name;
	const events = findParameter(description, 'events');

	await openNodePanel(page, NODE_NAMES.webhookTrigger);
	await page.screenshot({ path: screenshotPath(context.screenshotDir, description.name) });
	await checkPanelIcons(page, checks, description.name);
	await checkSelectedCredential(context, prefix);

	const labels = await readParameterLabels(page);
	checks.record(
		`${prefix}: shows the ${events.displayName} field`,
		labels.includes(events.displayName),
		`visible labels: ${labels.join(', ')}`,
	);
	checks.recordListEqual(
		`${prefix}: ${events.displayName} shows the fixture's events`,
		await readSelectedTags(page, 'events'),
		FIXTURE_EVENTS,
	);
	checks.recordListEqual(
		`${prefix}: ${events.displayName} dropdown options`,
		await readDropdownOptions(page, 'events'),
		optionNames(events),
	);
	checks.record(
		`${prefix}: ${events.displayName} with values has no issue icon`,
		!(await hasParameterIssue(page, 'events')),
	);

	await checks.guard(`${prefix}: ${events.displayName} required mark`, async () => {
		await clearSelectedTags(page, 'events');
		const issueText = await readParameterIssueText(page, 'events');
		await page.screenshot({
			path: screenshotPath(context.screenshotDir, description.name, '-required'),
		});
		checks.record(
			`${prefix}: empty ${events.displayName} is marked required`,
			issueText.includes(`"${events.displayName}" is required`),
			`issue tooltip: "${issueText.replace(/\s+/g, ' ')}"`,
		);
	});

	// The editors of n8n 1.123 and 2.41 take an options parameter whose every value shows a
	// credential type for the node's authentication field. They leave it out of the panel and offer
	// its values in the new-credential dialog, which is where Webhook Registration appears.
	const registration = findParameter(description, 'registration');
	await checks.guard(`${prefix}: ${registration.displayName} options`, async () => {
		const inPanel = labels.includes(registration.displayName);
		const offeredOptions = inPanel
			? await readDropdownOptions(page, 'registration')
			: await readNewCredentialModes(page);
		checks.recordListEqual(
			`${prefix}: ${registration.displayName} options (${inPanel ? 'panel' : 'new credential dialog'})`,
			offeredOptions,
			optionNames(registration),
		);
	});

	// Escape in the credential dialog can close the panel too.
	await closeNodePanelIfOpen(page);
}

/**
 * Checks the polling trigger's panel: the notice, the Poll Times field that n8n adds to every
 * polling node with the fixture's Every Minute, and the Options collection.
 */
export async function checkPollingTriggerPanel(context: PanelCheckContext): Promise<void> {
	const { page, checks, expected } = context;
	const description = expected.pollingTrigger;
	const prefix = description.name;

	await openNodePanel(page, NODE_NAMES.pollingTrigger);
	await page.screenshot({ path: screenshotPath(context.screenshotDir, description.name) });
	await checkPanelIcons(page, checks, description.name);
	await checkSelectedCredential(context, prefix);

	const noticeText = findParameter(description, 'pollingNotice').displayName;
	const notice = page.locator('[data-test-id="node-parameters"] .notice:visible');
	const shownNotices = (await notice.allInnerTexts()).map((text) => text.trim());
	checks.record(
		`${prefix}: shows the polling notice`,
		shownNotices.includes(noticeText),
		`visible notices: ${shownNotices.map((text) => `"${text}"`).join(', ') || 'none'}`,
	);

	const labels = await readParameterLabels(page);
	for (const label of ['Poll Times', 'Mode', findParameter(description, 'options').displayName]) {
		checks.record(
			`${prefix}: shows the ${label} field`,
			labels.includes(label),
			`visible labels: ${labels.join(', ')}`,
		);
	}

	const modeInput = page.locator('[data-test-id="parameter-input-mode"] input').first();
	const mode = (await modeInput.count()) > 0 ? await modeInput.inputValue() : '';
	checks.record(`${prefix}: Poll Times shows the fixture's mode`, mode === 'Every Minute', mode);

	await closeNodePanel(page);
}

/** Checks that the panel's credential dropdown shows the fixture's credential. */
async function checkSelectedCredential(context: PanelCheckContext, prefix: string): Promise<void> {
	const input = context.page.locator('[data-test-id="node-credentials-select"] input').first();
	const shown = (await input.count()) > 0 ? await input.inputValue() : '';
	context.checks.record(
		`${prefix}: credential dropdown shows "${FIXTURE_CREDENTIAL_NAME}"`,
		shown === FIXTURE_CREDENTIAL_NAME,
		shown || 'empty',
	);
}
