/**
 * Fictitious demo data for the region "Dommelstroom". Everything here is invented: names are
 * pseudonyms, organisations and addresses do not exist. Demo accounts only sign in while the app
 * runs in demo mode (see config.ts).
 */
import { sql } from 'drizzle-orm';
import type { Db } from './db';
import { deliberationTable, membership, organisation, user, type Domain, type MembershipRole, type Role, type TableKind } from './db/schema';
import { hashPassword } from './auth/passwords';
import { defaultCompartmentPolicy } from './policy';

export const DEMO_PASSWORD = 'ketentafel-demo';
export const DEMO_DOMAIN = 'ketentafel.test';

export const MUNICIPALITY = 'Dommelstroom';
export const OTHER_MUNICIPALITY = 'Kempenveld';

const ORGANISATIONS: Array<{ key: string; name: string; defaultDomain: Domain; municipality: string }> = [
	{ key: 'oov', name: 'Gemeente Dommelstroom – Openbare Orde en Veiligheid', defaultDomain: 'veiligheid', municipality: MUNICIPALITY },
	{ key: 'sociaal', name: 'Gemeente Dommelstroom – Sociaal Domein', defaultDomain: 'zorg', municipality: MUNICIPALITY },
	{ key: 'publiek', name: 'Gemeente Dommelstroom – Publiekszaken', defaultDomain: 'zorg', municipality: MUNICIPALITY },
	{ key: 'iv', name: 'Gemeente Dommelstroom – Informatievoorziening', defaultDomain: 'veiligheid', municipality: MUNICIPALITY },
	{ key: 'zorgco', name: 'Zorgcoördinatie Mensenhandel Regio Dommelstroom', defaultDomain: 'zorg', municipality: MUNICIPALITY },
	{ key: 'vt', name: 'Veilig Thuis Dommelstroom', defaultDomain: 'zorg', municipality: MUNICIPALITY },
	{ key: 'politie', name: 'Politie Basisteam Dommelstroom (AVIM)', defaultDomain: 'veiligheid', municipality: MUNICIPALITY },
	{ key: 'riec', name: 'RIEC Dommelstroom-Kempen', defaultDomain: 'veiligheid', municipality: MUNICIPALITY },
	{ key: 'nla', name: 'Nederlandse Arbeidsinspectie, team Mensenhandel Zuid', defaultDomain: 'veiligheid', municipality: MUNICIPALITY },
	{ key: 'om', name: 'Openbaar Ministerie, parket Dommelstroom', defaultDomain: 'veiligheid', municipality: MUNICIPALITY },
	{ key: 'zvh', name: 'Zorg- en Veiligheidshuis Dommelstroom', defaultDomain: 'zorg', municipality: MUNICIPALITY },
	{ key: 'kempen', name: 'Gemeente Kempenveld – Openbare Orde en Veiligheid', defaultDomain: 'veiligheid', municipality: OTHER_MUNICIPALITY }
];

export interface DemoAccount {
	local: string;
	name: string;
	org: string;
	domain: Domain;
	roles: Role[];
	description: string;
}

/** The demo accounts; the first nine are a public contract (DESIGN.md §5). */
export const ACCOUNTS: DemoAccount[] = [
	{ local: 'beheer', name: 'Bram Beheer', org: 'iv', domain: 'veiligheid', roles: ['admin'], description: 'applicatiebeheerder' },
	{ local: 'fg', name: 'Fenna de Groot', org: 'iv', domain: 'veiligheid', roles: ['auditor'], description: 'functionaris gegevensbescherming' },
	{ local: 'melder', name: 'Mila Melder', org: 'publiek', domain: 'zorg', roles: ['reporter'], description: 'baliemedewerker (melder)' },
	{ local: 'coordinator.veiligheid', name: 'Sanne Verhoeven', org: 'oov', domain: 'veiligheid', roles: ['coordinator'], description: 'aandachtsfunctionaris mensenhandel (OOV)' },
	{ local: 'coordinator.zorg', name: 'Yusuf Aydın', org: 'zorgco', domain: 'zorg', roles: ['coordinator'], description: 'zorgcoördinator mensenhandel' },
	{ local: 'voorzitter.zorgtafel', name: 'Ingrid Bakker', org: 'sociaal', domain: 'zorg', roles: [], description: 'voorzitter Zorgtafel' },
	{ local: 'voorzitter.stuurtafel', name: 'Joost van Dijk', org: 'oov', domain: 'veiligheid', roles: [], description: 'voorzitter Lokale Stuurtafel Ondermijning' },
	{ local: 'zorg', name: 'Noor Hendriks', org: 'vt', domain: 'zorg', roles: [], description: 'lid Zorgtafel (zorg)' },
	{ local: 'veiligheid', name: 'Ruben Smit', org: 'politie', domain: 'veiligheid', roles: [], description: 'lid Zorgtafel, AVO en Stuurtafel (veiligheid)' },
	{ local: 'procesregisseur.zvh', name: 'Lotte Vermeulen', org: 'zvh', domain: 'zorg', roles: ['coordinator'], description: 'procesregisseur Zorg- en Veiligheidshuis' },
	{ local: 'inspecteur', name: 'Dirk Jansen', org: 'nla', domain: 'veiligheid', roles: [], description: 'arbeidsinspecteur (lidmaatschap wacht op bevestiging)' },
	{ local: 'coordinator.kempenveld', name: 'Eva Claessens', org: 'kempen', domain: 'veiligheid', roles: ['coordinator'], description: 'aandachtsfunctionaris van een andere gemeente' }
];

