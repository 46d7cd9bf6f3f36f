/**
 * The access policy as a matrix generated from DESIGN.md §3 — the expectations come from the
 * oracle in tests/oracle/ (a transcription of the design's rules, written independently of
 * src/lib/server/policy); tests/unit/policy-matrix.test.ts runs every export against it, this file
 * keeps the first role matrix and a few readable spot checks.
 */
import { describe, expect, it } from 'vitest';
import * as policy from '../../src/lib/server/policy';
import type { Actor, CaseFacts } from '../../src/lib/server/policy';
import type { Compartment, Domain, Role, TableKind } from '../../src/lib/server/db/schema';
import * as o from '../oracle';
import { contractActor, contractCase } from '../oracle/matrix';

// DESIGN.md §3.2, literally (tests/oracle/design.ts): "Zorgtafel — zorg sees zorg, veiligheid sees
// veiligheid; AVO and Stuurtafel — veiligheid sees veiligheid, zorg sees nothing beyond shared;
// ZVH — both domains see both."
const DESIGN_DEFAULTS = o.DEFAULT_SEES;

const ROLE_SETS: Role[][] = [
	[],
	['reporter'],
	['coordinator'],
	['reporter', 'coordinator'],
	['admin'],
	['auditor']
];
const DOMAINS: Domain[] = ['zorg', 'veiligheid'];
const KINDS: TableKind[] = ['zorgtafel', 'avo', 'stuurtafel', 'zvh'];
const MEMBERSHIP_STATES = ['none', 'pending', 'active', 'ended'] as const;
const MEMBER_ROLES = ['member', 'chair', 'secretary'] as const;
const RELATIONS = ['none', 'owner', 'caseLead', 'processLead', 'participant'] as const;
const COMPARTMENTS: Compartment[] = ['shared', 'zorg', 'veiligheid'];

const ME = 7;
const OTHER = 99;
const TABLE = 3;

interface Scenario {
	roles: Role[];
	domain: Domain;
	kind: TableKind;
	membership: (typeof MEMBERSHIP_STATES)[number];
	memberRole: (typeof MEMBER_ROLES)[number];
	relation: (typeof RELATIONS)[number];
	closed: boolean;
}

function* scenarios(): Generator<Scenario> {
	for (const roles of ROLE_SETS)
		for (const domain of DOMAINS)
			for (const kind of KINDS)
				for (const membership of MEMBERSHIP_STATES)
					for (const memberRole of MEMBER_ROLES)
						for (const relation of RELATIONS)
							for (const closed of [false, true])
								yield { roles, domain, kind, membership, memberRole, relation, closed };
}

/** The person as the design describes it, with the membership in any state (the oracle's facts). */
function personFor(s: Scenario): o.Person {
	return {
		id: ME,
		roles: s.roles,
		domain: s.domain,
		municipality: 'Dommelstroom',
		memberships:
			s.membership === 'none'
				? []
				: [
						{
							table: { id: TABLE, kind: s.kind, sees: DESIGN_DEFAULTS[s.kind] },
							role: s.memberRole,
							state: s.membership
						}
					]
	};
}

function oracleCaseFor(s: Scenario): o.CaseRef {
	return {
		tables: [{ id: TABLE }],
		participants: [{ userId: s.relation === 'participant' ? ME : OTHER, ended: false }],
		ownerId: s.relation === 'owner' ? ME : OTHER,
		caseLeadId: s.relation === 'caseLead' ? ME : null,
		processLeadId: s.relation === 'processLead' ? ME : null,
		closed: s.closed
	};
}

/** The actor as actors.load hands it to the policy: only chair-confirmed (active) memberships count (§3.4). */
function actorFor(s: Scenario): Actor {
	return contractActor(personFor(s));
}

function caseFor(s: Scenario): CaseFacts {
	return contractCase(oracleCaseFor(s));
}

/** DESIGN.md §3.1, §3.2, §3.4 as the oracle reads them (tests/oracle/cases.ts). */
function expectedReadable(s: Scenario): Set<Compartment> {
	return o.reach(personFor(s), oracleCaseFor(s))?.compartments ?? new Set();
}

/** A table's default policy, from the design (not from the policy under test). */
const defaults = (kind: TableKind) => DESIGN_DEFAULTS[kind];

