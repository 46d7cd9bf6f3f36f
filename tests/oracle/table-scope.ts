/**
 * The table-scope matrix's view of the oracle (tests/unit/table-scope-matrix.test.ts): that test
 * snapshots the world from the database as viewers (their active memberships, domain, guardian or
 * not) and cases (their tables and the people they are personal to), and asks the oracle's rules
 * (cases.ts, meetings.ts, escalations.ts) through these adapters — one oracle for both matrices.
 *
 * The design's rules, as the oracle reads them:
 * - §3.3: agenda items, meeting notes, decisions and escalation details belong to a table and are
 *   seen only through that table: by its active (chair-confirmed, not ended) members (§3.4).
 * - §2: a decision "belongs to a meeting of one table and is visible to that table"; an escalation is
 *   "visible to the tables on its route": RIEC = the AVO and the Stuurtafel, ZVH = the ZVH table and
 *   the table that escalated; each transition names "the decision it came from".
 * - §3.1: a case the viewer does not reach does not exist for them — not in an agenda, a decision,
 *   an escalation or minutes (its reference and subject never appear).
 * - §3.2: notes of an agenda item per compartment: the table's compartments for the viewer's domain
 *   (shared always), and for a case item only what the viewer sees of that case.
 * - §3.4: admin and auditor see no content; reporters nothing but their own signals.
 */
import { DEFAULT_SEES, ROUTE_KINDS, type Compartment, type Domain, type TableKind } from './design';
import type { CaseRef, Person } from './facts';
import { reach, seesTableContent } from './cases';
import { itemCompartments } from './meetings';
import { seesEscalation } from './escalations';

export { DEFAULT_SEES as DESIGN_DEFAULTS, ROUTE_KINDS };

/** The compartments in the order the matrix compares them (sorted). */
export const COMPARTMENTS: Compartment[] = ['shared', 'veiligheid', 'zorg'];

/** A viewer as the design sees them: their active memberships, their domain, guardian or not. */
export interface Viewer {
	name: string;
	userId: number;
	domain: Domain;
	guardian: boolean;
	/** Active memberships: table id → kind (the demo tables keep the default compartment policy). */
	tables: Map<number, TableKind>;
}

export interface CaseFacts {
	id: number;
	reference: string;
	subjectLabel: string;
	tables: number[];
	/** Owner, case lead, process lead and active participants. */
	personal: number[];
	mine: boolean;
}

/** The viewer as the oracle's person (only active memberships are in the snapshot). */
function personOf(v: Viewer): Person {
	return {
		id: v.userId,
		roles: v.guardian ? ['admin'] : [],
		domain: v.domain,
		municipality: '',
		memberships: [...v.tables].map(([id, kind]) => ({
			table: { id, kind, sees: DEFAULT_SEES[kind] },
			role: 'member' as const,
			state: 'active' as const
		}))
	};
}

/** The case as the oracle's case: owners, leads and participants all see `shared` plus their own domain (§3.2). */
function caseOf(c: CaseFacts): CaseRef {
	return {
		tables: c.tables.map((id) => ({ id })),
		ownerId: null,
		caseLeadId: null,
		processLeadId: null,
		participants: c.personal.map((userId) => ({ userId, ended: false })),
		closed: false
	};
}

/** §3.1, §3.2, §3.4: the compartments of a case the viewer sees; empty when they do not reach it. */
export function expectedReach(v: Viewer, c: CaseFacts): Set<Compartment> {
	return reach(personOf(v), caseOf(c))?.compartments ?? new Set();
}

/** §3.3, §3.4: table content is seen only through the table, by its active members. */
export function seesTable(v: Viewer, tableId: number): boolean {
	return seesTableContent(personOf(v), tableId);
}

/** §3.2 for meeting notes: the table's compartments for the viewer's domain, within what they see of the case (`itemCase` null: a general item). */
export function expectedNotes(v: Viewer, tableId: number, itemCase: CaseFacts | null): Compartment[] {
	const item =
		itemCase === null ? { kind: 'general' as const } : { kind: 'case' as const, case: caseOf(itemCase) };
	const seen = itemCompartments(personOf(v), tableId, item);
	return COMPARTMENTS.filter((c) => seen.includes(c));
}

/** §2 + §3.1: an escalation is seen by the tables on its route, and only by those who reach its case. */
export function expectedEscalation(v: Viewer, route: readonly number[], escalationCase: CaseFacts): boolean {
	const p = personOf(v);
	return seesEscalation(p, new Set(route), reach(p, caseOf(escalationCase)) !== null);
}
