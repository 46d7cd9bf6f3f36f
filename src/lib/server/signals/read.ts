/** Reading signals: the coordinator's inbox, the reporter's own list, one signal, link candidates. */
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import type { Ctx } from '../context';
import { signal, signalEvent, signalForwarding, user, type Signal, type SignalEvent } from '../db/schema';
import { reporterStatus, type SignalStatus } from '../../domain/signals';
import * as audit from '../audit';
import { NotFoundError } from '../errors';
import { mayWorkOnSignal, signalInboxScope, signalView } from '../policy';
import { ids, load } from './shared';

const URGENCY_ORDER = sql`case ${signal.urgency} when 'acute' then 0 when 'high' then 1 else 2 end`;
const STATUS_ORDER = sql`case ${signal.status} when 'received' then 0 when 'in_triage' then 1 else 2 end`;

export type InboxFilter = 'open' | 'settled' | 'all';

export interface InboxRow {
	id: number;
	reference: string;
	receivedAt: Date;
	source: Signal['source'];
	urgency: Signal['urgency'];
	status: SignalStatus;
	locationKind: Signal['locationKind'];
	forms: Signal['forms'];
	summary: string;
	feedbackPending: boolean;
}

/** The coordinator's inbox for their municipality: new first, then by urgency and age. */
export function inbox(db: DbOrTx, ctx: Ctx, filter: InboxFilter = 'open'): InboxRow[] {
	const scope = signalInboxScope(ctx.actor);
	if (scope.length === 0) return [];
	const statusFilter =
		filter === 'open'
			? inArray(signal.status, ['received', 'in_triage'])
			: filter === 'settled'
				? inArray(signal.status, ['forwarded', 'converted', 'closed_no_action'])
				: undefined;
	const rows = db
		.select()
		.from(signal)
		.where(and(inArray(signal.municipality, scope), statusFilter))
		.orderBy(STATUS_ORDER, URGENCY_ORDER, asc(signal.receivedAt))
		.limit(500)
		.all();
	audit.viewed(ctx, {
		action: 'search',
		objectType: 'signal',
		objectId: null,
		detail: `inbox ${filter}: signalen ${ids(rows)}`
	});
	return rows.map((s) => ({
		id: s.id,
		reference: s.reference,
		receivedAt: s.receivedAt,
		source: s.source,
		urgency: s.urgency,
		status: s.status,
		locationKind: s.locationKind,
		forms: s.forms,
		summary: s.description
			? s.description.length > 140
				? `${s.description.slice(0, 140)}…`
				: s.description
			: '',
		feedbackPending: s.reporterUserId !== null && s.feedbackSentAt === null && s.status !== 'received'
	}));
}

/** What a reporter sees of their own signal: no partners, no case references, no people. */
export interface OwnSignal {
	id: number;
	reference: string;
	receivedAt: Date;
	description: string | null;
	status: 'received' | 'in_progress' | 'handled';
	feedback: string | null;
	feedbackSentAt: Date | null;
}

function ownView(s: Signal): OwnSignal {
	return {
		id: s.id,
		reference: s.reference,
		receivedAt: s.receivedAt,
		description: s.description,
		status: reporterStatus(s.status),
		feedback: s.feedbackSentAt ? s.feedback : null,
		feedbackSentAt: s.feedbackSentAt
	};
}

/** The reporter's own signals, newest first. */
export function listOwn(db: DbOrTx, ctx: Ctx): OwnSignal[] {
	const rows = db
		.select()
		.from(signal)
		.where(eq(signal.reporterUserId, ctx.actor.id))
		.orderBy(desc(signal.receivedAt))
		.all();
	audit.viewed(ctx, {
		action: 'search',
		objectType: 'signal',
		objectId: null,
		detail: `eigen signalen: ${ids(rows)}`
	});
	return rows.map(ownView);
}

