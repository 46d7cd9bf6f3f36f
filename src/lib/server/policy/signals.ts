/** Signals: who sees which signal, and how (DESIGN.md §3.4). Part of the one access policy. */
import { isGuardian, type Actor } from './actor';
import { mayCreateCase } from './cases';

// ---------------------------------------------------------------------------------------------
// Signals

export interface SignalFacts {
	reporterUserId: number | null;
	municipality: string;
}

/**
 * How an actor sees a signal: `full` for a coordinator of its municipality, `own` (status and
 * feedback only) for the reporter who submitted it, or null: the signal does not exist for them.
 */
export function signalView(actor: Actor, signal: SignalFacts): 'full' | 'own' | null {
	if (isGuardian(actor)) return null;
	if (actor.roles.includes('coordinator') && actor.municipality === signal.municipality) return 'full';
	if (signal.reporterUserId === actor.id) return 'own';
	return null;
}

/** Submitting a signal: front-line reporters and coordinators (on behalf of others). */
export function maySubmitSignal(actor: Actor): boolean {
	return !isGuardian(actor) && (actor.roles.includes('reporter') || actor.roles.includes('coordinator'));
}

/** The municipalities whose signal inbox the actor sees (the list scope of `signalView` = full). */
export function signalInboxScope(actor: Actor): string[] {
	return !isGuardian(actor) && actor.roles.includes('coordinator') ? [actor.municipality] : [];
}

/** Registering a signal on behalf of a citizen, a partner or an anonymous source: coordinators. */
export function maySubmitOnBehalf(actor: Actor): boolean {
	return !isGuardian(actor) && actor.roles.includes('coordinator');
}

/** Working on a signal (triage, notes, links, forwarding, closing, feedback): whoever sees it in full. */
export function mayWorkOnSignal(actor: Actor, signal: SignalFacts): boolean {
	return signalView(actor, signal) === 'full';
}

/** Linking an earlier signal: one of the same municipality that the actor also sees in full. */
export function mayLinkSignal(actor: Actor, signal: SignalFacts, earlier: SignalFacts): boolean {
	return (
		earlier.municipality === signal.municipality &&
		mayWorkOnSignal(actor, signal) &&
		mayWorkOnSignal(actor, earlier)
	);
}

/** Converting a signal into a case: a coordinator who may create cases, while the signal is not closed or anonymised. */
export function mayConvertSignal(
	actor: Actor,
	signal: SignalFacts & { status: string; anonymisedAt: Date | null }
): boolean {
	return (
		mayCreateCase(actor) &&
		mayWorkOnSignal(actor, signal) &&
		signal.status !== 'closed_no_action' &&
		!signal.anonymisedAt
	);
}
