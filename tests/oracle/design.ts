/**
 * The vocabulary of the design, transcribed from /work/shared/DESIGN.md (§1, §2, §3, §5) and the
 * issues — never from src/. The oracle's rules (the other files in this folder) are written in
 * these terms; the matrix (matrix.ts) translates them into the policy's facts.
 */

/** §1 "role (code)": `reporter`, `coordinator`, `admin`, `auditor`. */
export const ROLES = ['reporter', 'coordinator', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** §1 "Every user has one **domain**: `zorg` (care) or `veiligheid` (safety)". */
export const DOMAINS = ['zorg', 'veiligheid'] as const;
export type Domain = (typeof DOMAINS)[number];

/** §2 "Compartments: every piece of case content belongs to one compartment. `shared` … `zorg` … `veiligheid`". */
export const COMPARTMENTS = ['shared', 'zorg', 'veiligheid'] as const;
export type Compartment = (typeof COMPARTMENTS)[number];
export type DomainCompartment = Exclude<Compartment, 'shared'>;

/** §2 Table: "kind `zorgtafel` | `avo` | `stuurtafel` | `zvh`". */
export const TABLE_KINDS = ['zorgtafel', 'avo', 'stuurtafel', 'zvh'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

/** §1 "table `chair` / `member` / `secretary`". */
export const TABLE_ROLES = ['chair', 'member', 'secretary'] as const;
export type TableRole = (typeof TABLE_ROLES)[number];

/**
 * §2 Table: "members (active only after the chair confirms them)"; §3.7 "When a membership …
 * ends". A membership is pending until confirmed, active, or ended.
 */
export const MEMBERSHIP_STATES = ['pending', 'active', 'ended'] as const;
export type MembershipState = (typeof MEMBERSHIP_STATES)[number];

/**
 * §3.2, literally: "Defaults: Zorgtafel — zorg sees `zorg`, veiligheid sees `veiligheid`; AVO and
 * Stuurtafel — veiligheid sees `veiligheid`, zorg sees nothing beyond `shared`; ZVH — both domains
 * see both (the ZVH covenant's integrated approach)."
 */
export const DEFAULT_SEES: Record<TableKind, Record<Domain, DomainCompartment[]>> = {
	zorgtafel: { zorg: ['zorg'], veiligheid: ['veiligheid'] },
	avo: { zorg: [], veiligheid: ['veiligheid'] },
	stuurtafel: { zorg: [], veiligheid: ['veiligheid'] },
	zvh: { zorg: ['zorg', 'veiligheid'], veiligheid: ['zorg', 'veiligheid'] }
};

/** §2 Meeting: "status `draft → published → in_progress → closed → minutes_approved`". */
export const MEETING_STATUSES = ['draft', 'published', 'in_progress', 'closed', 'minutes_approved'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** §2 Signal: "status `received → in_triage → forwarded | converted | closed_no_action`". */
export const SIGNAL_STATUSES = [
	'received',
	'in_triage',
	'forwarded',
	'converted',
	'closed_no_action'
] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

/**
 * §2 Escalation: "RIEC: `proposed → on_avo_agenda → avo_advice → stuurtafel_decision (accepted as
 * RIEC case | declined) → riec_in_progress → completed | returned`. ZVH: `proposed → submitted →
 * triage → case_meeting → process_direction → de_escalated | completed`." The Stuurtafel's
 * decision is stored as the state it decides, `accepted` or `declined`.
 */
export const ROUTE_STATES = {
	riec: [
		'proposed',
		'on_avo_agenda',
		'avo_advice',
		'accepted',
		'declined',
		'riec_in_progress',
		'completed',
		'returned'
	],
	zvh: ['proposed', 'submitted', 'triage', 'case_meeting', 'process_direction', 'de_escalated', 'completed']
} as const;
export type Target = keyof typeof ROUTE_STATES;
export const TARGETS: Target[] = ['riec', 'zvh'];

/**
 * §2 Escalation: "Visible to the tables on its route"; issue 9: "an RIEC route is seen only through
 * the AVO and Stuurtafel; a ZVH route through the ZVH table and the table that escalated".
 */
export const ROUTE_KINDS: Record<Target, TableKind[]> = { riec: ['avo', 'stuurtafel'], zvh: ['zvh'] };

/**
 * The top-level pages. §5: "Top-level pages: `/signals`, `/cases` …, `/meetings` …, `/decisions`,
 * `/actions` (my actions), `/escalations`, `/reports`, `/admin` (admin only), `/audit` (auditor
 * only)", in that order; plus the start page (issue 2: "a start page per role") and the table page
 * (issue 2: "the chair sees pending members on the table page"; issue 4: "the table page shows its
 * policy to its members").
 */
export const PAGES = [
	'home',
	'signals',
	'cases',
	'meetings',
	'decisions',
	'actions',
	'escalations',
	'reports',
	'tables',
	'admin',
	'audit'
] as const;
export type Page = (typeof PAGES)[number];
/** The order §5 lists them in (the navigation keeps it). */
export const DESIGN_PAGE_ORDER: Page[] = [
	'signals',
	'cases',
	'meetings',
	'decisions',
	'actions',
	'escalations',
	'reports',
	'admin',
	'audit'
];
