import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as organisations from '$lib/server/organisations';
import { attempt, idParam, requirePage, translate } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requirePage(event, 'admin');
	const id = idParam(event, event.params.id, 'organisation');
	try {
		return { organisation: organisations.get(getDb(), id) };
	} catch (e) {
		translate(event, e, 'organisation', id);
	}
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePage(event, 'admin');
		const id = idParam(event, event.params.id, 'organisation');
		const values = formObject(await event.request.formData());
		const result = await attempt(event, values, () => organisations.update(getDb(), actor.id, id, values, event.locals.now));
		if (result && 'id' in result) redirect(303, '/admin/organisations');
		return result;
	}
};
