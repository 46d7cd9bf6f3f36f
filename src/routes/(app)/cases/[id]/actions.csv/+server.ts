import { getDb } from '$lib/server/db';
import * as plans from '$lib/server/actions';
import * as audit from '$lib/server/audit';
import { idParam, requirePage, translate } from '$lib/server/guard';
import { actionCsv } from '$lib/server/action-csv';
import type { RequestHandler } from './$types';

/** The actions of one case as CSV: only the compartments the exporter may see. */
export const GET: RequestHandler = (event) => {
	const actor = requirePage(event, 'cases');
	const caseId = idParam(event, event.params.id, 'case');
	const db = getDb();
	try {
		const rows = plans.forCase(db, actor, caseId, event.locals.now);
		audit.record(db, { userId: actor.id, action: 'export', objectType: 'case', objectId: caseId, clientAddress: event.locals.clientAddress, detail: `acties (${rows.length})` }, event.locals.now);
		return actionCsv(rows, `acties-casus-${caseId}.csv`);
	} catch (e) {
		translate(event, e, 'case', caseId);
	}
};
