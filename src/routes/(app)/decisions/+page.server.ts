import { getDb } from '$lib/server/db';
import * as decisions from '$lib/server/decisions';
import * as tables from '$lib/server/tables';
import * as escalations from '$lib/server/escalations';
import { perform, requireContext } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

/** The decision list's filters from the query string (the CSV export uses the same). */
function filterFrom(q: URLSearchParams): decisions.DecisionFilter {
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
	const ctx = requireContext(event, 'decisions');
	const db = getDb();
	const filter = filterFrom(event.url.searchParams);
	return {
		decisions: decisions.list(db, ctx, filter),
		tables: tables.listForActor(db, ctx.actor).map((t) => ({ id: t.id, name: t.name })),
		filter: { ...filter, q: event.url.search },
		waitingEscalations: escalations.board(db, ctx, { open: true }).filter((e) => e.waitingOnMe)
	};
};

export const actions = {
	/** A decision's status; each row's form is its own (`status:<id>`), so a failure shows at that row only. */
	status: async (event) => {
		const ctx = requireContext(event, 'decisions');
		const values = formObject(await event.request.formData());
		return perform(
			event,
			`status:${typeof values.decisionId === 'string' ? values.decisionId : ''}`,
			values,
			(tx) => {
				decisions.setDecisionStatus(tx, ctx, values);
				return { done: true };
			}
		);
	}
} satisfies Actions;
