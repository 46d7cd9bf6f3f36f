/**
 * Fictitious demo data for the region "Dommelstroom". Everything here is invented: names are
 * pseudonyms, organisations and addresses do not exist. Demo accounts only sign in while the app
 * runs in demo mode (see config.ts).
 *
 * Longer than ~400 lines on purpose: it is data, one region told in order (organisations, people,
 * tables, signals, cases), and reads best as one story; meetings, plans and escalations have their
 * own seed files.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './db';
import {
	caseFile,
	caseIntervention,
	caseLink,
	caseParticipant,
	casePhase,
	caseSignal,
	caseTable,
	caseVeiligheid,
	caseZorg,
	caseEvent,
	subject,
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
import type { CaseKind, CaseStatus, ResidenceCategory, SubjectKind } from '../domain/cases';
import { eq } from 'drizzle-orm';
import { seedPlans } from './seed-plans';
import { seedMeetings } from './seed-meetings';
import { seedEscalations } from './seed-escalations';
import { hashPassword } from './auth/passwords';
import { defaultCompartmentPolicy } from './policy';

export const DEMO_PASSWORD = 'ketentafel-demo';
export const DEMO_DOMAIN = 'ketentafel.test';

export const MUNICIPALITY = 'Dommelstroom';
export const OTHER_MUNICIPALITY = 'Kempenveld';

const ORGANISATIONS: Array<{ key: string; name: string; defaultDomain: Domain; municipality: string }> = [
	{
		key: 'oov',
		name: 'Gemeente Dommelstroom – Openbare Orde en Veiligheid',
		defaultDomain: 'veiligheid',
		municipality: MUNICIPALITY
	},
	{
		key: 'sociaal',
		name: 'Gemeente Dommelstroom – Sociaal Domein',
		defaultDomain: 'zorg',
		municipality: MUNICIPALITY
	},
	{
		key: 'publiek',
		name: 'Gemeente Dommelstroom – Publiekszaken',
		defaultDomain: 'zorg',
		municipality: MUNICIPALITY
	},
	{
		key: 'iv',
		name: 'Gemeente Dommelstroom – Informatievoorziening',
		defaultDomain: 'veiligheid',
		municipality: MUNICIPALITY
	},
	{
		key: 'zorgco',
		name: 'Zorgcoördinatie Mensenhandel Regio Dommelstroom',
		defaultDomain: 'zorg',
		municipality: MUNICIPALITY
	},
	{ key: 'vt', name: 'Veilig Thuis Dommelstroom', defaultDomain: 'zorg', municipality: MUNICIPALITY },
	{
		key: 'politie',
		name: 'Politie Basisteam Dommelstroom (AVIM)',
		defaultDomain: 'veiligheid',
		municipality: MUNICIPALITY
	},
	{ key: 'riec', name: 'RIEC Dommelstroom-Kempen', defaultDomain: 'veiligheid', municipality: MUNICIPALITY },
	{
		key: 'nla',
		name: 'Nederlandse Arbeidsinspectie, team Mensenhandel Zuid',
		defaultDomain: 'veiligheid',
		municipality: MUNICIPALITY
	},
	{
		key: 'om',
		name: 'Openbaar Ministerie, parket Dommelstroom',
		defaultDomain: 'veiligheid',
		municipality: MUNICIPALITY
	},
	{
		key: 'zvh',
		name: 'Zorg- en Veiligheidshuis Dommelstroom',
		defaultDomain: 'zorg',
		municipality: MUNICIPALITY
	},
	{
		key: 'kempen',
		name: 'Gemeente Kempenveld – Openbare Orde en Veiligheid',
		defaultDomain: 'veiligheid',
		municipality: OTHER_MUNICIPALITY
	}
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
	{
		local: 'beheer',
		name: 'Bram Beheer',
		org: 'iv',
		domain: 'veiligheid',
		roles: ['admin'],
		description: 'applicatiebeheerder'
	},
	{
		local: 'fg',
		name: 'Fenna de Groot',
		org: 'iv',
		domain: 'veiligheid',
		roles: ['auditor'],
		description: 'functionaris gegevensbescherming'
	},
	{
		local: 'melder',
		name: 'Mila Melder',
		org: 'publiek',
		domain: 'zorg',
		roles: ['reporter'],
		description: 'baliemedewerker (melder)'
	},
	{
		local: 'coordinator.veiligheid',
		name: 'Sanne Verhoeven',
		org: 'oov',
		domain: 'veiligheid',
		roles: ['coordinator'],
		description: 'aandachtsfunctionaris mensenhandel (OOV)'
	},
	{
		local: 'coordinator.zorg',
		name: 'Yusuf Aydın',
		org: 'zorgco',
		domain: 'zorg',
		roles: ['coordinator'],
		description: 'zorgcoördinator mensenhandel'
	},
	{
		local: 'voorzitter.zorgtafel',
		name: 'Ingrid Bakker',
		org: 'sociaal',
		domain: 'zorg',
		roles: [],
		description: 'voorzitter Zorgtafel'
	},
	{
		local: 'voorzitter.stuurtafel',
		name: 'Joost van Dijk',
		org: 'oov',
		domain: 'veiligheid',
		roles: [],
		description: 'voorzitter Lokale Stuurtafel Ondermijning'
	},
	{
		local: 'zorg',
		name: 'Noor Hendriks',
		org: 'vt',
		domain: 'zorg',
		roles: [],
		description: 'lid Zorgtafel (zorg)'
	},
	{
		local: 'veiligheid',
		name: 'Ruben Smit',
		org: 'politie',
		domain: 'veiligheid',
		roles: [],
		description: 'lid Zorgtafel, AVO en Stuurtafel (veiligheid)'
	},
	{
		local: 'procesregisseur.zvh',
		name: 'Lotte Vermeulen',
		org: 'zvh',
		domain: 'zorg',
		roles: ['coordinator'],
		description: 'procesregisseur Zorg- en Veiligheidshuis'
	},
	{
		local: 'inspecteur',
		name: 'Dirk Jansen',
		org: 'nla',
		domain: 'veiligheid',
		roles: [],
		description: 'arbeidsinspecteur (lidmaatschap wacht op bevestiging)'
	},
	{
		local: 'coordinator.kempenveld',
		name: 'Eva Claessens',
		org: 'kempen',
		domain: 'veiligheid',
		roles: ['coordinator'],
		description: 'aandachtsfunctionaris van een andere gemeente'
	}
];

const TABLES: Array<{ key: string; kind: TableKind; name: string; legalBasis: string }> = [
	{
		key: 'zorgtafel',
		kind: 'zorgtafel',
		name: 'Zorgtafel Mensenhandel Dommelstroom',
		legalBasis:
			'Convenant zorg voor slachtoffers van mensenhandel regio Dommelstroom (2021) en het bijbehorende privacyprotocol'
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
	const row = db
		.select({ n: sql<number>`count(*)` })
		.from(user)
		.get();
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
		const caseIds = seedCases(tx, refs, now);
		const meetingIds = seedMeetings(tx, caseIds, refs.user, refs.table, now);
		seedPlans(tx, caseIds, refs.user, meetingIds, now);
		seedEscalations(tx, caseIds, refs.user, refs.table, now);
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
		daysAgo: 0,
		by: 'melder',
		source: 'reporter',
		contact: 'toestel 4412',
		description:
			'Aan de balie stond een jonge vrouw die geen Nederlands sprak. Een man beantwoordde alle vragen voor haar en hield haar paspoort vast. Ze keek steeds naar hem voordat ze iets deed.',
		location: 'other',
		forms: ['sexual'],
		indicators: ['someone_speaks_for_them', 'no_id_papers', 'fear_injuries_control'],
		urgency: 'high',
		status: 'received'
	},
	{
		daysAgo: 1,
		by: 'coordinator.veiligheid',
		source: 'citizen',
		external: 'buurtbewoner (anoniem verzoek)',
		contact: '06-00000001 (fictief)',
		description:
			'Buurtbewoner ziet elke ochtend om 5 uur een busje dat ongeveer twaalf mannen ophaalt bij een rijtjeshuis. Er lijken veel meer mensen te wonen dan er passen.',
		location: 'home',
		address: 'Molenstraat, Dommelstroom (fictief)',
		forms: ['labour'],
		indicators: ['many_registered_at_address', 'transport_dependent', 'employer_housing'],
		urgency: 'normal',
		status: 'received'
	},
	{
		daysAgo: 2,
		by: 'coordinator.veiligheid',
		source: 'partner',
		external: 'Wijkteam Dommelstroom-Noord',
		contact: 'wijkteam-noord@dommelstroom.example',
		description:
			'Een jongen van ongeveer 15 jaar wordt door oudere jongens ingezet om pakketjes rond te brengen. Hij zegt een schuld te moeten afbetalen.',
		location: 'station',
		forms: ['criminal'],
		indicators: ['appears_minor', 'minor_committing_crimes', 'drug_debt'],
		urgency: 'acute',
		status: 'in_triage',
		notes: ['Navraag bij leerplicht: jongen is sinds zes weken niet op school geweest.']
	},
	{
		daysAgo: 4,
		by: 'melder',
		source: 'reporter',
		contact: 'toestel 4412',
		description:
			'Een vrouw vroeg hulp bij het aanvragen van een uitkering. Ze wist haar eigen adres niet en zei dat haar "baas" alles regelt.',
		location: 'other',
		forms: ['labour'],
		indicators: ['no_own_address', 'debts'],
		urgency: 'normal',
		status: 'forwarded',
		forward: {
			partner: 'zorgcoordinator',
			reason: 'Mogelijk slachtoffer; zorgcoördinator neemt contact op via het wijkteam.'
		},
		feedback: {
			text: 'Dank voor uw signaal. We hebben het doorgegeven aan de partner die hier het beste mee verder kan. Om de privacy van de betrokkenen te beschermen kunnen we u niet meer vertellen.',
			sent: true
		}
	},
	{
		daysAgo: 6,
		by: 'coordinator.veiligheid',
		source: 'anonymous',
		description:
			'Anonieme tip via het meldpunt: in een nagelsalon aan de Marktweg werken meisjes die er ook lijken te slapen.',
		location: 'nail_salon',
		address: 'Marktweg (fictief)',
		forms: ['labour', 'sexual'],
		indicators: ['lives_at_workplace', 'long_hours_no_breaks'],
		urgency: 'high',
		status: 'forwarded',
		forward: { partner: 'labour_inspectorate', reason: 'Controle arbeidsomstandigheden en huisvesting.' }
	},
	{
		daysAgo: 9,
		by: 'coordinator.zorg',
		source: 'partner',
		external: 'Huisartsenpraktijk De Linde (fictief)',
		description:
			'Patiënt met onverklaard litteken in de flank; vertelt onder druk naar het buitenland te zijn gereisd voor een "behandeling" in ruil voor kwijtschelding van een schuld.',
		location: 'other',
		forms: ['organ_removal'],
		indicators: ['unexplained_surgery', 'travel_for_treatment', 'payment_for_organ'],
		urgency: 'high',
		status: 'converted'
	},
	{
		daysAgo: 12,
		by: 'coordinator.veiligheid',
		source: 'partner',
		external: 'Politie Basisteam Dommelstroom',
		description:
			'Bij een woninginval in een hennepkwekerij trof de politie twee jonge mannen aan die er woonden en geen eigen papieren hadden.',
		location: 'home',
		forms: ['criminal', 'labour'],
		indicators: ['cannabis_farm', 'no_id_papers', 'lives_at_workplace'],
		urgency: 'high',
		status: 'converted'
	},
	{
		daysAgo: 15,
		by: 'melder',
		source: 'reporter',
		contact: 'toestel 4412',
		description: 'Een man kwam een adreswijziging doen voor vijf personen tegelijk naar hetzelfde adres.',
		location: 'home',
		forms: [],
		indicators: ['many_registered_at_address'],
		urgency: 'normal',
		status: 'closed_no_action',
		closedReason:
			'Betreft een gezin met volwassen kinderen; geen aanwijzingen voor uitbuiting na huisbezoek.',
		feedback: {
			text: 'Dank voor uw signaal. We hebben het zorgvuldig bekeken en zien op dit moment geen aanleiding voor verdere stappen. Ziet u opnieuw iets, meld het dan gerust weer.',
			sent: true
		}
	},
	{
		daysAgo: 20,
		by: 'coordinator.veiligheid',
		source: 'citizen',
		external: 'medewerker camping De Dommel (fictief)',
		description:
			'Op een vakantiepark verblijven al maanden arbeidsmigranten in stacaravans; de uitzender houdt huur in op het loon.',
		location: 'holiday_park',
		forms: ['labour'],
		indicators: ['deductions', 'employer_housing', 'pay_below_minimum'],
		urgency: 'normal',
		status: 'in_triage'
	},
	{
		daysAgo: 35,
		by: 'coordinator.veiligheid',
		source: 'partner',
		external: 'Veilig Thuis Dommelstroom',
		description:
			'Meisje van 17 krijgt dure cadeaus van een oudere vriend en heeft het contact met haar familie verbroken.',
		location: 'online',
		forms: ['sexual'],
		indicators: ['loverboy_pattern', 'appears_minor', 'isolated'],
		urgency: 'high',
		status: 'forwarded',
		forward: {
			partner: 'veilig_thuis',
			reason: 'Minderjarige: Veilig Thuis en jeugdbescherming zijn aan zet.'
		}
	},
	{
		daysAgo: 200,
		by: 'melder',
		source: 'reporter',
		contact: 'toestel 4412',
		description: 'Oud signaal: schoonmaakploeg bij station werkt zonder pauzes.',
		location: 'station',
		forms: ['labour'],
		indicators: ['long_hours_no_breaks'],
		urgency: 'normal',
		status: 'closed_no_action',
		closedReason: 'Werkgever gecontroleerd; in orde.'
	},
	{
		daysAgo: 3,
		by: 'coordinator.kempenveld',
		source: 'citizen',
		municipality: 'Kempenveld',
		external: 'inwoner Kempenveld',
		description:
			'Signaal uit een andere gemeente: vrachtwagen met arbeiders op bedrijventerrein Kempenveld-Oost.',
		location: 'business_park',
		forms: ['labour'],
		indicators: ['transport_dependent'],
		urgency: 'normal',
		status: 'received'
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
		const coordinator =
			refs.user[d.municipality === 'Kempenveld' ? 'coordinator.kempenveld' : 'coordinator.veiligheid'];
		const event = (
			kind: SignalEventKind,
			offsetHours: number,
			detail: string | null = null,
			userId = coordinator
		) =>
			tx
				.insert(signalEvent)
				.values({
					signalId: row.id,
					at: new Date(receivedAt.getTime() + offsetHours * 3_600_000),
					userId,
					kind,
					detail
				})
				.run();
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

interface DemoCase {
	key: string;
	kind: CaseKind;
	subject: {
		key: string;
		kind: SubjectKind;
		label: string;
		dob?: string;
		nationality?: string;
		residence?: ResidenceCategory;
	};
	forms: Form[];
	status: CaseStatus;
	phase: number;
	tables: string[];
	owner: string;
	caseLead?: string;
	processLead?: string;
	participants?: string[];
	daysAgo: number;
	/** Days from today to the end of the reflection period / COSM stay (started three months before at most). */
	reflectionEndsIn?: number;
	cosmEndsIn?: number;
	zorg?: {
		careNeeds: string;
		health?: string;
		shelter?: string;
		consent?: 'given' | 'not_asked';
		minor?: boolean;
	};
	veiligheid?: {
		policeInfo: string;
		investigation?: string;
		bibobInfo?: string;
		interventions?: Array<{
			kind: 'bibob_screening' | 'closure' | 'inspection' | 'penalty_order';
			status: 'planned' | 'in_progress' | 'done';
		}>;
	};
	signal?: number;
	linkTo?: string[];
}

