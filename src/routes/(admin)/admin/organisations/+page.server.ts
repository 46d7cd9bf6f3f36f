import { getDb } from '$lib/server/db';
import * as organisations from '$lib/server/organisations';
import { perform, requireContext } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireContext(event, 'admin');
	return { organisations: organisations.list(getDb()) };
};

export const actions = {
	create: async (event) => {
		const ctx = requireContext(event, 'admin');
		const values = formObject(await event.request.formData());
		return perform(event, 'organisation', values, (tx) => {
			organisations.create(tx, ctx, values);
			return { created: true };
		});
	}
} satisfies Actions;
