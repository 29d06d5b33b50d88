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
 *    else closes it. Mouse clicks and the keyboard (Enter) still go to the reference list.
 *
 * 4. Print buttons (overrides/partials/content.html, on pages that ask for one) stay hidden
 *    until this script can make them work: no inline script, as the Content-Security-Policy
 *    allows none. The printed page says when it was printed, next to the page's address.
 *
 * 5. A table wider than the screen gets a note above it ("Scroll sideways to see the whole
 *    table") and its scroll box takes keyboard focus, so phone and keyboard readers know there
 *    is more to the right. Checked again when the box changes size. (Below 600 px, tables of
 *    three or more columns are drawn as cards instead: pml-guide.css.)
 *
 * 6. The page's sources are one closed "Sources (n)" control (a <details>). A citation's link
 *    (mouse or keyboard), or an address ending in #fn:..., opens it so the reference shows; the
 *    browser's Print opens every one (the CSS does too, where ::details-content is known).
 *
 * 7. Glossary tooltips and citation previews are made when first needed, not on load. Material's
 *    own (features content.tooltips and content.footnote.tooltips, now off in mkdocs.yml) set up
 *    every term and every citation mark as the page loads: on the natalizumab page, about a
 *    second of a phone's main thread (Lighthouse mobile, issue 22). Here one set of listeners
 *    on the document builds a single tooltip, with Material's markup and styles, for the term
 *    or mark that is hovered, focused or tapped, and removes it when the reader moves on. */
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
  function printButton(e) {
    return e.target && e.target.closest ? e.target.closest(".pml-print-button") : null;
  }
  document.addEventListener("click", function (e) {
    if (!printButton(e)) return;
    e.preventDefault();
    window.print();
  });
  document.addEventListener("keydown", function (e) {  // a link acting as a button: Space works too
    if (e.key !== " " || !printButton(e)) return;
    e.preventDefault();
    window.print();
  });
})();

