import { getDb } from '$lib/server/db';
import * as cases from '$lib/server/cases';
import * as tables from '$lib/server/tables';
import { requireContext } from '$lib/server/guard';
import { mayCreateCase } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'cases');
	const q = event.url.searchParams;
	const filter = {
		kind: q.get('soort') ?? undefined,
		status: q.get('status') ?? undefined,
		form: q.get('vorm') ?? undefined,
		tableId: Number(q.get('tafel')) || undefined,
		ownerId: q.get('eigenaar') === 'ik' ? ctx.actor.id : undefined,
		deadlineSoon: q.get('termijn') === '1',
		q: q.get('zoek')?.slice(0, 80) ?? undefined
	};
	const db = getDb();
	return {
		cases: cases.list(db, ctx, filter),
		tables: tables.listForActor(db, ctx).map((t) => ({ id: t.id, name: t.name })),
		filter: {
			kind: filter.kind ?? '',
			status: filter.status ?? '',
			form: filter.form ?? '',
			tableId: filter.tableId ?? null,
			mine: q.get('eigenaar') === 'ik',
			deadlineSoon: filter.deadlineSoon,
			q: filter.q ?? ''
		},
		mayCreate: mayCreateCase(ctx.actor)
	};
};
