import { getDb } from '$lib/server/db';
import * as plans from '$lib/server/actions';
import { idParam, requireContext, translate } from '$lib/server/guard';
import { actionCsv } from '$lib/server/csv';
import type { RequestHandler } from './$types';

/** The actions of one case as CSV: only the compartments the exporter may see (logged as an export). */
export const GET: RequestHandler = (event) => {
	const ctx = requireContext(event, 'cases');
	const caseId = idParam(event, event.params.id, 'case');
	try {
		const rows = plans.exportForCase(getDb(), { ...ctx, purpose: { kind: 'case', id: caseId } }, caseId);
		return actionCsv(rows, `acties-casus-${caseId}.csv`);
	} catch (e) {
		translate(event, e, 'case', caseId);
	}
};
