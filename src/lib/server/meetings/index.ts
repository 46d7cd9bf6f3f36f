/**
 * Meetings (overleggen) of a table, by capability (DESIGN.md §2, §3.3, §4). Everything here
 * belongs to one table and is seen only through it; who may do what is the policy's
 * (`policy/meetings.ts`), these modules load the facts and ask it. Decisions have their own
 * module (`../decisions.ts`), minutes theirs (`../minutes.ts`).
 *
 *   schedule.ts       create, reschedule, the status steps, the lists of a person's meetings
 *   agenda.ts         case items and general topics, their order; cases to put on the agenda
 *   review.ts         the review of earlier meetings' open actions and decisions
 *   view.ts           the meeting page and the projector (one noted view each)
 *   live.ts           live documents and item notes: the facts for the policy's verdicts
 *   attendance.ts     who was there
 *   minutes-reads.ts  actions made in the meeting, corrections, approving the minutes
 *   load.ts           loading a meeting and the policy's facts (internal)
 */
export {
	meetingInput,
	visible,
	create,
	reschedule,
	advance,
	listForActor,
	newlyPublished,
	type MeetingListRow
} from './schedule';
export {
	addCaseItem,
	addGeneralItem,
	updateItem,
	moveItem,
	removeItem,
	casesForAgenda,
	tableMembers,
	type AgendaEntry
} from './agenda';
export { review, concludeReview, type ReviewEntry } from './review';
export { get, projector, type MeetingView, type ProjectorView } from './view';
export { liveDocAccess, itemDocAccess, noteCompartments, writablePlans, actionFromItem } from './live';
export { attendanceOf, recordAttendance, organisationOf } from './attendance';
export {
	recordCorrection,
	corrections,
	minutesToApprove,
	approveMinutes,
	actionsFromMeeting,
	type CorrectionRow,
	type MeetingActionRow
} from './minutes-reads';
