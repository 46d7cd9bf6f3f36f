/**
 * Signals (signalen): intake by front-line staff, triage by the municipality's coordinator,
 * forwarding to partners, feedback to the reporter, and anonymisation after the retention period.
 * A reporter sees only their own signals, and of those only status and feedback.
 */
import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import type { DbOrTx } from './db';
import { organisation, signal, signalEvent, signalForwarding, user, type Signal, type SignalEvent } from './db/schema';
import {
	ALL_INDICATORS,
	FORMS,
	LOCATION_KINDS,
	PARTNERS,
	SOURCES,
	URGENCIES,
	reporterStatus,
	type SignalEventKind,
	type SignalStatus
} from '../domain/signals';
import * as audit from './audit';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { maySubmitSignal, signalInboxScope, signalView, type Actor } from './policy';
import { isoDate, oneOf, optionalText, parse, text } from './validation';
import { dutchDate } from '../dates';

function notInFuture(label: string, now: Date) {
	return isoDate(label).refine((v) => v <= dutchDate(now), { error: m.err_date_future({ label }) });
}

export function signalInput(now: Date, onBehalf: boolean) {
	return z
		.object({
			description: text(m.field_signal_description(), 10, 5000),
			observedOn: z
				.string()
				.trim()
				.optional()
				.transform((v) => v || undefined)
				.pipe(notInFuture(m.field_observed_on(), now).optional()),
			locationKind: oneOf(LOCATION_KINDS, m.field_location_kind()),
			address: optionalText(m.field_address(), 200),
			forms: z.array(oneOf(FORMS, m.field_forms())).max(FORMS.length).default([]),
			indicators: z
				.array(z.string().refine((v) => ALL_INDICATORS.includes(v), { error: m.err_unknown_value({ label: m.field_indicators() }) }))
				.max(ALL_INDICATORS.length)
				.default([]),
			otherIndicator: optionalText(m.field_other_indicator(), 500),
			urgency: oneOf(URGENCIES, m.field_urgency()),
			contact: optionalText(m.field_contact(), 200),
			municipality: text(m.field_municipality(), 2, 80),
			// Front-line reporters always report as themselves, whatever a crafted form says.
			source: onBehalf ? oneOf(SOURCES, m.field_source()) : z.unknown().optional().transform(() => 'reporter' as const),
			externalReporter: optionalText(m.field_external_reporter(), 200)
		})
		.transform((v) => ({
			...v,
			forms: [...new Set(v.forms)],
			indicators: [...new Set(v.indicators)],
			// An anonymous source has, by definition, no name or contact.
			externalReporter: v.source === 'anonymous' || v.source === 'reporter' ? null : v.externalReporter,
			contact: v.source === 'anonymous' ? null : v.contact
		}));
}

function knownMunicipality(db: DbOrTx, name: string): boolean {
	return !!db.select({ id: organisation.id }).from(organisation).where(eq(organisation.municipality, name)).get();
}

function nextReference(db: DbOrTx, now: Date): string {
	const year = dutchDate(now).slice(0, 4);
	const prefix = `SG-${year}-`;
	const row = db
		.select({ n: sql<number>`count(*)` })
		.from(signal)
		.where(sql`${signal.reference} like ${prefix + '%'}`)
		.get();
	return `${prefix}${String((row?.n ?? 0) + 1).padStart(4, '0')}`;
}

function addEvent(db: DbOrTx, signalId: number, userId: number | null, kind: SignalEventKind, now: Date, detail: string | null = null) {
	db.insert(signalEvent).values({ signalId, at: now, userId, kind, detail }).run();
}

/**
 * Records a signal. A reporter submits their own; a coordinator can also register one on behalf
 * of a citizen, a partner or an anonymous source.
 */
