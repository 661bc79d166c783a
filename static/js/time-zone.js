/* Tells meetadmin this browser's time zone, once per session.
   The page asks for it (data-time-zone-detect on <body>) only while the session has no zone yet, so it was drawn in
   UTC: once the zone is taken, a page in another zone is drawn again, so that no part of it (a footer saying UTC,
   rows a live update redraws in the new zone) disagrees with the rest. Not once the person has started to use the
   page (typed, clicked, left it): what they do is never thrown away, and their next page is in their zone. */
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-time-zone-detect");
  if (!url || !window.Intl || !window.fetch) {
    return;
  }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) {
    return;
  }
  var used = false;
  ["input", "keydown", "mousedown", "submit", "pagehide"].forEach(function (name) {
    window.addEventListener(name, function () { used = true; }, true);
  });
  var headers = JSON.parse(body.getAttribute("hx-headers") || "{}");
  headers["Content-Type"] = "application/x-www-form-urlencoded";
  fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: headers,
    body: "time_zone=" + encodeURIComponent(zone)
  }).then(function (response) {
    if (response.ok) {
      body.removeAttribute("data-time-zone-detect");
      if (zone !== "UTC" && !used) {
        window.location.reload();
      }
    }
  });
})();
