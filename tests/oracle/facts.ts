/**
 * The world as the design describes it (DESIGN.md §1–§2), in the oracle's own terms. Unlike the
 * policy's facts, these keep what the design talks about even where the domain filters it before
 * asking the policy: pending and ended memberships, ended participations.
 */
import type {
	Compartment,
	Domain,
	DomainCompartment,
	MeetingStatus,
	MembershipState,
	Role,
	SignalStatus,
	TableKind,
	TableRole,
	Target
} from './design';

/**
 * §2 Table: "kind …, compartment policy (§3)"; §3.2 "Each table has a compartment policy: which
 * compartments each domain sees for cases at that table" (defaults in design.ts; issue 4: "editable
 * by the admin").
 */
export interface Table {
	id: number;
	kind: TableKind;
	sees: Record<Domain, DomainCompartment[]>;
}

/** §2 "members (active only after the chair confirms them)". */
export interface Membership {
	table: Table;
	role: TableRole;
	state: MembershipState;
}

/** §1: a user with roles (they combine), one domain, an organisation's municipality, memberships. */
export interface Person {
	id: number;
	roles: readonly Role[];
	domain: Domain;
	municipality: string;
	memberships: readonly Membership[];
}

/**
 * §2 Case: "owner, case lead and process lead …, tables, participants, status". Reach needs only
 * which tables the case is on (what a domain sees there is the table's own policy, known from the
 * membership), so most rules take a `CaseRef`; a `Case` also knows its tables' kinds.
 */
export interface CaseRef {
	tables: readonly { id: number }[];
	ownerId: number | null;
	caseLeadId: number | null;
	processLeadId: number | null;
	/** §3.7 "When a … participation ends": ended invitations are kept, and count for nothing. */
	participants: ReadonlyArray<{ userId: number; ended: boolean }>;
	closed: boolean;
}

export interface Case extends CaseRef {
	id: number;
	tables: readonly Table[];
}

/** §2 Signal: "reporter (user, or external …), responsible municipality, … status". */
export interface Signal {
	reporterUserId: number | null;
	municipality: string;
	status: SignalStatus;
	anonymised: boolean;
}

export interface Meeting {
	table: Table;
	status: MeetingStatus;
}

/** §2 Meeting: "agenda items (order, case or general topic …)"; a case item whose case is gone has `case: null`. */
export type AgendaItem = { kind: 'general' } | { kind: 'case'; case: CaseRef | null };

/** §2 Decision: "belongs to a meeting of one table …: … case". */
export interface Decision {
	tableId: number;
	caseId: number | null;
}

/** §2 Escalation: "case, target and route"; a ZVH route names "the table that escalated". */
export interface Route {
	target: Target;
	fromTableId: number | null;
}

/** What a timeline entry names besides its own case (issue 13: "timeline entries that name another case or table"). */
export type Mention =
	| { kind: 'none' }
	| { kind: 'table' }
	| { kind: 'case'; case: CaseRef | null }
	| { kind: 'signal'; signal: Signal | null };

export interface TimelineEntry {
	compartment: Compartment;
	mention: Mention;
}
