package org.vigil.mirror;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.vigil.agents.MirroredRegistry;
import org.vigil.agents.RegistryRead;
import org.vigil.mirror.UpstreamItems.UpstreamStatus;
import org.vigil.directory.MirroredCatalogue;
import org.vigil.status.StatusChanges;
import org.vigil.status.StatusChanges.Observation;
import org.vigil.system.Clocks;
import org.vigil.web.Uuids;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One poll of one source. Incremental: statuses newest first
 * ({@code o=-last_request_timestamp}, only Active and Disconnected, which have a time),
 * stopping at the high-water mark of the last complete pass, so a quiet upstream costs
 * one request. Reconcile: every offering, then every status, then whatever upstream no
 * longer has is removed. Each page is applied in one transaction; a pass that fails
 * leaves the pages it applied, does not move the high-water mark and expires nothing.
 * Only a pass that read everything expires statuses, against the time it started.
 */
@Component
class MirrorPass {

	static final String OFFERINGS = "marketplace-provider-offerings/?page_size=300";

	static final String ALL_STATUSES = "marketplace-integration-statuses/?page_size=300";

	static final String IDENTITIES = "marketplace-site-agent-identities/?page_size=300";

	static final String SERVICES = "marketplace-site-agent-services/?page_size=300";

	static final String PROCESSORS = "marketplace-site-agent-processors/?page_size=300";

	static final String CHANGED_STATUSES = "marketplace-integration-statuses/?o=-last_request_timestamp&page_size=300"
			+ "&status=Active&status=Disconnected";

	private final MirrorDirectory directory;

	private final MirroredCatalogue catalogue;

	private final StatusChanges statuses;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final SourceRules rules;

	private final MirroredRegistry registry;

	private final Duration registryInterval;

	/**
	 * When this instance last read each source's registry. Kept here, not in the source
	 * row: an instance that takes a source over reads it at its first poll, which costs
	 * three requests and is harmless.
	 */
	private final Map<Long, Instant> registryRead = new ConcurrentHashMap<>();

