import { getDb } from '$lib/server/db';
import * as tables from '$lib/server/tables';
import * as cases from '$lib/server/cases';
import * as signals from '$lib/server/signals';
import * as meetings from '$lib/server/meetings';
import * as escalations from '$lib/server/escalations';
import { requireContext } from '$lib/server/guard';
import { isGuardian } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'home');
	const { actor } = ctx;
	const db = getDb();
	const guardian = isGuardian(actor);
	return {
		guardian,
		isAdmin: actor.roles.includes('admin'),
		isAuditor: actor.roles.includes('auditor'),
		isCoordinator: actor.roles.includes('coordinator'),
		myTables: guardian
			? []
			: tables.listForActor(db, ctx).map((t) => ({
					id: t.id,
					name: t.name,
					kind: t.kind,
					role: actor.memberships.find((x) => x.tableId === t.id)?.role ?? 'member'
				})),
		pendingConfirmations: tables.pendingForChair(db, ctx),
		newSignals: signals.countNew(db, ctx),
		overview: cases.overview(db, ctx),
		waitingEscalations: escalations.board(db, ctx, { open: true }).filter((e) => e.waitingOnMe),
		published: meetings
			.newlyPublished(db, ctx)
			.map((x) => ({ id: x.id, tableName: x.tableName, startsAt: x.startsAt }))
	};
};
