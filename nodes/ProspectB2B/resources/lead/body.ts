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

function readTags(functions: IExecuteSingleFunctions): string[] | undefined {
	const value = functions.getNodeParameter('additionalFields.tags', '') as unknown;
	if (value === '' || value === undefined || value === null) return undefined;
	const list = Array.isArray(value) ? value : String(value).split(',');
	const tags = list.map((tag) => String(tag).trim()).filter((tag) => tag !== '');
	return tags;
}

function readCustomFields(functions: IExecuteSingleFunctions): IDataObject | undefined {
	const rows = functions.getNodeParameter('additionalFields.customFields.field', []) as
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

function readExtraBody(functions: IExecuteSingleFunctions): IDataObject {
	const value = functions.getNodeParameter('additionalFields.extraBody', '{}') as unknown;
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
	options: { requireFullName: boolean },
): IDataObject {
	const body: IDataObject = {};

	const fullName = readText(functions, 'fullName');
	if (options.requireFullName && fullName === undefined) {
		rejectInput(
			functions,
			'Full Name',
			functions.getNodeParameter('fullName', '') as string,
			'it is empty',
			"Enter the lead's full name, or map a field that holds it.",
		);
	}
	if (fullName !== undefined) body[LEAD_FIELDS.fullName] = fullName;

	const email = readText(functions, 'email');
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
		['companyName', LEAD_FIELDS.companyName],
		['additionalFields.jobTitle', LEAD_FIELDS.jobTitle],
		['additionalFields.phone', LEAD_FIELDS.phone],
		['additionalFields.website', LEAD_FIELDS.website],
		['additionalFields.linkedinUrl', LEAD_FIELDS.linkedinUrl],
	] as const;
	for (const [parameter, apiName] of textFields) {
		const value = readText(functions, parameter);
		if (value !== undefined) body[apiName] = value;
	}

	const tags = readTags(functions);
	if (tags !== undefined) body[LEAD_FIELDS.tags] = tags;
	const customFields = readCustomFields(functions);
	if (customFields !== undefined) body[LEAD_FIELDS.customFields] = customFields;

	const extraBody = readExtraBody(functions);
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

/** Pre-send step of Lead > Create: validates the fields and sets the JSON body. */
export async function setCreateBody(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.body = buildLeadBody(this, { requireFullName: true });
	return requestOptions;
}
