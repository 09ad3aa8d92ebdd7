/**
 * Cursor pagination of the public API's lists (ADR 0028): {@code limit} and {@code page_token} in,
 * {@link dev.mailroom.platform.page.Page} ({@code items}, {@code next_page_token}) out.
 */
package dev.mailroom.platform.page;
