/**
 * Meetings, agenda items, notes, decisions, minutes and the live documents — DESIGN.md §1, §2,
 * §3.1–§3.3, §4 and issues 7 and 8, as the oracle reads them. Written from the text.
 */
import { COMPARTMENTS, type Compartment, type MeetingStatus } from './design';
import type { AgendaItem, CaseRef, Decision, Meeting, Person } from './facts';
import { reach, reads, writes } from './cases';
import { sitsAt, tablesSatAt } from './people';

export type DocAccess = 'read' | 'write' | null;

/**
 * Planning meetings and building their agendas. §1 coordinator: "prepare agendas"; secretary:
 * "agenda and minutes"; issue 7: "Agenda builder for the coordinator or secretary"; §3.3 an agenda
 * belongs to its table and is seen only through it, so a coordinator plans only at a table they sit
 * at. That the chair plans as well (§1 says "run meetings") is not stated in the design; follows
 * src/lib/server/policy/meetings.ts `mayPlan`. A plain member does not plan.
 */
export function plans(p: Person, tableId: number): boolean {
	const m = sitsAt(p, tableId);
	return !!m && (m.role === 'secretary' || m.role === 'chair' || p.roles.includes('coordinator'));
}

/** §1 chair: "run meetings, record decisions"; issue 7: "Decisions … recorded per agenda item by the chair or secretary". */
export function decides(p: Person, tableId: number): boolean {
	const m = sitsAt(p, tableId);
	return !!m && (m.role === 'chair' || m.role === 'secretary');
}

/** Issue 7 "`/meetings`: the meetings of my tables" (§3.3: only through the table). */
export function meetingTables(p: Person): number[] {
	return tablesSatAt(p);
}

/** §3.3 a meeting is its table's; issue 7 "Publishing the agenda shows it to members" — before that, a draft is its planners'. */
export function seesMeeting(p: Person, m: Meeting): boolean {
	if (!sitsAt(p, m.table.id)) return false;
	return m.status !== 'draft' || plans(p, m.table.id);
}

/**
 * Moving a meeting on. Publishing is the agenda builder's step (issue 7 "Publishing the agenda");
 * starting and closing: §1 chair "run meetings", issue 8 "the chair (or secretary) moves to the next
 * item" — the chair or secretary.
 */
export function advances(p: Person, m: Meeting, to: 'published' | 'in_progress' | 'closed'): boolean {
	if (!seesMeeting(p, m)) return false;
	return to === 'published' ? plans(p, m.table.id) : decides(p, m.table.id);
}

/** Issue 8 "attendance (present, absent, excused, with organisation) kept by the secretary"; that the chair may too is not stated; follows src/lib/server/policy/meetings.ts `mayRecordAttendance`. */
export function recordsAttendance(p: Person, m: Meeting): boolean {
	return seesMeeting(p, m) && decides(p, m.table.id);
}

/** Issue 8 "the minutes are approved in the next meeting of the table"; by whom is not stated (§1 secretary: "agenda and minutes", chair: "run meetings"); follows src/lib/server/policy/meetings.ts `mayApproveMinutes` (chair or secretary). */
export function approvesMinutes(p: Person, m: Meeting): boolean {
	return seesMeeting(p, m) && decides(p, m.table.id);
}

/** Issue 7: the review item of the agenda builder ("each to be marked done, carried over, …") — its planners. */
export function concludesReview(p: Person, m: Meeting): boolean {
	return seesMeeting(p, m) && plans(p, m.table.id);
}

/** Issue 7 "a personal calendar feed of all my meetings" (published ones: "Publishing the agenda shows it to members"). That a planner's feed leaves their drafts out too is not stated; follows src/lib/server/calendar.ts. */
export function inFeed(p: Person, m: Meeting): boolean {
	return sitsAt(p, m.table.id) !== undefined && m.status !== 'draft';
}

/** Issue 7 "case items (only cases on that table)"; §3.1 a case the planner does not reach does not exist for them. (Who plans: `plans`.) */
export function putsOnAgenda(p: Person, tableId: number, c: CaseRef | null): boolean {
	return c !== null && c.tables.some((t) => t.id === tableId) && reach(p, c) !== null;
}

/** §3.1; issue 7 "the agenda never reveals a case to someone who does not reach it". */
export function showsItemCase(p: Person, item: AgendaItem): boolean {
	return item.kind === 'case' && item.case !== null && reach(p, item.case) !== null;
}

