import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as users from '$lib/server/users';
import * as organisations from '$lib/server/organisations';
import { attempt, requirePage } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requirePage(event, 'admin');
	return { organisations: organisations.list(getDb()).map((o) => ({ id: o.id, name: o.name })) };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePage(event, 'admin');
		const raw = formObject(await event.request.formData(), ['roles']);
		const { password, ...values } = raw;
		const result = await attempt(event, values, () =>
			users.create(getDb(), actor.id, values, typeof password === 'string' ? password : '', event.locals.now)
		);
		if (result && 'id' in result) redirect(303, '/admin/users?opgeslagen=1');
		return result;
	}
};
