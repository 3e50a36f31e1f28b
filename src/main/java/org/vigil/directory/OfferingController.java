package org.vigil.directory;

import java.text.Normalizer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import jakarta.servlet.http.HttpServletRequest;
import org.jooq.Condition;
import org.vigil.audit.AuditAction;
import org.vigil.audit.AuditLog;
import org.vigil.audit.AuditObject;
import org.vigil.audit.Changes;
import org.vigil.auth.Caller;
import org.vigil.web.ApiException;
import org.vigil.web.FieldErrors;
import org.vigil.web.Inputs;
import org.vigil.web.Links;
import org.vigil.web.Page;
import org.vigil.web.Paging;
import org.vigil.web.Uuids;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Offerings, so that every {@code offering} link of a status resolves; staff create them.
 */
@RestController
@RequestMapping("/api/marketplace-provider-offerings")
class OfferingController {

	private static final Pattern SLUG = Pattern.compile("[a-z0-9-]+");

	/** Mirrored customers and offerings change only with their source. */
	private static final String MIRRORED = "It is mirrored from another Waldur and read-only here.";

	private final OfferingRepository offerings;

	private final CustomerRepository customers;

	private final RoleService roles;

	private final AuditLog audit;

	OfferingController(OfferingRepository offerings, CustomerRepository customers, RoleService roles, AuditLog audit) {
		this.offerings = offerings;
		this.customers = customers;
		this.roles = roles;
		this.audit = audit;
	}

	@GetMapping
	@Parameter(in = ParameterIn.QUERY, name = "customer_uuid", description = "Customer UUID",
			schema = @Schema(type = "string", format = "uuid"))
	@Parameter(in = ParameterIn.QUERY, name = "slug", description = "Slug", schema = @Schema(type = "string"))
	@Parameter(in = ParameterIn.QUERY, name = "name", description = "Name contains (any case)",
			schema = @Schema(type = "string"))
	@Parameter(in = ParameterIn.QUERY, name = "status",
			description = "Vigil's: offerings with an integration status of these (repeated or comma-separated)",
			schema = @Schema(type = "string"))
	@Parameter(in = ParameterIn.QUERY, name = "agent_type",
			description = "Vigil's: offerings with an integration status of this agent type (label or code 1..5)",
			schema = @Schema(type = "string"))
	@Parameter(in = ParameterIn.QUERY, name = "o",
			description = "Vigil's: problems (a Disconnected status first, then a never-seen one, each longest silent first)",
			schema = @Schema(type = "string"))
	ResponseEntity<List<OfferingView>> list(Caller caller, @RequestParam MultiValueMap<String, String> params,
			HttpServletRequest request) {
		OfferingBoard board = OfferingBoard.from(params);
		Condition filter = OfferingFilter.parse(params);
		Page page = Paging.from(params).of(this.offerings.count(caller, filter, board));
		return page.response(request, (links) -> {
			List<Offering> found = this.offerings.page(caller, filter, board, page);
			Map<Long, List<IntegrationSummary>> statuses = this.offerings
				.integrationStatuses(found.stream().map(Offering::id).toList());
			return found.stream()
				.map((o) -> OfferingView.of(o, statuses.getOrDefault(o.id(), List.of()), links))
				.toList();
		});
	}

	@GetMapping("/{uuid}")
	OfferingView retrieve(Caller caller, @PathVariable String uuid, HttpServletRequest request) {
		return view(visible(caller, uuid), Links.of(request));
	}

