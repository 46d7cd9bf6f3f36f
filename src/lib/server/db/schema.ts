/**
 * The database schema. Code names are English; the UI translates them through the message
 * catalogue. Timestamps are Unix milliseconds (`timestamp_ms`), calendar dates are ISO strings
 * (`YYYY-MM-DD`) because a date of birth or a legal deadline has no time zone.
 *
 * One file on purpose (longer than ~400 lines): drizzle-kit generates migrations from it, and the
 * foreign keys between tables read best side by side.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
	LOCATION_KINDS,
	PARTNERS,
	SIGNAL_EVENT_KINDS,
	SIGNAL_STATUSES,
	SOURCES,
	URGENCIES,
	type Form
} from '../../domain/signals';
import {
	CASE_EVENT_KINDS,
	CASE_KINDS,
	CASE_STATUSES,
	COMENSHA_REPORTERS,
	COMENSHA_STATUSES,
	CONSENT_GIVERS,
	CONSENT_STATUSES,
	INTERVENTION_KINDS,
	INTERVENTION_STATUSES,
	RESIDENCE_CATEGORIES,
	SUBJECT_KINDS
} from '../../domain/cases';
import { ACTION_STATUSES } from '../../domain/actions';
import { TARGETS, type EscalationState } from '../../domain/escalations';
import {
	ATTENDANCE,
	DECISION_KINDS,
	DECISION_STATUSES,
	ITEM_KINDS,
	MEETING_STATUSES,
	REVIEW_OUTCOMES
} from '../../domain/meetings';

export const DOMAINS = ['zorg', 'veiligheid'] as const;
export type Domain = (typeof DOMAINS)[number];

export const COMPARTMENTS = ['shared', 'zorg', 'veiligheid'] as const;
export type Compartment = (typeof COMPARTMENTS)[number];

export const ROLES = ['reporter', 'coordinator', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const TABLE_KINDS = ['zorgtafel', 'avo', 'stuurtafel', 'zvh'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

export const MEMBERSHIP_ROLES = ['chair', 'member', 'secretary'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export const MEMBERSHIP_STATUSES = ['pending', 'active', 'ended'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** Which compartments (beyond `shared`) each domain sees for cases at a table. */
export type CompartmentPolicy = Record<Domain, Array<Exclude<Compartment, 'shared'>>>;

const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);

export const organisation = sqliteTable('organisation', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	name: text('name').notNull().unique(),
	defaultDomain: text('default_domain', { enum: DOMAINS }).notNull(),
	/** The municipality this organisation belongs to or works for; decides a coordinator's inbox. */
	municipality: text('municipality').notNull(),
	createdAt: createdAt()
});

export const user = sqliteTable('user', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	organisationId: integer('organisation_id')
		.notNull()
		.references(() => organisation.id),
	domain: text('domain', { enum: DOMAINS }).notNull(),
	roles: text('roles', { mode: 'json' }).$type<Role[]>().notNull(),
	passwordHash: text('password_hash').notNull(),
	active: integer('active', { mode: 'boolean' }).notNull().default(true),
	/** Demo accounts only work while the app runs in demo mode. */
	isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
	passwordChangedAt: integer('password_changed_at', { mode: 'timestamp_ms' }),
	createdAt: createdAt()
});

export const session = sqliteTable(
	'session',
	{
		/** SHA-256 of the token in the cookie, hex; the token itself is never stored. */
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
		/** Sliding: moves forward with activity, never past `absoluteExpiresAt`. */
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		absoluteExpiresAt: integer('absolute_expires_at', { mode: 'timestamp_ms' }).notNull(),
		/** Room for a second factor: null until a later release adds two-factor sign-in. */
		secondFactorVerifiedAt: integer('second_factor_verified_at', { mode: 'timestamp_ms' }),
		clientAddress: text('client_address')
	},
	(t) => [index('session_user_idx').on(t.userId)]
);

export const deliberationTable = sqliteTable('deliberation_table', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	kind: text('kind', { enum: TABLE_KINDS }).notNull(),
	name: text('name').notNull().unique(),
	legalBasis: text('legal_basis').notNull(),
	compartmentPolicy: text('compartment_policy', { mode: 'json' }).$type<CompartmentPolicy>().notNull(),
	createdAt: createdAt()
});

