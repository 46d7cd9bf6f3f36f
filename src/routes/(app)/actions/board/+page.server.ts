import { getDb } from '$lib/server/db';
import * as plans from '$lib/server/actions';
import * as tables from '$lib/server/tables';
import { documentWriter } from '$lib/server/collab/writer';
import { deny, performAsync, requireContext } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';
import { dutchDate } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'actions');
	if (!plans.mayUseBoard(ctx.actor)) deny(event, 'page', 'actions/board');
	const db = getDb();
	const filter = plans.boardFilter(event.url.searchParams);
	const rows = plans.board(db, ctx, filter);
	const owners = new Map<string, Array<{ id: number; name: string; organisationName: string }>>();
	for (const r of rows) {
		const key = `${r.caseId}:${r.compartment}`;
		if (!owners.has(key)) owners.set(key, plans.possibleOwners(db, r.caseId, r.compartment));
	}
	return {
		rows,
		owners: Object.fromEntries(owners),
		tables: tables.listForActor(db, ctx.actor).map((t) => ({ id: t.id, name: t.name })),
		filter: {
			tableId: filter.tableId ?? null,
			owner: event.url.searchParams.get('eigenaar') ?? '',
			status: filter.status ?? ''
		},
		query: event.url.search,
		today: dutchDate(ctx.now)
	};
};

export const actions = {
	/** Reassigns an action or changes its due date, through the plan document. */
	change: async (event) => {
		const ctx = requireContext(event, 'actions');
		const values = formObject(await event.request.formData());
		return performAsync(event, 'change', values, () => plans.change(getDb(), ctx, documentWriter(), values));
	}
} satisfies Actions;
