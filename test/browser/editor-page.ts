/**
 * Steps on n8n's workflow editor, through the `data-test-id` attributes that n8n's own end-to-end
 * tests use. Checked against the editors of n8n 2.41.1 and 1.123.81.
 */
import type { Locator, Page } from 'playwright-core';

const NODE_PANEL = '[data-test-id="ndv"]';
const NODE_PARAMETERS = '[data-test-id="node-parameters"]';
/** Options of the open element-plus dropdown, which n8n renders outside the panel. */
const VISIBLE_DROPDOWN_ITEMS = '.el-select-dropdown__item:visible';

/** Time for n8n's panel and dropdown animations, after which clicks land where they aim. */
const ANIMATION_SETTLE_MS = 500;

/** Opens the workflow and waits until the canvas shows at least `nodeCount` nodes. */
export async function openWorkflow(
	page: Page,
	workflowUrl: string,
	nodeCount: number,
): Promise<void> {
	await page.goto(workflowUrl);
	await page
		.locator('[data-test-id="canvas-node"]')
		.nth(nodeCount - 1)
		.waitFor({ timeout: 60_000 });
	await page.waitForTimeout(ANIMATION_SETTLE_MS);
}

/** Returns the canvas node with the given name. */
export function canvasNode(page: Page, nodeName: string): Locator {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
}

/** Opens a node's parameter panel by double-clicking the node on the canvas, as a user does. */
export async function openNodePanel(page: Page, nodeName: string): Promise<Locator> {
	await canvasNode(page, nodeName).dblclick();
	const panel = page.locator(NODE_PANEL);
	await panel.waitFor();
	await panel.locator(NODE_PARAMETERS).waitFor();
	// The double-click leaves the pointer over a field, whose hover controls would show in a
	// screenshot. The top-left corner is covered by the panel's backdrop.
	await page.mouse.move(0, 0);
	await page.waitForTimeout(ANIMATION_SETTLE_MS);
	return panel;
}

/** Closes the open parameter panel with its close button (2.41) or Back to canvas link (1.123). */
export async function closeNodePanel(page: Page): Promise<void> {
	await page
		.locator('[data-test-id="ndv-close-button"], [data-test-id="back-to-canvas"]')
		.first()
		.click();
	await page.locator(NODE_PANEL).waitFor({ state: 'hidden' });
}

/** Closes the parameter panel when one is open, for example after a failed step. */
export async function closeNodePanelIfOpen(page: Page): Promise<void> {
	const panel = page.locator(NODE_PANEL);
	if (!(await panel.isVisible())) return;
	// Escape closes an open dropdown or dialog, and in n8n 1.123 the panel itself.
	await page.keyboard.press('Escape');
	try {
		await panel.waitFor({ state: 'hidden', timeout: 2_000 });
	} catch {
		await closeNodePanel(page);
	}
}

/** Returns the visible labels of the open panel's parameters, one line each. */
export async function readParameterLabels(page: Page): Promise<string[]> {
	const texts = await page.locator(`${NODE_PARAMETERS} label:visible`).allInnerTexts();
	// A label's text can contain the Fixed / Expression switch after a line break.
	return texts.map((text) => text.split('\n')[0].trim());
}

/** Returns the row of one parameter in the open panel, found through its label's `for`. */
export function parameterRow(page: Page, parameterName: string): Locator {
	return page
		.locator(`${NODE_PARAMETERS} [data-test-id="parameter-item"]`)
		.filter({ has: page.locator(`label[for="${parameterName}"]`) });
}

/**
 * Returns whether the parameter's row shows n8n's issue icon. n8n 1.123 and 2.41 put no asterisk
 * on required node parameters: a required parameter is marked by this icon while it is empty.
 */
export async function hasParameterIssue(page: Page, parameterName: string): Promise<boolean> {
	const icons = parameterRow(page, parameterName).locator('[data-test-id="parameter-issues"]');
	return (await icons.count()) > 0 && (await icons.first().isVisible());
}

/**
 * Returns the tooltip text of the parameter's issue icon, read by hovering over it. The tooltip
 * stays open until the mouse moves, so a screenshot taken next shows it.
 */
export async function readParameterIssueText(page: Page, parameterName: string): Promise<string> {
	const icon = parameterRow(page, parameterName).locator('[data-test-id="parameter-issues"]');
	await icon.first().hover();
	// n8n 2.41 renders tooltips with reka-ui (tooltip-content), n8n 1.123 with element-plus poppers.
	const tooltip = page
		.locator('[data-test-id="tooltip-content"]:visible, .el-popper:visible')
		.filter({ hasText: /\S/ })
		.last();
	await tooltip.waitFor({ timeout: 5_000 });
	await page.waitForTimeout(ANIMATION_SETTLE_MS);
	return (await tooltip.innerText()).trim();
}