const TABLES: Array<{ key: string; kind: TableKind; name: string; legalBasis: string }> = [
	{
		key: 'zorgtafel',
		kind: 'zorgtafel',
		name: 'Zorgtafel Mensenhandel Dommelstroom',
		legalBasis: 'Convenant zorg voor slachtoffers van mensenhandel regio Dommelstroom (2021) en het bijbehorende privacyprotocol'
	},
	{
		key: 'avo',
		kind: 'avo',
		name: 'AVO Ondermijning Dommelstroom',
		legalBasis: 'Convenant RIEC Dommelstroom-Kempen; werkafspraken Ambtelijk Voorbereidend Overleg'
	},
	{
		key: 'stuurtafel',
		kind: 'stuurtafel',
		name: 'Lokale Stuurtafel Ondermijning Dommelstroom',
		legalBasis: 'Convenant RIEC Dommelstroom-Kempen; Gemeentewet art. 172 (openbare orde)'
	},
	{
		key: 'zvh',
		kind: 'zvh',
		name: 'Casusoverleg Zorg- en Veiligheidshuis Dommelstroom',
		legalBasis: 'Convenant Zorg- en Veiligheidshuis Dommelstroom (integrale aanpak, AVE-werkwijze)'
	}
];

const MEMBERSHIPS: Array<{ table: string; account: string; role: MembershipRole; pending?: boolean }> = [
	{ table: 'zorgtafel', account: 'voorzitter.zorgtafel', role: 'chair' },
	{ table: 'zorgtafel', account: 'coordinator.zorg', role: 'secretary' },
	{ table: 'zorgtafel', account: 'coordinator.veiligheid', role: 'member' },
	{ table: 'zorgtafel', account: 'zorg', role: 'member' },
	{ table: 'zorgtafel', account: 'veiligheid', role: 'member' },
	{ table: 'zorgtafel', account: 'inspecteur', role: 'member', pending: true },
	{ table: 'avo', account: 'coordinator.veiligheid', role: 'chair' },
	{ table: 'avo', account: 'veiligheid', role: 'member' },
	{ table: 'avo', account: 'voorzitter.stuurtafel', role: 'member' },
	{ table: 'stuurtafel', account: 'voorzitter.stuurtafel', role: 'chair' },
	{ table: 'stuurtafel', account: 'coordinator.veiligheid', role: 'secretary' },
	{ table: 'stuurtafel', account: 'veiligheid', role: 'member' },
	{ table: 'zvh', account: 'procesregisseur.zvh', role: 'chair' },
	{ table: 'zvh', account: 'coordinator.zorg', role: 'member' },
	{ table: 'zvh', account: 'coordinator.veiligheid', role: 'member' }
];

export function emailOf(local: string): string {
	return `${local}@${DEMO_DOMAIN}`;
}

/** True when the database holds no users yet (a fresh install). */
export function isEmpty(db: Db): boolean {
	const row = db.select({ n: sql<number>`count(*)` }).from(user).get();
	return (row?.n ?? 0) === 0;
}

/** Ids of what the seed created, by key, so later seed steps and tests can refer to them. */
export interface SeedRefs {
	org: Record<string, number>;
	user: Record<string, number>;
	table: Record<string, number>;
}

/** Fills an empty database with the demo region. */
export async function demo(db: Db, now: Date): Promise<SeedRefs> {
	// One hash for all demo accounts: they share the published demo password anyway.
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	return db.transaction((tx) => {
		const refs: SeedRefs = { org: {}, user: {}, table: {} };
		for (const o of ORGANISATIONS) {
			const { key, ...values } = o;
			refs.org[key] = tx.insert(organisation).values(values).returning({ id: organisation.id }).get().id;
		}
		for (const a of ACCOUNTS) {
			refs.user[a.local] = tx
				.insert(user)
				.values({
					email: emailOf(a.local),
					name: a.name,
					organisationId: refs.org[a.org],
					domain: a.domain,
					roles: a.roles,
					passwordHash,
					isDemo: true,
					passwordChangedAt: now
				})
				.returning({ id: user.id })
				.get().id;
		}
		for (const t of TABLES) {
			const { key, ...values } = t;
			refs.table[key] = tx
				.insert(deliberationTable)
				.values({ ...values, compartmentPolicy: defaultCompartmentPolicy(t.kind) })
				.returning({ id: deliberationTable.id })
				.get().id;
		}
		const chairOf = (table: string) =>
			refs.user[MEMBERSHIPS.find((x) => x.table === table && x.role === 'chair')!.account];
		for (const ms of MEMBERSHIPS) {
			tx.insert(membership)
				.values({
					tableId: refs.table[ms.table],
					userId: refs.user[ms.account],
					role: ms.role,
					status: ms.pending ? 'pending' : 'active',
					addedBy: refs.user['beheer'],
					confirmedBy: ms.pending ? null : chairOf(ms.table),
					confirmedAt: ms.pending ? null : now
				})
				.run();
		}
		return refs;
	});
}

/** Prints the demo accounts on the console at start-up (fictitious accounts, published password). */
export function printAccounts(): void {
	const lines = ACCOUNTS.map((a) => `  ${emailOf(a.local).padEnd(42)} ${a.description}`);
	console.log(
		[
			'',
			'Ketentafel draait in demomodus: alle gegevens zijn fictief.',
			`Demo-accounts (wachtwoord: ${DEMO_PASSWORD}):`,
			...lines,
			''
		].join('\n')
	);
}
