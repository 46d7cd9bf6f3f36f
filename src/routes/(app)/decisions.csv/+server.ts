import { getDb } from '$lib/server/db';
import * as decisions from '$lib/server/decisions';
import { csv } from '$lib/server/csv';
import { requireContext } from '$lib/server/guard';
import { m } from '$lib/paraglide/messages.js';
import type { RequestHandler } from './$types';

const KIND: Record<string, () => string> = {
	escalate_riec: m.decision_kind_escalate_riec,
	escalate_zvh: m.decision_kind_escalate_zvh,
	start_care: m.decision_kind_start_care,
	administrative_intervention: m.decision_kind_administrative_intervention,
	close_case: m.decision_kind_close_case,
	other: m.decision_kind_other
};
const STATUS: Record<string, () => string> = {
	open: m.decision_status_open,
	implemented: m.decision_status_implemented,
	dropped: m.decision_status_dropped
};

/** The decision list as CSV: decisions of the exporter's tables only, formulas neutralised; noted as an export. */
export const GET: RequestHandler = (event) => {
	const ctx = requireContext(event, 'decisions', { kind: 'export', id: 'besluitenlijst' });
	const q = event.url.searchParams;
	const date = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
	const rows = decisions.exportList(getDb(), ctx, {
		tableId: Number(q.get('tafel')) || undefined,
		kind: q.get('soort') || undefined,
		status: q.get('status') || undefined,
		from: date(q.get('van')),
		until: date(q.get('tot'))
	});
	return csv(
		[
			m.csv_meeting_date(),
			m.field_table(),
			m.field_decision_kind(),
			m.field_decision_text(),
			m.field_reference(),
			m.field_follow_up_owner(),
			m.field_follow_up_date(),
			m.field_status(),
			m.field_reason(),
			m.csv_overdue()
		],
		rows.map((d) => [
			d.meetingStartsAt.toISOString().slice(0, 10),
			d.tableName,
			KIND[d.kind]?.() ?? d.kind,
			d.text,
			d.case?.reference ?? '',
			d.followUpOwnerName ?? '',
			d.followUpDate ?? '',
			STATUS[d.status]?.() ?? d.status,
			d.statusReason ?? '',
			d.overdue ? m.yes() : m.no()
		]),
		'besluitenlijst.csv'
	);
};
