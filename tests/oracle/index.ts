/**
 * The oracle: DESIGN.md §1–§4 and §7 (and the issues where the design is silent) as plain
 * functions, written from the text and never copied from src/lib/server/policy. Every export of
 * the policy is compared with it by the matrix (matrix.ts, run by tests/unit/policy-matrix.test.ts).
 *
 *   design.ts       the design's vocabulary and defaults, quoted
 *   facts.ts        the world as the design describes it (pending and ended memberships included)
 *   people.ts       guardians, reporters, pages, administration, audit, tables and memberships
 *   cases.ts        reach, compartments, writing, managing, case roles, tables, start page
 *   signals.ts      signals: coordinator of the municipality full, reporter own, others none
 *   timeline.ts     timeline entries that name another case, a signal or a table
 *   meetings.ts     planning, deciding, meetings, agenda items, notes, decisions, documents
 *   escalations.ts  routes, seeing and stepping escalations, cited decisions
 *   actions.ts      actions and the board
 *   table-scope.ts  the table-scope matrix's view of the same rules (tests/unit/table-scope-matrix.test.ts)
 *
 * Where the design states no rule, the function's comment says "not stated in the design; follows
 * <file/behaviour>" — NOT_STATED lists those places.
 */
export * from './design';
export type * from './facts';
export * from './people';
export * from './cases';
export * from './signals';
export * from './timeline';
export * from './meetings';
export * from './escalations';
export * from './actions';

/** The oracle's rules that DESIGN.md and the issues do not state, and what they follow instead. */
export const NOT_STATED: ReadonlyArray<{ rule: string; follows: string }> = [
	{
		rule: 'a guardian combines with no other role (reporter, the other guardian)',
		follows: 'policy/actor.ts rolesAreCompatible'
	},
	{
		rule: 'a coordinator without tables has the decisions and tables pages',
		follows: 'policy/actor.ts mayUsePage'
	},
	{ rule: '/reports is for coordinators and chairs', follows: 'policy/actor.ts mayUsePage' },
	{ rule: 'the chair of a table may end its memberships', follows: 'policy/actor.ts mayEndMembership' },
	{ rule: 'nobody but the admin ends their own membership', follows: 'policy/actor.ts mayEndThisMembership' },
	{
		rule: 'who manages a case (owner, leads, coordinators and chairs through a table)',
		follows: 'policy/cases.ts mayManageCase'
	},
	{ rule: 'which tables a case may be put on', follows: 'policy/cases.ts mayPutCaseOnTable' },
	{
		rule: 'a case is escalated from one of its non-ZVH tables its manager sits at',
		follows: 'policy/cases.ts escalationSourceTables'
	},
	{
		rule: 'an entry naming a signal stays, without the reference',
		follows: 'policy/cases.ts timelineEntryView'
	},
	{
		rule: 'an entry naming a table is shown to whoever reads its compartment',
		follows: 'policy/cases.ts timelineEntryView'
	},
	{ rule: 'the chair plans meetings too', follows: 'policy/meetings.ts mayPlan' },
	{ rule: 'the chair records attendance too', follows: 'policy/meetings.ts mayRecordAttendance' },
	{ rule: 'the chair or secretary approves minutes', follows: 'policy/meetings.ts mayApproveMinutes' },
	{ rule: 'a planner’s calendar feed leaves drafts out', follows: 'calendar.ts / policy inCalendarFeed' },
	{
		rule: 'anyone who writes the plan adds an action at an item (issue 8 names the chair)',
		follows: 'policy/meetings.ts mayAddActionAtItem'
	},
	{
		rule: 'the live document: none for a draft, read after closing',
		follows: 'policy/meetings.ts liveDocAccess'
	},
	{ rule: 'who corrects minutes (whoever sees the notes)', follows: 'policy/meetings.ts mayCorrectMinutes' },
	{ rule: 'no notes documents before the meeting starts', follows: 'policy/meetings.ts itemDocAccess' },
	{
		rule: 'plain members take no escalation step; coordinators who sit at the table do',
		follows: 'policy/escalations.ts mayStepEscalation'
	},
	{
		rule: 'the Stuurtafel records riec_in_progress, completed, returned; the escalating table or ZVH submits',
		follows: 'policy/escalations.ts mayStepEscalation'
	},
	{
		rule: 'only who sits at an AVO or Stuurtafel proposes an RIEC route',
		follows: 'policy/escalations.ts mayProposeRiec'
	},
	{
		rule: 'the default escalating table is the first non-ZVH table one reaches the case through',
		follows: 'policy/escalations.ts defaultEscalatingTable'
	},
	{
		rule: 'chairs have the action board too (issue 6 names coordinators)',
		follows: 'policy/actions.ts mayUseBoard'
	}
];
