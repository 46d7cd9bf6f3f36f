/**
 * The database schema. Code names are English; the UI translates them through the message
 * catalogue. Timestamps are Unix milliseconds (`timestamp_ms`), calendar dates are ISO strings
 * (`YYYY-MM-DD`) because a date of birth or a legal deadline has no time zone.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
		detail: text('detail')
	},
	(t) => [
		index('access_log_at_idx').on(t.at),
		index('access_log_user_idx').on(t.userId, t.at)
	]
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
