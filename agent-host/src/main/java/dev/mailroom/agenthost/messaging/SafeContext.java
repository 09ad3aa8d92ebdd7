package dev.mailroom.agenthost.messaging;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Where work that uses Hibernate Reactive starts when no request or record gave it a context. */
final class SafeContext {

    private SafeContext() {
    }

    /**
     * Runs {@code task} on a new duplicated Vert.x context flagged safe: the task gets its own Hibernate Reactive
     * session, never shared with concurrent work.
     */
    static void run(Vertx vertx, Runnable task) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> task.run());
    }
}
