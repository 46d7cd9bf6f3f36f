import { getDb } from '$lib/server/db';
import * as tables from '$lib/server/tables';
import { requirePage } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'tables');
	return {
		tables: tables.listForActor(getDb(), actor).map((t) => ({
			id: t.id,
			name: t.name,
			kind: t.kind,
			role: actor.memberships.find((x) => x.tableId === t.id)?.role ?? 'member'
		}))
	};
};
