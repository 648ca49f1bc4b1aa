import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES, MAX_RETRIES_LIMIT } from '../../shared/retry';

/** Options of every operation that writes, shown for the operations given. */
export function writeOptions(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				placeholder: '={{ $json.crmId }}',
				description:
					'Key that makes this write safe to repeat: ProspectB2B replays the first result for the same key and body for 24 hours. Left empty, the node derives a key from the execution, node and item, so a retry of the same item reuses it.',
				hint: 'Use a value that identifies the record, such as a CRM ID. Reusing a key with a different body fails with a conflict.',
			},
		],
	};
}

/**
 * The node's own Request Options. n8n's loader merges them into the Request Options collection
 * that it adds to every declarative node (batching, proxy, timeout).
 */
export const requestOptions: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			default: DEFAULT_MAX_RETRIES,
			typeOptions: { minValue: 0, maxValue: MAX_RETRIES_LIMIT },
			description:
				'How many times to send a request again after a 429, a 5xx, a timeout or a dropped connection. Writes are sent again only with the same Idempotency-Key, so they are never applied twice. 0 turns retries off.',
		},
	],
};
