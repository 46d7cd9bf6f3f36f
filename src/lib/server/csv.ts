/**
 * The one CSV helper for every export (actions of a case, the action board, the decision list,
 * the escalation board): semicolon-separated with a byte-order mark (what Dutch spreadsheets
 * expect), and every cell a spreadsheet would run as a formula neutralised.
 */
import { m } from '../paraglide/messages.js';
import type { ActionRow } from './actions';

// Local tables, not $lib/labels: server modules keep relative imports (scripts run them with tsx).
const STATUS: Record<string, () => string> = {
	open: m.action_status_open,
	in_progress: m.action_status_in_progress,
	done: m.action_status_done,
	not_possible: m.action_status_not_possible,
	not_undertaken: m.action_status_not_undertaken
};
const COMPARTMENT: Record<string, () => string> = {
	shared: m.compartment_shared,
	zorg: m.compartment_zorg,
	veiligheid: m.compartment_veiligheid
};

export type Cell = string | number | boolean | null | undefined;

/** A cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function csvCell(value: Cell): string {
	let text = value === null || value === undefined ? '' : String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV with a header, separated by semicolons. */
export function toCsv(header: string[], rows: Cell[][]): string {
	return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

/** A CSV body as a download. */
export function csvResponse(body: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`
		}
	});
}

/** Rows as a CSV download (header, rows, file name). */
export function csv(header: string[], rows: Cell[][], filename: string): Response {
	return csvResponse(toCsv(header, rows), filename);
}

/** The CSV download of an action list (a case's actions, the coordinator's board). */
export function actionCsv(rows: ActionRow[], filename: string): Response {
	return csv(
		[
			m.field_reference(),
			m.field_subject(),
			m.csv_plan(),
			m.field_action_title(),
			m.field_action_owner(),
			m.field_organisation(),
			m.field_action_due(),
			m.field_status(),
			m.field_action_reason(),
			m.csv_overdue()
		],
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
		]),
		filename
	);
}
