/**
 * Polling of new and updated leads for the ProspectB2B Lead Trigger.
 *
 * `GET /leads` is ordered by `(updated_at, id)` ascending, so the node keeps one position in its
 * static data, `position: {updated_at, id}`: the newest lead it emitted, or the moment polling
 * began. Each poll reads every lead after that position and stores the new position only once
 * the pages are read, so a poll that fails midway is repeated in full by the next poll.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import {
	compareLeadPositions,
	LEADS_PATH,
	readDataList,
	readLeadPosition,
	REQUIRED_SCOPES,
	UPDATED_AFTER_PARAM,
} from '../shared/contract';
import type { LeadPosition } from '../shared/contract';
import type { RequestContext } from '../shared/errors';
import { apiRequest, walkPages } from '../shared/trigger-transport';

/** Number of leads a manual test run requests. The first new one becomes the sample. */
const SAMPLE_PAGE_SIZE = 5;

const LIST_CONTEXT: RequestContext = {
	itemIndex: 0,
	action: 'list leads',
	requiredScope: REQUIRED_SCOPES.lead.read,
};

interface PollOptions {
	includeExisting?: boolean;
}

function readStoredPosition(staticData: IDataObject): LeadPosition | undefined {
	return readLeadPosition(staticData.position);
}

/**
 * Returns the query that lists leads after a position. `updated_after` is strictly after, so
 * the query starts one millisecond earlier: a lead with the same `updated_at` and a later ID is
 * still new, and `isAfter` drops the leads at or before the position.
 */
function queryAfter(position: LeadPosition | undefined): IDataObject {
	if (position === undefined) return {};
	const from = new Date(Date.parse(position.updated_at) - 1).toISOString();
	return { [UPDATED_AFTER_PARAM]: from };
}

function isAfter(row: IDataObject, position: LeadPosition | undefined): boolean {
	const rowPosition = readLeadPosition(row);
	if (position === undefined || rowPosition === undefined) return true;
	return compareLeadPositions(rowPosition, position) > 0;
}

/**
 * Returns the milliseconds after which the walk should stop reading pages. n8n 2.x gives a poll
 * a time budget (`IPollFunctions.getPollBudgetMs` in n8n-workflow 2.41) and abandons a poll
 * that exceeds it. Half of it leaves room for the run. n8n 1.x has no budget.
 */
function readPageDeadline(functions: IPollFunctions): number | undefined {
	if (typeof functions.getPollBudgetMs !== 'function') return undefined;
	return Date.now() + functions.getPollBudgetMs() / 2;
}

/**
 * Reads every lead after the position, and returns them with the position of the newest. A
 * lead updated while the pages are read is listed again at its new place. It is emitted once,
 * in its newest version. When the time budget runs out, the walk stops after a page. Because the
 * list is ordered, every lead up to the newest one read has been read, so the next poll
 * continues from there.
 */
async function readLeadsAfter(
	functions: IPollFunctions,
	stored: LeadPosition | undefined,
): Promise<{ leads: IDataObject[]; newest: LeadPosition | undefined }> {
	const leadsById = new Map<string, IDataObject>();
	const deadline = readPageDeadline(functions);
	let newest = stored;
	let stoppedEarly = false;

	await walkPages(functions, LEADS_PATH, queryAfter(stored), LIST_CONTEXT, (rows) => {
		for (const row of rows.filter((candidate) => isAfter(candidate, stored))) {
			const position = readLeadPosition(row);
			const key = position?.id ?? `unpositioned-${leadsById.size}`;
			leadsById.delete(key);
			leadsById.set(key, row);
			if (
				position !== undefined &&
				(newest === undefined || compareLeadPositions(position, newest) > 0)
			) {
				newest = position;
			}
		}
		stoppedEarly = deadline !== undefined && Date.now() > deadline;
		return stoppedEarly ? 'stop' : 'next';
	});

	if (stoppedEarly) {
		functions.logger.info(
			'ProspectB2B Lead Trigger stopped reading pages to stay within the poll time',
			{
				leads: leadsById.size,
				position: newest === undefined ? 'none' : `${newest.updated_at} ${newest.id}`,
			},
		);
	}
	return { leads: [...leadsById.values()], newest };
}

/**
 * Returns one lead for a manual test run, without touching the stored position: the first lead
 * the next poll would emit, or else any lead, so that the user sees the fields.
 */
async function sampleLead(
	functions: IPollFunctions,
	stored: LeadPosition | undefined,
): Promise<INodeExecutionData[][] | null> {
	const query = { ...queryAfter(stored), limit: SAMPLE_PAGE_SIZE };
	const page = await apiRequest(
		functions,
		{ method: 'GET', path: LEADS_PATH, qs: query },
		LIST_CONTEXT,
	);
	let sample = readDataList(page.body).find((row) => isAfter(row as IDataObject, stored));

	if (sample === undefined && stored !== undefined) {
		const anyPage = await apiRequest(
			functions,
			{ method: 'GET', path: LEADS_PATH, qs: { limit: 1 } },
			LIST_CONTEXT,
		);
		sample = readDataList(anyPage.body)[0];
	}
	return sample === undefined ? null : [[{ json: sample as IDataObject }]];
}

/** Runs one poll. See the module comment. */
export async function pollLeads(functions: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const staticData = functions.getWorkflowStaticData('node');
	const stored = readStoredPosition(staticData);
	if (functions.getMode() === 'manual') return await sampleLead(functions, stored);

	const options = functions.getNodeParameter('options', {}) as PollOptions;
	if (stored === undefined && options.includeExisting !== true) {
		// NOTE: n8n's clock replaces the API's here. A lead that the API stamps earlier than this
		// moment, for example because its clock runs behind, is not emitted.
		staticData.position = { updated_at: new Date().toISOString(), id: '' };
		return null;
	}

	const { leads, newest } = await readLeadsAfter(functions, stored);
	if (newest !== undefined) staticData.position = { ...newest };
	return leads.length === 0 ? null : [leads.map((lead) => ({ json: lead }))];
}
