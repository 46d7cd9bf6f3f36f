import { getDb } from '$lib/server/db';
import * as organisations from '$lib/server/organisations';
import { attempt, requirePage } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requirePage(event, 'admin');
	return { organisations: organisations.list(getDb()) };
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requirePage(event, 'admin');
		const values = formObject(await event.request.formData());
		return attempt(event, values, () => {
			organisations.create(getDb(), actor.id, values, event.locals.now);
			return { created: true };
		});
	}
};
