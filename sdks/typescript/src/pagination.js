/**
 * Cursor pagination: a list call answers `{items, next_page_token}`; a {@link PageIterator} walks every item,
 * fetching the next page only when the previous one is used up. `firstPage()` fetches just one page (the
 * `page_token` passed in the parameters, if any), for callers who keep the token themselves.
 */
export class PageIterator {
  /**
   * @param {(pageToken: string | undefined) => Promise<{items?: unknown[], next_page_token?: string | null}>} fetchPage
   * @param {string | undefined} pageToken where to start
   */
  constructor(fetchPage, pageToken) {
    this.fetchPage = fetchPage;
    this.pageToken = pageToken;
  }

  /** One page: `{items, next_page_token}` as the api answers it. */
  firstPage() {
    return this.fetchPage(this.pageToken);
  }

  /** Every page, in order. */
  async *pages() {
    let token = this.pageToken;
    do {
      const page = await this.fetchPage(token);
      yield page;
      token = page?.next_page_token ?? undefined;
    } while (token);
  }

  async *[Symbol.asyncIterator]() {
    for await (const page of this.pages()) yield* page?.items ?? [];
  }

  /** Every item in an array (beware of long lists). */
  async toArray() {
    const out = [];
    for await (const item of this) out.push(item);
    return out;
  }
}
