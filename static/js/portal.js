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