(function () {
  // Month names written out: the browser's date formatting (Intl) took a phone's main thread
  // longer to start than the rest of this script together, on every page, for a line only paper shows.
  var MONTHS = {
    en: "January February March April May June July August September October November December",
    es: "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
  };

  function printedOn() {
    // In the page's language: a Spanish page (or the Spanish printed edition) says "Impreso el 5 de diciembre de 2026".
    var es = document.documentElement.lang === "es";
    var now = new Date(), month = MONTHS[es ? "es" : "en"].split(" ")[now.getMonth()];
    var text = es ? "· Impreso el " + now.getDate() + " de " + month + " de " + now.getFullYear()
      : "· Printed " + now.getDate() + " " + month + " " + now.getFullYear();
    document.querySelectorAll(".pml-printed-on").forEach(function (el) {
      el.textContent = text;
      el.hidden = false;
    });
  }

  // Whether a table is wider than its box is read when the browser lays the box out anyway
  // (a ResizeObserver: on first layout and whenever the box changes size, as when the window
  // does), not by asking for a layout while the page loads: on a phone that forced layout of the
  // whole page, and of the blocks that are off screen and not laid out until the reader gets there.
  function checkWidth(entries) {
    entries.forEach(function (entry) {
      var box = entry.target, holder = box.parentElement;
      var wide = box.scrollWidth > box.clientWidth + 1;
      holder.classList.toggle("pml-scrolls", wide);
      if (wide) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table, scrolls sideways");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  var sizes = window.ResizeObserver ? new ResizeObserver(checkWidth) : null;

  function markWideTables() {
    document.querySelectorAll(".md-typeset .md-typeset__scrollwrap").forEach(function (box) {
      var holder = box.parentElement;
      if (!holder.classList.contains("pml-scroll-holder")) {
        var wrap = document.createElement("div");
        wrap.className = "pml-scroll-holder";
        var note = document.createElement("p");
        note.className = "pml-scroll-note";
        note.textContent = "Scroll sideways to see the whole table";
        holder.insertBefore(wrap, box);
        wrap.appendChild(note);
        wrap.appendChild(box);
      }
      if (sizes) sizes.observe(box);
      else checkWidth([{target: box}]);
    });
  }

  function enhance() {
    document.querySelectorAll(".pml-print-button[hidden]").forEach(function (el) { el.hidden = false; });
    printedOn();
    markWideTables();
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (el) {
      el.setAttribute("aria-label", "Search PML Guide");
    });
    document.querySelectorAll(".md-typeset abbr[title]").forEach(function (el) {
      // A term inside a link or button is already reached with it: no tab stop inside a tab stop.
      if (el.closest("a, button, summary")) return;
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

(function () {
  function openAround(target) {
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS" && el.classList.contains("pml-sources")) el.open = true;
    }
  }
  function openForHash() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) openAround(target);
  }
  document.addEventListener("click", function (e) {
    var mark = e.target && e.target.closest ? e.target.closest("a.footnote-ref") : null;
    var href = mark ? mark.getAttribute("href") || "" : "";
    if (e.defaultPrevented || href.charAt(0) !== "#") return;  // a tap shows the reference in place
    var target = document.getElementById(decodeURIComponent(href.slice(1)));
    if (target) openAround(target);
  });
  window.addEventListener("hashchange", openForHash);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", openForHash);
  else openForHash();

  var closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = Array.prototype.filter.call(document.querySelectorAll("details.pml-sources"), function (d) { return !d.open; });
    closedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (d) { d.open = false; });
    closedForPrint = [];
  });
})();

(function () {
  var HOSTS = ".md-typeset abbr[title], .md-typeset a.footnote-ref";
  var tip = null, host = null, title = null, showing = null, hiding = null;

  function build(el) {
    var preview = el.classList.contains("footnote-ref");
    var inner = document.createElement("div");
    inner.className = "md-tooltip2__inner md-typeset";
    if (preview) {  // the reference itself, as in the list at the end of the page
      var ref = document.getElementById(decodeURIComponent((el.hash || "").slice(1)));
      if (!ref) return null;
      Array.prototype.slice.call(ref.cloneNode(true).childNodes).forEach(function (n) { inner.appendChild(n); });
    } else {
      inner.textContent = el.getAttribute("title");
    }
    var node = document.createElement("div");
    node.className = "md-tooltip2";
    node.id = "pml-tooltip";
    node.setAttribute("role", preview ? "dialog" : "tooltip");
    node.appendChild(inner);
    return node;
  }

  function place(el, node) {  // as Material places it: below a term; a preview where there is more room
    var box = el.getBoundingClientRect(), style = node.style, y;
    if (node.getAttribute("role") === "tooltip") y = 8 + box.height;
    else if (box.top >= window.innerHeight / 2) y = -16 - node.offsetHeight;
    else y = 16 + box.height;
    style.setProperty("--md-tooltip-host-x", box.left + window.scrollX + "px");
    style.setProperty("--md-tooltip-host-y", box.top + window.scrollY + "px");
    style.setProperty("--md-tooltip-x", box.width / 2 + "px");
    style.setProperty("--md-tooltip-y", y + "px");
    node.classList.toggle("md-tooltip2--top", y < 0);
    node.classList.toggle("md-tooltip2--bottom", y >= 0);
    if (node.getAttribute("role") === "tooltip") {
      style.setProperty("--md-tooltip-width", node.firstChild.getBoundingClientRect().width + "px");
      style.setProperty("--md-tooltip-tail", "0px");
    }
  }

  function hide() {
    clearTimeout(hiding);
    if (!tip) return;
    tip.remove();
    if (title !== null) host.setAttribute("title", title);
    host.removeAttribute("aria-describedby");
    host.removeAttribute("aria-controls");
    host.removeAttribute("aria-haspopup");
    tip = host = title = null;
  }

  function show(el) {
    clearTimeout(hiding);
    if (el === host) return;
    hide();
    var node = build(el);
    if (!node) return;
    tip = node;
    host = el;
    title = el.getAttribute("title");  // while shown, the browser's own tooltip stays away
    if (title !== null) el.removeAttribute("title");
    document.body.appendChild(node);
    place(el, node);
    if (node.getAttribute("role") === "dialog") {
      el.setAttribute("aria-controls", node.id);
      el.setAttribute("aria-haspopup", "dialog");
    } else {
      el.setAttribute("aria-describedby", node.id);
    }
    requestAnimationFrame(function () { if (tip === node) node.classList.add("md-tooltip2--active"); });
  }

  function later() { clearTimeout(hiding); hiding = setTimeout(hide, 250); }
  function hostOf(target) {  // the shown term has no title while its tooltip is up: it is still the host
    if (host && target && host.contains(target)) return host;
    return target && target.closest ? target.closest(HOSTS) : null;
  }
  function inTip(target) { return !!(tip && target && tip.contains(target)); }

  document.addEventListener("pointerover", function (e) {
    var el = hostOf(e.target);
    if (inTip(e.target) || (el && el === host)) { clearTimeout(hiding); return; }
    clearTimeout(showing);
    if (!el) return;
    if (el.classList.contains("footnote-ref")) showing = setTimeout(function () { show(el); }, 250);
    else show(el);
  });
  document.addEventListener("pointerout", function (e) {
    if (!hostOf(e.target) && !inTip(e.target)) return;
    if (inTip(e.relatedTarget) || (host && hostOf(e.relatedTarget) === host)) return;
    clearTimeout(showing);
    if (tip && document.activeElement !== host) later();
  });
  document.addEventListener("focusin", function (e) {
    var el = hostOf(e.target);
    if (el) show(el);
    else if (!inTip(e.target)) later();
  });
  document.addEventListener("focusout", function (e) {
    if (!inTip(e.relatedTarget) && hostOf(e.relatedTarget) !== host) later();
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  window.addEventListener("resize", hide);
})();
