/**
 * Signals — DESIGN.md §1, §2, §3.4 and issue 3, as the oracle reads them. Written from the text.
 */
import type { Signal, Person } from './facts';
import { createsCases } from './cases';
import { isGuardian } from './people';

export type SignalView = 'full' | 'own' | null;

/**
 * §1 coordinator: "the signal inbox of their municipality" (full); reporter: "see the status of
 * their own signals and the feedback written to them; nothing else" (own); §3.4 "Reporters see
 * only their own signals"; issue 3 "a reporter opening someone else's signal or a coordinator of
 * another municipality opening a signal: … 404" (null); the guardians see nothing (§3.4; issue 2:
 * the auditor reads the log "and nothing else").
 */
export function signalView(p: Person, s: Pick<Signal, 'reporterUserId' | 'municipality'>): SignalView {
	if (isGuardian(p)) return null;
	if (p.roles.includes('coordinator') && p.municipality === s.municipality) return 'full';
	if (s.reporterUserId !== null && s.reporterUserId === p.id) return 'own';
	return null;
}

/** §1 reporter: "submit a signal"; issue 3: coordinators "can register a signal on behalf of a citizen, partner or anonymous source". */
export function submitsSignal(p: Person): boolean {
	return !isGuardian(p) && (p.roles.includes('reporter') || p.roles.includes('coordinator'));
}

/** Issue 3 "Coordinators see the inbox of their municipality". */
export function inboxMunicipalities(p: Person): string[] {
	return !isGuardian(p) && p.roles.includes('coordinator') ? [p.municipality] : [];
}

/** Issue 3: coordinators "can register a signal on behalf of a citizen, partner or anonymous source". */
export function submitsOnBehalf(p: Person): boolean {
	return !isGuardian(p) && p.roles.includes('coordinator');
}

/** Issue 3: the coordinators of the inbox "enrich it (notes, link to an earlier signal); forward it …; or close it"; they write the feedback. */
export function worksOnSignal(p: Person, s: Pick<Signal, 'reporterUserId' | 'municipality'>): boolean {
	return signalView(p, s) === 'full';
}

/** Issue 3 "link to an earlier signal": both are signals the coordinator works on (their municipality's). */
export function linksSignal(
	p: Person,
	s: Pick<Signal, 'reporterUserId' | 'municipality'>,
	earlier: Pick<Signal, 'reporterUserId' | 'municipality'>
): boolean {
	return worksOnSignal(p, s) && worksOnSignal(p, earlier);
}

/**
 * Issue 4 "A coordinator converts a signal into one or more cases" (§2: "one signal can lead to
 * several", so a converted signal converts again); issue 3 "Bad input: … forwarding or converting a
 * closed signal"; an anonymised signal (issue 3: "anonymised automatically after a … retention
 * period") has nothing left to convert.
 */
export function convertsSignal(p: Person, s: Signal): boolean {
	return createsCases(p) && worksOnSignal(p, s) && s.status !== 'closed_no_action' && !s.anonymised;
}
