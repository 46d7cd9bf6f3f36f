import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as meetings from '$lib/server/meetings';
import * as tables from '$lib/server/tables';
import { attempt, deny, requirePage } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';
import { utcToAmsterdamInput } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'meetings');
	const choices = tables.listForActor(getDb(), actor).filter((t) => meetings.mayPlan(actor, t.id));
	if (choices.length === 0) deny(event, 'meeting', 'nieuw');
	const proposal = new Date(event.locals.now.getTime() + 7 * 86_400_000);
	proposal.setUTCHours(13, 0, 0, 0);
	return {
		tables: choices.map((t) => ({ id: t.id, name: t.name })),
		proposal: utcToAmsterdamInput(proposal)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePage(event, 'meetings');
		const values = formObject(await event.request.formData());
		const result = await attempt(event, values, () => meetings.create(getDb(), actor, values, event.locals.now, event.locals.clientAddress));
		if (result && 'tableId' in result) redirect(303, `/meetings/${result.id}`);
		return result;
	}
};