export function submit(db: DbOrTx, actor: Actor, raw: unknown, now: Date, clientAddress: string | null = null): Signal {
	if (!maySubmitSignal(actor)) throw new NotFoundError(m.err_not_found());
	const onBehalf = actor.roles.includes('coordinator');
	const input = parse(signalInput(now, onBehalf), raw);
	if (!knownMunicipality(db, input.municipality)) {
		throw new ValidationError(m.err_unknown_municipality(), { municipality: m.err_unknown_municipality() });
	}
	const row = db
		.insert(signal)
		.values({
			...input,
			reference: nextReference(db, now),
			receivedAt: now,
			reporterUserId: input.source === 'reporter' ? actor.id : null,
			registeredBy: actor.id,
			status: 'received'
		})
		.returning()
		.get();
	addEvent(db, row.id, actor.id, 'received', now);
	audit.record(db, { userId: actor.id, action: 'create', objectType: 'signal', objectId: row.id, clientAddress }, now);
	return row;
}

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
export function inbox(db: DbOrTx, actor: Actor, filter: InboxFilter = 'open', now: Date, clientAddress: string | null = null): InboxRow[] {
	const scope = signalInboxScope(actor);
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
	audit.record(db, { userId: actor.id, action: 'search', objectType: 'signal', clientAddress, detail: `inbox ${filter}` }, now);
	return rows.map((s) => ({
		id: s.id,
		reference: s.reference,
		receivedAt: s.receivedAt,
		source: s.source,
		urgency: s.urgency,
		status: s.status,
		locationKind: s.locationKind,
		forms: s.forms,
		summary: s.description ? (s.description.length > 140 ? `${s.description.slice(0, 140)}…` : s.description) : '',
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
export function listOwn(db: DbOrTx, actor: Actor, now: Date, clientAddress: string | null = null): OwnSignal[] {
	const rows = db.select().from(signal).where(eq(signal.reporterUserId, actor.id)).orderBy(desc(signal.receivedAt)).all();
	audit.record(db, { userId: actor.id, action: 'search', objectType: 'signal', clientAddress, detail: 'eigen signalen' }, now);
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

function load(db: DbOrTx, id: number): Signal | undefined {
	return db.select().from(signal).where(eq(signal.id, id)).get();
}

/** Loads a signal as the actor may see it, or throws NotFound (and the caller logs the denial). */
export function get(
	db: DbOrTx,
	actor: Actor,
	id: number,
	now: Date,
	clientAddress: string | null = null
): FullSignal | ({ view: 'own' } & OwnSignal) {
	const s = load(db, id);
	const view = s ? signalView(actor, s) : null;
	if (!s || !view) throw new NotFoundError(m.err_not_found());
	audit.record(db, { userId: actor.id, action: 'view', objectType: 'signal', objectId: id, clientAddress }, now);
	if (view === 'own') return { view, ...ownView(s) };
	const nameOf = (userId: number | null) =>
		userId === null ? null : (db.select({ name: user.name }).from(user).where(eq(user.id, userId)).get()?.name ?? null);
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
		.select({ partner: signalForwarding.partner, forwardedOn: signalForwarding.forwardedOn, reason: signalForwarding.reason, byName: user.name })
		.from(signalForwarding)
		.innerJoin(user, eq(user.id, signalForwarding.byUserId))
		.where(eq(signalForwarding.signalId, id))
		.orderBy(asc(signalForwarding.at))
		.all();
	const related = s.relatedSignalId ? (db.select({ id: signal.id, reference: signal.reference }).from(signal).where(eq(signal.id, s.relatedSignalId)).get() ?? null) : null;
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

/** The signal for a coordinator action, or NotFound. Closed and anonymised signals take no actions. */
function forWork(db: DbOrTx, actor: Actor, id: number, allowSettled = true): Signal {
	const s = load(db, id);
	if (!s || signalView(actor, s) !== 'full') throw new NotFoundError(m.err_not_found());
	if (s.status === 'closed_no_action' || s.anonymisedAt) throw new ConflictError(m.err_signal_closed());
	if (!allowSettled && s.status !== 'received' && s.status !== 'in_triage') throw new ConflictError(m.err_signal_settled());
	return s;
}

/** Moves a new signal into triage (implicitly done by any coordinator action). */
function ensureTriage(db: DbOrTx, actor: Actor, s: Signal, now: Date) {
	if (s.status !== 'received') return;
	db.update(signal).set({ status: 'in_triage' }).where(eq(signal.id, s.id)).run();
	addEvent(db, s.id, actor.id, 'triage_started', now);
	s.status = 'in_triage';
}

function changed(db: DbOrTx, actor: Actor, id: number, what: string, now: Date, clientAddress: string | null) {
	audit.record(db, { userId: actor.id, action: 'update', objectType: 'signal', objectId: id, clientAddress, detail: what }, now);
}

/** Starts triage explicitly. */
export function startTriage(db: DbOrTx, actor: Actor, id: number, now: Date, clientAddress: string | null = null): void {
	const s = forWork(db, actor, id);
	if (s.status !== 'received') throw new ConflictError(m.err_signal_already_in_triage());
	ensureTriage(db, actor, s, now);
	changed(db, actor, id, 'triage', now, clientAddress);
}

/** Adds an enrichment note (address details, earlier enforcement, …) to the timeline. */
export function addNote(db: DbOrTx, actor: Actor, id: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { note } = parse(z.object({ note: text(m.field_note(), 2, 5000) }), raw);
	const s = forWork(db, actor, id);
	ensureTriage(db, actor, s, now);
	addEvent(db, id, actor.id, 'note', now, note);
	changed(db, actor, id, 'notitie', now, clientAddress);
}

/** Links an earlier signal of the same municipality. */
export function linkEarlier(db: DbOrTx, actor: Actor, id: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { reference } = parse(z.object({ reference: text(m.field_earlier_signal(), 3, 20) }), raw);
	const s = forWork(db, actor, id);
	const other = db.select().from(signal).where(eq(signal.reference, reference.toUpperCase())).get();
	if (!other || other.municipality !== s.municipality || signalView(actor, other) !== 'full') {
		throw new ValidationError(m.err_signal_unknown_reference(), { reference: m.err_signal_unknown_reference() });
	}
	if (other.id === s.id) throw new ValidationError(m.err_signal_link_self(), { reference: m.err_signal_link_self() });
	if (other.receivedAt > s.receivedAt) throw new ValidationError(m.err_signal_link_later(), { reference: m.err_signal_link_later() });
	ensureTriage(db, actor, s, now);
	db.update(signal).set({ relatedSignalId: other.id }).where(eq(signal.id, id)).run();
	addEvent(db, id, actor.id, 'linked', now, other.reference);
	changed(db, actor, id, 'gekoppeld', now, clientAddress);
}

/** Forwards a signal to a partner with date and reason. */
export function forward(db: DbOrTx, actor: Actor, id: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const input = parse(
		z.object({
			partner: oneOf(PARTNERS, m.field_partner()),
			forwardedOn: notInFuture(m.field_forwarded_on(), now),
			reason: text(m.field_reason(), 3, 1000)
		}),
		raw
	);
	const s = forWork(db, actor, id);
	if (input.forwardedOn < dutchDate(s.receivedAt)) {
		throw new ValidationError(m.err_forward_before_received(), { forwardedOn: m.err_forward_before_received() });
	}
	ensureTriage(db, actor, s, now);
	db.insert(signalForwarding).values({ signalId: id, ...input, byUserId: actor.id, at: now }).run();
	if (s.status === 'in_triage') db.update(signal).set({ status: 'forwarded', settledAt: now }).where(eq(signal.id, id)).run();
	addEvent(db, id, actor.id, 'forwarded', now, `${input.partner}: ${input.reason}`);
	changed(db, actor, id, `doorgestuurd naar ${input.partner}`, now, clientAddress);
}

/** Closes a signal without action, with a reason. */
export function close(db: DbOrTx, actor: Actor, id: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { reason } = parse(z.object({ reason: text(m.field_reason(), 3, 1000) }), raw);
	const s = forWork(db, actor, id, false);
	ensureTriage(db, actor, s, now);
	db.update(signal).set({ status: 'closed_no_action', closedReason: reason, settledAt: now }).where(eq(signal.id, id)).run();
	addEvent(db, id, actor.id, 'closed', now, reason);
	changed(db, actor, id, 'afgesloten', now, clientAddress);
}

/** Saves the feedback text for the reporter (not yet visible to them). */
export function saveFeedback(db: DbOrTx, actor: Actor, id: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { feedback } = parse(z.object({ feedback: text(m.field_feedback(), 5, 2000) }), raw);
	const s = load(db, id);
	if (!s || signalView(actor, s) !== 'full') throw new NotFoundError(m.err_not_found());
	if (s.anonymisedAt) throw new ConflictError(m.err_signal_closed());
	db.update(signal).set({ feedback }).where(eq(signal.id, id)).run();
	addEvent(db, id, actor.id, 'feedback_saved', now, feedback);
	changed(db, actor, id, 'terugkoppeling opgeslagen', now, clientAddress);
}

/** Sends the saved feedback: from now on the reporter sees it. */
export function sendFeedback(db: DbOrTx, actor: Actor, id: number, now: Date, clientAddress: string | null = null): void {
	const s = load(db, id);
	if (!s || signalView(actor, s) !== 'full') throw new NotFoundError(m.err_not_found());
	if (s.anonymisedAt) throw new ConflictError(m.err_signal_closed());
	if (!s.feedback) throw new ValidationError(m.err_feedback_missing(), { feedback: m.err_feedback_missing() });
	db.update(signal).set({ feedbackSentAt: now }).where(eq(signal.id, id)).run();
	addEvent(db, id, actor.id, 'feedback_sent', now);
	changed(db, actor, id, 'terugkoppeling verstuurd', now, clientAddress);
}

/**
 * Marks a signal converted (called by the cases module when it creates cases from it).
 * Closed signals cannot be converted.
 */
export function markConverted(db: DbOrTx, actor: Actor, id: number, caseReference: string, now: Date): void {
	const s = forWork(db, actor, id);
	ensureTriage(db, actor, s, now);
	db.update(signal).set({ status: 'converted', settledAt: null }).where(eq(signal.id, id)).run();
	addEvent(db, id, actor.id, 'converted', now, caseReference);
}

/** The signal for conversion into a case; throws as forWork does. */
export function forConversion(db: DbOrTx, actor: Actor, id: number): Signal {
	return forWork(db, actor, id);
}

/**
 * Anonymises signals that ended without a case (closed, or forwarded and never converted) more
 * than `retentionDays` ago: free text and the reporter's contact details are removed, the
 * statistics fields (dates, source, municipality, forms, indicators, location kind, urgency,
 * status) stay. Returns the number of signals anonymised.
 */
export function anonymiseExpired(db: DbOrTx, now: Date, retentionDays: number): number {
	const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
	const due = db
		.select({ id: signal.id })
		.from(signal)
		.where(
			and(
				isNull(signal.anonymisedAt),
				or(eq(signal.status, 'closed_no_action'), eq(signal.status, 'forwarded')),
				lt(signal.settledAt, cutoff)
			)
		)
		.all()
		.map((r) => r.id);
	if (due.length === 0) return 0;
	db.update(signal)
		.set({
			description: null,
			address: null,
			contact: null,
			externalReporter: null,
			otherIndicator: null,
			closedReason: null,
			feedback: null,
			anonymisedAt: now
		})
		.where(inArray(signal.id, due))
		.run();
	db.update(signalEvent).set({ detail: null }).where(inArray(signalEvent.signalId, due)).run();
	db.update(signalForwarding).set({ reason: null }).where(inArray(signalForwarding.signalId, due)).run();
	for (const id of due) {
		addEvent(db, id, null, 'anonymised', now);
		audit.record(db, { userId: null, action: 'update', objectType: 'signal', objectId: id, detail: 'geanonimiseerd na bewaartermijn' }, now);
	}
	return due.length;
}

/** Signals of the municipality a coordinator can link to (earlier ones, newest first). */
export function linkCandidates(db: DbOrTx, actor: Actor, s: Signal): Array<{ reference: string; receivedAt: Date }> {
	if (signalView(actor, s) !== 'full') return [];
	return db
		.select({ reference: signal.reference, receivedAt: signal.receivedAt })
		.from(signal)
		.where(and(eq(signal.municipality, s.municipality), lt(signal.receivedAt, s.receivedAt)))
		.orderBy(desc(signal.receivedAt))
		.limit(50)
		.all();
}

/** How many new (untriaged) signals wait in the coordinator's inbox. */
export function countNew(db: DbOrTx, actor: Actor): number {
	const scope = signalInboxScope(actor);
	if (scope.length === 0) return 0;
	const row = db
		.select({ n: sql<number>`count(*)` })
		.from(signal)
		.where(and(inArray(signal.municipality, scope), eq(signal.status, 'received')))
		.get();
	return row?.n ?? 0;
}
