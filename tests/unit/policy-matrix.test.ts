/**
 * The policy matrix (issue 13, "The matrix covers every rule"): every export of
 * src/lib/server/policy against the oracle written from DESIGN.md (tests/oracle/), over generated
 * scenarios; a coverage test that refuses any export without rows; and the loader contract the
 * matrix assumes (the policy is handed active memberships and active participants only), checked
 * against the real loaders on a database the test builds.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import * as policy from '../../src/lib/server/policy';
import * as actors from '../../src/lib/server/actors';
import * as cases from '../../src/lib/server/cases';
import { openMemory } from '../../src/lib/server/db';
import { caseParticipant } from '../../src/lib/server/db/schema';
import { builder } from '../support/build';
import * as o from '../oracle';
import { coverageProblems } from '../oracle/coverage';
import { FINDINGS } from '../oracle/findings';
import {
	SECTIONS,
	comparisonCounts,
	contractActor,
	contractCase,
	mismatchLines,
	runMatrix,
	type SectionResult
} from '../oracle/matrix';
import { ME, PEOPLE, TABLES } from '../oracle/scenarios';

const results = new Map<string, SectionResult>();
function resultOf(section: string): SectionResult {
	let r = results.get(section);
	if (!r) results.set(section, (r = runMatrix(policy, { sections: [section] })[0]));
	return r;
}

describe('policy matrix against the oracle (DESIGN.md §1–§4, §7)', () => {
	it.each(SECTIONS.map((s) => s.name))('%s', (name) => {
		const r = resultOf(name);
		expect(mismatchLines([r])).toEqual([]);
		expect([...r.counts.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
	});
});

describe('findings: where the policy disagrees with the design (tests/oracle/findings.ts)', () => {
	it('lists only findings that still stand (none today)', () => {
		expect(FINDINGS.every((f) => typeof f.exportName === 'string' && f.exportName in policy)).toBe(true);
	});
	it.each(FINDINGS.map((f) => [f.id, f] as const))(
		'%s still occurs (fixed? remove it from findings.ts)',
		(_id, f) => {
			const n = SECTIONS.filter((s) => s.covers.includes(f.exportName)).reduce(
				(sum, s) => sum + (resultOf(s.name).findings.get(f.id)?.n ?? 0),
				0
			);
			expect(n, `${f.id}: ${f.design}`).toBeGreaterThan(0);
		}
	);
});

describe('coverage: every policy export has matrix rows', () => {
	it('each export (functions and data) is compared by a section, at least a few times', () => {
		const counts = comparisonCounts(SECTIONS.map((s) => resultOf(s.name)));
		expect(coverageProblems(policy, counts)).toEqual([]);
		if (process.env.MATRIX_REPORT) {
			const total = [...counts.values()].reduce((a, b) => a + b, 0);
			const rows = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k.padEnd(24)} ${n}`);
			console.info(`policy matrix: ${PEOPLE.length} people, ${total} comparisons\n${rows.join('\n')}`);
			for (const f of FINDINGS)
				for (const s of SECTIONS.filter((x) => x.covers.includes(f.exportName))) {
					const hit = resultOf(s.name).findings.get(f.id);
					if (hit)
						console.info(`finding ${f.id}: ${hit.n} rows, e.g.\n  ${hit.samples.slice(0, 3).join('\n  ')}`);
				}
		}
	});
});

describe('the loader contract the matrix assumes (actors.load, cases.factsById)', () => {
	it('the actor holds exactly the active memberships, with their table’s kind and policy', () => {
		const db = openMemory();
		const b = builder(db);
		const made = new Map(TABLES.map((t) => [t.id, b.table({ kind: t.kind, policy: t.sees })]));
		const mismatches: string[] = [];
		let compared = 0;
		for (const s of PEOPLE.filter((x) => x.person.roles.length === 0)) {
			const u = b.person({ domain: s.person.domain, roles: [...s.person.roles] });
			for (const m of s.person.memberships) b.member(made.get(m.table.id)!, u, m.role, m.state);
			const loaded = actors.load(db, u.id)!;
			const got = loaded.memberships
				.map((m) => [m.tableKind, m.role, m.policy])
				.map((x) => JSON.stringify(x))
				.sort();
			const want = contractActor({ ...s.person, id: u.id })
				.memberships.map((m) => [m.tableKind, m.role, m.policy])
				.map((x) => JSON.stringify(x))
				.sort();
			compared++;
			if (JSON.stringify(got) !== JSON.stringify(want))
				mismatches.push(`${s.label}: loaded ${got.join(' ')}, oracle ${want.join(' ')}`);
		}
		expect(mismatches).toEqual([]);
		expect(compared).toBeGreaterThan(50);
		// An inactive person is no actor at all (the policy's `owner: null`).
		expect(actors.load(db, b.person({ active: false }).id)).toBeNull();
	});

	it('the case facts hold the active participants only, and closed', () => {
		const db = openMemory();
		const b = builder(db);
		const zt = b.table({ kind: 'zorgtafel' });
		const owner = b.person({ roles: ['coordinator'] });
		const [active, ended] = [b.person(), b.person()];
		const c = b.caseFile({ kind: 'victim', tables: [zt], owner, status: 'closed' });
		b.participant(c, active);
		const gone = b.participant(c, ended);
		db.update(caseParticipant)
			.set({ endedAt: new Date('2026-11-03T00:00:00Z') })
			.where(eq(caseParticipant.id, gone.id))
			.run();
		const oracleCase: o.CaseRef = {
			tables: [{ id: zt.id }],
			ownerId: owner.id,
			caseLeadId: null,
			processLeadId: null,
			participants: [
				{ userId: active.id, ended: false },
				{ userId: ended.id, ended: true }
			],
			closed: true
		};
		expect(cases.factsById(db, c.id)).toEqual(contractCase(oracleCase));
	});
});

describe('the matrix is not trivial', () => {
	it('the oracle gives every rule both answers somewhere', () => {
		// A few spot checks of the generated world: each kind of answer occurs.
		const zorgMember = PEOPLE.find(
			(s) => s.label === '[no roles] zorg, active member of #1 zorgtafel'
		)!.person;
		expect(zorgMember.id).toBe(ME);
		const c: o.CaseRef = {
			tables: [{ id: 1 }],
			ownerId: null,
			caseLeadId: null,
			processLeadId: null,
			participants: [],
			closed: false
		};
		expect(sortedComps(o.reach(zorgMember, c)?.compartments)).toEqual(['shared', 'zorg']);
		const pending = PEOPLE.find((s) => s.label === '[no roles] zorg, pending member of #1 zorgtafel')!.person;
		expect(o.reach(pending, c)).toBeNull();
	});
});

function sortedComps(x: Iterable<string> | undefined) {
	return x ? [...x].sort() : null;
}
