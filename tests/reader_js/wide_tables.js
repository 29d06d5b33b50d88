() => {
  // Tables whose last column does not fit the screen: can the reader scroll to it, and does
  // anything on screen say so (a visible note next to the table)?
  const out = [];
  for (const table of document.querySelectorAll('article table')) {
    const row = table.querySelector('tbody tr') || table.querySelector('tr');  // a body row: on a phone the header row of a table drawn as cards is hidden
    if (!row || !row.lastElementChild) continue;
    const last = row.lastElementChild.getBoundingClientRect();
    let right = document.documentElement.clientWidth, scroller = null;
    for (let n = table; n && n !== document.body; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.overflowX !== 'visible') {
        right = Math.min(right, n.getBoundingClientRect().right);
        if (!scroller && /auto|scroll/.test(s.overflowX) && n.scrollWidth > n.clientWidth + 1) scroller = n;
      }
    }
    if (last.right <= right + 1) continue;                       // the whole table fits
    const holder = (scroller || table).parentElement;
    const note = holder && holder.querySelector(':scope > .pml-scroll-note');
    out.push({caption: (table.querySelector('th') || {}).textContent || '',
              scrolls: !!scroller && scroller.scrollWidth - scroller.clientWidth >= last.right - right - 2,
              sign: !!note && note.getClientRects().length > 0,
              focusable: !!scroller && scroller.tabIndex === 0});
  }
  return out;
}
