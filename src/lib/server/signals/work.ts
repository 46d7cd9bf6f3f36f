/** Working on a signal: triage, notes, links, forwarding, closing, feedback and conversion. Each change is one transaction with its timeline entry and log row. */
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import type { Ctx } from '../context';
import { signal, signalEvent, signalForwarding, user, type Signal } from '../db/schema';
import { PARTNERS } from '../../domain/signals';
import * as audit from '../audit';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { mayLinkSignal, mayWorkOnSignal } from '../policy';
import { oneOf, parse, text } from '../validation';
import { differingFields, expectVersion } from '../versions';
import { dutchDate } from '../../dates';
import { addEvent, load, notInFuture } from './shared';

/** The signal for a coordinator action, or NotFound. Closed and anonymised signals take no actions. */
function forWork(db: DbOrTx, ctx: Ctx, id: number, allowSettled = true): Signal {
	const s = load(db, id);
	if (!s || !mayWorkOnSignal(ctx.actor, s)) throw new NotFoundError(m.err_not_found());
	if (s.status === 'closed_no_action' || s.anonymisedAt) throw new ConflictError(m.err_signal_closed());
	if (!allowSettled && s.status !== 'received' && s.status !== 'in_triage')
		throw new ConflictError(m.err_signal_settled());
	return s;
}

/** Who made the last change to a signal, and when: its newest timeline entry. */
function lastChange(db: DbOrTx, id: number): { by: string | null; at: Date | null } {
	const e = db
		.select({ at: signalEvent.at, name: user.name })
		.from(signalEvent)
		.leftJoin(user, eq(user.id, signalEvent.userId))
		.where(eq(signalEvent.signalId, id))
		.orderBy(desc(signalEvent.at), desc(signalEvent.id))
		.get();
	return { by: e?.name ?? null, at: e?.at ?? null };
}

/** The labels of a signal's edit-form fields, for the "changed meanwhile" message. */
function fieldLabels(): Record<string, string> {
	return {
		feedback: m.field_feedback(),
		reason: m.field_closed_reason(),
		reference: m.field_earlier_signal()
	};
}

/**
 * Refuses a save made from an older version of the signal (another coordinator changed it
 * meanwhile): the forms that overwrite or act on what the page showed carry the version.
 */
function expectCurrent(db: DbOrTx, s: Signal, raw: unknown, submitted: Record<string, unknown>) {
	expectVersion(raw, s.version, () => {
		const related = s.relatedSignalId
			? db.select({ reference: signal.reference }).from(signal).where(eq(signal.id, s.relatedSignalId)).get()
			: undefined;
		const stored = {
			feedback: s.feedback ?? '',
			reason: s.closedReason ?? '',
			reference: related?.reference ?? ''
		};
		return { ...lastChange(db, s.id), fields: differingFields(stored, submitted, fieldLabels()) };
	});
}

/**
 * Writes a change to a signal and bumps its version: every change moves the version, so a form
 * loaded before any change made meanwhile is recognised as stale.
 */
function update(tx: DbOrTx, s: Signal, values: Partial<Signal>) {
	tx.update(signal)
		.set({ ...values, version: s.version + 1 })
		.where(eq(signal.id, s.id))
		.run();
	s.version += 1;
}

/** Moves a new signal into triage (implicitly done by any coordinator action). */
function ensureTriage(tx: DbOrTx, ctx: Ctx, s: Signal) {
	if (s.status !== 'received') return;
	update(tx, s, { status: 'in_triage' });
	addEvent(tx, s.id, ctx.actor.id, 'triage_started', ctx.now);
	s.status = 'in_triage';
}

function logChange(tx: DbOrTx, ctx: Ctx, id: number, what: string) {
	audit.changed(tx, ctx, { action: 'update', objectType: 'signal', objectId: id, detail: what });
}

/**
 * Starts triage explicitly. Carries no version: a second start is refused by the state itself
 * (it is already in triage), and it overwrites nothing.
 */
export function startTriage(db: DbOrTx, ctx: Ctx, id: number): void {
	db.transaction((tx) => {
		const s = forWork(tx, ctx, id);
		if (s.status !== 'received') throw new ConflictError(m.err_signal_already_in_triage());
		ensureTriage(tx, ctx, s);
		logChange(tx, ctx, id, 'triage');
	});
}

/** Adds an enrichment note (address details, earlier enforcement, …) to the timeline. Append-only, so no version. */
export function addNote(db: DbOrTx, ctx: Ctx, id: number, raw: unknown): void {
	const { note } = parse(z.object({ note: text(m.field_note(), 2, 5000, { multiline: true }) }), raw);
	db.transaction((tx) => {
		const s = forWork(tx, ctx, id);
		ensureTriage(tx, ctx, s);
		update(tx, s, {});
		addEvent(tx, id, ctx.actor.id, 'note', ctx.now, note);
		logChange(tx, ctx, id, 'notitie');
	});
}

