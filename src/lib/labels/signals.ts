/**
 * Dutch labels for signal codes (src/lib/domain/signals.ts), from the message catalogue.
 */
import { m } from '$lib/paraglide/messages.js';

type Labels = Record<string, () => string>;
const lookup = (table: Labels, code: string) => table[code]?.() ?? code;

const forms: Labels = {
	sexual: m.form_sexual,
	labour: m.form_labour,
	criminal: m.form_criminal,
	organ_removal: m.form_organ_removal
};
export const formLabel = (code: string) => lookup(forms, code);

const groups: Labels = { general: m.indicator_group_general, ...forms };
export const indicatorGroupLabel = (code: string) => lookup(groups, code);

const indicators: Labels = {
	no_own_address: m.ind_no_own_address,
	someone_speaks_for_them: m.ind_someone_speaks_for_them,
	no_id_papers: m.ind_no_id_papers,
	fear_injuries_control: m.ind_fear_injuries_control,
	isolated: m.ind_isolated,
	debts: m.ind_debts,
	many_registered_at_address: m.ind_many_registered_at_address,
	appears_minor: m.ind_appears_minor,
	works_under_control: m.ind_works_under_control,
	hands_over_earnings: m.ind_hands_over_earnings,
	long_days_no_days_off: m.ind_long_days_no_days_off,
	lives_at_workplace: m.ind_lives_at_workplace,
	transported_by_others: m.ind_transported_by_others,
	ownership_marks: m.ind_ownership_marks,
	loverboy_pattern: m.ind_loverboy_pattern,
	advertised_by_others: m.ind_advertised_by_others,
	pay_below_minimum: m.ind_pay_below_minimum,
	deductions: m.ind_deductions,
	employer_housing: m.ind_employer_housing,
	passport_kept: m.ind_passport_kept,
	no_contract: m.ind_no_contract,
	long_hours_no_breaks: m.ind_long_hours_no_breaks,
	unsafe_work: m.ind_unsafe_work,
	transport_dependent: m.ind_transport_dependent,
	threats: m.ind_threats,
	forced_drug_dealing: m.ind_forced_drug_dealing,
	forced_theft_or_fraud: m.ind_forced_theft_or_fraud,
	money_mule: m.ind_money_mule,
	cannabis_farm: m.ind_cannabis_farm,
	minor_committing_crimes: m.ind_minor_committing_crimes,
	drug_debt: m.ind_drug_debt,
	proceeds_handed_over: m.ind_proceeds_handed_over,
	identity_misused: m.ind_identity_misused,
	unexplained_surgery: m.ind_unexplained_surgery,
	travel_for_treatment: m.ind_travel_for_treatment,
	payment_for_organ: m.ind_payment_for_organ
};
export const indicatorLabel = (code: string) => lookup(indicators, code);

const locations: Labels = {
	home: m.loc_home,
	hotel: m.loc_hotel,
	park: m.loc_park,
	business_park: m.loc_business_park,
	restaurant: m.loc_restaurant,
	nail_salon: m.loc_nail_salon,
	station: m.loc_station,
	farm: m.loc_farm,
	ship: m.loc_ship,
	holiday_park: m.loc_holiday_park,
	vacant_building: m.loc_vacant_building,
	online: m.loc_online,
	other: m.loc_other
};
export const locationLabel = (code: string) => lookup(locations, code);

const urgencies: Labels = { acute: m.urgency_acute, high: m.urgency_high, normal: m.urgency_normal };
export const urgencyLabel = (code: string) => lookup(urgencies, code);

const sources: Labels = {
	reporter: m.source_reporter,
	citizen: m.source_citizen,
	partner: m.source_partner,
	anonymous: m.source_anonymous
};
export const sourceLabel = (code: string) => lookup(sources, code);

const partners: Labels = {
	zorgcoordinator: m.partner_zorgcoordinator,
	police_avim: m.partner_police_avim,
	labour_inspectorate: m.partner_labour_inspectorate,
	riec_taskforce: m.partner_riec_taskforce,
	veilig_thuis: m.partner_veilig_thuis
};
export const partnerLabel = (code: string) => lookup(partners, code);

const statuses: Labels = {
	received: m.signal_status_received,
	in_triage: m.signal_status_in_triage,
	forwarded: m.signal_status_forwarded,
	converted: m.signal_status_converted,
	closed_no_action: m.signal_status_closed_no_action
};
export const signalStatusLabel = (code: string) => lookup(statuses, code);

const reporterStatuses: Labels = {
	received: m.reporter_status_received,
	in_progress: m.reporter_status_in_progress,
	handled: m.reporter_status_handled
};
export const reporterStatusLabel = (code: string) => lookup(reporterStatuses, code);

const events: Labels = {
	received: m.signal_event_received,
	triage_started: m.signal_event_triage_started,
	note: m.signal_event_note,
	linked: m.signal_event_linked,
	forwarded: m.signal_event_forwarded,
	feedback_saved: m.signal_event_feedback_saved,
	feedback_sent: m.signal_event_feedback_sent,
	converted: m.signal_event_converted,
	closed: m.signal_event_closed,
	anonymised: m.signal_event_anonymised
};
export const signalEventLabel = (code: string) => lookup(events, code);

const suggestions: Labels = {
	feedback_suggestion_thanks: m.feedback_suggestion_thanks,
	feedback_suggestion_forwarded: m.feedback_suggestion_forwarded,
	feedback_suggestion_no_action: m.feedback_suggestion_no_action
};
export const feedbackSuggestion = (code: string) => lookup(suggestions, code);
const suggestionNames: Labels = {
	feedback_suggestion_thanks: m.feedback_suggestion_thanks_name,
	feedback_suggestion_forwarded: m.feedback_suggestion_forwarded_name,
	feedback_suggestion_no_action: m.feedback_suggestion_no_action_name
};
/** A short, distinct name for a suggested feedback text (for its button). */
export const feedbackSuggestionName = (code: string) => lookup(suggestionNames, code);

/** "vandaag", "1 dag", "12 dagen" since a moment. */
export function ageLabel(since: Date | string | number, now: number): string {
	const days = Math.floor((now - new Date(since).getTime()) / 86_400_000);
	if (days <= 0) return m.age_today();
	return days === 1 ? m.age_one_day() : m.age_days({ days });
}
