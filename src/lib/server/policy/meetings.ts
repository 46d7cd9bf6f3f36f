/**
 * Meetings: planning, deciding, agenda items, notes, minutes and live documents (DESIGN.md §3.3,
 * §4). Part of the one access policy. Everything here belongs to one table and is seen only
 * through it; a case item shows its case, and its notes per compartment, only to those who reach
 * that case. Pure: the domain (`src/lib/server/meetings/`) loads the facts and asks.
 */
import type { Compartment } from '../db/schema';
import type { MeetingStatus } from '../../domain/meetings';
import { activeMembership, isGuardian, type Actor } from './actor';
import {
	caseAccess,
	maySeeTableContent,
	mayReadCompartment,
	mayWriteCompartment,
	type CaseFacts
} from './cases';

/** Access to a collaboration document: read-write, read-only, or none (refused). */
export type DocAccess = 'read' | 'write' | null;

/** What the policy needs to know about a meeting. */
export interface MeetingFacts {
	tableId: number;
	status: MeetingStatus;
}

/**
 * What the policy needs to know about an agenda item: for a case item the case's facts (null
 * when the case no longer exists); `caseId` null for a general topic.
 */
export interface AgendaItemFacts {
	caseId: number | null;
	case: CaseFacts | null;
}

/** The actor's membership of a table; none for the guardians, who hold no table content (§3.4). */
function membershipAt(actor: Actor, tableId: number) {
	return isGuardian(actor) ? undefined : activeMembership(actor, tableId);
}

// ---------------------------------------------------------------------------------------------
// Roles at a table

/** Planning meetings and building agendas: the table's chair or secretary, or a coordinator who is a member. */
export function mayPlan(actor: Actor, tableId: number): boolean {
	const ms = membershipAt(actor, tableId);
	return !!ms && (ms.role !== 'member' || actor.roles.includes('coordinator'));
}

/** Recording decisions, steering the meeting and its follow-up: the table's chair or secretary. */
export function mayDecide(actor: Actor, tableId: number): boolean {
	const ms = membershipAt(actor, tableId);
	return !!ms && (ms.role === 'chair' || ms.role === 'secretary');
}

/** The tables whose meetings the actor may list (then filtered by `maySeeMeeting`). */
export function meetingScope(actor: Actor): number[] {
	return isGuardian(actor) ? [] : actor.memberships.map((ms) => ms.tableId);
}

// ---------------------------------------------------------------------------------------------
// Meetings

/** A meeting is seen by the members of its table; a draft only by its planners. */
export function maySeeMeeting(actor: Actor, meeting: MeetingFacts): boolean {
	if (!maySeeTableContent(actor, meeting.tableId)) return false;
	return meeting.status !== 'draft' || mayPlan(actor, meeting.tableId);
}

/** Publishing is the planners' step; starting and closing the meeting are the chair's or secretary's. */
export function mayAdvanceMeeting(
	actor: Actor,
	meeting: MeetingFacts,
	to: 'published' | 'in_progress' | 'closed'
): boolean {
	if (!maySeeMeeting(actor, meeting)) return false;
	return to === 'published' ? mayPlan(actor, meeting.tableId) : mayDecide(actor, meeting.tableId);
}

/** Attendance is recorded by the chair or secretary (it is part of the minutes). */
export function mayRecordAttendance(actor: Actor, meeting: MeetingFacts): boolean {
	return maySeeMeeting(actor, meeting) && mayDecide(actor, meeting.tableId);
}

/** The minutes of the previous meeting are approved in the next one by its chair or secretary. */
export function mayApproveMinutes(actor: Actor, meeting: MeetingFacts): boolean {
	return maySeeMeeting(actor, meeting) && mayDecide(actor, meeting.tableId);
}

/** The review of earlier meetings' open actions and decisions is concluded by the planners. */
export function mayConcludeReview(actor: Actor, meeting: MeetingFacts): boolean {
	return maySeeMeeting(actor, meeting) && mayPlan(actor, meeting.tableId);
}

/** The personal calendar feed holds the meetings of the owner's tables, drafts left out. */
export function inCalendarFeed(actor: Actor, meeting: MeetingFacts): boolean {
	return maySeeTableContent(actor, meeting.tableId) && meeting.status !== 'draft';
}

