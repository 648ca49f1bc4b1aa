import type { LeadInput } from './lead-input';

/** A lead as the API returns it. Timestamps are ISO-8601 UTC with milliseconds. */
export interface Lead {
	id: string;
	object: 'lead';
	full_name: string;
	email: string | null;
	company_name: string | null;
	job_title: string | null;
	phone: string | null;
	website: string | null;
	linkedin_url: string | null;
	status: string | null;
	tags: string[];
	custom_fields: Record<string, unknown>;
	created_at: string;
	updated_at: string;
}

/** Options of `LeadStore.seed`. */
export interface SeedOptions {
	/** `created_at` and `updated_at` of the first lead. Defaults to 2026-01-01T00:00:00.000Z. */
	start?: string | Date;
	/** Time between two consecutive leads' timestamps, in ms. Defaults to 1000. */
	stepMs?: number;
}

export const DEFAULT_SEED_START = '2026-01-01T00:00:00.000Z';

/** In-memory leads, in creation order. Every method returns copies. */
export class LeadStore {
	private leads = new Map<string, Lead>();
	private lastSequence = 0;

	constructor(private readonly now: () => number) {}

	reset(): void {
		this.leads.clear();
		this.lastSequence = 0;
	}

	all(): Lead[] {
		return [...this.leads.values()].map((lead) => structuredClone(lead));
	}

	get(id: string): Lead | undefined {
		const lead = this.leads.get(id);
		return lead && structuredClone(lead);
	}

	/** Returns the oldest lead whose email matches, compared case-insensitively. */
	findByEmail(email: string): Lead | undefined {
		const normalizedEmail = email.toLowerCase();
		const lead = [...this.leads.values()].find(
			(candidate) => candidate.email?.toLowerCase() === normalizedEmail,
		);
		return lead && structuredClone(lead);
	}

	/** Creates a lead from validated input that includes `full_name`. */
	create(input: LeadInput & { full_name: string }): Lead {
		const timestamp = new Date(this.now()).toISOString();
		return this.insert(input, timestamp);
	}

	/**
	 * Applies the sent fields to a lead and bumps `updated_at`. Returns undefined for an unknown id.
	 * `custom_fields` and `tags`, when sent, replace the stored values as a whole.
	 */
	update(id: string, input: LeadInput): Lead | undefined {
		const lead = this.leads.get(id);
		if (!lead) {
			return undefined;
		}

		Object.assign(lead, structuredClone(input));

		// updated_at never moves backwards, and two updates in one millisecond still differ, so an
		// incremental sync that filters with updated_after receives every change.
		const previous = Date.parse(lead.updated_at);
		lead.updated_at = new Date(Math.max(this.now(), previous + 1)).toISOString();

		return structuredClone(lead);
	}

	/**
	 * Creates `count` leads with predictable content and timestamps `stepMs` apart, starting at
	 * `start`. Names and emails carry the lead's sequence number, which keeps emails unique across
	 * calls: lead `lead_00000007` is "Seed Lead 7" <seed-lead-7@example.com>.
	 */
	seed(count: number, options: SeedOptions = {}): Lead[] {
		if (!Number.isInteger(count) || count < 0) {
			throw new RangeError(`Invalid seed count ${count}: expected an integer of 0 or more.`);
		}

		const start = new Date(options.start ?? DEFAULT_SEED_START).getTime();
		if (Number.isNaN(start)) {
			throw new RangeError(
				`Invalid seed start ${String(options.start)}: expected an ISO-8601 time.`,
			);
		}

		const stepMs = options.stepMs ?? 1000;
		if (!Number.isInteger(stepMs) || stepMs < 0) {
			throw new RangeError(`Invalid seed stepMs ${stepMs}: expected an integer of 0 or more.`);
		}

		const seeded: Lead[] = [];
		for (let i = 0; i < count; i++) {
			const timestamp = new Date(start + i * stepMs).toISOString();
			const n = this.lastSequence + 1;
			const lead = this.insert(
				{
					full_name: `Seed Lead ${n}`,
					email: `seed-lead-${n}@example.com`,
					company_name: `Seed Company ${n}`,
					job_title: 'Buyer',
					status: 'new',
					tags: ['seed'],
				},
				timestamp,
			);
			seeded.push(lead);
		}

		return seeded;
	}

	private insert(input: LeadInput & { full_name: string }, timestamp: string): Lead {
		this.lastSequence += 1;

		const lead: Lead = {
			id: `lead_${String(this.lastSequence).padStart(8, '0')}`,
			object: 'lead',
			full_name: input.full_name,
			email: input.email ?? null,
			company_name: input.company_name ?? null,
			job_title: input.job_title ?? null,
			phone: input.phone ?? null,
			website: input.website ?? null,
			linkedin_url: input.linkedin_url ?? null,
			status: input.status ?? null,
			tags: input.tags ? [...input.tags] : [],
			custom_fields: input.custom_fields ? structuredClone(input.custom_fields) : {},
			created_at: timestamp,
			updated_at: timestamp,
		};

		this.leads.set(lead.id, lead);
		return structuredClone(lead);
	}
}
