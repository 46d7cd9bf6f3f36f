/**
 * Dutch labels for the English codes in the data model, from the message catalogue.
 * Used on server and client alike.
 */
import { m } from '$lib/paraglide/messages.js';

type Labels = Record<string, () => string>;

function lookup(table: Labels, code: string | null | undefined): string {
	if (!code) return '';
	return table[code]?.() ?? code;
}

const pages: Labels = {
	home: m.nav_home,
	signals: m.nav_signals,
	cases: m.nav_cases,
	meetings: m.nav_meetings,
	decisions: m.nav_decisions,
	actions: m.nav_actions,
	escalations: m.nav_escalations,
	reports: m.nav_reports,
	tables: m.nav_tables,
	admin: m.nav_admin,
	audit: m.nav_audit,
	account: m.nav_account
};
export const pageLabel = (code: string) => lookup(pages, code);

const roles: Labels = {
	reporter: m.role_reporter,
	coordinator: m.role_coordinator,
	admin: m.role_admin,
	auditor: m.role_auditor
};
export const roleLabel = (code: string) => lookup(roles, code);

const domains: Labels = { zorg: m.domain_zorg, veiligheid: m.domain_veiligheid };
export const domainLabel = (code: string) => lookup(domains, code);

const compartments: Labels = {
	shared: m.compartment_shared,
	zorg: m.compartment_zorg,
	veiligheid: m.compartment_veiligheid
};
export const compartmentLabel = (code: string | null | undefined) => lookup(compartments, code);

const tableKinds: Labels = {
	zorgtafel: m.table_kind_zorgtafel,
	avo: m.table_kind_avo,
	stuurtafel: m.table_kind_stuurtafel,
	zvh: m.table_kind_zvh
};
export const tableKindLabel = (code: string) => lookup(tableKinds, code);

const membershipRoles: Labels = {
	chair: m.membership_role_chair,
	member: m.membership_role_member,
	secretary: m.membership_role_secretary
};
export const membershipRoleLabel = (code: string) => lookup(membershipRoles, code);

const membershipStatuses: Labels = {
	pending: m.membership_status_pending,
	active: m.membership_status_active,
	ended: m.membership_status_ended
};
export const membershipStatusLabel = (code: string) => lookup(membershipStatuses, code);

const accessActions: Labels = {
	view: m.access_view,
	search: m.access_search,
	create: m.access_create,
	update: m.access_update,
	delete: m.access_delete,
	export: m.access_export,
	sign_in: m.access_sign_in,
	sign_in_failed: m.access_sign_in_failed,
	sign_out: m.access_sign_out,
	denied: m.access_denied
};
export const accessActionLabel = (code: string) => lookup(accessActions, code);

const accessResults: Labels = {
	ok: m.access_result_ok,
	denied: m.access_result_denied,
	failed: m.access_result_failed
};
export const accessResultLabel = (code: string) => lookup(accessResults, code);

/** An echoed form value as text for an input's value ('' for anything that is not text or a number). */
export function asText(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
