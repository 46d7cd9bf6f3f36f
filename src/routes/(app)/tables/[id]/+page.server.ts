import { getDb } from '$lib/server/db';
import * as tables from '$lib/server/tables';
import { attempt, deny, idParam, requirePage } from '$lib/server/guard';
import { mayConfirmMembers, mayViewTable } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'tables');
	const tableId = idParam(event, event.params.id, 'table');
	if (!mayViewTable(actor, tableId)) deny(event, 'table', tableId);
	const db = getDb();
	const table = tables.get(db, tableId);
	const chair = mayConfirmMembers(actor, tableId);
	return {
		table: { id: table.id, name: table.name, kind: table.kind, legalBasis: table.legalBasis, policy: table.compartmentPolicy },
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

export const actions: Actions = {
	confirm: async (event) => {
		const actor = requirePage(event, 'tables');
		const tableId = idParam(event, event.params.id, 'table');
		const id = membershipId(await event.request.formData());
		return attempt(event, {}, () => {
			tables.confirmMember(getDb(), actor, tableId, id, event.locals.now);
			return { done: 'confirmed' as const };
		});
	},
	end: async (event) => {
		const actor = requirePage(event, 'tables');
		const tableId = idParam(event, event.params.id, 'table');
		const id = membershipId(await event.request.formData());
		return attempt(event, {}, () => {
			tables.endMember(getDb(), actor, tableId, id, event.locals.now);
			return { done: 'ended' as const };
		});
	}
};