/**
 * About a dozen fictitious cases: victim cases on the Zorgtafel (seen by zorg and veiligheid,
 * each in their own compartment), perpetrator cases only on the AVO and Stuurtafel, one ZVH case,
 * and "Jay" — a victim of criminal exploitation who is also a suspect in a perpetrator case.
 */
const CASES: DemoCase[] = [
	{
		key: 'anna',
		kind: 'victim',
		subject: {
			key: 'anna',
			kind: 'person',
			label: 'A.K.',
			dob: '1999-03-14',
			nationality: 'Nigeriaanse',
			residence: 'third_country'
		},
		forms: ['sexual'],
		status: 'plan_agreed',
		phase: 2,
		tables: ['zorgtafel'],
		owner: 'coordinator.zorg',
		caseLead: 'zorg',
		daysAgo: 80,
		reflectionEndsIn: 9,
		cosmEndsIn: 9,
		zorg: {
			careNeeds: 'Veilige opvang, traumabehandeling, juridisch advies over de B8-regeling.',
			health: 'Onder behandeling bij de huisarts; verwijzing GGZ aangevraagd.',
			shelter: 'COSM-opvang, locatie bekend bij de zorgcoördinator.',
			consent: 'given'
		},
		veiligheid: {
			policeInfo: 'Aangifte opgenomen door AVIM; onderzoek naar de pooier loopt.',
			investigation: 'Onderzoek "Linde" (fictief).'
		}
	},
	{
		key: 'bogdan',
		kind: 'victim',
		subject: {
			key: 'bogdan',
			kind: 'person',
			label: 'B.P.',
			dob: '1988-07-02',
			nationality: 'Roemeense',
			residence: 'eu'
		},
		forms: ['labour'],
		status: 'in_progress',
		phase: 2,
		tables: ['zorgtafel'],
		owner: 'coordinator.zorg',
		daysAgo: 60,
		zorg: {
			careNeeds: 'Huisvesting via de Wmo en hulp bij een nieuwe baan.',
			shelter: 'Maatschappelijke opvang Dommelstroom.',
			consent: 'given'
		},
		veiligheid: { policeInfo: 'Werkgever eerder in beeld bij de Arbeidsinspectie.' }
	},
	{
		key: 'chloe',
		kind: 'victim',
		subject: {
			key: 'chloe',
			kind: 'person',
			label: 'C.',
			dob: '2010-05-20',
			nationality: 'Nederlandse',
			residence: 'nl'
		},
		forms: ['sexual'],
		status: 'in_discussion',
		phase: 3,
		tables: ['zorgtafel'],
		owner: 'coordinator.zorg',
		processLead: 'coordinator.veiligheid',
		daysAgo: 20,
		zorg: {
			careNeeds: 'Jeugdbescherming betrokken; gezinsvoogd via Veilig Thuis.',
			health: 'Geen bijzonderheden bekend.',
			minor: true,
			consent: 'not_asked'
		},
		veiligheid: { policeInfo: 'Vermoedelijke loverboy in beeld bij de zedenpolitie.' }
	},
	{
		key: 'dmitri',
		kind: 'victim',
		subject: {
			key: 'dmitri',
			kind: 'person',
			label: 'D.V.',
			dob: '1995-11-30',
			nationality: 'Oekraïense',
			residence: 'asylum'
		},
		forms: ['labour'],
		status: 'registered',
		phase: 1,
		tables: ['zorgtafel'],
		owner: 'coordinator.zorg',
		daysAgo: 5,
		zorg: { careNeeds: 'Opvang in het azc; contact met COA-casemanager.', consent: 'not_asked' }
	},
	{
		key: 'jay',
		kind: 'victim',
		subject: {
			key: 'jay',
			kind: 'person',
			label: 'J.',
			dob: '2007-09-01',
			nationality: 'Nederlandse',
			residence: 'nl'
		},
		forms: ['criminal'],
		status: 'in_discussion',
		phase: 2,
		tables: ['zorgtafel'],
		owner: 'coordinator.zorg',
		daysAgo: 12,
		signal: 7,
		zorg: {
			careNeeds: 'Schuldhulp en begeleid wonen; gesprek met jongerenwerker.',
			health: 'Middelengebruik, in behandeling.',
			consent: 'given'
		},
		veiligheid: { policeInfo: 'Aangetroffen in een hennepkwekerij; verhoor als slachtoffer gepland.' }
	},
	{
		key: 'eva',
		kind: 'victim',
		subject: {
			key: 'eva',
			kind: 'person',
			label: 'E.M.',
			dob: '1990-01-15',
			nationality: 'Braziliaanse',
			residence: 'third_country'
		},
		forms: ['organ_removal'],
		status: 'registered',
		phase: 1,
		tables: ['zorgtafel'],
		owner: 'coordinator.zorg',
		daysAgo: 9,
		signal: 6,
		reflectionEndsIn: 70,
		zorg: {
			careNeeds: 'Medisch onderzoek en psychosociale steun.',
			health: 'Litteken in de flank, nader onderzoek nodig.',
			consent: 'not_asked'
		}
	},
	{
		key: 'farah',
		kind: 'victim',
		subject: {
			key: 'farah',
			kind: 'person',
			label: 'F.A.',
			dob: '2001-02-11',
			nationality: 'Marokkaanse',
			residence: 'third_country'
		},
		forms: ['sexual', 'criminal'],
		status: 'in_progress',
		phase: 4,
		tables: ['zvh'],
		owner: 'procesregisseur.zvh',
		caseLead: 'coordinator.zorg',
		processLead: 'procesregisseur.zvh',
		daysAgo: 40,
		cosmEndsIn: 20,
		zorg: {
			careNeeds: 'Integrale aanpak: opvang, schuldhulp, veiligheidsplan.',
			shelter: 'Anonieme opvang buiten de regio.',
			consent: 'given'
		},
		veiligheid: {
			policeInfo: 'Dreiging vanuit het netwerk van de uitbuiter; veiligheidsadvies politie.',
			investigation: 'Lopend strafrechtelijk onderzoek.'
		}
	},
	{
		key: 'closed',
		kind: 'victim',
		subject: {
			key: 'gina',
			kind: 'person',
			label: 'G.T.',
			dob: '1985-06-06',
			nationality: 'Bulgaarse',
			residence: 'eu'
		},
		forms: ['labour'],
		status: 'closed',
		phase: 1,
		tables: ['zorgtafel'],
		owner: 'coordinator.zorg',
		daysAgo: 150,
		zorg: { careNeeds: 'Teruggekeerd naar familie; nazorg afgerond.', consent: 'given' }
	},
	{
		key: 'horeca',
		kind: 'perpetrator',
		subject: { key: 'horeca', kind: 'organisation', label: 'Uitzendbureau Snelwerk BV (fictief)' },
		forms: ['labour'],
		status: 'in_preparation',
		phase: 2,
		tables: ['avo'],
		owner: 'coordinator.veiligheid',
		daysAgo: 30,
		linkTo: ['bogdan'],
		veiligheid: {
			policeInfo: 'Meerdere meldingen van onderbetaling; directeur eerder veroordeeld.',
			bibobInfo: 'Bibob-advies aangevraagd bij het Landelijk Bureau Bibob.',
			interventions: [
				{ kind: 'bibob_screening', status: 'in_progress' },
				{ kind: 'inspection', status: 'planned' }
			]
		}
	},
	{
		key: 'salon',
		kind: 'perpetrator',
		subject: { key: 'salon', kind: 'premises', label: 'Marktweg 12, Dommelstroom (fictief)' },
		forms: ['labour', 'sexual'],
		status: 'in_progress',
		phase: 3,
		tables: ['avo', 'stuurtafel'],
		owner: 'coordinator.veiligheid',
		caseLead: 'veiligheid',
		daysAgo: 25,
		signal: 5,
		veiligheid: {
			policeInfo: 'Controle NLA: vier werknemers zonder contract, slapen in het pand.',
			investigation: 'Financieel onderzoek naar de eigenaar.',
			interventions: [
				{ kind: 'closure', status: 'planned' },
				{ kind: 'inspection', status: 'done' }
			]
		}
	},
	{
		key: 'pimp',
		kind: 'perpetrator',
		subject: {
			key: 'pimp',
			kind: 'person',
			label: 'K.L.',
			dob: '1980-04-04',
			nationality: 'Nederlandse',
			residence: 'nl'
		},
		forms: ['sexual'],
		status: 'registered',
		phase: 1,
		tables: ['avo'],
		owner: 'coordinator.veiligheid',
		daysAgo: 15,
		linkTo: ['anna'],
		veiligheid: { policeInfo: 'Verdachte in onderzoek "Linde"; antecedenten voor geweld.' }
	},
	{
		key: 'jay-suspect',
		kind: 'perpetrator',
		subject: { key: 'jay', kind: 'person', label: 'J.' },
		forms: ['criminal'],
		status: 'in_preparation',
		phase: 2,
		tables: ['avo', 'stuurtafel'],
		owner: 'coordinator.veiligheid',
		daysAgo: 10,
		linkTo: ['jay'],
		veiligheid: {
			policeInfo: 'Verdachte van drugshandel; mogelijk zelf slachtoffer van criminele uitbuiting.',
			investigation: 'Afstemming met OM over slachtofferschap.'
		}
	},
	{
		key: 'kwekerij',
		kind: 'perpetrator',
		subject: { key: 'kwekerij', kind: 'premises', label: 'Industrieweg 7, Dommelstroom (fictief)' },
		forms: ['criminal', 'labour'],
		status: 'in_progress',
		phase: 3,
		tables: ['stuurtafel'],
		owner: 'voorzitter.stuurtafel',
		daysAgo: 12,
		signal: 7,
		veiligheid: {
			policeInfo: 'Hennepkwekerij geruimd; twee uitgebuite jongemannen aangetroffen.',
			interventions: [
				{ kind: 'closure', status: 'in_progress' },
				{ kind: 'penalty_order', status: 'planned' }
			]
		}
	}
];

