/**
 * The generated world the policy matrix runs over, in the oracle's terms (facts.ts): people (role
 * sets × domain × memberships in every state and role at every kind of table, a table whose policy
 * the admin changed, several tables at once), cases (tables × the person's relation to the case ×
 * open or closed), agenda items, signals, routes and decisions.
 */
import {
	DEFAULT_SEES,
	MEMBERSHIP_STATES,
	SIGNAL_STATUSES,
	TABLE_ROLES,
	type MembershipState,
	type Role,
	type TableRole
} from './design';
import type { AgendaItem, Case, Decision, Membership, Person, Route, Signal, Table } from './facts';

/** The person asking in every scenario, and the others a case or signal may name. */
export const ME = 7;
export const OTHER = 99;
export const MUNICIPALITY = 'Dommelstroom';
export const ELSEWHERE = 'Kempenveld';

const table = (id: number, kind: Table['kind'], sees = DEFAULT_SEES[kind]): Table => ({ id, kind, sees });
export const ZT = table(1, 'zorgtafel');
export const AVO = table(2, 'avo');
export const ST = table(3, 'stuurtafel');
export const ZVH = table(4, 'zvh');
/** Issue 4: "Compartment policy per table editable by the admin" — a Zorgtafel whose policy was changed. */
export const ZT2 = table(5, 'zorgtafel', { zorg: [], veiligheid: ['zorg', 'veiligheid'] });
export const TABLES: Table[] = [ZT, AVO, ST, ZVH, ZT2];
export const tableById = new Map(TABLES.map((t) => [t.id, t]));

/** Role sets a user can hold (§1 "Roles combine"; the guardians alone — see oracle rolesCompatible). */
export const ROLE_SETS: Role[][] = [
	[],
	['reporter'],
	['coordinator'],
	['reporter', 'coordinator'],
	['admin'],
	['auditor']
];

/** Every subset of the roles, for the rules about role sets themselves. */
export const ALL_ROLE_SUBSETS: Role[][] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((bits) =>
	(['reporter', 'coordinator', 'admin', 'auditor'] as const).filter((_, i) => bits & (1 << i))
);

type MembershipSpec = [Table, TableRole, MembershipState];
interface MembershipConfig {
	label: string;
	ms: MembershipSpec[];
}

const MEMBERSHIP_CONFIGS: MembershipConfig[] = [
	{ label: 'no tables', ms: [] },
	...TABLES.flatMap((t) =>
		TABLE_ROLES.flatMap((role) =>
			MEMBERSHIP_STATES.map((state): MembershipConfig => ({
				label: `${state} ${role} of #${t.id} ${t.kind}`,
				ms: [[t, role, state]]
			}))
		)
	),
	{
		label: 'member of the AVO and the ZVH',
		ms: [
			[AVO, 'member', 'active'],
			[ZVH, 'member', 'active']
		]
	},
	{
		label: 'member of the Zorgtafel, AVO and Stuurtafel',
		ms: [
			[ZT, 'member', 'active'],
			[AVO, 'member', 'active'],
			[ST, 'member', 'active']
		]
	},
	{
		label: 'chair of the Zorgtafel, pending at the ZVH',
		ms: [
			[ZT, 'chair', 'active'],
			[ZVH, 'member', 'pending']
		]
	},
	{
		label: 'chair of the ZVH, ended at the Zorgtafel',
		ms: [
			[ZVH, 'chair', 'active'],
			[ZT, 'member', 'ended']
		]
	},
	{
		label: 'secretary of the AVO, member of the Stuurtafel',
		ms: [
			[AVO, 'secretary', 'active'],
			[ST, 'member', 'active']
		]
	},
	{
		label: 'chair of the Stuurtafel, member of the AVO',
		ms: [
			[ST, 'chair', 'active'],
			[AVO, 'member', 'active']
		]
	},
	{
		label: 'member of both Zorgtafels',
		ms: [
			[ZT, 'member', 'active'],
			[ZT2, 'member', 'active']
		]
	}
];

export interface Scenario {
	label: string;
	person: Person;
}

export const PEOPLE: Scenario[] = ROLE_SETS.flatMap((roles) =>
	(['zorg', 'veiligheid'] as const).flatMap((domain) =>
		MEMBERSHIP_CONFIGS.map((config) => ({
			label: `[${roles.join('+') || 'no roles'}] ${domain}, ${config.label}`,
			person: {
				id: ME,
				roles,
				domain,
				municipality: MUNICIPALITY,
				memberships: config.ms.map(([t, role, state]): Membership => ({ table: t, role, state }))
			}
		}))
	)
);

/**
 * The people the larger sections (cases, items, timelines, escalations) run over: all of them but
 * the pending and ended plain members and secretaries — a pending or ended chair stands for those
 * there (the people section runs every role in every state).
 */
export const CORE_PEOPLE: Scenario[] = PEOPLE.filter(
	(s) => !/^\[.*\] \w+, (pending|ended) (member|secretary) of #\d \w+$/.test(s.label)
);