export type TimelineEntry = SignalEvent & { userName: string | null };
export interface FullSignal {
	view: 'full';
	signal: Signal;
	reporterName: string | null;
	registeredByName: string;
	timeline: TimelineEntry[];
	forwardings: Array<{ partner: string; forwardedOn: string; reason: string | null; byName: string }>;
	related: { id: number; reference: string } | null;
}

/** Loads a signal as the actor may see it (the view is noted), or throws NotFound (and the caller logs the denial). */
export function get(db: DbOrTx, ctx: Ctx, id: number): FullSignal | ({ view: 'own' } & OwnSignal) {
	const s = load(db, id);
	const view = s ? signalView(ctx.actor, s) : null;
	if (!s || !view) throw new NotFoundError(m.err_not_found());
	audit.viewed(ctx, {
		action: 'view',
		objectType: 'signal',
		objectId: id,
		detail: view === 'own' ? 'eigen signaal' : null
	});
	if (view === 'own') return { view, ...ownView(s) };
	const nameOf = (userId: number | null) =>
		userId === null
			? null
			: (db.select({ name: user.name }).from(user).where(eq(user.id, userId)).get()?.name ?? null);
	const timeline = db
		.select({
			id: signalEvent.id,
			signalId: signalEvent.signalId,
			at: signalEvent.at,
			userId: signalEvent.userId,
			kind: signalEvent.kind,
			detail: signalEvent.detail,
			userName: user.name
		})
		.from(signalEvent)
		.leftJoin(user, eq(user.id, signalEvent.userId))
		.where(eq(signalEvent.signalId, id))
		.orderBy(asc(signalEvent.at), asc(signalEvent.id))
		.all()
		// The reference of a case made from the signal is shown only through the case list on the
		// signal page, which the cases module filters by reach: a coordinator may not reach it.
		.map((e) => (e.kind === 'converted' ? { ...e, detail: null } : e));
	const forwardings = db
		.select({
			partner: signalForwarding.partner,
			forwardedOn: signalForwarding.forwardedOn,
			reason: signalForwarding.reason,
			byName: user.name
		})
		.from(signalForwarding)
		.innerJoin(user, eq(user.id, signalForwarding.byUserId))
		.where(eq(signalForwarding.signalId, id))
		.orderBy(asc(signalForwarding.at))
		.all();
	const related = s.relatedSignalId
		? (db
				.select({ id: signal.id, reference: signal.reference })
				.from(signal)
				.where(eq(signal.id, s.relatedSignalId))
				.get() ?? null)
		: null;
	return {
		view,
		signal: s,
		reporterName: nameOf(s.reporterUserId),
		registeredByName: nameOf(s.registeredBy) ?? '',
		timeline,
		forwardings,
		related
	};
}

/** Signals of the municipality a coordinator can link to (earlier ones, newest first); the list is noted as a search. */
export function linkCandidates(
	db: DbOrTx,
	ctx: Ctx,
	s: Signal
): Array<{ id: number; reference: string; receivedAt: Date }> {
	if (!mayWorkOnSignal(ctx.actor, s)) return [];
	const rows = db
		.select({ id: signal.id, reference: signal.reference, receivedAt: signal.receivedAt })
		.from(signal)
		.where(and(eq(signal.municipality, s.municipality), lt(signal.receivedAt, s.receivedAt)))
		.orderBy(desc(signal.receivedAt))
		.limit(50)
		.all();
	audit.viewed(ctx, {
		action: 'search',
		objectType: 'signal',
		objectId: null,
		detail: `eerdere signalen bij ${s.reference}: signalen ${ids(rows)}`
	});
	return rows;
}

/** How many new (untriaged) signals wait in the coordinator's inbox. */
export function countNew(db: DbOrTx, ctx: Ctx): number {
	const scope = signalInboxScope(ctx.actor);
	if (scope.length === 0) return 0;
	const row = db
		.select({ n: sql<number>`count(*)` })
		.from(signal)
		.where(and(inArray(signal.municipality, scope), eq(signal.status, 'received')))
		.get();
	return row?.n ?? 0;
}
