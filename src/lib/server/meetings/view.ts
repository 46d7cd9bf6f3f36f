/**
 * The meeting page and the projector: the meeting as one member may see it, its view noted once
 * (one access-log row per page, with the compartments it showed).
 */
import type { DbOrTx } from '../db';
import * as audit from '../audit';
import type { Ctx } from '../context';
import { mayDecide, mayPlan, type Actor } from '../policy';
import { rowsFor, type DecisionRow } from '../decisions';
import { visibleTo, type FactsCache, type LoadedMeeting } from './load';
import { agendaFor, type AgendaEntry } from './agenda';
import { reviewCompartments, reviewFor, type ReviewEntry } from './review';

export interface MeetingView {
	meeting: LoadedMeeting;
	agenda: AgendaEntry[];
	decisions: DecisionRow[];
	review: ReviewEntry[];
	may: { plan: boolean; decide: boolean };
}

/**
 * The meeting as this member may see it, with the compartments it contains: the table's shared
 * content (agenda, decisions) and the compartments of the review's actions. Notes no view.
 */
export function composeView(
	db: DbOrTx,
	actor: Actor,
	meetingId: number,
	now: Date,
	cache: FactsCache = new Map()
): { view: MeetingView; compartments: string[] } {
	const row = visibleTo(db, actor, meetingId);
	const review = reviewFor(db, actor, meetingId, cache);
	const view: MeetingView = {
		meeting: row,
		agenda: agendaFor(db, actor, meetingId, cache),
		decisions: rowsFor(db, actor, { tableId: row.tableId }, now, cache).filter(
			(d) => d.meetingId === meetingId
		),
		review,
		may: { plan: mayPlan(actor, row.tableId), decide: mayDecide(actor, row.tableId) }
	};
	return { view, compartments: ['shared', ...reviewCompartments(review)] };
}

/** The meeting page's content; the view is noted (one row for the meeting, with its compartments). */
export function get(db: DbOrTx, ctx: Ctx, meetingId: number): MeetingView {
	const { view, compartments } = composeView(db, ctx.actor, meetingId, ctx.now);
	audit.viewed(ctx, { action: 'view', objectType: 'meeting', objectId: meetingId, compartments });
	return view;
}

export interface ProjectorView {
	meeting: Pick<LoadedMeeting, 'id' | 'tableName' | 'status' | 'startsAt'>;
	items: Array<{ id: number; label: string; plannedMinutes: number; compartments: ['shared'] }>;
}

/**
 * The projector view: the agenda's shared content only. Whose laptop is connected does not
 * matter beyond reach: no compartment is ever sent to this page, and the view is noted so.
 */
export function projector(db: DbOrTx, ctx: Ctx, meetingId: number, hiddenCaseLabel: string): ProjectorView {
	const row = visibleTo(db, ctx.actor, meetingId);
	const items = agendaFor(db, ctx.actor, meetingId).map((item) => ({
		id: item.id,
		label:
			item.kind === 'general'
				? (item.title ?? '')
				: item.case
					? `${item.case.reference} – ${item.case.subjectLabel}`
					: hiddenCaseLabel,
		plannedMinutes: item.plannedMinutes,
		compartments: ['shared'] as ['shared']
	}));
	audit.viewed(ctx, {
		action: 'view',
		objectType: 'meeting',
		objectId: meetingId,
		compartments: ['shared'],
		detail: 'projector'
	});
	return {
		meeting: { id: row.id, tableName: row.tableName, status: row.status, startsAt: row.startsAt },
		items
	};
}
