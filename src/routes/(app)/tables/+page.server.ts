import { getDb } from '$lib/server/db';
import * as tables from '$lib/server/tables';
import { requireContext } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'tables');
	return {
		tables: tables.listForActor(getDb(), ctx).map((t) => ({
			id: t.id,
			name: t.name,
			kind: t.kind,
			role: ctx.actor.memberships.find((x) => x.tableId === t.id)?.role ?? 'member'
		}))
	};
};
