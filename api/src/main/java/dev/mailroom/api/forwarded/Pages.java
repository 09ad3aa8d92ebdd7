package dev.mailroom.api.forwarded;

/** The texts of the paging parameters, the same on every list. */
final class Pages {

    static final String LIMIT = "items per page, 1 to 200; default 50";
    static final String TOKEN = "next_page_token of the previous page, as it was; absent for the first page";

    private Pages() {
    }
}
