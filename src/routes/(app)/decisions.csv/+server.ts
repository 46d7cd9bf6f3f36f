import { getDb } from '$lib/server/db';
import * as meetings from '$lib/server/meetings';
import * as audit from '$lib/server/audit';
import { toCsv } from '$lib/server/actions';
import { requirePage } from '$lib/server/guard';
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
const STATUS: Record<string, () => string> = { open: m.decision_status_open, implemented: m.decision_status_implemented, dropped: m.decision_status_dropped };

/** The decision list as CSV: decisions of the exporter's tables only, formulas neutralised. */
export const GET: RequestHandler = (event) => {
	const actor = requirePage(event, 'decisions');
	const q = event.url.searchParams;
	const date = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
	const db = getDb();
	const rows = meetings.decisions(
		db,
		actor,
		{ tableId: Number(q.get('tafel')) || undefined, kind: q.get('soort') || undefined, status: q.get('status') || undefined, from: date(q.get('van')), until: date(q.get('tot')) },
		event.locals.now
	);
	audit.record(db, { userId: actor.id, action: 'export', objectType: 'decision', clientAddress: event.locals.clientAddress, detail: `besluitenlijst (${rows.length})` }, event.locals.now);
	const body = toCsv(
		[m.csv_meeting_date(), m.field_table(), m.field_decision_kind(), m.field_decision_text(), m.field_reference(), m.field_follow_up_owner(), m.field_follow_up_date(), m.field_status(), m.field_reason(), m.csv_overdue()],
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
		])
	);
	return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="besluitenlijst.csv"' } });
};