export const membership = sqliteTable(
	'membership',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		tableId: integer('table_id')
			.notNull()
			.references(() => deliberationTable.id),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		role: text('role', { enum: MEMBERSHIP_ROLES }).notNull(),
		status: text('status', { enum: MEMBERSHIP_STATUSES }).notNull().default('pending'),
		addedBy: integer('added_by').references(() => user.id),
		confirmedBy: integer('confirmed_by').references(() => user.id),
		confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
		endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [
		index('membership_user_idx').on(t.userId),
		// One live membership per person and table; ended ones stay as history.
		uniqueIndex('membership_live_unique')
			.on(t.tableId, t.userId)
			.where(sql`status <> 'ended'`)
	]
);

export const ACCESS_ACTIONS = [
	'view',
	'search',
	'create',
	'update',
	'delete',
	'export',
	'sign_in',
	'sign_in_failed',
	'sign_out',
	'denied'
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** Append-only: triggers in the migration refuse UPDATE and DELETE. */
export const accessLog = sqliteTable(
	'access_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		userId: integer('user_id'),
		action: text('action', { enum: ACCESS_ACTIONS }).notNull(),
		objectType: text('object_type').notNull(),
		objectId: text('object_id'),
		compartment: text('compartment'),
		result: text('result', { enum: ['ok', 'denied', 'failed'] }).notNull(),
		clientAddress: text('client_address'),
		detail: text('detail'),
		/** The setting the access happened in (`case:12`, `meeting:4`, `page:home`, `collab:<doc>`). */
		purpose: text('purpose')
	},
	(t) => [index('access_log_at_idx').on(t.at), index('access_log_user_idx').on(t.userId, t.at)]
);

/** Failed sign-ins per key (`email:<address>` or `ip:<address>`), for throttling. */
export const signInThrottle = sqliteTable('sign_in_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull(),
	windowStartedAt: integer('window_started_at', { mode: 'timestamp_ms' }).notNull(),
	lockedUntil: integer('locked_until', { mode: 'timestamp_ms' })
});

export type Organisation = typeof organisation.$inferSelect;
export type User = typeof user.$inferSelect;
export type Session = typeof session.$inferSelect;
export type DeliberationTable = typeof deliberationTable.$inferSelect;
export type Membership = typeof membership.$inferSelect;
export type AccessLogEntry = typeof accessLog.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Signals (signalen)

export const signal = sqliteTable(
	'signal',
	{
		/** Optimistic concurrency: bumped by every edit; a save made from an older version is refused. */
		version: integer('version').notNull().default(1),
		id: integer('id').primaryKey({ autoIncrement: true }),
		reference: text('reference').notNull().unique(),
		receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
		/** When it was seen, as told by the reporter (a calendar date). */
		observedOn: text('observed_on'),
		source: text('source', { enum: SOURCES }).notNull(),
		/** The reporting user (front-line staff); null for citizens, partners and anonymous sources. */
		reporterUserId: integer('reporter_user_id').references(() => user.id),
		/** Who registered it: the reporter, or a coordinator on someone's behalf. */
		registeredBy: integer('registered_by')
			.notNull()
			.references(() => user.id),
		/** Name or organisation of an external reporter (free text, removed on anonymisation). */
		externalReporter: text('external_reporter'),
		/** How the reporter can be reached (removed on anonymisation). */
		contact: text('contact'),
		municipality: text('municipality').notNull(),
		description: text('description'),
		locationKind: text('location_kind', { enum: LOCATION_KINDS }).notNull(),
		address: text('address'),
		forms: text('forms', { mode: 'json' }).$type<Form[]>().notNull(),
		indicators: text('indicators', { mode: 'json' }).$type<string[]>().notNull(),
		otherIndicator: text('other_indicator'),
		urgency: text('urgency', { enum: URGENCIES }).notNull(),
		status: text('status', { enum: SIGNAL_STATUSES }).notNull().default('received'),
		/** When it reached an end state without a case (closed or forwarded): retention runs from here. */
		settledAt: integer('settled_at', { mode: 'timestamp_ms' }),
		closedReason: text('closed_reason'),
		relatedSignalId: integer('related_signal_id'),
		feedback: text('feedback'),
		feedbackSentAt: integer('feedback_sent_at', { mode: 'timestamp_ms' }),
		anonymisedAt: integer('anonymised_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('signal_municipality_idx').on(t.municipality, t.status),
		index('signal_reporter_idx').on(t.reporterUserId),
		index('signal_settled_idx').on(t.settledAt)
	]
);

export const signalEvent = sqliteTable(
	'signal_event',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		signalId: integer('signal_id')
			.notNull()
			.references(() => signal.id),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		userId: integer('user_id').references(() => user.id),
		kind: text('kind', { enum: SIGNAL_EVENT_KINDS }).notNull(),
		/** Free text (a note, a reason); removed on anonymisation. */
		detail: text('detail')
	},
	(t) => [index('signal_event_signal_idx').on(t.signalId, t.at)]
);

