import { getDb } from '$lib/server/db';
import * as plans from '$lib/server/actions';
import * as audit from '$lib/server/audit';
import { deny, requirePage } from '$lib/server/guard';
import { actionCsv } from '$lib/server/action-csv';
import type { RequestHandler } from './$types';

/** The board as CSV for the regional overview: only what the exporter may see. */
export const GET: RequestHandler = (event) => {
	const actor = requirePage(event, 'actions');
	if (!plans.mayUseBoard(actor)) deny(event, 'page', 'actions/board.csv');
	const db = getDb();
	const rows = plans.board(db, actor, plans.boardFilter(event.url.searchParams), event.locals.now);
	audit.record(db, { userId: actor.id, action: 'export', objectType: 'action', clientAddress: event.locals.clientAddress, detail: `actiebord (${rows.length})` }, event.locals.now);
	return actionCsv(rows, 'actiebord.csv');
};
