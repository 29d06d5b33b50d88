/* PML Guide's only script, small additions to Material:
 *
 * 1. Material's search overlay has role="dialog" but no accessible name (axe: aria-dialog-name),
 *    so screen readers announce an unnamed dialog. Name it.
 *
 * 2. Make glossary tooltips reachable without a mouse.
 * Material shows an <abbr> tooltip on hover only and the element cannot take focus, so keyboard
 * and touch users never see the definition. Giving each term tabindex="0" lets Material's
 * tooltip open on focus (keyboard, and tap on touch screens); aria-describedby-free: the title
 * is exposed to screen readers as the element's description, and role="term" is not needed. */
(function () {
  function enhance() {
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (el) {
      el.setAttribute("aria-label", "Search PML Guide");
    });
    document.querySelectorAll(".md-typeset abbr[title]").forEach(function (el) {
      if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
