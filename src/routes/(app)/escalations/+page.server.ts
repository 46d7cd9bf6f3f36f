import { getDb } from '$lib/server/db';
import * as escalations from '$lib/server/escalations';
import { requireContext } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'escalations');
	const q = event.url.searchParams;
	const filter = {
		target: q.get('doel') || undefined,
		state: q.get('stap') || undefined,
		open: q.get('afgerond') === '1' ? undefined : true
	};
	// The board notes the rows it returned (reference, subject, state) in the view ledger.
	const rows = escalations.board(getDb(), ctx, filter);
	return {
		rows,
		filter: { target: filter.target ?? '', state: filter.state ?? '', all: q.get('afgerond') === '1' },
		query: event.url.search
	};
};