/** Links an earlier signal of the same municipality. Replaces an earlier link, so it carries the version. */
export function linkEarlier(db: DbOrTx, ctx: Ctx, id: number, raw: unknown): void {
	const { reference } = parse(z.object({ reference: text(m.field_earlier_signal(), 3, 20) }), raw);
	db.transaction((tx) => {
		const s = forWork(tx, ctx, id);
		expectCurrent(tx, s, raw, { reference: reference.toUpperCase() });
		const other = tx.select().from(signal).where(eq(signal.reference, reference.toUpperCase())).get();
		if (!other || !mayLinkSignal(ctx.actor, s, other)) {
			throw new ValidationError(m.err_signal_unknown_reference(), {
				reference: m.err_signal_unknown_reference()
			});
		}
		if (other.id === s.id)
			throw new ValidationError(m.err_signal_link_self(), { reference: m.err_signal_link_self() });
		if (other.receivedAt > s.receivedAt)
			throw new ValidationError(m.err_signal_link_later(), { reference: m.err_signal_link_later() });
		ensureTriage(tx, ctx, s);
		update(tx, s, { relatedSignalId: other.id });
		addEvent(tx, id, ctx.actor.id, 'linked', ctx.now, other.reference);
		logChange(tx, ctx, id, 'gekoppeld');
	});
}

/**
 * Forwards a signal to a partner with date and reason. Carries no version: a forwarding is added,
 * never overwritten (a second partner is legitimate), and a signal closed meanwhile is refused by
 * its state.
 */
export function forward(db: DbOrTx, ctx: Ctx, id: number, raw: unknown): void {
	const input = parse(
		z.object({
			partner: oneOf(PARTNERS, m.field_partner()),
			forwardedOn: notInFuture(m.field_forwarded_on(), ctx.now),
			reason: text(m.field_reason(), 3, 1000, { multiline: true })
		}),
		raw
	);
	db.transaction((tx) => {
		const s = forWork(tx, ctx, id);
		if (input.forwardedOn < dutchDate(s.receivedAt)) {
			throw new ValidationError(m.err_forward_before_received(), {
				forwardedOn: m.err_forward_before_received()
			});
		}
		ensureTriage(tx, ctx, s);
		tx.insert(signalForwarding)
			.values({ signalId: id, ...input, byUserId: ctx.actor.id, at: ctx.now })
			.run();
		update(tx, s, s.status === 'in_triage' ? { status: 'forwarded', settledAt: ctx.now } : {});
		addEvent(tx, id, ctx.actor.id, 'forwarded', ctx.now, `${input.partner}: ${input.reason}`);
		logChange(tx, ctx, id, `doorgestuurd naar ${input.partner}`);
	});
}

/**
 * Closes a signal without action, with a reason. Carries the version: closing ends the signal on
 * the strength of what the page showed, and a note or link added meanwhile may change that.
 */
export function close(db: DbOrTx, ctx: Ctx, id: number, raw: unknown): void {
	const { reason } = parse(z.object({ reason: text(m.field_reason(), 3, 1000, { multiline: true }) }), raw);
	db.transaction((tx) => {
		const s = forWork(tx, ctx, id, false);
		expectCurrent(tx, s, raw, { reason });
		ensureTriage(tx, ctx, s);
		update(tx, s, { status: 'closed_no_action', closedReason: reason, settledAt: ctx.now });
		addEvent(tx, id, ctx.actor.id, 'closed', ctx.now, reason);
		logChange(tx, ctx, id, 'afgesloten');
	});
}

/** The signal for feedback: seen in full and not anonymised (closed signals still get feedback). */
function forFeedback(db: DbOrTx, ctx: Ctx, id: number): Signal {
	const s = load(db, id);
	if (!s || !mayWorkOnSignal(ctx.actor, s)) throw new NotFoundError(m.err_not_found());
	if (s.anonymisedAt) throw new ConflictError(m.err_signal_closed());
	return s;
}

/** Saves the feedback text for the reporter (not yet visible to them). An edit of a text: carries the version. */
export function saveFeedback(db: DbOrTx, ctx: Ctx, id: number, raw: unknown): void {
	const { feedback } = parse(
		z.object({ feedback: text(m.field_feedback(), 5, 2000, { multiline: true }) }),
		raw
	);
	db.transaction((tx) => {
		const s = forFeedback(tx, ctx, id);
		expectCurrent(tx, s, raw, { feedback });
		update(tx, s, { feedback });
		addEvent(tx, id, ctx.actor.id, 'feedback_saved', ctx.now, feedback);
		logChange(tx, ctx, id, 'terugkoppeling opgeslagen');
	});
}

/**
 * Sends the saved feedback: from now on the reporter sees it. Carries the version, so nobody
 * sends a text someone else changed after the page was loaded.
 */
export function sendFeedback(db: DbOrTx, ctx: Ctx, id: number, raw: unknown): void {
	db.transaction((tx) => {
		const s = forFeedback(tx, ctx, id);
		expectCurrent(tx, s, raw, {});
		if (!s.feedback)
			throw new ValidationError(m.err_feedback_missing(), { feedback: m.err_feedback_missing() });
		update(tx, s, { feedbackSentAt: ctx.now });
		addEvent(tx, id, ctx.actor.id, 'feedback_sent', ctx.now);
		logChange(tx, ctx, id, 'terugkoppeling verstuurd');
	});
}

/**
 * Marks a signal converted (called by the cases module, in its transaction, when it creates
 * cases from it). Closed signals cannot be converted.
 */
export function markConverted(db: DbOrTx, ctx: Ctx, id: number, caseReference: string): void {
	db.transaction((tx) => {
		const s = forWork(tx, ctx, id);
		ensureTriage(tx, ctx, s);
		update(tx, s, { status: 'converted', settledAt: null });
		addEvent(tx, id, ctx.actor.id, 'converted', ctx.now, caseReference);
		logChange(tx, ctx, id, 'omgezet in casus');
	});
}

/** The signal for conversion into a case; throws as forWork does. */
export function forConversion(db: DbOrTx, ctx: Ctx, id: number): Signal {
	return forWork(db, ctx, id);
}
