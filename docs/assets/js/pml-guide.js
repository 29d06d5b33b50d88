/* PML Guide's only script, small additions to Material:
 *
 * 1. Material's search overlay has role="dialog" but no accessible name (axe: aria-dialog-name),
 *    so screen readers announce an unnamed dialog. Name it.
 *
 * 2. Make glossary tooltips reachable without a mouse.
 * Material shows an <abbr> tooltip on hover only and the element cannot take focus, so keyboard
 * and touch users never see the definition. Giving each term tabindex="0" lets Material's
 * tooltip open on focus (keyboard, and tap on touch screens); aria-describedby-free: the title
 * is exposed to screen readers as the element's description, and role="term" is not needed.
 *
 * 3. A tap on a citation mark shows the reference in place. Material's footnote tooltip opens
 *    when the mark is hovered or focused, but on a touch screen the tap then follows the link
 *    and jumps to the list at the end of the page. For touch and pen taps only, the jump is
 *    cancelled and the mark focused, so the tooltip opens where the reader is; a tap anywhere
 *    else closes it. Mouse clicks and the keyboard (Enter) still go to the reference list. */
(function () {
  var pointer = "";
  document.addEventListener("pointerdown", function (e) { pointer = e.pointerType; }, true);
  document.addEventListener("keydown", function () { pointer = ""; }, true);
  document.addEventListener("click", function (e) {
    var mark = e.target && e.target.closest ? e.target.closest("a.footnote-ref") : null;
    if (!mark || (pointer !== "touch" && pointer !== "pen")) return;
    e.preventDefault();
    mark.focus();
  });
})();

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