	@PostMapping
	@Transactional
	@ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
	ResponseEntity<OfferingView> create(Caller caller, @RequestBody NewOffering body, HttpServletRequest request) {
		caller.requireStaff();
		FieldErrors errors = new FieldErrors();
		String name = Inputs.requiredText(errors, "name", body.name(), 150);
		String type = Inputs.optionalText(errors, "type", body.type(), 100);
		String customerRef = Inputs.requiredText(errors, "customer", body.customer(), 300);
		Customer customer = null;
		if (customerRef != null) {
			customer = References.parse(customerRef, "customers").flatMap(this.customers::find).orElse(null);
			if (customer == null) {
				errors.add("customer", "Customer \"" + customerRef + "\" does not exist.");
			}
			else if (this.customers.mirrored(customer.id())) {
				errors.add("customer", MIRRORED);
			}
		}
		Offering parent = null;
		String parentRef = Inputs.optionalText(errors, "parent", body.parent(), 300);
		if (parentRef != null) {
			parent = References.parse(parentRef, "marketplace-provider-offerings")
				.flatMap(this.offerings::find)
				.orElse(null);
			if (parent == null) {
				errors.add("parent", "Offering \"" + parentRef + "\" does not exist.");
			}
			else if (this.offerings.mirrored(parent.id())) {
				errors.add("parent", MIRRORED);
			}
		}
		String slug = Inputs.optionalText(errors, "slug", body.slug(), 150);
		if (slug != null && !SLUG.matcher(slug).matches()) {
			errors.add("slug", "Enter a valid slug consisting of lower-case letters, numbers or hyphens.");
		}
		else if (slug != null && this.offerings.slugTaken(slug)) {
			errors.add("slug", "Offering with this slug already exists.");
		}
		errors.throwIfAny();
		if (slug == null) {
			slug = freeSlug(name);
		}
		long id;
		try {
			id = this.offerings.create(name, slug, (type != null) ? type : "Marketplace.Basic", customer.id(),
					(parent != null) ? parent.id() : null);
		}
		catch (DuplicateKeyException ex) {
			// The slug was taken by a concurrent request since the check above: the
			// unique index decides.
			throw ApiException.invalid("slug", "Offering with this slug already exists.");
		}
		Offering created = this.offerings.find(id).orElseThrow();
		this.audit.record(caller, AuditAction.CREATE, AuditObject.OFFERING, created.uuid(), created.customerId(),
				Changes.created(Changes.fields("name", created.name(), "slug", created.slug(), "type", created.type(),
						"customer", created.customerUuid(), "parent", created.parentUuid())));
		return ResponseEntity.status(HttpStatus.CREATED).body(view(created, Links.of(request)));
	}

	@PostMapping("/{uuid}/add_user")
	@ApiResponse(responseCode = "201", description = "Granted now: the user, the role and its scope",
			content = @Content(schema = @Schema(type = "object")))
	@ApiResponse(responseCode = "200", description = "Held already",
			content = @Content(schema = @Schema(type = "object")))
	ResponseEntity<Map<String, Object>> addUser(Caller caller, @PathVariable String uuid, @RequestBody RoleRequest body,
			HttpServletRequest request) {
		Offering offering = visible(caller, uuid);
		caller.requireStaff();
		Links links = Links.of(request);
		return this.roles.grantOnOffering(caller, offering, body)
			.answer(links, "offering", links.offering(offering.uuid()), offering.uuid());
	}

	@PostMapping("/{uuid}/delete_user")
	@ApiResponse(responseCode = "204", description = "Done")
	ResponseEntity<Void> deleteUser(Caller caller, @PathVariable String uuid, @RequestBody RoleRequest body) {
		Offering offering = visible(caller, uuid);
		caller.requireStaff();
		this.roles.revokeOnOffering(caller, offering, body);
		return ResponseEntity.noContent().build();
	}

	private Offering visible(Caller caller, String uuid) {
		return this.offerings.findVisible(caller, Uuids.pathOrNotFound(uuid)).orElseThrow(ApiException::notFound);
	}

	private OfferingView view(Offering offering, Links links) {
		return OfferingView.of(offering,
				this.offerings.integrationStatuses(List.of(offering.id())).getOrDefault(offering.id(), List.of()),
				links);
	}

	/**
	 * A slug made from the name, numbered when taken: "HPC Cluster" becomes hpc-cluster,
	 * hpc-cluster-2...
	 */
	private String freeSlug(String name) {
		String base = Normalizer.normalize(name, Normalizer.Form.NFKD)
			.replaceAll("\\p{M}", "")
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "-")
			.replaceAll("^-+|-+$", "");
		if (base.isEmpty()) {
			base = "offering";
		}
		base = base.substring(0, Math.min(base.length(), 140));
		String slug = base;
		for (int n = 2; this.offerings.slugTaken(slug); n++) {
			slug = base + "-" + n;
		}
		return slug;
	}

	record NewOffering(String name, String customer, String slug, String type, String parent) {
	}

	record OfferingView(UUID uuid, String url, String name, String slug, String type, String customer,
			UUID customerUuid, String customerName, UUID parentUuid, Instant created,
			List<IntegrationSummary> integrationStatus) {

		static OfferingView of(Offering o, List<IntegrationSummary> statuses, Links links) {
			return new OfferingView(o.uuid(), links.offering(o.uuid()), o.name(), o.slug(), o.type(),
					links.customer(o.customerUuid()), o.customerUuid(), o.customerName(), o.parentUuid(), o.created(),
					statuses);
		}

	}

}
