import type { WebhookEvent } from './contract';

/**
 * Returns a made-up object for an event, used by `Sandbox.deliver` when no data is given. Lead
 * and export events carry the sandbox's own shapes. Import and campaign objects are not in the
 * contract, so their fields are assumed.
 */
export function sampleEventData(event: WebhookEvent, timestamp: string): Record<string, unknown> {
	const family = event.split('.')[0];

	if (family === 'lead') {
		return {
			id: 'lead_sample01',
			object: 'lead',
			full_name: 'Sample Lead',
			email: 'sample.lead@example.com',
			company_name: 'Sample Company',
			job_title: 'Buyer',
			phone: null,
			website: null,
			linkedin_url: null,
			status: 'new',
			tags: ['sample'],
			custom_fields: {},
			created_at: timestamp,
			updated_at: timestamp,
		};
	}

	if (family === 'export') {
		const failed = event === 'export.failed';
		return {
			id: 'exp_sample01',
			object: 'export',
			status: failed ? 'failed' : 'completed',
			format: 'csv',
			filters: {},
			row_count: failed ? null : 3,
			error_message: failed ? 'The export failed (sample event from the sandbox).' : null,
			created_at: timestamp,
			updated_at: timestamp,
		};
	}

	if (family === 'import') {
		const failed = event === 'import.failed';
		return {
			id: 'imp_sample01',
			object: 'import',
			status: failed ? 'failed' : 'completed',
			row_count: failed ? null : 3,
			error_message: failed ? 'The import failed (sample event from the sandbox).' : null,
			created_at: timestamp,
			updated_at: timestamp,
		};
	}

	return {
		id: 'camp_sample01',
		object: 'campaign',
		name: 'Sample Campaign',
		status: event === 'campaign.published' ? 'published' : 'draft',
		created_at: timestamp,
		updated_at: timestamp,
	};
}
