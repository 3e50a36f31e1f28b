// Waldur client conformance: the SDK that @hey-api/openapi-ts generates from Waldur's contract
// (as Waldur's published waldur-js-client is generated), run against a live Vigil. Every check
// prints one line (PASS or FAIL), then `N passed, M failed`; the exit code is 1 on any failure.
//
// Inputs (environment):
//   VIGIL_BASE_URL     e.g. http://localhost:8080
//   VIGIL_STAFF_TOKEN  key of a staff user
//   VIGIL_USER_TOKEN   key of a user with a role on some offerings only
//   VIGIL_EXPECTED     JSON file with what the server holds (see Expected below)
import { readFileSync } from 'node:fs';

import type { Auth } from '../generated/client';
import { client } from '../generated/client.gen';
import {
	marketplaceIntegrationStatusesCount,
	marketplaceIntegrationStatusesList,
	marketplaceIntegrationStatusesRetrieve,
} from '../generated/sdk.gen';
import type {
	AgentTypeEnum,
	IntegrationStatusDetails,
	IntegrationStatusDetailsStatusEnum,
	MarketplaceIntegrationStatusesListData,
} from '../generated/types.gen';

/** One integration status as the server holds it, in creation order. */
type ExpectedItem = {
	uuid: string;
	agent_type: string;
	status: string;
	last_request_timestamp: string | null;
	offering_uuid: string;
	offering_slug: string;
	customer_uuid: string;
	parent_offering_uuid: string | null;
	visible_to_user: boolean;
};

type Expected = { items: ExpectedItem[] };

type Query = NonNullable<MarketplaceIntegrationStatusesListData['query']>;

// The contract's enums, spelled out so that a change in the contract breaks the type check.
const AGENT_TYPES: Record<AgentTypeEnum, number> = {
	'Order processing': 1,
	'Usage reporting': 2,
	'Glauth sync': 3,
	'Resource sync': 4,
	'Event processing': 5,
	unknown: 0,
};
const STATUSES: Record<IntegrationStatusDetailsStatusEnum, true> = { Active: true, Disconnected: true, Unknown: true };
const REQUIRED = ['agent_type', 'status', 'last_request_timestamp', 'offering', 'url'] as const;

function env(name: string): string {
	const value = process.env[name];
	if (!value) {
		console.error(`conformance: ${name} is not set`);
		process.exit(2);
	}
	return value;
}

const base = env('VIGIL_BASE_URL').replace(/\/$/, '');
const staffKey = env('VIGIL_STAFF_TOKEN');
const userKey = env('VIGIL_USER_TOKEN');
const expected: Expected = JSON.parse(readFileSync(env('VIGIL_EXPECTED'), 'utf8'));
const all = expected.items;
const byUuid = new Map(all.map((item) => [item.uuid, item]));

// Every request, as handed to fetch: what goes on the wire.
type Sent = { method: string; url: URL; authorization: string | null };
const sent: Sent[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
	const request = new Request(input, init);
	sent.push({ method: request.method, url: new URL(request.url), authorization: request.headers.get('authorization') });
	return fetch(request);
};

client.setConfig({ baseUrl: base, fetch: recordingFetch });

/**
 * Waldur's docs pass `auth: "Token <key>"`. The generated client offers that value to every
 * security scheme of the operation in turn (waldurTokenAuth, then the two bearer schemes), and the
 * last one wins: the header becomes `Bearer Token <key>`. A callback that answers only the apiKey
 * scheme (waldurTokenAuth, header Authorization) makes it go out as `Token <key>`.
 */
const tokenAuth = (key: string) => (scheme: Auth) => (scheme.type === 'apiKey' ? `Token ${key}` : undefined);
const staff = tokenAuth(staffKey);
const user = tokenAuth(userKey);

// ---------------------------------------------------------------------------------------------
// What the server should answer, computed from the expected data (Waldur's list rules)

const hex = (uuid: string) => uuid.replace(/-/g, '').toLowerCase();
const hyphenated = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
const offeringUrl = (uuid: string) => `${base}/api/marketplace-provider-offerings/${uuid}/`;
const statusUrl = (uuid: string) => `${base}/api/marketplace-integration-statuses/${uuid}/`;

