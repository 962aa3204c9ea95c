// Sends the CSRF token with every htmx request and moves focus to new page content.
(function () {
  "use strict";
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });
  // After a boosted navigation, put keyboard and screen-reader focus on the main landmark.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.boosted) {
      var main = document.getElementById("main");
      if (main) { main.focus({ preventScroll: true }); }
    }
  });
})();

// The language switch returns to the address shown now, which htmx may have changed
// (hx-push-url) since the page was rendered.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.classList && form.classList.contains("language-switch")) {
    var next = form.querySelector('input[name="next"]');
    if (next) { next.value = window.location.pathname + window.location.search; }
  }
}, true);

// htmx 2 leaves 4xx/5xx answers unswapped, so a click would seem to do nothing. A boosted
// link or form gets a whole page (an error page, or a form re-shown with its errors as 422):
// show it as a normal navigation would. Any other htmx request gets the error fragment in the
// layout's alert region, except 422: a fragment form's own answer, which the feature that asked
// swaps where the form expects it (see prices.js).
document.addEventListener("htmx:beforeSwap", function (event) {
  var detail = event.detail;
  var status = detail.xhr.status;
  if (status < 400 || detail.shouldSwap) { return; }
  if (detail.boosted) {
    detail.shouldSwap = true;
    detail.isError = false;
    return;
  }
  var region = document.getElementById("request-error");
  if (region && status !== 422) {
    detail.shouldSwap = true;
    detail.isError = false;
    detail.target = region;
    detail.swapOverride = "innerHTML";
    detail.selectOverride = null;
    region.hidden = false;
    region.scrollIntoView({ block: "nearest" });
  }
});
// A new request clears the last error.
document.addEventListener("htmx:beforeRequest", function () {
  var region = document.getElementById("request-error");
  if (region && !region.hidden) { region.hidden = true; region.textContent = ""; }
});
