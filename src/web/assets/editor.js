// « Nouvelle mise à jour »: a paste from Word or a web page is sent to the server, which converts its
// HTML with the converter Word documents go through, and the text area receives the result (titles,
// bullets, bold, links as text). Without this script, a paste is plain text, which the page reads too.
(() => {
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') || '';
  const field = document.querySelector('textarea[data-paste-convert]');
  const status = document.querySelector('[data-paste-status]');
  if (!field) return;
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const fillIfEmpty = (id, value) => {
    const input = document.getElementById(id);
    if (input && value && (input.value.trim() === '' || input.dataset.untouched === 'true')) input.value = value;
  };
  const title = document.getElementById('titre');
  if (title) {
    title.dataset.untouched = 'true';
    title.addEventListener('input', () => {
      title.dataset.untouched = 'false';
    });
  }
  field.addEventListener('paste', async (event) => {
    const html = event.clipboardData?.getData('text/html') || '';
    if (html.trim() === '') return;
    event.preventDefault();
    const plain = event.clipboardData?.getData('text/plain') || '';
    const start = field.selectionStart;
    const end = field.selectionEnd;
    say('Conversion du collage…');
    let text = plain;
    let note = 'Collé comme texte brut : la mise en forme n’a pas pu être convertie.';
    try {
      const response = await fetch('/api/collage', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': token },
        credentials: 'same-origin',
        body: JSON.stringify({ html }),
      });
      if (response.ok) {
        const converted = await response.json();
        text = converted.text;
        fillIfEmpty('titre', converted.title);
        fillIfEmpty('resume', converted.subtitle);
        note = `Collage converti : titres, puces, gras et liens conservés${
          converted.images > 0
            ? `; ${converted.images} image(s) laissée(s) de côté (crieur fait ses propres cartes)`
            : ''
        }.`;
      }
    } catch {
      // The plain text of the clipboard is kept: the page reads it too.
    }
    field.setRangeText(text, start, end, 'end');
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.focus();
    say(note);
  });
})();
