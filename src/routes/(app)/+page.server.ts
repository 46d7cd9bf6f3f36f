import { getDb } from '$lib/server/db';
import * as tables from '$lib/server/tables';
import * as cases from '$lib/server/cases';
import * as signals from '$lib/server/signals';
import * as meetings from '$lib/server/meetings';
import * as escalations from '$lib/server/escalations';
import { requireActor } from '$lib/server/guard';
import { isGuardian } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	const db = getDb();
	const guardian = isGuardian(actor);
	return {
		guardian,
		isAdmin: actor.roles.includes('admin'),
		isAuditor: actor.roles.includes('auditor'),
		isCoordinator: actor.roles.includes('coordinator'),
		domain: actor.domain,
		myTables: guardian
			? []
			: tables.listForActor(db, actor).map((t) => ({
					id: t.id,
					name: t.name,
					kind: t.kind,
					role: actor.memberships.find((x) => x.tableId === t.id)?.role ?? 'member'
				})),
		pendingConfirmations: tables.pendingForChair(db, actor),
		newSignals: signals.countNew(db, actor),
		overview: cases.overview(db, actor, event.locals.now),
		waitingEscalations: escalations.board(db, actor, { open: true }, event.locals.now).filter((e) => e.waitingOnMe),
		published: meetings.newlyPublished(db, actor, event.locals.now).map((x) => ({ id: x.id, tableName: x.tableName, startsAt: x.startsAt })),
		hasVeiligheidTables: actor.memberships.some((x) => x.tableKind === 'avo' || x.tableKind === 'stuurtafel')
	};
};
