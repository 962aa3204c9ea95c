// The staff queue (templates/staff/queue.html); on any other page it does nothing.
// - j / k move the focus to the next / previous ticket's link (Enter then opens it, as any
//   link); keys typed into a field, or with a modifier, are left alone;
// - after the list is refreshed (the 20 s poll or a filter) the focus stays on its ticket and
//   the counts beside the filters' options follow the new list;
// - "Save view" takes the filters shown now (htmx changes the address without reloading).
(function () {
  "use strict";

  function list() { return document.getElementById("queue-list"); }

  function links() {
    var region = list();
    return region ? Array.prototype.slice.call(region.querySelectorAll("tbody tr[data-ticket] a.queue-link")) : [];
  }

  function typing(element) {
    if (!element || element === document.body) { return false; }
    var tag = element.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (!list() || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    if (event.key !== "j" && event.key !== "k") { return; }
    var all = links();
    if (!all.length) { return; }
    var row = document.activeElement && document.activeElement.closest ? document.activeElement.closest("tr[data-ticket]") : null;
    var index = row ? all.indexOf(row.querySelector("a.queue-link")) : -1;
    var next = index < 0 ? (event.key === "j" ? 0 : all.length - 1)
      : Math.min(all.length - 1, Math.max(0, index + (event.key === "j" ? 1 : -1)));
    event.preventDefault();
    all[next].focus();
    all[next].closest("tr").scrollIntoView({ block: "nearest" });
  });

  // Keep the focused ticket focused across a refresh of the list.
  var focused = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target !== list()) { return; }
    var row = document.activeElement && document.activeElement.closest ? document.activeElement.closest("#queue-list tr[data-ticket]") : null;
    focused = row ? { number: row.getAttribute("data-ticket"), index: links().indexOf(row.querySelector("a.queue-link")) } : null;
  });

  function refreshCounts() {
    var holder = list() && list().querySelector("[data-counts]");
    if (!holder) { return; }
    var counts;
    try { counts = JSON.parse(holder.getAttribute("data-counts") || "{}"); } catch (error) { return; }
    document.querySelectorAll("#queue-filters select[data-facet]").forEach(function (select) {
      var facet = counts[select.getAttribute("data-facet")] || {};
      Array.prototype.forEach.call(select.options, function (option) {
        var label = option.getAttribute("data-label");
        if (label !== null) { option.textContent = label + " (" + (facet[option.value] || 0) + ")"; }
      });
    });
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== list()) { return; }
    refreshCounts();
    if (!focused) { return; }
    var all = links();
    var again = all.filter(function (link) { return link.closest("tr").getAttribute("data-ticket") === focused.number; })[0];
    var target = again || all[Math.min(focused.index, all.length - 1)];
    if (target) { target.focus({ preventScroll: true }); }
    focused = null;
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "save-view") { return; }
    var query = form.querySelector('input[name="query"]');
    if (query) { query.value = window.location.search.replace(/^\?/, ""); }
  }, true);
})();