// ---------------------------------------------------------------------------------------------
// Agenda items and their compartments

/** A case may be put on the agenda when it is on this table and the planner reaches it. */
export function mayPutOnAgenda(actor: Actor, tableId: number, c: CaseFacts | null): boolean {
	return !!c && c.tableIds.includes(tableId) && caseAccess(actor, c) !== null;
}

/** Whether a case item names its case (reference, subject) to this viewer: only if they reach the case (§3.1). */
export function showsItemCase(actor: Actor, item: AgendaItemFacts): boolean {
	return item.case !== null && caseAccess(actor, item.case) !== null;
}

/**
 * Whether the actor sees one compartment of an agenda item (its notes): the table's compartments
 * for the actor's domain (`shared` always), and for a case item only what they see of that case.
 */
export function seesAtItem(
	actor: Actor,
	tableId: number,
	item: AgendaItemFacts,
	compartment: Compartment
): boolean {
	const ms = membershipAt(actor, tableId);
	if (!ms) return false;
	if (compartment !== 'shared' && !ms.policy[actor.domain].includes(compartment)) return false;
	if (item.caseId === null) return true;
	return item.case !== null && mayReadCompartment(actor, item.case, compartment);
}

/** The compartments of an agenda item the actor sees, in a fixed order. */
export function itemCompartments(actor: Actor, tableId: number, item: AgendaItemFacts): Compartment[] {
	return (['shared', 'zorg', 'veiligheid'] as const).filter((c) => seesAtItem(actor, tableId, item, c));
}

/** An action made at an agenda item goes into a plan of the item's case the actor may write. */
export function mayAddActionAtItem(actor: Actor, item: AgendaItemFacts, compartment: Compartment): boolean {
	return item.case !== null && mayWriteCompartment(actor, item.case, compartment);
}

// ---------------------------------------------------------------------------------------------
// Decisions

/** A decision belongs to a meeting of one table and is visible to that table (§2, §3.3). */
export function maySeeDecision(actor: Actor, d: { tableId: number }): boolean {
	return maySeeTableContent(actor, d.tableId);
}

/** Recording a decision and changing its status: the chair or secretary of its table. */
export function mayChangeDecision(actor: Actor, d: { tableId: number }): boolean {
	return maySeeDecision(actor, d) && mayDecide(actor, d.tableId);
}

/** The tables whose decisions the actor may list (optionally one of them). */
export function decisionScope(actor: Actor, tableId?: number): number[] {
	return meetingScope(actor).filter((t) => !tableId || t === tableId);
}

// ---------------------------------------------------------------------------------------------
// Live documents and minutes (DESIGN.md §4)

/** The live meeting document (`meeting:<id>`): read by its table once published; only the chair or secretary steers, while it runs. */
export function liveDocAccess(actor: Actor, meeting: MeetingFacts): DocAccess {
	if (!maySeeTableContent(actor, meeting.tableId) || meeting.status === 'draft') return null;
	return meeting.status === 'in_progress' && mayDecide(actor, meeting.tableId) ? 'write' : 'read';
}

/** Changing the notes after the meeting closed is a correction to the minutes, until they are approved. */
export function mayCorrectMinutes(
	actor: Actor,
	meeting: MeetingFacts,
	item: AgendaItemFacts,
	compartment: Compartment
): boolean {
	return meeting.status === 'closed' && seesAtItem(actor, meeting.tableId, item, compartment);
}

/**
 * The notes of one agenda item in one compartment: written together while the meeting runs and
 * as corrections until the minutes are approved; read-only afterwards; none before the start.
 */
export function itemDocAccess(
	actor: Actor,
	meeting: MeetingFacts,
	item: AgendaItemFacts,
	compartment: Compartment
): DocAccess {
	if (meeting.status === 'draft' || meeting.status === 'published') return null;
	if (!seesAtItem(actor, meeting.tableId, item, compartment)) return null;
	if (meeting.status === 'in_progress') return 'write';
	return mayCorrectMinutes(actor, meeting, item, compartment) ? 'write' : 'read';
}
