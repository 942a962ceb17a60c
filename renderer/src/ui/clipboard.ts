// Owns copying text: the async Clipboard API, and without its permission (a plain browser tab)
// a selected, hidden textarea and execCommand('copy'), placed inside `host` because everything
// outside an open modal dialog is inert.
export async function copyText(text: string, host: HTMLElement | null): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch (err) {
    if (!host) throw err;
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    host.appendChild(area);
    const previous = document.activeElement as HTMLElement | null;
    try {
      area.focus();
      area.select();
      if (!document.execCommand('copy')) throw err;
    } finally {
      area.remove();
      previous?.focus();
    }
  }
}