function isoDay(base: Date, days: number): string {
	return new Date(base.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

function seedCases(tx: Tx, refs: SeedRefs, now: Date): Map<string, number> {
	const subjects = new Map<string, number>();
	const caseIds = new Map<string, number>();
	const counters = { victim: 0, perpetrator: 0 };
	const year = now.toISOString().slice(0, 4);
	const signalIds = tx.select({ id: signal.id, reference: signal.reference }).from(signal).all();
	const ordered = [...CASES].sort((a, b) => b.daysAgo - a.daysAgo);
	for (const c of ordered) {
		const createdAt = new Date(now.getTime() - c.daysAgo * 86_400_000);
		let subjectId = subjects.get(c.subject.key);
		if (subjectId === undefined) {
			subjectId = tx
				.insert(subject)
				.values({
					kind: c.subject.kind,
					label: c.subject.label,
					dateOfBirth: c.subject.dob ?? null,
					nationality: c.subject.nationality ?? null,
					residenceCategory: c.subject.residence ?? null,
					createdBy: refs.user[c.owner]
				})
				.returning({ id: subject.id })
				.get().id;
			subjects.set(c.subject.key, subjectId);
		}
		counters[c.kind] += 1;
		const reference = `${c.kind === 'victim' ? 'S' : 'D'}-${year}-${String(counters[c.kind]).padStart(4, '0')}`;
		const reflection =
			c.reflectionEndsIn !== undefined
				? { start: isoDay(now, c.reflectionEndsIn - 80), end: isoDay(now, c.reflectionEndsIn) }
				: null;
		const cosm =
			c.cosmEndsIn !== undefined
				? { start: isoDay(now, c.cosmEndsIn - 80), end: isoDay(now, c.cosmEndsIn) }
				: null;
		const id = tx
			.insert(caseFile)
			.values({
				reference,
				kind: c.kind,
				subjectId,
				forms: c.forms,
				status: c.status,
				avePhase: c.phase,
				ownerId: refs.user[c.owner],
				caseLeadId: c.caseLead ? refs.user[c.caseLead] : null,
				processLeadId: c.processLead ? refs.user[c.processLead] : null,
				reflectionStart: reflection?.start ?? null,
				reflectionEnd: reflection?.end ?? null,
				cosmStart: cosm?.start ?? null,
				cosmEnd: cosm?.end ?? null,
				createdAt,
				createdBy: refs.user[c.owner],
				closedAt: c.status === 'closed' ? new Date(createdAt.getTime() + 60 * 86_400_000) : null
			})
			.returning({ id: caseFile.id })
			.get().id;
		caseIds.set(c.key, id);
		const consentGiven = c.zorg?.consent === 'given';
		tx.insert(caseZorg)
			.values({
				caseId: id,
				careNeeds: c.zorg?.careNeeds ?? null,
				health: c.zorg?.health ?? null,
				shelter: c.zorg?.shelter ?? null,
				consentStatus: c.zorg?.consent ?? 'not_asked',
				consentBy: consentGiven ? (c.zorg?.minor ? 'parent_guardian' : 'person') : null,
				consentDate: consentGiven ? isoDay(createdAt, 3) : null,
				consentScope: consentGiven
					? 'Delen met de partners van de Zorgtafel en registratie bij CoMensha.'
					: null,
				sharingWeighing: consentGiven
					? null
					: 'Acute zorgen over de veiligheid wegen zwaarder dan het ontbreken van toestemming; alleen noodzakelijke gegevens worden gedeeld.',
				covenantArticle: consentGiven ? null : 'Convenant Zorgtafel, art. 7 lid 2 (fictief)',
				informed: consentGiven ? true : null,
				comensha:
					c.kind === 'perpetrator' ? 'not_applicable' : consentGiven ? 'registered' : 'consent_missing',
				comenshaBy: c.kind === 'victim' && consentGiven ? 'other' : null,
				updatedAt: c.zorg ? createdAt : null,
				updatedBy: c.zorg ? refs.user[c.owner] : null
			})
			.run();
		tx.insert(caseVeiligheid)
			.values({
				caseId: id,
				policeInfo: c.veiligheid?.policeInfo ?? null,
				investigation: c.veiligheid?.investigation ?? null,
				bibobInfo: c.veiligheid?.bibobInfo ?? null,
				updatedAt: c.veiligheid ? createdAt : null,
				updatedBy: c.veiligheid ? refs.user['veiligheid'] : null
			})
			.run();
		for (const iv of c.veiligheid?.interventions ?? []) {
			tx.insert(caseIntervention)
				.values({
					caseId: id,
					kind: iv.kind,
					status: iv.status,
					decidedOn: iv.status === 'planned' ? null : isoDay(createdAt, 7),
					createdAt,
					createdBy: refs.user['coordinator.veiligheid']
				})
				.run();
		}
		for (let p = 1; p <= c.phase; p++) {
			tx.insert(casePhase)
				.values({
					caseId: id,
					phase: p,
					at: new Date(createdAt.getTime() + (p - 1) * 86_400_000),
					byUserId: refs.user[c.owner]
				})
				.run();
		}
		for (const t of c.tables)
			tx.insert(caseTable)
				.values({ caseId: id, tableId: refs.table[t], addedAt: createdAt, addedBy: refs.user[c.owner] })
				.run();
		for (const p of c.participants ?? [])
			tx.insert(caseParticipant)
				.values({ caseId: id, userId: refs.user[p], invitedBy: refs.user[c.owner], invitedAt: createdAt })
				.run();
		tx.insert(caseEvent)
			.values({
				caseId: id,
				at: createdAt,
				userId: refs.user[c.owner],
				kind: 'created',
				compartment: 'shared'
			})
			.run();
		if (c.zorg)
			tx.insert(caseEvent)
				.values({
					caseId: id,
					at: createdAt,
					userId: refs.user[c.owner],
					kind: 'zorg_updated',
					compartment: 'zorg'
				})
				.run();
		if (c.veiligheid)
			tx.insert(caseEvent)
				.values({
					caseId: id,
					at: createdAt,
					userId: refs.user['veiligheid'],
					kind: 'veiligheid_updated',
					compartment: 'veiligheid'
				})
				.run();
		if (c.signal !== undefined) {
			// Signals are numbered by age in the demo: `signal` is the n-th oldest.
			const sig = signalIds[c.signal - 1];
			if (sig) {
				tx.insert(caseSignal).values({ caseId: id, signalId: sig.id }).onConflictDoNothing().run();
				tx.insert(caseEvent)
					.values({
						caseId: id,
						at: createdAt,
						userId: refs.user[c.owner],
						kind: 'from_signal',
						compartment: 'shared',
						detail: sig.reference
					})
					.run();
			}
		}
		for (const other of c.linkTo ?? []) {
			const otherId = caseIds.get(other);
			if (otherId === undefined) continue;
			const [a, b] = otherId < id ? [otherId, id] : [id, otherId];
			tx.insert(caseLink).values({ caseA: a, caseB: b, createdAt, createdBy: refs.user[c.owner] }).run();
		}
	}
	// Converted demo signals point to the cases made from them.
	for (const row of tx.select({ signalId: caseSignal.signalId }).from(caseSignal).all()) {
		tx.update(signal).set({ status: 'converted' }).where(eq(signal.id, row.signalId)).run();
	}
	return caseIds;
}
