package org.vigil.mirror;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.vigil.web.Uuids;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Waldur as far as the mirror sees it: {@code /api/marketplace-provider-offerings/} and
 * {@code /api/marketplace-integration-statuses/} answering as Waldur's serializers and
 * paginator do (every field of the serializer, {@code Link} and {@code X-Result-Count},
 * page sizes capped, {@code o} and {@code status} filters, 401 {@code {"detail": "Invalid
 * token."}}), plus faults a test can switch on.
 */
final class FakeWaldur implements AutoCloseable {

	static final String TOKEN = "fake-waldur-token-0123456789";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")
		.withZone(ZoneOffset.UTC);

	private final HttpServer server;

	final Map<UUID, Map<String, Object>> offerings = new LinkedHashMap<>();

	final Map<UUID, FakeStatus> statuses = new LinkedHashMap<>();

	/**
	 * Waldur's site-agent registry, items as its serializers write them; null: a Waldur
	 * without it (404).
	 */
	volatile Registry registry;

	/**
	 * When set, the registry's lists answer 403, as to a token that may not read them.
	 */
	volatile boolean registryForbidden;

	/** Every request's path and query, in order. */
	final List<String> requests = new CopyOnWriteArrayList<>();

	volatile int maxPageSize = 3;

	volatile Fault fault = Fault.NONE;

	/** When set, every list page is empty and has a next page on the same origin. */
	volatile boolean endlessPages;

	FakeWaldur() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/api/", this::handle);
		this.server.start();
	}

	String api() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/api/";
	}

	synchronized UUID offering(UUID customer, String customerName, String name, UUID parent) {
		UUID uuid = UUID.randomUUID();
		Map<String, Object> o = new LinkedHashMap<>();
		o.put("url", api() + "marketplace-provider-offerings/" + Uuids.hex(uuid) + "/");
		o.put("uuid", Uuids.hex(uuid));
		o.put("created", "2025-01-02T03:04:05.678901Z");
		o.put("name", name);
		o.put("slug", name.toLowerCase().replaceAll("[^a-z0-9]+", "-"));
		o.put("description", "A cluster");
		o.put("customer", api() + "customers/" + Uuids.hex(customer) + "/");
		o.put("customer_uuid", Uuids.hex(customer));
		o.put("customer_name", customerName);
		o.put("project", null);
		o.put("category_title", "HPC");
		o.put("attributes", Map.of());
		o.put("state", "Active");
		o.put("type", "Marketplace.Slurm");
		o.put("shared", true);
		o.put("plans", List.of());
		o.put("components", List.of());
		o.put("parent_uuid", (parent == null) ? null : Uuids.hex(parent));
		o.put("parent_name", (parent == null) ? null : "parent");
		o.put("backend_id", "");
		this.offerings.put(uuid, o);
		return uuid;
	}

	/** From now on, the site-agent registry is served: this one, empty so far. */
	Registry serveRegistry() {
		Registry served = new Registry();
		this.registry = served;
		return served;
	}

	synchronized UUID status(UUID offering, String agentType, Instant lastRequest) {
		UUID uuid = UUID.randomUUID();
		this.statuses.put(uuid, new FakeStatus(uuid, offering, agentType, lastRequest));
		return uuid;
	}

	/**
	 * An agent's request as Waldur records it: the time moves on and the status is
	 * Active.
	 */
	synchronized void request(UUID status, Instant at) {
		FakeStatus s = this.statuses.get(status);
		s.lastRequest = at.truncatedTo(ChronoUnit.MICROS);
	}

	synchronized void removeOffering(UUID offering) {
		this.offerings.remove(offering);
		this.statuses.values().removeIf((s) -> s.offering.equals(offering));
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			URI uri = exchange.getRequestURI();
			this.requests.add(uri.getRawPath() + "?" + uri.getRawQuery());
			Fault now = this.fault;
			if (now == Fault.SLOW) {
				// Real time: an upstream slower than the mirror's read timeout.
				sleep(3000);
			}
			if (now == Fault.UNAUTHORIZED
					|| !("Token " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				send(exchange, 401, "{\"detail\": \"Invalid token.\"}", Map.of("WWW-Authenticate", "Token"));
				return;
			}
			Map<String, List<String>> params = params(uri.getRawQuery());
			int page = Integer.parseInt(params.getOrDefault("page", List.of("1")).get(0));
			if (now == Fault.SERVER_ERROR_ON_PAGE_2 && page == 2) {
				send(exchange, 500, "<h1>Server Error (500)</h1>", Map.of("Content-Type", "text/html"));
				return;
			}
			if (this.endlessPages && (uri.getPath().equals("/api/marketplace-provider-offerings/")
					|| uri.getPath().equals("/api/marketplace-integration-statuses/"))) {
				String self = "http://127.0.0.1:" + this.server.getAddress().getPort() + uri.getRawPath() + "?"
						+ withoutPage(uri.getRawQuery());
				send(exchange, 200, "[]", Map.of("Link", "<" + self + "&page=" + (page + 1) + ">; rel=\"next\""));
				return;
			}
			if (now == Fault.MALFORMED) {
				send(exchange, 200, "[{\"uuid\": \"abc\", ", Map.of());
				return;
			}
			List<Object> items;
			synchronized (this) {
				if (uri.getPath().equals("/api/marketplace-provider-offerings/")) {
					items = new ArrayList<>(this.offerings.values());
				}
				else if (uri.getPath().equals("/api/marketplace-integration-statuses/")) {
					items = statusItems(params);
				}
				else if (this.registry != null && this.registry.lists().containsKey(uri.getPath())) {
					if (this.registryForbidden) {
						send(exchange, 403, "{\"detail\": \"You do not have permission to perform this action.\"}",
								Map.of());
						return;
					}
					items = new ArrayList<>(this.registry.lists().get(uri.getPath()));
				}
				else if (uri.getPath().startsWith("/api/marketplace-integration-statuses/")) {
					String id = uri.getPath()
						.substring("/api/marketplace-integration-statuses/".length())
						.replace("/", "");
					FakeStatus one = Uuids.parse(id).map(this.statuses::get).orElse(null);
					if (one == null) {
						send(exchange, 404, "{\"detail\": \"Not found.\"}", Map.of());
					}
					else {
						send(exchange, 200, JSON.writeValueAsString(item(one, true)), Map.of());
					}
					return;
				}
				else {
					send(exchange, 404, "{\"detail\": \"Not found.\"}", Map.of());
					return;
				}
			}
			int size = Math.min(Integer.parseInt(params.getOrDefault("page_size", List.of("10")).get(0)),
					this.maxPageSize);
			int last = Math.max(1, (items.size() + size - 1) / size);
			if (page > last) {
				send(exchange, 404, "{\"detail\": \"Invalid page.\"}", Map.of());
				return;
			}
			List<Object> slice = items.subList((page - 1) * size, Math.min(items.size(), page * size));
			List<String> links = new ArrayList<>();
			String base = "http://127.0.0.1:" + this.server.getAddress().getPort() + uri.getRawPath() + "?"
					+ withoutPage(uri.getRawQuery());
			links.add("<" + base + ">; rel=\"first\"");
			if (page < last) {
				links.add("<" + base + "&page=" + (page + 1) + ">; rel=\"next\"");
			}
			links.add("<" + base + "&page=" + last + ">; rel=\"last\"");
			send(exchange, 200, JSON.writeValueAsString(slice),
					Map.of("X-Result-Count", Integer.toString(items.size()), "Link", String.join(", ", links)));
		}
	}

	/**
	 * A site-agent registry with every field of Waldur's serializers (AgentIdentity,
	 * AgentService, AgentProcessor, as docs/site-agent-registry.md records them).
	 */
	final class Registry {

		final List<Object> identities = new ArrayList<>();

		final List<Object> services = new ArrayList<>();

		final List<Object> processors = new ArrayList<>();

		Map<String, List<Object>> lists() {
			return Map.of("/api/marketplace-site-agent-identities/", this.identities,
					"/api/marketplace-site-agent-services/", this.services, "/api/marketplace-site-agent-processors/",
					this.processors);
		}

		UUID identity(UUID offering, String version) {
			UUID uuid = UUID.randomUUID();
			Map<String, Object> i = new LinkedHashMap<>();
			i.put("uuid", Uuids.hex(uuid));
			i.put("url", api() + "marketplace-site-agent-identities/" + Uuids.hex(uuid) + "/");
			i.put("offering", Uuids.hex(offering));
			i.put("created_by", null);
			i.put("name", "agent-" + Uuids.hex(offering));
			i.put("version", version);
			i.put("dependencies", List.of(Map.of("package", "waldur-api-client", "version", "8.1.2")));
			i.put("config_file_path", "");
			i.put("config_file_content", "");
			i.put("last_restarted", "2026-08-21T09:00:00.000000Z");
			i.put("created", "2026-08-01T09:00:00.000000Z");
			i.put("modified", "2026-08-21T09:00:00.000000Z");
			i.put("services", List.of());
			i.put("compatibility", Map.of());
			this.identities.add(i);
			return uuid;
		}

		UUID service(UUID identity, String name, String mode, String state) {
			UUID uuid = UUID.randomUUID();
			Map<String, Object> s = new LinkedHashMap<>();
			s.put("uuid", Uuids.hex(uuid));
			s.put("url", api() + "marketplace-site-agent-services/" + Uuids.hex(uuid) + "/");
			s.put("identity", Uuids.hex(identity));
			s.put("identity_name", "agent");
			s.put("name", name);
			s.put("mode", mode);
			s.put("state", state);
			s.put("statistics", Map.of());
			s.put("created", "2026-08-01T09:00:00.000000Z");
			s.put("modified", "2026-08-21T09:00:00.000000Z");
			s.put("processors", List.of());
			this.services.add(s);
			return uuid;
		}

		UUID processor(UUID service, String name, Instant lastRun) {
			UUID uuid = UUID.randomUUID();
			Map<String, Object> p = new LinkedHashMap<>();
			p.put("uuid", Uuids.hex(uuid));
			p.put("url", api() + "marketplace-site-agent-processors/" + Uuids.hex(uuid) + "/");
			p.put("service", Uuids.hex(service));
			p.put("service_name", "service");
			p.put("name", name);
			p.put("last_run", (lastRun == null) ? null : MICROS.format(lastRun));
			p.put("backend_type", "waldur_site_agent_slurm.backend.SlurmBackend");
			p.put("backend_version", "1.0.5");
			p.put("created", "2026-08-01T09:00:00.000000Z");
			p.put("modified", "2026-08-21T09:00:00.000000Z");
			this.processors.add(p);
			return uuid;
		}

	}

	private List<Object> statusItems(Map<String, List<String>> params) {
		List<FakeStatus> found = new ArrayList<>(this.statuses.values());
		List<String> wanted = params.get("status");
		if (wanted != null) {
			found.removeIf((s) -> !wanted.contains(s.label()));
		}
		if ("-last_request_timestamp".equals(params.getOrDefault("o", List.of("")).get(0))) {
			// PostgreSQL's descending order: never-seen (null) first.
			found.sort(Comparator
				.comparing((FakeStatus s) -> s.lastRequest, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
				.reversed());
		}
		List<Object> items = new ArrayList<>();
		boolean dashes = false;
		for (FakeStatus s : found) {
			items.add(item(s, dashes));
			dashes = !dashes;
		}
		return items;
	}

	private Map<String, Object> item(FakeStatus s, boolean dashes) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("agent_type", s.agentType);
		item.put("status", s.label());
		// Waldur renders times with Z; an offset is valid ISO-8601 too.
		item.put("last_request_timestamp", (s.lastRequest == null) ? null
				: dashes ? MICROS.format(s.lastRequest).replace("Z", "+00:00") : MICROS.format(s.lastRequest));
		// UUIDs in links: hex, and the hyphenated form for every other item.
		item.put("offering", api() + "marketplace-provider-offerings/"
				+ (dashes ? s.offering.toString() : Uuids.hex(s.offering)) + "/");
		item.put("url", api() + "marketplace-integration-statuses/" + Uuids.hex(s.uuid) + "/");
		return item;
	}

	private static String withoutPage(String query) {
		if (query == null) {
			return "";
		}
		return List.of(query.split("&"))
			.stream()
			.filter((p) -> !p.startsWith("page="))
			.collect(Collectors.joining("&"));
	}

	private static Map<String, List<String>> params(String query) {
		Map<String, List<String>> found = new LinkedHashMap<>();
		if (query != null) {
			for (String pair : query.split("&")) {
				String[] kv = pair.split("=", 2);
				found.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), (k) -> new ArrayList<>())
					.add((kv.length > 1) ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
			}
		}
		return found;
	}

	private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * Real time: only a slow upstream (Fault.SLOW) waits, longer than the read timeout.
	 */
	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	enum Fault {

		NONE, SERVER_ERROR_ON_PAGE_2, MALFORMED, SLOW, UNAUTHORIZED

	}

	/** An integration status as Waldur keeps it. */
	static final class FakeStatus {

		final UUID uuid;

		final UUID offering;

		final String agentType;

		volatile Instant lastRequest;

		FakeStatus(UUID uuid, UUID offering, String agentType, Instant lastRequest) {
			this.uuid = uuid;
			this.offering = offering;
			this.agentType = agentType;
			this.lastRequest = (lastRequest == null) ? null : lastRequest.truncatedTo(ChronoUnit.MICROS);
		}

		/** Waldur's own view, which the mirror does not trust: it checks once an hour. */
		String label() {
			return (this.lastRequest == null) ? "Unknown" : "Active";
		}

	}

}