export const signalForwarding = sqliteTable('signal_forwarding', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	signalId: integer('signal_id')
		.notNull()
		.references(() => signal.id),
	partner: text('partner', { enum: PARTNERS }).notNull(),
	forwardedOn: text('forwarded_on').notNull(),
	reason: text('reason'),
	byUserId: integer('by_user_id')
		.notNull()
		.references(() => user.id),
	at: integer('at', { mode: 'timestamp_ms' }).notNull()
});

export type Signal = typeof signal.$inferSelect;
export type SignalEvent = typeof signalEvent.$inferSelect;
export type SignalForwarding = typeof signalForwarding.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Subjects and cases. Each compartment's structured content has its own table, so a loader for
// one compartment never even reads another's.

export const subject = sqliteTable('subject', {
	/** Optimistic concurrency: bumped by every edit; a save made from an older version is refused. */
	version: integer('version').notNull().default(1),
	id: integer('id').primaryKey({ autoIncrement: true }),
	kind: text('kind', { enum: SUBJECT_KINDS }).notNull(),
	/** Pseudonym or initials of a person, name of an organisation, or the premises' address. */
	label: text('label').notNull(),
	dateOfBirth: text('date_of_birth'),
	nationality: text('nationality'),
	residenceCategory: text('residence_category', { enum: RESIDENCE_CATEGORIES }),
	createdAt: createdAt(),
	createdBy: integer('created_by').references(() => user.id)
});

