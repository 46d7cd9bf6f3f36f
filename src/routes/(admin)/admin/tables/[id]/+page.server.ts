import { getDb } from '$lib/server/db';
import * as tables from '$lib/server/tables';
import * as users from '$lib/server/users';
import { idParam, perform, requireContext, translate } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireContext(event, 'admin', { kind: 'table', id: Number(event.params.id) || null });
	const tableId = idParam(event, event.params.id, 'table');
	const db = getDb();
	try {
		const table = tables.get(db, tableId);
		const members = tables.members(db, tableId);
		const memberIds = new Set(members.map((x) => x.userId));
		return {
			table: {
				id: table.id,
				name: table.name,
				kind: table.kind,
				legalBasis: table.legalBasis,
				policy: table.compartmentPolicy
			},
			members: members.map((x) => ({
				id: x.id,
				name: x.userName,
				organisationName: x.organisationName,
				domain: x.domain,
				role: x.role,
				status: x.status
			})),
			candidates: users
				.list(db)
				.filter(
					(u) =>
						u.active && !memberIds.has(u.id) && !u.roles.includes('admin') && !u.roles.includes('auditor')
				)
				.map((u) => ({ id: u.id, label: `${u.name} (${u.organisationName})` }))
		};
	} catch (e) {
		translate(event, e, 'table', tableId);
	}
};

export const actions = {
	details: async (event) => {
		const ctx = requireContext(event, 'admin', { kind: 'table', id: Number(event.params.id) || null });
		const tableId = idParam(event, event.params.id, 'table');
		const values = formObject(await event.request.formData());
		return perform(event, 'details', values, (tx) => {
			tables.update(tx, ctx, tableId, values);
			return { done: 'details' as const };
		});
	},
	policy: async (event) => {
		const ctx = requireContext(event, 'admin', { kind: 'table', id: Number(event.params.id) || null });
		const tableId = idParam(event, event.params.id, 'table');
		const values = formObject(await event.request.formData(), ['zorg', 'veiligheid']);
		return perform(event, 'policy', values, (tx) => {
			tables.setPolicy(tx, ctx, tableId, values);
			return { done: 'policy' as const };
		});
	},
	addMember: async (event) => {
		const ctx = requireContext(event, 'admin', { kind: 'table', id: Number(event.params.id) || null });
		const tableId = idParam(event, event.params.id, 'table');
		const values = formObject(await event.request.formData());
		return perform(event, 'addMember', values, (tx) => {
			tables.addMember(tx, ctx, tableId, values);
			return { done: 'member' as const };
		});
	},
	endMember: async (event) => {
		const ctx = requireContext(event, 'admin', { kind: 'table', id: Number(event.params.id) || null });
		const tableId = idParam(event, event.params.id, 'table');
		const form = await event.request.formData();
		return perform(event, 'endMember', {}, (tx) => {
			tables.endMember(tx, ctx, tableId, Number(form.get('membershipId')) || 0);
			return { done: 'ended' as const };
		});
	}
} satisfies Actions;
