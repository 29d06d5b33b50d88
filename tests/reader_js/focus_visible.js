() => {
  // The focused element, and whether a sighted keyboard user can see where focus is.
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // Material's citation preview is removed 250 ms after its mark loses focus: fast tabbing can
  // pass through one that is closing. It is not part of the page.
  if (el.closest('.md-tooltip2')) return null;
  if (!el.dataset.pmlStop) el.dataset.pmlStop = String(document.querySelectorAll('[data-pml-stop]').length + 1);
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  let why = r.width >= 1 && r.height >= 1 && style.visibility !== 'hidden' ? '' : 'no box';
  // A control drawn by its label (Material's colour-scheme switch): focus shows on the label.
  const label = el.nextElementSibling;
  if (why && label && label.tagName === 'LABEL' && label.getClientRects().length &&
      getComputedStyle(label).outlineStyle !== 'none') return {id: el.dataset.pmlStop, tag: el.tagName, visible: true};
  for (let n = el; n && !why; n = n.parentElement) {
    const s = getComputedStyle(n);
    if (s.opacity === '0' || s.visibility === 'hidden' || s.display === 'none') why = 'hidden by ' + n.className;
    if (s.overflow !== 'visible' && n !== el && n !== document.documentElement && n !== document.body) {
      const b = n.getBoundingClientRect();
      if (r.right <= b.left || r.left >= b.right || r.bottom <= b.top || r.top >= b.bottom) why = 'clipped by ' + n.className;
    }
  }
  if (!why && !(r.bottom > 0 && r.right > 0 && r.left < innerWidth && r.top < innerHeight)) why = 'off screen';
  const visible = !why;
  return {id: el.dataset.pmlStop, tag: el.tagName, cls: String(el.className).slice(0, 60),
          text: (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40),
          visible, why};
}