export const caseFile = sqliteTable(
	'case_file',
	{
		/** Optimistic concurrency: bumped by every edit; a save made from an older version is refused. */
		version: integer('version').notNull().default(1),
		id: integer('id').primaryKey({ autoIncrement: true }),
		reference: text('reference').notNull().unique(),
		kind: text('kind', { enum: CASE_KINDS }).notNull(),
		subjectId: integer('subject_id')
			.notNull()
			.references(() => subject.id),
		forms: text('forms', { mode: 'json' }).$type<Form[]>().notNull(),
		status: text('status', { enum: CASE_STATUSES }).notNull().default('registered'),
		avePhase: integer('ave_phase').notNull().default(1),
		ownerId: integer('owner_id').references(() => user.id),
		caseLeadId: integer('case_lead_id').references(() => user.id),
		processLeadId: integer('process_lead_id').references(() => user.id),
		reflectionStart: text('reflection_start'),
		reflectionEnd: text('reflection_end'),
		cosmStart: text('cosm_start'),
		cosmEnd: text('cosm_end'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		createdBy: integer('created_by')
			.notNull()
			.references(() => user.id),
		closedAt: integer('closed_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('case_subject_idx').on(t.subjectId), index('case_owner_idx').on(t.ownerId)]
);

/** The zorg compartment's structured content: care, health, shelter, consent and CoMensha. */
export const caseZorg = sqliteTable('case_zorg', {
	/** Optimistic concurrency: bumped by every edit; a save made from an older version is refused. */
	version: integer('version').notNull().default(1),
	caseId: integer('case_id')
		.primaryKey()
		.references(() => caseFile.id),
	careNeeds: text('care_needs'),
	health: text('health'),
	shelter: text('shelter'),
	consentStatus: text('consent_status', { enum: CONSENT_STATUSES }).notNull().default('not_asked'),
	consentBy: text('consent_by', { enum: CONSENT_GIVERS }),
	consentDate: text('consent_date'),
	consentScope: text('consent_scope'),
	consentWithdrawnOn: text('consent_withdrawn_on'),
	/** When sharing without consent: the recorded weighing and the covenant article. */
	sharingWeighing: text('sharing_weighing'),
	covenantArticle: text('covenant_article'),
	informed: integer('informed', { mode: 'boolean' }),
	notInformedReason: text('not_informed_reason'),
	comensha: text('comensha', { enum: COMENSHA_STATUSES }).notNull().default('to_do'),
	comenshaBy: text('comensha_by', { enum: COMENSHA_REPORTERS }),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
	updatedBy: integer('updated_by').references(() => user.id)
});

/** The veiligheid compartment's structured content: police, investigation, record and Bibob. */
export const caseVeiligheid = sqliteTable('case_veiligheid', {
	/** Optimistic concurrency: bumped by every edit; a save made from an older version is refused. */
	version: integer('version').notNull().default(1),
	caseId: integer('case_id')
		.primaryKey()
		.references(() => caseFile.id),
	policeInfo: text('police_info'),
	investigation: text('investigation'),
	bibobInfo: text('bibob_info'),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
	updatedBy: integer('updated_by').references(() => user.id)
});

/** Administrative interventions (veiligheid compartment). */
export const caseIntervention = sqliteTable('case_intervention', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	caseId: integer('case_id')
		.notNull()
		.references(() => caseFile.id),
	kind: text('kind', { enum: INTERVENTION_KINDS }).notNull(),
	status: text('status', { enum: INTERVENTION_STATUSES }).notNull(),
	decidedOn: text('decided_on'),
	note: text('note'),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	createdBy: integer('created_by')
		.notNull()
		.references(() => user.id)
});

export const caseTable = sqliteTable(
	'case_table',
	{
		caseId: integer('case_id')
			.notNull()
			.references(() => caseFile.id),
		tableId: integer('table_id')
			.notNull()
			.references(() => deliberationTable.id),
		addedAt: integer('added_at', { mode: 'timestamp_ms' }).notNull(),
		addedBy: integer('added_by').references(() => user.id)
	},
	(t) => [
		uniqueIndex('case_table_unique').on(t.caseId, t.tableId),
		index('case_table_table_idx').on(t.tableId)
	]
);

export const caseParticipant = sqliteTable(
	'case_participant',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		caseId: integer('case_id')
			.notNull()
			.references(() => caseFile.id),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		invitedBy: integer('invited_by').references(() => user.id),
		invitedAt: integer('invited_at', { mode: 'timestamp_ms' }).notNull(),
		endedAt: integer('ended_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('case_participant_user_idx').on(t.userId), index('case_participant_case_idx').on(t.caseId)]
);

/** Many-to-many links between cases, stored once with the lower id first. */
export const caseLink = sqliteTable(
	'case_link',
	{
		caseA: integer('case_a')
			.notNull()
			.references(() => caseFile.id),
		caseB: integer('case_b')
			.notNull()
			.references(() => caseFile.id),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		createdBy: integer('created_by').references(() => user.id)
	},
	(t) => [uniqueIndex('case_link_unique').on(t.caseA, t.caseB)]
);

export const caseSignal = sqliteTable(
	'case_signal',
	{
		caseId: integer('case_id')
			.notNull()
			.references(() => caseFile.id),
		signalId: integer('signal_id')
			.notNull()
			.references(() => signal.id)
	},
	(t) => [uniqueIndex('case_signal_unique').on(t.caseId, t.signalId)]
);

export const casePhase = sqliteTable('case_phase', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	caseId: integer('case_id')
		.notNull()
		.references(() => caseFile.id),
	phase: integer('phase').notNull(),
	at: integer('at', { mode: 'timestamp_ms' }).notNull(),
	byUserId: integer('by_user_id').references(() => user.id),
	note: text('note')
});

/** The case timeline; every entry belongs to one compartment and is shown only where that is visible. */
export const caseEvent = sqliteTable(
	'case_event',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		caseId: integer('case_id')
			.notNull()
			.references(() => caseFile.id),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		userId: integer('user_id').references(() => user.id),
		kind: text('kind', { enum: CASE_EVENT_KINDS }).notNull(),
		compartment: text('compartment', { enum: COMPARTMENTS }).notNull(),
		detail: text('detail')
	},
	(t) => [index('case_event_case_idx').on(t.caseId, t.at)]
);

export type Subject = typeof subject.$inferSelect;
export type CaseFile = typeof caseFile.$inferSelect;
export type CaseZorg = typeof caseZorg.$inferSelect;
export type CaseVeiligheid = typeof caseVeiligheid.$inferSelect;
export type CaseIntervention = typeof caseIntervention.$inferSelect;
export type CaseEvent = typeof caseEvent.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Collaboration documents (Yjs): a write-ahead log of updates and a compacted snapshot per document.

export const collabUpdate = sqliteTable(
	'collab_update',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		document: text('document').notNull(),
		data: blob('data', { mode: 'buffer' }).notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('collab_update_document_idx').on(t.document, t.id)]
);

