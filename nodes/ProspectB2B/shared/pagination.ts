import type { IDataObject, INodeExecutionData, PreSendAction } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { PAGE_SIZE_MAX, readDataList, readPagination } from '../../shared/contract';
import type { OperationContext } from './transport';
import { customRequest, toItem } from './transport';

/**
 * Routing for a list operation that follows the cursor.
 *
 * Each page keeps every query parameter that the routing built (the filters) and changes only
 * `limit` and `cursor`. With Return All each page asks for the maximum page size; with a Limit
 * it asks for no more rows than are still missing. The walk ends when the API says there is no
 * next page, or sends an empty page.
 */
export function listRequest(
	url: string,
	operation: OperationContext,
	preSend: PreSendAction[] = [],
) {
	return customRequest('GET', url, operation, preSend, async function (send, requestData, context) {
		const returnAll = this.getNodeParameter('returnAll', false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', 50) as number);
		const baseQuery = { ...(requestData.options.qs ?? {}) };
		const items: INodeExecutionData[] = [];
		let cursor: string | undefined;

		while (items.length < limit) {
			const query: IDataObject = {
				...baseQuery,
				limit: Math.min(PAGE_SIZE_MAX, limit - items.length),
			};
			if (cursor !== undefined) query.cursor = cursor;
			const page = await send({ ...requestData, options: { ...requestData.options, qs: query } });

			const rows = readDataList(page.body);
			for (const row of rows.slice(0, limit - items.length)) {
				items.push(toItem(this, row as IDataObject, page.requestId));
			}

			const { nextCursor, hasMore } = readPagination(page.body);
			if (!hasMore || rows.length === 0) break;
			if (nextCursor === cursor) {
				throw new NodeApiError(
					this.getNode(),
					{ next_cursor: nextCursor ?? null },
					{
						message: `ProspectB2B returned the same page cursor twice while trying to ${context.action}`,
						description: `The node stopped instead of requesting the same page again. request_id ${page.requestId ?? 'not given'}.`,
						itemIndex: context.itemIndex,
					},
				);
			}
			cursor = nextCursor;
		}
		return items;
	});
}
