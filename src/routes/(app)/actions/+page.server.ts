import { getDb } from '$lib/server/db';
import * as plans from '$lib/server/actions';
import { startAppCollab } from '$lib/server/collab';
import { attempt, requirePage } from '$lib/server/guard';
import { field } from '$lib/server/validation';
import { caseDocName } from '$lib/collab/names';
import { ConflictError } from '$lib/server/errors';
import { m } from '$lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'actions');
	return {
		actions: plans.mine(getDb(), actor, event.locals.now, event.locals.clientAddress),
		board: plans.mayUseBoard(actor)
	};
};

export const actions: Actions = {
	/** Marks one of my actions done — through the plan document, so everyone sees it at once. */
	done: async (event) => {
		const actor = requirePage(event, 'actions');
		const actionId = field(await event.request.formData(), 'actionId');
		return attempt(event, {}, async () => {
			const db = getDb();
			const row = plans.forChange(db, actor, actionId);
			const docName = caseDocName(row.caseId, row.compartment === 'shared' ? 'plan' : row.compartment);
			await startAppCollab().changeAction(docName, row.id, { status: 'done', reason: null }, actor.id);
			if (plans.forChange(db, actor, actionId).status !== 'done') throw new ConflictError(m.err_action_not_changed());
			return { done: row.title };
		});
	}
};
