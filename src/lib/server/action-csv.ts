/**
 * The CSV response for action lists (case export and the coordinator's board).
 */
import { m } from '../paraglide/messages.js';
import { toCsv, type ActionRow } from './actions';

const STATUS: Record<string, () => string> = {
	open: m.action_status_open,
	in_progress: m.action_status_in_progress,
	done: m.action_status_done,
	not_possible: m.action_status_not_possible,
	not_undertaken: m.action_status_not_undertaken
};
const COMPARTMENT: Record<string, () => string> = { shared: m.compartment_shared, zorg: m.compartment_zorg, veiligheid: m.compartment_veiligheid };

export function actionCsv(rows: ActionRow[], filename: string): Response {
	const body = toCsv(
		[m.field_reference(), m.field_subject(), m.csv_plan(), m.field_action_title(), m.field_action_owner(), m.field_organisation(), m.field_action_due(), m.field_status(), m.field_action_reason(), m.csv_overdue()],
		rows.map((r) => [
			r.caseReference,
			r.subjectLabel,
			COMPARTMENT[r.compartment]?.() ?? r.compartment,
			r.title,
			r.ownerName ?? '',
			r.ownerOrganisation ?? '',
			r.dueDate ?? '',
			STATUS[r.status]?.() ?? r.status,
			r.reason ?? '',
			r.overdue ? m.yes() : m.no()
		])
	);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`
		}
	});
}
