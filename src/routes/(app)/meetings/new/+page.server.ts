import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as meetings from '$lib/server/meetings';
import * as tables from '$lib/server/tables';
import { deny, perform, requireContext } from '$lib/server/guard';
import { mayPlan } from '$lib/server/policy';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';
import { utcToAmsterdamInput } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'meetings');
	const choices = tables.listForActor(getDb(), ctx.actor).filter((t) => mayPlan(ctx.actor, t.id));
	if (choices.length === 0) deny(event, 'meeting', 'nieuw');
	const proposal = new Date(ctx.now.getTime() + 7 * 86_400_000);
	proposal.setUTCHours(13, 0, 0, 0);
	return {
		tables: choices.map((t) => ({ id: t.id, name: t.name })),
		proposal: utcToAmsterdamInput(proposal)
	};
};

export const actions = {
	default: async (event) => {
		const ctx = requireContext(event, 'meetings');
		const values = formObject(await event.request.formData());
		const result = perform(event, 'create', values, (tx) => meetings.create(tx, ctx, values));
		if (result && 'tableId' in result) redirect(303, `/meetings/${result.id}`);
		return result;
	}
} satisfies Actions;
