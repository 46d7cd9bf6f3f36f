import { getDb } from '$lib/server/db';
import * as escalations from '$lib/server/escalations';
import { toCsv } from '$lib/server/csv';
import { requireContext } from '$lib/server/guard';
import { escalationStateLabel, targetLabel } from '$lib/labels/escalations';
import { m } from '$lib/paraglide/messages.js';
import type { RequestHandler } from './$types';

/** The escalation board as CSV for the regional overview: only what the exporter sees (noted as an export). */
export const GET: RequestHandler = (event) => {
	const ctx = requireContext(event, 'escalations', { kind: 'export', id: 'opschalingen' });
	const q = event.url.searchParams;
	const rows = escalations.exportBoard(getDb(), ctx, {
		target: q.get('doel') || undefined,
		state: q.get('stap') || undefined,
		open: q.get('afgerond') === '1' ? undefined : true
	});
	const body = toCsv(
		[
			m.field_reference(),
			m.field_escalation_target(),
			m.field_escalation_state(),
			m.csv_state_since(),
			m.escalation_time_in_state(),
			m.escalation_feedback_due(),
			m.csv_overdue()
		],
		rows.map((r) => [
			r.caseReference,
			targetLabel(r.target),
			escalationStateLabel(r.state),
			r.stateSince.toISOString().slice(0, 10),
			r.daysInState,
			r.dueDate ?? '',
			r.overdue ? m.yes() : m.no()
		])
	);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="opschalingen.csv"'
		}
	});
};
