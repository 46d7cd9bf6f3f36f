/**
 * Escalation routes (DESIGN.md §2): towards an integrated approach under the RIEC covenant, and to
 * the Zorg- en Veiligheidshuis. Each step records who, when, a note and the decision it came from.
 */

export const TARGETS = ['riec', 'zvh'] as const;
export type Target = (typeof TARGETS)[number];

export const RIEC_STATES = [
	'proposed',
	'on_avo_agenda',
	'avo_advice',
	'accepted',
	'declined',
	'riec_in_progress',
	'completed',
	'returned'
] as const;
export const ZVH_STATES = [
	'proposed',
	'submitted',
	'triage',
	'case_meeting',
	'process_direction',
	'de_escalated',
	'completed'
] as const;
export const ESCALATION_STATES = [...new Set([...RIEC_STATES, ...ZVH_STATES])] as unknown as readonly [
	string,
	...string[]
];
export type EscalationState = (typeof RIEC_STATES)[number] | (typeof ZVH_STATES)[number];

const RIEC_NEXT: Record<string, EscalationState[]> = {
	proposed: ['on_avo_agenda'],
	on_avo_agenda: ['avo_advice'],
	avo_advice: ['accepted', 'declined'],
	accepted: ['riec_in_progress'],
	riec_in_progress: ['completed', 'returned']
};
const ZVH_NEXT: Record<string, EscalationState[]> = {
	proposed: ['submitted'],
	submitted: ['triage'],
	triage: ['case_meeting', 'de_escalated'],
	case_meeting: ['process_direction', 'de_escalated'],
	process_direction: ['de_escalated', 'completed']
};

/** The states an escalation may move to from its current one (none once it has ended). */
export function nextStates(target: Target, state: EscalationState): EscalationState[] {
	return (target === 'riec' ? RIEC_NEXT : ZVH_NEXT)[state] ?? [];
}

export function isOpen(target: Target, state: EscalationState): boolean {
	return nextStates(target, state).length > 0;
}

/** The AVE phase a case reaches at each ZVH step (the case's phase is raised, never lowered, except on de-escalation). */
export const ZVH_PHASE: Partial<Record<EscalationState, number>> = {
	submitted: 2,
	triage: 2,
	case_meeting: 3,
	process_direction: 4,
	de_escalated: 2
};

/** Default feedback norms in days per state; configurable (ESCALATION_NORMS). */
export const DEFAULT_NORMS: Record<string, number> = {
	proposed: 14,
	on_avo_agenda: 30,
	avo_advice: 30,
	accepted: 14,
	riec_in_progress: 180,
	submitted: 7,
	triage: 14,
	case_meeting: 30,
	process_direction: 90
};

/** Whole days since a moment. */
export function daysIn(since: Date, now: Date): number {
	return Math.floor((now.getTime() - since.getTime()) / 86_400_000);
}