/**
 * Opens the dropdown of an `options` or `multiOptions` parameter, returns the names of its options
 * in the order shown and closes it again with Escape.
 */
export async function readDropdownOptions(page: Page, parameterName: string): Promise<string[]> {
	const items = await openDropdown(page, parameterName);
	const names: string[] = [];
	for (const item of await items.all()) {
		// Options with a description show the name in a headline above it.
		const headline = item.locator('.option-headline');
		const text = (await headline.count()) > 0 ? await headline.innerText() : await item.innerText();
		names.push(text.trim());
	}
	await page.keyboard.press('Escape');
	await items.first().waitFor({ state: 'hidden' });
	return names;
}

/** Picks one option of an `options` parameter by its name, as a user does. */
export async function selectDropdownOption(
	page: Page,
	parameterName: string,
	optionName: string,
): Promise<void> {
	const items = await openDropdown(page, parameterName);
	const option = items.filter({
		has: page.locator('.option-headline', { hasText: new RegExp(`^${escapeRegExp(optionName)}$`) }),
	});
	const target = (await option.count()) > 0 ? option : items.filter({ hasText: optionName });
	await target.first().click();
	await items.first().waitFor({ state: 'hidden' });
	await page.waitForTimeout(ANIMATION_SETTLE_MS);
}

/** Returns the texts of the selected values (tags) of a `multiOptions` parameter. */
export async function readSelectedTags(page: Page, parameterName: string): Promise<string[]> {
	const tags = page.locator(`[data-test-id="parameter-input-${parameterName}"] .el-tag:visible`);
	return (await tags.allInnerTexts()).map((text) => text.trim());
}

/** Removes every selected value of a `multiOptions` parameter with the tags' close icons. */
export async function clearSelectedTags(page: Page, parameterName: string): Promise<void> {
	const closeIcons = page.locator(
		`[data-test-id="parameter-input-${parameterName}"] .el-tag__close:visible`,
	);
	for (let remaining = await closeIcons.count(); remaining > 0; remaining--) {
		await closeIcons.first().click();
		await page.waitForTimeout(ANIMATION_SETTLE_MS);
	}
}

/**
 * Opens the dialog for a new credential from the panel's credential dropdown and returns the
 * choices that n8n offers for the node's authentication field: radio buttons under Connect using
 * in n8n 1.123, a dropdown next to Setup credential in 2.41. Closes the dialog without saving.
 */
export async function readNewCredentialModes(page: Page): Promise<string[]> {
	await page.locator('[data-test-id="node-credentials-select"]').click();
	await page.locator('[data-test-id="node-credentials-select-item-new"]').click();
	const dialog = page.locator('[data-test-id="credential-edit-dialog"]');
	await dialog.waitFor();
	await page.waitForTimeout(ANIMATION_SETTLE_MS);

	let modes: string[];
	const radioLabels = dialog.locator('[data-test-id="node-auth-type-selector"] .el-radio__label');
	if ((await radioLabels.count()) > 0) {
		modes = await radioLabels.allInnerTexts();
	} else {
		await dialog.locator('[data-test-id="credential-mode-dropdown-trigger"]').click();
		const items = page.locator('[role="menu"]:visible [role^="menuitem"]');
		await items.first().waitFor();
		modes = await items.allInnerTexts();
	}

	// Escape closes the open menu first and then the dialog, which discards the new credential.
	for (let attempt = 0; attempt < 3 && (await dialog.isVisible()); attempt++) {
		await page.keyboard.press('Escape');
		await page.waitForTimeout(ANIMATION_SETTLE_MS);
	}
	if (await dialog.isVisible())
		throw new Error('The new-credential dialog did not close on Escape.');
	return modes.map((mode) => mode.trim());
}

/**
 * Clicks a dropdown parameter and returns its visible options. The click is repeated once when no
 * option shows within a few seconds, because a click during the panel's opening animation can be
 * lost.
 */
async function openDropdown(page: Page, parameterName: string): Promise<Locator> {
	const input = page.locator(`[data-test-id="parameter-input-${parameterName}"]`);
	const items = page.locator(VISIBLE_DROPDOWN_ITEMS);
	for (let attempt = 1; ; attempt++) {
		await input.click();
		try {
			await items.first().waitFor({ timeout: 3_000 });
			await page.waitForTimeout(ANIMATION_SETTLE_MS);
			return items;
		} catch (error) {
			if (attempt >= 2) {
				throw new Error(`The dropdown of parameter "${parameterName}" showed no options.`, {
					cause: error,
				});
			}
		}
	}
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
