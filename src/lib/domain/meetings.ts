/**
 * Meeting and decision codes (DESIGN.md §2), shared by server and browser.
 */

export const MEETING_STATUSES = ['draft', 'published', 'in_progress', 'closed', 'minutes_approved'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** The allowed next status of a meeting. Approval of minutes happens in the next meeting. */
export function nextMeetingStatus(status: MeetingStatus): MeetingStatus | null {
	switch (status) {
		case 'draft':
			return 'published';
		case 'published':
			return 'in_progress';
		case 'in_progress':
			return 'closed';
		case 'closed':
			return 'minutes_approved';
		default:
			return null;
	}
}

export const ITEM_KINDS = ['case', 'general'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const DECISION_KINDS = [
	'escalate_riec',
	'escalate_zvh',
	'start_care',
	'administrative_intervention',
	'close_case',
	'other'
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const DECISION_STATUSES = ['open', 'implemented', 'dropped'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** What the review of earlier meetings can conclude about an open action or decision. */
export const REVIEW_OUTCOMES = ['done', 'carried_over', 'not_possible', 'not_undertaken'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const ATTENDANCE = ['present', 'absent', 'excused'] as const;
export type Attendance = (typeof ATTENDANCE)[number];

/** Planned minutes per agenda item: at least one, at most a long item. */
export const MAX_ITEM_MINUTES = 180;
