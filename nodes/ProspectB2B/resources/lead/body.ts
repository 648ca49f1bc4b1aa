import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { LEAD_FIELDS } from '../../../shared/contract';
import { rejectInput } from '../../shared/presend';

// Loose on purpose: the API has the final word, this only catches obvious typos early.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface CustomFieldRow {
	name?: string;
	value?: unknown;
}

function readText(functions: IExecuteSingleFunctions, parameter: string): string | undefined {
	const value = functions.getNodeParameter(parameter, '') as unknown;
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

/** Parameter paths of a lead operation's inputs: top-level fields and one collection for the rest. */
export interface LeadFieldSource {
	fullName: string;
	email: string;
	companyName: string;
	/** The collection that contains the other fields, such as `additionalFields`. */
	collection: string;
}

function readTags(functions: IExecuteSingleFunctions, collection: string): string[] | undefined {
	const value = functions.getNodeParameter(`${collection}.tags`, '') as unknown;
	if (value === '' || value === undefined || value === null) return undefined;
	const list = Array.isArray(value) ? value : String(value).split(',');
	const tags = list.map((tag) => String(tag).trim()).filter((tag) => tag !== '');
	return tags;
}

function readCustomFields(
	functions: IExecuteSingleFunctions,
	collection: string,
): IDataObject | undefined {
	const rows = functions.getNodeParameter(`${collection}.customFields.field`, []) as
		CustomFieldRow[] | undefined;
	if (!rows || rows.length === 0) return undefined;
	const fields: IDataObject = {};
	for (const row of rows) {
		const name = String(row.name ?? '').trim();
		if (name === '') {
			rejectInput(
				functions,
				'Custom Fields name',
				row.name ?? '',
				'it is empty',
				'Give every custom field a name, or remove the empty row.',
			);
		}
		if (name in fields) {
			rejectInput(
				functions,
				'Custom Fields name',
				name,
				'it is set twice',
				'Set each custom field once.',
			);
		}
		fields[name] = row.value as IDataObject[string];
	}
	return fields;
}

function readExtraBody(functions: IExecuteSingleFunctions, collection: string): IDataObject {
	const value = functions.getNodeParameter(`${collection}.extraBody`, '{}') as unknown;
	if (value === '' || value === undefined || value === null) return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			rejectInput(
				functions,
				'Extra Body (JSON)',
				value,
				`it is not valid JSON (${(error as Error).message})`,
				'Enter a JSON object such as {"status": "qualified"}, or clear the field.',
			);
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		rejectInput(
			functions,
			'Extra Body (JSON)',
			value,
			'it is not a JSON object',
			'Enter a JSON object such as {"status": "qualified"}, or clear the field.',
		);
	}
	return parsed as IDataObject;
}

/**
 * Builds the lead body from the node's fields: the named fields by their API names, then the
 * keys of Extra Body (JSON) as they are. A key set both ways is rejected rather than silently
 * letting one value win.
 */
export function buildLeadBody(
	functions: IExecuteSingleFunctions,
	source: LeadFieldSource,
	required: { fullName?: boolean; email?: boolean } = {},
): IDataObject {
	const body: IDataObject = {};

	const fullName = readText(functions, source.fullName);
	if (required.fullName && fullName === undefined) {
		rejectInput(
			functions,
			'Full Name',
			functions.getNodeParameter(source.fullName, '') as string,
			'it is empty',
			"Enter the lead's full name, or map a field that holds it.",
		);
	}
	if (fullName !== undefined) body[LEAD_FIELDS.fullName] = fullName;

	const email = readText(functions, source.email);
	if (required.email && email === undefined) {
		rejectInput(
			functions,
			'Email',
			functions.getNodeParameter(source.email, '') as string,
			'it is empty',
			'Enter the email address that identifies the lead, or map a field that holds it.',
		);
	}
	if (email !== undefined) {
		if (!EMAIL_PATTERN.test(email)) {
			rejectInput(
				functions,
				'Email',
				email,
				'it is not an email address',
				'Enter an address such as ada@example.com, or leave Email empty.',
			);
		}
		body[LEAD_FIELDS.email] = email;
	}

	const textFields = [
		[source.companyName, LEAD_FIELDS.companyName],
		[`${source.collection}.jobTitle`, LEAD_FIELDS.jobTitle],
		[`${source.collection}.phone`, LEAD_FIELDS.phone],
		[`${source.collection}.website`, LEAD_FIELDS.website],
		[`${source.collection}.linkedinUrl`, LEAD_FIELDS.linkedinUrl],
	] as const;
	for (const [parameter, apiName] of textFields) {
		const value = readText(functions, parameter);
		if (value !== undefined) body[apiName] = value;
	}

	const tags = readTags(functions, source.collection);
	if (tags !== undefined) body[LEAD_FIELDS.tags] = tags;
	const customFields = readCustomFields(functions, source.collection);
	if (customFields !== undefined) body[LEAD_FIELDS.customFields] = customFields;

	const extraBody = readExtraBody(functions, source.collection);
	for (const [key, value] of Object.entries(extraBody)) {
		if (key in body) {
			rejectInput(
				functions,
				'Extra Body (JSON)',
				key,
				'this key is also set by another field of the node',
				`Set "${key}" in one place only: remove it from Extra Body (JSON) or clear the other field.`,
			);
		}
		body[key] = value;
	}
	return body;
}

const TOP_LEVEL_FIELDS = {
	fullName: 'fullName',
	email: 'email',
	companyName: 'companyName',
	collection: 'additionalFields',
};

/** Pre-send step of Lead > Create: validates the fields and sets the JSON body. */
export async function setCreateBody(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.body = buildLeadBody(this, TOP_LEVEL_FIELDS, { fullName: true });
	return requestOptions;
}

/** Pre-send step of Lead > Upsert: the email identifies the lead, so it is required. */
export async function setUpsertBody(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.body = buildLeadBody(this, TOP_LEVEL_FIELDS, { email: true });
	return requestOptions;
}

/** Pre-send step of Lead > Update: sends only the fields set, and rejects an empty update. */
export async function setUpdateBody(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = buildLeadBody(this, {
		fullName: 'updateFields.fullName',
		email: 'updateFields.email',
		companyName: 'updateFields.companyName',
		collection: 'updateFields',
	});
	if (Object.keys(body).length === 0) {
		rejectInput(
			this,
			'Update Fields',
			this.getNodeParameter('updateFields', {}),
			'no field is set',
			'Add at least one field to change under Update Fields. Empty fields are not sent.',
		);
	}
	requestOptions.body = body;
	return requestOptions;
}
