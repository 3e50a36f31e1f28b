package org.vigil.status.rhythm;

import java.time.Duration;

/** How long after its last check-in a status is Disconnected, and why that long. */
public record Timeout(Duration length, Basis basis) {

}
