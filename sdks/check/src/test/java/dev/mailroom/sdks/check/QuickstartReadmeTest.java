package dev.mailroom.sdks.check;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each SDK's README quickstart is one the quickstart check can copy: {@code sdks/quickstart-check --extract-only}
 * finds a {@code ## Quickstart} section with a program block in the SDK's language. Running it against a stack is
 * e2e's job (SdkScenario).
 */
class QuickstartReadmeTest {

    @ParameterizedTest
    @ValueSource(strings = {"typescript", "python", "go", "java"})
    void readmeQuickstartHasAProgramTheCheckCanCopy(String sdk) throws Exception {
        Sdk.folder(sdk);
        Sdk.passes("quickstart-" + sdk, Sdk.sdks(), Sdk.unitEnv(), Duration.ofMinutes(1), "bash",
                Sdk.sdks().resolve("quickstart-check").toString(), "--extract-only", "--work",
                Sdk.target().resolve("quickstart").toString(), sdk);
    }
}
