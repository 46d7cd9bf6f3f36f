/** The builder makes rows the policy and domain read as real ones. */
import { describe, expect, it } from 'vitest';
import { openMemory } from '../../src/lib/server/db';
import { caseAccess } from '../../src/lib/server/policy';
import * as cases from '../../src/lib/server/cases';
import { builder } from '../support/build';

describe('test-data builder', () => {
	it('builds a table, members and a case the policy reaches through the table', () => {
		const db = openMemory();
		const b = builder(db);
		const zt = b.table({ kind: 'zorgtafel' });
		const zorg = b.person({ domain: 'zorg' });
		const pending = b.person({ domain: 'veiligheid' });
		b.member(zt, zorg);
		b.member(zt, pending, 'member', 'pending');
		const c = b.caseFile({ kind: 'victim', tables: [zt] });
		const facts = cases.factsById(db, c.id)!;
		expect([...(caseAccess(b.actor(zorg), facts)?.compartments ?? [])].sort()).toEqual(['shared', 'zorg']);
		expect(caseAccess(b.actor(pending), facts)).toBeNull();
		const ctx = b.ctx(zorg);
		expect(ctx.actor.id).toBe(zorg.id);
		expect(ctx.views.size).toBe(0);
	});
});
