import { getDb } from '$lib/server/db';
import * as plans from '$lib/server/actions';
import { documentWriter } from '$lib/server/collab/writer';
import { performAsync, requireContext } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'actions');
	return {
		actions: plans.mine(getDb(), ctx),
		board: plans.mayUseBoard(ctx.actor)
	};
};

export const actions = {
	/** Marks one of my actions done — through the plan document, so everyone sees it at once. */
	done: async (event) => {
		const ctx = requireContext(event, 'actions');
		const values = formObject(await event.request.formData());
		return performAsync(event, 'done', values, () => plans.markDone(getDb(), ctx, documentWriter(), values));
	}
} satisfies Actions;
