/**
 * Dutch labels for case codes (src/lib/domain/cases.ts), from the message catalogue.
 */
import { m } from '$lib/paraglide/messages.js';

type Labels = Record<string, () => string>;
const lookup = (table: Labels, code: string | null | undefined) => (code ? (table[code]?.() ?? code) : '');

const kinds: Labels = { victim: m.case_kind_victim, perpetrator: m.case_kind_perpetrator };
export const caseKindLabel = (code: string) => lookup(kinds, code);

const statuses: Labels = {
	registered: m.case_status_registered,
	in_discussion: m.case_status_in_discussion,
	plan_agreed: m.case_status_plan_agreed,
	in_preparation: m.case_status_in_preparation,
	in_progress: m.case_status_in_progress,
	closed: m.case_status_closed
};
export const caseStatusLabel = (code: string) => lookup(statuses, code);

const phases: Labels = { '1': m.ave_phase_1, '2': m.ave_phase_2, '3': m.ave_phase_3, '4': m.ave_phase_4 };
export const avePhaseLabel = (phase: number) => lookup(phases, String(phase));

const subjectKinds: Labels = {
	person: m.subject_kind_person,
	organisation: m.subject_kind_organisation,
	premises: m.subject_kind_premises
};
export const subjectKindLabel = (code: string) => lookup(subjectKinds, code);

const residence: Labels = {
	nl: m.residence_nl,
	eu: m.residence_eu,
	third_country: m.residence_third_country,
	asylum: m.residence_asylum
};
export const residenceLabel = (code: string | null) => lookup(residence, code);

const routes: Labels = {
	minor: m.care_route_minor,
	wmo: m.care_route_wmo,
	reflection_cosm: m.care_route_reflection_cosm,
	coa: m.care_route_coa
};
export const careRouteLabel = (code: string | null) => lookup(routes, code);
const routeHelp: Labels = {
	minor: m.care_route_minor_help,
	wmo: m.care_route_wmo_help,
	reflection_cosm: m.care_route_reflection_cosm_help,
	coa: m.care_route_coa_help
};
export const careRouteHelp = (code: string | null) => lookup(routeHelp, code);

const consent: Labels = {
	not_asked: m.consent_not_asked,
	given: m.consent_given,
	refused: m.consent_refused,
	withdrawn: m.consent_withdrawn
};
export const consentLabel = (code: string) => lookup(consent, code);
const givers: Labels = { person: m.consent_by_person, parent_guardian: m.consent_by_parent_guardian };
export const consentByLabel = (code: string | null) => lookup(givers, code);

const comensha: Labels = {
	to_do: m.comensha_to_do,
	registered: m.comensha_registered,
	consent_missing: m.comensha_consent_missing,
	not_applicable: m.comensha_not_applicable
};
export const comenshaLabel = (code: string) => lookup(comensha, code);
const comenshaBy: Labels = { police_kmar_nla: m.comensha_by_police, other: m.comensha_by_other };
export const comenshaByLabel = (code: string | null) => lookup(comenshaBy, code);

const interventions: Labels = {
	bibob_screening: m.intervention_bibob_screening,
	closure: m.intervention_closure,
	inspection: m.intervention_inspection,
	penalty_order: m.intervention_penalty_order,
	administrative_fine: m.intervention_administrative_fine,
	licence_refusal: m.intervention_licence_refusal
};
export const interventionLabel = (code: string) => lookup(interventions, code);
const interventionStatuses: Labels = {
	planned: m.intervention_status_planned,
	in_progress: m.intervention_status_in_progress,
	done: m.intervention_status_done,
	dropped: m.intervention_status_dropped
};
export const interventionStatusLabel = (code: string) => lookup(interventionStatuses, code);

const events: Labels = {
	created: m.case_event_created,
	from_signal: m.case_event_from_signal,
	status: m.case_event_status,
	phase: m.case_event_phase,
	leads: m.case_event_leads,
	table_added: m.case_event_table_added,
	table_removed: m.case_event_table_removed,
	participant_added: m.case_event_participant_added,
	participant_ended: m.case_event_participant_ended,
	linked: m.case_event_linked,
	unlinked: m.case_event_unlinked,
	deadlines: m.case_event_deadlines,
	shared_updated: m.case_event_shared_updated,
	zorg_updated: m.case_event_zorg_updated,
	consent_updated: m.case_event_consent_updated,
	veiligheid_updated: m.case_event_veiligheid_updated,
	intervention: m.case_event_intervention
};
export const caseEventLabel = (code: string) => lookup(events, code);

/** The detail of a timeline entry in words (status and phase changes are stored as codes). */
export function caseEventDetail(kind: string, detail: string | null): string {
	if (!detail) return '';
	if (kind === 'status') return detail.split(' → ').map(caseStatusLabel).join(' → ');
	if (kind === 'phase')
		return detail
			.split(' → ')
			.map((p) => m.ave_phase_short({ phase: p }))
			.join(' → ');
	if (kind === 'consent_updated') return consentLabel(detail);
	if (kind === 'intervention') {
		const [what, status] = detail.split(': ');
		return status
			? `${interventionLabel(what)}: ${interventionStatusLabel(status)}`
			: interventionLabel(what);
	}
	return detail;
}
