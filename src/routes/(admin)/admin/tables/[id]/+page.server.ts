import { getDb } from '$lib/server/db';
import * as tables from '$lib/server/tables';
import * as users from '$lib/server/users';
import { attempt, idParam, requirePage, translate } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requirePage(event, 'admin');
	const tableId = idParam(event, event.params.id, 'table');
	const db = getDb();
	try {
		const table = tables.get(db, tableId);
		const members = tables.members(db, tableId);
		const memberIds = new Set(members.map((x) => x.userId));
		return {
			table: { id: table.id, name: table.name, kind: table.kind, legalBasis: table.legalBasis, policy: table.compartmentPolicy },
			members: members.map((x) => ({ id: x.id, name: x.userName, organisationName: x.organisationName, domain: x.domain, role: x.role, status: x.status })),
			candidates: users
				.list(db)
				.filter((u) => u.active && !memberIds.has(u.id) && !u.roles.includes('admin') && !u.roles.includes('auditor'))
				.map((u) => ({ id: u.id, label: `${u.name} (${u.organisationName})` }))
		};
	} catch (e) {
		translate(event, e, 'table', tableId);
	}
};

export const actions: Actions = {
	details: async (event) => {
		const actor = requirePage(event, 'admin');
		const tableId = idParam(event, event.params.id, 'table');
		const values = formObject(await event.request.formData());
		return attempt(event, values, () => {
			tables.update(getDb(), actor.id, tableId, values, event.locals.now);
			return { done: 'details' as const };
		});
	},
	policy: async (event) => {
		const actor = requirePage(event, 'admin');
		const tableId = idParam(event, event.params.id, 'table');
		const values = formObject(await event.request.formData(), ['zorg', 'veiligheid']);
		return attempt(event, values, () => {
			tables.setPolicy(getDb(), actor.id, tableId, values, event.locals.now);
			return { done: 'policy' as const };
		});
	},
	addMember: async (event) => {
		const actor = requirePage(event, 'admin');
		const tableId = idParam(event, event.params.id, 'table');
		const values = formObject(await event.request.formData());
		return attempt(event, values, () => {
			tables.addMember(getDb(), actor.id, tableId, values, event.locals.now);
			return { done: 'member' as const };
		});
	},
	endMember: async (event) => {
		const actor = requirePage(event, 'admin');
		const tableId = idParam(event, event.params.id, 'table');
		const form = await event.request.formData();
		return attempt(event, {}, () => {
			tables.endMember(getDb(), actor, tableId, Number(form.get('membershipId')) || 0, event.locals.now);
			return { done: 'ended' as const };
		});
	}
};
