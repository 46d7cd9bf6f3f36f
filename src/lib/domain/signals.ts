/**
 * Codes for the signal form (DOMAIN.md): forms of exploitation, indicators per form, location
 * kinds, urgency, forwarding partners and statuses. Shared by server and browser; the Dutch
 * labels live in the message catalogue under the same codes.
 */

export const FORMS = ['sexual', 'labour', 'criminal', 'organ_removal'] as const;
export type Form = (typeof FORMS)[number];

export const INDICATOR_GROUPS = ['general', ...FORMS] as const;
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];

export const INDICATORS: Record<IndicatorGroup, readonly string[]> = {
	general: [
		'no_own_address',
		'someone_speaks_for_them',
		'no_id_papers',
		'fear_injuries_control',
		'isolated',
		'debts',
		'many_registered_at_address',
		'appears_minor'
	],
	sexual: [
		'works_under_control',
		'hands_over_earnings',
		'long_days_no_days_off',
		'lives_at_workplace',
		'transported_by_others',
		'ownership_marks',
		'loverboy_pattern',
		'advertised_by_others'
	],
	labour: [
		'pay_below_minimum',
		'deductions',
		'employer_housing',
		'passport_kept',
		'no_contract',
		'long_hours_no_breaks',
		'unsafe_work',
		'transport_dependent',
		'threats'
	],
	criminal: [
		'forced_drug_dealing',
		'forced_theft_or_fraud',
		'money_mule',
		'cannabis_farm',
		'minor_committing_crimes',
		'drug_debt',
		'proceeds_handed_over',
		'identity_misused'
	],
	organ_removal: ['unexplained_surgery', 'travel_for_treatment', 'payment_for_organ']
};

export const ALL_INDICATORS: readonly string[] = INDICATOR_GROUPS.flatMap((g) => INDICATORS[g]);

export const LOCATION_KINDS = [
	'home',
	'hotel',
	'park',
	'business_park',
	'restaurant',
	'nail_salon',
	'station',
	'farm',
	'ship',
	'holiday_park',
	'vacant_building',
	'online',
	'other'
] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const URGENCIES = ['acute', 'high', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SOURCES = ['reporter', 'citizen', 'partner', 'anonymous'] as const;
export type SignalSource = (typeof SOURCES)[number];

export const PARTNERS = [
	'zorgcoordinator',
	'police_avim',
	'labour_inspectorate',
	'riec_taskforce',
	'veilig_thuis'
] as const;
export type Partner = (typeof PARTNERS)[number];

export const SIGNAL_STATUSES = [
	'received',
	'in_triage',
	'forwarded',
	'converted',
	'closed_no_action'
] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

/** What the reporter sees of the status: received, in progress or handled. */
export function reporterStatus(status: SignalStatus): 'received' | 'in_progress' | 'handled' {
	if (status === 'received') return 'received';
	if (status === 'in_triage') return 'in_progress';
	return 'handled';
}

export const SIGNAL_EVENT_KINDS = [
	'received',
	'triage_started',
	'note',
	'linked',
	'forwarded',
	'feedback_saved',
	'feedback_sent',
	'converted',
	'closed',
	'anonymised'
] as const;
export type SignalEventKind = (typeof SIGNAL_EVENT_KINDS)[number];

/** Suggested feedback texts a coordinator can start from (keys in the catalogue). */
export const FEEDBACK_SUGGESTIONS = [
	'feedback_suggestion_thanks',
	'feedback_suggestion_forwarded',
	'feedback_suggestion_no_action'
] as const;
