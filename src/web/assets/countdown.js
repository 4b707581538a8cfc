// Keeps the "dans 2 h 15 min" labels ticking; the server rendered the first value with the same rule.
(() => {
  function label(target, now) {
    const diff = target - now;
    const minutes = Math.floor(Math.abs(diff) / 60000);
    if (minutes < 1) return 'maintenant';
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const rest = minutes % 60;
    let span;
    if (days > 0) span = hours > 0 ? `${days} j ${hours} h` : `${days} j`;
    else if (hours > 0) span = rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
    else span = `${rest} min`;
    return diff > 0 ? `dans ${span}` : `il y a ${span}`;
  }
  function tick() {
    for (const element of document.querySelectorAll('time[data-countdown]')) {
      const target = Date.parse(element.getAttribute('datetime') || '');
      if (!Number.isNaN(target)) element.textContent = label(target, Date.now());
    }
  }
  setInterval(tick, 30000);
})();
