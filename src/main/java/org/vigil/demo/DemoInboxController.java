package org.vigil.demo;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/demo/inbox/}: what the demo's chat room received, newest first. Exists
 * only in demo mode (elsewhere the path is not found); every signed-in demo user may read
 * it, as everybody in a team room would.
 */
@RestController
@ConditionalOnProperty(name = "vigil.demo", havingValue = "true")
class DemoInboxController {

	private final DemoInbox inbox;

	DemoInboxController(DemoInbox inbox) {
		this.inbox = inbox;
	}

	@GetMapping("/api/demo/inbox")
	List<DemoInbox.Message> messages() {
		return this.inbox.messages();
	}

}
