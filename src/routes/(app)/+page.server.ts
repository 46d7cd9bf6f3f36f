import { getDb } from '$lib/server/db';
import * as tables from '$lib/server/tables';
import { requireActor } from '$lib/server/guard';
import { isGuardian } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	const db = getDb();
	return {
		guardian: isGuardian(actor),
		isAdmin: actor.roles.includes('admin'),
		isAuditor: actor.roles.includes('auditor'),
		myTables: isGuardian(actor)
			? []
			: tables.listForActor(db, actor).map((t) => ({
					id: t.id,
					name: t.name,
					kind: t.kind,
					role: actor.memberships.find((x) => x.tableId === t.id)?.role ?? 'member'
				})),
		pendingConfirmations: tables.pendingForChair(db, actor)
	};
};
