/**
 * Dutch labels for escalation codes, from the message catalogue.
 */
import { m } from '$lib/paraglide/messages.js';

type Labels = Record<string, () => string>;
const lookup = (table: Labels, code: string | null | undefined) => (code ? (table[code]?.() ?? code) : '');

const targets: Labels = { riec: m.target_riec, zvh: m.target_zvh };
export const targetLabel = (code: string) => lookup(targets, code);

const states: Labels = {
	proposed: m.esc_state_proposed,
	on_avo_agenda: m.esc_state_on_avo_agenda,
	avo_advice: m.esc_state_avo_advice,
	accepted: m.esc_state_accepted,
	declined: m.esc_state_declined,
	riec_in_progress: m.esc_state_riec_in_progress,
	completed: m.esc_state_completed,
	returned: m.esc_state_returned,
	submitted: m.esc_state_submitted,
	triage: m.esc_state_triage,
	case_meeting: m.esc_state_case_meeting,
	process_direction: m.esc_state_process_direction,
	de_escalated: m.esc_state_de_escalated
};
export const escalationStateLabel = (code: string | null) => lookup(states, code);
