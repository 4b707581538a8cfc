// Live count while a post is edited: the server computes it with the composer's own rule and checks it
// again when the text is saved, so this script only informs.
(() => {
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') || '';
  for (const field of document.querySelectorAll('textarea[data-count-input]')) {
    const output = document.getElementById(field.getAttribute('data-count-target') || '');
    if (!output) continue;
    // The count in the post's header follows the text being typed, like the one under the field.
    const header = document.querySelector(`[data-count-display="${field.getAttribute('data-count-index')}"]`);
    let timer;
    let sequence = 0;
    field.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const mine = ++sequence;
        try {
          const response = await fetch('/api/compter', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': token },
            credentials: 'same-origin',
            body: JSON.stringify({ network: field.getAttribute('data-network'), text: field.value }),
          });
          if (!response.ok || mine !== sequence) return;
          const count = await response.json();
          for (const shown of header ? [output, header] : [output]) {
            shown.textContent = count.label;
            shown.classList.toggle('count-over', !count.valid);
          }
        } catch {
          // The count is a help only; the server refuses a text that is too long when it is saved.
        }
      }, 150);
    });
  }
})();
