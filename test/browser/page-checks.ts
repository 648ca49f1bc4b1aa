/** Checks of the node icons and of the errors that the page logged. */
import type { Page } from 'playwright-core';

import type { BrowserSession, PageProblem } from './browser-session';
import type { CheckList } from './check-list';
import { canvasNode } from './editor-page';

export const PACKAGE_NAME = 'n8n-nodes-prospectb2b';

/** Path prefix under which n8n serves the icon files of this package. */
const ICON_PATH_PREFIX = `/icons/${PACKAGE_NAME}/`;

const PACKAGE_MENTION = /prospectb2b/i;

/**
 * URL of n8n's output-schema lookup for a node of this package. The editor requests
 * `/schemas/<node type>/<version>.json` for trigger nodes, and n8n serves it from a `__schema__`
 * folder next to the node file, which n8n-nodes-base ships and this package does not. The 404 is
 * logged as a console error but shows nothing in the panel.
 */
const OUTPUT_SCHEMA_LOOKUP = new RegExp(`/schemas/${PACKAGE_NAME}\\.[A-Za-z0-9]+/[^/]+\\.json$`);

interface IconState {
	src: string;
	complete: boolean;
	naturalWidth: number;
}

/**
 * Checks that each node's icon on the canvas comes from this package and has loaded: a broken
 * image has `naturalWidth` 0.
 */
export async function checkCanvasIcons(
	page: Page,
	checks: CheckList,
	nodes: Array<{ nodeName: string; nodeType: string }>,
): Promise<void> {
	for (const { nodeName, nodeType } of nodes) {
		const images = await readIconStates(canvasNode(page, nodeName).locator('img'));
		checkLoadedIcons(checks, `${nodeType}: canvas icon`, images);
	}
}

/**
 * Checks that the icons of this package inside the open node panel have loaded: the one in its
 * header and those of the neighbouring nodes that n8n shows at its sides.
 */
export async function checkPanelIcons(
	page: Page,
	checks: CheckList,
	nodeType: string,
): Promise<void> {
	const images = await readIconStates(page.locator('[data-test-id="ndv"] img'));
	checkLoadedIcons(checks, `${nodeType}: panel icon`, images);
}

function checkLoadedIcons(checks: CheckList, name: string, images: IconState[]): void {
	const ours = images.filter((image) => new URL(image.src).pathname.startsWith(ICON_PATH_PREFIX));
	if (ours.length === 0) {
		const found = images.map((image) => image.src).join(', ') || 'no img element';
		checks.record(name, false, `no icon of ${PACKAGE_NAME} (found: ${found})`);
		return;
	}
	for (const image of ours) {
		checks.record(
			name,
			image.complete && image.naturalWidth > 0,
			`${new URL(image.src).pathname}, naturalWidth ${image.naturalWidth}`,
		);
	}
}

async function readIconStates(images: ReturnType<Page['locator']>): Promise<IconState[]> {
	// The callback runs in the page, where each element is an HTMLImageElement. This project
	// compiles without the DOM library, so the fields are typed by IconState.
	return images.evaluateAll((elements) =>
		elements.map((element) => {
			const image = element as unknown as IconState;
			return { src: image.src, complete: image.complete, naturalWidth: image.naturalWidth };
		}),
	);
}

/**
 * Checks every light and dark icon that n8n lists for this package's node and credential types
 * (`/types/nodes.json`, `/types/credentials.json`): HTTP 200, an SVG content type and an SVG body.
 * The dark icons are requested directly, because the editor loads them only in its dark theme.
 */
export async function checkIconFiles(
	session: BrowserSession,
	baseUrl: string,
	checks: CheckList,
): Promise<void> {
	for (const listPath of ['/types/nodes.json', '/types/credentials.json']) {
		const response = await session.context.request.get(`${baseUrl}${listPath}`);
		if (!response.ok()) {
			checks.record(`${listPath} lists the icons`, false, `HTTP ${response.status()}`);
			continue;
		}
		const types = (await response.json()) as Array<{ name: string; iconUrl?: unknown }>;
		const ours = types.filter((type) => PACKAGE_MENTION.test(JSON.stringify(type.iconUrl ?? '')));
		checks.record(
			`${listPath} lists icons of ${PACKAGE_NAME}`,
			ours.length > 0,
			ours.map((type) => type.name).join(', ') || 'none',
		);

		for (const type of ours) {
			for (const iconPath of listIconPaths(type.iconUrl)) {
				const icon = await session.context.request.get(`${baseUrl}/${iconPath}`);
				const contentType = icon.headers()['content-type'] ?? '';
				const body = (await icon.text()).trimStart();
				checks.record(
					`${type.name}: icon file ${iconPath}`,
					icon.status() === 200 &&
						contentType.startsWith('image/svg+xml') &&
						/^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(body),
					`HTTP ${icon.status()}, ${contentType || 'no content type'}`,
				);
			}
		}
	}
}

/** Returns the icon paths of an `iconUrl`, which is a string or `{ light, dark }`. */
function listIconPaths(iconUrl: unknown): string[] {
	if (typeof iconUrl === 'string') return [iconUrl];
	if (iconUrl && typeof iconUrl === 'object') {
		return Object.values(iconUrl).filter((value): value is string => typeof value === 'string');
	}
	return [];
}

/**
 * Checks that no console error, page error or failed response mentions this package, in its text
 * or its URL. The output-schema lookups described at OUTPUT_SCHEMA_LOOKUP are listed apart, because
 * they are n8n's probe for an optional file, and fail no check.
 */
export function checkPageProblems(session: BrowserSession, checks: CheckList): PageProblem[] {
	const mentionsPackage = session.problems.filter(
		(problem) => PACKAGE_MENTION.test(problem.text) || PACKAGE_MENTION.test(problem.url),
	);
	const schemaLookups = mentionsPackage.filter((problem) => OUTPUT_SCHEMA_LOOKUP.test(problem.url));
	const defects = mentionsPackage.filter((problem) => !schemaLookups.includes(problem));

	checks.record(
		`console and page errors that mention ${PACKAGE_NAME}`,
		defects.length === 0,
		defects.length === 0 ? 'none' : defects.map(formatProblem).join(' | '),
	);
	return schemaLookups;
}

export function formatProblem(problem: PageProblem): string {
	const where = problem.url ? ` (${problem.url})` : '';
	return `${problem.kind}: ${problem.text.split('\n')[0]}${where}`;
}
