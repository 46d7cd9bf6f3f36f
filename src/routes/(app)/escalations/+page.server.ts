import { getDb } from '$lib/server/db';
import * as escalations from '$lib/server/escalations';
import { requirePage } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'escalations');
	const q = event.url.searchParams;
	const filter = { target: q.get('doel') || undefined, state: q.get('stap') || undefined, open: q.get('afgerond') === '1' ? undefined : true };
	const db = getDb();
	const rows = escalations.board(db, actor, filter, event.locals.now);
	return { rows, filter: { target: filter.target ?? '', state: filter.state ?? '', all: q.get('afgerond') === '1' }, query: event.url.search };
};