export const RELATIONS = [
	'none',
	'owner',
	'caseLead',
	'processLead',
	'participant',
	'endedParticipant'
] as const;
export type Relation = (typeof RELATIONS)[number];

export interface CaseScenario {
	label: string;
	c: Case;
	relation: Relation;
}

let nextCaseId = 1000;
export function makeCase(tables: Table[], relation: Relation, closed: boolean): CaseScenario {
	const c: Case = {
		id: nextCaseId++,
		tables,
		ownerId: relation === 'owner' ? ME : OTHER,
		caseLeadId: relation === 'caseLead' ? ME : null,
		processLeadId: relation === 'processLead' ? ME : null,
		participants:
			relation === 'participant'
				? [{ userId: ME, ended: false }]
				: relation === 'endedParticipant'
					? [{ userId: ME, ended: true }]
					: [{ userId: OTHER, ended: false }],
		closed
	};
	const on = tables.map((t) => `#${t.id}`).join('+') || 'no table';
	return { label: `case on ${on}, I am ${relation}${closed ? ', closed' : ''}`, c, relation };
}

export const TABLE_SETS: Table[][] = [
	[],
	[ZT],
	[AVO],
	[ST],
	[ZVH],
	[ZT2],
	[ZT, ZVH],
	[ZVH, ZT],
	[AVO, ST],
	[ZT, AVO]
];

/** Every table set × relation, open; and closed for a stranger, the owner and a participant. */
export const CASES: CaseScenario[] = TABLE_SETS.flatMap((tables) => [
	...RELATIONS.map((relation) => makeCase(tables, relation, false)),
	...(['none', 'owner', 'participant'] as const).map((relation) => makeCase(tables, relation, true))
]);

/** The cases a timeline entry may name, and the cases whose timeline is read. */
export const MENTIONED_CASES: CaseScenario[] = [
	...[[ZT], [AVO], [ST], [ZVH], [ZT2], []].map((tables) => makeCase(tables, 'none', false)),
	makeCase([], 'participant', false),
	makeCase([], 'endedParticipant', false),
	makeCase([ST], 'owner', true)
];
export const TIMELINE_CASES: CaseScenario[] = [[ZT], [AVO], [ZVH], [ZT, ZVH], []].flatMap((tables) =>
	(['none', 'participant'] as const).map((relation) => makeCase(tables, relation, false))
);

export interface ItemScenario {
	label: string;
	item: AgendaItem;
	/** The case's id for a case item (also when the case is gone). */
	caseId: number | null;
}

/** The agenda items of a meeting at table `t`. */
export function itemsAt(t: Table): ItemScenario[] {
	const other = t.id === ZVH.id ? ZT : ZVH;
	const cases = [
		...RELATIONS.map((r) => makeCase([t], r, false)),
		makeCase([t, other], 'none', false),
		makeCase([], 'owner', false),
		makeCase([t], 'owner', true)
	];
	return [
		{ label: 'general item', item: { kind: 'general' }, caseId: null },
		...cases.map((cs) => ({
			label: `item for the ${cs.label}`,
			item: { kind: 'case' as const, case: cs.c },
			caseId: cs.c.id
		})),
		{ label: 'item whose case is gone', item: { kind: 'case', case: null }, caseId: 424242 }
	];
}
/** The few items the status-dependent document rules run over (general, reached or not, left the table, gone). */
export function docItemsAt(t: Table): ItemScenario[] {
	const all = itemsAt(t);
	return [all[0], all[1], all[2], all[8], all[all.length - 1]];
}

export const SIGNALS: Signal[] = [ME, OTHER, null].flatMap((reporterUserId) =>
	[MUNICIPALITY, ELSEWHERE].flatMap((municipality) =>
		SIGNAL_STATUSES.flatMap((status) =>
			[false, true].map((anonymised) => ({ reporterUserId, municipality, status, anonymised }))
		)
	)
);
export const BASE_SIGNALS: Signal[] = SIGNALS.filter((s) => s.status === 'received' && !s.anonymised);

export const ROUTES: Route[] = [
	{ target: 'riec', fromTableId: null },
	{ target: 'zvh', fromTableId: null },
	...TABLES.map((t): Route => ({ target: 'zvh', fromTableId: t.id }))
];

/** The case an escalation is about, and the decisions a step may cite. */
export const ESCALATED_CASE = 2001;
export const DECISIONS: Array<Decision | undefined> = [
	undefined,
	...TABLES.flatMap((t) =>
		[ESCALATED_CASE, 2002, null].map((caseId): Decision => ({ tableId: t.id, caseId }))
	)
];

/** Every subset of the tables, for the route's tables. */
export const TABLE_SUBSETS: Table[][] = Array.from({ length: 1 << TABLES.length }, (_, bits) =>
	TABLES.filter((_, i) => bits & (1 << i))
);