function matching(query: Query, items: ExpectedItem[] = all): ExpectedItem[] {
	let result = items.filter((item) => {
		if (query.agent_type !== undefined) {
			const wanted = query.agent_type.toLowerCase();
			const code = AGENT_TYPES[item.agent_type as AgentTypeEnum];
			if (item.agent_type.toLowerCase() !== wanted && String(code) !== wanted) return false;
		}
		if (query.customer_uuid !== undefined && item.customer_uuid !== hex(query.customer_uuid)) return false;
		if (query.offering !== undefined && offeringUrl(item.offering_uuid) !== query.offering) return false;
		if (query.offering_slug !== undefined && !query.offering_slug.includes(item.offering_slug)) return false;
		if (query.offering_uuid !== undefined && !query.offering_uuid.map(hex).includes(item.offering_uuid)) return false;
		if (query.parent_offering_uuid !== undefined && item.parent_offering_uuid !== hex(query.parent_offering_uuid)) {
			return false;
		}
		if (query.status !== undefined && !query.status.some((s) => s.toLowerCase() === item.status.toLowerCase())) {
			return false;
		}
		return true;
	});
	for (const o of [...(query.o ?? [])].reverse()) {
		// stable sorts, last key first; timestamps share one format, so strings compare as times
		const descending = o.startsWith('-');
		result = [...result].sort((a, b) => {
			const x = a.last_request_timestamp;
			const y = b.last_request_timestamp;
			if (x === y) return 0;
			if (x === null) return descending ? -1 : 1;
			if (y === null) return descending ? 1 : -1;
			return (x < y ? -1 : 1) * (descending ? -1 : 1);
		});
	}
	return result;
}

function paged(items: ExpectedItem[], query: Query): ExpectedItem[] {
	const size = query.page_size === undefined || query.page_size <= 0 ? 10 : Math.min(query.page_size, 300);
	const page = query.page ?? 1;
	return items.slice((page - 1) * size, page * size);
}

// ---------------------------------------------------------------------------------------------
// Checks

let passed = 0;
let failed = 0;

/** Runs one check; a check may return a note on what it saw, printed after its name. */
async function check(name: string, body: () => Promise<void | string> | void | string): Promise<void> {
	try {
		const note = await body();
		passed++;
		console.log(`PASS ${name}${note ? ` (${note})` : ''}`);
	} catch (error) {
		failed++;
		console.log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
	}
}

function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

function equal<T>(actual: T, wanted: T, what: string): void {
	const a = JSON.stringify(actual);
	const w = JSON.stringify(wanted);
	assert(a === w, `${what}: expected ${w}, got ${a}`);
}

/** An SDK call's result, which has a response unless the request never reached the server. */
async function sdk<T extends { response?: Response; error?: unknown }>(call: Promise<T>): Promise<T & { response: Response }> {
	const result = await call;
	assert(result.response, `no response: ${String(result.error)}`);
	return result as T & { response: Response };
}

/** Every item any response showed, with the label of the request that showed it. */
const seen: Array<{ item: IntegrationStatusDetails; where: string }> = [];

function uuidOf(item: IntegrationStatusDetails): string {
	const match = /\/api\/marketplace-integration-statuses\/([0-9a-f]{32})\/$/.exec(item.url);
	assert(match, `url ${item.url} is not a link to an integration status`);
	return match[1];
}

/** Lists through the SDK; checks the status, X-Result-Count and the page against the expectation. */
async function list(name: string, query: Query, wanted: ExpectedItem[], auth = staff) {
	const { data, response, error } = await sdk(marketplaceIntegrationStatusesList({ auth, query }));
	assert(response.status === 200, `status ${response.status} ${JSON.stringify(error)}`);
	assert(Array.isArray(data), `body is not an array: ${JSON.stringify(data)}`);
	assert(response.headers.get('content-type')?.startsWith('application/json'), 'Content-Type is not application/json');
	data.forEach((item) => seen.push({ item, where: name }));
	equal(response.headers.get('x-result-count'), String(wanted.length), 'X-Result-Count');
	equal(data.map(uuidOf), paged(wanted, query).map((i) => i.uuid), 'uuids in order');
	return { data, response };
}

/** A filter that selects everything or nothing proves nothing; the dataset must exercise it. */
function selective(items: ExpectedItem[], of: ExpectedItem[] = all): ExpectedItem[] {
	assert(items.length > 0 && items.length < of.length, `the dataset does not exercise this filter (${items.length} of ${of.length})`);
	return items;
}

/** The query string of the last request the SDK sent. */
function lastQuery(): URLSearchParams {
	const last = sent[sent.length - 1];
	assert(last, 'no request was sent');
	return last.url.searchParams;
}

