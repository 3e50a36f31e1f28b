package org.vigil.directory;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import jakarta.servlet.http.HttpServletRequest;
import org.vigil.audit.AuditAction;
import org.vigil.audit.AuditLog;
import org.vigil.audit.AuditObject;
import org.vigil.audit.Changes;
import org.vigil.auth.Caller;
import org.vigil.web.FieldErrors;
import org.vigil.web.Inputs;
import org.vigil.web.Links;
import org.vigil.web.Page;
import org.vigil.web.Paging;
import org.vigil.web.Params;
import org.vigil.web.Uuids;

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

/** Customers (Waldur's organisations): staff create them; role holders see theirs. */
@RestController
@RequestMapping("/api/customers")
class CustomerController {

	private final CustomerRepository customers;

	private final RoleService roles;

	private final AuditLog audit;

	CustomerController(CustomerRepository customers, RoleService roles, AuditLog audit) {
		this.customers = customers;
		this.roles = roles;
		this.audit = audit;
	}

	@GetMapping
	@Parameter(in = ParameterIn.QUERY, name = "name", description = "Name contains (any case)",
			schema = @Schema(type = "string"))
	ResponseEntity<List<CustomerView>> list(Caller caller, @RequestParam MultiValueMap<String, String> params,
			HttpServletRequest request) {
		String name = Params.single(params, "name");
		Page page = Paging.from(params).of(this.customers.count(caller, name));
		return page.response(request,
				(links) -> this.customers.page(caller, name, page)
					.stream()
					.map((c) -> CustomerView.of(c, links))
					.toList());
	}

	@PostMapping
	@Transactional
	@ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
	ResponseEntity<CustomerView> create(Caller caller, @RequestBody NewCustomer body, HttpServletRequest request) {
		caller.requireStaff();
		FieldErrors errors = new FieldErrors();
		String name = Inputs.requiredText(errors, "name", body.name(), 150);
		errors.throwIfAny();
		Customer customer = this.customers.create(name);
		this.audit.record(caller, AuditAction.CREATE, AuditObject.CUSTOMER, customer.uuid(), customer.id(),
				Changes.created(Changes.fields("name", customer.name())));
		return ResponseEntity.status(HttpStatus.CREATED).body(CustomerView.of(customer, Links.of(request)));
	}

	@GetMapping("/{uuid}")
	CustomerView retrieve(Caller caller, @PathVariable String uuid, HttpServletRequest request) {
		return CustomerView.of(visible(caller, uuid), Links.of(request));
	}

	@PostMapping("/{uuid}/add_user")
	@ApiResponse(responseCode = "201", description = "Granted now: the user, the role and its scope",
			content = @Content(schema = @Schema(type = "object")))
	@ApiResponse(responseCode = "200", description = "Held already",
			content = @Content(schema = @Schema(type = "object")))
	ResponseEntity<Map<String, Object>> addUser(Caller caller, @PathVariable String uuid, @RequestBody RoleRequest body,
			HttpServletRequest request) {
		Customer customer = visible(caller, uuid);
		caller.requireStaff();
		Links links = Links.of(request);
		return this.roles.grantOnCustomer(caller, customer, body)
			.answer(links, "customer", links.customer(customer.uuid()), customer.uuid());
	}

	@PostMapping("/{uuid}/delete_user")
	@ApiResponse(responseCode = "204", description = "Done")
	ResponseEntity<Void> deleteUser(Caller caller, @PathVariable String uuid, @RequestBody RoleRequest body) {
		Customer customer = visible(caller, uuid);
		caller.requireStaff();
		this.roles.revokeOnCustomer(caller, customer, body);
		return ResponseEntity.noContent().build();
	}

	private Customer visible(Caller caller, String uuid) {
		return this.customers.findVisible(caller, Uuids.pathOrNotFound(uuid))
			.orElseThrow(org.vigil.web.ApiException::notFound);
	}

	record NewCustomer(String name) {
	}

	record CustomerView(java.util.UUID uuid, String url, String name, java.time.Instant created) {

		static CustomerView of(Customer customer, Links links) {
			return new CustomerView(customer.uuid(), links.customer(customer.uuid()), customer.name(),
					customer.created());
		}

	}

}