export const collabSnapshot = sqliteTable('collab_snapshot', {
	document: text('document').primaryKey(),
	/** Garbage-collected Yjs state: deleted text is gone from it. */
	state: blob('state', { mode: 'buffer' }).notNull(),
	/** The last update log id folded into this snapshot. */
	upto: integer('upto').notNull(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
});

// ---------------------------------------------------------------------------------------------
// Actions: the plan documents are the source; this projection makes lists and boards plain queries.

export const caseAction = sqliteTable(
	'case_action',
	{
		id: text('id').primaryKey(),
		caseId: integer('case_id')
			.notNull()
			.references(() => caseFile.id),
		compartment: text('compartment', { enum: COMPARTMENTS }).notNull(),
		position: integer('position').notNull(),
		title: text('title').notNull(),
		ownerId: integer('owner_id').references(() => user.id),
		dueDate: text('due_date'),
		status: text('status', { enum: ACTION_STATUSES }).notNull(),
		reason: text('reason'),
		originKind: text('origin_kind', { enum: ['meeting', 'decision'] }),
		originId: integer('origin_id'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		createdBy: integer('created_by').references(() => user.id),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
		updatedBy: integer('updated_by').references(() => user.id),
		removedAt: integer('removed_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('case_action_owner_idx').on(t.ownerId, t.status),
		index('case_action_case_idx').on(t.caseId, t.compartment)
	]
);

export type CaseAction = typeof caseAction.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Meetings, agendas and decisions. All of it belongs to one table and is seen only through it.

export const meeting = sqliteTable(
	'meeting',
	{
		/** Optimistic concurrency: bumped by every edit; a save made from an older version is refused. */
		version: integer('version').notNull().default(1),
		id: integer('id').primaryKey({ autoIncrement: true }),
		tableId: integer('table_id')
			.notNull()
			.references(() => deliberationTable.id),
		startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
		durationMinutes: integer('duration_minutes').notNull().default(90),
		place: text('place'),
		videoLink: text('video_link'),
		status: text('status', { enum: MEETING_STATUSES }).notNull().default('draft'),
		publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
		startedAt: integer('started_at', { mode: 'timestamp_ms' }),
		closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
		approvedAt: integer('approved_at', { mode: 'timestamp_ms' }),
		/** The meeting in which these minutes were approved. */
		approvedInMeetingId: integer('approved_in_meeting_id'),
		createdBy: integer('created_by')
			.notNull()
			.references(() => user.id),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('meeting_table_idx').on(t.tableId, t.startsAt)]
);

export const agendaItem = sqliteTable(
	'agenda_item',
	{
		/** Optimistic concurrency: bumped by every edit; a save made from an older version is refused. */
		version: integer('version').notNull().default(1),
		id: integer('id').primaryKey({ autoIncrement: true }),
		meetingId: integer('meeting_id')
			.notNull()
			.references(() => meeting.id),
		position: integer('position').notNull(),
		kind: text('kind', { enum: ITEM_KINDS }).notNull(),
		caseId: integer('case_id').references(() => caseFile.id),
		/** The topic of a general item (case items show the case as the viewer may see it). */
		title: text('title'),
		presenterId: integer('presenter_id').references(() => user.id),
		plannedMinutes: integer('planned_minutes').notNull().default(10),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('agenda_item_meeting_idx').on(t.meetingId, t.position)]
);

export const decision = sqliteTable(
	'decision',
	{
		/** Optimistic concurrency: bumped by every edit; a save made from an older version is refused. */
		version: integer('version').notNull().default(1),
		id: integer('id').primaryKey({ autoIncrement: true }),
		meetingId: integer('meeting_id')
			.notNull()
			.references(() => meeting.id),
		agendaItemId: integer('agenda_item_id').references(() => agendaItem.id),
		tableId: integer('table_id')
			.notNull()
			.references(() => deliberationTable.id),
		caseId: integer('case_id').references(() => caseFile.id),
		kind: text('kind', { enum: DECISION_KINDS }).notNull(),
		text: text('text').notNull(),
		followUpOwnerId: integer('follow_up_owner_id').references(() => user.id),
		followUpDate: text('follow_up_date'),
		status: text('status', { enum: DECISION_STATUSES }).notNull().default('open'),
		statusReason: text('status_reason'),
		statusChangedAt: integer('status_changed_at', { mode: 'timestamp_ms' }),
		createdBy: integer('created_by')
			.notNull()
			.references(() => user.id),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('decision_table_idx').on(t.tableId, t.status), index('decision_meeting_idx').on(t.meetingId)]
);

/** Conclusions of the review of earlier meetings' open actions and decisions. */
export const reviewOutcome = sqliteTable('review_outcome', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	meetingId: integer('meeting_id')
		.notNull()
		.references(() => meeting.id),
	actionId: text('action_id'),
	decisionId: integer('decision_id').references(() => decision.id),
	outcome: text('outcome', { enum: REVIEW_OUTCOMES }).notNull(),
	reason: text('reason'),
	byUserId: integer('by_user_id')
		.notNull()
		.references(() => user.id),
	at: integer('at', { mode: 'timestamp_ms' }).notNull()
});

export const attendance = sqliteTable(
	'attendance',
	{
		meetingId: integer('meeting_id')
			.notNull()
			.references(() => meeting.id),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		status: text('status', { enum: ATTENDANCE }).notNull(),
		organisationName: text('organisation_name').notNull(),
		recordedBy: integer('recorded_by').references(() => user.id),
		recordedAt: integer('recorded_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('attendance_unique').on(t.meetingId, t.userId)]
);

/** A personal calendar feed at a secret URL; only the hash of its token is stored. */
export const calendarFeed = sqliteTable('calendar_feed', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	userId: integer('user_id')
		.notNull()
		.references(() => user.id),
	tokenHash: text('token_hash').notNull().unique(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	revokedAt: integer('revoked_at', { mode: 'timestamp_ms' })
});

export type Meeting = typeof meeting.$inferSelect;
export type AgendaItem = typeof agendaItem.$inferSelect;
export type Decision = typeof decision.$inferSelect;

/** Changes to meeting notes after the meeting closed and before its minutes were approved. */
export const minutesCorrection = sqliteTable(
	'minutes_correction',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		meetingId: integer('meeting_id')
			.notNull()
			.references(() => meeting.id),
		agendaItemId: integer('agenda_item_id').references(() => agendaItem.id),
		compartment: text('compartment', { enum: COMPARTMENTS }).notNull(),
		userId: integer('user_id').references(() => user.id),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('minutes_correction_meeting_idx').on(t.meetingId)]
);

// ---------------------------------------------------------------------------------------------
// Escalations to the RIEC and the Zorg- en Veiligheidshuis.

export const escalation = sqliteTable(
	'escalation',
	{
		/** Optimistic concurrency: bumped by every edit; a save made from an older version is refused. */
		version: integer('version').notNull().default(1),
		id: integer('id').primaryKey({ autoIncrement: true }),
		caseId: integer('case_id')
			.notNull()
			.references(() => caseFile.id),
		target: text('target', { enum: TARGETS }).notNull(),
		state: text('state').$type<EscalationState>().notNull(),
		stateSince: integer('state_since', { mode: 'timestamp_ms' }).notNull(),
		/** The table that escalated (a ZVH route is seen there and at the ZVH). */
		fromTableId: integer('from_table_id').references(() => deliberationTable.id),
		openedBy: integer('opened_by')
			.notNull()
			.references(() => user.id),
		openedAt: integer('opened_at', { mode: 'timestamp_ms' }).notNull(),
		closedAt: integer('closed_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('escalation_case_idx').on(t.caseId), index('escalation_state_idx').on(t.target, t.state)]
);

export const escalationStep = sqliteTable(
	'escalation_step',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		escalationId: integer('escalation_id')
			.notNull()
			.references(() => escalation.id),
		fromState: text('from_state').$type<EscalationState>(),
		toState: text('to_state').$type<EscalationState>().notNull(),
		byUserId: integer('by_user_id').references(() => user.id),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		note: text('note'),
		decisionId: integer('decision_id').references(() => decision.id)
	},
	(t) => [index('escalation_step_idx').on(t.escalationId, t.at)]
);

export type Escalation = typeof escalation.$inferSelect;
export type EscalationStep = typeof escalationStep.$inferSelect;
