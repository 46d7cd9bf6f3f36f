import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as users from '$lib/server/users';
import * as organisations from '$lib/server/organisations';
import { idParam, perform, requireContext, translate } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireContext(event, 'admin');
	const userId = idParam(event, event.params.id, 'user');
	const db = getDb();
	try {
		const u = users.get(db, userId);
		return {
			person: {
				id: u.id,
				name: u.name,
				email: u.email,
				organisationId: u.organisationId,
				domain: u.domain,
				roles: u.roles,
				active: u.active
			},
			organisations: organisations.list(db).map((o) => ({ id: o.id, name: o.name }))
		};
	} catch (e) {
		translate(event, e, 'user', userId);
	}
};

export const actions = {
	default: async (event) => {
		const ctx = requireContext(event, 'admin');
		const userId = idParam(event, event.params.id, 'user');
		const raw = formObject(await event.request.formData(), ['roles']);
		const { active, ...values } = raw;
		const result = perform(event, 'user', raw, (tx) => users.update(tx, ctx, userId, values, active === '1'));
		if (result && 'id' in result) redirect(303, '/admin/users?opgeslagen=1');
		return result;
	}
} satisfies Actions;
