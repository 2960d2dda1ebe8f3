/** Hands content to the browser as a file download (the page's own export buttons use it). */

/** How long the object URL lives: long enough that the download has surely started. */
const RELEASE_AFTER_MS = 10_000;

export function downloadFile(content: BlobPart, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  setTimeout(() => {
    link.remove();
    URL.revokeObjectURL(url);
  }, RELEASE_AFTER_MS);
}