/**
 * One compartment of an agenda item (its notes). §3.3 seen only through the table; §3.2 the
 * table's compartments for the person's domain, `shared` always; issue 8 "Notes per agenda item
 * and compartment …, each visible only to those who see that compartment at this table"; for a case
 * item §3.1–3.2 bound it by what they see of that case (a case gone is reached by nobody).
 */
export function seesAtItem(p: Person, tableId: number, item: AgendaItem, comp: Compartment): boolean {
	const m = sitsAt(p, tableId);
	if (!m) return false;
	if (comp !== 'shared' && !m.table.sees[p.domain].includes(comp)) return false;
	if (item.kind === 'general') return true;
	return item.case !== null && reads(p, item.case, comp);
}

export function itemCompartments(p: Person, tableId: number, item: AgendaItem): Compartment[] {
	return COMPARTMENTS.filter((c) => seesAtItem(p, tableId, item, c));
}

/**
 * Issue 8: "From an item the chair records decisions … and creates actions that go straight into
 * the case's plan"; §2 "Actions are structured data inside the plan documents (§4)". The oracle
 * takes the plan's rule: who writes that compartment of the item's case adds the action (a general
 * item has no case, so no plan). That issue 8 names the chair but anyone who writes the plan may
 * add it here follows src/lib/server/policy/meetings.ts `mayAddActionAtItem`.
 */
export function addsActionAtItem(p: Person, item: AgendaItem, comp: Compartment): boolean {
	return item.kind === 'case' && item.case !== null && writes(p, item.case, comp);
}

/** §2 Decision: "belongs to a meeting of one table and is visible to that table"; §3.3. */
export function seesDecision(p: Person, d: Pick<Decision, 'tableId'>): boolean {
	return sitsAt(p, d.tableId) !== undefined;
}

/** Issue 7: recorded "by the chair or secretary"; the status (`open → implemented | dropped`) is kept on the chairs' `/decisions`. */
export function changesDecision(p: Person, d: Pick<Decision, 'tableId'>): boolean {
	return seesDecision(p, d) && decides(p, d.tableId);
}

/** Issue 7 "`/decisions` …: every decision of my tables …; filters by table". */
export function decisionTables(p: Person, tableId?: number): number[] {
	return tablesSatAt(p).filter((t) => tableId === undefined || t === tableId);
}

/**
 * The live document `meeting:<meetingId>` (§4: "live state: current item, timer, shared content
 * only"). Issue 8: "the chair (or secretary) moves to the next item and every screen follows"
 * (write while it runs; read for the table); §4 "Users who may read but not edit get a read-only
 * connection". Not before publishing (issue 7). That it stays readable after closing and that a
 * planner cannot open a draft's live document are not stated; follow
 * src/lib/server/policy/meetings.ts `liveDocAccess`.
 */
export function liveDoc(p: Person, m: Meeting): DocAccess {
	if (!sitsAt(p, m.table.id) || m.status === 'draft') return null;
	return m.status === 'in_progress' && decides(p, m.table.id) ? 'write' : 'read';
}

/** Issue 8 "Corrections before approval are tracked; the minutes are approved in the next meeting …, after which they and their notes are read-only." Who corrects is not stated; follows src/lib/server/policy/meetings.ts `mayCorrectMinutes` (whoever sees the notes). */
export function correctsMinutes(p: Person, m: Meeting, item: AgendaItem, comp: Compartment): boolean {
	return m.status === 'closed' && seesAtItem(p, m.table.id, item, comp);
}

/**
 * The notes document of one item and compartment. Issue 8 "Notes per agenda item and compartment
 * …, written together in real time" while it runs; "Corrections before approval" (closed: write);
 * approved minutes "and their notes are read-only". That there are no notes before the meeting
 * starts is not stated; follows src/lib/server/policy/meetings.ts `itemDocAccess`.
 */
export function itemDoc(p: Person, m: Meeting, item: AgendaItem, comp: Compartment): DocAccess {
	const status: MeetingStatus = m.status;
	if (status === 'draft' || status === 'published') return null;
	if (!seesAtItem(p, m.table.id, item, comp)) return null;
	if (status === 'in_progress' || status === 'closed') return 'write';
	return 'read';
}
