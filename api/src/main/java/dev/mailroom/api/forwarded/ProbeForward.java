package dev.mailroom.api.forwarded;

public class ProbeForward implements ProbeApi {
    @Override
    public Thing get(String id) {
        throw new IllegalStateException("forwarded");
    }
}
