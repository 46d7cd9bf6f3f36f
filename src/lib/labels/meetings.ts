/**
 * Dutch labels for meeting and decision codes, from the message catalogue.
 */
import { m } from '$lib/paraglide/messages.js';

type Labels = Record<string, () => string>;
const lookup = (table: Labels, code: string | null | undefined) => (code ? (table[code]?.() ?? code) : '');

const statuses: Labels = {
	draft: m.meeting_status_draft,
	published: m.meeting_status_published,
	in_progress: m.meeting_status_in_progress,
	closed: m.meeting_status_closed,
	minutes_approved: m.meeting_status_minutes_approved
};
export const meetingStatusLabel = (code: string) => lookup(statuses, code);

const kinds: Labels = {
	escalate_riec: m.decision_kind_escalate_riec,
	escalate_zvh: m.decision_kind_escalate_zvh,
	start_care: m.decision_kind_start_care,
	administrative_intervention: m.decision_kind_administrative_intervention,
	close_case: m.decision_kind_close_case,
	other: m.decision_kind_other
};
export const decisionKindLabel = (code: string) => lookup(kinds, code);

const decisionStatuses: Labels = {
	open: m.decision_status_open,
	implemented: m.decision_status_implemented,
	dropped: m.decision_status_dropped
};
export const decisionStatusLabel = (code: string) => lookup(decisionStatuses, code);

const outcomes: Labels = {
	done: m.review_outcome_done,
	carried_over: m.review_outcome_carried_over,
	not_possible: m.review_outcome_not_possible,
	not_undertaken: m.review_outcome_not_undertaken
};
export const reviewOutcomeLabel = (code: string) => lookup(outcomes, code);

const attendance: Labels = {
	present: m.attendance_present,
	absent: m.attendance_absent,
	excused: m.attendance_excused
};
export const attendanceLabel = (code: string) => lookup(attendance, code);
