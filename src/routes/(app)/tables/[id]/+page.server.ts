import { getDb } from '$lib/server/db';
import * as tables from '$lib/server/tables';
import { deny, idParam, perform, requireContext } from '$lib/server/guard';
import { mayConfirmMembers, mayViewTable } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'tables', { kind: 'table', id: event.params.id });
	const tableId = idParam(event, event.params.id, 'table');
	if (!mayViewTable(ctx.actor, tableId)) deny(event, 'table', tableId);
	const db = getDb();
	const table = tables.get(db, tableId);
	const chair = mayConfirmMembers(ctx.actor, tableId);
	return {
		table: {
			id: table.id,
			name: table.name,
			kind: table.kind,
			legalBasis: table.legalBasis,
			policy: table.compartmentPolicy
		},
		members: tables.members(db, tableId).map((x) => ({
			id: x.id,
			userId: x.userId,
			name: x.userName,
			organisationName: x.organisationName,
			domain: x.domain,
			role: x.role,
			status: x.status
		})),
		isChair: chair,
		confirmed: event.url.searchParams.get('bevestigd')
	};
};

function membershipId(form: FormData): number {
	const n = Number(form.get('membershipId'));
	return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

export const actions = {
	confirm: async (event) => {
		const ctx = requireContext(event, 'tables', { kind: 'table', id: event.params.id });
		const tableId = idParam(event, event.params.id, 'table');
		const id = membershipId(await event.request.formData());
		return perform(event, 'confirm', {}, (tx) => {
			tables.confirmMember(tx, ctx, tableId, id);
			return { done: 'confirmed' as const };
		});
	},
	end: async (event) => {
		const ctx = requireContext(event, 'tables', { kind: 'table', id: event.params.id });
		const tableId = idParam(event, event.params.id, 'table');
		const id = membershipId(await event.request.formData());
		return perform(event, 'end', {}, (tx) => {
			tables.endMember(tx, ctx, tableId, id);
			return { done: 'ended' as const };
		});
	}
} satisfies Actions;
