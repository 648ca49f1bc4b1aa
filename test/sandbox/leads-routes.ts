import type { WebhookEvent } from './contract';
import { ApiError, describeValue, validationFailed, type FieldError } from './errors';
import { isValidEmail, parseLeadInput } from './lead-input';
import type { Lead, LeadStore } from './leads-store';
import {
	decodeCursor,
	paginate,
	parseIsoTimestamp,
	parseLimit,
	type ListFilters,
} from './pagination';
import type { ApiRequest, ApiResult, Router } from './router';
import type { CreateStatus } from './tolerance';

export type { CreateStatus } from './tolerance';

export interface LeadRoutesContext {
	leads: LeadStore;
	/** Returns the status for a response that created a lead. */
	createStatus: () => CreateStatus;
	/** Queues the webhook deliveries of an event. Deliveries are sent after the response. */
	emit?: (event: WebhookEvent, data: object) => void;
}

const LEADS_LIST = 'leads';

function leadNotFound(id: string): ApiError {
	return new ApiError(404, 'lead_not_found', `Lead ${id} was not found. Check the lead id.`, {
		lead_id: id,
	});
}

/** Parses and validates the filters of `GET /leads`, normalized for cursor comparison. */
function parseLeadFilters(query: Map<string, string>): ListFilters {
	const errors: FieldError[] = [];
	const filters: ListFilters = { updated_after: null, email: null };

	const updatedAfter = query.get('updated_after');
	if (updatedAfter !== undefined) {
		const time = parseIsoTimestamp(updatedAfter);
		if (time === null) {
			errors.push({
				field: 'updated_after',
				message:
					`updated_after must be an ISO-8601 date-time such as 2026-03-10T00:00:00.000Z, ` +
					`received ${describeValue(updatedAfter)}.`,
			});
		} else {
			filters.updated_after = new Date(time).toISOString();
		}
	}

	const email = query.get('email');
	if (email !== undefined) {
		if (!isValidEmail(email)) {
			errors.push({
				field: 'email',
				message: `email must be a valid email address, received ${describeValue(email)}.`,
			});
		} else {
			filters.email = email.toLowerCase();
		}
	}

	if (errors.length > 0) {
		throw validationFailed(errors);
	}

	return filters;
}

function listLeads(context: LeadRoutesContext, request: ApiRequest): ApiResult {
	const limit = parseLimit(request.query.get('limit'));
	const filters = parseLeadFilters(request.query);
	const cursor = request.query.get('cursor');
	const after = cursor === undefined ? null : decodeCursor(LEADS_LIST, cursor, filters);

	const matching = context.leads.all().filter((lead: Lead) => {
		if (filters.updated_after !== null && !(lead.updated_at > filters.updated_after)) {
			return false;
		}
		return filters.email === null || lead.email?.toLowerCase() === filters.email;
	});

	return { status: 200, body: { ...paginate(LEADS_LIST, matching, { limit, after, filters }) } };
}

function createLead(context: LeadRoutesContext, request: ApiRequest): ApiResult {
	const input = parseLeadInput(request.body, 'create');
	const lead = context.leads.create({ ...input, full_name: input.full_name as string });
	context.emit?.('lead.created', lead);

	return { status: context.createStatus(), body: { data: lead } };
}

function upsertLead(context: LeadRoutesContext, request: ApiRequest): ApiResult {
	const input = parseLeadInput(request.body, 'upsert');
	const existing = context.leads.findByEmail(input.email as string);

	if (existing) {
		const lead = context.leads.update(existing.id, input) as Lead;
		context.emit?.('lead.updated', lead);
		return { status: 200, body: { data: { ...lead, upserted: 'updated' } } };
	}

	// Creating through an upsert needs the same required fields as POST /leads.
	if (input.full_name === undefined) {
		throw validationFailed([
			{
				field: 'full_name',
				message: 'full_name is required when no lead has this email and a lead is created.',
			},
		]);
	}

	const lead = context.leads.create({ ...input, full_name: input.full_name });
	context.emit?.('lead.created', lead);
	return { status: context.createStatus(), body: { data: { ...lead, upserted: 'created' } } };
}

function getLead(context: LeadRoutesContext, request: ApiRequest): ApiResult {
	const lead = context.leads.get(request.params.lead_id);
	if (!lead) {
		throw leadNotFound(request.params.lead_id);
	}

	return { status: 200, body: { data: lead } };
}

function patchLead(context: LeadRoutesContext, request: ApiRequest): ApiResult {
	const input = parseLeadInput(request.body, 'patch');
	const lead = context.leads.update(request.params.lead_id, input);
	if (!lead) {
		throw leadNotFound(request.params.lead_id);
	}
	context.emit?.('lead.updated', lead);

	return { status: 200, body: { data: lead } };
}

/** Adds the lead routes: list, create, upsert, get and patch. */
export function registerLeadRoutes(router: Router, context: LeadRoutesContext): void {
	router.add({
		method: 'GET',
		path: '/leads',
		scope: 'leads.read',
		query: ['limit', 'cursor', 'updated_after', 'email'],
		handler: (request) => listLeads(context, request),
	});
	router.add({
		method: 'POST',
		path: '/leads',
		scope: 'leads.write',
		handler: (request) => createLead(context, request),
	});
	router.add({
		method: 'POST',
		path: '/leads/upsert',
		scope: 'leads.write',
		handler: (request) => upsertLead(context, request),
	});
	router.add({
		method: 'GET',
		path: '/leads/{lead_id}',
		scope: 'leads.read',
		handler: (request) => getLead(context, request),
	});
	router.add({
		method: 'PATCH',
		path: '/leads/{lead_id}',
		scope: 'leads.write',
		handler: (request) => patchLead(context, request),
	});
}
