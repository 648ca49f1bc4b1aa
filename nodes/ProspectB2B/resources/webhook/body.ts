import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { WEBHOOK_EVENTS } from '../../../shared/contract';
import { rejectInput } from '../../shared/presend';

function readUrl(functions: IExecuteSingleFunctions, parameter: string): string | undefined {
	const value = String(functions.getNodeParameter(parameter, '') ?? '').trim();
	if (value === '') return undefined;
	let url: URL | undefined;
	try {
		url = new URL(value);
	} catch {
		url = undefined;
	}
	if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		rejectInput(
			functions,
			'URL',
			value,
			'it is not an absolute http or https URL',
			'Enter the full address that should receive the events, such as https://example.com/webhooks/prospectb2b.',
		);
	}
	return value;
}

function readEvents(functions: IExecuteSingleFunctions, parameter: string): string[] | undefined {
	const value = functions.getNodeParameter(parameter, []) as unknown;
	const list = Array.isArray(value) ? value : String(value ?? '').split(',');
	const events = list.map((event) => String(event).trim()).filter((event) => event !== '');
	if (events.length === 0) return undefined;
	const unknown = events.find((event) => !(WEBHOOK_EVENTS as readonly string[]).includes(event));
	if (unknown !== undefined) {
		rejectInput(
			functions,
			'Events',
			unknown,
			'it is not a ProspectB2B event',
			`Choose from ${WEBHOOK_EVENTS.join(', ')}.`,
		);
	}
	return [...new Set(events)];
}

/** Pre-send step of Webhook > Create: validates the URL and events and sets the body. */
export async function setWebhookCreateBody(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const url = readUrl(this, 'url');
	if (url === undefined) {
		rejectInput(this, 'URL', '', 'it is empty', 'Enter the address that should receive events.');
	}
	const events = readEvents(this, 'events');
	if (events === undefined) {
		rejectInput(this, 'Events', [], 'no event is selected', 'Select at least one event.');
	}
	const body: IDataObject = { url, events };
	const description = String(this.getNodeParameter('additionalFields.description', '') ?? '');
	if (description.trim() !== '') body.description = description;
	requestOptions.body = body;
	return requestOptions;
}

/** Pre-send step of Webhook > Update: sends only the fields set, and rejects an empty update. */
export async function setWebhookUpdateBody(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const fields = this.getNodeParameter('updateFields', {}) as IDataObject;
	const body: IDataObject = {};
	if ('url' in fields) {
		const url = readUrl(this, 'updateFields.url');
		if (url !== undefined) body.url = url;
	}
	if ('events' in fields) {
		const events = readEvents(this, 'updateFields.events');
		if (events !== undefined) body.events = events;
	}
	if ('enabled' in fields) body.enabled = this.getNodeParameter('updateFields.enabled') === true;
	if ('description' in fields) {
		body.description = String(this.getNodeParameter('updateFields.description', '') ?? '');
	}
	if (Object.keys(body).length === 0) {
		rejectInput(
			this,
			'Update Fields',
			fields,
			'no field is set',
			'Add at least one field to change under Update Fields.',
		);
	}
	requestOptions.body = body;
	return requestOptions;
}
