() => {
  // Citation marks as a reader sees them: what is drawn before each visible mark, and whether a
  // visible mark repeats the visible mark just before it in the same paragraph, list item or cell.
  const isMark = n => n && n.nodeType === 1 && n.matches('sup[id^="fnref"]');
  const isSep = n => n && n.nodeType === 1 && n.matches('sup.pml-cite-sep');
  const shown = n => n.getClientRects().length > 0;
  const drawn = (el, pseudo) => { const c = getComputedStyle(el, pseudo).content; return c && c !== 'none' && c !== 'normal' && c !== '""'; };
  const marks = [...document.querySelectorAll('article sup[id^="fnref"]')].filter(shown);
  let afterWords = 0, repeated = 0, visibleSeparators = 0;
  const last = new Map();
  for (const m of marks) {
    const prev = m.previousSibling;
    if (drawn(m, '::before') && !isMark(prev)) afterWords++;            // a CSS separator after words
    if (isSep(prev) && shown(prev)) { visibleSeparators++; if (!isMark(prev.previousSibling)) afterWords++; }
    const block = m.closest('p, li, td, th, dd, dt, h1, h2, h3, h4, h5, h6, summary, figcaption');
    const key = m.querySelector('a').getAttribute('href');
    if (block && last.get(block) === key) repeated++;
    if (block) last.set(block, key);
  }
  return {marks: marks.length, afterWords, repeated, visibleSeparators};
}
