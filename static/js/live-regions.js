/* Focus and announcements around the parts of a page that htmx updates while it is open.

   - An element marked data-focus-on-load (an outcome message after an action) takes the focus when the page loads;
     with data-announce="polite" or "assertive" (it was settled already) its text is announced as well.
   - htmx puts the focus back on an element with the same id after a swap; when the focused element is gone from the
     new content (a button that no longer applies), the focus goes to the region that was updated (tabindex="-1"),
     never to the top of the page.
   - Announcements arrive as out-of-band swaps into #announce-polite or #announce-assertive (base.html); only the last
     few are kept, so the regions never grow. */
(function () {
  "use strict";
  var KEEP = 3;

  function announce(text, urgency) {
    var region = document.getElementById("announce-" + urgency);
    if (region && text) {
      var line = document.createElement("p");
      line.textContent = text;
      region.appendChild(line);
    }
  }

  var outcome = document.querySelector("[data-focus-on-load]");
  if (outcome) {
    outcome.focus();
    // Already settled when the page came: a live region announces only what changes, so say it once here.
    if (outcome.hasAttribute("data-announce")) {
      announce(outcome.textContent.replace(/\s+/g, " ").trim(), outcome.getAttribute("data-announce"));
    }
  }

  var regionHoldingFocus = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    regionHoldingFocus = active && active !== document.body && target && target.contains(active) ? target : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var region = regionHoldingFocus;
    regionHoldingFocus = null;
    if (!region || (document.activeElement && document.activeElement !== document.body)) {
      return;
    }
    var fallback = document.getElementById(region.id) || region;
    if (!fallback.hasAttribute("tabindex")) {
      fallback.setAttribute("tabindex", "-1");
    }
    fallback.focus({ preventScroll: true });
  });

  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var region = event.detail.target;
    if (region && region.classList.contains("announcer")) {
      while (region.children.length > KEEP) {
        region.removeChild(region.firstElementChild);
      }
    }
  });
})();
