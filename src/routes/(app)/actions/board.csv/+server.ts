import { getDb } from '$lib/server/db';
import * as plans from '$lib/server/actions';
import { deny, requireContext } from '$lib/server/guard';
import { actionCsv } from '$lib/server/csv';
import type { RequestHandler } from './$types';

/** The board as CSV for the regional overview: only what the exporter may see (logged as an export). */
export const GET: RequestHandler = (event) => {
	const ctx = requireContext(event, 'actions', { kind: 'export', id: 'actiebord' });
	if (!plans.mayUseBoard(ctx.actor)) deny(event, 'page', 'actions/board.csv');
	const rows = plans.exportBoard(getDb(), ctx, plans.boardFilter(event.url.searchParams));
	return actionCsv(rows, 'actiebord.csv');
};
