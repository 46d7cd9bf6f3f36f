import { ageOn } from '../dates';
/**
 * Case codes and rules shared by server and browser: kinds, status lifecycles, AVE phases,
 * residence categories and the care route they lead to (DOMAIN.md), legal deadlines, consent.
 */

export const CASE_KINDS = ['victim', 'perpetrator'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const VICTIM_STATUSES = [
	'registered',
	'in_discussion',
	'plan_agreed',
	'in_progress',
	'closed'
] as const;
export const PERPETRATOR_STATUSES = ['registered', 'in_preparation', 'in_progress', 'closed'] as const;
export const CASE_STATUSES = [
	'registered',
	'in_discussion',
	'plan_agreed',
	'in_preparation',
	'in_progress',
	'closed'
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The lifecycle of a case kind, in order. */
export function statusesFor(kind: CaseKind): readonly CaseStatus[] {
	return kind === 'victim' ? VICTIM_STATUSES : PERPETRATOR_STATUSES;
}

/**
 * Allowed status changes: one step forward, closing from any open state, and reopening a closed
 * case into "in progress" (new facts come to light).
 */
export function allowedNextStatuses(kind: CaseKind, from: CaseStatus): CaseStatus[] {
	const order = statusesFor(kind);
	if (from === 'closed') return ['in_progress'];
	const i = order.indexOf(from);
	if (i < 0) return [];
	const next = order[i + 1];
	return next === 'closed' || next === undefined ? ['closed'] : [next, 'closed'];
}

export const AVE_PHASES = [1, 2, 3, 4] as const;
export type AvePhase = (typeof AVE_PHASES)[number];

export const SUBJECT_KINDS = ['person', 'organisation', 'premises'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const RESIDENCE_CATEGORIES = ['nl', 'eu', 'third_country', 'asylum'] as const;
export type ResidenceCategory = (typeof RESIDENCE_CATEGORIES)[number];

export type CareRoute = 'minor' | 'wmo' | 'reflection_cosm' | 'coa';

/**
 * The care route (DOMAIN.md): minors go the Jeugdwet route whatever their residence; otherwise
 * NL/EU (and third-country nationals with a right to provisions) via the Wmo; third-country
 * nationals without lawful residence get the reflection period and COSM; asylum seekers the COA.
 */
export function careRoute(
	category: ResidenceCategory | null,
	dateOfBirth: string | null,
	today: string
): CareRoute | null {
	if (dateOfBirth && ageOn(dateOfBirth, today) < 18) return 'minor';
	switch (category) {
		case 'nl':
		case 'eu':
			return 'wmo';
		case 'third_country':
			return 'reflection_cosm';
		case 'asylum':
			return 'coa';
		default:
			return null;
	}
}

/** The latest allowed end of a reflection period or COSM stay: three months after the start. */
export function maxDeadlineEnd(start: string): string {
	const d = new Date(`${start}T12:00:00Z`);
	const day = d.getUTCDate();
	d.setUTCMonth(d.getUTCMonth() + 3);
	// 30 November + 3 months is 28/29 February, not 2 March.
	if (d.getUTCDate() !== day) d.setUTCDate(0);
	return d.toISOString().slice(0, 10);
}

/** A deadline counts as "soon" within 14 days (and stays flagged once passed while open). */
export const DEADLINE_SOON_DAYS = 14;

export const CONSENT_STATUSES = ['not_asked', 'given', 'refused', 'withdrawn'] as const;
export const CONSENT_GIVERS = ['person', 'parent_guardian'] as const;
export const COMENSHA_STATUSES = ['to_do', 'registered', 'consent_missing', 'not_applicable'] as const;
export const COMENSHA_REPORTERS = ['police_kmar_nla', 'other'] as const;

export const INTERVENTION_KINDS = [
	'bibob_screening',
	'closure',
	'inspection',
	'penalty_order',
	'administrative_fine',
	'licence_refusal'
] as const;
export const INTERVENTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;

/** Structured compartment fields (free notes and plans live in the collaborative documents). */
export const ZORG_FIELDS = ['careNeeds', 'health', 'shelter'] as const;
export const VEILIGHEID_FIELDS = ['policeInfo', 'investigation', 'bibobInfo'] as const;

export const CASE_EVENT_KINDS = [
	'created',
	'from_signal',
	'status',
	'phase',
	'leads',
	'table_added',
	'table_removed',
	'participant_added',
	'participant_ended',
	'linked',
	'unlinked',
	'deadlines',
	'shared_updated',
	'zorg_updated',
	'consent_updated',
	'veiligheid_updated',
	'intervention',
	'action_created',
	'action_updated',
	'action_removed',
	'action_repaired'
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];