function links(response: Response): Map<string, string> {
	const result = new Map<string, string>();
	for (const match of (response.headers.get('link') ?? '').matchAll(/<([^>]*)>\s*;\s*rel="([^"]+)"/g)) {
		result.set(match[2], match[1]);
	}
	return result;
}

/**
 * Fetches the first page through the SDK, then follows rel="next" with plain fetch (same
 * credentials) to the end; returns the uuids in the order seen and the number of pages.
 */
async function walk(name: string, query: Query, key: string, auth = staff) {
	const { data, response } = await sdk(marketplaceIntegrationStatusesList({ auth, query }));
	assert(response.status === 200 && Array.isArray(data), `first page: status ${response.status}`);
	const uuids = data.map(uuidOf);
	data.forEach((item) => seen.push({ item, where: name }));
	const count = response.headers.get('x-result-count');
	let rels = links(response);
	assert(rels.has('first') && rels.has('last'), `first page Link lacks first/last: ${response.headers.get('link')}`);
	assert(!rels.has('prev'), 'first page has rel="prev"');
	let pages = 1;
	for (let next = rels.get('next'); next !== undefined; next = rels.get('next')) {
		assert(next.startsWith(`${base}/api/marketplace-integration-statuses/`), `next link is not absolute: ${next}`);
		assert(pages < 100, 'more than 100 pages: the next links loop');
		const page = await recordingFetch(next, { headers: { Authorization: `Token ${key}` } });
		assert(page.status === 200, `${next}: status ${page.status}`);
		equal(page.headers.get('x-result-count'), count, `X-Result-Count of ${next}`);
		const items = (await page.json()) as IntegrationStatusDetails[];
		items.forEach((item) => seen.push({ item, where: `${name} ${next}` }));
		uuids.push(...items.map(uuidOf));
		rels = links(page);
		assert(rels.has('prev'), `${next} has no rel="prev"`);
		pages++;
	}
	return { uuids, pages, count };
}

