import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as tables from '$lib/server/tables';
import { attempt, requirePage } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requirePage(event, 'admin');
	return { tables: tables.list(getDb()).map((t) => ({ id: t.id, name: t.name, kind: t.kind })) };
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requirePage(event, 'admin');
		const values = formObject(await event.request.formData());
		const result = await attempt(event, values, () => tables.create(getDb(), actor.id, values, event.locals.now));
		if (result && 'id' in result) redirect(303, `/admin/tables/${result.id}`);
		return result;
	}
};
