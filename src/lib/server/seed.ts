/**
 * Fictitious demo data for the region "Dommelstroom". Everything here is invented: names are
 * pseudonyms, organisations and addresses do not exist. Demo accounts only sign in while the app
 * runs in demo mode (see config.ts).
 */
import { sql } from 'drizzle-orm';
import type { Db } from './db';
import {
	deliberationTable,
	membership,
	organisation,
	signal,
	signalEvent,
	signalForwarding,
	user,
	type Domain,
	type MembershipRole,
	type Role,
	type Signal,
	type TableKind
} from './db/schema';
import type { Form, Partner, SignalEventKind } from '../domain/signals';
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
		seedSignals(tx, refs, now);
		return refs;
	});
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

interface DemoSignal {
	daysAgo: number;
	by: string;
	source: Signal['source'];
	external?: string;
	contact?: string;
	municipality?: string;
	description: string;
	location: Signal['locationKind'];
	address?: string;
	forms: Form[];
	indicators: string[];
	urgency: Signal['urgency'];
	status: Signal['status'];
	forward?: { partner: Partner; reason: string };
	closedReason?: string;
	feedback?: { text: string; sent: boolean };
	notes?: string[];
}

/** A dozen fictitious signals of varied sources, forms and states (DOMAIN.md indicators). */
const SIGNALS: DemoSignal[] = [
	{
		daysAgo: 0, by: 'melder', source: 'reporter', contact: 'toestel 4412',
		description: 'Aan de balie stond een jonge vrouw die geen Nederlands sprak. Een man beantwoordde alle vragen voor haar en hield haar paspoort vast. Ze keek steeds naar hem voordat ze iets deed.',
		location: 'other', forms: ['sexual'], indicators: ['someone_speaks_for_them', 'no_id_papers', 'fear_injuries_control'], urgency: 'high', status: 'received'
	},
	{
		daysAgo: 1, by: 'coordinator.veiligheid', source: 'citizen', external: 'buurtbewoner (anoniem verzoek)', contact: '06-00000001 (fictief)',
		description: 'Buurtbewoner ziet elke ochtend om 5 uur een busje dat ongeveer twaalf mannen ophaalt bij een rijtjeshuis. Er lijken veel meer mensen te wonen dan er passen.',
		location: 'home', address: 'Molenstraat, Dommelstroom (fictief)', forms: ['labour'], indicators: ['many_registered_at_address', 'transport_dependent', 'employer_housing'], urgency: 'normal', status: 'received'
	},
	{
		daysAgo: 2, by: 'coordinator.veiligheid', source: 'partner', external: 'Wijkteam Dommelstroom-Noord', contact: 'wijkteam-noord@dommelstroom.example',
		description: 'Een jongen van ongeveer 15 jaar wordt door oudere jongens ingezet om pakketjes rond te brengen. Hij zegt een schuld te moeten afbetalen.',
		location: 'station', forms: ['criminal'], indicators: ['appears_minor', 'minor_committing_crimes', 'drug_debt'], urgency: 'acute', status: 'in_triage',
		notes: ['Navraag bij leerplicht: jongen is sinds zes weken niet op school geweest.']
	},
	{
		daysAgo: 4, by: 'melder', source: 'reporter', contact: 'toestel 4412',
		description: 'Een vrouw vroeg hulp bij het aanvragen van een uitkering. Ze wist haar eigen adres niet en zei dat haar "baas" alles regelt.',
		location: 'other', forms: ['labour'], indicators: ['no_own_address', 'debts'], urgency: 'normal', status: 'forwarded',
		forward: { partner: 'zorgcoordinator', reason: 'Mogelijk slachtoffer; zorgcoördinator neemt contact op via het wijkteam.' },
		feedback: { text: 'Dank voor uw signaal. We hebben het doorgegeven aan de partner die hier het beste mee verder kan. Om de privacy van de betrokkenen te beschermen kunnen we u niet meer vertellen.', sent: true }
	},
	{
		daysAgo: 6, by: 'coordinator.veiligheid', source: 'anonymous',
		description: 'Anonieme tip via het meldpunt: in een nagelsalon aan de Marktweg werken meisjes die er ook lijken te slapen.',
		location: 'nail_salon', address: 'Marktweg (fictief)', forms: ['labour', 'sexual'], indicators: ['lives_at_workplace', 'long_hours_no_breaks'], urgency: 'high', status: 'forwarded',
		forward: { partner: 'labour_inspectorate', reason: 'Controle arbeidsomstandigheden en huisvesting.' }
	},
	{
		daysAgo: 9, by: 'coordinator.zorg', source: 'partner', external: 'Huisartsenpraktijk De Linde (fictief)',
		description: 'Patiënt met onverklaard litteken in de flank; vertelt onder druk naar het buitenland te zijn gereisd voor een "behandeling" in ruil voor kwijtschelding van een schuld.',
		location: 'other', forms: ['organ_removal'], indicators: ['unexplained_surgery', 'travel_for_treatment', 'payment_for_organ'], urgency: 'high', status: 'converted'
	},
	{
		daysAgo: 12, by: 'coordinator.veiligheid', source: 'partner', external: 'Politie Basisteam Dommelstroom',
		description: 'Bij een woninginval in een hennepkwekerij trof de politie twee jonge mannen aan die er woonden en geen eigen papieren hadden.',
		location: 'home', forms: ['criminal', 'labour'], indicators: ['cannabis_farm', 'no_id_papers', 'lives_at_workplace'], urgency: 'high', status: 'converted'
	},
	{
		daysAgo: 15, by: 'melder', source: 'reporter', contact: 'toestel 4412',
		description: 'Een man kwam een adreswijziging doen voor vijf personen tegelijk naar hetzelfde adres.',
		location: 'home', forms: [], indicators: ['many_registered_at_address'], urgency: 'normal', status: 'closed_no_action',
		closedReason: 'Betreft een gezin met volwassen kinderen; geen aanwijzingen voor uitbuiting na huisbezoek.',
		feedback: { text: 'Dank voor uw signaal. We hebben het zorgvuldig bekeken en zien op dit moment geen aanleiding voor verdere stappen. Ziet u opnieuw iets, meld het dan gerust weer.', sent: true }
	},
	{
		daysAgo: 20, by: 'coordinator.veiligheid', source: 'citizen', external: 'medewerker camping De Dommel (fictief)',
		description: 'Op een vakantiepark verblijven al maanden arbeidsmigranten in stacaravans; de uitzender houdt huur in op het loon.',
		location: 'holiday_park', forms: ['labour'], indicators: ['deductions', 'employer_housing', 'pay_below_minimum'], urgency: 'normal', status: 'in_triage'
	},
	{
		daysAgo: 35, by: 'coordinator.veiligheid', source: 'partner', external: 'Veilig Thuis Dommelstroom',
		description: 'Meisje van 17 krijgt dure cadeaus van een oudere vriend en heeft het contact met haar familie verbroken.',
		location: 'online', forms: ['sexual'], indicators: ['loverboy_pattern', 'appears_minor', 'isolated'], urgency: 'high', status: 'forwarded',
		forward: { partner: 'veilig_thuis', reason: 'Minderjarige: Veilig Thuis en jeugdbescherming zijn aan zet.' }
	},
	{
		daysAgo: 200, by: 'melder', source: 'reporter', contact: 'toestel 4412',
		description: 'Oud signaal: schoonmaakploeg bij station werkt zonder pauzes.',
		location: 'station', forms: ['labour'], indicators: ['long_hours_no_breaks'], urgency: 'normal', status: 'closed_no_action',
		closedReason: 'Werkgever gecontroleerd; in orde.'
	},
	{
		daysAgo: 3, by: 'coordinator.kempenveld', source: 'citizen', municipality: 'Kempenveld', external: 'inwoner Kempenveld',
		description: 'Signaal uit een andere gemeente: vrachtwagen met arbeiders op bedrijventerrein Kempenveld-Oost.',
		location: 'business_park', forms: ['labour'], indicators: ['transport_dependent'], urgency: 'normal', status: 'received'
	}
];

