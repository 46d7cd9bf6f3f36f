import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as organisations from '$lib/server/organisations';
import { idParam, perform, requireContext, translate } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireContext(event, 'admin');
	const id = idParam(event, event.params.id, 'organisation');
	try {
		return { organisation: organisations.get(getDb(), id) };
	} catch (e) {
		translate(event, e, 'organisation', id);
	}
};

export const actions = {
	default: async (event) => {
		const ctx = requireContext(event, 'admin');
		const id = idParam(event, event.params.id, 'organisation');
		const values = formObject(await event.request.formData());
		const result = perform(event, 'organisation', values, (tx) => organisations.update(tx, ctx, id, values));
		if (result && 'id' in result) redirect(303, '/admin/organisations');
		return result;
	}
} satisfies Actions;
