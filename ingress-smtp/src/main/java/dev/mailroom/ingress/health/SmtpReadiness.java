package dev.mailroom.ingress.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.mailroom.ingress.smtp.SmtpServerLifecycle;

/** Ready when the SMTP listener accepts connections. */
@Readiness
@ApplicationScoped
public class SmtpReadiness implements HealthCheck {

    private final SmtpServerLifecycle smtp;

    public SmtpReadiness(SmtpServerLifecycle smtp) {
        this.smtp = smtp;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = smtp.running();
        return HealthCheckResponse.named("smtp").status(up).withData("port", up ? smtp.port() : -1).build();
    }
}