function seedSignals(tx: Tx, refs: SeedRefs, now: Date) {
	const day = 86_400_000;
	const perYear = new Map<string, number>();
	const ordered = [...SIGNALS].sort((a, b) => b.daysAgo - a.daysAgo);
	for (const d of ordered) {
		const receivedAt = new Date(now.getTime() - d.daysAgo * day - 3_600_000);
		const year = String(receivedAt.getUTCFullYear());
		const n = (perYear.get(year) ?? 0) + 1;
		perYear.set(year, n);
		const by = refs.user[d.by];
		const settled = d.status === 'forwarded' || d.status === 'closed_no_action';
		const row = tx
			.insert(signal)
			.values({
				reference: `SG-${year}-${String(n).padStart(4, '0')}`,
				receivedAt,
				source: d.source,
				reporterUserId: d.source === 'reporter' ? by : null,
				registeredBy: by,
				externalReporter: d.external ?? null,
				contact: d.contact ?? null,
				municipality: d.municipality ?? MUNICIPALITY,
				description: d.description,
				locationKind: d.location,
				address: d.address ?? null,
				forms: d.forms,
				indicators: d.indicators,
				urgency: d.urgency,
				status: d.status,
				settledAt: settled ? new Date(receivedAt.getTime() + day) : null,
				closedReason: d.closedReason ?? null,
				feedback: d.feedback?.text ?? null,
				feedbackSentAt: d.feedback?.sent ? new Date(receivedAt.getTime() + 2 * day) : null
			})
			.returning({ id: signal.id })
			.get();
		const coordinator = refs.user[d.municipality === 'Kempenveld' ? 'coordinator.kempenveld' : 'coordinator.veiligheid'];
		const event = (kind: SignalEventKind, offsetHours: number, detail: string | null = null, userId = coordinator) =>
			tx.insert(signalEvent).values({ signalId: row.id, at: new Date(receivedAt.getTime() + offsetHours * 3_600_000), userId, kind, detail }).run();
		event('received', 0, null, by);
		if (d.status !== 'received') event('triage_started', 2);
		for (const note of d.notes ?? []) event('note', 3, note);
		if (d.forward) {
			tx.insert(signalForwarding)
				.values({
					signalId: row.id,
					partner: d.forward.partner,
					forwardedOn: new Date(receivedAt.getTime() + day).toISOString().slice(0, 10),
					reason: d.forward.reason,
					byUserId: coordinator,
					at: new Date(receivedAt.getTime() + day)
				})
				.run();
			event('forwarded', 24, `${d.forward.partner}: ${d.forward.reason}`);
		}
		if (d.closedReason) event('closed', 24, d.closedReason);
		if (d.feedback) event('feedback_saved', 30, d.feedback.text);
		if (d.feedback?.sent) event('feedback_sent', 48);
	}
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
