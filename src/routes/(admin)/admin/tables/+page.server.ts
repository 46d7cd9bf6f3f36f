import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as tables from '$lib/server/tables';
import { perform, requireContext } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireContext(event, 'admin');
	return { tables: tables.list(getDb()).map((t) => ({ id: t.id, name: t.name, kind: t.kind })) };
};

export const actions = {
	create: async (event) => {
		const ctx = requireContext(event, 'admin');
		const values = formObject(await event.request.formData());
		const result = perform(event, 'create', values, (tx) => tables.create(tx, ctx, values));
		if (result && 'id' in result) redirect(303, `/admin/tables/${result.id}`);
		return result;
	}
} satisfies Actions;
