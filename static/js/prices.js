// The price calculator answers values it cannot price with 422 and a list of what is wrong;
// htmx 2 does not swap 4xx answers by default, so let this one replace the quote.
document.addEventListener("htmx:beforeSwap", function (event) {
  var target = event.detail.target;
  if (event.detail.xhr.status === 422 && target && target.id === "quote") {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// After each answer of the calculator: each error is written at its own field too, and on a
// narrow screen (the quote then sits far below the form) the total appears right under the
// part of the form that changed, with a link to the whole quote.
(function () {
  var narrow = window.matchMedia("(max-width: 900px)");

  function clearLive(form) {
    form.querySelectorAll("[data-live-error]").forEach(function (node) {
      var input = document.getElementById(node.dataset.liveError);
      if (input) {
        input.removeAttribute("aria-invalid");
        var ids = (input.getAttribute("aria-describedby") || "").split(" ")
          .filter(function (id) { return id && id !== node.id; });
        if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); }
        else { input.removeAttribute("aria-describedby"); }
      }
      node.remove();
    });
    form.querySelectorAll(".field-error:not([data-live-error])").forEach(function (node) {
      node.remove();  // errors of the page as first served: the new answer replaces them
    });
  }

  function showErrors(form, quote) {
    quote.querySelectorAll("[data-field]").forEach(function (item) {
      var input = document.getElementById(item.dataset.field);
      if (!input) { return; }
      var note = document.createElement("small");
      note.className = "field-error";
      note.id = input.id + "-live-error";
      note.dataset.liveError = input.id;
      note.textContent = item.dataset.message;
      input.insertAdjacentElement("afterend", note);
      input.setAttribute("aria-invalid", "true");
      var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      ids.push(note.id);
      input.setAttribute("aria-describedby", ids.join(" "));
    });
  }

  function showTotalNear(form, quote, changed) {
    form.querySelectorAll(".quote-near").forEach(function (node) { node.remove(); });
    var total = quote.querySelector("[data-total]");
    if (!narrow.matches || !total || !changed) { return; }
    var place = changed.closest("fieldset") || changed;
    var near = document.createElement("p");
    near.className = "quote-near";
    near.setAttribute("role", "status");
    near.append(quote.dataset.totalLabel + ": ");
    var amount = document.createElement("strong");
    amount.textContent = total.textContent;
    near.append(amount, " · ");
    var link = document.createElement("a");
    link.href = "#quote-heading";
    link.textContent = quote.dataset.seeLabel;
    near.append(link);
    place.insertAdjacentElement("afterend", near);
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var quote = event.detail.target;
    if (!quote || quote.id !== "quote") { return; }
    var form = document.querySelector(".prices-form");
    if (!form) { return; }
    var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    var changed = trigger && trigger.target && trigger.target.closest ? trigger.target : null;
    clearLive(form);
    showErrors(form, quote);
    if (quote.querySelector("[data-field]") && narrow.matches) {
      var first = form.querySelector("[data-live-error]");
      if (first && changed && !changed.closest("fieldset").contains(first)) {
        first.scrollIntoView({block: "center"});
      }
    }
    showTotalNear(form, quote, changed);
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
})();
