import { getDb } from '$lib/server/db';
import * as meetings from '$lib/server/meetings';
import * as tables from '$lib/server/tables';
import * as escalations from '$lib/server/escalations';
import { attempt, requirePage } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

/** The decision list's filters from the query string (the CSV export uses the same). */
function filterFrom(q: URLSearchParams): meetings.DecisionFilter {
	return {
		tableId: Number(q.get('tafel')) || undefined,
		kind: q.get('soort') || undefined,
		status: q.get('status') || undefined,
		from: /^\d{4}-\d{2}-\d{2}$/.test(q.get('van') ?? '') ? q.get('van')! : undefined,
		until: /^\d{4}-\d{2}-\d{2}$/.test(q.get('tot') ?? '') ? q.get('tot')! : undefined,
		caseId: Number(q.get('casus')) || undefined
	};
}

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'decisions');
	const db = getDb();
	const filter = filterFrom(event.url.searchParams);
	return {
		decisions: meetings.decisions(db, actor, filter, event.locals.now, event.locals.clientAddress),
		tables: tables.listForActor(db, actor).map((t) => ({ id: t.id, name: t.name })),
		filter: { ...filter, q: event.url.search },
		waitingEscalations: escalations.board(db, actor, { open: true }, event.locals.now).filter((e) => e.waitingOnMe)
	};
};

export const actions: Actions = {
	status: async (event) => {
		const actor = requirePage(event, 'decisions');
		const values = formObject(await event.request.formData());
		return attempt(event, values, () => {
			meetings.setDecisionStatus(getDb(), actor, values, event.locals.now, event.locals.clientAddress);
			return { done: true };
		});
	}
};
