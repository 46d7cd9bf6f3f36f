/** Signals: who sees which signal, and how (DESIGN.md §3.4). Part of the one access policy. */
import { isGuardian, type Actor } from './actor';

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