async function main() {
	const total = all.length;
	const visible = all.filter((i) => i.visible_to_user);
	assert(total > 20, `the expected data holds only ${total} statuses`);
	const customers = [...new Set(all.map((i) => i.customer_uuid))];
	const offerings = [...new Set(all.map((i) => i.offering_uuid))];
	const slugs = [...new Set(all.map((i) => i.offering_slug))];
	const parent = all.find((i) => i.parent_offering_uuid !== null)?.parent_offering_uuid ?? 'none';

	// -- authentication, as the generated client sends it
	await check('auth: callback for waldurTokenAuth sends "Authorization: Token <key>"', async () => {
		const { response } = await sdk(marketplaceIntegrationStatusesList({ auth: staff, query: { page_size: 1 } }));
		equal(response.status, 200, 'status');
		equal(sent[sent.length - 1].authorization, `Token ${staffKey}`, 'Authorization header');
	});
	await check('auth: the docs\' form auth: "Token <key>" is accepted as the client sends it', async () => {
		const { response } = await sdk(marketplaceIntegrationStatusesList({ auth: `Token ${staffKey}`, query: { page_size: 1 } }));
		const header = sent[sent.length - 1].authorization;
		assert(header === `Token ${staffKey}` || header === `Bearer Token ${staffKey}`, `unexpected header ${header}`);
		equal(response.status, 200, `status with "${header?.replace(staffKey, '<key>')}"`);
		return `it went out as "Authorization: ${header?.replace(staffKey, '<key>')}"`;
	});

	// -- list, one filter at a time
	await check('list: no filter, page 1 of 10 in creation order', () => list('no filter', {}, all).then(() => {}));
	await check('list: agent_type label', () => list('agent_type label', { agent_type: 'Usage reporting' },
		selective(matching({ agent_type: 'Usage reporting' }))).then(() => {}));
	await check('list: agent_type label in lower case', () => list('agent_type lower', { agent_type: 'glauth sync', page_size: 300 },
		selective(matching({ agent_type: 'glauth sync' }))).then(() => {}));
	await check('list: agent_type code', () => list('agent_type code', { agent_type: '4', page_size: 300 },
		selective(matching({ agent_type: '4' }))).then(() => {}));
	await check('list: agent_type "unknown" matches nothing', () => list('agent_type unknown', { agent_type: 'unknown' }, []).then(() => {}));
	await check('list: customer_uuid', () => list('customer_uuid', { customer_uuid: customers[0], page_size: 300 },
		selective(matching({ customer_uuid: customers[0] }))).then(() => {}));
	await check('list: customer_uuid hyphenated', () => list('customer_uuid hyphenated',
		{ customer_uuid: hyphenated(customers[1]), page_size: 300 },
		selective(matching({ customer_uuid: customers[1] }))).then(() => {}));
	await check('list: o=last_request_timestamp (null last, ties in creation order)', async () => {
		const wanted = matching({ o: ['last_request_timestamp'] });
		assert(wanted[wanted.length - 1].last_request_timestamp === null, 'the dataset has no null timestamp');
		await list('o asc', { o: ['last_request_timestamp'], page_size: 300 }, wanted);
		equal(lastQuery().getAll('o'), ['last_request_timestamp'], 'o on the wire');
	});
	await check('list: o=-last_request_timestamp (null first)', () => list('o desc',
		{ o: ['-last_request_timestamp'], page_size: 300 }, matching({ o: ['-last_request_timestamp'] })).then(() => {}));
	await check('list: offering (absolute URL)', () => list('offering', { offering: offeringUrl(offerings[1]), page_size: 300 },
		selective(matching({ offering: offeringUrl(offerings[1]) }))).then(() => {}));
	await check('list: offering_slug, two values as repeated keys', async () => {
		const query: Query = { offering_slug: [slugs[0], slugs[2]], page_size: 300 };
		await list('offering_slug', query, selective(matching(query)));
		equal(lastQuery().getAll('offering_slug'), [slugs[0], slugs[2]], 'offering_slug on the wire');
		return `sent ${sent[sent.length - 1].url.search}`;
	});
	await check('list: offering_uuid, two values (one hyphenated) as repeated keys', async () => {
		const query: Query = { offering_uuid: [offerings[0], hyphenated(offerings[3])], page_size: 300 };
		await list('offering_uuid', query, selective(matching(query)));
		equal(lastQuery().getAll('offering_uuid'), query.offering_uuid, 'offering_uuid on the wire');
	});
	await check('list: parent_offering_uuid', () => list('parent_offering_uuid',
		{ parent_offering_uuid: parent, page_size: 300 }, selective(matching({ parent_offering_uuid: parent }))).then(() => {}));
	await check('list: status, two values as repeated keys (explode)', async () => {
		const query: Query = { status: ['Active', 'Unknown'], page_size: 300 };
		await list('status', query, selective(matching(query)));
		const wire = sent[sent.length - 1].url.search;
		assert(/[?&]status=Active&status=Unknown(&|$)/.test(wire), `status on the wire: ${wire}`);
		return `sent ${wire}`;
	});
	await check('list: status, one value', () => list('status one', { status: ['Disconnected'], page_size: 300 },
		selective(matching({ status: ['Disconnected'] }))).then(() => {}));
	await check('list: page and page_size', () => list('page 2', { page: 2, page_size: 5 }, all).then(() => {}));
	await check('list: every filter at once', async () => {
		const child = all.find((i) => i.parent_offering_uuid !== null);
		assert(child, 'the dataset has no child offering');
		const query: Query = {
			agent_type: child.agent_type,
			customer_uuid: child.customer_uuid,
			o: ['-last_request_timestamp'],
			offering: offeringUrl(child.offering_uuid),
			offering_slug: [child.offering_slug, slugs[0]],
			offering_uuid: [child.offering_uuid, offerings[0]],
			parent_offering_uuid: child.parent_offering_uuid ?? undefined,
			status: [child.status as IntegrationStatusDetailsStatusEnum, 'Unknown'],
			page: 1,
			page_size: 2,
		};
		equal(matching(query).map((i) => i.uuid), [child.uuid], 'the expectation');
		await list('every filter', query, matching(query));
		const wire = lastQuery();
		equal([...new Set(wire.keys())].sort(), ['agent_type', 'customer_uuid', 'o', 'offering', 'offering_slug',
			'offering_uuid', 'page', 'page_size', 'parent_offering_uuid', 'status'], 'parameters on the wire');
	});
	await check('list: customer, two statuses, descending, page 2 of 3', async () => {
		const query: Query = { customer_uuid: customers[0], status: ['Active', 'Disconnected'], o: ['-last_request_timestamp'], page: 2, page_size: 3 };
		const wanted = selective(matching(query));
		assert(wanted.length > 3, 'the dataset has no second page for this query');
		await list('combined', query, wanted);
	});
	await check('list: a page past the end is 404 "Invalid page."', async () => {
		const { response, error } = await sdk(marketplaceIntegrationStatusesList({ auth: staff, query: { page: 99, page_size: 10 } }));
		equal(response.status, 404, 'status');
		equal(error, { detail: 'Invalid page.' }, 'body');
	});

	// -- pagination by Link rel="next"
	await check('pages: rel="next" from page 1 to the end gives every status once', async () => {
		const { uuids, pages, count } = await walk('walk', { page_size: 7 }, staffKey);
		equal(count, String(total), 'X-Result-Count');
		equal(pages, Math.ceil(total / 7), 'pages');
		equal(new Set(uuids).size, uuids.length, 'distinct uuids');
		equal(uuids, all.map((i) => i.uuid), 'uuids in creation order');
	});
	await check('pages: rel="next" keeps repeated status keys and ordering', async () => {
		const query: Query = { status: ['Active', 'Disconnected'], o: ['last_request_timestamp'], page_size: 4 };
		const wanted = selective(matching(query));
		const { uuids } = await walk('walk filtered', query, staffKey);
		equal(uuids, wanted.map((i) => i.uuid), 'uuids in order');
	});

	await check('pages: Link on page 2 has first, prev, next, last with every other parameter kept', async () => {
		const query: Query = { status: ['Active', 'Disconnected'], o: ['last_request_timestamp'], page: 2, page_size: 3 };
		const wanted = selective(matching(query));
		const last = Math.ceil(wanted.length / 3);
		assert(last >= 3, 'the dataset has no third page for this query');
		const { response } = await list('link rels', query, wanted);
		const rels = links(response);
		equal([...rels.keys()].sort(), ['first', 'last', 'next', 'prev'], 'rels');
		const pages: Record<string, string | null> = { first: null, prev: null, next: '3', last: String(last) };
		for (const [rel, page] of Object.entries(pages)) {
			const url = new URL(rels.get(rel) ?? '');
			equal(`${url.origin}${url.pathname}`, `${base}/api/marketplace-integration-statuses/`, `${rel} path`);
			equal(url.searchParams.getAll('status'), ['Active', 'Disconnected'], `${rel} status`);
			equal(url.searchParams.getAll('o'), ['last_request_timestamp'], `${rel} o`);
			equal(url.searchParams.get('page_size'), '3', `${rel} page_size`);
			equal(url.searchParams.get('page'), page, `${rel} page`);
		}
	});

	// -- count (HEAD)
	await check('count: HEAD without filters gives X-Result-Count of everything', async () => {
		const { response } = await sdk(marketplaceIntegrationStatusesCount({ auth: staff }));
		equal(sent[sent.length - 1].method, 'HEAD', 'method');
		equal(response.status, 200, 'status');
		equal(response.headers.get('x-result-count'), String(total), 'X-Result-Count');
	});
	await check('count: HEAD with filters equals the list\'s X-Result-Count', async () => {
		const query: Query = { status: ['Active', 'Unknown'], customer_uuid: customers[1], page_size: 2 };
		const wanted = selective(matching(query)).length;
		const head = await sdk(marketplaceIntegrationStatusesCount({ auth: staff, query }));
		const get = await sdk(marketplaceIntegrationStatusesList({ auth: staff, query }));
		equal(head.response.headers.get('x-result-count'), String(wanted), 'HEAD X-Result-Count');
		equal(get.response.headers.get('x-result-count'), String(wanted), 'GET X-Result-Count');
		equal(lastQuery().getAll('status'), ['Active', 'Unknown'], 'status on the wire');
	});

	// -- retrieve
	const one = all[Math.floor(total / 2)];
	await check('retrieve: one status, the same as in the list', async () => {
		const { data, response } = await sdk(marketplaceIntegrationStatusesRetrieve({ auth: staff, path: { uuid: one.uuid } }));
		equal(response.status, 200, 'status');
		assert(data, 'no body');
		seen.push({ item: data, where: 'retrieve' });
		equal(uuidOf(data), one.uuid, 'uuid');
		const listed = seen.find((s) => s.where !== 'retrieve' && s.item.url === data.url)?.item;
		assert(listed, 'the item was never listed');
		for (const field of REQUIRED) equal(data[field], listed[field], field);
	});
	await check('retrieve: a hyphenated uuid', async () => {
		const { data, response } = await sdk(marketplaceIntegrationStatusesRetrieve({ auth: staff, path: { uuid: hyphenated(one.uuid) } }));
		equal(response.status, 200, 'status');
		equal(data?.url, statusUrl(one.uuid), 'url');
	});
	await check('retrieve: an unknown uuid is 404 "Not found."', async () => {
		const { response, error } = await sdk(marketplaceIntegrationStatusesRetrieve({ auth: staff, path: { uuid: '0'.repeat(32) } }));
		equal(response.status, 404, 'status');
		equal(error, { detail: 'Not found.' }, 'body');
	});

	// -- a user with roles on some offerings only
	await check('scoped user: the pages hold exactly their statuses', async () => {
		selective(visible);
		const { uuids, count } = await walk('user walk', { page_size: 4 }, userKey, user);
		equal(count, String(visible.length), 'X-Result-Count');
		equal(uuids, visible.map((i) => i.uuid), 'uuids');
	});
	await check('scoped user: HEAD counts only their statuses', async () => {
		const { response } = await sdk(marketplaceIntegrationStatusesCount({ auth: user }));
		equal(response.headers.get('x-result-count'), String(visible.length), 'X-Result-Count');
	});
	await check('scoped user: filters apply within their statuses', async () => {
		for (const customer of customers) {
			const query: Query = { customer_uuid: customer, status: ['Active', 'Unknown', 'Disconnected'], page_size: 300 };
			await list(`user customer ${customer}`, query, matching(query, visible), user);
		}
	});
	await check('scoped user: a status of someone else\'s offering is 404', async () => {
		const other = all.find((i) => !i.visible_to_user);
		assert(other, 'the user sees everything');
		const { response } = await sdk(marketplaceIntegrationStatusesRetrieve({ auth: user, path: { uuid: other.uuid } }));
		equal(response.status, 404, 'status');
		const mine = await sdk(marketplaceIntegrationStatusesRetrieve({ auth: user, path: { uuid: visible[0].uuid } }));
		equal(mine.response.status, 200, 'status of their own');
	});

	// -- the shape of everything seen
	await check('items: every item has the five required fields with contract values', () => {
		assert(seen.length > total, `only ${seen.length} items seen`);
		for (const { item, where } of seen) {
			const at = `${where}: ${JSON.stringify(item)}`;
			for (const field of REQUIRED) assert(field in item, `${at}: no ${field}`);
			assert(Object.hasOwn(AGENT_TYPES, item.agent_type), `${at}: agent_type not in AgentTypeEnum`);
			assert(Object.hasOwn(STATUSES, item.status), `${at}: status not in IntegrationStatusDetailsStatusEnum`);
			const ts = item.last_request_timestamp;
			assert(ts === null || (typeof ts === 'string' && !Number.isNaN(Date.parse(ts))), `${at}: last_request_timestamp`);
			assert(typeof item.offering === 'string' && typeof item.url === 'string', `${at}: offering/url not strings`);
		}
	});
	await check('items: values are those stored (labels, timestamps, absolute links)', () => {
		for (const { item, where } of seen) {
			const stored = byUuid.get(uuidOf(item));
			assert(stored, `${where}: unknown item ${item.url}`);
			const at = `${where} ${stored.uuid}`;
			equal(item.agent_type, stored.agent_type, `${at} agent_type`);
			equal(item.status, stored.status, `${at} status`);
			equal(item.last_request_timestamp, stored.last_request_timestamp, `${at} last_request_timestamp`);
			equal(item.offering, offeringUrl(stored.offering_uuid), `${at} offering`);
			equal(item.url, statusUrl(stored.uuid), `${at} url`);
		}
	});
	await check('wire: every SDK request carried "Authorization: Token <key>" but the docs-form one', () => {
		const odd = sent.filter((s) => s.authorization !== `Token ${staffKey}` && s.authorization !== `Token ${userKey}`);
		equal(odd.length, 1, `requests with another Authorization (${odd.map((s) => s.authorization?.split(' ')[0]).join(', ')})`);
		assert(sent.length > 30, `only ${sent.length} requests sent`);
	});
}

main()
	.catch((error) => {
		failed++;
		console.log(`FAIL conformance run: ${error instanceof Error ? error.stack : String(error)}`);
	})
	.finally(() => {
		console.log(`${passed} passed, ${failed} failed`);
		process.exitCode = failed === 0 ? 0 : 1;
	});
