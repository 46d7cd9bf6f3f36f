/**
 * Dutch labels for action statuses, from the message catalogue.
 */
import { m } from '$lib/paraglide/messages.js';

const statuses: Record<string, () => string> = {
	open: m.action_status_open,
	in_progress: m.action_status_in_progress,
	done: m.action_status_done,
	not_possible: m.action_status_not_possible,
	not_undertaken: m.action_status_not_undertaken
};
export const actionStatusLabel = (code: string) => statuses[code]?.() ?? code;
