import type { INodeProperties } from 'n8n-workflow';

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
