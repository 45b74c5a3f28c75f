/**
 * The participant page's way to Vant: its toast, fetched on first use. Vant's pieces are imported with
 * their CSS by hand (vantPopup.ts, vantToast.ts): Vant's per-component style entries (what auto-import
 * adds) also pull in its icon font, inlined as base64 (≈30 KB gzip), which these pieces never show.
 * Nothing of Vant is in the page's first download (its spinner is our LoadingSpinner.vue).
 */
export function showToast(message: string): void {
  // A failed download (offline) loses the toast, never the page.
  import('./vantToast')
    .then(({ showToast }) => showToast(message))
    .catch(() => undefined)
}