	MirrorPass(MirrorDirectory directory, MirroredCatalogue catalogue, StatusChanges statuses,
			TransactionTemplate transactions, Clock clock, SourceRules rules, MirroredRegistry registry,
			MirrorProperties properties) {
		this.rules = rules;
		this.registry = registry;
		this.registryInterval = properties.registryInterval();
		this.directory = directory;
		this.catalogue = catalogue;
		this.statuses = statuses;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** Polls the source; throws {@link Upstream.Failure} if it could not be read. */
	Outcome run(MirrorSource source, Upstream upstream, boolean reconcile, Runnable progress) {
		Instant start = Clocks.now(this.clock);
		if (!reconcile) {
			Incremental pass = new Incremental(source, start, progress);
			upstream.pages(CHANGED_STATUSES, UpstreamItems.STATUS_FIELDS, pass::page);
			if (!pass.unknownOffering) {
				Outcome done = finish(source, upstream, start, pass.highWater, false);
				Instant read = this.registryRead.get(source.id());
				if (read == null || !read.plus(this.registryInterval).isAfter(start)) {
					registry(source, upstream, start, progress);
				}
				return done;
			}
			// A status of an offering not mirrored yet: new upstream, read it all now.
		}
		return reconcile(source, upstream, start, progress);
	}

	private Outcome reconcile(MirrorSource source, Upstream upstream, Instant start, Runnable progress) {
		// The newest time upstream now: whatever changes while the lists are read is
		// newer,
		// and the next incremental poll reads it.
		Instant[] top = { null };
		upstream.pages(CHANGED_STATUSES, UpstreamItems.STATUS_FIELDS, (items) -> {
			top[0] = latest(null, parse(items));
			return false;
		});
		Set<UUID> offerings = new HashSet<>();
		Map<UUID, UUID> parents = new HashMap<>();
		upstream.pages(OFFERINGS, UpstreamItems.OFFERING_FIELDS, (items) -> {
			List<UpstreamOffering> page = new ArrayList<>();
			for (Upstream.Item item : items) {
				UpstreamItems.offering(item).ifPresent(page::add);
			}
			this.transactions.executeWithoutResult(
					(tx) -> this.catalogue.apply(source.id(), page.stream().map(UpstreamOffering::mirrored).toList()));
			page.forEach((o) -> {
				offerings.add(o.uuid());
				parents.put(o.uuid(), o.parentUuid());
			});
			progress.run();
			return true;
		});
		this.transactions.executeWithoutResult((tx) -> this.catalogue.link(source.id(), parents));
		Set<UUID> seen = new HashSet<>();
		upstream.pages(ALL_STATUSES, UpstreamItems.STATUS_FIELDS, (items) -> {
			List<UpstreamStatus> page = parse(items);
			page.forEach((s) -> seen.add(s.uuid()));
			apply(source, page, start);
			progress.run();
			return true;
		});
		this.transactions.executeWithoutResult((tx) -> {
			this.catalogue.removeAllBut(source.id(), offerings);
			this.statuses.removeMirrored(this.directory.statusesAllBut(source.id(), seen));
		});
		registry(source, upstream, start, progress);
		return finish(source, upstream, start, (top[0] != null) ? top[0] : source.highWater(), true);
	}

	/**
	 * The site agents' registry (SPEC 17), read whole at reconcile and every
	 * {@code registry-interval} (after an incremental poll that found it due), applied in
	 * one transaction, after the offerings (an agent of an offering not mirrored is
	 * ignored). A source that does not serve one of its three lists (404, 403) keeps what
	 * it had: a Waldur without the registry, or a token that may not read it, is not an
	 * error.
	 */
	private void registry(MirrorSource source, Upstream upstream, Instant start, Runnable progress) {
		List<RegistryRead.Identity> identities = new ArrayList<>();
		List<RegistryRead.Service> services = new ArrayList<>();
		List<RegistryRead.Processor> processors = new ArrayList<>();
		boolean served = upstream.pagesIfServed(IDENTITIES, UpstreamItems.IDENTITY_FIELDS,
				(items) -> read(items, UpstreamItems::identity, identities, progress))
				&& upstream.pagesIfServed(SERVICES, UpstreamItems.SERVICE_FIELDS,
						(items) -> read(items, UpstreamItems::service, services, progress))
				&& upstream.pagesIfServed(PROCESSORS, UpstreamItems.PROCESSOR_FIELDS,
						(items) -> read(items, UpstreamItems::processor, processors, progress));
		if (served) {
			this.transactions.executeWithoutResult(
					(tx) -> this.registry.replace(source.id(), new RegistryRead(identities, services, processors)));
		}
		this.registryRead.put(source.id(), start);
	}

	private static <T> boolean read(List<Upstream.Item> items, Function<Upstream.Item, T> parse, List<T> into,
			Runnable progress) {
		items.forEach((item) -> into.add(parse.apply(item)));
		progress.run();
		return true;
	}

	/**
	 * Expiry, after a pass that read everything. A list read page by page while agents
	 * check in can miss a status that moved up to a page already read, so each status
	 * about to be disconnected is read once more on its own (one request each; they are
	 * few): only one still silent there is disconnected.
	 */
	private Outcome finish(MirrorSource source, Upstream upstream, Instant start, Instant highWater,
			boolean reconciled) {
		List<UpstreamStatus> confirmed = new ArrayList<>();
		for (UUID uuid : this.statuses.expiringMirrored(source.id(), this.rules.of(source), start)) {
			upstream.one("marketplace-integration-statuses/" + Uuids.hex(uuid) + "/", UpstreamItems.STATUS_FIELDS)
				.flatMap(UpstreamItems::status)
				.ifPresent(confirmed::add);
		}
		apply(source, confirmed, start);
		int expired = this.statuses.expireMirrored(source.id(), this.rules.of(source), start);
		return new Outcome(start, highWater, reconciled, expired);
	}

	/**
	 * Applies one page in one transaction; returns false if a status named an offering
	 * not mirrored yet.
	 */
	private boolean apply(MirrorSource source, List<UpstreamStatus> page, Instant lookedAt) {
		if (page.isEmpty()) {
			return true;
		}
		return this.transactions.execute((tx) -> {
			Map<UUID, Long> ids = this.directory.offeringIds(source.id(),
					page.stream().map(UpstreamStatus::offeringUuid).toList());
			List<Observation> seen = new ArrayList<>();
			Set<UUID> unknown = new HashSet<>();
			for (UpstreamStatus s : page) {
				Long offering = ids.get(s.offeringUuid());
				if (offering != null) {
					seen.add(new Observation(s.uuid(), offering, s.type(), s.lastRequest()));
				}
				else {
					unknown.add(s.offeringUuid());
				}
			}
			// An advance first seen after a failed poll spans the failure: not learned.
			this.statuses.observe(seen, this.rules.of(source), lookedAt, !source.state().unhealthy());
			// An offering that exists here but belongs to something else is left alone
			// for
			// good; only one nobody has calls for a reconcile.
			return unknown.isEmpty() || this.directory.existing(unknown).size() == unknown.size();
		});
	}

	private static List<UpstreamStatus> parse(List<Upstream.Item> items) {
		List<UpstreamStatus> page = new ArrayList<>();
		for (Upstream.Item item : items) {
			UpstreamItems.status(item).ifPresent(page::add);
		}
		return page;
	}

	private static Instant latest(Instant current, List<UpstreamStatus> page) {
		Instant latest = current;
		for (UpstreamStatus s : page) {
			if (s.lastRequest() != null && (latest == null || s.lastRequest().isAfter(latest))) {
				latest = s.lastRequest();
			}
		}
		return latest;
	}

	/** The incremental read: newest first, down to the last high-water mark. */
	private final class Incremental {

		private final MirrorSource source;

		private final Instant start;

		private final Runnable progress;

		private Instant highWater;

		private boolean unknownOffering;

		private boolean first = true;

		Incremental(MirrorSource source, Instant start, Runnable progress) {
			this.source = source;
			this.start = start;
			this.progress = progress;
			this.highWater = source.highWater();
		}

		boolean page(List<Upstream.Item> items) {
			Instant mark = this.source.highWater();
			List<UpstreamStatus> page = new ArrayList<>();
			boolean more = true;
			for (UpstreamStatus s : parse(items)) {
				// Equal times are read again: another status may share the mark's time.
				if (mark != null && s.lastRequest() != null && s.lastRequest().isBefore(mark)) {
					more = false;
					break;
				}
				page.add(s);
			}
			if (this.first) {
				// The newest time when the read began: a status that checks in during the
				// read is newer, so the next poll reads it even if this one missed it.
				this.highWater = latest(this.highWater, page);
				this.first = false;
			}
			if (!apply(this.source, page, this.start)) {
				this.unknownOffering = true;
				return false;
			}
			this.progress.run();
			return more;
		}

	}

	/** What a successful pass did. */
	record Outcome(Instant started, Instant highWater, boolean reconciled, int expired) {
	}

}
