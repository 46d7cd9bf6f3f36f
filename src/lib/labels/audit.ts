/**
 * Dutch labels for the access log's columns that hold codes: the purpose (the setting an access
 * happened in, stored as `case:12`, `meeting:4`, `page:home`).
 */
import { m } from '$lib/paraglide/messages.js';
import { pageLabel } from './index';

type WithId = (p: { id: string }) => string;
const kinds: Record<string, WithId> = {
	page: m.purpose_page,
	case: m.purpose_case,
	meeting: m.purpose_meeting,
	table: m.purpose_table,
	signal: m.purpose_signal,
	escalation: m.purpose_escalation,
	export: m.purpose_export,
	collab: m.purpose_collab,
	job: m.purpose_job
};

/** "casus 12", "pagina Signalen", "overleg 4"; an unknown code as it is stored; nothing for none. */
export function purposeLabel(purpose: string | null | undefined): string {
	if (!purpose) return '';
	const at = purpose.indexOf(':');
	const kind = at < 0 ? purpose : purpose.slice(0, at);
	const id = at < 0 ? '' : purpose.slice(at + 1);
	const label = kinds[kind];
	if (!label) return purpose;
	const shown = kind === 'page' ? pageLabel(id) : id;
	return label({ id: shown }).trim();
}