describe('policy matrix: case compartments (DESIGN.md §3.1–3.4)', () => {
	const all = [...scenarios()];

	it('covers the whole matrix', () => {
		expect(all.length).toBe(ROLE_SETS.length * 2 * 4 * 4 * 3 * 5 * 2);
	});

	it.each(COMPARTMENTS)(
		'read and write of the %s compartment agree with the design for every scenario',
		(comp) => {
			const mismatches: string[] = [];
			for (const s of all) {
				const actor = actorFor(s);
				const c = caseFor(s);
				const readable = expectedReadable(s);
				const read = policy.mayReadCompartment(actor, c, comp);
				const write = policy.mayWriteCompartment(actor, c, comp);
				if (read !== readable.has(comp)) mismatches.push(`read ${comp} ${JSON.stringify(s)}: ${read}`);
				if (write !== o.writes(personFor(s), oracleCaseFor(s), comp))
					mismatches.push(`write ${comp} ${JSON.stringify(s)}: ${write}`);
			}
			expect(mismatches).toEqual([]);
		}
	);

	it('reach (404 versus visible) matches the design for every scenario', () => {
		for (const s of all) {
			const access = policy.caseAccess(actorFor(s), caseFor(s));
			expect(access !== null, JSON.stringify(s)).toBe(expectedReadable(s).size > 0);
		}
	});

	it('a user sees the union over the ways they reach a case', () => {
		// A zorg member of both the AVO (zorg sees nothing extra) and the ZVH (sees both).
		const actor: Actor = {
			id: ME,
			roles: [],
			domain: 'zorg',
			municipality: 'Dommelstroom',
			memberships: [
				{ tableId: 1, tableKind: 'avo', role: 'member', policy: defaults('avo') },
				{ tableId: 2, tableKind: 'zvh', role: 'member', policy: defaults('zvh') }
			]
		};
		const onAvoOnly: CaseFacts = {
			tableIds: [1],
			participantIds: [],
			ownerId: OTHER,
			caseLeadId: null,
			processLeadId: null,
			closed: false
		};
		const onBoth = { ...onAvoOnly, tableIds: [1, 2] };
		expect([...(policy.caseAccess(actor, onAvoOnly)?.compartments ?? [])].sort()).toEqual(['shared']);
		expect([...(policy.caseAccess(actor, onBoth)?.compartments ?? [])].sort()).toEqual([
			'shared',
			'veiligheid',
			'zorg'
		]);
		expect(policy.caseAccess(actor, onBoth)?.viaTables).toEqual([1, 2]);
	});

	it('a membership of another table does not reach the case', () => {
		const actor: Actor = {
			id: ME,
			roles: ['coordinator'],
			domain: 'veiligheid',
			municipality: 'Dommelstroom',
			memberships: [{ tableId: 5, tableKind: 'zvh', role: 'chair', policy: defaults('zvh') }]
		};
		const c: CaseFacts = {
			tableIds: [TABLE],
			participantIds: [],
			ownerId: OTHER,
			caseLeadId: null,
			processLeadId: null,
			closed: false
		};
		expect(policy.caseAccess(actor, c)).toBeNull();
		expect(policy.mayManageCase(actor, c)).toBe(false);
	});

	it('a changed table policy is what counts, not the kind default', () => {
		const actor: Actor = {
			id: ME,
			roles: [],
			domain: 'zorg',
			municipality: 'Dommelstroom',
			memberships: [
				{
					tableId: TABLE,
					tableKind: 'zorgtafel',
					role: 'member',
					policy: { zorg: [], veiligheid: ['veiligheid'] }
				}
			]
		};
		const c: CaseFacts = {
			tableIds: [TABLE],
			participantIds: [],
			ownerId: OTHER,
			caseLeadId: null,
			processLeadId: null,
			closed: false
		};
		expect(policy.mayReadCompartment(actor, c, 'zorg')).toBe(false);
		expect(policy.mayReadCompartment(actor, c, 'shared')).toBe(true);
	});
});

