import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { EXPORT_FAILED_STATUS, readDataObject } from '../../../shared/contract';
import type { RequestContext } from '../../../shared/errors';
import type { SendFunction } from '../../shared/transport';
import { toItem } from '../../shared/transport';

/** The wait between probes when the API gives no retry_after_seconds: 1 s, doubling to 30 s. */
const PROBE_INTERVAL_START_MS = 1_000;
const PROBE_INTERVAL_MAX_MS = 30_000;

function nextProbeDelay(readiness: IDataObject, probesDone: number): number {
	const hinted = Number(readiness.retry_after_seconds);
	if (Number.isFinite(hinted) && hinted > 0) return hinted * 1000;
	return Math.min(PROBE_INTERVAL_MAX_MS, PROBE_INTERVAL_START_MS * 2 ** (probesDone - 1));
}

function failedExportError(
	functions: IExecutePaginationFunctions,
	readiness: IDataObject,
	requestId: string | undefined,
	context: RequestContext,
): NodeApiError {
	const message =
		typeof readiness.error_message === 'string' ? readiness.error_message : 'none given';
	return new NodeApiError(functions.getNode(), readiness as never, {
		message: `The export "${context.objectId}" failed, so it has no file to download`,
		description: `ProspectB2B reported: ${message}. Create a new export, and quote request_id ${requestId ?? 'not given'} to ProspectB2B support if it fails again.`,
		itemIndex: context.itemIndex,
	});
}

function fileNameOf(disposition: unknown, fallback: string): string {
	if (typeof disposition !== 'string') return fallback;
	const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
	return match ? decodeURIComponent(match[1]) : fallback;
}

/**
 * Downloads the ready export's file into a binary property. The download URL is pre-signed, so
 * it is fetched without the API key: sending the key to a file host would leak it.
 */
async function downloadFile(
	functions: IExecutePaginationFunctions,
	readiness: IDataObject,
	context: RequestContext,
	item: INodeExecutionData,
): Promise<void> {
	const url = readiness.download_url;
	if (typeof url !== 'string' || url === '') {
		throw new NodeOperationError(functions.getNode(), 'The ready export has no download_url', {
			itemIndex: context.itemIndex,
			description: 'ProspectB2B marked the export ready but sent no address to download it from.',
		});
	}
	const response = await functions.helpers.httpRequest({
		url,
		method: 'GET',
		encoding: 'arraybuffer',
		json: false,
		returnFullResponse: true,
	});
	const headers = response.headers as IDataObject;
	const fallbackName = `${context.objectId ?? 'export'}.${String(readiness.format ?? 'csv')}`;
	const fileName = fileNameOf(headers['content-disposition'], fallbackName);
	const mimeType =
		typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
	const property = String(functions.getNodeParameter('binaryPropertyName', 'data'));
	const binary = await functions.helpers.prepareBinaryData(
		Buffer.from(response.body as ArrayBuffer),
		fileName,
		mimeType?.split(';')[0],
	);
	item.binary = { [property]: binary };
}

/**
 * Export > Get Download: probes the readiness of an export once, or, with Wait Until Ready,
 * until `download_ready` is true or Max Wait has passed. It waits `retry_after_seconds` when the
 * API gives it and otherwise backs off, with n8n's `sleep`.
 */
export async function getDownload(
	this: IExecutePaginationFunctions,
	send: SendFunction,
	_requestData: DeclarativeRestApiSettings.ResultOptions,
	context: RequestContext,
): Promise<INodeExecutionData[]> {
	const waitUntilReady = this.getNodeParameter('waitUntilReady', false) === true;
	const maxWaitMs = Number(this.getNodeParameter('maxWait', 300)) * 1000;
	const wantFile = this.getNodeParameter('downloadFile', false) === true;
	const deadline = Date.now() + maxWaitMs;

	for (let probes = 1; ; probes++) {
		const { body, requestId } = await send();
		const readiness = readDataObject(body) as IDataObject;
		if (readiness.status === EXPORT_FAILED_STATUS) {
			throw failedExportError(this, readiness, requestId, context);
		}
		if (readiness.download_ready === true || !waitUntilReady) {
			const item = toItem(this, { ...readiness, probes }, requestId);
			if (readiness.download_ready === true && wantFile) {
				await downloadFile(this, readiness, context, item);
			}
			return [item];
		}

		const remaining = deadline - Date.now();
		if (remaining <= 0) {
			throw new NodeOperationError(
				this.getNode(),
				`The export "${context.objectId}" was not ready within ${maxWaitMs / 1000} seconds`,
				{
					itemIndex: context.itemIndex,
					description: `The last probe saw status "${String(readiness.status)}" after ${probes} probes (request_id ${requestId ?? 'not given'}). Raise Max Wait, or run Get Download again later.`,
				},
			);
		}
		// The last wait is shortened so that one final probe happens at the deadline.
		await sleep(Math.min(nextProbeDelay(readiness, probes), remaining));
	}
}
