import { getDb } from '$lib/server/db';
import * as plans from '$lib/server/actions';
import * as tables from '$lib/server/tables';
import { startAppCollab } from '$lib/server/collab';
import { attempt, deny, requirePage } from '$lib/server/guard';
import { field } from '$lib/server/validation';
import { caseDocName } from '$lib/collab/names';
import { ConflictError, NotFoundError, ValidationError } from '$lib/server/errors';
import { m } from '$lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';
import { dutchDate } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'actions');
	if (!plans.mayUseBoard(actor)) deny(event, 'page', 'actions/board');
	const db = getDb();
	const filter = plans.boardFilter(event.url.searchParams);
	const rows = plans.board(db, actor, filter, event.locals.now);
	const owners = new Map<string, Array<{ id: number; name: string; organisationName: string }>>();
	for (const r of rows) {
		const key = `${r.caseId}:${r.compartment}`;
		if (!owners.has(key)) owners.set(key, plans.possibleOwners(db, r.caseId, r.compartment));
	}
	return {
		rows,
		owners: Object.fromEntries(owners),
		tables: tables.listForActor(db, actor).map((t) => ({ id: t.id, name: t.name })),
		filter: { tableId: filter.tableId ?? null, owner: event.url.searchParams.get('eigenaar') ?? '', status: filter.status ?? '' },
		query: event.url.search,
		today: dutchDate(event.locals.now)
	};
};

export const actions: Actions = {
	/** Reassigns an action or changes its due date, through the plan document. */
	change: async (event) => {
		const actor = requirePage(event, 'actions');
		const form = await event.request.formData();
		const values = { actionId: field(form, 'actionId'), ownerId: field(form, 'ownerId'), dueDate: field(form, 'dueDate') };
		return attempt(event, values, async () => {
			if (!plans.mayUseBoard(actor)) throw new NotFoundError(m.err_not_found());
			const db = getDb();
			const row = plans.forChange(db, actor, values.actionId);
			const ownerId = values.ownerId ? Number(values.ownerId) : null;
			if (ownerId !== null && !plans.ownerCheck(db, row.caseId, row.compartment)(ownerId)) {
				throw new ValidationError(m.err_action_owner(), { ownerId: m.err_action_owner() });
			}
			const dueDate = values.dueDate || null;
			if (dueDate !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate) || Number.isNaN(Date.parse(dueDate)))) {
				throw new ValidationError(m.err_date_invalid({ label: m.field_action_due() }), { dueDate: m.err_date_invalid({ label: m.field_action_due() }) });
			}
			const earliest = plans.earliestDueDate(db, row.caseId);
			if (dueDate !== null && earliest !== null && dueDate < earliest) {
				throw new ValidationError(m.err_action_due_before_case(), { dueDate: m.err_action_due_before_case() });
			}
			const docName = caseDocName(row.caseId, row.compartment === 'shared' ? 'plan' : row.compartment);
			await startAppCollab().changeAction(docName, row.id, { ownerId, dueDate }, actor.id);
			const after = plans.forChange(db, actor, row.id);
			if (after.ownerId !== ownerId || after.dueDate !== dueDate) throw new ConflictError(m.err_action_not_changed());
			return { done: row.title };
		});
	}
};