describe('policy matrix: pages (DESIGN.md §1, §5)', () => {
	// §1: reporter "nothing else" than own signals; admin: users, organisations, tables;
	// auditor: access log; §5: /admin admin only, /audit auditor only.
	const cases: Array<{ name: string; roles: Role[]; member?: 'member' | 'chair'; allowed: policy.Page[] }> = [
		{ name: 'admin', roles: ['admin'], allowed: ['home', 'admin'] },
		{ name: 'auditor', roles: ['auditor'], allowed: ['home', 'audit'] },
		{ name: 'reporter', roles: ['reporter'], allowed: ['home', 'signals'] },
		{
			name: 'coordinator',
			roles: ['coordinator'],
			allowed: [
				'home',
				'signals',
				'cases',
				'meetings',
				'decisions',
				'actions',
				'escalations',
				'reports',
				'tables'
			]
		},
		{
			name: 'table member',
			roles: [],
			member: 'member',
			allowed: ['home', 'cases', 'meetings', 'decisions', 'actions', 'escalations', 'tables']
		},
		{
			name: 'table chair',
			roles: [],
			member: 'chair',
			allowed: ['home', 'cases', 'meetings', 'decisions', 'actions', 'escalations', 'reports', 'tables']
		},
		{ name: 'case participant only', roles: [], allowed: ['home', 'cases', 'actions'] }
	];

	it.each(cases)('$name may use exactly its pages', ({ roles, member, allowed }) => {
		const actor: Actor = {
			id: ME,
			roles,
			domain: 'zorg',
			municipality: 'Dommelstroom',
			memberships: member
				? [{ tableId: 1, tableKind: 'zorgtafel', role: member, policy: defaults('zorgtafel') }]
				: []
		};
		for (const page of policy.PAGES) {
			expect(policy.mayUsePage(actor, page), `${page}`).toBe(allowed.includes(page));
		}
	});
});

describe('policy matrix: tables and memberships (DESIGN.md §3.3–3.4)', () => {
	for (const role of MEMBER_ROLES) {
		it(`an active ${role} sees the table's content; only a chair confirms members`, () => {
			const actor: Actor = {
				id: ME,
				roles: [],
				domain: 'zorg',
				municipality: 'Dommelstroom',
				memberships: [{ tableId: 1, tableKind: 'avo', role, policy: defaults('avo') }]
			};
			expect(policy.mayViewTable(actor, 1)).toBe(true);
			expect(policy.maySeeTableContent(actor, 1)).toBe(true);
			expect(policy.maySeeTableContent(actor, 2)).toBe(false);
			expect(policy.mayConfirmMembers(actor, 1)).toBe(role === 'chair');
			expect(policy.mayConfirmMembers(actor, 2)).toBe(false);
		});
	}

	it('admin and auditor administer or audit, and nothing else', () => {
		const admin: Actor = {
			id: 1,
			roles: ['admin'],
			domain: 'veiligheid',
			municipality: 'X',
			memberships: []
		};
		const auditor: Actor = { ...admin, roles: ['auditor'] };
		expect(policy.mayAdminister(admin)).toBe(true);
		expect(policy.mayReadAuditLog(admin)).toBe(false);
		expect(policy.mayAdminister(auditor)).toBe(false);
		expect(policy.mayReadAuditLog(auditor)).toBe(true);
		expect(policy.mayCreateCase(admin)).toBe(false);
		expect(policy.caseScope(admin).none).toBe(true);
		expect(policy.caseScope(auditor).none).toBe(true);
	});

	it('guardian roles cannot be combined with other roles', () => {
		expect(policy.rolesAreCompatible(['admin'])).toBe(true);
		expect(policy.rolesAreCompatible(['auditor'])).toBe(true);
		expect(policy.rolesAreCompatible(['admin', 'coordinator'])).toBe(false);
		expect(policy.rolesAreCompatible(['auditor', 'reporter'])).toBe(false);
		expect(policy.rolesAreCompatible(['reporter', 'coordinator'])).toBe(true);
	});
});

describe('policy matrix: signals (DESIGN.md §1, §3.4)', () => {
	const base = { id: ME, domain: 'zorg' as Domain, memberships: [] };
	const signal = { reporterUserId: ME, municipality: 'Dommelstroom' };
	const other = { reporterUserId: OTHER, municipality: 'Dommelstroom' };
	const elsewhere = { reporterUserId: OTHER, municipality: 'Kempenveld' };

	it.each([
		{ who: 'reporter, own signal', roles: ['reporter'] as Role[], s: signal, want: 'own' },
		{ who: 'reporter, someone else’s', roles: ['reporter'] as Role[], s: other, want: null },
		{ who: 'coordinator of the municipality', roles: ['coordinator'] as Role[], s: other, want: 'full' },
		{ who: 'coordinator elsewhere', roles: ['coordinator'] as Role[], s: elsewhere, want: null },
		{ who: 'member without roles', roles: [] as Role[], s: other, want: null },
		{ who: 'admin', roles: ['admin'] as Role[], s: other, want: null },
		{ who: 'auditor', roles: ['auditor'] as Role[], s: other, want: null }
	])('$who', ({ roles, s, want }) => {
		expect(policy.signalView({ ...base, roles, municipality: 'Dommelstroom' }, s)).toBe(want);
	});
});
