/**
 * Reads the expected panel contents (option names, required parameters, the polling notice) from
 * the built node descriptions in dist/, which are the files the tarball ships to n8n.
 */
import { join } from 'node:path';

import type {
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

export interface ExpectedNodes {
	action: INodeTypeDescription;
	webhookTrigger: INodeTypeDescription;
	pollingTrigger: INodeTypeDescription;
}

/** Loads the three node descriptions from `<repoRoot>/dist`. Run `npm run build` first. */
export function loadBuiltDescriptions(repoRoot: string): ExpectedNodes {
	return {
		action: loadDescription(repoRoot, 'ProspectB2B', 'ProspectB2B'),
		webhookTrigger: loadDescription(repoRoot, 'ProspectB2BTrigger', 'ProspectB2BTrigger'),
		pollingTrigger: loadDescription(repoRoot, 'ProspectB2BLeadTrigger', 'ProspectB2BLeadTrigger'),
	};
}

function loadDescription(
	repoRoot: string,
	folder: string,
	className: string,
): INodeTypeDescription {
	const modulePath = join(repoRoot, 'dist', 'nodes', folder, `${folder}.node.js`);
	const exported = require(modulePath) as Record<string, new () => INodeType>;
	const NodeClass = exported[className];
	if (typeof NodeClass !== 'function') {
		throw new Error(`${modulePath} does not export the class ${className}.`);
	}
	return new NodeClass().description;
}

/** Returns the named parameter, or throws when the description has none. */
export function findParameter(
	description: INodeTypeDescription,
	name: string,
	resource?: string,
): INodeProperties {
	// A parameter without a resource condition, such as Resource itself, is shown for every resource.
	const parameter = description.properties.find(
		(property) =>
			property.name === name &&
			(resource === undefined ||
				readShowValues(property, 'resource')?.includes(resource) !== false),
	);
	if (!parameter) {
		const scope = resource === undefined ? '' : ` for resource "${resource}"`;
		throw new Error(`${description.name} has no parameter "${name}"${scope}.`);
	}
	return parameter;
}

/** Returns the display names of an `options` or `multiOptions` parameter, in description order. */
export function optionNames(parameter: INodeProperties): string[] {
	return (parameter.options ?? []).map((option) => (option as INodePropertyOptions).name);
}

/**
 * Returns the required parameters that the panel shows for one resource and operation and that are
 * empty by default, so the panel must mark them. Parameters whose display depends on any parameter
 * other than resource and operation are left out, because their visibility depends on more values.
 */
export function requiredEmptyParameters(
	description: INodeTypeDescription,
	resource: string,
	operation: string,
): INodeProperties[] {
	return description.properties.filter((property) => {
		if (property.required !== true || !isEmptyDefault(property.default)) return false;
		const displayOptions = property.displayOptions;
		if (displayOptions?.hide) return false;
		const conditions = Object.keys(displayOptions?.show ?? {});
		if (conditions.some((key) => key !== 'resource' && key !== 'operation')) return false;
		return (
			readShowValues(property, 'resource')?.includes(resource) !== false &&
			readShowValues(property, 'operation')?.includes(operation) !== false
		);
	});
}

function readShowValues(property: INodeProperties, key: string): unknown[] | undefined {
	return property.displayOptions?.show?.[key] as unknown[] | undefined;
}

function isEmptyDefault(value: unknown): boolean {
	return value === '' || value === undefined || (Array.isArray(value) && value.length === 0);
}
